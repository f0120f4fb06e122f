/* mic.h: the live microphone. A PortAudio input stream whose callback only
 * copies blocks of samples into a lock-free ring; one recognition thread
 * takes them, resamples them to 16 kHz with speexdsp when the device cannot
 * record at that rate, cancels the coach's echo from them when given the
 * playback (mic_echo), decodes them, and passes each utterance (and each
 * change of mind about ducking the coach under the user's voice) to the
 * control thread through a second lock-free ring. PortAudio must be
 * initialised by the caller.
 *
 * Echo cancelling live: the output callback pushes every block it renders
 * (mic_ref_block), stamped with its first frame and the time it reaches the
 * speaker; each microphone block is stamped with the time it was recorded.
 * Both are PortAudio stream times on one clock, so the recognition thread
 * finds, for every microphone sample, the playback sample heard at that
 * moment, and follows the drift between the two devices' clocks. */
#ifndef COACH_MIC_H
#define COACH_MIC_H

#include <stdbool.h>
#include <stdint.h>

#include "coach/diag.h"
#include "../asr/asr.h"
#include "aec.h"
#include "bargein.h"
#include "ring.h"

typedef struct mic mic;

/* One block of the playback, as the output callback rendered it. */
enum { MIC_REF_FRAMES = 256 };
typedef struct mic_ref_block {
    uint64_t frame;     /* its first frame (48 kHz) */
    double dac_time;    /* when that frame reaches the speaker (stream time; 0: unknown) */
    unsigned n;
    float s[MIC_REF_FRAMES];
} mic_ref_block;

/* The playback for echo cancelling: a ring of mic_ref_block (the output
 * callback pushes, the recognition thread pops). */
typedef struct mic_echo {
    spsc_ring *ref;
} mic_echo;

/* The output frame the speaker is playing now, read once as the
 * microphone's stream starts: the frame its first sample is thought to
 * hear (mic_origin), used for utterances' frames without echo cancelling
 * and by the canceller while the stream times are unknown. */
typedef struct mic_clock {
    uint64_t (*playing)(void *ctx);
    void *ctx;
} mic_clock;

/* One utterance, times in seconds from the first sample captured. */
typedef struct mic_utterance {
    double start, end;
    char text[96];
    int32_t confidence;
    const char *rejected; /* NULL, or why (a static string) */
    bool near;            /* asr_utterance.near */
    bargein_verdict verdict; /* the canceller's, or BARGEIN_UNKNOWN */
    /* with echo cancelling and stream times: start and end as output frames
     * (the frames the speaker was playing then); else 0 */
    uint64_t start_frame, end_frame;
    /* not an utterance but a change of mind while one is under way: duck
     * the coach (1) or let it back up (0); -1 for an utterance */
    int duck;
} mic_utterance;

/* Opens the input device named (or containing) device, or the default one
 * (NULL), and starts listening; with echo (NULL: none), cancels the
 * playback's echo first; with clock (or NULL), notes mic_origin.
 * COACH_ERR_UNAVAILABLE with a sentence when there is
 * no input device or it cannot be opened; the recogniser's own errors as
 * asr_create gives them. */
coach_err mic_open(const char *device, const asr_config *cfg, const mic_echo *echo,
                   const mic_clock *clock, mic **out, coach_diags *diags);
/* The device's name. */
const char *mic_name(const mic *m);
/* The output frame its first sample was thought to hear (mic_clock; 0
 * without one). */
uint64_t mic_origin(const mic *m);
/* Control thread: the next utterance, if one is waiting. */
bool mic_poll(mic *m, mic_utterance *out);
/* Stops listening (the stream and the recognition thread); accepts NULL. */
void mic_stop(mic *m);
/* Stops listening and frees everything; accepts NULL. */
void mic_close(mic *m);
/* Blocks of audio lost because the recogniser fell behind. */
uint64_t mic_overruns(const mic *m);
/* Control thread, while it listens: how much louder the coach's echo is
 * than the user's voice at the microphone (aec_stats.echo_over_voice_db)
 * into *db; returns the number of the user's commands it is from (0: not
 * known yet, or no echo cancelling). */
int mic_echo_over_voice(const mic *m, double *db);
/* With echo cancelling, once mic_stop has stopped it: what the canceller
 * measured (aec.h); false without it, or while it runs. */
bool mic_aec_stats(const mic *m, aec_stats *out);

#endif
