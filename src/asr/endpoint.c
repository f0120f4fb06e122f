/* endpoint.c: energy endpointing against a running low-percentile floor. */
#include "endpoint.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { JUMP_SPAN = 100 }; /* the speech going on: its last second */

struct endpoint {
    endpoint_config cfg;
    double *power;      /* the last smooth_frames frames' mean power (ring) */
    double power_sum;
    int n_power, i_power;
    double *history;    /* the last floor_frames smoothed levels, dB (ring) */
    double *sorted;     /* the same, sorted */
    int n_hist, i_hist;
    double level, floor; /* the last frame's */
    bool speech;
    int run;            /* frames in a row above start_db, or quiet */
    /* the speech going on: its last second of levels (ring), how long it
     * has gone on, frames in a row jump_db over its median, and the
     * background a restart stands over (dB; 0: none) */
    double recent[JUMP_SPAN];
    int n_recent, i_recent, speech_frames, jump_run;
    double background;
};

endpoint_config endpoint_config_default(void)
{
    endpoint_config c = {.start_db = 8.0, .end_db = 4.0, .start_frames = 3, .end_frames = 20,
                         .smooth_frames = 8, .floor_frames = 300, .jump_db = 12.0, .jump_after = 150};
    return c;
}

coach_err endpoint_create(const endpoint_config *cfg, endpoint **out)
{
    *out = NULL;
    endpoint_config def = endpoint_config_default();
    if (!cfg)
        cfg = &def;
    if (cfg->start_frames < 1 || cfg->end_frames < 1 || cfg->smooth_frames < 1 || cfg->floor_frames < 1)
        return COACH_ERR_USAGE;
    endpoint *e = calloc(1, sizeof *e);
    if (!e)
        return COACH_ERR_NOMEM;
    e->cfg = *cfg;
    e->power = calloc((size_t)cfg->smooth_frames, sizeof *e->power);
    e->history = calloc((size_t)cfg->floor_frames, sizeof *e->history);
    e->sorted = calloc((size_t)cfg->floor_frames, sizeof *e->sorted);
    if (!e->power || !e->history || !e->sorted) {
        endpoint_destroy(e);
        return COACH_ERR_NOMEM;
    }
    *out = e;
    return COACH_OK;
}

void endpoint_destroy(endpoint *e)
{
    if (!e)
        return;
    free(e->power);
    free(e->history);
    free(e->sorted);
    free(e);
}

/* Forgets the speech going on (its levels and background). */
static void speech_forget(endpoint *e)
{
    e->n_recent = e->i_recent = e->speech_frames = e->jump_run = 0;
    e->background = 0;
}

void endpoint_reset(endpoint *e)
{
    e->power_sum = 0;
    e->n_power = e->i_power = e->n_hist = e->i_hist = 0;
    e->speech = false;
    e->run = 0;
    speech_forget(e);
}

double endpoint_level(const endpoint *e)
{
    return e->level;
}

double endpoint_floor(const endpoint *e)
{
    return e->floor;
}

bool endpoint_in_speech(const endpoint *e)
{
    return e->speech;
}

int endpoint_quiet_frames(const endpoint *e)
{
    return e->speech ? e->run : 0;
}

void endpoint_end(endpoint *e)
{
    e->speech = false;
    e->run = 0;
    speech_forget(e);
}

/* qsort's order for doubles */
static int by_level(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* The median level of the speech going on, over its last second. */
static double recent_median(const endpoint *e)
{
    double v[JUMP_SPAN];
    memcpy(v, e->recent, (size_t)e->n_recent * sizeof v[0]);
    qsort(v, (size_t)e->n_recent, sizeof v[0], by_level);
    return v[e->n_recent / 2];
}

/* In speech: notes the frame's level, and true when a voice jump_db louder
 * than the speech going on has started over it (start_frames in a row);
 * then the speech before it is the background the new one stands over. */
static bool jumped(endpoint *e, double level, double floor)
{
    if (e->cfg.jump_db <= 0)
        return false;
    bool jump = false;
    if (e->speech_frames >= e->cfg.jump_after && e->n_recent > 0) {
        /* a background: mostly a voice over the floor, not pauses */
        double med = recent_median(e);
        e->jump_run = med > floor + e->cfg.end_db && level > med + e->cfg.jump_db ? e->jump_run + 1 : 0;
        if (e->jump_run >= e->cfg.start_frames) {
            speech_forget(e);
            e->background = med;
            jump = true;
        }
    }
    e->speech_frames++;
    e->recent[e->i_recent] = level;
    e->i_recent = (e->i_recent + 1) % JUMP_SPAN;
    if (e->n_recent < JUMP_SPAN)
        e->n_recent++;
    return jump;
}

/* Keeps the sorted copy of the history: replaces old (when full) by level. */
static void floor_add(endpoint *e, double level)
{
    int n = e->n_hist;
    if (n == e->cfg.floor_frames) {
        double old = e->history[e->i_hist];
        int k = 0;
        while (k < n - 1 && e->sorted[k] != old)
            k++;
        memmove(&e->sorted[k], &e->sorted[k + 1], (size_t)(n - 1 - k) * sizeof *e->sorted);
        n--;
    } else {
        e->n_hist++;
    }
    e->history[e->i_hist] = level;
    e->i_hist = (e->i_hist + 1) % e->cfg.floor_frames;
    int k = n;
    while (k > 0 && e->sorted[k - 1] > level) {
        e->sorted[k] = e->sorted[k - 1];
        k--;
    }
    e->sorted[k] = level;
}

endpoint_event endpoint_frame(endpoint *e, const int16_t *x)
{
    double p = 0;
    for (int i = 0; i < ENDPOINT_FRAME; i++)
        p += (double)x[i] * x[i];
    p /= ENDPOINT_FRAME;
    if (e->n_power == e->cfg.smooth_frames)
        e->power_sum -= e->power[e->i_power];
    else
        e->n_power++;
    e->power[e->i_power] = p;
    e->power_sum += p;
    e->i_power = (e->i_power + 1) % e->cfg.smooth_frames;
    double mean = e->power_sum > 0 ? e->power_sum / e->n_power : 0;
    double level = 10.0 * log10(mean + 1.0);
    /* the floor: the tenth percentile of the frames before this one, but
     * never under a quiet room's (ENDPOINT_MIN_FLOOR_DB): in digital
     * silence the faint tail of the room's echo must not sound like a
     * voice */
    double floor = e->n_hist ? e->sorted[e->n_hist / 10] : level;
    if (floor < ENDPOINT_MIN_FLOOR_DB)
        floor = ENDPOINT_MIN_FLOOR_DB;
    e->level = level;
    e->floor = floor;
    endpoint_event ev = EP_NONE;
    if (!e->speech) {
        e->run = level > floor + e->cfg.start_db ? e->run + 1 : 0;
        if (e->run >= e->cfg.start_frames) {
            e->speech = true;
            e->run = 0;
            ev = EP_START;
        }
    } else if (jumped(e, level, floor)) {
        e->run = 0;
        ev = EP_RESTART;
    } else {
        /* over a background voice, its own louder syllables are quiet too */
        double quiet = floor + e->cfg.end_db;
        if (e->background > 0 && e->background + e->cfg.jump_db / 2 > quiet)
            quiet = e->background + e->cfg.jump_db / 2;
        e->run = level < quiet ? e->run + 1 : 0;
        if (e->run >= e->cfg.end_frames) {
            e->speech = false;
            e->run = 0;
            speech_forget(e);
            ev = EP_END;
        }
    }
    /* every frame joins the floor: a new steady sound becomes background
     * within a few seconds, and a command is too short to move it */
    floor_add(e, level);
    return ev;
}
