/* engine_answer.c: the session engine hearing answers: pain ratings (heard,
 * undone, decided against the routine's thresholds), the questions asked
 * (pain, next day, "did that feel easy?", tracking, a routine's own) and
 * their silence, and the progression sentence (engine_impl.h). */
#include "engine_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/tracking.h"

/* ---- pain ------------------------------------------------------------------ */

/* True while an exercise step of the session proper is under way. */
bool engine_in_exercise(const session *s)
{
    return s->ex && s->cur_step && s->cur_step->kind == STEP_EXERCISE && s->stage == STAGE_STEPS;
}

/* The unit playing now, or NULL past the last. */
unit *engine_current_unit(session *s)
{
    return s->ui < s->n_units ? &s->units[s->ui] : NULL;
}

/* Hears a pain rating: confirms it, and decides once it can no longer be
 * undone. */
void engine_hear_pain(session *s, uint64_t frame, int value, bool as_answer)
{
    s->pending_pain = value;
    s->pain_in_question = as_answer;
    s->pain_heard_at = frame;
    s->pain_due = frame + secs(s, SESSION_UNDO_S);
    engine_cut(s, frame);
    engine_drop_mark(s, MK_PAIN_DECIDE); /* a newer rating replaces a pending one */
    tmpl_args a = {.n = value};
    /* a kiosk is public: the acknowledge earcon (already out) is the
     * confirmation, the rating is not said aloud */
    uint64_t busy = s->cfg.kiosk ? max64(frame + secs(s, earcon_seconds(EARCON_ACK)), s->lane_free)
                                 : engine_answer_t(s, frame, as_answer ? T_PAIN_ANSWER : T_PAIN_HEARD, &a);
    engine_push_mark(s, s->pain_due, MK_PAIN_DECIDE);
    if (as_answer) {
        engine_drop_mark(s, MK_ANSWER_DUE);
        s->unit_said = true; /* the answer: wait for the decision, do not ask again */
    } else {
        engine_plan_unit(s, frame + 1, busy); /* anything else goes on, a question included */
    }
}

/* Decides the pending rating, its undo window over: logs it, and by the
 * routine's pain rules ends the session, stops the exercise, makes it or the
 * next one easier, or carries on. */
void engine_decide_pain(session *s, uint64_t frame)
{
    int p = s->pending_pain;
    bool answered = s->pain_in_question;
    s->pending_pain = -1;
    if (p < 0)
        return;
    unit *u = engine_current_unit(s);
    bool baseline = answered && u && u->type == U_QUESTION && u->role == Q_BASELINE;
    /* the closing rating, like the starting one, changes no exercise */
    bool closing = s->closing && u && u->type == U_QUESTION && u->role == Q_CLOSING;
    plan_item *ev = engine_push_event(s, frame, "pain");
    ev->a.value = p;
    if (engine_in_exercise(s))
        ev->a.exercise = s->ex->id;
    s->pain_last = p;
    if (baseline) {
        s->pain_start = p;
        s->baseline = p;
    }
    const pain_rules *r = &s->set.pain;
    if (p >= r->end_session_at) {
        engine_finish(s, frame, "pain", T_PAIN_END, 0);
        return;
    }
    bool question_done = answered && u && u->type == U_QUESTION;
    if (closing) {
        s->pain_close = p;
        if (question_done)
            engine_next_unit(s, max64(frame, s->lane_free));
        return;
    }
    if (!baseline && p >= r->stop_exercise_at) {
        s->stopped_for_pain++;
        if (s->stopped_for_pain >= r->stops_to_end) {
            engine_finish(s, frame, "pain", T_PAIN_END_STOPS, s->stopped_for_pain);
            return;
        }
        if (engine_in_exercise(s)) {
            tmpl_args a = {.name = s->ex->name};
            plan_item *e2 = engine_push_ex_event(s, frame, "exercise_end");
            e2->a.reason = "pain";
            engine_cut(s, frame);
            uint64_t busy = engine_answer_t(s, frame, T_PAIN_STOP, &a);
            engine_units_clear(s);
            s->ex = NULL;
            engine_add_rest(s, BEATS_REST_PAIN, s->set.rest_between_sets > 0 ? s->set.rest_between_sets : 30);
            s->ui = 0;
            engine_start_unit(s, busy);
            return;
        }
        const step *n = engine_next_exercise_step(s);
        if (n) {
            s->skip_next = true;
            tmpl_args a = {.name = n->exercise->name};
            engine_cut(s, frame);
            uint64_t busy = engine_answer_t(s, frame, T_PAIN_SKIP_NEXT, &a);
            if (question_done) {
                s->lane_free = max64(s->lane_free, busy);
                engine_next_unit(s, busy);
            } else {
                engine_replan(s, frame, busy);
            }
            return;
        }
    } else if (!baseline && (p > r->green_max ||
                             (s->baseline >= 0 && p >= s->baseline + r->rise_from_baseline))) {
        if (engine_in_exercise(s)) {
            char *said = engine_change_dose(s, frame, -1, true);
            if (said) {
                engine_restart_exercise(s, frame, said, INTRO_VARIANT);
                return;
            }
        } else if (engine_next_exercise_step(s)) {
            s->easier_next = true;
            engine_cut(s, frame);
            uint64_t busy = engine_answer_t(s, frame, T_PAIN_EASIER_NEXT, NULL);
            if (question_done)
                engine_next_unit(s, busy);
            else
                engine_replan(s, frame, busy);
            return;
        }
    }
    if (question_done)
        engine_next_unit(s, max64(frame, s->lane_free));
}

/* ---- progression from the last session ------------------------------------ */

typedef struct progress_ctx {
    session *s;
    uint64_t frame;
} progress_ctx;

/* A "progress" event for each change said. */
static void log_progress(void *ctx, const progress_level *l, const exercise *planned)
{
    progress_ctx *c = ctx;
    plan_item *ev = engine_push_event(c->s, c->frame, "progress");
    ev->a.exercise = planned->id;
    ev->a.field = l->field;
    ev->a.reason = l->reason ? l->reason : l->change == PROGRESS_UP ? "tolerated" : "pain";
    if (strcmp(l->field, "variant") == 0) {
        ev->a.from = l->from_variant->id;
        ev->a.to = l->variant->id;
    } else {
        ev->a.previous = l->from;
        ev->a.value = l->to;
    }
}

/* Decides this session's doses from the last session and the next-day
 * answer ("yes", "no", NULL), logs a progress event for each change, and
 * returns the one sentence that says what changed and why (malloc'd), or
 * NULL when there was no last session. */
char *engine_plan_progress(session *s, uint64_t frame, const char *next_day)
{
    progress_ctx c = {s, frame};
    return progression_decide(&s->progress, routine_steps(s->r), &s->cfg.last, next_day,
                              &s->set.pain, log_progress, &c);
}

/* The level progression gave exercise step st, or NULL. */
const progress_level *engine_level_of(const session *s, const step *st)
{
    return progression_level_of(&s->progress, st);
}

/* ---- questions --------------------------------------------------------------- */

/* Acts on an answer (index into the question's answers, or -1 for "no
 * answer, take the default"). */
static void answer_question(session *s, uint64_t frame, int index)
{
    unit *u = engine_current_unit(s);
    engine_drop_mark(s, MK_ANSWER_DUE);
    if (u->role == Q_NEXT_DAY) {
        plan_item *ev = engine_push_event(s, frame, "answer");
        ev->a.kind = "next_day";
        ev->a.answer = index == 0 ? "yes" : index == 1 ? "no" : NULL;
        engine_cut(s, frame);
        char said[1600] = "";
        if (index >= 0) {
            tmpl_args a = {.answer = index == 0 ? "Yes" : "No"};
            tmpl_format(said, sizeof said, T_ANSWER_THANKS, &a);
        }
        char *why = engine_plan_progress(s, frame, ev->a.answer);
        if (why)
            snprintf(said + strlen(said), sizeof said - strlen(said), "%s%s", *said ? " " : "", why);
        free(why);
        engine_next_unit(s, *said ? engine_answer_text(s, frame, said, true) : frame);
        return;
    }
    if (u->role == Q_RED_FLAG) {
        plan_item *ev = engine_push_event(s, frame, "answer");
        ev->a.kind = "red_flag";
        ev->a.answer = index == 0 ? "yes" : index == 1 ? "no" : NULL;
        if (index == 0) {
            s->red_flag_kind = u->flag;
            engine_red_flag_end(s, frame, false);
            return;
        }
        engine_cut(s, frame);
        bool last = s->ui + 1 >= s->n_units || s->units[s->ui + 1].role != Q_RED_FLAG ||
                    s->units[s->ui + 1].type != U_QUESTION;
        tmpl_args a = {.answer = "No"};
        uint64_t busy = index < 0 ? engine_answer_t(s, frame, T_RED_FLAG_NO_ANSWER, NULL)
                        : last    ? engine_answer_t(s, frame, T_RED_FLAG_NO, NULL)
                                  : engine_answer_t(s, frame, T_ANSWER_THANKS, &a);
        engine_next_unit(s, busy);
        return;
    }
    const step *q = u->q;
    bool took_default = index < 0;
    if (index < 0)
        index = q->default_answer;
    engine_cut(s, frame);
    uint64_t busy = frame;
    if (index < 0) { /* nothing to take: carry on */
        busy = engine_answer_t(s, frame, T_SKIP_STEP, NULL);
        engine_step_done(s, busy);
        return;
    }
    const char *word = question_answer_name(q->question, index);
    plan_item *ev = engine_push_event(s, frame, "answer");
    ev->a.kind = engine_question_kind_name(u);
    ev->a.answer = word;
    tmpl_args a = {.answer = word};
    busy = engine_answer_t(s, frame, took_default ? T_TAKE_DEFAULT : T_ANSWER_THANKS, &a);
    const answer *an = &q->answers[index];
    if (an->action == ACT_BRANCH && an->branch && s->depth < 32) {
        engine_units_clear(s);
        s->cur_step = NULL;
        s->stack[s->depth].list = an->branch;
        s->stack[s->depth].index = 0;
        s->depth++;
        engine_begin_step(s, busy);
    } else if (an->action == ACT_ROUTINE) {
        engine_handover(s, busy, an->target);
    } else {
        engine_step_done(s, busy);
    }
}

/* The answer to "did that feel easy?" (after the exercise s->easy_ex): 0
 * yes, 1 no, -1 none (skipped, or no answer: nothing is logged, and the
 * next session decides as if it had not been asked). Said back, then on to
 * the next step. */
static void easy_answer(session *s, uint64_t frame, int index)
{
    engine_drop_mark(s, MK_ANSWER_DUE);
    engine_cut(s, frame);
    uint64_t busy = frame;
    if (index >= 0) {
        plan_item *ev = engine_push_event(s, frame, "answer");
        ev->a.kind = "easy";
        ev->a.answer = index == 0 ? "yes" : "no";
        ev->a.exercise = s->easy_ex ? s->easy_ex->id : NULL;
        busy = engine_answer_t(s, frame, index == 0 ? T_EASY_YES : T_EASY_NO, NULL);
    } /* no answer: straight on, nothing said */
    s->easy_ex = NULL;
    engine_next_unit(s, max64(busy, s->lane_free));
}

/* The answer to the current tracking question (value: minutes, or 0-10
 * for confidence; -1 "skip"), logged as a "tracking" event and said back;
 * then the next one, or after the last, the end. */
static void tracking_answer(session *s, uint64_t frame, const unit *u, int value)
{
    engine_drop_mark(s, MK_ANSWER_DUE);
    engine_cut(s, frame);
    plan_item *ev = engine_push_event(s, frame, "tracking");
    ev->a.field = tracking_field_name(u->flag);
    char said[COACH_SENTENCE_MAX] = "", words[128];
    if (value >= 0) {
        ev->a.value = value;
        tracking_value_words(u->flag, value, words, sizeof words);
        tmpl_args a = {.text = words};
        tmpl_format(said, sizeof said, T_TRACKING_ANSWER, &a);
    } else {
        ev->a.answer = "skip";
        tmpl_format(said, sizeof said, T_SKIP_STEP, NULL);
    }
    bool last = s->ui + 1 >= s->n_units;
    if (last) {
        size_t n = strlen(said);
        said[n++] = ' ';
        tmpl_format(said + n, sizeof said - n, T_TRACKING_DONE, NULL);
    }
    engine_next_unit(s, engine_answer_text(s, frame, said, true));
}

/* No answer to a tracking question: nobody may be there, so the rest wait
 * for another session (nothing is logged, and they stay due). */
static void tracking_silence(session *s, uint64_t frame)
{
    engine_cut(s, frame);
    uint64_t busy = engine_answer_t(s, frame, T_TRACKING_LATER, NULL);
    s->ui = s->n_units - 1; /* past the remaining questions */
    engine_next_unit(s, busy);
}

/* No answer to the question in its window: asked once more, then its
 * default taken, or for a pain question none (a kiosk waits until
 * abandoned; "easy?" and the tracking questions move on at once). */
void engine_question_timeout(session *s, uint64_t frame)
{
    unit *u = engine_current_unit(s);
    if (!u || u->type != U_QUESTION)
        return;
    if (u->role == Q_EASY) { /* asked once: silence moves on, and it is not asked again today */
        if (u->attempt == 1)
            s->easy_off = true;
        easy_answer(s, frame, -1);
        return;
    }
    if (u->role == Q_TRACKING) {
        tracking_silence(s, frame);
        return;
    }
    if (u->attempt == 1) {
        u->attempt = 2;
        s->unit_said = false;
        engine_plan_unit(s, frame, max64(frame, s->lane_free));
        return;
    }
    if (s->cfg.abandon_after_s > 0) {
        /* kiosk: asked twice; wait for the answer until abandoned */
        if (s->abandon_at == UINT64_MAX)
            engine_wait_from(s, frame);
        return;
    }
    if (engine_is_pain_question(u)) {
        engine_cut(s, frame);
        uint64_t busy = engine_answer_t(s, frame, T_PAIN_NO_ANSWER, NULL);
        engine_next_unit(s, busy);
        return;
    }
    answer_question(s, frame, -1);
}

/* "skip" while the question u is asked (the sentence is already cut): the
 * red-flag screen is asked again, with why; a pain question moves on; any
 * other takes its default, or nothing, as if unanswered. */
void engine_skip_question(session *s, uint64_t frame, unit *u)
{
    if (u->role == Q_RED_FLAG) {
        /* the safety screen cannot be skipped: asked again, with why */
        engine_drop_mark(s, MK_ANSWER_DUE);
        uint64_t busy = engine_answer_t(s, frame, T_RED_FLAG_NEEDS_ANSWER, NULL);
        u->attempt = 1;
        s->unit_said = false;
        s->unit_started = true;
        engine_plan_unit(s, frame + 1, busy);
        return;
    }
    if (u->role == Q_EASY) {
        easy_answer(s, frame, -1);
        return;
    }
    if (u->role == Q_TRACKING) {
        tracking_answer(s, frame, u, -1);
        return;
    }
    if (engine_is_pain_question(u)) {
        uint64_t busy = engine_answer_t(s, frame, T_SKIP_STEP, NULL);
        engine_next_unit(s, busy);
    } else {
        answer_question(s, frame, -1);
    }
}

/* "no" or "cancel" while a rating waits for its decision: undone; a pain
 * question is asked again. */
void engine_undo_pain(session *s, uint64_t frame, unit *u, bool question)
{
    s->pending_pain = -1;
    engine_drop_mark(s, MK_PAIN_DECIDE);
    if (question && engine_is_pain_question(u) && s->pain_in_question) {
        /* ask again */
        engine_cut(s, frame);
        uint64_t busy = engine_answer_t(s, frame, T_PAIN_UNDONE, NULL);
        s->unit_said = false;
        u->attempt = 1;
        s->unit_started = true;
        engine_plan_unit(s, frame + 1, busy);
    } else if (s->state == ST_PAUSED) {
        engine_answer_t(s, frame, T_PAIN_UNDONE, NULL);
    } else {
        engine_respond(s, frame, T_PAIN_UNDONE, NULL);
    }
}

/* A command that answers the question u; false when it is not an answer. */
bool engine_question_heard(session *s, uint64_t frame, const unit *u, command c)
{
    int index = -1;
    if (engine_is_pain_question(u) && (c.id == CMD_PAIN || c.id == CMD_NUMBER)) {
        engine_hear_pain(s, frame, c.value, true);
        return true;
    }
    if (u->role == Q_TRACKING) {
        bool minutes = tracking_in_minutes(u->flag);
        if (c.id == CMD_NUMBER || (c.id == CMD_AMOUNT && minutes))
            tracking_answer(s, frame, u, c.value);
        else if (c.id == CMD_NO)
            tracking_answer(s, frame, u, -1); /* "no": nothing to say to this one */
        else
            return false;
        return true;
    }
    if (u->role == Q_EASY) {
        if (c.id != CMD_YES && c.id != CMD_NO)
            return false;
        easy_answer(s, frame, c.id == CMD_YES ? 0 : 1);
        return true;
    }
    if (u->role == Q_RED_FLAG || u->role == Q_NEXT_DAY ||
        (u->role == Q_STEP && u->q->question == Q_YES_NO))
        index = c.id == CMD_YES ? 0 : c.id == CMD_NO ? 1 : -1;
    else if (u->role == Q_STEP && u->q->question == Q_BETTER_SAME_WORSE)
        index = c.id == CMD_BETTER ? 0 : c.id == CMD_SAME ? 1 : c.id == CMD_WORSE ? 2 : -1;
    if (index < 0)
        return false;
    answer_question(s, frame, index);
    return true;
}

