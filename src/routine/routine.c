/* routine.c: routine files: settings, steps, questions, branches. */
#include <stdlib.h>
#include <string.h>

#include "coach/routine.h"
#include "../core/arena.h"
#include "../core/defaults.h"
#include "../core/text.h"
#include "dose.h"
#include "schema.h"
#include "ytree.h"

/* At most 100 branches; and the steps of every path through them, counted
 * as the program walks them (each answer's branch in full, for each
 * question), at most ROUTINE_MAX_EXPANDED: nested branches multiply. */
enum { ROUTINE_MAX_BRANCHES = 100, ROUTINE_MAX_EXPANDED = 10000 };

typedef struct branch {
    const char *name;
    const ynode *node;   /* the name's key node */
    step_list steps;
    bool used;
    int mark;
    int sized;       /* 0 not yet, 1 being counted, 2 counted */
    double expanded; /* its steps with every branch they lead to, expanded */
} branch;

typedef struct link {
    const char *id;
    int line, column;
} link;

struct routine {
    arena *a;
    const char *file;
    const char *id, *title, *description;
    routine_settings settings;
    step_list steps;
    branch *branches;
    size_t n_branches;
    const char **link_ids;
    int *link_lines, *link_columns;
    size_t n_links;
};

static const keyspec routine_keys[] = {
    {"id", KT_ID, 0, 0, true, "a unique id such as day-one", NULL},
    {"title", KT_TEXT, 1, 120, true, "the name said at the start", NULL},
    {"description", KT_TEXT, 1, 1000, true, "a sentence or two about the routine", NULL},
    {"defaults", KT_MAP, 0, 0, false, "speech rate, rests and pain thresholds", NULL},
    {"ask_baseline_pain", KT_BOOL, 0, 0, false, "ask for a pain rating before starting", NULL},
    {"ask_red_flags", KT_BOOL, 0, 0, false, "ask the red-flag question before starting", NULL},
    {"steps", KT_LIST, 1, 200, true, "the steps of the session, in order", NULL},
    {"branches", KT_MAP, 0, 0, false, "named lists of steps that answers can run", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec defaults_keys[] = {
    {"rate", KT_INT, 80, 450, false, "speech rate in words per minute", NULL},
    {"volume", KT_INT, 0, 100, false, "loudness, 0 to 100", NULL},
    {"voice", KT_TEXT, 1, 40, false, "an eSpeak NG voice name, such as en-us or en-gb", NULL},
    {"rest_between_sets", KT_INT, 0, 600, false, "seconds of rest between sets", NULL},
    {"rep_seconds", KT_NUM, 1, 10, false, "seconds a rep takes when it has no tempo", NULL},
    {"move_seconds", KT_NUM, 0, 30, false, "seconds from naming a side or starting position to the first beat", NULL},
    {"get_up_seconds", KT_INT, 0, 60, false, "seconds more to move between the floor and a chair or standing", NULL},
    {"pain", KT_MAP, 0, 0, false, "the pain thresholds", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec pain_keys[] = {
    {"green_max", KT_INT, 0, 9, false, "the highest rating at which the coach carries on as planned", NULL},
    {"rise_from_baseline", KT_INT, 1, 10, false, "a rise over the starting rating that calls for the easier variant", NULL},
    {"stop_exercise_at", KT_INT, 1, 10, false, "the rating from which the coach stops the exercise", NULL},
    {"end_session_at", KT_INT, 1, 10, false, "the rating from which the coach ends the session", NULL},
    {"stops_to_end", KT_INT, 1, 10, false, "how many exercises stopped for pain end the session", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec step_kind_keys[] = {
    {"exercise", KT_ID, 0, 0, false, "the id of an exercise in the library", NULL},
    {"rest", KT_INT, 1, 600, false, "seconds of rest", NULL},
    {"say", KT_TEXT, 1, 1000, false, "a note for the coach to say", NULL},
    {"question", KT_ENUM, 0, 0, false, "the kind of question", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const char *const question_names[] = {"pain", "yes_no", "better_same_worse", NULL};
static const keyspec question_keys[] = {
    {"question", KT_ENUM, 0, 0, true, "the kind of question", question_names},
    {"ask", KT_TEXT, 1, 400, false, "the question as the coach says it", NULL},
    {"answers", KT_MAP, 0, 0, false, "what each answer leads to", NULL},
    {"default", KT_ANY, 0, 0, false, "the answer taken when none is given", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec action_keys[] = {
    {"branch", KT_ID, 0, 0, false, "the name of a branch of this routine", NULL},
    {"routine", KT_ID, 0, 0, false, "the id of a routine in the same folder", NULL},
    {NULL, KT_ANY, 0, 0, false, NULL, NULL},
};
static const keyspec branch_name_spec = {"branches", KT_ID, 0, 0, false, "a branch name", NULL};

static const char *const answers_yes_no[] = {"yes", "no", NULL};
static const char *const answers_bsw[] = {"better", "same", "worse", NULL};

static const char *const *answer_names(question_kind q)
{
    switch (q) {
    case Q_YES_NO:
        return answers_yes_no;
    case Q_BETTER_SAME_WORSE:
        return answers_bsw;
    default:
        return NULL;
    }
}

const char *question_answer_name(question_kind q, int index)
{
    const char *const *names = answer_names(q);
    if (!names || index < 0)
        return NULL;
    for (int i = 0; names[i]; i++)
        if (i == index)
            return names[i];
    return NULL;
}

int question_answer_index(question_kind q, const char *word)
{
    const char *const *names = answer_names(q);
    for (int i = 0; names && names[i]; i++)
        if (strcmp(names[i], word) == 0)
            return i;
    return -1;
}

/* Parsing state for one routine file. */
typedef struct rctx {
    schema_ctx s;
    routine *r;
    const exercise_library *lib;
    /* answers that name branches, resolved once all branches are read */
    struct pending {
        answer *ans;
        const ynode *at;
        branch *from; /* the branch holding the question, or NULL */
    } *pending;
    size_t n_pending, cap_pending;
    link *links;
    size_t n_links, cap_links;
} rctx;

static bool grow(void **p, size_t *cap, size_t n, size_t size)
{
    if (n < *cap)
        return true;
    size_t nc = *cap ? *cap * 2 : 16;
    void *q = realloc(*p, nc * size);
    if (!q)
        return false;
    *p = q;
    *cap = nc;
    return true;
}

static void read_action(rctx *c, const ynode *v, answer *ans, const char *word, branch *from)
{
    if (v->type == YN_SCALAR && v->str) {
        if (strcmp(v->str, "continue") == 0) {
            ans->action = ACT_CONTINUE;
            return;
        }
        schema_error(&c->s, v,
                     "the answer '%s' must lead to 'continue', {branch: NAME} or {routine: ID}, not '%.40s'",
                     word, v->str);
        return;
    }
    char what[64];
    snprintf(what, sizeof what, "the answer '%s'", word);
    if (!schema_expect_map(&c->s, v, what))
        return;
    schema_check_keys(&c->s, v, action_keys, NULL, what);
    const char *target = NULL;
    int rb = schema_id(&c->s, v, action_keys, "branch", &target);
    const char *rid = NULL;
    int rr = schema_id(&c->s, v, action_keys, "routine", &rid);
    if ((rb != 0) + (rr != 0) != 1) {
        if (rb == 0 && rr == 0 && v->n == 0)
            schema_error(&c->s, v, "%s needs 'branch' or 'routine'", what);
        else if (rb != 0 && rr != 0)
            schema_error(&c->s, v, "%s names both a branch and a routine; choose one", what);
        else if (rb == 0 && rr == 0)
            schema_error(&c->s, v, "%s needs 'branch' or 'routine'", what);
        return;
    }
    if (rb == 1) {
        ans->action = ACT_BRANCH;
        ans->target = target;
        if (grow((void **)&c->pending, &c->cap_pending, c->n_pending, sizeof *c->pending)) {
            c->pending[c->n_pending].ans = ans;
            c->pending[c->n_pending].at = ytree_get(v, "branch");
            c->pending[c->n_pending].from = from;
            c->n_pending++;
        }
    } else if (rr == 1) {
        ans->action = ACT_ROUTINE;
        ans->target = rid;
        const ynode *at = ytree_get(v, "routine");
        if (grow((void **)&c->links, &c->cap_links, c->n_links, sizeof *c->links)) {
            c->links[c->n_links].id = rid;
            c->links[c->n_links].line = at->line;
            c->links[c->n_links].column = at->column;
            c->n_links++;
        }
    }
}

static void read_question(rctx *c, const ynode *m, step *st, const char *what, branch *from)
{
    schema_check_keys(&c->s, m, question_keys, NULL, what);
    int q = 0;
    if (schema_enum(&c->s, m, question_keys, "question", &q) != 1)
        return;
    st->question = (question_kind)q;
    st->default_answer = -1;
    schema_text(&c->s, m, question_keys, "ask", &st->text);
    const char *const *names = answer_names(st->question);
    for (int i = 0; names && names[i]; i++)
        st->n_answers = i + 1;
    const ynode *answers = ytree_get(m, "answers");
    const ynode *def = ytree_get(m, "default");
    if (st->question == Q_PAIN) {
        if (answers)
            schema_error(&c->s, answers,
                         "a pain question takes no 'answers': the pain thresholds in 'defaults' decide what happens");
        if (def)
            schema_error(&c->s, def, "a pain question takes no 'default'");
        return;
    }
    if (!st->text)
        if (!ytree_get(m, "ask"))
            schema_error(&c->s, m, "%s needs 'ask' (the question as the coach says it)", what);
    if (answers && schema_expect_map(&c->s, answers, "'answers'")) {
        const ynode *seen[QUESTION_MAX_ANSWERS] = {NULL};
        for (size_t i = 0; i < answers->n; i++) {
            const ynode *k = answers->keys[i];
            if (!k || !k->str)
                continue;
            int idx = question_answer_index(st->question, k->str);
            if (idx < 0) {
                const char *guess = text_did_you_mean(k->str, names);
                schema_error(&c->s, k, "'%.40s' is not an answer to a %s question; the answers are %s, %s%s%s%s%s%s",
                             k->str, question_names[q], names[0], names[1],
                             names[2] ? ", " : "", names[2] ? names[2] : "",
                             guess ? "; did you mean '" : "", guess ? guess : "", guess ? "'?" : "");
                continue;
            }
            if (seen[idx]) {
                schema_error(&c->s, k, "the answer '%s' appears twice (first at line %d); keep one",
                             k->str, seen[idx]->line);
                continue;
            }
            seen[idx] = k;
            read_action(c, answers->items[i], &st->answers[idx], k->str, from);
        }
        if (!def)
            schema_error(&c->s, m,
                         "%s has 'answers' and so needs 'default': the answer taken when the user gives none",
                         what);
    }
    if (def) {
        if (def->type != YN_SCALAR || !def->str || question_answer_index(st->question, def->str) < 0) {
            if (def->type != YN_SCALAR || def->str)
                schema_error(&c->s, def, "'default' must be one of the answers: %s%s%s%s%s", names[0],
                             ", ", names[1], names[2] ? ", " : "", names[2] ? names[2] : "");
        } else {
            st->default_answer = question_answer_index(st->question, def->str);
        }
    }
}

static void read_exercise_step(rctx *c, const ynode *m, step *st, const char *what)
{
    const char *id = NULL;
    if (schema_id(&c->s, m, step_kind_keys, "exercise", &id) != 1) {
        schema_check_keys(&c->s, m, step_kind_keys + 0, dose_all_keys, what);
        return;
    }
    static const keyspec only_exercise[] = {
        {"exercise", KT_ID, 0, 0, true, "the id of an exercise in the library", NULL},
        {"pin", KT_BOOL, 0, 0, false,
         "true keeps this step's dose as written: coach never progresses or steps it back "
         "between sessions", NULL},
        {NULL, KT_ANY, 0, 0, false, NULL, NULL},
    };
    schema_check_keys(&c->s, m, only_exercise, dose_all_keys, what);
    schema_bool(&c->s, m, only_exercise, "pin", &st->pinned);
    const exercise *x = library_find(c->lib, id);
    if (!x) {
        const ynode *at = ytree_get(m, "exercise");
        const char *best = schema_may_suggest(&c->s) ? library_closest_id(c->lib, id) : NULL;
        if (best)
            schema_error(&c->s, at, "unknown exercise '%s'; did you mean '%s'?", id, best);
        else
            schema_error(&c->s, at, "unknown exercise '%s': it is not in the exercise library", id);
        return;
    }
    char xwhat[128];
    snprintf(xwhat, sizeof xwhat, "this step ('%s')", x->id);
    st->exercise = x;
    st->dose = x->dose;
    dose_read(&c->s, m, x->kind, &st->dose, xwhat);
}

/* Reads one step mapping. */
static void read_step(rctx *c, const ynode *m, step *st, const char *what, branch *from)
{
    st->line = m ? m->line : 0;
    st->column = m ? m->column : 0;
    if (!schema_expect_map(&c->s, m, what))
        return;
    static const char *const kinds[] = {"exercise", "question", "rest", "say"};
    int found = 0;
    const char *first = NULL;
    for (size_t i = 0; i < 4; i++)
        if (ytree_get(m, kinds[i])) {
            if (!first)
                first = kinds[i];
            found++;
        }
    /* an exercise step may override `rest`; that is not a second kind */
    if (ytree_get(m, "exercise") && ytree_get(m, "rest"))
        found--;
    if (found == 0) {
        const char *extra[] = {"exercise", "question", "rest", "say", NULL};
        schema_check_keys(&c->s, m, NULL, extra, what);
        schema_error(&c->s, m, "%s needs one of 'exercise', 'rest', 'say' or 'question'", what);
        return;
    }
    if (found > 1) {
        schema_error(&c->s, m,
                     "%s mixes several kinds of step; write 'exercise', 'rest', 'say' and 'question' as separate steps",
                     what);
        return;
    }
    if (strcmp(first, "exercise") == 0) {
        st->kind = STEP_EXERCISE;
        read_exercise_step(c, m, st, what);
    } else if (strcmp(first, "question") == 0) {
        st->kind = STEP_QUESTION;
        read_question(c, m, st, what, from);
    } else if (strcmp(first, "rest") == 0) {
        st->kind = STEP_REST;
        static const keyspec only_rest[] = {
            {"rest", KT_INT, 1, 600, true, "seconds of rest", NULL},
            {NULL, KT_ANY, 0, 0, false, NULL, NULL},
        };
        schema_check_keys(&c->s, m, only_rest, NULL, what);
        schema_int(&c->s, m, only_rest, "rest", &st->rest_seconds);
    } else {
        st->kind = STEP_SAY;
        static const keyspec only_say[] = {
            {"say", KT_TEXT, 1, 1000, true, "a note for the coach to say", NULL},
            {NULL, KT_ANY, 0, 0, false, NULL, NULL},
        };
        schema_check_keys(&c->s, m, only_say, NULL, what);
        schema_text(&c->s, m, only_say, "say", &st->text);
    }
}

static bool read_steps(rctx *c, const ynode *list, step_list *out, branch *from)
{
    if (!list)
        return true;
    step *steps = arena_alloc(c->s.a, (list->n ? list->n : 1) * sizeof *steps);
    if (!steps)
        return false;
    for (size_t i = 0; i < list->n; i++) {
        char what[160];
        if (from)
            snprintf(what, sizeof what, "step %zu of branch '%s'", i + 1, from->name);
        else
            snprintf(what, sizeof what, "step %zu", i + 1);
        read_step(c, list->items[i], &steps[i], what, from);
    }
    out->items = steps;
    out->n = list->n;
    return true;
}

static branch *find_branch(routine *r, const char *name)
{
    for (size_t i = 0; i < r->n_branches; i++)
        if (strcmp(r->branches[i].name, name) == 0)
            return &r->branches[i];
    return NULL;
}

/* Depth-first search for a branch that leads back to itself. */
static bool branch_cycle(rctx *c, branch *b, const char **path, int depth)
{
    if (b->mark == 2)
        return false;
    path[depth] = b->name;
    if (b->mark == 1 || depth >= ROUTINE_MAX_BRANCHES) {
        char msg[512];
        text_cycle_path(msg, sizeof msg, path, depth);
        schema_error(&c->s, b->node,
                     "branch '%s' leads back into itself (%s); a branch must end without returning to where it came from",
                     b->name, msg);
        return true;
    }
    b->mark = 1;
    for (size_t i = 0; i < c->n_pending; i++) {
        if (c->pending[i].from != b || !c->pending[i].ans->branch)
            continue;
        branch *to = find_branch(c->r, c->pending[i].ans->target);
        if (to && branch_cycle(c, to, path, depth + 1))
            return true;
    }
    b->mark = 2;
    return false;
}

static void read_settings(rctx *c, const ynode *root)
{
    routine_settings *s = &c->r->settings;
    *s = (routine_settings){COACH_DEFAULT_RATE, COACH_DEFAULT_VOLUME, "en-us", 30, 3.0, {3, 2, 6, 8, 2}, true, false, 0, 0, 5.0, 10};
    schema_bool(&c->s, root, routine_keys, "ask_baseline_pain", &s->ask_baseline_pain);
    schema_bool(&c->s, root, routine_keys, "ask_red_flags", &s->ask_red_flags);
    const ynode *d = ytree_get(root, "defaults");
    if (!d || !schema_expect_map(&c->s, d, "'defaults'"))
        return;
    schema_check_keys(&c->s, d, defaults_keys, NULL, "'defaults'");
    schema_int(&c->s, d, defaults_keys, "rate", &s->rate);
    schema_int(&c->s, d, defaults_keys, "volume", &s->volume);
    if (schema_text(&c->s, d, defaults_keys, "voice", &s->voice) == 1) {
        const ynode *v = ytree_get(d, "voice");
        s->voice_line = v->line;
        s->voice_column = v->column;
    }
    schema_int(&c->s, d, defaults_keys, "rest_between_sets", &s->rest_between_sets);
    schema_num(&c->s, d, defaults_keys, "rep_seconds", &s->rep_seconds);
    schema_num(&c->s, d, defaults_keys, "move_seconds", &s->move_seconds);
    schema_int(&c->s, d, defaults_keys, "get_up_seconds", &s->get_up_seconds);
    const ynode *p = ytree_get(d, "pain");
    if (!p || !schema_expect_map(&c->s, p, "'pain'"))
        return;
    schema_check_keys(&c->s, p, pain_keys, NULL, "'pain'");
    int ok = 1;
    ok &= schema_int(&c->s, p, pain_keys, "green_max", &s->pain.green_max) >= 0;
    ok &= schema_int(&c->s, p, pain_keys, "rise_from_baseline", &s->pain.rise_from_baseline) >= 0;
    ok &= schema_int(&c->s, p, pain_keys, "stop_exercise_at", &s->pain.stop_exercise_at) >= 0;
    ok &= schema_int(&c->s, p, pain_keys, "end_session_at", &s->pain.end_session_at) >= 0;
    ok &= schema_int(&c->s, p, pain_keys, "stops_to_end", &s->pain.stops_to_end) >= 0;
    if (!ok)
        return;
    if (s->pain.green_max >= s->pain.stop_exercise_at)
        schema_error(&c->s, p,
                     "'green_max' (%d) must be below 'stop_exercise_at' (%d): the coach cannot both carry on and stop at the same rating",
                     s->pain.green_max, s->pain.stop_exercise_at);
    if (s->pain.stop_exercise_at > s->pain.end_session_at)
        schema_error(&c->s, p, "'stop_exercise_at' (%d) must not be above 'end_session_at' (%d)",
                     s->pain.stop_exercise_at, s->pain.end_session_at);
}

void routine_destroy(routine *r)
{
    if (!r)
        return;
    arena_destroy(r->a);
    free(r);
}

/* Makes a branch of each name under 'branches' (their steps are read later),
 * refusing too many branches and names used twice; false when out of memory. */
static bool declare_branches(rctx *c, const ynode *bm)
{
    routine *r = c->r;
    if (bm && bm->type == YN_MAP && bm->n > ROUTINE_MAX_BRANCHES)
        schema_error(&c->s, bm, "there are %zu branches; a routine may have at most %d",
                     bm->n, ROUTINE_MAX_BRANCHES);
    if (!bm || !schema_expect_map(&c->s, bm, "'branches'") || !bm->n ||
        bm->n > ROUTINE_MAX_BRANCHES)
        return true;
    r->branches = arena_alloc(r->a, bm->n * sizeof *r->branches);
    if (!r->branches)
        return false;
    for (size_t i = 0; i < bm->n; i++) {
        const ynode *k = bm->keys[i];
        const char *bname = NULL;
        if (!k || schema_node_id(&c->s, k, &branch_name_spec, &bname) != 1)
            continue;
        if (find_branch(r, bname)) {
            schema_error(&c->s, k, "there are two branches named '%s'; rename one", bname);
            continue;
        }
        branch *b = &r->branches[r->n_branches++];
        b->name = bname;
        b->node = k;
    }
    return true;
}

/* Reads the steps of each branch declared above, refusing a branch that is
 * not a list of 1 to 200 steps; false when out of memory. */
static bool read_branches(rctx *c, const ynode *bm)
{
    for (size_t i = 0; bm && bm->type == YN_MAP && bm->n <= ROUTINE_MAX_BRANCHES && i < bm->n; i++) {
        const ynode *k = bm->keys[i];
        if (!k || !k->str)
            continue;
        branch *b = find_branch(c->r, k->str);
        if (!b || b->node != k)
            continue;
        const ynode *v = bm->items[i];
        if (v->type != YN_SEQ || v->n < 1 || v->n > 200) {
            if (v->type != YN_SEQ)
                schema_error(&c->s, v, "branch '%s' must be a list of steps, not %s", b->name, ytree_type_name(v));
            else
                schema_error(&c->s, v, "branch '%s' has %zu steps; it must have 1 to 200", b->name, v->n);
            continue;
        }
        if (!read_steps(c, v, &b->steps, b))
            return false;
    }
    return true;
}

/* Points each answer that names a branch at its steps, marking the branch
 * used; refuses a name that is not a branch. */
static void resolve_branches(rctx *c)
{
    routine *r = c->r;
    for (size_t i = 0; i < c->n_pending; i++) {
        answer *ans = c->pending[i].ans;
        branch *b = find_branch(r, ans->target);
        if (!b) {
            const char *names[65];
            size_t nn = 0;
            for (size_t j = 0; j < r->n_branches && nn < 64; j++)
                names[nn++] = r->branches[j].name;
            names[nn] = NULL;
            const char *guess = text_did_you_mean(ans->target, names);
            if (guess)
                schema_error(&c->s, c->pending[i].at, "there is no branch '%s'; did you mean '%s'?", ans->target, guess);
            else
                schema_error(&c->s, c->pending[i].at, "there is no branch '%s' under 'branches'", ans->target);
            continue;
        }
        b->used = true;
        ans->branch = &b->steps;
    }
}

/* Refuses branches no answer leads to, then the first branch that leads back
 * into itself. */
static void check_branch_use(rctx *c)
{
    routine *r = c->r;
    for (size_t i = 0; i < r->n_branches; i++)
        if (!r->branches[i].used)
            schema_error(&c->s, r->branches[i].node,
                         "branch '%s' is never used: no answer leads to it", r->branches[i].name);
    const char *path[ROUTINE_MAX_BRANCHES + 1];
    for (size_t i = 0; i < r->n_branches; i++)
        if (branch_cycle(c, &r->branches[i], path, 0))
            break;
}

static double list_expanded(routine *r, const step_list *l);

/* The steps of branch b with everything its answers lead to, counted once
 * and kept (so the count is linear in the file, however deep the nesting);
 * a branch met again while being counted (a loop, refused already) is 0. */
static double branch_expanded(routine *r, branch *b)
{
    if (b->sized == 1)
        return 0;
    if (b->sized == 0) {
        b->sized = 1;
        b->expanded = list_expanded(r, &b->steps);
        b->sized = 2;
    }
    return b->expanded;
}

/* The steps of l with every answer's branch expanded in place. */
static double list_expanded(routine *r, const step_list *l)
{
    double n = 0;
    for (size_t i = 0; l && i < l->n; i++) {
        const step *st = &l->items[i];
        n += 1;
        for (int k = 0; st->kind == STEP_QUESTION && k < st->n_answers; k++) {
            branch *b = st->answers[k].branch ? find_branch(r, st->answers[k].target) : NULL;
            if (b)
                n += branch_expanded(r, b);
        }
    }
    return n;
}

/* Refuses branches that, nested, make more than ROUTINE_MAX_EXPANDED steps
 * along all their paths (10 questions in each of 12 nested branches make
 * 10^12: every program that walks them would never end). */
static void check_fan_out(rctx *c, const ynode *bm)
{
    double n = list_expanded(c->r, &c->r->steps);
    if (n > ROUTINE_MAX_EXPANDED)
        schema_error(&c->s, bm,
                     "the branches lead to %.0f steps along all their paths; a routine may have at most %d "
                     "(each question whose answers lead into a branch multiplies the steps that branch holds)",
                     n, ROUTINE_MAX_EXPANDED);
}

/* Copies the answers' {routine: ID} links into the routine's arena; false
 * when out of memory. */
static bool keep_links(rctx *c)
{
    routine *r = c->r;
    if (!c->n_links)
        return true;
    r->link_ids = arena_alloc(r->a, c->n_links * sizeof *r->link_ids);
    r->link_lines = arena_alloc(r->a, c->n_links * sizeof *r->link_lines);
    r->link_columns = arena_alloc(r->a, c->n_links * sizeof *r->link_columns);
    if (!r->link_ids || !r->link_lines || !r->link_columns)
        return false;
    for (size_t i = 0; i < c->n_links; i++) {
        r->link_ids[i] = c->links[i].id;
        r->link_lines[i] = c->links[i].line;
        r->link_columns[i] = c->links[i].column;
    }
    r->n_links = c->n_links;
    return true;
}

/* Reads a parsed routine file into c->r, its problems counted in c->s;
 * false only when out of memory. */
static bool read_routine(rctx *c, const ynode *root)
{
    routine *r = c->r;
    if (!root) {
        schema_error(&c->s, NULL, "the file is empty; a routine needs at least 'id', 'title', 'description' and 'steps'");
        return true;
    }
    if (!schema_expect_map(&c->s, root, "a routine file"))
        return true;
    schema_check_keys(&c->s, root, routine_keys, NULL, "the routine");
    schema_id(&c->s, root, routine_keys, "id", &r->id);
    schema_text(&c->s, root, routine_keys, "title", &r->title);
    schema_text(&c->s, root, routine_keys, "description", &r->description);
    read_settings(c, root);

    const ynode *bm = ytree_get(root, "branches");
    if (!declare_branches(c, bm))
        return false;
    const ynode *steps = schema_list(&c->s, root, routine_keys, "steps");
    if (!read_steps(c, steps, &r->steps, NULL) || !read_branches(c, bm))
        return false;
    resolve_branches(c);
    check_branch_use(c);
    if (!c->s.errors)
        check_fan_out(c, bm);
    return keep_links(c);
}

coach_err routine_load_buffer(const char *name, const char *data, size_t len,
                              const exercise_library *lib, routine **out, coach_diags *diags)
{
    *out = NULL;
    routine *r = calloc(1, sizeof *r);
    if (!r)
        return COACH_ERR_NOMEM;
    r->a = arena_create();
    if (!r->a) {
        free(r);
        return COACH_ERR_NOMEM;
    }
    rctx c = {{NULL, diags, r->a, 0, 0}, r, lib, NULL, 0, 0, NULL, 0, 0};
    coach_err err = COACH_OK;
    r->file = c.s.file = arena_strdup(r->a, name);
    ynode *root = NULL;
    if (!r->file)
        err = COACH_ERR_NOMEM;
    else
        err = ytree_parse(r->file, data, len, r->a, &root, diags);
    if (!err && !read_routine(&c, root))
        err = COACH_ERR_NOMEM;
    free(c.pending);
    free(c.links);
    if (err == COACH_OK && c.s.errors)
        err = COACH_ERR_DATA;
    if (err) {
        if (err == COACH_ERR_NOMEM)
            coach_diags_add(diags, name, 0, 0, "out of memory while reading the routine");
        routine_destroy(r);
        return err;
    }
    *out = r;
    return COACH_OK;
}

coach_err routine_load_file(const char *path, const exercise_library *lib, routine **out,
                            coach_diags *diags)
{
    char *data;
    size_t len;
    *out = NULL;
    coach_err err = coach_read_file(path, COACH_FILE_MAX, &data, &len, diags);
    if (err)
        return err;
    err = routine_load_buffer(path, data, len, lib, out, diags);
    free(data);
    return err;
}

const char *routine_id(const routine *r) { return r->id; }
const char *routine_title(const routine *r) { return r->title; }
const char *routine_description(const routine *r) { return r->description; }
const routine_settings *routine_get_settings(const routine *r) { return &r->settings; }
const step_list *routine_steps(const routine *r) { return &r->steps; }

const step_list *routine_branch(const routine *r, const char *name)
{
    branch *b = find_branch((routine *)r, name);
    return b ? &b->steps : NULL;
}

size_t routine_links(const routine *r, const char ***ids, const int **lines, const int **columns)
{
    *ids = r->link_ids;
    *lines = r->link_lines;
    *columns = r->link_columns;
    return r->n_links;
}
