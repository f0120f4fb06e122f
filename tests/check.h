/* check.h: a tiny assertion header for coach's tests. Each failed check
 * prints file:line and the expression, and the test exits non-zero at the
 * end (CHECK_DONE) so every failure of a run is reported. */
#ifndef COACH_CHECK_H
#define COACH_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                                \
    do {                                                                           \
        check_count++;                                                             \
        if (!(cond)) {                                                             \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
            check_failures++;                                                      \
        }                                                                          \
    } while (0)

#define CHECK_INT(a, b)                                                            \
    do {                                                                           \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);            \
        check_count++;                                                             \
        if (check_a_ != check_b_) {                                                \
            fprintf(stderr, "%s:%d: check failed: %s == %s (%lld != %lld)\n",      \
                    __FILE__, __LINE__, #a, #b, check_a_, check_b_);               \
            check_failures++;                                                      \
        }                                                                          \
    } while (0)

#define CHECK_STR(a, b)                                                            \
    do {                                                                           \
        const char *check_a_ = (a), *check_b_ = (b);                               \
        check_count++;                                                             \
        if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_) != 0) {           \
            fprintf(stderr, "%s:%d: check failed: %s == %s (\"%s\" != \"%s\")\n",  \
                    __FILE__, __LINE__, #a, #b, check_a_ ? check_a_ : "(null)",    \
                    check_b_ ? check_b_ : "(null)");                               \
            check_failures++;                                                      \
        }                                                                          \
    } while (0)

/* Checks that haystack contains needle. */
#define CHECK_CONTAINS(haystack, needle)                                           \
    do {                                                                           \
        const char *check_h_ = (haystack), *check_n_ = (needle);                   \
        check_count++;                                                             \
        if (!check_h_ || !strstr(check_h_, check_n_)) {                            \
            fprintf(stderr, "%s:%d: check failed: \"%s\" contains \"%s\"\n",       \
                    __FILE__, __LINE__, check_h_ ? check_h_ : "(null)", check_n_);  \
            check_failures++;                                                      \
        }                                                                          \
    } while (0)

#define CHECK_DONE()                                                               \
    do {                                                                           \
        printf("%d checks, %d failed\n", check_count, check_failures);             \
        return check_failures ? 1 : 0;                                             \
    } while (0)

#endif
