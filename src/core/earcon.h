/* earcon.h: the earcons, in one table: each one's name (as the timeline
 * writes it), its file under audio/, and its length. The engine plans with
 * these lengths and the player makes each file exactly this long. */
#ifndef COACH_EARCON_H
#define COACH_EARCON_H

typedef enum {
    EARCON_START,
    EARCON_END,
    EARCON_TICK,
    EARCON_REP,
    EARCON_HOLD,
    EARCON_RELEASE,
    EARCON_ACK,
    EARCON_ERROR,
    EARCON_ATTENTION,
    EARCON_LISTEN,   /* an answer window opens */
    EARCON_AGAIN,    /* something like a command was heard, not clearly: say it again */
    EARCON_PULSE,    /* a sign of life: nothing else sounded for a while (issue 15) */
    EARCON_COUNT
} earcon;

typedef struct earcon_info {
    const char *name;  /* "tick" */
    const char *file;  /* "tick.wav", in the earcon folder */
    double seconds;    /* its exact length */
} earcon_info;

/* The table's row for e (e < EARCON_COUNT). */
const earcon_info *earcon_get(earcon e);
/* Its name, and its length in seconds. */
const char *earcon_name(earcon e);
double earcon_seconds(earcon e);
/* The earcon called name; EARCON_COUNT when there is none. */
earcon earcon_find(const char *name);

#endif
