/* test_asr.c: the recognition grammar is generated from the command table:
 * every phrase whose words the dictionary knows is in it, numbers are one
 * rule, and what it can produce maps back to a command. The keyboard goes
 * through the same table; the half-duplex gate sets aside what overlaps
 * the coach's sounds, widened by its lead and tail. */
#include "asr/asr.h"
#include "asr/selfvoice.h"
#include "check.h"
#include "session/commands.h"

static void test_keys(void)
{
    CHECK_STR(command_key(' ', false), "pause");
    CHECK_STR(command_key(' ', true), "resume");
    const char *keys = "sehryq?SE";
    command_id want[] = {CMD_SKIP, CMD_EASIER, CMD_HARDER, CMD_REPEAT, CMD_YES, CMD_STOP,
                         CMD_HELP, CMD_SKIP, CMD_EASIER};
    for (size_t i = 0; keys[i]; i++) {
        const char *ph = command_key(keys[i], false);
        CHECK(ph != NULL);
        if (ph)
            CHECK_INT(command_parse(ph).id, want[i]);
    }
    CHECK_INT(command_parse(command_key('n', false)).id, CMD_NO);
    for (int k = '0'; k <= '9'; k++) {
        command c = command_parse(command_key(k, false));
        CHECK_INT(c.id, CMD_PAIN);
        CHECK_INT(c.value, k - '0');
    }
    CHECK(command_key('x', false) == NULL);
    CHECK(command_key(27, false) == NULL);  /* escape */
    CHECK(command_key(-1, false) == NULL);
    CHECK(command_key(300, false) == NULL);
}

static void test_selfvoice(void)
{
    selfvoice *sv = selfvoice_create(10, 30);
    CHECK(!selfvoice_overlaps(sv, 0, 1000));             /* the coach has said nothing */
    selfvoice_note(sv, 1000, 2000);
    CHECK(selfvoice_overlaps(sv, 1500, 1600));           /* inside */
    CHECK(selfvoice_overlaps(sv, 500, 1000));            /* ends as the coach starts */
    CHECK(selfvoice_overlaps(sv, 500, 990));             /* within the lead */
    CHECK(!selfvoice_overlaps(sv, 500, 989));
    CHECK(selfvoice_overlaps(sv, 2030, 2500));           /* within the tail */
    CHECK(!selfvoice_overlaps(sv, 2031, 2500));
    CHECK(selfvoice_overlaps(sv, 0, 5000));              /* spans it */
    /* it remembers the last 64 sounds */
    for (uint64_t i = 0; i < 64; i++)
        selfvoice_note(sv, 10000 + i * 1000, 10000 + i * 1000 + 100);
    CHECK(!selfvoice_overlaps(sv, 1500, 1600));          /* forgotten */
    CHECK(selfvoice_overlaps(sv, 10050, 10060));
    CHECK(!selfvoice_overlaps(sv, 10200, 10900));        /* a gap */
    selfvoice_destroy(sv);
    selfvoice_destroy(NULL);
}

int main(void)
{
    test_keys();
    test_selfvoice();
    asr_config def = asr_config_default();
    CHECK(def.min_seconds > 0 && def.min_seconds < def.max_seconds);
    coach_diags *d = coach_diags_create();
    asr_config bad = def;
    bad.model_dir = "/nonexistent";
    asr *none = NULL;
    CHECK_INT(asr_create(&bad, &none, d), COACH_ERR_UNAVAILABLE);
    CHECK(none == NULL);
    CHECK(coach_diags_count(d) == 1);
    coach_diags_destroy(d);
    d = coach_diags_create();
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
