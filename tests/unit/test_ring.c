/* test_ring.c: the SPSC ring, alone and with a producer and a consumer on
 * two threads: every element arrives once, in order; a full ring refuses
 * (never blocks); an empty ring says so. */
#include <pthread.h>
#include <stdint.h>

#include "audio/ring.h"
#include "check.h"

enum { N = 2000000 };

static void *producer(void *arg)
{
    spsc_ring *r = arg;
    for (uint64_t i = 0; i < N;) {
        if (spsc_ring_push(r, &i))
            i++;
    }
    return NULL;
}

int main(void)
{
    spsc_ring *r = spsc_ring_create(sizeof(uint64_t), 5);
    CHECK(r != NULL);
    CHECK_INT(spsc_ring_capacity(r), 8);
    uint64_t v = 0;
    CHECK(!spsc_ring_pop(r, &v));
    for (uint64_t i = 0; i < 8; i++)
        CHECK(spsc_ring_push(r, &i));
    CHECK(!spsc_ring_push(r, &v)); /* full: refused at once */
    CHECK_INT(spsc_ring_count(r), 8);
    for (uint64_t i = 0; i < 8; i++) {
        CHECK(spsc_ring_pop(r, &v));
        CHECK_INT(v, i);
    }
    CHECK(!spsc_ring_pop(r, &v));
    spsc_ring_destroy(r);

    /* two threads: order and completeness across wrap-around */
    r = spsc_ring_create(sizeof(uint64_t), 64);
    pthread_t t;
    pthread_create(&t, NULL, producer, r);
    uint64_t expect = 0, wrong = 0;
    while (expect < N) {
        if (spsc_ring_pop(r, &v)) {
            wrong += v != expect;
            expect++;
        }
    }
    pthread_join(t, NULL);
    CHECK_INT(wrong, 0);
    CHECK_INT(expect, N);
    CHECK(!spsc_ring_pop(r, &v));
    spsc_ring_destroy(r);
    spsc_ring_destroy(NULL);
    CHECK_DONE();
}
