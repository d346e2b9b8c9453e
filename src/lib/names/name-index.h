/* name-index.h - the name index in memory, shared by search.c and match.c
 *
 * Each person's names give keys (nameix_person_keys): every word's skeleton (search.h)
 * tagged with the part it stands in, the group of the given name and the group of the
 * father's name of the patronymic (equiv.h). The table name_index keeps them, a row a
 * person; a process that searches reads them once into an inverted index (nameix_get):
 * key -> persons, group -> persons, and the one-letter deletions of every family
 * skeleton -> skeleton (typos). A query (nameix_search) gathers the persons sharing a
 * key, a group or a near skeleton with its words, keeps the likeliest by a cheap
 * pre-score and ranks those by the best assignment of its words to their names.
 *
 * One thread's: the index keeps its scratch arrays for queries.
 */
#ifndef PARLEY_NAME_INDEX_H
#define PARLEY_NAME_INDEX_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "parley/error.h"
#include "parley/strbuf.h"

struct pl_db;

/* Code points of one skeleton at most; a longer word is cut. */
#define SKEL_CPS 48

struct skel {
	int32_t cp[SKEL_CPS];
	int n;
};

/* search.c: the skeletons of the words of name s (see pl_search_skeleton), one call each */
int search_each_skeleton(const char *s, int (*fn)(void *, const struct skel *), void *ctx,
                         struct pl_error *err);
/* Appends s as UTF-8 at out + *len; 0, or -1 when it does not fit in size. */
int search_skel_encode(const struct skel *s, char *out, size_t size, size_t *len);
double search_jaro_winkler_cps(const int32_t *a, int na, const int32_t *b, int nb);
/* The consonants of skeleton s in out (vowels shift between Ukrainian and Russian
 * spellings: Чорновіл and Черновол are both чрнвл). */
void search_consonants(const struct skel *s, struct skel *out);
/*
 * search.c: the latest date of the evidence on each person ids[i] (of side sides[i]: 1
 * captive, 2 detainee) in out[i], YYYY[-MM[-DD]], as the actor may see it: "" when the
 * person has no dated evidence, and "" without reading it when the actor may not see that
 * person's evidence (person.show; the detainees for a detainee), so that it orders nothing.
 * For ties only. 0 or PL_EDATA.
 */
struct pl_actor;
struct pl_db;
int search_latest_evidence(struct pl_db *db, const struct pl_actor *actor, const long long *ids,
                           const int *sides, size_t n, char (*out)[11], struct pl_error *err);

/* The parts of a key (the first byte of a line of name_index.keys). */
enum nx_part { NX_NONE, NX_FAMILY, NX_GIVEN, NX_PATRONYMIC, NX_OTHER, NX__PARTS };

/*
 * The keys of a person's names, as name_index.keys keeps them, appended to out.
 * Returns 0 or PL_EDATA (invalid UTF-8, out of memory).
 */
int nameix_person_keys(const char *family, const char *given, const char *patronymic,
                       const char *other, struct strbuf *out, struct pl_error *err);
/*
 * The keys of a name written whole, in any order ("Сергей Ковалёв", "Kovalev Sergei
 * Ivanovich"), as nameix_person_keys gives them: its first word that is a given name in
 * the name data (pet forms and Latin spellings too) stands as the given name, its first
 * patronymic as the patronymic, every other word in the family name. For names kept in one
 * field (the negotiation desk's counterparts). 0 or PL_EDATA.
 */
int nameix_name_keys(const char *name, struct strbuf *out, struct pl_error *err);
/* The version of the key rules and of the name data the keys depend on. */
const char *nameix_version(void);

struct nameix;

/* The index of db, read on first use and kept until a write changes it. */
int nameix_get(struct pl_db *db, struct nameix **out, struct pl_error *err);
/* The index for a listing of persons (search, match, dedup): needs person.list, and the
 * index built by the present rules (PL_EDATA, saying how to rebuild it, when not). */
struct pl_actor;
int nameix_for(struct pl_db *db, const struct pl_actor *actor, struct nameix **ix,
               struct pl_error *err);
/*
 * An index of the names e[0..n) (each with id, ref, side and keys from nameix_person_keys
 * or nameix_name_keys; birth_date and unit may be NULL), not of persons: names of other
 * rows that are searched by the same rules (counterparts). *out is the caller's
 * (nameix_free). 0 or PL_EDATA.
 */
struct store_name_entry;
int nameix_build(const struct store_name_entry *e, size_t n, struct nameix **out,
                 struct pl_error *err);
/* Forgets the index kept in db (after a write of the name index). */
void nameix_invalidate(struct pl_db *db);
void nameix_free(struct nameix *ix);

/*
 * --- the image: the index as a file beside the data file (name-index-image.c) ---
 *
 * FILE.nameix for data file FILE, mode 0600, owned as FILE: a header (magic, format,
 * byte order, the layout of nx_sections, nameix_version(), the generation of the table it
 * was built from, every array's offset, length and count) and the arrays, each at an
 * offset of a multiple of 64; a checksum (XXH3, 64 bits) of every byte after it. Written
 * to a temporary file in the same folder, synced, and renamed over the old one, so a
 * reader sees a whole image or none. Derived data: it may be deleted at any time, and a
 * backup does not need it.
 */
#define NX_IMAGE_MAX_SECTIONS 48

/* An array of struct nameix: at offset ptr_off of the struct, elements of size bytes,
 * their count the size_t at count_off plus extra. */
struct nx_section {
	const char *name;
	size_t ptr_off, size, count_off, extra;
};
/* name-index.c: the arrays an image keeps, in its order. */
extern const struct nx_section nx_sections[];
extern const size_t nx_nsections;

static inline void *nx_section_array(const struct nameix *ix, const struct nx_section *s)
{
	void *p;
	memcpy(&p, (const char *)ix + s->ptr_off, sizeof(p));
	return p;
}

/* An empty index for an image to fill (nameix_free). */
struct nameix *nameix_new(void);
/*
 * Whether the arrays of ix hold together: every position within the array it points
 * into, every table of offsets rising to its array's end, every hash table with an empty
 * slot. An image is outside input: nothing of it is used before this says 0 (else -1).
 */
int nameix_check(const struct nameix *ix);
/* ix's arrays point into image (len bytes; nameix_free unmaps it when unmap), built from
 * the table at generation: allocates the query's scratch. 0, or -1 out of memory. */
int nameix_adopt(struct nameix *ix, void *image, size_t len, int unmap, uint64_t generation);

#define NX_IMAGE_SIGNATURE "PLNXIMG"         /* and its NUL: 8 bytes */
#define NX_IMAGE_FORMAT_VERSION 1u           /* of this header and these rules */
#define NX_IMAGE_BYTE_ORDER_MARK 0x01020304u /* as the writer's machine lays it out */

struct nx_image_section {
	uint64_t offset, length, count, size; /* count elements of size bytes */
};

/* The first bytes of an image, in the writer's byte order. */
struct nx_image_header {
	char magic[8];
	uint64_t checksum; /* of every byte after it, to the end of the file */
	uint32_t format, byte_order, header_size, nsections;
	uint64_t layout; /* the arrays, their order and element sizes (nx_sections) */
	uint64_t generation;
	uint64_t file_size;
	char version[64]; /* nameix_version(), NUL-terminated */
	struct nx_image_section section[NX_IMAGE_MAX_SECTIONS];
};
#define NX_IMAGE_CHECKSUM_AT offsetof(struct nx_image_header, checksum)
#define NX_IMAGE_CHECKED_FROM offsetof(struct nx_image_header, format)

/* What nameix_image_parse found. */
enum nx_image_status {
	NX_IMAGE_OK,
	NX_IMAGE_SHORT,      /* shorter than its header, or than the header says */
	NX_IMAGE_MAGIC,      /* not an image */
	NX_IMAGE_FORMAT,     /* another format, byte order or layout of the arrays */
	NX_IMAGE_VERSION,    /* built by other key rules or name data (nameix_version) */
	NX_IMAGE_GENERATION, /* of another generation of the table */
	NX_IMAGE_CHECKSUM,   /* a byte changed */
	NX_IMAGE_SECTIONS,   /* an array out of the file, misaligned, or counts that disagree */
	NX_IMAGE_CONTENT,    /* arrays that do not hold together (nameix_check) */
	NX_IMAGE__MAX
};
/* The 64-bit checksum of an image's bytes (XXH3). */
uint64_t nameix_image_checksum(const void *p, size_t len);
/*
 * Points the arrays of ix (empty, from nameix_new) into the image buf[0..len) (8-byte
 * aligned) when it is whole and of generation; else leaves ix empty. Reads nothing
 * outside buf whatever its bytes.
 */
enum nx_image_status nameix_image_parse(struct nameix *ix, const void *buf, size_t len,
                                        uint64_t generation);
/* The image of data file path, mapped, when it is whole, of generation and owned as path;
 * *out is the caller's (nameix_free). 0, or -1 (none, or not to be used). */
int nameix_image_read(const char *path, uint64_t generation, struct nameix **out);
/* Writes the image of ix for data file path (atomically replacing the old). 0 or -1. */
int nameix_image_write(const char *path, const struct nameix *ix, uint64_t generation);
void nameix_image_unmap(void *image, size_t len);

/* A person of the index, by its position 0..n-1. */
struct nx_person {
	long long id;
	const char *ref;
	int side;                    /* 1 captive, 2 detainee */
	int year, month, day;        /* of birth; 0 not known */
	int given_group, patr_group; /* -1: not known */
	uint32_t unit;               /* 0: none; else for nameix_unit */
	const uint32_t *keys;        /* nkeys entries: key id << 3 | part */
	size_t nkeys;
};
size_t nameix_count(const struct nameix *ix);
/* What blocking looks at, one cache line for a person: nameix_brief(ix)[idx]. */
struct nx_brief {
	int32_t given_group, patr_group;
	uint32_t given_key, patr_key; /* the first word's key; UINT32_MAX: none */
	uint16_t year;
	uint8_t month, day, side;
};
/* Whether skeleton s is an initial (one letter; я ю written иа иу: Yu.) */
int nameix_is_initial(const struct skel *s);
/* Whether initial s agrees with the name of skeleton cp[0..n) (it begins so; latin: s was
 * written in Latin letters, where K. may begin Kh, S. Sh, Z. Zh, T. Ts). */
int nameix_initial_agrees(const struct skel *s, const int32_t *cp, int n, int latin);
/* Whether initial s agrees with a form of group g (patronymic: one of its patronymics), in
 * either language: А. for Олександр (Александр), Н. for Микола (Николай). */
int nameix_group_initial(int g, int patronymic, const struct skel *s, int latin);
const struct nx_brief *nameix_brief(const struct nameix *ix);
void nameix_person(const struct nameix *ix, uint32_t idx, struct nx_person *p);
/* The year, month and day of a date YYYY[-MM[-DD]] (as record.c keeps them); 0 for a
 * part not given or not a number. */
void nameix_parse_date(const char *d, int *y, int *m, int *day);
/* Units are compared folded: letters in lower case, ё as е, digits, one space between
 * words ("3-тя ОШБр" -> "3 тя ошбр"); cut to fit size (NX_UNIT_MAX is enough). */
#define NX_UNIT_MAX 256
void nameix_unit_key(const char *unit, char *out, size_t size);
/* The folded unit of a person (nx_person.unit), NULL for none. */
const char *nameix_unit(const struct nameix *ix, uint32_t unit);
/* The id of a folded unit some person has (nx_person.unit - 1), or -1. */
long nameix_unit_lookup(const struct nameix *ix, const char *key);
/* The skeleton of key id (its code points). */
void nameix_key(const struct nameix *ix, uint32_t key, const int32_t **cp, int *n);
/* The key id of a skeleton, or -1 when no person has it. */
long nameix_lookup(const struct nameix *ix, const struct skel *s);
/*
 * The given-name groups of a word (text as written, NULL when not known, and its
 * skeleton), with the score of the word as a form of each (PL_EQUIV_SCORE_*); at most max.
 * Returns how many. *exact (when not NULL) is 1 when the word is known as written (a
 * Cyrillic form of the data, or a Latin one that a system gives for it): then its groups
 * are those alone, not every group whose names share its skeleton (Ігор, Єгор).
 */
int nameix_word_groups(const char *text, const struct skel *s, int patronymic, int *groups,
                       double *scores, int max, int *exact);
/* How word s compares with the forms of group g (patronymic: its patronymics), in any
 * language or script, pet forms too: NX_NAME_SAME, NX_NAME_CLOSE (one edit from one of
 * them: a typo in Михаил against Михайло), else NX_NAME_OTHER. */
int nameix_group_level(int g, int patronymic, const struct skel *s);
/* How many of a word's groups (their scores from nameix_word_groups) it is a full form of,
 * not a pet form: more than one, and the spelling is two names' (Ygor: Ігор, Єгор). */
int nameix_full_groups(const double *scores, int n);
/* How many persons have given-name group g (patronymic: father's-name group g). */
size_t nameix_group_size(const struct nameix *ix, int g, int patronymic);
/* How many persons have the unit of nx_person.unit u (u > 0). */
size_t nameix_unit_size(struct nameix *ix, uint32_t u);
/* The persons with key: entries idx << 3 | part. */
void nameix_postings(const struct nameix *ix, uint32_t key, const uint32_t **post, size_t *n);
/* How two family-name skeletons compare: the same; close (one edit apart, or the same
 * consonants: vowels shifted between Ukrainian and Russian, Чорновіл, Черновол); similar
 * (consonants one edit apart: a shift and a typo); else other. */
enum { NX_NAME_OTHER, NX_NAME_SIMILAR, NX_NAME_CLOSE, NX_NAME_SAME };
int nameix_family_level(const struct skel *a, const struct skel *b);
/* The family skeletons close or similar to s (not s itself), with their levels
 * (nameix_family_level), at most max; returns how many. */
int nameix_near(const struct nameix *ix, const struct skel *s, uint32_t *keys, int *levels,
                int max);
/* Whether a and b are one edit apart (insertion, deletion, substitution, transposition). */
int nameix_one_edit(const int32_t *a, int na, const int32_t *b, int nb);

struct nx_query {
	const char *text; /* the words of a name, any order, any script */
	int year;         /* leave out persons born another known year; 0: any */
	int side;         /* 0 any, 1 captive, 2 detainee */
	/* born then, as far as known: a tie-breaker among namesakes when candidates are
	   cut to max (matching a list) */
	int by, bm, bd;
	size_t max; /* candidates scored at most */
};

struct nx_hit {
	uint32_t idx;
	double score; /* 0..1, as pl_search's */
	int agreeing; /* where another hit has the same score: pl_search_hit's; else 0 */
};

/*
 * The persons the query may mean, best first (equal scores by agreeing, more first, then
 * by index), in *hits (pl_free it) and *n. PL_EUSAGE when the text has no letters, PL_EDATA for
 * invalid UTF-8 or no memory.
 */
int nameix_search(struct nameix *ix, const struct nx_query *q, struct nx_hit **hits, size_t *n,
                  struct pl_error *err);

#endif
