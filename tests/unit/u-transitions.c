/* u-transitions.c - every pair of statuses of each side, allowed or refused, against docs/values.md
 *
 * docs/values.md holds the status transitions as two tables, "from (captive)" and
 * "from (detainee)"; a status with no row there is final. For every (from, to) pair of
 * a side's statuses, a status to itself too, pl_status_transition_ok() must say what
 * the table says, and pl_status_next() must name the table's list. t0110-transitions.sh
 * walks the same pairs through parley person status.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"

#define MAX_ROWS 48

struct row {
	char side[16];
	char from[32];
	char to[256]; /* "a, b, c" as pl_status_next() writes it, "" when final */
};

static struct row rows[MAX_ROWS];
static int nrows;

/* Reads the two tables of docs/values.md into rows[]. */
static int read_tables(void **state)
{
	const char *src = getenv("PARLEY_SRC");
	char path[4096], line[1024], side[16] = "";
	FILE *f;
	(void)state;
	snprintf(path, sizeof(path), "%s/docs/values.md", src ? src : "../..");
	if (!(f = fopen(path, "r"))) {
		fprintf(stderr, "cannot open %s (set PARLEY_SRC)\n", path);
		return -1;
	}
	nrows = 0;
	while (fgets(line, sizeof(line), f)) {
		char *p, *q;
		size_t len = 0;
		if (sscanf(line, "| from (%15[a-z]) | to |", side) == 1)
			continue;
		if (strncmp(line, "| `", 3)) {
			if (line[0] != '|')
				side[0] = '\0'; /* a table ends at its first line that is none */
			continue;
		}
		if (!side[0])
			continue;
		if (nrows == MAX_ROWS) {
			fclose(f);
			return -1;
		}
		snprintf(rows[nrows].side, sizeof(rows[nrows].side), "%s", side);
		p = line + 3;
		q = strchr(p, '`');
		if (!q)
			continue;
		snprintf(rows[nrows].from, sizeof(rows[nrows].from), "%.*s", (int)(q - p), p);
		/* the second cell: `a`, `b` -> a, b */
		p = strchr(q, '|');
		for (p = p ? p + 1 : q; *p && *p != '|' && *p != '\n'; p++)
			if (*p != '`' && len + 1 < sizeof(rows[nrows].to))
				rows[nrows].to[len++] = *p;
		rows[nrows].to[len] = '\0';
		/* trim */
		while (len && rows[nrows].to[len - 1] == ' ')
			rows[nrows].to[--len] = '\0';
		memmove(rows[nrows].to, rows[nrows].to + strspn(rows[nrows].to, " "),
		        strlen(rows[nrows].to + strspn(rows[nrows].to, " ")) + 1);
		nrows++;
	}
	fclose(f);
	return nrows ? 0 : -1;
}

static const char *const *statuses_of(const char *side)
{
	if (!strcmp(side, "exchange"))
		return pl_exchange_statuses;
	if (!strcmp(side, "negotiation"))
		return pl_negotiation_statuses;
	return !strcmp(side, "captive") ? pl_captive_statuses : pl_detainee_statuses;
}

/* The library's word on a change: a person's status (registry.c) or an exchange's
 * (exchange.c). */
static int transition_ok(const char *side, const char *from, const char *to)
{
	if (!strcmp(side, "exchange"))
		return pl_exchange_transition_ok(from, to);
	if (!strcmp(side, "negotiation"))
		return pl_negotiation_transition_ok(from, to);
	return pl_status_transition_ok(side, from, to);
}

static void status_next(const char *side, const char *from, char *out, size_t cap)
{
	if (!strcmp(side, "exchange"))
		pl_exchange_status_next(from, out, cap);
	else if (!strcmp(side, "negotiation"))
		pl_negotiation_status_next(from, out, cap);
	else
		pl_status_next(side, from, out, cap);
}

static const struct row *row_of(const char *side, const char *from)
{
	for (int i = 0; i < nrows; i++)
		if (!strcmp(rows[i].side, side) && !strcmp(rows[i].from, from))
			return &rows[i];
	return NULL;
}

static int listed(const char *list, const char *s)
{
	size_t n = strlen(s);
	for (const char *p = list; (p = strstr(p, s)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ',' || p[n] == '\0'))
			return 1;
	return 0;
}

static void test_tables_read(void **state)
{
	int sides[4] = {0, 0, 0, 0};
	(void)state;
	for (int i = 0; i < nrows; i++) {
		const char *const *ok = statuses_of(rows[i].side);
		int found = 0;
		sides[!strcmp(rows[i].side, "negotiation") ? 3
		      : !strcmp(rows[i].side, "exchange")  ? 2
		                                           : !strcmp(rows[i].side, "detainee")]++;
		for (const char *const *s = ok; *s; s++)
			found |= !strcmp(*s, rows[i].from);
		if (!found)
			fail_msg("docs/values.md: '%s' is not a status of a %s", rows[i].from,
			         rows[i].side);
		/* every status the row names is one of its side's */
		for (const char *p = rows[i].to; *p;) {
			char word[32];
			size_t n = strcspn(p, ",");
			int ok2 = 0;
			snprintf(word, sizeof(word), "%.*s", (int)n, p);
			for (const char *const *s = ok; *s; s++)
				ok2 |= !strcmp(*s, word);
			if (!ok2)
				fail_msg("docs/values.md: %s %s: '%s' is not a status of a %s",
				         rows[i].side, rows[i].from, word, rows[i].side);
			p += n;
			p += strspn(p, ", ");
		}
	}
	assert_true(sides[0] > 0);
	assert_true(sides[1] > 0);
	assert_true(sides[2] > 0);
	assert_true(sides[3] > 0);
}

static void test_every_pair(void **state)
{
	const char *sides[] = {"captive", "detainee", "exchange", "negotiation"};
	int pairs = 0;
	(void)state;
	for (int s = 0; s < 4; s++)
		for (const char *const *from = statuses_of(sides[s]); *from; from++) {
			const struct row *r = row_of(sides[s], *from);
			char next[256], want[256];
			for (const char *const *to = statuses_of(sides[s]); *to; to++) {
				int allowed = r && listed(r->to, *to);
				if (transition_ok(sides[s], *from, *to) != allowed)
					fail_msg("a %s from %s to %s: docs/values.md says %s, "
					         "registry.c "
					         "says %s",
					         sides[s], *from, *to,
					         allowed ? "allowed" : "refused",
					         allowed ? "refused" : "allowed");
				pairs++;
			}
			/* the changes a refusal names are the table's */
			status_next(sides[s], *from, next, sizeof(next));
			if (r && r->to[0])
				snprintf(want, sizeof(want), "%s", r->to);
			else
				snprintf(want, sizeof(want), "none: %s is final", *from);
			if (strcmp(next, want))
				fail_msg("a %s from %s: possible '%s', docs/values.md says '%s'",
				         sides[s], *from, next, want);
		}
	/* 9 captive, 5 detainee, 9 exchange and 4 negotiation statuses today: every pair */
	assert_true(pairs >= 9 * 9 + 5 * 5 + 9 * 9 + 4 * 4);
}

/* A status of the other side is never a change of this one. */
static void test_other_side(void **state)
{
	(void)state;
	assert_false(pl_status_transition_ok("captive", "confirmed", "exchanged"));
	assert_false(pl_status_transition_ok("detainee", "listed", "returned"));
	assert_false(pl_status_transition_ok("detainee", "held", "nonsense"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_tables_read),
	        cmocka_unit_test(test_every_pair),
	        cmocka_unit_test(test_other_side),
	};
	return cmocka_run_group_tests(tests, read_tables, NULL);
}
