/* negotiation.c - negotiations and their lifecycle, the exchanges they led to, sessions
 * (rounds) and the psychologist's welfare notes */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/strbuf.h"
#include "negotiation-int.h"
#include "banned.h"

/* --- the lifecycle --- */

static const struct {
	const char *from, *to;
} transitions[] = {
        {"preparing", "active,closed"},
        {"active", "suspended,closed"},
        {"suspended", "active,closed"},
        {"closed", ""},
};

static const char *next_of(const char *from)
{
	for (size_t i = 0; i < sizeof(transitions) / sizeof(transitions[0]); i++)
		if (!strcmp(transitions[i].from, from))
			return transitions[i].to;
	return "";
}

int pl_negotiation_transition_ok(const char *from, const char *to)
{
	size_t n = strlen(to);
	for (const char *p = next_of(from); *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !strncmp(p, to, n))
			return 1;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

void pl_negotiation_status_next(const char *from, char *out, size_t cap)
{
	const char *to = next_of(from);
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
