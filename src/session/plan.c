/* plan.c: a program's plan, actions in time order (plan.h). */
#include "plan.h"

#include <stdlib.h>
#include <string.h>

void plan_init(plan *p, size_t max)
{
    p->items = NULL;
    p->n = p->cap = 0;
    p->max = max;
}

void plan_free(plan *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n; i++)
        free(p->items[i].text);
    free(p->items);
    p->items = NULL;
    p->n = p->cap = 0;
}

plan_item *plan_push(plan *p, action a)
{
    if (p->max && p->n >= p->max)
        return NULL;
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 32;
        plan_item *items = realloc(p->items, cap * sizeof *items);
        if (!items)
            abort(); /* a plan is small; running out of memory here is fatal */
        p->items = items;
        p->cap = cap;
    }
    size_t lo = 0, hi = p->n;
    while (lo < hi) { /* the first item due later than a */
        size_t mid = (lo + hi) / 2;
        if (p->items[mid].a.frame <= a.frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(&p->items[lo + 1], &p->items[lo], (p->n - lo) * sizeof *p->items);
    p->n++;
    plan_item *it = &p->items[lo];
    it->a = a;
    it->text = NULL;
    it->kind = 0;
    it->tag = -1;
    it->flags = 0;
    return it;
}

void plan_item_set_text(plan_item *it, const char *text)
{
    char *copy = strdup(text);
    if (!copy)
        abort();
    free(it->text);
    it->text = copy;
}

size_t plan_count(const plan *p)
{
    return p->n;
}

plan_item *plan_at(plan *p, size_t i)
{
    return &p->items[i];
}

uint64_t plan_next_frame(const plan *p)
{
    return p->n ? p->items[0].a.frame : UINT64_MAX;
}

bool plan_pop(plan *p, plan_item *out)
{
    if (p->n == 0)
        return false;
    *out = p->items[0];
    memmove(&p->items[0], &p->items[1], (p->n - 1) * sizeof *p->items);
    p->n--;
    return true;
}

static bool after(const plan_item *it, void *ctx)
{
    return it->a.frame > *(const uint64_t *)ctx;
}

void plan_truncate(plan *p, uint64_t frame)
{
    plan_drop_if(p, after, &frame);
}

void plan_drop_if(plan *p, bool (*drop)(const plan_item *it, void *ctx), void *ctx)
{
    size_t keep = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (drop(&p->items[i], ctx))
            free(p->items[i].text);
        else
            p->items[keep++] = p->items[i];
    }
    p->n = keep;
}

void plan_each_say(const plan *p, uint64_t before, action_visit visit, void *ctx)
{
    for (size_t i = 0; i < p->n && p->items[i].a.frame < before; i++) {
        const plan_item *it = &p->items[i];
        const char *text = it->text ? it->text : it->a.text;
        if (it->a.type == ACTION_SAY && text && text[0])
            visit(ctx, text, it->a.rate);
    }
}
