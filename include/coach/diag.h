/* diag.h: error codes and user-facing diagnostics.
 *
 * Every fallible function in coach returns a coach_err (COACH_OK is 0) and,
 * when given a non-NULL coach_diags, appends one or more diagnostics: a file,
 * a 1-based line and column (0 when unknown) and a sentence a person can act
 * on. Only main() turns an error into an exit code (coach_err_exit_code). */
#ifndef COACH_DIAG_H
#define COACH_DIAG_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

typedef enum coach_err {
    COACH_OK = 0,
    COACH_ERR_NOMEM,       /* out of memory */
    COACH_ERR_USAGE,       /* the caller asked for something meaningless */
    COACH_ERR_DATA,        /* the input is malformed or invalid */
    COACH_ERR_NO_INPUT,    /* a file or folder does not exist or cannot be opened */
    COACH_ERR_IO,          /* reading or writing failed */
    COACH_ERR_UNAVAILABLE, /* a device or service is not there */
    COACH_ERR_INTERNAL     /* a bug in coach */
} coach_err;

/* Returns a short sentence describing err; never NULL. */
const char *coach_strerror(coach_err err);

/* Returns the sysexits(3) code for err (0 for COACH_OK). */
int coach_err_exit_code(coach_err err);

typedef struct coach_diag {
    const char *file; /* may be NULL */
    int line;         /* 1-based, 0 when unknown */
    int column;       /* 1-based, 0 when unknown */
    const char *message;
} coach_diag;

/* An append-only list of diagnostics. It keeps at most COACH_DIAGS_MAX of
 * them for each file (and COACH_DIAGS_TOTAL in all) and counts the rest, so
 * hostile input cannot make it grow without bound, while every file with
 * problems keeps at least its first ones. */
typedef struct coach_diags coach_diags;

enum { COACH_DIAGS_MAX = 200, COACH_DIAGS_TOTAL = 20000 };

/* Creates an empty list; NULL when out of memory. */
coach_diags *coach_diags_create(void);
/* Frees the list; accepts NULL. */
void coach_diags_destroy(coach_diags *d);
/* Appends a diagnostic; d may be NULL (then it does nothing). */
void coach_diags_add(coach_diags *d, const char *file, int line, int column,
                     const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
/* As coach_diags_add, with a va_list. */
void coach_diags_addv(coach_diags *d, const char *file, int line, int column,
                      const char *fmt, va_list ap);
/* Number of diagnostics added, including any beyond COACH_DIAGS_MAX. */
size_t coach_diags_count(const coach_diags *d);
/* The i-th stored diagnostic, or NULL. Pointers stay valid until destroy. */
const coach_diag *coach_diags_get(const coach_diags *d, size_t i);
/* Sorts the stored diagnostics by file, line and column (stable). */
void coach_diags_sort(coach_diags *d);
/* Prints "file:line:column: message" lines, then a note on any dropped. */
void coach_diags_print(const coach_diags *d, FILE *out);

#endif
