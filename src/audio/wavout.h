/* wavout.h: a session rendered into a WAV file that is never left broken.
 * The samples go to a temporary file beside PATH (coach_output, fileio.h:
 * PATH.tmp-XXXXXX, mode 0600), whose header is brought up to date every
 * second of audio (a render killed outright leaves it playable); only a
 * render that ends (or is stopped) has it synced and renamed over PATH, so
 * an earlier file is never overwritten by half of a new one. A PATH that is
 * a device (/dev/null) is written directly, never renamed over. */
#ifndef COACH_WAVOUT_H
#define COACH_WAVOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "coach/diag.h"

typedef struct wavout wavout;

/* Starts PATH, 16-bit mono at rate. COACH_ERR_IO with a sentence. */
coach_err wavout_open(const char *path, int rate, wavout **out, coach_diags *diags);
/* Appends n samples. COACH_ERR_IO with a sentence (a full disk). */
coach_err wavout_write(wavout *w, const float *samples, size_t n, coach_diags *diags);
/* Closes it: renamed over PATH when keep, else removed. COACH_ERR_IO with
 * a sentence when the file could not be finished. Accepts NULL. */
coach_err wavout_close(wavout *w, bool keep, coach_diags *diags);

#endif
