/* script.c: the --script reader. */
#include "script.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coach/routine.h"
#include "../core/text.h"

struct script {
    script_line *lines;
    size_t n;
    char *text; /* the file's text; lines point into it */
};

void script_destroy(script *s)
{
    if (!s)
        return;
    free(s->lines);
    free(s->text);
    free(s);
}

size_t script_count(const script *s) { return s->n; }
const script_line *script_get(const script *s, size_t i) { return i < s->n ? &s->lines[i] : NULL; }

static int cmp_line(const void *a, const void *b)
{
    const script_line *x = a, *y = b;
    if (x->frame != y->frame)
        return x->frame < y->frame ? -1 : 1;
    return x->line - y->line; /* stable: file order */
}

coach_err script_parse(const char *name, const char *data, size_t len, int sample_rate,
                       script **out, coach_diags *diags)
{
    *out = NULL;
    script *s = calloc(1, sizeof *s);
    if (!s || !(s->text = malloc(len + 1))) {
        free(s);
        return COACH_ERR_NOMEM;
    }
    memcpy(s->text, data, len);
    s->text[len] = '\0';
    size_t lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += s->text[i] == '\n';
    s->lines = calloc(lines, sizeof *s->lines);
    if (!s->lines) {
        script_destroy(s);
        return COACH_ERR_NOMEM;
    }
    int errors = 0;
    char *p = s->text;
    for (int lineno = 1; p && *p; lineno++) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        char *hash = strchr(p, '#');
        if (hash)
            *hash = '\0';
        char *q = p;
        while (*q == ' ' || *q == '\t' || *q == '\r')
            q++;
        /* trim the end */
        char *e = q + strlen(q);
        while (e > q && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
            *--e = '\0';
        if (*q) {
            int col = (int)(q - p) + 1;
            char *end;
            double t = strtod(q, &end);
            if (end == q || !isfinite(t) || (*end && *end != ' ' && *end != '\t')) {
                coach_diags_add(diags, name, lineno, col,
                                "a script line starts with the time in seconds, then what is said, such as '42.0 pain six'");
                errors++;
            } else if (t < 0 || t > 86400) {
                coach_diags_add(diags, name, lineno, col,
                                "the time %.*s is out of range: it must be from 0 to 86400 seconds",
                                (int)(end - q < 40 ? end - q : 40), q);
                errors++;
            } else {
                while (*end == ' ' || *end == '\t')
                    end++;
                if (!*end) {
                    coach_diags_add(diags, name, lineno, (int)(end - p) + 1,
                                    "nothing is said at %.3f seconds; write the words after the time", t);
                    errors++;
                } else if (text_utf8_invalid_at(end, strlen(end)) != strlen(end)) {
                    coach_diags_add(diags, name, lineno, (int)(end - p) + 1,
                                    "this line is not valid UTF-8 text");
                    errors++;
                } else {
                    script_line *l = &s->lines[s->n++];
                    l->frame = (uint64_t)llround(t * sample_rate);
                    l->text = end;
                    l->line = lineno;
                }
            }
        }
        p = nl ? nl + 1 : NULL;
    }
    if (errors) {
        script_destroy(s);
        return COACH_ERR_DATA;
    }
    qsort(s->lines, s->n, sizeof *s->lines, cmp_line);
    *out = s;
    return COACH_OK;
}

coach_err script_load(const char *path, int sample_rate, script **out, coach_diags *diags)
{
    char *data;
    size_t len;
    *out = NULL;
    coach_err err = coach_read_file(path, 1024 * 1024, &data, &len, diags);
    if (err)
        return err;
    if (memchr(data, '\0', len)) {
        coach_diags_add(diags, path, 0, 0, "a script is a text file; this one holds NUL bytes");
        free(data);
        return COACH_ERR_DATA;
    }
    err = script_parse(path, data, len, sample_rate, out, diags);
    free(data);
    return err;
}
