/* asr.c: PocketSphinx with a grammar made from the command table. */
#include "asr.h"

#include <pocketsphinx.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../session/commands.h"

#define DEFAULT_MODELS "/usr/share/pocketsphinx/model/en-us"

struct asr {
    ps_decoder_t *ps;
    cmd_ln_t *config;
    char *grammar;
    bool in_utt, in_speech;
    uint64_t fed;          /* samples fed so far */
    uint64_t speech_start; /* sample where the current utterance began */
    int16_t buf[4096];
};

static const char *const numbers[] = {"zero", "one", "two", "three", "four", "five",
                                      "six", "seven", "eight", "nine", "ten"};

/* True when every word of phrase is in the decoder's dictionary. */
static bool known(ps_decoder_t *ps, const char *phrase)
{
    char copy[256];
    snprintf(copy, sizeof copy, "%s", phrase);
    for (char *w = strtok(copy, " "); w; w = strtok(NULL, " ")) {
        if (strcmp(w, "<n>") == 0)
            continue;
        char *pron = ps_lookup_word(ps, w);
        if (!pron)
            return false;
        ckd_free(pron);
    }
    return true;
}

/* The JSGF grammar: every phrase of the command table whose words the
 * dictionary knows, "<n>" standing for a number from zero to ten. */
static char *make_grammar(ps_decoder_t *ps)
{
    size_t cap = 8192, used = 0;
    char *g = malloc(cap);
    if (!g)
        return NULL;
    used += (size_t)snprintf(g, cap, "#JSGF V1.0;\ngrammar coach;\n<number> = ");
    for (int i = 0; i <= 10; i++)
        used += (size_t)snprintf(g + used, cap - used, "%s%s", i ? " | " : "", numbers[i]);
    used += (size_t)snprintf(g + used, cap - used, ";\npublic <command> = ");
    command_id id;
    const char *ph;
    bool first = true;
    for (size_t i = 0; (ph = command_phrase(i, &id)) != NULL; i++) {
        if (!known(ps, ph))
            continue;
        char out[300];
        command_phrase_fill(ph, "<number>", out, sizeof out);
        if (used + strlen(out) + 8 >= cap) {
            cap *= 2;
            char *ng = realloc(g, cap);
            if (!ng) {
                free(g);
                return NULL;
            }
            g = ng;
        }
        used += (size_t)snprintf(g + used, cap - used, "%s%s", first ? "" : " | ", out);
        first = false;
    }
    snprintf(g + used, cap - used, ";\n");
    return g;
}

coach_err asr_create(const char *model_dir, asr **out, coach_diags *diags)
{
    *out = NULL;
    const char *dir = model_dir ? model_dir : DEFAULT_MODELS;
    char hmm[1024], dict[1024];
    snprintf(hmm, sizeof hmm, "%s/en-us", dir);
    snprintf(dict, sizeof dict, "%s/cmudict-en-us.dict", dir);
    struct stat st;
    if (stat(hmm, &st) != 0 || stat(dict, &st) != 0) {
        coach_diags_add(diags, dir, 0, 0,
                        "the speech recognition models are missing (install pocketsphinx-en-us)");
        return COACH_ERR_UNAVAILABLE;
    }
    asr *a = calloc(1, sizeof *a);
    if (!a)
        return COACH_ERR_NOMEM;
    a->config = cmd_ln_init(NULL, ps_args(), TRUE, "-hmm", hmm, "-dict", dict, "-logfn",
                            "/dev/null", "-vad_postspeech", "25", NULL);
    a->ps = a->config ? ps_init(a->config) : NULL;
    if (!a->ps) {
        coach_diags_add(diags, dir, 0, 0, "the speech recogniser could not start");
        asr_destroy(a);
        return COACH_ERR_UNAVAILABLE;
    }
    a->grammar = make_grammar(a->ps);
    if (!a->grammar || ps_set_jsgf_string(a->ps, "commands", a->grammar) != 0 ||
        ps_set_search(a->ps, "commands") != 0) {
        coach_diags_add(diags, NULL, 0, 0, "internal: the command grammar was refused");
        asr_destroy(a);
        return COACH_ERR_INTERNAL;
    }
    *out = a;
    return COACH_OK;
}

void asr_destroy(asr *a)
{
    if (!a)
        return;
    if (a->ps)
        ps_free(a->ps);
    if (a->config)
        cmd_ln_free_r(a->config);
    free(a->grammar);
    free(a);
}

const char *asr_grammar(const asr *a)
{
    return a->grammar;
}

static void report(asr *a, asr_sink sink, void *ctx)
{
    ps_end_utt(a->ps);
    a->in_utt = false;
    int32 score = 0;
    const char *hyp = ps_get_hyp(a->ps, &score);
    asr_utterance u = {(double)a->speech_start / 16000.0, (double)a->fed / 16000.0,
                       hyp ? hyp : "", score};
    sink(ctx, &u);
}

void asr_feed(asr *a, const float *samples, size_t n, asr_sink sink, void *ctx)
{
    while (n > 0) {
        size_t k = n < 4096 ? n : 4096;
        for (size_t i = 0; i < k; i++) {
            float x = samples[i] * 32767.0f;
            a->buf[i] = (int16_t)(x > 32767 ? 32767 : x < -32768 ? -32768 : x);
        }
        if (!a->in_utt) {
            ps_start_utt(a->ps);
            a->in_utt = true;
        }
        ps_process_raw(a->ps, a->buf, k, FALSE, FALSE);
        bool speech = ps_get_in_speech(a->ps) != 0;
        if (speech && !a->in_speech)
            a->speech_start = a->fed;
        a->fed += k;
        if (!speech && a->in_speech)
            report(a, sink, ctx);
        a->in_speech = speech;
        samples += k;
        n -= k;
    }
}

void asr_finish(asr *a, asr_sink sink, void *ctx)
{
    if (a->in_utt && a->in_speech)
        report(a, sink, ctx);
    else if (a->in_utt)
        ps_end_utt(a->ps);
    a->in_utt = a->in_speech = false;
}
