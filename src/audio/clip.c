/* clip.c: clips that own their samples. */
#include "clip.h"

#include <stdlib.h>
#include <string.h>

audio_clip *clip_from_float(const float *samples, uint64_t n)
{
    audio_clip *c = calloc(1, sizeof *c);
    float *copy = malloc((n ? n : 1) * sizeof *copy);
    if (!c || !copy) {
        free(c);
        free(copy);
        return NULL;
    }
    if (n)
        memcpy(copy, samples, n * sizeof *copy);
    c->samples = copy;
    c->frames = n;
    c->owned = 1;
    return c;
}

audio_clip *clip_adopt(float *samples, uint64_t n)
{
    audio_clip *c = samples ? calloc(1, sizeof *c) : NULL;
    if (!c) {
        free(samples);
        return NULL;
    }
    c->samples = samples;
    c->frames = n;
    c->owned = 1;
    return c;
}

void clip_free(audio_clip *c)
{
    if (!c)
        return;
    if (c->owned)
        free((float *)c->samples);
    free(c);
}
