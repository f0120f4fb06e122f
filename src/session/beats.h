/* beats.h: where the beat of an exercise falls. Pure arithmetic on frames:
 * given a unit of a session (the reps of a set, a hold, a rest, breaths, a
 * timed activity), where it starts, the frame it is planned again from and
 * the frame speech already under way ends, it lists what happens when: the
 * ticks and other earcons, the events, the counts and other words. Speech
 * goes into a lane where no two sentences overlap: a word that would
 * collide with speech already placed (or start before `from` or `busy`) is
 * dropped, while the beat (ticks, events) stays where it was. The session
 * engine turns the list into its plan (engine.c); nothing here knows the
 * session. */
#ifndef COACH_BEATS_H
#define COACH_BEATS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "coach/routine.h"
#include "../core/action.h"

/* The side of a set of reps or of a hold (0: no side). */
enum { BEATS_LEFT = 1, BEATS_RIGHT = 2, BEATS_ALTERNATE = 3 };

/* What a rest is for. */
typedef enum {
    BEATS_REST_STEP,  /* a rest step of the routine */
    BEATS_REST_SETS,  /* between two sets of one exercise */
    BEATS_REST_RELAX, /* between two holds of one set */
    BEATS_REST_PAIN,  /* instead of an exercise stopped or skipped for pain */
} beats_rest_kind;

typedef enum {
    BEAT_EARCON, /* play earcon */
    BEAT_EVENT,  /* log event */
    BEAT_SAY,    /* say text */
    BEAT_END,    /* the unit is over */
} beat_kind;

/* One thing at one frame. */
typedef struct beat {
    beat_kind kind;
    uint64_t frame;
    earcon earcon;        /* BEAT_EARCON */
    const char *event;    /* BEAT_EVENT: "rep", "hold_start", "hold_end", "rest_start" */
    bool of_exercise;     /* BEAT_EVENT: about the exercise (it carries its id) */
    int set, rep, value;  /* BEAT_EVENT: -1 when they do not apply */
    const char *side;     /* BEAT_EVENT: "left", "right", NULL */
    char *text;           /* BEAT_SAY: the sentence (owned) */
    uint64_t duration;    /* BEAT_SAY: its frames, as measured */
    bool memorable;       /* BEAT_SAY: "repeat" may say it again */
    bool unit_said;       /* BEAT_SAY: the unit's own sentence (a rest's) */
    int cue;              /* BEAT_SAY: the form cue it is; -1 none */
} beat;

enum { BEATS_LANE_MAX = 512 };

/* The beats of one unit, in the order the engine plans them (the order
 * matters for beats at the same frame), and the lane of speech placed. */
typedef struct beats {
    beat *items;
    size_t n, cap;
    uint64_t lane_a[BEATS_LANE_MAX], lane_b[BEATS_LANE_MAX];
    int n_lane;
} beats;

/* What the planner knows besides the unit. */
typedef struct beats_env {
    int sample_rate;               /* frames per second */
    action_measure measure;        /* how long a sentence lasts, in frames */
    void *measure_ctx;
    int rate;                      /* the speech rate measure is asked for */
    const exercise_dose *dose;     /* tempo, breath and timed lengths; may be NULL for holds and rests */
    double rep_seconds;            /* a rep's length when the dose names no tempo */
    double tempo;                  /* the user's factor on rep lengths (1: as written) */
    const char *const *cues;       /* the exercise's form cues; NULL: none */
    int n_cues;
    unsigned cues_said;            /* bit c: cue c was said already */
} beats_env;

/* An empty list and lane. */
void beats_init(beats *b);
/* Frees the list's sentences and storage; empty again. */
void beats_free(beats *b);

/* "One", "Twelve": the count said for n. */
void beats_count_text(char *buf, size_t size, int n);
/* The frames of one rep's phases and the word said on each (NULL: none);
 * returns how many phases (1 when the dose names no tempo). */
int beats_rep_phases(const beats_env *env, uint64_t *len, const char **words);
/* The frames of one rep; twice that when alternate (left then right). */
uint64_t beats_rep_length(const beats_env *env, bool alternate);
/* The frames of one breath (in, hold, out). */
uint64_t beats_breath_length(const beats_env *env);

/* count reps numbered from first, rep r starting at S + r * rep length: a
 * tick, a "rep" event and the count at each, form cues after a count
 * (silencing the counts they run over), the tempo's phase words where room
 * is left, the end at the last rep's end. Nothing before from. */
void beats_reps(beats *b, const beats_env *env, int set, int side, int first, int count,
                uint64_t S, uint64_t from, uint64_t busy);
/* A hold of seconds from S: the hold earcon and "hold_start", a tick every
 * second, "ten seconds left", "halfway", the countdown, form cues in the
 * quiet stretches, the release and "hold_end" at the end. */
void beats_hold(beats *b, const beats_env *env, int set, int side, int rep, int seconds,
                uint64_t S, uint64_t from, uint64_t busy);
/* A rest of seconds from S: "rest_start", its countdown, then its sentence
 * and what comes next (next_name; NULL: none) where they fit; neither
 * again when the rest is planned again from inside after its sentence was
 * said. */
void beats_rest(beats *b, const beats_env *env, beats_rest_kind kind, int seconds,
                const char *next_name, bool said, uint64_t S, uint64_t from, uint64_t busy);
/* count breaths from S: in, hold, out, with one form cue in a breath out. */
void beats_breath(beats *b, const beats_env *env, int count, uint64_t S, uint64_t from,
                  uint64_t busy);
/* A timed activity of seconds from S: "go", the time left every
 * announce_every seconds, the countdown, form cues, the end. */
void beats_timed(beats *b, const beats_env *env, int seconds, uint64_t S, uint64_t from,
                 uint64_t busy);

#endif
