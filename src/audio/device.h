/* device.h: finding PortAudio devices by name, for the speaker and the
 * microphone alike. PortAudio must be initialised. */
#ifndef COACH_DEVICE_H
#define COACH_DEVICE_H

#include <portaudio.h>
#include <stdbool.h>
#include <stdio.h>

/* The input (a microphone) or output device called want: the one whose
 * name is exactly want, else the first whose name contains it, ignoring
 * case; the default one when want is NULL. paNoDevice when there is none. */
PaDeviceIndex device_find(const char *want, bool input);
/* Prints the input or output devices' names, one a line, indented, marking
 * the default; returns how many there are. */
int device_print(FILE *f, bool input);

/* The calling thread's scheduling and nice value, kept while it is raised. */
typedef struct device_sched {
    int policy, priority, nice;
    bool rt, niced;
} device_sched;
/* What a raised thread does:
 * - DEVICE_STREAM: it opens the streams, whose threads (PortAudio's
 *   callback thread, the ALSA PulseAudio plugin's own) inherit nice -11,
 *   as high as PulseAudio's own main thread, which serves the clients'
 *   streams. Not real-time: PortAudio's ALSA thread can spin on a busy
 *   server's plugin, and at real-time priority that spin starves the
 *   server's ordinary main thread, which alone could end it (two live
 *   coaches on two cores stood still so for 25 minutes). A nice value
 *   shares the core instead.
 * - DEVICE_CONTROL: the control loop, which makes each sound before its
 *   turn and never waits on the server, only sleeps: real-time
 *   (SCHED_FIFO 2, below a sound server's real-time threads, 5-20), so
 *   that no sound is posted late on a busy machine; nice -11 where
 *   real-time is not allowed. It must create no thread while raised.
 * - DEVICE_LISTEN: it makes the microphone's thread, which cancels the
 *   echo and decodes: nice -5, above ordinary work (a sanitized build on
 *   a loaded machine, at an ordinary priority, acted on a "skip" 2 s
 *   after it was said, once the coach's sentence had ended), below the
 *   sound's threads and the server's main thread, from which a decoder
 *   that cannot keep up must never take the core. */
typedef enum device_role { DEVICE_STREAM, DEVICE_CONTROL, DEVICE_LISTEN } device_role;
/* Raises the calling thread for its role where the system allows it
 * (root, CAP_SYS_NICE, RLIMIT_RTPRIO or RLIMIT_NICE), so that it and the
 * threads it creates until device_raise_end get a core soon when they
 * need one: on a busy machine an ordinary thread waits too long and the
 * sound runs short or late. Where it is not allowed, nothing changes. */
void device_raise_begin(device_sched *saved, device_role role);
/* Puts the calling thread back as device_raise_begin found it. */
void device_raise_end(const device_sched *saved);

#endif
