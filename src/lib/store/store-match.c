/* store-match.c - the SQL of saved match runs, their review and merges of persons
 *
 * Tables match_runs, match_rows and person_merges (sql/0004-match.sql). Every write here
 * is followed by an audit record written by the caller (review.c), in the same
 * transaction; statements live in the slots st->match[] and are prepared on first use.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "parley/alloc.h"
#include "internal.h"
#include "store-sqlite.h"
#include "banned.h"

enum {
	M_RUN_INSERT,
	M_ROW_INSERT,
	M_ROW_REVIEW,
	M_PERSON_BRIEF,
	M_MERGED_INTO,
	M_MERGE_INSERT,
	M_MOVE_FIRST, /* one per table of merge_tables */
	M__MAX = M_MOVE_FIRST + 6
};

_Static_assert(M__MAX <= sizeof(((struct store *)0)->match) / sizeof(sqlite3_stmt *),
               "store-match.c has more statements than struct store has slots");

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static void bind_id(sqlite3_stmt *s, int i, long long v)
{
	if (v > 0)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

static const char *col_text(sqlite3_stmt *s, int c)
{
	return (const char *)sqlite3_column_text(s, c);
}

/* --- runs --- */

int store_match_run_insert(struct pl_db *db, const struct store_match_run *r, long long *id,
                           struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s = sq_prep(st, &st->match[M_RUN_INSERT],
	                          "INSERT INTO match_runs(label, list_date, source, file_name, "
	                          "file_hash, rows_total, rows_match, rows_possible, rows_none, "
	                          "note, author_id, created) "
	                          "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                          err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	st->last_table = -1;
	bind_text(s, 1, r->label);
	bind_text(s, 2, r->list_date);
	bind_text(s, 3, r->source);
	bind_text(s, 4, r->file_name);
	bind_text(s, 5, r->file_hash);
	sqlite3_bind_int64(s, 6, r->rows);
	sqlite3_bind_int64(s, 7, r->matches);
	sqlite3_bind_int64(s, 8, r->possible);
	sqlite3_bind_int64(s, 9, r->none);
	bind_text(s, 10, r->note);
	sqlite3_bind_int64(s, 11, r->author_id);
	sqlite3_bind_text(s, 12, db->tx_time, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_error(st, err, "match run");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_match_runs(struct store *st, long long run_id,
                     int (*cb)(void *, const struct store_match_run *), void *ctx,
                     struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0, step;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT r.id, r.label, r.list_date, r.source, r.file_name, "
	                       "r.file_hash, r.rows_total, r.rows_match, r.rows_possible, "
	                       "r.rows_none, r.note, r.author_id, a.login, r.created, "
	                       "(SELECT count(*) FROM match_rows w WHERE w.run_id = r.id AND "
	                       "w.review = 'pending'), "
	                       "(SELECT count(*) FROM match_rows w WHERE w.run_id = r.id AND "
	                       "w.review = 'accepted'), "
	                       "(SELECT count(*) FROM match_rows w WHERE w.run_id = r.id AND "
	                       "w.review = 'rejected') "
	                       "FROM match_runs r LEFT JOIN accounts a ON a.id = r.author_id "
	                       "WHERE ?1 = 0 OR r.id = ?1 ORDER BY r.id DESC",
	                       -1, &s, NULL))
		return sq_error(st, err, "match runs");
	sqlite3_bind_int64(s, 1, run_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_match_run r = {
		        .id = sqlite3_column_int64(s, 0),
		        .label = col_text(s, 1),
		        .list_date = col_text(s, 2),
		        .source = col_text(s, 3),
		        .file_name = col_text(s, 4),
		        .file_hash = col_text(s, 5),
		        .rows = sqlite3_column_int64(s, 6),
		        .matches = sqlite3_column_int64(s, 7),
		        .possible = sqlite3_column_int64(s, 8),
		        .none = sqlite3_column_int64(s, 9),
		        .note = col_text(s, 10),
		        .author_id = sqlite3_column_int64(s, 11),
		        .author = col_text(s, 12),
		        .created = col_text(s, 13),
		        .pending = sqlite3_column_int64(s, 14),
		        .accepted = sqlite3_column_int64(s, 15),
		        .rejected = sqlite3_column_int64(s, 16),
		};
		if (!r.label || !r.source || !r.created) {
			rc = pl_error_set(err, PL_EDATA, "match runs: out of memory");
			break;
		}
		if ((rc = cb(ctx, &r)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, "match runs");
	sqlite3_finalize(s);
	return rc;
}

/* --- rows --- */

int store_match_row_insert(struct pl_db *db, const struct store_match_row *r, long long *id,
                           struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s =
	        sq_prep(st, &st->match[M_ROW_INSERT],
	                "INSERT INTO match_rows(run_id, list_row, list_line, family_name, "
	                "given_name, patronymic, birth_date, unit, decision, candidates, "
	                "review) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')",
	                err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	st->last_table = -1;
	sqlite3_bind_int64(s, 1, r->run_id);
	sqlite3_bind_int64(s, 2, r->row);
	if (r->line > 0)
		sqlite3_bind_int64(s, 3, r->line);
	else
		sqlite3_bind_null(s, 3);
	bind_text(s, 4, r->family);
	bind_text(s, 5, r->given);
	bind_text(s, 6, r->patronymic);
	bind_text(s, 7, r->birth_date);
	bind_text(s, 8, r->unit);
	bind_text(s, 9, r->decision);
	bind_text(s, 10, r->candidates);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT)
		return pl_error_set(err, PL_EDATA, "row %lld: %s", r->row, sqlite3_errmsg(st->db));
	if (rc != SQLITE_DONE)
		return sq_error(st, err, "match row");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_match_rows(struct store *st, long long run_id, const char *review, const char *decision,
                     long long row, int (*cb)(void *, const struct store_match_row *), void *ctx,
                     struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0, step;
	if (sqlite3_prepare_v2(
	            st->db,
	            "SELECT w.id, w.run_id, w.list_row, w.list_line, w.family_name, "
	            "w.given_name, w.patronymic, w.birth_date, w.unit, w.decision, "
	            "w.candidates, w.review, w.person_id, p.ref, w.evidence_id, "
	            "w.reviewer_id, a.login, w.reviewed, w.note "
	            "FROM match_rows w LEFT JOIN persons p ON p.id = w.person_id "
	            "LEFT JOIN accounts a ON a.id = w.reviewer_id "
	            "WHERE w.run_id = ?1 AND (?2 IS NULL OR w.review = ?2) "
	            "AND (?3 IS NULL OR w.decision = ?3) AND (?4 = 0 OR w.list_row = ?4) "
	            "ORDER BY w.list_row",
	            -1, &s, NULL))
		return sq_error(st, err, "match rows");
	sqlite3_bind_int64(s, 1, run_id);
	bind_text(s, 2, review);
	bind_text(s, 3, decision);
	sqlite3_bind_int64(s, 4, row);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_match_row r = {
		        .id = sqlite3_column_int64(s, 0),
		        .run_id = sqlite3_column_int64(s, 1),
		        .row = sqlite3_column_int64(s, 2),
		        .line = sqlite3_column_int64(s, 3),
		        .family = col_text(s, 4),
		        .given = col_text(s, 5),
		        .patronymic = col_text(s, 6),
		        .birth_date = col_text(s, 7),
		        .unit = col_text(s, 8),
		        .decision = col_text(s, 9),
		        .candidates = col_text(s, 10),
		        .review = col_text(s, 11),
		        .person_id = sqlite3_column_int64(s, 12),
		        .person_ref = col_text(s, 13),
		        .evidence_id = sqlite3_column_int64(s, 14),
		        .reviewer_id = sqlite3_column_int64(s, 15),
		        .reviewer = col_text(s, 16),
		        .reviewed = col_text(s, 17),
		        .note = col_text(s, 18),
		};
		if (!r.decision || !r.candidates || !r.review) {
			rc = pl_error_set(err, PL_EDATA, "match rows: out of memory");
			break;
		}
		if ((rc = cb(ctx, &r)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, "match rows");
	sqlite3_finalize(s);
	return rc;
}

int store_match_row_review(struct pl_db *db, const struct store_match_row *r, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s =
	        sq_prep(st, &st->match[M_ROW_REVIEW],
	                "UPDATE match_rows SET review = ?, person_id = ?, evidence_id = ?, "
	                "reviewer_id = ?, reviewed = ?, note = ? WHERE id = ?",
	                err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	st->last_table = -1;
	bind_text(s, 1, r->review);
	bind_id(s, 2, r->person_id);
	bind_id(s, 3, r->evidence_id);
	bind_id(s, 4, r->reviewer_id);
	sqlite3_bind_text(s, 5, db->tx_time, -1, SQLITE_STATIC);
	bind_text(s, 6, r->note);
	sqlite3_bind_int64(s, 7, r->id);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return sq_error(st, err, "match row");
	if (sqlite3_changes(st->db) != 1)
		return pl_error_set(err, PL_ENOTFOUND, "no match row %lld", r->id);
	return 0;
}

/* --- persons: what matching and merging need of them --- */

int store_person_brief(struct store *st, long long id, char ref[PL_REF_MAX], char side[16],
                       int *exists, struct pl_error *err)
{
	sqlite3_stmt *s = sq_prep(st, &st->match[M_PERSON_BRIEF],
	                          "SELECT ref, side FROM persons WHERE id = ?", err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	*exists = rc == SQLITE_ROW;
	if (rc == SQLITE_ROW) {
		const char *r = col_text(s, 0), *sd = col_text(s, 1);
		snprintf(ref, PL_REF_MAX, "%s", r ? r : "");
		snprintf(side, 16, "%s", sd ? sd : "");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_error(st, err, "person");
	return 0;
}

int store_person_merged_into(struct store *st, long long person_id, long long *into,
                             char into_ref[PL_REF_MAX], struct pl_error *err)
{
	sqlite3_stmt *s = sq_prep(st, &st->match[M_MERGED_INTO],
	                          "SELECT m.person_id, p.ref FROM person_merges m "
	                          "JOIN persons p ON p.id = m.person_id WHERE m.merged_id = ?",
	                          err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_int64(s, 1, person_id);
	rc = sqlite3_step(s);
	*into = 0;
	if (rc == SQLITE_ROW) {
		const char *r = col_text(s, 1);
		*into = sqlite3_column_int64(s, 0);
		snprintf(into_ref, PL_REF_MAX, "%s", r ? r : "");
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_error(st, err, "person merge");
	return 0;
}

int store_person_merges(struct store *st, long long person_id, int into_it,
                        int (*cb)(void *, const struct store_merge *), void *ctx,
                        struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0, step;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT m.id, m.person_id, k.ref, m.merged_id, d.ref, m.reason, "
	                       "m.moved, a.login, m.recorded FROM person_merges m "
	                       "JOIN persons k ON k.id = m.person_id "
	                       "JOIN persons d ON d.id = m.merged_id "
	                       "LEFT JOIN accounts a ON a.id = m.author_id "
	                       "WHERE (?2 AND m.person_id = ?1) OR (NOT ?2 AND m.merged_id = ?1) "
	                       "ORDER BY m.id",
	                       -1, &s, NULL))
		return sq_error(st, err, "person merges");
	sqlite3_bind_int64(s, 1, person_id);
	sqlite3_bind_int(s, 2, into_it != 0);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_merge m = {
		        .id = sqlite3_column_int64(s, 0),
		        .person_id = sqlite3_column_int64(s, 1),
		        .person_ref = col_text(s, 2),
		        .merged_id = sqlite3_column_int64(s, 3),
		        .merged_ref = col_text(s, 4),
		        .reason = col_text(s, 5),
		        .moved = col_text(s, 6),
		        .author = col_text(s, 7),
		        .recorded = col_text(s, 8),
		};
		if (!m.person_ref || !m.merged_ref || !m.reason || !m.recorded) {
			rc = pl_error_set(err, PL_EDATA, "person merges: out of memory");
			break;
		}
		if ((rc = cb(ctx, &m)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, "person merges");
	sqlite3_finalize(s);
	return rc;
}

/* The tables whose rows follow a person into a merge, and their statements. */
static const struct {
	const char *table, *sql;
} merge_tables[] = {
        {"statuses", "UPDATE statuses SET person_id = ?1 WHERE person_id = ?2 RETURNING id"},
        {"events", "UPDATE events SET person_id = ?1 WHERE person_id = ?2 RETURNING id"},
        {"evidence", "UPDATE evidence SET person_id = ?1 WHERE person_id = ?2 RETURNING id"},
        {"relatives", "UPDATE relatives SET person_id = ?1 WHERE person_id = ?2 RETURNING id"},
        {"inquiries", "UPDATE inquiries SET person_id = ?1 WHERE person_id = ?2 RETURNING id"},
        {"match_rows", "UPDATE match_rows SET person_id = ?1 WHERE person_id = ?2 RETURNING id"},
};
_Static_assert(sizeof(merge_tables) / sizeof(merge_tables[0]) == M__MAX - M_MOVE_FIRST,
               "one statement slot per table of merge_tables");

const char *store_merge_table(size_t i)
{
	return i < sizeof(merge_tables) / sizeof(merge_tables[0]) ? merge_tables[i].table : NULL;
}

static int cmp_id(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;
	return (x > y) - (x < y);
}

int store_merge_move(struct pl_db *db, size_t table, long long from, long long to, long long **ids,
                     size_t *n, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s;
	long long *v = NULL;
	size_t len = 0, cap = 0;
	int rc = 0, step;

	if (table >= sizeof(merge_tables) / sizeof(merge_tables[0]))
		return pl_error_set(err, PL_EUSAGE, "merge: no such table");
	s = sq_prep(st, &st->match[M_MOVE_FIRST + table], merge_tables[table].sql, err);
	if (!s)
		return err ? err->code : PL_EDATA;
	st->last_table = -1;
	sqlite3_bind_int64(s, 1, to);
	sqlite3_bind_int64(s, 2, from);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (len == cap) {
			size_t ncap = cap ? 2 * cap : 16;
			long long *nv = pl_realloc(v, ncap * sizeof(*v));
			if (!nv) {
				rc = pl_error_set(err, PL_EDATA, "out of memory");
				break;
			}
			v = nv;
			cap = ncap;
		}
		v[len++] = sqlite3_column_int64(s, 0);
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, merge_tables[table].table);
	sqlite3_reset(s);
	if (rc) {
		pl_free(v);
		return rc;
	}
	if (len)
		qsort(v, len, sizeof(*v), cmp_id);
	*ids = v;
	*n = len;
	return 0;
}

int store_merge_insert(struct pl_db *db, const struct store_merge *m, long long author_id,
                       long long *id, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s = sq_prep(st, &st->match[M_MERGE_INSERT],
	                          "INSERT INTO person_merges(person_id, merged_id, reason, moved, "
	                          "author_id, recorded) VALUES(?, ?, ?, ?, ?, ?)",
	                          err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	st->last_table = -1;
	sqlite3_bind_int64(s, 1, m->person_id);
	sqlite3_bind_int64(s, 2, m->merged_id);
	bind_text(s, 3, m->reason);
	bind_text(s, 4, m->moved);
	sqlite3_bind_int64(s, 5, author_id);
	sqlite3_bind_text(s, 6, db->tx_time, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_CONSTRAINT)
		return pl_error_set(err, PL_EDATA, "person merge: %s", sqlite3_errmsg(st->db));
	if (rc != SQLITE_DONE)
		return sq_error(st, err, "person merge");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}
