/* u-audit.c - the audit chain against a forger who knows its construction
 *
 * The trail is written through the library, then rewritten behind its back with
 * SQLite, as someone holding the file could. The forger recomputes hashes with the
 * library's own construction (audit_record_hash), so what is tested is what the chain
 * and the kept head prove, not that a careless edit is caught:
 *   - a middle record rewritten with a correct hash breaks the link to the next one;
 *   - rewritten with every later hash recomputed, the chain holds, and only the kept
 *     head (audit head, kept elsewhere) finds it: the head pins the whole trail only
 *     because each hash covers the one before;
 *   - each value of a record, changed alone (os_user, a NULL made empty, ...), fails.
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
#include "internal.h"

/* The operating-system user running the test: accounts bound to it act without a password. */
static const char *me(void)
{
	static char user[64];
	if (!user[0])
		pl_os_user(user, sizeof(user));
	return user;
}

#define R(x) (1u << PL_ROLE_##x)

static char path[4096];
static struct pl_db *db;
static struct pl_actor *admin, *reg, *aud;
static long long mid;    /* a person.status record: every value set, a row hash */
static long long denied; /* a refusal: table, ref and fields NULL */

static void must(int rc, const struct pl_error *err)
{
	if (rc)
		fail_msg("rc %d: %s", rc, err->msg);
}

static void add_person(const char *family)
{
	struct pl_error err = {0};
	struct pl_kv kv[] = {{"side", "captive"}, {"kind", "military"}, {"family_name", family}};
	char ref[PL_REF_MAX];
	must(pl_person_add(db, reg, kv, 3, ref, &err), &err);
}

static long long one_number(sqlite3 *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;
	assert_int_equal(sqlite3_prepare_v2(s, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static sqlite3 *behind_the_back(void)
{
	sqlite3 *s;
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	sqlite3_busy_timeout(s, 5000);
	return s;
}

static void exec(sqlite3 *s, const char *sql)
{
	char *msg = NULL;
	if (sqlite3_exec(s, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg ? msg : "?");
}

/* A trail of some twenty records: accounts, persons, a status change, a refusal. */
static int setup(void **state)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	struct pl_error err = {0};
	char pw[PL_PASSWORD_LEN + 1];
	struct pl_kv st[] = {{"status", "probable"}};
	sqlite3 *s;
	(void)state;
	if (pl_global_init(&err))
		return -1;
	if (tmp)
		mkdir(tmp, 0700);
	snprintf(path, sizeof(path), "%s/u-audit-%d.db", tmp ? tmp : "/tmp", (int)getpid());
	unlink(path);
	if (pl_db_open(path, PL_OPEN_CREATE, &db, &err) || pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &admin, &err) ||
	    pl_account_add(db, admin, "reg", R(REGISTRAR), me(), pw, &err) ||
	    pl_account_add(db, admin, "aud", R(AUDITOR), me(), pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_authenticate(db, "aud", NULL, PL_AUTH_OS_USER, &aud, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	add_person("Перший");
	add_person("Другий");
	if (pl_person_set_status(db, reg, "U-000001", st, 1, NULL, &err))
		return -1;
	add_person("Третій");
	/* a refusal: a record without a table, a ref or fields */
	if (pl_account_add(db, reg, "nope", R(ADMIN), me(), pw, &err) != PL_EPERM)
		return -1;
	add_person("Четвертий");
	add_person("П'ятий");
	s = behind_the_back();
	mid = one_number(s, "SELECT max(seq) FROM audit WHERE action = 'person.status' AND "
	                    "tbl = 'persons' AND row_hash IS NOT NULL");
	denied = one_number(s, "SELECT max(seq) FROM audit WHERE action LIKE 'denied:%'");
	sqlite3_close(s);
	return mid > 2 && denied > mid ? 0 : -1;
}

static int teardown(void **state)
{
	char side[4200];
	(void)state;
	pl_db_close(db);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}

static void head_now(char out[PL_AUDIT_HEAD_MAX])
{
	struct pl_error err = {0};
	must(pl_audit_head(db, aud, out, &err), &err);
}

static int verify(const char *head, struct pl_error *err)
{
	memset(err, 0, sizeof(*err));
	return pl_audit_verify(db, head, 0, NULL, err);
}

/* One record as stored, its strings and blobs copied. */
struct rec {
	long long seq, oid;
	char *ts, *account, *os_user, *action, *tbl, *ref, *fields;
	unsigned char row_hash[PL_HASH_LEN], hash[PL_HASH_LEN];
	int has_row_hash, oid_null;
};

static char *text_or_null(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

static size_t read_trail(sqlite3 *s, struct rec **out)
{
	sqlite3_stmt *st;
	size_t n = 0, cap = 64;
	struct rec *v = calloc(cap, sizeof(*v));
	assert_non_null(v);
	assert_int_equal(sqlite3_prepare_v2(s,
	                                    "SELECT seq, ts, account, os_user, action, tbl, oid, "
	                                    "ref, fields, row_hash, hash FROM audit ORDER BY seq",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct rec *r;
		if (n == cap) {
			v = realloc(v, (cap *= 2) * sizeof(*v));
			assert_non_null(v);
		}
		r = &v[n++];
		memset(r, 0, sizeof(*r));
		r->seq = sqlite3_column_int64(st, 0);
		r->ts = text_or_null(st, 1);
		r->account = text_or_null(st, 2);
		r->os_user = text_or_null(st, 3);
		r->action = text_or_null(st, 4);
		r->tbl = text_or_null(st, 5);
		r->oid_null = sqlite3_column_type(st, 6) == SQLITE_NULL;
		r->oid = sqlite3_column_int64(st, 6);
		r->ref = text_or_null(st, 7);
		r->fields = text_or_null(st, 8);
		if (sqlite3_column_type(st, 9) != SQLITE_NULL) {
			assert_int_equal(sqlite3_column_bytes(st, 9), PL_HASH_LEN);
			memcpy(r->row_hash, sqlite3_column_blob(st, 9), PL_HASH_LEN);
			r->has_row_hash = 1;
		}
		assert_int_equal(sqlite3_column_bytes(st, 10), PL_HASH_LEN);
		memcpy(r->hash, sqlite3_column_blob(st, 10), PL_HASH_LEN);
	}
	sqlite3_finalize(st);
	*out = v;
	return n;
}

static void free_trail(struct rec *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].ts);
		free(v[i].account);
		free(v[i].os_user);
		free(v[i].action);
		free(v[i].tbl);
		free(v[i].ref);
		free(v[i].fields);
	}
	free(v);
}

/* The hash of r after prev, by the library's construction. */
static void rehash(struct rec *r, const unsigned char prev[PL_HASH_LEN])
{
	struct store_audit a = {
	        .seq = r->seq,
	        .ts = r->ts,
	        .account = r->account,
	        .os_user = r->os_user,
	        .action = r->action,
	        .tbl = r->tbl,
	        .oid = r->oid,
	        .ref = r->ref,
	        .fields = r->fields,
	        .row_hash = r->has_row_hash ? r->row_hash : NULL,
	        .prev = prev,
	};
	audit_record_hash(&a, r->hash);
}

static void store(sqlite3 *s, const struct rec *r)
{
	sqlite3_stmt *st;
	assert_int_equal(
	        sqlite3_prepare_v2(s, "UPDATE audit SET account = ?1, hash = ?2 WHERE seq = ?3", -1,
	                           &st, NULL),
	        SQLITE_OK);
	sqlite3_bind_text(st, 1, r->account, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 2, r->hash, PL_HASH_LEN, SQLITE_TRANSIENT);
	sqlite3_bind_int64(st, 3, r->seq);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
}

/*
 * Puts the record at index m under another account with a hash made for it; with
 * all, every later record's hash is made again too (the forger rewrites the tail).
 */
static void forge(size_t m, int all)
{
	sqlite3 *s = behind_the_back();
	struct rec *v;
	size_t n = read_trail(s, &v);
	assert_true(m > 0 && m + 2 < n);
	free(v[m].account);
	v[m].account = strdup("someone-else");
	exec(s, "BEGIN");
	for (size_t i = m; i < (all ? n : m + 1); i++) {
		rehash(&v[i], v[i - 1].hash);
		store(s, &v[i]);
	}
	exec(s, "COMMIT");
	free_trail(v, n);
	sqlite3_close(s);
}

/* A copy of the trail kept aside, to put back after each forgery. */
static void keep_trail(void)
{
	sqlite3 *s = behind_the_back();
	exec(s, "DROP TABLE IF EXISTS kept; CREATE TABLE kept AS SELECT * FROM audit");
	sqlite3_close(s);
}

static void restore_trail(void)
{
	struct pl_error err = {0};
	sqlite3 *s = behind_the_back();
	exec(s, "BEGIN; DELETE FROM audit; INSERT INTO audit SELECT * FROM kept; COMMIT");
	sqlite3_close(s);
	must(verify(NULL, &err), &err);
}

static void test_untouched(void **state)
{
	struct pl_error err = {0};
	char head[PL_AUDIT_HEAD_MAX];
	(void)state;
	head_now(head);
	must(verify(NULL, &err), &err);
	must(verify(head, &err), &err);
	keep_trail();
}

static void test_forged_middle_breaks_the_link(void **state)
{
	struct pl_error err;
	(void)state;
	forge((size_t)mid - 1, 0);
	assert_int_equal(verify(NULL, &err), PL_EINTEGRITY);
	/* the forged record itself looks right: the next one no longer follows it */
	assert_non_null(strstr(err.msg, "does not follow"));
	{
		char want[64];
		snprintf(want, sizeof(want), "audit record %lld ", mid + 1);
		assert_non_null(strstr(err.msg, want));
	}
	restore_trail();
}

static void test_forged_middle_found_by_the_kept_head(void **state)
{
	struct pl_error err;
	char head[PL_AUDIT_HEAD_MAX], after[PL_AUDIT_HEAD_MAX];
	struct pl_audit_report rep;
	(void)state;
	head_now(head);
	forge((size_t)mid - 1, 1);
	/* every hash was made again: the chain alone holds, and says a new head */
	memset(&err, 0, sizeof(err));
	must(pl_audit_verify(db, NULL, 0, &rep, &err), &err);
	head_now(after);
	assert_string_not_equal(head, after);
	assert_string_equal(rep.head, after);
	/* the head kept before the forgery finds it: it pins every record before it */
	assert_int_equal(verify(head, &err), PL_EINTEGRITY);
	assert_non_null(strstr(err.msg, "kept head"));
	restore_trail();
	must(verify(head, &err), &err);
}

/* Changes one value of record seq with SQL set (no hash made again): verify must fail. */
static void change_alone(long long seq, const char *what, const char *set)
{
	struct pl_error err;
	char sql[512];
	sqlite3 *s = behind_the_back();
	snprintf(sql, sizeof(sql), "UPDATE audit SET %s WHERE seq = %lld", set, seq);
	exec(s, sql);
	sqlite3_close(s);
	if (verify(NULL, &err) != PL_EINTEGRITY)
		fail_msg("record %lld with only its %s changed (%s) verifies", seq, what, set);
	restore_trail();
}

static void test_each_value_alone(void **state)
{
	(void)state;
	change_alone(mid, "os_user", "os_user = 'someone-else'");
	change_alone(mid, "ts", "ts = '2001-01-01T00:00:00Z'");
	change_alone(mid, "account", "account = 'someone-else'");
	change_alone(mid, "action", "action = 'person.edit'");
	change_alone(mid, "tbl", "tbl = 'events'");
	change_alone(mid, "oid", "oid = oid + 1");
	change_alone(mid, "ref", "ref = 'U-000002'");
	change_alone(mid, "fields", "fields = 'status'");
	change_alone(mid, "row_hash", "row_hash = zeroblob(32)");
	change_alone(mid, "row_hash", "row_hash = NULL");
	/* a missing value made empty, and the other way */
	change_alone(denied, "ref", "ref = ''");
	change_alone(denied, "fields", "fields = ''");
	change_alone(mid, "fields", "fields = NULL");
}

/* Runs sql behind the back, expects verify (deep or not, with head) to fail naming want. */
static void tamper(const char *sql, int deep, const char *head, const char *want)
{
	struct pl_error err = {0};
	sqlite3 *s = behind_the_back();
	exec(s, sql);
	sqlite3_close(s);
	if (pl_audit_verify(db, head, deep, NULL, &err) != PL_EINTEGRITY)
		fail_msg("after %s, audit verify%s passes", sql, deep ? " --deep" : "");
	if (!strstr(err.msg, want))
		fail_msg("after %s: '%s', not naming '%s'", sql, err.msg, want);
}

static void test_deleted_and_truncated(void **state)
{
	char head[PL_AUDIT_HEAD_MAX], sql[128], want[64];
	(void)state;
	snprintf(sql, sizeof(sql), "DELETE FROM audit WHERE seq = %lld", mid);
	snprintf(want, sizeof(want), "record %lld is missing", mid);
	tamper(sql, 0, NULL, want);
	restore_trail();
	/* the last records cut off: the chain holds, the kept head does not */
	head_now(head);
	tamper("DELETE FROM audit WHERE seq > (SELECT max(seq) - 3 FROM audit)", 0, head,
	       "truncated");
	restore_trail();
}

/* The data rows against the trail (audit verify --deep): each tampering put back after. */
static void test_deep(void **state)
{
	struct pl_error err = {0};
	sqlite3 *s;
	(void)state;
	must(pl_audit_verify(db, NULL, 1, NULL, &err), &err);
	s = behind_the_back();
	exec(s, "DROP TABLE IF EXISTS kept_rows; CREATE TABLE kept_rows AS SELECT * FROM persons "
	        "WHERE id = 2; DROP TABLE IF EXISTS kept_statuses; CREATE TABLE kept_statuses AS "
	        "SELECT * FROM statuses");
	sqlite3_close(s);
	tamper("UPDATE persons SET family_name = 'Підмінений' WHERE id = 2", 1, NULL,
	       "persons row 2 was changed");
	s = behind_the_back();
	exec(s,
	     "UPDATE persons SET family_name = (SELECT family_name FROM kept_rows) WHERE id = 2");
	sqlite3_close(s);
	must(pl_audit_verify(db, NULL, 1, NULL, &err), &err);
	tamper("PRAGMA foreign_keys=OFF; DELETE FROM statuses WHERE id = 2", 1, NULL,
	       "statuses row 2 was deleted");
	s = behind_the_back();
	exec(s, "INSERT INTO statuses SELECT * FROM kept_statuses WHERE id = 2");
	sqlite3_close(s);
	must(pl_audit_verify(db, NULL, 1, NULL, &err), &err);
	tamper("INSERT INTO events(person_id, kind, author_id, recorded) VALUES(1, 'escape', 1, "
	       "'x')",
	       1, NULL, "events row 1 was added");
	s = behind_the_back();
	exec(s, "DELETE FROM events");
	sqlite3_close(s);
	must(pl_audit_verify(db, NULL, 1, NULL, &err), &err);
}

static void test_kept_heads(void **state)
{
	struct pl_error err;
	char zero[80], bad[80];
	(void)state;
	snprintf(zero, sizeof(zero), "0:%064d", 0);
	must(verify(zero, &err), &err);
	snprintf(bad, sizeof(bad), "0:%064d", 1);
	assert_int_equal(verify(bad, &err), PL_EINTEGRITY);
	/* a head is SEQ:HEX with the whole hash, never a part of it */
	assert_int_equal(verify("3:abcd", &err), PL_EUSAGE);
	assert_int_equal(verify("3:", &err), PL_EUSAGE);
}

/* Each record names the operating-system user the library found running it. */
static void test_os_user_is_recorded(void **state)
{
	struct pl_error err = {0};
	sqlite3 *s;
	sqlite3_stmt *st;
	long long n;
	(void)state;
	{
		struct pl_kv kv[] = {
		        {"side", "detainee"}, {"kind", "civilian"}, {"family_name", "Корінь"}};
		must(pl_person_add(db, reg, kv, 3, NULL, &err), &err);
	}
	s = behind_the_back();
	assert_int_equal(sqlite3_prepare_v2(s,
	                                    "SELECT count(*) FROM audit WHERE seq = (SELECT "
	                                    "max(seq) FROM audit) AND os_user = ? AND account = "
	                                    "'reg'",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, me(), -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(s);
	assert_int_equal(n, 1);
	keep_trail();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_untouched),
	        cmocka_unit_test(test_forged_middle_breaks_the_link),
	        cmocka_unit_test(test_forged_middle_found_by_the_kept_head),
	        cmocka_unit_test(test_each_value_alone),
	        cmocka_unit_test(test_deleted_and_truncated),
	        cmocka_unit_test(test_deep),
	        cmocka_unit_test(test_kept_heads),
	        cmocka_unit_test(test_os_user_is_recorded),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
