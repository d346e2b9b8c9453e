/* u-normalize.c - name keys, scripts and the guess of the language */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "parley/names.h"
#include "banned.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))
#define LOOSE PL_NAME_LOOSE
#define KEEP PL_NAME_KEEP_APOSTROPHE

static char *key(const char *in, unsigned flags)
{
	struct pl_error err = {0};
	char *out = NULL;
	if (pl_name_normalize(in, flags, &out, &err))
		fail_msg("'%s': %s", in, err.msg);
	return out;
}

static const struct {
	const char *in;
	unsigned flags;
	const char *out;
} keys[] = {
        {"Сергій Ковальов", 0, "сергій ковальов"},
        {"  СЕРГІЙ   КОВАЛЬОВ  ", 0, "сергій ковальов"},
        {"SERGEI KOVALEV", 0, "sergei kovalev"},
        {"Straße", 0, "strasse"},
        /* ё is е; one way of writing it or the other */
        {"Ковалёв", 0, "ковалев"},
        {"Ковал\xD0\xB5\xCC\x88в", 0, "ковалев"},
        {"КОВАЛЁВ", 0, "ковалев"},
        /* ї й і є ґ stay */
        {"Їжакевич Йосип Ґалаґан Єва", 0, "їжакевич йосип ґалаґан єва"},
        /* apostrophes: dropped, or one form */
        {"Мар'яна", 0, "маряна"},
        {"Мар’яна", 0, "маряна"},
        {"Марʼяна", 0, "маряна"},
        {"Мар`яна", 0, "маряна"},
        {"Мар‘яна", 0, "маряна"},
        {"Мар′яна", 0, "маряна"},
        {"Мар´яна", 0, "маряна"},
        {"Мар'яна", KEEP, "мар\u02BCяна"},
        {"Мар’яна", KEEP, "мар\u02BCяна"},
        {"Мар`яна", KEEP, "мар\u02BCяна"},
        {"'Мар''яна'", KEEP, "мар\u02BCяна"},
        {"О'Брайєн", KEEP, "о\u02BCбрайєн"},
        /* quotation marks go and split nothing */
        {"Іван «Кузя» Петренко", 0, "іван кузя петренко"},
        {"Ob\u201Dyedineniye", 0, "obyedineniye"},
        /* look-alikes */
        {"Poмaн", 0, "роман"},
        {"Ceргiй", 0, "сергій"},
        {"H\u041E\u0412\u0410\u041A", 0, "новак"}, /* Latin H */
        {"Kовальов", 0, "ковальов"},
        {"Ivаn", 0, "ivan"},               /* Cyrillic а */
        {"Sеrgеі", 0, "sergei"},           /* Cyrillic е, і */
        {"Оp Іванович", 0, "ор іванович"}, /* a tie, settled by the whole name */
        {"Kovalëv", 0, "kovalëv"},
        /* every Cyrillic letter taken for a Latin one, in a Latin name typed on the wrong
           keyboard layout, capital and small */
        {"\u0405MITH", 0, "smith"},
        {"\u0406VAN", 0, "ivan"},
        {"\u0408OHN", 0, "john"},
        {"\u0410DAM", 0, "adam"},
        {"\u0412OB", 0, "bob"},
        {"\u0415VA", 0, "eva"},
        {"\u041AURT", 0, "kurt"},
        {"\u041CARK", 0, "mark"},
        {"\u041DANS", 0, "hans"},
        {"\u041ELGA", 0, "olga"},
        {"\u0420ETER", 0, "peter"},
        {"\u0421ARL", 0, "carl"},
        {"\u0422OM", 0, "tom"},
        {"\u0423ORK", 0, "york"},
        {"\u0425AVIER", 0, "xavier"},
        {"\u04AEALE", 0, "yale"},
        {"\u04BAARRY", 0, "harry"},
        {"\u0500AVID", 0, "david"},
        {"\u051AUINN", 0, "quinn"},
        {"\u051CALTER", 0, "walter"},
        {"S\u04AFlvia", 0, "sylvia"},
        {"\u04BBelen", 0, "helen"},
        {"\u04CFisa", 0, "lisa"},
        {"\u0501avid", 0, "david"},
        {"\u051Buinn", 0, "quinn"},
        {"\u051Dalter", 0, "walter"},
        {"S\u0456mon", 0, "simon"},
        {"\u0455mith", 0, "smith"},
        {"\u0458ohn", 0, "john"},
        /* double names, separators, punctuation */
        {"Римський-Корсаков", 0, "римський корсаков"},
        {"Римський Корсаков", 0, "римський корсаков"},
        {"Римський – Корсаков", 0, "римський корсаков"},
        {"Римський\u2010Корсаков", 0, "римський корсаков"},
        {"Римський\u00A0Корсаков", 0, "римський корсаков"},
        {"Іван\t\nПетренко", 0, "іван петренко"},
        {"Ковальов С.В.", 0, "ковальов с в"},
        {"Іва\u00ADнов", 0, "іванов"}, /* soft hyphen */
        {"Іва\u200Bнов", 0, "іванов"}, /* zero-width space */
        {"Серге́й", 0, "сергей"},       /* stress mark */
        {"", 0, ""},
        {"   ", 0, ""},
        {" - ", 0, ""},
        /* the loose key */
        {"Сергій Ковальов", LOOSE, "сиргии ковалив"},
        {"Ґалаґан", LOOSE, "галаган"},
        {"Kovalëv", LOOSE, "kovalev"},
        {"Ўладзімір", LOOSE, "уладзимир"},
        {"Йосип", LOOSE, "иосип"},
        {"Мар'яна", LOOSE | KEEP, "мар\u02BCяна"},
};

static void test_keys(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(keys); i++) {
		char *out = key(keys[i].in, keys[i].flags), *again;
		if (strcmp(out, keys[i].out))
			fail_msg("'%s' (flags %u): got '%s', want '%s'", keys[i].in, keys[i].flags,
			         out, keys[i].out);
		/* a key is its own key */
		again = key(out, keys[i].flags);
		if (strcmp(again, out))
			fail_msg("key of '%s' is '%s', not itself", out, again);
		pl_free(again);
		pl_free(out);
	}
}

/* Spellings that must share a key, strict (0) or loose. */
static const struct {
	const char *a, *b;
	unsigned flags;
} same[] = {
        {"Римський-Корсаков", "Римський Корсаков", 0},
        {"Ковалёв", "Ковалев", 0},
        {"Poмaн", "Роман", 0},
        {"Мар'яна", "Мар’яна", 0},
        {"СЕРГІЙ", "сергій", 0},
        {"Сергій", "Сергей", LOOSE},
        {"Ковальов", "Ковалёв", LOOSE},
        {"Ковальов", "Ковалев", LOOSE},
        {"Сергій Ковальов", "Сергей Ковалёв", LOOSE},
        {"Мар'яна", "Марьяна", LOOSE},
        {"Ґалаґан", "Галаган", LOOSE},
        {"Воробйов", "Воробьёв", LOOSE},
        {"Воробйов", "Воробьев", LOOSE},
        {"Юрій", "Юрий", LOOSE},
        {"Андрій", "Андрей", LOOSE},
        {"Білий", "Белый", LOOSE},
        {"Рибак", "Рыбак", LOOSE},
        {"Едуард", "Эдуард", LOOSE},
        {"Київ", "Киев", LOOSE},
        {"Григор'єв", "Григорьев", LOOSE},
        {"Kovalëv", "KOVALEV", LOOSE},
};

static const struct {
	const char *a, *b;
	unsigned flags;
} different[] = {
        {"Сергій", "Сергей", 0},       {"Ковальов", "Ковалёв", 0},
        {"Олексій", "Алексей", LOOSE}, /* о/а: for the fuzzy matcher */
        {"Serhii", "Сергій", LOOSE},   /* across scripts: by transliteration */
        {"Петренко", "Петрук", LOOSE},
};

static void test_same_and_different(void **state)
{
	(void)state;
	for (size_t i = 0; i < N(same); i++) {
		char *a = key(same[i].a, same[i].flags), *b = key(same[i].b, same[i].flags);
		if (strcmp(a, b))
			fail_msg("'%s' -> '%s' but '%s' -> '%s'", same[i].a, a, same[i].b, b);
		pl_free(a);
		pl_free(b);
	}
	for (size_t i = 0; i < N(different); i++) {
		char *a = key(different[i].a, different[i].flags);
		char *b = key(different[i].b, different[i].flags);
		if (!strcmp(a, b))
			fail_msg("'%s' and '%s' both -> '%s'", different[i].a, different[i].b, a);
		pl_free(a);
		pl_free(b);
	}
}

static void test_refused(void **state)
{
	static const struct {
		const char *in, *msg;
	} bad[] = {
	        {"\xC0\xAF", "invalid UTF-8 at byte 1"}, /* overlong */
	        {"\xE0\x80\xAF", "invalid UTF-8 at byte 1"},
	        {"Іван\xED\xA0\x80", "invalid UTF-8 at byte 9"}, /* surrogate */
	        {"\xF4\x90\x80\x80", "invalid UTF-8 at byte 1"}, /* > U+10FFFF */
	        {"Іван\xD0", "invalid UTF-8 at byte 9"},         /* truncated */
	        {"\x80", "invalid UTF-8 at byte 1"},
	        {"\xFF", "invalid UTF-8 at byte 1"},
	};
	char marks[3 + 2 * 40] = "\xD0\xB0", *big;
	struct pl_error err = {0};
	char *out = (char *)"untouched";
	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		for (unsigned f = 0; f < 4; f++) {
			assert_int_equal(pl_name_normalize(bad[i].in, f, &out, &err), PL_EDATA);
			assert_string_equal(out, "untouched");
			if (!strstr(err.msg, bad[i].msg))
				fail_msg("'%s' lacks '%s'", err.msg, bad[i].msg);
		}
	}
	/* 30 combining marks in a row pass, 31 do not */
	for (int i = 0; i < 31; i++)
		memcpy(marks + 2 + 2 * i, "\xCC\x81", 3);
	assert_int_equal(pl_name_normalize(marks, 0, &out, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "combining marks"));
	marks[2 + 2 * 30] = '\0';
	assert_int_equal(pl_name_normalize(marks, 0, &out, &err), 0);
	assert_string_equal(out, "а");
	pl_free(out);
	/* the size */
	big = malloc(PL_NAME_MAX_INPUT + 2);
	assert_non_null(big);
	memset(big, 'a', PL_NAME_MAX_INPUT + 1);
	big[PL_NAME_MAX_INPUT + 1] = '\0';
	out = (char *)"untouched";
	assert_int_equal(pl_name_normalize(big, 0, &out, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "longer than"));
	big[PL_NAME_MAX_INPUT] = '\0';
	assert_int_equal(pl_name_normalize(big, 0, &out, &err), 0);
	assert_int_equal(strlen(out), PL_NAME_MAX_INPUT);
	pl_free(out);
	free(big);
}

static void test_script(void **state)
{
	static const struct {
		const char *in;
		enum pl_script script;
	} cases[] = {
	        {"Сергій Ковальов", PL_SCRIPT_CYRILLIC},
	        {"Serhii Kovalov", PL_SCRIPT_LATIN},
	        {"Poмaн", PL_SCRIPT_MIXED},
	        {"Марʼяна", PL_SCRIPT_CYRILLIC}, /* U+02BC is no letter here */
	        {"Kovalʹ", PL_SCRIPT_LATIN},
	        {"Σωκράτης", PL_SCRIPT_OTHER},
	        {"Ivan Σ", PL_SCRIPT_MIXED},
	        {"123 - 456", PL_SCRIPT_OTHER},
	        {"", PL_SCRIPT_OTHER},
	        {"\xC0\xAF", PL_SCRIPT_OTHER},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (pl_name_script(cases[i].in) != cases[i].script)
			fail_msg("'%s': %s, want %s", cases[i].in,
			         pl_script_name(pl_name_script(cases[i].in)),
			         pl_script_name(cases[i].script));
	assert_string_equal(pl_script_name(PL_SCRIPT_MIXED), "mixed");
	assert_null(pl_script_name(PL_SCRIPT__MAX));
}

static void test_guess_lang(void **state)
{
	static const struct {
		const char *in;
		int lang;
	} cases[] = {
	        {"Сергій Ковальов", PL_LANG_UK},
	        {"Ґалаґан", PL_LANG_UK},
	        {"Єва", PL_LANG_UK},
	        {"Їжакевич", PL_LANG_UK},
	        {"Мар'яна", PL_LANG_UK},
	        {"Марʼяна", PL_LANG_UK},
	        {"Ceргiй", PL_LANG_UK}, /* Latin i read as і */
	        {"Сергей Ковалёв", PL_LANG_RU},
	        {"Рыбаков", PL_LANG_RU},
	        {"Эдуард", PL_LANG_RU},
	        {"Объедков", PL_LANG_RU},
	        {"Иван Петров", PL_LANG_UNKNOWN},
	        {"Сергій Ковалёв", PL_LANG_UNKNOWN}, /* one vote each */
	        {"Serhii Kovalov", PL_LANG_UNKNOWN},
	        {"O'Brien", PL_LANG_UNKNOWN},
	        {"'Іван'", PL_LANG_UK},
	        {"\xC0\xAF", PL_LANG_UNKNOWN},
	        {"", PL_LANG_UNKNOWN},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (pl_name_guess_lang(cases[i].in) != cases[i].lang)
			fail_msg("'%s': %s, want %s", cases[i].in,
			         pl_lang_name(pl_name_guess_lang(cases[i].in)),
			         pl_lang_name(cases[i].lang));
	assert_int_equal(pl_lang_by_name("uk"), PL_LANG_UK);
	assert_int_equal(pl_lang_by_name("ru"), PL_LANG_RU);
	assert_int_equal(pl_lang_by_name("ua"), -1);
	assert_string_equal(pl_lang_name(PL_LANG_UNKNOWN), "unknown");
	assert_null(pl_lang_name(PL_LANG__MAX));
	assert_null(pl_lang_name(-1));
}

static void test_classes(void **state)
{
	static const struct {
		int32_t cp;
		enum pl_name_class k;
	} cases[] = {
	        {'a', PL_NC_LETTER},        {0x0456, PL_NC_LETTER},     {0x0301, PL_NC_MARK},
	        {'7', PL_NC_DIGIT},         {'\'', PL_NC_APOSTROPHE},   {0x2019, PL_NC_APOSTROPHE},
	        {0x02BC, PL_NC_APOSTROPHE}, {0x2032, PL_NC_APOSTROPHE}, {'`', PL_NC_APOSTROPHE},
	        {0x2018, PL_NC_APOSTROPHE}, {'"', PL_NC_QUOTE},         {0x00AB, PL_NC_QUOTE},
	        {0x02BA, PL_NC_QUOTE},      {0x00AD, PL_NC_IGNORABLE},  {0x200B, PL_NC_IGNORABLE},
	        {' ', PL_NC_SEPARATOR},     {'-', PL_NC_SEPARATOR},     {0x2013, PL_NC_SEPARATOR},
	        {0x00A0, PL_NC_SEPARATOR},  {'.', PL_NC_SEPARATOR},     {'\t', PL_NC_SEPARATOR},
	};
	(void)state;
	for (size_t i = 0; i < N(cases); i++)
		if (pl_name_class(cases[i].cp) != cases[i].k)
			fail_msg("U+%04X: class %d, want %d", (unsigned)cases[i].cp,
			         pl_name_class(cases[i].cp), cases[i].k);
	assert_int_equal(pl_name_cp_script('Z'), PL_SCRIPT_LATIN);
	assert_int_equal(pl_name_cp_script(0x00E9), PL_SCRIPT_LATIN);
	assert_int_equal(pl_name_cp_script(0x0491), PL_SCRIPT_CYRILLIC);
	assert_int_equal(pl_name_cp_script(0x03A3), PL_SCRIPT_OTHER);
}

/*
 * Most names take a fast path (ASCII or basic Cyrillic, one script); a zero-width
 * space, which keys drop, sends the same text down the slow one. Both must agree.
 */
static void test_fast_path_agrees(void **state)
{
	static const char *const texts[] = {
	        "Сергій Ковальов",
	        "СЕРГЕЙ КОВАЛЁВ",
	        "Мар'яна Мар’яна Марʼяна Мар´яна Мар‘яна",
	        "Римський-Корсаков – «Кузя» — “Ivan”",
	        "Ѓорѓи Ќосе Ўладзімір Ґалаґан Її Єє",
	        "SERGEI Kovalev O'Brien",
	        "Іван\u00A0Петренко",
	        "Mrs. Smith-Jones, 3rd",
	};
	char all[512], *p = all;
	(void)state;
	/* every letter from Ё to џ, and Ґ ґ */
	for (int32_t c = 0x0401; c <= 0x045F; c++) {
		*p++ = (char)(0xC0 | (c >> 6));
		*p++ = (char)(0x80 | (c & 0x3F));
	}
	memcpy(p, "\xD2\x90\xD2\x91", 5);
	for (size_t i = 0; i <= N(texts); i++) {
		const char *t = i < N(texts) ? texts[i] : all;
		char slow[600];
		snprintf(slow, sizeof(slow), "%s\u200B", t);
		for (unsigned f = 0; f < 4; f++) {
			char *a = key(t, f), *b = key(slow, f);
			if (strcmp(a, b))
				fail_msg("'%s' (flags %u): fast '%s', slow '%s'", t, f, a, b);
			pl_free(a);
			pl_free(b);
		}
		for (int s = 0; s < PL_TRANSLIT__MAX; s++) {
			struct pl_error err = {0};
			char *a = NULL, *b = NULL;
			assert_int_equal(pl_translit(t, (enum pl_translit_system)s, &a, &err), 0);
			assert_int_equal(pl_translit(slow, (enum pl_translit_system)s, &b, &err),
			                 0);
			if (strncmp(a, b, strlen(a)) || strcmp(b + strlen(a), "\u200B"))
				fail_msg("'%s' (%s): fast '%s', slow '%s'", t,
				         pl_translit_system_name((enum pl_translit_system)s), a, b);
			pl_free(a);
			pl_free(b);
		}
	}
}

/* Long input: the heap paths; every allocation made to fail in turn. */
static void test_alloc_failures(void **state)
{
	char in[4000] = "";
	const char *word = "Ковальов-Сергій ";
	(void)state;
	while (strlen(in) + strlen(word) < sizeof(in))
		memcpy(in + strlen(in), word, strlen(word) + 1);
	for (unsigned f = 0; f < 4; f++) {
		char *want = key(in, f);
		for (long n = 0;; n++) {
			struct pl_error err = {0};
			char *out = NULL;
			int rc;
			pl_alloc_fail_after(n);
			rc = pl_name_normalize(in, f, &out, &err);
			pl_alloc_fail_after(-1);
			if (!rc) {
				assert_string_equal(out, want);
				pl_free(out);
				assert_true(n >= 1);
				break;
			}
			assert_int_equal(rc, PL_EDATA);
			assert_null(out);
			assert_non_null(strstr(err.msg, "out of memory"));
			assert_true(n < 10);
		}
		pl_free(want);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_keys),
	        cmocka_unit_test(test_same_and_different),
	        cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_script),
	        cmocka_unit_test(test_guess_lang),
	        cmocka_unit_test(test_classes),
	        cmocka_unit_test(test_fast_path_agrees),
	        cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
