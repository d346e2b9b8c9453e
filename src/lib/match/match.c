/* match.c - linking the rows of a list to the registry: blocking, comparison, EM, decision */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/alloc.h"
#include "parley/equiv.h"
#include "parley/link.h"
#include "parley/match.h"
#include "parley/names.h"
#include "parley/search.h"
#include "internal.h"
#include "name-index.h"
#include "banned.h"

const char *const pl_match_field_names[PL_MF__MAX] = {"family_name", "given_name", "patronymic",
                                                      "birth_date", "unit"};
const char *const pl_match_decision_names[] = {"none", "possible", "match", NULL};
const char *const pl_match_u_source_names[PL_MATCH_U__MAX] = {[PL_MATCH_U_REGISTRY] = "registry",
                                                              [PL_MATCH_U_BLEND] = "blend",
                                                              [PL_MATCH_U_PRIOR] = "prior"};

/*
 * The levels of each field, disagreement first (link.h's order). A name compares by its
 * skeleton (search.h), so Ковальов, Ковалёв and KOVALOV are the same name; a family name
 * also by its consonants (nameix_family_level: Чорновіл, Черновол); given names and
 * patronymics also by their group of the equivalence data (Сергій = Сергей, Коля a pet
 * form of Микола; Миколайович = Николаевич). An initial (С., S., Yu.) is a level of its
 * own: it agrees or it does not.
 */
enum { NAME_DIFF, NAME_SIMILAR, NAME_ONE_EDIT, NAME_SAME };
/* OTHER: both names are names of the data, and not one (Ірина, Ярина; Игорь, Єгор): a
 * surer disagreement than a spelling the data does not know (DIFF). */
enum { GIVEN_OTHER, GIVEN_DIFF, GIVEN_INITIAL, GIVEN_SIMILAR, GIVEN_NEAR, GIVEN_EQUIV, GIVEN_SAME };
enum { PATR_OTHER, PATR_DIFF, PATR_INITIAL, PATR_SIMILAR, PATR_ONE_EDIT, PATR_SAME };
enum { UNIT_DIFF, UNIT_NUMBER, UNIT_SAME };
enum {
	DATE_DIFF,
	DATE_YEAR_NEAR, /* a year apart, one date gives the year only */
	DATE_SAME_YEAR,
	DATE_PARTIAL,
	DATE_YEAR_OFF, /* a year apart, same day and month */
	DATE_SWAPPED,
	DATE_SAME
};

static const int nlevels[PL_MF__MAX] = {4, 7, 6, 7, 3};
/* In English; marked for the catalogues, which the front ends translate them with. */
static const char *const level_names[PL_MF__MAX][7] = {
        {N_("different"), N_("similar spelling"), N_("one letter apart or other vowels"),
         N_("same name")},
        {N_("another name"), N_("different"), N_("the initial agrees"), N_("similar spelling"),
         N_("pet form or one letter apart"), N_("same name in the other language"),
         N_("same name")},
        {N_("another father's name"), N_("different"), N_("the initial agrees"),
         N_("similar spelling"), N_("one letter apart"), N_("same father's name")},
        {N_("different"), N_("a year apart, one date gives the year only"),
         N_("same year, another day"), N_("same year, one date gives the year only"),
         N_("same day, a year apart"), N_("day and month swapped"), N_("same date")},
        {N_("different"), N_("the same number, other words"), N_("same unit")},
};

/*
 * How the fields of two records of one person compare, before any data is seen: the
 * prior of m, worth PRIOR_PAIRS pairs in EM. Typos, other spellings and wrong dates are
 * the exception; the data moves m from here when it has many matches (a list), and a
 * registry with few duplicates or a short list keeps close to it.
 */
static const double m_prior[PL_MF__MAX][7] = {
        {0.02, 0.03, 0.05, 0.90},
        {0.005, 0.015, 0.02, 0.02, 0.06, 0.10, 0.78},
        {0.005, 0.025, 0.02, 0.02, 0.05, 0.88},
        {0.03, 0.03, 0.03, 0.08, 0.03, 0.03, 0.77},
        {0.08, 0.07, 0.85},
};
#define PRIOR_PAIRS 50.0

/*
 * How often each level comes by chance, for two persons who are not one, before any
 * registry is seen: the prior of u, for a registry too small to measure it (a new office
 * with three persons would otherwise find every surname shared by a third of everyone).
 * docs/matching.md ("Small registries") gives the source of each number:
 *  - a family name shared by two persons: 1/1000 (the sum of the squared shares of
 *    Ukrainian surnames is about 1.3e-4; taken an order of magnitude up, since brothers
 *    and men of one village serve together, and skeletons join a few surnames);
 *  - a given name: 1/30, a father's name: 1/25 (the squared shares of men's names of those
 *    generations; a given name's is split between the same spelling and the other language);
 *  - birth years: 1/40 the same year (persons held are 18 to 60, cohorts unequal), 2/40 a
 *    year apart; a day 1/365; one date of ten gives the year only (as m_prior has it);
 *  - a unit: 1/40 (captives come from some hundred units, concentrated in a few);
 *  - near agreement (similar spelling, one letter apart, a pet form, a unit's number in
 *    other words): one to three in a thousand, as a generated registry of 100,000 measures
 *    them (docs/matching.md).
 * Level 0, disagreement, takes the rest (each row sums to 1).
 */
#define U_PRIOR_FAMILY (1.0 / 1000)
#define U_PRIOR_GIVEN (1.0 / 30)
#define U_PRIOR_PATRONYMIC (1.0 / 25)
#define U_PRIOR_YEAR (1.0 / 40)
#define U_PRIOR_DAY (1.0 / 365)
#define U_PRIOR_YEAR_ONLY 0.1
#define U_PRIOR_UNIT (1.0 / 40)
static const double u_prior_agree[PL_MF__MAX][7] = {
        /* family: similar spelling, one letter apart, same name */
        {0, 0.003, 0.001, U_PRIOR_FAMILY},
        /* given: different (a name the data does not know), initial, similar, pet form
         * or one letter, other language, same; another name of the data takes the rest */
        {0, 0.05, 0.002, 0.002, 0.002, U_PRIOR_GIVEN / 2, U_PRIOR_GIVEN / 2},
        {0, 0.05, 0.002, 0.002, 0.001, U_PRIOR_PATRONYMIC},
        {0}, /* birth date: u_prior_date */
        {0, 0.003, U_PRIOR_UNIT},
};
/* The prior of a value's u where a name or unit agrees (value_u): no frequency of a
 * single value is known, so the field's. */
static const double u_prior_value[PL_MF__MAX] = {U_PRIOR_FAMILY, U_PRIOR_GIVEN, U_PRIOR_PATRONYMIC,
                                                 0, U_PRIOR_UNIT};

/* Raw Jaro-Winkler from which two spellings count as similar. */
#define SIMILAR_JW 0.9
/* Candidates of a row compared at most (the likeliest of its block). */
#define KEEP 8
#define MAX_WORDS 3
#define MAX_NEAR 32
#define MAX_GROUPS 8
/* Persons drawn at random for each row, to measure u; pairs for dedup. */
#define RANDOM_PER_ROW 4
/* Rows x persons up to which u is measured on every pair rather than a sample. */
#define ALL_PAIRS_MAX 50000
#define RANDOM_PAIRS 50000
/*
 * A registry gathered from many sources holds duplicates, but too few for EM to tell
 * their share from none: dedup takes at least 1 person in 100 to have one (the prior of
 * the posterior; the Bayes factors, and so the order of the pairs, do not depend on it).
 */
#define DEDUP_PI_FLOOR 0.01

const char *pl_match_level_name(int field, int level)
{
	if (field < 0 || field >= PL_MF__MAX || level < 0 || level >= nlevels[field])
		return "not compared";
	return level_names[field][level];
}

int pl_match_agreeing(const signed char level[PL_MF__MAX])
{
	return (level[PL_MF_FAMILY] == NAME_SAME) + (level[PL_MF_GIVEN] >= GIVEN_EQUIV) +
	       (level[PL_MF_PATRONYMIC] == PATR_SAME) + (level[PL_MF_BIRTH_DATE] == DATE_SAME) +
	       (level[PL_MF_UNIT] == UNIT_SAME);
}

/* The prior u of level l > 0 of the birth date, from the chance of a year and a day. */
static double u_prior_date(int l)
{
	const double year = U_PRIOR_YEAR, day = U_PRIOR_DAY, part = U_PRIOR_YEAR_ONLY;
	const double full = 1 - part, swappable = 12.0 / 31; /* days that may be a month */
	switch (l) {
	case DATE_YEAR_NEAR:
		return part * 2 * year;
	case DATE_SAME_YEAR:
		return full * year * (1 - day - day * swappable);
	case DATE_PARTIAL:
		return part * year;
	case DATE_YEAR_OFF:
		return full * 2 * year * day;
	case DATE_SWAPPED:
		return full * year * day * swappable;
	default: /* DATE_SAME */
		return full * year * day;
	}
}

/* The prior u of level l of field f (u_prior_agree, u_prior_date; level 0 the rest). */
static double u_prior(int f, int l)
{
	double rest = 1;
	if (l)
		return f == PL_MF_BIRTH_DATE ? u_prior_date(l) : u_prior_agree[f][l];
	for (int k = 1; k < nlevels[f]; k++)
		rest -= u_prior(f, k);
	return rest;
}

/*
 * The registry's share of the u of each field: n / (n + PL_MATCH_U_PRIOR_PERSONS), n the
 * persons who give the field (nf), as if the prior were measured on that many persons;
 * and what it says (match.h).
 */
static void u_shares(const double nf[PL_MF__MAX], double w[PL_MF__MAX], struct pl_match_stats *st)
{
	for (int f = 0; f < PL_MF__MAX; f++) {
		w[f] = nf[f] / (nf[f] + PL_MATCH_U_PRIOR_PERSONS);
		st->u_registry_share[f] = w[f];
		st->u_source[f] = w[f] >= 0.99   ? PL_MATCH_U_REGISTRY
		                  : w[f] <= 0.01 ? PL_MATCH_U_PRIOR
		                                 : PL_MATCH_U_BLEND;
	}
}

/* u of every level: the random pairs' (mo) and the prior, by the registry's share w. */
static void u_blend_levels(struct pl_link_model *mo, const double w[PL_MF__MAX])
{
	for (int f = 0; f < PL_MF__MAX; f++)
		for (int l = 0; l < nlevels[f]; l++)
			mo->u[f][l] = w[f] * mo->u[f][l] + (1 - w[f]) * u_prior(f, l);
}

/* A row, ready to compare. */
struct prow {
	struct skel fam[MAX_WORDS], giv[MAX_WORDS], pat[MAX_WORDS];
	long famk[MAX_WORDS], givk[MAX_WORDS], patk[MAX_WORDS]; /* key ids, -1 unknown */
	int nfam, ngiv, npat;
	int gg[MAX_GROUPS], ng, pg[MAX_GROUPS], np;
	int gexact, pexact, fexact; /* the groups are the word's as written (nameix_word_groups) */
	int giv_initial, pat_initial; /* the given name (patronymic) is an initial */
	int giv_latin, pat_latin;     /* ... written in Latin letters (K. may be Kh) */
	int fg[MAX_GROUPS], nfg; /* the family name's groups as a given name (swapped columns) */
	double gs[MAX_GROUPS], fs[MAX_GROUPS];
	int y, m, d;
	int has_unit;
	long unit;                  /* the unit's id in the index, -1 when no person has it */
	char unit_key[NX_UNIT_MAX]; /* folded (nameix_unit_key) */
};

struct words_ctx {
	struct skel *s;
	int *n;
};

static int add_word(void *ctx, const struct skel *s)
{
	struct words_ctx *w = ctx;
	if (*w->n < MAX_WORDS)
		w->s[(*w->n)++] = *s;
	return 0;
}

static int words(const char *v, struct skel *s, int *n, long *keys, const struct nameix *ix,
                 struct pl_error *err)
{
	struct words_ctx w = {s, n};
	int rc;
	*n = 0;
	if (!v)
		return 0;
	if ((rc = search_each_skeleton(v, add_word, &w, err)))
		return rc;
	for (int i = 0; i < *n; i++)
		keys[i] = nameix_lookup(ix, &s[i]);
	return 0;
}

static int prepare_row(const struct nameix *ix, const struct pl_match_row *r, struct prow *p,
                       struct pl_error *err)
{
	int rc;
	memset(p, 0, sizeof(*p));
	if ((rc = words(r->family, p->fam, &p->nfam, p->famk, ix, err)) ||
	    (rc = words(r->given, p->giv, &p->ngiv, p->givk, ix, err)) ||
	    (rc = words(r->patronymic, p->pat, &p->npat, p->patk, ix, err)))
		return rc;
	p->giv_latin = r->given && pl_name_script(r->given) == PL_SCRIPT_LATIN;
	p->pat_latin = p->giv_latin;
	if (r->patronymic && *r->patronymic)
		p->pat_latin = pl_name_script(r->patronymic) == PL_SCRIPT_LATIN;
	/* initials: "С. І." in the given name's column, the second the patronymic's */
	if (p->ngiv && nameix_is_initial(&p->giv[0])) {
		p->giv_initial = 1;
		if (p->ngiv > 1 && nameix_is_initial(&p->giv[1]) && !p->npat) {
			p->pat[0] = p->giv[1];
			p->patk[0] = p->givk[1];
			p->npat = 1;
		}
		p->ngiv = 1;
	}
	if (p->npat && nameix_is_initial(&p->pat[0])) {
		p->pat_initial = 1;
		p->npat = 1;
	}
	if (p->ngiv && !p->giv_initial)
		p->ng = nameix_word_groups(r->given, &p->giv[0], 0, p->gg, p->gs, MAX_GROUPS,
		                           &p->gexact);
	if (p->nfam)
		p->nfg = nameix_word_groups(r->family, &p->fam[0], 0, p->fg, p->fs, MAX_GROUPS,
		                            &p->fexact);
	if (p->npat && !p->pat_initial) {
		double ps[MAX_GROUPS];
		p->np = nameix_word_groups(r->patronymic, &p->pat[0], 1, p->pg, ps, MAX_GROUPS,
		                           &p->pexact);
	}
	if (r->birth_date) {
		char d[11];
		if (!pl_match_parse_date(r->birth_date, d))
			nameix_parse_date(d, &p->y, &p->m, &p->d);
	}
	if (r->unit) {
		nameix_unit_key(r->unit, p->unit_key, sizeof(p->unit_key));
		if (p->unit_key[0]) {
			p->has_unit = 1;
			p->unit = nameix_unit_lookup(ix, p->unit_key);
		}
	}
	return 0;
}

/* --- comparisons --- */

/* The best level of row words against the person's words of part; a family name (parts
 * with NX_FAMILY) also by its consonants (nameix_family_level). */
static int compare_name(const struct nameix *ix, const struct skel *s, const long *k, int n,
                        const struct nx_person *per, unsigned parts)
{
	int best = NAME_DIFF, family = !!(parts & 1u << NX_FAMILY);
	if (!n)
		return PL_MATCH_LEVEL_MISSING;
	for (size_t e = 0; e < per->nkeys; e++) {
		uint32_t key = per->keys[e] >> 3;
		const int32_t *cp;
		int len;
		if (!(parts & (1u << (per->keys[e] & 7))))
			continue;
		nameix_key(ix, key, &cp, &len);
		for (int i = 0; i < n; i++) {
			int lv = NX_NAME_OTHER;
			if (k[i] == (long)key)
				return NAME_SAME;
			if (family && len <= SKEL_CPS) {
				struct skel o = {.n = len};
				memcpy(o.cp, cp, (size_t)len * sizeof(*cp));
				lv = nameix_family_level(&s[i], &o);
			} else if (nameix_one_edit(s[i].cp, s[i].n, cp, len)) {
				lv = NX_NAME_CLOSE;
			}
			if (lv == NX_NAME_CLOSE && best < NAME_ONE_EDIT)
				best = NAME_ONE_EDIT;
			else if (best < NAME_SIMILAR &&
			         (lv == NX_NAME_SIMILAR ||
			          search_jaro_winkler_cps(s[i].cp, s[i].n, cp, len) >= SIMILAR_JW))
				best = NAME_SIMILAR;
		}
	}
	return best;
}

/* Whether initial s (written in Latin letters: latin) agrees with one of the person's
 * words of part, or with a form of their name in either language. */
static int initial_agrees(const struct nameix *ix, const struct skel *s, int latin,
                          const struct nx_person *per, int part)
{
	for (size_t e = 0; e < per->nkeys; e++) {
		const int32_t *cp;
		int len;
		if ((int)(per->keys[e] & 7) != part)
			continue;
		nameix_key(ix, per->keys[e] >> 3, &cp, &len);
		if (nameix_initial_agrees(s, cp, len, latin))
			return 1;
	}
	return part == NX_GIVEN ? nameix_group_initial(per->given_group, 0, s, latin)
	                        : nameix_group_initial(per->patr_group, 1, s, latin);
}

/* Whether group g is among groups[0..n). */
static int has_group(const int *groups, int n, int g)
{
	for (int i = 0; i < n; i++)
		if (groups[i] == g)
			return 1;
	return 0;
}

static int has_part(const struct nx_person *per, int part)
{
	for (size_t e = 0; e < per->nkeys; e++)
		if ((int)(per->keys[e] & 7) == part)
			return 1;
	return 0;
}

static int compare_given(const struct nameix *ix, const struct prow *r, const struct skel *s,
                         const long *k, int n, const struct nx_person *per)
{
	/* the given name's column, or the family name's (the two written the other way) */
	int lv, own = s == r->giv;
	const int *gg = own ? r->gg : r->fg;
	const double *gs = own ? r->gs : r->fs;
	int ng = own ? r->ng : r->nfg, exact = own ? r->gexact : r->fexact;
	if (!n || !has_part(per, NX_GIVEN))
		return PL_MATCH_LEVEL_MISSING;
	if (own && r->giv_initial)
		return initial_agrees(ix, &s[0], r->giv_latin, per, NX_GIVEN) ? GIVEN_INITIAL
		                                                              : GIVEN_DIFF;
	lv = compare_name(ix, s, k, n, per, 1u << NX_GIVEN);
	/* names that share a skeleton but not a group are two names (Игорь, Єгор): the
	 * skeleton never makes them one */
	if (lv == NAME_SAME && exact && per->given_group >= 0 &&
	    !has_group(gg, ng, per->given_group))
		return GIVEN_OTHER; /* another name */
	/* nor does a spelling that two full names share (Ygor: Ігор, Єгор): it is a similar
	 * spelling of either, no more, and the other fields decide */
	if (lv == NAME_SAME && nameix_full_groups(gs, ng) > 1)
		return GIVEN_SIMILAR;
	if (lv == NAME_SAME)
		return GIVEN_SAME;
	if (per->given_group >= 0)
		for (int i = 0; i < ng; i++)
			if (gg[i] == per->given_group)
				return gs[i] >= PL_EQUIV_SCORE_TRANSLIT ? GIVEN_EQUIV : GIVEN_NEAR;
	/* a name of the data as written, against another name of the data: not a typo of it,
	 * however few letters apart (Ярина, Ірина) */
	if (exact && ng && per->given_group >= 0)
		return GIVEN_OTHER;
	/* a typo costs a level, not the name: one letter from any form of the person's
	 * name, in either language (MIHAIL, Михаил against Михайло) */
	if (lv < NAME_ONE_EDIT && per->given_group >= 0 && !ng &&
	    nameix_group_level(per->given_group, 0, &s[0]) >= NX_NAME_CLOSE)
		return GIVEN_NEAR;
	return lv == NAME_ONE_EDIT ? GIVEN_NEAR : lv == NAME_SIMILAR ? GIVEN_SIMILAR : GIVEN_DIFF;
}

static int compare_patronymic(const struct nameix *ix, const struct prow *r,
                              const struct nx_person *per)
{
	int lv;
	if (!r->npat || !has_part(per, NX_PATRONYMIC))
		return PL_MATCH_LEVEL_MISSING;
	if (r->pat_initial)
		return initial_agrees(ix, &r->pat[0], r->pat_latin, per, NX_PATRONYMIC)
		               ? PATR_INITIAL
		               : PATR_DIFF;
	if (per->patr_group >= 0 && has_group(r->pg, r->np, per->patr_group))
		return PATR_SAME;
	lv = compare_name(ix, r->pat, r->patk, r->npat, per, 1u << NX_PATRONYMIC);
	if (lv == NAME_SAME && r->pexact && per->patr_group >= 0)
		return PATR_OTHER; /* Игоревич, Єгорович: two fathers' names */
	if (r->pexact && r->np && per->patr_group >= 0)
		return PATR_OTHER; /* known as written, and not the person's father's name */
	if (lv < NAME_ONE_EDIT && per->patr_group >= 0 && !r->np &&
	    nameix_group_level(per->patr_group, 1, &r->pat[0]) >= NX_NAME_CLOSE)
		return PATR_ONE_EDIT;
	return lv == NAME_SAME       ? PATR_SAME
	       : lv == NAME_ONE_EDIT ? PATR_ONE_EDIT
	       : lv == NAME_SIMILAR  ? PATR_SIMILAR
	                             : PATR_DIFF;
}

static int compare_date(const struct prow *r, const struct nx_person *p)
{
	int dy = r->y - p->year;
	if (!r->y || !p->year)
		return PL_MATCH_LEVEL_MISSING;
	if (dy == 0) {
		if (!r->d || !p->day)
			return (r->m && p->month && r->m != p->month) ? DATE_SAME_YEAR
			                                              : DATE_PARTIAL;
		if (r->m == p->month && r->d == p->day)
			return DATE_SAME;
		if (r->m == p->day && r->d == p->month)
			return DATE_SWAPPED;
		return DATE_SAME_YEAR;
	}
	if (dy == 1 || dy == -1) {
		if (!r->d || !p->day)
			return DATE_YEAR_NEAR;
		return r->m == p->month && r->d == p->day ? DATE_YEAR_OFF : DATE_DIFF;
	}
	return DATE_DIFF;
}

/* Whether folded units a and b have a word with a digit in common (72 ОМБр, 72 окрема
 * механізована бригада; в/ч А0000). */
static int share_number(const char *a, const char *b)
{
	for (const char *w = a; *w;) {
		size_t n = strcspn(w, " ");
		int digit = 0;
		for (size_t i = 0; i < n; i++)
			digit |= w[i] >= '0' && w[i] <= '9';
		for (const char *v = b; digit && *v;) {
			size_t m = strcspn(v, " ");
			if (m == n && !memcmp(v, w, n))
				return 1;
			v += m;
			while (*v == ' ')
				v++;
		}
		w += n;
		while (*w == ' ')
			w++;
	}
	return 0;
}

static int compare_unit(const struct nameix *ix, const struct prow *r, const struct nx_person *p)
{
	const char *pu;
	if (!r->has_unit || !p->unit)
		return PL_MATCH_LEVEL_MISSING;
	if (r->unit >= 0 && (uint32_t)r->unit + 1 == p->unit)
		return UNIT_SAME;
	pu = nameix_unit(ix, p->unit);
	return pu && share_number(r->unit_key, pu) ? UNIT_NUMBER : UNIT_DIFF;
}

/* The comparison vector of a row and a person; *swapped 1 when the row's family and
 * given names agree better the other way round (written in each other's columns). */
static void compare(const struct nameix *ix, const struct prow *r, const struct nx_person *p,
                    signed char v[PL_MF__MAX], int *swapped)
{
	const unsigned fam = 1u << NX_FAMILY | 1u << NX_OTHER;
	int f = compare_name(ix, r->fam, r->famk, r->nfam, p, fam);
	int g = compare_given(ix, r, r->giv, r->givk, r->ngiv, p);
	*swapped = 0;
	if (r->ngiv && f < NAME_SAME && !r->giv_initial) {
		int sf = compare_name(ix, r->giv, r->givk, r->ngiv, p, fam);
		int sg = compare_given(ix, r, r->fam, r->famk, r->nfam, p);
		if (sf >= NAME_ONE_EDIT && sf > f && sg > g &&
		    sf + (sg < 0 ? 0 : sg) > f + (g < 0 ? 0 : g)) {
			f = sf;
			g = sg;
			*swapped = 1;
		}
	}
	v[PL_MF_FAMILY] = (signed char)f;
	v[PL_MF_GIVEN] = (signed char)g;
	v[PL_MF_PATRONYMIC] = (signed char)compare_patronymic(ix, r, p);
	v[PL_MF_BIRTH_DATE] = (signed char)compare_date(r, p);
	v[PL_MF_UNIT] = (signed char)compare_unit(ix, r, p);
}

/* --- blocking --- */

struct pair {
	uint32_t row, idx;
	signed char v[PL_MF__MAX];
	signed char swapped;
	float uo[PL_MF__MAX]; /* u of this value where the level is agreement; 0: the field's */
	double score;
};

struct blocker {
	const struct nameix *ix;
	const struct nx_brief *brief;
	uint32_t *stamp, gen;
	int side;
	struct {
		uint32_t idx;
		float pre;
	} keep[KEEP];
	int nkeep;
	float min_pre; /* persons guessed below this are not kept (dedup) */
	int64_t self;  /* the person a duplicate is looked for, -1 for a list's row */
};

/* How much a name word agrees in the cheap guess: the same key or a group in common 1, an
 * initial that agrees 0.5. */
static float pre_word(const struct nameix *ix, const struct skel *s, long key, int initial,
                      const int *groups, int ng, int32_t group, uint32_t pkey, int patronymic)
{
	const int32_t *cp;
	int n;
	if ((key >= 0 && (uint32_t)key == pkey) || (group >= 0 && has_group(groups, ng, group)))
		return 1.0f;
	if (initial && pkey != UINT32_MAX) {
		nameix_key(ix, pkey, &cp, &n);
		return nameix_initial_agrees(s, cp, n, initial > 1) ||
		                       nameix_group_initial(group, patronymic, s, initial > 1)
		               ? 0.5f
		               : 0;
	}
	return 0;
}

/*
 * A cheap guess of agreement, to keep the likeliest persons of a large block: the family
 * name's level (nameix_family_level), the given name and patronymic by key or by group
 * (so a name outside the equivalence data counts too), the birth date. swapped: the row's
 * family and given names compared the other way round.
 */
static float pre_score(const struct nameix *ix, const struct prow *r, const struct nx_brief *p,
                       int level, int swapped)
{
	static const float family[] = {
	        [NX_NAME_SIMILAR] = 0.5f, [NX_NAME_CLOSE] = 0.75f, [NX_NAME_SAME] = 1.0f};
	float s = family[level];
	if (swapped)
		s += r->nfam ? pre_word(ix, &r->fam[0], r->famk[0], 0, r->fg, r->nfg,
		                        p->given_group, p->given_key, 0)
		             : 0;
	else if (r->ngiv)
		s += pre_word(ix, &r->giv[0], r->givk[0], r->giv_initial ? 1 + r->giv_latin : 0,
		              r->gg, r->ng, p->given_group, p->given_key, 0);
	if (r->npat)
		s += pre_word(ix, &r->pat[0], r->patk[0], r->pat_initial ? 1 + r->pat_latin : 0,
		              r->pg, r->np, p->patr_group, p->patr_key, 1);
	if (r->y && p->year) {
		int dy = r->y - p->year;
		if (!dy)
			s += 1.0f;
		else if (dy == 1 || dy == -1)
			s += 0.5f;
		if (r->m &&
		    ((r->m == p->month && r->d == p->day) || (r->m == p->day && r->d == p->month)))
			s += 0.5f;
	}
	return s;
}

static void consider(struct blocker *b, const struct prow *r, uint32_t idx, int level, int swapped)
{
	const struct nx_brief *p = &b->brief[idx];
	float pre;
	int at;
	if (b->stamp[idx] == b->gen)
		return;
	b->stamp[idx] = b->gen;
	if ((b->side && p->side != b->side) || (int64_t)idx == b->self ||
	    (b->self >= 0 && p->side != b->brief[b->self].side))
		return;
	pre = pre_score(b->ix, r, p, level, swapped);
	if (pre < b->min_pre)
		return;
	/* kept best first, ties in the order met (postings run in id order): stable */
	at = b->nkeep;
	while (at > 0 && b->keep[at - 1].pre < pre)
		at--;
	if (at >= KEEP)
		return;
	if (b->nkeep < KEEP)
		b->nkeep++;
	memmove(&b->keep[at + 1], &b->keep[at], (size_t)(b->nkeep - 1 - at) * sizeof(b->keep[0]));
	b->keep[at].idx = idx;
	b->keep[at].pre = pre;
}

static void block_words(struct blocker *b, const struct prow *r, const struct skel *s,
                        const long *k, int n, int swapped)
{
	for (int i = 0; i < n; i++) {
		uint32_t near[MAX_NEAR];
		int levels[MAX_NEAR], nn = nameix_near(b->ix, &s[i], near, levels, MAX_NEAR);
		for (int j = -1; j < nn; j++) {
			const uint32_t *post;
			size_t np;
			if (j < 0 && k[i] < 0)
				continue;
			nameix_postings(b->ix, j < 0 ? (uint32_t)k[i] : near[j], &post, &np);
			for (size_t e = 0; e < np; e++) {
				uint32_t part = post[e] & 7;
				if (part == NX_FAMILY || part == NX_OTHER)
					consider(b, r, post[e] >> 3,
					         j < 0 ? NX_NAME_SAME : levels[j], swapped);
			}
		}
	}
}

/*
 * Agreeing on Шевченко says less than agreeing on Ґудзь: where a name (or unit) agrees,
 * u is the share of the registry that has it (Winkler's frequency-based u), not the
 * field's average over random pairs.
 */
static void value_u(struct nameix *ix, const struct nx_person *p, const signed char *v,
                    double npersons, float uo[PL_MF__MAX])
{
	size_t cnt;
	memset(uo, 0, PL_MF__MAX * sizeof(*uo));
	if (v[PL_MF_FAMILY] == NAME_SAME) {
		for (size_t e = 0; e < p->nkeys; e++)
			if ((p->keys[e] & 7) == NX_FAMILY) {
				const uint32_t *post;
				nameix_postings(ix, p->keys[e] >> 3, &post, &cnt);
				uo[PL_MF_FAMILY] = (float)((cnt ? (double)cnt : 1.0) / npersons);
				break;
			}
	}
	if (v[PL_MF_GIVEN] >= GIVEN_EQUIV && p->given_group >= 0) {
		cnt = nameix_group_size(ix, p->given_group, 0);
		uo[PL_MF_GIVEN] = (float)((cnt ? (double)cnt : 1.0) / npersons);
	}
	if (v[PL_MF_PATRONYMIC] == PATR_SAME && p->patr_group >= 0) {
		cnt = nameix_group_size(ix, p->patr_group, 1);
		uo[PL_MF_PATRONYMIC] = (float)((cnt ? (double)cnt : 1.0) / npersons);
	}
	if (v[PL_MF_UNIT] == UNIT_SAME && p->unit) {
		cnt = nameix_unit_size(ix, p->unit);
		uo[PL_MF_UNIT] = (float)((cnt ? (double)cnt : 1.0) / npersons);
	}
}

/* u of the values that agree (value_u's shares of the registry), blended alike. */
static void u_blend_values(struct pair *pairs, size_t np, const double w[PL_MF__MAX])
{
	for (size_t i = 0; i < np; i++)
		for (int f = 0; f < PL_MF__MAX; f++)
			if (pairs[i].uo[f] > 0)
				pairs[i].uo[f] = (float)(w[f] * pairs[i].uo[f] +
				                         (1 - w[f]) * u_prior_value[f]);
}

/* The growing array of candidate pairs. */
struct pairs {
	struct pair *v;
	size_t n, cap;
};

/* Compares row r (number row) with every person the blocker kept; 0 or -1 (no memory). */
static int add_pairs(struct pairs *ps, struct nameix *ix, const struct blocker *b,
                     const struct prow *r, uint32_t row, double npersons)
{
	if (ps->n + (size_t)b->nkeep > ps->cap) {
		size_t c = ps->cap ? ps->cap * 2 : 4096;
		struct pair *p = pl_realloc(ps->v, c * sizeof(*p));
		if (!p)
			return -1;
		ps->v = p;
		ps->cap = c;
	}
	for (int k = 0; k < b->nkeep; k++) {
		struct pair *pr = &ps->v[ps->n++];
		struct nx_person p;
		int sw;
		nameix_person(ix, b->keep[k].idx, &p);
		pr->row = row;
		pr->idx = b->keep[k].idx;
		compare(ix, r, &p, pr->v, &sw);
		pr->swapped = (signed char)sw;
		value_u(ix, &p, pr->v, npersons, pr->uo);
		pr->score = 0;
	}
	return 0;
}

/* --- the run --- */

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* By row; best first; equal scores by more fields agreeing (pl_match_agreeing), then by
 * index (rank_candidates orders those further, by evidence and reference). */
static int pair_row_cmp(const void *a, const void *b)
{
	const struct pair *x = a, *y = b;
	int ax, ay;
	if (x->row != y->row)
		return x->row < y->row ? -1 : 1;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	ax = pl_match_agreeing(x->v);
	ay = pl_match_agreeing(y->v);
	if (ax != ay)
		return ax > ay ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Within candidates of equal score and agreeing: the later evidence first (none last),
 * then by reference. */
static int cand_tie_cmp(const void *a, const void *b)
{
	const struct pl_match_candidate *x = a, *y = b;
	int c = strcmp(y->latest_evidence, x->latest_evidence);
	return c ? c : strcmp(x->ref, y->ref);
}

/*
 * The ranks of a row's candidates (filled best first by pair_row_cmp): equal scores share
 * one. A run of equal score and agreeing is ordered by the latest evidence the actor may
 * see (fetched for those only), then by reference.
 */
static int rank_candidates(struct pl_db *db, const struct pl_actor *actor, const struct nameix *ix,
                           const uint32_t *idx, struct pl_match_row *row, struct pl_error *err)
{
	struct pl_match_candidate *c = row->cand;
	int rc;
	for (int i = 0, j; i < row->ncand; i = j) {
		for (j = i + 1;
		     j < row->ncand && c[j].score == c[i].score && c[j].agreeing == c[i].agreeing;
		     j++)
			;
		long long ids[PL_MATCH_MAX_CANDIDATES];
		int sides[PL_MATCH_MAX_CANDIDATES];
		char ev[PL_MATCH_MAX_CANDIDATES][11];
		if (j - i < 2)
			continue;
		for (int k = i; k < j; k++) {
			struct nx_person p;
			nameix_person(ix, idx[k], &p);
			ids[k - i] = c[k].person_id;
			sides[k - i] = p.side;
		}
		if ((rc = search_latest_evidence(db, actor, ids, sides, (size_t)(j - i), ev, err)))
			return rc;
		for (int k = i; k < j; k++)
			memcpy(c[k].latest_evidence, ev[k - i], sizeof(c[k].latest_evidence));
		qsort(c + i, (size_t)(j - i), sizeof(*c), cand_tie_cmp);
	}
	for (int i = 0; i < row->ncand; i++)
		c[i].rank = i && c[i].score == c[i - 1].score ? c[i - 1].rank : i + 1;
	return 0;
}

static double u_of(const struct pl_link_model *mo, const struct pair *pr, int f)
{
	return pr->uo[f] > 0 ? pr->uo[f] : mo->u[f][pr->v[f]];
}

static void fill_candidate(const struct nameix *ix, const struct pl_link_model *mo,
                           const struct pair *pr, struct pl_match_candidate *c)
{
	struct nx_person p;
	nameix_person(ix, pr->idx, &p);
	memset(c, 0, sizeof(*c));
	c->person_id = p.id;
	snprintf(c->ref, sizeof(c->ref), "%s", p.ref);
	c->score = pr->score;
	c->names_swapped = pr->swapped;
	c->agreeing = pl_match_agreeing(pr->v);
	for (int f = 0; f < PL_MF__MAX; f++) {
		c->level[f] = pr->v[f];
		c->weight[f] = pr->v[f] == PL_MATCH_LEVEL_MISSING
		                       ? 0
		                       : log2(mo->m[f][pr->v[f]] / u_of(mo, pr, f));
		c->explain[f] = pl_match_level_name(f, pr->v[f]);
	}
}

/*
 * The posterior of each candidate of one row (pairs[i..j), one row's): the row names
 * one person of the registry (prior pi, each of the npersons alike) or none (1 - pi).
 * The likelihood ratio of candidate k is lambda_k = prod over fields of m/u at its level;
 * persons outside the block, who disagree on the name, have lambda near 0. So
 *     P(k) = (pi / N) lambda_k / ((1 - pi) + (pi / N) sum lambda)
 * Namesakes share the posterior: two identical persons get half each, and neither is
 * a match without review.
 */
static void row_posteriors(const struct pl_link_model *mo, struct pair *p, size_t k, double pi,
                           double npersons)
{
	double lam[KEEP * 2], sum = 0, den;
	for (size_t i = 0; i < k; i++) {
		double l2 = 0;
		for (int f = 0; f < PL_MF__MAX; f++)
			if (p[i].v[f] != PL_MATCH_LEVEL_MISSING)
				l2 += log2(mo->m[f][p[i].v[f]] / u_of(mo, &p[i], f));
		lam[i] = exp2(l2 > 1000 ? 1000 : l2) * (pi / npersons);
		sum += lam[i];
	}
	den = (1 - pi) + sum;
	for (size_t i = 0; i < k; i++)
		p[i].score = lam[i] / den;
}

/*
 * EM for m and pi, u held at its random-pair and frequency values: E, the posteriors of
 * every row's candidates; M, m[f][l] the expected share of level l among the matches,
 * with m_prior worth PRIOR_PAIRS pairs added (a Dirichlet prior: the estimate is the
 * posterior mode, and no level is ever 0), pi the expected share of rows that have
 * their person among the candidates. pairs are sorted by row.
 */
static int estimate(struct pl_link_model *mo, struct pair *pairs, size_t np, size_t nrows,
                    double npersons, double pi_floor, double *pi_out, struct pl_match_stats *st,
                    struct pl_error *err)
{
	double pi = 0.5;
	int it;
	(void)err;
	for (int f = 0; f < PL_MF__MAX; f++)
		for (int l = 0; l < nlevels[f]; l++)
			mo->m[f][l] = m_prior[f][l];
	for (it = 0; it < 200; it++) {
		double cnt[PL_MF__MAX][8] = {{0}}, matched = 0, moved = 0;
		for (size_t i = 0, j; i < np; i = j) {
			for (j = i; j < np && pairs[j].row == pairs[i].row; j++)
				;
			row_posteriors(mo, &pairs[i], j - i, pi, npersons);
			for (size_t k = i; k < j; k++) {
				matched += pairs[k].score;
				for (int f = 0; f < PL_MF__MAX; f++)
					if (pairs[k].v[f] != PL_MATCH_LEVEL_MISSING)
						cnt[f][pairs[k].v[f]] += pairs[k].score;
			}
		}
		for (int f = 0; f < PL_MF__MAX; f++) {
			double tot = PRIOR_PAIRS;
			for (int l = 0; l < nlevels[f]; l++)
				tot += cnt[f][l];
			for (int l = 0; l < nlevels[f]; l++) {
				double m = (cnt[f][l] + PRIOR_PAIRS * m_prior[f][l]) / tot;
				moved = fmax(moved, fabs(m - mo->m[f][l]));
				mo->m[f][l] = m;
			}
		}
		{
			double npi = fmax((matched + 0.5) / ((double)nrows + 1.0), pi_floor);
			moved = fmax(moved, fabs(npi - pi));
			pi = npi;
		}
		if (moved < 1e-6)
			break;
	}
	/* the final posteriors, by the final model */
	for (size_t i = 0, j; i < np; i = j) {
		for (j = i; j < np && pairs[j].row == pairs[i].row; j++)
			;
		row_posteriors(mo, &pairs[i], j - i, pi, npersons);
	}
	st->em_iterations = it + 1;
	st->em_converged = it < 200;
	*pi_out = pi;
	return 0;
}

int pl_match(struct pl_db *db, const struct pl_actor *actor, struct pl_match_row *rows, size_t n,
             const struct pl_match_opts *o, struct pl_match_stats *stats, struct pl_error *err)
{
	struct pl_match_opts opts = {NULL, 0, 0};
	struct pl_match_stats st;
	struct pl_link_model mo;
	struct nameix *ix;
	signed char *rvec = NULL;
	size_t nrand = 0, count, per_row;
	double npersons = 0, pi = 0, nf[PL_MF__MAX] = {0}, w[PL_MF__MAX];
	uint64_t rng = 0x9E3779B97F4A7C15ull;
	struct blocker b = {0};
	struct pairs ps = {NULL, 0, 0};
	struct pair *pairs = NULL;
	size_t np = 0;
	double t0 = now(), t1;
	int rc;

	if (o)
		opts = *o;
	if (!opts.match_at)
		opts.match_at = 0.5;
	if (!opts.possible_at)
		opts.possible_at = 0.2;
	if (opts.side && strcmp(opts.side, "captive") && strcmp(opts.side, "detainee"))
		return pl_error_set(err, PL_EUSAGE, "side: '%s' is not one of captive, detainee",
		                    opts.side);
	if (opts.match_at > 1 || opts.possible_at > opts.match_at || opts.possible_at < 0)
		return pl_error_set(err, PL_EUSAGE,
		                    "match: the thresholds must be 0 <= possible <= match <= 1");
	memset(&st, 0, sizeof(st));
	if ((rc = nameix_for(db, actor, &ix, err)))
		return rc;
	t1 = now();
	st.seconds_index = t1 - t0;
	count = nameix_count(ix);
	per_row = count * n <= ALL_PAIRS_MAX ? count : RANDOM_PER_ROW;
	b.ix = ix;
	b.brief = nameix_brief(ix);
	b.self = -1;
	b.side = !opts.side ? 0 : !strcmp(opts.side, "captive") ? 1 : 2;
	if (!(b.stamp = pl_calloc(nameix_count(ix) + 1, sizeof(uint32_t))) ||
	    !(rvec = pl_malloc((n ? n : 1) * (per_row ? per_row : 1) * PL_MF__MAX))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < nameix_count(ix); i++) {
		struct nx_person p;
		nameix_person(ix, (uint32_t)i, &p);
		if (b.side && p.side != b.side)
			continue;
		npersons++;
		/* the persons who give each field: how far the registry can say its u */
		nf[PL_MF_FAMILY]++;
		nf[PL_MF_GIVEN] += has_part(&p, NX_GIVEN);
		nf[PL_MF_PATRONYMIC] += has_part(&p, NX_PATRONYMIC);
		nf[PL_MF_BIRTH_DATE] += p.year != 0;
		nf[PL_MF_UNIT] += p.unit != 0;
	}
	if (npersons < 1)
		npersons = 1;

	/* blocking: the persons sharing a family skeleton, or one a letter away */
	for (size_t i = 0; i < n; i++) {
		struct prow r;
		struct pl_match_row *row = &rows[i];
		row->decision = PL_MATCH_NONE;
		row->ncand = 0;
		if ((rc = progress_report(db, N_("matching"), (uint64_t)i, (uint64_t)n, err)) ||
		    (rc = prepare_row(ix, row, &r, err)))
			goto out;
		b.gen++;
		b.nkeep = 0;
		block_words(&b, &r, r.fam, r.famk, r.nfam, 0);
		block_words(&b, &r, r.giv, r.givk, r.ngiv, 1); /* in each other's columns */
		if (add_pairs(&ps, ix, &b, &r, (uint32_t)i, npersons)) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto out;
		}
		/* and a few persons at random, for u (every person of a small registry) */
		for (size_t k = 0; k < per_row; k++) {
			struct nx_person p;
			int sw;
			rng ^= rng << 13;
			rng ^= rng >> 7;
			rng ^= rng << 17;
			nameix_person(ix, (uint32_t)(per_row == count ? k : rng % count), &p);
			compare(ix, &r, &p, rvec + nrand * PL_MF__MAX, &sw);
			nrand++;
		}
	}
	pairs = ps.v;
	np = ps.n;
	st.rows = n;
	st.pairs = np;

	/* u: how fields compare for two persons picked at random */
	if ((rc = pl_link_model_init(&mo, PL_MF__MAX, nlevels, err)))
		goto out;
	if (nrand && (rc = pl_link_estimate_u(&mo, rvec, nrand, 0.5, err)))
		goto out;
	/* and from the prior, as far as the registry is too small to say */
	u_shares(nf, w, &st);
	u_blend_levels(&mo, w);
	u_blend_values(pairs, np, w);
	/* m and the share of rows in the registry: EM over the rows (see row_posteriors) */
	if (np)
		qsort(pairs, np, sizeof(*pairs), pair_row_cmp);
	if ((rc = estimate(&mo, pairs, np, n, npersons, 0, &pi, &st, err)))
		goto out;
	st.p = pi;
	for (int f = 0; f < PL_MF__MAX; f++) {
		st.nlevels[f] = nlevels[f];
		for (int l = 0; l < nlevels[f]; l++) {
			st.m[f][l] = mo.m[f][l];
			st.u[f][l] = mo.u[f][l];
		}
	}

	/* decisions: the likeliest person of each row, when it is clear */
	if (np)
		qsort(pairs, np, sizeof(*pairs), pair_row_cmp);
	for (size_t i = 0, j; i < np; i = j) {
		struct pl_match_row *row = &rows[pairs[i].row];
		uint32_t idx[PL_MATCH_MAX_CANDIDATES];
		int tied;
		for (j = i; j < np && pairs[j].row == pairs[i].row; j++)
			/* the closest person always, the others when not out of the question */
			if (row->ncand < PL_MATCH_MAX_CANDIDATES &&
			    (j == i || pairs[j].score >= 0.01)) {
				idx[row->ncand] = pairs[j].idx;
				fill_candidate(ix, &mo, &pairs[j], &row->cand[row->ncand++]);
			}
		if ((rc = rank_candidates(db, actor, ix, idx, row, err)))
			goto out;
		/* a tie at the top is never a match: which of them is for a person to say */
		tied = row->ncand > 1 && row->cand[1].rank == 1;
		if (pairs[i].score >= opts.match_at)
			row->decision = tied ? PL_MATCH_POSSIBLE : PL_MATCH_MATCH;
		else if (pairs[i].score >= opts.possible_at)
			row->decision = PL_MATCH_POSSIBLE;
	}
	/* one person, one row: a second row taking a person already matched is for review */
	{
		struct pl_link_pair *lp = pl_malloc((n ? n : 1) * sizeof(*lp));
		size_t nl = 0, kept;
		if (!lp) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < n; i++)
			if (rows[i].decision == PL_MATCH_MATCH) {
				lp[nl].a = (long long)i;
				lp[nl].b = rows[i].cand[0].person_id;
				lp[nl].score = rows[i].cand[0].score;
				nl++;
			}
		if ((rc = pl_link_one_to_one(lp, nl, 0, &kept, err))) {
			pl_free(lp);
			goto out;
		}
		for (size_t i = kept; i < nl; i++)
			rows[lp[i].a].decision = PL_MATCH_POSSIBLE;
		pl_free(lp);
	}
	for (size_t i = 0; i < n; i++)
		st.decided[rows[i].decision]++;
	st.seconds_match = now() - t1;
	if (stats)
		*stats = st;
out:
	pl_free(rvec);
	pl_free(ps.v);
	pl_free(b.stamp);
	return rc;
}

/* --- duplicates inside the registry --- */

/* A person of the index as a row of a list. */
static void prow_from_person(const struct nameix *ix, uint32_t idx, struct prow *r)
{
	struct nx_person p;
	memset(r, 0, sizeof(*r));
	nameix_person(ix, idx, &p);
	for (size_t e = 0; e < p.nkeys; e++) {
		uint32_t key = p.keys[e] >> 3, part = p.keys[e] & 7;
		struct skel *s = NULL;
		long *k = NULL;
		int *n = NULL;
		const int32_t *cp;
		int len;
		if (part == NX_FAMILY)
			s = r->fam, k = r->famk, n = &r->nfam;
		else if (part == NX_GIVEN)
			s = r->giv, k = r->givk, n = &r->ngiv;
		else if (part == NX_PATRONYMIC)
			s = r->pat, k = r->patk, n = &r->npat;
		if (!s || *n >= MAX_WORDS)
			continue;
		nameix_key(ix, key, &cp, &len);
		s[*n].n = len > SKEL_CPS ? SKEL_CPS : len;
		memcpy(s[*n].cp, cp, (size_t)s[*n].n * sizeof(*cp));
		k[(*n)++] = (long)key;
	}
	if (p.given_group >= 0) {
		r->gg[0] = p.given_group;
		r->gs[0] = PL_EQUIV_SCORE_SAME;
		r->ng = 1;
		r->gexact = 1;
	}
	if (p.patr_group >= 0) {
		r->pg[0] = p.patr_group;
		r->np = 1;
		r->pexact = 1;
	}
	r->y = p.year;
	r->m = p.month;
	r->d = p.day;
	r->has_unit = p.unit != 0;
	r->unit = (long)p.unit - 1;
	if (p.unit)
		snprintf(r->unit_key, sizeof(r->unit_key), "%s", nameix_unit(ix, p.unit));
}

static int dedup_cmp(const void *a, const void *b)
{
	const struct pl_dedup_pair *x = a, *y = b;
	if (x->b.score != y->b.score)
		return x->b.score > y->b.score ? -1 : 1;
	if (x->id_a != y->id_a)
		return x->id_a < y->id_a ? -1 : 1;
	return x->b.person_id < y->b.person_id ? -1 : x->b.person_id > y->b.person_id;
}

int pl_dedup(struct pl_db *db, const struct pl_actor *actor, const struct pl_dedup_opts *o,
             pl_dedup_cb cb, void *ctx, struct pl_match_stats *stats, struct pl_error *err)
{
	struct pl_dedup_opts opts = {NULL, 0, 0};
	struct pl_match_stats st;
	struct pl_link_model mo;
	struct nameix *ix;
	struct blocker b = {0};
	struct pairs ps = {NULL, 0, 0};
	struct pair *pairs = NULL;
	struct pl_dedup_pair *out = NULL;
	signed char *rvec = NULL;
	size_t np = 0, nrand = 0, nout = 0, count;
	double npersons = 0, pi = 0, t0 = now(), t1;
	uint64_t rng = 0x9E3779B97F4A7C15ull;
	int rc;

	if (o)
		opts = *o;
	if (!opts.min_score)
		opts.min_score = 0.5;
	if (opts.side && strcmp(opts.side, "captive") && strcmp(opts.side, "detainee"))
		return pl_error_set(err, PL_EUSAGE, "side: '%s' is not one of captive, detainee",
		                    opts.side);
	if (opts.min_score < 0 || opts.min_score > 1 || opts.limit < 0)
		return pl_error_set(err, PL_EUSAGE,
		                    "dedup: the score is from 0 to 1, the limit >= 0");
	memset(&st, 0, sizeof(st));
	if ((rc = nameix_for(db, actor, &ix, err)))
		return rc;
	t1 = now();
	st.seconds_index = t1 - t0;
	count = nameix_count(ix);
	b.ix = ix;
	b.brief = nameix_brief(ix);
	b.side = !opts.side ? 0 : !strcmp(opts.side, "captive") ? 1 : 2;
	b.min_pre = 2.0f; /* the family name and one more of given name, patronymic, year */
	if (!(b.stamp = pl_calloc(count + 1, sizeof(uint32_t))) ||
	    !(rvec = pl_malloc(RANDOM_PAIRS * PL_MF__MAX))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < count; i++)
		npersons += !b.side || b.brief[i].side == b.side;
	if (npersons < 2)
		goto done;

	for (uint32_t i = 0; i < count; i++) {
		struct prow r;
		if ((rc = progress_report(db, N_("looking for duplicates"), i, count, err)))
			goto out;
		if (b.side && b.brief[i].side != b.side)
			continue;
		prow_from_person(ix, i, &r);
		b.gen++;
		b.nkeep = 0;
		b.self = i;
		block_words(&b, &r, r.fam, r.famk, r.nfam, 0);
		if (add_pairs(&ps, ix, &b, &r, i, npersons)) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto out;
		}
	}
	pairs = ps.v;
	np = ps.n;
	/* u from persons paired at random */
	for (; nrand < RANDOM_PAIRS; nrand++) {
		struct prow r;
		struct nx_person p;
		int sw;
		rng ^= rng << 13;
		rng ^= rng >> 7;
		rng ^= rng << 17;
		prow_from_person(ix, (uint32_t)(rng % count), &r);
		nameix_person(ix, (uint32_t)((rng >> 32) % count), &p);
		compare(ix, &r, &p, rvec + nrand * PL_MF__MAX, &sw);
	}
	if ((rc = pl_link_model_init(&mo, PL_MF__MAX, nlevels, err)) ||
	    (rc = pl_link_estimate_u(&mo, rvec, nrand, 0.5, err)))
		goto out;
	if (np)
		qsort(pairs, np, sizeof(*pairs), pair_row_cmp);
	if ((rc = estimate(&mo, pairs, np, (size_t)npersons, npersons, DEDUP_PI_FLOOR, &pi, &st,
	                   err)))
		goto out;
	st.p = pi;

	/* each pair once, by the likelier of its two directions */
	if (!(out = pl_malloc((np ? np : 1) * sizeof(*out)))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < np; i++) {
		struct pair *pr = &pairs[i];
		struct nx_person a;
		if (pr->score < opts.min_score)
			continue;
		nameix_person(ix, pr->row, &a);
		out[nout].id_a = a.id;
		snprintf(out[nout].ref_a, sizeof(out[nout].ref_a), "%s", a.ref);
		fill_candidate(ix, &mo, pr, &out[nout].b);
		if (out[nout].b.person_id < a.id) { /* the older record first */
			struct pl_match_candidate *c = &out[nout].b;
			long long id = c->person_id;
			char ref[PL_REF_MAX];
			snprintf(ref, sizeof(ref), "%s", c->ref);
			c->person_id = out[nout].id_a;
			snprintf(c->ref, sizeof(c->ref), "%s", out[nout].ref_a);
			out[nout].id_a = id;
			snprintf(out[nout].ref_a, sizeof(out[nout].ref_a), "%s", ref);
		}
		nout++;
	}
	if (nout)
		qsort(out, nout, sizeof(*out), dedup_cmp);
	{
		size_t shown = 0;
		for (size_t i = 0; i < nout; i++) {
			if (i && out[i].id_a == out[i - 1].id_a &&
			    out[i].b.person_id == out[i - 1].b.person_id)
				continue; /* the other direction, less likely */
			if (opts.limit && shown == (size_t)opts.limit)
				break;
			shown++;
			st.decided[PL_MATCH_MATCH]++;
			if ((rc = cb(ctx, &out[i])))
				goto out;
		}
	}
done:
	st.rows = (size_t)npersons;
	st.pairs = np;
	st.seconds_match = now() - t1;
	if (stats)
		*stats = st;
out:
	pl_free(out);
	pl_free(rvec);
	pl_free(ps.v);
	pl_free(b.stamp);
	return rc;
}
