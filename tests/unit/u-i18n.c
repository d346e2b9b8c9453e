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

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(every_field_has_words_in_both_languages),
	        cmocka_unit_test(tokens_read_as_the_hotline_says),
	        cmocka_unit_test(every_role_has_its_words),
	        cmocka_unit_test(languages_are_chosen_from_locale_names),
	        cmocka_unit_test(ukrainian_counts_take_their_plural_form),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
