/* fileio.c: files opened the one careful way (fileio.h). */
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The sentence for a file that is not a regular file. */
static const char *kind_of(mode_t m)
{
    if (S_ISDIR(m))
        return "a folder";
    if (S_ISFIFO(m))
        return "a pipe (FIFO)";
    if (S_ISCHR(m) || S_ISBLK(m))
        return "a device";
    if (S_ISSOCK(m))
        return "a socket";
    return "not a regular file";
}

/* Checks an open fd: a regular file, and the user's own when mine; closes
 * it and reports otherwise. */
static coach_err check_fd(const char *path, int fd, bool mine, coach_diags *diags)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        coach_diags_add(diags, path, 0, 0, "cannot read the file: %s", strerror(errno));
        close(fd);
        return COACH_ERR_IO;
    }
    if (!S_ISREG(st.st_mode)) {
        coach_diags_add(diags, path, 0, 0,
                        "this is %s, not a regular file; coach reads and writes only regular files here",
                        kind_of(st.st_mode));
        close(fd);
        return COACH_ERR_NO_INPUT;
    }
    if (mine && st.st_uid != geteuid()) {
        coach_diags_add(diags, path, 0, 0,
                        "this file belongs to another user (uid %u); coach uses only your own files here",
                        (unsigned)st.st_uid);
        close(fd);
        return COACH_ERR_IO;
    }
    return COACH_OK;
}

/* The error and sentence for a failed open of path. */
static coach_err open_failed(const char *path, int e, unsigned flags, coach_diags *diags)
{
    if (e == ELOOP && (flags & COACH_OPEN_NOFOLLOW)) {
        coach_diags_add(diags, path, 0, 0,
                        "this is a symbolic link; coach does not follow links here (name the file itself)");
        return COACH_ERR_IO;
    }
    if (e == ELOOP) {
        coach_diags_add(diags, path, 0, 0, "cannot open the file: its symbolic links go round in a loop");
        return COACH_ERR_NO_INPUT;
    }
    if (e == ENOENT)
        coach_diags_add(diags, path, 0, 0, "no such file");
    else
        coach_diags_add(diags, path, 0, 0, "cannot open the file: %s", strerror(e));
    return e == ENOENT || e == EACCES || e == ENOTDIR || e == ENXIO ? COACH_ERR_NO_INPUT : COACH_ERR_IO;
}

coach_err coach_open_read(const char *path, unsigned flags, int *fd, coach_diags *diags)
{
    *fd = -1;
    int of = O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY;
    if (flags & COACH_OPEN_NOFOLLOW)
        of |= O_NOFOLLOW;
    int f = open(path, of);
    if (f < 0) {
        int e = errno;
        if ((flags & COACH_OPEN_MISSING_OK) && (e == ENOENT || e == ENOTDIR))
            return COACH_OK;
        return open_failed(path, e, flags, diags);
    }
    coach_err err = check_fd(path, f, flags & COACH_OPEN_MINE, diags);
    if (err)
        return err;
    int fl = fcntl(f, F_GETFL);
    if (fl >= 0)
        fcntl(f, F_SETFL, fl & ~O_NONBLOCK);
    *fd = f;
    return COACH_OK;
}

coach_err coach_open_private(const char *path, bool append, int *fd, coach_diags *diags)
{
    *fd = -1;
    int of = O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY |
             (append ? O_RDWR | O_APPEND : O_WRONLY);
    int f = open(path, of, 0600);
    if (f < 0) {
        int e = errno;
        coach_err err = open_failed(path, e, COACH_OPEN_NOFOLLOW, NULL);
        if (e == ELOOP)
            coach_diags_add(diags, path, 0, 0,
                            "this is a symbolic link; coach does not write through links (remove it, or give another folder)");
        else
            coach_diags_add(diags, path, 0, 0, "cannot write the file (%s)", strerror(e));
        return err == COACH_ERR_NO_INPUT ? COACH_ERR_IO : err;
    }
    coach_err err = check_fd(path, f, true, diags);
    if (err)
        return COACH_ERR_IO;
    struct stat st;
    if (fstat(f, &st) == 0 && (st.st_mode & 077) && fchmod(f, 0600) != 0) {
        coach_diags_add(diags, path, 0, 0, "others can read or write this file, and it cannot be made private (%s)",
                        strerror(errno));
        close(f);
        return COACH_ERR_IO;
    }
    if (!append && ftruncate(f, 0) != 0) {
        coach_diags_add(diags, path, 0, 0, "cannot write the file (%s)", strerror(errno));
        close(f);
        return COACH_ERR_IO;
    }
    int fl = fcntl(f, F_GETFL);
    if (fl >= 0)
        fcntl(f, F_SETFL, fl & ~O_NONBLOCK);
    *fd = f;
    return COACH_OK;
}

coach_err coach_dir_private(const char *dir, coach_diags *diags)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        coach_diags_add(diags, dir, 0, 0, "cannot use this folder (%s)", strerror(errno));
        return COACH_ERR_IO;
    }
    if (!S_ISDIR(st.st_mode)) {
        coach_diags_add(diags, dir, 0, 0, "this is not a folder");
        return COACH_ERR_IO;
    }
    if (st.st_uid != geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH))) {
        coach_diags_add(diags, dir, 0, 0,
                        "other users can write in this folder, so they could plant or replace files "
                        "in it: use a folder of your own (chmod 700 it, or name another)");
        return COACH_ERR_IO;
    }
    return COACH_OK;
}

bool coach_same_file(const char *a, const char *b)
{
    struct stat sa, sb;
    return a && b && stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
           sa.st_ino == sb.st_ino;
}

struct coach_output {
    char *path, *tmp;
    FILE *f;
};

coach_err coach_output_open(const char *path, const char *guard, coach_output **out, FILE **f,
                            coach_diags *diags)
{
    *out = NULL;
    *f = NULL;
    if (guard && coach_same_file(path, guard)) {
        coach_diags_add(diags, path, 0, 0,
                        "this is the session log itself; writing here would destroy it: name another file");
        return COACH_ERR_USAGE;
    }
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        coach_diags_add(diags, path, 0, 0, "this is %s; name a file to write", kind_of(st.st_mode));
        return COACH_ERR_USAGE;
    }
    coach_output *o = calloc(1, sizeof *o);
    size_t n = strlen(path) + 16;
    if (!o || !(o->path = strdup(path)) || !(o->tmp = malloc(n))) {
        coach_output_abort(o);
        return COACH_ERR_NOMEM;
    }
    snprintf(o->tmp, n, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(o->tmp); /* mode 0600 */
    if (fd >= 0)
        fcntl(fd, F_SETFD, FD_CLOEXEC);
    if (fd < 0) {
        coach_diags_add(diags, path, 0, 0, "cannot write the file (%s)", strerror(errno));
        free(o->tmp);
        o->tmp = NULL;
        coach_output_abort(o);
        return COACH_ERR_IO;
    }
    o->f = fdopen(fd, "w");
    if (!o->f) {
        close(fd);
        coach_output_abort(o);
        return COACH_ERR_NOMEM;
    }
    *out = o;
    *f = o->f;
    return COACH_OK;
}

coach_err coach_output_commit(coach_output *o, coach_diags *diags)
{
    if (!o)
        return COACH_OK;
    bool ok = fflush(o->f) == 0 && fsync(fileno(o->f)) == 0;
    int e = errno;
    ok = fclose(o->f) == 0 && ok;
    o->f = NULL;
    if (ok && rename(o->tmp, o->path) != 0) {
        e = errno;
        ok = false;
    }
    if (!ok) {
        coach_diags_add(diags, o->path, 0, 0, "writing the file failed (%s); it is left as it was",
                        strerror(e));
        coach_output_abort(o);
        return COACH_ERR_IO;
    }
    free(o->tmp);
    free(o->path);
    free(o);
    return COACH_OK;
}

void coach_output_abort(coach_output *o)
{
    if (!o)
        return;
    if (o->f)
        fclose(o->f);
    if (o->tmp)
        unlink(o->tmp);
    free(o->tmp);
    free(o->path);
    free(o);
}

coach_err coach_output_stream(const char *path, const char *guard, FILE **f, coach_diags *diags)
{
    *f = NULL;
    if (guard && coach_same_file(path, guard)) {
        coach_diags_add(diags, path, 0, 0,
                        "this is the session log itself; writing here would destroy it: name another file");
        return COACH_ERR_USAGE;
    }
    /* a link is followed only to a device (/dev/stdout is one): checked on
     * the open file, before anything is truncated; nothing is created
     * through a link */
    struct stat ls;
    bool link = lstat(path, &ls) == 0 && S_ISLNK(ls.st_mode);
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (link ? 0 : O_CREAT | O_NOFOLLOW),
                  0600);
    if (fd < 0) {
        int e = errno;
        if (e == ENXIO)
            coach_diags_add(diags, path, 0, 0, "this is a pipe (FIFO) that nothing reads; name a file to write");
        else
            coach_diags_add(diags, path, 0, 0, "cannot write the file (%s)", strerror(e));
        return COACH_ERR_IO;
    }
    struct stat st;
    const char *refused = NULL;
    if (fstat(fd, &st) != 0)
        refused = "cannot write the file";
    else if (S_ISREG(st.st_mode) && link)
        refused = "this is a symbolic link to a file; coach does not write through links (name the file itself)";
    else if (S_ISREG(st.st_mode) && st.st_uid != geteuid())
        refused = "this file belongs to another user; coach writes only your own files";
    else if (S_ISREG(st.st_mode) && ftruncate(fd, 0) != 0)
        refused = "cannot write the file";
    int fl = fcntl(fd, F_GETFL);
    if (!refused && (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) != 0))
        refused = "cannot write the file";
    if (!refused && !(*f = fdopen(fd, "w")))
        refused = "cannot write the file";
    if (refused) {
        coach_diags_add(diags, path, 0, 0, "%s", refused);
        close(fd);
        return COACH_ERR_IO;
    }
    return COACH_OK;
}
