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

static const struct opt no_opts[] = {{NULL, NULL, 0, NULL, 0}};

#define DBA (CMD_DB | CMD_ACTOR)

const struct command cmd_relative[] = {
        {"relative add", "REF --name NAME --relation RELATION [--FIELD VALUE...]",
         "record a relative of a person", DBA | CMD_FIELDS, PL_ENT_RELATIVE, 1, 1, no_opts,
         run_relative_add},
        {"relative list", "[REF]", "list relatives (of one person, or all)", DBA, 0, 0, 1, no_opts,
         run_relative_list},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};

const struct command cmd_inquiry[] = {
        {"inquiry add", "REF --channel CHANNEL --question TEXT [--FIELD VALUE...]",
         "record a contact of a family with the office", DBA | CMD_FIELDS, PL_ENT_INQUIRY, 1, 1,
         no_opts, run_inquiry_add},
        {"inquiry list", "[REF]", "list inquiries (about one person, or all)", DBA, 0, 0, 1,
         no_opts, run_inquiry_list},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
