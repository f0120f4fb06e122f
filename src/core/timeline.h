/* timeline.h: the session timeline as JSON Lines (docs/session.md), and a
 * readable transcript of the same actions. */
#ifndef COACH_TIMELINE_H
#define COACH_TIMELINE_H

#include <stdio.h>

#include "action.h"

/* Writes a as one JSON object on one line: t (seconds, 3 decimals), frame,
 * type, then the fields that apply. */
void timeline_write_json(FILE *f, const action *a, int sample_rate);
/* Writes an event's fields that apply (exercise, set, ..., hold), each as
 * ,"key":value: the part of a timeline line after its name, shared with
 * the session log. */
void timeline_write_fields(FILE *f, const action *a);
/* Writes a as a transcript line ("  1:02.5  Set two of three.") when it is
 * speech or an earcon other than a tick, and where a barge-in cut a
 * sentence short ("(the sentence is cut short)"); other events are left
 * out. */
void timeline_write_text(FILE *f, const action *a, int sample_rate);
/* Writes s as a JSON string (quotes included). */
void timeline_json_string(FILE *f, const char *s);

#endif
