/* asr.h: speech recognition with PocketSphinx (Debian's 0.8+5prealpha API).
 * One asr object owns one decoder, on one thread. It decodes 16 kHz mono
 * audio with a JSGF grammar generated from the command table (never a list
 * of its own), finds utterances with the decoder's voice activity detection,
 * and reports each with its start and end (seconds) and text. */
#ifndef COACH_ASR_H
#define COACH_ASR_H

#include <stddef.h>
#include <stdint.h>

#include "coach/diag.h"

typedef struct asr asr;

typedef struct asr_utterance {
    double start, end;   /* seconds from the first sample fed */
    const char *text;    /* what the grammar heard; "" when nothing */
    int32_t score;       /* the decoder's path score (log scale, higher is better) */
} asr_utterance;

typedef void (*asr_sink)(void *ctx, const asr_utterance *u);

/* Starts a decoder with the models in model_dir (NULL: Debian's
 * /usr/share/pocketsphinx/model/en-us). COACH_ERR_UNAVAILABLE with a
 * sentence when the models are missing. */
coach_err asr_create(const char *model_dir, asr **out, coach_diags *diags);
void asr_destroy(asr *a);
/* The JSGF grammar in use (generated from the command table). */
const char *asr_grammar(const asr *a);
/* Feeds n samples (16 kHz mono, float -1..1); calls sink for each utterance
 * that ends within them. */
void asr_feed(asr *a, const float *samples, size_t n, asr_sink sink, void *ctx);
/* Ends the audio: reports an utterance still open. */
void asr_finish(asr *a, asr_sink sink, void *ctx);

#endif
