/* bench_render.c: timing accuracy of a rendered session. Renders a routine
 * to a WAV file with the player, then finds in the audio every moment where
 * sound starts after silence (ticks, counts, speech, other earcons) and
 * compares it with the timeline: the expected onset is the action's frame
 * plus the clip's own lead-in (the first sample over the threshold, in the
 * clip itself). Prints the median and largest error in samples, for earcons
 * and for speech, and the render speed. Usage: bench_render [ROUTINE.yaml]
 * (default routines/day-one.yaml). Prints figures; asserts nothing. */
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audio/player.h"
#include "audio/level.h"
#include "audio/sounds.h"
#include "routine/catalog.h"
#include "session_host.h"

enum { RATE = 48000, GUARD = RATE / 20 };
#define THR 0.01f

typedef struct act {
    long frame, end;
    int earcon;
    char name[32];
    char text[1200];
    int rate;
} act;

static int cmp_l(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

static long lead(const audio_clip *c, float gain)
{
    for (uint64_t i = 0; i < c->frames; i++)
        if (fabsf(c->samples[i] * gain) > THR)
            return (long)i;
    return -1;
}

static const routine *find_cb(void *ctx, const char *id)
{
    return catalog_find_routine(ctx, id);
}

int main(int argc, char **argv)
{
    const char *path = argc > 1 ? argv[1] : "routines/day-one.yaml";
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    coach_diags *d = coach_diags_create();
    catalog *cat = NULL;
    if (catalog_open(slash ? dir : ".", NULL, &cat, d) != COACH_OK)
        return 1;
    const routine *r = NULL;
    for (size_t i = 0; i < catalog_count(cat); i++)
        if (strstr(catalog_get(cat, i)->path, strrchr(path, '/') ? strrchr(path, '/') : path))
            r = catalog_get(cat, i)->routine;
    if (!r) {
        fprintf(stderr, "bench_render: cannot load %s\n", path);
        return 1;
    }
    char wav[] = "/tmp/coach-bench-XXXXXX", tl[] = "/tmp/coach-bench-tl-XXXXXX";
    close(mkstemp(wav));
    close(mkstemp(tl));
    FILE *tf = fopen(tl, "w");
    test_session ts = {r, find_cb, cat};
    host_config cfg = test_session_host(&ts, 80, "audio");
    cfg.timeline = tf;
    cfg.play.backend = PLAYER_FILE;
    cfg.play.out_path = wav;
    host_report hr;
    coach_err herr = host_run(&cfg, &hr, d);
    player_report rep = hr.play;
    if (herr != COACH_OK) {
        coach_diags_print(d, stderr);
        return 1;
    }
    fclose(tf);
    printf("%s: %.0f s of session rendered in %.2f s: %.0fx real time\n", path, rep.seconds,
           rep.wall_seconds, rep.seconds / rep.wall_seconds);

    /* the timeline */
    act *acts = calloc(20000, sizeof *acts);
    int n = 0;
    FILE *f = fopen(tl, "r");
    char line[8192];
    while (fgets(line, sizeof line, f) && n < 20000) {
        act *a = &acts[n];
        char *p = strstr(line, "\"frame\":");
        if (!p || sscanf(p, "\"frame\":%ld", &a->frame) != 1)
            continue;
        if (strstr(line, "\"type\":\"earcon\"")) {
            sscanf(strstr(line, "\"name\":\"") + 8, "%31[a-z]", a->name);
            a->earcon = 1;
            a->end = a->frame + (long)(earcon_seconds(earcon_find(a->name)) * RATE);
            n++;
        } else if (strstr(line, "\"type\":\"say\"")) {
            char *t = strstr(line, "\"text\":\"") + 8;
            char *e = strstr(t, "\",\"dur\":");
            size_t len = (size_t)(e - t) < sizeof a->text - 1 ? (size_t)(e - t) : sizeof a->text - 1;
            memcpy(a->text, t, len);
            double dur;
            sscanf(e, "\",\"dur\":%lf", &dur);
            a->end = a->frame + (long)(dur * RATE);
            n++;
        }
    }
    fclose(f);
    /* the audio, read a block at a time around each onset */
    SF_INFO info = {0};
    SNDFILE *sf = sf_open(wav, SFM_READ, &info);
    tts *voice = NULL;
    sounds *snd = NULL;
    tts_create(NULL, &voice, d);
    sounds_create(voice, RATE, 165, "audio", &snd, d);
    int rate = routine_get_settings(r)->rate;
    float gain = level_volume_gain(80);
    long *err_e = calloc((size_t)n, sizeof *err_e), *err_s = calloc((size_t)n, sizeof *err_s);
    int ne = 0, ns = 0;
    float buf[GUARD + 64];
    for (int i = 0; i < n; i++) {
        long F = acts[i].frame;
        if (i > 0 && acts[i - 1].frame == F)
            continue; /* measured with the first sound of that frame */
        int quiet = F >= GUARD;
        for (int j = 0; j < n && quiet; j++)
            if (acts[j].frame < F && acts[j].end > F - GUARD)
                quiet = 0;
        if (!quiet)
            continue;
        long expect = -1;
        int any_speech = 0;
        for (int j = i; j < n && acts[j].frame == F; j++) {
            const audio_clip *c = acts[j].earcon ? sounds_earcon(snd, earcon_find(acts[j].name))
                                                 : sounds_speech(snd, acts[j].text, rate);
            long l = c ? lead(c, gain) : -1;
            if (l >= 0 && (expect < 0 || F + l < expect))
                expect = F + l;
            any_speech |= !acts[j].earcon;
        }
        if (expect < 0)
            continue;
        sf_seek(sf, F - 64, SEEK_SET);
        sf_count_t got = sf_readf_float(sf, buf, GUARD + 64);
        long found = -1;
        for (long k = 0; k < got; k++)
            if (fabsf(buf[k]) > THR) {
                found = F - 64 + k;
                break;
            }
        if (found < 0)
            continue;
        long e = labs(found - expect);
        if (any_speech)
            err_s[ns++] = e;
        else
            err_e[ne++] = e;
    }
    sf_close(sf);
    qsort(err_e, (size_t)ne, sizeof *err_e, cmp_l);
    qsort(err_s, (size_t)ns, sizeof *err_s, cmp_l);
    if (ne)
        printf("earcon onsets (ticks, holds, releases...): %d measured; error median %ld, max %ld samples\n",
               ne, err_e[ne / 2], err_e[ne - 1]);
    if (ns)
        printf("speech onsets (counts and sentences): %d measured; error median %ld, max %ld samples\n",
               ns, err_s[ns / 2], err_s[ns - 1]);
    sounds_destroy(snd);
    tts_destroy(voice);
    unlink(wav);
    unlink(tl);
    free(acts);
    free(err_e);
    free(err_s);
    catalog_destroy(cat);
    coach_diags_destroy(d);
    return 0;
}
