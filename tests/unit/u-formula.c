/* u-formula.c - the formula language: what reads (its canonical form and words), what does
 * not (each with its pointed message), three-valued matching, and the check of a list */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/alloc.h"
#include "parley/formula.h"

/* ---- valid formulas: the canonical form, and the words of some terms ------------------- */

static const struct {
	const char *in, *canon;
	size_t nterms;
} valids[] = {
        /* the examples, as written */
        {"receive 10 where health = severely_wounded; give 10 where health = severely_wounded",
         "receive 10 where health = severely_wounded; give 10 where health = severely_wounded", 2},
        {"receive 215; give 55 and R-000042", "receive 215; give 55 and R-000042", 3},
        {"receive all where health in (severely_wounded, severely_ill) or age between 18 and 25 "
         "at 2025-06-09; give all where health in (severely_wounded, severely_ill)",
         "receive all where health in (severely_wounded, severely_ill) or age between 18 and 25 "
         "at 2025-06-09; give all where health in (severely_wounded, severely_ill)",
         2},
        {"receive 390; give 390", "receive 390; give 390", 2},
        {"receive 6000 remains; give 6000 remains", "receive 6000 remains; give 6000 remains", 2},
        {"receive 1000; at least 120 where kind = civilian; give 1000",
         "receive 1000; at least 120 where kind = civilian; give 1000", 3},
        /* case, spaces and lines do not matter */
        {"RECEIVE 10 WHERE Health=Severely_Wounded", "receive 10 where health = severely_wounded",
         1},
        {"receive 10\n  where health = wounded;\r\n\tgive 10",
         "receive 10 where health = wounded; give 10", 2},
        {"receive 10;", "receive 10", 1},
        {"receive 010", "receive 10", 1},
        /* values in the field's order, one value is '=', a not of '=' is '!=' */
        {"receive 10 where health in (severely_ill, severely_wounded)",
         "receive 10 where health in (severely_wounded, severely_ill)", 1},
        {"receive 10 where health in (wounded)", "receive 10 where health = wounded", 1},
        {"receive 10 where not health = wounded", "receive 10 where health != wounded", 1},
        {"receive 10 where not (health = wounded)", "receive 10 where health != wounded", 1},
        {"receive 10 where not health != wounded", "receive 10 where not health != wounded", 1},
        {"receive 10 where not health in (wounded, healthy)",
         "receive 10 where not health in (healthy, wounded)", 1},
        /* parentheses only where they are needed; and binds tighter than or */
        {"receive 10 where ((kind = civilian))", "receive 10 where kind = civilian", 1},
        {"receive 10 where kind = civilian and (sex = f and age >= 60)",
         "receive 10 where kind = civilian and sex = f and age >= 60", 1},
        {"receive 10 where kind = civilian and (sex = f or age>=60)",
         "receive 10 where kind = civilian and (sex = f or age >= 60)", 1},
        {"receive 10 where (kind = civilian and sex = f) or age >= 60",
         "receive 10 where kind = civilian and sex = f or age >= 60", 1},
        {"receive 10 where sex = f or (age < 18 or age > 60)",
         "receive 10 where sex = f or age < 18 or age > 60", 1},
        {"receive 10 where not (kind = civilian or sex = f)",
         "receive 10 where not (kind = civilian or sex = f)", 1},
        {"receive 10 where not not sentenced", "receive 10 where not not sentenced", 1},
        {"receive 10 where not (not sentenced and kind = military)",
         "receive 10 where not (not sentenced and kind = military)", 1},
        /* dates, ages, time in captivity */
        {"receive 10 where age>=18 at 09.06.2025", "receive 10 where age >= 18 at 2025-06-09", 1},
        {"receive 10 where age <= 17", "receive 10 where age <= 17", 1},
        {"receive 10 where age = 30", "receive 10 where age = 30", 1},
        {"receive 10 where captivity >= 1 years", "receive 10 where captivity >= 1 year", 1},
        {"receive 10 where captivity < 18 month at 2025-06-09",
         "receive 10 where captivity < 18 months at 2025-06-09", 1},
        /* named persons */
        {"give 55 and r-42 and R-000043", "give 55 and R-000042, R-000043", 3},
        {"give 55 where kind = military and R-000042", "give 55 where kind = military and R-000042",
         2},
        {"receive 0; give 0 and R-000001", "receive 0; give 0 and R-000001", 3},
        {"receive 10 and U-1234567", "receive 10 and U-1234567", 2},
        /* has */
        {"receive 10 where unit has Азов", "receive 10 where unit has азов", 1},
        {"receive 10 where unit has \"36 Marine,  Brigade\"",
         "receive 10 where unit has \"36 marine brigade\"", 1},
        {"receive 10 where unit has \"(1)\"", "receive 10 where unit has \"(1)\"", 1},
        {"receive 10 where tags has Field-Medic", "receive 10 where tags has field_medic", 1},
        {"receive 10 where citizenship has gb", "receive 10 where citizenship has GB", 1},
        {"receive 10 where ref in (U-000003, U-1)", "receive 10 where ref in (U-000001, U-000003)",
         1},
        {"receive 10 where ref in (U-10, U-9)", "receive 10 where ref in (U-000009, U-000010)", 1},
        {"receive 10 where ref != U-7", "receive 10 where ref != U-000007", 1},
        /* several constraints; a constraint is of the side before it */
        {"give 10 where consent = yes and not sentenced; at most 2 where kind = civilian",
         "give 10 where consent = yes and not sentenced; at most 2 where kind = civilian", 2},
        {"give 10; receive 10; exactly 3 where sex = f",
         "give 10; receive 10; exactly 3 where sex = f", 3},
        {"receive 10; at most 3", "receive 10; at most 3", 2},
        {"receive all remains where age >= 60", "receive all remains where age >= 60", 1},
        {"receive 10 where status in (listed, confirmed)",
         "receive 10 where status in (confirmed, listed)", 1},
        {"give 10 where status = held", "give 10 where status = held", 1},
        {"receive 10 where side = captive", "receive 10 where side = captive", 1},
        {"receive 10 and U-1; at least 11 where sex = m",
         "receive 10 and U-000001; at least 11 "
         "where sex = m",
         3},
};

static void test_valid(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(valids) / sizeof(valids[0]); i++) {
		struct pl_error err = {0};
		struct pl_formula *f = NULL, *g = NULL;
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		int rc = pl_formula_parse(valids[i].in, &f, &err);
		if (rc)
			fail_msg("'%s': %s", valids[i].in, err.msg);
		assert_int_equal(pl_formula_format(f, &a), 0);
		if (strcmp(strbuf_str(&a), valids[i].canon))
			fail_msg("'%s' is '%s', not '%s'", valids[i].in, strbuf_str(&a),
			         valids[i].canon);
		assert_int_equal(pl_formula_nterms(f), valids[i].nterms);
		/* parse(format(f)) is f: the same text, the same terms */
		assert_int_equal(pl_formula_parse(strbuf_str(&a), &g, &err), 0);
		assert_int_equal(pl_formula_format(g, &b), 0);
		assert_string_equal(strbuf_str(&a), strbuf_str(&b));
		assert_int_equal(pl_formula_nterms(g), pl_formula_nterms(f));
		for (size_t t = 0; t < pl_formula_nterms(f); t++) {
			struct pl_formula_term x, y;
			pl_formula_term(f, t, &x);
			pl_formula_term(g, t, &y);
			assert_int_equal(x.side, y.side);
			assert_int_equal(x.kind, y.kind);
			assert_int_equal(x.count, y.count);
			assert_int_equal(x.remains, y.remains);
			assert_int_equal(x.has_selector, y.has_selector);
			assert_true(!x.ref == !y.ref);
			if (x.ref)
				assert_string_equal(x.ref, y.ref);
			assert_true(!x.selector == !y.selector);
			if (x.selector)
				assert_string_equal(x.selector, y.selector);
		}
		strbuf_release(&a);
		strbuf_release(&b);
		pl_formula_free(f);
		pl_formula_free(g);
	}
}

static const struct {
	const char *in;
	size_t term;
	const char *words;
} word_cases[] = {
        {"receive 10 where health = severely_wounded", 0,
         "receive exactly 10 persons, each severely wounded (health = severely_wounded)"},
        {"receive 1000; at least 120 where kind = civilian", 1,
         "of those received, at least 120 civilian (kind = civilian)"},
        {"receive 215; give 55 and R-000042", 1, "give exactly 55 persons, besides those named"},
        {"receive 215; give 55 and R-000042", 2, "give R-000042 by name"},
        {"receive all where age between 18 and 25 at 2025-06-09", 0,
         "receive every eligible person who is aged 18 to 25 on 2025-06-09 (age between 18 and "
         "25 at 2025-06-09)"},
        {"receive all where health in (severely_wounded, severely_ill) or age < 18", 0,
         "receive every eligible person who is severely wounded or severely ill or aged under 18 "
         "(health in (severely_wounded, severely_ill) or age < 18)"},
        {"receive all where health in (severely_wounded, severely_ill) and sex = f", 0,
         "receive every eligible person who is (severely wounded or severely ill) and female "
         "(health in (severely_wounded, severely_ill) and sex = f)"},
        {"receive 6000 remains", 0, "receive the remains of exactly 6000 persons"},
        {"receive 1 where not health in (wounded, healthy)", 0,
         "receive exactly 1 person, each not (healthy or wounded) (not health in (healthy, "
         "wounded))"},
        {"receive 5 where captivity >= 2 years and sentenced", 0,
         "receive exactly 5 persons, each held 2 years or longer in captivity and sentenced "
         "(captivity >= 2 years and sentenced)"},
        {"receive 3 where unit has azov and tags has medic and citizenship has GB", 0,
         "receive exactly 3 persons, each of a unit with 'azov' in its name and tagged medic and "
         "a citizen of GB (unit has azov and tags has medic and citizenship has GB)"},
        {"receive 10; at most 3", 1, "of those received, at most 3 in all"},
        {"give 10 where consent = yes and status != listed", 0,
         "give exactly 10 persons, each consenting to be exchanged and not in status listed for "
         "an exchange (consent = yes and status != listed)"},
        {"receive 2 where ref in (U-2, U-1)", 0,
         "receive exactly 2 persons, each one of U-000001, U-000002 (ref in (U-000001, "
         "U-000002))"},
};

static void test_words(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(word_cases) / sizeof(word_cases[0]); i++) {
		struct pl_formula *f = NULL;
		struct strbuf sb = STRBUF_INIT;
		struct pl_error err = {0};
		if (pl_formula_parse(word_cases[i].in, &f, &err))
			fail_msg("'%s': %s", word_cases[i].in, err.msg);
		assert_int_equal(pl_formula_term_words(f, word_cases[i].term, &sb), 0);
		if (strcmp(strbuf_str(&sb), word_cases[i].words))
			fail_msg("'%s' term %zu reads\n  '%s', not\n  '%s'", word_cases[i].in,
			         word_cases[i].term, strbuf_str(&sb), word_cases[i].words);
		strbuf_release(&sb);
		pl_formula_free(f);
	}
}

static void test_terms(void **state)
{
	struct pl_formula *f = NULL;
	struct pl_formula_term t;
	(void)state;
	assert_int_equal(pl_formula_parse("receive 215 where kind = military;\n give 55 and "
	                                  "R-000042; at most 5 where sentenced",
	                                  &f, NULL),
	                 0);
	assert_int_equal(pl_formula_nterms(f), 4);
	assert_int_equal(pl_formula_total(f, PL_FORMULA_RECEIVE), 0);
	assert_int_equal(pl_formula_total(f, PL_FORMULA_GIVE), 1);
	pl_formula_term(f, 0, &t);
	assert_int_equal(t.kind, PL_TERM_TOTAL);
	assert_int_equal(t.side, PL_FORMULA_RECEIVE);
	assert_int_equal(t.count, 215);
	assert_string_equal(t.text, "receive 215 where kind = military");
	assert_string_equal(t.selector, "kind = military");
	assert_true(t.has_selector);
	assert_int_equal(t.line, 1);
	assert_int_equal(t.column, 1);
	pl_formula_term(f, 1, &t);
	assert_int_equal(t.kind, PL_TERM_TOTAL);
	assert_int_equal(t.side, PL_FORMULA_GIVE);
	assert_int_equal(t.count, 55);
	assert_false(t.has_selector);
	assert_null(t.selector);
	assert_string_equal(t.text, "give 55");
	assert_int_equal(t.line, 2);
	assert_int_equal(t.column, 2);
	pl_formula_term(f, 2, &t);
	assert_int_equal(t.kind, PL_TERM_NAMED);
	assert_int_equal(t.side, PL_FORMULA_GIVE);
	assert_int_equal(t.count, 1);
	assert_string_equal(t.ref, "R-000042");
	assert_string_equal(t.selector, "ref = R-000042");
	assert_string_equal(t.text, "R-000042");
	assert_int_equal(t.column, 14);
	pl_formula_term(f, 3, &t);
	assert_int_equal(t.kind, PL_TERM_AT_MOST);
	assert_int_equal(t.side, PL_FORMULA_GIVE);
	assert_int_equal(t.count, 5);
	assert_string_equal(t.text, "at most 5 where sentenced");
	pl_formula_free(f);

	assert_int_equal(pl_formula_parse("give all remains", &f, NULL), 0);
	assert_int_equal(pl_formula_total(f, PL_FORMULA_RECEIVE), -1);
	pl_formula_term(f, 0, &t);
	assert_int_equal(t.count, -1);
	assert_true(t.remains);
	pl_formula_free(f);
	pl_formula_free(NULL);
}

/* ---- invalid formulas: each with its message --------------------------------------------- */

static const struct {
	const char *in, *msg;
} invalids[] = {
        {"receive 10; give severly", "formula:1:18: expected a count or 'all', found 'severly'"},
        {"",
         "formula:1:1: expected a term ('receive N' or 'give N'), found the end of the formula"},
        {"  \n ", "formula:2:2: expected a term ('receive N' or 'give N'), found the end of the "
                  "formula"},
        {"receive", "formula:1:8: expected a count or 'all', found the end of the formula"},
        {"receive ten", "formula:1:9: expected a count or 'all', found 'ten'"},
        {"receive 5000000", "formula:1:9: a count is at most 1000000, not '5000000'"},
        {"receive 1000001", "formula:1:9: a count is at most 1000000, not '1000001'"},
        {"receive 10 give 10", "formula:1:12: expected 'remains', 'where', 'and', ';' or the end "
                               "of the formula, found 'give'"},
        {"receive 10 remains give 10", "formula:1:20: expected 'where', 'and', ';' or the end of "
                                       "the formula, found 'give'"},
        {"receive 10;; give 10", "formula:1:12: expected a term ('receive', 'give', 'exactly', "
                                 "'at least' or 'at most'), found ';'"},
        {"receive 10; give 10;;", "formula:1:21: expected a term ('receive', 'give', 'exactly', "
                                  "'at least' or 'at most'), found ';'"},
        {"hello", "formula:1:1: expected a term ('receive N' or 'give N'), found 'hello'"},
        {"receive 10;\ngive severly", "formula:2:6: expected a count or 'all', found 'severly'"},
        {"receive 10; receive 5", "formula:1:13: a second 'receive' term: a side is one list "
                                  "(constrain it with 'exactly', 'at least' or 'at most')"},
        {"exactly 5 where kind = civilian", "formula:1:1: 'exactly' constrains a side's list: "
                                            "write 'receive N' or 'give N' before it"},
        {"at least 5", "formula:1:1: 'at least' constrains a side's list: write 'receive N' or "
                       "'give N' before it"},
        {"receive 10; at 5", "formula:1:16: expected 'least' or 'most' after 'at', found '5'"},
        {"receive 10; at least all", "formula:1:22: 'at least' takes a count, not 'all'"},
        {"receive 10; at least 20 where kind = civilian",
         "formula:1:22: at least 20 of a list of 10 can never hold"},
        {"receive 10 and U-1; exactly 12", "formula:1:29: exactly 12 of a list of 11 can never "
                                           "hold"},
        {"receive 10; at most 3 sex = f", "formula:1:23: expected 'where', ';' or the end of the "
                                          "formula, found 'sex'"},
        /* conditions */
        {"receive 10 where", "formula:1:17: expected a condition (a field such as health or age, "
                             "'not', or '('), found the end of the formula"},
        {"receive 10 where helth = wounded",
         "formula:1:18: 'helth' is no field of a condition (side, kind, sex, health, status, "
         "consent, unit, tags, citizenship, ref, age, captivity, sentenced)"},
        {"receive 10 where health = severly_wounded",
         "formula:1:27: health: 'severly_wounded' is not one of healthy, wounded, "
         "severely_wounded, severely_ill"},
        {"receive 10 where health = unknown",
         "formula:1:27: health: 'unknown' selects no one: a person whose health is not known is "
         "reported as unknown"},
        {"receive 10 where sex in (f, unknown)",
         "formula:1:29: sex: 'unknown' selects no one: a person whose sex is not known is "
         "reported as unknown"},
        {"receive 10 where health", "formula:1:24: expected '=', '!=' or 'in' after health, "
                                    "found the end of the formula"},
        {"receive 10 where health has wounded",
         "formula:1:25: health takes '=', '!=' or 'in', not 'has'"},
        {"receive 10 where health in wounded",
         "formula:1:28: expected '(' after 'health in', found 'wounded'"},
        {"receive 10 where health in (wounded healthy)",
         "formula:1:37: expected ',' or ')', found 'healthy'"},
        {"receive 10 where health in (wounded, wounded)",
         "formula:1:38: health: 'wounded' is listed twice"},
        {"receive 10 where health = \"wounded\"",
         "formula:1:27: expected a value of health (healthy, wounded, severely_wounded, "
         "severely_ill), found \"wounded\""},
        {"receive 10 where health ! wounded", "formula:1:25: '!' is only part of '!='"},
        {"receive 10 where status = held",
         "formula:1:27: status: 'held' is no status of a captive (missing, data_unknown, "
         "probable, confirmed, listed, returned, third_country, died, remains_returned)"},
        {"give 10 where status = returned",
         "formula:1:24: status: 'returned' is no status of a detainee (held, listed, exchanged, "
         "released, died)"},
        {"receive 10 where side = detainee",
         "formula:1:25: side: a 'receive' term's persons are captives: 'detainee' selects no "
         "one"},
        {"give 10 where captivity >= 2 years",
         "formula:1:15: captivity is recorded for captives only: write it under 'receive'"},
        {"receive 10 where consent = yes",
         "formula:1:18: consent is recorded for detainees only: write it under 'give'"},
        {"receive 10 remains where health = wounded",
         "formula:1:26: health: remains have no health category"},
        {"receive 10; at least 2 where sentenced; give 5 remains; at most 1 where health = "
         "wounded",
         "formula:1:73: health: remains have no health category"},
        {"receive 10 where (kind = civilian",
         "formula:1:34: expected 'and', 'or' or ')', found the end of the formula"},
        {"receive 10 where kind = civilian)",
         "formula:1:33: expected 'and', 'or', ';' or the end of the formula, found ')'"},
        {"receive 10 where sentenced = yes",
         "formula:1:28: expected 'and', 'or', ';' or the end of the formula, found '='"},
        {"receive 10 where not", "formula:1:21: expected a condition (a field such as health or "
                                 "age, 'not', or '('), found the end of the formula"},
        {"receive 10 where kind = civilian and", "formula:1:37: expected a condition (a field "
                                                 "such as health or age, 'not', or '('), found "
                                                 "the end of the formula"},
        {"receive 10 where kind = civilian or or sex = f",
         "formula:1:37: expected a condition (a field such as health or age, 'not', or '('), "
         "found 'or'"},
        /* ages and time in captivity */
        {"receive 10 where age between 25 and 18",
         "formula:1:37: age between 25 and 18 selects no one: write the lower bound first"},
        {"receive 10 where age between 18 or 25",
         "formula:1:33: expected 'and' in 'age between A and B', found 'or'"},
        {"receive 10 where age >= 200", "formula:1:25: an age is at most 150, not '200'"},
        {"receive 10 where age >= old", "formula:1:25: expected an age, found 'old'"},
        {"receive 10 where age 18", "formula:1:22: expected 'between', '=', '<', '<=', '>' or "
                                    "'>=' after age, found '18'"},
        {"receive 10 where age != 18", "formula:1:22: expected 'between', '=', '<', '<=', '>' or "
                                       "'>=' after age, found '!='"},
        {"receive 10 where age >= 18 at 2025-02-30",
         "formula:1:31: '2025-02-30' is no day between 1900-01-01 and 2100-12-31"},
        {"receive 10 where age >= 18 at 2025",
         "formula:1:31: expected a day (YYYY-MM-DD or DD.MM.YYYY) after 'at', found '2025'"},
        {"receive 10 where age >= 18 at", "formula:1:30: expected a day (YYYY-MM-DD or "
                                          "DD.MM.YYYY) after 'at', found the end of the formula"},
        {"receive 10 where captivity >= 2",
         "formula:1:32: expected 'years' or 'months', found the end of the formula"},
        {"receive 10 where captivity >= 101 years",
         "formula:1:35: captivity is at most 100 years, not 101"},
        {"receive 10 where captivity >= 1201 months",
         "formula:1:31: a time in captivity is at most 1200, not '1201'"},
        /* has */
        {"receive 10 where unit = azov", "formula:1:23: write 'unit has WORDS'"},
        {"give 10 where tags = medic", "formula:1:20: write 'tags has TAG'"},
        {"receive 10 where citizenship in (UA)", "formula:1:30: write 'citizenship has CODE'"},
        {"receive 10 where unit azov", "formula:1:23: expected 'has' after unit, found 'azov'"},
        {"receive 10 where unit has \"azov", "formula:1:27: a quotation mark not closed on its "
                                             "line (write \"words\")"},
        {"receive 10 where unit has \"azov\nregiment\"",
         "formula:1:27: a quotation mark not closed on its line (write \"words\")"},
        {"receive 10 where unit has \"\"", "formula:1:27: unit: \"\" holds no word to look for"},
        {"receive 10 where unit has \" , \"", "formula:1:27: unit: \" , \" holds no word to look "
                                              "for"},
        {"receive 10 where unit has ;", "formula:1:27: expected words of the unit (a word, or "
                                        "\"words\"), found ';'"},
        {"receive 10 where tags has медик",
         "formula:1:27: tags: 'медик' is no tag (letters, digits and '_')"},
        {"receive 10 where citizenship has XX",
         "formula:1:34: citizenship: 'XX' is not an ISO 3166 alpha-2 country code"},
        {"receive 10 where citizenship has UKR",
         "formula:1:34: expected a country code (ISO 3166 alpha-2, such as UA), found 'UKR'"},
        /* references */
        {"receive 10 and R-000001", "formula:1:16: 'R-000001' is a detainee: a 'receive' term's "
                                    "persons are captives (U-...)"},
        {"give 5 and R-1, R-01", "formula:1:17: R-000001 is named twice"},
        {"give 5 and", "formula:1:11: expected a reference (U-000123 or R-000045) after 'and', "
                       "found the end of the formula"},
        {"give 5 and kind = military", "formula:1:12: expected a reference (U-000123 or R-000045) "
                                       "after 'and', found 'kind'"},
        {"give 5 and R-1 R-2", "formula:1:16: expected ',', ';' or the end of the formula, found "
                               "'R-2'"},
        {"give 5 and R-1,", "formula:1:16: expected a reference (U-000123 or R-000045), found the "
                            "end of the formula"},
        {"give 5 and X-1", "formula:1:12: expected a reference (U-000123 or R-000045), found "
                           "'X-1'"},
        {"receive 10 where ref = U-0", "formula:1:24: 'U-0' is no reference: they start at 1"},
        {"receive 10 where ref = U-1234567890123",
         "formula:1:24: 'U-1234567890123' is no reference: its number is too long"},
        {"receive 10 where ref in (U-1, U-000001)", "formula:1:31: ref: U-000001 is listed twice"},
        {"receive 10 where U-000001", "formula:1:18: 'U-000001' is no condition: write 'ref = "
                                      "U-000001', or name persons after the count ('receive 10 "
                                      "and U-000042')"},
        {"receive 10 where (kind = civilian and U-000001)",
         "formula:1:39: 'U-000001' is no condition: write 'ref = U-000001', or name persons "
         "after the count ('receive 10 and U-000042')"},
        {"receive 10 where kind = civilian and U-000001 or sex = f",
         "formula:1:47: expected ',', ';' or the end of the formula, found 'or'"},
        {"receive 10; at least 2 where sex = f and U-000001",
         "formula:1:38: a constraint names no one: name persons after the side's count "
         "('receive 10 and U-000042')"},
        /* characters */
        {"receive 10 where kind = civilian\x01", "formula:1:33: a control character (U+0001) is "
                                                 "no part of a formula"},
        {"receive 10 where unit has \xff", "formula:1:27: invalid UTF-8"},
        {"receive 10 where unit has \xd0", "formula:1:27: invalid UTF-8"},
        {"receive 10\nwhere unit has \"\xe2\x80\xae"
         "azov\"",
         "formula:2:17: a control character (U+202E) is no part of a formula"},
        {"receive 10 where unit has Азов and helth = x",
         "formula:1:36: 'helth' is no field of a condition (side, kind, sex, health, status, "
         "consent, unit, tags, citizenship, ref, age, captivity, sentenced)"},
        {"receive 10 where aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa = 1",
         "formula:1:18: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...' is no field of a condition "
         "(side, kind, sex, health, status, consent, unit, tags, citizenship, ref, age, "
         "captivity, sentenced)"},
        {"receive 10 where жжжжжжжжжжжжжжжжжжжжжжжжж = 1",
         "formula:1:18: 'жжжжжжжжжжжжжжжжжжжж...' is no field of a condition (side, kind, sex, "
         "health, status, consent, unit, tags, citizenship, ref, age, captivity, sentenced)"},
};

static void test_invalid(void **state)
{
	int wrong = 0;
	(void)state;
	for (size_t i = 0; i < sizeof(invalids) / sizeof(invalids[0]); i++) {
		struct pl_error err = {0};
		struct pl_formula *f = (struct pl_formula *)&err; /* untouched on failure */
		int rc = pl_formula_parse(invalids[i].in, &f, &err);
		if (rc != PL_EDATA)
			fail_msg("'%s' read (rc %d)", invalids[i].in, rc);
		assert_ptr_equal(f, (struct pl_formula *)&err);
		if (strcmp(err.msg, invalids[i].msg)) {
			print_error("'%s' says\n  %s\nnot\n  %s\n", invalids[i].in, err.msg,
			            invalids[i].msg);
			wrong++;
		}
		/* the code is the same without an error struct */
		assert_int_equal(pl_formula_parse(invalids[i].in, &f, NULL), PL_EDATA);
	}
	assert_int_equal(wrong, 0);
}

/* Limits: length, nesting, counts; a formula at a limit reads. */
static void test_limits(void **state)
{
	struct pl_error err = {0};
	struct pl_formula *f = NULL;
	struct strbuf sb = STRBUF_INIT;
	char *big;
	(void)state;

	/* 32 parentheses read, 33 do not; the same for 'not' */
	strbuf_adds(&sb, "receive 1 where ");
	for (int i = 0; i < PL_FORMULA_MAX_DEPTH; i++)
		strbuf_addch(&sb, '(');
	strbuf_adds(&sb, "sentenced");
	for (int i = 0; i < PL_FORMULA_MAX_DEPTH; i++)
		strbuf_addch(&sb, ')');
	assert_int_equal(pl_formula_parse(strbuf_str(&sb), &f, &err), 0);
	pl_formula_free(f);
	strbuf_reset(&sb);
	strbuf_adds(&sb, "receive 1 where ");
	for (int i = 0; i <= PL_FORMULA_MAX_DEPTH; i++)
		strbuf_addch(&sb, '(');
	strbuf_adds(&sb, "sentenced");
	assert_int_equal(pl_formula_parse(strbuf_str(&sb), &f, &err), PL_EDATA);
	assert_string_equal(err.msg, "formula:1:49: nested deeper than 32");
	strbuf_reset(&sb);
	strbuf_adds(&sb, "receive 1 where ");
	for (int i = 0; i <= PL_FORMULA_MAX_DEPTH; i++)
		strbuf_adds(&sb, "not ");
	strbuf_adds(&sb, "sentenced");
	assert_int_equal(pl_formula_parse(strbuf_str(&sb), &f, &err), PL_EDATA);
	assert_string_equal(err.msg, "formula:1:145: nested deeper than 32");
	/* the depth is counted in each term afresh */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "receive 1 where ");
	for (int i = 0; i < PL_FORMULA_MAX_DEPTH; i++)
		strbuf_adds(&sb, "not ");
	strbuf_adds(&sb, "sentenced; give 1 where ");
	for (int i = 0; i < PL_FORMULA_MAX_DEPTH; i++)
		strbuf_adds(&sb, "not ");
	strbuf_adds(&sb, "sentenced");
	assert_int_equal(pl_formula_parse(strbuf_str(&sb), &f, &err), 0);
	pl_formula_free(f);

	/* a long and-chain is no nesting */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "receive 1 where sentenced");
	for (int i = 0; i < 1000; i++)
		strbuf_adds(&sb, " and not sentenced");
	assert_int_equal(pl_formula_parse(strbuf_str(&sb), &f, &err), 0);
	pl_formula_free(f);
	strbuf_release(&sb);

	/* 65536 bytes read; one more does not */
	big = malloc(PL_FORMULA_MAX_INPUT + 2);
	assert_non_null(big);
	memset(big, ' ', PL_FORMULA_MAX_INPUT + 1);
	memcpy(big, "receive 1", 9);
	big[PL_FORMULA_MAX_INPUT] = '\0';
	assert_int_equal(pl_formula_parse(big, &f, &err), 0);
	pl_formula_free(f);
	big[PL_FORMULA_MAX_INPUT] = ' ';
	big[PL_FORMULA_MAX_INPUT + 1] = '\0';
	assert_int_equal(pl_formula_parse(big, &f, &err), PL_EDATA);
	assert_string_equal(err.msg, "formula:1:1: longer than 65536 bytes");
	/* nor does one whose canonical form would be longer */
	{
		size_t len = 0;
		len += (size_t)snprintf(big, 32, "receive 1 where ref in (U-1");
		for (int i = 2; len + 16 < PL_FORMULA_MAX_INPUT; i++)
			len += (size_t)snprintf(big + len, 16, ",U-%d", i);
		snprintf(big + len, 4, ")");
		assert_int_equal(pl_formula_parse(big, &f, &err), PL_EDATA);
		assert_string_equal(err.msg,
		                    "formula:1:1: longer than 65536 bytes once written out");
	}
	free(big);

	assert_int_equal(pl_formula_parse("receive 1000000; at least 1000000", &f, &err), 0);
	pl_formula_free(f);
	assert_int_equal(pl_formula_parse("receive 10 where age <= 150 and age >= 0", &f, &err), 0);
	pl_formula_free(f);
	assert_int_equal(pl_formula_parse("receive 10 where captivity <= 1200 months or captivity "
	                                  "<= 100 years",
	                                  &f, &err),
	                 0);
	pl_formula_free(f);
	assert_int_equal(pl_formula_parse(NULL, &f, &err), PL_EUSAGE);
}

/* ---- persons, and matching ---------------------------------------------------------------- */

/* A person from "field=value|field=value"; "!field" leaves the value out for the role. */
static void person(struct pl_record *r, const char *spec)
{
	const struct pl_entity *ent = pl_entity(PL_ENT_PERSON);
	char buf[512], *p = buf;
	assert_int_equal(pl_record_init(r, ent), 0);
	snprintf(buf, sizeof(buf), "%s", spec);
	while (p && *p) {
		char *bar = strchr(p, '|'), *eq;
		if (bar)
			*bar = '\0';
		if (*p == '!') {
			int i = pl_field_index(ent, p + 1);
			assert_true(i >= 0);
			r->restricted |= (uint64_t)1 << i;
		} else {
			eq = strchr(p, '=');
			assert_non_null(eq);
			*eq = '\0';
			if (pl_record_set(r, p, eq + 1))
				fail_msg("no field %s", p);
		}
		p = bar ? bar + 1 : NULL;
	}
}

#define CAPTIVE "side=captive|status=confirmed|kind=military|"
#define DETAINEE "side=detainee|status=held|kind=military|"
#define DAY "2025-06-09"

static const struct {
	const char *formula;
	size_t term;
	const char *person, *on_date;
	enum pl_tv want;
	const char *why;
} matches[] = {
        /* health: unknown and missing are unknown */
        {"receive 1 where health = severely_wounded", 0, CAPTIVE "health=severely_wounded", DAY,
         PL_TV_YES, ""},
        {"receive 1 where health = severely_wounded", 0, CAPTIVE "health=wounded", DAY, PL_TV_NO,
         ""},
        {"receive 1 where health = severely_wounded", 0, CAPTIVE "health=unknown", DAY,
         PL_TV_UNKNOWN, "health: unknown"},
        {"receive 1 where health = severely_wounded", 0, CAPTIVE "sex=m", DAY, PL_TV_UNKNOWN,
         "health: not recorded"},
        {"receive 1 where health != healthy", 0, CAPTIVE "health=unknown", DAY, PL_TV_UNKNOWN,
         "health: unknown"},
        {"receive 1 where health != healthy", 0, CAPTIVE "health=wounded", DAY, PL_TV_YES, ""},
        {"receive 1 where health in (severely_wounded, severely_ill)", 0,
         CAPTIVE "health=severely_ill", DAY, PL_TV_YES, ""},
        {"receive 1 where health = wounded", 0, CAPTIVE "health=wounded|!health", DAY,
         PL_TV_UNKNOWN, "health: not visible to this role"},
        {"receive 1 where sex = f", 0, CAPTIVE "sex=unknown", DAY, PL_TV_UNKNOWN, "sex: unknown"},
        /* ages from partial dates: born 1985 is 39 or 40 on 2025-06-09 */
        {"receive 1 where age between 18 and 25 at 2025-06-09", 0, CAPTIVE "birth_date=1985", NULL,
         PL_TV_NO, ""},
        {"receive 1 where age >= 40 at 2025-06-09", 0, CAPTIVE "birth_date=1985", NULL,
         PL_TV_UNKNOWN, "age: born 1985 only"},
        {"receive 1 where age >= 39 at 2025-06-09", 0, CAPTIVE "birth_date=1985", NULL, PL_TV_YES,
         ""},
        {"receive 1 where age < 39 at 2025-06-09", 0, CAPTIVE "birth_date=1985", NULL, PL_TV_NO,
         ""},
        {"receive 1 where age = 40 at 2025-06-09", 0, CAPTIVE "birth_date=1985", NULL,
         PL_TV_UNKNOWN, "age: born 1985 only"},
        {"receive 1 where age >= 40 at 2025-06-09", 0, CAPTIVE "birth_date=1985-03", NULL,
         PL_TV_YES, ""},
        {"receive 1 where age >= 40 at 2025-06-09", 0, CAPTIVE "birth_date=1985-06", NULL,
         PL_TV_UNKNOWN, "age: born 1985-06 only"},
        {"receive 1 where age >= 40 at 2025-06-09", 0, CAPTIVE "birth_date=1985-07", NULL, PL_TV_NO,
         ""},
        {"receive 1 where age >= 25", 0, CAPTIVE "birth_date=2000-06-10", "2025-06-09", PL_TV_NO,
         ""},
        {"receive 1 where age >= 25", 0, CAPTIVE "birth_date=2000-06-10", "2025-06-10", PL_TV_YES,
         ""},
        {"receive 1 where age >= 25", 0, CAPTIVE "birth_date=2000-06-10", "10.06.2025", PL_TV_YES,
         ""},
        {"receive 1 where age between 18 and 25", 0, CAPTIVE "birth_date=2000-02-29", "2025-02-28",
         PL_TV_YES, ""},
        {"receive 1 where age = 24", 0, CAPTIVE "birth_date=2000-02-29", "2025-02-28", PL_TV_YES,
         ""},
        {"receive 1 where age >= 25 at 2025-06-10", 0, CAPTIVE "birth_date=2000-06-10",
         "1999-01-01", PL_TV_YES, ""}, /* the term's own day wins */
        {"receive 1 where age >= 25", 0, CAPTIVE "birth_date=2000-06-10", NULL, PL_TV_UNKNOWN,
         "age: no day to count it to"},
        {"receive 1 where age >= 25", 0, CAPTIVE "birth_date=2000-06-10", "junk", PL_TV_UNKNOWN,
         "age: no day to count it to"},
        {"receive 1 where age >= 25", 0, CAPTIVE "sex=m", DAY, PL_TV_UNKNOWN, "age: no birth date"},
        {"receive 1 where age >= 25", 0, CAPTIVE "birth_date=soon", DAY, PL_TV_UNKNOWN,
         "age: 'soon' is no date"},
        /* time in captivity, in completed months or years */
        {"receive 1 where captivity >= 2 years at 2025-06-09", 0, CAPTIVE "capture_date=2022-05-17",
         NULL, PL_TV_YES, ""},
        {"receive 1 where captivity >= 2 years at 2025-06-09", 0, CAPTIVE "capture_date=2023-06-10",
         NULL, PL_TV_NO, ""},
        {"receive 1 where captivity >= 2 years at 2025-06-09", 0, CAPTIVE "capture_date=2023", NULL,
         PL_TV_UNKNOWN, "captivity: captured 2023 only"},
        {"receive 1 where captivity >= 24 months", 0, CAPTIVE "capture_date=2023-06-09", DAY,
         PL_TV_YES, ""},
        {"receive 1 where captivity >= 24 months", 0, CAPTIVE "capture_date=2023-06-10", DAY,
         PL_TV_NO, ""},
        {"receive 1 where captivity < 1 month", 0, CAPTIVE "capture_date=2025-06-09", DAY,
         PL_TV_YES, ""},
        {"receive 1 where captivity < 1 month", 0, CAPTIVE "capture_date=2025-07-01", DAY,
         PL_TV_YES, ""}, /* captured after the day: no time in captivity */
        {"receive 1 where captivity > 3 months", 0, CAPTIVE "capture_date=2025-02", DAY,
         PL_TV_UNKNOWN, "captivity: captured 2025-02 only"},
        {"receive 1 where captivity > 3 years", 0, CAPTIVE "kind=civilian", DAY, PL_TV_UNKNOWN,
         "captivity: no capture date"},
        /* three values: and, or, not */
        {"receive 1 where health = wounded or age >= 40 at 2025-06-09", 0,
         CAPTIVE "health=unknown|birth_date=1985", NULL, PL_TV_UNKNOWN, "health: unknown"},
        {"receive 1 where health = wounded or age >= 40 at 2025-06-09", 0,
         CAPTIVE "health=healthy|birth_date=1985", NULL, PL_TV_UNKNOWN, "age: born 1985 only"},
        {"receive 1 where health = wounded or age >= 40 at 2025-06-09", 0,
         CAPTIVE "health=unknown|birth_date=1980", NULL, PL_TV_YES, ""},
        {"receive 1 where health = wounded or age >= 40 at 2025-06-09", 0,
         CAPTIVE "health=healthy|birth_date=1990", NULL, PL_TV_NO, ""},
        {"receive 1 where health = wounded and age >= 40 at 2025-06-09", 0,
         CAPTIVE "health=healthy|birth_date=1985", NULL, PL_TV_NO, ""},
        {"receive 1 where health = wounded and age >= 40 at 2025-06-09", 0,
         CAPTIVE "health=wounded|birth_date=1985", NULL, PL_TV_UNKNOWN, "age: born 1985 only"},
        {"receive 1 where health = wounded and age >= 40 at 2025-06-09", 0,
         CAPTIVE "health=unknown|birth_date=1990", NULL, PL_TV_NO, ""},
        {"receive 1 where health = wounded and age >= 40 at 2025-06-09", 0,
         CAPTIVE "health=wounded|birth_date=1980", NULL, PL_TV_YES, ""},
        {"receive 1 where not age >= 40 at 2025-06-09", 0, CAPTIVE "birth_date=1985", NULL,
         PL_TV_UNKNOWN, "age: born 1985 only"},
        {"receive 1 where not age >= 40 at 2025-06-09", 0, CAPTIVE "birth_date=1990", NULL,
         PL_TV_YES, ""},
        {"receive 1 where not (health = wounded and sex = f)", 0, CAPTIVE "health=healthy", DAY,
         PL_TV_YES, ""},
        {"receive 1 where not (health = wounded or sex = f)", 0, CAPTIVE "health=healthy", DAY,
         PL_TV_UNKNOWN, "sex: not recorded"},
        /* the side and the living or the dead */
        {"receive 1", 0, CAPTIVE "sex=m", DAY, PL_TV_YES, ""},
        {"receive 1", 0, DETAINEE "sex=m", DAY, PL_TV_NO, ""},
        {"receive 1", 0, "status=confirmed", DAY, PL_TV_UNKNOWN, "side: not recorded"},
        {"receive 1", 0, "side=captive", DAY, PL_TV_UNKNOWN, "status: not recorded"},
        {"receive 1 where health = wounded", 0, "side=captive|health=wounded", DAY, PL_TV_UNKNOWN,
         "status: not recorded"},
        {"receive 1 where health = wounded", 0, "side=captive|health=healthy", DAY, PL_TV_NO, ""},
        {"receive 1", 0, "side=captive|status=died", DAY, PL_TV_NO, ""},
        {"receive 1", 0, "side=captive|status=missing", DAY, PL_TV_YES, ""},
        {"receive 1 remains", 0, "side=captive|status=died", DAY, PL_TV_YES, ""},
        {"receive 1 remains", 0, "side=captive|status=remains_returned", DAY, PL_TV_YES, ""},
        {"receive 1 remains", 0, CAPTIVE "sex=m", DAY, PL_TV_NO, ""},
        {"give 1 remains", 0, "side=detainee|status=died", DAY, PL_TV_YES, ""},
        {"give 1", 0, "side=detainee|status=died", DAY, PL_TV_NO, ""},
        {"give 1", 0, DETAINEE "sex=m", DAY, PL_TV_YES, ""},
        {"receive 5 remains; at least 2 where kind = civilian", 1,
         "side=captive|status=died|kind=civilian", DAY, PL_TV_YES, ""},
        {"receive 5 remains; at least 2 where kind = civilian", 1, CAPTIVE "kind=civilian", DAY,
         PL_TV_NO, ""}, /* a constraint is of its side's list: the dead */
        /* sentenced */
        {"receive 1 where sentenced", 0, CAPTIVE "sentence=10 years", DAY, PL_TV_YES, ""},
        {"receive 1 where sentenced", 0, CAPTIVE "sex=m", DAY, PL_TV_NO, ""},
        {"receive 1 where not sentenced", 0, CAPTIVE "sex=m", DAY, PL_TV_YES, ""},
        {"receive 1 where sentenced", 0, CAPTIVE "sentence=x|!sentence", DAY, PL_TV_UNKNOWN,
         "sentenced: not visible to this role"},
        /* unit: words of it, case-insensitive; a civilian has none */
        {"receive 1 where unit has azov", 0, CAPTIVE "unit=Полк АЗОВ", DAY, PL_TV_NO, ""},
        {"receive 1 where unit has азов", 0, CAPTIVE "unit=Полк АЗОВ", DAY, PL_TV_YES, ""},
        {"receive 1 where unit has \"морської 36\"", 0,
         CAPTIVE "unit=36 окрема бригада морської піхоти", DAY, PL_TV_YES, ""},
        {"receive 1 where unit has \"морської 37\"", 0,
         CAPTIVE "unit=36 окрема бригада морської піхоти", DAY, PL_TV_NO, ""},
        {"receive 1 where unit has azov", 0, CAPTIVE "sex=m", DAY, PL_TV_UNKNOWN,
         "unit: not recorded"},
        {"receive 1 where unit has azov", 0, "side=captive|status=confirmed|kind=civilian", DAY,
         PL_TV_NO, ""},
        {"receive 1 where not unit has azov", 0, "side=captive|status=confirmed|kind=civilian", DAY,
         PL_TV_YES, ""},
        /* tags: no tags is none; citizenship: not recorded is unknown */
        {"receive 1 where tags has medic", 0, CAPTIVE "tags=chaplain;medic", DAY, PL_TV_YES, ""},
        {"receive 1 where tags has medic", 0, CAPTIVE "tags=chaplain;medics", DAY, PL_TV_NO, ""},
        {"receive 1 where tags has medic", 0, CAPTIVE "sex=m", DAY, PL_TV_NO, ""},
        {"receive 1 where citizenship has GB", 0, CAPTIVE "citizenship=UA;GB", DAY, PL_TV_YES, ""},
        {"receive 1 where citizenship has GB", 0, CAPTIVE "citizenship=UA", DAY, PL_TV_NO, ""},
        {"receive 1 where citizenship has GB", 0, CAPTIVE "sex=m", DAY, PL_TV_UNKNOWN,
         "citizenship: not recorded"},
        /* consent (detainees), status, kind, references */
        {"give 1 where consent = yes", 0, DETAINEE "consent=yes", DAY, PL_TV_YES, ""},
        {"give 1 where consent = yes", 0, DETAINEE "consent=no", DAY, PL_TV_NO, ""},
        {"give 1 where consent = yes", 0, DETAINEE "consent=unknown", DAY, PL_TV_UNKNOWN,
         "consent: unknown"},
        {"give 1 where status = listed", 0, "side=detainee|status=listed", DAY, PL_TV_YES, ""},
        {"receive 1 where kind = civilian", 0, CAPTIVE "sex=m", DAY, PL_TV_NO, ""},
        {"receive 1 where ref in (U-1, U-2)", 0, CAPTIVE "ref=U-000002", DAY, PL_TV_YES, ""},
        {"receive 1 where ref in (U-1, U-2)", 0, CAPTIVE "ref=U-000003", DAY, PL_TV_NO, ""},
        {"receive 1 where ref != U-1", 0, CAPTIVE "sex=m", DAY, PL_TV_UNKNOWN, "ref: not recorded"},
        /* a named person: that reference, of the side, living or dead as the list is */
        {"give 5 and R-000042", 1, DETAINEE "ref=R-000042", DAY, PL_TV_YES, ""},
        {"give 5 and R-000042", 1, DETAINEE "ref=R-000043", DAY, PL_TV_NO, ""},
        {"give 5 and R-000042", 1, "side=detainee|status=died|ref=R-000042", DAY, PL_TV_NO, ""},
        {"give 5 and R-000042", 1, "side=detainee|ref=R-000042", DAY, PL_TV_UNKNOWN,
         "status: not recorded"},
        {"give 5 and R-000042", 1, DETAINEE "sex=m", DAY, PL_TV_UNKNOWN, "ref: not recorded"},
};

static void test_matches(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(matches) / sizeof(matches[0]); i++) {
		struct pl_formula *f = NULL;
		struct pl_error err = {0};
		struct pl_record r;
		char why[128] = "stale";
		enum pl_tv tv;
		if (pl_formula_parse(matches[i].formula, &f, &err))
			fail_msg("'%s': %s", matches[i].formula, err.msg);
		person(&r, matches[i].person);
		tv = pl_formula_matches(f, matches[i].term, &r, matches[i].on_date, why,
		                        sizeof(why));
		if (tv != matches[i].want || strcmp(why, matches[i].why))
			fail_msg("case %zu: '%s' on %s: %d '%s', not %d '%s'", i,
			         matches[i].formula, matches[i].person, tv, why, matches[i].want,
			         matches[i].why);
		/* why is optional */
		assert_int_equal(
		        pl_formula_matches(f, matches[i].term, &r, matches[i].on_date, NULL, 0),
		        matches[i].want);
		pl_record_release(&r);
		pl_formula_free(f);
	}
}

static void test_matches_misuse(void **state)
{
	struct pl_formula *f = NULL;
	struct pl_record r;
	char why[64];
	(void)state;
	assert_int_equal(pl_formula_parse("receive 1", &f, NULL), 0);
	person(&r, CAPTIVE "sex=m");
	assert_int_equal(pl_formula_matches(f, 1, &r, DAY, why, sizeof(why)), PL_TV_UNKNOWN);
	assert_string_equal(why, "no person to compare");
	assert_int_equal(pl_formula_matches(f, 0, NULL, DAY, why, sizeof(why)), PL_TV_UNKNOWN);
	pl_record_release(&r);
	assert_int_equal(pl_record_init(&r, pl_entity(PL_ENT_EVENT)), 0);
	assert_int_equal(pl_formula_matches(f, 0, &r, DAY, why, sizeof(why)), PL_TV_UNKNOWN);
	pl_record_release(&r);
	/* a why too short is cut, never overrun */
	pl_formula_free(f);
	assert_int_equal(pl_formula_parse("receive 1 where age >= 40 at 2025-06-09", &f, NULL), 0);
	person(&r, CAPTIVE "birth_date=1985");
	assert_int_equal(pl_formula_matches(f, 0, &r, NULL, why, 6), PL_TV_UNKNOWN);
	assert_string_equal(why, "age: ");
	pl_record_release(&r);
	pl_formula_free(f);
}

/* ---- the check of a list ------------------------------------------------------------------ */

struct list {
	struct pl_record p[80];
	size_t n;
};

static void list_add(struct list *l, const char *spec)
{
	assert_true(l->n < sizeof(l->p) / sizeof(l->p[0]));
	person(&l->p[l->n++], spec);
}

static void list_release(struct list *l)
{
	for (size_t i = 0; i < l->n; i++)
		pl_record_release(&l->p[i]);
	l->n = 0;
}

static void check(const char *formula, enum pl_formula_side side, struct list *l,
                  const char *on_date, struct pl_term_check *out, size_t *nout)
{
	struct pl_formula *f = NULL;
	struct pl_error err = {0};
	if (pl_formula_parse(formula, &f, &err))
		fail_msg("'%s': %s", formula, err.msg);
	if (pl_formula_check(f, side, l->p, l->n, on_date, out, 8, nout, &err))
		fail_msg("'%s': %s", formula, err.msg);
	pl_formula_free(f);
}

static void expect(const struct pl_term_check *c, size_t term, long have, long unknown, long size,
                   long need_min, long need_max, int holds)
{
	if (c->term != term || c->have != have || c->unknown != unknown || c->size != size ||
	    c->need_min != need_min || c->need_max != need_max || c->holds != holds)
		fail_msg("term %zu: have %ld, unknown %ld, size %ld, need %ld..%ld, holds %d; "
		         "wanted term %zu: %ld, %ld, %ld, %ld..%ld, %d",
		         c->term, c->have, c->unknown, c->size, c->need_min, c->need_max, c->holds,
		         term, have, unknown, size, need_min, need_max, holds);
}

/* The article's case: 10 severely wounded agreed, 5 severely wounded and 5 wounded came. */
static void test_check_article(void **state)
{
	struct list l = {0};
	struct pl_term_check c[8];
	size_t n;
	char spec[128];
	(void)state;
	for (int i = 0; i < 10; i++) {
		snprintf(spec, sizeof(spec), CAPTIVE "ref=U-%06d|health=%s", i + 1,
		         i < 5 ? "severely_wounded" : "wounded");
		list_add(&l, spec);
	}
	check("receive 10 where health = severely_wounded; give 10 where health = "
	      "severely_wounded",
	      PL_FORMULA_RECEIVE, &l, DAY, c, &n);
	assert_int_equal(n, 1);
	expect(&c[0], 0, 5, 0, 10, 10, 10, 0); /* holds for 5 of 10 */
	list_release(&l);

	for (int i = 0; i < 10; i++) {
		snprintf(spec, sizeof(spec), CAPTIVE "ref=U-%06d|health=severely_wounded", i + 1);
		list_add(&l, spec);
	}
	check("receive 10 where health = severely_wounded", PL_FORMULA_RECEIVE, &l, DAY, c, &n);
	expect(&c[0], 0, 10, 0, 10, 10, 10, 1);
	/* one of unknown health: not proven */
	assert_int_equal(pl_record_set(&l.p[9], "health", "unknown"), 0);
	check("receive 10 where health = severely_wounded", PL_FORMULA_RECEIVE, &l, DAY, c, &n);
	expect(&c[0], 0, 9, 1, 10, 10, 10, 0);
	/* eleven severely wounded for ten: too many */
	assert_int_equal(pl_record_set(&l.p[9], "health", "severely_wounded"), 0);
	list_add(&l, CAPTIVE "ref=U-000011|health=severely_wounded");
	check("receive 10 where health = severely_wounded", PL_FORMULA_RECEIVE, &l, DAY, c, &n);
	expect(&c[0], 0, 11, 0, 11, 10, 10, 0);
	list_release(&l);
}

/* Constraints over the same list: a person counts in every constraint they match. */
static void test_check_constraints(void **state)
{
	struct list l = {0};
	struct pl_term_check c[8];
	size_t n;
	char spec[160];
	(void)state;
	for (int i = 0; i < 10; i++) {
		snprintf(spec, sizeof(spec),
		         "side=captive|status=confirmed|ref=U-%06d|kind=%s|sex=%s%s", i + 1,
		         i < 4 ? "civilian" : "military",
		         i < 2   ? "f"
		         : i < 3 ? "unknown"
		                 : "m",
		         i == 5 ? "|sentence=5 years" : "");
		list_add(&l, spec);
	}
	check("receive 10; at least 3 where kind = civilian; at most 2 where sex = f; exactly 1 "
	      "where sentenced; at least 2 where kind = civilian and sex = f; at most 10",
	      PL_FORMULA_RECEIVE, &l, DAY, c, &n);
	assert_int_equal(n, 6);
	expect(&c[0], 0, 10, 0, 10, 10, 10, 1);
	expect(&c[1], 1, 4, 0, 10, 3, -1, 1);
	expect(&c[2], 2, 2, 1, 10, -1, 2, 0); /* the one of unknown sex could make it 3 */
	expect(&c[3], 3, 1, 0, 10, 1, 1, 1);
	expect(&c[4], 4, 2, 1, 10, 2, -1, 1); /* at least 2 holds whatever the unknown is */
	expect(&c[5], 5, 10, 0, 10, -1, 10, 1);
	/* exactly: an unknown leaves it unproven */
	check("receive 10; exactly 2 where sex = f", PL_FORMULA_RECEIVE, &l, DAY, c, &n);
	expect(&c[1], 1, 2, 1, 10, 2, 2, 0);
	list_release(&l);
}

/* A named person is a constraint of one, on top of the count. */
static void test_check_named(void **state)
{
	struct list l = {0};
	struct pl_term_check c[8];
	size_t n;
	char spec[128];
	(void)state;
	for (int i = 0; i < 55; i++) {
		snprintf(spec, sizeof(spec), DETAINEE "ref=R-%06d", i + 1);
		list_add(&l, spec);
	}
	check("receive 215; give 55 and R-000042", PL_FORMULA_GIVE, &l, DAY, c, &n);
	assert_int_equal(n, 2);
	/* R-000042 is among the 55, counted by its name: 54 others */
	expect(&c[0], 1, 54, 0, 54, 55, 55, 0);
	expect(&c[1], 2, 1, 0, 55, 1, 1, 1);
	list_release(&l);

	for (int i = 0; i < 55; i++) {
		snprintf(spec, sizeof(spec), DETAINEE "ref=R-%06d", i + 100);
		list_add(&l, spec);
	}
	check("receive 215; give 55 and R-000042", PL_FORMULA_GIVE, &l, DAY, c, &n);
	expect(&c[0], 1, 55, 0, 55, 55, 55, 1);
	expect(&c[1], 2, 0, 0, 55, 1, 1, 0); /* missing: 0 of 1 */
	list_add(&l, DETAINEE "ref=R-000042");
	check("receive 215; give 55 and R-000042", PL_FORMULA_GIVE, &l, DAY, c, &n);
	expect(&c[0], 1, 55, 0, 55, 55, 55, 1);
	expect(&c[1], 2, 1, 0, 56, 1, 1, 1);
	/* named persons count in the constraints, and need not match the total's selector */
	assert_int_equal(pl_record_set(&l.p[55], "kind", "civilian"), 0);
	check("give 55 where kind = military and R-000042; at least 1 where kind = civilian",
	      PL_FORMULA_GIVE, &l, DAY, c, &n);
	assert_int_equal(n, 3);
	expect(&c[0], 0, 55, 0, 55, 55, 55, 1);
	expect(&c[1], 1, 1, 0, 56, 1, 1, 1);
	expect(&c[2], 2, 1, 0, 56, 1, -1, 1);
	/* a named person who died is not on a list of the living */
	assert_int_equal(pl_record_set(&l.p[55], "status", "died"), 0);
	check("give 55 and R-000042", PL_FORMULA_GIVE, &l, DAY, c, &n);
	expect(&c[1], 1, 0, 0, 56, 1, 1, 0);
	list_release(&l);
}

/* all: every one on the list matches; who else is eligible is the registry's to say. */
static void test_check_all_and_remains(void **state)
{
	struct list l = {0};
	struct pl_term_check c[8];
	size_t n;
	(void)state;
	list_add(&l, CAPTIVE "ref=U-000001|health=severely_wounded");
	list_add(&l, CAPTIVE "ref=U-000002|health=severely_ill");
	list_add(&l, CAPTIVE "ref=U-000003|birth_date=2003-01-01|health=healthy");
	check("receive all where health in (severely_wounded, severely_ill) or age between 18 and "
	      "25 at 2025-06-09",
	      PL_FORMULA_RECEIVE, &l, NULL, c, &n);
	expect(&c[0], 0, 3, 0, 3, -1, -1, 1);
	list_add(&l, CAPTIVE "ref=U-000004|health=wounded|birth_date=1980");
	check("receive all where health in (severely_wounded, severely_ill) or age between 18 and "
	      "25 at 2025-06-09",
	      PL_FORMULA_RECEIVE, &l, NULL, c, &n);
	expect(&c[0], 0, 3, 0, 4, -1, -1, 0);
	list_release(&l);

	list_add(&l, "side=captive|status=died|ref=U-000001");
	list_add(&l, "side=captive|status=remains_returned|ref=U-000002");
	check("receive 2 remains; give 2 remains", PL_FORMULA_RECEIVE, &l, DAY, c, &n);
	expect(&c[0], 0, 2, 0, 2, 2, 2, 1);
	assert_int_equal(pl_record_set(&l.p[1], "status", "confirmed"), 0);
	check("receive 2 remains; give 2 remains", PL_FORMULA_RECEIVE, &l, DAY, c, &n);
	expect(&c[0], 0, 1, 0, 2, 2, 2, 0);
	list_release(&l);
}

static void test_check_errors(void **state)
{
	struct list l = {0};
	struct pl_term_check c[8];
	struct pl_formula *f = NULL;
	struct pl_error err = {0};
	size_t n = 99;
	(void)state;
	list_add(&l, CAPTIVE "ref=U-000001|birth_date=1990");
	list_add(&l, CAPTIVE "ref=U-000002|birth_date=1991");
	assert_int_equal(pl_formula_parse("receive 2 where age >= 30; at least 1 where sex = f; at "
	                                  "most 1 where sentenced",
	                                  &f, NULL),
	                 0);
	/* a day is needed to count ages */
	assert_int_equal(pl_formula_check(f, PL_FORMULA_RECEIVE, l.p, l.n, NULL, c, 8, &n, &err),
	                 PL_EUSAGE);
	assert_string_equal(err.msg, "'receive 2 where age >= 30' counts an age or time in "
	                             "captivity: give the day to count it to");
	assert_int_equal(
	        pl_formula_check(f, PL_FORMULA_RECEIVE, l.p, l.n, "2025-13-01", c, 8, &n, &err),
	        PL_EUSAGE);
	assert_string_equal(err.msg, "'2025-13-01' is not a day (YYYY-MM-DD)");
	/* nothing of the give side */
	assert_int_equal(pl_formula_check(f, PL_FORMULA_GIVE, l.p, l.n, DAY, c, 8, &n, &err),
	                 PL_EUSAGE);
	assert_string_equal(err.msg, "the formula says nothing of what we give");
	/* out too small: the first cap entries, and how many there are */
	assert_int_equal(pl_formula_check(f, PL_FORMULA_RECEIVE, l.p, l.n, DAY, c, 1, &n, &err), 0);
	assert_int_equal(n, 3);
	expect(&c[0], 0, 2, 0, 2, 2, 2, 1);
	assert_int_equal(pl_formula_check(f, PL_FORMULA_RECEIVE, l.p, l.n, DAY, NULL, 0, &n, &err),
	                 0);
	assert_int_equal(n, 3);
	/* an empty list */
	assert_int_equal(pl_formula_check(f, PL_FORMULA_RECEIVE, NULL, 0, DAY, c, 8, &n, &err), 0);
	expect(&c[0], 0, 0, 0, 0, 2, 2, 0);
	expect(&c[1], 1, 0, 0, 0, 1, -1, 0);
	expect(&c[2], 2, 0, 0, 0, -1, 1, 1);
	/* a person twice */
	list_add(&l, CAPTIVE "ref=U-000001|birth_date=1990");
	assert_int_equal(pl_formula_check(f, PL_FORMULA_RECEIVE, l.p, l.n, DAY, c, 8, &n, &err),
	                 PL_EDATA);
	assert_string_equal(err.msg, "U-000001 is on the list twice");
	/* no error struct: the same codes */
	assert_int_equal(pl_formula_check(f, PL_FORMULA_RECEIVE, l.p, l.n, DAY, c, 8, &n, NULL),
	                 PL_EDATA);
	assert_int_equal(pl_formula_check(f, PL_FORMULA_GIVE, l.p, l.n, DAY, c, 8, &n, NULL),
	                 PL_EUSAGE);
	list_release(&l);
	/* an entry that is no person */
	assert_int_equal(pl_record_init(&l.p[0], pl_entity(PL_ENT_EVENT)), 0);
	l.n = 1;
	assert_int_equal(pl_formula_check(f, PL_FORMULA_RECEIVE, l.p, l.n, DAY, c, 8, &n, &err),
	                 PL_EUSAGE);
	assert_string_equal(err.msg, "list entry 1 is no person");
	list_release(&l);
	pl_formula_free(f);
}

/* Every allocation that fails is an error, never a crash or a leak (ASan sees leaks). */
static void test_alloc_fail(void **state)
{
	const char *text = "receive all where health in (severely_wounded, severely_ill) or age "
	                   "between 18 and 25 at 2025-06-09 and unit has \"36 Бригада\" and not "
	                   "(tags has medic or citizenship has GB); at least 3 where ref in (U-1, "
	                   "U-2); give 55 and R-000042, R-000043; at most 2 where consent = yes";
	long n;
	(void)state;
	for (n = 0;; n++) {
		struct pl_formula *f = NULL;
		struct pl_error err = {0};
		struct strbuf sb = STRBUF_INIT;
		long failed;
		int rc;
		pl_alloc_fail_after(n);
		rc = pl_formula_parse(text, &f, &err);
		if (!rc) {
			for (size_t i = 0; i < pl_formula_nterms(f) && !rc; i++)
				rc = pl_formula_term_words(f, i, &sb);
			if (!rc)
				rc = pl_formula_format(f, &sb);
		}
		failed = pl_alloc_failures();
		pl_alloc_fail_after(-1);
		strbuf_release(&sb);
		if (!failed && !rc) {
			pl_formula_free(f);
			break;
		}
		assert_int_equal(rc, PL_EDATA);
		if (!f)
			assert_string_equal(err.msg, "formula: out of memory");
		pl_formula_free(f);
		assert_true(n < 10000);
	}
	assert_true(n > 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_valid),
	        cmocka_unit_test(test_words),
	        cmocka_unit_test(test_terms),
	        cmocka_unit_test(test_invalid),
	        cmocka_unit_test(test_limits),
	        cmocka_unit_test(test_matches),
	        cmocka_unit_test(test_matches_misuse),
	        cmocka_unit_test(test_check_article),
	        cmocka_unit_test(test_check_constraints),
	        cmocka_unit_test(test_check_named),
	        cmocka_unit_test(test_check_all_and_remains),
	        cmocka_unit_test(test_check_errors),
	        cmocka_unit_test(test_alloc_fail),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
