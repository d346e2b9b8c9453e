/* cmd-import.c - parley import: persons from CSV or JSON Lines, all or nothing */
#include <errno.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

static int run_import(struct ctx *c)
{
	const char *path = c->a.pos[0];
	struct pl_import_opts o = {0};
	struct pl_import_result res = {0};
	FILE *in;
	int rc;

	if (file_format(c, "import", path, &o.format) ||
	    opt_long(c, "max-errors", 100, &o.max_errors))
		return PL_EUSAGE;
	o.label = strcmp(path, "-") ? path : "<stdin>";
	o.source = opt_get(c, "source");
	o.dry_run = opt_has(c, "dry-run");
	in = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!in)
		return pl_error_set(&c->err, errno == ENOENT ? PL_ENOTFOUND : PL_EDATA, "%s: %s",
		                    path, strerror(errno));
	rc = pl_import(c->db, c->actor, in, &o, print_diag, NULL, &res, &c->err);
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
		printf(Q_("%ld row valid, nothing written\n", "%ld rows valid, nothing written\n",
		          res.rows),
		       res.rows);
	else
		printf(Q_("imported %ld row: %ld added, %ld updated\n",
		          "imported %ld rows: %ld added, %ld updated\n", res.rows),
		       res.rows, res.added, res.updated);
	return 0;
}

static const struct opt import_opts[] = {
        {.name = "format",
         .arg = "FORMAT",
         .help = "csv or jsonl (default: from the file's name)",
         .values = V_TOKENS("csv", "jsonl")},
        {.name = "source",
         .arg = "NAME",
         .help = "source of rows that name none (matched with external_id)"},
        {.name = "dry-run", .help = "check every row, write nothing"},
        {.name = "max-errors", .arg = "N", .help = "report at most N errors (default 100)"},
        {.name = NULL},
};

const struct command cmd_import[] = {
        {.name = "import",
         .usage = "FILE|- [--format csv|jsonl] [--source NAME] [--dry-run] [--max-errors N]",
         .summary = "add or update persons from CSV or JSON Lines, all or nothing "
                    "(docs/import.md)",
         .description =
                 "Imports persons from FILE (or standard input for `-`): CSV with a header row "
                 "of field names, or JSON Lines, one object a line; the format is `--format` "
                 "(which standard "
                 "input needs), else the file's extension (.csv; .jsonl or .ndjson). The columns "
                 "are the fields of `parley person add` "
                 "(docs/import.md, docs/values.md). All or nothing: every bad row is reported "
                 "as FILE:LINE:COLUMN: reason, with the physical line, and then nothing is "
                 "written and the exit status is 1. A row with the source and external_id of a "
                 "known person updates that person; `--source` gives the source of rows that "
                 "name none. `--dry-run` checks every row the same way and writes nothing. Prints "
                 "how many "
                 "rows were added and updated. Registrars and heads.",
         .examples = "parley import list.csv --dry-run  # validates only\n"
                     "parley import list.csv --source icrc-2026-11  # all or nothing",
         .flags = CMD_DB | CMD_ACTOR | CMD_PROGRESS,
         .min_pos = 1,
         .max_pos = 1,
         .opts = import_opts,
         .args = {V_FILE},
         .run = run_import},
        {.name = NULL},
};
