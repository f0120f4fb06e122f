/* player.c: the control loop, the file backend and the PortAudio backend. */
#include "player.h"

#include <alsa/asoundlib.h>
#include <fcntl.h>
#include <unistd.h>
#include <portaudio.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../asr/asr.h"
#include "../core/defaults.h"
#include "capture.h"
#include "device.h"
#include "pacall.h"
#include "level.h"
#include "mic.h"
#include "mixer.h"
#include "aec.h"
#include "bargein.h"
#include "room.h"
#include "sounds.h"
#include "wavout.h"

#include <speex/speex_resampler.h>

enum { RATE = COACH_FRAME_RATE, FILE_BLOCK = 1024, LIVE_BUFFER = 256 };

static double now_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

struct player {
    player_config cfg;
    const player_client *cl;    /* during player_run */
    sounds *snd;
    mixer *mx;
    atomic_uint_fast64_t underflows;
    _Atomic double first_sound; /* when the first audible buffer was rendered */
    double latency;             /* the stream's output latency */
    uint64_t heard;             /* --in: 16 kHz samples delivered */
    int channels;
    /* listening */
    asr *rec;                   /* file and null backends: decodes --in */
    mic *mic;                   /* live: the microphone and its thread */
    /* live: the microphone is opened (its decoder loaded: seconds under a
     * sanitizer) by a thread of its own, so that the control loop goes on
     * posting sounds meanwhile; it hands the microphone over once opened */
    pthread_t opener;
    bool opening;               /* the opener was started and not yet joined */
    atomic_bool opened;         /* the opener is done: mic_new is set, or NULL */
    mic *mic_new;
    uint64_t mic_origin;        /* live: the output frame of the microphone's first sample */
    uint64_t now;               /* the frame being rendered */
    unsigned long long mic_overruns;
    /* --echo: the simulated room (NULL with --in alone: a microphone that
     * does not hear the coach, as with headphones), and the output brought
     * down to 16 kHz for it and for the canceller */
    room *room;
    SpeexResamplerState *down;
    bool behind;                /* the microphone is heard behind the render (hear_room) */
    aec *aec;                   /* echo cancelling against the playback, or NULL */
    /* live echo cancelling: the output callback hands the microphone's
     * thread what it renders, once ref_on (mic.h) */
    spsc_ring *ref;
    atomic_bool ref_on;
    atomic_uint_fast64_t ref_lost; /* blocks the ring had no room for */
    bool live_aec;              /* live: the microphone's canceller ran, and measured: */
    aec_stats live_aec_stats;
    bool prepared;              /* live: this turn made a sound ahead */
    bool ducked;                /* the coach is ducked under the user's voice */
    unsigned long long ducks;   /* times it was */
};

/* The master gain of a volume: 3 dB a step of 10 (level.h). */
static float volume_gain(int volume)
{
    return level_volume_gain(volume);
}

void player_post(player *p, const action *a)
{
    audio_clip *clip = NULL;
    if (a->type == ACTION_SAY)
        clip = sounds_speech(p->snd, a->text, a->rate);
    else if (a->type == ACTION_EARCON)
        clip = sounds_earcon(p->snd, a->earcon);
    else if (a->type == ACTION_CONTROL && a->control == CONTROL_VOLUME)
        mixer_set_gain(p->mx, volume_gain(a->value), a->frame);
    else if (a->type == ACTION_CONTROL && a->control == CONTROL_CUT)
        mixer_cut(p->mx, a->frame);
    if (clip && !mixer_play(p->mx, clip, a->frame, 1.0f))
        sounds_release(p->snd, clip); /* the ring is full: cannot happen at a sane pace */
}

/* Hands finished clips back to the sound store. */
static void reclaim(player *p)
{
    audio_clip *clip;
    while (mixer_take_done(p->mx, &clip))
        sounds_release(p->snd, clip);
}

/* True while the client has planned nothing and does not wait for the user
 * either: it stopped planning before its end (a defect). */
static bool stopped_planning(const player *p)
{
    const player_client *cl = p->cl;
    return !cl->done(cl->ctx) && cl->next_due(cl->ctx) == UINT64_MAX && !cl->idle(cl->ctx);
}

/* ---- the file backend ----------------------------------------------------------- */

static uint64_t to_frames(double seconds)
{
    return (uint64_t)(seconds * RATE + 0.5);
}

/* Ducks the coach from frame on (or lets it back up). */
static void duck(player *p, bool down, uint64_t frame)
{
    if (down == p->ducked)
        return;
    mixer_duck(p->mx, down ? BARGEIN_DUCK_GAIN : 1.0f, frame);
    p->ducked = down;
    p->ducks += down;
}

/* What the canceller's verdict makes of an utterance: the coach's own echo
 * is set aside (and is never worth a "say again"); the user's passes the
 * half-duplex gate; a command it is unsure of is left to the gate, and is
 * worth a "say again" if the gate sets it aside. */
static void apply_verdict(player_heard *h, bargein_verdict v)
{
    if (v == BARGEIN_ECHO) {
        if (!h->rejected)
            h->rejected = "the coach's own voice, after echo cancelling";
        h->unclear = false;
    } else if (v == BARGEIN_USER) {
        h->cleared = true;
    } else if (v == BARGEIN_UNSURE) {
        h->doubted = !h->rejected;
    }
}

/* The recogniser heard something in --in: it is heard at its end, as soon
 * as its end was known (never before the frame being rendered). The coach
 * comes back up from any ducking then. */
static void on_heard(void *ctx, const asr_utterance *u)
{
    player *p = ctx;
    uint64_t end = to_frames(u->end);
    uint64_t at = end > p->now ? end : p->now;
    duck(p, false, at);
    if (!u->text[0])
        return; /* a sound with no words in it */
    player_heard h = {at, to_frames(u->start), end, u->text, u->rejected, false, u->near, false};
    bargein_verdict v = bargein_judge(p->aec, u->start, u->end);
    bargein_note_voice(p->aec, u, v);
    apply_verdict(&h, v);
    p->cl->heard(p->cl->ctx, &h);
}

/* Hands the recogniser (and on_capture) n samples of the microphone. */
static void hear_block(player *p, const float *samples, size_t n)
{
    if (p->cfg.on_capture)
        p->cfg.on_capture(p->cfg.capture_ctx, p->heard, samples, n);
    if (p->rec)
        asr_feed(p->rec, samples, n, on_heard, p);
    p->heard += n;
}

/* Reads the microphone file a block ahead of the render, in lockstep, so
 * that what is heard in the next block reaches the client before it is
 * rendered; closes it (*in = NULL) at its end. */
static void hear_ahead(player *p, capture **in, uint64_t rendered)
{
    float micbuf[FILE_BLOCK / 3 + 1];
    while (*in && p->heard * 3 < rendered + FILE_BLOCK) {
        size_t got = capture_read(*in, micbuf, sizeof micbuf / sizeof micbuf[0]);
        if (got == 0) {
            if (p->rec)
                asr_finish(p->rec, on_heard, p);
            capture_close(*in);
            *in = NULL;
            break;
        }
        hear_block(p, micbuf, got);
    }
}

/* --echo, or --in with the canceller: the microphone hears what was just
 * rendered (n frames of out) through the room (none without --echo), plus
 * the user's recording while it lasts (*in is closed at its end). It runs
 * behind the render, as a real microphone does: an utterance is acted on
 * at the first frame after it is heard. */
static void hear_room(player *p, capture **in, const float *out, unsigned n)
{
    float down[FILE_BLOCK / 3 + 64], echo[FILE_BLOCK / 3 + 64], user[FILE_BLOCK / 3 + 64];
    spx_uint32_t in_len = n, out_len = sizeof down / sizeof down[0];
    speex_resampler_process_float(p->down, 0, out, &in_len, down, &out_len);
    if (p->room)
        room_process(p->room, down, echo, out_len);
    else
        memset(echo, 0, out_len * sizeof echo[0]);
    size_t got = 0;
    if (*in) {
        got = capture_read(*in, user, out_len);
        if (got < out_len) {
            capture_close(*in);
            *in = NULL;
        }
    }
    for (size_t i = 0; i < out_len; i++)
        echo[i] += i < got ? user[i] : 0.0f;
    if (!p->aec) {
        hear_block(p, echo, out_len);
        return;
    }
    float res[FILE_BLOCK / 3 + 64 + 160];
    size_t made = aec_process(p->aec, echo, down, out_len, res, sizeof res / sizeof res[0]);
    hear_block(p, res, made);
    /* barge-in's first half: the coach ducks under the user's voice until
     * what they say is decided (bargein.h) */
    bool under;
    if (bargein_duck(p->aec, p->rec, (double)p->heard / CAPTURE_RATE, &under))
        duck(p, under, p->now);
}

/* The file and null backends: renders the mixer block by block (up to the
 * next thing due), as fast as the CPU allows. */
static coach_err run_file(player *p, coach_diags *diags)
{
    const player_client *cl = p->cl;
    bool null = p->cfg.backend == PLAYER_NULL;
    wavout *f = NULL;
    coach_err err = null ? COACH_OK : wavout_open(p->cfg.out_path, RATE, &f, diags);
    if (err)
        return err;
    float buf[FILE_BLOCK];
    uint64_t rendered = 0;
    capture *in = NULL;
    if (p->cfg.in_path) {
        err = capture_open(p->cfg.in_path, &in, diags);
        if (err) {
            wavout_close(f, false, diags);
            return err;
        }
    }
    for (;;) {
        if (p->cfg.tick && !p->cfg.tick(p->cfg.tick_ctx))
            break; /* asked to stop */
        cl->advance(cl->ctx, rendered);
        reclaim(p);
        p->now = rendered;
        if (!p->behind)
            hear_ahead(p, &in, rendered);
        uint64_t target = rendered + FILE_BLOCK;
        if (!in && cl->used_up(cl->ctx) && cl->idle(cl->ctx) && mixer_active(p->mx) == 0)
            break; /* a menu waiting for a user who has said all they will */
        if (cl->done(cl->ctx)) {
            if (mixer_active(p->mx) == 0)
                break; /* the last sound has ended */
        } else {
            if (stopped_planning(p)) {
                coach_diags_add(diags, NULL, 0, 0, "internal: nothing was planned before the end");
                err = COACH_ERR_INTERNAL;
                break;
            }
            uint64_t due = cl->next_due(cl->ctx);
            if (due < target)
                target = due;
        }
        unsigned n = (unsigned)(target - rendered);
        if (n == 0)
            continue;
        mixer_render(p->mx, buf, n);
        if (p->behind) {
            p->now = target;
            hear_room(p, &in, buf, n);
        }
        if (!null && (err = wavout_write(f, buf, n, diags)) != COACH_OK)
            break;
        rendered = target;
    }
    if (p->behind && p->rec)
        asr_finish(p->rec, on_heard, p); /* the last thing the room gave back */
    capture_close(in);
    /* a render that ended, or was stopped (a signal), is a whole file;
     * one that failed leaves the earlier file as it was */
    coach_err cerr = wavout_close(f, !err, diags);
    return err ? err : cerr;
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
    return quietly(pacall_initialize);
}

static PaError terminate(void)
{
    pacall_terminate();
    return paNoError;
}

/* Stops PortAudio (nothing once it is stuck: see pacall.h). */
static void pa_stop(void)
{
    quietly(terminate);
}

/* Audio thread: hands the microphone's thread what was just rendered
 * (channel 0, from frame first, reaching the speaker at dac), for echo
 * cancelling. Copies into the ring; never blocks. */
static void hand_playback(player *c, const float *out, unsigned long frames, uint64_t first,
                          double dac)
{
    for (unsigned long done = 0; done < frames;) {
        mic_ref_block b;
        b.n = frames - done < MIC_REF_FRAMES ? (unsigned)(frames - done) : MIC_REF_FRAMES;
        b.frame = first + done;
        b.dac_time = dac > 0 ? dac + (double)done / RATE : 0.0;
        for (unsigned k = 0; k < b.n; k++)
            b.s[k] = out[(done + k) * (unsigned long)c->channels];
        if (!spsc_ring_push(c->ref, &b))
            atomic_fetch_add_explicit(&c->ref_lost, 1, memory_order_relaxed);
        done += b.n;
    }
}

static int on_audio(const void *in, void *out, unsigned long frames,
                    const PaStreamCallbackTimeInfo *time, PaStreamCallbackFlags flags, void *user)
{
    (void)in;
    player *c = user;
    if (flags & paOutputUnderflow)
        atomic_fetch_add_explicit(&c->underflows, 1, memory_order_relaxed);
    uint64_t first = mixer_frames(c->mx);
    mixer_render(c->mx, out, (unsigned)frames);
    if (atomic_load_explicit(&c->ref_on, memory_order_acquire))
        hand_playback(c, out, frames, first, time ? time->outputBufferDacTime : 0.0);
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

/* Makes the mixer's gain the starting volume and has the client plan its
 * opening. (Live, each sound is made before its turn in the control loop,
 * the counts too: nothing more is made before the first sound.) */
static void begin(player *p)
{
    mixer_set_gain(p->mx, volume_gain(p->cfg.volume), 0);
    p->cl->start(p->cl->ctx);
}

/* Live: the output stream, open and ready to start. */
typedef struct live_out {
    PaStream *stream;
    const PaDeviceInfo *info;
    PaStreamParameters params;
} live_out;

/* Starts PortAudio and finds the output device and its format; makes the
 * mixer for its channels. COACH_ERR_UNAVAILABLE with a sentence (PortAudio
 * is stopped again then). */
static coach_err open_output(player *p, live_out *lo, coach_diags *diags)
{
    if (pa_start() != paNoError) {
        if (pacall_stuck())
            coach_diags_add(diags, NULL, 0, 0, "%s", pacall_stuck_text());
        else
            coach_diags_add(diags, NULL, 0, 0,
                            "the audio system could not start; use --out FILE.wav to render the session to a file");
        return COACH_ERR_UNAVAILABLE;
    }
    PaDeviceIndex dev = find_output(p->cfg.device, diags);
    if (dev == paNoDevice) {
        pa_stop();
        return COACH_ERR_UNAVAILABLE;
    }
    lo->info = Pa_GetDeviceInfo(dev);
    int channels = lo->info->maxOutputChannels >= 2 ? 2 : 1;
    /* 100 ms of output buffering at least: a coach gains nothing from less,
     * and a busy two-core machine runs short at 40 ms */
    double latency = lo->info->defaultLowOutputLatency > COACH_OUTPUT_LATENCY_S
                         ? lo->info->defaultLowOutputLatency
                         : COACH_OUTPUT_LATENCY_S;
    lo->params = (PaStreamParameters){dev, channels, paFloat32, latency, NULL};
    if (pacall_format_supported(NULL, &lo->params, RATE) != paFormatIsSupported) {
        if (pacall_stuck())
            coach_diags_add(diags, NULL, 0, 0, "%s", pacall_stuck_text());
        else
            coach_diags_add(diags, NULL, 0, 0,
                            "the output device '%s' cannot play at %d Hz; choose another with --device, or use --out FILE.wav",
                            lo->info->name, RATE);
        pa_stop();
        return COACH_ERR_UNAVAILABLE;
    }
    p->channels = channels;
    p->mx = mixer_create(channels);
    /* about 2.7 s of playback for the microphone's thread */
    if (p->mx && p->cfg.listen && p->cfg.cancel_echo &&
        !(p->ref = spsc_ring_create(sizeof(mic_ref_block), 512))) {
        mixer_destroy(p->mx);
        p->mx = NULL;
    }
    if (!p->mx) {
        pa_stop();
        return COACH_ERR_NOMEM;
    }
    return COACH_OK;
}

/* Makes the sound of a sentence planned for the first moments. */
static void prepare_opening(void *ctx, const char *text, int rate)
{
    player *p = ctx;
    sounds_prepare(p->snd, text, rate);
}

/* The opening's maker (a thread): the sentences due in the first
 * COACH_OPENING_S. */
static void *make_opening(void *arg)
{
    player *p = arg;
    p->cl->upcoming(p->cl->ctx, to_frames(COACH_OPENING_S), prepare_opening, p);
    return NULL;
}

/* Opens and starts the stream; the opening is posted at frame 0 first, so
 * the first callback already has it. The sentences due in the first
 * COACH_OPENING_S are made meanwhile, by a thread of their own while the
 * stream opens (the control loop's first turns, on a busy machine, could
 * be late for them; made before it opened, they put the first sound 100
 * ms later), and are ready before the control loop starts. Nothing else
 * touches the client or the sounds until then. */
static coach_err start_output(player *p, live_out *lo, coach_diags *diags)
{
    begin(p);
    p->cl->advance(p->cl->ctx, (uint64_t)(COACH_LOOKAHEAD_S * RATE));
    device_sched saved;
    device_raise_begin(&saved, DEVICE_STREAM); /* the stream's threads raised, and the maker */
    pthread_t maker;
    bool making = p->cl->upcoming && pthread_create(&maker, NULL, make_opening, p) == 0;
    PaError pe = pacall_open(&lo->stream, NULL, &lo->params, RATE, LIVE_BUFFER, on_audio, p);
    if (pe == paNoError)
        pe = pacall_start(lo->stream);
    device_raise_end(&saved);
    if (making)
        pthread_join(maker, NULL);
    else if (p->cl->upcoming)
        make_opening(p);
    if (pe != paNoError) {
        if (pacall_stuck())
            coach_diags_add(diags, NULL, 0, 0, "%s", pacall_stuck_text());
        else
            coach_diags_add(diags, NULL, 0, 0,
                            "the output device '%s' could not be opened (%s); use --out FILE.wav to render the session to a file",
                            lo->info->name, Pa_GetErrorText(pe));
        if (lo->stream)
            pacall_close(lo->stream);
        pa_stop();
        return COACH_ERR_UNAVAILABLE;
    }
    fprintf(stderr, "coach: playing on %s\n", lo->info->name);
    if (p->cfg.live_note)
        fprintf(stderr, "coach: %s\n", p->cfg.live_note);
    const PaStreamInfo *si = Pa_GetStreamInfo(lo->stream);
    p->latency = si ? si->outputLatency : 0;
    return COACH_OK;
}

/* The frame the speaker plays now: the microphone hears now what was
 * rendered an output latency ago (a guess, until the streams' times say
 * better). */
static uint64_t playing_now(void *ctx)
{
    player *p = ctx;
    uint64_t played = to_frames(p->latency), rendered = mixer_frames(p->mx);
    return rendered > played ? rendered - played : 0;
}

/* Opens the microphone (the opener's thread); when it cannot, says so and
 * goes on without voice commands. */
static void *open_listening(void *arg)
{
    player *p = arg;
    coach_diags *md = coach_diags_create();
    asr_config ac = asr_config_default();
    ac.phrases = p->cfg.phrases;
    ac.n_phrases = p->cfg.n_phrases;
    mic_echo echo = {p->ref};
    mic_clock clock = {playing_now, p};
    mic *m = NULL;
    coach_err me = mic_open(p->cfg.mic_device, &ac, p->ref ? &echo : NULL, &clock, &m, md);
    if (me) {
        fprintf(stderr, "coach: ");
        coach_diags_print(md, stderr);
        fprintf(stderr, "coach: voice commands are off for this session; the keys still work\n");
    } else {
        p->mic_origin = mic_origin(m);
        if (p->ref)
            atomic_store_explicit(&p->ref_on, true, memory_order_release);
        fprintf(stderr, "coach: listening on %s (%.2f s into the session)%s\n", mic_name(m),
                (double)mixer_frames(p->mx) / RATE,
                p->ref ? ", cancelling the coach's own echo" : "");
    }
    coach_diags_destroy(md);
    p->mic_new = m;
    atomic_store_explicit(&p->opened, true, memory_order_release);
    return NULL;
}

/* Starts opening the microphone, if asked to listen, in the opener's
 * thread (made before the control loop is raised: it keeps an ordinary
 * priority, and raises the threads it makes for their roles, device.h).
 * Opens it here if no thread can be made. */
static void start_listening(player *p)
{
    if (!p->cfg.listen)
        return;
    atomic_store(&p->opened, false);
    p->mic_new = NULL;
    if (pthread_create(&p->opener, NULL, open_listening, p) == 0) {
        p->opening = true;
        return;
    }
    open_listening(p);
    p->mic = p->mic_new;
}

/* Takes over the microphone once the opener is done; with wait, waits for
 * it (its PortAudio calls are bounded, pacall.h; loading the recogniser
 * takes seconds at most, so a stop early in a session waits that long). */
static void take_listening(player *p, bool wait)
{
    if (!p->opening || (!wait && !atomic_load_explicit(&p->opened, memory_order_acquire)))
        return;
    pthread_join(p->opener, NULL);
    p->opening = false;
    p->mic = p->mic_new;
}

/* Makes the sound of one sentence planned ahead that is not ready yet
 * (one a turn: a turn never waits long for it). */
static void prepare_one(void *ctx, const char *text, int rate)
{
    player *p = ctx;
    if (!p->prepared && sounds_prepare(p->snd, text, rate))
        p->prepared = true;
}

/* One turn of the live loop: what the microphone heard, then everything
 * due within the lookahead, then one sentence's sound made ahead. */
static void live_turn(player *p)
{
    const player_client *cl = p->cl;
    uint64_t horizon = mixer_frames(p->mx) + (uint64_t)(COACH_LOOKAHEAD_S * RATE);
    take_listening(p, false);
    mic_utterance u;
    while (p->mic && mic_poll(p->mic, &u)) {
        uint64_t now = mixer_frames(p->mx);
        if (u.duck >= 0) {
            duck(p, u.duck == 1, now);
            continue;
        }
        duck(p, false, now); /* decided: the coach comes back up */
        if (!u.text[0])
            continue;
        player_heard h = {horizon, u.start_frame ? u.start_frame : p->mic_origin + to_frames(u.start),
                          u.end_frame ? u.end_frame : p->mic_origin + to_frames(u.end), u.text,
                          u.rejected, false, u.near, false};
        apply_verdict(&h, u.verdict);
        cl->heard(cl->ctx, &h);
    }
    cl->advance(cl->ctx, horizon);
    reclaim(p);
    if (cl->upcoming) {
        p->prepared = false;
        cl->upcoming(cl->ctx, mixer_frames(p->mx) + to_frames(COACH_PREPARE_S), prepare_one, p);
    }
}

/* The live loop: turns every 5 ms until the client is done and the last
 * sound is out, the output stops or stalls, or a stop is asked for. */
static coach_err live_loop(player *p, live_out *lo, bool *stalled, coach_diags *diags)
{
    const player_client *cl = p->cl;
    /* the stream's clock: when the frames played last moved */
    uint64_t last_frames = mixer_frames(p->mx);
    double last_moved = now_s();
    double stall_s = p->cfg.stall_s > 0 ? p->cfg.stall_s : PLAYER_STALL_S;
    for (;;) {
        if (p->cfg.tick && !p->cfg.tick(p->cfg.tick_ctx))
            return COACH_OK; /* asked to stop */
        live_turn(p);
        if (cl->done(cl->ctx) && mixer_active(p->mx) == 0)
            return COACH_OK;
        /* nothing planned is an error, unless the client only waits for the
         * user (a menu or a kiosk idling) */
        if (stopped_planning(p)) {
            coach_diags_add(diags, NULL, 0, 0, "internal: nothing was planned before the end");
            return COACH_ERR_INTERNAL;
        }
        if (Pa_IsStreamActive(lo->stream) != 1) {
            coach_diags_add(diags, NULL, 0, 0,
                            "the sound output '%s' stopped during the session", lo->info->name);
            return COACH_ERR_UNAVAILABLE;
        }
        /* a killed sound server ends the stream (above); one that hangs,
         * or a device that stops taking samples, leaves it "active" with
         * its callback never called: its clock stands still. Before the
         * first callback, allow for a slow start (a null sink's stream
         * may take ~2 s, GUIDE §9) */
        uint64_t played = mixer_frames(p->mx);
        double t = now_s();
        if (played != last_frames) {
            last_frames = played;
            last_moved = t;
        } else if (t - last_moved > (played ? stall_s : PLAYER_START_S)) {
            coach_diags_add(diags, NULL, 0, 0,
                            "the sound output '%s' stopped responding for %.0f seconds during "
                            "the session",
                            lo->info->name, played ? stall_s : PLAYER_START_S);
            *stalled = true;
            return COACH_ERR_UNAVAILABLE;
        }
        Pa_Sleep(5);
    }
}

/* The PortAudio backend, from opening the output to closing it. */
static coach_err run_live(player *p, coach_diags *diags)
{
    live_out lo = {0};
    coach_err err = open_output(p, &lo, diags);
    if (!err)
        err = start_output(p, &lo, diags);
    if (err)
        return err;
    start_listening(p);
    bool stalled = false;
    /* the control loop raised too (real-time, device.h: it only sleeps):
     * it makes each sound before its turn. After the microphone's opener
     * is made (not real-time: it raises its threads by their own roles),
     * and no thread is made until it is put back */
    device_sched saved;
    device_raise_begin(&saved, DEVICE_CONTROL);
    err = live_loop(p, &lo, &stalled, diags);
    device_raise_end(&saved);
    take_listening(p, true);
    atomic_store_explicit(&p->ref_on, false, memory_order_release);
    if (p->mic) {
        mic_stop(p->mic);
        p->mic_overruns = mic_overruns(p->mic);
        p->live_aec = mic_aec_stats(p->mic, &p->live_aec_stats);
    }
    mic_close(p->mic);
    p->mic = NULL;
    if (stalled) {
        pacall_stop(lo.stream, true); /* nothing is coming out: do not wait for it */
    } else {
        Pa_Sleep((long)(1000 * lo.info->defaultLowOutputLatency) + 50); /* let the last sound out */
        pacall_stop(lo.stream, false);
    }
    pacall_close(lo.stream);
    pa_stop();
    if (pacall_stuck()) { /* stopping waited in vain: the server is stuck */
        coach_diags_add(diags, NULL, 0, 0, "%s", pacall_stuck_text());
        err = err ? err : COACH_ERR_UNAVAILABLE;
    }
    reclaim(p);
    return err;
}

coach_err player_create(const player_config *cfg, player **out, coach_diags *diags)
{
    *out = NULL;
    player *p = calloc(1, sizeof *p);
    if (!p)
        return COACH_ERR_NOMEM;
    p->cfg = *cfg;
    atomic_init(&p->underflows, 0);
    atomic_init(&p->ref_on, false);
    atomic_init(&p->opened, false);
    atomic_init(&p->ref_lost, 0);
    atomic_init(&p->first_sound, 0.0);
    coach_err err = sounds_create(cfg->voice, RATE, cfg->rate, cfg->earcon_dir, &p->snd, diags);
    /* the file backend's microphone: through a room (--echo), or the
     * recording alone (--in: a microphone that does not hear the coach, as
     * with headphones), heard behind the render wherever a canceller runs,
     * as live; with neither a room nor a canceller, a block ahead */
    p->behind = cfg->backend != PLAYER_LIVE &&
                (cfg->echo_path || (cfg->in_path && cfg->listen && cfg->cancel_echo));
    if (!err && p->behind) {
        if (cfg->echo_path)
            err = room_open(cfg->echo_path, &p->room, diags);
        int e = 0;
        if (!err && !(p->down = speex_resampler_init(1, RATE, CAPTURE_RATE, 5, &e)))
            err = COACH_ERR_NOMEM;
        if (!err)
            speex_resampler_skip_zeros(p->down); /* the room's delay is the response's own */
        if (!err && cfg->cancel_echo && !(p->aec = aec_create(BARGEIN_AEC_TAIL_S)))
            err = COACH_ERR_NOMEM;
    }
    if (!err && cfg->listen && cfg->backend != PLAYER_LIVE && (cfg->in_path || cfg->echo_path)) {
        asr_config ac = asr_config_default();
        ac.phrases = cfg->phrases;
        ac.n_phrases = cfg->n_phrases;
        err = asr_create(&ac, &p->rec, diags);
    }
    if (!err && cfg->backend != PLAYER_LIVE && !(p->mx = mixer_create(1)))
        err = COACH_ERR_NOMEM;
    if (err) {
        player_destroy(p);
        return err;
    }
    *out = p;
    return COACH_OK;
}

void player_destroy(player *p)
{
    if (!p)
        return;
    asr_destroy(p->rec);
    room_close(p->room);
    aec_destroy(p->aec);
    if (p->down)
        speex_resampler_destroy(p->down);
    mixer_destroy(p->mx);
    spsc_ring_destroy(p->ref);
    sounds_destroy(p->snd);
    free(p);
}

int player_echo_over_voice(const player *p, double *db)
{
    *db = 0;
    if (p->aec) {
        aec_stats st = aec_get_stats(p->aec);
        *db = st.echo_over_voice_db;
        return st.voices;
    }
    return p->mic ? mic_echo_over_voice(p->mic, db) : 0;
}

/* The figures of a run, once the audio thread has stopped. */
static void fill_report(player *p, player_report *report)
{
    if (p->mx) {
        /* every clip comes back, played or not (a run stopped early leaves
         * clips posted ahead of the clock) */
        audio_clip *clip;
        while (mixer_take_any(p->mx, &clip))
            sounds_release(p->snd, clip);
        mixer_stats st = mixer_get_stats(p->mx);
        report->seconds = (double)mixer_frames(p->mx) / RATE;
        report->late = st.late;
        report->late_by = (double)st.late_by / RATE;
        report->late_at = (double)st.late_at / RATE;
        report->dropped = st.dropped;
        report->limited = st.limited;
    }
    report->underflows = atomic_load(&p->underflows);
    double first = atomic_load(&p->first_sound);
    if (first > 0 && p->cfg.launch_time > 0)
        report->first_sound = first + p->latency - p->cfg.launch_time;
    report->output_latency = p->latency;
    report->input_seconds = (double)p->heard / CAPTURE_RATE;
    report->mic_overruns = p->mic_overruns;
    if (p->aec || p->live_aec) {
        aec_stats as = p->aec ? aec_get_stats(p->aec) : p->live_aec_stats;
        report->aec = true;
        report->erle_db = as.erle_db;
        report->aec_converged_s = as.converged_s;
        report->aec_name = as.name;
        report->mic_clipped = as.clipped;
        report->aec_worse_s = as.worse_s;
        report->aec_inaudible_s = as.inaudible_s;
        report->echo_over_voice_db = as.echo_over_voice_db;
        report->voices = as.voices;
        report->ducks = p->ducks;
        report->playback_lost = atomic_load(&p->ref_lost);
    }
    sounds_counts sc;
    sounds_stats(p->snd, &sc);
    report->cache_hits = sc.hits;
    report->clips_made = sc.made;
    report->clips_ahead = sc.made_ahead;
}

coach_err player_run(player *p, const player_client *client, player_report *report,
                     coach_diags *diags)
{
    memset(report, 0, sizeof *report);
    double t0 = now_s();
    p->cl = client;
    coach_err err;
    if (p->cfg.backend != PLAYER_LIVE) {
        begin(p);
        err = run_file(p, diags);
    } else {
        err = run_live(p, diags);
    }
    fill_report(p, report);
    report->wall_seconds = now_s() - t0;
    p->cl = NULL;
    return err;
}

bool player_audio_stuck(void)
{
    return pacall_stuck();
}

coach_err player_list_devices(FILE *f, coach_diags *diags)
{
    if (pa_start() != paNoError) {
        coach_diags_add(diags, NULL, 0, 0, "%s",
                        pacall_stuck() ? pacall_stuck_text() : "the audio system could not start");
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
