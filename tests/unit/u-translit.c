/* u-translit.c - transliteration by KMU 2010, ICAO 9303, BGN/PCGN 1947 and GOST 7.79-2000 B */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "parley/names.h"
#include "banned.h"

struct example {
	const char *in, *out;
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static void check(enum pl_translit_system sys, int lang, const struct example *ex, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		struct pl_error err = {0};
		char *out = NULL;
		int rc = pl_translit_lang(ex[i].in, lang, sys, &out, &err);
		if (rc)
			fail_msg("%s '%s': %s", pl_translit_system_name(sys), ex[i].in, err.msg);
		if (strcmp(out, ex[i].out))
			fail_msg("%s '%s': got '%s', want '%s'", pl_translit_system_name(sys),
			         ex[i].in, out, ex[i].out);
		pl_free(out);
	}
}

/* Every example word of the resolution's table (CMU No. 55, 27 January 2010). */
static const struct example kmu_official[] = {
        {"Алушта", "Alushta"},
        {"Андрій", "Andrii"},
        {"Борщагівка", "Borshchahivka"},
        {"Борисенко", "Borysenko"},
        {"Вінниця", "Vinnytsia"},
        {"Володимир", "Volodymyr"},
        {"Гадяч", "Hadiach"},
        {"Богдан", "Bohdan"},
        {"Згурський", "Zghurskyi"},
        {"Ґалаґан", "Galagan"},
        {"Ґорґани", "Gorgany"},
        {"Донецьк", "Donetsk"},
        {"Дмитро", "Dmytro"},
        {"Рівне", "Rivne"},
        {"Олег", "Oleh"},
        {"Есмань", "Esman"},
        {"Єнакієве", "Yenakiieve"},
        {"Гаєвич", "Haievych"},
        {"Короп'є", "Koropie"},
        {"Житомир", "Zhytomyr"},
        {"Жанна", "Zhanna"},
        {"Жежелів", "Zhezheliv"},
        {"Закарпаття", "Zakarpattia"},
        {"Казимирчук", "Kazymyrchuk"},
        {"Медвин", "Medvyn"},
        {"Михайленко", "Mykhailenko"},
        {"Іванків", "Ivankiv"},
        {"Іващенко", "Ivashchenko"},
        {"Їжакевич", "Yizhakevych"},
        {"Кадиївка", "Kadyivka"},
        {"Мар'їне", "Marine"},
        {"Йосипівка", "Yosypivka"},
        {"Стрий", "Stryi"},
        {"Олексій", "Oleksii"},
        {"Київ", "Kyiv"},
        {"Коваленко", "Kovalenko"},
        {"Лебедин", "Lebedyn"},
        {"Леонід", "Leonid"},
        {"Миколаїв", "Mykolaiv"},
        {"Маринич", "Marynych"},
        {"Надія", "Nadiia"},
        {"Наталія", "Nataliia"},
        {"Одеса", "Odesa"},
        {"Онищенко", "Onyshchenko"},
        {"Полтава", "Poltava"},
        {"Петро", "Petro"},
        {"Решетилівка", "Reshetylivka"},
        {"Рибчинський", "Rybchynskyi"},
        {"Суми", "Sumy"},
        {"Соломія", "Solomiia"},
        {"Тернопіль", "Ternopil"},
        {"Троць", "Trots"},
        {"Ужгород", "Uzhhorod"},
        {"Уляна", "Uliana"},
        {"Фастів", "Fastiv"},
        {"Філіпчук", "Filipchuk"},
        {"Харків", "Kharkiv"},
        {"Христина", "Khrystyna"},
        {"Біла Церква", "Bila Tserkva"},
        {"Стефанія", "Stefaniia"},
        {"Чернівці", "Chernivtsi"},
        {"Шевченко", "Shevchenko"},
        {"Шостка", "Shostka"},
        {"Кишеньки", "Kyshenky"},
        {"Щербухи", "Shcherbukhy"},
        {"Гоща", "Hoshcha"},
        {"Гаращенко", "Harashchenko"},
        {"Юрій", "Yurii"},
        {"Корюківка", "Koriukivka"},
        {"Яготин", "Yahotyn"},
        {"Ярошенко", "Yaroshenko"},
        {"Костянтин", "Kostiantyn"},
        {"Знам'янка", "Znamianka"},
        {"Феодосія", "Feodosiia"},
        /* the note on зг */
        {"Згорани", "Zghorany"},
        {"Розгон", "Rozghon"},
};

static const struct example kmu_more[] = {
        {"Згурський Їжакевич Короп'є", "Zghurskyi Yizhakevych Koropie"},
        {"Сергій Ковальов", "Serhii Kovalov"},
        /* every apostrophe */
        {"Короп’є", "Koropie"},
        {"Коропʼє", "Koropie"},
        {"Короп`є", "Koropie"},
        {"Короп‘є", "Koropie"},
        {"Короп′є", "Koropie"},
        /* capitals and title case */
        {"ЩЕРБУХИ", "SHCHERBUKHY"},
        {"ЄНАКІЄВЕ", "YENAKIIEVE"},
        {"ЗГУРСЬКИЙ", "ZGHURSKYI"},
        {"ЯРОШЕНКО Юрій", "YAROSHENKO Yurii"},
        {"Щ", "Shch"},
        {"Ющенко Щ. Я.", "Yushchenko Shch. Ya."},
        {"ЮЩЕНКО Щ. Я.", "YUSHCHENKO SHCH. YA."},
        {"КОРОП'Є", "KOROPIE"},
        /* words after hyphens start anew */
        {"Ярошенко-Яценко", "Yaroshenko-Yatsenko"},
        /* Russian letters take ICAO's rows */
        {"Ковалёв", "Kovalev"},
        {"Рыбаков", "Rybakov"},
        {"Эдуард", "Eduard"},
        {"Объедков", "Obieedkov"},
        /* look-alikes, stress marks, text that is not Cyrillic */
        {"Ceргiй", "Serhii"},
        {"Poмaн", "Roman"},
        {"Андрі́й", "Andrii"},
        {"Іванків, вул. Шевченка 12", "Ivankiv, vul. Shevchenka 12"},
        {"SERHII KOVALOV", "SERHII KOVALOV"},
        {"Ковал\xD1\x8C\xD0\xBE\xCC\x91в", "Kovalov"}, /* a mark goes with its letter */
        {"", ""},
};

static void test_kmu2010(void **state)
{
	(void)state;
	check(PL_TRANSLIT_KMU2010, PL_LANG_UNKNOWN, kmu_official, N(kmu_official));
	check(PL_TRANSLIT_KMU2010, PL_LANG_UK, kmu_official, N(kmu_official));
	check(PL_TRANSLIT_KMU2010, PL_LANG_UNKNOWN, kmu_more, N(kmu_more));
}

static const struct example icao_ru[] = {
        {"Сергей Ковалёв", "Sergei Kovalev"},
        {"СЕРГЕЙ КОВАЛЁВ", "SERGEI KOVALEV"},
        {"Щукин", "Shchukin"},
        {"Объедков", "Obieedkov"},
        {"Подъячев", "Podieiachev"},
        {"Рыбаков", "Rybakov"},
        {"Эдуард", "Eduard"},
        {"Юлия", "Iuliia"},
        {"Яна", "Iana"},
        {"Ёлкин", "Elkin"},
        {"Андрей", "Andrei"},
        {"Наталья", "Natalia"},
        {"Дмитрий", "Dmitrii"},
        {"Хабаров", "Khabarov"},
        {"Цветков", "Tsvetkov"},
        {"Чернов", "Chernov"},
        {"Шишкин", "Shishkin"},
        {"Жуков", "Zhukov"},
        {"Игорь", "Igor"},
        {"Илья", "Ilia"},
        {"Юрьевич", "Iurevich"},
        {"Фёдор", "Fedor"},
        {"Пётр", "Petr"},
        {"Вячеслав", "Viacheslav"},
        {"Евгений", "Evgenii"},
        {"Ксения", "Kseniia"},
        {"Майя", "Maiia"},
        {"ЩУКИН Ю. Я.", "SHCHUKIN IU. IA."},
        {"Эй, жлоб! Где туз? Прячь юных съёмщиц в шкаф.",
         "Ei, zhlob! Gde tuz? Priach iunykh sieemshchits v shkaf."},
        /* the Ukrainian letters have rows of their own */
        {"Іван", "Ivan"},
        {"Їжак", "Izhak"},
        {"Євген", "Ievgen"},
        {"Ґудзь", "Gudz"},
        {"Короп'є", "Koropie"},
        {"Дмитро", "Dmitro"},
};

static const struct example icao_uk[] = {
        {"Дмитро", "Dmytro"}, /* Ukrainian И is Y in ICAO's table */
        {"Сергій", "Sergii"},
        {"Євген", "Ievgen"},
};

static void test_icao(void **state)
{
	(void)state;
	check(PL_TRANSLIT_ICAO, PL_LANG_UNKNOWN, icao_ru, N(icao_ru));
	check(PL_TRANSLIT_ICAO, PL_LANG_RU, icao_ru, N(icao_ru));
	check(PL_TRANSLIT_ICAO, PL_LANG_UK, icao_uk, N(icao_uk));
}

/* BGN/PCGN: the examples of the published table, and the tests of interscript's map. */
static const struct example bgn[] = {
        {"Сергей Ковалёв", "Sergey Kovalëv"},
        {"СЕРГЕЙ КОВАЛЁВ", "SERGEY KOVALËV"},
        {"Азов", "Azov"},
        {"Тамбов", "Tambov"},
        {"Барнаул", "Barnaul"},
        {"Кубань", "Kuban\u2019"},
        {"Владимир", "Vladimir"},
        {"Ульяновск", "Ul\u2019yanovsk"},
        {"Грозный", "Groznyy"},
        {"Волгодонск", "Volgodonsk"},
        {"Дзержинский", "Dzerzhinskiy"},
        {"Нелидово", "Nelidovo"},
        {"Елизово", "Yelizovo"},
        {"Чапаевск", "Chapayevsk"},
        {"Мейеровка", "Meyyerovka"},
        {"Юрьев", "Yur\u2019yev"},
        {"Белкино", "Belkino"},
        {"Озёрный", "Ozërnyy"},
        {"Жуков", "Zhukov"},
        {"Лужники", "Luzhniki"},
        {"Ёлкино", "Yëlkino"},
        {"Щёлково", "Shchëlkovo"},
        {"Объединение", "Ob\u201Dyedineniye"},
        {"Эльбрус", "El\u2019brus"},
        {"Ярославль", "Yaroslavl\u2019"},
        {"Выборг", "Vyborg"},
        {"Хабаровск", "Khabarovsk"},
        {"Цимлянск", "Tsimlyansk"},
        {"Мытищи", "Mytishchi"},
        {"Воробьёв", "Vorob\u2019yëv"},
        {"ДЛИННОЕ ПОКРЫВАЛО", "DLINNOYE POKRYVALO"},
        {"Еловая шишка", "Yelovaya shishka"},
        {"ЕЛОВАЯ ШИШКА", "YELOVAYA SHISHKA"},
        {"В лесу еловые шишки", "V lesu yelovyye shishki"},
        {"Он видел её в первый раз", "On videl yeyë v pervyy raz"},
        {"ОН ВИДЕЛ ЕЁ В ПЕРВЫЙ РАЗ", "ON VIDEL YEYË V PERVYY RAZ"},
        {"Ёж колючий", "Yëzh kolyuchiy"},
        {"ЁЖ КОЛЮЧИЙ", "YËZH KOLYUCHIY"},
        {"У ёжа колючки", "U yëzha kolyuchki"},
        /* Ukrainian letters by KMU 2010, with its position rules */
        {"Їжакевич", "Yizhakevich"},
        {"Сергій", "Sergiy"},
        {"Євген", "Yevgen"},
        {"Ґалаґан", "Galagan"},
        {"Короп'є", "Koropie"},
};

static void test_bgn(void **state)
{
	(void)state;
	check(PL_TRANSLIT_BGN, PL_LANG_UNKNOWN, bgn, N(bgn));
	check(PL_TRANSLIT_BGN, PL_LANG_UK, bgn, N(bgn));
}

static const struct example gost_ru[] = {
        {"Сергей Ковалёв", "Sergej Kovalyov"},
        {"СЕРГЕЙ КОВАЛЁВ", "SERGEJ KOVALYOV"},
        {"Щукин", "Shhukin"},
        {"Цирк", "Cirk"},
        {"ЦИРК", "CIRK"},
        {"Царь", "Czar`"},
        {"ЦАРЬ", "CZAR`"},
        {"Цой", "Czoj"},
        {"Цех", "Cex"},
        {"Цюрупа", "Cyurupa"},
        {"Лицей", "Licej"},
        {"Пицца", "Piczcza"},
        {"Объявление", "Ob``yavlenie"},
        {"Съезд", "S``ezd"},
        {"Рыбинск", "Ry`binsk"},
        {"Эдуард", "E`duard"},
        {"Юрий", "Yurij"},
        {"Яков", "Yakov"},
        {"Ёлкин", "Yolkin"},
        {"Хабаровск", "Xabarovsk"},
        {"Жуков", "Zhukov"},
        {"Чехов", "Chexov"},
        {"Шолохов", "Sholoxov"},
        {"Ельцин", "El`cin"},
        {"Ильич", "Il`ich"},
        {"Предками данная мудрость народная!", "Predkami dannaya mudrost` narodnaya!"},
        /* the other languages' rows of the table */
        {"Ґалаґан", "G`alag`an"},
        {"Їжакевич", "Yizhakevich"},
        {"Короп'є", "Korop'ye"},
        {"Євген", "Yevgen"},
        {"Іван", "Ivan"},
};

static const struct example gost_uk[] = {
        {"Їжакевич", "Yizhakevy`ch"}, /* Ukrainian И is y` */
        {"Цикл", "Cy`kl"},
};

static void test_gost_b(void **state)
{
	(void)state;
	check(PL_TRANSLIT_GOST_B, PL_LANG_UNKNOWN, gost_ru, N(gost_ru));
	check(PL_TRANSLIT_GOST_B, PL_LANG_RU, gost_ru, N(gost_ru));
	check(PL_TRANSLIT_GOST_B, PL_LANG_UK, gost_uk, N(gost_uk));
}

static void test_names(void **state)
{
	(void)state;
	for (int s = 0; s < PL_TRANSLIT__MAX; s++) {
		const char *name = pl_translit_system_name((enum pl_translit_system)s);
		assert_non_null(name);
		assert_int_equal(pl_translit_system_by_name(name), s);
	}
	assert_string_equal(pl_translit_system_name(PL_TRANSLIT_GOST_B), "gost-b");
	assert_null(pl_translit_system_name(PL_TRANSLIT__MAX));
	assert_int_equal(pl_translit_system_by_name("gost"), -1);
	assert_int_equal(pl_translit_system_by_name(""), -1);
	assert_int_equal(pl_translit_default_system(PL_LANG_UK), PL_TRANSLIT_KMU2010);
	assert_int_equal(pl_translit_default_system(PL_LANG_UNKNOWN), PL_TRANSLIT_KMU2010);
	assert_int_equal(pl_translit_default_system(PL_LANG_RU), PL_TRANSLIT_ICAO);
}

static void test_bad_input(void **state)
{
	static const struct {
		const char *in, *msg;
	} bad[] = {
	        {"\xC0\xAF", "invalid UTF-8 at byte 1"},
	        {"Іван\xED\xA0\x80", "invalid UTF-8 at byte 9"},
	        {"Іван\xD0", "invalid UTF-8 at byte 9"},
	        {"\xF4\x90\x80\x80", "invalid UTF-8 at byte 1"},
	};
	struct pl_error err = {0};
	char *out = (char *)"untouched";
	(void)state;
	for (size_t i = 0; i < N(bad); i++) {
		for (int s = 0; s < PL_TRANSLIT__MAX; s++) {
			int rc = pl_translit(bad[i].in, (enum pl_translit_system)s, &out, &err);
			assert_int_equal(rc, PL_EDATA);
			assert_string_equal(out, "untouched");
			if (!strstr(err.msg, bad[i].msg))
				fail_msg("'%s' lacks '%s'", err.msg, bad[i].msg);
		}
	}
	assert_int_equal(pl_translit("Іван", PL_TRANSLIT__MAX, &out, &err), PL_EUSAGE);
	assert_int_equal(pl_translit_lang("Іван", 7, PL_TRANSLIT_ICAO, &out, &err), PL_EUSAGE);
	assert_string_equal(out, "untouched");
}

/* Long input: the heap paths; every allocation made to fail in turn. */
static void test_alloc_failures(void **state)
{
	char in[4000] = "";
	const char *word = "Щербухи-Ґалаґан ";
	char *want = NULL;
	(void)state;
	while (strlen(in) + strlen(word) < sizeof(in))
		memcpy(in + strlen(in), word, strlen(word) + 1);
	for (int s = 0; s < PL_TRANSLIT__MAX; s++) {
		struct pl_error err = {0};
		assert_int_equal(pl_translit(in, (enum pl_translit_system)s, &want, &err), 0);
		for (long n = 0;; n++) {
			char *out = NULL;
			int rc;
			pl_alloc_fail_after(n);
			rc = pl_translit(in, (enum pl_translit_system)s, &out, &err);
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
	        cmocka_unit_test(test_kmu2010),
	        cmocka_unit_test(test_icao),
	        cmocka_unit_test(test_bgn),
	        cmocka_unit_test(test_gost_b),
	        cmocka_unit_test(test_names),
	        cmocka_unit_test(test_bad_input),
	        cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
