/* pacall.h: the PortAudio calls that can wait on a sound server, bounded
 * in time. A sound server that is stuck (stopped, swapped out, deadlocked)
 * rather than gone makes PortAudio wait for ever: in Pa_Initialize while
 * its ALSA plugin connects, in Pa_StopStream while it joins a callback
 * thread that polls a server that never answers. Each call here runs in a
 * thread of its own and is waited for at most PACALL_LIMIT_S; one that
 * does not return by then is left behind, and PortAudio is "stuck" for the
 * rest of the process: every later call returns paTimedOut at once, since
 * PortAudio's state is not safe to touch while a call is still inside it.
 * A process whose PortAudio is stuck can only end (a kiosk under systemd
 * is started again). Not for the audio callback. */
#ifndef COACH_PACALL_H
#define COACH_PACALL_H

#include <portaudio.h>
#include <stdbool.h>

/* How long a call may take: many times what starting PortAudio takes
 * with a PulseAudio server, even under the sanitizers on a busy machine. */
#define PACALL_LIMIT_S 10

/* Pa_Initialize. */
PaError pacall_initialize(void);
/* Pa_Terminate; nothing once PortAudio is stuck. */
void pacall_terminate(void);
/* Pa_IsFormatSupported. */
PaError pacall_format_supported(const PaStreamParameters *in, const PaStreamParameters *out,
                                double rate);
/* Pa_OpenStream (with paNoFlag); *stream is set only when it returned. */
PaError pacall_open(PaStream **stream, const PaStreamParameters *in,
                    const PaStreamParameters *out, double rate, unsigned long frames,
                    PaStreamCallback *callback, void *user);
/* Pa_StartStream. */
PaError pacall_start(PaStream *stream);
/* Pa_StopStream (the sound queued plays out), or Pa_AbortStream when abort. */
PaError pacall_stop(PaStream *stream, bool abort);
/* Pa_CloseStream. */
PaError pacall_close(PaStream *stream);
/* True once a call has not returned in time. */
bool pacall_stuck(void);
/* The sentence for a user once PortAudio is stuck. */
const char *pacall_stuck_text(void);

#endif
