/* test_asr.c: the recognition grammar is generated from the command table:
 * every phrase whose words the dictionary knows is in it, numbers are one
 * rule, and what it can produce maps back to a command. The keyboard goes
 * through the same table; the half-duplex gate sets aside what overlaps
 * the coach's sounds, widened by its lead and tail; the endpointer finds a
 * word over a steady background, loud or quiet, and does not stay in
 * speech when the background itself gets louder. Beside the phrases, the
 * "not a command" path holds ordinary words that are in no phrase. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "asr/asr.h"
#include "asr/endpoint.h"
#include "asr/selfvoice.h"
#include "check.h"
#include "session/commands.h"

static void test_keys(void)
{
    CHECK_STR(command_key(' ', false), "pause");
    CHECK_STR(command_key(' ', true), "resume");
    const char *keys = "sehryq?SE";
    command_id want[] = {CMD_SKIP, CMD_EASIER, CMD_HARDER, CMD_REPEAT, CMD_YES, CMD_STOP,
                         CMD_HELP, CMD_SKIP, CMD_EASIER};
    for (size_t i = 0; keys[i]; i++) {
        const char *ph = command_key(keys[i], false);
        CHECK(ph != NULL);
        if (ph)
            CHECK_INT(command_parse(ph).id, want[i]);
    }
    CHECK_INT(command_parse(command_key('n', false)).id, CMD_NO);
    for (int k = '0'; k <= '9'; k++) {
        command c = command_parse(command_key(k, false));
        CHECK_INT(c.id, CMD_PAIN);
        CHECK_INT(c.value, k - '0');
    }
    CHECK(command_key('x', false) == NULL);
    CHECK(command_key(27, false) == NULL);  /* escape */
    CHECK(command_key(-1, false) == NULL);
    CHECK(command_key(300, false) == NULL);
}

static void test_selfvoice(void)
{
    selfvoice *sv = selfvoice_create(10, 30);
    CHECK(!selfvoice_overlaps(sv, 0, 1000));             /* the coach has said nothing */
    selfvoice_note(sv, 1000, 2000);
    CHECK(selfvoice_overlaps(sv, 1500, 1600));           /* inside */
    CHECK(selfvoice_overlaps(sv, 500, 1000));            /* ends as the coach starts */
    CHECK(selfvoice_overlaps(sv, 500, 990));             /* within the lead */
    CHECK(!selfvoice_overlaps(sv, 500, 989));
    CHECK(selfvoice_overlaps(sv, 2030, 2500));           /* within the tail */
    CHECK(!selfvoice_overlaps(sv, 2031, 2500));
    CHECK(selfvoice_overlaps(sv, 0, 5000));              /* spans it */
    /* it remembers the last 64 sounds */
    for (uint64_t i = 0; i < 64; i++)
        selfvoice_note(sv, 10000 + i * 1000, 10000 + i * 1000 + 100);
    CHECK(!selfvoice_overlaps(sv, 1500, 1600));          /* forgotten */
    CHECK(selfvoice_overlaps(sv, 10050, 10060));
    CHECK(!selfvoice_overlaps(sv, 10200, 10900));        /* a gap */
    selfvoice_destroy(sv);
    selfvoice_destroy(NULL);
}

/* A frame of noise at amplitude amp, plus a 440 Hz tone at tone (0: none). */
static void frame_of(int16_t *x, double amp, double tone, unsigned *seed, long *phase)
{
    for (int i = 0; i < ENDPOINT_FRAME; i++) {
        *seed = *seed * 1103515245u + 12345u;
        double r = ((double)((*seed >> 8) & 0xffff) / 32768.0 - 1.0) * amp;
        double t = tone * sin(2 * M_PI * 440.0 * (double)(*phase)++ / 16000.0);
        x[i] = (int16_t)lround(r + t);
    }
}

/* Runs frames [0, n) with background amp (bg_step from frame step_at) and
 * the tone at tone amplitude during [on, off); counts the segments and
 * records the first start and end frames. */
static int segments(endpoint *e, int n, double bg, double bg_step, int step_at, double tone, int on,
                    int off, int *start, int *end)
{
    unsigned seed = 7;
    long phase = 0;
    int16_t x[ENDPOINT_FRAME];
    int count = 0;
    *start = *end = -1;
    endpoint_reset(e);
    for (int f = 0; f < n; f++) {
        frame_of(x, f >= step_at ? bg_step : bg, f >= on && f < off ? tone : 0, &seed, &phase);
        endpoint_event ev = endpoint_frame(e, x);
        if (ev == EP_START && count++ == 0)
            *start = f;
        if (ev == EP_END && *end < 0)
            *end = f;
    }
    return count;
}

static void test_endpoint(void)
{
    endpoint *e = NULL;
    endpoint_config c = endpoint_config_default();
    c.end_frames = 0;
    CHECK_INT(endpoint_create(&c, &e), COACH_ERR_USAGE);
    CHECK_INT(endpoint_create(NULL, &e), COACH_OK);
    int start, end;
    /* a 0.6 s word 30 dB over a quiet floor, at 3 s */
    CHECK_INT(segments(e, 600, 30, 30, 600, 1000, 300, 360, &start, &end), 1);
    CHECK(start >= 300 && start <= 306);
    CHECK(end >= 360 + 20 && end <= 360 + 26);
    CHECK(!endpoint_in_speech(e));
    /* the same word only 10 dB over a loud background: still found */
    CHECK_INT(segments(e, 600, 1000, 1000, 600, 3000, 300, 360, &start, &end), 1);
    CHECK(start >= 300 && start <= 306);
    CHECK(end >= 360 + 20 && end <= 360 + 30);
    /* only 3 dB over it: not speech */
    CHECK_INT(segments(e, 600, 1000, 1000, 600, 1000, 300, 360, &start, &end), 0);
    /* the background steps up 20 dB for good: one segment at most, and it
     * ends once the floor has followed (within the 3 s window) */
    CHECK(segments(e, 900, 100, 1000, 300, 0, 0, 0, &start, &end) <= 1);
    CHECK(!endpoint_in_speech(e));
    CHECK(start < 0 || (end > start && end < 300 + 300));
    /* the quiet after a word is counted frame by frame; speech ended early
     * is over, and the next word is found as well */
    unsigned seed = 9;
    long phase = 0;
    int16_t x[ENDPOINT_FRAME];
    endpoint_reset(e);
    int quiet_at_12 = -1, starts = 0;
    for (int f = 0; f < 700; f++) {
        frame_of(x, 30, (f >= 300 && f < 360) || (f >= 500 && f < 560) ? 1000 : 0, &seed, &phase);
        starts += endpoint_frame(e, x) == EP_START;
        if (endpoint_in_speech(e) && endpoint_quiet_frames(e) == 12 && quiet_at_12 < 0) {
            quiet_at_12 = f;
            endpoint_end(e);
            CHECK(!endpoint_in_speech(e));
            CHECK_INT(endpoint_quiet_frames(e), 0);
        }
    }
    CHECK(quiet_at_12 >= 360 + 12 && quiet_at_12 <= 360 + 18);
    CHECK_INT(starts, 2);
    CHECK(!endpoint_in_speech(e));
    endpoint_destroy(e);
    endpoint_destroy(NULL);
}

/* Runs 9 s of a background voice (a tone 300 ms on, 150 ms off, over a
 * faint noise: its pauses keep the floor low, too short to end its
 * speech) with a word at amplitude word over it from frame 400 to 450;
 * records the first start, the first restart, and the first end after
 * the word. */
static void over_background(endpoint *e, double word, int *start, int *restart, int *end)
{
    unsigned seed = 11;
    long phase = 0;
    int16_t x[ENDPOINT_FRAME];
    *start = *restart = *end = -1;
    endpoint_reset(e);
    for (int f = 0; f < 900; f++) {
        double tone = f >= 400 && f < 450 ? word : f % 45 < 30 ? 300 : 0;
        frame_of(x, 10, tone, &seed, &phase);
        endpoint_event ev = endpoint_frame(e, x);
        if (ev == EP_START && *start < 0)
            *start = f;
        if (ev == EP_RESTART && *restart < 0)
            *restart = f;
        if (ev == EP_END && *end < 0 && f >= 450)
            *end = f;
    }
}

/* A voice far louder than the speech going on (a TV, talk across the
 * room) starts an utterance of its own, which ends when it stops, though
 * the background talks on; one not much louder is part of it. */
static void test_endpoint_background(void)
{
    endpoint *e = NULL;
    CHECK_INT(endpoint_create(NULL, &e), COACH_OK);
    int start, restart, end;
    /* 26 dB over the background: a restart within 60 ms, an end within
     * 350 ms of the word's */
    over_background(e, 6000, &start, &restart, &end);
    CHECK(start >= 0 && start < 100); /* its second syllable: the floor has heard a pause */
    CHECK(restart >= 400 && restart <= 406);
    CHECK(end >= 450 + 20 && end <= 450 + 35);
    /* 9.5 dB over it: no restart */
    over_background(e, 900, &start, &restart, &end);
    CHECK(start >= 0 && start < 100); /* its second syllable: the floor has heard a pause */
    CHECK_INT(restart, -1);
    endpoint_destroy(e);
    /* off (jump_db 0): the word is swallowed by the background's speech */
    endpoint_config c = endpoint_config_default();
    c.jump_db = 0;
    CHECK_INT(endpoint_create(&c, &e), COACH_OK);
    over_background(e, 6000, &start, &restart, &end);
    CHECK_INT(restart, -1);
    CHECK_INT(end, -1);
    endpoint_destroy(e);
}

int main(void)
{
    test_keys();
    test_selfvoice();
    test_endpoint();
    test_endpoint_background();
    asr_config def = asr_config_default();
    CHECK(def.min_seconds > 0 && def.min_seconds < def.max_seconds);
    coach_diags *d = coach_diags_create();
    /* no phrases: the recogniser refuses to start, with a sentence */
    asr *nothing = NULL;
    CHECK_INT(asr_create(&def, &nothing, d), COACH_ERR_USAGE);
    CHECK(nothing == NULL && coach_diags_count(d) == 1);
    coach_diags_destroy(d);
    d = coach_diags_create();
    /* the phrases come as data from the command table, a context at a time */
    const char *session_phrases[COMMAND_PHRASES_MAX], *menu_phrases[COMMAND_PHRASES_MAX];
    def.n_phrases = command_phrases(COMMAND_SESSION, session_phrases, COMMAND_PHRASES_MAX);
    def.phrases = session_phrases;
    CHECK(def.n_phrases > 50 && def.n_phrases < COMMAND_PHRASES_MAX);
    size_t n_menu = command_phrases(COMMAND_MENU, menu_phrases, COMMAND_PHRASES_MAX);
    CHECK(n_menu > 10 && n_menu < COMMAND_PHRASES_MAX);
    /* a model folder that was named (coach listen --model) and holds none:
     * no input, with a sentence saying what it should hold (Debian's
     * missing is COACH_ERR_UNAVAILABLE: install it) */
    asr_config bad = def;
    bad.model_dir = "/nonexistent";
    asr *none = NULL;
    CHECK_INT(asr_create(&bad, &none, d), COACH_ERR_NO_INPUT);
    CHECK(none == NULL);
    CHECK(coach_diags_count(d) == 1 && strstr(coach_diags_get(d, 0)->message, "cmudict-en-us.dict") != NULL);
    coach_diags_destroy(d);
    d = coach_diags_create();
    asr *a = NULL;
    CHECK_INT(asr_create(&def, &a, d), COACH_OK);
    coach_diags_print(d, stderr);
    if (!a)
        CHECK_DONE();
    const char *g = asr_grammar(a);
    CHECK_CONTAINS(g, "#JSGF V1.0;");
    CHECK_CONTAINS(g, "<number> = zero | one | two | three | four | five | six | seven | eight | nine | ten;");
    CHECK_CONTAINS(g, "pain <number>");
    CHECK_CONTAINS(g, "public <command> = skip | next |");
    CHECK_CONTAINS(g, "make it easier");
    CHECK_CONTAINS(g, "speak slower");
    CHECK_CONTAINS(g, "bladder changes");
    /* every phrase of the table is in the grammar (the dictionary knows all
     * their words today; a phrase with an unknown word would be left out
     * whole, and this check would name it), and each, as said, is its
     * command */
    command_id id;
    const char *ph;
    for (size_t i = 0; (ph = command_phrase(i, &id)) != NULL; i++) {
        char said[300];
        command_phrase_fill(ph, "six", said, sizeof said);
        CHECK(command_parse(said).id == id);
        if (!(command_phrase_contexts(i) & COMMAND_SESSION))
            continue;
        char want[300];
        command_phrase_fill(ph, "<number>", want, sizeof want);
        if (!strstr(g, want))
            fprintf(stderr, "not in the grammar: %s\n", want);
        CHECK(strstr(g, want) != NULL);
    }
    /* the "not a command" path: ordinary words, none of them a word of a
     * phrase (or a number), so that no command can be explained away by it */
    const char *talk = strstr(g, "<talk> = ");
    CHECK(talk != NULL);
    if (talk) {
        CHECK_CONTAINS(talk, "| really |");
        CHECK_CONTAINS(talk, "| people |");
        char words[8192];
        snprintf(words, sizeof words, "%s", talk + strlen("<talk> = "));
        char *end = strchr(words, ';');
        if (end)
            *end = '\0';
        static const char *const number_words[] = {"zero", "one", "two", "three", "four", "five",
                                                   "six", "seven", "eight", "nine", "ten"};
        size_t n_talk = 0, clashes = 0;
        for (char *save = NULL, *w = strtok_r(words, " |", &save); w; w = strtok_r(NULL, " |", &save)) {
            n_talk++;
            for (size_t k = 0; k < 11; k++)
                clashes += strcmp(w, number_words[k]) == 0;
            for (size_t i = 0; (ph = command_phrase(i, &id)) != NULL; i++) {
                if (!(command_phrase_contexts(i) & COMMAND_SESSION))
                    continue;
                char said[300], *save2 = NULL;
                command_phrase_fill(ph, "six", said, sizeof said);
                for (char *p = strtok_r(said, " ", &save2); p; p = strtok_r(NULL, " ", &save2)) {
                    if (strcmp(p, w) == 0) {
                        fprintf(stderr, "talk word '%s' is in the phrase '%s'\n", w, ph);
                        clashes++;
                    }
                }
            }
        }
        CHECK_INT(clashes, 0);
        CHECK(n_talk > 150 && n_talk < 250);
    }
    /* without it (talk_word 0) there is no such rule */
    asr_config plain = def;
    plain.talk_word = 0;
    asr *p0 = NULL;
    CHECK_INT(asr_create(&plain, &p0, d), COACH_OK);
    if (p0) {
        CHECK(strstr(asr_grammar(p0), "<talk>") == NULL);
        asr_destroy(p0);
    }
    /* the menu's words are not in a session's grammar, and a session's own
     * are not in the menu's: each context hears only its phrases */
    CHECK(strstr(g, "| settings") == NULL && strstr(g, "| quit") == NULL);
    asr_config mc = asr_config_default();
    mc.phrases = menu_phrases;
    mc.n_phrases = n_menu;
    asr *m = NULL;
    CHECK_INT(asr_create(&mc, &m, d), COACH_OK);
    if (m) {
        const char *mg = asr_grammar(m);
        CHECK_CONTAINS(mg, "| settings");
        CHECK_CONTAINS(mg, "| go back");
        CHECK_CONTAINS(mg, "| speak faster");
        CHECK(strstr(mg, "easier") == NULL && strstr(mg, "numbness") == NULL);
        asr_destroy(m);
    }
    CHECK(command_in_context(CMD_START, COMMAND_MENU) && !command_in_context(CMD_START, COMMAND_SESSION));
    CHECK(command_in_context(CMD_REPEAT, COMMAND_MENU) && command_in_context(CMD_REPEAT, COMMAND_SESSION));
    /* the amounts of time (the tracking questions' answers) are in the
     * grammar of a session that asks those questions, and in no other;
     * "five minutes" is an amount, never pain five */
    CHECK(strstr(g, "half an hour") == NULL && strstr(g, "<number> minutes") == NULL);
    CHECK(command_in_context(CMD_AMOUNT, COMMAND_TRACKING) && !command_in_context(CMD_AMOUNT, COMMAND_SESSION));
    const char *track_phrases[COMMAND_PHRASES_MAX];
    asr_config tc = def;
    tc.phrases = track_phrases;
    tc.n_phrases = command_phrases(COMMAND_SESSION | COMMAND_TRACKING, track_phrases, COMMAND_PHRASES_MAX);
    CHECK(tc.n_phrases > def.n_phrases && tc.n_phrases < COMMAND_PHRASES_MAX);
    asr *t = NULL;
    CHECK_INT(asr_create(&tc, &t, d), COACH_OK);
    if (t) {
        const char *tg = asr_grammar(t);
        for (size_t i = 0; (ph = command_phrase(i, &id)) != NULL; i++) {
            char want[300];
            command_phrase_fill(ph, "<number>", want, sizeof want);
            if ((command_phrase_contexts(i) & COMMAND_TRACKING) && !strstr(tg, want))
                fprintf(stderr, "not in the tracking grammar: %s\n", want);
            CHECK(!(command_phrase_contexts(i) & COMMAND_TRACKING) || strstr(tg, want) != NULL);
        }
        asr_destroy(t);
    }
    command c5 = command_parse("five minutes");
    CHECK(c5.id == CMD_AMOUNT && c5.value == 5);
    c5 = command_parse("an hour and a half");
    CHECK(c5.id == CMD_AMOUNT && c5.value == 90);
    c5 = command_parse("Half an hour.");
    CHECK(c5.id == CMD_AMOUNT && c5.value == 30);
    CHECK(command_parse("pain five minutes").id == CMD_NONE);
    CHECK(command_parse("five").id == CMD_NUMBER);
    CHECK(command_parse("eleven minutes").id == CMD_NONE);
    /* listening set to attention: the commands after "coach"; the answers
     * and the red flags as they are */
    static command_grammar att;
    command_grammar_make(&att, COMMAND_SESSION, true);
    CHECK_INT(att.n, def.n_phrases);
    bool coach_skip = false, plain_yes = false, plain_flag = false, plain_skip = false;
    for (size_t i = 0; i < att.n; i++) {
        coach_skip = coach_skip || strcmp(att.phrase[i], "coach skip") == 0;
        plain_skip = plain_skip || strcmp(att.phrase[i], "skip") == 0;
        plain_yes = plain_yes || strcmp(att.phrase[i], "yes") == 0;
        plain_flag = plain_flag || strcmp(att.phrase[i], "my leg is numb") == 0;
        char said[300];
        command_phrase_fill(att.phrase[i], "six", said, sizeof said);
        command c = command_parse(said);
        CHECK(c.id != CMD_NONE && (strncmp(att.phrase[i], "coach ", 6) == 0) == command_needs_attention(c.id));
    }
    CHECK(coach_skip && !plain_skip && plain_yes && plain_flag);
    /* the kiosk's "start" needs no attention word */
    command_grammar_make(&att, COMMAND_SESSION | COMMAND_KIOSK, true);
    bool plain_start = false;
    for (size_t i = 0; i < att.n; i++)
        plain_start = plain_start || strcmp(att.phrase[i], "start") == 0;
    CHECK(plain_start);
    char filled[64];
    command_phrase_fill("pain is <n> now", "six", filled, sizeof filled);
    CHECK_STR(filled, "pain is six now");
    asr_destroy(a);
    coach_diags_destroy(d);
    CHECK_DONE();
}
