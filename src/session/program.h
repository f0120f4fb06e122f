/* program.h: what the player runs. A program plans actions (speech,
 * earcons, events) at absolute frames and hears what the user says, with no
 * audio or clock of its own: the session engine is one (session_program),
 * the spoken summary of `coach history` another (monologue.h). The player
 * drives any of them the same way, live or into a file. */
#ifndef COACH_PROGRAM_H
#define COACH_PROGRAM_H

#include <stdbool.h>
#include <stdint.h>

#include "coach/diag.h"

#include "../core/action.h"

typedef struct program {
    void *self;
    /* plans the opening at frame */
    void (*start)(void *self, uint64_t frame);
    /* the frame of the next planned action; UINT64_MAX when none */
    uint64_t (*next_frame)(const void *self);
    /* emits every planned action at or before frame, in order */
    void (*advance)(void *self, uint64_t frame, action_sink sink, void *ctx);
    /* the user said text at frame (after advance(frame)) */
    void (*hear)(void *self, uint64_t frame, const char *text, action_sink sink, void *ctx);
    /* true once its last action is out */
    bool (*done)(const void *self);
    /* true while paused (the space key resumes then) */
    bool (*paused)(const void *self);
    /* frees self */
    void (*destroy)(void *self);
    /* optional: the phrase a key means here (NULL: nothing); when NULL the
     * session's keys apply (command_key) */
    const char *(*key)(const void *self, int key);
    /* optional: true when it only waits for the user (a dry run or a file
     * render ends there once its script is used up); NULL: never */
    bool (*idle)(const void *self);
    /* the phrases the recogniser listens for: COMMAND_SESSION or COMMAND_MENU */
    unsigned context;
    /* optional: visits, in time order, every sentence planned before frame
     * and not yet emitted, so that the player can make its sound ahead
     * (what is visited may still be dropped); NULL: nothing is known ahead */
    void (*upcoming)(const void *self, uint64_t before, action_visit visit, void *ctx);
} program;

/* Makes a program; measure tells how long a sentence lasts at a speech
 * rate, in the player's frames. */
typedef coach_err (*program_make)(void *ctx, action_measure measure, void *measure_ctx,
                                  program *out);

#endif
