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
    switch (coach_file_kind_of(text, size)) {
    case COACH_FILE_LIBRARY: {
        exercise_library *l = library_create();
        if (library_add_buffer(l, "fuzz.yaml", text, size, d) == COACH_OK)
            library_resolve(l, d);
        library_destroy(l);
        break;
    }
    case COACH_FILE_PROGRAMME: {
        programme *p = NULL;
        programme_load_buffer("fuzz.yaml", text, size, &p, d);
        programme_destroy(p);
        break;
    }
    case COACH_FILE_ROUTINE: {
        routine *r = NULL;
        if (routine_load_buffer("fuzz.yaml", text, size, lib, &r, d) == COACH_OK) {
            routine_estimate e = routine_estimate_default_path(r);
            if (!(e.seconds >= 0))
                abort(); /* an estimate is never negative or NaN */
        }
        routine_destroy(r);
        break;
    }
    }
    /* every problem is a sentence, placed inside the input or at line 0 */
    for (size_t i = 0; i < coach_diags_count(d) && coach_diags_get(d, i); i++)
        if (!coach_diags_get(d, i)->message[0] || coach_diags_get(d, i)->line < 0)
            abort();
    coach_diags_destroy(d);
    return 0;
}
