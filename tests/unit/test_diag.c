/* test_diag.c: the diagnostics list and the error table. */
#include "check.h"
#include "coach/diag.h"

int main(void)
{
    coach_diags *d = coach_diags_create();
    CHECK(d != NULL);
    coach_diags_add(d, "b.yaml", 3, 1, "third %d", 3);
    coach_diags_add(d, "a.yaml", 9, 2, "second");
    coach_diags_add(d, "a.yaml", 2, 5, "first");
    CHECK_INT(coach_diags_count(d), 3);
    coach_diags_sort(d);
    CHECK_STR(coach_diags_get(d, 0)->message, "first");
    CHECK_STR(coach_diags_get(d, 1)->message, "second");
    CHECK_STR(coach_diags_get(d, 2)->message, "third 3");
    CHECK_INT(coach_diags_get(d, 2)->line, 3);
    CHECK(coach_diags_get(d, 3) == NULL);

    /* printing: file:line:column: message */
    char buf[512] = "";
    FILE *f = fmemopen(buf, sizeof buf, "w");
    coach_diags_print(d, f);
    fclose(f);
    CHECK_CONTAINS(buf, "a.yaml:2:5: first\n");
    CHECK_CONTAINS(buf, "b.yaml:3:1: third 3\n");

    /* the list is bounded for each file and counts what it drops, and a
     * flood of problems in one file does not hide another file's */
    for (int i = 0; i < 1000; i++)
        coach_diags_add(d, "x", 1, 1, "many");
    coach_diags_add(d, "y", 1, 1, "one more file");
    CHECK_INT(coach_diags_count(d), 1004);
    CHECK(coach_diags_get(d, 3 + COACH_DIAGS_MAX - 1) != NULL);
    CHECK_STR(coach_diags_get(d, 3 + COACH_DIAGS_MAX)->message, "one more file");
    CHECK(coach_diags_get(d, 3 + COACH_DIAGS_MAX + 1) == NULL);
    coach_diags_destroy(d);
    coach_diags_destroy(NULL);
    coach_diags_add(NULL, "x", 1, 1, "ignored");

    /* sysexits */
    CHECK_INT(coach_err_exit_code(COACH_OK), 0);
    CHECK_INT(coach_err_exit_code(COACH_ERR_USAGE), 64);
    CHECK_INT(coach_err_exit_code(COACH_ERR_DATA), 65);
    CHECK_INT(coach_err_exit_code(COACH_ERR_NO_INPUT), 66);
    CHECK_INT(coach_err_exit_code(COACH_ERR_UNAVAILABLE), 69);
    CHECK_INT(coach_err_exit_code(COACH_ERR_INTERNAL), 70);
    CHECK_INT(coach_err_exit_code(COACH_ERR_IO), 74);
    CHECK_STR(coach_strerror(COACH_ERR_DATA), "the input has problems");
    CHECK_STR(coach_strerror((coach_err)99), "unknown error");
    CHECK_DONE();
}
