/* aec_webrtc.h: webrtc-audio-processing's echo canceller (Debian 12's 0.3:
 * the AEC of WebRTC's audio processing module, with its non-linear
 * suppressor), behind a C interface, so that aec.c can measure it against
 * speexdsp's on the same rooms. Built only with -DCOACH_AEC_WEBRTC=ON (a
 * measuring build; docs/recognition.md); aec.c uses it when the
 * environment says COACH_AEC=webrtc. 16 kHz mono, 10 ms frames. */
#ifndef COACH_AEC_WEBRTC_H
#define COACH_AEC_WEBRTC_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct aec_webrtc aec_webrtc;

/* A canceller with its extended filter and delay-agnostic mode (it finds
 * the echo's delay itself) and the given suppression level (0 low, 1
 * moderate, 2 high). NULL on failure. */
aec_webrtc *aec_webrtc_create(int level);
/* Frees it; accepts NULL. */
void aec_webrtc_destroy(aec_webrtc *w);
/* One 160-sample frame: ref is what played, mic what was heard; out (may
 * be mic) the microphone with the echo taken out. 0 on success. */
int aec_webrtc_frame(aec_webrtc *w, const int16_t *mic, const int16_t *ref, int16_t *out);

#ifdef __cplusplus
}
#endif

#endif
