/* recall.h: what the next session needs from the log: each exercise of a
 * routine as it went the last time it was started, as progression takes it
 * (src/session/progress.h). */
#ifndef COACH_RECALL_H
#define COACH_RECALL_H

#include "coach/diag.h"
#include "engine.h"

typedef struct recall recall;

/* Reads the log at path and keeps, for each exercise of routine_id's
 * sessions, its latest start (with that session's starting pain). A missing
 * log, or no session of that routine, is a first session (has false).
 * COACH_ERR_IO when the log cannot be read. */
coach_err recall_load(const char *path, const char *routine_id, recall **out, coach_diags *diags);
/* The last session (valid until recall_destroy). */
const session_last *recall_last(const recall *r);
/* Frees it; accepts NULL. */
void recall_destroy(recall *r);

#endif
