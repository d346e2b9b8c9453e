/* u-io-fail.c - a disk that fails under a backup or a restore: fsync() and read() failing
 * with EIO on the files they write and read
 *
 * The library's calls of fsync() and read() reach the two below, which fail the one call
 * the test arms (on a file whose path contains a given part; for read(), a request of at
 * least a given size) and pass every other through to the kernel. A backup that cannot be
 * put on disk, or that cannot read what it copies, must fail saying so, leave no file
 * under its name, and write nothing to the data file (its trail ends where it did); a
 * restore likewise, leaving no file.
 *
 * A test file of its own: its read() takes the place of the sanitizer's for the whole
 * program, and the other tests keep theirs. (u-backup fills the disk with RLIMIT_FSIZE.)
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dirent.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/parley.h"
#include "banned.h"

#define PASS "a passphrase for a failing disk"

/* The one call to fail: on a file whose path contains part (and, for fsync(), is no
 * SQLite journal or log); a read() only when it asks for min_read bytes or more. */
static struct {
	const char *part;
	size_t min_read;
	int fsync_armed, read_armed;
	int failed;
} inject;

static void arm_fsync(const char *part)
{
	inject.part = part;
	inject.fsync_armed = 1;
	inject.read_armed = 0;
	inject.failed = 0;
}

static void arm_read(const char *part, size_t min_read)
{
	inject.part = part;
	inject.min_read = min_read;
	inject.read_armed = 1;
	inject.fsync_armed = 0;
	inject.failed = 0;
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), m = strlen(end);
	return n >= m && !strcmp(s + n - m, end);
}

/* 1 when fd is open on a file whose path contains inject.part. */
static int fd_matches(int fd, int skip_sqlite_sides)
{
	char link[64], target[4096];
	ssize_t n;
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, target, sizeof(target) - 1);
	if (n < 0)
		return 0;
	target[n] = '\0';
	if (skip_sqlite_sides && (ends_with(target, "-wal") || ends_with(target, "-shm") ||
	                          ends_with(target, "-journal")))
		return 0;
	return inject.part && strstr(target, inject.part) != NULL;
}

int fsync(int fd)
{
	if (inject.fsync_armed && fd_matches(fd, 1)) {
		inject.fsync_armed = 0;
		inject.failed++;
		errno = EIO;
		return -1;
	}
	return (int)syscall(SYS_fsync, fd);
}

ssize_t read(int fd, void *buf, size_t n)
{
	if (inject.read_armed && n >= inject.min_read && fd_matches(fd, 0)) {
		inject.read_armed = 0;
		inject.failed++;
		errno = EIO;
		return -1;
	}
	return (ssize_t)syscall(SYS_read, fd, buf, n);
}

/* With _FORTIFY_SOURCE (the Debian package is built so), a read() into a buffer whose size
 * the compiler knows is a call of glibc's __read_chk(): it fails alike. */
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen);
ssize_t __read_chk(int fd, void *buf, size_t n, size_t buflen)
{
	if (n > buflen)
		abort();
	return read(fd, buf, n);
}

/* The operating-system user running the test: accounts bound to it act without a password. */
static const char *me(void)
{
	static char user[64];
	if (!user[0])
		pl_os_user(user, sizeof(user));
	return user;
}

static char dir[512], office[600], plain_bak[600], enc_bak[600];
static struct pl_db *db;
static struct pl_actor *adm, *aud;
static int serial;

static void fresh(char out[600], const char *what)
{
	snprintf(out, 600, "%s/%s-%d", dir, what, ++serial);
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

static int last_action(void *ctx, const struct pl_audit_entry *e)
{
	snprintf(ctx, 64, "%s", e->action);
	return 0;
}

/* The audit trail's head now, into head. */
static void audit_head_now(char head[PL_AUDIT_HEAD_MAX])
{
	struct pl_error err = {0};
	assert_int_equal(pl_audit_head(db, aud, head, &err), 0);
}

/* A backup that did not happen wrote nothing: the trail ends at before and verifies. */
static void expect_trail_unchanged(const char *before)
{
	struct pl_error err = {0};
	char now[PL_AUDIT_HEAD_MAX];
	audit_head_now(now);
	assert_string_equal(now, before);
	assert_int_equal(pl_audit_verify(db, NULL, 1, NULL, &err), 0);
}

/* A backup that happened ends the trail with its record. */
static void expect_last_record_backup(void)
{
	struct pl_audit_filter f = {.limit = 1};
	struct pl_error err = {0};
	char action[64] = "";
	assert_int_equal(pl_audit_log(db, aud, &f, last_action, action, &err), 0);
	assert_string_equal(action, "backup");
	assert_int_equal(pl_audit_verify(db, NULL, 1, NULL, &err), 0);
}

static int setup(void **state)
{
	struct pl_error err = {0};
	char pw[PL_PASSWORD_LEN + 1], ref[PL_REF_MAX];
	const char *tmp = getenv("PARLEY_TEST_TMP");
	struct pl_actor *reg = NULL;
	const struct pl_kv kv[] = {
	        {"side", "captive"}, {"kind", "military"}, {"family_name", "Коваль"}};
	(void)state;
	if (pl_global_init(&err))
		return -1;
	mkdir(tmp ? tmp : "/tmp", 0700);
	snprintf(dir, sizeof(dir), "%s/u-io-fail-XXXXXX", tmp ? tmp : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(office, sizeof(office), "%s/office.db", dir);
	snprintf(plain_bak, sizeof(plain_bak), "%s/plain.bak", dir);
	snprintf(enc_bak, sizeof(enc_bak), "%s/enc.bak", dir);
	if (pl_db_open(office, PL_OPEN_CREATE, &db, &err) ||
	    pl_db_init(db, "adm", NULL, pw, &err) ||
	    pl_authenticate(db, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(db, adm, "reg", 1u << PL_ROLE_REGISTRAR, me(), pw, &err) ||
	    pl_account_add(db, adm, "aud", 1u << PL_ROLE_AUDITOR, me(), pw, &err) ||
	    pl_authenticate(db, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_authenticate(db, "aud", NULL, PL_AUTH_OS_USER, &aud, &err) ||
	    pl_person_add(db, reg, kv, 3, ref, &err) ||
	    pl_backup(db, adm, plain_bak, NULL, NULL, &err) ||
	    pl_backup(db, adm, enc_bak, PASS, NULL, &err)) {
		fprintf(stderr, "setup: %s\n", err.msg);
		pl_actor_free(reg);
		return -1;
	}
	pl_actor_free(reg);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	pl_actor_free(adm);
	pl_actor_free(aud);
	pl_db_close(db);
	if (dir[0]) {
		DIR *d = opendir(dir);
		struct dirent *e;
		char p[1200];
		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.') {
				snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
				unlink(p);
			}
		if (d)
			closedir(d);
		rmdir(dir);
	}
	return 0;
}

/* A backup, plain or encrypted, whose file cannot be synced to disk is no backup. */
static void test_backup_not_synced(void **state)
{
	struct pl_error err = {0};
	char dest[600], head[PL_AUDIT_HEAD_MAX];
	(void)state;
	audit_head_now(head);
	fresh(dest, "plain.db");
	arm_fsync(".partial-");
	assert_int_equal(pl_backup(db, adm, dest, NULL, NULL, &err), PL_EDATA);
	assert_int_equal(inject.failed, 1);
	assert_non_null(strstr(err.msg, "cannot write to disk: Input/output error"));
	assert_false(exists(dest));
	assert_false(leftovers());
	expect_trail_unchanged(head);

	fresh(dest, "enc.bak");
	arm_fsync(".partial-");
	assert_int_equal(pl_backup(db, adm, dest, PASS, NULL, &err), PL_EDATA);
	assert_int_equal(inject.failed, 1);
	assert_non_null(strstr(err.msg, dest));
	assert_non_null(strstr(err.msg, "cannot write to disk: Input/output error"));
	assert_false(exists(dest));
	assert_false(leftovers());
	expect_trail_unchanged(head);

	/* the disk well again, the same name takes the backup */
	assert_int_equal(pl_backup(db, adm, dest, PASS, NULL, &err), 0);
	expect_last_record_backup();
}

/* An encrypted backup that cannot read the copy it encrypts fails; nothing is left. */
static void test_backup_copy_unreadable(void **state)
{
	struct pl_error err = {0};
	char dest[600], head[PL_AUDIT_HEAD_MAX];
	(void)state;
	audit_head_now(head);
	fresh(dest, "enc.bak");
	arm_read(".partial-", 65536);
	assert_int_equal(pl_backup(db, adm, dest, PASS, NULL, &err), PL_EDATA);
	assert_int_equal(inject.failed, 1);
	assert_non_null(strstr(err.msg, "Input/output error"));
	assert_false(exists(dest));
	assert_false(leftovers());
	expect_trail_unchanged(head);
}

/* A restore that cannot read its backup, or cannot put the new file on disk, makes none. */
static void test_restore_fails(void **state)
{
	struct pl_error err = {0};
	struct pl_backup_info info = {.persons = -7};
	char dest[600];
	(void)state;
	fresh(dest, "from-plain.db");
	arm_read("plain.bak", 65536);
	assert_int_equal(pl_restore(plain_bak, dest, NULL, "adm", NULL, &info, &err), PL_EDATA);
	assert_int_equal(inject.failed, 1);
	assert_non_null(strstr(err.msg, "plain.bak: Input/output error"));
	assert_false(exists(dest));

	fresh(dest, "from-enc.db");
	arm_read("enc.bak", 65536);
	assert_int_equal(pl_restore(enc_bak, dest, PASS, "adm", NULL, &info, &err), PL_EDATA);
	assert_int_equal(inject.failed, 1);
	assert_non_null(strstr(err.msg, "enc.bak: Input/output error"));
	assert_false(exists(dest));

	fresh(dest, "not-synced.db");
	arm_fsync(".partial-");
	assert_int_equal(pl_restore(enc_bak, dest, PASS, "adm", NULL, &info, &err), PL_EDATA);
	assert_int_equal(inject.failed, 1);
	assert_non_null(strstr(err.msg, "cannot write to disk: Input/output error"));
	assert_false(exists(dest));
	assert_int_equal(info.persons, -7);
	assert_false(leftovers());

	/* and with a sound disk, both restore */
	fresh(dest, "from-plain.db");
	assert_int_equal(pl_restore(plain_bak, dest, NULL, "adm", NULL, &info, &err), 0);
	fresh(dest, "from-enc.db");
	assert_int_equal(pl_restore(enc_bak, dest, PASS, "adm", NULL, &info, &err), 0);
	assert_int_equal(info.persons, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_backup_not_synced),
	        cmocka_unit_test(test_backup_copy_unreadable),
	        cmocka_unit_test(test_restore_fails),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
