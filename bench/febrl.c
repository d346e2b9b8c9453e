/* febrl.c - record linkage of the FEBRL data sets with link.h, scored against their truth
 *
 *   febrl [options] A.csv B.csv      link A to B (FEBRL 4: dataset4a.csv dataset4b.csv)
 *   febrl [options] --dedup F.csv    the duplicates within one file (FEBRL 1, 2, 3)
 *
 *   --u em|random   how u is found: by EM with m and p (default), or measured on random
 *                   pairs and held fixed while EM finds m and p
 *   --threshold P   the posterior probability a pair needs to be a link (default 0.5)
 *   --verbose       the blocking keys one by one, and the model EM found
 *
 * The steps, all of them a priori or chosen on FEBRL 1 to 3 (docs/benchmarks.md):
 *  1. candidate pairs: the union of the pairs that share one of several blocking keys
 *     (blocking_keys[] below), so that a typo in one field still leaves the pair in;
 *  2. each candidate pair compared field by field into levels (fields[] below);
 *  3. EM estimates m, u and p of the Fellegi-Sunter model from those vectors: nothing is
 *     learnt from the truth;
 *  4. a pair is a link when its posterior is at least 0.5; in a link task each record is
 *     linked at most once, best first (pl_link_one_to_one).
 * Then precision, recall and F1 against the truth (the same N in rec-N-org, rec-N-dup-k
 * is the same person), and the wall time from reading the files to the links.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/error.h"
#include "parley/link.h"
#include "parley/search.h"
#include "banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* --- the records --- */

enum col {
	C_GIVEN,
	C_SURNAME,
	C_STREET_NUMBER,
	C_ADDRESS_1,
	C_ADDRESS_2,
	C_SUBURB,
	C_POSTCODE,
	C_STATE,
	C_DOB,
	C_SSN,
	C__MAX
};

static const char *const col_names[C__MAX] = {
        "given_name", "surname",  "street_number", "address_1",     "address_2",
        "suburb",     "postcode", "state",         "date_of_birth", "soc_sec_id",
};

struct rec {
	char *id;
	long entity;            /* N of rec-N-... */
	char *v[C__MAX];        /* NULL: missing */
	char *squeezed[C__MAX]; /* v without spaces ("gar butt" is "garbutt") */
	struct pl_link_date dob;
};

struct file {
	const char *path;
	struct rec *r;
	size_t n;
};

static void die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));
static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("febrl: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(xmalloc(n), s, n);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *squeeze(const char *s)
{
	char *out = xmalloc(strlen(s) + 1), *o = out;
	for (; *s; s++)
		if (*s != ' ')
			*o++ = *s;
	*o = 0;
	return out;
}

/* YYYYMMDD as written; a date that is not eight digits is missing. */
static struct pl_link_date parse_date(const char *s)
{
	struct pl_link_date d = {0, 0, 0};
	if (!s || strlen(s) != 8)
		return d;
	for (int i = 0; i < 8; i++)
		if (!isdigit((unsigned char)s[i]))
			return d;
	d.year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	d.month = (s[4] - '0') * 10 + (s[5] - '0');
	d.day = (s[6] - '0') * 10 + (s[7] - '0');
	return d;
}

/* The FEBRL format: a header, then fields separated by ", ", blanks missing. */
static void read_file(struct file *f)
{
	FILE *in = fopen(f->path, "r");
	char *line = NULL;
	size_t cap = 0, alloc = 0;
	ssize_t len;
	long lineno = 0;
	if (!in)
		die("%s: %s", f->path, strerror(errno));
	f->r = NULL;
	f->n = 0;
	while ((len = getline(&line, &cap, in)) >= 0) {
		char *fld[C__MAX + 1], *p = line, *sep;
		int nf = 0;
		struct rec *r;
		lineno++;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = 0;
		if (lineno == 1) {
			if (strncmp(line, "rec_id, given_name", 18) != 0)
				die("%s:1: not a FEBRL file (header %.40s)", f->path, line);
			continue;
		}
		if (!len)
			continue;
		for (;;) {
			if (nf == C__MAX + 1)
				die("%s:%ld: more than %d fields", f->path, lineno, C__MAX + 1);
			fld[nf++] = p;
			sep = strstr(p, ", ");
			if (!sep)
				break;
			*sep = 0;
			p = sep + 2;
		}
		if (nf != C__MAX + 1)
			die("%s:%ld: %d fields, not %d", f->path, lineno, nf, C__MAX + 1);
		if (f->n == alloc) {
			alloc = alloc ? 2 * alloc : 1024;
			f->r = xrealloc(f->r, alloc * sizeof(*f->r));
		}
		r = &f->r[f->n++];
		memset(r, 0, sizeof(*r));
		r->id = xstrdup(fld[0]);
		if (strncmp(r->id, "rec-", 4) != 0)
			die("%s:%ld: record id %s is not rec-N-...", f->path, lineno, r->id);
		r->entity = strtol(r->id + 4, &sep, 10);
		if (sep == r->id + 4 || *sep != '-' || r->entity < 0 || r->entity > 10000000)
			die("%s:%ld: record id %s is not rec-N-...", f->path, lineno, r->id);
		for (int c = 0; c < C__MAX; c++) {
			const char *v = fld[c + 1];
			while (*v == ' ')
				v++;
			if (!*v)
				continue;
			r->v[c] = xstrdup(v);
			r->squeezed[c] = squeeze(v);
		}
		r->dob = parse_date(r->v[C_DOB]);
	}
	if (ferror(in))
		die("%s: %s", f->path, strerror(errno));
	free(line);
	fclose(in);
	if (!f->n)
		die("%s: no records", f->path);
}

static void free_file(struct file *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->r[i].id);
		for (int c = 0; c < C__MAX; c++) {
			free(f->r[i].v[c]);
			free(f->r[i].squeezed[c]);
		}
	}
	free(f->r);
}

/* --- blocking --- */

/* American Soundex of an ASCII word: a letter and three digits ("" for no letter). */
static void soundex(const char *s, char out[5])
{
	static const char code[26] = "01230120022455012623010202";
	int n = 0;
	char last = 0;
	for (; *s && n < 4; s++) {
		int c = tolower((unsigned char)*s);
		char d;
		if (c < 'a' || c > 'z')
			continue;
		d = code[c - 'a'];
		if (!n) {
			out[n++] = (char)toupper(c);
			last = d;
			continue;
		}
		if (d != '0' && d != last)
			out[n++] = d;
		if (c != 'h' && c != 'w')
			last = d;
	}
	if (n)
		while (n < 4)
			out[n++] = '0';
	out[n] = 0;
}

/* The first n bytes of s (all of it when shorter) into out. */
static void prefix(const char *s, size_t n, char *out)
{
	size_t len = strlen(s);
	if (len > n)
		len = n;
	memcpy(out, s, len);
	out[len] = 0;
}

#define KEY_MAX 64
#define KEYS_PER_REC 2

/*
 * A blocking key: up to KEYS_PER_REC keys of a record (a pair is a candidate when the
 * records share one); returns how many. A record without the fields gives none.
 */
struct blocking_key {
	const char *name;
	int (*keys)(const struct rec *r, char out[KEYS_PER_REC][KEY_MAX]);
};

static int key_ssn(const struct rec *r, char out[KEYS_PER_REC][KEY_MAX])
{
	if (!r->squeezed[C_SSN])
		return 0;
	snprintf(out[0], KEY_MAX, "%s", r->squeezed[C_SSN]);
	return 1;
}

static int key_dob(const struct rec *r, char out[KEYS_PER_REC][KEY_MAX])
{
	if (!r->squeezed[C_DOB])
		return 0;
	snprintf(out[0], KEY_MAX, "%s", r->squeezed[C_DOB]);
	return 1;
}

/* Soundex of the surname and the given name's first letter, and the same with the two
 * names swapped (lists swap them). */
static int key_names(const struct rec *r, char out[KEYS_PER_REC][KEY_MAX])
{
	const char *g = r->squeezed[C_GIVEN], *s = r->squeezed[C_SURNAME];
	char sg[5], ss[5];
	if (!g || !s)
		return 0;
	soundex(g, sg);
	soundex(s, ss);
	snprintf(out[0], KEY_MAX, "%s/%c", ss, g[0]);
	snprintf(out[1], KEY_MAX, "%s/%c", sg, s[0]);
	return 2;
}

/* The postcode and the street number. */
static int key_postcode_street(const struct rec *r, char out[KEYS_PER_REC][KEY_MAX])
{
	if (!r->squeezed[C_POSTCODE] || !r->squeezed[C_STREET_NUMBER])
		return 0;
	snprintf(out[0], KEY_MAX, "%s/%s", r->squeezed[C_POSTCODE], r->squeezed[C_STREET_NUMBER]);
	return 1;
}

/* The first four letters of the suburb and of the street (address_1). */
static int key_suburb_street(const struct rec *r, char out[KEYS_PER_REC][KEY_MAX])
{
	char a[8], b[8];
	if (!r->squeezed[C_SUBURB] || !r->squeezed[C_ADDRESS_1])
		return 0;
	prefix(r->squeezed[C_SUBURB], 4, a);
	prefix(r->squeezed[C_ADDRESS_1], 4, b);
	snprintf(out[0], KEY_MAX, "%s/%s", a, b);
	return 1;
}

/* The street (address_1, first six letters) and the street number. */
static int key_street(const struct rec *r, char out[KEYS_PER_REC][KEY_MAX])
{
	char a[8];
	if (!r->squeezed[C_ADDRESS_1] || !r->squeezed[C_STREET_NUMBER])
		return 0;
	prefix(r->squeezed[C_ADDRESS_1], 6, a);
	snprintf(out[0], KEY_MAX, "%s/%s", a, r->squeezed[C_STREET_NUMBER]);
	return 1;
}

static const struct blocking_key blocking_keys[] = {
        {"soc_sec_id", key_ssn},
        {"date_of_birth", key_dob},
        {"soundex(surname)+given[0], and swapped", key_names},
        {"postcode+street_number", key_postcode_street},
        {"suburb[0..4]+address_1[0..4]", key_suburb_street},
        {"address_1[0..6]+street_number", key_street},
};

struct key_entry {
	char key[KEY_MAX];
	uint32_t rec;
	int side; /* 0: A, 1: B */
};

static int key_entry_cmp(const void *x, const void *y)
{
	const struct key_entry *a = x, *b = y;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	if (a->side != b->side)
		return a->side - b->side;
	return a->rec < b->rec ? -1 : a->rec > b->rec;
}

struct pairs {
	uint64_t *v; /* a << 32 | b */
	size_t n, alloc;
};

static void pairs_add(struct pairs *ps, uint32_t a, uint32_t b)
{
	if (ps->n == ps->alloc) {
		ps->alloc = ps->alloc ? 2 * ps->alloc : 65536;
		ps->v = xrealloc(ps->v, ps->alloc * sizeof(*ps->v));
	}
	ps->v[ps->n++] = (uint64_t)a << 32 | b;
}

static int u64_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

static void pairs_unique(struct pairs *ps)
{
	size_t out = 0;
	if (ps->n > 1)
		qsort(ps->v, ps->n, sizeof(*ps->v), u64_cmp);
	for (size_t i = 0; i < ps->n; i++)
		if (!out || ps->v[out - 1] != ps->v[i])
			ps->v[out++] = ps->v[i];
	ps->n = out;
}

/* The pairs sharing a key of bk; dedup (b == a): pairs i < j within a. */
static void block(const struct blocking_key *bk, const struct file *a, const struct file *b,
                  struct pairs *out)
{
	int dedup = a == b, sides = dedup ? 1 : 2;
	size_t n = 0, cap = (a->n + (dedup ? 0 : b->n)) * KEYS_PER_REC;
	struct key_entry *e = xmalloc(cap * sizeof(*e));
	for (int side = 0; side < sides; side++) {
		const struct file *f = side ? b : a;
		for (size_t i = 0; i < f->n; i++) {
			char k[KEYS_PER_REC][KEY_MAX];
			int nk = bk->keys(&f->r[i], k);
			for (int j = 0; j < nk; j++) {
				/* a record's two keys may be the same */
				if (j && !strcmp(k[j], k[0]))
					continue;
				memcpy(e[n].key, k[j], KEY_MAX);
				e[n].rec = (uint32_t)i;
				e[n].side = side;
				n++;
			}
		}
	}
	qsort(e, n, sizeof(*e), key_entry_cmp);
	for (size_t lo = 0, hi; lo < n; lo = hi) {
		for (hi = lo + 1; hi < n && !strcmp(e[hi].key, e[lo].key); hi++)
			;
		for (size_t i = lo; i < hi; i++)
			for (size_t j = i + 1; j < hi; j++) {
				if (dedup) {
					if (e[i].rec != e[j].rec)
						pairs_add(out, e[i].rec, e[j].rec);
				} else if (e[i].side == 0 && e[j].side == 1) {
					pairs_add(out, e[i].rec, e[j].rec);
				}
			}
	}
	free(e);
}

/* --- comparison --- */

enum kind {
	K_STRING, /* Jaro-Winkler of the squeezed values: levels by jw_thresholds, top: equal */
	K_CODE,   /* pl_link_compare_code */
	K_EXACT,  /* equal or not */
	K_DATE,   /* pl_link_compare_date */
};

/* Jaro-Winkler thresholds of the levels below "equal" of a string field. */
static const double jw_thresholds[] = {0.8, 0.9};

static const enum kind col_kind[C__MAX] = {
        [C_GIVEN] = K_STRING,     [C_SURNAME] = K_STRING,   [C_STREET_NUMBER] = K_CODE,
        [C_ADDRESS_1] = K_STRING, [C_ADDRESS_2] = K_STRING, [C_SUBURB] = K_STRING,
        [C_POSTCODE] = K_CODE,    [C_STATE] = K_EXACT,      [C_DOB] = K_DATE,
        [C_SSN] = K_CODE,
};

static int kind_levels(enum kind k)
{
	switch (k) {
	case K_STRING:
		return (int)COUNT(jw_thresholds) + 2;
	case K_CODE:
		return PL_LINK_CODE__MAX;
	case K_EXACT:
		return 2;
	case K_DATE:
		return PL_LINK_DATE__MAX;
	}
	return 2;
}

static const char *level_name(enum kind k, int level)
{
	static const char *const string[] = {"jw < 0.8", "jw >= 0.8", "jw >= 0.9", "equal"};
	static const char *const code[] = {"different", "one edit", "transposed", "equal"};
	static const char *const exact[] = {"different", "equal"};
	static const char *const date[] = {"different", "two of three", "partial", "day-month",
	                                   "equal"};
	switch (k) {
	case K_STRING:
		return string[level];
	case K_CODE:
		return code[level];
	case K_EXACT:
		return exact[level];
	case K_DATE:
		return date[level];
	}
	return "?";
}

/* Jaro-Winkler, -1 when either is missing. */
static double jw(const char *a, const char *b)
{
	if (!a || !b)
		return -1;
	return pl_search_jaro_winkler(a, b);
}

static int string_level(const char *a, const char *b, double sim)
{
	if (!a || !b)
		return PL_LINK_MISSING;
	if (!strcmp(a, b))
		return (int)COUNT(jw_thresholds) + 1;
	return pl_link_level_of(sim, jw_thresholds, (int)COUNT(jw_thresholds));
}

/* The levels of the pair (a, b), one per column. */
static void compare(const struct rec *a, const struct rec *b, signed char *out)
{
	const char *ga = a->squeezed[C_GIVEN], *sa = a->squeezed[C_SURNAME];
	const char *gb = b->squeezed[C_GIVEN], *sb = b->squeezed[C_SURNAME];
	double g = jw(ga, gb), s = jw(sa, sb);
	/* given name and surname swapped: compare them crosswise when that fits better */
	if (ga && sa && gb && sb) {
		double xg = jw(ga, sb), xs = jw(sa, gb);
		if (xg + xs > g + s) {
			const char *t = gb;
			gb = sb;
			sb = t;
			g = xg;
			s = xs;
		}
	}
	out[C_GIVEN] = (signed char)string_level(ga, gb, g);
	out[C_SURNAME] = (signed char)string_level(sa, sb, s);
	for (int c = C_SURNAME + 1; c < C__MAX; c++) {
		const char *x = a->squeezed[c], *y = b->squeezed[c];
		int l = PL_LINK_MISSING;
		switch (col_kind[c]) {
		case K_STRING:
			l = string_level(x, y, jw(x, y));
			break;
		case K_CODE:
			l = pl_link_compare_code(x, y);
			break;
		case K_EXACT:
			l = x && y ? !strcmp(x, y) : PL_LINK_MISSING;
			break;
		case K_DATE:
			l = pl_link_compare_date(&a->dob, &b->dob);
			break;
		}
		out[c] = (signed char)l;
	}
}

/* --- the run --- */

static int same_person(const struct file *a, const struct file *b, uint64_t pair)
{
	return a->r[pair >> 32].entity == b->r[pair & 0xffffffffu].entity;
}

/* The candidate pairs: the union of the blocks of every key (verbose: each key's count). */
static void candidates(const struct file *a, const struct file *b, int verbose, struct pairs *out)
{
	for (size_t k = 0; k < COUNT(blocking_keys); k++) {
		size_t first = out->n;
		block(&blocking_keys[k], a, b, out);
		if (verbose) {
			struct pairs one = {0};
			size_t hit = 0;
			one.n = one.alloc = out->n - first;
			one.v = xmalloc(one.n * sizeof(*one.v));
			if (one.n)
				memcpy(one.v, out->v + first, one.n * sizeof(*one.v));
			pairs_unique(&one);
			for (size_t i = 0; i < one.n; i++)
				hit += (size_t)same_person(a, b, one.v[i]);
			printf("block %-40s %9zu pairs, %6zu true\n", blocking_keys[k].name, one.n,
			       hit);
			free(one.v);
		}
		pairs_unique(out);
	}
}

static uint64_t rng = 0x2545f4914f6cdd1dULL;
static uint64_t next_random(void)
{
	uint64_t z = (rng += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* m, u and p by EM on the vectors of the n candidates; random_u: u from random pairs. */
static void estimate(struct pl_link_model *model, const signed char *vec, size_t n,
                     const struct file *a, const struct file *b, int random_u,
                     struct pl_link_em_result *res)
{
	struct pl_link_em_opts em = {0};
	struct pl_error err = {0};
	int nlevels[C__MAX];
	for (int k = 0; k < C__MAX; k++)
		nlevels[k] = kind_levels(col_kind[k]);
	if (pl_link_model_init(model, C__MAX, nlevels, &err))
		die("%s", err.msg);
	if (random_u) {
		/* as many random pairs as candidates (100,000 at least): nearly all non-matches */
		size_t nr = n > 100000 ? n : 100000;
		signed char *rv = xmalloc(nr * C__MAX);
		for (size_t i = 0; i < nr; i++) {
			size_t x = next_random() % a->n, y = next_random() % b->n;
			if (a == b && x == y)
				y = (y + 1) % b->n;
			compare(&a->r[x], &b->r[y], rv + i * C__MAX);
		}
		if (pl_link_estimate_u(model, rv, nr, 0, &err))
			die("%s", err.msg);
		free(rv);
		em.fix_u = 1;
	}
	if (pl_link_em(model, vec, n, &em, res, &err))
		die("%s", err.msg);
}

struct result {
	size_t links, tp, truth;
};

static void print_scores(const char *what, const struct result *r)
{
	double p = r->links ? (double)r->tp / (double)r->links : 0;
	double rc = r->truth ? (double)r->tp / (double)r->truth : 0;
	double f1 = p + rc > 0 ? 2 * p * rc / (p + rc) : 0;
	printf("%-28s links %zu, true %zu, false %zu, missed %zu\n", what, r->links, r->tp,
	       r->links - r->tp, r->truth - r->tp);
	printf("%-28s precision %.4f  recall %.4f  f1 %.4f\n", "", p, rc, f1);
}

/* The true pairs: records of a and b (or within a, when b is a) of the same person. */
static size_t true_pairs(const struct file *a, const struct file *b)
{
	size_t max = 0, n = 0;
	long *ca, *cb;
	for (size_t i = 0; i < a->n; i++)
		if ((size_t)a->r[i].entity > max)
			max = (size_t)a->r[i].entity;
	for (size_t i = 0; i < b->n; i++)
		if ((size_t)b->r[i].entity > max)
			max = (size_t)b->r[i].entity;
	ca = calloc(max + 1, sizeof(*ca));
	cb = calloc(max + 1, sizeof(*cb));
	if (!ca || !cb)
		die("out of memory");
	for (size_t i = 0; i < a->n; i++)
		ca[a->r[i].entity]++;
	for (size_t i = 0; i < b->n; i++)
		cb[b->r[i].entity]++;
	for (size_t e = 0; e <= max; e++)
		n += a == b ? (size_t)(ca[e] * (ca[e] - 1) / 2) : (size_t)(ca[e] * cb[e]);
	free(ca);
	free(cb);
	return n;
}

static void usage(void)
{
	fputs("usage: febrl [--u em|random] [--threshold P] [--verbose] A.csv B.csv\n"
	      "       febrl [--u em|random] [--threshold P] [--verbose] --dedup F.csv\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	        {"dedup", no_argument, NULL, 'd'},
	        {"u", required_argument, NULL, 'u'},
	        {"threshold", required_argument, NULL, 't'},
	        {"verbose", no_argument, NULL, 'v'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	struct file fa = {0}, fb = {0}, *b;
	struct pairs cand = {0};
	struct pl_link_model model;
	struct pl_link_em_result res;
	struct pl_link_pair *scored;
	struct pl_error err = {0};
	struct result all = {0}, linked = {0};
	int dedup = 0, verbose = 0, random_u = 0, c;
	double threshold = 0.5, t0, t_read, t_block, t_compare, t_em, t_end;
	double low_true = 1, high_false = 0;
	signed char *vec;
	size_t in_blocks = 0;
	char *end;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd':
			dedup = 1;
			break;
		case 'u':
			if (!strcmp(optarg, "random"))
				random_u = 1;
			else if (strcmp(optarg, "em") != 0)
				usage();
			break;
		case 't':
			errno = 0;
			threshold = strtod(optarg, &end);
			if (errno || *end || !(threshold >= 0 && threshold <= 1))
				die("--threshold: %s is not a probability", optarg);
			break;
		case 'v':
			verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (argc - optind != (dedup ? 1 : 2))
		usage();

	/* the linkage, timed: nothing here looks at the truth (but --verbose's counts) */
	t0 = now();
	fa.path = argv[optind];
	read_file(&fa);
	b = &fa;
	if (!dedup) {
		fb.path = argv[optind + 1];
		read_file(&fb);
		b = &fb;
	}
	t_read = now();
	candidates(&fa, b, verbose, &cand);
	t_block = now();
	vec = xmalloc(cand.n * C__MAX);
	for (size_t i = 0; i < cand.n; i++)
		compare(&fa.r[cand.v[i] >> 32], &b->r[cand.v[i] & 0xffffffffu], vec + i * C__MAX);
	t_compare = now();
	estimate(&model, vec, cand.n, &fa, b, random_u, &res);
	t_em = now();
	scored = xmalloc((cand.n ? cand.n : 1) * sizeof(*scored));
	for (size_t i = 0; i < cand.n; i++) {
		scored[i].a = (long long)(cand.v[i] >> 32);
		scored[i].b = (long long)(cand.v[i] & 0xffffffffu);
		scored[i].score = pl_link_score(&model, vec + i * C__MAX, NULL, NULL);
	}
	if (!dedup && pl_link_one_to_one(scored, cand.n, threshold, &linked.links, &err))
		die("%s", err.msg);
	t_end = now();

	/* the scores against the truth */
	all.truth = linked.truth = true_pairs(&fa, b);
	for (size_t i = 0; i < cand.n; i++) {
		uint64_t pair = (uint64_t)scored[i].a << 32 | (uint64_t)scored[i].b;
		int same = same_person(&fa, b, pair);
		in_blocks += (size_t)same;
		if (same && scored[i].score < low_true)
			low_true = scored[i].score;
		if (!same && scored[i].score > high_false)
			high_false = scored[i].score;
		if (scored[i].score >= threshold) {
			all.links++;
			all.tp += (size_t)same;
		}
		if (!dedup && i < linked.links)
			linked.tp += (size_t)same;
	}
	if (dedup)
		linked = all;

	if (dedup)
		printf("febrl: %s, %zu records, deduplication\n", fa.path, fa.n);
	else
		printf("febrl: %s (%zu records) to %s (%zu records)\n", fa.path, fa.n, fb.path,
		       fb.n);
	printf("blocking: %zu keys, %zu candidate pairs, recall %.4f (%zu of %zu true pairs)\n",
	       COUNT(blocking_keys), cand.n, all.truth ? (double)in_blocks / (double)all.truth : 0,
	       in_blocks, all.truth);
	printf("em: u %s, %d iterations%s, p %.5f, %zu distinct vectors\n",
	       random_u ? "fixed from random pairs" : "by EM", res.iterations,
	       res.converged ? " (converged)" : " (NOT converged)", model.p, res.patterns);
	if (verbose) {
		printf("%-14s %-14s %9s %9s %8s\n", "field", "level", "m", "u", "weight");
		for (int f = 0; f < C__MAX; f++)
			for (int k = 0; k < model.nlevels[f]; k++)
				printf("%-14s %-14s %9.5f %9.5f %8.2f\n", k ? "" : col_names[f],
				       level_name(col_kind[f], k), model.m[f][k], model.u[f][k],
				       pl_link_weight(&model, f, k));
		printf("closest calls: lowest posterior of a true pair %.3g, highest of a false "
		       "pair %.3g\n",
		       low_true, high_false);
	}
	print_scores("posterior >= threshold", &all);
	if (!dedup)
		print_scores("and one-to-one", &linked);
	printf("time %.3f s (read %.3f, block %.3f, compare %.3f, em %.3f, classify %.3f)\n",
	       t_end - t0, t_read - t0, t_block - t_read, t_compare - t_block, t_em - t_compare,
	       t_end - t_em);
	{
		double p = linked.links ? (double)linked.tp / (double)linked.links : 0;
		double rc = linked.truth ? (double)linked.tp / (double)linked.truth : 0;
		printf("result precision=%.4f recall=%.4f f1=%.4f links=%zu pairs=%zu "
		       "iterations=%d seconds=%.3f\n",
		       p, rc, p + rc > 0 ? 2 * p * rc / (p + rc) : 0, linked.links, cand.n,
		       res.iterations, t_end - t0);
	}

	free(scored);
	free(vec);
	free(cand.v);
	free_file(&fa);
	if (!dedup)
		free_file(&fb);
	if (fflush(stdout) || ferror(stdout))
		die("writing the report: %s", strerror(errno));
	return 0;
}
