/* test_driver.c: the one loop (src/driver/driver.c) with a small program of
 * its own: the order in which script lines, utterances and actions meet,
 * how a dry run ends, the half-duplex gate, and keys through the command
 * table. The real programs run through the same driver in cli_session,
 * cli_menu, cli_kiosk and the live tests. */
#include <stdint.h>
#include <string.h>

#include "check.h"
#include "driver/driver.h"
#include "session/commands.h"

enum { SEC = 48000 };

/* A program that says "one", "two", ... at whole seconds until it has
 * said `count` of them, then waits (idle) or stops planning (stalls);
 * "stop" ends it. It records what it hears and emits. */
typedef struct metronome {
    int said, count;
    int earcon;  /* 1 + an earcon: plays it instead of saying a word (0: words) */
    bool ended, waits;
    char log[64][48];
    int n_log;
} metronome;

static void note(metronome *m, const char *fmt, uint64_t frame, const char *text)
{
    if (m->n_log < 64)
        snprintf(m->log[m->n_log++], sizeof m->log[0], fmt, (unsigned long long)frame, text);
}

static void m_start(void *self, uint64_t frame)
{
    (void)self, (void)frame;
}

static uint64_t m_next(const void *self)
{
    const metronome *m = self;
    return m->ended || m->said >= m->count ? UINT64_MAX : (uint64_t)m->said * SEC;
}

static void m_advance(void *self, uint64_t frame, action_sink sink, void *ctx)
{
    metronome *m = self;
    static const char *const words[] = {"one", "two", "three", "four", "five", "six"};
    while (!m->ended && m->said < m->count && (uint64_t)m->said * SEC <= frame) {
        action a = action_make(ACTION_SAY, (uint64_t)m->said * SEC);
        a.text = words[m->said % 6];
        a.duration = SEC; /* each word lasts the whole second */
        if (m->earcon)
            a = action_earcon((earcon)(m->earcon - 1), (uint64_t)m->said * SEC);
        note(m, "%llu say %s", a.frame, a.type == ACTION_SAY ? a.text : a.name);
        sink(ctx, &a);
        m->said++;
    }
}

static void m_hear(void *self, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    metronome *m = self;
    (void)sink, (void)ctx;
    note(m, "%llu hear %s", frame, text);
    if (strcmp(text, "stop") == 0)
        m->ended = true;
}

static bool m_done(const void *self)
{
    return ((const metronome *)self)->ended;
}

static bool m_paused(const void *self)
{
    (void)self;
    return false;
}

static bool m_idle(const void *self)
{
    const metronome *m = self;
    return m->waits && m->said >= m->count;
}

static void m_destroy(void *self)
{
    (void)self; /* on the test's stack */
}

static program metronome_program(metronome *m)
{
    program p = {0};
    p.self = m;
    p.start = m_start;
    p.next_frame = m_next;
    p.advance = m_advance;
    p.hear = m_hear;
    p.done = m_done;
    p.paused = m_paused;
    p.destroy = m_destroy;
    p.idle = m_idle;
    p.context = COMMAND_SESSION;
    return p;
}

typedef struct aside_log {
    int n;
    char text[8][48];
    const char *reason[8];
} aside_log;

static void on_aside(void *ctx, const action *a)
{
    aside_log *l = ctx;
    if (l->n < 8 && strcmp(a->name, "rejected") == 0) {
        snprintf(l->text[l->n], sizeof l->text[0], "%s", a->text);
        l->reason[l->n++] = a->reason;
    }
}

static int keys[4], n_keys, next_key;

static int read_key(void *ctx)
{
    (void)ctx;
    return next_key < n_keys ? keys[next_key++] : -1;
}

/* A script line at an action's frame is heard first; a dry run ends once
 * the program waits with the script used up, or stalls. */
static void test_dry_runs(void)
{
    coach_diags *d = coach_diags_create();
    script *sc = NULL;
    static const char text[] = "1 hello\n2.5 later\n";
    CHECK_INT(script_parse("t.script", text, sizeof text - 1, SEC, &sc, d), COACH_OK);
    metronome m = {.count = 4, .waits = true};
    driver_config dc = {.prog = metronome_program(&m), .script = sc};
    driver *dr = NULL;
    CHECK_INT(driver_create(&dc, &dr), COACH_OK);
    driver_start(dr, 0);
    CHECK_INT(driver_next_due(dr), 0);
    CHECK_INT(driver_run_dry(dr, (uint64_t)100 * SEC), DRIVER_IDLE);
    CHECK_INT(m.n_log, 6);
    CHECK_STR(m.log[0], "0 say one");
    CHECK_STR(m.log[1], "48000 hear hello"); /* before the action of its frame */
    CHECK_STR(m.log[2], "48000 say two");
    CHECK_STR(m.log[3], "96000 say three");
    CHECK_STR(m.log[4], "120000 hear later");
    CHECK_STR(m.log[5], "144000 say four");
    driver_destroy(dr);

    /* the same program that does not wait has stopped planning: a defect */
    metronome s = {.count = 2, .waits = false};
    dc = (driver_config){.prog = metronome_program(&s)};
    CHECK_INT(driver_create(&dc, &dr), COACH_OK);
    driver_start(dr, 0);
    CHECK_INT(driver_run_dry(dr, (uint64_t)100 * SEC), DRIVER_STALLED);
    driver_destroy(dr);

    /* nothing before the limit: stalled too, and nothing past it emitted */
    metronome l = {.count = 6, .waits = true};
    dc = (driver_config){.prog = metronome_program(&l)};
    CHECK_INT(driver_create(&dc, &dr), COACH_OK);
    driver_start(dr, 0);
    CHECK_INT(driver_run_dry(dr, (uint64_t)2 * SEC), DRIVER_STALLED);
    CHECK_INT(l.said, 3);
    driver_destroy(dr);

    /* "stop" ends it: done */
    static const char stop[] = "1.5 stop\n";
    script *st = NULL;
    CHECK_INT(script_parse("s.script", stop, sizeof stop - 1, SEC, &st, d), COACH_OK);
    metronome e = {.count = 6, .waits = true};
    dc = (driver_config){.prog = metronome_program(&e), .script = st};
    CHECK_INT(driver_create(&dc, &dr), COACH_OK);
    driver_start(dr, 0);
    CHECK_INT(driver_run_dry(dr, (uint64_t)100 * SEC), DRIVER_DONE);
    CHECK_INT(e.said, 2);
    driver_destroy(dr);
    script_destroy(sc);
    script_destroy(st);
    coach_diags_destroy(d);
}

/* The gate and the earcons: an utterance over the pulse (a sign of life in
 * a long wait) is heard; over another earcon, set aside. */
static void test_gate_earcons(void)
{
    static const earcon which[] = {EARCON_PULSE, EARCON_ATTENTION};
    for (int k = 0; k < 2; k++) {
        metronome m = {.count = 1, .waits = true, .earcon = 1 + (int)which[k]};
        aside_log al = {0};
        driver_config dc = {.prog = metronome_program(&m), .aside = on_aside, .aside_ctx = &al,
                            .gate_own_voice = true};
        driver *dr = NULL;
        CHECK_INT(driver_create(&dc, &dr), COACH_OK);
        player_client cl = driver_client(dr, NULL);
        cl.start(cl.ctx);
        cl.advance(cl.ctx, SEC / 10); /* the earcon at 0 */
        /* "resume" said from 0.1 to 0.6 s, over the earcon's end */
        player_heard h = {SEC, SEC / 10, 6 * SEC / 10, "resume", NULL, false, false, false};
        cl.heard(cl.ctx, &h);
        cl.advance(cl.ctx, 2 * SEC);
        if (which[k] == EARCON_PULSE) {
            CHECK_INT(al.n, 0);
            CHECK_INT(m.n_log, 2);
            CHECK_STR(m.log[1], "48000 hear resume");
        } else {
            CHECK_INT(al.n, 1);
            CHECK_STR(al.reason[0], "the coach was speaking");
        }
        driver_destroy(dr);
    }
}

/* Hands the client an utterance, as the player does. */
static void heard(const player_client *cl, uint64_t frame, uint64_t start, uint64_t end,
                  const char *text, const char *rejected, bool cleared)
{
    player_heard h = {frame, start, end, text, rejected, cleared, false, false};
    cl->heard(cl->ctx, &h);
}

/* With sound, through the player's view of the driver: utterances wait for
 * their frame; the gate sets aside what overlaps the coach's own speech
 * (with the echo's tail), never a key nor what the echo canceller vouches
 * for; keys mean their table's phrase. */
static void test_listening(void)
{
    metronome m = {.count = 1, .waits = true}; /* "one" from 0 to 1 s */
    aside_log al = {0};
    keys[0] = 's';
    n_keys = 1;
    next_key = 0;
    driver_config dc = {.prog = metronome_program(&m), .aside = on_aside, .aside_ctx = &al,
                        .gate_own_voice = true, .read_key = read_key};
    driver *dr = NULL;
    CHECK_INT(driver_create(&dc, &dr), COACH_OK);
    player_client cl = driver_client(dr, NULL);
    cl.start(cl.ctx);
    cl.advance(cl.ctx, SEC / 2); /* the key: "skip" at the horizon; "one" said */
    CHECK_INT(m.n_log, 2);
    CHECK_STR(m.log[0], "0 say one");
    CHECK_STR(m.log[1], "24000 hear skip");
    /* said from 1.1 to 1.2 s: inside the echo's tail of "one" */
    heard(&cl, 60000, 52800, 57600, "pain six", NULL, false);
    /* said from 0.5 to 0.7 s, over "one" itself, but the echo canceller
     * vouches for it: the gate lets it through */
    heard(&cl, 70000, 24000, 33600, "pause", NULL, true);
    /* said from 2.0 to 2.3 s: clear of it */
    heard(&cl, 115000, 96000, 110400, "pain five", NULL, false);
    /* the recogniser's own refusal passes through with its reason */
    heard(&cl, 120000, 116000, 119000, "mumble", "not like a command", false);
    CHECK(!cl.used_up(cl.ctx));
    CHECK_INT(cl.next_due(cl.ctx), 60000);
    cl.advance(cl.ctx, 59999);
    CHECK_INT(al.n, 0); /* not before its frame */
    cl.advance(cl.ctx, 200000);
    CHECK(cl.used_up(cl.ctx) && cl.idle(cl.ctx) && !cl.done(cl.ctx));
    CHECK_INT(al.n, 2);
    CHECK_STR(al.text[0], "pain six");
    CHECK_STR(al.reason[0], "the coach was speaking");
    CHECK_STR(al.text[1], "mumble");
    CHECK_STR(al.reason[1], "not like a command");
    CHECK_INT(m.n_log, 4);
    CHECK_STR(m.log[2], "70000 hear pause");
    CHECK_STR(m.log[3], "115000 hear pain five");
    unsigned long long heard, rejected;
    driver_counts(dr, &heard, &rejected);
    CHECK_INT(heard, 3); /* the key, "pause" and "pain five" */
    CHECK_INT(rejected, 2);
    CHECK_INT(driver_context(dr), COMMAND_SESSION);
    driver_destroy(dr);
}

static int agains;
static uint64_t again_frame;

static void count_again(void *ctx, const action *a)
{
    (void)ctx;
    if (a->type == ACTION_EARCON && a->earcon == EARCON_AGAIN) {
        agains++;
        again_frame = a->frame;
    }
}

/* Nearly a command, from a near voice, in a gap: one short "say again"
 * cue at its frame; not over the coach's own sound (it may be its echo),
 * not for a plain refusal, and not twice within 5 s. A command over the
 * coach that the canceller was unsure of, set aside by the gate: a cue;
 * one it had no verdict on: none. */
static void test_say_again(void)
{
    metronome m = {.count = 1, .waits = true}; /* "one" from 0 to 1 s */
    driver_config dc = {.prog = metronome_program(&m), .sink = count_again,
                        .gate_own_voice = true};
    driver *dr = NULL;
    CHECK_INT(driver_create(&dc, &dr), COACH_OK);
    player_client cl = driver_client(dr, NULL);
    cl.start(cl.ctx);
    player_heard over = {60000, 24000, 33600, "skip", "not like a command", false, true, false};
    cl.heard(cl.ctx, &over);      /* over "one": could be the coach's echo */
    player_heard plain = {100000, 96000, 99000, "skip", "not like a command", false, false, false};
    cl.heard(cl.ctx, &plain);     /* not nearly a command */
    player_heard gap = {110000, 100000, 108000, "pain five", "not like a command", false, true, false};
    cl.heard(cl.ctx, &gap);
    player_heard soon = {200000, 190000, 198000, "skip", "not like a command", false, true, false};
    cl.heard(cl.ctx, &soon);      /* 1.9 s after the last cue */
    player_heard later = {400000, 390000, 398000, "skip", "not like a command", false, true, false};
    cl.heard(cl.ctx, &later);     /* 6 s after it */
    cl.advance(cl.ctx, 500000);
    CHECK_INT(agains, 2);
    CHECK_INT(again_frame, 400000);
    unsigned long long heard_n, rejected_n;
    driver_counts(dr, &heard_n, &rejected_n);
    CHECK_INT(heard_n, 0);
    CHECK_INT(rejected_n, 5);
    driver_destroy(dr);

    /* a command said over the coach that the echo canceller could not
     * vouch for (unsure): the gate sets it aside, and the user is asked to
     * say it again; one it has no verdict on (the coach's own voice, as
     * far as anyone knows) gets no cue; in a gap it is acted on */
    metronome m2 = {.count = 3, .waits = true}; /* "one", "two", "three": a second each */
    agains = 0;
    dc.prog = metronome_program(&m2);
    CHECK_INT(driver_create(&dc, &dr), COACH_OK);
    cl = driver_client(dr, NULL);
    cl.start(cl.ctx);
    player_heard blind = {60000, 24000, 33600, "pause", NULL, false, false, false};
    cl.heard(cl.ctx, &blind);     /* over "one", no verdict: set aside, no cue */
    player_heard doubted = {140000, 110000, 130000, "pain five", NULL, false, false, true};
    cl.heard(cl.ctx, &doubted);   /* over "three", unsure: set aside, a cue */
    player_heard after = {230000, 200000, 220000, "pain six", NULL, false, false, true};
    cl.heard(cl.ctx, &after);       /* unsure, but after the coach: acted on */
    cl.advance(cl.ctx, 500000);
    CHECK_INT(agains, 1);
    CHECK_INT(again_frame, 140000);
    driver_counts(dr, &heard_n, &rejected_n);
    CHECK_INT(heard_n, 1);
    CHECK_INT(rejected_n, 2);
    driver_destroy(dr);

    /* per-command policy: an unsure command that only speaks is acted on
     * over the coach, at most one in 5 s (the cue's
     * limit, shared); one that changes the session was set aside above */
    metronome m3 = {.count = 8, .waits = true}; /* "one" to "eight": 8 s */
    agains = 0;
    dc.prog = metronome_program(&m3);
    CHECK_INT(driver_create(&dc, &dr), COACH_OK);
    cl = driver_client(dr, NULL);
    cl.start(cl.ctx);
    player_heard repeat = {40000, 24000, 33600, "repeat", NULL, false, false, true};
    cl.heard(cl.ctx, &repeat);      /* over "one": acted on */
    player_heard help = {80000, 60000, 70000, "help", NULL, false, false, true};
    cl.heard(cl.ctx, &help);        /* over "two", 0.8 s later: set aside, no cue */
    player_heard next = {310000, 293000, 303000, "what's next", NULL, false, false, true};
    cl.heard(cl.ctx, &next);        /* over "seven", 5.6 s after "repeat": acted on */
    cl.advance(cl.ctx, 500000);
    CHECK_INT(agains, 0);
    driver_counts(dr, &heard_n, &rejected_n);
    CHECK_INT(heard_n, 2);
    CHECK_INT(rejected_n, 1);
    CHECK(m3.n_log >= 2);
    bool saw_repeat = false, saw_next = false, saw_help = false;
    for (int i = 0; i < m3.n_log; i++) {
        saw_repeat |= strcmp(m3.log[i], "40000 hear repeat") == 0;
        saw_next |= strcmp(m3.log[i], "310000 hear what's next") == 0;
        saw_help |= strstr(m3.log[i], "hear help") != NULL;
    }
    CHECK(saw_repeat && saw_next && !saw_help);
    driver_destroy(dr);
    CHECK(command_safe_unsure(CMD_REPEAT) && command_safe_unsure(CMD_HELP));
    CHECK(!command_safe_unsure(CMD_STOP) && !command_safe_unsure(CMD_RED_FLAG) && !command_safe_unsure(CMD_SKIP) && !command_safe_unsure(CMD_PAIN) && !command_safe_unsure(CMD_YES) &&
          !command_safe_unsure(CMD_PAUSE) && !command_safe_unsure(CMD_QUIT) && !command_safe_unsure(CMD_NUMBER));
}

int main(void)
{
    test_dry_runs();
    test_listening();
    test_gate_earcons();
    test_say_again();
    CHECK_DONE();
}
