/* main.c: the coach command: dispatch to subcommands; the only place that
 * exits. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cli.h"
#include "../audio/player.h"
#include "../tts/tts.h"
#include "../core/fileio.h"
#include <unistd.h>

#ifndef COACH_VERSION
#define COACH_VERSION "0.0.0"
#endif
#ifndef COACH_AUDIO_DIR
#define COACH_AUDIO_DIR "/usr/local/share/coach/audio"
#endif
#ifndef COACH_SOURCE_AUDIO_DIR
#define COACH_SOURCE_AUDIO_DIR "audio"
#endif
#ifndef COACH_ROUTINES_DIR
#define COACH_ROUTINES_DIR "/usr/local/share/coach/routines"
#endif

/* The help's first lines, then each command's lines (in the table), then
 * its last. */
static const char usage_head[] =
    "coach: a physical-therapy coach that works entirely by voice and sound.\n"
    "\n"
    "usage:\n";
static const char usage_tail[] =
    "\n"
    "Routine files are described in docs/routine-format.md.\n";

static int main_help(int argc, char **argv);
static int main_version(int argc, char **argv);

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
    {"config", cli_config, "  coach config                   print your settings\n"},
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

const char *cli_default_routines_dir(void)
{
    struct stat st;
    if (stat(COACH_ROUTINES_DIR, &st) == 0 && S_ISDIR(st.st_mode))
        return COACH_ROUTINES_DIR;
    return "routines";
}

static double launch_time;

double cli_launch_time(void)
{
    return launch_time;
}

const char *cli_audio_dir(void)
{
    struct stat st;
    if (stat(COACH_AUDIO_DIR "/tick.wav", &st) == 0)
        return COACH_AUDIO_DIR;
    if (stat(COACH_SOURCE_AUDIO_DIR "/tick.wav", &st) == 0)
        return COACH_SOURCE_AUDIO_DIR;
    return "audio";
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
    (void)argv;
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
    cli_error("unknown command '%s'; try 'coach --help'", argv[1]);
    return EXIT_USAGE;
}
