/* defaults.h: the one home of the numbers every layer shares. */
#ifndef COACH_DEFAULTS_H
#define COACH_DEFAULTS_H

/* The frame clock: frames a second, everywhere (timeline, mixer, output). */
#define COACH_FRAME_RATE 48000
/* Speech rate (words a minute) and volume (0-100) where nothing (option,
 * setting, routine) says otherwise. */
#define COACH_DEFAULT_RATE 165
#define COACH_DEFAULT_VOLUME 80
/* Live: actions are posted to the mixer this far ahead of the clock, seconds. */
#define COACH_LOOKAHEAD_S 0.1
/* The longest sentence the coach builds, in bytes with its terminator. */
#define COACH_SENTENCE_MAX 1200

#endif
