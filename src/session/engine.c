/* engine.c: the session engine.
 *
 * How it works. The current routine step is compiled into a list of units
 * (a sentence, a set of reps on one side, a hold, a rest, a question...).
 * Only the current unit is planned ahead: its actions go into a plan sorted
 * by frame, ending with an internal mark that starts the next unit. Every
 * unit can be planned again from any frame inside it, so when the user
 * speaks, the engine drops the plan past that frame, answers, and plans the
 * unit again from there: the beat (ticks, rep and hold times) stays where it
 * was, speech that would collide with the answer is dropped (counts) or
 * moved after it (instructions). Pausing records where the unit was;
 * resuming plans it again shifted by the pause and the lead-in. */
#include "engine.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "program.h"
#include "../core/templates.h"

/* ---- plan items ---------------------------------------------------------- */

enum { IK_SAY, IK_EARCON, IK_EVENT, IK_MARK };
enum {
    MK_UNIT_END,      /* the current unit is over: start the next */
    MK_ANSWER_DUE,    /* a question was not answered in time */
    MK_PAIN_DECIDE,   /* the undo window of a pain rating has closed */
    MK_PAUSE_REMIND,  /* still paused */
    MK_STOP_DUE,      /* "stop?" was not answered */
    MK_RED_FLAG_DUE,  /* a red flag heard unprompted was not confirmed */
    MK_ABANDON,       /* kiosk: nothing heard for abandon_after_s while waiting */
};
enum { OE_NONE, OE_UNIT_SAID, OE_CUE };

typedef struct item {
    uint64_t frame, seq;
    int kind;
    int mark;          /* IK_MARK */
    int on_emit;       /* OE_* */
    int cue;           /* OE_CUE: which cue */
    bool memorable;    /* ACTION_SAY: "repeat" may say it again */
    char *text;        /* owned */
    action a;  /* what is emitted (text points at item text) */
} item;

/* ---- units --------------------------------------------------------------- */

typedef enum { U_SAY, U_REPS, U_HOLD, U_REST, U_BREATH, U_TIMED, U_QUESTION, U_FINISH } unit_type;
typedef enum { R_STEP, R_SETS, R_RELAX, R_PAIN } rest_kind;
typedef enum { Q_BASELINE, Q_RED_FLAG, Q_STEP, Q_NEXT_DAY, Q_CLOSING } question_role;
enum { SIDE_L = 1, SIDE_R = 2, SIDE_ALT = 3 };

typedef struct unit {
    unit_type type;
    char *text;             /* U_SAY: the sentence (owned) */
    bool memorable;
    const char *events[3];  /* events emitted when the unit starts */
    int n_events;
    const char *end_event;  /* emitted when it ends ("exercise_end") */
    int set, sets, side;    /* U_REPS, U_HOLD */
    int first, count;       /* reps: first rep number and how many; breath: cycles */
    int total;              /* reps per set (for "how many left") */
    int seconds;            /* hold, rest, timed */
    rest_kind rest;
    question_role role;     /* U_QUESTION */
    const step *q;          /* U_QUESTION from a step */
    int attempt;            /* U_QUESTION: 1, then 2 after re-asking */
} unit;

typedef struct list_pos {
    const step_list *list;
    size_t index;
} list_pos;

typedef enum { ST_RUNNING, ST_PAUSED, ST_CONFIRM_STOP, ST_CONFIRM_RED_FLAG, ST_DONE } run_state;

struct session {
    session_config cfg;
    const routine *r;
    routine_settings set;   /* the current routine's settings */
    int rate, volume;
    double tempo;           /* rep length factor, 0.5-2 */
    double tempo_next;      /* a change asked in a set's last rep; 0: none */

    item *plan;
    size_t n_plan, cap_plan;
    uint64_t seq;
    uint64_t now;           /* last frame advanced to */
    uint64_t lane_free;     /* speech in progress ends here */
    char last_cue[1200];

    /* where we are */
    list_pos stack[32];
    int depth;
    const step *cur_step;   /* the step being run, NULL between steps */
    unit *units;
    size_t n_units, ui;
    uint64_t ustart;        /* the current unit's start frame */
    bool unit_said;         /* U_SAY: its sentence was emitted */
    uint64_t unit_said_at;
    bool unit_started;      /* its start events were emitted */
    int phase;              /* opening: 0 intro, 1 baseline, 2 red flag, 3 steps */

    /* the current exercise */
    const exercise *ex;     /* the variant being done */
    const exercise *planned;/* the exercise the step names */
    exercise_dose dose;
    unsigned cues_said;
    bool changed;           /* counted once per exercise in the summary */

    /* state machine */
    run_state state;
    bool confirm_from_pause; /* "stop?" or the red flag was asked while paused */
    int red_flag_asks;       /* times the red flag heard was asked back */
    uint64_t paused_at;
    uint64_t pause_offset;  /* where the unit was, from its start */
    int pending_pain;       /* -1 none */
    uint64_t pain_due;
    uint64_t pain_heard_at;
    bool pain_in_question;  /* the rating answered a pain question */
    bool easier_next, skip_next;

    /* progression from the last session: one level per exercise step */
    struct level {
        const step *st;
        progress_level l;
    } *levels;
    size_t n_levels;
    bool progress_planned;
    bool closing;           /* the closing pain question is under way */

    /* the summary */
    int done, skipped, stopped_for_pain, n_changed;
    int pain_start, pain_last, baseline;
    int est_minutes, est_exercises;
    const char *end_reason;

    /* kiosk (cfg.abandon_after_s > 0): when the session, waiting for the
     * user, ends as abandoned; UINT64_MAX: not waiting */
    uint64_t abandon_at;
};

/* The form cues an exercise starts with as already said: all of them when
 * the user asked for brief coaching (docs/menu.md), else none. */
static unsigned fresh_cues(const session *s)
{
    return s->cfg.detail == SESSION_DETAIL_BRIEF ? ~0u : 0u;
}

static uint64_t secs(const session *s, double seconds)
{
    return (uint64_t)llround(seconds * s->cfg.sample_rate);
}

/* Inserts an item keeping the plan sorted by (frame, seq). */
static item *plan_push(session *s, uint64_t frame, int kind)
{
    if (s->n_plan == s->cap_plan) {
        size_t cap = s->cap_plan ? s->cap_plan * 2 : 64;
        item *p = realloc(s->plan, cap * sizeof *p);
        if (!p)
            abort(); /* the plan is small; running out of memory here is fatal */
        s->plan = p;
        s->cap_plan = cap;
    }
    size_t lo = 0, hi = s->n_plan;
    while (lo < hi) { /* the first item with a later frame */
        size_t mid = (lo + hi) / 2;
        if (s->plan[mid].frame <= frame)
            lo = mid + 1;
        else
            hi = mid;
    }
    memmove(&s->plan[lo + 1], &s->plan[lo], (s->n_plan - lo) * sizeof *s->plan);
    s->n_plan++;
    item *it = &s->plan[lo];
    memset(it, 0, sizeof *it);
    it->frame = frame;
    it->seq = s->seq++;
    it->kind = kind;
    it->cue = -1;
    it->a = action_make(ACTION_SAY, frame);
    return it;
}

static void item_free(item *it)
{
    free(it->text);
    it->text = NULL;
}

/* Drops every planned item after frame, except the timers that do not
 * belong to the current unit (a pain rating's decision, the pause
 * reminder): they are dropped only on purpose, with plan_drop_mark. */
static void plan_truncate(session *s, uint64_t frame)
{
    size_t keep = 0;
    for (size_t i = 0; i < s->n_plan; i++) {
        item *it = &s->plan[i];
        bool timer = it->kind == IK_MARK && (it->mark == MK_PAIN_DECIDE || it->mark == MK_PAUSE_REMIND ||
                                             it->mark == MK_ABANDON);
        if (it->frame <= frame || timer)
            s->plan[keep++] = *it;
        else
            item_free(it);
    }
    s->n_plan = keep;
}

/* Drops the marks of one kind. */
static void plan_drop_mark(session *s, int mark)
{
    size_t keep = 0;
    for (size_t i = 0; i < s->n_plan; i++) {
        if (s->plan[i].kind == IK_MARK && s->plan[i].mark == mark)
            item_free(&s->plan[i]);
        else
            s->plan[keep++] = s->plan[i];
    }
    s->n_plan = keep;
}

static uint64_t measure(session *s, const char *text)
{
    return s->cfg.measure(s->cfg.measure_ctx, text, s->rate);
}

static item *push_say(session *s, uint64_t frame, const char *text, bool memorable)
{
    item *it = plan_push(s, frame, IK_SAY);
    it->text = strdup(text);
    if (!it->text)
        abort();
    it->a.type = ACTION_SAY;
    it->a.duration = measure(s, text);
    it->a.rate = s->rate;
    it->memorable = memorable;
    return it;
}

static void push_earcon(session *s, uint64_t frame, earcon e)
{
    item *it = plan_push(s, frame, IK_EARCON);
    it->a = action_earcon(e, frame);
}

static item *push_event(session *s, uint64_t frame, const char *name)
{
    item *it = plan_push(s, frame, IK_EVENT);
    it->a.type = ACTION_EVENT;
    it->a.name = name;
    return it;
}

/* A control message for the player (a new volume), at frame. */
static void push_control(session *s, uint64_t frame, control_kind what, int value)
{
    item *it = plan_push(s, frame, IK_EVENT);
    it->a = action_control(what, value, frame);
}

/* An event about the current exercise: it carries the exercise's id. */
static item *push_ex_event(session *s, uint64_t frame, const char *name)
{
    item *it = push_event(s, frame, name);
    if (s->ex)
        it->a.exercise = s->ex->id;
    if (s->ex && strcmp(name, "exercise_start") == 0) {
        it->a.planned = s->planned ? s->planned->id : s->ex->id;
        if (s->ex->kind == EX_REPS || s->ex->kind == EX_HOLD) {
            it->a.sets = s->dose.sets;
            it->a.reps = s->dose.reps;
        }
        if (s->ex->kind == EX_HOLD)
            it->a.hold = (int)lround(s->dose.hold);
    }
    return it;
}

static void push_mark(session *s, uint64_t frame, int mark)
{
    item *it = plan_push(s, frame, IK_MARK);
    it->mark = mark;
}

/* Kiosk: the session waits for the user from frame (a pause, a question,
 * or the last thing heard while waiting); unless something is heard, it
 * is abandoned abandon_after_s later. Does nothing outside the kiosk. */
static void wait_from(session *s, uint64_t frame)
{
    if (s->cfg.abandon_after_s <= 0)
        return;
    plan_drop_mark(s, MK_ABANDON);
    s->abandon_at = frame + secs(s, s->cfg.abandon_after_s);
    push_mark(s, s->abandon_at, MK_ABANDON);
}

/* Kiosk: the session no longer waits for the user. */
static void wait_end(session *s)
{
    if (s->abandon_at == UINT64_MAX)
        return;
    s->abandon_at = UINT64_MAX;
    plan_drop_mark(s, MK_ABANDON);
}

/* Formats a template into a new heap string. */
static char *fmt(tmpl_id id, const tmpl_args *a)
{
    char buf[1200];
    tmpl_format(buf, sizeof buf, id, a);
    char *p = strdup(buf);
    if (!p)
        abort();
    return p;
}

static void say_now(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a, bool memorable);

/* ---- units: compiling a step -------------------------------------------- */

static void units_clear(session *s)
{
    for (size_t i = 0; i < s->n_units; i++)
        free(s->units[i].text);
    free(s->units);
    s->units = NULL;
    s->n_units = s->ui = 0;
}

static unit *unit_add(session *s, unit_type type)
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

static unit *add_say(session *s, char *text, bool memorable)
{
    unit *u = unit_add(s, U_SAY);
    u->text = text;
    u->memorable = memorable;
    return u;
}

static unit *add_say_t(session *s, tmpl_id id, const tmpl_args *a, bool memorable)
{
    return add_say(s, fmt(id, a), memorable);
}

static void add_event(unit *u, const char *name)
{
    if (u->n_events < 3)
        u->events[u->n_events++] = name;
}

static unit *add_rest(session *s, rest_kind kind, int seconds)
{
    unit *u = unit_add(s, U_REST);
    u->rest = kind;
    u->seconds = seconds;
    return u;
}

/* The next exercise step after the current one (this list, then the lists
 * it was called from), or NULL. */
static const step *next_exercise_step(const session *s)
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
static int exercises_after(const session *s)
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
        return fmt(d->sets > 1 ? T_DOSE_SETS_REPS : T_DOSE_REPS, &a);
    case EX_HOLD:
        a.m = (int)d->hold;
        if (d->reps > 1) {
            a.n = d->reps;
            return fmt(T_DOSE_HOLDS, &a);
        }
        return fmt(d->sets > 1 ? T_DOSE_SETS_HOLD : T_DOSE_HOLD, &a);
    case EX_BREATHING:
        a.n = d->cycles;
        return fmt(T_DOSE_BREATHS, &a);
    case EX_TIMED:
        if (d->duration % 60 == 0) {
            a.n = d->duration / 60;
            return fmt(T_DOSE_MINUTES, &a);
        }
        a.n = d->duration;
        return fmt(T_DOSE_SECONDS, &a);
    }
    (void)s;
    return fmt(T_EX_DONE, NULL);
}

typedef enum { INTRO_FULL, INTRO_VARIANT } intro_mode;

/* Compiles the current exercise (s->ex, s->dose) from set from_set. */
static void compile_exercise(session *s, intro_mode mode, int from_set)
{
    const exercise *x = s->ex;
    const exercise_dose *d = &s->dose;
    tmpl_args a = {.name = x->name};
    if (mode == INTRO_FULL) {
        tmpl_id head = s->done + s->skipped + s->stopped_for_pain == 0 ? T_EX_FIRST : T_EX_NEXT;
        if (exercises_after(s) == 0 && head != T_EX_FIRST)
            head = T_EX_LAST;
        char h[300], *dose = dose_sentence(s, x, d), both[800];
        tmpl_format(h, sizeof h, head, &a);
        snprintf(both, sizeof both, "%s %s", h, dose);
        free(dose);
        unit *u = add_say(s, strdup(both), true);
        add_event(u, "exercise_start");
        add_say(s, strdup(x->start), true);
        /* a cue too long for the quiet stretches of a breath or a hold is
         * said before the exercise starts */
        for (int c = 0; c < x->n_cues; c++) {
            uint64_t dur = measure(s, x->cues[c]);
            bool fits = true;
            if (x->kind == EX_HOLD) {
                int countdown = d->hold >= 8 ? 5 : d->hold >= 5 ? 3 : 0;
                fits = d->hold >= 10 && dur + secs(s, 2.0) <= secs(s, d->hold - countdown);
            } else if (x->kind == EX_BREATHING) {
                char out[64];
                tmpl_format(out, sizeof out, T_BREATHE_OUT, NULL);
                fits = dur + measure(s, out) + secs(s, 0.4) <= secs(s, d->exhale);
            }
            if (!fits && !(s->cues_said & (1u << c))) {
                add_say(s, strdup(x->cues[c]), true);
                s->cues_said |= 1u << c;
            }
        }
        add_say(s, strdup(x->safety), true);
    } else {
        add_say(s, strdup(x->start), true);
    }
    int sides = d->side == SIDE_NONE ? 1 : 2;
    unit *last = NULL;
    if (x->kind == EX_REPS || x->kind == EX_HOLD) {
        for (int set = from_set; set <= d->sets; set++) {
            /* an index, not a pointer: adding units moves the array */
            size_t first = s->n_units;
            if (d->sets > 1) {
                tmpl_args sa = {.n = set, .m = d->sets};
                add_say_t(s, T_SET, &sa, false);
                add_say_t(s, T_READY, NULL, false);
            } else {
                add_say_t(s, T_READY, NULL, false);
            }
            add_event(&s->units[first], "set_start");
            s->units[first].set = set;
            if (x->kind == EX_REPS) {
                if (d->side == SIDE_ALTERNATE || d->side == SIDE_NONE) {
                    unit *u = unit_add(s, U_REPS);
                    u->set = set, u->sets = d->sets, u->first = 1, u->count = d->reps, u->total = d->reps;
                    u->side = d->side == SIDE_ALTERNATE ? SIDE_ALT : 0;
                    last = u;
                } else {
                    for (int side = SIDE_L; side <= SIDE_R; side++) {
                        add_say_t(s, side == SIDE_L ? T_LEFT_SIDE : T_RIGHT_SIDE, NULL, false);
                        unit *u = unit_add(s, U_REPS);
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
                        side = i < reps ? SIDE_L : SIDE_R;
                        rep = i % reps + 1;
                    } else {
                        side = i % 2 ? SIDE_R : SIDE_L;
                        rep = i / 2 + 1;
                    }
                    bool announce = side && (d->side == SIDE_ALTERNATE || rep == 1);
                    if (i > 0 && d->relax > 0)
                        add_rest(s, R_RELAX, d->relax);
                    if (announce)
                        add_say_t(s, side == SIDE_L ? T_LEFT_SIDE : T_RIGHT_SIDE, NULL, false);
                    unit *u = unit_add(s, U_HOLD);
                    u->set = set, u->sets = d->sets, u->side = side, u->first = rep;
                    u->total = reps;
                    u->seconds = (int)d->hold;
                    last = u;
                }
            }
            if (set < d->sets && rest_of(s, d) > 0)
                last = add_rest(s, R_SETS, rest_of(s, d));
        }
        last = add_say_t(s, T_EX_DONE, &a, false);
    } else if (x->kind == EX_BREATHING) {
        unit *u = unit_add(s, U_BREATH);
        u->first = 1;
        u->count = d->cycles;
        u->total = d->cycles;
        add_event(u, "set_start");
        last = add_say_t(s, T_EX_DONE, &a, false);
    } else {
        unit *u = unit_add(s, U_TIMED);
        u->seconds = d->duration;
        add_event(u, "set_start");
        last = u;
    }
    last->end_event = "exercise_end";
}

static void compile_question(session *s, question_role role, const step *q)
{
    unit *u = unit_add(s, U_QUESTION);
    u->role = role;
    u->q = q;
    u->attempt = 1;
}

/* The dose of step st for exercise x: the step's dose when x is the step's
 * own exercise, else the variant's library dose keeping the step's sets. */
static exercise_dose dose_for(const step *st, const exercise *x)
{
    if (x == st->exercise)
        return st->dose;
    exercise_dose d = x->dose;
    if (st->exercise->kind == x->kind || x->kind == EX_REPS || x->kind == EX_HOLD)
        d.sets = st->dose.sets > 0 ? st->dose.sets : d.sets;
    return d;
}

/* ---- units: planning ---------------------------------------------------- */

/* Speech placed inside a unit: no two sentences overlap. */
typedef struct lane {
    uint64_t a[512], b[512];
    int n;
} lane;

static bool lane_free_at(const lane *l, uint64_t a, uint64_t b)
{
    for (int i = 0; i < l->n; i++)
        if (a < l->b[i] && l->a[i] < b)
            return false;
    return true;
}

static void lane_add(lane *l, uint64_t a, uint64_t b)
{
    if (l->n < 512) {
        l->a[l->n] = a;
        l->b[l->n] = b;
        l->n++;
    }
}

static uint64_t max64(uint64_t a, uint64_t b) { return a > b ? a : b; }

/* Plans a sentence at a fixed frame when it fits: at or after `from` and
 * `busy`, not overlapping the lane, ending by `limit` (0: no limit). */
static bool say_fixed(session *s, lane *l, uint64_t at, uint64_t from, uint64_t busy,
                      uint64_t limit, const char *text)
{
    if (at < from || at < busy)
        return false;
    uint64_t dur = measure(s, text);
    uint64_t pad = secs(s, 0.1);
    if (limit && at + dur > limit)
        return false;
    if (!lane_free_at(l, at, at + dur + pad))
        return false;
    push_say(s, at, text, false);
    lane_add(l, at, at + dur + pad);
    return true;
}

/* Places the exercise's form cues not yet said in the free stretches of
 * [start, limit): the earliest place each fits, in order. */
static void place_cues(session *s, lane *l, uint64_t start, uint64_t limit)
{
    if (!s->ex)
        return;
    uint64_t t = start;
    uint64_t gap = secs(s, SESSION_GAP_S);
    for (int c = 0; c < s->ex->n_cues; c++) {
        if (s->cues_said & (1u << c))
            continue;
        const char *text = s->ex->cues[c];
        uint64_t dur = measure(s, text);
        uint64_t best = UINT64_MAX;
        /* candidates: t itself and the end of every busy stretch after it */
        for (int i = -1; i < l->n; i++) {
            uint64_t cand = i < 0 ? t : l->b[i];
            if (cand < t || cand + dur > limit || cand >= best)
                continue;
            if (lane_free_at(l, cand, cand + dur + gap))
                best = cand;
        }
        if (best == UINT64_MAX)
            return; /* later cues wait for the next unit */
        item *it = push_say(s, best, text, true);
        it->on_emit = OE_CUE;
        it->cue = c;
        lane_add(l, best, best + dur + gap);
        t = best + dur + gap;
    }
}

static void number_text(char *buf, size_t size, int n)
{
    tmpl_args a = {.n = n};
    tmpl_format(buf, size, T_COUNT, &a);
}

/* The frames of a rep's phases (tempo or rep_seconds, times the tempo factor). */
static int rep_phases(const session *s, uint64_t *len, const char **words)
{
    const exercise_dose *d = &s->dose;
    if (d->n_tempo == 0) {
        len[0] = secs(s, s->set.rep_seconds * s->tempo);
        words[0] = NULL;
        return 1;
    }
    for (int i = 0; i < d->n_tempo; i++) {
        len[i] = secs(s, d->tempo[i].seconds * s->tempo);
        words[i] = d->tempo[i].word;
    }
    return d->n_tempo;
}

static uint64_t rep_length(const session *s, const unit *u)
{
    uint64_t len[TEMPO_MAX_PHASES];
    const char *words[TEMPO_MAX_PHASES];
    int n = rep_phases(s, len, words);
    uint64_t r = 0;
    for (int i = 0; i < n; i++)
        r += len[i];
    return u->side == SIDE_ALT ? 2 * r : r;
}

/* The length of the current unit, when it has a fixed one. */
static uint64_t unit_length(const session *s, const unit *u)
{
    switch (u->type) {
    case U_REPS:
        return rep_length(s, u) * (uint64_t)u->count;
    case U_HOLD:
    case U_REST:
    case U_TIMED:
        return secs(s, u->seconds);
    case U_BREATH: {
        const exercise_dose *d = &s->dose;
        return secs(s, d->inhale + d->hold + d->exhale) * (uint64_t)u->count;
    }
    default:
        return 0;
    }
}

static const char *side_name(int side)
{
    return side == SIDE_L ? "left" : side == SIDE_R ? "right" : NULL;
}

static void plan_reps(session *s, unit *u, uint64_t S, uint64_t from, uint64_t busy, lane *l)
{
    uint64_t len[TEMPO_MAX_PHASES];
    const char *words[TEMPO_MAX_PHASES];
    int n = rep_phases(s, len, words);
    uint64_t one = 0;
    for (int i = 0; i < n; i++)
        one += len[i];
    uint64_t R = u->side == SIDE_ALT ? 2 * one : one;
    uint64_t E = S + R * (uint64_t)u->count;
    char buf[64];
    /* Form cues come first: each right after a rep's count, silencing the
     * counts it runs over (the tick keeps the beat), with one plain rep
     * between cues. */
    bool quiet[64] = {false};
    uint64_t lo = max64(from, busy), pad = secs(s, 0.1);
    int r0 = 0;
    while (r0 < u->count && S + R * (uint64_t)r0 < lo)
        r0++;
    for (int c = 0; s->ex && c < s->ex->n_cues && r0 < u->count; c++) {
        if (s->cues_said & (1u << c))
            continue;
        uint64_t rs = S + R * (uint64_t)r0;
        number_text(buf, sizeof buf, u->first + r0);
        uint64_t at = rs + measure(s, buf) + pad;
        uint64_t dur = measure(s, s->ex->cues[c]);
        if (at + dur > E)
            break;
        item *it = push_say(s, at, s->ex->cues[c], true);
        it->on_emit = OE_CUE;
        it->cue = c;
        lane_add(l, at, at + dur + pad);
        int r = r0 + 1;
        while (r < u->count && S + R * (uint64_t)r < at + dur + pad) {
            if (r < 64)
                quiet[r] = true;
            r++;
        }
        r0 = r + 1;
    }
    /* the beat: a tick, an event and the count at each rep */
    for (int r = 0; r < u->count; r++) {
        uint64_t rs = S + R * (uint64_t)r;
        int number = u->first + r;
        if (rs >= from) {
            push_earcon(s, rs, EARCON_TICK);
            item *ev = push_ex_event(s, rs, "rep");
            ev->a.set = u->set;
            ev->a.rep = number;
            ev->a.side = u->side == SIDE_ALT ? NULL : side_name(u->side);
        }
        number_text(buf, sizeof buf, number);
        if (u->side == SIDE_ALT) {
            char both[96];
            char lw[16];
            tmpl_format(lw, sizeof lw, T_LEFT, NULL);
            lw[0] = (char)(lw[0] | 0x20);
            snprintf(both, sizeof both, "%s, %s", buf, lw);
            if (!(r < 64 && quiet[r]))
                say_fixed(s, l, rs, from, busy, 0, both);
            char rw[16];
            tmpl_format(rw, sizeof rw, T_RIGHT, NULL);
            rw[0] = (char)(rw[0] | 0x20);
            if (rs + one >= from)
                push_earcon(s, rs + one, EARCON_TICK);
            if (!(r < 64 && quiet[r]))
                say_fixed(s, l, rs + one, from, busy, 0, rw);
        } else if (!(r < 64 && quiet[r])) {
            say_fixed(s, l, rs, from, busy, 0, buf);
        }
    }
    /* the phase words where room is left */
    for (int r = 0; r < u->count; r++) {
        for (int half = 0; half < (u->side == SIDE_ALT ? 2 : 1); half++) {
            uint64_t t = S + R * (uint64_t)r + one * (uint64_t)half;
            for (int p = 0; p < n; p++) {
                if (p > 0 && words[p])
                    say_fixed(s, l, t, from, busy, t + len[p], words[p]);
                t += len[p];
            }
        }
    }
    push_mark(s, max64(E, from), MK_UNIT_END);
}

static void plan_hold(session *s, unit *u, uint64_t S, uint64_t from, uint64_t busy, lane *l)
{
    int H = u->seconds;
    uint64_t E = S + secs(s, H);
    char buf[64];
    if (S >= from) {
        push_earcon(s, S, EARCON_HOLD);
        item *ev = push_ex_event(s, S, "hold_start");
        ev->a.set = u->set;
        ev->a.rep = u->first;
        ev->a.side = side_name(u->side);
        ev->a.value = H;
    }
    tmpl_format(buf, sizeof buf, T_HOLD, NULL);
    say_fixed(s, l, S, from, busy, 0, buf);
    for (int k = 1; k < H; k++)
        if (S + secs(s, k) >= from)
            push_earcon(s, S + secs(s, k), EARCON_TICK);
    int countdown = H >= 8 ? 5 : H >= 5 ? 3 : 0;
    if (H >= 15) {
        tmpl_format(buf, sizeof buf, T_TEN_LEFT, NULL);
        say_fixed(s, l, S + secs(s, H - 10), from, busy, 0, buf);
    }
    if (H >= 20 && H / 2 != 10 && H / 2 > countdown) {
        tmpl_format(buf, sizeof buf, T_HALFWAY, NULL);
        say_fixed(s, l, S + secs(s, H / 2), from, busy, 0, buf);
    }
    for (int k = countdown; k >= 1; k--) {
        number_text(buf, sizeof buf, k);
        say_fixed(s, l, S + secs(s, H - k), from, busy, 0, buf);
    }
    uint64_t cue_end = S + secs(s, H - countdown);
    place_cues(s, l, max64(max64(S, from), busy), cue_end);
    if (E >= from) {
        push_earcon(s, E, EARCON_RELEASE);
        item *ev = push_ex_event(s, E, "hold_end");
        ev->a.set = u->set;
        ev->a.rep = u->first;
        ev->a.side = side_name(u->side);
    }
    tmpl_format(buf, sizeof buf, T_RELEASE, NULL);
    say_fixed(s, l, E, from, busy, 0, buf);
    push_mark(s, max64(E, from), MK_UNIT_END);
}

static const char *next_name(const session *s)
{
    const step *n = next_exercise_step(s);
    if (!n || s->skip_next)
        return NULL;
    return n->exercise->name;
}

static void plan_rest(session *s, unit *u, uint64_t S, uint64_t from, uint64_t busy, lane *l)
{
    int R = u->seconds;
    uint64_t E = S + secs(s, R);
    char buf[600];
    if (u->rest == R_RELAX) {
        tmpl_format(buf, sizeof buf, T_RELAX, NULL);
        say_fixed(s, l, max64(max64(S, from), busy), from, busy, E, buf);
        push_mark(s, max64(E, from), MK_UNIT_END);
        return;
    }
    if (S >= from) {
        item *ev = s->ex && u->rest == R_SETS ? push_ex_event(s, S, "rest_start")
                                              : push_event(s, S, "rest_start");
        ev->a.value = R;
    }
    /* the fixed countdown first, then the announcements where they fit */
    if (R >= 20) {
        tmpl_format(buf, sizeof buf, T_REST_TEN, NULL);
        say_fixed(s, l, S + secs(s, R - 10), from, busy, 0, buf);
    }
    if (R >= 6)
        for (int k = 3; k >= 1; k--) {
            number_text(buf, sizeof buf, k);
            say_fixed(s, l, S + secs(s, R - k), from, busy, 0, buf);
        }
    uint64_t t = max64(max64(S, from), busy);
    uint64_t gap = secs(s, SESSION_GAP_S);
    if (S >= from || !s->unit_said) {
        tmpl_args a = {.n = R};
        tmpl_format(buf, sizeof buf, T_REST, &a);
        uint64_t dur = measure(s, buf);
        if (lane_free_at(l, t, t + dur + gap) && t + dur <= E) {
            item *it = push_say(s, t, buf, true);
            it->on_emit = OE_UNIT_SAID;
            lane_add(l, t, t + dur + gap);
            t += dur + gap;
        }
    }
    const char *nn = u->rest != R_RELAX ? next_name(s) : NULL;
    if (u->rest == R_SETS)
        nn = NULL; /* between sets the same exercise goes on */
    if (nn) {
        tmpl_args a = {.name = nn};
        tmpl_format(buf, sizeof buf, T_NEXT_UP, &a);
        uint64_t dur = measure(s, buf);
        /* at the earliest free stretch after the first sentence */
        for (int i = -1; i < l->n; i++) {
            uint64_t cand = i < 0 ? t : l->b[i];
            if (cand < t || cand + dur > E)
                continue;
            if (lane_free_at(l, cand, cand + dur + gap)) {
                push_say(s, cand, buf, true);
                lane_add(l, cand, cand + dur + gap);
                break;
            }
        }
    }
    push_mark(s, max64(E, from), MK_UNIT_END);
}

static void plan_breath(session *s, unit *u, uint64_t S, uint64_t from, uint64_t busy, lane *l)
{
    const exercise_dose *d = &s->dose;
    uint64_t in = secs(s, d->inhale), hold = secs(s, d->hold), out = secs(s, d->exhale);
    uint64_t C = in + hold + out;
    char buf[128];
    unsigned placed = 0;
    if (S >= from)
        for (int i = 0; i < u->n_events; i++)
            push_ex_event(s, S, u->events[i]);
    for (int c = 0; c < u->count; c++) {
        uint64_t cs = S + C * (uint64_t)c;
        bool last = c == u->count - 1 && u->count > 1;
        tmpl_format(buf, sizeof buf, last ? T_LAST_BREATH : T_BREATHE_IN, NULL);
        say_fixed(s, l, cs, from, busy, cs + in, buf);
        if (hold) {
            tmpl_format(buf, sizeof buf, T_BREATHE_HOLD, NULL);
            say_fixed(s, l, cs + in, from, busy, cs + in + hold, buf);
        }
        tmpl_format(buf, sizeof buf, T_BREATHE_OUT, NULL);
        say_fixed(s, l, cs + in + hold, from, busy, cs + C, buf);
        /* one form cue in the rest of the breath out */
        for (int k = 0; k < s->ex->n_cues; k++) {
            if ((s->cues_said | placed) & (1u << k))
                continue;
            uint64_t at = max64(cs + in + hold + measure(s, buf) + secs(s, 0.2), max64(from, busy));
            uint64_t dur = measure(s, s->ex->cues[k]);
            if (at + dur + secs(s, 0.2) <= cs + C && lane_free_at(l, at, at + dur)) {
                item *it = push_say(s, at, s->ex->cues[k], true);
                it->on_emit = OE_CUE;
                it->cue = k;
                lane_add(l, at, at + dur);
                placed |= 1u << k;
                break;
            }
        }
    }
    push_mark(s, max64(S + C * (uint64_t)u->count, from), MK_UNIT_END);
}

static void plan_timed(session *s, unit *u, uint64_t S, uint64_t from, uint64_t busy, lane *l)
{
    int D = u->seconds, A = s->dose.announce_every;
    uint64_t E = S + secs(s, D);
    char buf[128];
    if (S >= from)
        for (int i = 0; i < u->n_events; i++)
            push_ex_event(s, S, u->events[i]);
    tmpl_format(buf, sizeof buf, T_TIMED_GO, NULL);
    say_fixed(s, l, S, from, busy, 0, buf);
    for (int k = 1; A > 0 && k * A < D; k++) {
        int left = D - k * A;
        if (left < 10)
            break;
        tmpl_args a = {.n = left % 60 == 0 ? left / 60 : left};
        tmpl_format(buf, sizeof buf, left % 60 == 0 ? T_MINUTES_LEFT : T_SECONDS_LEFT, &a);
        say_fixed(s, l, S + secs(s, k * A), from, busy, 0, buf);
    }
    if (D >= 6)
        for (int k = 3; k >= 1; k--) {
            number_text(buf, sizeof buf, k);
            say_fixed(s, l, S + secs(s, D - k), from, busy, 0, buf);
        }
    place_cues(s, l, max64(max64(S + secs(s, 1), from), busy), E - secs(s, 3));
    tmpl_format(buf, sizeof buf, T_TIMED_DONE, NULL);
    if (E >= from)
        push_earcon(s, E, EARCON_RELEASE);
    say_fixed(s, l, E, from, busy, 0, buf);
    push_mark(s, max64(E, from), MK_UNIT_END);
}

static const char *question_kind_name(const unit *u)
{
    if (u->role == Q_BASELINE || u->role == Q_CLOSING)
        return "pain";
    if (u->role == Q_RED_FLAG)
        return "red_flag";
    if (u->role == Q_NEXT_DAY)
        return "next_day";
    switch (u->q->question) {
    case Q_PAIN:
        return "pain";
    case Q_YES_NO:
        return "yes_no";
    default:
        return "better_same_worse";
    }
}

static bool is_pain_question(const unit *u)
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
        tmpl_format(ask, sizeof ask, T_RED_FLAG_Q, NULL);
    else if (u->role == Q_NEXT_DAY)
        tmpl_format(ask, sizeof ask, T_NEXT_DAY_Q, NULL);
    else if (u->q->text)
        snprintf(ask, sizeof ask, "%s", u->q->text);
    else
        tmpl_format(ask, sizeof ask, T_CHECKIN, NULL);
    if (u->attempt == 1)
        return strdup(ask);
    tmpl_args a = {.text = ask};
    if (is_pain_question(u))
        return fmt(T_PAIN_REASK, NULL);
    if (u->role == Q_RED_FLAG || u->role == Q_NEXT_DAY || u->q->question == Q_YES_NO)
        return fmt(T_YES_NO_REASK, &a);
    return fmt(T_BSW_REASK, &a);
}

static void plan_question(session *s, unit *u, uint64_t S, uint64_t from, uint64_t busy)
{
    if (!s->unit_said) {
        uint64_t t = max64(max64(S, from), busy);
        if (u->attempt == 1 && !s->unit_started) {
            bool pain = is_pain_question(u);
            item *ev = push_event(s, t, pain ? "checkin" : "question");
            ev->a.kind = question_kind_name(u);
            s->unit_started = true;
            wait_from(s, t);
        }
        char *text = question_text(s, u);
        item *it = push_say(s, t, text, true);
        free(text);
        it->on_emit = OE_UNIT_SAID;
        s->unit_said_at = t;
        push_mark(s, t + it->a.duration + secs(s, SESSION_ANSWER_S), MK_ANSWER_DUE);
    } else if (s->pending_pain < 0 || !s->pain_in_question) {
        /* asked already: the time to answer runs from the end of the
         * question, or of whatever the coach is saying now */
        char *text = question_text(s, u);
        uint64_t end = s->unit_said_at + measure(s, text);
        free(text);
        push_mark(s, max64(max64(end, busy), from) + secs(s, SESSION_ANSWER_S), MK_ANSWER_DUE);
    }
}

/* Plans the current unit from frame `from`, with speech busy until `busy`. */
static void plan_unit(session *s, uint64_t from, uint64_t busy)
{
    if (s->ui >= s->n_units || s->state != ST_RUNNING)
        return;
    unit *u = &s->units[s->ui];
    uint64_t S = s->ustart;
    lane l;
    l.n = 0;
    if (u->type != U_BREATH && u->type != U_TIMED && u->type != U_QUESTION && S >= from &&
        !s->unit_started) {
        s->unit_started = true;
        for (int i = 0; i < u->n_events; i++) {
            item *ev = push_ex_event(s, S, u->events[i]);
            if (strcmp(u->events[i], "set_start") == 0)
                ev->a.set = u->set;
        }
    }
    switch (u->type) {
    case U_SAY: {
        uint64_t gap = secs(s, SESSION_GAP_S);
        uint64_t dur = measure(s, u->text);
        if (!s->unit_said) {
            uint64_t t = max64(max64(S, from), busy);
            item *it = push_say(s, t, u->text, u->memorable);
            it->on_emit = OE_UNIT_SAID;
            s->unit_said_at = t;
        }
        push_mark(s, max64(s->unit_said_at + dur + gap, from), MK_UNIT_END);
        break;
    }
    case U_REPS:
        plan_reps(s, u, S, from, busy, &l);
        break;
    case U_HOLD:
        plan_hold(s, u, S, from, busy, &l);
        break;
    case U_REST:
        plan_rest(s, u, S, from, busy, &l);
        break;
    case U_BREATH:
        plan_breath(s, u, S, from, busy, &l);
        break;
    case U_TIMED:
        plan_timed(s, u, S, from, busy, &l);
        break;
    case U_QUESTION:
        plan_question(s, u, S, from, busy);
        break;
    case U_FINISH:
        break;
    }
}

/* ---- moving on ------------------------------------------------------------ */

static void begin_step(session *s, uint64_t frame);
static void finish(session *s, uint64_t frame, const char *reason, tmpl_id message, int n);
static const progress_level *level_of(const session *s, const step *st);
static char *plan_progress(session *s, uint64_t frame, const char *next_day);

/* Plans the current unit again after the plan was cut at frame (and an
 * answer placed), re-adding the marks that live outside units. */
static void replan(session *s, uint64_t frame, uint64_t busy)
{
    plan_unit(s, frame + 1, busy);
}

static void start_unit(session *s, uint64_t frame)
{
    if (s->tempo_next > 0) {
        s->tempo = s->tempo_next;
        s->tempo_next = 0;
    }
    s->ustart = frame;
    s->unit_said = false;
    s->unit_started = false;
    wait_end(s); /* a new unit: no question or pause waits any more */
    s->unit_said_at = frame;
    if (s->cfg.detail == SESSION_DETAIL_DETAILED && s->ui < s->n_units) {
        const unit *u = &s->units[s->ui];
        if ((u->type == U_REPS || u->type == U_HOLD) && u->set > 1 && u->first <= 1)
            s->cues_said = 0; /* every set gets its form cues again */
    }
    if (s->ui < s->n_units && s->units[s->ui].type == U_FINISH) {
        push_earcon(s, max64(frame, s->lane_free), EARCON_END);
        item *ev = push_event(s, max64(frame, s->lane_free), "session_end");
        ev->a.reason = s->end_reason;
        s->state = ST_DONE;
        return;
    }
    plan_unit(s, frame, s->lane_free);
}

static void step_done(session *s, uint64_t frame)
{
    s->ex = NULL;
    s->cur_step = NULL;
    units_clear(s);
    if (s->depth == 0)
        return;
    s->stack[s->depth - 1].index++;
    while (s->depth > 0 && s->stack[s->depth - 1].index >= s->stack[s->depth - 1].list->n) {
        s->depth--;
        if (s->depth > 0)
            s->stack[s->depth - 1].index++;
    }
    if (s->depth == 0 && s->set.ask_baseline_pain && !s->closing && !s->cfg.kiosk) {
        /* pain after, as before: the routine's last step is done (not in a
         * kiosk: it keeps no ratings, and its user may already have left) */
        s->closing = true;
        compile_question(s, Q_CLOSING, NULL);
        s->ui = 0;
        start_unit(s, frame);
        return;
    }
    if (s->depth == 0) {
        finish(s, frame, "completed", TMPL_COUNT, 0);
        return;
    }
    begin_step(s, frame);
}

static void next_unit(session *s, uint64_t frame)
{
    unit *u = &s->units[s->ui];
    if (u->end_event) {
        item *ev = push_ex_event(s, frame, u->end_event);
        ev->a.reason = "completed";
        if (strcmp(u->end_event, "exercise_end") == 0)
            s->done++;
    }
    s->ui++;
    if (s->ui < s->n_units) {
        start_unit(s, frame);
        return;
    }
    if (s->phase == 2) { /* a handover was announced: its first step */
        s->phase = 3;
        units_clear(s);
        begin_step(s, frame);
        return;
    }
    if (s->phase == 0) { /* the opening is over */
        s->phase = 3;
        units_clear(s);
        s->depth = 1;
        s->stack[0].list = routine_steps(s->r);
        s->stack[0].index = 0;
        begin_step(s, frame);
        return;
    }
    if (s->closing) { /* the closing question is answered */
        finish(s, frame, "completed", TMPL_COUNT, 0);
        return;
    }
    step_done(s, frame);
}

/* Makes the current exercise easier (dir -1) or harder (+1): the variant,
 * or the dose cut or raised by a third. Returns the sentence to say, or
 * NULL when nothing can change; the caller recompiles. */
static char *change_dose(session *s, uint64_t frame, int dir, bool for_pain)
{
    const exercise *x = s->ex;
    const exercise *target = dir < 0 ? x->easier : x->harder;
    tmpl_args a = {0};
    if (target) {
        item *ev = push_ex_event(s, frame, "variant");
        ev->a.from = x->id;
        ev->a.to = target->id;
        ev->a.reason = for_pain ? "pain" : dir < 0 ? "easier" : "harder";
        s->ex = target;
        s->dose = dose_for(s->cur_step, target);
        s->cues_said = fresh_cues(s);
        a.name = target->name;
        if (!s->changed)
            s->n_changed++;
        s->changed = true;
        return fmt(for_pain ? T_PAIN_EASIER : dir < 0 ? T_EASIER_VARIANT : T_HARDER_VARIANT, &a);
    }
    bool reps = x->kind == EX_REPS;
    if (x->kind != EX_REPS && x->kind != EX_HOLD)
        return NULL;
    int old = reps ? s->dose.reps : (int)s->dose.hold;
    int max = reps ? 50 : 300;
    int v = dir < 0 ? (int)lround(old * 2.0 / 3.0) : (int)lround(old * 4.0 / 3.0);
    if (v < 1)
        v = 1;
    if (v > max)
        v = max;
    if (v == old)
        return NULL;
    item *ev = push_ex_event(s, frame, "dose");
    ev->a.reason = for_pain ? "pain" : dir < 0 ? "easier" : "harder";
    ev->a.field = reps ? "reps" : "hold";
    ev->a.previous = old;
    ev->a.value = v;
    if (reps)
        s->dose.reps = v;
    else
        s->dose.hold = v;
    if (!s->changed)
        s->n_changed++;
    s->changed = true;
    a.n = v;
    a.m = old;
    if (for_pain)
        return fmt(reps ? T_PAIN_FEWER_REPS : T_PAIN_SHORTER_HOLD, &a);
    return fmt(reps ? (dir < 0 ? T_EASIER_REPS : T_HARDER_REPS)
                    : (dir < 0 ? T_EASIER_HOLD : T_HARDER_HOLD), &a);
}

static void begin_step(session *s, uint64_t frame)
{
    list_pos *lp = &s->stack[s->depth - 1];
    const step *st = &lp->list->items[lp->index];
    s->cur_step = st;
    units_clear(s);
    switch (st->kind) {
    case STEP_EXERCISE: {
        s->planned = st->exercise;
        s->ex = st->exercise;
        s->dose = st->dose;
        const progress_level *lv = level_of(s, st);
        if (lv && lv->change != PROGRESS_NONE) { /* this session's level */
            s->ex = lv->variant;
            s->dose = dose_for(st, lv->variant);
            if (lv->variant->kind == EX_REPS)
                s->dose.reps = lv->reps;
            else if (lv->variant->kind == EX_HOLD)
                s->dose.hold = lv->hold;
        }
        s->cues_said = fresh_cues(s);
        s->changed = false;
        if (s->skip_next) {
            s->skip_next = false;
            item *ev = push_ex_event(s, frame, "skip");
            ev->a.reason = "pain";
            s->skipped++;
            s->ex = NULL;
            add_rest(s, R_PAIN, s->set.rest_between_sets > 0 ? s->set.rest_between_sets : 30);
            break;
        }
        if (s->easier_next) {
            s->easier_next = false;
            char *said = change_dose(s, frame, -1, false);
            free(said); /* announced when it was decided */
        }
        compile_exercise(s, INTRO_FULL, 1);
        break;
    }
    case STEP_REST:
        add_rest(s, R_STEP, st->rest_seconds);
        break;
    case STEP_SAY:
        add_say(s, strdup(st->text), true);
        break;
    case STEP_QUESTION:
        compile_question(s, Q_STEP, st);
        break;
    }
    s->ui = 0;
    start_unit(s, frame);
}

/* Ends the session: an optional message, the summary, the end earcon. */
static void finish(session *s, uint64_t frame, const char *reason, tmpl_id message, int n)
{
    if (s->state == ST_DONE || s->phase == 4)
        return; /* already ending: the first reason stands */
    if (s->ex && s->cur_step && s->cur_step->kind == STEP_EXERCISE &&
        strcmp(reason, "completed") != 0) {
        item *ev = push_ex_event(s, frame, "exercise_end");
        ev->a.reason = reason;
    }
    plan_truncate(s, frame);
    units_clear(s);
    s->ex = NULL;
    s->cur_step = NULL;
    s->state = ST_RUNNING;
    s->pending_pain = -1;
    s->end_reason = reason;
    s->phase = 4;
    tmpl_args a = {.n = n};
    if (message != TMPL_COUNT)
        add_say_t(s, message, &a, true);
    wait_end(s);
    if (strcmp(reason, "red_flag") != 0 && strcmp(reason, "abandoned") != 0) {
        char text[1200], part[300];
        tmpl_format(text, sizeof text,
                    strcmp(reason, "completed") == 0 ? T_SUMMARY_START : T_SUMMARY_STOPPED, NULL);
        tmpl_args c = {.n = s->done};
        tmpl_format(part, sizeof part, T_SUMMARY_DONE, &c);
        strncat(text, " ", sizeof text - strlen(text) - 1);
        strncat(text, part, sizeof text - strlen(text) - 1);
        if (s->skipped + s->stopped_for_pain) {
            c.n = s->skipped + s->stopped_for_pain;
            tmpl_format(part, sizeof part, T_SUMMARY_SKIPPED, &c);
            part[0] = ',';
            strncat(text, part, sizeof text - strlen(text) - 1);
        }
        if (s->n_changed) {
            c.n = s->n_changed;
            tmpl_format(part, sizeof part, T_SUMMARY_CHANGED, &c);
            part[0] = ',';
            strncat(text, part, sizeof text - strlen(text) - 1);
        }
        strncat(text, ".", sizeof text - strlen(text) - 1);
        if (s->pain_last >= 0 && !s->cfg.kiosk) { /* a kiosk never says a rating back */
            c.n = s->pain_start >= 0 ? s->pain_start : s->pain_last;
            c.m = s->pain_last;
            tmpl_format(part, sizeof part, s->pain_start >= 0 ? T_SUMMARY_PAIN : T_SUMMARY_PAIN_END, &c);
            strncat(text, " ", sizeof text - strlen(text) - 1);
            strncat(text, part, sizeof text - strlen(text) - 1);
        }
        if (strcmp(reason, "completed") == 0) {
            tmpl_format(part, sizeof part, T_SUMMARY_BYE, NULL);
            strncat(text, " ", sizeof text - strlen(text) - 1);
            strncat(text, part, sizeof text - strlen(text) - 1);
        }
        add_say(s, strdup(text), true);
    }
    unit_add(s, U_FINISH);
    s->ui = 0;
    start_unit(s, max64(frame, s->lane_free));
}

/* Hands the session over to another routine ({routine: ID}). */
static void handover(session *s, uint64_t frame, const char *id)
{
    const routine *next = s->cfg.find_routine ? s->cfg.find_routine(s->cfg.find_ctx, id) : NULL;
    if (!next) {
        step_done(s, frame);
        return;
    }
    s->r = next;
    int rate = s->rate;
    s->set = *routine_get_settings(next);
    s->rate = rate;
    units_clear(s);
    s->depth = 1;
    s->stack[0].list = routine_steps(next);
    s->stack[0].index = 0;
    s->cur_step = NULL;
    s->ex = NULL;
    tmpl_args a = {.title = routine_title(next)};
    add_say_t(s, T_HANDOVER, &a, true);
    /* the handover sentence runs as a unit of its own; then the first step */
    s->phase = 2;
    s->ui = 0;
    start_unit(s, frame);
}

/* ---- speaking back --------------------------------------------------------- */

/* Says text in answer to the user at frame: after the acknowledge earcon and
 * any sentence in progress. Returns the frame the answer (and its gap) ends. */
static uint64_t answer_text(session *s, uint64_t frame, const char *text, bool memorable)
{
    uint64_t t = max64(frame + secs(s, earcon_seconds(EARCON_ACK)), s->lane_free);
    item *it = push_say(s, t, text, memorable);
    return t + it->a.duration + secs(s, SESSION_GAP_S);
}

static uint64_t answer_t(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a)
{
    char buf[1200];
    tmpl_format(buf, sizeof buf, id, a);
    return answer_text(s, frame, buf, false);
}

static void say_now(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a, bool memorable)
{
    char buf[1200];
    tmpl_format(buf, sizeof buf, id, a);
    push_say(s, max64(frame, s->lane_free), buf, memorable);
}

/* Answers and plans the current unit again around the answer. */
static void respond(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a)
{
    plan_truncate(s, frame);
    uint64_t busy = answer_t(s, frame, id, a);
    replan(s, frame, busy);
}

/* Recompiles the exercise from the current set after a change of dose,
 * and starts it once `said` has been said. */
static void restart_exercise(session *s, uint64_t frame, char *said, intro_mode mode)
{
    int set = 1;
    if (s->ui < s->n_units && s->units[s->ui].set > 0)
        set = s->units[s->ui].set;
    for (size_t i = 0; i < s->ui && i < s->n_units; i++)
        if (s->units[i].set > set)
            set = s->units[i].set;
    /* in the rest after a set, that set is done: the change starts the next */
    if (s->ui < s->n_units && s->units[s->ui].type == U_REST && s->units[s->ui].rest == R_SETS)
        set++;
    plan_truncate(s, frame);
    uint64_t busy = answer_text(s, frame, said, true);
    free(said);
    units_clear(s);
    if (set > s->dose.sets)
        set = s->dose.sets;
    compile_exercise(s, mode, set);
    s->ui = 0;
    start_unit(s, busy);
}

/* ---- pause and resume ---------------------------------------------------- */

/* Where the current unit is at frame, measured from its start, so that it
 * can carry on after a pause: holds, rests and timed activities carry on
 * where they were; a rep or a breath starts again; a sentence or question
 * is said again. */
static uint64_t unit_offset(session *s, uint64_t frame)
{
    if (s->ui >= s->n_units || frame < s->ustart)
        return 0;
    unit *u = &s->units[s->ui];
    uint64_t into = frame - s->ustart;
    s->unit_started = true; /* its start events are out: not again after the pause */
    switch (u->type) {
    case U_REPS: {
        uint64_t R = rep_length(s, u);
        return R ? (into / R) * R : 0;
    }
    case U_BREATH: {
        uint64_t C = secs(s, s->dose.inhale + s->dose.hold + s->dose.exhale);
        return C ? (into / C) * C : 0;
    }
    case U_HOLD:
    case U_REST:
    case U_TIMED: {
        uint64_t len = unit_length(s, u);
        return into < len ? into : len;
    }
    default:
        s->unit_said = false;
        return 0;
    }
}

static void pause_at(session *s, uint64_t frame, run_state state, tmpl_id message)
{
    s->state = state;
    s->paused_at = frame;
    s->pause_offset = unit_offset(s, frame);
    plan_truncate(s, frame);
    uint64_t end = answer_t(s, frame, message, NULL);
    if (state == ST_PAUSED)
        wait_from(s, frame); /* before the reminder: at the same frame, abandoning comes first */
    if (state == ST_PAUSED)
        push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
    else
        push_mark(s, end + secs(s, SESSION_ANSWER_S),
                  state == ST_CONFIRM_STOP ? MK_STOP_DUE : MK_RED_FLAG_DUE);
}

static void resume_at(session *s, uint64_t frame, tmpl_id message)
{
    plan_truncate(s, frame);
    plan_drop_mark(s, MK_PAUSE_REMIND);
    plan_drop_mark(s, MK_PAIN_DECIDE); /* pushed again below, moved by the pause */
    wait_end(s);
    s->state = ST_RUNNING;
    item *ev = push_event(s, frame, "resume");
    (void)ev;
    uint64_t go = frame + secs(s, SESSION_LEAD_IN_S);
    uint64_t said = answer_t(s, frame, message, NULL);
    for (int k = 1; k < (int)SESSION_LEAD_IN_S; k++)
        push_earcon(s, frame + secs(s, k), EARCON_TICK);
    /* the undo window stops with the clock; a rating heard while paused
     * is decided once its window has closed and the clock runs again */
    if (s->pending_pain >= 0 && s->pain_heard_at < s->paused_at)
        s->pain_due = go + (s->pain_due > s->paused_at ? s->pain_due - s->paused_at : 0);
    else if (s->pending_pain >= 0)
        s->pain_due = max64(s->pain_due, go);
    s->ustart = go - s->pause_offset;
    if (s->ui < s->n_units && s->units[s->ui].type == U_SAY && s->unit_said) {
        uint64_t len = measure(s, s->units[s->ui].text) + secs(s, SESSION_GAP_S);
        s->unit_said_at = go > len ? go - len : 0;
    }
    if (s->pending_pain >= 0)
        push_mark(s, max64(s->pain_due, frame + 1), MK_PAIN_DECIDE);
    plan_unit(s, go, max64(go, said));
}

/* ---- pain ------------------------------------------------------------------ */

static bool in_exercise(const session *s)
{
    return s->ex && s->cur_step && s->cur_step->kind == STEP_EXERCISE && s->phase == 3;
}

static unit *current_unit(session *s)
{
    return s->ui < s->n_units ? &s->units[s->ui] : NULL;
}

/* Hears a pain rating: confirms it, and decides once it can no longer be
 * undone. */
static void hear_pain(session *s, uint64_t frame, int value, bool as_answer)
{
    s->pending_pain = value;
    s->pain_in_question = as_answer;
    s->pain_heard_at = frame;
    s->pain_due = frame + secs(s, SESSION_UNDO_S);
    plan_truncate(s, frame);
    plan_drop_mark(s, MK_PAIN_DECIDE); /* a newer rating replaces a pending one */
    tmpl_args a = {.n = value};
    /* a kiosk is public: the acknowledge earcon (already out) is the
     * confirmation, the rating is not said aloud */
    uint64_t busy = s->cfg.kiosk ? max64(frame + secs(s, earcon_seconds(EARCON_ACK)), s->lane_free)
                                 : answer_t(s, frame, as_answer ? T_PAIN_ANSWER : T_PAIN_HEARD, &a);
    push_mark(s, s->pain_due, MK_PAIN_DECIDE);
    if (as_answer) {
        plan_drop_mark(s, MK_ANSWER_DUE);
        s->unit_said = true; /* the answer: wait for the decision, do not ask again */
    } else {
        plan_unit(s, frame + 1, busy); /* anything else goes on, a question included */
    }
}

static void decide_pain(session *s, uint64_t frame)
{
    int p = s->pending_pain;
    bool answered = s->pain_in_question;
    s->pending_pain = -1;
    if (p < 0)
        return;
    unit *u = current_unit(s);
    bool baseline = answered && u && u->type == U_QUESTION && u->role == Q_BASELINE;
    /* the closing rating, like the starting one, changes no exercise */
    bool closing = s->closing && u && u->type == U_QUESTION && u->role == Q_CLOSING;
    item *ev = push_event(s, frame, "pain");
    ev->a.value = p;
    if (in_exercise(s))
        ev->a.exercise = s->ex->id;
    s->pain_last = p;
    if (baseline) {
        s->pain_start = p;
        s->baseline = p;
    }
    const pain_rules *r = &s->set.pain;
    if (p >= r->end_session_at) {
        finish(s, frame, "pain", T_PAIN_END, 0);
        return;
    }
    bool question_done = answered && u && u->type == U_QUESTION;
    if (closing) {
        if (question_done)
            next_unit(s, max64(frame, s->lane_free));
        return;
    }
    if (!baseline && p >= r->stop_exercise_at) {
        s->stopped_for_pain++;
        if (s->stopped_for_pain >= r->stops_to_end) {
            finish(s, frame, "pain", T_PAIN_END_STOPS, s->stopped_for_pain);
            return;
        }
        if (in_exercise(s)) {
            tmpl_args a = {.name = s->ex->name};
            item *e2 = push_ex_event(s, frame, "exercise_end");
            e2->a.reason = "pain";
            plan_truncate(s, frame);
            uint64_t busy = answer_t(s, frame, T_PAIN_STOP, &a);
            units_clear(s);
            s->ex = NULL;
            add_rest(s, R_PAIN, s->set.rest_between_sets > 0 ? s->set.rest_between_sets : 30);
            s->ui = 0;
            start_unit(s, busy);
            return;
        }
        const step *n = next_exercise_step(s);
        if (n) {
            s->skip_next = true;
            tmpl_args a = {.name = n->exercise->name};
            plan_truncate(s, frame);
            uint64_t busy = answer_t(s, frame, T_PAIN_SKIP_NEXT, &a);
            if (question_done) {
                s->lane_free = max64(s->lane_free, busy);
                next_unit(s, busy);
            } else {
                replan(s, frame, busy);
            }
            return;
        }
    } else if (!baseline && (p > r->green_max ||
                             (s->baseline >= 0 && p >= s->baseline + r->rise_from_baseline))) {
        if (in_exercise(s)) {
            char *said = change_dose(s, frame, -1, true);
            if (said) {
                restart_exercise(s, frame, said, INTRO_VARIANT);
                return;
            }
        } else if (next_exercise_step(s)) {
            s->easier_next = true;
            plan_truncate(s, frame);
            uint64_t busy = answer_t(s, frame, T_PAIN_EASIER_NEXT, NULL);
            if (question_done)
                next_unit(s, busy);
            else
                replan(s, frame, busy);
            return;
        }
    }
    if (question_done)
        next_unit(s, max64(frame, s->lane_free));
}

/* ---- questions --------------------------------------------------------------- */

/* ---- progression from the last session ------------------------------------ */

/* How exercise step st went last time, or NULL. */
static const progress_last *last_of(const session *s, const step *st)
{
    for (size_t i = 0; i < s->cfg.last.n; i++)
        if (s->cfg.last.ex[i].planned && strcmp(s->cfg.last.ex[i].planned, st->exercise->id) == 0)
            return &s->cfg.last.ex[i];
    return NULL;
}

/* Decides the level of every exercise step (branches included) once. */
static void decide_levels(session *s, const step_list *l, const char *next_day)
{
    for (size_t i = 0; l && i < l->n; i++) {
        const step *st = &l->items[i];
        if (st->kind == STEP_QUESTION)
            for (int k = 0; k < st->n_answers; k++)
                decide_levels(s, st->answers[k].branch, next_day);
        if (st->kind != STEP_EXERCISE || !st->exercise)
            continue;
        struct level *lv = realloc(s->levels, (s->n_levels + 1) * sizeof *lv);
        if (!lv)
            abort(); /* small and bounded by the routine; as plan_push */
        s->levels = lv;
        lv[s->n_levels].st = st;
        lv[s->n_levels].l = progress_decide(st, last_of(s, st), next_day, s->cfg.last.baseline,
                                            &s->set.pain);
        s->n_levels++;
    }
}

/* Appends "dead bug to nine reps" (or "heel taps instead of dead bug",
 * "side plank to twelve-second holds") to buf, after a comma or "and" when
 * it is not the first. */
static void level_clause(char *buf, size_t size, const progress_level *l, const exercise *planned,
                         bool first, bool last)
{
    char part[300], num[64];
    number_text(num, sizeof num, l->to);
    num[0] = (char)tolower((unsigned char)num[0]);
    if (strcmp(l->field, "variant") == 0)
        snprintf(part, sizeof part, "%s instead of %s", l->variant->name, l->from_variant->name);
    else if (strcmp(l->field, "reps") == 0)
        snprintf(part, sizeof part, "%s to %s %s", planned->name, num, l->to == 1 ? "rep" : "reps");
    else
        snprintf(part, sizeof part, "%s to %s-second holds", planned->name, num);
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "%s%s", first ? "" : last ? " and " : ", ", part);
}

/* Decides this session's doses from the last session and the next-day
 * answer ("yes", "no", NULL), logs a progress event for each change, and
 * returns the one sentence that says what changed and why (malloc'd), or
 * NULL when there was no last session. */
static char *plan_progress(session *s, uint64_t frame, const char *next_day)
{
    if (!s->cfg.last.has || s->progress_planned)
        return NULL;
    s->progress_planned = true;
    decide_levels(s, routine_steps(s->r), next_day);
    char up[800] = "", back[800] = "";
    int n_up = 0, n_back = 0, k_up = 0, k_back = 0;
    const exercise *seen[64];
    int n_seen = 0;
    for (size_t i = 0; i < s->n_levels; i++) {
        const progress_level *l = &s->levels[i].l;
        n_up += l->change == PROGRESS_UP;
        n_back += l->change == PROGRESS_BACK;
    }
    for (size_t i = 0; i < s->n_levels; i++) {
        const progress_level *l = &s->levels[i].l;
        const exercise *planned = s->levels[i].st->exercise;
        if (l->change != PROGRESS_UP && l->change != PROGRESS_BACK)
            continue;
        bool dup = false; /* a step repeated in a routine is said once */
        for (int k = 0; k < n_seen; k++)
            dup = dup || seen[k] == planned;
        if (dup)
            continue;
        if (n_seen < 64)
            seen[n_seen++] = planned;
        item *ev = push_event(s, frame, "progress");
        ev->a.exercise = planned->id;
        ev->a.field = l->field;
        ev->a.reason = l->change == PROGRESS_UP ? "tolerated" : "pain";
        if (strcmp(l->field, "variant") == 0) {
            ev->a.from = l->from_variant->id;
            ev->a.to = l->variant->id;
        } else {
            ev->a.previous = l->from;
            ev->a.value = l->to;
        }
        if (l->change == PROGRESS_UP) {
            level_clause(up, sizeof up, l, planned, k_up == 0, k_up == n_up - 1);
            k_up++;
        } else {
            level_clause(back, sizeof back, l, planned, k_back == 0, k_back == n_back - 1);
            k_back++;
        }
    }
    tmpl_args a = {0};
    char text[1700];
    if (k_up && k_back) {
        snprintf(text, sizeof text, "%s; and a little less: %s", up, back);
        a.text = text;
        return fmt(T_PROGRESS_BOTH, &a);
    }
    if (k_up || k_back) {
        a.text = k_up ? up : back;
        return fmt(k_up ? T_PROGRESS_UP : T_PROGRESS_BACK, &a);
    }
    return fmt(next_day && strcmp(next_day, "no") == 0 ? T_PROGRESS_KEEP_NO : T_PROGRESS_KEEP, NULL);
}

/* The level progression gave exercise step st, or NULL. */
static const progress_level *level_of(const session *s, const step *st)
{
    for (size_t i = 0; i < s->n_levels; i++)
        if (s->levels[i].st == st)
            return &s->levels[i].l;
    return NULL;
}

/* Acts on an answer (index into the question's answers, or -1 for "no
 * answer, take the default"). */
static void answer_question(session *s, uint64_t frame, int index)
{
    unit *u = current_unit(s);
    plan_drop_mark(s, MK_ANSWER_DUE);
    if (u->role == Q_NEXT_DAY) {
        item *ev = push_event(s, frame, "answer");
        ev->a.kind = "next_day";
        ev->a.answer = index == 0 ? "yes" : index == 1 ? "no" : NULL;
        plan_truncate(s, frame);
        char said[1600] = "";
        if (index >= 0) {
            tmpl_args a = {.answer = index == 0 ? "Yes" : "No"};
            tmpl_format(said, sizeof said, T_ANSWER_THANKS, &a);
        }
        char *why = plan_progress(s, frame, ev->a.answer);
        if (why)
            snprintf(said + strlen(said), sizeof said - strlen(said), "%s%s", *said ? " " : "", why);
        free(why);
        next_unit(s, *said ? answer_text(s, frame, said, true) : frame);
        return;
    }
    if (u->role == Q_RED_FLAG) {
        item *ev = push_event(s, frame, "answer");
        ev->a.kind = "red_flag";
        ev->a.answer = index == 0 ? "yes" : index == 1 ? "no" : NULL;
        if (index == 0) {
            finish(s, frame, "red_flag", T_RED_FLAG_END, 0);
            return;
        }
        plan_truncate(s, frame);
        uint64_t busy = answer_t(s, frame, index == 1 ? T_RED_FLAG_NO : T_RED_FLAG_NO_ANSWER, NULL);
        next_unit(s, busy);
        return;
    }
    const step *q = u->q;
    bool took_default = index < 0;
    if (index < 0)
        index = q->default_answer;
    plan_truncate(s, frame);
    uint64_t busy = frame;
    if (index < 0) { /* nothing to take: carry on */
        busy = answer_t(s, frame, T_SKIP_STEP, NULL);
        step_done(s, busy);
        return;
    }
    const char *word = question_answer_name(q->question, index);
    item *ev = push_event(s, frame, "answer");
    ev->a.kind = question_kind_name(u);
    ev->a.answer = word;
    tmpl_args a = {.answer = word};
    busy = answer_t(s, frame, took_default ? T_TAKE_DEFAULT : T_ANSWER_THANKS, &a);
    const answer *an = &q->answers[index];
    if (an->action == ACT_BRANCH && an->branch && s->depth < 32) {
        units_clear(s);
        s->cur_step = NULL;
        s->stack[s->depth].list = an->branch;
        s->stack[s->depth].index = 0;
        s->depth++;
        begin_step(s, busy);
    } else if (an->action == ACT_ROUTINE) {
        handover(s, busy, an->target);
    } else {
        step_done(s, busy);
    }
}

static void question_timeout(session *s, uint64_t frame)
{
    unit *u = current_unit(s);
    if (!u || u->type != U_QUESTION)
        return;
    if (u->attempt == 1) {
        u->attempt = 2;
        s->unit_said = false;
        plan_unit(s, frame, max64(frame, s->lane_free));
        return;
    }
    if (s->cfg.abandon_after_s > 0) {
        /* kiosk: asked twice; wait for the answer until abandoned */
        if (s->abandon_at == UINT64_MAX)
            wait_from(s, frame);
        return;
    }
    if (is_pain_question(u)) {
        plan_truncate(s, frame);
        uint64_t busy = answer_t(s, frame, T_PAIN_NO_ANSWER, NULL);
        next_unit(s, busy);
        return;
    }
    answer_question(s, frame, -1);
}

/* ---- commands -------------------------------------------------------------- */

static void help(session *s, uint64_t frame)
{
    const char *list;
    unit *u = current_unit(s);
    if (s->state == ST_PAUSED)
        list = "resume, stop, or pain and a number";
    else if (u && u->type == U_QUESTION)
        list = is_pain_question(u) ? "a number from zero to ten, repeat, skip, or stop"
               : (u->role == Q_RED_FLAG || u->role == Q_NEXT_DAY || u->q->question == Q_YES_NO)
                   ? "yes, no, repeat, or stop"
                   : "better, same, worse, repeat, or stop";
    else if (in_exercise(s) && s->ex->kind == EX_REPS)
        list = "skip, easier, harder, slower, faster, pause, repeat, what's next, how many left, "
               "pain and a number, louder, softer, or stop";
    else if (in_exercise(s))
        list = "skip, easier, harder, pause, repeat, what's next, how many left, pain and a "
               "number, louder, softer, or stop";
    else
        list = "skip, pause, repeat, what's next, how many left, pain and a number, louder, "
               "softer, or stop";
    tmpl_args a = {.text = list};
    respond(s, frame, s->cfg.keys ? T_HELP_KEYS : T_HELP, &a);
}

static void how_many_left(session *s, uint64_t frame)
{
    unit *u = current_unit(s);
    tmpl_args a = {0};
    uint64_t into = frame > s->ustart ? frame - s->ustart : 0;
    if (u && u->type == U_REPS) {
        uint64_t R = rep_length(s, u);
        int started = R ? (int)(into / R) + 1 : 0;
        a.n = u->count - started;
        if (a.n < 0)
            a.n = 0;
        respond(s, frame, T_REPS_LEFT, &a);
    } else if (u && (u->type == U_HOLD || u->type == U_TIMED || u->type == U_REST)) {
        uint64_t len = unit_length(s, u);
        uint64_t left = len > into ? len - into : 0;
        a.n = (int)((left + (uint64_t)s->cfg.sample_rate - 1) / (uint64_t)s->cfg.sample_rate);
        respond(s, frame, u->type == U_REST ? T_REST_LEFT : T_SECONDS_LEFT_NOW, &a);
    } else {
        a.n = exercises_after(s);
        respond(s, frame, T_EXERCISES_LEFT, &a);
    }
}

/* Splits the current reps at the next rep boundary, so that a change of
 * tempo applies from the next rep and the reps already counted keep their
 * times. */
static void split_reps(session *s, uint64_t frame)
{
    unit *u = current_unit(s);
    if (!u || u->type != U_REPS || frame < s->ustart)
        return;
    uint64_t R = rep_length(s, u);
    int started = R ? (int)((frame - s->ustart) / R) + 1 : 0;
    if (started >= u->count || started <= 0)
        return;
    s->ustart += R * (uint64_t)started;
    u->first += started;
    u->count -= started;
    s->unit_started = true;
}

static void setting(session *s, uint64_t frame, const char *field, int *value, int delta, int lo,
                    int hi, tmpl_id said)
{
    int old = *value;
    int v = old + delta;
    v = v < lo ? lo : v > hi ? hi : v;
    if (v == old) {
        respond(s, frame, T_SETTING_LIMIT, NULL);
        return;
    }
    *value = v;
    item *ev = push_event(s, frame, "setting");
    ev->a.field = field;
    ev->a.previous = old;
    ev->a.value = v;
    if (value == &s->volume)
        push_control(s, frame, CONTROL_VOLUME, v);
    respond(s, frame, said, NULL);
}

static void skip(session *s, uint64_t frame)
{
    unit *u = current_unit(s);
    plan_truncate(s, frame);
    if (u && u->type == U_QUESTION) {
        if (is_pain_question(u) || u->role == Q_RED_FLAG) {
            uint64_t busy = answer_t(s, frame, T_SKIP_STEP, NULL);
            next_unit(s, busy);
        } else {
            answer_question(s, frame, -1);
        }
        return;
    }
    if (in_exercise(s)) {
        tmpl_args a = {.name = s->ex->name};
        item *ev = push_ex_event(s, frame, "skip");
        ev->a.reason = "user";
        ev = push_ex_event(s, frame, "exercise_end");
        ev->a.reason = "skipped";
        s->skipped++;
        uint64_t busy = answer_t(s, frame, T_SKIP, &a);
        step_done(s, busy);
        return;
    }
    if (s->phase == 4) { /* the closing words: straight to the end */
        while (s->ui + 1 < s->n_units)
            s->ui++;
        start_unit(s, max64(frame + secs(s, earcon_seconds(EARCON_ACK)), s->lane_free));
        return;
    }
    uint64_t busy = answer_t(s, frame, u && u->type == U_REST ? T_SKIP_REST : T_SKIP_STEP, NULL);
    next_unit(s, busy);
}

static void change(session *s, uint64_t frame, int dir)
{
    char *said = in_exercise(s) ? change_dose(s, frame, dir, false) : NULL;
    if (!said) {
        respond(s, frame, T_NO_CHANGE, NULL);
        return;
    }
    restart_exercise(s, frame, said, INTRO_VARIANT);
}

static void tempo(session *s, uint64_t frame, double factor)
{
    if (!in_exercise(s) || s->ex->kind != EX_REPS) {
        respond(s, frame, T_TEMPO_ONLY_REPS, NULL);
        return;
    }
    double t = (s->tempo_next > 0 ? s->tempo_next : s->tempo) * factor;
    if (t > 2.0 + 1e-9 || t < 0.5 - 1e-9) {
        respond(s, frame, T_TEMPO_LIMIT, NULL);
        return;
    }
    unit *u = current_unit(s);
    if (u && u->type == U_REPS && frame >= s->ustart) {
        uint64_t R = rep_length(s, u);
        int started = R ? (int)((frame - s->ustart) / R) + 1 : 0;
        if (started >= u->count) { /* the last rep: from the next set on */
            s->tempo_next = t;
            item *ev = push_ex_event(s, frame, "setting");
            ev->a.field = "tempo";
            ev->a.value = (int)lround(t * 100);
            respond(s, frame, factor > 1 ? T_SLOWER : T_FASTER, NULL);
            return;
        }
    }
    split_reps(s, frame);
    s->tempo = t;
    item *ev = push_ex_event(s, frame, "setting");
    ev->a.field = "tempo";
    ev->a.value = (int)lround(t * 100);
    respond(s, frame, factor > 1 ? T_SLOWER : T_FASTER, NULL);
}

/* Leaves the red-flag confirmation for where the session was: paused, or
 * running again after a lead-in. */
static void red_flag_withdrawn(session *s, uint64_t frame, tmpl_id message)
{
    s->red_flag_asks = 0;
    if (s->confirm_from_pause) {
        s->state = ST_PAUSED;
        plan_truncate(s, frame);
        uint64_t said = answer_t(s, frame, message, NULL);
        push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
        if (s->pending_pain >= s->set.pain.end_session_at) /* it waited for the answer */
            push_mark(s, said, MK_PAIN_DECIDE);
    } else {
        resume_at(s, frame, message);
    }
}

/* Asks the red flag back (the first time, or again), with an answer due. */
static void red_flag_ask(session *s, uint64_t frame, tmpl_id message)
{
    s->red_flag_asks++;
    plan_truncate(s, frame);
    plan_drop_mark(s, MK_RED_FLAG_DUE);
    push_mark(s, answer_t(s, frame, message, NULL) + secs(s, SESSION_ANSWER_S), MK_RED_FLAG_DUE);
}

/* A red flag heard unprompted is asked back before it ends the session: a
 * recogniser can hear "numbness" in ordinary talk, and a false one would end
 * a session for nothing. "yes" (or the red flag again) ends it with the
 * advice; "no" or "cancel" carries on; anything else asks once more; no
 * answer twice ends it, to be safe (docs/session.md). */
static void red_flag_heard(session *s, uint64_t frame, command c)
{
    if (s->state != ST_CONFIRM_RED_FLAG) {
        bool paused = session_paused(s);
        plan_drop_mark(s, MK_STOP_DUE);
        plan_drop_mark(s, MK_PAUSE_REMIND);
        item *ev = push_event(s, frame, "question");
        ev->a.kind = "red_flag";
        s->red_flag_asks = 0;
        if (paused || s->state == ST_CONFIRM_STOP) {
            s->confirm_from_pause = paused;
            s->state = ST_CONFIRM_RED_FLAG;
            red_flag_ask(s, frame, T_RED_FLAG_CONFIRM);
        } else {
            s->confirm_from_pause = false;
            pause_at(s, frame, ST_CONFIRM_RED_FLAG, T_RED_FLAG_CONFIRM);
            s->red_flag_asks = 1;
        }
        return;
    }
    plan_drop_mark(s, MK_RED_FLAG_DUE);
    if (c.id == CMD_YES || c.id == CMD_RED_FLAG || c.id == CMD_NO || c.id == CMD_CANCEL) {
        bool yes = c.id == CMD_YES || c.id == CMD_RED_FLAG;
        item *ev = push_event(s, frame, "answer");
        ev->a.kind = "red_flag";
        ev->a.answer = yes ? "yes" : "no";
        if (yes) {
            s->state = ST_RUNNING;
            finish(s, frame + secs(s, earcon_seconds(EARCON_ACK)), "red_flag", T_RED_FLAG_END, 0);
        } else {
            red_flag_withdrawn(s, frame, s->confirm_from_pause ? T_RED_FLAG_MISHEARD_PAUSED
                                                                : T_RED_FLAG_MISHEARD);
        }
        return;
    }
    red_flag_ask(s, frame, T_RED_FLAG_REASK);
}

static void dispatch(session *s, uint64_t frame, command c)
{
    unit *u = current_unit(s);
    bool question = u && u->type == U_QUESTION && s->state == ST_RUNNING;
    if (s->phase == 4 && (c.id == CMD_RED_FLAG || c.id == CMD_STOP)) {
        /* the session is already ending: a red flag gets its advice at once
         * (and is the reason it ended); "stop" goes straight to the end */
        if (c.id == CMD_RED_FLAG) {
            s->end_reason = "red_flag";
            respond(s, frame, T_RED_FLAG_LATE, NULL);
        } else {
            skip(s, frame);
        }
        return;
    }
    if (c.id == CMD_RED_FLAG || s->state == ST_CONFIRM_RED_FLAG) {
        red_flag_heard(s, frame, c);
        return;
    }
    if (s->state == ST_CONFIRM_STOP) {
        plan_drop_mark(s, MK_STOP_DUE);
        if (c.id == CMD_YES || c.id == CMD_STOP) { /* "stop" again: they mean it */
            s->state = ST_RUNNING;
            finish(s, frame, "stopped", TMPL_COUNT, 0);
        } else if (c.id == CMD_PAIN) {
            hear_pain(s, frame, c.value, false);
            push_mark(s, s->lane_free + secs(s, SESSION_ANSWER_S), MK_STOP_DUE);
        } else if (c.id == CMD_PAUSE || s->confirm_from_pause) {
            s->state = ST_PAUSED;
            plan_truncate(s, frame);
            answer_t(s, frame, T_PAUSED, NULL);
            if (!s->confirm_from_pause)
                wait_from(s, frame); /* a new pause: a kiosk's silence counts from here */
            push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
        } else {
            resume_at(s, frame, T_CARRY_ON);
        }
        return;
    }
    if ((c.id == CMD_NO || c.id == CMD_CANCEL) && s->pending_pain >= 0) {
        s->pending_pain = -1;
        plan_drop_mark(s, MK_PAIN_DECIDE);
        if (question && is_pain_question(u) && s->pain_in_question) {
            /* ask again */
            plan_truncate(s, frame);
            uint64_t busy = answer_t(s, frame, T_PAIN_UNDONE, NULL);
            s->unit_said = false;
            u->attempt = 1;
            s->unit_started = true;
            plan_unit(s, frame + 1, busy);
        } else if (s->state == ST_PAUSED) {
            answer_t(s, frame, T_PAIN_UNDONE, NULL);
        } else {
            respond(s, frame, T_PAIN_UNDONE, NULL);
        }
        return;
    }
    if (s->state == ST_PAUSED) {
        switch (c.id) {
        case CMD_RESUME:
            resume_at(s, frame, T_RESUMING);
            return;
        case CMD_STOP:
            s->state = ST_CONFIRM_STOP;
            s->confirm_from_pause = true;
            plan_truncate(s, frame);
            plan_drop_mark(s, MK_PAUSE_REMIND);
            push_mark(s, answer_t(s, frame, T_STOP_CONFIRM, NULL) + secs(s, SESSION_ANSWER_S), MK_STOP_DUE);
            return;
        case CMD_PAIN:
            hear_pain(s, frame, c.value, false);
            return;
        case CMD_HELP:
            help(s, frame);
            return;
        default:
            answer_t(s, frame, T_STILL_PAUSED, NULL);
            return;
        }
    }
    if (question) {
        int index = -1;
        if (is_pain_question(u) && (c.id == CMD_PAIN || c.id == CMD_NUMBER)) {
            hear_pain(s, frame, c.value, true);
            return;
        }
        if (u->role == Q_RED_FLAG || u->role == Q_NEXT_DAY ||
            (u->role == Q_STEP && u->q->question == Q_YES_NO))
            index = c.id == CMD_YES ? 0 : c.id == CMD_NO ? 1 : -1;
        else if (u->role == Q_STEP && u->q->question == Q_BETTER_SAME_WORSE)
            index = c.id == CMD_BETTER ? 0 : c.id == CMD_SAME ? 1 : c.id == CMD_WORSE ? 2 : -1;
        if (index >= 0) {
            answer_question(s, frame, index);
            return;
        }
    }
    switch (c.id) {
    case CMD_SKIP:
        skip(s, frame);
        break;
    case CMD_EASIER:
        change(s, frame, -1);
        break;
    case CMD_HARDER:
        change(s, frame, +1);
        break;
    case CMD_PAUSE:
        push_event(s, frame, "pause");
        pause_at(s, frame, ST_PAUSED, T_PAUSED);
        break;
    case CMD_RESUME:
        respond(s, frame, T_NOT_PAUSED, NULL);
        break;
    case CMD_REPEAT:
        plan_truncate(s, frame);
        replan(s, frame, answer_text(s, frame, s->last_cue, true));
        break;
    case CMD_WHATS_NEXT: {
        const step *n = next_exercise_step(s);
        tmpl_args a = {.name = n ? n->exercise->name : NULL};
        respond(s, frame, n ? T_NEXT_IS : T_NEXT_LAST, &a);
        break;
    }
    case CMD_HOW_MANY_LEFT:
        how_many_left(s, frame);
        break;
    case CMD_SLOWER:
        tempo(s, frame, 1.25);
        break;
    case CMD_FASTER:
        tempo(s, frame, 0.8);
        break;
    case CMD_LOUDER:
        setting(s, frame, "volume", &s->volume, 10, 10, 100, T_LOUDER);
        break;
    case CMD_SOFTER:
        setting(s, frame, "volume", &s->volume, -10, 10, 100, T_SOFTER);
        break;
    case CMD_SPEAK_SLOWER:
        setting(s, frame, "rate", &s->rate, -20, 80, 450, T_SPEAK_SLOWER);
        break;
    case CMD_SPEAK_FASTER:
        setting(s, frame, "rate", &s->rate, 20, 80, 450, T_SPEAK_FASTER);
        break;
    case CMD_STOP:
        s->confirm_from_pause = false;
        pause_at(s, frame, ST_CONFIRM_STOP, T_STOP_CONFIRM);
        break;
    case CMD_HELP:
        help(s, frame);
        break;
    case CMD_PAIN:
        hear_pain(s, frame, c.value, false);
        break;
    case CMD_NO:
    case CMD_CANCEL:
        respond(s, frame, T_NOTHING_TO_UNDO, NULL);
        break;
    default: /* yes, better... with nothing asked: acknowledged, nothing to do */
        break;
    }
}

/* ---- the host's interface ---------------------------------------------------- */

static void handle_mark(session *s, int mark, uint64_t frame)
{
    switch (mark) {
    case MK_UNIT_END:
        if (s->state == ST_RUNNING && s->ui < s->n_units)
            next_unit(s, frame);
        break;
    case MK_ANSWER_DUE:
        if (s->state == ST_RUNNING)
            question_timeout(s, frame);
        break;
    case MK_PAIN_DECIDE:
        if (s->state == ST_RUNNING) {
            decide_pain(s, frame);
        } else if (s->pending_pain >= s->set.pain.end_session_at &&
                   s->state != ST_CONFIRM_RED_FLAG) {
            s->state = ST_RUNNING; /* too much pain to wait for "resume" */
            decide_pain(s, frame);
        } /* otherwise decided when the clock runs again (resume_at), or, while
           * a red flag is asked back, once it is answered (a confirmed red
           * flag's advice comes first) */
        break;
    case MK_ABANDON:
        if (frame != s->abandon_at || s->state == ST_DONE || s->phase == 4)
            break;
        if (s->state == ST_CONFIRM_RED_FLAG || s->pending_pain >= 0) {
            wait_from(s, frame); /* a red flag or a rating is decided first, with its advice */
            break;
        }
        s->state = ST_RUNNING;
        finish(s, frame, "abandoned", T_KIOSK_ABANDONED, 0);
        break;
    case MK_PAUSE_REMIND:
        if (s->state != ST_PAUSED)
            break;
        if (frame - s->paused_at >= secs(s, SESSION_PAUSE_MAX_S)) {
            s->state = ST_RUNNING;
            finish(s, frame, "stopped", T_PAUSE_TIMEOUT, 0);
            break;
        }
        say_now(s, frame, T_STILL_PAUSED, NULL, false);
        push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
        break;
    case MK_STOP_DUE:
        if (s->state == ST_CONFIRM_STOP && s->confirm_from_pause) {
            s->state = ST_PAUSED;
            answer_t(s, frame, T_STILL_PAUSED, NULL);
            push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
        } else if (s->state == ST_CONFIRM_STOP) {
            resume_at(s, frame, T_CARRY_ON);
        }
        break;
    case MK_RED_FLAG_DUE:
        if (s->state != ST_CONFIRM_RED_FLAG)
            break;
        if (s->red_flag_asks < 2) {
            red_flag_ask(s, frame, T_RED_FLAG_REASK);
        } else {
            item *ev = push_event(s, frame, "answer");
            ev->a.kind = "red_flag";
            s->state = ST_RUNNING;
            finish(s, frame, "red_flag", T_RED_FLAG_NO_REPLY, 0);
        }
        break;
    }
}

void session_advance(session *s, uint64_t frame, action_sink sink, void *ctx)
{
    while (s->n_plan > 0 && s->plan[0].frame <= frame) {
        item it = s->plan[0];
        memmove(&s->plan[0], &s->plan[1], (s->n_plan - 1) * sizeof *s->plan);
        s->n_plan--;
        s->now = it.frame;
        switch (it.kind) {
        case IK_SAY:
            it.a.text = it.text;
            s->lane_free = max64(s->lane_free, it.frame + it.a.duration);
            if (it.memorable)
                snprintf(s->last_cue, sizeof s->last_cue, "%s", it.text);
            if (it.on_emit == OE_UNIT_SAID)
                s->unit_said = true;
            if (it.on_emit == OE_CUE && it.cue >= 0)
                s->cues_said |= 1u << it.cue;
            sink(ctx, &it.a);
            break;
        case IK_EARCON:
        case IK_EVENT:
            if (it.text)
                it.a.text = it.text;
            sink(ctx, &it.a);
            break;
        case IK_MARK:
            handle_mark(s, it.mark, it.frame);
            break;
        }
        item_free(&it);
    }
    if (frame > s->now)
        s->now = frame;
}

void session_hear(session *s, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    if (s->state == ST_DONE)
        return;
    session_advance(s, frame, sink, ctx);
    command c = command_parse(text);
    unit *u = current_unit(s);
    bool pain_q = u && s->state == ST_RUNNING && is_pain_question(u);
    if (c.id == CMD_NUMBER && !pain_q)
        c.id = CMD_NONE; /* a bare number means nothing outside a pain question */
    if (!command_in_context(c.id, COMMAND_SESSION))
        c.id = CMD_NONE; /* the menu's words mean nothing here */
    if (c.id == CMD_NONE) {
        item *ev = push_event(s, frame, "unrecognized");
        ev->a.text = NULL;
        ev->text = strdup(text);
        if (!ev->text)
            abort();
        if (u && u->type == U_QUESTION && s->state == ST_RUNNING && u->attempt == 1 &&
            s->pending_pain < 0) {
            push_earcon(s, frame, EARCON_ERROR);
            plan_drop_mark(s, MK_ANSWER_DUE);
            u->attempt = 2;
            s->unit_said = false;
            plan_truncate(s, frame);
            plan_unit(s, frame + 1, max64(frame + secs(s, earcon_seconds(EARCON_ERROR)), s->lane_free));
        }
        session_advance(s, frame, sink, ctx);
        return;
    }
    push_earcon(s, frame, EARCON_ACK);
    item *ev = push_event(s, frame, "command");
    ev->a.command = command_name(c.id == CMD_NUMBER ? CMD_PAIN : c.id);
    ev->a.value = c.value;
    if (s->abandon_at != UINT64_MAX)
        wait_from(s, frame); /* someone is there: the silence starts again */
    dispatch(s, frame, c);
    session_advance(s, frame, sink, ctx);
}

session_config session_config_default(void)
{
    session_config c;
    memset(&c, 0, sizeof c);
    c.sample_rate = 48000;
    c.volume = -1;
    c.last.baseline = -1;
    c.last.ask_next_day = true;
    c.detail = SESSION_DETAIL_NORMAL;
    return c;
}

coach_err session_create(const session_config *cfg, session **out)
{
    *out = NULL;
    if (!cfg || !cfg->routine || !cfg->measure || cfg->sample_rate <= 0)
        return COACH_ERR_USAGE;
    session *s = calloc(1, sizeof *s);
    if (!s)
        return COACH_ERR_NOMEM;
    s->cfg = *cfg;
    s->r = cfg->routine;
    s->set = *routine_get_settings(s->r);
    s->rate = cfg->rate > 0 ? cfg->rate : s->set.rate;
    s->volume = cfg->volume >= 0 && cfg->volume <= 100 ? cfg->volume : s->set.volume;
    s->tempo = 1.0;
    s->pending_pain = -1;
    s->pain_start = s->pain_last = s->baseline = -1;
    s->abandon_at = UINT64_MAX;
    routine_estimate e = routine_estimate_default_path(s->r);
    s->est_minutes = (int)lround(e.seconds / 60.0);
    if (s->est_minutes < 1)
        s->est_minutes = 1;
    s->est_exercises = e.exercises;
    *out = s;
    return COACH_OK;
}

void session_destroy(session *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n_plan; i++)
        item_free(&s->plan[i]);
    free(s->plan);
    units_clear(s);
    free(s->levels);
    free(s);
}

void session_start(session *s, uint64_t frame)
{
    /* the counts are measured (so synthesised) first, in every mode: they
     * are ready before they are due, and every mode makes the same speech
     * calls in the same order */
    for (int n = 0; n <= 50; n++) {
        char buf[64];
        number_text(buf, sizeof buf, n);
        measure(s, buf);
    }
    s->now = frame;
    s->lane_free = frame;
    push_earcon(s, frame, EARCON_START);
    push_event(s, frame, "session_start");
    tmpl_args a = {.title = routine_title(s->r), .n = s->est_minutes, .m = s->est_exercises};
    unit *u = add_say_t(s, T_INTRO, &a, true);
    (void)u;
    if (s->cfg.last.has && s->cfg.last.ask_next_day) {
        compile_question(s, Q_NEXT_DAY, NULL);
    } else if (s->cfg.last.has) { /* not asked: decided now, said after the intro */
        char *said = plan_progress(s, frame, NULL);
        if (said)
            add_say(s, said, true);
    }
    if (s->set.ask_baseline_pain)
        compile_question(s, Q_BASELINE, NULL);
    if (s->set.ask_red_flags)
        compile_question(s, Q_RED_FLAG, NULL);
    s->phase = 0;
    s->ui = 0;
    s->lane_free = frame + secs(s, earcon_seconds(EARCON_START));
    start_unit(s, frame + secs(s, earcon_seconds(EARCON_START)));
}

bool session_paused(const session *s)
{
    return s->state == ST_PAUSED ||
           ((s->state == ST_CONFIRM_STOP || s->state == ST_CONFIRM_RED_FLAG) && s->confirm_from_pause);
}

bool session_done(const session *s)
{
    return s->state == ST_DONE && s->n_plan == 0;
}

uint64_t session_next_frame(const session *s)
{
    return s->n_plan ? s->plan[0].frame : UINT64_MAX;
}

/* ---- the engine as a program (program.h) -------------------------------------- */

static void prog_start(void *self, uint64_t frame)
{
    session_start(self, frame);
}

static uint64_t prog_next(const void *self)
{
    return session_next_frame(self);
}

static void prog_advance(void *self, uint64_t frame, action_sink sink, void *ctx)
{
    session_advance(self, frame, sink, ctx);
}

static void prog_hear(void *self, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    session_hear(self, frame, text, sink, ctx);
}

static bool prog_done(const void *self)
{
    return session_done(self);
}

static bool prog_paused(const void *self)
{
    return session_paused(self);
}

static void prog_destroy(void *self)
{
    session_destroy(self);
}

program session_program(session *s)
{
    program p = {s,         prog_start,   prog_next, prog_advance, prog_hear, prog_done,
                 prog_paused, prog_destroy, NULL,      NULL,         COMMAND_SESSION};
    return p;
}
