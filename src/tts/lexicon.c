/* lexicon.c: pronunciation overrides (lexicon.h). */
#include "lexicon.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* "close" meaning shut: the tempo word alone, "close the door", "Close the
 * knee slowly"; but "close to your mat" (near) stays as it is. eSpeak NG
 * reads "cloze" as kl'oUz. */
static const lexicon_entry table[] = {
    {"close", "to", "cloze", "kl'oUz"},
};

const lexicon_entry *lexicon_entries(size_t *n)
{
    *n = sizeof table / sizeof table[0];
    return table;
}

/* True when text[i..i+n) is a whole word: no letter on either side. */
static bool whole_word(const char *text, size_t i, size_t n)
{
    return (i == 0 || !isalpha((unsigned char)text[i - 1])) && !isalpha((unsigned char)text[i + n]);
}

/* True when the word after position p (skipping spaces) is word. */
static bool next_word_is(const char *p, const char *word)
{
    while (*p == ' ')
        p++;
    size_t n = strlen(word);
    return strncasecmp(p, word, n) == 0 && !isalpha((unsigned char)p[n]);
}

/* The entry whose word starts text at i, whole and not excepted; NULL when
 * none. */
static const lexicon_entry *match(const char *text, size_t i)
{
    for (size_t k = 0; k < sizeof table / sizeof table[0]; k++) {
        const lexicon_entry *e = &table[k];
        size_t n = strlen(e->word);
        if (strncasecmp(text + i, e->word, n) != 0 || !whole_word(text, i, n))
            continue;
        if (e->unless_next && next_word_is(text + i + n, e->unless_next))
            continue;
        return e;
    }
    return NULL;
}

bool lexicon_apply(const char *text, char *out, size_t size)
{
    size_t o = 0;
    bool changed = false;
    for (size_t i = 0; text[i];) {
        const lexicon_entry *e = match(text, i);
        const char *src = e ? e->say : text + i;
        size_t n = e ? strlen(e->say) : 1;
        if (o + n + 1 > size) {
            snprintf(out, size, "%s", text);
            return false;
        }
        memcpy(out + o, src, n);
        if (e && isupper((unsigned char)text[i]))
            out[o] = (char)toupper((unsigned char)out[o]);
        o += n;
        i += e ? strlen(e->word) : 1;
        changed = changed || e;
    }
    out[o] = '\0';
    return changed;
}
