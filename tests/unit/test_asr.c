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
    /* every phrase of the table is in the grammar, or uses a word the
     * dictionary lacks (then it is left out, never half-included) */
    command_id id;
    const char *ph;
    int in = 0, total = 0;
    for (size_t i = 0; (ph = command_phrase(i, &id)) != NULL; i++) {
        total++;
        char want[300];
        snprintf(want, sizeof want, "%s", ph);
        char *slot = strstr(want, "<n>");
        if (slot) {
            char tail[100];
            snprintf(tail, sizeof tail, "%s", slot + 3);
            snprintf(slot, sizeof want - (size_t)(slot - want), "<number>%s", tail);
        }
        if (strstr(g, want))
            in++;
        /* and each phrase, with a number where it takes one, is a command */
        char said[300];
        snprintf(said, sizeof said, "%s", ph);
        char *n = strstr(said, "<n>");
        if (n) {
            char tail[100];
            snprintf(tail, sizeof tail, "%s", n + 3);
            snprintf(n, sizeof said - (size_t)(n - said), "six%s", tail);
        }
        CHECK(command_parse(said).id == id);
    }
    CHECK(in >= total - 3);
    asr_destroy(a);
    coach_diags_destroy(d);
    CHECK_DONE();
}
