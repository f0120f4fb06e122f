/* cmd_run.c: `coach run ROUTINE`: a session, live or rendered to a WAV
 * file, logged (docs/data.md) and built on the last one (progression); a
 * dry run prints the session's timeline (or a transcript) at once;
 * --outline prints the routine's steps. */
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "keys.h"
#include "options.h"
#include "coach/routine.h"
#include "../routine/catalog.h"
#include "../core/defaults.h"
#include "../core/timeline.h"
#include "../driver/host.h"
#include "../session/engine.h"
#include "../session/limit.h"
#include "../session/script.h"
#include "../store/journal.h"
#include "../session/recall.h"
#include "../store/settings.h"

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
    const step_list *seen[128]; /* more than a routine's branches (100) */
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
                    if (p->n < 128)
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

typedef struct run_opts {
    const char *routine, *script, *timeline, *device, *out, *in, *echo, *log_dir, *voice, *mic;
    const char *listening_arg; /* --listening MODE, or NULL: the user's setting */
    int listening;         /* LISTENING_*: --listening, else the user's setting */
    bool dry_run, no_log, transcript, outline, stats, no_mic, no_aec;
    int rate, volume;
    int detail;            /* SESSION_DETAIL_*, from the user's settings */
    bool ask_next_day;     /* from the user's settings */
    char voice_buf[64];
} run_opts;

static const char run_usage[] =
    "usage: coach run ROUTINE [--dry-run [--transcript]] [--script FILE]\n"
    "                 [--timeline FILE] [--rate WPM] [--volume 0-100] [--voice NAME]\n"
    "                 [--outline] [--stats]\n"
    "                 [--device NAME] [--mic NAME | --no-mic]\n"
    "                 [--out FILE.wav [--in MIC.wav] [--echo ROOM.wav]]\n"
    "                 [--no-log] [--log-dir DIR] [--listening MODE]\n"
    "  --dry-run      run the session with no audio and print its timeline\n"
    "                 (JSON Lines) at once; --transcript prints what is said\n"
    "  --script FILE  a simulated user: lines of 'SECONDS TEXT'\n"
    "  --timeline FILE  also write the timeline to FILE\n"
    "  --outline      print the routine's steps and exit\n"
    "  --stats        print timing and audio figures at the end\n"
    "  --device NAME  the speaker; --mic NAME the microphone ('coach devices')\n"
    "  --no-mic       do not listen: keys and --script still work\n"
    "  --listening MODE  open (every command), attention (commands only after\n"
    "                 'coach': \"coach, skip\"; answers and red flags need no\n"
    "                 'coach'), or keys (no listening at all); default: the\n"
    "                 'listening' setting ('coach config'), else open\n"
    "  --out FILE.wav render the session to a file, as fast as it can\n"
    "  --in MIC.wav   with --out: a recording heard as the microphone; without\n"
    "                 --echo, one that does not hear the coach (headphones)\n"
    "  --echo ROOM.wav  with --out: a simulated room, a mono impulse response WAV\n"
    "                 (any rate; its leading silence is the delay, its level the\n"
    "                 gain): the microphone also hears the session's own sound\n"
    "                 through it; without --in it hears that echo alone\n"
    "  --no-aec       do not cancel the coach's own echo from what it hears (live,\n"
    "                 --in and --echo; for measuring); --stats gives the canceller's figures\n"
    "  --log-dir DIR  keep the session log in DIR (default: ~/.local/state/coach)\n"
    "  --no-log       neither read nor write the log: no progression, nothing kept\n";

static const cli_option run_options[] = {
    CLI_FLAG(run_opts, "--dry-run", dry_run),     CLI_FLAG(run_opts, "--no-log", no_log),
    CLI_FLAG(run_opts, "--transcript", transcript), CLI_FLAG(run_opts, "--outline", outline),
    CLI_FLAG(run_opts, "--stats", stats),         CLI_FLAG(run_opts, "--no-mic", no_mic),
    CLI_FLAG(run_opts, "--no-aec", no_aec),
    CLI_STRING(run_opts, "--script", script),     CLI_STRING(run_opts, "--timeline", timeline),
    CLI_STRING(run_opts, "--device", device),     CLI_STRING(run_opts, "--out", out),
    CLI_STRING(run_opts, "--in", in),             CLI_STRING(run_opts, "--echo", echo),
    CLI_STRING(run_opts, "--log-dir", log_dir),
    CLI_STRING(run_opts, "--voice", voice),       CLI_STRING(run_opts, "--mic", mic),
    CLI_STRING(run_opts, "--listening", listening_arg),
    CLI_INT(run_opts, "--rate", rate, 80, 450),
    CLI_INT(run_opts, "--volume", volume, 0, 100),
    CLI_END,
};
static const cli_spec run_spec = {"run", "run", run_options, false};

/* The options of a session with nothing said: the defaults. */
static void run_opts_default(run_opts *o)
{
    memset(o, 0, sizeof *o);
    o->volume = -1;
}

/* Says which options do not go together; 0 when they do, else 64. */
static int run_opts_check(const run_opts *o)
{
    if (!o->routine) {
        cli_error("run needs a routine: a file such as routines/day-one.yaml, or an id such as day-one");
        return EXIT_USAGE;
    }
    if (o->out && o->dry_run) {
        cli_error("--out renders audio, --dry-run renders none: choose one");
        return EXIT_USAGE;
    }
    if (o->in && !o->out) {
        cli_error("--in (a WAV file as the microphone) goes with --out; a live session "
                  "listens to the microphone (--mic NAME chooses it)");
        return EXIT_USAGE;
    }
    if (o->echo && !o->out) {
        cli_error("--echo (a simulated room) goes with --out; a live session hears the real one");
        return EXIT_USAGE;
    }
    if (o->transcript && !o->dry_run) {
        cli_error("--transcript goes with --dry-run");
        return EXIT_USAGE;
    }
    if (o->listening_arg && cli_listening_parse(o->listening_arg) < 0) {
        cli_error("--listening takes open, attention or keys, not '%s'", o->listening_arg);
        return EXIT_USAGE;
    }
    if (cli_input_check(o->in, "--in") || cli_input_check(o->echo, "--echo"))
        return EXIT_NOINPUT;
    return cli_voice_check(o->voice, "--voice", 0, 0, COACH_ERR_USAGE);
}

/* Reads `coach run`'s arguments into o: 0 to go on, -1 after --help, else
 * an exit code after the message. The routine may stand anywhere. */
static int parse_run(int argc, char **argv, run_opts *o)
{
    run_opts_default(o);
    cli_args a;
    const char *arg;
    int rc;
    cli_args_begin(&a, &run_spec, o, argc, argv);
    while ((rc = cli_args_next(&a, &arg)) == CLI_ARGS_POSITIONAL) {
        if (arg[0] == '-')
            return cli_args_unknown(&run_spec, arg); /* a lone "-" */
        if (o->routine) {
            cli_error("run takes one routine; try 'coach run --help'");
            return EXIT_USAGE;
        }
        o->routine = arg;
    }
    if (rc == CLI_ARGS_HELP) {
        fputs(run_usage, stdout);
        return -1;
    }
    return rc ? rc : run_opts_check(o);
}

static const routine *find_cb(void *ctx, const char *id)
{
    return catalog_find_routine(ctx, id);
}

/* What the session is made of: the routine, the options and the last session. */
typedef struct run_make {
    const run_opts *o;
    const routine *r;
    catalog *cat;
    const session_last *last;
    bool keys;
    program_limiter *lim; /* the session's wrapper, to say that the log failed */
} run_make;

/* The host's program: a session of the routine. */
static coach_err make_session(void *ctx, action_measure measure, void *measure_ctx, program *out)
{
    run_make *m = ctx;
    session_config sc = session_config_default();
    sc.routine = m->r;
    sc.rate = m->o->rate;
    sc.volume = m->o->volume;
    sc.measure = measure;
    sc.measure_ctx = measure_ctx;
    sc.find_routine = find_cb;
    sc.find_ctx = m->cat;
    sc.keys = m->keys;
    sc.attention = m->o->listening == LISTENING_ATTENTION;
    sc.last = *m->last;
    sc.detail = m->o->detail;
    session *s = NULL;
    coach_err err = session_create(&sc, &s);
    if (!err)
        err = program_limit(session_program(s), SESSION_MAX_S, sc.sample_rate, measure, measure_ctx,
                            sc.rate > 0 ? sc.rate : routine_get_settings(m->r)->rate, out, &m->lim);
    return err;
}

typedef struct log_ctx {
    journal *j;
    coach_diags *d;
    run_make *m;
    bool told; /* the user has heard that the log failed */
    int open;  /* sessions begun and not ended (a handover begins the next) */
} log_ctx;

/* Appends each event to the session log (before the timeline gets it); the
 * first failure is said aloud at once: the session goes on unsaved. */
static void log_action(void *ctx, const action *a)
{
    log_ctx *l = ctx;
    if (a->type == ACTION_EVENT && a->name && strcmp(a->name, "session_start") == 0)
        l->open++;
    else if (a->type == ACTION_EVENT && a->name && strcmp(a->name, "session_end") == 0 && l->open > 0)
        l->open--;
    if (!l->j)
        return;
    if (journal_event(l->j, a, l->d) == COACH_ERR_IO && !l->told) {
        l->told = true;
        program_limiter_say(l->m->lim, T_LOG_FAILED);
    }
}

/* Prints the figures of a session with sound (--stats). */
static void print_stats(const run_opts *o, const host_report *hr)
{
    const player_report *rep = &hr->play;
    int s = (int)(rep->seconds + 0.5);
    fprintf(stderr, "coach: stats: session %d:%02d in %.2f s (%.0fx real time)", s / 60, s % 60,
            rep->wall_seconds, rep->wall_seconds > 0 ? rep->seconds / rep->wall_seconds : 0);
    if (!o->out)
        fprintf(stderr, "; launch to first sound %.0f ms (output latency %.1f ms)",
                rep->first_sound * 1000, rep->output_latency * 1000);
    fprintf(stderr, "; underflows %llu, late %llu", rep->underflows, rep->late);
    if (rep->late)
        fprintf(stderr, " (the most by %.1f ms, due at %.2f s)", rep->late_by * 1000, rep->late_at);
    fprintf(stderr, ", dropped %llu, limited samples %llu; "
                    "speech clips made %llu (%llu ahead of their turn), cache hits %llu; utterances "
                    "heard %llu, set aside %llu, microphone blocks lost %llu\n",
            rep->dropped, rep->limited, rep->clips_made,
            rep->clips_ahead, rep->cache_hits, hr->heard, hr->rejected, rep->mic_overruns);
    if (rep->aec && rep->aec_converged_s >= 0)
        fprintf(stderr, "coach: stats: echo cancelling converged after %.1f s of playback; "
                        "echo return loss enhancement %.1f dB; ducked under the user %llu times; "
                        "playback blocks it missed %llu; microphone samples at full scale %llu; "
                        "louder after it than before %.2f s; canceller %s\n",
                rep->aec_converged_s, rep->erle_db, rep->ducks, rep->playback_lost, rep->mic_clipped,
                rep->aec_worse_s, rep->aec_name);
    else if (rep->aec)
        fprintf(stderr, "coach: stats: echo cancelling never converged; canceller %s\n", rep->aec_name);
    if (rep->aec && rep->aec_inaudible_s > 0)
        fprintf(stderr, "coach: stats: the coach's echo was not heard at the microphone for %.1f s "
                        "of its playback: nothing to cancel, and the user was heard over the coach "
                        "without the half-duplex gate\n",
                rep->aec_inaudible_s);
    if (rep->aec && rep->voices > 0)
        fprintf(stderr, "coach: stats: at the microphone the coach's echo was %+.1f dB over the user's "
                        "voice (from %d command%s)\n",
                rep->echo_over_voice_db, rep->voices, rep->voices == 1 ? "" : "s");
}

/* A session with sound stopped by a signal (SIGINT, SIGTERM, SIGHUP,
 * SIGQUIT): it ends at the player's next turn (a render's WAV file
 * finished and put in place, the terminal restored), and is logged as
 * ended, interrupted. A second signal ends the process at once. */
static volatile sig_atomic_t stop_signal;

static void on_stop_signal(int sig)
{
    if (stop_signal) { /* a second one: the session is not stopping; end now */
        keys_restore_now();
        signal(sig, SIG_DFL);
        raise(sig);
    }
    stop_signal = sig;
}

/* The player's tick: false once a signal came. */
static bool stop_tick(void *ctx)
{
    (void)ctx;
    return !stop_signal;
}

/* Catches the signals that stop a session cleanly. */
static void stop_catch_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sigaction(SIGQUIT, &sa, NULL);
}

/* What a session with sound says at its end on stderr. */
static void report_end(const run_opts *o, const host_report *hr)
{
    const player_report *rep = &hr->play;
    if (o->out) {
        int s = (int)(rep->seconds + 0.5);
        fprintf(stderr, "coach: rendered the session (%d:%02d) to %s in %.1f seconds\n", s / 60,
                s % 60, o->out, rep->wall_seconds);
    } else if (rep->underflows || rep->late) {
        fprintf(stderr, "coach: the sound output ran short %llu times; %llu sounds started late\n",
                rep->underflows, rep->late);
    }
    /* 10 ms or more at full scale: the echo (or the user) clipped the
     * microphone, and what clipped cannot be cancelled */
    if (rep->aec && rep->mic_clipped >= 160)
        fprintf(stderr, "coach: the microphone was at full scale for %.2f s: a clipped echo "
                        "cannot be cancelled, so commands said over the coach may be missed; "
                        "lower the microphone's gain or the coach's volume%s\n",
                (double)rep->mic_clipped / 16000.0, o->echo ? " (or the room's gain)" : "");
    /* the coach much louder at the microphone than the user (cli.h) */
    if (rep->aec && rep->voices >= CLI_ECHO_VOICES && rep->echo_over_voice_db > CLI_ECHO_OVER_VOICE_DB)
        fprintf(stderr, "coach: at the microphone the coach's voice was %.0f dB louder than yours "
                        "(from %d commands), so commands said while it talks are often "
                        "missed; turn it down (say \"softer\") or bring the microphone closer "
                        "to you%s\n",
                rep->echo_over_voice_db, rep->voices, o->echo ? " (or lower the room's gain)" : "");
    if (o->stats)
        print_stats(o, hr);
}

/* Runs the session: a dry run (the timeline, or a transcript, on stdout at
 * once), into a WAV file with --out, or live; each event is logged to j
 * (NULL: --no-log, or a dry run). */
static int run_session(const run_opts *o, const routine *r, catalog *cat, const session_last *last,
                       journal *j)
{
    coach_diags *d = coach_diags_create();
    script *sc = NULL;
    FILE *tl = NULL;
    if (o->script) {
        coach_err err = script_load(o->script, COACH_FRAME_RATE, &sc, d);
        if (err) {
            coach_diags_print(d, stderr);
            coach_diags_destroy(d);
            return coach_err_exit_code(err);
        }
    }
    int trc = cli_timeline_open(o->timeline, o->log_dir, &tl);
    if (trc) {
        script_destroy(sc);
        coach_diags_destroy(d);
        return trc;
    }
    const routine_settings *rs = routine_get_settings(r);
    run_make m = {o, r, cat, last, false, NULL};
    host_config hc = {0};
    hc.make = make_session;
    hc.make_ctx = &m;
    hc.voice = o->voice ? o->voice : rs->voice;
    hc.script = sc;
    hc.dry = o->dry_run;
    hc.timeline = tl;
    hc.json = o->dry_run && !o->transcript ? stdout : NULL;
    hc.transcript = o->transcript ? stdout : NULL;
    player_config *pc = &hc.play;
    pc->rate = o->rate > 0 ? o->rate : rs->rate;
    pc->volume = o->volume >= 0 ? o->volume : rs->volume;
    cli_sound_config(pc, &(cli_sound){o->out, o->in, o->echo, o->device, o->mic, o->no_mic});
    cli_listening_apply(&hc, o->listening);
    pc->cancel_echo = !o->no_aec;
    if (!o->out && !o->dry_run) {
        m.keys = keys_open();
        hc.read_key = keys_read;
        pc->live_note = m.keys ? KEYS_SESSION_NOTE : NULL;
    }
    if (!o->dry_run) { /* after keys_open: these signals end the session, not the process */
        stop_catch_signals();
        pc->tick = stop_tick;
    }
    coach_diags *log_diags = coach_diags_create();
    log_ctx lc = {j, log_diags, &m, false, 0};
    hc.on_action = log_action;
    hc.action_ctx = &lc;
    host_report rep;
    coach_err err = host_run(&hc, &rep, d);
    keys_close();
    int rc = 0;
    if ((stop_signal || err) && lc.open > 0) {
        /* the session did not end (a signal, or the sound output lost or
         * stuck): the log says so, as a session that ends */
        action end = action_event("session_end", (uint64_t)(rep.play.seconds * COACH_FRAME_RATE));
        end.reason = "interrupted";
        if (j)
            journal_event(j, &end, log_diags);
        if (tl)
            timeline_write_json(tl, &end, COACH_FRAME_RATE);
    }
    if (stop_signal) {
        if (o->out)
            cli_error("stopped by a signal: the session so far is in %s", o->out);
        else
            cli_error("stopped by a signal");
        rc = 128 + (int)stop_signal;
    }
    if (coach_diags_count(log_diags) > 0) { /* the log failed mid-session */
        coach_diags_print(log_diags, stderr);
        if (!err)
            rc = EXIT_IOERR;
    }
    coach_diags_destroy(log_diags);
    coach_diags_print(d, stderr); /* the error, or what was said on the way (a room cut short) */
    if (err && !stop_signal) /* stopped by a signal: its status, whatever stopping met */
        rc = coach_err_exit_code(err);
    else if (!o->dry_run && !stop_signal)
        report_end(o, &rep);
    if (tl && fclose(tl) != 0 && rc == 0) {
        cli_error("writing the timeline to %s failed", o->timeline);
        rc = EXIT_IOERR;
    }
    if (o->dry_run && fflush(stdout) != 0 && rc == 0)
        rc = EXIT_IOERR;
    script_destroy(sc);
    coach_diags_destroy(d);
    return rc;
}

/* Milliseconds since 1970, from the wall clock. */
static int64_t wall_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Reads the last session from the log (unless --no-log), opens the log for
 * this one (not for a dry run: a preview keeps nothing), and runs it. */
/* The user's settings (docs/menu.md) under what the command line says: a
 * file with problems is reported, and the defaults are used. */
static void apply_settings(run_opts *o)
{
    char path[4096];
    settings st = settings_default();
    coach_diags *d = coach_diags_create();
    if (settings_default_path(path, sizeof path, NULL) == COACH_OK &&
        settings_load(path, &st, d) != COACH_OK) {
        coach_diags_print(d, stderr);
        cli_error("using the default settings ('coach config' shows them)");
        st = settings_default();
    }
    coach_diags_destroy(d);
    if (o->rate == 0 && st.rate > 0)
        o->rate = st.rate;
    if (o->volume < 0 && st.volume >= 0)
        o->volume = st.volume;
    if (!o->voice && st.voice[0]) {
        snprintf(o->voice_buf, sizeof o->voice_buf, "%s", st.voice);
        o->voice = o->voice_buf;
    }
    o->detail = st.detail == DETAIL_BRIEF      ? SESSION_DETAIL_BRIEF
                : st.detail == DETAIL_DETAILED ? SESSION_DETAIL_DETAILED
                                               : SESSION_DETAIL_NORMAL;
    o->ask_next_day = st.ask_next_day;
    o->listening = o->listening_arg ? cli_listening_parse(o->listening_arg) : (int)st.listening;
}

static int run_with_log(const run_opts *given, const routine *r, catalog *cat, coach_diags *d)
{
    run_opts eff = *given;
    run_opts *o = &eff;
    apply_settings(o);
    session_last none = {false, NULL, 0, -1, true, false, false}; /* --no-log: nothing asked for the log */
    const session_last *last = &none;
    recall *mem = NULL;
    journal *j = NULL;
    char dir[4096], path[4200];
    coach_err err = COACH_OK;
    if (!o->no_log) {
        if (o->log_dir)
            snprintf(dir, sizeof dir, "%s", o->log_dir);
        else
            err = journal_default_dir(dir, sizeof dir, d);
        if (!err) {
            snprintf(path, sizeof path, "%s/%s", dir, JOURNAL_FILE);
            err = recall_load(path, routine_id(r), &mem, d);
        }
        if (!err && !o->dry_run)
            err = journal_open(dir, &j, d);
        if (err) {
            coach_diags_print(d, stderr);
            cli_error("the session did not start: its log cannot be kept (use --no-log to "
                      "run it without one)");
            recall_destroy(mem);
            return err == COACH_ERR_UNAVAILABLE || err == COACH_ERR_IO ? EXIT_IOERR
                                                                      : coach_err_exit_code(err);
        }
        last = recall_last(mem);
    }
    session_last asked = *last;
    asked.ask_next_day = o->ask_next_day;
    last = &asked;
    if (j)
        journal_begin(j, wall_ms(), COACH_FRAME_RATE, routine_id(r), routine_title(r));
    int rc = run_session(o, r, cat, last, j);
    journal_close(j);
    recall_destroy(mem);
    return rc;
}

int cli_load_routine(const char *name, catalog **cat, const routine **r)
{
    char path[4096], dir[4096];
    const char *library = NULL;
    /* a bare id names a routine of the user's own folder, else of the default one */
    const char *mine = cli_user_routines_dir();
    struct stat st;
    if (!strchr(name, '/') && !strstr(name, ".yaml")) {
        snprintf(path, sizeof path, "%s/%s.yaml", mine ? mine : "", name);
        if (mine && stat(path, &st) == 0)
            library = cli_library_for(mine);
        else
            snprintf(path, sizeof path, "%s/%s.yaml", cli_default_routines_dir(), name);
    } else {
        snprintf(path, sizeof path, "%s", name);
    }
    snprintf(dir, sizeof dir, "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    else
        snprintf(dir, sizeof dir, ".");
    /* a routine of the user's own folder, named by its path (the menu
     * does): the installed exercise library serves it too */
    if (!library && mine && strcmp(dir, mine) == 0)
        library = cli_library_for(mine);
    *cat = NULL;
    *r = NULL;
    coach_diags *d = coach_diags_create();
    coach_err err = d ? catalog_open(dir, library, cat, d) : COACH_ERR_NOMEM;
    if (err) {
        coach_diags_print(d, stderr);
        coach_diags_destroy(d);
        return coach_err_exit_code(err);
    }
    int rc = 0;
    const char *pbase = strrchr(path, '/');
    pbase = pbase ? pbase + 1 : path;
    for (size_t i = 0; i < catalog_count(*cat); i++) {
        const catalog_entry *e = catalog_get(*cat, i);
        const char *base = strrchr(e->path, '/');
        if (strcmp(base ? base + 1 : e->path, pbase) != 0)
            continue;
        if (!e->ok || !e->routine) {
            coach_diags_sort(d);
            coach_diags_print(d, stderr);
            cli_error("%s has problems (listed above); fix them and run 'coach check %s'", path, path);
            rc = EXIT_DATAERR;
        }
        *r = e->routine;
        if (*r && rc == 0) {
            const routine_settings *rs = routine_get_settings(*r);
            if (rs->voice_line)
                rc = cli_voice_check(rs->voice, e->path, rs->voice_line, rs->voice_column, COACH_ERR_DATA);
        }
        break;
    }
    if (!*r && rc == 0) {
        cli_error("%s: no such routine; 'coach list' shows the routines there are", path);
        rc = EXIT_NOINPUT;
    }
    coach_diags_destroy(d);
    return rc;
}

/* Loads o->routine and prints its outline, or runs the session; a
 * sysexits code. */
static int run_parsed(const run_opts *o)
{
    catalog *cat = NULL;
    const routine *r = NULL;
    int rc = cli_load_routine(o->routine, &cat, &r);
    coach_diags *d = coach_diags_create();
    if (rc == 0 && o->outline) {
        routine_estimate est = routine_estimate_default_path(r);
        char len[48];
        cli_format_minutes(est.seconds, len, sizeof len);
        printf("%s: %s, %d exercise%s.\n%s\n\n", routine_title(r), len, est.exercises,
               est.exercises == 1 ? "" : "s", routine_description(r));
        int number = 0;
        printed p = {.n = 0};
        print_steps(routine_steps(r), 2, &number, &p);
    } else if (rc == 0) {
        rc = run_with_log(o, r, cat, d);
    }
    catalog_destroy(cat);
    coach_diags_destroy(d);
    return rc;
}

int cli_run_session(const run_request *rq)
{
    run_opts o;
    run_opts_default(&o);
    o.routine = rq->routine;
    o.device = rq->device;
    o.mic = rq->mic;
    o.no_mic = rq->no_mic;
    o.no_log = rq->no_log;
    o.log_dir = rq->log_dir;
    int rc = run_opts_check(&o);
    return rc ? rc : run_parsed(&o);
}

int cli_run(int argc, char **argv)
{
    run_opts o;
    int prc = parse_run(argc, argv, &o);
    if (prc)
        return prc < 0 ? 0 : prc;
    return run_parsed(&o);
}
