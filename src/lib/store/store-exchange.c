/* store-exchange.c - the SQL of the exchanges desk
 *
 * Tables of sql/0007-exchanges.sql. Rows are written by store_insert and store_update
 * (they are entities of record.c) and audited by the caller (src/lib/exchange/); what is
 * here reads them, joined with the persons and stages they name, and keeps the levels
 * of the policy rules.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "parley/alloc.h"
#include "internal.h"
#include "store-sqlite.h"
#include "banned.h"

/* A value bound to a statement: 'i' an integer, 's' text, 'n' null. */
struct bind {
	char type;
	long long i;
	const char *s;
};
#define BI(v) ((struct bind){'i', (v), NULL})
#define BS(v) ((struct bind){(v) ? 's' : 'n', 0, (v)})

static int prepare(struct store *st, const char *sql, const struct bind *b, size_t nb,
                   sqlite3_stmt **out, const char *what, struct pl_error *err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL))
		return sq_error(st, err, what);
	for (size_t k = 0; k < nb; k++) {
		int i = (int)k + 1;
		if (b[k].type == 'i')
			sqlite3_bind_int64(*out, i, b[k].i);
		else if (b[k].type == 's')
			sqlite3_bind_text(*out, i, b[k].s, -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(*out, i);
	}
	return 0;
}

/* Calls cb with every row of sql as a record of ent. */
static int rows(struct store *st, const struct pl_entity *ent, const char *sql,
                const struct bind *b, size_t nb, pl_record_cb cb, void *ctx, struct pl_error *err)
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
	struct pl_record *out = ctx;
	*out = *r;
	/* the record is taken over: rows() releases an emptied one */
	((struct pl_record *)r)->v = NULL;
	((struct pl_record *)r)->nextra = 0;
	((struct pl_record *)r)->extra = NULL;
	((struct pl_record *)r)->extra_names = NULL;
	return 1;
}

/* The first row of sql into out; PL_ENOTFOUND ("no ENT what") when there is none. */
static int one(struct store *st, const struct pl_entity *ent, const char *sql, const struct bind *b,
               size_t nb, struct pl_record *out, const char *what, struct pl_error *err)
{
	int rc;
	out->v = NULL;
	rc = rows(st, ent, sql, b, nb, take_one, out, err);
	if (rc == 1)
		return 0;
	if (!rc)
		rc = pl_error_set(err, PL_ENOTFOUND, "no %s %s", ent->name, what);
	return rc;
}

static int scalar(struct store *st, const char *sql, const struct bind *b, size_t nb,
                  long long *out, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc, step;
	*out = 0;
	rc = prepare(st, sql, b, nb, &s, "exchanges", err);
	if (rc)
		return rc;
	step = sqlite3_step(s);
	*out = step == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = sq_error(st, err, "exchanges");
	sqlite3_finalize(s);
	return rc;
}

#define N(a) (sizeof(a) / sizeof(a[0]))

int store_exchange_by_ref(struct store *st, const char *ref, struct pl_record *out,
                          struct pl_error *err)
{
	const struct bind b[] = {BS(ref)};
	return one(st, pl_entity(PL_ENT_EXCHANGE),
	           "SELECT e.*, (SELECT count(*) FROM exchange_mediators m WHERE m.exchange_id = "
	           "e.id) AS mediators, (SELECT count(*) FROM exchange_stages s WHERE "
	           "s.exchange_id = e.id) AS stages, a.login AS author FROM exchanges e LEFT JOIN "
	           "accounts a ON a.id = e.author_id WHERE e.ref = ?",
	           b, N(b), out, ref, err);
}

int store_exchanges(struct store *st, const char *status, pl_record_cb cb, void *ctx,
                    struct pl_error *err)
{
	const struct bind b[] = {BS(status)};
	return rows(st, pl_entity(PL_ENT_EXCHANGE),
	            "SELECT e.*, (SELECT count(*) FROM exchange_mediators m WHERE m.exchange_id = "
	            "e.id) AS mediators, (SELECT count(*) FROM exchange_stages s WHERE "
	            "s.exchange_id = e.id) AS stages FROM exchanges e WHERE ?1 IS NULL OR "
	            "e.status = ?1 ORDER BY coalesce(e.agreed_date, e.planned_date, e.created) "
	            "DESC, e.id DESC",
	            b, N(b), cb, ctx, err);
}

int store_exchange_children(struct store *st, const struct pl_entity *ent, long long exchange_id,
                            pl_record_cb cb, void *ctx, struct pl_error *err)
{
	char sql[400];
	const struct bind b[] = {BI(exchange_id)};
	const char *order = ent->id == PL_ENT_STAGE ? "t.number" : "t.recorded, t.id";
	snprintf(sql, sizeof(sql),
	         "SELECT t.*, a.login AS author, e.ref AS exchange_ref FROM %s t LEFT JOIN "
	         "accounts a ON a.id = t.author_id LEFT JOIN exchanges e ON e.id = t.exchange_id "
	         "WHERE ?1 = 0 OR t.exchange_id = ?1 ORDER BY %s",
	         ent->table, order);
	return rows(st, ent, sql, b, N(b), cb, ctx, err);
}

int store_list_entries(struct store *st, long long exchange_id, const char *list, const char *side,
                       long long person_id, int active, pl_record_cb cb, void *ctx,
                       struct pl_error *err)
{
	const struct bind b[] = {BI(exchange_id), BS(list), BS(side), BI(person_id), BI(active)};
	return rows(st, pl_entity(PL_ENT_LIST_ENTRY),
	            "SELECT l.*, p.ref AS person_ref, p.side AS person_side, p.status AS "
	            "person_status, e.ref AS exchange_ref, e.status AS exchange_status, a.login "
	            "AS author FROM exchange_lists l JOIN persons p ON p.id = l.person_id JOIN "
	            "exchanges e ON e.id = l.exchange_id LEFT JOIN accounts a ON a.id = "
	            "l.author_id WHERE (?1 = 0 OR l.exchange_id = ?1) AND (?2 IS NULL OR l.list = "
	            "?2) AND (?3 IS NULL OR l.side = ?3) AND (?4 = 0 OR l.person_id = ?4) AND (?5 "
	            "= 0 OR l.removed IS NULL) ORDER BY l.id",
	            b, N(b), cb, ctx, err);
}

int store_handovers(struct store *st, long long exchange_id, long long person_id, pl_record_cb cb,
                    void *ctx, struct pl_error *err)
{
	const struct bind b[] = {BI(exchange_id), BI(person_id)};
	return rows(st, pl_entity(PL_ENT_HANDOVER),
	            "SELECT h.*, s.number AS stage, s.date AS stage_date, p.ref AS person_ref, "
	            "p.status AS person_status, e.ref AS exchange_ref, a.login AS author FROM "
	            "exchange_handovers h JOIN exchange_stages s ON s.id = h.stage_id JOIN "
	            "exchanges e ON e.id = s.exchange_id JOIN persons p ON p.id = h.person_id "
	            "LEFT JOIN accounts a ON a.id = h.author_id WHERE (?1 = 0 OR s.exchange_id = "
	            "?1) AND (?2 = 0 OR h.person_id = ?2) ORDER BY s.number, h.side DESC, h.id",
	            b, N(b), cb, ctx, err);
}

int store_stage_next(struct store *st, long long exchange_id, long long *n, struct pl_error *err)
{
	const struct bind b[] = {BI(exchange_id)};
	return scalar(st,
	              "SELECT coalesce(max(number), 0) + 1 FROM exchange_stages WHERE "
	              "exchange_id = ?",
	              b, N(b), n, err);
}

int store_reception_by_person(struct store *st, long long person_id, struct pl_record *out,
                              struct pl_error *err)
{
	const struct bind b[] = {BI(person_id)};
	char what[32];
	snprintf(what, sizeof(what), "of person %lld", person_id);
	return one(st, pl_entity(PL_ENT_RECEPTION),
	           "SELECT r.*, p.ref AS person_ref, a.login AS author FROM receptions r JOIN "
	           "persons p ON p.id = r.person_id LEFT JOIN accounts a ON a.id = r.author_id "
	           "WHERE r.person_id = ?",
	           b, N(b), out, what, err);
}

int store_receptions(struct store *st, pl_record_cb cb, void *ctx, struct pl_error *err)
{
	return rows(st, pl_entity(PL_ENT_RECEPTION),
	            "SELECT r.*, p.ref AS person_ref, a.login AS author FROM receptions r JOIN "
	            "persons p ON p.id = r.person_id LEFT JOIN accounts a ON a.id = r.author_id "
	            "ORDER BY r.arrived DESC, r.id DESC",
	            NULL, 0, cb, ctx, err);
}

int store_notifications(struct store *st, long long person_id, pl_record_cb cb, void *ctx,
                        struct pl_error *err)
{
	const struct bind b[] = {BI(person_id)};
	return rows(st, pl_entity(PL_ENT_NOTIFICATION),
	            "SELECT n.*, p.ref AS person_ref, r.name AS relative, a.login AS author FROM "
	            "notifications n JOIN persons p ON p.id = n.person_id LEFT JOIN relatives r ON "
	            "r.id = n.relative_id LEFT JOIN accounts a ON a.id = n.author_id WHERE ?1 = 0 "
	            "OR n.person_id = ?1 ORDER BY n.date, n.id",
	            b, N(b), cb, ctx, err);
}

int store_notified(struct store *st, long long person_id, long long relative_id, const char *reason,
                   const char *since, int *yes, struct pl_error *err)
{
	const struct bind b[] = {BI(person_id), BI(relative_id), BS(reason), BS(since)};
	long long n = 0;
	int rc = scalar(st,
	                "SELECT count(*) FROM notifications WHERE person_id = ?1 AND (relative_id "
	                "IS ?2 OR (?2 = 0 AND relative_id IS NULL)) AND reason = ?3 AND (?4 IS "
	                "NULL OR date >= ?4)",
	                b, N(b), &n, err);
	if (!rc)
		*yes = n > 0;
	return rc;
}

int store_last_contact(struct store *st, long long relative_id, char *out, size_t cap,
                       struct pl_error *err)
{
	const struct bind b[] = {BI(relative_id)};
	sqlite3_stmt *s;
	int rc = prepare(
	            st,
	            "SELECT max(d) FROM (SELECT substr(recorded, 1, 10) AS d FROM relatives "
	            "WHERE id = ?1 UNION ALL SELECT date FROM inquiries WHERE relative_id = ?1 "
	            "UNION ALL SELECT substr(date, 1, 10) FROM notifications WHERE "
	            "relative_id = ?1)",
	            b, N(b), &s, "relatives", err),
	    step;
	if (rc)
		return rc;
	out[0] = '\0';
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_text(s, 0))
		snprintf(out, cap, "%s", (const char *)sqlite3_column_text(s, 0));
	else if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = sq_error(st, err, "relatives");
	sqlite3_finalize(s);
	return rc;
}

int store_policy_level(struct store *st, const char *rule, char *level, size_t cap, long long *id,
                       struct pl_error *err)
{
	const struct bind b[] = {BS(rule)};
	sqlite3_stmt *s;
	int rc = prepare(st, "SELECT id, level FROM policy_rules WHERE rule = ?", b, N(b), &s,
	                 "policy_rules", err),
	    step;
	if (rc)
		return rc;
	level[0] = '\0';
	*id = 0;
	step = sqlite3_step(s);
	if (step == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		snprintf(level, cap, "%s", (const char *)sqlite3_column_text(s, 1));
	} else if (step != SQLITE_DONE) {
		rc = sq_error(st, err, "policy_rules");
	}
	sqlite3_finalize(s);
	return rc;
}

int store_policy_put(struct pl_db *db, long long id, const char *rule, const char *level,
                     long long author_id, long long *id_out, struct pl_error *err)
{
	struct store *st = db->st;
	const struct bind ins[] = {BS(rule), BS(level), BI(author_id), BS(db->tx_time)};
	const struct bind upd[] = {BS(level), BI(author_id), BS(db->tx_time), BI(id)};
	sqlite3_stmt *s;
	int rc = id ? prepare(st,
	                      "UPDATE policy_rules SET level = ?, author_id = ?, recorded = ? "
	                      "WHERE id = ?",
	                      upd, N(upd), &s, "policy_rules", err)
	            : prepare(st,
	                      "INSERT INTO policy_rules(rule, level, author_id, recorded) "
	                      "VALUES(?, ?, ?, ?)",
	                      ins, N(ins), &s, "policy_rules", err);
	if (rc)
		return rc;
	st->last_table = -1;
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : sq_error(st, err, "policy_rules");
	sqlite3_finalize(s);
	if (!rc)
		*id_out = id ? id : sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_persons_where(struct store *st, const char *side, const char *statuses, pl_record_cb cb,
                        void *ctx, struct pl_error *err)
{
	const struct bind b[] = {BS(side), BS(statuses)};
	/* statuses: ",a,b," */
	return rows(st, pl_entity(PL_ENT_PERSON),
	            "SELECT * FROM live_persons WHERE side = ?1 AND instr(?2, ',' || status || "
	            "',') > 0 ORDER BY id",
	            b, N(b), cb, ctx, err);
}
