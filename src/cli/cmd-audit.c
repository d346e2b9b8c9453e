/* cmd-audit.c - parley audit verify|head|log */
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

static int run_verify(struct ctx *c)
{
	struct pl_audit_report rep;
	int deep = opt_has(c, "deep");
	int rc = pl_audit_verify(c->db, opt_get(c, "head"), deep, &rep, &c->err);
	if (c->json) {
		json_t *j = rc ? json_pack("{s:b, s:s}", "ok", 0, "problem", c->err.msg)
		               : json_pack("{s:b, s:I, s:I, s:s}", "ok", 1, "records",
		                           (json_int_t)rep.records, "rows", (json_int_t)rep.rows,
		                           "head", rep.head);
		print_json(j, 0);
		json_decref(j);
		return rc;
	}
	if (rc)
		return rc;
	printf(Q_("audit trail intact: %lld record", "audit trail intact: %lld records",
	          rep.records),
	       rep.records);
	if (deep)
		printf(Q_(", %lld data row matches its last audited write",
		          ", %lld data rows match their last audited write", rep.rows),
		       rep.rows);
	printf(_("\nhead %s\n"), rep.head);
	return 0;
}

static int run_head(struct ctx *c)
{
	char head[PL_AUDIT_HEAD_MAX];
	int rc = pl_audit_head(c->db, c->actor, head, &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s}", "head", head);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf("%s\n", head);
	return 0;
}

struct log_ctx {
	struct ctx *c;
	struct json_stream js;
};

static int log_one(void *ctx, const struct pl_audit_entry *e)
{
	struct log_ctx *l = ctx;
	if (l->c->json) {
		json_t *o = json_pack("{s:I, s:s, s:s, s:s, s:s, s:s?, s:I, s:s?, s:s?, s:s}",
		                      "seq", (json_int_t)e->seq, "ts", e->ts, "account", e->account,
		                      "os_user", e->os_user, "action", e->action, "table", e->tbl,
		                      "oid", (json_int_t)e->oid, "ref", e->ref, "fields", e->fields,
		                      "hash", e->hash);
		json_stream_item(&l->js, o);
		return 0;
	}
	printf("%-8lld %s  %-14s %-8s %-20s %s%s%s %s\n", e->seq, e->ts, e->account, e->os_user,
	       e->action, e->tbl ? e->tbl : "", e->tbl ? "/" : "", e->ref ? e->ref : "",
	       e->fields ? e->fields : "");
	return 0;
}

static int run_log(struct ctx *c)
{
	struct pl_audit_filter f = {0};
	struct log_ctx l = {c, {0}};
	long since, limit;
	int rc;
	if (opt_long(c, "since", 0, &since) || opt_long(c, "limit", 50, &limit))
		return PL_EUSAGE;
	f.since_seq = since;
	f.limit = limit;
	f.account = opt_get(c, "account");
	f.action = opt_get(c, "action");
	if (c->json)
		json_stream_begin(&l.js);
	if ((rc = pl_audit_log(c->db, c->actor, &f, log_one, &l, &c->err)))
		return rc;
	if (c->json)
		json_stream_end(&l.js);
	return 0;
}

static const struct opt verify_opts[] = {
        {.name = "head",
         .arg = "SEQ:HEX",
         .help = "a head kept earlier (parley audit head): detects truncation"},
        {.name = "deep", .help = "also check every data row against its last audited write"},
        {.name = NULL},
};
static const struct opt log_opts[] = {
        {.name = "since", .arg = "SEQ", .help = "records after this one"},
        {.name = "account", .arg = "NAME", .help = "only this account's"},
        {.name = "action",
         .arg = "PREFIX",
         .help = "only actions starting so: person., denied:, read"},
        {.name = "limit", .arg = "N", .help = "the newest N records (default 50, 0 for all)"},
        {.name = NULL},
};

const struct command cmd_audit[] = {
        {.name = "audit verify",
         .usage = "[--head SEQ:HEX] [--deep]",
         .summary = "check the audit trail (no account needed); exit 5 when it was tampered with",
         .description =
                 "Checks the whole audit trail: every record's BLAKE2b hash and its link to the "
                 "one before. Exits 5, naming the record, after any edit, deletion or reordering "
                 "of records; with a head kept elsewhere (`--head`, as `parley audit head` "
                 "printed it), also after truncation; with `--deep`, also when a data row was "
                 "changed, added or deleted behind parley's back. Prints the number of records "
                 "and the newest head. Needs no account.",
         .examples = "parley audit verify\n"
                     "parley audit verify --head \"$(cat head.txt)\" --deep",
         .flags = CMD_DB,
         .opts = verify_opts,
         .run = run_verify},
        {.name = "audit head",
         .usage = "",
         .summary = "print the newest record's SEQ:HASH, to keep elsewhere",
         .description = "Prints the newest audit record as SEQ:HEX, its number and hash. Kept "
                        "somewhere parley's file is not (printed, mailed, in another office), it "
                        "lets `parley audit verify --head` prove that no record was cut off "
                        "the end. Auditors and admins.",
         .examples = "parley --as chief audit head > head.txt",
         .flags = CMD_DB | CMD_ACTOR,
         .run = run_head},
        {.name = "audit log",
         .usage = "[options]",
         .summary = "show audit records",
         .description = "Prints audit records, oldest first: number, time (UTC), account, "
                        "operating-system user, action, table and reference of the object, "
                        "and the names of the fields written; `--json` an array with the hashes. "
                        "Refusals are recorded as actions `denied:OPERATION`. Auditors only.",
         .examples = "parley --as aud audit log --action denied: --limit 20",
         .flags = CMD_DB | CMD_ACTOR,
         .opts = log_opts,
         .run = run_log},
        {.name = NULL},
};
