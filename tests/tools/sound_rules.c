/* sound_rules.c: checks issue 15's rules on a timeline (docs/session.md,
 * "Timing rules" and "How a session goes"). Usage:
 *   sound_rules [--counts] [--move SECONDS] [--get-up SECONDS]
 *               [--silence SECONDS] [--utterance SECONDS] TIMELINE...
 * --counts: every rep's count is said on its beat, and on alternating reps
 * the side ("One, left" ... "right"); --move: at least SECONDS from the end
 * of the words naming a side ("Left side.") or a starting position to the
 * first beat; --get-up: at least SECONDS from the end of a starting
 * position followed by "Take your time getting down/up" (the position
 * changed between the floor and a chair or standing) to the first beat;
 * --silence: no silence longer than SECONDS; --utterance: no
 * sentence longer than SECONDS. Prints each broken rule as
 * "FILE: t=SECONDS: what" and exits 1 when any is. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/templates.h"
#include "../bench/sound_stats.h"

/* The rules asked for. */
typedef struct rules {
    bool counts;
    double move, get_up, silence, utterance; /* 0: not checked */
} rules;

/* True when text holds word, in any case. */
static bool contains(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = text; *p; p++)
        if (strncasecmp(p, word, n) == 0)
            return true;
    return false;
}

/* Every rep counted on its beat; sides said on alternating reps. */
static int check_counts(const char *path, const ss_timeline *tl)
{
    int bad = 0;
    for (size_t i = 0; i < tl->n; i++) {
        const ss_item *it = &tl->items[i];
        if (it->type != 'v' || strcmp(it->name, "rep") != 0)
            continue;
        long c = ss_count_of(tl, i);
        double t = (double)it->frame / SS_RATE;
        if (c < 0) {
            printf("%s: t=%.3f: %s rep %d is not counted on its beat\n", path, t, it->exercise, it->rep);
            bad++;
            continue;
        }
        size_t half;
        if (!ss_alternating(tl, i, &half))
            continue;
        if (!contains(tl->items[c].text, "left")) {
            printf("%s: t=%.3f: %s rep %d: the side is not said (\"%s\")\n", path, t, it->exercise,
                   it->rep, tl->items[c].text);
            bad++;
        }
        bool right = false;
        for (size_t j = half; j < tl->n && tl->items[j].frame == tl->items[half].frame; j++)
            right = right || (tl->items[j].type == 's' && contains(tl->items[j].text, "right"));
        if (!right) {
            printf("%s: t=%.3f: %s rep %d: \"right\" is not said on its beat\n", path,
                   (double)tl->items[half].frame / SS_RATE, it->exercise, it->rep);
            bad++;
        }
    }
    return bad;
}

/* The first beat (a rep or a hold) after item i of its exercise, or NULL. */
static const ss_item *beat_after(const ss_timeline *tl, size_t i)
{
    for (size_t j = i + 1; j < tl->n; j++) {
        const ss_item *it = &tl->items[j];
        if (it->type != 'v')
            continue;
        if (strcmp(it->name, "rep") == 0 || strcmp(it->name, "hold_start") == 0)
            return it;
        if (strcmp(it->name, "exercise_end") == 0 || strcmp(it->name, "session_end") == 0)
            return NULL;
    }
    return NULL;
}

/* At least `move` seconds from naming a side or a position to the beat. */
static int check_move(const char *path, const ss_timeline *tl, double move)
{
    char l[64], r[64];
    tmpl_format(l, sizeof l, T_LEFT_SIDE, NULL);
    tmpl_format(r, sizeof r, T_RIGHT_SIDE, NULL);
    int bad = 0;
    for (size_t i = 0; i < tl->n; i++) {
        const ss_item *it = &tl->items[i];
        size_t k = i;
        const char *what = "side";
        if (it->type == 's' && (strstr(it->text, l) || strstr(it->text, r))) {
            k = i;
        } else if (it->type == 'v' && strcmp(it->name, "exercise_start") == 0) {
            /* the heading, then the starting position */
            int said = 0;
            for (k = i + 1; k < tl->n; k++)
                if (tl->items[k].type == 's' && ++said == 2)
                    break;
            if (k >= tl->n)
                continue;
            what = "position";
        } else {
            continue;
        }
        const ss_item *b = beat_after(tl, k);
        if (!b)
            continue;
        double gap = ((double)b->frame - (double)tl->items[k].end) / SS_RATE;
        if (gap < move - 1e-3) {
            printf("%s: t=%.3f: %.1f s from the %s (\"%.40s\") to the first beat, under %.1f\n", path,
                   (double)tl->items[k].frame / SS_RATE, gap, what, tl->items[k].text, move);
            bad++;
        }
    }
    return bad;
}

/* At least `most` seconds from a starting position followed by the
 * getting-up allowance's words to the first beat; returns the problems,
 * and the allowances seen in *seen. */
static int check_get_up(const char *path, const ss_timeline *tl, double least, int *seen)
{
    char down[80], up[80];
    tmpl_format(down, sizeof down, T_GET_DOWN, NULL);
    tmpl_format(up, sizeof up, T_GET_UP, NULL);
    int bad = 0;
    size_t prev = SIZE_MAX;
    for (size_t i = 0; i < tl->n; i++) {
        const ss_item *it = &tl->items[i];
        if (it->type != 's')
            continue;
        if ((strcmp(it->text, down) == 0 || strcmp(it->text, up) == 0) && prev != SIZE_MAX) {
            (*seen)++;
            const ss_item *b = beat_after(tl, i);
            double gap = b ? ((double)b->frame - (double)tl->items[prev].end) / SS_RATE : 1e9;
            if (gap < least - 1e-3) {
                printf("%s: t=%.3f: %.1f s from the position (\"%.40s\") to the first beat, under %.1f\n",
                       path, (double)tl->items[prev].frame / SS_RATE, gap, tl->items[prev].text, least);
                bad++;
            }
        }
        prev = i;
    }
    return bad;
}

/* No silence longer than `most` seconds. */
static int check_silence(const char *path, const ss_timeline *tl, double most)
{
    uint64_t covered = 0, stop = 0;
    int bad = 0;
    for (size_t i = 0; i < tl->n; i++)
        if (tl->items[i].type == 'v' && strcmp(tl->items[i].name, "session_end") == 0)
            stop = tl->items[i].frame;
    for (size_t i = 0; i < tl->n; i++) {
        const ss_item *it = &tl->items[i];
        if (it->type == 'v' || it->frame > stop)
            continue;
        if (it->frame > covered && (double)(it->frame - covered) / SS_RATE > most + 1e-3) {
            printf("%s: t=%.3f: %.1f s of silence\n", path, (double)covered / SS_RATE,
                   (double)(it->frame - covered) / SS_RATE);
            bad++;
        }
        if (it->end > covered)
            covered = it->end;
    }
    return bad;
}

/* No sentence longer than `most` seconds. */
static int check_utterance(const char *path, const ss_timeline *tl, double most)
{
    int bad = 0;
    for (size_t i = 0; i < tl->n; i++) {
        const ss_item *it = &tl->items[i];
        double d = (double)(it->end - it->frame) / SS_RATE;
        if (it->type == 's' && d > most + 1e-3) {
            printf("%s: t=%.3f: a sentence of %.1f s: \"%.60s\"\n", path, (double)it->frame / SS_RATE,
                   d, it->text);
            bad++;
        }
    }
    return bad;
}

int main(int argc, char **argv)
{
    rules r = {0};
    int bad = 0, files = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--counts") == 0) {
            r.counts = true;
        } else if (i + 1 < argc && strcmp(argv[i], "--move") == 0) {
            r.move = atof(argv[++i]);
        } else if (i + 1 < argc && strcmp(argv[i], "--get-up") == 0) {
            r.get_up = atof(argv[++i]);
        } else if (i + 1 < argc && strcmp(argv[i], "--silence") == 0) {
            r.silence = atof(argv[++i]);
        } else if (i + 1 < argc && strcmp(argv[i], "--utterance") == 0) {
            r.utterance = atof(argv[++i]);
        } else {
            FILE *f = fopen(argv[i], "r");
            if (!f) {
                fprintf(stderr, "sound_rules: cannot read %s\n", argv[i]);
                return 2;
            }
            ss_timeline tl;
            ss_read(f, &tl);
            fclose(f);
            files++;
            if (r.counts)
                bad += check_counts(argv[i], &tl);
            if (r.move > 0)
                bad += check_move(argv[i], &tl, r.move);
            if (r.get_up > 0) {
                int seen = 0;
                bad += check_get_up(argv[i], &tl, r.get_up, &seen);
                printf("%s: %d getting-up allowances\n", argv[i], seen);
            }
            if (r.silence > 0)
                bad += check_silence(argv[i], &tl, r.silence);
            if (r.utterance > 0)
                bad += check_utterance(argv[i], &tl, r.utterance);
            ss_free(&tl);
        }
    }
    if (!files) {
        fprintf(stderr, "usage: sound_rules [--counts] [--move S] [--get-up S] [--silence S] [--utterance S] TIMELINE...\n");
        return 2;
    }
    return bad ? 1 : 0;
}
