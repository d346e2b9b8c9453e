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

/*
 * Signed checkpoints: the chain's construction is public, so whoever can write the file
 * can rewrite the whole trail consistently; a head signed with an Ed25519 key that never
 * lives in the data file (or on its machine) cannot be forged. A checkpoint is the
 * record's number and hash and the time of signing, signed; carried as one line,
 * "SEQ:HASH:TIME:PUBKEY:SIGNATURE" (hex), so it can travel between machines.
 */
#define PL_AUDIT_PUBKEY_HEX 65 /* 32 bytes in hex, and the NUL */
#define PL_AUDIT_SIGNED_MAX 300

/* Makes a key pair: the secret key in keyfile (new, mode 0600, not a link), the public key
 * as hex in pub. Needs no data file. */
int pl_audit_keygen(const char *keyfile, char pub[PL_AUDIT_PUBKEY_HEX], struct pl_error *err);

/* Signs head ("SEQ:HEX" as pl_audit_head gives it) with the key in keyfile, now; out gets
 * the checkpoint line. Needs no data file: for a machine that never holds one. A key file
 * that others may read, or that is a link, is refused. */
int pl_audit_sign_head(const char *keyfile, const char *head, char out[PL_AUDIT_SIGNED_MAX],
                       struct pl_error *err);

/* Records a checkpoint line in the trail (auditors): its signature must hold and the
 * record it names must be on this trail with that hash. */
int pl_audit_checkpoint_add(struct pl_db *db, const struct pl_actor *actor, const char *line,
                            struct pl_error *err);

/* Signs the trail's current head with keyfile and records it (auditors): for a key
 * brought to the machine for the moment of signing. out (may be NULL) gets the line. */
int pl_audit_sign(struct pl_db *db, const struct pl_actor *actor, const char *keyfile,
                  char out[PL_AUDIT_SIGNED_MAX], struct pl_error *err);

struct pl_audit_checkpoints {
	long long count;       /* checkpoints checked */
	long long latest_seq;  /* the record the newest signs (0: none) */
	char latest_at[21];    /* and when it was signed */
	long long age_seconds; /* how long ago */
};

/*
 * Checks every recorded checkpoint against pubkey (hex): its signature, and that the
 * trail still passes through it (the record it names has the hash it signed). Run after
 * pl_audit_verify, which proves the chain itself. PL_EINTEGRITY, naming the checkpoint,
 * at the first that fails; also when there is none, or (max_age_days > 0) when the newest
 * is older than that: a trail whose newest checkpoints were cut off shows how stale it is.
 * Needs no account.
 */
int pl_audit_verify_checkpoints(struct pl_db *db, const char *pubkey, long max_age_days,
                                struct pl_audit_checkpoints *out, struct pl_error *err);

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
