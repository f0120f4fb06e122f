/* cmd_listen.c: `coach listen --in FILE.wav`: the recogniser alone. One JSON
 * line per utterance (GUIDE 4.4): start, end, text, command, value, score;
 * an utterance the command table does not know has "command":null. */
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "../asr/asr.h"
#include "../audio/capture.h"
#include "../session/commands.h"
#include "../core/timeline.h"

static void on_utterance(void *ctx, const asr_utterance *u)
{
    (void)ctx;
    command c = u->rejected ? (command){CMD_NONE, -1} : command_parse(u->text);
    if (c.id == CMD_NUMBER)
        c.id = CMD_PAIN; /* on its own, a number is a rating */
    printf("{\"start\":%.2f,\"end\":%.2f,\"text\":", u->start, u->end);
    timeline_json_string(stdout, u->text);
    if (c.id == CMD_NONE)
        printf(",\"command\":null");
    else
        printf(",\"command\":\"%s\"", command_name(c.id));
    if (c.value >= 0)
        printf(",\"value\":%d", c.value);
    printf(",\"score\":%d,\"confidence\":%d,\"over_floor_db\":%.1f", (int)u->score,
           (int)u->confidence, u->over_floor_db);
    if (u->rejected)
        printf(",\"rejected\":\"%s\"", u->rejected);
    if (u->near)
        printf(",\"near\":true");
    printf("}\n");
    fflush(stdout);
}

/* Prints every phrase of the command table as it is said, numbers spelt
 * out, with its command and value: "pain six<TAB>pain<TAB>6". Benchmarks and
 * tests build their utterances from this list, never from one of their own. */
static int print_phrases(unsigned context)
{
    static const char *const words[] = {"zero", "one", "two", "three", "four", "five",
                                        "six", "seven", "eight", "nine", "ten"};
    command_id id;
    const char *ph;
    for (size_t i = 0; (ph = command_phrase(i, &id)) != NULL; i++) {
        if (!(command_phrase_contexts(i) & context))
            continue;
        bool slot = strstr(ph, "<n>") != NULL;
        for (int v = 0; v <= (slot ? 10 : 0); v++) {
            char said[300];
            command_phrase_fill(ph, words[v], said, sizeof said);
            command c = command_parse(said);
            if (c.id == CMD_NUMBER)
                c.id = CMD_PAIN;
            printf("%s\t%s\t%d\n", said, command_name(c.id), c.value);
        }
    }
    return fflush(stdout) == 0 ? 0 : EXIT_IOERR;
}

static const char listen_usage[] =
    "usage: coach listen --in FILE.wav [--menu | --tracking] [--attention] [--no-log]\n"
    "                    [tuning options]\n"
    "       coach listen --phrases [--menu | --tracking]\n"
    "  Runs the recogniser alone on a WAV file (any rate, mono or stereo) and\n"
    "  prints one JSON line per utterance. --phrases prints every phrase it\n"
    "  knows, with its command and value, tab-separated. It listens for what\n"
    "  a session hears; --menu, for what the spoken menu hears; --tracking, for\n"
    "  what a session that asks the weekly tracking questions hears (the\n"
    "  amounts of time too); --attention, as with listening set to attention:\n"
    "  commands only after the attention word (\"coach, skip\"), answers and\n"
    "  red flags without it.\n"
    "Tuning (docs/recognition.md; the defaults were measured):\n"
    "  --min-confidence N   set aside utterances scoring below N (-50)\n"
    "  --min-seconds S, --max-seconds S   utterance length limits (0.25, 2.0)\n"
    "  --seconds-per-word S  a phrase of many words may last S a word (0.45)\n"
    "  --denoise DB         noise suppression before decoding, 0 off (15)\n"
    "  --vad-postspeech N   10 ms frames of quiet that end an utterance (20)\n"
    "  --vad-early N        ... or N, once its words are a whole phrase (0: off)\n"
    "  --vad-threshold X    dB over the noise floor that start speech (8)\n"
    "  --talk-enter P, --talk-word P   the \"not a command\" path: the chance of\n"
    "                       taking it, and of each ordinary word on it (1, 1e-4;\n"
    "                       --talk-word 0: no such path)\n"
    "  --block N            samples handed to the recogniser at a time, 1-4800\n"
    "                       (320; a live microphone's blocks are other sizes)\n"
    "  --model DIR          another acoustic model, laid out as Debian's\n"
    "                       pocketsphinx-en-us (default /usr/share/pocketsphinx/model/en-us;\n"
    "                       for measuring one, as tests/bench/bench_adapt.sh does)\n";

typedef struct listen_opts {
    const char *in;
    bool phrases, menu, tracking, attention;
    int block;
    asr_config cfg;
} listen_opts;

/* Says that a tuning value is not a number; 64. */
static int listen_not_number(const cli_option *opt, const char *value)
{
    cli_error("%s wants a number, not '%s'", opt->name, value);
    return EXIT_USAGE;
}

/* A tuning knob of whole numbers (an int); opt->hi > 0 bounds it too. */
static int listen_int(cli_args *a, const cli_option *opt, void *target, const char *value)
{
    (void)a;
    char *end;
    long x = strtol(value, &end, 10);
    if (*end || end == value || (opt->hi > 0 && (x < opt->lo || x > opt->hi)))
        return listen_not_number(opt, value);
    *(int *)target = (int)x;
    return 0;
}

/* A tuning knob in seconds or decibels (a double). */
static int listen_double(cli_args *a, const cli_option *opt, void *target, const char *value)
{
    (void)a;
    char *end;
    double x = strtod(value, &end);
    if (*end || end == value)
        return listen_not_number(opt, value);
    *(double *)target = x;
    return 0;
}

/* --min-confidence is read as an int: glibc's int32_t is one */
_Static_assert(sizeof(int32_t) == sizeof(int), "int32_t is not an int");
#define LISTEN_CFG(n, f, set) {n, CLI_OPT_CALL, offsetof(listen_opts, cfg.f), 0, 0, set, NULL}
static const cli_option listen_options[] = {
    {"--phrases", CLI_OPT_FLAG, offsetof(listen_opts, phrases), 0, 0, NULL, NULL},
    {"--menu", CLI_OPT_FLAG, offsetof(listen_opts, menu), 0, 0, NULL, NULL},
    {"--tracking", CLI_OPT_FLAG, offsetof(listen_opts, tracking), 0, 0, NULL, NULL},
    {"--attention", CLI_OPT_FLAG, offsetof(listen_opts, attention), 0, 0, NULL, NULL},
    {"--no-log", CLI_OPT_IGNORE, 0, 0, 0, NULL, NULL},
    {"--in", CLI_OPT_STRING, offsetof(listen_opts, in), 0, 0, NULL, NULL},
    /* tuning knobs (docs/recognition.md) */
    LISTEN_CFG("--min-confidence", min_confidence, listen_int),
    LISTEN_CFG("--max-seconds", max_seconds, listen_double),
    LISTEN_CFG("--seconds-per-word", seconds_per_word, listen_double),
    LISTEN_CFG("--min-seconds", min_seconds, listen_double),
    LISTEN_CFG("--vad-threshold", vad_threshold, listen_double),
    LISTEN_CFG("--denoise", denoise, listen_int),
    LISTEN_CFG("--vad-postspeech", vad_postspeech, listen_int),
    LISTEN_CFG("--vad-early", vad_early, listen_int),
    LISTEN_CFG("--talk-enter", talk_enter, listen_double),
    LISTEN_CFG("--talk-word", talk_word, listen_double),
    {"--block", CLI_OPT_CALL, offsetof(listen_opts, block), 1, 4800, listen_int, NULL},
    {"--model", CLI_OPT_STRING, offsetof(listen_opts, cfg.model_dir), 0, 0, NULL, NULL},
    CLI_END,
};
/* every problem is an unknown option, a knob without its value too */
static const cli_spec listen_spec = {"listen", "listen", listen_options, true};

int cli_listen(int argc, char **argv)
{
    listen_opts o = {.block = 320, .cfg = asr_config_default()};
    cli_args args;
    const char *arg;
    cli_args_begin(&args, &listen_spec, &o, argc, argv);
    int prc = cli_args_next(&args, &arg);
    if (prc == CLI_ARGS_POSITIONAL) {
        cli_error("unknown option '%s' for listen; try 'coach listen --help'", arg);
        return EXIT_USAGE;
    }
    if (prc == CLI_ARGS_HELP)
        fputs(listen_usage, stdout);
    if (prc)
        return prc < 0 ? 0 : prc;
    if (o.menu && o.tracking) {
        cli_error("--menu and --tracking are two different contexts: give one");
        return EXIT_USAGE;
    }
    unsigned context = o.menu ? COMMAND_MENU : o.tracking ? COMMAND_SESSION | COMMAND_TRACKING : COMMAND_SESSION;
    const char *in = o.in;
    asr_config cfg = o.cfg;
    long block = o.block;
    if (o.phrases)
        return print_phrases(context);
    if (!in) {
        cli_error("listening to the live microphone is not built yet; give a recording with --in FILE.wav");
        return EXIT_UNAVAILABLE;
    }
    if (cli_input_check(in, "--in"))
        return EXIT_NOINPUT;
    coach_diags *d = coach_diags_create();
    capture *cap = NULL;
    asr *a = NULL;
    coach_err err = capture_open(in, &cap, d);
    command_grammar g;
    command_grammar_make(&g, context, o.attention);
    cfg.phrases = g.phrase;
    cfg.n_phrases = g.n;
    if (!err)
        err = asr_create(&cfg, &a, d);
    if (!err) {
        float buf[4800];
        size_t n;
        while ((n = capture_read(cap, buf, (size_t)block)) > 0)
            asr_feed(a, buf, n, on_utterance, NULL);
        asr_finish(a, on_utterance, NULL);
    }
    coach_diags_print(d, stderr);
    asr_destroy(a);
    capture_close(cap);
    coach_diags_destroy(d);
    return coach_err_exit_code(err);
}
