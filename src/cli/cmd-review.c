/* cmd-review.c - parley match runs | match review: the saved runs and their review */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "parley/review.h"
#include "cli.h"
#include "banned.h"

/* The fields a candidate is compared on, in the order of enum pl_match_field. */
static const char *const field_names[PL_MF__MAX] = {"family_name", "given_name", "patronymic",
                                                    "birth_date", "unit"};

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* --- match runs --- */

struct runs_out {
	struct ctx *c;
	struct json_stream js;
	long n;
	struct table t; /* runs_columns, measured on the first page */
};

static const struct column runs_columns[] = {
        {N_("RUN"), 6, COL_KEEPS}, {N_("LIST DATE"), 12, 0}, {N_("SOURCE"), 12, COL_SHRINKS},
        {N_("ROWS"), 7, 0},        {N_("MATCH"), 7, 0},      {N_("POSSIBLE"), 9, 0},
        {N_("NONE"), 6, 0},        {N_("PENDING"), 9, 0},    {N_("LABEL"), 40, COL_SHRINKS},
};
_Static_assert(sizeof(runs_columns) / sizeof(runs_columns[0]) <= TABLE_MAXCOLS,
               "a width for each column");

static json_t *run_json(const struct pl_match_run *r)
{
	return json_pack("{s:I, s:o, s:o, s:s, s:o, s:o, s:o, s:o, s:s, s:I, s:I, s:I, s:I, s:I, "
	                 "s:I, s:I}",
	                 "run", (json_int_t)r->id, "label", str_or_null(r->label), "list_date",
	                 str_or_null(r->list_date), "source", r->source, "file_name",
	                 str_or_null(r->file_name), "file_hash", str_or_null(r->file_hash), "note",
	                 str_or_null(r->note), "author", str_or_null(r->author), "created",
	                 r->created, "rows", (json_int_t)r->rows, "match", (json_int_t)r->matches,
	                 "possible", (json_int_t)r->possible, "none", (json_int_t)r->none,
	                 "pending", (json_int_t)r->pending, "accepted", (json_int_t)r->accepted,
	                 "rejected", (json_int_t)r->rejected);
}

/* The words of a review state. */
static const char *state_text(enum pl_review_state s)
{
	switch (s) {
	case PL_REVIEW_ACCEPTED:
		return _("accepted");
	case PL_REVIEW_REJECTED:
		return _("rejected");
	default:
		return _("pending");
	}
}

static int runs_one(void *ctx, const struct pl_match_run *r)
{
	struct runs_out *o = ctx;
	char n[32];
	o->n++;
	if (o->c->json) {
		json_t *j = run_json(r);
		if (!j)
			return pl_error_set(&o->c->err, PL_EDATA, "out of memory");
		json_stream_item(&o->js, j);
		return 0;
	}
	snprintf(n, sizeof(n), "%lld", r->id);
	table_cell(&o->t, n);
	table_cell(&o->t, r->list_date);
	table_cell(&o->t, r->source);
	snprintf(n, sizeof(n), "%lld", r->rows);
	table_cell(&o->t, n);
	snprintf(n, sizeof(n), "%lld", r->matches);
	table_cell(&o->t, n);
	snprintf(n, sizeof(n), "%lld", r->possible);
	table_cell(&o->t, n);
	snprintf(n, sizeof(n), "%lld", r->none);
	table_cell(&o->t, n);
	snprintf(n, sizeof(n), "%lld", r->pending);
	table_cell(&o->t, n);
	table_cell(&o->t, r->label);
	table_row_end(&o->t);
	return 0;
}

static int run_runs(struct ctx *c)
{
	struct runs_out o = {c, {0}, 0, {0}};
	int rc;
	if (c->json)
		json_stream_begin(&o.js);
	table_begin(&o.t, runs_columns, 9);
	rc = pl_match_runs(c->db, c->actor, 0, runs_one, &o, &c->err);
	if (!c->json) /* the header once the listing was allowed */
		table_end(&o.t, !rc);
	if (c->json) {
		if (rc) /* no half array on stdout */
			return rc;
		json_stream_end(&o.js);
	} else if (!rc) {
		printf(Q_("(%ld run)\n", "(%ld runs)\n", o.n), o.n);
	}
	return rc;
}

/* --- match review: listing --- */

/* The refs of the candidates of the row printed last (for the interactive "a2"). */
struct row_out {
	struct ctx *c;
	struct json_stream js;
	long n;
	long *rows; /* collecting row numbers instead of printing (interactive) */
	size_t nrows, cap;
	char cand[PL_MATCH_MAX_CANDIDATES][PL_REF_MAX];
	int ncand;
};

static json_t *row_json(const struct pl_review_row *r)
{
	json_t *o, *cands = json_array();
	if (!cands)
		return NULL;
	for (int k = 0; k < r->ncand; k++) {
		const struct pl_review_candidate *c = &r->cand[k];
		json_t *fields = json_array(), *cj;
		if (!fields)
			goto fail;
		for (int f = 0; f < PL_MF__MAX; f++) {
			json_t *fj =
			        json_pack("{s:s, s:i, s:f, s:o}", "field", field_names[f], "level",
			                  (int)c->m.level[f], "weight", c->m.weight[f], "explain",
			                  str_or_null(c->m.explain[f]));
			if (!fj || json_array_append_new(fields, fj)) {
				json_decref(fields);
				goto fail;
			}
		}
		cj = json_pack("{s:s, s:f, s:o, s:o, s:o, s:o, s:o, s:o, s:o}", "ref", c->m.ref,
		               "score", c->m.score, "family_name", str_or_null(c->family),
		               "given_name", str_or_null(c->given), "patronymic",
		               str_or_null(c->patronymic), "birth_date", str_or_null(c->birth_date),
		               "unit", str_or_null(c->unit), "merged_into",
		               str_or_null(c->merged_into), "fields", fields);
		if (!cj || json_array_append_new(cands, cj))
			goto fail;
	}
	o = json_pack(
	        "{s:I, s:i, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, "
	        "s:o}",
	        "run", (json_int_t)r->run_id, "row", (int)r->row, "line",
	        r->line > 0 ? json_integer(r->line) : json_null(), "family_name",
	        str_or_null(r->family), "given_name", str_or_null(r->given), "patronymic",
	        str_or_null(r->patronymic), "birth_date", str_or_null(r->birth_date), "decision",
	        r->decision == PL_MATCH_MATCH      ? "match"
	        : r->decision == PL_MATCH_POSSIBLE ? "possible"
	                                           : "none",
	        "review", pl_review_state_names[r->state], "person", str_or_null(r->person_ref),
	        "evidence_id", r->evidence_id ? json_integer(r->evidence_id) : json_null(),
	        "reviewer", str_or_null(r->reviewer), "reviewed", str_or_null(r->reviewed), "note",
	        str_or_null(r->note), "candidates", cands);
	return o;
fail:
	json_decref(cands);
	return NULL;
}

static void print_names(const char *a, const char *b, const char *c)
{
	const char *v[] = {a, b, c};
	int n = 0;
	for (int i = 0; i < 3; i++)
		if (v[i])
			printf("%s%s", n++ ? " " : "", v[i]);
	if (!n)
		printf("(%s)", _("no name"));
}

static void print_row(struct row_out *o, const struct pl_review_row *r)
{
	printf(_("row %ld"), r->row);
	if (r->line > 0)
		printf(_(" (line %ld)"), r->line);
	printf("  %s  %s\n", decision_text((int)r->decision), state_text(r->state));
	printf("  %s ", _("as listed:"));
	print_names(r->family, r->given, r->patronymic);
	if (r->birth_date)
		printf(_(", born %s"), r->birth_date);
	if (r->unit)
		printf(_(", unit %s"), r->unit);
	putchar('\n');
	if (r->state != PL_REVIEW_PENDING) {
		printf("  %s", state_text(r->state));
		if (r->person_ref)
			printf(": %s", r->person_ref);
		printf(_(" by %s, %s"), r->reviewer ? r->reviewer : "?",
		       r->reviewed ? r->reviewed : "?");
		if (r->evidence_id)
			printf(_(", evidence #%lld"), r->evidence_id);
		putchar('\n');
		if (r->note)
			printf("  %s: %s\n", _("note"), r->note);
	}
	o->ncand = r->ncand;
	for (int k = 0; k < r->ncand; k++) {
		const struct pl_review_candidate *c = &r->cand[k];
		snprintf(o->cand[k], sizeof(o->cand[k]), "%s", c->m.ref);
		printf("  %d. %-10s ", k + 1, c->m.ref);
		printf(_("score %.3f"), c->m.score);
		printf("  ");
		print_names(c->family, c->given, c->patronymic);
		if (c->birth_date)
			printf(", %s", c->birth_date);
		if (c->unit)
			printf(", %s", c->unit);
		if (c->merged_into)
			printf("  [%s %s]", _("merged into"), c->merged_into);
		putchar('\n');
		for (int f = 0; f < PL_MF__MAX; f++) {
			printf("       ");
			print_cell(match_field_text(f), 16);
			if (c->m.level[f] == PL_MATCH_LEVEL_MISSING)
				printf(" %7s  %s\n", "-",
				       _(c->m.explain[f] ? c->m.explain[f] : N_("not compared")));
			else
				printf(" %+7.2f  %s\n", c->m.weight[f],
				       c->m.explain[f] ? _(c->m.explain[f]) : "");
		}
	}
}

static int rows_one(void *ctx, const struct pl_review_row *r)
{
	struct row_out *o = ctx;
	o->n++;
	if (o->rows) {
		if (o->nrows == o->cap) {
			size_t cap = o->cap ? 2 * o->cap : 64;
			long *v = realloc(o->rows, cap * sizeof(*v));
			if (!v)
				return pl_error_set(&o->c->err, PL_EDATA, "out of memory");
			o->rows = v;
			o->cap = cap;
		}
		o->rows[o->nrows++] = r->row;
		return 0;
	}
	if (o->c->json) {
		json_t *j = row_json(r);
		if (!j)
			return pl_error_set(&o->c->err, PL_EDATA, "out of memory");
		json_stream_item(&o->js, j);
		return 0;
	}
	if (o->n > 1)
		putchar('\n');
	print_row(o, r);
	return 0;
}

/* Counts the rows a filter selects (a row asked for by --row exists or not). */
static int count_one(void *ctx, const struct pl_review_row *r)
{
	(void)r;
	++*(long *)ctx;
	return 0;
}

/* The header of a run: what the list is, how far its review is. */
static int header_one(void *ctx, const struct pl_match_run *r)
{
	(void)ctx;
	printf(_("match run %lld: %s"), r->id, r->label);
	if (r->list_date)
		printf(_(" of %s"), r->list_date);
	printf(" (%s", r->source);
	if (r->file_name)
		printf(", %s", r->file_name);
	printf(")\n");
	printf(_("%lld rows: %lld match, %lld possible, %lld none; %lld pending, %lld accepted, "
	         "%lld rejected\n\n"),
	       r->rows, r->matches, r->possible, r->none, r->pending, r->accepted, r->rejected);
	return 0;
}

/* --- match review: deciding --- */

static int parse_row(struct ctx *c, const char *opt, const char *v, long *row, const char **ref)
{
	char *end;
	long n;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || end == v || n < 1 || (*end && !(ref && *end == '=' && end[1])))
		return usage_error(c, "--%s: '%s' is not %s", opt, v,
		                   ref ? "ROW or ROW=REF (e.g. 17 or 17=U-000123)"
		                       : "a row number");
	*row = n;
	if (ref)
		*ref = *end == '=' ? end + 1 : NULL;
	return 0;
}

static void review_opts(struct ctx *c, struct pl_review_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->accept_matches = opt_has(c, "accept-matches");
	o->evidence = opt_has(c, "evidence");
	o->reliability = opt_get(c, "reliability");
	o->credibility = opt_get(c, "credibility");
	o->note = opt_get(c, "note");
}

static int print_result(struct ctx *c, long long run, const struct pl_review_result *r)
{
	if (c->json) {
		json_t *j = json_pack("{s:I, s:I, s:I, s:I}", "run", (json_int_t)run, "accepted",
		                      (json_int_t)r->accepted, "rejected", (json_int_t)r->rejected,
		                      "evidence", (json_int_t)r->evidence);
		int rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(_("match run %lld: %ld accepted"), run, r->accepted);
	if (r->evidence)
		printf(_(" (%ld with the list added as evidence)"), r->evidence);
	printf(_(", %ld rejected\n"), r->rejected);
	return 0;
}

static int decide(struct ctx *c, long long run)
{
	struct pl_review_decision d[128];
	struct pl_review_opts o;
	struct pl_review_result res = {0};
	size_t n = 0;
	const char *v;
	int rc;

	for (int i = 0; (v = opt_get_nth(c, "accept", i)); i++) {
		if (n >= sizeof(d) / sizeof(d[0]))
			return usage_error(c, "too many decisions at once (at most %zu)",
			                   sizeof(d) / sizeof(d[0]));
		d[n].accept = 1;
		if (parse_row(c, "accept", v, &d[n].row, &d[n].ref))
			return PL_EUSAGE;
		n++;
	}
	for (int i = 0; (v = opt_get_nth(c, "reject", i)); i++) {
		if (n >= sizeof(d) / sizeof(d[0]))
			return usage_error(c, "too many decisions at once (at most %zu)",
			                   sizeof(d) / sizeof(d[0]));
		d[n].accept = 0;
		d[n].ref = NULL;
		if (parse_row(c, "reject", v, &d[n].row, NULL))
			return PL_EUSAGE;
		n++;
	}
	review_opts(c, &o);
	if ((rc = pl_match_review(c->db, c->actor, run, n ? d : NULL, n, &o, &res, &c->err)))
		return rc;
	return print_result(c, run, &res);
}

/* --- match review: on a terminal, row by row --- */

static int ask(struct ctx *c, long long run, struct row_out *o, long row, int *quit)
{
	struct pl_review_filter f = {NULL, NULL, row};
	struct pl_review_opts opts;
	struct pl_review_decision d = {row, 0, NULL};
	struct pl_review_result res = {0};
	char line[128];
	int rc;

	o->n = 0;
	if ((rc = pl_match_review_rows(c->db, c->actor, run, &f, rows_one, o, &c->err)))
		return rc;
	for (;;) {
		char *p;
		printf("\n%s",
		       _("[a]ccept the best candidate, a2 the second, a REF another person, "
		         "[r]eject, [s]kip, [q]uit: "));
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin)) {
			*quit = 1;
			return 0;
		}
		line[strcspn(line, "\r\n")] = '\0';
		for (p = line; *p == ' '; p++)
			;
		if (!strcmp(p, "q")) {
			*quit = 1;
			return 0;
		}
		if (!strcmp(p, "s") || !*p)
			return 0;
		if (!strcmp(p, "r")) {
			d.accept = 0;
			break;
		}
		if (p[0] == 'a') {
			d.accept = 1;
			p++;
			while (*p == ' ')
				p++;
			if (!*p) {
				d.ref = NULL;
				break;
			}
			if (*p >= '1' && *p <= '9' && !p[1]) {
				int k = *p - '1';
				if (k < o->ncand) {
					d.ref = o->cand[k];
					break;
				}
				printf(Q_("row %ld has %d candidate\n",
				          "row %ld has %d candidates\n", o->ncand),
				       row, o->ncand);
				continue;
			}
			d.ref = p;
			break;
		}
		printf("%s\n", _("say a, a2, a U-000123, r, s or q"));
	}
	review_opts(c, &opts);
	opts.accept_matches = 0;
	rc = pl_match_review(c->db, c->actor, run, &d, 1, &opts, &res, &c->err);
	if (rc) {
		/* a bad answer is said and the review goes on */
		say_error(&c->err);
		c->err.msg[0] = '\0';
		return rc == PL_EPERM ? rc : 0;
	}
	printf(d.accept ? _("row %ld accepted\n") : _("row %ld rejected\n"), row);
	return 0;
}

static int interactive(struct ctx *c, long long run)
{
	struct pl_review_filter f = {"pending", "possible", 0};
	struct row_out o = {c, {0}, 0, NULL, 0, 0, {{0}}, 0};
	int rc, quit = 0;
	o.rows = malloc(sizeof(long));
	if (!o.rows)
		return pl_error_set(&c->err, PL_EDATA, "out of memory");
	o.cap = 1;
	rc = pl_match_review_rows(c->db, c->actor, run, &f, rows_one, &o, &c->err);
	if (!rc && !o.nrows)
		printf(_("no pending possible rows in match run %lld\n"), run);
	{
		long *rows = o.rows;
		size_t nrows = o.nrows;
		o.rows = NULL; /* print from here on */
		for (size_t i = 0; !rc && !quit && i < nrows; i++) {
			printf("\n");
			rc = ask(c, run, &o, rows[i], &quit);
		}
		free(rows);
	}
	return rc;
}

static int run_review(struct ctx *c)
{
	const char *arg = c->a.pos[0];
	struct pl_review_filter f = {"pending", "possible", 0};
	struct row_out o = {c, {0}, 0, NULL, 0, 0, {{0}}, 0};
	int deciding = opt_has(c, "accept") || opt_has(c, "reject") || opt_has(c, "accept-matches");
	long row = 0;
	long long run;
	char *end;
	int rc;

	errno = 0;
	run = strtoll(arg, &end, 10);
	if (errno || end == arg || *end || run < 1)
		return usage_error(
		        c, "match review: '%s' is not a run number (see parley match runs)", arg);
	if (deciding) {
		if (opt_has(c, "all") || opt_has(c, "row") || opt_has(c, "list"))
			return usage_error(c,
			                   "match review: --all, --row and --list show rows; they "
			                   "do not go with decisions");
		return decide(c, run);
	}
	if (opt_has(c, "row") && parse_row(c, "row", opt_get(c, "row"), &row, NULL))
		return PL_EUSAGE;
	if (!c->json && !opt_has(c, "list") && !opt_has(c, "all") && !row && isatty(0) &&
	    isatty(1)) {
		/* on a terminal: row by row, the answers graded and noted as the options say */
		const char *rel = opt_get(c, "reliability"), *cred = opt_get(c, "credibility");
		if ((rel || cred) && !opt_has(c, "evidence"))
			return usage_error(c, "match review: --reliability and --credibility grade "
			                      "the evidence: give --evidence with them");
		if ((rel && (strlen(rel) != 1 || !strchr("ABCDEFabcdef", rel[0]))) ||
		    (cred && (strlen(cred) != 1 || !strchr("123456", cred[0]))))
			return usage_error(c,
			                   "match review: --reliability takes A-F, --credibility "
			                   "1-6");
		if ((rc = pl_match_runs(c->db, c->actor, run, header_one, NULL, &c->err)))
			return rc;
		return interactive(c, run);
	}
	if (opt_has(c, "evidence") || opt_has(c, "reliability") || opt_has(c, "credibility") ||
	    opt_has(c, "note"))
		return usage_error(c, "match review: --evidence, --reliability, --credibility and "
		                      "--note go with --accept, --reject or --accept-matches");
	if (opt_has(c, "all") || row) {
		f.state = NULL;
		f.decision = NULL;
		f.row = row;
	}
	if (row) {
		/* a row that is not there is not found before anything is printed */
		long n = 0;
		if ((rc = pl_match_review_rows(c->db, c->actor, run, &f, count_one, &n, &c->err)))
			return rc;
		if (!n)
			return pl_error_set(&c->err, PL_ENOTFOUND, "match run %lld has no row %ld",
			                    run, row);
	}
	if (c->json) {
		json_stream_begin(&o.js);
	} else if ((rc = pl_match_runs(c->db, c->actor, run, header_one, NULL, &c->err))) {
		return rc;
	}
	rc = pl_match_review_rows(c->db, c->actor, run, &f, rows_one, &o, &c->err);
	if (c->json) {
		if (rc)
			return rc;
		json_stream_end(&o.js);
	} else if (!rc && !o.n && !row) {
		printf("%s\n",
		       opt_has(c, "all") ? _("(no rows)") : _("(no pending possible rows)"));
	}
	return rc;
}

static const struct opt review_opts_table[] = {
        {.name = "accept",
         .arg = "ROW[=REF]",
         .repeat = 1,
         .help = "link row ROW to its best candidate, or to the person REF"},
        {.name = "reject",
         .arg = "ROW",
         .repeat = 1,
         .help = "no person of the registry is row ROW"},
        {.name = "accept-matches", .help = "accept every pending row the matcher decided 'match'"},
        {.name = "evidence", .help = "add the list as evidence to each person accepted"},
        {.name = "reliability",
         .arg = "A-F",
         .help = "Admiralty grade of the list as a source (default by source)",
         .values = V_FIELD("evidence.reliability")},
        {.name = "credibility",
         .arg = "1-6",
         .help = "Admiralty grade of its information (default by source)",
         .values = V_FIELD("evidence.credibility")},
        {.name = "note", .arg = "TEXT", .help = "kept with each decision and its evidence"},
        {.name = "all", .help = "show every row, decided or not"},
        {.name = "row", .arg = "ROW", .help = "show row ROW"},
        {.name = "list", .help = "show the rows, do not ask (on a terminal)"},
        {.name = NULL},
};

#define DBA (CMD_DB | CMD_ACTOR)

const struct command cmd_review[] = {
        {.name = "match runs",
         .usage = "",
         .summary = "list the saved match runs with the state of their review",
         .description =
                 "Lists the saved match runs (`parley match FILE --save LABEL`), newest first: "
                 "RUN, the list's own date, its source (`other_side`, `icrc`, `mediator`, "
                 "`relatives`, `open_source`, `other`), its rows as the matcher decided them "
                 "(match, possible, none), the rows still pending and the list's label; "
                 "`--json` adds the file's name and BLAKE2b hash, the author and the accepted "
                 "and rejected counts. Needs match.review (registrar, head).",
         .examples = "parley match runs",
         .flags = DBA,
         .run = run_runs},
        {.name = "match review",
         .usage = "RUN [--accept ROW[=REF]]... [--reject ROW]... [options]",
         .summary = "review a saved match run: show its pending possible rows, accept or reject "
                    "rows",
         .description =
                 "Without a decision: shows the run's pending rows the matcher found possible, "
                 "each as the list gave it, with its candidates (reference, score, the person "
                 "as the registry has them now) and, per field, the weight of the comparison "
                 "and what it found (\"same name in another script\", \"day and month "
                 "swapped\"); `--all` shows every row with who decided it, `--row ROW` one row, "
                 "`--json` an array. On a terminal it asks row by row (`a` accept the best "
                 "candidate, `a2` the second, `a REF` another person, `r` reject, `s` skip, `q` "
                 "quit) unless `--list` is given.\n\n"
                 "With decisions: `--accept ROW` links the row to its best candidate, `--accept "
                 "ROW=REF` to any person, `--reject ROW` says no person of the registry is that "
                 "row, `--accept-matches` accepts every pending row the matcher decided "
                 "\"match\". All decisions are written together or none (an unknown row or "
                 "person, a row decided already, a person merged away refuse them all). A row "
                 "is decided once.\n\n"
                 "`--evidence` adds the list as evidence to each person accepted: kind by source "
                 "(`other_side_list`, `icrc_notification`, `relative_report`, `open_source`, "
                 "`document`), source \"other side's list \"LABEL\" of DATE, row N\", the list's "
                 "date, the row as listed and the note in its note, graded C3 (other side, "
                 "mediator), B2 (ICRC), D3 (relatives), E3 (open source) or F6 unless "
                 "`--reliability` and `--credibility` say otherwise.\n\n"
                 "Needs match.review (registrar, head), and person.evidence with `--evidence`.",
         .examples = "parley match review 3 --list\n"
                     "parley match review 3 --accept 17 --reject 18 --accept-matches --evidence\n"
                     "parley match review 2 --accept 19=U-000007 --note \"фото збігається\"",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = review_opts_table,
         .run = run_review},
        {.name = NULL},
};
