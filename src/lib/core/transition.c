/* transition.c - tables of the statuses a status may go to, and their reading (internal.h) */
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "banned.h"

static const char *transition_to(const struct transition *t, size_t n, const char *from)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].from, from))
			return t[i].to;
	return "";
}

int transition_ok(const struct transition *t, size_t n, const char *from, const char *to)
{
	size_t len_to = strlen(to);
	for (const char *p = transition_to(t, n, from); *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == len_to && !strncmp(p, to, len_to))
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

void transition_next(const struct transition *t, size_t n, const char *from, char *out, size_t cap)
{
	const char *to = transition_to(t, n, from);
	size_t len = 0;
	out[0] = '\0';
	for (const char *p = to; *p && len + 3 < cap; p++) {
		if (*p == ',') {
			out[len++] = ',';
			out[len++] = ' ';
		} else {
			out[len++] = *p;
		}
	}
	out[len] = '\0';
	if (!len)
		snprintf(out, cap, "none: %s is final", from);
}
