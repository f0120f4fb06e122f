/* export_fhir.c: pain ratings and weekly tracking answers as FHIR R4
 * Observations in a collection Bundle (docs/export.md has the mapping,
 * element by element).
 *
 * The value is valueInteger, not valueQuantity: a verbal 0-10 rating is a
 * whole number with no unit. UCUM's "{score}" is only an annotation (it
 * equals the unit 1), so a Quantity would add a unit that carries nothing,
 * and a decimal value ("4.0") that the scale never has. LOINC 72514-3 already
 * says what the number means; R4 allows valueInteger on any Observation. */
#include "export_fhir.h"

#include <errno.h>
#include <string.h>
#include <time.h>

#include "../core/timeline.h"
#include "tracking.h"

#define LOINC_PAIN "72514-3"
#define LOINC_PAIN_DISPLAY "Pain severity - 0-10 verbal numeric rating [Score] - Reported"
#define CATEGORY_SYSTEM "http://terminology.hl7.org/CodeSystem/observation-category"

/* 64-bit FNV-1a of s, continuing from hash. */
static uint64_t fnv1a(uint64_t hash, const char *s)
{
    for (; s && *s; s++) {
        hash ^= (unsigned char)*s;
        hash *= 0x100000001b3ULL;
    }
    return hash;
}

/* A UUID made from the session id and the observation's place in its
 * session (kind "" for a pain rating, "tracking/" for a tracking answer):
 * the same log gives the same ids, and later sessions leave them as they
 * were. Version 8 (RFC 9562: made by the
 * application's own method), variant 10; lower-case hex, as FHIR's uuid
 * type requires. buf holds at least 37 bytes. */
static void rating_uuid(const char *session_id, const char *kind, size_t index, char *buf)
{
    char num[48];
    snprintf(num, sizeof num, "/%s%zu", kind, index);
    uint64_t a = fnv1a(fnv1a(0xcbf29ce484222325ULL, session_id), num);
    uint64_t b = fnv1a(fnv1a(0x84222325cbf29ce4ULL, num), session_id);
    unsigned char u[16];
    for (int i = 0; i < 8; i++) {
        u[i] = (unsigned char)(a >> (56 - 8 * i));
        u[8 + i] = (unsigned char)(b >> (56 - 8 * i));
    }
    u[6] = (unsigned char)((u[6] & 0x0f) | 0x80);
    u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
    char *p = buf;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            *p++ = '-';
        p += sprintf(p, "%02x", u[i]);
    }
    *p = '\0';
}

static bool digits(const char *s, int n)
{
    for (int i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static int num2(const char *s)
{
    return (s[0] - '0') * 10 + (s[1] - '0');
}

/* Whether ts is a FHIR dateTime with a time: YYYY-MM-DDThh:mm:ss, optional
 * fraction, then Z or an offset of at most 14:00 (FHIR's own pattern). */
static bool fhir_datetime_ok(const char *ts)
{
    if (!ts || strlen(ts) < 20 || !digits(ts, 4) || ts[4] != '-' || !digits(ts + 5, 2) ||
        ts[7] != '-' || !digits(ts + 8, 2) || ts[10] != 'T' || !digits(ts + 11, 2) ||
        ts[13] != ':' || !digits(ts + 14, 2) || ts[16] != ':' || !digits(ts + 17, 2))
        return false;
    if (strncmp(ts, "0000", 4) == 0 || num2(ts + 5) < 1 || num2(ts + 5) > 12 ||
        num2(ts + 8) < 1 || num2(ts + 8) > 31 || num2(ts + 11) > 23 || num2(ts + 14) > 59 ||
        num2(ts + 17) > 60)
        return false;
    const char *p = ts + 19;
    if (*p == '.') {
        if (!digits(p + 1, 1))
            return false;
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    }
    if (p[0] == 'Z')
        return p[1] == '\0';
    if ((p[0] != '+' && p[0] != '-') || strlen(p) != 6 || !digits(p + 1, 2) || p[3] != ':' ||
        !digits(p + 4, 2))
        return false;
    int oh = num2(p + 1), om = num2(p + 4);
    return om <= 59 && (oh < 14 || (oh == 14 && om == 0));
}

char *export_fhir_datetime(const char *ts, int64_t ms, char *buf, size_t size)
{
    if (fhir_datetime_ok(ts) && strlen(ts) < size) {
        memcpy(buf, ts, strlen(ts) + 1);
        return buf;
    }
    if (ms < 0)
        ms = 0;
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    if (!gmtime_r(&secs, &tm)) {
        snprintf(buf, size, "1970-01-01T00:00:00.000Z");
        return buf;
    }
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000));
    return buf;
}

/* The note's text for rating i of s: what was going on, and the routine. */
static void rating_note(const history_session *s, size_t i, char *buf, size_t size)
{
    const history_pain *p = &s->pains[i];
    const char *when = p->when ? p->when : "";
    char what[256];
    if (strcmp(when, "before") == 0)
        snprintf(what, sizeof what, "Before the session");
    else if (strcmp(when, "during") == 0 && p->exercise)
        snprintf(what, sizeof what, "During the exercise %s", p->exercise);
    else if (p->exercise)
        snprintf(what, sizeof what, "After the exercise %s", p->exercise);
    else if (strcmp(when, "after") == 0)
        snprintf(what, sizeof what, "%s",
                 i + 1 == s->n_pains ? "After the exercises" : "Between exercises");
    else
        snprintf(what, sizeof what, "During the session");
    if (s->title && s->routine)
        snprintf(buf, size, "%s. Routine: %s (%s).", what, s->title, s->routine);
    else if (s->title || s->routine)
        snprintf(buf, size, "%s. Routine: %s.", what, s->title ? s->title : s->routine);
    else
        snprintf(buf, size, "%s.", what);
}


/* Writes the opening of a Bundle entry holding a survey Observation, up to
 * its code: the part every Observation this export writes shares. */
static void observation_head(FILE *out, const char *uuid)
{
    fprintf(out,
            "    {\n"
            "      \"fullUrl\": \"urn:uuid:%s\",\n"
            "      \"resource\": {\n"
            "        \"resourceType\": \"Observation\",\n"
            "        \"status\": \"final\",\n"
            "        \"category\": [{\"coding\": [{\"system\": \"" CATEGORY_SYSTEM "\", "
            "\"code\": \"survey\", \"display\": \"Survey\"}]}],\n",
            uuid);
}

/* Writes one Bundle entry holding the Observation for rating i of s. */
static void write_entry(FILE *out, const history_session *s, size_t i)
{
    const history_pain *p = &s->pains[i];
    char uuid[40], when[64], note[1024];
    rating_uuid(s->id, "", i, uuid);
    export_fhir_datetime(p->ts, p->ms, when, sizeof when);
    rating_note(s, i, note, sizeof note);
    observation_head(out, uuid);
    fprintf(out,
            "        \"code\": {\"coding\": [{\"system\": \"http://loinc.org\", \"code\": \""
            LOINC_PAIN "\", \"display\": \"" LOINC_PAIN_DISPLAY "\"}], "
            "\"text\": \"Pain, 0 to 10\"},\n"
            "        \"effectiveDateTime\": \"%s\",\n"
            "        \"valueInteger\": %d,\n"
            "        \"note\": [{\"text\": ",
            when, p->value);
    timeline_json_string(out, note);
    fputs("}]\n      }\n    }", out);
}

/* What each tracking answer is, as Observation.code.text: no LOINC code
 * is given, as none is known here to mean exactly these self-reported
 * measures (docs/export.md). */
static const char *const tracking_text[TRACKING_FIELDS] = {
    [TRACKING_STIFFNESS] = "Morning back stiffness, in minutes (self-reported)",
    [TRACKING_SITTING] = "How long sitting is comfortable, in minutes (self-reported)",
    [TRACKING_WALKING] = "How long walking is possible before the back stops it, in minutes (self-reported)",
    [TRACKING_CONFIDENCE] = "Confidence doing everyday tasks that used to cause worry, 0 to 10 (self-reported)",
};

/* Writes one Bundle entry holding the Observation for tracking answer i
 * of s (an answered one: value 0 to the field's maximum). */
static void write_tracking_entry(FILE *out, const history_session *s, size_t i)
{
    const history_tracking *t = &s->tracking[i];
    char uuid[40], when[64], note[1024];
    rating_uuid(s->id, "tracking/", i, uuid);
    export_fhir_datetime(t->ts, t->ms, when, sizeof when);
    if (s->title && s->routine)
        snprintf(note, sizeof note, "Weekly tracking question, at the end of a session. Routine: %s (%s).",
                 s->title, s->routine);
    else
        snprintf(note, sizeof note, "Weekly tracking question, at the end of a session.");
    observation_head(out, uuid);
    fprintf(out,
            "        \"code\": {\"text\": \"%s\"},\n"
            "        \"effectiveDateTime\": \"%s\",\n"
            "        \"valueInteger\": %d,\n"
            "        \"note\": [{\"text\": ",
            tracking_text[t->field], when, t->value);
    timeline_json_string(out, note);
    fputs("}]\n      }\n    }", out);
}

coach_err export_fhir_write_at(const history *h, FILE *out, int64_t now_ms, coach_diags *diags)
{
    if (!h || !out) {
        coach_diags_add(diags, NULL, 0, 0, "nothing to export: no session log was read");
        return COACH_ERR_USAGE;
    }
    errno = 0;
    char stamp[64];
    export_fhir_datetime(NULL, now_ms, stamp, sizeof stamp);
    fprintf(out, "{\n  \"resourceType\": \"Bundle\",\n  \"type\": \"collection\",\n"
                 "  \"timestamp\": \"%s\"", stamp);
    /* FHIR JSON has no empty arrays: with no rating there is no entry at all */
    size_t index = 0;
    for (size_t k = 0; k < history_count(h); k++) {
        const history_session *s = history_at(h, k);
        for (size_t i = 0; s && i < s->n_pains; i++) {
            if (s->pains[i].value < 0 || s->pains[i].value > 10)
                continue; /* history.c never gives one; not a 0-10 rating */
            fputs(index == 0 ? ",\n  \"entry\": [\n" : ",\n", out);
            write_entry(out, s, i);
            index++;
        }
        for (size_t i = 0; s && i < s->n_tracking; i++) {
            const history_tracking *t = &s->tracking[i];
            if (!tracking_value_ok(t->field, t->value))
                continue; /* skipped: nothing observed */
            fputs(index == 0 ? ",\n  \"entry\": [\n" : ",\n", out);
            write_tracking_entry(out, s, i);
            index++;
        }
    }
    fputs(index ? "\n  ]\n}\n" : "\n}\n", out);
    if (fflush(out) != 0 || ferror(out)) {
        coach_diags_add(diags, NULL, 0, 0, "could not write the FHIR export: %s",
                        errno ? strerror(errno) : "write error");
        return COACH_ERR_IO;
    }
    return COACH_OK;
}

coach_err export_fhir_write(const history *h, FILE *out, coach_diags *diags)
{
    struct timespec now;
    int64_t ms = 0;
    if (clock_gettime(CLOCK_REALTIME, &now) == 0)
        ms = (int64_t)now.tv_sec * 1000 + now.tv_nsec / 1000000;
    return export_fhir_write_at(h, out, ms, diags);
}
