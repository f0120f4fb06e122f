/* player.h: plays what it is handed, with sound. It knows actions, not
 * sessions: its control loop (on the caller's thread, which owns eSpeak NG)
 * asks its client (the driver) to advance as the frame clock nears each
 * thing due, turns each action posted back into a clip for the mixer at its
 * exact frame, and passes what the recogniser hears up to the client. The
 * same loop serves both backends: the file backend renders the mixer
 * itself, as fast as the CPU allows; the PortAudio backend's callback
 * renders it in real time. */
#ifndef COACH_PLAYER_H
#define COACH_PLAYER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "coach/diag.h"
#include "../core/action.h"
#include "../tts/tts.h"

/* Live: the output's clock standing still this long (player_config's
 * stall_s, when 0) means the device or the sound server is gone or stuck;
 * before the first callback, PLAYER_START_S (a null sink's stream may take
 * ~2 s to start, GUIDE §9) */
#define PLAYER_STALL_S 10.0
#define PLAYER_START_S 10.0
/* What the recogniser heard, for the client. */
typedef struct player_heard {
    uint64_t frame;        /* to be acted on at this frame */
    uint64_t start, end;   /* spoken from start to end (output frames) */
    const char *text;
    const char *rejected;  /* why it was set aside, or NULL */
    /* the echo canceller has converged and found it far louder than the
     * echo it left, so it is the user's even over the coach's own sound */
    bool cleared;
    /* set aside, but nearly a command (asr_utterance.near) and not the
     * coach's own echo: worth asking the user to say it again */
    bool unclear;
    /* a command, but the canceller could not tell the user's voice from its
     * own echo (BARGEIN_UNSURE): if the half-duplex gate sets it aside, the
     * user is asked to say it again */
    bool doubted;
} player_heard;

/* What the player plays: whoever drives the program (src/driver). The
 * player calls it from its control loop, never from the audio callback. */
typedef struct player_client {
    void *ctx;
    /* plans the opening at frame 0 */
    void (*start)(void *ctx);
    /* hands over every action due at or before horizon; each sound comes
     * back through player_post */
    void (*advance)(void *ctx, uint64_t horizon);
    /* the frame of the next thing due; UINT64_MAX when none */
    uint64_t (*next_due)(void *ctx);
    /* true once nothing more will come */
    bool (*done)(void *ctx);
    /* true while it only waits for the user (a menu, the kiosk's idle) */
    bool (*idle)(void *ctx);
    /* true when nothing it was told (script lines, utterances) waits */
    bool (*used_up)(void *ctx);
    /* the recogniser heard something (player_heard) */
    void (*heard)(void *ctx, const struct player_heard *h);
    /* optional: visits the sentences planned before a frame, not yet handed
     * over, so that their sounds are made ahead (live) */
    void (*upcoming)(void *ctx, uint64_t before, action_visit visit, void *vctx);
} player_client;

typedef struct player_config {
    tts *voice;                /* speaks each sentence (the program measured with it) */
    int rate;                  /* the speech rate whose counts are rendered ahead */
    int volume;                /* 0-100 at the start */
    const char *earcon_dir;
    /* the backend: PortAudio (live), a WAV file (out_path), or none: the
     * null backend runs the mixer and discards what it renders */
    enum { PLAYER_LIVE, PLAYER_FILE, PLAYER_NULL } backend;
    const char *out_path;
    const char *device;        /* PortAudio: a device name; NULL: the default */
    double launch_time;        /* CLOCK_MONOTONIC seconds when the program started */
    /* the microphone: a WAV file (file and null backends), read in lockstep
     * with the render and handed, 16 kHz mono, to on_capture with the
     * 16 kHz frame of its first sample (the output frame / 3) */
    const char *in_path;
    /* file and null backends: a room's impulse response (a mono WAV, any
     * rate; room.h): the microphone then hears the session's own output
     * through that room, plus in_path if given, and runs behind the render
     * as a real one does */
    const char *echo_path;
    /* cancel the coach's echo against the exact playback (aec.h) before
     * the recogniser hears it: with echo_path, and live */
    bool cancel_echo;
    void (*on_capture)(void *ctx, uint64_t frame16k, const float *samples, size_t n);
    void *capture_ctx;
    /* voice commands: the recogniser hears --in (file and null backends) or
     * the microphone (live; mic_device names it, NULL: the default),
     * listening for phrases (asr_config.phrases), and what it hears goes
     * to the client */
    bool listen;
    const char *const *phrases;
    size_t n_phrases;
    const char *mic_device;
    /* live: a line for stderr once the output plays (NULL: none) */
    const char *live_note;
    /* live: an output whose clock stands still this long ends the run
     * (COACH_ERR_UNAVAILABLE); 0: PLAYER_STALL_S. The unattended kiosk ends
     * sooner and tries again; a person at home would rather wait through a
     * hiccup than lose their session, but not for ever */
    double stall_s;
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
    double late_by, late_at;   /* the most late clip: by how many seconds, due when */
    unsigned long long clips_made, cache_hits;
    unsigned long long clips_ahead;     /* live: of the clips made, those made before their turn */
    double first_sound;        /* live: seconds from launch to the first sound at the
                                  speaker (first audible callback + output latency) */
    double output_latency;     /* live: the stream's output latency, seconds */
    double input_seconds;      /* --in: seconds of microphone audio delivered */
    unsigned long long mic_overruns;    /* live: microphone blocks the recogniser lost */
    bool aec;                  /* echo cancelling ran: */
    double erle_db;            /* its echo return loss enhancement after convergence */
    double aec_converged_s;    /* seconds of playback it took to converge; -1 never */
    const char *aec_name;      /* which canceller (aec_stats.name) */
    unsigned long long mic_clipped; /* microphone samples at full scale (aec_stats.clipped) */
    double aec_worse_s;        /* seconds of playback its residual was louder than the microphone (aec_stats.worse_s) */
    double aec_inaudible_s;    /* seconds of playback whose echo the microphone did not hear (aec_stats.inaudible_s) */
    double echo_over_voice_db; /* the coach's echo over the user's voice at the microphone (aec_stats) */
    int voices;                /* the user's utterances that figure is from; 0: not known */
    unsigned long long ducks;  /* times the coach was ducked under the user's voice */
    unsigned long long playback_lost; /* live: rendered blocks the canceller never got (its ring was full) */
} player_report;

typedef struct player player;

/* Makes a player: the earcons read, the speech cache ready. COACH_ERR_NO_INPUT
 * when an earcon is missing. */
coach_err player_create(const player_config *cfg, player **out, coach_diags *diags);
/* Frees it; accepts NULL. */
void player_destroy(player *p);
/* Makes a's sound: speech and earcons are posted to the mixer at their
 * frames, a control message changes the playback; events make none. Only
 * from the client's advance, during player_run. */
void player_post(player *p, const action *a);
/* Runs client to its end. COACH_ERR_UNAVAILABLE when there is no
 * usable output device (with a sentence naming --out), or when the live
 * output stops or stalls mid-way (its stream ends, or its clock stands
 * still: the sound server went away or is stuck, and then PortAudio may be
 * stuck too, see pacall.h); COACH_ERR_IO
 * when the file cannot be written. */
coach_err player_run(player *p, const player_client *client, player_report *report,
                     coach_diags *diags);
/* True once a call into the sound system did not return in time (the
 * sound server is stuck): no live run can start again in this process. */
bool player_audio_stuck(void);

/* During player_run, from the client's calls: how much louder the coach's
 * echo is at the microphone than the user's commands so far
 * (aec_stats.echo_over_voice_db) into *db; returns the number of commands
 * it is from (0: not known yet, or no echo cancelling). */
int player_echo_over_voice(const player *p, double *db);

/* Prints the audio devices (output and input), by name, to f. */
coach_err player_list_devices(FILE *f, coach_diags *diags);

#endif
