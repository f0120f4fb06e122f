/* journal.h: the session log writer (docs/data.md). Appends one JSON line
 * per session event to DIR/sessions.jsonl with a single write each, and
 * makes pain ratings, exercise ends and the session's end durable
 * (fdatasync). It never rewrites what is there. */
#ifndef COACH_JOURNAL_H
#define COACH_JOURNAL_H

#include <stdint.h>

#include "coach/diag.h"
#include "../core/action.h"

/* The log's file name inside its folder. */
#define JOURNAL_FILE "sessions.jsonl"

typedef struct journal journal;

/* The default folder: $XDG_STATE_HOME/coach, else ~/.local/state/coach,
 * into buf; COACH_ERR_UNAVAILABLE when neither variable is set. */
coach_err journal_default_dir(char *buf, size_t size, coach_diags *diags);
/* Opens (creating the folder, 0700, and the file, 0600) the log in dir for
 * appending, and checks it can be written: COACH_ERR_IO with a sentence
 * when it cannot. A torn last line (a crash) is closed with a newline
 * first, so the next record starts on its own line. */
coach_err journal_open(const char *dir, journal **out, coach_diags *diags);
/* Starts a session: its id (from start_ms, the wall clock in milliseconds
 * since 1970, and a random suffix) and the routine's id and title for the
 * session_start record. Events are stamped start_ms + their frame. */
void journal_begin(journal *j, int64_t start_ms, int sample_rate, const char *routine_id,
                   const char *title);
/* Appends event a (other actions are ignored); COACH_ERR_IO when the write
 * fails (the first failure is reported in diags, then writes stop). */
coach_err journal_event(journal *j, const action *a, coach_diags *diags);
/* The session's id ("" before journal_begin). */
const char *journal_session(const journal *j);
/* The log file's path. */
const char *journal_path(const journal *j);
/* Syncs and closes; accepts NULL. */
void journal_close(journal *j);

#endif
