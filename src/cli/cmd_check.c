/* cmd_check.c: `coach check`: validate files and folders of coach files. */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "coach/routine.h"
#include "../routine/catalog.h"
#include "../tts/tts.h"
#include "../core/fileio.h"

typedef struct request {
    char *path;      /* as the user (or the folder walk) spelled it */
    char *real;      /* realpath, or NULL when missing */
    char *home;      /* the folder whose catalog checks it; NULL: standalone library */
    coach_file_kind kind;
    size_t problems;
    bool refused;    /* refused before it was read (too big): checked no further */
} request;

typedef struct reqs {
    request *items;
    size_t n, cap;
} reqs;

static int add_request(reqs *r, const char *path)
{
    if (r->n == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        request *ni = realloc(r->items, cap * sizeof *ni);
        if (!ni)
            return -1;
        r->items = ni;
        r->cap = cap;
    }
    request *q = &r->items[r->n];
    memset(q, 0, sizeof *q);
    q->path = strdup(path);
    if (!q->path)
        return -1;
    q->real = realpath(path, NULL);
    r->n++;
    return 0;
}

/* Adds every *.yaml in dir, sorted; returns -1 on out of memory. */
static int add_folder(reqs *r, const char *dir)
{
    char **paths;
    size_t n;
    coach_err err = coach_yaml_files(dir, &paths, &n);
    if (err)
        return err == COACH_ERR_NOMEM ? -1 : 0;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++)
        rc = add_request(r, paths[i]);
    coach_yaml_files_free(paths, n);
    return rc;
}

static bool is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* dirname() without modifying its argument. */
static char *dir_of(const char *path)
{
    char *copy = strdup(path);
    if (!copy)
        return NULL;
    char *d = strdup(dirname(copy));
    free(copy);
    return d;
}

static bool same_file(const char *real, const char *other)
{
    if (!real || !other)
        return false;
    char *r = realpath(other, NULL);
    bool same = r && strcmp(r, real) == 0;
    free(r);
    return same;
}

/* True when path lies inside folder dir (both resolved). */
static bool inside(const char *path, const char *dir)
{
    char *rd = realpath(dir, NULL);
    char *rp = realpath(path, NULL);
    bool in = false;
    if (rd && rp) {
        size_t n = strlen(rd);
        in = strncmp(rp, rd, n) == 0 && (rp[n] == '/' || rp[n] == '\0');
    } else if (!rp && dir && path) { /* a missing library folder names itself */
        in = strcmp(path, dir) == 0;
    }
    free(rd);
    free(rp);
    return in;
}

static void usage_check(void)
{
    fputs("usage: coach check [--library DIR] PATH...\n"
          "  Checks routine, exercise library and programme files, or every .yaml file\n"
          "  of a folder (and of its exercises/ folder). Prints each problem as\n"
          "  file:line:column: message. Exit 0 when all are good, 65 when any has\n"
          "  problems, 66 when a file cannot be read.\n",
          stderr);
}

/* Adds a path named on the command line: a folder's *.yaml files and those
 * of its exercises/ folder, or else the path itself; -1 on out of memory,
 * 1 for a folder with nothing to check. */
static int add_path(reqs *r, const char *arg)
{
    if (!is_dir(arg))
        return add_request(r, arg);
    size_t before = r->n;
    char sub[PATH_MAX];
    snprintf(sub, sizeof sub, "%s/exercises", arg);
    if (add_folder(r, arg) < 0 || add_folder(r, sub) < 0)
        return -1;
    if (r->n == before) {
        cli_error("%s: this folder holds no .yaml files", arg);
        return 1;
    }
    return 0;
}

/* Frees the requests and what each holds. */
static void free_requests(reqs *r)
{
    for (size_t i = 0; i < r->n; i++) {
        free(r->items[i].path);
        free(r->items[i].real);
        free(r->items[i].home);
    }
    free(r->items);
}

/* One run of `coach check`: the files asked for, --library, and the problems
 * to print, each under the path the user gave. */
typedef struct check {
    reqs *r;
    const char *library;
    coach_diags *out;
    bool missing; /* a file could not be read */
} check;

/* The folder whose catalog checks a library file in dir (dir is kept or
 * freed): the folder above exercises/, dir when the file lies inside
 * --library, or NULL for a library file checked on its own. */
static char *library_home(const check *k, const char *path, char *dir)
{
    char *home;
    char *copy = strdup(dir);
    const char *base = copy ? basename(copy) : "";
    if (strcmp(base, "exercises") == 0 && !k->library) {
        home = dir_of(dir);
        free(dir);
    } else if (k->library && inside(path, k->library)) {
        home = dir; /* checked through the catalog's --library */
    } else {
        home = NULL; /* a library file on its own */
        free(dir);
    }
    free(copy);
    return home;
}

/* Reads a request's file to learn its kind and home folder; a missing or
 * unreadable file is noted. False when out of memory. */
static bool classify(check *k, request *q)
{
    if (!q->real) { /* says why: missing, a loop of links, not allowed */
        int fd;
        if (coach_open_read(q->path, 0, &fd, k->out) == COACH_OK) {
            close(fd);
            coach_diags_add(k->out, q->path, 0, 0, "cannot find where this file really is");
        }
        k->missing = true;
        return true;
    }
    char *data;
    size_t len;
    coach_err err = coach_read_file(q->path, COACH_FILE_MAX, &data, &len, k->out);
    if (err == COACH_ERR_DATA) { /* too big: a problem of the file (65), not a missing one */
        q->problems++;
        q->refused = true;
        return true;
    }
    if (err != COACH_OK) {
        k->missing = true;
        q->real = (free(q->real), NULL);
        return true;
    }
    q->kind = coach_file_kind_of(data, len);
    free(data);
    char *dir = dir_of(q->path);
    if (!dir)
        return false;
    q->home = q->kind == COACH_FILE_LIBRARY ? library_home(k, q->path, dir) : dir;
    return true;
}

/* True when some file checked in home is not a programme, so the library
 * files' own problems are shown too. */
static bool home_wants_library(const check *k, const char *home)
{
    for (size_t j = 0; j < k->r->n; j++)
        if (k->r->items[j].home && strcmp(k->r->items[j].home, home) == 0 &&
            k->r->items[j].kind != COACH_FILE_PROGRAMME)
            return true;
    return false;
}

/* Keeps the catalog's problems that belong to requested files (counting them
 * there), and those of library files when wanted; drops the rest. */
static void keep_problems(check *k, const coach_diags *all, const char *libdir, bool wants_library)
{
    reqs *r = k->r;
    for (size_t i = 0; i < coach_diags_count(all); i++) {
        const coach_diag *g = coach_diags_get(all, i);
        if (!g)
            break;
        const char *shown = NULL;
        for (size_t j = 0; j < r->n && !shown; j++)
            if (r->items[j].real && same_file(r->items[j].real, g->file)) {
                shown = r->items[j].path;
                r->items[j].problems++;
            }
        if (!shown && wants_library && libdir && g->file && inside(g->file, libdir))
            shown = g->file;
        if (shown)
            coach_diags_add(k->out, shown, g->line, g->column, "%s", g->message);
    }
}

/* Refuses each routine's voice that eSpeak NG does not list (the routine
 * loader cannot ask it: speech is a layer above). */
static void check_voices(const catalog *cat, coach_diags *all)
{
    for (size_t i = 0; cat && i < catalog_count(cat); i++) {
        const catalog_entry *e = catalog_get(cat, i);
        const routine_settings *rs = e->routine ? routine_get_settings(e->routine) : NULL;
        if (rs && rs->voice_line)
            tts_voice_check(rs->voice, e->path, rs->voice_line, rs->voice_column, COACH_ERR_DATA, all);
    }
}

/* Checks one home folder as a catalog; false when out of memory. */
static bool check_home(check *k, const char *home)
{
    coach_diags *all = coach_diags_create();
    catalog *cat = NULL;
    coach_err err = all ? catalog_open(home, k->library, &cat, all) : COACH_ERR_NOMEM;
    if (err == COACH_ERR_NOMEM) {
        coach_diags_destroy(all);
        return false;
    }
    const char *libdir = cat ? catalog_library_dir(cat) : NULL;
    check_voices(cat, all);
    keep_problems(k, all, libdir, home_wants_library(k, home));
    catalog_destroy(cat);
    coach_diags_destroy(all);
    return true;
}

/* Checks each home folder once, in the order first named; false when out of
 * memory. */
static bool check_homes(check *k)
{
    reqs *r = k->r;
    for (size_t i = 0; i < r->n; i++) {
        request *q = &r->items[i];
        if (!q->real || !q->home)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            if (r->items[j].home && r->items[j].real && strcmp(r->items[j].home, q->home) == 0)
                seen = true;
        if (!seen && !check_home(k, q->home))
            return false;
    }
    return true;
}

/* Checks a library file outside any routines folder on its own; false when
 * out of memory. */
static bool check_lone_library(check *k, request *q)
{
    exercise_library *lib = library_create();
    coach_diags *d = coach_diags_create();
    if (!lib || !d) {
        library_destroy(lib);
        coach_diags_destroy(d);
        return false;
    }
    if (library_add_file(lib, q->path, d) != COACH_ERR_NOMEM)
        library_resolve(lib, d); /* variant problems too, as in a folder */
    for (size_t i = 0; i < coach_diags_count(d); i++) {
        const coach_diag *g = coach_diags_get(d, i);
        if (!g)
            break;
        coach_diags_add(k->out, q->path, g->line, g->column, "%s", g->message);
        q->problems++;
    }
    library_destroy(lib);
    coach_diags_destroy(d);
    return true;
}

/* Prints the problems, a line for each file and the totals; the exit code. */
static int print_report(const check *k)
{
    const reqs *r = k->r;
    coach_diags_sort(k->out);
    coach_diags_print(k->out, stderr);
    size_t bad = 0;
    for (size_t i = 0; i < r->n; i++) {
        const request *q = &r->items[i];
        if (!q->real)
            continue;
        if (q->problems) {
            printf("%s: %zu problem%s\n", q->path, q->problems, q->problems == 1 ? "" : "s");
            bad++;
        } else {
            printf("%s: ok\n", q->path);
        }
    }
    size_t total = coach_diags_count(k->out);
    printf("checked %zu file%s: %zu with problems\n", r->n, r->n == 1 ? "" : "s", bad);
    if (k->missing)
        return EXIT_NOINPUT;
    if (total > 0)
        return EXIT_DATAERR;
    return 0;
}

/* Checks every request: each file's kind and home, each home folder as a
 * catalog, lone library files; then reports. The exit code. */
static int check_requests(reqs *r, const char *library)
{
    check k = {r, library, coach_diags_create(), false};
    if (!k.out)
        return EXIT_SOFTWARE;
    int rc = EXIT_SOFTWARE;
    bool ok = true;
    for (size_t i = 0; i < r->n && ok; i++)
        ok = classify(&k, &r->items[i]);
    ok = ok && check_homes(&k);
    for (size_t i = 0; i < r->n && ok; i++)
        if (r->items[i].real && !r->items[i].home && !r->items[i].refused)
            ok = check_lone_library(&k, &r->items[i]);
    if (ok)
        rc = print_report(&k);
    coach_diags_destroy(k.out);
    return rc;
}

/* The one option, read into the library pointer itself (offset 0). */
static const cli_option check_options[] = {
    {"--library", CLI_OPT_STRING, 0, 0, 0, NULL, "a folder"},
    CLI_END,
};
static const cli_spec check_spec = {"check", "check", check_options, false};

int cli_check(int argc, char **argv)
{
    const char *library = NULL;
    reqs r = {0};
    int rc = 0;
    int n_paths = 0;
    bool empty = false; /* a folder named held nothing to check */
    cli_args args;
    const char *path;
    cli_args_begin(&args, &check_spec, &library, argc, argv);
    while ((rc = cli_args_next(&args, &path)) == CLI_ARGS_POSITIONAL) {
        rc = 0;
        n_paths++;
        int added = add_path(&r, path);
        if (added < 0) {
            rc = EXIT_SOFTWARE;
            goto out;
        }
        empty |= added > 0;
    }
    if (rc == CLI_ARGS_HELP) {
        usage_check();
        free_requests(&r);
        return 0;
    }
    if (rc)
        goto out;
    if (n_paths == 0) {
        usage_check();
        rc = EXIT_USAGE;
        goto out;
    }
    rc = check_requests(&r, library);
    if (rc == 0 && empty)
        rc = EXIT_NOINPUT;
out:
    free_requests(&r);
    return rc;
}
