/* xstats.h - statistics and patterns of exchanges: what came home, when, through whom,
 * against what was agreed, and which attributes go with being returned
 *
 * The office says it cannot see a pattern in whom the other side gives back (the article:
 * ten severely wounded agreed, five wounded and five unwounded delivered; "we have no
 * idea why"). These tables put the registry's own figures side by side:
 *
 *   summary     exchanges that took place, persons returned, still held
 *   by_month    exchanges, ours received at their stages and persons returned, by month
 *   mediators   exchanges and persons that crossed, by mediator
 *   captivity   time in captivity of the returned and of those still held, in bands
 *   captivity_median   its median and quartiles, in days
 *   exchanges   per exchange: agreed against delivered, person by person and term by term
 *   asked       by category: ours on the lists and ours handed back; theirs on the lists
 *               and theirs handed over
 *   lift        by attribute: persons, returned, still held, the share returned and its
 *               lift (the share over the share of all)
 *   model       a logistic model of being returned: odds ratios with 95% intervals
 *
 * docs/exchanges.md (Statistics) says what each counts, the model's assumptions and its
 * limits.
 *
 * Every figure is computed on the values as the acting account may see them (operation
 * stats). A role that sees counts only (may not list persons: the analyst) sees no cell of
 * fewer than PL_STATS_MIN_CELL persons, nor one a total gives away (registry.h, pl_stats:
 * the one rule), and a role that may not see the exchange listing sees an exchange only
 * once it is told: carried out (executed or later) and every one of ours it delivered home.
 * No table names a person.
 */
#ifndef PARLEY_XSTATS_H
#define PARLEY_XSTATS_H
#include <stddef.h>

#include "parley/account.h"
#include "parley/error.h"
#include "parley/i18n.h"
#include "parley/registry.h"

struct pl_db;

enum pl_xcol_kind {
	PL_XCOL_TEXT,   /* a token (month, reference, attribute, value) and its words */
	PL_XCOL_COUNT,  /* a count of persons: hidden from counts-only roles when small */
	PL_XCOL_NUMBER, /* a number that counts no person (exchanges, days, odds ratios) */
	PL_XCOL_SHARE,  /* a share, 0 to 1 */
};

struct pl_xcol {
	const char *name;  /* the token: CSV and JSON */
	const char *title; /* its words, in the language asked for */
	enum pl_xcol_kind kind;
	int decimals; /* PL_XCOL_NUMBER */
};

enum pl_xcell_state {
	PL_XCELL_SHOWN,
	PL_XCELL_SMALL,    /* fewer than PL_STATS_MIN_CELL persons: "<5" */
	PL_XCELL_WITHHELD, /* would give a small cell away: "withheld" (text: "—") */
	PL_XCELL_NONE,     /* no value: not recorded, not estimable, a reference level */
};

struct pl_xcell {
	const char *token; /* PL_XCOL_TEXT: the value as a program reads it (NULL: none) */
	const char *label; /* PL_XCOL_TEXT: as a person reads it */
	double value;      /* the others; counts are whole */
	enum pl_xcell_state state;
};

struct pl_xtable {
	const char *name;  /* "by_month" */
	const char *title; /* in the language asked for */
	const char *note;  /* what a reader must know to read it (NULL: nothing) */
	const struct pl_xcol *cols;
	size_t ncols, nrows;
	struct pl_xcell *cells; /* row r, column c: cells[r * ncols + c] */
	int total_row;          /* the last row is the total of those above */
};

/* How the model of being returned came out. */
enum pl_xmodel_state {
	PL_XMODEL_FIT,        /* estimated: the odds ratios stand */
	PL_XMODEL_TOO_FEW,    /* too few returned or still held to fit anything */
	PL_XMODEL_SEPARATION, /* an attribute predicts the outcome (nearly) perfectly */
	PL_XMODEL_SINGULAR,   /* attributes that say the same (collinear) */
	PL_XMODEL_NO_CONVERGENCE,
	PL_XMODEL__MAX
};

struct pl_xstats_opts {
	const char *as_of;    /* YYYY-MM-DD: "now" for times in captivity (NULL: today, UTC) */
	enum pl_ui_lang lang; /* the language of titles and words */
};

struct pl_xstats {
	char as_of[11];
	int counts_only; /* the figures are a counts-only role's */
	int told_only;   /* only exchanges told (the acting role may not see the listing) */
	struct pl_xtable *tables;
	size_t ntables;
	/* the model: its state and, in words, what it means or why it could not be fitted */
	enum pl_xmodel_state model_state;
	char model_message[512];
	long long model_n, model_events; /* persons and returned among them */
	int model_iterations;
	double model_deviance, model_null_deviance;
	double model_seconds; /* the time the fit took */
	void *priv;           /* the strings the cells point into */
};

/*
 * Computes every table as actor may see them (operation stats: registrars, negotiators,
 * analysts, heads; PL_EPERM recorded as denied:stats otherwise). PL_EUSAGE for an as_of
 * that is no date. out is filled on success only; pl_xstats_release it.
 */
int pl_xstats_compute(struct pl_db *db, const struct pl_actor *actor,
                      const struct pl_xstats_opts *opts, struct pl_xstats *out,
                      struct pl_error *err);
/* Frees what pl_xstats_compute filled; a zeroed or released one does nothing. */
void pl_xstats_release(struct pl_xstats *x);
/* The table called name, or NULL. */
const struct pl_xtable *pl_xstats_table(const struct pl_xstats *x, const char *name);
/* The cell of row r and column c of t. */
const struct pl_xcell *pl_xtable_cell(const struct pl_xtable *t, size_t r, size_t c);
/* The column called name of t, or -1. */
int pl_xtable_col(const struct pl_xtable *t, const char *name);

/*
 * The report as a PDF (A4, DejaVu Sans from fonts-dejavu-core, so that Cyrillic is right):
 * the tables of x with their charts, in x's language (lang), written to path under a
 * temporary name in its directory and renamed when complete, so that a failure leaves
 * nothing behind; an existing path is replaced (the CLI asks for --force first). title:
 * the heading of the first page (NULL: the data file is not named). *pages (may be NULL)
 * gets the pages written. PL_ENOTFOUND: no such directory; PL_EDATA: the file could not
 * be written or the font is missing.
 */
int pl_xstats_pdf(const struct pl_xstats *x, enum pl_ui_lang lang, const char *title,
                  const char *path, int *pages, struct pl_error *err);

/* --- the logistic model, by itself ---------------------------------------------------- */

enum pl_logit_state {
	PL_LOGIT_FIT,
	PL_LOGIT_SEPARATION, /* fitted probabilities of 0 or 1: column culprit diverges */
	PL_LOGIT_SINGULAR,   /* the information matrix is not positive definite */
	PL_LOGIT_NO_CONVERGENCE,
};

struct pl_logit {
	size_t p;
	double *beta, *se; /* p each; owned, pl_logit_release */
	enum pl_logit_state state;
	size_t culprit; /* PL_LOGIT_SEPARATION, PL_LOGIT_SINGULAR: the column at fault */
	int iterations;
	double deviance, null_deviance;
};

/*
 * Fits P(y = 1) = 1 / (1 + exp(-x b)) by Newton's method (iteratively reweighted least
 * squares; GSL's Cholesky and BLAS), with step halving. x: n rows of p columns, row-major,
 * the intercept's column of ones included by the caller; y: 0 or 1. Returns 0 with out
 * filled, whatever its state (only PL_LOGIT_FIT has estimates to use); PL_EUSAGE for
 * n <= p or p == 0; PL_EDATA out of memory. Standard errors are the square roots of the
 * inverse information's diagonal (Wald).
 */
int pl_logit_fit(const double *x, const unsigned char *y, size_t n, size_t p, struct pl_logit *out,
                 struct pl_error *err);
void pl_logit_release(struct pl_logit *m);
/* The odds ratio exp(b_j) and its 95% Wald interval exp(b_j -+ z se_j). */
void pl_logit_odds(const struct pl_logit *m, size_t j, double *ratio, double *lo, double *hi);
/* The two-sided p-value of b_j = 0 (Wald). */
double pl_logit_p(const struct pl_logit *m, size_t j);

#endif
