/* test_ytree.c: the bounded YAML reader: structure, positions, and every
 * kind of hostile input it must refuse with a line and column. */
#include <stdlib.h>

#include "check.h"
#include "routine/ytree.h"

/* Parses text; returns the error and copies the first message and its
 * position out. */
static coach_err parse(const char *text, size_t len, int *line, int *col, char *msg,
                       size_t msize, ynode **root, arena *a)
{
    coach_diags *d = coach_diags_create();
    coach_err err = ytree_parse("t.yaml", text, len, a, root, d);
    const coach_diag *g = coach_diags_get(d, 0);
    *line = g ? g->line : -1;
    *col = g ? g->column : -1;
    snprintf(msg, msize, "%s", g ? g->message : "");
    coach_diags_destroy(d);
    return err;
}

/* Expects text to be refused with a message containing want at line:col. */
static void refused(const char *text, size_t len, int want_line, int want_col, const char *want)
{
    arena *a = arena_create();
    int line, col;
    char msg[1024];
    ynode *root;
    coach_err err = parse(text, len, &line, &col, msg, sizeof msg, &root, a);
    CHECK_INT(err, COACH_ERR_DATA);
    CHECK_INT(line, want_line);
    CHECK_INT(col, want_col);
    CHECK_CONTAINS(msg, want);
    arena_destroy(a);
}

int main(void)
{
    arena *a = arena_create();
    int line, col;
    char msg[1024];
    ynode *root;

    /* structure and positions */
    const char *ok = "id: x\nsteps:\n  - rest: 30\n  - say: \"hi\"\n";
    CHECK_INT(parse(ok, strlen(ok), &line, &col, msg, sizeof msg, &root, a), COACH_OK);
    CHECK(root && root->type == YN_MAP);
    CHECK_INT(root->n, 2);
    const ynode *steps = ytree_get(root, "steps");
    CHECK(steps && steps->type == YN_SEQ && steps->n == 2);
    const ynode *rest = ytree_get(steps->items[0], "rest");
    CHECK(rest && rest->plain);
    CHECK_STR(rest->str, "30");
    CHECK_INT(rest->line, 3);
    CHECK_INT(rest->column, 11);
    const ynode *say = ytree_get(steps->items[1], "say");
    CHECK(say && !say->plain);
    CHECK(ytree_get(root, "missing") == NULL);

    /* an empty document is not an error: the caller says what is missing */
    CHECK_INT(parse("", 0, &line, &col, msg, sizeof msg, &root, a), COACH_OK);
    CHECK(root == NULL);
    CHECK_INT(parse("# just a comment\n", 17, &line, &col, msg, sizeof msg, &root, a), COACH_OK);
    arena_destroy(a);

    /* hostile and broken input */
    refused("a: &x 1\nb: *x\n", 14, 1, 4, "anchors");
    refused("a: 1\nb: *x\n", 11, 2, 4, "aliases");
    refused("a: !!python/object 1\n", 21, 1, 4, "tags");
    refused("a: 1\n---\nb: 2\n", 14, 2, 1, "second YAML document");
    refused("a:\n\t- 1\n", 8, 2, 1, "tab");
    refused("a: [1, 2\n", 9, 2, 1, "not valid YAML");
    refused("id: caf\xc3\n", 9, 1, 8, "not valid UTF-8");
    refused("x: \"a\\0b\"\n", 10, 1, 4, "NUL");
    {
        /* nesting deeper than 64 levels */
        char deep[400];
        size_t n = 0;
        for (int i = 0; i < 100; i++)
            deep[n++] = '[';
        for (int i = 0; i < 100; i++)
            deep[n++] = ']';
        deep[n] = '\0';
        refused(deep, n, 1, 65, "nesting deeper than 64");
    }
    {
        /* a value over 4 KiB */
        size_t n = 5000;
        char *big = malloc(n + 8);
        memcpy(big, "a: ", 3);
        memset(big + 3, 'x', n);
        big[n + 3] = '\n';
        refused(big, n + 4, 1, 4, "at most 4096 bytes");
        free(big);
    }
    {
        /* a file over 1 MiB */
        size_t n = 1024 * 1024 + 10;
        char *huge = malloc(n);
        memset(huge, '#', n);
        refused(huge, n, 0, 0, "at most 1048576 bytes");
        free(huge);
    }
    {
        /* a billion-laughs style alias bomb is refused at the first anchor */
        const char *bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n"
                           "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n";
        refused(bomb, strlen(bomb), 1, 4, "anchors");
    }
    /* a byte order mark is skipped, and positions are not shifted by it */
    {
        arena *b = arena_create();
        const char *bom = "\xEF\xBB\xBFid: r\nsteps: []\n";
        CHECK_INT(parse(bom, strlen(bom), &line, &col, msg, sizeof msg, &root, b), COACH_OK);
        CHECK(ytree_get(root, "id") && ytree_get(root, "id")->column == 5);
        arena_destroy(b);
    }
    /* hints after non-ASCII text: libyaml counts characters, not bytes */
    refused("title: \xC3\xA9\xC3\xA9\xC3\xA9\xC3\xA9\na:\n\t- 1\n", 23, 3, 1, "tab");
    refused("title: \"\xC3\xA9\xC3\xA9", 12, 1, 11, "cut short");
    refused("a: ! 123\n", 9, 1, 4, "tags");
    {
        /* truncated in the middle of a quoted value */
        const char *cut = "title: \"Day one";
        refused(cut, strlen(cut), 1, 16, "not valid YAML");
    }
    CHECK_DONE();
}
