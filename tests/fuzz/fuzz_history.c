/* fuzz_history.c: libFuzzer target for the session log reader and what
 * reads its result: the summary, the FHIR export and the HTML report. The
 * input is a log's text. Seeded from tests/data/history/ (see .ci/run). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/export_fhir.h"
#include "core/text.h"
#include "store/history.h"
#include "store/report_html.h"
#include "store/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    history *h = NULL;
    if (history_parse((const char *)data, size, &h) != COACH_OK)
        return 0;
    static summary s;
    summary_make(h, 1793604600000LL, &s);
    /* every output is valid UTF-8 with no control character or bidi
     * override from the log (issue 16) */
    char *out = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&out, &len);
    if (m) {
        summary_write_json(&s, m);
        export_fhir_write(h, m, NULL);
        report_html_write(h, m, NULL);
        for (int i = 0; i < s.n_sentences; i++)
            fputs(s.sentences[i], m);
        fclose(m);
        if (out && (text_utf8_invalid_at(out, len) != len || text_unsafe_at(out, len, NULL) != len))
            abort();
        free(out);
    }
    history_destroy(h);
    return 0;
}
