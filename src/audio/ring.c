/* ring.c: the SPSC ring. The producer owns `head`, the consumer `tail`; each
 * publishes its index with a release store and reads the other's with an
 * acquire load, so an element's bytes are visible before its index is. The
 * two indices live on separate cache lines. */
#include "ring.h"

#include <stdalign.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

struct spsc_ring {
    alignas(64) atomic_size_t head; /* next slot to write (producer) */
    alignas(64) atomic_size_t tail; /* next slot to read (consumer) */
    alignas(64) size_t mask;
    size_t elem_size;
    unsigned char *data;
};

spsc_ring *spsc_ring_create(size_t elem_size, size_t capacity)
{
    size_t cap = 2;
    while (cap < capacity)
        cap *= 2;
    spsc_ring *r = aligned_alloc(64, (sizeof *r + 63) / 64 * 64);
    if (!r)
        return NULL;
    memset(r, 0, sizeof *r);
    r->data = calloc(cap, elem_size);
    if (!r->data) {
        free(r);
        return NULL;
    }
    atomic_init(&r->head, 0);
    atomic_init(&r->tail, 0);
    r->mask = cap - 1;
    r->elem_size = elem_size;
    return r;
}

void spsc_ring_destroy(spsc_ring *r)
{
    if (!r)
        return;
    free(r->data);
    free(r);
}

bool spsc_ring_push(spsc_ring *r, const void *elem)
{
    size_t head = atomic_load_explicit(&r->head, memory_order_relaxed);
    size_t tail = atomic_load_explicit(&r->tail, memory_order_acquire);
    if (head - tail > r->mask)
        return false; /* full */
    memcpy(r->data + (head & r->mask) * r->elem_size, elem, r->elem_size);
    atomic_store_explicit(&r->head, head + 1, memory_order_release);
    return true;
}

bool spsc_ring_pop(spsc_ring *r, void *elem)
{
    size_t tail = atomic_load_explicit(&r->tail, memory_order_relaxed);
    size_t head = atomic_load_explicit(&r->head, memory_order_acquire);
    if (head == tail)
        return false; /* empty */
    memcpy(elem, r->data + (tail & r->mask) * r->elem_size, r->elem_size);
    atomic_store_explicit(&r->tail, tail + 1, memory_order_release);
    return true;
}

size_t spsc_ring_count(const spsc_ring *r)
{
    size_t head = atomic_load_explicit(&((spsc_ring *)r)->head, memory_order_acquire);
    size_t tail = atomic_load_explicit(&((spsc_ring *)r)->tail, memory_order_acquire);
    return head - tail;
}

size_t spsc_ring_capacity(const spsc_ring *r)
{
    return r->mask + 1;
}
