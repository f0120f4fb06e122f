/* mixer.h: the scheduler and mixer that run inside the audio callback.
 *
 * The control thread posts commands ("play clip C at frame N", "set the
 * gain") through a lock-free ring; the audio callback calls mixer_render,
 * which starts every clip at its exact frame (a clip due inside a buffer
 * starts at its sample offset), mixes overlapping clips with a soft limiter
 * (never wrap-around clipping), advances the frame clock, and hands finished
 * clips back through a second ring. mixer_render never allocates, frees,
 * locks, logs, sleeps or does I/O. */
#ifndef COACH_MIXER_H
#define COACH_MIXER_H

#include <stdbool.h>
#include <stdint.h>

#include "clip.h"

typedef struct mixer mixer;

typedef struct mixer_stats {
    uint64_t late;      /* clips that started after their frame (posted too late) */
    uint64_t dropped;   /* clips dropped: no free voice */
    uint64_t limited;   /* samples the limiter had to bend */
    uint64_t late_by;   /* the most late clip: by how many frames (0: none) */
    uint64_t late_at;   /* and the frame it was due at */
} mixer_stats;

/* Creates a mixer writing `channels` interleaved channels (1 or 2); NULL
 * when out of memory. */
mixer *mixer_create(int channels);
/* Frees it; accepts NULL. The audio thread must have stopped. */
void mixer_destroy(mixer *m);
/* Control thread: play clip at absolute frame, at gain (0-1, times the
 * master gain). False (and nothing queued) when the command ring is full. */
bool mixer_play(mixer *m, audio_clip *clip, uint64_t frame, float gain);
/* Control thread: the master gain from frame `frame` on. */
bool mixer_set_gain(mixer *m, float gain, uint64_t frame);
/* Control thread: ducks everything by gain (0-1; 1: not ducked) from
 * frame on, moving there over 20 ms (so without a click), until the next
 * call. */
bool mixer_duck(mixer *m, float gain, uint64_t frame);
/* Control thread: every clip that has started before frame stops there,
 * fading out over 5 ms; clips due from frame on are not touched. */
bool mixer_cut(mixer *m, uint64_t frame);
/* Control thread: takes one clip the mixer has finished with; false when
 * there is none. */
bool mixer_take_done(mixer *m, audio_clip **clip);
/* Control thread, once the audio thread has stopped for good (a stream
 * closed early, by an error or a stop): takes one clip the mixer still
 * holds, finished or not (queued, playing, or not handed back); false when
 * it holds none. Without it, clips posted ahead of the clock would never
 * come back to be freed. */
bool mixer_take_any(mixer *m, audio_clip **clip);
/* Audio thread: renders `frames` frames of interleaved float samples into
 * out, starting at the current frame, then advances the clock. */
void mixer_render(mixer *m, float *out, unsigned frames);
/* Any thread: frames rendered so far (the session clock). */
uint64_t mixer_frames(const mixer *m);
/* Any thread: clips playing or waiting to start (a snapshot). */
unsigned mixer_active(const mixer *m);
/* Any thread: a snapshot of the counters. */
mixer_stats mixer_get_stats(const mixer *m);

#endif
