/* settings.h: the user's own settings (docs/menu.md): speech rate, volume,
 * how much the coach says, its voice, whether it asks the next-day
 * question, how long menus wait, and what it listens for. Kept as YAML in the XDG config folder
 * (~/.config/coach/config.yaml), read strictly like a routine (every
 * problem at its line and column), written whole and renamed into place. */
#ifndef COACH_SETTINGS_H
#define COACH_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "coach/diag.h"

typedef enum { DETAIL_BRIEF, DETAIL_NORMAL, DETAIL_DETAILED } detail_level;
/* What the coach listens for (docs/recognition.md): every command; commands
 * only after its name ("coach, skip"; answers and red flags are always
 * heard); or nothing: the keys alone. */
typedef enum { LISTENING_OPEN, LISTENING_ATTENTION, LISTENING_KEYS } listening_mode;

/* The voices the settings menu offers, in order (eSpeak NG names). */
extern const char *const settings_voices[];

typedef struct settings {
    int rate;              /* words a minute, 80-450; 0: each routine's own */
    int volume;            /* 0-100; -1: each routine's own */
    detail_level detail;   /* form cues and confirmations */
    char voice[64];        /* an eSpeak NG voice; "": each routine's own */
    bool ask_next_day;     /* the next-day question (docs/progression.md) */
    int menu_timeout;      /* seconds a menu waits before it reminds; 0: never */
    listening_mode listening; /* open, attention or keys */
} settings;

/* Everything as the routines have it; normal detail; the next-day question
 * asked; menus remind after 10 seconds. */
settings settings_default(void);
/* The default file: $XDG_CONFIG_HOME/coach/config.yaml, else
 * ~/.config/coach/config.yaml; COACH_ERR_UNAVAILABLE when neither is set. */
coach_err settings_default_path(char *buf, size_t size, coach_diags *diags);
/* Reads path into *out (on top of the defaults). A missing file is the
 * defaults (COACH_OK); a file with problems is COACH_ERR_DATA with each one
 * at its line and column, and *out keeps the defaults. */
coach_err settings_load(const char *path, settings *out, coach_diags *diags);
/* Parses text (for tests and the loader). */
coach_err settings_parse(const char *name, const char *text, size_t len, settings *out,
                         coach_diags *diags);
/* Writes s as YAML, with a comment for each key. */
void settings_write(const settings *s, FILE *f);
/* Saves s to path: the folder is made (0700), a temporary file written,
 * synced and renamed over the old one. COACH_ERR_IO with a sentence. */
coach_err settings_save(const char *path, const settings *s, coach_diags *diags);
/* A voice's name as said ("British English" for en-gb); other voices as given. */
const char *settings_voice_name(const char *voice);
/* "brief", "normal", "detailed". */
const char *settings_detail_name(detail_level d);
/* "open", "attention", "keys". */
const char *settings_listening_name(listening_mode l);

#endif
