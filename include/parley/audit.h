/* audit.h - the hash-chained audit trail: head, verification, log */
#ifndef PARLEY_AUDIT_H
#define PARLEY_AUDIT_H

#include "parley/account.h"
#include "parley/error.h"

struct pl_db;

/* "SEQ:HEX" of the newest record: keep it elsewhere to detect truncation later. */
#define PL_AUDIT_HEAD_MAX 96
int pl_audit_head(struct pl_db *db, const struct pl_actor *actor, char out[PL_AUDIT_HEAD_MAX],
                  struct pl_error *err);

struct pl_audit_report {
	long long records; /* records checked */
	long long rows;    /* data rows checked (deep) */
	char head[PL_AUDIT_HEAD_MAX];
};

/*
 * Walks the whole chain. Any edit, deletion or reordering of records fails
 * with PL_EINTEGRITY and a message naming the first bad record; kept_head
 * (may be NULL) must still be on the chain, else the trail was truncated or
 * rewritten. deep: also compares every data row with the hash of its last
 * audited write, which finds rows changed, added or deleted behind the
 * library's back. Needs no account: the trail's integrity is no secret.
 */
int pl_audit_verify(struct pl_db *db, const char *kept_head, int deep, struct pl_audit_report *rep,
                    struct pl_error *err);

struct pl_audit_entry {
	long long seq;
	const char *ts, *account, *os_user, *action, *tbl, *ref, *fields;
	long long oid;
	char hash[65];
};
typedef int (*pl_audit_cb)(void *ctx, const struct pl_audit_entry *e);

struct pl_audit_filter {
	long long since_seq; /* records after this one */
	const char *account; /* only this account */
	const char *action;  /* action prefix: "person." */
	long limit;          /* newest limit records; 0: all */
};
int pl_audit_log(struct pl_db *db, const struct pl_actor *actor, const struct pl_audit_filter *f,
                 pl_audit_cb cb, void *ctx, struct pl_error *err);

#endif
