/* pacall.c: PortAudio calls bounded in time (see pacall.h). */
#include "pacall.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#define STR_(x) #x
#define STR(x) STR_(x)

enum op { OP_INIT, OP_TERMINATE, OP_FORMAT, OP_OPEN, OP_START, OP_STOP, OP_ABORT, OP_CLOSE };

/* One call, shared by the caller and the thread that makes it; freed by
 * whichever lets go last (the caller may give up and go first). Holds
 * copies of the call's arguments, so that nothing points into the
 * caller's stack. */
typedef struct job {
    enum op op;
    PaStream *stream;
    PaStreamParameters in, out;
    bool has_in, has_out;
    double rate;
    unsigned long frames;
    PaStreamCallback *callback;
    void *user;
    PaError result;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool done;
    int refs;
} job;

static atomic_bool stuck; /* a call did not return in time */

/* Lets go of j; the last one to let go frees it. */
static void job_release(job *j)
{
    pthread_mutex_lock(&j->mu);
    int refs = --j->refs;
    pthread_mutex_unlock(&j->mu);
    if (refs == 0) {
        pthread_cond_destroy(&j->cv);
        pthread_mutex_destroy(&j->mu);
        free(j);
    }
}

/* The call itself. */
static PaError job_call(job *j)
{
    const PaStreamParameters *in = j->has_in ? &j->in : NULL;
    const PaStreamParameters *out = j->has_out ? &j->out : NULL;
    switch (j->op) {
    case OP_INIT: return Pa_Initialize();
    case OP_TERMINATE: return Pa_Terminate();
    case OP_FORMAT: return Pa_IsFormatSupported(in, out, j->rate);
    case OP_OPEN:
        return Pa_OpenStream(&j->stream, in, out, j->rate, j->frames, paNoFlag, j->callback, j->user);
    case OP_START: return Pa_StartStream(j->stream);
    case OP_STOP: return Pa_StopStream(j->stream);
    case OP_ABORT: return Pa_AbortStream(j->stream);
    case OP_CLOSE: return Pa_CloseStream(j->stream);
    }
    return paInternalError;
}

/* The call's own thread: makes it, says so, lets go. */
static void *job_thread(void *arg)
{
    job *j = arg;
    PaError e = job_call(j);
    pthread_mutex_lock(&j->mu);
    j->result = e;
    j->done = true;
    pthread_cond_signal(&j->cv);
    pthread_mutex_unlock(&j->mu);
    job_release(j);
    return NULL;
}

/* Makes the call described by spec in a thread of its own (which inherits
 * the caller's scheduling, so a stream's threads do too) and waits for it
 * at most PACALL_LIMIT_S; copies the opened stream back into spec. */
static PaError run(job *spec)
{
    if (atomic_load(&stuck))
        return paTimedOut;
    job *j = malloc(sizeof *j);
    if (!j)
        return paInsufficientMemory;
    *j = *spec;
    j->done = false;
    j->refs = 2;
    pthread_condattr_t ca;
    pthread_condattr_init(&ca);
    pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, &ca);
    pthread_condattr_destroy(&ca);
    pthread_attr_t ta;
    pthread_attr_init(&ta);
    pthread_attr_setdetachstate(&ta, PTHREAD_CREATE_DETACHED);
    pthread_t t;
    int ce = pthread_create(&t, &ta, job_thread, j);
    pthread_attr_destroy(&ta);
    if (ce != 0) { /* no thread to spare: make the call here, unbounded */
        j->refs = 1;
        PaError e = job_call(j);
        spec->stream = j->stream;
        job_release(j);
        return e;
    }
    struct timespec until;
    clock_gettime(CLOCK_MONOTONIC, &until);
    until.tv_sec += (time_t)PACALL_LIMIT_S;
    pthread_mutex_lock(&j->mu);
    int we = 0;
    while (!j->done && we != ETIMEDOUT)
        we = pthread_cond_timedwait(&j->cv, &j->mu, &until);
    bool done = j->done;
    PaError e = j->result;
    if (done)
        spec->stream = j->stream;
    pthread_mutex_unlock(&j->mu);
    job_release(j);
    if (!done) {
        atomic_store(&stuck, true);
        return paTimedOut;
    }
    return e;
}

PaError pacall_initialize(void)
{
    return run(&(job){.op = OP_INIT});
}

void pacall_terminate(void)
{
    run(&(job){.op = OP_TERMINATE});
}

PaError pacall_format_supported(const PaStreamParameters *in, const PaStreamParameters *out,
                                double rate)
{
    job j = {.op = OP_FORMAT, .rate = rate, .has_in = in != NULL, .has_out = out != NULL};
    if (in)
        j.in = *in;
    if (out)
        j.out = *out;
    return run(&j);
}

PaError pacall_open(PaStream **stream, const PaStreamParameters *in,
                    const PaStreamParameters *out, double rate, unsigned long frames,
                    PaStreamCallback *callback, void *user)
{
    job j = {.op = OP_OPEN, .rate = rate, .frames = frames, .callback = callback, .user = user,
             .has_in = in != NULL, .has_out = out != NULL};
    if (in)
        j.in = *in;
    if (out)
        j.out = *out;
    PaError e = run(&j);
    *stream = e == paNoError ? j.stream : NULL;
    return e;
}

PaError pacall_start(PaStream *stream)
{
    return run(&(job){.op = OP_START, .stream = stream});
}

PaError pacall_stop(PaStream *stream, bool abort)
{
    return run(&(job){.op = abort ? OP_ABORT : OP_STOP, .stream = stream});
}

PaError pacall_close(PaStream *stream)
{
    return run(&(job){.op = OP_CLOSE, .stream = stream});
}

bool pacall_stuck(void)
{
    return atomic_load(&stuck);
}

const char *pacall_stuck_text(void)
{
    return "the sound server stopped answering (for " STR(PACALL_LIMIT_S) " seconds): it may be "
           "stuck; restart it "
           "(for PulseAudio: 'pulseaudio -k'; for PipeWire: 'systemctl --user restart pipewire "
           "pipewire-pulse'), or use --out FILE.wav to render the session to a file";
}
