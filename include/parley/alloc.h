/* alloc.h - the allocator every libparley module uses, with fault injection */
#ifndef PARLEY_ALLOC_H
#define PARLEY_ALLOC_H
#include <stddef.h>

/* Like malloc/calloc/realloc/strdup/free; NULL when out of memory. */
void *pl_malloc(size_t n);
void *pl_calloc(size_t n, size_t size);
void *pl_realloc(void *p, size_t n);
char *pl_strdup(const char *s);
char *pl_strndup(const char *s, size_t n);
void pl_free(void *p);

/*
 * Fault injection for tests: after n more successful allocations, every
 * allocation fails (n < 0: never). Covers our allocations and, once
 * pl_alloc_hook_libraries() has run, SQLite's, jansson's and libcsv's.
 * Returns the number of allocations that failed since the last call.
 */
void pl_alloc_fail_after(long n);
long pl_alloc_failures(void);

/* Routes SQLite's and jansson's allocations through pl_malloc; call once, first. */
int pl_alloc_hook_libraries(void);

#endif
