/* history.h: reading the session log (docs/data.md) back into sessions.
 *
 * The log is JSON Lines, one record per event, appended by journal.c. A
 * line that is not a complete record (a crash tore it, or it was edited) is
 * skipped and counted, never fatal. Records are grouped by their "session"
 * id, in the order their first records appear. */
#ifndef COACH_HISTORY_H
#define COACH_HISTORY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coach/diag.h"

/* One pain rating. */
typedef struct history_pain {
    int64_t ms;            /* when: milliseconds since 1970 (UTC) */
    const char *ts;        /* the record's ts, ISO 8601 with offset */
    int value;             /* 0-10 */
    const char *exercise;  /* the exercise being done (its id), or NULL */
    const char *when;      /* "before" (the opening rating), "during", "after" */
} history_pain;

/* One exercise of a session, as planned and as it went. */
typedef struct history_exercise {
    const char *planned;   /* the routine step's exercise id */
    const char *variant;   /* the variant it started with (== planned unless changed) */
    int sets, reps, hold;  /* the dose it started with; -1 where it has none */
    int max_pain;          /* the highest rating during it; -1: none */
    const char *end;       /* exercise_end reason: "completed", "skipped", "pain",
                              "stopped", "red_flag"...; NULL: the log ends first */
    bool eased;            /* made easier during the session (by pain or asked) */
    bool harder;           /* made harder during the session, when asked */
    const char *easy;      /* the answer to "did that feel easy?" after it: "yes",
                              "no"; NULL when not asked or not answered */
    int routine_dose;      /* the routine's own reps or hold for that variant then; -1 unknown */
} history_exercise;

/* One change of dose from the session before, said at a session's start
 * (a "progress" event, docs/progression.md). */
typedef struct history_progress {
    const char *exercise;  /* the step's exercise id */
    const char *field;     /* "reps", "hold", "variant" */
    const char *reason;    /* "tolerated", "pain", "not_settled" */
    const char *from, *to; /* variant: exercise ids; else NULL */
    int previous, value;   /* reps or hold: before and after; else -1 */
} history_progress;

/* One answer to a weekly tracking question (a "tracking" record,
 * docs/data.md; src/store/tracking.h). */
typedef struct history_tracking {
    int64_t ms;            /* when: milliseconds since 1970 (UTC) */
    const char *ts;        /* the record's ts, ISO 8601 with offset */
    int field;             /* a tracking_field */
    int value;             /* minutes, or 0-10 for confidence; -1: skipped */
} history_tracking;

/* One session. */
typedef struct history_session {
    const char *id;
    const char *routine;   /* routine id */
    const char *title;     /* routine title */
    int64_t start_ms;      /* session_start, milliseconds since 1970 (UTC) */
    const char *start_ts;  /* its ts as written (local time with offset) */
    int64_t end_ms;        /* session_end; -1 when the log ends first */
    const char *end;       /* session_end reason; NULL when the log ends first */
    int pain_before;       /* the first rating before any exercise; -1: none */
    int pain_after;        /* the last rating after the last exercise (the closing
                              question); -1: none */
    const char *next_day;  /* the answer, at this session's start, to "is your
                              back back to its usual level since last time?":
                              "yes", "no", or NULL (not asked or no answer) */
    const history_pain *pains;
    size_t n_pains;
    const history_exercise *exercises;
    size_t n_exercises;
    const history_progress *progress; /* the changes said at its start */
    size_t n_progress;
    const history_tracking *tracking; /* the tracking questions answered or skipped */
    size_t n_tracking;
} history_session;

typedef struct history history;

/* Reads every record of the log file at path. A missing file is an empty
 * history (COACH_OK); an unreadable one is COACH_ERR_IO with a sentence. */
coach_err history_load(const char *path, history **out, coach_diags *diags);
/* Reads records from text (len bytes, need not end in a newline); for tests
 * and the fuzzer. */
coach_err history_parse(const char *text, size_t len, history **out);
/* Frees it; accepts NULL. */
void history_destroy(history *h);
/* Sessions, oldest first. */
size_t history_count(const history *h);
const history_session *history_at(const history *h, size_t i);
/* When history_load read the log, in milliseconds since 1970 (UTC): the
 * "now" that progression measures a week from; -1 for history_parse. */
int64_t history_read_ms(const history *h);
/* Lines skipped as not complete records. */
size_t history_bad_lines(const history *h);
/* Milliseconds since 1970 (UTC) of an ISO 8601 time with an offset or Z,
 * such as 2026-11-21T15:31:02.123+01:00 (every ts in a history has
 * passed it); -1 when it is not one. */
int64_t history_parse_time(const char *ts);
/* When a tracking question was last answered or skipped, in any session,
 * at or before until_ms, in milliseconds since 1970 (UTC); -1 never
 * (src/store/tracking.h). Records dated later (a clock set wrong, or an
 * edited log) are left out, so that they cannot put the questions off for
 * ever. */
int64_t history_tracking_latest_ms(const history *h, int64_t until_ms);
/* The latest session of routine id, or NULL. */
const history_session *history_last_of(const history *h, const char *routine_id);

#endif
