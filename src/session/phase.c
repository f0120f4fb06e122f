/* phase.c: where the user is in a programme (phase.h). */
#include "phase.h"

#include <string.h>

#include "progress.h"

bool phase_tolerated(const history_session *s, const pain_rules *rules)
{
    static const pain_rules defaults = {3, 2, 6, 8, 2};
    const pain_rules *r = rules ? rules : &defaults;
    if (!s->end || strcmp(s->end, "completed") != 0)
        return false;
    bool start_seen = false;
    for (size_t i = 0; i < s->n_pains; i++) {
        const history_pain *p = &s->pains[i];
        if (!start_seen && strcmp(p->when, "before") == 0 && p->value == s->pain_before) {
            start_seen = true; /* the starting rating: the baseline */
            continue;
        }
        if (progress_pain_rose(p->value, s->pain_before, r))
            return false;
    }
    return true;
}

/* Counts the tolerated sessions of routine id in h into *n and the time
 * of its first session (-1 when none) into *first_ms. */
static void phase_sessions(const history *h, const char *id, const pain_rules *rules, int *n,
                           int64_t *first_ms)
{
    *n = 0;
    *first_ms = -1;
    for (size_t i = 0; i < history_count(h); i++) {
        const history_session *s = history_at(h, i);
        if (!s->routine || strcmp(s->routine, id) != 0)
            continue;
        if (*first_ms < 0 || (s->start_ms >= 0 && s->start_ms < *first_ms))
            *first_ms = s->start_ms;
        *n += phase_tolerated(s, rules);
    }
}

const programme_phase *phase_place(const programme *p, const history *h, int64_t now_ms,
                                   phase_rules_of rules, void *ctx, int *week, int *weeks)
{
    const programme_phase *now = NULL;
    int base = 0;
    *week = 0;
    for (size_t i = 0; i < programme_phase_count(p); i++) {
        const programme_phase *ph = programme_get_phase(p, i);
        int n;
        int64_t first;
        phase_sessions(h, ph->routine_id, rules ? rules(ctx, ph->routine_id) : NULL, &n, &first);
        int spw = ph->sessions_per_week > 0 ? ph->sessions_per_week : 1;
        int64_t days = first >= 0 && now_ms > first ? (now_ms - first) / 86400000 : 0;
        bool weeks_done = first >= 0 && days + PHASE_GRACE_DAYS >= (int64_t)ph->weeks * 7;
        if (!now && !(n >= ph->weeks * spw && weeks_done)) {
            now = ph;
            /* the week of the phase: as far as both the sessions and the
             * calendar have gone */
            int by_sessions = n / spw, by_days = (int)((days + PHASE_GRACE_DAYS) / 7);
            int w = by_sessions < by_days ? by_sessions : by_days;
            if (w > ph->weeks - 1)
                w = ph->weeks - 1;
            *week = base + w + 1;
        }
        base += ph->weeks;
    }
    *weeks = base;
    if (!now && programme_phase_count(p) > 0) {
        now = programme_get_phase(p, programme_phase_count(p) - 1);
        *week = base;
    }
    return now;
}
