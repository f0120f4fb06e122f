/* schema.c: typed, bounded readers over ytree nodes. */
#include "schema.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../core/text.h"

void schema_error(schema_ctx *c, const ynode *n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    coach_diags_addv(c->diags, c->file, n ? n->line : 0, n ? n->column : 0, fmt, ap);
    va_end(ap);
    c->errors++;
}

bool schema_expect_map(schema_ctx *c, const ynode *n, const char *what)
{
    if (n && n->type == YN_MAP)
        return true;
    if (n && !(n->type == YN_SCALAR && !n->str)) /* a refused value is reported already */
        schema_error(c, n, "%s must be a mapping of keys to values, not %s", what,
                     ytree_type_name(n));
    return false;
}

bool schema_may_suggest(schema_ctx *c)
{
    return c->suggestions++ < SCHEMA_MAX_SUGGESTIONS;
}

const keyspec *schema_spec(const keyspec *table, const char *key)
{
    for (; table && table->key; table++)
        if (strcmp(table->key, key) == 0)
            return table;
    return NULL;
}

void schema_check_keys(schema_ctx *c, const ynode *map, const keyspec *table,
                       const char *const *extra, const char *what)
{
    if (!map || map->type != YN_MAP)
        return;
    const char *names[64];
    size_t nn = 0;
    for (const keyspec *k = table; k && k->key && nn < 63; k++)
        names[nn++] = k->key;
    for (const char *const *e = extra; e && *e && nn < 63; e++)
        names[nn++] = *e;
    names[nn] = NULL;

    /* Linear in the number of keys, whatever the file: duplicates are looked
     * for among the known keys only (an unknown key is reported anyway), and
     * after MAX_UNKNOWN unknown keys the rest are counted, not listed. */
    enum { MAX_UNKNOWN = 10 };
    const ynode *first[64] = {NULL};
    size_t unknown = 0;
    for (size_t i = 0; i < map->n; i++) {
        const ynode *k = map->keys[i];
        if (!k || k->type != YN_SCALAR || !k->str)
            continue;
        size_t row = nn;
        for (size_t j = 0; j < nn; j++)
            if (strcmp(names[j], k->str) == 0)
                row = j;
        if (row < nn) {
            if (first[row])
                schema_error(c, k, "'%s' appears twice in %s (first at line %d); keep one",
                             k->str, what, first[row]->line);
            else
                first[row] = k;
            continue;
        }
        if (++unknown > MAX_UNKNOWN)
            continue;
        const char *guess = text_did_you_mean(k->str, names);
        if (guess)
            schema_error(c, k, "unknown key '%.64s' in %s; did you mean '%s'?", k->str, what, guess);
        else {
            char list[512] = "";
            size_t used = 0;
            for (size_t j = 0; names[j] && used + 1 < sizeof list; j++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                         j ? ", " : "", names[j]);
            schema_error(c, k, "unknown key '%.64s' in %s; the keys here are: %s", k->str,
                         what, list);
        }
    }
    if (unknown > MAX_UNKNOWN)
        schema_error(c, map, "%s has %zu more unknown keys", what, unknown - MAX_UNKNOWN);
    for (const keyspec *k = table; k && k->key; k++)
        if (k->required && !ytree_get(map, k->key))
            schema_error(c, map, "%s needs '%s' (%s)", what, k->key, k->help);
}

static const keyspec *spec_or_die(const keyspec *table, const char *key)
{
    const keyspec *s = schema_spec(table, key);
    if (!s)
        abort(); /* a programming error: every reader names a key of its table */
    return s;
}

static bool is_null(const ynode *n)
{
    return n->type == YN_SCALAR && n->str && n->plain &&
           (n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0 ||
            strcmp(n->str, "Null") == 0 || strcmp(n->str, "NULL") == 0);
}

/* Common front of every reader: a present, readable scalar. */
static int scalar_front(schema_ctx *c, const ynode *n, const keyspec *s, const char *wanted)
{
    if (!n)
        return 0;
    if (n->type == YN_SCALAR && !n->str)
        return -1; /* refused by ytree, reported there */
    if (n->type != YN_SCALAR || is_null(n)) {
        schema_error(c, n, "'%s' must be %s (%s), not %s", s->key, wanted, s->help,
                     ytree_type_name(n));
        return -1;
    }
    return 1;
}

static void fmt_num(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%g", v);
}

int schema_node_int(schema_ctx *c, const ynode *n, const keyspec *s, int *out)
{
    char lo[32], hi[32], wanted[96];
    fmt_num(lo, sizeof lo, s->min);
    fmt_num(hi, sizeof hi, s->max);
    snprintf(wanted, sizeof wanted, "a whole number from %s to %s", lo, hi);
    int r = scalar_front(c, n, s, wanted);
    if (r <= 0)
        return r;
    const char *p = n->str;
    size_t i = (*p == '+' || *p == '-') ? 1 : 0;
    bool digits = p[i] != '\0';
    for (size_t j = i; p[j]; j++)
        if (!isdigit((unsigned char)p[j]))
            digits = false;
    if (!digits || !n->plain) {
        char *end;
        errno = 0;
        double d = strtod(p, &end);
        if (n->plain && *end == '\0' && end != p && isfinite(d) && strchr(p, '.') &&
            !strpbrk(p, "xXeE"))
            schema_error(c, n, "'%s' must be %s (%s); %s has a fraction", s->key, wanted,
                         s->help, p);
        else if (!n->plain)
            schema_error(c, n, "'%s' must be %s (%s); remove the quotes around \"%.40s\"",
                         s->key, wanted, s->help, p);
        else
            schema_error(c, n, "'%s' must be %s (%s), not '%.40s'", s->key, wanted, s->help, p);
        return -1;
    }
    errno = 0;
    long v = strtol(p, NULL, 10);
    if (errno || v < s->min || v > s->max) {
        schema_error(c, n, "'%s' is %.40s, out of range: it must be from %s to %s (%s)", s->key,
                     p, lo, hi, s->help);
        return -1;
    }
    *out = (int)v;
    return 1;
}

int schema_node_num(schema_ctx *c, const ynode *n, const keyspec *s, double *out)
{
    char lo[32], hi[32], wanted[96];
    fmt_num(lo, sizeof lo, s->min);
    fmt_num(hi, sizeof hi, s->max);
    snprintf(wanted, sizeof wanted, "a number from %s to %s", lo, hi);
    int r = scalar_front(c, n, s, wanted);
    if (r <= 0)
        return r;
    char *end;
    errno = 0;
    double v = strtod(n->str, &end);
    bool hex = strchr(n->str, 'x') || strchr(n->str, 'X');
    if (!n->plain || *end != '\0' || end == n->str || !isfinite(v) || hex) {
        if (!n->plain)
            schema_error(c, n, "'%s' must be %s (%s); remove the quotes around \"%.40s\"",
                         s->key, wanted, s->help, n->str);
        else
            schema_error(c, n, "'%s' must be %s (%s), not '%.40s'", s->key, wanted, s->help,
                         n->str);
        return -1;
    }
    if (v < s->min || v > s->max) {
        schema_error(c, n, "'%s' is %.40s, out of range: it must be from %s to %s (%s)", s->key,
                     n->str, lo, hi, s->help);
        return -1;
    }
    *out = v;
    return 1;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

int schema_node_text(schema_ctx *c, const ynode *n, const keyspec *s, const char **out)
{
    char wanted[96];
    snprintf(wanted, sizeof wanted, "text of %g to %g characters", s->min, s->max);
    int r = scalar_front(c, n, s, wanted);
    if (r <= 0)
        return r;
    size_t chars = utf8_chars(n->str);
    if (chars < s->min || chars > s->max) {
        schema_error(c, n, "'%s' is %zu characters long; it must be %g to %g (%s)", s->key,
                     chars, s->min, s->max, s->help);
        return -1;
    }
    for (const char *p = n->str; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch < 0x20 && ch != '\n' && ch != '\t') {
            schema_error(c, n, "'%s' contains a control character (code %u); remove it",
                         s->key, ch);
            return -1;
        }
    }
    *out = n->str;
    return 1;
}

int schema_node_id(schema_ctx *c, const ynode *n, const keyspec *s, const char **out)
{
    int r = scalar_front(c, n, s, "an id");
    if (r <= 0)
        return r;
    if (!text_is_id(n->str)) {
        schema_error(c, n,
                     "'%s' must be an id (%s): 1 to 64 lower-case letters, digits and "
                     "dashes, starting with a letter, such as dead-bug; not '%.64s'",
                     s->key, s->help, n->str);
        return -1;
    }
    *out = n->str;
    return 1;
}

int schema_int(schema_ctx *c, const ynode *map, const keyspec *t, const char *key, int *out)
{
    return schema_node_int(c, ytree_get(map, key), spec_or_die(t, key), out);
}

int schema_num(schema_ctx *c, const ynode *map, const keyspec *t, const char *key, double *out)
{
    return schema_node_num(c, ytree_get(map, key), spec_or_die(t, key), out);
}

int schema_text(schema_ctx *c, const ynode *map, const keyspec *t, const char *key,
                const char **out)
{
    return schema_node_text(c, ytree_get(map, key), spec_or_die(t, key), out);
}

int schema_id(schema_ctx *c, const ynode *map, const keyspec *t, const char *key,
              const char **out)
{
    return schema_node_id(c, ytree_get(map, key), spec_or_die(t, key), out);
}

int schema_bool(schema_ctx *c, const ynode *map, const keyspec *t, const char *key, bool *out)
{
    const keyspec *s = spec_or_die(t, key);
    const ynode *n = ytree_get(map, key);
    int r = scalar_front(c, n, s, "true or false");
    if (r <= 0)
        return r;
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", NULL};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", NULL};
    if (n->plain) {
        for (size_t i = 0; yes[i]; i++)
            if (strcmp(n->str, yes[i]) == 0)
                return *out = true, 1;
        for (size_t i = 0; no[i]; i++)
            if (strcmp(n->str, no[i]) == 0)
                return *out = false, 1;
    }
    schema_error(c, n, "'%s' must be true or false (%s), not '%.40s'", s->key, s->help, n->str);
    return -1;
}

int schema_enum(schema_ctx *c, const ynode *map, const keyspec *t, const char *key, int *out)
{
    const keyspec *s = spec_or_die(t, key);
    const ynode *n = ytree_get(map, key);
    char list[256] = "";
    size_t used = 0;
    for (size_t i = 0; s->choices[i] && used + 1 < sizeof list; i++)
        used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                 i ? ", " : "", s->choices[i]);
    char wanted[300];
    snprintf(wanted, sizeof wanted, "one of %s", list);
    int r = scalar_front(c, n, s, wanted);
    if (r <= 0)
        return r;
    for (int i = 0; s->choices[i]; i++)
        if (strcmp(n->str, s->choices[i]) == 0)
            return *out = i, 1;
    const char *guess = text_did_you_mean(n->str, s->choices);
    if (guess)
        schema_error(c, n, "'%s' must be %s (%s), not '%.40s'; did you mean '%s'?", s->key,
                     wanted, s->help, n->str, guess);
    else
        schema_error(c, n, "'%s' must be %s (%s), not '%.40s'", s->key, wanted, s->help, n->str);
    return -1;
}

const ynode *schema_list(schema_ctx *c, const ynode *map, const keyspec *t, const char *key)
{
    const keyspec *s = spec_or_die(t, key);
    const ynode *n = ytree_get(map, key);
    if (!n)
        return NULL;
    if (n->type != YN_SEQ) {
        if (n->str || n->type != YN_SCALAR)
            schema_error(c, n, "'%s' must be a list (%s), with one '- ' line per item, not %s",
                         s->key, s->help, ytree_type_name(n));
        return NULL;
    }
    if (n->n < s->min || n->n > s->max) {
        schema_error(c, n, "'%s' has %zu items; it must have %g to %g (%s)", s->key, n->n,
                     s->min, s->max, s->help);
        /* too few: still read what is there; too many: read none */
        return n->n && n->n < s->min ? n : NULL;
    }
    return n;
}
