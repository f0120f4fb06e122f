/* driver.c: advancing a program against the clock, with what the user did. */
#include "driver.h"

#include <stdio.h>
#include <stdlib.h>

#include "../asr/selfvoice.h"
#include "../core/defaults.h"
#include "../session/commands.h"

/* The microphone may hear a sound this long before it is scheduled (live,
 * the two streams' clocks differ by their latencies) and after it ends
 * (the room's echo). */
#define ECHO_LEAD_S 0.1
#define ECHO_TAIL_S 0.3
/* "say again" cues come at most this often, seconds */
#define DRIVER_AGAIN_S 5.0

/* An utterance on its way to the program: heard at `frame`, spoken from
 * start to end (output frames). */
typedef struct pending {
    uint64_t frame, start, end;
    char text[96];
    const char *rejected;
    bool typed;          /* a key, not a sound: the coach cannot have said it */
    bool cleared;        /* the echo canceller vouches it is the user's */
    bool unclear;        /* set aside, but nearly a command: "say again" */
    bool doubted;        /* a command the canceller could not vouch for: "say again" if gated */
} pending;

enum { QUEUE = 32 };

struct driver {
    driver_config cfg;
    program prog;
    size_t next_line;           /* the next script line to hear */
    pending queue[QUEUE];       /* utterances waiting for their frame */
    unsigned q_head, q_count;
    selfvoice *sv;              /* what the coach played, and when (gate_own_voice) */
    player *pl;                 /* with sound: where sounds go */
    unsigned long long n_heard, n_rejected;
    uint64_t again_at;          /* the last "say again" cue; 0: none yet */
};

static uint64_t to_frames(double seconds)
{
    return (uint64_t)(seconds * COACH_FRAME_RATE + 0.5);
}

coach_err driver_create(const driver_config *cfg, driver **out)
{
    *out = NULL;
    driver *d = calloc(1, sizeof *d);
    if (d && cfg->gate_own_voice && !(d->sv = selfvoice_create(to_frames(ECHO_LEAD_S),
                                                                to_frames(ECHO_TAIL_S)))) {
        free(d);
        d = NULL;
    }
    if (!d) {
        if (cfg->prog.destroy)
            cfg->prog.destroy(cfg->prog.self);
        return COACH_ERR_NOMEM;
    }
    d->cfg = *cfg;
    d->prog = cfg->prog;
    *out = d;
    return COACH_OK;
}

void driver_destroy(driver *d)
{
    if (!d)
        return;
    if (d->prog.destroy)
        d->prog.destroy(d->prog.self);
    selfvoice_destroy(d->sv);
    free(d);
}

/* Every action the program emits: to the sink, into the record of the
 * coach's own sounds (a tick, a 50 ms click, is too short to be heard as a
 * word; the pulse, two soft low notes every 8 s of a wait, is left out too,
 * or one "resume" in ten said in a pause would be set aside), and to the
 * player. */
static void emit(void *ctx, const action *a)
{
    driver *d = ctx;
    if (d->cfg.sink)
        d->cfg.sink(d->cfg.sink_ctx, a);
    if (d->sv && a->type == ACTION_SAY)
        selfvoice_note(d->sv, a->frame, a->frame + a->duration);
    else if (d->sv && a->type == ACTION_EARCON && a->earcon != EARCON_TICK && a->earcon != EARCON_PULSE)
        selfvoice_note(d->sv, a->frame, a->frame + to_frames(earcon_seconds(a->earcon)));
    else if (d->sv && a->type == ACTION_CONTROL && a->control == CONTROL_CUT)
        selfvoice_cut(d->sv, a->frame);
    if (d->pl)
        player_post(d->pl, a);
}

void driver_start(driver *d, uint64_t frame)
{
    d->prog.start(d->prog.self, frame);
}

/* Queues an utterance to be heard at frame; the oldest is dropped when the
 * queue is full (the program is not keeping up with the speaker). */
static pending *queue_push(driver *d, uint64_t frame, uint64_t start, uint64_t end,
                           const char *text, const char *rejected)
{
    if (d->q_count == QUEUE) {
        d->q_head = (d->q_head + 1) % QUEUE;
        d->q_count--;
    }
    pending *p = &d->queue[(d->q_head + d->q_count++) % QUEUE];
    p->frame = frame;
    p->start = start;
    p->end = end;
    snprintf(p->text, sizeof p->text, "%s", text);
    p->rejected = rejected;
    p->typed = false;
    p->cleared = false;
    p->unclear = false;
    p->doubted = false;
    return p;
}

/* Keys typed since the last turn, as the phrases they stand for here,
 * heard at frame. */
static void read_keys(driver *d, uint64_t frame)
{
    for (int k; d->cfg.read_key && (k = d->cfg.read_key(d->cfg.key_ctx)) >= 0;) {
        const char *phrase = d->prog.key ? d->prog.key(d->prog.self, k)
                                         : command_key(k, d->prog.paused(d->prog.self));
        if (phrase)
            queue_push(d, frame, frame, frame, phrase, NULL)->typed = true;
    }
}

/* Acts on the oldest queued utterance: to the program if it is the user's,
 * else to the aside sink as set aside, with the reason. */
static void hear_pending(driver *d)
{
    pending p = d->queue[d->q_head];
    d->q_head = (d->q_head + 1) % QUEUE;
    d->q_count--;
    bool over_coach = !p.typed && !p.cleared && d->sv && selfvoice_overlaps(d->sv, p.start, p.end);
    bool limited = d->again_at != 0 && p.frame < d->again_at + to_frames(DRIVER_AGAIN_S);
    /* per-command policy: a command the canceller was unsure of that only
     * speaks is acted on (at most one in DRIVER_AGAIN_S,
     * shared with the cue below); the rest wait for a voice it vouches for */
    if (!p.rejected && over_coach && p.doubted && !limited && command_safe_unsure(command_parse(p.text).id)) {
        d->again_at = p.frame;
        over_coach = false;
    }
    if (!p.rejected && over_coach)
        p.rejected = "the coach was speaking";
    if (!p.rejected) {
        d->n_heard++;
        d->prog.hear(d->prog.self, p.frame, p.text, emit, d);
        return;
    }
    d->n_rejected++;
    action a = action_event("rejected", p.frame);
    a.text = p.text;
    a.reason = p.rejected;
    if (d->cfg.aside)
        d->cfg.aside(d->cfg.aside_ctx, &a);
    /* nearly a command, from a near voice that cannot be the coach's own
     * echo, or a command said over the coach that the gate set aside
     * because the echo canceller could not tell it from the coach's own
     * voice: the user hears a short "say again" (at most one in
     * DRIVER_AGAIN_S, so a muddled stretch does not chirp) */
    bool ask = p.unclear ? !over_coach : p.doubted && over_coach;
    if (ask && !d->prog.done(d->prog.self) && !limited) {
        d->again_at = p.frame;
        action again = action_earcon(EARCON_AGAIN, p.frame);
        emit(d, &again);
    }
}

/* The next script line, if it is due at or before both due and horizon. */
static const script_line *line_due(const driver *d, uint64_t due, uint64_t horizon)
{
    const script *sc = d->cfg.script;
    if (!sc || d->next_line >= script_count(sc))
        return NULL;
    const script_line *l = script_get(sc, d->next_line);
    return l->frame <= due && l->frame <= horizon ? l : NULL;
}

/* Hears script line l, the next one. */
static void hear_line(driver *d, const script_line *l)
{
    d->next_line++;
    d->prog.hear(d->prog.self, l->frame, l->text, emit, d);
}

/* True when no script line or utterance waits to be heard. */
static bool used_up(const driver *d)
{
    const script *sc = d->cfg.script;
    return (!sc || d->next_line >= script_count(sc)) && d->q_count == 0;
}

void driver_advance(driver *d, uint64_t horizon)
{
    while (!d->prog.done(d->prog.self)) {
        uint64_t due = d->prog.next_frame(d->prog.self);
        const script_line *l = line_due(d, due, horizon);
        if (l) {
            hear_line(d, l);
            continue;
        }
        if (d->q_count && d->queue[d->q_head].frame <= due &&
            d->queue[d->q_head].frame <= horizon) {
            hear_pending(d);
            continue;
        }
        if (due == UINT64_MAX || due > horizon)
            break;
        d->prog.advance(d->prog.self, due, emit, d);
    }
}

uint64_t driver_next_due(const driver *d)
{
    uint64_t due = d->prog.next_frame(d->prog.self);
    if (d->q_count && d->queue[d->q_head].frame < due)
        due = d->queue[d->q_head].frame;
    const script *sc = d->cfg.script;
    if (sc && d->next_line < script_count(sc)) {
        uint64_t f = script_get(sc, d->next_line)->frame;
        if (f < due)
            due = f;
    }
    return due;
}

/* True while the program only waits for the user. */
static bool idle(const driver *d)
{
    return d->prog.idle && d->prog.idle(d->prog.self);
}

driver_result driver_run_dry(driver *d, uint64_t limit)
{
    for (;;) {
        if (d->prog.done(d->prog.self))
            return DRIVER_DONE;
        uint64_t due = d->prog.next_frame(d->prog.self);
        const script_line *l = line_due(d, due, UINT64_MAX);
        if (l) {
            hear_line(d, l);
            continue;
        }
        if (used_up(d) && idle(d))
            return DRIVER_IDLE;
        if (due == UINT64_MAX || due > limit)
            return DRIVER_STALLED;
        d->prog.advance(d->prog.self, due, emit, d);
    }
}

/* ---- the player's client ---------------------------------------------------- */

static void cl_start(void *ctx)
{
    driver_start(ctx, 0);
}

static void cl_advance(void *ctx, uint64_t horizon)
{
    driver *d = ctx;
    read_keys(d, horizon);
    driver_advance(d, horizon);
}

static uint64_t cl_next_due(void *ctx)
{
    return driver_next_due(ctx);
}

static void cl_upcoming(void *ctx, uint64_t before, action_visit visit, void *vctx)
{
    driver *d = ctx;
    if (d->prog.upcoming)
        d->prog.upcoming(d->prog.self, before, visit, vctx);
}

static bool cl_done(void *ctx)
{
    driver *d = ctx;
    return d->prog.done(d->prog.self);
}

static bool cl_idle(void *ctx)
{
    return idle(ctx);
}

static bool cl_used_up(void *ctx)
{
    return used_up(ctx);
}

static void cl_heard(void *ctx, const player_heard *h)
{
    pending *p = queue_push(ctx, h->frame, h->start, h->end, h->text, h->rejected);
    p->cleared = h->cleared;
    p->unclear = h->unclear;
    p->doubted = h->doubted;
}

player_client driver_client(driver *d, player *pl)
{
    d->pl = pl;
    return (player_client){d,      cl_start,   cl_advance, cl_next_due, cl_done,
                           cl_idle, cl_used_up, cl_heard,   cl_upcoming};
}

unsigned driver_context(const driver *d)
{
    return d->prog.context ? d->prog.context : COMMAND_SESSION;
}

void driver_counts(const driver *d, unsigned long long *heard, unsigned long long *rejected)
{
    *heard = d->n_heard;
    *rejected = d->n_rejected;
}
