/* store-query.c - statements over entity rows, with bound values (internal.h) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "parley/alloc.h"
#include "internal.h"
#include "store-sqlite.h"
#include "banned.h"

static int prepare(struct store *st, const char *sql, const struct store_bind *b, size_t nb,
                   sqlite3_stmt **out, const char *what, struct pl_error *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL))
		return sq_error(st, err, what);
	for (size_t k = 0; k < nb; k++) {
		int i = (int)k + 1;
		if (b[k].type == 'i')
			sqlite3_bind_int64(*out, i, b[k].i);
		else if (b[k].type == 's' && b[k].s)
			sqlite3_bind_text(*out, i, b[k].s, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(*out, i);
	}
	return 0;
}

int store_query(struct store *st, const struct pl_entity *ent, const char *sql,
                const struct store_bind *b, size_t nb, pl_record_cb cb, void *ctx,
                struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = prepare(st, sql, b, nb, &s, ent->name, err), step;
	if (rc)
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct pl_record r;
		if (pl_record_init(&r, ent) || sq_record_from_row(s, &r)) {
			pl_record_release(&r);
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			break;
		}
		rc = cb(ctx, &r);
		pl_record_release(&r);
		if (rc)
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, ent->name);
	sqlite3_finalize(s);
	return rc;
}

static int take_one(void *ctx, const struct pl_record *r)
{
	struct pl_record *out = ctx, *w = (struct pl_record *)r;
	*out = *r;
	/* taken over: store_query releases an emptied record */
	w->v = NULL;
	w->nextra = 0;
	w->extra = NULL;
	w->extra_names = NULL;
	return 1;
}

int store_query_one(struct store *st, const struct pl_entity *ent, const char *sql,
                    const struct store_bind *b, size_t nb, struct pl_record *out, const char *what,
                    struct pl_error *err)
{
	int rc;
	out->v = NULL;
	rc = store_query(st, ent, sql, b, nb, take_one, out, err);
	if (rc == 1)
		return 0;
	if (!rc)
		rc = pl_error_set(err, PL_ENOTFOUND, "no %s %s", ent->name, what);
	return rc;
}

int store_query_int(struct store *st, const char *sql, const struct store_bind *b, size_t nb,
                    long long *out, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc, step;
	*out = 0;
	if ((rc = prepare(st, sql, b, nb, &s, "query", err)))
		return rc;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else if (step != SQLITE_DONE)
		rc = sq_error(st, err, "query");
	sqlite3_finalize(s);
	return rc;
}
