/* cmd_menu.c: `coach` with no command (or `coach menu`): the spoken menu
 * (docs/menu.md). Live, it runs the routine or the history chosen and comes
 * back to the menu; a dry run or a file render ends where they would begin.
 * `coach config` prints the settings. */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "keys.h"
#include "options.h"
#include "../core/defaults.h"
#include "../driver/host.h"
#include "../routine/catalog.h"
#include "../session/menu.h"
#include "../session/phase.h"
#include "../session/script.h"
#include "../core/templates.h"
#include "../store/history.h"
#include "../store/journal.h"
#include "../store/settings.h"

typedef struct menu_opts {
    const char *script, *timeline, *out, *in, *device, *mic, *log_dir, *routines;
    bool dry_run, transcript, no_log, no_mic;
} menu_opts;

static const char menu_usage[] =
    "usage: coach [menu] [--dry-run [--transcript]] [--script FILE] [--timeline FILE]\n"
    "                    [--out FILE.wav [--in MIC.wav]] [--device NAME] [--mic NAME | --no-mic]\n"
    "                    [--no-log | --log-dir DIR] [--routines DIR]\n"
    "  The spoken menu: it greets you with the likely next step, then offers start,\n"
    "  list routines, history, settings, help and quit, by voice or by keyboard\n"
    "  (arrows move, enter chooses, a digit picks, space repeats, escape goes back,\n"
    "  q quits). A dry run or a render to a file ends where a session would begin.\n"
    "       coach config      print your settings (~/.config/coach/config.yaml)\n";

static const cli_option menu_options[] = {
    CLI_FLAG(menu_opts, "--dry-run", dry_run),       CLI_FLAG(menu_opts, "--transcript", transcript),
    CLI_FLAG(menu_opts, "--no-log", no_log),         CLI_FLAG(menu_opts, "--no-mic", no_mic),
    CLI_STRING(menu_opts, "--script", script),       CLI_STRING(menu_opts, "--timeline", timeline),
    CLI_STRING(menu_opts, "--out", out),             CLI_STRING(menu_opts, "--in", in),
    CLI_STRING(menu_opts, "--device", device),       CLI_STRING(menu_opts, "--mic", mic),
    CLI_STRING(menu_opts, "--log-dir", log_dir),     CLI_STRING(menu_opts, "--routines", routines),
    CLI_END,
};
static const cli_spec menu_spec = {"menu", "the menu", menu_options, false};

/* Reads the menu's options; 0 to go on, -1 after --help, else an exit
 * code after the message. */
static int parse_menu(int argc, char **argv, menu_opts *o)
{
    memset(o, 0, sizeof *o);
    int rc = cli_args_parse(&menu_spec, o, argc, argv);
    if (rc == CLI_ARGS_HELP) {
        fputs(menu_usage, stdout);
        return -1;
    }
    if (rc)
        return rc;
    if (o->out && o->dry_run) {
        cli_error("--out renders audio, --dry-run renders none: choose one");
        return EXIT_USAGE;
    }
    if (o->in && !o->out) {
        cli_error("--in (a WAV file as the microphone) goes with --out");
        return EXIT_USAGE;
    }
    if (cli_input_check(o->in, "--in"))
        return EXIT_NOINPUT;
    if (o->transcript && !o->dry_run) {
        cli_error("--transcript goes with --dry-run");
        return EXIT_USAGE;
    }
    return 0;
}

/* The user's settings; a file with problems is reported and the defaults
 * used. path gets the file's name ("" when there is no place for one). */
static settings load_settings(char *path, size_t size)
{
    settings st = settings_default();
    if (settings_default_path(path, size, NULL) != COACH_OK) {
        path[0] = '\0';
        return st;
    }
    coach_diags *d = coach_diags_create();
    if (settings_load(path, &st, d) != COACH_OK) {
        coach_diags_print(d, stderr);
        cli_error("using the default settings until that file is fixed or saved again");
        st = settings_default();
    }
    coach_diags_destroy(d);
    return st;
}

typedef struct menu_run {
    menu_config cfg;
    menu_outcome outcome;  /* what the user chose (the program is gone by then) */
} menu_run;

static coach_err make_menu(void *ctx, action_measure measure, void *measure_ctx, program *out)
{
    menu_run *r = ctx;
    r->cfg.measure = measure;
    r->cfg.measure_ctx = measure_ctx;
    r->cfg.outcome = &r->outcome;
    return menu_create(&r->cfg, out);
}

/* Runs the menu: with no audio (a dry run: it ends when the user chooses,
 * or once the script is used up and the menu only waits), or with sound
 * (live, or into --out); *choice and *item say what the user chose. */
static int run_menu(const menu_opts *o, menu_run *r, const script *sc, menu_choice *choice,
                    int *item)
{
    FILE *tl = NULL;
    int trc = cli_timeline_open(o->timeline, o->log_dir, &tl);
    if (trc)
        return trc;
    const settings *st = r->cfg.settings;
    host_config hc = {0};
    hc.make = make_menu;
    hc.make_ctx = r;
    hc.voice = st->voice[0] ? st->voice : NULL;
    hc.script = sc;
    hc.dry = o->dry_run;
    hc.timeline = tl;
    hc.json = o->dry_run && !o->transcript ? stdout : NULL;
    hc.transcript = o->transcript ? stdout : NULL;
    player_config *cfg = &hc.play;
    cfg->rate = st->rate > 0 ? st->rate : COACH_DEFAULT_RATE;
    cfg->volume = st->volume >= 0 ? st->volume : COACH_DEFAULT_VOLUME;
    cli_sound_config(cfg, &(cli_sound){o->out, o->in, NULL, o->device, o->mic, o->no_mic});
    /* the menu's own words need no attention word; "keys" turns it deaf */
    cli_listening_apply(&hc, st->listening == LISTENING_KEYS ? LISTENING_KEYS : LISTENING_OPEN);
    if (!o->out && !o->dry_run) {
        r->cfg.keys = keys_open();
        hc.read_key = keys_read;
        cfg->live_note = r->cfg.keys ? KEYS_SESSION_NOTE : NULL;
    }
    coach_diags *d = coach_diags_create();
    host_report rep;
    coach_err err = host_run(&hc, &rep, d);
    keys_close();
    int rc = 0;
    if (err) {
        coach_diags_print(d, stderr);
        rc = coach_err_exit_code(err);
    }
    coach_diags_destroy(d);
    if (tl && fclose(tl) != 0 && rc == 0)
        rc = EXIT_IOERR;
    if (o->dry_run && fflush(stdout) != 0 && rc == 0)
        rc = EXIT_IOERR;
    *choice = err ? MENU_QUIT : r->outcome.choice;
    *item = err ? -1 : r->outcome.item;
    return rc;
}

/* The log (an empty history with --no-log or when there is none). */
static history *load_history(const menu_opts *o)
{
    char dir[4096], path[4200];
    history *h = NULL;
    coach_err err = COACH_ERR_UNAVAILABLE;
    if (!o->no_log) {
        err = o->log_dir ? (snprintf(dir, sizeof dir, "%s", o->log_dir), COACH_OK)
                         : journal_default_dir(dir, sizeof dir, NULL);
        if (!err) {
            snprintf(path, sizeof path, "%s/%s", dir, JOURNAL_FILE);
            err = history_load(path, &h, NULL);
        }
    }
    if (err && history_parse("", 0, &h) != COACH_OK)
        return NULL;
    return h;
}

/* The pain rules of the catalog's routine with this id, or NULL. */
static const pain_rules *rules_of(void *ctx, const char *id)
{
    catalog *cat = ctx;
    for (size_t k = 0; k < catalog_count(cat); k++) {
        const catalog_entry *x = catalog_get(cat, k);
        if (x->ok && x->routine && strcmp(routine_id(x->routine), id) == 0)
            return &routine_get_settings(x->routine)->pain;
    }
    return NULL;
}

/* Milliseconds since 1970, now. */
static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* True when one of the first n items has this id. */
static bool item_taken(const menu_item *items, size_t n, const char *id)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i].id, id) == 0)
            return true;
    return false;
}

/* The menu's items from cat, after the n already made (the user's own
 * routines come first, and hide an installed one of the same id): each
 * routine, and each programme at the routine of its current phase;
 * entries[i] is the routine to run for item i. places holds the
 * programmes' spoken places. Returns the number of items now. */
static size_t build_items(catalog *cat, const history *h, menu_item *items,
                          const catalog_entry **entries, char (*places)[96], size_t n)
{
    for (size_t i = 0; cat && i < catalog_count(cat); i++) {
        const catalog_entry *e = catalog_get(cat, i);
        const catalog_entry *run = e;
        if (!e->ok || item_taken(items, n, e->programme ? programme_id(e->programme)
                                                       : e->routine ? routine_id(e->routine) : ""))
            continue;
        if (e->programme) {
            int week, weeks;
            const programme_phase *ph = phase_place(e->programme, h, now_ms(), rules_of, cat, &week, &weeks);
            run = NULL;
            for (size_t k = 0; ph && k < catalog_count(cat); k++) {
                const catalog_entry *x = catalog_get(cat, k);
                if (x->ok && x->routine && strcmp(routine_id(x->routine), ph->routine_id) == 0)
                    run = x;
            }
            if (!run)
                continue;
            char w[40], t[40];
            tmpl_number_words(w, sizeof w, week);
            tmpl_number_words(t, sizeof t, weeks);
            snprintf(places[n], sizeof places[n], "week %s of %s", w, t);
            items[n].place = places[n];
            items[n].id = programme_id(e->programme);
            items[n].title = programme_title(e->programme);
        } else if (e->routine) {
            items[n].place = NULL;
            items[n].id = routine_id(e->routine);
            items[n].title = routine_title(e->routine);
        } else {
            continue;
        }
        routine_estimate est = routine_estimate_default_path(run->routine);
        items[n].minutes = (int)lround(est.seconds / 60.0) < 1 ? 1 : (int)lround(est.seconds / 60.0);
        items[n].exercises = est.exercises;
        entries[n++] = run;
    }
    return n;
}

/* The item the user is likely to want: the programme or routine of the
 * last session (again), else day-one; -1 when neither is there. A
 * programme is suggested when the last session was one of its phases. */
static int suggestion(const history *h, const menu_item *items, const catalog_entry **entries,
                      size_t n, bool *again)
{
    *again = false;
    if (history_count(h) > 0) {
        const history_session *s = history_at(h, history_count(h) - 1);
        for (size_t i = 0; s->routine && i < n; i++)
            if (items[i].place && strcmp(routine_id(entries[i]->routine), s->routine) == 0)
                return (int)i;
        for (size_t i = 0; s->routine && i < n; i++)
            if (!items[i].place && strcmp(items[i].id, s->routine) == 0) {
                *again = true;
                return (int)i;
            }
    }
    for (size_t i = 0; i < n; i++)
        if (strcmp(items[i].id, "day-one") == 0)
            return (int)i;
    return -1;
}

/* Runs the session or says the history, as the menu's choice (live
 * only), with the menu's speaker, microphone and log. */
static int run_choice(const menu_opts *o, menu_choice c, const catalog_entry *e)
{
    if (c == MENU_START) {
        run_request rq = {.routine = e->path, .device = o->device, .mic = o->mic,
                          .log_dir = o->log_dir, .no_mic = o->no_mic, .no_log = o->no_log};
        return cli_run_session(&rq);
    }
    if (o->no_log)
        return 0; /* nothing kept, nothing to tell */
    history_request hq = {.log_dir = o->log_dir, .device = o->device};
    return cli_history_speak(&hq);
}

int cli_menu(int argc, char **argv)
{
    menu_opts o;
    int rc = parse_menu(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    char spath[4096];
    settings st = load_settings(spath, sizeof spath);
    coach_diags *d = coach_diags_create();
    catalog *cat = NULL;
    const char *dir = o.routines ? o.routines : cli_default_routines_dir();
    coach_err err = catalog_open(dir, NULL, &cat, d);
    if (err) {
        coach_diags_print(d, stderr);
        coach_diags_destroy(d);
        return coach_err_exit_code(err);
    }
    /* the user's own routines, listed first (not with --routines DIR) */
    catalog *own = NULL;
    const char *mine = o.routines ? NULL : cli_user_routines_dir();
    if (mine && catalog_open(mine, cli_library_for(mine), &own, d) != COACH_OK) {
        coach_diags_print(d, stderr); /* theirs is broken: the installed ones still serve */
        catalog_destroy(own);
        own = NULL;
    }
    coach_diags_destroy(d);
    size_t total = catalog_count(cat) + (own ? catalog_count(own) : 0) + 1;
    menu_item *items = calloc(total, sizeof *items);
    const catalog_entry **entries = calloc(total, sizeof *entries);
    char(*places)[96] = calloc(total, sizeof *places);
    history *h = load_history(&o);
    if (!items || !entries || !places || !h) {
        free(items);
        free(entries);
        free(places);
        history_destroy(h);
        catalog_destroy(own);
        catalog_destroy(cat);
        return EXIT_SOFTWARE;
    }
    size_t n = build_items(cat, h, items, entries, places, build_items(own, h, items, entries, places, 0));
    script *sc = NULL;
    if (o.script) {
        d = coach_diags_create();
        err = script_load(o.script, COACH_FRAME_RATE, &sc, d);
        coach_diags_print(d, stderr);
        coach_diags_destroy(d);
        if (err) {
            free(items);
            free(entries);
            free(places);
            history_destroy(h);
            catalog_destroy(own);
            catalog_destroy(cat);
            return coach_err_exit_code(err);
        }
    }
    menu_run r = {0};
    r.cfg.items = items;
    r.cfg.n = n;
    r.cfg.suggested = suggestion(h, items, entries, n, &r.cfg.suggested_again);
    r.cfg.settings = &st;
    r.cfg.offer_history = true;
    r.cfg.sample_rate = COACH_FRAME_RATE;
    for (;;) {
        menu_choice c;
        int item;
        rc = run_menu(&o, &r, sc, &c, &item);
        if (o.dry_run)
            break; /* a preview: settings changed in it are not kept */
        if (rc == EXIT_UNAVAILABLE && !o.out)
            cli_error("the spoken menu needs a sound output; 'coach menu --dry-run --transcript' "
                      "shows what it says, and 'coach --help' lists the commands");
        if (r.outcome.changed && spath[0]) {
            d = coach_diags_create();
            if (settings_save(spath, &st, d) != COACH_OK) {
                coach_diags_print(d, stderr);
                rc = rc ? rc : EXIT_IOERR;
            }
            coach_diags_destroy(d);
        }
        if (rc || o.out || c == MENU_QUIT)
            break; /* a render ends where the session would begin */
        rc = run_choice(&o, c, c == MENU_START ? entries[item] : NULL);
        if (rc && rc != EXIT_UNAVAILABLE)
            break;
        r.cfg.returning = true;
        /* the log has the new session: the programmes' weeks and the
         * suggestion move on */
        history_destroy(h);
        h = load_history(&o);
        if (!h) {
            rc = EXIT_SOFTWARE;
            break;
        }
        r.cfg.n = build_items(cat, h, items, entries, places, build_items(own, h, items, entries, places, 0));
        r.cfg.suggested = suggestion(h, items, entries, r.cfg.n, &r.cfg.suggested_again);
        script_destroy(sc);
        sc = NULL; /* a script drives the first menu only */
    }
    script_destroy(sc);
    free(items);
    free(entries);
    free(places);
    history_destroy(h);
    catalog_destroy(own);
    catalog_destroy(cat);
    return rc;
}

int cli_config(int argc, char **argv)
{
    (void)argv;
    if (argc > 0) {
        cli_error("config takes no arguments; it prints your settings");
        return EXIT_USAGE;
    }
    char path[4096];
    settings st = settings_default();
    coach_diags *d = coach_diags_create();
    coach_err err = settings_default_path(path, sizeof path, d);
    if (!err)
        err = settings_load(path, &st, d);
    coach_diags_print(d, stderr);
    coach_diags_destroy(d);
    if (err)
        return coach_err_exit_code(err);
    printf("# %s\n", path);
    settings_write(&st, stdout);
    return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}
