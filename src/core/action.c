/* action.c: the one constructor of actions. */
#include "action.h"

#include <string.h>

action action_make(action_type type, uint64_t frame)
{
    action a;
    memset(&a, 0, sizeof a);
    a.frame = frame;
    a.type = type;
    a.set = a.rep = a.value = a.previous = -1;
    a.sets = a.reps = a.hold = a.routine_dose = -1;
    return a;
}

action action_earcon(earcon e, uint64_t frame)
{
    action a = action_make(ACTION_EARCON, frame);
    a.earcon = e;
    a.name = earcon_name(e);
    return a;
}

action action_event(const char *name, uint64_t frame)
{
    action a = action_make(ACTION_EVENT, frame);
    a.name = name;
    return a;
}

action action_control(control_kind what, int value, uint64_t frame)
{
    action a = action_make(ACTION_CONTROL, frame);
    a.control = what;
    a.value = value;
    return a;
}
