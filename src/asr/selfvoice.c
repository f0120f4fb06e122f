/* selfvoice.c: a short memory of when the coach was making sound. */
#include "selfvoice.h"

#include <stdlib.h>

enum { KEEP = 64 };

struct selfvoice {
    uint64_t lead, tail;
    uint64_t start[KEEP], end[KEEP];
    unsigned next, count;
};

selfvoice *selfvoice_create(uint64_t lead, uint64_t tail)
{
    selfvoice *sv = calloc(1, sizeof *sv);
    if (sv) {
        sv->lead = lead;
        sv->tail = tail;
    }
    return sv;
}

void selfvoice_destroy(selfvoice *sv)
{
    free(sv);
}

void selfvoice_note(selfvoice *sv, uint64_t start, uint64_t end)
{
    sv->start[sv->next] = start;
    sv->end[sv->next] = end;
    sv->next = (sv->next + 1) % KEEP;
    if (sv->count < KEEP)
        sv->count++;
}

int selfvoice_overlaps(const selfvoice *sv, uint64_t start, uint64_t end)
{
    for (unsigned i = 0; i < sv->count; i++)
        if (sv->start[i] <= end + sv->lead && start <= sv->end[i] + sv->tail)
            return 1;
    return 0;
}

void selfvoice_cut(selfvoice *sv, uint64_t frame)
{
    for (unsigned i = 0; i < sv->count; i++)
        if (sv->start[i] < frame && sv->end[i] > frame)
            sv->end[i] = frame;
}
