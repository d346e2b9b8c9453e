/* fuzz-name-image.c - libFuzzer: the name index's image (name-index-image.c), on any bytes
 *
 * An image is a file anyone with the folder could have written: its checksum proves
 * nothing against intent. Input that begins with the image's signature is an image
 * itself; any other is a list of changes (four bytes of offset, one to xor) to a real
 * image of a few persons, built at start. Either way the checksum is made right, so the
 * checks behind it are what is fuzzed. Never crashes or reads out of bounds: an image
 * refused leaves nothing behind; one taken answers every query and every look-up of its
 * persons, keys, groups and units within its arrays (ASan says so).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>
#include <unistd.h>

#include "parley/alloc.h"
#include "parley/parley.h"
#include "../src/lib/core/internal.h"
#include "../src/lib/names/name-index.h"
#include "../src/lib/core/banned.h"

#define CHECK(x)                                                                                   \
	do {                                                                                       \
		if (!(x)) {                                                                        \
			fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #x);      \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#define GEN 0x5eedull

static unsigned char *valid;
static size_t valid_len;

static const char *const persons[][5] = {
        {"Ковальов", "Сергій", "Іванович", "1985-03-02", "3 ОШБр"},
        {"Ковальчук", "Сергій", NULL, NULL, NULL},
        {"Воробйов", "Олексій", "Миколайович", "1979-11", "3 ОШБр"},
        {"Римський-Корсаков", "Микола", NULL, NULL, "72 ОМБр"},
};
#define NPERSONS (sizeof(persons) / sizeof(persons[0]))

static const char *const queries[] = {"Kovalev Sergei", "Ковалев С. И.", "Vorobiov Oleksii",
                                      "Kovalv", "Nikolai Rimskii Korsakov"};

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A real image of a few persons, written to a file and read back. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	struct store_name_entry e[NPERSONS];
	struct strbuf keys[NPERSONS];
	struct pl_error err = {0};
	struct nameix *ix = NULL;
	char dir[] = "/tmp/fuzz-name-image.XXXXXX", db[64], img[80], refs[NPERSONS][16];
	FILE *f;
	long n;
	(void)argc;
	(void)argv;
	CHECK(!pl_global_init(&err));
	for (size_t i = 0; i < NPERSONS; i++) {
		keys[i] = (struct strbuf)STRBUF_INIT;
		CHECK(!nameix_person_keys(persons[i][0], persons[i][1], persons[i][2], NULL,
		                          &keys[i], &err));
		snprintf(refs[i], sizeof(refs[i]), "U-%06zu", i + 1);
		e[i] = (struct store_name_entry){
		        (long long)i + 1, refs[i],       i == 2 ? "detainee" : "captive",
		        persons[i][3],    persons[i][4], strbuf_str(&keys[i])};
	}
	CHECK(!nameix_build(e, NPERSONS, &ix, &err));
	CHECK(mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/office.db", dir);
	snprintf(img, sizeof(img), "%s.nameix", db);
	CHECK((f = fopen(db, "w")) && !fclose(f));
	CHECK(!nameix_image_write(db, ix, GEN));
	CHECK((f = fopen(img, "rb")) && !fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0);
	rewind(f);
	valid_len = (size_t)n;
	CHECK((valid = malloc(valid_len)) && fread(valid, 1, valid_len, f) == valid_len);
	fclose(f);
	unlink(img);
	unlink(db);
	rmdir(dir);
	for (size_t i = 0; i < NPERSONS; i++)
		strbuf_release(&keys[i]);
	nameix_free(ix);
	return 0;
}

/* Everything a caller may look at, of every person, key, group and unit. */
static void use(struct nameix *ix)
{
	size_t n = nameix_count(ix);
	const struct nx_brief *b = nameix_brief(ix);
	for (uint32_t i = 0; i < n; i++) {
		struct nx_person p;
		nameix_person(ix, i, &p);
		CHECK(p.side == 1 || p.side == 2);
		CHECK(strlen(p.ref) < 1u << 20);
		CHECK(b[i].given_group == p.given_group);
		nameix_group_size(ix, p.given_group, 0);
		nameix_group_size(ix, p.patr_group, 1);
		if (p.unit) {
			const char *u = nameix_unit(ix, p.unit);
			CHECK(u);
			nameix_unit_lookup(ix, u); /* the hash table need not agree: no harm */
			CHECK(nameix_unit_size(ix, p.unit) >= 1);
		}
		for (size_t k = 0; k < p.nkeys; k++) {
			const int32_t *cp;
			const uint32_t *post;
			size_t np;
			struct skel s;
			uint32_t near[64];
			int levels[64], len;
			nameix_key(ix, p.keys[k] >> 3, &cp, &len);
			CHECK(len >= 1 && len <= SKEL_CPS);
			nameix_postings(ix, p.keys[k] >> 3, &post, &np);
			for (size_t j = 0; j < np; j++)
				CHECK((post[j] >> 3) < n);
			memcpy(s.cp, cp, (size_t)len * sizeof(*cp));
			s.n = len;
			nameix_lookup(ix, &s);
			nameix_near(ix, &s, near, levels, 64);
		}
	}
	for (size_t q = 0; q < sizeof(queries) / sizeof(queries[0]); q++) {
		struct nx_query nq = {.text = queries[q], .max = q % 2 ? 2 : 0, .by = 1985};
		struct nx_hit *hits = NULL;
		struct pl_error err = {0};
		size_t nh = 0;
		if (!nameix_search(ix, &nq, &hits, &nh, &err)) {
			for (size_t i = 0; i < nh; i++)
				CHECK(hits[i].idx < n && hits[i].score > 0);
			pl_free(hits);
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const size_t hs = sizeof(struct nx_image_header);
	unsigned char *buf;
	size_t len;
	uint64_t gen = GEN;
	struct nameix *ix;
	enum nx_image_status st;
	if (size >= 8 && !memcmp(data, NX_IMAGE_SIGNATURE, 8)) {
		len = size;
		if (!(buf = aligned_alloc(64, (len + 63) / 64 * 64)))
			return 0;
		memcpy(buf, data, len);
		if (len >= hs)
			memcpy(&gen, buf + offsetof(struct nx_image_header, generation),
			       sizeof(gen));
	} else {
		len = valid_len;
		if (!(buf = aligned_alloc(64, (len + 63) / 64 * 64)))
			return 0;
		memcpy(buf, valid, len);
		for (size_t i = 0; i + 5 <= size; i += 5) {
			uint32_t at;
			memcpy(&at, data + i, sizeof(at));
			buf[at % len] ^= data[i + 4];
		}
	}
	if (len >= hs) {
		uint64_t sum = nameix_image_checksum(buf + NX_IMAGE_CHECKED_FROM,
		                                     len - NX_IMAGE_CHECKED_FROM);
		memcpy(buf + NX_IMAGE_CHECKSUM_AT, &sum, sizeof(sum));
	}
	CHECK((ix = nameix_new()));
	st = nameix_image_parse(ix, buf, len, gen);
	CHECK(st < NX_IMAGE__MAX);
	if (st == NX_IMAGE_OK) {
		CHECK(!nameix_adopt(ix, buf, len, 0, gen));
		use(ix);
	} else {
		CHECK(nameix_count(ix) == 0);
	}
	nameix_free(ix);
	free(buf);
	return 0;
}
