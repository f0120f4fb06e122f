/* test_mixer.c: the mixer's render function called directly, as the audio
 * callback calls it: a clip due inside a buffer starts at its exact sample
 * offset; overlapping clips add up; loud overlaps are limited, never wrapped;
 * a late clip plays whole, counted; the command queue refuses rather than
 * blocks; finished clips come back; gain changes at its frame; stereo gets
 * the same signal on both channels; a cut fades what is playing out at
 * its frame; a duck lowers everything smoothly and lets it back up. */
#include <math.h>
#include <stdlib.h>

#include "audio/mixer.h"
#include "check.h"

static audio_clip *constant(float v, uint64_t n)
{
    float *s = malloc(n * sizeof *s);
    for (uint64_t i = 0; i < n; i++)
        s[i] = v;
    audio_clip *c = clip_from_float(s, n);
    free(s);
    return c;
}

int main(void)
{
    mixer *m = mixer_create(1);
    float out[512];
    audio_clip *a = constant(0.25f, 100);
    CHECK(mixer_play(m, a, 1000, 1.0f));
    mixer_render(m, out, 512); /* frames 0-511: nothing yet */
    float peak = 0;
    for (int i = 0; i < 512; i++)
        peak = fmaxf(peak, fabsf(out[i]));
    CHECK(peak == 0.0f);
    mixer_render(m, out, 512); /* frames 512-1023: it starts at 1000 = offset 488 */
    CHECK(out[487] == 0.0f);
    CHECK(fabsf(out[488] - 0.25f) < 1e-7);
    CHECK(fabsf(out[511] - 0.25f) < 1e-7);
    CHECK_INT(mixer_frames(m), 1024);
    mixer_render(m, out, 512); /* the rest of it: 100 - 24 = 76 samples */
    CHECK(fabsf(out[75] - 0.25f) < 1e-7);
    CHECK(out[76] == 0.0f);
    audio_clip *back = NULL;
    CHECK(mixer_take_done(m, &back));
    CHECK(back == a);
    CHECK_INT(mixer_active(m), 0);

    /* overlaps add up; loud overlaps bend below 0.87 (-1.2 dBFS) and keep their sign */
    audio_clip *b = constant(0.3f, 64), *c = constant(-0.9f, 64), *d = constant(-0.9f, 64);
    uint64_t now = mixer_frames(m);
    mixer_play(m, b, now + 10, 1.0f);
    mixer_play(m, a, now + 10, 1.0f);
    mixer_play(m, c, now + 200, 1.0f);
    mixer_play(m, d, now + 200, 1.0f);
    mixer_render(m, out, 512);
    CHECK(fabsf(out[10] - 0.55f) < 1e-6);
    CHECK(out[200] < -0.7f && out[200] >= -0.87f);
    CHECK(mixer_get_stats(m).limited > 0);
    while (mixer_take_done(m, &back))
        ;

    /* a clip posted after its frame plays whole from now, and is counted,
     * with by how much and when it was due */
    CHECK_INT(mixer_get_stats(m).late_by, 0);
    now = mixer_frames(m);
    mixer_play(m, b, now - 100, 1.0f);
    mixer_render(m, out, 512);
    CHECK(fabsf(out[0] - 0.3f) < 1e-6 && fabsf(out[63] - 0.3f) < 1e-6 && out[64] == 0.0f);
    CHECK_INT(mixer_get_stats(m).late, 1);
    CHECK_INT(mixer_get_stats(m).late_by, 100);
    CHECK_INT(mixer_get_stats(m).late_at, now - 100);
    while (mixer_take_done(m, &back))
        ;

    /* the queue refuses when full; it never blocks */
    int accepted = 0;
    for (int i = 0; i < 3000; i++)
        accepted += mixer_play(m, b, mixer_frames(m) + 100000, 1.0f);
    CHECK(accepted >= 1000 && accepted < 3000);
    mixer_destroy(m);

    /* gain from its frame on; stereo */
    m = mixer_create(2);
    float st[1024];
    audio_clip *e = constant(0.5f, 400);
    mixer_play(m, e, 0, 1.0f);
    mixer_set_gain(m, 0.5f, 100);
    mixer_render(m, st, 512);
    CHECK(fabsf(st[2 * 99] - 0.5f) < 1e-6 && fabsf(st[2 * 99 + 1] - 0.5f) < 1e-6);
    CHECK(fabsf(st[2 * 100] - 0.25f) < 1e-6 && fabsf(st[2 * 100 + 1] - 0.25f) < 1e-6);
    mixer_destroy(m);

    /* a cut: what started before its frame fades out over 5 ms from there
     * and comes back finished; what is due later plays whole */
    m = mixer_create(1);
    float cu[2048];
    audio_clip *f = constant(0.5f, 4000), *g = constant(0.5f, 100);
    mixer_play(m, f, 0, 1.0f);
    mixer_play(m, g, 1500, 1.0f);
    mixer_cut(m, 1000);
    mixer_render(m, cu, 2048);
    CHECK(fabsf(cu[999] - 0.5f) < 1e-6);
    CHECK(cu[1000 + 120] > 0.2f && cu[1000 + 120] < 0.3f); /* halfway down */
    CHECK(cu[1000 + 240] == 0.0f && cu[1400] == 0.0f);     /* gone after 5 ms */
    CHECK(fabsf(cu[1500] - 0.5f) < 1e-6 && fabsf(cu[1599] - 0.5f) < 1e-6);
    int back_n = 0;
    while (mixer_take_done(m, &back))
        back_n++;
    CHECK_INT(back_n, 2);
    CHECK_INT(mixer_active(m), 0);
    /* ducking: down to the level asked over 20 ms, back up the same way */
    mixer_play(m, f, 2048, 1.0f);
    mixer_duck(m, 0.2f, 2048 + 100);
    mixer_render(m, cu, 2048);
    CHECK(fabsf(cu[99] - 0.5f) < 1e-6);
    CHECK(cu[100 + 400] < 0.5f && cu[100 + 400] > 0.1f);   /* on its way down */
    CHECK(fabsf(cu[100 + 960] - 0.1f) < 1e-4);              /* there within 20 ms */
    for (int i = 101; i < 2048; i++)
        CHECK(cu[i] <= cu[i - 1] + 1e-7);                   /* smoothly: never a step up */
    mixer_duck(m, 1.0f, 4096 + 10);
    mixer_render(m, cu, 2048);
    CHECK(fabsf(cu[10 + 960] - 0.5f) < 1e-4);
    while (mixer_take_done(m, &back))
        ;
    mixer_destroy(m);
    clip_free(f);
    clip_free(g);
    CHECK(mixer_create(3) == NULL);
    clip_free(a);
    clip_free(b);
    clip_free(c);
    clip_free(d);
    clip_free(e);
    CHECK_DONE();
}
