/* u-name-image.c - the name index's image: what is written is read back as it was, and an
 * image changed in any part (with its checksum made right again, as one who would plant an
 * image could) is refused for what is wrong with it, never read out of bounds */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "parley/account.h"
#include "parley/alloc.h"
#include "parley/parley.h"
#include "parley/registry.h"
#include "parley/search.h"
#include "internal.h"
#include "name-index.h"
#include "banned.h"

static const char *const names[][4] = {
        {"Ковальов", "Сергій", "Іванович", "1985-03-02"},
        {"Ковальчук", "Сергій", NULL, NULL},
        {"Ковальов", "Семен", "Петрович", "1990"},
        {"Воробйов", "Олексій", "Миколайович", "1979-11"},
        {"Шевчук", "Тарас", NULL, "2001-01-01"},
        {"Римський-Корсаков", "Микола", "Андрійович", NULL},
};
#define NNAMES (sizeof(names) / sizeof(names[0]))
#define GEN 0x1234567890abcdefull

static char dir[512], dbpath[600];
static struct nameix *built;
static unsigned char *image; /* 8-byte aligned */
static size_t image_len;

static struct nameix *build(void)
{
	struct store_name_entry e[NNAMES];
	struct strbuf keys[NNAMES];
	struct pl_error err = {0};
	struct nameix *ix = NULL;
	char refs[NNAMES][16];
	for (size_t i = 0; i < NNAMES; i++) {
		keys[i] = (struct strbuf)STRBUF_INIT;
		assert_int_equal(nameix_person_keys(names[i][0], names[i][1], names[i][2], NULL,
		                                    &keys[i], &err),
		                 0);
		snprintf(refs[i], sizeof(refs[i]), "U-%06zu", i + 1);
		e[i] = (struct store_name_entry){(long long)i + 1,
		                                 refs[i],
		                                 "captive",
		                                 names[i][3],
		                                 i % 2 ? "3 ОШБр" : NULL,
		                                 strbuf_str(&keys[i])};
	}
	assert_int_equal(nameix_build(e, NNAMES, &ix, &err), 0);
	for (size_t i = 0; i < NNAMES; i++)
		strbuf_release(&keys[i]);
	return ix;
}

static unsigned char *read_all(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	unsigned char *buf;
	long n;
	assert_non_null(f);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = aligned_alloc(64, ((size_t)n + 63) / 64 * 64);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static int setup(void **state)
{
	struct pl_error err = {0};
	const char *tmp = getenv("PARLEY_TEST_TMP");
	char img[700];
	FILE *f;
	(void)state;
	if (pl_global_init(&err))
		return -1;
	snprintf(dir, sizeof(dir), "%s/u-name-image", tmp ? tmp : "/tmp");
	mkdir(tmp ? tmp : "/tmp", 0700);
	mkdir(dir, 0700);
	snprintf(dbpath, sizeof(dbpath), "%s/office.db", dir);
	for (size_t i = 0; i < 4; i++) {
		static const char *const old[] = {"", "-wal", "-shm", ".nameix"};
		char p[700];
		snprintf(p, sizeof(p), "%s/two.db%s", dir, old[i]);
		unlink(p);
	}
	if (!(f = fopen(dbpath, "w")))
		return -1;
	fclose(f);
	built = build();
	snprintf(img, sizeof(img), "%s.nameix", dbpath);
	unlink(img);
	if (nameix_image_write(dbpath, built, GEN))
		return -1;
	image = read_all(img, &image_len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	nameix_free(built);
	free(image);
	return 0;
}

/* A copy of the image to change. */
static unsigned char *copy(void)
{
	unsigned char *c = aligned_alloc(64, (image_len + 63) / 64 * 64);
	assert_non_null(c);
	memcpy(c, image, image_len);
	return c;
}

static struct nx_image_header *header(unsigned char *buf)
{
	return (struct nx_image_header *)(void *)buf;
}

static struct nx_image_section *section(unsigned char *buf, const char *name)
{
	for (size_t i = 0; i < nx_nsections; i++)
		if (!strcmp(nx_sections[i].name, name))
			return &header(buf)->section[i];
	fail_msg("no array %s", name);
	return NULL;
}

static void fix_checksum(unsigned char *buf, size_t len)
{
	header(buf)->checksum =
	        nameix_image_checksum(buf + NX_IMAGE_CHECKED_FROM, len - NX_IMAGE_CHECKED_FROM);
}

static enum nx_image_status parse(unsigned char *buf, size_t len, uint64_t gen)
{
	struct nameix *ix = nameix_new();
	enum nx_image_status st;
	assert_non_null(ix);
	st = nameix_image_parse(ix, buf, len, gen);
	if (st == NX_IMAGE_OK)
		assert_int_equal(nameix_adopt(ix, buf, len, 0, gen), 0);
	nameix_free(ix); /* an image refused leaves nothing to free */
	return st;
}

static void same_hits(struct nameix *a, struct nameix *b, const char *text)
{
	struct nx_query q = {.text = text};
	struct nx_hit *ha, *hb;
	size_t na, nb;
	struct pl_error err = {0};
	assert_int_equal(nameix_search(a, &q, &ha, &na, &err), 0);
	assert_int_equal(nameix_search(b, &q, &hb, &nb, &err), 0);
	assert_true(na > 0);
	assert_int_equal(na, nb);
	for (size_t i = 0; i < na; i++) {
		assert_int_equal(ha[i].idx, hb[i].idx);
		assert_true(ha[i].score == hb[i].score);
	}
	pl_free(ha);
	pl_free(hb);
}

static void test_read_back(void **state)
{
	struct nameix *ix = nameix_new();
	unsigned char *c = copy();
	struct stat st;
	char img[700];
	(void)state;
	assert_int_equal(nameix_image_parse(ix, c, image_len, GEN), NX_IMAGE_OK);
	assert_int_equal(nameix_adopt(ix, c, image_len, 0, GEN), 0);
	assert_int_equal(nameix_count(ix), NNAMES);
	for (uint32_t i = 0; i < NNAMES; i++) {
		struct nx_person p, q;
		nameix_person(built, i, &p);
		nameix_person(ix, i, &q);
		assert_int_equal(p.id, q.id);
		assert_string_equal(p.ref, q.ref);
		assert_int_equal(p.year, q.year);
		assert_int_equal(p.given_group, q.given_group);
		assert_int_equal(p.nkeys, q.nkeys);
		assert_memory_equal(p.keys, q.keys, p.nkeys * sizeof(*p.keys));
		if (p.unit)
			assert_string_equal(nameix_unit(built, p.unit), nameix_unit(ix, q.unit));
	}
	same_hits(built, ix, "Kovalev Sergei");
	same_hits(built, ix, "Ковалев С. И.");
	same_hits(built, ix, "Vorobiov");
	same_hits(built, ix, "Kovalv"); /* a typo: the near skeletons */
	same_hits(built, ix, "Nikolai Rimskii");
	nameix_free(ix);
	free(c);
	/* the names of persons: the owner's alone */
	snprintf(img, sizeof(img), "%s.nameix", dbpath);
	assert_int_equal(stat(img, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
}

/* --- every way an image can be wrong --- */

static void none(unsigned char *b, size_t *len)
{
	(void)b;
	(void)len;
}
static void magic(unsigned char *b, size_t *len)
{
	(void)len;
	b[0] ^= 1;
}
static void format(unsigned char *b, size_t *len)
{
	(void)len;
	header(b)->format++;
}
static void byte_order(unsigned char *b, size_t *len)
{
	(void)len;
	header(b)->byte_order = 0x04030201u;
}
static void layout(unsigned char *b, size_t *len)
{
	(void)len;
	header(b)->layout ^= 1;
}
static void version(unsigned char *b, size_t *len)
{
	(void)len;
	header(b)->version[0] ^= 1;
}
static void generation(unsigned char *b, size_t *len)
{
	(void)len;
	header(b)->generation++;
}
static void truncated(unsigned char *b, size_t *len)
{
	(void)b;
	*len -= 64;
}
static void header_only(unsigned char *b, size_t *len)
{
	(void)b;
	*len = sizeof(struct nx_image_header) - 1;
}
/* a letter of a reference: only the checksum can tell */
static void ref_letter(unsigned char *b, size_t *len)
{
	(void)len;
	b[section(b, "refs")->offset + 7] ^= 1;
}
static void count_grown(unsigned char *b, size_t *len)
{
	struct nx_image_section *s = section(b, "ent");
	(void)len;
	s->count *= 2;
	s->length *= 2;
}
static void length_lies(unsigned char *b, size_t *len)
{
	(void)len;
	section(b, "post")->length += 4;
}
static void past_the_end(unsigned char *b, size_t *len)
{
	section(b, "brief")->offset = *len;
}
static void misaligned(unsigned char *b, size_t *len)
{
	(void)len;
	section(b, "cps")->offset += 4;
}
static void overlapping(unsigned char *b, size_t *len)
{
	(void)len;
	section(b, "post")->offset = section(b, "ent")->offset;
}
static void counts_disagree(unsigned char *b, size_t *len)
{
	struct nx_image_section *s = section(b, "side");
	(void)len;
	s->count--;
	s->length--;
}
static void huge_count(unsigned char *b, size_t *len)
{
	struct nx_image_section *s = section(b, "near");
	(void)len;
	s->count = UINT64_MAX / 8;
	s->length = s->count * s->size;
}
static void key_out_of_range(unsigned char *b, size_t *len)
{
	uint32_t v = 0xFFFFFFF1u;
	(void)len;
	memcpy(b + section(b, "ent")->offset, &v, sizeof(v));
}
static void part_out_of_range(unsigned char *b, size_t *len)
{
	uint32_t v;
	(void)len;
	memcpy(&v, b + section(b, "post")->offset, sizeof(v));
	v |= 7;
	memcpy(b + section(b, "post")->offset, &v, sizeof(v));
}
static void person_out_of_range(unsigned char *b, size_t *len)
{
	uint32_t v = (uint32_t)NNAMES;
	(void)len;
	memcpy(b + section(b, "gpost")->offset, &v, sizeof(v));
}
static void offsets_fall(unsigned char *b, size_t *len)
{
	uint32_t v = 1000;
	(void)len;
	memcpy(b + section(b, "ent_off")->offset + 4, &v, sizeof(v));
}
static void ref_unended(unsigned char *b, size_t *len)
{
	struct nx_image_section *s = section(b, "refs");
	(void)len;
	b[s->offset + s->length - 1] = 'x';
}
static void ref_past_end(unsigned char *b, size_t *len)
{
	uint32_t v = 100000;
	(void)len;
	memcpy(b + section(b, "ref_off")->offset, &v, sizeof(v));
}
static void slots_full(unsigned char *b, size_t *len)
{
	struct nx_image_section *s = section(b, "slots");
	(void)len;
	for (uint64_t i = 0; i < s->count; i++) {
		uint32_t v = 1;
		memcpy(b + s->offset + i * 4, &v, sizeof(v));
	}
}
static void slots_not_pow2(unsigned char *b, size_t *len)
{
	struct nx_image_section *s = section(b, "slots");
	(void)len;
	s->count--;
	s->length -= 4;
}
static void key_too_long(unsigned char *b, size_t *len)
{
	struct nx_image_section *s = section(b, "key_off");
	uint32_t v;
	(void)len;
	/* the first key ends where the last does: longer than a skeleton can be */
	memcpy(&v, b + s->offset + (s->count - 1) * 4, sizeof(v));
	memcpy(b + s->offset + 4, &v, sizeof(v));
}
static void side_unknown(unsigned char *b, size_t *len)
{
	(void)len;
	b[section(b, "side")->offset] = 3;
}
static void group_unknown(unsigned char *b, size_t *len)
{
	int32_t v = 1 << 30;
	(void)len;
	memcpy(b + section(b, "ggroup")->offset, &v, sizeof(v));
}
static void brief_differs(unsigned char *b, size_t *len)
{
	(void)len;
	b[section(b, "brief")->offset + offsetof(struct nx_brief, year)] ^= 1; /* the first's */
}
static void unit_unknown(unsigned char *b, size_t *len)
{
	uint32_t v = 99;
	(void)len;
	memcpy(b + section(b, "unit")->offset, &v, sizeof(v));
}
static void near_key_unknown(unsigned char *b, size_t *len)
{
	struct nx_image_section *s = section(b, "near");
	(void)len;
	for (uint64_t i = 0; i < s->count; i++) {
		uint64_t h;
		uint32_t k = 0xFFFFFFu;
		memcpy(&h, b + s->offset + i * s->size, sizeof(h));
		if (h) {
			memcpy(b + s->offset + i * s->size + 8, &k, sizeof(k));
			return;
		}
	}
}

static const struct {
	const char *what;
	void (*change)(unsigned char *, size_t *);
	int fix; /* the checksum made right again */
	enum nx_image_status want;
} wrong[] = {
        {"as written", none, 0, NX_IMAGE_OK},
        {"magic", magic, 1, NX_IMAGE_MAGIC},
        {"format", format, 1, NX_IMAGE_FORMAT},
        {"byte order", byte_order, 1, NX_IMAGE_FORMAT},
        {"layout of the arrays", layout, 1, NX_IMAGE_FORMAT},
        {"version of the key rules", version, 1, NX_IMAGE_VERSION},
        {"generation", generation, 1, NX_IMAGE_GENERATION},
        {"truncated", truncated, 0, NX_IMAGE_SHORT},
        {"shorter than a header", header_only, 0, NX_IMAGE_SHORT},
        {"a letter of a reference", ref_letter, 0, NX_IMAGE_CHECKSUM},
        {"a letter of a reference, checksum made right", ref_letter, 1, NX_IMAGE_OK},
        {"a count grown", count_grown, 0, NX_IMAGE_CHECKSUM},
        {"a count grown, checksum made right", count_grown, 1, NX_IMAGE_SECTIONS},
        {"a length not count times size", length_lies, 1, NX_IMAGE_SECTIONS},
        {"an array past the end", past_the_end, 1, NX_IMAGE_SECTIONS},
        {"an array misaligned", misaligned, 1, NX_IMAGE_SECTIONS},
        {"arrays overlapping", overlapping, 1, NX_IMAGE_SECTIONS},
        {"two arrays of one count disagree", counts_disagree, 1, NX_IMAGE_SECTIONS},
        {"a count that overflows", huge_count, 1, NX_IMAGE_SECTIONS},
        {"a key out of range", key_out_of_range, 1, NX_IMAGE_CONTENT},
        {"a part out of range", part_out_of_range, 1, NX_IMAGE_CONTENT},
        {"a person out of range", person_out_of_range, 1, NX_IMAGE_CONTENT},
        {"offsets that fall", offsets_fall, 1, NX_IMAGE_CONTENT},
        {"a reference without its end", ref_unended, 1, NX_IMAGE_CONTENT},
        {"a reference past the end", ref_past_end, 1, NX_IMAGE_CONTENT},
        {"a hash table without an empty slot", slots_full, 1, NX_IMAGE_CONTENT},
        {"a hash table not a power of two", slots_not_pow2, 1, NX_IMAGE_CONTENT},
        {"a key longer than a skeleton", key_too_long, 1, NX_IMAGE_CONTENT},
        {"a side neither", side_unknown, 1, NX_IMAGE_CONTENT},
        {"a group unknown", group_unknown, 1, NX_IMAGE_CONTENT},
        {"a brief that differs", brief_differs, 1, NX_IMAGE_CONTENT},
        {"a unit unknown", unit_unknown, 1, NX_IMAGE_CONTENT},
        {"a near skeleton of no key", near_key_unknown, 1, NX_IMAGE_CONTENT},
};

static void test_refused(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(wrong) / sizeof(wrong[0]); i++) {
		unsigned char *c = copy();
		size_t len = image_len;
		enum nx_image_status st;
		wrong[i].change(c, &len);
		if (wrong[i].fix && len >= sizeof(struct nx_image_header))
			fix_checksum(c, len);
		st = parse(c, len, GEN);
		if (st != wrong[i].want)
			fail_msg("%s: status %d, wanted %d", wrong[i].what, (int)st,
			         (int)wrong[i].want);
		free(c);
	}
}

/* The file: found beside the data file, of its generation, owned as it, read by no other. */
static void test_read_file(void **state)
{
	struct nameix *ix = NULL;
	char img[700], link[720];
	(void)state;
	snprintf(img, sizeof(img), "%s.nameix", dbpath);
	assert_int_equal(nameix_image_read(dbpath, GEN, &ix), 0);
	same_hits(built, ix, "Kovalev Sergei");
	nameix_free(ix);
	assert_int_equal(nameix_image_read(dbpath, GEN + 1, &ix), -1);
	assert_int_equal(chmod(img, 0640), 0);
	assert_int_equal(nameix_image_read(dbpath, GEN, &ix), -1);
	assert_int_equal(chmod(img, 0600), 0);
	/* a link in its place is not followed */
	snprintf(link, sizeof(link), "%s.real", img);
	assert_int_equal(rename(img, link), 0);
	assert_int_equal(symlink(link, img), 0);
	assert_int_equal(nameix_image_read(dbpath, GEN, &ix), -1);
	assert_int_equal(unlink(img), 0);
	assert_int_equal(rename(link, img), 0);
	assert_int_equal(nameix_image_read(dbpath, GEN, &ix), 0);
	nameix_free(ix);
	/* written again: replaced whole, no temporary file left */
	assert_int_equal(nameix_image_write(dbpath, built, GEN + 1), 0);
	assert_int_equal(nameix_image_read(dbpath, GEN + 1, &ix), 0);
	nameix_free(ix);
	assert_int_equal(nameix_image_read(dbpath, GEN, &ix), -1);
	assert_int_equal(nameix_image_write(dbpath, built, GEN), 0);
}

static int count_hit(void *ctx, const struct pl_search_hit *h)
{
	(void)h;
	++*(int *)ctx;
	return 0;
}

static int found(struct pl_db *db, const struct pl_actor *a, const char *name)
{
	struct pl_search_opts so = {0, NULL, 20};
	struct pl_error err = {0};
	int n = 0;
	if (pl_search(db, a, name, &so, count_hit, &n, &err))
		fail_msg("search %s: %s", name, err.msg);
	return n;
}

static void add(struct pl_db *db, const struct pl_actor *a, const char *family, const char *given)
{
	const struct pl_kv kv[] = {{"side", "captive"},
	                           {"kind", "military"},
	                           {"family_name", family},
	                           {"given_name", given}};
	char ref[PL_REF_MAX];
	struct pl_error err = {0};
	if (pl_person_add(db, a, kv, 4, ref, &err))
		fail_msg("add %s: %s", family, err.msg);
}

/*
 * Two handles on one file (two processes, or the server and the CLI): the index one
 * keeps learns of a person the other added, by the generation in the file (issue 12).
 */
static void test_other_handle(void **state)
{
	char path[700], user[64], pw[PL_PASSWORD_LEN + 1];
	struct pl_error err = {0};
	struct pl_db *one = NULL, *two = NULL;
	struct pl_actor *adm = NULL, *reg = NULL, *reg2 = NULL;
	(void)state;
	pl_os_user(user, sizeof(user));
	snprintf(path, sizeof(path), "%s/two.db", dir);
	if (pl_db_open(path, PL_OPEN_CREATE, &one, &err) ||
	    pl_db_init(one, "adm", NULL, pw, &err) ||
	    pl_authenticate(one, "adm", NULL, PL_AUTH_OS_USER, &adm, &err) ||
	    pl_account_add(one, adm, "reg", 1u << PL_ROLE_REGISTRAR, user, pw, &err) ||
	    pl_authenticate(one, "reg", NULL, PL_AUTH_OS_USER, &reg, &err) ||
	    pl_search_reindex(one, reg, NULL, &err) || pl_db_open(path, 0, &two, &err) ||
	    pl_authenticate(two, "reg", NULL, PL_AUTH_OS_USER, &reg2, &err))
		fail_msg("setup: %s", err.msg);
	add(one, reg, "Ковальов", "Сергій");
	assert_int_equal(found(one, reg, "Kovalev"), 1); /* kept in one, and written */
	assert_int_equal(found(one, reg, "Hnatiuk"), 0);
	add(two, reg2, "Гнатюк", "Петро");
	assert_int_equal(found(one, reg, "Hnatiuk"), 1);
	assert_int_equal(found(two, reg2, "Hnatiuk"), 1);
	add(one, reg, "Гнатюк", "Павло");
	assert_int_equal(found(two, reg2, "Hnatiuk"), 2);
	assert_int_equal(found(one, reg, "Hnatiuk"), 2);
	pl_db_close(one);
	pl_db_close(two);
	pl_actor_free(adm);
	pl_actor_free(reg);
	pl_actor_free(reg2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_read_back),
	        cmocka_unit_test(test_refused),
	        cmocka_unit_test(test_read_file),
	        cmocka_unit_test(test_other_handle),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
