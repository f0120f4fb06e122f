/* mic.c: capture callback -> ring -> recognition thread -> ring. */
#include "mic.h"

#include <limits.h>
#include <math.h>
#include <portaudio.h>
#include <pthread.h>
#include <speex/speex_resampler.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "device.h"
#include "pacall.h"
#include "ring.h"

enum { BLOCK = 320, BLOCKS = 512, UTTERANCES = 32, RATE16 = 16000, OUT_RATE = 48000 };
/* the playback at 16 kHz, kept for 4 s */
enum { REF16 = 65536 };
/* the canceller is handed the playback this much ahead of the echo as
 * measured: it follows an echo that comes after its reference (up to its
 * tail), never one that comes before (16 kHz samples: 30 ms, three times
 * the measurement's 10 ms step) */
enum { REF_LEAD = 480 };
/* the offset: the median of the first 50 measurements (1 s), then moved
 * only when it is 3 ms out */
enum { CLOCK_FIRST = 50, CLOCK_MOVE = 48 };
/* the delay from the sound: 10 ms energies kept for 5 s; every 0.5 s the
 * last 2 s of the microphone's are matched against the playback's within
 * 0.6 s either way of the offset in use */
enum { ENV = 512, ENV_FRAME = 160, ENV_EVERY = 50, ENV_WINDOW = 200, ENV_SEARCH = 60 };
#define ENV_MIN_CORR 0.7

typedef struct block {
    unsigned n;
    double adc;   /* when its first sample was recorded (stream time; 0: unknown) */
    float s[BLOCK];
} block;

/* Echo cancelling: the playback brought to 16 kHz, and where it stands
 * against the microphone's samples. Owned by the recognition thread. */
typedef struct echo_state {
    aec *aec;
    spsc_ring *ref;              /* from the output callback */
    SpeexResamplerState *rs;     /* 48 -> 16 kHz */
    float *ref16;                /* a ring of REF16 samples */
    uint64_t ref16_n;            /* 16 kHz samples of playback made */
    uint64_t next_frame;         /* the output frame expected next */
    bool started;
    double map_frame, map_dac;   /* the latest stamp: this frame reaches the speaker then */
    bool mapped;
    double off;                  /* playback index minus microphone index (16 kHz), smoothed */
    long applied;                /* the offset in use */
    bool have_off;
    double first[64];            /* the first measurements */
    int n_first;
    uint64_t origin;             /* the output frame of the microphone's first sample (a guess) */
    /* the delay measured from the sound itself: 10 ms energies of the
     * playback (by its frame) and of the microphone (by its own), rings */
    float env_ref[ENV], env_mic[ENV];
    double acc_ref, acc_mic;     /* the frame being summed */
    uint64_t frames_mic;         /* whole microphone frames summed */
    long found, found_prev;      /* the last two measured offsets, frames; LONG_MIN: none */
    unsigned long measured;      /* offsets the sound set or confirmed */
    uint64_t res_n;              /* residual samples handed to the recogniser */
    bool ducked;                 /* as last told to the control thread */
} echo_state;

struct mic {
    PaStream *stream;
    spsc_ring *audio;      /* callback -> recognition thread */
    spsc_ring *heard;      /* recognition thread -> control thread */
    asr *rec;
    SpeexResamplerState *rs; /* NULL when the device records at 16 kHz */
    pthread_t thread;
    bool started;
    atomic_bool stop;
    atomic_uint_fast64_t overruns;
    /* the echo over the user's voice (aec_stats), for the control thread:
     * the count of voices in the high 32 bits, hundredths of a dB below */
    atomic_int_fast64_t echo_voice;
    char name[128];
    double rate;           /* the device's */
    uint64_t mic16_n;      /* 16 kHz samples recorded so far (recognition thread) */
    echo_state *echo;      /* NULL: no echo cancelling */
    uint64_t origin;       /* mic_origin */
};

/* The audio callback: copies mono blocks; never blocks, locks or allocates. */
static int on_input(const void *in, void *out, unsigned long frames,
                    const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *user)
{
    (void)out, (void)flags;
    mic *m = user;
    const float *x = in;
    double adc = time ? time->inputBufferAdcTime : 0.0, rate = m->rate;
    while (x && frames > 0) {
        block b;
        b.n = frames < BLOCK ? (unsigned)frames : BLOCK;
        b.adc = adc;
        adc = adc > 0 ? adc + b.n / rate : 0.0;
        memcpy(b.s, x, b.n * sizeof *x);
        if (!spsc_ring_push(m->audio, &b))
            atomic_fetch_add_explicit(&m->overruns, 1, memory_order_relaxed);
        x += b.n;
        frames -= b.n;
    }
    return paContinue;
}

/* The output frame the speaker was playing when the microphone recorded
 * the 16 kHz sample at t seconds; 0 when not known. */
static uint64_t out_frame(const mic *m, double t)
{
    const echo_state *e = m->echo;
    if (!e || !e->have_off)
        return 0;
    double i = t * RATE16 + (double)e->applied;
    return i > 0 ? (uint64_t)(i * (OUT_RATE / RATE16)) : 0;
}

static void on_utterance(void *ctx, const asr_utterance *u)
{
    mic *m = ctx;
    mic_utterance h = {u->start, u->end, "", u->confidence, u->rejected, u->near,
                       BARGEIN_UNKNOWN, out_frame(m, u->start), out_frame(m, u->end), -1};
    snprintf(h.text, sizeof h.text, "%s", u->text);
    if (m->echo) {
        h.verdict = bargein_judge(m->echo->aec, u->start, u->end);
        if (bargein_note_voice(m->echo->aec, u, h.verdict)) {
            aec_stats st = aec_get_stats(m->echo->aec);
            int32_t cdb = (int32_t)lrint(st.echo_over_voice_db * 100.0);
            atomic_store(&m->echo_voice, ((int_fast64_t)st.voices << 32) | (int_fast64_t)(uint32_t)cdb);
        }
        m->echo->ducked = false; /* decided: the control thread lets the coach back up */
    }
    spsc_ring_push(m->heard, &h); /* full: the control thread is not reading */
}

/* Takes the playback the output callback has rendered into the 16 kHz
 * ring (silence where blocks went missing: the echo of what they held
 * cannot be cancelled, so the canceller counts that as a path that moved,
 * and vouches for nothing until it has learnt again), and notes its
 * latest stamp. */
static void take_playback(echo_state *e)
{
    mic_ref_block rb;
    float out16[MIC_REF_FRAMES / 3 + 16], zeros[MIC_REF_FRAMES] = {0};
    while (spsc_ring_pop(e->ref, &rb)) {
        if (e->started && rb.frame < e->next_frame)
            continue; /* cannot happen: blocks come in order */
        uint64_t missing = e->started ? rb.frame - e->next_frame : 0;
        if (missing > 0)
            aec_path_moved(e->aec);
        unsigned frames = rb.n;
        if (!e->started)
            e->ref16_n = rb.frame / (OUT_RATE / RATE16); /* the ring's index is the frame's */
        while (missing > 0 || rb.n > 0) {
            const float *src = missing > 0 ? zeros : rb.s;
            spx_uint32_t in_len = missing > 0 ? (missing < MIC_REF_FRAMES ? (spx_uint32_t)missing
                                                                          : MIC_REF_FRAMES)
                                              : rb.n;
            spx_uint32_t used = in_len, made = sizeof out16 / sizeof out16[0];
            speex_resampler_process_float(e->rs, 0, src, &used, out16, &made);
            for (spx_uint32_t k = 0; k < made; k++) {
                e->acc_ref += (double)out16[k] * out16[k];
                e->ref16[e->ref16_n++ % REF16] = out16[k];
                if (e->ref16_n % ENV_FRAME == 0) {
                    e->env_ref[(e->ref16_n / ENV_FRAME - 1) % ENV] = (float)log10(e->acc_ref + 1e-7);
                    e->acc_ref = 0;
                }
            }
            if (missing > 0)
                missing -= used;
            else
                rb.n = 0;
        }
        e->started = true;
        e->next_frame = rb.frame + frames;
        if (rb.dac_time > 0) {
            e->map_frame = (double)rb.frame;
            e->map_dac = rb.dac_time;
            e->mapped = true;
        }
    }
}

/* Moves the offset in use to v; a move is a change of the echo's path
 * that the canceller must learn again (aec_path_moved). */
static void move_offset(echo_state *e, long v)
{
    if (v != e->applied && e->have_off)
        aec_path_moved(e->aec);
    e->applied = v;
}

/* Where the playback stands against the microphone block starting at
 * 16 kHz sample mic16 recorded at adc. The stream times jitter by several
 * milliseconds from block to block, and every change of the offset is a
 * jump the canceller must learn again: the offset is the median of the
 * first CLOCK_FIRST measurements, then follows their slow average (a 10 s
 * time constant) only when that has moved CLOCK_MOVE samples away, which
 * the drift between two devices' clocks (up to about 100 ppm) does every
 * 20 s or more. From the guessed origin while the stream times are unknown. */
static void follow_clocks(echo_state *e, uint64_t mic16, double adc)
{
    if (!e->mapped || adc <= 0) {
        if (!e->have_off) {
            e->off = (double)e->origin / (OUT_RATE / RATE16);
            e->applied = lround(e->off);
            e->have_off = true;
        }
        return;
    }
    if (e->measured > 0)
        return; /* the sound itself says better */
    double meas = (e->map_frame + (adc - e->map_dac) * OUT_RATE) / (OUT_RATE / RATE16) - (double)mic16;
    if (e->n_first < CLOCK_FIRST) {
        e->first[e->n_first++] = meas;
        if (e->n_first < CLOCK_FIRST && e->have_off)
            return;
        /* the median so far: a first offset at once, a better one soon */
        double sorted[CLOCK_FIRST];
        memcpy(sorted, e->first, (size_t)e->n_first * sizeof *sorted);
        for (int i = 1; i < e->n_first; i++)
            for (int j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
                double t = sorted[j];
                sorted[j] = sorted[j - 1];
                sorted[j - 1] = t;
            }
        e->off = sorted[e->n_first / 2];
        move_offset(e, lround(e->off));
        e->have_off = true;
        return;
    }
    e->off += 0.002 * (meas - e->off);
    if (fabs(e->off - (double)e->applied) >= CLOCK_MOVE)
        move_offset(e, lround(e->off));
}

/* The offset (playback frame minus microphone frame, 10 ms frames) at
 * which the last ENV_WINDOW frames of the microphone's energies best match
 * the playback's, within ENV_SEARCH of around; LONG_MIN when no offset
 * matches well (the coach was quiet, or the user talked over it). */
static long envelope_offset(const echo_state *e, long around)
{
    uint64_t mic_end = e->frames_mic; /* frames [mic_end - W, mic_end) */
    uint64_t ref_frames = e->ref16_n / ENV_FRAME;
    if (mic_end < ENV_WINDOW)
        return LONG_MIN;
    double ma = 0, mv = 0;
    for (uint64_t f = mic_end - ENV_WINDOW; f < mic_end; f++)
        ma += e->env_mic[f % ENV];
    ma /= ENV_WINDOW;
    for (uint64_t f = mic_end - ENV_WINDOW; f < mic_end; f++)
        mv += (e->env_mic[f % ENV] - ma) * (e->env_mic[f % ENV] - ma);
    double best = -2;
    long best_l = LONG_MIN;
    for (long l = around - ENV_SEARCH; l <= around + ENV_SEARCH; l++) {
        long long first = (long long)(mic_end - ENV_WINDOW) + l, last = (long long)mic_end + l;
        if (first < 0 || (uint64_t)last > ref_frames || ref_frames - (uint64_t)first > ENV)
            continue;
        double ra = 0, rv = 0, cv = 0;
        for (long long f = first; f < last; f++)
            ra += e->env_ref[f % ENV];
        ra /= ENV_WINDOW;
        for (long long f = first; f < last; f++) {
            double r = e->env_ref[f % ENV] - ra, m = e->env_mic[(uint64_t)(f - l) % ENV] - ma;
            rv += r * r;
            cv += r * m;
        }
        double c = rv > 0 && mv > 0 ? cv / sqrt(rv * mv) : 0;
        if (c > best) {
            best = c;
            best_l = l;
        }
    }
    return best >= ENV_MIN_CORR ? best_l : LONG_MIN;
}

/* Every ENV_EVERY microphone frames: the delay measured from the sound; two
 * measurements in a row that agree (within a frame) and differ from the
 * offset in use by more set it, and from the first two that agree the
 * stream times no longer move it. This is
 * what follows the devices' drift and a sound server's changing buffers,
 * which the stream times do not show. */
static void follow_sound(echo_state *e)
{
    if (e->frames_mic % ENV_EVERY != 0 || !e->have_off)
        return;
    long around = (long)floor((double)e->applied / ENV_FRAME + 0.5);
    long l = envelope_offset(e, around);
    bool agree = l != LONG_MIN && e->found != LONG_MIN && labs(l - e->found) <= 1;
    e->found = l;
    if (!agree)
        return;
    long want = l * ENV_FRAME;
    if (labs(want - e->applied) > ENV_FRAME) {
        move_offset(e, want);
        e->off = (double)want;
    }
    /* moved or confirmed, the sound says from now on: the stream times
     * jitter (on a loaded machine, enough to move the offset back and
     * forth by 3 ms every few seconds, each move a jump the canceller
     * learned again: a loaded run that moved it 8 times so cancelled 7 dB
     * of echo, against 17 to 18 in runs that had the sound's) */
    e->measured++;
}

/* Cancels the echo from n microphone samples (16 kHz, starting at sample
 * mic16, recorded at adc) and hands the residual to the recogniser. */
static void hear_cancelled(mic *m, const float *x, size_t n, double adc)
{
    echo_state *e = m->echo;
    take_playback(e);
    follow_clocks(e, m->mic16_n, adc);
    float ref[BLOCK * 2], res[BLOCK * 2 + 160];
    for (size_t i = 0; i < n; i++) {
        e->acc_mic += (double)x[i] * x[i];
        if ((m->mic16_n + i + 1) % ENV_FRAME == 0) {
            e->env_mic[e->frames_mic++ % ENV] = (float)log10(e->acc_mic + 1e-7);
            e->acc_mic = 0;
            follow_sound(e);
        }
    }
    for (size_t i = 0; i < n; i++) {
        long long at = (long long)(m->mic16_n + i) + e->applied + REF_LEAD;
        bool kept = at >= 0 && (uint64_t)at < e->ref16_n && e->ref16_n - (uint64_t)at <= REF16;
        ref[i] = kept ? e->ref16[(uint64_t)at % REF16] : 0.0f;
    }
    size_t made = aec_process(e->aec, x, ref, n, res, sizeof res / sizeof res[0]);
    asr_feed(m->rec, res, made, on_utterance, m);
    e->res_n += made;
    bool down;
    if (bargein_duck(e->aec, m->rec, (double)e->res_n / RATE16, &down) && down != e->ducked) {
        e->ducked = down;
        mic_utterance d = {0};
        d.duck = down;
        spsc_ring_push(m->heard, &d);
    }
}

static void *listen_thread(void *arg)
{
    mic *m = arg;
    block b;
    float out16[BLOCK * 2];
    while (!atomic_load(&m->stop)) {
        if (!spsc_ring_pop(m->audio, &b)) {
            struct timespec ts = {0, 5 * 1000 * 1000};
            nanosleep(&ts, NULL);
            continue;
        }
        const float *s = b.s;
        spx_uint32_t n = b.n;
        if (m->rs) {
            spx_uint32_t in_len = b.n, out_len = BLOCK * 2;
            speex_resampler_process_float(m->rs, 0, b.s, &in_len, out16, &out_len);
            s = out16;
            n = out_len;
        }
        if (m->echo)
            hear_cancelled(m, s, n, b.adc);
        else
            asr_feed(m->rec, s, n, on_utterance, m);
        m->mic16_n += n;
    }
    return NULL;
}

/* The echo canceller's state for the playback in echo; NULL when out of memory. */
static echo_state *echo_create(const mic_echo *echo)
{
    echo_state *e = calloc(1, sizeof *e);
    int err = 0;
    if (!e || !(e->ref16 = calloc(REF16, sizeof *e->ref16)) ||
        !(e->aec = aec_create(BARGEIN_AEC_TAIL_S)) ||
        !(e->rs = speex_resampler_init(1, OUT_RATE, RATE16, 5, &err))) {
        if (e) {
            free(e->ref16);
            aec_destroy(e->aec);
            free(e);
        }
        return NULL;
    }
    speex_resampler_skip_zeros(e->rs);
    e->ref = echo->ref;
    e->found = LONG_MIN;
    return e;
}

static void echo_destroy(echo_state *e)
{
    if (!e)
        return;
    free(e->ref16);
    aec_destroy(e->aec);
    speex_resampler_destroy(e->rs);
    free(e);
}

coach_err mic_open(const char *device, const asr_config *cfg, const mic_echo *echo,
                   const mic_clock *clock, mic **out, coach_diags *diags)
{
    *out = NULL;
    PaDeviceIndex dev = device_find(device, true);
    const PaDeviceInfo *info = dev == paNoDevice ? NULL : Pa_GetDeviceInfo(dev);
    if (!info || info->maxInputChannels < 1) {
        if (device)
            coach_diags_add(diags, NULL, 0, 0,
                            "no microphone is called '%s'; 'coach devices' lists them", device);
        else
            coach_diags_add(diags, NULL, 0, 0, "no microphone found");
        return COACH_ERR_UNAVAILABLE;
    }
    mic *m = calloc(1, sizeof *m);
    if (!m)
        return COACH_ERR_NOMEM;
    snprintf(m->name, sizeof m->name, "%s", info->name);
    atomic_init(&m->stop, false);
    atomic_init(&m->overruns, 0);
    atomic_init(&m->echo_voice, 0);
    m->audio = spsc_ring_create(sizeof(block), BLOCKS);
    m->heard = spsc_ring_create(sizeof(mic_utterance), UTTERANCES);
    coach_err err = m->audio && m->heard ? asr_create(cfg, &m->rec, diags) : COACH_ERR_NOMEM;
    if (!err && echo && echo->ref && !(m->echo = echo_create(echo)))
        err = COACH_ERR_NOMEM;
    if (err) {
        mic_close(m);
        return err;
    }
    PaStreamParameters p = {dev, 1, paFloat32, info->defaultLowInputLatency, NULL};
    int rate = RATE16;
    if (pacall_format_supported(&p, NULL, RATE16) != paFormatIsSupported)
        rate = (int)info->defaultSampleRate;
    m->rate = rate;
    if (rate != RATE16) {
        int e = 0;
        m->rs = speex_resampler_init(1, (spx_uint32_t)rate, RATE16, 5, &e);
        if (!m->rs) {
            mic_close(m);
            return COACH_ERR_NOMEM;
        }
        speex_resampler_skip_zeros(m->rs);
    }
    device_sched saved;
    device_raise_begin(&saved, DEVICE_LISTEN); /* the decoder's thread raised a little */
    int made = pthread_create(&m->thread, NULL, listen_thread, m);
    device_raise_end(&saved);
    if (made != 0) {
        mic_close(m);
        return COACH_ERR_NOMEM;
    }
    m->started = true;
    device_raise_begin(&saved, DEVICE_STREAM); /* the stream's threads (not the decoder's) raised */
    PaError pe = pacall_open(&m->stream, &p, NULL, rate, (unsigned long)(BLOCK * rate / RATE16),
                             on_input, m);
    if (pe == paNoError) {
        /* read as late as can be: the recogniser took seconds to load
         * under the sanitizers, and an origin read before it put every
         * utterance without echo cancelling that much early */
        m->origin = clock ? clock->playing(clock->ctx) : 0;
        if (m->echo)
            m->echo->origin = m->origin; /* its thread reads it after the first block */
        pe = pacall_start(m->stream);
    }
    device_raise_end(&saved);
    if (pe != paNoError) {
        if (pacall_stuck())
            coach_diags_add(diags, NULL, 0, 0, "%s", pacall_stuck_text());
        else
            coach_diags_add(diags, NULL, 0, 0, "the microphone '%s' could not be opened (%s)",
                            info->name, Pa_GetErrorText(pe));
        mic_close(m);
        return COACH_ERR_UNAVAILABLE;
    }
    *out = m;
    return COACH_OK;
}

const char *mic_name(const mic *m)
{
    return m->name;
}

uint64_t mic_origin(const mic *m)
{
    return m->origin;
}

bool mic_poll(mic *m, mic_utterance *out)
{
    return spsc_ring_pop(m->heard, out);
}

void mic_stop(mic *m)
{
    if (!m)
        return;
    if (m->stream) {
        /* what the microphone still holds is not wanted: abort, not stop
         * (stopping waits for a server that may be stuck) */
        pacall_stop(m->stream, true);
        pacall_close(m->stream);
        m->stream = NULL;
    }
    if (m->started) {
        atomic_store(&m->stop, true);
        pthread_join(m->thread, NULL);
        m->started = false;
    }
}

void mic_close(mic *m)
{
    if (!m)
        return;
    mic_stop(m);
    asr_destroy(m->rec);
    echo_destroy(m->echo);
    if (m->rs)
        speex_resampler_destroy(m->rs);
    spsc_ring_destroy(m->audio);
    spsc_ring_destroy(m->heard);
    free(m);
}

uint64_t mic_overruns(const mic *m)
{
    return atomic_load(&((mic *)m)->overruns);
}

int mic_echo_over_voice(const mic *m, double *db)
{
    int_fast64_t v = atomic_load(&((mic *)m)->echo_voice);
    *db = (int32_t)(uint32_t)(v & 0xffffffff) / 100.0;
    return (int)(v >> 32);
}

bool mic_aec_stats(const mic *m, aec_stats *out)
{
    if (!m->echo || m->started)
        return false;
    *out = aec_get_stats(m->echo->aec);
    return true;
}
