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
#include "name-index.h"
#include "banned.h"

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
		/* tsh is т then sh (Мухаметшин, Mukhametshyn), not ц then h */
		if (!strcmp(l, "ts") && i + 2 < n && w[i + 2] == 'h')
			continue;
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
	/* runs as one letter; ио as и, first letter but one too (Ёлкин, GOST Yolkin) */
	out->n = 0;
	for (int i = 0; i < a.n; i++) {
		int32_t c = a.cp[i];
		if (k && out->cp[k - 1] == c)
			continue;
		if (c == CY_O && k > 0 && out->cp[k - 1] == CY_I)
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
	/* кс as х: GOST 7.79-B writes х as x, which step 2 reads as кс (Лях, Lyax); тс as ц:
	 * every Latin system writes т then с as ts, which step 2 reads as ц (Краснокутський,
	 * Krasnokutskyi) */
	k = 0;
	for (int i = 0; i < out->n; i++) {
		if (out->cp[i] == CY_K && i + 1 < out->n && out->cp[i + 1] == CY_S) {
			out->cp[k++] = CY_KH;
			i++;
			continue;
		}
		if (out->cp[i] == CY_T && i + 1 < out->n && out->cp[i + 1] == CY_S) {
			out->cp[k++] = CY_TS;
			i++;
			continue;
		}
		out->cp[k++] = out->cp[i];
	}
	out->n = k;
	/* a final -ая as -а: Russian Малиновская, Ukrainian Малиновська */
	if (out->n >= 5 && out->cp[out->n - 1] == CY_A && out->cp[out->n - 2] == CY_I &&
	    out->cp[out->n - 3] == CY_A)
		out->n -= 2;
	/* a final -ой as -ий: Russian Гаевой, Луговой, Ukrainian Гайовий, Луговий */
	else if (out->n >= 5 && out->cp[out->n - 1] == CY_I && out->cp[out->n - 2] == CY_O)
		out->cp[--out->n - 1] = CY_I;
	/* an и made next to an и by the steps above */
	k = 0;
	for (int i = 0; i < out->n; i++)
		if (!k || out->cp[k - 1] != out->cp[i])
			out->cp[k++] = out->cp[i];
	out->n = k;
}

static int is_vowel(int32_t c)
{
	return c == CY_A || c == CY_I || c == CY_O || c == CY_U || c == 0x435 /* е */ ||
	       c == 0x44B /* ы */ || c == 0x44D /* э */;
}

void search_consonants(const struct skel *s, struct skel *out)
{
	out->n = 0;
	for (int i = 0; i < s->n; i++)
		if (!is_vowel(s->cp[i]))
			out->cp[out->n++] = s->cp[i];
}

/* Appends s as UTF-8 to out[*len..size); 0, or -1 when it does not fit. */
int search_skel_encode(const struct skel *s, char *out, size_t size, size_t *len)
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
int search_each_skeleton(const char *s, int (*fn)(void *, const struct skel *), void *ctx,
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
	if (search_skel_encode(s, j->out, j->size, &j->len)) {
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
	rc = search_each_skeleton(word, join_one, &j, err);
	if (rc && !j.overflow)
		return rc;
	if (j.overflow || j.len + 1 > size)
		return pl_error_set(err, PL_EUSAGE, "skeleton: the name is too long");
	memcpy(out, buf, j.len + 1);
	return 0;
}

/* --- Jaro-Winkler --- */

double search_jaro_winkler_cps(const int32_t *a, int na, const int32_t *b, int nb)
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
	return search_jaro_winkler_cps(x, nx, y, ny);
}

/* --- the index of every person --- */

/*
 * The name index is derived data, like an SQL index: it is written in the transaction
 * of the person's write, from the person's row, and not audited (name_index is not in
 * store_audited_tables); the audited persons row is its source, and pl_search_reindex
 * rebuilds it from there.
 */
static int index_row(struct pl_db *db, const struct store_name_row *r, struct strbuf *keys,
                     struct pl_error *err)
{
	struct store_name_entry e = {r->id, r->ref, r->side, r->birth_date, r->unit, NULL};
	int rc;
	strbuf_reset(keys);
	if ((rc = nameix_person_keys(r->family, r->given, r->patronymic, r->other, keys, err)))
		return rc;
	e.keys = strbuf_str(keys);
	return store_name_index_put(db, &e, err);
}

int search_index_person(struct pl_db *db, long long person_id, const struct pl_record *p, int fresh,
                        struct pl_error *err)
{
	struct strbuf keys = STRBUF_INIT;
	int rc;
	(void)fresh;
	nameix_invalidate(db);
	struct store_name_row r = {person_id,
	                           pl_record_get(p, "ref"),
	                           pl_record_get(p, "side"),
	                           pl_record_get(p, "family_name"),
	                           pl_record_get(p, "given_name"),
	                           pl_record_get(p, "patronymic"),
	                           pl_record_get(p, "other_names"),
	                           pl_record_get(p, "birth_date"),
	                           pl_record_get(p, "unit")};
	rc = index_row(db, &r, &keys, err);
	strbuf_release(&keys);
	return rc;
}

int search_unindex_person(struct pl_db *db, long long person_id, struct pl_error *err)
{
	nameix_invalidate(db);
	return store_name_index_delete(db, person_id, err);
}

int pl_search_index_stale(struct pl_db *db, int *stale, struct pl_error *err)
{
	char v[64];
	int rc;
	if ((rc = store_name_index_version(db->st, v, sizeof(v), err)))
		return rc;
	*stale = strcmp(v, nameix_version()) && store_count(db->st, "persons") > 0;
	return 0;
}

struct reindex_ctx {
	struct pl_db *db;
	struct strbuf keys;
	long long n, total;
	struct pl_error *err;
};

static int reindex_one(void *ctx, const struct store_name_row *r)
{
	struct reindex_ctx *x = ctx;
	int rc;
	x->n++;
	if ((rc = index_row(x->db, r, &x->keys, x->err)))
		return rc;
	return progress_report(x->db, N_("indexing names"), (uint64_t)x->n,
	                       x->total > 0 ? (uint64_t)x->total : 0, x->err);
}

int pl_search_reindex(struct pl_db *db, const struct pl_actor *actor, long long *n,
                      struct pl_error *err)
{
	struct reindex_ctx x = {db, STRBUF_INIT, 0, 0, err};
	char count[32];
	int rc;
	/* derived data: whoever may search may rebuild it, and an admin */
	if (!pl_roles_may(actor->roles, PL_OP_ACCOUNT_ADD) &&
	    (rc = pl_authorize(db, actor, PL_OP_PERSON_LIST, err)))
		return rc;
	nameix_invalidate(db);
	if ((rc = store_begin(db, err)))
		goto out;
	x.total = store_count(db->st, "persons");
	if ((rc = progress_report(db, N_("indexing names"), 0, x.total > 0 ? (uint64_t)x.total : 0,
	                          err)))
		goto fail;
	if ((rc = store_name_index_clear(db, err)) ||
	    (rc = store_name_rows(db->st, reindex_one, &x, err)) ||
	    (rc = store_set_name_index_version(db, nameix_version(), err)))
		goto fail;
	snprintf(count, sizeof(count), "persons=%lld", x.n);
	if ((rc = audit_note(db, actor, "search.reindex", NULL, 0, NULL, count, err)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (n)
		*n = x.n;
	{
		/* the index and its image beside the file, for the searches to come; without
		 * them (no memory, no room) each builds its own */
		struct nameix *ix;
		struct pl_error ignored = {0};
		nameix_get(db, &ix, &ignored);
	}
	goto out;
fail:
	store_rollback(db);
out:
	strbuf_release(&x.keys);
	return rc;
}

/* --- the search --- */

int nameix_for(struct pl_db *db, const struct pl_actor *actor, struct nameix **ix,
               struct pl_error *err)
{
	int stale, rc;
	if ((rc = pl_authorize(db, actor, PL_OP_PERSON_LIST, err)))
		return rc;
	if ((rc = pl_search_index_stale(db, &stale, err)))
		return rc;
	if (stale)
		return pl_error_cond(err, PL_EDATA, PL_COND_INDEX_STALE,
		                     "the name index is not built for this data file");
	return nameix_get(db, ix, err);
}

static const char *const side_names[] = {NULL, "captive", "detainee"};

/*
 * A birth year typed among the words ("Ковальов Сергій 1985"): a word of four digits,
 * 1900 to 2100. *rest gets the text without it (pl_malloc'd, NULL when there is none),
 * *year the year. PL_EUSAGE for two years.
 */
static int query_year(const char *text, char **rest, int *year, struct pl_error *err)
{
	size_t n = strlen(text);
	*rest = NULL;
	*year = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		int y = 0;
		while (j < n && text[j] != ' ' && text[j] != '\t' && text[j] != ',')
			j++;
		if (j - i == 4) {
			for (size_t k = i; k < j && y >= 0; k++)
				y = text[k] >= '0' && text[k] <= '9' ? y * 10 + (text[k] - '0')
				                                     : -1;
			if (y >= 1900 && y <= 2100) {
				if (*year) {
					pl_free(*rest);
					*rest = NULL;
					return pl_error_set(err, PL_EUSAGE,
					                    "search: '%s' gives two birth years",
					                    text);
				}
				*year = y;
				if (!(*rest = pl_strdup(text)))
					return pl_error_set(err, PL_EDATA, "out of memory");
				memset(*rest + i, ' ', 4);
			}
		}
		i = j + 1;
	}
	return 0;
}

static int search_run(struct pl_db *db, const struct pl_actor *actor, const char *text,
                      const struct pl_search_opts *o, pl_search_cb cb, void *ctx,
                      struct pl_error *err);

/* --- ties --- */

int search_latest_evidence(struct pl_db *db, const struct pl_actor *actor, const long long *ids,
                           const int *sides, size_t n, char (*out)[11], struct pl_error *err)
{
	/* need-to-know: the evidence of a person the actor may not see is not read at all
	 * (person history's rule: person.show, and the detainees for a detainee) */
	int show = pl_roles_may(actor->roles, PL_OP_PERSON_SHOW);
	int detainees = pl_roles_may_see(actor->roles, PL_R_DETAINEES, NULL);
	long long *seen = pl_malloc((n ? n : 1) * sizeof(*seen));
	char(*got)[11] = pl_malloc((n ? n : 1) * sizeof(*got));
	size_t k = 0;
	int rc;
	if (!seen || !got) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (show && (sides[i] != 2 || detainees))
			seen[k++] = ids[i];
	if ((rc = store_latest_evidence(db->st, seen, k, got, err)))
		goto out;
	k = 0;
	for (size_t i = 0; i < n; i++) {
		if (show && (sides[i] != 2 || detainees))
			memcpy(out[i], got[k++], sizeof(out[i]));
		else
			out[i][0] = '\0';
	}
out:
	pl_free(seen);
	pl_free(got);
	return rc;
}

/* A hit as shown: where it ranks, and what ordered it among its ties. */
struct ranked {
	struct nx_hit h;
	const char *ref;
	long long id;
	int side;
	long rank;
	int tied;
	char ev[11];
};

/* The latest evidence of the tied hits r[0..n) that the actor may see, in each ev. */
static int rank_evidence(struct pl_db *db, const struct pl_actor *actor, struct ranked *r, size_t n,
                         struct pl_error *err)
{
	long long *ids = pl_malloc(n * sizeof(*ids));
	int *sides = pl_malloc(n * sizeof(*sides));
	char(*ev)[11] = pl_malloc(n * sizeof(*ev));
	int rc = 0;
	if (!ids || !sides || !ev) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		ids[i] = r[i].id;
		sides[i] = r[i].side;
	}
	if ((rc = search_latest_evidence(db, actor, ids, sides, n, ev, err)))
		goto out;
	for (size_t i = 0; i < n; i++)
		memcpy(r[i].ev, ev[i], sizeof(r[i].ev));
out:
	pl_free(ids);
	pl_free(sides);
	pl_free(ev);
	return rc;
}

/* Within hits of equal score and agreeing: the later evidence first (none last), then by
 * reference. */
static int ranked_tie_cmp(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	int c = strcmp(y->ev, x->ev);
	return c ? c : strcmp(x->ref, y->ref);
}

/*
 * Ranks hits (best first, as nameix_search gives them) into r: equal scores share a rank,
 * and each run of equal score and agreeing that reaches the first limit is ordered by the
 * latest evidence the actor may see, then by reference.
 */
static int rank_hits(struct pl_db *db, const struct pl_actor *actor, const struct nameix *ix,
                     const struct nx_hit *hits, size_t n, size_t limit, struct ranked *r,
                     struct pl_error *err)
{
	int rc;
	for (size_t i = 0; i < n; i++) {
		struct nx_person p;
		nameix_person(ix, hits[i].idx, &p);
		r[i].h = hits[i];
		r[i].ref = p.ref;
		r[i].id = p.id;
		r[i].side = p.side;
		r[i].rank = i && hits[i].score == hits[i - 1].score ? r[i - 1].rank : (long)i + 1;
		r[i].tied = (i && hits[i].score == hits[i - 1].score) ||
		            (i + 1 < n && hits[i + 1].score == hits[i].score);
		r[i].ev[0] = '\0';
	}
	for (size_t i = 0, j; i < n && i < limit; i = j) {
		for (j = i + 1; j < n && hits[j].score == hits[i].score &&
		                hits[j].agreeing == hits[i].agreeing;
		     j++)
			;
		if (j - i < 2)
			continue;
		if ((rc = rank_evidence(db, actor, r + i, j - i, err)))
			return rc;
		qsort(r + i, j - i, sizeof(*r), ranked_tie_cmp);
	}
	return 0;
}

int pl_search(struct pl_db *db, const struct pl_actor *actor, const char *text,
              const struct pl_search_opts *o, pl_search_cb cb, void *ctx, struct pl_error *err)
{
	struct pl_search_opts opts = {0, NULL, 0};
	char *rest = NULL;
	int rc, year;

	if (o)
		opts = *o;
	if (!text || !*text)
		return pl_error_set(err, PL_EUSAGE, "search: give a name to search for");
	/* a year among the words is the birth year, as if given apart */
	if ((rc = query_year(text, &rest, &year, err)))
		return rc;
	if (year && opts.birth_year && opts.birth_year != year) {
		pl_free(rest);
		return pl_error_set(err, PL_EUSAGE,
		                    "search: the words give the birth year %d and the options %d",
		                    year, opts.birth_year);
	}
	if (year && strspn(rest, " \t,") == strlen(rest)) {
		pl_free(rest);
		return pl_error_set(err, PL_EUSAGE,
		                    "search: '%s' gives a birth year and no name to search for",
		                    text);
	}
	if (year) {
		opts.birth_year = year;
		text = rest;
	}
	rc = search_run(db, actor, text, &opts, cb, ctx, err);
	pl_free(rest);
	return rc;
}

static int search_run(struct pl_db *db, const struct pl_actor *actor, const char *text,
                      const struct pl_search_opts *o, pl_search_cb cb, void *ctx,
                      struct pl_error *err)
{
	struct pl_search_opts opts = *o;
	struct nameix *ix;
	struct nx_query q = {0};
	struct nx_hit *hits = NULL;
	struct ranked *ranked = NULL;
	size_t nhits = 0, limit;
	int rc;

	if (opts.side && strcmp(opts.side, side_names[1]) && strcmp(opts.side, side_names[2]))
		return pl_error_set(err, PL_EUSAGE, "side: '%s' is not one of captive, detainee",
		                    opts.side);
	if (opts.birth_year && (opts.birth_year < 1900 || opts.birth_year > 2100))
		return pl_error_set(err, PL_EUSAGE,
		                    "birth year: %d is not a year from 1900 to 2100",
		                    opts.birth_year);
	if (opts.limit < 0)
		return pl_error_set(err, PL_EUSAGE, "limit: takes a number >= 0");
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
	if ((rc = nameix_for(db, actor, &ix, err)))
		return rc;
	q.text = text;
	q.year = opts.birth_year;
	q.side = !opts.side ? 0 : !strcmp(opts.side, side_names[1]) ? 1 : 2;
	/* who may not see detainees finds captives only */
	if (!pl_roles_may_see(pl_actor_roles(actor), PL_R_DETAINEES, NULL)) {
		if (q.side == 2) {
			rc = refuse(db, actor, "search", NULL, "side=detainee", PL_EPERM, err,
			            "permission denied: %s may not see detainees",
			            pl_actor_login(actor));
			goto out;
		}
		q.side = 1;
	}
	if ((rc = nameix_search(ix, &q, &hits, &nhits, err)))
		goto out;
	if (nhits && !(ranked = pl_malloc(nhits * sizeof(*ranked)))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	if ((rc = rank_hits(db, actor, ix, hits, nhits, limit, ranked, err)))
		goto out;
	for (size_t i = 0; i < nhits && i < limit; i++) {
		struct pl_record p;
		struct pl_search_hit h;
		if ((rc = store_get(db->st, pl_entity(PL_ENT_PERSON), ranked[i].id, &p, err)))
			goto out;
		if ((rc = person_redact_full(db, actor, &p, 0, NULL, err))) {
			pl_record_release(&p);
			goto out;
		}
		h.ref = ranked[i].ref;
		h.score = ranked[i].h.score;
		h.rank = ranked[i].rank;
		h.tied = ranked[i].tied;
		h.agreeing = ranked[i].h.agreeing;
		memcpy(h.latest_evidence, ranked[i].ev, sizeof(h.latest_evidence));
		h.person = &p;
		rc = cb(ctx, &h);
		pl_record_release(&p);
		if (rc)
			goto out;
	}
out:
	pl_free(ranked);
	pl_free(hits);
	return rc;
}
