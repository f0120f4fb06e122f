/* recall.c: how each exercise of a routine last went, from the log. */
#include "recall.h"

#include <stdlib.h>
#include <string.h>

#include "../store/history.h"

/* The largest doses a routine may write for any exercise (the dose keys'
 * bounds in src/routine/dose.c: reps 1-50, hold 1-300 seconds). A record
 * of the log is only a file: one edited to say 1000 reps must not make the
 * next session say them, nor anything near them. */
enum { RECALL_REPS_MAX = 50, RECALL_HOLD_MAX = 300 };

/* v when within [1, max]; else -1: no dose known, so the routine's own
 * dose stands (a value no routine could hold was not written by coach). */
static int recall_clamp(int v, int max)
{
    return v >= 1 && v <= max ? v : -1;
}

struct recall {
    history *h;
    progress_last *ex;
    session_last last;
};

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
            if (j == n)
                n++;
            r->ex[j] = (progress_last){x->planned, x->variant, recall_clamp(x->reps, RECALL_REPS_MAX),
                                       recall_clamp(x->hold, RECALL_HOLD_MAX), x->max_pain, x->end,
                                       x->eased, s->pain_before};
        }
    }
    /* the latest session ended for pain or a red flag: nothing goes up
     * next time, whatever an exercise's own last time was */
    const history_session *latest = history_last_of(r->h, routine_id);
    if (latest && latest->end &&
        (strcmp(latest->end, "pain") == 0 || strcmp(latest->end, "red_flag") == 0))
        for (size_t j = 0; j < n; j++)
            if (r->ex[j].end && strcmp(r->ex[j].end, "completed") == 0)
                r->ex[j].end = "after a session ended for pain";
    r->last.ex = r->ex;
    r->last.n = n;
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
