/* cmd-statement.c - parley statement (the statement ledger: what each side said across the
 * table, contradictions, untruths of ours until resolved) and parley promise (promises kept
 * or broken); the library's negotiation.h, ledger.c */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "parley/alloc.h"
#include "cli.h"
#include "banned.h"

/* A statement's number: 12 or #12. */
static int number_arg(struct ctx *c, const char *s, long long *out)
{
	char *end;
	const char *p = s[0] == '#' ? s + 1 : s;
	errno = 0;
	*out = *p >= '0' && *p <= '9' ? strtoll(p, &end, 10) : 0;
	if (!*out || errno || *end || *out < 1)
		return usage_error(c, "%s: '%s' is not a statement's number (12)", c->cmd->name, s);
	return 0;
}

static const char *extra(const struct pl_record *r, const char *name)
{
	for (size_t i = 0; i < r->nextra; i++)
		if (!strcmp(r->extra_names[i], name))
			return r->extra[i];
	return NULL;
}

static const char *token_text(const struct pl_record *r, const char *field, char *buf, size_t cap)
{
	const char *v = pl_record_get(r, field);
	return v ? value_text(&r->ent->fields[pl_field_index(r->ent, field)], v, buf, cap) : "";
}

/* --- statement add --- */

struct added {
	struct ctx *c;
	json_t *arr;      /* --json: the contradictions */
	const char *fact; /* the fact stated, in words */
};

static int contradiction_one(void *ctx, const struct pl_contradiction *k)
{
	struct added *a = ctx;
	if (a->arr) {
		json_t *o = json_pack("{s:I, s:s?, s:s?, s:s?, s:s?, s:s?, s:s?}", "id",
		                      (json_int_t)k->id, "session", k->session, "said", k->said,
		                      "side", k->side, "speaker", k->speaker, "value", k->value,
		                      "text", k->text);
		if (!o || json_array_append_new(a->arr, o))
			return pl_error_set(&a->c->err, PL_EDATA, "out of memory");
		return 0;
	}
	{
		const struct pl_entity *e = pl_entity(PL_ENT_STATEMENT);
		char side[64], said[32];
		snprintf(said, sizeof(said), "%s", k->said ? k->said : "");
		if (strlen(said) > 10 && said[10] == 'T')
			said[10] = ' ';
		fprintf(stderr,
		        _("parley: warning: this contradicts statement #%lld (%s, %s, %s, %s): %s: "
		          "%s: "
		          "\"%s\"\n"),
		        k->id, k->session ? k->session : "", said,
		        value_text(&e->fields[pl_field_index(e, "side")], k->side, side,
		                   sizeof(side)),
		        k->speaker ? k->speaker : "", a->fact, k->value ? k->value : "",
		        k->text ? k->text : "");
	}
	return 0;
}

static int run_add(struct ctx *c)
{
	const struct pl_entity *e = pl_entity(PL_ENT_STATEMENT);
	struct added a = {c, NULL, ""};
	char fact[64];
	long long id;
	int rc;
	for (size_t i = 0; i < c->a.nkv; i++)
		if (!strcmp(c->a.kv[i].key, "fact"))
			a.fact = value_text(&e->fields[pl_field_index(e, "fact")], c->a.kv[i].val,
			                    fact, sizeof(fact));
	if (c->json && !(a.arr = json_array()))
		return pl_error_set(&c->err, PL_EDATA, "out of memory");
	rc = pl_statement_add(c->db, c->actor, c->a.pos[0], opt_get(c, "counterpart"), c->a.kv,
	                      c->a.nkv, &id, contradiction_one, &a, &c->err);
	if (!rc && c->json) {
		json_t *j = json_pack("{s:I, s:s, s:O}", "id", (json_int_t)id, "session",
		                      c->a.pos[0], "contradicts", a.arr);
		rc = j ? print_json(j, 0) : pl_error_set(&c->err, PL_EDATA, "out of memory");
		json_decref(j);
	} else if (!rc) {
		printf("%lld\n", id);
	}
	json_decref(a.arr);
	return rc;
}

/* --- statement list, show --- */

static const struct column statement_columns[] = {
        {N_("#"), 6, COL_KEEPS}, {N_("SESSION"), 8, COL_KEEPS},    {N_("SAID"), 17, COL_KEEPS},
        {N_("SIDE"), 8, 0},      {N_("SPEAKER"), 18, COL_SHRINKS}, {N_("KIND"), 9, 0},
        {N_("NOTE"), 22, 0},     {N_("WORDS"), 40, COL_SHRINKS},
};
#define NCOLS (int)(sizeof(statement_columns) / sizeof(statement_columns[0]))

struct rows {
	struct ctx *c;
	struct json_stream js;
	long n;
	struct table t; /* statement_columns, measured on the first page */
};
_Static_assert(NCOLS <= TABLE_MAXCOLS, "a width for each column");

/* What stands out about a statement: untrue (resolved), contradicts #N, a promise's state. */
static void statement_note(const struct pl_record *r, char *out, size_t cap)
{
	char buf[64];
	size_t len = 0;
	const char *t = pl_record_get(r, "truthful"), *k = pl_record_get(r, "contradicts");
	out[0] = '\0';
#define ADD(...)                                                                                   \
	do {                                                                                       \
		int m_ = snprintf(out + len, cap - len, __VA_ARGS__);                              \
		if (m_ > 0 && (size_t)m_ < cap - len)                                              \
			len += (size_t)m_;                                                         \
	} while (0)
	if (t && !strcmp(t, "no"))
		ADD("%s", pl_record_get(r, "resolved") ? _("untrue, resolved") : _("UNTRUE"));
	if (k)
		ADD("%s%s #%s", len ? "; " : "", _("contradicts"), k);
	if (pl_record_get(r, "promise")) {
		const char *o = extra(r, "overdue");
		ADD("%s%s", len ? "; " : "",
		    o ? _("OVERDUE") : token_text(r, "promise", buf, sizeof(buf)));
		if (pl_record_get(r, "due") && !pl_record_get(r, "promise_closed"))
			ADD(" %s %s", _("due"),
			    date_text(pl_record_get(r, "due"), buf, sizeof(buf)));
	}
#undef ADD
}

static int statement_row(void *ctx, const struct pl_record *r)
{
	struct rows *l = ctx;
	char num[24], said[32], b1[64], b2[64], note[160], *words;
	if (l->c->json) {
		json_t *o = record_json(r);
		if (!o)
			return pl_error_set(&l->c->err, PL_EDATA, "out of memory");
		json_stream_item(&l->js, o);
		l->n++;
		return 0;
	}
	l->n++;
	snprintf(num, sizeof(num), "#%lld", r->id);
	value_text(&r->ent->fields[pl_field_index(r->ent, "said")], pl_record_get(r, "said"), said,
	           sizeof(said));
	statement_note(r, note, sizeof(note));
	table_cell(&l->t, num);
	table_cell(&l->t, extra(r, "session"));
	table_cell(&l->t, said);
	table_cell(&l->t, token_text(r, "side", b1, sizeof(b1)));
	table_cell(&l->t, pl_record_get(r, "speaker"));
	table_cell(&l->t, token_text(r, "kind", b2, sizeof(b2)));
	table_cell(&l->t, note);
	/* the words on one line: a line break of a long statement shows as a space */
	if (!(words = pl_strdup(pl_record_get(r, "text"))))
		return pl_error_set(&l->c->err, PL_EDATA, "out of memory");
	for (char *p = words; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	table_cell(&l->t, words);
	pl_free(words);
	table_row_end(&l->t);
	return 0;
}

static int list_end(struct ctx *c, struct rows *l, int rc, int promises)
{
	if (c->json) {
		if (rc) /* no half array on stdout: the message says what failed */
			return rc;
		json_stream_end(&l->js);
		return 0;
	}
	table_end(&l->t, !rc); /* the heading once the listing was allowed */
	if (!rc) {
		if (promises)
			printf(Q_("(%ld promise)", "(%ld promises)", l->n), l->n);
		else
			printf(Q_("(%ld statement)", "(%ld statements)", l->n), l->n);
		putchar('\n');
	}
	return rc;
}

static int run_list(struct ctx *c)
{
	struct rows l = {c, {0}, 0, {0}};
	struct pl_statement_filter f = {
	        .negotiation = opt_get(c, "negotiation"),
	        .session = opt_get(c, "session"),
	        .side = opt_get(c, "side"),
	        .kind = opt_get(c, "kind"),
	        .subject = opt_get(c, "subject"),
	        .untruths = opt_has(c, "untruths"),
	        .contradictions = opt_has(c, "contradictions"),
	};
	int rc;
	table_begin(&l.t, statement_columns, NCOLS);
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_statement_list(c->db, c->actor, &f, statement_row, &l, &c->err);
	return list_end(c, &l, rc, 0);
}

static int run_show(struct ctx *c)
{
	struct pl_record r;
	long long id;
	int rc;
	if ((rc = number_arg(c, c->a.pos[0], &id)) ||
	    (rc = pl_statement_get(c->db, c->actor, id, &r, &c->err)))
		return rc;
	if (c->json) {
		json_t *o = record_json(&r);
		rc = o ? print_json(o, 1) : pl_error_set(&c->err, PL_EDATA, "out of memory");
		json_decref(o);
	} else {
		/* the rows' numbers are said by the references and logins beside them */
		static const char *const ids[] = {"session_id", "counterpart_id", "resolved_by"};
		for (size_t i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
			int f = pl_field_index(r.ent, ids[i]);
			pl_free(r.v[f]);
			r.v[f] = NULL;
		}
		printf("%s #%lld\n", _("statement"), r.id);
		print_record(&r, "  ");
	}
	pl_record_release(&r);
	return rc;
}

static int done(struct ctx *c, long long id, const char *noun, const char *key, const char *value,
                const char *what)
{
	if (c->json) {
		json_t *j = json_pack("{s:I, s:s}", "id", (json_int_t)id, key, value);
		int rc = j ? print_json(j, 0) : pl_error_set(&c->err, PL_EDATA, "out of memory");
		json_decref(j);
		return rc;
	}
	printf("%s #%lld %s\n", _(noun), id, _(what));
	return 0;
}

static int run_resolve(struct ctx *c)
{
	long long id;
	int rc;
	if ((rc = number_arg(c, c->a.pos[0], &id)) ||
	    (rc = pl_statement_resolve(c->db, c->actor, id, opt_get(c, "reason"), &c->err)))
		return rc;
	return done(c, id, N_("statement"), "resolution", opt_get(c, "reason"), N_("resolved"));
}

/* --- promise list, close --- */

static int run_plist(struct ctx *c)
{
	struct rows l = {c, {0}, 0, {0}};
	int rc;
	table_begin(&l.t, statement_columns, NCOLS);
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_promise_list(c->db, c->actor, c->a.npos ? c->a.pos[0] : NULL, opt_get(c, "state"),
	                     statement_row, &l, &c->err);
	return list_end(c, &l, rc, 1);
}

static int run_close(struct ctx *c)
{
	long long id;
	int rc;
	if ((rc = number_arg(c, c->a.pos[0], &id)) ||
	    (rc = pl_promise_close(c->db, c->actor, id, c->a.pos[1], opt_get(c, "date"),
	                           opt_get(c, "note"), &c->err)))
		return rc;
	return done(c, id, N_("promise"), "promise", c->a.pos[1],
	            !strcmp(c->a.pos[1], "kept") ? N_("kept") : N_("broken"));
}

/* --- the tables --- */

#define DBA (CMD_DB | CMD_ACTOR)

static const struct opt add_opts[] = {
        {.name = "counterpart",
         .arg = "C-REF",
         .help = "the counterpart who spoke (their side): C-0001"},
        {.name = NULL},
};

static const struct opt list_opts[] = {
        {.name = "negotiation", .arg = "N-REF", .help = "the statements of one negotiation"},
        {.name = "session", .arg = "S-REF", .help = "the statements of one session"},
        {.name = "side",
         .arg = "SIDE",
         .help = "ours or theirs",
         .values = V_FIELD("statement.side")},
        {.name = "kind",
         .arg = "KIND",
         .help = "claim, offer, demand, promise or refusal",
         .values = V_FIELD("statement.kind")},
        {.name = "subject", .arg = "SUBJECT", .help = "the statements on one subject (R-000045)"},
        {.name = "untruths", .help = "only untrue claims of ours not yet resolved"},
        {.name = "contradictions", .help = "only statements that contradict an earlier one"},
        {.name = NULL},
};

static const struct opt resolve_opts[] = {
        {.name = "reason", .arg = "TEXT", .help = "why it is resolved", .required = 1},
        {.name = NULL},
};

static const struct opt plist_opts[] = {
        {.name = "state",
         .arg = "STATE",
         .help = "open, kept, broken, or overdue (open past its due date)",
         .values = V_TOKENS("open", "kept", "broken", "overdue")},
        {.name = NULL},
};

static const struct opt close_opts[] = {
        {.name = "date",
         .arg = "DATE",
         .help = "the day it was kept or broken; today unless given"},
        {.name = "note", .arg = "TEXT", .help = "how it was kept or broken"},
        {.name = NULL},
};

const struct command cmd_statement[] = {
        {.name = "statement add",
         .usage = "S-REF --said DATETIME --side SIDE --speaker NAME --kind KIND --text TEXT "
                  "[--counterpart C-REF] [--FIELD VALUE...]",
         .summary = "record a statement across the table (contradictions flagged at once)",
         .description =
                 "Records a statement said in the session S-REF: when (`--said`), by which side "
                 "(`ours`, `theirs`), who by name (`--speaker`; `--counterpart C-0001` names the "
                 "counterpart of theirs who spoke), its kind (`claim`, `offer`, `demand`, "
                 "`promise`, `refusal`), its words and what it is about (`--about`: persons, "
                 "categories, topics joined by ';').\n\n"
                 "A claim may state a structured fact: `--subject` (a person's reference, "
                 "R-000045, or a word for a camp or a group), `--fact` from the vocabulary of "
                 "docs/values.md (`held_by_us`, `held_by_them`, `alive`, `health`, `sentenced`, "
                 "`consents`, `on_list`, `location`) and `--value`, all three together. Every "
                 "earlier statement, by either side and in any negotiation, on the same subject "
                 "and fact with another value is a contradiction: the statement is recorded, and "
                 "each earlier one is quoted on standard error, one line each (`parley: warning: "
                 "this contradicts statement #3 (S-0001, 2024-05-01 10:30, theirs, Петров): yes: "
                 "\"...\"`), so that standard output keeps the number alone. `--json` prints "
                 "{\"id\", \"session\", \"contradicts\": [...]} with each earlier statement's id, "
                 "session, said, side, speaker, value and text, and nothing on standard error. "
                 "The exit status is 0 either way.\n\n"
                 "For a claim of ours, `--truthful yes|no` says whether it was true; an untrue "
                 "one needs `--truth` beside it, and stays on every briefing until resolved "
                 "(`parley statement resolve`). A promise (`--kind promise`) is open until kept "
                 "or broken (`parley promise close`); `--due` is its due date. Prints the "
                 "statement's number. Negotiators and heads.",
         .examples = "parley --as olena statement add S-0001 --said \"2024-05-01 10:30\" --side "
                     "theirs --speaker Петров --counterpart C-0001 --kind claim --text \"R-000045 "
                     "у нас немає\" --subject R-000045 --fact held_by_them --value no\n"
                     "parley --as olena statement add S-0001 --said 2024-05-01T11:00 --side ours "
                     "--speaker Олена --kind claim --text \"Усі 40 живі\" --truthful no --truth "
                     "\"Про двох не знаємо\"\n"
                     "parley --as olena statement add S-0001 --said 2024-05-01T12:00 --side "
                     "theirs --speaker Петров --kind promise --text \"Списки до п'ятниці\" --due "
                     "2024-05-03",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_STATEMENT,
         .min_pos = 1,
         .max_pos = 1,
         .opts = add_opts,
         .run = run_add},
        {.name = "statement list",
         .usage = "[--negotiation N-REF] [--session S-REF] [--side SIDE] [--kind KIND] "
                  "[--subject SUBJECT] [--untruths] [--contradictions]",
         .summary = "the statement ledger, in the order said",
         .description =
                 "Lists statements in the order they were said: number, session, time, side, "
                 "speaker, kind, what stands out (an untrue claim of ours, UNTRUE until "
                 "resolved; the statement it contradicts; a promise's state, OVERDUE when open "
                 "past its due date) and the words. The options filter: `--untruths` the untrue "
                 "claims of ours still standing, `--contradictions` the statements that "
                 "contradict an earlier one, `--subject` those on a subject (without regard to "
                 "case). `--json` one object a statement, with \"session\", \"negotiation\", "
                 "\"counterpart\", \"author\", \"resolved_by_login\" and \"overdue\". Negotiators "
                 "and "
                 "heads.",
         .examples = "parley --as olena statement list --session S-0001\n"
                     "parley --as olena statement list --untruths\n"
                     "parley --as olena statement list --subject R-000045 --json",
         .flags = DBA,
         .opts = list_opts,
         .run = run_list},
        {.name = "statement show",
         .usage = "N",
         .summary = "a statement: its words, fact, truth, resolution or promise",
         .description = "Shows the statement number N (12 or #12) with all it holds: who "
                        "resolved an untruth, when and why; a promise's due date, state, "
                        "when it was closed and how. Negotiators and heads.",
         .examples = "parley --as olena statement show 12",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_show},
        {.name = "statement resolve",
         .usage = "N --reason TEXT",
         .summary = "mark an untrue claim of ours resolved",
         .description = "Marks the untrue claim of ours number N resolved, with why (who and "
                        "when are recorded): it leaves the briefings and `statement list "
                        "--untruths`, and stays in the ledger. Only an untrue claim of ours, "
                        "once. Negotiators and heads.",
         .examples = "parley --as olena statement resolve 4 --reason \"Виправлено на сесії "
                     "S-0003: про двох не знаємо\"",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = resolve_opts,
         .run = run_resolve},
        {.name = NULL},
};

const struct command cmd_promise[] = {
        {.name = "promise list",
         .usage = "[N-REF] [--state open|kept|broken|overdue]",
         .summary = "promises of either side, by due date",
         .description = "Lists the promises of the negotiation N-REF (every negotiation without "
                        "it), ours and theirs, by due date (those without one last): `--state "
                        "overdue` the open ones past their due date, on today's date. The "
                        "columns are those of `parley statement list`. Negotiators and heads.",
         .examples = "parley --as olena promise list N-0001\n"
                     "parley --as olena promise list --state overdue",
         .flags = DBA,
         .max_pos = 1,
         .opts = plist_opts,
         .run = run_plist},
        {.name = "promise close",
         .usage = "N kept|broken [--date DATE] [--note TEXT]",
         .summary = "a promise was kept, or broken",
         .description = "Closes the open promise number N as `kept` or `broken`, on DATE "
                        "(today unless given; not after today, nor before the promise was "
                        "made), with a note on how. A closed promise is not closed again. "
                        "Broken promises of theirs count in the counterpart's record. "
                        "Negotiators and heads.",
         .examples = "parley --as olena promise close 12 kept --note \"Списки передано\"\n"
                     "parley --as olena promise close 13 broken --date 2024-05-20",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .opts = close_opts,
         .args = {{.kind = VAL_ANY}, V_TOKENS("kept", "broken")},
         .run = run_close},
        {.name = NULL},
};
