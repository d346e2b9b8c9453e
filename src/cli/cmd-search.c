/* cmd-search.c - parley search: persons by any spelling of their name */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parley/search.h"
#include "cli.h"
#include "banned.h"

struct search_out {
	struct ctx *c;
	struct json_stream js;
	long n;
	struct table t; /* search_columns, measured on the first page */
};

static const struct column search_columns[] = {
        {N_("REF"), 10, COL_KEEPS},    {N_("RANK"), 5, 0},
        {N_("SCORE"), 6, 0},           {N_("STATUS"), 26, COL_KEEPS},
        {N_("NAME"), 42, COL_SHRINKS}, {N_("BORN"), 12, 0},
};
_Static_assert(sizeof(search_columns) / sizeof(search_columns[0]) <= TABLE_MAXCOLS,
               "a width for each column");

static int search_one(void *ctx, const struct pl_search_hit *h)
{
	struct search_out *s = ctx;
	const struct pl_record *r = h->person;
	const struct pl_entity *e = r->ent;
	char name[400], score[16], date[16], rank[32];
	s->n++;
	if (s->c->json) {
		json_t *o = record_json(r);
		/* a tie says what ordered it: agreeing, and the evidence where it was seen */
		if (!o || json_object_set_new(o, "score", json_real(h->score)) ||
		    json_object_set_new(o, "rank", json_integer(h->rank)) ||
		    json_object_set_new(o, "tied", json_boolean(h->tied)) ||
		    (h->tied && json_object_set_new(o, "agreeing", json_integer(h->agreeing))) ||
		    (h->latest_evidence[0] &&
		     json_object_set_new(o, "latest_evidence", json_string(h->latest_evidence)))) {
			json_decref(o);
			return pl_error_set(&s->c->err, PL_EDATA, "out of memory");
		}
		json_stream_item(&s->js, o);
		return 0;
	}
	snprintf(name, sizeof(name), "%s %s %s", pl_record_get(r, "family_name"),
	         pl_record_get(r, "given_name") ? pl_record_get(r, "given_name") : "",
	         pl_record_get(r, "patronymic") ? pl_record_get(r, "patronymic") : "");
	snprintf(score, sizeof(score), "%.2f", h->score);
	snprintf(rank, sizeof(rank), "%ld%s", h->rank, h->tied ? "=" : "");
	table_cell(&s->t, h->ref);
	table_cell(&s->t, rank);
	table_cell(&s->t, score);
	table_cell(&s->t, value_text(&e->fields[pl_field_index(e, "status")],
	                             pl_record_get(r, "status"), NULL, 0));
	table_cell(&s->t, name);
	table_cell(&s->t, date_text(pl_record_get(r, "birth_date"), date, sizeof(date)));
	table_row_end(&s->t);
	return 0;
}

static int reindex(struct ctx *c)
{
	long long n = 0;
	int rc = pl_search_reindex(c->db, c->actor, &n, &c->err);
	if (rc)
		return rc;
	if (!c->json)
		printf(Q_("name index rebuilt: %lld person\n", "name index rebuilt: %lld persons\n",
		          n),
		       n);
	return 0;
}

static int run_search(struct ctx *c)
{
	struct pl_search_opts o = {0, opt_get(c, "side"), 0};
	struct search_out s = {c, {0}, 0, {0}};
	const char *year = opt_get(c, "year");
	char text[4096];
	size_t len = 0;
	int rc;

	if (opt_has(c, "reindex")) {
		if (c->a.npos)
			return usage_error(c, "search: --reindex takes no name");
		return reindex(c);
	}
	if (!c->a.npos)
		return usage_error(c,
		                   "search: give a name, e.g. parley search \"Сергій Ковальов\"");
	if (year) {
		char *end;
		long y;
		errno = 0;
		y = strtol(year, &end, 10);
		if (errno || end == year || *end || y < 1900 || y > 2100)
			return usage_error(c, "--year: '%s' is not a year from 1900 to 2100", year);
		o.birth_year = (int)y;
	}
	if (opt_long(c, "limit", PL_SEARCH_DEFAULT_LIMIT, &o.limit))
		return PL_EUSAGE;
	if (!o.limit)
		return usage_error(c, "--limit: give a number >= 1");
	text[0] = '\0';
	for (int i = 0; i < c->a.npos; i++) {
		int m = snprintf(text + len, sizeof(text) - len, "%s%s", i ? " " : "", c->a.pos[i]);
		if (m < 0 || (size_t)m >= sizeof(text) - len)
			return usage_error(c, "search: the name is too long");
		len += (size_t)m;
	}
	if ((rc = ensure_name_index(c)))
		return rc;
	table_begin(&s.t, search_columns, 6);
	if (c->json)
		json_stream_begin(&s.js);
	rc = pl_search(c->db, c->actor, text, &o, search_one, &s, &c->err);
	if (!c->json) /* the header once the search was allowed */
		table_end(&s.t, !rc);
	if (c->json) {
		if (rc) /* no half array on stdout: the message says what failed */
			return rc;
		json_stream_end(&s.js);
	} else if (!rc) {
		printf(Q_("(%ld person)\n", "(%ld persons)\n", s.n), s.n);
	}
	return rc;
}

static const struct opt search_opts[] = {
        {.name = "year",
         .arg = "YYYY",
         .help = "born that year (persons born another known year are left out)"},
        {.name = "side",
         .arg = "SIDE",
         .help = "captive or detainee",
         .values = V_FIELD("person.side")},
        {.name = "limit", .arg = "N", .help = "at most N persons (default 20)"},
        {.name = "reindex", .help = "rebuild the name index (whoever may search, and admins)"},
        {.name = NULL},
};

const struct command cmd_search[] = {
        {.name = "search",
         .usage = "NAME... [--year YYYY] [--side SIDE] [--limit N]",
         .summary = "find persons by any spelling of their name (Cyrillic or Latin, any order, "
                    "typos)",
         .description =
                 "Finds persons by any spelling of their name: Russian or Ukrainian Cyrillic, "
                 "Latin letters by kmu2010, icao, bgn, gost-b or informal spellings, words in "
                 "any order, patronymic left out, one letter wrong (`SERGEI KOVALEV`, `Serhii "
                 "Kovalov` and `Сергей Ковалёв` all find Сергій Ковальов). Prints REF RANK SCORE "
                 "STATUS NAME BORN, best first (score 0 to 1), at most 20 unless `--limit` says "
                 "otherwise; `--json` gives an array of the fields of `parley person list` with "
                 "`score`, `rank` and `tied`. Equal scores are a tie and share a rank, marked "
                 "`=` (`1=`); tied persons come with more parts of the name (and the year "
                 "given) agreeing outright first, then the one with the latest evidence (where "
                 "the account may see evidence), then by reference; in JSON a tied person has "
                 "`agreeing` and `latest_evidence` (docs/matching.md, Ties). `--year` leaves "
                 "out persons born another "
                 "known year; a year among the words does the same (`Ковальов Сергій 1985`). "
                 "Initials are read as such (`Ковальов С. І.`, `Kovalov S.`): the first is "
                 "the given name's, the second the patronymic's; a name that begins so ranks "
                 "above one that does not. "
                 "Needs person.list (registrar, liaison, negotiator, head).\n\n"
                 "The name index behind it follows every write of a person but an import, which "
                 "marks it stale once; the next search rebuilds it, as `--reindex` does (whoever "
                 "may search, and admins).",
         .examples = "parley search SERGEI KOVALEV --year 1985\n"
                     "parley search Ковальов --side captive --json",
         .flags = CMD_DB | CMD_ACTOR | CMD_PROGRESS,
         .max_pos = -1,
         .opts = search_opts,
         .run = run_search},
        {.name = NULL},
};
