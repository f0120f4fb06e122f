/* library.c: the exercise library: parse, resolve variants, find by id. */
#include <stdlib.h>
#include <string.h>

#include "coach/routine.h"
#include "../core/arena.h"
#include "../core/text.h"
#include "dose.h"
#include "schema.h"
#include "ytree.h"

typedef struct entry {
    exercise ex;            /* first: an entry is an exercise */
    const ynode *easier_n;  /* the id nodes, for positions in messages */
    const ynode *harder_n;
    const char *easier_id;
    const char *harder_id;
    int mark;               /* cycle search colour */
} entry;

struct exercise_library {
    arena *a;
    entry **items;
    size_t n, cap;
    bool resolved;
};

static const keyspec file_keys[] = {
    {"exercises", KT_LIST, 1, 1000, true, "the list of exercises, one '- id: ...' each", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};

static const keyspec exercise_keys[] = {
    {"id", KT_ID, 0, 0, true, "a unique id such as dead-bug", NULL},
    {"name", KT_TEXT, 1, 60, true, "what the coach calls it, such as bird dog", NULL},
    {"kind", KT_ENUM, 0, 0, true, "how it is paced", exercise_kind_names},
    {"start", KT_TEXT, 1, 400, true, "the starting-position cue", NULL},
    {"cues", KT_LIST, 2, EXERCISE_MAX_CUES, true, "two to four form cues", NULL},
    {"safety", KT_TEXT, 1, 300, true, "the safety cue", NULL},
    {"position", KT_ENUM, 0, 0, false, "where the body is: floor, seated (on a chair) or standing", exercise_position_names},
    {"easier", KT_ID, 0, 0, false, "the id of the easier variant", NULL},
    {"harder", KT_ID, 0, 0, false, "the id of the harder variant", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec cue_spec = {"cues", KT_TEXT, 1, 300, false, "a form cue", NULL};

exercise_library *library_create(void)
{
    exercise_library *lib = calloc(1, sizeof *lib);
    if (!lib)
        return NULL;
    lib->a = arena_create();
    if (!lib->a) {
        free(lib);
        return NULL;
    }
    return lib;
}

void library_destroy(exercise_library *lib)
{
    if (!lib)
        return;
    arena_destroy(lib->a);
    free(lib->items);
    free(lib);
}

static entry *find_entry(const exercise_library *lib, const char *id)
{
    for (size_t i = 0; i < lib->n; i++)
        if (strcmp(lib->items[i]->ex.id, id) == 0)
            return lib->items[i];
    return NULL;
}

const exercise *library_find(const exercise_library *lib, const char *id)
{
    if (!lib || !id)
        return NULL;
    entry *e = find_entry(lib, id);
    return e ? &e->ex : NULL;
}

size_t library_count(const exercise_library *lib)
{
    return lib ? lib->n : 0;
}

const exercise *library_get(const exercise_library *lib, size_t i)
{
    return lib && i < lib->n ? &lib->items[i]->ex : NULL;
}

static bool push(exercise_library *lib, entry *e)
{
    if (lib->n == lib->cap) {
        size_t cap = lib->cap ? lib->cap * 2 : 32;
        entry **items = realloc(lib->items, cap * sizeof *items);
        if (!items)
            return false;
        lib->items = items;
        lib->cap = cap;
    }
    lib->items[lib->n++] = e;
    return true;
}

/* Reads one exercise mapping into a new entry; NULL if unusable. */
static entry *read_exercise(schema_ctx *c, const ynode *m, size_t index)
{
    char what[128];
    const ynode *idn = ytree_get(m, "id");
    if (idn && idn->type == YN_SCALAR && idn->str && text_is_id(idn->str))
        snprintf(what, sizeof what, "exercise '%s'", idn->str);
    else
        snprintf(what, sizeof what, "exercise %zu of the list", index + 1);
    if (!schema_expect_map(c, m, what))
        return NULL;
    schema_check_keys(c, m, exercise_keys, dose_all_keys, what);

    entry *e = arena_alloc(c->a, sizeof *e);
    if (!e)
        return NULL;
    exercise *x = &e->ex;
    x->file = c->file;
    x->line = m->line;
    x->column = m->column;
    int ok = 1;
    ok &= schema_id(c, m, exercise_keys, "id", &x->id) == 1;
    ok &= schema_text(c, m, exercise_keys, "name", &x->name) == 1;
    int kind = 0;
    int kr = schema_enum(c, m, exercise_keys, "kind", &kind);
    ok &= schema_text(c, m, exercise_keys, "start", &x->start) == 1;
    ok &= schema_text(c, m, exercise_keys, "safety", &x->safety) == 1;
    int pos = 0;
    if (schema_enum(c, m, exercise_keys, "position", &pos) == 1)
        x->position = (exercise_position)(pos + 1);
    const ynode *cues = schema_list(c, m, exercise_keys, "cues");
    if (cues && cues->n >= 2 && cues->n <= EXERCISE_MAX_CUES) {
        for (size_t i = 0; i < cues->n; i++)
            if (schema_node_text(c, cues->items[i], &cue_spec, &x->cues[x->n_cues]) == 1)
                x->n_cues++;
    }
    ok &= x->n_cues >= 2;
    if (schema_id(c, m, exercise_keys, "easier", &e->easier_id) == 1)
        e->easier_n = ytree_get(m, "easier");
    if (schema_id(c, m, exercise_keys, "harder", &e->harder_id) == 1)
        e->harder_n = ytree_get(m, "harder");
    if (kr == 1) {
        x->kind = (exercise_kind)kind;
        dose_defaults(x->kind, &x->dose);
        dose_read(c, m, x->kind, &x->dose, what);
        dose_check_required(c, m, x->kind, &x->dose, what);
    } else {
        ok = 0;
    }
    if (x->id && e->easier_id && strcmp(x->id, e->easier_id) == 0) {
        schema_error(c, e->easier_n, "%s names itself as its own easier variant", what);
        e->easier_id = NULL;
    }
    if (x->id && e->harder_id && strcmp(x->id, e->harder_id) == 0) {
        schema_error(c, e->harder_n, "%s names itself as its own harder variant", what);
        e->harder_id = NULL;
    }
    return ok ? e : NULL;
}

coach_err library_add_buffer(exercise_library *lib, const char *name, const char *data,
                             size_t len, coach_diags *diags)
{
    const char *file = arena_strdup(lib->a, name);
    if (!file)
        return COACH_ERR_NOMEM;
    schema_ctx c = {file, diags, lib->a, 0, 0};
    ynode *root = NULL;
    coach_err err = ytree_parse(file, data, len, lib->a, &root, diags);
    if (err == COACH_ERR_NOMEM)
        return err;
    lib->resolved = false;
    if (err != COACH_OK)
        return COACH_ERR_DATA;
    if (!root) {
        schema_error(&c, NULL, "the file is empty; an exercise library file starts with 'exercises:'");
        return COACH_ERR_DATA;
    }
    if (!schema_expect_map(&c, root, "an exercise library file"))
        return COACH_ERR_DATA;
    schema_check_keys(&c, root, file_keys, NULL, "an exercise library file");
    const ynode *list = schema_list(&c, root, file_keys, "exercises");
    for (size_t i = 0; list && i < list->n && i < 1000; i++) {
        entry *e = read_exercise(&c, list->items[i], i);
        if (!e)
            continue;
        entry *prev = find_entry(lib, e->ex.id);
        if (prev) {
            const ynode *idn = ytree_get(list->items[i], "id");
            schema_error(&c, idn, "the id '%s' is already used by the exercise at %s:%d; ids must be unique",
                         e->ex.id, prev->ex.file, prev->ex.line);
            continue;
        }
        if (!push(lib, e))
            return COACH_ERR_NOMEM;
    }
    return c.errors ? COACH_ERR_DATA : COACH_OK;
}

coach_err library_add_file(exercise_library *lib, const char *path, coach_diags *diags)
{
    char *data;
    size_t len;
    coach_err err = coach_read_file(path, COACH_FILE_MAX, &data, &len, diags);
    if (err)
        return err;
    err = library_add_buffer(lib, path, data, len, diags);
    free(data);
    return err;
}

static const char *id_at(const void *lib, size_t i)
{
    return library_get(lib, i)->id;
}

const char *library_closest_id(const exercise_library *lib, const char *id)
{
    return lib ? text_closest(id, id_at, lib, lib->n) : NULL;
}

/* Reports an unknown variant id, with the closest known id. */
static void unknown_variant(schema_ctx *c, const exercise_library *lib, const entry *e,
                            const ynode *at, const char *rel, const char *id)
{
    const char *best = schema_may_suggest(c) ? library_closest_id(lib, id) : NULL;
    c->file = e->ex.file;
    if (best)
        schema_error(c, at, "exercise '%s' names '%s' as its %s variant, but there is no such exercise; did you mean '%s'?",
                     e->ex.id, id, rel, best);
    else
        schema_error(c, at, "exercise '%s' names '%s' as its %s variant, but there is no such exercise in the library",
                     e->ex.id, id, rel);
}

/* Finds cycles along one relation (easier or harder) and reports each once. */
static void find_cycles(schema_ctx *c, exercise_library *lib, bool easier)
{
    for (size_t i = 0; i < lib->n; i++)
        lib->items[i]->mark = 0;
    for (size_t i = 0; i < lib->n; i++) {
        entry *e = lib->items[i];
        /* walk, marking 1 (on this walk); stop at 2 (known to end) or NULL */
        while (e && e->mark == 0) {
            e->mark = 1;
            const exercise *next = easier ? e->ex.easier : e->ex.harder;
            e = (entry *)next;
        }
        if (e && e->mark == 1) { /* e is on a cycle found by this walk */
            char path[512];
            size_t used = (size_t)snprintf(path, sizeof path, "%s", e->ex.id);
            const entry *p = (const entry *)(easier ? e->ex.easier : e->ex.harder);
            for (int guard = 0; p && guard < 64 && used + 1 < sizeof path; guard++) {
                used += (size_t)snprintf(path + used, sizeof path - used, " -> %s", p->ex.id);
                if (p == e)
                    break;
                p = (const entry *)(easier ? p->ex.easier : p->ex.harder);
            }
            c->file = e->ex.file;
            schema_error(c, easier ? e->easier_n : e->harder_n,
                         "following '%s' goes round in a circle (%s); the %s variant must have no '%s'",
                         easier ? "easier" : "harder", path, easier ? "easiest" : "hardest",
                         easier ? "easier" : "harder");
        }
        /* everything walked is now settled */
        e = lib->items[i];
        while (e && e->mark == 1) {
            e->mark = 2;
            e = (entry *)(easier ? e->ex.easier : e->ex.harder);
        }
    }
}

coach_err library_resolve(exercise_library *lib, coach_diags *diags)
{
    schema_ctx c = {NULL, diags, lib->a, 0, 0};
    for (size_t i = 0; i < lib->n; i++) {
        entry *e = lib->items[i];
        e->ex.easier = e->ex.harder = NULL;
        if (e->easier_id) {
            entry *v = find_entry(lib, e->easier_id);
            if (v)
                e->ex.easier = &v->ex;
            else
                unknown_variant(&c, lib, e, e->easier_n, "easier", e->easier_id);
        }
        if (e->harder_id) {
            entry *v = find_entry(lib, e->harder_id);
            if (v)
                e->ex.harder = &v->ex;
            else
                unknown_variant(&c, lib, e, e->harder_n, "harder", e->harder_id);
        }
    }
    for (size_t i = 0; i < lib->n; i++) {
        entry *e = lib->items[i];
        if (e->ex.kind != EX_REPS && e->ex.kind != EX_HOLD)
            continue;
        if (e->easier_id)
            continue;
        bool is_rung = false;
        for (size_t j = 0; j < lib->n && !is_rung; j++)
            is_rung = lib->items[j]->ex.easier == &e->ex;
        if (!is_rung) {
            c.file = e->ex.file;
            coach_diags_add(diags, e->ex.file, e->ex.line, e->ex.column,
                            "exercise '%s' needs 'easier' (the id of an easier variant), so "
                            "the coach has somewhere to go when it hurts; only an exercise that "
                            "is itself another's easier variant may have none",
                            e->ex.id);
            c.errors++;
        }
    }
    find_cycles(&c, lib, true);
    find_cycles(&c, lib, false);
    lib->resolved = c.errors == 0;
    return c.errors ? COACH_ERR_DATA : COACH_OK;
}

coach_err library_load_dir(exercise_library *lib, const char *dir, coach_diags *diags)
{
    char **names;
    size_t n;
    coach_err err = coach_yaml_files(dir, &names, &n);
    if (err == COACH_ERR_NO_INPUT)
        coach_diags_add(diags, dir, 0, 0,
                        "cannot open the exercise library folder; routines need their exercises in a folder named 'exercises' beside them");
    if (err)
        return err;
    for (size_t i = 0; i < n && err != COACH_ERR_NOMEM; i++) {
        coach_err e = library_add_file(lib, names[i], diags);
        if (e && !err)
            err = e;
    }
    coach_yaml_files_free(names, n);
    if (err == COACH_ERR_NOMEM)
        return err;
    if (n == 0) {
        coach_diags_add(diags, dir, 0, 0, "the exercise library folder has no .yaml files");
        return COACH_ERR_NO_INPUT;
    }
    coach_err r = library_resolve(lib, diags);
    return err ? err : r;
}
