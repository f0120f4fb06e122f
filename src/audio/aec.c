/* aec.c: speexdsp's echo canceller with its own measurements. */
#include "aec.h"

#include <math.h>
#include <speex/speex_echo.h>
#include <speex/speex_preprocess.h>
#include <stdlib.h>
#include <string.h>

#ifdef COACH_AEC_WEBRTC
#include "aec_webrtc.h"
#endif

enum { FRAME = 160, RATE16 = 16000, WINDOW = 100 /* frames: 1 s */, HISTORY = 2000 /* 20 s */ };
#define CONVERGED_DB 15.0
enum { PEAK_FRAMES = 10 }; /* aec_residual_peak_db's window: 100 ms */
enum { FLOOR_SMOOTH = 5, FLOOR_SPAN = 150 }; /* the residual's floor: 50 ms energies, their least over 1.5 s */
#define FLOOR_OVER 2.5    /* a steady noise's 10 ms frames stand up to 4 dB over that least */
#define PLAYING 1e-6    /* mean square of a reference frame that plays */
/* a frame whose residual is louder than what the microphone heard: the
 * canceller added to it (its path jumped: the sound server's buffers
 * moved, or it is learning again), and that says nothing of a user, whose
 * voice over a working canceller leaves less than the microphone heard.
 * The residual lags the microphone by a frame (aec.h): it is compared
 * with the microphone's frame before, its own (against its own frame, a
 * voice that stops or falls by over 1 dB in 10 ms, as a voice as loud as
 * the echo does between its syllables, would pass for the canceller's
 * doing, and the 300 ms after with it). Only where the microphone was
 * within 10 dB of the echo's level either way: the echo is what it heard,
 * not its faint tail, nor a voice far over it */
#define WORSE 1.26 /* +1 dB, in two frames in a row: a voice's frame may pass it by chance */
#define WORSE_NEAR 0.1
enum { WORSE_AFTER = 30 }; /* frames after one that are no evidence either (300 ms) */
/* the coach's echo at the microphone, against the user's voice there:
 * each counted at its active level (frames within 20 dB of its own loud
 * parts); the echo over frames the canceller found to be mostly echo (it
 * took out 10 dB or more), the voice over the utterances noted as the
 * user's (aec_note_voice), the median of the last VOICES */
#define ACTIVE 0.01
#define ECHO_MOSTLY 0.1
enum { VOICES = 32 };
#define FULL_SCALE 0.999f /* a microphone sample this loud was clipped, or is about to be */
#define ECHO_FALL 0.9550 /* 10^(-0.02): the echo level falls 20 dB a second (a 10 ms frame: 0.2 dB) */
/* Whether the coach's sound reaches the microphone at all (headphones, a
 * speaker far from the microphone or turned down): the microphone's level
 * while the coach plays against its level while the coach has been quiet
 * (past the filter's tail), each the median of 10 ms frame energies in dB,
 * over the last 2 s of the coach's loud sound (LOUD) and the last 10 s of
 * quiet. A user who talks in the coach's pauses moves the second little,
 * and one who says a command over the coach the first: it takes over a
 * second of voice laid over the coach's loudest stretches to raise half of
 * the last 2 s of them (with a second's worth, a median once took the
 * user's own "pause" for the echo coming back). Where playing raises it
 * less than INAUDIBLE_DB (an echo some 6 dB under the room's noise or
 * quieter), there is no echo to cancel nor to gate against: the canceller
 * vouches for what it hears as when it cancels well. Judged every 100 ms
 * of loud sound, once 2 s of it and a second of quiet are known; an echo
 * that comes back (the headphones taken off) is noticed after about 1.5
 * s of the coach's speech (bargein.c then does not trust a verdict of the
 * moment before) */
enum { LEVEL_PLAY = 200, LEVEL_QUIET = 1000, LEVEL_QUIET_MIN = 100, LEVEL_EVERY = 10 };
#define INAUDIBLE_DB 1.0
/* "playing" here: a frame of the coach's loud sound (mean square over
 * -30 dBFS: its speech, a tick; not the soft pulse of a long wait, whose
 * echo may sink under a noise the speech's stands over). At a volume so
 * low that few frames are that loud, it is seldom judged, and the
 * half-duplex gate stays */
#define LOUD 1e-3
/* The echo gate (gate_predict, gate_apply): the playback's envelope falls
 * 0.5 dB a frame once it stops (slower than the reverberation of any room
 * the filter does not cover); what the filter leaves of the echo is
 * tracked as the 80th percentile of residual over envelope (steps up 0.2
 * dB, down 0.05); a frame of residual is lowered by the share of it that
 * estimate explains twice over, at most 15 dB */
#define GATE_FALL 0.8913 /* 10^(-0.05) */
#define GATE_UP_DB 0.2
#define GATE_DOWN_DB 0.05
#define GATE_NEAR_DB 6.0  /* residual this far over the estimate is someone talking: not echo evidence */
#define GATE_OVER 2.0
#define GATE_FLOOR 0.1778f /* -15 dB */
#define GATE_PLAYING (PLAYING * 32767.0 * 32767.0 * FRAME) /* a playing frame's energy, 16-bit */

/* One frame's energies: the playback's (as given, and in 16-bit units), the
 * microphone's and the residual's before the gate (16-bit units). */
typedef struct frame_energy {
    double ref, ref16, mic, res;
} frame_energy;

struct aec {
    SpeexEchoState *st;
    SpeexPreprocessState *pre; /* residual echo suppression, fed by st */
    float mic[FRAME], ref[FRAME];
    size_t fill;
    double win_mic, win_res; /* energies of the current window of playing frames */
    int win_n;
    double sum_mic, sum_res; /* after convergence */
    long played;             /* playing frames */
    long converged_at;       /* playing frames until convergence; -1 not yet */
    double recent_mic, recent_res; /* the energies of the last second or so of playing frames */
    float h_mic[HISTORY], h_res[HISTORY]; /* each frame's energies, a ring */
    /* the echo's recent level: the mean energy of the microphone while the
     * coach plays (over about 0.5 s), falling 20 dB a second once it stops
     * (slower than any room's reverberation dies away) */
    double echo_level;
    float h_echo[HISTORY];
    /* the loudest frame the microphone heard while the coach played or
     * within the filter's tail after (its echo arrives late), falling as
     * echo_level does; once the coach stops, a frame is measured against
     * the louder of the two (heard_or_echo): the reverberation of a short
     * sound (a tick) beyond the filter's tail is faint beside the sound
     * itself, but not beside the level of the last half second, which so
     * short a sound barely moves (its echo may even arrive after it has
     * stopped playing) */
    double tail;
    long tail_frames;        /* the filter's tail, frames */
    long played_last;        /* the last playing frame; -1 none */
    float h_against[HISTORY];
    /* the residual's floor (noise, and the echo's least between words):
     * the least of its 50 ms energies over the last 1.5 s */
    float h_smooth[HISTORY];
    float h_floor[HISTORY];
    unsigned char h_good[HISTORY]; /* each frame: converged and cancelling well then */
    unsigned char h_echoing[HISTORY]; /* each frame: the coach played then, or within the filter's tail before */
    unsigned char h_worse[HISTORY]; /* each frame: the canceller added to what it heard (WORSE) */
    unsigned char h_inaudible[HISTORY]; /* each frame: the coach's echo was not heard (INAUDIBLE_DB) */
    long worse;              /* playing frames it did */
    long worse_last;         /* the last frame it did; -1 never */
    long moved_left;         /* frames still to go after the path moved (aec_path_moved) */
    bool louder_before;      /* the frame before was louder than its microphone's (one alone says nothing) */
    double gate_env;         /* the playback's envelope, 16-bit frame energy */
    double gate_left_db;     /* residual over envelope that the echo leaves (80th percentile) */
    bool gate_known;
    bool gate_on;            /* speexdsp's residual only (webrtc suppresses its own) */
    float gate_gain;         /* the last frame's */
    long frames;             /* frames processed */
    double echo_sum;         /* microphone energy of active frames that were mostly echo */
    long echo_n;
    float voice_db[VOICES];  /* the active level of each voice noted, dB (a ring) */
    long voice_n;            /* voices noted */
    unsigned long long clipped; /* microphone samples at full scale */
    float lv_play[LEVEL_PLAY], lv_quiet[LEVEL_QUIET]; /* frame levels, dB (rings; INAUDIBLE_DB) */
    long lv_play_n, lv_quiet_n;
    bool inaudible;          /* the coach's echo is not heard at the microphone */
    long inaudible_played;   /* playing frames while it was not */
#ifdef COACH_AEC_WEBRTC
    aec_webrtc *w;           /* webrtc's canceller instead (COACH_AEC=webrtc...) */
#endif
    const char *name;        /* which canceller */
};

aec *aec_create(double tail_s)
{
    aec *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    int taps = (int)(tail_s * RATE16);
    a->st = speex_echo_state_init(FRAME, taps < FRAME ? FRAME : taps);
    if (!a->st) {
        free(a);
        return NULL;
    }
    int rate = RATE16;
    speex_echo_ctl(a->st, SPEEX_ECHO_SET_SAMPLING_RATE, &rate);
    /* the preprocessor runs after the filter with its denoiser off, and so
     * (speexdsp applies none of its gains then) suppresses nothing, neither
     * noise (the recogniser's own suppression does that) nor the residual
     * echo (the echo gate below does): it only gives the residual back a
     * frame late, which the measures below pair for. Its suppression
     * switched on lost commands said over the coach (docs/recognition.md) */
    a->pre = speex_preprocess_state_init(FRAME, RATE16);
    if (!a->pre) {
        speex_echo_state_destroy(a->st);
        free(a);
        return NULL;
    }
    int off = 0;
    speex_preprocess_ctl(a->pre, SPEEX_PREPROCESS_SET_DENOISE, &off);
    speex_preprocess_ctl(a->pre, SPEEX_PREPROCESS_SET_ECHO_STATE, a->st);
    a->converged_at = -1;
    a->worse_last = -1;
    a->played_last = -1;
    a->tail_frames = (taps < FRAME ? FRAME : taps) / FRAME;
    a->gate_gain = 1.0f;
    a->gate_on = true;
    a->name = "speexdsp";
#ifdef COACH_AEC_WEBRTC
    /* the measuring build: webrtc's canceller when asked for, at its
     * suppression level (webrtc-low, webrtc, webrtc-high) */
    const char *want = getenv("COACH_AEC");
    if (want && strncmp(want, "webrtc", 6) == 0) {
        int level = strcmp(want, "webrtc-low") == 0 ? 0 : strcmp(want, "webrtc-high") == 0 ? 2 : 1;
        a->w = aec_webrtc_create(level);
        if (!a->w) {
            aec_destroy(a);
            return NULL;
        }
        a->gate_on = false;
        a->name = level == 0 ? "webrtc-low" : level == 2 ? "webrtc-high" : "webrtc";
    }
#endif
    return a;
}

void aec_destroy(aec *a)
{
    if (!a)
        return;
#ifdef COACH_AEC_WEBRTC
    aec_webrtc_destroy(a->w);
#endif
    speex_preprocess_state_destroy(a->pre);
    speex_echo_state_destroy(a->st);
    free(a);
}

static spx_int16_t to16(float x)
{
    float v = x * 32767.0f;
    return (spx_int16_t)(v > 32767.0f ? 32767 : v < -32768.0f ? -32768 : lrintf(v));
}

/* Converged once, and still cancelling well (15 dB over about the last
 * second of playback): a live path that changed (the sound server's
 * buffers, the offset moved) makes it learn again, and until it has, the
 * half-duplex gate decides. */
static bool cancelling_well(const aec *a)
{
    return a->converged_at >= 0 && a->recent_mic > a->recent_res * pow(10.0, CONVERGED_DB / 10.0);
}

/* qsort's order for floats */
static int by_value(const void *x, const void *y)
{
    float a = *(const float *)x, b = *(const float *)y;
    return (a > b) - (a < b);
}

/* The median of the last of n values written to ring (cap long, at most
 * LEVEL_QUIET). */
static float ring_median(const float *ring, long n, long cap)
{
    float v[LEVEL_QUIET];
    long k = n < cap ? n : cap;
    memcpy(v, ring, (size_t)k * sizeof *v);
    qsort(v, (size_t)k, sizeof *v, by_value);
    return k % 2 ? v[k / 2] : 0.5f * (v[k / 2 - 1] + v[k / 2]);
}

/* Judges whether the coach's echo reaches the microphone (INAUDIBLE_DB):
 * not heard only while playing leaves the microphone's level as it is in
 * the quiet; unknown counts as heard. */
static void judge_audible(aec *a)
{
    a->inaudible = a->lv_play_n >= LEVEL_PLAY && a->lv_quiet_n >= LEVEL_QUIET_MIN &&
                   ring_median(a->lv_play, a->lv_play_n, LEVEL_PLAY) <
                       ring_median(a->lv_quiet, a->lv_quiet_n, LEVEL_QUIET) + INAUDIBLE_DB;
}

/* Notes a frame's energies: a window of playing frames decides convergence. */
static void measure(aec *a, const frame_energy *en)
{
    double em = en->mic, es = en->res;
    bool playing = en->ref / FRAME >= PLAYING;
    a->echo_level = playing ? 0.98 * a->echo_level + 0.02 * em : a->echo_level * ECHO_FALL;
    a->h_mic[a->frames % HISTORY] = (float)em;
    a->h_res[a->frames % HISTORY] = (float)es;
    a->h_echo[a->frames % HISTORY] = (float)a->echo_level;
    if (playing)
        a->played_last = a->frames;
    bool echoing = a->played_last >= 0 && a->frames - a->played_last <= a->tail_frames;
    a->h_echoing[a->frames % HISTORY] = echoing;
    float level = (float)(10.0 * log10(em + 1.0));
    if (en->ref / FRAME >= LOUD) {
        a->lv_play[a->lv_play_n++ % LEVEL_PLAY] = level;
        if (a->lv_play_n % LEVEL_EVERY == 0)
            judge_audible(a);
    }
    if (playing) {
        a->inaudible_played += a->inaudible;
    } else if (!echoing) {
        a->lv_quiet[a->lv_quiet_n++ % LEVEL_QUIET] = level;
    }
    a->tail = echoing && em > a->tail * ECHO_FALL ? em : a->tail * ECHO_FALL;
    a->h_against[a->frames % HISTORY] = (float)(playing || a->tail < a->echo_level ? a->echo_level : a->tail);
    double smooth = 0, least = INFINITY;
    for (long f = a->frames; f > a->frames - FLOOR_SMOOTH && f >= 0; f--)
        smooth += a->h_res[f % HISTORY];
    a->h_smooth[a->frames % HISTORY] = (float)(smooth / FLOOR_SMOOTH);
    for (long f = a->frames; f > a->frames - FLOOR_SPAN && f >= 0; f--)
        if (a->h_smooth[f % HISTORY] < least)
            least = a->h_smooth[f % HISTORY];
    a->h_floor[a->frames % HISTORY] = (float)least;
    if (playing) {
        a->recent_mic = 0.99 * a->recent_mic + 0.01 * em;
        a->recent_res = 0.99 * a->recent_res + 0.01 * es;
    }
    a->h_good[a->frames % HISTORY] = (cancelling_well(a) && a->moved_left == 0) || a->inaudible;
    a->h_inaudible[a->frames % HISTORY] = a->inaudible;
    if (playing && a->moved_left > 0)
        a->moved_left--; /* a second of playback: its recent figures are the new path's then */
    double heard = a->frames > 0 ? a->h_mic[(a->frames - 1) % HISTORY] : 0.0; /* the residual's own */
    bool louder = es > heard * WORSE && heard > WORSE_NEAR * a->echo_level &&
                  heard < a->echo_level / WORSE_NEAR && heard > 1.0;
    if (louder && a->louder_before) {
        if (a->worse_last != a->frames - 1) { /* the first of a run: the frame before was too */
            a->h_worse[(a->frames - 1) % HISTORY] = 1;
            a->worse += playing;
        }
        a->worse_last = a->frames;
        a->worse += playing;
    }
    a->louder_before = louder;
    a->h_worse[a->frames % HISTORY] = a->worse_last >= 0 && a->frames - a->worse_last < WORSE_AFTER;
    a->frames++;
    if (!playing)
        return;
    a->played++;
    if (a->converged_at >= 0) {
        a->sum_mic += em;
        a->sum_res += es;
        if (es < ECHO_MOSTLY * em && em > ACTIVE * a->echo_level && em > 1.0) {
            a->echo_sum += em;
            a->echo_n++;
        }
        return;
    }
    a->win_mic += em;
    a->win_res += es;
    if (++a->win_n < WINDOW)
        return;
    if (a->win_mic > a->win_res * pow(10.0, CONVERGED_DB / 10.0))
        a->converged_at = a->played;
    a->win_mic = a->win_res = 0;
    a->win_n = 0;
}

/* The echo gate's estimate, frame by frame: the linear filter leaves the
 * echo some 30 dB down, which is still as loud as the soft end of a quiet
 * user's word; an utterance that starts or ends on it runs on, and the
 * decoder fits words to the echo (docs/recognition.md). What the filter
 * leaves is tracked against the playback's recent level (its envelope);
 * returns the energy of echo this frame's residual should hold (16-bit
 * units), 0 when the coach is not playing or nothing is known yet. */
static double gate_predict(aec *a, const frame_energy *en)
{
    double er = en->ref16, es = en->res;
    a->gate_env = er > a->gate_env * GATE_FALL ? er : a->gate_env * GATE_FALL;
    if (a->gate_env < GATE_PLAYING)
        return 0.0;
    double x = 10.0 * log10((es + 1.0) / a->gate_env);
    if (!a->gate_known) {
        a->gate_left_db = x;
        a->gate_known = true;
    } else if (x > a->gate_left_db + GATE_NEAR_DB) {
        a->gate_left_db += GATE_DOWN_DB; /* mostly a voice: the echo may have grown, slowly */
    } else {
        a->gate_left_db += x > a->gate_left_db ? GATE_UP_DB : -GATE_DOWN_DB;
    }
    return a->gate_env * pow(10.0, a->gate_left_db / 10.0);
}

/* The echo gate: the share of a frame of residual that the estimate
 * explains twice over is taken out (a broadband gain, at most 15 dB,
 * ramped across the frame); a voice over the echo stands well above that
 * share and passes whole. */
static void gate_apply(aec *a, spx_int16_t *e, double es, double echo)
{
    float g = 1.0f;
    if (echo > 0) {
        double keep = es > 0 ? 1.0 - GATE_OVER * echo / es : 0.0;
        g = keep > (double)GATE_FLOOR * GATE_FLOOR ? (float)sqrt(keep) : GATE_FLOOR;
    }
    for (int i = 0; i < FRAME; i++) {
        float k = a->gate_gain + (g - a->gate_gain) * (float)(i + 1) / FRAME;
        e[i] = (spx_int16_t)lrintf((float)e[i] * k);
    }
    a->gate_gain = g;
}

void aec_set_gate(aec *a, bool on)
{
#ifdef COACH_AEC_WEBRTC
    if (a->w)
        return;
#endif
    a->gate_on = on;
}

size_t aec_process(aec *a, const float *mic, const float *ref, size_t n, float *out,
                   size_t out_cap)
{
    size_t made = 0;
    for (size_t i = 0; i < n; i++) {
        a->mic[a->fill] = mic[i];
        a->ref[a->fill++] = ref[i];
        if (a->fill < FRAME)
            continue;
        spx_int16_t m[FRAME], r[FRAME], e[FRAME];
        for (int k = 0; k < FRAME; k++) {
            if (fabsf(a->mic[k]) >= FULL_SCALE)
                a->clipped++;
            m[k] = to16(a->mic[k]);
            r[k] = to16(a->ref[k]);
        }
#ifdef COACH_AEC_WEBRTC
        if (a->w) {
            if (aec_webrtc_frame(a->w, m, r, e) != 0)
                memcpy(e, m, sizeof e);
        } else
#endif
        {
            speex_echo_cancellation(a->st, m, r, e);
            speex_preprocess_run(a->pre, e);
        }
        frame_energy en = {0, 0, 0, 0};
        for (int k = 0; k < FRAME; k++) {
            en.ref += (double)a->ref[k] * a->ref[k];
            en.ref16 += (double)r[k] * r[k];
            en.mic += (double)m[k] * m[k];
            en.res += (double)e[k] * e[k];
        }
        double echo = gate_predict(a, &en);
        measure(a, &en);
        if (a->gate_on)
            gate_apply(a, e, en.res, echo);
        for (int k = 0; k < FRAME && made < out_cap; k++)
            out[made++] = (float)e[k] / 32768.0f;
        a->fill = 0;
    }
    return made;
}


void aec_path_moved(aec *a)
{
    a->moved_left = WINDOW;
}

/* The frame just before t_s (seconds of output), or the last one made;
 * -1 when it is not remembered. */
static long frame_before(const aec *a, double t_s)
{
    long f = (long)(t_s * RATE16 / FRAME) - 1;
    if (f >= a->frames)
        f = a->frames - 1;
    return f < 0 || a->frames - f > HISTORY ? -1 : f;
}

bool aec_converged_at(const aec *a, double t_s)
{
    long f = frame_before(a, t_s);
    return f >= 0 && a->h_good[f % HISTORY] != 0;
}

bool aec_inaudible_at(const aec *a, double t_s)
{
    long f = frame_before(a, t_s);
    return f >= 0 && a->h_inaudible[f % HISTORY] != 0;
}

/* The frames [*from, *to] of the stretch from start_s to end_s (seconds of
 * output); false when it is not remembered whole. */
static bool frames_of(const aec *a, double start_s, double end_s, long *from, long *to)
{
    *from = (long)(start_s * RATE16 / FRAME);
    *to = (long)(end_s * RATE16 / FRAME);
    if (*to >= a->frames)
        *to = a->frames - 1; /* an utterance may end with the last frame made */
    return *from >= 0 && *to >= *from && a->frames - *from <= HISTORY;
}

/* What frame f's residual is measured against: what the microphone heard,
 * or the echo it was hearing just before, if louder (the faint late tail
 * of the coach's sentence, which no filter cancels, is small beside the
 * sentence itself). */
static double heard_or_echo(const aec *a, long f)
{
    double heard = a->h_mic[f % HISTORY], echo = a->h_against[f % HISTORY];
    return heard > echo ? heard : echo;
}

bool aec_residual_db(const aec *a, double start_s, double end_s, double *db)
{
    long from, to;
    if (!frames_of(a, start_s, end_s, &from, &to))
        return false;
    double m = 0, r = 0;
    for (long f = from; f <= to; f++) {
        m += heard_or_echo(a, f);
        r += a->h_res[f % HISTORY];
    }
    *db = m > 0 ? 10.0 * log10((r + 1e-3) / m) : 0.0;
    return true;
}

/* What frame f left over the residual's floor (a steady noise is no one
 * talking); nothing when the canceller added to what it heard (a path that
 * jumped is no one talking either). */
static double above_floor(const aec *a, long f)
{
    if (a->h_worse[f % HISTORY])
        return 0;
    double over = a->h_res[f % HISTORY] - FLOOR_OVER * a->h_floor[f % HISTORY];
    return over > 0 ? over : 0;
}

bool aec_residual_peak_db(const aec *a, double start_s, double end_s, double *db)
{
    long from, to;
    if (!frames_of(a, start_s, end_s, &from, &to))
        return false;
    long w = to - from + 1 < PEAK_FRAMES ? to - from + 1 : PEAK_FRAMES;
    double best = -INFINITY;
    for (long first = from; first + w - 1 <= to; first++) {
        double m = 0, r = 0;
        for (long f = first; f < first + w; f++) {
            m += heard_or_echo(a, f);
            r += above_floor(a, f);
        }
        double db_w = m > 0 ? 10.0 * log10((r + 1e-3) / m) : 0.0;
        if (db_w > best)
            best = db_w;
    }
    *db = best;
    return true;
}

void aec_note_voice(aec *a, double start_s, double end_s)
{
    long from, to;
    if (!frames_of(a, start_s, end_s, &from, &to))
        return;
    double loudest = 0, echo = 0, heard = 0;
    bool echoing = false;
    for (long f = from; f <= to; f++) {
        if (a->h_res[f % HISTORY] > loudest)
            loudest = a->h_res[f % HISTORY];
        echo += a->h_echo[f % HISTORY];
        heard += a->h_mic[f % HISTORY];
        echoing = echoing || a->h_echoing[f % HISTORY];
    }
    /* what the canceller left is the voice once it cancels well, or when
     * the coach was silent (it played nothing then, nor within the
     * filter's tail before, and the echo's level had fallen away): else
     * the echo is in it too */
    if (!a->h_good[from % HISTORY] && (echoing || echo > ACTIVE * heard))
        return;
    double sum = 0;
    long n = 0;
    for (long f = from; f <= to; f++)
        if (a->h_res[f % HISTORY] > ACTIVE * loudest) {
            sum += a->h_res[f % HISTORY];
            n++;
        }
    if (n == 0 || sum <= 0)
        return;
    a->voice_db[a->voice_n++ % VOICES] = (float)(10.0 * log10(sum / n));
}

aec_stats aec_get_stats(const aec *a)
{
    aec_stats s = {0, -1, a->name, a->clipped, (double)a->worse * FRAME / RATE16, 0, 0,
                   (double)a->inaudible_played * FRAME / RATE16};
    if (a->voice_n > 0 && a->echo_n >= WINDOW) {
        s.echo_over_voice_db = 10.0 * log10(a->echo_sum / (double)a->echo_n) -
                               ring_median(a->voice_db, a->voice_n, VOICES);
        s.voices = a->voice_n < VOICES ? (int)a->voice_n : VOICES;
    }
    if (a->converged_at >= 0) {
        s.converged_s = (double)a->converged_at * FRAME / RATE16;
        if (a->sum_res > 0)
            s.erle_db = 10.0 * log10(a->sum_mic / a->sum_res);
    }
    return s;
}
