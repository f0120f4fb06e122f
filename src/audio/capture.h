/* capture.h: a WAV file as the microphone. It reads a WAV file of any
 * sample rate, mono or stereo (channels are averaged), and yields it as
 * 16 kHz mono float samples, the recogniser's rate, resampled with
 * speexdsp. The file backend reads it in lockstep with the render, so a
 * run with --in is as deterministic, and as fast, as one without. */
#ifndef COACH_CAPTURE_H
#define COACH_CAPTURE_H

#include <stddef.h>
#include <stdint.h>

#include "coach/diag.h"

enum { CAPTURE_RATE = 16000 };

typedef struct capture capture;

/* Opens path. COACH_ERR_NO_INPUT when it is missing, COACH_ERR_DATA (with a
 * sentence) when it is not a readable audio file, or is empty, or its rate
 * or channels are out of bounds (4-192 kHz, 1-8 channels). */
coach_err capture_open(const char *path, capture **out, coach_diags *diags);
/* Closes it; accepts NULL. */
void capture_close(capture *c);
/* Fills out with up to n samples at 16 kHz; returns how many (fewer only at
 * the end of the file, where it returns silence's absence: 0). */
size_t capture_read(capture *c, float *out, size_t n);
/* The input file's own sample rate. */
int capture_file_rate(const capture *c);

#endif
