/* cmd-briefing.c - parley briefing: what a negotiator takes into a session, on the screen,
 * as JSON, or as a PDF of one to three pages (the library's pl_briefing*) */
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

static int line_one(void *ctx, enum pl_brief_line kind, enum pl_briefing_section s,
                    const char *text)
{
	(void)ctx;
	(void)s;
	switch (kind) {
	case PL_BL_TITLE:
		printf("%s\n", text);
		break;
	case PL_BL_SUB:
		printf("%s\n", text);
		break;
	case PL_BL_HEADING:
		printf("\n%s\n", text);
		break;
	case PL_BL_ITEM:
		printf("  - %s\n", text);
		break;
	case PL_BL_DETAIL:
		printf("      %s\n", text);
		break;
	case PL_BL_EMPTY:
		printf("  %s\n", text);
		break;
	}
	return 0;
}

static const char *const section_keys[PL_BRIEF__MAX] = {
        [PL_BRIEF_SESSION] = "session",      [PL_BRIEF_NEGOTIATION] = "negotiation",
        [PL_BRIEF_OPENING] = "opening",      [PL_BRIEF_POSITION] = "positions",
        [PL_BRIEF_UNTRUTH] = "untruths",     [PL_BRIEF_PROMISE] = "promises",
        [PL_BRIEF_PROFILE] = "counterparts", [PL_BRIEF_CHANGE] = "changes",
};

struct brief_json {
	struct ctx *c;
	json_t *o;
};

static int json_one(void *ctx, enum pl_briefing_section s, const struct pl_record *r)
{
	struct brief_json *b = ctx;
	json_t *v = record_json(r);
	if (!v)
		return pl_error_set(&b->c->err, PL_EDATA, "out of memory");
	if (s == PL_BRIEF_SESSION || s == PL_BRIEF_NEGOTIATION)
		return json_object_set_new(b->o, section_keys[s], v)
		               ? pl_error_set(&b->c->err, PL_EDATA, "out of memory")
		               : 0;
	if (json_array_append_new(json_object_get(b->o, section_keys[s]), v))
		return pl_error_set(&b->c->err, PL_EDATA, "out of memory");
	return 0;
}

static int run_briefing(struct ctx *c)
{
	const char *pdf = opt_get(c, "pdf");
	int rc;
	if (pdf) {
		struct stat st;
		int pages = 0;
		if (lstat(pdf, &st) == 0 && !opt_has(c, "force"))
			return usage_error(c, "briefing: %s exists: give --force to replace it",
			                   pdf);
		if ((rc = pl_briefing_pdf(c->db, c->actor, c->a.pos[0], pdf, opt_has(c, "force"),
		                          cli_lang, &pages, &c->err)))
			return rc;
		if (c->json) {
			json_t *j = json_pack("{s:s, s:s, s:i}", "session", c->a.pos[0], "file",
			                      pdf, "pages", pages);
			rc = print_json(j, 0);
			json_decref(j);
			return rc;
		}
		printf(Q_("%s: the briefing for %s, %d page\n",
		          "%s: the briefing for %s, %d pages\n", pages),
		       pdf, c->a.pos[0], pages);
		return 0;
	}
	if (opt_has(c, "force"))
		return usage_error(c, "briefing: --force replaces a --pdf file; there is none");
	if (c->json) {
		struct brief_json b = {c, json_object()};
		for (int s = PL_BRIEF_OPENING; b.o && s < PL_BRIEF__MAX; s++)
			if (json_object_set_new(b.o, section_keys[s], json_array()))
				rc = -1;
		if (!b.o)
			return pl_error_set(&c->err, PL_EDATA, "out of memory");
		rc = pl_briefing(c->db, c->actor, c->a.pos[0], json_one, &b, &c->err);
		if (!rc)
			rc = print_json(b.o, 1);
		json_decref(b.o);
		return rc;
	}
	return pl_briefing_lines(c->db, c->actor, c->a.pos[0], cli_lang, line_one, c, &c->err);
}

static const struct opt briefing_opts[] = {
        {.name = "pdf",
         .arg = "FILE",
         .help = "write the briefing as a PDF of one to three pages",
         .values = V_FILE},
        {.name = "force", .help = "replace the --pdf file if there is one"},
        {.name = NULL},
};

const struct command cmd_briefing[] = {
        {.name = "briefing",
         .usage = "SESSION [--pdf FILE [--force]]",
         .summary = "what a negotiator takes into a session",
         .description =
                 "The briefing for the session SESSION: its particulars and the negotiation's "
                 "preparation (objectives, walk-away point, the alternatives to no agreement), "
                 "the opening lines, our positions in force, every untruth of ours still "
                 "standing (until it is resolved: `parley statement resolve`), every open "
                 "promise of either side, overdue first, the latest profile of each "
                 "counterpart expected, and what changed since the previous round began: "
                 "positions set, changed or withdrawn, contradictions flagged, promises made, "
                 "kept or broken, untruths told or resolved, new profiles. A welfare note is "
                 "never on it. Reading the profiles is recorded in the audit trail.\n\n"
                 "`--pdf FILE` writes it as a PDF of one to three A4 pages, in the office's "
                 "language, whole or not at all; lists too long for three pages are cut, "
                 "saying how many entries more the text holds. Each print is recorded in the "
                 "audit trail. `--json`: one object, a key per section. Negotiators and heads.",
         .examples = "parley --as olena briefing S-0004\n"
                     "parley --as olena briefing S-0004 --pdf briefing-S-0004.pdf",
         .flags = CMD_DB | CMD_ACTOR,
         .min_pos = 1,
         .max_pos = 1,
         .opts = briefing_opts,
         .run = run_briefing},
        {.name = NULL},
};
