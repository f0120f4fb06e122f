/* tts.h: speech synthesis with eSpeak NG. One tts object owns the engine
 * (eSpeak NG is not thread-safe: one thread, one tts). It synthesises text
 * in synchronous mode into PCM at eSpeak's native rate, and measures how many
 * frames a text lasts at a session's sample rate. Measuring synthesises:
 * it costs about a millisecond a cue, and it is the one way every mode
 * (dry-run, file, live) learns a cue's length, so their timelines agree. */
#ifndef COACH_TTS_H
#define COACH_TTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "coach/diag.h"

typedef struct tts tts;

typedef struct tts_config {
    const char *voice;   /* eSpeak NG voice name; NULL: "en-us" */
    int cache_entries;   /* initial size of the sentence table; 0: 1024 */
} tts_config;

/* The defaults: voice en-us, room for 1024 sentences (it grows). */
tts_config tts_config_default(void);

/* Starts eSpeak NG. COACH_ERR_UNAVAILABLE (with a sentence) when its data or
 * the voice cannot be found. Only one tts may exist at a time. */
coach_err tts_create(const tts_config *cfg, tts **out, coach_diags *diags);
/* True when voice is a name eSpeak NG lists (espeak_ListVoices): a
 * language or voice ("en-us", "en-GB-scotland"), optionally with a listed
 * variant after a '+' ("en-us+f3"); case is ignored. Anything else (a path
 * above all) is false: eSpeak NG would read it as a file. Starts eSpeak NG. */
bool tts_voice_known(const char *voice);
/* COACH_OK when tts_voice_known(voice); else bad (COACH_ERR_USAGE for a
 * command-line option, COACH_ERR_DATA for a file's value) with a problem at
 * file:line:column that names every valid voice; COACH_ERR_UNAVAILABLE when
 * eSpeak NG cannot start. */
coach_err tts_voice_check(const char *voice, const char *file, int line, int column,
                          coach_err bad, coach_diags *diags);
/* Frees it; accepts NULL. eSpeak NG itself stays started (it hangs when
 * stopped and started again in one process), ready for the next tts. */
void tts_destroy(tts *t);
/* The phonemes eSpeak NG reads in text, after the pronunciation lexicon
 * (lexicon.h), in its ASCII mnemonics ("kl'oUz"), words separated by
 * spaces, into buf (always terminated). For tests: it may change eSpeak
 * NG's state, so a session never calls it. */
void tts_phonemes(tts *t, const char *text, char *buf, size_t size);
/* eSpeak NG's output rate (22050 Hz for its standard voices). */
int tts_native_rate(const tts *t);
/* Text spoken at rate words per minute (80-450), as a new buffer of mono
 * 16-bit samples at the native rate; free it with free(). A sentence is
 * synthesised once and its samples kept (short ones for good, the rest
 * within a budget of about two minutes of speech), because eSpeak NG's output for a sentence varies with
 * what it said before. */
coach_err tts_synth(tts *t, const char *text, int rate, int16_t **pcm, size_t *n);
/* Does to eSpeak NG exactly what tts_synth(text) would, without the samples:
 * the dry run calls it for every sentence the player would fetch, so that
 * both make the same calls to eSpeak NG (which keeps state between calls)
 * and measure the same lengths. */
void tts_touch(tts *t, const char *text, int rate);
/* True when text is short enough that its samples are kept for good (and
 * the player caches its clip): at most 32 bytes. */
#define TTS_SHORT_TEXT(text) (strlen(text) <= 32)
/* The length of text spoken at rate, in frames at out_rate:
 * ceil(native samples * out_rate / native rate), from the sentence's one
 * synthesis (kept for the life of the tts). Returns 0 when synthesis fails. */
uint64_t tts_measure(tts *t, const char *text, int rate, int out_rate);

#endif
