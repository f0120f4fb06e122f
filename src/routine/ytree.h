/* ytree.h: a bounded YAML reader. It turns one YAML document into a small
 * tree of scalars, sequences and mappings that remember their line and
 * column, and refuses what a routine file never needs: anchors, aliases,
 * tags, several documents, nesting over YTREE_MAX_DEPTH, files over
 * YTREE_MAX_FILE bytes, scalars over YTREE_MAX_SCALAR bytes, invalid UTF-8. */
#ifndef COACH_YTREE_H
#define COACH_YTREE_H

#include <stdbool.h>
#include <stddef.h>

#include "coach/diag.h"
#include "../core/arena.h"

enum {
    YTREE_MAX_FILE = 1024 * 1024,
    YTREE_MAX_SCALAR = 4096,
    YTREE_MAX_DEPTH = 64,
};

typedef enum { YN_SCALAR, YN_SEQ, YN_MAP } ynode_type;

typedef struct ynode ynode;
struct ynode {
    ynode_type type;
    int line, column;  /* 1-based */
    /* scalar */
    const char *str;   /* NUL-terminated; NULL when refused */
    size_t len;
    bool plain;        /* unquoted: may be a number, boolean or null */
    /* sequence items, or mapping keys[i] -> items[i] */
    ynode **items;
    ynode **keys;
    size_t n;
};

/* Parses data[0..len) as one YAML document into a tree allocated from a.
 * Problems go to diags with the file name `name`. Returns COACH_OK with *out
 * set (NULL for an empty document), or COACH_ERR_DATA when the file cannot
 * be read as YAML within the limits; *out may still hold a partial tree that
 * later checks may use. COACH_ERR_NOMEM when allocation fails. */
coach_err ytree_parse(const char *name, const char *data, size_t len, arena *a,
                      ynode **out, coach_diags *diags);

/* Looks up key in a mapping; NULL when absent or m is not a mapping. */
const ynode *ytree_get(const ynode *m, const char *key);

/* A word naming a node's type for messages: "a number", "a list", ... */
const char *ytree_type_name(const ynode *n);

#endif
