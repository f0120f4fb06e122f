/* idle.h: the clinic kiosk's idle (docs/kiosk.md), a program (program.h).
 * It marks the start of idling with an `idle` event, then waits quietly;
 * if asked, it says a short invitation every so often, at a capped volume.
 * It ends when it hears "start" (or any key: the kiosk's big button),
 * after the acknowledge earcon. "help" says the invitation at once; any
 * other speech is noted in the timeline and otherwise ignored, without a
 * sound: people talk near a kiosk. */
#ifndef COACH_IDLE_H
#define COACH_IDLE_H

#include "program.h"

typedef struct idle_config {
    int sample_rate;           /* frames a second */
    int rate;                  /* speech rate, words a minute */
    double invite_every_s;     /* an invitation this often; 0: never */
    int volume;                /* the kiosk's volume, 0-100 */
    int invite_volume;         /* the invitation's: at most this, 0-100 */
    action_measure measure;   /* required */
    void *measure_ctx;
} idle_config;

/* The idle as a program (context COMMAND_KIOSK); COACH_ERR_USAGE when cfg
 * lacks the measure function or a sample rate. */
coach_err idle_create(const idle_config *cfg, program *out);

#endif
