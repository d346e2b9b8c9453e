/* u-search.c - name skeletons (one key for every spelling) and Jaro-Winkler */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "parley/search.h"
#include "banned.h"

static void skeleton(const char *word, char out[PL_SEARCH_KEY_MAX])
{
	struct pl_error err = {0};
	int rc = pl_search_skeleton(word, out, PL_SEARCH_KEY_MAX, &err);
	if (rc)
		fail_msg("%s: %s", word, err.msg);
}

/* Spellings of one name, each line: all give the first one's skeleton. */
static const char *const same[][8] = {
        {"Сергій", "Сергей", "Serhii", "SERGEI", "Sergey", "Serhiy", "Sergej", NULL},
        {"Ковальов", "Ковалёв", "Ковалев", "Kovalov", "KOVALEV", "Kovalyov", "Kovalev", NULL},
        {"Щербак", "Shcherbak", "Shherbak", "Scherbak", "SHCHERBAK", NULL},
        {"Воробйов", "Воробьёв", "Vorobiov", "Vorobyov", "VOROBEV", "Vorobyev", NULL},
        {"Марія", "Мария", "Mariia", "Maria", "Mariya", "MARIIA", NULL},
        {"Юрій", "Юрий", "Yurii", "Iurii", "Yuriy", "Jurij", NULL},
        {"Олександр", "Oleksandr", "OLEKSANDR", NULL},
        {"Александр", "Aleksandr", "Alexandr", "ALEKSANDR", NULL},
        {"Жовтяк", "Zhovtiak", "Zhovtyak", NULL},
        {"Цибуля", "Tsybulia", "Tsibulya", "Cybulja", NULL},
        {"Хоменко", "Khomenko", "KHOMENKO", NULL},
        {"Ганна", "Hanna", "Гана", NULL},
        {"Чорновол", "Chornovol", NULL},
        {"Римський-Корсаков", "Rimskii Korsakov", "Rimsky-Korsakov", NULL},
};

/* Pairs that stay apart. */
static const char *const apart[][2] = {
        {"Ковальов", "Ковальчук"}, {"Сергій", "Семен"},       {"Щербак", "Шербак"},
        {"Шевчук", "Шевченко"},    {"Ковальов", "Ковальова"},
};

static void test_same_skeleton(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(same) / sizeof(same[0]); i++) {
		char want[PL_SEARCH_KEY_MAX], got[PL_SEARCH_KEY_MAX];
		skeleton(same[i][0], want);
		for (size_t k = 1; same[i][k]; k++) {
			skeleton(same[i][k], got);
			if (strcmp(want, got))
				fail_msg("%s -> %s, but %s -> %s", same[i][0], want, same[i][k],
				         got);
		}
	}
}

static void test_apart(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(apart) / sizeof(apart[0]); i++) {
		char a[PL_SEARCH_KEY_MAX], b[PL_SEARCH_KEY_MAX];
		skeleton(apart[i][0], a);
		skeleton(apart[i][1], b);
		if (!strcmp(a, b))
			fail_msg("%s and %s both -> %s", apart[i][0], apart[i][1], a);
	}
}

static void test_known_skeletons(void **state)
{
	char k[PL_SEARCH_KEY_MAX];
	(void)state;
	skeleton("Сергій", k);
	assert_string_equal(k, "сирги");
	skeleton("Ковальов", k);
	assert_string_equal(k, "ковалив");
	skeleton("Ковальчук", k);
	assert_string_equal(k, "ковалчук");
	/* x and кс read as х: GOST 7.79-B writes х as x (Лях, Lyax); Maxim = Максим */
	skeleton("Maxim", k);
	assert_string_equal(k, "махим");
	skeleton("Максим", k);
	assert_string_equal(k, "махим");
	skeleton("Lyax", k);
	assert_string_equal(k, "лиах");
	skeleton("Лях", k);
	assert_string_equal(k, "лиах");
	/* a final -ая as -а: Малиновская, Малиновська, MALINOVSKAYA */
	skeleton("Малиновская", k);
	assert_string_equal(k, "малиновска");
	skeleton("Малиновська", k);
	assert_string_equal(k, "малиновска");
	skeleton("MALINOVSKAYA", k);
	assert_string_equal(k, "малиновска");
	skeleton("  ", k);
	assert_string_equal(k, "");
}

static void test_refused(void **state)
{
	char k[PL_SEARCH_KEY_MAX], small[4];
	struct pl_error err = {0};
	(void)state;
	assert_int_equal(pl_search_skeleton("\xff"
	                                    "abc",
	                                    k, sizeof(k), &err),
	                 PL_EDATA);
	assert_int_equal(pl_search_skeleton("Ковальов", small, sizeof(small), &err), PL_EUSAGE);
	assert_int_equal(pl_search_skeleton(NULL, k, sizeof(k), &err), PL_EUSAGE);
}

static void test_jaro_winkler(void **state)
{
	(void)state;
	/* the textbook values */
	assert_true(fabs(pl_search_jaro_winkler("martha", "marhta") - 0.9611) < 0.0001);
	assert_true(fabs(pl_search_jaro_winkler("dixon", "dicksonx") - 0.8133) < 0.0001);
	assert_true(fabs(pl_search_jaro_winkler("dwayne", "duane") - 0.84) < 0.0001);
	assert_true(pl_search_jaro_winkler("ковалив", "ковалив") == 1.0);
	assert_true(pl_search_jaro_winkler("abc", "xyz") == 0.0);
	assert_true(pl_search_jaro_winkler("", "abc") == 0.0);
	assert_true(pl_search_jaro_winkler("", "") == 0.0);
	/* by code points, not bytes: one letter of two bytes differs once */
	assert_true(fabs(pl_search_jaro_winkler("ковалив", "ковалчук") -
	                 pl_search_jaro_winkler("kovaliv", "kovalcuk")) < 0.0001);
	assert_true(pl_search_jaro_winkler("ковалив", "ковалчук") > 0.8);
	assert_true(pl_search_jaro_winkler("ковалив", "ковалчук") < 0.95);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_same_skeleton),   cmocka_unit_test(test_apart),
	        cmocka_unit_test(test_known_skeletons), cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_jaro_winkler),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
