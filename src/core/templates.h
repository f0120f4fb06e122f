/* templates.h: every sentence the coach speaks, in one table.
 *
 * A template is text with placeholders in braces:
 *   {name} {title} {text} {answer}     inserted as given
 *   {n} {m}                            a number in words ("twenty-one")
 *   {n|rep|reps}                       the number in words and the noun that
 *                                      agrees with it ("one rep", "six reps")
 * The first letter of the result is made upper case. docs/templates.md lists
 * them all; re-wording or translating the coach means editing this table. */
#ifndef COACH_TEMPLATES_H
#define COACH_TEMPLATES_H

#include <stddef.h>

typedef enum tmpl_id {
#define T(id, text) id,
#include "templates.def"
#undef T
    TMPL_COUNT
} tmpl_id;

typedef struct tmpl_args {
    const char *name;
    const char *title;
    const char *text;
    const char *answer;
    int n, m;
} tmpl_args;

/* Formats template id with args into buf (always NUL-terminated). */
void tmpl_format(char *buf, size_t size, tmpl_id id, const tmpl_args *args);
/* Formats template id with args into a new heap string (at most
 * COACH_SENTENCE_MAX bytes); aborts when out of memory, as the programs'
 * small plans do. */
char *tmpl_strdup(tmpl_id id, const tmpl_args *args);
/* The raw text of a template. */
const char *tmpl_text(tmpl_id id);
/* Writes n (0-999999) in words: 21 -> "twenty-one". */
void tmpl_number_words(char *buf, size_t size, int n);

#endif
