/* search.c - name skeletons, the name index and the ranked search of persons */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/equiv.h"
#include "parley/names.h"
#include "parley/search.h"
#include "internal.h"
#include "banned.h"

/* A query key that is a group ("g:N", "p:N"), not a skeleton. */
#define PL_SEARCH_PART_GROUP (-1)
/* Code points of one skeleton at most; a longer word is cut. */
#define SKEL_CPS 48
/* Keys of one person at most (the words of four fields, their groups, deletions). */
#define PERSON_KEYS 96
/* Candidates scored at most for one query: the best by the keys they share. */
#define MAX_CANDIDATES 3000

/* Weights of the parts of a name in the score. */
static const double part_weight[] = {
        [PL_SEARCH_PART_FAMILY] = 0.5,
        [PL_SEARCH_PART_GIVEN] = 0.3,
        [PL_SEARCH_PART_PATRONYMIC] = 0.2,
        [PL_SEARCH_PART_OTHER] = 0.4,
};
/* The weight a query word that matches nothing costs. */
#define UNMATCHED_WEIGHT 0.3
/* Below this, a word does not count as matching a part. */
#define MIN_WORD_SIMILARITY 0.05

/* --- skeletons --- */

enum {
	CY_A = 0x430,
	CY_B = 0x431,
	CY_V = 0x432,
	CY_G = 0x433,
	CY_D = 0x434,
	CY_ZH = 0x436,
	CY_Z = 0x437,
	CY_I = 0x438,
	CY_K = 0x43A,
	CY_L = 0x43B,
	CY_M = 0x43C,
	CY_N = 0x43D,
	CY_O = 0x43E,
	CY_P = 0x43F,
	CY_R = 0x440,
	CY_S = 0x441,
	CY_T = 0x442,
	CY_U = 0x443,
	CY_F = 0x444,
	CY_KH = 0x445,
	CY_TS = 0x446,
	CY_CH = 0x447,
	CY_SH = 0x448,
	CY_SHCH = 0x449,
	CY_YU = 0x44E,
	CY_YA = 0x44F,
};

struct skel {
	int32_t cp[SKEL_CPS];
	int n;
};

static void skel_put(struct skel *s, int32_t c)
{
	if (s->n < SKEL_CPS)
		s->cp[s->n++] = c;
}

/* The Cyrillic letter(s) of the Latin letters at w[i]; returns how many it read. */
static int latin_to_cyrillic(const int32_t *w, int n, int i, struct skel *s)
{
	static const struct {
		const char *latin;
		int32_t cy[2];
	} digraphs[] = {
	        /* longest first */
	        {"shch", {CY_SHCH, 0}}, {"sch", {CY_SHCH, 0}}, {"shh", {CY_SHCH, 0}},
	        {"sh", {CY_SH, 0}},     {"zh", {CY_ZH, 0}},    {"kh", {CY_KH, 0}},
	        {"ch", {CY_CH, 0}},     {"ts", {CY_TS, 0}},    {"tz", {CY_TS, 0}},
	        {"cz", {CY_TS, 0}},     {"ck", {CY_K, 0}},     {"gh", {CY_G, 0}},
	        {"ph", {CY_F, 0}},
	};
	static const int32_t single[26][2] = {
	        ['a' - 'a'] = {CY_A, 0}, ['b' - 'a'] = {CY_B, 0}, ['c' - 'a'] = {CY_K, 0},
	        ['d' - 'a'] = {CY_D, 0}, ['e' - 'a'] = {CY_I, 0}, ['f' - 'a'] = {CY_F, 0},
	        ['g' - 'a'] = {CY_G, 0}, ['h' - 'a'] = {CY_G, 0}, ['i' - 'a'] = {CY_I, 0},
	        ['j' - 'a'] = {CY_I, 0}, ['k' - 'a'] = {CY_K, 0}, ['l' - 'a'] = {CY_L, 0},
	        ['m' - 'a'] = {CY_M, 0}, ['n' - 'a'] = {CY_N, 0}, ['o' - 'a'] = {CY_O, 0},
	        ['p' - 'a'] = {CY_P, 0}, ['q' - 'a'] = {CY_K, 0}, ['r' - 'a'] = {CY_R, 0},
	        ['s' - 'a'] = {CY_S, 0}, ['t' - 'a'] = {CY_T, 0}, ['u' - 'a'] = {CY_U, 0},
	        ['v' - 'a'] = {CY_V, 0}, ['w' - 'a'] = {CY_V, 0}, ['x' - 'a'] = {CY_K, CY_S},
	        ['y' - 'a'] = {CY_I, 0}, ['z' - 'a'] = {CY_Z, 0},
	};
	int32_t c = w[i];
	for (size_t d = 0; d < sizeof(digraphs) / sizeof(digraphs[0]); d++) {
		const char *l = digraphs[d].latin;
		int k = 0;
		while (l[k] && i + k < n && w[i + k] == (unsigned char)l[k])
			k++;
		if (!l[k]) {
			skel_put(s, digraphs[d].cy[0]);
			return k;
		}
	}
	if (c == 'c' && i + 1 < n && (w[i + 1] == 'e' || w[i + 1] == 'i' || w[i + 1] == 'y')) {
		skel_put(s, CY_TS); /* GOST's c before e i y j, and Latin custom */
		return 1;
	}
	if (c >= 'a' && c <= 'z') {
		skel_put(s, single[c - 'a'][0]);
		if (single[c - 'a'][1])
			skel_put(s, single[c - 'a'][1]);
		return 1;
	}
	skel_put(s, c);
	return 1;
}

/* Steps 2 to 6 of pl_search_skeleton on one word of a loose key. */
static void skeleton_word(const int32_t *w, int n, struct skel *out)
{
	struct skel a = {.n = 0};
	int k = 0;
	for (int i = 0; i < n;) {
		int32_t c = w[i];
		if (c < 0x80) {
			i += latin_to_cyrillic(w, n, i, &a);
			continue;
		}
		if (c == CY_YA || c == CY_YU) {
			skel_put(&a, CY_I);
			skel_put(&a, c == CY_YA ? CY_A : CY_U);
		} else {
			skel_put(&a, c);
		}
		i++;
	}
	/* runs as one letter; ио inside a word as и */
	out->n = 0;
	for (int i = 0; i < a.n; i++) {
		int32_t c = a.cp[i];
		if (k && out->cp[k - 1] == c)
			continue;
		if (c == CY_O && k > 1 && out->cp[k - 1] == CY_I)
			continue;
		out->cp[k++] = c;
	}
	out->n = k;
	/* -ов, -ова: the vowel KMU and ICAO write o or e, ё and ьо alike */
	if (k >= 4 && out->cp[k - 1] == CY_V && out->cp[k - 2] == CY_O)
		out->cp[k - 2] = CY_I;
	else if (k >= 5 && out->cp[k - 1] == CY_A && out->cp[k - 2] == CY_V &&
	         out->cp[k - 3] == CY_O)
		out->cp[k - 3] = CY_I;
	/* an и made next to an и by the steps above */
	k = 0;
	for (int i = 0; i < out->n; i++)
		if (!k || out->cp[k - 1] != out->cp[i])
			out->cp[k++] = out->cp[i];
	out->n = k;
}

/* Appends s as UTF-8 to out[*len..size); 0, or -1 when it does not fit. */
static int skel_encode(const struct skel *s, char *out, size_t size, size_t *len)
{
	for (int i = 0; i < s->n; i++) {
		utf8proc_uint8_t b[4];
		utf8proc_ssize_t m = utf8proc_encode_char(s->cp[i], b);
		if (m <= 0 || *len + (size_t)m + 1 > size)
			return -1;
		memcpy(out + *len, b, (size_t)m);
		*len += (size_t)m;
	}
	out[*len] = '\0';
	return 0;
}

/*
 * Calls fn for each word's skeleton of the name s (loose key split at spaces).
 * Returns 0, fn's non-zero, or PL_EDATA.
 */
static int each_skeleton(const char *s, int (*fn)(void *, const struct skel *), void *ctx,
                         struct pl_error *err)
{
	char *key = NULL;
	const utf8proc_uint8_t *p;
	int32_t w[SKEL_CPS * 2];
	int n = 0, rc = 0;
	if ((rc = pl_name_normalize(s, PL_NAME_LOOSE, &key, err)))
		return rc;
	p = (const utf8proc_uint8_t *)key;
	for (;;) {
		utf8proc_int32_t c = 0;
		utf8proc_ssize_t m = *p ? utf8proc_iterate(p, -1, &c) : 0;
		if (m < 0) {
			rc = pl_error_set(err, PL_EDATA, "name: invalid UTF-8");
			break;
		}
		if (m == 0 || c == ' ') {
			if (n) {
				struct skel sk;
				skeleton_word(w, n, &sk);
				if (sk.n && (rc = fn(ctx, &sk)))
					break;
			}
			n = 0;
			if (m == 0)
				break;
		} else if (n < (int)(sizeof(w) / sizeof(w[0]))) {
			w[n++] = c;
		}
		p += m;
	}
	pl_free(key);
	return rc;
}

struct join_ctx {
	char *out;
	size_t size, len;
	int overflow;
};

static int join_one(void *ctx, const struct skel *s)
{
	struct join_ctx *j = ctx;
	if (j->len) {
		if (j->len + 2 > j->size) {
			j->overflow = 1;
			return 1;
		}
		j->out[j->len++] = ' ';
		j->out[j->len] = '\0';
	}
	if (skel_encode(s, j->out, j->size, &j->len)) {
		j->overflow = 1;
		return 1;
	}
	return 0;
}

int pl_search_skeleton(const char *word, char *out, size_t size, struct pl_error *err)
{
	char buf[PL_SEARCH_KEY_MAX * 2];
	struct join_ctx j = {buf, sizeof(buf), 0, 0};
	int rc;
	if (!word || !out)
		return pl_error_set(err, PL_EUSAGE, "skeleton: no word");
	buf[0] = '\0';
	rc = each_skeleton(word, join_one, &j, err);
	if (rc && !j.overflow)
		return rc;
	if (j.overflow || j.len + 1 > size)
		return pl_error_set(err, PL_EUSAGE, "skeleton: the name is too long");
	memcpy(out, buf, j.len + 1);
	return 0;
}

/* --- Jaro-Winkler --- */

static double jaro_winkler_cps(const int32_t *a, int na, const int32_t *b, int nb)
{
	unsigned char ma[SKEL_CPS * 2] = {0}, mb[SKEL_CPS * 2] = {0};
	int range, m = 0, t = 0, prefix = 0;
	double j;
	if (!na || !nb)
		return na == nb && na ? 1.0 : 0.0;
	range = (na > nb ? na : nb) / 2 - 1;
	if (range < 0)
		range = 0;
	for (int i = 0; i < na; i++) {
		int lo = i - range > 0 ? i - range : 0,
		    hi = i + range + 1 < nb ? i + range + 1 : nb;
		for (int k = lo; k < hi; k++)
			if (!mb[k] && a[i] == b[k]) {
				ma[i] = mb[k] = 1;
				m++;
				break;
			}
	}
	if (!m)
		return 0.0;
	for (int i = 0, k = 0; i < na; i++) {
		if (!ma[i])
			continue;
		while (!mb[k])
			k++;
		if (a[i] != b[k])
			t++;
		k++;
	}
	j = ((double)m / na + (double)m / nb + (m - t / 2.0) / m) / 3.0;
	while (prefix < 4 && prefix < na && prefix < nb && a[prefix] == b[prefix])
		prefix++;
	return j + prefix * 0.1 * (1.0 - j);
}

static int decode(const char *s, int32_t *cp, int cap)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int n = 0;
	while (*p && n < cap) {
		utf8proc_int32_t c;
		utf8proc_ssize_t m = utf8proc_iterate(p, -1, &c);
		if (m <= 0)
			break;
		cp[n++] = c;
		p += m;
	}
	return n;
}

double pl_search_jaro_winkler(const char *a, const char *b)
{
	int32_t x[SKEL_CPS * 2], y[SKEL_CPS * 2];
	int nx, ny;
	if (!a || !b)
		return 0.0;
	nx = decode(a, x, SKEL_CPS * 2);
	ny = decode(b, y, SKEL_CPS * 2);
	if (!nx && !ny)
		return 0.0;
	return jaro_winkler_cps(x, nx, y, ny);
}

/* --- the keys of a person --- */

struct keyset {
	struct store_name_key k[PERSON_KEYS];
	size_t n;
	int part;
	int deletions; /* family names: kept in fam[] for the variants table */
	struct skel fam[4];
	int nfam;
};

static void keyset_add(struct keyset *ks, int part, const char *key)
{
	for (size_t i = 0; i < ks->n; i++)
		if (ks->k[i].part == part && !strcmp(ks->k[i].key, key))
			return;
	if (ks->n >= PERSON_KEYS || strlen(key) >= sizeof(ks->k[0].key))
		return;
	ks->k[ks->n].part = part;
	snprintf(ks->k[ks->n].key, sizeof(ks->k[0].key), "%s", key);
	ks->n++;
}

static void add_deletions(struct keyset *ks, const struct skel *s, int part)
{
	if (s->n < 4) /* short words: one letter less finds too much */
		return;
	for (int d = 0; d < s->n; d++) {
		struct skel v = {.n = 0};
		char key[PL_SEARCH_KEY_MAX];
		size_t len = 0;
		for (int i = 0; i < s->n; i++)
			if (i != d)
				skel_put(&v, s->cp[i]);
		if (!skel_encode(&v, key, sizeof(key), &len))
			keyset_add(ks, part, key);
	}
}

static int keyset_word(void *ctx, const struct skel *s)
{
	struct keyset *ks = ctx;
	char key[PL_SEARCH_KEY_MAX];
	size_t len = 0;
	if (skel_encode(s, key, sizeof(key), &len))
		return 0;
	keyset_add(ks, ks->part, key);
	if (ks->deletions && ks->nfam < (int)(sizeof(ks->fam) / sizeof(ks->fam[0])))
		ks->fam[ks->nfam++] = *s;
	return 0;
}

/* The keys of one name field: its words' skeletons, and the groups of given names. */
static int keyset_field(struct keyset *ks, int part, const char *v, struct pl_error *err)
{
	char key[32];
	int rc;
	if (!v || !*v)
		return 0;
	ks->part = part;
	ks->deletions = part == PL_SEARCH_PART_FAMILY;
	if ((rc = each_skeleton(v, keyset_word, ks, err)))
		return rc;
	if (part == PL_SEARCH_PART_GIVEN) {
		int g = pl_equiv_given_group(v);
		if (g >= 0) {
			snprintf(key, sizeof(key), "g:%d", g);
			keyset_add(ks, part, key);
		}
	} else if (part == PL_SEARCH_PART_PATRONYMIC) {
		int g;
		if (!pl_equiv_patronymic_group(v, &g, NULL)) {
			snprintf(key, sizeof(key), "p:%d", g);
			keyset_add(ks, part, key);
		}
	}
	return 0;
}

static int person_keys(struct keyset *ks, const char *family, const char *given,
                       const char *patronymic, const char *other, struct pl_error *err)
{
	int rc;
	ks->n = 0;
	ks->nfam = 0;
	if ((rc = keyset_field(ks, PL_SEARCH_PART_FAMILY, family, err)) ||
	    (rc = keyset_field(ks, PL_SEARCH_PART_GIVEN, given, err)) ||
	    (rc = keyset_field(ks, PL_SEARCH_PART_PATRONYMIC, patronymic, err)) ||
	    (rc = keyset_field(ks, PL_SEARCH_PART_OTHER, other, err)))
		return rc;
	return 0;
}

/*
 * Typos: the table name_variants maps each family skeleton the registry has seen, and
 * each of its one-letter deletions, to the skeleton. A query word's skeleton and its
 * deletions looked up there give the family skeletons one letter away (a letter more,
 * less or another). Written once per distinct skeleton, not per person: the import
 * pays one look-up per family name.
 */
static int register_variants(struct pl_db *db, struct keyset *ks, struct pl_error *err)
{
	for (int f = 0; f < ks->nfam; f++) {
		struct keyset *v = NULL;
		char key[PL_SEARCH_KEY_MAX];
		size_t len = 0;
		int is_new, rc;
		if (skel_encode(&ks->fam[f], key, sizeof(key), &len))
			continue;
		if ((rc = store_name_variant_new(db, key, &is_new, err)))
			return rc;
		if (!is_new)
			continue;
		if (!(v = pl_malloc(sizeof(*v))))
			return pl_error_set(err, PL_EDATA, "out of memory");
		v->n = 0;
		add_deletions(v, &ks->fam[f], PL_SEARCH_PART_DELETION);
		rc = store_name_variants_add(db, key, v->k, v->n, err);
		pl_free(v);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * The name index is derived data, like an SQL index: it is written in the transaction
 * of the person's write, from the person's row, and not audited (name_keys is not in
 * store_audited_tables); the audited persons row is its source, and pl_search_reindex
 * rebuilds it from there.
 */
int search_index_person(struct pl_db *db, long long person_id, const struct pl_record *p, int fresh,
                        struct pl_error *err)
{
	struct keyset *ks = pl_malloc(sizeof(*ks));
	int rc;
	if (!ks)
		return pl_error_set(err, PL_EDATA, "out of memory");
	rc = person_keys(ks, pl_record_get(p, "family_name"), pl_record_get(p, "given_name"),
	                 pl_record_get(p, "patronymic"), pl_record_get(p, "other_names"), err);
	if (!rc)
		rc = store_name_keys_put(db, person_id, ks->k, ks->n, !fresh, err);
	if (!rc)
		rc = register_variants(db, ks, err);
	pl_free(ks);
	return rc;
}

int pl_search_index_stale(struct pl_db *db, int *stale, struct pl_error *err)
{
	long long v;
	int rc;
	if ((rc = store_name_index_version(db->st, &v, err)))
		return rc;
	*stale = v != PL_SEARCH_KEY_VERSION;
	return 0;
}

struct reindex_ctx {
	struct pl_db *db;
	struct keyset *ks;
	long long n;
	struct pl_error *err;
};

static int reindex_one(void *ctx, const struct store_name_row *r)
{
	struct reindex_ctx *x = ctx;
	int rc = person_keys(x->ks, r->family, r->given, r->patronymic, r->other, x->err);
	if (rc)
		return rc;
	x->n++;
	if ((rc = store_name_keys_put(x->db, r->id, x->ks->k, x->ks->n, 0, x->err)))
		return rc;
	return register_variants(x->db, x->ks, x->err);
}

int pl_search_reindex(struct pl_db *db, const struct pl_actor *actor, long long *n,
                      struct pl_error *err)
{
	struct reindex_ctx x = {db, NULL, 0, err};
	char count[32];
	int rc;
	/* derived data: whoever may search may rebuild it, and an admin */
	if (!pl_roles_may(actor->roles, PL_OP_ACCOUNT_ADD) &&
	    (rc = pl_authorize(db, actor, PL_OP_PERSON_LIST, err)))
		return rc;
	if (!(x.ks = pl_malloc(sizeof(*x.ks))))
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = store_begin(db, err)))
		goto out;
	if ((rc = store_name_keys_clear(db, err)) ||
	    (rc = store_name_rows(db->st, NULL, 0, NULL, 0, reindex_one, &x, err)) ||
	    (rc = store_set_name_index_version(db, PL_SEARCH_KEY_VERSION, err)))
		goto fail;
	snprintf(count, sizeof(count), "persons=%lld", x.n);
	if ((rc = audit_note(db, actor, "search.reindex", NULL, 0, NULL, count, err)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (n)
		*n = x.n;
	goto out;
fail:
	store_rollback(db);
out:
	pl_free(x.ks);
	return rc;
}

/* --- the search --- */

struct qword {
	char text[PL_SEARCH_KEY_MAX]; /* as given (cut) */
	struct skel sk;
	char key[PL_SEARCH_KEY_MAX];
	int cyrillic;
};

struct query {
	struct qword w[PL_SEARCH_MAX_WORDS];
	int n;
};

struct hit {
	long long id;
	char ref[PL_REF_MAX];
	double score;
};

struct search_ctx {
	const struct query *q;
	const struct pl_search_opts *o;
	struct hit *hits;
	size_t n, cap;
	struct pl_error *err;
};

/* One word of a name field: its part, skeleton and spelling. */
struct slot {
	int part;
	struct skel sk;
	const char *field; /* the whole field, for the equivalence of given names */
};

struct slots {
	struct slot s[12];
	int n;
	int part;
	const char *field;
};

static int slot_word(void *ctx, const struct skel *s)
{
	struct slots *ss = ctx;
	if (ss->n < (int)(sizeof(ss->s) / sizeof(ss->s[0]))) {
		ss->s[ss->n].part = ss->part;
		ss->s[ss->n].sk = *s;
		ss->s[ss->n].field = ss->field;
		ss->n++;
	}
	return 0;
}

static int skel_equal(const struct skel *a, const struct skel *b)
{
	return a->n == b->n && !memcmp(a->cp, b->cp, (size_t)a->n * sizeof(a->cp[0]));
}

static double word_similarity(const struct qword *w, const struct slot *s)
{
	double sim;
	if (skel_equal(&w->sk, &s->sk))
		return 1.0;
	/*
	 * Another spelling: Jaro-Winkler, less for words of unlike length (its prefix
	 * bonus makes Сергій half of Сергійович), then 0.8..1 spread over 0..0.9, so that
	 * a near miss never beats the same name, and two near misses no exact match.
	 */
	{
		int lo = w->sk.n < s->sk.n ? w->sk.n : s->sk.n;
		int hi = w->sk.n < s->sk.n ? s->sk.n : w->sk.n;
		double jw = jaro_winkler_cps(w->sk.cp, w->sk.n, s->sk.cp, s->sk.n);
		jw *= hi ? (1.0 + (double)lo / hi) / 2.0 : 0;
		sim = jw >= 0.8 ? (jw - 0.8) / 0.2 * 0.9 : 0;
	}
	if (w->cyrillic && s->part == PL_SEARCH_PART_GIVEN) {
		double g = 0;
		if (!pl_equiv_given_score(w->text, s->field, &g) && g > sim)
			sim = g;
	} else if (w->cyrillic && s->part == PL_SEARCH_PART_PATRONYMIC) {
		if (pl_equiv_same_patronymic(w->text, s->field) && sim < PL_EQUIV_SCORE_FULL)
			sim = PL_EQUIV_SCORE_FULL;
	}
	return sim;
}

/*
 * The best assignment of query words to the words of the name (each used once, any
 * order): the weighted mean of the similarities over the parts matched, where a query
 * word matching nothing counts UNMATCHED_WEIGHT with similarity 0.
 */
static void best_assignment(const struct query *q, const struct slots *ss,
                            double sim[PL_SEARCH_MAX_WORDS][12], int wi, unsigned used, double num,
                            double den, double *best)
{
	double d;
	if (wi == q->n) {
		d = den > 0 ? num / den : 0;
		if (d > *best)
			*best = d;
		return;
	}
	best_assignment(q, ss, sim, wi + 1, used, num, den + UNMATCHED_WEIGHT, best);
	for (int k = 0; k < ss->n; k++) {
		double w;
		if ((used & (1u << k)) || sim[wi][k] < MIN_WORD_SIMILARITY)
			continue;
		w = part_weight[ss->s[k].part];
		best_assignment(q, ss, sim, wi + 1, used | (1u << k), num + w * sim[wi][k], den + w,
		                best);
	}
}

static int birth_year(const char *date)
{
	int y = 0;
	if (!date)
		return 0;
	for (int i = 0; i < 4; i++) {
		if (date[i] < '0' || date[i] > '9')
			return 0;
		y = y * 10 + (date[i] - '0');
	}
	return y;
}

static int score_one(void *ctx, const struct store_name_row *r)
{
	struct search_ctx *x = ctx;
	struct slots ss = {.n = 0};
	double sim[PL_SEARCH_MAX_WORDS][12], score = 0;
	const char *fields[] = {r->family, r->given, r->patronymic, r->other};
	const int parts[] = {PL_SEARCH_PART_FAMILY, PL_SEARCH_PART_GIVEN, PL_SEARCH_PART_PATRONYMIC,
	                     PL_SEARCH_PART_OTHER};
	int rc, year = birth_year(r->birth_date);

	if (x->o->birth_year && year && year != x->o->birth_year)
		return 0;
	for (int f = 0; f < 4; f++) {
		if (!fields[f] || !*fields[f])
			continue;
		ss.part = parts[f];
		ss.field = fields[f];
		if ((rc = each_skeleton(fields[f], slot_word, &ss, x->err)))
			return rc;
	}
	for (int i = 0; i < x->q->n; i++)
		for (int k = 0; k < ss.n; k++)
			sim[i][k] = word_similarity(&x->q->w[i], &ss.s[k]);
	best_assignment(x->q, &ss, sim, 0, 0, 0, 0, &score);
	if (x->o->birth_year && !year)
		score *= 0.9; /* born when, not known: below those known to match */
	if (score <= 0)
		return 0;
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 64;
		struct hit *h = pl_realloc(x->hits, cap * sizeof(*h));
		if (!h)
			return pl_error_set(x->err, PL_EDATA, "out of memory");
		x->hits = h;
		x->cap = cap;
	}
	x->hits[x->n].id = r->id;
	snprintf(x->hits[x->n].ref, PL_REF_MAX, "%s", r->ref);
	x->hits[x->n].score = score;
	x->n++;
	return 0;
}

static int hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return strcmp(x->ref, y->ref);
}

struct qword_ctx {
	struct query *q;
	const char *text;
};

static int query_word(void *ctx, const struct skel *s)
{
	struct qword_ctx *c = ctx;
	struct qword *w;
	size_t len = 0;
	if (c->q->n >= PL_SEARCH_MAX_WORDS)
		return 0;
	w = &c->q->w[c->q->n];
	w->sk = *s;
	if (skel_encode(s, w->key, sizeof(w->key), &len))
		return 0;
	snprintf(w->text, sizeof(w->text), "%s", c->text);
	w->cyrillic = pl_name_script(c->text) == PL_SCRIPT_CYRILLIC;
	c->q->n++;
	return 0;
}

/* The words of the query: split on white space, commas; each word's skeleton. */
static int parse_query(const char *text, struct query *q, struct pl_error *err)
{
	const char *p = text;
	q->n = 0;
	while (*p && q->n < PL_SEARCH_MAX_WORDS) {
		char word[PL_SEARCH_KEY_MAX];
		size_t len = strcspn(p, " \t\n,;");
		int rc;
		struct qword_ctx c = {q, word};
		if (!len) {
			p++;
			continue;
		}
		snprintf(word, sizeof(word), "%.*s",
		         (int)(len < sizeof(word) ? len : sizeof(word) - 1), p);
		/* a hyphenated word gives several skeletons, each a word of the query */
		if ((rc = each_skeleton(word, query_word, &c, err)))
			return rc;
		p += len;
	}
	return 0;
}

/* The keys to look up: each word's skeleton, its groups, its one-letter deletions. */
static int query_keys(const struct query *q, struct keyset *ks)
{
	ks->n = 0;
	for (int i = 0; i < q->n; i++) {
		const struct qword *w = &q->w[i];
		keyset_add(ks, 0, w->key);
		add_deletions(ks, &w->sk, 0);
		if (w->cyrillic) {
			const int *g;
			size_t ng;
			int pg;
			char key[32];
			if (!pl_equiv_given_groups(w->text, &g, &ng))
				for (size_t k = 0; k < ng; k++) {
					snprintf(key, sizeof(key), "g:%d", g[k]);
					keyset_add(ks, PL_SEARCH_PART_GROUP, key);
				}
			if (!pl_equiv_patronymic_group(w->text, &pg, NULL)) {
				snprintf(key, sizeof(key), "p:%d", pg);
				keyset_add(ks, PL_SEARCH_PART_GROUP, key);
			}
		}
	}
	return 0;
}

static int variant_key(void *ctx, const char *key)
{
	keyset_add(ctx, 0, key);
	return 0;
}

int pl_search(struct pl_db *db, const struct pl_actor *actor, const char *text,
              const struct pl_search_opts *o, pl_search_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_search_opts opts = {0, NULL, 0};
	struct query *q = NULL;
	struct keyset *ks = NULL;
	struct search_ctx x = {0};
	const char *keys[PERSON_KEYS];
	size_t limit;
	int stale, rc;

	if (o)
		opts = *o;
	if (!text || !*text)
		return pl_error_set(err, PL_EUSAGE, "search: give a name to search for");
	if (opts.side && strcmp(opts.side, "captive") && strcmp(opts.side, "detainee"))
		return pl_error_set(err, PL_EUSAGE, "--side: '%s' is not one of captive, detainee",
		                    opts.side);
	if (opts.birth_year && (opts.birth_year < 1900 || opts.birth_year > 2100))
		return pl_error_set(err, PL_EUSAGE, "--year: %d is not a year from 1900 to 2100",
		                    opts.birth_year);
	if (opts.limit < 0)
		return pl_error_set(err, PL_EUSAGE, "--limit: takes a number >= 0");
	limit = opts.limit ? (size_t)opts.limit : PL_SEARCH_DEFAULT_LIMIT;
	{
		/* bad UTF-8 and over-long text are named before anything else is done */
		char *check = NULL;
		if ((rc = pl_name_normalize(text, PL_NAME_LOOSE, &check, err))) {
			pl_error_prefix(err, "search");
			return rc;
		}
		rc = !*check;
		pl_free(check);
		if (rc)
			return pl_error_set(err, PL_EUSAGE,
			                    "search: '%s' has no letters to search for", text);
	}
	if ((rc = pl_authorize(db, actor, PL_OP_PERSON_LIST, err)))
		return rc;
	if ((rc = pl_search_index_stale(db, &stale, err)))
		return rc;
	if (stale)
		return pl_error_set(err, PL_EDATA,
		                    "the name index is not built for this data file: run parley "
		                    "search --reindex (as a registrar, head or admin)");
	q = pl_malloc(sizeof(*q));
	ks = pl_malloc(sizeof(*ks));
	if (!q || !ks) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	if ((rc = parse_query(text, q, err)))
		goto out;
	if (!q->n) {
		rc = pl_error_set(err, PL_EUSAGE, "search: '%s' has no letters to search for",
		                  text);
		goto out;
	}
	query_keys(q, ks);
	{
		/* the family skeletons one letter away from a word of the query */
		const char *vq[PERSON_KEYS];
		size_t nv = 0;
		for (size_t i = 0; i < ks->n; i++)
			if (ks->k[i].part != PL_SEARCH_PART_GROUP)
				vq[nv++] = ks->k[i].key;
		if ((rc = store_name_variant_keys(db->st, vq, nv, variant_key, ks, err)))
			goto out;
	}
	for (size_t i = 0; i < ks->n; i++)
		keys[i] = ks->k[i].key;
	x.q = q;
	x.o = &opts;
	x.err = err;
	if ((rc = store_name_rows(db->st, keys, ks->n, opts.side, MAX_CANDIDATES, score_one, &x,
	                          err)))
		goto out;
	qsort(x.hits, x.n, sizeof(x.hits[0]), hit_cmp);
	for (size_t i = 0; i < x.n && i < limit; i++) {
		struct pl_record p;
		struct pl_search_hit h;
		if ((rc = store_get(db->st, pl_entity(PL_ENT_PERSON), x.hits[i].id, &p, err)))
			goto out;
		if (person_redact_for_list(actor, &p)) {
			pl_record_release(&p);
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto out;
		}
		h.ref = x.hits[i].ref;
		h.score = x.hits[i].score;
		h.person = &p;
		rc = cb(ctx, &h);
		pl_record_release(&p);
		if (rc)
			goto out;
	}
out:
	pl_free(x.hits);
	pl_free(ks);
	pl_free(q);
	return rc;
}
