/* room.h: a simulated room for file mode (`coach run --out --echo
 * ROOM.wav`). The microphone of a render hears the session's own output as
 * a real room would give it back: convolved with the room's impulse
 * response, a mono WAV at any rate whose leading silence is the delay and
 * whose level is the gain. Everything runs at the recogniser's rate (16 kHz)
 * and is deterministic: the same render hears the same echo every time.
 * The convolution is exact and adds no delay of its own: the first 10 ms of
 * the response directly, the rest in 10 ms partitions through FFTW
 * (uniformly partitioned overlap-save), so a long reverberant response
 * costs little. */
#ifndef COACH_ROOM_H
#define COACH_ROOM_H

#include <stddef.h>

#include "coach/diag.h"

typedef struct room room;

/* The longest response taken: 4 seconds (longer ones are cut, and said). */
#define ROOM_MAX_SECONDS 4.0

/* Reads the impulse response at path (resampled to 16 kHz). Errors as
 * capture_open gives them (COACH_ERR_NO_INPUT, COACH_ERR_DATA); also
 * COACH_ERR_DATA when the response is silent throughout. */
coach_err room_open(const char *path, room **out, coach_diags *diags);
/* Frees it; accepts NULL. */
void room_close(room *r);
/* The speaker played n samples (16 kHz): writes in echo the n samples the
 * microphone hears from them (and from all the speaker played before). */
void room_process(room *r, const float *speaker, float *echo, size_t n);
/* The response's length in samples, and its delay (leading silence). */
size_t room_length(const room *r);
size_t room_delay(const room *r);

#endif
