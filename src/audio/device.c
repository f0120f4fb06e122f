/* device.c: PortAudio devices by name. */
#include "device.h"

#include <pthread.h>
#include <sched.h>
#include <string.h>
#include <strings.h>


static int channels(const PaDeviceInfo *d, bool input)
{
    return d ? (input ? d->maxInputChannels : d->maxOutputChannels) : 0;
}

static bool contains(const char *name, const char *want)
{
    size_t n = strlen(want);
    for (const char *p = name; *p; p++)
        if (strncasecmp(p, want, n) == 0)
            return true;
    return false;
}

PaDeviceIndex device_find(const char *want, bool input)
{
    if (!want)
        return input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
    int count = Pa_GetDeviceCount();
    for (int pass = 0; pass < 2; pass++)
        for (int i = 0; i < count; i++) {
            const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
            if (channels(d, input) < 1)
                continue;
            if (pass == 0 ? strcmp(d->name, want) == 0 : contains(d->name, want))
                return i;
        }
    return paNoDevice;
}

int device_print(FILE *f, bool input)
{
    PaDeviceIndex def = input ? Pa_GetDefaultInputDevice() : Pa_GetDefaultOutputDevice();
    int n = 0, count = Pa_GetDeviceCount();
    for (int i = 0; i < count; i++) {
        const PaDeviceInfo *d = Pa_GetDeviceInfo(i);
        if (channels(d, input) > 0) {
            fprintf(f, "  %s%s\n", d->name, i == def ? "  (default)" : "");
            n++;
        }
    }
    return n;
}

void device_rt_begin(device_sched *saved, int priority)
{
    struct sched_param p;
    saved->raised = false;
    if (pthread_getschedparam(pthread_self(), &saved->policy, &p) != 0)
        return;
    saved->priority = p.sched_priority;
    struct sched_param rt = {.sched_priority = priority};
    saved->raised = pthread_setschedparam(pthread_self(), SCHED_FIFO, &rt) == 0;
}

void device_rt_end(const device_sched *saved)
{
    if (!saved->raised)
        return;
    struct sched_param p = {.sched_priority = saved->priority};
    pthread_setschedparam(pthread_self(), saved->policy, &p);
}
