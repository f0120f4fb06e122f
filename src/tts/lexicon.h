/* lexicon.h: pronunciation overrides (issue 15). eSpeak NG reads some
 * words the wrong way for a coach: "close" meaning shut ("close the door",
 * the tempo word "close") comes out as "close by". The lexicon rewrites
 * such words, in a copy of the text handed to eSpeak NG, as a spelling it
 * reads right; what the coach says (the timeline, the transcript, the
 * cache of sentences) keeps the words as written. */
#ifndef COACH_LEXICON_H
#define COACH_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

/* One override: word (matched whole, any case) is said as say, except when
 * the next word is unless_next (NULL: always). */
typedef struct lexicon_entry {
    const char *word;
    const char *unless_next;
    const char *say;
    const char *phonemes; /* what eSpeak NG must read (its phoneme mnemonics), for the tests */
} lexicon_entry;

/* The table, and its length. */
const lexicon_entry *lexicon_entries(size_t *n);
/* Writes text with every override applied into out (size bytes, always
 * terminated); true when anything changed. A text too long for out is
 * copied unchanged as far as it fits and false is returned. */
bool lexicon_apply(const char *text, char *out, size_t size);

#endif
