/* cmd-report.c - parley report: the statistics of exchanges as a PDF with charts */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "banned.h"

static int run_report(struct ctx *c)
{
	const char *path = opt_get(c, "pdf");
	struct pl_xstats_opts o = {.as_of = opt_get(c, "as-of"), .lang = cli_lang};
	struct pl_xstats x;
	struct stat st;
	char title[600];
	int pages = 0, rc;

	if (!*path)
		return usage_error(c, "report: --pdf needs a file name");
	if (!strcmp(path, "-"))
		return usage_error(c,
		                   "report: a PDF is not written to standard output: name a file");
	if (lstat(path, &st) == 0) {
		if (!S_ISREG(st.st_mode))
			return usage_error(c, "report: %s exists and is no regular file", path);
		if (!opt_has(c, "force"))
			return usage_error(c, "report: %s exists: give --force to replace it",
			                   path);
	}
	if ((rc = pl_xstats_compute(c->db, c->actor, &o, &x, &c->err)))
		return rc;
	snprintf(title, sizeof(title), "%s", c->db_path);
	rc = pl_xstats_pdf(&x, cli_lang, title, path, &pages, &c->err);
	pl_xstats_release(&x);
	if (rc)
		return rc;
	fprintf(stderr,
	        Q_("report written to %s: %d page\n", "report written to %s: %d pages\n", pages),
	        path, pages);
	return 0;
}

static const struct opt report_opts[] = {
        {.name = "pdf", .arg = "FILE", .help = "the PDF to write", .required = 1, .values = V_FILE},
        {.name = "force", .help = "replace FILE when it exists"},
        {.name = "as-of",
         .arg = "DATE",
         .help = "the day times in captivity are counted to (YYYY-MM-DD; default today)"},
        {.name = NULL},
};

const struct command cmd_report[] = {
        {.name = "report",
         .usage = "--pdf FILE [--force] [--as-of DATE]",
         .summary = "the statistics of exchanges as a PDF report with charts",
         .description =
                 "Writes the statistics of exchanges (those of `parley stats exchanges`; "
                 "docs/exchanges.md, Statistics) to FILE as a PDF on A4 pages, in the language "
                 "of the messages (Ukrainian under LANG=uk_UA.UTF-8): persons returned and "
                 "exchanges by month as bars, agreed against delivered per exchange, time in "
                 "captivity, persons by mediator, the share returned by attribute, the odds "
                 "ratios of the logistic model with their 95% intervals, and every table beside "
                 "its chart. Text is set in DejaVu Sans (fonts-dejavu-core), so Cyrillic is "
                 "right. The file is written under a temporary name and renamed when complete: a "
                 "failed report leaves nothing behind. A FILE that exists is replaced only with "
                 "`--force`. A role that sees counts only sees the report as it sees the tables: "
                 "no cell of fewer than 5 persons. Registrars, negotiators, analysts and heads.",
         .examples = "parley report --pdf exchanges.pdf\n"
                     "LANG=uk_UA.UTF-8 parley report --pdf обміни.pdf --force",
         .flags = CMD_DB | CMD_ACTOR,
         .max_pos = 0,
         .opts = report_opts,
         .run = run_report},
        {.name = NULL},
};
