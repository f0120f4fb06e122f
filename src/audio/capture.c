/* capture.c: a WAV file, resampled to 16 kHz mono, a block at a time. */
#include "capture.h"

#include <sndfile.h>
#include <speex/speex_resampler.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { BLOCK = 1024 };

struct capture {
    SNDFILE *f;
    SF_INFO info;
    SpeexResamplerState *rs; /* NULL when the file is already 16 kHz */
    float in[BLOCK * 8], mono[BLOCK];
    size_t have, used;       /* mono samples waiting in `mono` */
    int ended;
    int flushed;
};

coach_err capture_open(const char *path, capture **out, coach_diags *diags)
{
    *out = NULL;
    struct stat st;
    if (stat(path, &st) != 0) {
        coach_diags_add(diags, path, 0, 0, "no such file (--in wants a WAV file to use as the microphone)");
        return COACH_ERR_NO_INPUT;
    }
    capture *c = calloc(1, sizeof *c);
    if (!c)
        return COACH_ERR_NOMEM;
    c->f = sf_open(path, SFM_READ, &c->info);
    if (!c->f) {
        coach_diags_add(diags, path, 0, 0, "this is not an audio file coach can read: %s",
                        sf_strerror(NULL));
        free(c);
        return COACH_ERR_DATA;
    }
    const char *bad = NULL;
    if (c->info.frames <= 0)
        bad = "it holds no sound";
    else if (c->info.channels < 1 || c->info.channels > 8)
        bad = "it has more than eight channels";
    else if (c->info.samplerate < 4000 || c->info.samplerate > 192000)
        bad = "its sample rate is outside 4 to 192 kHz";
    if (bad) {
        coach_diags_add(diags, path, 0, 0, "this audio file cannot be the microphone: %s", bad);
        capture_close(c);
        return COACH_ERR_DATA;
    }
    if (c->info.samplerate != CAPTURE_RATE) {
        int err = 0;
        c->rs = speex_resampler_init(1, (spx_uint32_t)c->info.samplerate, CAPTURE_RATE, 5, &err);
        if (!c->rs) {
            capture_close(c);
            return COACH_ERR_NOMEM;
        }
        speex_resampler_skip_zeros(c->rs);
    }
    *out = c;
    return COACH_OK;
}

void capture_close(capture *c)
{
    if (!c)
        return;
    if (c->f)
        sf_close(c->f);
    if (c->rs)
        speex_resampler_destroy(c->rs);
    free(c);
}

int capture_file_rate(const capture *c)
{
    return c->info.samplerate;
}

/* Reads the next block of the file as mono, at its own rate. */
static size_t read_mono(capture *c, float *mono, size_t n)
{
    if (c->ended)
        return 0;
    int ch = c->info.channels;
    if (n > BLOCK)
        n = BLOCK;
    sf_count_t got = sf_readf_float(c->f, c->in, (sf_count_t)n);
    if (got <= 0) { /* the end, or a file cut short: what was there is used */
        c->ended = 1;
        return 0;
    }
    for (sf_count_t i = 0; i < got; i++) {
        float acc = 0;
        for (int k = 0; k < ch; k++)
            acc += c->in[i * ch + k];
        mono[i] = acc / (float)ch;
    }
    return (size_t)got;
}

size_t capture_read(capture *c, float *out, size_t n)
{
    size_t done = 0;
    while (done < n) {
        if (!c->rs) {
            size_t got = read_mono(c, out + done, n - done);
            if (!got)
                break;
            done += got;
            continue;
        }
        if (c->used == c->have) {
            c->have = read_mono(c, c->mono, BLOCK);
            c->used = 0;
            if (!c->have) {
                /* flush the filter's tail once */
                if (c->flushed)
                    break;
                c->flushed = 1;
                int latency = speex_resampler_get_input_latency(c->rs);
                memset(c->mono, 0, sizeof c->mono);
                c->have = (size_t)(latency < BLOCK ? latency : BLOCK);
                if (!c->have)
                    break;
            }
        }
        spx_uint32_t in_len = (spx_uint32_t)(c->have - c->used);
        spx_uint32_t out_len = (spx_uint32_t)(n - done);
        speex_resampler_process_float(c->rs, 0, c->mono + c->used, &in_len, out + done, &out_len);
        c->used += in_len;
        done += out_len;
        if (in_len == 0 && out_len == 0)
            break;
    }
    return done;
}
