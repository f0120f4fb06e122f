/* phase.h: where the user is in a programme (docs/progression.md). A phase
 * is done when both its tolerated sessions and its weeks are: the sessions
 * it asks for (weeks x sessions a week) that ended completed without a
 * rise in pain, AND its weeks elapsed since its first session (seed 000:
 * "a small dose each week only if your back tolerated the last one"), so
 * ten sessions in two days do not reach the loading phase. Pure: the
 * caller gives the log and the time. */
#ifndef COACH_PHASE_H
#define COACH_PHASE_H

#include <stdint.h>

#include "coach/routine.h"
#include "../store/history.h"

/* The pain rules of the routine with this id (a phase's), or NULL for the
 * defaults. */
typedef const pain_rules *(*phase_rules_of)(void *ctx, const char *routine_id);

/* A day's grace on a phase's weeks: a Monday-to-Monday schedule counts
 * its last week (our own choice). */
#define PHASE_GRACE_DAYS 1

/* True when session s of a phase was tolerated: completed, and no rating
 * after its starting one rose by rules (NULL: the defaults, 3 and 2). */
bool phase_tolerated(const history_session *s, const pain_rules *rules);

/* The phase of p to do at now_ms (milliseconds since 1970), from log h,
 * with the week of the whole programme in *week (1-based) and its length
 * in *weeks; the last phase once all are done; NULL when p has none. */
const programme_phase *phase_place(const programme *p, const history *h, int64_t now_ms,
                                   phase_rules_of rules, void *ctx, int *week, int *weeks);

#endif
