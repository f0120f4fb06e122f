/* room.c: exact streaming convolution with a room's impulse response. */
#include "room.h"

#include <fftw3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"

enum { B = 160 }; /* the partition: 10 ms at 16 kHz */
#define N (2 * B)  /* the FFT size of overlap-save */
#define BINS (B + 1)

struct room {
    float *h;             /* the response, 16 kHz */
    size_t len, delay;
    size_t parts;         /* partitions after the first (the tail) */
    fftwf_complex *H;     /* parts x BINS: the tail's partitions, transformed */
    fftwf_complex *X;     /* parts x BINS: the last input blocks, transformed (a ring) */
    size_t x_head;        /* the slot of the newest block in X */
    float hist[B];        /* the last B input samples (the head's direct part) */
    float prev[B], cur[B];/* the block before, and the block being filled */
    size_t fill;          /* samples in cur */
    float tail[B];        /* the tail's contribution to the block being filled */
    float *time;          /* N: FFT scratch */
    fftwf_complex *spec;  /* BINS: FFT scratch */
    fftwf_plan fwd, inv;
};

/* Reads the whole response at 16 kHz (at most ROOM_MAX_SECONDS). */
static coach_err read_response(room *r, const char *path, coach_diags *diags)
{
    capture *c = NULL;
    coach_err err = capture_open(path, &c, diags);
    if (err)
        return err;
    size_t cap = (size_t)(ROOM_MAX_SECONDS * CAPTURE_RATE);
    r->h = calloc(cap, sizeof *r->h);
    if (!r->h) {
        capture_close(c);
        return COACH_ERR_NOMEM;
    }
    size_t got;
    while (r->len < cap && (got = capture_read(c, r->h + r->len, cap - r->len)) > 0)
        r->len += got;
    float extra;
    if (r->len == cap && capture_read(c, &extra, 1) > 0)
        coach_diags_add(diags, path, 0, 0,
                        "this room response is longer than %g seconds; the rest is left out",
                        ROOM_MAX_SECONDS);
    /* a response is not a sound: resampled like one, an impulse at 48 kHz
     * keeps its height but spreads over a third of the samples at 16 kHz,
     * and the echo came out 9.5 dB quieter than the response's level says;
     * scaled by the rates' ratio, its level is the echo's gain at any rate */
    float k = (float)capture_file_rate(c) / (float)CAPTURE_RATE;
    for (size_t i = 0; i < r->len; i++)
        r->h[i] *= k;
    capture_close(c);
    while (r->delay < r->len && r->h[r->delay] == 0.0f)
        r->delay++;
    if (r->delay == r->len) {
        coach_diags_add(diags, path, 0, 0, "this room response is silent: it would echo nothing");
        return COACH_ERR_DATA;
    }
    return COACH_OK;
}

/* Transforms the tail's partitions and makes the plans. */
static coach_err prepare(room *r)
{
    r->parts = r->len > B ? (r->len - B + B - 1) / B : 0;
    size_t slots = r->parts ? r->parts : 1;
    r->H = fftwf_alloc_complex(slots * BINS);
    r->X = fftwf_alloc_complex(slots * BINS);
    r->time = fftwf_alloc_real(N);
    r->spec = fftwf_alloc_complex(BINS);
    if (!r->H || !r->X || !r->time || !r->spec)
        return COACH_ERR_NOMEM;
    memset(r->X, 0, slots * BINS * sizeof *r->X);
    /* FFTW_ESTIMATE: plans made at once, and the same on every machine */
    r->fwd = fftwf_plan_dft_r2c_1d(N, r->time, r->spec, FFTW_ESTIMATE);
    r->inv = fftwf_plan_dft_c2r_1d(N, r->spec, r->time, FFTW_ESTIMATE);
    if (!r->fwd || !r->inv)
        return COACH_ERR_NOMEM;
    for (size_t p = 0; p < r->parts; p++) {
        memset(r->time, 0, N * sizeof *r->time);
        size_t from = (p + 1) * B;
        for (size_t k = 0; k < B && from + k < r->len; k++)
            r->time[k] = r->h[from + k];
        fftwf_execute(r->fwd);
        memcpy(r->H + p * BINS, r->spec, BINS * sizeof *r->spec);
    }
    return COACH_OK;
}

coach_err room_open(const char *path, room **out, coach_diags *diags)
{
    *out = NULL;
    room *r = calloc(1, sizeof *r);
    if (!r)
        return COACH_ERR_NOMEM;
    coach_err err = read_response(r, path, diags);
    if (!err)
        err = prepare(r);
    if (err) {
        room_close(r);
        return err;
    }
    *out = r;
    return COACH_OK;
}

void room_close(room *r)
{
    if (!r)
        return;
    if (r->fwd)
        fftwf_destroy_plan(r->fwd);
    if (r->inv)
        fftwf_destroy_plan(r->inv);
    fftwf_free(r->H);
    fftwf_free(r->X);
    fftwf_free(r->time);
    fftwf_free(r->spec);
    free(r->h);
    free(r);
}

/* A block of input is complete: its spectrum (with the block before) goes
 * into the ring, and the tail's part of the next block is computed from
 * every partition: sum over p of H[p] times the block p+1 blocks back... as
 * overlap-save gives it. */
static void block_done(room *r)
{
    if (r->parts) {
        memcpy(r->time, r->prev, B * sizeof *r->time);
        memcpy(r->time + B, r->cur, B * sizeof *r->time);
        fftwf_execute(r->fwd);
        r->x_head = (r->x_head + 1) % r->parts;
        memcpy(r->X + r->x_head * BINS, r->spec, BINS * sizeof *r->spec);
        /* the next block's tail: partition p (taps (p+1)B...) meets the
         * block p slots back from the newest */
        for (size_t k = 0; k < BINS; k++)
            r->spec[k][0] = r->spec[k][1] = 0;
        for (size_t p = 0; p < r->parts; p++) {
            fftwf_complex *x = r->X + ((r->x_head + r->parts - p) % r->parts) * BINS;
            fftwf_complex *hh = r->H + p * BINS;
            for (size_t k = 0; k < BINS; k++) {
                r->spec[k][0] += x[k][0] * hh[k][0] - x[k][1] * hh[k][1];
                r->spec[k][1] += x[k][0] * hh[k][1] + x[k][1] * hh[k][0];
            }
        }
        fftwf_execute(r->inv);
        for (size_t k = 0; k < B; k++)
            r->tail[k] = r->time[B + k] / (float)N;
    }
    memcpy(r->prev, r->cur, sizeof r->prev);
    r->fill = 0;
}

void room_process(room *r, const float *speaker, float *echo, size_t n)
{
    size_t head = r->len < B ? r->len : B;
    for (size_t i = 0; i < n; i++) {
        /* the newest sample goes first in the history */
        memmove(r->hist + 1, r->hist, (B - 1) * sizeof *r->hist);
        r->hist[0] = speaker[i];
        double acc = r->tail[r->fill];
        for (size_t j = 0; j < head; j++)
            acc += (double)r->h[j] * r->hist[j];
        echo[i] = (float)acc;
        r->cur[r->fill++] = speaker[i];
        if (r->fill == B)
            block_done(r);
    }
}

size_t room_length(const room *r)
{
    return r->len;
}

size_t room_delay(const room *r)
{
    return r->delay;
}
