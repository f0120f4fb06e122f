/* cmd_history.c: `coach history`: the session log summarised, spoken and
 * printed; as JSON; exported as FHIR for the clinic; or as an HTML report
 * (docs/data.md, docs/export.md). */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "../core/fileio.h"
#include "keys.h"
#include "options.h"
#include "../core/defaults.h"
#include "../driver/host.h"
#include "../session/monologue.h"
#include "../store/export_fhir.h"
#include "../store/history.h"
#include "../store/journal.h"
#include "../store/report_html.h"
#include "../store/summary.h"

typedef struct history_opts {
    const char *log_dir, *export_fhir, *report, *out, *device, *now;
    bool json, quiet;
    int rate, volume;
} history_opts;

static const char history_usage[] =
    "usage: coach history [--log-dir DIR] [--json | --quiet] [--out FILE.wav]\n"
    "                     [--device NAME] [--rate WPM] [--volume 0-100] [--now TIME]\n"
    "       coach history --export fhir FILE [--log-dir DIR]\n"
    "       coach history --report FILE.html [--log-dir DIR]\n"
    "  With no option it says and prints a short summary of your sessions: how many\n"
    "  in the last 7 and 30 days, your pain before and after them, the exercise you\n"
    "  skipped most, where each exercise is now, and your latest weekly tracking\n"
    "  answers (morning stiffness, sitting, walking, confidence).\n"
    "  --log-dir DIR     the session log's folder (default: ~/.local/state/coach)\n"
    "  --json            print the summary as JSON, and say nothing\n"
    "  --quiet           print the summary, and say nothing\n"
    "  --out FILE.wav    say it into a WAV file instead of the speaker\n"
    "  --export fhir FILE  write pain ratings and tracking answers as FHIR R4, for\n"
    "                      your clinic\n"
    "  --report FILE.html  write a printable page with charts of pain and doses\n"
    "  --now TIME        count the days to TIME (ISO 8601), not to now\n";

/* --export fhir FILE: the format, then the file (the argument after). */
static int history_export(cli_args *a, const cli_option *opt, void *target, const char *value)
{
    (void)opt;
    const char *file = NULL;
    if (strcmp(value, "fhir") != 0 || !(file = cli_args_take(a))) {
        cli_error("--export takes a format and a file: --export fhir FILE");
        return EXIT_USAGE;
    }
    *(const char **)target = file;
    return 0;
}

static const cli_option history_options[] = {
    CLI_FLAG(history_opts, "--json", json),          CLI_FLAG(history_opts, "--quiet", quiet),
    CLI_STRING(history_opts, "--log-dir", log_dir),  CLI_STRING(history_opts, "--report", report),
    CLI_STRING(history_opts, "--out", out),          CLI_STRING(history_opts, "--device", device),
    CLI_STRING(history_opts, "--now", now),
    CLI_INT(history_opts, "--rate", rate, 80, 450),
    CLI_INT(history_opts, "--volume", volume, 0, 100),
    {"--export", CLI_OPT_CALL, offsetof(history_opts, export_fhir), 0, 0, history_export, NULL},
    CLI_END,
};
static const cli_spec history_spec = {"history", "history", history_options, false};

/* The options with nothing said: the defaults. */
static void history_opts_default(history_opts *o)
{
    memset(o, 0, sizeof *o);
    o->volume = -1;
}

/* Reads the options; 0 to go on, -1 after --help, else an exit code. */
static int parse_history(int argc, char **argv, history_opts *o)
{
    history_opts_default(o);
    int rc = cli_args_parse(&history_spec, o, argc, argv);
    if (rc == CLI_ARGS_HELP) {
        fputs(history_usage, stdout);
        return -1;
    }
    if (rc)
        return rc;
    if (o->json && o->quiet) {
        cli_error("--json and --quiet both print without speaking: choose one");
        return EXIT_USAGE;
    }
    if (o->out && (o->json || o->quiet)) {
        cli_error("--out says the summary into a file; --json and --quiet say nothing");
        return EXIT_USAGE;
    }
    return 0;
}

typedef struct speech {
    const summary *sum;
    int rate;
} speech;

/* The player's program: the summary's sentences. */
static coach_err make_speech(void *ctx, action_measure measure, void *measure_ctx, program *out)
{
    const speech *sp = ctx;
    const char *lines[SUMMARY_MAX];
    for (int i = 0; i < sp->sum->n_sentences; i++)
        lines[i] = sp->sum->sentences[i];
    return monologue_create(lines, (size_t)sp->sum->n_sentences, sp->rate, COACH_FRAME_RATE, measure,
                            measure_ctx, out);
}

/* Says the summary on the speaker (or into --out); with no speaker, says
 * so: the summary is printed already. */
static int speak(const history_opts *o, const summary *sum)
{
    speech sp = {sum, o->rate > 0 ? o->rate : COACH_DEFAULT_RATE};
    host_config hc = {0};
    hc.make = make_speech;
    hc.make_ctx = &sp;
    player_config *cfg = &hc.play;
    cfg->rate = sp.rate;
    cfg->volume = o->volume >= 0 ? o->volume : COACH_DEFAULT_VOLUME;
    cli_sound_config(cfg, &(cli_sound){.out = o->out, .device = o->device, .no_mic = true});
    if (!o->out) {
        cfg->live_note = keys_open() ? KEYS_SESSION_NOTE : NULL;
        hc.read_key = keys_read;
    }
    coach_diags *d = coach_diags_create();
    host_report hr;
    coach_err err = host_run(&hc, &hr, d);
    const player_report rep = hr.play;
    keys_close();
    int rc = 0;
    if (err == COACH_ERR_UNAVAILABLE && !o->out && !o->device) {
        fputs("coach: no sound output device, so the summary above is printed only "
              "(--out FILE.wav says it into a file)\n", stderr);
    } else if (err) {
        coach_diags_print(d, stderr);
        rc = coach_err_exit_code(err);
    } else if (o->out) {
        fprintf(stderr, "coach: said the summary (%.0f seconds) into %s\n", rep.seconds, o->out);
    }
    coach_diags_destroy(d);
    return rc;
}

/* Writes the FHIR export or the report to path ("-": standard output):
 * never onto the log itself (log), and through a temporary file (0600)
 * renamed into place, so a failure leaves path as it was. */
static int write_file(const char *path, const char *log, const history *h, bool fhir)
{
    bool std = strcmp(path, "-") == 0;
    coach_diags *d = coach_diags_create();
    coach_output *out = NULL;
    FILE *f = stdout;
    coach_err err = std ? COACH_OK : coach_output_open(path, log, &out, &f, d);
    if (!err)
        err = fhir ? export_fhir_write(h, f, d) : report_html_write(h, f, d);
    if (out && !err)
        err = coach_output_commit(out, d);
    else
        coach_output_abort(out);
    coach_diags_print(d, stderr);
    coach_diags_destroy(d);
    if (err)
        return coach_err_exit_code(err);
    if (!std) {
        size_t ratings = 0, answers = 0;
        for (size_t i = 0; i < history_count(h); i++) {
            const history_session *s = history_at(h, i);
            ratings += s->n_pains;
            for (size_t k = 0; k < s->n_tracking; k++)
                answers += s->tracking[k].value >= 0;
        }
        if (fhir && answers)
            fprintf(stderr, "coach: wrote %zu pain rating%s and %zu tracking answer%s from %zu "
                            "session%s to %s (FHIR R4)\n",
                    ratings, ratings == 1 ? "" : "s", answers, answers == 1 ? "" : "s",
                    history_count(h), history_count(h) == 1 ? "" : "s", path);
        else if (fhir)
            fprintf(stderr, "coach: wrote %zu pain rating%s from %zu session%s to %s (FHIR R4)\n",
                    ratings, ratings == 1 ? "" : "s", history_count(h),
                    history_count(h) == 1 ? "" : "s", path);
        else
            fprintf(stderr, "coach: wrote the report of %zu session%s to %s\n", history_count(h),
                    history_count(h) == 1 ? "" : "s", path);
    }
    return 0;
}

/* The summary (or the export, or the report) that the options o ask for;
 * a sysexits code. */
static int history_run(const history_opts *given)
{
    const history_opts o = *given;
    int rc = 0;
    int64_t now_ms;
    if (o.now) {
        now_ms = history_parse_time(o.now);
        if (now_ms < 0) {
            cli_error("--now must be a time such as 2026-11-21T09:00:00+01:00, not '%s'", o.now);
            return EXIT_USAGE;
        }
    } else {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        now_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    }
    coach_diags *d = coach_diags_create();
    char dir[4096], path[4200];
    coach_err err = COACH_OK;
    if (o.log_dir)
        snprintf(dir, sizeof dir, "%s", o.log_dir);
    else
        err = journal_default_dir(dir, sizeof dir, d);
    history *h = NULL;
    if (!err) {
        snprintf(path, sizeof path, "%s/%s", dir, JOURNAL_FILE);
        err = history_load(path, &h, d);
    }
    if (err) {
        coach_diags_print(d, stderr);
        coach_diags_destroy(d);
        return err == COACH_ERR_UNAVAILABLE ? EXIT_IOERR : coach_err_exit_code(err);
    }
    coach_diags_destroy(d);
    if (history_bad_lines(h))
        fprintf(stderr, "coach: %zu line%s of %s %s not a complete record (a crash, or an edit) "
                        "and %s skipped\n",
                history_bad_lines(h), history_bad_lines(h) == 1 ? "" : "s", path,
                history_bad_lines(h) == 1 ? "is" : "are", history_bad_lines(h) == 1 ? "was" : "were");
    if (o.export_fhir || o.report) {
        if (o.export_fhir)
            rc = write_file(o.export_fhir, path, h, true);
        if (!rc && o.report)
            rc = write_file(o.report, path, h, false);
        history_destroy(h);
        return rc;
    }
    summary *sum = malloc(sizeof *sum);
    if (!sum) {
        history_destroy(h);
        return EXIT_SOFTWARE;
    }
    summary_make(h, now_ms, sum);
    if (o.json) {
        summary_write_json(sum, stdout);
    } else {
        for (int i = 0; i < sum->n_sentences; i++)
            printf("%s\n", sum->sentences[i]);
    }
    if (fflush(stdout) != 0)
        rc = EXIT_IOERR;
    if (!rc && !o.json && !o.quiet)
        rc = speak(&o, sum);
    free(sum);
    history_destroy(h);
    return rc;
}

int cli_history_speak(const history_request *rq)
{
    history_opts o;
    history_opts_default(&o);
    o.log_dir = rq->log_dir;
    o.device = rq->device;
    return history_run(&o);
}

int cli_history(int argc, char **argv)
{
    history_opts o;
    int rc = parse_history(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    return history_run(&o);
}
