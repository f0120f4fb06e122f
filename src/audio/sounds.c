/* sounds.c: speech clips (eSpeak NG + speexdsp) and earcons (libsndfile). */
#include "sounds.h"

#include <sndfile.h>
#include <stdbool.h>
#include <speex/speex_resampler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/earcon.h"
#include "level.h"

/* CACHE_SIZE: short clips kept for good; AHEAD_SIZE: long sentences made
 * before their turn (sounds_prepare), each handed over once. */
enum { CACHE_SIZE = 512, AHEAD_SIZE = 8 };

typedef struct entry {
    char *text;
    int rate;
    audio_clip *clip;
} entry;

struct sounds {
    tts *voice;
    int out_rate;
    audio_clip *earcons[EARCON_COUNT];
    entry cache[CACHE_SIZE];
    entry ahead[AHEAD_SIZE];      /* clip NULL: the slot is free */
    uint64_t ahead_order[AHEAD_SIZE]; /* when each was made, to drop the oldest */
    uint64_t hits, made, made_ahead, used_ahead;
};

/* Resamples n samples at in_rate to exactly want samples at out_rate. */
static float *resample(const float *in, size_t n, int in_rate, int out_rate, size_t want)
{
    float *out = calloc(want ? want : 1, sizeof *out);
    if (!out)
        return NULL;
    if (in_rate == out_rate) {
        memcpy(out, in, (n < want ? n : want) * sizeof *out);
        return out;
    }
    int err = 0;
    SpeexResamplerState *st =
        speex_resampler_init(1, (spx_uint32_t)in_rate, (spx_uint32_t)out_rate, 5, &err);
    if (!st) {
        free(out);
        return NULL;
    }
    speex_resampler_skip_zeros(st); /* no leading delay: speech starts on time */
    spx_uint32_t in_len = (spx_uint32_t)n, out_len = (spx_uint32_t)want;
    speex_resampler_process_float(st, 0, in, &in_len, out, &out_len);
    size_t got = out_len;
    /* flush the filter's tail with silence */
    float zeros[256] = {0};
    int latency = speex_resampler_get_input_latency(st);
    while (got < want && latency > 0) {
        spx_uint32_t zl = latency < 256 ? (spx_uint32_t)latency : 256, ol = (spx_uint32_t)(want - got);
        speex_resampler_process_float(st, 0, zeros, &zl, out + got, &ol);
        got += ol;
        latency -= (int)zl;
        if (zl == 0)
            break;
    }
    speex_resampler_destroy(st);
    return out; /* samples past `got` stay zero */
}

static audio_clip *make_speech(sounds *s, const char *text, int rate)
{
    int16_t *pcm;
    size_t n;
    if (tts_synth(s->voice, text, rate, &pcm, &n) != COACH_OK)
        return NULL;
    size_t want = (size_t)tts_measure(s->voice, text, rate, s->out_rate);
    float *f = malloc((n ? n : 1) * sizeof *f);
    if (!f) {
        free(pcm);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        f[i] = (float)pcm[i] / 32768.0f;
    free(pcm);
    float *r = resample(f, n, tts_native_rate(s->voice), s->out_rate, want);
    free(f);
    if (r)
        level_speech(r, want, s->out_rate); /* -18 LUFS at the default volume */
    audio_clip *c = clip_adopt(r, want);
    if (c)
        s->made++;
    return c;
}

static uint64_t hash(const char *t, int rate)
{
    uint64_t h = 1469598103934665603u ^ (uint64_t)rate;
    for (; *t; t++)
        h = (h ^ (unsigned char)*t) * 1099511628211u;
    return h;
}

static bool cached(const sounds *s, const audio_clip *c)
{
    for (size_t i = 0; i < CACHE_SIZE; i++)
        if (s->cache[i].clip == c)
            return true;
    for (int i = 0; i < EARCON_COUNT; i++)
        if (s->earcons[i] == c)
            return true;
    return false;
}

/* The cache slot of a short text: its entry or the empty slot it would
 * take; NULL when the table is full. Short clips are never evicted, so what
 * is cached depends only on what was said, never on playback timing. */
static entry *short_slot(sounds *s, const char *text, int rate)
{
    uint64_t h = hash(text, rate);
    for (size_t k = 0; k < CACHE_SIZE; k++) {
        entry *e = &s->cache[(h + k) % CACHE_SIZE];
        if (!e->clip || (e->rate == rate && strcmp(e->text, text) == 0))
            return e;
    }
    return NULL;
}

/* The slot of a long sentence made ahead, or NULL. */
static entry *ahead_find(sounds *s, const char *text, int rate)
{
    for (size_t i = 0; i < AHEAD_SIZE; i++)
        if (s->ahead[i].clip && s->ahead[i].rate == rate && strcmp(s->ahead[i].text, text) == 0)
            return &s->ahead[i];
    return NULL;
}

/* Empties a slot of the ahead store, freeing what it holds. */
static void ahead_clear(entry *e)
{
    free(e->text);
    clip_free(e->clip);
    *e = (entry){0};
}

audio_clip *sounds_speech(sounds *s, const char *text, int rate)
{
    entry *made = TTS_SHORT_TEXT(text) ? NULL : ahead_find(s, text, rate);
    if (made) { /* made before its turn: handed over, freed once played */
        audio_clip *c = made->clip;
        made->clip = NULL;
        ahead_clear(made);
        s->used_ahead++;
        return c;
    }
    entry *e = TTS_SHORT_TEXT(text) ? short_slot(s, text, rate) : NULL;
    if (e && e->clip) {
        s->hits++;
        return e->clip;
    }
    audio_clip *c = make_speech(s, text, rate);
    if (!c || !e)
        return c; /* a long sentence: freed once played */
    char *copy = strdup(text);
    if (!copy)
        return c;
    e->text = copy;
    e->rate = rate;
    e->clip = c;
    return c;
}

bool sounds_prepare(sounds *s, const char *text, int rate)
{
    if (TTS_SHORT_TEXT(text)) {
        entry *e = short_slot(s, text, rate);
        if (!e || e->clip)
            return false;
        sounds_speech(s, text, rate); /* cached for good */
        s->made_ahead++;
        return true;
    }
    if (ahead_find(s, text, rate))
        return false;
    size_t slot = 0; /* a free slot, else the oldest made (never played: dropped) */
    for (size_t i = 0; i < AHEAD_SIZE; i++) {
        if (!s->ahead[i].clip) {
            slot = i;
            break;
        }
        if (s->ahead_order[i] < s->ahead_order[slot])
            slot = i;
    }
    char *copy = strdup(text);
    audio_clip *c = copy ? make_speech(s, text, rate) : NULL;
    if (!c) {
        free(copy);
        return false;
    }
    ahead_clear(&s->ahead[slot]);
    s->ahead[slot] = (entry){copy, rate, c};
    s->ahead_order[slot] = s->made_ahead++;
    return true;
}

void sounds_release(sounds *s, audio_clip *c)
{
    if (c && !c->pending && !cached(s, c))
        clip_free(c);
}

/* Reads earcon e from its file in dir, made exactly its table length at
 * out_rate; NULL (with a sentence) when the file cannot be used. */
static audio_clip *load_earcon(const char *dir, earcon e, int out_rate, coach_diags *diags)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, earcon_get(e)->file);
    SF_INFO info;
    memset(&info, 0, sizeof info);
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f) {
        coach_diags_add(diags, path, 0, 0, "cannot read this earcon: %s", sf_strerror(NULL));
        return NULL;
    }
    if (info.frames <= 0 || info.frames > 10 * info.samplerate || info.channels < 1) {
        coach_diags_add(diags, path, 0, 0, "this earcon is empty or longer than ten seconds");
        sf_close(f);
        return NULL;
    }
    size_t n = (size_t)info.frames;
    float *buf = malloc(n * (size_t)info.channels * sizeof *buf);
    float *mono = malloc(n * sizeof *mono);
    if (!buf || !mono) {
        free(buf);
        free(mono);
        sf_close(f);
        return NULL;
    }
    sf_count_t got = sf_readf_float(f, buf, (sf_count_t)n);
    sf_close(f);
    for (size_t i = 0; i < n; i++) {
        float acc = 0;
        for (int ch = 0; ch < info.channels; ch++)
            acc += i < (size_t)got ? buf[i * (size_t)info.channels + (size_t)ch] : 0;
        mono[i] = acc / (float)info.channels;
    }
    free(buf);
    /* exactly the length the engine plans for this earcon */
    size_t want = (size_t)(earcon_seconds(e) * out_rate + 0.5);
    float *r = resample(mono, n, info.samplerate, out_rate, want);
    free(mono);
    if (r)
        level_earcon(r, want); /* matched to the speech */
    return clip_adopt(r, want);
}

coach_err sounds_create(tts *voice, int out_rate, int rate, const char *earcon_dir,
                        sounds **out, coach_diags *diags)
{
    *out = NULL;
    sounds *s = calloc(1, sizeof *s);
    if (!s)
        return COACH_ERR_NOMEM;
    s->voice = voice;
    s->out_rate = out_rate;
    for (int i = 0; i < EARCON_COUNT; i++) {
        s->earcons[i] = load_earcon(earcon_dir, (earcon)i, out_rate, diags);
        if (!s->earcons[i]) {
            sounds_destroy(s);
            return COACH_ERR_NO_INPUT;
        }
    }
    (void)rate;
    *out = s;
    return COACH_OK;
}

void sounds_destroy(sounds *s)
{
    if (!s)
        return;
    for (int i = 0; i < EARCON_COUNT; i++)
        clip_free(s->earcons[i]);
    for (size_t i = 0; i < CACHE_SIZE; i++) {
        free(s->cache[i].text);
        clip_free(s->cache[i].clip);
    }
    for (size_t i = 0; i < AHEAD_SIZE; i++)
        ahead_clear(&s->ahead[i]);
    free(s);
}

audio_clip *sounds_earcon(sounds *s, earcon e)
{
    return e < EARCON_COUNT ? s->earcons[e] : NULL;
}

void sounds_stats(const sounds *s, sounds_counts *out)
{
    *out = (sounds_counts){s->hits, s->made, s->made_ahead, s->used_ahead};
}
