/* cmd-person.c - parley person add|show|list|edit|status|event|evidence|merge */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>

#include "parley/review.h"
#include "cli.h"
#include "banned.h"

/* Appends the options named in map (option -> field) to c->a.kv. */
static int opts_to_kv(struct ctx *c, const char *const map[][2])
{
	for (int i = 0; map[i][0]; i++) {
		const char *v = opt_get(c, map[i][0]);
		if (v && args_add_kv(c, map[i][1], v))
			return PL_EUSAGE;
	}
	return 0;
}

/* what: PL_ENT_STATUS, PL_ENT_EVENT or PL_ENT_EVIDENCE */
static int print_id(struct ctx *c, enum pl_entity_id what, const char *ref, long long id)
{
	if (c->json) {
		json_t *j = json_pack("{s:s, s:I}", "ref", ref, "id", (json_int_t)id);
		int rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(what == PL_ENT_STATUS  ? _("status #%lld recorded for %s")
	       : what == PL_ENT_EVENT ? _("event #%lld recorded for %s")
	                              : _("evidence #%lld recorded for %s"),
	       id, ref);
	putchar('\n');
	return 0;
}

static int run_add(struct ctx *c)
{
	char ref[PL_REF_MAX];
	int rc;
	if (!c->a.nkv)
		return usage_error(c, "person add: give the person's fields, e.g. --side captive "
		                      "--kind military --family-name NAME");
	if ((rc = pl_person_add(c->db, c->actor, c->a.kv, c->a.nkv, ref, &c->err)))
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s}", "ref", ref);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf("%s\n", ref);
	return 0;
}

struct section {
	struct ctx *c;
	json_t *arr;
	int n;
	const char *title;
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
	printf("  #%lld\n", r->id);
	print_record(r, "    ");
	return 0;
}

static int run_show(struct ctx *c)
{
	static const struct {
		enum pl_entity_id what;
		const char *title, *key;
	} sections[] = {
	        {PL_ENT_STATUS, N_("status history"), "statuses"},
	        {PL_ENT_EVENT, N_("events"), "events"},
	        {PL_ENT_EVIDENCE, N_("evidence"), "evidence"},
	        {PL_ENT_CHANGE, N_("corrections and edits"), "changes"},
	};
	const char *ref = c->a.pos[0];
	struct pl_record p;
	json_t *o = NULL;
	int rc;

	if ((rc = pl_person_get(c->db, c->actor, ref, &p, &c->err)))
		return rc;
	if (c->json) {
		o = record_json(&p);
		if (!o)
			rc = pl_error_set(&c->err, PL_EDATA, "out of memory");
	} else {
		if (pl_record_get(&p, "merged_into"))
			printf(_("%s was merged into %s: its history is there now"), ref,
			       pl_record_get(&p, "merged_into"));
		if (pl_record_get(&p, "merged_into"))
			fputs("\n\n", stdout);
		print_record(&p, "");
	}
	pl_record_release(&p);
	for (size_t i = 0; !rc && i < sizeof(sections) / sizeof(sections[0]); i++) {
		struct section s = {c, o ? json_array() : NULL, 0, sections[i].title};
		rc = pl_person_history(c->db, c->actor, ref, sections[i].what, section_one, &s,
		                       &c->err);
		if (o && !rc)
			json_object_set_new(o, sections[i].key, s.arr);
		else
			json_decref(s.arr);
	}
	if (!rc && o)
		rc = print_json(o, 1);
	json_decref(o);
	return rc;
}

/* Fills a person filter from the listing options; shared with export. */
int person_filter_from_opts(struct ctx *c, struct pl_person_filter *f)
{
	memset(f, 0, sizeof(*f));
	f->side = opt_get(c, "side");
	f->status = opt_get(c, "status");
	f->kind = opt_get(c, "kind");
	f->health = opt_get(c, "health");
	f->sex = opt_get(c, "sex");
	f->unit = opt_get(c, "unit");
	f->text = opt_get(c, "text");
	f->tag = opt_get(c, "tag");
	f->citizenship = opt_get(c, "citizenship");
	if (opt_long(c, "limit", 0, &f->limit) || opt_long(c, "offset", 0, &f->offset))
		return PL_EUSAGE;
	return pl_person_filter_check(f, &c->err);
}

struct list_ctx {
	struct ctx *c;
	struct json_stream js;
	long n;
	struct table t; /* list_columns, measured on the first page */
};

/* the reference and the status keep their width; the name and the unit give it up */
static const struct column list_columns[] = {
        {N_("REF"), 10, COL_KEEPS},    {N_("STATUS"), 26, COL_KEEPS}, {N_("KIND"), 12, 0},
        {N_("NAME"), 42, COL_SHRINKS}, {N_("BORN"), 12, 0},           {N_("UNIT"), 30, COL_SHRINKS},
};
_Static_assert(sizeof(list_columns) / sizeof(list_columns[0]) <= TABLE_MAXCOLS,
               "a width for each column");

static int list_one(void *ctx, const struct pl_record *r)
{
	struct list_ctx *l = ctx;
	const struct pl_entity *e = r->ent;
	char name[400], date[16];
	l->n++;
	if (l->c->json) {
		json_t *o = record_json(r);
		if (!o)
			return pl_error_set(&l->c->err, PL_EDATA, "out of memory");
		json_stream_item(&l->js, o);
		return 0;
	}
	snprintf(name, sizeof(name), "%s %s %s", pl_record_get(r, "family_name"),
	         pl_record_get(r, "given_name") ? pl_record_get(r, "given_name") : "",
	         pl_record_get(r, "patronymic") ? pl_record_get(r, "patronymic") : "");
	table_cell(&l->t, pl_record_get(r, "ref"));
	table_cell(&l->t, value_text(&e->fields[pl_field_index(e, "status")],
	                             pl_record_get(r, "status"), NULL, 0));
	table_cell(&l->t, value_text(&e->fields[pl_field_index(e, "kind")],
	                             pl_record_get(r, "kind"), NULL, 0));
	table_cell(&l->t, name);
	table_cell(&l->t, date_text(pl_record_get(r, "birth_date"), date, sizeof(date)));
	table_cell(&l->t, pl_record_get(r, "unit"));
	table_row_end(&l->t);
	return 0;
}

static int run_list(struct ctx *c)
{
	struct pl_person_filter f;
	struct list_ctx l = {c, {0}, 0, {0}};
	int rc;
	if (c->a.npos)
		return usage_error(c, "person list: use --text '%s' to search names", c->a.pos[0]);
	if ((rc = person_filter_from_opts(c, &f)))
		return rc;
	table_begin(&l.t, list_columns, 6);
	if (c->json)
		json_stream_begin(&l.js);
	rc = pl_person_list(c->db, c->actor, &f, list_one, &l, &c->err);
	if (!c->json) /* the header once the listing was allowed */
		table_end(&l.t, !rc);
	if (c->json) {
		if (rc) /* no half array on stdout: the message says what failed */
			return rc;
		json_stream_end(&l.js);
	} else if (!rc) {
		char n[32];
		printf(Q_("(%s person)", "(%s persons)", l.n), num_text(l.n, n, sizeof(n)));
		putchar('\n');
	}
	return rc;
}

static int run_edit(struct ctx *c)
{
	if (!c->a.nkv)
		return usage_error(c,
		                   "person edit: say what to change: FIELD=VALUE or --FIELD VALUE");
	if (c->a.npos > 1)
		return usage_error(c, "person edit: '%s' is not FIELD=VALUE of a person field",
		                   c->a.pos[1]);
	int rc = pl_person_edit(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv,
	                        opt_get(c, "reason"), &c->err);
	if (!rc && !c->json) {
		printf(_("%s updated"), c->a.pos[0]);
		putchar('\n');
	}
	return rc;
}

static int run_status(struct ctx *c)
{
	static const char *const map[][2] = {
	        {"date", "date"}, {"source", "source"},     {"evidence", "evidence_id"},
	        {"note", "note"}, {"corrects", "corrects"}, {"reason", "reason"},
	        {NULL, NULL},
	};
	long long id;
	int rc;
	if (args_add_kv(c, "status", c->a.pos[1]) || opts_to_kv(c, map))
		return PL_EUSAGE;
	if ((rc = pl_person_set_status(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &id,
	                               &c->err)))
		return rc;
	return print_id(c, PL_ENT_STATUS, c->a.pos[0], id);
}

static int run_event(struct ctx *c)
{
	static const char *const map[][2] = {
	        {"date", "date"}, {"place", "place"},       {"source", "source"},
	        {"note", "note"}, {"corrects", "corrects"}, {"reason", "reason"},
	        {NULL, NULL},
	};
	long long id;
	int rc;
	if (args_add_kv(c, "kind", c->a.pos[1]) || opts_to_kv(c, map))
		return PL_EUSAGE;
	if ((rc = pl_person_add_event(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, &id,
	                              &c->err)))
		return rc;
	return print_id(c, PL_ENT_EVENT, c->a.pos[0], id);
}

/*
 * Reads a whole file for evidence: a regular file only (not a device such as /dev/zero,
 * not a FIFO that would block, not followed through a link), its size checked before a
 * byte is read.
 */
static int slurp(struct ctx *c, const char *path, char **out, size_t *len)
{
	struct stat st;
	char *buf;
	size_t got = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return pl_error_set(
		        &c->err, errno == ENOENT ? PL_ENOTFOUND : PL_EDATA, "--file %s: %s%s", path,
		        strerror(errno),
		        errno == ELOOP ? " (a link is not followed: name the file itself)" : "");
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return pl_error_set(&c->err, PL_EDATA, "--file %s: not a regular file", path);
	}
	if (st.st_size > PL_EVIDENCE_FILE_MAX) {
		close(fd);
		return pl_error_set(&c->err, PL_EDATA,
		                    "--file %s: %lld MiB; an evidence file may be at most %d MiB",
		                    path, (long long)(st.st_size >> 20),
		                    PL_EVIDENCE_FILE_MAX >> 20);
	}
	if (!(buf = pl_malloc((size_t)st.st_size + 1))) {
		close(fd);
		return pl_error_set(&c->err, PL_EDATA, "out of memory");
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, buf + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = errno;
			close(fd);
			pl_free(buf);
			return pl_error_set(&c->err, PL_EDATA, "--file %s: %s", path,
			                    n < 0 ? strerror(e) : "it shrank while being read");
		}
		got += (size_t)n;
	}
	close(fd);
	*len = got;
	*out = buf;
	return 0;
}

static int run_evidence(struct ctx *c)
{
	static const char *const map[][2] = {
	        {"date", "date"},
	        {"source", "source"},
	        {"reliability", "reliability"},
	        {"credibility", "credibility"},
	        {"note", "note"},
	        {"corrects", "corrects"},
	        {"reason", "reason"},
	        {NULL, NULL},
	};
	const char *grade = opt_get(c, "grade"), *path = opt_get(c, "file");
	char rel[2] = "", cred[2] = "";
	char *data = NULL;
	size_t len = 0;
	long long id;
	int rc;

	if (args_add_kv(c, "kind", c->a.pos[1]) || opts_to_kv(c, map))
		return PL_EUSAGE;
	if (grade) {
		if (strlen(grade) != 2 || opt_has(c, "reliability") || opt_has(c, "credibility"))
			return usage_error(c, "--grade: give the Admiralty grade as a letter A-F "
			                      "and a digit 1-6, e.g. B2 (or --reliability and "
			                      "--credibility, not both)");
		rel[0] = grade[0];
		cred[0] = grade[1];
		if (args_add_kv(c, "reliability", rel) || args_add_kv(c, "credibility", cred))
			return PL_EUSAGE;
	}
	if (path) {
		const char *base = strrchr(path, '/');
		if ((rc = slurp(c, path, &data, &len)))
			return rc;
		path = base ? base + 1 : path;
	}
	rc = pl_person_add_evidence(c->db, c->actor, c->a.pos[0], c->a.kv, c->a.nkv, data, len,
	                            path, &id, &c->err);
	pl_free(data);
	if (rc)
		return rc;
	return print_id(c, PL_ENT_EVIDENCE, c->a.pos[0], id);
}

static int run_merge(struct ctx *c)
{
	const char *keep = c->a.pos[0], *dup = c->a.pos[1];
	int rc = pl_person_merge(c->db, c->actor, keep, dup, opt_get(c, "reason"), &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s}", "kept", keep, "merged", dup);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf(_("%s merged into %s: its statuses, events, evidence, relatives and inquiries are "
	         "under %s now; the status of %s is unchanged"),
	       dup, keep, keep, keep);
	putchar('\n');
	return 0;
}

static const struct opt merge_opts[] = {
        {.name = "reason",
         .arg = "TEXT",
         .help = "why they are one person (kept with the merge)",
         .required = 1},
        {.name = NULL},
};
static const struct opt list_opts[] = {
        PERSON_FILTER_OPTS,
        {.name = NULL},
};
static const struct opt edit_opts[] = {
        {.name = "reason", .arg = "TEXT", .help = "why the values change (kept in the history)"},
        {.name = NULL},
};
static const struct opt status_opts[] = {
        {.name = "date", .arg = "DATE", .help = "when the status took effect"},
        {.name = "source", .arg = "TEXT", .help = "where the information comes from"},
        {.name = "evidence", .arg = "ID", .help = "the evidence it rests on"},
        {.name = "note", .arg = "TEXT", .help = "note"},
        {.name = "corrects", .arg = "ID", .help = "the wrong status entry this corrects"},
        {.name = "reason", .arg = "TEXT", .help = "why (required with --corrects)"},
        {.name = NULL},
};
static const struct opt event_opts[] = {
        {.name = "date", .arg = "DATE", .help = "when"},
        {.name = "place", .arg = "TEXT", .help = "where"},
        {.name = "source", .arg = "TEXT", .help = "source of the information"},
        {.name = "note", .arg = "TEXT", .help = "note"},
        {.name = "corrects", .arg = "ID", .help = "the wrong event this corrects"},
        {.name = "reason", .arg = "TEXT", .help = "why (required with --corrects)"},
        {.name = NULL},
};
static const struct opt evidence_opts[] = {
        {.name = "source", .arg = "TEXT", .help = "where it comes from (required)"},
        {.name = "grade",
         .arg = "XN",
         .help = "Admiralty grade: source A-F and information 1-6, e.g. B2"},
        {.name = "reliability",
         .arg = "A-F",
         .help = "reliability of the source",
         .values = V_FIELD("evidence.reliability")},
        {.name = "credibility",
         .arg = "1-6",
         .help = "credibility of the information",
         .values = V_FIELD("evidence.credibility")},
        {.name = "date", .arg = "DATE", .help = "date of the evidence"},
        {.name = "note", .arg = "TEXT", .help = "note"},
        {.name = "file",
         .arg = "PATH",
         .help = "attach a file (stored once, by its hash)",
         .values = V_FILE},
        {.name = "corrects", .arg = "ID", .help = "the wrong evidence this corrects"},
        {.name = "reason", .arg = "TEXT", .help = "why (required with --corrects)"},
        {.name = NULL},
};

#define DBA (CMD_DB | CMD_ACTOR)

const struct command cmd_person[] = {
        {.name = "person add",
         .usage = "--FIELD VALUE... | FIELD=VALUE...",
         .summary = "add a captive or a detainee; prints the reference",
         .description =
                 "Adds a captive (`--side captive`: one of ours held by the other side, "
                 "references U-000123) or a detainee (`--side detainee`: held by us, references "
                 "R-000045) and prints the new reference. `side`, `kind` and `family_name` are "
                 "required; every value is checked as docs/values.md says, and a wrong one is "
                 "refused naming the field. `status` sets the first status (default `missing` "
                 "for captives, `held` for detainees); later changes go through `parley person "
                 "status`. Registrars and heads.",
         .examples = "parley person add --side captive --kind military --family-name Ковальов "
                     "--given-name Сергій --birth-date 1985-03 --capture-date 2022-05-17  # "
                     "prints U-000001\n"
                     "parley person add side=detainee kind=military family_name=Петров "
                     "given_name=Иван",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_PERSON,
         .run = run_add},
        {.name = "person show",
         .usage = "REF",
         .summary = "show a person with statuses, events, evidence, corrections",
         .description =
                 "Shows the person REF: every field, then the status history, events, evidence "
                 "and the corrections and edits of fields, each entry with its number (#N, "
                 "which `--corrects` and `--evidence` take); `--json` one object. Values the "
                 "role may not see are shown as [restricted]; reading a restricted value is "
                 "audited. A person merged into another says so and names it. Registrars, "
                 "liaisons, negotiators and heads.",
         .examples = "parley person show U-000001\n"
                     "parley person show U-000001 --json",
         .flags = DBA,
         .min_pos = 1,
         .max_pos = 1,
         .run = run_show},
        {.name = "person list",
         .usage = "[filters]",
         .summary = "list persons",
         .description =
                 "Lists the persons that match every filter given; `--json` "
                 "an array of their fields. `--unit` and `--text` match words case-insensitively "
                 "in any script; `--text` looks in the names (other spellings too), the "
                 "reference and the service number. Merged duplicates are left out. "
                 "Registrars, liaisons, negotiators and heads.",
         .examples = "parley person list --side captive --status confirmed --unit \"морської "
                     "піхоти\" --json\n"
                     "parley person list --text Ковальов --limit 10",
         .flags = DBA,
         .opts = list_opts,
         .run = run_list},
        {.name = "person edit",
         .usage = "REF FIELD=VALUE... [--reason TEXT]",
         .summary = "change fields; the old values stay in the history",
         .description =
                 "Changes fields of the person REF; each old value stays in the history "
                 "(`parley person show`) with the reason. `side` is set when the person is "
                 "added and never edited; the status changes through `parley person status`. "
                 "Registrars and heads.",
         .examples = "parley person edit U-000001 rank=сержант --reason \"за документом\"\n"
                     "parley person edit U-000001 --health wounded --reason \"повідомлення МКЧХ\"",
         .flags = DBA | CMD_FIELDS,
         .entity = PL_ENT_PERSON,
         .min_pos = 1,
         .max_pos = 64,
         .opts = edit_opts,
         .run = run_edit},
        {.name = "person status",
         .usage = "REF STATUS [options]",
         .summary = "record a change of status",
         .description =
                 "Records a change of the status of the person REF to STATUS: a captive's "
                 "statuses are `missing`, `data_unknown`, `probable`, `confirmed`, `listed`, "
                 "`returned`, `third_country`, `died` and `remains_returned`; a detainee's "
                 "`held`, `listed`, `exchanged`, `released` and `died`. A change that makes no "
                 "sense (a captive goes from `confirmed` to `listed`, `returned`, "
                 "`third_country` or `died`, never back to `missing`) is refused with the "
                 "possible ones; the table is in docs/values.md.\n\n"
                 "A wrong entry is corrected by a new one that names it, `--corrects ID` (its "
                 "number as `parley person show` prints it; `0` is the first status, given when "
                 "the person was added), with a `--reason`. Registrars and heads.",
         .examples = "parley person status U-000001 probable --evidence 1 --source \"відео\"\n"
                     "parley person status U-000001 confirmed --source \"МКЧХ\" --date "
                     "2022-06-01\n"
                     "parley person status U-000001 confirmed --corrects 2 --reason \"дата з "
                     "листа МКЧХ\" --date 2022-05-30",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .opts = status_opts,
         .args = {[1] = V_STATUS},
         .run = run_status},
        {.name = "person event",
         .usage = "REF KIND [options]",
         .summary = "record an event: capture, transfer, hospital_admission, release, "
                    "repatriation, escape, death",
         .description =
                 "Records an event in the life of the person REF: what happened (KIND), when, "
                 "where and who says so. An event does not change the status: that is `parley "
                 "person status`. A wrong event is corrected by a new one with `--corrects ID` "
                 "and a `--reason`. Registrars and heads.",
         .examples = "parley person event U-000001 transfer --date 2022-09 --place \"СІЗО-2 "
                     "Таганрог\"",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .opts = event_opts,
         .args = {[1] = V_FIELD("event.kind")},
         .run = run_event},
        {.name = "person evidence",
         .usage = "REF KIND --source TEXT --grade XN [options]",
         .summary = "add evidence: video, photo, other_side_list, icrc_notification, "
                    "returnee_testimony, relative_report, open_source, document",
         .description =
                 "Adds evidence about the person REF, of the kind KIND, with its source and "
                 "its Admiralty grade: the source's reliability A-F and the information's "
                 "credibility 1-6, as `--grade B2` or as `--reliability` and `--credibility`. "
                 "A file (`--file`) is stored inside the data file once, by its BLAKE2b hash. "
                 "Prints the evidence's number, which `parley person status --evidence` takes. "
                 "A wrong entry is corrected by a new one with `--corrects ID` and a "
                 "`--reason`. Registrars and heads.",
         .examples = "parley person evidence U-000001 video --source Telegram --grade B2 --file "
                     "clip.mp4",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .opts = evidence_opts,
         .args = {[1] = V_FIELD("evidence.kind")},
         .run = run_evidence},
        {.name = "person merge",
         .usage = "KEEP DUP --reason TEXT",
         .summary = "merge the duplicate DUP into KEEP: DUP's history moves to KEEP, DUP is "
                    "kept, hidden",
         .description =
                 "Joins the duplicate DUP to the person KEEP, in one transaction: DUP's "
                 "statuses (its first one written out first), events, evidence, relatives, "
                 "inquiries and accepted list rows move to KEEP, each move audited; DUP's names "
                 "join KEEP's `other_names`, so search and `parley person list --text` find KEEP "
                 "by them; KEEP's status is not changed (record a change when DUP's history "
                 "says more).\n\n"
                 "DUP stays, with its own edits: `parley person list`, search, matching and "
                 "export leave it out, `parley person show DUP` names KEEP, the reason, when and "
                 "who, and every write to DUP is refused (exit 1) naming the person to write "
                 "to. Refused: a person into itself (exit 2), a captive with a detainee, a "
                 "person merged already, into a person merged already (exit 1). `parley dedup` "
                 "proposes pairs. Needs person.merge (registrar, head).",
         .examples = "parley person merge U-000001 U-000007 --reason \"те саме фото\"",
         .flags = DBA,
         .min_pos = 2,
         .max_pos = 2,
         .opts = merge_opts,
         .run = run_merge},
        {.name = NULL},
};
