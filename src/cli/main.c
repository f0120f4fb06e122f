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

static const char usage[] =
    "coach: a physical-therapy coach that works entirely by voice and sound.\n"
    "\n"
    "usage:\n"
    "  coach [menu]                   the spoken menu: start a routine, hear the list,\n"
    "                                 your history, change settings; by voice or keys\n"
    "  coach config                   print your settings\n"
    "  coach run ROUTINE [--dry-run] [--out FILE.wav [--in MIC.wav]] [--script FILE]\n"
    "                    [--timeline FILE] [--device NAME] [--mic NAME | --no-mic]\n"
    "                    [--rate WPM] [--volume 0-100]\n"
    "                    [--voice NAME] [--stats] [--outline]\n"
    "                    [--no-log] [--log-dir DIR]\n"
    "                                 coach a session: live on the sound output, listening\n"
    "                                 to the microphone and the keyboard; to a WAV file\n"
    "                                 with --out; or as a timeline with --dry-run. It is\n"
    "                                 logged, and builds on your last session\n"
    "  coach history [--json | --quiet] [--export fhir FILE] [--report FILE.html]\n"
    "                                 your sessions so far, said and printed; for your\n"
    "                                 clinic as FHIR; or as a printable page\n"
    "  coach kiosk [--routine R] [--invite-every MIN] [--counts FILE] ...\n"
    "                                 the unattended clinic kiosk: idle, a short routine\n"
    "                                 on \"start\" or a key, idle again; nothing kept but\n"
    "                                 two counts (docs/kiosk.md)\n"
    "  coach check [--library DIR] PATH...\n"
    "                                 check routine, exercise and programme files (or\n"
    "                                 folders of them); exit 65 if any has problems\n"
    "  coach list [DIR]               the routines in DIR, with their length\n"
    "  coach devices                  the audio devices, by name\n"
    "  coach listen --in FILE.wav     the recogniser alone: one JSON line per utterance\n"
    "  coach listen --phrases         every phrase it knows, with its command\n"
    "  coach --help | --version\n"
    "\n"
    "Routine files are described in docs/routine-format.md.\n";

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
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(usage, stdout);
        return 0;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("coach %s\n", COACH_VERSION);
        return 0;
    }
    if (strcmp(cmd, "check") == 0)
        return cli_check(argc - 2, argv + 2);
    if (strcmp(cmd, "list") == 0)
        return cli_list(argc - 2, argv + 2);
    if (strcmp(cmd, "run") == 0)
        return cli_run(argc - 2, argv + 2);
    if (strcmp(cmd, "listen") == 0)
        return cli_listen(argc - 2, argv + 2);
    if (strcmp(cmd, "devices") == 0)
        return cli_devices(argc - 2, argv + 2);
    if (strcmp(cmd, "history") == 0)
        return cli_history(argc - 2, argv + 2);
    if (strcmp(cmd, "menu") == 0)
        return cli_menu(argc - 2, argv + 2);
    if (strcmp(cmd, "config") == 0)
        return cli_config(argc - 2, argv + 2);
    if (strcmp(cmd, "kiosk") == 0)
        return cli_kiosk(argc - 2, argv + 2);
    cli_error("unknown command '%s'; try 'coach --help'", cmd);
    return EXIT_USAGE;
}
