/* bench_dryrun.c: how fast a dry run is. For each routine of a folder it
 * runs the whole session with no audio five times (each with a fresh speech
 * engine, so every sentence is synthesised again, as in a real first run)
 * and prints the session's length, the median time to compute it, and the
 * ratio of the two. Usage: bench_dryrun [ROUTINES_DIR]. Prints figures; it
 * asserts nothing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "routine/catalog.h"
#include "session/engine.h"
#include "tts/tts.h"

static uint64_t measure(void *ctx, const char *text, int rate)
{
    return tts_measure(ctx, text, rate, 48000);
}

static const routine *find(void *ctx, const char *id)
{
    return catalog_find_routine(ctx, id);
}

static void count(void *ctx, const action *a)
{
    uint64_t *last = ctx;
    *last = a->frame;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "routines";
    coach_diags *d = coach_diags_create();
    catalog *cat = NULL;
    if (catalog_open(dir, NULL, &cat, d) != COACH_OK) {
        coach_diags_print(d, stderr);
        return 1;
    }
    printf("%-22s %10s %12s %12s\n", "routine", "session", "dry run", "faster than");
    printf("%-22s %10s %12s %12s\n", "", "(min:s)", "(median ms)", "real time");
    for (size_t i = 0; i < catalog_count(cat); i++) {
        const catalog_entry *e = catalog_get(cat, i);
        if (!e->routine || !e->ok)
            continue;
        double ms[5];
        uint64_t end = 0;
        for (int k = 0; k < 5; k++) {
            double t0 = now_ms();
            tts *voice = NULL;
            if (tts_create(NULL, &voice, d) != COACH_OK) {
                coach_diags_print(d, stderr);
                return 1;
            }
            session_config cfg = session_config_default();
            cfg.routine = e->routine;
            cfg.measure = measure;
            cfg.measure_ctx = voice;
            cfg.find_routine = find;
            cfg.find_ctx = cat;
            session *s = NULL;
            session_create(&cfg, &s);
            session_start(s, 0);
            while (!session_done(s) && session_next_frame(s) != UINT64_MAX)
                session_advance(s, session_next_frame(s), count, &end);
            session_destroy(s);
            tts_destroy(voice);
            ms[k] = now_ms() - t0;
        }
        qsort(ms, 5, sizeof ms[0], cmp_d);
        double secs = (double)end / 48000.0;
        printf("%-22s %6d:%02d %12.1f %11.0fx\n", routine_id(e->routine), (int)secs / 60,
               (int)secs % 60, ms[2], secs * 1000.0 / ms[2]);
    }
    catalog_destroy(cat);
    coach_diags_destroy(d);
    return 0;
}
