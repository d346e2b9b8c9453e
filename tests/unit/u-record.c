/* u-record.c - UTF-8 validation and the validation of every kind of field value */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"

static void test_utf8(void **state)
{
	static const struct {
		const char *s;
		int ok;
		size_t bad_at;
	} cases[] = {
	        {"", 1, 0},
	        {"Сергій Ковальов", 1, 0},
	        {"\xF0\x9F\x98\x80", 1, 0}, /* U+1F600 */
	        {"\xF4\x8F\xBF\xBF", 1, 0}, /* U+10FFFF */
	        {"\xC0\xAF", 0, 0},         /* overlong '/' */
	        {"\xE0\x80\xAF", 0, 0},     /* overlong, 3 bytes */
	        {"\xF0\x80\x80\xAF", 0, 0}, /* overlong, 4 bytes */
	        {"ab\xED\xA0\x80", 0, 2},   /* surrogate U+D800 */
	        {"\xF4\x90\x80\x80", 0, 0}, /* U+110000 */
	        {"abc\xD0", 0, 3},          /* truncated */
	        {"\x80", 0, 0},             /* continuation first */
	        {"\xD0\x41", 0, 0},         /* bad continuation */
	        {"\xFF", 0, 0},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t bad = 99;
		int ok = pl_utf8_valid(cases[i].s, strlen(cases[i].s), &bad);
		assert_int_equal(ok, cases[i].ok);
		if (!ok)
			assert_int_equal(bad, cases[i].bad_at);
	}
	/* an embedded NUL is refused */
	assert_false(pl_utf8_valid("a\0b", 3, NULL));
}

static const struct pl_field *person_field(const char *name)
{
	const struct pl_entity *e = pl_entity(PL_ENT_PERSON);
	int i = pl_field_index(e, name);
	assert_true(i >= 0);
	return &e->fields[i];
}

struct valid {
	const char *field, *in, *out;
};

static void test_valid_values(void **state)
{
	static const struct valid valids[] = {
	        {"birth_date", "1985", "1985"},
	        {"birth_date", "1985-03", "1985-03"},
	        {"birth_date", "1985-03-02", "1985-03-02"},
	        {"birth_date", "02.03.1985", "1985-03-02"},
	        {"birth_date", "03.1985", "1985-03"},
	        {"birth_date", "2000-02-29", "2000-02-29"},
	        {"birth_date", "  1985 ", "1985"},
	        {"birth_date", "", NULL},
	        {"sex", "M", "m"},
	        {"sex", "unknown", "unknown"},
	        {"health", "Severely_Wounded", "severely_wounded"},
	        {"citizenship", "ua; gb", "UA;GB"},
	        {"tags", "Medic;chaplain", "medic;chaplain"},
	        {"tags", "military-orchestra", "military_orchestra"},
	        {"family_name", "  Ковальов  ", "Ковальов"},
	        {"family_name", "Римський   Корсаков", "Римський Корсаков"},
	        {"family_name", "Ковал\xD0\xB5\xCC\x88в", "Ковалёв"}, /* NFC */
	        {"note", "line one\nline two", "line one\nline two"},
	        {"status", "Confirmed", "confirmed"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(valids) / sizeof(valids[0]); i++) {
		struct pl_error err = {0};
		char *out = (char *)1;
		int rc =
		        pl_field_normalize(person_field(valids[i].field), valids[i].in, &out, &err);
		if (rc)
			fail_msg("%s='%s': %s", valids[i].field, valids[i].in, err.msg);
		if (valids[i].out)
			assert_string_equal(out, valids[i].out);
		else
			assert_null(out);
		pl_free(out);
	}
}

static void test_invalid_values(void **state)
{
	static const struct {
		const char *field, *in, *msg;
	} invalids[] = {
	        {"birth_date", "1985-02-29", "not a date"},
	        {"birth_date", "1985-13", "not a date"},
	        {"birth_date", "1899", "not a date"},
	        {"birth_date", "2101-01-01", "not a date"},
	        {"birth_date", "85", "not a date"},
	        {"birth_date", "1985/03/02", "not a date"},
	        {"birth_date", "31.02.1985", "not a date"},
	        {"sex", "male", "is not one of m, f, unknown"},
	        {"health", "dead", "is not one of"},
	        {"citizenship", "XX", "ISO 3166"},
	        {"citizenship", "UKR", "ISO 3166"},
	        {"citizenship", "UA;;GB", "ISO 3166"},
	        {"tags", "two words", "joined by ';'"},
	        {"family_name", "a\tb", "control character"},
	        {"family_name", "a\nb", "control character"},
	        {"note", "bell\a", "control character"},
	        {"note", "c1 \xC2\x85", "control character"},
	        {"family_name", "\xC0\xAF", "invalid UTF-8 at byte 1"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(invalids) / sizeof(invalids[0]); i++) {
		struct pl_error err = {0};
		char *out = NULL;
		int rc = pl_field_normalize(person_field(invalids[i].field), invalids[i].in, &out,
		                            &err);
		if (rc != PL_EDATA)
			fail_msg("%s='%s' was accepted", invalids[i].field, invalids[i].in);
		assert_null(out);
		if (!strstr(err.msg, invalids[i].msg) ||
		    strncmp(err.msg, invalids[i].field, strlen(invalids[i].field)))
			fail_msg("%s='%s': message '%s' lacks '%s'", invalids[i].field,
			         invalids[i].in, err.msg, invalids[i].msg);
	}
}

static void test_max_len(void **state)
{
	char big[300];
	struct pl_error err = {0};
	char *out = NULL;
	(void)state;
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(pl_field_normalize(person_field("family_name"), big, &out, &err),
	                 PL_EDATA);
	assert_non_null(strstr(err.msg, "longer than 200 bytes"));
}

static void test_countries(void **state)
{
	(void)state;
	assert_true(pl_country_valid("UA"));
	assert_true(pl_country_valid("GB"));
	assert_true(pl_country_valid("ZW"));
	assert_false(pl_country_valid("ua"));
	assert_false(pl_country_valid("SU"));
	assert_false(pl_country_valid("U"));
	assert_false(pl_country_valid("UAA"));
}

static void test_every_entity_is_consistent(void **state)
{
	(void)state;
	for (int e = 0; e < PL_ENT__MAX; e++) {
		const struct pl_entity *ent = pl_entity((enum pl_entity_id)e);
		assert_non_null(ent);
		assert_true(ent->nfields <= 64); /* masks are 64-bit */
		for (size_t i = 0; i < ent->nfields; i++) {
			const struct pl_field *f = &ent->fields[i];
			assert_int_equal(pl_field_index(ent, f->name), (int)i);
			if (f->type == PL_V_ENUM)
				assert_non_null(f->tokens);
		}
	}
}

static void test_transitions(void **state)
{
	char buf[256];
	(void)state;
	assert_true(pl_status_transition_ok("captive", "missing", "probable"));
	assert_true(pl_status_transition_ok("captive", "confirmed", "listed"));
	assert_true(pl_status_transition_ok("captive", "listed", "returned"));
	assert_true(pl_status_transition_ok("captive", "died", "remains_returned"));
	assert_false(pl_status_transition_ok("captive", "returned", "missing"));
	/* the other side delivers whom it delivers: reception records who came home */
	assert_true(pl_status_transition_ok("captive", "missing", "returned"));
	assert_false(pl_status_transition_ok("captive", "missing", "listed"));
	assert_false(pl_status_transition_ok("captive", "confirmed", "confirmed"));
	assert_true(pl_status_transition_ok("detainee", "held", "listed"));
	assert_true(pl_status_transition_ok("detainee", "listed", "exchanged"));
	assert_false(pl_status_transition_ok("detainee", "exchanged", "held"));
	pl_status_next("captive", "confirmed", buf, sizeof(buf));
	assert_string_equal(buf, "listed, returned, third_country, died");
	pl_status_next("captive", "returned", buf, sizeof(buf));
	assert_string_equal(buf, "none: returned is final");
}

/* What may follow each status of each side. pl_status_next() prints "none: S is final"
 * for a status without a row as well as for a final one, so a status added without its
 * row would pass as final: hence every status must be in this table, with its answer. */
static void test_every_status_has_its_next(void **state)
{
	static const struct {
		const char *side, *status, *next;
	} nexts[] = {
	        {"captive", "missing", "data_unknown, probable, confirmed, returned, third_country, died"},
	        {"captive", "data_unknown", "probable, confirmed, returned, third_country, died"},
	        {"captive", "probable", "confirmed, returned, third_country, died"},
	        {"captive", "confirmed", "listed, returned, third_country, died"},
	        {"captive", "listed", "confirmed, returned, third_country, died"},
	        {"captive", "third_country", "returned, died"},
	        {"captive", "died", "remains_returned"},
	        {"captive", "returned", "none: returned is final"},
	        {"captive", "remains_returned", "none: remains_returned is final"},
	        {"detainee", "held", "listed, exchanged, released, died"},
	        {"detainee", "listed", "held, exchanged, released, died"},
	        {"detainee", "exchanged", "none: exchanged is final"},
	        {"detainee", "released", "none: released is final"},
	        {"detainee", "died", "none: died is final"},
	};
	static const struct {
		const char *side;
		const char *const *statuses;
	} sides[] = {{"captive", pl_captive_statuses}, {"detainee", pl_detainee_statuses}};
	size_t n = sizeof(nexts) / sizeof(nexts[0]), seen = 0;
	(void)state;
	for (size_t i = 0; i < n; i++) {
		char buf[256];
		pl_status_next(nexts[i].side, nexts[i].status, buf, sizeof(buf));
		if (strcmp(buf, nexts[i].next))
			fail_msg("%s %s: next is '%s', wanted '%s'", nexts[i].side, nexts[i].status,
			         buf, nexts[i].next);
	}
	for (size_t k = 0; k < sizeof(sides) / sizeof(sides[0]); k++) {
		for (const char *const *s = sides[k].statuses; *s; s++, seen++) {
			size_t i = 0;
			while (i < n && (strcmp(nexts[i].side, sides[k].side) ||
			                 strcmp(nexts[i].status, *s)))
				i++;
			if (i == n)
				fail_msg("%s status %s is not in this test's table: say what may "
				         "follow it",
				         sides[k].side, *s);
		}
	}
	/* and the table names no status the sides do not have */
	assert_int_equal(seen, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_utf8),
	        cmocka_unit_test(test_valid_values),
	        cmocka_unit_test(test_invalid_values),
	        cmocka_unit_test(test_max_len),
	        cmocka_unit_test(test_countries),
	        cmocka_unit_test(test_every_entity_is_consistent),
	        cmocka_unit_test(test_transitions),
	        cmocka_unit_test(test_every_status_has_its_next),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
