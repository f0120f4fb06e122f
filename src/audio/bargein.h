/* bargein.h: telling the user's voice from the coach's own echo, with the
 * echo canceller's help, so that the user can talk over the coach. Once the
 * canceller has converged, what it leaves of an utterance (aec_residual_db)
 * tells who spoke: its echo alone leaves about -ERLE, a user talking over it
 * leaves their share. The same rules serve the file backend (--echo) and the
 * live microphone (docs/recognition.md). */
#ifndef COACH_BARGEIN_H
#define COACH_BARGEIN_H

#include <stdbool.h>

#include "../asr/asr.h"
#include "aec.h"

/* The longest echo (delay and reverberation) the canceller follows, seconds */
#define BARGEIN_AEC_TAIL_S 0.3
/* Who spoke, from what the canceller left (aec.h): in the 100 ms of an
 * utterance that left the most, a voice, even 6 dB under the echo, leaves
 * -9 dB or more, and the echo alone never more than -15 (measured through
 * simulated rooms with voices the benchmark does not use,
 * docs/recognition.md): over BARGEIN_USER_PEAK_DB it is the user. Else
 * under BARGEIN_ECHO_LEFT_DB over the whole utterance (echo alone leaves
 * about -27 dB, measured down to -17 at sound onsets) it is the coach's
 * own echo; in between, the half-duplex gate decides */
#define BARGEIN_USER_PEAK_DB -12.0
#define BARGEIN_ECHO_LEFT_DB -18.0
/* The coach's level while the user may be talking over it (-15 dB), until
 * what they said is decided; the ducking starts once this much of an
 * utterance has a moment that leaves more than BARGEIN_DUCK_LEFT_DB (the
 * first frames of an utterance are mostly the sound before it, and say
 * little) */
#define BARGEIN_DUCK_GAIN 0.178f
#define BARGEIN_DUCK_AFTER_S 0.15
#define BARGEIN_DUCK_LEFT_DB -14.0

typedef enum {
    BARGEIN_UNKNOWN, /* no canceller, not converged, the stretch is forgotten, or the
                        coach's echo, not heard as it began, was heard by its end */
    BARGEIN_ECHO,    /* the coach's own echo */
    BARGEIN_UNSURE,  /* either: the half-duplex gate decides */
    BARGEIN_USER,    /* the user's, even over the coach */
} bargein_verdict;

/* The canceller's verdict on what the recogniser heard from start_s to
 * end_s (seconds of the canceller's output); a may be NULL. Where the
 * coach's echo is not heard at the microphone at all (headphones:
 * aec_inaudible_at), what it heard is left whole and a voice is the
 * user's, over the coach or not. */
bargein_verdict bargein_judge(const aec *a, double start_s, double end_s);
/* Notes utterance u's level as the user's voice (aec_note_voice) when the
 * recogniser took it as a command and verdict v is the user's or none (a
 * gap, or no converged canceller: aec_note_voice keeps it only where the
 * coach was silent); a may be NULL. True when it was offered to the
 * canceller (its figure may have changed). */
bool bargein_note_voice(aec *a, const asr_utterance *u, bargein_verdict v);
/* While rec hears an utterance (now_s: the end of what it was fed):
 * true, with *down, once there is a verdict on whether to duck the coach
 * under it; false while there is none (no utterance, too little of it, no
 * converged canceller). */
bool bargein_duck(const aec *a, const asr *rec, double now_s, bool *down);

#endif
