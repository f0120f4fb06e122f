/* player.c: the control loop, the file backend and the PortAudio backend. */
#include "player.h"

#include <alsa/asoundlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <portaudio.h>
#include <sndfile.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../asr/asr.h"
#include "../asr/selfvoice.h"
#include "../session/commands.h"
#include "../session/program.h"
#include "../core/timeline.h"
#include "capture.h"
#include "device.h"
#include "mic.h"
#include "mixer.h"
#include "sounds.h"

enum { RATE = 48000, FILE_BLOCK = 1024, LIVE_BUFFER = 256 };
#define LOOKAHEAD_S 0.1 /* live: actions are posted this far ahead of the clock */

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* An utterance on its way to the session: heard at `frame`, spoken from
 * start to end (output frames). */
typedef struct pending {
    uint64_t frame, start, end;
    char text[96];
    const char *rejected;
    bool typed;          /* a key, not a sound: the coach cannot have said it */
} pending;

enum { QUEUE = 32 };
/* The microphone may hear a sound this long before it is scheduled (live,
 * the two streams' clocks differ by their latencies) and after it ends
 * (the room's echo). */
#define ECHO_LEAD_S 0.1
#define ECHO_TAIL_S 0.3

typedef struct ctl {
    const player_config *cfg;
    program prog;               /* what runs: a session, or another program */
    sounds *snd;
    mixer *mx;
    size_t next_line;
    int rate;
    atomic_uint_fast64_t underflows;
    _Atomic double first_sound; /* when the first audible buffer was rendered */
    double latency;             /* the stream's output latency */
    uint64_t heard;             /* --in: 16 kHz samples delivered */
    int channels;
    /* listening */
    asr *rec;                   /* file and null backends: decodes --in */
    mic *mic;                   /* live: the microphone and its thread */
    selfvoice *sv;              /* what the coach said, and when */
    uint64_t mic_origin;        /* live: the output frame of the microphone's first sample */
    uint64_t now;               /* the frame being rendered */
    pending queue[QUEUE];       /* utterances waiting for their frame */
    unsigned q_head, q_count;
    unsigned long long n_heard, n_rejected, mic_overruns;
} ctl;

/* The volume a session starts at: the option, else the routine's. */
static int start_volume(const player_config *cfg)
{
    if (cfg->volume >= 0)
        return cfg->volume;
    return cfg->routine ? routine_get_settings(cfg->routine)->volume : PLAYER_DEFAULT_VOLUME;
}

static float volume_gain(int volume)
{
    float v = (float)volume / 100.0f;
    return v * v; /* loudness follows the square of amplitude, roughly */
}

static void on_action(void *ctx, const action *a)
{
    ctl *c = ctx;
    if (c->cfg->on_action)
        c->cfg->on_action(c->cfg->action_ctx, a);
    if (c->cfg->timeline)
        timeline_write_json(c->cfg->timeline, a, RATE);
    if (c->cfg->transcript)
        timeline_write_text(c->cfg->transcript, a, RATE);
    audio_clip *clip = NULL;
    /* the recogniser does not listen while the coach makes a sound (the
     * tick, a 50 ms click, is too short to be heard as a word) */
    if (c->sv && a->type == ACTION_SAY)
        selfvoice_note(c->sv, a->frame, a->frame + a->duration);
    else if (c->sv && a->type == ACTION_EARCON && a->earcon != EARCON_TICK)
        selfvoice_note(c->sv, a->frame,
                       a->frame + (uint64_t)(earcon_seconds(a->earcon) * RATE));
    if (a->type == ACTION_SAY)
        clip = sounds_speech(c->snd, a->text, a->rate);
    else if (a->type == ACTION_EARCON)
        clip = sounds_earcon(c->snd, a->earcon);
    else if (a->type == ACTION_CONTROL && a->control == CONTROL_VOLUME)
        mixer_set_gain(c->mx, volume_gain(a->value), a->frame);
    if (clip && !mixer_play(c->mx, clip, a->frame, 1.0f))
        sounds_release(c->snd, clip); /* the ring is full: cannot happen at a sane pace */
}

/* Hands finished clips back to the sound store. */
static void reclaim(ctl *c)
{
    audio_clip *clip;
    while (mixer_take_done(c->mx, &clip))
        sounds_release(c->snd, clip);
}

/* Queues an utterance to be heard at frame; the oldest is dropped when
 * the queue is full (the session is not keeping up with the speaker). */
static pending *queue_push(ctl *c, uint64_t frame, uint64_t start, uint64_t end, const char *text,
                           const char *rejected)
{
    if (c->q_count == QUEUE) {
        c->q_head = (c->q_head + 1) % QUEUE;
        c->q_count--;
    }
    pending *p = &c->queue[(c->q_head + c->q_count++) % QUEUE];
    p->frame = frame;
    p->start = start;
    p->end = end;
    snprintf(p->text, sizeof p->text, "%s", text);
    p->rejected = rejected;
    p->typed = false;
    return p;
}

/* Acts on the oldest queued utterance: to the session if it is the user's
 * command, else into the timeline as set aside, with the reason. */
static void hear_pending(ctl *c)
{
    pending p = c->queue[c->q_head];
    c->q_head = (c->q_head + 1) % QUEUE;
    c->q_count--;
    if (!p.rejected && !p.typed && c->sv && selfvoice_overlaps(c->sv, p.start, p.end))
        p.rejected = "the coach was speaking";
    if (!p.rejected) {
        c->n_heard++;
        c->prog.hear(c->prog.self, p.frame, p.text, on_action, c);
        return;
    }
    c->n_rejected++;
    action a = action_event("rejected", p.frame);
    a.text = p.text;
    a.reason = p.rejected;
    if (c->cfg->timeline)
        timeline_write_json(c->cfg->timeline, &a, RATE);
}

/* The frame of the next thing to do: an action, a script line or
 * something heard. */
static uint64_t next_due(const ctl *c)
{
    uint64_t due = c->prog.next_frame(c->prog.self);
    if (c->q_count && c->queue[c->q_head].frame < due)
        due = c->queue[c->q_head].frame;
    const script *sc = c->cfg->script;
    if (sc && c->next_line < script_count(sc)) {
        uint64_t f = script_get(sc, c->next_line)->frame;
        if (f < due)
            due = f;
    }
    return due;
}

/* Emits every action (and hears every script line) due at or before horizon,
 * in the same order as a dry run. */
static void advance_to(ctl *c, uint64_t horizon)
{
    const script *sc = c->cfg->script;
    while (!c->prog.done(c->prog.self)) {
        uint64_t due = c->prog.next_frame(c->prog.self);
        if (sc && c->next_line < script_count(sc)) {
            const script_line *l = script_get(sc, c->next_line);
            if (l->frame <= due && l->frame <= horizon) {
                c->next_line++;
                c->prog.hear(c->prog.self, l->frame, l->text, on_action, c);
                continue;
            }
        }
        if (c->q_count && c->queue[c->q_head].frame <= due &&
            c->queue[c->q_head].frame <= horizon) {
            hear_pending(c);
            continue;
        }
        if (due == UINT64_MAX || due > horizon)
            break;
        c->prog.advance(c->prog.self, due, on_action, c);
    }
}

/* ---- the file backend ----------------------------------------------------------- */

static uint64_t to_frames(double seconds)
{
    return (uint64_t)(seconds * RATE + 0.5);
}

/* The recogniser heard something in --in: it is heard at its end, as soon
 * as its end was known (never before the frame being rendered). */
static void on_heard(void *ctx, const asr_utterance *u)
{
    ctl *c = ctx;
    if (!u->text[0])
        return; /* a sound with no words in it */
    uint64_t end = to_frames(u->end);
    queue_push(c, end > c->now ? end : c->now, to_frames(u->start), end, u->text, u->rejected);
}

static coach_err run_file(ctl *c, coach_diags *diags)
{
    SF_INFO info = {0};
    info.samplerate = RATE;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    bool null = c->cfg->backend == PLAYER_NULL;
    SNDFILE *f = null ? NULL : sf_open(c->cfg->out_path, SFM_WRITE, &info);
    if (!f && !null) {
        coach_diags_add(diags, c->cfg->out_path, 0, 0, "cannot write the WAV file: %s",
                        sf_strerror(NULL));
        return COACH_ERR_IO;
    }
    float buf[FILE_BLOCK];
    float micbuf[FILE_BLOCK / 3 + 1];
    uint64_t rendered = 0, heard = 0; /* heard: 16 kHz samples delivered */
    coach_err err = COACH_OK;
    capture *in = NULL;
    if (c->cfg->in_path) {
        err = capture_open(c->cfg->in_path, &in, diags);
        if (err) {
            if (f)
                sf_close(f);
            return err;
        }
    }
    for (;;) {
        if (c->cfg->tick && !c->cfg->tick(c->cfg->tick_ctx))
            break; /* asked to stop */
        advance_to(c, rendered);
        reclaim(c);
        /* the microphone runs a block ahead of the render, in lockstep, so
         * what is heard in the next block is queued before it is rendered */
        c->now = rendered;
        while (in && heard * 3 < rendered + FILE_BLOCK) {
            size_t got = capture_read(in, micbuf, sizeof micbuf / sizeof micbuf[0]);
            if (got == 0) {
                if (c->rec)
                    asr_finish(c->rec, on_heard, c);
                capture_close(in);
                in = NULL;
                break;
            }
            if (c->cfg->on_capture)
                c->cfg->on_capture(c->cfg->capture_ctx, heard, micbuf, got);
            if (c->rec)
                asr_feed(c->rec, micbuf, got, on_heard, c);
            heard += got;
        }
        uint64_t target = rendered + FILE_BLOCK;
        const script *sc = c->cfg->script;
        bool used_up = (!sc || c->next_line >= script_count(sc)) && c->q_count == 0 && !in;
        if (used_up && c->prog.idle && c->prog.idle(c->prog.self) && mixer_active(c->mx) == 0)
            break; /* a menu waiting for a user who has said all they will */
        if (c->prog.done(c->prog.self)) {
            if (mixer_active(c->mx) == 0)
                break; /* the last sound has ended */
        } else {
            uint64_t due = next_due(c);
            bool waiting = c->prog.idle && c->prog.idle(c->prog.self);
            if (due == UINT64_MAX && !waiting) {
                coach_diags_add(diags, NULL, 0, 0, "internal: the session stopped planning before its end");
                err = COACH_ERR_INTERNAL;
                break;
            }
            if (due < target)
                target = due;
        }
        unsigned n = (unsigned)(target - rendered);
        if (n == 0)
            continue;
        mixer_render(c->mx, buf, n);
        if (!null && sf_writef_float(f, buf, n) != (sf_count_t)n) {
            coach_diags_add(diags, c->cfg->out_path, 0, 0, "writing the WAV file failed: %s",
                            sf_strerror(f));
            err = COACH_ERR_IO;
            break;
        }
        rendered = target;
    }
    capture_close(in);
    c->heard = heard;
    if (!null && sf_close(f) != 0 && !err) {
        coach_diags_add(diags, c->cfg->out_path, 0, 0, "closing the WAV file failed");
        err = COACH_ERR_IO;
    }
    return err;
}

/* ---- the PortAudio backend -------------------------------------------------------- */

static void alsa_quiet(const char *file, int line, const char *function, int err,
                       const char *fmt, ...)
{
    (void)file, (void)line, (void)function, (void)err, (void)fmt;
}

/* Runs a PortAudio call with stderr silenced: its host APIs (ALSA, JACK)
 * print diagnostics of their own when probing devices ("jack server is not
 * running"), which mean nothing to a user; coach says what matters. */
static PaError quietly(PaError (*call)(void))
{
    fflush(stderr);
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    if (saved >= 0 && null >= 0)
        dup2(null, 2);
    PaError e = call();
    if (saved >= 0) {
        dup2(saved, 2);
        close(saved);
    }
    if (null >= 0)
        close(null);
    return e;
}

/* Starts PortAudio without ALSA's or JACK's chatter on stderr. */
static PaError pa_start(void)
{
    snd_lib_error_set_handler(alsa_quiet);
    /* probing must not try to start a JACK server: that costs ~150 ms */
    setenv("JACK_NO_START_SERVER", "1", 0);
    return quietly(Pa_Initialize);
}

static void pa_stop(void)
{
    quietly(Pa_Terminate);
}

static int on_audio(const void *in, void *out, unsigned long frames,
                    const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *user)
{
    (void)in, (void)time;
    ctl *c = user;
    if (flags & paOutputUnderflow)
        atomic_fetch_add_explicit(&c->underflows, 1, memory_order_relaxed);
    mixer_render(c->mx, out, (unsigned)frames);
    if (atomic_load_explicit(&c->first_sound, memory_order_relaxed) == 0.0) {
        const float *f = out;
        for (unsigned long i = 0; i < frames * (unsigned long)c->channels; i++)
            if (f[i] != 0.0f) {
                /* clock_gettime reads the vDSO clock: no lock, no system call */
                atomic_store_explicit(&c->first_sound, now_s(), memory_order_relaxed);
                break;
            }
    }
    return paContinue;
}

/* The output device: the default, or the one whose name is (or contains) want. */
static PaDeviceIndex find_output(const char *want, coach_diags *diags)
{
    PaDeviceIndex d = device_find(want, false);
    if (d == paNoDevice && !want)
        coach_diags_add(diags, NULL, 0, 0,
                        "no sound output device found; use --out FILE.wav to render the session to a file");
    else if (d == paNoDevice)
        coach_diags_add(diags, NULL, 0, 0,
                        "no output device is called '%s'; 'coach devices' lists them, and --out FILE.wav renders to a file",
                        want);
    return d;
}

static void begin(ctl *c);

static coach_err run_live(ctl *c, mixer **mx_out, coach_diags *diags)
{
    if (pa_start() != paNoError) {
        coach_diags_add(diags, NULL, 0, 0,
                        "the audio system could not start; use --out FILE.wav to render the session to a file");
        return COACH_ERR_UNAVAILABLE;
    }
    coach_err err = COACH_OK;
    PaStream *stream = NULL;
    PaDeviceIndex dev = find_output(c->cfg->device, diags);
    if (dev == paNoDevice) {
        pa_stop();
        return COACH_ERR_UNAVAILABLE;
    }
    const PaDeviceInfo *info = Pa_GetDeviceInfo(dev);
    int channels = info->maxOutputChannels >= 2 ? 2 : 1;
    /* 40 ms of output buffering at least: a coach gains nothing from less,
     * and a busy two-core machine runs short at ~10 ms */
    double latency = info->defaultLowOutputLatency > 0.04 ? info->defaultLowOutputLatency : 0.04;
    PaStreamParameters p = {dev, channels, paFloat32, latency, NULL};
    if (Pa_IsFormatSupported(NULL, &p, RATE) != paFormatIsSupported) {
        coach_diags_add(diags, NULL, 0, 0,
                        "the output device '%s' cannot play at %d Hz; choose another with --device, or use --out FILE.wav",
                        info->name, RATE);
        pa_stop();
        return COACH_ERR_UNAVAILABLE;
    }
    c->channels = channels;
    mixer *mx = mixer_create(channels);
    if (!mx) {
        pa_stop();
        return COACH_ERR_NOMEM;
    }
    *mx_out = mx;
    c->mx = mx;
    begin(c); /* the opening is posted at frame 0, before the first callback */
    advance_to(c, (uint64_t)(LOOKAHEAD_S * RATE));
    PaError pe = Pa_OpenStream(&stream, NULL, &p, RATE, LIVE_BUFFER, paNoFlag, on_audio, c);
    if (pe == paNoError)
        pe = Pa_StartStream(stream);
    if (pe != paNoError) {
        coach_diags_add(diags, NULL, 0, 0,
                        "the output device '%s' could not be opened (%s); use --out FILE.wav to render the session to a file",
                        info->name, Pa_GetErrorText(pe));
        if (stream)
            Pa_CloseStream(stream);
        pa_stop();
        return COACH_ERR_UNAVAILABLE;
    }
    fprintf(stderr, "coach: playing on %s\n", info->name);
    if (c->cfg->keys)
        fprintf(stderr, "coach: keys: space pause/resume, s skip, e easier, h harder, r repeat, "
                        "0-9 pain, y/n answer, q stop, ? help\n");
    const PaStreamInfo *si = Pa_GetStreamInfo(stream);
    c->latency = si ? si->outputLatency : 0;
    uint64_t lookahead = (uint64_t)(LOOKAHEAD_S * RATE);
    if (c->cfg->listen) {
        coach_diags *md = coach_diags_create();
        asr_config ac = asr_config_default();
        ac.context = c->prog.context ? c->prog.context : COMMAND_SESSION;
        coach_err me = mic_open(c->cfg->mic_device, &ac, &c->mic, md);
        if (me) {
            fprintf(stderr, "coach: ");
            coach_diags_print(md, stderr);
            fprintf(stderr, "coach: voice commands are off for this session; the keys still work\n");
        } else {
            /* the microphone hears now what the speaker plays now: the
             * frames rendered an output latency ago */
            uint64_t played = to_frames(c->latency);
            c->mic_origin = mixer_frames(mx) > played ? mixer_frames(mx) - played : 0;
            fprintf(stderr, "coach: listening on %s\n", mic_name(c->mic));
        }
        coach_diags_destroy(md);
    }
    /* the stream's clock: when the frames played last moved */
    uint64_t last_frames = mixer_frames(mx);
    double last_moved = now_s();
    bool stalled = false;
    for (;;) {
        if (c->cfg->tick && !c->cfg->tick(c->cfg->tick_ctx))
            break; /* asked to stop */
        uint64_t horizon = mixer_frames(mx) + lookahead;
        mic_utterance u;
        while (c->mic && mic_poll(c->mic, &u))
            if (u.text[0])
                queue_push(c, horizon, c->mic_origin + to_frames(u.start),
                           c->mic_origin + to_frames(u.end), u.text, u.rejected);
        for (int k; c->cfg->read_key && (k = c->cfg->read_key(c->cfg->key_ctx)) >= 0;) {
            const char *phrase = c->prog.key ? c->prog.key(c->prog.self, k)
                                             : command_key(k, c->prog.paused(c->prog.self));
            if (phrase)
                queue_push(c, horizon, horizon, horizon, phrase, NULL)->typed = true;
        }
        advance_to(c, horizon);
        reclaim(c);
        if (c->prog.done(c->prog.self) && mixer_active(mx) == 0)
            break;
        /* nothing planned is an error, unless the program only waits for
         * the user (a menu or a kiosk idling) */
        if (!c->prog.done(c->prog.self) && next_due(c) == UINT64_MAX &&
            !(c->prog.idle && c->prog.idle(c->prog.self))) {
            coach_diags_add(diags, NULL, 0, 0, "internal: the session stopped planning before its end");
            err = COACH_ERR_INTERNAL;
            break;
        }
        if (Pa_IsStreamActive(stream) != 1) {
            coach_diags_add(diags, NULL, 0, 0,
                            "the sound output '%s' stopped during the session", info->name);
            err = COACH_ERR_UNAVAILABLE;
            break;
        }
        /* a killed sound server ends the stream (above); one that hangs,
         * or a device that stops taking samples, leaves it "active" with
         * its callback never called: its clock stands still. Before the
         * first callback, allow for a slow start (a null sink's stream
         * may take ~2 s, GUIDE §9) */
        uint64_t played = mixer_frames(mx);
        double t = now_s();
        if (played != last_frames) {
            last_frames = played;
            last_moved = t;
        } else if (c->cfg->watch_stall &&
                   t - last_moved > (played ? PLAYER_STALL_S : 5 * PLAYER_STALL_S)) {
            coach_diags_add(diags, NULL, 0, 0,
                            "the sound output '%s' stopped responding during the session",
                            info->name);
            err = COACH_ERR_UNAVAILABLE;
            stalled = true;
            break;
        }
        Pa_Sleep(5);
    }
    if (c->mic)
        c->mic_overruns = mic_overruns(c->mic);
    mic_close(c->mic);
    c->mic = NULL;
    if (stalled) {
        Pa_AbortStream(stream); /* nothing is coming out: do not wait for it */
    } else {
        Pa_Sleep((long)(1000 * info->defaultLowOutputLatency) + 50); /* let the last sound out */
        Pa_StopStream(stream);
    }
    Pa_CloseStream(stream);
    pa_stop();
    reclaim(c);
    return err;
}

static uint64_t measure_cb(void *ctx, const char *text, int rate)
{
    return tts_measure(ctx, text, rate, RATE);
}

/* Makes the mixer's gain the session's volume and plans the opening. */
static void begin(ctl *c)
{
    mixer_set_gain(c->mx, volume_gain(start_volume(c->cfg)), 0);
    c->prog.start(c->prog.self, 0);
    sounds_prerender_counts(c->snd, c->rate);
}

coach_err player_run(const player_config *cfg, player_report *report, coach_diags *diags)
{
    memset(report, 0, sizeof *report);
    double t0 = now_s();
    tts *voice = NULL;
    sounds *snd = NULL;
    mixer *mx = NULL;
    ctl c;
    memset(&c, 0, sizeof c);
    c.cfg = cfg;
    atomic_init(&c.underflows, 0);
    atomic_init(&c.first_sound, 0.0);
    tts_config tc = tts_config_default();
    tc.voice = cfg->voice ? cfg->voice : cfg->routine ? routine_get_settings(cfg->routine)->voice : NULL;
    coach_err err = tts_create(&tc, &voice, diags);
    if (err)
        return err;
    int rate = cfg->rate > 0          ? cfg->rate
               : cfg->routine ? routine_get_settings(cfg->routine)->rate
                              : PLAYER_DEFAULT_RATE;
    c.rate = rate;
    err = sounds_create(voice, RATE, rate, cfg->earcon_dir, &snd, diags);
    if (!err && cfg->make) {
        err = cfg->make(cfg->make_ctx, measure_cb, voice, &c.prog);
    } else if (!err) {
        session_config sc = session_config_default();
        sc.routine = cfg->routine;
        sc.rate = cfg->rate;
        sc.volume = cfg->volume;
        sc.measure = measure_cb;
        sc.measure_ctx = voice;
        sc.find_routine = cfg->find_routine;
        sc.find_ctx = cfg->find_ctx;
        sc.keys = cfg->keys;
        sc.detail = cfg->detail;
        if (cfg->last.has)
            sc.last = cfg->last;
        session *s = NULL;
        err = session_create(&sc, &s);
        if (!err)
            c.prog = session_program(s);
    }
    c.snd = snd;
    if (!err && cfg->listen) {
        c.sv = selfvoice_create(to_frames(ECHO_LEAD_S), to_frames(ECHO_TAIL_S));
        if (!c.sv)
            err = COACH_ERR_NOMEM;
        else if (cfg->backend != PLAYER_LIVE && cfg->in_path) {
            asr_config ac = asr_config_default();
            ac.context = c.prog.context ? c.prog.context : COMMAND_SESSION;
            err = asr_create(&ac, &c.rec, diags);
        }
    }
    if (!err && cfg->backend != PLAYER_LIVE) {
        mx = c.mx = mixer_create(1);
        if (!mx) {
            err = COACH_ERR_NOMEM;
        } else {
            begin(&c);
            err = run_file(&c, diags);
        }
    } else if (!err) {
        err = run_live(&c, &mx, diags);
    }
    if (mx) {
        /* the audio thread has stopped: every clip comes back, played or
         * not (a run stopped early leaves clips posted ahead of the clock) */
        audio_clip *clip;
        while (mixer_take_any(mx, &clip))
            sounds_release(snd, clip);
        mixer_stats st = mixer_get_stats(mx);
        report->seconds = (double)mixer_frames(mx) / RATE;
        report->late = st.late;
        report->dropped = st.dropped;
        report->limited = st.limited;
    }
    report->underflows = atomic_load(&c.underflows);
    double first = atomic_load(&c.first_sound);
    if (first > 0 && cfg->launch_time > 0)
        report->first_sound = first + c.latency - cfg->launch_time;
    report->output_latency = c.latency;
    report->input_seconds = (double)c.heard / CAPTURE_RATE;
    report->heard = c.n_heard;
    report->rejected = c.n_rejected;
    report->mic_overruns = c.mic_overruns;
    if (snd) {
        uint64_t hits, made;
        sounds_stats(snd, &hits, &made);
        report->cache_hits = hits;
        report->clips_made = made;
    }
    report->wall_seconds = now_s() - t0;
    if (c.prog.destroy)
        c.prog.destroy(c.prog.self);
    asr_destroy(c.rec);
    selfvoice_destroy(c.sv);
    mixer_destroy(mx);
    sounds_destroy(snd);
    tts_destroy(voice);
    return err;
}

coach_err player_list_devices(FILE *f, coach_diags *diags)
{
    if (pa_start() != paNoError) {
        coach_diags_add(diags, NULL, 0, 0, "the audio system could not start");
        return COACH_ERR_UNAVAILABLE;
    }
    fprintf(f, "Output devices:\n");
    if (!device_print(f, false))
        fprintf(f, "  none: 'coach run ROUTINE --out FILE.wav' renders a session to a file\n");
    fprintf(f, "Input devices:\n");
    if (!device_print(f, true))
        fprintf(f, "  none\n");
    pa_stop();
    return COACH_OK;
}
