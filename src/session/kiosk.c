/* kiosk.c: the kiosk's loop (idle, a session, idle...) as one program. */
#include "kiosk.h"
#include "../core/defaults.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "idle.h"
#include "limit.h"
#include "../core/templates.h"

#define KIOSK_SETTLE_S 1.0 /* from a session's last sound to idling again */

typedef struct kiosk {
    kiosk_config cfg;
    int volume, rate;      /* the kiosk's own, resolved */
    int cur_volume;        /* the mixer's volume, as last set */
    program cur;           /* the idle or a session; self is NULL between them */
    bool in_session;       /* cur (or the last one) is a session */
    bool between;          /* cur is done: the next begins at switch_at */
    bool ended;
    uint64_t switch_at;
    uint64_t last_frame;   /* the last action out */
    uint64_t sound_end;    /* the last sound out ends here */
    action_sink sink;     /* the caller's, during a call */
    void *sink_ctx;
} kiosk;

static uint64_t frames(const kiosk *k, double seconds)
{
    return (uint64_t)(seconds * k->cfg.sample_rate + 0.5);
}

/* Passes an action on, noting what the loop needs: when sounds end, the
 * volume, and sessions starting and ending (the counts). */
static void observe(void *ctx, const action *a)
{
    kiosk *k = ctx;
    uint64_t end = a->frame;
    if (a->type == ACTION_SAY)
        end += a->duration;
    else if (a->type == ACTION_EARCON)
        end += frames(k, earcon_seconds(a->earcon));
    if (end > k->sound_end)
        k->sound_end = end;
    if (a->frame > k->last_frame)
        k->last_frame = a->frame;
    kiosk_counts *c = k->cfg.counts;
    bool ended = false;
    if (a->type == ACTION_EVENT && strcmp(a->name, "session_start") == 0) {
        c->started++;
    } else if (a->type == ACTION_EVENT && strcmp(a->name, "session_end") == 0) {
        if (a->reason && strcmp(a->reason, "completed") == 0)
            c->completed++;
        c->ended_here++;
        ended = true;
    } else if (a->type == ACTION_CONTROL && a->control == CONTROL_VOLUME) {
        k->cur_volume = a->value;
    }
    k->sink(k->sink_ctx, a);
    if (ended && k->cfg.on_session_end)
        k->cfg.on_session_end(k->cfg.end_ctx, c, a->reason ? a->reason : "");
}

/* Notes that the current program has ended at its last action: the next
 * one begins once its last sound is over (and, after a session, a
 * moment's quiet). */
static void check_done(kiosk *k)
{
    if (k->between || !k->cur.self || !k->cur.done(k->cur.self))
        return;
    k->between = true;
    uint64_t t = k->sound_end > k->last_frame ? k->sound_end : k->last_frame;
    k->switch_at = t + (k->in_session ? frames(k, KIOSK_SETTLE_S) : 0);
}

static void start_idle(kiosk *k, uint64_t frame)
{
    idle_config ic = {k->cfg.sample_rate, k->rate,        k->cfg.invite_every_s, k->volume,
                      k->cfg.invite_volume, k->cfg.measure, k->cfg.measure_ctx};
    if (idle_create(&ic, &k->cur) != COACH_OK)
        abort(); /* checked by kiosk_create; out of memory here is fatal, as in the engine */
    k->in_session = false;
    k->cur.start(k->cur.self, frame);
}

static void start_session(kiosk *k, uint64_t frame)
{
    session_config sc = session_config_default();
    sc.routine = k->cfg.routine;
    sc.sample_rate = k->cfg.sample_rate;
    sc.rate = k->cfg.rate;
    sc.volume = k->volume;
    sc.measure = k->cfg.measure;
    sc.measure_ctx = k->cfg.measure_ctx;
    sc.find_routine = k->cfg.find_routine;
    sc.find_ctx = k->cfg.find_ctx;
    sc.kiosk = true;
    sc.attention = k->cfg.attention;
    sc.abandon_after_s = k->cfg.abandon_after_s;
    session *s = NULL;
    if (session_create(&sc, &s) != COACH_OK)
        abort(); /* its routine and measure are checked by kiosk_create: only memory can fail */
    if (program_limit(session_program(s), SESSION_MAX_S, sc.sample_rate, sc.measure, sc.measure_ctx,
                      sc.rate, &k->cur, NULL) != COACH_OK)
        abort(); /* as above: only memory can fail */
    k->in_session = true;
    k->cur.start(k->cur.self, frame);
}

/* The program that ended is forgotten; the next begins at frame. */
static void switch_to(kiosk *k, uint64_t frame)
{
    k->cur.destroy(k->cur.self);
    memset(&k->cur, 0, sizeof k->cur);
    k->between = false;
    if (!k->in_session) {
        start_session(k, frame);
        return;
    }
    if (k->cfg.max_sessions && k->cfg.counts->ended_here >= k->cfg.max_sessions) {
        k->ended = true;
        return;
    }
    if (k->cur_volume != k->volume) { /* "louder" in the last session is forgotten too */
        action a = action_event("setting", frame);
        a.field = "volume";
        a.previous = k->cur_volume;
        a.value = k->volume;
        observe(k, &a);
        action c = action_control(CONTROL_VOLUME, k->volume, frame);
        observe(k, &c);
    }
    start_idle(k, frame);
}

static void ki_start(void *self, uint64_t frame)
{
    kiosk *k = self;
    /* the counts are measured (so synthesised) first, as a session does:
     * every mode then makes the same speech calls in the same order (the
     * player renders them next), so a sentence lasts the same in all */
    for (int n = 0; n <= 50; n++) {
        char buf[64];
        tmpl_args a = {.n = n};
        tmpl_format(buf, sizeof buf, T_COUNT, &a);
        k->cfg.measure(k->cfg.measure_ctx, buf, k->rate);
    }
    k->last_frame = k->sound_end = frame;
    start_idle(k, frame);
}

static uint64_t ki_next(const void *self)
{
    const kiosk *k = self;
    if (k->ended)
        return UINT64_MAX;
    if (k->between)
        return k->switch_at;
    return k->cur.next_frame(k->cur.self);
}

static void ki_advance(void *self, uint64_t frame, action_sink sink, void *ctx)
{
    kiosk *k = self;
    k->sink = sink;
    k->sink_ctx = ctx;
    while (!k->ended) {
        if (!k->between) {
            k->cur.advance(k->cur.self, frame, observe, k);
            check_done(k);
            if (!k->between)
                return;
        }
        if (k->switch_at > frame)
            return;
        switch_to(k, k->switch_at);
    }
}

static void ki_hear(void *self, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    kiosk *k = self;
    ki_advance(k, frame, sink, ctx);
    if (k->ended || k->between)
        return; /* between a session and the idle: nobody is listening */
    k->cur.hear(k->cur.self, frame, text, observe, k);
    check_done(k);
    ki_advance(k, frame, sink, ctx);
}

static bool ki_done(const void *self)
{
    return ((const kiosk *)self)->ended;
}

static bool ki_paused(const void *self)
{
    const kiosk *k = self;
    return !k->ended && !k->between && k->in_session && k->cur.paused(k->cur.self);
}

static bool ki_idle(const void *self)
{
    const kiosk *k = self;
    return !k->ended && !k->between && !k->in_session && k->cur.idle(k->cur.self);
}

/* Idle: any key starts. In a session the button (space or enter) pauses
 * and resumes; the session's other keys work as in `coach run`. */
static const char *ki_key(const void *self, int key)
{
    const kiosk *k = self;
    if (k->ended || k->between)
        return NULL;
    if (!k->in_session)
        return k->cur.key(k->cur.self, key);
    bool paused = k->cur.paused(k->cur.self);
    if (key == '\n')
        return paused ? "resume" : "pause";
    return command_key(key, paused);
}

static void ki_destroy(void *self)
{
    kiosk *k = self;
    if (!k)
        return;
    if (k->cur.self)
        k->cur.destroy(k->cur.self);
    free(k);
}

kiosk_config kiosk_config_default(void)
{
    kiosk_config c;
    memset(&c, 0, sizeof c);
    c.sample_rate = COACH_FRAME_RATE;
    c.volume = -1;
    c.invite_volume = 50;
    c.abandon_after_s = 60;
    return c;
}

/* What the idle or the session plans ahead (nothing between them). */
static void ki_upcoming(const void *self, uint64_t before, action_visit visit, void *ctx)
{
    const kiosk *k = self;
    if (!k->ended && !k->between && k->cur.self && k->cur.upcoming)
        k->cur.upcoming(k->cur.self, before, visit, ctx);
}

coach_err kiosk_create(const kiosk_config *cfg, program *out)
{
    memset(out, 0, sizeof *out);
    if (!cfg || !cfg->routine || !cfg->counts || !cfg->measure || cfg->sample_rate <= 0 ||
        cfg->abandon_after_s <= 0)
        return COACH_ERR_USAGE;
    kiosk *k = calloc(1, sizeof *k);
    if (!k)
        return COACH_ERR_NOMEM;
    k->cfg = *cfg;
    const routine_settings *rs = routine_get_settings(cfg->routine);
    k->volume = cfg->volume >= 0 && cfg->volume <= 100 ? cfg->volume : rs->volume;
    k->rate = cfg->rate > 0 ? cfg->rate : rs->rate;
    k->cur_volume = k->volume;
    program p = {k,         ki_start,   ki_next, ki_advance, ki_hear,
                 ki_done,   ki_paused,  ki_destroy, ki_key,  ki_idle,
                 COMMAND_SESSION | COMMAND_KIOSK, ki_upcoming};
    *out = p;
    return COACH_OK;
}
