/* cmd_check.c: `coach check`: validate files and folders of coach files. */
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "options.h"
#include "coach/routine.h"
#include "../routine/catalog.h"

typedef struct request {
    char *path;      /* as the user (or the folder walk) spelled it */
    char *real;      /* realpath, or NULL when missing */
    char *home;      /* the folder whose catalog checks it; NULL: standalone library */
    coach_file_kind kind;
    size_t problems;
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

/* The one option, read into the library pointer itself (offset 0). */
static const cli_option check_options[] = {
    {"--library", CLI_OPT_STRING, 0, 0, 0, NULL, "a folder"},
    {NULL, CLI_OPT_FLAG, 0, 0, 0, NULL, NULL},
};
static const cli_spec check_spec = {"check", "check", check_options, false};

int cli_check(int argc, char **argv)
{
    const char *library = NULL;
    reqs r = {0};
    int rc = 0;
    bool missing = false;
    int n_paths = 0;
    cli_args args;
    const char *path;
    cli_args_begin(&args, &check_spec, &library, argc, argv);
    while ((rc = cli_args_next(&args, &path)) == CLI_ARGS_POSITIONAL) {
        rc = 0;
        n_paths++;
        if (is_dir(path)) {
            size_t before = r.n;
            char sub[PATH_MAX];
            snprintf(sub, sizeof sub, "%s/exercises", path);
            if (add_folder(&r, path) < 0 || add_folder(&r, sub) < 0) {
                rc = EXIT_SOFTWARE;
                goto out;
            }
            if (r.n == before)
                cli_error("%s: this folder holds no .yaml files", path);
        } else if (add_request(&r, path) < 0) {
            rc = EXIT_SOFTWARE;
            goto out;
        }
    }
    if (rc == CLI_ARGS_HELP) {
        usage_check();
        free(r.items);
        return 0;
    }
    if (rc)
        goto out;
    if (n_paths == 0) {
        usage_check();
        rc = EXIT_USAGE;
        goto out;
    }

    coach_diags *out = coach_diags_create();
    if (!out) {
        rc = EXIT_SOFTWARE;
        goto out;
    }
    /* decide each file's kind and home folder */
    for (size_t i = 0; i < r.n; i++) {
        request *q = &r.items[i];
        if (!q->real) {
            coach_diags_add(out, q->path, 0, 0, "no such file");
            missing = true;
            continue;
        }
        char *data;
        size_t len;
        if (coach_read_file(q->path, 4u * 1024 * 1024, &data, &len, out) != COACH_OK) {
            missing = true;
            q->real = (free(q->real), NULL);
            continue;
        }
        q->kind = coach_file_kind_of(data, len);
        free(data);
        char *dir = dir_of(q->path);
        if (!dir) {
            rc = EXIT_SOFTWARE;
            coach_diags_destroy(out);
            goto out;
        }
        if (q->kind == COACH_FILE_LIBRARY) {
            char *copy = strdup(dir);
            const char *base = copy ? basename(copy) : "";
            if (strcmp(base, "exercises") == 0 && !library) {
                q->home = dir_of(dir);
                free(dir);
            } else if (library && inside(q->path, library)) {
                q->home = dir; /* checked through the catalog's --library */
            } else {
                q->home = NULL; /* a library file on its own */
                free(dir);
            }
            free(copy);
        } else {
            q->home = dir;
        }
    }
    /* check each home folder once, keeping the problems of requested files */
    for (size_t i = 0; i < r.n; i++) {
        request *q = &r.items[i];
        if (!q->real || !q->home)
            continue;
        bool seen = false;
        for (size_t j = 0; j < i; j++)
            if (r.items[j].home && r.items[j].real && strcmp(r.items[j].home, q->home) == 0)
                seen = true;
        if (seen)
            continue;
        coach_diags *all = coach_diags_create();
        catalog *cat = NULL;
        coach_err err = all ? catalog_open(q->home, library, &cat, all) : COACH_ERR_NOMEM;
        if (err == COACH_ERR_NOMEM) {
            coach_diags_destroy(all);
            coach_diags_destroy(out);
            rc = EXIT_SOFTWARE;
            goto out;
        }
        const char *libdir = cat ? catalog_library_dir(cat) : NULL;
        bool wants_library = false;
        for (size_t j = 0; j < r.n; j++)
            if (r.items[j].home && strcmp(r.items[j].home, q->home) == 0 &&
                r.items[j].kind != COACH_FILE_PROGRAMME)
                wants_library = true;
        for (size_t k = 0; k < coach_diags_count(all); k++) {
            const coach_diag *g = coach_diags_get(all, k);
            if (!g)
                break;
            const char *shown = NULL;
            for (size_t j = 0; j < r.n && !shown; j++)
                if (r.items[j].real && same_file(r.items[j].real, g->file)) {
                    shown = r.items[j].path;
                    r.items[j].problems++;
                }
            if (!shown && wants_library && libdir && g->file && inside(g->file, libdir))
                shown = g->file;
            if (shown)
                coach_diags_add(out, shown, g->line, g->column, "%s", g->message);
        }
        catalog_destroy(cat);
        coach_diags_destroy(all);
    }
    /* library files outside any routines folder are checked on their own */
    for (size_t i = 0; i < r.n; i++) {
        request *q = &r.items[i];
        if (!q->real || q->home)
            continue;
        exercise_library *lib = library_create();
        coach_diags *d = coach_diags_create();
        if (!lib || !d) {
            library_destroy(lib);
            coach_diags_destroy(d);
            coach_diags_destroy(out);
            rc = EXIT_SOFTWARE;
            goto out;
        }
        if (library_add_file(lib, q->path, d) != COACH_ERR_NOMEM)
            library_resolve(lib, d); /* variant problems too, as in a folder */
        for (size_t k = 0; k < coach_diags_count(d); k++) {
            const coach_diag *g = coach_diags_get(d, k);
            if (!g)
                break;
            coach_diags_add(out, q->path, g->line, g->column, "%s", g->message);
            q->problems++;
        }
        library_destroy(lib);
        coach_diags_destroy(d);
    }
    coach_diags_sort(out);
    coach_diags_print(out, stderr);
    size_t bad = 0;
    for (size_t i = 0; i < r.n; i++) {
        request *q = &r.items[i];
        if (!q->real)
            continue;
        if (q->problems) {
            printf("%s: %zu problem%s\n", q->path, q->problems, q->problems == 1 ? "" : "s");
            bad++;
        } else {
            printf("%s: ok\n", q->path);
        }
    }
    size_t total = coach_diags_count(out);
    printf("checked %zu file%s: %zu with problems\n", r.n, r.n == 1 ? "" : "s", bad);
    if (missing)
        rc = EXIT_NOINPUT;
    else if (total > 0)
        rc = EXIT_DATAERR;
    coach_diags_destroy(out);
out:
    for (size_t i = 0; i < r.n; i++) {
        free(r.items[i].path);
        free(r.items[i].real);
        free(r.items[i].home);
    }
    free(r.items);
    return rc;
}
