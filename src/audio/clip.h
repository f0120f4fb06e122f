/* clip.h: an immutable piece of audio (speech or an earcon): mono float
 * samples at the device rate. Clips are made off the audio thread and handed
 * to the mixer by pointer; the mixer never frees them, it hands them back
 * when done (docs/audio.md). */
#ifndef COACH_CLIP_H
#define COACH_CLIP_H

#include <stdint.h>

typedef struct audio_clip {
    const float *samples;
    uint64_t frames;
    int owned;      /* freed by clip_free (else part of a cache or a set) */
    int pending;    /* times handed to the mixer and not yet handed back */
} audio_clip;

/* Makes a clip that owns a copy of n samples; NULL when out of memory. */
audio_clip *clip_from_float(const float *samples, uint64_t n);
/* Makes a clip that takes ownership of samples (malloc'd, n long); frees
 * them and returns NULL when out of memory (also when samples is NULL). */
audio_clip *clip_adopt(float *samples, uint64_t n);
/* Frees a clip made by clip_from_float or clip_adopt; accepts NULL. */
void clip_free(audio_clip *c);

#endif
