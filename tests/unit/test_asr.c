/* test_asr.c: the recognition grammar is generated from the command table:
 * every phrase whose words the dictionary knows is in it, numbers are one
 * rule, and what it can produce maps back to a command. */
#include "asr/asr.h"
#include "check.h"
#include "session/commands.h"

int main(void)
{
    coach_diags *d = coach_diags_create();
    asr *a = NULL;
    CHECK_INT(asr_create(NULL, &a, d), COACH_OK);
    coach_diags_print(d, stderr);
    if (!a)
        CHECK_DONE();
    const char *g = asr_grammar(a);
    CHECK_CONTAINS(g, "#JSGF V1.0;");
    CHECK_CONTAINS(g, "<number> = zero | one | two | three | four | five | six | seven | eight | nine | ten;");
    CHECK_CONTAINS(g, "pain <number>");
    CHECK_CONTAINS(g, "public <command> = skip | next |");
    CHECK_CONTAINS(g, "make it easier");
    CHECK_CONTAINS(g, "speak slower");
    CHECK_CONTAINS(g, "bladder changes");
    /* every phrase of the table is in the grammar (the dictionary knows all
     * their words today; a phrase with an unknown word would be left out
     * whole, and this check would name it), and each, as said, is its
     * command */
    command_id id;
    const char *ph;
    for (size_t i = 0; (ph = command_phrase(i, &id)) != NULL; i++) {
        char want[300], said[300];
        command_phrase_fill(ph, "<number>", want, sizeof want);
        if (!strstr(g, want))
            fprintf(stderr, "not in the grammar: %s\n", want);
        CHECK(strstr(g, want) != NULL);
        command_phrase_fill(ph, "six", said, sizeof said);
        CHECK(command_parse(said).id == id);
    }
    char filled[64];
    command_phrase_fill("pain is <n> now", "six", filled, sizeof filled);
    CHECK_STR(filled, "pain is six now");
    asr_destroy(a);
    coach_diags_destroy(d);
    CHECK_DONE();
}
