/* estimate.c: how long a routine takes, computed from its steps. The numbers
 * of words for the coach's own sentences are estimates of the templates'
 * lengths; docs/routine-format.md describes the method. */
#include "coach/routine.h"
#include "../core/text.h"

enum {
    WORDS_INTRO = 14,       /* "N minutes, M exercises. Say help at any time." */
    WORDS_BASELINE = 14,    /* the baseline pain question and its read-back */
    WORDS_RED_FLAGS = 30,   /* the red-flag question */
    WORDS_PER_SET = 5,      /* "set two of three", "ready... go" */
    WORDS_PER_REST = 6,     /* "rest thirty seconds. Next up: ..." */
    WORDS_CLOSING = 30,     /* the closing summary */
    ANSWER_SECONDS = 6,     /* time allowed for an answer */
};

static double speech(size_t words, const routine_settings *s)
{
    return (double)words * 60.0 / (double)s->rate;
}

double exercise_dose_seconds(exercise_kind kind, const exercise_dose *d,
                             const routine_settings *s)
{
    int sides = d->side == SIDE_NONE ? 1 : 2;
    int rest = d->rest >= 0 ? d->rest : s->rest_between_sets;
    int sets = d->sets > 0 ? d->sets : 1;
    switch (kind) {
    case EX_REPS: {
        double rep = 0;
        for (int i = 0; i < d->n_tempo; i++)
            rep += d->tempo[i].seconds;
        if (d->n_tempo == 0)
            rep = s->rep_seconds;
        return sets * sides * d->reps * rep + (sets - 1) * rest;
    }
    case EX_HOLD: {
        int reps = d->reps > 0 ? d->reps : 1;
        double set = sides * (reps * d->hold + (reps - 1) * d->relax);
        return sets * set + (sets - 1) * rest;
    }
    case EX_BREATHING:
        return d->cycles * (d->inhale + d->hold + d->exhale);
    case EX_TIMED:
        return d->duration;
    }
    return 0;
}

static double step_seconds(const step *st, const routine_settings *s, routine_estimate *e,
                           int depth, bool *handed_over);

/* What a list of steps adds to an estimate, kept per list: a branch that
 * many questions lead to is walked once, so the estimate is linear in the
 * routine however deeply its branches nest. */
typedef struct list_memo {
    const step_list *l;
    double seconds;
    int exercises;
    const char *next_routine;
    bool handed_over;
} list_memo;

enum { ESTIMATE_MEMO = 256 };

static double list_walk(const step_list *l, const routine_settings *s, routine_estimate *e,
                        int depth, bool *handed_over)
{
    double t = 0;
    for (size_t i = 0; i < l->n && !*handed_over; i++)
        t += step_seconds(&l->items[i], s, e, depth, handed_over);
    return t;
}

/* The memo of this estimate (one estimate runs at a time per thread). */
static _Thread_local list_memo memo[ESTIMATE_MEMO];
static _Thread_local size_t n_memo;

static double list_seconds(const step_list *l, const routine_settings *s, routine_estimate *e,
                           int depth, bool *handed_over)
{
    for (size_t i = 0; i < n_memo; i++)
        if (memo[i].l == l) {
            e->exercises += memo[i].exercises;
            if (memo[i].handed_over) {
                e->next_routine = memo[i].next_routine;
                *handed_over = true;
            }
            return memo[i].seconds;
        }
    routine_estimate sub = {0, 0, NULL};
    bool handed = false;
    double t = list_walk(l, s, &sub, depth, &handed);
    if (n_memo < ESTIMATE_MEMO)
        memo[n_memo++] = (list_memo){l, t, sub.exercises, sub.next_routine, handed};
    e->exercises += sub.exercises;
    if (handed) {
        e->next_routine = sub.next_routine;
        *handed_over = true;
    }
    return t;
}

static double step_seconds(const step *st, const routine_settings *s, routine_estimate *e,
                           int depth, bool *handed_over)
{
    switch (st->kind) {
    case STEP_EXERCISE: {
        const exercise *x = st->exercise;
        if (!x)
            return 0;
        e->exercises++;
        size_t words = text_word_count(x->name) + text_word_count(x->start) +
                       text_word_count(x->safety);
        for (int i = 0; i < x->n_cues; i++)
            words += text_word_count(x->cues[i]);
        int sets = st->dose.sets > 0 ? st->dose.sets : 1;
        words += (size_t)sets * WORDS_PER_SET;
        /* time to move after each side is named (issue 15): both sides of
         * every set, or every hold of alternating holds */
        int reps = st->dose.reps > 0 ? st->dose.reps : 1, names = 0;
        if (st->dose.side == SIDE_EACH)
            names = 2 * sets;
        else if (st->dose.side == SIDE_ALTERNATE && x->kind == EX_HOLD)
            names = 2 * reps * sets;
        return speech(words, s) + exercise_dose_seconds(x->kind, &st->dose, s) +
               names * s->move_seconds;
    }
    case STEP_REST:
        return st->rest_seconds + speech(WORDS_PER_REST, s);
    case STEP_SAY:
        return speech(text_word_count(st->text), s);
    case STEP_QUESTION: {
        double t = speech(st->text ? text_word_count(st->text) : WORDS_BASELINE, s) + ANSWER_SECONDS;
        if (st->default_answer < 0 || depth > 64)
            return t;
        const answer *a = &st->answers[st->default_answer];
        if (a->action == ACT_BRANCH && a->branch)
            t += list_seconds(a->branch, s, e, depth + 1, handed_over);
        else if (a->action == ACT_ROUTINE) {
            e->next_routine = a->target;
            *handed_over = true;
        }
        return t;
    }
    }
    return 0;
}

routine_estimate routine_estimate_default_path(const routine *r)
{
    routine_estimate e = {0, 0, NULL};
    const routine_settings *s = routine_get_settings(r);
    bool handed_over = false;
    n_memo = 0;
    double t = speech(text_word_count(routine_title(r)) + WORDS_INTRO, s);
    if (s->ask_baseline_pain)
        t += speech(WORDS_BASELINE, s) + ANSWER_SECONDS;
    if (s->ask_red_flags)
        t += speech(WORDS_RED_FLAGS, s) + ANSWER_SECONDS;
    t += list_seconds(routine_steps(r), s, &e, 0, &handed_over);
    if (!handed_over)
        t += speech(WORDS_CLOSING, s);
    e.seconds = t;
    return e;
}
