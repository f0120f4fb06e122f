/* timeline.c: JSON Lines and transcript output of session actions. */
#include "timeline.h"

#include <inttypes.h>
#include <string.h>

void timeline_json_string(FILE *f, const char *s)
{
    fputc('"', f);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(f, "\\%c", c);
        else if (c == '\n')
            fputs("\\n", f);
        else if (c == '\t')
            fputs("\\t", f);
        else if (c < 0x20)
            fprintf(f, "\\u%04x", c);
        else
            fputc(c, f);
    }
    fputc('"', f);
}

static void str_field(FILE *f, const char *key, const char *v)
{
    if (!v)
        return;
    fprintf(f, ",\"%s\":", key);
    timeline_json_string(f, v);
}

static void int_field(FILE *f, const char *key, int v)
{
    if (v >= 0)
        fprintf(f, ",\"%s\":%d", key, v);
}

void timeline_write_json(FILE *f, const action *a, int sample_rate)
{
    if (a->type == ACTION_CONTROL)
        return; /* for the player only */
    /* t from the frame, rounded to the millisecond, without floating point */
    uint64_t ms = (a->frame * 1000 + (uint64_t)sample_rate / 2) / (uint64_t)sample_rate;
    fprintf(f, "{\"t\":%" PRIu64 ".%03u,\"frame\":%" PRIu64, ms / 1000, (unsigned)(ms % 1000),
            a->frame);
    switch (a->type) {
    case ACTION_SAY: {
        uint64_t dms = (a->duration * 1000 + (uint64_t)sample_rate / 2) / (uint64_t)sample_rate;
        fputs(",\"type\":\"say\",\"text\":", f);
        timeline_json_string(f, a->text);
        fprintf(f, ",\"dur\":%" PRIu64 ".%03u", dms / 1000, (unsigned)(dms % 1000));
        break;
    }
    case ACTION_EARCON:
        fputs(",\"type\":\"earcon\"", f);
        str_field(f, "name", a->name);
        break;
    case ACTION_EVENT:
        fputs(",\"type\":\"event\"", f);
        str_field(f, "name", a->name);
        timeline_write_fields(f, a);
        break;
    case ACTION_CONTROL:
        break;
    }
    fputs("}\n", f);
}

void timeline_write_fields(FILE *f, const action *a)
{
    str_field(f, "exercise", a->exercise);
    int_field(f, "set", a->set);
    int_field(f, "rep", a->rep);
    str_field(f, "side", a->side);
    str_field(f, "command", a->command);
    str_field(f, "kind", a->kind);
    str_field(f, "answer", a->answer);
    str_field(f, "from", a->from);
    str_field(f, "to", a->to);
    str_field(f, "field", a->field);
    int_field(f, "previous", a->previous);
    int_field(f, "value", a->value);
    str_field(f, "reason", a->reason);
    str_field(f, "text", a->text);
    str_field(f, "planned", a->planned);
    int_field(f, "sets", a->sets);
    int_field(f, "reps", a->reps);
    int_field(f, "hold", a->hold);
    int_field(f, "routine_dose", a->routine_dose);
}

void timeline_write_text(FILE *f, const action *a, int sample_rate)
{
    uint64_t tenths = (a->frame * 10 + (uint64_t)sample_rate / 2) / (uint64_t)sample_rate;
    unsigned min = (unsigned)(tenths / 600), sec10 = (unsigned)(tenths % 600);
    if (a->type == ACTION_SAY)
        fprintf(f, "%3u:%02u.%u  %s\n", min, sec10 / 10, sec10 % 10, a->text);
    else if (a->type == ACTION_EARCON && a->name && a->name[0] != 't')
        fprintf(f, "%3u:%02u.%u  (%s)\n", min, sec10 / 10, sec10 % 10, a->name);
    else if (a->type == ACTION_EVENT && a->name && strcmp(a->name, "barge_in") == 0)
        fprintf(f, "%3u:%02u.%u  (the sentence is cut short)\n", min, sec10 / 10, sec10 % 10);
}
