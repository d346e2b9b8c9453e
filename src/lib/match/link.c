/* link.c - record linkage: the Fellegi-Sunter model, EM, one-to-one links, comparators */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/link.h"
#include "banned.h"

#define DEFAULT_TOLERANCE 1e-7
#define DEFAULT_MAX_ITER 1000
#define DEFAULT_SMOOTHING 0.5
/* The a priori m[f][k] and u[f][k] grow (shrink) by this factor per level. */
#define START_RATIO 4.0
#define START_P 0.1
/* Code points pl_link_osa_distance handles without allocating. */
#define OSA_STACK 64

/* --- the model --- */

static int check_shape(const struct pl_link_model *model, struct pl_error *err)
{
	if (model->nfields < 1 || model->nfields > PL_LINK_MAX_FIELDS)
		return pl_error_set(err, PL_EUSAGE, "link model: %d fields (1 to %d)",
		                    model->nfields, PL_LINK_MAX_FIELDS);
	for (int f = 0; f < model->nfields; f++)
		if (model->nlevels[f] < 2 || model->nlevels[f] > PL_LINK_MAX_LEVELS)
			return pl_error_set(err, PL_EUSAGE,
			                    "link model: field %d has %d levels (2 to %d)", f,
			                    model->nlevels[f], PL_LINK_MAX_LEVELS);
	return 0;
}

/* m[f][k] proportional to START_RATIO^k (up = 1) or to START_RATIO^(L-1-k) (up = 0). */
static void start_values(double *out, int nlevels, int up)
{
	double sum = 0, v = 1;
	for (int k = 0; k < nlevels; k++) {
		out[up ? k : nlevels - 1 - k] = v;
		sum += v;
		v *= START_RATIO;
	}
	for (int k = 0; k < nlevels; k++)
		out[k] /= sum;
}

int pl_link_model_init(struct pl_link_model *model, int nfields, const int *nlevels,
                       struct pl_error *err)
{
	struct pl_link_model md;
	int rc;
	if (!model || !nlevels)
		return pl_error_set(err, PL_EUSAGE, "link model: no model or no levels");
	memset(&md, 0, sizeof(md));
	md.nfields = nfields;
	if (nfields >= 1 && nfields <= PL_LINK_MAX_FIELDS)
		memcpy(md.nlevels, nlevels, (size_t)nfields * sizeof(*nlevels));
	rc = check_shape(&md, err);
	if (rc)
		return rc;
	for (int f = 0; f < nfields; f++) {
		start_values(md.m[f], md.nlevels[f], 1);
		start_values(md.u[f], md.nlevels[f], 0);
	}
	md.p = START_P;
	*model = md;
	return 0;
}

static int check_levels(const struct pl_link_model *model, const signed char *levels, size_t npairs,
                        struct pl_error *err)
{
	int nf = model->nfields;
	if (!levels || !npairs)
		return pl_error_set(err, PL_EUSAGE, "link: no pairs");
	for (size_t i = 0; i < npairs; i++)
		for (int f = 0; f < nf; f++) {
			int l = (int)levels[i * (size_t)nf + (size_t)f];
			if (l != PL_LINK_MISSING && (l < 0 || l >= model->nlevels[f]))
				return pl_error_set(
				        err, PL_EUSAGE,
				        "link: pair %zu, field %d: level %d out of range", i, f, l);
		}
	return 0;
}

double pl_link_weight(const struct pl_link_model *model, int field, int level)
{
	if (!model || field < 0 || field >= model->nfields || level < 0 ||
	    level >= model->nlevels[field] || level >= PL_LINK_MAX_LEVELS)
		return 0.0;
	return log2(model->m[field][level] / model->u[field][level]);
}

double pl_link_score(const struct pl_link_model *model, const signed char *levels, double *weights,
                     double *total)
{
	double lm = log(model->p), lu = log1p(-model->p);
	int nf = model->nfields < PL_LINK_MAX_FIELDS ? model->nfields : PL_LINK_MAX_FIELDS;
	for (int f = 0; f < nf; f++) {
		int l = (int)levels[f];
		double w = 0.0;
		if (l >= 0 && l < model->nlevels[f] && l < PL_LINK_MAX_LEVELS) {
			double a = log(model->m[f][l]), b = log(model->u[f][l]);
			lm += a;
			lu += b;
			w = (a - b) / M_LN2;
		}
		if (weights)
			weights[f] = w;
	}
	if (total)
		*total = (lm - lu) / M_LN2;
	/* 1 / (1 + e^(lu - lm)): exp overflows to inf and gives 0, as it should */
	return 1.0 / (1.0 + exp(lu - lm));
}

/* --- distinct vectors --- */

/*
 * A vector packs into 64 bits: 4 bits a field, level + 1 (0 for missing). The patterns
 * keep the order of their first appearance, so EM sums in an order fixed by the input.
 */
_Static_assert(PL_LINK_MAX_FIELDS * 4 <= 64 && PL_LINK_MAX_LEVELS + 1 < 16,
               "a vector must pack into 64 bits");

struct pattern {
	uint64_t key;
	double count;
};

struct patterns {
	struct pattern *v;
	size_t n, alloc;
	uint32_t *slot; /* index + 1 into v, 0: free */
	size_t cap;     /* slots, a power of two */
};

static uint64_t pack(const signed char *levels, int nf)
{
	uint64_t key = 0;
	for (int f = 0; f < nf; f++)
		key |= (uint64_t)(levels[f] + 1) << (4 * f);
	return key;
}

static int unpack(uint64_t key, int f)
{
	return (int)((key >> (4 * f)) & 0xf) - 1;
}

static size_t hash64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return (size_t)x;
}

static int patterns_grow_slots(struct patterns *ps)
{
	size_t cap = ps->cap ? ps->cap * 2 : 256;
	uint32_t *slot = pl_calloc(cap, sizeof(*slot));
	if (!slot)
		return -1;
	for (size_t i = 0; i < ps->n; i++) {
		size_t h = hash64(ps->v[i].key) & (cap - 1);
		while (slot[h])
			h = (h + 1) & (cap - 1);
		slot[h] = (uint32_t)(i + 1);
	}
	pl_free(ps->slot);
	ps->slot = slot;
	ps->cap = cap;
	return 0;
}

static int patterns_add(struct patterns *ps, uint64_t key)
{
	size_t h;
	if (ps->n == UINT32_MAX - 1)
		return -1;
	/* room for one more pattern first: a slot never points past ps->v */
	if (ps->n == ps->alloc) {
		size_t alloc = ps->alloc ? ps->alloc * 2 : 64;
		struct pattern *v = pl_realloc(ps->v, alloc * sizeof(*v));
		if (!v)
			return -1;
		ps->v = v;
		ps->alloc = alloc;
	}
	if ((ps->n + 1) * 2 > ps->cap && patterns_grow_slots(ps))
		return -1;
	h = hash64(key) & (ps->cap - 1);
	while (ps->slot[h]) {
		struct pattern *p = ps->v + (ps->slot[h] - 1);
		if (p->key == key) {
			p->count += 1.0;
			return 0;
		}
		h = (h + 1) & (ps->cap - 1);
	}
	ps->v[ps->n].key = key;
	ps->v[ps->n].count = 1.0;
	ps->slot[h] = (uint32_t)(++ps->n);
	return 0;
}

static void patterns_release(struct patterns *ps)
{
	pl_free(ps->v);
	pl_free(ps->slot);
	memset(ps, 0, sizeof(*ps));
}

/* --- EM --- */

/* Shares of the levels from counts plus a pseudo-count; equal shares when nothing seen. */
static void shares(double *out, const double *count, int nlevels, double alpha)
{
	double sum = 0;
	for (int k = 0; k < nlevels; k++)
		sum += count[k] + alpha;
	for (int k = 0; k < nlevels; k++)
		out[k] = sum > 0 ? (count[k] + alpha) / sum : 1.0 / nlevels;
}

static int check_opts(const struct pl_link_em_opts *o, struct pl_error *err)
{
	if (o->start < 0 || o->start >= PL_LINK_START__MAX)
		return pl_error_set(err, PL_EUSAGE, "link em: unknown start %d", (int)o->start);
	if (!(o->tolerance >= 0) || o->max_iter < 0 || !(o->smoothing >= 0))
		return pl_error_set(err, PL_EUSAGE,
		                    "link em: tolerance, iterations and smoothing must not be "
		                    "negative");
	return 0;
}

/* 1 when every m and u of the model is in (0, 1] and 0 < p < 1 (a usable start). */
static int model_usable(const struct pl_link_model *md, int need_m)
{
	if (!(md->p > 0 && md->p < 1))
		return 0;
	for (int f = 0; f < md->nfields; f++)
		for (int k = 0; k < md->nlevels[f]; k++)
			if (!(md->u[f][k] > 0 && md->u[f][k] <= 1) ||
			    (need_m && !(md->m[f][k] > 0 && md->m[f][k] <= 1)))
				return 0;
	return 1;
}

/* The E step: g[j], the probability that pattern j is a match; returns the log-likelihood. */
static double e_step(const struct pl_link_model *md, const struct patterns *ps, double *g)
{
	double lm[PL_LINK_MAX_FIELDS][PL_LINK_MAX_LEVELS],
	        lu[PL_LINK_MAX_FIELDS][PL_LINK_MAX_LEVELS];
	double lp = log(md->p), lq = log1p(-md->p), ll = 0;
	for (int f = 0; f < md->nfields; f++)
		for (int k = 0; k < md->nlevels[f]; k++) {
			lm[f][k] = log(md->m[f][k]);
			lu[f][k] = log(md->u[f][k]);
		}
	for (size_t j = 0; j < ps->n; j++) {
		double a = lp, b = lq, d;
		for (int f = 0; f < md->nfields; f++) {
			int l = unpack(ps->v[j].key, f);
			if (l < 0)
				continue;
			a += lm[f][l];
			b += lu[f][l];
		}
		d = b - a;
		g[j] = 1.0 / (1.0 + exp(d));
		/* log(e^a + e^b) without overflow */
		ll += ps->v[j].count * ((a > b ? a : b) + log1p(exp(-fabs(d))));
	}
	return ll;
}

static double max_change(double old, double now, double delta)
{
	double d = fabs(now - old);
	return d > delta ? d : delta;
}

/* The M step: the model that makes the expected counts most likely; returns the largest
 * change of a parameter. */
static double m_step(struct pl_link_model *md, const struct patterns *ps, const double *g,
                     int fix_u, double alpha)
{
	double cm[PL_LINK_MAX_FIELDS][PL_LINK_MAX_LEVELS] = {{0}};
	double cu[PL_LINK_MAX_FIELDS][PL_LINK_MAX_LEVELS] = {{0}};
	double sm = 0, total = 0, delta = 0, p;
	for (size_t j = 0; j < ps->n; j++) {
		double c = ps->v[j].count, wm = c * g[j], wu = c * (1.0 - g[j]);
		sm += wm;
		total += c;
		for (int f = 0; f < md->nfields; f++) {
			int l = unpack(ps->v[j].key, f);
			if (l < 0)
				continue;
			cm[f][l] += wm;
			cu[f][l] += wu;
		}
	}
	p = (sm + alpha) / (total + 2 * alpha);
	delta = max_change(md->p, p, delta);
	md->p = p;
	for (int f = 0; f < md->nfields; f++) {
		double m[PL_LINK_MAX_LEVELS], u[PL_LINK_MAX_LEVELS];
		shares(m, cm[f], md->nlevels[f], alpha);
		shares(u, cu[f], md->nlevels[f], alpha);
		for (int k = 0; k < md->nlevels[f]; k++) {
			delta = max_change(md->m[f][k], m[k], delta);
			md->m[f][k] = m[k];
			if (!fix_u) {
				delta = max_change(md->u[f][k], u[k], delta);
				md->u[f][k] = u[k];
			}
		}
	}
	return delta;
}

int pl_link_em(struct pl_link_model *model, const signed char *levels, size_t npairs,
               const struct pl_link_em_opts *o, struct pl_link_em_result *res, struct pl_error *err)
{
	struct pl_link_em_opts opts = {0};
	struct pl_link_em_result r = {0};
	struct pl_link_model md;
	struct patterns ps = {0};
	double *g = NULL, alpha, top = 0;
	int rc;
	if (!model)
		return pl_error_set(err, PL_EUSAGE, "link em: no model");
	if (o)
		opts = *o;
	rc = check_opts(&opts, err);
	if (!rc)
		rc = check_shape(model, err);
	if (!rc)
		rc = check_levels(model, levels, npairs, err);
	if (rc)
		return rc;
	alpha = opts.smoothing > 0 ? opts.smoothing : DEFAULT_SMOOTHING;
	if (!opts.tolerance)
		opts.tolerance = DEFAULT_TOLERANCE;
	if (!opts.max_iter)
		opts.max_iter = DEFAULT_MAX_ITER;
	md = *model;
	if ((opts.start == PL_LINK_START_MODEL || opts.fix_u) &&
	    !model_usable(&md, opts.start == PL_LINK_START_MODEL))
		return pl_error_set(err, PL_EUSAGE,
		                    "link em: the model's probabilities must lie in (0, 1]");

	for (size_t i = 0; i < npairs; i++)
		if (patterns_add(&ps, pack(levels + i * (size_t)md.nfields, md.nfields))) {
			rc = pl_error_set(err, PL_EDATA,
			                  "link em: out of memory (%zu distinct vectors)", ps.n);
			goto out;
		}
	g = pl_malloc(ps.n * sizeof(*g));
	if (!g) {
		rc = pl_error_set(err, PL_EDATA, "link em: out of memory");
		goto out;
	}

	if (opts.start == PL_LINK_START_DATA) {
		for (int f = 0; f < md.nfields; f++) {
			double count[PL_LINK_MAX_LEVELS] = {0};
			for (size_t j = 0; j < ps.n; j++) {
				int l = unpack(ps.v[j].key, f);
				if (l >= 0)
					count[l] += ps.v[j].count;
			}
			start_values(md.m[f], md.nlevels[f], 1);
			if (!opts.fix_u)
				shares(md.u[f], count, md.nlevels[f], alpha);
		}
		md.p = START_P;
	}

	while (r.iterations < opts.max_iter) {
		double delta;
		e_step(&md, &ps, g);
		delta = m_step(&md, &ps, g, opts.fix_u, alpha);
		r.iterations++;
		if (delta < opts.tolerance) {
			r.converged = 1;
			break;
		}
	}

	/* levels ascend in agreement: the match class must favour the top levels */
	for (int f = 0; f < md.nfields; f++) {
		int t = md.nlevels[f] - 1;
		top += log(md.m[f][t]) - log(md.u[f][t]);
	}
	if (top < 0 && !opts.fix_u) {
		struct pl_link_model sw = md;
		memcpy(sw.m, md.u, sizeof(sw.m));
		memcpy(sw.u, md.m, sizeof(sw.u));
		sw.p = 1.0 - md.p;
		md = sw;
		r.swapped = 1;
	}
	r.loglik = e_step(&md, &ps, g);
	r.patterns = ps.n;
	*model = md;
	if (res)
		*res = r;
out:
	pl_free(g);
	patterns_release(&ps);
	return rc;
}

int pl_link_estimate_u(struct pl_link_model *model, const signed char *levels, size_t npairs,
                       double smoothing, struct pl_error *err)
{
	double count[PL_LINK_MAX_FIELDS][PL_LINK_MAX_LEVELS] = {{0}};
	double alpha = smoothing > 0 ? smoothing : DEFAULT_SMOOTHING;
	int rc;
	if (!model)
		return pl_error_set(err, PL_EUSAGE, "link: no model");
	if (!(smoothing >= 0))
		return pl_error_set(err, PL_EUSAGE, "link: smoothing must not be negative");
	rc = check_shape(model, err);
	if (!rc)
		rc = check_levels(model, levels, npairs, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < npairs; i++)
		for (int f = 0; f < model->nfields; f++) {
			int l = (int)levels[i * (size_t)model->nfields + (size_t)f];
			if (l >= 0)
				count[f][l] += 1.0;
		}
	for (int f = 0; f < model->nfields; f++)
		shares(model->u[f], count[f], model->nlevels[f], alpha);
	return 0;
}

/* --- one-to-one --- */

static int pair_cmp(const void *x, const void *y)
{
	const struct pl_link_pair *a = x, *b = y;
	if (a->score != b->score)
		return a->score > b->score ? -1 : 1;
	if (a->a != b->a)
		return a->a < b->a ? -1 : 1;
	if (a->b != b->b)
		return a->b < b->b ? -1 : 1;
	return 0;
}

struct id_slot {
	long long id;
	int used;
};

/* Marks id taken in set (cap slots, a power of two); 1 when it was taken already. */
static int id_take(struct id_slot *set, size_t cap, long long id)
{
	size_t h = hash64((uint64_t)id) & (cap - 1);
	while (set[h].used) {
		if (set[h].id == id)
			return 1;
		h = (h + 1) & (cap - 1);
	}
	set[h].used = 1;
	set[h].id = id;
	return 0;
}

int pl_link_one_to_one(struct pl_link_pair *pairs, size_t n, double min_score, size_t *kept,
                       struct pl_error *err)
{
	struct id_slot *set;
	size_t m = 0, cap = 16, out = 0;
	if (!kept || (n && !pairs))
		return pl_error_set(err, PL_EUSAGE, "link one-to-one: no pairs or no count");
	/* the pairs that qualify to the front (NaN never does) */
	for (size_t i = 0; i < n; i++)
		if (pairs[i].score >= min_score) {
			struct pl_link_pair t = pairs[m];
			pairs[m++] = pairs[i];
			pairs[i] = t;
		}
	while (cap < 2 * m)
		cap *= 2;
	set = pl_calloc(2 * cap, sizeof(*set));
	if (!set)
		return pl_error_set(err, PL_EDATA, "link one-to-one: out of memory");
	if (m > 1)
		qsort(pairs, m, sizeof(*pairs), pair_cmp);
	for (size_t i = 0; i < m; i++) {
		/* a first: when a is taken, b must not be marked */
		size_t h = hash64((uint64_t)pairs[i].a) & (cap - 1);
		int a_taken = 0;
		while (set[h].used) {
			if (set[h].id == pairs[i].a) {
				a_taken = 1;
				break;
			}
			h = (h + 1) & (cap - 1);
		}
		if (a_taken || id_take(set + cap, cap, pairs[i].b))
			continue;
		set[h].used = 1;
		set[h].id = pairs[i].a;
		if (out != i) {
			struct pl_link_pair t = pairs[out];
			pairs[out] = pairs[i];
			pairs[i] = t;
		}
		out++;
	}
	pl_free(set);
	*kept = out;
	return 0;
}

/* --- comparators --- */

int pl_link_level_of(double sim, const double *thresholds, int n)
{
	int level = 0;
	for (int i = 0; i < n; i++)
		if (sim >= thresholds[i])
			level++;
	return level;
}

/* Code points of s, or -1 when s is not valid UTF-8. */
static long count_cps(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	long n = 0;
	while (*p) {
		utf8proc_int32_t c;
		utf8proc_ssize_t len = utf8proc_iterate(p, -1, &c);
		if (len <= 0)
			return -1;
		p += len;
		n++;
	}
	return n;
}

static void decode(const char *s, int32_t *out)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	while (*p) {
		utf8proc_int32_t c;
		p += utf8proc_iterate(p, -1, &c);
		*out++ = c;
	}
}

static int min3(int a, int b, int c)
{
	int m = a < b ? a : b;
	return m < c ? m : c;
}

/* The OSA distance of x[0..nx) and y[0..ny), cap + 1 when above cap; rows: 3 * (ny + 1). */
static int osa(const int32_t *x, int nx, const int32_t *y, int ny, int cap, int *rows)
{
	int *r2 = rows, *r1 = rows + (size_t)ny + 1, *r0 = rows + 2 * ((size_t)ny + 1);
	for (int j = 0; j <= ny; j++)
		r1[j] = j;
	for (int i = 1; i <= nx; i++) {
		int lo;
		r0[0] = lo = i;
		for (int j = 1; j <= ny; j++) {
			int cost = x[i - 1] != y[j - 1];
			int d = min3(r1[j] + 1, r0[j - 1] + 1, r1[j - 1] + cost);
			if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
			    r2[j - 2] + 1 < d)
				d = r2[j - 2] + 1;
			r0[j] = d;
			if (d < lo)
				lo = d;
		}
		if (lo > cap)
			return cap + 1;
		int *t = r2;
		r2 = r1;
		r1 = r0;
		r0 = t;
	}
	return r1[ny] > cap ? cap + 1 : r1[ny];
}

int pl_link_osa_distance(const char *a, const char *b, int cap, int *dist, struct pl_error *err)
{
	int32_t xs[OSA_STACK], ys[OSA_STACK];
	int rs[3 * (OSA_STACK + 1)];
	int32_t *x = xs, *y = ys;
	int *rows = rs, d;
	long na, nb;
	void *heap = NULL;
	if (!a || !b || !dist || cap < 0)
		return pl_error_set(err, PL_EUSAGE, "osa distance: no string or a negative cap");
	na = count_cps(a);
	nb = count_cps(b);
	if (na < 0 || nb < 0)
		return pl_error_set(err, PL_EDATA, "osa distance: invalid UTF-8");
	if (labs(na - nb) > cap) {
		*dist = cap + 1;
		return 0;
	}
	if (na > OSA_STACK || nb > OSA_STACK) {
		if (na > INT32_MAX / 8 || nb > INT32_MAX / 8)
			return pl_error_set(err, PL_EDATA, "osa distance: strings too long");
		heap = pl_malloc((size_t)(na + nb) * sizeof(int32_t) +
		                 3 * (size_t)(nb + 1) * sizeof(int));
		if (!heap)
			return pl_error_set(err, PL_EDATA, "osa distance: out of memory");
		x = heap;
		y = x + na;
		rows = (int *)(y + nb);
	}
	decode(a, x);
	decode(b, y);
	d = osa(x, (int)na, y, (int)nb, cap, rows);
	pl_free(heap);
	*dist = d;
	return 0;
}

/* Bytes of the code point at s (1 for a byte that does not start a valid one). */
static size_t cp_len(const char *s)
{
	utf8proc_int32_t c;
	utf8proc_ssize_t len = utf8proc_iterate((const utf8proc_uint8_t *)s, -1, &c);
	return len > 0 ? (size_t)len : 1;
}

int pl_link_compare_code(const char *a, const char *b)
{
	size_t la, lb, la2, lb2;
	if (!a || !b || !*a || !*b)
		return PL_LINK_MISSING;
	/* skip the common start, code point by code point */
	for (;;) {
		if (!*a && !*b)
			return PL_LINK_CODE_EXACT;
		if (!*a || !*b)
			break;
		la = cp_len(a);
		lb = cp_len(b);
		if (la != lb || memcmp(a, b, la) != 0)
			break;
		a += la;
		b += lb;
	}
	la = *a ? cp_len(a) : 0;
	lb = *b ? cp_len(b) : 0;
	/* ab against ba */
	if (la && lb) {
		const char *a2 = a + la, *b2 = b + lb;
		la2 = *a2 ? cp_len(a2) : 0;
		lb2 = *b2 ? cp_len(b2) : 0;
		if (la2 && lb2 && la == lb2 && lb == la2 && !memcmp(a, b2, la) &&
		    !memcmp(a2, b, la2) && !strcmp(a2 + la2, b2 + lb2))
			return PL_LINK_CODE_TRANSPOSED;
	}
	if ((la && lb && !strcmp(a + la, b + lb)) || (la && !strcmp(a + la, b)) ||
	    (lb && !strcmp(a, b + lb)))
		return PL_LINK_CODE_ONE_EDIT;
	return PL_LINK_CODE_DIFFERENT;
}

int pl_link_compare_date(const struct pl_link_date *a, const struct pl_link_date *b)
{
	int same;
	if (!a || !b || a->year <= 0 || b->year <= 0)
		return PL_LINK_MISSING;
	if (a->month > 0 && a->day > 0 && b->month > 0 && b->day > 0) {
		if (a->year == b->year && a->month == b->month && a->day == b->day)
			return PL_LINK_DATE_EXACT;
		if (a->year == b->year && a->day == b->month && a->month == b->day)
			return PL_LINK_DATE_SWAPPED;
		same = (a->year == b->year) + (a->month == b->month) + (a->day == b->day);
		return same == 2 ? PL_LINK_DATE_TWO_OF_THREE : PL_LINK_DATE_DIFFERENT;
	}
	/* one side or both partial: the parts both give must agree */
	if (a->year != b->year)
		return PL_LINK_DATE_DIFFERENT;
	if (a->month > 0 && b->month > 0) {
		if (a->month != b->month)
			return PL_LINK_DATE_DIFFERENT;
		if (a->day > 0 && b->day > 0 && a->day != b->day)
			return PL_LINK_DATE_DIFFERENT;
	}
	return PL_LINK_DATE_PARTIAL;
}
