/* catalog.c: a folder of routines checked as a whole. */
#include "catalog.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/arena.h"
#include "../core/text.h"
#include "ytree.h"

struct catalog {
    arena *a;
    exercise_library *lib;
    const char *library_dir;
    bool lib_ok;
    catalog_entry *items;
    size_t n;
};

void catalog_destroy(catalog *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        routine_destroy(c->items[i].routine);
        programme_destroy(c->items[i].programme);
    }
    library_destroy(c->lib);
    free(c->items);
    arena_destroy(c->a);
    free(c);
}

size_t catalog_count(const catalog *c) { return c->n; }
const catalog_entry *catalog_get(const catalog *c, size_t i) { return i < c->n ? &c->items[i] : NULL; }
const exercise_library *catalog_library(const catalog *c) { return c->lib; }
bool catalog_library_ok(const catalog *c) { return c->lib_ok; }
const char *catalog_library_dir(const catalog *c) { return c->library_dir; }

static catalog_entry *find_id(const catalog *c, const char *id, coach_file_kind kind)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].id && c->items[i].kind == kind && strcmp(c->items[i].id, id) == 0)
            return &c->items[i];
    return NULL;
}

const routine *catalog_find_routine(const catalog *c, const char *id)
{
    catalog_entry *e = find_id(c, id, COACH_FILE_ROUTINE);
    return e ? e->routine : NULL;
}

/* The id of a file, read leniently, so links to a broken file still resolve. */
static const char *peek_id(arena *a, const char *data, size_t len)
{
    arena *t = arena_create();
    if (!t)
        return NULL;
    ynode *root = NULL;
    const char *id = NULL;
    ytree_parse("", data, len, t, &root, NULL);
    const ynode *n = ytree_get(root, "id");
    if (n && n->type == YN_SCALAR && n->str && text_is_id(n->str))
        id = arena_strdup(a, n->str);
    arena_destroy(t);
    return id;
}

static const char *routine_id_at(const void *cat, size_t i)
{
    const catalog_entry *e = &((const catalog *)cat)->items[i];
    return e->kind == COACH_FILE_ROUTINE ? e->id : NULL;
}

static void unknown_routine(const catalog *c, const char *file, int line, int col,
                            const char *id, const char *who, coach_diags *diags)
{
    const char *best = text_closest(id, routine_id_at, c, c->n);
    if (best)
        coach_diags_add(diags, file, line, col, "%s names routine '%s', which is not in this folder; did you mean '%s'?",
                        who, id, best);
    else
        coach_diags_add(diags, file, line, col, "%s names routine '%s', which is not in this folder",
                        who, id);
}

/* Depth-first search for {routine: ID} handovers that loop. */
static bool link_cycle(catalog *c, catalog_entry *e, int *mark, const char **path, int depth,
                       coach_diags *diags)
{
    size_t ix = (size_t)(e - c->items);
    if (mark[ix] == 2)
        return false;
    path[depth] = e->id;
    if (mark[ix] == 1) {
        char msg[512];
        text_cycle_path(msg, sizeof msg, path, depth);
        coach_diags_add(diags, e->path, 0, 0,
                        "routines hand over to each other in a circle (%s); a session could never end", msg);
        e->ok = false;
        return true;
    }
    mark[ix] = 1;
    if (e->routine) {
        const char **ids;
        const int *lines, *cols;
        size_t n = routine_links(e->routine, &ids, &lines, &cols);
        for (size_t i = 0; i < n; i++) {
            catalog_entry *to = find_id(c, ids[i], COACH_FILE_ROUTINE);
            if (to && link_cycle(c, to, mark, path, depth + 1, diags))
                return true;
        }
    }
    mark[ix] = 2;
    return false;
}

coach_err catalog_open(const char *dir, const char *library_dir, catalog **out,
                       coach_diags *diags)
{
    *out = NULL;
    char **paths;
    size_t n_paths;
    coach_err err = coach_yaml_files(dir, &paths, &n_paths);
    if (err == COACH_ERR_NO_INPUT)
        coach_diags_add(diags, dir, 0, 0, "cannot open this folder of routines");
    if (err)
        return err;
    catalog *c = calloc(1, sizeof *c);
    if (!c || !(c->a = arena_create()) || !(c->lib = library_create()) ||
        !(c->items = calloc(n_paths ? n_paths : 1, sizeof *c->items))) {
        coach_yaml_files_free(paths, n_paths);
        catalog_destroy(c);
        return COACH_ERR_NOMEM;
    }
    for (size_t i = 0; i < n_paths; i++) {
        char *path = arena_strdup(c->a, paths[i]);
        if (!path) {
            err = COACH_ERR_NOMEM;
            break;
        }
        c->items[c->n++] = (catalog_entry){.path = path};
    }
    coach_yaml_files_free(paths, n_paths);
    if (err) {
        catalog_destroy(c);
        return err;
    }

    /* the library */
    char *libdir;
    if (library_dir) {
        libdir = arena_strdup(c->a, library_dir);
    } else {
        size_t plen = strlen(dir) + sizeof "/exercises";
        libdir = arena_alloc(c->a, plen);
        if (libdir)
            snprintf(libdir, plen, "%s/exercises", dir);
    }
    if (!libdir) {
        catalog_destroy(c);
        return COACH_ERR_NOMEM;
    }
    c->library_dir = libdir;
    struct stat st;
    bool has_routines = false;
    /* read each file once, to learn its kind and id */
    char **texts = calloc(c->n ? c->n : 1, sizeof *texts);
    size_t *lens = calloc(c->n ? c->n : 1, sizeof *lens);
    if (!texts || !lens) {
        free(texts);
        free(lens);
        catalog_destroy(c);
        return COACH_ERR_NOMEM;
    }
    for (size_t i = 0; i < c->n; i++) {
        catalog_entry *e = &c->items[i];
        coach_err r = coach_read_file(e->path, 4u * 1024 * 1024, &texts[i], &lens[i], diags);
        if (r == COACH_ERR_NOMEM)
            err = r;
        if (r)
            continue;
        e->kind = coach_file_kind_of(texts[i], lens[i]);
        e->id = peek_id(c->a, texts[i], lens[i]);
        if (e->kind == COACH_FILE_ROUTINE)
            has_routines = true;
    }
    if (stat(libdir, &st) == 0 && S_ISDIR(st.st_mode)) {
        coach_err r = library_load_dir(c->lib, libdir, diags);
        c->lib_ok = r == COACH_OK;
        if (r == COACH_ERR_NOMEM)
            err = r;
    } else if (has_routines) {
        coach_diags_add(diags, libdir, 0, 0,
                        "there is no exercise library here; the routines in %s need their exercises in this folder",
                        dir);
    }
    for (size_t i = 0; i < c->n && !err; i++) {
        catalog_entry *e = &c->items[i];
        if (!texts[i])
            continue;
        coach_err r = COACH_OK;
        if (e->kind == COACH_FILE_ROUTINE)
            r = routine_load_buffer(e->path, texts[i], lens[i], c->lib, &e->routine, diags);
        else if (e->kind == COACH_FILE_PROGRAMME)
            r = programme_load_buffer(e->path, texts[i], lens[i], &e->programme, diags);
        else
            r = COACH_OK; /* library files are loaded above */
        if (r == COACH_ERR_NOMEM)
            err = r;
        e->ok = r == COACH_OK && (e->kind != COACH_FILE_LIBRARY || c->lib_ok);
        if (e->kind == COACH_FILE_ROUTINE && e->routine && !c->lib_ok)
            e->ok = false;
    }
    for (size_t i = 0; i < c->n; i++)
        free(texts[i]);
    free(texts);
    free(lens);
    if (err) {
        catalog_destroy(c);
        return err;
    }

    /* duplicate ids, links, programme phases */
    for (size_t i = 0; i < c->n; i++) {
        catalog_entry *e = &c->items[i];
        if (!e->id || e->kind == COACH_FILE_LIBRARY)
            continue;
        for (size_t j = 0; j < i; j++) {
            catalog_entry *p = &c->items[j];
            if (p->id && p->kind != COACH_FILE_LIBRARY && strcmp(p->id, e->id) == 0) {
                coach_diags_add(diags, e->path, 0, 0, "the id '%s' is also used by %s; ids must be unique in a folder",
                                e->id, p->path);
                e->ok = false;
                break;
            }
        }
        if (e->routine) {
            const char **ids;
            const int *lines, *cols;
            size_t n = routine_links(e->routine, &ids, &lines, &cols);
            for (size_t k = 0; k < n; k++) {
                if (!find_id(c, ids[k], COACH_FILE_ROUTINE)) {
                    unknown_routine(c, e->path, lines[k], cols[k], ids[k], "this answer", diags);
                    e->ok = false;
                }
            }
        }
        if (e->programme) {
            for (size_t k = 0; k < programme_phase_count(e->programme); k++) {
                const programme_phase *ph = programme_get_phase(e->programme, k);
                if (!find_id(c, ph->routine_id, COACH_FILE_ROUTINE)) {
                    char who[32];
                    snprintf(who, sizeof who, "phase %zu", k + 1);
                    unknown_routine(c, e->path, ph->line, ph->column, ph->routine_id, who, diags);
                    e->ok = false;
                }
            }
        }
    }
    int *mark = calloc(c->n ? c->n : 1, sizeof *mark);
    const char **path = calloc(c->n + 1, sizeof *path);
    if (!mark || !path) {
        free(mark);
        free(path);
        catalog_destroy(c);
        return COACH_ERR_NOMEM;
    }
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].routine && link_cycle(c, &c->items[i], mark, path, 0, diags))
            break;
    free(mark);
    free(path);
    *out = c;
    return COACH_OK;
}
