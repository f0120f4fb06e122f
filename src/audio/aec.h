/* aec.h: echo cancelling against the exact playback. The coach knows every
 * sample it plays; speexdsp's echo canceller (MDF, a frequency-domain
 * adaptive filter) learns the room's path from that reference to the
 * microphone and subtracts its estimate, so the recogniser hears the user
 * over the coach. 16 kHz mono, 10 ms frames; the output lags the input by
 * a frame and a part (speexdsp's preprocessor, run after the filter with
 * its suppression off, gives back the frame before; its measures below
 * pair each frame of residual with the microphone's next frame:
 * docs/recognition.md). After it, an echo gate
 * lowers what is left of the echo further (not a voice over it). It
 * measures itself: the echo return loss enhancement (ERLE: how much
 * quieter the echo is after the filter, before the gate) and when it
 * converged. */
#ifndef COACH_AEC_H
#define COACH_AEC_H

#include <stdbool.h>
#include <stddef.h>

typedef struct aec aec;

/* What it measured. ERLE is taken only over stretches where the reference
 * plays and the microphone hears mostly echo (energy of mic over residual,
 * 10 ms frames summed, after convergence). */
typedef struct aec_stats {
    double erle_db;         /* over the run, after convergence; 0 when never */
    double converged_s;     /* seconds of playback until ERLE first held 15 dB over 1 s; -1 never */
    const char *name;       /* the canceller: "speexdsp", or in a measuring build "webrtc..." */
    unsigned long long clipped; /* microphone samples at full scale: a clipped echo cannot be cancelled */
    double worse_s;         /* seconds of playback when the residual was louder than the microphone (the path jumped) */
    /* how much louder the coach's echo is at the microphone than the
     * user's voice (aec_note_voice), dB at their active levels, over the
     * last `voices` utterances (median); voices is 0 when not known (no
     * voice noted, or under a second of echo after convergence) */
    double echo_over_voice_db;
    int voices;
    /* seconds of playback during which the coach's echo was not heard at
     * the microphone (its level rose less than 1 dB while the coach
     * played: headphones, a far or quiet speaker); then there is nothing to
     * cancel, and aec_converged_at vouches for what it hears */
    double inaudible_s;
} aec_stats;

/* An echo canceller for echoes up to tail_s seconds long (delay plus
 * reverberation). NULL when out of memory. */
aec *aec_create(double tail_s);
/* Frees it; accepts NULL. */
void aec_destroy(aec *a);
/* The echo gate after the canceller (docs/recognition.md) is on from the
 * start for speexdsp's canceller; off, the residual is handed on as the
 * canceller left it (for measuring what the gate does). */
void aec_set_gate(aec *a, bool on);
/* mic and ref (the playback, aligned with the microphone's clock): n
 * samples each; writes to out how many samples of residual are ready
 * (whole frames; returns that count, at most n + one frame). */
size_t aec_process(aec *a, const float *mic, const float *ref, size_t n, float *out,
                   size_t out_cap);
/* The playback's alignment with the microphone was just moved, or some
 * of the playback went missing (silence stands in for it): the echo's
 * path changed, and what the canceller learnt is out until it learns
 * again. For the next second of playback it does not count as cancelling well
 * (aec_converged_at), so that the echo leaking meanwhile is never taken
 * for a user talking over the coach. */
void aec_path_moved(aec *a);
/* True when, just before t_s (seconds of its output), it had converged
 * (ERLE held 15 dB over a second of playback) and still cancelled well (15
 * dB over about the last second), or the coach's echo was not heard at the
 * microphone at all (aec_stats.inaudible_s): the state an utterance
 * starting then is judged by (the user's own voice, talking over the
 * coach, makes the cancelling after it look poor). False when that moment
 * is no longer remembered. */
bool aec_converged_at(const aec *a, double t_s);
/* True when, just before t_s, the coach's echo was not heard at the
 * microphone (aec_stats.inaudible_s); false when that moment is no
 * longer remembered. */
bool aec_inaudible_at(const aec *a, double t_s);
/* How much of what the microphone heard from start_s to end_s (seconds of
 * its output) is left after cancelling: residual over microphone energy
 * (or over the echo's level of the last moments, when that is louder: the
 * late tail of a sentence, which no filter cancels, then counts as the
 * little it is), in dB. Echo alone leaves about -ERLE; a user talking over
 * the echo leaves their share (a user 6 dB under the echo: about -7 dB).
 * False when that stretch is no longer remembered (the last 20 s are). */
bool aec_residual_db(const aec *a, double start_s, double end_s, double *db);
/* The same over the 100 ms of that stretch that left the most (the whole
 * stretch when it is shorter), and counting only what stood over the
 * residual's floor (a steady noise), and nothing of frames the canceller
 * made louder than the microphone heard, nor of the 300 ms after them (its
 * path jumped; docs/recognition.md): a voice, even under the echo, has a
 * moment where it is most of what the microphone heard; the echo alone
 * leaves little everywhere. */
bool aec_residual_peak_db(const aec *a, double start_s, double end_s, double *db);
/* Notes that the recogniser heard the user from start_s to end_s (a
 * command it took): its level at the microphone, as the canceller left it,
 * joins the figure of how much louder the coach's echo is (aec_stats).
 * Ignored when that stretch is forgotten, or the coach played during it
 * and the canceller was not cancelling well (the echo would be in it). */
void aec_note_voice(aec *a, double start_s, double end_s);
aec_stats aec_get_stats(const aec *a);

#endif
