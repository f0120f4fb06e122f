/* cmd_run.c: `coach run ROUTINE`. This build validates the options and the
 * routine and prints the session's outline; the session engine and audio
 * output are not built yet, and it says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "coach/routine.h"
#include "../routine/catalog.h"

static const char *const side_words[] = {"", ", each side", ", alternating sides"};

/* Prints one line describing a dose, such as "2 sets of 8 reps, each side". */
static void print_dose(const exercise *x, const exercise_dose *d)
{
    switch (x->kind) {
    case EX_REPS:
        printf("%d set%s of %d rep%s%s", d->sets, d->sets == 1 ? "" : "s", d->reps,
               d->reps == 1 ? "" : "s", side_words[d->side]);
        if (d->n_tempo) {
            printf(" (");
            for (int i = 0; i < d->n_tempo; i++)
                printf("%s%s %g s", i ? ", " : "", d->tempo[i].word, d->tempo[i].seconds);
            printf(")");
        }
        break;
    case EX_HOLD:
        if (d->reps > 1)
            printf("%d set%s of %d holds of %g seconds%s", d->sets, d->sets == 1 ? "" : "s",
                   d->reps, d->hold, side_words[d->side]);
        else
            printf("%d hold%s of %g seconds%s", d->sets, d->sets == 1 ? "" : "s", d->hold,
                   side_words[d->side]);
        break;
    case EX_BREATHING:
        printf("%d breaths: in %g s, ", d->cycles, d->inhale);
        if (d->hold > 0)
            printf("hold %g s, ", d->hold);
        printf("out %g s", d->exhale);
        break;
    case EX_TIMED:
        if (d->duration >= 60)
            printf("%d minute%s", d->duration / 60, d->duration >= 120 ? "s" : "");
        if (d->duration % 60)
            printf("%s%d seconds", d->duration >= 60 ? " " : "", d->duration % 60);
        break;
    }
}

/* Branches already printed, so a branch shared by several answers is
 * printed once and named after that. */
typedef struct printed {
    const step_list *seen[64];
    int n;
} printed;

static void print_steps(const step_list *l, int indent, int *number, printed *p)
{
    for (size_t i = 0; i < l->n; i++) {
        const step *st = &l->items[i];
        printf("%*s", indent, "");
        switch (st->kind) {
        case STEP_EXERCISE:
            printf("%d. %s: ", ++*number, st->exercise->name);
            print_dose(st->exercise, &st->dose);
            putchar('\n');
            break;
        case STEP_REST:
            printf("rest %d seconds\n", st->rest_seconds);
            break;
        case STEP_SAY:
            printf("note: %s\n", st->text);
            break;
        case STEP_QUESTION:
            printf("question: %s\n", st->text ? st->text : "How is your back right now, from zero to ten?");
            for (int a = 0; a < st->n_answers; a++) {
                const answer *an = &st->answers[a];
                printf("%*s  if %s%s: ", indent, "", question_answer_name(st->question, a),
                       a == st->default_answer ? " (default)" : "");
                if (an->action == ACT_ROUTINE)
                    printf("go on with routine %s\n", an->target);
                else if (an->action == ACT_BRANCH) {
                    bool seen = false;
                    for (int k = 0; k < p->n; k++)
                        seen |= p->seen[k] == an->branch;
                    if (seen) {
                        printf("the steps of '%s', as above\n", an->target);
                        continue;
                    }
                    if (p->n < 64)
                        p->seen[p->n++] = an->branch;
                    printf("the steps of '%s':\n", an->target);
                    print_steps(an->branch, indent + 4, number, p);
                } else
                    printf("carry on\n");
            }
            break;
        }
    }
}

int cli_run(int argc, char **argv)
{
    const char *name = NULL;
    static const char *const with_value[] = {"--device", "--out", "--in", "--script",
                                             "--timeline", "--rate", "--volume", "--log-dir",
                                             NULL};
    static const char *const flags[] = {"--dry-run", "--no-log", NULL};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0) {
            fputs("usage: coach run ROUTINE [options]; see 'coach --help'\n", stdout);
            return 0;
        }
        bool known = false;
        for (size_t k = 0; with_value[k]; k++)
            if (strcmp(a, with_value[k]) == 0) {
                if (i + 1 >= argc) {
                    cli_error("%s needs a value", a);
                    return EXIT_USAGE;
                }
                i++;
                known = true;
            }
        for (size_t k = 0; flags[k]; k++)
            if (strcmp(a, flags[k]) == 0)
                known = true;
        if (known)
            continue;
        if (a[0] == '-') {
            cli_error("unknown option '%s' for run; try 'coach --help'", a);
            return EXIT_USAGE;
        }
        if (name) {
            cli_error("run takes one routine; try 'coach --help'");
            return EXIT_USAGE;
        }
        name = a;
    }
    if (!name) {
        cli_error("run needs a routine: a file such as routines/day-one.yaml, or an id such as day-one");
        return EXIT_USAGE;
    }
    /* a bare id names a routine of the default folder */
    char path[4096];
    if (!strchr(name, '/') && !strstr(name, ".yaml"))
        snprintf(path, sizeof path, "%s/%s.yaml", cli_default_routines_dir(), name);
    else
        snprintf(path, sizeof path, "%s", name);
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");

    coach_diags *d = coach_diags_create();
    catalog *cat = NULL;
    coach_err err = d ? catalog_open(dir, NULL, &cat, d) : COACH_ERR_NOMEM;
    const routine *r = NULL;
    int rc = 0;
    if (!err) {
        for (size_t i = 0; i < catalog_count(cat); i++) {
            const catalog_entry *e = catalog_get(cat, i);
            const char *base = strrchr(e->path, '/');
            const char *pbase = strrchr(path, '/');
            if (strcmp(base ? base : e->path, pbase ? pbase : path) == 0) {
                if (!e->ok || !e->routine) {
                    coach_diags_sort(d);
                    coach_diags_print(d, stderr);
                    cli_error("%s has problems (listed above); fix them and run 'coach check %s'", path, path);
                    rc = EXIT_DATAERR;
                }
                r = e->routine;
                break;
            }
        }
        if (!r && rc == 0) {
            cli_error("%s: no such routine; 'coach list' shows the routines there are", path);
            rc = EXIT_NOINPUT;
        }
    } else {
        coach_diags_print(d, stderr);
        rc = coach_err_exit_code(err);
    }
    if (rc == 0) {
        routine_estimate est = routine_estimate_default_path(r);
        char len[48];
        cli_format_minutes(est.seconds, len, sizeof len);
        printf("%s: %s, %d exercise%s.\n%s\n\n", routine_title(r), len, est.exercises,
               est.exercises == 1 ? "" : "s", routine_description(r));
        int number = 0;
        printed p = {.n = 0};
        print_steps(routine_steps(r), 2, &number, &p);
        printf("\n");
        cli_error("spoken coaching is not built yet: this version checks the routine and "
                  "prints its outline; the session engine and audio output come next");
        rc = EXIT_UNAVAILABLE;
    }
    catalog_destroy(cat);
    coach_diags_destroy(d);
    return rc;
}
