/* cli.h: the subcommands. Each returns a coach_err (or an exit code where
 * noted) and prints its own output; only main() exits. */
#ifndef COACH_CLI_H
#define COACH_CLI_H

#include <stdbool.h>

#include "coach/diag.h"
#include "coach/routine.h"
#include "../audio/player.h"
#include "../routine/catalog.h"
#include "../driver/host.h"
#include "../store/settings.h"

/* `coach check [--library DIR] PATH...`: returns a sysexits code. */
int cli_check(int argc, char **argv);
/* `coach list [DIR]`: returns a sysexits code. */
int cli_list(int argc, char **argv);
/* Opens the folder of the routine named by name (an id of the default
 * folder, or a file) as a catalog, and finds the routine in it; a sysexits
 * code, after saying what is wrong (*cat may need catalog_destroy even
 * then). */
int cli_load_routine(const char *name, catalog **cat, const routine **r);
/* `coach run ROUTINE ...`: returns a sysexits code. */
int cli_run(int argc, char **argv);

/* A live session as the menu starts it: what `coach run` would do with
 * these options and no others. */
typedef struct run_request {
    const char *routine;    /* a file, or an id of the default folder */
    const char *device;     /* the speaker, or NULL */
    const char *mic;        /* the microphone, or NULL */
    const char *log_dir;    /* the session log's folder, or NULL: the default */
    bool no_mic;            /* do not listen */
    bool no_log;            /* neither read nor write the log */
} run_request;

/* Runs the session rq asks for, as `coach run` does; a sysexits code. */
int cli_run_session(const run_request *rq);
/* `coach listen --in FILE.wav`: returns a sysexits code. */
int cli_listen(int argc, char **argv);
/* `coach` alone, or `coach menu ...`: the spoken menu; a sysexits code. */
int cli_menu(int argc, char **argv);
/* `coach kiosk ...`: the unattended clinic kiosk; a sysexits code. */
int cli_kiosk(int argc, char **argv);
/* `coach config`: prints the settings; a sysexits code. */
int cli_config(int argc, char **argv);
/* `coach history ...`: returns a sysexits code. */
int cli_history(int argc, char **argv);

/* The history summary as the menu asks for it: printed and said. */
typedef struct history_request {
    const char *log_dir;    /* the session log's folder, or NULL: the default */
    const char *device;     /* the speaker, or NULL */
} history_request;

/* Prints and says the summary, as `coach history` does with these options
 * and no others; a sysexits code. */
int cli_history_speak(const history_request *rq);
/* `coach devices`: returns a sysexits code. */
int cli_devices(int argc, char **argv);

/* CLOCK_MONOTONIC seconds when main() started. */
double cli_launch_time(void);

/* The data folder holding routines/ and audio/, first found of: the
 * environment's COACH_DATA_DIR; the checkout, when this executable runs
 * from its build tree; the installed share/coach beside this executable's
 * bin/; the compiled-in installed one; the checkout; "." (docs/packaging.md). */
const char *cli_data_dir(void);

/* The folder of the earcons: the data folder's audio/. */
const char *cli_audio_dir(void);

/* The advice to turn the coach down (run, kiosk): its echo this much
 * louder than the user's voice at the microphone, over at least this many
 * of the user's commands (over an echo 6 dB louder, 4 commands in 6 said
 * over the coach were acted on in the benchmark's room; 12 dB louder,
 * none: docs/recognition.md) */
#define CLI_ECHO_OVER_VOICE_DB 6.0
#define CLI_ECHO_VOICES 3

/* Where a run's sound goes and what it hears, as the options say: a WAV
 * file (out) or the sound output (device); the microphone a recording (in),
 * a simulated room (echo), or live (mic) unless no_mic. */
typedef struct cli_sound {
    const char *out, *in, *echo, *device, *mic;
    bool no_mic;
} cli_sound;
/* Fills pc's backend, files, devices and listening from s, and the earcon
 * folder and launch time; with out, the recogniser listens only when it
 * has a recording or a room to hear. */
void cli_sound_config(player_config *pc, const cli_sound *s);

/* LISTENING_OPEN, _ATTENTION or _KEYS for "open", "attention", "keys"; -1
 * for anything else. */
int cli_listening_parse(const char *name);
/* Applies a listening mode (store/settings.h) to a host's configuration:
 * attention puts the attention word before the commands that need it;
 * keys turns listening off (a live session says so). */
void cli_listening_apply(host_config *hc, int listening);

/* Prints "coach: " and the message to stderr. */
void cli_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* The folder `coach list` uses without an argument: the data folder's
 * routines/ (./routines when no data folder is found). */
const char *cli_default_routines_dir(void);

/* The user's own routines folder, $XDG_DATA_HOME/coach/routines (default
 * ~/.local/share/coach/routines), or NULL when it is not a folder. */
const char *cli_user_routines_dir(void);

/* The exercise library a catalog of dir should use: NULL when dir has its
 * own exercises/ (or the default folder's path is too long to hold), else
 * the default routines folder's (a static buffer). */
const char *cli_library_for(const char *dir);

/* Reads option flag's value v as a whole number within [lo, hi]; false,
 * after saying so, when it is not one. */
bool cli_int_option(const char *flag, const char *v, int lo, int hi, int *out);

/* 0 when voice is NULL or a voice eSpeak NG lists; else prints the problem
 * (at file:line:column, with every valid voice) and returns the exit code
 * of bad: 64 for COACH_ERR_USAGE (--voice), 65 for COACH_ERR_DATA (a file's
 * value), 69 when eSpeak NG cannot start. */
int cli_voice_check(const char *voice, const char *file, int line, int column, coach_err bad);

/* 0 when path (an input named by option flag: --in, --echo) is NULL or a
 * regular file that can be opened; else prints why (a FIFO would block, a
 * device never end) and returns 66. */
int cli_input_check(const char *path, const char *flag);

/* Opens path (--timeline) for the timeline, written as it happens, a line
 * at a time, so that it can be followed live (coach_output_stream): never
 * the session log in log_dir (NULL: the default folder), never through a
 * link to a file, never a pipe nobody reads. 0 with *f set (NULL when
 * path is NULL); else prints why and returns the exit code (64 for the
 * log itself, 74 otherwise). */
int cli_timeline_open(const char *path, const char *log_dir, FILE **f);

/* "about 24 minutes", "about 1 minute", "under a minute". */
void cli_format_minutes(double seconds, char *buf, unsigned size);

enum { EXIT_USAGE = 64, EXIT_DATAERR = 65, EXIT_NOINPUT = 66, EXIT_UNAVAILABLE = 69,
       EXIT_SOFTWARE = 70, EXIT_IOERR = 74 };

#endif
