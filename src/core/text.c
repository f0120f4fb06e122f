/* text.c: UTF-8 validation, positions, edit distance, word counts. */
#include "text.h"

#include <stdio.h>
#include <string.h>

size_t text_utf8_invalid_at(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t len;
        unsigned min;
        if (c < 0x80) {
            i++;
            continue;
        } else if ((c & 0xE0) == 0xC0) {
            len = 2, min = 0x80, c &= 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3, min = 0x800, c &= 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4, min = 0x10000, c &= 0x07;
        } else {
            return i;
        }
        if (n - i < len)
            return i;
        for (size_t k = 1; k < len; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            c = (c << 6) | (s[i + k] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
            return i;
        i += len;
    }
    return n;
}

void text_line_col(const char *s, size_t off, int *line, int *column)
{
    int l = 1, c = 1;
    for (size_t i = 0; i < off; i++) {
        unsigned char ch = (unsigned char)s[i];
        /* line breaks as YAML counts them: \n, \r\n and a lone \r */
        if (ch == '\n' || (ch == '\r' && s[i + 1] != '\n')) {
            l++;
            c = 1;
        } else if (ch == '\r') {
            continue;
        } else if ((ch & 0xC0) != 0x80) { /* count characters, not bytes */
            c++;
        }
    }
    *line = l;
    *column = c;
}

size_t text_edit_distance(const char *a, const char *b, size_t limit)
{
    /* optimal string alignment: insertions, deletions, substitutions and
     * swaps of two neighbours each cost one, the usual typos */
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t prev2[65], prev[65], row[65];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t best = i;
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            row[j] = v;
            if (v < best)
                best = v;
        }
        if (best > limit)
            return limit + 1;
        memcpy(prev2, prev, sizeof prev);
        memcpy(prev, row, sizeof row);
    }
    return prev[lb];
}

const char *text_closest(const char *word, text_name_at get, const void *ctx, size_t n)
{
    size_t len = strlen(word);
    size_t limit = len <= 3 ? 1 : (len <= 6 ? 2 : 3);
    const char *best = NULL;
    size_t best_d = limit + 1;
    for (size_t i = 0; i < n; i++) {
        const char *cand = get(ctx, i);
        if (!cand)
            continue;
        size_t d = text_edit_distance(word, cand, limit);
        if (d < best_d) {
            best_d = d;
            best = cand;
        }
    }
    return best;
}

static const char *array_name_at(const void *ctx, size_t i)
{
    return ((const char *const *)ctx)[i];
}

const char *text_did_you_mean(const char *word, const char *const *candidates)
{
    size_t n = 0;
    while (candidates[n])
        n++;
    return text_closest(word, array_name_at, candidates, n);
}

void text_cycle_path(char *buf, size_t size, const char *const *path, int depth)
{
    int from = depth;
    for (int i = 0; i < depth; i++)
        if (strcmp(path[i], path[depth]) == 0) {
            from = i;
            break;
        }
    size_t used = 0;
    buf[0] = '\0';
    for (int i = from; i <= depth && used + 1 < size; i++)
        used += (size_t)snprintf(buf + used, size - used, "%s%s", i > from ? " -> " : "", path[i]);
}

size_t text_word_count(const char *s)
{
    size_t n = 0;
    int in_word = 0;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        int w = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
                (c >= 'A' && c <= 'Z') || c >= 0x80;
        if (w && !in_word)
            n++;
        in_word = w;
    }
    return n;
}

bool text_is_id(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 64 || !(s[0] >= 'a' && s[0] <= 'z'))
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

bool text_unsafe_code_point(unsigned v)
{
    return (v < 0x20 && v != '\t' && v != '\n') || (v >= 0x7f && v <= 0x9f) ||
           (v >= 0x202a && v <= 0x202e) || (v >= 0x2066 && v <= 0x2069);
}

size_t text_unsafe_at(const char *s, size_t n, unsigned *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < n;) {
        unsigned v = u[i];
        size_t len = v >= 0xf0 ? 4 : v >= 0xe0 ? 3 : v >= 0xc0 ? 2 : 1;
        if (len > 1)
            v &= 0x3f >> (len - 1);
        for (size_t k = 1; k < len && i + k < n; k++)
            v = (v << 6) | (u[i + k] & 0x3f);
        if (text_unsafe_code_point(v)) {
            if (cp)
                *cp = v;
            return i;
        }
        i += len;
    }
    return n;
}
