/* match.h - linking the rows of a list to the persons of the registry
 *
 * Lists of names reach the office from the other side (Russian Cyrillic, DD.MM.YYYY),
 * from the ICRC and mediators (Latin letters of several systems) and from relatives
 * (Ukrainian). pl_match links each row to the registry: candidates from the name
 * index (search.h), field comparisons suited to each field, Fellegi-Sunter weights
 * estimated by EM on the list itself (link.h), and a decision per row: match,
 * possible match (for a person to review) or no match.
 *
 * A run can be saved (pl_match_save) and reviewed row by row (pl_match_review_*):
 * accepted links are audited and may add the list as evidence to each person.
 */
#ifndef PARLEY_MATCH_H
#define PARLEY_MATCH_H
#include <stddef.h>

#include <stdio.h>

#include "parley/account.h"
#include "parley/error.h"
#include "parley/io.h"
#include "parley/record.h"

struct pl_db;

enum pl_match_decision {
	PL_MATCH_NONE,     /* no person of the registry is this row */
	PL_MATCH_POSSIBLE, /* a person should look: candidates given */
	PL_MATCH_MATCH     /* the first candidate is this row's person */
};

/* The fields compared, in this order (pl_match_field_names). */
enum pl_match_field {
	PL_MF_FAMILY,
	PL_MF_GIVEN,
	PL_MF_PATRONYMIC,
	PL_MF_BIRTH_DATE,
	PL_MF_UNIT,
	PL_MF__MAX
};
extern const char *const pl_match_field_names[PL_MF__MAX];
extern const char *const pl_match_decision_names[]; /* "none", "possible", "match" */

#define PL_MATCH_MAX_CANDIDATES 5
#define PL_MATCH_LEVEL_MISSING (-1)

struct pl_match_candidate {
	long long person_id;
	char ref[PL_REF_MAX];
	double score;                    /* posterior probability of the same person, 0..1 */
	signed char level[PL_MF__MAX];   /* comparison level per field; MISSING: not compared */
	double weight[PL_MF__MAX];       /* log2(m/u) of that level; 0 when missing */
	const char *explain[PL_MF__MAX]; /* the level in words ("same name in the other
	                                     language", "day and month swapped"), static */
	int names_swapped; /* the row's family and given names are in each other's columns */
	/* Ties (docs/matching.md, "Ties"): candidates of equal score share a rank (1 for the
	 * best; the next score's rank counts every candidate above it, as in 1, 1, 3) and are
	 * ordered by agreeing (more first), then by the latest date of the person's evidence
	 * (later first; used only where the actor may see evidence, person.show), then by
	 * reference. rank 0: not ranked (dedup's pairs). */
	int rank;
	int agreeing;             /* fields at their agreeing level: pl_match_agreeing */
	char latest_evidence[11]; /* YYYY[-MM[-DD]], "" when not used (no tie, none, not seen) */
};

/*
 * The number of fields of a comparison at the level that says "the same": family name
 * "same name", given name "same name" or "same name in the other language", patronymic
 * "same father's name", birth date "same date", unit "same unit". A field not compared
 * is not counted.
 */
int pl_match_agreeing(const signed char level[PL_MF__MAX]);

/* One row of a list, as read, and what pl_match made of it. */
struct pl_match_row {
	long row;  /* 1-based data row */
	long line; /* physical line of the file where it starts */
	/* the values as the list gives them (NULL: not given); birth_date as written */
	char *family, *given, *patronymic, *birth_date, *unit;
	enum pl_match_decision decision;
	int ncand; /* candidates, best first */
	struct pl_match_candidate cand[PL_MATCH_MAX_CANDIDATES];
};

struct pl_match_read_opts {
	enum pl_format format; /* PL_FMT_CSV or PL_FMT_JSONL */
	const char *label;     /* the file's name in messages */
	size_t max_rows;       /* 0: 1,000,000 */
};

/*
 * Reads a list: a CSV file with a header, or JSON Lines, with the columns of an import
 * file (docs/import.md); family_name, given_name, patronymic, birth_date and unit are
 * compared, the others read past. Dates may also be DD.MM.YYYY and MM.YYYY. Every bad
 * row is reported through diag (FILE:LINE:COLUMN: reason) and then PL_EDATA is returned
 * with nothing read. On success *rows (free with pl_match_rows_free) holds *n rows.
 */
int pl_match_read(FILE *in, const struct pl_match_read_opts *o, pl_diag_cb diag, void *diag_ctx,
                  struct pl_match_row **rows, size_t *n, struct pl_error *err);
void pl_match_rows_free(struct pl_match_row *rows, size_t n);
/* A date as lists write it (see pl_match_read) as YYYY[-MM[-DD]] in out; -1: no date. */
int pl_match_parse_date(const char *s, char out[11]);

struct pl_match_opts {
	const char *side;   /* NULL: captives (whom lists of the other side name); "detainee" */
	double match_at;    /* a row is a match from this score on (0: 0.5) */
	double possible_at; /* a possible match from this score on (0: 0.2) */
};

/*
 * Where the u of a field (how often its values agree by chance) came from: a registry too
 * small to say gets a fixed prior (docs/matching.md, "Small registries"); the two are
 * blended by the number of persons that give the field, n / (n + PL_MATCH_U_PRIOR_PERSONS)
 * the registry's share. "registry" when that share is at least 0.99, "prior" when at most
 * 0.01, "blend" between (pl_match_u_source_names).
 */
enum pl_match_u_source { PL_MATCH_U_REGISTRY, PL_MATCH_U_BLEND, PL_MATCH_U_PRIOR, PL_MATCH_U__MAX };
extern const char *const pl_match_u_source_names[PL_MATCH_U__MAX];
#define PL_MATCH_U_PRIOR_PERSONS 1000.0

struct pl_match_stats {
	size_t rows, pairs; /* rows matched, candidate pairs compared */
	size_t decided[3];  /* rows by decision */
	int em_iterations, em_converged;
	double p; /* the share of matches among the pairs, by EM */
	/* the estimated model: m and u of each level of each field */
	int nlevels[PL_MF__MAX];
	double m[PL_MF__MAX][8], u[PL_MF__MAX][8];
	/* u of each field: the registry's share of it (0..1) and what it says */
	double u_registry_share[PL_MF__MAX];
	enum pl_match_u_source u_source[PL_MF__MAX];
	double seconds_index, seconds_match;
};

/*
 * Links every row to the registry (needs person.list; the candidates are persons the
 * actor may list): fills each row's decision and candidates. The rows' values are not
 * changed. stats may be NULL. Writes nothing.
 */
int pl_match(struct pl_db *db, const struct pl_actor *actor, struct pl_match_row *rows, size_t n,
             const struct pl_match_opts *o, struct pl_match_stats *stats, struct pl_error *err);

/* A likely duplicate: two persons of the registry that may be one. */
struct pl_dedup_pair {
	long long id_a; /* the older record (lower id) */
	char ref_a[PL_REF_MAX];
	struct pl_match_candidate b; /* the other, with the score and the comparison */
};
typedef int (*pl_dedup_cb)(void *ctx, const struct pl_dedup_pair *p);

struct pl_dedup_opts {
	const char *side; /* NULL: both sides (never across them) */
	double min_score; /* pairs from this score on (0: 0.5) */
	long limit;       /* at most this many, likeliest first (0: all) */
};

/*
 * Likely duplicates among the persons the actor may list (person.list), likeliest
 * first, by the machinery of pl_match: every person is matched against the others of
 * its side with its family name (or one a letter away) and one more of given name,
 * patronymic and birth year in common; scores are posteriors under a model estimated by
 * EM on the registry. Writes nothing; merging is pl_person_merge (review.h).
 */
int pl_dedup(struct pl_db *db, const struct pl_actor *actor, const struct pl_dedup_opts *o,
             pl_dedup_cb cb, void *ctx, struct pl_match_stats *stats, struct pl_error *err);

/* The names of the levels of a field, disagreement (level 0) first. */
const char *pl_match_level_name(int field, int level);

#endif
