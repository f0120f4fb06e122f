/* files.c: reading whole files, and telling the kind of a coach file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "coach/routine.h"
#include "../core/fileio.h"
#include "../core/arena.h"
#include "ytree.h"

coach_err coach_read_file(const char *path, size_t max, char **data, size_t *len,
                          coach_diags *diags)
{
    *data = NULL;
    *len = 0;
    /* a FIFO must not wait for a writer, nor a device be read for ever */
    int fd;
    coach_err oerr = coach_open_read(path, 0, &fd, diags);
    if (oerr)
        return oerr;
    FILE *f = fdopen(fd, "rb");
    if (!f) {
        close(fd);
        return COACH_ERR_NOMEM;
    }
    size_t cap = 64 * 1024, n = 0;
    char *buf = malloc(cap + 1);
    if (!buf) {
        fclose(f);
        return COACH_ERR_NOMEM;
    }
    coach_err err = COACH_OK;
    for (;;) {
        if (n > max) {
            coach_diags_add(diags, path, 0, 0,
                            "the file is over %zu bytes (%zu KiB); coach files may be at most %zu KiB",
                            max, max / 1024, max / 1024);
            err = COACH_ERR_DATA;
            break;
        }
        if (n == cap) {
            cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
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

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void coach_yaml_files_free(char **paths, size_t n)
{
    for (size_t i = 0; paths && i < n; i++)
        free(paths[i]);
    free(paths);
}

coach_err coach_yaml_files(const char *dir, char ***paths, size_t *n)
{
    *paths = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return COACH_ERR_NO_INPUT;
    char **names = NULL;
    size_t count = 0, cap = 0;
    coach_err err = COACH_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        size_t len = strlen(de->d_name);
        if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".yaml") != 0)
            continue;
        if (count == cap) {
            cap = cap ? cap * 2 : 16;
            char **nn = realloc(names, cap * sizeof *nn);
            if (!nn) {
                err = COACH_ERR_NOMEM;
                break;
            }
            names = nn;
        }
        size_t plen = strlen(dir) + 1 + len + 1;
        if (!(names[count] = malloc(plen))) {
            err = COACH_ERR_NOMEM;
            break;
        }
        snprintf(names[count++], plen, "%s/%s", dir, de->d_name);
    }
    closedir(d);
    if (err) {
        coach_yaml_files_free(names, count);
        return err;
    }
    if (count)
        qsort(names, count, sizeof *names, cmp_str);
    *paths = names;
    *n = count;
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
