/* menu.h: the spoken menu (docs/menu.md), a program (program.h) the player
 * runs like a session. It greets with the likely next step, then offers:
 * start, list routines, history, settings, help, quit. The list reads the
 * routines one at a time; settings change the speech rate, volume, detail,
 * voice, the next-day question and the menu's reminders, each heard at
 * once. Every prompt can be repeated; after a quiet while (the settings'
 * menu_timeout) it says where the user is and what they can say. It ends
 * when the user starts a routine, asks for their history, or quits. Keys:
 * arrows move, enter chooses, digits pick, space repeats, escape goes back,
 * q quits, ? helps. */
#ifndef COACH_MENU_H
#define COACH_MENU_H

#include <stdbool.h>
#include <stddef.h>

#include "program.h"
#include "../store/settings.h"

typedef struct menu_item {
    const char *id;
    const char *title;
    int minutes;       /* its length, rounded */
    int exercises;
    const char *place; /* a programme: where the user is in it ("week three of
                          twelve: Build capacity"); NULL for a routine */
} menu_item;

typedef enum { MENU_QUIT, MENU_START, MENU_HISTORY } menu_choice;

/* What the user chose, kept by the caller: it outlives the program (the
 * player frees the program when it ends). */
typedef struct menu_outcome {
    menu_choice choice;
    int item;           /* MENU_START: the routine's index; else -1 */
    bool changed;       /* the settings were changed (the caller saves them) */
} menu_outcome;

typedef struct menu_config {
    const menu_item *items;   /* the routines, in the order read */
    size_t n;
    int suggested;            /* the likely next routine (an index), -1 none */
    bool suggested_again;     /* it was the last one done */
    bool returning;           /* back from a session or the history: no greeting */
    settings *settings;       /* read, and changed in place by the settings menu */
    bool offer_history;       /* history and settings are offered (not in a kiosk) */
    bool keys;                /* the user has a keyboard: help names the keys */
    int sample_rate;
    action_measure measure;
    void *measure_ctx;
    menu_outcome *outcome;    /* filled in as the user chooses; may be NULL */
} menu_config;

/* A menu as a program (it owns the menu). What the user chooses goes to
 * cfg->outcome. */
coach_err menu_create(const menu_config *cfg, program *out);

#endif
