/* make_room: writes a room impulse response WAV for `coach run --echo`:
 * leading silence (the delay), a direct path at the given gain, then a
 * reverberant tail of decaying noise whose level falls 60 dB in RT60
 * seconds (a deterministic generator: the same arguments, the same file).
 *
 *   make_room OUT.wav DELAY_MS GAIN_DB RT60_S [RATE]
 *
 * GAIN_DB is the direct path's level (0: as loud as played); the tail
 * starts 6 dB under it. RT60_S 0 gives the direct path alone. */
#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc < 5 || argc > 6) {
        fprintf(stderr, "usage: make_room OUT.wav DELAY_MS GAIN_DB RT60_S [RATE]\n");
        return 64;
    }
    double delay_ms = atof(argv[2]), gain_db = atof(argv[3]), rt60 = atof(argv[4]);
    int rate = argc == 6 ? atoi(argv[5]) : 16000;
    if (delay_ms < 0 || rt60 < 0 || rate < 4000 || rate > 192000) {
        fprintf(stderr, "make_room: out of range\n");
        return 64;
    }
    size_t delay = (size_t)llround(delay_ms / 1000.0 * rate);
    size_t tail = rt60 > 0 ? (size_t)llround(rt60 * rate) : 0;
    size_t n = delay + 1 + tail;
    float *h = calloc(n, sizeof *h);
    if (!h)
        return 70;
    double g = pow(10.0, gain_db / 20.0);
    h[delay] = (float)g;
    uint32_t seed = 12345u;
    for (size_t i = 1; i <= tail; i++) {
        seed = seed * 1664525u + 1013904223u;
        double u = (double)(seed >> 8) / (double)(1u << 24) * 2.0 - 1.0;
        double t = (double)i / rate;
        /* -60 dB at rt60; the tail's noise is scaled so its first 10 ms hold
         * about a quarter of the direct path's energy */
        double env = pow(10.0, -3.0 * t / rt60) * g * 0.5 / sqrt(0.01 * rate / 3.0);
        h[delay + i] = (float)(u * env);
    }
    SF_INFO info = {0};
    info.samplerate = rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE *f = sf_open(argv[1], SFM_WRITE, &info);
    if (!f || sf_writef_float(f, h, (sf_count_t)n) != (sf_count_t)n) {
        fprintf(stderr, "make_room: cannot write %s\n", argv[1]);
        return 74;
    }
    sf_close(f);
    free(h);
    return 0;
}
