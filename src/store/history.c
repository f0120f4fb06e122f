/* history.c: the session log read back into sessions (docs/data.md). */
#include "history.h"

#include <errno.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../core/arena.h"
#include "../core/fileio.h"
#include "../core/text.h"
#include "tracking.h"

/* ---- one record ------------------------------------------------------------ */

/* A record has at most this many fields that are kept (coach writes at most
 * 22); more are read and ignored. */
enum { MAX_FIELDS = 24 };

typedef struct field {
    const char *key;
    const char *str; /* string value, or NULL */
    double num;      /* number value */
    bool is_num;     /* a JSON number (true and false are not numbers) */
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

/* The number at key, as an int in [lo, hi]; otherwise def. Only a whole
 * JSON number counts: "value": true and 3.7 are not pain ratings. */
static int rec_int(const record *r, const char *key, int lo, int hi, int def)
{
    const field *f = rec_get(r, key);
    if (!f || !f->is_num || f->num < lo || f->num > hi || f->num != (double)(int)f->num)
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

/* One line's strings: a buffer sized for the line (a string decodes to at
 * most 3 bytes per input byte, plus its NUL), reused line after line, so
 * reading keeps no more than one line's text at a time. */
typedef struct scratch {
    char *buf;
    size_t cap, used;
} scratch;

/* Appends code point v to out as UTF-8; n is advanced. */
static void put_utf8(char *out, size_t *n, unsigned v)
{
    if (v < 0x80) {
        out[(*n)++] = (char)v;
    } else if (v < 0x800) {
        out[(*n)++] = (char)(0xc0 | (v >> 6));
        out[(*n)++] = (char)(0x80 | (v & 0x3f));
    } else if (v < 0x10000) {
        out[(*n)++] = (char)(0xe0 | (v >> 12));
        out[(*n)++] = (char)(0x80 | ((v >> 6) & 0x3f));
        out[(*n)++] = (char)(0x80 | (v & 0x3f));
    } else {
        out[(*n)++] = (char)(0xf0 | (v >> 18));
        out[(*n)++] = (char)(0x80 | ((v >> 12) & 0x3f));
        out[(*n)++] = (char)(0x80 | ((v >> 6) & 0x3f));
        out[(*n)++] = (char)(0x80 | (v & 0x3f));
    }
}

/* Four hex digits at s as a number; -1 when they are not. */
static long hex4(const char *s, const char *end)
{
    if (end - s < 4)
        return -1;
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = hexval(s[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Replaces each unsafe code point of the valid UTF-8 string s with '?'
 * (in place: the result is never longer). */
static void defang(char *s)
{
    char *w = s;
    for (const unsigned char *r = (const unsigned char *)s; *r;) {
        unsigned v = *r;
        size_t len = 1;
        if (v >= 0xf0)
            v &= 0x07, len = 4;
        else if (v >= 0xe0)
            v &= 0x0f, len = 3;
        else if (v >= 0xc0)
            v &= 0x1f, len = 2;
        for (size_t i = 1; i < len; i++)
            v = (v << 6) | (r[i] & 0x3f);
        if (text_unsafe_code_point(v) || v == '\n') {
            *w++ = '?';
        } else {
            memmove(w, r, len);
            w += len;
        }
        r += len;
    }
    *w = '\0';
}

/* Reads a JSON string at *p (at its opening quote) into the scratch; NULL
 * when it is not a complete, valid string of valid UTF-8 (a lone surrogate
 * included). Controls and bidi overrides become '?'. */
static char *parse_string(scratch *sc, const char **p, const char *end)
{
    const char *s = *p + 1;
    char *out = sc->buf + sc->used;
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
            long v = hex4(s, end);
            if (v < 0)
                return NULL;
            s += 4;
            if (v >= 0xdc00 && v <= 0xdfff)
                return NULL; /* a low surrogate alone */
            if (v >= 0xd800 && v <= 0xdbff) { /* a pair: one code point */
                long lo = end - s >= 6 && s[0] == '\\' && s[1] == 'u' ? hex4(s + 2, end) : -1;
                if (lo < 0xdc00 || lo > 0xdfff)
                    return NULL;
                v = 0x10000 + ((v - 0xd800) << 10) + (lo - 0xdc00);
                s += 6;
            }
            if (v == 0)
                v = '?'; /* no NUL inside a C string */
            put_utf8(out, &n, (unsigned)v);
            break;
        }
        default:
            return NULL;
        }
    }
    if (s >= end || text_utf8_invalid_at(out, n) != n)
        return NULL;
    out[n] = '\0';
    defang(out);
    sc->used += strlen(out) + 1;
    *p = s + 1;
    return out;
}

/* Reads one flat JSON object (string, number, true, false, null values)
 * filling r; false when the line is anything else. */
static bool parse_record(scratch *a, const char *p, const char *end, record *r)
{
    r->n = 0;
    a->used = 0;
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
            p += 4; /* a flag, never a number */
        } else if (end - p >= 5 && memcmp(p, "false", 5) == 0) {
            p += 5;
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
    history_tracking *track;
    size_t cap_track;
    long cur;        /* the exercise in progress, or -1 */
    bool any_exercise;
} sess;

struct history {
    arena *a;          /* the strings kept: ids, times, interned names */
    sess *s;
    size_t n, cap;
    size_t bad;
    size_t *by_id;     /* open addressing: session index + 1, 0 empty */
    size_t id_cap;     /* a power of two, at least twice n */
    const char **names; /* interned names (routines, exercises, reasons...) */
    size_t names_n, names_cap;
    scratch sc;        /* one line's strings */
    int64_t read_ms;   /* when history_load read the file; -1 from text */
};

static uint64_t str_hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* Doubles an open-addressing table of pointers or indices: in the table,
 * key(i) is the string of slot i's entry. */
static bool rehash_ids(history *h)
{
    size_t cap = h->id_cap ? h->id_cap * 2 : 1024;
    size_t *t = calloc(cap, sizeof *t);
    if (!t)
        return false;
    for (size_t i = 0; i < h->n; i++) {
        size_t k = str_hash(h->s[i].pub.id) & (cap - 1);
        while (t[k])
            k = (k + 1) & (cap - 1);
        t[k] = i + 1;
    }
    free(h->by_id);
    h->by_id = t;
    h->id_cap = cap;
    return true;
}

/* The one kept copy of a name that recurs (a routine id, a title, an
 * exercise id, a reason): a log of years holds a few hundred distinct
 * ones. NULL stays NULL; NULL also when out of memory. */
static const char *intern(history *h, const char *s, bool *oom)
{
    if (!s)
        return NULL;
    if ((h->names_n + 1) * 2 > h->names_cap) {
        size_t cap = h->names_cap ? h->names_cap * 2 : 256;
        const char **t = calloc(cap, sizeof *t);
        if (!t) {
            *oom = true;
            return NULL;
        }
        for (size_t i = 0; i < h->names_cap; i++)
            if (h->names[i]) {
                size_t k = str_hash(h->names[i]) & (cap - 1);
                while (t[k])
                    k = (k + 1) & (cap - 1);
                t[k] = h->names[i];
            }
        free(h->names);
        h->names = t;
        h->names_cap = cap;
    }
    size_t k = str_hash(s) & (h->names_cap - 1);
    while (h->names[k] && strcmp(h->names[k], s) != 0)
        k = (k + 1) & (h->names_cap - 1);
    if (!h->names[k]) {
        if (!(h->names[k] = arena_strdup(h->a, s))) {
            *oom = true;
            return NULL;
        }
        h->names_n++;
    }
    return h->names[k];
}

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

/* The session with this id, made (with a kept copy of id) when new: the
 * last one first (a session's records are together), else by hash, so a
 * log of any length is read in linear time. NULL when out of memory. */
static sess *find_session(history *h, const char *id)
{
    if (h->n && strcmp(h->s[h->n - 1].pub.id, id) == 0)
        return &h->s[h->n - 1];
    size_t k = h->id_cap ? str_hash(id) & (h->id_cap - 1) : 0;
    while (h->id_cap && h->by_id[k]) {
        if (strcmp(h->s[h->by_id[k] - 1].pub.id, id) == 0)
            return &h->s[h->by_id[k] - 1];
        k = (k + 1) & (h->id_cap - 1);
    }
    const char *kept = arena_strdup(h->a, id);
    if (!kept || !grow((void **)&h->s, &h->cap, h->n + 1, sizeof *h->s))
        return NULL;
    sess *s = &h->s[h->n++];
    memset(s, 0, sizeof *s);
    s->pub.id = kept;
    s->pub.start_ms = s->pub.end_ms = -1;
    s->pub.pain_before = s->pub.pain_after = -1;
    s->cur = -1;
    if ((h->n + 1) * 2 > h->id_cap) {
        if (!rehash_ids(h))
            return NULL;
    } else {
        h->by_id[k] = h->n;
    }
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
    /* the record's strings live until the next line: keep what is kept */
    bool oom = false;
#define KEEP(key) intern(h, rec_str(r, key), &oom)
#define KEEP_TS() (ts = ts_kept ? ts : (ts_kept = true, arena_strdup(h->a, ts)), oom |= !ts, ts)
    bool ts_kept = false;
    history_session *p = &s->pub;
    if (strcmp(ev, "session_start") == 0) {
        p->routine = KEEP("routine");
        p->title = KEEP("title");
        p->start_ms = ms;
        p->start_ts = KEEP_TS();
    } else if (p->start_ms < 0) {
        p->start_ms = ms; /* its start is missing: its first record stands in */
        p->start_ts = KEEP_TS();
    }
    if (strcmp(ev, "exercise_start") == 0) {
        if (!grow((void **)&s->ex, &s->cap_ex, p->n_exercises + 1, sizeof *s->ex))
            return false;
        history_exercise *x = &s->ex[p->n_exercises];
        const char *variant = KEEP("exercise");
        const char *planned = KEEP("planned");
        x->variant = variant ? variant : "";
        x->planned = planned ? planned : x->variant;
        x->sets = rec_int(r, "sets", 0, 1000, -1);
        x->reps = rec_int(r, "reps", 0, 1000, -1);
        x->hold = rec_int(r, "hold", 0, 100000, -1);
        x->routine_dose = rec_int(r, "routine_dose", 0, 100000, -1);
        x->max_pain = -1;
        x->end = NULL;
        x->eased = x->harder = false;
        x->easy = NULL;
        s->cur = (long)p->n_exercises++;
        s->any_exercise = true;
        p->pain_after = -1; /* a rating between exercises is not the one after */
    } else if (strcmp(ev, "exercise_end") == 0) {
        if (s->cur >= 0)
            s->ex[s->cur].end = rec_str(r, "reason") ? KEEP("reason") : "completed";
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
        pn->ts = KEEP_TS();
        pn->value = v;
        pn->exercise = KEEP("exercise");
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
            KEEP("exercise"), KEEP("field"), KEEP("reason"), KEEP("from"), KEEP("to"),
            rec_int(r, "previous", 0, 100000, -1), rec_int(r, "value", 0, 100000, -1)};
    } else if (strcmp(ev, "answer") == 0) {
        const char *kind = rec_str(r, "kind"), *ans = rec_str(r, "answer");
        if (kind && strcmp(kind, "next_day") == 0)
            p->next_day = KEEP("answer");
        if (kind && strcmp(kind, "easy") == 0 && ans &&
            (strcmp(ans, "yes") == 0 || strcmp(ans, "no") == 0)) {
            /* "did that feel easy?" follows its exercise: the latest one
             * of this session with that id (never another's) */
            const char *x = rec_str(r, "exercise");
            for (size_t k = p->n_exercises; x && k-- > 0;)
                if (strcmp(s->ex[k].variant, x) == 0 || strcmp(s->ex[k].planned, x) == 0) {
                    s->ex[k].easy = strcmp(ans, "yes") == 0 ? "yes" : "no";
                    break;
                }
        }
    } else if (strcmp(ev, "tracking") == 0) {
        /* a weekly tracking answer: a known field, and a value within its
         * bounds or "skip"; anything else is no record */
        int f = tracking_field_from_name(rec_str(r, "field"));
        const field *vf = rec_get(r, "value");
        const char *ans = rec_str(r, "answer");
        int v = f >= 0 ? rec_int(r, "value", 0, tracking_value_max(f), -2) : -2;
        bool skipped = !vf && ans && strcmp(ans, "skip") == 0;
        if (f < 0 || (v < 0 && !skipped)) {
            h->bad++;
            return true;
        }
        if (!grow((void **)&s->track, &s->cap_track, p->n_tracking + 1, sizeof *s->track))
            return false;
        s->track[p->n_tracking++] = (history_tracking){ms, KEEP_TS(), f, skipped ? -1 : v};
    } else if (strcmp(ev, "session_end") == 0) {
        p->end = rec_str(r, "reason") ? KEEP("reason") : "completed";
        p->end_ms = ms;
        if (s->cur >= 0 && !s->ex[s->cur].end)
            s->ex[s->cur].end = p->end;
        s->cur = -1;
    }
#undef KEEP
#undef KEEP_TS
    return !oom;
}

/* Reads one line (without its newline) into h; false when out of memory. */
static bool feed_line(history *h, const char *p, const char *le)
{
    bool blank = true;
    for (const char *q = p; q < le && blank; q++)
        if (*q != ' ' && *q != '\t' && *q != '\r')
            blank = false;
    if (blank)
        return true;
    size_t need = (size_t)(le - p) * 4 + 16;
    if (need > h->sc.cap) {
        char *b = realloc(h->sc.buf, need);
        if (!b)
            return false;
        h->sc.buf = b;
        h->sc.cap = need;
    }
    record r;
    if (!parse_record(&h->sc, p, le, &r)) {
        h->bad++;
        return true;
    }
    return apply(h, &r);
}

/* A new, empty history; NULL when out of memory. */
static history *history_new(void)
{
    history *h = calloc(1, sizeof *h);
    if (!h || !(h->a = arena_create())) {
        free(h);
        return NULL;
    }
    h->read_ms = -1;
    return h;
}

coach_err history_parse(const char *text, size_t len, history **out)
{
    *out = NULL;
    history *h = history_new();
    if (!h)
        return COACH_ERR_NOMEM;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (!feed_line(h, p, le)) {
            history_destroy(h);
            return COACH_ERR_NOMEM;
        }
        p = nl ? nl + 1 : end;
    }
    *out = h;
    return COACH_OK;
}

/* A line longer than this is no record of coach's (they are under 1 KiB):
 * it is skipped, and counted, without being held in memory. */
enum { HISTORY_LINE_MAX = 64 * 1024, HISTORY_CHUNK = 256 * 1024 };

/* Reads fd to its end a chunk at a time, feeding h one line at a time:
 * memory holds a chunk and a line, never the file. */
static coach_err read_lines(history *h, int fd)
{
    char *chunk = malloc(HISTORY_CHUNK), *line = malloc(HISTORY_LINE_MAX);
    size_t n_line = 0;
    bool too_long = false;
    coach_err err = chunk && line ? COACH_OK : COACH_ERR_NOMEM;
    while (!err) {
        ssize_t k = read(fd, chunk, HISTORY_CHUNK);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            err = COACH_ERR_IO;
        if (k <= 0)
            break;
        for (const char *p = chunk, *end = chunk + k; p < end && !err;) {
            const char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t part = (size_t)((nl ? nl : end) - p);
            if (n_line + part > HISTORY_LINE_MAX)
                too_long = true;
            else if (!too_long)
                memcpy(line + n_line, p, part), n_line += part;
            if (nl) {
                if (too_long)
                    h->bad++;
                else if (!feed_line(h, line, line + n_line))
                    err = COACH_ERR_NOMEM;
                n_line = 0;
                too_long = false;
            }
            p = nl ? nl + 1 : end;
        }
    }
    if (!err && too_long)
        h->bad++;
    else if (!err && n_line && !feed_line(h, line, line + n_line))
        err = COACH_ERR_NOMEM;
    free(chunk);
    free(line);
    return err;
}

coach_err history_load(const char *path, history **out, coach_diags *diags)
{
    *out = NULL;
    /* the log is a regular file of the user's own, never a link, a FIFO
     * (which would block) or a device (/dev/zero would never end) */
    int fd;
    coach_err err = coach_open_read(path, COACH_OPEN_NOFOLLOW | COACH_OPEN_MINE | COACH_OPEN_MISSING_OK,
                                    &fd, diags);
    if (err == COACH_ERR_NO_INPUT)
        err = COACH_ERR_IO;
    if (err)
        return err;
    history *h = history_new();
    if (!h) {
        if (fd >= 0)
            close(fd);
        return COACH_ERR_NOMEM;
    }
    err = fd < 0 ? COACH_OK : read_lines(h, fd); /* a missing log: no sessions */
    if (fd >= 0)
        close(fd);
    if (err) {
        if (err == COACH_ERR_IO)
            coach_diags_add(diags, path, 0, 0, "cannot read the session log: %s", strerror(errno));
        history_destroy(h);
        return err;
    }
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    h->read_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    *out = h;
    return COACH_OK;
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
        free(h->s[i].track);
    }
    free(h->s);
    free(h->by_id);
    free(h->names);
    free(h->sc.buf);
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
    s->pub.tracking = s->track;
    return &s->pub;
}

size_t history_bad_lines(const history *h)
{
    return h ? h->bad : 0;
}

int64_t history_tracking_latest_ms(const history *h, int64_t until_ms)
{
    int64_t latest = -1;
    for (size_t i = 0; i < history_count(h); i++) {
        const history_session *s = history_at(h, i);
        for (size_t k = 0; k < s->n_tracking; k++)
            if (s->tracking[k].ms > latest && s->tracking[k].ms <= until_ms)
                latest = s->tracking[k].ms;
    }
    return latest;
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
