/* outfile.c - a file of personal data, written whole or not at all, where no one else reaches
 *
 * The file is made inside a directory of its own (mode 0700) next to the destination, with
 * O_CREAT | O_EXCL | O_NOFOLLOW and mode 0600, and is given the destination's name by a rename
 * once it is complete and synced: a failed write leaves nothing, and no one else can look at it
 * or put a link in its place while it is being written. A library that opens files by name
 * (libxlsxwriter) is given a path that goes through the open directory (/proc/self/fd/N/NAME),
 * so a directory swapped in meanwhile is never followed; where /proc is not there, the private
 * directory's own path, whose contents no one else can touch. Either way the file written is
 * checked afterwards to be the one made.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "parley/alloc.h"
#include "parley/strbuf.h"
#include "internal.h"
#include "banned.h"

#define INNER "file" /* the file's name inside the private directory */

void outfile_init(struct outfile *o)
{
	memset(o, 0, sizeof(*o));
	o->dfd = o->fd = -1;
}

static int sys_error(const struct outfile *o, int e, struct pl_error *err)
{
	return pl_error_set(err, e == ENOENT ? PL_ENOTFOUND : PL_EDATA, "%s: %s", o->path,
	                    strerror(e));
}

int outfile_open(struct outfile *o, const char *path, struct pl_error *err)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st, fst;
	char via[64];
	int e;

	outfile_init(o);
	o->path = path;
	strbuf_addf(&sb, "%s.XXXXXX", path);
	if (sb.failed)
		return pl_error_set(err, PL_EDATA, "out of memory");
	if (!mkdtemp(sb.buf)) {
		e = errno;
		strbuf_release(&sb);
		return sys_error(o, e, err);
	}
	o->dir = strbuf_detach(&sb);
	o->dfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (o->dfd < 0) {
		e = errno;
		goto fail;
	}
	/* the directory mkdtemp made, and no other: ours, no one else's to enter */
	if (fstat(o->dfd, &st) || st.st_uid != geteuid() || (st.st_mode & 077)) {
		e = EPERM;
		goto fail;
	}
	o->fd = openat(o->dfd, INNER, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (o->fd < 0 || fstat(o->fd, &fst)) {
		e = errno;
		goto fail;
	}
	o->dev = fst.st_dev;
	o->ino = fst.st_ino;
	/* the name a library opens: through the directory held open, when /proc shows it */
	snprintf(via, sizeof(via), "/proc/self/fd/%d/" INNER, o->dfd);
	if (!stat(via, &st) && st.st_dev == o->dev && st.st_ino == o->ino)
		strbuf_adds(&sb, via);
	else
		strbuf_addf(&sb, "%s/" INNER, o->dir);
	if (sb.failed) {
		strbuf_release(&sb);
		outfile_abort(o);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	o->name = strbuf_detach(&sb);
	return 0;
fail:
	outfile_abort(o);
	return sys_error(o, e, err);
}

/* 0 when the file inside the private directory is still the one outfile_open made. */
static int same_file(const struct outfile *o, struct pl_error *err)
{
	struct stat st;
	if (fstatat(o->dfd, INNER, &st, AT_SYMLINK_NOFOLLOW) || !S_ISREG(st.st_mode) ||
	    st.st_dev != o->dev || st.st_ino != o->ino || (st.st_mode & 077))
		return pl_error_set(err, PL_EDATA,
		                    "%s: the file being written was replaced: nothing written",
		                    o->path);
	return 0;
}

/* Best effort: the rename survives a power cut once the directory is synced. */
static void sync_dir_of(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

int outfile_install(struct outfile *o, int replace, struct pl_error *err)
{
	int rc, e;
	if ((rc = same_file(o, err)))
		goto fail;
	if (fsync(o->fd) != 0 || close(o->fd) != 0) {
		o->fd = -1;
		rc = pl_error_set(err, PL_EDATA, "%s: write error: %s", o->path, strerror(errno));
		goto fail;
	}
	o->fd = -1;
	if (replace) {
		/* a link or a directory at path is never followed: rename replaces the name */
		if (renameat(o->dfd, INNER, AT_FDCWD, o->path)) {
			e = errno;
			rc = e == EISDIR
			             ? pl_error_set(err, PL_EUSAGE, "%s is a directory", o->path)
			             : sys_error(o, e, err);
			goto fail;
		}
	} else if (renameat2(o->dfd, INNER, AT_FDCWD, o->path, RENAME_NOREPLACE)) {
		e = errno;
		/* file systems without renameat2: link() does not replace either */
		if (e == EINVAL || e == ENOSYS || e == ENOTSUP) {
			if (!linkat(o->dfd, INNER, AT_FDCWD, o->path, 0)) {
				unlinkat(o->dfd, INNER, 0);
				goto done;
			}
			e = errno;
		}
		rc = e == EEXIST ? pl_error_set(err, PL_EUSAGE, "%s already exists", o->path)
		                 : sys_error(o, e, err);
		goto fail;
	}
done:
	outfile_abort(o); /* the directory, empty now */
	sync_dir_of(o->path);
	return 0;
fail:
	outfile_abort(o);
	return rc;
}

int outfile_check(const struct outfile *o, struct pl_error *err)
{
	return same_file(o, err);
}

void outfile_abort(struct outfile *o)
{
	if (o->fd >= 0)
		close(o->fd);
	if (o->dfd >= 0) {
		unlinkat(o->dfd, INNER, 0);
		close(o->dfd);
	}
	if (o->dir)
		rmdir(o->dir);
	pl_free(o->dir);
	pl_free(o->name);
	o->dir = o->name = NULL;
	o->dfd = o->fd = -1;
}

int outfile_path_check(const char *path, int replace, struct pl_error *err)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return 0;
	if (S_ISDIR(st.st_mode))
		return pl_error_set(err, PL_EUSAGE, "%s is a directory: name a file", path);
	if (!S_ISREG(st.st_mode))
		return pl_error_set(err, PL_EUSAGE, "%s is not a regular file: name a file", path);
	if (!replace)
		return pl_error_set(err, PL_EUSAGE, "%s already exists", path);
	return 0;
}
