/* sound_stats.c: what a session sounds like, from its timeline (sound_stats.h). */
#include "sound_stats.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/earcon.h"
#include "core/templates.h"

/* The string value of key in a JSON line, unescaped enough to compare
 * ("" when absent). */
static void json_str(const char *line, const char *key, char *out, size_t size)
{
    char pat[48];
    snprintf(pat, sizeof pat, "\"%s\":\"", key);
    out[0] = '\0';
    const char *p = strstr(line, pat);
    if (!p)
        return;
    p += strlen(pat);
    size_t n = 0;
    while (*p && *p != '"' && n + 1 < size) {
        if (*p == '\\' && p[1])
            p++;
        out[n++] = *p++;
    }
    out[n] = '\0';
}

/* The number value of key in a JSON line, or fallback. */
static double json_num(const char *line, const char *key, double fallback)
{
    char pat[48];
    snprintf(pat, sizeof pat, "\"%s\":", key);
    const char *p = strstr(line, pat);
    if (!p)
        return fallback;
    return strtod(p + strlen(pat), NULL);
}

int ss_read(FILE *f, ss_timeline *tl)
{
    char line[8192];
    tl->items = NULL;
    tl->n = tl->cap = 0;
    while (fgets(line, sizeof line, f)) {
        char type[16];
        json_str(line, "type", type, sizeof type);
        if (strcmp(type, "say") && strcmp(type, "earcon") && strcmp(type, "event"))
            continue;
        if (tl->n == tl->cap) {
            size_t cap = tl->cap ? tl->cap * 2 : 1024;
            ss_item *p = realloc(tl->items, cap * sizeof *p);
            if (!p)
                return -1;
            tl->items = p;
            tl->cap = cap;
        }
        ss_item *it = &tl->items[tl->n++];
        memset(it, 0, sizeof *it);
        it->type = type[0] == 's' ? 's' : type[1] == 'a' ? 'e' : 'v';
        it->frame = (uint64_t)json_num(line, "frame", 0);
        it->end = it->frame;
        it->rep = (int)json_num(line, "rep", -1);
        json_str(line, "name", it->name, sizeof it->name);
        json_str(line, "exercise", it->exercise, sizeof it->exercise);
        json_str(line, "side", it->side, sizeof it->side);
        if (it->type == 's') {
            json_str(line, "text", it->text, sizeof it->text);
            it->end = it->frame + (uint64_t)(json_num(line, "dur", 0) * SS_RATE + 0.5);
        } else if (it->type == 'e') {
            it->end = it->frame + (uint64_t)(earcon_seconds(earcon_find(it->name)) * SS_RATE + 0.5);
        }
    }
    return 0;
}

void ss_free(ss_timeline *tl)
{
    free(tl->items);
    tl->items = NULL;
    tl->n = tl->cap = 0;
}

/* True when text holds word, in any case. */
static bool has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, word, n) == 0)
            return true;
    return false;
}

/* True when text begins with word (case-insensitive) followed by the end,
 * a comma or a full stop. */
static bool begins_with_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    return strncasecmp(text, word, n) == 0 &&
           (text[n] == '\0' || text[n] == ',' || text[n] == '.' || text[n] == ' ');
}

bool ss_is_count(const ss_item *it)
{
    if (it->type != 's')
        return false;
    if (begins_with_word(it->text, "last one"))
        return true;
    char w[64];
    for (int n = 1; n <= 50; n++) {
        tmpl_number_words(w, sizeof w, n);
        if (begins_with_word(it->text, w))
            return true;
    }
    return false;
}

long ss_count_of(const ss_timeline *tl, size_t i)
{
    const ss_item *ev = &tl->items[i];
    char w[64];
    tmpl_number_words(w, sizeof w, ev->rep);
    for (size_t j = 0; j < tl->n; j++) {
        const ss_item *it = &tl->items[j];
        if (it->frame < ev->frame)
            continue;
        if (it->frame > ev->frame)
            break;
        if (it->type == 's' && (begins_with_word(it->text, w) || begins_with_word(it->text, "last one")))
            return (long)j;
    }
    return -1;
}

bool ss_alternating(const ss_timeline *tl, size_t i, size_t *half)
{
    uint64_t f = tl->items[i].frame;
    for (size_t j = i + 1; j < tl->n; j++) {
        const ss_item *it = &tl->items[j];
        if (it->frame == f)
            continue;
        if (it->type == 'v')
            return false;
        if (it->type == 'e' && strcmp(it->name, "tick") == 0) {
            /* the next rep's own tick has its event on the same frame */
            for (size_t k = j + 1; k < tl->n && tl->items[k].frame == it->frame; k++)
                if (tl->items[k].type == 'v')
                    return false;
            *half = j;
            return true;
        }
    }
    return false;
}

/* The frame of the first beat (a rep or a hold) after item i, before the
 * exercise ends; UINT64_MAX when none. */
static uint64_t next_beat(const ss_timeline *tl, size_t i)
{
    for (size_t j = i + 1; j < tl->n; j++) {
        const ss_item *it = &tl->items[j];
        if (it->type != 'v')
            continue;
        if (strcmp(it->name, "rep") == 0 || strcmp(it->name, "hold_start") == 0)
            return it->frame;
        if (strcmp(it->name, "exercise_end") == 0 || strcmp(it->name, "session_end") == 0)
            return UINT64_MAX;
    }
    return UINT64_MAX;
}

/* True when a say names a side: "Left side.", "Switch sides. Right side." */
static bool names_side(const ss_item *it)
{
    char l[64], r[64];
    tmpl_format(l, sizeof l, T_LEFT_SIDE, NULL);
    tmpl_format(r, sizeof r, T_RIGHT_SIDE, NULL);
    return it->type == 's' && (strstr(it->text, l) || strstr(it->text, r));
}

/* Silences: gaps with no sound between the start and the session's end. */
static void silences(const ss_timeline *tl, ss_stats *st)
{
    uint64_t covered = 0, stop = 0;
    for (size_t i = 0; i < tl->n; i++)
        if (tl->items[i].type == 'v' && strcmp(tl->items[i].name, "session_end") == 0)
            stop = tl->items[i].frame;
    st->length = (double)stop / SS_RATE;
    /* sounds in time order of their start: the timeline is */
    for (size_t i = 0; i < tl->n; i++) {
        const ss_item *it = &tl->items[i];
        if (it->type == 'v' || it->frame >= stop)
            continue;
        if (it->frame > covered) {
            double gap = (double)(it->frame - covered) / SS_RATE;
            if (gap > st->longest_silence) {
                st->longest_silence = gap;
                st->longest_silence_at = (double)covered / SS_RATE;
            }
            if (gap >= 10.0) {
                st->silences_10++;
                st->silence_10_total += gap;
            }
        }
        if (it->end > covered)
            covered = it->end;
    }
}

void ss_compute(const ss_timeline *tl, ss_stats *st)
{
    memset(st, 0, sizeof *st);
    st->side_to_beat = st->position_to_beat = -1;
    silences(tl, st);
    for (size_t i = 0; i < tl->n; i++) {
        const ss_item *it = &tl->items[i];
        if (it->type == 's') {
            double d = (double)(it->end - it->frame) / SS_RATE;
            if (d > st->longest_say) {
                st->longest_say = d;
                memcpy(st->longest_text, it->text, sizeof st->longest_text - 1);
                st->longest_text[sizeof st->longest_text - 1] = '\0';
            }
            st->says_over_10 += d > 10.0;
            if (names_side(it)) {
                uint64_t b = next_beat(tl, i);
                double g = b == UINT64_MAX ? -1 : ((double)b - (double)it->end) / SS_RATE;
                if (g >= -1e9 && b != UINT64_MAX && (st->side_to_beat < 0 || g < st->side_to_beat))
                    st->side_to_beat = g;
            }
        } else if (it->type == 'v' && strcmp(it->name, "exercise_start") == 0) {
            /* the exercise's heading, then its starting position */
            size_t k = i + 1, said = 0;
            for (; k < tl->n && said < 2; k++)
                if (tl->items[k].type == 's' && ++said == 2)
                    break;
            if (k < tl->n) {
                uint64_t b = next_beat(tl, k);
                double g = ((double)b - (double)tl->items[k].end) / SS_RATE;
                if (b != UINT64_MAX && (st->position_to_beat < 0 || g < st->position_to_beat))
                    st->position_to_beat = g;
            }
        } else if (it->type == 'v' && strcmp(it->name, "rep") == 0) {
            st->reps++;
            st->counted += ss_count_of(tl, i) >= 0;
            size_t half;
            if (ss_alternating(tl, i, &half)) {
                st->alt_halves += 2;
                long c = ss_count_of(tl, i);
                st->sided += c >= 0 && has_word(tl->items[c].text, "left");
                for (size_t j = half; j < tl->n && tl->items[j].frame == tl->items[half].frame; j++)
                    if (tl->items[j].type == 's' && has_word(tl->items[j].text, "right")) {
                        st->sided++;
                        break;
                    }
            }
        }
    }
}
