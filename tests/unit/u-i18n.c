/* u-i18n.c - every field and every value has its words, in English and in Ukrainian;
 * languages are chosen as gettext chooses them; Ukrainian counts take their plural form */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "internal.h"

static int setup(void **state)
{
	struct pl_error err = {0};
	(void)state;
	return pl_global_init(&err);
}

static void every_field_has_words_in_both_languages(void **state)
{
	(void)state;
	assert_true(pl_i18n_count(PL_UI_UK) > 200);
	assert_int_equal(pl_i18n_count(PL_UI_EN), 0);
	for (int e = 0; e < PL_ENT__MAX; e++) {
		const struct pl_entity *ent = pl_entity((enum pl_entity_id)e);
		for (size_t i = 0; i < ent->nfields; i++) {
			const struct pl_field *f = &ent->fields[i];
			if (!f->label)
				fail_msg("%s.%s has no label", ent->name, f->name);
			if (!strcmp(pl_tr(PL_UI_UK, f->label), f->label))
				fail_msg("%s.%s: '%s' has no Ukrainian", ent->name, f->name,
				         f->label);
			if (f->type != PL_V_ENUM)
				continue;
			if (!pl_token_labels(f->tokens))
				fail_msg("%s.%s: its tokens have no words", ent->name, f->name);
			for (size_t t = 0; f->tokens[t]; t++) {
				const char *label = pl_value_label(f, f->tokens[t]);
				if (!strcmp(pl_tr(PL_UI_UK, label), label))
					fail_msg("%s.%s: '%s' has no Ukrainian", ent->name, f->name,
					         label);
			}
		}
	}
}

static void tokens_read_as_the_hotline_says(void **state)
{
	(void)state;
	assert_string_equal(pl_token_label(pl_captive_statuses, "data_unknown"),
	                    "data, captivity unknown");
	assert_string_equal(pl_tr(PL_UI_UK, pl_token_label(pl_captive_statuses, "data_unknown")),
	                    "дані є, полон не підтверджено");
	assert_string_equal(pl_tr(PL_UI_UK, pl_token_label(pl_health, "severely_wounded")),
	                    "тяжкопоранений");
	/* a detainee "died"; a captive "died in captivity" */
	assert_string_equal(pl_token_label(pl_detainee_statuses, "died"), "died");
	assert_string_equal(pl_token_label(pl_captive_statuses, "died"), "died in captivity");
	/* unknown tokens and lists come back as they are */
	assert_string_equal(pl_token_label(pl_health, "nosuch"), "nosuch");
	assert_null(pl_token_label(pl_health, NULL));
	/* no catalogue, no translation: English is the source */
	assert_string_equal(pl_tr(PL_UI_EN, "total"), "total");
	assert_string_equal(pl_tr(PL_UI_UK, "total"), "усього");
	assert_string_equal(pl_tr(PL_UI_UK, "a message nobody wrote"), "a message nobody wrote");
}

static void every_role_has_its_words(void **state)
{
	(void)state;
	for (int r = 0; r < PL_ROLE__MAX; r++) {
		const char *label = pl_role_label(r);
		assert_string_not_equal(label, "?");
		if (!strcmp(pl_tr(PL_UI_UK, label), label))
			fail_msg("role %s: '%s' has no Ukrainian", pl_role_name((enum pl_role)r),
			         label);
	}
	assert_string_equal(pl_role_label(-1), "?");
}

static void languages_are_chosen_from_locale_names(void **state)
{
	static const struct {
		const char *spec;
		enum pl_ui_lang want;
	} cases[] = {
	        {"uk_UA.UTF-8", PL_UI_UK}, {"uk", PL_UI_UK},
	        {"uk_UA", PL_UI_UK},       {"uk:en", PL_UI_UK},
	        {"en:uk", PL_UI_EN},       {"de:uk", PL_UI_UK},
	        {"de_DE.UTF-8", PL_UI_EN}, {"C", PL_UI_EN},
	        {"POSIX", PL_UI_EN},       {"", PL_UI_EN},
	        {NULL, PL_UI_EN},          {"ukr", PL_UI_EN},
	        {"uk@latin", PL_UI_UK},    {"en_GB.UTF-8", PL_UI_EN},
	        {":::", PL_UI_EN},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (pl_lang_choose(cases[i].spec) != cases[i].want)
			fail_msg("'%s': wanted %s", cases[i].spec ? cases[i].spec : "(null)",
			         pl_lang_code(cases[i].want));
	assert_string_equal(pl_lang_code(PL_UI_UK), "uk");
	assert_string_equal(pl_lang_code(PL_UI_EN), "en");
}

static void ukrainian_counts_take_their_plural_form(void **state)
{
	static const struct {
		long long n;
		const char *want;
	} cases[] = {
	        {0, "(%ld осіб)\n"},   {1, "(%ld особа)\n"},    {2, "(%ld особи)\n"},
	        {4, "(%ld особи)\n"},  {5, "(%ld осіб)\n"},     {11, "(%ld осіб)\n"},
	        {12, "(%ld осіб)\n"},  {14, "(%ld осіб)\n"},    {21, "(%ld особа)\n"},
	        {22, "(%ld особи)\n"}, {25, "(%ld осіб)\n"},    {101, "(%ld особа)\n"},
	        {111, "(%ld осіб)\n"}, {1002, "(%ld особи)\n"}, {-1, "(%ld особа)\n"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (strcmp(pl_trn(PL_UI_UK, "(%ld person)\n", "(%ld persons)\n", cases[i].n),
		           cases[i].want))
			fail_msg("%lld: wanted %s", cases[i].n, cases[i].want);
	assert_string_equal(pl_trn(PL_UI_EN, "one", "many", 1), "one");
	assert_string_equal(pl_trn(PL_UI_EN, "one", "many", 0), "many");
	assert_string_equal(pl_trn(PL_UI_UK, "one", "many", 1), "one");
	assert_string_equal(pl_trn(PL_UI_UK, "one", "many", 5), "many");
}

/*
 * A .mo catalogue in memory, as msgfmt writes one: a header of seven u32 (magic,
 * revision, count, offsets of the two tables, hash size and offset), the table of
 * originals and of translations (length and offset of each string), then the strings,
 * each NUL-terminated. big: in the other byte order.
 */
static size_t make_mo(unsigned char *buf, size_t cap, const char *const (*pairs)[2], uint32_t n,
                      int big)
{
	uint32_t orig = 28, trans = orig + 8 * n, off = trans + 8 * n;
	uint32_t head[7] = {0x950412deu, 0, n, orig, trans, 0, 0};
	size_t at;
#define PUT(pos, v)                                                                                \
	do {                                                                                       \
		uint32_t v_ = (v);                                                                 \
		for (int b_ = 0; b_ < 4; b_++)                                                     \
			buf[(pos) + (size_t)b_] =                                                  \
			        (unsigned char)(v_ >> (big ? 8 * (3 - b_) : 8 * b_));              \
	} while (0)
	assert_true(off < cap);
	for (int i = 0; i < 7; i++)
		PUT(4u * (uint32_t)i, head[i]);
	at = off;
	for (uint32_t i = 0; i < n; i++)
		for (int t = 0; t < 2; t++) {
			size_t len = strlen(pairs[i][t]);
			assert_true(at + len + 1 <= cap);
			PUT((t ? trans : orig) + 8 * i, (uint32_t)len);
			PUT((t ? trans : orig) + 8 * i + 4, (uint32_t)at);
			memcpy(buf + at, pairs[i][t], len + 1);
			at += len + 1;
		}
#undef PUT
	return at;
}

/* A catalogue is read only when every table and string lies inside it: a lookup
 * never leaves the data, whatever the file says. */
static void a_catalogue_that_lies_about_its_tables_is_refused(void **state)
{
	static const char *const pairs[][2] = {{"persons", "особи"}, {"total", "усього"}};
	static const char *const unsorted[][2] = {{"total", "усього"}, {"persons", "особи"}};
	unsigned char mo[512], bad[512];
	struct pl_error err = {0};
	size_t size;
	long n = 0;
	(void)state;

	size = make_mo(mo, sizeof(mo), pairs, 2, 0);
	assert_int_equal(i18n_catalog_check(mo, size, &n, &err), 0);
	assert_int_equal(n, 2);
	/* msgfmt on a big-endian machine writes the other byte order: read as well */
	size = make_mo(mo, sizeof(mo), pairs, 2, 1);
	n = 0;
	assert_int_equal(i18n_catalog_check(mo, size, &n, &err), 0);
	assert_int_equal(n, 2);

	size = make_mo(mo, sizeof(mo), pairs, 2, 0);
	assert_int_equal(i18n_catalog_check(mo, 27, NULL, &err), PL_EDATA);
	assert_string_equal(err.msg, "catalogue: too short");

	memcpy(bad, mo, size);
	bad[0] ^= 0xff;
	assert_int_equal(i18n_catalog_check(bad, size, NULL, &err), PL_EDATA);
	assert_string_equal(err.msg, "catalogue: not a .mo file");

	memcpy(bad, mo, size); /* more strings than the file could hold */
	bad[8] = 0xff, bad[9] = 0xff;
	assert_int_equal(i18n_catalog_check(bad, size, NULL, &err), PL_EDATA);
	assert_string_equal(err.msg, "catalogue: tables outside the file");

	memcpy(bad, mo, size); /* the table of translations past the end */
	bad[16] = (unsigned char)(size - 4), bad[17] = (unsigned char)((size - 4) >> 8);
	assert_int_equal(i18n_catalog_check(bad, size, NULL, &err), PL_EDATA);
	assert_string_equal(err.msg, "catalogue: tables outside the file");

	memcpy(bad, mo, size); /* the second original's offset past the end */
	bad[28 + 8 + 4] = 0xf0, bad[28 + 8 + 5] = 0xff;
	assert_int_equal(i18n_catalog_check(bad, size, NULL, &err), PL_EDATA);
	assert_string_equal(err.msg, "catalogue: string 1 outside the file");

	memcpy(bad, mo, size); /* the first original one byte longer: no NUL at its end */
	bad[28]++;
	assert_int_equal(i18n_catalog_check(bad, size, NULL, &err), PL_EDATA);
	assert_string_equal(err.msg, "catalogue: string 0 outside the file");

	/* the last string cut off at the end of the data */
	assert_int_equal(i18n_catalog_check(mo, size - 1, NULL, &err), PL_EDATA);
	assert_string_equal(err.msg, "catalogue: string 1 outside the file");

	/* lookups halve the table: originals out of order would hide translations */
	size = make_mo(mo, sizeof(mo), unsorted, 2, 0);
	assert_int_equal(i18n_catalog_check(mo, size, NULL, &err), PL_EDATA);
	assert_string_equal(err.msg, "catalogue: strings not sorted");
}

/* Read once: a second init keeps the catalogue it has. */
static void init_twice_keeps_the_catalogue(void **state)
{
	struct pl_error err = {0};
	long n = pl_i18n_count(PL_UI_UK);
	(void)state;
	assert_int_equal(pl_i18n_init(&err), 0);
	assert_int_equal(pl_i18n_count(PL_UI_UK), n);
	assert_string_equal(pl_tr(PL_UI_UK, "total"), "усього");
}

/* A message with a context (msgctxt) is its own entry: without one in the catalogue,
 * the English stands; so it does for a key too long to look up. */
static void a_context_without_a_translation_gives_the_english(void **state)
{
	char longer[1100];
	(void)state;
	memset(longer, 'x', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_string_equal(pl_trc(PL_UI_UK, "stats", "total"), "total");
	assert_string_equal(pl_trc(PL_UI_EN, "stats", "total"), "total");
	assert_string_equal(pl_trc(PL_UI_UK, "stats", ""), "");
	assert_null(pl_trc(PL_UI_UK, "stats", NULL));
	assert_ptr_equal(pl_trc(PL_UI_UK, "stats", longer), longer);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_field_has_words_in_both_languages),
	        cmocka_unit_test(tokens_read_as_the_hotline_says),
	        cmocka_unit_test(every_role_has_its_words),
	        cmocka_unit_test(languages_are_chosen_from_locale_names),
	        cmocka_unit_test(ukrainian_counts_take_their_plural_form),
	        cmocka_unit_test(a_catalogue_that_lies_about_its_tables_is_refused),
	        cmocka_unit_test(init_twice_keeps_the_catalogue),
	        cmocka_unit_test(a_context_without_a_translation_gives_the_english),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
