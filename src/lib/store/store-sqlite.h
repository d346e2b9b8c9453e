/* store-sqlite.h - what the store-*.c modules of the SQLite backend share
 *
 * Not part of the storage interface (internal.h): only the files that hold SQL include
 * it. store-sqlite.c owns the handle, the schema and the audited rows; each other
 * module keeps its prepared statements in its own slots of struct store.
 */
#ifndef PARLEY_STORE_SQLITE_H
#define PARLEY_STORE_SQLITE_H
#include <sqlite3.h>

#include "internal.h"

enum stmt_id {
	S_AUDIT_INSERT,
	S_AUDIT_LAST,
	S_EXTERNAL,
	S_META_GET,
	S_META_SET,
	S_ACCOUNT_GET,
	S_ROW_HASH_FIRST, /* one per audited table follow */
	S__MAX = S_ROW_HASH_FIRST + 48
};

#define HASH_PLAN_COLS 64

struct store {
	sqlite3 *db;
	int migrated_from;      /* the schema version store_open brought up to date, 0: none */
	sqlite3_stmt *rollback; /* prepared at open: ROLLBACK must not need memory */
	sqlite3_stmt *stmt[S__MAX];
	sqlite3_stmt *insert[PL_ENT__MAX];
	/* statements of the other store-*.c modules, prepared on first use (sq_prep) */
	sqlite3_stmt *names[8];
	sqlite3_stmt *match[16];
	sqlite3_stmt *plan[4];

	/*
	 * For bulk writes (import), valid inside a write transaction only. The
	 * reference counters are kept here and written to meta at commit, not
	 * read and written back for every person.
	 */
	int tx;
	struct {
		char side[16];
		long long next;
		int dirty;
	} refs[4];
	int nrefs;
	/*
	 * The row hash of the row store_insert wrote last, computed from the
	 * values it bound, so that the audit record that follows need not read
	 * the row back. hash_plan[t]: 0 not worked out, 1 usable, -1 not;
	 * hash_cols[t][c]: the field of column c of SELECT * (-1: id).
	 */
	int last_table;
	long long last_id;
	unsigned char last_hash[PL_HASH_LEN];
	signed char hash_plan[S__MAX - S_ROW_HASH_FIRST];
	short hash_ncols[S__MAX - S_ROW_HASH_FIRST];
	short hash_cols[S__MAX - S_ROW_HASH_FIRST][HASH_PLAN_COLS];
};

/* Sets err from the handle's last error ("what: message"); returns the pl_code. */
int sq_error(struct store *st, struct pl_error *err, const char *what);
/* The statement in *slot, prepared on first use, reset and unbound; NULL and err set on
 * failure. */
sqlite3_stmt *sq_prep(struct store *st, sqlite3_stmt **slot, const char *sql, struct pl_error *err);
/* Fills r (initialised) from the current row of s: columns named like its fields, "id",
 * and the extras store-sqlite.c names (author, person_ref, exchange_ref, ...); -1 out of
 * memory. */
int sq_record_from_row(sqlite3_stmt *s, struct pl_record *r);
/* Runs sql (no rows); returns 0 or the pl_code set in err. */
int sq_exec(struct store *st, const char *sql, struct pl_error *err);

#endif
