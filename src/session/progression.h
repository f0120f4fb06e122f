/* progression.h: this session's dose of every exercise step, and the one
 * sentence that says what changed and why (docs/progression.md). progress.h
 * decides one step; this walks the routine (its branches included), keeps
 * the level of each step, and words the changes. Pure: the engine logs the
 * changes it is told about and says the sentence. */
#ifndef COACH_PROGRESSION_H
#define COACH_PROGRESSION_H

#include <stdbool.h>
#include <stddef.h>

#include "coach/routine.h"
#include "engine.h"
#include "progress.h"

/* The level of one exercise step. */
typedef struct progression_step {
    const step *st;
    progress_level l;
} progression_step;

typedef struct progression {
    progression_step *steps; /* one per exercise step, in routine order */
    size_t n;
    bool decided;            /* progression_decide has run */
} progression;

/* Told each change said, in the order the sentence says them (a step
 * repeated in the routine once): planned is the step's exercise. */
typedef void (*progression_change)(void *ctx, const progress_level *l, const exercise *planned);

/* Frees the levels; p is empty (and undecided) again. Accepts NULL. */
void progression_free(progression *p);
/* Decides the level of every exercise step of steps (branches included)
 * from the last session and the next-day answer ("yes", "no", NULL), calls
 * change for each change to say, and returns the one sentence that says
 * what changed and why (malloc'd). Does nothing and returns NULL when
 * there was no last session or the levels are decided already. */
char *progression_decide(progression *p, const step_list *steps, const session_last *last,
                         const char *next_day, const pain_rules *pain,
                         progression_change change, void *ctx);
/* The level decided for exercise step st, or NULL. */
const progress_level *progression_level_of(const progression *p, const step *st);

#endif
