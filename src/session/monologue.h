/* monologue.h: a program (program.h) that says a few sentences in order
 * and ends: the spoken summary of `coach history`. It starts with the start
 * earcon and ends with the end earcon. While it speaks, "repeat" says it
 * all again from the start, "stop" (or "skip") ends it at once, "pause"
 * and "resume" hold it; anything else is acknowledged and ignored. */
#ifndef COACH_MONOLOGUE_H
#define COACH_MONOLOGUE_H

#include <stddef.h>

#include "program.h"

/* A program saying sentences[0..n) (copied) at rate words a minute;
 * sample_rate frames a second. */
coach_err monologue_create(const char *const *sentences, size_t n, int rate, int sample_rate,
                           action_measure measure, void *measure_ctx, program *out);

#endif
