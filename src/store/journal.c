/* journal.c: appending session events to the log, one write per record. */
#include "journal.h"
#include "../core/defaults.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../core/fileio.h"
#include "../core/timeline.h"

struct journal {
    int fd;
    char path[4096];
    char session[64];
    char routine[256], title[512];
    int64_t start_ms;
    int rate;
    bool failed;
};

coach_err journal_default_dir(char *buf, size_t size, coach_diags *diags)
{
    const char *state = getenv("XDG_STATE_HOME");
    const char *home = getenv("HOME");
    int n;
    if (state && state[0] == '/')
        n = snprintf(buf, size, "%s/coach", state);
    else if (home && *home)
        n = snprintf(buf, size, "%s/.local/state/coach", home);
    else {
        coach_diags_add(diags, NULL, 0, 0,
                        "there is no place for the session log: set HOME or XDG_STATE_HOME, "
                        "give --log-dir DIR, or use --no-log");
        return COACH_ERR_UNAVAILABLE;
    }
    if (n < 0 || (size_t)n >= size) {
        coach_diags_add(diags, NULL, 0, 0, "the session log's folder name is too long");
        return COACH_ERR_USAGE;
    }
    return COACH_OK;
}

/* mkdir -p with mode 0700 for the folders it creates. */
static int make_dirs(const char *dir)
{
    char tmp[4096];
    if (snprintf(tmp, sizeof tmp, "%s", dir) >= (int)sizeof tmp) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = tmp + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(tmp, 0700) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

/* Writes all of buf, retrying on EINTR and short writes. */
static int write_all(int fd, const char *buf, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, buf, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        buf += k;
        n -= (size_t)k;
    }
    return 0;
}

coach_err journal_open(const char *dir, journal **out, coach_diags *diags)
{
    *out = NULL;
    journal *j = calloc(1, sizeof *j);
    if (!j)
        return COACH_ERR_NOMEM;
    j->fd = -1;
    if (snprintf(j->path, sizeof j->path, "%s/%s", dir, JOURNAL_FILE) >= (int)sizeof j->path) {
        coach_diags_add(diags, dir, 0, 0, "the session log's folder name is too long");
        free(j);
        return COACH_ERR_USAGE;
    }
    if (make_dirs(dir) != 0) {
        coach_diags_add(diags, dir, 0, 0,
                        "cannot create the session log's folder (%s); give --log-dir DIR, "
                        "or --no-log to keep nothing", strerror(errno));
        free(j);
        return COACH_ERR_IO;
    }
    /* no one else may plant or swap the log: the folder is the user's
     * alone, and the file is opened without following a link (O_NOFOLLOW),
     * a regular file of the user's own, made 0600 if it was not */
    coach_diags *why = coach_diags_create();
    coach_err err = coach_dir_private(dir, why);
    if (!err)
        err = coach_open_private(j->path, true, &j->fd, why);
    if (err) {
        const coach_diag *g = coach_diags_get(why, 0);
        coach_diags_add(diags, g ? g->file : j->path, 0, 0,
                        "cannot write the session log: %s; give --log-dir DIR, or --no-log to keep nothing",
                        g ? g->message : coach_strerror(err));
        coach_diags_destroy(why);
        free(j);
        return COACH_ERR_IO;
    }
    coach_diags_destroy(why);
    /* a crash may have torn the last line: end it, so the next record
     * starts a line of its own (reading skips the torn one) */
    struct stat st;
    char last = '\n';
    if (fstat(j->fd, &st) != 0 ||
        (st.st_size > 0 && pread(j->fd, &last, 1, st.st_size - 1) != 1))
        last = 0; /* not known: a newline costs at most a blank line, which reading skips */
    if (last != '\n' && (write_all(j->fd, "\n", 1) != 0 || fdatasync(j->fd) != 0)) {
        coach_diags_add(diags, j->path, 0, 0, "cannot write the session log (%s)", strerror(errno));
        journal_close(j);
        return COACH_ERR_IO;
    }
    *out = j;
    return COACH_OK;
}

void journal_begin(journal *j, int64_t start_ms, int sample_rate, const char *routine_id,
                   const char *title)
{
    j->start_ms = start_ms;
    j->rate = sample_rate > 0 ? sample_rate : COACH_FRAME_RATE;
    snprintf(j->routine, sizeof j->routine, "%s", routine_id ? routine_id : "");
    snprintf(j->title, sizeof j->title, "%s", title ? title : "");
    time_t secs = (time_t)(start_ms / 1000);
    struct tm tm;
    localtime_r(&secs, &tm);
    uint32_t suffix = 0;
    int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || read(fd, &suffix, sizeof suffix) != (ssize_t)sizeof suffix)
        suffix = (uint32_t)getpid() ^ (uint32_t)start_ms;
    if (fd >= 0)
        close(fd);
    /* 32 random bits: two sessions started in the same second do not share an id */
    snprintf(j->session, sizeof j->session, "%04d%02d%02d-%02d%02d%02d-%08" PRIx32, tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, suffix);
}

/* ts: local time with its offset, milliseconds. */
static void format_ts(char *buf, size_t size, int64_t ms)
{
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    localtime_r(&secs, &tm);
    int off = (int)(tm.tm_gmtoff / 60) % (24 * 60);
    char sign = off < 0 ? '-' : '+';
    if (off < 0)
        off = -off;
    snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%03d%c%02d:%02d", tm.tm_year + 1900,
             tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, (int)(ms % 1000), sign,
             off / 60, off % 60);
}

/* Events after which the log is synced to the disk. */
static bool durable(const char *name)
{
    return strcmp(name, "pain") == 0 || strcmp(name, "exercise_end") == 0 ||
           strcmp(name, "session_end") == 0;
}

coach_err journal_event(journal *j, const action *a, coach_diags *diags)
{
    if (a->type != ACTION_EVENT || !a->name)
        return COACH_OK;
    if (j->failed)
        return COACH_ERR_IO;
    uint64_t ms_in = (a->frame * 1000 + (uint64_t)j->rate / 2) / (uint64_t)j->rate;
    char ts[96];
    format_ts(ts, sizeof ts, j->start_ms + (int64_t)ms_in);
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    if (!m)
        return COACH_ERR_NOMEM;
    fprintf(m, "{\"ts\":\"%s\",\"session\":\"%s\",\"event\":", ts, j->session);
    timeline_json_string(m, a->name);
    fprintf(m, ",\"t\":%" PRIu64 ".%03u", ms_in / 1000, (unsigned)(ms_in % 1000));
    if (strcmp(a->name, "session_start") == 0) {
        fputs(",\"routine\":", m);
        timeline_json_string(m, j->routine);
        fputs(",\"title\":", m);
        timeline_json_string(m, j->title);
    }
    timeline_write_fields(m, a);
    fputs("}\n", m);
    if (fclose(m) != 0 || !buf) {
        free(buf);
        return COACH_ERR_NOMEM;
    }
    /* a record is whole or absent: a write that fails part way (a full
     * disk, a file size limit) is cut back to where the record began */
    off_t before = lseek(j->fd, 0, SEEK_END);
    int rc = write_all(j->fd, buf, len);
    free(buf);
    if (rc != 0) {
        int e = errno;
        if (before >= 0 && ftruncate(j->fd, before) == 0)
            fdatasync(j->fd);
        errno = e;
    } else if (durable(a->name)) {
        rc = fdatasync(j->fd);
    }
    if (rc != 0) {
        j->failed = true;
        coach_diags_add(diags, j->path, 0, 0,
                        "writing the session log failed (%s); the rest of this session is not "
                        "logged", strerror(errno));
        return COACH_ERR_IO;
    }
    return COACH_OK;
}

const char *journal_session(const journal *j)
{
    return j->session;
}

const char *journal_path(const journal *j)
{
    return j->path;
}

void journal_close(journal *j)
{
    if (!j)
        return;
    if (j->fd >= 0) {
        fdatasync(j->fd);
        close(j->fd);
    }
    free(j);
}
