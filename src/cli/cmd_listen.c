/* cmd_listen.c: `coach listen --in FILE.wav`: the recogniser alone. One JSON
 * line per utterance (GUIDE 4.4): start, end, text, command, value, score;
 * an utterance the command table does not know has "command":null. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
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
    printf(",\"score\":%d,\"confidence\":%d", (int)u->score, (int)u->confidence);
    if (u->rejected)
        printf(",\"rejected\":\"%s\"", u->rejected);
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

int cli_listen(int argc, char **argv)
{
    const char *in = NULL;
    asr_config cfg = asr_config_default();
    unsigned context = COMMAND_SESSION;
    const char *heard_phrases[COMMAND_PHRASES_MAX];
    bool phrases = false;
    long block = 320;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0) {
            fputs("usage: coach listen --in FILE.wav [--menu] [--no-log] [tuning options]\n"
                  "       coach listen --phrases [--menu]\n"
                  "  Runs the recogniser alone on a WAV file (any rate, mono or stereo) and\n"
                  "  prints one JSON line per utterance. --phrases prints every phrase it\n"
                  "  knows, with its command and value, tab-separated. It listens for what\n"
                  "  a session hears; --menu, for what the spoken menu hears.\n"
                  "Tuning (docs/recognition.md; the defaults were measured):\n"
                  "  --min-confidence N   set aside utterances scoring below N (-40)\n"
                  "  --min-seconds S, --max-seconds S   utterance length limits (0.25, 2.0)\n"
                  "  --denoise DB         noise suppression before decoding, 0 off (15)\n"
                  "  --vad-postspeech N   10 ms frames of quiet that end an utterance (20)\n"
                  "  --vad-threshold X    dB over the noise floor that start speech (8)\n"
                  "  --block N            samples handed to the recogniser at a time, 1-4800\n"
                  "                       (320; a live microphone's blocks are other sizes)\n",
                  stdout);
            return 0;
        }
        if (strcmp(argv[i], "--phrases") == 0) {
            phrases = true;
            continue;
        }
        if (strcmp(argv[i], "--menu") == 0) {
            context = COMMAND_MENU;
            continue;
        }
        if (strcmp(argv[i], "--no-log") == 0)
            continue;
        if (strcmp(argv[i], "--in") == 0 && i + 1 < argc) {
            in = argv[++i];
            continue;
        }
        /* tuning knobs (docs/recognition.md) */
        char *end = NULL;
        if (i + 1 < argc && strcmp(argv[i], "--min-confidence") == 0) {
            cfg.min_confidence = (int32_t)strtol(argv[++i], &end, 10);
        } else if (i + 1 < argc && strcmp(argv[i], "--max-seconds") == 0) {
            cfg.max_seconds = strtod(argv[++i], &end);
        } else if (i + 1 < argc && strcmp(argv[i], "--min-seconds") == 0) {
            cfg.min_seconds = strtod(argv[++i], &end);
        } else if (i + 1 < argc && strcmp(argv[i], "--vad-threshold") == 0) {
            cfg.vad_threshold = strtod(argv[++i], &end);
        } else if (i + 1 < argc && strcmp(argv[i], "--denoise") == 0) {
            cfg.denoise = (int)strtol(argv[++i], &end, 10);
        } else if (i + 1 < argc && strcmp(argv[i], "--vad-postspeech") == 0) {
            cfg.vad_postspeech = (int)strtol(argv[++i], &end, 10);
        } else if (i + 1 < argc && strcmp(argv[i], "--block") == 0) {
            block = strtol(argv[++i], &end, 10);
            if (block < 1 || block > 4800)
                end = argv[i]; /* reported below */
        }
        if (end) {
            if (*end || end == argv[i]) {
                cli_error("%s wants a number, not '%s'", argv[i - 1], argv[i]);
                return EXIT_USAGE;
            }
            continue;
        }
        cli_error("unknown option '%s' for listen; try 'coach listen --help'", argv[i]);
        return EXIT_USAGE;
    }
    if (phrases)
        return print_phrases(context);
    if (!in) {
        cli_error("listening to the live microphone is not built yet; give a recording with --in FILE.wav");
        return EXIT_UNAVAILABLE;
    }
    coach_diags *d = coach_diags_create();
    capture *cap = NULL;
    asr *a = NULL;
    coach_err err = capture_open(in, &cap, d);
    cfg.phrases = heard_phrases;
    cfg.n_phrases = command_phrases(context, heard_phrases, COMMAND_PHRASES_MAX);
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
