/* options.h: one option parser for every subcommand, on top of
 * getopt_long. A subcommand describes its options in a static table (long
 * name, what kind of value, where in its options struct the value goes) and
 * reads its arguments in order with cli_args_next; --help is known to all.
 * As getopt_long does, "--rate=200" and an unambiguous abbreviation ("--ra
 * 200") are accepted, and a value is the next argument whatever it starts
 * with; unlike it, "--" is an unknown option (as it always was here), and
 * no option has a one-letter form. */
#ifndef COACH_CLI_OPTIONS_H
#define COACH_CLI_OPTIONS_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum cli_option_kind {
    CLI_OPT_FLAG,   /* no value: the bool at the offset becomes true */
    CLI_OPT_IGNORE, /* no value, accepted and ignored (--no-log of the kiosk) */
    CLI_OPT_STRING, /* a value: the const char * at the offset points to it */
    CLI_OPT_INT,    /* a value: the int at the offset, within [lo, hi] (cli_int_option) */
    CLI_OPT_CALL    /* a value: handed to set, with the target at the offset */
} cli_option_kind;

typedef struct cli_args cli_args;
typedef struct cli_option cli_option;

/* A CLI_OPT_CALL option's reader: 0, or an exit code after saying what is
 * wrong. It may take further arguments with cli_args_take. */
typedef int (*cli_option_set)(cli_args *a, const cli_option *opt, void *target, const char *value);

struct cli_option {
    const char *name;      /* "--rate"; NULL ends a table */
    cli_option_kind kind;
    size_t offset;         /* where the value goes in the options struct */
    int lo, hi;            /* CLI_OPT_INT's bounds; CLI_OPT_CALL may use them */
    cli_option_set set;    /* CLI_OPT_CALL's reader */
    const char *needs;     /* "--library needs a folder"; NULL: "a value" */
};

/* Rows of a table for the options struct T: a flag, a string, a whole
 * number within [lo, hi], and the row that ends the table. */
#define CLI_FLAG(T, name, field) {name, CLI_OPT_FLAG, offsetof(T, field), 0, 0, NULL, NULL}
#define CLI_STRING(T, name, field) {name, CLI_OPT_STRING, offsetof(T, field), 0, 0, NULL, NULL}
#define CLI_INT(T, name, field, lo, hi) {name, CLI_OPT_INT, offsetof(T, field), lo, hi, NULL, NULL}
#define CLI_END {NULL, CLI_OPT_FLAG, 0, 0, 0, NULL, NULL}

/* A subcommand's options. */
typedef struct cli_spec {
    const char *command;       /* "menu": in "try 'coach menu --help'" */
    const char *what;          /* "the menu": in "unknown option '--x' for the menu" */
    const cli_option *options; /* ended by an entry with no name */
    bool missing_is_unknown;   /* an option without its value is an unknown option */
} cli_spec;

/* What cli_args_next returns besides an exit code; a table holds at most
 * CLI_ARGS_MAX options (more are not read). */
enum { CLI_ARGS_DONE = 0, CLI_ARGS_HELP = -1, CLI_ARGS_POSITIONAL = -2, CLI_ARGS_MAX = 32 };

/* A parse in progress: getopt_long's state is global, so one at a time. */
struct cli_args {
    const cli_spec *spec;
    void *base;   /* the options struct */
    int argc;     /* counting argv[0], the subcommand's name */
    char **argv;
    size_t n;     /* options in spec (--help not counted) */
    struct option longopts[CLI_ARGS_MAX + 2]; /* the table's, --help, the end */
};

/* Starts reading argv[0..argc-1], the arguments after the subcommand's
 * name, as main passes them: argv[-1] must be readable (getopt skips it). */
void cli_args_begin(cli_args *a, const cli_spec *spec, void *base, int argc, char **argv);

/* Reads the next argument, strictly in order: an option is stored and the
 * next read; a non-option (a lone "-" too) is CLI_ARGS_POSITIONAL, in *arg;
 * --help is CLI_ARGS_HELP; the end is CLI_ARGS_DONE; anything else is an
 * exit code (64) after the message. */
int cli_args_next(cli_args *a, const char **arg);

/* The argument after the current option's value (--export fhir FILE), or
 * NULL when there is none. */
const char *cli_args_take(cli_args *a);

/* Reads every argument; a non-option is unknown. 0, CLI_ARGS_HELP, or an
 * exit code after the message. */
int cli_args_parse(const cli_spec *spec, void *base, int argc, char **argv);

/* Says "unknown option 'x' for the menu; try 'coach menu --help'" (or
 * "unknown argument" when arg does not start with '-'); returns 64. */
int cli_args_unknown(const cli_spec *spec, const char *arg);

#endif
