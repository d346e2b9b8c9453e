/* u-xstats.c - the statistics of exchanges: the logistic model on data with known odds
 * ratios (its 95% intervals cover them, in one large sample and in three of four hundred
 * small ones at the rate they claim), separation and collinearity named and not printed as
 * numbers; through a data file, the model finds the odds ratios the persons were drawn
 * with; an analyst never sees a count under 5, nor a line left with one hidden cell */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/parley.h"

/* --- random numbers: splitmix64, a fixed seed per test ----------------------------------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static double uniform(void)
{
	return (double)(rng_next() >> 11) / 9007199254740992.0;
}

/* --- the model by itself ----------------------------------------------------------------- */

/* columns: intercept, x1 (binary, 40%), x2 (binary, 30%), a level b of three (b1, b2) */
#define P 5
static const double true_beta[P] = {-0.5, 0.693147 /* OR 2 */, -0.693147 /* OR 0.5 */,
                                    0.405465 /* OR 1.5 */, 1.098612 /* OR 3 */};

static void draw(size_t n, double *x, unsigned char *y)
{
	for (size_t i = 0; i < n; i++) {
		double *r = &x[i * P], eta = 0, u = uniform();
		r[0] = 1;
		r[1] = uniform() < 0.4;
		r[2] = uniform() < 0.3;
		r[3] = u >= 0.4 && u < 0.7;
		r[4] = u >= 0.7;
		for (int j = 0; j < P; j++)
			eta += r[j] * true_beta[j];
		y[i] = uniform() < 1 / (1 + exp(-eta));
	}
}

static void test_logit_known_odds(void **state)
{
	size_t n = 20000;
	double *x = malloc(n * P * sizeof(double));
	unsigned char *y = malloc(n);
	struct pl_logit m;
	struct pl_error err = {0};
	(void)state;
	rng_state = 1;
	draw(n, x, y);
	assert_int_equal(pl_logit_fit(x, y, n, P, &m, &err), 0);
	assert_int_equal(m.state, PL_LOGIT_FIT);
	assert_true(m.iterations < 15);
	assert_true(m.deviance < m.null_deviance);
	for (size_t j = 1; j < P; j++) {
		double ratio, lo, hi, truth = exp(true_beta[j]);
		pl_logit_odds(&m, j, &ratio, &lo, &hi);
		if (!(lo <= truth && truth <= hi))
			fail_msg("column %zu: true odds ratio %.3f outside [%.3f, %.3f]", j, truth,
			         lo, hi);
		/* close: within 15% of the truth */
		assert_true(fabs(ratio / truth - 1) < 0.15);
		assert_true(lo < ratio && ratio < hi);
		assert_true(pl_logit_p(&m, j) < 0.001);
	}
	pl_logit_release(&m);
	free(x);
	free(y);
}

/* In 400 samples of 1,500, each 95% interval covers its true odds ratio between 91% and
 * 99% of the time (the binomial's 3 sd around 95%). */
static void test_logit_coverage(void **state)
{
	size_t n = 1500, reps = 400, covered[P] = {0};
	double *x = malloc(n * P * sizeof(double));
	unsigned char *y = malloc(n);
	(void)state;
	rng_state = 7;
	for (size_t k = 0; k < reps; k++) {
		struct pl_logit m;
		struct pl_error err = {0};
		draw(n, x, y);
		assert_int_equal(pl_logit_fit(x, y, n, P, &m, &err), 0);
		assert_int_equal(m.state, PL_LOGIT_FIT);
		for (size_t j = 0; j < P; j++) {
			double ratio, lo, hi, truth = exp(true_beta[j]);
			pl_logit_odds(&m, j, &ratio, &lo, &hi);
			covered[j] += lo <= truth && truth <= hi;
		}
		pl_logit_release(&m);
	}
	for (size_t j = 0; j < P; j++) {
		double rate = (double)covered[j] / (double)reps;
		if (rate < 0.91 || rate > 0.99)
			fail_msg("column %zu: the 95%% interval covered the truth %.1f%% of the "
			         "time",
			         j, 100 * rate);
	}
	free(x);
	free(y);
}

static void test_logit_separation(void **state)
{
	/* x1 = 1 always returned: the odds ratio is infinite */
	size_t n = 200;
	double x[200 * 3];
	unsigned char y[200];
	struct pl_logit m;
	struct pl_error err = {0};
	(void)state;
	rng_state = 3;
	for (size_t i = 0; i < n; i++) {
		x[i * 3] = 1;
		x[i * 3 + 1] = i % 4 == 0;
		x[i * 3 + 2] = uniform() < 0.5;
		y[i] = x[i * 3 + 1] ? 1 : uniform() < 0.3;
	}
	assert_int_equal(pl_logit_fit(x, y, n, 3, &m, &err), 0);
	assert_int_equal(m.state, PL_LOGIT_SEPARATION);
	assert_int_equal(m.culprit, 1);
	pl_logit_release(&m);
	/* released, a model holds nothing; releasing it again, or no model, is harmless */
	assert_null(m.beta);
	assert_null(m.se);
	pl_logit_release(&m);
	pl_logit_release(NULL);
}

static void test_logit_singular(void **state)
{
	/* the second column twice */
	size_t n = 100;
	double x[100 * 3];
	unsigned char y[100];
	struct pl_logit m;
	struct pl_error err = {0};
	(void)state;
	rng_state = 5;
	for (size_t i = 0; i < n; i++) {
		x[i * 3] = 1;
		x[i * 3 + 1] = x[i * 3 + 2] = uniform() < 0.5;
		y[i] = uniform() < 0.4;
	}
	assert_int_equal(pl_logit_fit(x, y, n, 3, &m, &err), 0);
	assert_int_equal(m.state, PL_LOGIT_SINGULAR);
	pl_logit_release(&m);
	/* and the call itself wrong: no more persons than parameters */
	assert_int_equal(pl_logit_fit(x, y, 3, 3, &m, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "3 persons for 3 parameters"));
}

/* --- through a data file ------------------------------------------------------------------- */

static char path[4096];
static struct pl_db *db;
static struct pl_actor *reg, *head, *ana, *lia;

static int open_office(const char *name)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	struct pl_error err = {0};
	struct pl_actor *adm = NULL;
	char pw[PL_PASSWORD_LEN + 1], me[64];
	pl_os_user(me, sizeof(me));
	if (tmp)
		mkdir(tmp, 0700);
	snprintf(path, sizeof(path), "%s/u-xstats-%s-%d.db", tmp ? tmp : "/tmp", name,
	         (int)getpid());
	pl_db_remove(path);
	if (pl_db_open(path, PL_OPEN_CREATE, &db, &err) || pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(db, adm, "reg", 1u << PL_ROLE_REGISTRAR, me, pw, &err) ||
	    pl_account_add(db, adm, "head", 1u << PL_ROLE_HEAD, me, pw, &err) ||
	    pl_account_add(db, adm, "ana", 1u << PL_ROLE_ANALYST, me, pw, &err) ||
	    pl_account_add(db, adm, "lia", 1u << PL_ROLE_LIAISON, me, pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_authenticate(db, "head", NULL, PL_AUTH_OS_USER, &head, &err) ||
	    pl_authenticate(db, "ana", NULL, PL_AUTH_OS_USER, &ana, &err) ||
	    pl_authenticate(db, "lia", NULL, PL_AUTH_OS_USER, &lia, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		pl_actor_free(adm);
		return -1;
	}
	pl_actor_free(adm);
	return 0;
}

static void close_office(void)
{
	pl_actor_free(reg);
	pl_actor_free(head);
	pl_actor_free(ana);
	pl_actor_free(lia);
	reg = head = ana = lia = NULL;
	pl_db_close(db);
	db = NULL;
	pl_db_remove(path);
}

/*
 * n captives drawn with known odds ratios of being returned: civilian 0.3, severely
 * wounded 3, medic 2.5 (the rest 1), imported in one go.
 */
static void import_office(size_t n, int with_effects)
{
	static const char *const health[] = {"healthy", "wounded", "severely_wounded", "unknown"};
	char *buf;
	size_t cap = n * 160 + 256, len = 0;
	FILE *in;
	struct pl_import_opts o = {.format = PL_FMT_CSV, .label = "gen.csv"};
	struct pl_import_result res;
	struct pl_error err = {0};
	buf = malloc(cap);
	assert_non_null(buf);
	len += (size_t)snprintf(buf + len, cap - len,
	                        "side,kind,family_name,sex,birth_date,capture_date,health,tags,"
	                        "status,status_date\n");
	for (size_t i = 0; i < n; i++) {
		int civilian = uniform() < 0.35, h = (int)(uniform() * 4), medic = uniform() < 0.15;
		int f = uniform() < 0.2;
		double eta = -0.2;
		int returned;
		if (with_effects)
			eta += (civilian ? log(0.3) : 0) + (h == 2 ? log(3.0) : 0) +
			       (medic ? log(2.5) : 0);
		returned = uniform() < 1 / (1 + exp(-eta));
		len += (size_t)snprintf(
		        buf + len, cap - len,
		        "captive,%s,Особа%zu,%s,%d-%02d-15,2022-%02d-10,%s,%s,%s,%s\n",
		        civilian ? "civilian" : "military", i, f ? "f" : "m",
		        1960 + (int)(uniform() * 40), 1 + (int)(uniform() * 12),
		        3 + (int)(uniform() * 9), health[h], medic ? "medic" : "",
		        returned ? "returned" : "confirmed", returned ? "2023-06-01" : "");
	}
	in = fmemopen(buf, len, "r");
	assert_non_null(in);
	if (pl_import(db, reg, in, &o, NULL, NULL, &res, &err))
		fail_msg("import: %s", err.msg);
	fclose(in);
	free(buf);
}

/* a few captives more, as CSV rows under import_office's header */
static void import_rows(const char *rows)
{
	static const char header[] = "side,kind,family_name,sex,birth_date,capture_date,health,"
	                             "tags,status,status_date\n";
	char buf[4096];
	int len = snprintf(buf, sizeof(buf), "%s%s", header, rows);
	FILE *in;
	struct pl_import_opts o = {.format = PL_FMT_CSV, .label = "few.csv"};
	struct pl_import_result res;
	struct pl_error err = {0};
	assert_true(len > 0 && (size_t)len < sizeof(buf));
	in = fmemopen(buf, (size_t)len, "r");
	assert_non_null(in);
	if (pl_import(db, reg, in, &o, NULL, NULL, &res, &err))
		fail_msg("import: %s", err.msg);
	fclose(in);
}

static const struct pl_xtable *table_of(const struct pl_xstats *x, const char *name)
{
	const struct pl_xtable *t = pl_xstats_table(x, name);
	if (!t)
		fail_msg("no table %s", name);
	return t;
}

/* the row of t whose attribute and value are a and v */
static size_t row_of(const struct pl_xtable *t, const char *a, const char *v)
{
	for (size_t r = 0; r < t->nrows; r++) {
		const struct pl_xcell *ca = pl_xtable_cell(t, r, 0), *cv = pl_xtable_cell(t, r, 1);
		if (ca->token && cv->token && !strcmp(ca->token, a) && !strcmp(cv->token, v))
			return r;
	}
	fail_msg("no row %s %s in %s", a, v, t->name);
	return 0;
}

static void test_model_through_the_file(void **state)
{
	static const struct {
		const char *attribute, *value;
		double truth;
	} known[] = {{"kind", "civilian", 0.3},
	             {"health", "severely_wounded", 3.0},
	             {"tag", "medic", 2.5}};
	struct pl_xstats x;
	struct pl_xstats_opts o = {.as_of = "2024-05-20", .lang = PL_UI_EN};
	struct pl_error err = {0};
	const struct pl_xtable *t;
	(void)state;
	assert_int_equal(open_office("model"), 0);
	rng_state = 2024;
	import_office(4000, 1);
	/* and 8 severely ill, 2 of them returned (6 held): too few returned to estimate */
	import_rows("captive,military,Хворий1,m,1980-01-01,2022-05-10,severely_ill,,returned,"
	            "2023-06-01\n"
	            "captive,military,Хворий2,m,1981-01-01,2022-05-10,severely_ill,,returned,"
	            "2023-06-01\n"
	            "captive,military,Хворий3,m,1982-01-01,2022-05-10,severely_ill,,confirmed,\n"
	            "captive,military,Хворий4,m,1983-01-01,2022-05-10,severely_ill,,confirmed,\n"
	            "captive,military,Хворий5,m,1984-01-01,2022-05-10,severely_ill,,confirmed,\n"
	            "captive,military,Хворий6,m,1985-01-01,2022-05-10,severely_ill,,confirmed,\n"
	            "captive,military,Хворий7,m,1986-01-01,2022-05-10,severely_ill,,confirmed,\n"
	            "captive,military,Хворий8,m,1987-01-01,2022-05-10,severely_ill,,confirmed,\n");
	if (pl_xstats_compute(db, head, &o, &x, &err))
		fail_msg("xstats: %s", err.msg);
	assert_int_equal(x.model_state, PL_XMODEL_FIT);
	assert_int_equal(x.model_n, 4008);
	t = table_of(&x, "model");
	for (size_t k = 0; k < sizeof(known) / sizeof(known[0]); k++) {
		size_t r = row_of(t, known[k].attribute, known[k].value);
		double ratio = pl_xtable_cell(t, r, 2)->value, lo = pl_xtable_cell(t, r, 3)->value,
		       hi = pl_xtable_cell(t, r, 4)->value;
		if (!(lo <= known[k].truth && known[k].truth <= hi))
			fail_msg("%s %s: true odds ratio %.2f outside [%.2f, %.2f]",
			         known[k].attribute, known[k].value, known[k].truth, lo, hi);
		assert_true(fabs(ratio / known[k].truth - 1) < 0.3);
	}
	/* the references: military, healthy (each with 5 returned and 5 held, as here) */
	assert_string_equal(pl_xtable_cell(t, row_of(t, "kind", "military"), 6)->token,
	                    "reference");
	assert_string_equal(pl_xtable_cell(t, row_of(t, "health", "healthy"), 6)->token,
	                    "reference");
	/* a level with fewer than 5 returned (or held) has no odds ratio of its own */
	{
		size_t r = row_of(t, "health", "severely_ill");
		assert_int_equal(pl_xtable_cell(t, r, 2)->state, PL_XCELL_NONE);
		assert_string_equal(pl_xtable_cell(t, r, 6)->token, "with_reference");
	}
	/* the summary counts them all */
	t = table_of(&x, "summary");
	assert_int_equal(
	        (long long)(pl_xtable_cell(t, 0, 1)->value + pl_xtable_cell(t, 0, 2)->value), 4008);
	pl_xstats_release(&x);
	pl_xstats_release(&x); /* released twice: nothing */
	close_office();
}

/*
 * Every count cell of every table an analyst sees is hidden, or 5 or more (or the grand
 * total of none); and no line of the tables with a total row (a column and its total) is
 * left with one hidden cell.
 */
static void check_no_small_cell(const struct pl_xstats *x)
{
	for (size_t k = 0; k < x->ntables; k++) {
		const struct pl_xtable *t = &x->tables[k];
		for (size_t c = 0; c < t->ncols; c++) {
			size_t hidden = 0;
			if (t->cols[c].kind != PL_XCOL_COUNT)
				continue;
			for (size_t r = 0; r < t->nrows; r++) {
				const struct pl_xcell *cell = pl_xtable_cell(t, r, c);
				int total = t->total_row && r == t->nrows - 1;
				if (cell->state == PL_XCELL_SHOWN && cell->value < 5 &&
				    !(total && cell->value == 0))
					fail_msg("%s: row %zu, %s: %g shown to an analyst", t->name,
					         r + 1, t->cols[c].name, cell->value);
				if (!total)
					hidden += cell->state == PL_XCELL_SMALL ||
					          cell->state == PL_XCELL_WITHHELD;
			}
			/* a column that is one line (by_month, captivity) */
			if (t->total_row &&
			    (!strcmp(t->name, "by_month") || !strcmp(t->name, "captivity")) &&
			    hidden == 1 &&
			    pl_xtable_cell(t, t->nrows - 1, c)->state == PL_XCELL_SHOWN &&
			    pl_xtable_cell(t, t->nrows - 1, c)->value > 0)
				fail_msg("%s, %s: one hidden cell beside its total", t->name,
				         t->cols[c].name);
		}
		/* a row of the lift table: persons = returned + still held */
		if (!strcmp(t->name, "lift"))
			for (size_t r = 0; r < t->nrows; r++) {
				size_t hidden = 0;
				for (size_t c = 2; c <= 4; c++)
					hidden += pl_xtable_cell(t, r, c)->state != PL_XCELL_SHOWN;
				if (hidden == 1)
					fail_msg("lift: row %zu has one hidden cell of three",
					         r + 1);
				if (hidden && pl_xtable_cell(t, r, 5)->state == PL_XCELL_SHOWN)
					fail_msg("lift: row %zu shows a share of hidden counts",
					         r + 1);
			}
	}
}

static void test_analyst_no_small_cell(void **state)
{
	(void)state;
	for (unsigned seed = 1; seed <= 6; seed++) {
		struct pl_xstats x, y;
		struct pl_xstats_opts o = {.as_of = "2024-05-20", .lang = PL_UI_UK};
		struct pl_error err = {0};
		assert_int_equal(open_office("small"), 0);
		rng_state = seed;
		import_office(20 + seed * 17, seed % 2);
		if (pl_xstats_compute(db, ana, &o, &x, &err))
			fail_msg("xstats: %s", err.msg);
		assert_true(x.counts_only);
		assert_true(x.told_only);
		check_no_small_cell(&x);
		/* the head sees the same office unhidden */
		assert_int_equal(pl_xstats_compute(db, head, &o, &y, &err), 0);
		assert_false(y.counts_only);
		assert_false(y.told_only);
		/* the model is the same for both: it counts no cell */
		assert_int_equal(x.model_state, y.model_state);
		pl_xstats_release(&x);
		pl_xstats_release(&y);
		close_office();
	}
}

static void test_refusals(void **state)
{
	struct pl_xstats x;
	struct pl_xstats_opts bad = {.as_of = "2024-13-45"}, o = {0};
	struct pl_error err = {0};
	(void)state;
	assert_int_equal(open_office("refuse"), 0);
	memset(&x, 0, sizeof(x));
	assert_int_equal(pl_xstats_compute(db, lia, &o, &x, &err), PL_EPERM);
	assert_int_equal(x.ntables, 0); /* nothing filled */
	assert_int_equal(pl_xstats_compute(db, head, &bad, &x, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "2024-13-45"));
	/* an empty office: the tables, and a model with too few */
	assert_int_equal(pl_xstats_compute(db, head, &o, &x, &err), 0);
	assert_int_equal(x.model_state, PL_XMODEL_TOO_FEW);
	assert_non_null(pl_xstats_table(&x, "by_month"));
	assert_null(pl_xstats_table(&x, "nosuch"));
	pl_xstats_release(&x);
	close_office();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_logit_known_odds),
	        cmocka_unit_test(test_logit_coverage),
	        cmocka_unit_test(test_logit_separation),
	        cmocka_unit_test(test_logit_singular),
	        cmocka_unit_test(test_model_through_the_file),
	        cmocka_unit_test(test_analyst_no_small_cell),
	        cmocka_unit_test(test_refusals),
	};
	struct pl_error err = {0};
	if (pl_global_init(&err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
