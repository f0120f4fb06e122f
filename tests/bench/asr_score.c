/* asr_score.c: scores `coach listen` output against a corpus manifest.
 *
 *   asr_score [-t] [-v] MANIFEST LISTEN.jsonl
 *
 * MANIFEST (written by tests/bench/asr_corpus.sh): "# KEY VALUE..." header
 * lines (set, condition, duration; "# said START END VOICE TEXT" for the
 * ordinary talk), then one line per utterance: START END COMMAND VALUE SAID,
 * START and END in seconds of the speech itself, VALUE -1 when none.
 * LISTEN.jsonl: one JSON object per line, as `coach listen --in` prints them:
 * start, end, text, command (a string or null), value (pain ratings only),
 * score, and whatever else (confidence, rejected) is there.
 *
 * Each utterance gets the window [START - 0.2, END + 0.8]; the listen lines
 * whose [start, end] overlaps it are its answers. It is correct when exactly
 * one answer has a command and that command (and value, when VALUE >= 0) is
 * the manifest's; missed when no answer has a command; wrong otherwise. A
 * command outside every window is an extra (a false command). Latency, for
 * the correct ones: the answer's end - END.
 *
 * Prints one summary line; a manifest with no utterances (ordinary talk)
 * gets false commands and false commands per hour instead:
 *   kal16-slt  pink10  n=190  correct 97.4%  wrong 1.1%  missed 1.6%  extra 0  latency median 120 ms p95 190 ms
 *   ordinary  clean  duration 806 s  false commands 3  per hour 13.4
 * -t prints it as tab-separated fields instead, for scripts:
 *   SET COND N CORRECT WRONG MISSED EXTRA SECONDS LAT_MEDIAN_MS LAT_P95_MS
 *   (counts; latencies -1 when there is none)
 * -v then prints one tab-separated line per utterance and per extra:
 *   ok      INDEX  START  END  SAID  LATENCY_MS
 *   missed  INDEX  START  END  SAID  HEARD_TEXT  REASON   (HEARD_TEXT "" if nothing)
 *   wrong   INDEX  START  END  SAID  HEARD (command[/value] "text", ...)
 *   extra   START  END  DURATION  COMMAND  VALUE  TEXT  SCORE  CONFIDENCE  DURING
 * INDEX counts utterances from 1 in manifest order; DURING is the "# said"
 * text the extra overlaps, or "" if none.
 *
 * Standalone C17 with libc only (not even libm):
 *   cc -std=c17 -O2 -Wall -Wextra -o asr_score asr_score.c
 * Exits 0 when it scored, 64 on a usage error, 65 on a bad input line,
 * 66 when a file cannot be read. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BEFORE 0.2 /* seconds of window before an utterance */
#define AFTER 0.8  /* and after it */

typedef struct {
    double start, end;
    char cmd[64];
    int value;
    char said[256];
} utterance;

typedef struct {
    double start, end;
    char text[256];
    char cmd[64]; /* "" for null */
    int value;    /* -1 when absent */
    long score, confidence;
    bool has_confidence;
    char rejected[64];
    int line;
} heard;

typedef struct {
    double start, end;
    char text[512];
} said_span;

/* a growable array of anything */
typedef struct {
    void *v;
    size_t n, cap, size;
} vec;

static void *vec_push(vec *a)
{
    if (a->n == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        void *p = realloc(a->v, cap * a->size);
        if (!p) {
            fputs("asr_score: out of memory\n", stderr);
            exit(70);
        }
        a->v = p;
        a->cap = cap;
    }
    void *e = (char *)a->v + a->n++ * a->size;
    memset(e, 0, a->size);
    return e;
}

static void copy(char *dst, size_t cap, const char *src, size_t n)
{
    if (n >= cap)
        n = cap - 1;
    memcpy(dst, src, n);
    dst[n] = '\0';
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

/* --- a small JSON object reader: flat objects of strings, numbers, null,
 * true and false, which is all `coach listen` prints. */

static long round_l(double x)
{
    return (long)(x < 0 ? x - 0.5 : x + 0.5);
}

static double max_d(double a, double b)
{
    return a > b ? a : b;
}

static const char *skip_ws(const char *p)
{
    while (isspace((unsigned char)*p))
        p++;
    return p;
}

/* Reads a JSON string at p (at its opening quote) into out; returns the
 * character after the closing quote, or NULL. \uXXXX outside ASCII
 * becomes '?': enough for scoring. */
static const char *read_string(const char *p, char *out, size_t cap)
{
    size_t n = 0;
    if (*p++ != '"')
        return NULL;
    while (*p && *p != '"') {
        char c = *p++;
        if (c == '\\') {
            c = *p++;
            switch (c) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case 'b': c = '\b'; break;
            case 'f': c = '\f'; break;
            case 'u': {
                unsigned v = 0;
                for (int i = 0; i < 4; i++, p++) {
                    if (!isxdigit((unsigned char)*p))
                        return NULL;
                    v = v * 16 + (unsigned)(isdigit((unsigned char)*p) ? *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
                }
                c = v < 128 ? (char)v : '?';
                break;
            }
            case '\0': return NULL;
            default: break; /* \" \\ \/ */
            }
        }
        if (n + 1 < cap)
            out[n++] = c;
    }
    out[n] = '\0';
    return *p == '"' ? p + 1 : NULL;
}

/* Parses one listen line into h; false if it is not a JSON object. */
static bool parse_heard(const char *line, heard *h)
{
    h->value = -1;
    bool has_start = false, has_end = false;
    const char *p = skip_ws(line);
    if (*p++ != '{')
        return false;
    for (;;) {
        char key[64], sval[256];
        p = skip_ws(p);
        if (*p == '}')
            break;
        if (!(p = read_string(p, key, sizeof key)))
            return false;
        p = skip_ws(p);
        if (*p++ != ':')
            return false;
        p = skip_ws(p);
        bool is_null = false, is_string = false;
        double num = 0;
        if (*p == '"') {
            if (!(p = read_string(p, sval, sizeof sval)))
                return false;
            is_string = true;
        } else if (strncmp(p, "null", 4) == 0) {
            p += 4;
            is_null = true;
        } else if (strncmp(p, "true", 4) == 0 || strncmp(p, "false", 5) == 0) {
            p += *p == 't' ? 4 : 5;
        } else {
            char *e;
            errno = 0;
            num = strtod(p, &e);
            if (e == p || errno)
                return false;
            p = e;
        }
        if (strcmp(key, "start") == 0 && !is_string && !is_null)
            h->start = num, has_start = true;
        else if (strcmp(key, "end") == 0 && !is_string && !is_null)
            h->end = num, has_end = true;
        else if (strcmp(key, "text") == 0 && is_string)
            copy(h->text, sizeof h->text, sval, strlen(sval));
        else if (strcmp(key, "command") == 0)
            copy(h->cmd, sizeof h->cmd, is_string ? sval : "", is_string ? strlen(sval) : 0);
        else if (strcmp(key, "value") == 0 && !is_string && !is_null)
            h->value = (int)num;
        else if (strcmp(key, "score") == 0 && !is_string && !is_null)
            h->score = round_l(num);
        else if (strcmp(key, "confidence") == 0 && !is_string && !is_null)
            h->confidence = round_l(num), h->has_confidence = true;
        else if (strcmp(key, "rejected") == 0 && is_string)
            copy(h->rejected, sizeof h->rejected, sval, strlen(sval));
        p = skip_ws(p);
        if (*p == ',')
            p++;
        else if (*p != '}')
            return false;
    }
    return has_start && has_end;
}

static FILE *open_or_die(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "asr_score: %s: %s\n", path, strerror(errno));
        exit(66);
    }
    return f;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* the nearest-rank percentile q (1-100) of sorted v[n], n > 0 */
static double percentile(const double *v, size_t n, unsigned q)
{
    size_t k = (q * n + 99) / 100; /* ceil(q n / 100) */
    return v[k ? k - 1 : 0];
}

static bool overlaps(const heard *h, double lo, double hi)
{
    return h->start <= hi && h->end >= lo;
}

int main(int argc, char **argv)
{
    bool tsv = false, verbose = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (strcmp(argv[i], "-t") == 0)
            tsv = true;
        else if (strcmp(argv[i], "-v") == 0)
            verbose = true;
        else
            break;
    }
    if (argc - i != 2) {
        fputs("usage: asr_score [-t] [-v] MANIFEST LISTEN.jsonl\n", stderr);
        return 64;
    }
    const char *mpath = argv[i], *lpath = argv[i + 1];

    /* the manifest */
    vec utts = {.size = sizeof(utterance)}, spans = {.size = sizeof(said_span)};
    char set[64] = "", cond[64] = "", line[65536];
    double duration = -1;
    FILE *f = open_or_die(mpath);
    for (int ln = 1; fgets(line, sizeof line, f); ln++) {
        chomp(line);
        const char *p = skip_ws(line);
        if (!*p)
            continue;
        if (*p == '#') {
            char key[32];
            int off = 0;
            p = skip_ws(p + 1);
            if (sscanf(p, "%31s %n", key, &off) != 1)
                continue;
            const char *rest = p + off;
            if (strcmp(key, "set") == 0)
                sscanf(rest, "%63s", set);
            else if (strcmp(key, "condition") == 0)
                sscanf(rest, "%63s", cond);
            else if (strcmp(key, "duration") == 0)
                duration = strtod(rest, NULL);
            else if (strcmp(key, "said") == 0) {
                said_span *s = vec_push(&spans);
                int n = 0;
                if (sscanf(rest, "%lf %lf %*s %n", &s->start, &s->end, &n) >= 2 && n > 0)
                    copy(s->text, sizeof s->text, rest + n, strlen(rest + n));
            }
            continue;
        }
        utterance *u = vec_push(&utts);
        int n = 0;
        if (sscanf(p, "%lf %lf %63s %d %n", &u->start, &u->end, u->cmd, &u->value, &n) != 4 || n == 0) {
            fprintf(stderr, "asr_score: %s:%d: expected START END COMMAND VALUE SAID\n", mpath, ln);
            return 65;
        }
        copy(u->said, sizeof u->said, p + n, strlen(p + n));
    }
    fclose(f);
    if (!*set) {
        /* no header: name it after the file */
        const char *b = strrchr(mpath, '/');
        copy(set, sizeof set, b ? b + 1 : mpath, strlen(b ? b + 1 : mpath));
    }
    if (!*cond)
        strcpy(cond, "-");

    /* what was heard */
    vec hs = {.size = sizeof(heard)};
    f = open_or_die(lpath);
    for (int ln = 1; fgets(line, sizeof line, f); ln++) {
        chomp(line);
        if (!*skip_ws(line))
            continue;
        heard *h = vec_push(&hs);
        h->line = ln;
        if (!parse_heard(line, h)) {
            fprintf(stderr, "asr_score: %s:%d: not a listen line: %s\n", lpath, ln, line);
            return 65;
        }
    }
    fclose(f);
    const utterance *U = utts.v;
    const heard *H = hs.v;
    if (duration < 0) /* no duration given: up to the last thing said or heard */
        for (size_t k = 0; k < utts.n || k < hs.n; k++)
            duration = max_d(duration, max_d(k < utts.n ? U[k].end : 0, k < hs.n ? H[k].end : 0));

    /* score */
    size_t correct = 0, wrong = 0, missed = 0, extra = 0;
    double *lat = calloc(utts.n + 1, sizeof *lat);
    bool *used = calloc(hs.n + 1, sizeof *used); /* inside some window */
    char (*detail)[1024] = calloc(utts.n + 1, sizeof *detail); /* its -v line */
    if (!lat || !used || !detail)
        return 70;
    size_t nlat = 0;
    for (size_t k = 0; k < utts.n; k++) {
        const utterance *u = &U[k];
        double lo = u->start - BEFORE, hi = u->end + AFTER;
        int ncmd = 0;
        const heard *match = NULL, *null_heard = NULL;
        char got[900] = "";
        for (size_t j = 0; j < hs.n; j++) {
            if (!overlaps(&H[j], lo, hi))
                continue;
            used[j] = true;
            if (!*H[j].cmd) {
                if (!null_heard)
                    null_heard = &H[j];
                continue;
            }
            ncmd++;
            if (strcmp(H[j].cmd, u->cmd) == 0 && (u->value < 0 || H[j].value == u->value))
                match = &H[j];
            size_t len = strlen(got);
            if (H[j].value >= 0)
                snprintf(got + len, sizeof got - len, "%s%s/%d \"%s\"", len ? ", " : "", H[j].cmd,
                         H[j].value, H[j].text);
            else
                snprintf(got + len, sizeof got - len, "%s%s \"%s\"", len ? ", " : "", H[j].cmd, H[j].text);
        }
        if (ncmd == 1 && match) {
            correct++;
            lat[nlat++] = match->end - u->end;
            snprintf(detail[k], sizeof detail[k], "ok\t%zu\t%.2f\t%.2f\t%s\t%ld", k + 1, u->start, u->end,
                     u->said, round_l(1000 * (match->end - u->end)));
        } else if (ncmd == 0) {
            missed++;
            snprintf(detail[k], sizeof detail[k], "missed\t%zu\t%.2f\t%.2f\t%s\t%s\t%s", k + 1, u->start,
                     u->end, u->said, null_heard ? null_heard->text : "",
                     !null_heard                ? "nothing heard"
                     : *null_heard->rejected    ? null_heard->rejected
                                                : "no command");
        } else {
            wrong++;
            snprintf(detail[k], sizeof detail[k], "wrong\t%zu\t%.2f\t%.2f\t%s\t%s", k + 1, u->start, u->end,
                     u->said, got);
        }
    }
    for (size_t j = 0; j < hs.n; j++)
        if (!used[j] && *H[j].cmd)
            extra++;
    qsort(lat, nlat, sizeof *lat, cmp_double);
    long med = nlat ? round_l(1000 * percentile(lat, nlat, 50)) : -1;
    long p95 = nlat ? round_l(1000 * percentile(lat, nlat, 95)) : -1;

    /* report */
    if (tsv) {
        printf("%s\t%s\t%zu\t%zu\t%zu\t%zu\t%zu\t%.1f\t%ld\t%ld\n", set, cond, utts.n, correct, wrong, missed, extra,
               duration, med, p95);
    } else if (utts.n == 0) {
        printf("%s  %s  duration %.0f s  false commands %zu  per hour %.1f\n", set, cond, duration, extra,
               duration > 0 ? (double)extra * 3600.0 / duration : 0.0);
    } else {
        double n = (double)utts.n;
        printf("%s  %s  n=%zu  correct %.1f%%  wrong %.1f%%  missed %.1f%%  extra %zu", set, cond, utts.n,
               100.0 * (double)correct / n, 100.0 * (double)wrong / n, 100.0 * (double)missed / n, extra);
        if (nlat)
            printf("  latency median %ld ms p95 %ld ms\n", med, p95);
        else
            printf("  latency -\n");
    }
    if (verbose) {
        for (size_t k = 0; k < utts.n; k++)
            if (detail[k][0])
                printf("%s\n", detail[k]);
        const said_span *S = spans.v;
        for (size_t j = 0; j < hs.n; j++) {
            if (used[j] || !*H[j].cmd)
                continue;
            const char *during = "";
            for (size_t s = 0; s < spans.n; s++)
                if (S[s].start <= H[j].end && S[s].end >= H[j].start) {
                    during = S[s].text;
                    break;
                }
            printf("extra\t%.2f\t%.2f\t%.2f\t%s\t%d\t%s\t%ld\t", H[j].start, H[j].end, H[j].end - H[j].start,
                   H[j].cmd, H[j].value, H[j].text, H[j].score);
            if (H[j].has_confidence)
                printf("%ld", H[j].confidence);
            else
                printf("-");
            printf("\t%s\n", during);
        }
    }
    free(lat);
    free(used);
    free(detail);
    free(utts.v);
    free(spans.v);
    free(hs.v);
    return 0;
}
