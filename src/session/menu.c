/* menu.c: the spoken menu, as a program. */
#include "menu.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "plan.h"
#include "../core/defaults.h"
#include "../core/templates.h"

typedef enum { AT_GREETING, AT_MAIN, AT_LIST, AT_SETTINGS, AT_DONE } place;
enum { MAIN_START, MAIN_LIST, MAIN_HISTORY, MAIN_SETTINGS, MAIN_HELP, MAIN_QUIT, MAIN_N };
enum { SET_RATE, SET_VOLUME, SET_DETAIL, SET_VOICE, SET_NEXT_DAY, SET_TIMEOUT, SET_LISTENING, SET_N };
static const int timeouts[] = {5, 10, 20, 30, 60, 0};

typedef struct menu menu;
struct menu {
    menu_config cfg;
    place at;
    int main_pos;      /* the main menu's cursor */
    int list_pos;      /* the routine the list is at */
    int set_pos;       /* the setting the settings menu is at */
    bool started, ended;
    uint64_t start_at;
    plan plan;         /* speech, earcons and events; items' text: the sentence, or an event's */
    uint64_t lane_free; /* speech planned so far ends here */
    uint64_t speaking;  /* the speech already out ends here */
    uint64_t remind_at; /* UINT64_MAX: no reminder due */
    menu_outcome own;      /* the outcome when the caller keeps none */
    menu_outcome *out;     /* cfg.outcome, or &own */
};

static uint64_t frames(const menu *m, double seconds)
{
    return (uint64_t)(seconds * m->cfg.sample_rate + 0.5);
}

static int speech_rate(const menu *m)
{
    return m->cfg.settings->rate > 0 ? m->cfg.settings->rate : COACH_DEFAULT_RATE;
}

/* Plans an action at frame, after those planned at or before it. */
static plan_item *push(menu *m, uint64_t frame, action_type type, const char *name,
                       const char *text)
{
    action a = action_make(type, frame);
    a.name = name;
    plan_item *p = plan_push(&m->plan, a);
    if (text)
        plan_item_set_text(p, text);
    return p;
}

/* Plans earcon e at frame. */
static void push_earcon(menu *m, uint64_t frame, earcon e)
{
    plan_push(&m->plan, action_earcon(e, frame));
}

/* Says text after what is being said (and not before frame); returns its end. */
static uint64_t say(menu *m, uint64_t frame, const char *text)
{
    uint64_t t = frame > m->lane_free ? frame : m->lane_free;
    int rate = speech_rate(m);
    plan_item *p = push(m, t, ACTION_SAY, NULL, text);
    p->a.duration = m->cfg.measure(m->cfg.measure_ctx, text, rate);
    p->a.rate = rate;
    m->lane_free = t + p->a.duration + frames(m, SESSION_GAP_S);
    return m->lane_free;
}

static void say_t(menu *m, uint64_t frame, tmpl_id id, const tmpl_args *a)
{
    char buf[COACH_SENTENCE_MAX];
    tmpl_format(buf, sizeof buf, id, a);
    say(m, frame, buf);
}

static plan_item *event(menu *m, uint64_t frame, const char *name, const char *kind)
{
    plan_item *p = push(m, frame, ACTION_EVENT, name, NULL);
    p->a.kind = kind;
    return p;
}

static const char *place_name(const menu *m)
{
    switch (m->at) {
    case AT_LIST: return "list of routines";
    case AT_SETTINGS: return "settings";
    default: return "main menu";
    }
}

static const char *place_kind(place at)
{
    switch (at) {
    case AT_GREETING: return "greeting";
    case AT_LIST: return "list";
    case AT_SETTINGS: return "settings";
    default: return "main";
    }
}

/* What the user can say where they are. */
static const char *options(const menu *m)
{
    if (m->at == AT_LIST)
        return "start, a number, next, back, or menu";
    if (m->at == AT_SETTINGS) {
        switch (m->set_pos) {
        case SET_RATE: return "faster, slower, next, back, or menu";
        case SET_VOLUME: return "louder, softer, next, back, or menu";
        case SET_NEXT_DAY: return "yes, no, next, back, or menu";
        default: return "change, next, back, or menu";
        }
    }
    if (m->at == AT_GREETING && m->cfg.suggested >= 0)
        return "start, or menu";
    return m->cfg.offer_history ? "start, list, history, settings, help, or quit"
                                : "start, list, help, or quit";
}

/* Arms the reminder: the menu's timeout after the speech planned so far. */
static void arm(menu *m)
{
    int t = m->cfg.settings->menu_timeout;
    m->remind_at = t > 0 ? m->lane_free + frames(m, t) : UINT64_MAX;
}

static void say_item(menu *m, uint64_t frame)
{
    const menu_item *it = &m->cfg.items[m->list_pos];
    char len[200], min[64], ex[64];
    tmpl_number_words(min, sizeof min, it->minutes);
    tmpl_number_words(ex, sizeof ex, it->exercises);
    snprintf(len, sizeof len, "about %s minute%s, %s exercise%s", min, it->minutes == 1 ? "" : "s",
             ex, it->exercises == 1 ? "" : "s");
    tmpl_args a = {.n = m->list_pos + 1, .title = it->title, .text = len, .name = it->place};
    say_t(m, frame, it->place ? T_MENU_ITEM_PROGRAMME : T_MENU_ITEM, &a);
}

static void say_setting(menu *m, uint64_t frame)
{
    const settings *st = m->cfg.settings;
    tmpl_args a = {0};
    switch (m->set_pos) {
    case SET_RATE:
        a.n = speech_rate(m);
        say_t(m, frame, T_SET_RATE, &a);
        break;
    case SET_VOLUME:
        a.n = st->volume >= 0 ? st->volume : COACH_DEFAULT_VOLUME;
        say_t(m, frame, T_SET_VOLUME, &a);
        break;
    case SET_DETAIL:
        a.name = settings_detail_name(st->detail);
        a.text = st->detail == DETAIL_BRIEF    ? "Counts and the essentials only."
                 : st->detail == DETAIL_NORMAL ? "Form cues in the first set."
                                               : "Form cues in every set.";
        say_t(m, frame, T_SET_DETAIL, &a);
        break;
    case SET_VOICE:
        a.name = st->voice[0] ? settings_voice_name(st->voice) : "each routine's own";
        say_t(m, frame, T_SET_VOICE, &a);
        break;
    case SET_NEXT_DAY:
        say_t(m, frame, st->ask_next_day ? T_SET_NEXT_DAY_ON : T_SET_NEXT_DAY_OFF, NULL);
        break;
    case SET_LISTENING:
        say_t(m, frame,
              st->listening == LISTENING_ATTENTION ? T_SET_LISTENING_ATTENTION
              : st->listening == LISTENING_KEYS    ? T_SET_LISTENING_KEYS
                                                   : T_SET_LISTENING_OPEN,
              NULL);
        break;
    default:
        a.n = st->menu_timeout;
        say_t(m, frame, st->menu_timeout > 0 ? T_SET_TIMEOUT : T_SET_TIMEOUT_OFF, &a);
        break;
    }
}

/* Enters a place: its event and its prompt. */
static void go(menu *m, uint64_t frame, place to)
{
    m->at = to;
    event(m, frame, "menu", place_kind(to));
    tmpl_args a = {.text = options(m)};
    if (to == AT_MAIN) {
        say_t(m, frame, T_MENU_MAIN, &a);
    } else if (to == AT_LIST) {
        a.n = (int)m->cfg.n;
        say_t(m, frame, T_MENU_LIST_INTRO, &a);
        say_item(m, frame);
    } else if (to == AT_SETTINGS) {
        say_t(m, frame, T_MENU_SETTINGS, NULL);
        say_setting(m, frame);
    }
    arm(m);
}

/* The user chose: the menu ends after saying so. */
static void choose(menu *m, uint64_t frame, menu_choice c, int item)
{
    m->out->choice = c;
    m->out->item = item;
    plan_item *ev = event(m, frame, "choose", place_kind(m->at));
    ev->a.answer = c == MENU_START ? "start" : c == MENU_HISTORY ? "history" : "quit";
    if (c == MENU_START) {
        ev->a.value = item + 1;
        ev->a.text = m->cfg.items[item].id;
        tmpl_args a = {.title = m->cfg.items[item].title};
        say_t(m, frame, T_MENU_STARTING, &a);
    } else if (c == MENU_HISTORY) {
        say_t(m, frame, T_MENU_HISTORY, NULL);
    } else {
        say_t(m, frame, T_MENU_GOODBYE, NULL);
    }
    m->at = AT_DONE;
    m->remind_at = UINT64_MAX;
    push_earcon(m, m->lane_free, c == MENU_QUIT ? EARCON_END : EARCON_ACK);
}

/* A setting changed: its event, then the new value heard. */
static void changed(menu *m, uint64_t frame, const char *field, int previous, int value)
{
    plan_item *ev = event(m, frame, "setting", NULL);
    ev->a.field = field;
    ev->a.previous = previous;
    ev->a.value = value;
    if (strcmp(field, "volume") == 0)
        push(m, frame, ACTION_CONTROL, NULL, NULL)->a.value = value; /* CONTROL_VOLUME */
    m->out->changed = true;
}

static void adjust(menu *m, uint64_t frame, command_id id)
{
    settings *st = m->cfg.settings;
    tmpl_args a = {0};
    if (m->set_pos == SET_RATE && (id == CMD_FASTER || id == CMD_SLOWER || id == CMD_SPEAK_FASTER ||
                                   id == CMD_SPEAK_SLOWER)) {
        int old = speech_rate(m);
        int v = old + (id == CMD_FASTER || id == CMD_SPEAK_FASTER ? 20 : -20);
        if (v < 80 || v > 450) {
            say_t(m, frame, T_SETTING_LIMIT, NULL);
            return;
        }
        st->rate = v;
        changed(m, frame, "rate", old, v);
        a.n = v;
        say_t(m, frame, T_SET_RATE_SAMPLE, &a); /* said at the new rate */
    } else if (m->set_pos == SET_VOLUME && (id == CMD_LOUDER || id == CMD_SOFTER)) {
        int old = st->volume >= 0 ? st->volume : COACH_DEFAULT_VOLUME;
        int v = old + (id == CMD_LOUDER ? 10 : -10);
        if (v < 10 || v > 100) {
            say_t(m, frame, T_SETTING_LIMIT, NULL);
            return;
        }
        st->volume = v;
        changed(m, frame, "volume", old, v);
        a.n = v;
        say_t(m, frame, T_SET_VOLUME_SAMPLE, &a);
    } else if (m->set_pos == SET_DETAIL && id == CMD_CHANGE) {
        int old = st->detail;
        st->detail = (detail_level)((st->detail + 1) % 3);
        changed(m, frame, "detail", old, st->detail);
        say_setting(m, frame);
    } else if (m->set_pos == SET_VOICE && id == CMD_CHANGE) {
        int i = 0;
        while (settings_voices[i] && strcmp(settings_voices[i], st->voice) != 0)
            i++;
        int next = settings_voices[i] && settings_voices[i + 1] ? i + 1 : 0;
        changed(m, frame, "voice", i, next);
        snprintf(st->voice, sizeof st->voice, "%s", settings_voices[next]);
        say_setting(m, frame);
    } else if (m->set_pos == SET_NEXT_DAY && (id == CMD_YES || id == CMD_NO)) {
        bool on = id == CMD_YES;
        if (on != st->ask_next_day)
            changed(m, frame, "ask_next_day", st->ask_next_day, on);
        st->ask_next_day = on;
        say_setting(m, frame);
    } else if (m->set_pos == SET_TIMEOUT && id == CMD_CHANGE) {
        size_t k = 0, n = sizeof timeouts / sizeof timeouts[0];
        while (k < n && timeouts[k] != st->menu_timeout)
            k++;
        int old = st->menu_timeout;
        st->menu_timeout = timeouts[k < n ? (k + 1) % n : 1];
        changed(m, frame, "menu_timeout", old, st->menu_timeout);
        say_setting(m, frame);
    } else if (m->set_pos == SET_LISTENING && id == CMD_CHANGE) {
        int old = st->listening;
        st->listening = (listening_mode)((st->listening + 1) % 3);
        changed(m, frame, "listening", old, st->listening);
        say_setting(m, frame);
    } else {
        a.text = options(m);
        say_t(m, frame, T_MENU_NOT_HEARD, &a);
    }
}

static void help(menu *m, uint64_t frame)
{
    tmpl_args a = {.name = place_name(m), .text = options(m)};
    say_t(m, frame, m->cfg.keys ? T_MENU_HELP_KEYS : T_MENU_HELP, &a);
}

/* The main menu's item at its cursor, said as a word. */
static const char *main_item_name(int i)
{
    static const char *const names[] = {"Start", "List routines", "History", "Settings", "Help", "Quit"};
    return names[i];
}

static void main_move(menu *m, uint64_t frame, int dir)
{
    do
        m->main_pos = (m->main_pos + dir + MAIN_N) % MAIN_N;
    while (!m->cfg.offer_history && (m->main_pos == MAIN_HISTORY || m->main_pos == MAIN_SETTINGS));
    tmpl_args a = {.name = main_item_name(m->main_pos)};
    say_t(m, frame, T_MENU_MAIN_ITEM, &a);
}

static void start_suggested_or_list(menu *m, uint64_t frame)
{
    if (m->cfg.suggested >= 0)
        choose(m, frame, MENU_START, m->cfg.suggested);
    else
        go(m, frame, AT_LIST);
}

static void main_select(menu *m, uint64_t frame, int item)
{
    switch (item) {
    case MAIN_START: start_suggested_or_list(m, frame); break;
    case MAIN_LIST: go(m, frame, AT_LIST); break;
    case MAIN_HISTORY: choose(m, frame, MENU_HISTORY, -1); break;
    case MAIN_SETTINGS: go(m, frame, AT_SETTINGS); break;
    case MAIN_HELP: help(m, frame); break;
    default: choose(m, frame, MENU_QUIT, -1); break;
    }
}

/* Commands that mean the same anywhere; false when c is not one of them. */
static bool act_anywhere(menu *m, uint64_t frame, command c)
{
    switch (c.id) {
    case CMD_QUIT:
        choose(m, frame, MENU_QUIT, -1);
        return true;
    case CMD_MENU:
        go(m, frame, AT_MAIN);
        return true;
    case CMD_HELP:
        help(m, frame);
        return true;
    case CMD_LIST:
        go(m, frame, AT_LIST);
        return true;
    case CMD_HISTORY:
        if (!m->cfg.offer_history)
            return false;
        choose(m, frame, MENU_HISTORY, -1);
        return true;
    case CMD_SETTINGS:
        if (!m->cfg.offer_history)
            return false;
        go(m, frame, AT_SETTINGS);
        return true;
    case CMD_REPEAT:
        if (m->at == AT_LIST)
            say_item(m, frame);
        else if (m->at == AT_SETTINGS)
            say_setting(m, frame);
        else
            go(m, frame, m->at == AT_GREETING ? AT_MAIN : m->at);
        return true;
    default:
        return false;
    }
}

/* In the greeting or the main menu; false when c means nothing there. */
static bool act_main(menu *m, uint64_t frame, command c)
{
    if (c.id == CMD_START) {
        start_suggested_or_list(m, frame);
        return true;
    }
    if (m->at == AT_GREETING && (c.id == CMD_SKIP || c.id == CMD_BACK || c.id == CMD_YES)) {
        go(m, frame, AT_MAIN); /* an arrow or enter in the greeting: the menu */
        return true;
    }
    if (m->at == AT_MAIN && (c.id == CMD_SKIP || c.id == CMD_BACK)) {
        main_move(m, frame, c.id == CMD_SKIP ? 1 : -1);
        return true;
    }
    if (m->at == AT_MAIN && c.id == CMD_YES) {
        main_select(m, frame, m->main_pos);
        return true;
    }
    if (c.id == CMD_STOP) {
        choose(m, frame, MENU_QUIT, -1);
        return true;
    }
    return false;
}

/* In the list of routines; false when c means nothing there. */
static bool act_list(menu *m, uint64_t frame, command c)
{
    if (c.id == CMD_START || c.id == CMD_YES) {
        choose(m, frame, MENU_START, m->list_pos);
        return true;
    }
    if (c.id == CMD_NUMBER) {
        if (c.value >= 1 && (size_t)c.value <= m->cfg.n) {
            choose(m, frame, MENU_START, c.value - 1);
        } else {
            tmpl_args a = {.n = c.value, .m = (int)m->cfg.n};
            say_t(m, frame, T_MENU_NO_SUCH, &a);
        }
        return true;
    }
    if (c.id == CMD_SKIP) {
        if ((size_t)m->list_pos + 1 < m->cfg.n) {
            m->list_pos++;
            say_item(m, frame);
        } else {
            say_t(m, frame, T_MENU_LIST_END, NULL);
        }
        return true;
    }
    if (c.id == CMD_BACK || c.id == CMD_STOP) {
        if (m->list_pos > 0 && c.id == CMD_BACK) {
            m->list_pos--;
            say_item(m, frame);
        } else {
            go(m, frame, AT_MAIN);
        }
        return true;
    }
    return false;
}

/* In the settings: moving between them, else a change of the current one. */
static void act_settings(menu *m, uint64_t frame, command c)
{
    if (c.id == CMD_SKIP) {
        if (m->set_pos + 1 < SET_N) {
            m->set_pos++;
            say_setting(m, frame);
        } else {
            say_t(m, frame, T_SET_LAST, NULL);
        }
    } else if (c.id == CMD_BACK || c.id == CMD_STOP) {
        if (m->set_pos > 0 && c.id == CMD_BACK) {
            m->set_pos--;
            say_setting(m, frame);
        } else {
            go(m, frame, AT_MAIN);
        }
    } else {
        adjust(m, frame, c.id);
    }
}

/* Acts on command c heard at frame in the current place. */
static void act(menu *m, uint64_t frame, command c)
{
    if (act_anywhere(m, frame, c))
        return;
    switch (m->at) {
    case AT_GREETING:
    case AT_MAIN:
        if (act_main(m, frame, c))
            return;
        break;
    case AT_LIST:
        if (act_list(m, frame, c))
            return;
        break;
    case AT_SETTINGS:
        act_settings(m, frame, c);
        return;
    default:
        break;
    }
    tmpl_args a = {.text = options(m)};
    say_t(m, frame, T_MENU_NOT_HEARD, &a);
}

/* ---- the program interface ------------------------------------------------------ */

static void me_start(void *self, uint64_t frame)
{
    menu *m = self;
    m->started = true;
    m->start_at = frame;
    push_earcon(m, frame, EARCON_START);
    uint64_t t = frame + frames(m, earcon_seconds(EARCON_START));
    m->lane_free = t;
    if (m->cfg.returning) {
        go(m, t, AT_MAIN);
        return;
    }
    m->at = AT_GREETING;
    event(m, t, "menu", "greeting");
    tmpl_args a = {0};
    if (m->cfg.suggested >= 0) {
        const menu_item *it = &m->cfg.items[m->cfg.suggested];
        a.title = it->title;
        a.name = it->place;
        say_t(m, t, it->place ? T_MENU_HELLO_PROGRAMME
                    : m->cfg.suggested_again ? T_MENU_HELLO_AGAIN : T_MENU_HELLO_SUGGEST, &a);
    } else {
        say_t(m, t, T_MENU_HELLO, NULL);
    }
    arm(m);
}

static uint64_t me_next(const void *self)
{
    const menu *m = self;
    if (m->ended)
        return UINT64_MAX;
    if (plan_count(&m->plan)) {
        uint64_t f = plan_next_frame(&m->plan);
        return f < m->remind_at ? f : m->remind_at;
    }
    if (m->at == AT_DONE)
        return m->lane_free; /* the end, once the last words are said */
    return m->remind_at;
}

static void me_advance(void *self, uint64_t frame, action_sink sink, void *ctx)
{
    menu *m = self;
    for (;;) {
        uint64_t due = me_next(m);
        if (due == UINT64_MAX || due > frame)
            return;
        plan_item p;
        if (plan_next_frame(&m->plan) == due && plan_pop(&m->plan, &p)) {
            if (p.text && (p.a.type == ACTION_SAY || !p.a.text))
                p.a.text = p.text;
            if (p.a.type == ACTION_SAY && p.a.frame + p.a.duration > m->speaking)
                m->speaking = p.a.frame + p.a.duration;
            sink(ctx, &p.a);
            free(p.text);
            continue;
        }
        if (m->at == AT_DONE) {
            m->ended = true;
            return;
        }
        /* quiet for a while: where they are, and what they can say */
        tmpl_args a = {.name = place_name(m), .text = options(m)};
        if (m->at == AT_GREETING)
            m->at = AT_MAIN;
        m->lane_free = due > m->lane_free ? due : m->lane_free;
        event(m, due, "menu", place_kind(m->at))->a.reason = "reminder";
        a.name = place_name(m);
        say_t(m, due, T_MENU_WHERE, &a);
        arm(m);
    }
}

static void me_hear(void *self, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    menu *m = self;
    me_advance(m, frame, sink, ctx);
    if (m->at == AT_DONE || !m->started)
        return;
    command c = command_parse(text);
    if (!command_in_context(c.id, COMMAND_MENU))
        c.id = CMD_NONE;
    plan_truncate(&m->plan, frame);
    /* what was being said runs to its end; the answer follows */
    uint64_t busy = frame > m->speaking ? frame : m->speaking;
    for (size_t i = 0; i < plan_count(&m->plan); i++) {
        const action *a = &plan_at(&m->plan, i)->a;
        if (a->type == ACTION_SAY && a->frame + a->duration > busy)
            busy = a->frame + a->duration;
    }
    m->lane_free = busy;
    if (c.id == CMD_NONE) {
        push_earcon(m, frame, EARCON_ERROR);
        plan_item *ev = event(m, frame, "unrecognized", NULL);
        plan_item_set_text(ev, text);
        ev->a.text = ev->text;
        m->lane_free = busy > frame + frames(m, earcon_seconds(EARCON_ERROR))
                           ? busy
                           : frame + frames(m, earcon_seconds(EARCON_ERROR));
        tmpl_args a = {.text = options(m)};
        say_t(m, m->lane_free, T_MENU_NOT_HEARD, &a);
        arm(m);
        me_advance(m, frame, sink, ctx);
        return;
    }
    push_earcon(m, frame, EARCON_ACK);
    plan_item *ev = event(m, frame, "command", NULL);
    ev->a.command = command_name(c.id);
    if (c.value >= 0)
        ev->a.value = c.value;
    uint64_t after_ack = frame + frames(m, earcon_seconds(EARCON_ACK));
    if (m->lane_free < after_ack)
        m->lane_free = after_ack;
    act(m, frame, c);
    if (m->at != AT_DONE)
        arm(m);
    me_advance(m, frame, sink, ctx);
}

static bool me_done(const void *self)
{
    return ((const menu *)self)->ended;
}

static bool me_paused(const void *self)
{
    (void)self;
    return false;
}

static bool me_idle(const void *self)
{
    const menu *m = self;
    return m->started && m->at != AT_DONE && plan_count(&m->plan) == 0;
}

static const char *me_key(const void *self, int key)
{
    static const char *const digits[] = {"zero", "one", "two", "three", "four",
                                         "five", "six", "seven", "eight", "nine"};
    const menu *m = self;
    if (key >= '1' && key <= '9')
        return digits[key - '0'];
    switch (key) {
    case KEY_DOWN:
    case KEY_RIGHT:
        return "next";
    case KEY_UP:
    case KEY_LEFT:
        return "back";
    case '\n':
        return m->at == AT_SETTINGS ? "change" : m->at == AT_GREETING ? "start" : "yes";
    case ' ':
        return "repeat";
    case KEY_ESCAPE:
        return m->at == AT_MAIN || m->at == AT_GREETING ? "menu" : "back";
    case 'q':
    case 'Q':
        return "quit";
    case '?':
        return "help";
    case 'y':
        return "yes";
    case 'n':
        return "no";
    case '+':
        return m->set_pos == SET_VOLUME ? "louder" : "faster";
    case '-':
        return m->set_pos == SET_VOLUME ? "softer" : "slower";
    default:
        return NULL;
    }
}

static void me_destroy(void *self)
{
    menu *m = self;
    if (!m)
        return;
    plan_free(&m->plan);
    free(m);
}

static void me_upcoming(const void *self, uint64_t before, action_visit visit, void *ctx)
{
    const menu *m = self;
    plan_each_say(&m->plan, before, visit, ctx);
}

coach_err menu_create(const menu_config *cfg, program *out)
{
    memset(out, 0, sizeof *out);
    if (!cfg || !cfg->measure || !cfg->settings || cfg->sample_rate <= 0 ||
        (cfg->n > 0 && !cfg->items))
        return COACH_ERR_USAGE;
    menu *m = calloc(1, sizeof *m);
    if (!m)
        return COACH_ERR_NOMEM;
    m->cfg = *cfg;
    plan_init(&m->plan, 0);
    if (m->cfg.suggested >= (int)cfg->n)
        m->cfg.suggested = -1;
    m->remind_at = UINT64_MAX;
    m->out = cfg->outcome ? cfg->outcome : &m->own;
    *m->out = (menu_outcome){MENU_QUIT, -1, false};
    program p = {m,         me_start,   me_next, me_advance, me_hear,      me_done,
                 me_paused, me_destroy, me_key,  me_idle,    COMMAND_MENU, me_upcoming};
    *out = p;
    return COACH_OK;
}
