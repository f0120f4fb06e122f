/* programme.c: programme files: routines in order, week by week. */
#include <stdlib.h>

#include "coach/routine.h"
#include "../core/arena.h"
#include "schema.h"
#include "ytree.h"

struct programme {
    arena *a;
    const char *id, *title, *description;
    programme_phase *phases;
    size_t n;
};

static const keyspec programme_keys[] = {
    {"id", KT_ID, 0, 0, true, "a unique id such as back-twelve-weeks", NULL},
    {"title", KT_TEXT, 1, 120, true, "the programme's name", NULL},
    {"description", KT_TEXT, 1, 1000, true, "a sentence or two about the programme", NULL},
    {"phases", KT_LIST, 1, 20, true, "the routines in order, one '- routine: ID' each", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec phase_keys[] = {
    {"routine", KT_ID, 0, 0, true, "the id of a routine in the same folder", NULL},
    {"weeks", KT_INT, 1, 52, true, "how many weeks this phase lasts", NULL},
    {"sessions_per_week", KT_INT, 1, 21, false, "sessions a week", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};

void programme_destroy(programme *p)
{
    if (!p)
        return;
    arena_destroy(p->a);
    free(p);
}

coach_err programme_load_buffer(const char *name, const char *data, size_t len,
                                programme **out, coach_diags *diags)
{
    *out = NULL;
    programme *p = calloc(1, sizeof *p);
    if (!p || !(p->a = arena_create())) {
        free(p);
        return COACH_ERR_NOMEM;
    }
    schema_ctx c = {arena_strdup(p->a, name), diags, p->a, 0, 0};
    ynode *root = NULL;
    coach_err err = c.file ? ytree_parse(c.file, data, len, p->a, &root, diags) : COACH_ERR_NOMEM;
    if (err == COACH_OK && schema_expect_map(&c, root, "a programme file")) {
        schema_check_keys(&c, root, programme_keys, NULL, "the programme");
        schema_id(&c, root, programme_keys, "id", &p->id);
        schema_text(&c, root, programme_keys, "title", &p->title);
        schema_text(&c, root, programme_keys, "description", &p->description);
        const ynode *list = schema_list(&c, root, programme_keys, "phases");
        if (list) {
            p->phases = arena_alloc(p->a, list->n * sizeof *p->phases);
            if (!p->phases)
                err = COACH_ERR_NOMEM;
            for (size_t i = 0; p->phases && i < list->n; i++) {
                char what[48];
                snprintf(what, sizeof what, "phase %zu", i + 1);
                const ynode *m = list->items[i];
                if (!schema_expect_map(&c, m, what))
                    continue;
                schema_check_keys(&c, m, phase_keys, NULL, what);
                programme_phase *ph = &p->phases[p->n];
                ph->sessions_per_week = 3;
                ph->line = m->line;
                ph->column = m->column;
                int ok = schema_id(&c, m, phase_keys, "routine", &ph->routine_id) == 1;
                ok &= schema_int(&c, m, phase_keys, "weeks", &ph->weeks) == 1;
                ok &= schema_int(&c, m, phase_keys, "sessions_per_week", &ph->sessions_per_week) >= 0;
                if (ok)
                    p->n++;
            }
        }
    }
    if (err == COACH_OK && c.errors)
        err = COACH_ERR_DATA;
    if (err) {
        programme_destroy(p);
        return err;
    }
    *out = p;
    return COACH_OK;
}

const char *programme_id(const programme *p) { return p->id; }
const char *programme_title(const programme *p) { return p->title; }
size_t programme_phase_count(const programme *p) { return p->n; }

const programme_phase *programme_get_phase(const programme *p, size_t i)
{
    return i < p->n ? &p->phases[i] : NULL;
}
