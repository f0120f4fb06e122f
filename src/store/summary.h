/* summary.h: what `coach history` says and prints (docs/data.md): sessions
 * in the last 7 and 30 days, the last session, pain before and after over
 * the last 30 days, the most-skipped exercise, and each exercise's current
 * level; as sentences (spoken and printed) and as JSON. */
#ifndef COACH_SUMMARY_H
#define COACH_SUMMARY_H

#include <stdint.h>
#include <stdio.h>

#include "history.h"
#include "tracking.h"

enum { SUMMARY_MAX = 8 };

typedef struct summary {
    int n_7, n_30, n_total;
    const history_session *last;      /* NULL: none */
    double last_days;                 /* days from it to now */
    int before_first, before_last;    /* pain before sessions, last 30 days; -1 none */
    int after_first, after_last;      /* pain after */
    int n_before, n_after;            /* ratings behind them */
    const char *most_skipped;         /* exercise id (last 30 days), NULL: none skipped */
    int skips;
    /* each exercise's level: the latest session that did it */
    struct summary_level {
        const char *planned;
        const history_exercise *x;
        const history_session *s;
    } levels[64];
    int n_levels;
    /* each weekly tracking measure (src/store/tracking.h): its first and
     * latest answer, and how many; -1 none */
    struct summary_tracking {
        int first, last, answers;
        const char *last_ts;
    } tracking[TRACKING_FIELDS];
    int64_t tracking_ms;              /* the latest answer; -1 none */
    char sentences[SUMMARY_MAX][700];
    int n_sentences;
} summary;

/* Fills s from h as of now_ms (milliseconds since 1970). */
void summary_make(const history *h, int64_t now_ms, summary *s);
/* Writes s as one JSON object (docs/data.md). */
void summary_write_json(const summary *s, FILE *out);
/* "dead bug" for "dead-bug": an exercise id as words. */
void summary_id_words(const char *id, char *buf, size_t size);

#endif
