/* arena.h: a region allocator. Everything allocated from an arena is freed at
 * once by arena_destroy; loaders use one per loaded file so that no error
 * path can leak. */
#ifndef COACH_ARENA_H
#define COACH_ARENA_H

#include <stddef.h>

typedef struct arena arena;

/* Creates an empty arena; NULL when out of memory. */
arena *arena_create(void);
/* Frees the arena and everything allocated from it; accepts NULL. */
void arena_destroy(arena *a);
/* Returns n zeroed bytes aligned for any type, or NULL when out of memory. */
void *arena_alloc(arena *a, size_t n);
/* Copies n bytes of s and a terminating NUL; NULL when out of memory. */
char *arena_strndup(arena *a, const char *s, size_t n);
/* Copies the NUL-terminated s; NULL when out of memory. */
char *arena_strdup(arena *a, const char *s);
/* Bytes handed out so far (for tests and memory bounds). */
size_t arena_used(const arena *a);

#endif
