/* cmd-exchange.c - parley exchange: agreements, terms, lists, stages, reconciliation, checks,
 * policy rules and incidents (the library's exchange.h) */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

/* --- output --- */

struct rows {
	struct ctx *c;
	struct json_stream js;
	long n;
	int brief;   /* one line a row: the exchange listing */
	int crossed; /* persons who crossed (a stage each), else on lists (a list each) */
	struct column cols[7];
	struct table t; /* the listing's or the persons' table, measured on its first page */
};

static const struct column exchange_columns[] = {
        {N_("REF"), 8, COL_KEEPS},
        {N_("STATUS"), 18, COL_KEEPS},
        {N_("DATE"), 12, 0},
        {N_("TITLE"), 50, COL_SHRINKS},
};

static int exchange_line(struct rows *l, const struct pl_record *r)
{
	const struct pl_entity *e = r->ent;
	char buf[64];
	const char *st = pl_record_get(r, "status");
	table_cell(&l->t, pl_record_get(r, "ref"));
	table_cell(&l->t,
	           value_text(&e->fields[pl_field_index(e, "status")], st, buf, sizeof(buf)));
	table_cell(&l->t,
	           date_text(pl_record_get(r, "agreed_date")    ? pl_record_get(r, "agreed_date")
	                     : pl_record_get(r, "planned_date") ? pl_record_get(r, "planned_date")
	                                                        : "",
	                     buf, sizeof(buf)));
	table_cell(&l->t, pl_record_get(r, "title"));
	table_row_end(&l->t);
	return 0;
}

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
	if (l->brief)
		return exchange_line(l, r);
	printf("#%lld\n", r->id);
	print_record(r, "    ");
	return 0;
}

/* The columns of a person on an exchange's lists (LIST) or who crossed (STAGE). */
static const struct column people_columns[] = {
        {N_("STAGE"), 7, COL_KEEPS},   {N_("SIDE"), 8, COL_KEEPS},    {N_("LIST"), 11, COL_KEEPS},
        {N_("REF"), 10, COL_KEEPS},    {N_("NAME"), 40, COL_SHRINKS}, {N_("HEALTH"), 22, 0},
        {N_("NOTE"), 24, COL_SHRINKS},
};
_Static_assert(sizeof(people_columns) == sizeof(((struct rows *)0)->cols), "the columns");

/* The table of persons in l: who crossed, or who is on the lists. */
static void people_table(struct rows *l, int crossed, const char *indent)
{
	int n = 0;
	l->crossed = crossed;
	for (int i = 0; i < 7; i++)
		if (i != (crossed ? 2 : 0))
			l->cols[n++] = people_columns[i];
	table_begin(&l->t, l->cols, n);
	l->t.indent = indent;
}

/* A person on a list, or who crossed: one row of the table people_table began. */
static int person_line(void *ctx, const struct pl_record *p)
{
	struct rows *l = ctx;
	char name[600], buf[64];
	const struct pl_entity *e = p->ent;
	const char *h = pl_record_get(p, "health"), *spot = pl_record_get(p, "on_the_spot");
	l->n++;
	if (l->c->json) {
		json_t *o = record_json(p);
		if (!o)
			return pl_error_set(&l->c->err, PL_EDATA, "out of memory");
		json_stream_item(&l->js, o);
		return 0;
	}
	snprintf(name, sizeof(name), "%s %s %s", pl_record_get(p, "family_name"),
	         pl_record_get(p, "given_name") ? pl_record_get(p, "given_name") : "",
	         pl_record_get(p, "patronymic") ? pl_record_get(p, "patronymic") : "");
	if (l->crossed)
		table_cell(&l->t, pl_record_get(p, "stage"));
	/* ours or theirs: the person's side says which list side it is on */
	table_cell(&l->t, !strcmp(pl_record_get(p, "side"), "captive") ? _("ours") : _("theirs"));
	if (!l->crossed) {
		const struct pl_entity *le = pl_entity(PL_ENT_LIST_ENTRY);
		table_cell(&l->t, pl_record_get(p, "list")
		                          ? value_text(&le->fields[pl_field_index(le, "list")],
		                                       pl_record_get(p, "list"), buf, sizeof(buf))
		                          : "");
	}
	table_cell(&l->t, pl_record_get(p, "ref"));
	table_cell(&l->t, name);
	table_cell(&l->t,
	           h ? value_text(&e->fields[pl_field_index(e, "health")], h, buf, sizeof(buf))
	             : "");
	table_cell(&l->t, spot && !strcmp(spot, "yes") ? _("added at the handover") : "");
	table_row_end(&l->t);
	return 0;
}

static const char *const finding_kinds[PL_FIND__MAX] = {
        [PL_FIND_CAME_NOT_AGREED] = "came_not_agreed",
        [PL_FIND_AGREED_NOT_CAME] = "agreed_not_came",
        [PL_FIND_TERM] = "term",
        [PL_FIND_TERM_PERSON] = "term_person",
        [PL_FIND_COUNT] = "count",
        [PL_FIND_POLICY] = "policy",
        [PL_FIND_STAGE_PENDING] = "arrival_pending",
};

struct findings {
	struct ctx *c;
	struct json_stream js;
	long n, broken;
	const char *title; /* text output: the line before the first finding */
};

static int finding_one(void *ctx, const struct pl_finding *f)
{
	struct findings *s = ctx;
	if (!s->n++ && s->title && !s->c->json)
		printf("%s\n", s->title);
	if ((f->kind == PL_FIND_TERM || f->kind == PL_FIND_COUNT) && !f->holds)
		s->broken++;
	if (f->kind == PL_FIND_CAME_NOT_AGREED || f->kind == PL_FIND_AGREED_NOT_CAME ||
	    f->kind == PL_FIND_TERM_PERSON)
		s->broken++;
	if (s->c->json) {
		json_t *o = json_pack("{s:s, s:s?, s:s?, s:s?, s:s?, s:s}", "kind",
		                      finding_kinds[f->kind], "side", f->side, "ref", f->ref,
		                      "rule", f->rule, "level", f->level, "text", f->text);
		if (o && (f->kind == PL_FIND_TERM || f->kind == PL_FIND_COUNT)) {
			json_object_set_new(o, "have", json_integer(f->have));
			json_object_set_new(o, "need", json_integer(f->need));
			json_object_set_new(o, "holds", json_boolean(f->holds));
		}
		if (!o)
			return pl_error_set(&s->c->err, PL_EDATA, "out of memory");
		json_stream_item(&s->js, o);
		return 0;
	}
	switch (f->kind) {
	case PL_FIND_TERM:
	case PL_FIND_COUNT:
		printf("%s ", f->holds ? "  ok " : "  !! ");
		break;
	case PL_FIND_POLICY:
		printf("  %s ", !strcmp(f->level, "block") ? _("BLOCK") : _("warn "));
		break;
	default:
		printf("   -  ");
		break;
	}
	printf("%s\n", f->text);
	return 0;
}

/* --- exchange new, show, list, edit, status, terms, mediator --- */

static int run_new(struct ctx *c)
{
	char ref[PL_EXCHANGE_REF_MAX];
	const char *formula = NULL;
	size_t k = 0;
	int rc;
	/* the terms are parsed before anything is written: a wrong word writes nothing */
	for (size_t i = 0; i < c->a.nkv; i++) {
		if (!strcmp(c->a.kv[i].key, "formula"))
			formula = c->a.kv[i].val;
		else
			c->a.kv[k++] = c->a.kv[i];
	}
	c->a.nkv = k;
	if (formula) {
		struct pl_formula *f = NULL;
		if ((rc = pl_formula_parse(formula, &f, &c->err)))
			return rc;
		pl_formula_free(f);
	}
	if ((rc = pl_exchange_new(c->db, c->actor, c->a.kv, c->a.nkv, ref, &c->err)))
		return rc;
	if (formula && (rc = pl_exchange_set_formula(c->db, c->actor, ref, formula, &c->err)))
		return rc;
	return print_ref(c, ref);
}

struct section {
	struct ctx *c;
	json_t *arr;
	long n;
	const char *title;
	int people;    /* 1: persons on the lists, 2: who crossed */
	struct rows l; /* the persons' table */
};

static int section_one(void *ctx, const struct pl_record *r)
{
	struct section *s = ctx;
	if (s->arr) {
		json_t *o = record_json(r);
		if (!o || json_array_append_new(s->arr, o))
			return pl_error_set(&s->c->err, PL_EDATA, "out of memory");
		return 0;
	}
	if (!s->n++)
		printf("\n%s:\n", _(s->title));
	if (s->people) {
		if (s->n == 1) {
			s->l.c = s->c;
			people_table(&s->l, s->people == 2, "  ");
		}
		return person_line(&s->l, r);
	}
	if (r->ent->id == PL_ENT_STAGE) {
		char buf[32];
		printf("  %s %s  %s", _("stage"), pl_record_get(r, "number"),
		       date_text(pl_record_get(r, "date"), buf, sizeof(buf)));
		if (pl_record_get(r, "place"))
			printf("  %s", pl_record_get(r, "place"));
		if (pl_record_get(r, "mediator"))
			printf("  (%s)", pl_record_get(r, "mediator"));
		if (pl_record_get(r, "remains_received") || pl_record_get(r, "remains_given"))
			printf(_("  remains: %s received, %s given"),
			       pl_record_get(r, "remains_received")
			               ? pl_record_get(r, "remains_received")
			               : "0",
			       pl_record_get(r, "remains_given") ? pl_record_get(r, "remains_given")
			                                         : "0");
		putchar('\n');
		return 0;
	}
	if (r->ent->id == PL_ENT_MEDIATOR) {
		const struct pl_entity *me = r->ent;
		char b1[64], b2[64];
		printf("  %s  (%s, %s)\n", pl_record_get(r, "name"),
		       value_text(&me->fields[pl_field_index(me, "kind")], pl_record_get(r, "kind"),
		                  b1, sizeof(b1)),
		       value_text(&me->fields[pl_field_index(me, "role")], pl_record_get(r, "role"),
		                  b2, sizeof(b2)));
		return 0;
	}
	printf("  #%lld\n", r->id);
	print_record(r, "    ");
	return 0;
}

static int run_show(struct ctx *c)
{
	const char *ref = c->a.pos[0];
	struct pl_record x;
	json_t *o = NULL;
	struct section s[4] = {
	        {.c = c, .title = N_("mediators"), .people = 0},
	        {.c = c, .title = N_("lists"), .people = 1},
	        {.c = c, .title = N_("stages"), .people = 0},
	        {.c = c, .title = N_("who crossed"), .people = 2},
	};
	static const char *const keys[4] = {"mediators", "lists", "stages", "crossed"};
	int rc;
	if ((rc = pl_exchange_get(c->db, c->actor, ref, &x, &c->err)))
		return rc;
	if (c->json) {
		if (!(o = record_json(&x)))
			rc = pl_error_set(&c->err, PL_EDATA, "out of memory");
		for (int i = 0; !rc && i < 4; i++)
			if (!(s[i].arr = json_array()))
				rc = pl_error_set(&c->err, PL_EDATA, "out of memory");
	} else {
		char next[256];
		print_record(&x, "");
		pl_exchange_status_next(pl_record_get(&x, "status"), next, sizeof(next));
		printf("  %s: %s\n", _("may go to"), next);
	}
	pl_record_release(&x);
	if (!rc)
		rc = pl_exchange_mediators(c->db, c->actor, ref, section_one, &s[0], &c->err);
	if (!rc)
		rc = pl_exchange_list_members(c->db, c->actor, ref, NULL, NULL, section_one, &s[1],
		                              &c->err);
	if (s[1].n && !s[1].arr)
		table_end(&s[1].l.t, 0);
	if (!rc)
		rc = pl_exchange_stages(c->db, c->actor, ref, section_one, &s[2], &c->err);
	if (!rc)
		rc = pl_exchange_handovers(c->db, c->actor, ref, section_one, &s[3], &c->err);
	if (s[3].n && !s[3].arr)
		table_end(&s[3].l.t, 0);
	if (o) {
		for (int i = 0; i < 4; i++)
			if (s[i].arr)
				json_object_set_new(o, keys[i], s[i].arr);
		if (!rc)
			rc = print_json(o, 1);
		json_decref(o);
	}
	return rc;
}

static int run_list(struct ctx *c)
{
	struct rows l = {.c = c, .brief = 1};
	int rc;
	table_begin(&l.t, exchange_columns, 4);
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_exchange_list(c->db, c->actor, opt_get(c, "status"), row_one, &l, &c->err);
	if (!c->json) /* the heading once the listing was allowed */
		table_end(&l.t, !rc);
	if (rc)
		return rc;
	if (c->json)
		json_stream_end(&l.js);
	else
		printf(Q_("(%ld exchange)\n", "(%ld exchanges)\n", l.n), l.n);
	return 0;
}

static int run_edit(struct ctx *c)
{
	int rc = pl_exchange_edit(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &c->err);
	return rc ? rc : print_ref(c, c->a.pos[0]);
}

static int run_status(struct ctx *c)
{
	int rc = pl_exchange_set_status(c->db, c->actor, c->a.pos[0], c->a.pos[1],
	                                opt_get(c, "reason"), opt_get(c, "date"), &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s}", "ref", c->a.pos[0], "status", c->a.pos[1]);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(_("%s is %s\n"), c->a.pos[0], c->a.pos[1]);
	return 0;
}

/* The words of the positional arguments from i on, joined by spaces: a formula may be
 * given unquoted (parley exchange terms E-0001 receive 10; ... needs quotes for the ';'
 * of a shell, not for parley). */
static char *join_from(const struct ctx *c, int i)
{
	size_t len = 1, at = 0;
	char *s;
	for (int k = i; k < c->a.npos; k++)
		len += strlen(c->a.pos[k]) + 1;
	if (!(s = calloc(1, len)))
		return NULL;
	for (int k = i; k < c->a.npos; k++)
		at += (size_t)snprintf(s + at, len - at, "%s%s", k > i ? " " : "", c->a.pos[k]);
	return s;
}

static int run_terms(struct ctx *c)
{
	char *formula = join_from(c, 1);
	struct pl_record x;
	int rc = formula ? pl_exchange_set_formula(c->db, c->actor, c->a.pos[0], formula, &c->err)
	                 : pl_error_set(&c->err, PL_EDATA, "out of memory");
	free(formula);
	if (rc || (rc = pl_exchange_get(c->db, c->actor, c->a.pos[0], &x, &c->err)))
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s}", "ref", c->a.pos[0], "formula",
		                      pl_record_get(&x, "formula"));
		rc = print_json(j, 0);
		json_decref(j);
	} else {
		printf("%s: %s\n", c->a.pos[0], pl_record_get(&x, "formula"));
	}
	pl_record_release(&x);
	return rc;
}

static int print_id(struct ctx *c, const char *what, long long id)
{
	if (c->json) {
		json_t *j = json_pack("{s:s, s:I}", "ref", c->a.npos ? c->a.pos[0] : "", "id",
		                      (json_int_t)id);
		int rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf("%s #%lld\n", what, id);
	return 0;
}

static int run_mediator(struct ctx *c)
{
	long long id;
	int rc;
	if (!c->a.nkv)
		return pl_exchange_mediators(c->db, c->actor, c->a.pos[0], row_one,
		                             &(struct rows){.c = c}, &c->err);
	rc = pl_exchange_add_mediator(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &id,
	                              &c->err);
	return rc ? rc : print_id(c, _("mediator"), id);
}

/* --- lists --- */

/* receive for ours (U-), give for theirs (R-), unless --side says. */
static const char *side_of(struct ctx *c, const char *person)
{
	const char *s = opt_get(c, "side");
	if (s)
		return s;
	return !strncmp(person, "R-", 2) ? "give" : "receive";
}

static int run_add(struct ctx *c)
{
	const char *list = opt_get(c, "list") ? opt_get(c, "list") : "request";
	int rc = 0;
	for (int i = 1; !rc && i < c->a.npos; i++) {
		rc = pl_exchange_list_add(c->db, c->actor, c->a.pos[0], list,
		                          side_of(c, c->a.pos[i]), c->a.pos[i], opt_get(c, "note"),
		                          &c->err);
		if (!rc && !c->json)
			printf(_("%s: %s on the %s list\n"), c->a.pos[0], c->a.pos[i], list);
	}
	if (!rc && c->json) {
		json_t *j = json_pack("{s:s, s:s, s:i}", "ref", c->a.pos[0], "list", list, "added",
		                      c->a.npos - 1);
		rc = print_json(j, 0);
		json_decref(j);
	}
	return rc;
}

static int run_remove(struct ctx *c)
{
	const char *list = opt_get(c, "list") ? opt_get(c, "list") : "request";
	int rc =
	        pl_exchange_list_remove(c->db, c->actor, c->a.pos[0], list, side_of(c, c->a.pos[1]),
	                                c->a.pos[1], opt_get(c, "reason"), &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s, s:s}", "ref", c->a.pos[0], "list", list,
		                      "removed", c->a.pos[1]);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(_("%s: %s off the %s list\n"), c->a.pos[0], c->a.pos[1], list);
	return 0;
}

static int run_lists(struct ctx *c)
{
	struct rows l = {.c = c};
	int rc;
	people_table(&l, 0, NULL);
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_exchange_list_members(c->db, c->actor, c->a.pos[0], opt_get(c, "list"),
	                              opt_get(c, "side"), person_line, &l, &c->err);
	if (!c->json) /* the heading once the listing was allowed */
		table_end(&l.t, !rc);
	if (rc)
		return rc;
	if (c->json)
		json_stream_end(&l.js);
	else
		printf(Q_("(%ld person)\n", "(%ld persons)\n", l.n), l.n);
	return 0;
}

/* --- stages --- */

/* References from --OPT values: "U-1,U-2", repeated, or @FILE with one a line. */
struct refs {
	char *v[4096];
	size_t n;
	char *bufs[32];
	size_t nbufs;
};

static void refs_release(struct refs *r)
{
	for (size_t i = 0; i < r->nbufs; i++)
		free(r->bufs[i]);
}

static int refs_add_text(struct ctx *c, struct refs *r, char *text, const char *opt)
{
	for (char *p = text; *p;) {
		size_t n;
		p += strspn(p, ", \t\r\n");
		n = strcspn(p, ", \t\r\n");
		if (!n)
			break;
		if (r->n == sizeof(r->v) / sizeof(r->v[0]))
			return usage_error(c, "--%s: more than %zu persons in one stage", opt,
			                   sizeof(r->v) / sizeof(r->v[0]));
		r->v[r->n++] = p;
		if (p[n]) {
			p[n] = '\0';
			p += n + 1;
		} else {
			p += n;
		}
	}
	return 0;
}

static int refs_from(struct ctx *c, struct refs *r, const char *opt)
{
	const char *v;
	for (int i = 0; (v = opt_get_nth(c, opt, i)); i++) {
		char *text;
		if (r->nbufs == sizeof(r->bufs) / sizeof(r->bufs[0]))
			return usage_error(c, "--%s: given too often", opt);
		if (v[0] == '@') {
			FILE *f = fopen(v + 1, "r");
			long len;
			if (!f)
				return pl_error_set(&c->err, PL_EUSAGE, "--%s: %s: %s", opt, v + 1,
				                    strerror(errno));
			if (fseek(f, 0, SEEK_END) || (len = ftell(f)) < 0 || len > (1 << 20) ||
			    fseek(f, 0, SEEK_SET)) {
				fclose(f);
				return pl_error_set(
				        &c->err, PL_EUSAGE,
				        "--%s: %s: not a readable list of at most 1 MiB", opt,
				        v + 1);
			}
			if (!(text = calloc(1, (size_t)len + 1)) ||
			    fread(text, 1, (size_t)len, f) != (size_t)len) {
				free(text);
				fclose(f);
				return pl_error_set(&c->err, PL_EUSAGE, "--%s: %s: cannot be read",
				                    opt, v + 1);
			}
			fclose(f);
			if (memchr(text, '\0', (size_t)len)) {
				free(text);
				return pl_error_set(&c->err, PL_EUSAGE,
				                    "--%s: %s: holds a NUL byte", opt, v + 1);
			}
		} else if (!(text = strdup(v))) {
			return pl_error_set(&c->err, PL_EDATA, "out of memory");
		}
		r->bufs[r->nbufs++] = text;
		if (refs_add_text(c, r, text, opt))
			return PL_EUSAGE;
	}
	return 0;
}

/* A person added at the handover: "family_name=...;given_name=...;kind=military". */
struct added {
	struct pl_new_person p[64];
	struct pl_kv kv[64][24];
	char *bufs[64];
	size_t n;
};

static int added_from(struct ctx *c, struct added *a)
{
	const char *v;
	for (int i = 0; (v = opt_get_nth(c, "new", i)); i++) {
		char *text, *save = NULL;
		size_t k = 0;
		if (a->n == sizeof(a->p) / sizeof(a->p[0]))
			return usage_error(c, "--new: more than %zu persons",
			                   sizeof(a->p) / sizeof(a->p[0]));
		if (!(text = strdup(v)))
			return pl_error_set(&c->err, PL_EDATA, "out of memory");
		a->bufs[a->n] = text;
		for (char *tok = strtok_r(text, ";", &save); tok;
		     tok = strtok_r(NULL, ";", &save)) {
			char *eq = strchr(tok, '=');
			if (!eq || eq == tok)
				return usage_error(
				        c, "--new: '%s' is not FIELD=VALUE (fields joined by ';')",
				        tok);
			if (k == sizeof(a->kv[0]) / sizeof(a->kv[0][0]))
				return usage_error(c, "--new: too many fields");
			*eq = '\0';
			for (char *q = tok; *q; q++)
				if (*q == '-')
					*q = '_';
			a->kv[a->n][k++] = (struct pl_kv){tok, eq + 1};
		}
		a->p[a->n].kv = a->kv[a->n];
		a->p[a->n].n = k;
		a->n++;
	}
	return 0;
}

static int run_stage(struct ctx *c)
{
	static struct refs recv, give;
	static struct added added;
	struct pl_stage_in in = {0};
	long number = 0;
	int rc;
	memset(&recv, 0, sizeof(recv));
	memset(&give, 0, sizeof(give));
	memset(&added, 0, sizeof(added));
	if ((rc = refs_from(c, &recv, "received")) || (rc = refs_from(c, &give, "given")) ||
	    (rc = added_from(c, &added)))
		goto out;
	in.date = opt_get(c, "date");
	in.place = opt_get(c, "place");
	in.mediator = opt_get(c, "mediator");
	in.note = opt_get(c, "note");
	in.received = (const char *const *)recv.v;
	in.nreceived = recv.n;
	in.given = (const char *const *)give.v;
	in.ngiven = give.n;
	in.added = added.p;
	in.nadded = added.n;
	in.remains_received = opt_get(c, "remains-received");
	in.remains_given = opt_get(c, "remains-given");
	if ((rc = pl_exchange_stage(c->db, c->actor, c->a.pos[0], &in, &number, &c->err)))
		goto out;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:i, s:I, s:I, s:I}", "ref", c->a.pos[0], "stage",
		                      (int)number, "received", (json_int_t)recv.n, "given",
		                      (json_int_t)give.n, "added", (json_int_t)added.n);
		rc = print_json(j, 0);
		json_decref(j);
	} else {
		printf(_("%s: stage %ld recorded: %zu of ours received (%zu added to the "
		         "registry), "
		         "%zu of theirs handed over\n"),
		       c->a.pos[0], number, recv.n + added.n, added.n, give.n);
		if (recv.n + added.n)
			printf(_("ours stay as they were until reception records their arrival: "
			         "parley reception arrive REF\n"));
	}
out:
	refs_release(&recv);
	refs_release(&give);
	for (size_t i = 0; i < added.n; i++)
		free(added.bufs[i]);
	if (added.n < sizeof(added.bufs) / sizeof(added.bufs[0]))
		free(added.bufs[added.n]); /* one being read when a field was wrong */
	return rc;
}

static int run_crossed(struct ctx *c)
{
	struct rows l = {.c = c};
	int rc;
	people_table(&l, 1, NULL);
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_exchange_handovers(c->db, c->actor, c->a.pos[0], person_line, &l, &c->err);
	if (!c->json) /* the heading once the listing was allowed */
		table_end(&l.t, !rc);
	if (rc)
		return rc;
	if (c->json)
		json_stream_end(&l.js);
	else
		printf(Q_("(%ld person)\n", "(%ld persons)\n", l.n), l.n);
	return 0;
}

/* --- print --- */

static int run_print(struct ctx *c)
{
	const char *pdf = opt_get(c, "pdf"), *xlsx = opt_get(c, "xlsx");
	struct pl_print_opts o = {0};
	struct pl_print_result res;
	struct stat st;
	long stage;
	int rc;
	if (!pdf == !xlsx)
		return usage_error(
		        c, pdf ? "exchange print: --pdf or --xlsx, not both: one file a print"
		               : "exchange print: give --pdf FILE or --xlsx FILE");
	if (opt_long(c, "stage", 0, &stage))
		return PL_EUSAGE;
	o.ref = c->a.pos[0];
	o.stage = stage;
	o.format = pdf ? PL_PRINT_PDF : PL_PRINT_XLSX;
	o.path = pdf ? pdf : xlsx;
	o.lang = cli_lang;
	o.replace = opt_has(c, "force");
	/* the library refuses too, atomically; this says which flag replaces */
	if (lstat(o.path, &st) == 0 && !o.replace)
		return usage_error(c, "exchange print: %s exists: give --force to replace it",
		                   o.path);
	if ((rc = pl_exchange_print(c->db, c->actor, &o, &res, &c->err)))
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:i, s:s, s:s, s:I, s:I, s:i, s:s, s:I}", "ref", o.ref,
		                      "stage", (int)stage, "format", pl_print_format_name(o.format),
		                      "file", o.path, "receive", (json_int_t)res.receive, "give",
		                      (json_int_t)res.give, "pages", res.pages, "fingerprint",
		                      res.fingerprint, "audit_seq", (json_int_t)res.audit_seq);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	if (stage)
		printf(_("%s, stage %ld: %ld received and %ld handed over, printed to %s\n"), o.ref,
		       stage, res.receive, res.give, o.path);
	else
		printf(_("%s, the agreed lists: %ld to receive and %ld to hand over, printed to "
		         "%s\n"),
		       o.ref, res.receive, res.give, o.path);
	if (res.pages)
		printf(Q_("%d page, ", "%d pages, ", res.pages), res.pages);
	printf(_("list fingerprint %s, audit record %lld\n"), res.fingerprint, res.audit_seq);
	return 0;
}

/* --- reconcile, check --- */

static int run_reconcile(struct ctx *c)
{
	struct findings s = {c, {0}, 0, 0, NULL};
	char title[128];
	int rc;
	snprintf(title, sizeof(title), _("%s: what was agreed against what happened"), c->a.pos[0]);
	s.title = title;
	if (c->json)
		json_stream_begin(&s.js);
	if ((rc = pl_exchange_reconcile(c->db, c->actor, c->a.pos[0], opt_has(c, "record"),
	                                finding_one, &s, &c->err)))
		return rc;
	if (c->json)
		json_stream_end(&s.js);
	else if (!s.broken)
		printf(_("everything agreed happened\n"));
	else
		printf(Q_("(%ld finding)\n", "(%ld findings)\n", s.n), s.n);
	if (!c->json && opt_has(c, "record"))
		printf(_("%s is reconciled\n"), c->a.pos[0]);
	return 0;
}

static int run_check(struct ctx *c)
{
	struct findings s = {c, {0}, 0, 0, NULL};
	int blocking = 0, rc;
	if (c->json)
		json_stream_begin(&s.js);
	if ((rc = pl_exchange_check(c->db, c->actor, c->a.pos[0], finding_one, &s, &blocking,
	                            &c->err)))
		return rc;
	if (c->json)
		json_stream_end(&s.js);
	else if (!s.n)
		printf(_("%s: nothing to say\n"), c->a.pos[0]);
	if (blocking)
		return pl_error_set(&c->err, PL_EDATA,
		                    blocking == 1 ? "%s: %d policy rule at level block is broken"
		                                  : "%s: %d policy rules at level block are broken",
		                    c->a.pos[0], blocking);
	return 0;
}

/* --- policy and incidents --- */

struct policy_rows {
	struct ctx *c;
	struct json_stream js;
};

static int policy_one(void *ctx, const struct pl_policy_rule *r)
{
	struct policy_rows *p = ctx;
	if (p->c->json) {
		json_stream_item(&p->js, json_pack("{s:s, s:s, s:s, s:s}", "rule", r->name, "level",
		                                   r->level, "default", r->default_level, "reason",
		                                   r->reason));
		return 0;
	}
	print_cell(r->name, 24);
	print_cell(r->level, 7);
	printf("%s%s%s\n", strcmp(r->level, r->default_level) ? "(" : "",
	       strcmp(r->level, r->default_level) ? r->default_level : "",
	       strcmp(r->level, r->default_level) ? " by default) " : "");
	printf("    %s\n", r->reason);
	return 0;
}

static int run_policy(struct ctx *c)
{
	struct policy_rows p = {c, {0}};
	int rc;
	if (c->a.npos == 1)
		return usage_error(c,
		                   "exchange policy: give a rule and its level (block, warn, off), "
		                   "or nothing to list them");
	if (c->a.npos == 2) {
		if ((rc = pl_policy_set(c->db, c->actor, c->a.pos[0], c->a.pos[1], &c->err)))
			return rc;
		if (!c->json)
			printf(_("policy rule %s: %s\n"), c->a.pos[0], c->a.pos[1]);
	}
	if (c->json)
		json_stream_begin(&p.js);
	if ((rc = pl_policy_list(c->db, c->actor, policy_one, &p, &c->err)))
		return rc;
	if (c->json)
		json_stream_end(&p.js);
	return 0;
}

static int run_incident(struct ctx *c)
{
	struct rows l = {.c = c};
	long long id;
	int rc;
	if (!c->a.nkv && !opt_get(c, "exchange")) {
		if (c->json)
			json_stream_begin(&l.js);
		if ((rc = pl_incident_list(c->db, c->actor, row_one, &l, &c->err)))
			return rc;
		if (c->json)
			json_stream_end(&l.js);
		else
			printf(Q_("(%ld incident)\n", "(%ld incidents)\n", l.n), l.n);
		return 0;
	}
	if (opt_get(c, "exchange") && args_add_kv(c, "exchange", opt_get(c, "exchange")))
		return PL_EUSAGE;
	if ((rc = pl_incident_add(c->db, c->actor, c->a.kv, c->a.nkv, &id, &c->err)))
		return rc;
	return print_id(c, _("incident"), id);
}

/* --- the table --- */

#define DBA (CMD_DB | CMD_ACTOR)

static const struct opt list_opts[] = {
        {.name = "status",
         .arg = "STATUS",
         .help = "only exchanges of this status",
         .values = V_FIELD("exchange.status")},
        {.name = NULL},
};

static const struct opt status_opts[] = {
        {.name = "reason", .arg = "TEXT", .help = "why (needed for failed and cancelled)"},
        {.name = "date", .arg = "DATE", .help = "when it took effect (agreed: the agreed date)"},
        {.name = NULL},
};

static const struct opt add_opts[] = {
        {.name = "list",
         .arg = "LIST",
         .help = "request (the default) or agreed",
         .values = V_FIELD("list entry.list")},
        {.name = "side",
         .arg = "SIDE",
         .help = "receive (ours) or give (theirs); from the reference when left out",
         .values = V_FIELD("list entry.side")},
        {.name = "note", .arg = "TEXT", .help = "a note on the entry"},
        {.name = NULL},
};

static const struct opt remove_opts[] = {
        {.name = "list",
         .arg = "LIST",
         .help = "request (the default) or agreed",
         .values = V_FIELD("list entry.list")},
        {.name = "side",
         .arg = "SIDE",
         .help = "receive (ours) or give (theirs); from the reference when left out",
         .values = V_FIELD("list entry.side")},
        {.name = "reason", .arg = "TEXT", .help = "why the person comes off", .required = 1},
        {.name = NULL},
};

static const struct opt lists_opts[] = {
        {.name = "list",
         .arg = "LIST",
         .help = "request or agreed (both when left out)",
         .values = V_FIELD("list entry.list")},
        {.name = "side",
         .arg = "SIDE",
         .help = "receive or give (both when left out)",
         .values = V_FIELD("list entry.side")},
        {.name = NULL},
};

static const struct opt stage_opts[] = {
        {.name = "date", .arg = "DATE", .help = "when it took place", .required = 1},
        {.name = "place", .arg = "TEXT", .help = "where"},
        {.name = "mediator", .arg = "NAME", .help = "who carried it"},
        {.name = "note", .arg = "TEXT", .help = "a note"},
        {.name = "received",
         .arg = "REFS",
         .repeat = 1,
         .help = "ours who came to us: U-000001,U-000002, or @FILE (one a line)"},
        {.name = "given",
         .arg = "REFS",
         .repeat = 1,
         .help = "theirs we handed over: R-000001,..., or @FILE"},
        {.name = "new",
         .arg = "FIELDS",
         .repeat = 1,
         .help = "one of ours not in the registry: family_name=...;given_name=...;kind=..."},
        {.name = "remains-received", .arg = "N", .help = "bodies received without a name"},
        {.name = "remains-given", .arg = "N", .help = "bodies handed over without a name"},
        {.name = NULL},
};

static const struct opt print_opts[] = {
        {.name = "stage",
         .arg = "N",
         .help = "the stage whose record to print; 0 (the default): the agreed lists, before a "
                 "stage"},
        {.name = "pdf", .arg = "FILE", .help = "write the lists as a PDF", .values = V_FILE},
        {.name = "xlsx", .arg = "FILE", .help = "write the lists as a workbook", .values = V_FILE},
        {.name = "force", .help = "replace FILE when it exists"},
        {.name = NULL},
};

static const struct opt reconcile_opts[] = {
        {.name = "record", .help = "record the exchange as reconciled (it must be executed)"},
        {.name = NULL},
};

static const struct opt incident_opts[] = {
        {.name = "exchange", .arg = "REF", .help = "the exchange it concerns"},
        {.name = NULL},
};

static const char *policy_rule_name(int i)
{
	static const char *const names[] = {
	        "military_for_civilians", "convicted_given",  "no_consent",
	        "under_proceedings",      "wounded_left_off", "third_state_transfer"};
	return i >= 0 && i < (int)(sizeof(names) / sizeof(names[0])) ? names[i] : NULL;
}

const struct command cmd_exchange[] = {
        {.name = "exchange new",
         .usage = "--title TEXT [--formula TERMS] [--FIELD VALUE...]",
         .summary = "open a new exchange (a draft)",
         .description =
                 "Opens an exchange as a draft and prints its reference (E-0001): a title, "
                 "where and when it is to take place, the negotiation it came from, and its "
                 "terms (`--formula`, the language of docs/formulas.md: `receive 10 where health "
                 "= severely_wounded; give 10`). The terms are checked before anything is "
                 "written. Negotiators and heads.",
         .examples = "parley --as olena exchange new --title \"Стамбул, червень\" --venue Стамбул "
                     "--formula \"receive 10 where health = severely_wounded; give 10\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_EXCHANGE,
         .run = run_new},
        {.name = "exchange show",
         .usage = "REF",
         .summary = "an exchange: terms, mediators, lists, stages, who crossed",
         .description = "Shows the exchange REF: its fields and status (with the statuses it "
                        "may go to), its mediators, the persons on its lists, its stages and "
                        "who crossed at each. `--json` one object. Registrars, negotiators and "
                        "heads.",
         .examples = "parley --as olena exchange show E-0001",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_show},
        {.name = "exchange list",
         .usage = "[--status STATUS]",
         .summary = "the exchanges, newest first",
         .description = "Lists the exchanges, newest first: reference, status, date, title. "
                        "Registrars, negotiators and heads.",
         .examples = "parley --as olena exchange list --status agreed",
         .flags = DBA,
         .opts = list_opts,
         .run = run_list},
        {.name = "exchange edit",
         .usage = "REF --FIELD VALUE...",
         .summary = "change an exchange's fields",
         .description = "Changes fields of the exchange REF (title, venue, dates, announced "
                        "counts, note); its status and terms have their own commands. "
                        "Negotiators and heads.",
         .examples = "parley --as olena exchange edit E-0001 --announced-ours 230 "
                     "--announced-theirs 248",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_EXCHANGE,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_edit},
        {.name = "exchange status",
         .usage = "REF STATUS [--reason TEXT] [--date DATE]",
         .summary = "move an exchange along: proposed, agreed, executed, closed, ...",
         .description =
                 "Moves the exchange REF to STATUS: `draft`, `proposed`, `agreed`, `executed`, "
                 "`reconciled`, `closed`, or `failed` or `cancelled` with a `--reason`. "
                 "`executing` comes with its first stage. An exchange is agreed on its terms, "
                 "and not while a policy rule at level block is broken. When it is executed, "
                 "cancelled or fails, whoever was listed and did not cross is listed no more. "
                 "The table is in docs/values.md. Negotiators and heads; executed, by "
                 "registrars and heads; reconciled, by `parley exchange reconcile --record`.",
         .examples = "parley --as olena exchange status E-0001 proposed\n"
                     "parley --as olena exchange status E-0001 agreed --date 2024-06-01\n"
                     "parley --as olena exchange status E-0002 cancelled --reason \"зірвано\"",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .opts = status_opts,
         .args = {[1] = V_FIELD("exchange.status")},
         .run = run_status},
        {.name = "exchange terms",
         .usage = "REF FORMULA",
         .summary = "set the terms of an exchange",
         .description = "Sets the terms of the exchange REF, a draft or proposed, to FORMULA "
                        "(docs/formulas.md), kept in the one way parley writes it. A wrong "
                        "word is pointed at and nothing is written. Negotiators and heads.",
         .examples = "parley --as olena exchange terms E-0001 \"receive 215; give 55 and "
                     "R-000042\"",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 64,
         .run = run_terms},
        {.name = "exchange mediator",
         .usage = "REF [--name NAME --kind KIND --role ROLE [--note TEXT]]",
         .summary = "add a mediator of an exchange, or list them",
         .description = "Records a mediator of the exchange REF: a state or an organisation and "
                        "its part (host, guarantor, carrier, go-between, observer). Without "
                        "fields, lists them. Negotiators and heads add; registrars see.",
         .examples = "parley --as olena exchange mediator E-0001 --name \"Туреччина\" --kind "
                     "state --role host",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_MEDIATOR,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_mediator},
        {.name = "exchange add",
         .usage = "REF PERSON... [--list LIST] [--side SIDE] [--note TEXT]",
         .summary = "put persons on a request or agreed list",
         .description =
                 "Puts each PERSON on the request list (or `--list agreed`) of the exchange REF: "
                 "ours (U-) on the side we receive, theirs (R-) on the side we give. A person "
                 "is refused, with the reason, when of the wrong side, not in a state to be "
                 "exchanged (ours: captivity confirmed, or probable for a request; theirs: "
                 "held), on a list of another open exchange, not matching the terms or over "
                 "their count, or when a policy rule at level block forbids it. A person on "
                 "an agreed list is `listed`. Negotiators and heads.",
         .examples = "parley --as olena exchange add E-0001 U-000012 U-000031\n"
                     "parley --as olena exchange add E-0001 R-000007 --list agreed",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 64,
         .opts = add_opts,
         .run = run_add},
        {.name = "exchange remove",
         .usage = "REF PERSON --reason TEXT [--list LIST] [--side SIDE]",
         .summary = "take a person off a list",
         .description = "Takes PERSON off the request list (or `--list agreed`) of the exchange "
                        "REF, with the reason; the entry stays in the history. Off an agreed "
                        "list, a listed person is confirmed (ours) or held (theirs) again. "
                        "Negotiators and heads.",
         .examples = "parley --as olena exchange remove E-0001 U-000031 --reason \"помер\"",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .opts = remove_opts,
         .run = run_remove},
        {.name = "exchange lists",
         .usage = "REF [--list LIST] [--side SIDE]",
         .summary = "the persons on an exchange's lists",
         .description = "Lists the persons on the lists of the exchange REF, in the order they "
                        "were added. Registrars, negotiators and heads.",
         .examples = "parley --as olena exchange lists E-0001 --list agreed",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = lists_opts,
         .run = run_lists},
        {.name = "exchange stage",
         .usage = "REF --date DATE [--received REFS] [--given REFS] [--new FIELDS] [options]",
         .summary = "record a stage: who crossed",
         .description =
                 "Records a stage of the exchange REF (agreed or being carried out): who came "
                 "to us (`--received`), whom we handed over (`--given`), ours not in the registry "
                 "(`--new`, added on the spot and marked so), bodies without a name. It refuses "
                 "no one for not being on a list: the other side delivers whom it delivers, and "
                 "reconciliation says what differs. Theirs become `exchanged`; ours get a "
                 "release event and stay as they were until reception records their arrival "
                 "(`parley reception arrive`): until then nothing of the exchange reaches a "
                 "family or the liaison. Registrars and heads.",
         .examples = "parley exchange stage E-0001 --date 2024-06-25 --place \"кордон з "
                     "Білоруссю\" --received U-000012,U-000031 --given R-000007\n"
                     "parley exchange stage E-0001 --date 2024-06-25 --received @received.txt "
                     "--new \"family_name=Ковальов;given_name=Сергій;kind=military\"",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = stage_opts,
         .run = run_stage},
        {.name = "exchange crossed",
         .usage = "REF",
         .summary = "who crossed at each stage of an exchange",
         .description = "Lists who crossed at the stages of the exchange REF, stage by stage, "
                        "both sides, with those added to the registry at the handover marked. "
                        "Registrars, negotiators and heads.",
         .examples = "parley exchange crossed E-0001",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_crossed},
        {.name = "exchange print",
         .usage = "REF [--stage N] (--pdf FILE | --xlsx FILE) [--force]",
         .summary = "print the handover lists of an exchange: PDF or XLSX (audited)",
         .description =
                 "Writes the lists of the exchange REF for the border: per side (we receive, we "
                 "hand over) a numbered table with each person's reference, family name, given "
                 "name and patronymic as recorded and in Latin letters (KMU 2010 for Ukrainian "
                 "spellings, ICAO 9303 for Russian ones), date of birth, sex, citizenship, "
                 "military or civilian, rank, unit and service number, health category (the "
                 "severely wounded and severely ill in bold: who needs a stretcher), a box to "
                 "tick when the person crosses and room for a remark. Above it the exchange, its "
                 "venue, date and mediators; below it the totals and the lines for the "
                 "signatures of both sides' officers and the mediator. Medical notes are never "
                 "printed.\n\n"
                 "Without `--stage` (or with `--stage 0`) it prints the agreed lists as they "
                 "stand: the list the border check works from before a stage, with whoever "
                 "crossed at an earlier stage marked so. `--stage N` prints who crossed at "
                 "stage N as recorded, with those added to the registry at the handover marked.\n\n"
                 "`--pdf FILE`: A4 landscape, the table's header on every page, each side on "
                 "pages of its own, \"page N of M\". `--xlsx FILE`: a sheet a side, set up to "
                 "print the same way. The headings are in the language of parley's messages "
                 "(`LANG=uk_UA.UTF-8`: Ukrainian). The file is written whole or not at all, "
                 "readable by its owner alone (mode 0600) whatever the umask, and never through "
                 "a link at its name (one there is refused, `--force` or not); an existing file "
                 "is replaced only with `--force`.\n\n"
                 "A printed list is a copy of personal data leaving the system: every print is "
                 "recorded in the audit trail (`exchange.print`, with the stage, the format, "
                 "the counts and the list's fingerprint), and every page carries who printed it "
                 "and when, that audit record's number and the fingerprint, which two prints of "
                 "the same lists share. Registrars, negotiators and heads.",
         .examples = "parley exchange print E-0001 --pdf agreed.pdf  # the agreed lists, before "
                     "the stage\n"
                     "parley exchange print E-0001 --stage 1 --pdf stage1.pdf\n"
                     "parley exchange print E-0001 --stage 1 --xlsx stage1.xlsx  # the same, as a "
                     "workbook",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = print_opts,
         .run = run_print},
        {.name = "exchange reconcile",
         .usage = "REF [--record]",
         .summary = "what was agreed against what happened",
         .description =
                 "Sets what was agreed in the exchange REF against what happened: who came who "
                 "was not agreed, who was agreed and did not come, every term of the formula "
                 "held or broken and by how much (health as reception's triage found it, the "
                 "registry's earlier value beside it), ours whose arrival is not yet recorded, "
                 "and our count against both sides' announced counts. `--record` records the "
                 "exchange, once executed, as reconciled. Registrars, negotiators and heads.",
         .examples = "parley exchange reconcile E-0001\n"
                     "parley exchange reconcile E-0001 --record",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = reconcile_opts,
         .run = run_reconcile},
        {.name = "exchange check",
         .usage = "REF",
         .summary = "the terms against the lists, and the policy rules",
         .description = "Holds the lists of the exchange REF (agreed, else requested) against "
                        "its terms, term by term, and runs every policy rule that is not off "
                        "(`parley exchange policy`), each with its reason. Exits 1 when a "
                        "rule at level block is broken. Registrars, negotiators and heads.",
         .examples = "parley --as olena exchange check E-0001",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_check},
        {.name = "exchange policy",
         .usage = "[RULE LEVEL]",
         .summary = "the policy rules, or set one's level",
         .description =
                 "Lists the policy rules run on every formula and list, each with its level "
                 "(`block`, `warn`, `off`) and its reason: `military_for_civilians` (their "
                 "military given for our civilians sets a precedent), `convicted_given`, "
                 "`no_consent` (a detainee who refused to be exchanged), `under_proceedings`, "
                 "`wounded_left_off` (healthier persons listed while severely wounded are left "
                 "off), `third_state_transfer` (a mediator that took ours to a third state "
                 "without notice). With RULE LEVEL, sets the rule's level (heads only; "
                 "audited).",
         .examples = "parley --as olena exchange policy\n"
                     "parley --as head exchange policy convicted_given block",
         .flags = DBA,
         .max_pos = 2,
         .args = {V_NAMES(policy_rule_name), V_LIST(pl_policy_levels)},
         .run = run_policy},
        {.name = "exchange incident",
         .usage = "[--exchange REF] [--kind KIND --date DATE [--FIELD VALUE...]]",
         .summary = "record an incident (a third state took ours), or list them",
         .description = "Records an incident: a third state that took ours without notice to "
                        "us (the Hungary case, `--kind third_country_transfer --state "
                        "Угорщина --count 11`), or another. Without fields, lists them. The "
                        "check of every exchange with that state as mediator names it. "
                        "Registrars, negotiators and heads.",
         .examples = "parley exchange incident --kind third_country_transfer --date 2023-06-08 "
                     "--state Угорщина --count 11",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_INCIDENT,
         .opts = incident_opts,
         .run = run_incident},
        {.name = NULL},
};
