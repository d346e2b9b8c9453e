/* strbuf.h - a growable byte buffer with a size cap */
#ifndef PARLEY_STRBUF_H
#define PARLEY_STRBUF_H
#include <stdarg.h>
#include <stddef.h>

/*
 * buf is always NUL-terminated once anything was added. cap bounds len (0: 64 MiB);
 * an append past it, or a failed allocation, sets failed and is dropped.
 */
struct strbuf {
	char *buf;
	size_t len, alloc, cap;
	int failed;
};
#define STRBUF_INIT                                                                                \
	{                                                                                          \
		0                                                                                  \
	}

int strbuf_add(struct strbuf *sb, const void *data, size_t n);
int strbuf_adds(struct strbuf *sb, const char *s);
int strbuf_addch(struct strbuf *sb, char c);
int strbuf_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
        __attribute__((format(printf, 2, 0)));
void strbuf_reset(struct strbuf *sb);
/* Hands the string to the caller (free with pl_free); the buffer is empty after. */
char *strbuf_detach(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
/* "" when nothing was added. */
const char *strbuf_str(const struct strbuf *sb);

#endif
