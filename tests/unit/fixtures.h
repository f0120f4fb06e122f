/* fixtures.h: a small exercise library shared by the loader tests. */
#ifndef COACH_TEST_FIXTURES_H
#define COACH_TEST_FIXTURES_H

#include "coach/routine.h"

static const char fixture_library[] =
    "exercises:\n"
    "  - id: dead-bug\n"
    "    name: dead bug\n"
    "    kind: reps\n"
    "    start: Lie on your back with your knees over your hips.\n"
    "    cues: [Keep your back heavy., Breathe out as you reach.]\n"
    "    safety: Shorten the reach if your back arches.\n"
    "    sets: 2\n"
    "    reps: 8\n"
    "    side: alternate\n"
    "    tempo: {reach: 2, return: 2}\n"
    "    easier: heel-taps\n"
    "  - id: heel-taps\n"
    "    name: heel taps\n"
    "    kind: reps\n"
    "    start: Lie on your back, knees bent.\n"
    "    cues: [Lower one heel., Keep your back still.]\n"
    "    safety: Stop if it pinches.\n"
    "    reps: 6\n"
    "    harder: dead-bug\n"
    "  - id: side-plank\n"
    "    name: side plank\n"
    "    kind: hold\n"
    "    start: Lie on your side, elbow under your shoulder.\n"
    "    cues: [Lift your hips., Keep a long line.]\n"
    "    safety: Drop to your knees if your shoulder hurts.\n"
    "    hold: 20\n"
    "    side: each\n"
    "    easier: side-plank-knees\n"
    "  - id: side-plank-knees\n"
    "    name: side plank on your knees\n"
    "    kind: hold\n"
    "    start: Lie on your side with your knees bent.\n"
    "    cues: [Lift your hips., Breathe.]\n"
    "    safety: Ease down if your shoulder hurts.\n"
    "    hold: 15\n"
    "    side: each\n"
    "  - id: belly-breathing\n"
    "    name: belly breathing\n"
    "    kind: breathing\n"
    "    start: Lie on your back with your knees bent.\n"
    "    cues: [Let your belly rise., Let the breath out slowly.]\n"
    "    safety: Breathe normally if you feel light-headed.\n"
    "    inhale: 4\n"
    "    exhale: 6\n"
    "    cycles: 10\n"
    "  - id: walk\n"
    "    name: walk\n"
    "    kind: timed\n"
    "    start: Stand up somewhere with room to walk.\n"
    "    cues: [Swing your arms., Breathe easily.]\n"
    "    safety: Slow down if your back tightens.\n"
    "    duration: 600\n";

/* Loads fixture_library into a new, resolved library (aborts on failure). */
static inline exercise_library *fixture_load(void)
{
    exercise_library *lib = library_create();
    coach_diags *d = coach_diags_create();
    if (library_add_buffer(lib, "lib.yaml", fixture_library, sizeof fixture_library - 1, d) ||
        library_resolve(lib, d)) {
        coach_diags_print(d, stderr);
        abort();
    }
    coach_diags_destroy(d);
    return lib;
}

#endif
