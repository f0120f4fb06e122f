/* ytree.c: libyaml's event API turned into a bounded tree. */
#include "ytree.h"

#include <string.h>
#include <yaml.h>

#include "../core/text.h"

typedef struct {
    ynode *node;
    size_t cap;
    ynode *pending_key; /* mapping: a key waiting for its value */
} frame;

typedef struct {
    const char *name;
    const char *data;
    size_t len;
    arena *a;
    coach_diags *diags;
    int errors;
} ctx;

static void report(ctx *c, int line, int column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static void report(ctx *c, int line, int column, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    coach_diags_addv(c->diags, c->name, line, column, fmt, ap);
    va_end(ap);
    c->errors++;
}

/* libyaml marks count characters per line from 0, which is what we show. */
static ynode *node_new(ctx *c, ynode_type t, const yaml_mark_t *m)
{
    ynode *n = arena_alloc(c->a, sizeof *n);
    if (!n)
        return NULL;
    n->type = t;
    n->line = (int)m->line + 1;
    n->column = (int)m->column + 1;
    return n;
}

/* Appends child (and key, for mappings) to a collection. */
static bool frame_push(ctx *c, frame *f, ynode *key, ynode *child)
{
    ynode *p = f->node;
    if (p->n == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 8;
        ynode **items = arena_alloc(c->a, cap * sizeof *items);
        ynode **keys = p->type == YN_MAP ? arena_alloc(c->a, cap * sizeof *keys) : NULL;
        if (!items || (p->type == YN_MAP && !keys))
            return false;
        if (p->n) {
            memcpy(items, p->items, p->n * sizeof *items);
            if (keys)
                memcpy(keys, p->keys, p->n * sizeof *keys);
        }
        p->items = items;
        p->keys = keys;
        f->cap = cap;
    }
    if (p->type == YN_MAP)
        p->keys[p->n] = key;
    p->items[p->n++] = child;
    return true;
}

/* Attaches a finished node to its parent; returns false on out-of-memory. */
static bool attach(ctx *c, frame *stack, int depth, ynode *n, ynode **root)
{
    if (depth == 0) {
        *root = n;
        return true;
    }
    frame *f = &stack[depth - 1];
    if (f->node->type == YN_SEQ)
        return frame_push(c, f, NULL, n);
    if (!f->pending_key) {
        f->pending_key = n;
        if (n->type != YN_SCALAR)
            report(c, n->line, n->column,
                   "a key must be a plain word, not %s", ytree_type_name(n));
        return true;
    }
    ynode *key = f->pending_key;
    f->pending_key = NULL;
    return frame_push(c, f, key, n);
}

/* Checks the properties every node event may carry. */
static void check_props(ctx *c, const yaml_mark_t *m, const yaml_char_t *anchor,
                        const yaml_char_t *tag, int implicit)
{
    if (anchor)
        report(c, (int)m->line + 1, (int)m->column + 1,
               "anchors ('&%.40s') are not allowed in coach files; write the value out in full",
               (const char *)anchor);
    (void)implicit; /* even the non-specific '!' tag is refused */
    if (tag)
        report(c, (int)m->line + 1, (int)m->column + 1,
               "tags ('%.60s') are not allowed in coach files; remove it", (const char *)tag);
}

/* The byte offset of a libyaml mark (its index counts characters). */
static size_t mark_offset(const ctx *c, const yaml_mark_t *m)
{
    size_t off = 0, line = 0;
    while (off < c->len && line < m->line)
        if (c->data[off++] == '\n')
            line++;
    for (size_t col = 0; off < c->len && col < m->column && c->data[off] != '\n'; col++) {
        off++;
        while (off < c->len && ((unsigned char)c->data[off] & 0xC0) == 0x80)
            off++;
    }
    return off;
}

/* Turns libyaml's parser error into a sentence with a position. */
static void report_parser_error(ctx *c, const yaml_parser_t *p)
{
    const yaml_mark_t *m = &p->problem_mark;
    int line = (int)m->line + 1, col = (int)m->column + 1;
    size_t off = mark_offset(c, m);
    if (p->error == YAML_MEMORY_ERROR) {
        report(c, 0, 0, "out of memory while reading the file");
        return;
    }
    if (off < c->len && c->data[off] == '\t') {
        report(c, line, col, "a tab character here; YAML indentation must use spaces");
        return;
    }
    /* a tab earlier on the same line is the usual cause of odd errors */
    size_t ls = off < c->len ? off : c->len;
    while (ls > 0 && c->data[ls - 1] != '\n')
        ls--;
    for (size_t i = ls; i < c->len && c->data[i] != '\n'; i++) {
        if (c->data[i] == '\t') {
            int tl, tc;
            text_line_col(c->data, i, &tl, &tc);
            report(c, tl, tc, "a tab character here; YAML indentation must use spaces");
            return;
        }
        if (c->data[i] != ' ')
            break;
    }
    const char *problem = p->problem ? p->problem : "unreadable YAML";
    bool at_end = off >= c->len && c->len > 0;
    if (p->context)
        report(c, line, col, "this is not valid YAML: %s %s that starts at line %d%s", problem,
               p->context, (int)p->context_mark.line + 1, at_end ? "; is the file cut short?" : "");
    else
        report(c, line, col, "this is not valid YAML: %s%s", problem,
               at_end ? "; is the file cut short?" : "");
}

/* Refuses a file too big, not UTF-8, or holding a NUL byte; true when the
 * text may go to libyaml. */
static bool plain_text(ctx *c)
{
    if (c->len > YTREE_MAX_FILE) {
        report(c, 0, 0, "the file is %zu bytes; coach files may be at most %d bytes (1 MiB)",
               c->len, YTREE_MAX_FILE);
        return false;
    }
    size_t bad = text_utf8_invalid_at(c->data, c->len);
    if (bad < c->len) {
        int line, col;
        text_line_col(c->data, bad, &line, &col);
        report(c, line, col,
               "this byte (0x%02X) is not valid UTF-8; save the file as UTF-8 text",
               (unsigned char)c->data[bad]);
        return false;
    }
    for (size_t i = 0; i < c->len; i++) {
        if (c->data[i] == '\0') {
            int line, col;
            text_line_col(c->data, i, &line, &col);
            report(c, line, col, "a NUL byte; coach files must be plain text");
            return false;
        }
    }
    return true;
}

/* The tree being built from libyaml's events: the collections still open
 * (innermost last) and the finished root. */
typedef struct tree {
    ctx *c;
    frame stack[YTREE_MAX_DEPTH];
    int depth;
    int documents;
    ynode *root;
} tree;

/* A document start: refuses a second document. */
static coach_err on_document(tree *t, const yaml_mark_t *m)
{
    if (++t->documents > 1) {
        report(t->c, (int)m->line + 1, (int)m->column + 1,
               "a second YAML document ('---'); a coach file holds exactly one");
        return COACH_ERR_DATA;
    }
    return COACH_OK;
}

/* An alias: refused, and kept as a placeholder scalar whose str is NULL. */
static coach_err on_alias(tree *t, const yaml_event_t *ev)
{
    const yaml_mark_t *m = &ev->start_mark;
    report(t->c, (int)m->line + 1, (int)m->column + 1,
           "aliases ('*%.40s') are not allowed in coach files; write the value out in full",
           (const char *)ev->data.alias.anchor);
    ynode *n = node_new(t->c, YN_SCALAR, m); /* a placeholder, str NULL */
    if (!n || !attach(t->c, t->stack, t->depth, n, &t->root))
        return COACH_ERR_NOMEM;
    return COACH_OK;
}

/* A scalar: attached with its text, or with str NULL when the text is
 * refused (too long, or holding a NUL). */
static coach_err on_scalar(tree *t, const yaml_event_t *ev)
{
    ctx *c = t->c;
    const yaml_mark_t *m = &ev->start_mark;
    check_props(c, m, ev->data.scalar.anchor, ev->data.scalar.tag,
                ev->data.scalar.plain_implicit || ev->data.scalar.quoted_implicit);
    ynode *n = node_new(c, YN_SCALAR, m);
    if (!n)
        return COACH_ERR_NOMEM;
    if (ev->data.scalar.length > YTREE_MAX_SCALAR) {
        report(c, n->line, n->column,
               "this value is %zu bytes long; values may be at most %d bytes",
               ev->data.scalar.length, YTREE_MAX_SCALAR);
    } else {
        n->str = arena_strndup(c->a, (const char *)ev->data.scalar.value,
                               ev->data.scalar.length);
        if (!n->str)
            return COACH_ERR_NOMEM;
        n->len = ev->data.scalar.length;
        /* a NUL inside a value (YAML's "\0" escape) would cut it short;
         * a control or a bidi override (raw, or a YAML escape) would reach
         * the terminal, the page or the voice */
        unsigned cp = 0;
        if (strlen(n->str) != n->len) {
            report(c, n->line, n->column, "this value contains a NUL character");
            n->str = NULL;
        } else if (text_unsafe_at(n->str, n->len, &cp) < n->len) {
            report(c, n->line, n->column,
                   "this value contains the invisible control character U+%04X; "
                   "coach files hold only text that can be shown and said",
                   cp);
            n->str = NULL;
        }
    }
    n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
    if (!attach(c, t->stack, t->depth, n, &t->root))
        return COACH_ERR_NOMEM;
    return COACH_OK;
}

/* The start of a sequence or mapping: opens it, unless nesting is too deep. */
static coach_err on_collection_start(tree *t, const yaml_event_t *ev)
{
    ctx *c = t->c;
    const yaml_mark_t *m = &ev->start_mark;
    bool seq = ev->type == YAML_SEQUENCE_START_EVENT;
    if (seq)
        check_props(c, m, ev->data.sequence_start.anchor,
                    ev->data.sequence_start.tag, ev->data.sequence_start.implicit);
    else
        check_props(c, m, ev->data.mapping_start.anchor,
                    ev->data.mapping_start.tag, ev->data.mapping_start.implicit);
    if (t->depth >= YTREE_MAX_DEPTH) {
        report(c, (int)m->line + 1, (int)m->column + 1,
               "nesting deeper than %d levels; coach files are never this deep",
               YTREE_MAX_DEPTH);
        return COACH_ERR_DATA;
    }
    ynode *n = node_new(c, seq ? YN_SEQ : YN_MAP, m);
    if (!n)
        return COACH_ERR_NOMEM;
    t->stack[t->depth].node = n;
    t->stack[t->depth].cap = 0;
    t->stack[t->depth].pending_key = NULL;
    t->depth++;
    return COACH_OK;
}

/* The end of a sequence or mapping: closes it into its parent. */
static coach_err on_collection_end(tree *t)
{
    t->depth--;
    if (!attach(t->c, t->stack, t->depth, t->stack[t->depth].node, &t->root))
        return COACH_ERR_NOMEM;
    return COACH_OK;
}

/* Adds one event to the tree; an error stops the parse. */
static coach_err on_event(tree *t, const yaml_event_t *ev)
{
    switch (ev->type) {
    case YAML_DOCUMENT_START_EVENT:
        return on_document(t, &ev->start_mark);
    case YAML_ALIAS_EVENT:
        return on_alias(t, ev);
    case YAML_SCALAR_EVENT:
        return on_scalar(t, ev);
    case YAML_SEQUENCE_START_EVENT:
    case YAML_MAPPING_START_EVENT:
        return on_collection_start(t, ev);
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT:
        return on_collection_end(t);
    default:
        return COACH_OK;
    }
}

/* Feeds libyaml's events into the tree until the stream ends or a problem
 * stops it; a libyaml error is reported as a sentence. */
static coach_err build_tree(tree *t, yaml_parser_t *parser)
{
    for (;;) {
        yaml_event_t ev;
        if (!yaml_parser_parse(parser, &ev)) {
            report_parser_error(t->c, parser);
            return parser->error == YAML_MEMORY_ERROR ? COACH_ERR_NOMEM : COACH_ERR_DATA;
        }
        bool end = ev.type == YAML_STREAM_END_EVENT;
        coach_err err = on_event(t, &ev);
        yaml_event_delete(&ev);
        if (err || end)
            return err;
    }
}

coach_err ytree_parse(const char *name, const char *data, size_t len, arena *a,
                      ynode **out, coach_diags *diags)
{
    *out = NULL;
    /* a UTF-8 byte order mark (Windows editors write one) is not content */
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
        data += 3;
        len -= 3;
    }
    ctx c = {name, data, len, a, diags, 0};
    if (!plain_text(&c))
        return COACH_ERR_DATA;

    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        return COACH_ERR_NOMEM;
    yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);

    tree t;
    t.c = &c;
    t.depth = 0;
    t.documents = 0;
    t.root = NULL;
    coach_err err = build_tree(&t, &parser);
    yaml_parser_delete(&parser);

    if (err == COACH_OK && c.errors)
        err = COACH_ERR_DATA;
    if (err == COACH_ERR_NOMEM) {
        coach_diags_add(diags, name, 0, 0, "out of memory while reading the file");
        return err;
    }
    *out = t.depth == 0 ? t.root : NULL;
    return err;
}

const ynode *ytree_get(const ynode *m, const char *key)
{
    if (!m || m->type != YN_MAP)
        return NULL;
    for (size_t i = 0; i < m->n; i++)
        if (m->keys[i]->str && strcmp(m->keys[i]->str, key) == 0)
            return m->items[i];
    return NULL;
}

const char *ytree_type_name(const ynode *n)
{
    if (!n)
        return "nothing";
    switch (n->type) {
    case YN_SEQ:
        return "a list";
    case YN_MAP:
        return "a mapping (keys with values)";
    default:
        break;
    }
    if (!n->str)
        return "a refused value";
    if (n->plain && (n->len == 0 || strcmp(n->str, "~") == 0 || strcmp(n->str, "null") == 0))
        return "an empty value";
    return "a value";
}
