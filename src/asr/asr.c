/* asr.c: PocketSphinx with a grammar made from the command table. */
#include "asr.h"

#include <pocketsphinx.h>
#include <speex/speex_preprocess.h>
#include <stdbool.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "endpoint.h"
#include "talkwords.h"

#define DEFAULT_MODELS "/usr/share/pocketsphinx/model/en-us"
/* audio is decoded 20 ms at a time, so an utterance ends on a 20 ms step
 * whatever the caller's block size */
enum { CHUNK = 320 };
/* sound kept from before speech is found, so its first sounds are decoded */
enum { PREROLL = 4800 };

struct asr {
    ps_decoder_t *ps;      /* the command grammar */
    ps_decoder_t *ph;      /* free phone decoding: the competitor */
    cmd_ln_t *config, *ph_config;
    asr_config cfg;
    char *grammar;
    /* the "not a command" words in the search (talk words minus the
     * phrases' own), sorted for bsearch */
    char **talk;
    size_t n_talk;
    /* with vad_early only: every phrase in the grammar, "<n>" written out
     * as each number, sorted for bsearch: an utterance whose words so far
     * are one of them may end early */
    char **whole;
    size_t n_whole;
    double longest_s;        /* the longest an utterance may last: the longest phrase's */
    SpeexPreprocessState *pre; /* noise suppression, or NULL */
    endpoint *ep;          /* where utterances start and end */
    int start_frames;      /* its frames of speech before it says so */
    bool in_utt;           /* the decoders are in an utterance */
    uint64_t fed;          /* samples fed so far */
    uint64_t speech_start; /* sample where the current utterance began */
    double utt_power, utt_floor; /* its frames' summed power (linear), the floor at its start, dB */
    int utt_frames;
    int16_t buf[CHUNK];
    size_t nbuf;           /* samples waiting in buf for a whole chunk */
    int16_t preroll[PREROLL]; /* the last PREROLL samples fed (ring) */
    size_t pre_at;
};

static const char *const numbers[] = {"zero", "one", "two", "three", "four", "five",
                                      "six", "seven", "eight", "nine", "ten"};

/* True when every word of phrase is in the decoder's dictionary. */
static bool known(ps_decoder_t *ps, const char *phrase)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", phrase);
    /* strtok_r: the decoder is made on the microphone's opener thread
     * while the control thread runs */
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (strcmp(w, "<n>") == 0)
            continue;
        char *pron = ps_lookup_word(ps, w);
        if (!pron)
            return false;
        ckd_free(pron);
    }
    return true;
}

/* The grammar's text, in JSGF notation: every phrase given whose words the dictionary knows,
 * "<n>" standing for a number from zero to ten. */
static char *make_grammar(ps_decoder_t *ps, const char *const *phrases, size_t n)
{
    size_t cap = 8192, used = 0;
    char *g = malloc(cap);
    if (!g)
        return NULL;
    used += (size_t)snprintf(g, cap, "#JSGF V1.0;\ngrammar coach;\n<number> = ");
    for (int i = 0; i <= 10; i++)
        used += (size_t)snprintf(g + used, cap - used, "%s%s", i ? " | " : "", numbers[i]);
    used += (size_t)snprintf(g + used, cap - used, ";\npublic <command> = ");
    bool first = true;
    for (size_t i = 0; i < n; i++) {
        const char *ph = phrases[i];
        if (!known(ps, ph))
            continue;
        char out[300];
        const char *slot = strstr(ph, "<n>");
        if (slot)
            snprintf(out, sizeof out, "%.*s<number>%s", (int)(slot - ph), ph, slot + 3);
        else
            snprintf(out, sizeof out, "%s", ph);
        if (used + strlen(out) + 8 >= cap) {
            cap *= 2;
            char *ng = realloc(g, cap);
            if (!ng) {
                free(g);
                return NULL;
            }
            g = ng;
        }
        used += (size_t)snprintf(g + used, cap - used, "%s%s", first ? "" : " | ", out);
        first = false;
    }
    snprintf(g + used, cap - used, ";\n");
    return g;
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* True when w is one of the "not a command" words in the search. */
static bool is_talk(const asr *a, const char *w)
{
    return a->n_talk > 0 && bsearch(&w, a->talk, a->n_talk, sizeof *a->talk, cmp_str) != NULL;
}

/* Words of phrase, split at spaces into words[] (at most max); returns how
 * many. copy holds them. */
static size_t split_words(const char *phrase, char *copy, size_t cap, char **words, size_t max)
{
    snprintf(copy, cap, "%s", phrase);
    size_t n = 0;
    for (char *save = NULL, *w = strtok_r(copy, " ", &save); w && n < max; w = strtok_r(NULL, " ", &save))
        words[n++] = w;
    return n;
}

/* Fills a->whole with every phrase of phrases the dictionary knows, each
 * "<n>" written out as each number, sorted. */
static coach_err list_whole(asr *a, const char *const *phrases, size_t n)
{
    a->whole = calloc(n * 11 + 1, sizeof *a->whole);
    if (!a->whole)
        return COACH_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        if (!known(a->ps, phrases[i]))
            continue;
        const char *slot = strstr(phrases[i], "<n>");
        for (int k = 0; k <= (slot ? 10 : 0); k++) {
            char out[300];
            if (slot)
                snprintf(out, sizeof out, "%.*s%s%s", (int)(slot - phrases[i]), phrases[i],
                         numbers[k], slot + 3);
            else
                snprintf(out, sizeof out, "%s", phrases[i]);
            if (!(a->whole[a->n_whole] = strdup(out)))
                return COACH_ERR_NOMEM;
            a->n_whole++;
        }
    }
    qsort(a->whole, a->n_whole, sizeof *a->whole, cmp_str);
    return COACH_OK;
}

/* True when the words heard so far in the utterance are one whole phrase
 * (a partial hypothesis: nothing of the "not a command" path, nothing
 * before or after). */
static bool heard_whole(asr *a)
{
    const char *hyp = ps_get_hyp(a->ps, NULL);
    return hyp && *hyp && a->n_whole > 0 &&
           bsearch(&hyp, a->whole, a->n_whole, sizeof *a->whole, cmp_str) != NULL;
}

/* The talk words that are not words of any phrase and that the dictionary
 * knows, sorted: the "not a command" path's vocabulary. */
static coach_err pick_talk(asr *a, const char *const *phrases, size_t n)
{
    a->talk = calloc(asr_talk_words_n, sizeof *a->talk);
    if (!a->talk)
        return COACH_ERR_NOMEM;
    for (size_t t = 0; t < asr_talk_words_n; t++) {
        const char *w = asr_talk_words[t];
        bool in_phrase = false;
        for (size_t i = 0; i < n && !in_phrase; i++) {
            char copy[256], *words[32];
            size_t k = split_words(phrases[i], copy, sizeof copy, words, 32);
            for (size_t j = 0; j < k && !in_phrase; j++) {
                if (strcmp(words[j], "<n>") == 0) {
                    for (int d = 0; d <= 10; d++)
                        in_phrase = in_phrase || strcmp(w, numbers[d]) == 0;
                } else {
                    in_phrase = strcmp(w, words[j]) == 0;
                }
            }
        }
        if (in_phrase || !known(a->ps, w))
            continue;
        a->talk[a->n_talk] = strdup(w);
        if (!a->talk[a->n_talk])
            return COACH_ERR_NOMEM;
        a->n_talk++;
    }
    qsort(a->talk, a->n_talk, sizeof *a->talk, cmp_str);
    return COACH_OK;
}

/* Appends the "not a command" path to the grammar's text, in JSGF's
 * notation (the search itself is built by make_fsg); frees g and returns
 * NULL when out of memory. */
static char *describe_talk(char *g, char *const *talk, size_t n)
{
    size_t need = strlen(g) + 64;
    for (size_t i = 0; i < n; i++)
        need += strlen(talk[i]) + 3;
    char *ng = realloc(g, need);
    if (!ng) {
        free(g);
        return NULL;
    }
    size_t used = strlen(ng);
    used += (size_t)snprintf(ng + used, need - used, "<talk> = ");
    for (size_t i = 0; i < n; i++)
        used += (size_t)snprintf(ng + used, need - used, "%s%s", i ? " | " : "", talk[i]);
    snprintf(ng + used, need - used, ";\n/* not a command: <talk>+ */\n");
    return ng;
}

/* The search: a finite-state grammar with a path for every phrase given
 * (whose words the dictionary knows) from its start to its end, and, when
 * talk_word > 0, a weighted loop of ordinary words beside them: speech that
 * is not a command is explained by ordinary words instead of being forced
 * into the nearest command. Built here, not as JSGF, because 0.8+5prealpha
 * ignores the weights of JSGF alternatives. */
static fsg_model_t *make_fsg(asr *a, const char *const *phrases, size_t n)
{
    logmath_t *lmath = ps_get_logmath(a->ps);
    float32 lw = cmd_ln_float32_r(a->config, "-lw");
    int32 n_state = 4; /* start, end, and the talk loop's two */
    for (size_t i = 0; i < n; i++) {
        char copy[256], *words[32];
        size_t k = split_words(phrases[i], copy, sizeof copy, words, 32);
        if (k > 0 && known(a->ps, phrases[i]))
            n_state += (int32)k - 1;
    }
    fsg_model_t *f = fsg_model_init("commands", lmath, lw, n_state);
    if (!f)
        return NULL;
    f->start_state = 0;
    f->final_state = 1;
    int32 next = 4;
    for (size_t i = 0; i < n; i++) {
        char copy[256], *words[32];
        size_t k = split_words(phrases[i], copy, sizeof copy, words, 32);
        if (k == 0 || !known(a->ps, phrases[i]))
            continue;
        int32 from = 0;
        for (size_t j = 0; j < k; j++) {
            int32 to = j + 1 == k ? 1 : next++;
            if (strcmp(words[j], "<n>") == 0) {
                for (int d = 0; d <= 10; d++)
                    fsg_model_trans_add(f, from, to, 0, fsg_model_word_add(f, numbers[d]));
            } else {
                fsg_model_trans_add(f, from, to, 0, fsg_model_word_add(f, words[j]));
            }
            from = to;
        }
    }
    if (a->cfg.talk_word > 0 && a->n_talk > 0) {
        int32 enter = (int32)(logmath_log(lmath, a->cfg.talk_enter) * lw);
        int32 word = (int32)(logmath_log(lmath, a->cfg.talk_word) * lw);
        fsg_model_null_trans_add(f, 0, 2, enter);
        for (size_t t = 0; t < a->n_talk; t++)
            fsg_model_trans_add(f, 2, 3, word, fsg_model_word_add(f, a->talk[t]));
        fsg_model_null_trans_add(f, 3, 2, 0);
        fsg_model_null_trans_add(f, 3, 1, 0);
    }
    return f;
}

/* Chosen with tests/bench/bench_asr.sh (docs/recognition.md): noise
 * suppression at 15 dB took pink noise at 10 dB SNR from 72% to 93%
 * without hurting clean speech; 2.0 s at most, or 0.45 s a word for a
 * phrase of more words (the red flags in ordinary words); 20 frames of trailing
 * silence end an utterance about 225 ms after the speech (median); ending
 * after 12 or 16 once the words so far are a whole phrase (80 or 40 ms
 * sooner) doubled, or added half again to, the false commands in ordinary
 * talk, so it is off. The
 * "not a command" path at 1e-4 a word with a confidence floor of -50 (the
 * path draws every command's confidence down by about ten) took false
 * commands in ordinary talk from 9 to 3 in 13.4 minutes, held clean speech
 * and pink noise, and in babble at 10 dB halved the wrong commands; the
 * nearly-a-command band keeps its width of 15 below the floor. */
asr_config asr_config_default(void)
{
    asr_config c = {
        .model_dir = NULL,
        .min_seconds = 0.25,
        .max_seconds = 2.0,
        .seconds_per_word = 0.45,
        .min_confidence = -50,
        .vad_postspeech = 20,
        .vad_early = 0,
        .vad_threshold = 8.0,
        .denoise = 15,
        .near_confidence = -65,
        .near_over_floor_db = 15.0,
        .talk_enter = 1.0,
        .talk_word = 1e-4,
    };
    return c;
}

coach_err asr_create(const asr_config *cfg, asr **out, coach_diags *diags)
{
    *out = NULL;
    if (!cfg || !cfg->phrases || cfg->n_phrases == 0) {
        coach_diags_add(diags, NULL, 0, 0, "internal: the recogniser was given no phrases to listen for");
        return COACH_ERR_USAGE;
    }
    const char *dir = cfg->model_dir ? cfg->model_dir : DEFAULT_MODELS;
    char hmm[1024], dict[1024], phones[1024];
    snprintf(hmm, sizeof hmm, "%s/en-us", dir);
    snprintf(dict, sizeof dict, "%s/cmudict-en-us.dict", dir);
    snprintf(phones, sizeof phones, "%s/en-us-phone.lm.bin", dir);
    struct stat st;
    if (stat(hmm, &st) != 0 || stat(dict, &st) != 0 || stat(phones, &st) != 0) {
        if (cfg->model_dir) {
            coach_diags_add(diags, dir, 0, 0,
                            "this folder does not hold a speech recognition model as Debian's "
                            "pocketsphinx-en-us lays it out (en-us/, cmudict-en-us.dict, "
                            "en-us-phone.lm.bin)");
            return COACH_ERR_NO_INPUT;
        }
        coach_diags_add(diags, dir, 0, 0,
                        "the speech recognition models are missing (install pocketsphinx-en-us)");
        return COACH_ERR_UNAVAILABLE;
    }
    asr *a = calloc(1, sizeof *a);
    if (!a)
        return COACH_ERR_NOMEM;
    a->cfg = *cfg;
    /* the endpointer decides where utterances are: the decoders take
     * every frame they are given */
    a->config = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", hmm, "-dict", dict, "-logfn",
                            "/dev/null", "-remove_silence", "no", NULL);
    a->ps = a->config ? ps_init(a->config) : NULL;
    /* the same front end (so the same frames), decoding phones freely */
    a->ph_config = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", hmm, "-allphone", phones, "-allphone_ci", "yes",
                               "-logfn", "/dev/null", "-remove_silence", "no", NULL);
    a->ph = a->ph_config ? ps_init(a->ph_config) : NULL;
    endpoint_config ec = endpoint_config_default();
    ec.start_db = cfg->vad_threshold;
    ec.end_frames = cfg->vad_postspeech;
    a->start_frames = ec.start_frames;
    coach_err err = endpoint_create(&ec, &a->ep);
    if (err != COACH_OK) {
        coach_diags_add(diags, NULL, 0, 0, "the end of speech must be at least one frame");
        asr_destroy(a);
        return err;
    }
    if (!a->ps || !a->ph) {
        coach_diags_add(diags, dir, 0, 0, "the speech recogniser could not start");
        asr_destroy(a);
        return COACH_ERR_UNAVAILABLE;
    }
    if (cfg->denoise > 0) {
        a->pre = speex_preprocess_state_init(CHUNK, 16000);
        int on = 1, level = -cfg->denoise;
        if (a->pre) {
            speex_preprocess_ctl(a->pre, SPEEX_PREPROCESS_SET_DENOISE, &on);
            speex_preprocess_ctl(a->pre, SPEEX_PREPROCESS_SET_NOISE_SUPPRESS, &level);
        }
    }
    a->grammar = make_grammar(a->ps, cfg->phrases, cfg->n_phrases);
    a->longest_s = cfg->max_seconds;
    for (size_t i = 0; i < cfg->n_phrases; i++) {
        char copy[256], *words[32];
        double s = cfg->seconds_per_word * (double)split_words(cfg->phrases[i], copy, sizeof copy, words, 32);
        a->longest_s = s > a->longest_s ? s : a->longest_s;
    }
    if (pick_talk(a, cfg->phrases, cfg->n_phrases) != COACH_OK ||
        (cfg->vad_early > 0 && list_whole(a, cfg->phrases, cfg->n_phrases) != COACH_OK)) {
        asr_destroy(a);
        return COACH_ERR_NOMEM;
    }
    if (a->grammar && cfg->talk_word > 0 && a->n_talk > 0)
        a->grammar = describe_talk(a->grammar, a->talk, a->n_talk);
    fsg_model_t *fsg = a->grammar ? make_fsg(a, cfg->phrases, cfg->n_phrases) : NULL;
    /* the search keeps its own reference to the grammar */
    int set = fsg ? ps_set_fsg(a->ps, "commands", fsg) : -1;
    if (fsg)
        fsg_model_free(fsg);
    if (set != 0 || ps_set_search(a->ps, "commands") != 0) {
        coach_diags_add(diags, NULL, 0, 0, "internal: the command grammar was refused");
        asr_destroy(a);
        return COACH_ERR_INTERNAL;
    }
    *out = a;
    return COACH_OK;
}

void asr_destroy(asr *a)
{
    if (!a)
        return;
    if (a->ps)
        ps_free(a->ps);
    if (a->ph)
        ps_free(a->ph);
    if (a->config)
        cmd_ln_free_r(a->config);
    if (a->ph_config)
        cmd_ln_free_r(a->ph_config);
    if (a->pre)
        speex_preprocess_state_destroy(a->pre);
    endpoint_destroy(a->ep);
    free(a->grammar);
    for (size_t i = 0; i < a->n_talk; i++)
        free(a->talk[i]);
    free(a->talk);
    for (size_t i = 0; i < a->n_whole; i++)
        free(a->whole[i]);
    free(a->whole);
    free(a);
}

const char *asr_grammar(const asr *a)
{
    return a->grammar;
}

/* True for the decoder's non-words: silence, breath and noise fillers. */
static bool filler(const char *w)
{
    return w[0] == '<' || w[0] == '[' || strcmp(w, "SIL") == 0 || strcmp(w, "+SPN+") == 0 ||
           (w[0] == '+' && w[strlen(w) - 1] == '+');
}

/* The acoustic score of the best path's words (fillers left out), and
 * the first and last frames they span. */
static int64_t words_score(ps_decoder_t *ps, int *first, int *last)
{
    int64_t sum = 0;
    *first = INT_MAX, *last = -1;
    for (ps_seg_t *seg = ps_seg_iter(ps); seg; seg = ps_seg_next(seg)) {
        if (filler(ps_seg_word(seg)))
            continue;
        int sf, ef;
        ps_seg_frames(seg, &sf, &ef);
        *first = sf < *first ? sf : *first;
        *last = ef > *last ? ef : *last;
        int32 ascr = 0, lscr = 0, lback = 0;
        ps_seg_prob(seg, &ascr, &lscr, &lback);
        sum += ascr;
    }
    return sum;
}

/* The acoustic score of the best path's segments within frames [first, last]. */
static int64_t span_score(ps_decoder_t *ps, int first, int last)
{
    int64_t sum = 0;
    for (ps_seg_t *seg = ps_seg_iter(ps); seg; seg = ps_seg_next(seg)) {
        int sf, ef;
        ps_seg_frames(seg, &sf, &ef);
        if (sf < first || ef > last)
            continue;
        int32 ascr = 0, lscr = 0, lback = 0;
        ps_seg_prob(seg, &ascr, &lscr, &lback);
        sum += ascr;
    }
    return sum;
}

/* How many words hyp has. */
static size_t count_words(const char *hyp)
{
    char copy[512], *words[64];
    return split_words(hyp, copy, sizeof copy, words, 64);
}

/* True when the hypothesis took the "not a command" path. */
static bool talk_in(const asr *a, const char *hyp)
{
    char copy[512], *words[64];
    size_t k = split_words(hyp, copy, sizeof copy, words, 64);
    for (size_t i = 0; i < k; i++)
        if (is_talk(a, words[i]))
            return true;
    return false;
}

static void report(asr *a, asr_sink sink, void *ctx)
{
    ps_end_utt(a->ps);
    ps_end_utt(a->ph);
    a->in_utt = false;
    int32 score = 0, ph_score = 0;
    const char *hyp = ps_get_hyp(a->ps, &score);
    (void)ps_get_hyp(a->ph, &ph_score);
    /* the grammar's words against the free phones over the same frames */
    int32_t conf = INT32_MIN;
    if (hyp && *hyp) {
        int first, last;
        int64_t words = words_score(a->ps, &first, &last);
        int64_t phones = span_score(a->ph, first, last);
        if (last >= first)
            conf = (int32_t)((words - phones) / (last - first + 1));
    }
    asr_utterance u = {(double)a->speech_start / 16000.0, (double)a->fed / 16000.0,
                       hyp ? hyp : "", score, conf, NULL, 0.0, false};
    if (a->utt_frames > 0)
        u.over_floor_db = 10.0 * log10(a->utt_power / a->utt_frames + 1.0) - a->utt_floor;
    double len = u.end - u.start;
    if (!hyp || !*hyp)
        u.rejected = "nothing heard";
    else if (talk_in(a, hyp))
        u.rejected = "ordinary talk";
    else if (len < a->cfg.min_seconds)
        u.rejected = "too short";
    else if (len > a->cfg.max_seconds && len > a->cfg.seconds_per_word * (double)count_words(hyp))
        u.rejected = "too long";
    else if (conf < a->cfg.min_confidence) {
        u.rejected = "not like a command";
        u.near = conf >= a->cfg.near_confidence && u.over_floor_db >= a->cfg.near_over_floor_db;
    }
    sink(ctx, &u);
}

/* Starts both decoders on the sound kept from before the speech began. */
static void utterance_start(asr *a)
{
    ps_start_utt(a->ps);
    ps_start_utt(a->ph);
    a->in_utt = true;
    size_t kept = a->fed < PREROLL ? (size_t)a->fed : PREROLL;
    size_t from = (a->pre_at + PREROLL - kept) % PREROLL;
    while (kept > 0) {
        size_t k = from + kept > PREROLL ? PREROLL - from : kept;
        ps_process_raw(a->ps, &a->preroll[from], k, FALSE, FALSE);
        ps_process_raw(a->ph, &a->preroll[from], k, FALSE, FALSE);
        from = (from + k) % PREROLL;
        kept -= k;
    }
}

static void preroll_keep(asr *a, const int16_t *x, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        a->preroll[a->pre_at] = x[i];
        a->pre_at = (a->pre_at + 1) % PREROLL;
    }
}

/* Processes the whole chunk in a->buf: the endpointer, noise suppression,
 * the decoders, and a report when an utterance ends. */
static void process_chunk(asr *a, asr_sink sink, void *ctx)
{
    /* the endpointer hears the sound as it came, before suppression */
    bool started = false, ended = false, restarted = false;
    for (size_t f = 0; f < CHUNK; f += ENDPOINT_FRAME) {
        endpoint_event ev = endpoint_frame(a->ep, &a->buf[f]);
        if (ev == EP_RESTART) { /* a louder voice over the speech going on */
            restarted = true;
            ev = EP_START;
        }
        if (ev == EP_START || (a->in_utt && !ended)) {
            if (ev == EP_START) {
                a->utt_power = 0;
                a->utt_frames = 0;
                a->utt_floor = endpoint_floor(a->ep);
            }
            a->utt_power += pow(10.0, endpoint_level(a->ep) / 10.0) - 1.0;
            a->utt_frames++;
        }
        if (ev == EP_START) {
            started = true;
            uint64_t back = (uint64_t)ENDPOINT_FRAME * (uint64_t)a->start_frames;
            uint64_t at = a->fed + f + ENDPOINT_FRAME;
            a->speech_start = at > back ? at - back : 0;
        } else if (ev == EP_END) {
            ended = true;
        }
    }
    if (a->pre)
        speex_preprocess_run(a->pre, a->buf);
    /* what was being decoded was the background: dropped unheard */
    if (restarted && a->in_utt) {
        ps_end_utt(a->ps);
        ps_end_utt(a->ph);
        a->in_utt = false;
    }
    if (started && !a->in_utt)
        utterance_start(a);
    if (a->in_utt) {
        ps_process_raw(a->ps, a->buf, CHUNK, FALSE, FALSE);
        ps_process_raw(a->ph, a->buf, CHUNK, FALSE, FALSE);
    }
    /* a whole phrase, then vad_early quiet frames: it ends now, and the
     * acknowledgement comes sooner; talk, which goes on, waits for the
     * usual quiet (docs/recognition.md) */
    if (a->in_utt && !ended && a->cfg.vad_early > 0 &&
        endpoint_quiet_frames(a->ep) >= a->cfg.vad_early && heard_whole(a)) {
        endpoint_end(a->ep);
        ended = true;
    }
    preroll_keep(a, a->buf, CHUNK);
    a->fed += CHUNK;
    /* longer than any command: set aside now, not when it ends */
    bool too_long = a->in_utt && (double)(a->fed - a->speech_start) / 16000.0 > a->longest_s + 0.25;
    if (a->in_utt && (ended || too_long))
        report(a, sink, ctx);
}

void asr_feed(asr *a, const float *samples, size_t n, asr_sink sink, void *ctx)
{
    /* whatever the caller's block size (a live microphone resampled to
     * 16 kHz gives odd ones), audio is processed a whole chunk at a time */
    while (n > 0) {
        size_t k = CHUNK - a->nbuf < n ? CHUNK - a->nbuf : n;
        for (size_t i = 0; i < k; i++) {
            float x = samples[i] * 32767.0f;
            a->buf[a->nbuf + i] = (int16_t)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
        }
        a->nbuf += k;
        samples += k;
        n -= k;
        if (a->nbuf == CHUNK) {
            process_chunk(a, sink, ctx);
            a->nbuf = 0;
        }
    }
}

bool asr_in_utterance(const asr *a, double *start)
{
    if (a->in_utt)
        *start = (double)a->speech_start / 16000.0;
    return a->in_utt;
}

void asr_finish(asr *a, asr_sink sink, void *ctx)
{
    if (a->nbuf > 0) { /* the last part-chunk, padded with silence */
        memset(&a->buf[a->nbuf], 0, (CHUNK - a->nbuf) * sizeof a->buf[0]);
        a->nbuf = CHUNK;
        process_chunk(a, sink, ctx);
        a->nbuf = 0;
    }
    if (a->in_utt)
        report(a, sink, ctx);
    a->in_utt = false;
    endpoint_reset(a->ep);
}
