/* session_host.h: a session of one routine run through the host (the one
 * driver), for the render and capture tests and the render benchmark. */
#ifndef COACH_TEST_SESSION_HOST_H
#define COACH_TEST_SESSION_HOST_H

#include "driver/host.h"
#include "session/engine.h"

typedef struct test_session {
    const routine *r;
    session_find_routine find;
    void *find_ctx;
} test_session;

/* The host's program: a session of ts->r with the defaults. */
static inline coach_err test_session_make(void *ctx, action_measure measure, void *measure_ctx,
                                          program *out)
{
    const test_session *ts = ctx;
    session_config sc = session_config_default();
    sc.routine = ts->r;
    sc.measure = measure;
    sc.measure_ctx = measure_ctx;
    sc.find_routine = ts->find;
    sc.find_ctx = ts->find_ctx;
    session *s = NULL;
    coach_err err = session_create(&sc, &s);
    if (!err)
        *out = session_program(s);
    return err;
}

/* A host running ts with sound (the caller sets the backend), at the
 * routine's rate and voice. */
static inline host_config test_session_host(test_session *ts, int volume, const char *earcon_dir)
{
    host_config hc = {0};
    hc.make = test_session_make;
    hc.make_ctx = ts;
    hc.voice = routine_get_settings(ts->r)->voice;
    hc.play.rate = routine_get_settings(ts->r)->rate;
    hc.play.volume = volume >= 0 ? volume : routine_get_settings(ts->r)->volume;
    hc.play.earcon_dir = earcon_dir;
    return hc;
}

#endif
