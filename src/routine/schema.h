/* schema.h: declarative key tables and typed readers for coach's YAML files.
 *
 * Each kind of mapping (an exercise, a routine, a step...) has a table of the
 * keys it accepts, with type, bounds and a few words of help. The readers
 * check a value against its row and report problems in plain words at the
 * value's line and column; the key check reports unknown keys (with a
 * did-you-mean), duplicate keys and missing required keys. */
#ifndef COACH_SCHEMA_H
#define COACH_SCHEMA_H

#include <stdbool.h>

#include "coach/diag.h"
#include "ytree.h"

typedef enum {
    KT_ID,    /* an id: [a-z][a-z0-9-]{0,63} */
    KT_TEXT,  /* spoken text, min..max characters */
    KT_INT,   /* a whole number, min..max */
    KT_NUM,   /* a number, min..max */
    KT_BOOL,
    KT_ENUM,  /* one of choices */
    KT_LIST,  /* a sequence, min..max items */
    KT_MAP,   /* a mapping */
    KT_ANY,   /* checked by the caller */
} keytype;

typedef struct keyspec {
    const char *key;
    keytype type;
    double min, max;
    bool required;
    const char *help;            /* what the value means, e.g. "reps per set" */
    const char *const *choices;  /* KT_ENUM: NULL-terminated */
} keyspec;

typedef struct schema_ctx {
    const char *file;
    coach_diags *diags;
    arena *a;
    int errors;
    int suggestions;  /* did-you-mean searches made; see schema_may_suggest */
} schema_ctx;

/* Each did-you-mean search over ids costs up to 64x64 steps per candidate;
 * a file gets this many, so that no file can make checking quadratic. */
enum { SCHEMA_MAX_SUGGESTIONS = 20 };

/* True (and counts one) while c may still search for a suggestion. */
bool schema_may_suggest(schema_ctx *c);

/* Reports a problem at node n (or at line 0 when n is NULL). */
void schema_error(schema_ctx *c, const ynode *n, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* True when n is a mapping; otherwise reports "WHAT must be a mapping". */
bool schema_expect_map(schema_ctx *c, const ynode *n, const char *what);

/* Checks map's keys against table (NULL-key terminated): unknown keys with a
 * did-you-mean, duplicate keys, and missing required keys; `what` names the
 * mapping in messages ("exercise 'dead-bug'"). extra, if not NULL, lists
 * further accepted keys that the caller reads itself. */
void schema_check_keys(schema_ctx *c, const ynode *map, const keyspec *table,
                       const char *const *extra, const char *what);

/* Finds the row for key in table; NULL when absent. */
const keyspec *schema_spec(const keyspec *table, const char *key);

/* Typed readers. Each returns 1 when the key is present and valid (and sets
 * *out), 0 when absent, -1 when present but invalid (already reported). */
int schema_int(schema_ctx *c, const ynode *map, const keyspec *table, const char *key, int *out);
int schema_num(schema_ctx *c, const ynode *map, const keyspec *table, const char *key, double *out);
int schema_bool(schema_ctx *c, const ynode *map, const keyspec *table, const char *key, bool *out);
int schema_text(schema_ctx *c, const ynode *map, const keyspec *table, const char *key, const char **out);
int schema_id(schema_ctx *c, const ynode *map, const keyspec *table, const char *key, const char **out);
/* Returns the index of the choice, 0 when absent (and leaves *out), -1 when invalid. */
int schema_enum(schema_ctx *c, const ynode *map, const keyspec *table, const char *key, int *out);
/* Returns the list node when present and a list with min..max items. */
const ynode *schema_list(schema_ctx *c, const ynode *map, const keyspec *table, const char *key);

/* Checks a single node (not a key of a mapping) against spec; same results. */
int schema_node_int(schema_ctx *c, const ynode *n, const keyspec *spec, int *out);
int schema_node_num(schema_ctx *c, const ynode *n, const keyspec *spec, double *out);
int schema_node_text(schema_ctx *c, const ynode *n, const keyspec *spec, const char **out);
int schema_node_id(schema_ctx *c, const ynode *n, const keyspec *spec, const char **out);

#endif
