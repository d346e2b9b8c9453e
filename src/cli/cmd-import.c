/* cmd-import.c - parley import: persons from CSV or JSON Lines, all or nothing */
#include <errno.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

/* FILE:LINE:COLUMN: reason, on stderr; a report with no line is printed as it is. */
static void print_diag(void *ctx, const char *file, long line, const char *column,
                       const char *reason)
{
	(void)ctx;
	if (line <= 0)
		fprintf(stderr, "%s\n", reason);
	else if (!column)
		fprintf(stderr, "%s:%ld: %s\n", file, line, reason);
	else
		fprintf(stderr, "%s:%ld:%s: %s\n", file, line, column, reason);
}

/* The format of --format, or of the file's name. */
static int import_format(struct ctx *c, const char *path, enum pl_format *out)
{
	const char *name = opt_get(c, "format");
	int f;
	if (name) {
		if (!strcmp(name, "csv"))
			*out = PL_FMT_CSV;
		else if (!strcmp(name, "jsonl") || !strcmp(name, "ndjson"))
			*out = PL_FMT_JSONL;
		else
			return usage_error(c, "--format: '%s' is not csv or jsonl", name);
		return 0;
	}
	if (!strcmp(path, "-"))
		return usage_error(c, "import: say what standard input holds: --format csv|jsonl");
	f = pl_format_from_name(path);
	if (f == PL_FMT_XLSX)
		return usage_error(c, "import: %s: xlsx is not read: save the sheet as CSV (UTF-8)",
		                   path);
	if (f < 0)
		return usage_error(c,
		                   "import: cannot tell the format of %s from its name: give "
		                   "--format csv|jsonl",
		                   path);
	*out = (enum pl_format)f;
	return 0;
}

static int run_import(struct ctx *c)
{
	const char *path = c->a.pos[0];
	struct pl_import_opts o = {0};
	struct pl_import_result res = {0};
	FILE *in;
	int rc;

	if (import_format(c, path, &o.format) || opt_long(c, "max-errors", 100, &o.max_errors))
		return PL_EUSAGE;
	o.label = strcmp(path, "-") ? path : "<stdin>";
	o.source = opt_get(c, "source");
	o.dry_run = opt_has(c, "dry-run");
	in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in)
		return pl_error_set(&c->err, errno == ENOENT ? PL_ENOTFOUND : PL_EDATA, "%s: %s",
		                    path, strerror(errno));
	rc = pl_import(c->db, &c->actor, in, &o, print_diag, NULL, &res, &c->err);
	if (in != stdin)
		fclose(in);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:I, s:I, s:I, s:b}", "rows", (json_int_t)res.rows, "added",
		                      (json_int_t)res.added, "updated", (json_int_t)res.updated,
		                      "dry_run", o.dry_run);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	if (o.dry_run)
		printf("%ld row%s valid, nothing written\n", res.rows, res.rows == 1 ? "" : "s");
	else
		printf("imported %ld row%s: %ld added, %ld updated\n", res.rows,
		       res.rows == 1 ? "" : "s", res.added, res.updated);
	return 0;
}

static const struct opt import_opts[] = {
        {"format", "FORMAT", 0, "csv or jsonl (default: from the file's name)", 0},
        {"source", "NAME", 0, "source of rows that name none (matched with external_id)", 0},
        {"dry-run", NULL, 0, "check every row, write nothing", 0},
        {"max-errors", "N", 0, "report at most N errors (default 100)", 0},
        {NULL, NULL, 0, NULL, 0},
};

const struct command cmd_import[] = {
        {"import", "FILE|- [--format csv|jsonl] [--source NAME] [--dry-run] [--max-errors N]",
         "add or update persons from CSV or JSON Lines, all or nothing (docs/import.md)",
         CMD_DB | CMD_ACTOR, 0, 1, 1, import_opts, run_import},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
