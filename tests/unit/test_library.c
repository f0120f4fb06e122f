/* test_library.c: exercise library files: a good one read in full, and one
 * table row per kind of problem, each with its line, column and words. */
#include <stdlib.h>

#include "check.h"
#include "fixtures.h"

typedef struct bad_case {
    const char *name;
    const char *text;
    int line, column;
    const char *words;
} bad_case;

#define EX_HEAD(id) "exercises:\n  - id: " id "\n    name: x\n"
#define EX_BODY "    start: Lie down.\n    cues: [One., Two.]\n    safety: Stop if it hurts.\n"

static const bad_case bad[] = {
    {"unknown key with suggestion", EX_HEAD("a") "    kind: reps\n" EX_BODY "    reps: 5\n    rset: 10\n    easier: b\n"
     "  - id: b\n    name: y\n    kind: reps\n" EX_BODY "    reps: 5\n",
     9, 5, "unknown key 'rset' in exercise 'a'; did you mean 'rest'?"},
    {"missing required", EX_HEAD("a") "    kind: hold\n" EX_BODY "    side: each\n",
     2, 5, "exercise 'a' is a hold exercise and needs 'hold'"},
    {"missing start", "exercises:\n  - id: a\n    name: x\n    kind: timed\n    cues: [a, b]\n    safety: s\n    duration: 60\n",
     2, 5, "needs 'start'"},
    {"wrong type", EX_HEAD("a") "    kind: timed\n" EX_BODY "    duration: ten minutes\n",
     8, 15, "'duration' must be a whole number from 10 to 7200"},
    {"fraction in an integer", EX_HEAD("a") "    kind: timed\n" EX_BODY "    duration: 60.5\n",
     8, 15, "has a fraction"},
    {"quoted number", EX_HEAD("a") "    kind: timed\n" EX_BODY "    duration: \"60\"\n",
     8, 15, "remove the quotes"},
    {"out of range", EX_HEAD("a") "    kind: timed\n" EX_BODY "    duration: 5\n",
     8, 15, "'duration' is 5, out of range: it must be from 10 to 7200"},
    {"announce too often", EX_HEAD("a") "    kind: timed\n" EX_BODY "    duration: 60\n    announce_every: 5\n",
     9, 21, "at least 10 seconds"},
    {"bad kind with suggestion", EX_HEAD("a") "    kind: rep\n" EX_BODY "    reps: 5\n",
     4, 11, "did you mean 'reps'?"},
    {"bad position with suggestion", EX_HEAD("a") "    kind: timed\n    position: flor\n" EX_BODY "    duration: 60\n",
     5, 15, "did you mean 'floor'?"},
    {"dose key of another kind", EX_HEAD("a") "    kind: breathing\n" EX_BODY "    inhale: 4\n    exhale: 4\n    cycles: 3\n    reps: 4\n",
     11, 5, "'reps' does not apply to a breathing exercise"},
    {"too few cues", "exercises:\n  - id: a\n    name: x\n    kind: timed\n    start: s\n    cues: [only one]\n    safety: s\n    duration: 60\n",
     6, 11, "'cues' has 1 items; it must have 2 to 4"},
    {"text too long", "exercises:\n  - id: a\n    name: this name is far far far far far far far far far too long to say\n    kind: timed\n" EX_BODY "    duration: 60\n",
     3, 11, "characters long; it must be 1 to 60"},
    {"bad id", EX_HEAD("Dead_Bug") "    kind: timed\n" EX_BODY "    duration: 60\n",
     2, 9, "must be an id"},
    {"duplicate id", EX_HEAD("a") "    kind: timed\n" EX_BODY "    duration: 60\n"
     "  - id: a\n    name: y\n    kind: timed\n" EX_BODY "    duration: 60\n",
     9, 9, "the id 'a' is already used by the exercise at t.yaml:2"},
    {"duplicate key", EX_HEAD("a") "    kind: timed\n" EX_BODY "    duration: 60\n    duration: 70\n",
     9, 5, "'duration' appears twice"},
    {"no easier", EX_HEAD("a") "    kind: reps\n" EX_BODY "    reps: 5\n",
     2, 5, "exercise 'a' needs 'easier'"},
    {"unknown variant", EX_HEAD("a") "    kind: reps\n" EX_BODY "    reps: 5\n    easier: aa\n",
     9, 13, "names 'aa' as its easier variant, but there is no such exercise; did you mean 'a'?"},
    {"variant cycle", EX_HEAD("a") "    kind: reps\n" EX_BODY "    reps: 5\n    easier: b\n"
     "  - id: b\n    name: y\n    kind: reps\n" EX_BODY "    reps: 5\n    easier: c\n"
     "  - id: c\n    name: z\n    kind: reps\n" EX_BODY "    reps: 5\n    easier: a\n",
     9, 13, "following 'easier' goes round in a circle (a -> b -> c -> a)"},
    {"self variant", EX_HEAD("a") "    kind: reps\n" EX_BODY "    reps: 5\n    harder: a\n    easier: a\n",
     9, 13, "names itself as its own harder variant"},
    {"bad tempo word", EX_HEAD("a") "    kind: reps\n" EX_BODY "    reps: 5\n    tempo: {up2: 2}\n    easier: a2\n",
     9, 13, "tempo phase 'up2' must be one spoken word"},
    {"tempo out of range", EX_HEAD("a") "    kind: reps\n" EX_BODY "    reps: 5\n    tempo: {up: 20}\n",
     9, 17, "'tempo' is 20, out of range"},
    {"not a list", "exercises: dead-bug\n", 1, 12, "'exercises' must be a list"},
    {"empty file", "", 0, 0, "the file is empty"},
    {"top-level list", "- a\n- b\n", 1, 1, "must be a mapping"},
};

int main(void)
{
    /* the fixture loads and resolves */
    exercise_library *lib = fixture_load();
    CHECK_INT(library_count(lib), 6);
    const exercise *db = library_find(lib, "dead-bug");
    CHECK(db != NULL);
    CHECK_STR(db->name, "dead bug");
    CHECK_INT(db->kind, EX_REPS);
    CHECK_INT(db->n_cues, 2);
    CHECK_INT(db->dose.sets, 2);
    CHECK_INT(db->dose.reps, 8);
    CHECK_INT(db->dose.side, SIDE_ALTERNATE);
    CHECK_INT(db->dose.rest, -1);
    CHECK_INT(db->dose.n_tempo, 2);
    CHECK_STR(db->dose.tempo[1].word, "return");
    CHECK(db->easier == library_find(lib, "heel-taps"));
    CHECK(db->easier->harder == db); /* a ladder both ways is fine */
    CHECK(db->harder == NULL);
    const exercise *sp = library_find(lib, "side-plank");
    CHECK_INT(sp->dose.hold, 20);
    CHECK_INT(sp->dose.reps, 1);
    CHECK_INT(sp->dose.relax, 3);
    CHECK(library_find(lib, "nothing") == NULL);
    const exercise *walk = library_find(lib, "walk");
    CHECK_INT(walk->dose.duration, 600);
    CHECK_INT(walk->dose.announce_every, 60);
    library_destroy(lib);

    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        const bad_case *b = &bad[i];
        exercise_library *l = library_create();
        coach_diags *d = coach_diags_create();
        coach_err err = library_add_buffer(l, "t.yaml", b->text, strlen(b->text), d);
        if (err == COACH_OK)
            err = library_resolve(l, d);
        if (err != COACH_ERR_DATA || coach_diags_count(d) == 0) {
            fprintf(stderr, "case '%s': expected a problem, got none\n", b->name);
            check_failures++;
        }
        /* the expected problem is among those reported, at its position */
        bool found = false;
        for (size_t k = 0; k < coach_diags_count(d); k++) {
            const coach_diag *g = coach_diags_get(d, k);
            if (g && strstr(g->message, b->words) && g->line == b->line && g->column == b->column)
                found = true;
        }
        check_count++;
        if (!found) {
            fprintf(stderr, "case '%s': wanted %d:%d: ...%s...; got:\n", b->name, b->line,
                    b->column, b->words);
            coach_diags_print(d, stderr);
            check_failures++;
        }
        coach_diags_destroy(d);
        library_destroy(l);
    }
    CHECK_DONE();
}
