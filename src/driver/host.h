/* host.h: one call that runs a program in any mode. It makes the voice
 * (eSpeak NG) and the program, drives it (driver.h) with no sound (a dry
 * run: the timeline at once), into a WAV file, or live, and writes what it
 * emits to the outputs asked for. `coach run`, `coach menu`, `coach kiosk`
 * and `coach history` all run through it. */
#ifndef COACH_HOST_H
#define COACH_HOST_H

#include <stdbool.h>
#include <stdio.h>

#include "coach/diag.h"
#include "../audio/player.h"
#include "../session/program.h"
#include "../session/script.h"
#include "driver.h"

typedef struct host_config {
    program_make make;         /* makes what runs (required) */
    void *make_ctx;
    const char *voice;         /* an eSpeak NG voice; NULL: the default */
    const script *script;      /* a simulated user; NULL: none */
    bool dry;                  /* no sound: as fast as it can, nothing played */
    /* with sound: the backend, devices, microphone... (its voice and
     * phrases are filled in here) */
    player_config play;
    bool attention;            /* the commands that need it only after "coach" */
    int (*read_key)(void *ctx); /* live: the keyboard (NULL: none) */
    void *key_ctx;
    /* outputs (each may be NULL): every action as the program emits it (the
     * session log, first), the timeline as JSON Lines (with the utterances
     * set aside), a second copy of it, the transcript */
    action_sink on_action;
    void *action_ctx;
    FILE *json;
    FILE *timeline;
    FILE *transcript;
    /* with sound: the player, in *player while it runs (NULL otherwise),
     * for figures the program's callbacks report (player_echo_over_voice) */
    player **player;
} host_config;

typedef struct host_report {
    player_report play;        /* with sound: its figures */
    unsigned long long heard, rejected; /* utterances acted on, and set aside */
} host_report;

/* Runs cfg's program to its end (a dry run or a render: or until the script
 * is used up and it only waits). Errors as tts_create, the program's make
 * and player_run give them; COACH_ERR_INTERNAL when the program stopped
 * planning before its end. */
coach_err host_run(const host_config *cfg, host_report *report, coach_diags *diags);

#endif
