/* beats.c: where the beat of an exercise falls (beats.h). */
#include "beats.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "../core/templates.h"

void beats_init(beats *b)
{
    b->items = NULL;
    b->n = b->cap = 0;
    b->n_lane = 0;
}

void beats_free(beats *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->items[i].text);
    free(b->items);
    beats_init(b);
}

/* seconds as frames at env's rate, rounded to the nearest. */
static uint64_t beats_frames(const beats_env *env, double seconds)
{
    return (uint64_t)llround(seconds * env->sample_rate);
}

void beats_count_text(char *buf, size_t size, int n)
{
    tmpl_args a = {.n = n};
    tmpl_format(buf, size, T_COUNT, &a);
}

static uint64_t max64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

static uint64_t measure(const beats_env *env, const char *text)
{
    return env->measure(env->measure_ctx, text, env->rate);
}

/* ---- the list ---------------------------------------------------------------- */

static beat *add(beats *b, beat_kind kind, uint64_t frame)
{
    if (b->n == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 64;
        beat *p = realloc(b->items, cap * sizeof *p);
        if (!p)
            abort(); /* small, as the plan it goes into */
        b->items = p;
        b->cap = cap;
    }
    beat *x = &b->items[b->n++];
    *x = (beat){.kind = kind, .frame = frame, .set = -1, .rep = -1, .value = -1, .cue = -1};
    return x;
}

static void earcon_at(beats *b, uint64_t frame, earcon e)
{
    add(b, BEAT_EARCON, frame)->earcon = e;
}

static beat *event_at(beats *b, uint64_t frame, const char *name, bool of_exercise)
{
    beat *x = add(b, BEAT_EVENT, frame);
    x->event = name;
    x->of_exercise = of_exercise;
    return x;
}

static beat *say_at(beats *b, uint64_t frame, const char *text, uint64_t duration, bool memorable)
{
    beat *x = add(b, BEAT_SAY, frame);
    x->text = strdup(text);
    if (!x->text)
        abort();
    x->duration = duration;
    x->memorable = memorable;
    return x;
}

static void end_at(beats *b, uint64_t frame)
{
    add(b, BEAT_END, frame);
}

/* ---- the lane: speech placed in the unit, no two sentences overlapping -------- */

static bool lane_free_at(const beats *b, uint64_t from, uint64_t to)
{
    for (int i = 0; i < b->n_lane; i++)
        if (from < b->lane_b[i] && b->lane_a[i] < to)
            return false;
    return true;
}

static void lane_add(beats *b, uint64_t from, uint64_t to)
{
    if (b->n_lane < BEATS_LANE_MAX) {
        b->lane_a[b->n_lane] = from;
        b->lane_b[b->n_lane] = to;
        b->n_lane++;
    }
}

/* Says text at a fixed frame when it fits: at or after `from` and `busy`,
 * not overlapping the lane, ending by `limit` (0: no limit). */
static bool say_fixed(beats *b, const beats_env *env, uint64_t at, uint64_t from, uint64_t busy,
                      uint64_t limit, const char *text)
{
    if (at < from || at < busy)
        return false;
    uint64_t dur = measure(env, text);
    uint64_t pad = beats_frames(env, 0.1);
    if (limit && at + dur > limit)
        return false;
    if (!lane_free_at(b, at, at + dur + pad))
        return false;
    say_at(b, at, text, dur, false);
    lane_add(b, at, at + dur + pad);
    return true;
}

/* Places the form cues not yet said in the free stretches of [start,
 * limit): the earliest place each fits, in order. */
static void place_cues(beats *b, const beats_env *env, uint64_t start, uint64_t limit)
{
    uint64_t t = start;
    uint64_t gap = beats_frames(env, SESSION_GAP_S);
    for (int c = 0; c < env->n_cues; c++) {
        if (env->cues_said & (1u << c))
            continue;
        const char *text = env->cues[c];
        uint64_t dur = measure(env, text);
        uint64_t best = UINT64_MAX;
        /* candidates: t itself and the end of every busy stretch after it */
        for (int i = -1; i < b->n_lane; i++) {
            uint64_t cand = i < 0 ? t : b->lane_b[i];
            if (cand < t || cand + dur > limit || cand >= best)
                continue;
            if (lane_free_at(b, cand, cand + dur + gap))
                best = cand;
        }
        if (best == UINT64_MAX)
            return; /* later cues wait for the next unit */
        say_at(b, best, text, dur, true)->cue = c;
        lane_add(b, best, best + dur + gap);
        t = best + dur + gap;
    }
}

/* ---- lengths -------------------------------------------------------------------- */

int beats_rep_phases(const beats_env *env, uint64_t *len, const char **words)
{
    const exercise_dose *d = env->dose;
    if (!d || d->n_tempo == 0) {
        len[0] = beats_frames(env, env->rep_seconds * env->tempo);
        words[0] = NULL;
        return 1;
    }
    for (int i = 0; i < d->n_tempo; i++) {
        len[i] = beats_frames(env, d->tempo[i].seconds * env->tempo);
        words[i] = d->tempo[i].word;
    }
    return d->n_tempo;
}

uint64_t beats_rep_length(const beats_env *env, bool alternate)
{
    uint64_t len[TEMPO_MAX_PHASES];
    const char *words[TEMPO_MAX_PHASES];
    int n = beats_rep_phases(env, len, words);
    uint64_t r = 0;
    for (int i = 0; i < n; i++)
        r += len[i];
    return alternate ? 2 * r : r;
}

uint64_t beats_breath_length(const beats_env *env)
{
    const exercise_dose *d = env->dose;
    return beats_frames(env, d->inhale + d->hold + d->exhale);
}

static const char *side_name(int side)
{
    return side == BEATS_LEFT ? "left" : side == BEATS_RIGHT ? "right" : NULL;
}

/* ---- reps ------------------------------------------------------------------------ */

/* "Left" or "Right" as said after a count: "three, left". */
static void side_word(char *buf, size_t size, tmpl_id id)
{
    tmpl_format(buf, size, id, NULL);
    buf[0] = (char)(buf[0] | 0x20);
}

/* What is said on the beat of half h (0, or 1 for the right side of an
 * alternating rep) of rep number n: "Three", "Three, left", "right". */
static void beat_words(char *buf, size_t size, int n, bool alt, int h)
{
    char lw[16];
    if (alt && h == 1) {
        side_word(buf, size, T_RIGHT);
        return;
    }
    beats_count_text(buf, size, n);
    if (alt) {
        side_word(lw, sizeof lw, T_LEFT);
        size_t k = strlen(buf);
        snprintf(buf + k, size - k, ", %s", lw);
    }
}

/* Form cues come first, between the counts, never over one: each in the
 * first stretch from the end of a beat's words ("Three", "Three, left",
 * "right") to the next beat that holds it, with one plain rep between
 * cues. A cue that no stretch holds is left for the next unit (the
 * engine says such cues before "Ready... go", engine_units.c). */
static void rep_cues(beats *b, const beats_env *env, int first, int count, uint64_t S, uint64_t R,
                     bool alt, uint64_t lo)
{
    uint64_t pad = beats_frames(env, 0.1), half = alt ? R / 2 : R;
    char buf[96];
    int r0 = 0;
    while (r0 < count && S + R * (uint64_t)r0 < lo)
        r0++;
    for (int c = 0; c < env->n_cues && r0 < count; c++) {
        if (env->cues_said & (1u << c))
            continue;
        uint64_t dur = measure(env, env->cues[c]);
        bool placed = false;
        for (int r = r0; r < count && !placed; r++)
            for (int h = 0; h < (alt ? 2 : 1) && !placed; h++) {
                uint64_t hs = S + R * (uint64_t)r + half * (uint64_t)h;
                beat_words(buf, sizeof buf, first + r, alt, h);
                uint64_t at = hs + measure(env, buf) + pad;
                if (at < lo || at + dur + pad > hs + half)
                    continue;
                say_at(b, at, env->cues[c], dur, true)->cue = c;
                lane_add(b, at, at + dur + pad);
                placed = true;
                r0 = r + 2;
            }
        if (!placed)
            break;
    }
}

void beats_reps(beats *b, const beats_env *env, int set, int side, int first, int count,
                uint64_t S, uint64_t from, uint64_t busy)
{
    uint64_t len[TEMPO_MAX_PHASES];
    const char *words[TEMPO_MAX_PHASES];
    int n = beats_rep_phases(env, len, words);
    uint64_t one = 0;
    for (int i = 0; i < n; i++)
        one += len[i];
    bool alt = side == BEATS_ALTERNATE;
    uint64_t R = alt ? 2 * one : one;
    uint64_t E = S + R * (uint64_t)count;
    char buf[96];
    rep_cues(b, env, first, count, S, R, alt, max64(from, busy));
    /* the beat: a tick, an event and the count at each rep */
    for (int r = 0; r < count; r++) {
        uint64_t rs = S + R * (uint64_t)r;
        if (rs >= from) {
            earcon_at(b, rs, EARCON_TICK);
            beat *ev = event_at(b, rs, "rep", true);
            ev->set = set;
            ev->rep = first + r;
            ev->side = alt ? NULL : side_name(side);
        }
        beat_words(buf, sizeof buf, first + r, alt, 0);
        say_fixed(b, env, rs, from, busy, 0, buf);
        if (alt) {
            if (rs + one >= from)
                earcon_at(b, rs + one, EARCON_TICK);
            beat_words(buf, sizeof buf, first + r, alt, 1);
            say_fixed(b, env, rs + one, from, busy, 0, buf);
        }
    }
    /* the phase words where room is left */
    for (int r = 0; r < count; r++) {
        for (int half = 0; half < (alt ? 2 : 1); half++) {
            uint64_t t = S + R * (uint64_t)r + one * (uint64_t)half;
            for (int p = 0; p < n; p++) {
                if (p > 0 && words[p])
                    say_fixed(b, env, t, from, busy, t + len[p], words[p]);
                t += len[p];
            }
        }
    }
    end_at(b, max64(E, from));
}

/* ---- holds, rests, breaths, timed activities ------------------------------------ */

static void say_template(beats *b, const beats_env *env, uint64_t at, uint64_t from, uint64_t busy,
                         tmpl_id id)
{
    char buf[64];
    tmpl_format(buf, sizeof buf, id, NULL);
    say_fixed(b, env, at, from, busy, 0, buf);
}

/* "Three, two, one": the counts n down to 1, count k said k seconds
 * before the end of the `seconds` from S. */
static void countdown(beats *b, const beats_env *env, uint64_t S, int seconds, int n, uint64_t from,
                      uint64_t busy)
{
    char buf[64];
    for (int k = n; k >= 1; k--) {
        beats_count_text(buf, sizeof buf, k);
        say_fixed(b, env, S + beats_frames(env, seconds - k), from, busy, 0, buf);
    }
}

void beats_hold(beats *b, const beats_env *env, int set, int side, int rep, int seconds,
                uint64_t S, uint64_t from, uint64_t busy)
{
    int H = seconds;
    uint64_t E = S + beats_frames(env, H);
    if (S >= from) {
        earcon_at(b, S, EARCON_HOLD);
        beat *ev = event_at(b, S, "hold_start", true);
        ev->set = set;
        ev->rep = rep;
        ev->side = side_name(side);
        ev->value = H;
    }
    say_template(b, env, S, from, busy, T_HOLD);
    for (int k = 1; k < H; k++)
        if (S + beats_frames(env, k) >= from)
            earcon_at(b, S + beats_frames(env, k), EARCON_TICK);
    int count = H >= 8 ? 5 : H >= 5 ? 3 : 0;
    if (H >= 15)
        say_template(b, env, S + beats_frames(env, H - 10), from, busy, T_TEN_LEFT);
    if (H >= 20 && H / 2 != 10 && H / 2 > count)
        say_template(b, env, S + beats_frames(env, H / 2), from, busy, T_HALFWAY);
    countdown(b, env, S, H, count, from, busy);
    place_cues(b, env, max64(max64(S, from), busy), S + beats_frames(env, H - count));
    if (E >= from) {
        earcon_at(b, E, EARCON_RELEASE);
        beat *ev = event_at(b, E, "hold_end", true);
        ev->set = set;
        ev->rep = rep;
        ev->side = side_name(side);
    }
    say_template(b, env, E, from, busy, T_RELEASE);
    end_at(b, max64(E, from));
}

/* Says text at the earliest free stretch from t that ends by E; does
 * nothing when there is none. */
static void say_where_free(beats *b, const beats_env *env, uint64_t t, uint64_t E, const char *text)
{
    uint64_t dur = measure(env, text), gap = beats_frames(env, SESSION_GAP_S);
    for (int i = -1; i < b->n_lane; i++) {
        uint64_t cand = i < 0 ? t : b->lane_b[i];
        if (cand < t || cand + dur > E)
            continue;
        if (lane_free_at(b, cand, cand + dur + gap)) {
            say_at(b, cand, text, dur, true);
            lane_add(b, cand, cand + dur + gap);
            return;
        }
    }
}

void beats_rest(beats *b, const beats_env *env, beats_rest_kind kind, int seconds,
                const char *next_name, bool said, uint64_t S, uint64_t from, uint64_t busy)
{
    int R = seconds;
    uint64_t E = S + beats_frames(env, R);
    char buf[600];
    if (kind == BEATS_REST_RELAX) {
        tmpl_format(buf, sizeof buf, T_RELAX, NULL);
        say_fixed(b, env, max64(max64(S, from), busy), from, busy, E, buf);
        end_at(b, max64(E, from));
        return;
    }
    if (S >= from)
        event_at(b, S, "rest_start", kind == BEATS_REST_SETS)->value = R;
    /* the fixed countdown first, then the announcements where they fit */
    if (R >= 20) {
        tmpl_format(buf, sizeof buf, T_REST_TEN, NULL);
        say_fixed(b, env, S + beats_frames(env, R - 10), from, busy, 0, buf);
    }
    if (R >= 6)
        countdown(b, env, S, R, 3, from, busy);
    uint64_t t = max64(max64(S, from), busy);
    if (S >= from || !said) { /* its own sentence: first, or not at all */
        tmpl_args a = {.n = R};
        tmpl_format(buf, sizeof buf, T_REST, &a);
        uint64_t dur = measure(env, buf), gap = beats_frames(env, SESSION_GAP_S);
        if (lane_free_at(b, t, t + dur + gap) && t + dur <= E) {
            say_at(b, t, buf, dur, true)->unit_said = true;
            lane_add(b, t, t + dur + gap);
            t += dur + gap;
        }
    }
    /* between sets the same exercise goes on; planned again after the
     * rest's own sentence was said (an answer mid-rest), it was said too */
    if (next_name && kind != BEATS_REST_SETS && (S >= from || !said)) {
        tmpl_args a = {.name = next_name};
        tmpl_format(buf, sizeof buf, T_NEXT_UP, &a);
        say_where_free(b, env, t, E, buf); /* after the first sentence */
    }
    end_at(b, max64(E, from));
}

void beats_breath(beats *b, const beats_env *env, int count, uint64_t S, uint64_t from,
                  uint64_t busy)
{
    const exercise_dose *d = env->dose;
    uint64_t in = beats_frames(env, d->inhale), hold = beats_frames(env, d->hold),
             out = beats_frames(env, d->exhale);
    uint64_t C = in + hold + out;
    char buf[128];
    unsigned placed = 0;
    for (int c = 0; c < count; c++) {
        uint64_t cs = S + C * (uint64_t)c;
        bool last = c == count - 1 && count > 1;
        tmpl_format(buf, sizeof buf, last ? T_LAST_BREATH : T_BREATHE_IN, NULL);
        say_fixed(b, env, cs, from, busy, cs + in, buf);
        if (hold) {
            tmpl_format(buf, sizeof buf, T_BREATHE_HOLD, NULL);
            say_fixed(b, env, cs + in, from, busy, cs + in + hold, buf);
        }
        tmpl_format(buf, sizeof buf, T_BREATHE_OUT, NULL);
        say_fixed(b, env, cs + in + hold, from, busy, cs + C, buf);
        /* one form cue in the rest of the breath out */
        for (int k = 0; k < env->n_cues; k++) {
            if ((env->cues_said | placed) & (1u << k))
                continue;
            uint64_t at = max64(cs + in + hold + measure(env, buf) + beats_frames(env, 0.2),
                                max64(from, busy));
            uint64_t dur = measure(env, env->cues[k]);
            if (at + dur + beats_frames(env, 0.2) <= cs + C && lane_free_at(b, at, at + dur)) {
                say_at(b, at, env->cues[k], dur, true)->cue = k;
                lane_add(b, at, at + dur);
                placed |= 1u << k;
                break;
            }
        }
    }
    end_at(b, max64(S + C * (uint64_t)count, from));
}

void beats_timed(beats *b, const beats_env *env, int seconds, uint64_t S, uint64_t from,
                 uint64_t busy)
{
    int D = seconds, A = env->dose ? env->dose->announce_every : 0;
    uint64_t E = S + beats_frames(env, D);
    char buf[128];
    say_template(b, env, S, from, busy, T_TIMED_GO);
    for (int k = 1; A > 0 && k * A < D; k++) {
        int left = D - k * A;
        if (left < 10)
            break;
        tmpl_args a = {.n = left % 60 == 0 ? left / 60 : left};
        tmpl_format(buf, sizeof buf, left % 60 == 0 ? T_MINUTES_LEFT : T_SECONDS_LEFT, &a);
        say_fixed(b, env, S + beats_frames(env, k * A), from, busy, 0, buf);
    }
    if (D >= 6)
        countdown(b, env, S, D, 3, from, busy);
    place_cues(b, env, max64(max64(S + beats_frames(env, 1), from), busy), E - beats_frames(env, 3));
    tmpl_format(buf, sizeof buf, T_TIMED_DONE, NULL);
    if (E >= from)
        earcon_at(b, E, EARCON_RELEASE);
    say_fixed(b, env, E, from, busy, 0, buf);
    end_at(b, max64(E, from));
}
