/* u-values.c - docs/values.md names every token of every field, as the library takes them */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"

static char *doc;

static int setup(void **state)
{
	const char *src = getenv("PARLEY_SRC");
	char path[4096];
	FILE *f;
	long n;
	(void)state;
	snprintf(path, sizeof(path), "%s/docs/values.md", src ? src : ".");
	f = fopen(path, "r");
	if (!f)
		return -1;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	doc = calloc(1, (size_t)n + 1);
	if (fread(doc, 1, (size_t)n, f) != (size_t)n) {
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(doc);
	return 0;
}

/* The table row "| `field` | ..." under the heading that mentions the entity's command. */
static const char *row_of(const char *section, const char *field, char *out, size_t cap)
{
	char key[96];
	const char *p = strstr(doc, section), *end;
	if (!p)
		return NULL;
	snprintf(key, sizeof(key), "| `%s` |", field);
	p = strstr(p, key);
	if (!p)
		return NULL;
	end = strchr(p, '\n');
	snprintf(out, cap, "%.*s", (int)(end ? end - p : (long)strlen(p)), p);
	return out;
}

static void test_every_token_documented(void **state)
{
	static const char *const sections[PL_ENT__MAX] = {
	        [PL_ENT_PERSON] = "## Persons",
	        [PL_ENT_STATUS] = "## Status changes",
	        [PL_ENT_EVENT] = "## Events",
	        [PL_ENT_EVIDENCE] = "## Evidence",
	        [PL_ENT_RELATIVE] = "## Relatives",
	        [PL_ENT_INQUIRY] = "## Inquiries",
	        /* PL_ENT_CHANGE: written by parley alone */
	        [PL_ENT_EXCHANGE] = "## Exchanges",
	        [PL_ENT_MEDIATOR] = "## Mediators",
	        [PL_ENT_LIST_ENTRY] = "## List entries",
	        [PL_ENT_STAGE] = "## Stages",
	        [PL_ENT_HANDOVER] = "## Handovers",
	        [PL_ENT_RECEPTION] = "## Reception",
	        [PL_ENT_NOTIFICATION] = "## Notifications",
	        [PL_ENT_INCIDENT] = "## Incidents",
	        [PL_ENT_NEGOTIATION] = "## Negotiations",
	        [PL_ENT_SESSION] = "## Sessions",
	        [PL_ENT_WELFARE] = "## Welfare notes",
	        [PL_ENT_POSITION] = "## Positions",
	        [PL_ENT_COUNTERPART] = "## Counterparts",
	        [PL_ENT_STATEMENT] = "## Statements",
	        [PL_ENT_PROFILE] = "## Profiles",
	        [PL_ENT_PRESSURE] = "## Pressure incidents",
	};
	(void)state;
	for (int e = 0; e < PL_ENT__MAX; e++) {
		const struct pl_entity *ent = pl_entity((enum pl_entity_id)e);
		if (!sections[e])
			continue;
		for (size_t i = 0; i < ent->nfields; i++) {
			const struct pl_field *f = &ent->fields[i];
			char row[2048];
			if (f->flags & PL_F_SYSTEM && strcmp(f->name, "ref") &&
			    strcmp(f->name, "on_the_spot"))
				continue;
			if (!row_of(sections[e], f->name, row, sizeof(row)))
				fail_msg("docs/values.md: %s: no row for %s", sections[e], f->name);
			if (f->type != PL_V_ENUM)
				continue;
			for (const char *const *t = f->tokens; *t; t++) {
				char tok[96];
				snprintf(tok, sizeof(tok), "`%s`", *t);
				if (!strstr(row, tok))
					fail_msg("docs/values.md: %s.%s lacks %s", ent->name,
					         f->name, tok);
			}
		}
	}
}

static void test_statuses_documented(void **state)
{
	(void)state;
	for (const char *const *s = pl_captive_statuses; *s; s++) {
		char tok[64];
		snprintf(tok, sizeof(tok), "| `%s` |", *s);
		/* every non-final captive status has a row in the transition table */
		if (strcmp(*s, "returned") && strcmp(*s, "remains_returned"))
			assert_non_null(strstr(doc, tok));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_every_token_documented),
	        cmocka_unit_test(test_statuses_documented),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
