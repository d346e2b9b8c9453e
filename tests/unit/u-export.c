/* u-export.c - pl_export as the library's callers use it: refusals that write nothing,
 * an export into a stream the caller holds, what a role may not see left out */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/parley.h"
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

static char dir[512], office[600];
static struct pl_db *db;
static struct pl_actor *adm, *reg, *head;

static long long audit_records(void)
{
	return store_count(db->st, "audit");
}

static int setup(void **state)
{
	struct pl_error err = {0};
	char pw[PL_PASSWORD_LEN + 1], ref[PL_REF_MAX];
	const char *tmp = getenv("PARLEY_TEST_TMP");
	const struct pl_kv one[] = {
	        {"side", "captive"},      {"kind", "military"}, {"family_name", "Ковальов"},
	        {"given_name", "Сергій"}, {"unit", "=1+1"},     {"medical_notes", "a wound"}};
	const struct pl_kv two[] = {
	        {"side", "detainee"}, {"kind", "civilian"}, {"family_name", "Иванов"}};
	(void)state;

	if (pl_global_init(&err))
		return -1;
	mkdir(tmp ? tmp : "/tmp", 0700);
	snprintf(dir, sizeof(dir), "%s/u-export-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(office, sizeof(office), "%s/office.db", dir);
	if (pl_db_open(office, PL_OPEN_CREATE, &db, &err) ||
	    pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(db, adm, "reg", 1u << PL_ROLE_REGISTRAR, me(), pw, &err) ||
	    pl_account_add(db, adm, "head", 1u << PL_ROLE_HEAD, me(), pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_authenticate(db, "head", NULL, PL_AUTH_OS_USER, &head, &err) ||
	    pl_person_add(db, reg, one, sizeof(one) / sizeof(one[0]), ref, &err) ||
	    pl_person_add(db, reg, two, sizeof(two) / sizeof(two[0]), ref, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int teardown(void **state)
{
	DIR *d;
	struct dirent *e;
	char p[1200];
	(void)state;
	pl_db_close(db);
	d = opendir(dir);
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

/* the names in dir other than the office's own files */
static int others_in_dir(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;
	assert_non_null(d);
	while ((e = readdir(d)))
		if (e->d_name[0] != '.' && strncmp(e->d_name, "office.db", 9))
			n++;
	closedir(d);
	return n;
}

/* Refusals: each names what is wrong, writes no file and no audit record. */
static void test_refusals(void **state)
{
	struct pl_person_filter all = {0}, bad = {.status = "lost"};
	struct pl_error err = {0};
	char path[700];
	long long before = audit_records();
	long n = -1;
	(void)state;

	snprintf(path, sizeof(path), "%s/x.csv", dir);
	assert_int_equal(pl_export(db, reg, &all, (enum pl_format)7, path, NULL, &n, &err),
	                 PL_EUSAGE);
	assert_non_null(strstr(err.msg, "csv, jsonl or xlsx"));
	assert_int_equal(pl_export(db, reg, &all, PL_FMT_CSV, NULL, NULL, &n, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "no file named"));
	assert_int_equal(pl_export(db, reg, &all, PL_FMT_XLSX, "-", NULL, &n, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "standard output"));
	assert_int_equal(pl_export(db, reg, &bad, PL_FMT_CSV, path, NULL, &n, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "lost"));
	/* an admin manages accounts; the data is not theirs to take out */
	assert_int_equal(pl_export(db, adm, &all, PL_FMT_CSV, path, NULL, &n, &err), PL_EPERM);
	assert_int_equal(n, -1);
	assert_int_equal(others_in_dir(), 0);
	/* the refusal of a role is audited (denied:export), the others are not */
	assert_int_equal(audit_records(), before + 1);
}

static char *export_to_memory(const struct pl_actor *who, const struct pl_person_filter *f,
                              enum pl_format format, long *n)
{
	struct pl_error err = {0};
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	assert_non_null(out);
	/* the path names the stream in messages and the audit record: no file is made */
	if (pl_export(db, who, f, format, "-", out, n, &err))
		fail_msg("export: %s", err.msg);
	assert_int_equal(fclose(out), 0);
	assert_int_equal(others_in_dir(), 0);
	return buf;
}

static void test_into_a_stream(void **state)
{
	struct pl_person_filter all = {0}, detainees = {.side = "detainee"};
	long long before = audit_records();
	long n = 0;
	char *csv, *jsonl;
	(void)state;

	csv = export_to_memory(reg, &all, PL_FMT_CSV, &n);
	assert_int_equal(n, 2);
	assert_memory_equal(csv, "ref,side,kind,family_name,", 26);
	assert_non_null(strstr(csv, "\r\nU-000001,captive,military,Ковальов,Сергій,"));
	assert_non_null(strstr(csv, ",'=1+1,")); /* a formula neutralised */
	/* the column is there (the file imports again), its value not: lists leave it out */
	assert_non_null(strstr(csv, ",medical_notes,"));
	assert_null(strstr(csv, "a wound"));
	free(csv);

	jsonl = export_to_memory(head, &detainees, PL_FMT_JSONL, &n);
	assert_int_equal(n, 1);
	assert_non_null(strstr(jsonl, "{\"ref\":\"R-000001\",\"side\":\"detainee\""));
	assert_non_null(strstr(jsonl, "\"given_name\":null"));
	assert_int_equal(strchr(jsonl, '\n') - jsonl + 1, (long)strlen(jsonl));
	free(jsonl);

	/* each export is one audit record */
	assert_int_equal(audit_records(), before + 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_refusals),
	        cmocka_unit_test(test_into_a_stream),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
