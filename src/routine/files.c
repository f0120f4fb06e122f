/* files.c: reading whole files, and telling the kind of a coach file. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "coach/routine.h"
#include "../core/arena.h"
#include "ytree.h"

coach_err coach_read_file(const char *path, size_t max, char **data, size_t *len,
                          coach_diags *diags)
{
    *data = NULL;
    *len = 0;
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        coach_diags_add(diags, path, 0, 0, "this is a folder, not a file");
        return COACH_ERR_NO_INPUT;
    }
    FILE *f = fopen(path, "rb");
    if (!f) {
        int e = errno;
        coach_diags_add(diags, path, 0, 0, "cannot open the file: %s", strerror(e));
        return e == ENOENT || e == EACCES || e == ENOTDIR ? COACH_ERR_NO_INPUT : COACH_ERR_IO;
    }
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return COACH_ERR_NOMEM;
    }
    coach_err err = COACH_OK;
    for (;;) {
        if (n == cap) {
            if (cap >= max) {
                coach_diags_add(diags, path, 0, 0,
                                "the file is larger than %zu bytes; coach files are small text files",
                                max);
                err = COACH_ERR_DATA;
                break;
            }
            cap *= 2;
            char *nb = realloc(buf, cap + 1);
            if (!nb) {
                err = COACH_ERR_NOMEM;
                break;
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                coach_diags_add(diags, path, 0, 0, "reading the file failed: %s", strerror(errno));
                err = COACH_ERR_IO;
            }
            break;
        }
    }
    fclose(f);
    if (err) {
        free(buf);
        return err;
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return COACH_OK;
}

coach_file_kind coach_file_kind_of(const char *data, size_t len)
{
    arena *a = arena_create();
    if (!a)
        return COACH_FILE_ROUTINE;
    ynode *root = NULL;
    coach_file_kind kind = COACH_FILE_ROUTINE;
    /* a file with other problems (an anchor, say) still shows its keys */
    if (ytree_parse("", data, len, a, &root, NULL) != COACH_ERR_NOMEM && root) {
        if (ytree_get(root, "exercises"))
            kind = COACH_FILE_LIBRARY;
        else if (ytree_get(root, "phases"))
            kind = COACH_FILE_PROGRAMME;
    }
    arena_destroy(a);
    return kind;
}
