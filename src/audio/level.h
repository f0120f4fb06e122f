/* level.h: how loud the coach is (issue 15). Speech and earcons are
 * brought to about -18 LUFS (ITU-R BS.1770) at the default volume, the
 * level spoken-word audio aims for, loud enough for a laptop two metres
 * away: a fixed gain on every clip, and on speech a look-ahead peak
 * limiter (off the audio thread: clips are made on the control thread)
 * that keeps each clip's peaks under LEVEL_CEILING. The volume (0-100) is
 * a master gain in steps of 3 dB per 10, 80 being 0 dB; the mixer's soft
 * limiter keeps overlaps and louder volumes under -1 dBFS. */
#ifndef COACH_LEVEL_H
#define COACH_LEVEL_H

#include <stddef.h>

/* The gain on every clip, in dB: -18 LUFS at the default volume
 * (bench_sound measures it). */
#define LEVEL_GAIN_DB 5.5
/* A speech clip's peaks stay under this (about -3 dBFS). */
#define LEVEL_CEILING 0.7f
/* The loudness of a session at LEVEL_VOLUME_REF (bench_sound measures it). */
#define LEVEL_TARGET_LUFS (-18.0)
/* The default volume's place on the scale: 0 dB. */
#define LEVEL_VOLUME_REF 80

/* The master gain for a volume 0-100: 0 for 0, else 3 dB per 10 steps
 * from LEVEL_VOLUME_REF (10: -21 dB, 100: +6 dB). */
float level_volume_gain(int volume);
/* Multiplies n samples by the clip gain (LEVEL_GAIN_DB). */
void level_earcon(float *x, size_t n);
/* Brings a speech clip of n samples at rate to level: the clip gain, then
 * a peak limiter with 2 ms of look-ahead and a 60 ms release, so that no
 * sample passes LEVEL_CEILING and the gain never jumps. Returns 0, or -1
 * when out of memory (the clip then has the gain and a hard clip). */
int level_speech(float *x, size_t n, int rate);

#endif
