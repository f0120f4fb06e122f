/* fileio.h: files opened the one careful way. Everything coach reads or
 * writes by name (routines, settings, the session log, --in, reports) goes
 * through here, so one rule covers each class of hostile file: a FIFO never
 * blocks (O_NONBLOCK), a device or a folder is refused (only regular
 * files), a symbolic link is not followed where it could redirect a write
 * (O_NOFOLLOW), and the log and its folder must be the user's own. */
#ifndef COACH_FILEIO_H
#define COACH_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "coach/diag.h"

enum {
    COACH_OPEN_NOFOLLOW = 1 << 0, /* refuse a symbolic link as the last part */
    COACH_OPEN_MINE = 1 << 1,     /* refuse a file another user owns */
    COACH_OPEN_MISSING_OK = 1 << 2, /* a missing file is no problem: *fd = -1, COACH_OK */
};

/* Opens path to read (O_RDONLY|O_NONBLOCK|O_CLOEXEC, then blocking again)
 * into *fd. A missing or unreadable file is COACH_ERR_NO_INPUT; a FIFO, a
 * device or a folder COACH_ERR_NO_INPUT with a sentence saying so; with
 * COACH_OPEN_NOFOLLOW a symbolic link is refused; with COACH_OPEN_MINE a
 * file of another user is COACH_ERR_IO. *fd is -1 on any error. */
coach_err coach_open_read(const char *path, unsigned flags, int *fd, coach_diags *diags);

/* Opens (creating it, mode 0600) path to append (O_APPEND|O_RDWR) or, when
 * append is false, to write from the start: never through a symbolic link,
 * never a FIFO or device, never a file another user owns; an existing file
 * readable or writable by others is made 0600. COACH_ERR_IO with a
 * sentence on refusal. */
coach_err coach_open_private(const char *path, bool append, int *fd, coach_diags *diags);

/* Refuses (COACH_ERR_IO, with a sentence) a folder that others could plant
 * files in: one owned by another user, or writable by group or others. */
coach_err coach_dir_private(const char *dir, coach_diags *diags);

/* A file written by temporary file and rename: readers never see half of
 * it, and an existing file is replaced only when the new one is complete. */
typedef struct coach_output coach_output;

/* Starts writing path: a temporary file (0600) in path's folder. When
 * guard names an existing file (the session log), a path that is that same
 * file (by device and inode, through any link) is refused (COACH_ERR_USAGE).
 * *f is where to write. */
coach_err coach_output_open(const char *path, const char *guard, coach_output **out, FILE **f,
                            coach_diags *diags);
/* Finishes: flushes, syncs and renames the temporary file over path
 * (COACH_ERR_IO with a sentence when any step fails, and then path is left
 * as it was). Frees out; accepts NULL. */
coach_err coach_output_commit(coach_output *out, coach_diags *diags);
/* Abandons: the temporary file is removed, path left as it was. Accepts NULL. */
void coach_output_abort(coach_output *out);

/* Opens path for a record written as it happens and read as it grows (a
 * timeline): created 0600 or truncated, never through a symbolic link to a
 * file, never another user's file, never the file guard names (the session
 * log: COACH_ERR_USAGE). A device (/dev/stdout) is written directly; a pipe
 * nobody reads is refused at once rather than waited on. COACH_ERR_IO (or
 * COACH_ERR_USAGE) with a sentence on refusal. */
coach_err coach_output_stream(const char *path, const char *guard, FILE **f, coach_diags *diags);

/* True when a and b name the same existing file (device and inode). */
bool coach_same_file(const char *a, const char *b);

#endif
