/* engine_talk.c: the session engine hearing the user: answers said around
 * the beat, pause and resume, red flags and "stop?" asked back, and every
 * command; pain ratings and questions are engine_answer.c's
 * (engine_impl.h). */
#include "engine_impl.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../store/tracking.h"


/* ---- speaking back --------------------------------------------------------- */

/* Says text in answer to the user at frame: after the acknowledge earcon and
 * any sentence in progress. Returns the frame the answer (and its gap) ends. */
uint64_t engine_answer_text(session *s, uint64_t frame, const char *text, bool memorable)
{
    uint64_t t = max64(frame + secs(s, earcon_seconds(EARCON_ACK)), s->lane_free);
    plan_item *it = engine_push_say(s, t, text, memorable);
    return t + it->a.duration + secs(s, SESSION_GAP_S);
}

uint64_t engine_answer_t(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a)
{
    char buf[COACH_SENTENCE_MAX];
    tmpl_format(buf, sizeof buf, id, a);
    return engine_answer_text(s, frame, buf, false);
}

void engine_say_now(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a, bool memorable)
{
    char buf[COACH_SENTENCE_MAX];
    tmpl_format(buf, sizeof buf, id, a);
    engine_push_say(s, max64(frame, s->lane_free), buf, memorable);
}

/* A question was said (its speech and gap end at said): the listening
 * cue opens the answer window, and mark comes due if no answer does. */
void engine_listen(session *s, uint64_t said, int mark)
{
    engine_listen_for(s, said, mark, SESSION_ANSWER_S);
}

/* As engine_listen, with an answer window of seconds. */
void engine_listen_for(session *s, uint64_t said, int mark, double seconds)
{
    engine_push_earcon(s, said, EARCON_LISTEN);
    engine_push_mark(s, said + secs(s, seconds), mark);
}

/* Answers and plans the current unit again around the answer. */
void engine_respond(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a)
{
    engine_cut(s, frame);
    uint64_t busy = engine_answer_t(s, frame, id, a);
    engine_replan(s, frame, busy);
}

/* Recompiles the exercise from the current set after a change of dose,
 * and starts it once `said` has been said. */
void engine_restart_exercise(session *s, uint64_t frame, char *said, intro_mode mode)
{
    int set = 1;
    if (s->ui < s->n_units && s->units[s->ui].set > 0)
        set = s->units[s->ui].set;
    for (size_t i = 0; i < s->ui && i < s->n_units; i++)
        if (s->units[i].set > set)
            set = s->units[i].set;
    /* in the rest after a set, that set is done: the change starts the next */
    if (s->ui < s->n_units && s->units[s->ui].type == U_REST && s->units[s->ui].rest == BEATS_REST_SETS)
        set++;
    engine_cut(s, frame);
    uint64_t busy = engine_answer_text(s, frame, said, true);
    free(said);
    engine_units_clear(s);
    if (set > s->dose.sets)
        set = s->dose.sets;
    engine_compile_exercise(s, mode, set);
    s->ui = 0;
    engine_start_unit(s, busy);
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
        uint64_t R = engine_rep_length(s, u);
        return R ? (into / R) * R : 0;
    }
    case U_BREATH: {
        uint64_t C = secs(s, s->dose.inhale + s->dose.hold + s->dose.exhale);
        return C ? (into / C) * C : 0;
    }
    case U_HOLD:
    case U_REST:
    case U_TIMED: {
        uint64_t len = engine_unit_length(s, u);
        return into < len ? into : len;
    }
    default:
        s->unit_said = false;
        return 0;
    }
}

static void pause_at(session *s, uint64_t frame, session_state state, tmpl_id message,
                     const tmpl_args *a)
{
    s->state = state;
    s->paused_at = frame;
    s->pause_offset = unit_offset(s, frame);
    engine_cut(s, frame);
    uint64_t end = engine_answer_t(s, frame, message, a);
    if (state == ST_PAUSED)
        engine_wait_from(s, frame); /* before the reminder: at the same frame, abandoning comes first */
    if (state == ST_PAUSED)
        engine_push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
    else
        engine_listen(s, end, state == ST_CONFIRM_STOP ? MK_STOP_DUE : MK_RED_FLAG_DUE);
}

void engine_resume_at(session *s, uint64_t frame, tmpl_id message)
{
    engine_cut(s, frame);
    engine_drop_mark(s, MK_PAUSE_REMIND);
    engine_drop_mark(s, MK_PAIN_DECIDE); /* pushed again below, moved by the pause */
    engine_wait_end(s);
    s->state = ST_RUNNING;
    plan_item *ev = engine_push_event(s, frame, "resume");
    (void)ev;
    uint64_t go = frame + secs(s, SESSION_LEAD_IN_S);
    uint64_t said = engine_answer_t(s, frame, message, NULL);
    for (int k = 1; k < (int)SESSION_LEAD_IN_S; k++)
        engine_push_earcon(s, frame + secs(s, k), EARCON_TICK);
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
        engine_push_mark(s, max64(s->pain_due, frame + 1), MK_PAIN_DECIDE);
    engine_plan_unit(s, go, max64(go, said));
}

/* ---- commands -------------------------------------------------------------- */

static void help(session *s, uint64_t frame)
{
    const char *list;
    unit *u = engine_current_unit(s);
    if (s->state == ST_PAUSED)
        list = "resume, stop, or pain and a number";
    else if (u && u->type == U_QUESTION)
        list = engine_is_pain_question(u) ? "a number from zero to ten, repeat, skip, or stop"
               : u->role == Q_TRACKING
                   ? (tracking_in_minutes(u->flag)
                          ? "a time, like fifteen minutes or an hour, skip, repeat, or stop"
                          : "a number from zero to ten, skip, repeat, or stop")
               : (u->role == Q_RED_FLAG || u->role == Q_NEXT_DAY || u->role == Q_EASY ||
                  u->q->question == Q_YES_NO)
                   ? "yes, no, repeat, or stop"
                   : "better, same, worse, repeat, or stop";
    else if (engine_in_exercise(s) && s->ex->kind == EX_REPS)
        list = "skip, easier, harder, slower, faster, pause, repeat, what's next, how many left, "
               "pain and a number, louder, softer, or stop";
    else if (engine_in_exercise(s))
        list = "skip, easier, harder, pause, repeat, what's next, how many left, pain and a "
               "number, louder, softer, or stop";
    else
        list = "skip, pause, repeat, what's next, how many left, pain and a number, louder, "
               "softer, or stop";
    tmpl_args a = {.text = list};
    engine_respond(s, frame, s->cfg.attention ? T_HELP_ATTENTION : s->cfg.keys ? T_HELP_KEYS : T_HELP, &a);
}

static void how_many_left(session *s, uint64_t frame)
{
    unit *u = engine_current_unit(s);
    tmpl_args a = {0};
    uint64_t into = frame > s->ustart ? frame - s->ustart : 0;
    if (u && u->type == U_REPS) {
        uint64_t R = engine_rep_length(s, u);
        int started = R ? (int)(into / R) + 1 : 0;
        a.n = u->count - started;
        if (a.n < 0)
            a.n = 0;
        engine_respond(s, frame, T_REPS_LEFT, &a);
    } else if (u && (u->type == U_HOLD || u->type == U_TIMED || u->type == U_REST)) {
        uint64_t len = engine_unit_length(s, u);
        uint64_t left = len > into ? len - into : 0;
        a.n = (int)((left + (uint64_t)s->cfg.sample_rate - 1) / (uint64_t)s->cfg.sample_rate);
        engine_respond(s, frame, u->type == U_REST ? T_REST_LEFT : T_SECONDS_LEFT_NOW, &a);
    } else {
        a.n = engine_exercises_after(s);
        engine_respond(s, frame, T_EXERCISES_LEFT, &a);
    }
}

/* Splits the current reps at the next rep boundary, so that a change of
 * tempo applies from the next rep and the reps already counted keep their
 * times. */
static void split_reps(session *s, uint64_t frame)
{
    unit *u = engine_current_unit(s);
    if (!u || u->type != U_REPS || frame < s->ustart)
        return;
    uint64_t R = engine_rep_length(s, u);
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
        engine_respond(s, frame, T_SETTING_LIMIT, NULL);
        return;
    }
    *value = v;
    plan_item *ev = engine_push_event(s, frame, "setting");
    ev->a.field = field;
    ev->a.previous = old;
    ev->a.value = v;
    if (value == &s->volume)
        engine_push_control(s, frame, CONTROL_VOLUME, v);
    engine_respond(s, frame, said, NULL);
}

static void skip(session *s, uint64_t frame)
{
    unit *u = engine_current_unit(s);
    engine_cut(s, frame);
    if (u && u->type == U_QUESTION) {
        engine_skip_question(s, frame, u);
        return;
    }
    if (engine_in_exercise(s)) {
        tmpl_args a = {.name = s->ex->name};
        plan_item *ev = engine_push_ex_event(s, frame, "skip");
        ev->a.reason = "user";
        ev = engine_push_ex_event(s, frame, "exercise_end");
        ev->a.reason = "skipped";
        s->skipped++;
        uint64_t busy = engine_answer_t(s, frame, T_SKIP, &a);
        engine_step_done(s, busy);
        return;
    }
    if (s->stage == STAGE_ENDING) { /* the closing words: straight to the end */
        while (s->ui + 1 < s->n_units)
            s->ui++;
        engine_start_unit(s, max64(frame + secs(s, earcon_seconds(EARCON_ACK)), s->lane_free));
        return;
    }
    uint64_t busy = engine_answer_t(s, frame, u && u->type == U_REST ? T_SKIP_REST : T_SKIP_STEP, NULL);
    engine_next_unit(s, busy);
}

static void change(session *s, uint64_t frame, int dir)
{
    if (dir > 0 && engine_in_exercise(s) && s->eased_for_pain) {
        /* a pain rating eased this exercise: not harder again today */
        engine_respond(s, frame, T_HARDER_REFUSED, NULL);
        return;
    }
    char *said = engine_in_exercise(s) ? engine_change_dose(s, frame, dir, false) : NULL;
    if (!said) {
        engine_respond(s, frame, T_NO_CHANGE, NULL);
        return;
    }
    engine_restart_exercise(s, frame, said, INTRO_VARIANT);
}

static void tempo(session *s, uint64_t frame, double factor)
{
    if (!engine_in_exercise(s) || s->ex->kind != EX_REPS) {
        engine_respond(s, frame, T_TEMPO_ONLY_REPS, NULL);
        return;
    }
    double t = (s->tempo_next > 0 ? s->tempo_next : s->tempo) * factor;
    if (t > 2.0 + 1e-9 || t < 0.5 - 1e-9) {
        engine_respond(s, frame, T_TEMPO_LIMIT, NULL);
        return;
    }
    unit *u = engine_current_unit(s);
    if (u && u->type == U_REPS && frame >= s->ustart) {
        uint64_t R = engine_rep_length(s, u);
        int started = R ? (int)((frame - s->ustart) / R) + 1 : 0;
        if (started >= u->count) { /* the last rep: from the next set on */
            s->tempo_next = t;
            plan_item *ev = engine_push_ex_event(s, frame, "setting");
            ev->a.field = "tempo";
            ev->a.value = (int)lround(t * 100);
            engine_respond(s, frame, factor > 1 ? T_SLOWER : T_FASTER, NULL);
            return;
        }
    }
    split_reps(s, frame);
    s->tempo = t;
    plan_item *ev = engine_push_ex_event(s, frame, "setting");
    ev->a.field = "tempo";
    ev->a.value = (int)lround(t * 100);
    engine_respond(s, frame, factor > 1 ? T_SLOWER : T_FASTER, NULL);
}

/* Leaves the red-flag confirmation for where the session was: paused, or
 * running again after a lead-in. */
static void red_flag_withdrawn(session *s, uint64_t frame, tmpl_id message)
{
    s->red_flag_asks = 0;
    if (s->confirm_from_pause) {
        s->state = ST_PAUSED;
        engine_cut(s, frame);
        uint64_t said = engine_answer_t(s, frame, message, NULL);
        engine_push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
        if (s->pending_pain >= s->set.pain.end_session_at) /* it waited for the answer */
            engine_push_mark(s, said, MK_PAIN_DECIDE);
    } else {
        engine_resume_at(s, frame, message);
    }
}

/* The words for the red flag heard ("a fever, night sweats or weight
 * loss"), as asked back. */
static tmpl_id red_flag_name(int kind)
{
    switch (kind) {
    case RED_FLAG_URGENT:
        return T_RED_FLAG_NAME_URGENT;
    case RED_FLAG_ILLNESS:
        return T_RED_FLAG_NAME_ILLNESS;
    case RED_FLAG_INJURY:
        return T_RED_FLAG_NAME_INJURY;
    default:
        return T_RED_FLAG_NAME_NERVE;
    }
}

/* The advice for a red flag of kind: urgent care today for the bladder,
 * bowels and saddle (seed 000: "seek urgent medical evaluation first"); a
 * medical check before more exercise for the others (seed 001: "therapy
 * should pause and a medical evaluation should come first"). */
static tmpl_id red_flag_advice(int kind)
{
    switch (kind) {
    case RED_FLAG_URGENT:
        return T_RED_FLAG_END_URGENT;
    case RED_FLAG_ILLNESS:
        return T_RED_FLAG_END_ILLNESS;
    case RED_FLAG_INJURY:
        return T_RED_FLAG_END_INJURY;
    default:
        return T_RED_FLAG_END;
    }
}

/* The words for the red flag heard, in the middle of a sentence. */
static void red_flag_words(const session *s, char *buf, size_t size)
{
    tmpl_format(buf, size, red_flag_name(s->red_flag_kind), NULL);
    buf[0] = (char)tolower((unsigned char)buf[0]); /* not a sentence's start */
}

/* Asks the red flag back (the first time, or again), with an answer due. */
void engine_red_flag_ask(session *s, uint64_t frame, tmpl_id message)
{
    char name[COACH_SENTENCE_MAX];
    red_flag_words(s, name, sizeof name);
    tmpl_args a = {.name = name};
    s->red_flag_asks++;
    engine_cut(s, frame);
    engine_drop_mark(s, MK_RED_FLAG_DUE);
    engine_listen(s, engine_answer_t(s, frame, message, &a), MK_RED_FLAG_DUE);
}

/* Ends the session for the red flag s->red_flag_kind: thanks (or, with
 * no_reply, why it ends unanswered) and that kind's advice. */
void engine_red_flag_end(session *s, uint64_t frame, bool no_reply)
{
    char text[COACH_SENTENCE_MAX * 2], advice[COACH_SENTENCE_MAX];
    tmpl_format(text, COACH_SENTENCE_MAX, no_reply ? T_RED_FLAG_NO_REPLY : T_RED_FLAG_THANKS, NULL);
    tmpl_format(advice, sizeof advice, red_flag_advice(s->red_flag_kind), NULL);
    size_t n = strlen(text);
    snprintf(text + n, sizeof text - n, " %s", advice);
    engine_finish_text(s, frame, "red_flag", strdup(text));
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
        engine_drop_mark(s, MK_STOP_DUE);
        engine_drop_mark(s, MK_PAUSE_REMIND);
        plan_item *ev = engine_push_event(s, frame, "question");
        ev->a.kind = "red_flag";
        s->red_flag_asks = 0;
        s->red_flag_kind = c.value >= 0 && c.value < RED_FLAG_KINDS ? c.value : RED_FLAG_NERVE;
        if (paused || s->state == ST_CONFIRM_STOP) {
            s->confirm_from_pause = paused;
            s->state = ST_CONFIRM_RED_FLAG;
            engine_red_flag_ask(s, frame, T_RED_FLAG_CONFIRM);
        } else {
            s->confirm_from_pause = false;
            char name[COACH_SENTENCE_MAX];
            red_flag_words(s, name, sizeof name);
            tmpl_args a = {.name = name};
            pause_at(s, frame, ST_CONFIRM_RED_FLAG, T_RED_FLAG_CONFIRM, &a);
            s->red_flag_asks = 1;
        }
        return;
    }
    engine_drop_mark(s, MK_RED_FLAG_DUE);
    if (c.id == CMD_YES || c.id == CMD_RED_FLAG || c.id == CMD_NO || c.id == CMD_CANCEL) {
        bool yes = c.id == CMD_YES || c.id == CMD_RED_FLAG;
        plan_item *ev = engine_push_event(s, frame, "answer");
        ev->a.kind = "red_flag";
        ev->a.answer = yes ? "yes" : "no";
        if (yes) {
            s->state = ST_RUNNING;
            if (c.id == CMD_RED_FLAG && c.value == RED_FLAG_URGENT)
                s->red_flag_kind = RED_FLAG_URGENT; /* the more urgent words count */
            engine_red_flag_end(s, frame + secs(s, earcon_seconds(EARCON_ACK)), false);
        } else {
            red_flag_withdrawn(s, frame, s->confirm_from_pause ? T_RED_FLAG_MISHEARD_PAUSED
                                                                : T_RED_FLAG_MISHEARD);
        }
        return;
    }
    engine_red_flag_ask(s, frame, T_RED_FLAG_REASK);
}

/* "red flag" or "stop" while the session is already ending: a red flag
 * gets its advice at once (and is the reason it ended); "stop" goes
 * straight to the end. */
static void ending_heard(session *s, uint64_t frame, command c)
{
    if (c.id == CMD_RED_FLAG) {
        s->end_reason = "red_flag";
        engine_respond(s, frame, c.value == RED_FLAG_URGENT ? T_RED_FLAG_LATE_URGENT : T_RED_FLAG_LATE, NULL);
    } else {
        skip(s, frame);
    }
}

/* The answer to "stop?": stop, a rating (asked again after it), back to the
 * pause, or carry on. */
static void stop_answer(session *s, uint64_t frame, command c)
{
    engine_drop_mark(s, MK_STOP_DUE);
    if (c.id == CMD_YES || c.id == CMD_STOP) { /* "stop" again: they mean it */
        s->state = ST_RUNNING;
        engine_finish(s, frame, "stopped", TMPL_COUNT, 0);
    } else if (c.id == CMD_PAIN) {
        engine_hear_pain(s, frame, c.value, false);
        engine_push_mark(s, s->lane_free + secs(s, SESSION_ANSWER_S), MK_STOP_DUE);
    } else if (c.id == CMD_PAUSE || s->confirm_from_pause) {
        s->state = ST_PAUSED;
        engine_cut(s, frame);
        engine_answer_t(s, frame, T_PAUSED, NULL);
        if (!s->confirm_from_pause)
            engine_wait_from(s, frame); /* a new pause: a kiosk's silence counts from here */
        engine_push_mark(s, frame + secs(s, SESSION_PAUSE_REMIND_S), MK_PAUSE_REMIND);
    } else {
        engine_resume_at(s, frame, T_CARRY_ON);
    }
}

/* A command while paused: resume, stop (asked back), pain, help; anything
 * else is told the session is still paused. */
static void paused_heard(session *s, uint64_t frame, command c)
{
    switch (c.id) {
    case CMD_RESUME:
        engine_resume_at(s, frame, T_RESUMING);
        return;
    case CMD_STOP:
        s->state = ST_CONFIRM_STOP;
        s->confirm_from_pause = true;
        engine_cut(s, frame);
        engine_drop_mark(s, MK_PAUSE_REMIND);
        engine_listen(s, engine_answer_t(s, frame, T_STOP_CONFIRM, NULL), MK_STOP_DUE);
        return;
    case CMD_PAIN:
        engine_hear_pain(s, frame, c.value, false);
        return;
    case CMD_HELP:
        help(s, frame);
        return;
    default:
        engine_answer_t(s, frame, T_STILL_PAUSED, NULL);
        return;
    }
}

/* A command while the session runs, nothing asked back. */
static void command_heard(session *s, uint64_t frame, command c)
{
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
        engine_push_event(s, frame, "pause");
        pause_at(s, frame, ST_PAUSED, T_PAUSED, NULL);
        break;
    case CMD_RESUME:
        engine_respond(s, frame, T_NOT_PAUSED, NULL);
        break;
    case CMD_REPEAT:
        engine_cut(s, frame);
        engine_replan(s, frame, engine_answer_text(s, frame, s->last_cue, true));
        break;
    case CMD_WHATS_NEXT: {
        const step *n = engine_next_exercise_step(s);
        tmpl_args a = {.name = n ? n->exercise->name : NULL};
        engine_respond(s, frame, n ? T_NEXT_IS : T_NEXT_LAST, &a);
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
        pause_at(s, frame, ST_CONFIRM_STOP, T_STOP_CONFIRM, NULL);
        break;
    case CMD_HELP:
        help(s, frame);
        break;
    case CMD_PAIN:
        engine_hear_pain(s, frame, c.value, false);
        break;
    case CMD_NO:
    case CMD_CANCEL:
        engine_respond(s, frame, T_NOTHING_TO_UNDO, NULL);
        break;
    default: /* yes, better... with nothing asked: acknowledged, nothing to do */
        break;
    }
}

/* Acts on command c heard at frame: the first handler that applies. */
void engine_dispatch(session *s, uint64_t frame, command c)
{
    unit *u = engine_current_unit(s);
    bool question = u && u->type == U_QUESTION && s->state == ST_RUNNING;
    if (s->stage == STAGE_ENDING && (c.id == CMD_RED_FLAG || c.id == CMD_STOP))
        ending_heard(s, frame, c);
    else if (c.id == CMD_RED_FLAG || s->state == ST_CONFIRM_RED_FLAG)
        red_flag_heard(s, frame, c);
    else if (s->state == ST_CONFIRM_STOP)
        stop_answer(s, frame, c);
    else if ((c.id == CMD_NO || c.id == CMD_CANCEL) && s->pending_pain >= 0)
        engine_undo_pain(s, frame, u, question);
    else if (s->state == ST_PAUSED)
        paused_heard(s, frame, c);
    else if (!(question && engine_question_heard(s, frame, u, c)))
        command_heard(s, frame, c);
}

