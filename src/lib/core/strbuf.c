/* strbuf.c - a growable byte buffer with a size cap */
#include <stdio.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/strbuf.h"
#include "banned.h"

#define DEFAULT_CAP (64u << 20)

static int grow(struct strbuf *sb, size_t more)
{
	size_t cap = sb->cap ? sb->cap : DEFAULT_CAP;
	size_t want, n;
	char *p;

	if (sb->failed)
		return -1;
	if (more > cap || sb->len > cap - more) {
		sb->failed = 1;
		return -1;
	}
	want = sb->len + more + 1;
	if (want <= sb->alloc)
		return 0;
	n = sb->alloc ? sb->alloc : 64;
	while (n < want)
		n *= 2;
	p = pl_realloc(sb->buf, n);
	if (!p) {
		sb->failed = 1;
		return -1;
	}
	sb->buf = p;
	sb->alloc = n;
	return 0;
}

int strbuf_add(struct strbuf *sb, const void *data, size_t n)
{
	if (grow(sb, n))
		return -1;
	if (n)
		memcpy(sb->buf + sb->len, data, n);
	sb->len += n;
	sb->buf[sb->len] = '\0';
	return 0;
}

int strbuf_adds(struct strbuf *sb, const char *s)
{
	return strbuf_add(sb, s, strlen(s));
}

int strbuf_addch(struct strbuf *sb, char c)
{
	return strbuf_add(sb, &c, 1);
}

int strbuf_vaddf(struct strbuf *sb, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0 || grow(sb, (size_t)n))
		return -1;
	vsnprintf(sb->buf + sb->len, (size_t)n + 1, fmt, ap);
	sb->len += (size_t)n;
	return 0;
}

int strbuf_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = strbuf_vaddf(sb, fmt, ap);
	va_end(ap);
	return rc;
}

void strbuf_reset(struct strbuf *sb)
{
	sb->len = 0;
	sb->failed = 0;
	if (sb->buf)
		sb->buf[0] = '\0';
}

char *strbuf_detach(struct strbuf *sb)
{
	char *s = sb->buf;
	if (!s)
		s = pl_strdup("");
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	sb->failed = 0;
	return s;
}

void strbuf_release(struct strbuf *sb)
{
	pl_free(sb->buf);
	sb->buf = NULL;
	sb->len = sb->alloc = 0;
	sb->failed = 0;
}

const char *strbuf_str(const struct strbuf *sb)
{
	return sb->buf ? sb->buf : "";
}
