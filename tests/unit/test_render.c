/* test_render.c: the file backend renders what the timeline says, where it
 * says. It renders a session to a WAV file with the real player (eSpeak NG,
 * speexdsp, libsndfile), reads the file and the timeline back, and checks:
 * every earcon that plays alone is there sample for sample from its exact
 * frame (times the volume), after digital silence; every sentence that
 * starts alone starts after silence at its frame; the WAV lasts as long as
 * the last sound. */
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <unistd.h>

#include "audio/player.h"
#include "audio/level.h"
#include "audio/sounds.h"
#include "check.h"
#include "session_host.h"
#include "fixtures.h"

#define RATE 48000

typedef struct snd {
    uint64_t start, end;
    int earcon; /* 1 earcon, 0 speech */
    char name[32];
} snd;

static snd sounds_in[4096];
static int n_sounds;

static void read_timeline(const char *path)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    while (f && fgets(line, sizeof line, f) && n_sounds < 4096) {
        unsigned long long frame;
        char *p = strstr(line, "\"frame\":");
        if (!p || sscanf(p, "\"frame\":%llu", &frame) != 1)
            continue;
        snd *s = &sounds_in[n_sounds];
        if (strstr(line, "\"type\":\"earcon\"")) {
            char *nm = strstr(line, "\"name\":\"");
            sscanf(nm + 8, "%31[a-z]", s->name);
            s->earcon = 1;
            s->start = frame;
            s->end = frame + (uint64_t)(earcon_seconds(earcon_find(s->name)) * RATE + 0.5);
            n_sounds++;
        } else if (strstr(line, "\"type\":\"say\"")) {
            double dur;
            char *d = strstr(line, "\"dur\":");
            sscanf(d, "\"dur\":%lf", &dur);
            s->earcon = 0;
            s->start = frame;
            s->end = frame + (uint64_t)(dur * RATE) + 48;
            n_sounds++;
        }
    }
    if (f)
        fclose(f);
}

/* True when no other sound overlaps [a, b). */
static int alone(int self, uint64_t a, uint64_t b)
{
    for (int i = 0; i < n_sounds; i++)
        if (i != self && sounds_in[i].start < b && a < sounds_in[i].end)
            return 0;
    return 1;
}

int main(void)
{
    char wav[] = "/tmp/coach-render-XXXXXX";
    int fd = mkstemp(wav);
    close(fd);
    char tl[] = "/tmp/coach-timeline-XXXXXX";
    fd = mkstemp(tl);
    close(fd);
    exercise_library *lib = library_create();
    coach_diags *d = coach_diags_create();
    CHECK_INT(library_load_dir(lib, COACH_SOURCE_DIR "/routines/exercises", d), COACH_OK);
    /* a short session with every kind of sound: a 30 s hold (ticks alone:
     * every count of the reps is said, issue 15, so their ticks are not), reps
     * (ticks with counts), rests, notes, the start and end earcons */
    static const char yaml[] = "id: render-test\ntitle: Render test\ndescription: D\n"
                               "ask_baseline_pain: false\nsteps:\n"
                               "  - exercise: side-plank\n    hold: 30\n    side: none\n"
                               "  - rest: 10\n  - say: Nearly done.\n"
                               "  - exercise: dead-bug\n    sets: 1\n    reps: 3\n";
    routine *r = NULL;
    CHECK_INT(routine_load_buffer("render-test.yaml", yaml, sizeof yaml - 1, lib, &r, d), COACH_OK);
    coach_diags_print(d, stderr);
    FILE *tf = fopen(tl, "w");
    test_session ts = {r, NULL, NULL};
    host_config cfg = test_session_host(&ts, 80, COACH_SOURCE_DIR "/audio");
    cfg.timeline = tf;
    cfg.play.out_path = wav;
    cfg.play.backend = PLAYER_FILE;
    host_report hr;
    CHECK_INT(host_run(&cfg, &hr, d), COACH_OK);
    player_report rep = hr.play;
    coach_diags_print(d, stderr);
    fclose(tf);
    CHECK_INT(rep.late, 0);
    CHECK_INT(rep.dropped, 0);

    SF_INFO info = {0};
    SNDFILE *f = sf_open(wav, SFM_READ, &info);
    CHECK(f != NULL);
    CHECK_INT(info.samplerate, RATE);
    CHECK_INT(info.channels, 1);
    float *x = malloc((size_t)info.frames * sizeof *x);
    CHECK_INT(sf_readf_float(f, x, info.frames), info.frames);
    sf_close(f);
    read_timeline(tl);
    CHECK(n_sounds > 30);

    /* reference earcons, as the player loads them */
    /* the null backend runs the same session through the mixer, no file. It
     * is a second session in this process, and eSpeak NG starts from where
     * the first left it, so its lengths may differ by milliseconds */
    host_config nc = cfg;
    nc.play.backend = PLAYER_NULL;
    nc.play.out_path = NULL;
    nc.timeline = NULL;
    host_report nhr;
    CHECK_INT(host_run(&nc, &nhr, d), COACH_OK);
    player_report nrep = nhr.play;
    if (!(fabs(nrep.seconds - (double)info.frames / RATE) < 0.01 * nrep.seconds))
        fprintf(stderr, "null %g s, file %g s\n", nrep.seconds, (double)info.frames / RATE);
    CHECK(fabs(nrep.seconds - (double)info.frames / RATE) < 0.01 * nrep.seconds);
    CHECK_INT(nrep.late, 0);

    tts *voice = NULL;
    CHECK_INT(tts_create(NULL, &voice, d), COACH_OK);
    sounds *ref = NULL;
    CHECK_INT(sounds_create(voice, RATE, 165, COACH_SOURCE_DIR "/audio", &ref, d), COACH_OK);
    float gain = level_volume_gain(80); /* 0 dB: the default volume (level.h) */
    int earcons = 0, speech = 0;
    uint64_t last_end = 0;
    for (int i = 0; i < n_sounds; i++) {
        snd *s = &sounds_in[i];
        if (s->end > last_end)
            last_end = s->end;
        if (s->start < 64 || s->end > (uint64_t)info.frames)
            continue;
        if (s->earcon && alone(i, s->start - 64, s->end)) {
            const audio_clip *c = sounds_earcon(ref, earcon_find(s->name));
            float worst = 0;
            for (uint64_t k = 0; k < c->frames; k++)
                worst = fmaxf(worst, fabsf(x[s->start + k] - c->samples[k] * gain));
            for (uint64_t k = s->start - 64; k < s->start; k++)
                worst = fmaxf(worst, fabsf(x[k]));
            if (worst > 2.0f / 32768)
                fprintf(stderr, "earcon %s at frame %llu: off by %g\n", s->name,
                        (unsigned long long)s->start, worst);
            CHECK(worst <= 2.0f / 32768);
            earcons++;
        } else if (!s->earcon && alone(i, s->start - 64, s->start)) {
            float before = 0, after = 0;
            for (uint64_t k = s->start - 64; k < s->start; k++)
                before = fmaxf(before, fabsf(x[k]));
            for (uint64_t k = s->start; k < s->end - 48 && k < (uint64_t)info.frames; k++)
                after = fmaxf(after, fabsf(x[k]));
            CHECK(before == 0.0f);
            CHECK(after > 0.05f);
            speech++;
        }
    }
    printf("%d earcons matched sample for sample, %d sentences start on their frame\n", earcons,
           speech);
    CHECK(earcons >= 10);
    CHECK(speech >= 10);
    /* the file ends with the last sound */
    CHECK((uint64_t)info.frames >= last_end - 48 && (uint64_t)info.frames <= last_end + 1024);

    sounds_destroy(ref);
    tts_destroy(voice);
    free(x);
    routine_destroy(r);
    library_destroy(lib);
    coach_diags_destroy(d);
    unlink(wav);
    unlink(tl);
    CHECK_DONE();
}
