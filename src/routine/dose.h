/* dose.h: reading an exercise's dose fields (sets, reps, hold, tempo...),
 * shared by the library (an exercise's own dose) and routines (a step's
 * overrides). Which keys apply depends on the exercise's kind. */
#ifndef COACH_DOSE_H
#define COACH_DOSE_H

#include "coach/routine.h"
#include "schema.h"

/* Every dose key of every kind, NULL-terminated (for key checks). */
extern const char *const dose_all_keys[];

/* The names of the kinds: "reps", "hold", "breathing", "timed", NULL. */
extern const char *const exercise_kind_names[];

/* Reads the dose keys of `kind` from map into d, on top of what d holds, and
 * sets their DOSE_* bits in d->set_mask. A dose key of another kind is
 * reported as not applying to this kind. `what` names the mapping. */
void dose_read(schema_ctx *c, const ynode *map, exercise_kind kind, exercise_dose *d,
               const char *what);

/* The schema's bounds of dose key `key` for kind into lo and hi; false
 * (and lo, hi untouched) when kind has no such key. */
bool dose_bounds(exercise_kind kind, const char *key, int *lo, int *hi);

/* Fills d with the defaults of kind (sets 1, relax 3, rest -1, ...). */
void dose_defaults(exercise_kind kind, exercise_dose *d);

/* Reports, at node `at`, each dose key that kind requires and d lacks. */
void dose_check_required(schema_ctx *c, const ynode *at, exercise_kind kind,
                         const exercise_dose *d, const char *what);

#endif
