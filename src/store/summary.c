/* summary.c: the history in a few sentences, and as JSON. */
#include "summary.h"

#include <string.h>

#include "../core/templates.h"
#include "../core/timeline.h"

#define DAY_MS 86400000LL

void summary_id_words(const char *id, char *buf, size_t size)
{
    snprintf(buf, size, "%s", id ? id : "");
    for (char *p = buf; *p; p++)
        if (*p == '-' || *p == '_')
            *p = ' ';
}

/* Fills the pain trend of the last 30 days: first and latest rating. */
static void trend(const history *h, int64_t since, bool before, int *first, int *last, int *n)
{
    *first = *last = -1;
    *n = 0;
    for (size_t i = 0; i < history_count(h); i++) {
        const history_session *s = history_at(h, i);
        int v = before ? s->pain_before : s->pain_after;
        if (s->start_ms < since || v < 0)
            continue;
        if (*first < 0)
            *first = v;
        *last = v;
        (*n)++;
    }
}

/* "today", "yesterday", "3 days ago" (in words). */
static void days_ago(double days, char *buf, size_t size)
{
    int d = days < 0 ? 0 : (int)days;
    if (d == 0) {
        snprintf(buf, size, "today");
    } else if (d == 1) {
        snprintf(buf, size, "yesterday");
    } else {
        char w[64];
        tmpl_number_words(w, sizeof w, d);
        snprintf(buf, size, "%s days ago", w);
    }
}

/* Appends a sentence made from template id. */
static void say(summary *s, tmpl_id id, const tmpl_args *a)
{
    if (s->n_sentences < SUMMARY_MAX)
        tmpl_format(s->sentences[s->n_sentences++], sizeof s->sentences[0], id, a);
}

/* "dead bug, 9 reps", "heel taps, 6 reps", "side plank, 20-second holds". */
static void level_words(const struct summary_level *l, char *buf, size_t size)
{
    char name[128], n[64];
    summary_id_words(l->x->variant, name, sizeof name);
    if (l->x->hold > 0) {
        tmpl_number_words(n, sizeof n, l->x->hold);
        snprintf(buf, size, "%s, %s-second holds", name, n);
    } else if (l->x->reps > 0) {
        tmpl_number_words(n, sizeof n, l->x->reps);
        snprintf(buf, size, "%s, %s %s", name, n, l->x->reps == 1 ? "rep" : "reps");
    } else {
        snprintf(buf, size, "%s", name);
    }
}

/* Fills s->tracking from every tracking answer of h (skipped ones are
 * not answers), oldest first. */
static void tracking_trend(const history *h, summary *s)
{
    s->tracking_ms = -1;
    for (int f = 0; f < TRACKING_FIELDS; f++)
        s->tracking[f] = (struct summary_tracking){-1, -1, 0, NULL};
    for (size_t i = 0; i < history_count(h); i++) {
        const history_session *x = history_at(h, i);
        for (size_t k = 0; k < x->n_tracking; k++) {
            const history_tracking *t = &x->tracking[k];
            if (t->value < 0 || t->field < 0 || t->field >= TRACKING_FIELDS)
                continue;
            struct summary_tracking *m = &s->tracking[t->field];
            if (m->answers++ == 0)
                m->first = t->value;
            m->last = t->value;
            m->last_ts = t->ts;
            if (t->ms > s->tracking_ms)
                s->tracking_ms = t->ms;
        }
    }
}

/* The sentence of the latest tracking answers: "morning stiffness fifteen
 * minutes, down from thirty; sitting ...", said after the levels. */
static void tracking_sentence(summary *s, int64_t now_ms)
{
    char text[600] = "", part[320], v[96], was[96];
    for (int f = 0; f < TRACKING_FIELDS; f++) {
        const struct summary_tracking *m = &s->tracking[f];
        if (m->answers == 0)
            continue;
        tracking_value_words(f, m->last, v, sizeof v);
        if (m->answers > 1 && m->first != m->last) {
            tracking_value_words(f, m->first, was, sizeof was);
            snprintf(part, sizeof part, "%s %s, %s from %s", tracking_field_words(f), v,
                     m->last < m->first ? "down" : "up", was);
        } else {
            snprintf(part, sizeof part, "%s %s", tracking_field_words(f), v);
        }
        size_t n = strlen(text);
        snprintf(text + n, sizeof text - n, "%s%s", n ? "; " : "", part);
    }
    if (!*text)
        return;
    char when[128];
    days_ago((double)(now_ms - s->tracking_ms) / DAY_MS, when, sizeof when);
    tmpl_args a = {.title = when, .text = text};
    say(s, T_HISTORY_TRACKING, &a);
}

void summary_make(const history *h, int64_t now_ms, summary *s)
{
    memset(s, 0, sizeof *s);
    tracking_trend(h, s);
    int64_t since7 = now_ms - 7 * DAY_MS, since30 = now_ms - 30 * DAY_MS;
    struct skip_count {
        const char *id;
        int n;
    } skipped[64];
    int n_skipped = 0;
    for (size_t i = 0; i < history_count(h); i++) {
        const history_session *x = history_at(h, i);
        s->n_total++;
        s->n_7 += x->start_ms >= since7 && x->start_ms <= now_ms;
        s->n_30 += x->start_ms >= since30 && x->start_ms <= now_ms;
        if (!s->last || x->start_ms >= s->last->start_ms)
            s->last = x;
        for (size_t k = 0; k < x->n_exercises; k++) {
            const history_exercise *e = &x->exercises[k];
            /* the latest level of each exercise */
            int j = 0;
            while (j < s->n_levels && strcmp(s->levels[j].planned, e->planned) != 0)
                j++;
            if (j == s->n_levels && s->n_levels < 64)
                s->levels[s->n_levels++].planned = e->planned;
            if (j < s->n_levels && (!s->levels[j].s || x->start_ms >= s->levels[j].s->start_ms)) {
                s->levels[j].x = e;
                s->levels[j].s = x;
            }
            if (x->start_ms < since30 || !e->end || strcmp(e->end, "skipped") != 0)
                continue;
            j = 0;
            while (j < n_skipped && strcmp(skipped[j].id, e->planned) != 0)
                j++;
            if (j == n_skipped && n_skipped < 64)
                skipped[n_skipped++] = (struct skip_count){e->planned, 0};
            if (j < n_skipped)
                skipped[j].n++;
        }
    }
    for (int j = 0; j < n_skipped; j++)
        if (skipped[j].n > s->skips) {
            s->skips = skipped[j].n;
            s->most_skipped = skipped[j].id;
        }
    trend(h, since30, true, &s->before_first, &s->before_last, &s->n_before);
    trend(h, since30, false, &s->after_first, &s->after_last, &s->n_after);
    s->last_days = s->last ? (double)(now_ms - s->last->start_ms) / DAY_MS : -1;

    if (!s->last) {
        say(s, T_HISTORY_NONE, NULL);
        return;
    }
    tmpl_args a = {.n = s->n_7, .m = s->n_30};
    say(s, T_HISTORY_COUNT, &a);
    char when[128], title[256];
    days_ago(s->last_days, when, sizeof when);
    summary_id_words(s->last->routine, title, sizeof title);
    a = (tmpl_args){.title = s->last->title ? s->last->title : title, .text = when};
    say(s, T_HISTORY_LAST, &a);
    if (s->n_before) {
        a = (tmpl_args){.n = s->before_first, .m = s->before_last};
        say(s, s->n_before > 1 && s->before_first != s->before_last ? T_HISTORY_PAIN_BEFORE
                                                                    : T_HISTORY_PAIN_BEFORE_SAME,
            &a);
    }
    if (s->n_after) {
        a = (tmpl_args){.n = s->after_first, .m = s->after_last};
        say(s, s->n_after > 1 && s->after_first != s->after_last ? T_HISTORY_PAIN_AFTER
                                                                 : T_HISTORY_PAIN_AFTER_SAME,
            &a);
    }
    if (s->most_skipped) {
        char name[128];
        summary_id_words(s->most_skipped, name, sizeof name);
        a = (tmpl_args){.name = name, .n = s->skips};
        say(s, T_HISTORY_SKIPPED, &a);
    }
    if (s->n_levels) {
        char text[600] = "", part[400];
        for (int j = 0; j < s->n_levels; j++) {
            level_words(&s->levels[j], part, sizeof part);
            size_t n = strlen(text);
            snprintf(text + n, sizeof text - n, "%s%s", j == 0 ? "" : "; ", part);
        }
        a = (tmpl_args){.text = text};
        say(s, T_HISTORY_LEVELS, &a);
    }
    tracking_sentence(s, now_ms);
}

static void json_int(FILE *out, const char *key, int v)
{
    if (v >= 0)
        fprintf(out, ",\"%s\":%d", key, v);
    else
        fprintf(out, ",\"%s\":null", key);
}

void summary_write_json(const summary *s, FILE *out)
{
    fprintf(out, "{\"sessions_7_days\":%d,\"sessions_30_days\":%d,\"sessions\":%d", s->n_7, s->n_30,
            s->n_total);
    fputs(",\"last_session\":", out);
    if (s->last) {
        fputs("{\"id\":", out);
        timeline_json_string(out, s->last->id);
        fputs(",\"routine\":", out);
        timeline_json_string(out, s->last->routine);
        fputs(",\"start\":", out);
        timeline_json_string(out, s->last->start_ts);
        fputs(",\"end\":", out);
        if (s->last->end)
            timeline_json_string(out, s->last->end);
        else
            fputs("null", out);
        fputs("}", out);
    } else {
        fputs("null", out);
    }
    fputs(",\"pain_before\":{", out);
    fprintf(out, "\"ratings\":%d", s->n_before);
    json_int(out, "first", s->before_first);
    json_int(out, "last", s->before_last);
    fputs("},\"pain_after\":{", out);
    fprintf(out, "\"ratings\":%d", s->n_after);
    json_int(out, "first", s->after_first);
    json_int(out, "last", s->after_last);
    fputs("},\"most_skipped\":", out);
    if (s->most_skipped) {
        fputs("{\"exercise\":", out);
        timeline_json_string(out, s->most_skipped);
        fprintf(out, ",\"times\":%d}", s->skips);
    } else {
        fputs("null", out);
    }
    fputs(",\"exercises\":[", out);
    for (int j = 0; j < s->n_levels; j++) {
        const history_exercise *x = s->levels[j].x;
        fputs(j ? ",{\"exercise\":" : "{\"exercise\":", out);
        timeline_json_string(out, s->levels[j].planned);
        fputs(",\"variant\":", out);
        timeline_json_string(out, x->variant);
        json_int(out, "sets", x->sets);
        json_int(out, "reps", x->reps);
        json_int(out, "hold", x->hold);
        fputs(",\"session\":", out);
        timeline_json_string(out, s->levels[j].s->start_ts);
        fputs("}", out);
    }
    fputs("],\"tracking\":[", out);
    int k = 0;
    for (int f = 0; f < TRACKING_FIELDS; f++) {
        const struct summary_tracking *m = &s->tracking[f];
        if (m->answers == 0)
            continue;
        fputs(k++ ? ",{\"field\":" : "{\"field\":", out);
        timeline_json_string(out, tracking_field_name(f));
        fprintf(out, ",\"unit\":\"%s\",\"answers\":%d", tracking_in_minutes(f) ? "minutes" : "0-10",
                m->answers);
        json_int(out, "first", m->first);
        json_int(out, "last", m->last);
        fputs(",\"last_time\":", out);
        timeline_json_string(out, m->last_ts);
        fputs("}", out);
    }
    fputs("],\"summary\":[", out);
    for (int i = 0; i < s->n_sentences; i++) {
        if (i)
            fputc(',', out);
        timeline_json_string(out, s->sentences[i]);
    }
    fputs("]}\n", out);
}
