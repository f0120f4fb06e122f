/* test_engine.c: the session engine driven with a virtual clock. Speech
 * lasts 60 ms a character plus 100 ms (a stand-in for eSpeak NG, so that
 * expected frames can be worked out), at 48000 frames a second. Each case
 * runs a routine with a script of utterances and checks the actions. */
#include <stdlib.h>

#include "check.h"
#include "fixtures.h"
#include "session/commands.h"
#include "session/engine.h"

#define RATE 48000
#define SEC(x) ((uint64_t)((x) * RATE + 0.5))

typedef struct act {
    action a;
    char text[400];
    char name[32], exercise[40], command[24], reason[24], kind[24], answer[16], from[40], to[40], field[24];
} act;

typedef struct run {
    act *acts;
    size_t n, cap;
} run;

static void copy(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src ? src : "");
}

static void sink(void *ctx, const action *a)
{
    run *r = ctx;
    if (r->n == r->cap) {
        r->cap = r->cap ? r->cap * 2 : 256;
        r->acts = realloc(r->acts, r->cap * sizeof *r->acts);
    }
    act *x = &r->acts[r->n++];
    x->a = *a;
    copy(x->text, sizeof x->text, a->text);
    copy(x->name, sizeof x->name, a->name);
    copy(x->exercise, sizeof x->exercise, a->exercise);
    copy(x->command, sizeof x->command, a->command);
    copy(x->reason, sizeof x->reason, a->reason);
    copy(x->kind, sizeof x->kind, a->kind);
    copy(x->answer, sizeof x->answer, a->answer);
    copy(x->from, sizeof x->from, a->from);
    copy(x->to, sizeof x->to, a->to);
    copy(x->field, sizeof x->field, a->field);
}

static uint64_t chars(void *ctx, const char *text, int rate)
{
    (void)ctx;
    (void)rate;
    return SEC(0.1 + 0.06 * (double)strlen(text));
}

typedef struct said {
    double t;
    const char *text;
} said;

static exercise_library *lib;
static routine *other; /* a routine {routine: ID} answers may hand over to */

static const routine *find_other(void *ctx, const char *id)
{
    (void)ctx;
    return other && strcmp(routine_id(other), id) == 0 ? other : NULL;
}

/* Runs routine text with the script; returns the actions. */
static run play(const char *yaml, const said *script)
{
    run r = {0};
    coach_diags *d = coach_diags_create();
    routine *rt = NULL;
    if (routine_load_buffer("t.yaml", yaml, strlen(yaml), lib, &rt, d) != COACH_OK) {
        coach_diags_print(d, stderr);
        abort();
    }
    coach_diags_destroy(d);
    session_config cfg = session_config_default();
    cfg.routine = rt;
    cfg.measure = chars;
    cfg.find_routine = find_other;
    session *s = NULL;
    if (session_create(&cfg, &s) != COACH_OK)
        abort();
    session_start(s, 0);
    size_t i = 0;
    int guard = 0;
    while (!session_done(s) && guard++ < 200000) {
        uint64_t due = session_next_frame(s);
        if (script && script[i].text && SEC(script[i].t) <= due) {
            session_hear(s, SEC(script[i].t), script[i].text, sink, &r);
            i++;
            continue;
        }
        if (due == UINT64_MAX)
            break;
        session_advance(s, due, sink, &r);
    }
    CHECK(session_done(s));
    session_destroy(s);
    routine_destroy(rt);
    return r;
}

static const act *find(const run *r, const char *name, size_t from)
{
    for (size_t i = from; i < r->n; i++)
        if (strcmp(r->acts[i].name, name) == 0 && r->acts[i].a.type != ACTION_SAY)
            return &r->acts[i];
    return NULL;
}

static int count(const run *r, const char *name)
{
    int n = 0;
    for (size_t i = 0; i < r->n; i++)
        n += r->acts[i].a.type == ACTION_EVENT && strcmp(r->acts[i].name, name) == 0;
    return n;
}

static const act *said_text(const run *r, const char *words)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->acts[i].a.type == ACTION_SAY && strstr(r->acts[i].text, words))
            return &r->acts[i];
    return NULL;
}

/* The first sentence at or after frame that contains words. */
static const act *said_after(const run *r, const char *words, uint64_t frame)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->acts[i].a.type == ACTION_SAY && r->acts[i].a.frame >= frame &&
            strstr(r->acts[i].text, words))
            return &r->acts[i];
    return NULL;
}

static const char *end_reason(const run *r)
{
    const act *e = find(r, "session_end", 0);
    return e ? e->reason : "(no end)";
}

/* Checks the timeline is in time order and speech never overlaps: a
 * sentence ends when it ends, or where a barge-in cut it. */
static void check_order(const run *r)
{
    uint64_t last = 0, speech_end = 0;
    for (size_t i = 0; i < r->n; i++) {
        const action *a = &r->acts[i].a;
        CHECK(a->frame >= last);
        last = a->frame;
        if (a->type == ACTION_CONTROL && a->control == CONTROL_CUT && a->frame < speech_end)
            speech_end = a->frame;
        if (a->type == ACTION_SAY) {
            if (a->frame < speech_end)
                fprintf(stderr, "overlap at %.3f: %s\n", (double)a->frame / RATE, r->acts[i].text);
            CHECK(a->frame >= speech_end);
            speech_end = a->frame + a->duration;
        }
    }
}

/* Runs yaml as a logged session (logged: "did that feel easy?" and the
 * weekly tracking questions asked) or not, answering each question as it
 * is asked (its checkin or question event), a second later, with the next
 * of answers ("+TEXT": three seconds after the one before); "#K" is key K
 * pressed, through the program's keys.
 * *ctx gets the program's listening context. */
static run play_answering(const char *yaml, bool logged, const char *const *answers, unsigned *ctx)
{
    run r = {0};
    coach_diags *d = coach_diags_create();
    routine *rt = NULL;
    if (routine_load_buffer("t.yaml", yaml, strlen(yaml), lib, &rt, d) != COACH_OK)
        abort();
    coach_diags_destroy(d);
    session_config cfg = session_config_default();
    cfg.routine = rt;
    cfg.measure = chars;
    cfg.last.ask_easy = cfg.last.ask_tracking = logged;
    session *s = NULL;
    if (session_create(&cfg, &s) != COACH_OK)
        abort();
    program p = session_program(s); /* its keys and context; s is destroyed below */
    *ctx = p.context;
    session_start(s, 0);
    size_t seen = 0, k = 0;
    uint64_t at = UINT64_MAX;
    int guard = 0;
    while (!session_done(s) && guard++ < 200000) {
        uint64_t due = session_next_frame(s);
        if (at != UINT64_MAX && at <= due) {
            const char *text = answers[k++];
            if (text[0] == '+')
                text++;
            if (text[0] == '#')
                text = p.key(p.self, text[1]);
            session_hear(s, at, text ? text : "", sink, &r);
            at = answers[k] && answers[k][0] == '+' ? at + SEC(3) : UINT64_MAX;
            continue;
        }
        if (due == UINT64_MAX)
            break;
        session_advance(s, due, sink, &r);
        for (; seen < r.n; seen++)
            if (r.acts[seen].a.type == ACTION_EVENT && answers[k] && at == UINT64_MAX &&
                (strcmp(r.acts[seen].name, "checkin") == 0 || strcmp(r.acts[seen].name, "question") == 0))
                at = r.acts[seen].a.frame + SEC(1);
    }
    CHECK(session_done(s));
    session_destroy(s);
    routine_destroy(rt);
    return r;
}

/* The tracking event for field, or NULL. */
static const act *tracking_of(const run *r, const char *field)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->acts[i].a.type == ACTION_EVENT && strcmp(r->acts[i].name, "tracking") == 0 &&
            strcmp(r->acts[i].field, field) == 0)
            return &r->acts[i];
    return NULL;
}

/* A logged session asks "did that feel easy?" after a completed exercise
 * and, at its end, the weekly tracking questions (answered by a time, a
 * bare number, "skip" or a key); one not logged asks neither, and its
 * recogniser hears no amounts of time. */
static void test_easy_and_tracking(void)
{
    static const char yaml[] = "id: t\ntitle: Test\ndescription: D\nask_baseline_pain: true\n"
                               "steps:\n  - exercise: dead-bug\n    sets: 1\n    reps: 2\n";
    const char *const answers[] = {"two", "yes", "five minutes", "+one", "fifteen minutes", "skip",
                                   "ten", "#7", NULL};
    unsigned ctx = 0;
    run r = play_answering(yaml, true, answers, &ctx);
    check_order(&r);
    CHECK(ctx == (COMMAND_SESSION | COMMAND_TRACKING));
    const act *e = find(&r, "answer", 0);
    CHECK(e && strcmp(e->kind, "easy") == 0 && strcmp(e->answer, "yes") == 0 &&
          strcmp(e->exercise, "dead-bug") == 0);
    /* "five minutes" to the closing pain question is no rating */
    const act *u5 = find(&r, "unrecognized", 0);
    CHECK(u5 && strcmp(u5->text, "five minutes") == 0);
    CHECK_INT(count(&r, "pain"), 2);
    const act *t = tracking_of(&r, "morning_stiffness");
    CHECK(t && t->a.value == 15);
    t = tracking_of(&r, "sitting");
    CHECK(t && t->a.value == -1 && strcmp(t->answer, "skip") == 0);
    t = tracking_of(&r, "walking");
    CHECK(t && t->a.value == 10);
    t = tracking_of(&r, "confidence"); /* key 7: a bare seven, not "pain 7" */
    CHECK(t && t->a.value == 7);
    CHECK_STR(end_reason(&r), "completed");
    free(r.acts);
    /* not logged: neither, and key 7 is pain 7 */
    const char *const plain[] = {"two", "one", NULL};
    run n = play_answering(yaml, false, plain, &ctx);
    CHECK(ctx == COMMAND_SESSION);
    CHECK(said_text(&n, "feel easy") == NULL && said_text(&n, "quick questions") == NULL);
    CHECK_INT(count(&n, "tracking"), 0);
    CHECK_STR(end_reason(&n), "completed");
    free(n.acts);
}

#define HEAD "id: t\ntitle: Test\ndescription: D\nask_baseline_pain: false\n"

static const char plank[] = HEAD "steps:\n  - exercise: side-plank\n    hold: 20\n    side: none\n  - exercise: dead-bug\n";
static const char bugs[] = HEAD "steps:\n  - exercise: dead-bug\n    sets: 1\n    reps: 8\n  - exercise: side-plank\n  - exercise: walk\n    duration: 60\n";

/* The end of the last sound (speech or earcon) before action i. */
static uint64_t sound_end_before(const run *r, size_t i)
{
    uint64_t end = 0;
    for (size_t k = 0; k < i; k++) {
        const action *a = &r->acts[k].a;
        uint64_t e = a->type == ACTION_SAY      ? a->frame + a->duration
                     : a->type == ACTION_EARCON ? a->frame + SEC(earcon_seconds(a->earcon))
                                                : 0;
        if (e > end)
            end = e;
    }
    return end;
}

/* Issue 15's rules with the virtual clock: a sign of life in a long rest
 * and a long pause, time to move after a side is named, a long note said
 * in parts. */
static void test_sound_rules(void)
{
    /* a 60 s rest and a 40 s pause: the pulse comes 8 s after the last
     * sound, and again every 8 s; no silence is longer */
    static const char rest[] = HEAD "steps:\n  - rest: 60\n  - exercise: dead-bug\n    sets: 1\n    reps: 2\n";
    said pz[] = {{80, "pause"}, {120, "resume"}, {0, NULL}};
    run r = play(rest, pz);
    check_order(&r);
    int pulses = 0, in_pause = 0;
    uint64_t paused = find(&r, "pause", 0) ? find(&r, "pause", 0)->a.frame : 0;
    for (size_t i = 0; i < r.n; i++) {
        const action *a = &r.acts[i].a;
        if (a->type != ACTION_SAY && a->type != ACTION_EARCON)
            continue;
        uint64_t before = sound_end_before(&r, i);
        if (a->frame > before)
            CHECK(a->frame - before <= SEC(SESSION_PULSE_S));
        if (a->type == ACTION_EARCON && a->earcon == EARCON_PULSE) {
            CHECK_INT(a->frame - before, SEC(SESSION_PULSE_S));
            pulses++;
            in_pause += a->frame > paused && a->frame < SEC(120);
        }
    }
    CHECK(pulses >= 6);
    CHECK(in_pause >= 3);
    free(r.acts);

    /* each side: "Left side." before "Ready... go.", and 5 s (the
     * default move_seconds) from the end of a side's name to its beat */
    static const char sides[] = HEAD "steps:\n  - exercise: side-plank\n    hold: 10\n";
    run sp = play(sides, NULL);
    check_order(&sp);
    const act *left = said_text(&sp, "Left side."), *ready = said_text(&sp, "Ready... go.");
    CHECK(left && ready && left->a.frame < ready->a.frame);
    const act *right = said_text(&sp, "Switch sides. Right side.");
    CHECK(right != NULL);
    if (left && right) {
        const act *h1 = find(&sp, "hold_start", (size_t)(left - sp.acts));
        const act *h2 = find(&sp, "hold_start", (size_t)(right - sp.acts));
        CHECK(h1 && h1->a.frame >= left->a.frame + left->a.duration + SEC(5));
        CHECK(h2 && h2->a.frame >= right->a.frame + right->a.duration + SEC(5));
        /* "Ready... go." right before the beat: its end and the gap */
        CHECK(h1 && ready && h1->a.frame == ready->a.frame + ready->a.duration + SEC(SESSION_GAP_S));
    }
    free(sp.acts);

    /* a note of 20 s (at 60 ms a character) is said in parts of whole
     * sentences, none over 10 s, 0.3 s apart */
    static const char note[] = HEAD "steps:\n  - say: "
        "This sentence is here to take a good few seconds to say aloud. "
        "And here is a second one that also goes on for quite a while. "
        "A third sentence follows, so that the whole note is far too long. "
        "Last, a short one.\n  - rest: 5\n";
    run n = play(note, NULL);
    check_order(&n);
    const act *p1 = said_text(&n, "This sentence is here"), *p3 = said_text(&n, "A third sentence");
    CHECK(p1 && p3 && p1 != p3);
    int parts = 0;
    uint64_t prev_end = 0;
    for (size_t i = 0; i < n.n; i++) {
        const act *x = &n.acts[i];
        if (x->a.type != ACTION_SAY || x->a.frame < (p1 ? p1->a.frame : 0) || parts >= 4)
            continue;
        if (parts > 0 && !strstr(x->text, "Rest"))
            CHECK_INT(x->a.frame - prev_end, SEC(SESSION_GAP_S));
        CHECK(x->a.duration <= SEC(SESSION_SAY_MAX_S));
        prev_end = x->a.frame + x->a.duration;
        parts++;
        if (strstr(x->text, "Last, a short one."))
            break;
    }
    CHECK(parts >= 2);
    free(n.acts);
}

int main(void)
{
    lib = fixture_load();
    test_easy_and_tracking();

    /* a plain run: in order, no overlaps, ends completed, deterministic */
    run a = play(plank, NULL);
    check_order(&a);
    CHECK_STR(end_reason(&a), "completed");
    run a2 = play(plank, NULL);
    CHECK_INT(a.n, a2.n);
    for (size_t i = 0; i < a.n && i < a2.n; i++)
        CHECK(a.acts[i].a.frame == a2.acts[i].a.frame && strcmp(a.acts[i].text, a2.acts[i].text) == 0);
    free(a2.acts);

    /* holds: a tick every second exactly, 19 of them in a 20 s hold */
    const act *hs = find(&a, "hold_start", 0);
    CHECK(hs != NULL);
    uint64_t prev = hs->a.frame;
    int ticks = 0;
    for (size_t i = (size_t)(hs - a.acts); i < a.n && strcmp(a.acts[i].name, "hold_end"); i++)
        if (a.acts[i].a.type == ACTION_EARCON && strcmp(a.acts[i].name, "tick") == 0) {
            CHECK_INT(a.acts[i].a.frame - prev, RATE);
            prev = a.acts[i].a.frame;
            ticks++;
        }
    CHECK_INT(ticks, 19);
    CHECK_INT(find(&a, "hold_end", 0)->a.frame - hs->a.frame, SEC(20));
    CHECK(said_text(&a, "Ten seconds left.") != NULL);
    CHECK(said_text(&a, "Five") != NULL);
    CHECK(said_text(&a, "And release.") != NULL);
    /* form cues of the side plank are said during the hold */
    CHECK(said_text(&a, "Lift your hips.") != NULL);
    CHECK(said_text(&a, "First: side plank.") != NULL);
    CHECK(said_text(&a, "Last one: dead bug.") != NULL);

    /* a 30 s pause in the hold moves every later action by exactly 30 s plus
     * the 3 s lead-in */
    double p0 = (double)hs->a.frame / RATE + 7.5;
    said pause[] = {{p0, "pause"}, {p0 + 30, "resume"}, {0, NULL}};
    run b = play(plank, pause);
    check_order(&b);
    const act *res = find(&b, "resume", 0);
    CHECK(res != NULL);
    uint64_t shift = SEC(30 + SESSION_LEAD_IN_S);
    size_t ia = 0, ib = 0;
    while (ia < a.n && a.acts[ia].a.frame <= SEC(p0))
        ia++;
    while (ib < b.n && b.acts[ib].a.frame < res->a.frame + SEC(SESSION_LEAD_IN_S))
        ib++;
    CHECK_INT(a.n - ia, b.n - ib);
    for (; ia < a.n && ib < b.n; ia++, ib++) {
        CHECK_INT(b.acts[ib].a.frame, a.acts[ia].a.frame + shift);
        CHECK_STR(b.acts[ib].text, a.acts[ia].text);
        CHECK_STR(b.acts[ib].name, a.acts[ia].name);
    }
    CHECK(said_text(&b, "Paused.") != NULL);
    CHECK(said_text(&b, "Resuming.") != NULL);
    free(b.acts);

    /* reps: counted on the beat; slower stretches reps from the next one on */
    run c = play(bugs, NULL);
    check_order(&c);
    const act *r1 = find(&c, "rep", 0);
    CHECK(r1 && r1->a.rep == 1);
    const act *r2 = find(&c, "rep", (size_t)(r1 - c.acts) + 1);
    CHECK(r2 && r2->a.rep == 2);
    uint64_t R = r2->a.frame - r1->a.frame;
    CHECK_INT(R, SEC(2 * 4)); /* alternate: reach 2 + return 2, both sides */
    double t3 = (double)r2->a.frame / RATE + 1;
    said slow[] = {{t3, "slower"}, {0, NULL}};
    run d = play(bugs, slow);
    const act *d2 = find(&d, "rep", 0);
    d2 = find(&d, "rep", (size_t)(d2 - d.acts) + 1);
    const act *d3 = find(&d, "rep", (size_t)(d2 - d.acts) + 1);
    const act *d4 = find(&d, "rep", (size_t)(d3 - d.acts) + 1);
    CHECK_INT(d3->a.frame - d2->a.frame, R);            /* rep 2 keeps its length */
    CHECK_INT(d4->a.frame - d3->a.frame, R * 5 / 4);    /* then 25% slower */
    CHECK(said_text(&d, "Slower.") != NULL);
    free(d.acts);

    /* the pain bands, during the dead bug with no baseline */
    double tp = (double)r2->a.frame / RATE + 0.5;
    struct {
        const char *said;
        const char *expect_event;  /* an event that must happen */
        const char *expect_words;  /* words that must be said */
        const char *end;
    } bands[] = {
        {"pain two", NULL, "Pain two.", "completed"},
        {"pain four", "variant", "Let's make it easier: heel taps.", "completed"},
        {"pain six", "rest_start", "Let's stop dead bug here", "completed"},
        {"pain eight", NULL, "call your clinician", "pain"},
    };
    for (size_t i = 0; i < sizeof bands / sizeof bands[0]; i++) {
        said sc[] = {{tp, bands[i].said}, {0, NULL}};
        run e = play(bugs, sc);
        check_order(&e);
        if (bands[i].expect_event)
            CHECK(find(&e, bands[i].expect_event, 0) != NULL);
        CHECK(said_text(&e, bands[i].expect_words) != NULL);
        CHECK_STR(end_reason(&e), bands[i].end);
        if (i == 0)
            CHECK_INT(count(&e, "variant"), 0);
        if (i == 2) {
            const act *x = find(&e, "exercise_end", 0);
            CHECK(x && strcmp(x->reason, "pain") == 0);
        }
        if (i == 1) { /* decided after the 5 s in which it can be undone */
            const act *v = find(&e, "variant", 0);
            CHECK_INT(v->a.frame, SEC(tp) + SEC(SESSION_UNDO_S));
            CHECK_STR(v->from, "dead-bug");
            CHECK_STR(v->to, "heel-taps");
        }
        free(e.acts);
    }
    /* a red flag heard unprompted is asked back: "yes" ends the session with
     * the advice, "no" carries on, silence twice ends it to be safe */
    said rf_yes[] = {{tp, "numbness"}, {tp + 9, "yes"}, {0, NULL}};
    run ry = play(bugs, rf_yes);
    check_order(&ry);
    CHECK(said_text(&ry, "I think I heard you mention numbness") != NULL);
    CHECK(said_text(&ry, "get medical advice today") != NULL);
    CHECK_STR(end_reason(&ry), "red_flag");
    const act *rq = find(&ry, "question", 0);
    CHECK(rq && strcmp(rq->kind, "red_flag") == 0 && rq->a.frame == SEC(tp));
    const act *ra = find(&ry, "answer", 0);
    CHECK(ra && strcmp(ra->answer, "yes") == 0);
    free(ry.acts);
    said rf_no[] = {{tp, "numbness"}, {tp + 9, "no"}, {0, NULL}};
    run rn = play(bugs, rf_no);
    check_order(&rn);
    CHECK(said_text(&rn, "Sorry, I misheard you. Carrying on.") != NULL);
    CHECK(find(&rn, "resume", 0) != NULL);
    CHECK_STR(end_reason(&rn), "completed");
    CHECK_INT(count(&rn, "exercise_end"), count(&c, "exercise_end"));
    free(rn.acts);
    said rf_quiet[] = {{tp, "numbness"}, {0, NULL}};
    run rqt = play(bugs, rf_quiet);
    CHECK(said_text(&rqt, "Please answer yes or no.") != NULL);
    CHECK(said_text(&rqt, "I didn't hear an answer, so I'm ending the session to be safe") != NULL);
    CHECK_STR(end_reason(&rqt), "red_flag");
    free(rqt.acts);
    said rf_other[] = {{tp, "numbness"}, {tp + 9, "skip"}, {tp + 18, "my leg is weak"}, {0, NULL}};
    run ro = play(bugs, rf_other);
    CHECK(said_text(&ro, "Please answer yes or no.") != NULL);
    CHECK_INT(count(&ro, "skip"), 0);
    CHECK_STR(end_reason(&ro), "red_flag");
    free(ro.acts);
    said rf_paused[] = {{tp, "pause"}, {tp + 5, "numbness"}, {tp + 14, "cancel"}, {tp + 20, "resume"},
                        {0, NULL}};
    run rp = play(bugs, rf_paused);
    CHECK(said_text(&rp, "Sorry, I misheard you. We're still paused.") != NULL);
    CHECK_INT(count(&rp, "resume"), 1);
    CHECK_INT(find(&rp, "resume", 0)->a.frame, SEC(tp + 20));
    CHECK_STR(end_reason(&rp), "completed");
    free(rp.acts);

    /* regressions from the second review: */
    /* the closing rating changes no exercise: six is recorded, not "stopped" */
    static const char bugs_b[] = "id: t\ntitle: Test\ndescription: D\nsteps:\n  - exercise: dead-bug\n"
                                 "    sets: 1\n    reps: 8\n  - exercise: side-plank\n";
    run cb = play(bugs_b, NULL);
    const act *closing = NULL;
    for (size_t i = 0; i < cb.n; i++)
        if (cb.acts[i].a.type == ACTION_EVENT && strcmp(cb.acts[i].name, "checkin") == 0)
            closing = &cb.acts[i];
    CHECK(closing && said_text(&cb, "Before we finish: how is your back now") != NULL);
    double tc = closing ? (double)closing->a.frame / RATE + 1 : 0;
    free(cb.acts);
    said six[] = {{tc, "six"}, {0, NULL}};
    run cs = play(bugs_b, six);
    CHECK_STR(end_reason(&cs), "completed");
    CHECK_INT(find(&cs, "pain", 0)->a.value, 6);
    CHECK(said_text(&cs, "skipped") == NULL && said_text(&cs, "Let's stop") == NULL);
    free(cs.acts);
    /* a red flag during the closing words: its advice at once, and the
     * reason the session ended; "stop" there goes straight to the end */
    const act *sum0 = said_text(&c, "That's the end of today's session.");
    double ts = (double)sum0->a.frame / RATE + 1;
    said late_rf[] = {{ts, "numbness"}, {0, NULL}};
    run lr = play(bugs, late_rf);
    CHECK(said_text(&lr, "If you have new numbness, leg weakness, a fever, or have had a fall") != NULL);
    CHECK_STR(end_reason(&lr), "red_flag");
    check_order(&lr);
    free(lr.acts);
    said late_stop[] = {{ts, "stop"}, {0, NULL}};
    run ls = play(bugs, late_stop);
    CHECK_STR(end_reason(&ls), "completed");
    CHECK_INT(count(&ls, "session_end"), 1);
    free(ls.acts);
    /* pain nine, then a red flag while it waits: the red flag is asked and
     * answered first; "yes" gives the red-flag advice */
    said p9rf[] = {{tp, "pain nine"}, {tp + 1, "numbness"}, {tp + 12, "yes"}, {0, NULL}};
    run pr = play(bugs, p9rf);
    CHECK_STR(end_reason(&pr), "red_flag");
    CHECK(said_text(&pr, "get medical advice today") != NULL);
    free(pr.acts);
    said p9no[] = {{tp, "pain nine"}, {tp + 1, "numbness"}, {tp + 12, "no"}, {0, NULL}};
    run pn = play(bugs, p9no);
    CHECK_STR(end_reason(&pn), "pain"); /* and then the rating still ends it */
    free(pn.acts);

    /* "no" within 5 seconds undoes a rating; later there is nothing to undo */
    said undo[] = {{tp, "pain five"}, {tp + 2, "no"}, {0, NULL}};
    run u = play(bugs, undo);
    CHECK_INT(count(&u, "variant"), 0);
    CHECK_INT(count(&u, "pain"), 0);
    CHECK(said_text(&u, "Cancelled.") != NULL);
    free(u.acts);
    said late[] = {{tp, "pain five"}, {tp + 6, "cancel"}, {0, NULL}};
    run lt = play(bugs, late);
    CHECK_INT(count(&lt, "variant"), 1);
    CHECK(said_text(&lt, "There's nothing to undo.") != NULL);
    free(lt.acts);
    /* two exercises stopped for pain end the session */
    const act *sp = NULL;
    for (size_t i = 0; i < c.n && !sp; i++)
        if (c.acts[i].a.type == ACTION_EVENT && !strcmp(c.acts[i].name, "hold_start"))
            sp = &c.acts[i];
    said two[] = {{tp, "pain six"}, {0, NULL}, {0, NULL}};
    run f1 = play(bugs, two);
    const act *hs2 = find(&f1, "hold_start", 0);
    two[1].t = (double)hs2->a.frame / RATE + 2;
    two[1].text = "pain seven";
    free(f1.acts);
    run f = play(bugs, two);
    CHECK_STR(end_reason(&f), "pain");
    CHECK(said_text(&f, "That's two exercises we've had to stop today") != NULL);
    free(f.acts);
    /* a rise of two over the starting rating counts even under green_max */
    static const char base[] = "id: t\ntitle: T\ndescription: D\nsteps:\n  - exercise: dead-bug\n";
    said rise[] = {{8, "one"}, {0, NULL}, {0, NULL}};
    run g0 = play(base, rise);
    CHECK_INT(find(&g0, "pain", 0)->a.value, 1);
    const act *g0r = find(&g0, "rep", 0);
    rise[1].t = (double)g0r->a.frame / RATE + 0.5;
    rise[1].text = "pain three";
    free(g0.acts);
    run g = play(base, rise);
    CHECK_INT(count(&g, "variant"), 1);
    CHECK(said_text(&g, "Your pain was one at the start and three at the end.") != NULL);
    free(g.acts);
    /* no easier variant: the reps are cut by a third (heel taps: 6 -> 4) */
    static const char heel[] = HEAD "steps:\n  - exercise: heel-taps\n";
    said easy[] = {{25, "easier"}, {0, NULL}};
    run h = play(heel, easy);
    const act *dz = find(&h, "dose", 0);
    CHECK(dz && dz->a.previous == 6 && dz->a.value == 4);
    CHECK(said_text(&h, "Easier: four instead of six.") != NULL);
    free(h.acts);

    /* commands: skip, harder, repeat, what's next, how many left, help, stop */
    said cmds[] = {{tp, "what's next"}, {tp + 3, "how many left"}, {tp + 6, "repeat"},
                   {tp + 9, "help"}, {tp + 20, "skip"}, {0, NULL}};
    run k = play(bugs, cmds);
    check_order(&k);
    CHECK(said_text(&k, "Next up: side plank.") != NULL);
    CHECK(said_text(&k, "reps left in this set.") != NULL);
    CHECK(said_text(&k, "You can say: skip, easier, harder, slower") != NULL);
    CHECK(find(&k, "skip", 0) != NULL);
    CHECK_INT(count(&k, "exercise_start"), 3);
    CHECK(said_text(&k, "skipped one") != NULL);
    free(k.acts);
    /* each command, alone, mid-exercise: its answer, and the event it makes */
    struct {
        const char *said, *words, *event;
    } table[] = {
        {"what's next", "Next up: side plank.", NULL},
        {"how many left", "reps left in this set.", NULL},
        {"how long left", "reps left in this set.", NULL},
        {"repeat", "Breathe out as you reach.", NULL}, /* the last cue said, again (the first is said before the movement) */
        {"help", "You can say:", NULL},
        {"slower", "Slower.", "setting"},
        {"faster", "Faster.", "setting"},
        {"louder", "Louder.", "setting"},
        {"softer", "Softer.", "setting"},
        {"quieter", "Softer.", "setting"},
        {"speak slower", "Speaking slower.", "setting"},
        {"speak faster", "Speaking faster.", "setting"},
        {"resume", "We're not paused.", NULL},
        {"cancel", "There's nothing to undo.", NULL},
        {"easier", "Easier: heel taps.", "variant"},
        {"make it harder", "Harder: eleven instead of eight.", "dose"},
        {"skip", "Skipping dead bug.", "skip"},
        {"next", "Skipping dead bug.", "skip"},
        {"pause", "Paused.", "pause"},
        {"stop", "Do you want to end the session?", NULL},
    };
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        said sc[] = {{tp, table[i].said}, {0, NULL}};
        run x = play(bugs, sc);
        check_order(&x);
        const act *cmd = find(&x, "command", 0);
        CHECK(cmd != NULL);
        const act *w = cmd ? said_after(&x, table[i].words, cmd->a.frame) : NULL;
        if (!w || !cmd || w->a.frame < cmd->a.frame)
            fprintf(stderr, "command '%s': no '%s' after it\n", table[i].said, table[i].words);
        CHECK(w && cmd && w->a.frame >= cmd->a.frame);
        if (table[i].event)
            CHECK(find(&x, table[i].event, 0) != NULL);
        /* the acknowledge earcon plays at once */
        const act *ack = find(&x, "ack", 0);
        CHECK(ack && cmd && ack->a.frame == cmd->a.frame);
        free(x.acts);
    }
    /* a long pause is reminded every minute and ends the session after 30 */
    said idle[] = {{tp, "pause"}, {0, NULL}};
    run pz = play(bugs, idle);
    CHECK_STR(end_reason(&pz), "stopped");
    CHECK(said_text(&pz, "Still paused.") != NULL);
    CHECK(said_text(&pz, "We've been paused for a long time") != NULL);
    free(pz.acts);

    said hard[] = {{tp, "harder"}, {0, NULL}};
    run hh = play(bugs, hard); /* dead bug has no harder: reps 8 -> 11 */
    const act *hd = find(&hh, "dose", 0);
    CHECK(hd && hd->a.value == 11);
    free(hh.acts);
    said stop_yes[] = {{tp, "stop"}, {tp + 4, "yes"}, {0, NULL}};
    run sy = play(bugs, stop_yes);
    CHECK_STR(end_reason(&sy), "stopped");
    CHECK(said_text(&sy, "Do you want to end the session?") != NULL);
    free(sy.acts);
    said stop_no[] = {{tp, "stop"}, {tp + 4, "no"}, {0, NULL}};
    run sn = play(bugs, stop_no);
    CHECK_STR(end_reason(&sn), "completed");
    CHECK(said_text(&sn, "Carrying on.") != NULL);
    free(sn.acts);
    said louder[] = {{tp, "louder"}, {tp + 3, "speak slower"}, {0, NULL}};
    run lo = play(bugs, louder);
    CHECK_INT(count(&lo, "setting"), 2);
    CHECK(said_text(&lo, "Speaking slower.") != NULL);
    free(lo.acts);

    /* questions: the answer picks the branch; silence asks twice, then takes
     * the default */
    static const char q[] = HEAD "steps:\n  - question: yes_no\n    ask: Shall we walk?\n"
                            "    answers: {\"yes\": {branch: walking}, \"no\": continue}\n"
                            "    default: \"no\"\n  - say: The end.\n"
                            "branches:\n  walking:\n    - exercise: walk\n      duration: 20\n";
    said yes[] = {{5, "yes"}, {0, NULL}};
    run qy = play(q, yes);
    CHECK(find(&qy, "answer", 0) && !strcmp(find(&qy, "answer", 0)->answer, "yes"));
    CHECK(find(&qy, "exercise_start", 0) && !strcmp(find(&qy, "exercise_start", 0)->exercise, "walk"));
    CHECK(said_text(&qy, "The end.") != NULL);
    free(qy.acts);
    run qn = play(q, NULL);
    CHECK(said_text(&qn, "Sorry, I didn't catch that. Shall we walk? Please say yes or no.") != NULL);
    CHECK(said_text(&qn, "I'll take that as no.") != NULL);
    CHECK_INT(count(&qn, "exercise_start"), 0);
    free(qn.acts);
    said mumble[] = {{5, "what was that"}, {0, NULL}};
    run qm = play(q, mumble);
    CHECK_INT(count(&qm, "unrecognized"), 1);
    CHECK(said_text(&qm, "Sorry, I didn't catch that.") != NULL);
    free(qm.acts);

    /* the opening asks for a starting pain rating, and a bare number answers */
    static const char open[] = "id: t\ntitle: Opening\ndescription: D\nask_red_flags: true\nsteps:\n  - rest: 5\n";
    said ans[] = {{6, "three"}, {25, "yes"}, {0, NULL}};
    run o = play(open, ans);
    CHECK(find(&o, "checkin", 0) != NULL);
    CHECK(said_text(&o, "Three, thanks.") != NULL);
    CHECK_INT(find(&o, "pain", 0)->a.value, 3);
    CHECK_STR(end_reason(&o), "red_flag");
    CHECK(said_text(&o, "Opening. About") != NULL);
    free(o.acts);

    /* ---- regressions from a review: each ended wrongly or hung ---- */
    /* a red flag, then "skip" during the advice: the session still ends */
    said rf[] = {{tp, "numbness"}, {tp + 3, "skip"}, {0, NULL}};
    run x1 = play(bugs, rf);
    CHECK_STR(end_reason(&x1), "red_flag");
    CHECK_INT(count(&x1, "exercise_start"), 1);
    free(x1.acts);
    /* "skip" during the closing summary of a completed session */
    const act *sum = said_text(&c, "That's the end of today's session.");
    said sk[] = {{(double)sum->a.frame / RATE + 1, "skip"}, {0, NULL}};
    run x2 = play(bugs, sk);
    CHECK_STR(end_reason(&x2), "completed");
    free(x2.acts);
    /* "pain nine" then "skip" at once: the rating still ends the session */
    said p9[] = {{tp, "pain nine"}, {tp + 2, "skip"}, {0, NULL}};
    run x3 = play(bugs, p9);
    CHECK_STR(end_reason(&x3), "pain");
    CHECK_INT(find(&x3, "pain", 0)->a.value, 9);
    free(x3.acts);
    /* "stop?" then a rating of nine: decided, not thrown away */
    said stop9[] = {{tp, "stop"}, {tp + 2, "pain nine"}, {0, NULL}};
    run x4 = play(bugs, stop9);
    CHECK_STR(end_reason(&x4), "pain");
    free(x4.acts);
    said ss[] = {{tp, "stop"}, {tp + 2, "stop"}, {0, NULL}};
    run x5 = play(bugs, ss);
    CHECK_STR(end_reason(&x5), "stopped");
    free(x5.acts);
    /* paused, "stop?", "no": still paused, until "resume" */
    said ps[] = {{tp, "pause"}, {tp + 3, "stop"}, {tp + 6, "no"}, {tp + 20, "resume"}, {0, NULL}};
    run x6 = play(bugs, ps);
    CHECK_STR(end_reason(&x6), "completed");
    const act *rs = find(&x6, "resume", 0);
    CHECK(rs && rs->a.frame == SEC(tp + 20));
    CHECK_INT(count(&x6, "resume"), 1);
    free(x6.acts);
    /* paused, then a rating and help: the reminders and the time limit stay */
    said pp[] = {{tp, "pause"}, {tp + 2, "pain two"}, {tp + 9, "help"}, {0, NULL}};
    run x7 = play(bugs, pp);
    CHECK_STR(end_reason(&x7), "stopped");
    CHECK(said_text(&x7, "Still paused.") != NULL);
    free(x7.acts);
    /* a rating during a yes/no question: the question stays open and answers count */
    said qp[] = {{5, "pain two"}, {12, "yes"}, {0, NULL}};
    run x8 = play(q, qp);
    CHECK_STR(end_reason(&x8), "completed");
    CHECK(find(&x8, "answer", 0) && !strcmp(find(&x8, "answer", 0)->answer, "yes"));
    check_order(&x8);
    free(x8.acts);
    /* help during a question: the re-ask waits for the help to end */
    said qh[] = {{4, "help"}, {0, NULL}};
    run x9 = play(q, qh);
    check_order(&x9);
    CHECK(said_text(&x9, "I'll take that as no.") != NULL);
    free(x9.acts);
    /* "slower" in the last rep of a set: the reps already counted keep their times */
    const act *last = NULL;
    for (size_t i = 0; i < c.n; i++)
        if (c.acts[i].a.type == ACTION_EVENT && !strcmp(c.acts[i].name, "rep") && c.acts[i].a.rep == 8)
            last = &c.acts[i];
    said sl[] = {{(double)last->a.frame / RATE + 0.5, "slower"}, {0, NULL}};
    run x10 = play(bugs, sl);
    int eights = 0;
    for (size_t i = 0; i < x10.n; i++)
        eights += x10.acts[i].a.type == ACTION_EVENT && !strcmp(x10.acts[i].name, "rep") &&
                  x10.acts[i].a.rep == 8 && !strcmp(x10.acts[i].exercise, "dead-bug");
    CHECK_INT(eights, 1);
    check_order(&x10);
    free(x10.acts);
    /* "skip" during a handover's announcement: the next routine runs from
     * its first step, once */
    static const char hand[] = HEAD "steps:\n  - question: yes_no\n    ask: Go on?\n"
                               "    answers: {\"yes\": {routine: next-part}}\n    default: \"no\"\n";
    static const char next_yaml[] = "id: next-part\ntitle: The next part\ndescription: D\nsteps:\n"
                                    "  - exercise: heel-taps\n  - exercise: walk\n    duration: 20\n";
    coach_diags *nd2 = coach_diags_create();
    CHECK_INT(routine_load_buffer("next.yaml", next_yaml, sizeof next_yaml - 1, lib, &other, nd2), COACH_OK);
    coach_diags_destroy(nd2);
    said hs3[] = {{5, "yes"}, {8.5, "skip"}, {0, NULL}};
    run x11 = play(hand, hs3);
    CHECK_STR(end_reason(&x11), "completed");
    CHECK(said_text(&x11, "On to the next part: The next part.") != NULL);
    CHECK_INT(count(&x11, "exercise_start"), 2);
    free(x11.acts);
    routine_destroy(other);
    other = NULL;
    /* "easier" in the rest after set one: set two is done the easier way, set one is not redone */
    static const char two_sets[] = HEAD "steps:\n  - exercise: dead-bug\n    sets: 2\n    reps: 2\n    rest: 20\n";
    run t0 = play(two_sets, NULL);
    const act *rst = find(&t0, "rest_start", 0);
    said ez[] = {{(double)rst->a.frame / RATE + 5, "easier"}, {0, NULL}};
    run t1 = play(two_sets, ez);
    const act *v = find(&t1, "variant", 0);
    CHECK(v != NULL);
    const act *ss2 = v ? find(&t1, "set_start", (size_t)(v - t1.acts)) : NULL;
    CHECK(ss2 && ss2->a.set == 2);
    free(t0.acts);
    free(t1.acts);
    /* a pause during the exercise's first sentence does not start it twice */
    const act *ex0 = find(&c, "exercise_start", 0);
    said pz2[] = {{(double)ex0->a.frame / RATE + 0.5, "pause"}, {(double)ex0->a.frame / RATE + 5, "resume"}, {0, NULL}};
    run t2 = play(bugs, pz2);
    CHECK_INT(count(&t2, "exercise_start"), 3);
    free(t2.acts);

    /* barge-in: a pain rating in the middle of a sentence cuts it there,
     * and the banswer follows the acknowledgement at once; "louder" lets
     * the sentence finish first */
    const act *long_say = NULL;
    for (size_t i = 0; i < a.n && !long_say; i++)
        if (a.acts[i].a.type == ACTION_SAY && a.acts[i].a.duration > SEC(2.5) &&
            a.acts[i].a.frame > SEC(3))
            long_say = &a.acts[i];
    CHECK(long_say != NULL);
    if (long_say) {
        uint64_t mid = long_say->a.frame + SEC(1);
        uint64_t said_end = long_say->a.frame + long_say->a.duration;
        said bp[] = {{(double)mid / RATE, "pain four"}, {0, NULL}};
        run bg = play(plank, bp);
        check_order(&bg);
        const act *cut = NULL;
        for (size_t i = 0; i < bg.n && !cut; i++)
            if (bg.acts[i].a.type == ACTION_CONTROL && bg.acts[i].a.control == CONTROL_CUT)
                cut = &bg.acts[i];
        CHECK(cut && cut->a.frame == mid);
        const act *bi = find(&bg, "barge_in", 0);
        CHECK(bi && bi->a.frame == mid);
        CHECK_STR(bi ? bi->command : "", "pain");
        const act *bans = said_after(&bg, "", mid);
        CHECK(bans && bans->a.frame == mid + SEC(earcon_seconds(EARCON_ACK)));
        /* the sentence cut short was the unit's own: it is said again */
        int times = 0;
        for (size_t i = 0; i < bg.n; i++)
            times += bg.acts[i].a.type == ACTION_SAY && strcmp(bg.acts[i].text, long_say->text) == 0;
        CHECK_INT(times, 2);
        free(bg.acts);
        said lp[] = {{(double)mid / RATE, "louder"}, {0, NULL}};
        run bh = play(plank, lp);
        check_order(&bh);
        CHECK(find(&bh, "barge_in", 0) == NULL);
        const act *after = said_after(&bh, "", mid);
        CHECK(after && after->a.frame >= said_end);
        free(bh.acts);
        /* "yes" with nothing asked (ordinary talk: "yes, it's me") is
         * acknowledged and does nothing: it cuts nothing either */
        said yp[] = {{(double)mid / RATE, "yes"}, {0, NULL}};
        run by = play(plank, yp);
        check_order(&by);
        const act *heard_yes = find(&by, "command", 0);
        CHECK_STR(heard_yes ? heard_yes->command : "", "yes");
        CHECK(find(&by, "barge_in", 0) == NULL);
        int cuts = 0;
        for (size_t i = 0; i < by.n; i++)
            cuts += by.acts[i].a.type == ACTION_CONTROL && by.acts[i].a.control == CONTROL_CUT;
        CHECK_INT(cuts, 0);
        free(by.acts);
    }

    test_sound_rules();

    free(a.acts);
    free(c.acts);
    library_destroy(lib);
    CHECK_DONE();
}
