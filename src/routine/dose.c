/* dose.c: the dose tables, one per exercise kind. */
#include "dose.h"

#include <string.h>

#include "../core/text.h"

const char *const exercise_kind_names[] = {"reps", "hold", "breathing", "timed", NULL};
const char *const exercise_position_names[] = {"floor", "seated", "standing", NULL};
static const char *const side_names[] = {"none", "each", "alternate", NULL};

static const keyspec reps_keys[] = {
    {"sets", KT_INT, 1, 10, false, "number of sets", NULL},
    {"reps", KT_INT, 1, 50, true, "reps per set, per side when there are sides", NULL},
    {"tempo", KT_MAP, 1, 4, false, "seconds per phase of a rep, such as {up: 2, down: 3}", NULL},
    {"side", KT_ENUM, 0, 0, false, "which side works", side_names},
    {"rest", KT_INT, 0, 600, false, "seconds of rest between sets", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec hold_keys[] = {
    {"sets", KT_INT, 1, 10, false, "number of sets", NULL},
    {"reps", KT_INT, 1, 30, false, "holds per set, per side when there are sides", NULL},
    {"hold", KT_INT, 1, 300, true, "seconds each hold lasts", NULL},
    {"relax", KT_INT, 0, 60, false, "seconds of pause between holds", NULL},
    {"side", KT_ENUM, 0, 0, false, "which side works", side_names},
    {"rest", KT_INT, 0, 600, false, "seconds of rest between sets", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec breathing_keys[] = {
    {"inhale", KT_NUM, 1, 15, true, "seconds of breathing in", NULL},
    {"hold", KT_NUM, 0, 20, false, "seconds of pause with full lungs", NULL},
    {"exhale", KT_NUM, 1, 20, true, "seconds of breathing out", NULL},
    {"cycles", KT_INT, 1, 60, true, "number of breaths", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec timed_keys[] = {
    {"duration", KT_INT, 10, 7200, true, "seconds the activity lasts", NULL},
    {"announce_every", KT_INT, 0, 3600, false,
     "seconds between reminders of the time left, 0 for none, else at least 10", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec tempo_phase_spec = {"tempo", KT_NUM, 0.5, 10, false,
                                         "seconds of this phase of a rep", NULL};

static const keyspec *const kind_tables[] = {reps_keys, hold_keys, breathing_keys, timed_keys};

const char *const dose_all_keys[] = {"sets", "reps", "tempo", "side", "rest", "hold", "relax",
                                     "inhale", "exhale", "cycles", "duration",
                                     "announce_every", NULL};

static const struct {
    const char *key;
    unsigned bit;
} key_bits[] = {
    {"sets", DOSE_SETS},     {"reps", DOSE_REPS},         {"hold", DOSE_HOLD},
    {"relax", DOSE_RELAX},   {"side", DOSE_SIDE},         {"rest", DOSE_REST},
    {"tempo", DOSE_TEMPO},   {"inhale", DOSE_INHALE},     {"exhale", DOSE_EXHALE},
    {"cycles", DOSE_CYCLES}, {"duration", DOSE_DURATION}, {"announce_every", DOSE_ANNOUNCE},
};

static unsigned bit_of(const char *key)
{
    for (size_t i = 0; i < sizeof key_bits / sizeof key_bits[0]; i++)
        if (strcmp(key_bits[i].key, key) == 0)
            return key_bits[i].bit;
    return 0;
}

bool dose_bounds(exercise_kind kind, const char *key, int *lo, int *hi)
{
    if ((unsigned)kind >= sizeof kind_tables / sizeof kind_tables[0])
        return false;
    const keyspec *k = schema_spec(kind_tables[kind], key);
    if (!k)
        return false;
    *lo = (int)k->min;
    *hi = (int)k->max;
    return true;
}

void dose_defaults(exercise_kind kind, exercise_dose *d)
{
    memset(d, 0, sizeof *d);
    d->rest = -1;
    switch (kind) {
    case EX_REPS:
        d->sets = 1;
        break;
    case EX_HOLD:
        d->sets = 1;
        d->reps = 1;
        d->relax = 3;
        break;
    case EX_BREATHING:
        break;
    case EX_TIMED:
        d->announce_every = 60;
        break;
    }
}

static bool word_ok(const char *w)
{
    size_t n = strlen(w);
    if (n < 1 || n > 16)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((w[i] >= 'a' && w[i] <= 'z') || (w[i] >= 'A' && w[i] <= 'Z')))
            return false;
    return true;
}

static void read_tempo(schema_ctx *c, const ynode *n, exercise_dose *d)
{
    if (!schema_expect_map(c, n, "'tempo'"))
        return;
    if (n->n < 1 || n->n > TEMPO_MAX_PHASES) {
        schema_error(c, n, "'tempo' has %zu phases; it must have 1 to %d, such as {up: 2, down: 3}",
                     n->n, TEMPO_MAX_PHASES);
        return;
    }
    int ok = 1;
    tempo_phase ph[TEMPO_MAX_PHASES];
    for (size_t i = 0; i < n->n; i++) {
        const ynode *k = n->keys[i];
        if (!k || !k->str)
            continue;
        if (!word_ok(k->str)) {
            schema_error(c, k,
                         "tempo phase '%.40s' must be one spoken word of 1 to 16 letters, "
                         "such as up, hold or down", k->str);
            ok = 0;
        }
        for (size_t j = 0; j < i; j++)
            if (n->keys[j] && n->keys[j]->str && strcmp(n->keys[j]->str, k->str) == 0) {
                schema_error(c, k, "tempo phase '%s' appears twice; give each phase its own word",
                             k->str);
                ok = 0;
            }
        ph[i].word = k->str;
        if (schema_node_num(c, n->items[i], &tempo_phase_spec, &ph[i].seconds) != 1)
            ok = 0;
    }
    if (ok) {
        d->n_tempo = (int)n->n;
        memcpy(d->tempo, ph, n->n * sizeof ph[0]);
        d->set_mask |= DOSE_TEMPO;
    }
}

void dose_read(schema_ctx *c, const ynode *map, exercise_kind kind, exercise_dose *d,
               const char *what)
{
    const keyspec *table = kind_tables[kind];
    for (size_t i = 0; map && i < map->n; i++) {
        const ynode *k = map->keys[i];
        if (!k || !k->str || schema_spec(table, k->str))
            continue;
        bool other = false;
        for (size_t j = 0; dose_all_keys[j]; j++)
            if (strcmp(dose_all_keys[j], k->str) == 0)
                other = true;
        if (!other)
            continue;
        char list[160] = "";
        size_t used = 0;
        for (const keyspec *t = table; t->key && used + 1 < sizeof list; t++)
            used += (size_t)snprintf(list + used, sizeof list - used, "%s%s",
                                     t == table ? "" : ", ", t->key);
        schema_error(c, k, "'%s' does not apply to a %s exercise in %s; its dose keys are: %s",
                     k->str, exercise_kind_names[kind], what, list);
    }
    for (const keyspec *t = table; t->key; t++) {
        const ynode *v = ytree_get(map, t->key);
        if (!v)
            continue;
        int r = 0;
        if (strcmp(t->key, "tempo") == 0) {
            read_tempo(c, v, d);
            continue;
        }
        if (strcmp(t->key, "side") == 0) {
            int side;
            r = schema_enum(c, map, table, "side", &side);
            if (r == 1)
                d->side = (exercise_side)side;
        } else if (t->type == KT_NUM) {
            double x;
            r = schema_node_num(c, v, t, &x);
            if (r == 1) {
                if (strcmp(t->key, "inhale") == 0)
                    d->inhale = x;
                else if (strcmp(t->key, "exhale") == 0)
                    d->exhale = x;
                else
                    d->hold = x;
            }
        } else {
            int x;
            r = schema_node_int(c, v, t, &x);
            if (r == 1 && strcmp(t->key, "announce_every") == 0 && x > 0 && x < 10) {
                schema_error(c, v, "'announce_every' is %d; use 0 for no reminders, or at least 10 seconds", x);
                r = -1;
            }
            if (r == 1) {
                if (strcmp(t->key, "sets") == 0) d->sets = x;
                else if (strcmp(t->key, "reps") == 0) d->reps = x;
                else if (strcmp(t->key, "hold") == 0) d->hold = x;
                else if (strcmp(t->key, "relax") == 0) d->relax = x;
                else if (strcmp(t->key, "rest") == 0) d->rest = x;
                else if (strcmp(t->key, "cycles") == 0) d->cycles = x;
                else if (strcmp(t->key, "duration") == 0) d->duration = x;
                else if (strcmp(t->key, "announce_every") == 0) d->announce_every = x;
            }
        }
        if (r == 1)
            d->set_mask |= bit_of(t->key);
    }
}

void dose_check_required(schema_ctx *c, const ynode *at, exercise_kind kind,
                         const exercise_dose *d, const char *what)
{
    for (const keyspec *t = kind_tables[kind]; t->key; t++)
        if (t->required && !(d->set_mask & bit_of(t->key)) && !ytree_get(at, t->key))
            schema_error(c, at, "%s is a %s exercise and needs '%s' (%s)", what,
                         exercise_kind_names[kind], t->key, t->help);
}
