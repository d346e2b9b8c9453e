/* u-match.c - reading lists to match: dates as lists write them, columns, bad rows */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parley/match.h"

static void test_dates(void **state)
{
	static const struct {
		const char *in, *out;
	} ok[] = {
	        {"1990-05-14", "1990-05-14"}, {"14.05.1990", "1990-05-14"},
	        {"4.5.1990", "1990-05-04"},   {"05.1990", "1990-05"},
	        {"1990-05", "1990-05"},       {"1990", "1990"},
	        {"29.02.2000", "2000-02-29"}, {"14/05/1990", "1990-05-14"},
	};
	static const char *const bad[] = {"",           "31.02.1990", "29.02.1900", "1990-13",
	                                  "14.05.90",   "1899",       "2101",       "1990-5-1x",
	                                  "14.05-1990", "14..1990",   "12345",      "1990-05-14-1",
	                                  " 1990",      "00.05.1990", "14.00.1990"};
	char d[11];
	(void)state;
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		assert_int_equal(pl_match_parse_date(ok[i].in, d), 0);
		assert_string_equal(d, ok[i].out);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (pl_match_parse_date(bad[i], d) != -1)
			fail_msg("'%s' was taken as a date: %s", bad[i], d);
}

struct diags {
	int n;
	char first[512], last[512];
};

static void diag(void *ctx, const char *file, long line, const char *column, const char *reason)
{
	struct diags *d = ctx;
	d->n++;
	snprintf(d->last, sizeof(d->last), "%s:%ld:%s: %s", file, line, column ? column : "",
	         reason);
	if (d->n == 1)
		memcpy(d->first, d->last, sizeof(d->first));
}

static int read_text(const char *text, enum pl_format fmt, struct pl_match_row **rows, size_t *n,
                     struct diags *d)
{
	struct pl_match_read_opts o = {fmt, "l", 0};
	struct pl_error err = {0};
	FILE *in = fmemopen((void *)text, strlen(text), "r");
	int rc;
	assert_non_null(in);
	memset(d, 0, sizeof(*d));
	rc = pl_match_read(in, &o, diag, d, rows, n, &err);
	fclose(in);
	return rc;
}

static void test_read(void **state)
{
	struct pl_match_row *rows = NULL;
	struct diags d;
	size_t n = 0;
	(void)state;
	/* unknown columns are read past, values trimmed, empty values not given */
	assert_int_equal(read_text("row,rank,family_name,given_name,birth_date,unit\n"
	                           "1,сержант, КОВАЛЁВ ,Сергей,14.05.1990,\n"
	                           "2,,Лях,,,\"3 полк, 2 рота\"\n",
	                           PL_FMT_CSV, &rows, &n, &d),
	                 0);
	assert_int_equal(n, 2);
	assert_string_equal(rows[0].family, "КОВАЛЁВ");
	assert_string_equal(rows[0].birth_date, "14.05.1990");
	assert_null(rows[0].unit);
	assert_null(rows[1].given);
	assert_string_equal(rows[1].unit, "3 полк, 2 рота");
	assert_int_equal(rows[1].row, 2);
	assert_int_equal(rows[1].line, 3);
	pl_match_rows_free(rows, n);

	assert_int_equal(read_text("{\"family_name\":\"Лях\",\"patronymic\":null}\n\n"
	                           "{\"family_name\":\"Коваль\",\"birth_date\":\"1990\"}",
	                           PL_FMT_JSONL, &rows, &n, &d),
	                 0);
	assert_int_equal(n, 2);
	assert_int_equal(rows[1].line, 3);
	pl_match_rows_free(rows, n);
}

static void test_refused(void **state)
{
	struct pl_match_row *rows = NULL;
	struct diags d;
	size_t n = 0;
	(void)state;
	assert_int_equal(read_text("family_name,birth_date\nКоваль,1990\nЛях,31.02.1990\n",
	                           PL_FMT_CSV, &rows, &n, &d),
	                 PL_EDATA);
	assert_int_equal(d.n, 1);
	assert_non_null(strstr(d.last, "l:3:birth_date: '31.02.1990' is not a date"));
	assert_null(rows);

	assert_int_equal(read_text("given_name\nІван\n", PL_FMT_CSV, &rows, &n, &d), PL_EDATA);
	assert_non_null(strstr(d.last, "no family_name column"));
	assert_int_equal(read_text("family_name,given_name\n,Іван\n", PL_FMT_CSV, &rows, &n, &d),
	                 PL_EDATA);
	assert_non_null(strstr(d.last, "l:2:family_name: no family name"));
	assert_int_equal(read_text("family_name,family_name\nА,Б\n", PL_FMT_CSV, &rows, &n, &d),
	                 PL_EDATA);
	assert_non_null(strstr(d.last, "given twice"));
	assert_int_equal(read_text("family_name\nА,Б\n", PL_FMT_CSV, &rows, &n, &d), PL_EDATA);
	assert_non_null(strstr(d.last, "2 fields, the header has 1"));
	assert_int_equal(read_text("", PL_FMT_CSV, &rows, &n, &d), PL_EDATA);
	assert_non_null(strstr(d.last, "the file is empty"));
	assert_int_equal(read_text("[1]\n", PL_FMT_JSONL, &rows, &n, &d), PL_EDATA);
	assert_non_null(strstr(d.last, "not a JSON object"));
	assert_int_equal(read_text("{\"family_name\":\"a\",\"family_name\":\"b\"}\n", PL_FMT_JSONL,
	                           &rows, &n, &d),
	                 PL_EDATA);
	assert_int_equal(d.n, 1);
}

static int read_bytes(const char *text, size_t len, enum pl_format fmt, size_t max_rows,
                      struct pl_match_row **rows, size_t *n, struct diags *d)
{
	struct pl_match_read_opts o = {fmt, "l", max_rows};
	struct pl_error err = {0};
	FILE *in = fmemopen((void *)text, len, "r");
	int rc;
	assert_non_null(in);
	memset(d, 0, sizeof(*d));
	rc = pl_match_read(in, &o, diag, d, rows, n, &err);
	fclose(in);
	return rc;
}

/* A list's values are read as the registry's are: quoted spaces trimmed, a byte order
 * mark read past, a list without a label called "list". */
static void test_read_as_written(void **state)
{
	static const char bom_jsonl[] = "\xEF\xBB\xBF{\"family_name\":\"Лях\"}\n";
	struct pl_match_row *rows = NULL;
	struct diags d;
	struct pl_error err = {0};
	size_t n = 0;
	FILE *in;
	(void)state;
	assert_int_equal(read_text(" family_name,given_name\n\"  Коваль\t\",\"Іван \t\"\n",
	                           PL_FMT_CSV, &rows, &n, &d),
	                 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].family, "Коваль");
	assert_string_equal(rows[0].given, "Іван");
	pl_match_rows_free(rows, n);
	assert_int_equal(read_text(bom_jsonl, PL_FMT_JSONL, &rows, &n, &d), 0);
	assert_int_equal(n, 1);
	assert_string_equal(rows[0].family, "Лях");
	pl_match_rows_free(rows, n);
	/* no options: CSV, "list" */
	in = fmemopen((void *)"family_name\nЛях\nКоваль,x\n", 24, "r");
	assert_non_null(in);
	memset(&d, 0, sizeof(d));
	assert_int_equal(pl_match_read(in, NULL, diag, &d, &rows, &n, &err), PL_EDATA);
	fclose(in);
	assert_non_null(strstr(d.last, "list:3:"));
	/* a label left out is "list" too; a format no list comes in is refused */
	{
		struct pl_match_read_opts o = {PL_FMT_JSONL, NULL, 0};
		in = fmemopen((void *)"{\"family_name\":1}\n", 18, "r");
		assert_non_null(in);
		assert_int_equal(pl_match_read(in, &o, diag, &d, &rows, &n, &err), PL_EDATA);
		assert_non_null(strstr(d.last, "list:1:family_name: not a string"));
		o.format = PL_FMT_XLSX;
		assert_int_equal(pl_match_read(in, &o, diag, &d, &rows, &n, &err), PL_EUSAGE);
		assert_non_null(strstr(err.msg, "CSV or JSON Lines"));
		fclose(in);
	}
}

/* What a list may not be, each refused naming the line (kcgi's invalids[]). */
static void test_read_limits(void **state)
{
	static const struct {
		enum pl_format fmt;
		const char *text;
		size_t len; /* 0: strlen */
		size_t max_rows;
		const char *want;
	} invalids[] = {
	        {PL_FMT_CSV, "family_name\nА\nБ\nВ\n", 0, 2, "l:4:: more than 2 rows"},
	        {PL_FMT_CSV, "family_name\nА\0Б\n", 16, 0, "l:2:: a NUL byte in a field"},
	        {PL_FMT_JSONL, "{\"family_name\":\"А\\u0000Б\"}\n", 0, 0,
	         "l:1:: not JSON: \\u0000 is not allowed"},
	        {PL_FMT_JSONL, "{\"family_name\":\"А\"}\n{\"family_name\":\"Б\"\n", 0, 0,
	         "l:2:: not JSON"},
	};
	struct pl_match_row *rows = NULL;
	struct diags d;
	size_t n = 0;
	char *big;
	(void)state;
	for (size_t i = 0; i < sizeof(invalids) / sizeof(invalids[0]); i++) {
		size_t len = invalids[i].len ? invalids[i].len : strlen(invalids[i].text);
		int rc = read_bytes(invalids[i].text, len, invalids[i].fmt, invalids[i].max_rows,
		                    &rows, &n, &d);
		if (rc != PL_EDATA || !strstr(d.first, invalids[i].want))
			fail_msg("invalids[%zu]: %d, '%s', wanted '%s'", i, rc, d.first,
			         invalids[i].want);
		assert_null(rows);
	}

	/* more than 64 columns */
	big = malloc(2 * 1024 * 1024 + 64);
	assert_non_null(big);
	{
		size_t at = (size_t)snprintf(big, 64, "family_name");
		for (int c = 0; c < 70; c++)
			at += (size_t)snprintf(big + at, 64, ",c%d", c);
		snprintf(big + at, 64, "\nА\n");
		assert_int_equal(read_text(big, PL_FMT_CSV, &rows, &n, &d), PL_EDATA);
		assert_non_null(strstr(d.first, "l:1:: more than 64 columns"));
	}
	/* a value longer than a name can be; a line longer than 1 MiB, in both formats */
	memset(big, 'a', 2 * 1024 * 1024);
	memcpy(big, "family_name\n", 12);
	big[12 + 5000] = '\n';
	big[12 + 5001] = '\0';
	assert_int_equal(read_text(big, PL_FMT_CSV, &rows, &n, &d), PL_EDATA);
	assert_non_null(strstr(d.last, "l:2:family_name: longer than"));
	memset(big + 12, 'a', 5002);
	big[12 + 1024 * 1024 + 10] = '\n';
	big[12 + 1024 * 1024 + 11] = '\0';
	assert_int_equal(read_text(big, PL_FMT_CSV, &rows, &n, &d), PL_EDATA);
	assert_non_null(strstr(d.last, "l:2:: line longer than 1 MiB"));
	memcpy(big, "{\"family_name\":\"", 16);
	assert_int_equal(read_text(big, PL_FMT_JSONL, &rows, &n, &d), PL_EDATA);
	assert_non_null(strstr(d.last, "l:1:: line longer than 1 MiB"));
	free(big);

	/* a list wrong on every line: the first errors are told, then the reader stops */
	{
		char many[4096];
		size_t at = (size_t)snprintf(many, sizeof(many), "family_name,birth_date\n");
		for (int i = 0; i < 200; i++)
			at += (size_t)snprintf(many + at, sizeof(many) - at, "А,1990-13-%02d\n",
			                       i % 28 + 1);
		assert_int_equal(read_text(many, PL_FMT_CSV, &rows, &n, &d), PL_EDATA);
		assert_true(d.n > 1 && d.n < 200);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_dates),       cmocka_unit_test(test_read),
	        cmocka_unit_test(test_refused),     cmocka_unit_test(test_read_as_written),
	        cmocka_unit_test(test_read_limits),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
