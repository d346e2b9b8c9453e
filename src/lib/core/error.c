/* error.c - filling struct pl_error */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "parley/error.h"
#include "banned.h"

int pl_error_set(struct pl_error *err, int code, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->code = code;
		err->cond = PL_COND_NONE;
	}
	return code;
}

int pl_error_cond(struct pl_error *err, int code, enum pl_condition cond, const char *fmt, ...)
{
	if (err) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
		va_end(ap);
		err->code = code;
		err->cond = cond;
	}
	return code;
}

void pl_error_prefix(struct pl_error *err, const char *fmt, ...)
{
	char head[256], old[sizeof(err->msg)];
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(head, sizeof(head), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	if (snprintf(err->msg, sizeof(err->msg), "%s: %s", head, old) >= (int)sizeof(err->msg))
		err->msg[sizeof(err->msg) - 1] = '\0'; /* cut: the start says the most */
}
