/* earcon.c: the earcon table (audio/README.md describes each sound). */
#include "earcon.h"

#include <string.h>

static const earcon_info table[EARCON_COUNT] = {
    [EARCON_START] = {"start", "start.wav", 0.35},
    [EARCON_END] = {"end", "end.wav", 0.6},
    [EARCON_TICK] = {"tick", "tick.wav", 0.05},
    [EARCON_REP] = {"rep", "rep.wav", 0.08},
    [EARCON_HOLD] = {"hold", "hold.wav", 0.2},
    [EARCON_RELEASE] = {"release", "release.wav", 0.25},
    [EARCON_ACK] = {"ack", "ack.wav", 0.12},
    [EARCON_ERROR] = {"error", "error.wav", 0.25},
    [EARCON_ATTENTION] = {"attention", "attention.wav", 0.3},
    [EARCON_LISTEN] = {"listen", "listen.wav", 0.15},
    [EARCON_AGAIN] = {"again", "again.wav", 0.25},
    [EARCON_PULSE] = {"pulse", "pulse.wav", 0.26},
};

const earcon_info *earcon_get(earcon e)
{
    return &table[e < EARCON_COUNT ? e : EARCON_TICK];
}

const char *earcon_name(earcon e)
{
    return earcon_get(e)->name;
}

double earcon_seconds(earcon e)
{
    return earcon_get(e)->seconds;
}

earcon earcon_find(const char *name)
{
    for (int i = 0; i < EARCON_COUNT; i++)
        if (name && strcmp(table[i].name, name) == 0)
            return (earcon)i;
    return EARCON_COUNT;
}
