/* test_level.c: how loud the coach is (src/audio/level.h): the volume's
 * 3 dB steps around the default, the clip gain, and the speech limiter
 * (peaks under the ceiling, quiet parts untouched, no jumps in gain). */
#include <math.h>
#include <stdlib.h>

#include "audio/level.h"
#include "check.h"

/* gain as dB */
static double db(double g)
{
    return 20 * log10(g);
}

int main(void)
{
    /* 3 dB a step of 10, 80 the reference, 100 six over, 10 audible */
    CHECK(fabs(db(level_volume_gain(80))) < 1e-4);
    CHECK(fabs(db(level_volume_gain(90)) - 3.0) < 1e-4);
    CHECK(fabs(db(level_volume_gain(70)) + 3.0) < 1e-4);
    CHECK(fabs(db(level_volume_gain(100)) - 6.0) < 1e-4);
    CHECK(fabs(db(level_volume_gain(10)) + 21.0) < 1e-4);
    CHECK(level_volume_gain(0) == 0.0f);

    /* earcons: the clip gain, exactly */
    float e[4] = {0.1f, -0.2f, 0.0f, 0.05f};
    level_earcon(e, 4);
    float g = powf(10.0f, (float)LEVEL_GAIN_DB / 20.0f);
    CHECK(fabsf(e[0] - 0.1f * g) < 1e-6 && fabsf(e[1] + 0.2f * g) < 1e-6);

    /* speech: one second of a quiet tone, a 50 ms burst at full scale in
     * the middle of it, then quiet again */
    enum { RATE = 48000, N = RATE };
    float *x = malloc(N * sizeof *x), *orig = malloc(N * sizeof *orig);
    for (int i = 0; i < N; i++) {
        float amp = i >= 24000 && i < 26400 ? 1.0f : 0.05f;
        x[i] = orig[i] = amp * sinf(2 * 3.14159265f * 220 * (float)i / RATE);
    }
    CHECK_INT(level_speech(x, N, RATE), 0);
    float peak = 0, worst_jump = 0;
    for (int i = 0; i < N; i++) {
        peak = fmaxf(peak, fabsf(x[i]));
        if (fabsf(orig[i]) > 0.01f && i > 0 && fabsf(orig[i - 1]) > 0.01f) {
            float r0 = x[i - 1] / (orig[i - 1] * g), r1 = x[i] / (orig[i] * g);
            worst_jump = fmaxf(worst_jump, fabsf(r1 - r0));
        }
    }
    CHECK(peak <= LEVEL_CEILING + 1e-6f);
    CHECK(peak > 0.9f * LEVEL_CEILING); /* limited, not silenced */
    CHECK(worst_jump < 0.02f);          /* the gain glides: no click */
    /* far from the burst (before its look-ahead, after its release) the
     * quiet tone has just the clip gain */
    CHECK(fabsf(x[1000] - orig[1000] * g) < 1e-5);
    CHECK(fabsf(x[N - 1000] / (orig[N - 1000] * g) - 1.0f) < 0.002f); /* released: 0.4 s later */
    /* during the burst the gain is down, and back up within 0.5 s */
    CHECK(fabsf(x[25000]) <= LEVEL_CEILING);
    free(x);
    free(orig);
    CHECK_DONE();
}
