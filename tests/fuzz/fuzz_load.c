/* fuzz_load.c: libFuzzer target for the load-from-memory entry points. The
 * input is read as the kind of file its top-level keys name (routine,
 * exercise library or programme), the way `coach check` reads it. A routine
 * resolves its exercises against a small fixed library. Seeded from
 * routines/ and tests/data/bad/ (see .ci/run). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../unit/fixtures.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static exercise_library *lib;
    if (!lib)
        lib = fixture_load();
    const char *text = (const char *)data;
    coach_diags *d = coach_diags_create();
    coach_err err = COACH_OK;
    switch (coach_file_kind_of(text, size)) {
    case COACH_FILE_LIBRARY: {
        exercise_library *l = library_create();
        err = library_add_buffer(l, "fuzz.yaml", text, size, d);
        coach_err r = library_resolve(l, d);
        err = err ? err : r;
        library_destroy(l);
        break;
    }
    case COACH_FILE_PROGRAMME: {
        programme *p = NULL;
        err = programme_load_buffer("fuzz.yaml", text, size, &p, d);
        programme_destroy(p);
        break;
    }
    case COACH_FILE_ROUTINE: {
        routine *r = NULL;
        err = routine_load_buffer("fuzz.yaml", text, size, lib, &r, d);
        if (err == COACH_OK) {
            routine_estimate e = routine_estimate_default_path(r);
            if (!(e.seconds >= 0))
                abort(); /* an estimate is never negative or NaN */
        }
        routine_destroy(r);
        break;
    }
    }
    /* a refusal always says why; every problem is a sentence, placed inside
     * the input (or at line 0, about the whole file) */
    if (err == COACH_ERR_DATA && coach_diags_count(d) == 0)
        abort();
    int lines = 1; /* as YAML counts them: \n, \r\n, a lone \r */
    for (size_t i = 0; i < size; i++)
        lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == size || text[i + 1] != '\n'));
    for (size_t i = 0; i < coach_diags_count(d) && coach_diags_get(d, i); i++) {
        const coach_diag *g = coach_diags_get(d, i);
        if (!g->message[0] || g->line < 0 || g->line > lines + 1)
            abort();
    }
    coach_diags_destroy(d);
    return 0;
}
