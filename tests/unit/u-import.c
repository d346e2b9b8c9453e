/* u-import.c - pl_import with --dry-run over tables of valid and invalid CSV and JSON Lines */
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

#include "parley/parley.h"

/* The operating-system user running the test: accounts bound to it act without a password. */
static const char *me(void)
{
	static char user[64];
	if (!user[0])
		pl_os_user(user, sizeof(user));
	return user;
}

static struct pl_db *db;
static struct pl_actor *reg, *neg;
static char path[600];

/* Every diag line as "LINE:COLUMN: reason\n" (or "LINE: reason", or the reason alone). */
static void collect(void *ctx, const char *file, long line, const char *column, const char *reason)
{
	struct strbuf *sb = ctx;
	assert_string_equal(file, "t.csv");
	if (line <= 0)
		strbuf_addf(sb, "%s\n", reason);
	else if (column)
		strbuf_addf(sb, "%ld:%s: %s\n", line, column, reason);
	else
		strbuf_addf(sb, "%ld: %s\n", line, reason);
}

struct run {
	int rc;
	struct pl_import_result res;
	struct strbuf diag;
};

static void run_import(const char *data, size_t len, enum pl_format fmt, long max_errors,
                       struct run *r)
{
	struct pl_import_opts o = {fmt, "t.csv", NULL, 1, max_errors};
	struct pl_error err = {0};
	FILE *in = len ? fmemopen((void *)data, len, "rb") : fopen("/dev/null", "rb");
	assert_non_null(in);
	memset(r, 0, sizeof(*r));
	r->rc = pl_import(db, reg, in, &o, collect, &r->diag, &r->res, &err);
	fclose(in);
}

static int setup(void **state)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	char dir[512], pw[PL_PASSWORD_LEN + 1];
	struct pl_error err = {0};
	struct pl_actor *adm = NULL;
	(void)state;
	snprintf(dir, sizeof(dir), "%s", tmp && *tmp ? tmp : "/tmp");
	mkdir(dir, 0700);
	snprintf(path, sizeof(path), "%s/u-import-%ld.db", dir, (long)getpid());
	unlink(path);
	if (pl_global_init(&err) || pl_db_open(path, PL_OPEN_CREATE, &db, &err) ||
	    pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(db, adm, "reg", 1u << PL_ROLE_REGISTRAR, me(), pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_account_add(db, adm, "neg", 1u << PL_ROLE_NEGOTIATOR, me(), pw, &err) ||
	    pl_authenticate(db, "neg", NULL, PL_AUTH_OS_USER, &neg, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	pl_actor_free(adm);
	return 0;
}

static int teardown(void **state)
{
	char side[640];
	(void)state;
	pl_db_close(db);
	unlink(path);
	snprintf(side, sizeof(side), "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", path);
	unlink(side);
	return 0;
}

struct valid {
	const char *name, *csv;
	long rows;
};

static void test_valid_csv(void **state)
{
	static const struct valid valids[] = {
	        {"one row", "side,kind,family_name\ncaptive,military,Ковальов\n", 1},
	        {"no newline at the end", "side,kind,family_name\ncaptive,military,A", 1},
	        {"a byte order mark", "\xEF\xBB\xBFside,kind,family_name\ncaptive,military,A\n", 1},
	        {"CRLF", "side,kind,family_name\r\ncaptive,military,A\r\ndetainee,civilian,B\r\n",
	         2},
	        {"header only", "side,kind,family_name\n", 0},
	        {"blank lines are skipped", "side,kind,family_name\n\ncaptive,military,A\n\n", 1},
	        {"quoted newline and quotes",
	         "side,kind,family_name,note\ncaptive,military,A,\"x\n\"\"y\"\",z\"\n", 1},
	        {"header in any case, dashes", "Side,KIND,family-name\ncaptive,military,A\n", 1},
	        {"a ref column is ignored",
	         "ref,side,kind,family_name\nU-000009,captive,military,A\n", 1},
	        {"export's apostrophe is taken off",
	         "side,kind,family_name,unit\ncaptive,military,A,'=1+2\n", 1},
	        {"empty cells are no value",
	         "side,kind,family_name,birth_date,sex\ncaptive,military,A,,\n", 1},
	        {"every kind of value",
	         "side,kind,family_name,birth_date,sex,citizenship,tags,health,status,status_date,"
	         "capture_date\ncaptive,civilian,A,02.03.1985,F,ua;gb,Medic,severely_wounded,"
	         "Confirmed,2022-05,2022\n",
	         1},
	        {"detainee fields",
	         "side,kind,family_name,consent,proceedings\ndetainee,military,A,yes,справа 1\n",
	         1},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(valids) / sizeof(valids[0]); i++) {
		struct run r;
		run_import(valids[i].csv, strlen(valids[i].csv), PL_FMT_CSV, 0, &r);
		if (r.rc)
			fail_msg("%s: rc %d: %s", valids[i].name, r.rc, strbuf_str(&r.diag));
		assert_int_equal(r.res.rows, valids[i].rows);
		assert_int_equal(r.res.added, valids[i].rows);
		assert_int_equal(r.res.errors, 0);
		assert_int_equal(r.diag.len, 0);
		strbuf_release(&r.diag);
	}
}

struct invalid {
	const char *name, *csv;
	long errors;
	const char *diag; /* the whole diag output */
};

static void test_invalid_csv(void **state)
{
	static const struct invalid invalids[] = {
	        {"empty file", "", 1, "1: no header: the file is empty\n"},
	        {"unknown column", "side,kind,family_name,x\ncaptive,military,A,1\n", 1,
	         "1:x: unknown column: not a person field (see docs/import.md)\n"},
	        {"missing columns", "side\ncaptive\n", 2,
	         "1:kind: required column missing\n1:family_name: required column missing\n"},
	        {"duplicate column", "side,kind,family_name,side\ncaptive,military,A,captive\n", 1,
	         "1:side: column given twice (also column 1)\n"},
	        {"system column", "side,kind,family_name,updated\ncaptive,military,A,x\n", 1,
	         "1:updated: this column is set by parley, not by a file\n"},
	        {"empty column name", "side,kind,family_name,\ncaptive,military,A,\n", 1,
	         "1:column 4: the header names no column here\n"},
	        {"bad date", "side,kind,family_name,birth_date\ncaptive,military,A,1985-02-30\n", 1,
	         "2:birth_date: '1985-02-30' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)\n"},
	        {"required value", "side,kind,family_name\ncaptive,military,\n", 1,
	         "2:family_name: required\n"},
	        {"bad token", "side,kind,family_name\ncaptive,army,A\n", 1,
	         "2:kind: 'army' is not one of military, civilian\n"},
	        {"captive-only field on a detainee",
	         "side,kind,family_name,capture_date\ndetainee,military,A,2022\n", 1,
	         "2:capture_date: only for captives\n"},
	        {"status of the other side",
	         "side,kind,family_name,status\ncaptive,military,A,held\n", 1,
	         "2:status: 'held' is not a status of a captive (missing, data_unknown, probable, "
	         "confirmed, listed, returned, third_country, died, remains_returned)\n"},
	        {"invalid UTF-8", "side,kind,family_name\ncaptive,military,A\xC0\xAF\n", 1,
	         "2:family_name: invalid UTF-8 at byte 2\n"},
	        {"a NUL byte", "side,kind,family_name\ncaptive,military,A\0B\n", 1,
	         "2:family_name: invalid UTF-8 at byte 2\n"},
	        {"a control character", "side,kind,family_name\ncaptive,military,A\x01\n", 1,
	         "2:family_name: holds a control character\n"},
	        {"too long", NULL, 1, "2:external_id: longer than 100 bytes\n"},
	        {"field count", "side,kind,family_name\ncaptive,military,A,extra\n", 1,
	         "2: 4 fields, the header has 3\n"},
	        {"line after a quoted newline",
	         "side,kind,family_name,note\ncaptive,military,A,\"1\n2\n3\"\ncaptive,x,B,\n", 1,
	         "5:kind: 'x' is not one of military, civilian\n"},
	        {"cell after a quoted newline, same row",
	         "side,kind,family_name,note,sex\ncaptive,military,A,\"1\n2\",q\n", 1,
	         "3:sex: 'q' is not one of m, f, unknown\n"},
	        {"quote inside an unquoted field", "side,kind,family_name\ncaptive,military,a\"b\n",
	         1,
	         "2: malformed CSV: a quote in a field that is not quoted, or text after a closing "
	         "quote (quote the field and double the quotes inside it)\n"},
	        {"unclosed quote", "side,kind,family_name\ncaptive,military,\"A\n\n", 1,
	         "2: the file ends inside a quoted field (a quote left open)\n"},
	        {"same external id twice",
	         "side,kind,family_name,source,external_id\ncaptive,military,A,s,1\n"
	         "captive,military,B,t,1\ncaptive,military,C,s,1\n",
	         1, "4:external_id: '1' of source s is already on line 2\n"},
	        {"several rows",
	         "side,kind,family_name,sex\ncaptive,military,A,m\ncaptive,military,,m\n"
	         "captive,military,C,z\n",
	         2, "3:family_name: required\n4:sex: 'z' is not one of m, f, unknown\n"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(invalids) / sizeof(invalids[0]); i++) {
		const struct invalid *t = &invalids[i];
		char buf[512];
		const char *csv = t->csv;
		size_t len;
		struct run r;
		if (!csv) {
			/* an external_id of 101 bytes */
			snprintf(buf, sizeof(buf),
			         "side,kind,family_name,external_id\n"
			         "captive,military,A,%0101d\n",
			         0);
			csv = buf;
		}
		len = strlen(csv);
		if (!strcmp(t->name, "a NUL byte"))
			len = 43; /* the NUL is inside */
		run_import(csv, len, PL_FMT_CSV, 0, &r);
		if (r.rc != PL_EDATA)
			fail_msg("%s: rc %d, expected %d", t->name, r.rc, PL_EDATA);
		if (strcmp(strbuf_str(&r.diag), t->diag))
			fail_msg("%s: diag\n%s\nexpected\n%s", t->name, strbuf_str(&r.diag),
			         t->diag);
		assert_int_equal(r.res.errors, t->errors);
		assert_int_equal(r.res.added, 0);
		strbuf_release(&r.diag);
	}
}

static void test_max_errors(void **state)
{
	const char *csv = "side,kind,family_name\nx,military,A\nx,military,B\nx,military,C\n"
	                  "x,military,D\n";
	struct run r;
	(void)state;
	run_import(csv, strlen(csv), PL_FMT_CSV, 2, &r);
	assert_int_equal(r.rc, PL_EDATA);
	assert_int_equal(r.res.errors, 4);
	assert_string_equal(strbuf_str(&r.diag), "2:side: 'x' is not one of captive, detainee\n"
	                                         "3:side: 'x' is not one of captive, detainee\n"
	                                         "...and 2 more errors\n");
	strbuf_release(&r.diag);
}

static void test_many_rows(void **state)
{
	/* more rows than one batch of the reader, a bad one near the end */
	struct strbuf sb = STRBUF_INIT;
	struct run r;
	(void)state;
	strbuf_adds(&sb, "side,kind,family_name,external_id\n");
	for (int i = 0; i < 2000; i++)
		strbuf_addf(&sb, "%s,military,Row%d,%d\n", i == 1700 ? "bad" : "captive", i, i);
	run_import(sb.buf, sb.len, PL_FMT_CSV, 0, &r);
	assert_int_equal(r.rc, PL_EDATA);
	assert_int_equal(r.res.rows, 2000);
	assert_string_equal(strbuf_str(&r.diag),
	                    "1702:side: 'bad' is not one of captive, detainee\n");
	strbuf_release(&r.diag);
	/* and all good */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "side,kind,family_name,external_id\n");
	for (int i = 0; i < 2000; i++)
		strbuf_addf(&sb, "captive,military,Row%d,%d\n", i, i);
	run_import(sb.buf, sb.len, PL_FMT_CSV, 0, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.rows, 2000);
	assert_int_equal(r.res.added, 2000);
	strbuf_release(&r.diag);
	strbuf_release(&sb);
}

static void test_jsonl(void **state)
{
	static const struct invalid cases[] = {
	        {"valid",
	         "{\"side\":\"captive\",\"kind\":\"military\",\"family_name\":\"A\"}\n\n"
	         "{\"side\":\"detainee\",\"kind\":\"civilian\",\"family_name\":\"B\","
	         "\"rank\":null}",
	         0, ""},
	        {"number",
	         "{\"side\":\"captive\",\"kind\":\"military\",\"family_name\":\"A\","
	         "\"birth_date\":1985}\n",
	         1, "1:birth_date: 1985 is a number: write it as a string (\"1985\")\n"},
	        {"not an object", "[]\n", 1, "1: not a JSON object: each line holds one {...}\n"},
	        {"unknown key",
	         "{\"side\":\"captive\",\"kind\":\"military\",\"family_name\":\"A\","
	         "\"x\":\"1\"}\n",
	         1, "1:x: unknown key: not a person field (see docs/import.md)\n"},
	        {"missing required", "{\"side\":\"captive\",\"kind\":\"military\"}\n", 1,
	         "1:family_name: required\n"},
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		run_import(cases[i].csv, strlen(cases[i].csv), PL_FMT_JSONL, 0, &r);
		if (strcmp(strbuf_str(&r.diag), cases[i].diag))
			fail_msg("%s: diag\n%s\nexpected\n%s", cases[i].name, strbuf_str(&r.diag),
			         cases[i].diag);
		assert_int_equal(r.rc, cases[i].errors ? PL_EDATA : 0);
		assert_int_equal(r.res.errors, cases[i].errors);
		strbuf_release(&r.diag);
	}
}

static void test_dry_run_writes_nothing(void **state)
{
	const char *csv = "side,kind,family_name\ncaptive,military,A\n";
	struct run r;
	(void)state;
	run_import(csv, strlen(csv), PL_FMT_CSV, 0, &r);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.res.added, 1);
	strbuf_release(&r.diag);
	assert_int_equal(pl_db_has_case_data(db, NULL), 0);
}

static void test_format_from_name(void **state)
{
	(void)state;
	assert_int_equal(pl_format_from_name("a.csv"), PL_FMT_CSV);
	assert_int_equal(pl_format_from_name("A.CSV"), PL_FMT_CSV);
	assert_int_equal(pl_format_from_name("x/a.jsonl"), PL_FMT_JSONL);
	assert_int_equal(pl_format_from_name("a.ndjson"), PL_FMT_JSONL);
	assert_int_equal(pl_format_from_name("a.xlsx"), PL_FMT_XLSX);
	assert_int_equal(pl_format_from_name("a.txt"), -1);
	assert_int_equal(pl_format_from_name(".csv"), -1);
	assert_int_equal(pl_format_from_name("csv"), -1);
}

static void test_refused(void **state)
{
	struct pl_import_opts o = {PL_FMT_CSV, "t.csv", NULL, 1, 0};
	struct pl_error err = {0};
	FILE *in = fmemopen((void *)"x", 1, "rb");
	(void)state;
	assert_int_equal(pl_import(db, neg, in, &o, NULL, NULL, NULL, &err), PL_EPERM);
	o.format = PL_FMT_XLSX;
	assert_int_equal(pl_import(db, reg, in, &o, NULL, NULL, NULL, &err), PL_EUSAGE);
	fclose(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_format_from_name),
	        cmocka_unit_test(test_valid_csv),
	        cmocka_unit_test(test_invalid_csv),
	        cmocka_unit_test(test_max_errors),
	        cmocka_unit_test(test_many_rows),
	        cmocka_unit_test(test_jsonl),
	        cmocka_unit_test(test_dry_run_writes_nothing),
	        cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
