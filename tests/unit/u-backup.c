/* u-backup.c - backup and restore: the encrypted format, its round trip and tamper detection */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <pthread.h>
#include <signal.h>
#include <sys/inotify.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>
#include <sqlite3.h>

#include "parley/parley.h"
#include "internal.h"
#include "banned.h"

/* The operating-system user running the test: accounts bound to it act without a password. */
static const char *me(void)
{
	static char user[64];
	if (!user[0])
		pl_os_user(user, sizeof(user));
	return user;
}

#define PASS "a passphrase long enough"
/* the encrypted layout: magic, salt, two u64, secretstream header, chunks of 64 KiB + 17 */
#define PREFIX 46
#define SS_HEADER 24
#define CHUNK_OUT (65536 + 17)

static char dir[512];
static char office[600];
static struct pl_db *db;
static struct pl_actor *adm, *reg, *aud;
static int serial;

static void path_in(char *out, size_t cap, const char *name)
{
	snprintf(out, cap, "%s/%s", dir, name);
}

/* A new name in the test directory. */
static void fresh(char out[600], const char *what)
{
	snprintf(out, 600, "%s/%s-%d", dir, what, ++serial);
}

static long file_size(const char *path)
{
	struct stat sb;
	return stat(path, &sb) ? -1 : (long)sb.st_size;
}

static int exists(const char *path)
{
	struct stat sb;
	return lstat(path, &sb) == 0;
}

/* 1 when a temporary file of a backup or restore was left in the directory. */
static int leftovers(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int found = 0;
	assert_non_null(d);
	while ((e = readdir(d)))
		if (strstr(e->d_name, ".partial-")) {
			fprintf(stderr, "left behind: %s\n", e->d_name);
			found = 1;
		}
	closedir(d);
	return found;
}

static unsigned char *slurp(const char *path, long *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	assert_non_null(f);
	*len = file_size(path);
	buf = malloc((size_t)*len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)*len, f), (size_t)*len);
	fclose(f);
	return buf;
}

static void spit(const char *path, const unsigned char *buf, long len)
{
	FILE *f = fopen(path, "wb");
	assert_non_null(f);
	assert_int_equal(fwrite(buf, 1, (size_t)len, f), (size_t)len);
	assert_int_equal(fclose(f), 0);
}

static long long count(const char *path, const char *table)
{
	struct pl_db *d;
	struct pl_error err = {0};
	long long n;
	assert_int_equal(pl_db_open(path, PL_OPEN_READONLY, &d, &err), 0);
	n = store_count(d->st, table);
	pl_db_close(d);
	return n;
}

static int setup(void **state)
{
	struct pl_error err = {0};
	char pw[PL_PASSWORD_LEN + 1];
	const char *tmp = getenv("PARLEY_TEST_TMP");
	unsigned char *file;
	(void)state;

	if (pl_global_init(&err))
		return -1;
	mkdir(tmp ? tmp : "/tmp", 0700);
	snprintf(dir, sizeof(dir), "%s/u-backup-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	path_in(office, sizeof(office), "office.db");
	if (pl_db_open(office, PL_OPEN_CREATE, &db, &err) ||
	    pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(db, adm, "reg", 1u << PL_ROLE_REGISTRAR, me(), pw, &err) ||
	    pl_account_add(db, adm, "aud", 1u << PL_ROLE_AUDITOR, me(), pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_authenticate(db, "aud", NULL, PL_AUTH_OS_USER, &aud, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		return -1;
	}
	for (int i = 0; i < 20; i++) {
		char name[32], ref[PL_REF_MAX];
		struct pl_kv kv[] = {{"side", i % 4 ? "captive" : "detainee"},
		                     {"kind", "military"},
		                     {"family_name", name},
		                     {"medical_notes", "a wound"}};
		snprintf(name, sizeof(name), "Koval %d", i);
		if (pl_person_add(db, reg, kv, 4, ref, &err))
			return -1;
	}
	/* evidence with a file: the copy spans several chunks of 64 KiB */
	file = malloc(150000);
	if (!file)
		return -1;
	randombytes_buf(file, 150000);
	{
		struct pl_kv kv[] = {{"kind", "video"},
		                     {"source", "open source"},
		                     {"reliability", "B"},
		                     {"credibility", "2"}};
		int rc = pl_person_add_evidence(db, reg, "U-000001", kv, 4, file, 150000,
		                                "video.bin", NULL, &err);
		free(file);
		if (rc) {
			fprintf(stderr, "setup: %s\n", err.msg);
			return -1;
		}
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pl_db_close(db);
	if (dir[0]) {
		DIR *d = opendir(dir);
		struct dirent *e;
		char p[1200];
		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.' || strstr(e->d_name, ".partial-")) {
				snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
				unlink(p);
			}
		if (d)
			closedir(d);
		rmdir(dir);
	}
	return 0;
}

static void test_plain_round_trip(void **state)
{
	struct pl_backup_info b, r;
	struct pl_error err = {0};
	struct pl_db *rd;
	struct pl_audit_report rep;
	char bak[600], out[600], head[PL_AUDIT_HEAD_MAX];
	(void)state;

	fresh(bak, "plain.db");
	fresh(out, "restored.db");
	assert_int_equal(pl_backup(db, adm, bak, NULL, &b, &err), 0);
	assert_int_equal(b.persons, 20);
	assert_int_equal(b.encrypted, 0);
	assert_false(pl_backup_is_encrypted(bak));
	/* the live file's head is the backup's: the backup record is its newest */
	assert_int_equal(pl_audit_head(db, adm, head, &err), 0);
	assert_string_equal(head, b.audit_head);
	assert_int_equal(count(bak, "audit"), b.audit_records);

	assert_int_equal(pl_restore(bak, out, NULL, "adm", NULL, &r, &err), 0);
	assert_int_equal(r.persons, 20);
	assert_int_equal(r.audit_records, b.audit_records + 1);
	assert_int_equal(r.encrypted, 0);
	for (int i = 0; store_audited_tables[i]; i++)
		assert_int_equal(count(out, store_audited_tables[i]),
		                 count(bak, store_audited_tables[i]));
	assert_int_equal(pl_db_open(out, 0, &rd, &err), 0);
	assert_int_equal(pl_audit_verify(rd, b.audit_head, 1, &rep, &err), 0);
	assert_string_equal(rep.head, r.audit_head);
	pl_db_close(rd);
	assert_false(leftovers());
}

static void test_encrypted_round_trip(void **state)
{
	struct pl_backup_info b, r;
	struct pl_error err = {0};
	char bak[600], out[600];
	unsigned char *buf;
	long len, plain_len;
	struct pl_db *rd;
	(void)state;

	fresh(bak, "enc.bak");
	fresh(out, "restored.db");
	assert_int_equal(pl_backup(db, adm, bak, PASS, &b, &err), 0);
	assert_int_equal(b.encrypted, 1);
	assert_int_equal(b.persons, 20);
	assert_true(pl_backup_is_encrypted(bak));

	/* the header as documented: magic, salt, argon2id ops 3 and 64 MiB */
	buf = slurp(bak, &len);
	assert_memory_equal(buf, "PARLEY-BACKUP\x01", 14);
	assert_int_equal(buf[30], 3);
	for (int i = 31; i < 38; i++)
		assert_int_equal(buf[i], 0);
	assert_int_equal(buf[38 + 3], 4); /* 64 << 20 = 0x04000000 */
	assert_null(memmem(buf, (size_t)len, "SQLite format 3", 15));
	assert_null(memmem(buf, (size_t)len, "Koval", 5));
	free(buf);

	assert_int_equal(pl_restore(bak, out, PASS, "adm", NULL, &r, &err), 0);
	assert_int_equal(r.encrypted, 1);
	assert_int_equal(r.persons, 20);
	assert_int_equal(r.audit_records, b.audit_records + 1);
	/*
	 * size: header + one MAC per 64 KiB chunk, and a final chunk, around a
	 * plaintext of whole database pages (the restored file may have grown by
	 * the restore's own audit record, so the size is checked on its own)
	 */
	{
		int found = 0;
		for (long k = 1; k < 100000 && !found; k++) {
			long p = (long)len - PREFIX - SS_HEADER - 17 * k;
			if (p > 0 && p / 65536 + 1 == k && p % 4096 == 0)
				found = 1;
		}
		assert_true(found);
	}
	plain_len = file_size(out);
	assert_true(plain_len > 0);
	assert_int_equal(pl_db_open(out, 0, &rd, &err), 0);
	assert_int_equal(pl_audit_verify(rd, b.audit_head, 1, NULL, &err), 0);
	pl_db_close(rd);
	assert_false(leftovers());
}

/* restore of src must fail with code, leaving nothing; err's message contains want */
static void refused(const char *src, int code, const char *pass, const char *want)
{
	struct pl_error err = {0};
	struct pl_backup_info info = {.persons = -7};
	char out[600];
	int rc;
	fresh(out, "refused.db");
	rc = pl_restore(src, out, pass, "adm", NULL, &info, &err);
	if (rc != code || (want && !strstr(err.msg, want)))
		fail_msg("restore %s: got %d (%s), wanted %d (%s)", src, rc, err.msg, code,
		         want ? want : "");
	assert_int_equal(info.persons, -7); /* untouched on failure */
	assert_false(exists(out));
	assert_false(leftovers());
}

static void test_wrong_passphrase(void **state)
{
	char bak[600];
	struct pl_error err = {0};
	(void)state;
	fresh(bak, "enc.bak");
	assert_int_equal(pl_backup(db, adm, bak, PASS, NULL, &err), 0);
	refused(bak, PL_EINTEGRITY, "another passphrase entirely", "wrong passphrase");
	refused(bak, PL_EINTEGRITY, PASS "x", "wrong passphrase");
	refused(bak, PL_EUSAGE, NULL, "give its passphrase");
	refused(bak, PL_EUSAGE, "", "give its passphrase");
}

static void test_tampering(void **state)
{
	char bak[600], bad[600];
	struct pl_error err = {0};
	unsigned char *buf;
	long len;
	(void)state;

	fresh(bak, "enc.bak");
	assert_int_equal(pl_backup(db, adm, bak, PASS, NULL, &err), 0);
	buf = slurp(bak, &len);
	assert_true(len > PREFIX + SS_HEADER + 2 * CHUNK_OUT);
	{
		/* every part of the file: salt, argon2 figures, stream header, chunks, MACs */
		const long offsets[] = {
		        14,
		        29,
		        30,
		        37,
		        38,
		        45,
		        PREFIX,
		        PREFIX + SS_HEADER - 1,
		        PREFIX + SS_HEADER,
		        PREFIX + SS_HEADER + 1000,
		        PREFIX + SS_HEADER + CHUNK_OUT - 1,
		        PREFIX + SS_HEADER + CHUNK_OUT,
		        PREFIX + SS_HEADER + CHUNK_OUT + 5000,
		        len - 17,
		        len - 1,
		};
		for (size_t i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++) {
			buf[offsets[i]] ^= 0x01;
			fresh(bad, "flipped.bak");
			spit(bad, buf, len);
			buf[offsets[i]] ^= 0x01;
			refused(bad, PL_EINTEGRITY, PASS, NULL);
		}
	}
	/* the magic flipped: no longer an encrypted backup, and no database either */
	buf[3] ^= 0x20;
	fresh(bad, "magic.bak");
	spit(bad, buf, len);
	buf[3] ^= 0x20;
	assert_false(pl_backup_is_encrypted(bad));
	refused(bad, PL_EINTEGRITY, PASS, NULL);

	/* cut short anywhere */
	{
		const long cuts[] = {0,
		                     10,
		                     PREFIX - 1,
		                     PREFIX + 10,
		                     PREFIX + SS_HEADER,
		                     PREFIX + SS_HEADER + 16,
		                     PREFIX + SS_HEADER + 4000,
		                     len - 1};
		for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
			fresh(bad, "cut.bak");
			spit(bad, buf, cuts[i]);
			refused(bad, PL_EINTEGRITY, PASS, NULL);
		}
	}
	/* cut after a whole chunk: everything left authenticates, the FINAL tag is missing */
	fresh(bad, "cut-chunk.bak");
	spit(bad, buf, PREFIX + SS_HEADER + CHUNK_OUT);
	refused(bad, PL_EINTEGRITY, PASS, "truncated (its end is missing)");
	fresh(bad, "cut-chunk2.bak");
	spit(bad, buf, PREFIX + SS_HEADER + 2 * CHUNK_OUT);
	refused(bad, PL_EINTEGRITY, PASS, "truncated (its end is missing)");

	/* chunks swapped */
	{
		unsigned char *sw = malloc((size_t)len);
		long a = PREFIX + SS_HEADER;
		assert_non_null(sw);
		memcpy(sw, buf, (size_t)len);
		memcpy(sw + a, buf + a + CHUNK_OUT, CHUNK_OUT);
		memcpy(sw + a + CHUNK_OUT, buf + a, CHUNK_OUT);
		fresh(bad, "swapped.bak");
		spit(bad, sw, len);
		free(sw);
		refused(bad, PL_EINTEGRITY, PASS, NULL);
	}
	/* a whole chunk appended after the final one */
	{
		unsigned char *more = malloc((size_t)len + CHUNK_OUT);
		assert_non_null(more);
		memcpy(more, buf, (size_t)len);
		memcpy(more + len, buf + PREFIX + SS_HEADER, CHUNK_OUT);
		fresh(bad, "longer.bak");
		spit(bad, more, len + CHUNK_OUT);
		free(more);
		refused(bad, PL_EINTEGRITY, PASS, "damaged");
	}
	free(buf);
}

static void test_plain_tampering(void **state)
{
	char bak[600];
	struct pl_error err = {0};
	struct pl_db *t;
	(void)state;
	fresh(bak, "plain.db");
	assert_int_equal(pl_backup(db, adm, bak, NULL, NULL, &err), 0);
	/* a row changed behind parley's back (through the library's own storage) */
	assert_int_equal(pl_db_open(bak, 0, &t, &err), 0);
	{
		struct pl_record p;
		assert_int_equal(store_person_by_ref(t->st, "U-000002", &p, &err), 0);
		assert_int_equal(pl_record_set(&p, "family_name", "Forged"), 0);
		assert_int_equal(store_begin(t, &err), 0);
		assert_int_equal(
		        store_update(t, &p, 1ULL << pl_field_index(p.ent, "family_name"), &err), 0);
		assert_int_equal(store_commit(t, &err), 0);
		pl_record_release(&p);
	}
	pl_db_close(t);
	refused(bak, PL_EINTEGRITY, NULL, "changed behind");
}

static void test_permissions(void **state)
{
	struct pl_error err = {0};
	char bak[600], out[600];
	(void)state;
	fresh(bak, "by-reg.db");
	assert_int_equal(pl_backup(db, reg, bak, NULL, NULL, &err), PL_EPERM);
	assert_false(exists(bak));
	assert_int_equal(pl_backup(db, aud, bak, PASS, NULL, &err), PL_EPERM);
	assert_false(exists(bak));

	assert_int_equal(pl_backup(db, adm, bak, NULL, NULL, &err), 0);
	fresh(out, "restored.db");
	assert_int_equal(pl_restore(bak, out, NULL, "reg", NULL, NULL, &err), PL_EPERM);
	assert_false(exists(out));
	assert_int_equal(pl_restore(bak, out, NULL, "nobody", NULL, NULL, &err), PL_EPERM);
	assert_int_equal(pl_restore(bak, out, NULL, NULL, NULL, NULL, &err), PL_EUSAGE);
	assert_false(exists(out));
	assert_false(leftovers());
}

static void test_never_overwrites(void **state)
{
	struct pl_error err = {0};
	char bak[600], other[600];
	long before;
	(void)state;
	fresh(bak, "exists.db");
	fresh(other, "exists2.db");
	assert_int_equal(pl_backup(db, adm, bak, NULL, NULL, &err), 0);
	assert_int_equal(pl_backup(db, adm, other, NULL, NULL, &err), 0);
	before = file_size(other);
	assert_int_equal(pl_backup(db, adm, other, NULL, NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_backup(db, adm, other, PASS, NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_restore(bak, other, NULL, "adm", NULL, NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_restore(bak, office, NULL, "adm", NULL, NULL, &err), PL_EUSAGE);
	assert_int_equal(file_size(other), before);
	/* a dangling symbolic link is something too */
	fresh(other, "link.db");
	assert_int_equal(symlink("/nonexistent/target", other), 0);
	assert_int_equal(pl_backup(db, adm, other, NULL, NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_restore(bak, other, NULL, "adm", NULL, NULL, &err), PL_EUSAGE);
	assert_false(leftovers());
}

struct last {
	char action[32], fields[320], os_user[64];
};

static int last_one(void *ctx, const struct pl_audit_entry *e)
{
	struct last *l = ctx;
	snprintf(l->action, sizeof(l->action), "%s", e->action);
	snprintf(l->fields, sizeof(l->fields), "%s", e->fields ? e->fields : "");
	snprintf(l->os_user, sizeof(l->os_user), "%s", e->os_user);
	return 0;
}

static void test_audit_fields(void **state)
{
	struct pl_error err = {0};
	struct pl_audit_filter f = {.limit = 1};
	struct last l;
	char bak[600];
	(void)state;
	/* the name in the trail is made harmless for the terminals that show it */
	snprintf(bak, sizeof(bak), "%s/evil\x1b[31m,name\xC2\x85.db", dir);
	assert_int_equal(pl_backup(db, adm, bak, PASS, NULL, &err), 0);
	assert_int_equal(pl_audit_log(db, aud, &f, last_one, &l, &err), 0);
	assert_string_equal(l.action, "backup");
	assert_string_equal(l.fields, "encrypted=yes,file=evil?[31m,name?.db");
	unlink(bak);
	snprintf(bak, sizeof(bak), "%s/bad-utf8-\xff\xfe.db", dir);
	assert_int_equal(pl_backup(db, adm, bak, NULL, NULL, &err), 0);
	assert_int_equal(pl_audit_log(db, aud, &f, last_one, &l, &err), 0);
	assert_string_equal(l.fields, "encrypted=no,file=bad-utf8-??.db");
	unlink(bak);
}

static void test_bad_calls(void **state)
{
	struct pl_error err = {0};
	char out[600], bak[600];
	(void)state;
	fresh(out, "x.db");
	assert_int_equal(pl_backup(db, adm, "", NULL, NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_backup(db, adm, NULL, NULL, NULL, &err), PL_EUSAGE);
	fresh(bak, "x.bak");
	assert_int_equal(pl_backup(db, adm, bak, "", NULL, &err), PL_EUSAGE);
	assert_false(exists(bak));
	/* into a directory that does not exist */
	snprintf(bak, sizeof(bak), "%s/no/such/dir.db", dir);
	assert_int_not_equal(pl_backup(db, adm, bak, NULL, NULL, &err), 0);
	assert_int_equal(pl_restore("/nonexistent.bak", out, NULL, "adm", NULL, NULL, &err),
	                 PL_ENOTFOUND);
	assert_int_equal(pl_restore(dir, out, NULL, "adm", NULL, NULL, &err), PL_EUSAGE);
	assert_false(exists(out));
	assert_false(leftovers());
}

/* Where the file cannot be: each refusal names the problem, writes nothing, and no
 * audit record announces a backup that never started. */
static void test_where_a_backup_cannot_go(void **state)
{
	struct pl_error err = {0};
	char plain_file[600], bak[700], far[PATH_MAX];
	long long before = count(office, "audit");
	size_t len;
	(void)state;

	/* a component of the path is a file */
	fresh(plain_file, "plain-file");
	spit(plain_file, (const unsigned char *)"x", 1);
	snprintf(bak, sizeof(bak), "%s/x.db", plain_file);
	assert_int_equal(pl_backup(db, adm, bak, NULL, NULL, &err), PL_ENOTFOUND);
	assert_non_null(strstr(err.msg, "Not a directory"));
	/* a name so long that the temporary file next to it could not be named */
	len = (size_t)snprintf(far, sizeof(far), "%s", dir);
	while (len < PATH_MAX - 12) {
		size_t room = PATH_MAX - 12 - len;
		len += (size_t)snprintf(
		        far + len, sizeof(far) - len, "/%.*s", (int)(room > 200 ? 200 : room - 1),
		        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
		        "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
	}
	assert_int_equal(pl_backup(db, adm, far, NULL, NULL, &err), PL_EUSAGE);
	assert_memory_equal(err.msg, "the name is too long (", 22);
	/* no backup from inside a write transaction: the copy would miss its end */
	fresh(bak, "in-tx.db");
	assert_int_equal(store_begin(db, &err), 0);
	assert_int_equal(pl_backup(db, adm, bak, NULL, NULL, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "not inside a transaction"));
	store_rollback(db);
	assert_false(exists(bak));
	assert_int_equal(count(office, "audit"), before);
	assert_false(leftovers());
}

/* A restore takes backups only: a data file in use, an encrypted backup with bytes added
 * after its end (read with its last part, which then fails to authenticate), a place the
 * new file cannot go, are refused leaving nothing. */
static void test_what_a_restore_refuses(void **state)
{
	struct pl_error err = {0};
	char bak[600], bad[600], out[600];
	unsigned char *buf, *longer;
	long len;
	(void)state;

	/* the live file, open here, has a write-ahead log: copying it would lose its end */
	refused(office, PL_EUSAGE, NULL, "has a write-ahead log");

	fresh(bak, "enc.bak");
	assert_int_equal(pl_backup(db, adm, bak, PASS, NULL, &err), 0);
	buf = slurp(bak, &len);
	longer = malloc((size_t)len + 100);
	assert_non_null(longer);
	memcpy(longer, buf, (size_t)len);
	memset(longer + len, 0x5a, 100);
	fresh(bad, "appended.bak");
	spit(bad, longer, len + 100);
	refused(bad, PL_EINTEGRITY, PASS, "does not authenticate");
	free(longer);
	free(buf);

	/* names missing */
	fresh(out, "none.db");
	assert_int_equal(pl_restore(NULL, out, NULL, "adm", NULL, NULL, &err), PL_EUSAGE);
	assert_int_equal(pl_restore(bak, "", PASS, "adm", NULL, NULL, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "name the backup and the new file"));
	/* into a folder that does not exist */
	snprintf(out, sizeof(out), "%s/no/such/dir.db", dir);
	assert_int_equal(pl_restore(bak, out, PASS, "adm", NULL, NULL, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "cannot make a file next to"));
	assert_false(leftovers());
}

/* The restore is recorded with the account and the OS user that ran it, as any write. */
static void test_restore_records_its_os_user(void **state)
{
	struct pl_error err = {0};
	struct pl_audit_filter f = {.limit = 1};
	struct pl_db *rd;
	struct pl_actor *raud = NULL;
	struct last l;
	char bak[600], out[600];
	(void)state;
	fresh(bak, "plain.db");
	fresh(out, "restored.db");
	assert_int_equal(pl_backup(db, adm, bak, NULL, NULL, &err), 0);
	assert_int_equal(pl_restore(bak, out, NULL, "adm", NULL, NULL, &err), 0);
	assert_int_equal(pl_db_open(out, 0, &rd, &err), 0);
	assert_int_equal(pl_authenticate(rd, "aud", NULL, PL_AUTH_OS_USER, &raud, &err), 0);
	assert_int_equal(pl_audit_log(rd, raud, &f, last_one, &l, &err), 0);
	assert_string_equal(l.action, "restore");
	assert_memory_equal(l.fields, "encrypted=no,from=plain.db-", 26);
	assert_string_equal(l.os_user, me());
	pl_actor_free(raud);
	pl_db_close(rd);
}

/*
 * The disk fills up: a child process whose files may not grow past limit bytes
 * (RLIMIT_FSIZE; writes past it fail with EFBIG, SIGXFSZ ignored) runs one backup or
 * restore on a handle of its own. Its return code and message come back through a pipe.
 */
struct limited {
	int rc;
	char msg[512];
};

enum limited_op { LIM_BACKUP_ENCRYPTED, LIM_RESTORE };

static struct limited run_limited(enum limited_op op, const char *path, const char *src,
                                  const char *dest, const char *pass, rlim_t limit)
{
	struct limited out = {-1, ""};
	int fds[2];
	pid_t pid;
	assert_int_equal(pipe(fds), 0);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl = {limit, limit};
		struct pl_error err = {0};
		struct pl_db *d = NULL;
		struct pl_actor *a = NULL;
		struct limited r = {0, ""};
		close(fds[0]);
		signal(SIGXFSZ, SIG_IGN);
		if (op == LIM_BACKUP_ENCRYPTED) {
			if (pl_db_open(path, 0, &d, &err) ||
			    pl_authenticate(d, "adm", NULL, PL_AUTH_OS_USER, &a, &err))
				_exit(90);
			setrlimit(RLIMIT_FSIZE, &rl);
			r.rc = pl_backup(d, a, dest, pass, NULL, &err);
		} else {
			setrlimit(RLIMIT_FSIZE, &rl);
			r.rc = pl_restore(src, dest, pass, "adm", NULL, NULL, &err);
		}
		snprintf(r.msg, sizeof(r.msg), "%s", err.msg);
		if (write(fds[1], &r, sizeof(r)) != (ssize_t)sizeof(r))
			_exit(91);
		pl_actor_free(a);
		pl_db_close(d);
		exit(0); /* not _exit: a coverage build writes its counts at exit */
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], &out, sizeof(out)), (ssize_t)sizeof(out));
	close(fds[0]);
	{
		int status;
		assert_int_equal(waitpid(pid, &status, 0), pid);
		assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	}
	return out;
}

/* A disk that fills up while a backup or restore writes: it fails saying so, leaves no
 * file, and the trail says the backup it announced did not happen. */
static void test_a_full_disk(void **state)
{
	struct pl_error err = {0};
	struct pl_db *small;
	struct pl_actor *sadm = NULL, *sreg = NULL;
	struct limited r;
	char path[600], plain[600], enc[600], out[600], pw[PL_PASSWORD_LEN + 1], ref[PL_REF_MAX];
	char head_before[PL_AUDIT_HEAD_MAX] = "";
	const struct pl_kv kv[] = {
	        {"side", "captive"}, {"kind", "military"}, {"family_name", "Лях"}};
	int tries;
	(void)state;

	/* an office of its own, small, its write-ahead log empty when the child starts */
	fresh(path, "small.db");
	if (pl_db_open(path, PL_OPEN_CREATE, &small, &err) ||
	    pl_db_init(small, "adm", NULL, pw, &err) ||
	    pl_authenticate(small, "adm", NULL, PL_AUTH_OS_USER, &sadm, &err) ||
	    pl_account_add(small, sadm, "reg", 1u << PL_ROLE_REGISTRAR, me(), pw, &err) ||
	    pl_authenticate(small, "reg", NULL, PL_AUTH_OS_USER, &sreg, &err) ||
	    pl_person_add(small, sreg, kv, 3, ref, &err))
		fail_msg("setup: %s", err.msg);
	pl_db_close(small);

	/*
	 * Room for the plain copy the backup makes first (the size of a backup made just
	 * before), none for the encrypted file, a little larger: the encryption's write
	 * fails. Should the copy have grown by a page (a new audit record), the copy fails
	 * instead; then again with the larger size.
	 */
	for (tries = 0; tries < 3; tries++) {
		long plain_size;
		fresh(plain, "small-plain.db");
		fresh(enc, "small-enc.bak");
		assert_int_equal(pl_db_open(path, 0, &small, &err), 0);
		assert_int_equal(pl_backup(small, sadm, plain, NULL, NULL, &err), 0);
		assert_int_equal(pl_audit_head(small, sadm, head_before, &err), 0);
		pl_db_close(small);
		plain_size = file_size(plain);
		r = run_limited(LIM_BACKUP_ENCRYPTED, path, NULL, enc, PASS,
		                (rlim_t)plain_size + 64);
		assert_int_not_equal(r.rc, 0);
		assert_false(exists(enc));
		assert_false(leftovers());
		if (strstr(r.msg, "writing the encrypted backup"))
			break;
	}
	if (tries == 3)
		fail_msg("the encrypted write never failed: %s", r.msg);
	assert_int_equal(r.rc, PL_EDATA);
	assert_non_null(strstr(r.msg, "File too large"));
	{
		/* the backup that failed wrote nothing: the trail ends where it did */
		char head_after[PL_AUDIT_HEAD_MAX];
		assert_int_equal(pl_db_open(path, 0, &small, &err), 0);
		assert_int_equal(pl_audit_head(small, sadm, head_after, &err), 0);
		assert_string_equal(head_after, head_before);
		assert_int_equal(pl_audit_verify(small, NULL, 1, NULL, &err), 0);
		pl_db_close(small);
	}

	/* restores onto a disk with room for a page: plain and encrypted */
	fresh(enc, "small-enc.bak");
	assert_int_equal(pl_db_open(path, 0, &small, &err), 0);
	assert_int_equal(pl_backup(small, sadm, enc, PASS, NULL, &err), 0);
	pl_db_close(small);
	fresh(out, "restored.db");
	r = run_limited(LIM_RESTORE, NULL, plain, out, NULL, 8192);
	assert_int_equal(r.rc, PL_EDATA);
	assert_non_null(strstr(r.msg, "writing the restored file: File too large"));
	assert_false(exists(out));
	r = run_limited(LIM_RESTORE, NULL, enc, out, PASS, 8192);
	assert_int_equal(r.rc, PL_EDATA);
	assert_non_null(strstr(r.msg, "writing the restored file: File too large"));
	assert_false(exists(out));
	assert_false(leftovers());
	pl_actor_free(sadm);
	pl_actor_free(sreg);
}

/*
 * A file that appears at the name while the backup runs is never replaced. To be sure
 * it appears in time, a thread holds the office's write lock from before the backup
 * starts; the backup makes its temporary file beside dest, then waits for the lock it
 * holds while it copies; the thread, told of the temporary file by inotify, writes
 * dest and only then lets the lock go.
 */
struct intruder {
	char prefix[300], dest[600];
	int fd, locked[2];
	int wrote; /* 1 when the intruder's file was made at dest */
};

/* Waits for the temporary file (x->prefix...) to appear, then makes x->dest unless it is. */
static void write_dest_when_temp_appears(struct intruder *x)
{
	char buf[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	int done = 0;
	while (!done) {
		ssize_t n = read(x->fd, buf, sizeof(buf));
		if (n <= 0)
			break;
		for (char *p = buf; p < buf + n && !done;) {
			struct inotify_event *e = (struct inotify_event *)p;
			if (e->len && !strncmp(e->name, x->prefix, strlen(x->prefix))) {
				FILE *f = fopen(x->dest, "wbx");
				if (f) {
					fputs("someone else's", f);
					x->wrote = fclose(f) == 0;
				}
				done = 1;
			}
			p += sizeof(*e) + e->len;
		}
	}
}

static void *intrude(void *arg)
{
	struct intruder *x = arg;
	sqlite3 *s = NULL;
	/* no cmocka asserts here: they jump, and only within the test's own thread */
	if (sqlite3_open_v2(office, &s, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(s, 10000) != SQLITE_OK ||
	    sqlite3_exec(s, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close(s);
		if (write(x->locked[1], "F", 1) != 1)
			abort();
		return NULL;
	}
	if (write(x->locked[1], "L", 1) != 1)
		abort();
	write_dest_when_temp_appears(x);
	sqlite3_exec(s, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(s);
	return NULL;
}

static void backup_meets_an_intruder(const char *pass)
{
	struct pl_error err = {0};
	struct intruder x;
	pthread_t t;
	long len;
	unsigned char *got;
	char c;
	fresh(x.dest, pass ? "taken.bak" : "taken.db");
	snprintf(x.prefix, sizeof(x.prefix), "%s.partial-", strrchr(x.dest, '/') + 1);
	x.fd = inotify_init1(IN_CLOEXEC);
	assert_true(x.fd >= 0);
	assert_true(inotify_add_watch(x.fd, dir, IN_CREATE) >= 0);
	assert_int_equal(pipe(x.locked), 0);
	assert_int_equal(pthread_create(&t, NULL, intrude, &x), 0);
	assert_int_equal(read(x.locked[0], &c, 1), 1);
	assert_int_equal(c, 'L');
	assert_int_equal(pl_backup(db, adm, x.dest, pass, NULL, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "already exists"));
	pthread_join(t, NULL);
	close(x.fd);
	close(x.locked[0]);
	close(x.locked[1]);
	got = slurp(x.dest, &len);
	assert_int_equal(len, 14);
	assert_memory_equal(got, "someone else's", 14);
	free(got);
	assert_false(leftovers());
}

static void test_a_file_that_appears_meanwhile(void **state)
{
	(void)state;
	backup_meets_an_intruder(NULL);
	backup_meets_an_intruder(PASS);
}

static void *intrude_at_once(void *arg)
{
	write_dest_when_temp_appears(arg);
	return NULL;
}

/*
 * Nor does a restore replace a file that appears at its name meanwhile. The intruder writes
 * dest as soon as the restore's temporary file appears, while the restore derives the key of
 * an encrypted backup (argon2id, 64 MiB) and checks the copy; the restore then finds dest
 * taken. Nothing holds the restore back here, so should it ever finish first, the intruder's
 * file is the one refused (it is made with "x") and the test tries again: either way no file
 * is replaced, and the restore must be seen refused once.
 */
static void test_a_restore_meets_a_file_that_appears(void **state)
{
	struct pl_error err = {0};
	struct pl_backup_info info = {.persons = -7};
	char bak[600];
	int seen_refused = 0;
	(void)state;
	fresh(bak, "enc.bak");
	assert_int_equal(pl_backup(db, adm, bak, PASS, NULL, &err), 0);
	for (int tries = 0; tries < 5 && !seen_refused; tries++) {
		struct intruder x = {0};
		pthread_t t;
		unsigned char *got;
		long len;
		int rc;
		fresh(x.dest, "taken.db");
		snprintf(x.prefix, sizeof(x.prefix), "%s.partial-", strrchr(x.dest, '/') + 1);
		x.fd = inotify_init1(IN_CLOEXEC);
		assert_true(x.fd >= 0);
		assert_true(inotify_add_watch(x.fd, dir, IN_CREATE) >= 0);
		assert_int_equal(pthread_create(&t, NULL, intrude_at_once, &x), 0);
		rc = pl_restore(bak, x.dest, PASS, "adm", NULL, &info, &err);
		pthread_join(t, NULL);
		close(x.fd);
		got = slurp(x.dest, &len);
		if (rc == 0) {
			/* the restore came first: its file stands, the intruder's was refused */
			assert_false(x.wrote);
			assert_true(len > 15);
			assert_memory_equal(got, "SQLite format 3", 15);
		} else {
			assert_int_equal(rc, PL_EUSAGE);
			assert_non_null(strstr(err.msg, "already exists"));
			assert_true(x.wrote);
			assert_int_equal(len, 14);
			assert_memory_equal(got, "someone else's", 14);
			assert_int_equal(info.persons, -7);
			seen_refused = 1;
		}
		free(got);
		assert_false(leftovers());
	}
	assert_true(seen_refused);
}

/* A part of a file crafted in the encrypted format: its plaintext and its tag. */
struct part {
	const unsigned char *text;
	size_t len;
	unsigned char tag;
};

/* Writes at path a file in parley's encrypted format, encrypted with PASS, of the parts
 * given, with the format's own pieces and the smallest key parameters it takes. */
static void craft(const char *path, const struct part *parts, size_t n)
{
	unsigned char prefix[PREFIX], header[SS_HEADER], key[32];
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char *file, *p;
	size_t cap = PREFIX + SS_HEADER;
	for (size_t i = 0; i < n; i++)
		cap += parts[i].len + 17;
	file = malloc(cap);
	assert_non_null(file);
	memcpy(prefix, "PARLEY-BACKUP\x01", 14);
	randombytes_buf(prefix + 14, 16);
	memset(prefix + 30, 0, 16);
	prefix[30] = (unsigned char)crypto_pwhash_OPSLIMIT_MIN;
	prefix[38 + 1] = (unsigned char)(crypto_pwhash_MEMLIMIT_MIN >> 8);
	prefix[38 + 2] = (unsigned char)(crypto_pwhash_MEMLIMIT_MIN >> 16);
	assert_int_equal(crypto_pwhash(key, sizeof(key), PASS, strlen(PASS), prefix + 14,
	                               crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN,
	                               crypto_pwhash_ALG_ARGON2ID13),
	                 0);
	crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
	memcpy(file, prefix, PREFIX);
	memcpy(file + PREFIX, header, SS_HEADER);
	p = file + PREFIX + SS_HEADER;
	for (size_t i = 0; i < n; i++) {
		unsigned long long clen;
		crypto_secretstream_xchacha20poly1305_push(&st, p, &clen, parts[i].text,
		                                           parts[i].len, prefix, sizeof(prefix),
		                                           parts[i].tag);
		p += clen;
	}
	spit(path, file, (long)(p - file));
	free(file);
}

/* A file in parley's encrypted format, with the right passphrase, holding no data file. */
static void test_encrypted_but_no_data_file(void **state)
{
	static const unsigned char text[] = "not a database, but well encrypted";
	const struct part parts[] = {
	        {text, sizeof(text) - 1, crypto_secretstream_xchacha20poly1305_TAG_FINAL}};
	char bad[600];
	(void)state;
	fresh(bad, "foreign.bak");
	craft(bad, parts, 1);
	refused(bad, PL_EINTEGRITY, PASS, "holds no parley data file");
}

/*
 * The part tagged final ends the backup: what follows it is refused, though encrypted with
 * the passphrase. (A backup's own last part is short of 64 KiB, so bytes appended after it
 * are read with it and fail to authenticate; a full part tagged final and followed by more
 * is such a file's only form.) Made here from a real backup in parts of 64 KiB: with the
 * last one tagged final, it restores; with the first one so tagged, it is refused.
 */
static void test_nothing_after_the_final_part(void **state)
{
	struct pl_error err = {0};
	struct pl_backup_info info;
	char bak[600], crafted[600], out[600];
	struct part parts[64];
	unsigned char *plain;
	size_t n = 0;
	long len;
	(void)state;
	fresh(bak, "plain.db");
	assert_int_equal(pl_backup(db, adm, bak, NULL, NULL, &err), 0);
	plain = slurp(bak, &len);
	assert_true(len > 65536 && len <= 64 * 65536);
	for (long at = 0; at < len; at += 65536, n++) {
		parts[n].text = plain + at;
		parts[n].len = (size_t)(len - at < 65536 ? len - at : 65536);
		parts[n].tag = 0;
	}
	parts[n - 1].tag = crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	fresh(crafted, "crafted.bak");
	craft(crafted, parts, n);
	fresh(out, "crafted.db");
	assert_int_equal(pl_restore(crafted, out, PASS, "adm", NULL, &info, &err), 0);
	assert_int_equal(info.persons, 20);

	parts[0].tag = crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	fresh(crafted, "after-the-end.bak");
	craft(crafted, parts, n);
	refused(crafted, PL_EINTEGRITY, PASS, "the backup is damaged (data after its end)");
	free(plain);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_plain_round_trip),
	        cmocka_unit_test(test_encrypted_round_trip),
	        cmocka_unit_test(test_wrong_passphrase),
	        cmocka_unit_test(test_tampering),
	        cmocka_unit_test(test_plain_tampering),
	        cmocka_unit_test(test_permissions),
	        cmocka_unit_test(test_never_overwrites),
	        cmocka_unit_test(test_audit_fields),
	        cmocka_unit_test(test_bad_calls),
	        cmocka_unit_test(test_where_a_backup_cannot_go),
	        cmocka_unit_test(test_what_a_restore_refuses),
	        cmocka_unit_test(test_restore_records_its_os_user),
	        cmocka_unit_test(test_a_full_disk),
	        cmocka_unit_test(test_a_file_that_appears_meanwhile),
	        cmocka_unit_test(test_a_restore_meets_a_file_that_appears),
	        cmocka_unit_test(test_encrypted_but_no_data_file),
	        cmocka_unit_test(test_nothing_after_the_final_part),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
