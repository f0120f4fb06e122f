/* level.c: how loud the coach is (level.h). */
#include "level.h"

#include <math.h>
#include <stdlib.h>

float level_volume_gain(int volume)
{
    if (volume <= 0)
        return 0.0f;
    return powf(10.0f, 0.3f * (float)(volume - LEVEL_VOLUME_REF) / 20.0f);
}

/* The clip gain as a factor. */
static float clip_gain(void)
{
    return powf(10.0f, (float)LEVEL_GAIN_DB / 20.0f);
}

void level_earcon(float *x, size_t n)
{
    float g = clip_gain();
    for (size_t i = 0; i < n; i++)
        x[i] *= g;
}

/* For each sample, the smallest of need[] over [i - a, i + a]: a sliding
 * minimum with a queue of indices (each pushed and popped once). */
static void window_min(const float *need, float *out, size_t n, size_t a, size_t *q)
{
    size_t head = 0, tail = 0, next = 0;
    for (size_t i = 0; i < n; i++) {
        size_t hi = i + a < n - 1 ? i + a : n - 1;
        for (; next <= hi; next++) {
            while (tail > head && need[q[tail - 1]] >= need[next])
                tail--;
            q[tail++] = next;
        }
        while (q[head] + a < i)
            head++;
        out[i] = need[q[head]];
    }
}

int level_speech(float *x, size_t n, int rate)
{
    float g = clip_gain();
    for (size_t i = 0; i < n; i++)
        x[i] *= g;
    if (n == 0)
        return 0;
    float *need = malloc(n * sizeof *need), *env = malloc(n * sizeof *env);
    size_t *q = malloc(n * sizeof *q);
    if (!need || !env || !q) {
        free(need), free(env), free(q);
        for (size_t i = 0; i < n; i++)
            x[i] = fmaxf(-LEVEL_CEILING, fminf(LEVEL_CEILING, x[i]));
        return -1;
    }
    /* the gain each sample needs, then the least over 2 ms either side */
    for (size_t i = 0; i < n; i++) {
        float a = fabsf(x[i]);
        need[i] = a > LEVEL_CEILING ? LEVEL_CEILING / a : 1.0f;
    }
    window_min(need, env, n, (size_t)(0.002 * rate), q);
    /* smoothed: back up to 1 with a 60 ms release (forward), and down
     * ahead of a peak with a 2 ms attack (backward); both only lower it */
    float rel = 1.0f - expf(-1.0f / (0.060f * (float)rate)), att = 1.0f - expf(-1.0f / (0.002f * (float)rate));
    for (size_t i = 1; i < n; i++)
        env[i] = fminf(env[i], env[i - 1] + (1.0f - env[i - 1]) * rel);
    for (size_t i = n - 1; i-- > 0;)
        env[i] = fminf(env[i], env[i + 1] + (1.0f - env[i + 1]) * att);
    for (size_t i = 0; i < n; i++)
        x[i] *= env[i];
    free(need), free(env), free(q);
    return 0;
}
