/* cmd_list.c: `coach list [DIR]`: routines and programmes with their length. */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "coach/routine.h"
#include "../routine/catalog.h"

/* True when the catalog c holds a programme with this id. */
static bool shadows_programme(const catalog *c, const char *id)
{
    for (size_t i = 0; i < catalog_count(c); i++) {
        const catalog_entry *e = catalog_get(c, i);
        if (e->programme && strcmp(programme_id(e->programme), id) == 0)
            return true;
    }
    return false;
}

/* Prints the routines and programmes of dir (its exercises from library,
 * NULL: dir/exercises), leaving out the ids shadow (NULL: none) holds;
 * keeps the catalog in *keep when keep is not NULL. A sysexits code. */
static int list_folder(const char *dir, const char *library, const catalog *shadow, catalog **keep)
{
    coach_diags *d = coach_diags_create();
    catalog *cat = NULL;
    coach_err err = d ? catalog_open(dir, library, &cat, d) : COACH_ERR_NOMEM;
    if (err) {
        coach_diags_print(d, stderr);
        coach_diags_destroy(d);
        return coach_err_exit_code(err);
    }
    size_t routines = 0, broken = 0;
    for (size_t i = 0; i < catalog_count(cat); i++) {
        const catalog_entry *e = catalog_get(cat, i);
        if (e->kind == COACH_FILE_LIBRARY)
            continue;
        if (!e->ok) {
            broken++;
            continue;
        }
        if (!e->routine || (shadow && catalog_find_routine(shadow, routine_id(e->routine))))
            continue; /* a routine of the user's own folder takes its id */
        routine_estimate est = routine_estimate_default_path(e->routine);
        char len[48];
        cli_format_minutes(est.seconds, len, sizeof len);
        printf("%-22s %-44s %2d exercise%s, %s", routine_id(e->routine), routine_title(e->routine),
               est.exercises, est.exercises == 1 ? " " : "s", len);
        if (est.next_routine) {
            const routine *next = catalog_find_routine(cat, est.next_routine);
            if (next) {
                routine_estimate ne = routine_estimate_default_path(next);
                char nl[48];
                cli_format_minutes(ne.seconds, nl, sizeof nl);
                printf(", then %s (%s)", est.next_routine, nl);
            }
        }
        putchar('\n');
        routines++;
    }
    for (size_t i = 0; i < catalog_count(cat); i++) {
        const catalog_entry *e = catalog_get(cat, i);
        if (!e->programme || !e->ok)
            continue;
        if (shadow && shadows_programme(shadow, programme_id(e->programme)))
            continue;
        int weeks = 0;
        size_t n = programme_phase_count(e->programme);
        for (size_t k = 0; k < n; k++)
            weeks += programme_get_phase(e->programme, k)->weeks;
        printf("%-22s %-44s programme: %zu phases over %d weeks:", programme_id(e->programme),
               programme_title(e->programme), n, weeks);
        for (size_t k = 0; k < n; k++) {
            const programme_phase *ph = programme_get_phase(e->programme, k);
            printf("%s %s (%d week%s)", k ? "," : "", ph->routine_id, ph->weeks,
                   ph->weeks == 1 ? "" : "s");
        }
        putchar('\n');
    }
    if (broken)
        cli_error("%zu file%s in %s %s problems and %s not listed; run 'coach check %s' to see them",
                  broken, broken == 1 ? "" : "s", dir, broken == 1 ? "has" : "have",
                  broken == 1 ? "is" : "are", dir);
    if (routines == 0 && !broken && !shadow && !keep)
        cli_error("no routines in %s", dir);
    if (keep)
        *keep = cat;
    else
        catalog_destroy(cat);
    coach_diags_destroy(d);
    return 0;
}

int cli_list(int argc, char **argv)
{
    const char *dir = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs("usage: coach list [DIR]\n"
                  "  Lists the routines and programmes in DIR with their estimated length.\n"
                  "  Without DIR: your own routines ($XDG_DATA_HOME/coach/routines, default\n"
                  "  ~/.local/share/coach/routines) first, then the installed ones\n"
                  "  (COACH_DATA_DIR/routines overrides them).\n",
                  stdout);
            return 0;
        }
        if (argv[i][0] == '-') {
            cli_error("unknown option '%s' for list; try 'coach list --help'", argv[i]);
            return EXIT_USAGE;
        }
        if (dir) {
            cli_error("list takes one folder; try 'coach list --help'");
            return EXIT_USAGE;
        }
        dir = argv[i];
    }
    if (dir)
        return list_folder(dir, NULL, NULL, NULL);
    /* no folder named: the user's own routines first, then the data folder's */
    const char *mine = cli_user_routines_dir();
    catalog *own = NULL;
    if (mine) {
        int rc = list_folder(mine, cli_library_for(mine), NULL, &own);
        if (rc) {
            catalog_destroy(own);
            return rc;
        }
    }
    int rc = list_folder(cli_default_routines_dir(), NULL, own, NULL);
    catalog_destroy(own);
    return rc;
}
