/* name-index-image.c - the name index as a file beside the data file, mapped, not rebuilt
 *
 * A process that searches a million persons spent most of a second reading table
 * name_index into its index (name-index.c). The first such process writes the index it
 * built to FILE.nameix, every array as it lies in memory; the next maps that file and
 * points the index's arrays into it, once the header, the checksum, the arrays' bounds
 * and their contents (nameix_check) are found right. name-index.h describes the format.
 * Anything wrong, and the image is passed over: the index is built from the table and the
 * image written again; a search never fails for it.
 */
#define XXH_STATIC_LINKING_ONLY /* XXH3_state_t on the stack */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xxhash.h>

#include "parley/alloc.h"
#include "name-index.h"
#include "banned.h"

#define IMAGE_ALIGN 64u /* each array's offset: a cache line */
#define IMAGE_SUFFIX ".nameix"

uint64_t nameix_image_checksum(const void *p, size_t len)
{
	return XXH3_64bits(p, len);
}

/* The arrays as nx_sections lays them out: a new array, another order or element size,
 * another table of counts, and an image written before is not read. */
static uint64_t image_layout(void)
{
	XXH3_state_t st;
	XXH3_64bits_reset(&st);
	for (size_t i = 0; i < nx_nsections; i++) {
		const struct nx_section *s = &nx_sections[i];
		uint64_t v[4] = {s->ptr_off, s->size, s->count_off, s->extra};
		XXH3_64bits_update(&st, s->name, strlen(s->name) + 1);
		XXH3_64bits_update(&st, v, sizeof(v));
	}
	return XXH3_64bits_digest(&st);
}

static size_t section_count(const struct nameix *ix, const struct nx_section *s)
{
	size_t c;
	memcpy(&c, (const char *)ix + s->count_off, sizeof(c));
	return c + s->extra;
}

static void section_set(struct nameix *ix, const struct nx_section *s, const void *p, size_t count)
{
	size_t c = count - s->extra;
	memcpy((char *)ix + s->ptr_off, &p, sizeof(p));
	memcpy((char *)ix + s->count_off, &c, sizeof(c));
}

static void sections_clear(struct nameix *ix)
{
	for (size_t i = 0; i < nx_nsections; i++) {
		const void *none = NULL;
		size_t zero = 0;
		memcpy((char *)ix + nx_sections[i].ptr_off, &none, sizeof(none));
		memcpy((char *)ix + nx_sections[i].count_off, &zero, sizeof(zero));
	}
}

static uint64_t align_up(uint64_t v)
{
	return (v + IMAGE_ALIGN - 1) / IMAGE_ALIGN * IMAGE_ALIGN;
}

/* The header's arrays: where, how long, what count; 0, or NX_IMAGE_SECTIONS. */
static enum nx_image_status parse_sections(struct nameix *ix, const struct nx_image_header *h,
                                           const char *base, size_t len)
{
	uint64_t end = sizeof(*h);
	for (size_t i = 0; i < nx_nsections; i++) {
		const struct nx_section *t = &nx_sections[i];
		const struct nx_image_section *s = &h->section[i];
		if (s->size != t->size || s->offset % 8 || s->offset < end || s->offset > len ||
		    s->length > len - s->offset || s->count < t->extra ||
		    s->count > SIZE_MAX / t->size || s->count * t->size != s->length)
			return NX_IMAGE_SECTIONS;
		/* arrays of one count agree on it (ent_off has n + 1, id n) */
		for (size_t j = 0; j < i; j++)
			if (nx_sections[j].count_off == t->count_off &&
			    h->section[j].count - nx_sections[j].extra != s->count - t->extra)
				return NX_IMAGE_SECTIONS;
		section_set(ix, t, base + s->offset, (size_t)s->count);
		end = s->offset + s->length;
	}
	return NX_IMAGE_OK;
}

enum nx_image_status nameix_image_parse(struct nameix *ix, const void *buf, size_t len,
                                        uint64_t generation)
{
	const struct nx_image_header *h = buf;
	enum nx_image_status st;
	if (len < sizeof(*h) || (uintptr_t)buf % 8)
		return NX_IMAGE_SHORT;
	if (memcmp(h->magic, NX_IMAGE_SIGNATURE, sizeof(h->magic)))
		return NX_IMAGE_MAGIC;
	if (h->format != NX_IMAGE_FORMAT_VERSION || h->byte_order != NX_IMAGE_BYTE_ORDER_MARK ||
	    h->header_size != sizeof(*h) || h->nsections != nx_nsections ||
	    h->layout != image_layout())
		return NX_IMAGE_FORMAT;
	if (!memchr(h->version, '\0', sizeof(h->version)) || strcmp(h->version, nameix_version()))
		return NX_IMAGE_VERSION;
	/* before the checksum: a stale image is told from its header alone */
	if (h->generation != generation)
		return NX_IMAGE_GENERATION;
	if (h->file_size != len)
		return NX_IMAGE_SHORT;
	if (nameix_image_checksum((const char *)buf + NX_IMAGE_CHECKED_FROM,
	                          len - NX_IMAGE_CHECKED_FROM) != h->checksum)
		return NX_IMAGE_CHECKSUM;
	if ((st = parse_sections(ix, h, buf, len)) == NX_IMAGE_OK && nameix_check(ix))
		st = NX_IMAGE_CONTENT;
	if (st != NX_IMAGE_OK)
		sections_clear(ix);
	return st;
}

void nameix_image_unmap(void *image, size_t len)
{
	munmap(image, len);
}

static int image_path(const char *path, char *out, size_t size, const char *suffix)
{
	int m = snprintf(out, size, "%s%s%s", path, IMAGE_SUFFIX, suffix);
	return m < 0 || (size_t)m >= size ? -1 : 0;
}

int nameix_image_read(const char *path, uint64_t generation, struct nameix **out)
{
	char name[PATH_MAX];
	struct stat db, st;
	struct nameix *ix = NULL;
	void *map;
	int fd;
	if (image_path(path, name, sizeof(name), "") || stat(path, &db))
		return -1;
	if ((fd = open(name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) < 0)
		return -1;
	/* names of persons: owned as the data file, read by nobody else */
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) || st.st_uid != db.st_uid ||
	    (st.st_mode & 077) || st.st_size < (off_t)sizeof(struct nx_image_header) ||
	    (uint64_t)st.st_size > SIZE_MAX) {
		close(fd);
		return -1;
	}
	/* every page is read for the checksum at once: one call maps them all */
	map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (map == MAP_FAILED)
		return -1;
	if (!(ix = nameix_new())) {
		munmap(map, (size_t)st.st_size);
		return -1;
	}
	if (nameix_image_parse(ix, map, (size_t)st.st_size, generation) != NX_IMAGE_OK) {
		nameix_free(ix);
		munmap(map, (size_t)st.st_size);
		return -1;
	}
	if (nameix_adopt(ix, map, (size_t)st.st_size, 1, generation)) {
		nameix_free(ix); /* unmaps */
		return -1;
	}
	*out = ix;
	return 0;
}

/* Writes p[0..n) to fd and into the checksum. */
static int put(int fd, XXH3_state_t *sum, const void *p, size_t n)
{
	const char *c = p;
	if (n)
		XXH3_64bits_update(sum, p, n);
	while (n) {
		ssize_t w = write(fd, c, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		c += w;
		n -= (size_t)w;
	}
	return 0;
}

static int pad(int fd, XXH3_state_t *sum, uint64_t *at, uint64_t to)
{
	static const char zero[IMAGE_ALIGN];
	if (to - *at > sizeof(zero) || put(fd, sum, zero, (size_t)(to - *at)))
		return -1;
	*at = to;
	return 0;
}

/* The folder of path, synced: the rename is on disk. */
static void sync_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	int fd;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if ((size_t)(slash - path) + 1 >= sizeof(dir))
		return;
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
		fsync(fd);
		close(fd);
	}
}

int nameix_image_write(const char *path, const struct nameix *ix, uint64_t generation)
{
	char name[PATH_MAX], tmp[PATH_MAX];
	struct nx_image_header h;
	struct stat db;
	XXH3_state_t sum;
	uint64_t at;
	int fd;
	if (image_path(path, name, sizeof(name), "") ||
	    image_path(path, tmp, sizeof(tmp), ".XXXXXX") || stat(path, &db))
		return -1;
	memset(&h, 0, sizeof(h));
	memcpy(h.magic, NX_IMAGE_SIGNATURE, sizeof(h.magic));
	h.format = NX_IMAGE_FORMAT_VERSION;
	h.byte_order = NX_IMAGE_BYTE_ORDER_MARK;
	h.header_size = sizeof(h);
	h.nsections = (uint32_t)nx_nsections;
	h.layout = image_layout();
	h.generation = generation;
	snprintf(h.version, sizeof(h.version), "%s", nameix_version());
	at = align_up(sizeof(h));
	for (size_t i = 0; i < nx_nsections; i++) {
		const struct nx_section *t = &nx_sections[i];
		size_t count = section_count(ix, t);
		if (count && !nx_section_array(ix, t))
			return -1;
		h.section[i] =
		        (struct nx_image_section){at, (uint64_t)count * t->size, count, t->size};
		at = align_up(at + h.section[i].length);
	}
	h.file_size = at;

	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return -1;
	/* the names of persons: the data file's owner's alone */
	if (fchmod(fd, 0600) ||
	    (geteuid() == 0 && db.st_uid != 0 && fchown(fd, db.st_uid, db.st_gid)))
		goto fail;
	XXH3_64bits_reset(&sum);
	at = sizeof(h);
	/* magic and checksum unsummed, written again at the end */
	if (pwrite(fd, &h, NX_IMAGE_CHECKED_FROM, 0) != (ssize_t)NX_IMAGE_CHECKED_FROM ||
	    lseek(fd, NX_IMAGE_CHECKED_FROM, SEEK_SET) != (off_t)NX_IMAGE_CHECKED_FROM ||
	    put(fd, &sum, (const char *)&h + NX_IMAGE_CHECKED_FROM,
	        sizeof(h) - NX_IMAGE_CHECKED_FROM))
		goto fail;
	for (size_t i = 0; i < nx_nsections; i++) {
		const struct nx_image_section *s = &h.section[i];
		if (pad(fd, &sum, &at, s->offset) ||
		    put(fd, &sum, nx_section_array(ix, &nx_sections[i]), (size_t)s->length))
			goto fail;
		at += s->length;
	}
	if (pad(fd, &sum, &at, h.file_size))
		goto fail;
	h.checksum = XXH3_64bits_digest(&sum);
	/* the header last, whole: magic and checksum with it */
	if (pwrite(fd, &h, NX_IMAGE_CHECKED_FROM, 0) != (ssize_t)NX_IMAGE_CHECKED_FROM || fsync(fd))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, name))
		goto fail;
	sync_dir(name);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	return -1;
}
