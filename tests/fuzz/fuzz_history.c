/* fuzz_history.c: libFuzzer target for the session log reader and what
 * reads its result: the summary, the FHIR export and the HTML report. The
 * input is a log's text. Seeded from tests/data/history/ (see .ci/run). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "store/export_fhir.h"
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
    FILE *null = fopen("/dev/null", "w");
    if (null) {
        summary_write_json(&s, null);
        export_fhir_write(h, null, NULL);
        report_html_write(h, null, NULL);
        fclose(null);
    }
    history_destroy(h);
    return 0;
}
