/* tts.c: eSpeak NG in AUDIO_OUTPUT_SYNCHRONOUS mode, and a length cache. */
#include "tts.h"

#include <espeak-ng/speak_lib.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "lexicon.h"

/* One synthesised sentence. Its length is kept for the whole session; its
 * samples while they fit in the PCM budget (oldest dropped first). */
typedef struct cache_entry {
    char *text;        /* NULL: an empty slot */
    int rate;
    size_t samples;
    int16_t *pcm;      /* NULL once dropped */
    uint64_t made;     /* order of synthesis, for dropping the oldest */
} cache_entry;

/* Short sentences (counts, "Hold.") keep their samples for good; the rest
 * share a budget, about two minutes of speech, oldest dropped first. */
enum { PCM_BUDGET = 6 * 1024 * 1024, TTS_SHORT = 32 };

struct tts {
    int native_rate;
    int rate;              /* the rate eSpeak is set to now */
    cache_entry *cache;    /* open addressing, power-of-two size */
    size_t cache_size, cache_used;
    size_t pcm_bytes;
    uint64_t made, synth_calls;
    /* the buffer the synthesis callback appends to */
    int16_t *buf;
    size_t n, cap;
    int failed;
};

static tts *current; /* eSpeak's callback has no user pointer of ours */
/* eSpeak NG 1.51 (Debian 12) hangs in espeak_Terminate once it has been
 * started a second time in a process (espeak-ng issue #572, fixed upstream
 * by pull request #573). So it is started once, on first use, and never
 * terminated: the process's exit frees it. */
static int native_rate;

/* Starts eSpeak NG once in the process; its native rate, or 0 when its data
 * files are missing. eSpeak NG 1.51 opens and closes a test stream on the
 * PulseAudio server as it starts, in every output mode, though the coach
 * never has it play: that costs a connection to the server, and 30 s when
 * the server is stuck (libpulse's time-out). For the moment of the start,
 * the server's address is one that does not exist, so the test fails at
 * once (its ALSA fallback opens nothing). Called before the process starts
 * other threads (setenv is not safe beside getenv in another thread). */
static int engine_start(void)
{
    if (!native_rate) {
        const char *was = getenv("PULSE_SERVER");
        char *saved = was ? strdup(was) : NULL;
        setenv("PULSE_SERVER", "unix:/nonexistent/coach-speech-is-not-played-by-espeak", 1);
        int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, NULL, 0);
        if (saved)
            setenv("PULSE_SERVER", saved, 1);
        else
            unsetenv("PULSE_SERVER");
        free(saved);
        if (rate > 0)
            native_rate = rate;
    }
    return native_rate;
}

/* The names eSpeak NG lists, copied once (its list is a static array that
 * the next listing overwrites): the voices' languages, then the last parts
 * of their identifiers, then the variants', each NUL-terminated. */
enum { VOICE_NAMES_MAX = 16384 };
static char voice_names[VOICE_NAMES_MAX];
static size_t voice_names_len, ids_at, variants_at;

/* Appends s (NUL-terminated) to the name list unless it is there already. */
static void names_add(const char *s, size_t from)
{
    size_t len = strlen(s);
    if (!len || len > 40)
        return;
    for (size_t i = from; i < voice_names_len; i += strlen(voice_names + i) + 1)
        if (strcasecmp(voice_names + i, s) == 0)
            return;
    if (voice_names_len + len + 1 > VOICE_NAMES_MAX)
        return;
    memcpy(voice_names + voice_names_len, s, len + 1);
    voice_names_len += len + 1;
}

/* The part of an identifier after its last '/': "gmw/en-US" is "en-US". */
static const char *id_base(const char *id)
{
    const char *slash = id ? strrchr(id, '/') : NULL;
    return slash ? slash + 1 : id ? id : "";
}

/* Fills the name list from espeak_ListVoices once; false when eSpeak NG
 * cannot start. */
static bool names_load(void)
{
    if (voice_names_len)
        return true;
    if (!engine_start())
        return false;
    const espeak_VOICE **v = espeak_ListVoices(NULL);
    /* languages: a priority byte, a name, NUL; an empty name ends them */
    for (size_t i = 0; v && v[i]; i++)
        for (const char *l = v[i]->languages; l && l[0] && l[1]; l += strlen(l + 1) + 2)
            names_add(l + 1, 0);
    ids_at = voice_names_len;
    for (size_t i = 0; v && v[i]; i++)
        names_add(id_base(v[i]->identifier), 0);
    variants_at = voice_names_len;
    espeak_VOICE spec;
    memset(&spec, 0, sizeof spec);
    spec.languages = "variant";
    v = espeak_ListVoices(&spec);
    for (size_t i = 0; v && v[i]; i++)
        names_add(id_base(v[i]->identifier), variants_at);
    return voice_names_len > 0;
}

/* True when name (len bytes) is in the list between from and to. */
static bool names_has(const char *name, size_t len, size_t from, size_t to)
{
    for (size_t i = from; i < to; i += strlen(voice_names + i) + 1)
        if (strlen(voice_names + i) == len && strncasecmp(voice_names + i, name, len) == 0)
            return true;
    return false;
}

bool tts_voice_known(const char *voice)
{
    /* coach's own default needs no listing (which reads every voice file,
     * about 11 ms at launch): it is a plain name, never a path */
    if (voice && strcmp(voice, "en-us") == 0)
        return true;
    if (!voice || !names_load())
        return false;
    const char *plus = strchr(voice, '+');
    size_t base = plus ? (size_t)(plus - voice) : strlen(voice);
    if (!names_has(voice, base, 0, variants_at))
        return false;
    return !plus || names_has(plus + 1, strlen(plus + 1), variants_at, voice_names_len);
}

/* Appends the names between from and to to buf, comma-separated. */
static void names_join(char *buf, size_t size, size_t from, size_t to)
{
    size_t used = strlen(buf);
    for (size_t i = from; i < to && used + 1 < size; i += strlen(voice_names + i) + 1) {
        int n = snprintf(buf + used, size - used, "%s%s", i == from ? "" : ", ", voice_names + i);
        if (n < 0)
            return;
        used += (size_t)n;
    }
}

coach_err tts_voice_check(const char *voice, const char *file, int line, int column,
                          coach_err bad, coach_diags *diags)
{
    if (tts_voice_known(voice))
        return COACH_OK;
    if (!names_load()) {
        coach_diags_add(diags, file, line, column,
                        "eSpeak NG could not start: its data files are missing (install the espeak-ng-data package)");
        return COACH_ERR_UNAVAILABLE;
    }
    char shown[48] = "";
    for (size_t i = 0; voice && voice[i] && i + 1 < sizeof shown; i++)
        shown[i] = isprint((unsigned char)voice[i]) ? voice[i] : '?';
    char list[900] = "";
    names_join(list, sizeof list, 0, ids_at);
    coach_diags_add(diags, file, line, column,
                    "eSpeak NG has no voice '%s'; a voice is one of %s, and may end in a variant "
                    "such as +f3 or +m3 ('espeak-ng --voices=variant' lists them)",
                    shown, list);
    return bad;
}

tts_config tts_config_default(void)
{
    return (tts_config){"en-us", 1024};
}

static int on_synth(short *wav, int numsamples, espeak_EVENT *events)
{
    (void)events;
    tts *t = current;
    if (!t || !wav || numsamples <= 0)
        return 0;
    size_t need = t->n + (size_t)numsamples;
    if (need > t->cap) {
        size_t cap = t->cap ? t->cap : 16384;
        while (cap < need)
            cap *= 2;
        int16_t *nb = realloc(t->buf, cap * sizeof *nb);
        if (!nb) {
            t->failed = 1;
            return 1; /* abort synthesis */
        }
        t->buf = nb;
        t->cap = cap;
    }
    memcpy(t->buf + t->n, wav, (size_t)numsamples * sizeof *wav);
    t->n = need;
    return 0;
}

coach_err tts_create(const tts_config *cfg, tts **out, coach_diags *diags)
{
    *out = NULL;
    if (current) {
        coach_diags_add(diags, NULL, 0, 0, "internal: a second speech engine was started");
        return COACH_ERR_INTERNAL;
    }
    tts_config c = cfg ? *cfg : tts_config_default();
    if (!c.voice)
        c.voice = "en-us";
    if (c.cache_entries <= 0)
        c.cache_entries = 1024;
    size_t size = 1;
    while (size < (size_t)c.cache_entries)
        size *= 2;
    tts *t = calloc(1, sizeof *t);
    if (!t || !(t->cache = calloc(size, sizeof *t->cache))) {
        free(t);
        return COACH_ERR_NOMEM;
    }
    t->cache_size = size;
    if (!engine_start()) {
        coach_diags_add(diags, NULL, 0, 0,
                        "eSpeak NG could not start: its data files are missing (install the espeak-ng-data package)");
        free(t->cache);
        free(t);
        return COACH_ERR_UNAVAILABLE;
    }
    /* only a name eSpeak NG lists reaches it: it reads any other as a path
     * under its data folder (and crashes or hangs on what it finds there) */
    coach_err verr = tts_voice_check(c.voice, NULL, 0, 0, COACH_ERR_DATA, diags);
    /* a voice by its name ("en-us", "en"), else by its language ("en-gb") */
    espeak_VOICE by_language;
    memset(&by_language, 0, sizeof by_language);
    by_language.languages = c.voice;
    if (!verr && espeak_SetVoiceByName(c.voice) != EE_OK &&
        espeak_SetVoiceByProperties(&by_language) != EE_OK) {
        coach_diags_add(diags, NULL, 0, 0,
                        "eSpeak NG has no voice or language '%s'; try en-us, en-gb or en-gb-scotland",
                        c.voice);
        verr = COACH_ERR_UNAVAILABLE;
    }
    if (verr) {
        free(t->cache);
        free(t);
        return verr;
    }
    int rate = native_rate;
    espeak_SetParameter(espeakRATE, espeakRATE_NORMAL, 0);
    t->rate = espeakRATE_NORMAL;
    t->native_rate = rate;
    espeak_SetSynthCallback(on_synth);
    current = t;
    *out = t;
    return COACH_OK;
}

void tts_destroy(tts *t)
{
    if (!t)
        return;
    if (getenv("COACH_TTS_DEBUG"))
        fprintf(stderr, "tts: %zu sentences, %zu bytes of samples kept, %llu syntheses\n",
                t->cache_used, t->pcm_bytes, (unsigned long long)t->synth_calls);
    current = NULL; /* eSpeak NG itself stays started: see native_rate */
    for (size_t i = 0; i < t->cache_size; i++) {
        free(t->cache[i].text);
        free(t->cache[i].pcm);
    }
    free(t->cache);
    free(t->buf);
    free(t);
}

void tts_phonemes(tts *t, const char *text, char *buf, size_t size)
{
    (void)t;
    char said[2400];
    if (lexicon_apply(text, said, sizeof said))
        text = said;
    const void *p = text;
    size_t o = 0;
    buf[0] = '\0';
    while (p && o + 1 < size) {
        const char *ph = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        if (!ph)
            break;
        int k = snprintf(buf + o, size - o, "%s%s", o ? " " : "", ph);
        o += k > 0 ? (size_t)k : 0;
    }
}

int tts_native_rate(const tts *t)
{
    return t->native_rate;
}

/* Synthesises into t->buf; returns the number of samples, or 0 on failure. */
static size_t synth_into(tts *t, const char *text, int rate)
{
    t->synth_calls++;
    if (rate < espeakRATE_MINIMUM)
        rate = espeakRATE_MINIMUM;
    if (rate > espeakRATE_MAXIMUM)
        rate = espeakRATE_MAXIMUM;
    if (rate != t->rate) {
        espeak_SetParameter(espeakRATE, rate, 0);
        t->rate = rate;
    }
    t->n = 0;
    t->failed = 0;
    char said[2400];
    if (lexicon_apply(text, said, sizeof said)) /* pronunciation overrides */
        text = said;
    espeak_ERROR e = espeak_Synth(text, strlen(text) + 1, 0, POS_CHARACTER, 0,
                                  espeakCHARS_UTF8, NULL, NULL);
    if (e != EE_OK || t->failed)
        return 0;
    return t->n;
}

static uint64_t hash(const char *s, int rate)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)rate;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The slot for (text, rate): its entry, or the empty slot it would take. */
static cache_entry *find(tts *t, const char *text, int rate)
{
    size_t i = hash(text, rate) & (t->cache_size - 1);
    while (t->cache[i].text && (t->cache[i].rate != rate || strcmp(t->cache[i].text, text) != 0))
        i = (i + 1) & (t->cache_size - 1);
    return &t->cache[i];
}

static bool grow(tts *t)
{
    size_t size = t->cache_size * 2;
    cache_entry *old = t->cache, *nc = calloc(size, sizeof *nc);
    if (!nc)
        return false;
    size_t old_size = t->cache_size;
    t->cache = nc;
    t->cache_size = size;
    for (size_t i = 0; i < old_size; i++)
        if (old[i].text)
            *find(t, old[i].text, old[i].rate) = old[i];
    free(old);
    return true;
}

/* Drops the oldest samples until the budget holds `need` more bytes. */
static void make_room(tts *t, size_t need)
{
    while (t->pcm_bytes + need > PCM_BUDGET) {
        cache_entry *oldest = NULL;
        for (size_t i = 0; i < t->cache_size; i++)
            if (t->cache[i].pcm && strlen(t->cache[i].text) > TTS_SHORT &&
                (!oldest || t->cache[i].made < oldest->made))
                oldest = &t->cache[i];
        if (!oldest)
            return;
        t->pcm_bytes -= oldest->samples * sizeof *oldest->pcm;
        free(oldest->pcm);
        oldest->pcm = NULL;
    }
}

/* The entry for (text, rate), synthesising it on first use. eSpeak NG 1.51
 * carries state from one sentence to the next, so a sentence synthesised
 * twice can differ by a few milliseconds: each sentence is synthesised
 * once, here, and both its length and its samples come from that one time.
 * Every mode makes the same calls in the same order, so every mode hears
 * the same lengths. NULL when synthesis fails. */
static cache_entry *entry_for(tts *t, const char *text, int rate)
{
    cache_entry *e = find(t, text, rate);
    if (e->text)
        return e;
    if ((t->cache_used + 1) * 2 > t->cache_size) {
        if (!grow(t))
            return NULL;
        e = find(t, text, rate);
    }
    size_t got = synth_into(t, text, rate);
    if (!got)
        return NULL;
    char *copy = strdup(text);
    if (!copy)
        return NULL;
    e->text = copy;
    e->rate = rate;
    e->samples = got;
    e->made = t->made++;
    t->cache_used++;
    size_t bytes = got * sizeof *e->pcm;
    bool pinned = strlen(text) <= TTS_SHORT;
    if (!pinned)
        make_room(t, bytes);
    e->pcm = malloc(bytes);
    if (e->pcm) {
        memcpy(e->pcm, t->buf, bytes);
        if (!pinned)
            t->pcm_bytes += bytes;
    }
    return e;
}

coach_err tts_synth(tts *t, const char *text, int rate, int16_t **pcm, size_t *n)
{
    *pcm = NULL;
    *n = 0;
    cache_entry *e = entry_for(t, text, rate);
    if (!e)
        return t->failed ? COACH_ERR_NOMEM : COACH_ERR_INTERNAL;
    const int16_t *src = e->pcm;
    size_t got = e->samples;
    if (!src) { /* dropped from the budget: synthesise again (it may differ) */
        got = synth_into(t, text, rate);
        if (!got)
            return COACH_ERR_INTERNAL;
        src = t->buf;
    }
    int16_t *copy = malloc(got * sizeof *copy);
    if (!copy)
        return COACH_ERR_NOMEM;
    memcpy(copy, src, got * sizeof *copy);
    *pcm = copy;
    *n = got;
    return COACH_OK;
}

void tts_touch(tts *t, const char *text, int rate)
{
    cache_entry *e = entry_for(t, text, rate);
    if (e && !e->pcm)
        synth_into(t, text, rate); /* exactly what tts_synth would have done */
}

uint64_t tts_measure(tts *t, const char *text, int rate, int out_rate)
{
    cache_entry *e = entry_for(t, text, rate);
    if (!e)
        return 0;
    return ((uint64_t)e->samples * (uint64_t)out_rate + (uint64_t)t->native_rate - 1) /
           (uint64_t)t->native_rate;
}
