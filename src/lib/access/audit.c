/* audit.c - the hash-chained audit trail: appending, verifying, reading */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "parley/alloc.h"
#include "parley/audit.h"
#include "internal.h"
#include "banned.h"

static void put_u64(crypto_generichash_state *h, unsigned long long v)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(v >> (8 * i));
	crypto_generichash_update(h, b, 8);
}

static void put_str(crypto_generichash_state *h, const char *s)
{
	if (!s) {
		put_u64(h, ~0ULL);
		return;
	}
	put_u64(h, strlen(s));
	crypto_generichash_update(h, (const unsigned char *)s, strlen(s));
}

/* hash = BLAKE2b-256(prev || every value of the record, length-prefixed) */
static void record_hash(const struct store_audit *a, unsigned char out[PL_HASH_LEN])
{
	crypto_generichash_state h;
	unsigned char has = a->row_hash != NULL;

	crypto_generichash_init(&h, (const unsigned char *)"parley-audit-v1", 15, PL_HASH_LEN);
	crypto_generichash_update(&h, a->prev, PL_HASH_LEN);
	put_u64(&h, (unsigned long long)a->seq);
	put_str(&h, a->ts);
	put_str(&h, a->account);
	put_str(&h, a->os_user);
	put_str(&h, a->action);
	put_str(&h, a->tbl);
	put_u64(&h, a->tbl ? (unsigned long long)a->oid : 0);
	put_str(&h, a->ref);
	put_str(&h, a->fields);
	crypto_generichash_update(&h, &has, 1);
	if (has)
		crypto_generichash_update(&h, a->row_hash, PL_HASH_LEN);
	crypto_generichash_final(&h, out, PL_HASH_LEN);
}

static int append(struct pl_db *db, const struct pl_actor *actor, const char *action,
                  const char *table, long long oid, const char *ref, const char *fields,
                  int hash_row, struct pl_error *err)
{
	unsigned char row[PL_HASH_LEN], hash[PL_HASH_LEN];
	struct store_audit a = {
	        .seq = db->audit_seq + 1,
	        .ts = db->tx_time,
	        .account = actor->login,
	        .os_user = actor->os_user,
	        .action = action,
	        .tbl = table,
	        .oid = oid,
	        .ref = ref,
	        .fields = fields,
	        .prev = db->audit_hash,
	};
	int rc;

	if (hash_row) {
		int exists = 0;
		if ((rc = store_row_hash(db->st, table, oid, row, &exists, err)))
			return rc;
		if (!exists)
			return pl_error_set(err, PL_EDATA, "audit: %s row %lld was not written",
			                    table, oid);
		a.row_hash = row;
	}
	record_hash(&a, hash);
	a.hash = hash;
	if ((rc = store_audit_insert(db, &a, err)))
		return rc;
	db->audit_seq = a.seq;
	memcpy(db->audit_hash, hash, PL_HASH_LEN);
	return 0;
}

int audit_write(struct pl_db *db, const struct pl_actor *actor, const char *action,
                const char *table, long long oid, const char *ref, const char *fields,
                struct pl_error *err)
{
	return append(db, actor, action, table, oid, ref, fields, table != NULL, err);
}

int audit_note(struct pl_db *db, const struct pl_actor *actor, const char *action,
               const char *table, long long oid, const char *ref, const char *fields,
               struct pl_error *err)
{
	int rc, own = !db->in_tx;
	if (own && (rc = store_begin(db, err)))
		return rc;
	rc = append(db, actor, action, table, oid, ref, fields, 0, err);
	if (own) {
		if (rc)
			store_rollback(db);
		else
			rc = store_commit(db, err);
	}
	return rc;
}

static void format_head(long long seq, const unsigned char hash[PL_HASH_LEN],
                        char out[PL_AUDIT_HEAD_MAX])
{
	char hex[2 * PL_HASH_LEN + 1];
	sodium_bin2hex(hex, sizeof(hex), hash, PL_HASH_LEN);
	snprintf(out, PL_AUDIT_HEAD_MAX, "%lld:%s", seq, hex);
}

int pl_audit_head(struct pl_db *db, const struct pl_actor *actor, char out[PL_AUDIT_HEAD_MAX],
                  struct pl_error *err)
{
	long long seq;
	unsigned char hash[PL_HASH_LEN];
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_AUDIT_HEAD, err)))
		return rc;
	if ((rc = store_audit_last(db->st, &seq, hash, err)))
		return rc;
	format_head(seq, hash, out);
	return 0;
}

struct verify {
	long long last_seq;
	unsigned char last[PL_HASH_LEN];
	long long kept_seq;
	unsigned char kept[PL_HASH_LEN];
	int kept_seen;
	struct pl_error *err;
	long long records;
};

static int verify_one(void *ctx, const struct store_audit *a)
{
	struct verify *v = ctx;
	unsigned char h[PL_HASH_LEN];

	if (a->seq != v->last_seq + 1) {
		if (a->seq > v->last_seq + 1)
			return pl_error_set(v->err, PL_EINTEGRITY,
			                    "audit record %lld is missing: the trail jumps from "
			                    "record %lld to %lld (deleted)",
			                    v->last_seq + 1, v->last_seq, a->seq);
		return pl_error_set(v->err, PL_EINTEGRITY,
		                    "audit record %lld is out of order after record %lld", a->seq,
		                    v->last_seq);
	}
	/* the chain: this record's hash covers the hash of the one before */
	{
		struct store_audit at = *a;
		at.prev = v->last;
		record_hash(&at, h);
	}
	if (memcmp(h, a->hash, PL_HASH_LEN))
		return pl_error_set(
		        v->err, PL_EINTEGRITY,
		        "audit record %lld was altered, or does not follow record %lld: "
		        "its hash does not match its content and place in the chain",
		        a->seq, v->last_seq);
	if (a->seq == v->kept_seq) {
		if (memcmp(a->hash, v->kept, PL_HASH_LEN))
			return pl_error_set(v->err, PL_EINTEGRITY,
			                    "audit record %lld differs from the kept head: the "
			                    "trail was rewritten",
			                    a->seq);
		v->kept_seen = 1;
	}
	v->last_seq = a->seq;
	memcpy(v->last, a->hash, PL_HASH_LEN);
	v->records++;
	return 0;
}

struct deep {
	struct pl_db *db;
	const char *table;
	struct pl_error *err;
	long long rows;
};

static int deep_one(void *ctx, long long oid, const unsigned char *row_hash, long long seq)
{
	struct deep *d = ctx;
	unsigned char h[PL_HASH_LEN];
	int exists = 0, rc;
	if ((rc = store_row_hash(d->db->st, d->table, oid, h, &exists, d->err)))
		return rc;
	if (!exists)
		return pl_error_set(d->err, PL_EINTEGRITY,
		                    "%s row %lld was deleted behind parley's back (last audited "
		                    "write: record %lld)",
		                    d->table, oid, seq);
	if (memcmp(h, row_hash, PL_HASH_LEN))
		return pl_error_set(d->err, PL_EINTEGRITY,
		                    "%s row %lld was changed behind parley's back since its last "
		                    "audited write (record %lld)",
		                    d->table, oid, seq);
	d->rows++;
	return 0;
}

static int parse_head(const char *s, long long *seq, unsigned char hash[PL_HASH_LEN])
{
	const char *colon = strchr(s, ':');
	char *end;
	size_t bin_len;
	long long v;
	if (!colon)
		return -1;
	v = strtoll(s, &end, 10);
	if (end != colon || v < 0)
		return -1;
	if (sodium_hex2bin(hash, PL_HASH_LEN, colon + 1, strlen(colon + 1), NULL, &bin_len, NULL) ||
	    bin_len != PL_HASH_LEN)
		return -1;
	*seq = v;
	return 0;
}

int pl_audit_verify(struct pl_db *db, const char *kept_head, int deep, struct pl_audit_report *rep,
                    struct pl_error *err)
{
	struct verify v = {.err = err, .kept_seq = -1};
	int rc;

	if (kept_head && parse_head(kept_head, &v.kept_seq, v.kept))
		return pl_error_set(err, PL_EUSAGE,
		                    "'%s' is not an audit head (SEQ:HEX: the number of the last "
		                    "record and its hash)",
		                    kept_head);
	if (v.kept_seq == 0) {
		static const unsigned char zero[PL_HASH_LEN];
		if (memcmp(v.kept, zero, PL_HASH_LEN))
			return pl_error_set(err, PL_EINTEGRITY,
			                    "the kept head names record 0 with a non-zero hash");
		v.kept_seen = 1;
	}
	if ((rc = store_audit_each(db->st, 0, verify_one, &v, err)))
		return rc;
	if (v.kept_seq > 0 && !v.kept_seen)
		return pl_error_set(err, PL_EINTEGRITY,
		                    "the audit trail was truncated: the kept head is record %lld, "
		                    "the trail ends at record %lld",
		                    v.kept_seq, v.last_seq);
	if (rep) {
		memset(rep, 0, sizeof(*rep));
		rep->records = v.records;
		format_head(v.last_seq, v.last, rep->head);
	}
	if (!deep)
		return 0;
	for (int t = 0; store_audited_tables[t]; t++) {
		struct deep d = {db, store_audited_tables[t], err, 0};
		long long extra;
		if ((rc = store_audit_objects(db->st, d.table, deep_one, &d, err)))
			return rc;
		/* every audited row exists; more rows than that means some are not audited */
		extra = 0;
		if (store_count(db->st, d.table) != d.rows &&
		    (rc = store_unaudited_row(db->st, d.table, &extra, err)))
			return rc;
		if (extra)
			return pl_error_set(err, PL_EINTEGRITY,
			                    "%s row %lld was added behind parley's back (no audit "
			                    "record covers it)",
			                    d.table, extra);
		if (rep)
			rep->rows += d.rows;
	}
	return 0;
}

struct log {
	const struct pl_audit_filter *f;
	pl_audit_cb cb;
	void *ctx;
	long long skip;
	long long matched;
	int counting;
};

static int log_match(const struct pl_audit_filter *f, const struct store_audit *a)
{
	if (f->account && strcmp(f->account, a->account))
		return 0;
	if (f->action && strncmp(f->action, a->action, strlen(f->action)))
		return 0;
	return 1;
}

static int log_one(void *ctx, const struct store_audit *a)
{
	struct log *l = ctx;
	struct pl_audit_entry e;
	if (!log_match(l->f, a))
		return 0;
	if (l->counting) {
		l->matched++;
		return 0;
	}
	if (l->skip > 0) {
		l->skip--;
		return 0;
	}
	memset(&e, 0, sizeof(e));
	e.seq = a->seq;
	e.ts = a->ts;
	e.account = a->account;
	e.os_user = a->os_user;
	e.action = a->action;
	e.tbl = a->tbl;
	e.ref = a->ref;
	e.fields = a->fields;
	e.oid = a->tbl ? a->oid : 0;
	sodium_bin2hex(e.hash, sizeof(e.hash), a->hash, PL_HASH_LEN);
	return l->cb(l->ctx, &e);
}

int pl_audit_log(struct pl_db *db, const struct pl_actor *actor, const struct pl_audit_filter *f,
                 pl_audit_cb cb, void *ctx, struct pl_error *err)
{
	static const struct pl_audit_filter none;
	struct log l = {f ? f : &none, cb, ctx, 0, 0, 0};
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_AUDIT_LOG, err)))
		return rc;
	if (l.f->limit > 0) {
		l.counting = 1;
		if ((rc = store_audit_each(db->st, l.f->since_seq, log_one, &l, err)))
			return rc;
		l.counting = 0;
		l.skip = l.matched > l.f->limit ? l.matched - l.f->limit : 0;
	}
	return store_audit_each(db->st, l.f->since_seq, log_one, &l, err);
}

void audit_record_hash(const struct store_audit *a, unsigned char out[PL_HASH_LEN])
{
	record_hash(a, out);
}
