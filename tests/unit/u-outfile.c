/* u-outfile.c - files of personal data written whole or not at all: mode 0600 whatever the
 * umask, nothing left after a failure, a file that appears meanwhile never replaced unless
 * asked, a link at the name replaced and never followed, a file swapped in while a library
 * writes by name noticed; a directory at the name never replaced, a name without a
 * directory written where we are; a disk that fails under the write, a file system without
 * renameat2, a private file that cannot be made: nothing left */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cmocka.h>

#include "internal.h"
#include "banned.h"

static char dir[512];

/* A disk that fails, a file system without renameat2, a private file that cannot be made:
 * the library's calls reach these, which fail the call a test arms and pass every other
 * through to the kernel. */
static int fail_fsync, fail_renameat2, fail_openat;

int fsync(int fd)
{
	if (fail_fsync) {
		fail_fsync = 0;
		errno = EIO;
		return -1;
	}
	return (int)syscall(SYS_fsync, fd);
}

int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
              unsigned int flags)
{
	if (fail_renameat2) {
		errno = EINVAL;
		return -1;
	}
	return (int)syscall(SYS_renameat2, olddirfd, oldpath, newdirfd, newpath, flags);
}

int openat(int dirfd, const char *path, int flags, ...)
{
	unsigned mode = 0;
	if (flags & O_CREAT) {
		va_list ap;
		va_start(ap, flags);
		mode = va_arg(ap, unsigned);
		va_end(ap);
	}
	if (fail_openat && !strcmp(path, "file")) {
		fail_openat = 0;
		errno = EACCES;
		return -1;
	}
	return (int)syscall(SYS_openat, dirfd, path, flags, mode);
}

static int setup(void **state)
{
	const char *tmp = getenv("PARLEY_TEST_TMP");
	char cmd[1200];
	(void)state;
	snprintf(dir, sizeof(dir), "%s/u-outfile", tmp ? tmp : "/tmp");
	snprintf(cmd, sizeof(cmd), "rm -rf '%s' && mkdir -p '%s'", dir, dir);
	return system(cmd) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	char cmd[600];
	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* how many names dir holds, . and .. aside */
static int entries(void)
{
	char cmd[600];
	FILE *f;
	int n = -1;
	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	f = popen(cmd, "r");
	if (f && fscanf(f, "%d", &n) != 1)
		n = -1;
	if (f)
		pclose(f);
	return n;
}

static void path_in_dir(char *buf, size_t cap, const char *name)
{
	snprintf(buf, cap, "%s/%s", dir, name);
}

static void written_whole_mode_0600_whatever_the_umask(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	struct stat st;
	char path[600];
	mode_t old = umask(0);
	(void)state;
	path_in_dir(path, sizeof(path), "a.pdf");
	assert_int_equal(outfile_open(&o, path, &err), 0);
	assert_int_equal(write(o.fd, "%PDF-", 5), 5);
	assert_int_equal(lstat(path, &st), -1); /* not under its name before it is whole */
	assert_int_equal(outfile_install(&o, 0, &err), 0);
	umask(old);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_size, 5);
	assert_int_equal(entries(), 1); /* no private directory left */
	unlink(path);
}

static void a_file_that_appears_meanwhile_is_kept(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	char path[600];
	FILE *f;
	char got[16] = "";
	(void)state;
	path_in_dir(path, sizeof(path), "b.pdf");
	assert_int_equal(outfile_open(&o, path, &err), 0);
	assert_int_equal(write(o.fd, "new", 3), 3);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("theirs", f);
	fclose(f);
	assert_int_equal(outfile_install(&o, 0, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "already exists"));
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(got, sizeof(got), f));
	fclose(f);
	assert_string_equal(got, "theirs");
	assert_int_equal(entries(), 1);
	unlink(path);
}

static void a_link_at_the_name_is_replaced_never_followed(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	struct stat st;
	char path[600], target[600];
	(void)state;
	path_in_dir(path, sizeof(path), "c.pdf");
	path_in_dir(target, sizeof(target), "target");
	assert_int_equal(symlink(target, path), 0); /* dangling: it would create target */
	assert_int_equal(outfile_open(&o, path, &err), 0);
	assert_int_equal(write(o.fd, "list", 4), 4);
	assert_int_equal(outfile_install(&o, 1, &err), 0);
	assert_int_equal(lstat(target, &st), -1);
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600);
	unlink(path);
	assert_int_equal(entries(), 0);
}

static void a_file_swapped_in_is_noticed_and_nothing_left(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	struct stat st;
	char path[600];
	FILE *f;
	(void)state;
	path_in_dir(path, sizeof(path), "d.xlsx");
	assert_int_equal(outfile_open(&o, path, &err), 0);
	/* a library opening o.name writes into the file made */
	f = fopen(o.name, "wb");
	assert_non_null(f);
	fputs("PK", f);
	fclose(f);
	assert_int_equal(outfile_check(&o, &err), 0);
	/* another file under that name: not the one made */
	assert_int_equal(unlink(o.name), 0);
	f = fopen(o.name, "wb");
	assert_non_null(f);
	fclose(f);
	assert_int_equal(outfile_check(&o, &err), PL_EDATA);
	assert_int_equal(outfile_install(&o, 1, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "replaced"));
	assert_int_equal(lstat(path, &st), -1);
	assert_int_equal(entries(), 0);
}

static void no_directory_no_file(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	char path[600];
	(void)state;
	path_in_dir(path, sizeof(path), "nowhere/e.pdf");
	assert_int_equal(outfile_open(&o, path, &err), PL_ENOTFOUND);
	assert_non_null(strstr(err.msg, "nowhere/e.pdf"));
	assert_int_equal(o.fd, -1);
	assert_null(o.dir);
	outfile_abort(&o); /* twice does nothing */
	assert_int_equal(entries(), 0);
}

static void aborted_leaves_nothing(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	char path[600];
	(void)state;
	path_in_dir(path, sizeof(path), "f.pdf");
	assert_int_equal(outfile_open(&o, path, &err), 0);
	assert_int_equal(write(o.fd, "half", 4), 4);
	outfile_abort(&o);
	outfile_abort(&o);
	assert_int_equal(entries(), 0);
}

static void a_directory_at_the_name_is_never_replaced(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	struct stat st;
	char path[600];
	(void)state;
	path_in_dir(path, sizeof(path), "g.pdf");
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(outfile_open(&o, path, &err), 0);
	assert_int_equal(write(o.fd, "new", 3), 3);
	assert_int_equal(outfile_install(&o, 1, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "g.pdf is a directory"));
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(entries(), 1); /* the directory, and no private one left */
	assert_int_equal(outfile_open(&o, path, &err), 0);
	assert_int_equal(outfile_install(&o, 0, &err), PL_EUSAGE);
	assert_non_null(strstr(err.msg, "g.pdf already exists"));
	assert_int_equal(entries(), 1);
	rmdir(path);
}

static void a_file_where_a_directory_is_needed_is_named(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	char path[600];
	FILE *f;
	(void)state;
	path_in_dir(path, sizeof(path), "h.pdf");
	f = fopen(path, "w");
	assert_non_null(f);
	fclose(f);
	path_in_dir(path, sizeof(path), "h.pdf/i.pdf");
	assert_int_equal(outfile_open(&o, path, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "h.pdf/i.pdf: "));
	assert_null(o.dir);
	assert_int_equal(entries(), 1);
	path_in_dir(path, sizeof(path), "h.pdf");
	unlink(path);
}

static void a_name_without_a_directory_is_written_where_we_are(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	struct stat st;
	char cwd[600];
	(void)state;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	assert_int_equal(outfile_open(&o, "j.pdf", &err), 0);
	assert_int_equal(write(o.fd, "%PDF-", 5), 5);
	assert_int_equal(outfile_install(&o, 0, &err), 0);
	assert_int_equal(lstat("j.pdf", &st), 0);
	assert_int_equal(st.st_size, 5);
	assert_int_equal(st.st_mode & 0777, 0600);
	unlink("j.pdf");
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(entries(), 0);
}

static void a_disk_that_fails_leaves_nothing(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	struct stat st;
	char path[600];
	(void)state;
	path_in_dir(path, sizeof(path), "k.pdf");
	assert_int_equal(outfile_open(&o, path, &err), 0);
	assert_int_equal(write(o.fd, "%PDF-", 5), 5);
	fail_fsync = 1;
	assert_int_equal(outfile_install(&o, 0, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "k.pdf: write error: "));
	assert_int_equal(lstat(path, &st), -1);
	assert_int_equal(entries(), 0);
}

static void without_renameat2_a_link_does_not_replace_either(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	struct stat st;
	char path[600];
	(void)state;
	path_in_dir(path, sizeof(path), "l.pdf");
	fail_renameat2 = 1;
	assert_int_equal(outfile_open(&o, path, &err), 0);
	assert_int_equal(write(o.fd, "first", 5), 5);
	assert_int_equal(outfile_install(&o, 0, &err), 0);
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_size, 5);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(st.st_nlink, 1);
	assert_int_equal(outfile_open(&o, path, &err), 0);
	assert_int_equal(write(o.fd, "second!", 7), 7);
	assert_int_equal(outfile_install(&o, 0, &err), PL_EUSAGE);
	fail_renameat2 = 0;
	assert_non_null(strstr(err.msg, "l.pdf already exists"));
	assert_int_equal(lstat(path, &st), 0);
	assert_int_equal(st.st_size, 5);
	assert_int_equal(entries(), 1);
	unlink(path);
}

static void a_private_file_that_cannot_be_made_leaves_nothing(void **state)
{
	struct outfile o;
	struct pl_error err = {0};
	char path[600];
	(void)state;
	path_in_dir(path, sizeof(path), "m.pdf");
	fail_openat = 1;
	assert_int_equal(outfile_open(&o, path, &err), PL_EDATA);
	assert_non_null(strstr(err.msg, "m.pdf: Permission denied"));
	assert_int_equal(o.fd, -1);
	assert_null(o.dir);
	assert_int_equal(entries(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(written_whole_mode_0600_whatever_the_umask),
	        cmocka_unit_test(a_file_that_appears_meanwhile_is_kept),
	        cmocka_unit_test(a_link_at_the_name_is_replaced_never_followed),
	        cmocka_unit_test(a_file_swapped_in_is_noticed_and_nothing_left),
	        cmocka_unit_test(no_directory_no_file),
	        cmocka_unit_test(aborted_leaves_nothing),
	        cmocka_unit_test(a_directory_at_the_name_is_never_replaced),
	        cmocka_unit_test(a_file_where_a_directory_is_needed_is_named),
	        cmocka_unit_test(a_name_without_a_directory_is_written_where_we_are),
	        cmocka_unit_test(a_disk_that_fails_leaves_nothing),
	        cmocka_unit_test(without_renameat2_a_link_does_not_replace_either),
	        cmocka_unit_test(a_private_file_that_cannot_be_made_leaves_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
