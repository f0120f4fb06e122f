/* idle.c: the kiosk's idle, as a program. */
#include "idle.h"
#include "engine.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "plan.h"
#include "../core/templates.h"

enum {
    PLAN_MAX = 8,  /* the plan is tiny: when full (it cannot be, at the pace of speech), a push is dropped */
    TEXT_MAX = 200 /* a planned sentence, or what was heard, is cut to this (with its NUL) */
};

typedef struct idle {
    idle_config cfg;
    bool started, ended;
    plan plan;             /* a few at a time, at most PLAN_MAX; text: a sentence, or what was heard */
    uint64_t invite_at;    /* the next invitation; UINT64_MAX: none */
    uint64_t speaking;     /* the speech planned so far ends here */
    bool capped;           /* the volume is lowered for an invitation */
} idle;

static uint64_t frames(const idle *d, double seconds)
{
    return (uint64_t)(seconds * d->cfg.sample_rate + 0.5);
}

/* Plans an action at frame, after those planned at or before it. The plan
 * is tiny: when full (it cannot be, at the pace of speech) the action is
 * dropped. */
static plan_item *push(idle *d, uint64_t frame, action_type type, const char *name)
{
    action a = action_make(type, frame);
    a.name = name;
    return plan_push(&d->plan, a);
}

/* A change of the mixer's volume at frame, as the player hears it. */
static void volume_at(idle *d, uint64_t frame, int from, int to)
{
    plan_item *p = push(d, frame, ACTION_EVENT, "setting");
    if (!p)
        return;
    p->a.field = "volume";
    p->a.previous = from;
    p->a.value = to;
    p = push(d, frame, ACTION_CONTROL, NULL);
    if (p)
        p->a.value = to; /* CONTROL_VOLUME */
}

/* Says the invitation from frame (after any speech), at the capped volume;
 * the next one is due invite_every_s after it ends. */
static void invite(idle *d, uint64_t frame)
{
    uint64_t t = frame > d->speaking ? frame : d->speaking;
    bool cap = d->cfg.invite_volume < d->cfg.volume;
    if (cap && !d->capped)
        volume_at(d, t, d->cfg.volume, d->cfg.invite_volume);
    plan_item *p = push(d, t, ACTION_SAY, NULL);
    if (p) {
        char text[TEXT_MAX];
        tmpl_format(text, sizeof text, T_KIOSK_INVITE, NULL);
        plan_item_set_text(p, text);
        p->a.rate = d->cfg.rate;
        p->a.duration = d->cfg.measure(d->cfg.measure_ctx, p->text, d->cfg.rate);
        d->speaking = t + p->a.duration;
    }
    if (cap) {
        d->capped = true;
        volume_at(d, d->speaking, d->cfg.invite_volume, d->cfg.volume);
    }
    d->invite_at = d->cfg.invite_every_s > 0 ? d->speaking + frames(d, d->cfg.invite_every_s)
                                             : UINT64_MAX;
}

static void id_start(void *self, uint64_t frame)
{
    idle *d = self;
    d->started = true;
    d->speaking = frame;
    push(d, frame, ACTION_EVENT, "idle");
    d->invite_at = d->cfg.invite_every_s > 0 ? frame + frames(d, d->cfg.invite_every_s) : UINT64_MAX;
}

static uint64_t id_next(const void *self)
{
    const idle *d = self;
    if (plan_count(&d->plan)) {
        uint64_t f = plan_next_frame(&d->plan);
        return f < d->invite_at ? f : d->invite_at;
    }
    return d->ended ? UINT64_MAX : d->invite_at;
}

static void id_advance(void *self, uint64_t frame, action_sink sink, void *ctx)
{
    idle *d = self;
    for (;;) {
        uint64_t due = id_next(d);
        if (due == UINT64_MAX || due > frame)
            return;
        plan_item p;
        if (plan_next_frame(&d->plan) == due && plan_pop(&d->plan, &p)) {
            if (p.text && p.text[0])
                p.a.text = p.text;
            if (p.a.type == ACTION_EVENT && p.a.field && p.a.value == d->cfg.volume)
                d->capped = false; /* the volume is back */
            sink(ctx, &p.a);
            free(p.text);
            continue;
        }
        invite(d, due);
    }
}

static void id_hear(void *self, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    idle *d = self;
    id_advance(d, frame, sink, ctx);
    if (!d->started || d->ended)
        return;
    command c = command_parse(text);
    if (!command_in_context(c.id, COMMAND_KIOSK))
        c.id = CMD_NONE;
    if (c.id == CMD_NONE) {
        plan_item *p = push(d, frame, ACTION_EVENT, "unrecognized");
        if (p) {
            char heard[TEXT_MAX];
            snprintf(heard, sizeof heard, "%s", text);
            plan_item_set_text(p, heard);
            p->a.text = p->text;
        }
        id_advance(d, frame, sink, ctx);
        return;
    }
    /* an invitation under way is said to its end; one not begun is dropped */
    plan_truncate(&d->plan, frame);
    uint64_t busy = d->speaking > frame ? d->speaking : frame;
    plan_push(&d->plan, action_earcon(EARCON_ACK, frame));
    plan_item *ev = push(d, frame, ACTION_EVENT, "command");
    if (ev)
        ev->a.command = command_name(c.id);
    if (c.id == CMD_HELP) {
        d->speaking = busy > frame + frames(d, earcon_seconds(EARCON_ACK))
                          ? busy
                          : frame + frames(d, earcon_seconds(EARCON_ACK));
        invite(d, d->speaking);
    } else { /* start: the idle is over once the earcon and the invitation end */
        if (d->capped)
            volume_at(d, busy, d->cfg.invite_volume, d->cfg.volume);
        d->ended = true;
        d->invite_at = UINT64_MAX;
    }
    id_advance(d, frame, sink, ctx);
}

static bool id_done(const void *self)
{
    const idle *d = self;
    return d->ended && plan_count(&d->plan) == 0;
}

static bool id_paused(const void *self)
{
    (void)self;
    return false;
}

static bool id_idle(const void *self)
{
    const idle *d = self;
    return d->started && !d->ended && plan_count(&d->plan) == 0;
}

/* Any key starts: the kiosk's button sends one key, whichever it is. */
static const char *id_key(const void *self, int key)
{
    (void)self;
    return key > 0 ? "start" : NULL;
}

static void id_destroy(void *self)
{
    idle *d = self;
    if (!d)
        return;
    plan_free(&d->plan);
    free(d);
}

static void id_upcoming(const void *self, uint64_t before, action_visit visit, void *ctx)
{
    const idle *d = self;
    plan_each_say(&d->plan, before, visit, ctx);
}

coach_err idle_create(const idle_config *cfg, program *out)
{
    memset(out, 0, sizeof *out);
    if (!cfg || !cfg->measure || cfg->sample_rate <= 0 || cfg->rate <= 0)
        return COACH_ERR_USAGE;
    idle *d = calloc(1, sizeof *d);
    if (!d)
        return COACH_ERR_NOMEM;
    d->cfg = *cfg;
    plan_init(&d->plan, PLAN_MAX);
    d->invite_at = UINT64_MAX;
    program p = {d,         id_start,   id_next, id_advance, id_hear,      id_done,
                 id_paused, id_destroy, id_key,  id_idle,    COMMAND_KIOSK, id_upcoming};
    *out = p;
    return COACH_OK;
}
