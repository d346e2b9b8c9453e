/* plan-int.h - what the files of the planner share (src/lib/plan/) */
#ifndef PARLEY_PLAN_INT_H
#define PARLEY_PLAN_INT_H
#include <stddef.h>
#include <stdint.h>

#include "parley/formula.h"
#include "parley/plan.h"
#include "internal.h"

/* The constraint terms of a formula the model holds, one bit each of a person's masks. */
#define PLAN_MAX_TERMS 64

/* --- weights (weights.c) ---------------------------------------------------------------- */

struct weights {
	struct weight {
		char key[64];
		double v;
	} * w;
	size_t n, cap;
};
void weights_release(struct weights *w);
/* Sets key to v, checking the key is one (docs/planner.md) and v within -1000..1000. */
int weights_put(struct weights *w, const char *key, double v, struct pl_error *err);
/* "key = value" lines, '#' comments and blank lines allowed, on top of what w holds. */
int weights_parse(struct weights *w, const char *text, struct pl_error *err);
/* The office's weights as set (the rest are the defaults). */
int weights_office(struct pl_db *db, struct weights *w, struct pl_error *err);
/* Every key w sets, sorted, "key = value" a line: the canonical form, saved with a plan. */
int weights_format(const struct weights *w, struct strbuf *out);
/* 1 when a and b give every key the same value (set, or by default). */
int weights_same(const struct weights *a, const struct weights *b);
/* The priority of one of ours, or the value of one of theirs (give), from the values the
 * record holds (as the acting role sees them); detail gets the parts in words. */
double weights_score(const struct weights *w, const struct pl_record *p, int give,
                     const char *on_date, struct strbuf *detail);

/* --- the model (model.c) ---------------------------------------------------------------- */

struct cand {
	long long id; /* the person */
	char ref[PL_REF_MAX];
	int side; /* 0: receive (ours), 1: give (theirs) */
	double score;
	char *detail, *unit, *reason; /* unit folded; reason: why left out, NULL for candidates */
	char *family, *given;         /* for showing only */
	uint64_t yes, unk;            /* the terms they count in, surely and perhaps */
	int named, pinned, chosen;
};

struct model {
	struct pl_formula *f;
	struct cand *c;
	size_t n, cap;
	long total[2];    /* the side's count: -1 all, -2 the formula says nothing of it */
	long unit_cap[2]; /* -1: none */
	int nbits;
	size_t bit_term[PLAN_MAX_TERMS]; /* the formula's index of each constraint term */
	/* the outcome of model_solve */
	int status; /* SOLVE_* */
	double objective, gap, seconds;
};
enum { SOLVE_OPTIMAL, SOLVE_FEASIBLE, SOLVE_INFEASIBLE };
extern const char *const solve_status_names[];

/* Parses formula into m (totals, constraint terms); PL_EDATA for one the planner cannot
 * plan (remains, more than PLAN_MAX_TERMS constraints). */
int model_formula(struct model *m, const char *formula, struct pl_error *err);
/* Adds c (its strings taken over); PL_EDATA out of memory. */
int model_add(struct model *m, struct cand *c, struct pl_error *err);
void model_release(struct model *m);
/* The index of the candidate of person ref, or -1. */
long model_find(const struct model *m, const char *ref);

/*
 * Solves m: chosen set on each candidate, status, objective (sum of priorities chosen
 * minus values given), gap and seconds. force >= 0: candidate force is pinned to value
 * forced (1 in, 0 out) on top of the model, for a what-if. lp_path: the model written
 * there first (glp_write_lp, CPLEX LP). Out of time with a list found: SOLVE_FEASIBLE.
 */
int model_solve(struct model *m, long force, int forced, double time_limit, const char *lp_path,
                struct pl_error *err);
/* The conflicts of an infeasible m in words (cb kind "conflict"), then the smallest
 * relaxations that make it feasible (kind "relax"): an elastic model, fewest persons. */
int model_conflicts(struct model *m, pl_plan_line_cb cb, void *ctx, struct pl_error *err);
/* The terms of m against its chosen lists. */
int model_terms(const struct model *m, pl_plan_term_cb cb, void *ctx);

#endif
