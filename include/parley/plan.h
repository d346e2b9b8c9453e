/* plan.h - the exchange planner: who goes on each list of an exchange, chosen so that
 * every term of its formula holds and the lists are the best the office's priorities
 * allow, proven so (an integer programme, solved exactly by GLPK), and every choice
 * explained.
 *
 * Ours (the receive list: captives of confirmed or probable captivity, on no other open
 * list, matching the total's selector) are chosen by a priority score; theirs (the give
 * list: detainees held, consent given, no policy rule at level block, no red line of the
 * negotiation desk) by the value we set on keeping them, the least valued given first.
 * Both scores are sums of documented weights over values the acting role sees
 * (docs/planner.md), so a plan tells nobody what they may not read.
 *
 * A plan is a record (P-0001): the formula, the day ages are counted to, the weights,
 * pins, drops and caps that made it, every person weighed with their score and the terms
 * they count in, and the outcome. It can be explained person by person, compared with
 * another, re-solved with changes (a what-if is a new plan) and adopted as the
 * exchange's request lists.
 *
 * Negotiators and the head plan and adopt (plan.make, plan.adopt); the head sets the
 * office's weights (plan.weights), and only the head adopts a plan made with others.
 */
#ifndef PARLEY_PLAN_H
#define PARLEY_PLAN_H
#include <stddef.h>

#include "parley/db.h"
#include "parley/error.h"
#include "parley/record.h"
#include "parley/registry.h"
#include "parley/strbuf.h"

#define PL_PLAN_REF_MAX 16

/* --- weights ---------------------------------------------------------------------------- */

/* One weight: its key ("health.severely_wounded", "tag.medic"), its documented default
 * and meaning. The keys are fixed but for "tag.TAG" and "value.tag.TAG", any tag. */
struct pl_plan_weight_def {
	const char *key;
	double def;
	const char *meaning;
};
extern const struct pl_plan_weight_def pl_plan_weight_defs[];

/* The office's weights: cb for every key, set (by the head) or its default, and for each
 * tag weight set. */
typedef int (*pl_weight_cb)(void *ctx, const char *key, double value, int set, const char *meaning);
int pl_plan_weights(struct pl_db *db, const struct pl_actor *actor, pl_weight_cb cb, void *ctx,
                    struct pl_error *err);
/* Sets the office's weight key to value (-1000 to 1000; audited). The head's. */
int pl_plan_weight_set(struct pl_db *db, const struct pl_actor *actor, const char *key,
                       const char *value, struct pl_error *err);

/* --- making a plan ---------------------------------------------------------------------- */

struct pl_plan_in {
	const char *exchange;    /* E-0001, with a formula */
	const char *weights;     /* NULL: the office's; else "key = value" lines */
	const char *const *pins; /* persons that must be on their side's list */
	size_t npins;
	const char *const *drops; /* persons that must not */
	size_t ndrops;
	long unit_cap[2];    /* receive, give: at most this many of one unit; -1 */
	double time_limit;   /* seconds; 0: 60 */
	const char *lp_path; /* the model written there as a CPLEX LP file */
	const char *note;
};

struct pl_plan_out {
	char ref[PL_PLAN_REF_MAX];
	const char *status;             /* optimal, feasible (the time ran out), infeasible */
	double objective, gap, seconds; /* gap: 0 when proven optimal */
	long count[2];                  /* persons chosen, receive and give */
	long candidates[2], left_out[2];
};

/*
 * Plans the lists of exchange in->exchange (draft or proposed) under its formula and
 * saves the plan, feasible or not (audited: plan.make). PL_EDATA when the inputs are
 * wrong (a weights line, a pin that cannot be on its list, with the reason); an
 * infeasible formula is a plan too, status infeasible, with its explanation
 * (pl_plan_conflicts).
 */
int pl_plan_make(struct pl_db *db, const struct pl_actor *actor, const struct pl_plan_in *in,
                 struct pl_plan_out *out, struct pl_error *err);

/* --- reading a plan --------------------------------------------------------------------- */

/* One person a plan weighed. */
struct pl_plan_member {
	const char *ref, *side; /* side: receive, give */
	const char *family_name, *given_name;
	double score;       /* priority (receive), value (give) */
	const char *detail; /* the score's parts: "severely wounded 100; held 2.4 years 24" */
	int chosen, named, pinned;
	const char *reason; /* NULL: a candidate; else why left out */
	const char *unit;
};
typedef int (*pl_plan_member_cb)(void *ctx, const struct pl_plan_member *m);

/* The plan record (extras: "exchange" its reference). */
int pl_plan_get(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                struct pl_record *out, struct pl_error *err);
/* The plans of exchange (NULL: all), newest first (extras: "exchange", "author"). */
int pl_plan_list(struct pl_db *db, const struct pl_actor *actor, const char *exchange,
                 pl_record_cb cb, void *ctx, struct pl_error *err);
/* The members of plan ref: chosen only (all 0), or every person weighed (all 1); each
 * side, chosen first, by score (best first). */
int pl_plan_members(struct pl_db *db, const struct pl_actor *actor, const char *ref, int all,
                    pl_plan_member_cb cb, void *ctx, struct pl_error *err);

/* One term of the plan's formula against its lists: have of need_min..need_max. */
struct pl_plan_term {
	const char *side, *text;
	long have, need_min, need_max; /* -1: no bound */
	long eligible;                 /* candidates the term could count */
	int holds;
};
typedef int (*pl_plan_term_cb)(void *ctx, const struct pl_plan_term *t);
int pl_plan_terms(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                  pl_plan_term_cb cb, void *ctx, struct pl_error *err);

/*
 * Why an infeasible plan is: each conflict in words ("the formula asks for 10 where
 * health = severely_wounded; 7 are eligible"), then the smallest relaxations that make it
 * feasible together (the fewest persons in all), one a line ("lower 'at least 10 where
 * health = severely_wounded' to 7").
 */
typedef int (*pl_plan_line_cb)(void *ctx, const char *kind, const char *text);
int pl_plan_conflicts(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                      pl_plan_line_cb cb, void *ctx, struct pl_error *err);

/* --- explanations, differences, adoption ---------------------------------------------- */

struct pl_plan_why {
	char ref[PL_PLAN_REF_MAX];
	char person[32];  /* empty: the person was not weighed */
	const char *side; /* receive, give */
	int chosen, candidate;
	double score;
	/* candidates: the plan re-solved with the person the other way round (dropped when
	 * chosen, pinned when not): feasible (else the constraint that forbids it in
	 * because), the objective then, and the loss (objective - then, >= 0) */
	int alt_feasible;
	double alt_objective, loss;
	/* the one compared: the lowest-scored chosen with the same terms (when left off), or
	 * the one who would take their place (when chosen); empty when none */
	char other[32];
	double other_score;
	struct strbuf because; /* the explanation in words, English */
};
/* Explains person (a reference) in plan ref; release why->because. */
int pl_plan_explain(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                    const char *person, struct pl_plan_why *why, struct pl_error *err);

/* What changed from plan a to plan b: each person in one and not the other, per side
 * (cb with kind "added" or "removed", side and reference), then the objectives. */
typedef int (*pl_plan_diff_cb)(void *ctx, const char *kind, const char *side,
                               const struct pl_plan_member *m);
int pl_plan_diff(struct pl_db *db, const struct pl_actor *actor, const char *a, const char *b,
                 pl_plan_diff_cb cb, void *ctx, struct pl_error *err);

/*
 * Makes plan ref the request lists of its exchange: who is on them and not in the plan
 * comes off (reason "plan P-0002 adopted"), who is in the plan goes on; every list rule
 * and policy rule at level block holds as for a person added by hand, all or nothing
 * (audited: plan.adopt, and each list entry). A plan of weights not the office's is the
 * head's to adopt; an infeasible plan is adopted by no one; nor a plan whose exchange's
 * formula changed since.
 */
int pl_plan_adopt(struct pl_db *db, const struct pl_actor *actor, const char *ref, long *added,
                  long *removed, struct pl_error *err);

#endif
