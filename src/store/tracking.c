/* tracking.c: the weekly tracking measures (tracking.h). */
#include "tracking.h"

#include <stdio.h>
#include <string.h>

#include "../core/templates.h"

static const struct {
    const char *name, *words;
    bool minutes;
} fields[TRACKING_FIELDS] = {
    [TRACKING_STIFFNESS] = {"morning_stiffness", "morning stiffness", true},
    [TRACKING_SITTING] = {"sitting", "sitting", true},
    [TRACKING_WALKING] = {"walking", "walking", true},
    [TRACKING_CONFIDENCE] = {"confidence", "confidence", false},
};

/* True when field is one of the four. */
static bool known(int field)
{
    return field >= 0 && field < TRACKING_FIELDS;
}

/* The field's name in the log, or NULL. */
const char *tracking_field_name(int field)
{
    return known(field) ? fields[field].name : NULL;
}

/* The field called name in the log, or -1. */
int tracking_field_from_name(const char *name)
{
    for (int f = 0; name && f < TRACKING_FIELDS; f++)
        if (strcmp(name, fields[f].name) == 0)
            return f;
    return -1;
}

/* True for the three times, false for the confidence rating. */
bool tracking_in_minutes(int field)
{
    return known(field) && fields[field].minutes;
}

/* A day of minutes, or ten. */
int tracking_value_max(int field)
{
    return tracking_in_minutes(field) ? TRACKING_MINUTES_MAX : 10;
}

/* True when value is within the field's bounds. */
bool tracking_value_ok(int field, int value)
{
    return known(field) && value >= 0 && value <= tracking_value_max(field);
}

/* The field in words. */
const char *tracking_field_words(int field)
{
    return known(field) ? fields[field].words : "";
}

/* "fifteen minutes", "an hour", "an hour and a half", "two hours", "six
 * out of ten". */
void tracking_value_words(int field, int value, char *buf, size_t size)
{
    char n[64];
    if (!tracking_in_minutes(field)) {
        tmpl_number_words(n, sizeof n, value);
        snprintf(buf, size, "%s out of ten", n);
    } else if (value == 60) {
        snprintf(buf, size, "an hour");
    } else if (value == 90) {
        snprintf(buf, size, "an hour and a half");
    } else if (value > 60 && value % 60 == 0) {
        tmpl_number_words(n, sizeof n, value / 60);
        snprintf(buf, size, "%s hours", n);
    } else {
        tmpl_number_words(n, sizeof n, value);
        snprintf(buf, size, "%s %s", n, value == 1 ? "minute" : "minutes");
    }
}

/* Due when never answered, or last answered TRACKING_DUE_DAYS ago or more. */
bool tracking_due(int64_t latest_ms, int64_t now_ms)
{
    if (latest_ms < 0)
        return true;
    if (now_ms < 0 || latest_ms > now_ms)
        return false;
    return (now_ms - latest_ms) / 86400000 >= TRACKING_DUE_DAYS;
}
