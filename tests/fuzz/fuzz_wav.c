/* fuzz_wav.c: libFuzzer target for the WAV reader (--in, src/audio/
 * capture.c, through libsndfile and the resampler). The input is written
 * to a file, opened and read to its end: no crash, no hang, a refusal has a
 * sentence, and reading ends. Seed it with short WAV files (docs/development.md). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "audio/capture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[] = "/tmp/coach-fuzz-wav-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    if (write(fd, data, size) != (ssize_t)size) {
        close(fd);
        unlink(path);
        return 0;
    }
    close(fd);
    coach_diags *d = coach_diags_create();
    capture *c = NULL;
    coach_err err = capture_open(path, &c, d);
    if (err == COACH_ERR_DATA && coach_diags_count(d) == 0)
        abort(); /* refused without a word */
    if (!err) {
        static float buf[4096];
        /* a file of at most 1 MiB holds at most 192k frames of 8 channels
         * at 4 kHz upsampled to 16 kHz: bounded, whatever the header says */
        size_t total = 0;
        for (size_t got; (got = capture_read(c, buf, 4096)) > 0;) {
            total += got;
            if (total > (size_t)64 * 1024 * 1024)
                abort(); /* reading does not end */
        }
    }
    capture_close(c);
    coach_diags_destroy(d);
    unlink(path);
    return 0;
}
