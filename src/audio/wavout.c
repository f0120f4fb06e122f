/* wavout.c: WAV output through a temporary file and a rename. */
#include "wavout.h"

#include <errno.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct wavout {
    SNDFILE *f;
    int rate;
    size_t since_header;   /* samples written since the header was last updated */
    bool direct;           /* PATH is not a regular file (/dev/null): written as it is */
    char path[4096], part[4104];
};

coach_err wavout_open(const char *path, int rate, wavout **out, coach_diags *diags)
{
    *out = NULL;
    wavout *w = calloc(1, sizeof *w);
    if (!w)
        return COACH_ERR_NOMEM;
    if (strlen(path) >= sizeof w->path) {
        free(w);
        coach_diags_add(diags, NULL, 0, 0, "the WAV file's name is too long");
        return COACH_ERR_IO;
    }
    snprintf(w->path, sizeof w->path, "%s", path);
    struct stat st;
    w->direct = stat(path, &st) == 0 && !S_ISREG(st.st_mode);
    snprintf(w->part, sizeof w->part, "%s%s", path, w->direct ? "" : ".part");
    SF_INFO info = {0};
    info.samplerate = rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    w->rate = rate;
    if (!(w->f = sf_open(w->part, SFM_WRITE, &info))) {
        coach_diags_add(diags, path, 0, 0, "cannot write the WAV file: %s", sf_strerror(NULL));
        free(w);
        return COACH_ERR_IO;
    }
    *out = w;
    return COACH_OK;
}

coach_err wavout_write(wavout *w, const float *samples, size_t n, coach_diags *diags)
{
    if (sf_writef_float(w->f, samples, (sf_count_t)n) != (sf_count_t)n) {
        coach_diags_add(diags, w->path, 0, 0, "writing the WAV file failed: %s", sf_strerror(w->f));
        return COACH_ERR_IO;
    }
    w->since_header += n;
    if (w->since_header >= (size_t)w->rate) {
        sf_command(w->f, SFC_UPDATE_HEADER_NOW, NULL, 0);
        w->since_header = 0;
    }
    return COACH_OK;
}

coach_err wavout_close(wavout *w, bool keep, coach_diags *diags)
{
    if (!w)
        return COACH_OK;
    coach_err err = COACH_OK;
    if (sf_close(w->f) != 0) {
        coach_diags_add(diags, w->path, 0, 0, "closing the WAV file failed");
        err = COACH_ERR_IO;
    }
    if (w->direct) {
        free(w);
        return err;
    }
    if (keep && !err && rename(w->part, w->path) != 0) {
        coach_diags_add(diags, w->path, 0, 0, "cannot put the WAV file in place: %s", strerror(errno));
        err = COACH_ERR_IO;
    }
    if (!keep || err)
        remove(w->part);
    free(w);
    return err;
}
