/* text.h: small text helpers shared by the loaders and the CLI. */
#ifndef COACH_TEXT_H
#define COACH_TEXT_H

#include <stdbool.h>
#include <stddef.h>

/* True for the code points no text may carry to a terminal, a page or a
 * speech engine: C0 controls but tab and newline, DEL, C1 controls, and
 * the bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069),
 * which reorder what is shown. */
bool text_unsafe_code_point(unsigned cp);
/* The byte offset of the first code point of the valid UTF-8 s[0..n) that
 * text_unsafe_code_point refuses (*cp set to it), or n when there is none. */
size_t text_unsafe_at(const char *s, size_t n, unsigned *cp);

/* Returns the byte offset of the first invalid UTF-8 sequence in s[0..n), or
 * n when all of it is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
size_t text_utf8_invalid_at(const char *s, size_t n);

/* Computes the 1-based line and column (in characters) of byte offset off,
 * counting line breaks as YAML does: \n, \r\n and a lone \r. */
void text_line_col(const char *s, size_t off, int *line, int *column);

/* Levenshtein distance between a and b, giving up (returning limit + 1) once
 * it must exceed limit. */
size_t text_edit_distance(const char *a, const char *b, size_t limit);

/* Returns the candidate closest to word when it is close enough to be a
 * likely typo, else NULL. candidates ends with NULL. */
const char *text_did_you_mean(const char *word, const char *const *candidates);

/* The i-th of n names held somewhere (an exercise's id, a routine's id). */
typedef const char *(*text_name_at)(const void *ctx, size_t i);

/* As text_did_you_mean, over n names read through get (NULL names skipped). */
const char *text_closest(const char *word, text_name_at get, const void *ctx, size_t n);

/* Writes "a -> b -> a": path[from..depth] joined, for messages about loops;
 * from is the first index whose name equals path[depth]. */
void text_cycle_path(char *buf, size_t size, const char *const *path, int depth);

/* Counts the words in s (runs of letters or digits). */
size_t text_word_count(const char *s);

/* True when s is an id: 1-64 chars of [a-z0-9-], starting with a letter. */
bool text_is_id(const char *s);

#endif
