/* device.c: PortAudio devices by name. */
#include "device.h"

#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
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

enum { DEVICE_NICE = -11, DEVICE_NICE_LISTEN = -5, DEVICE_RT_CONTROL = 2 };

/* The calling thread's id (glibc's gettid wants _GNU_SOURCE). */
static pid_t thread_id(void)
{
    return (pid_t)syscall(SYS_gettid);
}

void device_raise_begin(device_sched *saved, device_role role)
{
    saved->rt = saved->niced = false;
    struct sched_param sp;
    if (role == DEVICE_CONTROL && pthread_getschedparam(pthread_self(), &saved->policy, &sp) == 0) {
        saved->priority = sp.sched_priority;
        struct sched_param rt = {.sched_priority = DEVICE_RT_CONTROL};
        if (saved->policy == SCHED_OTHER &&
            pthread_setschedparam(pthread_self(), SCHED_FIFO, &rt) == 0) {
            saved->rt = true;
            return;
        }
    }
    /* the nice of one thread, on Linux: threads made after inherit it */
    pid_t tid = thread_id();
    errno = 0;
    int was = getpriority(PRIO_PROCESS, (id_t)tid);
    if (was == -1 && errno != 0)
        return;
    saved->nice = was;
    int want = role == DEVICE_LISTEN ? DEVICE_NICE_LISTEN : DEVICE_NICE;
    if (want < was)
        saved->niced = setpriority(PRIO_PROCESS, (id_t)tid, want) == 0;
}

void device_raise_end(const device_sched *saved)
{
    if (saved->rt) {
        struct sched_param sp = {.sched_priority = saved->priority};
        pthread_setschedparam(pthread_self(), saved->policy, &sp);
    }
    if (saved->niced)
        setpriority(PRIO_PROCESS, (id_t)thread_id(), saved->nice);
}
