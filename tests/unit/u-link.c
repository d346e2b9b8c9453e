/* u-link.c - the Fellegi-Sunter model, EM, one-to-one links and the comparators of link.h */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/alloc.h"
#include "parley/error.h"
#include "parley/link.h"
#include "parley/search.h"
#include "banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* --- a known model and vectors drawn from it --- */

static uint64_t rng_state;

static uint64_t next64(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double uniform(void)
{
	return (double)(next64() >> 11) / 9007199254740992.0;
}

static int draw(const double *prob, int n)
{
	double x = uniform(), c = 0;
	for (int k = 0; k < n - 1; k++) {
		c += prob[k];
		if (x < c)
			return k;
	}
	return n - 1;
}

/* Five fields: a name (4 levels), a date (3), a code (3), a place (2), a sex (2). */
static const int true_levels[] = {4, 3, 3, 2, 2};
static const double true_m[][4] = {
        {0.05, 0.10, 0.15, 0.70},
        {0.10, 0.15, 0.75},
        {0.05, 0.10, 0.85},
        {0.25, 0.75},
        {0.10, 0.90},
};
static const double true_u[][4] = {
        {0.90, 0.06, 0.03, 0.01},
        {0.95, 0.04, 0.01},
        {0.97, 0.02, 0.01},
        {0.80, 0.20},
        {0.50, 0.50},
};
/* the share of each field missing, the same in both classes */
static const double true_missing[] = {0.05, 0.20, 0.0, 0.10, 0.0};
#define TRUE_NF 5

/*
 * n vectors of TRUE_NF levels (plus extra fields that are always missing), a share p of
 * them matches; *matches gets how many. The caller frees the result.
 */
static signed char *synthetic(size_t n, double p, int extra, uint64_t seed, size_t *matches)
{
	int nf = TRUE_NF + extra;
	signed char *v = malloc(n * (size_t)nf);
	assert_non_null(v);
	rng_state = seed;
	*matches = 0;
	for (size_t i = 0; i < n; i++) {
		int is_match = uniform() < p;
		*matches += (size_t)is_match;
		for (int f = 0; f < TRUE_NF; f++) {
			int l = draw(is_match ? true_m[f] : true_u[f], true_levels[f]);
			if (uniform() < true_missing[f])
				l = PL_LINK_MISSING;
			v[i * (size_t)nf + (size_t)f] = (signed char)l;
		}
		for (int f = TRUE_NF; f < nf; f++)
			v[i * (size_t)nf + (size_t)f] = PL_LINK_MISSING;
	}
	return v;
}

static void init_model(struct pl_link_model *md, int extra)
{
	int levels[PL_LINK_MAX_FIELDS];
	struct pl_error err = {0};
	for (int f = 0; f < TRUE_NF; f++)
		levels[f] = true_levels[f];
	for (int f = TRUE_NF; f < TRUE_NF + extra; f++)
		levels[f] = 3;
	if (pl_link_model_init(md, TRUE_NF + extra, levels, &err))
		fail_msg("%s", err.msg);
}

static void assert_recovers(const struct pl_link_model *md, double p, double tol_m, double tol_u,
                            double tol_p)
{
	for (int f = 0; f < TRUE_NF; f++)
		for (int k = 0; k < true_levels[f]; k++) {
			if (fabs(md->m[f][k] - true_m[f][k]) > tol_m)
				fail_msg("m[%d][%d] = %.4f, drawn with %.4f", f, k, md->m[f][k],
				         true_m[f][k]);
			if (fabs(md->u[f][k] - true_u[f][k]) > tol_u)
				fail_msg("u[%d][%d] = %.4f, drawn with %.4f", f, k, md->u[f][k],
				         true_u[f][k]);
		}
	if (fabs(md->p - p) > tol_p)
		fail_msg("p = %.4f, drawn with %.4f", md->p, p);
}

/* --- the model --- */

static void test_model_init(void **state)
{
	struct pl_link_model md, before;
	struct pl_error err = {0};
	const int two[] = {2, 2}, bad[] = {2, 9}, one[] = {1};
	(void)state;
	assert_int_equal(pl_link_model_init(&md, 2, two, &err), 0);
	assert_int_equal(md.nfields, 2);
	/* m proportional to 4^k, u to 4^(L-1-k), p 0.1 */
	assert_true(fabs(md.m[0][1] - 0.8) < 1e-12 && fabs(md.m[0][0] - 0.2) < 1e-12);
	assert_true(fabs(md.u[1][0] - 0.8) < 1e-12 && fabs(md.u[1][1] - 0.2) < 1e-12);
	assert_true(fabs(md.p - 0.1) < 1e-12);
	before = md;
	assert_int_equal(pl_link_model_init(&md, 2, bad, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "levels"));
	assert_int_equal(pl_link_model_init(&md, 1, one, &err), PL_EUSAGE);
	assert_int_equal(pl_link_model_init(&md, 0, two, &err), PL_EUSAGE);
	assert_int_equal(pl_link_model_init(&md, PL_LINK_MAX_FIELDS + 1, two, &err), PL_EUSAGE);
	assert_int_equal(pl_link_model_init(NULL, 2, two, &err), PL_EUSAGE);
	assert_memory_equal(&md, &before, sizeof(md));
}

/* --- EM --- */

/* EM from the data's own start finds the m, u and p the vectors were drawn with. */
static void test_em_recovers(void **state)
{
	const double ps[] = {0.1, 0.02};
	(void)state;
	for (size_t i = 0; i < COUNT(ps); i++) {
		struct pl_link_model md;
		struct pl_link_em_result res;
		struct pl_error err = {0};
		size_t n = 200000, matches;
		signed char *v = synthetic(n, ps[i], 0, 42 + i, &matches);
		init_model(&md, 0);
		if (pl_link_em(&md, v, n, NULL, &res, &err))
			fail_msg("%s", err.msg);
		assert_true(res.converged);
		assert_false(res.swapped);
		assert_true(res.iterations > 1 && res.iterations < 1000);
		/* at most (4 + 1) * (3 + 1) * 3 * (2 + 1) * 2 with the missing ones */
		assert_true(res.patterns > 50 && res.patterns <= 360);
		assert_true(isfinite(res.loglik) && res.loglik < 0);
		/* the sampling error of m on 4,000 matches is about 0.007 */
		assert_recovers(&md, (double)matches / (double)n, 0.03, 0.01, 0.005);
		free(v);
	}
}

/* u measured on random pairs (all non-matches here) and held fixed: EM finds m and p. */
static void test_em_fixed_u(void **state)
{
	struct pl_link_model md;
	struct pl_link_em_result res;
	struct pl_link_em_opts o = {.fix_u = 1};
	struct pl_error err = {0};
	size_t n = 100000, matches, none;
	signed char *random_pairs = synthetic(n, 0.0, 0, 7, &none);
	signed char *v = synthetic(n, 0.05, 0, 8, &matches);
	(void)state;
	assert_int_equal(none, 0);
	init_model(&md, 0);
	if (pl_link_estimate_u(&md, random_pairs, n, 0, &err))
		fail_msg("%s", err.msg);
	for (int f = 0; f < TRUE_NF; f++)
		for (int k = 0; k < true_levels[f]; k++)
			assert_true(fabs(md.u[f][k] - true_u[f][k]) < 0.005);
	struct pl_link_model u_only = md;
	if (pl_link_em(&md, v, n, &o, &res, &err))
		fail_msg("%s", err.msg);
	assert_true(res.converged);
	/* u did not move */
	assert_memory_equal(md.u, u_only.u, sizeof(md.u));
	assert_recovers(&md, (double)matches / (double)n, 0.03, 0.005, 0.005);
	free(random_pairs);
	free(v);
}

/* Missing levels count for nothing: a field that is never compared changes no estimate
 * of the others, and gets equal shares itself. */
static void test_em_missing_ignored(void **state)
{
	struct pl_link_model a, b;
	struct pl_link_em_result ra, rb;
	struct pl_error err = {0};
	size_t n = 50000, ma, mb;
	signed char *va = synthetic(n, 0.1, 0, 99, &ma);
	signed char *vb = synthetic(n, 0.1, 2, 99, &mb);
	(void)state;
	assert_int_equal(ma, mb);
	init_model(&a, 0);
	init_model(&b, 2);
	assert_int_equal(pl_link_em(&a, va, n, NULL, &ra, &err), 0);
	assert_int_equal(pl_link_em(&b, vb, n, NULL, &rb, &err), 0);
	assert_int_equal(ra.iterations, rb.iterations);
	assert_int_equal(ra.patterns, rb.patterns);
	assert_true(a.p == b.p);
	for (int f = 0; f < TRUE_NF; f++)
		for (int k = 0; k < true_levels[f]; k++)
			assert_true(a.m[f][k] == b.m[f][k] && a.u[f][k] == b.u[f][k]);
	for (int f = TRUE_NF; f < TRUE_NF + 2; f++)
		for (int k = 0; k < 3; k++) {
			assert_true(fabs(b.m[f][k] - 1.0 / 3) < 1e-12);
			assert_true(fabs(b.u[f][k] - 1.0 / 3) < 1e-12);
		}
	/* and a score with a field missing is the score of the model without it */
	signed char full[TRUE_NF + 2] = {3, 2, PL_LINK_MISSING, 1, 0, PL_LINK_MISSING, 2};
	double w[TRUE_NF + 2];
	double sb = pl_link_score(&b, full, w, NULL);
	/* field 2 missing and the extras (equal m and u) weigh nothing */
	assert_true(w[2] == 0.0 && w[5] == 0.0 && fabs(w[6]) < 1e-12);
	signed char some[TRUE_NF] = {3, 2, PL_LINK_MISSING, 1, 0};
	assert_true(fabs(sb - pl_link_score(&a, some, NULL, NULL)) < 1e-12);
	free(va);
	free(vb);
}

/* The same input gives the same model, bit for bit; a swapped start is put right. */
static void test_em_deterministic_and_swapped(void **state)
{
	struct pl_link_model a, b, sw;
	struct pl_link_em_result ra, rb, rs;
	struct pl_link_em_opts o = {.start = PL_LINK_START_MODEL};
	struct pl_error err = {0};
	size_t n = 50000, matches;
	signed char *v = synthetic(n, 0.1, 0, 5, &matches);
	(void)state;
	init_model(&a, 0);
	init_model(&b, 0);
	assert_int_equal(pl_link_em(&a, v, n, NULL, &ra, &err), 0);
	assert_int_equal(pl_link_em(&b, v, n, NULL, &rb, &err), 0);
	/* member by member: the bytes of a struct's padding are not the struct's value (an
	 * optimised build leaves them as they were, and they differ) */
	assert_int_equal(a.nfields, b.nfields);
	assert_memory_equal(a.nlevels, b.nlevels, sizeof(a.nlevels));
	assert_memory_equal(a.m, b.m, sizeof(a.m));
	assert_memory_equal(a.u, b.u, sizeof(a.u));
	assert_memory_equal(&a.p, &b.p, sizeof(a.p));
	assert_int_equal(ra.iterations, rb.iterations);
	assert_int_equal(ra.converged, rb.converged);
	assert_int_equal(ra.swapped, rb.swapped);
	assert_memory_equal(&ra.loglik, &rb.loglik, sizeof(ra.loglik));
	assert_int_equal(ra.patterns, rb.patterns);

	/* start from the truth with the classes the wrong way round */
	init_model(&sw, 0);
	for (int f = 0; f < TRUE_NF; f++)
		for (int k = 0; k < true_levels[f]; k++) {
			sw.m[f][k] = true_u[f][k];
			sw.u[f][k] = true_m[f][k];
		}
	sw.p = 0.9;
	assert_int_equal(pl_link_em(&sw, v, n, &o, &rs, &err), 0);
	assert_true(rs.swapped);
	assert_recovers(&sw, (double)matches / (double)n, 0.03, 0.01, 0.01);
	free(v);
}

static void test_em_refused(void **state)
{
	struct pl_link_model md, before;
	struct pl_link_em_opts o = {0};
	struct pl_error err = {0};
	signed char v[2 * TRUE_NF] = {0, 0, 0, 0, 0, 0, 3, 0, 0, 0};
	(void)state;
	init_model(&md, 0);
	before = md;
	/* level 3 of a field of 3 levels */
	assert_int_equal(pl_link_em(&md, v, 2, NULL, NULL, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "pair 1, field 1"));
	v[6] = -2;
	assert_int_equal(pl_link_em(&md, v, 2, NULL, NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_link_estimate_u(&md, v, 2, 0, &err), PL_EUSAGE);
	v[6] = 0;
	assert_int_equal(pl_link_em(&md, v, 0, NULL, NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_link_em(&md, NULL, 2, NULL, NULL, &err), PL_EUSAGE);
	o.smoothing = -1;
	assert_int_equal(pl_link_em(&md, v, 2, &o, NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_link_estimate_u(&md, v, 2, -1, &err), PL_EUSAGE);
	o.smoothing = 0;
	o.start = PL_LINK_START__MAX;
	assert_int_equal(pl_link_em(&md, v, 2, &o, NULL, &err), PL_EUSAGE);
	/* a start with a zero probability */
	o.start = PL_LINK_START_MODEL;
	md.u[0][0] = 0;
	assert_int_equal(pl_link_em(&md, v, 2, &o, NULL, &err), PL_EUSAGE);
	md.u[0][0] = before.u[0][0];
	assert_memory_equal(&md, &before, sizeof(md));
	/* two pairs are enough to run; smoothing keeps every probability above 0 */
	assert_int_equal(pl_link_em(&md, v, 2, NULL, NULL, &err), 0);
	for (int f = 0; f < TRUE_NF; f++)
		for (int k = 0; k < true_levels[f]; k++)
			assert_true(md.m[f][k] > 0 && md.u[f][k] > 0);
	assert_true(md.p > 0 && md.p < 1);
}

/* --- weights and scores --- */

static void test_score(void **state)
{
	struct pl_link_model md;
	struct pl_error err = {0};
	const int two[] = {2};
	int many[PL_LINK_MAX_FIELDS];
	signed char agree[PL_LINK_MAX_FIELDS], l;
	double w, total, s;
	(void)state;
	assert_int_equal(pl_link_model_init(&md, 1, two, &err), 0);
	md.m[0][0] = 0.1, md.m[0][1] = 0.9;
	md.u[0][0] = 0.9, md.u[0][1] = 0.1;
	md.p = 0.5;
	l = 1;
	s = pl_link_score(&md, &l, &w, &total);
	assert_true(fabs(s - 0.9) < 1e-12);
	assert_true(fabs(w - log2(9.0)) < 1e-12 && fabs(total - log2(9.0)) < 1e-12);
	assert_true(fabs(pl_link_weight(&md, 0, 0) + log2(9.0)) < 1e-12);
	l = 0;
	assert_true(fabs(pl_link_score(&md, &l, NULL, NULL) - 0.1) < 1e-12);
	/* missing and out of range: the prior */
	l = PL_LINK_MISSING;
	assert_true(fabs(pl_link_score(&md, &l, &w, &total) - 0.5) < 1e-12);
	assert_true(w == 0.0 && total == 0.0);
	l = 5;
	assert_true(fabs(pl_link_score(&md, &l, NULL, NULL) - 0.5) < 1e-12);
	assert_true(pl_link_weight(&md, 0, 5) == 0.0 && pl_link_weight(&md, 3, 1) == 0.0);

	/* sixteen fields of extreme evidence: log space keeps 0 and 1 finite and exact */
	for (int f = 0; f < PL_LINK_MAX_FIELDS; f++)
		many[f] = 2;
	assert_int_equal(pl_link_model_init(&md, PL_LINK_MAX_FIELDS, many, &err), 0);
	for (int f = 0; f < PL_LINK_MAX_FIELDS; f++) {
		md.m[f][0] = 1e-300, md.m[f][1] = 1 - 1e-300;
		md.u[f][0] = 1 - 1e-300, md.u[f][1] = 1e-300;
	}
	md.p = 1e-6;
	memset(agree, 1, sizeof(agree));
	s = pl_link_score(&md, agree, NULL, &total);
	assert_true(s == 1.0 && isfinite(total) && total > 15000);
	memset(agree, 0, sizeof(agree));
	s = pl_link_score(&md, agree, NULL, &total);
	assert_true(s == 0.0 && isfinite(total) && total < -15000);
}

/* --- one-to-one --- */

static void test_one_to_one(void **state)
{
	struct pl_link_pair p[] = {
	        {1, 10, 0.90}, {1, 11, 0.95}, {2, 11, 0.80}, {2, 10, 0.70},
	        {3, 12, 0.20}, {4, 13, NAN},  {5, 14, 0.60}, {6, 14, 0.60},
	};
	struct pl_error err = {0};
	size_t kept = 99;
	(void)state;
	assert_int_equal(pl_link_one_to_one(p, COUNT(p), 0.5, &kept, &err), 0);
	assert_int_equal(kept, 3);
	/* 1-11 beats 1-10 and 2-11; then 2-10; the tie 5-14, 6-14 goes to the lower a */
	assert_true(p[0].a == 1 && p[0].b == 11 && p[0].score == 0.95);
	assert_true(p[1].a == 2 && p[1].b == 10);
	assert_true(p[2].a == 5 && p[2].b == 14);

	/* without a floor every a and b once: 3-12 comes in, NaN does not */
	struct pl_link_pair q[] = {{1, 10, 0.90}, {1, 11, 0.95}, {2, 11, 0.80},
	                           {2, 10, 0.70}, {3, 12, 0.20}, {4, 13, NAN}};
	assert_int_equal(pl_link_one_to_one(q, COUNT(q), -INFINITY, &kept, &err), 0);
	assert_int_equal(kept, 3);
	assert_true(q[0].a == 1 && q[0].b == 11);
	assert_true(q[1].a == 2 && q[1].b == 10);
	assert_true(q[2].a == 3 && q[2].b == 12);

	/* many pairs: every kept a and b once, and none left out that was free */
	enum { N = 3000 };
	struct pl_link_pair *big = malloc(N * sizeof(*big));
	assert_non_null(big);
	rng_state = 1;
	for (int i = 0; i < N; i++) {
		big[i].a = (long long)(next64() % 500) - 250; /* negative ids too */
		big[i].b = (long long)(next64() % 400) * 1000003LL;
		big[i].score = uniform();
	}
	assert_int_equal(pl_link_one_to_one(big, N, 0.0, &kept, &err), 0);
	assert_true(kept > 0 && kept <= 400);
	for (size_t i = 0; i < kept; i++) {
		if (i)
			assert_true(big[i - 1].score >= big[i].score);
		for (size_t k = 0; k < i; k++)
			assert_true(big[k].a != big[i].a && big[k].b != big[i].b);
	}
	for (size_t i = kept; i < N; i++) {
		int blocked = 0;
		for (size_t k = 0; k < kept && !blocked; k++)
			blocked = big[k].a == big[i].a || big[k].b == big[i].b;
		assert_true(blocked);
	}
	free(big);

	assert_int_equal(pl_link_one_to_one(NULL, 0, 0.0, &kept, &err), 0);
	assert_int_equal(kept, 0);
	assert_int_equal(pl_link_one_to_one(p, COUNT(p), 0.0, NULL, &err), PL_EUSAGE);
}

/* --- comparators --- */

struct osa_case {
	const char *a, *b;
	int cap, want;
};

static const struct osa_case osa_cases[] = {
        {"", "", 3, 0},
        {"abc", "abc", 3, 0},
        {"", "abc", 5, 3},
        {"abc", "", 5, 3},
        {"kitten", "sitting", 5, 3},
        {"abcdef", "abdcef", 3, 1}, /* one swap */
        {"ca", "abc", 5, 3},        /* OSA, not unrestricted Damerau-Levenshtein (2) */
        {"martha", "marhta", 3, 1},
        {"abcdef", "ghijkl", 2, 3}, /* above the cap: cap + 1 */
        {"a", "abcdef", 2, 3},      /* lengths alone exceed the cap */
        {"Сергій", "Сергей", 3, 1}, /* by code points: one letter, not two bytes */
        {"Олександр", "Олексанрд", 3, 1},
        {"Ковальов", "Ковалёв", 3, 2},
        {"Ковальов", "Kovalov", 3, 4}, /* other letters: above the cap */
        {"Щербак", "Шербак", 3, 1},
        {"ёлка", "елка", 1, 1},
};

static void test_osa(void **state)
{
	struct pl_error err = {0};
	char long_a[400], long_b[400];
	int d = -7;
	(void)state;
	for (size_t i = 0; i < COUNT(osa_cases); i++) {
		const struct osa_case *c = &osa_cases[i];
		if (pl_link_osa_distance(c->a, c->b, c->cap, &d, &err))
			fail_msg("%s, %s: %s", c->a, c->b, err.msg);
		if (d != c->want)
			fail_msg("osa(%s, %s) = %d, not %d", c->a, c->b, d, c->want);
		/* symmetric */
		assert_int_equal(pl_link_osa_distance(c->b, c->a, c->cap, &d, &err), 0);
		assert_int_equal(d, c->want);
	}
	/* long strings (over 64 code points) take memory; 100 Cyrillic letters */
	for (int i = 0; i < 100; i++) {
		/* two bytes of a letter each, no NUL: the string ends below */
		memcpy(long_a + (size_t)i * 2, "ж", 2);
		memcpy(long_b + (size_t)i * 2, i == 50 ? "з" : "ж", 2);
	}
	long_a[200] = long_b[200] = 0;
	assert_int_equal(pl_link_osa_distance(long_a, long_b, 5, &d, &err), 0);
	assert_int_equal(d, 1);
	d = -7;
	pl_alloc_fail_after(0);
	assert_int_equal(pl_link_osa_distance(long_a, long_b, 5, &d, &err), PL_EDATA);
	pl_alloc_fail_after(-1);
	assert_non_null(strstr(err.msg, "out of memory"));
	assert_int_equal(d, -7);
	/* short ones need none */
	pl_alloc_fail_after(0);
	assert_int_equal(pl_link_osa_distance("Сергій", "Сергей", 2, &d, &err), 0);
	pl_alloc_fail_after(-1);
	assert_int_equal(d, 1);

	assert_int_equal(pl_link_osa_distance("a\xc0\xaf", "a", 2, &d, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "UTF-8"));
	assert_int_equal(pl_link_osa_distance("a\xd0", "a", 2, &d, &err), PL_EDATA);
	assert_int_equal(pl_link_osa_distance(NULL, "a", 2, &d, &err), PL_EUSAGE);
	assert_int_equal(pl_link_osa_distance("a", "a", -1, &d, &err), PL_EUSAGE);
}

static void test_jaro_winkler(void **state)
{
	(void)state;
	/* link.h uses search.h's; by code points on Cyrillic, as on Latin */
	assert_true(fabs(pl_search_jaro_winkler("martha", "marhta") - 0.9611) < 0.0001);
	assert_true(fabs(pl_search_jaro_winkler("марфа", "мрафа") -
	                 pl_search_jaro_winkler("marfa", "mrafa")) < 1e-12);
	assert_true(pl_search_jaro_winkler("Ковальов", "Ковалёв") > 0.9);
	assert_true(pl_search_jaro_winkler("Ковальов", "Шевченко") < 0.6);
}

static void test_level_of(void **state)
{
	const double t[] = {0.8, 0.9, 1.0};
	(void)state;
	assert_int_equal(pl_link_level_of(0.5, t, 3), 0);
	assert_int_equal(pl_link_level_of(0.8, t, 3), 1);
	assert_int_equal(pl_link_level_of(0.95, t, 3), 2);
	assert_int_equal(pl_link_level_of(1.0, t, 3), 3);
	assert_int_equal(pl_link_level_of(NAN, t, 3), 0);
	assert_int_equal(pl_link_level_of(1.0, t, 0), 0);
}

struct code_case {
	const char *a, *b;
	int want;
};

static const struct code_case code_cases[] = {
        {"5304218", "5304218", PL_LINK_CODE_EXACT},
        {"5304218", "5302418", PL_LINK_CODE_TRANSPOSED},
        {"5304218", "5304281", PL_LINK_CODE_TRANSPOSED}, /* at the end */
        {"5304218", "3504218", PL_LINK_CODE_TRANSPOSED}, /* at the start */
        {"5304218", "5304318", PL_LINK_CODE_ONE_EDIT},
        {"5304218", "530421", PL_LINK_CODE_ONE_EDIT},   /* one deleted */
        {"5304218", "53042189", PL_LINK_CODE_ONE_EDIT}, /* one added */
        {"5304218", "05304218", PL_LINK_CODE_ONE_EDIT},
        {"5304218", "5340218", PL_LINK_CODE_TRANSPOSED},
        {"5304218", "5403218", PL_LINK_CODE_DIFFERENT}, /* not adjacent */
        {"5304218", "5304299", PL_LINK_CODE_DIFFERENT},
        {"5304218", "1234567", PL_LINK_CODE_DIFFERENT},
        {"4223", "4232", PL_LINK_CODE_TRANSPOSED},
        {"12", "21", PL_LINK_CODE_TRANSPOSED},
        {"1", "2", PL_LINK_CODE_ONE_EDIT},
        {"АВ123456", "АВ123456", PL_LINK_CODE_EXACT},
        {"АВ123456", "ВА123456", PL_LINK_CODE_TRANSPOSED}, /* Cyrillic letters swapped */
        {"АВ123456", "AB123456", PL_LINK_CODE_DIFFERENT},  /* Latin look-alikes */
        {"АВ123456", "АБ123456", PL_LINK_CODE_ONE_EDIT},
        {"Ж1", "1", PL_LINK_CODE_ONE_EDIT},
        {"", "1", PL_LINK_MISSING},
        {"1", "", PL_LINK_MISSING},
        {NULL, "1", PL_LINK_MISSING},
        {"\xff\xfe", "\xfe\xff", PL_LINK_CODE_TRANSPOSED}, /* bytes that are not UTF-8 */
};

static void test_compare_code(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(code_cases); i++) {
		const struct code_case *c = &code_cases[i];
		int got = pl_link_compare_code(c->a, c->b), back = pl_link_compare_code(c->b, c->a);
		if (got != c->want || back != c->want)
			fail_msg("code %s, %s: %d and %d, not %d", c->a ? c->a : "(null)", c->b,
			         got, back, c->want);
	}
}

struct date_case {
	struct pl_link_date a, b;
	int want;
};

static const struct date_case date_cases[] = {
        {{1985, 3, 17}, {1985, 3, 17}, PL_LINK_DATE_EXACT},
        {{1985, 3, 11}, {1985, 11, 3}, PL_LINK_DATE_SWAPPED},
        {{1985, 3, 17}, {1958, 3, 17}, PL_LINK_DATE_TWO_OF_THREE},
        {{1985, 3, 17}, {1985, 4, 17}, PL_LINK_DATE_TWO_OF_THREE},
        {{1985, 3, 17}, {1985, 3, 18}, PL_LINK_DATE_TWO_OF_THREE},
        {{1985, 3, 17}, {1986, 4, 17}, PL_LINK_DATE_DIFFERENT},
        {{1985, 3, 11}, {1986, 11, 3}, PL_LINK_DATE_DIFFERENT}, /* swapped, other year */
        {{1985, 0, 0}, {1985, 3, 17}, PL_LINK_DATE_PARTIAL},
        {{1985, 3, 0}, {1985, 3, 17}, PL_LINK_DATE_PARTIAL},
        {{1985, 4, 0}, {1985, 3, 17}, PL_LINK_DATE_DIFFERENT},
        {{1985, 0, 0}, {1985, 0, 0}, PL_LINK_DATE_PARTIAL},
        {{1984, 0, 0}, {1985, 3, 17}, PL_LINK_DATE_DIFFERENT},
        {{0, 3, 17}, {1985, 3, 17}, PL_LINK_MISSING},
        {{1985, 3, 17}, {0, 0, 0}, PL_LINK_MISSING},
};

static void test_compare_date(void **state)
{
	(void)state;
	for (size_t i = 0; i < COUNT(date_cases); i++) {
		const struct date_case *c = &date_cases[i];
		int got = pl_link_compare_date(&c->a, &c->b),
		    back = pl_link_compare_date(&c->b, &c->a);
		if (got != c->want || back != c->want)
			fail_msg("date case %zu: %d and %d, not %d", i, got, back, c->want);
	}
	assert_int_equal(pl_link_compare_date(NULL, &date_cases[0].a), PL_LINK_MISSING);
}

/* --- failing allocations --- */

static void test_alloc_failures(void **state)
{
	struct pl_link_model md, before, good;
	struct pl_error err = {0};
	size_t n = 20000, matches, kept;
	signed char *v = synthetic(n, 0.1, 0, 3, &matches);
	long fails = 0;
	(void)state;
	init_model(&good, 0);
	assert_int_equal(pl_link_em(&good, v, n, NULL, NULL, &err), 0);
	/* every allocation of EM can fail: PL_EDATA, the model as it was, no leak */
	for (long k = 0;; k++) {
		int rc;
		init_model(&md, 0);
		before = md;
		pl_alloc_fail_after(k);
		rc = pl_link_em(&md, v, n, NULL, NULL, &err);
		pl_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, PL_EDATA);
		assert_non_null(strstr(err.msg, "out of memory"));
		assert_memory_equal(&md, &before, sizeof(md));
		assert_true(k < 1000);
		fails++;
	}
	assert_true(fails >= 3); /* the slots, the patterns, the posteriors */
	assert_memory_equal(&md, &good, sizeof(md));

	struct pl_link_pair p[] = {{1, 10, 0.9}, {2, 10, 0.8}};
	pl_alloc_fail_after(0);
	kept = 77;
	assert_int_equal(pl_link_one_to_one(p, COUNT(p), 0.0, &kept, &err), PL_EDATA);
	pl_alloc_fail_after(-1);
	assert_int_equal(kept, 77);
	assert_int_equal(pl_link_one_to_one(p, COUNT(p), 0.0, &kept, &err), 0);
	assert_int_equal(kept, 1);
	free(v);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_model_init),
	        cmocka_unit_test(test_em_recovers),
	        cmocka_unit_test(test_em_fixed_u),
	        cmocka_unit_test(test_em_missing_ignored),
	        cmocka_unit_test(test_em_deterministic_and_swapped),
	        cmocka_unit_test(test_em_refused),
	        cmocka_unit_test(test_score),
	        cmocka_unit_test(test_one_to_one),
	        cmocka_unit_test(test_osa),
	        cmocka_unit_test(test_jaro_winkler),
	        cmocka_unit_test(test_level_of),
	        cmocka_unit_test(test_compare_code),
	        cmocka_unit_test(test_compare_date),
	        cmocka_unit_test(test_alloc_failures),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
