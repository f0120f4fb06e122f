/* fuzz_settings.c: libFuzzer target for the settings loader (config.yaml).
 * Aborts when a refusal comes with no problem, a problem has no sentence or
 * a line outside the input, or an accepted file holds values out of their
 * bounds. Seed it with tests/data/settings/ and tests/fuzz/yaml.dict. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store/settings.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The number of lines of the input as YAML counts them: \n, \r\n, a lone
 * \r (a last line without a newline counts). */
static int lines_of(const uint8_t *data, size_t size)
{
    int n = 1;
    for (size_t i = 0; i < size; i++)
        n += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    coach_diags *d = coach_diags_create();
    if (!d)
        return 0;
    settings s;
    coach_err err = settings_parse("config.yaml", (const char *)data, size, &s, d);
    if (err == COACH_ERR_DATA && coach_diags_count(d) == 0)
        abort(); /* refused without a word */
    for (size_t i = 0; i < coach_diags_count(d); i++) {
        const coach_diag *g = coach_diags_get(d, i);
        if (g && (!g->message || !g->message[0] || g->line < 0 || g->line > lines_of(data, size) + 1))
            abort();
    }
    if (err == COACH_OK && ((s.rate && (s.rate < 80 || s.rate > 450)) || s.volume > 100 ||
                            strlen(s.voice) >= sizeof s.voice))
        abort();
    coach_diags_destroy(d);
    return 0;
}
