/* mixer.c: voices started at exact frames, mixed with a soft limiter. */
#include "mixer.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "ring.h"

enum { MAX_VOICES = 64, RING_CAP = 1024 };
enum { CMD_PLAY, CMD_GAIN, CMD_DUCK, CMD_CUT };
/* a cut fades a voice out over 5 ms; a duck moves the level over 20 ms */
enum { CUT_FADE = 240, DUCK_RAMP = 960 };

typedef struct command {
    int type;
    audio_clip *clip;
    uint64_t frame;
    float gain;
} command;

typedef struct voice {
    audio_clip *clip;
    uint64_t start;   /* absolute frame of its first sample */
    uint64_t pos;     /* the next sample to play */
    float gain;
    uint64_t cut;     /* frame from which it fades out and ends; UINT64_MAX: never */
    bool used;
} voice;

struct mixer {
    int channels;
    spsc_ring *commands; /* control -> audio */
    spsc_ring *done;     /* audio -> control */
    /* owned by the audio thread */
    voice voices[MAX_VOICES];
    audio_clip *undelivered[MAX_VOICES]; /* finished, the done ring was full */
    int n_undelivered;
    float gain, next_gain;
    uint64_t gain_frame;
    bool gain_pending;
    float duck, duck_target, next_duck;  /* the duck's level, where it goes, and next */
    uint64_t duck_frame;
    bool duck_pending;
    /* shared */
    atomic_uint_fast64_t frames;
    atomic_uint active;
    atomic_uint_fast64_t late, dropped, limited;
    atomic_uint_fast64_t late_by, late_at; /* the clip most late: by how much, due when */
};

mixer *mixer_create(int channels)
{
    if (channels < 1 || channels > 2)
        return NULL;
    mixer *m = calloc(1, sizeof *m);
    if (!m)
        return NULL;
    m->channels = channels;
    m->commands = spsc_ring_create(sizeof(command), RING_CAP);
    m->done = spsc_ring_create(sizeof(audio_clip *), RING_CAP);
    if (!m->commands || !m->done) {
        mixer_destroy(m);
        return NULL;
    }
    m->gain = 1.0f;
    m->duck = m->duck_target = 1.0f;
    atomic_init(&m->frames, 0);
    atomic_init(&m->active, 0);
    atomic_init(&m->late, 0);
    atomic_init(&m->dropped, 0);
    atomic_init(&m->limited, 0);
    atomic_init(&m->late_by, 0);
    atomic_init(&m->late_at, 0);
    return m;
}

void mixer_destroy(mixer *m)
{
    if (!m)
        return;
    spsc_ring_destroy(m->commands);
    spsc_ring_destroy(m->done);
    free(m);
}

bool mixer_play(mixer *m, audio_clip *clip, uint64_t frame, float gain)
{
    command c = {CMD_PLAY, clip, frame, gain};
    if (!spsc_ring_push(m->commands, &c))
        return false;
    clip->pending++;
    atomic_fetch_add(&m->active, 1);
    return true;
}

bool mixer_set_gain(mixer *m, float gain, uint64_t frame)
{
    command c = {CMD_GAIN, NULL, frame, gain};
    return spsc_ring_push(m->commands, &c);
}

bool mixer_duck(mixer *m, float gain, uint64_t frame)
{
    command c = {CMD_DUCK, NULL, frame, gain};
    return spsc_ring_push(m->commands, &c);
}

bool mixer_cut(mixer *m, uint64_t frame)
{
    command c = {CMD_CUT, NULL, frame, 0.0f};
    return spsc_ring_push(m->commands, &c);
}

bool mixer_take_done(mixer *m, audio_clip **clip)
{
    if (!spsc_ring_pop(m->done, clip))
        return false;
    (*clip)->pending--;
    return true;
}

bool mixer_take_any(mixer *m, audio_clip **clip)
{
    if (mixer_take_done(m, clip))
        return true;
    if (m->n_undelivered > 0) {
        *clip = m->undelivered[--m->n_undelivered];
        (*clip)->pending--;
        return true;
    }
    for (int i = 0; i < MAX_VOICES; i++)
        if (m->voices[i].used) {
            m->voices[i].used = false;
            atomic_fetch_sub(&m->active, 1);
            *clip = m->voices[i].clip;
            (*clip)->pending--;
            return true;
        }
    /* the commands ring's consumer is the audio thread, which has stopped */
    command c;
    while (spsc_ring_pop(m->commands, &c))
        if (c.type == CMD_PLAY) {
            atomic_fetch_sub(&m->active, 1);
            *clip = c.clip;
            (*clip)->pending--;
            return true;
        }
    return false;
}

uint64_t mixer_frames(const mixer *m)
{
    return atomic_load(&((mixer *)m)->frames);
}

unsigned mixer_active(const mixer *m)
{
    return atomic_load(&((mixer *)m)->active);
}

mixer_stats mixer_get_stats(const mixer *m)
{
    mixer *mm = (mixer *)m;
    mixer_stats s = {atomic_load(&mm->late), atomic_load(&mm->dropped),
                     atomic_load(&mm->limited), atomic_load(&mm->late_by),
                     atomic_load(&mm->late_at)};
    return s;
}

/* Audio thread: hands a finished clip back (or keeps it for the next call). */
static void finished(mixer *m, audio_clip *c)
{
    if (!spsc_ring_push(m->done, &c) && m->n_undelivered < MAX_VOICES)
        m->undelivered[m->n_undelivered++] = c;
    atomic_fetch_sub(&m->active, 1);
}

/* A soft limiter: linear up to 0.7 (speech alone stays under it at the
 * default volume, level.h), then a smooth knee that never passes 0.87
 * (-1.2 dBFS): overlaps and louder volumes keep under -1 dBFS. */
static float limit(float x, uint64_t *bent)
{
    float a = fabsf(x);
    if (a <= 0.7f)
        return x;
    (*bent)++;
    float y = 0.7f + 0.17f * tanhf((a - 0.7f) / 0.17f);
    return x < 0 ? -y : y;
}

void mixer_render(mixer *m, float *out, unsigned frames)
{
    uint64_t now = atomic_load_explicit(&m->frames, memory_order_relaxed);
    uint64_t end = now + frames;
    /* hand back what could not be handed back last time */
    while (m->n_undelivered > 0 && spsc_ring_push(m->done, &m->undelivered[m->n_undelivered - 1]))
        m->n_undelivered--;
    /* take new commands */
    command c;
    while (spsc_ring_pop(m->commands, &c)) {
        if (c.type == CMD_GAIN) {
            m->next_gain = c.gain;
            m->gain_frame = c.frame;
            m->gain_pending = true;
            continue;
        }
        if (c.type == CMD_DUCK) {
            m->next_duck = c.gain;
            m->duck_frame = c.frame;
            m->duck_pending = true;
            continue;
        }
        if (c.type == CMD_CUT) {
            /* every voice that has started by then ends there (a cut
             * posted late fades from now: never a click) */
            uint64_t f = c.frame > now ? c.frame : now;
            for (int i = 0; i < MAX_VOICES; i++)
                if (m->voices[i].used && m->voices[i].start < f && m->voices[i].cut > f)
                    m->voices[i].cut = f;
            continue;
        }
        int slot = -1;
        for (int i = 0; i < MAX_VOICES; i++)
            if (!m->voices[i].used) {
                slot = i;
                break;
            }
        if (slot < 0) {
            atomic_fetch_add(&m->dropped, 1);
            finished(m, c.clip);
            continue;
        }
        if (c.frame < now) {
            atomic_fetch_add(&m->late, 1);
            if (now - c.frame > atomic_load_explicit(&m->late_by, memory_order_relaxed)) {
                atomic_store_explicit(&m->late_by, now - c.frame, memory_order_relaxed);
                atomic_store_explicit(&m->late_at, c.frame, memory_order_relaxed);
            }
        }
        m->voices[slot] = (voice){c.clip, c.frame, 0, c.gain, UINT64_MAX, true};
    }
    memset(out, 0, (size_t)frames * (size_t)m->channels * sizeof *out);
    /* mix the mono voices into channel 0, then limit and copy across */
    for (int i = 0; i < MAX_VOICES; i++) {
        voice *v = &m->voices[i];
        if (!v->used || (v->pos == 0 && v->start >= end))
            continue;
        /* a voice not yet started begins at its exact offset in this buffer;
         * one posted too late (its frame already rendered) begins at once,
         * whole, and was counted as late */
        uint64_t offset = v->pos == 0 && v->start > now ? v->start - now : 0;
        uint64_t n = v->clip->frames - v->pos;
        if (n > frames - offset)
            n = frames - offset;
        const float *src = v->clip->samples + v->pos;
        /* the absolute frame of src[0] */
        uint64_t at = now + offset;
        bool gone = false;
        for (uint64_t k = 0; k < n; k++) {
            float g = v->gain;
            if (at + k >= v->cut) {
                uint64_t into = at + k - v->cut;
                if (into >= CUT_FADE) {
                    gone = true;
                    break;
                }
                g *= 1.0f - (float)into / CUT_FADE;
            }
            out[(offset + k) * (uint64_t)m->channels] += src[k] * g;
        }
        v->pos += n;
        if (gone || v->pos >= v->clip->frames) {
            finished(m, v->clip);
            v->used = false;
        }
    }
    uint64_t bent = 0;
    for (unsigned k = 0; k < frames; k++) {
        if (m->gain_pending && now + k >= m->gain_frame) {
            m->gain = m->next_gain;
            m->gain_pending = false;
        }
        if (m->duck_pending && now + k >= m->duck_frame) {
            m->duck_target = m->next_duck;
            m->duck_pending = false;
        }
        if (m->duck != m->duck_target) {
            float step = 1.0f / DUCK_RAMP;
            float d = m->duck_target - m->duck;
            m->duck = fabsf(d) <= step ? m->duck_target : m->duck + (d > 0 ? step : -step);
        }
        float x = limit(out[(size_t)k * (size_t)m->channels] * m->gain * m->duck, &bent);
        for (int ch = 0; ch < m->channels; ch++)
            out[(size_t)k * (size_t)m->channels + (size_t)ch] = x;
    }
    if (bent)
        atomic_fetch_add(&m->limited, bent);
    atomic_store_explicit(&m->frames, end, memory_order_release);
}
