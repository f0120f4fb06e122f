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

/* The calling thread's scheduling, kept while streams are opened. */
typedef struct device_sched {
    int policy, priority;
    bool raised;
} device_sched;
/* Real-time priorities (SCHED_FIFO), below the sound server's own threads
 * (PulseAudio and PipeWire ask for 5-20 through rtkit): the coach must not
 * starve its server. The streams' threads first, then the control loop,
 * which makes each sound before its turn. */
enum { DEVICE_RT_STREAM = 4, DEVICE_RT_CONTROL = 2 };
/* Raises the calling thread to real-time priority (SCHED_FIFO at priority)
 * where the system allows it (root, or RLIMIT_RTPRIO), so that it and the
 * threads it creates until device_rt_end (PortAudio's callback thread, a
 * sound server plugin's own) get the CPU when they need it: on a busy
 * machine an ordinary thread waits too long and the sound runs short or
 * late. Where it is not allowed, nothing changes. */
void device_rt_begin(device_sched *saved, int priority);
/* Puts the calling thread back as device_rt_begin found it. */
void device_rt_end(const device_sched *saved);

#endif
