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

/* A new catalog with one entry per *.yaml file of dir, in order; on failure
 * nothing is kept and dir's unreadability is in diags. */
static coach_err catalog_new(const char *dir, catalog **out, coach_diags *diags)
{
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
    *out = c;
    return COACH_OK;
}

/* The exercise library's folder, library_dir or else DIR/exercises, in the
 * catalog's arena; NULL when out of memory. */
static const char *library_dir_of(catalog *c, const char *dir, const char *library_dir)
{
    if (library_dir)
        return arena_strdup(c->a, library_dir);
    size_t plen = strlen(dir) + sizeof "/exercises";
    char *libdir = arena_alloc(c->a, plen);
    if (libdir)
        snprintf(libdir, plen, "%s/exercises", dir);
    return libdir;
}

/* Each file's text while the catalog is opened: read once, parsed once. */
typedef struct file_texts {
    char **texts; /* NULL where the file could not be read */
    size_t *lens;
} file_texts;

/* Reads every file, learning its kind and id; sets *has_routines when any is
 * a routine. COACH_ERR_NOMEM when a read ran out of memory. */
static coach_err read_texts(catalog *c, file_texts *ft, bool *has_routines, coach_diags *diags)
{
    coach_err err = COACH_OK;
    for (size_t i = 0; i < c->n; i++) {
        catalog_entry *e = &c->items[i];
        coach_err r = coach_read_file(e->path, COACH_FILE_MAX, &ft->texts[i], &ft->lens[i], diags);
        if (r == COACH_ERR_NOMEM)
            err = r;
        if (r)
            continue;
        e->kind = coach_file_kind_of(ft->texts[i], ft->lens[i]);
        e->id = peek_id(c->a, ft->texts[i], ft->lens[i]);
        if (e->kind == COACH_FILE_ROUTINE)
            *has_routines = true;
    }
    return err;
}

/* Loads the library folder, or says it is missing when routines need it.
 * COACH_ERR_NOMEM or COACH_OK; a library with problems clears c->lib_ok. */
static coach_err load_library(catalog *c, const char *dir, bool has_routines, coach_diags *diags)
{
    struct stat st;
    if (stat(c->library_dir, &st) == 0 && S_ISDIR(st.st_mode)) {
        coach_err r = library_load_dir(c->lib, c->library_dir, diags);
        c->lib_ok = r == COACH_OK;
        if (r == COACH_ERR_NOMEM)
            return r;
    } else if (has_routines) {
        coach_diags_add(diags, c->library_dir, 0, 0,
                        "there is no exercise library here; the routines in %s need their exercises in this folder",
                        dir);
    }
    return COACH_OK;
}

/* Loads each routine and programme from its text, against the library, and
 * marks each entry ok or not; stops at the first COACH_ERR_NOMEM. */
static coach_err parse_texts(catalog *c, const file_texts *ft, coach_diags *diags)
{
    coach_err err = COACH_OK;
    for (size_t i = 0; i < c->n && !err; i++) {
        catalog_entry *e = &c->items[i];
        if (!ft->texts[i])
            continue;
        coach_err r = COACH_OK;
        if (e->kind == COACH_FILE_ROUTINE)
            r = routine_load_buffer(e->path, ft->texts[i], ft->lens[i], c->lib, &e->routine, diags);
        else if (e->kind == COACH_FILE_PROGRAMME)
            r = programme_load_buffer(e->path, ft->texts[i], ft->lens[i], &e->programme, diags);
        else
            r = COACH_OK; /* library files are loaded above */
        if (r == COACH_ERR_NOMEM)
            err = r;
        e->ok = r == COACH_OK && (e->kind != COACH_FILE_LIBRARY || c->lib_ok);
        if (e->kind == COACH_FILE_ROUTINE && e->routine && !c->lib_ok)
            e->ok = false;
    }
    return err;
}

/* Reads every file once, loads the library, then the routines and
 * programmes; COACH_ERR_NOMEM when any of it ran out of memory. */
static coach_err load_files(catalog *c, const char *dir, coach_diags *diags)
{
    file_texts ft = {calloc(c->n ? c->n : 1, sizeof *ft.texts),
                     calloc(c->n ? c->n : 1, sizeof *ft.lens)};
    if (!ft.texts || !ft.lens) {
        free(ft.texts);
        free(ft.lens);
        return COACH_ERR_NOMEM;
    }
    bool has_routines = false;
    coach_err err = read_texts(c, &ft, &has_routines, diags);
    if (load_library(c, dir, has_routines, diags) == COACH_ERR_NOMEM)
        err = COACH_ERR_NOMEM;
    if (!err)
        err = parse_texts(c, &ft, diags);
    for (size_t i = 0; i < c->n; i++)
        free(ft.texts[i]);
    free(ft.texts);
    free(ft.lens);
    return err;
}

/* Refuses entry i when an earlier routine or programme has its id. */
static void check_unique_id(catalog *c, size_t i, coach_diags *diags)
{
    catalog_entry *e = &c->items[i];
    for (size_t j = 0; j < i; j++) {
        catalog_entry *p = &c->items[j];
        if (p->id && p->kind != COACH_FILE_LIBRARY && strcmp(p->id, e->id) == 0) {
            coach_diags_add(diags, e->path, 0, 0, "the id '%s' is also used by %s; ids must be unique in a folder",
                            e->id, p->path);
            e->ok = false;
            break;
        }
    }
}

/* Refuses a routine whose answers hand over to a routine not in the folder. */
static void check_routine_links(catalog *c, catalog_entry *e, coach_diags *diags)
{
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

/* Refuses a programme whose phases name a routine not in the folder. */
static void check_phases(catalog *c, catalog_entry *e, coach_diags *diags)
{
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

/* The checks across files: duplicate ids, links, programme phases. */
static void check_across(catalog *c, coach_diags *diags)
{
    for (size_t i = 0; i < c->n; i++) {
        catalog_entry *e = &c->items[i];
        if (!e->id || e->kind == COACH_FILE_LIBRARY)
            continue;
        check_unique_id(c, i, diags);
        if (e->routine)
            check_routine_links(c, e, diags);
        if (e->programme)
            check_phases(c, e, diags);
    }
}

/* The handover graph: for each entry, the entries its {routine: ID}
 * answers name (links to missing routines left out), with the position of
 * each link. */
typedef struct handovers {
    size_t *to;      /* all targets, entry by entry */
    size_t *first;   /* entry i's targets: to[first[i] .. first[i + 1]) */
    int *line, *column;
} handovers;

static void handovers_free(handovers *h)
{
    free(h->to);
    free(h->first);
    free(h->line);
    free(h->column);
}

/* Resolves every routine's links once; false when out of memory. */
static bool handovers_make(const catalog *c, handovers *h)
{
    size_t total = 0;
    for (size_t i = 0; i < c->n; i++) {
        const char **ids;
        const int *lines, *cols;
        total += c->items[i].routine ? routine_links(c->items[i].routine, &ids, &lines, &cols) : 0;
    }
    h->to = malloc((total + 1) * sizeof *h->to);
    h->first = malloc((c->n + 1) * sizeof *h->first);
    h->line = malloc((total + 1) * sizeof *h->line);
    h->column = malloc((total + 1) * sizeof *h->column);
    if (!h->to || !h->first || !h->line || !h->column)
        return false;
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++) {
        h->first[i] = k;
        const char **ids;
        const int *lines, *cols;
        size_t n = c->items[i].routine ? routine_links(c->items[i].routine, &ids, &lines, &cols) : 0;
        for (size_t j = 0; j < n; j++) {
            const catalog_entry *to = find_id(c, ids[j], COACH_FILE_ROUTINE);
            if (!to)
                continue;
            h->to[k] = (size_t)(to - c->items);
            h->line[k] = lines[j];
            h->column[k] = cols[j];
            k++;
        }
    }
    h->first[c->n] = k;
    return true;
}

/* Depth-first from entry at: true when target is reached, with the ids of
 * the way in path[1..*len]. seen marks entries already searched from. */
static bool reaches(const catalog *c, const handovers *h, size_t at, size_t target, char *seen,
                    const char **path, int depth, int *len)
{
    for (size_t k = h->first[at]; k < h->first[at + 1]; k++) {
        size_t to = h->to[k];
        path[depth + 1] = c->items[to].id;
        if (to == target) {
            *len = depth + 1;
            return true;
        }
        if (seen[to])
            continue;
        seen[to] = 1;
        if (reaches(c, h, to, target, seen, path, depth + 1, len))
            return true;
    }
    return false;
}

/* True when a chain of handovers from entry at reaches an entry marked in
 * bad; seen marks entries already searched from. */
static bool reaches_bad(const handovers *h, size_t at, const bool *bad, char *seen)
{
    if (bad[at])
        return true;
    if (seen[at])
        return false;
    seen[at] = 1;
    for (size_t k = h->first[at]; k < h->first[at + 1]; k++)
        if (reaches_bad(h, h->to[k], bad, seen))
            return true;
    return false;
}

/* Refuses each routine (not in a circle itself) whose handovers lead into
 * one: a session started there would never end either. */
static void check_leads_to_cycle(catalog *c, const handovers *h, const bool *bad, char *seen,
                                 coach_diags *diags)
{
    for (size_t i = 0; i < c->n; i++) {
        catalog_entry *e = &c->items[i];
        if (bad[i] || !e->routine)
            continue;
        for (size_t k = h->first[i]; k < h->first[i + 1]; k++) {
            memset(seen, 0, c->n);
            if (!reaches_bad(h, h->to[k], bad, seen))
                continue;
            coach_diags_add(diags, e->path, h->line[k], h->column[k],
                            "this answer hands over to routine '%s', whose handovers come back round in a "
                            "circle; a session started here could never end", c->items[h->to[k]].id);
            e->ok = false;
            break;
        }
    }
}

/* Refuses every routine that a chain of handovers leads back to: each one
 * of a circle is reported (at its link into the circle), not only the
 * first found, so no routine of a loop passes on its own; then every
 * routine that hands over into a circle. COACH_ERR_NOMEM or COACH_OK. */
static coach_err check_link_cycles(catalog *c, coach_diags *diags)
{
    handovers h = {0};
    char *seen = calloc(c->n ? c->n : 1, 1);
    bool *bad = calloc(c->n ? c->n : 1, sizeof *bad);
    const char **path = calloc(c->n + 2, sizeof *path);
    if (!seen || !bad || !path || !handovers_make(c, &h)) {
        free(seen);
        free(bad);
        free(path);
        handovers_free(&h);
        return COACH_ERR_NOMEM;
    }
    for (size_t i = 0; i < c->n; i++) {
        catalog_entry *e = &c->items[i];
        if (!e->routine || h.first[i] == h.first[i + 1])
            continue;
        /* the first link whose way leads back here: path is that way */
        size_t k = h.first[i];
        int len = 0;
        for (; k < h.first[i + 1]; k++) {
            memset(seen, 0, c->n);
            path[0] = e->id;
            path[1] = c->items[h.to[k]].id;
            len = 1;
            if (h.to[k] == i)
                break;
            int rest = 0;
            if (reaches(c, &h, h.to[k], i, seen, path + 1, 0, &rest)) {
                len = rest + 1;
                break;
            }
        }
        if (k == h.first[i + 1])
            continue;
        char msg[512];
        text_cycle_path(msg, sizeof msg, path, len);
        coach_diags_add(diags, e->path, h.line[k], h.column[k],
                        "routines hand over to each other in a circle (%s); a session could never end", msg);
        e->ok = false;
        bad[i] = true;
    }
    check_leads_to_cycle(c, &h, bad, seen, diags);
    free(seen);
    free(bad);
    free(path);
    handovers_free(&h);
    return COACH_OK;
}

coach_err catalog_open(const char *dir, const char *library_dir, catalog **out,
                       coach_diags *diags)
{
    *out = NULL;
    catalog *c = NULL;
    coach_err err = catalog_new(dir, &c, diags);
    if (err)
        return err;
    c->library_dir = library_dir_of(c, dir, library_dir);
    err = c->library_dir ? load_files(c, dir, diags) : COACH_ERR_NOMEM;
    if (!err) {
        check_across(c, diags);
        err = check_link_cycles(c, diags);
    }
    if (err) {
        catalog_destroy(c);
        return err;
    }
    *out = c;
    return COACH_OK;
}
