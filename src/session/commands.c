/* commands.c: the phrase table. */
#include "commands.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum {
    S = COMMAND_SESSION, M = COMMAND_MENU, B = COMMAND_SESSION | COMMAND_MENU, K = COMMAND_KIOSK,
    T = COMMAND_TRACKING
};

/* Each phrase with its command and where it is heard: S the session, M the
 * menu, B both; K the kiosk's idle as well. */
static const struct {
    const char *phrase;
    command_id id;
    unsigned contexts;
} phrases[] = {
    {"skip", CMD_SKIP, S}, {"next", CMD_SKIP, B}, {"skip this", CMD_SKIP, S}, {"skip it", CMD_SKIP, S},
    {"easier", CMD_EASIER, S}, {"make it easier", CMD_EASIER, S},
    {"harder", CMD_HARDER, S}, {"make it harder", CMD_HARDER, S},
    {"pause", CMD_PAUSE, B}, {"wait", CMD_PAUSE, S},
    {"resume", CMD_RESUME, B}, {"continue", CMD_RESUME, B}, {"carry on", CMD_RESUME, S},
    {"repeat", CMD_REPEAT, B}, {"say again", CMD_REPEAT, B}, {"say that again", CMD_REPEAT, B},
    {"what's next", CMD_WHATS_NEXT, S}, {"whats next", CMD_WHATS_NEXT, S}, {"what is next", CMD_WHATS_NEXT, S},
    {"how many left", CMD_HOW_MANY_LEFT, S}, {"how long left", CMD_HOW_MANY_LEFT, S},
    {"slower", CMD_SLOWER, B}, {"faster", CMD_FASTER, B},
    {"louder", CMD_LOUDER, B}, {"softer", CMD_SOFTER, B}, {"quieter", CMD_SOFTER, B},
    {"speak slower", CMD_SPEAK_SLOWER, B}, {"talk slower", CMD_SPEAK_SLOWER, B},
    {"speak faster", CMD_SPEAK_FASTER, B}, {"talk faster", CMD_SPEAK_FASTER, B},
    {"stop", CMD_STOP, B}, {"end session", CMD_STOP, S},
    {"help", CMD_HELP, B | K},
    {"yes", CMD_YES, B}, {"yeah", CMD_YES, B},
    {"no", CMD_NO, B},
    {"cancel", CMD_CANCEL, B}, {"undo", CMD_CANCEL, S},
    {"better", CMD_BETTER, S}, {"same", CMD_SAME, S}, {"the same", CMD_SAME, S}, {"worse", CMD_WORSE, S},
    {"pain <n>", CMD_PAIN, S}, {"pain is <n>", CMD_PAIN, S}, {"pain level <n>", CMD_PAIN, S},
    {"<n>", CMD_NUMBER, B},
    {"start", CMD_START, M | K}, {"begin", CMD_START, M | K}, {"start it", CMD_START, M},
    {"list", CMD_LIST, M}, {"list routines", CMD_LIST, M}, {"routines", CMD_LIST, M},
    {"history", CMD_HISTORY, M}, {"my history", CMD_HISTORY, M},
    {"settings", CMD_SETTINGS, M},
    {"menu", CMD_MENU, M}, {"main menu", CMD_MENU, M},
    {"quit", CMD_QUIT, M}, {"exit", CMD_QUIT, M}, {"goodbye", CMD_QUIT, M},
    {"back", CMD_BACK, M}, {"go back", CMD_BACK, M}, {"previous", CMD_BACK, M},
    {"change", CMD_CHANGE, M}, {"change it", CMD_CHANGE, M},
};

/* The red flags (CMD_RED_FLAG, heard in a session), in the words people
 * use, each with its kind: the seeds' red flags (seed 000: unexplained
 * weight loss, night sweats, fever, new bowel or bladder issues, profound
 * leg weakness; seed 001: progressive numbness, significant motor loss,
 * saddle anesthesia, recent major trauma). Every word is in PocketSphinx's
 * en-us dictionary (test_asr checks each phrase is in the grammar). */
static const struct {
    const char *phrase;
    red_flag_kind kind;
} red_flags[] = {
    {"numbness", RED_FLAG_NERVE}, {"new numbness", RED_FLAG_NERVE},
    {"my leg is numb", RED_FLAG_NERVE}, {"my legs are numb", RED_FLAG_NERVE},
    {"my foot is numb", RED_FLAG_NERVE}, {"my feet are numb", RED_FLAG_NERVE},
    {"my toes are numb", RED_FLAG_NERVE}, {"my leg feels numb", RED_FLAG_NERVE},
    {"my foot feels numb", RED_FLAG_NERVE}, {"my leg has gone numb", RED_FLAG_NERVE},
    {"my foot has gone numb", RED_FLAG_NERVE}, {"my leg went numb", RED_FLAG_NERVE},
    {"my foot went numb", RED_FLAG_NERVE}, {"numbness in my leg", RED_FLAG_NERVE},
    {"numbness in my foot", RED_FLAG_NERVE}, {"numbness in my legs", RED_FLAG_NERVE},
    {"i can't feel my leg", RED_FLAG_NERVE}, {"i can't feel my foot", RED_FLAG_NERVE},
    {"i can't feel my toes", RED_FLAG_NERVE}, {"pins and needles", RED_FLAG_NERVE},
    {"i have pins and needles", RED_FLAG_NERVE}, {"pins and needles in my leg", RED_FLAG_NERVE},
    {"pins and needles in my foot", RED_FLAG_NERVE}, {"tingling", RED_FLAG_NERVE},
    {"tingling in my leg", RED_FLAG_NERVE}, {"tingling in my foot", RED_FLAG_NERVE},
    {"tingling down my leg", RED_FLAG_NERVE}, {"my leg is tingling", RED_FLAG_NERVE},
    {"my foot is tingling", RED_FLAG_NERVE}, {"leg weakness", RED_FLAG_NERVE},
    {"weakness in my leg", RED_FLAG_NERVE}, {"my leg is weak", RED_FLAG_NERVE},
    {"my legs are weak", RED_FLAG_NERVE}, {"my leg feels weak", RED_FLAG_NERVE},
    {"my leg gave way", RED_FLAG_NERVE}, {"my leg keeps giving way", RED_FLAG_NERVE},
    {"my foot is dragging", RED_FLAG_NERVE}, {"i can't lift my foot", RED_FLAG_NERVE},
    {"bladder problem", RED_FLAG_URGENT}, {"bladder changes", RED_FLAG_URGENT},
    {"bowel problem", RED_FLAG_URGENT}, {"bowel changes", RED_FLAG_URGENT},
    {"i can't pee", RED_FLAG_URGENT}, {"i can't control my bladder", RED_FLAG_URGENT},
    {"i can't control my bowels", RED_FLAG_URGENT},
    {"i've lost control of my bladder", RED_FLAG_URGENT},
    {"i've lost control of my bowels", RED_FLAG_URGENT}, {"i wet myself", RED_FLAG_URGENT},
    {"i've wet myself", RED_FLAG_URGENT}, {"i soiled myself", RED_FLAG_URGENT},
    {"numbness between my legs", RED_FLAG_URGENT}, {"i'm numb between my legs", RED_FLAG_URGENT},
    {"my bottom is numb", RED_FLAG_URGENT}, {"my bottom feels numb", RED_FLAG_URGENT},
    {"numbness around my bottom", RED_FLAG_URGENT}, {"my groin is numb", RED_FLAG_URGENT},
    {"saddle numbness", RED_FLAG_URGENT},
    {"fever", RED_FLAG_ILLNESS}, {"i have a fever", RED_FLAG_ILLNESS},
    {"i've got a fever", RED_FLAG_ILLNESS}, {"i have a temperature", RED_FLAG_ILLNESS},
    {"i've got a temperature", RED_FLAG_ILLNESS}, {"i feel feverish", RED_FLAG_ILLNESS},
    {"night sweats", RED_FLAG_ILLNESS}, {"i have night sweats", RED_FLAG_ILLNESS},
    {"i've been sweating at night", RED_FLAG_ILLNESS}, {"weight loss", RED_FLAG_ILLNESS},
    {"i've lost weight", RED_FLAG_ILLNESS}, {"i'm losing weight", RED_FLAG_ILLNESS},
    {"i've been losing weight", RED_FLAG_ILLNESS},
    {"i fell", RED_FLAG_INJURY}, {"i had a fall", RED_FLAG_INJURY},
    {"i've had a fall", RED_FLAG_INJURY}, {"i fell over", RED_FLAG_INJURY},
    {"i fell down", RED_FLAG_INJURY}, {"i was in an accident", RED_FLAG_INJURY},
    {"i had a car accident", RED_FLAG_INJURY},
};

/* Lengths of time (CMD_AMOUNT, heard only in a session that asks the
 * tracking questions, docs/session.md), with their minutes: few, so that
 * ordinary talk has few more chances to sound like a command, and with
 * "minutes" or "hour" in each, so that "five minutes" is never a pain
 * rating of five. "<n> minutes" is zero to ten minutes. Every word is in
 * PocketSphinx's en-us dictionary. */
static const struct {
    const char *phrase;
    int minutes;
} amounts[] = {
    {"<n> minutes", -1}, {"a minute", 1}, {"one minute", 1}, {"none", 0},
    {"fifteen minutes", 15}, {"twenty minutes", 20}, {"twenty five minutes", 25},
    {"thirty minutes", 30}, {"forty minutes", 40}, {"forty five minutes", 45},
    {"half an hour", 30}, {"an hour", 60}, {"one hour", 60}, {"an hour and a half", 90},
    {"two hours", 120}, {"three hours", 180},
};

enum {
    N_PHRASES = sizeof phrases / sizeof phrases[0],
    N_RED_FLAGS = sizeof red_flags / sizeof red_flags[0],
    N_AMOUNTS = sizeof amounts / sizeof amounts[0],
};

/* The i-th phrase of the three tables (the red flags after the others,
 * then the amounts), its command and contexts; false past the end. */
static bool phrase_at(size_t i, const char **phrase, command_id *id, unsigned *contexts)
{
    if (i < N_PHRASES) {
        *phrase = phrases[i].phrase;
        *id = phrases[i].id;
        *contexts = phrases[i].contexts;
        return true;
    }
    i -= N_PHRASES;
    if (i < N_RED_FLAGS) {
        *phrase = red_flags[i].phrase;
        *id = CMD_RED_FLAG;
        *contexts = S;
        return true;
    }
    i -= N_RED_FLAGS;
    if (i >= N_AMOUNTS)
        return false;
    *phrase = amounts[i].phrase;
    *id = CMD_AMOUNT;
    *contexts = T;
    return true;
}

static const char *const names[CMD_COUNT] = {
    [CMD_NONE] = "none", [CMD_SKIP] = "skip", [CMD_EASIER] = "easier", [CMD_HARDER] = "harder",
    [CMD_PAUSE] = "pause", [CMD_RESUME] = "resume", [CMD_REPEAT] = "repeat",
    [CMD_WHATS_NEXT] = "whats_next", [CMD_HOW_MANY_LEFT] = "how_many_left",
    [CMD_SLOWER] = "slower", [CMD_FASTER] = "faster", [CMD_LOUDER] = "louder",
    [CMD_SOFTER] = "softer", [CMD_SPEAK_SLOWER] = "speak_slower",
    [CMD_SPEAK_FASTER] = "speak_faster", [CMD_STOP] = "stop", [CMD_HELP] = "help",
    [CMD_YES] = "yes", [CMD_NO] = "no", [CMD_CANCEL] = "cancel", [CMD_BETTER] = "better",
    [CMD_SAME] = "same", [CMD_WORSE] = "worse", [CMD_PAIN] = "pain", [CMD_NUMBER] = "number",
    [CMD_RED_FLAG] = "red_flag", [CMD_AMOUNT] = "amount", [CMD_START] = "start", [CMD_LIST] = "list",
    [CMD_HISTORY] = "history", [CMD_SETTINGS] = "settings", [CMD_MENU] = "menu",
    [CMD_QUIT] = "quit", [CMD_BACK] = "back", [CMD_CHANGE] = "change",
};

const char *command_name(command_id id)
{
    return (unsigned)id < CMD_COUNT ? names[id] : "none";
}

bool command_cuts(command_id id)
{
    switch (id) {
    case CMD_NONE: case CMD_WHATS_NEXT: case CMD_HOW_MANY_LEFT: case CMD_SLOWER: case CMD_FASTER:
    case CMD_LOUDER: case CMD_SOFTER: case CMD_SPEAK_SLOWER: case CMD_SPEAK_FASTER: case CMD_HELP:
        return false;
    default:
        return true;
    }
}

bool command_safe_unsure(command_id id)
{
    switch (id) {
    case CMD_REPEAT: case CMD_WHATS_NEXT: case CMD_HOW_MANY_LEFT: case CMD_HELP:
        return true;
    default:
        return false;
    }
}

bool command_in_context(command_id id, unsigned context)
{
    const char *ph;
    command_id pid;
    unsigned ctx;
    for (size_t i = 0; phrase_at(i, &ph, &pid, &ctx); i++)
        if (pid == id && (ctx & context))
            return true;
    return id == CMD_NONE;
}

unsigned command_phrase_contexts(size_t i)
{
    const char *ph;
    command_id id;
    unsigned ctx;
    return phrase_at(i, &ph, &id, &ctx) ? ctx : 0;
}

size_t command_phrases(unsigned context, const char **out, size_t max)
{
    size_t n = 0;
    const char *ph;
    command_id id;
    unsigned ctx;
    for (size_t i = 0; phrase_at(i, &ph, &id, &ctx) && n < max; i++)
        if (ctx & context)
            out[n++] = ph;
    return n;
}

const char *command_phrase(size_t i, command_id *id)
{
    const char *ph;
    command_id pid;
    unsigned ctx;
    if (!phrase_at(i, &ph, &pid, &ctx))
        return NULL;
    if (id)
        *id = pid;
    return ph;
}

void command_phrase_fill(const char *phrase, const char *fill, char *buf, size_t size)
{
    const char *slot = strstr(phrase, "<n>");
    if (!slot) {
        snprintf(buf, size, "%s", phrase);
        return;
    }
    snprintf(buf, size, "%.*s%s%s", (int)(slot - phrase), phrase, fill, slot + 3);
}

static const char *const number_words[] = {"zero", "one", "two", "three", "four", "five",
                                           "six", "seven", "eight", "nine", "ten"};

/* A number 0-10 written as a word or digits, or -1. */
static int parse_number(const char *w)
{
    for (int i = 0; i <= 10; i++)
        if (strcmp(w, number_words[i]) == 0)
            return i;
    if (strcmp(w, "oh") == 0 || strcmp(w, "nought") == 0)
        return 0;
    if (isdigit((unsigned char)w[0]) && (w[1] == '\0' || (w[1] == '0' && w[0] == '1' && w[2] == '\0')))
        return w[1] ? 10 : w[0] - '0';
    return -1;
}

enum { NO_MATCH = -2 };

/* Matches the normalised text norm against phrase: NO_MATCH when it is not
 * that phrase; the number said for its "<n>" (0-10, in words or digits);
 * -1 for a phrase without one. */
static int phrase_match(const char *phrase, const char *norm)
{
    const char *slot = strstr(phrase, "<n>");
    if (!slot)
        return strcmp(norm, phrase) == 0 ? -1 : NO_MATCH;
    size_t pre = (size_t)(slot - phrase), post = strlen(slot + 3), len = strlen(norm);
    if (len <= pre + post || strncmp(norm, phrase, pre) != 0 ||
        strcmp(norm + len - post, slot + 3) != 0)
        return NO_MATCH;
    char word[16];
    size_t n = len - pre - post;
    if (n >= sizeof word)
        return NO_MATCH;
    memcpy(word, norm + pre, n);
    word[n] = '\0';
    if (strchr(word, ' '))
        return NO_MATCH;
    int v = parse_number(word);
    return v >= 0 ? v : NO_MATCH;
}

command command_parse(const char *text)
{
    command c = {CMD_NONE, -1};
    /* normalise: lower case, letters, digits, apostrophes and single spaces */
    char norm[256];
    size_t n = 0;
    for (const char *p = text; *p && n + 1 < sizeof norm; p++) {
        unsigned char ch = (unsigned char)*p;
        if (isalnum(ch) || ch == '\'') {
            norm[n++] = (char)tolower(ch);
        } else if (n > 0 && norm[n - 1] != ' ') {
            norm[n++] = ' ';
        }
    }
    while (n > 0 && norm[n - 1] == ' ')
        n--;
    norm[n] = '\0';
    /* "coach, skip": the attention word before a command is not part of it */
    size_t aw = strlen(COMMAND_ATTENTION_WORD);
    if (strncmp(norm, COMMAND_ATTENTION_WORD " ", aw + 1) == 0)
        memmove(norm, norm + aw + 1, n - aw);
    if (norm[0] == '\0')
        return c;
    for (size_t i = 0; i < N_RED_FLAGS; i++)
        if (strcmp(norm, red_flags[i].phrase) == 0) {
            c.id = CMD_RED_FLAG;
            c.value = (int)red_flags[i].kind;
            return c;
        }
    for (size_t i = 0; i < N_AMOUNTS; i++) {
        int v = phrase_match(amounts[i].phrase, norm);
        if (v != NO_MATCH) {
            c.id = CMD_AMOUNT;
            c.value = amounts[i].minutes >= 0 ? amounts[i].minutes : v;
            return c;
        }
    }
    for (size_t i = 0; i < N_PHRASES; i++) {
        int v = phrase_match(phrases[i].phrase, norm);
        if (v != NO_MATCH) {
            c.id = phrases[i].id;
            c.value = v;
            return c;
        }
    }
    return c;
}

const char *command_key(int key, bool paused)
{
    static const char *const pains[] = {"pain 0", "pain 1", "pain 2", "pain 3", "pain 4",
                                        "pain 5", "pain 6", "pain 7", "pain 8", "pain 9"};
    static const struct {
        char key;
        const char *phrase;
    } keys[] = {{'s', "skip"}, {'e', "easier"}, {'h', "harder"}, {'r', "repeat"},
                {'y', "yes"},  {'n', "no"},     {'q', "stop"},   {'?', "help"}};
    if (key == ' ')
        return paused ? "resume" : "pause";
    if (key >= '0' && key <= '9')
        return pains[key - '0'];
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (key > 0 && key < 256 && tolower(key) == keys[i].key)
            return keys[i].phrase;
    return NULL;
}

bool command_needs_attention(command_id id)
{
    switch (id) {
    case CMD_YES: case CMD_NO: case CMD_CANCEL: case CMD_BETTER: case CMD_SAME: case CMD_WORSE:
    case CMD_NUMBER: case CMD_AMOUNT: case CMD_RED_FLAG: case CMD_NONE:
    case CMD_START: case CMD_LIST: case CMD_HISTORY: case CMD_SETTINGS: case CMD_MENU:
    case CMD_QUIT: case CMD_BACK: case CMD_CHANGE:
        return false;
    default:
        return true;
    }
}

void command_grammar_make(command_grammar *g, unsigned context, bool attention)
{
    const char *ph;
    command_id id;
    unsigned ctx;
    g->n = 0;
    for (size_t i = 0; phrase_at(i, &ph, &id, &ctx) && g->n < COMMAND_PHRASES_MAX; i++) {
        if (!(ctx & context))
            continue;
        bool prefix = attention && command_needs_attention(id);
        snprintf(g->text[g->n], sizeof g->text[g->n], "%s%s%s", prefix ? COMMAND_ATTENTION_WORD : "",
                 prefix ? " " : "", ph);
        g->phrase[g->n] = g->text[g->n];
        g->n++;
    }
}
