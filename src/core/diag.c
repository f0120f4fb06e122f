/* diag.c: error code sentences and the diagnostics list. */
#include "coach/diag.h"

#include <stdlib.h>
#include <string.h>

/* One table from error code to sentence and exit code (sysexits.h values). */
static const struct {
    const char *text;
    int exit_code;
} err_table[] = {
    [COACH_OK] = {"no error", 0},
    [COACH_ERR_NOMEM] = {"out of memory", 70},
    [COACH_ERR_USAGE] = {"the command was used wrongly", 64},
    [COACH_ERR_DATA] = {"the input has problems", 65},
    [COACH_ERR_NO_INPUT] = {"a file could not be found or opened", 66},
    [COACH_ERR_IO] = {"reading or writing failed", 74},
    [COACH_ERR_UNAVAILABLE] = {"a device or service is not available", 69},
    [COACH_ERR_INTERNAL] = {"an internal error (a bug in coach)", 70},
};

const char *coach_strerror(coach_err err)
{
    if ((unsigned)err >= sizeof err_table / sizeof err_table[0])
        return "unknown error";
    return err_table[err].text;
}

int coach_err_exit_code(coach_err err)
{
    if ((unsigned)err >= sizeof err_table / sizeof err_table[0])
        return 70;
    return err_table[err].exit_code;
}

struct coach_diags {
    coach_diag *items;
    size_t stored, cap;
    size_t total;
};

coach_diags *coach_diags_create(void)
{
    return calloc(1, sizeof(coach_diags));
}

void coach_diags_destroy(coach_diags *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->stored; i++) {
        free((char *)d->items[i].file);
        free((char *)d->items[i].message);
    }
    free(d->items);
    free(d);
}

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p)
        memcpy(p, s, n);
    return p;
}

/* How many diagnostics are stored for file. */
static size_t stored_for(const coach_diags *d, const char *file)
{
    size_t n = 0;
    for (size_t i = d->stored; i-- > 0;) {
        const char *f = d->items[i].file;
        if ((f == NULL) == (file == NULL) && (!f || strcmp(f, file) == 0))
            if (++n >= COACH_DIAGS_MAX)
                break;
    }
    return n;
}

void coach_diags_addv(coach_diags *d, const char *file, int line, int column,
                      const char *fmt, va_list ap)
{
    if (!d)
        return;
    d->total++;
    if (d->stored >= COACH_DIAGS_TOTAL || stored_for(d, file) >= COACH_DIAGS_MAX)
        return;
    if (d->stored == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 16;
        coach_diag *items = realloc(d->items, cap * sizeof *items);
        if (!items)
            return;
        d->items = items;
        d->cap = cap;
    }
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    coach_diag *g = &d->items[d->stored];
    g->file = dup_or_null(file);
    g->message = dup_or_null(buf);
    if (!g->message || (file && !g->file)) {
        free((char *)g->file);
        free((char *)g->message);
        return;
    }
    g->line = line;
    g->column = column;
    d->stored++;
}

void coach_diags_add(coach_diags *d, const char *file, int line, int column,
                     const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    coach_diags_addv(d, file, line, column, fmt, ap);
    va_end(ap);
}

size_t coach_diags_count(const coach_diags *d)
{
    return d ? d->total : 0;
}

const coach_diag *coach_diags_get(const coach_diags *d, size_t i)
{
    if (!d || i >= d->stored)
        return NULL;
    return &d->items[i];
}

static int diag_before(const coach_diag *a, const coach_diag *b)
{
    int c = strcmp(a->file ? a->file : "", b->file ? b->file : "");
    if (c)
        return c < 0;
    if (a->line != b->line)
        return a->line < b->line;
    return a->column < b->column;
}

void coach_diags_sort(coach_diags *d)
{
    if (!d)
        return;
    /* insertion sort: stable, and the list is small */
    for (size_t i = 1; i < d->stored; i++) {
        coach_diag x = d->items[i];
        size_t j = i;
        while (j > 0 && diag_before(&x, &d->items[j - 1])) {
            d->items[j] = d->items[j - 1];
            j--;
        }
        d->items[j] = x;
    }
}

void coach_diags_print(const coach_diags *d, FILE *out)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->stored; i++) {
        const coach_diag *g = &d->items[i];
        if (g->file && g->line > 0)
            fprintf(out, "%s:%d:%d: %s\n", g->file, g->line, g->column, g->message);
        else if (g->file)
            fprintf(out, "%s: %s\n", g->file, g->message);
        else
            fprintf(out, "coach: %s\n", g->message);
    }
    if (d->total > d->stored)
        fprintf(out, "coach: ... and %zu more problems not shown\n", d->total - d->stored);
}
