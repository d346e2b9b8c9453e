/* u-schema.c - the data file's schema, pinned: whose file it is, which version, how it is upgraded
 *
 * A parley file says it is one (application_id 0x50524C59, "PRLY") and which schema it
 * holds (user_version, the number of its newest migration, sql/NNNN-*.sql). A file of
 * an older parley is brought up to date in one transaction when opened for writing, and
 * refused when opened read-only (a backup's check); a file of a newer parley, or a
 * SQLite file that is not parley's, is refused. The connection enforces foreign keys
 * and trusts no function in the schema.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "parley/parley.h"
#include "store-sqlite.h"

#define PARLEY_APPLICATION_ID 0x50524C59

static char path[4096];

static void remove_files(void)
{
	char side[4200];
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
}

static int setup(void **state)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	struct pl_error err = {0};
	(void)state;
	if (pl_global_init(&err))
		return -1;
	if (tmp)
		mkdir(tmp, 0700);
	snprintf(path, sizeof(path), "%s/u-schema-%d.db", tmp ? tmp : "/tmp", (int)getpid());
	remove_files();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	remove_files();
	return 0;
}

static long long pragma(const char *file, const char *sql)
{
	sqlite3 *s;
	sqlite3_stmt *st;
	long long v = -1;
	assert_int_equal(sqlite3_open(file, &s), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(s);
	return v;
}

static void exec(const char *file, const char *sql)
{
	sqlite3 *s;
	char *msg = NULL;
	assert_int_equal(sqlite3_open(file, &s), SQLITE_OK);
	if (sqlite3_exec(s, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
	sqlite3_close(s);
}

static void make_file(void)
{
	struct pl_db *db = NULL;
	struct pl_error err = {0};
	char pw[PL_PASSWORD_LEN + 1];
	remove_files();
	assert_int_equal(pl_db_open(path, PL_OPEN_CREATE, &db, &err), 0);
	assert_int_equal(pl_db_init(db, "adm", "tester", pw, &err), 0);
	pl_db_close(db);
}

static int open_file(unsigned flags, struct pl_error *err)
{
	struct pl_db *db = NULL;
	int rc;
	memset(err, 0, sizeof(*err));
	rc = pl_db_open(path, flags, &db, err);
	if (!rc)
		pl_db_close(db);
	return rc;
}

static void test_new_file_says_whose_and_which(void **state)
{
	(void)state;
	make_file();
	assert_int_equal(pragma(path, "PRAGMA application_id"), PARLEY_APPLICATION_ID);
	assert_int_equal(pragma(path, "PRAGMA user_version"), pl_db_schema_latest());
	assert_true(pl_db_schema_latest() >= 4);
}

static void test_connection_pragmas(void **state)
{
	struct pl_db *db = NULL;
	struct pl_error err = {0};
	sqlite3_stmt *st;
	(void)state;
	make_file();
	assert_int_equal(pl_db_open(path, 0, &db, &err), 0);
	assert_int_equal(pl_db_schema_version(db), pl_db_schema_latest());
	assert_int_equal(sqlite3_prepare_v2(db->st->db, "PRAGMA foreign_keys", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 1);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db->st->db, "PRAGMA trusted_schema", -1, &st, NULL),
	                 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st, 0), 0);
	sqlite3_finalize(st);
	pl_db_close(db);
}

static void test_newer_and_foreign_files(void **state)
{
	struct pl_error err;
	(void)state;
	make_file();
	exec(path, "PRAGMA user_version = 99");
	assert_int_equal(open_file(0, &err), PL_EINTEGRITY);
	assert_non_null(strstr(err.msg, "made by a newer parley"));
	assert_int_equal(open_file(PL_OPEN_READONLY, &err), PL_EINTEGRITY);
	assert_int_equal(pragma(path, "PRAGMA user_version"), 99);

	remove_files();
	exec(path, "CREATE TABLE notes(x); PRAGMA user_version = 1");
	assert_int_equal(open_file(0, &err), PL_EINTEGRITY);
	assert_non_null(strstr(err.msg, "not a parley data file"));
	assert_int_equal(pragma(path, "SELECT count(*) FROM sqlite_schema"), 1);
}

/* The text of sql/NNNN-*.sql, from the source tree. */
static char *migration(int n)
{
	static const char *const names[] = {NULL, "0001-init.sql", "0002-name-index.sql",
	                                    "0003-name-index.sql"};
	const char *src = getenv("PARLEY_SRC");
	char file[4096];
	FILE *f;
	char *buf;
	long len;
	assert_true(n >= 1 && n <= 3);
	snprintf(file, sizeof(file), "%s/sql/%s", src ? src : "../..", names[n]);
	f = fopen(file, "rb");
	if (!f)
		fail_msg("cannot open %s (set PARLEY_SRC)", file);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = calloc(1, (size_t)len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)len, f), (size_t)len);
	fclose(f);
	return buf;
}

/* A file as parley wrote it at schema 3: migrations 1 to 3, then its pragmas. */
static void make_schema_3_file(void)
{
	char pragmas[128];
	remove_files();
	for (int n = 1; n <= 3; n++) {
		char *sql = migration(n);
		exec(path, sql);
		free(sql);
	}
	snprintf(pragmas, sizeof(pragmas), "PRAGMA user_version = 3; PRAGMA application_id = %d",
	         PARLEY_APPLICATION_ID);
	exec(path, pragmas);
}

static void test_upgrade(void **state)
{
	struct pl_error err;
	(void)state;
	/* read-only (a backup's check): refused, and the file left as it was */
	make_schema_3_file();
	assert_int_equal(open_file(PL_OPEN_READONLY, &err), PL_EINTEGRITY);
	assert_non_null(strstr(err.msg, "needs an upgrade (schema 3 to"));
	assert_int_equal(pragma(path, "PRAGMA user_version"), 3);
	assert_int_equal(
	        pragma(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'match_runs'"), 0);
	/* for writing: the migrations after 3, each once, and the version */
	assert_int_equal(open_file(0, &err), 0);
	assert_int_equal(pragma(path, "PRAGMA user_version"), pl_db_schema_latest());
	assert_int_equal(
	        pragma(path, "SELECT count(*) FROM sqlite_schema WHERE name = 'match_runs'"), 1);
	assert_int_equal(open_file(PL_OPEN_READONLY, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_new_file_says_whose_and_which),
	        cmocka_unit_test(test_connection_pragmas),
	        cmocka_unit_test(test_newer_and_foreign_files),
	        cmocka_unit_test(test_upgrade),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
