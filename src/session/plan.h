/* plan.h: a program's plan, the actions waiting for their frame. The
 * session engine, the menu and the kiosk's idle each keep one: items in
 * time order, and items due at the same frame in the order they were
 * pushed (a push goes after every item at or before its frame). Each item
 * carries an action, an optional owned copy of its text, and three small
 * fields whose meaning belongs to the owner (what kind of item, which mark
 * or cue, flags). Running out of memory here aborts: a plan holds a few
 * dozen items, and a program cannot go on without it. */
#ifndef COACH_PLAN_H
#define COACH_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/action.h"

typedef struct plan_item {
    action a;       /* what is emitted; a.frame places the item */
    char *text;     /* owned: a sentence, or what was heard; NULL: none */
    int kind;       /* the owner's: what the item is (0 when pushed) */
    int tag;        /* the owner's: which mark, which cue (-1 when pushed) */
    unsigned flags; /* the owner's bits (0 when pushed) */
} plan_item;

typedef struct plan {
    plan_item *items; /* in time order */
    size_t n, cap;
    size_t max;       /* 0: no limit */
} plan;

/* Makes p an empty plan holding at most max items (0: no limit). */
void plan_init(plan *p, size_t max);
/* Frees every item and the storage; p is empty afterwards. Accepts NULL. */
void plan_free(plan *p);
/* Inserts an item for a after every item due at or before a.frame and
 * returns it (valid until the plan next changes); NULL when the plan is
 * at its maximum, and then nothing is planned. */
plan_item *plan_push(plan *p, action a);
/* Gives it an owned copy of text (replacing any). */
void plan_item_set_text(plan_item *it, const char *text);
/* The number of items planned. */
size_t plan_count(const plan *p);
/* Item i in time order (i < plan_count); the first is the next due. */
plan_item *plan_at(plan *p, size_t i);
/* The frame of the first item; UINT64_MAX when the plan is empty. */
uint64_t plan_next_frame(const plan *p);
/* Takes the first item out into *out (the caller then owns out->text and
 * frees it); false when the plan is empty. */
bool plan_pop(plan *p, plan_item *out);
/* Visits every sentence (an ACTION_SAY item with its text) due before
 * frame, in time order. */
void plan_each_say(const plan *p, uint64_t before, action_visit visit, void *ctx);
/* Drops every item due after frame, keeping the order of the others. */
void plan_truncate(plan *p, uint64_t frame);
/* Drops every item for which drop(item, ctx) is true, keeping the order of
 * the others. */
void plan_drop_if(plan *p, bool (*drop)(const plan_item *it, void *ctx), void *ctx);

#endif
