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
#include "engine_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/tracking.h"

/* Plans a of kind IK_* (plan.h: after everything due at or before it). */
static plan_item *push(session *s, action a, int kind)
{
    plan_item *it = plan_push(&s->plan, a);
    it->kind = kind;
    return it;
}

static bool is_unit_item(const plan_item *it, void *ctx)
{
    (void)ctx;
    return !(it->kind == IK_MARK && (it->tag == MK_PAIN_DECIDE || it->tag == MK_PAUSE_REMIND ||
                                     it->tag == MK_ABANDON));
}

static bool after_unit_item(const plan_item *it, void *ctx)
{
    return it->a.frame > *(const uint64_t *)ctx && is_unit_item(it, NULL);
}

/* Drops every planned item after frame, except the timers that do not
 * belong to the current unit (a pain rating's decision, the pause
 * reminder, the kiosk's abandonment): they are dropped only on purpose,
 * with drop_mark. */
void engine_cut(session *s, uint64_t frame)
{
    plan_drop_if(&s->plan, after_unit_item, &frame);
}

static bool is_mark(const plan_item *it, void *ctx)
{
    return it->kind == IK_MARK && it->tag == *(const int *)ctx;
}

/* Drops the marks of one kind. */
void engine_drop_mark(session *s, int mark)
{
    plan_drop_if(&s->plan, is_mark, &mark);
}


/* Plans text at frame, lasting duration frames (as measured at the
 * session's rate). */
plan_item *engine_push_measured(session *s, uint64_t frame, const char *text, uint64_t duration,
                                bool memorable)
{
    action a = action_make(ACTION_SAY, frame);
    a.duration = duration;
    a.rate = s->rate;
    plan_item *it = push(s, a, IK_SAY);
    plan_item_set_text(it, text);
    if (memorable)
        it->flags |= IF_MEMORABLE;
    return it;
}

plan_item *engine_push_say(session *s, uint64_t frame, const char *text, bool memorable)
{
    return engine_push_measured(s, frame, text, measure(s, text), memorable);
}

void engine_push_earcon(session *s, uint64_t frame, earcon e)
{
    push(s, action_earcon(e, frame), IK_EARCON);
}

plan_item *engine_push_event(session *s, uint64_t frame, const char *name)
{
    return push(s, action_event(name, frame), IK_EVENT);
}

/* A control message for the player (a new volume), at frame. */
void engine_push_control(session *s, uint64_t frame, control_kind what, int value)
{
    push(s, action_control(what, value, frame), IK_EVENT);
}

/* An event about the current exercise: it carries the exercise's id. */
plan_item *engine_push_ex_event(session *s, uint64_t frame, const char *name)
{
    plan_item *it = engine_push_event(s, frame, name);
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
        if (s->cur_step && (s->ex->kind == EX_REPS || s->ex->kind == EX_HOLD)) {
            exercise_dose base = engine_dose_for(s->cur_step, s->ex);
            it->a.routine_dose = s->ex->kind == EX_REPS ? base.reps : (int)lround(base.hold);
        }
    }
    return it;
}

void engine_push_mark(session *s, uint64_t frame, int mark)
{
    push(s, action_make(ACTION_EVENT, frame), IK_MARK)->tag = mark;
}

/* Kiosk: the session waits for the user from frame (a pause, a question,
 * or the last thing heard while waiting); unless something is heard, it
 * is abandoned abandon_after_s later. Does nothing outside the kiosk. */
void engine_wait_from(session *s, uint64_t frame)
{
    if (s->cfg.abandon_after_s <= 0)
        return;
    engine_drop_mark(s, MK_ABANDON);
    s->abandon_at = frame + secs(s, s->cfg.abandon_after_s);
    engine_push_mark(s, s->abandon_at, MK_ABANDON);
}

/* Kiosk: the session no longer waits for the user. */
void engine_wait_end(session *s)
{
    if (s->abandon_at == UINT64_MAX)
        return;
    s->abandon_at = UINT64_MAX;
    engine_drop_mark(s, MK_ABANDON);
}

/* ---- moving on ------------------------------------------------------------ */

/* Plans the current unit again after the plan was cut at frame (and an
 * answer placed), re-adding the marks that live outside units. */
void engine_replan(session *s, uint64_t frame, uint64_t busy)
{
    engine_plan_unit(s, frame + 1, busy);
}

void engine_start_unit(session *s, uint64_t frame)
{
    if (s->tempo_next > 0) {
        s->tempo = s->tempo_next;
        s->tempo_next = 0;
    }
    s->ustart = frame;
    if (s->ui < s->n_units && (s->units[s->ui].type == U_REPS || s->units[s->ui].type == U_HOLD))
        s->ustart = max64(frame, s->move_until); /* time to move after a side was named */
    s->unit_said = false;
    s->unit_started = false;
    engine_wait_end(s); /* a new unit: no question or pause waits any more */
    s->unit_said_at = frame;
    if (s->cfg.detail == SESSION_DETAIL_DETAILED && s->ui < s->n_units) {
        const unit *u = &s->units[s->ui];
        if ((u->type == U_REPS || u->type == U_HOLD) && u->set > 1 && u->first <= 1)
            s->cues_said = 0; /* every set gets its form cues again */
    }
    if (s->ui < s->n_units && s->units[s->ui].type == U_FINISH) {
        engine_push_earcon(s, max64(frame, s->lane_free), EARCON_END);
        plan_item *ev = engine_push_event(s, max64(frame, s->lane_free), "session_end");
        ev->a.reason = s->end_reason;
        s->state = ST_DONE;
        return;
    }
    engine_plan_unit(s, frame, s->lane_free);
}

void engine_step_done(session *s, uint64_t frame)
{
    s->ex = NULL;
    s->cur_step = NULL;
    engine_units_clear(s);
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
        engine_compile_question(s, Q_CLOSING, NULL);
        s->ui = 0;
        engine_start_unit(s, frame);
        return;
    }
    if (s->depth == 0) {
        engine_finish(s, frame, "completed", TMPL_COUNT, 0);
        return;
    }
    engine_begin_step(s, frame);
}

/* True when "did that feel easy?" is to be asked after the exercise just
 * completed (seed 001: "we progress when ... exercises feel too easy"): a
 * logged session, at most SESSION_EASY_MAX times and none after one went
 * unanswered; an exercise whose dose progression moves (reps or holds, not
 * pinned), done as it started (not made easier or harder, no pain step
 * down), and not followed by a question of the routine's own (the
 * direction test asks better, same or worse there). */
static bool easy_due(const session *s)
{
    if (!s->cfg.last.ask_easy || s->cfg.kiosk || s->easy_off || s->easy_asked >= SESSION_EASY_MAX ||
        !s->ex || !s->cur_step || s->cur_step->kind != STEP_EXERCISE || s->cur_step->pinned ||
        (s->ex->kind != EX_REPS && s->ex->kind != EX_HOLD) || s->changed || s->eased_for_pain ||
        s->stage != STAGE_STEPS || s->depth <= 0)
        return false;
    const list_pos *lp = &s->stack[s->depth - 1];
    return !(lp->index + 1 < lp->list->n && lp->list->items[lp->index + 1].kind == STEP_QUESTION);
}

/* True when the weekly tracking questions are to be asked now, after the
 * closing pain question of a completed session: a logged session whose log
 * says they are due, once. */
static bool tracking_now(const session *s)
{
    return s->cfg.last.ask_tracking && !s->cfg.kiosk && !s->tracking && s->closing &&
           s->stage == STAGE_STEPS;
}

/* Compiles the tracking questions: a sentence that says what they are,
 * then one question a measure (src/store/tracking.h). */
static void compile_tracking(session *s)
{
    engine_units_clear(s);
    engine_add_say_t(s, T_TRACKING_INTRO, NULL, true);
    for (int f = 0; f < TRACKING_FIELDS; f++) {
        engine_compile_question(s, Q_TRACKING, NULL);
        s->units[s->n_units - 1].flag = f;
    }
}

void engine_next_unit(session *s, uint64_t frame)
{
    unit *u = &s->units[s->ui];
    if (u->end_event) {
        plan_item *ev = engine_push_ex_event(s, frame, u->end_event);
        ev->a.reason = "completed";
        if (strcmp(u->end_event, "exercise_end") == 0) {
            s->done++;
            if (easy_due(s)) { /* asked after the exercise's last unit */
                s->easy_ex = s->ex;
                s->easy_asked++;
                s->ex = NULL; /* it is over: a rating now is between exercises */
                engine_compile_question(s, Q_EASY, NULL);
            }
        }
    }
    s->ui++;
    if (s->ui < s->n_units) {
        engine_start_unit(s, frame);
        return;
    }
    if (s->stage == STAGE_HANDOVER) { /* a handover was announced: its first step */
        s->stage = STAGE_STEPS;
        engine_units_clear(s);
        engine_begin_step(s, frame);
        return;
    }
    if (s->stage == STAGE_OPENING) { /* the opening is over */
        s->stage = STAGE_STEPS;
        engine_units_clear(s);
        s->depth = 1;
        s->stack[0].list = routine_steps(s->r);
        s->stack[0].index = 0;
        engine_begin_step(s, frame);
        return;
    }
    if (tracking_now(s)) { /* the closing question is answered: the weekly questions */
        s->tracking = true;
        compile_tracking(s);
        s->ui = 0;
        engine_start_unit(s, frame);
        return;
    }
    if (s->closing) { /* the closing question (and the weekly ones) answered */
        engine_finish(s, frame, "completed", TMPL_COUNT, 0);
        return;
    }
    engine_step_done(s, frame);
}

/* Makes the current exercise easier (dir -1) or harder (+1): the variant,
 * or the dose cut or raised by a third. Returns the sentence to say, or
 * NULL when nothing can change; the caller recompiles. */
char *engine_change_dose(session *s, uint64_t frame, int dir, bool for_pain)
{
    const exercise *x = s->ex;
    const exercise *target = dir < 0 ? x->easier : x->harder;
    tmpl_args a = {0};
    if (for_pain)
        s->eased_for_pain = true;
    if (target) {
        plan_item *ev = engine_push_ex_event(s, frame, "variant");
        ev->a.from = x->id;
        ev->a.to = target->id;
        ev->a.reason = for_pain ? "pain" : dir < 0 ? "easier" : "harder";
        s->ex = target;
        s->dose = engine_dose_for(s->cur_step, target);
        s->cues_said = fresh_cues(s);
        a.name = target->name;
        if (!s->changed)
            s->n_changed++;
        s->changed = true;
        return tmpl_strdup(for_pain ? T_PAIN_EASIER : dir < 0 ? T_EASIER_VARIANT : T_HARDER_VARIANT, &a);
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
    plan_item *ev = engine_push_ex_event(s, frame, "dose");
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
        return tmpl_strdup(reps ? T_PAIN_FEWER_REPS : T_PAIN_SHORTER_HOLD, &a);
    return tmpl_strdup(reps ? (dir < 0 ? T_EASIER_REPS : T_HARDER_REPS)
                    : (dir < 0 ? T_EASIER_HOLD : T_HARDER_HOLD), &a);
}

void engine_begin_step(session *s, uint64_t frame)
{
    list_pos *lp = &s->stack[s->depth - 1];
    const step *st = &lp->list->items[lp->index];
    s->cur_step = st;
    engine_units_clear(s);
    switch (st->kind) {
    case STEP_EXERCISE: {
        s->planned = st->exercise;
        s->ex = st->exercise;
        s->dose = st->dose;
        const progress_level *lv = engine_level_of(s, st);
        if (lv && lv->change != PROGRESS_NONE) { /* this session's level */
            s->ex = lv->variant;
            s->dose = engine_dose_for(st, lv->variant);
            if (lv->variant->kind == EX_REPS)
                s->dose.reps = lv->reps;
            else if (lv->variant->kind == EX_HOLD)
                s->dose.hold = lv->hold;
        }
        s->cues_said = fresh_cues(s);
        s->changed = false;
        s->eased_for_pain = false;
        if (s->skip_next) {
            s->skip_next = false;
            plan_item *ev = engine_push_ex_event(s, frame, "skip");
            ev->a.reason = "pain";
            s->skipped++;
            s->ex = NULL;
            engine_add_rest(s, BEATS_REST_PAIN, s->set.rest_between_sets > 0 ? s->set.rest_between_sets : 30);
            break;
        }
        if (s->easier_next) {
            s->easier_next = false;
            char *said = engine_change_dose(s, frame, -1, false);
            free(said); /* announced when it was decided */
            s->eased_for_pain = true; /* eased for a rating between exercises */
        }
        engine_compile_exercise(s, INTRO_FULL, 1);
        break;
    }
    case STEP_REST:
        engine_add_rest(s, BEATS_REST_STEP, st->rest_seconds);
        break;
    case STEP_SAY:
        engine_add_say(s, strdup(st->text), true);
        break;
    case STEP_QUESTION:
        engine_compile_question(s, Q_STEP, st);
        break;
    }
    s->ui = 0;
    engine_start_unit(s, frame);
}

/* Appends template id (with a) to the sentence in buf, after sep. */
static void append_t(char *buf, size_t size, const char *sep, tmpl_id id, const tmpl_args *a)
{
    char part[COACH_SENTENCE_MAX];
    tmpl_format(part, sizeof part, id, a);
    size_t n = strlen(buf);
    for (const char *p = sep; *p && n + 1 < size; p++) /* cut at size, as tmpl_format cuts */
        buf[n++] = *p;
    for (const char *p = part; *p && n + 1 < size; p++)
        buf[n++] = *p;
    buf[n] = '\0';
}

/* The summary said at the end (reason: why it ended): how it ended, what
 * was done, skipped and changed (nothing of "zero exercises": with none
 * done, what was skipped, or no count at all), the pain ratings (never in
 * a kiosk), and goodbye when it was completed. */
static void summary_sentence(const session *s, const char *reason, char *buf, size_t size)
{
    bool completed = strcmp(reason, "completed") == 0;
    char counts[COACH_SENTENCE_MAX] = "";
    int skipped = s->skipped + s->stopped_for_pain;
    tmpl_args c = {.n = s->done};
    if (s->done > 0) {
        append_t(counts, sizeof counts, "", T_SUMMARY_DONE, &c);
        if (skipped) {
            c.n = skipped;
            append_t(counts, sizeof counts, "", T_SUMMARY_SKIPPED, &c);
        }
    } else if (skipped) {
        c.n = skipped;
        append_t(counts, sizeof counts, "", T_SUMMARY_ALL_SKIPPED, &c);
    }
    if (s->n_changed && counts[0]) {
        c.n = s->n_changed;
        append_t(counts, sizeof counts, "", T_SUMMARY_CHANGED, &c);
    }
    char head[COACH_SENTENCE_MAX];
    tmpl_format(head, sizeof head, completed ? T_SUMMARY_START : T_SUMMARY_STOPPED, NULL);
    tmpl_args a = {.title = head, .text = counts};
    if (counts[0])
        tmpl_format(buf, size, T_SUMMARY, &a);
    else
        snprintf(buf, size, "%s", head);
    if (s->pain_last >= 0 && !s->cfg.kiosk) { /* a kiosk never says a rating back */
        c.n = s->pain_start >= 0 ? s->pain_start : s->pain_last;
        c.m = s->pain_last;
        append_t(buf, size, " ", s->pain_start >= 0 ? T_SUMMARY_PAIN : T_SUMMARY_PAIN_END, &c);
    }
    if (completed && s->pain_close >= 0 && s->pain_start >= 0 && s->pain_close > s->pain_start &&
        !s->cfg.kiosk) {
        /* worse than at the start: what happens next, not congratulations */
        bool rose = s->pain_close > s->set.pain.green_max ||
                    s->pain_close >= s->pain_start + s->set.pain.rise_from_baseline;
        append_t(buf, size, " ", rose ? T_SUMMARY_WORSE : T_SUMMARY_A_BIT_MORE, NULL);
    } else if (completed) {
        append_t(buf, size, " ", T_SUMMARY_BYE, NULL);
    }
}

/* Ends the session: an optional message, the summary, the end earcon. */
void engine_finish(session *s, uint64_t frame, const char *reason, tmpl_id message, int n)
{
    tmpl_args a = {.n = n};
    engine_finish_text(s, frame, reason, message != TMPL_COUNT ? tmpl_strdup(message, &a) : NULL);
}

/* Ends the session with text (malloc'd, owned from here; NULL: none)
 * said first, then the summary, the end earcon. */
void engine_finish_text(session *s, uint64_t frame, const char *reason, char *text)
{
    if (s->state == ST_DONE || s->stage == STAGE_ENDING) {
        free(text);
        return; /* already ending: the first reason stands */
    }
    if (s->ex && s->cur_step && s->cur_step->kind == STEP_EXERCISE &&
        strcmp(reason, "completed") != 0) {
        plan_item *ev = engine_push_ex_event(s, frame, "exercise_end");
        ev->a.reason = reason;
    }
    engine_cut(s, frame);
    engine_units_clear(s);
    s->ex = NULL;
    s->cur_step = NULL;
    s->state = ST_RUNNING;
    s->pending_pain = -1;
    s->end_reason = reason;
    s->stage = STAGE_ENDING;
    if (text)
        engine_add_say(s, text, true);
    engine_wait_end(s);
    if (strcmp(reason, "red_flag") != 0 && strcmp(reason, "abandoned") != 0) {
        char summary[COACH_SENTENCE_MAX];
        summary_sentence(s, reason, summary, sizeof summary);
        engine_add_say(s, strdup(summary), true);
    }
    engine_unit_add(s, U_FINISH);
    s->ui = 0;
    engine_start_unit(s, max64(frame, s->lane_free));
}

/* Hands the session over to another routine ({routine: ID}). */
void engine_handover(session *s, uint64_t frame, const char *id)
{
    const routine *next = s->cfg.find_routine ? s->cfg.find_routine(s->cfg.find_ctx, id) : NULL;
    if (!next) {
        engine_step_done(s, frame);
        return;
    }
    s->r = next;
    int rate = s->rate;
    s->set = *routine_get_settings(next);
    s->rate = rate;
    engine_units_clear(s);
    s->depth = 1;
    s->stack[0].list = routine_steps(next);
    s->stack[0].index = 0;
    s->cur_step = NULL;
    s->ex = NULL;
    tmpl_args a = {.title = routine_title(next)};
    engine_add_say_t(s, T_HANDOVER, &a, true);
    /* the handover sentence runs as a unit of its own; then the first step */
    s->stage = STAGE_HANDOVER;
    s->ui = 0;
    engine_start_unit(s, frame);
}

/* ---- the host's interface ---------------------------------------------------- */

static void handle_mark(session *s, int mark, uint64_t frame)
{
    switch (mark) {
    case MK_UNIT_END:
        if (s->state == ST_RUNNING && s->ui < s->n_units)
            engine_next_unit(s, frame);
        break;
    case MK_ANSWER_DUE:
        if (s->state == ST_RUNNING)
            engine_question_timeout(s, frame);
        break;
    case MK_PAIN_DECIDE:
        if (s->state == ST_RUNNING) {
            engine_decide_pain(s, frame);
        } else if (s->pending_pain >= s->set.pain.end_session_at &&
                   s->state != ST_CONFIRM_RED_FLAG) {
            s->state = ST_RUNNING; /* too much pain to wait for "resume" */
            engine_decide_pain(s, frame);
        } /* otherwise decided when the clock runs again (resume_at), or, while
           * a red flag is asked back, once it is answered (a confirmed red
           * flag's advice comes first) */
        break;
    case MK_ABANDON:
        if (frame != s->abandon_at || s->state == ST_DONE || s->stage == STAGE_ENDING)
            break;
        if (s->state == ST_CONFIRM_RED_FLAG || s->pending_pain >= 0) {
            engine_wait_from(s, frame); /* a red flag or a rating is decided first, with its advice */
            break;
        }
        s->state = ST_RUNNING;
        engine_finish(s, frame, "abandoned", T_KIOSK_ABANDONED, 0);
        break;
    case MK_PAUSE_REMIND:
        if (s->state != ST_PAUSED)
            break;
        if (frame - s->paused_at >= secs(s, SESSION_PAUSE_MAX_S)) {
            s->state = ST_RUNNING;
            engine_finish(s, frame, "stopped", T_PAUSE_TIMEOUT, 0);
            break;
        }
        engine_say_now(s, frame, T_STILL_PAUSED, NULL, false);
        engine_push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
        break;
    case MK_STOP_DUE:
        if (s->state == ST_CONFIRM_STOP && s->confirm_from_pause) {
            s->state = ST_PAUSED;
            engine_answer_t(s, frame, T_STILL_PAUSED, NULL);
            engine_push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
        } else if (s->state == ST_CONFIRM_STOP) {
            engine_resume_at(s, frame, T_CARRY_ON);
        }
        break;
    case MK_RED_FLAG_DUE:
        if (s->state != ST_CONFIRM_RED_FLAG)
            break;
        if (s->red_flag_asks < 2) {
            engine_red_flag_ask(s, frame, T_RED_FLAG_REASK);
        } else {
            plan_item *ev = engine_push_event(s, frame, "answer");
            ev->a.kind = "red_flag";
            s->state = ST_RUNNING;
            engine_red_flag_end(s, frame, true);
        }
        break;
    }
}

/* The frame of the next pulse (a sign of life, issue 15): SESSION_PULSE_S
 * after the last sound ends, while the session runs and something is
 * still to come (an empty plan waits for nothing: a dry run must end, not
 * pulse until the length limit); UINT64_MAX when none. */
static uint64_t pulse_due(const session *s)
{
    if (!s->pulsing || s->state == ST_DONE || plan_count(&s->plan) == 0)
        return UINT64_MAX;
    return s->sound_end + secs(s, SESSION_PULSE_S);
}

/* Emits the pulse earcon at frame: nothing else sounded for a while. */
static void pulse_at(session *s, uint64_t frame, action_sink sink, void *ctx)
{
    action a = action_earcon(EARCON_PULSE, frame);
    s->now = frame;
    s->sound_end = frame + secs(s, earcon_seconds(EARCON_PULSE));
    sink(ctx, &a);
}

void session_advance(session *s, uint64_t frame, action_sink sink, void *ctx)
{
    plan_item it;
    for (;;) {
        uint64_t next = plan_next_frame(&s->plan), pulse = pulse_due(s);
        if (pulse < next && pulse <= frame) {
            pulse_at(s, pulse, sink, ctx);
            continue;
        }
        if (next > frame || !plan_pop(&s->plan, &it))
            break;
        s->now = it.a.frame;
        switch (it.kind) {
        case IK_SAY:
            it.a.text = it.text;
            s->lane_free = max64(s->lane_free, it.a.frame + it.a.duration);
            s->sound_end = max64(s->sound_end, it.a.frame + it.a.duration);
            if (it.flags & IF_CHAIN) /* more parts of the text follow */
                s->lane_free = max64(s->lane_free, it.a.frame + (uint64_t)it.tag);
            if (it.flags & IF_MEMORABLE)
                snprintf(s->last_cue, sizeof s->last_cue, "%s", it.text);
            if (it.flags & IF_UNIT_SAID) {
                s->unit_said = true;
                s->unit_said_end = it.a.frame + it.a.duration;
            }
            if ((it.flags & IF_CUE) && it.tag >= 0)
                s->cues_said |= 1u << it.tag;
            sink(ctx, &it.a);
            break;
        case IK_EARCON:
            s->sound_end = max64(s->sound_end, it.a.frame + secs(s, earcon_seconds(it.a.earcon)));
            sink(ctx, &it.a);
            break;
        case IK_EVENT:
            if (it.text)
                it.a.text = it.text;
            sink(ctx, &it.a);
            break;
        case IK_MARK:
            handle_mark(s, it.tag, it.a.frame);
            break;
        }
        free(it.text);
    }
    if (frame > s->now)
        s->now = frame;
}

/* A command that cuts (command_cuts) heard while the coach speaks: the
 * sentence stops at frame, and the answer follows the acknowledgement at
 * once. The unit's own sentence (an instruction, a question) cut short is
 * said again when the unit is planned again. */
static void barge_in(session *s, uint64_t frame, const char *name)
{
    if (s->lane_free <= frame)
        return;
    engine_push_control(s, frame, CONTROL_CUT, 0);
    engine_push_event(s, frame, "barge_in")->a.command = name;
    s->sound_end = frame; /* the pulse counts the silence from the cut */
    unit *u = engine_current_unit(s);
    if (u && (u->type == U_SAY || u->type == U_QUESTION) && s->unit_said &&
        s->unit_said_end > frame)
        s->unit_said = false;
    s->lane_free = frame;
}

/* True when command c, heard now, does nothing (engine_dispatch): an
 * answer (yes, better, same, worse) while the session runs with nothing
 * asked. It is acknowledged, and cuts nothing: ordinary talk ("yes, it's
 * me") heard over the coach once cut its sentence for no reason. */
static bool answers_nothing(const session *s, const unit *u, command c)
{
    bool an_answer = c.id == CMD_YES || c.id == CMD_BETTER || c.id == CMD_SAME || c.id == CMD_WORSE;
    bool question = u && u->type == U_QUESTION;
    return an_answer && s->state == ST_RUNNING && !question;
}

void session_hear(session *s, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    if (s->state == ST_DONE)
        return;
    session_advance(s, frame, sink, ctx);
    command c = command_parse(text);
    unit *u = engine_current_unit(s);
    bool pain_q = u && s->state == ST_RUNNING && engine_is_pain_question(u);
    bool tracking_q = u && s->state == ST_RUNNING && u->type == U_QUESTION && u->role == Q_TRACKING;
    if (c.id == CMD_NUMBER && !pain_q && !tracking_q)
        c.id = CMD_NONE; /* a bare number means nothing outside a pain or tracking question */
    if (!command_in_context(c.id, COMMAND_SESSION | (tracking_q ? COMMAND_TRACKING : 0u)))
        c.id = CMD_NONE; /* the menu's words mean nothing here, nor a time outside a tracking question */
    if (c.id == CMD_NONE) {
        plan_item *ev = engine_push_event(s, frame, "unrecognized");
        ev->a.text = NULL;
        plan_item_set_text(ev, text);
        if (u && u->type == U_QUESTION && s->state == ST_RUNNING && u->attempt == 1 &&
            s->pending_pain < 0) {
            engine_push_earcon(s, frame, EARCON_ERROR);
            engine_drop_mark(s, MK_ANSWER_DUE);
            u->attempt = 2;
            s->unit_said = false;
            engine_cut(s, frame);
            engine_plan_unit(s, frame + 1, max64(frame + secs(s, earcon_seconds(EARCON_ERROR)), s->lane_free));
        }
        session_advance(s, frame, sink, ctx);
        return;
    }
    engine_push_earcon(s, frame, EARCON_ACK);
    plan_item *ev = engine_push_event(s, frame, "command");
    ev->a.command = command_name(c.id == CMD_NUMBER && !tracking_q ? CMD_PAIN : c.id);
    ev->a.value = c.value;
    if (command_cuts(c.id) && !answers_nothing(s, u, c))
        barge_in(s, frame, ev->a.command);
    if (s->abandon_at != UINT64_MAX)
        engine_wait_from(s, frame); /* someone is there: the silence starts again */
    engine_dispatch(s, frame, c);
    session_advance(s, frame, sink, ctx);
}

session_config session_config_default(void)
{
    session_config c;
    memset(&c, 0, sizeof c);
    c.sample_rate = COACH_FRAME_RATE;
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
    plan_init(&s->plan, 0);
    s->r = cfg->routine;
    s->set = *routine_get_settings(s->r);
    s->rate = cfg->rate > 0 ? cfg->rate : s->set.rate;
    s->volume = cfg->volume >= 0 && cfg->volume <= 100 ? cfg->volume : s->set.volume;
    s->tempo = 1.0;
    s->pending_pain = -1;
    s->pain_start = s->pain_last = s->baseline = s->pain_close = -1;
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
    plan_free(&s->plan);
    engine_units_clear(s);
    progression_free(&s->progress);
    free(s);
}

void session_start(session *s, uint64_t frame)
{
    /* the counts are measured (so synthesised) first, in every mode: they
     * are ready before they are due, and every mode makes the same speech
     * calls in the same order */
    for (int n = 0; n <= 50; n++) {
        char buf[64];
        engine_number_text(buf, sizeof buf, n);
        measure(s, buf);
    }
    s->now = frame;
    s->lane_free = frame;
    s->sound_end = frame;
    s->pulsing = true;
    engine_push_earcon(s, frame, EARCON_START);
    engine_push_event(s, frame, "session_start");
    tmpl_args a = {.title = routine_title(s->r), .n = s->est_minutes, .m = s->est_exercises};
    unit *u = engine_add_say_t(s, s->cfg.attention ? T_INTRO_ATTENTION : T_INTRO, &a, true);
    (void)u;
    if (s->cfg.last.has && s->cfg.last.ask_next_day) {
        engine_compile_question(s, Q_NEXT_DAY, NULL);
    } else if (s->cfg.last.has) { /* not asked: decided now, said after the intro */
        char *said = engine_plan_progress(s, frame, NULL);
        if (said)
            engine_add_say(s, said, true);
    }
    if (s->set.ask_baseline_pain)
        engine_compile_question(s, Q_BASELINE, NULL);
    if (s->set.ask_red_flags) {
        /* the seeds' red flags, in short questions, the urgent ones first */
        engine_add_say_t(s, T_RED_FLAG_SCREEN, NULL, true);
        static const int order[] = {RED_FLAG_URGENT, RED_FLAG_NERVE, RED_FLAG_ILLNESS, RED_FLAG_INJURY};
        for (size_t k = 0; k < sizeof order / sizeof order[0]; k++) {
            engine_compile_question(s, Q_RED_FLAG, NULL);
            s->units[s->n_units - 1].flag = order[k];
        }
    }
    s->stage = STAGE_OPENING;
    s->ui = 0;
    s->lane_free = frame + secs(s, earcon_seconds(EARCON_START));
    engine_start_unit(s, frame + secs(s, earcon_seconds(EARCON_START)));
}

bool session_paused(const session *s)
{
    return s->state == ST_PAUSED ||
           ((s->state == ST_CONFIRM_STOP || s->state == ST_CONFIRM_RED_FLAG) && s->confirm_from_pause);
}

bool session_done(const session *s)
{
    return s->state == ST_DONE && plan_count(&s->plan) == 0;
}

uint64_t session_next_frame(const session *s)
{
    uint64_t next = plan_next_frame(&s->plan), pulse = pulse_due(s);
    return pulse < next ? pulse : next;
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

/* The phrase a key means: the session's keys (command_key), except that
 * while a tracking question is asked a digit is a bare number (minutes, or
 * the confidence rating), not "pain N". */
static const char *prog_key(const void *self, int key)
{
    static const char *const digits[] = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"};
    const session *s = self;
    const unit *u = s->ui < s->n_units ? &s->units[s->ui] : NULL;
    if (key >= '0' && key <= '9' && u && u->type == U_QUESTION && u->role == Q_TRACKING &&
        s->state == ST_RUNNING)
        return digits[key - '0'];
    return command_key(key, session_paused(s));
}

/* The phrases the recogniser listens for in session s: the session's,
 * and the amounts of time when it will ask the weekly tracking questions
 * (their phrases are in no other session's grammar). */
unsigned engine_context(const session *s)
{
    return COMMAND_SESSION | (s->cfg.last.ask_tracking && !s->cfg.kiosk ? COMMAND_TRACKING : 0u);
}

static void prog_upcoming(const void *self, uint64_t before, action_visit visit, void *ctx)
{
    const session *s = self;
    plan_each_say(&s->plan, before, visit, ctx);
}

program session_program(session *s)
{
    program p = {s,           prog_start,   prog_next, prog_advance, prog_hear,         prog_done,
                 prog_paused, prog_destroy, prog_key,  NULL,         engine_context(s), prog_upcoming};
    return p;
}
