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
        {"format", "FORMAT", 0, "csv, jsonl or xlsx (default: from the file's name; csv for -)", 0},
        {"force", NULL, 0, "replace FILE when it exists", 0},
        PERSON_FILTER_OPTS,
        {NULL, NULL, 0, NULL, 0},
};

const struct command cmd_export[] = {
        {"export", "FILE|- [--format csv|jsonl|xlsx] [--force] [filters]",
         "write the persons that match the filters to CSV, JSON Lines or XLSX (audited)",
         CMD_DB | CMD_ACTOR, 0, 1, 1, export_opts, run_export},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
