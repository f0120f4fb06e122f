/* player.h: runs a session with sound. The control thread (the caller's)
 * owns the engine and eSpeak NG; it advances the engine as the frame clock
 * nears each action, turns actions into clips and posts them to the mixer at
 * their exact frames, and writes the timeline. The same loop serves both
 * backends: the file backend renders the mixer itself, as fast as the CPU
 * allows; the PortAudio backend's callback renders it in real time. */
#ifndef COACH_PLAYER_H
#define COACH_PLAYER_H

#include <stdbool.h>
#include <stdio.h>

#include "coach/diag.h"
#include "coach/routine.h"
#include "../session/engine.h"
#include "../session/program.h"
#include "../session/script.h"

/* Speech rate (words a minute) and volume without a routine to take them from. */
#define PLAYER_DEFAULT_RATE 165
#define PLAYER_DEFAULT_VOLUME 80
/* Live: the output's clock standing still this long means the device or
 * the sound server is gone (a first callback may take longer: see
 * player.c) */
#define PLAYER_STALL_S 2.0

typedef struct player_config {
    /* what runs: make's program when set (routine may then be NULL: the
     * speech rate, voice and volume come from the options or the
     * defaults); else a session of routine */
    program_make make;
    void *make_ctx;
    const routine *routine;
    session_find_routine find_routine;
    void *find_ctx;
    const script *script;      /* may be NULL */
    int rate;                  /* 0: the routine's */
    int volume;                /* 0-100; -1: the routine's */
    const char *voice;         /* NULL: the routine's */
    const char *earcon_dir;
    /* where the timeline goes (either may be NULL) */
    FILE *timeline;
    FILE *transcript;
    /* the backend: PortAudio (live), a WAV file (out_path), or none: the
     * null backend runs the mixer and discards what it renders */
    enum { PLAYER_LIVE, PLAYER_FILE, PLAYER_NULL } backend;
    const char *out_path;
    const char *device;        /* PortAudio: a device name; NULL: the default */
    double launch_time;        /* CLOCK_MONOTONIC seconds when the program started */
    /* the microphone: a WAV file (file and null backends), read in lockstep
     * with the render and handed, 16 kHz mono, to on_capture with the
     * 16 kHz frame of its first sample (the session's frame / 3) */
    const char *in_path;
    void (*on_capture)(void *ctx, uint64_t frame16k, const float *samples, size_t n);
    void *capture_ctx;
    /* voice commands: the recogniser hears --in (file and null backends) or
     * the microphone (live; mic_device names it, NULL: the default) and
     * what it accepts goes to the session, as if from a script */
    bool listen;
    const char *mic_device;
    /* live: the keyboard; read_key returns the next key typed or -1, and
     * never blocks (NULL: no keyboard). keys: the user has one ("help"
     * names the keys) */
    int (*read_key)(void *ctx);
    void *key_ctx;
    bool keys;
    /* the last session, for progression (has false: none) */
    session_last last;
    int detail;                /* SESSION_DETAIL_* (0: normal) */
    /* live: an output whose clock stands still for PLAYER_STALL_S ends the
     * run (COACH_ERR_UNAVAILABLE). Only for the unattended kiosk: a person
     * at home would rather wait through a hiccup than lose their session */
    bool watch_stall;
    /* every action, as the engine emits it (NULL: none): the session log */
    void (*on_action)(void *ctx, const action *a);
    void *action_ctx;
    /* called on every turn of the control loop (live: every few
     * milliseconds; file and null: every block), never from the audio
     * callback: a watchdog is fed here. Returning false ends the run at
     * once, successfully (a stop asked for by a signal). NULL: none */
    bool (*tick)(void *ctx);
    void *tick_ctx;
} player_config;

typedef struct player_report {
    double seconds;            /* session length */
    double wall_seconds;       /* time it took */
    unsigned long long late, dropped, limited, underflows;
    unsigned long long clips_made, cache_hits;
    double first_sound;        /* live: seconds from launch to the first sound at the
                                  speaker (first audible callback + output latency) */
    double output_latency;     /* live: the stream's output latency, seconds */
    double input_seconds;      /* --in: seconds of microphone audio delivered */
    unsigned long long heard, rejected; /* utterances acted on, and set aside */
    unsigned long long mic_overruns;    /* live: microphone blocks the recogniser lost */
} player_report;

/* Runs the session to its end. COACH_ERR_UNAVAILABLE when there is no
 * usable output device (with a sentence naming --out), or when the live
 * output stops or stalls mid-way (its stream ends, or its clock stands
 * still for PLAYER_STALL_S: the sound server went away); COACH_ERR_IO
 * when the file cannot be written. */
coach_err player_run(const player_config *cfg, player_report *report, coach_diags *diags);

/* Prints the audio devices (output and input), by name, to f. */
coach_err player_list_devices(FILE *f, coach_diags *diags);

#endif
