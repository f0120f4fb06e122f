/* commands.h: the one table from spoken phrases to commands. The
 * recogniser's text, --script lines and the keyboard all go through it, and
 * the recognition grammar is generated from it. */
#ifndef COACH_COMMANDS_H
#define COACH_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

typedef enum command_id {
    CMD_NONE = 0,
    CMD_SKIP, CMD_EASIER, CMD_HARDER, CMD_PAUSE, CMD_RESUME, CMD_REPEAT,
    CMD_WHATS_NEXT, CMD_HOW_MANY_LEFT, CMD_SLOWER, CMD_FASTER, CMD_LOUDER,
    CMD_SOFTER, CMD_SPEAK_SLOWER, CMD_SPEAK_FASTER, CMD_STOP, CMD_HELP,
    CMD_YES, CMD_NO, CMD_CANCEL, CMD_BETTER, CMD_SAME, CMD_WORSE,
    CMD_PAIN,      /* with a value 0-10: "pain six" */
    CMD_NUMBER,    /* a bare number 0-10: a pain rating after a pain question; minutes
                      or a rating after a tracking question; else nothing */
    CMD_RED_FLAG,  /* new numbness, leg weakness, bladder or bowel changes */
    CMD_AMOUNT,    /* a length of time in minutes ("fifteen minutes", "an hour"):
                      an answer to a tracking question only (COMMAND_TRACKING) */
    /* the menu's (docs/menu.md) */
    CMD_START, CMD_LIST, CMD_HISTORY, CMD_SETTINGS, CMD_MENU, CMD_QUIT, CMD_BACK, CMD_CHANGE,
    CMD_COUNT
} command_id;

/* What a red flag heard is about (CMD_RED_FLAG's value): each kind has
 * its own advice (docs/session.md). */
typedef enum red_flag_kind {
    RED_FLAG_NERVE,   /* numbness, tingling or weakness in a leg: new or spreading */
    RED_FLAG_URGENT,  /* bladder or bowel control, numbness around the bottom (saddle) */
    RED_FLAG_ILLNESS, /* fever, night sweats, weight loss without trying */
    RED_FLAG_INJURY,  /* a recent fall or accident */
    RED_FLAG_KINDS
} red_flag_kind;

typedef struct command {
    command_id id;
    int value;     /* CMD_PAIN, CMD_NUMBER: 0-10; CMD_RED_FLAG: its red_flag_kind;
                      CMD_AMOUNT: minutes; else -1 */
} command;

/* Parses what the user said. Case, punctuation and extra spaces do not
 * matter; anything not in the table is CMD_NONE. */
command command_parse(const char *text);
/* The command's name as the timeline writes it ("skip", "whats_next"). */
const char *command_name(command_id id);

/* True when the command, heard while the coach is speaking, cuts the
 * sentence short (barge-in): everything that changes the session or
 * answers it (skip, pause, stop, pain, red flags, easier, harder, repeat,
 * yes and no). Requests about the playback or for information (louder,
 * slower, what's next, help) let the sentence finish, then act. */
bool command_cuts(command_id id);

/* True when the command may be acted on though the echo canceller could
 * not tell it from the coach's own voice (bargein.h's unsure verdict, said
 * over the coach): it only says something (repeat, what's next, how many
 * left, help), so a mistake costs a sentence. Everything that changes the
 * session unasked, every answer (the coach's own question, echoed, holds
 * its answers' words), "stop" (an answer to "stop?", and the menu's way
 * out) and a red flag (asked back first, but the ask-back's own words,
 * echoed, would answer it) need a voice the canceller vouched for
 * (docs/recognition.md). */
bool command_safe_unsure(command_id id);

/* Keys beyond bytes, as the keyboard reader returns them. */
enum { KEY_ESCAPE = 27, KEY_UP = 0x101, KEY_DOWN, KEY_RIGHT, KEY_LEFT };

/* Where a phrase is heard: the recogniser's grammar holds a context's
 * phrases only, so the menu's words cannot be misheard in a session. The
 * kiosk's idle (docs/kiosk.md) hears only "start" and "help". The amounts
 * of time (COMMAND_TRACKING) are in the grammar only of a session that
 * will ask the weekly tracking questions, and mean something only while
 * one is asked. */
enum { COMMAND_SESSION = 1, COMMAND_MENU = 2, COMMAND_KIOSK = 4, COMMAND_TRACKING = 8 };

/* The phrases of the table, for grammar generation and docs: the i-th
 * phrase and its command; NULL past the end. Pain phrases are written with
 * "<n>" for the number. */
const char *command_phrase(size_t i, command_id *id);
/* The most phrases of one context. */
enum { COMMAND_PHRASES_MAX = 256 };
/* Puts in out (up to max) the phrases heard in context, as the recogniser
 * takes them (asr_config.phrases); returns how many. */
size_t command_phrases(unsigned context, const char **out, size_t max);
/* The attention word: "coach, skip". Said before a command it is ignored
 * (command_parse); with listening set to attention, the commands that
 * need it are listened for only after it (docs/recognition.md). */
#define COMMAND_ATTENTION_WORD "coach"
/* True when, with listening set to attention, command id is heard only
 * after the attention word: every command but the answers to the coach's
 * questions (yes, no, cancel, better, same, worse, a bare number, an
 * amount of time), which mean something only while one is asked, the red
 * flags, which are always heard, and the menu's and the kiosk's own words
 * ("start", "list", "quit"...), which mean nothing in a session. */
bool command_needs_attention(command_id id);
/* The phrases the recogniser listens for in a context, ready for
 * asr_config.phrases: command_phrases', those that need it after the
 * attention word when attention is true. */
typedef struct command_grammar {
    const char *phrase[COMMAND_PHRASES_MAX];
    char text[COMMAND_PHRASES_MAX][48];
    size_t n;
} command_grammar;
void command_grammar_make(command_grammar *g, unsigned context, bool attention);
/* True when some phrase of command id is heard in context (CMD_NONE: always). */
bool command_in_context(command_id id, unsigned context);
/* The contexts (COMMAND_SESSION, COMMAND_MENU) of the i-th phrase. */
unsigned command_phrase_contexts(size_t i);
/* Writes phrase into buf with its "<n>" (if any) replaced by fill, such as
 * "six" (a phrase as said) or "<number>" (a grammar rule). */
void command_phrase_fill(const char *phrase, const char *fill, char *buf, size_t size);

/* The phrase a key stands for (the keyboard goes through the same table as
 * speech): space pauses, or resumes when paused; s skip, e easier, h
 * harder, r repeat, y yes, n no, q stop, ? help, a digit "pain N".
 * Upper case counts too. NULL for any other key. */
const char *command_key(int key, bool paused);

#endif
