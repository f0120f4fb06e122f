/* driver.h: the one loop that runs a program. It advances any program (a
 * session, the menu, the kiosk, a spoken summary) against a frame clock and
 * feeds it what the user did: lines of a --script, keys, and what the
 * recogniser heard (set aside when it overlapped the coach's own sounds).
 * A dry run drives it alone, as fast as it can; with sound, the player
 * drives it through player_client, so every mode gives the same timeline
 * from the same input. */
#ifndef COACH_DRIVER_H
#define COACH_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "coach/diag.h"
#include "../audio/player.h"
#include "../core/action.h"
#include "../session/program.h"
#include "../session/script.h"

typedef struct driver_config {
    program prog;              /* what runs; the driver owns it from now on */
    const script *script;      /* a simulated user; NULL: none */
    action_sink sink;          /* every action the program emits, in order */
    void *sink_ctx;
    /* what was heard and set aside, as "rejected" events (NULL: dropped) */
    action_sink aside;
    void *aside_ctx;
    /* utterances that overlap the coach's own sounds are set aside
     * (half-duplex listening, docs/recognition.md) */
    bool gate_own_voice;
    /* live: the next key typed or -1, never blocking (NULL: no keyboard) */
    int (*read_key)(void *ctx);
    void *key_ctx;
} driver_config;

typedef struct driver driver;

/* How a dry run ended. */
typedef enum {
    DRIVER_DONE,    /* the program ended */
    DRIVER_IDLE,    /* the script is used up and the program only waits */
    DRIVER_STALLED, /* the program planned nothing more before its end (a defect) */
} driver_result;

/* Makes a driver; on failure (COACH_ERR_NOMEM) the program is destroyed. */
coach_err driver_create(const driver_config *cfg, driver **out);
/* Frees it and its program; accepts NULL. */
void driver_destroy(driver *d);
/* Plans the program's opening at frame. */
void driver_start(driver *d, uint64_t frame);
/* Hears every script line and utterance, and emits every action, due at or
 * before horizon, in time order (a line heard at the frame of an action
 * comes first). */
void driver_advance(driver *d, uint64_t horizon);
/* The frame of the next thing due (an action, a line, an utterance);
 * UINT64_MAX when none. */
uint64_t driver_next_due(const driver *d);
/* Runs with no clock but the program's own, jumping from one thing due to
 * the next, until the program ends, waits with the script used up, or
 * plans nothing more (or nothing before limit). */
driver_result driver_run_dry(driver *d, uint64_t limit);
/* The player's view of the driver (valid while d lives); sounds go to pl. */
player_client driver_client(driver *d, player *pl);
/* The phrases the program listens for (COMMAND_SESSION, COMMAND_MENU...). */
unsigned driver_context(const driver *d);
/* Utterances acted on, and set aside. */
void driver_counts(const driver *d, unsigned long long *heard, unsigned long long *rejected);

#endif
