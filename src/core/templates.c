/* templates.c: the sentence table and its formatter. */
#include "templates.h"
#include "defaults.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const table[] = {
#define T(id, text) text,
#include "templates.def"
#undef T
};

const char *tmpl_text(tmpl_id id)
{
    return (unsigned)id < TMPL_COUNT ? table[id] : "";
}

void tmpl_number_words(char *buf, size_t size, int n)
{
    static const char *const ones[] = {"zero", "one", "two", "three", "four", "five", "six",
                                       "seven", "eight", "nine", "ten", "eleven", "twelve",
                                       "thirteen", "fourteen", "fifteen", "sixteen",
                                       "seventeen", "eighteen", "nineteen"};
    static const char *const tens[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty",
                                       "seventy", "eighty", "ninety"};
    if (n < 0 || n > 999999) {
        snprintf(buf, size, "%d", n);
        return;
    }
    if (n >= 1000) {
        char hi[64], lo[64] = "";
        tmpl_number_words(hi, sizeof hi, n / 1000);
        if (n % 1000)
            tmpl_number_words(lo, sizeof lo, n % 1000);
        snprintf(buf, size, "%s thousand%s%s", hi, n % 1000 ? " " : "", lo);
    } else if (n >= 100) {
        char lo[64] = "";
        if (n % 100)
            tmpl_number_words(lo, sizeof lo, n % 100);
        snprintf(buf, size, "%s hundred%s%s", ones[n / 100], n % 100 ? " and " : "", lo);
    } else if (n >= 20) {
        snprintf(buf, size, "%s%s%s", tens[n / 10], n % 10 ? "-" : "", n % 10 ? ones[n % 10] : "");
    } else {
        snprintf(buf, size, "%s", ones[n]);
    }
}

/* Appends s to buf at *used, never overflowing. */
static void put(char *buf, size_t size, size_t *used, const char *s, size_t n)
{
    if (*used + 1 >= size)
        return;
    size_t room = size - 1 - *used;
    if (n > room)
        n = room;
    memcpy(buf + *used, s, n);
    *used += n;
    buf[*used] = '\0';
}

void tmpl_format(char *buf, size_t size, tmpl_id id, const tmpl_args *a)
{
    static const tmpl_args none = {0};
    if (!a)
        a = &none;
    const char *p = tmpl_text(id);
    size_t used = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    while (*p) {
        if (*p != '{') {
            const char *q = strchr(p, '{');
            size_t n = q ? (size_t)(q - p) : strlen(p);
            put(buf, size, &used, p, n);
            p += n;
            continue;
        }
        const char *end = strchr(p, '}');
        if (!end) { /* a stray brace: copy it */
            put(buf, size, &used, p, 1);
            p++;
            continue;
        }
        char key[64];
        size_t klen = (size_t)(end - p - 1);
        if (klen >= sizeof key)
            klen = sizeof key - 1;
        memcpy(key, p + 1, klen);
        key[klen] = '\0';
        p = end + 1;
        char *bar = strchr(key, '|');
        const char *one = NULL, *many = NULL;
        if (bar) {
            *bar = '\0';
            one = bar + 1;
            char *bar2 = strchr(one, '|');
            if (bar2) {
                *bar2 = '\0';
                many = bar2 + 1;
            }
        }
        const char *val = NULL;
        char num[96];
        int number = -1;
        if (strcmp(key, "name") == 0) val = a->name;
        else if (strcmp(key, "title") == 0) val = a->title;
        else if (strcmp(key, "text") == 0) val = a->text;
        else if (strcmp(key, "answer") == 0) val = a->answer;
        else if (strcmp(key, "n") == 0) number = a->n;
        else if (strcmp(key, "m") == 0) number = a->m;
        if (number >= 0) {
            tmpl_number_words(num, sizeof num, number);
            val = num;
        }
        put(buf, size, &used, val ? val : "", val ? strlen(val) : 0);
        if (one && number >= 0) {
            const char *noun = number == 1 ? one : (many ? many : one);
            put(buf, size, &used, " ", 1);
            put(buf, size, &used, noun, strlen(noun));
        }
    }
    buf[0] = (char)toupper((unsigned char)buf[0]);
}

char *tmpl_strdup(tmpl_id id, const tmpl_args *a)
{
    char buf[COACH_SENTENCE_MAX];
    tmpl_format(buf, sizeof buf, id, a);
    char *p = strdup(buf);
    if (!p)
        abort();
    return p;
}
