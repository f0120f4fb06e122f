/* defaults.h: the one home of the numbers every layer shares. */
#ifndef COACH_DEFAULTS_H
#define COACH_DEFAULTS_H

/* The frame clock: frames a second, everywhere (timeline, mixer, output). */
#define COACH_FRAME_RATE 48000
/* Speech rate (words a minute) and volume (0-100) where nothing (option,
 * setting, routine) says otherwise. */
#define COACH_DEFAULT_RATE 165
#define COACH_DEFAULT_VOLUME 80
/* Live: actions are posted to the mixer this far ahead of the clock, seconds
 * (the short path: what the user's words change goes no further ahead). */
#define COACH_LOOKAHEAD_S 0.1
/* Live: the sound of every sentence planned this far ahead is made before
 * its turn (resampled and levelled: most of its cost), seconds. */
#define COACH_PREPARE_S 3.0
/* Live: the sound of every sentence due this soon after the start is made
 * while the output stream opens, before the control loop's first turn,
 * seconds (those turns come while the streams start, and could be late). */
#define COACH_OPENING_S 1.0
/* Live: the least output buffering asked of the device, seconds. On a busy
 * two-core machine through PulseAudio, 40 ms ran short 3 times in a desk
 * break under `stress-ng --cpu 2`, 100 ms never (docs/audio.md). */
#define COACH_OUTPUT_LATENCY_S 0.1
/* The longest sentence the coach builds, in bytes with its terminator. */
#define COACH_SENTENCE_MAX 1200

#endif
