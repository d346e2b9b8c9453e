/* u-search.c - name skeletons (one key for every spelling) and Jaro-Winkler */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "parley/names.h"
#include "parley/search.h"
#include "parley/equiv.h"
#include "demo-names.h"
#include "banned.h"

/* The operating-system user running the test: accounts bound to it act without a password. */
static const char *me(void)
{
	static char user[64];
	if (!user[0])
		pl_os_user(user, sizeof(user));
	return user;
}

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
        /* т then с: every system writes ts, which reads as ц */
        {"Краснокутський", "Krasnokutskyi", "KRASNOKUTSKII", "Krasnokuts’kiy", "Krasnokuts`kij",
         "Краснокутский", "Krasnokutsky", NULL},
        /* a final -ой as -ий */
        {"Гайовий", "Гаевой", "Haiovyi", "GAEVOI", "Gaevoy", NULL},
        {"Луговий", "Луговой", "Luhovyi", "LUGOVOY", NULL},
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

/* Every surname of the demo's name lists, both forms, written by every system (and by the
 * system's rows for its own language) gives the skeleton of the name itself: what parley
 * translit prints finds its source by the family name. */
static void test_translit_keeps_skeleton(void **state)
{
	static const struct {
		const struct demo_surname *v;
		const size_t *n;
		int lang;
	} lists[] = {{demo_uk_surnames, &demo_uk_surnames_n, PL_LANG_UK},
	             {demo_ru_surnames, &demo_ru_surnames_n, PL_LANG_RU}};
	long bad = 0, all = 0;
	(void)state;
	for (size_t l = 0; l < sizeof(lists) / sizeof(lists[0]); l++)
		for (size_t i = 0; i < *lists[l].n; i++)
			for (int g = 0; g < 2; g++) {
				const char *name = g ? lists[l].v[i].f : lists[l].v[i].m;
				char want[PL_SEARCH_KEY_MAX], got[PL_SEARCH_KEY_MAX];
				skeleton(name, want);
				for (int sys = 0; sys < PL_TRANSLIT__MAX; sys++)
					for (int own = 0; own < 2; own++) {
						struct pl_error err = {0};
						char *lat = NULL;
						if (pl_translit_lang(name,
						                     own ? lists[l].lang
						                         : PL_LANG_UNKNOWN,
						                     (enum pl_translit_system)sys,
						                     &lat, &err))
							fail_msg("%s: %s", name, err.msg);
						skeleton(lat, got);
						all++;
						if (strcmp(want, got) && ++bad <= 40)
							print_message(
							        "%s -> %s, but %s (%s) -> %s\n",
							        name, want, lat,
							        pl_translit_system_name(
							                (enum pl_translit_system)
							                        sys),
							        got);
						pl_free(lat);
					}
			}
	if (bad)
		fail_msg("%ld of %ld spellings lose their source's skeleton", bad, all);
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

struct hits {
	int n, taras, taras_first;
	char first_refs[8][PL_REF_MAX];
	char last_ref[PL_REF_MAX];
	int in_order;
};

static int hit_one(void *ctx, const struct pl_search_hit *h)
{
	struct hits *x = ctx;
	const char *given = pl_record_get(h->person, "given_name");
	int taras = given && !strcmp(given, "Тарас");
	if (taras) {
		x->taras++;
		if (x->taras == x->n + 1)
			x->taras_first++; /* still a run of them from the top */
		if (x->taras <= 8)
			snprintf(x->first_refs[x->taras - 1], PL_REF_MAX, "%s", h->ref);
	}
	x->n++;
	return 0;
}

/*
 * A common family name brings more candidates than are scored (500): the ones the cut
 * keeps are the best by what the index knows, so Коваленко Тарас among 700 persons named
 * Коваленко comes first, all of them, in the order of their references.
 */
static void test_many_namesakes(void **state)
{
	static const char *const given[] = {"Андрій", "Олег",   "Ігор", "Максим",
	                                    "Василь", "Дмитро", "Юрій", "Роман"};
	const char *tmp = getenv("PARLEY_TEST_TMP");
	char dir[512], path[600], pw[PL_PASSWORD_LEN + 1];
	struct pl_error err = {0};
	struct pl_db *db;
	struct pl_actor *adm = NULL, *reg = NULL;
	struct pl_import_opts io = {PL_FMT_CSV, "namesakes.csv", NULL, 0, 0};
	struct pl_import_result res;
	struct pl_search_opts so = {0, NULL, 1000};
	struct hits x = {0};
	char *csv = NULL;
	size_t len = 0;
	FILE *f;
	(void)state;

	assert_int_equal(pl_global_init(&err), 0);
	mkdir(tmp ? tmp : "/tmp", 0700);
	snprintf(dir, sizeof(dir), "%s/u-search-XXXXXX", tmp ? tmp : "/tmp");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/office.db", dir);
	f = open_memstream(&csv, &len);
	assert_non_null(f);
	fprintf(f, "side,kind,family_name,given_name\n");
	for (int i = 0; i < 700; i++)
		fprintf(f, "captive,military,Коваленко,%s\n",
		        i % 97 == 50 ? "Тарас" : given[i % 8]);
	assert_int_equal(fclose(f), 0);
	f = fmemopen(csv, len, "r");
	assert_non_null(f);
	if (pl_db_open(path, PL_OPEN_CREATE, &db, &err) || pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(db, adm, "reg", 1u << PL_ROLE_REGISTRAR, me(), pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_import(db, reg, f, &io, NULL, NULL, &res, &err) ||
	    pl_search_reindex(db, reg, NULL, &err))
		fail_msg("setup: %s", err.msg);
	fclose(f);
	free(csv);
	assert_int_equal(res.added, 700);

	assert_int_equal(pl_search(db, reg, "Коваленко Тарас", &so, hit_one, &x, &err), 0);
	assert_int_equal(x.taras, 7); /* rows 50, 147, ... 632 */
	assert_int_equal(x.taras_first, 7);
	assert_true(x.n > 7 && x.n <= 500);
	for (int i = 1; i < 7; i++)
		assert_true(strcmp(x.first_refs[i - 1], x.first_refs[i]) < 0);
	assert_string_equal(x.first_refs[0], "U-000051");

	pl_db_close(db);
	{
		static const char *const sides[] = {"", "-wal", "-shm", ".nameix"};
		for (size_t i = 0; i < 4; i++) {
			snprintf(path, sizeof(path), "%s/office.db%s", dir, sides[i]);
			unlink(path);
		}
		rmdir(dir);
	}
	pl_actor_free(adm);
	pl_actor_free(reg);
}

/* --- names that share a skeleton: docs/names-data.md lists every pair --- */

struct shared {
	char kind[64], skel[PL_SEARCH_KEY_MAX], names[256];
};

struct form_skel {
	char skel[PL_SEARCH_KEY_MAX];
	int group;
};

static int form_skel_cmp(const void *a, const void *b)
{
	const struct form_skel *x = a, *y = b;
	int c = strcmp(x->skel, y->skel);
	return c ? c : x->group - y->group;
}

/* The skeleton of form and of its spellings by the four systems, as group's. */
static void put_form(struct form_skel **v, size_t *n, size_t *cap, const char *form, int lang,
                     int group)
{
	for (int sys = -1; sys < PL_TRANSLIT__MAX; sys++) {
		struct pl_error err = {0};
		char *lat = NULL;
		if (sys >= 0 &&
		    pl_translit_lang(form, lang, (enum pl_translit_system)sys, &lat, &err))
			fail_msg("%s: %s", form, err.msg);
		if (*n == *cap) {
			*cap = *cap ? *cap * 2 : 4096;
			*v = realloc(*v, *cap * sizeof(**v));
			assert_non_null(*v);
		}
		skeleton(sys < 0 ? form : lat, (*v)[*n].skel);
		(*v)[(*n)++].group = group;
		pl_free(lat);
	}
}

/* The skeletons that full forms (patronymic: patronymics) of two groups or more give, as
 * the table of docs/names-data.md writes them. */
static size_t shared_skeletons(int patronymic, struct shared *out, size_t max)
{
	struct form_skel *v = NULL;
	size_t n = 0, cap = 0, ng = 0, k = 0;
	struct pl_error err = {0};
	assert_int_equal(pl_equiv_init(&err), 0);
	assert_int_equal(pl_equiv_group_count(&ng), 0);
	for (size_t g = 0; g < ng; g++) {
		const struct pl_equiv_group *gr = pl_equiv_group((int)g);
		if (!patronymic) {
			for (size_t i = 0; i < gr->uk_n; i++)
				put_form(&v, &n, &cap, gr->uk[i], PL_LANG_UK, (int)g);
			for (size_t i = 0; i < gr->ru_n; i++)
				put_form(&v, &n, &cap, gr->ru[i], PL_LANG_RU, (int)g);
			for (size_t i = 0; i < gr->other_n; i++)
				put_form(&v, &n, &cap, gr->other[i], PL_LANG_UK, (int)g);
		} else {
			for (int sex = 0; sex < 2; sex++) {
				for (size_t i = 0; i < gr->patr_uk_n[sex]; i++)
					put_form(&v, &n, &cap, gr->patr_uk[sex][i], PL_LANG_UK,
					         (int)g);
				for (size_t i = 0; i < gr->patr_ru_n[sex]; i++)
					put_form(&v, &n, &cap, gr->patr_ru[sex][i], PL_LANG_RU,
					         (int)g);
			}
		}
	}
	qsort(v, n, sizeof(*v), form_skel_cmp);
	for (size_t i = 0, j; i < n; i = j) {
		int groups = 0, last = -1;
		char names[256] = "";
		for (j = i; j < n && !strcmp(v[j].skel, v[i].skel); j++)
			if (v[j].group != last) {
				last = v[j].group;
				snprintf(names + strlen(names), sizeof(names) - strlen(names),
				         "%s%s", groups++ ? ", " : "", pl_equiv_group(last)->name);
			}
		if (groups > 1 && k < max) {
			snprintf(out[k].kind, sizeof(out[k].kind), "%s",
			         patronymic ? "patronymic" : "given name");
			snprintf(out[k].skel, sizeof(out[k].skel), "%s", v[i].skel);
			snprintf(out[k].names, sizeof(out[k].names), "%s", names);
			k++;
		}
	}
	free(v);
	return k;
}

/* Rows "| kind | skeleton | names |" of the table under "## Names that share a skeleton". */
static size_t documented_shared(struct shared *out, size_t max)
{
	const char *src = getenv("PARLEY_SRC");
	char path[600], line[1024];
	size_t k = 0;
	int in = 0;
	FILE *f;
	snprintf(path, sizeof(path), "%s/docs/names-data.md", src ? src : "../..");
	f = fopen(path, "r");
	if (!f)
		fail_msg("%s: cannot read it", path);
	while (fgets(line, sizeof(line), f)) {
		char kind[64], skel[PL_SEARCH_KEY_MAX], names[256];
		if (!strncmp(line, "## ", 3))
			in = !strcmp(line, "## Names that share a skeleton\n");
		if (!in || sscanf(line, "| %63[^|]| %159[^|]| %255[^|]|", kind, skel, names) != 3 ||
		    (strncmp(kind, "given name ", 11) && strncmp(kind, "patronymic ", 11)))
			continue;
		skel[strcspn(skel, " ")] = '\0';
		names[strlen(names) - 1] = '\0'; /* the space before the bar */
		kind[strlen(kind) - 1] = '\0';
		if (k < max) {
			snprintf(out[k].kind, sizeof(out[k].kind), "%s", kind);
			snprintf(out[k].skel, sizeof(out[k].skel), "%s", skel);
			snprintf(out[k].names, sizeof(out[k].names), "%s", names);
			k++;
		}
	}
	fclose(f);
	return k;
}

static int shared_in(const struct shared *s, const struct shared *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s->kind, v[i].kind) && !strcmp(s->skel, v[i].skel) &&
		    !strcmp(s->names, v[i].names))
			return 1;
	return 0;
}

/* The data's names that the skeleton joins are exactly those the docs list (and say how
 * search and matching keep them apart). */
static void test_shared_skeletons(void **state)
{
	static struct shared found[256], doc[256];
	size_t nf, nd, bad = 0;
	(void)state;
	nf = shared_skeletons(0, found, 128);
	nf += shared_skeletons(1, found + nf, 128);
	nd = documented_shared(doc, 256);
	assert_true(nd > 0);
	for (size_t i = 0; i < nf; i++)
		if (!shared_in(&found[i], doc, nd) && ++bad)
			print_message("| %s | %s | %s | is not in docs/names-data.md\n",
			              found[i].kind, found[i].skel, found[i].names);
	for (size_t i = 0; i < nd; i++)
		if (!shared_in(&doc[i], found, nf) && ++bad)
			print_message(
			        "docs/names-data.md: | %s | %s | %s | is not so in the data\n",
			        doc[i].kind, doc[i].skel, doc[i].names);
	if (bad)
		fail_msg("%zu differences between the names that share a skeleton and the docs",
		         bad);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_same_skeleton),
	        cmocka_unit_test(test_translit_keeps_skeleton),
	        cmocka_unit_test(test_apart),
	        cmocka_unit_test(test_known_skeletons),
	        cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_jaro_winkler),
	        cmocka_unit_test(test_many_namesakes),
	        cmocka_unit_test(test_shared_skeletons),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
