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

/* The answer to "did that feel easy?" after an exercise (seed 001: "we
 * progress when symptoms are stable or improving and exercises feel too
 * easy"): not asked (or not answered), yes, no. */
typedef enum { PROGRESS_EASY_UNKNOWN = 0, PROGRESS_EASY_YES, PROGRESS_EASY_NO } progress_easy;

/* How an exercise went last time (from the session log). */
typedef struct progress_last {
    const char *planned;   /* the step's exercise id */
    const char *variant;   /* the variant it started with */
    int reps, hold;        /* the dose it started with; -1 where none */
    int max_pain;          /* the highest rating during it; -1 none */
    const char *end;       /* "completed", "skipped", "pain", ...; NULL unknown */
    bool eased;            /* made easier during it */
    int baseline;          /* the starting pain of the session it was in; -1 none */
    /* raised at the start of the session it was in (a "progress" event,
     * reason tolerated): what it was raised from, so that "no" to the
     * next-day question can take back exactly that step */
    bool raised;
    const char *raised_field;        /* "reps", "hold", "variant" */
    int raised_from;                 /* reps or hold before the raise */
    const char *raised_from_variant; /* the variant before the raise */
    /* every rating of the latest session of the routine after its starting
     * one (between exercises and the closing one included): the highest,
     * and that session's starting rating; -1 none */
    int session_max;
    int session_baseline;
    /* days since a session of the routine last raised it (any session,
     * not only the one it was last started in); -1 never */
    int raised_days_ago;
    /* the routine's own reps or hold for that variant at the time; -1
     * unknown (an older log) */
    int routine_dose;
    /* the answer to "did that feel easy?" after it, that last time */
    progress_easy easy;
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
    /* why it changed or was held: "tolerated" (up), "pain" (pain rose in
     * it: back), "not_settled" (no to the next-day question: back),
     * "session_pain" (a rating at any point of the last session rose:
     * held, nothing up), "this_week" (it went up less than a week ago:
     * held), "not_easy" ("no" to "did that feel easy?": held); NULL
     * otherwise */
    const char *reason;
} progress_level;

/* Decides the level of step st (an exercise step) from last (NULL: never
 * done), the next-day answer ("yes", "no" or NULL), the starting pain of
 * last's session (last->baseline, else last_baseline; -1 none) and the
 * routine's pain rules. */
progress_level progress_decide(const step *st, const progress_last *last, const char *next_day,
                               int last_baseline, const pain_rules *pain);

/* An exercise goes up at most once in this many days (seed 000: "a small
 * dose each week"), less a day's grace for a weekly schedule. */
#define PROGRESS_WEEK_DAYS 6

/* The largest reps or hold progression takes a step's dose to: half as much
 * again as the routine's dose (PROGRESS_CAP, our own choice, not the
 * seeds'). */
int progress_cap(int routine_value);

/* Reps or hold seconds of kind (EX_REPS: reps; EX_HOLD: holds per set when
 * hold is false, seconds when true) kept within [1, cap of the routine's
 * value] and the schema's bounds, whatever the log said. */
int progress_clamp(exercise_kind kind, bool hold, int value, int routine_value);

/* True when a rating `value` in a session that started at `baseline` (-1
 * none) is a rise by the routine's rules: above green_max, or
 * rise_from_baseline or more above the start. */
bool progress_pain_rose(int value, int baseline, const pain_rules *pain);

#endif
