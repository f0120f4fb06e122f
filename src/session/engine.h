/* engine.h: the session engine. A deterministic state machine that turns a
 * routine into a coached session: it takes the frame clock and what the
 * user says, and returns actions stamped with absolute frames (say this,
 * play this earcon, log this event). It has no audio, threads, I/O or clock
 * of its own; the host learns from it when the next action is due, advances
 * it to that frame, and feeds it utterances at the frames they were heard.
 * The same inputs always give the same actions, in every mode. */
#ifndef COACH_ENGINE_H
#define COACH_ENGINE_H

#include <stdbool.h>
#include <stdint.h>

#include "coach/routine.h"
#include "../core/action.h"
#include "program.h"
#include "progress.h"

/* The routine with this id, for {routine: ID} handovers; NULL if none. */
typedef const routine *(*session_find_routine)(void *ctx, const char *id);

/* The last session of this routine (docs/progression.md). */
typedef struct session_last {
    bool has;                  /* false: a first session, the routine's doses */
    const progress_last *ex;   /* each exercise as it went */
    size_t n;
    int baseline;              /* its starting pain rating; -1 none */
    bool ask_next_day;         /* ask how the back has been since (default true) */
    /* the session is logged, and its log says the weekly tracking
     * questions are due (src/store/tracking.h): asked at its end */
    bool ask_tracking;
    /* the session is logged: "did that feel easy?" after up to two
     * completed exercises, for the next session's progression */
    bool ask_easy;
} session_last;

typedef struct session_config {
    const routine *routine;
    int sample_rate;           /* frames per second; default COACH_FRAME_RATE */
    int rate;                  /* speech rate, words per minute; 0: the routine's */
    int volume;                /* 0-100; -1: the routine's */
    action_measure measure;   /* required */
    void *measure_ctx;
    session_find_routine find_routine; /* may be NULL */
    void *find_ctx;
    bool keys;                 /* the user has the keyboard: "help" names the keys */
    bool attention;            /* listening is set to attention: commands after "coach" */
    session_last last;         /* the last session, for progression */
    int detail;                /* SESSION_DETAIL_*: how many form cues (default normal) */
    /* the clinic kiosk (docs/kiosk.md): pain ratings are acknowledged with
     * the earcon alone (never read back, nor summed up at the end) */
    bool kiosk;
    /* > 0: a session that waits for the user (a pause, a question) and
     * hears nothing for this long ends with reason "abandoned"; a question
     * then waits for its answer instead of taking its default. 0: off */
    double abandon_after_s;
} session_config;

/* How much the coach says (the user's setting, docs/menu.md): brief leaves
 * out the form cues, normal spreads them over an exercise's first reps,
 * detailed says them again in every set. */
enum { SESSION_DETAIL_NORMAL, SESSION_DETAIL_BRIEF, SESSION_DETAIL_DETAILED };

/* Fixed timings (docs/session.md). */
#define SESSION_GAP_S 0.3          /* silence after each instruction */
#define SESSION_ANSWER_S 8.0       /* time allowed for an answer */
#define SESSION_EASY_ANSWER_S 5.0  /* for "did that feel easy?": short, asked once */
#define SESSION_EASY_MAX 2         /* "did that feel easy?" at most this often a session */
#define SESSION_UNDO_S 5.0         /* a pain rating can be undone this long */
#define SESSION_LEAD_IN_S 3.0      /* from "resume" to the clock running again */
#define SESSION_PAUSE_REMIND_S 60.0
#define SESSION_PAUSE_MAX_S 1800.0 /* a pause this long ends the session */
#define SESSION_PULSE_S 8.0        /* silence before the pulse earcon: a sign of life */
#define SESSION_SAY_MAX_S 10.0     /* a longer text is said as several utterances */
#define SESSION_SAY_PART_S 8.0     /* ... of about this length at most, whole sentences */
#define SESSION_STEP_GAP_S 1.0     /* between the steps of a starting position so split */

typedef struct session session;

/* Defaults: COACH_FRAME_RATE, the routine's rate and volume. */
session_config session_config_default(void);
/* Creates an engine for cfg->routine; COACH_ERR_USAGE when cfg lacks the
 * routine or the measure function. */
coach_err session_create(const session_config *cfg, session **out);
/* Frees it; accepts NULL. */
void session_destroy(session *s);
/* Plans the opening at frame. */
void session_start(session *s, uint64_t frame);
/* True while the session is paused (the space key resumes then). */
bool session_paused(const session *s);
/* True once the session has ended (its last action emitted). */
bool session_done(const session *s);
/* The frame of the next planned action; UINT64_MAX when none. */
uint64_t session_next_frame(const session *s);
/* Emits every planned action at or before frame, in order. */
void session_advance(session *s, uint64_t frame, action_sink sink, void *ctx);
/* The user said text at frame (after session_advance(frame)); acts on it and
 * emits what is due at frame. */
void session_hear(session *s, uint64_t frame, const char *text, action_sink sink, void *ctx);

/* The session engine as a program (it takes ownership of s). */
program session_program(session *s);

#endif
