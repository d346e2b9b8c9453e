/* cmd-negotiation.c - parley negotiation, session, welfare, position and opening: the
 * negotiation desk's channels, rounds and preparation (the library's negotiation.h) */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

#define DBA (CMD_DB | CMD_ACTOR)

static int print_id(struct ctx *c, const char *what, long long id)
{
	if (c->json) {
		json_t *j = json_pack("{s:I}", "id", (json_int_t)id);
		int rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf("%s #%lld\n", what, id);
	return 0;
}

/* A record number given as "12" or "#12"; PL_EUSAGE naming what otherwise. */
static int parse_id(struct ctx *c, const char *s, const char *what, long long *out)
{
	char *end;
	if (s[0] == '#')
		s++;
	*out = strtoll(s, &end, 10);
	if (!*s || *end || *out <= 0)
		return usage_error(c, "%s: '%s' is not a record number", what, s);
	return 0;
}

/* A value of field of ent, as a person reads it. */
static const char *field_text(enum pl_entity_id ent, const struct pl_record *r, const char *field,
                              char *buf, size_t cap)
{
	const struct pl_entity *e = pl_entity(ent);
	const char *v = pl_record_get(r, field);
	return v ? value_text(&e->fields[pl_field_index(e, field)], v, buf, cap) : "";
}

/* Records, one after another ("#N" and the fields), or a JSON array. */
struct rows {
	struct ctx *c;
	struct json_stream js;
	long n;
	int (*line)(struct rows *l, const struct pl_record *r); /* a table's line, or NULL */
	struct table t; /* the table the lines are in, measured on its first page */
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
	if (l->line)
		return l->line(l, r);
	printf("#%lld\n", r->id);
	print_record(r, "    ");
	return 0;
}

/* Prints what the table keeps of a listing that is over (nothing when it had no row). */
static int rows_done(struct rows *l, int rc)
{
	if (!l->c->json && l->line)
		table_end(&l->t, 0);
	return rc;
}

static void rows_begin(struct rows *l)
{
	if (l->c->json)
		json_stream_begin(&l->js);
}

/* Ends a JSON array; 0 for text output, whose count line the caller prints. */
static int rows_end(struct rows *l)
{
	if (l->c->json)
		json_stream_end(&l->js);
	return l->c->json;
}

/* --- negotiations --- */

static const struct column neg_columns[] = {
        {N_("REF"), 8, COL_KEEPS},       {N_("STATUS"), 14, COL_KEEPS},  {N_("FORMAT"), 20, 0},
        {N_("SESSIONS"), 10, COL_RIGHT}, {N_("TITLE"), 40, COL_SHRINKS},
};

static int neg_line(struct rows *l, const struct pl_record *r)
{
	char buf[64];
	table_cell(&l->t, pl_record_get(r, "ref"));
	table_cell(&l->t, field_text(PL_ENT_NEGOTIATION, r, "status", buf, sizeof(buf)));
	table_cell(&l->t, field_text(PL_ENT_NEGOTIATION, r, "format", buf, sizeof(buf)));
	table_cell(&l->t, pl_record_get(r, "sessions"));
	table_cell(&l->t, pl_record_get(r, "title"));
	table_row_end(&l->t);
	return 0;
}

static int run_neg_new(struct ctx *c)
{
	char ref[PL_NEG_REF_MAX];
	int rc = pl_negotiation_new(c->db, c->actor, c->a.kv, c->a.nkv, ref, &c->err);
	return rc ? rc : print_ref(c, ref);
}

static const struct column session_columns[] = {
        {N_("REF"), 8, COL_KEEPS},    {N_("NEGOTIATION"), 13, COL_KEEPS},
        {N_("ROUND"), 7, 0},          {N_("BEGAN"), 18, COL_KEEPS},
        {N_("LENGTH"), 9, COL_KEEPS}, {N_("PLACE"), 30, COL_SHRINKS},
};

/* A length in minutes as hours and minutes: 10:35. */
static const char *length_text(const struct pl_record *r, char *buf, size_t cap)
{
	const char *m = pl_record_get(r, "minutes");
	long v = m ? strtol(m, NULL, 10) : -1;
	if (v < 0)
		return "";
	snprintf(buf, cap, "%ld:%02ld", v / 60, v % 60);
	return buf;
}

static int session_line(struct rows *l, const struct pl_record *r)
{
	char buf[64];
	table_cell(&l->t, pl_record_get(r, "ref"));
	table_cell(&l->t, pl_record_get(r, "negotiation"));
	table_cell(&l->t, pl_record_get(r, "number"));
	table_cell(&l->t, field_text(PL_ENT_SESSION, r, "started", buf, sizeof(buf)));
	if (!strcmp(pl_record_get(r, "long"), "yes")) {
		char len[96];
		snprintf(len, sizeof(len), "%s !", length_text(r, buf, sizeof(buf)));
		table_cell(&l->t, len);
	} else {
		table_cell(&l->t, length_text(r, buf, sizeof(buf)));
	}
	table_cell(&l->t, pl_record_get(r, "place"));
	table_row_end(&l->t);
	return 0;
}

/* Records into a JSON array. */
struct collect {
	struct ctx *c;
	json_t *arr;
};

static int collect_one(void *ctx, const struct pl_record *r)
{
	struct collect *k = ctx;
	json_t *o = record_json(r);
	if (!o || json_array_append_new(k->arr, o))
		return pl_error_set(&k->c->err, PL_EDATA, "out of memory");
	return 0;
}

static int run_neg_show(struct ctx *c)
{
	const char *ref = c->a.pos[0];
	struct pl_record r;
	struct rows l = {c, {0}, 0, session_line, {0}};
	struct collect k = {c, NULL};
	json_t *o = NULL;
	int rc;
	if ((rc = pl_negotiation_get(c->db, c->actor, ref, &r, &c->err)))
		return rc;
	if (c->json) {
		o = record_json(&r);
		k.arr = json_array();
		pl_record_release(&r);
		if (!o || !k.arr) {
			json_decref(o);
			json_decref(k.arr);
			return pl_error_set(&c->err, PL_EDATA, "out of memory");
		}
		rc = pl_session_list(c->db, c->actor, ref, collect_one, &k, &c->err);
		json_object_set_new(o, "sessions", k.arr);
		if (!rc)
			rc = print_json(o, 1);
		json_decref(o);
		return rc;
	}
	{
		char next[128];
		print_record(&r, "");
		pl_negotiation_status_next(pl_record_get(&r, "status"), next, sizeof(next));
		printf("  %s: %s\n", _("may go to"), next);
		pl_record_release(&r);
	}
	table_begin(&l.t, session_columns, 6);
	putchar('\n');
	rc = pl_session_list(c->db, c->actor, ref, row_one, &l, &c->err);
	table_end(&l.t, 0); /* a heading when there are sessions */
	return rc;
}

static int run_neg_list(struct ctx *c)
{
	struct rows l = {c, {0}, 0, neg_line, {0}};
	int rc;
	table_begin(&l.t, neg_columns, 5);
	rows_begin(&l);
	if ((rc = rows_done(&l, pl_negotiation_list(c->db, c->actor, opt_get(c, "status"), row_one,
	                                            &l, &c->err))))
		return rc;
	if (!rows_end(&l))
		printf(Q_("(%ld negotiation)\n", "(%ld negotiations)\n", l.n), l.n);
	return 0;
}

static int run_neg_edit(struct ctx *c)
{
	int rc = pl_negotiation_edit(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &c->err);
	return rc ? rc : print_ref(c, c->a.pos[0]);
}

static int run_neg_status(struct ctx *c)
{
	int rc = pl_negotiation_set_status(c->db, c->actor, c->a.pos[0], c->a.pos[1],
	                                   opt_get(c, "reason"), &c->err);
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

static int run_neg_link(struct ctx *c)
{
	int rc = pl_negotiation_link(c->db, c->actor, c->a.pos[0], c->a.pos[1], opt_get(c, "note"),
	                             &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s}", "ref", c->a.pos[0], "exchange", c->a.pos[1]);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(_("%s led to %s\n"), c->a.pos[0], c->a.pos[1]);
	return 0;
}

/* --- sessions --- */

/* The session ref as it stands, with a warning on standard error when it ran long. */
static int session_after(struct ctx *c, const char *ref)
{
	struct pl_record s;
	int rc = pl_session_get(c->db, c->actor, ref, &s, &c->err);
	if (rc)
		return rc;
	if (!strcmp(pl_record_get(&s, "long"), "yes")) {
		char buf[32];
		fprintf(stderr, _("parley: warning: session %s lasted %s, longer than %s hours\n"),
		        ref, length_text(&s, buf, sizeof(buf)), pl_record_get(&s, "limit_hours"));
	}
	pl_record_release(&s);
	return print_ref(c, ref);
}

static int run_session_add(struct ctx *c)
{
	char ref[PL_NEG_REF_MAX];
	int rc = pl_session_add(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, ref, &c->err);
	return rc ? rc : session_after(c, ref);
}

static int run_session_edit(struct ctx *c)
{
	int rc = pl_session_edit(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &c->err);
	return rc ? rc : session_after(c, c->a.pos[0]);
}

static int run_session_show(struct ctx *c)
{
	struct pl_record s;
	int rc = pl_session_get(c->db, c->actor, c->a.pos[0], &s, &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *o = record_json(&s);
		rc = o ? print_json(o, 1) : pl_error_set(&c->err, PL_EDATA, "out of memory");
		json_decref(o);
	} else {
		print_record(&s, "");
		if (!strcmp(pl_record_get(&s, "long"), "yes")) {
			char buf[32];
			printf(_("warning: it lasted %s, longer than %s hours\n"),
			       length_text(&s, buf, sizeof(buf)), pl_record_get(&s, "limit_hours"));
		}
	}
	pl_record_release(&s);
	return rc;
}

static int run_session_list(struct ctx *c)
{
	struct rows l = {c, {0}, 0, session_line, {0}};
	int rc;
	table_begin(&l.t, session_columns, 6);
	rows_begin(&l);
	if ((rc = rows_done(&l, pl_session_list(c->db, c->actor, c->a.npos ? c->a.pos[0] : NULL,
	                                        row_one, &l, &c->err))))
		return rc;
	if (!rows_end(&l))
		printf(Q_("(%ld session)\n", "(%ld sessions)\n", l.n), l.n);
	return 0;
}

static int run_welfare_add(struct ctx *c)
{
	long long id;
	int rc = pl_welfare_add(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &id, &c->err);
	return rc ? rc : print_id(c, _("welfare note"), id);
}

static int run_welfare_list(struct ctx *c)
{
	struct rows l = {c, {0}, 0, NULL, {0}};
	int rc;
	rows_begin(&l);
	if ((rc = pl_welfare_list(c->db, c->actor, c->a.npos ? c->a.pos[0] : NULL, row_one, &l,
	                          &c->err)))
		return rc;
	if (!rows_end(&l))
		printf(Q_("(%ld note)\n", "(%ld notes)\n", l.n), l.n);
	return 0;
}

/* --- positions --- */

static const struct column position_columns[] = {
        {N_("#"), 6, COL_KEEPS},
        {N_("PRIORITY"), 9, 0},
        {N_("STANCE"), 20, COL_KEEPS},
        {N_("ITEM"), 36, COL_SHRINKS},
        {N_("CONDITION"), 30, COL_SHRINKS},
};

static int position_line(struct rows *l, const struct pl_record *r)
{
	char buf[64], id[24], item[600];
	snprintf(id, sizeof(id), "#%lld", r->id);
	snprintf(item, sizeof(item), "%s: %s",
	         field_text(PL_ENT_POSITION, r, "item_kind", buf, sizeof(buf)),
	         pl_record_get(r, "item"));
	table_cell(&l->t, id);
	table_cell(&l->t, pl_record_get(r, "priority") ? pl_record_get(r, "priority") : "");
	table_cell(&l->t, field_text(PL_ENT_POSITION, r, "stance", buf, sizeof(buf)));
	table_cell(&l->t, item);
	table_cell(&l->t, pl_record_get(r, "condition"));
	table_row_end(&l->t);
	return 0;
}

static int run_position_set(struct ctx *c)
{
	long long id, replaced;
	int rc = pl_position_set(c->db, c->actor, c->a.pos[0], opt_get(c, "session"), c->a.kv,
	                         c->a.nkv, &id, &replaced, &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:I, s:I}", "id", (json_int_t)id, "replaces",
		                      (json_int_t)replaced);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	if (replaced)
		printf(_("position #%lld (replaces #%lld)\n"), id, replaced);
	else
		printf(_("position #%lld\n"), id);
	return 0;
}

static int run_position_list(struct ctx *c)
{
	struct rows l = {c, {0}, 0, position_line, {0}};
	int rc;
	table_begin(&l.t, position_columns, 5);
	rows_begin(&l);
	if ((rc = rows_done(&l, pl_position_list(c->db, c->actor, c->a.pos[0],
	                                         opt_get(c, "session"), row_one, &l, &c->err))))
		return rc;
	if (!rows_end(&l))
		printf(Q_("(%ld position)\n", "(%ld positions)\n", l.n), l.n);
	return 0;
}

static int run_position_history(struct ctx *c)
{
	struct rows l = {c, {0}, 0, NULL, {0}};
	long long id;
	int rc;
	if ((rc = parse_id(c, c->a.pos[0], "position history", &id)))
		return rc;
	rows_begin(&l);
	if ((rc = pl_position_history(c->db, c->actor, id, row_one, &l, &c->err)))
		return rc;
	if (!rows_end(&l))
		printf(Q_("(%ld version)\n", "(%ld versions)\n", l.n), l.n);
	return 0;
}

static int run_position_drop(struct ctx *c)
{
	long long id;
	int rc;
	if ((rc = parse_id(c, c->a.pos[0], "position drop", &id)) ||
	    (rc = pl_position_drop(c->db, c->actor, id, &c->err)))
		return rc;
	if (!c->json) {
		printf(_("position #%lld withdrawn\n"), id);
		return 0;
	}
	return print_id(c, "", id);
}

/* --- opening lines --- */

static int opening_line(struct rows *l, const struct pl_record *r)
{
	printf("%3s. %s  (#%lld)\n", pl_record_get(r, "ordinal"), pl_record_get(r, "text"), r->id);
	(void)l;
	return 0;
}

static int run_opening_add(struct ctx *c)
{
	long long id;
	long at;
	char *text;
	int rc;
	size_t len = 1;
	if ((rc = opt_long(c, "at", 0, &at)))
		return rc;
	/* the words of the line, joined: quotes are the shell's matter */
	for (int i = 1; i < c->a.npos; i++)
		len += strlen(c->a.pos[i]) + 1;
	if (!(text = calloc(1, len)))
		return pl_error_set(&c->err, PL_EDATA, "out of memory");
	for (int i = 1, at2 = 0; i < c->a.npos; i++)
		at2 += snprintf(text + at2, len - (size_t)at2, "%s%s", i > 1 ? " " : "",
		                c->a.pos[i]);
	rc = pl_opening_add(c->db, c->actor, c->a.pos[0], opt_get(c, "session"), text, at, &id,
	                    &c->err);
	free(text);
	return rc ? rc : print_id(c, _("opening line"), id);
}

static int run_opening_list(struct ctx *c)
{
	struct rows l = {c, {0}, 0, opening_line, {0}};
	int rc;
	rows_begin(&l);
	if ((rc = pl_opening_list(c->db, c->actor, c->a.pos[0], opt_get(c, "session"), row_one, &l,
	                          &c->err)))
		return rc;
	if (!rows_end(&l))
		printf(Q_("(%ld line)\n", "(%ld lines)\n", l.n), l.n);
	return 0;
}

static int run_opening_move(struct ctx *c)
{
	long long id, to;
	int rc;
	if ((rc = parse_id(c, c->a.pos[0], "opening move", &id)) ||
	    (rc = parse_id(c, c->a.pos[1], "opening move: place", &to)) ||
	    (rc = pl_opening_move(c->db, c->actor, id, (long)to, &c->err)))
		return rc;
	if (!c->json) {
		printf(_("opening line #%lld is number %lld\n"), id, to);
		return 0;
	}
	return print_id(c, "", id);
}

static int run_opening_drop(struct ctx *c)
{
	long long id;
	int rc;
	if ((rc = parse_id(c, c->a.pos[0], "opening drop", &id)) ||
	    (rc = pl_opening_drop(c->db, c->actor, id, &c->err)))
		return rc;
	if (!c->json) {
		printf(_("opening line #%lld dropped\n"), id);
		return 0;
	}
	return print_id(c, "", id);
}

/* --- the tables --- */

static const struct opt neg_list_opts[] = {
        {.name = "status",
         .arg = "STATUS",
         .help = "only negotiations in this status",
         .values = V_FIELD("negotiation.status")},
        {.name = NULL},
};
static const struct opt neg_status_opts[] = {
        {.name = "reason", .arg = "TEXT", .help = "why (needed to suspend or close)"},
        {.name = NULL},
};
static const struct opt note_opts[] = {
        {.name = "note", .arg = "TEXT", .help = "a note"},
        {.name = NULL},
};
static const struct opt session_opts[] = {
        {.name = "session", .arg = "SESSION", .help = "for this session (S-0001) only"},
        {.name = NULL},
};
static const struct opt opening_add_opts[] = {
        {.name = "session", .arg = "SESSION", .help = "a line of this session (S-0001) only"},
        {.name = "at", .arg = "N", .help = "its place (1 first; the last unless given)"},
        {.name = NULL},
};

const struct command cmd_negotiation[] = {
        {.name = "negotiation new",
         .usage = "--title TEXT [--FIELD VALUE...]",
         .summary = "open a negotiation: a channel with the other side",
         .description =
                 "Opens a negotiation, preparing, and prints its reference (N-0001): a title, "
                 "the other side's delegation, the mediators (states or organisations, joined "
                 "by `;`), the format (`direct`, `mediator`, `icrc`), and the preparation: "
                 "objectives, walk-away point, our alternative to no agreement (`--batna`) and "
                 "our estimate of theirs (`--their-batna`). `--session-hours` sets the length "
                 "past which a session is flagged (10 unless given). The fields are in "
                 "docs/values.md. Negotiators and heads.",
         .examples = "parley --as olena negotiation new --title \"Стамбульський канал\" "
                     "--format mediator --mediators Туреччина --walk-away \"не менше 1 до 1\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_NEGOTIATION,
         .run = run_neg_new},
        {.name = "negotiation show",
         .usage = "REF",
         .summary = "a negotiation: its preparation, linked exchanges and sessions",
         .description = "Shows the negotiation REF: its fields and preparation, the statuses "
                        "it may go to, the exchanges it led to, and its sessions with their "
                        "length (`!` past the limit). `--json` one object with an array "
                        "`sessions`. Negotiators and heads.",
         .examples = "parley --as olena negotiation show N-0001",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_neg_show},
        {.name = "negotiation list",
         .usage = "[--status STATUS]",
         .summary = "the negotiations, newest first",
         .description = "Lists the negotiations, newest first: reference, status, format, "
                        "sessions held, title. Negotiators and heads.",
         .examples = "parley --as olena negotiation list --status active",
         .flags = DBA,
         .opts = neg_list_opts,
         .run = run_neg_list},
        {.name = "negotiation edit",
         .usage = "REF --FIELD VALUE...",
         .summary = "change a negotiation's fields and preparation",
         .description = "Changes fields of the negotiation REF: its title, delegation, "
                        "mediators, format, objectives, walk-away point, alternatives, session "
                        "limit, note. Its status has its own command. Every change is audited "
                        "with the fields it touched. Negotiators and heads.",
         .examples = "parley --as olena negotiation edit N-0001 --objectives \"усі тяжкопоранені "
                     "до кінця року\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_NEGOTIATION,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_neg_edit},
        {.name = "negotiation status",
         .usage = "REF STATUS [--reason TEXT]",
         .summary = "move a negotiation: active, suspended, closed",
         .description = "Moves the negotiation REF to STATUS: `preparing` goes to `active` or "
                        "`closed`, `active` to `suspended` or `closed`, `suspended` back to "
                        "`active` or to `closed`, with a `--reason` to suspend or close. A "
                        "closed negotiation is final and takes no new session, position or "
                        "line. The table is in docs/values.md. Negotiators and heads.",
         .examples = "parley --as olena negotiation status N-0001 active\n"
                     "parley --as olena negotiation status N-0001 suspended --reason "
                     "\"обстріл Запоріжжя\"",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .opts = neg_status_opts,
         .args = {{.kind = VAL_ANY}, V_FIELD("negotiation.status")},
         .run = run_neg_status},
        {.name = "negotiation link",
         .usage = "REF EXCHANGE [--note TEXT]",
         .summary = "record the exchange a negotiation led to",
         .description = "Links the exchange EXCHANGE (E-0001) to the negotiation REF: the "
                        "exchange came of it. An exchange comes of one negotiation. Negotiators "
                        "and heads.",
         .examples = "parley --as olena negotiation link N-0001 E-0003",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .opts = note_opts,
         .run = run_neg_link},
        {.name = NULL},
};

const struct command cmd_session[] = {
        {.name = "session add",
         .usage = "NEGOTIATION --started TIME [--FIELD VALUE...]",
         .summary = "record a session (a round) of a negotiation",
         .description =
                 "Records a session of the negotiation NEGOTIATION and prints its reference "
                 "(S-0001): when it began (`--started \"2024-05-17 09:00\"`) and ended, the "
                 "place or channel, our participants, the psychologist on standby, their "
                 "participants, the counterparts expected (`--counterparts C-0001;C-0002`, who "
                 "must exist), the summary and outcome, and the session's own preparation. "
                 "Rounds are numbered within the negotiation. A session longer than the "
                 "negotiation's limit (10 hours unless `negotiation edit --session-hours` says) "
                 "is flagged with a warning on standard error. Negotiators and heads.",
         .examples = "parley --as olena session add N-0001 --started \"2024-05-17 09:00\" "
                     "--place Стамбул --ours \"Олена; Петро\" --psychologist Ірина",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_SESSION,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_session_add},
        {.name = "session show",
         .usage = "SESSION",
         .summary = "a session: times, participants, summary, outcome",
         .description = "Shows the session SESSION with its length, and a warning when it ran "
                        "past the limit. A psychologist sees its times, place and participants; "
                        "the summary, outcome and preparation are shown as restricted. "
                        "Negotiators, psychologists and heads.",
         .examples = "parley --as olena session show S-0001",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_session_show},
        {.name = "session list",
         .usage = "[NEGOTIATION]",
         .summary = "the sessions, of one negotiation or all",
         .description = "Lists the sessions of NEGOTIATION (of every negotiation without it), in "
                        "order: reference, negotiation, round, when it began, its length (`!` "
                        "past the limit), place. Negotiators, psychologists and heads.",
         .examples = "parley --as iryna session list N-0001",
         .flags = DBA,
         .max_pos = 1,
         .run = run_session_list},
        {.name = "session edit",
         .usage = "SESSION --FIELD VALUE...",
         .summary = "change a session: its end, summary, outcome, ...",
         .description = "Changes fields of the session SESSION: typically its end "
                        "(`--ended`), summary and outcome once it is over. The end may not come "
                        "before the beginning; a session that ran past the limit is flagged. "
                        "Negotiators and heads.",
         .examples = "parley --as olena session edit S-0001 --ended \"2024-05-17 19:40\" "
                     "--outcome \"домовились про 10 на 10\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_SESSION,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_session_edit},
        {.name = NULL},
};

const struct command cmd_welfare[] = {
        {.name = "welfare add",
         .usage = "SESSION --negotiator NAME --note TEXT",
         .summary = "a psychologist's note on a negotiator's welfare",
         .description = "Records how a negotiator held up in the session SESSION, and what "
                        "they need. Written by psychologists; read by psychologists and the "
                        "head, every reading audited; never on a briefing. Psychologists.",
         .examples = "parley --as iryna welfare add S-0001 --negotiator Олена --note "
                     "\"десята година: виснаження, потрібен відпочинок\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_WELFARE,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_welfare_add},
        {.name = "welfare list",
         .usage = "[SESSION]",
         .summary = "the welfare notes, of a session or all",
         .description = "Shows the welfare notes of SESSION (of every session without it), "
                        "oldest first. Each reading is recorded in the audit trail, with the "
                        "notes it showed, before they are shown. Psychologists and heads.",
         .examples = "parley --as iryna welfare list S-0001",
         .flags = DBA,
         .max_pos = 1,
         .run = run_welfare_list},
        {.name = NULL},
};

const struct command cmd_position[] = {
        {.name = "position set",
         .usage = "NEGOTIATION --item-kind KIND --item ITEM --stance STANCE [--FIELD VALUE...]",
         .summary = "set our position on a person, a category or a topic",
         .description =
                 "Sets our position in the negotiation NEGOTIATION (or, with `--session`, for "
                 "one session) on an item: a person (`--item-kind person --item U-000045`), a "
                 "category (`--item-kind category --item severely_wounded`) or a topic "
                 "(`--item-kind topic --item \"ICRC access to the camp\"`). The stance is "
                 "`ready` (ready to negotiate), `not_negotiable` (a red line) or `conditional` "
                 "with its `--condition`; `--priority` (1 first) and `--concessions` (what we "
                 "plan to concede) complete it. Setting a position on an item that has one "
                 "replaces it: what is not given stays, and the old version is kept in the "
                 "history. Negotiators and heads.",
         .examples = "parley --as olena position set N-0001 --item-kind category --item "
                     "severely_wounded --stance not_negotiable --priority 1\n"
                     "parley --as olena position set N-0001 --item-kind person --item R-000012 "
                     "--stance conditional --condition \"лише в обмін на U-000045\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_POSITION,
         .min_pos = 1,
         .max_pos = 1,
         .opts = session_opts,
         .run = run_position_set},
        {.name = "position list",
         .usage = "NEGOTIATION [--session SESSION]",
         .summary = "the positions in force, by priority",
         .description = "Lists the positions in force of NEGOTIATION by priority: number, "
                        "priority, stance, item, condition. With `--session`, the session's "
                        "own positions and the negotiation's on the items it has none on. "
                        "Negotiators and heads.",
         .examples = "parley --as olena position list N-0001",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = session_opts,
         .run = run_position_list},
        {.name = "position history",
         .usage = "ID",
         .summary = "every version of a position",
         .description = "Shows every version of the position ID (a number `position list` "
                        "prints) on its item, oldest first, with when each was replaced. "
                        "Negotiators and heads.",
         .examples = "parley --as olena position history 3",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_position_history},
        {.name = "position drop",
         .usage = "ID",
         .summary = "withdraw a position",
         .description = "Withdraws the position ID: it is no longer in force and stays in the "
                        "history. Negotiators and heads.",
         .examples = "parley --as olena position drop 3",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_position_drop},
        {.name = NULL},
};

const struct command cmd_opening[] = {
        {.name = "opening add",
         .usage = "NEGOTIATION TEXT... [--session SESSION] [--at N]",
         .summary = "add an opening line",
         .description = "Adds an opening line to the negotiation NEGOTIATION (or, with "
                        "`--session`, to one session): the words of TEXT, at place `--at` (the "
                        "last unless given; the lines after it move down). Negotiators and "
                        "heads.",
         .examples = "parley --as olena opening add N-0001 \"Ми тут, щоб повернути людей "
                     "додому\"",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 64,
         .opts = opening_add_opts,
         .run = run_opening_add},
        {.name = "opening list",
         .usage = "NEGOTIATION [--session SESSION]",
         .summary = "the opening lines, in order",
         .description = "Lists the opening lines of NEGOTIATION in order, each with its "
                        "number. With `--session`, the session's own lines, or the "
                        "negotiation's when it has none. Negotiators and heads.",
         .examples = "parley --as olena opening list N-0001",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .opts = session_opts,
         .run = run_opening_list},
        {.name = "opening move",
         .usage = "ID PLACE",
         .summary = "move an opening line to another place",
         .description = "Moves the opening line ID to PLACE (1 first); the lines between move "
                        "up or down by one. Negotiators and heads.",
         .examples = "parley --as olena opening move 4 1",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .run = run_opening_move},
        {.name = "opening drop",
         .usage = "ID",
         .summary = "drop an opening line",
         .description = "Drops the opening line ID; the lines after it move up. It stays in "
                        "the file and the audit trail. Negotiators and heads.",
         .examples = "parley --as olena opening drop 4",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_opening_drop},
        {.name = NULL},
};

static int run_stats(struct ctx *c)
{
	struct pl_negotiation_counts n;
	static const struct {
		const char *key, *words;
		size_t off;
	} rows[] = {
#define ROW(k, w) {#k, w, offsetof(struct pl_negotiation_counts, k)}
	        ROW(negotiations, N_("negotiations")),
	        ROW(active, N_("of them active")),
	        ROW(sessions, N_("sessions")),
	        ROW(long_sessions, N_("of them longer than their limit")),
	        ROW(statements, N_("statements across the table")),
	        ROW(contradictions, N_("contradictions flagged")),
	        ROW(untruths_standing, N_("untruths of ours standing")),
	        ROW(untruths_resolved, N_("untruths of ours resolved")),
	        ROW(promises_ours_open, N_("our promises open")),
	        ROW(promises_ours_kept, N_("our promises kept")),
	        ROW(promises_ours_broken, N_("our promises broken")),
	        ROW(promises_theirs_open, N_("their promises open")),
	        ROW(promises_theirs_kept, N_("their promises kept")),
	        ROW(promises_theirs_broken, N_("their promises broken")),
	        ROW(pressure_incidents, N_("pressure incidents on families")),
#undef ROW
	};
	int rc = pl_negotiation_counts(c->db, c->actor, &n, &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *o = json_object();
		for (size_t i = 0; o && i < sizeof(rows) / sizeof(rows[0]); i++)
			json_object_set_new(
			        o, rows[i].key,
			        json_integer(*(const long *)((const char *)&n + rows[i].off)));
		rc = o ? print_json(o, 1) : pl_error_set(&c->err, PL_EDATA, "out of memory");
		json_decref(o);
		return rc;
	}
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char num[32];
		num_text(*(const long *)((const char *)&n + rows[i].off), num, sizeof(num));
		print_cell_right(num, 8);
		printf(" %s\n", _(rows[i].words));
	}
	return 0;
}

const struct command cmd_stats_negotiations[] = {
        {.name = "stats negotiations",
         .usage = "",
         .summary = "the negotiation desk in figures: counts only",
         .description = "Counts of the negotiation desk, and nothing else: negotiations and "
                        "those active, sessions and those longer than their limit, statements "
                        "across the table, contradictions flagged, untruths of ours standing "
                        "and resolved, promises of each side open, kept and broken, pressure "
                        "incidents on families. No name, word or date: what an analyst may "
                        "see of the desk. `--json` one object. Negotiators, analysts and heads.",
         .examples = "parley --as analyst stats negotiations",
         .flags = DBA,
         .run = run_stats},
        {.name = NULL},
};
