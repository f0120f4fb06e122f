/* main.c: the coach command: dispatch to subcommands; the only place that
 * exits. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "../audio/player.h"
#include "../tts/tts.h"
#include "../core/fileio.h"
#include "../store/journal.h"
#include <unistd.h>

#ifndef COACH_VERSION
#define COACH_VERSION "0.0.0"
#endif
/* Where the data folders (routines/, audio/) are looked for: the installed
 * data folder, compiled in, and the same seen from the installed
 * executable (so a tree unpacked anywhere, `dpkg -x`, finds its own); the
 * build tree and the checkout it came from. */
#ifndef COACH_DATA_DIR
#define COACH_DATA_DIR "/usr/local/share/coach"
#endif
#ifndef COACH_DATA_FROM_BIN
#define COACH_DATA_FROM_BIN "../share/coach"
#endif
#ifndef COACH_BUILD_DIR
#define COACH_BUILD_DIR ""
#endif
#ifndef COACH_SOURCE_DIR
#define COACH_SOURCE_DIR ""
#endif

/* The help's first lines, then each command's lines (in the table), then
 * its last. */
static const char usage_head[] =
    "coach: a physical-therapy coach that works entirely by voice and sound.\n"
    "\n"
    "usage:\n";
static const char usage_tail[] =
    "\n"
    "Options with no command are the menu's. Each command's options: coach COMMAND\n"
    "--help; every command, file, variable and exit code: man coach. Routine files\n"
    "are described in docs/routine-format.md.\n";

static int main_help(int argc, char **argv);
static int main_version(int argc, char **argv);
static int main_config(int argc, char **argv);

/* A subcommand: its name after `coach`, what runs it (given the arguments
 * after the name), and its lines of `coach --help` (NULL: another name of
 * the one before). */
typedef struct main_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *usage;
} main_command;

static const main_command commands[] = {
    {"menu", cli_menu,
     "  coach [menu]                   the spoken menu: start a routine, hear the list,\n"
     "                                 your history, change settings; by voice or keys\n"},
    {"config", main_config, "  coach config                   print your settings\n"},
    {"run", cli_run,
     "  coach run ROUTINE [--dry-run] [--out FILE.wav [--in MIC.wav] [--echo ROOM.wav]]\n"
     "                    [--script FILE] [--timeline FILE] [--device NAME]\n"
     "                    [--mic NAME | --no-mic]\n"
     "                    [--rate WPM] [--volume 0-100]\n"
     "                    [--voice NAME] [--stats] [--outline]\n"
     "                    [--no-log] [--log-dir DIR]\n"
     "                                 coach a session: live on the sound output, listening\n"
     "                                 to the microphone and the keyboard; to a WAV file\n"
     "                                 with --out; or as a timeline with --dry-run. It is\n"
     "                                 logged, and builds on your last session\n"},
    {"history", cli_history,
     "  coach history [--json | --quiet] [--export fhir FILE] [--report FILE.html]\n"
     "                                 your sessions so far, said and printed; for your\n"
     "                                 clinic as FHIR; or as a printable page\n"},
    {"kiosk", cli_kiosk,
     "  coach kiosk [--routine R] [--invite-every MIN] [--counts FILE] ...\n"
     "                                 the unattended clinic kiosk: idle, a short routine\n"
     "                                 on \"start\" or a key, idle again; nothing kept but\n"
     "                                 two counts (docs/kiosk.md)\n"},
    {"check", cli_check,
     "  coach check [--library DIR] PATH...\n"
     "                                 check routine, exercise and programme files (or\n"
     "                                 folders of them); exit 65 if any has problems\n"},
    {"list", cli_list, "  coach list [DIR]               the routines in DIR, with their length\n"},
    {"devices", cli_devices, "  coach devices                  the audio devices, by name\n"},
    {"listen", cli_listen,
     "  coach listen --in FILE.wav     the recogniser alone: one JSON line per utterance\n"
     "  coach listen --phrases         every phrase it knows, with its command\n"},
    {"--help", main_help, "  coach --help | --version\n"},
    {"-h", main_help, NULL},
    {"help", main_help, NULL},
    {"--version", main_version, NULL},
};

/* `coach --help`: the header, every command's lines, the footer; 0. */
static int main_help(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fputs(usage_head, stdout);
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (commands[i].usage)
            fputs(commands[i].usage, stdout);
    fputs(usage_tail, stdout);
    return 0;
}

/* `coach config [--help]`: its usage (0), else what cli_config does. */
static int main_config(int argc, char **argv)
{
    if (argc == 1 && strcmp(argv[0], "--help") == 0) {
        fputs("usage: coach config\n"
              "  Prints your settings: the file's path ($XDG_CONFIG_HOME/coach/config.yaml,\n"
              "  default ~/.config/coach/config.yaml), then every setting, the file's or\n"
              "  the default. The spoken menu changes them.\n",
              stdout);
        return 0;
    }
    return cli_config(argc, argv);
}

/* `coach --version`: "coach 1.2.3"; 0. */
static int main_version(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    printf("coach %s\n", COACH_VERSION);
    return 0;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("coach: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

/* True when path is a folder. */
static bool main_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The folder holding this executable, resolved (empty when unknown). */
static const char *main_exe_dir(void)
{
    static char dir[PATH_MAX];
    static bool done;
    if (!done) {
        done = true;
        char *exe = realpath("/proc/self/exe", NULL);
        if (exe) {
            char *slash = strrchr(exe, '/');
            if (slash && slash != exe && (size_t)(slash - exe) < sizeof dir)
                memcpy(dir, exe, (size_t)(slash - exe));
            free(exe);
        }
    }
    return dir;
}

/* True when this executable runs from the build tree it was built in. */
static bool main_in_build_tree(void)
{
    if (!COACH_BUILD_DIR[0] || !main_exe_dir()[0])
        return false;
    char *build = realpath(COACH_BUILD_DIR, NULL);
    bool in = build && strcmp(build, main_exe_dir()) == 0;
    free(build);
    return in;
}

const char *cli_data_dir(void)
{
    static char dir[PATH_MAX];
    if (dir[0])
        return dir;
    const char *env = getenv("COACH_DATA_DIR");
    char near[PATH_MAX + 64], sub[PATH_MAX + 80];
    snprintf(near, sizeof near, "%s/%s", main_exe_dir(), COACH_DATA_FROM_BIN);
    snprintf(sub, sizeof sub, "%s/routines", near);
    if (env && env[0])
        snprintf(dir, sizeof dir, "%s", env);
    else if (main_in_build_tree() && COACH_SOURCE_DIR[0])
        snprintf(dir, sizeof dir, "%s", COACH_SOURCE_DIR);
    else if (main_exe_dir()[0] && main_is_dir(sub) && realpath(near, dir)) {
        /* the installed tree this executable belongs to: dir is filled */
    } else if (main_is_dir(COACH_DATA_DIR "/routines"))
        snprintf(dir, sizeof dir, "%s", COACH_DATA_DIR);
    else if (COACH_SOURCE_DIR[0] && main_is_dir(COACH_SOURCE_DIR "/routines"))
        snprintf(dir, sizeof dir, "%s", COACH_SOURCE_DIR);
    else
        snprintf(dir, sizeof dir, ".");
    return dir;
}

/* The data folder's subfolder name, in buf: bare when the data folder is
 * the current one (messages then name "routines", not "./routines"). */
static const char *main_data_sub(char *buf, size_t size, const char *name)
{
    if (strcmp(cli_data_dir(), ".") == 0)
        return name;
    snprintf(buf, size, "%s/%s", cli_data_dir(), name);
    return buf;
}

const char *cli_default_routines_dir(void)
{
    static char dir[PATH_MAX + 16];
    return main_data_sub(dir, sizeof dir, "routines");
}

const char *cli_user_routines_dir(void)
{
    static char dir[PATH_MAX];
    const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
    if (xdg && xdg[0] == '/')
        snprintf(dir, sizeof dir, "%s/coach/routines", xdg);
    else if (home && home[0])
        snprintf(dir, sizeof dir, "%s/.local/share/coach/routines", home);
    else
        return NULL;
    return main_is_dir(dir) ? dir : NULL;
}

const char *cli_library_for(const char *dir)
{
    static char lib[PATH_MAX + 16];
    snprintf(lib, sizeof lib, "%s/exercises", dir);
    if (main_is_dir(lib))
        return NULL;
    int n = snprintf(lib, sizeof lib, "%s/exercises", cli_default_routines_dir());
    return n > 0 && (size_t)n < sizeof lib ? lib : NULL;
}

static double launch_time;

double cli_launch_time(void)
{
    return launch_time;
}

const char *cli_audio_dir(void)
{
    static char dir[PATH_MAX + 16];
    return main_data_sub(dir, sizeof dir, "audio");
}

void cli_sound_config(player_config *pc, const cli_sound *s)
{
    pc->backend = s->out ? PLAYER_FILE : PLAYER_LIVE;
    pc->out_path = s->out;
    pc->in_path = s->in;
    pc->echo_path = s->echo;
    pc->listen = s->out ? s->in || s->echo : !s->no_mic;
    pc->mic_device = s->mic;
    pc->cancel_echo = true; /* the coach's own voice is cancelled wherever it is heard */
    pc->device = s->device;
    pc->earcon_dir = cli_audio_dir();
    pc->launch_time = cli_launch_time();
}

int cli_listening_parse(const char *name)
{
    for (int l = LISTENING_OPEN; l <= LISTENING_KEYS; l++)
        if (strcmp(name, settings_listening_name((listening_mode)l)) == 0)
            return l;
    return -1;
}

void cli_listening_apply(host_config *hc, int listening)
{
    hc->attention = listening == LISTENING_ATTENTION;
    if (listening == LISTENING_KEYS && hc->play.listen) {
        hc->play.listen = false;
        if (hc->play.backend == PLAYER_LIVE)
            fprintf(stderr, "coach: listening is set to keys: the microphone is off, the keys work\n");
    }
}

int cli_devices(int argc, char **argv)
{
    if (argc == 1 && strcmp(argv[0], "--help") == 0) {
        fputs("usage: coach devices\n"
              "  Lists the audio output and input devices by name, for --device and --mic\n"
              "  (a part of a name is enough when only one device contains it).\n",
              stdout);
        return 0;
    }
    if (argc > 0) {
        cli_error("devices takes no arguments");
        return EXIT_USAGE;
    }
    coach_diags *d = coach_diags_create();
    coach_err err = player_list_devices(stdout, d);
    coach_diags_print(d, stderr);
    coach_diags_destroy(d);
    return coach_err_exit_code(err);
}

int cli_voice_check(const char *voice, const char *file, int line, int column, coach_err bad)
{
    if (!voice)
        return 0;
    coach_diags *d = coach_diags_create();
    coach_err err = tts_voice_check(voice, file, line, column, bad, d);
    coach_diags_print(d, stderr);
    coach_diags_destroy(d);
    return coach_err_exit_code(err);
}

int cli_input_check(const char *path, const char *flag)
{
    if (!path)
        return 0;
    coach_diags *d = coach_diags_create();
    int fd;
    coach_err err = coach_open_read(path, 0, &fd, d);
    if (err) {
        fprintf(stderr, "coach: %s: ", flag);
        coach_diags_print(d, stderr);
    } else {
        close(fd);
    }
    coach_diags_destroy(d);
    return err ? EXIT_NOINPUT : 0;
}

int cli_timeline_open(const char *path, const char *log_dir, FILE **f)
{
    *f = NULL;
    if (!path)
        return 0;
    char dir[4096] = "", log[4200] = "";
    if (log_dir)
        snprintf(dir, sizeof dir, "%s", log_dir);
    else if (journal_default_dir(dir, sizeof dir, NULL) != COACH_OK)
        dir[0] = '\0';
    if (dir[0])
        snprintf(log, sizeof log, "%s/%s", dir, JOURNAL_FILE);
    coach_diags *d = coach_diags_create();
    coach_err err = d ? coach_output_stream(path, log[0] ? log : NULL, f, d) : COACH_ERR_NOMEM;
    if (err) {
        fprintf(stderr, "coach: --timeline: ");
        coach_diags_print(d, stderr);
    }
    coach_diags_destroy(d);
    if (!err && *f)
        setvbuf(*f, NULL, _IOLBF, 0); /* a line an event, as it happens: it can be followed live */
    return err ? coach_err_exit_code(err) : 0;
}

bool cli_int_option(const char *flag, const char *v, int lo, int hi, int *out)
{
    char *end;
    long x = strtol(v, &end, 10);
    if (*v == '\0' || *end != '\0' || x < lo || x > hi) {
        cli_error("%s must be a whole number from %d to %d, not '%s'", flag, lo, hi, v);
        return false;
    }
    *out = (int)x;
    return true;
}

void cli_format_minutes(double seconds, char *buf, unsigned size)
{
    long m = (long)(seconds / 60.0 + 0.5);
    if (seconds < 45)
        snprintf(buf, size, "under a minute");
    else if (m <= 1)
        snprintf(buf, size, "about 1 minute");
    else
        snprintf(buf, size, "about %ld minutes", m);
}

int main(int argc, char **argv)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    launch_time = (double)t.tv_sec + (double)t.tv_nsec / 1e9;
    if (argc < 2)
        return cli_menu(0, argv + 1); /* no command: the spoken menu */
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(argv[1], commands[i].name) == 0)
            return commands[i].run(argc - 2, argv + 2);
    if (argv[1][0] == '-')
        return cli_menu(argc - 1, argv + 1); /* options and no command: the menu's */
    cli_error("unknown command '%s'; try 'coach --help'", argv[1]);
    return EXIT_USAGE;
}
