/* test_catalog.c: a folder checked as a whole: links between routines,
 * programme phases, duplicate ids, handover loops, a missing library. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "fixtures.h"
#include "routine/catalog.h"

static char root[256];

static void put(const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", root, name);
    FILE *f = fopen(path, "w");
    if (!f) {
        perror(path);
        exit(2);
    }
    fputs(text, f);
    fclose(f);
}

static bool has(coach_diags *d, const char *file_end, int line, const char *words)
{
    for (size_t k = 0; k < coach_diags_count(d); k++) {
        const coach_diag *g = coach_diags_get(d, k);
        size_t fl = g->file ? strlen(g->file) : 0, el = strlen(file_end);
        if (g->file && fl >= el && strcmp(g->file + fl - el, file_end) == 0 &&
            g->line == line && strstr(g->message, words))
            return true;
    }
    return false;
}

#define R(id, extra) "id: " id "\ntitle: T\ndescription: D\nsteps:\n  - exercise: walk\n" extra

int main(void)
{
    snprintf(root, sizeof root, "/tmp/coach-test-catalog-XXXXXX");
    if (!mkdtemp(root))
        return 2;

    /* no library folder: routines cannot be checked */
    put("a.yaml", R("a", ""));
    coach_diags *d = coach_diags_create();
    catalog *c = NULL;
    CHECK_INT(catalog_open(root, NULL, &c, d), COACH_OK);
    CHECK(has(d, "/exercises", 0, "there is no exercise library here"));
    CHECK(!catalog_get(c, 0)->ok);
    catalog_destroy(c);
    coach_diags_destroy(d);

    char lib[300];
    snprintf(lib, sizeof lib, "%s/exercises", root);
    mkdir(lib, 0700);
    put("exercises/lib.yaml", fixture_library);
    put("b.yaml", R("b", "  - question: yes_no\n    ask: Go on?\n    answers: {yes: {routine: c}, no: {routine: zz}}\n    default: no\n"));
    put("c.yaml", R("c", "  - question: yes_no\n    ask: Back?\n    answers: {yes: {routine: b}}\n    default: no\n"));
    put("d.yaml", R("a", "")); /* the same id as a.yaml */
    /* e hands over into the circle of b and c */
    put("e.yaml", R("e", "  - question: yes_no\n    ask: Go?\n    answers: {yes: {routine: c}}\n    default: no\n"));
    put("p.yaml", "id: p\ntitle: P\ndescription: D\nphases:\n  - routine: a\n    weeks: 2\n  - routine: bb\n    weeks: 3\n");

    d = coach_diags_create();
    CHECK_INT(catalog_open(root, NULL, &c, d), COACH_OK);
    coach_diags_sort(d);
    CHECK(catalog_library_ok(c));
    CHECK_INT(library_count(catalog_library(c)), 6);
    CHECK_INT(catalog_count(c), 6);
    /* a.yaml is fine; its id is taken again by d.yaml */
    CHECK(catalog_get(c, 0)->ok);
    CHECK(has(d, "/d.yaml", 0, "the id 'a' is also used by"));
    /* b.yaml links to a routine that does not exist */
    CHECK(has(d, "/b.yaml", 8, "names routine 'zz', which is not in this folder"));
    /* b and c hand over to each other in a circle */
    CHECK(has(d, "/b.yaml", 8, "in a circle (b -> c -> b)"));
    /* ...and each of the circle is refused, not only the first found */
    CHECK(has(d, "/c.yaml", 8, "in a circle (c -> b -> c)"));
    CHECK(!catalog_get(c, 1)->ok);
    CHECK(!catalog_get(c, 2)->ok);
    CHECK(has(d, "/e.yaml", 8, "hands over to routine 'c', whose handovers come back round in a circle"));
    CHECK(!catalog_get(c, 4)->ok);
    /* the programme names a routine that is not there, with a suggestion */
    CHECK(has(d, "/p.yaml", 7, "phase 2 names routine 'bb', which is not in this folder; did you mean 'b'?"));
    CHECK(catalog_find_routine(c, "a") != NULL);
    CHECK(catalog_find_routine(c, "nothing") == NULL);
    CHECK(catalog_get(c, 5)->programme != NULL);
    CHECK_INT(catalog_get(c, 5)->kind, COACH_FILE_PROGRAMME);
    catalog_destroy(c);
    coach_diags_destroy(d);

    /* a folder that does not exist */
    d = coach_diags_create();
    CHECK_INT(catalog_open("/nonexistent/coach", NULL, &c, d), COACH_ERR_NO_INPUT);
    CHECK(c == NULL);
    coach_diags_destroy(d);

    /* the file kinds */
    CHECK_INT(coach_file_kind_of("exercises: []\n", 14), COACH_FILE_LIBRARY);
    CHECK_INT(coach_file_kind_of("phases: []\n", 11), COACH_FILE_PROGRAMME);
    CHECK_INT(coach_file_kind_of("id: x\n", 6), COACH_FILE_ROUTINE);
    CHECK_INT(coach_file_kind_of("[[[", 3), COACH_FILE_ROUTINE);

    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
    CHECK_INT(system(cmd), 0);
    CHECK_DONE();
}
