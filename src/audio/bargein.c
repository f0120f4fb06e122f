/* bargein.c: the canceller's verdicts on what the recogniser hears. */
#include "bargein.h"

#include <stddef.h>

bargein_verdict bargein_judge(const aec *a, double start_s, double end_s)
{
    double left, peak;
    if (!a || !aec_converged_at(a, start_s) || !aec_residual_db(a, start_s, end_s, &left) ||
        !aec_residual_peak_db(a, start_s, end_s, &peak))
        return BARGEIN_UNKNOWN;
    /* vouched for because the coach's echo was not heard, and heard by its
     * end: the echo came back (headphones taken off) as this began */
    if (aec_inaudible_at(a, start_s) && !aec_inaudible_at(a, end_s))
        return BARGEIN_UNKNOWN;
    if (peak > BARGEIN_USER_PEAK_DB)
        return BARGEIN_USER;
    return left < BARGEIN_ECHO_LEFT_DB ? BARGEIN_ECHO : BARGEIN_UNSURE;
}

bool bargein_note_voice(aec *a, const asr_utterance *u, bargein_verdict v)
{
    if (!a || u->rejected || (v != BARGEIN_USER && v != BARGEIN_UNKNOWN))
        return false;
    aec_note_voice(a, u->start, u->end);
    return true;
}

bool bargein_duck(const aec *a, const asr *rec, double now_s, bool *down)
{
    double start, peak;
    if (!a || !rec || !asr_in_utterance(rec, &start) || !aec_converged_at(a, start) ||
        now_s - start < BARGEIN_DUCK_AFTER_S || !aec_residual_peak_db(a, start, now_s, &peak))
        return false;
    *down = peak > BARGEIN_DUCK_LEFT_DB;
    return true;
}
