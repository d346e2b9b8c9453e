/* cmd-plan.c - parley plan: the exchange planner (plan.h): plan an exchange's lists,
 * show, explain, compare and adopt plans, and the office's weights */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parley/plan.h"
#include "cli.h"
#include "banned.h"

#define DBA (CMD_DB | CMD_ACTOR)
#define WEIGHTS_MAX (64 * 1024)

/* The file of --weights, whole, NUL-terminated (free it); NULL with c->err set. */
static char *read_weights(struct ctx *c, const char *path)
{
	FILE *f = fopen(path, "r");
	char *text;
	size_t n;
	if (!f) {
		pl_error_set(&c->err, PL_EUSAGE, "--weights: %s: %s", path, strerror(errno));
		return NULL;
	}
	if (!(text = malloc(WEIGHTS_MAX + 1))) {
		fclose(f);
		pl_error_set(&c->err, PL_EDATA, "out of memory");
		return NULL;
	}
	n = fread(text, 1, WEIGHTS_MAX + 1, f);
	if (ferror(f) || n > WEIGHTS_MAX || memchr(text, '\0', n)) {
		pl_error_set(&c->err, PL_EUSAGE, "--weights: %s: not a text file of at most 64 KiB",
		             path);
		fclose(f);
		free(text);
		return NULL;
	}
	fclose(f);
	text[n] = '\0';
	return text;
}

/* --unit-cap SIDE:N into cap[2]. */
static int unit_caps(struct ctx *c, long cap[2])
{
	const char *v;
	cap[0] = cap[1] = -1;
	for (int i = 0; (v = opt_get_nth(c, "unit-cap", i)); i++) {
		char side[16], *end;
		const char *colon = strchr(v, ':');
		long n;
		if (!colon || (size_t)(colon - v) >= sizeof(side))
			return usage_error(c, "--unit-cap: '%s' is not SIDE:N (receive:25)", v);
		snprintf(side, sizeof(side), "%.*s", (int)(colon - v), v);
		errno = 0;
		n = strtol(colon + 1, &end, 10);
		if ((strcmp(side, "receive") && strcmp(side, "give")) || !colon[1] || *end ||
		    errno || n < 0 || n > 1000000)
			return usage_error(
			        c,
			        "--unit-cap: '%s' is not SIDE:N (receive or give, N from "
			        "0 to 1000000)",
			        v);
		cap[!strcmp(side, "give")] = n;
	}
	return 0;
}

static int collect(struct ctx *c, const char *name, const char **out, size_t cap, size_t *n)
{
	const char *v;
	*n = 0;
	for (int i = 0; (v = opt_get_nth(c, name, i)); i++) {
		if (*n == cap)
			return usage_error(c, "--%s: at most %zu", name, cap);
		out[(*n)++] = v;
	}
	return 0;
}

/* --- the terms against the lists --- */

static const struct column plan_term_columns[] = {
        {N_("SIDE"), 8, COL_KEEPS},   {N_("TERM"), 60, COL_SHRINKS},   {N_("NEEDS"), 12, COL_KEEPS},
        {N_("CHOSEN"), 8, COL_RIGHT}, {N_("ELIGIBLE"), 10, COL_RIGHT}, {N_("HOLDS"), 6, COL_KEEPS},
};

static int term_row(void *ctx, const struct pl_plan_term *t)
{
	struct table *tb = ctx;
	char need[48], have[24], elig[24];
	if (t->need_min >= 0 && t->need_max == t->need_min)
		snprintf(need, sizeof(need), "%ld", t->need_min);
	else if (t->need_min >= 0)
		snprintf(need, sizeof(need), ">= %ld", t->need_min);
	else if (t->need_max >= 0)
		snprintf(need, sizeof(need), "<= %ld", t->need_max);
	else
		snprintf(need, sizeof(need), "%s", _("all"));
	table_cell(tb, t->side);
	table_cell(tb, t->text);
	table_cell(tb, need);
	table_cell(tb, num_text(t->have, have, sizeof(have)));
	table_cell(tb, num_text(t->eligible, elig, sizeof(elig)));
	table_cell(tb, t->holds ? _("yes") : _("NO"));
	table_row_end(tb);
	return 0;
}

static int term_json(void *ctx, const struct pl_plan_term *t)
{
	json_t *a = ctx;
	return json_array_append_new(
	               a, json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:b}", "side", t->side, "term",
	                            t->text, "have", (json_int_t)t->have, "need_min",
	                            (json_int_t)t->need_min, "need_max", (json_int_t)t->need_max,
	                            "eligible", (json_int_t)t->eligible, "holds", t->holds))
	               ? PL_EDATA
	               : 0;
}

static int conflict_line(void *ctx, const char *kind, const char *text)
{
	(void)ctx;
	printf("  %s %s\n", !strcmp(kind, "relax") ? _("relax:") : _("conflict:"), text);
	return 0;
}

static int conflict_json(void *ctx, const char *kind, const char *text)
{
	json_t *o = ctx;
	return json_array_append_new(
	               json_object_get(o, !strcmp(kind, "relax") ? "relax" : "conflicts"),
	               json_string(text))
	               ? PL_EDATA
	               : 0;
}

/* --- the members --- */

static const struct column member_columns[] = {
        {N_("SIDE"), 8, COL_KEEPS},  {N_("REF"), 10, COL_KEEPS}, {N_("NAME"), 30, COL_SHRINKS},
        {N_("SCORE"), 8, COL_RIGHT}, {N_("ON"), 4, COL_KEEPS},   {N_("WHY"), 60, COL_SHRINKS},
};

static json_t *member_json(const struct pl_plan_member *m)
{
	return json_pack("{s:s, s:s, s:s?, s:s?, s:f, s:s?, s:b, s:b, s:i, s:s?, s:s?}", "ref",
	                 m->ref, "side", m->side, "family_name", m->family_name, "given_name",
	                 m->given_name, "score", m->score, "detail", m->detail, "chosen", m->chosen,
	                 "named", m->named, "pinned", m->pinned, "reason", m->reason, "unit",
	                 m->unit);
}

static int member_row(void *ctx, const struct pl_plan_member *m)
{
	struct table *tb = ctx;
	char name[420], score[32];
	snprintf(name, sizeof(name), "%s%s%s", m->family_name ? m->family_name : "",
	         m->given_name ? " " : "", m->given_name ? m->given_name : "");
	snprintf(score, sizeof(score), "%.1f", m->score);
	table_cell(tb, m->side);
	table_cell(tb, m->ref);
	table_cell(tb, name);
	table_cell(tb, score);
	table_cell(tb, m->chosen ? _("yes") : "-");
	table_cell(tb, m->reason ? m->reason : m->detail ? m->detail : "");
	table_row_end(tb);
	return 0;
}

static int member_collect(void *ctx, const struct pl_plan_member *m)
{
	json_t *a = ctx, *o = member_json(m);
	return !o || json_array_append_new(a, o) ? PL_EDATA : 0;
}

/* Plan ref in full: the record, the terms, the conflicts, the members (all: everyone). */
static int show_plan(struct ctx *c, const char *ref, int all)
{
	struct pl_record r;
	struct table tb;
	int rc = pl_plan_get(c->db, c->actor, ref, &r, &c->err), infeasible;
	if (rc)
		return rc;
	infeasible = !strcmp(pl_record_get(&r, "status"), "infeasible");
	if (c->json) {
		json_t *o = record_json(&r), *terms = json_array(), *members = json_array();
		json_t *why = json_pack("{s:[], s:[]}", "conflicts", "relax");
		if (!o || !terms || !members || !why ||
		    (rc = pl_plan_terms(c->db, c->actor, ref, term_json, terms, &c->err)) ||
		    (infeasible &&
		     (rc = pl_plan_conflicts(c->db, c->actor, ref, conflict_json, why, &c->err))) ||
		    (rc = pl_plan_members(c->db, c->actor, ref, all, member_collect, members,
		                          &c->err))) {
			rc = rc ? rc : pl_error_set(&c->err, PL_EDATA, "out of memory");
		} else {
			static const char *const nums[] = {"objective", "gap", "seconds"};
			for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++)
				if (pl_record_get(&r, nums[i]))
					json_object_set_new(
					        o, nums[i],
					        json_real(
					                strtod(pl_record_get(&r, nums[i]), NULL)));
			json_object_set(o, "terms", terms);
			json_object_set(o, "members", members);
			if (infeasible) {
				json_object_set(o, "conflicts", json_object_get(why, "conflicts"));
				json_object_set(o, "relax", json_object_get(why, "relax"));
			}
			rc = print_json(o, 1);
		}
		json_decref(o);
		json_decref(terms);
		json_decref(members);
		json_decref(why);
		pl_record_release(&r);
		return rc;
	}
	print_record(&r, "");
	pl_record_release(&r);
	putchar('\n');
	table_begin(&tb, plan_term_columns,
	            (int)(sizeof(plan_term_columns) / sizeof(plan_term_columns[0])));
	rc = pl_plan_terms(c->db, c->actor, ref, term_row, &tb, &c->err);
	table_end(&tb, !rc);
	if (rc)
		return rc;
	if (infeasible) {
		printf("\n%s\n", _("No lists meet the terms:"));
		return pl_plan_conflicts(c->db, c->actor, ref, conflict_line, NULL, &c->err);
	}
	putchar('\n');
	table_begin(&tb, member_columns, (int)(sizeof(member_columns) / sizeof(member_columns[0])));
	rc = pl_plan_members(c->db, c->actor, ref, all, member_row, &tb, &c->err);
	table_end(&tb, !rc);
	return rc;
}

static int run_plan(struct ctx *c)
{
	const char *pins[256], *drops[256], *wpath = opt_get(c, "weights");
	struct pl_plan_in in = {0};
	struct pl_plan_out out;
	char *weights = NULL;
	size_t npins, ndrops;
	int rc;
	in.exchange = c->a.pos[0];
	if ((rc = collect(c, "pin", pins, 256, &npins)) ||
	    (rc = collect(c, "drop", drops, 256, &ndrops)) || (rc = unit_caps(c, in.unit_cap)))
		return rc;
	if (opt_get(c, "time-limit")) {
		long t;
		if ((rc = opt_long(c, "time-limit", 60, &t)))
			return rc;
		if (t < 1 || t > 3600)
			return usage_error(c, "--time-limit: %ld is not between 1 and 3600 seconds",
			                   t);
		in.time_limit = (double)t;
	}
	if (wpath && !(weights = read_weights(c, wpath)))
		return c->err.code;
	in.weights = weights;
	in.pins = pins;
	in.npins = npins;
	in.drops = drops;
	in.ndrops = ndrops;
	in.lp_path = opt_get(c, "lp");
	in.note = opt_get(c, "note");
	rc = pl_plan_make(c->db, c->actor, &in, &out, &c->err);
	free(weights);
	if (rc)
		return rc;
	if (!c->json) {
		printf(_("plan %s for %s: %s, objective %.1f, gap %g, %.2f s\n"), out.ref,
		       in.exchange, out.status, out.objective, out.gap < 0 ? 0 : out.gap,
		       out.seconds);
		for (int s = 0; s < 2; s++)
			if (out.candidates[s] || out.left_out[s])
				printf(_("  %s: %ld chosen of %ld who could go, %ld left out\n"),
				       s ? "give" : "receive", out.count[s], out.candidates[s],
				       out.left_out[s]);
		putchar('\n');
	}
	return show_plan(c, out.ref, 0);
}

static int run_show(struct ctx *c)
{
	return show_plan(c, c->a.pos[0], opt_has(c, "all"));
}

static const struct column list_columns[] = {
        {N_("PLAN"), 8, COL_KEEPS},     {N_("EXCHANGE"), 10, COL_KEEPS},
        {N_("STATUS"), 11, COL_KEEPS},  {N_("OBJECTIVE"), 12, COL_RIGHT},
        {N_("RECEIVE"), 8, COL_RIGHT},  {N_("GIVE"), 6, COL_RIGHT},
        {N_("ADOPTED"), 22, COL_KEEPS}, {N_("BY"), 12, COL_KEEPS},
        {N_("CREATED"), 22, COL_KEEPS},
};

struct list_ctx {
	struct ctx *c;
	struct table tb;
	struct json_stream js;
};

static int list_one(void *ctx, const struct pl_record *r)
{
	struct list_ctx *l = ctx;
	static const char *const fields[] = {"ref",       "exchange",      "status",
	                                     "objective", "receive_count", "give_count",
	                                     "adopted",   "author",        "created"};
	if (l->c->json) {
		json_t *o = record_json(r);
		if (!o)
			return PL_EDATA;
		json_stream_item(&l->js, o);
		return 0;
	}
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *v = pl_record_get(r, fields[i]);
		char buf[32];
		if (v && !strcmp(fields[i], "objective")) {
			snprintf(buf, sizeof(buf), "%.1f", strtod(v, NULL));
			v = buf;
		}
		table_cell(&l->tb, v ? v : "");
	}
	table_row_end(&l->tb);
	return 0;
}

static int run_list(struct ctx *c)
{
	struct list_ctx l = {.c = c};
	int rc;
	if (c->json)
		json_stream_begin(&l.js);
	else
		table_begin(&l.tb, list_columns,
		            (int)(sizeof(list_columns) / sizeof(list_columns[0])));
	rc = pl_plan_list(c->db, c->actor, c->a.npos ? c->a.pos[0] : NULL, list_one, &l, &c->err);
	if (c->json)
		json_stream_end(&l.js);
	else
		table_end(&l.tb, !rc);
	return rc;
}

static int run_explain(struct ctx *c)
{
	struct pl_plan_why why;
	int rc = pl_plan_explain(c->db, c->actor, c->a.pos[0], c->a.pos[1], &why, &c->err);
	if (rc) {
		strbuf_release(&why.because);
		return rc;
	}
	if (c->json) {
		json_t *o = json_pack("{s:s, s:s, s:s?, s:b, s:b, s:f, s:s}", "plan", why.ref,
		                      "person", c->a.pos[1], "side", why.side, "chosen", why.chosen,
		                      "candidate", why.candidate, "score", why.score, "because",
		                      why.because.buf ? why.because.buf : "");
		if (o && why.candidate) {
			json_object_set_new(o, "alternative_feasible",
			                    json_boolean(why.alt_feasible));
			if (why.alt_feasible) {
				json_object_set_new(o, "alternative_objective",
				                    json_real(why.alt_objective));
				json_object_set_new(o, "loss", json_real(why.loss));
			}
			if (why.other[0]) {
				json_object_set_new(o, "compared_with", json_string(why.other));
				json_object_set_new(o, "compared_score",
				                    json_real(why.other_score));
			}
		}
		rc = o ? print_json(o, 1) : pl_error_set(&c->err, PL_EDATA, "out of memory");
		json_decref(o);
	} else {
		printf("%s\n", why.because.buf ? why.because.buf : "");
	}
	strbuf_release(&why.because);
	return rc;
}

struct diff_ctx {
	struct ctx *c;
	struct table tb;
	json_t *a;
};

static const struct column diff_columns[] = {
        {N_("CHANGE"), 9, COL_KEEPS},  {N_("SIDE"), 8, COL_KEEPS},  {N_("REF"), 10, COL_KEEPS},
        {N_("NAME"), 30, COL_SHRINKS}, {N_("SCORE"), 8, COL_RIGHT},
};

static int diff_one(void *ctx, const char *kind, const char *side, const struct pl_plan_member *m)
{
	struct diff_ctx *d = ctx;
	char name[420], score[32];
	if (d->c->json) {
		json_t *o = member_json(m);
		if (!o || json_object_set_new(o, "change", json_string(kind)) ||
		    json_array_append_new(d->a, o))
			return PL_EDATA;
		return 0;
	}
	snprintf(name, sizeof(name), "%s%s%s", m->family_name ? m->family_name : "",
	         m->given_name ? " " : "", m->given_name ? m->given_name : "");
	snprintf(score, sizeof(score), "%.1f", m->score);
	table_cell(&d->tb, kind);
	table_cell(&d->tb, side);
	table_cell(&d->tb, m->ref);
	table_cell(&d->tb, name);
	table_cell(&d->tb, score);
	table_row_end(&d->tb);
	return 0;
}

static int run_diff(struct ctx *c)
{
	struct diff_ctx d = {.c = c};
	struct pl_record ra, rb;
	int rc;
	if ((rc = pl_plan_get(c->db, c->actor, c->a.pos[0], &ra, &c->err)))
		return rc;
	if ((rc = pl_plan_get(c->db, c->actor, c->a.pos[1], &rb, &c->err))) {
		pl_record_release(&ra);
		return rc;
	}
	if (c->json) {
		d.a = json_array();
		rc = pl_plan_diff(c->db, c->actor, c->a.pos[0], c->a.pos[1], diff_one, &d, &c->err);
		if (!rc) {
			json_t *o = json_pack("{s:s, s:s, s:s?, s:s?, s:O}", "from", c->a.pos[0],
			                      "to", c->a.pos[1], "objective_from",
			                      pl_record_get(&ra, "objective"), "objective_to",
			                      pl_record_get(&rb, "objective"), "changes", d.a);
			rc = o ? print_json(o, 1)
			       : pl_error_set(&c->err, PL_EDATA, "out of memory");
			json_decref(o);
		}
		json_decref(d.a);
	} else {
		printf(_("from %s (objective %s) to %s (objective %s)\n\n"), c->a.pos[0],
		       pl_record_get(&ra, "objective") ? pl_record_get(&ra, "objective") : "-",
		       c->a.pos[1],
		       pl_record_get(&rb, "objective") ? pl_record_get(&rb, "objective") : "-");
		table_begin(&d.tb, diff_columns,
		            (int)(sizeof(diff_columns) / sizeof(diff_columns[0])));
		rc = pl_plan_diff(c->db, c->actor, c->a.pos[0], c->a.pos[1], diff_one, &d, &c->err);
		table_end(&d.tb, !rc);
		if (!rc && !d.tb.rows)
			printf("%s\n", _("the two plans choose the same persons"));
	}
	pl_record_release(&ra);
	pl_record_release(&rb);
	return rc;
}

static int run_adopt(struct ctx *c)
{
	long added, removed;
	int rc = pl_plan_adopt(c->db, c->actor, c->a.pos[0], &added, &removed, &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *o = json_pack("{s:s, s:I, s:I}", "plan", c->a.pos[0], "added",
		                      (json_int_t)added, "removed", (json_int_t)removed);
		rc = print_json(o, 0);
		json_decref(o);
		return rc;
	}
	printf(_("plan %s adopted: %ld put on the request lists, %ld taken off\n"), c->a.pos[0],
	       added, removed);
	return 0;
}

struct weights_ctx {
	struct ctx *c;
	struct json_stream js;
};

static int weight_line(void *ctx, const char *key, double value, int set, const char *meaning)
{
	struct weights_ctx *w = ctx;
	if (w->c->json) {
		json_t *o = json_pack("{s:s, s:f, s:b, s:s}", "key", key, "value", value, "set",
		                      set, "meaning", meaning);
		if (!o)
			return PL_EDATA;
		json_stream_item(&w->js, o);
		return 0;
	}
	printf("%-26s %8g  %-8s %s\n", key, value, set ? _("set") : _("default"), meaning);
	return 0;
}

static int run_weights(struct ctx *c)
{
	struct weights_ctx w = {.c = c};
	int rc;
	if (c->a.npos == 2) {
		if ((rc = pl_plan_weight_set(c->db, c->actor, c->a.pos[0], c->a.pos[1], &c->err)))
			return rc;
		if (!c->json)
			printf(_("weight %s = %s\n"), c->a.pos[0], c->a.pos[1]);
		return 0;
	}
	if (c->a.npos == 1)
		return usage_error(c, "plan weights: give a key and its value, or neither");
	if (c->json)
		json_stream_begin(&w.js);
	rc = pl_plan_weights(c->db, c->actor, weight_line, &w, &c->err);
	if (c->json)
		json_stream_end(&w.js);
	return rc;
}

static const struct opt plan_opts[] = {
        {.name = "weights",
         .arg = "FILE",
         .help = "weights for this plan, 'key = value' lines over the office's",
         .values = V_FILE},
        {.name = "pin", .arg = "REF", .repeat = 1, .help = "a person who must be on the list"},
        {.name = "drop", .arg = "REF", .repeat = 1, .help = "a person who must not"},
        {.name = "unit-cap",
         .arg = "SIDE:N",
         .repeat = 1,
         .help = "at most N persons of one unit on the side's list (receive:25)"},
        {.name = "time-limit", .arg = "SECONDS", .help = "stop the search after this long (60)"},
        {.name = "lp",
         .arg = "FILE",
         .help = "write the model as a CPLEX LP file",
         .values = V_FILE},
        {.name = "note", .arg = "TEXT", .help = "a note kept with the plan"},
        {.name = NULL},
};

static const struct opt show_opts[] = {
        {.name = "all", .help = "every person weighed, with why each was left off"},
        {.name = NULL},
};

const struct command cmd_plan[] = {
        {.name = "plan",
         .usage = "EXCHANGE [--weights FILE] [--pin REF]... [--drop REF]... "
                  "[--unit-cap SIDE:N]... [--lp FILE]",
         .summary = "choose the lists of an exchange, proven best under its terms",
         .description =
                 "Chooses who goes on each list of the exchange EXCHANGE (a draft or proposed "
                 "one, with terms) so that every term of its formula holds and the lists are "
                 "the best the office's priorities allow: ours by a priority score (health, "
                 "time held, age, civilians, women, a sentence in captivity, tags), theirs "
                 "the least valued first (a sentence or proceedings here, military, rank). "
                 "Ours must be of confirmed or probable captivity and theirs held, consenting, "
                 "barred by no policy rule at level block and by no red line of the "
                 "negotiation desk (a not_negotiable position); nobody on an open list of "
                 "another exchange. The choice is an integer programme solved exactly by "
                 "GLPK: the objective, the gap (0 when proven optimal) and the time are "
                 "printed. The plan is saved (P-0001) with everything that made it, feasible "
                 "or not; when no lists meet the terms, it says which terms conflict and the "
                 "smallest relaxations.\n\n"
                 "`--weights FILE` changes weights for this plan (`parley plan weights` lists "
                 "them; docs/planner.md says what each counts); a plan made so is the head's "
                 "to adopt. `--pin` and `--drop` keep a person on or off; `--unit-cap "
                 "receive:25` allows at most 25 of one unit on a side; `--lp FILE` writes the "
                 "model for another solver (glpsol, cbc). Negotiators and heads.",
         .examples = "parley --as olena plan E-0003\n"
                     "parley --as olena plan E-0003 --pin U-000123 --unit-cap receive:5\n"
                     "parley --as olena plan E-0003 --lp model.lp --json",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = plan_opts,
         .run = run_plan},
        {.name = "plan show",
         .usage = "PLAN [--all]",
         .summary = "a plan: its inputs, its terms against its lists, who it chose",
         .description = "Shows the plan PLAN as it was made: its inputs (terms, day counted to, "
                        "weights, pins, drops, caps), the outcome, each term against the lists "
                        "chosen, and who was chosen with their scores; `--all` adds every "
                        "person weighed and why each left off was. An infeasible plan shows "
                        "its conflicts and the smallest relaxations.",
         .examples = "parley --as olena plan show P-0002 --all",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = show_opts,
         .run = run_show},
        {.name = "plan list",
         .usage = "[EXCHANGE]",
         .summary = "the plans, newest first",
         .description = "Every plan, or those of the exchange EXCHANGE, newest first: status, "
                        "objective, how many each side, whether adopted.",
         .examples = "parley --as olena plan list E-0003",
         .flags = DBA,
         .min_pos = 0,
         .max_pos = 1,
         .run = run_list},
        {.name = "plan explain",
         .usage = "PLAN PERSON",
         .summary = "why a person is on a plan's list or not",
         .description = "Why the person PERSON is on the plan PLAN's list or not, in words a "
                        "family could be told: their score and its parts, and the plan "
                        "re-solved the other way round, with the person left off (or put on): "
                        "how much worse the best lists are then and who would take the place "
                        "(or be left off); or the rule that keeps them off (not eligible, "
                        "a red line, a policy rule, a constraint).",
         .examples = "parley --as olena plan explain P-0002 U-000123",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .run = run_explain},
        {.name = "plan diff",
         .usage = "PLAN PLAN",
         .summary = "who one plan chose that the other did not",
         .description = "The persons the second plan chose that the first did not (added) "
                        "and the other way round (removed), each side, with the objectives: "
                        "a what-if (plan again with --pin, --drop or --weights) against the "
                        "plan it changes.",
         .examples = "parley --as olena plan diff P-0002 P-0003",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .run = run_diff},
        {.name = "plan adopt",
         .usage = "PLAN",
         .summary = "make a plan the exchange's request lists",
         .description = "Makes the plan PLAN the request lists of its exchange: who is on "
                        "them and not in the plan comes off, who is in the plan goes on, every "
                        "list rule and policy rule checked as for a person added by hand, all "
                        "or nothing, audited. Refused for an infeasible plan, a plan adopted "
                        "already, a plan whose exchange's terms changed since, and (but for "
                        "the head) a plan made with weights not the office's.",
         .examples = "parley --as olena plan adopt P-0002",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_adopt},
        {.name = "plan weights",
         .usage = "[KEY VALUE]",
         .summary = "the office's weights of the planner",
         .description = "Without arguments, every weight of the planner: its value, whether "
                        "the head set it or it is the default, and what it counts. With KEY "
                        "and VALUE (-1000 to 1000) the head sets one for every plan from now "
                        "on (audited). Tag weights are `tag.TAG` (ours) and `value.tag.TAG` "
                        "(theirs) for any role tag.",
         .examples = "parley --as olena plan weights\n"
                     "parley --as head plan weights civilian 60",
         .flags = DBA,
         .min_pos = 0,
         .max_pos = 2,
         .run = run_weights},
        {.name = NULL},
};
