/* sound_stats.h: what a session sounds like, from its timeline (issue 15).
 * A timeline (JSON Lines, docs/session.md) is read into a list of sounds
 * and events; from it come the figures the sound benchmark prints and the
 * sound rules test checks: silences, counts said, the time from naming a
 * side or position to the first beat, the longest utterance. Shared by
 * tests/bench/bench_sound.c and tests/tools/sound_rules.c. */
#ifndef COACH_SOUND_STATS_H
#define COACH_SOUND_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum { SS_RATE = 48000 };

/* One line of a timeline. */
typedef struct ss_item {
    char type;          /* 's' say, 'e' earcon, 'v' event */
    uint64_t frame, end; /* end: frame + its length (events: frame) */
    char name[32];      /* earcon or event name */
    char text[1200];    /* say: its text */
    char exercise[64];  /* event: its exercise, "" none */
    int rep;            /* event "rep": its number, -1 none */
    char side[8];       /* event: "left", "right", "" */
} ss_item;

typedef struct ss_timeline {
    ss_item *items;
    size_t n, cap;
} ss_timeline;

/* The figures of one timeline (seconds). */
typedef struct ss_stats {
    double length;             /* the session_end event's time */
    double longest_silence;    /* no sound at all */
    double longest_silence_at; /* where it starts */
    int silences_10;           /* silences of 10 s or more */
    double silence_10_total;   /* their sum */
    int reps, counted;         /* rep events; those with speech on their frame */
    int alt_halves, sided;     /* halves of alternating reps; those whose side is said */
    double side_to_beat;       /* shortest: end of "Left side." (etc.) to the next beat; -1 none */
    double position_to_beat;   /* shortest: end of a starting position to the first beat; -1 none */
    double longest_say;        /* the longest utterance */
    char longest_text[96];
    int says_over_10;          /* utterances over 10 s */
} ss_stats;

/* Reads a timeline from f; 0 on success. */
int ss_read(FILE *f, ss_timeline *tl);
/* Frees the list. */
void ss_free(ss_timeline *tl);
/* The figures of tl. */
void ss_compute(const ss_timeline *tl, ss_stats *st);
/* True when the say item i is a count ("Three", "Three, left", "Last one"). */
bool ss_is_count(const ss_item *it);
/* The index of the say that says rep event i's count, or -1. */
long ss_count_of(const ss_timeline *tl, size_t i);
/* True when rep event i is the first half of an alternating rep: a tick
 * falls between it and the next event. Its second half's tick in *half. */
bool ss_alternating(const ss_timeline *tl, size_t i, size_t *half);

#endif
