/* export_fhir.h: the session log's pain ratings as a FHIR R4 Bundle
 * (docs/export.md): `coach history --export fhir FILE`.
 *
 * One Observation per pain rating (LOINC 72514-3, 0-10 verbal numeric
 * rating), in a Bundle of type "collection". Nothing identifies the person:
 * no subject, no names, no device. */
#ifndef COACH_EXPORT_FHIR_H
#define COACH_EXPORT_FHIR_H

#include <stdint.h>
#include <stdio.h>

#include "coach/diag.h"
#include "history.h"

/* Writes h as one FHIR R4 Bundle (JSON, UTF-8, ending in a newline) to out,
 * stamped with the current time. COACH_ERR_IO, with a sentence, when out
 * reports a write error; COACH_ERR_USAGE when h or out is NULL. */
coach_err export_fhir_write(const history *h, FILE *out, coach_diags *diags);

/* As export_fhir_write, with the Bundle's timestamp given: now_ms is
 * milliseconds since 1970 (UTC). For tests and reproducible exports. */
coach_err export_fhir_write_at(const history *h, FILE *out, int64_t now_ms,
                               coach_diags *diags);

/* Writes the FHIR dateTime for a rating into buf (at least 40 bytes): its ts
 * as written when it has the shape FHIR requires (seconds and an offset of
 * at most 14 hours), else ms as UTC ("...Z"). Returns buf. */
char *export_fhir_datetime(const char *ts, int64_t ms, char *buf, size_t size);

#endif
