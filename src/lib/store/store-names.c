/* store-names.c - the SQL of the name index (table name_index, sql/0003-name-index.sql) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "internal.h"
#include "store-sqlite.h"
#include "banned.h"

enum { N_PUT, N_DELETE, N_META_GET, N_META_SET, N_GENERATION };

#define VERSION_KEY "name_keys.version"
#define GENERATION_KEY "name_index.generation"

int store_name_index_put(struct pl_db *db, const struct store_name_entry *e, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s = sq_prep(st, &st->names[N_PUT],
	                          "INSERT OR REPLACE INTO name_index(person_id, ref, side, "
	                          "birth_date, unit, keys) VALUES(?, ?, ?, ?, ?, ?)",
	                          err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_int64(s, 1, e->id);
	sqlite3_bind_text(s, 2, e->ref, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, e->side, -1, SQLITE_STATIC);
	if (e->birth_date)
		sqlite3_bind_text(s, 4, e->birth_date, -1, SQLITE_STATIC);
	if (e->unit)
		sqlite3_bind_text(s, 5, e->unit, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, e->keys, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, "name index");
}

int store_name_index_delete(struct pl_db *db, long long person_id, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s = sq_prep(st, &st->names[N_DELETE],
	                          "DELETE FROM name_index WHERE person_id = ?", err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_int64(s, 1, person_id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, "name index");
}

int store_name_index_clear(struct pl_db *db, struct pl_error *err)
{
	return sq_exec(db->st, "DELETE FROM name_index", err);
}

int store_name_index_each(struct store *st, int (*cb)(void *, const struct store_name_entry *),
                          void *ctx, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0, step;
	if (sqlite3_prepare_v2(
	            st->db,
	            "SELECT person_id, ref, side, birth_date, unit, keys FROM name_index "
	            "ORDER BY person_id",
	            -1, &s, NULL))
		return sq_error(st, err, "name index");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_name_entry e = {
		        .id = sqlite3_column_int64(s, 0),
		        .ref = (const char *)sqlite3_column_text(s, 1),
		        .side = (const char *)sqlite3_column_text(s, 2),
		        .birth_date = (const char *)sqlite3_column_text(s, 3),
		        .unit = (const char *)sqlite3_column_text(s, 4),
		        .keys = (const char *)sqlite3_column_text(s, 5),
		};
		if (!e.ref || !e.side || !e.keys) {
			rc = sqlite3_errcode(st->db) == SQLITE_NOMEM
			             ? pl_error_set(err, PL_EDATA, "name index: out of memory")
			             : pl_error_cond(
			                       err, PL_EINTEGRITY, PL_COND_INDEX_STALE,
			                       "name index: row of person %lld is damaged: the "
			                       "index must be rebuilt",
			                       e.id);
			break;
		}
		if ((rc = cb(ctx, &e)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, "name index");
	sqlite3_finalize(s);
	return rc;
}

int store_name_index_generation(struct store *st, uint64_t *gen, int *known, struct pl_error *err)
{
	sqlite3_stmt *s = sq_prep(st, &st->names[N_GENERATION],
	                          "SELECT value FROM meta WHERE key = '" GENERATION_KEY "'", err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	rc = sqlite3_step(s);
	*known = rc == SQLITE_ROW && sqlite3_column_text(s, 0);
	/* drawn by random(): a signed 64-bit number, kept as text */
	*gen = *known ? (uint64_t)strtoll((const char *)sqlite3_column_text(s, 0), NULL, 10) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_error(st, err, "name index");
	return 0;
}

int store_name_index_read(struct store *st, uint64_t *gen, int *known,
                          int (*cb)(void *, const struct store_name_entry *), void *ctx,
                          struct pl_error *err)
{
	/* one snapshot: a write committed by another process between the generation and the
	 * rows would otherwise be read under the generation before it */
	int own = sqlite3_get_autocommit(st->db), rc;
	if (own && (rc = sq_exec(st, "BEGIN", err)))
		return rc;
	if (!(rc = store_name_index_generation(st, gen, known, err)))
		rc = store_name_index_each(st, cb, ctx, err);
	/* a read ends alike either way: by the ROLLBACK prepared at open, which needs no
	 * memory (an unprepared COMMIT out of memory would leave the transaction open) */
	if (own) {
		sqlite3_step(st->rollback);
		sqlite3_reset(st->rollback);
	}
	return rc;
}

const char *store_path(struct store *st)
{
	const char *p = sqlite3_db_filename(st->db, "main");
	return p ? p : "";
}

/* Every person's names but those merged into another (they are found as the other). */
int store_name_rows(struct store *st, int (*cb)(void *, const struct store_name_row *), void *ctx,
                    struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0, step;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT id, ref, side, family_name, given_name, patronymic, "
	                       "other_names, birth_date, unit FROM persons WHERE id NOT IN "
	                       "(SELECT merged_id FROM person_merges) ORDER BY id",
	                       -1, &s, NULL))
		return sq_error(st, err, "name index");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_name_row r = {
		        .id = sqlite3_column_int64(s, 0),
		        .ref = (const char *)sqlite3_column_text(s, 1),
		        .side = (const char *)sqlite3_column_text(s, 2),
		        .family = (const char *)sqlite3_column_text(s, 3),
		        .given = (const char *)sqlite3_column_text(s, 4),
		        .patronymic = (const char *)sqlite3_column_text(s, 5),
		        .other = (const char *)sqlite3_column_text(s, 6),
		        .birth_date = (const char *)sqlite3_column_text(s, 7),
		        .unit = (const char *)sqlite3_column_text(s, 8),
		};
		if (!r.ref || !r.side || !r.family) {
			rc = pl_error_set(err, PL_EDATA, "name index: out of memory");
			break;
		}
		if ((rc = cb(ctx, &r)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, "name index");
	sqlite3_finalize(s);
	return rc;
}

int store_name_index_version(struct store *st, char *out, size_t size, struct pl_error *err)
{
	sqlite3_stmt *s = sq_prep(st, &st->names[N_META_GET],
	                          "SELECT value FROM meta WHERE key = '" VERSION_KEY "'", err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	rc = sqlite3_step(s);
	snprintf(out, size, "%s",
	         rc == SQLITE_ROW && sqlite3_column_text(s, 0)
	                 ? (const char *)sqlite3_column_text(s, 0)
	                 : "0");
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_error(st, err, "name index");
	return 0;
}

int store_set_name_index_version(struct pl_db *db, const char *v, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s = sq_prep(st, &st->names[N_META_SET],
	                          "INSERT INTO meta(key, value) VALUES('" VERSION_KEY "', ?) "
	                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	                          err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_text(s, 1, v, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, "name index");
}
