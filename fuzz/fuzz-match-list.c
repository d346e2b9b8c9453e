/* fuzz-match-list.c - libFuzzer: reading a list to match (CSV or JSON Lines), on any bytes
 *
 * The first byte chooses the format. Never crashes or leaks; a list read has rows
 * numbered 1..n, a family name in each, valid UTF-8 in every value, and birth dates
 * that pl_match_parse_date takes; a refused list reports at least one problem.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/match.h"
#include "parley/text.h"
#include "../src/lib/core/banned.h"

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x)) {                                                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x);      \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

static void diag(void *ctx, const char *file, long line, const char *column, const char *reason)
{
	(void)file;
	(void)column;
	CHECK(line >= 1 && reason && *reason);
	++*(long *)ctx;
}

static void check_value(const char *v)
{
	if (v)
		CHECK(*v && pl_utf8_valid(v, strlen(v), NULL));
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Nothing to set up; replay.c (builds without libFuzzer) calls it. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pl_match_read_opts o = {PL_FMT_CSV, "fuzz", 1000};
	struct pl_match_row *rows = NULL;
	struct pl_error err = {0};
	size_t n = 0;
	long problems = 0;
	FILE *in;
	int rc;
	if (!size)
		return 0;
	o.format = data[0] & 1 ? PL_FMT_JSONL : PL_FMT_CSV;
	if (!(in = fmemopen((void *)(data + 1), size - 1 ? size - 1 : 1, "rb")))
		return 0;
	if (size == 1)
		fgetc(in); /* an empty file */
	rc = pl_match_read(in, &o, diag, &problems, &rows, &n, &err);
	fclose(in);
	if (rc) {
		CHECK(rc == PL_EDATA && (problems > 0 || strstr(err.msg, "memory")));
		return 0;
	}
	CHECK(problems == 0);
	for (size_t i = 0; i < n; i++) {
		char d[11];
		CHECK(rows[i].row == (long)i + 1 && rows[i].line >= 1);
		CHECK(rows[i].family != NULL);
		check_value(rows[i].family);
		check_value(rows[i].given);
		check_value(rows[i].patronymic);
		check_value(rows[i].unit);
		check_value(rows[i].birth_date);
		if (rows[i].birth_date)
			CHECK(pl_match_parse_date(rows[i].birth_date, d) == 0);
	}
	pl_match_rows_free(rows, n);
	return 0;
}
