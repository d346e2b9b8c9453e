/* cmd-export.c - parley export: persons to CSV, JSON Lines or XLSX, audited */
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "banned.h"

static int export_format(struct ctx *c, const char *path, enum pl_format *out)
{
	const char *name = opt_get(c, "format");
	int f;
	if (name) {
		if (!strcmp(name, "csv"))
			*out = PL_FMT_CSV;
		else if (!strcmp(name, "jsonl") || !strcmp(name, "ndjson"))
			*out = PL_FMT_JSONL;
		else if (!strcmp(name, "xlsx"))
			*out = PL_FMT_XLSX;
		else
			return usage_error(c, "--format: '%s' is not csv, jsonl or xlsx", name);
		return 0;
	}
	if (!strcmp(path, "-")) {
		*out = PL_FMT_CSV;
		return 0;
	}
	f = pl_format_from_name(path);
	if (f < 0)
		return usage_error(c,
		                   "export: cannot tell the format of %s from its name: give "
		                   "--format csv|jsonl|xlsx",
		                   path);
	*out = (enum pl_format)f;
	return 0;
}

static int run_export(struct ctx *c)
{
	const char *path = c->a.pos[0];
	struct pl_person_filter f;
	enum pl_format format = PL_FMT_CSV;
	struct stat st;
	long n = 0;
	int rc, to_stdout = !strcmp(path, "-");

	if (export_format(c, path, &format) || (rc = person_filter_from_opts(c, &f)))
		return PL_EUSAGE;
	if (format == PL_FMT_XLSX && to_stdout)
		return usage_error(c,
		                   "export: xlsx is not written to standard output: name a file");
	if (!to_stdout && lstat(path, &st) == 0 && !opt_has(c, "force"))
		return usage_error(c, "export: %s exists: give --force to replace it", path);
	if ((rc = pl_export(c->db, c->actor, &f, format, path, to_stdout ? stdout : NULL, &n,
	                    &c->err)))
		return rc;
	if (!to_stdout)
		fprintf(stderr,
		        Q_("exported %ld person to %s\n", "exported %ld persons to %s\n", n), n,
		        path);
	return 0;
}

static const struct opt export_opts[] = {
        {.name = "format",
         .arg = "FORMAT",
         .help = "csv, jsonl or xlsx (default: from the file's name; csv for -)",
         .values = V_TOKENS("csv", "jsonl", "xlsx")},
        {.name = "force", .help = "replace FILE when it exists"},
        PERSON_FILTER_OPTS,
        {.name = NULL},
};

const struct command cmd_export[] = {
        {.name = "export",
         .usage = "FILE|- [--format csv|jsonl|xlsx] [--force] [filters]",
         .summary = "write the persons that match the filters to CSV, JSON Lines or XLSX "
                    "(audited)",
         .description =
                 "Writes the persons that match the filters (those of `parley person list`) to "
                 "FILE, or to standard output for `-`, as CSV with a header, JSON Lines or an "
                 "XLSX workbook, with the columns of an import file (docs/import.md). The "
                 "format is `--format`, else the file's extension (.csv, .jsonl, .ndjson, "
                 ".xlsx); XLSX is not written to standard output. A FILE that exists is "
                 "replaced only with `--force`. Cells that a spreadsheet would run as formulas "
                 "are neutralised. The export is recorded in the audit trail with its filter "
                 "and the number of persons. Registrars and heads.",
         .examples = "parley export confirmed.xlsx --status confirmed\n"
                     "parley export - --side detainee --format jsonl",
         .flags = CMD_DB | CMD_ACTOR | CMD_PROGRESS,
         .min_pos = 1,
         .max_pos = 1,
         .opts = export_opts,
         .args = {V_FILE},
         .run = run_export},
        {.name = NULL},
};
