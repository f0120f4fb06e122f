/* action.h: what a program emits, at the bottom of the layers. A program
 * (a session, the menu, the kiosk, a spoken summary) plans actions at
 * absolute frames: say a sentence, play an earcon, log an event, or change
 * how the sound is played (a control message, never logged). Everything
 * above reads this one type: the driver, the player, the timeline, the log. */
#ifndef COACH_ACTION_H
#define COACH_ACTION_H

#include <stdbool.h>
#include <stdint.h>

#include "earcon.h"

typedef enum {
    ACTION_SAY,     /* speak text */
    ACTION_EARCON,  /* play an earcon */
    ACTION_EVENT,   /* something happened: it goes to the timeline and the log */
    ACTION_CONTROL, /* change the playback (control): for the player only */
} action_type;

/* What a control message changes. (The speech rate is not one: each
 * ACTION_SAY carries the rate it was measured at, so a change of rate
 * reaches the player with the first sentence it applies to.) */
typedef enum {
    CONTROL_VOLUME, /* value: the volume, 0-100, from this frame on */
    CONTROL_CUT,    /* every sound that started before this frame stops here
                       (the user spoke over it: barge-in, docs/recognition.md) */
} control_kind;

/* One action. Fields that do not apply are NULL or -1 (action_make sets
 * them so). Strings are valid until the next call into the program. */
typedef struct action {
    uint64_t frame;
    action_type type;
    const char *text;      /* ACTION_SAY: the sentence; events: what was heard */
    uint64_t duration;     /* ACTION_SAY: frames the sentence lasts */
    int rate;              /* ACTION_SAY: the speech rate it was measured at, wpm */
    earcon earcon;         /* ACTION_EARCON: which */
    control_kind control;  /* ACTION_CONTROL: what changes (to value) */
    const char *name;      /* ACTION_EARCON: the earcon's name; ACTION_EVENT: the event's */
    const char *exercise;  /* events about an exercise: its id */
    int set, rep;
    const char *side;      /* "left", "right" */
    int value;             /* pain, seconds, new dose, setting value */
    int previous;          /* the value before, for dose and setting changes */
    const char *command;   /* "command" events */
    const char *from, *to; /* "variant" events: exercise ids */
    const char *reason;    /* "session_end", "exercise_end", "skip" */
    const char *kind;      /* "question": yes_no, better_same_worse, red_flag, pain */
    const char *answer;    /* "answer" events */
    const char *field;     /* "dose", "setting": what changed */
    const char *planned;   /* "exercise_start": the id of the exercise the step names */
    int sets, reps, hold;  /* "exercise_start": the dose it starts with (hold in seconds) */
    int routine_dose;      /* "exercise_start": the routine's own reps (or hold seconds) for
                              that variant, so that the next session sees a change to it */
} action;

/* Receives each action in time order. */
typedef void (*action_sink)(void *ctx, const action *a);
/* Visits a sentence planned ahead: its text and the rate it is spoken at. */
typedef void (*action_visit)(void *ctx, const char *text, int rate);

/* How many frames text lasts when spoken at rate words per minute. */
typedef uint64_t (*action_measure)(void *ctx, const char *text, int rate);

/* The one constructor: an action of type at frame, every other field
 * NULL, 0 or -1 (does not apply). */
action action_make(action_type type, uint64_t frame);
/* An earcon action, named after the earcon. */
action action_earcon(earcon e, uint64_t frame);
/* An event action called name. */
action action_event(const char *name, uint64_t frame);
/* A control message: what changes to value. */
action action_control(control_kind what, int value, uint64_t frame);

#endif
