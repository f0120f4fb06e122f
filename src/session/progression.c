/* progression.c: this session's doses from the last session (progression.h). */
#include "progression.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "beats.h"
#include "../core/defaults.h"
#include "../core/templates.h"

void progression_free(progression *p)
{
    if (!p)
        return;
    free(p->steps);
    p->steps = NULL;
    p->n = 0;
    p->decided = false;
}

/* How exercise step st went last time, or NULL. */
static const progress_last *last_of(const session_last *last, const step *st)
{
    for (size_t i = 0; i < last->n; i++)
        if (last->ex[i].planned && strcmp(last->ex[i].planned, st->exercise->id) == 0)
            return &last->ex[i];
    return NULL;
}

/* Decides the level of every exercise step of l (branches included). */
static void decide_levels(progression *p, const step_list *l, const session_last *last,
                          const char *next_day, const pain_rules *pain)
{
    for (size_t i = 0; l && i < l->n; i++) {
        const step *st = &l->items[i];
        if (st->kind == STEP_QUESTION)
            for (int k = 0; k < st->n_answers; k++)
                decide_levels(p, st->answers[k].branch, last, next_day, pain);
        if (st->kind != STEP_EXERCISE || !st->exercise)
            continue;
        progression_step *s = realloc(p->steps, (p->n + 1) * sizeof *s);
        if (!s)
            abort(); /* small and bounded by the routine, as the engine's plan */
        p->steps = s;
        s[p->n].st = st;
        s[p->n].l = progress_decide(st, last_of(last, st), next_day, last->baseline, pain);
        p->n++;
    }
}

/* Appends "dead bug to nine reps" (or "heel taps instead of dead bug",
 * "side plank to twelve-second holds") to buf, after a comma or "and" when
 * it is not the first. */
static void level_clause(char *buf, size_t size, const progress_level *l, const exercise *planned,
                         bool first, bool last)
{
    char part[300], num[64];
    beats_count_text(num, sizeof num, l->to);
    num[0] = (char)tolower((unsigned char)num[0]);
    if (strcmp(l->field, "variant") == 0)
        snprintf(part, sizeof part, "%s instead of %s", l->variant->name, l->from_variant->name);
    else if (strcmp(l->field, "reps") == 0)
        snprintf(part, sizeof part, "%s to %s %s", planned->name, num, l->to == 1 ? "rep" : "reps");
    else
        snprintf(part, sizeof part, "%s to %s-second holds", planned->name, num);
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "%s%s", first ? "" : last ? " and " : ", ", part);
}

/* The one sentence: what went up (up, k_up of them), what came down
 * (back), after "no" to the next-day question (no), and held: why
 * something that could have gone up did not, or "". malloc'd. */
static char *progression_sentence(const char *up, const char *back, int k_up, int k_back, bool no,
                                  const char *held)
{
    tmpl_args a = {0};
    char text[1700], said[2000];
    if (k_up && k_back) {
        snprintf(text, sizeof text, "%s; and a little less: %s", up, back);
        a.text = text;
        tmpl_format(said, sizeof said, T_PROGRESS_BOTH, &a);
    } else if (k_up) {
        a.text = up;
        tmpl_format(said, sizeof said, T_PROGRESS_UP, &a);
    } else if (k_back) {
        a.text = back;
        tmpl_format(said, sizeof said, no ? T_PROGRESS_BACK_NO : T_PROGRESS_BACK, &a);
    } else {
        tmpl_format(said, sizeof said, no ? T_PROGRESS_KEEP_NO : T_PROGRESS_KEEP, NULL);
    }
    if (*held)
        snprintf(said + strlen(said), sizeof said - strlen(said), " %s", held);
    return strdup(said);
}

char *progression_decide(progression *p, const step_list *steps, const session_last *last,
                         const char *next_day, const pain_rules *pain,
                         progression_change change, void *ctx)
{
    if (!last->has || p->decided)
        return NULL;
    p->decided = true;
    decide_levels(p, steps, last, next_day, pain);
    char up[800] = "", back[800] = "";
    int n_up = 0, n_back = 0, k_up = 0, k_back = 0;
    const exercise *seen[64];
    int n_seen = 0;
    for (size_t i = 0; i < p->n; i++) {
        n_up += p->steps[i].l.change == PROGRESS_UP;
        n_back += p->steps[i].l.change == PROGRESS_BACK;
    }
    for (size_t i = 0; i < p->n; i++) {
        const progress_level *l = &p->steps[i].l;
        const exercise *planned = p->steps[i].st->exercise;
        if (l->change != PROGRESS_UP && l->change != PROGRESS_BACK)
            continue;
        bool dup = false; /* a step repeated in a routine is said once */
        for (int k = 0; k < n_seen; k++)
            dup = dup || seen[k] == planned;
        if (dup)
            continue;
        if (n_seen < 64)
            seen[n_seen++] = planned;
        change(ctx, l, planned);
        if (l->change == PROGRESS_UP) {
            level_clause(up, sizeof up, l, planned, k_up == 0, k_up == n_up - 1);
            k_up++;
        } else {
            level_clause(back, sizeof back, l, planned, k_back == 0, k_back == n_back - 1);
            k_back++;
        }
    }
    bool no = next_day && strcmp(next_day, "no") == 0;
    char held[COACH_SENTENCE_MAX] = "";
    const progress_last *any = last->n ? &last->ex[0] : NULL;
    if (!no && any && progress_pain_rose(any->session_max, any->session_baseline, pain)) {
        /* a rating at any point of the last session, the closing one
         * included, rose: nothing goes up, and the coach says why */
        tmpl_args h = {.n = any->session_max};
        tmpl_format(held, sizeof held, T_PROGRESS_HELD_PAIN, &h);
    }
    bool weekly = false; /* something that could go up waits for its week */
    for (size_t i = 0; i < p->n; i++)
        weekly = weekly || (p->steps[i].l.reason && strcmp(p->steps[i].l.reason, "this_week") == 0);
    if (weekly && !*held)
        tmpl_format(held, sizeof held, T_PROGRESS_WEEKLY, NULL);
    bool not_easy = false; /* something that could go up did not feel easy */
    for (size_t i = 0; i < p->n; i++)
        not_easy = not_easy || (p->steps[i].l.reason && strcmp(p->steps[i].l.reason, "not_easy") == 0);
    if (not_easy) {
        size_t n = strlen(held);
        if (n)
            held[n++] = ' ';
        tmpl_format(held + n, sizeof held - n, T_PROGRESS_NOT_EASY, NULL);
    }
    return progression_sentence(up, back, k_up, k_back, no, held);
}

const progress_level *progression_level_of(const progression *p, const step *st)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->steps[i].st == st)
            return &p->steps[i].l;
    return NULL;
}
