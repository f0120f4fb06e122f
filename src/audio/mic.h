/* mic.h: the live microphone. A PortAudio input stream whose callback only
 * copies blocks of samples into a lock-free ring; one recognition thread
 * takes them, resamples them to 16 kHz with speexdsp when the device cannot
 * record at that rate, decodes them, and passes each utterance to the
 * control thread through a second lock-free ring. PortAudio must be
 * initialised by the caller. */
#ifndef COACH_MIC_H
#define COACH_MIC_H

#include <stdbool.h>
#include <stdint.h>

#include "coach/diag.h"
#include "../asr/asr.h"

typedef struct mic mic;

/* One utterance, times in seconds from the first sample captured. */
typedef struct mic_utterance {
    double start, end;
    char text[96];
    int32_t confidence;
    const char *rejected; /* NULL, or why (a static string) */
    bool near;            /* asr_utterance.near */
} mic_utterance;

/* Opens the input device named (or containing) device, or the default one
 * (NULL), and starts listening. COACH_ERR_UNAVAILABLE with a sentence when
 * there is no input device or it cannot be opened; the recogniser's own
 * errors as asr_create gives them. */
coach_err mic_open(const char *device, const asr_config *cfg, mic **out, coach_diags *diags);
/* The device's name. */
const char *mic_name(const mic *m);
/* Control thread: the next utterance, if one is waiting. */
bool mic_poll(mic *m, mic_utterance *out);
/* Stops listening and frees everything; accepts NULL. */
void mic_close(mic *m);
/* Blocks of audio lost because the recogniser fell behind. */
uint64_t mic_overruns(const mic *m);

#endif
