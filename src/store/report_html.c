/* report_html.c: the history report, one self-contained HTML page with two
 * charts drawn here as SVG and tables of the same numbers (docs/export.md).
 *
 * Charts place session k of n at the middle of the k-th of n equal slots, so
 * one session, or five hundred, need no special case; tick labels thin out
 * to about eight and markers shrink with the slots. */
#include "report_html.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tracking.h"

/* Chart geometry, in SVG user units (the viewBox is CHART_W wide). */
enum {
    CHART_W = 960,
    PLOT_L = 90,   /* left of the plot area: y tick labels and axis title */
    PLOT_R = 30,   /* right margin */
    PLOT_H = 300,  /* height of the plot area */
    AXIS_B = 110,  /* below the plot area: x tick labels (3 lines) and title */
    MAX_TICKS = 8, /* x tick labels at most */
};

#define LINE_BEFORE "#5b7fc7" /* lighter than the markers: a line never looks like one */
#define LINE_AFTER "#c2611f"
#define GRID "#c8c8c8"

/* Dose series: colours (none of them the pain markers') and shapes. */
static const char *const dose_colors[] = {"#006e4f", "#7a1f7a", "#5c4a00", "#a3004d",
                                          "#00607a", "#4d4d4d", "#5a3d99", "#7f3300"};
enum { N_DOSE_COLORS = 8, N_SHAPES = 5 };

static const char *const month_names[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

/* ---- text ---------------------------------------------------------------- */

/* Writes s with HTML's special characters escaped (text and attributes). */
static void html_text(FILE *out, const char *s)
{
    for (; s && *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default:
            if ((unsigned char)*s < 0x20 && *s != '\n' && *s != '\t')
                fputc(' ', out);
            else
                fputc(*s, out);
        }
    }
}

/* A session's local date and time, from its ts as written (the person's own
 * clock), else from ms in UTC. */
typedef struct when {
    int year, month, day, hour, minute;
    bool utc;
} when;

static when session_when(const history_session *s)
{
    when w = {1970, 1, 1, 0, 0, false};
    const char *ts = s->start_ts;
    if (ts && sscanf(ts, "%4d-%2d-%2dT%2d:%2d", &w.year, &w.month, &w.day, &w.hour,
                     &w.minute) == 5 && w.month >= 1 && w.month <= 12)
        return w;
    time_t secs = (time_t)((s->start_ms > 0 ? s->start_ms : 0) / 1000);
    struct tm tm;
    if (gmtime_r(&secs, &tm))
        w = (when){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, true};
    w.utc = true;
    return w;
}

/* "2 Nov 2026" */
static void write_date(FILE *out, when w)
{
    fprintf(out, "%d %s %d", w.day, month_names[w.month - 1], w.year);
}

/* "2 Nov 2026, 08:30" (with " UTC" when the local time is not known) */
static void write_date_time(FILE *out, when w)
{
    write_date(out, w);
    fprintf(out, ", %02d:%02d%s", w.hour, w.minute, w.utc ? " UTC" : "");
}

/* A table cell holding a number, or words saying there is none. */
static void cell_num(FILE *out, int v, const char *none)
{
    if (v >= 0)
        fprintf(out, "<td class=\"num\">%d</td>", v);
    else
        fprintf(out, "<td class=\"none\">%s</td>", none);
}

static void cell_text(FILE *out, const char *s, const char *none)
{
    if (s && *s) {
        fputs("<td>", out);
        html_text(out, s);
        fputs("</td>", out);
    } else {
        fprintf(out, "<td class=\"none\">%s</td>", none);
    }
}

/* ---- chart frame ------------------------------------------------------------ */

typedef struct frame {
    size_t n;       /* sessions: slots along x */
    double top;     /* top of the plot area (the legend is above it) */
    double ymax;    /* the value at the top of the plot area */
    double r;       /* marker radius */
} frame;

static double fx(const frame *f, size_t k)
{
    double w = CHART_W - PLOT_L - PLOT_R;
    return PLOT_L + ((double)k + 0.5) * w / (double)f->n;
}

static double fy(const frame *f, double v)
{
    return f->top + PLOT_H - v * PLOT_H / f->ymax;
}

static double marker_radius(size_t n)
{
    double slot = (double)(CHART_W - PLOT_L - PLOT_R) / (double)n;
    double r = slot * 0.3;
    return r > 7 ? 7 : r < 2 ? 2 : r;
}

/* Opens the SVG element: its size, and its accessible name and description. */
static void svg_open(FILE *out, const char *id, double height, const char *title,
                     const char *desc)
{
    fprintf(out,
            "<svg viewBox=\"0 0 %d %.0f\" width=\"%d\" height=\"%.0f\" role=\"img\" "
            "aria-labelledby=\"%s-title %s-desc\" xmlns=\"http://www.w3.org/2000/svg\" "
            "font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"18\">\n"
            "<title id=\"%s-title\">",
            CHART_W, height, CHART_W, height, id, id, id);
    html_text(out, title);
    fprintf(out, "</title>\n<desc id=\"%s-desc\">", id);
    html_text(out, desc);
    fputs("</desc>\n<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n", out);
}

/* Axes, horizontal grid lines with y labels every ystep, x ticks labelled
 * with the session's number, date and (when it changes) year, and the two
 * axis titles. */
static void draw_axes(FILE *out, const history *h, const frame *f, double ystep,
                      const char *ytitle)
{
    double x0 = PLOT_L, x1 = CHART_W - PLOT_R, y0 = f->top + PLOT_H;
    fputs("<g class=\"grid\">\n", out);
    for (double v = 0; v <= f->ymax + 1e-9; v += ystep) {
        double y = fy(f, v);
        if (v > 0)
            fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"" GRID
                         "\" stroke-width=\"1\"/>\n", x0, y, x1, y);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" "
                     "stroke-width=\"2\"/>\n", x0 - 8, y, x0, y);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">%g</text>\n", x0 - 12,
                y + 6, v);
    }
    fputs("</g>\n", out);
    /* axes */
    fprintf(out, "<path d=\"M%.1f %.1f V%.1f H%.1f\" fill=\"none\" stroke=\"#000\" "
                 "stroke-width=\"2\"/>\n", x0, f->top, y0, x1);
    /* x ticks: about MAX_TICKS of them, evenly spaced in sessions */
    size_t step = (f->n + MAX_TICKS - 1) / MAX_TICKS;
    int last_year = -1;
    for (size_t k = 0; k < f->n; k += step) {
        const history_session *s = history_at(h, k);
        when w = session_when(s);
        double x = fx(f, k);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#000\" "
                     "stroke-width=\"2\"/>\n", x, y0, x, y0 + 8);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%zu</text>\n", x,
                y0 + 28, k + 1);
        fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d %s</text>\n", x,
                y0 + 50, w.day, month_names[w.month - 1]);
        if (w.year != last_year)
            fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%d</text>\n", x,
                    y0 + 72, w.year);
        last_year = w.year;
    }
    fprintf(out, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-weight=\"bold\">"
                 "Session: number and date</text>\n", (x0 + x1) / 2, y0 + 100);
    fprintf(out, "<text transform=\"translate(24 %.1f) rotate(-90)\" text-anchor=\"middle\" "
                 "font-weight=\"bold\">", f->top + PLOT_H / 2.0);
    html_text(out, ytitle);
    fputs("</text>\n", out);
}

/* A marker of shape 0-4 (circle, square, triangle up, diamond, triangle
 * down) at x, y; filled, or hollow with a thick outline. */
static void marker(FILE *out, int shape, double x, double y, double r, const char *color,
                   bool hollow)
{
    char paint[96];
    if (hollow)
        snprintf(paint, sizeof paint, "fill=\"none\" stroke=\"%s\" stroke-width=\"3\"", color);
    else
        snprintf(paint, sizeof paint, "fill=\"%s\"", color);
    switch (shape) {
    case 0:
        fprintf(out, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" %s>", x, y, r, paint);
        return;
    case 1:
        fprintf(out, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" %s>", x - r,
                y - r, 2 * r, 2 * r, paint);
        return;
    case 2:
        fprintf(out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" %s>", x, y - r * 1.2,
                x + r * 1.1, y + r * 0.8, x - r * 1.1, y + r * 0.8, paint);
        return;
    case 3:
        fprintf(out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" %s>", x, y - r * 1.3,
                x + r * 1.3, y, x, y + r * 1.3, x - r * 1.3, y, paint);
        return;
    default:
        fprintf(out, "<path d=\"M%.1f %.1fL%.1f %.1fL%.1f %.1fZ\" %s>", x, y + r * 1.2,
                x + r * 1.1, y - r * 0.8, x - r * 1.1, y - r * 0.8, paint);
        return;
    }
}

static const char *const shape_tags[] = {"circle", "rect", "path", "path", "path"};

/* A line through a series, broken where a session has no value. */
typedef struct polyline {
    FILE *out;
    const char *style;
    int points;
} polyline;

static void line_point(polyline *l, double x, double y)
{
    fprintf(l->out, l->points ? " %.1f,%.1f" : "<polyline points=\"%.1f,%.1f", x, y);
    l->points++;
}

static void line_break(polyline *l)
{
    if (l->points)
        fprintf(l->out, "\" fill=\"none\" %s/>\n", l->style);
    l->points = 0;
}

/* ---- pain chart ---------------------------------------------------------------- */

static void pain_chart(FILE *out, const history *h, size_t n)
{
    frame f = {n, 70, 10, marker_radius(n)};
    double hr = f.r + 2; /* the hollow square is larger: a dot inside it shows equal values */
    svg_open(out, "pain", f.top + PLOT_H + AXIS_B, "Pain before and after each session",
             "Pain from 0 to 10 for each session, oldest on the left. Filled circles on a "
             "solid line: before the session. Hollow squares on a dashed line: after it. "
             "The table below holds the same numbers.");
    /* legend */
    fputs("<g class=\"legend\">\n", out);
    fprintf(out, "<line x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"28\" stroke=\"" LINE_BEFORE "\" "
                 "stroke-width=\"2.5\"/>\n", PLOT_L, PLOT_L + 44);
    marker(out, 0, PLOT_L + 22, 28, 7, REPORT_COLOR_BEFORE, false);
    fprintf(out, "</circle>\n<text x=\"%d\" y=\"34\">Before the session</text>\n", PLOT_L + 56);
    fprintf(out, "<line x1=\"%d\" y1=\"28\" x2=\"%d\" y2=\"28\" stroke=\"" LINE_AFTER "\" "
                 "stroke-width=\"2.5\" stroke-dasharray=\"8 5\"/>\n", PLOT_L + 340, PLOT_L + 384);
    marker(out, 1, PLOT_L + 362, 28, 9, REPORT_COLOR_AFTER, true);
    fprintf(out, "</rect>\n<text x=\"%d\" y=\"34\">After the session</text>\n", PLOT_L + 396);
    fputs("</g>\n", out);
    draw_axes(out, h, &f, 2, "Pain, 0 to 10");
    /* lines, then markers over them */
    polyline before = {out, "stroke=\"" LINE_BEFORE "\" stroke-width=\"2.5\"", 0};
    polyline after = {out, "stroke=\"" LINE_AFTER "\" stroke-width=\"2.5\" "
                           "stroke-dasharray=\"8 5\"", 0};
    for (size_t k = 0; k < n; k++) {
        const history_session *s = history_at(h, k);
        if (s->pain_before >= 0)
            line_point(&before, fx(&f, k), fy(&f, s->pain_before));
        else
            line_break(&before);
    }
    line_break(&before);
    for (size_t k = 0; k < n; k++) {
        const history_session *s = history_at(h, k);
        if (s->pain_after >= 0)
            line_point(&after, fx(&f, k), fy(&f, s->pain_after));
        else
            line_break(&after);
    }
    line_break(&after);
    for (size_t k = 0; k < n; k++) {
        const history_session *s = history_at(h, k);
        when w = session_when(s);
        if (s->pain_before >= 0) {
            marker(out, 0, fx(&f, k), fy(&f, s->pain_before), f.r, REPORT_COLOR_BEFORE, false);
            fprintf(out, "<title>Session %zu, %d %s: %d before</title></circle>\n", k + 1, w.day,
                    month_names[w.month - 1], s->pain_before);
        }
        if (s->pain_after >= 0) {
            marker(out, 1, fx(&f, k), fy(&f, s->pain_after), hr, REPORT_COLOR_AFTER, true);
            fprintf(out, "<title>Session %zu, %d %s: %d after</title></rect>\n", k + 1, w.day,
                    month_names[w.month - 1], s->pain_after);
        }
    }
    fputs("</svg>\n", out);
}

/* ---- dose chart ------------------------------------------------------------------ */

/* The dose an exercise started with, as one number: seconds held for a hold,
 * else reps; -1 when it has neither. *held says which. */
static int dose_value(const history_exercise *x, bool *held)
{
    *held = x->hold > 0;
    return x->hold > 0 ? x->hold : x->reps > 0 ? x->reps : -1;
}

typedef struct series {
    const char *id;    /* the routine step's exercise id */
    bool reps, held;   /* what its values are */
} series;

/* The exercises with a dose, in the order they first appear; NULL when out
 * of memory. */
static series *dose_series(const history *h, size_t n, size_t *count, int *vmax)
{
    size_t cap = 8, ns = 0;
    series *sv = malloc(cap * sizeof *sv);
    *vmax = 0;
    for (size_t k = 0; sv && k < n; k++) {
        const history_session *s = history_at(h, k);
        for (size_t i = 0; i < s->n_exercises; i++) {
            const history_exercise *x = &s->exercises[i];
            bool held;
            int v = dose_value(x, &held);
            if (v < 0 || !x->planned)
                continue;
            if (v > *vmax)
                *vmax = v;
            size_t j = 0;
            while (j < ns && strcmp(sv[j].id, x->planned) != 0)
                j++;
            if (j == ns) {
                if (ns == cap) {
                    series *g = realloc(sv, 2 * cap * sizeof *sv);
                    if (!g) {
                        free(sv);
                        return NULL;
                    }
                    sv = g;
                    cap *= 2;
                }
                sv[ns++] = (series){x->planned, false, false};
            }
            if (held)
                sv[j].held = true;
            else
                sv[j].reps = true;
        }
    }
    *count = ns;
    return sv;
}

/* A step of 1, 2 or 5 times a power of ten giving at most 8 intervals up
 * to vmax. */
static double nice_step(int vmax)
{
    double step = 1;
    while (vmax / step > 8) {
        if (vmax / (step * 2) <= 8)
            return step * 2;
        if (vmax / (step * 5) <= 8)
            return step * 5;
        step *= 10;
    }
    return step;
}

static void dose_chart(FILE *out, const history *h, size_t n, const series *sv, size_t ns,
                       int vmax)
{
    enum { PER_ROW = 3, ROW_H = 32 };
    size_t rows = (ns + PER_ROW - 1) / PER_ROW;
    double step = nice_step(vmax);
    frame f = {n, 20 + (double)rows * ROW_H + 10, ceil(vmax / step) * step, marker_radius(n)};
    if (f.ymax <= 0)
        f.ymax = step;
    svg_open(out, "dose", f.top + PLOT_H + AXIS_B, "Doses over time",
             "For each exercise, the reps (or the seconds of each hold) it started with in "
             "each session, oldest on the left. Each exercise has its own colour and marker "
             "shape. The table below holds the same numbers.");
    fputs("<g class=\"legend\">\n", out);
    for (size_t j = 0; j < ns; j++) {
        double x = PLOT_L + (double)(j % PER_ROW) * 280, y = 28 + (double)(j / PER_ROW) * ROW_H;
        const char *color = dose_colors[j % N_DOSE_COLORS];
        int shape = (int)(j % N_SHAPES);
        fprintf(out, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" "
                     "stroke-width=\"2\"/>\n", x, y, x + 36, y, color);
        marker(out, shape, x + 18, y, 7, color, false);
        fprintf(out, "</%s>\n<text x=\"%.1f\" y=\"%.1f\">", shape_tags[shape], x + 46, y + 6);
        html_text(out, sv[j].id);
        fputs(sv[j].reps && sv[j].held ? ": reps or seconds" : sv[j].held ? ": seconds held"
                                                                          : ": reps", out);
        fputs("</text>\n", out);
    }
    fputs("</g>\n", out);
    draw_axes(out, h, &f, step, "Reps, or seconds held");
    for (size_t j = 0; j < ns; j++) {
        const char *color = dose_colors[j % N_DOSE_COLORS];
        int shape = (int)(j % N_SHAPES);
        char style[64];
        snprintf(style, sizeof style, "stroke=\"%s\" stroke-width=\"2\"", color);
        polyline l = {out, style, 0};
        /* the line joins the first occurrence in each session */
        for (size_t k = 0; k < n; k++) {
            const history_session *s = history_at(h, k);
            int v = -1;
            for (size_t i = 0; i < s->n_exercises && v < 0; i++) {
                bool held;
                if (s->exercises[i].planned && strcmp(s->exercises[i].planned, sv[j].id) == 0)
                    v = dose_value(&s->exercises[i], &held);
            }
            if (v >= 0)
                line_point(&l, fx(&f, k), fy(&f, v));
            else
                line_break(&l);
        }
        line_break(&l);
        for (size_t k = 0; k < n; k++) {
            const history_session *s = history_at(h, k);
            for (size_t i = 0; i < s->n_exercises; i++) {
                const history_exercise *x = &s->exercises[i];
                bool held;
                int v = dose_value(x, &held);
                if (v < 0 || !x->planned || strcmp(x->planned, sv[j].id) != 0)
                    continue;
                marker(out, shape, fx(&f, k), fy(&f, v), f.r, color, false);
                fprintf(out, "<title>Session %zu, ", k + 1);
                html_text(out, x->planned);
                fprintf(out, ": %d %s</title></%s>\n", v, held ? "seconds held" : "reps",
                        shape_tags[shape]);
            }
        }
    }
    fputs("</svg>\n", out);
}

/* ---- tables ------------------------------------------------------------------------ */

static void pain_table(FILE *out, const history *h, size_t n)
{
    fputs("<table>\n<caption>Pain before and after each session, 0 to 10</caption>\n"
          "<thead><tr><th scope=\"col\">Session</th><th scope=\"col\">Date</th>"
          "<th scope=\"col\">Routine</th><th scope=\"col\" class=\"num\">Pain before</th>"
          "<th scope=\"col\" class=\"num\">Pain after</th><th scope=\"col\">Ratings</th>"
          "<th scope=\"col\">How it ended</th></tr></thead>\n<tbody>\n", out);
    for (size_t k = 0; k < n; k++) {
        const history_session *s = history_at(h, k);
        fprintf(out, "<tr><th scope=\"row\" class=\"num\">%zu</th><td>", k + 1);
        write_date_time(out, session_when(s));
        fputs("</td>", out);
        cell_text(out, s->title ? s->title : s->routine, "unknown");
        cell_num(out, s->pain_before, "not rated");
        cell_num(out, s->pain_after, "not rated");
        fputs("<td>", out);
        for (size_t i = 0; i < s->n_pains; i++)
            fprintf(out, "%s%d", i ? ", " : "", s->pains[i].value);
        if (s->n_pains == 0)
            fputs("none", out);
        fputs("</td>", out);
        cell_text(out, s->end, "not recorded (the log ends first)");
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

static void dose_table(FILE *out, const history *h, size_t n)
{
    fputs("<table>\n<caption>The dose each exercise started with, session by session</caption>\n"
          "<thead><tr><th scope=\"col\">Session</th><th scope=\"col\">Exercise</th>"
          "<th scope=\"col\" class=\"num\">Sets</th><th scope=\"col\" class=\"num\">Reps</th>"
          "<th scope=\"col\" class=\"num\">Hold, seconds</th>"
          "<th scope=\"col\" class=\"num\">Highest pain</th><th scope=\"col\">Result</th>"
          "</tr></thead>\n<tbody>\n", out);
    for (size_t k = 0; k < n; k++) {
        const history_session *s = history_at(h, k);
        for (size_t i = 0; i < s->n_exercises; i++) {
            const history_exercise *x = &s->exercises[i];
            fprintf(out, "<tr><th scope=\"row\" class=\"num\">%zu</th><td>", k + 1);
            html_text(out, x->planned);
            if (x->variant && x->planned && strcmp(x->variant, x->planned) != 0) {
                fputs(" (as ", out);
                html_text(out, x->variant);
                fputs(")", out);
            }
            fputs("</td>", out);
            cell_num(out, x->sets, "none");
            cell_num(out, x->reps, "none");
            cell_num(out, x->hold, "none");
            cell_num(out, x->max_pain, "not rated");
            fputs("<td>", out);
            html_text(out, x->end ? x->end : "not recorded");
            if (x->eased)
                fputs(", made easier", out);
            if (x->harder)
                fputs(", made harder", out);
            fputs("</td></tr>\n", out);
        }
    }
    fputs("</tbody>\n</table>\n", out);
}

/* The session's latest answer to tracking field f (value, or -1 skipped);
 * -2 when it was not asked. */
static int tracking_of(const history_session *s, int f)
{
    int v = -2;
    for (size_t i = 0; i < s->n_tracking; i++)
        if (s->tracking[i].field == f)
            v = s->tracking[i].value;
    return v;
}

/* The weekly tracking answers (src/store/tracking.h), a row for each
 * session that has any; nothing when none has. */
static void tracking_table(FILE *out, const history *h, size_t n)
{
    bool any = false;
    for (size_t k = 0; k < n && !any; k++)
        any = history_at(h, k)->n_tracking > 0;
    if (!any)
        return;
    fputs("<h2>Weekly tracking answers</h2>\n<p>Asked at the end of a session about once a "
          "week: how long the back stays stiff in the morning, how long sitting is comfortable "
          "and how long walking is possible before the back stops it, in minutes, and "
          "confidence doing everyday tasks that used to cause worry, from 0 to 10.</p>\n"
          "<table>\n<caption>Weekly tracking answers, session by session</caption>\n"
          "<thead><tr><th scope=\"col\">Session</th><th scope=\"col\">Date</th>", out);
    for (int f = 0; f < TRACKING_FIELDS; f++) {
        char head[64];
        snprintf(head, sizeof head, "%s", tracking_field_words(f));
        head[0] = (char)(head[0] - 'a' + 'A');
        fprintf(out, "<th scope=\"col\" class=\"num\">%s, %s</th>", head,
                tracking_in_minutes(f) ? "minutes" : "0 to 10");
    }
    fputs("</tr></thead>\n<tbody>\n", out);
    for (size_t k = 0; k < n; k++) {
        const history_session *s = history_at(h, k);
        if (s->n_tracking == 0)
            continue;
        fprintf(out, "<tr><th scope=\"row\" class=\"num\">%zu</th><td>", k + 1);
        write_date_time(out, session_when(s));
        fputs("</td>", out);
        for (int f = 0; f < TRACKING_FIELDS; f++) {
            int v = tracking_of(s, f);
            cell_num(out, v, v == -1 ? "skipped" : "not asked");
        }
        fputs("</tr>\n", out);
    }
    fputs("</tbody>\n</table>\n", out);
}

/* ---- page ------------------------------------------------------------------------ */

static const char page_css[] =
    ":root{color-scheme:light}\n"
    "body{margin:0;background:#fff;color:#000;font-family:system-ui,\"DejaVu Sans\",Arial,"
    "sans-serif;font-size:1.25rem;line-height:1.5}\n"
    "main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem 3rem}\n"
    "h1{font-size:2.25rem;line-height:1.2;margin:1rem 0}\n"
    "h2{font-size:1.6rem;line-height:1.25;margin:2.5rem 0 .5rem;padding-top:1rem;"
    "border-top:3px solid #000}\n"
    "figure{margin:1rem 0}\n"
    "svg{display:block;width:100%;height:auto}\n"
    "figcaption{margin-top:.5rem}\n"
    "table{border-collapse:collapse;width:100%;margin:1rem 0}\n"
    "caption{text-align:left;font-weight:bold;padding:.5rem 0}\n"
    "th,td{border:2px solid #000;padding:.35rem .6rem;text-align:left;vertical-align:top}\n"
    "thead th{background:#e6e6e6}\n"
    "tbody tr:nth-child(even){background:#f3f3f3}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums}\n"
    ".none{font-style:italic}\n"
    "@media print{body{font-size:12pt}main{max-width:none;padding:0}"
    "h2{break-after:avoid;border-top-width:2px}figure,tr{break-inside:avoid}"
    "thead{display:table-header-group}tbody tr:nth-child(even){background:none}}\n";

static coach_err write_page(FILE *out, const history *h)
{
    size_t n = history_count(h), ratings = 0;
    bool any_pain = false;
    for (size_t k = 0; k < n; k++) {
        const history_session *s = history_at(h, k);
        ratings += s->n_pains;
        any_pain = any_pain || s->pain_before >= 0 || s->pain_after >= 0;
    }
    fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                 "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                 "<title>Your sessions: pain and doses</title>\n<style>\n%s</style>\n"
                 "</head>\n<body>\n<main>\n<h1>Your sessions</h1>\n", page_css);
    size_t bad = history_bad_lines(h);
    if (n == 0) {
        fputs("<p>There is nothing here yet: no session has been logged. After your first "
              "session, this page will show your pain before and after each session, and the "
              "doses of your exercises.</p>\n", out);
    } else {
        fprintf(out, "<p>%zu session%s, from ", n, n == 1 ? "" : "s");
        write_date(out, session_when(history_at(h, 0)));
        fputs(" to ", out);
        write_date(out, session_when(history_at(h, n - 1)));
        fprintf(out, ", with %zu pain rating%s. Pain is on a scale from 0 (none) to 10 "
                     "(the worst you can imagine).</p>\n", ratings, ratings == 1 ? "" : "s");
    }
    if (bad)
        fprintf(out, "<p>%zu line%s of the log could not be read and %s left out.</p>\n", bad,
                bad == 1 ? "" : "s", bad == 1 ? "is" : "are");
    if (n == 0) {
        fputs("</main>\n</body>\n</html>\n", out);
        return COACH_OK;
    }
    fputs("<h2>Pain before and after each session</h2>\n", out);
    if (any_pain) {
        fputs("<figure>\n", out);
        pain_chart(out, h, n);
        fputs("<figcaption>Filled circles: pain before the session. Hollow squares: pain after "
              "it. A circle inside a square means the two were the same.</figcaption>\n"
              "</figure>\n", out);
    } else {
        fputs("<p>None of these sessions has a pain rating yet, so there is no pain chart."
              "</p>\n", out);
    }
    pain_table(out, h, n);
    fputs("<h2>Doses over time</h2>\n", out);
    size_t ns = 0;
    int vmax = 0;
    series *sv = dose_series(h, n, &ns, &vmax);
    if (!sv)
        return COACH_ERR_NOMEM;
    if (ns > 0) {
        fputs("<figure>\n", out);
        dose_chart(out, h, n, sv, ns, vmax);
        fputs("<figcaption>Each exercise has its own colour and marker shape; the legend above "
              "the chart names them.</figcaption>\n</figure>\n", out);
    } else {
        fputs("<p>No exercise with reps or holds has started yet, so there is no dose chart."
              "</p>\n", out);
    }
    free(sv);
    dose_table(out, h, n);
    tracking_table(out, h, n);
    fputs("</main>\n</body>\n</html>\n", out);
    return COACH_OK;
}

coach_err report_html_write(const history *h, FILE *out, coach_diags *diags)
{
    if (!h || !out) {
        coach_diags_add(diags, NULL, 0, 0, "nothing to report: no session log was read");
        return COACH_ERR_USAGE;
    }
    errno = 0;
    if (write_page(out, h) != COACH_OK) {
        coach_diags_add(diags, NULL, 0, 0, "out of memory while writing the report");
        return COACH_ERR_NOMEM;
    }
    if (fflush(out) != 0 || ferror(out)) {
        coach_diags_add(diags, NULL, 0, 0, "could not write the report: %s",
                        errno ? strerror(errno) : "write error");
        return COACH_ERR_IO;
    }
    return COACH_OK;
}
