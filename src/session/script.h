/* script.h: --script files, a simulated user: one utterance a line,
 * "SECONDS TEXT" (such as "42.0 pain six"); '#' starts a comment. */
#ifndef COACH_SCRIPT_H
#define COACH_SCRIPT_H

#include <stddef.h>
#include <stdint.h>

#include "coach/diag.h"

typedef struct script_line {
    uint64_t frame;  /* when it is said, at the session's sample rate */
    const char *text;
    int line;        /* where it is in the file */
} script_line;

typedef struct script script;

/* Reads a script file; every malformed line is reported (file:line:column)
 * and the result is COACH_ERR_DATA. Lines are sorted by time (stable). */
coach_err script_load(const char *path, int sample_rate, script **out, coach_diags *diags);
/* Parses script text, as script_load. */
coach_err script_parse(const char *name, const char *text, size_t len, int sample_rate,
                       script **out, coach_diags *diags);
void script_destroy(script *s);
size_t script_count(const script *s);
const script_line *script_get(const script *s, size_t i);

#endif
