/* talkwords.h: the words of ordinary talk, for the recogniser's "not a
 * command" path (docs/recognition.md). */
#ifndef COACH_TALKWORDS_H
#define COACH_TALKWORDS_H

#include <stddef.h>

extern const char *const asr_talk_words[];
extern const size_t asr_talk_words_n;

#endif
