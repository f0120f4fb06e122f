/* test_export.c: the FHIR export and the HTML report of the known log
 * (tests/data/history/known.jsonl: four sessions, seven pain ratings, a torn
 * last line). The Bundle holds one Observation per rating with the LOINC
 * code, the value and the rating's own time; strings are escaped; an empty
 * log gives a Bundle with no entry. The report holds the table's numbers,
 * two SVG charts, no script and nothing fetched from elsewhere; it copes with
 * no session, sessions without ratings and three hundred sessions; a write
 * error is reported. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "store/export_fhir.h"
#include "store/history.h"
#include "store/report_html.h"

/* Runs one writer into a string; *err gets its result. The caller frees. */
static char *render(const history *h, int fhir, coach_err *err)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    coach_diags *d = coach_diags_create();
    /* 2026-11-21T14:31:02.123Z */
    *err = fhir ? export_fhir_write_at(h, f, INT64_C(1795271462123), d)
                : report_html_write(h, f, d);
    fclose(f);
    coach_diags_destroy(d);
    return buf;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = s; p && (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* The values after each occurrence of key ("key": 12 or "key": "text"), in
 * order, written to vals as they appear (strings without their quotes). */
static size_t values_of(const char *s, const char *key, char vals[][64], size_t max)
{
    size_t n = 0;
    char pat[80];
    snprintf(pat, sizeof pat, "\"%s\": ", key);
    for (const char *p = s; n < max && (p = strstr(p, pat)); n++) {
        p += strlen(pat);
        size_t k = 0;
        if (*p == '"')
            for (p++; *p && *p != '"' && k < 63; p++)
                vals[n][k++] = *p;
        else
            for (; *p && *p != ',' && *p != '\n' && *p != '}' && k < 63; p++)
                vals[n][k++] = *p;
        vals[n][k] = '\0';
    }
    return n;
}

/* Whether braces and brackets outside strings balance and never go below
 * zero, and strings end: the shape of a JSON document. */
static int json_balanced(const char *s)
{
    int depth = 0, in_str = 0;
    for (; *s; s++) {
        if (in_str) {
            if (*s == '\\' && s[1])
                s++;
            else if (*s == '"')
                in_str = 0;
            else if ((unsigned char)*s < 0x20)
                return 0;
        } else if (*s == '"') {
            in_str = 1;
        } else if (*s == '{' || *s == '[') {
            depth++;
        } else if (*s == '}' || *s == ']') {
            if (--depth < 0)
                return 0;
        }
    }
    return depth == 0 && !in_str;
}

static history *load_known(void)
{
    history *h = NULL;
    coach_diags *d = coach_diags_create();
    CHECK_INT(history_load(COACH_SOURCE_DIR "/tests/data/history/known.jsonl", &h, d), COACH_OK);
    coach_diags_destroy(d);
    return h;
}

static void test_fhir_known(void)
{
    history *h = load_known();
    CHECK(h != NULL);
    if (!h)
        return;
    CHECK_INT(history_count(h), 4);
    coach_err err = COACH_ERR_INTERNAL;
    char *j = render(h, 1, &err);
    CHECK_INT(err, COACH_OK);
    CHECK(j != NULL);
    if (!j) {
        history_destroy(h);
        return;
    }
    CHECK(json_balanced(j));
    CHECK_CONTAINS(j, "\"resourceType\": \"Bundle\"");
    CHECK_CONTAINS(j, "\"type\": \"collection\"");
    CHECK_CONTAINS(j, "\"timestamp\": \"2026-11-21T14:31:02.123Z\"");
    /* one Observation per rating of every session */
    size_t ratings = 0;
    for (size_t k = 0; k < history_count(h); k++)
        ratings += history_at(h, k)->n_pains;
    CHECK_INT(ratings, 7);
    CHECK_INT(count(j, "\"resourceType\": \"Observation\""), ratings);
    CHECK_INT(count(j, "\"fullUrl\": \"urn:uuid:"), ratings);
    CHECK_INT(count(j, "\"status\": \"final\""), ratings);
    CHECK_INT(count(j, "{\"system\": \"http://loinc.org\", \"code\": \"72514-3\""), ratings);
    CHECK_INT(count(j, "\"system\": \"http://terminology.hl7.org/CodeSystem/observation-category"
                       "\", \"code\": \"survey\""), ratings);
    /* values and times, in the log's order */
    static const char *const want_v[] = {"4", "3", "3", "3", "5", "2", "5"};
    static const char *const want_t[] = {
        "2026-11-02T08:30:12.000+01:00", "2026-11-02T08:30:50.000+01:00",
        "2026-11-02T08:33:50.000+01:00", "2026-11-09T08:30:15.000+01:00",
        "2026-11-09T08:33:00.000+01:00", "2026-11-09T08:34:10.000+01:00",
        "2026-11-20T08:30:15.000+01:00"};
    char vals[16][64];
    CHECK_INT(values_of(j, "valueInteger", vals, 16), 7);
    for (size_t i = 0; i < 7; i++)
        CHECK_STR(vals[i], want_v[i]);
    CHECK_INT(values_of(j, "effectiveDateTime", vals, 16), 7);
    for (size_t i = 0; i < 7; i++)
        CHECK_STR(vals[i], want_t[i]);
    /* notes name the moment and the routine */
    CHECK_INT(values_of(j, "text", vals, 16), 14); /* code.text and note.text, each entry */
    CHECK_STR(vals[1], "Before the session. Routine: Day one (day-one).");
    CHECK_STR(vals[3], "During the exercise dead-bug. Routine: Day one (day-one).");
    CHECK_STR(vals[5], "After the exercises. Routine: Day one (day-one).");
    CHECK_STR(vals[9], "During the exercise bird-dog. Routine: Day one (day-one).");
    /* ids: version 8 UUIDs, all different, the same on a second export */
    char ids[16][64];
    CHECK_INT(values_of(j, "fullUrl", ids, 16), 7);
    for (size_t i = 0; i < 7; i++) {
        CHECK_INT(strlen(ids[i]), 9 + 36);
        CHECK(ids[i][9 + 14] == '8');
        CHECK(strchr("89ab", ids[i][9 + 19]) != NULL);
        for (size_t k = 0; k < i; k++)
            CHECK(strcmp(ids[i], ids[k]) != 0);
    }
    char *j2 = render(h, 1, &err);
    CHECK(j2 && strcmp(j, j2) == 0);
    /* nothing that identifies the person */
    CHECK(strstr(j, "subject") == NULL && strstr(j, "Patient") == NULL);
    free(j2);
    free(j);
    history_destroy(h);
}

static void test_fhir_edges(void)
{
    /* no session: a Bundle with no entry (FHIR JSON has no empty arrays) */
    history *h = NULL;
    CHECK_INT(history_parse("", 0, &h), COACH_OK);
    coach_err err = COACH_ERR_INTERNAL;
    char *j = render(h, 1, &err);
    CHECK_INT(err, COACH_OK);
    CHECK(j && json_balanced(j));
    CHECK(j && strstr(j, "entry") == NULL);
    CHECK_CONTAINS(j, "\"resourceType\": \"Bundle\"");
    free(j);
    history_destroy(h);
    /* a title with quotes, a backslash and a tab is escaped */
    static const char log[] =
        "{\"ts\":\"2026-11-02T08:30:00.000+01:00\",\"session\":\"s1\",\"event\":\"session_start\","
        "\"t\":0.0,\"routine\":\"r\",\"title\":\"Say \\\"ah\\\" \\\\ now\\t<b>\"}\n"
        "{\"ts\":\"2026-11-02T08:30:12.5Z\",\"session\":\"s1\",\"event\":\"pain\",\"t\":12.0,"
        "\"value\":0}\n"
        "{\"ts\":\"2026-11-02T08:30:13.000+23:00\",\"session\":\"s1\",\"event\":\"pain\","
        "\"t\":13.0,\"value\":10}\n";
    CHECK_INT(history_parse(log, strlen(log), &h), COACH_OK);
    j = render(h, 1, &err);
    CHECK_INT(err, COACH_OK);
    CHECK(j && json_balanced(j));
    CHECK_CONTAINS(j, "Routine: Say \\\"ah\\\" \\\\ now\\t<b> (r).");
    char vals[4][64];
    CHECK_INT(values_of(j, "valueInteger", vals, 4), 2);
    CHECK_STR(vals[0], "0");
    CHECK_STR(vals[1], "10");
    /* FHIR allows offsets up to 14:00: the other falls back to UTC */
    CHECK_INT(values_of(j, "effectiveDateTime", vals, 4), 2);
    CHECK_STR(vals[0], "2026-11-02T08:30:12.5Z");
    CHECK_STR(vals[1], "2026-11-01T09:30:13.000Z");
    free(j);
    /* the report escapes the same title */
    j = render(h, 0, &err);
    CHECK_CONTAINS(j, "Say &quot;ah&quot; \\ now");
    CHECK_CONTAINS(j, "&lt;b&gt;");
    CHECK(j && strstr(j, "<b>") == NULL);
    free(j);
    char buf[64];
    CHECK_STR(export_fhir_datetime("2026-11-02T08:30:12+01:00", 0, buf, sizeof buf),
              "2026-11-02T08:30:12+01:00");
    CHECK_STR(export_fhir_datetime("2026-11-02T08:30+01:00", INT64_C(1793604612000), buf,
                                   sizeof buf), "2026-11-02T07:30:12.000Z");
    CHECK_STR(export_fhir_datetime("2026-11-02T08:30:12.000+14:01", 0, buf, sizeof buf),
              "1970-01-01T00:00:00.000Z");
    CHECK_STR(export_fhir_datetime("2026-11-02T08:30:12.000-14:00", 0, buf, sizeof buf),
              "2026-11-02T08:30:12.000-14:00");
    /* a write error is COACH_ERR_IO with a sentence */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        coach_diags *d = coach_diags_create();
        CHECK_INT(export_fhir_write(h, full, d), COACH_ERR_IO);
        CHECK_INT(report_html_write(h, full, d), COACH_ERR_IO);
        CHECK_INT(coach_diags_count(d), 2);
        if (coach_diags_count(d) >= 2) {
            CHECK_CONTAINS(coach_diags_get(d, 0)->message, "could not write the FHIR export");
            CHECK_CONTAINS(coach_diags_get(d, 1)->message, "could not write the report");
        }
        coach_diags_destroy(d);
        fclose(full);
    }
    CHECK_INT(export_fhir_write(NULL, stdout, NULL), COACH_ERR_USAGE);
    CHECK_INT(report_html_write(h, NULL, NULL), COACH_ERR_USAGE);
    history_destroy(h);
}

/* The parts every report has: an HTML5 page that stands alone. */
static void check_page(const char *p)
{
    CHECK(p && strncmp(p, "<!DOCTYPE html>\n<html lang=\"en\">", 32) == 0);
    CHECK_CONTAINS(p, "<title>");
    CHECK_CONTAINS(p, "<h1>");
    CHECK_CONTAINS(p, "@media print");
    CHECK_CONTAINS(p, "</html>\n");
    CHECK(p && strstr(p, "<script") == NULL);
    CHECK(p && strstr(p, "src=") == NULL && strstr(p, "href=") == NULL);
    CHECK(p && strstr(p, "url(") == NULL && strstr(p, "@import") == NULL);
    CHECK(p && strstr(p, "<link") == NULL && strstr(p, "<img") == NULL);
}

static void test_report_known(void)
{
    history *h = load_known();
    if (!h)
        return;
    coach_err err = COACH_ERR_INTERNAL;
    char *p = render(h, 0, &err);
    CHECK_INT(err, COACH_OK);
    check_page(p);
    CHECK_INT(count(p, "<svg "), 2);
    CHECK_INT(count(p, "</svg>"), 2);
    CHECK_INT(count(p, "<table>"), 2);
    CHECK_CONTAINS(p, "4 sessions, from 2 Nov 2026 to 20 Nov 2026, with 7 pain ratings.");
    CHECK_CONTAINS(p, "1 line of the log could not be read and is left out.");
    /* the pain table: session, date, routine, before, after, ratings, end */
    CHECK_CONTAINS(p, "<tr><th scope=\"row\" class=\"num\">1</th><td>2 Nov 2026, 08:30</td>"
                      "<td>Day one</td><td class=\"num\">4</td><td class=\"num\">3</td>"
                      "<td>4, 3, 3</td><td>completed</td></tr>");
    CHECK_CONTAINS(p, "<tr><th scope=\"row\" class=\"num\">2</th><td>9 Nov 2026, 08:30</td>"
                      "<td>Day one</td><td class=\"num\">3</td><td class=\"num\">2</td>"
                      "<td>3, 5, 2</td><td>completed</td></tr>");
    CHECK_CONTAINS(p, "<tr><th scope=\"row\" class=\"num\">3</th><td>16 Nov 2026, 19:00</td>"
                      "<td>Desk movement snack</td><td class=\"none\">not rated</td>"
                      "<td class=\"none\">not rated</td><td>none</td><td>stopped</td></tr>");
    CHECK_CONTAINS(p, "<tr><th scope=\"row\" class=\"num\">4</th><td>20 Nov 2026, 08:30</td>"
                      "<td>Day one</td><td class=\"num\">5</td><td class=\"none\">not rated</td>"
                      "<td>5</td><td class=\"none\">not recorded (the log ends first)</td></tr>");
    /* the dose table */
    CHECK_CONTAINS(p, "<tr><th scope=\"row\" class=\"num\">1</th><td>dead-bug</td>"
                      "<td class=\"num\">2</td><td class=\"num\">8</td>"
                      "<td class=\"none\">none</td><td class=\"num\">3</td><td>completed</td></tr>");
    CHECK_CONTAINS(p, "<tr><th scope=\"row\" class=\"num\">2</th><td>dead-bug</td>"
                      "<td class=\"num\">2</td><td class=\"num\">9</td>");
    CHECK_CONTAINS(p, "<td>hip-hinge</td><td class=\"num\">1</td><td class=\"num\">5</td>");
    /* the charts: one marker per value, the same numbers as the table */
    CHECK_INT(count(p, "fill=\"" REPORT_COLOR_BEFORE "\""), 1 + 3);   /* legend + 3 sessions */
    CHECK_INT(count(p, "stroke=\"" REPORT_COLOR_AFTER "\""), 1 + 2);
    CHECK_CONTAINS(p, "<title>Session 1, 2 Nov: 4 before</title>");
    CHECK_CONTAINS(p, "<title>Session 1, 2 Nov: 3 after</title>");
    CHECK_CONTAINS(p, "<title>Session 4, 20 Nov: 5 before</title>");
    CHECK(strstr(p, "Session 3, 16 Nov: ") == NULL); /* no rating, no marker */
    CHECK_CONTAINS(p, "<title>Session 2, dead-bug: 9 reps</title>");
    CHECK_CONTAINS(p, "<title>Session 3, hip-hinge: 5 reps</title>");
    CHECK_CONTAINS(p, "role=\"img\" aria-labelledby=\"pain-title pain-desc\"");
    free(p);
    history_destroy(h);
}

static void test_report_edges(void)
{
    /* no session */
    history *h = NULL;
    coach_err err = COACH_ERR_INTERNAL;
    CHECK_INT(history_load(COACH_SOURCE_DIR "/tests/data/history/no-such-file.jsonl", &h, NULL),
              COACH_OK);
    char *p = render(h, 0, &err);
    CHECK_INT(err, COACH_OK);
    check_page(p);
    CHECK_CONTAINS(p, "There is nothing here yet");
    CHECK(p && strstr(p, "<svg") == NULL && strstr(p, "<table") == NULL);
    free(p);
    history_destroy(h);

    /* one session with exercises and no rating: no pain chart, a dose chart */
    static const char one[] =
        "{\"ts\":\"2026-11-02T08:30:00.000+01:00\",\"session\":\"a\",\"event\":\"session_start\","
        "\"t\":0.0,\"routine\":\"r\",\"title\":\"R\"}\n"
        "{\"ts\":\"2026-11-02T08:30:10.000+01:00\",\"session\":\"a\",\"event\":\"exercise_start\","
        "\"t\":10.0,\"exercise\":\"side-plank\",\"planned\":\"side-plank\",\"sets\":2,"
        "\"reps\":3,\"hold\":20}\n";
    CHECK_INT(history_parse(one, strlen(one), &h), COACH_OK);
    p = render(h, 0, &err);
    CHECK_INT(err, COACH_OK);
    check_page(p);
    CHECK_CONTAINS(p, "None of these sessions has a pain rating yet");
    CHECK_INT(count(p, "<svg "), 1);
    CHECK_CONTAINS(p, "side-plank: seconds held");
    CHECK_CONTAINS(p, "<title>Session 1, side-plank: 20 seconds held</title>");
    free(p);
    history_destroy(h);

    /* three hundred sessions over two years */
    size_t cap = 300 * 1024, len = 0;
    char *log = malloc(cap);
    CHECK(log != NULL);
    if (!log)
        return;
    for (int k = 0; k < 300; k++) {
        int day = 1 + (k % 14) * 2, month = 1 + (k / 14) % 12, year = 2026 + k / 168;
        char id[32], ts[40];
        snprintf(id, sizeof id, "s%03d", k);
        snprintf(ts, sizeof ts, "%04d-%02d-%02dT08:%02d:00.000+01:00", year, month, day, k % 60);
        len += (size_t)snprintf(log + len, cap - len,
            "{\"ts\":\"%s\",\"session\":\"%s\",\"event\":\"session_start\",\"t\":0,"
            "\"routine\":\"r\",\"title\":\"R\"}\n"
            "{\"ts\":\"%s\",\"session\":\"%s\",\"event\":\"pain\",\"t\":1,\"value\":%d}\n"
            "{\"ts\":\"%s\",\"session\":\"%s\",\"event\":\"exercise_start\",\"t\":2,"
            "\"exercise\":\"e%d\",\"planned\":\"e%d\",\"reps\":%d}\n"
            "{\"ts\":\"%s\",\"session\":\"%s\",\"event\":\"exercise_end\",\"t\":2.5,"
            "\"exercise\":\"e%d\",\"reason\":\"completed\"}\n"
            "{\"ts\":\"%s\",\"session\":\"%s\",\"event\":\"pain\",\"t\":3,\"value\":%d}\n",
            ts, id, ts, id, k % 11, ts, id, k % 12, k % 12, 5 + k % 20, ts, id, k % 12, ts, id,
            (k * 7) % 11);
    }
    CHECK_INT(history_parse(log, len, &h), COACH_OK);
    free(log);
    CHECK_INT(history_count(h), 300);
    p = render(h, 0, &err);
    CHECK_INT(err, COACH_OK);
    check_page(p);
    CHECK_INT(count(p, "<svg "), 2);
    CHECK_INT(count(p, "fill=\"" REPORT_COLOR_BEFORE "\""), 301);
    CHECK_INT(count(p, "stroke=\"" REPORT_COLOR_AFTER "\""), 301);
    CHECK_CONTAINS(p, "<title>Session 300, ");
    CHECK_CONTAINS(p, "e11: reps");
    /* x labels thin out to 8 a chart (sessions 1, 39, 77, ...), with the year
     * under the first and where it changes (session 191) */
    CHECK_INT(count(p, "text-anchor=\"middle\">39</text>"), 2);
    CHECK_INT(count(p, "text-anchor=\"middle\">267</text>"), 2);
    CHECK_INT(count(p, "text-anchor=\"middle\">2</text>"), 0);
    CHECK_INT(count(p, "text-anchor=\"middle\">2026</text>"), 2);
    CHECK_INT(count(p, "text-anchor=\"middle\">2027</text>"), 2);
    free(p);
    char *j = render(h, 1, &err);
    CHECK_INT(err, COACH_OK);
    CHECK(j && json_balanced(j));
    CHECK_INT(count(j, "\"resourceType\": \"Observation\""), 600);
    free(j);
    history_destroy(h);
}

int main(void)
{
    test_fhir_known();
    test_fhir_edges();
    test_report_known();
    test_report_edges();
    CHECK_DONE();
}
