/* mic.c: capture callback -> ring -> recognition thread -> ring. */
#include "mic.h"

#include <portaudio.h>
#include <pthread.h>
#include <speex/speex_resampler.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "device.h"
#include "ring.h"

enum { BLOCK = 320, BLOCKS = 512, UTTERANCES = 16, RATE16 = 16000 };

typedef struct block {
    unsigned n;
    float s[BLOCK];
} block;

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
    char name[128];
};

/* The audio callback: copies mono blocks; never blocks, locks or allocates. */
static int on_input(const void *in, void *out, unsigned long frames,
                    const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *user)
{
    (void)out, (void)time, (void)flags;
    mic *m = user;
    const float *x = in;
    while (x && frames > 0) {
        block b;
        b.n = frames < BLOCK ? (unsigned)frames : BLOCK;
        memcpy(b.s, x, b.n * sizeof *x);
        if (!spsc_ring_push(m->audio, &b))
            atomic_fetch_add_explicit(&m->overruns, 1, memory_order_relaxed);
        x += b.n;
        frames -= b.n;
    }
    return paContinue;
}

static void on_utterance(void *ctx, const asr_utterance *u)
{
    mic *m = ctx;
    mic_utterance h = {u->start, u->end, "", u->confidence, u->rejected, u->near};
    snprintf(h.text, sizeof h.text, "%s", u->text);
    spsc_ring_push(m->heard, &h); /* full: the control thread is not reading */
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
        asr_feed(m->rec, s, n, on_utterance, m);
    }
    return NULL;
}

coach_err mic_open(const char *device, const asr_config *cfg, mic **out, coach_diags *diags)
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
    m->audio = spsc_ring_create(sizeof(block), BLOCKS);
    m->heard = spsc_ring_create(sizeof(mic_utterance), UTTERANCES);
    coach_err err = m->audio && m->heard ? asr_create(cfg, &m->rec, diags) : COACH_ERR_NOMEM;
    if (err) {
        mic_close(m);
        return err;
    }
    PaStreamParameters p = {dev, 1, paFloat32, info->defaultLowInputLatency, NULL};
    int rate = RATE16;
    if (Pa_IsFormatSupported(&p, NULL, RATE16) != paFormatIsSupported)
        rate = (int)info->defaultSampleRate;
    if (rate != RATE16) {
        int e = 0;
        m->rs = speex_resampler_init(1, (spx_uint32_t)rate, RATE16, 5, &e);
        if (!m->rs) {
            mic_close(m);
            return COACH_ERR_NOMEM;
        }
        speex_resampler_skip_zeros(m->rs);
    }
    if (pthread_create(&m->thread, NULL, listen_thread, m) != 0) {
        mic_close(m);
        return COACH_ERR_NOMEM;
    }
    m->started = true;
    PaError pe = Pa_OpenStream(&m->stream, &p, NULL, rate, (unsigned long)(BLOCK * rate / RATE16),
                               paNoFlag, on_input, m);
    if (pe == paNoError)
        pe = Pa_StartStream(m->stream);
    if (pe != paNoError) {
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

bool mic_poll(mic *m, mic_utterance *out)
{
    return spsc_ring_pop(m->heard, out);
}

void mic_close(mic *m)
{
    if (!m)
        return;
    if (m->stream) {
        Pa_StopStream(m->stream);
        Pa_CloseStream(m->stream);
    }
    if (m->started) {
        atomic_store(&m->stop, true);
        pthread_join(m->thread, NULL);
    }
    asr_destroy(m->rec);
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
