/* engine_units.c: the session engine's units: a step compiled into units
 * (sentences, sets of reps, holds, rests, questions), and the current unit
 * planned from any frame inside it (engine_impl.h). */
#include "engine_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/tracking.h"

/* ---- units: compiling a step -------------------------------------------- */

void engine_units_clear(session *s)
{
    for (size_t i = 0; i < s->n_units; i++)
        free(s->units[i].text);
    free(s->units);
    s->units = NULL;
    s->n_units = s->ui = 0;
}

unit *engine_unit_add(session *s, unit_type type)
{
    unit *u = realloc(s->units, (s->n_units + 1) * sizeof *u);
    if (!u)
        abort();
    s->units = u;
    u = &s->units[s->n_units++];
    memset(u, 0, sizeof *u);
    u->type = type;
    return u;
}

unit *engine_add_say(session *s, char *text, bool memorable)
{
    unit *u = engine_unit_add(s, U_SAY);
    u->text = text;
    u->memorable = memorable;
    return u;
}

unit *engine_add_say_t(session *s, tmpl_id id, const tmpl_args *a, bool memorable)
{
    return engine_add_say(s, tmpl_strdup(id, a), memorable);
}

static void add_event(unit *u, const char *name)
{
    if (u->n_events < 3)
        u->events[u->n_events++] = name;
}

unit *engine_add_rest(session *s, beats_rest_kind kind, int seconds)
{
    unit *u = engine_unit_add(s, U_REST);
    u->rest = kind;
    u->seconds = seconds;
    return u;
}

/* The next exercise step after the current one (this list, then the lists
 * it was called from), or NULL. */
const step *engine_next_exercise_step(const session *s)
{
    for (int d = s->depth - 1; d >= 0; d--) {
        const list_pos *lp = &s->stack[d];
        size_t from = lp->index + (d == s->depth - 1 ? 1 : 0);
        if (d != s->depth - 1)
            from = lp->index + 1;
        for (size_t i = from; i < lp->list->n; i++)
            if (lp->list->items[i].kind == STEP_EXERCISE)
                return &lp->list->items[i];
    }
    return NULL;
}

/* Exercise steps left after the current one on the same path. */
int engine_exercises_after(const session *s)
{
    int n = 0;
    for (int d = s->depth - 1; d >= 0; d--) {
        const list_pos *lp = &s->stack[d];
        for (size_t i = lp->index + 1; i < lp->list->n; i++)
            n += lp->list->items[i].kind == STEP_EXERCISE;
    }
    return n;
}

static int rest_of(const session *s, const exercise_dose *d)
{
    return d->rest >= 0 ? d->rest : s->set.rest_between_sets;
}

/* "Two sets of eight, alternating sides." */
static char *dose_sentence(const session *s, const exercise *x, const exercise_dose *d)
{
    tmpl_args a = {0};
    char side[64] = "";
    if (d->side == SIDE_EACH)
        tmpl_format(side, sizeof side, T_EACH_SIDE, NULL);
    else if (d->side == SIDE_ALTERNATE)
        tmpl_format(side, sizeof side, T_ALTERNATING, NULL);
    a.text = side; /* ", each side": its comma is unchanged by the capital rule */
    a.n = d->sets;
    switch (x->kind) {
    case EX_REPS:
        a.m = d->reps;
        return tmpl_strdup(d->sets > 1 ? T_DOSE_SETS_REPS : T_DOSE_REPS, &a);
    case EX_HOLD:
        a.m = (int)d->hold;
        if (d->reps > 1) {
            a.n = d->reps;
            return tmpl_strdup(T_DOSE_HOLDS, &a);
        }
        return tmpl_strdup(d->sets > 1 ? T_DOSE_SETS_HOLD : T_DOSE_HOLD, &a);
    case EX_BREATHING:
        a.n = d->cycles;
        return tmpl_strdup(T_DOSE_BREATHS, &a);
    case EX_TIMED:
        if (d->duration % 60 == 0) {
            a.n = d->duration / 60;
            return tmpl_strdup(T_DOSE_MINUTES, &a);
        }
        a.n = d->duration;
        return tmpl_strdup(T_DOSE_SECONDS, &a);
    }
    (void)s;
    return tmpl_strdup(T_EX_DONE, NULL);
}

/* What the beat planner knows of the session (beats.h). */
static beats_env beats_env_of(const session *s)
{
    beats_env e = {.sample_rate = s->cfg.sample_rate,
                   .measure = s->cfg.measure,
                   .measure_ctx = s->cfg.measure_ctx,
                   .rate = s->rate,
                   .dose = &s->dose,
                   .rep_seconds = s->set.rep_seconds,
                   .tempo = s->tempo,
                   .cues = s->ex ? s->ex->cues : NULL,
                   .n_cues = s->ex ? s->ex->n_cues : 0,
                   .cues_said = s->cues_said};
    return e;
}

/* The session's measure, as cue_fits_beat hands it to the planner. */
typedef struct padded_measure {
    action_measure measure;
    void *ctx;
    int sample_rate;
} padded_measure;

/* A sentence's length with a margin (a tenth more, and half a second): a
 * cue judged to fit fits by that much, so that a few milliseconds more or
 * less of synthesised speech never move it. */
static uint64_t measure_padded(void *ctx, const char *text, int rate)
{
    const padded_measure *p = ctx;
    uint64_t d = p->measure(p->ctx, text, rate);
    return d + d / 10 + (uint64_t)p->sample_rate / 2;
}

/* A sentence's length with a small margin (a fiftieth more, and 50 ms):
 * enough for the few milliseconds synthesis varies by, and small enough
 * for a cue between two counts. */
static uint64_t measure_margin(void *ctx, const char *text, int rate)
{
    const padded_measure *p = ctx;
    uint64_t d = p->measure(p->ctx, text, rate);
    return d + d / 50 + (uint64_t)p->sample_rate / 20;
}

/* True when form cue c of the current exercise, said on its own, finds a
 * quiet stretch in one of its holds or breaths, as the beat planner would
 * place it (beats.h), with a margin; a cue that does not is said before
 * "Ready... go". */
static bool cue_fits_beat(const session *s, int c)
{
    const exercise *x = s->ex;
    if (x->kind != EX_HOLD && x->kind != EX_BREATHING)
        return true;
    beats_env e = beats_env_of(s);
    padded_measure pm = {s->cfg.measure, s->cfg.measure_ctx, s->cfg.sample_rate};
    e.measure = measure_padded;
    e.measure_ctx = &pm;
    e.cues = &x->cues[c];
    e.n_cues = 1;
    e.cues_said = 0;
    beats b;
    beats_init(&b);
    if (x->kind == EX_HOLD)
        beats_hold(&b, &e, 1, 0, 1, (int)s->dose.hold, 0, 0, 0);
    else
        beats_breath(&b, &e, 1, 0, 0, 0);
    bool placed = false;
    for (size_t i = 0; i < b.n; i++)
        placed = placed || (b.items[i].kind == BEAT_SAY && b.items[i].cue >= 0);
    beats_free(&b);
    return placed;
}

/* The form cues after the first that one set of the current exercise's
 * reps has room for between its counts, as the beat planner would place
 * them (beats.h) with a margin: bit c for cue c. */
static unsigned cues_fitting_reps(const session *s)
{
    beats_env e = beats_env_of(s);
    padded_measure pm = {s->cfg.measure, s->cfg.measure_ctx, s->cfg.sample_rate};
    e.measure = measure_margin;
    e.measure_ctx = &pm;
    e.cues_said = s->cues_said | 1u; /* the first is said before the movement */
    int side = s->dose.side == SIDE_ALTERNATE ? BEATS_ALTERNATE : 0;
    beats b;
    beats_init(&b);
    beats_reps(&b, &e, 1, side, 1, s->dose.reps, 0, 0, 0);
    unsigned placed = 0;
    for (size_t i = 0; i < b.n; i++)
        if (b.items[i].kind == BEAT_SAY && b.items[i].cue >= 0 && b.items[i].cue < 32)
            placed |= 1u << b.items[i].cue;
    beats_free(&b);
    return placed;
}

/* The holds (or breaths) the current exercise has for its cues from set
 * from_set: each quiet stretch takes one cue at most. */
static int cue_slots(const session *s, int from_set)
{
    const exercise_dose *d = &s->dose;
    if (s->ex->kind == EX_BREATHING)
        return d->cycles;
    if (s->ex->kind != EX_HOLD)
        return 1000; /* reps: a cue after any rep's count, timed: minutes of quiet */
    int reps = d->reps > 0 ? d->reps : 1, sides = d->side == SIDE_NONE ? 1 : 2;
    return reps * sides * (d->sets - from_set + 1);
}

/* Says the form cues that must come before the movement: the first one
 * (the key to the movement: before "Ready... go", seed 001's "the right
 * cues"), and every cue that no hold or breath has room for (too long for
 * its quiet stretches, or more cues than holds), so that each is said. */
static void say_cues_before(session *s, int from_set)
{
    const exercise *x = s->ex;
    int slots = cue_slots(s, from_set);
    unsigned in_reps = x->kind == EX_REPS ? cues_fitting_reps(s) : ~0u;
    for (int c = 0; c < x->n_cues && c < 32; c++) {
        if (s->cues_said & (1u << c))
            continue;
        bool before = c == 0 || !(in_reps & (1u << c)) || !cue_fits_beat(s, c) || slots <= 0;
        if (!before) {
            slots--;
            continue;
        }
        engine_add_say(s, strdup(x->cues[c]), true);
        s->cues_said |= 1u << c;
    }
}

/* The getting-down or getting-up allowance (issue 15): when x is on the
 * floor and the exercise introduced before it was not (or the other way
 * round), the starting position just added gives get_up_seconds more to
 * move, and says so. */
static void get_up_allowance(session *s, const exercise *x)
{
    const exercise *before = s->introduced;
    if (!before || before->position == POS_UNKNOWN || x->position == POS_UNKNOWN ||
        (before->position == POS_FLOOR) == (x->position == POS_FLOOR) || s->set.get_up_seconds <= 0)
        return;
    s->units[s->n_units - 1].seconds = s->set.get_up_seconds;
    engine_add_say_t(s, x->position == POS_FLOOR ? T_GET_DOWN : T_GET_UP, NULL, false);
}

/* Compiles the current exercise (s->ex, s->dose) from set from_set. */
void engine_compile_exercise(session *s, intro_mode mode, int from_set)
{
    const exercise *x = s->ex;
    const exercise_dose *d = &s->dose;
    tmpl_args a = {.name = x->name};
    if (mode == INTRO_FULL) {
        tmpl_id head = s->done + s->skipped + s->stopped_for_pain == 0 ? T_EX_FIRST : T_EX_NEXT;
        if (engine_exercises_after(s) == 0 && head != T_EX_FIRST)
            head = T_EX_LAST;
        char h[300], *dose = dose_sentence(s, x, d), both[800];
        tmpl_format(h, sizeof h, head, &a);
        snprintf(both, sizeof both, "%s %s", h, dose);
        free(dose);
        unit *u = engine_add_say(s, strdup(both), true);
        add_event(u, "exercise_start");
        engine_add_say(s, strdup(x->start), true)->move = UM_NAMES;
        get_up_allowance(s, x);
        say_cues_before(s, from_set);
        engine_add_say(s, strdup(x->safety), true);
    } else {
        /* a switch mid-exercise: the new set-up, its key cue, and its own
         * safety cue when it is another variant, before counting starts */
        engine_add_say(s, strdup(x->start), true)->move = UM_NAMES;
        get_up_allowance(s, x);
        say_cues_before(s, from_set);
        if (s->introduced != x)
            engine_add_say(s, strdup(x->safety), true);
    }
    s->introduced = x;
    int sides = d->side == SIDE_NONE ? 1 : 2;
    unit *last = NULL;
    if (x->kind == EX_REPS || x->kind == EX_HOLD) {
        for (int set = from_set; set <= d->sets; set++) {
            /* an index, not a pointer: adding units moves the array */
            size_t first = s->n_units;
            if (d->sets > 1) {
                tmpl_args sa = {.n = set, .m = d->sets};
                engine_add_say_t(s, T_SET, &sa, false);
            }
            /* a side is named before "Ready... go.", with time to move */
            bool sided_first = d->side == SIDE_EACH || (x->kind == EX_HOLD && d->side == SIDE_ALTERNATE);
            if (sided_first)
                engine_add_say_t(s, T_LEFT_SIDE, NULL, false)->move = UM_NAMES;
            engine_add_say_t(s, T_READY, NULL, false)->move = UM_GO;
            add_event(&s->units[first], "set_start");
            s->units[first].set = set;
            if (x->kind == EX_REPS) {
                if (d->side == SIDE_ALTERNATE || d->side == SIDE_NONE) {
                    unit *u = engine_unit_add(s, U_REPS);
                    u->set = set, u->sets = d->sets, u->first = 1, u->count = d->reps, u->total = d->reps;
                    u->side = d->side == SIDE_ALTERNATE ? BEATS_ALTERNATE : 0;
                    last = u;
                } else {
                    for (int side = BEATS_LEFT; side <= BEATS_RIGHT; side++) {
                        if (side == BEATS_RIGHT) {
                            engine_add_say_t(s, T_RIGHT_SIDE, NULL, false)->move = UM_NAMES;
                            engine_add_say_t(s, T_READY, NULL, false)->move = UM_GO;
                        }
                        unit *u = engine_unit_add(s, U_REPS);
                        u->set = set, u->sets = d->sets, u->first = 1, u->count = d->reps, u->total = d->reps;
                        u->side = side;
                        last = u;
                    }
                }
            } else {
                int reps = d->reps > 0 ? d->reps : 1;
                for (int i = 0; i < reps * sides; i++) {
                    int side = 0, rep;
                    if (sides == 1) {
                        rep = i + 1;
                    } else if (d->side == SIDE_EACH) {
                        side = i < reps ? BEATS_LEFT : BEATS_RIGHT;
                        rep = i % reps + 1;
                    } else {
                        side = i % 2 ? BEATS_RIGHT : BEATS_LEFT;
                        rep = i / 2 + 1;
                    }
                    bool announce = side && (d->side == SIDE_ALTERNATE || rep == 1);
                    if (i > 0 && d->relax > 0)
                        engine_add_rest(s, BEATS_REST_RELAX, d->relax);
                    if (announce && i > 0) /* the first side is named before "Ready... go." */
                        engine_add_say_t(s, side == BEATS_LEFT ? T_LEFT_SIDE : T_RIGHT_SIDE, NULL, false)
                            ->move = UM_NAMES;
                    unit *u = engine_unit_add(s, U_HOLD);
                    u->set = set, u->sets = d->sets, u->side = side, u->first = rep;
                    u->total = reps;
                    u->seconds = (int)d->hold;
                    last = u;
                }
            }
            if (set < d->sets && rest_of(s, d) > 0)
                last = engine_add_rest(s, BEATS_REST_SETS, rest_of(s, d));
        }
        last = engine_add_say_t(s, T_EX_DONE, &a, false);
    } else if (x->kind == EX_BREATHING) {
        unit *u = engine_unit_add(s, U_BREATH);
        u->first = 1;
        u->count = d->cycles;
        u->total = d->cycles;
        add_event(u, "set_start");
        last = engine_add_say_t(s, T_EX_DONE, &a, false);
    } else {
        unit *u = engine_unit_add(s, U_TIMED);
        u->seconds = d->duration;
        add_event(u, "set_start");
        last = u;
    }
    last->end_event = "exercise_end";
}

void engine_compile_question(session *s, question_role role, const step *q)
{
    unit *u = engine_unit_add(s, U_QUESTION);
    u->role = role;
    u->q = q;
    u->attempt = 1;
}

/* The dose of step st for exercise x: the step's dose when x is the step's
 * own exercise, else the variant's library dose keeping the step's sets. */
exercise_dose engine_dose_for(const step *st, const exercise *x)
{
    if (x == st->exercise)
        return st->dose;
    exercise_dose d = x->dose;
    if (st->exercise->kind == x->kind || x->kind == EX_REPS || x->kind == EX_HOLD)
        d.sets = st->dose.sets > 0 ? st->dose.sets : d.sets;
    return d;
}

/* ---- units: planning ---------------------------------------------------- */


void engine_number_text(char *buf, size_t size, int n)
{
    beats_count_text(buf, size, n);
}

uint64_t engine_rep_length(const session *s, const unit *u)
{
    beats_env e = beats_env_of(s);
    return beats_rep_length(&e, u->side == BEATS_ALTERNATE);
}

/* The length of the current unit, when it has a fixed one. */
uint64_t engine_unit_length(const session *s, const unit *u)
{
    switch (u->type) {
    case U_REPS:
        return engine_rep_length(s, u) * (uint64_t)u->count;
    case U_HOLD:
    case U_REST:
    case U_TIMED:
        return secs(s, u->seconds);
    case U_BREATH: {
        beats_env e = beats_env_of(s);
        return beats_breath_length(&e) * (uint64_t)u->count;
    }
    default:
        return 0;
    }
}

static const char *next_name(const session *s)
{
    const step *n = engine_next_exercise_step(s);
    if (!n || s->skip_next)
        return NULL;
    return n->exercise->name;
}

/* Plans the beats of a unit (beats.h), in their order. */
static void push_beats(session *s, const beats *b)
{
    for (size_t i = 0; i < b->n; i++) {
        const beat *x = &b->items[i];
        switch (x->kind) {
        case BEAT_EARCON:
            engine_push_earcon(s, x->frame, x->earcon);
            break;
        case BEAT_EVENT: {
            plan_item *ev = x->of_exercise ? engine_push_ex_event(s, x->frame, x->event)
                                           : engine_push_event(s, x->frame, x->event);
            ev->a.set = x->set;
            ev->a.rep = x->rep;
            ev->a.side = x->side;
            ev->a.value = x->value;
            break;
        }
        case BEAT_SAY: {
            plan_item *it = engine_push_measured(s, x->frame, x->text, x->duration, x->memorable);
            if (x->unit_said)
                it->flags |= IF_UNIT_SAID;
            if (x->cue >= 0) {
                it->flags |= IF_CUE;
                it->tag = x->cue;
            }
            break;
        }
        case BEAT_END:
            engine_push_mark(s, x->frame, MK_UNIT_END);
            break;
        }
    }
}

const char *engine_question_kind_name(const unit *u)
{
    if (u->role == Q_BASELINE || u->role == Q_CLOSING)
        return "pain";
    if (u->role == Q_RED_FLAG)
        return "red_flag";
    if (u->role == Q_NEXT_DAY)
        return "next_day";
    if (u->role == Q_EASY)
        return "easy";
    if (u->role == Q_TRACKING)
        return "tracking";
    switch (u->q->question) {
    case Q_PAIN:
        return "pain";
    case Q_YES_NO:
        return "yes_no";
    default:
        return "better_same_worse";
    }
}

/* Seconds to answer question u: the usual window, shorter for "did that
 * feel easy?" (it is asked once, and silence costs a session little). */
double engine_answer_window(const unit *u)
{
    return u->role == Q_EASY ? SESSION_EASY_ANSWER_S : SESSION_ANSWER_S;
}

bool engine_is_pain_question(const unit *u)
{
    return u->type == U_QUESTION && (u->role == Q_BASELINE || u->role == Q_CLOSING ||
                                     (u->role == Q_STEP && u->q->question == Q_PAIN));
}

/* The question's sentence (the re-ask on the second attempt). */
static char *question_text(const session *s, const unit *u)
{
    (void)s;
    char ask[800];
    if (u->role == Q_BASELINE)
        tmpl_format(ask, sizeof ask, T_BASELINE, NULL);
    else if (u->role == Q_CLOSING)
        tmpl_format(ask, sizeof ask, T_CLOSING, NULL);
    else if (u->role == Q_RED_FLAG)
        tmpl_format(ask, sizeof ask,
                    u->flag == RED_FLAG_URGENT  ? T_RED_FLAG_Q_URGENT
                    : u->flag == RED_FLAG_NERVE ? T_RED_FLAG_Q_NERVE
                    : u->flag == RED_FLAG_ILLNESS ? T_RED_FLAG_Q_ILLNESS
                                                  : T_RED_FLAG_Q_INJURY,
                    NULL);
    else if (u->role == Q_NEXT_DAY)
        tmpl_format(ask, sizeof ask, T_NEXT_DAY_Q, NULL);
    else if (u->role == Q_EASY)
        tmpl_format(ask, sizeof ask, T_EASY_Q, NULL);
    else if (u->role == Q_TRACKING)
        tmpl_format(ask, sizeof ask,
                    u->flag == TRACKING_STIFFNESS ? T_TRACKING_Q_STIFFNESS
                    : u->flag == TRACKING_SITTING ? T_TRACKING_Q_SITTING
                    : u->flag == TRACKING_WALKING ? T_TRACKING_Q_WALKING
                                                  : T_TRACKING_Q_CONFIDENCE,
                    NULL);
    else if (u->q->text)
        snprintf(ask, sizeof ask, "%s", u->q->text);
    else
        tmpl_format(ask, sizeof ask, T_CHECKIN, NULL);
    if (u->attempt == 1)
        return strdup(ask);
    tmpl_args a = {.text = ask};
    if (engine_is_pain_question(u))
        return tmpl_strdup(T_PAIN_REASK, NULL);
    if (u->role == Q_TRACKING)
        return tmpl_strdup(tracking_in_minutes(u->flag) ? T_TRACKING_REASK : T_TRACKING_REASK_RATING, &a);
    if (u->role == Q_RED_FLAG || u->role == Q_NEXT_DAY || u->role == Q_EASY ||
        u->q->question == Q_YES_NO)
        return tmpl_strdup(T_YES_NO_REASK, &a);
    return tmpl_strdup(T_BSW_REASK, &a);
}

enum { SAY_PARTS_MAX = 16 };

/* True when a sentence starts at text[i]: after ". ", "? " or "! " (not
 * an ellipsis: "Ready... go."), with a capital. */
static bool sentence_starts(const char *text, size_t i)
{
    return i >= 3 && text[i - 1] == ' ' && strchr(".?!", text[i - 2]) && text[i - 3] != '.' &&
           isupper((unsigned char)text[i]);
}

/* Splits text into the utterances it is said as (issue 15): itself when
 * it lasts SESSION_SAY_MAX_S or less; else its sentences, grouped in order
 * while a group's sentences last SESSION_SAY_PART_S or less together (a
 * sentence longer than that alone is a group of its own). Returns how
 * many, each in parts[k]. */
static int say_split(session *s, const char *text, char parts[][COACH_SENTENCE_MAX])
{
    snprintf(parts[0], COACH_SENTENCE_MAX, "%s", text);
    if (measure(s, text) <= secs(s, SESSION_SAY_MAX_S))
        return 1;
    int n = 0;
    uint64_t sum = 0, most = secs(s, SESSION_SAY_PART_S);
    size_t len = strlen(text), a = 0;
    while (a < len) {
        size_t b = a + 1;
        while (b < len && !sentence_starts(text, b))
            b++;
        char one[COACH_SENTENCE_MAX];
        size_t m = b - a;
        while (m > 0 && text[a + m - 1] == ' ')
            m--;
        snprintf(one, sizeof one, "%.*s", (int)m, text + a);
        uint64_t d = measure(s, one);
        if (n > 0 && sum + d <= most) {
            size_t k = strlen(parts[n - 1]);
            snprintf(parts[n - 1] + k, COACH_SENTENCE_MAX - k, " %s", one);
            sum += d;
        } else if (n < SAY_PARTS_MAX) {
            snprintf(parts[n++], COACH_SENTENCE_MAX, "%s", one);
            sum = d;
        } else { /* more sentences than parts: the rest join the last */
            size_t k = strlen(parts[n - 1]);
            snprintf(parts[n - 1] + k, COACH_SENTENCE_MAX - k, " %s", one);
        }
        a = b;
    }
    return n;
}

/* How long text lasts as it is said (say_split), with `between` frames
 * between its utterances. */
static uint64_t say_length(session *s, const char *text, uint64_t between)
{
    char parts[SAY_PARTS_MAX][COACH_SENTENCE_MAX];
    int n = say_split(s, text, parts);
    uint64_t total = 0;
    for (int k = 0; k < n; k++)
        total += measure(s, parts[k]) + (k ? between : 0);
    return total;
}

/* Says text from frame t as its utterances (say_split), `between` frames
 * apart; returns the last one's item. */
static plan_item *say_parts(session *s, uint64_t t, const char *text, bool memorable, uint64_t between)
{
    char parts[SAY_PARTS_MAX][COACH_SENTENCE_MAX];
    int n = say_split(s, text, parts);
    plan_item *it = NULL;
    uint64_t end = t + say_length(s, text, between);
    for (int k = 0; k < n; k++) {
        it = engine_push_say(s, t, parts[k], memorable);
        if (k < n - 1) { /* speech is under way until the last part ends */
            it->flags |= IF_CHAIN;
            it->tag = (int)(end - t);
        }
        t += it->a.duration + between;
    }
    return it;
}

static void plan_question(session *s, unit *u, uint64_t S, uint64_t from, uint64_t busy)
{
    if (!s->unit_said) {
        uint64_t t = max64(max64(S, from), busy);
        if (u->attempt == 1 && !s->unit_started) {
            bool pain = engine_is_pain_question(u);
            plan_item *ev = engine_push_event(s, t, pain ? "checkin" : "question");
            ev->a.kind = engine_question_kind_name(u);
            if (u->role == Q_EASY && s->easy_ex)
                ev->a.exercise = s->easy_ex->id;
            if (u->role == Q_TRACKING)
                ev->a.field = tracking_field_name(u->flag);
            s->unit_started = true;
            engine_wait_from(s, t);
        }
        char *text = question_text(s, u);
        plan_item *it = say_parts(s, t, text, true, secs(s, SESSION_GAP_S));
        free(text);
        it->flags |= IF_UNIT_SAID;
        s->unit_said_at = t;
        engine_listen_for(s, it->a.frame + it->a.duration + secs(s, SESSION_GAP_S), MK_ANSWER_DUE,
                          engine_answer_window(u));
    } else if (s->pending_pain < 0 || !s->pain_in_question) {
        /* asked already: the time to answer runs from the end of the
         * question, or of whatever the coach is saying now */
        char *text = question_text(s, u);
        uint64_t end = s->unit_said_at + say_length(s, text, secs(s, SESSION_GAP_S));
        free(text);
        engine_push_mark(s, max64(max64(end, busy), from) + secs(s, engine_answer_window(u)),
                         MK_ANSWER_DUE);
    }
}

/* Plans the current unit from frame `from`, with speech busy until `busy`. */
void engine_plan_unit(session *s, uint64_t from, uint64_t busy)
{
    if (s->ui >= s->n_units || s->state != ST_RUNNING)
        return;
    unit *u = &s->units[s->ui];
    uint64_t S = s->ustart;
    beats_env env = beats_env_of(s);
    beats b;
    beats_init(&b);
    if (u->type != U_BREATH && u->type != U_TIMED && u->type != U_QUESTION && S >= from &&
        !s->unit_started) {
        s->unit_started = true;
        for (int i = 0; i < u->n_events; i++) {
            plan_item *ev = engine_push_ex_event(s, S, u->events[i]);
            if (strcmp(u->events[i], "set_start") == 0)
                ev->a.set = u->set;
        }
    }
    switch (u->type) {
    case U_SAY: {
        uint64_t gap = secs(s, SESSION_GAP_S);
        /* a long starting position is said in steps, with room to act */
        uint64_t between = (u->move & UM_NAMES) ? secs(s, SESSION_STEP_GAP_S) : gap;
        uint64_t dur = say_length(s, u->text, between);
        if (!s->unit_said) {
            uint64_t t = max64(max64(S, from), busy);
            if ((u->move & UM_GO) && s->move_until > t + dur + gap)
                t = s->move_until - dur - gap; /* right before the beat */
            plan_item *it = say_parts(s, t, u->text, u->memorable, between);
            it->flags |= IF_UNIT_SAID;
            s->unit_said_at = t;
            if (u->move & UM_NAMES) /* seconds: the getting-up allowance */
                s->move_until = t + dur + secs(s, s->set.move_seconds + u->seconds);
        }
        engine_push_mark(s, max64(s->unit_said_at + dur + gap, from), MK_UNIT_END);
        break;
    }
    case U_REPS:
        beats_reps(&b, &env, u->set, u->side, u->first, u->count, S, from, busy);
        break;
    case U_HOLD:
        beats_hold(&b, &env, u->set, u->side, u->first, u->seconds, S, from, busy);
        break;
    case U_REST:
        beats_rest(&b, &env, u->rest, u->seconds, next_name(s), s->unit_said, S, from, busy);
        break;
    case U_BREATH:
    case U_TIMED:
        if (S >= from)
            for (int i = 0; i < u->n_events; i++)
                engine_push_ex_event(s, S, u->events[i]);
        if (u->type == U_BREATH)
            beats_breath(&b, &env, u->count, S, from, busy);
        else
            beats_timed(&b, &env, u->seconds, S, from, busy);
        break;
    case U_QUESTION:
        plan_question(s, u, S, from, busy);
        break;
    case U_FINISH:
        break;
    }
    push_beats(s, &b);
    beats_free(&b);
}

