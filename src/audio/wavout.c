/* wavout.c: WAV output through the careful file writer (core/fileio.h). */
#include "wavout.h"

#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "../core/fileio.h"

struct wavout {
    SNDFILE *f;
    coach_output *out;     /* the temporary file; NULL when PATH is a device */
    int rate;
    size_t since_header;   /* samples written since the header was last updated */
    const char *path;
};

coach_err wavout_open(const char *path, int rate, wavout **out, coach_diags *diags)
{
    *out = NULL;
    wavout *w = calloc(1, sizeof *w);
    if (!w)
        return COACH_ERR_NOMEM;
    w->rate = rate;
    w->path = path;
    SF_INFO info = {0};
    info.samplerate = rate;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_16;
    struct stat st;
    FILE *fp = NULL;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        w->f = sf_open(path, SFM_WRITE, &info); /* /dev/null: never renamed over */
    } else {
        coach_err err = coach_output_open(path, NULL, &w->out, &fp, diags);
        if (err) {
            free(w);
            return err;
        }
        w->f = sf_open_fd(fileno(fp), SFM_WRITE, &info, 0);
    }
    if (!w->f) {
        coach_diags_add(diags, path, 0, 0, "cannot write the WAV file: %s", sf_strerror(NULL));
        coach_output_abort(w->out);
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
    if (w->out && keep && !err)
        err = coach_output_commit(w->out, diags);
    else
        coach_output_abort(w->out);
    free(w);
    return err;
}
