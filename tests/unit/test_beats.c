/* test_beats.c: the beat planner (session/beats.h) as pure functions.
 * Speech lasts 100 ms plus 60 ms a character (as in test_engine), at 48000
 * frames a second, so that every expected frame can be worked out by hand. */
#include "check.h"
#include "session/beats.h"

#define RATE 48000
#define SEC(x) ((uint64_t)((x) * RATE + 0.5))

static int measured; /* measure calls, to prove nothing is measured twice */

static uint64_t chars(void *ctx, const char *text, int rate)
{
    (void)ctx;
    (void)rate;
    measured++;
    return SEC(0.1 + 0.06 * (double)strlen(text));
}

static beats_env env_for(const exercise_dose *d, double rep_seconds)
{
    beats_env e = {.sample_rate = RATE, .measure = chars, .rate = 165, .dose = d,
                   .rep_seconds = rep_seconds, .tempo = 1.0};
    return e;
}

/* The i-th beat of kind k (0 first), or NULL. */
static const beat *nth(const beats *b, beat_kind k, int i)
{
    for (size_t j = 0; j < b->n; j++)
        if (b->items[j].kind == k && i-- == 0)
            return &b->items[j];
    return NULL;
}

static int count(const beats *b, beat_kind k)
{
    int n = 0;
    for (size_t j = 0; j < b->n; j++)
        n += b->items[j].kind == k;
    return n;
}

/* The sentence said at frame, or NULL. */
static const char *said_at(const beats *b, uint64_t frame)
{
    for (size_t j = 0; j < b->n; j++)
        if (b->items[j].kind == BEAT_SAY && b->items[j].frame == frame)
            return b->items[j].text;
    return NULL;
}

static uint64_t frame_of(const beat *x)
{
    return x ? x->frame : UINT64_MAX;
}

/* Rep n of 2 s reps starting at 1 s starts at 1 + 2 (n - 1) seconds: a
 * tick, a "rep" event and the count, then the end after the last. */
static void test_reps_on_the_beat(void)
{
    exercise_dose d = {0};
    beats_env e = env_for(&d, 2.0);
    CHECK_INT(beats_rep_length(&e, false), SEC(2));
    CHECK_INT(beats_rep_length(&e, true), SEC(4));
    beats b;
    beats_init(&b);
    measured = 0;
    beats_reps(&b, &e, 2, 0, 1, 8, SEC(1), SEC(1), 0);
    CHECK_INT(count(&b, BEAT_EARCON), 8);
    CHECK_INT(count(&b, BEAT_EVENT), 8);
    CHECK_INT(count(&b, BEAT_SAY), 8);
    CHECK_INT(frame_of(nth(&b, BEAT_EARCON, 0)), SEC(1));
    CHECK_INT(frame_of(nth(&b, BEAT_EARCON, 4)), SEC(9)); /* rep 5 */
    CHECK_INT(frame_of(nth(&b, BEAT_EARCON, 7)), 720000); /* rep 8: 1 s + 7 x 2 s */
    CHECK_INT(nth(&b, BEAT_EARCON, 7)->earcon, EARCON_TICK);
    const beat *ev = nth(&b, BEAT_EVENT, 4);
    CHECK_STR(ev->event, "rep");
    CHECK_INT(ev->set, 2);
    CHECK_INT(ev->rep, 5);
    CHECK(ev->side == NULL);
    CHECK(ev->of_exercise);
    CHECK_INT(ev->value, -1);
    CHECK_STR(said_at(&b, SEC(9)), "Five");
    CHECK_INT(nth(&b, BEAT_SAY, 4)->duration, SEC(0.1 + 0.06 * 4));
    CHECK(!nth(&b, BEAT_SAY, 4)->memorable);
    CHECK_INT(nth(&b, BEAT_SAY, 4)->cue, -1);
    CHECK_INT(count(&b, BEAT_END), 1);
    CHECK_INT(frame_of(nth(&b, BEAT_END, 0)), SEC(17));
    CHECK_INT(b.items[b.n - 1].kind, BEAT_END); /* the end is planned last */
    CHECK_INT(measured, 8); /* each count once */
    /* the order at one frame: tick, event, count */
    CHECK_INT(b.items[0].kind, BEAT_EARCON);
    CHECK_INT(b.items[1].kind, BEAT_EVENT);
    CHECK_INT(b.items[2].kind, BEAT_SAY);
    beats_free(&b);
    CHECK_INT(b.n, 0);
}

/* Planned again from inside rep 3 (after an answer): reps 1 to 3 are not
 * ticked again; speech busy until 8.5 s drops the count of rep 4 (at 7 s)
 * and keeps every tick; the end does not move. */
static void test_reps_replanned_around_an_answer(void)
{
    exercise_dose d = {0};
    beats_env e = env_for(&d, 2.0);
    beats b;
    beats_init(&b);
    beats_reps(&b, &e, 1, 0, 1, 8, SEC(1), SEC(5) + 1, SEC(8.5));
    CHECK_INT(count(&b, BEAT_EARCON), 5); /* reps 4 to 8 */
    CHECK_INT(frame_of(nth(&b, BEAT_EARCON, 0)), SEC(7));
    CHECK_INT(nth(&b, BEAT_EVENT, 0)->rep, 4);
    CHECK(said_at(&b, SEC(7)) == NULL); /* collides with the answer */
    CHECK_STR(said_at(&b, SEC(9)), "Five");
    CHECK_INT(count(&b, BEAT_SAY), 4);
    CHECK_INT(frame_of(nth(&b, BEAT_END, 0)), SEC(17));
    beats_free(&b);
    /* planned from past the end: the end at `from` */
    beats_init(&b);
    beats_reps(&b, &e, 1, 0, 1, 2, 0, SEC(10), 0);
    CHECK_INT(count(&b, BEAT_EARCON), 0);
    CHECK_INT(frame_of(nth(&b, BEAT_END, 0)), SEC(10));
    beats_free(&b);
}

/* Alternating sides: a tick on each side, "one, left" then "right". */
static void test_reps_alternating(void)
{
    exercise_dose d = {0};
    beats_env e = env_for(&d, 1.5);
    beats b;
    beats_init(&b);
    beats_reps(&b, &e, 1, BEATS_ALTERNATE, 1, 2, 0, 0, 0);
    CHECK_INT(count(&b, BEAT_EARCON), 4);
    CHECK_INT(frame_of(nth(&b, BEAT_EARCON, 1)), SEC(1.5));
    CHECK_INT(frame_of(nth(&b, BEAT_EARCON, 2)), SEC(3));
    CHECK_INT(count(&b, BEAT_EVENT), 2); /* one event a rep */
    CHECK(nth(&b, BEAT_EVENT, 0)->side == NULL);
    CHECK_STR(said_at(&b, 0), "One, left");
    CHECK_STR(said_at(&b, SEC(1.5)), "right");
    CHECK_STR(said_at(&b, SEC(3)), "Two, left");
    CHECK_INT(frame_of(nth(&b, BEAT_END, 0)), SEC(6));
    beats_free(&b);
}

/* A tempo: phases scaled by the user's factor, the words said on every
 * phase but the first, where they fit. */
static void test_reps_tempo(void)
{
    exercise_dose d = {0};
    d.n_tempo = 3;
    d.tempo[0] = (tempo_phase){"up", 1.0};
    d.tempo[1] = (tempo_phase){"hold", 1.0};
    d.tempo[2] = (tempo_phase){"down", 2.0};
    beats_env e = env_for(&d, 2.0);
    e.tempo = 1.25;
    uint64_t len[TEMPO_MAX_PHASES];
    const char *words[TEMPO_MAX_PHASES];
    CHECK_INT(beats_rep_phases(&e, len, words), 3);
    CHECK_INT(len[0], SEC(1.25));
    CHECK_INT(len[2], SEC(2.5));
    CHECK_INT(beats_rep_length(&e, false), SEC(5));
    beats b;
    beats_init(&b);
    beats_reps(&b, &e, 1, 0, 1, 2, 0, 0, 0);
    CHECK_INT(frame_of(nth(&b, BEAT_EARCON, 1)), SEC(5));
    CHECK_STR(said_at(&b, SEC(1.25)), "hold");
    CHECK_STR(said_at(&b, SEC(2.5)), "down");
    CHECK_STR(said_at(&b, SEC(7.5)), "down");
    CHECK(said_at(&b, SEC(5)) && strcmp(said_at(&b, SEC(5)), "Two") == 0);
    beats_free(&b);
}

/* A form cue goes between two counts, never over one (issue 15): right
 * after a count when it ends before the next beat, with one plain rep
 * before the next cue; a cue no gap holds is not placed, and every count
 * is said. */
static void test_reps_cues_between_counts(void)
{
    exercise_dose d = {0};
    beats_env e = env_for(&d, 2.0);
    static const char *const cues[] = {"Keep your back flat.", "Breathe."};
    e.cues = cues;
    e.n_cues = 2;
    beats b;
    beats_init(&b);
    beats_reps(&b, &e, 1, 0, 1, 6, 0, 0, 0);
    /* "One" lasts 0.28 s; the cue starts 0.1 s after it and lasts 1.3 s,
     * ending 0.22 s before "Two" */
    uint64_t at = SEC(0.1 + 0.06 * 3) + SEC(0.1);
    const beat *cue = nth(&b, BEAT_SAY, 0); /* cues are placed first */
    CHECK_STR(cue->text, "Keep your back flat.");
    CHECK_INT(cue->frame, at);
    CHECK_INT(cue->cue, 0);
    CHECK(cue->memorable);
    static const char *const counts[] = {"One", "Two", "Three", "Four", "Five", "Six"};
    for (int r = 0; r < 6; r++)
        CHECK_STR(said_at(&b, SEC(2 * r)), counts[r]);
    /* the second cue after rep 3's count ("Three": 0.4 s) */
    const beat *second = NULL;
    for (size_t i = 0; i < b.n; i++)
        if (b.items[i].kind == BEAT_SAY && b.items[i].cue == 1)
            second = &b.items[i];
    CHECK(second != NULL);
    if (second)
        CHECK_INT(second->frame, SEC(4) + SEC(0.1 + 0.06 * 5) + SEC(0.1));
    beats_free(&b);
    /* a cue already said is not placed */
    e.cues_said = 1u;
    beats_init(&b);
    beats_reps(&b, &e, 1, 0, 1, 6, 0, 0, 0);
    CHECK_STR(nth(&b, BEAT_SAY, 0)->text, "Breathe.");
    CHECK_INT(nth(&b, BEAT_SAY, 0)->cue, 1);
    beats_free(&b);
    /* one-second reps: no gap holds "Keep your back flat.", so it is not
     * placed, and every count is said */
    e = env_for(&d, 1.0);
    e.cues = cues;
    e.n_cues = 1;
    beats_init(&b);
    beats_reps(&b, &e, 1, 0, 1, 6, 0, 0, 0);
    for (int r = 0; r < 6; r++)
        CHECK_STR(said_at(&b, SEC(r)), counts[r]);
    for (size_t i = 0; i < b.n; i++)
        CHECK(b.items[i].kind != BEAT_SAY || b.items[i].cue < 0);
    beats_free(&b);
    /* alternating: the cue does not fit between "One, left" (0.64 s) and
     * "right", so it goes after "right" (0.4 s); every word is said */
    e = env_for(&d, 2.0);
    e.cues = cues;
    e.n_cues = 1;
    beats_init(&b);
    beats_reps(&b, &e, 1, BEATS_ALTERNATE, 1, 2, 0, 0, 0);
    CHECK_STR(said_at(&b, 0), "One, left");
    CHECK_STR(said_at(&b, SEC(2)), "right");
    CHECK_STR(said_at(&b, SEC(4)), "Two, left");
    CHECK_STR(said_at(&b, SEC(6)), "right");
    CHECK_INT(nth(&b, BEAT_SAY, 0)->cue, 0);
    CHECK_INT(nth(&b, BEAT_SAY, 0)->frame, SEC(2) + SEC(0.1 + 0.06 * 5) + SEC(0.1));
    beats_free(&b);
}

/* A 10 s hold: the hold earcon and event, a tick each second, the
 * countdown from five, the release. */
static void test_hold(void)
{
    beats_env e = env_for(NULL, 2.0);
    beats b;
    beats_init(&b);
    beats_hold(&b, &e, 1, BEATS_RIGHT, 2, 10, SEC(3), 0, 0);
    const beat *x = nth(&b, BEAT_EARCON, 0);
    CHECK_INT(x->earcon, EARCON_HOLD);
    CHECK_INT(x->frame, SEC(3));
    const beat *ev = nth(&b, BEAT_EVENT, 0);
    CHECK_STR(ev->event, "hold_start");
    CHECK_INT(ev->rep, 2);
    CHECK_INT(ev->value, 10);
    CHECK_STR(ev->side, "right");
    CHECK_INT(count(&b, BEAT_EARCON), 11); /* hold, 9 ticks, release */
    for (int k = 1; k < 10; k++) {
        CHECK_INT(nth(&b, BEAT_EARCON, k)->earcon, EARCON_TICK);
        CHECK_INT(nth(&b, BEAT_EARCON, k)->frame, SEC(3 + k));
    }
    CHECK_STR(said_at(&b, SEC(3)), "Hold.");
    CHECK_STR(said_at(&b, SEC(8)), "Five");
    CHECK_STR(said_at(&b, SEC(12)), "One");
    CHECK(said_at(&b, SEC(13)) != NULL && strcmp(said_at(&b, SEC(13)), "And release.") == 0);
    CHECK_INT(nth(&b, BEAT_EARCON, 10)->earcon, EARCON_RELEASE);
    CHECK_INT(nth(&b, BEAT_EARCON, 10)->frame, SEC(13));
    CHECK_STR(nth(&b, BEAT_EVENT, 1)->event, "hold_end");
    CHECK_INT(nth(&b, BEAT_EVENT, 1)->value, -1);
    CHECK_INT(frame_of(nth(&b, BEAT_END, 0)), SEC(13));
    beats_free(&b);
}

/* Long holds: "ten seconds left" and "halfway" (not when halfway is the
 * ten seconds left); resumed from inside, only what is left. */
static void test_hold_long(void)
{
    beats_env e = env_for(NULL, 2.0);
    beats b;
    beats_init(&b);
    beats_hold(&b, &e, 1, 0, 1, 30, 0, 0, 0);
    CHECK_STR(said_at(&b, SEC(20)), "Ten seconds left.");
    CHECK_STR(said_at(&b, SEC(15)), "Halfway.");
    beats_free(&b);
    beats_init(&b);
    beats_hold(&b, &e, 1, 0, 1, 20, 0, 0, 0);
    CHECK_STR(said_at(&b, SEC(10)), "Ten seconds left.");
    int halfway = 0;
    for (size_t j = 0; j < b.n; j++)
        halfway += b.items[j].kind == BEAT_SAY && strcmp(b.items[j].text, "Halfway.") == 0;
    CHECK_INT(halfway, 0);
    beats_free(&b);
    /* resumed 12.5 s into a 20 s hold, speech busy until 14 s */
    beats_init(&b);
    beats_hold(&b, &e, 1, 0, 1, 20, 0, SEC(12.5), SEC(14));
    CHECK_INT(nth(&b, BEAT_EARCON, 0)->earcon, EARCON_TICK); /* no second hold earcon */
    CHECK_INT(nth(&b, BEAT_EARCON, 0)->frame, SEC(13));
    CHECK_STR(nth(&b, BEAT_EVENT, 0)->event, "hold_end");
    CHECK(said_at(&b, SEC(10)) == NULL);
    CHECK(said_at(&b, SEC(15)) != NULL); /* "Five" */
    beats_free(&b);
}

/* A 30 s rest before bird dog: its event, "ten seconds", the countdown,
 * its sentence at once (the unit's own) and what comes next after it. */
static void test_rest(void)
{
    beats_env e = env_for(NULL, 2.0);
    beats b;
    beats_init(&b);
    beats_rest(&b, &e, BEATS_REST_STEP, 30, "bird dog", false, SEC(2), SEC(2), SEC(2.5));
    const beat *ev = nth(&b, BEAT_EVENT, 0);
    CHECK_STR(ev->event, "rest_start");
    CHECK_INT(ev->value, 30);
    CHECK(!ev->of_exercise);
    CHECK_STR(said_at(&b, SEC(22)), "Ten seconds.");
    CHECK_STR(said_at(&b, SEC(29)), "Three");
    CHECK_STR(said_at(&b, SEC(31)), "One");
    const beat *own = NULL, *next = NULL;
    for (size_t j = 0; j < b.n; j++) {
        if (b.items[j].kind == BEAT_SAY && b.items[j].unit_said)
            own = &b.items[j];
        if (b.items[j].kind == BEAT_SAY && strstr(b.items[j].text, "bird dog"))
            next = &b.items[j];
    }
    CHECK(own != NULL);
    CHECK_INT(frame_of(own), SEC(2.5)); /* after the speech under way */
    CHECK(own && own->memorable);
    CHECK_STR(own ? own->text : NULL, "Rest thirty seconds.");
    CHECK(next != NULL);
    CHECK_STR(next ? next->text : NULL, "Next up: bird dog.");
    CHECK_INT(frame_of(next), SEC(2.5) + own->duration + SEC(0.3));
    CHECK_INT(frame_of(nth(&b, BEAT_END, 0)), SEC(32));
    beats_free(&b);
    /* between sets: an exercise's event, and no "next up" */
    beats_init(&b);
    beats_rest(&b, &e, BEATS_REST_SETS, 30, "bird dog", false, 0, 0, 0);
    CHECK(nth(&b, BEAT_EVENT, 0)->of_exercise);
    for (size_t j = 0; j < b.n; j++)
        CHECK(b.items[j].kind != BEAT_SAY || !strstr(b.items[j].text, "bird dog"));
    beats_free(&b);
    /* planned again from inside, its sentence already said: not again */
    beats_init(&b);
    beats_rest(&b, &e, BEATS_REST_STEP, 30, NULL, true, 0, SEC(5), SEC(5));
    CHECK_INT(count(&b, BEAT_EVENT), 0);
    for (size_t j = 0; j < b.n; j++)
        CHECK(!b.items[j].unit_said);
    beats_free(&b);
    /* relaxing between holds: one word, when it fits */
    beats_init(&b);
    beats_rest(&b, &e, BEATS_REST_RELAX, 3, "bird dog", false, SEC(1), SEC(1), 0);
    CHECK_INT(b.n, 2);
    CHECK_STR(said_at(&b, SEC(1)), "Relax.");
    CHECK_INT(frame_of(nth(&b, BEAT_END, 0)), SEC(4));
    beats_free(&b);
}

/* Breaths of 4 s in, 2 s hold, 6 s out. */
static void test_breath(void)
{
    exercise_dose d = {0};
    d.inhale = 4;
    d.hold = 2;
    d.exhale = 6;
    beats_env e = env_for(&d, 2.0);
    static const char *const cues[] = {"Let your ribs drop."};
    e.cues = cues;
    e.n_cues = 1;
    CHECK_INT(beats_breath_length(&e), SEC(12));
    beats b;
    beats_init(&b);
    beats_breath(&b, &e, 3, SEC(1), SEC(1), 0);
    CHECK_STR(said_at(&b, SEC(1)), "Breathe in.");
    CHECK_STR(said_at(&b, SEC(5)), "Hold.");
    CHECK_STR(said_at(&b, SEC(7)), "And out.");
    CHECK_STR(said_at(&b, SEC(13)), "Breathe in.");
    CHECK_STR(said_at(&b, SEC(25)), "Last breath. In.");
    /* the cue once, 0.2 s after "And out." (0.58 s) */
    const beat *cue = NULL;
    int cues_placed = 0;
    for (size_t j = 0; j < b.n; j++)
        if (b.items[j].kind == BEAT_SAY && b.items[j].cue == 0) {
            cue = &b.items[j];
            cues_placed++;
        }
    CHECK_INT(cues_placed, 1);
    CHECK_INT(frame_of(cue), SEC(7) + SEC(0.1 + 0.06 * 8) + SEC(0.2));
    CHECK_INT(frame_of(nth(&b, BEAT_END, 0)), SEC(37));
    CHECK_INT(count(&b, BEAT_EARCON), 0);
    beats_free(&b);
}

/* A 60 s timed activity announced every 20 s. */
static void test_timed(void)
{
    exercise_dose d = {0};
    d.duration = 60;
    d.announce_every = 20;
    beats_env e = env_for(&d, 2.0);
    beats b;
    beats_init(&b);
    beats_timed(&b, &e, 60, 0, 0, 0);
    CHECK_STR(said_at(&b, 0), "Off you go.");
    CHECK_STR(said_at(&b, SEC(20)), "Forty seconds left.");
    CHECK_STR(said_at(&b, SEC(40)), "Twenty seconds left.");
    CHECK_STR(said_at(&b, SEC(57)), "Three");
    CHECK_STR(said_at(&b, SEC(60)), "And stop. Well done.");
    CHECK_INT(count(&b, BEAT_EARCON), 1);
    CHECK_INT(nth(&b, BEAT_EARCON, 0)->earcon, EARCON_RELEASE);
    CHECK_INT(nth(&b, BEAT_EARCON, 0)->frame, SEC(60));
    CHECK_INT(frame_of(nth(&b, BEAT_END, 0)), SEC(60));
    beats_free(&b);
    /* two minutes: the whole minute left said in minutes */
    beats_init(&b);
    d.announce_every = 60;
    beats_timed(&b, &e, 120, 0, 0, 0);
    CHECK_STR(said_at(&b, SEC(60)), "One minute left.");
    beats_free(&b);
}

int main(void)
{
    test_reps_on_the_beat();
    test_reps_replanned_around_an_answer();
    test_reps_alternating();
    test_reps_tempo();
    test_reps_cues_between_counts();
    test_hold();
    test_hold_long();
    test_rest();
    test_breath();
    test_timed();
    CHECK_DONE();
}
