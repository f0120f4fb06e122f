/* cmd_kiosk.c: `coach kiosk`: the unattended clinic kiosk (docs/kiosk.md).
 * Idle, a session of the kiosk's routine on "start" or the button, idle
 * again, for days. Public by nature: no session log is read or written,
 * no settings are read; only two anonymous counts are kept (printed after
 * each session, and written to --counts FILE). Live, it outlives its sound
 * output: when the stream dies or stalls it waits, silently, trying again
 * every two seconds, then idles again. Under systemd it reports READY,
 * feeds the watchdog from the player's control loop, and says STOPPING. */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../core/fileio.h"
#include "cli.h"
#include "keys.h"
#include "options.h"
#include "../core/defaults.h"
#include "../driver/host.h"
#include "../core/notify.h"
#include "../routine/catalog.h"
#include "../session/kiosk.h"
#include "../session/script.h"
#include "../core/timeline.h"

enum { RATE = COACH_FRAME_RATE };
#define RETRY_S 2.0     /* live: how often a lost sound output is tried again */
#define KIOSK_STALL_S 2.0 /* live: an output whose clock stands still this long is lost */
#define WATCHDOG_S 5.0  /* WATCHDOG=1 this often (the unit's WatchdogSec is 30) */

typedef struct kiosk_opts {
    const char *routine, *script, *timeline, *out, *in, *echo, *device, *mic, *counts;
    const char *listening_arg; /* --listening MODE; default attention */
    int listening;
    bool dry_run, no_mic, stats;
    int volume, invite_volume;
    double invite_every_min, abandon_after_s;
    unsigned long sessions;
} kiosk_opts;

static const char kiosk_usage[] =
    "usage: coach kiosk [--routine R]\n"
    "                   [--dry-run | --out FILE.wav [--in MIC.wav] [--echo ROOM.wav]]\n"
    "                   [--script FILE] [--timeline FILE] [--device NAME]\n"
    "                   [--mic NAME | --no-mic] [--volume 0-100] [--invite-every MIN]\n"
    "                   [--invite-volume 0-100] [--abandon-after SEC] [--counts FILE]\n"
    "                   [--sessions N] [--stats] [--listening MODE] [--no-log]\n"
    "  The unattended clinic kiosk (docs/kiosk.md): it waits quietly; on \"start\"\n"
    "  or any key (a big USB button) it runs a short routine (default: the desk\n"
    "  snack), then waits again. Nothing identifiable is kept: no session log, no\n"
    "  settings; only the number of sessions started and completed.\n"
    "  --routine R          the routine of every session (an id or a file)\n"
    "  --invite-every MIN   say a short invitation every MIN minutes while idle (0: never)\n"
    "  --invite-volume V    the invitation's volume at most (default 50)\n"
    "  --abandon-after SEC  a pause or a question with no word for SEC seconds ends\n"
    "                       the session, which counts as abandoned (default 60)\n"
    "  --counts FILE        keep the two counts in FILE (read at start, rewritten\n"
    "                       atomically after each session)\n"
    "  --sessions N         stop after N sessions (tests)\n"
    "  --listening MODE     attention (the default: a session's commands only\n"
    "                       after 'coach', as in \"coach, skip\"; \"start\", answers\n"
    "                       and red flags without it), open, or keys\n"
    "  --echo ROOM.wav      with --out: a simulated room (as in coach run --help)\n"
    "  --stats              add the memory in use (resident, kB), and how much louder\n"
    "                       the coach is than visitors at the microphone, to each\n"
    "                       counts line\n"
    "  --no-log             accepted, and changes nothing: the kiosk never logs\n"
    "  A dry run or a render ends once the script is used up and the kiosk is idle.\n";

/* A number option within bounds; false (after a message) when it is not one. */
static bool num_opt(const char *flag, const char *v, double lo, double hi, double *out)
{
    char *end;
    errno = 0;
    double x = strtod(v, &end);
    if (*v == '\0' || *end != '\0' || errno || !(x >= lo && x <= hi)) {
        cli_error("%s must be a number from %g to %g, not '%s'", flag, lo, hi, v);
        return false;
    }
    *out = x;
    return true;
}

/* --invite-every, --abandon-after: a number within the option's bounds. */
static int kiosk_number(cli_args *a, const cli_option *opt, void *target, const char *value)
{
    (void)a;
    return num_opt(opt->name, value, opt->lo, opt->hi, target) ? 0 : EXIT_USAGE;
}

/* A whole number within the option's bounds, into v; 0, or 64 after the
 * message. */
static int kiosk_whole(const cli_option *opt, const char *value, double *v)
{
    *v = 0;
    if (!num_opt(opt->name, value, opt->lo, opt->hi, v) || *v != floor(*v)) {
        if (*v != floor(*v))
            cli_error("%s must be a whole number, not '%s'", opt->name, value);
        return EXIT_USAGE;
    }
    return 0;
}

/* --volume, --invite-volume: a whole number into an int. */
static int kiosk_int(cli_args *a, const cli_option *opt, void *target, const char *value)
{
    (void)a;
    double v;
    int rc = kiosk_whole(opt, value, &v);
    if (!rc)
        *(int *)target = (int)v;
    return rc;
}

/* --sessions: a whole number into an unsigned long. */
static int kiosk_count(cli_args *a, const cli_option *opt, void *target, const char *value)
{
    (void)a;
    double v;
    int rc = kiosk_whole(opt, value, &v);
    if (!rc)
        *(unsigned long *)target = (unsigned long)v;
    return rc;
}

#define KIOSK_CALL(n, f, lo, hi, set) {n, CLI_OPT_CALL, offsetof(kiosk_opts, f), lo, hi, set, NULL}
static const cli_option kiosk_options[] = {
    CLI_FLAG(kiosk_opts, "--dry-run", dry_run),      CLI_FLAG(kiosk_opts, "--no-mic", no_mic),
    CLI_FLAG(kiosk_opts, "--stats", stats),
    {"--no-log", CLI_OPT_IGNORE, 0, 0, 0, NULL, NULL}, /* a kiosk never logs (GUIDE §4.3) */
    CLI_STRING(kiosk_opts, "--routine", routine),    CLI_STRING(kiosk_opts, "--script", script),
    CLI_STRING(kiosk_opts, "--timeline", timeline),  CLI_STRING(kiosk_opts, "--out", out),
    CLI_STRING(kiosk_opts, "--in", in),              CLI_STRING(kiosk_opts, "--device", device),
    CLI_STRING(kiosk_opts, "--echo", echo),
    CLI_STRING(kiosk_opts, "--mic", mic),            CLI_STRING(kiosk_opts, "--counts", counts),
    CLI_STRING(kiosk_opts, "--listening", listening_arg),
    KIOSK_CALL("--invite-every", invite_every_min, 0, 1440, kiosk_number),
    KIOSK_CALL("--abandon-after", abandon_after_s, 20, 3600, kiosk_number),
    KIOSK_CALL("--volume", volume, 0, 100, kiosk_int),
    KIOSK_CALL("--invite-volume", invite_volume, 0, 100, kiosk_int),
    KIOSK_CALL("--sessions", sessions, 1, 1000000000, kiosk_count),
    CLI_END,
};
static const cli_spec kiosk_spec = {"kiosk", "the kiosk", kiosk_options, false};

/* Reads the kiosk's options; 0 to go on, -1 after --help, else an exit
 * code after the message. */
static int parse_kiosk(int argc, char **argv, kiosk_opts *o)
{
    memset(o, 0, sizeof *o);
    o->routine = "desk-snack";
    o->volume = -1;
    o->invite_volume = 50;
    o->abandon_after_s = 60;
    int rc = cli_args_parse(&kiosk_spec, o, argc, argv);
    if (rc == CLI_ARGS_HELP) {
        fputs(kiosk_usage, stdout);
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
    if (o->echo && !o->out) {
        cli_error("--echo (a simulated room) goes with --out; a live kiosk hears the real one");
        return EXIT_USAGE;
    }
    /* attention by default: a waiting room's talk is the kiosk's normal
     * background (docs/recognition.md has the figures) */
    o->listening = o->listening_arg ? cli_listening_parse(o->listening_arg) : LISTENING_ATTENTION;
    if (o->listening < 0) {
        cli_error("--listening takes open, attention or keys, not '%s'", o->listening_arg);
        return EXIT_USAGE;
    }
    if (cli_input_check(o->in, "--in") || cli_input_check(o->echo, "--echo"))
        return EXIT_NOINPUT;
    return 0;
}

/* ---- the counts ------------------------------------------------------------------ */

/* A count of the counts file: digits only (no sign: "-1" would wrap to a
 * huge number), at most a trillion; false otherwise. */
static bool count_parse(const char *s, unsigned long *out)
{
    if (!*s || strlen(s) > 12)
        return false;
    for (const char *p = s; *p; p++)
        if (*p < '0' || *p > '9')
            return false;
    *out = strtoul(s, NULL, 10);
    return *out <= 1000000000000ul;
}

/* Reads "STARTED COMPLETED" from path into c; a missing file is zero
 * counts. False (after a message) when the file holds anything else, or
 * is no regular file. */
static bool counts_read(const char *path, kiosk_counts *c)
{
    int fd;
    if (coach_open_read(path, COACH_OPEN_MISSING_OK, &fd, NULL) != COACH_OK)
        return false;
    if (fd < 0)
        return true;
    char buf[64];
    ssize_t n = read(fd, buf, sizeof buf - 1);
    close(fd);
    if (n < 0 || n == (ssize_t)sizeof buf - 1)
        return false;
    buf[n] = '\0';
    char a[32], b[32], extra;
    unsigned long s, d;
    if (sscanf(buf, " %31s %31s %c", a, b, &extra) != 2 || !count_parse(a, &s) ||
        !count_parse(b, &d) || d > s)
        return false;
    c->started = s;
    c->completed = d;
    return true;
}

/* Writes the counts to path atomically: a temporary file beside it,
 * flushed to disk, renamed over it. */
static bool counts_write(const char *path, const kiosk_counts *c)
{
    char tmp[4200], text[64];
    snprintf(tmp, sizeof tmp, "%s.tmp", path);
    int len = snprintf(text, sizeof text, "%lu %lu\n", c->started, c->completed);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return false;
    bool ok = write(fd, text, (size_t)len) == len && fsync(fd) == 0;
    ok = close(fd) == 0 && ok;
    if (ok && rename(tmp, path) == 0)
        return true;
    unlink(tmp);
    return false;
}

/* The memory in use (resident), in kB; 0 when unknown. */
static unsigned long rss_kb(void)
{
    FILE *f = fopen("/proc/self/statm", "r");
    unsigned long size = 0, resident = 0;
    if (f) {
        if (fscanf(f, "%lu %lu", &size, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return resident * (unsigned long)(sysconf(_SC_PAGESIZE) / 1024);
}

/* ---- the run ----------------------------------------------------------------------- */

typedef struct kiosk_run {
    const kiosk_opts *o;
    const routine *r;
    catalog *cat;
    kiosk_counts counts;
    unsigned long started_before;  /* counts.started read from --counts */
    FILE *json, *timeline;         /* where the timeline goes (either may be NULL) */
    FILE *report;                  /* where the counts lines go */
    uint64_t offset;               /* live: frames of the runs before a lost output */
    bool counts_failed;            /* --counts could not be written (said once) */
    bool outage;                   /* live: waiting for the sound output */
    bool live;                     /* sound on the device, not into a file */
    player *pl;                    /* with sound, while it runs (host_config.player) */
} kiosk_run;

static volatile sig_atomic_t stop_asked;

static void on_stop_signal(int sig)
{
    (void)sig;
    stop_asked = 1;
}

/* Prints the counts line and rewrites --counts. */
static void report_counts(kiosk_run *k, const char *reason)
{
    /* only whether it was completed: a reason such as "pain", stamped with
     * the time by the journal, would be a health record of one visit */
    const char *last = strcmp(reason, "completed") == 0     ? "completed"
                       : strcmp(reason, "interrupted") == 0 ? "interrupted"
                                                           : "not completed";
    fprintf(k->report, "coach kiosk: sessions started %lu, completed %lu (last: %s)", k->counts.started,
            k->counts.completed, last);
    if (k->o->stats)
        fprintf(k->report, "; resident memory %lu kB", rss_kb());
    double over = 0;
    int voices = k->pl ? player_echo_over_voice(k->pl, &over) : 0;
    if (k->o->stats && voices > 0)
        fprintf(k->report, "; the coach's echo %+.1f dB over visitors' voices at the microphone "
                           "(from %d command%s)", over, voices, voices == 1 ? "" : "s");
    fputc('\n', k->report);
    /* the coach much louder at the microphone than its visitors (cli.h):
     * said after every session while it lasts, for whoever reads the
     * journal */
    if (voices >= CLI_ECHO_VOICES && over > CLI_ECHO_OVER_VOICE_DB)
        fprintf(k->report, "coach kiosk: at the microphone the coach's voice is %.0f dB louder than "
                           "visitors' (from %d commands), so commands said while it talks are "
                           "often missed; turn the speaker down or bring the microphone closer to "
                           "the visitor%s\n", over, voices, k->o->echo ? " (or lower the room's gain)" : "");
    fflush(k->report);
    if (k->o->counts && !counts_write(k->o->counts, &k->counts) && !k->counts_failed) {
        cli_error("cannot write the counts to %s: %s (the kiosk carries on)", k->o->counts,
                  strerror(errno));
        k->counts_failed = true;
    }
}

static void on_session_end(void *ctx, const kiosk_counts *c, const char *reason)
{
    (void)c;
    report_counts(ctx, reason);
}

static void write_action(void *ctx, const action *a)
{
    kiosk_run *k = ctx;
    action b = *a;
    b.frame += k->offset;
    if (k->json)
        timeline_write_json(k->json, &b, RATE);
    if (k->timeline)
        timeline_write_json(k->timeline, &b, RATE);
    if (k->timeline && k->live)
        fflush(k->timeline); /* live, it is read as it grows (a line every second or so) */
}

static const routine *find_cb(void *ctx, const char *id)
{
    return catalog_find_routine(ctx, id);
}

static kiosk_config make_config(kiosk_run *k, action_measure measure, void *measure_ctx)
{
    kiosk_config kc = kiosk_config_default();
    kc.routine = k->r;
    kc.find_routine = find_cb;
    kc.find_ctx = k->cat;
    kc.volume = k->o->volume;
    kc.invite_every_s = k->o->invite_every_min * 60.0;
    kc.invite_volume = k->o->invite_volume;
    kc.abandon_after_s = k->o->abandon_after_s;
    kc.max_sessions = k->o->sessions;
    kc.attention = k->o->listening == LISTENING_ATTENTION;
    kc.counts = &k->counts;
    kc.on_session_end = on_session_end;
    kc.end_ctx = k;
    kc.measure = measure;
    kc.measure_ctx = measure_ctx;
    return kc;
}

static coach_err make_kiosk(void *ctx, action_measure measure, void *measure_ctx, program *out)
{
    kiosk_config kc = make_config(ctx, measure, measure_ctx);
    return kiosk_create(&kc, out);
}

static bool kiosk_tick(void *ctx);

/* The host's settings for a kiosk run; dry: no sound. */
static host_config host_for(kiosk_run *k, const script *sc, bool dry)
{
    const kiosk_opts *o = k->o;
    const routine_settings *rs = routine_get_settings(k->r);
    host_config hc = {0};
    hc.make = make_kiosk;
    hc.make_ctx = k;
    hc.voice = rs->voice;
    hc.script = sc;
    hc.dry = dry;
    hc.on_action = write_action;
    hc.action_ctx = k;
    player_config *cfg = &hc.play;
    cfg->rate = rs->rate;
    cfg->volume = o->volume >= 0 ? o->volume : rs->volume;
    cli_sound_config(cfg, &(cli_sound){o->out, o->in, o->echo, o->device, o->mic, o->no_mic});
    hc.player = &k->pl;
    cli_listening_apply(&hc, o->listening);
    cfg->tick = kiosk_tick;
    cfg->tick_ctx = k;
    cfg->stall_s = KIOSK_STALL_S; /* unattended: a stalled output ends the run soon */
    return hc;
}

/* The kiosk with no audio: the timeline on stdout at once; it ends once
 * the script is used up and the kiosk idles (or after --sessions). */
static int dry_kiosk(kiosk_run *k, const script *sc)
{
    host_config hc = host_for(k, sc, true);
    coach_diags *d = coach_diags_create();
    host_report rep;
    coach_err err = host_run(&hc, &rep, d);
    coach_diags_print(d, stderr);
    coach_diags_destroy(d);
    return coach_err_exit_code(err);
}

/* Sleeps seconds in short steps, feeding the watchdog; false when a stop
 * was asked for meanwhile. */
static bool wait_quietly(double seconds)
{
    for (double t = 0; t < seconds && !stop_asked; t += 0.1) {
        notify_watchdog(WATCHDOG_S);
        nanosleep(&(struct timespec){0, 100000000}, NULL);
    }
    return !stop_asked;
}

/* Every turn of the player's loop: the watchdog, a stop signal, and the
 * news that the sound output is back. */
static bool kiosk_tick(void *ctx)
{
    kiosk_run *k = ctx;
    notify_watchdog(WATCHDOG_S);
    if (k->outage) {
        k->outage = false;
        fprintf(stderr, "coach: the sound output is back; the kiosk is idle again\n");
        notify_send("STATUS=idle");
    }
    return !stop_asked;
}

/* A session under way when the output was lost, or the kiosk stopped, is
 * counted, interrupted. */
static void count_lost_session(kiosk_run *k)
{
    if (k->counts.started - k->started_before > k->counts.ended_here) {
        k->counts.ended_here++;
        report_counts(k, "interrupted");
    }
}

/* The kiosk with sound: live (for ever, through lost outputs), or into
 * --out (once). */
static int play_kiosk(kiosk_run *k, const script *sc)
{
    const kiosk_opts *o = k->o;
    host_config hc = host_for(k, sc, false);
    if (!o->out) {
        keys_open(); /* the button: any key; a pipe works as well as a terminal */
        hc.read_key = keys_read;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_stop_signal;
        sigaction(SIGTERM, &sa, NULL);
        sigaction(SIGINT, &sa, NULL);
    }
    notify_send("READY=1\nSTATUS=idle");
    int rc = 0;
    for (;;) {
        coach_diags *d = coach_diags_create();
        host_report rep;
        coach_err err = host_run(&hc, &rep, d);
        k->offset += (uint64_t)llround(rep.play.seconds * RATE);
        /* a stuck sound server leaves PortAudio stuck (pacall.h): only a
         * new process can play again (systemd starts one) */
        bool stuck = err == COACH_ERR_UNAVAILABLE && player_audio_stuck();
        /* a session under way when the kiosk is stopped (SIGTERM: closing
         * time) is counted too: every visit is */
        if (stuck || stop_asked)
            count_lost_session(k);
        if (!err || o->out || err != COACH_ERR_UNAVAILABLE || stop_asked || stuck) {
            if (err) {
                coach_diags_print(d, stderr);
                rc = coach_err_exit_code(err);
            }
            coach_diags_destroy(d);
            break;
        }
        /* the output is gone (or not there yet): a session under way is
         * lost; say nothing, try again every RETRY_S */
        count_lost_session(k);
        if (!k->outage) {
            coach_diags_print(d, stderr);
            fprintf(stderr, "coach: waiting for the sound output; trying again every %g seconds\n",
                    RETRY_S);
            notify_send("STATUS=waiting for the sound output");
            k->outage = true;
        }
        coach_diags_destroy(d);
        hc.script = NULL; /* a script drives the first run only */
        if (o->sessions && k->counts.ended_here >= o->sessions)
            break;
        if (!wait_quietly(RETRY_S))
            break;
    }
    notify_send("STOPPING=1");
    keys_close();
    return rc;
}

int cli_kiosk(int argc, char **argv)
{
    kiosk_opts o;
    int rc = parse_kiosk(argc, argv, &o);
    if (rc)
        return rc < 0 ? 0 : rc;
    kiosk_run k;
    memset(&k, 0, sizeof k);
    k.o = &o;
    if (o.counts && !counts_read(o.counts, &k.counts)) {
        cli_error("%s does not hold two counts (sessions started, then completed); it will be "
                  "rewritten from zero after the first session", o.counts);
        memset(&k.counts, 0, sizeof k.counts);
    }
    k.started_before = k.counts.started;
    rc = cli_load_routine(o.routine, &k.cat, &k.r);
    script *sc = NULL;
    if (rc == 0 && o.script) {
        coach_diags *d = coach_diags_create();
        coach_err err = script_load(o.script, RATE, &sc, d);
        coach_diags_print(d, stderr);
        coach_diags_destroy(d);
        rc = coach_err_exit_code(err);
    }
    if (rc == 0)
        rc = cli_timeline_open(o.timeline, NULL, &k.timeline);
    if (rc == 0) {
        /* a dry run's stdout is the timeline: the counts go to stderr */
        k.json = o.dry_run ? stdout : NULL;
        k.report = o.dry_run ? stderr : stdout;
        k.live = !o.dry_run && !o.out;
        rc = o.dry_run ? dry_kiosk(&k, sc) : play_kiosk(&k, sc);
    }
    if (k.timeline && fclose(k.timeline) != 0 && rc == 0) {
        cli_error("writing the timeline to %s failed", o.timeline);
        rc = EXIT_IOERR;
    }
    if (fflush(stdout) != 0 && rc == 0)
        rc = EXIT_IOERR;
    script_destroy(sc);
    catalog_destroy(k.cat);
    return rc;
}
