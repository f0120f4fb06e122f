/* progress.h: the dose of each exercise from one session to the next
 * (GUIDE §5, docs/progression.md). Progress one variable (reps, hold time,
 * or the harder variant) only when the last session stayed at or under the
 * routine's green threshold and the back was back to its usual level the
 * next day; step back to the easier variant (or a third less) when pain
 * rose; otherwise keep the dose. A pure function of its inputs: the engine
 * calls it once the next-day question is answered. */
#ifndef COACH_PROGRESS_H
#define COACH_PROGRESS_H

#include <stdbool.h>

#include "coach/routine.h"

/* How an exercise went last time (from the session log). */
typedef struct progress_last {
    const char *planned;   /* the step's exercise id */
    const char *variant;   /* the variant it started with */
    int reps, hold;        /* the dose it started with; -1 where none */
    int max_pain;          /* the highest rating during it; -1 none */
    const char *end;       /* "completed", "skipped", "pain", ...; NULL unknown */
    bool eased;            /* made easier during it */
    int baseline;          /* the starting pain of the session it was in; -1 none */
} progress_last;

typedef enum { PROGRESS_NONE, PROGRESS_KEEP, PROGRESS_UP, PROGRESS_BACK } progress_change;

/* The dose an exercise step starts with this session. */
typedef struct progress_level {
    const exercise *variant; /* the exercise to do */
    int reps;                /* reps (reps) or holds per set (hold) */
    int hold;                /* seconds (hold) */
    progress_change change;  /* NONE: no last time (or pinned): the routine's dose */
    const char *field;       /* what changed: "reps", "hold", "variant"; NULL */
    int from, to;            /* reps or hold before and after */
    const exercise *from_variant;
} progress_level;

/* Decides the level of step st (an exercise step) from last (NULL: never
 * done), the next-day answer ("yes", "no" or NULL), the starting pain of
 * last's session (last->baseline, else last_baseline; -1 none) and the
 * routine's pain rules. */
progress_level progress_decide(const step *st, const progress_last *last, const char *next_day,
                               int last_baseline, const pain_rules *pain);

/* The largest reps or hold progression takes a step's dose to: half as much
 * again as the routine's dose. */
int progress_cap(int routine_value);

#endif
