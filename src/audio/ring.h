/* ring.h: a lock-free single-producer, single-consumer ring of fixed-size
 * elements. One thread pushes, one thread pops; neither ever blocks, locks
 * or allocates. This is the only way the audio callback talks to other
 * threads (docs/audio.md). */
#ifndef COACH_RING_H
#define COACH_RING_H

#include <stdbool.h>
#include <stddef.h>

typedef struct spsc_ring spsc_ring;

/* Creates a ring of `capacity` elements of elem_size bytes; capacity is
 * rounded up to a power of two. NULL when out of memory. */
spsc_ring *spsc_ring_create(size_t elem_size, size_t capacity);
/* Frees it; accepts NULL. Neither thread may use it any more. */
void spsc_ring_destroy(spsc_ring *r);
/* Producer: copies elem in; false (nothing written) when the ring is full. */
bool spsc_ring_push(spsc_ring *r, const void *elem);
/* Consumer: copies the oldest element out; false when the ring is empty. */
bool spsc_ring_pop(spsc_ring *r, void *elem);
/* Elements waiting (a snapshot; exact only from one of the two threads). */
size_t spsc_ring_count(const spsc_ring *r);
/* Capacity, after rounding. */
size_t spsc_ring_capacity(const spsc_ring *r);

#endif
