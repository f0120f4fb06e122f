/* progress.c: one session's doses from the last one's. */
#include "progress.h"

#include <math.h>
#include <string.h>

int progress_cap(int routine_value)
{
    return (int)ceil(routine_value * 1.5);
}

/* The variant of planned with this id (planned itself, or along its easier
 * or harder chain); NULL when none. */
static const exercise *find_variant(const exercise *planned, const char *id)
{
    if (!id)
        return NULL;
    for (const exercise *x = planned; x; x = x->easier)
        if (strcmp(x->id, id) == 0)
            return x;
    for (const exercise *x = planned->harder; x; x = x->harder)
        if (strcmp(x->id, id) == 0)
            return x;
    return NULL;
}

/* True when x is planned or a harder variant of it. */
static bool at_or_above(const exercise *planned, const exercise *x)
{
    for (const exercise *h = planned; h; h = h->harder)
        if (h == x)
            return true;
    return false;
}

static progress_level routine_level(const step *st)
{
    progress_level l = {st->exercise, st->dose.reps, (int)lround(st->dose.hold), PROGRESS_NONE,
                        NULL, 0, 0, NULL};
    return l;
}

progress_level progress_decide(const step *st, const progress_last *last, const char *next_day,
                               int last_baseline, const pain_rules *pain)
{
    progress_level l = routine_level(st);
    const exercise *planned = st->exercise;
    if (st->pinned || !last || (planned->kind != EX_REPS && planned->kind != EX_HOLD))
        return l;
    const exercise *was = find_variant(planned, last->variant);
    if (!was || was->kind != planned->kind)
        return l; /* the routine has changed since: start from it */
    bool reps = planned->kind == EX_REPS;
    /* last time's level; it carries on unless changed below */
    l.variant = was;
    l.reps = last->reps > 0 ? last->reps : l.reps;
    l.hold = last->hold > 0 ? last->hold : l.hold;
    l.change = PROGRESS_KEEP;
    if (last->baseline >= 0)
        last_baseline = last->baseline;
    bool rose = last->eased || (last->end && strcmp(last->end, "pain") == 0) ||
                last->max_pain > pain->green_max ||
                (last_baseline >= 0 && last->max_pain >= last_baseline + pain->rise_from_baseline);
    bool completed = last->end && strcmp(last->end, "completed") == 0;
    if (rose) {
        /* step back: the easier variant at the routine's dose, else a third less */
        l.change = PROGRESS_BACK;
        l.from_variant = was;
        if (was->easier) {
            l.variant = was->easier;
            l.field = "variant";
            l.reps = was->easier == planned ? st->dose.reps : was->easier->dose.reps;
            l.hold = (int)lround(was->easier == planned ? st->dose.hold : was->easier->dose.hold);
            return l;
        }
        int *v = reps ? &l.reps : &l.hold;
        l.field = reps ? "reps" : "hold";
        l.from = *v;
        *v = (int)lround(*v * 2.0 / 3.0);
        if (*v < 1)
            *v = 1;
        l.to = *v;
        if (l.to == l.from)
            l.change = PROGRESS_KEEP, l.field = NULL;
        return l;
    }
    if (!completed || !next_day || strcmp(next_day, "yes") != 0)
        return l; /* not tolerated for sure: keep */
    /* progress one variable */
    l.from_variant = was;
    if (!at_or_above(planned, was)) { /* back up toward the planned exercise */
        l.variant = was->harder;
        l.field = "variant";
        l.reps = was->harder == planned ? st->dose.reps : was->harder->dose.reps;
        l.hold = (int)lround(was->harder == planned ? st->dose.hold : was->harder->dose.hold);
        l.change = PROGRESS_UP;
        return l;
    }
    int base = reps ? (was == planned ? st->dose.reps : was->dose.reps)
                    : (int)lround(was == planned ? st->dose.hold : was->dose.hold);
    int cap = progress_cap(base);
    int *v = reps ? &l.reps : &l.hold;
    if (*v < cap) {
        l.field = reps ? "reps" : "hold";
        l.from = *v;
        *v += reps ? 1 : 2;
        if (*v > cap)
            *v = cap;
        l.to = *v;
        l.change = PROGRESS_UP;
    } else if (was->harder) {
        l.variant = was->harder;
        l.field = "variant";
        l.reps = was->harder->dose.reps;
        l.hold = (int)lround(was->harder->dose.hold);
        l.change = PROGRESS_UP;
    } /* at the top: keep */
    return l;
}
