/* cmd-audit.c - parley audit verify|head|log|keygen|sign|sign-head|checkpoint add */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "banned.h"

static int run_verify(struct ctx *c)
{
	struct pl_audit_report rep;
	struct pl_audit_checkpoints cp = {0};
	const char *pubkey = opt_get(c, "pubkey");
	int deep = opt_has(c, "deep");
	long max_age = 0;
	int rc;
	if (opt_long(c, "max-age", 0, &max_age))
		return PL_EUSAGE;
	if (max_age && !pubkey)
		return usage_error(c, "audit verify: --max-age needs --pubkey");
	rc = pl_audit_verify(c->db, opt_get(c, "head"), deep, &rep, &c->err);
	if (!rc && pubkey)
		rc = pl_audit_verify_checkpoints(c->db, pubkey, max_age, &cp, &c->err);
	if (c->json) {
		json_t *j = rc ? json_pack("{s:b, s:s}", "ok", 0, "problem", c->err.msg)
		               : json_pack("{s:b, s:I, s:I, s:s}", "ok", 1, "records",
		                           (json_int_t)rep.records, "rows", (json_int_t)rep.rows,
		                           "head", rep.head);
		if (!rc && pubkey)
			json_object_set_new(
			        j, "checkpoints",
			        json_pack("{s:I, s:I, s:s, s:I}", "count", (json_int_t)cp.count,
			                  "latest_seq", (json_int_t)cp.latest_seq, "latest_at",
			                  cp.latest_at, "age_seconds", (json_int_t)cp.age_seconds));
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
	if (pubkey)
		printf(Q_("%lld signed checkpoint holds; the newest signs record %lld, at %s (%lld "
		          "days ago)\n",
		          "%lld signed checkpoints hold; the newest signs record %lld, at %s (%lld "
		          "days ago)\n",
		          cp.count),
		       cp.count, cp.latest_seq, cp.latest_at, cp.age_seconds / 86400);
	return 0;
}

static int run_keygen(struct ctx *c)
{
	char pub[PL_AUDIT_PUBKEY_HEX];
	int rc = pl_audit_keygen(c->a.pos[0], pub, &c->err);
	if (rc)
		return rc;
	if (c->json) {
		json_t *j = json_pack("{s:s, s:s}", "key", c->a.pos[0], "pubkey", pub);
		rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf("%s\n", pub);
	fprintf(stderr,
	        _("parley: the secret key is in %s (mode 0600): keep it off the server; give the "
	          "public key above to whoever verifies (audit verify --pubkey)\n"),
	        c->a.pos[0]);
	return 0;
}

static int print_line(struct ctx *c, const char *line)
{
	if (c->json) {
		json_t *j = json_pack("{s:s}", "checkpoint", line);
		int rc = print_json(j, 0);
		json_decref(j);
		return rc;
	}
	printf("%s\n", line);
	return 0;
}

static int run_sign_head(struct ctx *c)
{
	char line[PL_AUDIT_SIGNED_MAX];
	int rc = pl_audit_sign_head(opt_get(c, "key"), c->a.pos[0], line, &c->err);
	return rc ? rc : print_line(c, line);
}

static int run_sign(struct ctx *c)
{
	char line[PL_AUDIT_SIGNED_MAX];
	int rc = pl_audit_sign(c->db, c->actor, opt_get(c, "key"), line, &c->err);
	return rc ? rc : print_line(c, line);
}

/* "audit checkpoint add SIGNED": the one thing done with a checkpoint by hand */
static int run_checkpoint_add(struct ctx *c)
{
	int rc;
	if (strcmp(c->a.pos[0], "add"))
		return usage_error(c, "audit checkpoint: no '%s': say audit checkpoint add SIGNED",
		                   c->a.pos[0]);
	rc = pl_audit_checkpoint_add(c->db, c->actor, c->a.pos[1], &c->err);
	if (!rc && !c->json)
		printf("%s\n", _("checkpoint recorded"));
	return rc;
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
        {.name = "pubkey",
         .arg = "HEX",
         .help = "also check every signed checkpoint with this public key (audit keygen)"},
        {.name = "max-age",
         .arg = "DAYS",
         .help = "with --pubkey: fail when the newest checkpoint is older than DAYS days"},
        {.name = NULL},
};
static const struct opt key_opts[] = {
        {.name = "key",
         .arg = "KEYFILE",
         .help = "the secret key file (audit keygen)",
         .required = 1,
         .values = V_FILE},
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
                 "and the newest head. With `--pubkey`, also checks every signed checkpoint "
                 "(`parley audit sign`, `audit checkpoint add`): its signature, and that the "
                 "trail still passes through the record it signed, so a trail rewritten "
                 "consistently fails at the first checkpoint it changed; prints the number and "
                 "time of the newest, and with `--max-age DAYS` fails when it is older. Needs "
                 "no account.",
         .examples = "parley audit verify\n"
                     "parley audit verify --head \"$(cat head.txt)\" --deep\n"
                     "parley audit verify --pubkey \"$(cat audit.pub)\" --max-age 2",
         .flags = CMD_DB | CMD_PROGRESS,
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
        {.name = "audit keygen",
         .usage = "KEYFILE",
         .summary = "make a key pair for signed checkpoints; print the public key",
         .description =
                 "Makes an Ed25519 key pair for signing checkpoints of the audit trail. The "
                 "secret key goes to KEYFILE (new, mode 0600); the public key is printed as hex. "
                 "Run it on a machine that never holds the data file, and keep the key there: "
                 "whoever can write the data file can rewrite the whole trail consistently, but "
                 "cannot forge a checkpoint without the key. Give the public key to whoever "
                 "verifies. Needs no data file and no account.",
         .examples = "parley audit keygen /media/usb/audit.key > audit.pub",
         .min_pos = 1,
         .max_pos = 1,
         .args = {V_FILE},
         .run = run_keygen},
        {.name = "audit sign-head",
         .usage = "--key KEYFILE HEAD",
         .summary = "sign a head printed by audit head, away from the data file",
         .description = "Signs HEAD (SEQ:HEX, as `parley audit head` printed it on the server) "
                        "with the secret key and prints the signed checkpoint, one line to "
                        "carry back to the server and record with `parley audit checkpoint "
                        "add`. Needs no data file and no account: it runs where the key is.",
         .examples = "parley audit sign-head --key /media/usb/audit.key \"$(cat head.txt)\" > "
                     "signed.txt",
         .min_pos = 1,
         .max_pos = 1,
         .opts = key_opts,
         .run = run_sign_head},
        {.name = "audit checkpoint",
         .usage = "add SIGNED",
         .summary = "record a signed checkpoint in the audit trail",
         .description = "Records a checkpoint signed with `parley audit sign-head`: its "
                        "signature must hold, and the record it signs must be on this trail "
                        "with that hash. Auditors only.",
         .examples = "parley --as aud audit checkpoint add \"$(cat signed.txt)\"",
         .flags = CMD_DB | CMD_ACTOR,
         .min_pos = 2,
         .max_pos = 2,
         .run = run_checkpoint_add},
        {.name = "audit sign",
         .usage = "--key KEYFILE",
         .summary = "sign the trail's current head and record it, with a key brought here",
         .description = "Signs the newest audit record with the secret key in KEYFILE and "
                        "records the checkpoint, in one step: for a key brought to the machine "
                        "for the moment of signing (on removable media) and taken away after. "
                        "Auditors only.",
         .examples = "parley --as aud audit sign --key /media/usb/audit.key",
         .flags = CMD_DB | CMD_ACTOR,
         .opts = key_opts,
         .run = run_sign},
        {.name = NULL},
};
