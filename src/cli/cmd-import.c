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
