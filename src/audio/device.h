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

#endif
