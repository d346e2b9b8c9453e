/* cmd-dedup.c - parley dedup: likely duplicate persons inside the registry */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parley/match.h"
#include "cli.h"
#include "banned.h"

struct dedup_out {
	struct ctx *c;
	struct json_stream js;
	long n;
};

static void header(void)
{
	print_cell(_("REF"), 10);
	print_cell(_("DUPLICATE"), 10);
	print_cell(_("SCORE"), 6);
	printf("%s\n", _("WHY"));
}

static int dedup_one(void *ctx, const struct pl_dedup_pair *p)
{
	struct dedup_out *o = ctx;
	const struct pl_match_candidate *c = &p->b;
	o->n++;
	if (o->c->json) {
		json_t *j = json_pack("{s:s, s:s, s:f}", "ref", p->ref_a, "duplicate", c->ref,
		                      "score", c->score);
		json_t *fields = json_object();
		if (!j || !fields) {
			json_decref(j);
			json_decref(fields);
			return pl_error_set(&o->c->err, PL_EDATA, "out of memory");
		}
		for (int f = 0; f < PL_MF__MAX; f++)
			if (json_object_set_new(fields, pl_match_field_names[f],
			                        json_string(c->level[f] == PL_MATCH_LEVEL_MISSING
			                                            ? "not compared"
			                                            : c->explain[f]))) {
				json_decref(j);
				json_decref(fields);
				return pl_error_set(&o->c->err, PL_EDATA, "out of memory");
			}
		json_object_set_new(j, "fields", fields);
		json_stream_item(&o->js, j);
		return 0;
	}
	if (o->n == 1)
		header();
	{
		char score[16];
		snprintf(score, sizeof(score), "%.2f", c->score);
		print_cell(p->ref_a, 10);
		print_cell(c->ref, 10);
		print_cell(score, 6);
		print_comparison(c);
		putchar('\n');
	}
	return 0;
}

static int run_dedup(struct ctx *c)
{
	struct pl_dedup_opts o = {opt_get(c, "side"), 0, 0};
	struct dedup_out out = {c, {0}, 0};
	struct pl_match_stats st;
	const char *min = opt_get(c, "min-score");
	int rc;

	if (min) {
		char *end;
		o.min_score = strtod(min, &end);
		if (end == min || *end || !(o.min_score > 0 && o.min_score <= 1))
			return usage_error(
			        c, "--min-score: '%s' is not a number above 0, at most 1", min);
	}
	if (opt_long(c, "limit", 0, &o.limit))
		return PL_EUSAGE;
	if ((rc = ensure_name_index(c)))
		return rc;
	if (c->json)
		json_stream_begin(&out.js);
	rc = pl_dedup(c->db, c->actor, &o, dedup_one, &out, &st, &c->err);
	if (rc)
		return rc;
	if (c->json)
		json_stream_end(&out.js);
	else if (!out.n)
		printf(Q_("no likely duplicates among %zu person\n",
		          "no likely duplicates among %zu persons\n", (long long)st.rows),
		       st.rows);
	else
		printf(Q_("(%ld likely duplicate pair among %zu persons; merge with parley person "
		          "merge KEEP DUP --reason TEXT)\n",
		          "(%ld likely duplicate pairs among %zu persons; merge with parley person "
		          "merge KEEP DUP --reason TEXT)\n",
		          out.n),
		       out.n, st.rows);
	return 0;
}

static const struct opt dedup_opts[] = {
        {"side", "SIDE", 0, "captives or detainees only", 0},
        {"min-score", "P", 0, "pairs scoring at least P, 0 < P <= 1 (default 0.5)", 0},
        {"limit", "N", 0, "at most N pairs, likeliest first", 0},
        {NULL, NULL, 0, NULL, 0},
};

const struct command cmd_dedup[] = {
        {"dedup", "[--side SIDE] [--min-score P] [--limit N]",
         "propose likely duplicate persons in the registry, with the reasons", CMD_DB | CMD_ACTOR,
         0, 0, 0, dedup_opts, run_dedup},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
