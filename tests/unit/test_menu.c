/* test_menu.c: the spoken menu as a program, with a virtual clock and a
 * stand-in length of speech (60 ms a character): the greeting's suggestion,
 * the main menu, the list and its numbers, every setting changed by voice
 * and heard at once, the reminders after a quiet while (and none when they
 * are off), what it does not understand, the keys, and quitting. */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "session/commands.h"
#include "session/menu.h"

#define RATE 48000
#define SEC(x) ((uint64_t)((x) * RATE + 0.5))

typedef struct act {
    action a;
    char text[400];
} act;

typedef struct run {
    act acts[600];
    int n;
} run;

static uint64_t fake_measure(void *ctx, const char *text, int rate)
{
    (void)ctx;
    return (uint64_t)(strlen(text) * 0.06 * RATE * 165.0 / rate);
}

static void sink(void *ctx, const action *a)
{
    run *r = ctx;
    if (r->n >= 600)
        return;
    act *x = &r->acts[r->n++];
    x->a = *a;
    snprintf(x->text, sizeof x->text, "%s", a->text ? a->text : "");
}

static const menu_item items[] = {
    {"core", "Core stability", 32, 10, NULL},
    {"day-one", "Day one at home", 29, 9, NULL},
    {"desk", "Desk break", 2, 3, NULL},
    {"twelve", "Twelve weeks", 25, 8, "week three of twelve"},
};

typedef struct said {
    double t;
    const char *text;
} said;

/* Runs a menu with script sc until it is done or idle with the script used
 * up (or 600 s); returns the menu's result. */
static menu_choice play(settings *st, int suggested, const said *sc, run *r, int *item,
                        bool *changed)
{
    menu_outcome out;
    menu_config cfg = {items, 4, suggested, false, false, st, true, true, RATE, fake_measure, NULL, &out};
    program p;
    memset(r, 0, sizeof *r);
    CHECK_INT(menu_create(&cfg, &p), COACH_OK);
    p.start(p.self, 0);
    int k = 0;
    while (!p.done(p.self)) {
        uint64_t due = p.next_frame(p.self);
        if (sc && sc[k].text && SEC(sc[k].t) <= due) {
            p.hear(p.self, SEC(sc[k].t), sc[k].text, sink, r);
            k++;
            continue;
        }
        if ((!sc || !sc[k].text) && p.idle(p.self) && due > SEC(600))
            break;
        if (due == UINT64_MAX || due > SEC(600))
            break;
        p.advance(p.self, due, sink, r);
    }
    menu_choice c = out.choice;
    *item = out.item;
    *changed = out.changed;
    CHECK(p.key != NULL && p.idle != NULL && p.context == COMMAND_MENU);
    p.destroy(p.self);
    return c;
}

static const act *find(const run *r, const char *name, const char *kind, int from)
{
    for (int i = from; i < r->n; i++)
        if (r->acts[i].a.name && strcmp(r->acts[i].a.name, name) == 0 &&
            (!kind || (r->acts[i].a.kind && strcmp(r->acts[i].a.kind, kind) == 0)))
            return &r->acts[i];
    return NULL;
}

static const act *said_text(const run *r, const char *part)
{
    for (int i = 0; i < r->n; i++)
        if (r->acts[i].a.type == ACTION_SAY && strstr(r->acts[i].text, part))
            return &r->acts[i];
    return NULL;
}

static int count_say(const run *r, const char *part)
{
    int n = 0;
    for (int i = 0; i < r->n; i++)
        n += r->acts[i].a.type == ACTION_SAY && strstr(r->acts[i].text, part) != NULL;
    return n;
}

/* No two sentences overlap, and actions come in time order. */
static void check_order(const run *r)
{
    uint64_t last = 0, busy = 0;
    for (int i = 0; i < r->n; i++) {
        CHECK(r->acts[i].a.frame >= last);
        last = r->acts[i].a.frame;
        if (r->acts[i].a.type == ACTION_SAY) {
            CHECK(r->acts[i].a.frame >= busy);
            busy = r->acts[i].a.frame + r->acts[i].a.duration;
        }
    }
}

int main(void)
{
    settings st = settings_default();
    run *r = malloc(sizeof *r);
    int item;
    bool changed;
    if (!r)
        return 1;

    /* the greeting names the likely next step; "start" begins it */
    said s1[] = {{6, "start"}, {0, NULL}};
    CHECK_INT(play(&st, 1, s1, r, &item, &changed), MENU_START);
    CHECK_INT(item, 1);
    CHECK(said_text(r, "Say start for Day one at home, or say menu.") != NULL);
    CHECK(find(r, "menu", "greeting", 0) != NULL);
    const act *ch = find(r, "choose", NULL, 0);
    CHECK(ch && strcmp(ch->a.answer, "start") == 0 && ch->a.value == 2 && strcmp(ch->text, "day-one") == 0);
    CHECK(said_text(r, "Starting Day one at home.") != NULL);
    CHECK(!changed);
    check_order(r);

    /* the list: next, back, a number; a number out of range is said so */
    said s2[] = {{6, "menu"}, {12, "list"}, {20, "next"}, {26, "back"}, {32, "seven"}, {38, "three"}, {0, NULL}};
    CHECK_INT(play(&st, -1, s2, r, &item, &changed), MENU_START);
    CHECK_INT(item, 2);
    CHECK(said_text(r, "Hello, this is coach. Say menu to hear what you can do.") != NULL);
    CHECK(said_text(r, "Main menu. You can say start, list, history, settings, help, or quit.") != NULL);
    CHECK(said_text(r, "There are four routines.") != NULL);
    CHECK_INT(count_say(r, "One: Core stability, about thirty-two minutes, ten exercises."), 2);
    CHECK(said_text(r, "Two: Day one at home") != NULL);
    CHECK(said_text(r, "There is no routine seven. There are four.") != NULL);
    CHECK(find(r, "menu", "main", 0) && find(r, "menu", "list", 0));
    check_order(r);

    /* a programme: where the user is in it, in the list and in the greeting */
    said s6[] = {{8, "list"}, {16, "next"}, {22, "next"}, {28, "next"}, {34, "start"}, {0, NULL}};
    CHECK_INT(play(&st, 3, s6, r, &item, &changed), MENU_START);
    CHECK_INT(item, 3);
    CHECK(said_text(r, "Welcome back. Say start for Twelve weeks, week three of twelve, or say menu.") != NULL);
    CHECK(said_text(r, "Four: Twelve weeks, a programme. You are in week three of twelve; today's "
                       "session is about twenty-five minutes, eight exercises.") != NULL);

    /* every setting, by voice, heard at once */
    said s3[] = {{6, "settings"}, {14, "faster"}, {20, "faster"}, {26, "next"}, {32, "louder"},
                 {38, "next"}, {44, "change"}, {50, "next"}, {56, "change"}, {62, "next"},
                 {68, "no"}, {74, "next"}, {80, "change"}, {86, "next"}, {92, "change"},
                 {104, "next"}, {110, "quit"}, {0, NULL}};
    CHECK_INT(play(&st, -1, s3, r, &item, &changed), MENU_QUIT);
    CHECK(changed);
    CHECK_INT(st.rate, 205);
    CHECK_INT(st.volume, 90);
    CHECK_INT(st.detail, DETAIL_DETAILED);
    CHECK_STR(st.voice, "en-us"); /* from each routine's own to the first of the list */
    CHECK(!st.ask_next_day);
    CHECK_INT(st.menu_timeout, 20);
    CHECK_INT(st.listening, LISTENING_ATTENTION);
    const act *sample = said_text(r, "Two hundred and five words a minute. This is how I sound now.");
    CHECK(sample && sample->a.rate == 205);
    const act *ev = find(r, "setting", NULL, 0);
    CHECK(ev && strcmp(ev->a.field, "rate") == 0 && ev->a.previous == 165 && ev->a.value == 185);
    CHECK(said_text(r, "Volume ninety.") != NULL);
    CHECK(said_text(r, "Detail: detailed.") != NULL);
    CHECK(said_text(r, "Voice: American English.") != NULL);
    CHECK(said_text(r, "The question about the day after a session: off.") != NULL);
    CHECK(said_text(r, "Reminders in the menu: after twenty seconds of quiet.") != NULL);
    CHECK(said_text(r, "Listening: open. I act on every command I hear.") != NULL);
    CHECK(said_text(r, "Listening: attention. From your next session, I act on a command only after you say coach") != NULL);
    CHECK(said_text(r, "That was the last setting.") != NULL);
    CHECK(said_text(r, "Goodbye.") != NULL);
    CHECK(r->acts[r->n - 1].a.type == ACTION_EARCON && strcmp(r->acts[r->n - 1].a.name, "end") == 0);
    check_order(r);

    /* a quiet while: where they are and what they can say, again and again;
     * reminders off: none */
    st = settings_default();
    said s4[] = {{6, "menu"}, {45, "quit"}, {0, NULL}};
    play(&st, -1, s4, r, &item, &changed);
    CHECK(count_say(r, "You're in the main menu. You can say start, list") >= 2);
    const act *rem = find(r, "menu", "main", 0);
    rem = rem ? find(r, "menu", "main", (int)(rem - r->acts) + 1) : NULL;
    CHECK(rem && rem->a.reason && strcmp(rem->a.reason, "reminder") == 0);
    st.menu_timeout = 0;
    play(&st, -1, s4, r, &item, &changed);
    CHECK_INT(count_say(r, "You're in the"), 0);

    /* what it does not know, and a session's word, are not guessed at */
    st = settings_default();
    said s5[] = {{6, "banana"}, {12, "easier"}, {18, "help"}, {24, "goodbye"}, {0, NULL}};
    CHECK_INT(play(&st, -1, s5, r, &item, &changed), MENU_QUIT);
    CHECK_INT(count_say(r, "Sorry, I didn't catch that."), 2);
    CHECK(find(r, "unrecognized", NULL, 0) && find(r, "error", NULL, 0));
    CHECK(said_text(r, "On the keyboard: the arrows move") != NULL);

    /* the keys */
    menu_config cfg = {items, 4, -1, false, false, &st, true, true, RATE, fake_measure, NULL, NULL};
    program p;
    CHECK_INT(menu_create(&cfg, &p), COACH_OK);
    p.start(p.self, 0);
    CHECK_STR(p.key(p.self, '3'), "three");
    CHECK_STR(p.key(p.self, KEY_DOWN), "next");
    CHECK_STR(p.key(p.self, KEY_UP), "back");
    CHECK_STR(p.key(p.self, ' '), "repeat");
    CHECK_STR(p.key(p.self, 'q'), "quit");
    CHECK_STR(p.key(p.self, KEY_ESCAPE), "menu");
    memset(r, 0, sizeof *r);
    p.hear(p.self, SEC(6), p.key(p.self, KEY_DOWN) ? "list" : "", sink, r);
    CHECK_STR(p.key(p.self, '\n'), "yes");
    CHECK_STR(p.key(p.self, KEY_ESCAPE), "back");
    CHECK(p.key(p.self, 'x') == NULL);
    p.hear(p.self, SEC(12), p.key(p.self, '\n'), sink, r);
    p.advance(p.self, SEC(60), sink, r);
    CHECK(p.done(p.self));
    p.destroy(p.self);

    /* a menu needs its settings and a way to measure speech */
    menu_config bad = cfg;
    bad.settings = NULL;
    CHECK_INT(menu_create(&bad, &p), COACH_ERR_USAGE);
    free(r);
    CHECK_DONE();
}
