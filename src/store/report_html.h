/* report_html.h: the session log as one printable HTML page
 * (docs/export.md): `coach history --report FILE.html`.
 *
 * The page stands alone: no script, no external file, its CSS inline. It has
 * a chart of pain before and after each session, a chart of the doses each
 * session started with, and tables holding the same numbers, so that a
 * screen reader, a printer and a person with low vision all get them. */
#ifndef COACH_REPORT_HTML_H
#define COACH_REPORT_HTML_H

#include <stdio.h>

#include "coach/diag.h"
#include "history.h"

/* The charts' marker colours, for tests that look at the rendered page:
 * pain before the session (filled circles) and after it (hollow squares). */
#define REPORT_COLOR_BEFORE "#0044aa"
#define REPORT_COLOR_AFTER "#b34700"

/* Writes h as one HTML5 page to out. An empty history gives a page saying
 * there is nothing yet. COACH_ERR_IO, with a sentence, when out reports a
 * write error; COACH_ERR_USAGE when h or out is NULL. */
coach_err report_html_write(const history *h, FILE *out, coach_diags *diags);

#endif
