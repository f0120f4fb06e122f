/* test_text.c: UTF-8 validation, positions, edit distance, ids, words. */
#include "check.h"
#include "core/text.h"

int main(void)
{
    /* UTF-8 */
    CHECK_INT(text_utf8_invalid_at("plain", 5), 5);
    CHECK_INT(text_utf8_invalid_at("caf\xc3\xa9", 5), 5);
    CHECK_INT(text_utf8_invalid_at("ab\xff", 3), 2);
    CHECK_INT(text_utf8_invalid_at("ab\xc3", 3), 2);          /* truncated sequence */
    CHECK_INT(text_utf8_invalid_at("\xc0\xaf", 2), 0);        /* overlong '/' */
    CHECK_INT(text_utf8_invalid_at("\xed\xa0\x80", 3), 0);    /* surrogate */
    CHECK_INT(text_utf8_invalid_at("\xf4\x90\x80\x80", 4), 0); /* > U+10FFFF */
    CHECK_INT(text_utf8_invalid_at("\xf0\x9f\x98\x80!", 5), 5); /* emoji is fine */

    /* positions count characters, not bytes */
    int line, col;
    text_line_col("ab\ncd", 4, &line, &col);
    CHECK_INT(line, 2);
    CHECK_INT(col, 2);
    text_line_col("a\rb\r\nc", 5, &line, &col); /* YAML's line breaks */
    CHECK_INT(line, 3);
    CHECK_INT(col, 1);
    text_line_col("\xc3\xa9x", 2, &line, &col);
    CHECK_INT(line, 1);
    CHECK_INT(col, 2);

    /* edit distance and suggestions */
    CHECK_INT(text_edit_distance("rest", "rest", 3), 0);
    CHECK_INT(text_edit_distance("rset", "rest", 3), 1); /* a swap is one typo */
    CHECK_INT(text_edit_distance("rset", "sets", 3), 2);
    CHECK_INT(text_edit_distance("kitten", "sitting", 5), 3);
    CHECK_INT(text_edit_distance("a", "abcdefgh", 2), 3); /* gives up past the limit */
    static const char *const keys[] = {"sets", "reps", "rest", "tempo", "side", NULL};
    CHECK_STR(text_did_you_mean("tempi", keys), "tempo");
    CHECK_STR(text_did_you_mean("repss", keys), "reps");
    CHECK(text_did_you_mean("colour", keys) == NULL);

    /* ids and words */
    CHECK(text_is_id("dead-bug"));
    CHECK(text_is_id("a1"));
    CHECK(!text_is_id("Dead-bug"));
    CHECK(!text_is_id("1abc"));
    CHECK(!text_is_id(""));
    CHECK(!text_is_id("dead_bug"));
    CHECK_INT(text_word_count("Lie on your back, knees bent."), 6);
    CHECK_INT(text_word_count(""), 0);
    CHECK_DONE();
}
