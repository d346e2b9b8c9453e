/* u-equiv.c - one name in Ukrainian and Russian: given names, pet forms, patronymics, surnames */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "parley/alloc.h"
#include "parley/equiv.h"
#include "parley/error.h"
#include "demo-names.h"
#include "internal.h"
#include "banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static int in_list(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

static int has_group(const char *name, int group)
{
	const int *g = NULL;
	size_t n = 0;
	if (pl_equiv_given_groups(name, &g, &n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (g[i] == group)
			return 1;
	return 0;
}

static double score(const char *a, const char *b)
{
	double s = -1;
	int rc = pl_equiv_given_score(a, b, &s);
	if (rc)
		fail_msg("score('%s', '%s'): error %d", a, b, rc);
	return s;
}

/* the data loads, passes its own check and is as large as promised */
static void test_data(void **state)
{
	struct pl_error err = {0};
	size_t n = 0, male = 0, female = 0, dims_n = 0;
	const char *dims[1000];

	(void)state;
	if (pl_equiv_init(&err))
		fail_msg("%s", err.msg);
	if (pl_equiv_check_data(&err))
		fail_msg("%s", err.msg);
	assert_int_equal(pl_equiv_group_count(&n), 0);
	assert_true(n >= 400);
	for (size_t id = 0; id < n; id++) {
		const struct pl_equiv_group *g = pl_equiv_group((int)id);
		assert_non_null(g);
		assert_int_equal(g->id, (int)id);
		assert_true(g->uk_n >= 1 && g->ru_n >= 1);
		assert_string_equal(g->name, g->uk[0]);
		if (g->sex == 'm') {
			male++;
			for (int s = 0; s < 2; s++)
				assert_true(g->patr_uk_n[s] >= 1 && g->patr_ru_n[s] >= 1);
		} else {
			assert_int_equal(g->sex, 'f');
			female++;
			for (int s = 0; s < 2; s++)
				assert_true(g->patr_uk_n[s] == 0 && g->patr_ru_n[s] == 0);
		}
		for (size_t i = 0; i < g->diminutives_n; i++)
			if (!in_list(dims, dims_n, g->diminutives[i])) {
				assert_true(dims_n < COUNT(dims));
				dims[dims_n++] = g->diminutives[i];
			}
	}
	assert_true(male >= 200 && female >= 150);
	assert_true(dims_n >= 150);
	assert_null(pl_equiv_group(-1));
	assert_null(pl_equiv_group((int)n));
	assert_int_equal(strlen(pl_equiv_data_version()), 16);
	/* a second init does nothing */
	assert_int_equal(pl_equiv_init(&err), 0);
}

/* every form of every name leads back to its group, in both languages */
static void test_round_trip(void **state)
{
	size_t n = 0;

	(void)state;
	assert_int_equal(pl_equiv_group_count(&n), 0);
	for (size_t id = 0; id < n; id++) {
		const struct pl_equiv_group *g = pl_equiv_group((int)id);
		const char *const *lists[] = {g->uk, g->ru, g->other};
		size_t ns[] = {g->uk_n, g->ru_n, g->other_n};
		const char *const *forms = NULL;
		size_t forms_n = 0;

		for (size_t l = 0; l < COUNT(lists); l++)
			for (size_t i = 0; i < ns[l]; i++) {
				if (pl_equiv_given_group(lists[l][i]) != (int)id)
					fail_msg("'%s' is not in the group of '%s'", lists[l][i],
					         g->name);
				assert_true(has_group(lists[l][i], (int)id));
				assert_true(in_list(g->forms, g->forms_n, lists[l][i]));
			}
		/* Ukrainian to Russian and back */
		assert_true(pl_equiv_same_given(g->uk[0], g->ru[0]));
		assert_true(pl_equiv_same_given(g->ru[0], g->uk[0]));
		assert_true(score(g->uk[0], g->ru[0]) >= PL_EQUIV_SCORE_FULL);
		assert_int_equal(pl_equiv_given(g->ru[0], &forms, &forms_n), 0);
		assert_true(in_list(forms, forms_n, g->uk[0]));
		assert_int_equal(pl_equiv_given(g->uk[0], &forms, &forms_n), 0);
		assert_true(in_list(forms, forms_n, g->ru[0]));
		for (size_t i = 0; i < g->diminutives_n; i++) {
			assert_true(has_group(g->diminutives[i], (int)id));
			assert_true(score(g->diminutives[i], g->ru[0]) >=
			            PL_EQUIV_SCORE_DIMINUTIVE);
		}
		/* patronymics: from every form of the father's name, of the right sex */
		for (int s = 0; s < 2 && g->sex == 'm'; s++) {
			const char *const *pl[] = {g->patr_uk[s], g->patr_ru[s]};
			size_t pn[] = {g->patr_uk_n[s], g->patr_ru_n[s]};
			for (size_t l = 0; l < 2; l++)
				for (size_t i = 0; i < pn[l]; i++) {
					int group = -1;
					char sex = 0;
					const char *p = pl[l][i];
					if (!pl_equiv_patronymic_of(p, g->uk[0]) ||
					    !pl_equiv_patronymic_of(p, g->ru[0]))
						fail_msg("'%s' is not a patronymic of '%s'", p,
						         g->name);
					assert_true(pl_equiv_same_patronymic(p, g->patr_uk[s][0]));
					assert_true(pl_equiv_same_patronymic(p, g->patr_ru[s][0]));
					assert_false(
					        pl_equiv_same_patronymic(p, g->patr_ru[!s][0]));
					assert_int_equal(pl_equiv_patronymic_group(p, &group, &sex),
					                 0);
					assert_int_equal(sex, s ? 'f' : 'm');
				}
		}
	}
}

/* the names other engineers' demo lists use are all known, with their patronymics */
static void test_demo_names(void **state)
{
	static const struct {
		const struct demo_given *list;
		const size_t *n;
		char sex;
		int ru;
	} lists[] = {
	        {demo_uk_male, &demo_uk_male_n, 'm', 0},
	        {demo_uk_female, &demo_uk_female_n, 'f', 0},
	        {demo_ru_male, &demo_ru_male_n, 'm', 1},
	        {demo_ru_female, &demo_ru_female_n, 'f', 1},
	};

	(void)state;
	for (size_t l = 0; l < COUNT(lists); l++) {
		for (size_t i = 0; i < *lists[l].n; i++) {
			const struct demo_given *d = &lists[l].list[i];
			int id = pl_equiv_given_group(d->name);
			const struct pl_equiv_group *g = pl_equiv_group(id);
			int group = -1;
			char sex = 0;

			if (!g) {
				fail_msg("demo name '%s' is not known", d->name);
				return;
			}
			if (g->sex != lists[l].sex)
				fail_msg("demo name '%s' has the wrong sex", d->name);
			/* a Ukrainian name is a Ukrainian (or other) form, a Russian one Russian */
			if (!in_list(lists[l].ru ? g->ru : g->uk, lists[l].ru ? g->ru_n : g->uk_n,
			             d->name) &&
			    !in_list(g->other, g->other_n, d->name))
				fail_msg("demo name '%s' is not a %s form of '%s'", d->name,
				         lists[l].ru ? "Russian" : "Ukrainian", g->name);
			if (!d->patr_m)
				continue;
			if (!pl_equiv_patronymic_of(d->patr_m, d->name) ||
			    !pl_equiv_patronymic_of(d->patr_f, d->name))
				fail_msg("demo patronymics '%s', '%s' are not of '%s'", d->patr_m,
				         d->patr_f, d->name);
			assert_int_equal(pl_equiv_patronymic_group(d->patr_m, &group, &sex), 0);
			assert_int_equal(sex, 'm');
			assert_int_equal(pl_equiv_patronymic_group(d->patr_f, &group, &sex), 0);
			assert_int_equal(sex, 'f');
		}
	}
}

static void test_given_names(void **state)
{
	static const struct {
		const char *a, *b;
		int same;
	} cases[] = {
	        /* the brief's examples */
	        {"Сергій", "Сергей", 1},
	        {"Сергій", "Серёжа", 1},
	        {"Сергей", "Сергійко", 1},
	        {"Сєрьожа", "Сергей", 1},
	        {"Микола", "Николай", 1},
	        {"Микола", "Коля", 1},
	        {"Николай", "Миколка", 1},
	        {"Олександр", "Александр", 1},
	        {"Олександр", "Сашко", 1},
	        {"Олександр", "Саша", 1},
	        {"Александр", "Шура", 1},
	        {"Олександра", "Саша", 1},
	        {"Наталія", "Наталья", 1},
	        {"Наталія", "Наталя", 1},
	        {"Наталя", "Наталья", 1},
	        {"Ганна", "Анна", 1},
	        {"Юрій", "Юрий", 1},
	        {"Андрій", "Андрей", 1},
	        {"Дмитро", "Дмитрий", 1},
	        {"Дмитро", "Дима", 1},
	        {"Надія", "Надежда", 1},
	        {"Григорій", "Григорий", 1},
	        {"Іван", "Иван", 1},
	        {"Євген", "Евгений", 1},
	        {"Євген", "Женя", 1},
	        {"Євгенія", "Женя", 1},
	        {"Костянтин", "Константин", 1},
	        {"Ілля", "Илья", 1},
	        {"Лев", "Лев", 1},
	        {"Павло", "Павел", 1},
	        {"Петро", "Пётр", 1},
	        {"Петро", "Петр", 1},
	        {"Федір", "Фёдор", 1},
	        {"Федір", "Федор", 1},
	        {"Яків", "Яков", 1},
	        {"Семен", "Семён", 1},
	        {"Арсеній", "Арсений", 1},
	        {"Володимир", "Вова", 1},
	        {"Володимир", "Владимир", 1},
	        {"Олена", "Елена", 1},
	        {"Олена", "Лена", 1},
	        {"Тетяна", "Татьяна", 1},
	        {"Катерина", "Екатерина", 1},
	        {"Марта", "Марфа", 1},
	        {"Йосип", "Иосиф", 1},
	        {"Йосип", "Осип", 1},
	        {"Опанас", "Афанасий", 1},
	        {"Панас", "Афанасий", 1},
	        {"Пилип", "Филипп", 1},
	        {"Філіп", "Пилип", 1},
	        {"Хома", "Фома", 1},
	        {"Юхим", "Ефим", 1},
	        {"Трохим", "Трофим", 1},
	        {"Омелян", "Емельян", 1},
	        {"Ярема", "Еремей", 1},
	        {"Гнат", "Игнат", 1},
	        {"Кіндрат", "Кондратий", 1},
	        {"Прокіп", "Прокопий", 1},
	        {"Данило", "Данила", 1},
	        {"Данило", "Даниил", 1},
	        {"Гаврило", "Гавриил", 1},
	        {"Яким", "Аким", 1},
	        {"Микита", "Никита", 1},
	        {"Христина", "Кристина", 1},
	        {"Олесь", "Олександр", 1},
	        {"Лев", "Левко", 1},
	        {"Вітя", "Віталій", 1},
	        {"Вітя", "Виктор", 1},
	        /* false friends and near misses stay apart */
	        {"Олена", "Алёна", 0},
	        {"Олена", "Альона", 0},
	        {"Елена", "Алена", 0},
	        {"Богдан", "Богдана", 0},
	        {"Олександр", "Олександра", 0},
	        {"Євген", "Євгенія", 0},
	        {"Юрій", "Георгій", 0},
	        {"Юрій", "Єгор", 0},
	        {"Георгий", "Егор", 0},
	        {"Марина", "Мар'яна", 0},
	        {"Марія", "Мар'яна", 0},
	        {"Марія", "Марина", 0},
	        {"Ірина", "Ярина", 0},
	        {"Ірина", "Арина", 0},
	        {"Віталій", "Віктор", 0},
	        {"Олексій", "Олександр", 0},
	        {"Алла", "Аліна", 0},
	        {"Женя", "Саша", 0},
	        {"Оксана", "Ксенія", 0},
	        {"Стефан", "Степан", 0},
	        {"Юлія", "Юліана", 0},
	        {"Дарія", "Дарина", 0},
	        {"Олеся", "Олександра", 0},
	        {"Ян", "Іван", 0},
	        {"Сергій", "Микола", 0},
	        {"Артем", "Артемій", 0},
	        {"Федір", "Теодор", 0},
	        {"Семен", "Симон", 0},
	        /* spelling: case, apostrophes, Latin look-alikes, decomposed ё, spaces */
	        {"СЕРГІЙ", "сергей", 1},
	        {"В’ячеслав", "Вячеслав", 1},
	        {"Вʼячеслав", "В'ячеслав", 1},
	        {"Iван", "Иван", 1},                 /* Latin I */
	        {"П\xD0\xB5\xCC\x88тр", "Петро", 1}, /* е + combining diaeresis */
	        {"Пëтр", "Петро", 1},                /* Latin ë */
	        {"  Микола ", "Николай", 1},
	        /* the other alphabet, letter for letter */
	        {"Мыкола", "Николай", 1},
	        {"Андрий", "Андрій", 1},
	        {"Олэксандр", "Александр", 1},
	        {"Ніколай", "Микола", 1},
	        {"Дмітрій", "Дмитро", 1},
	        {"Сергий", "Серёжа", 1},
	};

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++)
		if (pl_equiv_same_given(cases[i].a, cases[i].b) != cases[i].same)
			fail_msg("same_given('%s', '%s') is not %d", cases[i].a, cases[i].b,
			         cases[i].same);
}

static void test_scores(void **state)
{
	(void)state;
	assert_true(score("Семен", "Семён") == PL_EQUIV_SCORE_SAME);
	assert_true(score("Ковалишин", "КОВАЛИШИН") == PL_EQUIV_SCORE_SAME); /* unknown, same */
	assert_true(score("Сергій", "Сергей") == PL_EQUIV_SCORE_FULL);
	assert_true(score("Ганна", "Анна") == PL_EQUIV_SCORE_FULL);
	assert_true(score("Мыкола", "Микола") == PL_EQUIV_SCORE_TRANSLIT);
	assert_true(score("Сергій", "Серёжа") == PL_EQUIV_SCORE_DIMINUTIVE);
	assert_true(score("Серёжа", "Сергійко") == PL_EQUIV_SCORE_DIMINUTIVE);
	assert_true(score("Саша", "Олександра") == PL_EQUIV_SCORE_DIMINUTIVE);
	assert_true(score("Олесь", "Олесь") == PL_EQUIV_SCORE_SAME);
	assert_true(score("Олена", "Алёна") == 0);
	assert_true(score("Саша", "Євгенія") == 0);
	assert_true(score("Хрюндель", "Сергій") == 0);
	assert_true(score("Хрюндель", "Брюндель") == 0);
}

static void test_lookups(void **state)
{
	const char *const *forms = NULL;
	const int *groups = NULL;
	size_t n = 0;
	int sasha_m = pl_equiv_given_group("Олександр");
	int sasha_f = pl_equiv_given_group("Олександра");
	int olesia = pl_equiv_given_group("Олесь");

	(void)state;
	assert_true(sasha_m >= 0 && sasha_f >= 0 && sasha_m != sasha_f);
	assert_string_equal(pl_equiv_group(sasha_m)->name, "Олександр");
	assert_int_equal(pl_equiv_group(sasha_m)->sex, 'm');
	assert_int_equal(pl_equiv_group(sasha_f)->sex, 'f');

	/* a pet form of two names: both groups, all their forms */
	assert_int_equal(pl_equiv_given_groups("саша", &groups, &n), 0);
	assert_int_equal(n, 2);
	assert_true((groups[0] == sasha_m && groups[1] == sasha_f) ||
	            (groups[1] == sasha_m && groups[0] == sasha_f));
	assert_int_equal(pl_equiv_given("Саша", &forms, &n), 0);
	assert_true(in_list(forms, n, "Олександр") && in_list(forms, n, "Александра") &&
	            in_list(forms, n, "Сашко") && in_list(forms, n, "Шура"));
	assert_true(pl_equiv_given_group("Саша") == sasha_m);

	/* a full name that is also a pet form: its own group first */
	assert_int_equal(pl_equiv_given_group("Олесь"), olesia);
	assert_true(has_group("Олесь", sasha_m));
	assert_int_equal(pl_equiv_given_group("Сашко"), sasha_m);

	/* Сергій: every form, both languages and pet forms */
	assert_int_equal(pl_equiv_given("сергей", &forms, &n), 0);
	assert_true(in_list(forms, n, "Сергій") && in_list(forms, n, "Сергей") &&
	            in_list(forms, n, "Серёжа") && in_list(forms, n, "Сергійко"));
	assert_false(in_list(forms, n, "Саша"));

	/* found through the other alphabet */
	assert_int_equal(pl_equiv_given_group("Мыкола"), pl_equiv_given_group("Микола"));
	assert_int_equal(pl_equiv_given_group("Альона"), pl_equiv_given_group("Алёна"));

	/* unknown */
	forms = (const char *const *)1;
	n = 77;
	assert_int_equal(pl_equiv_given("Хрюндель", &forms, &n), PL_ENOTFOUND);
	assert_true(forms == (const char *const *)1 && n == 77);
	assert_int_equal(pl_equiv_given_group("Хрюндель"), -1);
	assert_int_equal(pl_equiv_given_group(""), -1);
}

static void test_patronymics(void **state)
{
	static const struct {
		const char *a, *b;
		int same;
	} same[] = {
	        {"Миколайович", "Николаевич", 1},
	        {"Миколаївна", "Николаевна", 1},
	        {"Миколайович", "Николаевна", 0},
	        {"Миколайович", "Миколаївна", 0},
	        {"Сергійович", "Сергеевич", 1},
	        {"Сергіївна", "Сергеевна", 1},
	        {"Ілліч", "Ильич", 1},
	        {"Іллівна", "Ильинична", 1},
	        {"Олександрович", "Александрович", 1},
	        {"Олександрівна", "Александровна", 1},
	        {"Григорович", "Григорьевич", 1},
	        {"Григорійович", "Григорьевич", 1},
	        {"Якович", "Яковлевич", 1},
	        {"Яківна", "Яковлевна", 1},
	        {"Львович", "Левович", 1},
	        {"Юрійович", "Юрьевич", 1},
	        {"Федорович", "Фёдорович", 1},
	        {"Кузьмич", "Кузьмович", 1},
	        {"Лукич", "Лукинична", 0},
	        {"Петрович", "Павлович", 0},
	        {"Іванович", "Іванівна", 0},
	        {"Миколайович", "Михайлович", 0},
	        {"Віталійович", "Вікторович", 0},
	        {"Никитич", "Микитович", 1},
	        {"ОЛЕКСІЙОВИЧ", "алексеевич", 1},
	};
	static const struct {
		const char *patronymic, *father;
		int of;
	} of[] = {
	        {"Миколайович", "Николай", 1},
	        {"Николаевич", "Микола", 1},
	        {"Николаевна", "Коля", 1},
	        {"Миколайович", "Миколка", 1},
	        {"Сергеевич", "Сергій", 1},
	        {"Сергеевич", "Серёжа", 1},
	        {"Сергеевич", "Олександр", 0},
	        {"Яковлевич", "Яків", 1},
	        {"Якович", "Яков", 1},
	        {"Ильинична", "Ілля", 1},
	        {"Олександрівна", "Саша", 1},
	        {"Олександрівна", "Олександра", 0},
	        {"Петрович", "Петро", 1},
	        {"Петрович", "Пётр", 1},
	        {"Петрович", "Павло", 0},
	        {"Хомич", "Фома", 1},
	        {"Опанасович", "Афанасий", 1},
	        {"Мыколайович", "Николай", 1}, /* found through the other alphabet */
	        {"Хрюндельович", "Хрюндель", 0},
	};
	int group = -1;
	char sex = 0;

	(void)state;
	for (size_t i = 0; i < COUNT(same); i++)
		if (pl_equiv_same_patronymic(same[i].a, same[i].b) != same[i].same)
			fail_msg("same_patronymic('%s', '%s') is not %d", same[i].a, same[i].b,
			         same[i].same);
	for (size_t i = 0; i < COUNT(of); i++)
		if (pl_equiv_patronymic_of(of[i].patronymic, of[i].father) != of[i].of)
			fail_msg("patronymic_of('%s', '%s') is not %d", of[i].patronymic,
			         of[i].father, of[i].of);
	assert_int_equal(pl_equiv_patronymic_group("Миколаївна", &group, &sex), 0);
	assert_int_equal(group, pl_equiv_given_group("Микола"));
	assert_int_equal(sex, 'f');
	assert_int_equal(pl_equiv_patronymic_group("Ильич", NULL, &sex), 0);
	assert_int_equal(sex, 'm');
	group = 123;
	assert_int_equal(pl_equiv_patronymic_group("Хрюндельович", &group, NULL), PL_ENOTFOUND);
	assert_int_equal(group, 123);
}

static void test_surnames(void **state)
{
	static const struct {
		const char *a, *b;
		int same;
	} cases[] = {
	        {"Ковальов", "Ковалёв", 1},
	        {"Ковальов", "Ковалев", 1},
	        {"Ковалёв", "Ковалев", 1},
	        {"Ковалев", "Ковальов", 1},
	        {"Ковальова", "Ковалёва", 1},
	        {"Соловйов", "Соловьёв", 1},
	        {"Соловйов", "Соловьев", 1},
	        {"Пономарьов", "Пономарёв", 1},
	        {"Журавльов", "Журавлев", 1},
	        {"Кисельов", "Киселёв", 1},
	        {"Корольов", "Королёв", 1},
	        {"Ткачов", "Ткачёв", 1},
	        {"Ткачов", "Ткачев", 1},
	        {"Чернишов", "Чернышёв", 1},
	        {"Кузнєцов", "Кузнецов", 1},
	        {"Андрєєв", "Андреев", 1},
	        {"Сергєєв", "Сергеев", 1},
	        {"Лебедєв", "Лебедев", 1},
	        {"Медведєв", "Медведев", 1},
	        {"Алексєєв", "Алексеев", 1},
	        {"Васильєв", "Васильев", 1},
	        {"Яковлєв", "Яковлев", 1},
	        {"Гусєв", "Гусев", 1},
	        {"Бєлов", "Белов", 1},
	        {"Тимофєєв", "Тимофеев", 1},
	        {"Дмитрієв", "Дмитриев", 1},
	        {"Григор'єв", "Григорьев", 1},
	        {"Семенов", "Семёнов", 1},
	        {"Федоров", "Фёдоров", 1},
	        {"Дем'янчук", "Демьянчук", 1},
	        {"Дем’янчук", "Демьянчук", 1},
	        {"Лук'яненко", "Лукьяненко", 1},
	        {"Білик", "Билик", 1},
	        {"Білик", "Белик", 1},
	        {"Сіренко", "Сиренко", 1},
	        {"Кіреєв", "Киреев", 1},
	        {"Рибак", "Рыбак", 1},
	        {"Лисенко", "Лысенко", 1},
	        {"Мартиненко", "Мартыненко", 1},
	        {"Давиденко", "Давыденко", 1},
	        {"Кривенко", "Кривенко", 1},
	        {"Поліщук", "Полищук", 1},
	        {"Зінченко", "Зинченко", 1},
	        {"Пасічник", "Пасечник", 1},
	        {"Олійник", "Олийник", 1},
	        {"Іваненко", "Иваненко", 1},
	        {"Євтушенко", "Евтушенко", 1},
	        {"Ільїн", "Ильин", 1},
	        {"Кузьмін", "Кузьмин", 1},
	        {"Нікітін", "Никитин", 1},
	        {"Фомін", "Фомин", 1},
	        {"Сорокін", "Сорокин", 1},
	        {"Ковальський", "Ковальский", 1},
	        {"Ковальська", "Ковальская", 1},
	        {"Вишневський", "Вишневский", 1},
	        {"Білецький", "Белецкий", 1},
	        {"Левицька", "Левицкая", 1},
	        {"Римський-Корсаков", "Римский-Корсаков", 1},
	        {"Кравець", "Кравец", 1},
	        {"Швець", "Швец", 1},
	        {"Горобець", "Горобец", 1},
	        {"Коломієць", "Коломиец", 1},
	        {"Бондар", "Бондарь", 1},
	        {"Бабій", "Бабий", 1},
	        {"Осадчий", "Осадчий", 1},
	        {"Осадча", "Осадчая", 1},
	        {"Білий", "Белый", 1},
	        {"Луговий", "Луговой", 1},
	        {"Заболотний", "Заболотный", 1},
	        {"Чорновол", "Черновол", 1},
	        {"Ґонта", "Гонта", 1},
	        {"Мирошниченко", "Мирошниченко", 1},
	        {"Ковальчук", "Ковальчук", 1},
	        {"КОВАЛЬОВ", "Ковалёв", 1},
	        {"Бiлик", "Билик", 1}, /* Latin i */
	        /* different surnames, or different sexes, stay apart */
	        {"Ковальов", "Ковальчук", 0},
	        {"Мельник", "Мельников", 0},
	        {"Мельник", "Мельничук", 0},
	        {"Ковальов", "Ковальова", 0},
	        {"Орлов", "Орлова", 0},
	        {"Іванов", "Іванів", 0},
	        {"Петренко", "Петрук", 0},
	        {"Шевченко", "Шевчук", 0},
	        {"Бондар", "Бондаренко", 0},
	        {"Коваль", "Коваленко", 0},
	        {"Кравець", "Кравченко", 0},
	        {"Білик", "Білий", 0},
	        {"Ткач", "Ткачук", 0},
	        {"Ткачов", "Ткаченко", 0},
	        {"Мороз", "Морозов", 0},
	        {"Гончар", "Гончаров", 0},
	        {"Кузьмін", "Кузьменко", 0},
	        {"Соловйов", "Соловей", 0},
	        {"Руденко", "Радченко", 0},
	        {"Савченко", "Савчук", 0},
	        {"Попов", "Попович", 0},
	        {"Ковальов", "", 0},
	};
	size_t pos = 0;

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		if (pl_equiv_same_surname(cases[i].a, cases[i].b) != cases[i].same)
			fail_msg("same_surname('%s', '%s') is not %d", cases[i].a, cases[i].b,
			         cases[i].same);
		if (pl_equiv_same_surname(cases[i].b, cases[i].a) != cases[i].same)
			fail_msg("same_surname('%s', '%s') is not %d", cases[i].b, cases[i].a,
			         cases[i].same);
		pos += cases[i].same;
	}
	assert_true(pos >= 60 && COUNT(cases) - pos >= 20);
}

static int variants_have(const char *surname, int lang, const char *want, int first)
{
	char **v = NULL;
	size_t n = 0;
	int found = 0;

	if (pl_equiv_surname_variants(surname, lang, &v, &n))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i], want) == 0 && (!first || i == 0))
			found = 1;
	pl_equiv_variants_free(v, n);
	return found;
}

static void test_variants(void **state)
{
	char **v = (char **)1;
	size_t n = 99;

	(void)state;
	assert_true(variants_have("Ковальов", PL_EQUIV_UK, "Ковалёв", 1));
	assert_true(variants_have("Ковальов", PL_EQUIV_UK, "Ковалев", 0));
	assert_true(variants_have("КОВАЛЬОВ", PL_EQUIV_UK, "КОВАЛЁВ", 1));
	assert_true(variants_have("ковальов", PL_EQUIV_UK, "ковалёв", 1));
	assert_true(variants_have("Дем'янчук", PL_EQUIV_UK, "Демьянчук", 1));
	assert_true(variants_have("Ковальський", PL_EQUIV_UK, "Ковальский", 1));
	assert_true(variants_have("Білик", PL_EQUIV_UK, "Билик", 1));
	assert_true(variants_have("Білик", PL_EQUIV_UK, "Белик", 0));
	assert_true(variants_have("Римський-Корсаков", PL_EQUIV_UK, "Римский-Корсаков", 1));
	assert_true(variants_have("Ковалёв", PL_EQUIV_RU, "Ковальов", 1));
	assert_true(variants_have("Ковалев", PL_EQUIV_RU, "Ковальов", 0));
	assert_true(variants_have("Демьянчук", PL_EQUIV_RU, "Дем'янчук", 1));
	assert_true(variants_have("Кузнецов", PL_EQUIV_RU, "Кузнєцов", 0));
	assert_true(variants_have("Кузнецов", PL_EQUIV_ANY, "Кузнєцов", 0));
	assert_true(variants_have("Ковальов", PL_EQUIV_ANY, "Ковалёв", 0));
	/* the Russian direction is not tried for a Ukrainian spelling */
	assert_false(variants_have("Ковалёв", PL_EQUIV_UK, "Ковальов", 0));

	/* nothing to rewrite: no variants, and *out is NULL */
	assert_int_equal(pl_equiv_surname_variants("Ковальчук", PL_EQUIV_UK, &v, &n), 0);
	assert_int_equal(n, 0);
	assert_null(v);

	/* bad calls write nothing */
	v = (char **)1;
	n = 99;
	assert_int_equal(pl_equiv_surname_variants("Мельник", 7, &v, &n), PL_EUSAGE);
	assert_int_equal(pl_equiv_surname_variants(NULL, PL_EQUIV_UK, &v, &n), PL_EUSAGE);
	assert_int_equal(pl_equiv_surname_variants("\xC0\xAF", PL_EQUIV_UK, &v, &n), PL_EDATA);
	assert_true(v == (char **)1 && n == 99);
	pl_equiv_variants_free(NULL, 0);

	/* a long run of letters with choices stays bounded */
	{
		char big[PL_EQUIV_NAME_MAX + 1];
		size_t len = 0;
		while (len + 2 <= 400) {
			memcpy(big + len, "\xD0\xB8", 2); /* и */
			len += 2;
		}
		big[len] = 0;
		assert_int_equal(pl_equiv_surname_variants(big, PL_EQUIV_ANY, &v, &n), 0);
		assert_true(n <= 256);
		pl_equiv_variants_free(v, n);
		assert_false(pl_equiv_same_surname(big, "Ковальов"));
	}
}

static void test_fold(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
	        {"  Сергій  ", "сергій"},
	        {"ПЁТР", "петр"},
	        {"В’ячеслав", "в'ячеслав"},
	        {"Вʼячеслав", "в'ячеслав"},
	        {"Iван", "іван"},                      /* Latin I in a Cyrillic word */
	        {"Ivan", "ivan"},                      /* a Latin word stays Latin */
	        {"Ковал\xD0\xB5\xCC\x88в", "ковалев"}, /* decomposed ё */
	        {"Анна–Марія", "анна-марія"},
	        {"Анна \t  Марія", "анна марія"},
	        {"Ї\xC2\xAD"
	         "жак",
	         "їжак"}, /* soft hyphen dropped */
	        {"", ""},
	};
	char out[64];

	(void)state;
	for (size_t i = 0; i < COUNT(cases); i++) {
		int rc = pl_equiv_fold(cases[i].in, out, sizeof(out));
		if (rc)
			fail_msg("fold('%s'): %d", cases[i].in, rc);
		assert_string_equal(out, cases[i].out);
	}
	assert_int_equal(pl_equiv_fold("Сергій", out, 5), PL_EUSAGE);
	assert_int_equal(pl_equiv_fold("ab\xED\xA0\x80", out, sizeof(out)), PL_EDATA);
	assert_int_equal(pl_equiv_fold(NULL, out, sizeof(out)), PL_EUSAGE);
}

static void test_errors(void **state)
{
	const char *const *forms = (const char *const *)1;
	const int *groups = (const int *)1;
	size_t n = 5;
	double s = 7;
	char longname[PL_EQUIV_NAME_MAX + 2];

	(void)state;
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	assert_int_equal(pl_equiv_given(NULL, &forms, &n), PL_EUSAGE);
	assert_int_equal(pl_equiv_given("Іван", NULL, &n), PL_EUSAGE);
	assert_int_equal(pl_equiv_given("\xFF", &forms, &n), PL_EDATA);
	assert_int_equal(pl_equiv_given(longname, &forms, &n), PL_EUSAGE);
	assert_int_equal(pl_equiv_given_groups("Іван", &groups, NULL), PL_EUSAGE);
	assert_int_equal(pl_equiv_given_score("Іван", NULL, &s), PL_EUSAGE);
	assert_int_equal(pl_equiv_given_score("Іван", "\xC0\xAF", &s), PL_EDATA);
	assert_true(forms == (const char *const *)1 && groups == (const int *)1 && n == 5 &&
	            s == 7);
	assert_int_equal(pl_equiv_given_group(NULL), -1);
	assert_false(pl_equiv_same_given(NULL, "Іван"));
	assert_false(pl_equiv_same_given("\xFF", "\xFF"));
	assert_false(pl_equiv_same_patronymic(NULL, "Іванович"));
	assert_false(pl_equiv_patronymic_of("Іванович", NULL));
	assert_false(pl_equiv_same_surname(NULL, "Ковальов"));
	assert_false(pl_equiv_same_surname("\xFF", "\xFF"));
	assert_int_equal(pl_equiv_patronymic_group(NULL, NULL, NULL), PL_EUSAGE);
	assert_int_equal(pl_equiv_group_count(NULL), PL_EUSAGE);
}

/*
 * The checks that keep the groups of the names data apart, on small data sets: one
 * good, then one bad in each way (kcgi's valids and invalids). data/names passes them
 * all (test_data); these show that each check refuses what it is for.
 */
#define G_SERHIY "m\tСергій\tСергей\t-\tСергійович\tСергіївна\tСергеевич\tСергеевна\n"
#define G_MYKOLA "m\tМикола\tНиколай\t-\tМиколайович\tМиколаївна\tНиколаевич\tНиколаевна\n"
#define RULES "uk>ru\tend\tьов\tёв\tКовальов\tКовалёв\n"

static void test_data_checks(void **state)
{
	static const struct {
		const char *given, *dims, *error; /* error: NULL for good data */
	} cases[] = {
	        {G_SERHIY G_MYKOLA, "Коля\tМикола\n", NULL},
	        /* a full form in two rows: two names would be one */
	        {G_SERHIY G_MYKOLA "m\tСерж\tСергей\t-\tСержович\tСержівна\tСержевич\tСержевна\n",
	         "", "'Сергей' is already a form of the name on line 1"},
	        /* a pet form that is a full form of its own name */
	        {G_SERHIY G_MYKOLA, "Сергей\tСергій\n", "'Сергей' is a full form of 'Сергій'"},
	        /* a pet form twice for one name */
	        {G_SERHIY G_MYKOLA, "Коля\tМикола\nКоля\tМикола\n", "'Коля' is listed twice"},
	        /* a pet form of a name that is not there */
	        {G_SERHIY, "Коля\tМикола\n", "'Микола' is not a name of given.tsv"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct pl_error err = {0};
		int rc = equiv_check_data(cases[i].given, cases[i].dims, RULES, &err);
		if (!cases[i].error) {
			if (rc)
				fail_msg("case %zu: good data refused: %s", i, err.msg);
			continue;
		}
		if (rc != PL_EDATA)
			fail_msg("case %zu: bad data taken (want: %s)", i, cases[i].error);
		if (!strstr(err.msg, cases[i].error))
			fail_msg("case %zu: '%s', not '%s'", i, err.msg, cases[i].error);
	}
}

/* every allocation of the build can fail: an error, no leak, and a good build after */
static void test_alloc_failures(void **state)
{
	long fails = 0;

	(void)state;
	for (long k = 0;; k++) {
		struct pl_error err = {0};
		int rc;

		pl_equiv_release();
		pl_alloc_fail_after(k);
		rc = pl_equiv_init(&err);
		pl_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, PL_EDATA);
		assert_non_null(strstr(err.msg, "out of memory"));
		assert_true(k < 100000);
		fails++;
	}
	assert_true(fails > 0);
	assert_true(pl_equiv_same_given("Сергій", "Сергей"));

	/* and so can the variants' */
	for (long k = 0;; k++) {
		char **v = NULL;
		size_t n = 0;
		int rc;

		pl_alloc_fail_after(k);
		rc = pl_equiv_surname_variants("Григор'єв", PL_EQUIV_ANY, &v, &n);
		pl_alloc_fail_after(-1);
		if (rc == 0) {
			assert_true(n > 0);
			pl_equiv_variants_free(v, n);
			break;
		}
		assert_int_equal(rc, PL_EDATA);
	}
	pl_equiv_release();
	/* the next call builds the tables again */
	assert_true(pl_equiv_same_surname("Ковальов", "Ковалёв"));
	pl_equiv_release();
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_data),
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_demo_names),
		cmocka_unit_test(test_given_names),
		cmocka_unit_test(test_scores),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_patronymics),
		cmocka_unit_test(test_surnames),
		cmocka_unit_test(test_variants),
		cmocka_unit_test(test_fold),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_data_checks),
		cmocka_unit_test(test_alloc_failures),
	};
	/* clang-format on */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
