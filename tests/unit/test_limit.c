/* test_limit.c: every session's hard length limit (src/session/limit.c): a
 * program that would never end is ended cleanly at the limit (said, then
 * session_end with reason time_limit), nothing of it is emitted after, and
 * what the host must say (the log failed) comes at once. */
#include "check.h"

#include <stdint.h>

#include "session/limit.h"

/* A program that logs a "tick" event every second for ever. */
typedef struct endless {
    uint64_t next;
    int destroyed;
} endless;

static void e_start(void *self, uint64_t frame) { ((endless *)self)->next = frame; }
static uint64_t e_next(const void *self) { return ((const endless *)self)->next; }
static bool e_done(const void *self) { (void)self; return false; }
static bool e_paused(const void *self) { (void)self; return false; }
static void e_destroy(void *self) { ((endless *)self)->destroyed++; }
static void e_hear(void *self, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    (void)self, (void)frame, (void)text, (void)sink, (void)ctx;
}
static void e_advance(void *self, uint64_t frame, action_sink sink, void *ctx)
{
    endless *e = self;
    while (e->next <= frame) {
        action a = action_event("tick", e->next);
        sink(ctx, &a);
        e->next += 1000;
    }
}

enum { RATE = 1000 };

/* 50 ms a character, whatever the rate. */
static uint64_t measure(void *ctx, const char *text, int rate)
{
    (void)ctx, (void)rate;
    return strlen(text) * 50;
}

typedef struct seen {
    int ticks, says, ends;
    uint64_t last_tick, end_frame, say_frame;
    const char *reason;
    char said[400];
} seen;

static void sink(void *ctx, const action *a)
{
    seen *s = ctx;
    if (a->type == ACTION_SAY) {
        if (!s->says++) {
            s->say_frame = a->frame;
            snprintf(s->said, sizeof s->said, "%s", a->text);
        }
    } else if (strcmp(a->name, "tick") == 0) {
        s->ticks++;
        s->last_tick = a->frame;
    } else if (strcmp(a->name, "session_end") == 0) {
        s->ends++;
        s->end_frame = a->frame;
        s->reason = a->reason;
    }
}

/* Runs p as the driver does, until done (or a bound). */
static void drive(program *p, seen *s, uint64_t stop)
{
    while (!p->done(p->self)) {
        uint64_t f = p->next_frame(p->self);
        if (f == UINT64_MAX || f > stop)
            break;
        p->advance(p->self, f, sink, s);
    }
}

int main(void)
{
    endless e = {0, 0};
    program inner = {.self = &e, .start = e_start, .next_frame = e_next, .advance = e_advance,
                     .hear = e_hear, .done = e_done, .paused = e_paused, .destroy = e_destroy};
    program p;
    program_limiter *lim = NULL;
    /* two hours at 1000 frames a second */
    CHECK_INT(program_limit(inner, 7200.0, RATE, measure, NULL, 160, &p, &lim), COACH_OK);
    CHECK(lim != NULL);
    seen s = {0};
    p.start(p.self, 500);
    drive(&p, &s, 3000);
    /* the host says something at once: at the frame last advanced to */
    program_limiter_say(lim, T_LOG_FAILED);
    CHECK_INT(p.next_frame(p.self), 2500);
    drive(&p, &s, UINT64_MAX - 1);
    CHECK(p.done(p.self));
    CHECK_INT(s.says, 2);
    CHECK_INT(s.say_frame, 2500);
    CHECK(strstr(s.said, "can no longer save this session") != NULL);
    /* the limit: 7,200,000 frames after the start at 500 */
    CHECK_INT(s.last_tick, 500 + 7200000 - 1000);
    CHECK_INT(s.ticks, 7200);
    CHECK_INT(s.ends, 1);
    CHECK(s.reason && strcmp(s.reason, "time_limit") == 0);
    CHECK(s.end_frame > 500 + 7200000);
    p.destroy(p.self);
    CHECK_INT(e.destroyed, 1);
    CHECK_DONE();
}
