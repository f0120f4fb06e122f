/* report_tool.c: writes the HTML report and the FHIR export of a session
 * log, for the shell tests (report_render.sh, fhir_validate.sh) until
 * `coach history` has them: report_tool LOG HTML JSON, where "-" skips one.
 * Exits 0, or 1 with the problems on stderr. */
#include <stdio.h>
#include <string.h>

#include "store/export_fhir.h"
#include "store/history.h"
#include "store/report_html.h"

/* Writes one file with fn; the problems go to diags. */
static coach_err write_file(const char *path, const history *h,
                            coach_err (*fn)(const history *, FILE *, coach_diags *),
                            coach_diags *diags)
{
    if (strcmp(path, "-") == 0)
        return COACH_OK;
    FILE *f = fopen(path, "w");
    if (!f) {
        coach_diags_add(diags, path, 0, 0, "cannot create this file");
        return COACH_ERR_IO;
    }
    coach_err err = fn(h, f, diags);
    if (fclose(f) != 0 && err == COACH_OK) {
        coach_diags_add(diags, path, 0, 0, "could not finish writing this file");
        err = COACH_ERR_IO;
    }
    return err;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: report_tool LOG HTML JSON  (\"-\" skips one)\n");
        return 2;
    }
    coach_diags *diags = coach_diags_create();
    history *h = NULL;
    coach_err err = history_load(argv[1], &h, diags);
    if (err == COACH_OK)
        err = write_file(argv[2], h, report_html_write, diags);
    if (err == COACH_OK)
        err = write_file(argv[3], h, export_fhir_write, diags);
    if (err != COACH_OK) {
        coach_diags_print(diags, stderr);
        fprintf(stderr, "report_tool: %s\n", coach_strerror(err));
    }
    history_destroy(h);
    coach_diags_destroy(diags);
    return err == COACH_OK ? 0 : 1;
}
