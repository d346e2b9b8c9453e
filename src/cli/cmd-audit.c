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
        {"head", "SEQ:HEX", 0, "a head kept earlier (parley audit head): detects truncation", 0},
        {"deep", NULL, 0, "also check every data row against its last audited write", 0},
        {NULL, NULL, 0, NULL, 0},
};
static const struct opt log_opts[] = {
        {"since", "SEQ", 0, "records after this one", 0},
        {"account", "NAME", 0, "only this account's", 0},
        {"action", "PREFIX", 0, "only actions starting so: person., denied:, read", 0},
        {"limit", "N", 0, "the newest N records (default 50, 0 for all)", 0},
        {NULL, NULL, 0, NULL, 0},
};
static const struct opt no_opts[] = {{NULL, NULL, 0, NULL, 0}};

const struct command cmd_audit[] = {
        {"audit verify", "[--head SEQ:HEX] [--deep]",
         "check the audit trail (no account needed); exit 5 when it was tampered with", CMD_DB, 0,
         0, 0, verify_opts, run_verify},
        {"audit head", "", "print the newest record's SEQ:HASH, to keep elsewhere",
         CMD_DB | CMD_ACTOR, 0, 0, 0, no_opts, run_head},
        {"audit log", "[options]", "show audit records", CMD_DB | CMD_ACTOR, 0, 0, 0, log_opts,
         run_log},
        {NULL, NULL, NULL, 0, 0, 0, 0, NULL, NULL},
};
