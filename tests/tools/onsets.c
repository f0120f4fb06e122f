/* onsets.c: where sounds start in a recording, against where they start in
 * the reference render of the same session (--out), measured with the same
 * detector on both. Usage: onsets REFERENCE.wav RECORDING.wav TIMELINE.jsonl
 * [TOLERANCE_MS]. The timeline names the sounds; those that play alone
 * (nothing else within 50 ms) are measured, from half a second into the
 * session on: the stream's first moments are the sound server's (when a
 * stream joins a running PulseAudio null sink, the server may move its
 * first few milliseconds by up to the sink's latency; measured: 2-5 ms with
 * a 20-40 ms sink, none with 2 ms, and coach reporting no underflow). The
 * recording is found by the start earcon, then aligned by the median offset
 * of the sounds measured; each sound's error is its onset in the recording
 * minus its onset in the reference, less that offset. Prints the median, p99 and largest error,
 * the interval jitter between consecutive ticks, and the drift (the error of
 * the last sound minus the first). Exits 1 when an error exceeds the
 * tolerance (default 2 ms), or too few sounds were found. */
#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { RATE = 48000, GUARD = RATE / 20 };

static float *load(const char *path, long *frames)
{
    SF_INFO info = {0};
    SNDFILE *f = sf_open(path, SFM_READ, &info);
    if (!f) {
        fprintf(stderr, "onsets: cannot read %s: %s\n", path, sf_strerror(NULL));
        exit(2);
    }
    if (info.samplerate != RATE) {
        fprintf(stderr, "onsets: %s is %d Hz; 48000 expected\n", path, info.samplerate);
        exit(2);
    }
    float *all = malloc((size_t)info.frames * (size_t)info.channels * sizeof *all);
    float *mono = malloc((size_t)info.frames * sizeof *mono);
    sf_readf_float(f, all, info.frames);
    sf_close(f);
    for (long i = 0; i < info.frames; i++)
        mono[i] = all[i * info.channels];
    free(all);
    *frames = info.frames;
    return mono;
}

/* The first sample at or after `from` (and before `to`) louder than thr. */
static long onset(const float *x, long n, long from, long to, float thr)
{
    if (from < 0)
        from = 0;
    for (long i = from; i < to && i < n; i++)
        if (fabsf(x[i]) > thr)
            return i;
    return -1;
}

typedef struct snd {
    long start, end;
    int tick;
} snd;

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: onsets REFERENCE.wav RECORDING.wav TIMELINE.jsonl [TOLERANCE_MS]\n");
        return 2;
    }
    double tol_ms = argc > 4 ? atof(argv[4]) : 2.0;
    long nr, nl;
    float *ref = load(argv[1], &nr), *live = load(argv[2], &nl);
    FILE *tl = fopen(argv[3], "r");
    if (!tl)
        return 2;
    static snd s[8192];
    int n = 0;
    char line[4096];
    while (fgets(line, sizeof line, tl) && n < 8192) {
        char *p = strstr(line, "\"frame\":");
        long frame;
        if (!p || sscanf(p, "\"frame\":%ld", &frame) != 1)
            continue;
        if (strstr(line, "\"type\":\"earcon\"")) {
            s[n].start = frame;
            s[n].end = frame + RATE / 2;
            s[n].tick = strstr(line, "\"name\":\"tick\"") != NULL;
            n++;
        } else if (strstr(line, "\"type\":\"say\"")) {
            double dur = 0;
            char *d = strstr(line, "\"dur\":");
            if (d)
                sscanf(d, "\"dur\":%lf", &dur);
            s[n].start = frame;
            s[n].end = frame + (long)(dur * RATE);
            s[n].tick = 0;
            n++;
        }
    }
    fclose(tl);
    /* align: the start earcon is the first sound of both */
    float thr = 0.01f;
    long r0 = onset(ref, nr, 0, nr, thr), l0 = onset(live, nl, 0, nl, thr);
    if (r0 < 0 || l0 < 0) {
        fprintf(stderr, "onsets: no sound found in %s\n", r0 < 0 ? argv[1] : argv[2]);
        return 1;
    }
    long shift = l0 - r0;
    double *err = malloc((size_t)n * sizeof *err);
    long *ticks = malloc((size_t)n * sizeof *ticks);
    int m = 0, nt = 0;
    double first = 0, last = 0;
    for (int i = 0; i < n; i++) {
        /* only the start of each sound matters: nothing else may sound in
         * the 50 ms before it, or start in the 50 ms after */
        int alone = 1;
        for (int j = 0; j < n; j++) {
            if (j == i)
                continue;
            if (s[j].start <= s[i].start && s[j].end > s[i].start - GUARD)
                alone = 0;
            if (s[j].start > s[i].start && s[j].start < s[i].start + GUARD)
                alone = 0;
        }
        if (!alone || s[i].start < RATE / 2)
            continue;
        long ro = onset(ref, nr, s[i].start - 16, s[i].start + GUARD, thr);
        long lo = onset(live, nl, s[i].start + shift - GUARD, s[i].start + shift + GUARD, thr);
        if (ro < 0 || lo < 0)
            continue;
        double e = (double)(lo - shift - ro) * 1000.0 / RATE;
        if (m == 0)
            first = e;
        last = e;
        err[m++] = e;
        if (s[i].tick)
            ticks[nt++] = lo;
    }
    if (m < 5) {
        fprintf(stderr, "onsets: only %d sounds could be measured\n", m);
        return 1;
    }
    /* aligned by the median offset: a constant offset is the recording's
     * latency, not an error */
    double *sorted = malloc((size_t)m * sizeof *sorted);
    memcpy(sorted, err, (size_t)m * sizeof *sorted);
    qsort(sorted, (size_t)m, sizeof *sorted, cmp_d);
    double centre = sorted[m / 2];
    free(sorted);
    for (int i = 0; i < m; i++)
        err[i] -= centre;
    first -= centre;
    last -= centre;
    double *abs_err = malloc((size_t)m * sizeof *abs_err);
    double worst = 0;
    for (int i = 0; i < m; i++) {
        abs_err[i] = fabs(err[i]);
        worst = fmax(worst, abs_err[i]);
    }
    qsort(abs_err, (size_t)m, sizeof *abs_err, cmp_d);
    printf("sounds measured: %d; latency of the recording: %.1f ms\n", m, shift * 1000.0 / RATE + centre);
    printf("onset error: median %.3f ms, p99 %.3f ms, max %.3f ms\n", abs_err[m / 2],
           abs_err[(m * 99) / 100], worst);
    if (nt > 2) {
        double *iv = malloc((size_t)nt * sizeof *iv);
        int k = 0;
        for (int i = 1; i < nt; i++) {
            double d = (double)(ticks[i] - ticks[i - 1]) * 1000.0 / RATE;
            if (d > 900 && d < 1100) /* consecutive ticks of a hold, one second apart */
                iv[k++] = fabs(d - 1000.0);
        }
        if (k > 0) {
            qsort(iv, (size_t)k, sizeof *iv, cmp_d);
            printf("tick interval jitter (%d intervals): median %.3f ms, p99 %.3f ms\n", k,
                   iv[k / 2], iv[(k * 99) / 100]);
        }
        free(iv);
    }
    printf("drift (last sound's error minus the first's): %.3f ms\n", last - first);
    int ok = worst <= tol_ms;
    if (!ok)
        printf("onsets: an error of %.3f ms is over the tolerance of %.3f ms\n", worst, tol_ms);
    free(err);
    free(abs_err);
    free(ticks);
    free(ref);
    free(live);
    return ok ? 0 : 1;
}
