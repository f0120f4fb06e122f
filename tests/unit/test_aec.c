/* test_aec.c: the echo canceller (speexdsp's, the real one), its echo gate
 * and the barge-in verdicts, on deterministic speech-like signals through a
 * small room: it converges; the gate takes the echo's remains down further
 * and leaves a voice over the echo whole; a voice 6 dB under the echo is
 * judged the user's, the echo alone the coach's own; a steady noise
 * under the echo never passes for the user; when the echo's path jumps,
 * what the canceller then adds is never taken for the user; a voice in a
 * gap, or one that begins in the coach's pause, is the user's; a
 * tick's reverberation past the filter is not; and for a second after
 * the playback's alignment moved, nothing is. */
#include <math.h>
#include <string.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "audio/aec.h"
#include "audio/bargein.h"
#include "check.h"

enum { RATE = 16000, N = RATE * 16, BLOCK = 320 };
#define VOICE_AT 10.0 /* the voice says something from 10.0 to 10.6 s */
#define VOICE_END 10.6

static uint32_t seed;

static float noise(void)
{
    seed = seed * 1664525u + 1013904223u;
    return (float)((double)(seed >> 8) / (double)(1u << 24) - 0.5);
}

/* Noise in syllables (sounding 120-250 ms, then 60-150 ms of silence), as
 * speech comes, from sample from to sample to. */
static void syllables(float *x, size_t from, size_t to, uint32_t s)
{
    seed = s;
    size_t i = from;
    while (i < to) {
        size_t on = (size_t)(RATE * (0.12 + 0.13 * (noise() + 0.5)));
        size_t off = (size_t)(RATE * (0.06 + 0.09 * (noise() + 0.5)));
        float amp = 0.6f + 0.8f * (noise() + 0.5f);
        for (size_t k = 0; k < on && i < to; k++, i++) {
            float env = sinf((float)M_PI * (float)k / (float)on); /* no clicks */
            x[i] = amp * env * noise();
        }
        i += off;
    }
}

static double energy(const float *x, double from_s, double to_s)
{
    double e = 0;
    for (size_t i = (size_t)(from_s * RATE); i < (size_t)(to_s * RATE); i++)
        e += (double)x[i] * x[i];
    return e;
}

static double db(double ratio)
{
    return 10.0 * log10(ratio);
}

/* Runs the canceller over mic and ref in blocks, as the microphone's
 * thread does; out gets the gated residual. */
static aec *run(const float *mic, const float *ref, float *out, bool gate)
{
    aec *a = aec_create(BARGEIN_AEC_TAIL_S);
    CHECK(a != NULL);
    if (!a)
        return NULL;
    aec_set_gate(a, gate);
    size_t made = 0;
    for (size_t at = 0; at < N; at += BLOCK)
        made += aec_process(a, mic + at, ref + at, BLOCK, out + made, N + 160 - made);
    CHECK_INT(made, N);
    return a;
}

/* The coach's sound through a room: 20 ms late, two reflections, and a
 * reverberant tail from 0.2 to 0.6 s (past the canceller's 0.3 s, as in a
 * real room: what it leaves is that tail, some 30 dB down; reverb times
 * louder). */
static void room_with(const float *ref, float *echo, float reverb)
{
    enum { TAIL_FROM = 3200, TAIL_TO = 9600 };
    static float tail[TAIL_TO];
    seed = 77;
    for (size_t j = TAIL_FROM; j < TAIL_TO; j++)
        tail[j] = reverb * 0.02f * noise() * expf(-(float)(j - TAIL_FROM) / 1600.0f);
    for (size_t i = 0; i < N; i++) {
        double y = 0.5 * (i >= 320 ? ref[i - 320] : 0) + 0.25 * (i >= 560 ? ref[i - 560] : 0) -
                   0.1 * (i >= 1200 ? ref[i - 1200] : 0);
        for (size_t j = TAIL_FROM; j < TAIL_TO && j <= i; j += 8) /* sparse: cheap, and still a tail */
            y += tail[j] * ref[i - j];
        echo[i] = (float)y;
    }
}

static void room(const float *ref, float *echo)
{
    room_with(ref, echo, 1.0f);
}

/* The canceller's verdict on from_s to to_s of mic, run as the
 * microphone's thread does (with the gate), its loudest moment printed
 * after what (BARGEIN_UNKNOWN when out of memory). */
static bargein_verdict verdict_of(const float *mic, const float *ref, float *out, double from_s,
                                  double to_s, const char *what)
{
    aec *a = run(mic, ref, out, true);
    if (!a)
        return BARGEIN_UNKNOWN;
    double peak = 0;
    aec_residual_peak_db(a, from_s, to_s, &peak);
    fprintf(stderr, "%s: its loudest moment %.1f dB\n", what, peak);
    bargein_verdict v = bargein_judge(a, from_s, to_s);
    aec_destroy(a);
    return v;
}

/* The coach talking for the whole run (ref), and its echo through the room. */
static void coach_talks(float *ref, float *echo)
{
    syllables(ref, 0, N, 11);
    for (size_t i = 0; i < N; i++)
        ref[i] *= 0.5f;
    room(ref, echo);
}

/* The coach in sentences: 2 s of speech, then 1 s of quiet, from 0 s on
 * (the voice at 10.0 s falls in the sentence from 9 to 11 s). */
static void coach_sentences(float *ref)
{
    memset(ref, 0, N * sizeof *ref);
    for (double at = 0; at < 16.0; at += 3.0) {
        size_t to = (size_t)((at + 2.0) * RATE);
        syllables(ref, (size_t)(at * RATE), to < N ? to : N, (uint32_t)(61 + at));
    }
    for (size_t i = 0; i < N; i++)
        ref[i] *= 0.5f;
}

/* Runs the canceller (with its gate) over mic and ref; its stats in *st,
 * and how many of the half-second stretches of mic from from_s to to_s
 * (every 0.25 s) were judged the user's in *user. NULL when out of memory. */
static aec *run_judging(const float *mic, const float *ref, float *out, double from_s, double to_s,
                        aec_stats *st, int *user)
{
    aec *a = run(mic, ref, out, true);
    if (!a)
        return NULL;
    *st = aec_get_stats(a);
    *user = 0;
    for (double t = from_s; t + 0.5 <= to_s; t += 0.25)
        *user += bargein_judge(a, t, t + 0.5) == BARGEIN_USER;
    return a;
}

int main(void)
{
    float *ref = calloc(N, sizeof *ref), *echo = calloc(N, sizeof *echo);
    float *voice = calloc(N, sizeof *voice), *mic = calloc(N, sizeof *mic);
    float *out = calloc(N + 160, sizeof *out);
    if (!ref || !echo || !voice || !mic || !out)
        return 1;
    coach_talks(ref, echo);
    syllables(voice, (size_t)(VOICE_AT * RATE), (size_t)(VOICE_END * RATE), 23);
    /* the voice 6 dB under the echo while it speaks */
    double k = sqrt(energy(echo, VOICE_AT, VOICE_END) / energy(voice, VOICE_AT, VOICE_END) / 4.0);
    for (size_t i = 0; i < N; i++)
        mic[i] = echo[i] + (float)k * voice[i];

    /* the canceller alone */
    aec *a = run(mic, ref, out, false);
    if (!a)
        return 1;
    aec_stats st = aec_get_stats(a);
    CHECK(st.converged_s >= 0 && st.converged_s < 8.0);
    CHECK(st.erle_db >= 15.0);
    double plain = db(energy(mic, 12.0, 15.5) / energy(out, 12.0, 15.5));
    double voice_plain = energy(out, VOICE_AT, VOICE_END);
    aec_destroy(a);
    /* with the gate: the echo alone comes out at least 6 dB further down,
     * and the voice over the echo passes whole */
    a = run(mic, ref, out, true);
    if (!a)
        return 1;
    double gated = db(energy(mic, 12.0, 15.5) / energy(out, 12.0, 15.5));
    double kept = db(energy(out, VOICE_AT, VOICE_END) / voice_plain);
    double voice_left = db(energy(out, VOICE_AT, VOICE_END) / (k * k * energy(voice, VOICE_AT, VOICE_END)));
    fprintf(stderr, "ERLE %.1f dB; the echo alone %.1f dB down, %.1f with the gate; the voice over it: %.1f dB of it passes the gate, %.1f dB of it is left\n",
            st.erle_db, plain, gated, kept, voice_left);
    CHECK(gated >= plain + 6.0);
    CHECK(kept > -1.5);
    CHECK(voice_left > -2.0 && voice_left < 3.0);
    /* the verdicts */
    CHECK_INT(bargein_judge(a, VOICE_AT, VOICE_END + 0.2), BARGEIN_USER);
    /* how much louder the echo is than the voice at the microphone, at
     * their active levels (each over its sounding samples: the echo's
     * where its direct path, 20 ms late, sounds): within 1.5 dB of how it
     * was made; known only once a voice was noted */
    CHECK_INT(aec_get_stats(a).voices, 0);
    aec_note_voice(a, VOICE_AT, VOICE_END + 0.2);
    aec_stats vs = aec_get_stats(a);
    double v_sum = 0, e_sum = 0;
    size_t v_n = 0, e_n = 0;
    for (size_t i = (size_t)(VOICE_AT * RATE); i < (size_t)(VOICE_END * RATE); i++)
        if (voice[i] != 0.0f) {
            v_sum += (double)k * k * voice[i] * voice[i];
            v_n++;
        }
    for (size_t i = (size_t)(8.0 * RATE); i < N; i++)
        if ((i < (size_t)(VOICE_AT * RATE) || i >= (size_t)(VOICE_END * RATE)) && ref[i - 320] != 0.0f) {
            e_sum += (double)echo[i] * echo[i];
            e_n++;
        }
    double made = db((e_sum / (double)e_n) / (v_sum / (double)v_n));
    fprintf(stderr, "the echo over the voice at the microphone: %+.1f dB (made %+.1f dB)\n",
            vs.echo_over_voice_db, made);
    CHECK_INT(vs.voices, 1);
    CHECK(fabs(vs.echo_over_voice_db - made) < 1.5);
    /* the echo alone: never the user's, and mostly said to be the coach's
     * (just after the voice, the cancelling looks poor for a while and
     * the half-duplex gate decides) */
    int echo_n = 0, echo_user = 0, echo_own = 0;
    for (double t = 8.0; t < 15.5; t += 0.25)
        if (t + 0.5 <= VOICE_AT || t >= VOICE_END + 0.3) {
            bargein_verdict v = bargein_judge(a, t, t + 0.5);
            echo_n++;
            echo_user += v == BARGEIN_USER;
            echo_own += v == BARGEIN_ECHO;
        }
    CHECK_INT(echo_user, 0);
    CHECK(echo_own * 10 >= echo_n * 7);
    aec_destroy(a);

    /* counting with a steady noise all along: from 9 s the coach says a
     * short word every 2 s, and a noise 20 dB under its echo fills the
     * silences between; the echo's level falls while it is silent, and
     * what is left (the noise) must not then pass for a voice: the echo's
     * stretches are never the user's, and the voice still is */
    for (size_t i = (size_t)(9.0 * RATE); i < N; i++)
        ref[i] = 0;
    for (double w = 9.0; w < 16.0; w += 2.0) {
        syllables(ref, (size_t)(w * RATE), (size_t)((w + 0.3) * RATE), (uint32_t)(31 + w));
        for (size_t i = (size_t)(w * RATE); i < (size_t)((w + 0.3) * RATE); i++)
            ref[i] *= 0.5f;
    }
    room(ref, echo);
    double en = energy(echo, 0, 9.0) / 9.0, nn = 0;
    seed = 5;
    float *floor_noise = calloc(N, sizeof *floor_noise);
    if (!floor_noise)
        return 1;
    for (size_t i = 0; i < N; i++) {
        floor_noise[i] = noise();
        nn += (double)floor_noise[i] * floor_noise[i];
    }
    double kn = sqrt(en / (nn / 16.0) / 100.0);
    for (size_t i = 0; i < N; i++)
        mic[i] = echo[i] + (float)k * voice[i] + (float)kn * floor_noise[i];
    a = run(mic, ref, out, true);
    if (!a)
        return 1;
    int user = 0, judged = 0;
    for (double t = 8.5; t < 15.0; t += 0.25)
        if (t + 1.0 <= VOICE_AT || t >= VOICE_END + 0.3) {
            bargein_verdict v = bargein_judge(a, t, t + 1.0);
            judged += v != BARGEIN_UNKNOWN;
            user += v == BARGEIN_USER;
        }
    CHECK(judged > 15);
    CHECK_INT(user, 0);
    CHECK_INT(bargein_judge(a, VOICE_AT, VOICE_END + 0.2), BARGEIN_USER);
    aec_destroy(a);

    /* the path jumps at 9 s (the sound server's buffers moved: the echo
     * comes 1, 10 or 30 ms later than the canceller learnt, and it adds
     * to what it hears until it has learnt again): stretches of the echo
     * alone, starting before the jump or after it, are never the user's */
    coach_talks(ref, echo);
    float *late = calloc(N, sizeof *late), *echo_late = calloc(N, sizeof *echo_late);
    if (!late || !echo_late)
        return 1;
    const size_t jumps[] = {16, 160, 480};
    for (size_t j = 0; j < sizeof jumps / sizeof jumps[0]; j++) {
        for (size_t i = 0; i < N; i++)
            late[i] = i >= jumps[j] ? ref[i - jumps[j]] : 0;
        room(late, echo_late);
        for (size_t i = 0; i < N; i++)
            mic[i] = (i < 9 * RATE ? echo[i] : echo_late[i]) + (float)kn * floor_noise[i];
        a = run(mic, ref, out, true);
        if (!a)
            return 1;
        int own = 0;
        user = judged = 0;
        for (double t = 8.0; t < 15.0; t += 0.1)
            for (double len = 0.3; len < 1.1; len += 0.35) {
                bargein_verdict v = bargein_judge(a, t, t + len);
                judged += v != BARGEIN_UNKNOWN;
                own += v == BARGEIN_ECHO;
                user += v == BARGEIN_USER;
            }
        aec_stats js = aec_get_stats(a);
        fprintf(stderr, "the path jumps %zu samples: %d stretches judged, %d the coach's own, %d the user's; louder after the canceller than before for %.2f s\n",
                jumps[j], judged, own, user, js.worse_s);
        CHECK(judged > 20 && own > 0); /* before the jump it still judges */
        CHECK_INT(user, 0);
        CHECK(js.worse_s > 0.3);
        aec_destroy(a);
    }
    /* a voice in a gap, 1.5 s after the coach stopped, as real speech
     * comes: a faint 20 ms burst (a "k"), 40 ms of closure, then syllables
     * that stop short. The canceller's output lags its input by a frame,
     * so where a sound stops, a frame of residual is louder than its own
     * frame of microphone; that is no sign of a canceller adding to the
     * echo where there is no echo: the voice is the user's */
    coach_talks(ref, echo);
    for (size_t i = (size_t)(9.0 * RATE); i < N; i++)
        ref[i] = 0;
    room(ref, echo);
    memset(voice, 0, N * sizeof *voice);
    seed = 41;
    for (size_t i = (size_t)(10.5 * RATE); i < (size_t)(10.52 * RATE); i++)
        voice[i] = 0.03f * noise();
    for (size_t i = (size_t)(10.56 * RATE); i < (size_t)(11.2 * RATE); i++) {
        size_t in = (i - (size_t)(10.56 * RATE)) % (RATE / 8); /* 125 ms, the last 40 ms silent */
        voice[i] = in < RATE / 8 - 640 ? 0.3f * noise() : 0.0f;
    }
    for (size_t i = 0; i < N; i++)
        mic[i] = echo[i] + voice[i] + (float)kn * floor_noise[i];
    a = run(mic, ref, out, true);
    if (!a)
        return 1;
    CHECK_INT(bargein_judge(a, 10.49, 11.4), BARGEIN_USER);
    aec_destroy(a);

    /* a voice that begins in a pause of the coach's (12.0 to 12.4 s) as
     * "skip" does: a first frame at half the echo's level, a second one
     * 4 dB softer, then the vowel at four times the echo's level, for 280
     * ms in all. Where the second frame falls, the residual (the first
     * frame's, lagging) is louder than that frame of microphone: compared
     * with its own frame instead, that passed for the canceller's doing,
     * the vowel was left out with the 300 ms after, and what was left was
     * the first frame against the echo's level (-13 dB): unsure, and the
     * half-duplex gate set "skip" aside (live_echo, CI, 2026-12-07) */
    coach_talks(ref, echo);
    for (size_t i = (size_t)(12.0 * RATE); i < (size_t)(12.4 * RATE); i++)
        ref[i] = 0;
    room(ref, echo);
    double e_level = energy(echo, 11.0, 12.0) / RATE; /* per sample */
    memset(voice, 0, N * sizeof *voice);
    seed = 43;
    const size_t v_at = (size_t)(12.05 * RATE), frame = RATE / 100;
    for (size_t i = v_at; i < v_at + 28 * frame; i++) {
        double level = i < v_at + frame ? 0.5 : i < v_at + 2 * frame ? 0.2 : 4.0; /* x the echo's */
        voice[i] = (float)sqrt(12.0 * level * e_level) * noise(); /* noise(): variance 1/12 */
    }
    for (size_t i = 0; i < N; i++)
        mic[i] = echo[i] + voice[i] + (float)kn * floor_noise[i];
    CHECK_INT(verdict_of(mic, ref, out, 12.0, 12.5, "a voice that begins in the coach's pause"), BARGEIN_USER);

    /* a tick (50 ms) after the coach has been quiet for 2 s, in a room
     * whose reverberation past the filter's 0.3 s is 10 dB louder: what
     * the microphone hears of it from 0.3 s on is left whole, and it was
     * once measured against the echo's level of the last half second,
     * which so short a sound barely moves (over -12 dB: the user's); it
     * is faint beside the tick itself, and never the user's */
    memset(ref, 0, N * sizeof *ref);
    syllables(ref, 0, 9 * RATE, 11);
    for (size_t i = 0; i < N; i++)
        ref[i] *= 0.5f;
    seed = 47;
    for (size_t i = 11 * RATE; i < 11 * RATE + RATE / 20; i++)
        ref[i] = 0.5f * noise();
    room_with(ref, echo, 3.16f);
    for (size_t i = 0; i < N; i++)
        mic[i] = echo[i] + (float)kn * floor_noise[i];
    bargein_verdict tick_v = verdict_of(mic, ref, out, 11.35, 11.65, "a tick's reverberation past the filter");
    CHECK(tick_v == BARGEIN_ECHO || tick_v == BARGEIN_UNSURE);

    /* the playback's alignment moved (mic.c moved its offset) 0.2 s
     * before the voice 6 dB under the echo: the canceller is learning
     * again, so for a second nothing is the user's, whatever it leaves
     * (the gate decides); from then on it cancels well again */
    coach_talks(ref, echo);
    memset(voice, 0, N * sizeof *voice);
    syllables(voice, (size_t)(VOICE_AT * RATE), (size_t)(VOICE_END * RATE), 23);
    for (size_t i = 0; i < N; i++)
        mic[i] = echo[i] + (float)k * voice[i];
    a = aec_create(BARGEIN_AEC_TAIL_S);
    CHECK(a != NULL);
    if (!a)
        return 1;
    size_t made_n = 0;
    for (size_t at = 0; at < N; at += BLOCK) {
        if (at == (size_t)((VOICE_AT - 0.2) * RATE))
            aec_path_moved(a);
        made_n += aec_process(a, mic + at, ref + at, BLOCK, out + made_n, N + 160 - made_n);
    }
    CHECK(aec_converged_at(a, VOICE_AT - 0.3));
    CHECK(!aec_converged_at(a, VOICE_AT));
    CHECK_INT(bargein_judge(a, VOICE_AT, VOICE_END + 0.2), BARGEIN_UNKNOWN);
    CHECK(aec_converged_at(a, 12.5));
    aec_destroy(a);

    /* headphones: the microphone hears the room's noise and the user (a
     * second of speech over the coach, from 10 s), and nothing of the coach (nor a trace 40 dB under the noise): there is
     * nothing to cancel, the canceller never converges, and the user
     * talking over the coach was once left to the half-duplex gate, which
     * set aside every command said while the coach talked (live_voice:
     * "skip" between two counts). The coach's echo is not heard, so the
     * voice over the coach is the user's */
    coach_sentences(ref);
    room(ref, echo);
    memset(voice, 0, N * sizeof *voice);
    syllables(voice, (size_t)(VOICE_AT * RATE), (size_t)((VOICE_AT + 1.0) * RATE), 23);
    for (size_t i = 0; i < N; i++)
        mic[i] = 0.3f * voice[i] + 0.01f * floor_noise[i] + 0.0001f * echo[i];
    aec_stats hs;
    a = run_judging(mic, ref, out, 0, 0, &hs, &user);
    if (!a)
        return 1;
    fprintf(stderr, "headphones: the echo not heard for %.1f s of playback; converged at %.1f s\n",
            hs.inaudible_s, hs.converged_s);
    CHECK(hs.inaudible_s > 4.0);
    CHECK(aec_converged_at(a, VOICE_AT));
    /* a second of the user's voice over the coach is not the echo coming back */
    CHECK_INT(bargein_judge(a, VOICE_AT, VOICE_AT + 1.2), BARGEIN_USER);
    aec_destroy(a);
    /* an echo as loud as the room's noise is heard: no stretch of the
     * coach's echo alone is the user's, and the gate still decides */
    double e_play = 0, n_all = 0;
    for (size_t i = 0; i < N; i++) {
        e_play += (double)echo[i] * echo[i];
        n_all += 0.0001 * floor_noise[i] * floor_noise[i];
    }
    double ke = sqrt(n_all / (e_play * 16.0 / 11.0)); /* the coach plays 11 s of the 16 */
    for (size_t i = 0; i < N; i++)
        mic[i] = (float)ke * echo[i] + 0.01f * floor_noise[i];
    a = run_judging(mic, ref, out, 3.0, 16.0, &hs, &user);
    if (!a)
        return 1;
    fprintf(stderr, "an echo as loud as the noise: not heard for %.1f s; %d stretches of it the user's\n",
            hs.inaudible_s, user);
    CHECK(hs.inaudible_s == 0.0);
    CHECK_INT(user, 0);
    aec_destroy(a);
    /* the headphones taken off at 12 s, as the coach starts a sentence:
     * its echo, 20 dB over the noise, is heard once about 2 s of the
     * coach's loud sound has passed (the sentence from 12 to 14 s, and
     * some of the next, from 15 s: this coach's syllables are sparser than
     * speech), and from then on no stretch of it is the user's; an
     * utterance of the echo that began before and ends after is not the
     * user's either. (One that begins and ends before may be: the price of
     * not taking a user's own command over the coach for the echo coming
     * back, docs/recognition.md.) */
    for (size_t i = 0; i < N; i++)
        mic[i] = (i >= 12 * RATE ? (float)(ke * 10.0) * echo[i] : 0.0f) + 0.01f * floor_noise[i];
    a = run_judging(mic, ref, out, 15.2, 16.0, &hs, &user); /* heard from 15.1 s */
    if (!a)
        return 1;
    int before = 0;
    for (double t = 12.0; t < 13.5; t += 0.05)
        before += bargein_judge(a, t, 15.5) == BARGEIN_USER;
    fprintf(stderr, "the headphones taken off: %d of the 2 stretches of the echo from 15.2 s the user's, "
            "%d of the 30 utterances to 15.5 s that began from 12 to 13.5 s\n", user, before);
    CHECK_INT(user, 0);
    CHECK_INT(before, 0);
    CHECK(aec_inaudible_at(a, 11.9) && !aec_inaudible_at(a, 15.5));
    aec_destroy(a);

    free(late);
    free(echo_late);
    free(floor_noise);
    free(ref);
    free(echo);
    free(voice);
    free(mic);
    free(out);
    CHECK_DONE();
}
