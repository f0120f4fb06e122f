/* limit.h: a hard limit on a session's length. Whatever a routine does (a
 * handover loop that slipped past the checks, a script that keeps it
 * going), a session ends cleanly once it has run SESSION_MAX_S: the coach
 * says so and logs a session_end with reason "time_limit" (docs/session.md).
 * It wraps any program, so the rule lives in one place. */
#ifndef COACH_LIMIT_H
#define COACH_LIMIT_H

#include <stdint.h>

#include "program.h"
#include "../core/templates.h"

/* The wrapper's handle, for what the host must say on its own (valid until
 * the program is destroyed). */
typedef struct program_limiter program_limiter;

/* Four hours: eight times the longest routine, with every pause allowed. */
#define SESSION_MAX_S (4.0 * 3600.0)

/* Wraps inner (taking ownership) into *out: the same program, until max_s
 * seconds (at sample_rate frames a second) after its start; then inner is
 * no longer advanced nor heard, and the ending is said (measured with
 * measure at rate wpm; 0: the default rate) and logged. *handle (may be
 * NULL) is the wrapper's handle. COACH_ERR_NOMEM (inner destroyed) when
 * out of memory. */
coach_err program_limit(program inner, double max_s, int sample_rate, action_measure measure,
                        void *measure_ctx, int rate, program *out, program_limiter **handle);
/* Says sentence at once (at the frame last advanced to, over whatever the
 * program says): how the host tells the user something the program cannot
 * know, such as the log no longer being written. Accepts NULL. */
void program_limiter_say(program_limiter *l, tmpl_id sentence);

#endif
