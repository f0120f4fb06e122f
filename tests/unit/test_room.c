/* test_room.c: the simulated room (--echo) against a direct convolution:
 * exact in any chunking, its delay read from the response, long tails, its
 * level the echo's gain at any rate, and bad responses refused. */
#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdlib.h>

#include "audio/room.h"
#include "check.h"

/* Writes a response of n samples at 16 kHz: silence for delay samples, then
 * a unit impulse and a decaying deterministic tail. */
static const char *write_response(const char *path, size_t n, size_t delay, float *h)
{
    uint32_t seed = 7;
    for (size_t i = 0; i < n; i++) {
        seed = seed * 1664525u + 1013904223u;
        double u = (double)(seed >> 8) / (double)(1u << 24) - 0.5;
        h[i] = i < delay ? 0.0f : i == delay ? 0.8f : (float)(u * 0.3 * exp(-(double)(i - delay) / 1500.0));
    }
    SF_INFO info = {0};
    info.samplerate = 16000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE *f = sf_open(path, SFM_WRITE, &info);
    sf_writef_float(f, h, (sf_count_t)n);
    sf_close(f);
    return path;
}

static void test_exact(size_t n_h, size_t delay)
{
    float *h = calloc(n_h, sizeof *h);
    const char *path = write_response("/tmp/coach-test-room.wav", n_h, delay, h);
    coach_diags *d = coach_diags_create();
    room *r = NULL;
    CHECK_INT(room_open(path, &r, d), COACH_OK);
    if (!r) {
        coach_diags_print(d, stderr);
        free(h);
        coach_diags_destroy(d);
        return;
    }
    CHECK_INT(room_length(r), n_h);
    CHECK_INT(room_delay(r), delay);
    enum { LEN = 16000 };
    float *x = malloc(LEN * sizeof *x), *y = malloc(LEN * sizeof *y);
    uint32_t seed = 99;
    for (size_t i = 0; i < LEN; i++) {
        seed = seed * 1664525u + 1013904223u;
        x[i] = (float)((double)(seed >> 8) / (double)(1u << 24) - 0.5);
    }
    /* fed in uneven chunks, as the render hands them */
    static const size_t chunks[] = {1, 7, 160, 333, 159, 161, 2, 1000};
    size_t at = 0;
    for (size_t k = 0; at < LEN; k++) {
        size_t c = chunks[k % 8];
        if (c > LEN - at)
            c = LEN - at;
        room_process(r, x + at, y + at, c);
        at += c;
    }
    double worst = 0;
    for (size_t i = 0; i < LEN; i += 7) {
        double want = 0;
        for (size_t j = 0; j < n_h && j <= i; j++)
            want += (double)h[j] * x[i - j];
        worst = fmax(worst, fabs(want - y[i]));
    }
    if (worst > 1e-4)
        fprintf(stderr, "room of %zu samples, delay %zu: off by %g\n", n_h, delay, worst);
    CHECK(worst <= 1e-4);
    /* nothing comes back before the delay */
    for (size_t i = 0; i < delay && i < LEN; i++)
        CHECK(y[i] == 0.0f);
    room_close(r);
    free(x);
    free(y);
    free(h);
    coach_diags_destroy(d);
}

/* A response's level is the echo's gain at any rate: a direct path of 0.5
 * written at rate echoes a 500 Hz tone at half its level (-6 dB). Resampled
 * like a sound, a 48 kHz response gave 9.5 dB less. */
static void test_gain_at_rate(int rate)
{
    const char *path = "/tmp/coach-test-room-rate.wav";
    size_t n = (size_t)rate / 10; /* 0.1 s: 20 ms of delay, then the impulse alone */
    float *h = calloc(n, sizeof *h);
    h[(size_t)rate / 50] = 0.5f;
    SF_INFO info = {0};
    info.samplerate = rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE *f = sf_open(path, SFM_WRITE, &info);
    sf_writef_float(f, h, (sf_count_t)n);
    sf_close(f);
    free(h);
    coach_diags *d = coach_diags_create();
    room *r = NULL;
    CHECK_INT(room_open(path, &r, d), COACH_OK);
    if (r) {
        enum { LEN = 16000 };
        float *x = malloc(LEN * sizeof *x), *y = malloc(LEN * sizeof *y);
        for (size_t i = 0; i < LEN; i++)
            x[i] = (float)(0.5 * sin(2.0 * M_PI * 500.0 * (double)i / 16000.0));
        room_process(r, x, y, LEN);
        double ex = 0, ey = 0;
        for (size_t i = 4000; i < LEN; i++) { /* past the delay and the start */
            ex += (double)x[i] * x[i];
            ey += (double)y[i] * y[i];
        }
        double gain_db = 10.0 * log10(ey / ex);
        if (fabs(gain_db + 6.02) > 0.3)
            fprintf(stderr, "a response at %d Hz: gain %.2f dB, not -6.02\n", rate, gain_db);
        CHECK(fabs(gain_db + 6.02) <= 0.3);
        room_close(r);
        free(x);
        free(y);
    }
    coach_diags_destroy(d);
}

int main(void)
{
    test_gain_at_rate(16000);
    test_gain_at_rate(48000);
    test_gain_at_rate(44100);
    test_gain_at_rate(8000);
    test_exact(100, 0);     /* shorter than a partition */
    test_exact(161, 20);    /* one sample into the tail */
    test_exact(4800, 480);  /* 30 ms delay, 0.3 s of reverb */
    test_exact(9600, 960);  /* 60 ms, 0.6 s */

    coach_diags *d = coach_diags_create();
    room *r = NULL;
    CHECK_INT(room_open("/tmp/coach-no-such-room.wav", &r, d), COACH_ERR_NO_INPUT);
    float zeros[400] = {0};
    const char *silent = "/tmp/coach-test-room-silent.wav";
    SF_INFO info = {0};
    info.samplerate = 8000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE *f = sf_open(silent, SFM_WRITE, &info);
    sf_writef_float(f, zeros, 400);
    sf_close(f);
    CHECK_INT(room_open(silent, &r, d), COACH_ERR_DATA);
    CHECK(r == NULL);
    CHECK_INT(coach_diags_count(d), 2);
    coach_diags_destroy(d);
    CHECK_DONE();
}
