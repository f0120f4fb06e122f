/* monologue.c: sentences said one after another, as a program. */
#include "monologue.h"
#include "engine.h"

#include <stdlib.h>
#include <string.h>

#include "commands.h"


typedef struct mono {
    char **text;
    uint64_t *len;          /* each sentence's frames */
    size_t n;
    int rate, sample_rate;
    uint64_t gap, ack, start_len, end_len;
    /* the plan: sentence `next` is due at `due` (n: the end earcon) */
    size_t next;
    uint64_t due;
    bool started, opened, ended, done, paused;
    uint64_t start_at;      /* the start earcon */
    bool ack_due;           /* an acknowledgement earcon is due at ack_at */
    uint64_t ack_at;
    uint64_t lane_free;     /* the sentence being said ends here */
} mono;

static uint64_t frames(const mono *m, double seconds)
{
    return (uint64_t)(seconds * m->sample_rate + 0.5);
}

static void m_start(void *self, uint64_t frame)
{
    mono *m = self;
    m->started = true;
    m->start_at = frame;
    m->next = 0;
    m->due = frame + m->start_len;
    m->lane_free = m->due;
}

static uint64_t m_next(const void *self)
{
    const mono *m = self;
    if (m->done || !m->started)
        return UINT64_MAX;
    if (!m->opened)
        return m->start_at;
    uint64_t f = m->paused ? UINT64_MAX : m->due;
    if (m->ack_due && m->ack_at < f)
        f = m->ack_at;
    return f;
}

/* Emits the sentence text at frame: dur frames long at rate. */
static void emit_say(action_sink sink, void *ctx, uint64_t frame, const char *text, uint64_t dur,
                     int rate)
{
    action a = action_make(ACTION_SAY, frame);
    a.text = text;
    a.duration = dur;
    a.rate = rate;
    sink(ctx, &a);
}

/* Emits earcon e at frame. */
static void emit_earcon(action_sink sink, void *ctx, uint64_t frame, earcon e)
{
    action a = action_earcon(e, frame);
    sink(ctx, &a);
}

static void m_advance(void *self, uint64_t frame, action_sink sink, void *ctx)
{
    mono *m = self;
    for (;;) {
        uint64_t f = m_next(m);
        if (f == UINT64_MAX || f > frame)
            return;
        if (!m->opened) {
            emit_earcon(sink, ctx, f, EARCON_START);
            m->opened = true;
            continue;
        }
        if (m->ack_due && m->ack_at == f) {
            m->ack_due = false;
            emit_earcon(sink, ctx, f, EARCON_ACK);
            continue;
        }
        if (m->ended || m->next >= m->n) {
            emit_earcon(sink, ctx, f, EARCON_END);
            m->done = true;
            return;
        }
        emit_say(sink, ctx, f, m->text[m->next], m->len[m->next], m->rate);
        m->lane_free = f + m->len[m->next];
        m->due = m->lane_free + m->gap;
        m->next++;
    }
}

static void m_hear(void *self, uint64_t frame, const char *text, action_sink sink, void *ctx)
{
    mono *m = self;
    (void)sink, (void)ctx;
    if (m->done)
        return;
    command c = command_parse(text);
    if (c.id == CMD_NONE)
        return;
    m->ack_due = true;
    m->ack_at = frame;
    uint64_t after = frame + m->ack;
    switch (c.id) {
    case CMD_REPEAT:
        m->next = 0;
        m->paused = false;
        m->due = after > m->lane_free ? after : m->lane_free;
        break;
    case CMD_STOP:
    case CMD_SKIP:
        m->ended = true;
        m->paused = false;
        m->due = after > m->lane_free ? after : m->lane_free;
        break;
    case CMD_PAUSE:
        m->paused = true;
        break;
    case CMD_RESUME:
        if (m->paused) {
            m->paused = false;
            if (m->due < after)
                m->due = after;
        }
        break;
    default:
        break;
    }
}

static bool m_done(const void *self)
{
    return ((const mono *)self)->done;
}

static bool m_paused(const void *self)
{
    return ((const mono *)self)->paused;
}

/* Paused, it only waits for "resume" (or space). */
static bool m_idle(const void *self)
{
    return ((const mono *)self)->paused && !((const mono *)self)->ack_due;
}

static void m_destroy(void *self)
{
    mono *m = self;
    if (!m)
        return;
    for (size_t i = 0; i < m->n; i++)
        free(m->text[i]);
    free(m->text);
    free(m->len);
    free(m);
}

coach_err monologue_create(const char *const *sentences, size_t n, int rate, int sample_rate,
                           action_measure measure, void *measure_ctx, program *out)
{
    memset(out, 0, sizeof *out);
    if (!measure || sample_rate <= 0)
        return COACH_ERR_USAGE;
    mono *m = calloc(1, sizeof *m);
    if (!m)
        return COACH_ERR_NOMEM;
    m->text = calloc(n ? n : 1, sizeof *m->text);
    m->len = calloc(n ? n : 1, sizeof *m->len);
    if (!m->text || !m->len) {
        m_destroy(m);
        return COACH_ERR_NOMEM;
    }
    m->n = n;
    m->rate = rate;
    m->sample_rate = sample_rate;
    for (size_t i = 0; i < n; i++) {
        m->text[i] = strdup(sentences[i]);
        if (!m->text[i]) {
            m_destroy(m);
            return COACH_ERR_NOMEM;
        }
        m->len[i] = measure(measure_ctx, m->text[i], rate);
    }
    m->gap = frames(m, SESSION_GAP_S);
    m->ack = frames(m, earcon_seconds(EARCON_ACK));
    m->start_len = frames(m, earcon_seconds(EARCON_START));
    program p = {m, m_start, m_next, m_advance, m_hear, m_done, m_paused, m_destroy,
                 NULL, m_idle, COMMAND_MENU, NULL};
    *out = p;
    return COACH_OK;
}
