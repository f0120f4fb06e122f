/* asr.h: speech recognition with PocketSphinx (Debian's 0.8+5prealpha API).
 * One asr object owns one decoder, on one thread. It decodes 16 kHz mono
 * audio with a grammar generated from the phrases it is given (the
 * layer above owns the command table: session/commands.h), finds utterances with its own endpointer (endpoint.h), and
 * reports each with its start and end (seconds), text and confidence. */
#ifndef COACH_ASR_H
#define COACH_ASR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coach/diag.h"

typedef struct asr asr;

typedef struct asr_utterance {
    double start, end;   /* seconds from the first sample fed */
    const char *text;    /* what the grammar heard; "" when nothing */
    int32_t score;       /* the decoder's path score (log scale, higher is better) */
    /* How well the grammar's best phrase explains the sound, against free
     * phone decoding of the same sound: the difference of their acoustic
     * scores per 10 ms frame (0 or above: as well as any sequence of
     * phones; more negative: the sound is not like the phrase). */
    int32_t confidence;
    const char *rejected; /* NULL when accepted as a command phrase; else why */
    /* dB its sound stood over the background (the endpointer's floor when
     * it began), on average: a near voice stands well out, a distant one
     * or the babble of a room barely does */
    double over_floor_db;
    /* set aside as not like a command, but nearly one: a confidence within
     * asr_config.near_confidence, a command's length, and a near voice
     * (over_floor_db at least asr_config.near_over_floor_db): worth asking
     * the user to say again */
    bool near;
} asr_utterance;

/* How utterances are told from other sound (docs/recognition.md). */
typedef struct asr_config {
    const char *model_dir;   /* NULL: Debian's /usr/share/pocketsphinx/model/en-us */
    double min_seconds;      /* shorter utterances are rejected */
    double max_seconds;      /* longer ones too: commands are short ... */
    double seconds_per_word; /* ... unless heard as a phrase of more words, which
                                may last this long a word ("I've lost control
                                of my bladder") */
    int32_t min_confidence;  /* rejected below this */
    int vad_postspeech;      /* 10 ms frames of quiet that end an utterance */
    int vad_early;           /* ... or this many, when its words so far are a
                                whole phrase (0: never early) */
    double vad_threshold;    /* dB over the noise floor that start speech (src/asr/endpoint.h) */
    int denoise;             /* speexdsp noise suppression first, dB (0: off) */
    int32_t near_confidence; /* set aside under min_confidence, but not under this: nearly */
    double near_over_floor_db; /* ... and only a voice this far over the background */
    /* the "not a command" path: the probability of taking it, and of each
     * ordinary word along it (talk_word 0: no such path) */
    double talk_enter, talk_word;
    /* the phrases to listen for (required; read by asr_create only): words
     * of the dictionary, "<n>" standing for a number from zero to ten;
     * command_phrases() gives a context's */
    const char *const *phrases;
    size_t n_phrases;
} asr_config;

typedef void (*asr_sink)(void *ctx, const asr_utterance *u);

/* The measured defaults (docs/recognition.md). */
asr_config asr_config_default(void);
/* Starts the decoders. COACH_ERR_UNAVAILABLE with a sentence when the
 * models are missing; COACH_ERR_USAGE when cfg gives no phrases. */
coach_err asr_create(const asr_config *cfg, asr **out, coach_diags *diags);
void asr_destroy(asr *a);
/* The grammar in use, in JSGF notation (generated from the phrases given,
 * with the "not a command" words when that path is on). */
const char *asr_grammar(const asr *a);
/* Feeds n samples (16 kHz mono, float -1..1); calls sink for each utterance
 * that ends within them. */
void asr_feed(asr *a, const float *samples, size_t n, asr_sink sink, void *ctx);
/* True while an utterance is under way (speech has started and not yet
 * ended); *start is where it began, seconds from the first sample fed. */
bool asr_in_utterance(const asr *a, double *start);
/* Ends the audio: reports an utterance still open. */
void asr_finish(asr *a, asr_sink sink, void *ctx);

#endif
