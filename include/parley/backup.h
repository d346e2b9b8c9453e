/* backup.h - consistent copies of a live file, optionally encrypted, and restore */
#ifndef PARLEY_BACKUP_H
#define PARLEY_BACKUP_H

#include "parley/account.h"
#include "parley/progress.h"

struct pl_db;

struct pl_backup_info {
	long long persons, audit_records;
	char audit_head[96];
	int encrypted;
};

/*
 * Copies the open file to dest (SQLite's online backup: others keep reading; writes
 * wait until it is done, as it holds the write lock), checks the copy (integrity_check
 * and the audit trail) and, with a passphrase, encrypts it (argon2id key,
 * XChaCha20-Poly1305 secretstream). dest must not exist. Admin only. Audited: the
 * record "backup" ends both the file's trail and the copy's, the same record (time,
 * sequence, hash) in each. Reports its phases to db's progress callback; failed or
 * stopped, it writes nothing: the file exactly as it was, no dest, no temporary file.
 */
int pl_backup(struct pl_db *db, const struct pl_actor *actor, const char *dest,
              const char *passphrase, struct pl_backup_info *info, struct pl_error *err);

/*
 * Brings the backup src back as the parley file dest (which must not exist):
 * decrypts when it is encrypted (passphrase needed), checks it, and records
 * the restore in its audit trail as login, who must be an admin in it, proved as
 * pl_authenticate() proves an account (bound to this OS user, or its password; password
 * may be NULL).
 */
int pl_restore(const char *src, const char *dest, const char *passphrase, const char *login,
               const char *password, struct pl_backup_info *info, struct pl_error *err);
/*
 * pl_restore() reporting its phases (copying or decrypting, then the check) to progress
 * (may be NULL) with progress_ctx; stopped by it, it fails with PL_EINTR and leaves no
 * dest and no temporary file.
 */
int pl_restore_progress(const char *src, const char *dest, const char *passphrase,
                        const char *login, const char *password, pl_progress_fn *progress,
                        void *progress_ctx, struct pl_backup_info *info, struct pl_error *err);

/* 1 when the file at path starts like an encrypted parley backup. */
int pl_backup_is_encrypted(const char *path);

#endif
