/* catalog.h: a folder of coach files checked together: its exercise library
 * (DIR/exercises/), its routines and programmes, and the links between them
 * (programme phases, {routine: ID} answers). */
#ifndef COACH_CATALOG_H
#define COACH_CATALOG_H

#include "coach/routine.h"

typedef struct catalog catalog;

typedef struct catalog_entry {
    const char *path;
    coach_file_kind kind;
    const char *id;         /* NULL when the file has no readable id */
    routine *routine;       /* loaded routine, or NULL */
    programme *programme;   /* loaded programme, or NULL */
    bool ok;                /* loaded without problems, links included */
} catalog_entry;

/* Loads every *.yaml in dir and its library. library_dir overrides
 * DIR/exercises when not NULL. All problems go to diags (each with its
 * file); COACH_ERR_NO_INPUT when dir cannot be read. */
coach_err catalog_open(const char *dir, const char *library_dir, catalog **out,
                       coach_diags *diags);
/* Frees the catalog and everything loaded; accepts NULL. */
void catalog_destroy(catalog *c);
size_t catalog_count(const catalog *c);
const catalog_entry *catalog_get(const catalog *c, size_t i);
/* The loaded routine with this id, or NULL. */
const routine *catalog_find_routine(const catalog *c, const char *id);
/* The library (possibly empty, never NULL) and whether it loaded cleanly. */
const exercise_library *catalog_library(const catalog *c);
bool catalog_library_ok(const catalog *c);
const char *catalog_library_dir(const catalog *c);

#endif
