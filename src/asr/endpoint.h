/* endpoint.h: finds where speech starts and ends in a stream of 10 ms
 * frames, by energy against a noise floor that follows the background.
 * PocketSphinx's own voice activity detection learns its floor only from
 * quiet, so background talk (babble) looks like speech that never ends;
 * this floor is the tenth percentile of the last three seconds, so a steady
 * background of any kind, voices included, becomes the floor within
 * seconds, a command spoken over it stands out, and the short pauses of one
 * person talking do not end their sentence (docs/recognition.md). */
#ifndef COACH_ENDPOINT_H
#define COACH_ENDPOINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coach/diag.h"

/* Samples in one frame at 16 kHz. */
#define ENDPOINT_FRAME 160
/* The lowest floor, in dB of 16-bit sample power (a full-scale sine is
 * about 87): about -57 dBFS, a quiet room's microphone. Speech starts only
 * start_db over it. */
#define ENDPOINT_MIN_FLOOR_DB 30.0

typedef struct endpoint_config {
    double start_db;    /* smoothed energy this far above the floor starts speech */
    double end_db;      /* ... and this far above it, or less, is quiet */
    int start_frames;   /* frames above start_db in a row that start speech */
    int end_frames;     /* quiet frames in a row that end it */
    int smooth_frames;  /* energy is averaged over this many frames */
    int floor_frames;   /* the floor is the tenth percentile of this many recent frames */
    /* a voice far louder than the speech going on (a TV, someone talking
     * across the room): jump_db over the median of that speech's last
     * second, for start_frames in a row, once it has gone on jump_after
     * frames, starts a new utterance (EP_RESTART), which ends when the
     * level is back within jump_db / 2 of that median; 0: off */
    double jump_db;
    int jump_after;
} endpoint_config;

typedef enum { EP_NONE, EP_START, EP_END, EP_RESTART } endpoint_event;

typedef struct endpoint endpoint;

/* The measured defaults: 8 dB to start, 4 dB to end, 3 frames to start, 20
 * to end, 80 ms smoothing, a 3 s floor; a voice 12 dB over speech that
 * has gone on 1.5 s starts its own utterance. */
endpoint_config endpoint_config_default(void);
/* Creates an endpointer; COACH_ERR_NOMEM or COACH_ERR_USAGE (a count below 1). */
coach_err endpoint_create(const endpoint_config *cfg, endpoint **out);
/* Frees it; accepts NULL. */
void endpoint_destroy(endpoint *e);
/* Takes the next frame (ENDPOINT_FRAME samples) and says whether speech
 * started (EP_START: it began start_frames frames ago), a louder voice
 * started over the speech going on (EP_RESTART: as EP_START; what went
 * before it was the background), or speech ended (EP_END: end_frames
 * quiet frames ago) with it. */
endpoint_event endpoint_frame(endpoint *e, const int16_t *x);
/* The level of the last frame and the floor it was measured against, dB
 * (of 16-bit sample power, smoothed as the start and end are). */
double endpoint_level(const endpoint *e);
double endpoint_floor(const endpoint *e);
/* True between EP_START and EP_END. */
bool endpoint_in_speech(const endpoint *e);
/* While in speech: the quiet frames in a row that ended with the last
 * frame (0 when it was loud, or outside speech). */
int endpoint_quiet_frames(const endpoint *e);
/* Ends the speech in progress now, as if its quiet had lasted end_frames
 * (the background is kept). */
void endpoint_end(endpoint *e);
/* Forgets the background and any speech in progress. */
void endpoint_reset(endpoint *e);

#endif
