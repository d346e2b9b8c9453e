/* store-sqlite.c - the storage layer on SQLite: every SQL statement of parley */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <sodium.h>
#include <sqlite3.h>
#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/db.h"
#include "parley/strbuf.h"
#include "parley/text.h"
#include "internal.h"
#include "migrations.h"
#include "store-sqlite.h"
#include "banned.h"

/* "PRLY": marks a SQLite file as parley's. */
#define APPLICATION_ID 0x50524C59

const char *const store_audited_tables[] = {
        "accounts", "persons", "person_changes", "files", "evidence", "statuses", "events",
        "relatives", "inquiries",
        /* sql/0004-match.sql, written by store-match.c */
        "match_runs", "match_rows", "person_merges",
        /* sql/0005-trust.sql */
        "audit_checkpoints",
        /* sql/0007-exchanges.sql */
        "exchanges", "exchange_mediators", "exchange_lists", "exchange_stages",
        "exchange_handovers", "receptions", "notifications", "exchange_incidents", "policy_rules",
        /* sql/0008-negotiations.sql */
        "negotiations", "negotiation_exchanges", "negotiation_sessions", "welfare_notes",
        "positions", "opening_lines", "counterparts", "statements", "profiles",
        "pressure_incidents",
        /* sql/0009-plans.sql (plan_members: the plan's members_hash) */
        "plans", "plan_weights", NULL};

int sq_error(struct store *st, struct pl_error *err, const char *what)
{
	int code = sqlite3_errcode(st->db);
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		return pl_error_set(err, PL_EINTEGRITY, "%s: the data file is damaged: %s", what,
		                    sqlite3_errmsg(st->db));
	if (code == SQLITE_BUSY)
		return pl_error_set(err, PL_EDATA,
		                    "%s: the data file is busy (another writer holds it)", what);
	return pl_error_set(err, PL_EDATA, "%s: %s", what, sqlite3_errmsg(st->db));
}

/* The statement in *slot, prepared on first use; NULL and err set on failure. */
sqlite3_stmt *sq_prep(struct store *st, sqlite3_stmt **slot, const char *sql, struct pl_error *err)
{
	if (!*slot && sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL)) {
		sq_error(st, err, "prepare");
		*slot = NULL;
		return NULL;
	}
	sqlite3_reset(*slot);
	sqlite3_clear_bindings(*slot);
	return *slot;
}

static int table_index(const char *table)
{
	for (int i = 0; store_audited_tables[i]; i++)
		if (!strcmp(store_audited_tables[i], table))
			return i;
	return -1;
}

/* pl_fold(text): NFKC case fold, for case-insensitive matching of any script. */
static void fold_fn(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *s = sqlite3_value_text(argv[0]);
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n;
	(void)argc;
	if (!s) {
		sqlite3_result_null(ctx);
		return;
	}
	n = utf8proc_map(s, -1, &r,
	                 UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                         UTF8PROC_CASEFOLD | UTF8PROC_COMPAT);
	if (n < 0) {
		sqlite3_result_text(ctx, (const char *)s, -1, SQLITE_TRANSIENT);
		return;
	}
	sqlite3_result_text(ctx, (const char *)r, (int)n, free);
}

int sq_exec(struct store *st, const char *sql, struct pl_error *err)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		int code = sqlite3_errcode(st->db);
		pl_error_set(err,
		             code == SQLITE_CORRUPT || code == SQLITE_NOTADB ? PL_EINTEGRITY
		                                                             : PL_EDATA,
		             "%s", msg ? msg : sqlite3_errstr(code));
		sqlite3_free(msg);
		return err ? err->code : PL_EDATA;
	}
	return 0;
}

static int pragma_int(struct store *st, const char *sql, int *out)
{
	sqlite3_stmt *s;
	int rc = -1;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*out = sqlite3_column_int(s, 0);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

int store_schema_version(struct store *st)
{
	int v = -1;
	pragma_int(st, "PRAGMA user_version", &v);
	return v;
}

static int migrate(struct store *st, unsigned flags, struct pl_error *err)
{
	int version = store_schema_version(st), app = 0, tables = 0;
	int latest = pl_db_schema_latest();

	if (version < 0 || pragma_int(st, "PRAGMA application_id", &app) ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_schema", &tables))
		return sq_error(st, err, "read schema");
	if (tables > 0 && app != APPLICATION_ID)
		return pl_error_set(err, PL_EINTEGRITY, "not a parley data file");
	if (version > latest)
		return pl_error_set(err, PL_EINTEGRITY,
		                    "the data file was made by a newer parley (schema %d, this "
		                    "parley knows up to %d): upgrade parley",
		                    version, latest);
	if (version == latest)
		return 0;
	if (flags & PL_OPEN_READONLY)
		return pl_error_set(err, PL_EINTEGRITY,
		                    "the data file needs an upgrade (schema %d to %d): open it "
		                    "for writing once",
		                    version, latest);
	if (sq_exec(st, "BEGIN IMMEDIATE", err))
		return err ? err->code : PL_EDATA;
	st->migrated_from = version;
	for (size_t i = 0; i < migrations_n; i++) {
		if (migrations[i].version <= version)
			continue;
		if (sq_exec(st, migrations[i].sql, err)) {
			pl_error_prefix(err, "migration %04d", migrations[i].version);
			sq_exec(st, "ROLLBACK", NULL);
			return err ? err->code : PL_EDATA;
		}
	}
	{
		char sql[96];
		snprintf(sql, sizeof(sql), "PRAGMA user_version=%d; PRAGMA application_id=%d",
		         latest, APPLICATION_ID);
		if (sq_exec(st, sql, err) || sq_exec(st, "COMMIT", err)) {
			sq_exec(st, "ROLLBACK", NULL);
			return err ? err->code : PL_EDATA;
		}
	}
	return 0;
}

/*
 * The schema: every row of sqlite_schema that the migrations make, as "type\tname\t
 * tbl_name\tsql" lines, read once (store_global_init) from an in-memory database they
 * are applied to. A data file must hold exactly these: an object planted by whoever can
 * write the file (a trigger copying restricted values into a visible field, a view, an
 * index, a column, a DEFAULT, CHECK or COLLATE changed through writable_schema) makes it
 * refused, by name.
 */
static char *schema_want;

/* The sqlite_schema of db as sorted lines; SQLite's own tables of statistics and
 * sequences left out (they hold no code). NULL out of memory or on an error. */
static char *schema_lines(sqlite3 *db)
{
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *s;
	int step;
	if (sqlite3_prepare_v2(db,
	                       "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
	                       "WHERE name NOT IN ('sqlite_sequence', 'sqlite_stat1', "
	                       "'sqlite_stat2', 'sqlite_stat3', 'sqlite_stat4') "
	                       "ORDER BY type, name",
	                       -1, &s, NULL) != SQLITE_OK)
		return NULL;
	while ((step = sqlite3_step(s)) == SQLITE_ROW)
		for (int c = 0; c < 4; c++) {
			/* one line an object: line breaks and tabs of its SQL written as \n, \t */
			for (const char *p = (const char *)sqlite3_column_text(s, c); p && *p; p++)
				if (*p == '\n' || *p == '\t' || *p == '\\')
					strbuf_addf(&sb, "\\%c",
					            *p == '\n'   ? 'n'
					            : *p == '\t' ? 't'
					                         : '\\');
				else
					strbuf_add(&sb, p, 1);
			strbuf_add(&sb, c < 3 ? "\t" : "\n", 1);
		}
	sqlite3_finalize(s);
	if (step != SQLITE_DONE || sb.failed) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

int store_global_init(struct pl_error *err)
{
	sqlite3 *db = NULL;
	int rc = 0;
	if (schema_want)
		return 0;
	if (sqlite3_open_v2(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		rc = pl_error_set(err, PL_EDATA, "schema: out of memory");
		goto out;
	}
	for (size_t i = 0; i < migrations_n && !rc; i++)
		if (sqlite3_exec(db, migrations[i].sql, NULL, NULL, NULL) != SQLITE_OK)
			rc = pl_error_set(err, PL_EDATA, "migration %04d: %s",
			                  migrations[i].version, sqlite3_errmsg(db));
	if (!rc && !(schema_want = schema_lines(db)))
		rc = pl_error_set(err, PL_EDATA, "schema: out of memory");
out:
	sqlite3_close(db);
	return rc;
}

/* The first line of a that b lacks, copied to out (for naming the object). */
static int first_missing(const char *a, const char *b, char *out, size_t cap)
{
	for (const char *p = a; *p;) {
		const char *e = strchr(p, '\n');
		size_t len = e ? (size_t)(e - p) + 1 : strlen(p);
		int found = 0;
		for (const char *q = b; *q && !found;) {
			const char *f = strchr(q, '\n');
			size_t l2 = f ? (size_t)(f - q) + 1 : strlen(q);
			found = l2 == len && !memcmp(p, q, len);
			q += l2;
		}
		if (!found) {
			snprintf(out, cap, "%.*s", (int)(len > 0 ? len - 1 : 0), p);
			return 1;
		}
		p += len;
	}
	return 0;
}

/* "trigger t_leak on persons" from a line "trigger\tt_leak\tpersons\t..." */
static void name_object(const char *line, char *out, size_t cap)
{
	char type[16] = "", name[128] = "", tbl[128] = "";
	sscanf(line, "%15[^\t]\t%127[^\t]\t%127[^\t]", type, name, tbl);
	if (strcmp(name, tbl) && tbl[0])
		snprintf(out, cap, "%s %s on %s", type, name, tbl);
	else
		snprintf(out, cap, "%s %s", type, name);
}

int store_schema_check(struct store *st, struct pl_error *err)
{
	char line[4096], what[300];
	char *have;
	int rc = 0;
	if (!schema_want)
		return pl_error_set(err, PL_EDATA, "schema: not read (pl_global_init)");
	if (!(have = schema_lines(st->db)))
		return sq_error(st, err, "read the schema");
	if (!strcmp(have, schema_want))
		goto out;
	if (first_missing(have, schema_want, line, sizeof(line))) {
		name_object(line, what, sizeof(what));
		rc = pl_error_set(err, PL_EINTEGRITY,
		                  "the data file holds what parley did not make: %s (refused: it "
		                  "may be planted; restore a backup or remove it)",
		                  what);
	} else if (first_missing(schema_want, have, line, sizeof(line))) {
		name_object(line, what, sizeof(what));
		rc = pl_error_set(
		        err, PL_EINTEGRITY,
		        "the data file lacks what parley made: %s (refused: it was changed "
		        "behind parley's back)",
		        what);
	} else {
		rc = pl_error_set(err, PL_EINTEGRITY, "the data file's schema was changed");
	}
out:
	pl_free(have);
	return rc;
}

int store_migrated_from(struct store *st)
{
	return st->migrated_from;
}

int pl_db_schema_latest(void)
{
	return migrations[migrations_n - 1].version;
}

int store_open(const char *path, unsigned flags, struct store **out, struct pl_error *err)
{
	struct store *st;
	int oflags, rc;

	if (flags & PL_OPEN_CREATE) {
		if (access(path, F_OK) == 0)
			return pl_error_set(err, PL_EUSAGE, "%s already exists", path);
		oflags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	} else {
		if (access(path, F_OK) != 0)
			return pl_error_cond(err, PL_ENOTFOUND, PL_COND_NO_DATA_FILE,
			                     "no parley data file at %s", path);
		oflags = flags & PL_OPEN_READONLY ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
	}
	st = pl_calloc(1, sizeof(*st));
	if (!st)
		return pl_error_set(err, PL_EDATA, "out of memory");
	st->last_table = -1;
	rc = sqlite3_open_v2(
	        path, &st->db,
	        oflags | SQLITE_OPEN_NOFOLLOW | SQLITE_OPEN_EXRESCODE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (st->db)
			pl_error_set(err, PL_EDATA, "%s: %s", path, sqlite3_errmsg(st->db));
		else
			pl_error_set(err, PL_EDATA, "%s: out of memory", path);
		goto fail;
	}
	sqlite3_extended_result_codes(st->db, 0);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	sqlite3_db_config(st->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, NULL);
	sqlite3_busy_timeout(st->db, 10000);
	if (sqlite3_create_function(st->db, "pl_fold", 1,
	                            SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS, NULL,
	                            fold_fn, NULL, NULL) != SQLITE_OK) {
		sq_error(st, err, path);
		goto fail;
	}
	if (sq_exec(st, "PRAGMA trusted_schema=OFF; PRAGMA foreign_keys=ON", err))
		goto fail_prefix;
	/* before the first table: a new file's pages are 8 KiB (fewer, fuller B-tree pages) */
	if ((flags & PL_OPEN_CREATE) && sq_exec(st, "PRAGMA page_size=8192", err))
		goto fail_prefix;
	if (!(flags & PL_OPEN_READONLY) &&
	    sq_exec(st, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL", err))
		goto fail_prefix;
	if (migrate(st, flags, err) || store_schema_check(st, err))
		goto fail_prefix;
	/* last: a pragma or migration after it would expire it, and re-preparing needs memory */
	if (sqlite3_prepare_v3(st->db, "ROLLBACK", -1, SQLITE_PREPARE_PERSISTENT, &st->rollback,
	                       NULL) != SQLITE_OK) {
		sq_error(st, err, path);
		goto fail;
	}
	*out = st;
	return 0;
fail_prefix:
	pl_error_prefix(err, "%s", path);
fail:
	store_close(st);
	if (flags & PL_OPEN_CREATE)
		pl_db_remove(path);
	return err ? (err->code ? err->code : PL_EDATA) : PL_EDATA;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	sqlite3_finalize(st->rollback);
	for (int i = 0; i < S__MAX; i++)
		sqlite3_finalize(st->stmt[i]);
	for (int i = 0; i < PL_ENT__MAX; i++)
		sqlite3_finalize(st->insert[i]);
	for (size_t i = 0; i < sizeof(st->names) / sizeof(st->names[0]); i++)
		sqlite3_finalize(st->names[i]);
	for (size_t i = 0; i < sizeof(st->match) / sizeof(st->match[0]); i++)
		sqlite3_finalize(st->match[i]);
	for (size_t i = 0; i < sizeof(st->plan) / sizeof(st->plan[0]); i++)
		sqlite3_finalize(st->plan[i]);
	sqlite3_close(st->db);
	pl_free(st);
}

static void rollback_now(struct store *st)
{
	if (sqlite3_get_autocommit(st->db))
		return;
	sqlite3_step(st->rollback);
	sqlite3_reset(st->rollback);
}

static void bulk_reset(struct store *st)
{
	st->tx = 0;
	st->nrefs = 0;
	st->last_table = -1;
}

static int refs_flush(struct pl_db *db, struct pl_error *err);

int store_begin(struct pl_db *db, struct pl_error *err)
{
	if (sq_exec(db->st, "BEGIN IMMEDIATE", err)) {
		rollback_now(db->st);
		return err ? err->code : PL_EDATA;
	}
	bulk_reset(db->st);
	db->st->tx = 1;
	db->in_tx = 1;
	pl_now_utc(db->tx_time);
	if (store_audit_last(db->st, &db->audit_seq, db->audit_hash, err)) {
		store_rollback(db);
		return err ? err->code : PL_EDATA;
	}
	return 0;
}

int store_commit(struct pl_db *db, struct pl_error *err)
{
	int rc = refs_flush(db, err);
	bulk_reset(db->st);
	db->in_tx = 0;
	if (rc) {
		rollback_now(db->st);
		return rc;
	}
	if (sq_exec(db->st, "COMMIT", err)) {
		rollback_now(db->st);
		return err ? err->code : PL_EDATA;
	}
	return 0;
}

void store_rollback(struct pl_db *db)
{
	bulk_reset(db->st);
	rollback_now(db->st);
	db->in_tx = 0;
}

int store_integrity_check(struct store *st, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK)
		return sq_error(st, err, "integrity check");
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char *r = (const char *)sqlite3_column_text(s, 0);
		if (r && strcmp(r, "ok")) {
			rc = pl_error_set(err, PL_EINTEGRITY, "integrity check: %s", r);
			break;
		}
	}
	if (!rc && sqlite3_errcode(st->db) != SQLITE_OK && sqlite3_errcode(st->db) != SQLITE_DONE)
		rc = sq_error(st, err, "integrity check");
	sqlite3_finalize(s);
	if (!rc) {
		if (sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1, &s, NULL) !=
		    SQLITE_OK)
			return sq_error(st, err, "foreign key check");
		if (sqlite3_step(s) == SQLITE_ROW)
			rc = pl_error_set(err, PL_EINTEGRITY,
			                  "foreign key check: table %s row %lld points nowhere",
			                  sqlite3_column_text(s, 0),
			                  (long long)sqlite3_column_int64(s, 1));
		sqlite3_finalize(s);
	}
	return rc;
}

int store_backup_to(struct store *st, const char *dest,
                    int (*tick)(void *ctx, uint64_t done, uint64_t total), void *ctx,
                    struct pl_error *err)
{
	sqlite3 *from = NULL, *to = NULL;
	sqlite3_backup *b;
	const char *path = sqlite3_db_filename(st->db, "main");
	int rc, stop = 0;

	/*
	 * A connection of its own reads the file: st's may hold the write lock (a backup
	 * does, so that nothing is written between the copy and its audit record), and
	 * SQLite copies nothing from a connection in a write transaction. It reads what is
	 * committed.
	 */
	if (!path || !*path)
		return pl_error_set(err, PL_EDATA, "backup to %s: the data file has no name", dest);
	if (sqlite3_open_v2(path, &from, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOFOLLOW, NULL)) {
		pl_error_set(err, PL_EDATA, "%s: %s", path,
		             from ? sqlite3_errmsg(from) : "cannot open");
		sqlite3_close(from);
		return PL_EDATA;
	}
	sqlite3_busy_timeout(from, 10000);
	if (sqlite3_open_v2(dest, &to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL)) {
		pl_error_set(err, PL_EDATA, "%s: %s", dest,
		             to ? sqlite3_errmsg(to) : "cannot open");
		sqlite3_close(to);
		sqlite3_close(from);
		return PL_EDATA;
	}
	b = sqlite3_backup_init(to, "main", from, "main");
	if (!b) {
		pl_error_set(err, PL_EDATA, "%s: %s", dest, sqlite3_errmsg(to));
		sqlite3_close(to);
		sqlite3_close(from);
		return PL_EDATA;
	}
	do {
		/* 1024 pages a step: the copy can be stopped between two */
		rc = sqlite3_backup_step(b, 1024);
		if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
			sqlite3_sleep(50);
		if (tick && (rc == SQLITE_OK || rc == SQLITE_DONE)) {
			int total = sqlite3_backup_pagecount(b);
			stop = tick(ctx, (uint64_t)(total - sqlite3_backup_remaining(b)),
			            (uint64_t)total);
		}
	} while (!stop && (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED));
	sqlite3_backup_finish(b);
	sqlite3_close(from);
	if (stop) {
		sqlite3_close(to);
		return stop;
	}
	if (rc != SQLITE_DONE) {
		pl_error_set(err, PL_EDATA, "backup to %s: %s", dest, sqlite3_errstr(rc));
		sqlite3_close(to);
		return PL_EDATA;
	}
	/* the copy is a plain rollback-journal file: one file to carry */
	rc = sqlite3_exec(to, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	sqlite3_close(to);
	if (rc != SQLITE_OK)
		return pl_error_set(err, PL_EDATA, "backup to %s: cannot finish the copy", dest);
	return 0;
}

int store_rollback_journal(struct store *st, struct pl_error *err)
{
	return sq_exec(st, "PRAGMA journal_mode=DELETE", err);
}

long long store_count(struct store *st, const char *table)
{
	char sql[96];
	sqlite3_stmt *s;
	long long n = -1;
	if (table_index(table) < 0 && strcmp(table, "audit"))
		return -1;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s", table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/* --- accounts --- */

static void copy_col(char *dst, size_t cap, sqlite3_stmt *s, int col)
{
	const char *v = (const char *)sqlite3_column_text(s, col);
	snprintf(dst, cap, "%s", v ? v : "");
}

static void account_from_row(sqlite3_stmt *s, struct store_account *a)
{
	a->id = sqlite3_column_int64(s, 0);
	copy_col(a->login, sizeof(a->login), s, 1);
	a->roles = (unsigned)sqlite3_column_int64(s, 2);
	copy_col(a->pw_hash, sizeof(a->pw_hash), s, 3);
	copy_col(a->os_user, sizeof(a->os_user), s, 4);
	copy_col(a->created, sizeof(a->created), s, 5);
	a->disabled = sqlite3_column_int(s, 6);
}

#define ACCOUNT_COLS "id, login, roles, pw_hash, os_user, created, disabled"

static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

int store_account_insert(struct pl_db *db, const struct store_account *a, long long *id,
                         struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(st->db,
	                       "INSERT INTO accounts(login, roles, pw_hash, os_user, created, "
	                       "disabled) VALUES(?, ?, ?, ?, ?, ?)",
	                       -1, &s, NULL))
		return sq_error(st, err, "add account");
	sqlite3_bind_text(s, 1, a->login, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, a->roles);
	sqlite3_bind_text(s, 3, a->pw_hash, -1, SQLITE_STATIC);
	bind_text_or_null(s, 4, a->os_user);
	sqlite3_bind_text(s, 5, a->created, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 6, a->disabled);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT)
		return pl_error_set(err, PL_EDATA, "account %s already exists", a->login);
	if (rc != SQLITE_DONE)
		return sq_error(st, err, "add account");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_account_get(struct store *st, const char *login, struct store_account *out,
                      struct pl_error *err)
{
	sqlite3_stmt *s = sq_prep(st, &st->stmt[S_ACCOUNT_GET],
	                          "SELECT " ACCOUNT_COLS " FROM accounts WHERE login = ?", err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_text(s, 1, login, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		account_from_row(s, out);
		sqlite3_reset(s);
		return 0;
	}
	sqlite3_reset(s);
	if (rc == SQLITE_DONE)
		return pl_error_set(err, PL_ENOTFOUND, "no account %s", login);
	return sq_error(st, err, "read account");
}

int store_account_update(struct pl_db *db, const struct store_account *a, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(st->db,
	                       "UPDATE accounts SET roles = ?, pw_hash = ?, os_user = ?, "
	                       "disabled = ? WHERE id = ?",
	                       -1, &s, NULL))
		return sq_error(st, err, "update account");
	sqlite3_bind_int64(s, 1, a->roles);
	sqlite3_bind_text(s, 2, a->pw_hash, -1, SQLITE_STATIC);
	bind_text_or_null(s, 3, a->os_user);
	sqlite3_bind_int(s, 4, a->disabled);
	sqlite3_bind_int64(s, 5, a->id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, "update account");
}

int store_account_each(struct store *st, int (*cb)(void *, const struct store_account *), void *ctx,
                       struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(st->db, "SELECT " ACCOUNT_COLS " FROM accounts ORDER BY login", -1,
	                       &s, NULL))
		return sq_error(st, err, "list accounts");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_account a;
		int r;
		account_from_row(s, &a);
		if ((r = cb(ctx, &a))) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, "list accounts");
}

int store_account_logins_get(struct store *st, struct store_account *a, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc;
	a->failed_logins = 0;
	a->locked_until[0] = '\0';
	if (sqlite3_prepare_v2(
	            st->db, "SELECT failed, locked_until FROM account_logins WHERE account_id = ?",
	            -1, &s, NULL))
		return sq_error(st, err, "read account");
	sqlite3_bind_int64(s, 1, a->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		a->failed_logins = sqlite3_column_int64(s, 0);
		copy_col(a->locked_until, sizeof(a->locked_until), s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : sq_error(st, err, "read account");
}

static int logins_write(struct store *st, long long account_id, long long failed, const char *until,
                        struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(st->db,
	                       "INSERT INTO account_logins(account_id, failed, locked_until) "
	                       "VALUES(?, ?, ?) ON CONFLICT(account_id) DO UPDATE SET "
	                       "failed = excluded.failed, locked_until = excluded.locked_until",
	                       -1, &s, NULL))
		return sq_error(st, err, "record a login");
	sqlite3_bind_int64(s, 1, account_id);
	sqlite3_bind_int64(s, 2, failed);
	bind_text_or_null(s, 3, until);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, "record a login");
}

int store_account_logins_set(struct pl_db *db, long long account_id, long long failed,
                             const char *locked_until, struct pl_error *err)
{
	return logins_write(db->st, account_id, failed, locked_until, err);
}

int store_account_logins_clear(struct pl_db *db, long long account_id, struct pl_error *err)
{
	return logins_write(db->st, account_id, 0, NULL, err);
}

/* --- rows of entities --- */

static int bind_field(sqlite3_stmt *s, int i, const struct pl_field *f, const char *v)
{
	if (!v)
		return sqlite3_bind_null(s, i);
	if (f->type == PL_V_ID || f->type == PL_V_COUNT)
		return sqlite3_bind_int64(s, i, strtoll(v, NULL, 10));
	return sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
}

static void hash_u64(crypto_generichash_state *h, unsigned long long v);
static sqlite3_stmt *row_hash_stmt(struct store *st, int t, const char *table,
                                   struct pl_error *err);

/*
 * Works out, once per table, whether the row hash of a row can be computed
 * from the values store_insert binds: every column of SELECT * must be the id
 * or a field bound with its declared type (INTEGER for ids, TEXT otherwise),
 * as STRICT tables then store exactly what was bound.
 */
static int hash_plan(struct store *st, int t, const struct pl_entity *ent)
{
	sqlite3_stmt *s;
	int n;
	if (st->hash_plan[t])
		return st->hash_plan[t] > 0;
	st->hash_plan[t] = -1;
	s = row_hash_stmt(st, t, ent->table, NULL);
	if (!s || (n = sqlite3_column_count(s)) > HASH_PLAN_COLS)
		return 0;
	for (int c = 0; c < n; c++) {
		const char *name = sqlite3_column_name(s, c);
		const char *decl = sqlite3_column_decltype(s, c);
		int i;
		if (!name || !decl)
			return 0;
		if (!strcmp(name, "id")) {
			if (strcasecmp(decl, "INTEGER"))
				return 0;
			st->hash_cols[t][c] = -1;
			continue;
		}
		i = pl_field_index(ent, name);
		if (i < 0 || strcasecmp(decl, ent->fields[i].type == PL_V_ID ||
		                                              ent->fields[i].type == PL_V_COUNT
		                                      ? "INTEGER"
		                                      : "TEXT"))
			return 0;
		st->hash_cols[t][c] = (short)i;
	}
	st->hash_ncols[t] = (short)n;
	st->hash_plan[t] = 1;
	return 1;
}

/* After an insert in a write transaction: the hash store_row_hash would read back. */
static void inserted_row_hash(struct store *st, const struct pl_record *r, long long id)
{
	const struct pl_entity *ent = r->ent;
	int t = table_index(ent->table);
	crypto_generichash_state h;

	st->last_table = -1;
	if (!st->tx || t < 0 || !hash_plan(st, t, ent))
		return;
	crypto_generichash_init(&h, NULL, 0, PL_HASH_LEN);
	crypto_generichash_update(&h, (const unsigned char *)ent->table, strlen(ent->table) + 1);
	for (int c = 0; c < st->hash_ncols[t]; c++) {
		int i = st->hash_cols[t][c];
		const char *v = i < 0 ? NULL : r->v[i];
		unsigned char tag;
		if (i < 0 ||
		    (v && (ent->fields[i].type == PL_V_ID || ent->fields[i].type == PL_V_COUNT))) {
			tag = SQLITE_INTEGER;
			crypto_generichash_update(&h, &tag, 1);
			hash_u64(&h, (unsigned long long)(i < 0 ? id : strtoll(v, NULL, 10)));
		} else if (v) {
			size_t len = strlen(v);
			tag = SQLITE_TEXT;
			crypto_generichash_update(&h, &tag, 1);
			hash_u64(&h, (unsigned long long)len);
			if (len)
				crypto_generichash_update(&h, (const unsigned char *)v, len);
		} else {
			tag = SQLITE_NULL;
			crypto_generichash_update(&h, &tag, 1);
		}
	}
	crypto_generichash_final(&h, st->last_hash, PL_HASH_LEN);
	st->last_table = t;
	st->last_id = id;
}

int store_insert(struct pl_db *db, const struct pl_record *r, long long *id, struct pl_error *err)
{
	struct store *st = db->st;
	const struct pl_entity *ent = r->ent;
	sqlite3_stmt *s = st->insert[ent->id];
	int rc;

	if (!s) {
		struct strbuf sql = STRBUF_INIT;
		strbuf_addf(&sql, "INSERT INTO %s(", ent->table);
		for (size_t i = 0; i < ent->nfields; i++)
			strbuf_addf(&sql, "%s%s", i ? ", " : "", ent->fields[i].name);
		strbuf_adds(&sql, ") VALUES(");
		for (size_t i = 0; i < ent->nfields; i++)
			strbuf_adds(&sql, i ? ", ?" : "?");
		strbuf_adds(&sql, ")");
		if (sql.failed) {
			strbuf_release(&sql);
			return pl_error_set(err, PL_EDATA, "out of memory");
		}
		s = sq_prep(st, &st->insert[ent->id], sql.buf, err);
		strbuf_release(&sql);
		if (!s)
			return err ? err->code : PL_EDATA;
	} else {
		sqlite3_reset(s);
	}
	for (size_t i = 0; i < ent->nfields; i++)
		bind_field(s, (int)i + 1, &ent->fields[i], r->v[i]);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		if (rc == SQLITE_CONSTRAINT)
			return pl_error_set(err, PL_EDATA, "%s: %s", ent->name,
			                    sqlite3_errmsg(st->db));
		return sq_error(st, err, ent->name);
	}
	*id = sqlite3_last_insert_rowid(st->db);
	inserted_row_hash(st, r, *id);
	return 0;
}

int store_update(struct pl_db *db, const struct pl_record *r, uint64_t mask, struct pl_error *err)
{
	struct store *st = db->st;
	const struct pl_entity *ent = r->ent;
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s;
	int k = 0, rc;

	st->last_table = -1;

	strbuf_addf(&sql, "UPDATE %s SET ", ent->table);
	for (size_t i = 0; i < ent->nfields; i++)
		if (mask & (1ULL << i))
			strbuf_addf(&sql, "%s%s = ?", k++ ? ", " : "", ent->fields[i].name);
	strbuf_adds(&sql, " WHERE id = ?");
	if (!k || sql.failed) {
		strbuf_release(&sql);
		return k ? pl_error_set(err, PL_EDATA, "out of memory") : 0;
	}
	rc = sqlite3_prepare_v2(st->db, sql.buf, -1, &s, NULL);
	strbuf_release(&sql);
	if (rc)
		return sq_error(st, err, ent->name);
	k = 1;
	for (size_t i = 0; i < ent->nfields; i++)
		if (mask & (1ULL << i))
			bind_field(s, k++, &ent->fields[i], r->v[i]);
	sqlite3_bind_int64(s, k, r->id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, ent->name);
}

/*
 * The names of values outside an entity's fields that a query may add, as literals: a
 * record's extras keep the name's pointer, which must outlive the statement.
 */
static const char *const extra_names[] = {
        "author", "person_ref", "exchange_ref", "stage", "stage_date", "person_side",
        "person_status", "mediators", "stages", "received", "given", "list", "side", "on_the_spot",
        "relative", "exchange_status",
        /* the negotiation desk (src/lib/negotiation/) */
        "negotiation", "session", "sessions", "exchanges", "limit_hours", "versions", "counterpart",
        "statements", "promises_kept", "promises_broken", "profiled", "person", "score", "overdue",
        "resolved_by_login",
        /* the planner (src/lib/plan/) */
        "exchange", NULL};

int sq_record_from_row(sqlite3_stmt *s, struct pl_record *r)
{
	int n = sqlite3_column_count(s);
	for (int c = 0; c < n; c++) {
		const char *name = sqlite3_column_name(s, c);
		const char *v = (const char *)sqlite3_column_text(s, c);
		int i;
		if (!strcmp(name, "id")) {
			r->id = sqlite3_column_int64(s, c);
			continue;
		}
		i = pl_field_index(r->ent, name);
		if (i >= 0) {
			pl_free(r->v[i]);
			r->v[i] = NULL;
			if (v && !(r->v[i] = pl_strdup(v)))
				return -1;
			continue;
		}
		for (size_t k = 0; extra_names[k]; k++)
			if (!strcmp(name, extra_names[k])) {
				if (pl_record_add_extra(r, extra_names[k], v))
					return -1;
				break;
			}
	}
	return 0;
}

static int get_one(struct store *st, sqlite3_stmt *s, const struct pl_entity *ent,
                   struct pl_record *out, const char *what, struct pl_error *err)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (pl_record_init(out, ent) || sq_record_from_row(s, out)) {
			pl_record_release(out);
			return pl_error_set(err, PL_EDATA, "out of memory");
		}
		return 0;
	}
	if (rc == SQLITE_DONE)
		return pl_error_set(err, PL_ENOTFOUND, "no %s %s", ent->name, what);
	return sq_error(st, err, ent->name);
}

int store_get(struct store *st, const struct pl_entity *ent, long long id, struct pl_record *out,
              struct pl_error *err)
{
	char sql[128], what[32];
	sqlite3_stmt *s;
	int rc;
	snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = ?", ent->table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL))
		return sq_error(st, err, ent->name);
	sqlite3_bind_int64(s, 1, id);
	snprintf(what, sizeof(what), "%lld", id);
	rc = get_one(st, s, ent, out, what, err);
	sqlite3_finalize(s);
	return rc;
}

int store_person_by_ref(struct store *st, const char *ref, struct pl_record *out,
                        struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(st->db, "SELECT * FROM persons WHERE ref = ?", -1, &s, NULL))
		return sq_error(st, err, "person");
	sqlite3_bind_text(s, 1, ref, -1, SQLITE_STATIC);
	rc = get_one(st, s, pl_entity(PL_ENT_PERSON), out, ref, err);
	sqlite3_finalize(s);
	return rc;
}

int store_person_by_external(struct store *st, const char *source, const char *external_id,
                             long long *id, struct pl_error *err)
{
	sqlite3_stmt *s =
	        sq_prep(st, &st->stmt[S_EXTERNAL],
	                "SELECT id FROM persons WHERE source IS ? AND external_id = ?", err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	bind_text_or_null(s, 1, source);
	sqlite3_bind_text(s, 2, external_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_error(st, err, "person");
	return 0;
}

/* Case-folds s for pl_fold comparisons; NULL when out of memory or invalid. */
static char *fold(const char *s)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, -1, &r,
	                                  UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                                          UTF8PROC_CASEFOLD | UTF8PROC_COMPAT);
	char *out;
	if (n < 0)
		return NULL;
	out = pl_strndup((const char *)r, (size_t)n);
	free(r);
	return out;
}

#define MAX_WORDS 8

struct words {
	char *w[MAX_WORDS];
	int n;
};

static int split_words(const char *text, struct words *ws)
{
	char *f = fold(text), *p, *save = NULL;
	ws->n = 0;
	if (!f)
		return -1;
	for (p = strtok_r(f, " \t,", &save); p && ws->n < MAX_WORDS;
	     p = strtok_r(NULL, " \t,", &save))
		if (!(ws->w[ws->n++] = pl_strdup(p)))
			break;
	pl_free(f);
	return 0;
}

static void words_release(struct words *ws)
{
	for (int i = 0; i < ws->n; i++)
		pl_free(ws->w[i]);
	ws->n = 0;
}

int store_person_list(struct store *st, const struct pl_person_filter *f, unsigned view,
                      pl_record_cb cb, void *ctx, struct pl_error *err)
{
	struct strbuf sql = STRBUF_INIT;
	struct words unit = {0}, text = {0};
	sqlite3_stmt *s = NULL;
	const struct pl_entity *ent = pl_entity(PL_ENT_PERSON);
	char tag[80] = "", cit[16] = "";
	int k = 1, rc = 0, step;

	/* a person merged into another is listed no more (sql/0004-match.sql) */
	strbuf_adds(&sql, "SELECT * FROM persons WHERE id NOT IN (SELECT merged_id FROM "
	                  "person_merges)");
	if (f->side)
		strbuf_adds(&sql, " AND side = ?");
	if (f->status && (view & STORE_VIEW_HOTLINE))
		strbuf_adds(&sql, " AND (CASE WHEN side = 'captive' AND status = 'listed' THEN "
		                  "'confirmed' ELSE status END) = ?");
	else if (f->status)
		strbuf_adds(&sql, " AND status = ?");
	if (f->kind)
		strbuf_adds(&sql, " AND kind = ?");
	if (f->health)
		strbuf_adds(&sql, " AND health = ?");
	if (f->sex)
		strbuf_adds(&sql, " AND sex = ?");
	if (f->tag) {
		strbuf_adds(&sql, " AND instr(';' || coalesce(tags, '') || ';', ?) > 0");
		snprintf(tag, sizeof(tag), ";%s;", f->tag);
	}
	if (f->citizenship) {
		strbuf_adds(&sql, " AND instr(';' || coalesce(citizenship, '') || ';', ?) > 0");
		snprintf(cit, sizeof(cit), ";%s;", f->citizenship);
	}
	if ((f->unit && split_words(f->unit, &unit)) || (f->text && split_words(f->text, &text))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (int i = 0; i < unit.n; i++)
		strbuf_adds(&sql, " AND instr(pl_fold(coalesce(unit, '')), ?) > 0");
	for (int i = 0; i < text.n; i++)
		strbuf_adds(&sql, " AND instr(pl_fold(family_name || ' ' || coalesce(given_name, "
		                  "'') || ' ' || coalesce(patronymic, '') || ' ' || "
		                  "coalesce(other_names, '') || ' ' || ref || ' ' || "
		                  "coalesce(service_number, '')), ?) > 0");
	strbuf_adds(&sql, " ORDER BY side, id LIMIT ? OFFSET ?");
	if (sql.failed) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	if (sqlite3_prepare_v2(st->db, sql.buf, -1, &s, NULL)) {
		rc = sq_error(st, err, "list persons");
		goto out;
	}
	if (f->side)
		sqlite3_bind_text(s, k++, f->side, -1, SQLITE_STATIC);
	if (f->status)
		sqlite3_bind_text(s, k++, f->status, -1, SQLITE_STATIC);
	if (f->kind)
		sqlite3_bind_text(s, k++, f->kind, -1, SQLITE_STATIC);
	if (f->health)
		sqlite3_bind_text(s, k++, f->health, -1, SQLITE_STATIC);
	if (f->sex)
		sqlite3_bind_text(s, k++, f->sex, -1, SQLITE_STATIC);
	if (f->tag)
		sqlite3_bind_text(s, k++, tag, -1, SQLITE_STATIC);
	if (f->citizenship)
		sqlite3_bind_text(s, k++, cit, -1, SQLITE_STATIC);
	for (int i = 0; i < unit.n; i++)
		sqlite3_bind_text(s, k++, unit.w[i], -1, SQLITE_STATIC);
	for (int i = 0; i < text.n; i++)
		sqlite3_bind_text(s, k++, text.w[i], -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, k++, f->limit > 0 ? f->limit : -1);
	sqlite3_bind_int64(s, k++, f->offset > 0 ? f->offset : 0);

	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct pl_record r;
		if (pl_record_init(&r, ent) || sq_record_from_row(s, &r)) {
			pl_record_release(&r);
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto out;
		}
		rc = cb(ctx, &r);
		pl_record_release(&r);
		if (rc)
			goto out;
	}
	if (step != SQLITE_DONE)
		rc = sq_error(st, err, "list persons");
out:
	sqlite3_finalize(s);
	strbuf_release(&sql);
	words_release(&unit);
	words_release(&text);
	return rc;
}

int store_children(struct store *st, const struct pl_entity *ent, long long person_id,
                   pl_record_cb cb, void *ctx, struct pl_error *err)
{
	char sql[320];
	sqlite3_stmt *s;
	int rc = 0, step;

	snprintf(sql, sizeof(sql),
	         "SELECT t.*, a.login AS author, p.ref AS person_ref FROM %s t "
	         "JOIN persons p ON p.id = t.person_id "
	         "LEFT JOIN accounts a ON a.id = t.author_id %s ORDER BY t.recorded, t.id",
	         ent->table, person_id ? "WHERE t.person_id = ?" : "");
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL))
		return sq_error(st, err, ent->name);
	if (person_id)
		sqlite3_bind_int64(s, 1, person_id);
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

/* The cached counter of side in the open transaction, or NULL. */
static long long *ref_cached(struct store *st, const char *side, int *dirty_idx)
{
	for (int i = 0; i < st->nrefs; i++)
		if (!strcmp(st->refs[i].side, side)) {
			*dirty_idx = i;
			return &st->refs[i].next;
		}
	return NULL;
}

static int meta_set_ref(struct store *st, const char *side, long long n, struct pl_error *err);

/* Writes the counters changed in the transaction: called by store_commit. */
static int refs_flush(struct pl_db *db, struct pl_error *err)
{
	struct store *st = db->st;
	if (st->nrefs && sqlite3_get_autocommit(st->db))
		return pl_error_set(err, PL_EDATA, "commit: the transaction was rolled back");
	for (int i = 0; i < st->nrefs; i++) {
		int rc;
		if (st->refs[i].dirty &&
		    (rc = meta_set_ref(st, st->refs[i].side, st->refs[i].next, err)))
			return rc;
		st->refs[i].dirty = 0;
	}
	return 0;
}

int store_first_child(struct store *st, const struct pl_entity *ent, long long person_id,
                      long long *id, struct pl_error *err)
{
	char sql[128];
	sqlite3_stmt *s;
	int rc;
	snprintf(sql, sizeof(sql), "SELECT min(id) FROM %s WHERE person_id = ?", ent->table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL))
		return sq_error(st, err, ent->name);
	sqlite3_bind_int64(s, 1, person_id);
	rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : sq_error(st, err, ent->name);
}

int store_initial_status(struct store *st, long long person_id, pl_record_cb cb, void *ctx,
                         struct pl_error *err)
{
	sqlite3_stmt *s;
	struct pl_record r;
	int rc;
	if (sqlite3_prepare_v2(
	            st->db,
	            "SELECT 0 AS id, p.id AS person_id, p.status AS status, "
	            "p.status_date AS date, p.source AS source, p.author_id AS author_id, "
	            "p.created AS recorded, a.login AS author, p.ref AS person_ref "
	            "FROM persons p LEFT JOIN accounts a ON a.id = p.author_id "
	            "WHERE p.id = ?",
	            -1, &s, NULL))
		return sq_error(st, err, "status");
	sqlite3_bind_int64(s, 1, person_id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? 0 : sq_error(st, err, "status");
	}
	if (pl_record_init(&r, pl_entity(PL_ENT_STATUS)) || sq_record_from_row(s, &r)) {
		pl_record_release(&r);
		sqlite3_finalize(s);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	sqlite3_finalize(s);
	rc = cb(ctx, &r);
	pl_record_release(&r);
	return rc;
}

int store_next_ref_number(struct pl_db *db, const char *side, long long *n, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s;
	char key[64];
	long long *cached;
	int rc, idx;
	if (st->tx && (cached = ref_cached(st, side, &idx))) {
		*n = *cached;
		return 0;
	}
	s = sq_prep(st, &st->stmt[S_META_GET], "SELECT value FROM meta WHERE key = ?", err);
	if (!s)
		return err ? err->code : PL_EDATA;
	snprintf(key, sizeof(key), "next_ref.%s", side);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? strtoll((const char *)sqlite3_column_text(s, 0), NULL, 10) : 1;
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_error(st, err, "next reference");
	if (st->tx && st->nrefs < (int)(sizeof(st->refs) / sizeof(st->refs[0])) &&
	    strlen(side) < sizeof(st->refs[0].side)) {
		snprintf(st->refs[st->nrefs].side, sizeof(st->refs[0].side), "%s", side);
		st->refs[st->nrefs].next = *n;
		st->refs[st->nrefs].dirty = 0;
		st->nrefs++;
	}
	return 0;
}

int store_set_next_ref_number(struct pl_db *db, const char *side, long long n, struct pl_error *err)
{
	struct store *st = db->st;
	long long *cached;
	int idx;
	if (st->tx && (cached = ref_cached(st, side, &idx))) {
		*cached = n;
		st->refs[idx].dirty = 1;
		return 0;
	}
	return meta_set_ref(st, side, n, err);
}

static int meta_set_ref(struct store *st, const char *side, long long n, struct pl_error *err)
{
	sqlite3_stmt *s = sq_prep(st, &st->stmt[S_META_SET],
	                          "INSERT INTO meta(key, value) VALUES(?, ?) "
	                          "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	                          err);
	char key[64], val[32];
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	snprintf(key, sizeof(key), "next_ref.%s", side);
	snprintf(val, sizeof(val), "%lld", n);
	sqlite3_bind_text(s, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(s, 2, val, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, "next reference");
}

int store_file_put(struct pl_db *db, const char *hash, const char *name, const void *data,
                   size_t len, long long *id, int *added, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(st->db, "SELECT id FROM files WHERE hash = ?", -1, &s, NULL))
		return sq_error(st, err, "file");
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*added = 0;
		sqlite3_finalize(s);
		return 0;
	}
	sqlite3_finalize(s);
	if (sqlite3_prepare_v2(st->db,
	                       "INSERT INTO files(hash, name, size, content) VALUES(?, ?, ?, ?)",
	                       -1, &s, NULL))
		return sq_error(st, err, "file");
	sqlite3_bind_text(s, 1, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, (sqlite3_int64)len);
	sqlite3_bind_blob64(s, 4, data, len, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sq_error(st, err, "file");
	*id = sqlite3_last_insert_rowid(st->db);
	*added = 1;
	return 0;
}

/* --- the audit trail --- */

int store_audit_hash_at(struct store *st, long long seq, unsigned char hash[PL_HASH_LEN],
                        int *exists, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc;
	*exists = 0;
	if (sqlite3_prepare_v2(st->db, "SELECT hash FROM audit WHERE seq = ?", -1, &s, NULL))
		return sq_error(st, err, "read the audit trail");
	sqlite3_bind_int64(s, 1, seq);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == PL_HASH_LEN) {
		memcpy(hash, sqlite3_column_blob(s, 0), PL_HASH_LEN);
		*exists = 1;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0
	                                             : sq_error(st, err, "read the audit trail");
}

int store_checkpoint_insert(struct pl_db *db, const struct store_checkpoint *c, long long *id,
                            struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s;
	int rc;
	if (sqlite3_prepare_v2(st->db,
	                       "INSERT INTO audit_checkpoints(seq, hash, signed_at, pubkey, "
	                       "signature, author_id, recorded) VALUES(?, ?, ?, ?, ?, ?, ?)",
	                       -1, &s, NULL))
		return sq_error(st, err, "record a checkpoint");
	sqlite3_bind_int64(s, 1, c->seq);
	sqlite3_bind_text(s, 2, c->hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, c->signed_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, c->pubkey, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, c->signature, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, c->author_id);
	sqlite3_bind_text(s, 7, db->tx_time, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return sq_error(st, err, "record a checkpoint");
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_checkpoints(struct store *st, int (*cb)(void *, const struct store_checkpoint *),
                      void *ctx, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc, r = 0;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT id, seq, hash, signed_at, pubkey, signature, author_id "
	                       "FROM audit_checkpoints ORDER BY seq, id",
	                       -1, &s, NULL))
		return sq_error(st, err, "read the checkpoints");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_checkpoint c = {
		        .id = sqlite3_column_int64(s, 0),
		        .seq = sqlite3_column_int64(s, 1),
		        .hash = (const char *)sqlite3_column_text(s, 2),
		        .signed_at = (const char *)sqlite3_column_text(s, 3),
		        .pubkey = (const char *)sqlite3_column_text(s, 4),
		        .signature = (const char *)sqlite3_column_text(s, 5),
		        .author_id = sqlite3_column_int64(s, 6),
		};
		if ((r = cb(ctx, &c)))
			break;
	}
	sqlite3_finalize(s);
	if (r)
		return r;
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, "read the checkpoints");
}

int store_audit_last(struct store *st, long long *seq, unsigned char hash[PL_HASH_LEN],
                     struct pl_error *err)
{
	sqlite3_stmt *s = sq_prep(st, &st->stmt[S_AUDIT_LAST],
	                          "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		if (sqlite3_column_bytes(s, 1) != PL_HASH_LEN) {
			sqlite3_reset(s);
			return pl_error_set(err, PL_EINTEGRITY,
			                    "audit record %lld has a damaged hash", *seq);
		}
		memcpy(hash, sqlite3_column_blob(s, 1), PL_HASH_LEN);
	} else {
		*seq = 0;
		memset(hash, 0, PL_HASH_LEN);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_error(st, err, "audit");
	return 0;
}

int store_audit_insert(struct pl_db *db, const struct store_audit *a, struct pl_error *err)
{
	struct store *st = db->st;
	sqlite3_stmt *s =
	        sq_prep(st, &st->stmt[S_AUDIT_INSERT],
	                "INSERT INTO audit(seq, ts, account, os_user, action, tbl, oid, ref, "
	                "fields, row_hash, hash) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	                err);
	int rc;
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_int64(s, 1, a->seq);
	sqlite3_bind_text(s, 2, a->ts, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, a->account, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->os_user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, a->action, -1, SQLITE_STATIC);
	bind_text_or_null(s, 6, a->tbl);
	if (a->tbl)
		sqlite3_bind_int64(s, 7, a->oid);
	bind_text_or_null(s, 8, a->ref);
	bind_text_or_null(s, 9, a->fields);
	if (a->row_hash)
		sqlite3_bind_blob(s, 10, a->row_hash, PL_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(s, 11, a->hash, PL_HASH_LEN, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : sq_error(st, err, "audit");
}

int store_audit_each(struct store *st, long long since,
                     int (*cb)(void *, const struct store_audit *), void *ctx, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0, step;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT seq, ts, account, os_user, action, tbl, oid, ref, fields, "
	                       "row_hash, hash FROM audit WHERE seq > ? ORDER BY rowid",
	                       -1, &s, NULL))
		return sq_error(st, err, "audit");
	sqlite3_bind_int64(s, 1, since);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct store_audit a = {
		        .seq = sqlite3_column_int64(s, 0),
		        .ts = (const char *)sqlite3_column_text(s, 1),
		        .account = (const char *)sqlite3_column_text(s, 2),
		        .os_user = (const char *)sqlite3_column_text(s, 3),
		        .action = (const char *)sqlite3_column_text(s, 4),
		        .tbl = (const char *)sqlite3_column_text(s, 5),
		        .oid = sqlite3_column_int64(s, 6),
		        .ref = (const char *)sqlite3_column_text(s, 7),
		        .fields = (const char *)sqlite3_column_text(s, 8),
		};
		static const unsigned char zero[PL_HASH_LEN];
		a.row_hash = sqlite3_column_bytes(s, 9) == PL_HASH_LEN ? sqlite3_column_blob(s, 9)
		                                                       : NULL;
		if (sqlite3_column_type(s, 9) != SQLITE_NULL && !a.row_hash)
			a.row_hash = zero; /* a damaged row hash: verification names it */
		a.hash = sqlite3_column_bytes(s, 10) == PL_HASH_LEN ? sqlite3_column_blob(s, 10)
		                                                    : zero;
		if (!a.ts || !a.account || !a.os_user || !a.action) {
			rc = pl_error_set(err, PL_EINTEGRITY,
			                  "audit record %lld is missing required values", a.seq);
			break;
		}
		if ((rc = cb(ctx, &a)))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, "audit");
	sqlite3_finalize(s);
	return rc;
}

static void hash_u64(crypto_generichash_state *h, unsigned long long v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	crypto_generichash_update(h, b, 8);
}

static sqlite3_stmt *row_hash_stmt(struct store *st, int t, const char *table, struct pl_error *err)
{
	char sql[96];
	snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = ?", table);
	return sq_prep(st, &st->stmt[S_ROW_HASH_FIRST + t], sql, err);
}

int store_row_hash(struct store *st, const char *table, long long id,
                   unsigned char out[PL_HASH_LEN], int *exists, struct pl_error *err)
{
	int t = table_index(table);
	sqlite3_stmt *s;
	crypto_generichash_state h;
	int rc;

	if (t < 0)
		return pl_error_set(err, PL_EDATA, "no audited table %s", table);
	if (st->tx && st->last_table == t && st->last_id == id) {
		/* the row store_insert just wrote: its hash is known */
		memcpy(out, st->last_hash, PL_HASH_LEN);
		st->last_table = -1;
		*exists = 1;
		return 0;
	}
	s = row_hash_stmt(st, t, table, err);
	if (!s)
		return err ? err->code : PL_EDATA;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(s);
		*exists = 0;
		return rc == SQLITE_DONE ? 0 : sq_error(st, err, table);
	}
	*exists = 1;
	crypto_generichash_init(&h, NULL, 0, PL_HASH_LEN);
	crypto_generichash_update(&h, (const unsigned char *)table, strlen(table) + 1);
	for (int c = 0, n = sqlite3_column_count(s); c < n; c++) {
		int type = sqlite3_column_type(s, c);
		unsigned char tag = (unsigned char)type;
		crypto_generichash_update(&h, &tag, 1);
		switch (type) {
		case SQLITE_INTEGER:
			hash_u64(&h, (unsigned long long)sqlite3_column_int64(s, c));
			break;
		case SQLITE_FLOAT: {
			double d = sqlite3_column_double(s, c);
			unsigned long long u;
			memcpy(&u, &d, sizeof(u));
			hash_u64(&h, u);
			break;
		}
		case SQLITE_TEXT:
		case SQLITE_BLOB: {
			const void *p = type == SQLITE_TEXT
			                        ? (const void *)sqlite3_column_text(s, c)
			                        : sqlite3_column_blob(s, c);
			int len = sqlite3_column_bytes(s, c);
			hash_u64(&h, (unsigned long long)len);
			if (len)
				crypto_generichash_update(&h, p, (unsigned long long)len);
			break;
		}
		default:
			break;
		}
	}
	sqlite3_reset(s);
	crypto_generichash_final(&h, out, PL_HASH_LEN);
	return 0;
}

int store_audit_objects(struct store *st, const char *table,
                        int (*cb)(void *, long long oid, const unsigned char *row_hash,
                                  long long seq),
                        void *ctx, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0, step;
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT oid, row_hash, max(seq) FROM audit "
	                       "WHERE tbl = ? AND row_hash IS NOT NULL GROUP BY oid ORDER BY oid",
	                       -1, &s, NULL))
		return sq_error(st, err, "audit");
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		static const unsigned char zero[PL_HASH_LEN];
		const unsigned char *h = sqlite3_column_bytes(s, 1) == PL_HASH_LEN
		                                 ? sqlite3_column_blob(s, 1)
		                                 : zero;
		if ((rc = cb(ctx, sqlite3_column_int64(s, 0), h, sqlite3_column_int64(s, 2))))
			break;
	}
	if (!rc && step != SQLITE_DONE)
		rc = sq_error(st, err, "audit");
	sqlite3_finalize(s);
	return rc;
}

int store_audit_row_last(struct store *st, const char *table, long long oid,
                         unsigned char out[PL_HASH_LEN], int *exists, struct pl_error *err)
{
	sqlite3_stmt *s;
	int rc = 0, step;
	*exists = 0;
	/* newest first along the trail's own order: a recent write is found at once */
	if (sqlite3_prepare_v2(st->db,
	                       "SELECT row_hash FROM audit WHERE tbl = ? AND oid = ? AND row_hash "
	                       "IS NOT NULL ORDER BY seq DESC LIMIT 1",
	                       -1, &s, NULL))
		return sq_error(st, err, "audit");
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, oid);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW && sqlite3_column_bytes(s, 0) == PL_HASH_LEN) {
		memcpy(out, sqlite3_column_blob(s, 0), PL_HASH_LEN);
		*exists = 1;
	} else if (step != SQLITE_ROW && step != SQLITE_DONE) {
		rc = sq_error(st, err, "audit");
	}
	sqlite3_finalize(s);
	return rc;
}

int store_unaudited_row(struct store *st, const char *table, long long *id, struct pl_error *err)
{
	char sql[160];
	sqlite3_stmt *s;
	int rc;
	if (table_index(table) < 0)
		return pl_error_set(err, PL_EDATA, "no audited table %s", table);
	snprintf(sql, sizeof(sql),
	         "SELECT id FROM %s EXCEPT SELECT oid FROM audit WHERE tbl = ? ORDER BY 1 LIMIT 1",
	         table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL))
		return sq_error(st, err, table);
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return sq_error(st, err, table);
	return 0;
}

/* --- statistics --- */

int store_stats(struct store *st, pl_stats_cb cb, void *ctx, struct pl_error *err)
{
	static const struct {
		const char *group, *sql;
	} q[] = {
	        {"side", "SELECT side, count(*) FROM live_persons GROUP BY side"},
	        {"captive.status",
	         "SELECT status, count(*) FROM live_persons WHERE side = 'captive' "
	         "GROUP BY status ORDER BY count(*) DESC"},
	        {"captive.kind", "SELECT kind, count(*) FROM live_persons WHERE side = 'captive' "
	                         "GROUP BY kind"},
	        {"captive.health",
	         "SELECT health, count(*) FROM live_persons WHERE side = 'captive' "
	         "GROUP BY health ORDER BY count(*) DESC"},
	        {"captive.sex", "SELECT sex, count(*) FROM live_persons WHERE side = 'captive' "
	                        "GROUP BY sex"},
	        {"detainee.status", "SELECT status, count(*) FROM live_persons WHERE side = "
	                            "'detainee' GROUP BY status ORDER BY count(*) DESC"},
	        {"detainee.kind", "SELECT kind, count(*) FROM live_persons WHERE side = 'detainee' "
	                          "GROUP BY kind"},
	        {"detainee.consent",
	         "SELECT coalesce(consent, 'unknown'), count(*) FROM live_persons "
	         "WHERE side = 'detainee' GROUP BY 1"},
	        {"work", "SELECT 'relatives', count(*) FROM relatives UNION ALL "
	                 "SELECT 'inquiries', count(*) FROM inquiries UNION ALL "
	                 "SELECT 'evidence', count(*) FROM evidence UNION ALL "
	                 "SELECT 'events', count(*) FROM events UNION ALL "
	                 "SELECT 'status_changes', count(*) FROM statuses"},
	};
	for (size_t i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		sqlite3_stmt *s;
		int step, rc = 0;
		if (sqlite3_prepare_v2(st->db, q[i].sql, -1, &s, NULL))
			return sq_error(st, err, "stats");
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			struct pl_stats_row row = {.group = q[i].group,
			                           .key = (const char *)sqlite3_column_text(s, 0),
			                           .count = sqlite3_column_int64(s, 1)};
			if ((rc = cb(ctx, &row)))
				break;
		}
		sqlite3_finalize(s);
		if (rc)
			return rc;
		if (step != SQLITE_DONE)
			return sq_error(st, err, "stats");
	}
	return 0;
}
