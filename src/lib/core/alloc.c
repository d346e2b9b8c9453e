/* alloc.c - the library's allocator, with failing allocations for tests */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sqlite3.h>

#include "parley/alloc.h"
#include "banned.h"

/* Allocations left before failures start; < 0: never fail. */
static long fail_after = -1;
static long failures;

static int should_fail(void)
{
	if (fail_after < 0)
		return 0;
	if (fail_after == 0) {
		failures++;
		return 1;
	}
	fail_after--;
	return 0;
}

void pl_alloc_fail_after(long n)
{
	fail_after = n;
	failures = 0;
}

long pl_alloc_failures(void)
{
	return failures;
}

void *pl_malloc(size_t n)
{
	if (should_fail())
		return NULL;
	return malloc(n ? n : 1);
}

void *pl_calloc(size_t n, size_t size)
{
	if (should_fail())
		return NULL;
	return calloc(n ? n : 1, size ? size : 1);
}

void *pl_realloc(void *p, size_t n)
{
	if (should_fail())
		return NULL;
	return realloc(p, n ? n : 1);
}

char *pl_strndup(const char *s, size_t n)
{
	char *d = pl_malloc(n + 1);
	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *pl_strdup(const char *s)
{
	return pl_strndup(s, strlen(s));
}

void pl_free(void *p)
{
	free(p);
}

/*
 * SQLite asks for the size of an allocation: keep it in a header. 16 bytes
 * keep the payload aligned for any type.
 */
#define HDR 16

static void *sq_malloc(int n)
{
	char *p = pl_malloc((size_t)n + HDR);
	if (!p)
		return NULL;
	memcpy(p, &n, sizeof(n));
	return p + HDR;
}

static void sq_free(void *p)
{
	if (p)
		free((char *)p - HDR);
}

static void *sq_realloc(void *p, int n)
{
	char *q;
	if (!p)
		return sq_malloc(n);
	q = pl_realloc((char *)p - HDR, (size_t)n + HDR);
	if (!q)
		return NULL;
	memcpy(q, &n, sizeof(n));
	return q + HDR;
}

static int sq_size(void *p)
{
	int n;
	memcpy(&n, (char *)p - HDR, sizeof(n));
	return n;
}

static int sq_roundup(int n)
{
	return (n + 7) & ~7;
}

static int sq_init(void *unused)
{
	(void)unused;
	return SQLITE_OK;
}

static void sq_shutdown(void *unused)
{
	(void)unused;
}

static void *js_malloc(size_t n)
{
	return pl_malloc(n);
}

int pl_alloc_hook_libraries(void)
{
	static const sqlite3_mem_methods methods = {
	        sq_malloc, sq_free, sq_realloc, sq_size, sq_roundup, sq_init, sq_shutdown, NULL,
	};
	json_set_alloc_funcs(js_malloc, pl_free);
	return sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) == SQLITE_OK ? 0 : -1;
}
