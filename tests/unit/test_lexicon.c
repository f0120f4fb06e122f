/* test_lexicon.c: the pronunciation lexicon (src/tts/lexicon.h), with
 * eSpeak NG itself: for every word of the table, eSpeak NG reads the
 * overridden word as the table's phonemes, and reads the word as written
 * differently (else the entry is not needed); the exception is kept; and
 * the rewriting itself: whole words, case, a text too long. */
#include <espeak-ng/speak_lib.h>
#include <string.h>

#include "check.h"
#include "tts/lexicon.h"
#include "tts/tts.h"

/* True when the phonemes of text hold want. */
static int reads(tts *t, const char *text, const char *want)
{
    char ph[512];
    tts_phonemes(t, text, ph, sizeof ph);
    if (!strstr(ph, want))
        fprintf(stderr, "  \"%s\" reads as \"%s\", wanted \"%s\"\n", text, ph, want);
    return strstr(ph, want) != NULL;
}

int main(void)
{
    coach_diags *d = coach_diags_create();
    tts *t = NULL;
    CHECK_INT(tts_create(NULL, &t, d), COACH_OK);
    size_t n = 0;
    const lexicon_entry *e = lexicon_entries(&n);
    CHECK(n >= 1);
    for (size_t k = 0; k < n; k++) {
        char said[128], alone[64], cap[64];
        /* the word alone (a tempo word), and starting a sentence */
        snprintf(alone, sizeof alone, "%s", e[k].word);
        CHECK(reads(t, alone, e[k].phonemes));
        snprintf(cap, sizeof cap, "%s", e[k].word);
        cap[0] = (char)(cap[0] - 'a' + 'A');
        snprintf(said, sizeof said, "%s the door slowly.", cap);
        CHECK(reads(t, said, e[k].phonemes));
        /* eSpeak NG alone reads the word otherwise: the entry is needed */
        const void *p = e[k].word;
        const char *raw = espeak_TextToPhonemes(&p, espeakCHARS_UTF8, 0);
        CHECK(raw && strstr(raw, e[k].phonemes) == NULL);
    }
    /* close: "close to" means near, and stays as written */
    char out[256];
    CHECK(!lexicon_apply("Keep a chair close to your mat.", out, sizeof out));
    CHECK_STR(out, "Keep a chair close to your mat.");
    CHECK(lexicon_apply("Bring the arm back slowly to close the book.", out, sizeof out));
    CHECK_STR(out, "Bring the arm back slowly to cloze the book.");
    CHECK(lexicon_apply("Close the knee slowly.", out, sizeof out));
    CHECK_STR(out, "Cloze the knee slowly.");
    CHECK(lexicon_apply("close", out, sizeof out));
    CHECK_STR(out, "cloze");
    /* whole words only */
    CHECK(!lexicon_apply("Step closer. It is closed. Enclose it.", out, sizeof out));
    CHECK_STR(out, "Step closer. It is closed. Enclose it.");
    /* too long for the buffer: unchanged as far as it fits */
    char small[6];
    CHECK(!lexicon_apply("close the door", small, sizeof small));
    CHECK_STR(small, "close");
    /* the reading eSpeak NG gives the words as written (what the lexicon mends) */
    char ph[256];
    tts_phonemes(t, "close to your mat", ph, sizeof ph);
    CHECK(strstr(ph, "kl'oUs") != NULL);
    tts_destroy(t);
    coach_diags_destroy(d);
    CHECK_DONE();
}
