/* keys.h: the keyboard, for people who cannot use their voice. When standard
 * input is a terminal it is put in raw mode (each key at once, no echo) and
 * restored at exit, on Ctrl-C and on SIGTERM; when it is a pipe, its bytes
 * are read as keys (tests type that way). */
#ifndef COACH_KEYS_H
#define COACH_KEYS_H

#include <stdbool.h>

/* What the keys do, said once a live session plays (player_config.live_note). */
#define KEYS_SESSION_NOTE                                                                      \
    "keys: space pause/resume, s skip, e easier, h harder, r repeat, 0-9 pain, y/n answer, "   \
    "q stop, ? help"

/* Starts reading keys. True when standard input is a terminal. */
bool keys_open(void);
/* The next key typed, or -1 when none is waiting (never blocks). For the
 * player's read_key hook; ctx is unused. */
int keys_read(void *ctx);
/* Restores the terminal; harmless when keys_open was not called. */
void keys_close(void);
/* The terminal as it was, from a signal handler (async-signal-safe). */
void keys_restore_now(void);

#endif
