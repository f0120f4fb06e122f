/* crash_log.c: the crash test of the session log (issue 6).
 *
 *   crash_log COACH ROUTINE WORKDIR KILLS SEED
 *
 * Renders ROUTINE twice into a log of its own and times the second session
 * (T, wall clock, process start to exit; a later session asks the next-day
 * question, so it is longer than a first one). Then, KILLS times, it runs
 * the same file-mode session into one shared log, WORKDIR/log, and kills it
 * with SIGKILL at a moment drawn uniformly from [0, 1.1 T] (seeded PRNG). The session's timeline goes to a pipe the test
 * reads while it waits: coach logs each event before it writes the event to
 * the timeline, so every event line that reached the pipe is a record the
 * log must hold ("acknowledged"). After every kill it checks:
 *   (a) history_load reads the whole log;
 *   (b) every line of the log is a complete record, or a torn fragment left
 *       by an earlier kill (at most one per kill), and history_bad_lines
 *       counts exactly those;
 *   (c) this run's bytes are: a leading "\n" exactly when the log ended in a
 *       torn line and the run got as far as opening it, then complete
 *       records of one session, then at most one torn fragment;
 *   (d) the events received on the pipe are a prefix of this run's records,
 *       matched by (event, t), in order; all of them when coach finished;
 *   (e) over all kills, the kills did not all land in one of: before the
 *       first record, mid-session, after the session's end.
 * A SIGKILL can tear a record only in a window of a few instructions, so
 * the torn-line path is also driven on purpose: after some kills that left
 * whole lines, the test appends a cut copy of the run's last record, as a
 * tear would leave it, and the next runs must step over it. Exits 0 with a
 * one-line summary, or 1 with the seed, each kill's delay and the problem. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/history.h"

/* ---- small helpers ---------------------------------------------------------- */

/* A growable byte buffer; p is NUL-terminated whenever n > 0. */
typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

/* Appends len bytes of s to b (keeping a NUL after them); exits when out
 * of memory. */
static void buf_add(buf *b, const char *s, size_t len)
{
    if (b->n + len + 1 > b->cap) {
        size_t c = b->cap ? b->cap : 4096;
        while (c < b->n + len + 1)
            c *= 2;
        char *q = realloc(b->p, c);
        if (!q) {
            fprintf(stderr, "crash_log: out of memory\n");
            exit(1);
        }
        b->p = q;
        b->cap = c;
    }
    memcpy(b->p + b->n, s, len);
    b->n += len;
    b->p[b->n] = '\0';
}

/* Seconds on the monotonic clock. */
static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Sleeps until the monotonic clock reads at least t. */
static void sleep_until(double t)
{
    struct timespec ts;
    ts.tv_sec = (time_t)t;
    ts.tv_nsec = (long)((t - (double)ts.tv_sec) * 1e9);
    if (ts.tv_nsec >= 1000000000L)
        ts.tv_sec++, ts.tv_nsec -= 1000000000L;
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
        ;
}

/* The next number of the splitmix64 sequence whose state is *s. */
static uint64_t rng_next(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* A number uniform in [0, 1) from the sequence *s. */
static double rng_unit(uint64_t *s)
{
    return (double)(rng_next(s) >> 11) / 9007199254740992.0; /* 2^53 */
}

/* The size of the file at path: 0 when it does not exist, -1 (with a
 * message) when it cannot be examined. */
static off_t file_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return st.st_size;
    if (errno == ENOENT)
        return 0;
    fprintf(stderr, "crash_log: cannot examine %s: %s\n", path, strerror(errno));
    return -1;
}

/* Appends the bytes of the file at path from offset from to its end to out;
 * a missing file has none. false (with a message) when it cannot be read. */
static bool read_from(const char *path, off_t from, buf *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT)
        return true;
    if (fd < 0 || lseek(fd, from, SEEK_SET) < 0) {
        fprintf(stderr, "crash_log: cannot read %s: %s\n", path, strerror(errno));
        if (fd >= 0)
            close(fd);
        return false;
    }
    char chunk[65536];
    for (;;) {
        ssize_t k = read(fd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            fprintf(stderr, "crash_log: cannot read %s: %s\n", path, strerror(errno));
            close(fd);
            return false;
        }
        if (k == 0)
            break;
        buf_add(out, chunk, (size_t)k);
    }
    close(fd);
    return true;
}

/* ---- coach ------------------------------------------------------------------- */

/* Starts `COACH run ROUTINE --out WAV --log-dir LOGDIR --timeline TL` with
 * stdin and stderr on /dev/null; with pipe_out non-NULL, TL is /dev/stdout
 * and *pipe_out is the read end of a pipe on the child's stdout, else
 * stdout goes to /dev/null. Returns the child's pid, or -1 with a message. */
static pid_t spawn_coach(const char *coach, const char *routine, const char *wav,
                         const char *logdir, const char *tl, int *pipe_out)
{
    int fds[2] = {-1, -1};
    if (pipe_out && pipe(fds) != 0) {
        fprintf(stderr, "crash_log: pipe: %s\n", strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        fprintf(stderr, "crash_log: fork: %s\n", strerror(errno));
        if (pipe_out)
            close(fds[0]), close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        int null = open("/dev/null", O_RDWR);
        if (null < 0)
            _exit(126);
        dup2(null, STDIN_FILENO);
        dup2(null, STDERR_FILENO);
        if (pipe_out) {
            dup2(fds[1], STDOUT_FILENO);
            close(fds[0]);
            close(fds[1]);
        } else {
            dup2(null, STDOUT_FILENO);
        }
        if (null > STDERR_FILENO)
            close(null);
        char *argv[] = {(char *)coach, "run",       (char *)routine, "--out",
                        (char *)wav,   "--log-dir", (char *)logdir,  "--timeline",
                        pipe_out ? "/dev/stdout" : (char *)tl, NULL};
        execv(coach, argv);
        _exit(127);
    }
    if (pipe_out) {
        close(fds[1]);
        *pipe_out = fds[0];
    }
    return pid;
}

/* Renders the reference session (timeline tl, log in logdir) and sets *secs
 * to its wall time, process start to exit. false (with a message) when
 * coach does not finish with status 0. */
static bool run_reference(const char *coach, const char *routine, const char *wav,
                          const char *logdir, const char *tl, double *secs)
{
    double t0 = now_s();
    pid_t pid = spawn_coach(coach, routine, wav, logdir, tl, NULL);
    if (pid < 0)
        return false;
    int st;
    while (waitpid(pid, &st, 0) < 0)
        if (errno != EINTR) {
            fprintf(stderr, "crash_log: waitpid: %s\n", strerror(errno));
            return false;
        }
    *secs = now_s() - t0;
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "crash_log: the reference run failed (status %d): %s run %s --out %s "
                        "--log-dir %s --timeline %s\n",
                st, coach, routine, wav, logdir, tl);
        return false;
    }
    return true;
}

/* Reads everything fd has until EOF into out; false on a read error. */
static bool drain(int fd, buf *out)
{
    char chunk[65536];
    for (;;) {
        ssize_t k = read(fd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return false;
        if (k == 0)
            return true;
        buf_add(out, chunk, (size_t)k);
    }
}

/* Reads fd into out until the monotonic clock reaches deadline or fd
 * reaches EOF (the child has exited: then *eof is set). */
static void read_until(int fd, double deadline, buf *out, bool *eof)
{
    char chunk[65536];
    *eof = false;
    for (;;) {
        double rem = deadline - now_s();
        if (rem <= 0)
            return;
        int ms = (int)(rem * 1000.0); /* rounded down: never past the deadline */
        if (ms == 0) {
            sleep_until(deadline);
            return;
        }
        struct pollfd p = {fd, POLLIN, 0};
        int r = poll(&p, 1, ms);
        if (r < 0 && errno != EINTR)
            return;
        if (r <= 0)
            continue;
        ssize_t k = read(fd, chunk, sizeof chunk);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) { /* EOF (or an error): coach has closed its stdout */
            *eof = true;
            return;
        }
        buf_add(out, chunk, (size_t)k);
    }
}

/* ---- lines -------------------------------------------------------------------- */

/* An event as both outputs name it: its name and its t, as written. */
typedef struct event {
    char name[64];
    char t[32];
} event;

/* A growable list of events. */
typedef struct events {
    event *v;
    size_t n, cap;
} events;

/* Appends e to l; exits when out of memory. */
static void events_add(events *l, const event *e)
{
    if (l->n == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 64;
        event *q = realloc(l->v, c * sizeof *q);
        if (!q) {
            fprintf(stderr, "crash_log: out of memory\n");
            exit(1);
        }
        l->v = q;
        l->cap = c;
    }
    l->v[l->n++] = *e;
}

/* Copies the bytes of s up to (not including) the first stop character into
 * out (size bytes); returns the position of stop, or NULL when it is absent
 * or the text does not fit. */
static const char *copy_until(const char *s, char stop, char *out, size_t size)
{
    const char *e = strchr(s, stop);
    if (!e || (size_t)(e - s) >= size)
        return NULL;
    memcpy(out, s, (size_t)(e - s));
    out[e - s] = '\0';
    return e;
}

/* Whether line (NUL-terminated, no newline) is a timeline event that the
 * log also gets (type "event", not "rejected"); fills *e when it is. */
static bool timeline_event(const char *line, event *e)
{
    static const char lead[] = "{\"t\":", mid[] = ",\"type\":\"event\",\"name\":\"";
    if (strncmp(line, lead, sizeof lead - 1) != 0)
        return false;
    const char *p = copy_until(line + sizeof lead - 1, ',', e->t, sizeof e->t);
    if (!p || strncmp(p, ",\"frame\":", 9) != 0)
        return false;
    p += 9;
    while (*p >= '0' && *p <= '9')
        p++;
    if (strncmp(p, mid, sizeof mid - 1) != 0)
        return false;
    if (!copy_until(p + sizeof mid - 1, '"', e->name, sizeof e->name))
        return false;
    return strcmp(e->name, "rejected") != 0;
}

/* Whether the len bytes at s (one line, without its newline) are a complete
 * record for the project's own reader: it reads one session from them and
 * skips nothing. */
static bool complete_record(const char *s, size_t len)
{
    history *h = NULL;
    if (history_parse(s, len, &h) != COACH_OK) {
        fprintf(stderr, "crash_log: out of memory\n");
        exit(1);
    }
    bool ok = history_count(h) == 1 && history_bad_lines(h) == 0;
    history_destroy(h);
    return ok;
}

/* Reads the session id, event name and t of a record line as journal.c
 * writes it ({"ts":"...","session":"ID","event":"NAME","t":T,...}); false
 * when the line does not start that way. */
static bool record_event(const char *line, char *session, size_t size, event *e)
{
    static const char lead[] = "{\"ts\":\"";
    if (strncmp(line, lead, sizeof lead - 1) != 0)
        return false;
    const char *p = strchr(line + sizeof lead - 1, '"');
    if (!p || strncmp(p, "\",\"session\":\"", 13) != 0)
        return false;
    p = copy_until(p + 13, '"', session, size);
    if (!p || strncmp(p, "\",\"event\":\"", 11) != 0)
        return false;
    p = copy_until(p + 11, '"', e->name, sizeof e->name);
    if (!p || strncmp(p, "\",\"t\":", 6) != 0)
        return false;
    p += 6;
    size_t k = strspn(p, "0123456789.");
    if (k == 0 || k >= sizeof e->t || (p[k] != ',' && p[k] != '}'))
        return false;
    memcpy(e->t, p, k);
    e->t[k] = '\0';
    return true;
}

/* ---- the test ------------------------------------------------------------------ */

enum { MAX_KILLS = 100000 };

/* Everything the test keeps from kill to kill. */
typedef struct state {
    const char *log;      /* WORKDIR/log/sessions.jsonl */
    uint64_t seed;
    double *delays;       /* each kill's delay, seconds after the fork */
    long kills;           /* kills done so far */
    off_t *torn;          /* where each torn line of the log starts */
    size_t n_torn;
    size_t n_torn_kill, n_torn_sim;  /* torn by a kill / appended by the test */
    char (*ids)[64];      /* the session ids logged so far */
    size_t n_ids;
    long before, mid, after;         /* where the kills landed */
    unsigned long records, acked;    /* records checked, acknowledged events found */
} state;

/* Reports a failed check: the problem, the seed and each kill's delay so
 * far; returns false for the caller to pass on. */
static bool fail(const state *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "crash_log: FAIL after kill %ld: ", s->kills);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\ncrash_log: seed %" PRIu64 "; the log is %s; kill delays (s):", s->seed,
            s->log);
    for (long i = 0; i < s->kills; i++)
        fprintf(stderr, "%s%.4f", i % 10 ? " " : "\n  ", s->delays[i]);
    fputc('\n', stderr);
    return false;
}

/* Whether off is where a known torn line starts. */
static bool is_torn(const state *s, off_t off)
{
    for (size_t i = 0; i < s->n_torn; i++)
        if (s->torn[i] == off)
            return true;
    return false;
}

/* Notes that a torn line starts at off (it becomes a bad line). */
static void add_torn(state *s, off_t off)
{
    off_t *q = realloc(s->torn, (s->n_torn + 1) * sizeof *q);
    if (!q) {
        fprintf(stderr, "crash_log: out of memory\n");
        exit(1);
    }
    s->torn = q;
    s->torn[s->n_torn++] = off;
}

/* Checks (a) and (b) on the whole log: it loads, and its only lines that
 * are not complete records are the torn ones noted, as many as
 * history_bad_lines counts, at most one per kill so far. */
static bool check_whole(state *s)
{
    coach_diags *d = coach_diags_create();
    history *h = NULL;
    coach_err err = history_load(s->log, &h, d);
    if (err != COACH_OK) {
        coach_diags_print(d, stderr);
        coach_diags_destroy(d);
        return fail(s, "history_load cannot read the log: %s", coach_strerror(err));
    }
    coach_diags_destroy(d);
    size_t bad = history_bad_lines(h), sessions = history_count(h);
    history_destroy(h);
    buf all = {0};
    if (!read_from(s->log, 0, &all))
        return fail(s, "cannot read the log");
    bool ok = true;
    size_t seen_torn = 0;
    for (size_t at = 0; at < all.n && ok;) {
        char *nl = memchr(all.p + at, '\n', all.n - at);
        size_t len = nl ? (size_t)(nl - (all.p + at)) : all.n - at;
        if (len == 0)
            ok = fail(s, "the log has an empty line at byte %zu", at);
        else if (is_torn(s, (off_t)at))
            seen_torn++;
        else if (!complete_record(all.p + at, len))
            ok = fail(s, "the line at byte %zu is neither a complete record nor a torn "
                         "line a kill left: %.*s", at, (int)(len > 300 ? 300 : len), all.p + at);
        at += len + (nl ? 1 : 0);
    }
    free(all.p);
    if (!ok)
        return false;
    if (seen_torn != s->n_torn)
        return fail(s, "%zu torn lines were noted but %zu are in the log", s->n_torn, seen_torn);
    if (bad != s->n_torn)
        return fail(s, "history_bad_lines says %zu, but the log has %zu torn lines", bad,
                    s->n_torn);
    if (bad > (size_t)s->kills)
        return fail(s, "%zu bad lines after %ld kills", bad, s->kills);
    if (sessions != s->n_ids)
        return fail(s, "history_count says %zu sessions, but %zu session ids were logged",
                    sessions, s->n_ids);
    return true;
}

/* Checks (c) and (d) on one run: fresh holds the log's bytes from old_size
 * on, old_torn whether the log ended in a torn line before the run, got the
 * pipe's bytes; exited is true when coach finished by itself with status
 * code. Notes the run's torn line, its session and where the kill landed. */
static bool check_run(state *s, off_t old_size, bool old_torn, const buf *fresh, const buf *got,
                      bool exited, int code)
{
    if (exited && code != 0)
        return fail(s, "coach finished by itself with status %d", code);
    size_t at = 0;
    if (fresh->n > 0 && fresh->p[0] == '\n') {
        if (!old_torn)
            return fail(s, "the run began with a newline, but the log did not end in a torn "
                           "line");
        at = 1;
    } else if (fresh->n > 0 && old_torn) {
        return fail(s, "the log ended in a torn line, but the run did not end it with a "
                       "newline before its first record");
    }
    events logged = {0}, acked = {0};
    char session[64] = "";
    bool ok = true, ended = false;
    while (at < fresh->n && ok) {
        char *nl = memchr(fresh->p + at, '\n', fresh->n - at);
        size_t len = nl ? (size_t)(nl - (fresh->p + at)) : fresh->n - at;
        char *line = fresh->p + at;
        bool whole = complete_record(line, len);
        if (!nl && !whole) { /* the torn last line of this run */
            add_torn(s, old_size + (off_t)at);
            s->n_torn_kill++;
            break;
        }
        if (!whole) {
            ok = fail(s, "this run wrote a line that is not a complete record: %.*s",
                      (int)(len > 300 ? 300 : len), line);
            break;
        }
        char keep = line[len];
        line[len] = '\0';
        char id[64];
        event e;
        if (!record_event(line, id, sizeof id, &e))
            ok = fail(s, "a record does not start with ts, session, event and t: %s", line);
        else if (session[0] && strcmp(id, session) != 0)
            ok = fail(s, "one run logged two sessions, %s and %s", session, id);
        else if (!session[0] && strcmp(e.name, "session_start") != 0)
            ok = fail(s, "the run's first record is not its session_start: %s", line);
        line[len] = keep;
        if (!ok)
            break;
        snprintf(session, sizeof session, "%s", id);
        events_add(&logged, &e);
        ended = ended || strcmp(e.name, "session_end") == 0;
        at += len + (nl ? 1 : 0);
    }
    /* the events that reached the pipe, whole lines only */
    for (size_t p = 0; ok && p < got->n;) {
        char *nl = memchr(got->p + p, '\n', got->n - p);
        if (!nl)
            break;
        *nl = '\0';
        event e;
        if (timeline_event(got->p + p, &e))
            events_add(&acked, &e);
        *nl = '\n';
        p = (size_t)(nl - got->p) + 1;
    }
    for (size_t i = 0; ok && i < acked.n && i < logged.n; i++)
        if (strcmp(acked.v[i].name, logged.v[i].name) != 0 || strcmp(acked.v[i].t, logged.v[i].t))
            ok = fail(s, "event %zu of the timeline is %s at t=%s, but record %zu of the log is "
                         "%s at t=%s", i + 1, acked.v[i].name, acked.v[i].t, i + 1,
                      logged.v[i].name, logged.v[i].t);
    if (ok && acked.n > logged.n)
        ok = fail(s, "coach sent %zu events on its timeline but the log holds %zu of this "
                     "run's records (the first missing: %s at t=%s)",
                  acked.n, logged.n, acked.v[logged.n].name, acked.v[logged.n].t);
    if (ok && exited && (acked.n != logged.n || !ended))
        ok = fail(s, "coach finished, but its timeline has %zu events and the log %zu records%s",
                  acked.n, logged.n, ended ? "" : ", without a session_end");
    if (ok && session[0]) {
        bool known = false;
        for (size_t i = 0; i < s->n_ids; i++)
            known = known || strcmp(s->ids[i], session) == 0;
        if (known) {
            fprintf(stderr, "crash_log: note: session id %s was used twice\n", session);
        } else {
            char(*q)[64] = realloc(s->ids, (s->n_ids + 1) * sizeof *q);
            if (!q) {
                fprintf(stderr, "crash_log: out of memory\n");
                exit(1);
            }
            s->ids = q;
            snprintf(s->ids[s->n_ids++], sizeof s->ids[0], "%s", session);
        }
    }
    if (ok) {
        s->records += logged.n;
        s->acked += acked.n;
        if (logged.n == 0)
            s->before++;
        else if (ended || exited)
            s->after++;
        else
            s->mid++;
    }
    free(logged.v);
    free(acked.v);
    return ok;
}

/* Appends to the log a cut copy of the last record this run wrote (fresh,
 * from old_size on), as a tear would leave it, and notes it as torn; does
 * nothing when the run left a torn line of its own or no record. false
 * (with a message) when the log cannot be written. */
static bool simulate_tear(state *s, const buf *fresh, uint64_t *rng)
{
    if (fresh->n < 2 || fresh->p[fresh->n - 1] != '\n')
        return true;
    size_t start = fresh->n - 1;
    while (start > 0 && fresh->p[start - 1] != '\n')
        start--;
    size_t len = fresh->n - start; /* with its newline */
    if (len < 4)
        return true;
    size_t keep = 1 + (size_t)(rng_unit(rng) * (double)(len - 3)); /* 1..len-3: never whole */
    off_t at = file_size(s->log);
    int fd = open(s->log, O_WRONLY | O_APPEND | O_CLOEXEC);
    if (at < 0 || fd < 0 || write(fd, fresh->p + start, keep) != (ssize_t)keep) {
        if (fd >= 0)
            close(fd);
        return fail(s, "cannot append a torn line to the log: %s", strerror(errno));
    }
    close(fd);
    add_torn(s, at);
    s->n_torn_sim++;
    return true;
}

/* One kill: runs coach into the shared log, kills it after delay seconds,
 * and checks the log; rng decides the tears the test makes itself. false
 * when a check fails. */
static bool one_kill(state *s, const char *coach, const char *routine, const char *wav,
                     const char *logdir, double delay, uint64_t *rng)
{
    off_t old_size = file_size(s->log);
    if (old_size < 0)
        return fail(s, "cannot examine the log");
    bool old_torn = false;
    if (old_size > 0) {
        buf last = {0};
        if (!read_from(s->log, old_size - 1, &last))
            return fail(s, "cannot read the log");
        old_torn = last.n > 0 && last.p[0] != '\n';
        free(last.p);
    }
    int fd = -1;
    double t0 = now_s();
    pid_t pid = spawn_coach(coach, routine, wav, logdir, NULL, &fd);
    if (pid < 0)
        return fail(s, "cannot start coach");
    buf got = {0};
    bool eof;
    read_until(fd, t0 + delay, &got, &eof);
    if (!eof)
        kill(pid, SIGKILL);
    int st = 0;
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    bool drained = drain(fd, &got);
    close(fd);
    s->delays[s->kills++] = delay;
    buf fresh = {0};
    bool ok = drained ? true : fail(s, "cannot read coach's timeline: %s", strerror(errno));
    if (ok && !read_from(s->log, old_size, &fresh))
        ok = fail(s, "cannot read this run's part of the log");
    bool exited = WIFEXITED(st);
    if (ok && !exited && !(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL))
        ok = fail(s, "coach ended with status %d, neither by itself nor by the kill", st);
    ok = ok && check_run(s, old_size, old_torn, &fresh, &got, exited,
                         exited ? WEXITSTATUS(st) : 0);
    /* now and then, tear the last line on purpose (see the top) */
    if (ok && rng_unit(rng) < 0.125)
        ok = simulate_tear(s, &fresh, rng);
    ok = ok && check_whole(s);
    free(got.p);
    free(fresh.p);
    return ok;
}

/* Parses a whole decimal number in [lo, hi] from text; false when it is
 * not one. */
static bool parse_num(const char *text, uint64_t lo, uint64_t hi, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(text, &end, 10);
    if (errno || end == text || *end || text[0] == '-' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

int main(int argc, char **argv)
{
    uint64_t kills, seed;
    if (argc != 6 || !parse_num(argv[4], 1, MAX_KILLS, &kills) ||
        !parse_num(argv[5], 0, UINT64_MAX, &seed)) {
        fprintf(stderr, "usage: crash_log COACH ROUTINE WORKDIR KILLS SEED\n"
                        "  KILLS from 1 to %d; SEED a whole number\n", MAX_KILLS);
        return 2;
    }
    const char *coach = argv[1], *routine = argv[2], *work = argv[3];
    signal(SIGPIPE, SIG_IGN);
    char wav[4096], reflog[4096], reftl[4096], logdir[4096], log[4200];
    snprintf(wav, sizeof wav, "%s/ref.wav", work);
    snprintf(reflog, sizeof reflog, "%s/ref-log", work);
    snprintf(reftl, sizeof reftl, "%s/ref.jsonl", work);
    snprintf(logdir, sizeof logdir, "%s/log", work);
    snprintf(log, sizeof log, "%s/sessions.jsonl", logdir);
    /* T: the second of two sessions in a log of their own. Every kill but
     * the first finds an earlier session in its log and so asks the next-day
     * question, which makes it longer than a first session. */
    double T;
    if (!run_reference(coach, routine, wav, reflog, reftl, &T) ||
        !run_reference(coach, routine, wav, reflog, reftl, &T))
        return 1;
    snprintf(wav, sizeof wav, "%s/out.wav", work);
    state s = {0};
    s.log = log;
    s.seed = seed;
    s.delays = calloc(kills, sizeof *s.delays);
    if (!s.delays) {
        fprintf(stderr, "crash_log: out of memory\n");
        return 1;
    }
    /* two streams: the delays are the same for a seed whatever the runs do */
    uint64_t rng = seed, tear_rng = seed ^ 0x5deece66dULL;
    bool ok = true;
    for (uint64_t i = 0; i < kills && ok; i++)
        ok = one_kill(&s, coach, routine, wav, logdir, rng_unit(&rng) * 1.1 * T, &tear_rng);
    int buckets = (s.before > 0) + (s.mid > 0) + (s.after > 0);
    if (ok && kills >= 10 && buckets < 2)
        ok = fail(&s, "all %ld kills landed %s: the delays do not cover the session", s.kills,
                  s.before ? "before the first record" : s.mid ? "mid-session" : "after the end");
    if (ok)
        printf("crash_log: %ld kills (seed %" PRIu64 ", one session %.2f s): %ld before the "
               "first record, %ld mid-session, %ld after the end; %lu records checked, %lu "
               "acknowledged events all in the log; %zu bad lines (%zu torn by a kill, %zu "
               "torn by the test)\n",
               s.kills, seed, T, s.before, s.mid, s.after, s.records, s.acked, s.n_torn,
               s.n_torn_kill, s.n_torn_sim);
    free(s.delays);
    free(s.torn);
    free(s.ids);
    return ok ? 0 : 1;
}
