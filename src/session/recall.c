/* recall.c: how each exercise of a routine last went, from the log. */
#include "recall.h"

#include <stdlib.h>
#include <string.h>

#include "../store/history.h"
#include "../store/tracking.h"

/* Doses read from the log are taken as they are here: progression keeps
 * every dose within the routine's bounds (at most its dose times the
 * documented maximum, and the schema's limits), so a record edited to say
 * 1000 reps starts the exercise at the routine's own dose
 * (docs/progression.md). */

struct recall {
    history *h;
    progress_last *ex;
    session_last last;
};

/* Marks x raised when session s, at its start, raised its exercise (a
 * "progress" event with reason tolerated), with what it was raised from. */
static void raised_in(progress_last *x, const history_session *s)
{
    for (size_t i = 0; i < s->n_progress; i++) {
        const history_progress *p = &s->progress[i];
        if (!p->exercise || strcmp(p->exercise, x->planned) != 0 || !p->reason ||
            strcmp(p->reason, "tolerated") != 0 || !p->field)
            continue;
        x->raised = true;
        x->raised_field = p->field;
        x->raised_from = p->previous;
        x->raised_from_variant = p->from;
    }
}

/* The highest rating of session s after its starting one (during and
 * between exercises, and the closing one); -1 when none. */
static int highest_after_start(const history_session *s)
{
    int top = -1;
    bool start_seen = false;
    for (size_t i = 0; i < s->n_pains; i++) {
        const history_pain *p = &s->pains[i];
        if (!start_seen && strcmp(p->when, "before") == 0 && p->value == s->pain_before) {
            start_seen = true; /* the starting rating: the baseline, not a rise */
            continue;
        }
        if (p->value > top)
            top = p->value;
    }
    return top;
}

coach_err recall_load(const char *path, const char *routine_id, recall **out, coach_diags *diags)
{
    *out = NULL;
    recall *r = calloc(1, sizeof *r);
    if (!r)
        return COACH_ERR_NOMEM;
    r->last.baseline = -1;
    r->last.ask_next_day = true;
    coach_err err = history_load(path, &r->h, diags);
    if (err) {
        free(r);
        return err;
    }
    /* each exercise as it went the last time it was started, in whichever
     * session of the routine that was: a short or stopped session does not
     * wipe out what an earlier one taught */
    size_t cap = 0;
    for (size_t i = 0; i < history_count(r->h); i++)
        cap += history_at(r->h, i)->n_exercises;
    r->ex = calloc(cap ? cap : 1, sizeof *r->ex);
    if (!r->ex) {
        recall_destroy(r);
        return COACH_ERR_NOMEM;
    }
    size_t n = 0;
    int64_t now = history_read_ms(r->h);
    for (size_t i = 0; i < history_count(r->h); i++) {
        const history_session *s = history_at(r->h, i);
        if (!s->routine || strcmp(s->routine, routine_id) != 0)
            continue;
        r->last.has = true;
        r->last.baseline = s->pain_before;
        for (size_t k = 0; k < s->n_exercises; k++) {
            const history_exercise *x = &s->exercises[k];
            size_t j = 0;
            while (j < n && strcmp(r->ex[j].planned, x->planned) != 0)
                j++;
            bool known = j < n;
            if (!known)
                n++;
            int days = known ? r->ex[j].raised_days_ago : -1; /* the latest raise so far */
            r->ex[j] = (progress_last){x->planned, x->variant, x->reps,
                                       x->hold, x->max_pain,
                                       x->end, x->eased, s->pain_before, false, NULL, -1, NULL,
                                       -1, -1, days, x->routine_dose,
                                       !x->easy                      ? PROGRESS_EASY_UNKNOWN
                                       : strcmp(x->easy, "yes") == 0 ? PROGRESS_EASY_YES
                                                                     : PROGRESS_EASY_NO};
            raised_in(&r->ex[j], s);
            if (r->ex[j].raised && now >= 0 && s->start_ms >= 0)
                r->ex[j].raised_days_ago = (int)((now - s->start_ms) / 86400000);
        }
    }
    /* the latest session: every rating after its starting one counts, the
     * closing one included (a session that went from 1 to 7 raises nothing) */
    const history_session *latest = history_last_of(r->h, routine_id);
    int top = latest ? highest_after_start(latest) : -1;
    for (size_t j = 0; j < n; j++) {
        r->ex[j].session_max = top;
        r->ex[j].session_baseline = latest ? latest->pain_before : -1;
    }
    /* the latest session ended for pain or a red flag: nothing goes up
     * next time, whatever an exercise's own last time was */
    if (latest && latest->end &&
        (strcmp(latest->end, "pain") == 0 || strcmp(latest->end, "red_flag") == 0))
        for (size_t j = 0; j < n; j++)
            if (r->ex[j].end && strcmp(r->ex[j].end, "completed") == 0)
                r->ex[j].end = "after a session ended for pain";
    r->last.ex = r->ex;
    r->last.n = n;
    /* a logged session: it may ask "did that feel easy?", and the weekly
     * tracking questions when they are due (any routine's answers count) */
    r->last.ask_easy = true;
    r->last.ask_tracking =
        tracking_due(history_tracking_latest_ms(r->h, now >= 0 ? now + 86400000 : INT64_MAX), now);
    *out = r;
    return COACH_OK;
}

const session_last *recall_last(const recall *r)
{
    return &r->last;
}

void recall_destroy(recall *r)
{
    if (!r)
        return;
    free(r->ex);
    history_destroy(r->h);
    free(r);
}
