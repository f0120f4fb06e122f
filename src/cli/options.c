/* options.c: the subcommands' option parser: getopt_long in the order the
 * arguments come ("-" first in the option string: a non-option is returned
 * where it stands, so the first problem from the left is the one reported),
 * with getopt's own messages off and the coach's said instead. */
#include "options.h"

#include <string.h>

#include "cli.h"

enum { OPT_BASE = 256 }; /* getopt_long's code for table entry i: OPT_BASE + i */

/* Fills a's getopt_long table from the spec's, then --help and the end. */
void cli_args_begin(cli_args *a, const cli_spec *spec, void *base, int argc, char **argv)
{
    memset(a, 0, sizeof *a);
    a->spec = spec;
    a->base = base;
    a->argc = argc + 1;
    a->argv = argv - 1;
    size_t n = 0;
    for (; spec->options[n].name && n < CLI_ARGS_MAX; n++) {
        const cli_option *o = &spec->options[n];
        bool flag = o->kind == CLI_OPT_FLAG || o->kind == CLI_OPT_IGNORE;
        a->longopts[n] = (struct option){o->name + 2, flag ? no_argument : required_argument,
                                         NULL, OPT_BASE + (int)n};
    }
    a->n = n;
    a->longopts[n] = (struct option){"help", no_argument, NULL, OPT_BASE + (int)n};
    optind = 0; /* glibc: start again from argv[1], forgetting any earlier parse */
    opterr = 0;
}

/* Stores option o's value; 0, or an exit code after the message. */
static int cli_args_store(cli_args *a, const cli_option *o, const char *v)
{
    char *target = (char *)a->base + o->offset;
    switch (o->kind) {
    case CLI_OPT_FLAG:
        *(bool *)target = true;
        return 0;
    case CLI_OPT_IGNORE:
        return 0;
    case CLI_OPT_STRING:
        *(const char **)target = v;
        return 0;
    case CLI_OPT_INT:
        return cli_int_option(o->name, v, o->lo, o->hi, (int *)target) ? 0 : EXIT_USAGE;
    case CLI_OPT_CALL:
        return o->set(a, o, target, v);
    }
    return EXIT_SOFTWARE;
}

/* Says that the option typed as typed, code getopt's code for it, lacks
 * its value; returns 64. */
static int cli_args_missing(const cli_args *a, const char *typed, int code)
{
    size_t i = (size_t)(code - OPT_BASE);
    if (a->spec->missing_is_unknown || code < OPT_BASE || i >= a->n)
        return cli_args_unknown(a->spec, typed);
    const cli_option *o = &a->spec->options[i];
    cli_error("%s needs %s", o->name, o->needs ? o->needs : "a value");
    return EXIT_USAGE;
}

/* Reads options until a non-option, --help, the end or a problem. Every
 * call starts on a whole argument (no option has a short form, so a short
 * one is refused at its first letter): argv[at] is the one being read. */
int cli_args_next(cli_args *a, const char **arg)
{
    for (;;) {
        int at = optind > 0 ? optind : 1;
        const char *typed = at < a->argc ? a->argv[at] : "";
        if (strcmp(typed, "--") == 0)
            return cli_args_unknown(a->spec, typed); /* not the end of options, as before */
        int c = getopt_long(a->argc, a->argv, "-:", a->longopts, NULL);
        if (c == -1)
            return CLI_ARGS_DONE;
        if (c == 1) {
            *arg = optarg;
            return CLI_ARGS_POSITIONAL;
        }
        if (c == ':')
            return cli_args_missing(a, typed, optopt);
        if (c < OPT_BASE || (size_t)(c - OPT_BASE) > a->n)
            return cli_args_unknown(a->spec, typed);
        if ((size_t)(c - OPT_BASE) == a->n)
            return CLI_ARGS_HELP;
        int rc = cli_args_store(a, &a->spec->options[c - OPT_BASE], optarg);
        if (rc)
            return rc;
    }
}

/* The next argument, whatever it looks like, or NULL at the end. */
const char *cli_args_take(cli_args *a)
{
    return optind < a->argc ? a->argv[optind++] : NULL;
}

/* cli_args_next over every argument, with no non-option expected. */
int cli_args_parse(const cli_spec *spec, void *base, int argc, char **argv)
{
    cli_args a;
    const char *arg = NULL;
    cli_args_begin(&a, spec, base, argc, argv);
    int rc = cli_args_next(&a, &arg);
    return rc == CLI_ARGS_POSITIONAL ? cli_args_unknown(spec, arg) : rc;
}

/* The one message for an option (or argument) a subcommand does not know. */
int cli_args_unknown(const cli_spec *spec, const char *arg)
{
    cli_error("unknown %s '%s' for %s; try 'coach %s --help'", arg[0] == '-' ? "option" : "argument",
              arg, spec->what, spec->command);
    return EXIT_USAGE;
}
