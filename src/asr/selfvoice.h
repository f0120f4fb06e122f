/* selfvoice.h: keeping the coach's own voice out of the recogniser. The
 * speaker and the microphone share a room, so whatever the coach plays
 * reaches the recogniser too. The control thread notes each sound as it is
 * scheduled; an utterance that overlaps one of them (widened by a margin
 * for the room's echo and the clocks' offset) is set aside. This is
 * half-duplex listening: the user is heard in the gaps, never over the
 * coach. docs/recognition.md says why (the coach's echo is heard as "stop"
 * too easily for barge-in without an echo canceller). */
#ifndef COACH_SELFVOICE_H
#define COACH_SELFVOICE_H

#include <stdint.h>

typedef struct selfvoice selfvoice;

/* lead, tail: frames before and after each sound during which the
 * microphone may still hear it. NULL when out of memory. */
selfvoice *selfvoice_create(uint64_t lead, uint64_t tail);
/* Frees it; accepts NULL. */
void selfvoice_destroy(selfvoice *sv);
/* The coach plays a sound from frame start to end. Sounds are noted in
 * order of start; the last 64 are remembered. */
void selfvoice_note(selfvoice *sv, uint64_t start, uint64_t end);
/* The coach's sounds that started before frame stopped there (a cut). */
void selfvoice_cut(selfvoice *sv, uint64_t frame);
/* True when an utterance heard from start to end overlapped the coach. */
int selfvoice_overlaps(const selfvoice *sv, uint64_t start, uint64_t end);

#endif
