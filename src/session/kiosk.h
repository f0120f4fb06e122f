/* kiosk.h: the unattended clinic kiosk (docs/kiosk.md) as one program
 * (program.h): idle (idle.h) until someone says "start" or presses the
 * button, a session of the kiosk's routine, then idle again, for ever (or
 * for max_sessions). Each session is a fresh engine with no history and
 * the kiosk's flags (engine.h: pain not read back, abandoned after a
 * silence); it is destroyed when it ends, so nothing of it is kept but
 * the anonymous counts. One program for the whole loop keeps one frame
 * clock: the timeline's frames rise from one session to the next, and
 * the player (live: one audio stream) runs it as it runs a session. */
#ifndef COACH_KIOSK_H
#define COACH_KIOSK_H

#include "engine.h"

/* The only figures a kiosk keeps. */
typedef struct kiosk_counts {
    unsigned long started, completed;  /* sessions, ever (--counts carries them over) */
    unsigned long ended_here;          /* sessions ended in this process (--sessions) */
} kiosk_counts;

typedef struct kiosk_config {
    const routine *routine;            /* required: the routine each session runs */
    session_find_routine find_routine; /* for {routine: ID} handovers; may be NULL */
    void *find_ctx;
    int sample_rate;                   /* default COACH_FRAME_RATE */
    int rate;                          /* speech rate; 0: the routine's */
    int volume;                        /* 0-100; -1: the routine's */
    double invite_every_s;             /* 0: no invitation */
    int invite_volume;                 /* the invitation's cap, 0-100 */
    double abandon_after_s;            /* a waiting session's silence limit; > 0 */
    unsigned long max_sessions;        /* it ends when counts->ended_here reaches this; 0: never */
    bool attention;                    /* listening set to attention (session_config's) */
    kiosk_counts *counts;              /* required: updated in place */
    /* called as each session ends, with the counts and its reason */
    void (*on_session_end)(void *ctx, const kiosk_counts *counts, const char *reason);
    void *end_ctx;
    action_measure measure;           /* required */
    void *measure_ctx;
} kiosk_config;

/* Defaults: COACH_FRAME_RATE, the routine's rate and volume, no invitation, an
 * invitation cap of 50, abandoned after 60 s, no session limit. */
kiosk_config kiosk_config_default(void);
/* The kiosk as a program (context COMMAND_SESSION | COMMAND_KIOSK: the
 * recogniser hears "start" and the session's words throughout);
 * COACH_ERR_USAGE when cfg lacks the routine, the counts or the measure. */
coach_err kiosk_create(const kiosk_config *cfg, program *out);

#endif
