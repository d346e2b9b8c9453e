/* checkpoint.c - signed checkpoints of the audit trail (Ed25519, keys off the data file)
 *
 * What is signed is a short text naming the record, its hash and the moment:
 *
 *     parley audit checkpoint v1\n
 *     seq=123\n
 *     hash=<64 hex digits>\n
 *     signed_at=20261207T100000Z\n        (ISO 8601, basic form)
 *
 * A key file holds "parley-audit-key v1\n" and the 64-byte secret key in hex; it is made
 * 0600 and refused when others may read it or when it is a link.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "parley/alloc.h"
#include "parley/audit.h"
#include "internal.h"
#include "banned.h"

#define KEY_MAGIC "parley-audit-key v1\n"

static int message(long long seq, const char *hash_hex, const char *signed_at, char *out,
                   size_t cap)
{
	int n = snprintf(out, cap, "parley audit checkpoint v1\nseq=%lld\nhash=%s\nsigned_at=%s\n",
	                 seq, hash_hex, signed_at);
	return n < 0 || (size_t)n >= cap ? -1 : n;
}

static int is_hex(const char *s, size_t n)
{
	if (strlen(s) != n)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

/* Writes the n bytes of buf, or -1: a short write goes on, so that errno says what stopped it. */
static int write_all(int fd, const char *buf, size_t n)
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

int pl_audit_keygen(const char *keyfile, char pub[PL_AUDIT_PUBKEY_HEX], struct pl_error *err)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sk[crypto_sign_SECRETKEYBYTES];
	char text[sizeof(KEY_MAGIC) + 2 * crypto_sign_SECRETKEYBYTES + 2];
	size_t len;
	int fd, rc = 0;

	if (!keyfile || !*keyfile)
		return pl_error_set(err, PL_EUSAGE, "name the key file to make");
	fd = open(keyfile, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0)
		return pl_error_set(err, errno == EEXIST ? PL_EUSAGE : PL_EDATA, "%s: %s%s",
		                    keyfile, strerror(errno),
		                    errno == EEXIST ? " (a key is never overwritten)" : "");
	crypto_sign_keypair(pk, sk);
	snprintf(text, sizeof(text), "%s", KEY_MAGIC);
	sodium_bin2hex(text + strlen(KEY_MAGIC), sizeof(text) - strlen(KEY_MAGIC), sk, sizeof(sk));
	len = strlen(text);
	text[len++] = '\n';
	if (write_all(fd, text, len) || fsync(fd))
		rc = pl_error_set(err, PL_EDATA, "%s: %s", keyfile, strerror(errno));
	if (close(fd) && !rc)
		rc = pl_error_set(err, PL_EDATA, "%s: %s", keyfile, strerror(errno));
	if (rc)
		unlink(keyfile);
	else
		sodium_bin2hex(pub, PL_AUDIT_PUBKEY_HEX, pk, sizeof(pk));
	sodium_memzero(sk, sizeof(sk));
	sodium_memzero(text, sizeof(text));
	return rc;
}

/* Reads the secret key of keyfile (its public half is its last 32 bytes). */
static int read_key(const char *keyfile, unsigned char sk[crypto_sign_SECRETKEYBYTES],
                    struct pl_error *err)
{
	char text[sizeof(KEY_MAGIC) + 2 * crypto_sign_SECRETKEYBYTES + 8];
	struct stat sb;
	ssize_t n;
	size_t bin_len = 0;
	int fd, rc = 0;

	if (!keyfile || !*keyfile)
		return pl_error_set(err, PL_EUSAGE, "name the key file");
	fd = open(keyfile, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return pl_error_set(err, errno == ENOENT ? PL_ENOTFOUND : PL_EUSAGE, "%s: %s%s",
		                    keyfile, strerror(errno),
		                    errno == ELOOP ? " (a key file is not followed through a link)"
		                                   : "");
	if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
		close(fd);
		return pl_error_set(err, PL_EUSAGE, "%s: not a key file", keyfile);
	}
	if (sb.st_mode & 077) {
		close(fd);
		return pl_error_set(err, PL_EUSAGE,
		                    "%s: others may read this key (mode %03o): keep it 0600",
		                    keyfile, (unsigned)(sb.st_mode & 0777));
	}
	n = read(fd, text, sizeof(text) - 1);
	close(fd);
	if (n < 0)
		return pl_error_set(err, PL_EDATA, "%s: %s", keyfile, strerror(errno));
	text[n] = '\0';
	if (strncmp(text, KEY_MAGIC, strlen(KEY_MAGIC)) ||
	    sodium_hex2bin(sk, crypto_sign_SECRETKEYBYTES, text + strlen(KEY_MAGIC),
	                   strlen(text + strlen(KEY_MAGIC)), "\n", &bin_len, NULL) ||
	    bin_len != crypto_sign_SECRETKEYBYTES)
		rc = pl_error_set(err, PL_EUSAGE, "%s: not a parley audit key", keyfile);
	sodium_memzero(text, sizeof(text));
	return rc;
}

/* "SEQ:HEX" into seq and the hex of the hash. */
static int parse_head(const char *head, long long *seq, char hash_hex[2 * PL_HASH_LEN + 1])
{
	const char *colon = head ? strchr(head, ':') : NULL;
	char *end;
	long long v;
	if (!colon)
		return -1;
	errno = 0;
	v = strtoll(head, &end, 10);
	if (errno || end != colon || v <= 0 || !is_hex(colon + 1, 2 * PL_HASH_LEN))
		return -1;
	*seq = v;
	snprintf(hash_hex, 2 * PL_HASH_LEN + 1, "%s", colon + 1);
	return 0;
}

int pl_audit_sign_head(const char *keyfile, const char *head, char out[PL_AUDIT_SIGNED_MAX],
                       struct pl_error *err)
{
	unsigned char sk[crypto_sign_SECRETKEYBYTES], sig[crypto_sign_BYTES];
	char hash[2 * PL_HASH_LEN + 1], at[21], msg[256], sig_hex[2 * crypto_sign_BYTES + 1];
	char pub_hex[PL_AUDIT_PUBKEY_HEX];
	long long seq;
	time_t now = time(NULL);
	int rc, n;

	if (parse_head(head, &seq, hash))
		return pl_error_set(
		        err, PL_EUSAGE,
		        "'%s' is not an audit head (SEQ:HEX: the number of the last record "
		        "and its hash)",
		        head ? head : "");
	if ((rc = read_key(keyfile, sk, err)))
		return rc;
	/* ISO 8601's basic form: no colon, so that the line splits on them */
	strftime(at, sizeof(at), "%Y%m%dT%H%M%SZ", gmtime(&now));
	if ((n = message(seq, hash, at, msg, sizeof(msg))) < 0) {
		sodium_memzero(sk, sizeof(sk));
		return pl_error_set(err, PL_EDATA, "checkpoint: message too long");
	}
	crypto_sign_detached(sig, NULL, (const unsigned char *)msg, (unsigned long long)n, sk);
	sodium_bin2hex(pub_hex, sizeof(pub_hex), sk + crypto_sign_SEEDBYTES,
	               crypto_sign_PUBLICKEYBYTES);
	sodium_bin2hex(sig_hex, sizeof(sig_hex), sig, sizeof(sig));
	sodium_memzero(sk, sizeof(sk));
	snprintf(out, PL_AUDIT_SIGNED_MAX, "%lld:%s:%s:%s:%s", seq, hash, at, pub_hex, sig_hex);
	return 0;
}

/* A checkpoint line into its parts (pointing into buf, a copy); 0 when well formed. */
static int parse_line(const char *line, char *buf, size_t cap, struct store_checkpoint *c)
{
	char *part[5], *p = buf, *end;
	int n;
	if (!line || strlen(line) >= cap)
		return -1;
	snprintf(buf, cap, "%s", line);
	for (n = 0; n < 5 && p; n++) {
		part[n] = p;
		if ((p = strchr(p, ':')))
			*p++ = '\0';
	}
	if (n != 5 || p)
		return -1;
	memset(c, 0, sizeof(*c));
	errno = 0;
	c->seq = strtoll(part[0], &end, 10);
	c->hash = part[1];
	c->signed_at = part[2];
	c->pubkey = part[3];
	c->signature = part[4];
	if (errno || *end || c->seq <= 0 || !is_hex(c->hash, 2 * PL_HASH_LEN) ||
	    !is_hex(c->pubkey, 2 * crypto_sign_PUBLICKEYBYTES) ||
	    !is_hex(c->signature, 2 * crypto_sign_BYTES) || strlen(c->signed_at) != 16 ||
	    c->signed_at[8] != 'T' || c->signed_at[15] != 'Z')
		return -1;
	return 0;
}

/* 1 when c's signature holds under its own public key. */
static int signature_holds(const struct store_checkpoint *c)
{
	unsigned char pk[crypto_sign_PUBLICKEYBYTES], sig[crypto_sign_BYTES];
	char msg[256];
	int n = message(c->seq, c->hash, c->signed_at, msg, sizeof(msg));
	if (n < 0 ||
	    sodium_hex2bin(pk, sizeof(pk), c->pubkey, strlen(c->pubkey), NULL, NULL, NULL) ||
	    sodium_hex2bin(sig, sizeof(sig), c->signature, strlen(c->signature), NULL, NULL, NULL))
		return 0;
	return crypto_sign_verify_detached(sig, (const unsigned char *)msg, (unsigned long long)n,
	                                   pk) == 0;
}

/* PL_EINTEGRITY unless the trail's record c->seq has the hash c names. */
static int on_trail(struct pl_db *db, const struct store_checkpoint *c, const char *what,
                    struct pl_error *err)
{
	unsigned char h[PL_HASH_LEN];
	char hex[2 * PL_HASH_LEN + 1];
	int exists, rc;
	if ((rc = store_audit_hash_at(db->st, c->seq, h, &exists, err)))
		return rc;
	if (!exists)
		return pl_error_set(
		        err, PL_EINTEGRITY,
		        "%s signs audit record %lld, which the trail no longer has (cut "
		        "off)",
		        what, c->seq);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (strcmp(hex, c->hash))
		return pl_error_set(err, PL_EINTEGRITY,
		                    "%s signs audit record %lld with another hash: the trail was "
		                    "rewritten since it was signed",
		                    what, c->seq);
	return 0;
}

int pl_audit_checkpoint_add(struct pl_db *db, const struct pl_actor *actor, const char *line,
                            struct pl_error *err)
{
	struct store_checkpoint c;
	char buf[PL_AUDIT_SIGNED_MAX], fields[64];
	long long id;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_AUDIT_SIGN, err)))
		return rc;
	if (parse_line(line, buf, sizeof(buf), &c))
		return pl_error_set(err, PL_EUSAGE,
		                    "not a signed checkpoint (SEQ:HASH:TIME:PUBKEY:SIGNATURE, as a "
		                    "head is signed)");
	if (!signature_holds(&c))
		return pl_error_set(err, PL_EDATA, "the checkpoint's signature does not hold");
	if ((rc = store_begin(db, err)))
		return rc;
	if ((rc = on_trail(db, &c, "the checkpoint", err)))
		goto fail;
	c.author_id = actor->account_id;
	snprintf(fields, sizeof(fields), "seq=%lld", c.seq);
	if ((rc = store_checkpoint_insert(db, &c, &id, err)) ||
	    (rc = audit_write(db, actor, "audit.checkpoint", "audit_checkpoints", id, NULL, fields,
	                      err)))
		goto fail;
	return store_commit(db, err);
fail:
	store_rollback(db);
	return rc;
}

int pl_audit_sign(struct pl_db *db, const struct pl_actor *actor, const char *keyfile,
                  char out[PL_AUDIT_SIGNED_MAX], struct pl_error *err)
{
	char head[PL_AUDIT_HEAD_MAX], line[PL_AUDIT_SIGNED_MAX];
	unsigned char h[PL_HASH_LEN];
	char hex[2 * PL_HASH_LEN + 1];
	long long seq;
	int rc;
	if ((rc = pl_authorize(db, actor, PL_OP_AUDIT_SIGN, err)))
		return rc;
	if ((rc = store_audit_last(db->st, &seq, h, err)))
		return rc;
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(head, sizeof(head), "%lld:%s", seq, hex);
	if ((rc = pl_audit_sign_head(keyfile, head, line, err)) ||
	    (rc = pl_audit_checkpoint_add(db, actor, line, err)))
		return rc;
	if (out)
		snprintf(out, PL_AUDIT_SIGNED_MAX, "%s", line);
	return 0;
}

struct cp_verify {
	struct pl_db *db;
	const char *pubkey;
	struct pl_audit_checkpoints *out;
	struct pl_error *err;
};

static int verify_checkpoint(void *ctx, const struct store_checkpoint *c)
{
	struct cp_verify *v = ctx;
	char what[64];
	int rc;
	snprintf(what, sizeof(what), "checkpoint %lld", c->id);
	if (strcmp(c->pubkey, v->pubkey))
		return pl_error_set(v->err, PL_EINTEGRITY, "%s was not signed with this key", what);
	if (!signature_holds(c))
		return pl_error_set(v->err, PL_EINTEGRITY, "%s: its signature does not hold", what);
	if ((rc = on_trail(v->db, c, what, v->err)))
		return rc;
	v->out->count++;
	if (c->seq >= v->out->latest_seq && strcmp(c->signed_at, v->out->latest_at) >= 0) {
		v->out->latest_seq = c->seq;
		snprintf(v->out->latest_at, sizeof(v->out->latest_at), "%s", c->signed_at);
	}
	return 0;
}

int pl_audit_verify_checkpoints(struct pl_db *db, const char *pubkey, long max_age_days,
                                struct pl_audit_checkpoints *out, struct pl_error *err)
{
	struct pl_audit_checkpoints r = {0};
	struct cp_verify v = {db, pubkey, &r, err};
	struct tm tm = {0};
	int rc;
	if (!pubkey || !is_hex(pubkey, 2 * crypto_sign_PUBLICKEYBYTES))
		return pl_error_set(
		        err, PL_EUSAGE,
		        "'%s' is not a public key (64 hex digits, the public half of an "
		        "audit key)",
		        pubkey ? pubkey : "");
	if ((rc = store_checkpoints(db->st, verify_checkpoint, &v, err)))
		return rc;
	if (!r.count)
		return pl_error_set(err, PL_EINTEGRITY,
		                    "the trail holds no checkpoint signed with this key");
	if (sscanf(r.latest_at, "%4d%2d%2dT%2d%2d%2dZ", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
	           &tm.tm_hour, &tm.tm_min, &tm.tm_sec) == 6) {
		tm.tm_year -= 1900;
		tm.tm_mon -= 1;
		r.age_seconds = (long long)difftime(time(NULL), timegm(&tm));
	}
	if (out)
		*out = r;
	if (max_age_days > 0 && r.age_seconds > max_age_days * 86400LL)
		return pl_error_set(
		        err, PL_EINTEGRITY,
		        "the newest signed checkpoint (of audit record %lld) is from %s, "
		        "older than %ld days: checkpoints after it are missing or were "
		        "never made",
		        r.latest_seq, r.latest_at, max_age_days);
	return 0;
}
