/* test_capture.c: a WAV file as the microphone. Files of several rates and
 * channel counts come out as 16 kHz mono at the right length and pitch; a
 * 16 kHz file comes out sample for sample; a file cut short (its header
 * promising more than it holds) gives what it has; silence and full-scale
 * clipping pass through unharmed; not-audio and empty files are refused
 * with a sentence. Then a session rendered with --in delivers the whole
 * file in lockstep, each block at its 16 kHz frame. */
#include <math.h>
#include <sndfile.h>
#include <stdlib.h>
#include <unistd.h>

#include "audio/capture.h"
#include "audio/player.h"
#include "session_host.h"
#include "check.h"
#include "fixtures.h"

/* Writes a WAV of `seconds` of a sine at freq (0: silence; <0: a full-scale
 * square), at rate with ch channels; returns its path (static buffer). */
static const char *make_wav(const char *name, int rate, int ch, double seconds, double freq)
{
    static char path[256];
    snprintf(path, sizeof path, "/tmp/coach-capture-%s.wav", name);
    SF_INFO info = {0};
    info.samplerate = rate;
    info.channels = ch;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    SNDFILE *f = sf_open(path, SFM_WRITE, &info);
    long n = (long)(seconds * rate);
    float *x = malloc((size_t)n * (size_t)ch * sizeof *x);
    for (long i = 0; i < n; i++) {
        double v = freq > 0 ? 0.5 * sin(2 * M_PI * freq * i / rate)
                 : freq < 0 ? (sin(2 * M_PI * -freq * i / rate) >= 0 ? 1.0 : -1.0) : 0.0;
        for (int k = 0; k < ch; k++)
            x[i * ch + k] = (float)v;
    }
    sf_writef_float(f, x, n);
    sf_close(f);
    free(x);
    return path;
}

/* Reads the whole capture; returns the sample count and zero crossings. */
static size_t drain(capture *c, long *crossings, float *peak)
{
    float buf[700];
    size_t total = 0;
    float prev = 0;
    *crossings = 0;
    *peak = 0;
    size_t got;
    while ((got = capture_read(c, buf, 700)) > 0) {
        for (size_t i = 0; i < got; i++) {
            if ((prev < 0) != (buf[i] < 0) && total + i > 100)
                (*crossings)++;
            prev = buf[i];
            *peak = fmaxf(*peak, fabsf(buf[i]));
        }
        total += got;
    }
    return total;
}

typedef struct heard {
    uint64_t next;
    size_t calls;
    int gaps;
} heard;

static void on_capture(void *ctx, uint64_t frame16k, const float *s, size_t n)
{
    (void)s;
    heard *h = ctx;
    h->gaps += frame16k != h->next;
    h->next = frame16k + n;
    h->calls++;
}

int main(void)
{
    coach_diags *d = coach_diags_create();
    struct {
        const char *name;
        int rate, ch;
        double freq;
    } files[] = {{"22k-stereo", 22050, 2, 440}, {"48k-mono", 48000, 1, 440},
                 {"8k-mono", 8000, 1, 440},     {"44k-stereo", 44100, 2, 1000}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        capture *c = NULL;
        CHECK_INT(capture_open(make_wav(files[i].name, files[i].rate, files[i].ch, 2.0, files[i].freq), &c, d), COACH_OK);
        CHECK_INT(capture_file_rate(c), files[i].rate);
        long zc;
        float peak;
        size_t n = drain(c, &zc, &peak);
        CHECK(labs((long)n - 32000) < 64);                           /* 2 s at 16 kHz */
        /* the pitch is kept: two crossings a cycle, over 2 s less the first 100 samples */
        long want = (long)(2 * files[i].freq * (2.0 - 100.0 / 16000));
        if (labs(zc - want) >= 8)
            fprintf(stderr, "%s: %ld crossings, %ld expected\n", files[i].name, zc, want);
        CHECK(labs(zc - want) < 8);
        CHECK(peak > 0.45f && peak < 0.55f);
        capture_close(c);
    }
    /* 16 kHz in, the same samples out */
    capture *c = NULL;
    CHECK_INT(capture_open(make_wav("16k", 16000, 1, 0.5, 300), &c, d), COACH_OK);
    float buf[8000];
    CHECK_INT(capture_read(c, buf, 8000), 8000);
    CHECK(fabsf(buf[100] - (float)(0.5 * sin(2 * M_PI * 300 * 100 / 16000.0))) < 1e-4);
    CHECK_INT(capture_read(c, buf, 10), 0);
    capture_close(c);
    /* silence, and full-scale clipping */
    long zc;
    float peak;
    CHECK_INT(capture_open(make_wav("silence", 44100, 1, 1.0, 0), &c, d), COACH_OK);
    CHECK(labs((long)drain(c, &zc, &peak) - 16000) < 64);
    CHECK(peak == 0.0f);
    capture_close(c);
    CHECK_INT(capture_open(make_wav("clipped", 48000, 1, 1.0, -200), &c, d), COACH_OK);
    drain(c, &zc, &peak);
    CHECK(peak > 0.9f && zc > 300);
    capture_close(c);
    /* cut short: the header promises 2 s, the file holds about 1 */
    const char *full = make_wav("cut", 22050, 1, 2.0, 440);
    FILE *f = fopen(full, "r+b");
    CHECK(ftruncate(fileno(f), 44 + 22050 * 2) == 0);
    fclose(f);
    CHECK_INT(capture_open(full, &c, d), COACH_OK);
    size_t n = drain(c, &zc, &peak);
    CHECK(labs((long)n - 16000) < 64);
    capture_close(c);
    /* refused */
    FILE *junk = fopen("/tmp/coach-capture-junk.wav", "w");
    fputs("this is not audio at all", junk);
    fclose(junk);
    CHECK_INT(capture_open("/tmp/coach-capture-junk.wav", &c, d), COACH_ERR_DATA);
    CHECK_INT(capture_open("/tmp/coach-capture-none.wav", &c, d), COACH_ERR_NO_INPUT);
    CHECK_INT(capture_open(make_wav("empty", 16000, 1, 0, 0), &c, d), COACH_ERR_DATA);
    CHECK(coach_diags_count(d) == 3);

    /* a session with --in: the whole file, in lockstep, frame by frame */
    exercise_library *lib = fixture_load();
    static const char yaml[] = "id: t\ntitle: T\ndescription: D\nask_baseline_pain: false\n"
                               "steps:\n  - exercise: walk\n    duration: 20\n";
    routine *r = NULL;
    CHECK_INT(routine_load_buffer("t.yaml", yaml, sizeof yaml - 1, lib, &r, d), COACH_OK);
    heard h = {0, 0, 0};
    test_session ts = {r, NULL, NULL};
    host_config hc = test_session_host(&ts, -1, COACH_SOURCE_DIR "/audio");
    hc.play.backend = PLAYER_NULL;
    hc.play.in_path = make_wav("mic", 22050, 2, 10.0, 440);
    hc.play.on_capture = on_capture;
    hc.play.capture_ctx = &h;
    host_report hr;
    CHECK_INT(host_run(&hc, &hr, d), COACH_OK);
    player_report rep = hr.play;
    CHECK_INT(h.gaps, 0);
    CHECK(h.calls > 100);
    CHECK(labs((long)h.next - 160000) < 64);
    CHECK(fabs(rep.input_seconds - 10.0) < 0.01);
    routine_destroy(r);
    library_destroy(lib);
    coach_diags_destroy(d);
    CHECK_DONE();
}
