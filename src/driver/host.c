/* host.c: a program run in one mode, with its outputs. */
#include "host.h"

#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "../core/defaults.h"
#include "../core/timeline.h"
#include "../session/commands.h"
#include "../tts/tts.h"

/* A dry run gives up on a program still planning after a day. */
#define HOST_DRY_LIMIT_S 86400

typedef struct host {
    const host_config *cfg;
    tts *voice;
} host;

/* Every action: to the log, the outputs, and (a dry run) to eSpeak NG as
 * the player would fetch it, so both make the same calls (tts_touch). */
static void on_action(void *ctx, const action *a)
{
    host *h = ctx;
    const host_config *c = h->cfg;
    if (c->dry && a->type == ACTION_SAY)
        tts_touch(h->voice, a->text, a->rate);
    if (c->on_action)
        c->on_action(c->action_ctx, a);
    if (c->json)
        timeline_write_json(c->json, a, COACH_FRAME_RATE);
    if (c->timeline)
        timeline_write_json(c->timeline, a, COACH_FRAME_RATE);
    if (c->transcript)
        timeline_write_text(c->transcript, a, COACH_FRAME_RATE);
}

/* An utterance set aside: the timeline has it, the log does not. */
static void on_aside(void *ctx, const action *a)
{
    host *h = ctx;
    if (h->cfg->json)
        timeline_write_json(h->cfg->json, a, COACH_FRAME_RATE);
    if (h->cfg->timeline)
        timeline_write_json(h->cfg->timeline, a, COACH_FRAME_RATE);
}

static uint64_t measure_cb(void *ctx, const char *text, int rate)
{
    return tts_measure(ctx, text, rate, COACH_FRAME_RATE);
}

/* Drives d with no sound. */
static coach_err run_dry(driver *d, coach_diags *diags)
{
    driver_start(d, 0);
    if (driver_run_dry(d, (uint64_t)COACH_FRAME_RATE * HOST_DRY_LIMIT_S) == DRIVER_STALLED) {
        coach_diags_add(diags, NULL, 0, 0, "internal: the session stopped planning before its end");
        return COACH_ERR_INTERNAL;
    }
    return COACH_OK;
}

/* Gives the memory of a run with sound back to the system. Each run makes
 * its own recogniser, sounds and streams, in threads of their own; glibc
 * keeps what they freed in its per-thread arenas, and the next run's
 * threads allocate afresh beside it: in the soak benchmark each restart of
 * the sound server (a new run of the kiosk) left it 20 to 32 MB bigger, and
 * the menu makes a run for each session (docs/kiosk.md). */
static void release_memory(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

/* Drives d through the player, listening for the program's phrases. */
static coach_err run_sound(const host *h, driver *d, host_report *report, coach_diags *diags)
{
    player_config pc = h->cfg->play;
    command_grammar g;
    command_grammar_make(&g, driver_context(d), h->cfg->attention);
    pc.voice = h->voice;
    pc.phrases = g.phrase;
    pc.n_phrases = g.n;
    player *pl = NULL;
    coach_err err = player_create(&pc, &pl, diags);
    if (!err) {
        player_client cl = driver_client(d, pl);
        if (h->cfg->player)
            *h->cfg->player = pl;
        err = player_run(pl, &cl, &report->play, diags);
        if (h->cfg->player)
            *h->cfg->player = NULL;
    }
    player_destroy(pl);
    release_memory();
    return err;
}

coach_err host_run(const host_config *cfg, host_report *report, coach_diags *diags)
{
    memset(report, 0, sizeof *report);
    host h = {cfg, NULL};
    tts_config tc = tts_config_default();
    tc.voice = cfg->voice;
    coach_err err = tts_create(&tc, &h.voice, diags);
    if (err)
        return err;
    program prog = {0};
    err = cfg->make(cfg->make_ctx, measure_cb, h.voice, &prog);
    driver *d = NULL;
    if (!err) {
        driver_config dc = {.prog = prog, .script = cfg->script, .sink = on_action,
                            .sink_ctx = &h, .aside = on_aside, .aside_ctx = &h,
                            .gate_own_voice = !cfg->dry && cfg->play.listen,
                            .read_key = cfg->read_key, .key_ctx = cfg->key_ctx};
        err = driver_create(&dc, &d);
    }
    if (!err)
        err = cfg->dry ? run_dry(d, diags) : run_sound(&h, d, report, diags);
    if (d)
        driver_counts(d, &report->heard, &report->rejected);
    driver_destroy(d);
    tts_destroy(h.voice);
    return err;
}
