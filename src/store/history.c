/* history.c: the session log read back into sessions (docs/data.md). */
#include "history.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/arena.h"

/* ---- one record ------------------------------------------------------------ */

/* A record has at most this many fields that are kept (coach writes at most
 * 22); more are read and ignored. */
enum { MAX_FIELDS = 24 };

typedef struct field {
    const char *key;
    const char *str; /* string value, or NULL */
    double num;      /* number value */
    bool is_num;
} field;

typedef struct record {
    field f[MAX_FIELDS];
    int n;
} record;

static const field *rec_get(const record *r, const char *key)
{
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->f[i].key, key) == 0)
            return &r->f[i];
    return NULL;
}

static const char *rec_str(const record *r, const char *key)
{
    const field *f = rec_get(r, key);
    return f && f->str ? f->str : NULL;
}

/* The number at key, as an int in [lo, hi]; otherwise def. */
static int rec_int(const record *r, const char *key, int lo, int hi, int def)
{
    const field *f = rec_get(r, key);
    if (!f || !f->is_num || f->num < lo || f->num > hi)
        return def;
    return (int)f->num;
}

static void skip_ws(const char **p, const char *end)
{
    while (*p < end && (**p == ' ' || **p == '\t' || **p == '\r'))
        (*p)++;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Reads a JSON string at *p (at its opening quote) into the arena; NULL when
 * it is not a complete, valid string. */
static char *parse_string(arena *a, const char **p, const char *end)
{
    const char *s = *p + 1;
    size_t cap = 0;
    for (const char *q = s; q < end && *q != '"'; q++, cap++)
        if (*q == '\\' && q + 1 < end)
            q++;
    char *out = arena_alloc(a, cap * 3 + 1); /* \uXXXX is at most 3 bytes of UTF-8 */
    if (!out)
        return NULL;
    size_t n = 0;
    while (s < end && *s != '"') {
        unsigned char c = (unsigned char)*s++;
        if (c < 0x20)
            return NULL;
        if (c != '\\') {
            out[n++] = (char)c;
            continue;
        }
        if (s >= end)
            return NULL;
        char e = *s++;
        switch (e) {
        case '"': case '\\': case '/': out[n++] = e; break;
        case 'b': out[n++] = '\b'; break;
        case 'f': out[n++] = '\f'; break;
        case 'n': out[n++] = '\n'; break;
        case 'r': out[n++] = '\r'; break;
        case 't': out[n++] = '\t'; break;
        case 'u': {
            if (end - s < 4)
                return NULL;
            unsigned v = 0;
            for (int i = 0; i < 4; i++) {
                int h = hexval(s[i]);
                if (h < 0)
                    return NULL;
                v = v * 16 + (unsigned)h;
            }
            s += 4;
            if (v == 0)
                v = '?'; /* no NUL inside a C string */
            if (v < 0x80) {
                out[n++] = (char)v;
            } else if (v < 0x800) {
                out[n++] = (char)(0xc0 | (v >> 6));
                out[n++] = (char)(0x80 | (v & 0x3f));
            } else {
                out[n++] = (char)(0xe0 | (v >> 12));
                out[n++] = (char)(0x80 | ((v >> 6) & 0x3f));
                out[n++] = (char)(0x80 | (v & 0x3f));
            }
            break;
        }
        default:
            return NULL;
        }
    }
    if (s >= end)
        return NULL;
    out[n] = '\0';
    *p = s + 1;
    return out;
}

/* Reads one flat JSON object (string, number, true, false, null values)
 * filling r; false when the line is anything else. */
static bool parse_record(arena *a, const char *p, const char *end, record *r)
{
    r->n = 0;
    skip_ws(&p, end);
    if (p >= end || *p != '{')
        return false;
    p++;
    skip_ws(&p, end);
    if (p < end && *p == '}')
        return false; /* no fields: not a record */
    for (;;) {
        skip_ws(&p, end);
        if (p >= end || *p != '"')
            return false;
        char *key = parse_string(a, &p, end);
        if (!key)
            return false;
        skip_ws(&p, end);
        if (p >= end || *p != ':')
            return false;
        p++;
        skip_ws(&p, end);
        if (p >= end)
            return false;
        field fl = {key, NULL, 0, false};
        if (*p == '"') {
            fl.str = parse_string(a, &p, end);
            if (!fl.str)
                return false;
        } else if (*p == '-' || (*p >= '0' && *p <= '9')) {
            char buf[48];
            size_t k = 0;
            while (p < end && k + 1 < sizeof buf &&
                   (strchr("+-.eE", *p) || (*p >= '0' && *p <= '9')))
                buf[k++] = *p++;
            buf[k] = '\0';
            char *stop;
            fl.num = strtod(buf, &stop);
            if (*stop || k == 0)
                return false;
            fl.is_num = true;
        } else if (end - p >= 4 && memcmp(p, "true", 4) == 0) {
            fl.num = 1, fl.is_num = true, p += 4;
        } else if (end - p >= 5 && memcmp(p, "false", 5) == 0) {
            fl.is_num = true, p += 5;
        } else if (end - p >= 4 && memcmp(p, "null", 4) == 0) {
            p += 4;
        } else {
            return false;
        }
        if (r->n < MAX_FIELDS)
            r->f[r->n++] = fl;
        skip_ws(&p, end);
        if (p < end && *p == ',') {
            p++;
            continue;
        }
        if (p < end && *p == '}') {
            p++;
            skip_ws(&p, end);
            return p == end;
        }
        return false;
    }
}

/* Days from 1970-01-01 to the civil date y-m-d (proleptic Gregorian). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
    y -= m <= 2;
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (int64_t)doe - 719468;
}

int64_t history_parse_time(const char *ts)
{
    int y, mo, d, h, mi, s, n = 0;
    if (!ts || sscanf(ts, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &h, &mi, &s, &n) != 6 || n != 19)
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60 || y < 1970)
        return -1;
    const char *p = ts + 19;
    int ms = 0;
    if (*p == '.') {
        int digits = 0;
        for (p++; *p >= '0' && *p <= '9'; p++, digits++)
            if (digits < 3)
                ms = ms * 10 + (*p - '0');
        for (; digits > 0 && digits < 3; digits++)
            ms *= 10;
    }
    int off = 0;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        int oh, om, k = 0;
        if (sscanf(p + 1, "%2d:%2d%n", &oh, &om, &k) != 2 || k != 5 || oh > 23 || om > 59)
            return -1;
        off = (oh * 60 + om) * (*p == '-' ? -1 : 1);
        p += 6;
    } else {
        return -1;
    }
    if (*p)
        return -1;
    int64_t days = days_from_civil(y, (unsigned)mo, (unsigned)d);
    int64_t secs = days * 86400 + h * 3600 + mi * 60 + s - (int64_t)off * 60;
    return secs * 1000 + ms;
}

/* ---- sessions ---------------------------------------------------------------- */

typedef struct sess {
    history_session pub;
    history_pain *pains;
    size_t cap_pains;
    history_exercise *ex;
    size_t cap_ex;
    history_progress *prog;
    size_t cap_prog;
    long cur;        /* the exercise in progress, or -1 */
    bool any_exercise;
} sess;

struct history {
    arena *a;
    sess *s;
    size_t n, cap;
    size_t bad;
    int64_t read_ms; /* when history_load read the file; -1 from text */
};

static bool grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return true;
    size_t c = *cap ? *cap * 2 : 8;
    while (c < need)
        c *= 2;
    void *q = realloc(*p, c * size);
    if (!q)
        return false;
    *p = q;
    *cap = c;
    return true;
}

static sess *find_session(history *h, const char *id)
{
    /* records of one session are together: look from the newest back */
    for (size_t i = h->n; i-- > 0;)
        if (strcmp(h->s[i].pub.id, id) == 0)
            return &h->s[i];
    if (!grow((void **)&h->s, &h->cap, h->n + 1, sizeof *h->s))
        return NULL;
    sess *s = &h->s[h->n++];
    memset(s, 0, sizeof *s);
    s->pub.id = id;
    s->pub.start_ms = s->pub.end_ms = -1;
    s->pub.pain_before = s->pub.pain_after = -1;
    s->cur = -1;
    return s;
}

/* Applies one record to its session; false when out of memory. */
static bool apply(history *h, const record *r)
{
    const char *id = rec_str(r, "session"), *ev = rec_str(r, "event"), *ts = rec_str(r, "ts");
    int64_t ms = history_parse_time(ts);
    if (!id || !ev || ms < 0) {
        h->bad++;
        return true;
    }
    sess *s = find_session(h, id);
    if (!s)
        return false;
    history_session *p = &s->pub;
    if (strcmp(ev, "session_start") == 0) {
        p->routine = rec_str(r, "routine");
        p->title = rec_str(r, "title");
        p->start_ms = ms;
        p->start_ts = ts;
    } else if (p->start_ms < 0) {
        p->start_ms = ms; /* its start is missing: its first record stands in */
        p->start_ts = ts;
    }
    if (strcmp(ev, "exercise_start") == 0) {
        if (!grow((void **)&s->ex, &s->cap_ex, p->n_exercises + 1, sizeof *s->ex))
            return false;
        history_exercise *x = &s->ex[p->n_exercises];
        const char *variant = rec_str(r, "exercise");
        const char *planned = rec_str(r, "planned");
        x->variant = variant ? variant : "";
        x->planned = planned ? planned : x->variant;
        x->sets = rec_int(r, "sets", 0, 1000, -1);
        x->reps = rec_int(r, "reps", 0, 1000, -1);
        x->hold = rec_int(r, "hold", 0, 100000, -1);
        x->routine_dose = rec_int(r, "routine_dose", 0, 100000, -1);
        x->max_pain = -1;
        x->end = NULL;
        x->eased = x->harder = false;
        s->cur = (long)p->n_exercises++;
        s->any_exercise = true;
        p->pain_after = -1; /* a rating between exercises is not the one after */
    } else if (strcmp(ev, "exercise_end") == 0) {
        if (s->cur >= 0)
            s->ex[s->cur].end = rec_str(r, "reason") ? rec_str(r, "reason") : "completed";
        s->cur = -1;
    } else if (strcmp(ev, "variant") == 0 || strcmp(ev, "dose") == 0) {
        const char *why = rec_str(r, "reason");
        if (s->cur >= 0 && why) {
            if (strcmp(why, "harder") == 0)
                s->ex[s->cur].harder = true;
            else
                s->ex[s->cur].eased = true;
        }
    } else if (strcmp(ev, "pain") == 0) {
        int v = rec_int(r, "value", 0, 10, -1);
        if (v < 0) {
            h->bad++;
            return true;
        }
        if (!grow((void **)&s->pains, &s->cap_pains, p->n_pains + 1, sizeof *s->pains))
            return false;
        history_pain *pn = &s->pains[p->n_pains++];
        pn->ms = ms;
        pn->ts = ts;
        pn->value = v;
        pn->exercise = rec_str(r, "exercise");
        pn->when = !s->any_exercise ? "before" : s->cur >= 0 ? "during" : "after";
        if (s->cur >= 0) {
            if (!pn->exercise)
                pn->exercise = s->ex[s->cur].variant;
            if (v > s->ex[s->cur].max_pain)
                s->ex[s->cur].max_pain = v;
        }
        if (!s->any_exercise && p->pain_before < 0)
            p->pain_before = v; /* the first: the answer to the starting question */
        else if (s->cur < 0)
            p->pain_after = v;
    } else if (strcmp(ev, "progress") == 0) {
        if (!grow((void **)&s->prog, &s->cap_prog, p->n_progress + 1, sizeof *s->prog))
            return false;
        s->prog[p->n_progress++] = (history_progress){
            rec_str(r, "exercise"), rec_str(r, "field"), rec_str(r, "reason"), rec_str(r, "from"),
            rec_str(r, "to"), rec_int(r, "previous", 0, 100000, -1), rec_int(r, "value", 0, 100000, -1)};
    } else if (strcmp(ev, "answer") == 0) {
        const char *kind = rec_str(r, "kind");
        if (kind && strcmp(kind, "next_day") == 0)
            p->next_day = rec_str(r, "answer");
    } else if (strcmp(ev, "session_end") == 0) {
        p->end = rec_str(r, "reason") ? rec_str(r, "reason") : "completed";
        p->end_ms = ms;
        if (s->cur >= 0 && !s->ex[s->cur].end)
            s->ex[s->cur].end = p->end;
        s->cur = -1;
    }
    return true;
}

coach_err history_parse(const char *text, size_t len, history **out)
{
    *out = NULL;
    history *h = calloc(1, sizeof *h);
    if (!h || !(h->a = arena_create())) {
        free(h);
        return COACH_ERR_NOMEM;
    }
    h->read_ms = -1;
    record r;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        bool blank = true;
        for (const char *q = p; q < le; q++)
            if (*q != ' ' && *q != '\t' && *q != '\r')
                blank = false;
        if (!blank) {
            if (!parse_record(h->a, p, le, &r))
                h->bad++;
            else if (!apply(h, &r)) {
                history_destroy(h);
                return COACH_ERR_NOMEM;
            }
        }
        p = nl ? nl + 1 : end;
    }
    *out = h;
    return COACH_OK;
}

coach_err history_load(const char *path, history **out, coach_diags *diags)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f && (errno == ENOENT || errno == ENOTDIR))
        return history_parse("", 0, out);
    if (!f) {
        coach_diags_add(diags, path, 0, 0, "cannot read the session log: %s", strerror(errno));
        return COACH_ERR_IO;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (!grow((void **)&buf, &cap, n + 65536, 1)) {
            free(buf);
            fclose(f);
            return COACH_ERR_NOMEM;
        }
        size_t k = fread(buf + n, 1, cap - n, f);
        n += k;
        if (k == 0)
            break;
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        coach_diags_add(diags, path, 0, 0, "cannot read the session log");
        return COACH_ERR_IO;
    }
    coach_err err = history_parse(buf ? buf : "", n, out);
    free(buf);
    if (err == COACH_OK) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        (*out)->read_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    }
    return err;
}

int64_t history_read_ms(const history *h)
{
    return h ? h->read_ms : -1;
}

void history_destroy(history *h)
{
    if (!h)
        return;
    for (size_t i = 0; i < h->n; i++) {
        free(h->s[i].pains);
        free(h->s[i].ex);
        free(h->s[i].prog);
    }
    free(h->s);
    arena_destroy(h->a);
    free(h);
}

size_t history_count(const history *h)
{
    return h ? h->n : 0;
}

const history_session *history_at(const history *h, size_t i)
{
    if (!h || i >= h->n)
        return NULL;
    sess *s = &h->s[i];
    s->pub.pains = s->pains;
    s->pub.exercises = s->ex;
    s->pub.progress = s->prog;
    return &s->pub;
}

size_t history_bad_lines(const history *h)
{
    return h ? h->bad : 0;
}

const history_session *history_last_of(const history *h, const char *routine_id)
{
    for (size_t i = history_count(h); i-- > 0;) {
        const history_session *s = history_at(h, i);
        if (s->routine && routine_id && strcmp(s->routine, routine_id) == 0)
            return s;
    }
    return NULL;
}
