/* store-plan.c - the persons each plan weighed (sql/0009-plans.sql, internal.h) */
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "internal.h"
#include "store-sqlite.h"
#include "banned.h"

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

int store_plan_member_insert(struct store *st, long long plan_id, const struct store_plan_member *m,
                             struct pl_error *err)
{
	sqlite3_stmt *s = sq_prep(st, &st->plan[0],
	                          "INSERT INTO plan_members (plan_id, person_id, side, score, "
	                          "detail, yes, unknown, unit, named, pinned, chosen, reason) "
	                          "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	                          err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_int64(s, 1, plan_id);
	sqlite3_bind_int64(s, 2, m->person_id);
	bind_text(s, 3, m->side);
	sqlite3_bind_double(s, 4, m->score);
	bind_text(s, 5, m->detail);
	sqlite3_bind_int64(s, 6, (sqlite3_int64)m->yes);
	sqlite3_bind_int64(s, 7, (sqlite3_int64)m->unknown);
	bind_text(s, 8, m->unit);
	sqlite3_bind_int(s, 9, m->named);
	sqlite3_bind_int(s, 10, m->pinned);
	sqlite3_bind_int(s, 11, m->chosen);
	bind_text(s, 12, m->reason);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : sq_error(st, err, "plan member");
	sqlite3_reset(s);
	return rc;
}

static const char *col_text(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

int store_plan_members(struct store *st, long long plan_id,
                       int (*cb)(void *, const struct store_plan_member *), void *ctx,
                       struct pl_error *err)
{
	sqlite3_stmt *s = sq_prep(st, &st->plan[1],
	                          "SELECT m.person_id, p.ref, p.family_name, p.given_name, m.side, "
	                          "m.score, m.detail, m.yes, m.unknown, m.unit, m.named, m.pinned, "
	                          "m.chosen, m.reason FROM plan_members m JOIN persons p ON p.id = "
	                          "m.person_id WHERE m.plan_id = ?1 ORDER BY m.person_id",
	                          err);
	int rc = 0, step;
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_int64(s, 1, plan_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_plan_member m = {0};
		m.person_id = sqlite3_column_int64(s, 0);
		m.ref = col_text(s, 1);
		m.family = col_text(s, 2);
		m.given = col_text(s, 3);
		m.side = col_text(s, 4);
		m.score = sqlite3_column_double(s, 5);
		m.detail = col_text(s, 6);
		m.yes = (unsigned long long)sqlite3_column_int64(s, 7);
		m.unknown = (unsigned long long)sqlite3_column_int64(s, 8);
		m.unit = col_text(s, 9);
		m.named = sqlite3_column_int(s, 10);
		m.pinned = sqlite3_column_int(s, 11);
		m.chosen = sqlite3_column_int(s, 12);
		m.reason = col_text(s, 13);
		if (!m.ref || !m.side) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			break;
		}
		if ((rc = cb(ctx, &m)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, "plan members");
	sqlite3_reset(s);
	return rc;
}
