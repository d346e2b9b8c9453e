/* cmd-dedup.c - parley dedup: likely duplicate persons inside the registry */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parley/match.h"
#include "parley/strbuf.h"
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
		{
			struct strbuf sb = STRBUF_INIT;
			comparison_text(c, &sb);
			print_last_cell(sb.buf ? sb.buf : "", 26);
			strbuf_release(&sb);
		}
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
        {.name = "side",
         .arg = "SIDE",
         .help = "captives or detainees only",
         .values = V_FIELD("person.side")},
        {.name = "min-score",
         .arg = "P",
         .help = "pairs scoring at least P, 0 < P <= 1 (default 0.5)"},
        {.name = "limit", .arg = "N", .help = "at most N pairs, likeliest first"},
        {.name = NULL},
};

const struct command cmd_dedup[] = {
        {.name = "dedup",
         .usage = "[--side SIDE] [--min-score P] [--limit N]",
         .summary = "propose likely duplicate persons in the registry, with the reasons",
         .description =
                 "Proposes pairs of persons of the registry that may be one person entered "
                 "twice (in two languages, with a typo, with day and month swapped), likeliest "
                 "first: REF, DUPLICATE (the newer record), the probability and what each "
                 "field's comparison found; `--json` an array. Pairs from probability 0.5 "
                 "unless `--min-score` says otherwise; never across sides. Compares as `parley "
                 "match` does (docs/matching.md). Writes nothing: join a pair with `parley person "
                 "merge`. Needs person.list (registrar, liaison, negotiator, head).",
         .examples = "parley dedup --side captive --limit 20\n"
                     "parley dedup --min-score 0.9 --json",
         .flags = CMD_DB | CMD_ACTOR | CMD_PROGRESS,
         .opts = dedup_opts,
         .run = run_dedup},
        {.name = NULL},
};
