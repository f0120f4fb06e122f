/* limit.c: a session ended cleanly at its hard length limit (limit.h). */
#include "limit.h"

#include <stdlib.h>

#include "../core/defaults.h"
#include "../core/templates.h"
#include "plan.h"

struct program_limiter {
    program inner;
    uint64_t start, max;
    double max_s;
    bool started, ended;
    action_measure measure;
    void *measure_ctx;
    int rate;
    plan ending; /* notices; the sentence and the session_end at the limit */
    uint64_t now; /* the frame last advanced to */
};
typedef program_limiter limited;

/* The frame at which the limit falls. */
static uint64_t limit_frame(const limited *l)
{
    return l->start + l->max;
}

static void lim_start(void *self, uint64_t frame)
{
    limited *l = self;
    l->start = frame;
    l->started = true;
    l->inner.start(l->inner.self, frame);
}

static uint64_t lim_next_frame(const void *self)
{
    const limited *l = self;
    if (l->ended)
        return plan_next_frame(&l->ending);
    uint64_t n = l->inner.next_frame(l->inner.self), own = plan_next_frame(&l->ending);
    n = n < own ? n : own;
    return n < limit_frame(l) ? n : limit_frame(l);
}

/* Plans text said at frame; returns how many frames it lasts. */
static uint64_t plan_say(limited *l, uint64_t frame, const char *text)
{
    action say = action_make(ACTION_SAY, frame);
    say.rate = l->rate;
    say.duration = l->measure(l->measure_ctx, text, l->rate);
    plan_item *it = plan_push(&l->ending, say);
    if (it)
        plan_item_set_text(it, text);
    return say.duration;
}

void program_limiter_say(program_limiter *l, tmpl_id sentence)
{
    if (!l || l->ended)
        return;
    char *text = tmpl_strdup(sentence, &(tmpl_args){0});
    plan_say(l, l->now, text);
    free(text);
}

/* Plans the ending at frame: the sentence, then session_end with reason
 * time_limit when it has been said. */
static void plan_ending(limited *l, uint64_t frame)
{
    l->ended = true;
    plan_truncate(&l->ending, frame); /* notices not yet said are dropped */
    tmpl_args a = {.n = (int)(l->max_s / 3600.0 + 0.5)};
    char *text = tmpl_strdup(T_TIME_LIMIT, &a);
    uint64_t dur = plan_say(l, frame, text);
    free(text);
    action end = action_event("session_end", frame + dur);
    end.reason = "time_limit";
    plan_push(&l->ending, end);
}

static void lim_advance(void *self, uint64_t frame, action_sink sink, void *ctx)
{
    limited *l = self;
    if (!l->ended) {
        uint64_t lim = limit_frame(l);
        l->now = frame < lim ? frame : lim - 1;
        l->inner.advance(l->inner.self, l->now, sink, ctx);
        if (frame >= lim && !l->inner.done(l->inner.self))
            plan_ending(l, lim);
    }
    l->now = frame;
    plan_item it;
    while (plan_next_frame(&l->ending) <= frame && plan_pop(&l->ending, &it)) {
        it.a.text = it.text;
        sink(ctx, &it.a);
        free(it.text);
    }
}

static void lim_hear(void *self, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    limited *l = self;
    if (!l->ended)
        l->inner.hear(l->inner.self, frame, text, sink, ctx);
}

static bool lim_done(const void *self)
{
    const limited *l = self;
    return l->ended ? plan_count(&l->ending) == 0 : l->inner.done(l->inner.self);
}

static bool lim_paused(const void *self)
{
    const limited *l = self;
    return !l->ended && l->inner.paused(l->inner.self);
}

static bool lim_idle(const void *self)
{
    const limited *l = self;
    return !l->ended && l->inner.idle && l->inner.idle(l->inner.self);
}

static const char *lim_key(const void *self, int key)
{
    const limited *l = self;
    return l->inner.key(l->inner.self, key);
}

static void lim_upcoming(const void *self, uint64_t before, action_visit visit, void *ctx)
{
    const limited *l = self;
    if (!l->ended && l->inner.upcoming)
        l->inner.upcoming(l->inner.self, before, visit, ctx);
    plan_each_say(&l->ending, before, visit, ctx);
}

static void lim_destroy(void *self)
{
    limited *l = self;
    if (!l)
        return;
    l->inner.destroy(l->inner.self);
    plan_free(&l->ending);
    free(l);
}

coach_err program_limit(program inner, double max_s, int sample_rate, action_measure measure,
                        void *measure_ctx, int rate, program *out, program_limiter **handle)
{
    if (handle)
        *handle = NULL;
    limited *l = calloc(1, sizeof *l);
    if (!l) {
        inner.destroy(inner.self);
        return COACH_ERR_NOMEM;
    }
    l->inner = inner;
    l->max_s = max_s;
    double frames = max_s * (sample_rate > 0 ? sample_rate : COACH_FRAME_RATE);
    l->max = frames >= 1 ? (uint64_t)frames : 1;
    l->measure = measure;
    l->measure_ctx = measure_ctx;
    l->rate = rate > 0 ? rate : COACH_DEFAULT_RATE;
    plan_init(&l->ending, 0);
    *out = inner;
    out->self = l;
    out->start = lim_start;
    out->next_frame = lim_next_frame;
    out->advance = lim_advance;
    out->hear = lim_hear;
    out->done = lim_done;
    out->paused = lim_paused;
    out->destroy = lim_destroy;
    out->key = inner.key ? lim_key : NULL;
    out->idle = inner.idle ? lim_idle : NULL;
    out->upcoming = lim_upcoming;
    if (handle)
        *handle = l;
    return COACH_OK;
}
