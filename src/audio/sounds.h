/* sounds.h: the clips a session plays. Speech is synthesised by eSpeak NG
 * (on the thread that owns the tts), resampled to the device rate with
 * speexdsp, and made exactly as long as tts_measure says, so each clip fills
 * the time the engine planned for it. Counts and frequent sentences are
 * rendered at start-up and cached, so a count lands on its beat without
 * waiting for synthesis. Earcons are read from WAV files with libsndfile. */
#ifndef COACH_SOUNDS_H
#define COACH_SOUNDS_H

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
/* Makes the clips of the counts (0-50) at rate wpm, so that each lands on
 * its beat without any work when it is due. Call after session_start,
 * which has synthesised them. */
void sounds_prerender_counts(sounds *s, int rate);
/* A clip the mixer handed back: freed unless the cache or earcons keep it. */
void sounds_release(sounds *s, audio_clip *c);
/* Cache statistics: hits and clips synthesised. */
void sounds_stats(const sounds *s, uint64_t *hits, uint64_t *made);

#endif
