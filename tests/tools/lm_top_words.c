/* lm_top_words.c: prints the N most frequent words of a PocketSphinx
 * language model (by unigram probability; ties by spelling), one a line.
 * src/asr/talkwords.c, the recogniser's words of ordinary talk, was made with
 *   lm_top_words /usr/share/pocketsphinx/model/en-us/en-us.lm.bin 250
 * Exit codes: 64 usage, 66 the model cannot be read, 70 out of memory. */
#include <pocketsphinx.h>
#include <sphinxbase/ngram_model.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *word;
    int32 score;
} word_score;

/* Most probable first; equal ones by spelling, so the output is stable. */
static int by_score(const void *pa, const void *pb)
{
    const word_score *a = pa, *b = pb;
    if (a->score != b->score)
        return a->score > b->score ? -1 : 1;
    return strcmp(a->word, b->word);
}

int main(int argc, char **argv)
{
    if (argc != 3 || atoi(argv[2]) <= 0) {
        fprintf(stderr, "usage: lm_top_words MODEL.lm.bin N\n");
        return 64;
    }
    logmath_t *lmath = logmath_init(1.0001, 0, 0);
    ngram_model_t *m = lmath ? ngram_model_read(NULL, argv[1], NGRAM_AUTO, lmath) : NULL;
    if (!m) {
        fprintf(stderr, "lm_top_words: cannot read the language model %s\n", argv[1]);
        logmath_free(lmath);
        return 66;
    }
    /* the iterators are not exported by 0.8+5prealpha: walk the unigrams by id */
    int32 n = (int32)ngram_model_get_counts(m)[0];
    word_score *all = calloc((size_t)n, sizeof *all);
    if (!all) {
        ngram_model_free(m);
        logmath_free(lmath);
        return 70;
    }
    size_t k = 0;
    for (int32 i = 0; i < n; i++) {
        const char *w = ngram_word(m, i);
        if (!w || w[0] == '<') /* <s>, </s>, <sil> */
            continue;
        all[k].word = w;
        all[k].score = ngram_score(m, w, NULL);
        k++;
    }
    qsort(all, k, sizeof *all, by_score);
    size_t want = (size_t)atoi(argv[2]);
    for (size_t i = 0; i < k && i < want; i++)
        printf("%s\n", all[i].word);
    free(all);
    ngram_model_free(m);
    logmath_free(lmath);
    return 0;
}
