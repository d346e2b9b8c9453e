/* store-xstats.c - the SQL of the statistics of exchanges (src/lib/exchange/xstats.c)
 *
 * Reads only: the persons with the values the tables count by, the exchanges with their
 * first stage and the arrivals still pending, their mediators, and who was on which list
 * and who crossed. The counting is done above, in C, where the rules of who may see what
 * are.
 */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "internal.h"
#include "store-sqlite.h"
#include "banned.h"

static const char *col(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

/* Runs sql (no parameters), calling row for each result row until it returns non-zero. */
static int each_row(struct store *st, const char *sql, const char *what,
                    int (*row)(sqlite3_stmt *s, void *ctx), void *ctx, struct pl_error *err)
{
	sqlite3_stmt *s;
	int step, rc = 0;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL))
		return sq_error(st, err, what);
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = row(s, ctx)))
			break;
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, what);
	sqlite3_finalize(s);
	return rc;
}

struct person_rows {
	int (*cb)(void *, const struct store_xperson *);
	void *ctx;
};

static int person_row(sqlite3_stmt *s, void *ctx)
{
	struct person_rows *c = ctx;
	struct store_xperson p = {
	        .id = sqlite3_column_int64(s, 0),
	        .side = col(s, 1),
	        .kind = col(s, 2),
	        .sex = col(s, 3),
	        .health = col(s, 4),
	        .birth_date = col(s, 5),
	        .capture_date = col(s, 6),
	        .tags = col(s, 7),
	        .status = col(s, 8),
	        .status_date = col(s, 9),
	};
	return c->cb(c->ctx, &p);
}

int store_xstats_persons(struct store *st, int (*cb)(void *, const struct store_xperson *),
                         void *ctx, struct pl_error *err)
{
	struct person_rows c = {cb, ctx};
	return each_row(st,
	                "SELECT id, side, kind, sex, health, birth_date, capture_date, tags, "
	                "status, status_date FROM live_persons ORDER BY id",
	                "statistics: persons", person_row, &c, err);
}

struct exchange_rows {
	int (*cb)(void *, const struct store_xexchange *);
	void *ctx;
};

static int exchange_row(sqlite3_stmt *s, void *ctx)
{
	struct exchange_rows *c = ctx;
	struct store_xexchange x = {
	        .id = sqlite3_column_int64(s, 0),
	        .ref = col(s, 1),
	        .title = col(s, 2),
	        .status = col(s, 3),
	        .agreed_date = col(s, 4),
	        .planned_date = col(s, 5),
	        .first_stage = col(s, 6),
	        .stages = sqlite3_column_int64(s, 7),
	        .pending = sqlite3_column_int64(s, 8),
	};
	return c->cb(c->ctx, &x);
}

int store_xstats_exchanges(struct store *st, int (*cb)(void *, const struct store_xexchange *),
                           void *ctx, struct pl_error *err)
{
	struct exchange_rows c = {cb, ctx};
	/* pending: as pl_exchange_reconcile finds it, a handover of ours with no reception
	 * whose person is not returned (or handed to a third country) */
	return each_row(st,
	                "SELECT e.id, e.ref, e.title, e.status, e.agreed_date, e.planned_date, "
	                "(SELECT min(s.date) FROM exchange_stages s WHERE s.exchange_id = e.id), "
	                "(SELECT count(*) FROM exchange_stages s WHERE s.exchange_id = e.id), "
	                "(SELECT count(*) FROM exchange_handovers h JOIN exchange_stages s ON "
	                "s.id = h.stage_id JOIN persons p ON p.id = h.person_id WHERE "
	                "s.exchange_id = e.id AND h.side = 'receive' AND p.status NOT IN "
	                "('returned', 'third_country') AND NOT EXISTS (SELECT 1 FROM receptions r "
	                "WHERE r.person_id = h.person_id)) FROM exchanges e ORDER BY e.id",
	                "statistics: exchanges", exchange_row, &c, err);
}

struct mediator_rows {
	int (*cb)(void *, long long, const char *);
	void *ctx;
};

static int mediator_row(sqlite3_stmt *s, void *ctx)
{
	struct mediator_rows *c = ctx;
	return c->cb(c->ctx, sqlite3_column_int64(s, 0), col(s, 1));
}

int store_xstats_mediators(struct store *st,
                           int (*cb)(void *, long long exchange_id, const char *name), void *ctx,
                           struct pl_error *err)
{
	struct mediator_rows c = {cb, ctx};
	return each_row(st,
	                "SELECT exchange_id, name FROM exchange_mediators ORDER BY exchange_id, id",
	                "statistics: mediators", mediator_row, &c, err);
}

struct link_rows {
	int (*cb)(void *, const struct store_xlink *);
	void *ctx;
};

static int link_row(sqlite3_stmt *s, void *ctx)
{
	struct link_rows *c = ctx;
	struct store_xlink l = {
	        .exchange_id = sqlite3_column_int64(s, 0),
	        .person_id = sqlite3_column_int64(s, 1),
	        .what = col(s, 2),
	        .side = col(s, 3),
	        .date = col(s, 4),
	};
	return c->cb(c->ctx, &l);
}

int store_xstats_links(struct store *st, int (*cb)(void *, const struct store_xlink *), void *ctx,
                       struct pl_error *err)
{
	struct link_rows c = {cb, ctx};
	return each_row(st,
	                "SELECT l.exchange_id, l.person_id, l.list, l.side, NULL FROM "
	                "exchange_lists l WHERE l.removed IS NULL OR l.removed >= coalesce((SELECT "
	                "min(s.recorded) FROM exchange_stages s WHERE s.exchange_id = "
	                "l.exchange_id), '9999') UNION ALL SELECT s.exchange_id, h.person_id, "
	                "'crossed', h.side, s.date FROM exchange_handovers h JOIN exchange_stages "
	                "s ON s.id = h.stage_id ORDER BY 1, 2",
	                "statistics: lists", link_row, &c, err);
}
