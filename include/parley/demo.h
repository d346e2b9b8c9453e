/* demo.h - a reproducible, realistic demo office */
#ifndef PARLEY_DEMO_H
#define PARLEY_DEMO_H

#include "parley/account.h"

struct pl_db;

struct pl_demo_counts {
	long captives, civilians, detainees, returned, relatives, inquiries, evidence, events;
	long exchanges;    /* carried out (the one in preparation is not counted) */
	long negotiations; /* the negotiation desk's channels */
	long sessions;     /* their sessions */
};

/* Called once per demo account made, with its password in clear (shown once). */
typedef int (*pl_demo_account_cb)(void *ctx, const char *login, const char *role,
                                  const char *password);

/*
 * Fills a file that holds no case data yet: one account per role and the
 * office's persons, relatives, inquiries, evidence and events, and its exchanges
 * (mediators, terms, lists, stages, receptions, the families told, an incident),
 * and the negotiation desk behind them (negotiations, sessions, welfare notes,
 * positions, opening lines, statements, counterparts, profiles, pressure incidents),
 * the same for the same seed. Admin only.
 */
int pl_demo(struct pl_db *db, const struct pl_actor *actor, unsigned long seed,
            pl_demo_account_cb cb, void *ctx, struct pl_demo_counts *counts, struct pl_error *err);

#endif
