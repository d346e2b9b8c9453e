/* cmd-counterpart.c - parley counterpart, profile and incident: the other side's
 * negotiators, their MICE profiles (every read audited) and pressure incidents on families
 * (the counterparts part of negotiation.h) */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parley/negotiation.h"
#include "cli.h"
#include "banned.h"

#define DBA (CMD_DB | CMD_ACTOR)

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

/* label padded to the column print_record uses, then the value */
static void print_line(const char *indent, const char *label, const char *value)
{
	int w = term_width(label);
	fputs(indent, stdout);
	fputs(label, stdout);
	do
		putchar(' ');
	while (++w < 26);
	printf("%s\n", value);
}

/* The extras of a counterpart or an incident that are numbers, as numbers in JSON. */
static json_t *desk_json(const struct pl_record *r)
{
	static const char *const counts[] = {"statements", "promises_kept", "promises_broken"};
	json_t *o = record_json(r);
	const char *score = pl_record_get(r, "score");
	if (!o)
		return NULL;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		const char *v = pl_record_get(r, counts[i]);
		if (v && json_object_set_new(o, counts[i], json_integer(strtoll(v, NULL, 10))))
			goto fail;
	}
	if (score && json_object_set_new(o, "score", json_real(strtod(score, NULL))))
		goto fail;
	return o;
fail:
	json_decref(o);
	return NULL;
}

static int print_id(struct ctx *c, const char *what, const char *ref, long long id)
{
	if (c->json) {
		json_t *j = json_pack("{s:s?, s:I}", "ref", ref, "id", (json_int_t)id);
		int rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	if (ref)
		printf("%s #%lld (%s)\n", what, id, ref);
	else
		printf("%s #%lld\n", what, id);
	return 0;
}

/* --- a profile in text: the four dimensions as a table --- */

static const char *const mice[] = {"money", "ideology", "compromise", "ego"};

static const struct column mice_columns[] = {
        {N_("DIMENSION"), 14, COL_KEEPS},
        {N_("RATING"), 10, COL_KEEPS},
        {N_("CONFIDENCE"), 20, COL_KEEPS},
        {N_("GROUNDS"), 50, COL_SHRINKS},
};
#define MICE_COLS (int)(sizeof(mice_columns) / sizeof(mice_columns[0]))

static void print_profile(const struct pl_record *r, const char *indent)
{
	const struct pl_entity *e = r->ent;
	char date[32], head[200];
	int w[MICE_COLS], need[MICE_COLS] = {0};
	snprintf(head, sizeof(head), _("profile #%lld of %s, assessed %s by %s"), r->id,
	         or_empty(pl_record_get(r, "counterpart")),
	         date_text(pl_record_get(r, "assessed"), date, sizeof(date)),
	         or_empty(pl_record_get(r, "author")));
	printf("%s%s\n", indent, head);
	/* the four rows are all here: each column takes what its values need */
	for (int pass = 0; pass < 2; pass++) {
		if (pass) {
			table_fit(mice_columns, MICE_COLS, need, w);
			fputs(indent, stdout);
			table_heading(mice_columns, MICE_COLS, w);
		}
		for (size_t i = 0; i < sizeof(mice) / sizeof(mice[0]); i++) {
			char name[32], buf1[64], buf2[64];
			const char *cell[MICE_COLS];
			int fr = pl_field_index(e, mice[i]);
			snprintf(name, sizeof(name), "%s_confidence", mice[i]);
			int fc = pl_field_index(e, name);
			snprintf(name, sizeof(name), "%s_grounds", mice[i]);
			cell[0] = field_label(&e->fields[fr]);
			cell[1] = value_text(&e->fields[fr], r->v[fr], buf1, sizeof(buf1));
			cell[2] = value_text(&e->fields[fc], r->v[fc], buf2, sizeof(buf2));
			cell[3] = or_empty(pl_record_get(r, name));
			if (pass)
				fputs(indent, stdout);
			for (int k = 0; k < MICE_COLS; k++) {
				if (!pass && term_width(cell[k]) + 1 > need[k])
					need[k] = term_width(cell[k]) + 1;
				else if (pass)
					print_cell(cell[k], w[k]);
			}
			if (pass)
				putchar('\n');
		}
	}
	if (pl_record_get(r, "summary"))
		print_line(indent, field_label(&e->fields[pl_field_index(e, "summary")]),
		           pl_record_get(r, "summary"));
}

/* --- counterpart add, show, list, edit --- */

static int run_cadd(struct ctx *c)
{
	char ref[PL_NEG_REF_MAX];
	int rc = pl_counterpart_add(c->db, c->actor, c->a.kv, c->a.nkv, ref, &c->err);
	return rc ? rc : print_ref(c, ref);
}

/* The latest profile, kept for show (NULL: none). */
static int keep_profile(void *ctx, const struct pl_record *r)
{
	json_t **out = ctx;
	if (*out)
		return 0;
	return (*out = record_json(r)) ? 0 : PL_EDATA;
}

static int print_profile_cb(void *ctx, const struct pl_record *r)
{
	const char *indent = ctx;
	putchar('\n');
	print_profile(r, indent);
	return 0;
}

static int run_cshow(struct ctx *c)
{
	const char *ref = c->a.pos[0];
	struct pl_record r;
	/* the latest profile to who may read profiles: the read is audited */
	int profiles = pl_roles_may(pl_actor_roles(c->actor), PL_OP_PROFILE_SHOW), rc;
	if ((rc = pl_counterpart_get(c->db, c->actor, ref, &r, &c->err)))
		return rc;
	if (c->json) {
		json_t *o = desk_json(&r), *p = NULL;
		pl_record_release(&r);
		if (!o)
			return pl_error_set(&c->err, PL_EDATA, "out of memory");
		if (profiles &&
		    (rc = pl_profile_list(c->db, c->actor, ref, 1, keep_profile, &p, &c->err))) {
			json_decref(o);
			if (rc == PL_EDATA && !c->err.msg[0])
				pl_error_set(&c->err, PL_EDATA, "out of memory");
			return rc;
		}
		if (profiles)
			json_object_set_new(o, "profile", p ? p : json_null());
		rc = print_json(o, 1);
		json_decref(o);
		return rc;
	}
	{
		size_t ne = r.nextra;
		const char *profiled = pl_record_get(&r, "profiled");
		r.nextra = 0; /* the extras in words below */
		print_record(&r, "");
		r.nextra = ne;
		print_line("", _("statements"), or_empty(pl_record_get(&r, "statements")));
		print_line("", _("promises kept"), or_empty(pl_record_get(&r, "promises_kept")));
		print_line("", _("promises broken"),
		           or_empty(pl_record_get(&r, "promises_broken")));
		if (profiled && *profiled) {
			char date[32];
			print_line("", _("last profiled"), date_text(profiled, date, sizeof(date)));
		}
		pl_record_release(&r);
	}
	if (profiles)
		rc = pl_profile_list(c->db, c->actor, ref, 1, print_profile_cb, "", &c->err);
	return rc;
}

struct clist {
	struct ctx *c;
	struct json_stream js;
	long n;
	int query;
	struct column cols[7]; /* clist_columns, SCORE only for a query */
	int ncols;
	struct table t;
};

static const struct column clist_columns[] = {
        {N_("REF"), 8, COL_KEEPS},
        {N_("SCORE"), 6, 0},
        {N_("NAME"), 28, COL_SHRINKS},
        {N_("ALIAS"), 18, COL_SHRINKS},
        {N_("ORGANISATION"), 20, COL_SHRINKS},
        {N_("ROLE"), 18, COL_SHRINKS},
        {N_("PROFILED"), 12, 0},
};
_Static_assert(sizeof(clist_columns) == sizeof(((struct clist *)0)->cols),
               "a width for each column");

static int clist_one(void *ctx, const struct pl_record *r)
{
	struct clist *l = ctx;
	char date[32];
	l->n++;
	if (l->c->json) {
		json_t *o = desk_json(r);
		if (!o)
			return pl_error_set(&l->c->err, PL_EDATA, "out of memory");
		json_stream_item(&l->js, o);
		return 0;
	}
	table_cell(&l->t, pl_record_get(r, "ref"));
	if (l->query)
		table_cell(&l->t, or_empty(pl_record_get(r, "score")));
	table_cell(&l->t, pl_record_get(r, "name"));
	table_cell(&l->t, or_empty(pl_record_get(r, "alias")));
	table_cell(&l->t, or_empty(pl_record_get(r, "organisation")));
	table_cell(&l->t, or_empty(pl_record_get(r, "role")));
	table_cell(&l->t, date_text(or_empty(pl_record_get(r, "profiled")), date, sizeof(date)));
	table_row_end(&l->t);
	return 0;
}

static int run_clist(struct ctx *c)
{
	struct clist l = {.c = c, .query = c->a.npos > 0};
	char query[1024];
	size_t len = 0;
	int rc;
	query[0] = '\0';
	for (int i = 0; i < c->a.npos; i++) {
		int m = snprintf(query + len, sizeof(query) - len, "%s%s", i ? " " : "",
		                 c->a.pos[i]);
		if (m < 0 || (size_t)m >= sizeof(query) - len)
			return usage_error(c, "counterpart list: the name is too long");
		len += (size_t)m;
	}
	for (int i = 0; i < 7; i++)
		if (l.query || i != 1)
			l.cols[l.ncols++] = clist_columns[i];
	table_begin(&l.t, l.cols, l.ncols);
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_counterpart_list(c->db, c->actor, l.query ? query : NULL, clist_one, &l, &c->err);
	if (!c->json) /* the heading once the listing was allowed */
		table_end(&l.t, !rc);
	if (c->json) {
		if (rc)
			return rc;
		json_stream_end(&l.js);
	} else if (!rc) {
		printf(Q_("(%ld counterpart)\n", "(%ld counterparts)\n", l.n), l.n);
	}
	return rc;
}

static int run_cedit(struct ctx *c)
{
	int rc;
	if (!c->a.nkv)
		return usage_error(c, "counterpart edit: say what to change: --FIELD VALUE");
	rc = pl_counterpart_edit(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &c->err);
	return rc ? rc : print_ref(c, c->a.pos[0]);
}

/* --- profile add, list --- */

static int run_padd(struct ctx *c)
{
	long long id;
	int rc = pl_profile_add(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &id, &c->err);
	return rc ? rc : print_id(c, _("profile"), c->a.pos[0], id);
}

struct plist {
	struct ctx *c;
	struct json_stream js;
	long n;
};

static int plist_one(void *ctx, const struct pl_record *r)
{
	struct plist *l = ctx;
	if (l->c->json) {
		json_t *o = record_json(r);
		if (!o)
			return pl_error_set(&l->c->err, PL_EDATA, "out of memory");
		json_stream_item(&l->js, o);
		l->n++;
		return 0;
	}
	if (l->n++)
		putchar('\n');
	print_profile(r, "");
	return 0;
}

static int run_plist(struct ctx *c)
{
	struct plist l = {c, {0}, 0};
	int rc;
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_profile_list(c->db, c->actor, c->a.pos[0], opt_has(c, "latest"), plist_one, &l,
	                     &c->err);
	if (rc)
		return rc;
	if (c->json)
		json_stream_end(&l.js);
	else if (!l.n)
		printf(_("%s has no profile\n"), c->a.pos[0]);
	return 0;
}

/* --- incident add, list --- */

static int run_iadd(struct ctx *c)
{
	long long id;
	int rc = pl_pressure_add(c->db, c->actor, c->a.kv, c->a.nkv, opt_get(c, "person"),
	                         opt_get(c, "negotiation"), &id, &c->err);
	return rc ? rc : print_id(c, _("pressure incident"), NULL, id);
}

struct ilist {
	struct ctx *c;
	struct json_stream js;
	long n;
	struct table t; /* ilist_columns, measured on the first page */
};

static const struct column ilist_columns[] = {
        {N_("#"), 5, COL_KEEPS},
        {N_("WHEN"), 12, COL_KEEPS},
        {N_("KIND"), 20, COL_KEEPS},
        {N_("PERSON"), 10, COL_KEEPS},
        {N_("RELATIVE"), 20, COL_SHRINKS},
        {N_("NEGOTIATION"), 12, COL_KEEPS},
        {N_("BY"), 10, 0},
        {N_("WHAT"), 40, COL_SHRINKS},
};
_Static_assert(sizeof(ilist_columns) / sizeof(ilist_columns[0]) <= TABLE_MAXCOLS,
               "a width for each column");

static int ilist_one(void *ctx, const struct pl_record *r)
{
	struct ilist *l = ctx;
	const struct pl_entity *e = r->ent;
	char num[24], date[32], kind[64];
	l->n++;
	if (l->c->json) {
		json_t *o = record_json(r);
		if (!o)
			return pl_error_set(&l->c->err, PL_EDATA, "out of memory");
		json_stream_item(&l->js, o);
		return 0;
	}
	snprintf(num, sizeof(num), "#%lld", r->id);
	table_cell(&l->t, num);
	table_cell(&l->t, date_text(pl_record_get(r, "occurred"), date, sizeof(date)));
	table_cell(&l->t, value_text(&e->fields[pl_field_index(e, "kind")],
	                             pl_record_get(r, "kind"), kind, sizeof(kind)));
	table_cell(&l->t, or_empty(pl_record_get(r, "person")));
	table_cell(&l->t, or_empty(pl_record_get(r, "relative")));
	table_cell(&l->t, or_empty(pl_record_get(r, "negotiation")));
	table_cell(&l->t, or_empty(pl_record_get(r, "author")));
	table_cell(&l->t, pl_record_get(r, "what"));
	table_row_end(&l->t);
	return 0;
}

static int run_ilist(struct ctx *c)
{
	struct ilist l = {c, {0}, 0, {0}};
	int rc;
	table_begin(&l.t, ilist_columns, 8);
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_pressure_list(c->db, c->actor, opt_get(c, "person"), opt_get(c, "negotiation"),
	                      ilist_one, &l, &c->err);
	if (!c->json) /* the heading once the listing was allowed */
		table_end(&l.t, !rc);
	if (c->json) {
		if (rc)
			return rc;
		json_stream_end(&l.js);
	} else if (!rc) {
		printf(Q_("(%ld incident)\n", "(%ld incidents)\n", l.n), l.n);
	}
	return rc;
}

/* --- the tables --- */

static const struct opt plist_opts[] = {
        {.name = "latest", .help = "the latest assessment only"},
        {.name = NULL},
};

static const struct opt incident_opts[] = {
        {.name = "person", .arg = "REF", .help = "the person it concerns (U-000045, R-000012)"},
        {.name = "negotiation", .arg = "N-REF", .help = "the negotiation it bears on (N-0001)"},
        {.name = NULL},
};

const struct command cmd_counterpart[] = {
        {.name = "counterpart add",
         .usage = "--name NAME [--alias NAME] [--organisation TEXT] [--role TEXT] [--note TEXT]",
         .summary = "a negotiator of the other side",
         .description =
                 "Records a negotiator of the other side and prints their reference (C-0001): a "
                 "name in any script, an alias or nickname, the body they work for and their "
                 "part in the delegation. Sessions name the counterparts they expect, "
                 "statements the counterpart who spoke, psychologists profile them. "
                 "Negotiators, psychologists and heads.",
         .examples = "parley --as olena counterpart add --name \"Сергей Ковалёв\" --alias Серый "
                     "--organisation \"МО РФ\" --role \"head of delegation\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_COUNTERPART,
         .run = run_cadd},
        {.name = "counterpart show",
         .usage = "C-REF",
         .summary = "a counterpart, their record and latest profile",
         .description =
                 "Shows the counterpart C-REF: their fields, how many statements of theirs the "
                 "ledger holds, how many promises of theirs were kept and broken, the day of "
                 "their latest profile; and, to whom may read profiles, that profile (the read "
                 "is recorded in the audit trail). `--json` one object, the profile under "
                 "`profile`. Negotiators, psychologists and heads.",
         .examples = "parley --as olena counterpart show C-0001",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_cshow},
        {.name = "counterpart list",
         .usage = "[NAME...]",
         .summary = "the counterparts, or those a name finds in any script",
         .description =
                 "Lists the counterparts: reference, name, alias, organisation, role, the day "
                 "of the latest profile. With a NAME, only those whose name or alias it finds "
                 "by the rules of `parley search` (Cyrillic or Latin, Russian or Ukrainian "
                 "spellings, words in any order, pet forms of given names: `Sergei Kovalev`, "
                 "`Сергей Ковалёв` and `Сергій Ковальов` find each other), best first with a "
                 "score from 0 to 1. Negotiators, psychologists and heads.",
         .examples = "parley --as olena counterpart list\n"
                     "parley --as olena counterpart list Sergei Kovalev --json",
         .flags = DBA,
         .max_pos = -1,
         .run = run_clist},
        {.name = "counterpart edit",
         .usage = "C-REF --FIELD VALUE...",
         .summary = "change a counterpart's fields",
         .description = "Changes fields of the counterpart C-REF (`--name`, `--alias`, "
                        "`--organisation`, `--role`, `--note`); the change is audited with the "
                        "names of the fields changed. Negotiators, psychologists and heads.",
         .examples = "parley --as olena counterpart edit C-0001 --role \"deputy head\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_COUNTERPART,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_cedit},
        {.name = NULL},
};

const struct command cmd_profile[] = {
        {.name = "profile add",
         .usage = "C-REF --assessed DATE --money RATING --money-confidence LEVEL --ideology "
                  "RATING --ideology-confidence LEVEL --compromise RATING "
                  "--compromise-confidence LEVEL --ego RATING --ego-confidence LEVEL "
                  "[--DIMENSION-grounds TEXT...] [--summary TEXT]",
         .summary = "a MICE assessment of a counterpart (psychologists)",
         .description =
                 "Records a psychologist's assessment of the counterpart C-REF under MICE: "
                 "money, ideology, compromise and ego, each rated `none`, `low`, `medium` or "
                 "`high` with the grounds it rests on (`--money-grounds`, ...) and how sure it "
                 "is (`--money-confidence low|medium|high`, ...), on the day it was made "
                 "(`--assessed`, not in the future). Earlier assessments are kept: the history "
                 "is `parley profile list`. Psychologists only.",
         .examples = "parley --as iryna profile add C-0001 --assessed 2024-04-30 --money low "
                     "--money-confidence medium --ideology high --ideology-confidence high "
                     "--ideology-grounds \"цитує Дугіна\" --compromise none "
                     "--compromise-confidence low --ego high --ego-confidence medium "
                     "--summary \"поступки подавати як його перемогу\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_PROFILE,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_padd},
        {.name = "profile list",
         .usage = "C-REF [--latest]",
         .summary = "a counterpart's assessments, newest first (every read audited)",
         .description =
                 "Shows the MICE assessments of the counterpart C-REF, newest first (the "
                 "latest: greatest day assessed, then the last recorded), or with `--latest` "
                 "the latest alone. Every call that shows an assessment is recorded in the "
                 "audit trail (`profile.read`, with the numbers of the assessments shown) "
                 "before anything is shown. Negotiators, psychologists and heads.",
         .examples = "parley --as olena profile list C-0001 --latest",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = plist_opts,
         .run = run_plist},
        {.name = NULL},
};

const struct command cmd_incident[] = {
        {.name = "incident add",
         .usage = "--occurred DATE --kind KIND --what TEXT [--target TEXT] [--source TEXT] "
                  "[--relative-id N] [--person REF] [--negotiation N-REF] [--note TEXT]",
         .summary = "a pressure incident on a family",
         .description =
                 "Records a pressure incident and prints its number: a contact of the other "
                 "side with a family (a `promise` if they protest, a `threat`), a `fraud` "
                 "posing as a go-between, `disinformation` about returnees, or `other`; when "
                 "it happened (not in the future), whom it was aimed at, what was said or "
                 "done and how we know. `--person` links the person it concerns, "
                 "`--relative-id` the relative contacted (the number of `parley relative "
                 "add`; of that person when both are given; by whom may see relatives), "
                 "`--negotiation` the negotiation it bears on (by whom may see negotiations). "
                 "Liaisons, negotiators and heads.",
         .examples = "parley --as taras incident add --occurred 2024-05-02 --kind threat --person "
                     "U-000012 --relative-id 1 --what \"дзвінок з погрозами\" --source "
                     "\"мати полоненого\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_PRESSURE,
         .opts = incident_opts,
         .run = run_iadd},
        {.name = "incident list",
         .usage = "[--person REF] [--negotiation N-REF]",
         .summary = "the pressure incidents one may read, newest first",
         .description =
                 "Lists pressure incidents, newest first: number, when, kind, person, the "
                 "relative contacted (by name: their contacts are never shown here), "
                 "negotiation, who recorded it and what happened; `--person` and "
                 "`--negotiation` keep those linked to one. A liaison reads the incidents it "
                 "recorded; negotiators and heads read them all.",
         .examples = "parley --as taras incident list\n"
                     "parley --as olena incident list --negotiation N-0001 --json",
         .flags = DBA,
         .opts = incident_opts,
         .run = run_ilist},
        {.name = NULL},
};
