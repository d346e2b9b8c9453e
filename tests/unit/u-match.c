/* u-match.c - reading lists to match: dates as lists write them, columns, bad rows */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
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
	char last[512];
};

static void diag(void *ctx, const char *file, long line, const char *column, const char *reason)
{
	struct diags *d = ctx;
	d->n++;
	snprintf(d->last, sizeof(d->last), "%s:%ld:%s: %s", file, line, column ? column : "",
	         reason);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_dates),
	        cmocka_unit_test(test_read),
	        cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
