/* exchange-int.h - what the files of the exchanges desk share (src/lib/exchange/) */
#ifndef PARLEY_EXCHANGE_INT_H
#define PARLEY_EXCHANGE_INT_H
#include <stddef.h>

#include "parley/exchange.h"
#include "parley/formula.h"
#include "internal.h"

#define BIT(i) (1ULL << (i))

/* Sets field of r to v (a copy; NULL clears); PL_EDATA out of memory. */
int xset(struct pl_record *r, const char *field, const char *v, struct pl_error *err);
int xset_id(struct pl_record *r, const char *field, long long id, struct pl_error *err);
/* The number in field of r, 0 when it has none. */
long long xget_id(const struct pl_record *r, const char *field);
/* 1 when a and b are the same string, or both NULL. */
int xsame(const char *a, const char *b);
/* 1 when needle is in hay (whole: is hay), case-folded in any script: "угорщина" is
 * "Угорщина". */
int xfold_find(const char *hay, const char *needle, int whole);
/* The day of the open transaction: YYYY-MM-DD. */
void xtoday(const struct pl_db *db, char out[11]);

/* The exchange ref, for writing in the open transaction; PL_ENOTFOUND "no exchange E-..". */
int exchange_load(struct pl_db *db, const char *ref, struct pl_record *x, struct pl_error *err);
/* The person ref for the desk: not merged away (PL_EDATA naming the one kept). */
int exchange_person(struct pl_db *db, const char *ref, struct pl_record *p, struct pl_error *err);
/* The side of a list (receive: captive, give: detainee). */
const char *exchange_person_side(const char *side);
enum pl_formula_side exchange_formula_side(const char *side);
/* The formula of exchange x, parsed (*f NULL when it has none). */
int exchange_formula(const struct pl_record *x, struct pl_formula **f, struct pl_error *err);

/* The values of p that a selector (canonical, formula.h) reads, "health: wounded, kind:
 * military", to say why a person does not match. */
void exchange_explain(const char *selector, const struct pl_record *p, char *out, size_t cap);

/* A list of person records, grown by person_vec_add. */
struct person_vec {
	struct pl_record *v;
	size_t n, cap;
};
int person_vec_add(struct person_vec *pv, const struct pl_record *r); /* takes r over */
void person_vec_release(struct person_vec *pv);
/* The persons on list (request, agreed) of side of exchange id, active entries only. */
int exchange_list_persons(struct pl_db *db, long long exchange_id, const char *list,
                          const char *side, struct person_vec *out, struct pl_error *err);

/*
 * pl_exchange_list_add and pl_exchange_list_remove inside the caller's open transaction,
 * with every check but the permission (the caller's); note and why normalised already.
 * Nothing is written when they fail, but the caller rolls back. bulk: many persons go on
 * in one transaction: the checks of the list as a whole (its count, at most terms, the
 * policy rules) are left to exchange_lists_hold_tx once they are all on.
 */
int exchange_list_add_tx(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                         const char *list, const char *side, const char *person_ref,
                         const char *note, int bulk, struct pl_error *err);
/* The lists list (request, agreed) of exchange ref hold their terms' counts and at most
 * terms, and break no policy rule at level block; PL_EDATA naming what they break. */
int exchange_lists_hold_tx(struct pl_db *db, const char *ref, const char *list,
                           struct pl_error *err);
int exchange_list_remove_tx(struct pl_db *db, const struct pl_actor *actor, const char *ref,
                            const char *list, const char *side, const char *person_ref,
                            const char *why, struct pl_error *err);

/* Why those agreed who did not cross are taken off the agreed lists when the exchange is
 * executed: reconciliation still counts them as agreed. */
#define EXCHANGE_NOT_CROSSED "did not cross when the exchange was carried out"

/* The persons on the agreed list of side of exchange id when it was carried out: the
 * active entries, and those taken off for not crossing (EXCHANGE_NOT_CROSSED). */
int exchange_agreed_persons(struct pl_db *db, long long exchange_id, const char *side,
                            struct person_vec *out, struct pl_error *err);

/* Moves an exchange's listed persons back (captive: confirmed, detainee: held) and takes
 * them off its agreed lists with reason; only_not_crossed: those who did not cross. */
int exchange_unlist(struct pl_db *db, const struct pl_actor *actor, const struct pl_record *x,
                    const char *reason, int only_not_crossed, struct pl_error *err);

/* Runs every policy rule not off over the lists of x (agreed, else requested, with
 * extra, a person about to be added to side's list, when not NULL), calling cb for each
 * finding; *blocking counts those at level block. */
int policy_run(struct pl_db *db, const struct pl_record *x, const char *extra_side,
               const struct pl_record *extra, pl_finding_cb cb, void *ctx, int *blocking,
               struct pl_error *err);

/* The policy rules that judge one detainee alone (convicted_given, no_consent,
 * under_proceedings), at their levels, over p as it would be given: cb for each finding
 * (level block or warn). The planner's bar and warnings. */
int policy_detainee(struct pl_db *db, const struct pl_record *p, pl_finding_cb cb, void *ctx,
                    struct pl_error *err);

/*
 * The findings of pl_exchange_reconcile for exchange x (executing or later), writing
 * nothing and asking no permission: the caller has (pl_exchange_reconcile, pl_xstats).
 */
int exchange_reconcile_findings(struct pl_db *db, const struct pl_record *x, pl_finding_cb cb,
                                void *ctx, struct pl_error *err);

#endif
