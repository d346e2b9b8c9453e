/* link.h - record linkage: the Fellegi-Sunter model, its estimation by EM, comparators
 *
 * Two lists name the same people in different ways: a typo in a surname, a date with day
 * and month swapped, a missing street number. To decide whether a pair of records (one
 * from each list) is one person, each field of the pair is compared and the comparison
 * put into a level: 0 for "disagree", higher levels for closer agreement, the highest
 * for "exactly the same" (PL_LINK_MISSING when one side has no value). The pair becomes
 * a vector of levels, one per field.
 *
 * The Fellegi-Sunter model says how likely each level is in two worlds: m[f][k], the
 * probability that field f compares at level k when the pair IS one person, and u[f][k],
 * the same when it is NOT (for a name that is how often two strangers share it). Fields
 * are taken as independent of each other within each world. A level's evidence is its
 * weight log2(m/u) in bits: agreeing on a rare surname says much more than agreeing on
 * the state. With p, the share of pairs that are matches, Bayes' rule turns a vector into
 * the probability that the pair is a match (the score):
 *
 *     p * prod m / (p * prod m + (1 - p) * prod u)
 *
 * Nobody has to know m, u and p beforehand: the candidate pairs themselves are a mixture
 * of the two worlds, and the EM algorithm (expectation-maximisation) finds the m, u and p
 * under which the vectors seen are most likely. u can also be measured directly on random
 * pairs, which are almost all non-matches (pl_link_estimate_u), and then held fixed.
 *
 * A link task (each person at most once in each list) then keeps, best first, at most one
 * pair per record of either side (pl_link_one_to_one).
 *
 * Strings are UTF-8 and compared by code points (Cyrillic letters count one each): the
 * Jaro-Winkler similarity is pl_search_jaro_winkler (search.h); here are the optimal
 * string alignment distance, a comparison of codes (identity numbers, postcodes) and of
 * dates.
 */
#ifndef PARLEY_LINK_H
#define PARLEY_LINK_H
#include <stddef.h>

#include "parley/error.h"

#define PL_LINK_MAX_FIELDS 16
#define PL_LINK_MAX_LEVELS 8
/* The level of a field that could not be compared: it contributes nothing. */
#define PL_LINK_MISSING (-1)

/*
 * The model. Levels of a field run from 0 (disagreement) up to nlevels - 1 (agreement):
 * EM's starting values and its check that the "match" class is the right one of the two
 * rely on that order. m[f][0..nlevels[f]) and u[f][...] each sum to 1; no value is 0.
 * A plain struct: no allocation, copy it freely.
 */
struct pl_link_model {
	int nfields;
	int nlevels[PL_LINK_MAX_FIELDS];
	double m[PL_LINK_MAX_FIELDS][PL_LINK_MAX_LEVELS];
	double u[PL_LINK_MAX_FIELDS][PL_LINK_MAX_LEVELS];
	double p; /* the share of pairs that are matches, 0 < p < 1 */
};

/*
 * Sets model to nfields fields of nlevels[f] levels (1 < nlevels[f] <= PL_LINK_MAX_LEVELS,
 * 0 < nfields <= PL_LINK_MAX_FIELDS) with the a priori values: m[f][k] proportional to
 * 4^k (matches mostly agree), u[f][k] proportional to 4^(nlevels-1-k), p = 0.1.
 * PL_EUSAGE for sizes out of range; model is written only on success.
 */
int pl_link_model_init(struct pl_link_model *model, int nfields, const int *nlevels,
                       struct pl_error *err);

/* How EM starts. */
enum pl_link_start {
	/*
	 * u[f][k]: the share of level k among all the vectors (they are mostly non-matches)
	 * unless u is fixed; m[f][k] proportional to 4^k; p = 0.1.
	 */
	PL_LINK_START_DATA,
	PL_LINK_START_MODEL, /* the m, u and p the model holds */
	PL_LINK_START__MAX
};

struct pl_link_em_opts {
	enum pl_link_start start;
	int fix_u;        /* 1: u stays as the model holds it (pl_link_estimate_u), EM finds m, p */
	double tolerance; /* stop when no m, u or p moves more than this; 0: 1e-7 */
	int max_iter;     /* at most this many iterations; 0: 1000 */
	/*
	 * Pseudo-count added to the expected count of every level (and of both classes for
	 * p), so that no probability is 0 (a Dirichlet prior); 0: 0.5; must not be < 0.
	 */
	double smoothing;
};

struct pl_link_em_result {
	int iterations;
	int converged;   /* 0: stopped by max_iter */
	int swapped;     /* the two classes came out the wrong way round and were swapped */
	double loglik;   /* natural log-likelihood of the vectors under the final model */
	size_t patterns; /* distinct vectors among the pairs */
};

/*
 * Estimates model's m, u (unless o->fix_u) and p by EM from npairs vectors in levels
 * (npairs * model->nfields signed chars, pair after pair), each level in
 * [0, nlevels[f]) or PL_LINK_MISSING. model's nfields and nlevels say the shape; its m, u
 * and p are the start (PL_LINK_START_MODEL) or the fixed u, else ignored. The same input
 * gives the same model, bit for bit. levels is only read (the caller keeps it); o may be
 * NULL (defaults), res may be NULL.
 * PL_EUSAGE for a level out of range, no pairs or bad options; PL_EDATA when out of
 * memory. On failure model is left as it was. Identical vectors are counted once, so the
 * cost per iteration grows with the distinct vectors, not with the pairs.
 */
int pl_link_em(struct pl_link_model *model, const signed char *levels, size_t npairs,
               const struct pl_link_em_opts *o, struct pl_link_em_result *res,
               struct pl_error *err);

/*
 * Sets model->u from the vectors of pairs drawn at random (almost all of them are non-
 * matches): u[f][k] = (count of k + smoothing) / (count not missing + smoothing *
 * nlevels[f]). smoothing as in pl_link_em_opts (0: 0.5). A field never compared gets
 * equal shares. PL_EUSAGE for a level out of range, no pairs or smoothing < 0; model is
 * written only on success.
 */
int pl_link_estimate_u(struct pl_link_model *model, const signed char *levels, size_t npairs,
                       double smoothing, struct pl_error *err);

/* log2(m/u) of level of field; 0 for PL_LINK_MISSING or a level out of range. */
double pl_link_weight(const struct pl_link_model *model, int field, int level);

/*
 * The probability that the pair with vector levels (model->nfields levels) is a match,
 * computed in log space (a hundred agreeing fields do not overflow). A level out of range
 * counts as missing; model is one pl_link_model_init or pl_link_em made (or filled
 * alike). weights (may be NULL) gets model->nfields per-field weights
 * (pl_link_weight); *total (may be NULL) their sum plus log2(p / (1 - p)), the log-odds
 * of a match in bits.
 */
double pl_link_score(const struct pl_link_model *model, const signed char *levels, double *weights,
                     double *total);

/* A scored pair: a from the first list, b from the second (any ids). */
struct pl_link_pair {
	long long a, b;
	double score;
};

/*
 * Keeps at most one pair per a and per b: the pairs are sorted best first (higher score,
 * then lower a, then lower b) and a pair is kept when neither its a nor its b was kept
 * before; pairs scoring below min_score (or NaN) are dropped. The kept pairs end up at
 * the front of pairs, best first, *kept (written on success) says how many; the rest of
 * the array is left in an unspecified order. PL_EDATA when out of memory (pairs then
 * hold the same pairs, maybe reordered).
 */
int pl_link_one_to_one(struct pl_link_pair *pairs, size_t n, double min_score, size_t *kept,
                       struct pl_error *err);

/*
 * The level of a similarity against ascending thresholds: the number of thresholds[i]
 * that sim reaches (sim >= thresholds[i]). With thresholds {0.8, 0.9, 1.0}: 0 below 0.8,
 * 3 for 1.0.
 */
int pl_link_level_of(double sim, const double *thresholds, int n);

/*
 * The optimal string alignment distance of UTF-8 strings a and b by code points: the
 * fewest insertions, deletions, substitutions and swaps of two adjacent code points
 * (no substring edited twice), Damerau-Levenshtein as most tools compute it. Distances
 * above cap come out as cap + 1 (cheaper: far apart strings stop early). PL_EUSAGE for
 * NULL strings or cap < 0, PL_EDATA for invalid UTF-8 or when out of memory (strings over
 * 64 code points need memory); *dist is written only on success.
 */
int pl_link_osa_distance(const char *a, const char *b, int cap, int *dist, struct pl_error *err);

/* Levels of pl_link_compare_code, in order of agreement. */
enum pl_link_code_level {
	PL_LINK_CODE_DIFFERENT,  /* more than one slip apart */
	PL_LINK_CODE_ONE_EDIT,   /* one code point replaced, inserted or deleted */
	PL_LINK_CODE_TRANSPOSED, /* two adjacent code points swapped: 1234 1324 */
	PL_LINK_CODE_EXACT,
	PL_LINK_CODE__MAX
};

/*
 * Compares two codes (identity numbers, postcodes, house numbers) as written, by code
 * points: equal, one typing slip apart, or different. PL_LINK_MISSING when either is NULL
 * or empty. Never fails (bytes that are not UTF-8 count one each).
 */
int pl_link_compare_code(const char *a, const char *b);

/* A date as lists give it: 0 for a part not known (year 0: no date). */
struct pl_link_date {
	int year, month, day;
};

/* Levels of pl_link_compare_date, in order of agreement. */
enum pl_link_date_level {
	PL_LINK_DATE_DIFFERENT,    /* none of the cases below */
	PL_LINK_DATE_TWO_OF_THREE, /* full dates, one of year, month, day differs */
	PL_LINK_DATE_PARTIAL,      /* one side partial (a year, a month): what both give agrees */
	PL_LINK_DATE_SWAPPED,      /* the same year, day and month swapped (03.11 and 11.03) */
	PL_LINK_DATE_EXACT,        /* full dates, the same */
	PL_LINK_DATE__MAX
};

/* Compares two dates; PL_LINK_MISSING when either has no year. */
int pl_link_compare_date(const struct pl_link_date *a, const struct pl_link_date *b);

#endif
