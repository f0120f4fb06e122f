/* recall.c: the last session of a routine, from the log. */
#include "recall.h"

#include <stdlib.h>

#include "history.h"

struct recall {
    history *h;
    progress_last *ex;
    session_last last;
    int64_t start_ms;
};

coach_err recall_load(const char *path, const char *routine_id, recall **out, coach_diags *diags)
{
    *out = NULL;
    recall *r = calloc(1, sizeof *r);
    if (!r)
        return COACH_ERR_NOMEM;
    r->last.baseline = -1;
    r->last.ask_next_day = true;
    r->start_ms = -1;
    coach_err err = history_load(path, &r->h, diags);
    if (err) {
        free(r);
        return err;
    }
    const history_session *s = history_last_of(r->h, routine_id);
    if (s) {
        r->ex = calloc(s->n_exercises ? s->n_exercises : 1, sizeof *r->ex);
        if (!r->ex) {
            recall_destroy(r);
            return COACH_ERR_NOMEM;
        }
        for (size_t i = 0; i < s->n_exercises; i++) {
            const history_exercise *x = &s->exercises[i];
            r->ex[i] = (progress_last){x->planned, x->variant, x->reps, x->hold,
                                       x->max_pain, x->end, x->eased};
        }
        r->last.has = true;
        r->last.ex = r->ex;
        r->last.n = s->n_exercises;
        r->last.baseline = s->pain_before;
        r->start_ms = s->start_ms;
    }
    *out = r;
    return COACH_OK;
}

const session_last *recall_last(const recall *r)
{
    return &r->last;
}

double recall_days_since(const recall *r, int64_t now_ms)
{
    return r->start_ms < 0 ? -1 : (double)(now_ms - r->start_ms) / 86400000.0;
}

void recall_destroy(recall *r)
{
    if (!r)
        return;
    free(r->ex);
    history_destroy(r->h);
    free(r);
}
