/* sounds.h: the clips a session plays. Speech is synthesised by eSpeak NG
 * (on the thread that owns the tts), resampled to the device rate with
 * speexdsp, and made exactly as long as tts_measure says, so each clip fills
 * the time the engine planned for it. Short sentences (counts, "Hold.") are
 * cached for good. Live, the player makes every sentence's clip seconds
 * before its turn (sounds_prepare), so that a sound due now needs no work.
 * Earcons are read from WAV files with libsndfile. */
#ifndef COACH_SOUNDS_H
#define COACH_SOUNDS_H

#include <stdbool.h>
#include <stdint.h>

#include "clip.h"
#include "coach/diag.h"
#include "../core/earcon.h"
#include "../tts/tts.h"

typedef struct sounds sounds;

/* Loads the earcons from earcon_dir; out_rate is the device rate. COACH_ERR_NO_INPUT when an earcon is
 * missing or unreadable. */
coach_err sounds_create(tts *voice, int out_rate, int rate, const char *earcon_dir,
                        sounds **out, coach_diags *diags);
/* Frees every clip; the mixer must have handed them all back. */
void sounds_destroy(sounds *s);
/* Earcon e's clip, or NULL. */
audio_clip *sounds_earcon(sounds *s, earcon e);
/* Speech for text at rate wpm: from the clip cache, or made now from the
 * sentence's samples (synthesised when the engine measured it; then cached
 * when short). NULL when synthesis fails. */
audio_clip *sounds_speech(sounds *s, const char *text, int rate);
/* Makes the clip of text at rate before its turn (the resampling and
 * levelling are most of a sentence's cost), so that sounds_speech then
 * hands it over at once. A few long sentences are kept ahead, the oldest
 * dropped for a new one; short ones join the cache. Call it on the thread
 * that owns the tts, after the sentence was measured. True when it made a
 * clip now; false when it was ready already, or could not be made (it is
 * then made when due). */
bool sounds_prepare(sounds *s, const char *text, int rate);
/* A clip the mixer handed back: freed unless the cache or earcons keep it. */
void sounds_release(sounds *s, audio_clip *c);

typedef struct sounds_counts {
    uint64_t hits;       /* speech found in the cache */
    uint64_t made;       /* speech clips made */
    uint64_t made_ahead; /* of which made before their turn (sounds_prepare) */
    uint64_t used_ahead; /* long sentences handed over ready */
} sounds_counts;

/* The store's counts so far. */
void sounds_stats(const sounds *s, sounds_counts *out);

#endif
