/* cmd-family.c - parley relative add|list and inquiry add|list: the liaison's desk */
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

struct rows {
	struct ctx *c;
	struct json_stream js;
	long n;
};

static int row_one(void *ctx, const struct pl_record *r)
{
	struct rows *l = ctx;
	l->n++;
	if (l->c->json) {
		json_t *o = record_json(r);
		if (!o)
			return pl_error_set(&l->c->err, PL_EDATA, "out of memory");
		json_stream_item(&l->js, o);
		return 0;
	}
	printf("#%lld  %s\n", r->id, pl_record_get(r, "person_ref"));
	print_record(r, "    ");
	return 0;
}

typedef int (*list_fn)(struct pl_db *, const struct pl_actor *, const char *, pl_record_cb, void *,
                       struct pl_error *);

static int list(struct ctx *c, list_fn fn, const char *what)
{
	struct rows l = {c, {0}, 0};
	int rc;
	if (c->json)
		json_stream_begin(&l.js);
	rc = fn(c->db, c->actor, c->a.npos ? c->a.pos[0] : NULL, row_one, &l, &c->err);
	if (rc)
		return rc;
	if (c->json)
		json_stream_end(&l.js);
	else if (!strcmp(what, "relatives"))
		printf(Q_("(%ld relative)\n", "(%ld relatives)\n", l.n), l.n);
	else
		printf(Q_("(%ld inquiry)\n", "(%ld inquiries)\n", l.n), l.n);
	return 0;
}

static int print_added(struct ctx *c, const char *what, long long id)
{
	if (c->json) {
		json_t *j = json_pack("{s:s, s:I}", "ref", c->a.pos[0], "id", (json_int_t)id);
		int rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(strcmp(what, "relative") ? _("inquiry #%lld recorded for %s\n")
	                                : _("relative #%lld recorded for %s\n"),
	       id, c->a.pos[0]);
	return 0;
}

static int run_relative_add(struct ctx *c)
{
	long long id;
	int rc = pl_relative_add(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &id, &c->err);
	return rc ? rc : print_added(c, "relative", id);
}

static int run_relative_list(struct ctx *c)
{
	return list(c, pl_relative_list, "relatives");
}

static int run_inquiry_add(struct ctx *c)
{
	long long id;
	int rc = pl_inquiry_add(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &id, &c->err);
	return rc ? rc : print_added(c, "inquiry", id);
}

static int run_inquiry_list(struct ctx *c)
{
	return list(c, pl_inquiry_list, "inquiries");
}

#define DBA (CMD_DB | CMD_ACTOR)

const struct command cmd_relative[] = {
        {.name = "relative add",
         .usage = "REF --name NAME --relation RELATION [--FIELD VALUE...]",
         .summary = "record a relative of a person",
         .description =
                 "Records a relative of the person REF: their name and relation, how to reach "
                 "them, the language to speak with them, who verified the family link and how. "
                 "`--safety yes` with `--safety-channel` marks a relative whom contact could "
                 "endanger and the only channel to use. The contacts are restricted: only the "
                 "liaison sees them (docs/permissions.md). Prints the relative's number, which "
                 "`parley inquiry add --relative-id` takes. Liaisons only.",
         .examples = "parley --as taras relative add U-000001 --name \"Марія Ковальова\" "
                     "--relation wife --contacts \"+380 67 123 45 67\" --verified-by Петренко "
                     "--verified-how \"свідоцтво про шлюб\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_RELATIVE,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_relative_add},
        {.name = "relative list",
         .usage = "[REF]",
         .summary = "list relatives (of one person, or all)",
         .description = "Lists the relatives of the person REF, or of every person: each "
                        "relative's number and person, then their fields; values the role may "
                        "not see are shown as [restricted]; `--json` an array. Liaisons and "
                        "heads.",
         .examples = "parley --as taras relative list U-000001",
         .flags = DBA,
         .max_pos = 1,
         .run = run_relative_list},
        {.name = NULL},
};

const struct command cmd_inquiry[] = {
        {.name = "inquiry add",
         .usage = "REF --channel CHANNEL --question TEXT [--FIELD VALUE...]",
         .summary = "record a contact of a family with the office",
         .description =
                 "Records that a family reached the office about the person REF: how "
                 "(`--channel`), what they asked and what they were told, who answered, which "
                 "relative asked (`--relative-id`, the number `parley relative add` printed) and "
                 "when (`--date`, today when left out). Prints the inquiry's number. Liaisons "
                 "only.",
         .examples = "parley --as taras inquiry add U-000001 --relative-id 1 --channel hotline "
                     "--question \"Чи є новини?\" --answer \"Факт полону підтверджено МКЧХ\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_INQUIRY,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_inquiry_add},
        {.name = "inquiry list",
         .usage = "[REF]",
         .summary = "list inquiries (about one person, or all)",
         .description = "Lists the inquiries about the person REF, or about every person: each "
                        "inquiry's number and person, then its fields; `--json` an array. "
                        "Liaisons and heads.",
         .examples = "parley --as taras inquiry list U-000001 --json",
         .flags = DBA,
         .max_pos = 1,
         .run = run_inquiry_list},
        {.name = NULL},
};
