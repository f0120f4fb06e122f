/* tracking.h: the weekly tracking questions of seed 001 ("track morning
 * stiffness time, how long they can sit comfortably, how far they can
 * walk, and how confident they feel about tasks that used to scare
 * them"): what each is called in the log, its bounds and its words, and
 * when they are due again (docs/session.md, docs/data.md). */
#ifndef COACH_TRACKING_H
#define COACH_TRACKING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The four measures, in the order they are asked. */
typedef enum tracking_field {
    TRACKING_STIFFNESS,  /* morning stiffness, minutes */
    TRACKING_SITTING,    /* sitting comfortably, minutes */
    TRACKING_WALKING,    /* walking before the back makes you stop, minutes */
    TRACKING_CONFIDENCE, /* confidence in everyday tasks, 0-10 */
    TRACKING_FIELDS
} tracking_field;

/* The questions are asked again once the latest answers are this many
 * days old (a week, less a day's grace, as progression's weekly step). */
#define TRACKING_DUE_DAYS 6
/* The longest time a minutes answer may hold: a day. */
#define TRACKING_MINUTES_MAX 1440

/* The field's name in the log ("morning_stiffness", "sitting", "walking",
 * "confidence"); NULL for no field. */
const char *tracking_field_name(int field);
/* The field named name, or -1 when name is no field's. */
int tracking_field_from_name(const char *name);
/* True when the field is a time in minutes (else a 0-10 rating). */
bool tracking_in_minutes(int field);
/* The largest value the field holds: TRACKING_MINUTES_MAX, or 10. */
int tracking_value_max(int field);
/* True when value is one the field can hold (whole, 0 to its maximum). */
bool tracking_value_ok(int field, int value);
/* The field in words, for a sentence or a table heading: "morning
 * stiffness", "sitting", "walking", "confidence". */
const char *tracking_field_words(int field);
/* The value in words for a sentence: "fifteen minutes", "an hour and a
 * half", "six out of ten". */
void tracking_value_words(int field, int value, char *buf, size_t size);
/* True when the questions are due at now_ms: the latest answer (latest_ms,
 * -1 never) is TRACKING_DUE_DAYS old or more, or there is none. A latest
 * answer a little in the future (a clock moved back) counts as given now;
 * the caller leaves out those further ahead (history_tracking_latest_ms). */
bool tracking_due(int64_t latest_ms, int64_t now_ms);

#endif
