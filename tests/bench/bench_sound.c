/* bench_sound.c: what every routine sounds like (issue 15). For each
 * routine of a folder it renders the whole session to a WAV file with the
 * player (the routine's own volume, rate and voice; no user), and prints
 * from its timeline the longest silence, the silences of 10 s or more, the
 * counts said against the reps (and the sides said on alternating reps),
 * the shortest time from naming a side or a starting position to the first
 * beat, the longest utterance; and from its audio the integrated loudness
 * (ITU-R BS.1770-4: K-weighting, 400 ms blocks, absolute and relative
 * gates) with the sample peak and the true peak (4x oversampled). Then, for
 * each earcon file, its energy above 5 kHz against its whole energy.
 * Usage: bench_sound [ROUTINES_DIR [EARCON_DIR]]. Prints figures; it
 * asserts nothing. */
#include <fftw3.h>
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/player.h"
#include "routine/catalog.h"
#include "session_host.h"
#include "sound_stats.h"

/* ---- loudness: ITU-R BS.1770-4 ------------------------------------------------ */

/* One biquad section, direct form I. */
typedef struct biquad {
    double b0, b1, b2, a1, a2, x1, x2, y1, y2;
} biquad;

/* Filters one sample through q. */
static double biquad_run(biquad *q, double x)
{
    double y = q->b0 * x + q->b1 * q->x1 + q->b2 * q->x2 - q->a1 * q->y1 - q->a2 * q->y2;
    q->x2 = q->x1, q->x1 = x, q->y2 = q->y1, q->y1 = y;
    return y;
}

/* The integrated loudness of mono samples at 48 kHz, in LUFS (-HUGE_VAL for
 * silence): K-weighted (BS.1770's two stages, its 48 kHz coefficients),
 * mean squares of 400 ms blocks every 100 ms, gated at -70 LUFS and then
 * 10 LU below the loudness of the blocks left. */
static double loudness_lufs(const float *x, size_t n)
{
    biquad shelf = {1.53512485958697, -2.69169618940638, 1.19839281085285, -1.69065929318241,
                    0.73248077421585, 0, 0, 0, 0};
    biquad hp = {1.0, -2.0, 1.0, -1.99004745483398, 0.99007225036621, 0, 0, 0, 0};
    size_t hop = SS_RATE / 10, nsub = n / hop;
    double *sub = calloc(nsub + 1, sizeof *sub); /* sum of squares of each 100 ms */
    for (size_t i = 0; i < nsub * hop; i++) {
        double y = biquad_run(&hp, biquad_run(&shelf, x[i]));
        sub[i / hop] += y * y;
    }
    size_t nblk = nsub >= 4 ? nsub - 3 : 0;
    double *z = calloc(nblk + 1, sizeof *z);
    for (size_t b = 0; b < nblk; b++)
        z[b] = (sub[b] + sub[b + 1] + sub[b + 2] + sub[b + 3]) / (4.0 * hop);
    double sum = 0;
    size_t cnt = 0;
    double abs_gate = pow(10, (-70 + 0.691) / 10);
    for (size_t b = 0; b < nblk; b++)
        if (z[b] > abs_gate)
            sum += z[b], cnt++;
    double out = -HUGE_VAL;
    if (cnt) {
        double rel_gate = sum / (double)cnt * pow(10, -10.0 / 10);
        sum = 0, cnt = 0;
        for (size_t b = 0; b < nblk; b++)
            if (z[b] > abs_gate && z[b] > rel_gate)
                sum += z[b], cnt++;
        if (cnt)
            out = -0.691 + 10 * log10(sum / (double)cnt);
    }
    free(sub);
    free(z);
    return out;
}

enum { TP_UP = 4, TP_TAPS = 12 }; /* 4x, 12 taps a phase (48 in all) */

/* The true peak, in dBFS: the largest magnitude of the signal oversampled
 * 4x with a Hann-windowed sinc (BS.1770-4 annex 2's method). */
static double true_peak_db(const float *x, size_t n)
{
    double h[TP_UP][TP_TAPS];
    for (int p = 0; p < TP_UP; p++)
        for (int k = 0; k < TP_TAPS; k++) {
            double t = (double)(k - TP_TAPS / 2) + (double)p / TP_UP; /* in input samples */
            double s = fabs(t) < 1e-12 ? 1.0 : sin(M_PI * t) / (M_PI * t);
            double w = 0.5 + 0.5 * cos(M_PI * t / (TP_TAPS / 2 + 1));
            h[p][k] = s * w;
        }
    double peak = 0;
    for (size_t i = TP_TAPS; i < n; i++) {
        if (fabsf(x[i - TP_TAPS / 2]) > peak)
            peak = fabsf(x[i - TP_TAPS / 2]);
        for (int p = 1; p < TP_UP; p++) {
            double y = 0;
            for (int k = 0; k < TP_TAPS; k++)
                y += h[p][k] * x[i - (size_t)k];
            if (fabs(y) > peak)
                peak = fabs(y);
        }
    }
    return peak > 0 ? 20 * log10(peak) : -HUGE_VAL;
}

/* The sample peak, in dBFS. */
static double sample_peak_db(const float *x, size_t n)
{
    float peak = 0;
    for (size_t i = 0; i < n; i++)
        if (fabsf(x[i]) > peak)
            peak = fabsf(x[i]);
    return peak > 0 ? 20 * log10(peak) : -HUGE_VAL;
}

/* Reads a WAV file's first channel; NULL on failure. */
static float *read_wav(const char *path, size_t *n, int *rate)
{
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(path, SFM_READ, &info);
    if (!sf)
        return NULL;
    float *all = malloc((size_t)info.frames * (size_t)info.channels * sizeof *all);
    sf_count_t got = all ? sf_readf_float(sf, all, info.frames) : 0;
    sf_close(sf);
    for (sf_count_t i = 0; i < got; i++)
        all[i] = all[i * info.channels];
    *n = (size_t)got;
    *rate = info.samplerate;
    return all;
}

/* ---- earcons: energy above 5 kHz ---------------------------------------------- */

/* The energy of x above 5 kHz against its whole energy, in dB (one FFT of
 * the whole file). */
static double energy_above_db(const float *x, size_t n, int rate, double hz)
{
    size_t N = 1;
    while (N < n)
        N *= 2;
    float *in = fftwf_alloc_real(N);
    fftwf_complex *out = fftwf_alloc_complex(N / 2 + 1);
    fftwf_plan p = fftwf_plan_dft_r2c_1d((int)N, in, out, FFTW_ESTIMATE);
    memset(in, 0, N * sizeof *in);
    memcpy(in, x, n * sizeof *in);
    fftwf_execute(p);
    double hi = 0, all = 0;
    for (size_t k = 0; k <= N / 2; k++) {
        double e = (double)out[k][0] * out[k][0] + (double)out[k][1] * out[k][1];
        all += e;
        if ((double)k * rate / (double)N >= hz)
            hi += e;
    }
    fftwf_destroy_plan(p);
    fftwf_free(in);
    fftwf_free(out);
    return all > 0 && hi > 0 ? 10 * log10(hi / all) : -HUGE_VAL;
}

/* ---- the sessions --------------------------------------------------------------- */

static const routine *find_cb(void *ctx, const char *id)
{
    return catalog_find_routine(ctx, id);
}

/* Renders routine r to a WAV file and a timeline; prints its row. */
static int bench_routine(catalog *cat, const catalog_entry *e, const char *earcons)
{
    char wav[] = "/tmp/coach-sound-XXXXXX", tlp[] = "/tmp/coach-sound-tl-XXXXXX";
    close(mkstemp(wav));
    close(mkstemp(tlp));
    FILE *tf = fopen(tlp, "w");
    coach_diags *d = coach_diags_create();
    test_session ts = {e->routine, find_cb, cat};
    host_config cfg = test_session_host(&ts, -1, earcons);
    cfg.timeline = tf;
    cfg.play.backend = PLAYER_FILE;
    cfg.play.out_path = wav;
    host_report hr;
    coach_err err = host_run(&cfg, &hr, d);
    fclose(tf);
    if (err != COACH_OK) {
        coach_diags_print(d, stderr);
        coach_diags_destroy(d);
        return 1;
    }
    coach_diags_destroy(d);
    ss_timeline tl;
    ss_stats st;
    FILE *f = fopen(tlp, "r");
    ss_read(f, &tl);
    fclose(f);
    ss_compute(&tl, &st);
    size_t n = 0;
    int rate = 0;
    float *x = read_wav(wav, &n, &rate);
    double lufs = x ? loudness_lufs(x, n) : NAN, tp = x ? true_peak_db(x, n) : NAN,
           sp = x ? sample_peak_db(x, n) : NAN;
    const char *name = strrchr(e->path, '/') ? strrchr(e->path, '/') + 1 : e->path;
    char sides[32] = "-", side[16] = "-", pos[16] = "-";
    if (st.alt_halves)
        snprintf(sides, sizeof sides, "%d/%d", st.sided, st.alt_halves);
    if (st.side_to_beat >= 0)
        snprintf(side, sizeof side, "%.1f", st.side_to_beat);
    if (st.position_to_beat >= 0)
        snprintf(pos, sizeof pos, "%.1f", st.position_to_beat);
    printf("%-24s %6.0f %7.1f %4d %6.0f %8d/%-4d %8s %6s %6s %6.1f %3d %6.1f %6.1f %6.1f\n", name,
           st.length, st.longest_silence, st.silences_10, st.silence_10_total, st.counted, st.reps,
           sides, side, pos, st.longest_say, st.says_over_10, lufs, tp, sp);
    printf("%-24s   longest silence at %.1f s; longest utterance: \"%.60s\"\n", "",
           st.longest_silence_at, st.longest_text);
    free(x);
    ss_free(&tl);
    unlink(wav);
    unlink(tlp);
    return 0;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "routines";
    const char *earcons = argc > 2 ? argv[2] : "audio";
    coach_diags *d = coach_diags_create();
    catalog *cat = NULL;
    if (catalog_open(dir, NULL, &cat, d) != COACH_OK) {
        coach_diags_print(d, stderr);
        return 1;
    }
    printf("%-24s %6s %7s %4s %6s %13s %8s %6s %6s %6s %3s %6s %6s %6s\n", "routine", "length",
           "longest", ">=10", "(sum)", "counts said/", "sides", "side", "pos.", "utter.", ">10",
           "LUFS", "true", "sample");
    printf("%-24s %6s %7s %4s %6s %13s %8s %6s %6s %6s %3s %6s %6s %6s\n", "", "(s)", "silence",
           "s", "(s)", "reps", "(alt.)", "->beat", "->beat", "max(s)", "s", "", "peak", "peak");
    for (size_t i = 0; i < catalog_count(cat); i++) {
        const catalog_entry *e = catalog_get(cat, i);
        if (e->routine && e->ok)
            bench_routine(cat, e, earcons);
    }
    printf("\nearcon     energy above 5 kHz (dB, against its whole energy)\n");
    for (int k = 0; k < EARCON_COUNT; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", earcons, earcon_get((earcon)k)->file);
        size_t n = 0;
        int rate = 0;
        float *x = read_wav(path, &n, &rate);
        if (!x) {
            printf("%-10s (cannot read %s)\n", earcon_name((earcon)k), path);
            continue;
        }
        printf("%-10s %7.1f\n", earcon_name((earcon)k), energy_above_db(x, n, rate, 5000));
        free(x);
    }
    catalog_destroy(cat);
    coach_diags_destroy(d);
    return 0;
}
