/* backup.c - consistent copies of a live data file, encrypted or not, and their restore
 *
 * A backup is SQLite's online copy of the file, checked (integrity_check and
 * the whole audit trail, deep) before it is handed over. It holds the file's
 * write lock from the copy to the end, so that its audit record ("backup") is
 * the next after what it copied: the same record, with the same time, sequence
 * and hash, is appended to the copy and, in a transaction committed only once
 * the copy is in place, to the data file. A backup that fails or is stopped
 * rolls that transaction back: the data file is exactly as it was. Encrypted,
 * the copy is:
 *
 *   "PARLEY-BACKUP\x01"       14 bytes, the magic
 *   salt                      16 bytes (crypto_pwhash_SALTBYTES)
 *   opslimit, memlimit        u64 little-endian each: argon2id's parameters
 *   secretstream header       24 bytes (XChaCha20-Poly1305)
 *   chunks                    64 KiB of the copy each, + 17 bytes of tag and MAC;
 *                             the last one tagged FINAL (it may be empty)
 *
 * The 46 bytes before the secretstream header are the additional data of
 * every chunk. A missing FINAL chunk means the file was cut short.
 *
 * Files appear under their name only when complete: everything is written to
 * a temporary file next to the destination, synced, then renamed without
 * replacing anything.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "parley/alloc.h"
#include "parley/audit.h"
#include "parley/backup.h"
#include "parley/db.h"
#include "parley/text.h"
#include "internal.h"
#include "banned.h"

#define MAGIC "PARLEY-BACKUP\x01"
#define MAGIC_LEN (sizeof(MAGIC) - 1)
#define SALT_LEN crypto_pwhash_SALTBYTES
#define PREFIX_LEN (MAGIC_LEN + SALT_LEN + 8 + 8) /* the chunks' additional data */
#define SS_HEADER_LEN crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define SS_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define KEY_LEN crypto_secretstream_xchacha20poly1305_KEYBYTES
#define CHUNK (64 * 1024)

/* argon2id with these for new backups; a file's own figures are accepted within bounds */
#define KDF_OPS 3ULL
#define KDF_MEM (64ULL << 20)
#define KDF_OPS_MAX 32ULL
#define KDF_MEM_MAX (1ULL << 30)

#define ROLE_ADMIN (1u << PL_ROLE_ADMIN)

/* --- files --- */

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* The directory of path, for syncing it: "." when it names none. */
static void dir_name(const char *path, char out[PATH_MAX])
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(out, PATH_MAX, ".");
	else if (slash == path)
		snprintf(out, PATH_MAX, "/");
	else
		snprintf(out, PATH_MAX, "%.*s", (int)(slash - path), path);
}

/* Makes "<dest>.partial-XXXXXX" (mode 0600, new); its descriptor, or -1 and err set. */
static int temp_next_to(const char *dest, char path[PATH_MAX], struct pl_error *err)
{
	int n = snprintf(path, PATH_MAX, "%s.partial-XXXXXX", dest), fd;
	if (n < 0 || n >= PATH_MAX) {
		path[0] = '\0';
		/* the reason first: a name this long fills the message */
		pl_error_set(err, PL_EUSAGE, "the name is too long (%zu bytes): %s", strlen(dest),
		             dest);
		return -1;
	}
	fd = mkostemp(path, O_CLOEXEC);
	if (fd < 0) {
		pl_error_set(err, PL_EDATA, "cannot make a file next to %s: %s", dest,
		             strerror(errno));
		path[0] = '\0';
	}
	return fd;
}

/* Removes a SQLite file that may have a journal, a write-ahead log and its index. */
static void remove_db_files(const char *path)
{
	static const char *const sides[] = {"-journal", "-wal", "-shm"};
	char side[PATH_MAX + 16];
	unlink(path);
	for (size_t i = 0; i < sizeof(sides) / sizeof(sides[0]); i++) {
		snprintf(side, sizeof(side), "%s%s", path, sides[i]);
		unlink(side);
	}
}

static ssize_t read_full(int fd, unsigned char *buf, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			break;
		got += (size_t)r;
	}
	return (ssize_t)got;
}

static int write_full(int fd, const unsigned char *buf, size_t n)
{
	while (n) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		buf += w;
		n -= (size_t)w;
	}
	return 0;
}

static int sync_file(const char *path, struct pl_error *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;
	if (fd < 0 || fsync(fd))
		rc = pl_error_set(err, PL_EDATA, "%s: cannot write to disk: %s", path,
		                  strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

/* Best effort: the rename survives a power cut once the directory is synced. */
static void sync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	int fd;
	dir_name(path, dir);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

/* Gives tmp the name dest, never replacing a file that appeared there meanwhile. */
static int install(const char *tmp, const char *dest, struct pl_error *err)
{
#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dest, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		goto fail;
#endif
	/* file systems without renameat2: link() does not replace either */
	if (link(tmp, dest) == 0) {
		unlink(tmp);
		return 0;
	}
#ifdef RENAME_NOREPLACE
fail:
#endif
	if (errno == EEXIST)
		return pl_error_set(err, PL_EUSAGE, "%s already exists", dest);
	return pl_error_set(err, PL_EDATA, "%s: %s", dest, strerror(errno));
}

/* 0 when nothing is at path; PL_EUSAGE when something is. */
static int must_not_exist(const char *path, struct pl_error *err)
{
	struct stat sb;
	if (lstat(path, &sb) == 0)
		return pl_error_set(err, PL_EUSAGE, "%s already exists: give a new file name",
		                    path);
	if (errno != ENOENT)
		return pl_error_set(err, errno == ENOTDIR ? PL_ENOTFOUND : PL_EDATA, "%s: %s", path,
		                    strerror(errno));
	return 0;
}

/*
 * The audit record's fields: "encrypted=yes,file=NAME" (the name last, so a
 * comma in it cannot mislead), the name made printable: an audit log is read
 * on terminals.
 */
static void audit_fields(const char *key, const char *path, int encrypted, char *out, size_t cap)
{
	const char *name = base_name(path);
	size_t n = strlen(name), len;
	int valid = pl_utf8_valid(name, n, NULL);
	int head = snprintf(out, cap, "encrypted=%s,%s=", encrypted ? "yes" : "no", key);

	if (head < 0 || (size_t)head >= cap)
		return;
	len = (size_t)head;
	for (size_t i = 0; i < n;) {
		unsigned char c = (unsigned char)name[i];
		size_t clen = !valid || c < 0xC0 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
		if (len + clen >= cap)
			break; /* whole characters only */
		/* controls (C1 ones are C2 80..C2 9F), and any byte of a name that is no UTF-8 */
		if (c < 0x20 || c == 0x7F || (!valid && c >= 0x80) ||
		    (c == 0xC2 && (unsigned char)name[i + 1] <= 0x9F)) {
			out[len++] = '?';
		} else {
			memcpy(out + len, name + i, clen);
			len += clen;
		}
		i += clen;
	}
	out[len] = '\0';
}

static void format_head(const struct pl_db *db, char out[PL_AUDIT_HEAD_MAX])
{
	char hex[2 * PL_HASH_LEN + 1];
	sodium_bin2hex(hex, sizeof(hex), db->audit_hash, PL_HASH_LEN);
	snprintf(out, PL_AUDIT_HEAD_MAX, "%lld:%s", db->audit_seq, hex);
}

/* --- progress --- */

/* A phase of long work reported to a progress callback (fn NULL: none). */
struct tick {
	pl_progress_fn *fn;
	void *ctx;
	const char *phase;
	struct pl_error *err;
};

/* Every step is worth a report: pages a few MiB at a time, or parts of 64 KiB. */
static int tick_report(struct tick *t, uint64_t done, uint64_t total)
{
	if (!t || !t->fn)
		return 0;
	if (t->fn(t->ctx, t->phase, done, total))
		return pl_error_set(t->err, PL_EINTR, "interrupted");
	return 0;
}

/* The parts of part bytes each that the file open at fd holds (0: unknown). */
static uint64_t parts_of(int fd, size_t part)
{
	struct stat sb;
	if (fstat(fd, &sb) || sb.st_size <= 0)
		return 0;
	return ((uint64_t)sb.st_size + part - 1) / part;
}

/* --- encryption --- */

static void put_u64le(unsigned char *p, unsigned long long v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (unsigned char)(v >> (8 * i));
}

static unsigned long long get_u64le(const unsigned char *p)
{
	unsigned long long v = 0;
	for (int i = 7; i >= 0; i--)
		v = (v << 8) | p[i];
	return v;
}

static int derive_key(unsigned char key[KEY_LEN], const char *passphrase,
                      const unsigned char prefix[PREFIX_LEN], struct pl_error *err)
{
	const unsigned char *salt = prefix + MAGIC_LEN;
	unsigned long long ops = get_u64le(prefix + MAGIC_LEN + SALT_LEN);
	unsigned long long mem = get_u64le(prefix + MAGIC_LEN + SALT_LEN + 8);
	if (crypto_pwhash(key, KEY_LEN, passphrase, strlen(passphrase), salt, ops, (size_t)mem,
	                  crypto_pwhash_ALG_ARGON2ID13))
		return pl_error_set(err, PL_EDATA,
		                    "out of memory deriving the key from the passphrase (argon2id "
		                    "needs %llu MiB)",
		                    mem >> 20);
	return 0;
}

/* Encrypts the file at in_path into out_fd, reporting its parts to t (may be NULL). */
static int encrypt_file(const char *in_path, int out_fd, const char *passphrase, struct tick *t,
                        struct pl_error *err)
{
	unsigned char prefix[PREFIX_LEN], ss_header[SS_HEADER_LEN], key[KEY_LEN];
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char *in = pl_malloc(CHUNK), *out = pl_malloc(CHUNK + SS_ABYTES);
	int in_fd = -1, rc = 0, eof = 0;
	uint64_t done = 0, total;

	if (!in || !out) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	in_fd = open(in_path, O_RDONLY | O_CLOEXEC);
	if (in_fd < 0) {
		rc = pl_error_set(err, PL_EDATA, "%s: %s", in_path, strerror(errno));
		goto out;
	}
	total = parts_of(in_fd, CHUNK);
	if ((rc = tick_report(t, 0, total)))
		goto out;
	memcpy(prefix, MAGIC, MAGIC_LEN);
	randombytes_buf(prefix + MAGIC_LEN, SALT_LEN);
	put_u64le(prefix + MAGIC_LEN + SALT_LEN, KDF_OPS);
	put_u64le(prefix + MAGIC_LEN + SALT_LEN + 8, KDF_MEM);
	if ((rc = derive_key(key, passphrase, prefix, err)))
		goto out;
	crypto_secretstream_xchacha20poly1305_init_push(&st, ss_header, key);
	if (write_full(out_fd, prefix, sizeof(prefix)) ||
	    write_full(out_fd, ss_header, sizeof(ss_header)))
		goto write_error;
	while (!eof) {
		unsigned long long clen;
		ssize_t n = read_full(in_fd, in, CHUNK);
		if (n < 0) {
			rc = pl_error_set(err, PL_EDATA, "%s: %s", in_path, strerror(errno));
			goto out;
		}
		eof = n < CHUNK;
		crypto_secretstream_xchacha20poly1305_push(
		        &st, out, &clen, in, (unsigned long long)n, prefix, sizeof(prefix),
		        eof ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
		if (write_full(out_fd, out, (size_t)clen))
			goto write_error;
		done += n > 0;
		if (n && (rc = tick_report(t, done, total > done ? total : done)))
			goto out;
	}
	goto out;
write_error:
	rc = pl_error_set(err, PL_EDATA, "writing the encrypted backup: %s", strerror(errno));
out:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	if (in)
		sodium_memzero(in, CHUNK);
	if (in_fd >= 0)
		close(in_fd);
	pl_free(in);
	pl_free(out);
	return rc;
}

#define DAMAGED "wrong passphrase, or the backup is damaged or truncated"

/*
 * Decrypts the encrypted backup src into out_fd, reporting its parts to t (may be NULL);
 * PL_EINTEGRITY when it does not authenticate.
 */
static int decrypt_file(const char *src, int out_fd, const char *passphrase, struct tick *t,
                        struct pl_error *err)
{
	unsigned char prefix[PREFIX_LEN], ss_header[SS_HEADER_LEN], key[KEY_LEN];
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char *in = pl_malloc(CHUNK + SS_ABYTES), *out = pl_malloc(CHUNK);
	unsigned long long ops, mem;
	long long chunk = 0;
	int in_fd = -1, rc = 0, final = 0;
	uint64_t total;
	ssize_t n;

	if (!in || !out) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	in_fd = open(src, O_RDONLY | O_CLOEXEC);
	if (in_fd < 0) {
		rc = pl_error_set(err, PL_EDATA, "%s: %s", src, strerror(errno));
		goto out;
	}
	total = parts_of(in_fd, CHUNK + SS_ABYTES);
	if ((rc = tick_report(t, 0, total)))
		goto out;
	if (read_full(in_fd, prefix, sizeof(prefix)) != (ssize_t)sizeof(prefix) ||
	    read_full(in_fd, ss_header, sizeof(ss_header)) != (ssize_t)sizeof(ss_header) ||
	    memcmp(prefix, MAGIC, MAGIC_LEN)) {
		rc = pl_error_set(err, PL_EINTEGRITY, "%s: " DAMAGED " (its header is cut short)",
		                  src);
		goto out;
	}
	ops = get_u64le(prefix + MAGIC_LEN + SALT_LEN);
	mem = get_u64le(prefix + MAGIC_LEN + SALT_LEN + 8);
	if (ops < crypto_pwhash_OPSLIMIT_MIN || ops > KDF_OPS_MAX ||
	    mem < crypto_pwhash_MEMLIMIT_MIN || mem > KDF_MEM_MAX) {
		rc = pl_error_set(err, PL_EINTEGRITY,
		                  "%s: the backup is damaged (its key parameters are out of "
		                  "range)",
		                  src);
		goto out;
	}
	if ((rc = derive_key(key, passphrase, prefix, err)))
		goto out;
	if (crypto_secretstream_xchacha20poly1305_init_pull(&st, ss_header, key)) {
		rc = pl_error_set(err, PL_EINTEGRITY, "%s: " DAMAGED, src);
		goto out;
	}
	while ((n = read_full(in_fd, in, CHUNK + SS_ABYTES)) > 0) {
		unsigned long long mlen;
		unsigned char tag;
		if (final) {
			rc = pl_error_set(err, PL_EINTEGRITY,
			                  "%s: the backup is damaged (data after its end)", src);
			goto out;
		}
		if ((size_t)n < SS_ABYTES ||
		    crypto_secretstream_xchacha20poly1305_pull(&st, out, &mlen, &tag, in,
		                                               (unsigned long long)n, prefix,
		                                               sizeof(prefix))) {
			if (chunk == 0)
				rc = pl_error_set(err, PL_EINTEGRITY, "%s: " DAMAGED, src);
			else
				rc = pl_error_set(err, PL_EINTEGRITY,
				                  "%s: the backup is damaged or truncated (part "
				                  "%lld does not authenticate)",
				                  src, chunk + 1);
			goto out;
		}
		if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL)
			final = 1;
		if (write_full(out_fd, out, (size_t)mlen)) {
			rc = pl_error_set(err, PL_EDATA, "writing the restored file: %s",
			                  strerror(errno));
			goto out;
		}
		chunk++;
		if ((rc = tick_report(t, (uint64_t)chunk,
		                      total > (uint64_t)chunk ? total : (uint64_t)chunk)))
			goto out;
	}
	if (n < 0)
		rc = pl_error_set(err, PL_EDATA, "%s: %s", src, strerror(errno));
	else if (!final)
		rc = pl_error_set(err, PL_EINTEGRITY,
		                  "%s: the backup is truncated (its end is missing)", src);
out:
	sodium_memzero(key, sizeof(key));
	sodium_memzero(&st, sizeof(st));
	if (out)
		sodium_memzero(out, CHUNK);
	if (in_fd >= 0)
		close(in_fd);
	pl_free(in);
	pl_free(out);
	return rc;
}

/* Copies the file src into out_fd, reporting its parts to t (may be NULL). */
static int copy_file(const char *src, int out_fd, struct tick *t, struct pl_error *err)
{
	unsigned char *buf = pl_malloc(CHUNK);
	int in_fd, rc = 0;
	uint64_t done = 0, total;
	ssize_t n;
	if (!buf)
		return pl_error_set(err, PL_EDATA, "out of memory");
	in_fd = open(src, O_RDONLY | O_CLOEXEC);
	if (in_fd < 0) {
		pl_free(buf);
		return pl_error_set(err, PL_EDATA, "%s: %s", src, strerror(errno));
	}
	total = parts_of(in_fd, CHUNK);
	if ((rc = tick_report(t, 0, total))) {
		close(in_fd);
		pl_free(buf);
		return rc;
	}
	while ((n = read_full(in_fd, buf, CHUNK)) > 0) {
		if (write_full(out_fd, buf, (size_t)n)) {
			rc = pl_error_set(err, PL_EDATA, "writing the restored file: %s",
			                  strerror(errno));
			break;
		}
		done++;
		if ((rc = tick_report(t, done, total > done ? total : done)))
			break;
	}
	if (!rc && n < 0)
		rc = pl_error_set(err, PL_EDATA, "%s: %s", src, strerror(errno));
	close(in_fd);
	pl_free(buf);
	return rc;
}

int pl_backup_is_encrypted(const char *path)
{
	unsigned char head[MAGIC_LEN];
	/* not blocking: a FIFO named by mistake is no backup, and no reason to wait */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK), yes;
	if (fd < 0)
		return 0;
	yes = read_full(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
	      !memcmp(head, MAGIC, MAGIC_LEN);
	close(fd);
	return yes;
}

/* --- checks --- */

/* 1 when the file at path starts like a SQLite database. */
static int is_sqlite(const char *path)
{
	static const char magic[] = "SQLite format 3";
	unsigned char head[sizeof(magic)];
	int fd = open(path, O_RDONLY | O_CLOEXEC), yes;
	if (fd < 0)
		return 0;
	yes = read_full(fd, head, sizeof(head)) == (ssize_t)sizeof(head) &&
	      !memcmp(head, magic, sizeof(magic));
	close(fd);
	return yes;
}

/*
 * Checks the database at db: integrity_check, foreign keys, the whole audit
 * trail deep, with kept_head (may be NULL) on it; fills the counts of info.
 */
static int check_db(struct pl_db *db, const char *kept_head, struct pl_backup_info *info,
                    struct pl_error *err)
{
	struct pl_audit_report rep;
	long long persons;
	int rc;
	if ((rc = store_integrity_check(db->st, err)) ||
	    (rc = pl_audit_verify(db, kept_head, 1, &rep, err)))
		return rc;
	persons = store_count(db->st, "persons");
	if (persons < 0)
		return pl_error_set(err, PL_EDATA, "cannot count the persons");
	info->persons = persons;
	info->audit_records = rep.records;
	snprintf(info->audit_head, sizeof(info->audit_head), "%s", rep.head);
	return 0;
}

/* --- backup --- */

static int copy_tick(void *ctx, uint64_t done, uint64_t total)
{
	return tick_report(ctx, done, total);
}

/*
 * Appends to the copy the record db's open transaction ends with: the same actor,
 * fields and time after the same record, so the same sequence and hash.
 */
static int record_in_copy(struct pl_db *copy, struct pl_db *db, const struct pl_actor *actor,
                          const char *fields, struct pl_error *err)
{
	int rc;
	if ((rc = store_begin(copy, err)))
		return rc;
	memcpy(copy->tx_time, db->tx_time, sizeof(copy->tx_time));
	if ((rc = audit_write(copy, actor, "backup", NULL, 0, NULL, fields, err))) {
		store_rollback(copy);
		return rc;
	}
	if (copy->audit_seq != db->audit_seq ||
	    sodium_memcmp(copy->audit_hash, db->audit_hash, PL_HASH_LEN)) {
		store_rollback(copy);
		return pl_error_set(err, PL_EDATA,
		                    "the copy's audit trail does not end where the file's does");
	}
	if ((rc = store_commit(copy, err)))
		return rc;
	/* one file to carry: no write-ahead log beside it */
	return store_rollback_journal(copy->st, err);
}

int pl_backup(struct pl_db *db, const struct pl_actor *actor, const char *dest,
              const char *passphrase, struct pl_backup_info *info, struct pl_error *err)
{
	struct pl_backup_info out = {0};
	struct pl_db *copy = NULL;
	struct tick t = {db->progress, db->progress_ctx, N_("copying"), err};
	char plain[PATH_MAX] = "", enc[PATH_MAX] = "", head[PL_AUDIT_HEAD_MAX], fields[320];
	int rc, fd, installed = 0;

	if (!dest || !*dest)
		return pl_error_set(err, PL_EUSAGE, "backup: name the file to write");
	if (passphrase && !*passphrase)
		return pl_error_set(err, PL_EUSAGE, "backup: the passphrase is empty");
	if (db->in_tx)
		return pl_error_set(err, PL_EUSAGE, "backup: not inside a transaction");
	if ((rc = pl_authorize(db, actor, PL_OP_BACKUP, err)))
		return rc;
	if ((rc = must_not_exist(dest, err)))
		return rc;
	if ((fd = temp_next_to(dest, plain, err)) < 0)
		return err ? err->code : PL_EDATA;
	close(fd);

	/*
	 * The write lock until the end: nothing is written between the copy and its
	 * record; others read meanwhile, writers wait. The copy is of what is committed.
	 */
	if ((rc = store_begin(db, err)) ||
	    (rc = store_backup_to(db->st, plain, copy_tick, &t, err)))
		goto fail;
	audit_fields("file", dest, passphrase != NULL, fields, sizeof(fields));
	if ((rc = audit_write(db, actor, "backup", NULL, 0, NULL, fields, err)))
		goto fail;
	format_head(db, head);

	if ((rc = pl_db_open(plain, 0, &copy, err)) ||
	    (rc = record_in_copy(copy, db, actor, fields, err)))
		goto fail_check;
	pl_set_progress(copy, db->progress, db->progress_ctx); /* its check is long too */
	rc = check_db(copy, head, &out, err);
	pl_db_close(copy);
	copy = NULL;
	if (rc)
		goto fail_check;

	if (passphrase) {
		if ((fd = temp_next_to(dest, enc, err)) < 0) {
			rc = err ? err->code : PL_EDATA;
			goto fail;
		}
		t.phase = N_("encrypting");
		rc = encrypt_file(plain, fd, passphrase, &t, err);
		if (!rc && fsync(fd))
			rc = pl_error_set(err, PL_EDATA, "%s: cannot write to disk: %s", dest,
			                  strerror(errno));
		if (close(fd) && !rc)
			rc = pl_error_set(err, PL_EDATA, "%s: %s", dest, strerror(errno));
		if (rc)
			goto fail;
		remove_db_files(plain);
		plain[0] = '\0';
		if ((rc = install(enc, dest, err)))
			goto fail;
		enc[0] = '\0';
	} else {
		if ((rc = sync_file(plain, err)) || (rc = install(plain, dest, err)))
			goto fail;
		plain[0] = '\0';
	}
	installed = 1;
	/* the record the copy holds, in the file's trail too: the backup has happened */
	if ((rc = store_commit(db, err)))
		goto fail;
	sync_dir_of(dest);
	out.encrypted = passphrase != NULL;
	if (info)
		*info = out;
	return 0;

fail_check:
	if (rc != PL_EINTR)
		pl_error_prefix(err, "backup %s: the copy failed its check", dest);
fail:
	/* nothing written: the file as it was, no copy left */
	if (db->in_tx)
		store_rollback(db);
	pl_db_close(copy);
	if (plain[0])
		remove_db_files(plain);
	if (enc[0])
		unlink(enc);
	if (installed)
		unlink(dest);
	return rc ? rc : PL_EDATA;
}

/* --- restore --- */

int pl_restore(const char *src, const char *dest, const char *passphrase, const char *login,
               const char *password, struct pl_backup_info *info, struct pl_error *err)
{
	return pl_restore_progress(src, dest, passphrase, login, password, NULL, NULL, info, err);
}

int pl_restore_progress(const char *src, const char *dest, const char *passphrase,
                        const char *login, const char *password, pl_progress_fn *progress,
                        void *progress_ctx, struct pl_backup_info *info, struct pl_error *err)
{
	struct tick t = {progress, progress_ctx, NULL, err};
	struct pl_backup_info out = {0};
	struct pl_db *db = NULL;
	struct pl_actor *actor = NULL;
	struct stat sb;
	char tmp[PATH_MAX] = "", side[PATH_MAX + 8], fields[320];
	int rc, fd, encrypted;

	if (!src || !*src || !dest || !*dest)
		return pl_error_set(err, PL_EUSAGE, "restore: name the backup and the new file");
	if (!login || !*login)
		return pl_error_set(err, PL_EUSAGE,
		                    "name the account that restores (an admin in the backup)");
	if ((rc = must_not_exist(dest, err)))
		return rc;
	if (stat(src, &sb))
		return pl_error_set(err, errno == ENOENT ? PL_ENOTFOUND : PL_EDATA, "%s: %s", src,
		                    strerror(errno));
	if (!S_ISREG(sb.st_mode))
		return pl_error_set(err, PL_EUSAGE, "%s is not a file", src);
	/* a file this user may not read is said so, not taken for a file of another kind */
	if ((fd = open(src, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) < 0)
		return pl_error_set(err, PL_EDATA, "%s: %s", src, strerror(errno));
	close(fd);
	encrypted = pl_backup_is_encrypted(src);
	if (encrypted && (!passphrase || !*passphrase))
		return pl_error_set(err, PL_EUSAGE, "%s is encrypted: give its passphrase", src);
	if (!encrypted && !is_sqlite(src))
		return pl_error_set(
		        err, PL_EINTEGRITY,
		        "%s is not a backup of parley: neither encrypted by parley nor a data "
		        "file",
		        src);
	snprintf(side, sizeof(side), "%s-wal", src);
	if (!encrypted && stat(side, &sb) == 0 && sb.st_size > 0)
		return pl_error_cond(err, PL_EUSAGE, PL_COND_LIVE_DATA_FILE,
		                     "%s has a write-ahead log: it is a data file in use, not a "
		                     "backup",
		                     src);

	if ((fd = temp_next_to(dest, tmp, err)) < 0)
		return err ? err->code : PL_EDATA;
	t.phase = encrypted ? N_("decrypting") : N_("copying");
	rc = encrypted ? decrypt_file(src, fd, passphrase, &t, err) : copy_file(src, fd, &t, err);
	if (close(fd) && !rc)
		rc = pl_error_set(err, PL_EDATA, "%s: %s", tmp, strerror(errno));
	if (!rc && !is_sqlite(tmp))
		rc = pl_error_set(err, PL_EINTEGRITY, "%s holds no parley data file", src);
	if (rc)
		goto fail;

	/* read-write: a backup of an older parley is brought up to date */
	if ((rc = pl_db_open(tmp, 0, &db, err)))
		goto fail_check;
	pl_set_progress(db, progress, progress_ctx); /* its check is long */
	if ((rc = check_db(db, NULL, &out, err)))
		goto fail_check;
	pl_set_progress(db, NULL, NULL);
	/* the backup's own accounts say who may bring it back: proved as anywhere else */
	if ((rc = pl_authenticate(db, login, password, PL_AUTH_OS_USER, &actor, err))) {
		pl_error_prefix(err, "restore: the backup's account");
		goto fail;
	}
	if (!(actor->roles & ROLE_ADMIN)) {
		rc = pl_error_set(err, PL_EPERM,
		                  "permission denied: %s is not an admin in the backup (restore "
		                  "as one of its admins)",
		                  login);
		goto fail;
	}
	audit_fields("from", src, encrypted, fields, sizeof(fields));
	if ((rc = audit_note(db, actor, "restore", NULL, 0, NULL, fields, err)))
		goto fail;
	out.audit_records++;
	format_head(db, out.audit_head);
	out.encrypted = encrypted;
	pl_db_close(db);
	db = NULL;

	/* closing checkpointed the write-ahead log into the file: nothing may be left in it */
	snprintf(side, sizeof(side), "%s-wal", tmp);
	if (stat(side, &sb) == 0 && sb.st_size > 0) {
		rc = pl_error_set(err, PL_EDATA,
		                  "restore: the restored file could not be finished (its "
		                  "write-ahead log was not written back)");
		goto fail;
	}
	if ((rc = sync_file(tmp, err)) || (rc = install(tmp, dest, err)))
		goto fail;
	remove_db_files(tmp); /* its -wal and -shm, when left empty */
	sync_dir_of(dest);
	pl_actor_free(actor);
	if (info)
		*info = out;
	return 0;
fail_check:
	if (rc != PL_EINTR)
		pl_error_prefix(err, "restore %s: the backup failed its check", src);
fail:
	pl_actor_free(actor);
	pl_db_close(db);
	if (tmp[0])
		remove_db_files(tmp);
	return rc ? rc : PL_EDATA;
}
