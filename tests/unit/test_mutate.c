/* test_mutate.c: mutated copies of the real routine library. Each mutation
 * either still loads, or is refused with at least one problem that has a
 * line and column inside the file; some mutations (tabs, aliases, deep
 * nesting, invalid UTF-8) must always be refused. Run under the sanitizers
 * in CI, it also proves no mutation crashes the loader or leaks. */
#include <dirent.h>
#include <stdint.h>
#include <stdlib.h>

#include "check.h"
#include "coach/routine.h"

static uint64_t rng = 0x9E3779B97F4A7C15u;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return n ? (uint32_t)(rng % n) : 0;
}

typedef struct text {
    char *s;
    size_t n;
} text;

static size_t count_lines(const text *t)
{
    size_t n = 1; /* as YAML counts them: \n, \r\n, a lone \r */
    for (size_t i = 0; i < t->n; i++)
        n += t->s[i] == '\n' || (t->s[i] == '\r' && (i + 1 == t->n || t->s[i + 1] != '\n'));
    return n;
}

/* Offsets of the starts of lines. */
static size_t line_start(const text *t, size_t line)
{
    size_t l = 0, i = 0;
    while (i < t->n && l < line) {
        if (t->s[i] == '\n')
            l++;
        i++;
    }
    return i;
}

static text splice(const text *t, size_t at, size_t del, const char *ins, size_t insn)
{
    text o;
    o.n = t->n - del + insn;
    o.s = malloc(o.n + 1);
    memcpy(o.s, t->s, at);
    memcpy(o.s + at, ins, insn);
    memcpy(o.s + at + insn, t->s + at + del, t->n - at - del);
    o.s[o.n] = '\0';
    return o;
}

enum { M_DELETE_LINE, M_TRUNCATE, M_WRONG_TYPE, M_DUP_LINE, M_SWAP_LINES, M_RANDOM_BYTES,
       M_TAB, M_ALIAS, M_DEEP, M_BAD_UTF8, M_COUNT };
static const char *const mname[] = {"delete line", "truncate", "wrong type", "duplicate line",
                                    "swap lines", "random bytes", "tab", "alias", "deep", "bad utf-8"};

static text mutate(const text *t, int kind)
{
    size_t lines = count_lines(t);
    size_t l = rnd((uint32_t)lines);
    size_t a = line_start(t, l), b = line_start(t, l + 1);
    switch (kind) {
    case M_DELETE_LINE:
        return splice(t, a, b - a, "", 0);
    case M_TRUNCATE: {
        size_t keep = rnd((uint32_t)t->n);
        return splice(t, keep, t->n - keep, "", 0);
    }
    case M_WRONG_TYPE: {
        /* replace what follows the first ": " on a line */
        static const char *const vals[] = {"[1, 2]", "{a: 1}", "ten", "-5", "99999", "~", "\"\"",
                                           "3.7", "yes", "dead bug"};
        const char *colon = memchr(t->s + a, ':', b - a);
        if (!colon)
            return splice(t, 0, 0, "", 0);
        size_t at = (size_t)(colon - t->s) + 1;
        size_t end = b > a && t->s[b - 1] == '\n' ? b - 1 : b;
        const char *v = vals[rnd(10)];
        char buf[32];
        snprintf(buf, sizeof buf, " %s", v);
        return splice(t, at, end - at, buf, strlen(buf));
    }
    case M_DUP_LINE:
        return splice(t, b, 0, t->s + a, b - a);
    case M_SWAP_LINES: {
        size_t l2 = rnd((uint32_t)lines);
        if (l2 == l)
            return splice(t, 0, 0, "", 0);
        size_t c = line_start(t, l2), d = line_start(t, l2 + 1);
        if (c < a) {
            size_t x = a, y = b;
            a = c, b = d, c = x, d = y;
        }
        if (b > c)
            return splice(t, 0, 0, "", 0);
        text o = splice(t, 0, 0, "", 0);
        size_t p = a;
        memcpy(o.s + p, t->s + c, d - c), p += d - c;
        memcpy(o.s + p, t->s + b, c - b), p += c - b;
        memcpy(o.s + p, t->s + a, b - a);
        return o;
    }
    case M_RANDOM_BYTES: {
        text o = splice(t, 0, 0, "", 0);
        int n = 1 + (int)rnd(4);
        for (int i = 0; i < n && o.n; i++)
            o.s[rnd((uint32_t)o.n)] = (char)(1 + rnd(255));
        return o;
    }
    case M_TAB: {
        /* indent an indented line with a tab */
        for (size_t tries = 0; tries < lines; tries++) {
            size_t x = line_start(t, (l + tries) % lines);
            if (x < t->n && t->s[x] == ' ')
                return splice(t, x, 1, "\t", 1);
        }
        return splice(t, 0, 0, "\t", 1);
    }
    case M_ALIAS: {
        static const char bomb[] = "x-bomb: &a [y, y, y, y, y, y, y, y]\nx-bomb2: [*a, *a, *a, *a]\n";
        return splice(t, 0, 0, bomb, sizeof bomb - 1);
    }
    case M_DEEP: {
        char deep[256] = "x: ";
        size_t n = 3;
        for (int i = 0; i < 100; i++)
            deep[n++] = '[';
        deep[n++] = '\n';
        return splice(t, 0, 0, deep, n);
    }
    case M_BAD_UTF8:
        return splice(t, a, 0, "\xc3(", 2);
    }
    return splice(t, 0, 0, "", 0);
}

/* A library file is loaded with the rest of its library (its variants may
 * live in other files), the mutated text standing in for the file. */
static int load(const char *name, coach_file_kind kind, const char *s, size_t n,
                const exercise_library *lib, coach_diags *d)
{
    coach_err err;
    (void)lib;
    if (kind == COACH_FILE_LIBRARY) {
        exercise_library *l = library_create();
        char **paths;
        size_t np;
        err = coach_yaml_files(COACH_SOURCE_DIR "/routines/exercises", &paths, &np);
        for (size_t i = 0; !err && i < np; i++) {
            if (strcmp(paths[i], name) == 0)
                continue;
            if (library_add_file(l, paths[i], NULL) != COACH_OK)
                abort(); /* the other files are the real, good ones */
        }
        coach_yaml_files_free(paths, np);
        err = library_add_buffer(l, name, s, n, d);
        coach_err r = library_resolve(l, d);
        if (!err)
            err = r;
        library_destroy(l);
    } else if (kind == COACH_FILE_PROGRAMME) {
        programme *p = NULL;
        err = programme_load_buffer(name, s, n, &p, d);
        programme_destroy(p);
    } else {
        routine *r = NULL;
        err = routine_load_buffer(name, s, n, lib, &r, d);
        routine_destroy(r);
    }
    return err;
}

static int files_done, mutants, refused;

static void run_file(const char *path, const exercise_library *lib)
{
    text t;
    coach_diags *d0 = coach_diags_create();
    CHECK_INT(coach_read_file(path, 1 << 20, &t.s, &t.n, d0), COACH_OK);
    coach_diags_destroy(d0);
    if (!t.s)
        return;
    coach_file_kind kind = coach_file_kind_of(t.s, t.n);
    coach_diags *d = coach_diags_create();
    int base = load(path, kind, t.s, t.n, lib, d);
    CHECK_INT(base, COACH_OK);
    if (base)
        coach_diags_print(d, stderr);
    coach_diags_destroy(d);
    files_done++;
    for (int i = 0; i < 120; i++) {
        int kind_m = (int)rnd(M_COUNT);
        text m = mutate(&t, kind_m);
        size_t lines = count_lines(&m);
        coach_diags *md = coach_diags_create();
        int err = load(path, kind, m.s, m.n, lib, md);
        mutants++;
        check_count++;
        bool must_fail = kind_m >= M_TAB;
        if (err != COACH_OK && err != COACH_ERR_DATA) {
            fprintf(stderr, "%s: mutation '%s' gave error %d\n", path, mname[kind_m], err);
            check_failures++;
        } else if (err == COACH_ERR_DATA) {
            refused++;
            bool positioned = false;
            for (size_t k = 0; k < coach_diags_count(md); k++) {
                const coach_diag *g = coach_diags_get(md, k);
                if (!g)
                    break;
                if (g->line >= 1 && g->column >= 1)
                    positioned = true;
                /* problems of this file lie inside it (a library mutant may
                 * also break links in the other files, at their lines) */
                bool own = g->file && strcmp(g->file, path) == 0;
                if (own && g->line > 0 && (size_t)g->line > lines + 1) {
                    fprintf(stderr, "%s: mutation '%s': line %d beyond the file's %zu lines\n",
                            path, mname[kind_m], g->line, lines);
                    check_failures++;
                }
            }
            /* only a file left with nothing but blanks and comments may lack
             * a position */
            bool empty = true, comment = false;
            for (size_t k = 0; k < m.n; k++) {
                char ch = m.s[k];
                if (ch == '\n')
                    comment = false;
                else if (ch == '#')
                    comment = true;
                else if (!comment && ch != ' ' && ch != '\r')
                    empty = false;
            }
            if (!positioned && !empty) {
                fprintf(stderr, "%s: mutation '%s' refused without a line and column:\n", path,
                        mname[kind_m]);
                coach_diags_print(md, stderr);
                check_failures++;
            }
            if (coach_diags_count(md) == 0) {
                fprintf(stderr, "%s: mutation '%s' refused with no problem reported\n", path,
                        mname[kind_m]);
                check_failures++;
            }
        } else if (must_fail) {
            fprintf(stderr, "%s: mutation '%s' was accepted\n", path, mname[kind_m]);
            check_failures++;
        }
        coach_diags_destroy(md);
        free(m.s);
    }
    free(t.s);
}

static void run_dir(const char *dir, const exercise_library *lib)
{
    DIR *dd = opendir(dir);
    CHECK(dd != NULL);
    if (!dd)
        return;
    struct dirent *de;
    char *names[256];
    int n = 0;
    while ((de = readdir(dd)) && n < 256) {
        size_t len = strlen(de->d_name);
        if (len > 5 && strcmp(de->d_name + len - 5, ".yaml") == 0)
            names[n++] = strdup(de->d_name);
    }
    closedir(dd);
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        run_file(path, lib);
        free(names[i]);
    }
}

int main(void)
{
    exercise_library *lib = library_create();
    coach_diags *d = coach_diags_create();
    CHECK_INT(library_load_dir(lib, COACH_SOURCE_DIR "/routines/exercises", d), COACH_OK);
    coach_diags_print(d, stderr);
    coach_diags_destroy(d);
    run_dir(COACH_SOURCE_DIR "/routines", lib);
    run_dir(COACH_SOURCE_DIR "/routines/exercises", lib);
    printf("%d files, %d mutants, %d refused\n", files_done, mutants, refused);
    CHECK(files_done >= 10);
    library_destroy(lib);
    CHECK_DONE();
}
