/* routine.h: the routine model and its loaders.
 *
 * Three kinds of YAML file (docs/routine-format.md): exercise library files
 * (`exercises:`), routines (`steps:`) and programmes (`phases:`). Loaders are
 * strict: every problem becomes a coach_diag with file:line:column and a
 * sentence, all problems of a file are reported, and hostile input (aliases,
 * deep nesting, huge files or values, invalid UTF-8) is refused.
 *
 * The handles (exercise_library, routine, programme) are opaque and own all
 * their memory; the structs below are read-only views into them, valid until
 * the owning handle is destroyed. */
#ifndef COACH_ROUTINE_H
#define COACH_ROUTINE_H

#include <stdbool.h>
#include <stddef.h>

#include "coach/diag.h"

/* ---- exercises ---------------------------------------------------------- */

typedef enum { EX_REPS, EX_HOLD, EX_BREATHING, EX_TIMED } exercise_kind;
/* Where the body is: the getting-down and getting-up allowance is given
 * between the floor and the others (issue 15). */
typedef enum { POS_UNKNOWN, POS_FLOOR, POS_SEATED, POS_STANDING } exercise_position;
extern const char *const exercise_position_names[]; /* "floor", "seated", "standing" */
typedef enum { SIDE_NONE, SIDE_EACH, SIDE_ALTERNATE } exercise_side;

enum { TEMPO_MAX_PHASES = 4, EXERCISE_MAX_CUES = 4 };

typedef struct tempo_phase {
    const char *word; /* spoken on the phase: "up", "hold", "down" */
    double seconds;
} tempo_phase;

/* Which dose fields were written (library or step override). */
enum {
    DOSE_SETS = 1 << 0,
    DOSE_REPS = 1 << 1,
    DOSE_HOLD = 1 << 2,
    DOSE_RELAX = 1 << 3,
    DOSE_SIDE = 1 << 4,
    DOSE_REST = 1 << 5,
    DOSE_TEMPO = 1 << 6,
    DOSE_INHALE = 1 << 7,
    DOSE_EXHALE = 1 << 8,
    DOSE_CYCLES = 1 << 9,
    DOSE_DURATION = 1 << 10,
    DOSE_ANNOUNCE = 1 << 11,
};

/* How much of an exercise to do. Fields that do not apply to the kind are 0. */
typedef struct exercise_dose {
    unsigned set_mask;   /* DOSE_* bits of the fields written in the file */
    int sets;            /* reps, hold */
    int reps;            /* reps: per set (per side); hold: holds per set */
    double hold;         /* hold: seconds per hold; breathing: pause, seconds */
    int relax;           /* hold: seconds between holds in a set */
    exercise_side side;  /* reps, hold */
    int rest;            /* seconds between sets; -1: the routine's default */
    int n_tempo;         /* reps: 0 means rep_seconds, counted by number */
    tempo_phase tempo[TEMPO_MAX_PHASES];
    double inhale, exhale; /* breathing, seconds */
    int cycles;          /* breathing */
    int duration;        /* timed, seconds */
    int announce_every;  /* timed, seconds; 0 never */
} exercise_dose;

typedef struct exercise exercise;
struct exercise {
    const char *id;
    const char *name;
    exercise_kind kind;
    const char *start;
    const char *cues[EXERCISE_MAX_CUES];
    int n_cues;
    const char *safety;
    exercise_position position; /* POS_UNKNOWN when not given */
    const exercise *easier; /* NULL when none */
    const exercise *harder; /* NULL when none */
    exercise_dose dose;
    const char *file;       /* where it is defined */
    int line, column;
};

/* A set of exercises loaded from one or more library files. */
typedef struct exercise_library exercise_library;

/* Creates an empty library; NULL when out of memory. */
exercise_library *library_create(void);
/* Frees it; accepts NULL. */
void library_destroy(exercise_library *lib);
/* Parses one library file's text and adds its exercises. Variants are
 * resolved later by library_resolve. Returns COACH_ERR_DATA when the file
 * has problems (all reported to diags). */
coach_err library_add_buffer(exercise_library *lib, const char *name, const char *data,
                             size_t len, coach_diags *diags);
/* Reads a file and calls library_add_buffer. */
coach_err library_add_file(exercise_library *lib, const char *path, coach_diags *diags);
/* Resolves easier/harder ids, and checks that every reps and hold exercise
 * has an easier variant (or is one) and that no variant chain cycles. */
coach_err library_resolve(exercise_library *lib, coach_diags *diags);
/* Loads every *.yaml in dir (sorted by name) and resolves. A missing dir is
 * COACH_ERR_NO_INPUT. */
coach_err library_load_dir(exercise_library *lib, const char *dir, coach_diags *diags);
/* The exercise with this id, or NULL. */
const exercise *library_find(const exercise_library *lib, const char *id);
/* The id closest to id when it looks like a typo of it, else NULL. */
const char *library_closest_id(const exercise_library *lib, const char *id);
/* Number of exercises, and the i-th in load order. */
size_t library_count(const exercise_library *lib);
const exercise *library_get(const exercise_library *lib, size_t i);

/* ---- routines ------------------------------------------------------------ */

typedef enum { STEP_EXERCISE, STEP_REST, STEP_SAY, STEP_QUESTION } step_kind;
typedef enum { Q_PAIN, Q_YES_NO, Q_BETTER_SAME_WORSE } question_kind;
typedef enum { ACT_CONTINUE, ACT_BRANCH, ACT_ROUTINE } answer_action;

enum { QUESTION_MAX_ANSWERS = 3 };

typedef struct step step;
typedef struct step_list {
    const step *items;
    size_t n;
} step_list;

typedef struct answer {
    answer_action action;
    const char *target;     /* branch name or routine id */
    const step_list *branch; /* ACT_BRANCH: the branch's steps */
} answer;

struct step {
    step_kind kind;
    int line, column;
    /* STEP_EXERCISE */
    const exercise *exercise;
    exercise_dose dose;      /* the library's dose with this step's overrides */
    bool pinned;             /* pin: true: the dose is never changed between sessions */
    /* STEP_REST */
    int rest_seconds;
    /* STEP_SAY: the text; STEP_QUESTION: the question asked (NULL: default) */
    const char *text;
    /* STEP_QUESTION */
    question_kind question;
    int n_answers;           /* 0 for pain, 2 yes/no, 3 better/same/worse */
    answer answers[QUESTION_MAX_ANSWERS]; /* indexed as question_answer_name */
    int default_answer;      /* index, or -1 */
};

typedef struct pain_rules {
    int green_max;
    int rise_from_baseline;
    int stop_exercise_at;
    int end_session_at;
    int stops_to_end;
} pain_rules;

typedef struct routine_settings {
    int rate;               /* words per minute */
    int volume;             /* 0-100 */
    const char *voice;      /* an eSpeak NG voice name */
    int rest_between_sets;  /* seconds */
    double rep_seconds;
    pain_rules pain;
    bool ask_baseline_pain;
    bool ask_red_flags;
    int voice_line, voice_column; /* where 'voice' was written; 0: not written */
    double move_seconds;    /* from naming a side or a position to the first beat */
    int get_up_seconds;     /* added to it between the floor and seated or standing */
} routine_settings;

typedef struct routine routine;

/* Parses a routine's text. lib resolves exercise ids; it may be NULL, and
 * then every exercise reference is reported as unknown. On success *out is a
 * new routine; on COACH_ERR_DATA *out is NULL and diags hold every problem. */
coach_err routine_load_buffer(const char *name, const char *data, size_t len,
                              const exercise_library *lib, routine **out,
                              coach_diags *diags);
/* Reads path and calls routine_load_buffer. */
coach_err routine_load_file(const char *path, const exercise_library *lib, routine **out,
                            coach_diags *diags);
/* Frees a routine; accepts NULL. */
void routine_destroy(routine *r);

const char *routine_id(const routine *r);
const char *routine_title(const routine *r);
const char *routine_description(const routine *r);
const routine_settings *routine_get_settings(const routine *r);
const step_list *routine_steps(const routine *r);
/* The steps of branch name, or NULL. */
const step_list *routine_branch(const routine *r, const char *name);
/* Routine ids this routine may hand over to ({routine: ID} answers), with
 * the position of each reference; returns the count. */
size_t routine_links(const routine *r, const char ***ids, const int **lines,
                     const int **columns);

/* The words of a question's answers: "yes", "no"; "better", "same", "worse". */
const char *question_answer_name(question_kind q, int index);
/* The answer index for word, or -1. */
int question_answer_index(question_kind q, const char *word);

/* An estimate of how long a routine takes, following each question's default
 * answer within this routine (a handover to another routine ends it). */
typedef struct routine_estimate {
    double seconds;
    int exercises;   /* exercise steps on that path */
    const char *next_routine; /* the id handed over to, or NULL */
} routine_estimate;

routine_estimate routine_estimate_default_path(const routine *r);

/* Seconds a dose takes to perform (no speech), at rep_seconds for reps
 * without tempo and rest_between_sets where the dose names no rest. */
double exercise_dose_seconds(exercise_kind kind, const exercise_dose *d,
                             const routine_settings *s);

/* ---- programmes ---------------------------------------------------------- */

typedef struct programme_phase {
    const char *routine_id;
    int weeks;
    int sessions_per_week;
    int line, column;
} programme_phase;

typedef struct programme programme;

/* Parses a programme's text; routine ids are checked by the catalog. */
coach_err programme_load_buffer(const char *name, const char *data, size_t len,
                                programme **out, coach_diags *diags);
void programme_destroy(programme *p);
const char *programme_id(const programme *p);
const char *programme_title(const programme *p);
size_t programme_phase_count(const programme *p);
const programme_phase *programme_get_phase(const programme *p, size_t i);

/* ---- files ----------------------------------------------------------------- */

typedef enum { COACH_FILE_ROUTINE, COACH_FILE_LIBRARY, COACH_FILE_PROGRAMME } coach_file_kind;

/* Tells the kind of a coach YAML file by its top-level keys (docs: "three
 * kinds of file"); text that is not a YAML mapping counts as a routine, so
 * that loading it reports why. */
coach_file_kind coach_file_kind_of(const char *data, size_t len);

/* Lists the *.yaml files of dir (not hidden ones) as "dir/name", sorted.
 * Free the list with coach_yaml_files_free. COACH_ERR_NO_INPUT when dir cannot
 * be opened (nothing is reported: callers know what the folder is for). */
coach_err coach_yaml_files(const char *dir, char ***paths, size_t *n);
void coach_yaml_files_free(char **paths, size_t n);

/* The largest coach file (routine, library, programme, script): 1 MiB. */
#define COACH_FILE_MAX ((size_t)1024 * 1024)

/* Reads a whole file of at most max bytes into a new NUL-terminated buffer
 * (reading at most max + 1 of it: a device or a huge file is not read to
 * its end). Reports a missing file or one that is not a regular file
 * (COACH_ERR_NO_INPUT), a read error (COACH_ERR_IO) or an oversized file
 * (COACH_ERR_DATA) to diags. */
coach_err coach_read_file(const char *path, size_t max, char **data, size_t *len,
                          coach_diags *diags);

#endif
