/* progress.c: one session's doses from the last one's. */
#include "progress.h"

#include <math.h>
#include <string.h>

#include "../routine/dose.h"

int progress_cap(int routine_value)
{
    return (int)ceil(routine_value * 1.5);
}

int progress_clamp(exercise_kind kind, bool hold, int value, int routine_value)
{
    int lo = 1, hi = 1000;
    dose_bounds(kind, hold ? "hold" : "reps", &lo, &hi);
    int cap = progress_cap(routine_value > 0 ? routine_value : 1);
    if (value > cap)
        value = cap;
    if (value > hi)
        value = hi;
    if (value < lo)
        value = lo;
    return value;
}

bool progress_pain_rose(int value, int baseline, const pain_rules *pain)
{
    if (value < 0)
        return false;
    return value > pain->green_max || (baseline >= 0 && value >= baseline + pain->rise_from_baseline);
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
                        NULL, 0, 0, NULL, NULL};
    return l;
}

/* The routine's reps (hold false) or hold seconds (true) for variant x of
 * step st: the step's own dose for its exercise, else the library's. */
static int base_of(const step *st, const exercise *x, bool hold)
{
    const exercise_dose *d = x == st->exercise ? &st->dose : &x->dose;
    return hold ? (int)lround(d->hold) : d->reps;
}

/* Puts variant x at the routine's dose for it into l. */
static void set_variant(progress_level *l, const step *st, const exercise *x)
{
    l->variant = x;
    l->reps = base_of(st, x, false);
    l->hold = base_of(st, x, true);
}

/* Steps l (last time's level, variant was) back one step, for reason:
 * the easier variant at the routine's dose for it, else a third less. */
static void step_back(progress_level *l, const step *st, const exercise *was, const char *reason)
{
    bool reps = was->kind == EX_REPS;
    l->change = PROGRESS_BACK;
    l->reason = reason;
    l->from_variant = was;
    if (was->easier) {
        set_variant(l, st, was->easier);
        l->field = "variant";
        return;
    }
    int *v = reps ? &l->reps : &l->hold;
    l->field = reps ? "reps" : "hold";
    l->from = *v;
    *v = (int)lround(*v * 2.0 / 3.0);
    if (*v < 1)
        *v = 1;
    l->to = *v;
    if (l->to == l->from)
        l->change = PROGRESS_KEEP, l->field = NULL, l->reason = NULL;
}

/* Takes back the step last time raised (last->raised): the variant and
 * the reps or hold it was raised from. False when that step cannot be
 * found in the routine any more. */
static bool take_back(progress_level *l, const step *st, const exercise *planned,
                      const exercise *was, const progress_last *last)
{
    bool reps = was->kind == EX_REPS;
    if (last->raised_field && strcmp(last->raised_field, "variant") == 0) {
        const exercise *before = find_variant(planned, last->raised_from_variant);
        if (!before || before == was || before->kind != was->kind)
            return false;
        l->change = PROGRESS_BACK;
        l->reason = "not_settled";
        l->from_variant = was;
        l->field = "variant";
        set_variant(l, st, before);
        return true;
    }
    int *v = reps ? &l->reps : &l->hold;
    int from = progress_clamp(was->kind, !reps, last->raised_from, base_of(st, was, !reps));
    if (last->raised_from <= 0 || from >= *v)
        return false;
    l->change = PROGRESS_BACK;
    l->reason = "not_settled";
    l->from_variant = was;
    l->field = reps ? "reps" : "hold";
    l->from = *v;
    *v = from;
    l->to = from;
    return true;
}

/* True when a rating of the latest session, at any point after its start
 * (the closing one included), rose by the routine's rules. */
static bool session_rose(const progress_last *last, const pain_rules *pain)
{
    return progress_pain_rose(last->session_max, last->session_baseline, pain);
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
    /* last time's level, within bounds: a logged dose above what
     * progression can reach from today's routine dose (a log edited, or a
     * clinician who lowered the dose since) restarts from the routine */
    int base_v = base_of(st, was, !reps);
    int logged = reps ? last->reps : last->hold;
    if (logged > progress_cap(base_v))
        return l;
    if (last->routine_dose > 0 && last->routine_dose != base_v)
        return l; /* the routine's dose was changed since (a clinician): obeyed */
    l.variant = was;
    l.reps = reps ? (last->reps > 0 ? progress_clamp(EX_REPS, false, last->reps, base_v)
                                    : base_of(st, was, false))
                  : base_of(st, was, false);
    l.hold = reps ? base_of(st, was, true)
                  : (last->hold > 0 ? progress_clamp(EX_HOLD, true, last->hold, base_v)
                                    : base_of(st, was, true));
    l.change = PROGRESS_KEEP;
    if (last->baseline >= 0)
        last_baseline = last->baseline;
    bool rose = last->eased || (last->end && strcmp(last->end, "pain") == 0) ||
                progress_pain_rose(last->max_pain, last_baseline, pain);
    bool completed = last->end && strcmp(last->end, "completed") == 0;
    if (rose) {
        step_back(&l, st, was, "pain");
        return l;
    }
    if (next_day && strcmp(next_day, "no") == 0) {
        /* not settled by the next day (seed 001: "lingering symptoms beyond
         * 24 hours ... back up a step"): take back last time's raise, or
         * else one step back */
        if (!(last->raised && take_back(&l, st, planned, was, last)))
            step_back(&l, st, was, "not_settled");
        return l;
    }
    if (session_rose(last, pain)) {
        l.reason = "session_pain"; /* kept: pain rose at some point last time */
        return l;
    }
    if (!completed || !next_day || strcmp(next_day, "yes") != 0)
        return l; /* not tolerated for sure: keep */
    if (last->easy == PROGRESS_EASY_NO) {
        l.reason = "not_easy"; /* it did not feel easy yet (seed 001): kept */
        return l;
    }
    if (last->raised_days_ago >= 0 && last->raised_days_ago < PROGRESS_WEEK_DAYS) {
        l.reason = "this_week"; /* one step a week at most */
        return l;
    }
    /* progress one variable */
    l.from_variant = was;
    l.reason = "tolerated";
    if (!at_or_above(planned, was)) { /* back up toward the planned exercise */
        set_variant(&l, st, was->harder);
        l.field = "variant";
        l.change = PROGRESS_UP;
        return l;
    }
    int cap = progress_clamp(planned->kind, !reps, progress_cap(base_v), base_v);
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
        set_variant(&l, st, was->harder);
        l.field = "variant";
        l.change = PROGRESS_UP;
    } else {
        l.reason = NULL; /* at the top: keep */
    }
    return l;
}
