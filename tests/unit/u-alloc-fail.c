/* u-alloc-fail.c - every core operation with its Nth allocation failing, for every N
 *
 * pl_alloc_fail_after(n) lets n allocations through and fails every one after
 * it, SQLite's and jansson's included (pl_alloc_hook_libraries). Each
 * operation runs for n = 0, 1, 2 ... until it completes without a failed
 * allocation. For every n it must return an error code and message rather
 * than crash, leave the file sound (integrity_check, the audit trail walked
 * deep, no write lock held) and show nothing half-written: when it failed,
 * every table has the rows it had before. ASan finds leaks and use-after-free
 * on the error paths along the way.
 *
 * Each operation runs twice: "cold" on a handle opened for it (statements are
 * prepared under the failing allocator), and "warm" on one handle kept across
 * all n, as the server keeps its own: there an operation that failed must
 * leave the handle fit for the next.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "parley/match.h"
#include "parley/parley.h"
#include "parley/search.h"
#include "internal.h"
#include "banned.h"

/* The operating-system user running the test: accounts bound to it act without a password. */
static const char *me(void)
{
	static char user[64];
	if (!user[0])
		pl_os_user(user, sizeof(user));
	return user;
}

#define MAX_N 20000
#define PASS "a passphrase for the failing allocator"

static char dir[512], path[600], template_path[600], plain_backup[600], enc_backup[600];
static struct pl_actor *adm, *reg, *lia;
static int serial;

static const char *const counted[] = {
        "accounts", "persons",   "person_changes", "files", "evidence", "statuses",
        "events",   "relatives", "inquiries",      "audit", NULL};
#define NCOUNTED (sizeof(counted) / sizeof(counted[0]) - 1)

struct counts {
	long long v[NCOUNTED];
	char head[PL_AUDIT_HEAD_MAX];
};

static int counted_index(const char *table)
{
	for (size_t i = 0; i < NCOUNTED; i++)
		if (!strcmp(counted[i], table))
			return (int)i;
	fail_msg("no counted table %s", table);
	return -1;
}

/*
 * What went wrong is collected, not thrown: one bug must not hide the next.
 * Each kind of problem is told once per operation (with the first n that
 * showed it) and counted; the test fails at the end when there was any.
 */
enum problem { P_LOCK, P_UNSOUND, P_CHANGED, P_LEFTOVER, P_CODE, P_NOMSG, P_SPURIOUS, P__MAX };
static int problems;
static unsigned seen; /* bit set of enum problem, per operation */

static void problem(enum problem kind, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void problem(enum problem kind, const char *fmt, ...)
{
	va_list ap;
	problems++;
	if (seen & (1u << kind))
		return;
	seen |= 1u << kind;
	va_start(ap, fmt);
	fprintf(stderr, "PROBLEM: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
}

static int exists(const char *p)
{
	struct stat sb;
	return lstat(p, &sb) == 0;
}

/*
 * The name of a temporary file of a backup, restore (".partial-") or export (the file
 * named and ".XXXXXX") left in the directory, or NULL.
 */
static const char *leftover(void)
{
	static char name[256];
	DIR *d = opendir(dir);
	struct dirent *e;
	const char *found = NULL;
	assert_non_null(d);
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".partial-") || strstr(e->d_name, ".export.")) {
			snprintf(name, sizeof(name), "%s", e->d_name);
			found = name;
		}
	closedir(d);
	return found;
}

/* No connection may keep a write lock: a writer that comes next gets the file at once. */
static int probe_lock(const char *what, long n, const char *failure)
{
	sqlite3 *s = NULL;
	int rc;
	assert_int_equal(sqlite3_open_v2(path, &s, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(s, 0);
	rc = sqlite3_exec(s, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc == SQLITE_OK)
		sqlite3_exec(s, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s);
	if (rc != SQLITE_OK) {
		problem(P_LOCK,
		        "%s, n=%ld: failing (%s), the operation left its handle holding the "
		        "write lock (%s): every other writer is blocked until the handle is "
		        "closed",
		        what, n, failure, sqlite3_errstr(rc));
		return -1;
	}
	return 0;
}

/*
 * Checks the file on a fresh handle: integrity, foreign keys, the audit trail
 * deep with kept_head (may be NULL) on it; fills now. -1 when it is not sound.
 */
static int check_sound(const char *kept_head, struct counts *now, const char *what, long n)
{
	struct pl_error err = {0};
	struct pl_audit_report rep;
	struct pl_db *d;
	if (pl_db_open(path, PL_OPEN_READONLY, &d, &err))
		fail_msg("%s, n=%ld: the file does not open: %s", what, n, err.msg);
	for (size_t i = 0; i < NCOUNTED; i++) {
		now->v[i] = store_count(d->st, counted[i]);
		assert_true(now->v[i] >= 0);
	}
	if (store_integrity_check(d->st, &err) || pl_audit_verify(d, kept_head, 1, &rep, &err)) {
		pl_db_close(d);
		problem(P_UNSOUND, "%s, n=%ld: the file is not sound: %s", what, n, err.msg);
		return -1;
	}
	snprintf(now->head, sizeof(now->head), "%s", rep.head);
	pl_db_close(d);
	return 0;
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void remove_db(const char *p)
{
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	char side[700];
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", p, sides[i]);
		unlink(side);
	}
}

/* The office every operation starts from, copied from the template: each starts alike. */
static void fresh_office(void)
{
	FILE *in = fopen(template_path, "rb"), *out;
	char buf[65536];
	size_t n;
	remove_db(path);
	out = fopen(path, "wb");
	assert_non_null(in);
	assert_non_null(out);
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		assert_int_equal(fwrite(buf, 1, n, out), n);
	fclose(in);
	assert_int_equal(fclose(out), 0);
}

/* --- the operations --- */

struct op {
	const char *name;
	void (*prepare)(struct pl_db *db); /* before the failures start; may be NULL */
	int (*run)(struct pl_db *db, struct pl_error *err);
	const char *grows[2]; /* tables with one more row on success */
	int audit_may_grow;   /* may write audit records even when it fails (an index's note) */
	long max_n;           /* 0: until it succeeds; else stop at this n */
	long step;            /* > 1: every n below 100, then every step-th (slow cases) */
};

static int add_person(struct pl_db *db, struct pl_error *err)
{
	static const struct pl_kv kv[] = {
	        {"side", "captive"},
	        {"kind", "military"},
	        {"family_name", "Ковальов"},
	        {"given_name", "Сергій"},
	        {"other_names", "Kovalov;KOVALEV"},
	        {"tags", "medic;azovstal"},
	        {"citizenship", "ua"},
	        {"medical_notes", "shrapnel wound"},
	};
	char ref[PL_REF_MAX];
	return pl_person_add(db, reg, kv, sizeof(kv) / sizeof(kv[0]), ref, err);
}

static int count_one(void *ctx, const struct pl_record *r)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

static int show_person(struct pl_db *db, struct pl_error *err)
{
	struct pl_record p;
	int rc = pl_person_get(db, reg, "U-000001", &p, err);
	if (!rc)
		pl_record_release(&p);
	return rc;
}

static int person_history(struct pl_db *db, struct pl_error *err)
{
	long n = 0;
	int rc = pl_person_history(db, reg, "U-000002", PL_ENT_STATUS, count_one, &n, err);
	if (!rc && n < 1)
		fail_msg("person history found no status");
	return rc;
}

static int list_persons(struct pl_db *db, struct pl_error *err)
{
	struct pl_person_filter all = {0}, some = {.side = "captive",
	                                           .text = "ковальов сергій",
	                                           .tag = "medic"};
	long n = 0, m = 0;
	int rc = pl_person_list(db, reg, &all, count_one, &n, err);
	if (!rc)
		rc = pl_person_list(db, reg, &some, count_one, &m, err);
	if (!rc && (n < 2 || m < 1))
		fail_msg("person list found %ld and %ld persons", n, m);
	return rc;
}

static char next_status[32];

static void pick_status(struct pl_db *db)
{
	struct pl_record p;
	struct pl_error err = {0};
	const char *now;
	assert_int_equal(store_person_by_ref(db->st, "U-000002", &p, &err), 0);
	now = pl_record_get(&p, "status");
	snprintf(next_status, sizeof(next_status), "%s",
	         !strcmp(now, "confirmed") ? "listed" : "confirmed");
	pl_record_release(&p);
}

static int set_status(struct pl_db *db, struct pl_error *err)
{
	const struct pl_kv kv[] = {
	        {"status", next_status}, {"date", "2024-03-01"}, {"source", "ICRC notification"}};
	return pl_person_set_status(db, reg, "U-000002", kv, 3, NULL, err);
}

static int add_relative(struct pl_db *db, struct pl_error *err)
{
	static const struct pl_kv kv[] = {{"name", "Олена"},
	                                  {"relation", "mother"},
	                                  {"contacts", "+380 44 000 0000"},
	                                  {"safety", "yes"},
	                                  {"safety_channel", "through the ICRC only"}};
	return pl_relative_add(db, lia, "U-000001", kv, sizeof(kv) / sizeof(kv[0]), NULL, err);
}

static int verify_deep(struct pl_db *db, struct pl_error *err)
{
	struct pl_audit_report rep;
	return pl_audit_verify(db, NULL, 1, &rep, err);
}

#ifdef PARLEY_HAVE_IMPORT
static void ignore_diag(void *ctx, const char *file, long line, const char *column,
                        const char *reason)
{
	(void)ctx, (void)file, (void)line, (void)column, (void)reason;
}

static int import_csv(struct pl_db *db, struct pl_error *err)
{
	static const char csv[] = "side,kind,family_name,given_name\n"
	                          "captive,military,Шевченко,Тарас\n";
	struct pl_import_opts o = {.format = PL_FMT_CSV, .label = "small.csv"};
	struct pl_import_result res;
	FILE *in = fmemopen((void *)csv, sizeof(csv) - 1, "r");
	int rc;
	assert_non_null(in);
	rc = pl_import(db, reg, in, &o, ignore_diag, NULL, &res, err);
	fclose(in);
	return rc;
}

/* JSON Lines go through jansson, whose allocations fail too */
static int import_jsonl(struct pl_db *db, struct pl_error *err)
{
	static const char jsonl[] = "{\"side\": \"detainee\", \"kind\": \"military\", "
	                            "\"family_name\": \"Петров\", \"given_name\": \"Іван\"}\n";
	struct pl_import_opts o = {.format = PL_FMT_JSONL, .label = "small.jsonl"};
	struct pl_import_result res;
	FILE *in = fmemopen((void *)jsonl, sizeof(jsonl) - 1, "r");
	int rc;
	assert_non_null(in);
	rc = pl_import(db, reg, in, &o, ignore_diag, NULL, &res, err);
	fclose(in);
	return rc;
}
#endif

static int reindex(struct pl_db *db, struct pl_error *err)
{
	return pl_search_reindex(db, reg, NULL, err);
}

/* search, match and dedup need the index built (an import leaves it stale) */
static void index_built(struct pl_db *db)
{
	struct pl_error err = {0};
	if (pl_search_reindex(db, reg, NULL, &err))
		fail_msg("reindex: %s", err.msg);
}

static int count_hit(void *ctx, const struct pl_search_hit *h)
{
	(void)ctx, (void)h;
	return 0;
}

/* the index in memory is built by the first search of a handle (cold), kept after (warm) */
static int search(struct pl_db *db, struct pl_error *err)
{
	return pl_search(db, reg, "KOVALEV Sergei", NULL, count_hit, NULL, err);
}

static int match(struct pl_db *db, struct pl_error *err)
{
	static const char csv[] = "family_name,given_name,birth_date\n"
	                          "КОВАЛЁВ,Сергей,14.05.1990\nШевченко,Тарас,1961\n";
	struct pl_match_read_opts o = {PL_FMT_CSV, "list.csv", 0};
	struct pl_match_row *rows = NULL;
	size_t n = 0;
	FILE *in = fmemopen((void *)csv, sizeof(csv) - 1, "r");
	int rc;
	assert_non_null(in);
	rc = pl_match_read(in, &o, NULL, NULL, &rows, &n, err);
	fclose(in);
	if (!rc)
		rc = pl_match(db, reg, rows, n, NULL, NULL, err);
	pl_match_rows_free(rows, n);
	return rc;
}

static int dedup_pair(void *ctx, const struct pl_dedup_pair *p)
{
	(void)ctx, (void)p;
	return 0;
}

static int dedup(struct pl_db *db, struct pl_error *err)
{
	return pl_dedup(db, reg, NULL, dedup_pair, NULL, NULL, err);
}

static char dest[600];

/* A backup or restore leaves no file behind when it fails, and the named one when not. */
static void new_dest(struct pl_db *db)
{
	(void)db;
	snprintf(dest, sizeof(dest), "%s/out-%d.db", dir, ++serial);
}

static int backup_plain(struct pl_db *db, struct pl_error *err)
{
	return pl_backup(db, adm, dest, NULL, NULL, err);
}

static int backup_encrypted(struct pl_db *db, struct pl_error *err)
{
	return pl_backup(db, adm, dest, PASS, NULL, err);
}

static int restore_plain(struct pl_db *db, struct pl_error *err)
{
	struct pl_backup_info info;
	(void)db;
	return pl_restore(plain_backup, dest, NULL, "adm", NULL, &info, err);
}

static int restore_encrypted(struct pl_db *db, struct pl_error *err)
{
	struct pl_backup_info info;
	(void)db;
	return pl_restore(enc_backup, dest, PASS, "adm", NULL, &info, err);
}

/*
 * An export writes a temporary file next to the one named and renames it when it is
 * complete: a failed export leaves neither, and writes no audit record.
 */
static void new_export_dest(struct pl_db *db)
{
	(void)db;
	snprintf(dest, sizeof(dest), "%s/out-%d.export", dir, ++serial);
}

static int export_as(struct pl_db *db, enum pl_format format, struct pl_error *err)
{
	struct pl_person_filter f = {.side = "captive", .text = "ковальов"};
	long n = 0;
	int rc = pl_export(db, reg, &f, format, dest, NULL, &n, err);
	if (!rc && n != 2)
		fail_msg("export wrote %ld persons, not 2", n);
	return rc;
}

static int export_csv(struct pl_db *db, struct pl_error *err)
{
	return export_as(db, PL_FMT_CSV, err);
}

static int export_jsonl(struct pl_db *db, struct pl_error *err)
{
	return export_as(db, PL_FMT_JSONL, err);
}

/* libxlsxwriter allocates with malloc: only SQLite's, jansson's and our own fail here */
static int export_xlsx(struct pl_db *db, struct pl_error *err)
{
	return export_as(db, PL_FMT_XLSX, err);
}

static const struct op ops[] = {
        /* the first status stays in the persons row until the first change */
        {"person add", NULL, add_person, {"persons", NULL}, 0, 0, 0},
        /* a registrar reads the medical notes: the read is recorded */
        {"person show", NULL, show_person, {"audit", NULL}, 0, 0, 0},
        {"person history", NULL, person_history, {NULL, NULL}, 0, 0, 0},
        {"person list", NULL, list_persons, {NULL, NULL}, 0, 0, 0},
        /* a first change writes the first status out, then the change */
        {"person status", pick_status, set_status, {"statuses", "statuses"}, 0, 0, 0},
        {"relative add", NULL, add_relative, {"relatives", NULL}, 0, 0, 0},
        {"audit verify deep", NULL, verify_deep, {NULL, NULL}, 0, 0, 0},
        {"search reindex", NULL, reindex, {NULL, NULL}, 0, 0, 0},
        /* read only; the audit record counted is the prepare's note of the rebuild */
        {"search", index_built, search, {NULL, NULL}, 1, 0, 0},
        {"match", index_built, match, {NULL, NULL}, 1, 0, 0},
        {"dedup", index_built, dedup, {NULL, NULL}, 1, 0, 0},
#ifdef PARLEY_HAVE_IMPORT
        {"import csv", NULL, import_csv, {"persons", NULL}, 0, 0, 0},
        {"import jsonl", NULL, import_jsonl, {"persons", NULL}, 0, 0, 0},
#endif
        {"export csv", new_export_dest, export_csv, {NULL, NULL}, 0, 0, 0},
        {"export jsonl", new_export_dest, export_jsonl, {NULL, NULL}, 0, 0, 0},
        {"export xlsx", new_export_dest, export_xlsx, {NULL, NULL}, 0, 0, 0},
        {"backup", new_dest, backup_plain, {NULL, NULL}, 0, 0, 7},
        {"backup encrypted", new_dest, backup_encrypted, {NULL, NULL}, 0, 0, 7},
        {"restore", new_dest, restore_plain, {NULL, NULL}, 0, 0, 7},
        /* each try derives the key (argon2id, 64 MiB): only its first allocations */
        {"restore encrypted", new_dest, restore_encrypted, {NULL, NULL}, 0, 4, 0},
};

static int is_dest_op(const struct op *op)
{
	return op->prepare == new_dest || op->prepare == new_export_dest;
}

/*
 * After a run: the file sound, and each table as before, but for what the
 * operation adds when it succeeded.
 */
static void check_after(const struct op *op, const char *what, long n, int rc, struct counts *cur)
{
	struct counts now;
	int succeeded = rc == 0;
	if (check_sound(cur->head, &now, what, n)) {
		*cur = now;
		return;
	}
	for (size_t i = 0; i < NCOUNTED; i++) {
		long long want = cur->v[i];
		for (int g = 0; g < 2; g++)
			if (succeeded && op->grows[g] && (int)i == counted_index(op->grows[g]))
				want++;
		if (succeeded && !strcmp(counted[i], "audit"))
			continue; /* writes add one or more records: the trail's walk checks them */
		if (op->audit_may_grow && !strcmp(counted[i], "audit"))
			continue;
		if (now.v[i] != want)
			problem(P_CHANGED, "%s, n=%ld: %s %s has %lld rows, had %lld", what, n,
			        succeeded ? "succeeded, but" : "failed, but", counted[i], now.v[i],
			        cur->v[i]);
	}
	if (!succeeded && !op->audit_may_grow && strcmp(now.head, cur->head))
		problem(P_CHANGED, "%s, n=%ld: failed, but the audit trail moved from %s to %s",
		        what, n, cur->head, now.head);
	if (is_dest_op(op)) {
		const char *left = leftover();
		if (left) {
			char p[1200];
			problem(P_LEFTOVER, "%s, n=%ld: left %s behind", what, n, left);
			snprintf(p, sizeof(p), "%s/%s", dir, left);
			unlink(p);
		}
		if (succeeded != exists(dest))
			problem(P_LEFTOVER, "%s, n=%ld: %s, but %s %s", what, n,
			        succeeded ? "succeeded" : "failed", dest,
			        exists(dest) ? "exists" : "does not exist");
	}
	*cur = now;
}

struct tally {
	long tries, failed_with_error, succeeded_anyway;
};

/*
 * One run of op with failures after n allocations: 1 when it ran without a
 * failed one, -1 when it left the handle holding the write lock.
 */
static int try_once(const struct op *op, const char *what, struct pl_db *db, long n,
                    struct counts *cur, struct tally *t)
{
	struct pl_error err = {0};
	long failures;
	int rc, locked;

	if (op->prepare)
		op->prepare(db);
	pl_alloc_fail_after(n);
	rc = op->run(db, &err);
	failures = pl_alloc_failures();
	pl_alloc_fail_after(-1);
	t->tries++;

	if (failures == 0 && rc)
		problem(P_SPURIOUS, "%s, n=%ld: failed with no failed allocation: %s", what, n,
		        err.msg);
	if (rc) {
		t->failed_with_error++;
		if (rc < PL_EDATA || rc > PL_EINTEGRITY)
			problem(P_CODE, "%s, n=%ld: returned %d, no pl_code", what, n, rc);
		if (!err.msg[0])
			problem(P_NOMSG, "%s, n=%ld: returned %d without a message", what, n, rc);
	} else if (failures) {
		t->succeeded_anyway++; /* SQLite gets by without some allocations */
	}
	locked = probe_lock(what, n, rc ? err.msg : "no failure");
	check_after(op, what, n, rc, cur);
	if (locked)
		return -1;
	return failures == 0;
}

static void run_op(const struct op *op, int warm)
{
	struct pl_error err = {0};
	struct pl_db *db = NULL;
	struct counts cur;
	struct tally t = {0};
	char what[64];
	long n, last_n = 0;
	int done = 0;
	double start = now_s();
	sqlite3 *holder;

	seen = 0;
	snprintf(what, sizeof(what), "%s (%s)", op->name, warm ? "warm" : "cold");
	fresh_office();
	/*
	 * a connection held open for the whole run: closing a handle is then never
	 * the last close, which would checkpoint and sync the file every time
	 */
	assert_int_equal(sqlite3_open_v2(path, &holder, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(
	        sqlite3_exec(holder, "SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL),
	        SQLITE_OK);
	if (check_sound(NULL, &cur, what, -1))
		fail_msg("%s: the file is not sound before it starts", what);
	for (n = 0; !done && n<(op->max_n ? op->max_n : MAX_N); n += op->step> 1 && n >= 100
	                    ? op->step
	                    : 1) {
		if (!db)
			assert_int_equal(pl_db_open(path, 0, &db, &err), 0);
		done = try_once(op, what, db, n, &cur, &t);
		last_n = n;
		if (!warm || done < 0) {
			/* cold, or a handle stuck in a transaction: only closing frees it */
			pl_db_close(db);
			db = NULL;
		}
		done = done > 0;
	}
	if (db) {
		/* the handle kept through all those failures still works */
		struct pl_audit_report rep;
		if (pl_audit_verify(db, NULL, 1, &rep, &err))
			problem(P_UNSOUND, "%s: the handle fails after the failures: %s", what,
			        err.msg);
		pl_db_close(db);
	}
	sqlite3_close(holder);
	if (!op->max_n && !done)
		problem(P_SPURIOUS, "%s: still failing after %d allocations", what, MAX_N);
	fprintf(stderr,
	        "# %-26s %5ld allocations, %5ld tries: %5ld failed cleanly, %ld got by, %.1f s\n",
	        what, last_n, t.tries, t.failed_with_error, t.succeeded_anyway, now_s() - start);
}

static void test_ops_cold(void **state)
{
	(void)state;
	problems = 0;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i], 0);
	if (problems)
		fail_msg("%d problems (the first of each kind above)", problems);
}

static void test_ops_warm(void **state)
{
	(void)state;
	problems = 0;
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		run_op(&ops[i], 1);
	if (problems)
		fail_msg("%d problems (the first of each kind above)", problems);
}

/* --- open and init a new file --- */

static void test_open_init(void **state)
{
	char p[600], side[700], pw[PL_PASSWORD_LEN + 1];
	long n, clean = 0, anyway = 0;
	double start = now_s();
	(void)state;

	snprintf(p, sizeof(p), "%s/new.db", dir);
	problems = 0;
	seen = 0;
	for (n = 0; n < MAX_N; n++) {
		struct pl_error err = {0};
		struct pl_db *db = NULL;
		long failures;
		int rc;

		remove_db(p);
		pl_alloc_fail_after(n);
		rc = pl_db_open(p, PL_OPEN_CREATE, &db, &err);
		if (!rc) {
			rc = pl_db_init(db, "adm", NULL, pw, &err);
			pl_db_close(db);
		}
		failures = pl_alloc_failures();
		pl_alloc_fail_after(-1);

		if (failures == 0 && rc)
			fail_msg("open+init, n=%ld: failed with no failed allocation: %s", n,
			         err.msg);
		if (rc && (rc < PL_EDATA || rc > PL_EINTEGRITY))
			problem(P_CODE, "open+init, n=%ld: returned %d (%s)", n, rc, err.msg);
		if (rc && !err.msg[0])
			problem(P_NOMSG, "open+init, n=%ld: returned %d without a message", n, rc);
		if (rc)
			clean++;
		else if (failures)
			anyway++;
		if (!exists(p)) {
			/* a file that was not made leaves nothing a later one would pick up */
			snprintf(side, sizeof(side), "%s-wal", p);
			if (exists(side))
				problem(P_LEFTOVER,
				        "open+init, n=%ld: the file was not made, but its "
				        "write-ahead "
				        "log %s is left for a later file of that name to pick up",
				        n, side);
			if (!rc)
				fail_msg("open+init, n=%ld: succeeded without a file", n);
			continue;
		}
		{
			/* all or nothing: a sound file with the admin, or one without accounts */
			struct pl_db *d;
			long long accounts, audit;
			if (pl_db_open(p, 0, &d, &err))
				fail_msg("open+init, n=%ld: %s (%d) left a file that does not "
				         "open: %s",
				         n, rc ? "failing" : "succeeding", rc, err.msg);
			if (store_integrity_check(d->st, &err) ||
			    pl_audit_verify(d, NULL, 1, NULL, &err))
				problem(P_UNSOUND, "open+init, n=%ld: the file is not sound: %s", n,
				        err.msg);
			accounts = store_count(d->st, "accounts");
			audit = store_count(d->st, "audit");
			pl_db_close(d);
			if (rc && (accounts != 0 || audit != 0))
				problem(P_CHANGED,
				        "open+init, n=%ld: failed, but the file has %lld accounts "
				        "and %lld audit records",
				        n, accounts, audit);
			if (!rc && (accounts != 1 || audit != 1))
				problem(P_CHANGED,
				        "open+init, n=%ld: %lld accounts, %lld audit records", n,
				        accounts, audit);
		}
		if (failures == 0)
			break;
	}
	remove_db(p);
	if (n == MAX_N)
		problem(P_SPURIOUS, "open+init: still failing allocations after %d", MAX_N);
	fprintf(stderr, "# %-28s %5ld allocations, %ld failed cleanly, %ld got by, %.1f s\n",
	        "open + init", n, clean, anyway, now_s() - start);
	if (problems)
		fail_msg("%d problems (the first of each kind above)", problems);
}

/* --- the office every operation works on --- */

static int setup(void **state)
{
	struct pl_error err = {0};
	struct pl_db *db;
	char pw[PL_PASSWORD_LEN + 1];
	const char *tmp = getenv("PARLEY_TEST_TMP");
	(void)state;

	/*
	 * thousands of files made and synced: in memory (/dev/shm) when there is
	 * one, since durability is not what this test is about
	 */
	snprintf(dir, sizeof(dir), "/dev/shm/parley-u-alloc-fail-XXXXXX");
	if (!mkdtemp(dir)) {
		mkdir(tmp ? tmp : "/tmp", 0700);
		snprintf(dir, sizeof(dir), "%s/u-alloc-fail-XXXXXX", tmp ? tmp : "/tmp");
		if (!mkdtemp(dir))
			return -1;
	}
	snprintf(path, sizeof(path), "%s/office.db", dir);
	snprintf(template_path, sizeof(template_path), "%s/template.db", dir);
	snprintf(plain_backup, sizeof(plain_backup), "%s/plain.bak", dir);
	snprintf(enc_backup, sizeof(enc_backup), "%s/enc.bak", dir);
	if (pl_db_open(template_path, PL_OPEN_CREATE, &db, &err) ||
	    pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(db, adm, "reg", 1u << PL_ROLE_REGISTRAR, me(), pw, &err) ||
	    pl_account_add(db, adm, "lia", 1u << PL_ROLE_LIAISON, me(), pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_authenticate(db, "lia", NULL, PL_AUTH_OS_USER, &lia, &err) || add_person(db, &err) ||
	    add_person(db, &err) || pl_backup(db, adm, plain_backup, NULL, NULL, &err) ||
	    pl_backup(db, adm, enc_backup, PASS, NULL, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	pl_db_close(db);
	return 0;
}

static int teardown(void **state)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char p[1200];
	(void)state;
	while (d && (e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
			unlink(p);
		}
	if (d)
		closedir(d);
	rmdir(dir);
	return 0;
}

/* u-alloc-fail [TEST]: one of test_open_init, test_ops_cold, test_ops_warm (ctest runs
 * the three side by side), or all of them */
int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_open_init),
	        cmocka_unit_test(test_ops_cold),
	        cmocka_unit_test(test_ops_warm),
	};
	struct pl_error err = {0};
	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	/* first, before SQLite starts: its allocations go through pl_malloc */
	if (pl_alloc_hook_libraries()) {
		fprintf(stderr, "cannot hook the libraries' allocators\n");
		return 1;
	}
	if (pl_global_init(&err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	return cmocka_run_group_tests(tests, setup, teardown);
}
