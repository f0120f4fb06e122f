/* engine_impl.h: the session engine's insides, shared by its four files
 * (not for use outside them):
 *   engine.c        the plan (plan.h) and what goes into it; moving from
 *                   unit to unit and step to step; the host's interface
 *   engine_units.c  units: a step compiled into units, and a unit planned
 *                   (its beat from beats.h, its sentence, its question)
 *   engine_talk.c   what the user says: speaking back, pause and resume,
 *                   red flags and "stop?" asked back, every command
 *   engine_answer.c answers: pain ratings and their decision, questions
 *                   and their silence, progression's sentence
 * How it works is told at the top of engine.c. */
#ifndef COACH_ENGINE_IMPL_H
#define COACH_ENGINE_IMPL_H

#include "engine.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include "beats.h"
#include "commands.h"
#include "plan.h"
#include "progression.h"
#include "../core/defaults.h"
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
/* plan_item.flags */
enum {
    IF_MEMORABLE = 1, /* ACTION_SAY: "repeat" may say it again */
    IF_UNIT_SAID = 2, /* emitting it means the unit's sentence was said */
    IF_CUE = 4,       /* a form cue (plan_item.tag: which) */
    IF_CHAIN = 8,     /* not the last utterance of a text said in parts: the
                       * last ends plan_item.tag frames after this one starts */
};
/* plan_item.kind is IK_*; an IK_MARK's tag is its MK_* */

/* ---- units --------------------------------------------------------------- */

typedef enum { U_SAY, U_REPS, U_HOLD, U_REST, U_BREATH, U_TIMED, U_QUESTION, U_FINISH } unit_type;
typedef enum {
    Q_BASELINE, Q_RED_FLAG, Q_STEP, Q_NEXT_DAY, Q_CLOSING,
    Q_EASY,     /* "did that feel easy?" after a completed exercise */
    Q_TRACKING, /* a weekly tracking question (flag: its tracking_field) */
} question_role;

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
    int seconds;            /* hold, rest, timed; U_SAY naming a position: the getting-up allowance */
    beats_rest_kind rest;
    question_role role;     /* U_QUESTION */
    const step *q;          /* U_QUESTION from a step */
    int attempt;            /* U_QUESTION: 1, then 2 after re-asking */
    int flag;               /* Q_RED_FLAG: which red_flag_kind the screen question asks about;
                               Q_TRACKING: which tracking_field */
    int move;               /* U_SAY: UM_* (time to move, issue 15) */
} unit;

/* unit.move: a sentence naming a new side or starting position gives the
 * user time to move (routine_settings.move_seconds) before the first beat;
 * "Ready... go." is said as late as that time asks, right before the beat. */
enum { UM_NAMES = 1, UM_GO = 2 };

typedef struct list_pos {
    const step_list *list;
    size_t index;
} list_pos;

/* What the session is doing. A rating heard and not yet decided
 * (pending_pain >= 0, decided at MK_PAIN_DECIDE) can be under way in any
 * of them; where the session is in its course is its stage. */
typedef enum {
    ST_RUNNING,          /* the clock runs: the current unit is planned and played */
    ST_PAUSED,           /* "pause": the clock stopped; a reminder every minute, the end after half an hour */
    ST_CONFIRM_STOP,     /* "stop?" asked back (confirm_from_pause: while paused) */
    ST_CONFIRM_RED_FLAG, /* a red flag heard unprompted asked back (confirm_from_pause: while paused) */
    ST_DONE,             /* the end earcon and "session_end" are planned: nothing more is heard */
} session_state;

/* Where the session is in its course; any state can occur in any stage (a
 * pause in the opening resumes the opening). */
typedef enum {
    STAGE_OPENING,  /* the intro, then the next-day, baseline and red-flag questions */
    STAGE_HANDOVER, /* another routine's title is announced; its first step follows */
    STAGE_STEPS,    /* the routine's steps; then the closing pain question (closing) */
    STAGE_ENDING,   /* finish(): the optional message, the summary, the end */
} session_stage;


struct session {
    session_config cfg;
    const routine *r;
    routine_settings set;   /* the current routine's settings */
    int rate, volume;
    double tempo;           /* rep length factor, 0.5-2 */
    double tempo_next;      /* a change asked in a set's last rep; 0: none */

    plan plan;
    uint64_t now;           /* last frame advanced to */
    uint64_t sound_end;     /* the last sound emitted (speech or earcon) ends here */
    bool pulsing;           /* started: a pulse after SESSION_PULSE_S of silence */
    uint64_t lane_free;     /* speech in progress ends here */
    char last_cue[COACH_SENTENCE_MAX];

    /* where we are */
    list_pos stack[32];
    int depth;
    const step *cur_step;   /* the step being run, NULL between steps */
    unit *units;
    size_t n_units, ui;
    uint64_t ustart;        /* the current unit's start frame */
    bool unit_said;         /* U_SAY: its sentence was emitted */
    uint64_t unit_said_at;
    uint64_t unit_said_end; /* ... and ends (a cut before then has it said again) */
    bool unit_started;      /* its start events were emitted */
    uint64_t move_until;    /* no beat before this frame: time to move (UM_NAMES) */
    session_stage stage;

    /* the current exercise */
    const exercise *ex;     /* the variant being done */
    const exercise *planned;/* the exercise the step names */
    exercise_dose dose;
    unsigned cues_said;
    bool changed;           /* counted once per exercise in the summary */
    bool eased_for_pain;    /* made easier for pain: "harder" is refused for it */
    const exercise *introduced; /* the variant whose safety cue was said last */

    /* state machine */
    session_state state;
    bool confirm_from_pause; /* "stop?" or the red flag was asked while paused */
    int red_flag_asks;       /* times the red flag heard was asked back */
    int red_flag_kind;       /* the red_flag_kind heard (or answered yes to) */
    uint64_t paused_at;
    uint64_t pause_offset;  /* where the unit was, from its start */
    int pending_pain;       /* -1 none */
    uint64_t pain_due;
    uint64_t pain_heard_at;
    bool pain_in_question;  /* the rating answered a pain question */
    bool easier_next, skip_next;

    /* progression from the last session: one level per exercise step */
    progression progress;
    bool closing;           /* the closing pain question was asked (STAGE_STEPS, then STAGE_ENDING) */
    bool tracking;          /* the weekly tracking questions were started (after the closing one) */

    /* "did that feel easy?" (Q_EASY): asked how many times, and about which
     * exercise now; no more once one went unanswered */
    int easy_asked;
    const exercise *easy_ex;
    bool easy_off;

    /* the summary */
    int done, skipped, stopped_for_pain, n_changed;
    int pain_start, pain_last, baseline;
    int pain_close;         /* the answer to the closing question; -1 none */
    int est_minutes, est_exercises;
    const char *end_reason;

    /* kiosk (cfg.abandon_after_s > 0): when the session, waiting for the
     * user, ends as abandoned; UINT64_MAX: not waiting */
    uint64_t abandon_at;
};

typedef enum { INTRO_FULL, INTRO_VARIANT } intro_mode;

/* ---- small helpers ------------------------------------------------------------ */

static inline uint64_t max64(uint64_t a, uint64_t b)
{
    return a > b ? a : b;
}

/* The form cues an exercise starts with as already said: all of them when
 * the user asked for brief coaching (docs/menu.md), else none. */
static inline unsigned fresh_cues(const session *s)
{
    return s->cfg.detail == SESSION_DETAIL_BRIEF ? ~0u : 0u;
}

static inline uint64_t secs(const session *s, double seconds)
{
    return (uint64_t)llround(seconds * s->cfg.sample_rate);
}

static inline uint64_t measure(session *s, const char *text)
{
    return s->cfg.measure(s->cfg.measure_ctx, text, s->rate);
}

/* ---- engine.c: the plan, moving on ---------------------------------------------- */

void engine_cut(session *s, uint64_t frame);
void engine_drop_mark(session *s, int mark);
plan_item *engine_push_measured(session *s, uint64_t frame, const char *text, uint64_t duration, bool memorable);
plan_item *engine_push_say(session *s, uint64_t frame, const char *text, bool memorable);
void engine_push_earcon(session *s, uint64_t frame, earcon e);
plan_item *engine_push_event(session *s, uint64_t frame, const char *name);
void engine_push_control(session *s, uint64_t frame, control_kind what, int value);
plan_item *engine_push_ex_event(session *s, uint64_t frame, const char *name);
void engine_push_mark(session *s, uint64_t frame, int mark);
void engine_wait_from(session *s, uint64_t frame);
void engine_wait_end(session *s);
void engine_replan(session *s, uint64_t frame, uint64_t busy);
void engine_start_unit(session *s, uint64_t frame);
void engine_step_done(session *s, uint64_t frame);
void engine_finish(session *s, uint64_t frame, const char *reason, tmpl_id message, int n);
void engine_finish_text(session *s, uint64_t frame, const char *reason, char *text);
void engine_begin_step(session *s, uint64_t frame);
void engine_next_unit(session *s, uint64_t frame);
char *engine_change_dose(session *s, uint64_t frame, int dir, bool for_pain);
void engine_handover(session *s, uint64_t frame, const char *id);
unsigned engine_context(const session *s);

/* ---- engine_units.c: compiling and planning units ------------------------------ */

void engine_units_clear(session *s);
unit *engine_unit_add(session *s, unit_type type);
unit *engine_add_say(session *s, char *text, bool memorable);
unit *engine_add_say_t(session *s, tmpl_id id, const tmpl_args *a, bool memorable);
unit *engine_add_rest(session *s, beats_rest_kind kind, int seconds);
const step *engine_next_exercise_step(const session *s);
int engine_exercises_after(const session *s);
void engine_compile_exercise(session *s, intro_mode mode, int from_set);
void engine_compile_question(session *s, question_role role, const step *q);
exercise_dose engine_dose_for(const step *st, const exercise *x);
void engine_number_text(char *buf, size_t size, int n);
uint64_t engine_rep_length(const session *s, const unit *u);
uint64_t engine_unit_length(const session *s, const unit *u);
const char *engine_question_kind_name(const unit *u);
bool engine_is_pain_question(const unit *u);
void engine_plan_unit(session *s, uint64_t from, uint64_t busy);

/* ---- engine_talk.c: answering the user --------------------------------------- */

uint64_t engine_answer_text(session *s, uint64_t frame, const char *text, bool memorable);
uint64_t engine_answer_t(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a);
void engine_respond(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a);
void engine_restart_exercise(session *s, uint64_t frame, char *said, intro_mode mode);
void engine_say_now(session *s, uint64_t frame, tmpl_id id, const tmpl_args *a, bool memorable);
void engine_resume_at(session *s, uint64_t frame, tmpl_id message);
void engine_listen(session *s, uint64_t said, int mark);
void engine_listen_for(session *s, uint64_t said, int mark, double seconds);
double engine_answer_window(const unit *u);
void engine_red_flag_ask(session *s, uint64_t frame, tmpl_id message);
void engine_red_flag_end(session *s, uint64_t frame, bool no_reply);
void engine_dispatch(session *s, uint64_t frame, command c);

/* ---- engine_answer.c: pain ratings and questions answered ------------------ */

bool engine_in_exercise(const session *s);
unit *engine_current_unit(session *s);
void engine_hear_pain(session *s, uint64_t frame, int value, bool as_answer);
void engine_undo_pain(session *s, uint64_t frame, unit *u, bool question);
void engine_decide_pain(session *s, uint64_t frame);
char *engine_plan_progress(session *s, uint64_t frame, const char *next_day);
const progress_level *engine_level_of(const session *s, const step *st);
bool engine_question_heard(session *s, uint64_t frame, const unit *u, command c);
void engine_skip_question(session *s, uint64_t frame, unit *u);
void engine_question_timeout(session *s, uint64_t frame);

#endif
