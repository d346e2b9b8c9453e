/* u-permissions.c - every cell of the permission table and of the restricted values, against
 * docs/permissions.md
 *
 * The operations table of docs/permissions.md is read here, as t0300-permissions.sh
 * reads it, and each of its cells (a command, a role: yes or -) is checked against
 * pl_roles_may() for that role alone: in microseconds, so the mutation tier
 * (tests/mutants/) kills a flipped cell at once; t0300 walks the same table through
 * the CLI. The restricted values are checked cell by cell too, for every role alone
 * and every status of a person, against the table below, which is the doc's
 * "Restricted values" table written out; the doc's table must name the same roles.
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

#define R(x) (1u << PL_ROLE_##x)

static char *read_doc(void)
{
	const char *src = getenv("PARLEY_SRC");
	char path[4096];
	FILE *f;
	char *buf;
	long n;
	snprintf(path, sizeof(path), "%s/docs/permissions.md", src ? src : "../..");
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s (set PARLEY_SRC)", path);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

/* The operation a command of the table is: its op name, or the listings' person.list. */
static int op_of_command(const char *cmd)
{
	static const struct {
		const char *cmd, *op;
	} alias[] = {
	        {"search", "person.list"},
	        {"match", "person.list"},
	        {"dedup", "person.list"},
	        {"match runs", "match.review"},
	        {"match review", "match.review"},
	        {"account enable", "account.disable"},
	        {"account bind", "account.disable"},
	        {"audit checkpoint", "audit.sign"},
	        {"exchange new", "exchange.edit"},
	        {"exchange status", "exchange.edit"},
	        {"exchange terms", "exchange.edit"},
	        {"exchange mediator", "exchange.edit"},
	        {"exchange add", "exchange.edit"},
	        {"exchange remove", "exchange.edit"},
	        {"exchange list", "exchange.show"},
	        {"exchange lists", "exchange.show"},
	        {"exchange check", "exchange.show"},
	        {"exchange crossed", "exchange.show"},
	        {"exchange print", "exchange.show"},
	        {"exchange stage", "exchange.execute"},
	        {"exchange incident", "incident.add"},
	        {"exchange policy", "policy.set"},
	        {"reception arrive", "reception"},
	        {"reception update", "reception"},
	        {"reception show", "reception"},
	        {"reception list", "reception"},
	        {"reception debrief", "reception"},
	        {"notify queue", "notify"},
	        {"notify record", "notify"},
	        {"notify list", "notify"},
	        {"notify answer", "person.show"},
	        {"stats exchanges", "stats"},
	        {"report", "stats"},
	        /* the negotiation desk */
	        {"negotiation new", "negotiation.edit"},
	        {"negotiation status", "negotiation.edit"},
	        {"negotiation link", "negotiation.edit"},
	        {"negotiation list", "negotiation.show"},
	        {"session add", "negotiation.edit"},
	        {"session edit", "negotiation.edit"},
	        {"session list", "session.show"},
	        {"welfare list", "welfare.show"},
	        {"position set", "negotiation.edit"},
	        {"position drop", "negotiation.edit"},
	        {"position list", "negotiation.show"},
	        {"position history", "negotiation.show"},
	        {"opening add", "negotiation.edit"},
	        {"opening move", "negotiation.edit"},
	        {"opening drop", "negotiation.edit"},
	        {"opening list", "negotiation.show"},
	        {"statement add", "negotiation.edit"},
	        {"statement resolve", "negotiation.edit"},
	        {"statement list", "negotiation.show"},
	        {"statement show", "negotiation.show"},
	        {"promise close", "negotiation.edit"},
	        {"promise list", "negotiation.show"},
	        {"counterpart add", "counterpart.edit"},
	        {"counterpart list", "counterpart.show"},
	        {"profile list", "profile.show"},
	        {"incident add", "pressure.add"},
	        {"incident list", "pressure.show"},
	        {"briefing", "negotiation.show"},
	        {"stats negotiations", "negotiation.counts"},
	        {"plan", "plan.make"},
	        {"plan show", "plan.make"},
	        {"plan list", "plan.make"},
	        {"plan explain", "plan.make"},
	        {"plan diff", "plan.make"},
	        {"plan weights", "plan.weights"},
	};
	char name[64];
	size_t i;
	snprintf(name, sizeof(name), "%s", cmd);
	for (i = 0; i < sizeof(alias) / sizeof(alias[0]); i++)
		if (!strcmp(alias[i].cmd, cmd))
			snprintf(name, sizeof(name), "%s", alias[i].op);
	for (i = 0; name[i]; i++)
		if (name[i] == ' ')
			name[i] = '.';
	for (int op = 0; op < PL_OP__MAX; op++)
		if (!strcmp(pl_op_name((enum pl_op)op), name))
			return op;
	return -1;
}

/* Splits a table row "| a | b | c |" into its trimmed cells; returns how many. */
static int cells_of(char *line, char *cell[], int max)
{
	int n = 0;
	char *p = strchr(line, '|');
	while (p && n < max) {
		char *end = strchr(p + 1, '|');
		char *s = p + 1, *e;
		if (!end)
			break;
		*end = '\0';
		while (*s == ' ')
			s++;
		e = s + strlen(s);
		while (e > s && e[-1] == ' ')
			*--e = '\0';
		cell[n++] = s;
		p = end;
	}
	return n;
}

static void test_operations_table(void **state)
{
	char *doc = read_doc(), *save = NULL;
	int rows = 0, seen[PL_OP__MAX] = {0}, in_ops = 0;
	(void)state;
	for (char *line = strtok_r(doc, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cell[16], cmd[64];
		int n, op;
		if (!strncmp(line, "## ", 3)) {
			in_ops = !strcmp(line, "## Operations");
			continue;
		}
		if (!in_ops || strncmp(line, "| `", 3))
			continue;
		n = cells_of(line, cell, 16);
		assert_int_equal(n, 1 + PL_ROLE__MAX);
		/* the header names the roles in enum pl_role's order */
		snprintf(cmd, sizeof(cmd), "%.*s", (int)strlen(cell[0]) - 2, cell[0] + 1);
		op = op_of_command(cmd);
		if (op < 0)
			fail_msg("docs/permissions.md: command '%s' is no operation of account.c",
			         cmd);
		seen[op] = 1;
		for (int r = 0; r < PL_ROLE__MAX; r++) {
			int want = !strcmp(cell[1 + r], "yes");
			if (!want && strcmp(cell[1 + r], "-"))
				fail_msg("docs/permissions.md: %s: cell '%s' is neither yes nor -",
				         cmd, cell[1 + r]);
			if (pl_roles_may(1u << r, (enum pl_op)op) != want)
				fail_msg("%s as %s: the table says %s, account.c says %s", cmd,
				         pl_role_name((enum pl_role)r), want ? "yes" : "-",
				         want ? "-" : "yes");
		}
		rows++;
	}
	assert_true(rows >= PL_OP__MAX);
	for (int op = 0; op < PL_OP__MAX; op++)
		if (!seen[op])
			fail_msg("operation %s is in no row of docs/permissions.md",
			         pl_op_name((enum pl_op)op));
	free(doc);
}

static void test_operations_header(void **state)
{
	char *doc = read_doc(), *save = NULL;
	int found = 0;
	(void)state;
	for (char *line = strtok_r(doc, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cell[16];
		if (strncmp(line, "| command |", 11))
			continue;
		assert_int_equal(cells_of(line, cell, 16), 1 + PL_ROLE__MAX);
		for (int r = 0; r < PL_ROLE__MAX; r++)
			assert_string_equal(cell[1 + r], pl_role_name((enum pl_role)r));
		found = 1;
	}
	assert_true(found);
	free(doc);
}

/*
 * Who sees each restricted value: the doc's "Restricted values" table written out.
 * A role that sees it in every status is ALWAYS; the liaison sees medical notes of a
 * returnee only (RETURNED).
 */
enum { NEVER, ALWAYS, RETURNED };
static const struct {
	enum pl_restricted r;
	const char *doc; /* the word of the doc's row */
	int sees[PL_ROLE__MAX];
} restricted[] = {
        {PL_R_MEDICAL_NOTES,
         "`medical_notes`",
         {[PL_ROLE_REGISTRAR] = ALWAYS, [PL_ROLE_LIAISON] = RETURNED}},
        {PL_R_RELATIVE_CONTACTS, "`contacts`", {[PL_ROLE_LIAISON] = ALWAYS}},
        {PL_R_EXCHANGE_LISTING,
         "exchange listing",
         {[PL_ROLE_REGISTRAR] = ALWAYS, [PL_ROLE_NEGOTIATOR] = ALWAYS, [PL_ROLE_HEAD] = ALWAYS}},
        {PL_R_DETAINEES,
         "a detainee",
         {[PL_ROLE_REGISTRAR] = ALWAYS, [PL_ROLE_NEGOTIATOR] = ALWAYS, [PL_ROLE_HEAD] = ALWAYS}},
};

static void test_restricted_cells(void **state)
{
	(void)state;
	_Static_assert(sizeof(restricted) / sizeof(restricted[0]) == PL_R__MAX,
	               "a row for every restricted value");
	for (size_t k = 0; k < PL_R__MAX; k++)
		for (int r = 0; r < PL_ROLE__MAX; r++) {
			const char *const *sides[] = {pl_captive_statuses, pl_detainee_statuses};
			for (int s = 0; s < 2; s++)
				for (const char *const *st = sides[s]; *st; st++) {
					int want = restricted[k].sees[r] == ALWAYS ||
					           (restricted[k].sees[r] == RETURNED &&
					            !strcmp(*st, "returned"));
					if (pl_roles_may_see(1u << r, restricted[k].r, *st) != want)
						fail_msg("%s, a person %s, as %s: should %s",
						         restricted[k].doc, *st,
						         pl_role_name((enum pl_role)r),
						         want ? "see it" : "not see it");
				}
			/* no status known: only who sees it always */
			if (pl_roles_may_see(1u << r, restricted[k].r, NULL) !=
			    (restricted[k].sees[r] == ALWAYS))
				fail_msg("%s, no status, as %s", restricted[k].doc,
				         pl_role_name((enum pl_role)r));
		}
}

/* The doc's table names exactly the roles above in its "who sees it" column. */
static void test_restricted_doc(void **state)
{
	char *doc = read_doc(), *save = NULL;
	int rows = 0;
	(void)state;
	for (char *line = strtok_r(doc, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *cell[8];
		if (strncmp(line, "| a ", 4))
			continue;
		assert_true(cells_of(line, cell, 8) >= 2);
		for (size_t k = 0; k < PL_R__MAX; k++) {
			if (!strstr(cell[0], restricted[k].doc))
				continue;
			for (int r = 0; r < PL_ROLE__MAX; r++) {
				int named = strstr(cell[1], pl_role_name((enum pl_role)r)) != NULL;
				if (named != (restricted[k].sees[r] != NEVER))
					fail_msg("docs/permissions.md: %s: '%s' %s %s",
					         restricted[k].doc, cell[1],
					         named ? "names" : "does not name",
					         pl_role_name((enum pl_role)r));
			}
			rows++;
		}
	}
	assert_int_equal(rows, PL_R__MAX);
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_operations_header),
	        cmocka_unit_test(test_operations_table),
	        cmocka_unit_test(test_restricted_cells),
	        cmocka_unit_test(test_restricted_doc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
