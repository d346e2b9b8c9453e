/* name-index.c - the name index in memory: keys -> persons, ranked queries */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/equiv.h"
#include "parley/names.h"
#include "parley/search.h"
#include "internal.h"
#include "name-index.h"
#include "banned.h"

/* Weights of the parts of a name in the score. */
static const double part_weight[NX__PARTS] = {
        [NX_FAMILY] = 0.5,
        [NX_GIVEN] = 0.3,
        [NX_PATRONYMIC] = 0.2,
        [NX_OTHER] = 0.4,
};
/* The weight a query word that matches nothing costs. */
#define UNMATCHED_WEIGHT 0.3
/* Below this, a word does not count as matching a part. */
#define MIN_WORD_SIMILARITY 0.05
/* What an initial of the query that agrees with a given name or patronymic counts for:
 * more than nothing (it tells namesakes apart), less than the name written out. */
#define INITIAL_SIMILARITY 0.5
/* What a word counts for against a name of the data that is not the word's own, though
 * the two share a skeleton (Игорь, Єгор): another name, however alike. */
#define DISTINCT_SIMILARITY 0.3
/* What a word one letter from a form of a person's name counts for (the same name is 1). */
#define TYPO_SIMILARITY 0.7
/* Name words of one person taken into account at most. */
#define MAX_SLOTS 12
/* Groups of one query word at most. */
#define MAX_GROUPS 8
/* Skeletons one edit from a query word taken at most. */
#define MAX_NEAR 64

static uint64_t hash_cps(const int32_t *cp, int n)
{
	uint64_t h = 1469598103934665603ull;
	for (int i = 0; i < n; i++) {
		h ^= (uint32_t)cp[i];
		h *= 1099511628211ull;
	}
	h ^= h >> 29;
	return h ? h : 1;
}

static size_t pow2_at_least(size_t n)
{
	size_t c = 16;
	while (c < n)
		c <<= 1;
	return c;
}

/* --- the forms of every given name and patronymic, by skeleton --- */

/*
 * Latin lists write Николай as NIKOLAI, Миколайович as MYKOLAIOVYCH: their skeletons
 * are those of the Cyrillic forms, so a table skeleton -> group finds the group of a
 * name in any script. Built once from the compiled-in data (equiv.h).
 */
struct form {
	uint64_t h; /* 0: empty slot */
	int group;
	int patronymic;
	double score; /* as the PL_EQUIV_SCORE_ it is, compared with them */
};

/* The skeletons of one group's forms, for a typo against any of them (Михаил, MIHAIL). */
struct group_skel {
	uint32_t off; /* into forms.cps */
	uint8_t n, patronymic;
};

static struct {
	struct form *t;
	size_t cap;
	int built;
	struct group_skel *sk; /* by group: sk[first[g]..first[g + 1]) */
	size_t nsk, sk_cap;
	int32_t *cps;
	size_t ncps, cps_cap;
	uint32_t *first;
	size_t ngroups;
} forms;

struct form_ctx {
	int group, patronymic;
	double score;
};

/* Keeps skeleton s of the group being built (forms_build adds groups in order). */
static int group_skel_add(const struct skel *s, int patronymic)
{
	if (forms.nsk == forms.sk_cap) {
		size_t c = forms.sk_cap ? forms.sk_cap * 2 : 1024;
		void *p = pl_realloc(forms.sk, c * sizeof(*forms.sk));
		if (!p)
			return -1;
		forms.sk = p;
		forms.sk_cap = c;
	}
	if (forms.ncps + (size_t)s->n > forms.cps_cap) {
		size_t c = forms.cps_cap ? forms.cps_cap * 2 : 8192;
		void *p;
		while (c < forms.ncps + (size_t)s->n)
			c *= 2;
		if (!(p = pl_realloc(forms.cps, c * sizeof(*forms.cps))))
			return -1;
		forms.cps = p;
		forms.cps_cap = c;
	}
	memcpy(forms.cps + forms.ncps, s->cp, (size_t)s->n * sizeof(*s->cp));
	forms.sk[forms.nsk++] =
	        (struct group_skel){(uint32_t)forms.ncps, (uint8_t)s->n, (uint8_t) !!patronymic};
	forms.ncps += (size_t)s->n;
	return 0;
}

static void form_put(uint64_t h, int group, double score, int patronymic)
{
	size_t m = forms.cap - 1, i = h & m;
	for (; forms.t[i].h; i = (i + 1) & m)
		if (forms.t[i].h == h && forms.t[i].group == group &&
		    forms.t[i].patronymic == patronymic) {
			if (score > forms.t[i].score)
				forms.t[i].score = score;
			return;
		}
	forms.t[i] = (struct form){h, group, patronymic, score};
}

static int form_word(void *ctx, const struct skel *s)
{
	struct form_ctx *c = ctx;
	form_put(hash_cps(s->cp, s->n), c->group, c->score, c->patronymic);
	if (group_skel_add(s, c->patronymic))
		return PL_EDATA;
	return 0;
}

/*
 * A Latin word as written, for the table of exact forms: lower case, hashed apart from
 * the skeletons. 0 when it is not one Latin word (then only its skeleton says anything).
 */
#define LATIN_SALT 0xD6E8FEB86659FD93ull
static uint64_t latin_hash(const char *w)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)w;
	uint64_t h = 1469598103934665603ull;
	int letters = 0;
	while (*p) {
		utf8proc_int32_t c;
		utf8proc_ssize_t m = utf8proc_iterate(p, -1, &c);
		if (m <= 0)
			return 0;
		c = utf8proc_tolower(c);
		if (c == ' ' || c == '-' || c == '.' || c == ',')
			return 0;
		if (c >= 0x400 && c <= 0x4FF)
			return 0; /* Cyrillic: pl_equiv knows it letter for letter */
		letters += utf8proc_category(c) <= UTF8PROC_CATEGORY_LO;
		h ^= (uint32_t)c;
		h *= 1099511628211ull;
		p += m;
	}
	h ^= LATIN_SALT;
	return letters && h ? h : 0;
}

/* Every Latin spelling of Cyrillic form v that the four systems give, as lang writes it. */
static int latin_forms_add(const char *v, int lang, int group, double score, int patronymic,
                           struct pl_error *err)
{
	for (int sys = 0; sys < PL_TRANSLIT__MAX; sys++) {
		char *l = NULL;
		uint64_t h;
		int rc = pl_translit_lang(v, lang, (enum pl_translit_system)sys, &l, err);
		if (rc)
			return rc;
		if ((h = latin_hash(l)))
			form_put(h, group, score, patronymic);
		pl_free(l);
	}
	return 0;
}

static int forms_add(const char *const *v, size_t n, int group, double score, int patronymic,
                     int lang, struct pl_error *err)
{
	for (size_t i = 0; i < n; i++) {
		struct form_ctx c = {group, patronymic, score};
		uint64_t h;
		int rc = search_each_skeleton(v[i], form_word, &c, err);
		if (!rc && lang != PL_LANG_UNKNOWN)
			rc = latin_forms_add(v[i], lang, group, score, patronymic, err);
		else if (!rc && (h = latin_hash(v[i])))
			form_put(h, group, score, patronymic);
		if (rc)
			return rc;
	}
	return 0;
}

static int forms_build(struct pl_error *err)
{
	size_t ng = 0, total = 0;
	int rc;
	if (forms.built)
		return 0;
	if ((rc = pl_equiv_init(err)) || (rc = pl_equiv_group_count(&ng)))
		return rc ? rc : pl_error_set(err, PL_EDATA, "name data: not loaded");
	for (size_t g = 0; g < ng; g++) {
		const struct pl_equiv_group *gr = pl_equiv_group((int)g);
		if (!gr)
			return pl_error_set(err, PL_EDATA, "name data: not loaded");
		total += gr->forms_n + gr->patr_uk_n[0] + gr->patr_uk_n[1] + gr->patr_ru_n[0] +
		         gr->patr_ru_n[1];
	}
	forms.cap = pow2_at_least(total * (1 + PL_TRANSLIT__MAX) * 2);
	if (!(forms.t = pl_calloc(forms.cap, sizeof(*forms.t))) ||
	    !(forms.first = pl_calloc(ng + 1, sizeof(*forms.first)))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto fail;
	}
	for (size_t g = 0; g < ng; g++) {
		const struct pl_equiv_group *gr = pl_equiv_group((int)g);
		int id = (int)g;
		forms.first[g] = (uint32_t)forms.nsk;
		if ((rc = forms_add(gr->uk, gr->uk_n, id, PL_EQUIV_SCORE_FULL, 0, PL_LANG_UK,
		                    err)) ||
		    (rc = forms_add(gr->ru, gr->ru_n, id, PL_EQUIV_SCORE_FULL, 0, PL_LANG_RU,
		                    err)) ||
		    (rc = forms_add(gr->other, gr->other_n, id, PL_EQUIV_SCORE_FULL, 0,
		                    PL_LANG_UNKNOWN, err)) ||
		    (rc = forms_add(gr->diminutives, gr->diminutives_n, id,
		                    PL_EQUIV_SCORE_DIMINUTIVE, 0, PL_LANG_UNKNOWN, err)))
			goto fail;
		for (int sex = 0; sex < 2; sex++)
			if ((rc = forms_add(gr->patr_uk[sex], gr->patr_uk_n[sex], id,
			                    PL_EQUIV_SCORE_FULL, 1 + sex, PL_LANG_UK, err)) ||
			    (rc = forms_add(gr->patr_ru[sex], gr->patr_ru_n[sex], id,
			                    PL_EQUIV_SCORE_FULL, 1 + sex, PL_LANG_RU, err)))
				goto fail;
	}
	forms.first[ng] = (uint32_t)forms.nsk;
	forms.ngroups = ng;
	forms.built = 1;
	return 0;
fail:
	if (rc == PL_EDATA && err && !err->msg[0])
		pl_error_set(err, PL_EDATA, "out of memory");
	pl_free(forms.t);
	pl_free(forms.sk);
	pl_free(forms.cps);
	pl_free(forms.first);
	memset(&forms, 0, sizeof(forms));
	return rc;
}

int nameix_full_groups(const double *scores, int n)
{
	int k = 0;
	for (int i = 0; i < n; i++)
		k += scores[i] >= PL_EQUIV_SCORE_FULL;
	return k;
}

int nameix_group_level(int g, int patronymic, const struct skel *s)
{
	int best = NX_NAME_OTHER;
	if ((!forms.built && forms_build(NULL)) || g < 0 || (size_t)g >= forms.ngroups)
		return best;
	for (uint32_t i = forms.first[g]; i < forms.first[g + 1]; i++) {
		const struct group_skel *k = &forms.sk[i];
		const int32_t *cp = forms.cps + k->off;
		if (k->patronymic != !!patronymic)
			continue;
		if (k->n == s->n && !memcmp(cp, s->cp, (size_t)s->n * sizeof(*cp)))
			return NX_NAME_SAME;
		if (nameix_one_edit(s->cp, s->n, cp, k->n))
			best = NX_NAME_CLOSE;
	}
	return best;
}

/* Adds the groups of the table's entries of hash h (patronymic or not) to groups[0..n);
 * only_known: raise the scores of groups already there, add none. Returns the new n. */
static int groups_of(uint64_t h, int patronymic, int only_known, int *groups, double *scores, int n,
                     int max)
{
	size_t m = forms.cap - 1;
	for (size_t i = h & m; forms.t[i].h; i = (i + 1) & m) {
		int k;
		if (forms.t[i].h != h || !forms.t[i].patronymic != !patronymic)
			continue;
		for (k = 0; k < n && groups[k] != forms.t[i].group; k++)
			;
		if (k < n) {
			if (forms.t[i].score > scores[k])
				scores[k] = forms.t[i].score;
		} else if (!only_known && n < max) {
			groups[n] = forms.t[i].group;
			scores[n++] = forms.t[i].score;
		}
	}
	return n;
}

int nameix_word_groups(const char *text, const struct skel *s, int patronymic, int *groups,
                       double *scores, int max, int *exact)
{
	int n = 0, cyr = text && pl_name_script(text) == PL_SCRIPT_CYRILLIC;
	uint64_t h;
	if (exact)
		*exact = 0;
	if (!forms.built && forms_build(NULL))
		return 0;
	/* Cyrillic spellings the data knows letter for letter (Мыкола, Сергий) */
	if (cyr && !patronymic) {
		const int *g;
		size_t ng;
		if (!pl_equiv_given_groups(text, &g, &ng))
			for (size_t i = 0; i < ng && n < max; i++) {
				double sc = 0;
				const struct pl_equiv_group *gr = pl_equiv_group(g[i]);
				if (!gr || pl_equiv_given_score(text, gr->name, &sc) || sc <= 0)
					sc = PL_EQUIV_SCORE_DIMINUTIVE;
				groups[n] = g[i];
				scores[n++] = sc > PL_EQUIV_SCORE_FULL ? PL_EQUIV_SCORE_FULL : sc;
			}
	} else if (cyr) {
		int g;
		if (!pl_equiv_patronymic_group(text, &g, NULL) && n < max) {
			groups[n] = g;
			scores[n++] = PL_EQUIV_SCORE_FULL;
		}
	} else if (text && (h = latin_hash(text))) {
		/* a Latin spelling one of the systems gives (IHOR is Ігор's, YEHOR Єгор's) */
		n = groups_of(h, patronymic, 0, groups, scores, n, max);
	}
	/*
	 * The skeleton: Latin spellings of no system (Serhiy, Mykolai). Where the word is
	 * known as written, the skeleton only confirms: two names that share a skeleton
	 * (Ігор and Єгор are both игор) are not made one by it.
	 */
	if (exact)
		*exact = n > 0;
	return groups_of(hash_cps(s->cp, s->n), patronymic, n > 0, groups, scores, n, max);
}

/* --- the keys of a person --- */

struct keys_ctx {
	struct strbuf *out;
	int part;
	int nwords;
	struct skel first; /* the field's first word, for its group */
};

static int keys_word(void *ctx, const struct skel *s)
{
	struct keys_ctx *k = ctx;
	char key[PL_SEARCH_KEY_MAX];
	size_t len = 0;
	if (search_skel_encode(s, key, sizeof(key), &len))
		return 0;
	if (!k->nwords++)
		k->first = *s;
	strbuf_addch(k->out, (char)('0' + k->part));
	strbuf_add(k->out, key, len);
	strbuf_addch(k->out, '\n');
	return 0;
}

static int keys_field(struct keys_ctx *k, int part, const char *v, struct pl_error *err)
{
	int rc;
	if (!v || !*v)
		return 0;
	k->part = part;
	k->nwords = 0;
	if ((rc = search_each_skeleton(v, keys_word, k, err)))
		return rc;
	if ((part == NX_GIVEN || part == NX_PATRONYMIC) && k->nwords) {
		int patr = part == NX_PATRONYMIC, g = -1, groups[MAX_GROUPS];
		double scores[MAX_GROUPS];
		if (!patr)
			g = pl_equiv_given_group(v);
		else if (pl_equiv_patronymic_group(v, &g, NULL))
			g = -1;
		if (g < 0) {
			/* a Latin spelling: the full form whose skeleton it shares */
			int n = nameix_word_groups(v, &k->first, patr, groups, scores, MAX_GROUPS,
			                           NULL);
			double best = 0;
			for (int i = 0; i < n; i++)
				if (scores[i] > best) {
					best = scores[i];
					g = groups[i];
				}
		}
		if (g >= 0)
			strbuf_addf(k->out, "%c%d\n", patr ? 'p' : 'g', g);
	}
	return 0;
}

int nameix_person_keys(const char *family, const char *given, const char *patronymic,
                       const char *other, struct strbuf *out, struct pl_error *err)
{
	struct keys_ctx k = {out, 0, 0, {.n = 0}};
	int rc;
	if ((rc = forms_build(err)))
		return rc;
	if ((rc = keys_field(&k, NX_FAMILY, family, err)) ||
	    (rc = keys_field(&k, NX_GIVEN, given, err)) ||
	    (rc = keys_field(&k, NX_PATRONYMIC, patronymic, err)) ||
	    (rc = keys_field(&k, NX_OTHER, other, err)))
		return rc;
	return out->failed ? pl_error_set(err, PL_EDATA, "out of memory") : 0;
}

/* The skeleton of a word of a name that is one word (none for "Римський-Корсаков"). */
#define SKEL_SECOND_WORD (-1)
static int one_skel(void *ctx, const struct skel *s)
{
	struct skel *out = ctx;
	if (out->n)
		return SKEL_SECOND_WORD;
	*out = *s;
	return 0;
}

/* What a word of a name written whole is, in *part: a given name, a patronymic, else a
 * family name. */
static int word_part(const char *w, int *part, struct pl_error *err)
{
	struct skel sk = {.n = 0};
	int groups[MAX_GROUPS];
	double scores[MAX_GROUPS];
	int rc = search_each_skeleton(w, one_skel, &sk, err);
	*part = NX_FAMILY;
	if (rc == SKEL_SECOND_WORD || !sk.n)
		return 0;
	if (rc)
		return rc;
	if (nameix_word_groups(w, &sk, 0, groups, scores, MAX_GROUPS, NULL) > 0)
		*part = NX_GIVEN;
	else if (nameix_word_groups(w, &sk, 1, groups, scores, MAX_GROUPS, NULL) > 0)
		*part = NX_PATRONYMIC;
	return 0;
}

int nameix_name_keys(const char *name, struct strbuf *out, struct pl_error *err)
{
	struct strbuf family = STRBUF_INIT;
	char given[PL_SEARCH_KEY_MAX] = "", patr[PL_SEARCH_KEY_MAX] = "";
	const char *p = name;
	int rc;
	if ((rc = forms_build(err)))
		return rc;
	while (*p) {
		char w[PL_SEARCH_KEY_MAX];
		size_t len = strcspn(p, " \t\n,;");
		int part;
		if (!len) {
			p++;
			continue;
		}
		snprintf(w, sizeof(w), "%.*s", (int)(len < sizeof(w) ? len : sizeof(w) - 1), p);
		p += len;
		if ((rc = word_part(w, &part, err)))
			goto out;
		if (part == NX_GIVEN && !given[0])
			snprintf(given, sizeof(given), "%s", w);
		else if (part == NX_PATRONYMIC && !patr[0])
			snprintf(patr, sizeof(patr), "%s", w);
		else
			strbuf_addf(&family, "%s%s", family.len ? " " : "", w);
	}
	if (family.failed) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	rc = nameix_person_keys(strbuf_str(&family), given, patr, NULL, out, err);
out:
	strbuf_release(&family);
	return rc;
}

const char *nameix_version(void)
{
	static char v[48];
	if (!v[0])
		snprintf(v, sizeof(v), "%d:%s", PL_SEARCH_KEY_VERSION, pl_equiv_data_version());
	return v;
}

/* --- the index --- */

struct near {
	uint64_t h; /* 0: empty */
	uint32_t key;
};

/* Every array here is either kept in the image (a line of nx_sections, below) or the
 * scratch of a query (freed by nameix_free): a mapped index has no other. */
struct nameix {
	/* persons */
	size_t n, cap;
	long long *id;
	uint32_t *ref_off;
	uint8_t *side;
	uint16_t *year;
	uint8_t *month, *day;
	int32_t *ggroup, *pgroup;
	uint32_t *unit;    /* 0: none, else a unit id + 1 */
	uint32_t *ent_off; /* n + 1 */
	uint32_t *ent;     /* key << 3 | part */
	size_t nent, ent_cap;
	char *refs;
	size_t refs_len, refs_cap;

	/* units, folded (nameix_unit_key), each once */
	char *units;
	size_t units_len, units_cap;
	uint32_t *unit_off;
	size_t nunits, unit_off_cap;
	uint32_t *unit_slots;
	size_t nunit_slots;
	uint32_t *unit_count; /* persons by unit id + 1, counted on first use */

	/* keys: skeletons */
	size_t nkeys, keys_cap;
	uint32_t *key_off; /* into cps; nkeys + 1 */
	int32_t *cps;
	size_t ncps, cps_cap;
	uint32_t *slots; /* hash table of key ids + 1 */
	size_t nslots;
	uint8_t *key_family; /* 1: the key stands in a family name or other names */

	/* postings: key -> persons (idx << 3 | part); groups -> persons */
	uint32_t *post_off, *post;
	size_t ngroups;
	uint32_t *gpost_off, *gpost, *ppost_off, *ppost;
	size_t ngpost, nppost; /* gpost_off[ngroups], ppost_off[ngroups] */

	/* one-letter deletions of family skeletons -> skeleton */
	struct near *near;
	size_t nnear;

	struct nx_brief *brief;

	/* the generation of the table the index was built from (store_name_index_generation);
	 * generation_known 0: none, the index is not kept */
	uint64_t generation;
	int generation_known;
	/* the arrays above point into an image of image_len bytes (name-index-image.c) when
	 * image is not NULL, unmapped by nameix_free when image_unmap; else they are owned */
	void *image;
	size_t image_len;
	int image_unmap;

	/* scratch of one query, owned either way */
	float *acc;
	uint32_t *qgen;
	uint8_t *mask; /* the query words that counted for a person */
	uint32_t qcount;
	uint32_t *touched;
	size_t ntouched, touched_cap;
	int oom; /* a candidate could not be kept */
};

#define GROW(ptr, cap, need, what)                                                                 \
	do {                                                                                       \
		if ((need) > (cap)) {                                                              \
			size_t c_ = (cap) ? (cap)*2 : 1024;                                        \
			void *p_;                                                                  \
			while (c_ < (need))                                                        \
				c_ *= 2;                                                           \
			if (!(p_ = pl_realloc((ptr), c_ * sizeof(*(ptr)))))                        \
				return what;                                                       \
			(ptr) = p_;                                                                \
			(cap) = c_;                                                                \
		}                                                                                  \
	} while (0)

/*
 * The arrays of the index, as an image keeps them: each with the count of its elements
 * (the field, plus one for a table of offsets). An array added to struct nameix is a line
 * here, and an image written before it is no longer read (its layout differs); an array
 * of positions in another needs its bounds in nameix_check too.
 */
/* clang-format off */
#define NX_SECTION(array, count, plus)                                                             \
	{#array, offsetof(struct nameix, array), sizeof(((struct nameix *)0)->array[0]),           \
	 offsetof(struct nameix, count), plus}
/* clang-format on */
const struct nx_section nx_sections[] = {
        NX_SECTION(id, n, 0),
        NX_SECTION(ref_off, n, 0),
        NX_SECTION(side, n, 0),
        NX_SECTION(year, n, 0),
        NX_SECTION(month, n, 0),
        NX_SECTION(day, n, 0),
        NX_SECTION(ggroup, n, 0),
        NX_SECTION(pgroup, n, 0),
        NX_SECTION(unit, n, 0),
        NX_SECTION(ent_off, n, 1),
        NX_SECTION(ent, nent, 0),
        NX_SECTION(refs, refs_len, 0),
        NX_SECTION(units, units_len, 0),
        NX_SECTION(unit_off, nunits, 0),
        NX_SECTION(unit_slots, nunit_slots, 0),
        NX_SECTION(key_off, nkeys, 1),
        NX_SECTION(cps, ncps, 0),
        NX_SECTION(slots, nslots, 0),
        NX_SECTION(key_family, nkeys, 0),
        NX_SECTION(post_off, nkeys, 1),
        NX_SECTION(post, nent, 0),
        NX_SECTION(gpost_off, ngroups, 1),
        NX_SECTION(gpost, ngpost, 0),
        NX_SECTION(ppost_off, ngroups, 1),
        NX_SECTION(ppost, nppost, 0),
        NX_SECTION(near, nnear, 0),
        NX_SECTION(brief, n, 0),
};
#undef NX_SECTION
const size_t nx_nsections = sizeof(nx_sections) / sizeof(nx_sections[0]);
_Static_assert(sizeof(nx_sections) / sizeof(nx_sections[0]) <= NX_IMAGE_MAX_SECTIONS,
               "an image header has room for every array");

struct nameix *nameix_new(void)
{
	return pl_calloc(1, sizeof(struct nameix));
}

/* The query's scratch arrays, for n persons. */
static int scratch_alloc(struct nameix *ix)
{
	return (ix->acc = pl_malloc((ix->n + 1) * sizeof(float))) &&
	                       (ix->qgen = pl_calloc(ix->n + 1, sizeof(uint32_t))) &&
	                       (ix->mask = pl_calloc(ix->n + 1, 1))
	               ? 0
	               : -1;
}

int nameix_adopt(struct nameix *ix, void *image, size_t len, int unmap, uint64_t generation)
{
	ix->image = image;
	ix->image_len = len;
	ix->image_unmap = unmap;
	ix->generation = generation;
	ix->generation_known = 1;
	return scratch_alloc(ix);
}

void nameix_free(struct nameix *ix)
{
	if (!ix)
		return;
	if (ix->image) {
		if (ix->image_unmap)
			nameix_image_unmap(ix->image, ix->image_len);
	} else {
		for (size_t i = 0; i < nx_nsections; i++)
			pl_free(nx_section_array(ix, &nx_sections[i]));
	}
	pl_free(ix->unit_count);
	pl_free(ix->acc);
	pl_free(ix->qgen);
	pl_free(ix->mask);
	pl_free(ix->touched);
	pl_free(ix);
}

/* Whether the nslots slots of t (0: none) can be probed: a power of two with an empty
 * slot (else a lookup never ends), each else a position of 0..max-1 plus one. */
static int slots_ok(const uint32_t *t, size_t nslots, size_t max)
{
	int empty = 0;
	if (!nslots)
		return 1;
	if (nslots & (nslots - 1))
		return 0;
	for (size_t i = 0; i < nslots; i++) {
		if (t[i] > max)
			return 0;
		empty |= !t[i];
	}
	return empty;
}

/* Whether off[0..n] rises from 0 to end. */
static int offsets_ok(const uint32_t *off, size_t n, size_t end)
{
	if (off[0] || off[n] != end)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (off[i] > off[i + 1])
			return 0;
	return 1;
}

/* Whether a group id is -1 (none) or one of the index's. */
#define GROUP_OK(ix, g) ((g) >= -1 && (g) < (long long)(ix)->ngroups)

/* The keys of person i's first given name and first patronymic word; UINT32_MAX: none. */
static void first_keys(const struct nameix *ix, size_t i, uint32_t *given, uint32_t *patr)
{
	*given = *patr = UINT32_MAX;
	for (uint32_t x = ix->ent_off[i + 1]; x-- > ix->ent_off[i];) {
		if ((ix->ent[x] & 7) == NX_GIVEN)
			*given = ix->ent[x] >> 3;
		else if ((ix->ent[x] & 7) == NX_PATRONYMIC)
			*patr = ix->ent[x] >> 3;
	}
}

int nameix_check(const struct nameix *ix)
{
	/* positions are kept in 32 bits, persons with 3 bits of part */
	if (ix->n > (UINT32_MAX >> 3) || ix->nkeys > (UINT32_MAX >> 3) || ix->nent > UINT32_MAX ||
	    ix->ncps > UINT32_MAX || ix->refs_len > UINT32_MAX || ix->units_len > UINT32_MAX ||
	    ix->nunits > UINT32_MAX - 1 || ix->ngpost > ix->n || ix->nppost > ix->n)
		return -1;
	/* persons */
	if (!offsets_ok(ix->ent_off, ix->n, ix->nent) ||
	    (ix->n && (!ix->refs_len || ix->refs[ix->refs_len - 1])))
		return -1;
	for (size_t i = 0; i < ix->n; i++) {
		const struct nx_brief *b = &ix->brief[i];
		if (ix->ref_off[i] >= ix->refs_len || (ix->side[i] != 1 && ix->side[i] != 2) ||
		    ix->year[i] > 9999 || ix->month[i] > 12 || ix->day[i] > 31 ||
		    !GROUP_OK(ix, ix->ggroup[i]) || !GROUP_OK(ix, ix->pgroup[i]) ||
		    ix->unit[i] > ix->nunits || b->given_group != ix->ggroup[i] ||
		    b->patr_group != ix->pgroup[i] || b->year != ix->year[i] ||
		    b->month != ix->month[i] || b->day != ix->day[i] || b->side != ix->side[i] ||
		    (b->given_key != UINT32_MAX && b->given_key >= ix->nkeys) ||
		    (b->patr_key != UINT32_MAX && b->patr_key >= ix->nkeys))
			return -1;
	}
	/* the brief's keys: the first given name's and patronymic's of the person's entries */
	for (size_t i = 0; i < ix->n; i++) {
		uint32_t gk, pk;
		first_keys(ix, i, &gk, &pk);
		if (ix->brief[i].given_key != gk || ix->brief[i].patr_key != pk)
			return -1;
	}
	for (size_t e = 0; e < ix->nent; e++)
		if ((ix->ent[e] >> 3) >= ix->nkeys || (ix->ent[e] & 7) < NX_FAMILY ||
		    (ix->ent[e] & 7) >= NX__PARTS)
			return -1;
	/* units: strings ended within their array */
	if (ix->nunits && (!ix->units_len || ix->units[ix->units_len - 1]))
		return -1;
	for (size_t u = 0; u < ix->nunits; u++)
		if (ix->unit_off[u] >= ix->units_len)
			return -1;
	if (!slots_ok(ix->unit_slots, ix->nunit_slots, ix->nunits))
		return -1;
	/* keys: skeletons of 1..SKEL_CPS code points */
	if (ix->key_off[0] || ix->key_off[ix->nkeys] != ix->ncps)
		return -1;
	for (size_t k = 0; k < ix->nkeys; k++)
		if (ix->key_off[k + 1] <= ix->key_off[k] ||
		    ix->key_off[k + 1] - ix->key_off[k] > SKEL_CPS)
			return -1;
	for (size_t c = 0; c < ix->ncps; c++)
		if (ix->cps[c] < 0 || ix->cps[c] > 0x10FFFF)
			return -1;
	if (!slots_ok(ix->slots, ix->nslots, ix->nkeys))
		return -1;
	/* postings */
	if (!offsets_ok(ix->post_off, ix->nkeys, ix->nent) ||
	    !offsets_ok(ix->gpost_off, ix->ngroups, ix->ngpost) ||
	    !offsets_ok(ix->ppost_off, ix->ngroups, ix->nppost))
		return -1;
	for (size_t e = 0; e < ix->nent; e++)
		if ((ix->post[e] >> 3) >= ix->n || (ix->post[e] & 7) < NX_FAMILY ||
		    (ix->post[e] & 7) >= NX__PARTS)
			return -1;
	for (size_t e = 0; e < ix->ngpost; e++)
		if (ix->gpost[e] >= ix->n)
			return -1;
	for (size_t e = 0; e < ix->nppost; e++)
		if (ix->ppost[e] >= ix->n)
			return -1;
	/* near skeletons: a table to probe, of keys */
	if (ix->nnear) {
		int empty = 0;
		if (ix->nnear & (ix->nnear - 1))
			return -1;
		for (size_t i = 0; i < ix->nnear; i++) {
			if (ix->near[i].h && ix->near[i].key >= ix->nkeys)
				return -1;
			empty |= !ix->near[i].h;
		}
		if (!empty)
			return -1;
	}
	return 0;
}
#undef GROUP_OK

static int same_key(const struct nameix *ix, uint32_t k, const int32_t *cp, int n)
{
	uint32_t a = ix->key_off[k], b = ix->key_off[k + 1];
	return (int)(b - a) == n && !memcmp(ix->cps + a, cp, (size_t)n * sizeof(*cp));
}

long nameix_lookup(const struct nameix *ix, const struct skel *s)
{
	size_t m = ix->nslots - 1;
	if (!ix->nslots)
		return -1;
	for (size_t i = hash_cps(s->cp, s->n) & m; ix->slots[i]; i = (i + 1) & m)
		if (same_key(ix, ix->slots[i] - 1, s->cp, s->n))
			return (long)(ix->slots[i] - 1);
	return -1;
}

static int rehash(struct nameix *ix, size_t nslots)
{
	uint32_t *t = pl_calloc(nslots, sizeof(*t));
	if (!t)
		return -1;
	for (size_t k = 0; k < ix->nkeys; k++) {
		uint32_t a = ix->key_off[k];
		size_t i = hash_cps(ix->cps + a, (int)(ix->key_off[k + 1] - a)) & (nslots - 1);
		while (t[i])
			i = (i + 1) & (nslots - 1);
		t[i] = (uint32_t)k + 1;
	}
	pl_free(ix->slots);
	ix->slots = t;
	ix->nslots = nslots;
	return 0;
}

/* The id of skeleton cp[0..n), added when new; -1 when out of memory. */
static long intern(struct nameix *ix, const int32_t *cp, int n)
{
	struct skel s;
	long k;
	s.n = n > SKEL_CPS ? SKEL_CPS : n;
	memcpy(s.cp, cp, (size_t)s.n * sizeof(*cp));
	if ((k = nameix_lookup(ix, &s)) >= 0)
		return k;
	if ((ix->nkeys + 1) * 2 > ix->nslots && rehash(ix, pow2_at_least((ix->nkeys + 1) * 4)))
		return -1;
	GROW(ix->key_off, ix->keys_cap, ix->nkeys + 2, -1);
	GROW(ix->cps, ix->cps_cap, ix->ncps + (size_t)s.n, -1);
	if (!ix->nkeys)
		ix->key_off[0] = 0;
	memcpy(ix->cps + ix->ncps, s.cp, (size_t)s.n * sizeof(*cp));
	ix->ncps += (size_t)s.n;
	ix->key_off[ix->nkeys + 1] = (uint32_t)ix->ncps;
	{
		size_t m = ix->nslots - 1, i = hash_cps(s.cp, s.n) & m;
		while (ix->slots[i])
			i = (i + 1) & m;
		ix->slots[i] = (uint32_t)ix->nkeys + 1;
	}
	return (long)ix->nkeys++;
}

void nameix_key(const struct nameix *ix, uint32_t key, const int32_t **cp, int *n)
{
	*cp = ix->cps + ix->key_off[key];
	*n = (int)(ix->key_off[key + 1] - ix->key_off[key]);
}

const struct nx_brief *nameix_brief(const struct nameix *ix)
{
	return ix->brief;
}

size_t nameix_count(const struct nameix *ix)
{
	return ix->n;
}

void nameix_person(const struct nameix *ix, uint32_t idx, struct nx_person *p)
{
	p->id = ix->id[idx];
	p->ref = ix->refs + ix->ref_off[idx];
	p->side = ix->side[idx];
	p->year = ix->year[idx];
	p->month = ix->month[idx];
	p->day = ix->day[idx];
	p->given_group = ix->ggroup[idx];
	p->patr_group = ix->pgroup[idx];
	p->unit = ix->unit[idx];
	p->keys = ix->ent + ix->ent_off[idx];
	p->nkeys = ix->ent_off[idx + 1] - ix->ent_off[idx];
}

/* The number of the n digits at s; -1 when one is not a digit. */
static int digits(const char *s, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* YYYY, YYYY-MM, YYYY-MM-DD as validated by record.c; 0 for what is not known. */
void nameix_parse_date(const char *d, int *y, int *m, int *day)
{
	size_t len = d ? strlen(d) : 0;
	*y = *m = *day = 0;
	if (len < 4 || (*y = digits(d, 4)) < 0) {
		*y = 0;
		return;
	}
	if (len >= 7 && d[4] == '-' && (*m = digits(d + 5, 2)) < 0)
		*m = 0;
	if (len >= 10 && d[7] == '-' && (*day = digits(d + 8, 2)) < 0)
		*day = 0;
}

static int decode_key(const char *s, size_t len, int32_t *cp, int cap)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	int n = 0;
	while (len && n < cap) {
		utf8proc_int32_t c;
		utf8proc_ssize_t m = utf8proc_iterate(p, (utf8proc_ssize_t)len, &c);
		if (m <= 0)
			return -1;
		cp[n++] = c;
		p += m;
		len -= (size_t)m;
	}
	return n;
}

static uint64_t hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ull;
	}
	return h;
}

static int unit_rehash(struct nameix *ix, size_t nslots)
{
	uint32_t *t = pl_calloc(nslots, sizeof(*t));
	if (!t)
		return -1;
	for (size_t u = 0; u < ix->nunits; u++) {
		size_t i = hash_str(ix->units + ix->unit_off[u]) & (nslots - 1);
		while (t[i])
			i = (i + 1) & (nslots - 1);
		t[i] = (uint32_t)u + 1;
	}
	pl_free(ix->unit_slots);
	ix->unit_slots = t;
	ix->nunit_slots = nslots;
	return 0;
}

long nameix_unit_lookup(const struct nameix *ix, const char *key)
{
	size_t m = ix->nunit_slots - 1;
	if (!ix->nunit_slots)
		return -1;
	for (size_t i = hash_str(key) & m; ix->unit_slots[i]; i = (i + 1) & m)
		if (!strcmp(ix->units + ix->unit_off[ix->unit_slots[i] - 1], key))
			return (long)ix->unit_slots[i] - 1;
	return -1;
}

static long unit_intern(struct nameix *ix, const char *key)
{
	size_t len = strlen(key) + 1;
	long u = nameix_unit_lookup(ix, key);
	if (u >= 0)
		return u;
	if ((ix->nunits + 1) * 2 > ix->nunit_slots &&
	    unit_rehash(ix, pow2_at_least((ix->nunits + 1) * 4)))
		return -1;
	GROW(ix->unit_off, ix->unit_off_cap, ix->nunits + 1, -1);
	GROW(ix->units, ix->units_cap, ix->units_len + len, -1);
	memcpy(ix->units + ix->units_len, key, len);
	ix->unit_off[ix->nunits] = (uint32_t)ix->units_len;
	ix->units_len += len;
	{
		size_t m = ix->nunit_slots - 1, i = hash_str(key) & m;
		while (ix->unit_slots[i])
			i = (i + 1) & m;
		ix->unit_slots[i] = (uint32_t)ix->nunits + 1;
	}
	return (long)ix->nunits++;
}

const char *nameix_unit(const struct nameix *ix, uint32_t unit)
{
	return unit && unit <= ix->nunits ? ix->units + ix->unit_off[unit - 1] : NULL;
}

void nameix_unit_key(const char *unit, char *out, size_t size)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)unit;
	size_t len = 0;
	int space = 0;
	out[0] = '\0';
	while (p && *p) {
		utf8proc_int32_t c;
		utf8proc_ssize_t m = utf8proc_iterate(p, -1, &c);
		utf8proc_uint8_t b[4];
		const utf8proc_property_t *pr;
		if (m <= 0)
			break;
		p += m;
		pr = utf8proc_get_property(c);
		if (pr->category >= UTF8PROC_CATEGORY_LU && pr->category <= UTF8PROC_CATEGORY_LO) {
			c = utf8proc_tolower(c);
			if (c == 0x451) /* ё */
				c = 0x435;
		} else if (pr->category < UTF8PROC_CATEGORY_ND ||
		           pr->category > UTF8PROC_CATEGORY_NO) {
			if (c != '\'' && c != 0x2019 && c != 0x2BC)
				space = len > 0;
			continue;
		}
		if (space) {
			if (len + 2 > size)
				break;
			out[len++] = ' ';
			space = 0;
		}
		m = utf8proc_encode_char(c, b);
		if (m <= 0 || len + (size_t)m + 1 > size)
			break;
		memcpy(out + len, b, (size_t)m);
		len += (size_t)m;
	}
	out[len] = '\0';
}

struct load_ctx {
	struct nameix *ix;
	struct pl_db *db; /* for its progress callback */
	struct pl_error *err;
};

static int load_one(void *ctx, const struct store_name_entry *e)
{
	struct load_ctx *l = ctx;
	struct nameix *ix = l->ix;
	size_t i = ix->n, rl = strlen(e->ref) + 1;
	int y, m, d, rc;
	const char *p = e->keys;

	if (l->db &&
	    (rc = progress_report(l->db, N_("loading the name index"), (uint64_t)i + 1, 0, l->err)))
		return rc;

#define NOMEM pl_error_set(l->err, PL_EDATA, "name index: out of memory")
	if (i + 1 >= ix->cap) {
		size_t c = ix->cap ? ix->cap * 2 : 1024;
#define RE(a)                                                                                      \
	do {                                                                                       \
		void *p_ = pl_realloc(ix->a, c * sizeof(*ix->a));                                  \
		if (!p_)                                                                           \
			return NOMEM;                                                              \
		ix->a = p_;                                                                        \
	} while (0)
		RE(id);
		RE(ref_off);
		RE(side);
		RE(year);
		RE(month);
		RE(day);
		RE(ggroup);
		RE(pgroup);
		RE(unit);
		RE(ent_off);
#undef RE
		ix->cap = c;
	}
	GROW(ix->refs, ix->refs_cap, ix->refs_len + rl, NOMEM);
	memcpy(ix->refs + ix->refs_len, e->ref, rl);
	ix->ref_off[i] = (uint32_t)ix->refs_len;
	ix->refs_len += rl;
	ix->id[i] = e->id;
	ix->side[i] = !strcmp(e->side, "detainee") ? 2 : 1;
	nameix_parse_date(e->birth_date, &y, &m, &d);
	ix->year[i] = (uint16_t)(y > 0 && y < 10000 ? y : 0);
	ix->month[i] = (uint8_t)(m > 0 && m <= 12 ? m : 0);
	ix->day[i] = (uint8_t)(d > 0 && d <= 31 ? d : 0);
	ix->ggroup[i] = ix->pgroup[i] = -1;
	ix->unit[i] = 0;
	if (e->unit && *e->unit) {
		char key[NX_UNIT_MAX];
		long u;
		nameix_unit_key(e->unit, key, sizeof(key));
		if (*key) {
			if ((u = unit_intern(ix, key)) < 0)
				return NOMEM;
			ix->unit[i] = (uint32_t)u + 1;
		}
	}
	if (!i)
		ix->ent_off[0] = 0;
	while (*p) {
		size_t len = strcspn(p, "\n");
		char part = *p;
		if (len > 1 && (part == 'g' || part == 'p')) {
			int g = 0;
			for (size_t k = 1; k < len && k < 8 && p[k] >= '0' && p[k] <= '9'; k++)
				g = g * 10 + (p[k] - '0');
			if (part == 'g')
				ix->ggroup[i] = g;
			else
				ix->pgroup[i] = g;
			if ((size_t)g + 1 > ix->ngroups)
				ix->ngroups = (size_t)g + 1;
		} else if (len > 1 && part >= '1' && part <= '4') {
			int32_t cp[SKEL_CPS];
			int n = decode_key(p + 1, len - 1, cp, SKEL_CPS);
			long k;
			if (n <= 0)
				return pl_error_cond(
				        l->err, PL_EINTEGRITY, PL_COND_INDEX_STALE,
				        "name index: the keys of person %lld are damaged: "
				        "the index must be rebuilt",
				        e->id);
			if ((k = intern(ix, cp, n)) < 0)
				return NOMEM;
			GROW(ix->ent, ix->ent_cap, ix->nent + 1, NOMEM);
			ix->ent[ix->nent++] = (uint32_t)k << 3 | (uint32_t)(part - '0');
		}
		p += len;
		if (*p)
			p++;
	}
	ix->ent_off[i + 1] = (uint32_t)ix->nent;
	ix->n++;
	return 0;
#undef NOMEM
}

/* CSR lists: off[0..nlists], items by list; value(e) gives the item of entry e. */
static int build_postings(struct nameix *ix)
{
	size_t nk = ix->nkeys, ng = ix->ngroups;
	if (!(ix->post_off = pl_calloc(nk + 1, sizeof(uint32_t))) ||
	    !(ix->post = pl_malloc((ix->nent ? ix->nent : 1) * sizeof(uint32_t))) ||
	    !(ix->key_family = pl_calloc(nk ? nk : 1, 1)) ||
	    !(ix->gpost_off = pl_calloc(ng + 1, sizeof(uint32_t))) ||
	    !(ix->ppost_off = pl_calloc(ng + 1, sizeof(uint32_t))) ||
	    !(ix->gpost = pl_malloc((ix->n ? ix->n : 1) * sizeof(uint32_t))) ||
	    !(ix->ppost = pl_malloc((ix->n ? ix->n : 1) * sizeof(uint32_t))))
		return -1;
	for (size_t e = 0; e < ix->nent; e++)
		ix->post_off[(ix->ent[e] >> 3) + 1]++;
	for (size_t k = 0; k < nk; k++)
		ix->post_off[k + 1] += ix->post_off[k];
	for (size_t i = 0; i < ix->n; i++) {
		if (ix->ggroup[i] >= 0)
			ix->gpost_off[ix->ggroup[i] + 1]++;
		if (ix->pgroup[i] >= 0)
			ix->ppost_off[ix->pgroup[i] + 1]++;
	}
	for (size_t g = 0; g < ng; g++) {
		ix->gpost_off[g + 1] += ix->gpost_off[g];
		ix->ppost_off[g + 1] += ix->ppost_off[g];
	}
	{
		uint32_t *fill = pl_malloc((nk + ng * 2 + 1) * sizeof(uint32_t));
		if (!fill)
			return -1;
		memcpy(fill, ix->post_off, nk * sizeof(uint32_t));
		memcpy(fill + nk, ix->gpost_off, ng * sizeof(uint32_t));
		memcpy(fill + nk + ng, ix->ppost_off, ng * sizeof(uint32_t));
		for (size_t i = 0; i < ix->n; i++) {
			for (uint32_t e = ix->ent_off[i]; e < ix->ent_off[i + 1]; e++) {
				uint32_t k = ix->ent[e] >> 3, part = ix->ent[e] & 7;
				ix->post[fill[k]++] = (uint32_t)i << 3 | part;
				if (part == NX_FAMILY || part == NX_OTHER)
					ix->key_family[k] = 1;
			}
			if (ix->ggroup[i] >= 0)
				ix->gpost[fill[nk + (size_t)ix->ggroup[i]]++] = (uint32_t)i;
			if (ix->pgroup[i] >= 0)
				ix->ppost[fill[nk + ng + (size_t)ix->pgroup[i]]++] = (uint32_t)i;
		}
		pl_free(fill);
	}
	return 0;
}

static void near_put(struct nameix *ix, uint64_t h, uint32_t key)
{
	size_t m = ix->nnear - 1, i = h & m;
	for (; ix->near[i].h; i = (i + 1) & m)
		if (ix->near[i].h == h && ix->near[i].key == key)
			return;
	ix->near[i].h = h;
	ix->near[i].key = key;
}

/*
 * The consonants of a family name are a second, coarser way in: hashed apart from the
 * skeletons (the two never meet in the table), kept from CONS_MIN consonants, their
 * one-letter deletions from CONS_NEAR_MIN (fewer find too many names): two names whose
 * consonants are one edit apart are similar when both have CONS_MIN and one CONS_NEAR_MIN.
 */
#define CONS_SALT 0x9E3779B97F4A7C15ull
#define CONS_MIN 3
#define CONS_NEAR_MIN 4

static uint64_t hash_cons(const int32_t *cp, int n)
{
	uint64_t h = hash_cps(cp, n) ^ CONS_SALT;
	return h ? h : 1;
}

/* Calls put(ix, hash, key) for s and each of its one-letter deletions (from min letters);
 * hash: hash_cps or hash_cons. */
/* The hashes of cp[0..n) and, from min letters, of each of its one-letter deletions, in
 * hs (room for n + 1); returns how many. hash: hash_cps or hash_cons. */
static int deletion_hashes(const int32_t *cp, int n, int min,
                           uint64_t (*hash)(const int32_t *, int), uint64_t *hs)
{
	int nh = 0;
	hs[nh++] = hash(cp, n);
	if (n >= min)
		for (int d = 0; d < n; d++) {
			int32_t v[SKEL_CPS];
			int m = 0;
			for (int i = 0; i < n; i++)
				if (i != d)
					v[m++] = cp[i];
			hs[nh++] = hash(v, m);
		}
	return nh;
}

static void put_deletions(struct nameix *ix, const int32_t *cp, int n, int min, uint32_t key,
                          uint64_t (*hash)(const int32_t *, int))
{
	uint64_t hs[SKEL_CPS + 1];
	int nh = deletion_hashes(cp, n, min, hash, hs);
	for (int h = 0; h < nh; h++)
		near_put(ix, hs[h], key);
}

/* Every family skeleton and its one-letter deletions -> the skeleton (typos); and its
 * consonants and theirs (vowels shifted: Чорновіл, Черновол). */
static int build_near(struct nameix *ix)
{
	size_t total = 0;
	for (size_t k = 0; k < ix->nkeys; k++)
		if (ix->key_family[k])
			total += 2 + 2 * (ix->key_off[k + 1] - ix->key_off[k]);
	ix->nnear = pow2_at_least(total * 2 + 1);
	if (!(ix->near = pl_calloc(ix->nnear, sizeof(*ix->near))))
		return -1;
	for (size_t k = 0; k < ix->nkeys; k++) {
		struct skel sk, cons;
		if (!ix->key_family[k])
			continue;
		sk.n = (int)(ix->key_off[k + 1] - ix->key_off[k]);
		memcpy(sk.cp, ix->cps + ix->key_off[k], (size_t)sk.n * sizeof(*sk.cp));
		/* short words: one letter less finds too much */
		put_deletions(ix, sk.cp, sk.n, 4, (uint32_t)k, hash_cps);
		search_consonants(&sk, &cons);
		if (cons.n >= CONS_MIN)
			put_deletions(ix, cons.cp, cons.n, CONS_NEAR_MIN, (uint32_t)k, hash_cons);
	}
	return 0;
}

/* The index of the entries e[0..n) when e is not NULL, else of db's table name_index. */
static int load(struct pl_db *db, const struct store_name_entry *e, size_t n, struct nameix **out,
                struct pl_error *err)
{
	struct nameix *ix = pl_calloc(1, sizeof(*ix));
	struct load_ctx l = {ix, e ? NULL : db, err};
	int rc;
	if (!ix)
		return pl_error_set(err, PL_EDATA, "name index: out of memory");
	if ((rc = forms_build(err)) || (rc = rehash(ix, 1024) ? PL_EDATA : 0))
		goto fail;
	if (e) {
		for (size_t i = 0; i < n; i++)
			if ((rc = load_one(&l, &e[i])))
				goto fail;
	} else if ((rc = store_name_index_read(db->st, &ix->generation, &ix->generation_known,
	                                       load_one, &l, err))) {
		goto fail;
	}
	if ((!ix->ent_off && !(ix->ent_off = pl_calloc(1, sizeof(uint32_t)))) ||
	    (!ix->key_off && !(ix->key_off = pl_calloc(1, sizeof(uint32_t))))) {
		rc = PL_EDATA;
		goto fail;
	}
	/* brief zeroed: an image keeps its padding */
	if (build_postings(ix) || build_near(ix) ||
	    !(ix->brief = pl_calloc(ix->n + 1, sizeof(*ix->brief))) || scratch_alloc(ix)) {
		rc = pl_error_set(err, PL_EDATA, "name index: out of memory");
		goto fail;
	}
	ix->ngpost = ix->gpost_off[ix->ngroups];
	ix->nppost = ix->ppost_off[ix->ngroups];
	for (size_t i = 0; i < ix->n; i++) {
		ix->brief[i].given_group = ix->ggroup[i];
		ix->brief[i].patr_group = ix->pgroup[i];
		first_keys(ix, i, &ix->brief[i].given_key, &ix->brief[i].patr_key);
		ix->brief[i].year = ix->year[i];
		ix->brief[i].month = ix->month[i];
		ix->brief[i].day = ix->day[i];
		ix->brief[i].side = ix->side[i];
	}
	*out = ix;
	return 0;
fail:
	if (rc == PL_EDATA && !err->msg[0])
		pl_error_set(err, PL_EDATA, "name index: out of memory");
	nameix_free(ix);
	return rc;
}

/*
 * The index kept in db while the file's generation is the one it was built from; else
 * the image beside the file when it is of that generation and whole (mapped, not read);
 * else built from the table, and the image written for the next process. An image that
 * cannot be read or written is passed over in silence: the index is built as without.
 */
int nameix_get(struct pl_db *db, struct nameix **out, struct pl_error *err)
{
	struct nameix *ix = NULL;
	const char *path;
	uint64_t gen;
	int known, rc;
	if ((rc = store_name_index_generation(db->st, &gen, &known, err)))
		return rc;
	if (db->nameix && known && db->nameix->generation_known && db->nameix->generation == gen) {
		*out = db->nameix;
		return 0;
	}
	nameix_invalidate(db);
	path = store_path(db->st);
	if (!known || !*path || nameix_image_read(path, gen, &ix)) {
		if ((rc = load(db, NULL, 0, &ix, err)))
			return rc;
		if (ix->generation_known && *path)
			nameix_image_write(path, ix, ix->generation);
	}
	db->nameix = ix;
	*out = ix;
	return 0;
}

int nameix_build(const struct store_name_entry *e, size_t n, struct nameix **out,
                 struct pl_error *err)
{
	return load(NULL, e, n, out, err);
}

void nameix_invalidate(struct pl_db *db)
{
	nameix_free(db->nameix);
	db->nameix = NULL;
}

/* --- queries --- */

int nameix_one_edit(const int32_t *a, int na, const int32_t *b, int nb)
{
	int i = 0;
	if (na - nb > 1 || nb - na > 1)
		return 0;
	while (i < na && i < nb && a[i] == b[i])
		i++;
	if (na == nb) {
		if (i == na)
			return 0; /* equal */
		if (!memcmp(a + i + 1, b + i + 1, (size_t)(na - i - 1) * sizeof(*a)))
			return 1; /* substitution */
		return i + 1 < na && a[i] == b[i + 1] && a[i + 1] == b[i] &&
		       !memcmp(a + i + 2, b + i + 2, (size_t)(na - i - 2) * sizeof(*a));
	}
	if (na > nb)
		return !memcmp(a + i + 1, b + i, (size_t)(nb - i) * sizeof(*a));
	return !memcmp(a + i, b + i + 1, (size_t)(na - i) * sizeof(*a));
}

struct qword {
	char text[PL_SEARCH_KEY_MAX];
	struct skel sk;
	long key;
	int cyrillic;
	int initial; /* a letter alone (С., S, Yu.): 1 the first of the query (the given
	              * name's), 2 the second (the patronymic's); 0 a word */
	int ng, np;
	int gexact, pexact; /* the word is known as written: its groups are those alone */
	int groups[MAX_GROUPS], pgroups[MAX_GROUPS];
	double gscore[MAX_GROUPS], pscore[MAX_GROUPS];
	uint32_t near[MAX_NEAR];
	int near_level[MAX_NEAR]; /* nameix_family_level */
	int nnear;
	/* Jaro-Winkler similarities to keys, direct-mapped */
	uint32_t cache_key[256];
	double cache_sim[256];
};

struct query {
	struct qword w[PL_SEARCH_MAX_WORDS];
	int n;
};

struct qword_ctx {
	struct query *q;
	const char *text;
};

int nameix_is_initial(const struct skel *s)
{
	return s->n == 1 ||
	       (s->n == 2 && s->cp[0] == 0x438 && (s->cp[1] == 0x430 || s->cp[1] == 0x443));
}

int nameix_initial_agrees(const struct skel *s, const int32_t *cp, int n, int latin)
{
	/* the first letter of a Latin digraph: K. for Kharlampii, S. for Shevchuk, Ts., Ch. */
	static const int32_t heads[][3] = {
	        {0x43A, 0x445, 0x447}, /* к: kh х, ch ч (as C.) */
	        {0x441, 0x448, 0x449}, /* с: sh ш, shch щ */
	        {0x437, 0x436, 0},     /* з: zh ж */
	        {0x442, 0x446, 0},     /* т: ts ц */
	};
	if (n >= s->n && !memcmp(cp, s->cp, (size_t)s->n * sizeof(*cp)))
		return 1;
	if (latin && s->n == 1 && n > 0)
		for (size_t i = 0; i < sizeof(heads) / sizeof(heads[0]); i++)
			if (s->cp[0] == heads[i][0] &&
			    (cp[0] == heads[i][1] || cp[0] == heads[i][2]))
				return 1;
	return 0;
}

int nameix_group_initial(int g, int patronymic, const struct skel *s, int latin)
{
	if ((!forms.built && forms_build(NULL)) || g < 0 || (size_t)g >= forms.ngroups)
		return 0;
	for (uint32_t i = forms.first[g]; i < forms.first[g + 1]; i++)
		if (forms.sk[i].patronymic == !!patronymic &&
		    nameix_initial_agrees(s, forms.cps + forms.sk[i].off, forms.sk[i].n, latin))
			return 1;
	return 0;
}

static int query_word(void *ctx, const struct skel *s)
{
	struct qword_ctx *c = ctx;
	struct qword *w;
	if (c->q->n >= PL_SEARCH_MAX_WORDS)
		return 0;
	w = &c->q->w[c->q->n++];
	memset(w, 0, offsetof(struct qword, cache_key));
	memset(w->cache_key, 0, sizeof(w->cache_key));
	w->sk = *s;
	/* one letter, or я ю written ya yu (и then а у): an initial, С. S. Yu. */
	if (nameix_is_initial(s)) {
		int before = 0;
		for (int i = 0; i < c->q->n - 1; i++)
			before += c->q->w[i].initial != 0;
		w->initial = before + 1;
	}
	snprintf(w->text, sizeof(w->text), "%s", c->text);
	w->cyrillic = pl_name_script(c->text) == PL_SCRIPT_CYRILLIC;
	return 0;
}

/* The words of the text: split on white space, commas, semicolons; each word's skeleton. */
static int parse_query(const char *text, struct query *q, struct pl_error *err)
{
	const char *p = text;
	q->n = 0;
	while (*p && q->n < PL_SEARCH_MAX_WORDS) {
		char word[PL_SEARCH_KEY_MAX];
		size_t len = strcspn(p, " \t\n,;");
		struct qword_ctx c = {q, word};
		int rc;
		if (!len) {
			p++;
			continue;
		}
		snprintf(word, sizeof(word), "%.*s",
		         (int)(len < sizeof(word) ? len : sizeof(word) - 1), p);
		/* a hyphenated word gives several skeletons, each a word of the query */
		if ((rc = search_each_skeleton(word, query_word, &c, err)))
			return rc;
		p += len;
	}
	return 0;
}

int nameix_family_level(const struct skel *a, const struct skel *b)
{
	struct skel ca, cb;
	if (a->n == b->n && !memcmp(a->cp, b->cp, (size_t)a->n * sizeof(*a->cp)))
		return NX_NAME_SAME;
	if (nameix_one_edit(a->cp, a->n, b->cp, b->n))
		return NX_NAME_CLOSE;
	search_consonants(a, &ca);
	search_consonants(b, &cb);
	if (ca.n < CONS_MIN || cb.n < CONS_MIN)
		return NX_NAME_OTHER;
	if (ca.n == cb.n && !memcmp(ca.cp, cb.cp, (size_t)ca.n * sizeof(*ca.cp)))
		return NX_NAME_CLOSE; /* the vowels shifted */
	if ((ca.n >= CONS_NEAR_MIN || cb.n >= CONS_NEAR_MIN) &&
	    nameix_one_edit(ca.cp, ca.n, cb.cp, cb.n))
		return NX_NAME_SIMILAR; /* a shift and a typo */
	return NX_NAME_OTHER;
}

/* The hashes a word is looked up by: its skeleton and deletions, its consonants and theirs. */
static int near_hashes(const struct skel *s, uint64_t *hs)
{
	struct skel cons;
	int nh = deletion_hashes(s->cp, s->n, 4, hash_cps, hs);
	search_consonants(s, &cons);
	if (cons.n >= CONS_MIN)
		nh += deletion_hashes(cons.cp, cons.n, CONS_NEAR_MIN, hash_cons, hs + nh);
	return nh;
}

int nameix_near(const struct nameix *ix, const struct skel *s, uint32_t *keys, int *levels, int max)
{
	size_t m = ix->nnear - 1;
	uint64_t hs[2 * SKEL_CPS + 2];
	int nh, n = 0;
	long self = nameix_lookup(ix, s);
	if (!ix->nnear)
		return 0;
	nh = near_hashes(s, hs);
	for (int h = 0; h < nh; h++)
		for (size_t i = hs[h] & m; ix->near[i].h; i = (i + 1) & m) {
			uint32_t k = ix->near[i].key;
			struct skel o;
			const int32_t *cp;
			int lv, j;
			if (ix->near[i].h != hs[h] || (long)k == self)
				continue;
			for (j = 0; j < n && keys[j] != k; j++)
				;
			if (j < n)
				continue;
			nameix_key(ix, k, &cp, &o.n);
			if (o.n > SKEL_CPS)
				continue;
			memcpy(o.cp, cp, (size_t)o.n * sizeof(*cp));
			if ((lv = nameix_family_level(s, &o)) == NX_NAME_OTHER || n >= max)
				continue;
			keys[n] = k;
			levels[n++] = lv;
		}
	return n;
}

size_t nameix_group_size(const struct nameix *ix, int g, int patronymic)
{
	const uint32_t *off = patronymic ? ix->ppost_off : ix->gpost_off;
	if (g < 0 || (size_t)g >= ix->ngroups)
		return 0;
	return off[g + 1] - off[g];
}

size_t nameix_unit_size(struct nameix *ix, uint32_t u)
{
	if (!ix->unit_count) { /* counted on first use */
		if (!(ix->unit_count = pl_calloc(ix->nunits + 1, sizeof(uint32_t))))
			return 1;
		for (size_t i = 0; i < ix->n; i++)
			ix->unit_count[ix->unit[i]]++;
	}
	return u <= ix->nunits ? ix->unit_count[u] : 0;
}

void nameix_postings(const struct nameix *ix, uint32_t key, const uint32_t **post, size_t *n)
{
	*post = ix->post + ix->post_off[key];
	*n = ix->post_off[key + 1] - ix->post_off[key];
}

struct gather {
	struct nameix *ix;
	const struct nx_query *q;
	uint32_t qg;
};

/* Counts w for a person once per word (bit); the first time, the person is a candidate. */
static void add(struct gather *g, uint32_t idx, int bit, double w)
{
	struct nameix *ix = g->ix;
	if (ix->qgen[idx] != g->qg) {
		if (g->q->side && ix->side[idx] != g->q->side)
			return;
		if (g->q->year && ix->year[idx] && ix->year[idx] != g->q->year)
			return;
		if (ix->ntouched == ix->touched_cap) {
			size_t c = ix->touched_cap ? ix->touched_cap * 2 : 4096;
			uint32_t *t = pl_realloc(ix->touched, c * sizeof(*t));
			if (!t) {
				ix->oom = 1;
				return;
			}
			ix->touched = t;
			ix->touched_cap = c;
		}
		ix->qgen[idx] = g->qg;
		ix->acc[idx] = 0;
		ix->mask[idx] = 0;
		ix->touched[ix->ntouched++] = idx;
	}
	if (ix->mask[idx] & (1u << bit))
		return;
	ix->mask[idx] |= (uint8_t)(1u << bit);
	ix->acc[idx] += (float)w;
}

/* How many persons the word's own and near skeletons bring. */
static size_t word_postings(const struct nameix *ix, const struct qword *w)
{
	size_t n = w->key >= 0 ? ix->post_off[w->key + 1] - ix->post_off[w->key] : 0;
	for (int i = 0; i < w->nnear; i++)
		n += ix->post_off[w->near[i] + 1] - ix->post_off[w->near[i]];
	return n;
}

/* What a family name close to the word's (one letter apart, vowels shifted) or similar
 * (consonants one letter apart) counts for in gathering, of the part's weight. */
static const double near_weight[] = {[NX_NAME_SIMILAR] = 0.6, [NX_NAME_CLOSE] = 0.8};
/* The least similarity of such a name in the ranking (the same name is 1). */
static const double near_floor[] = {[NX_NAME_SIMILAR] = 0.5, [NX_NAME_CLOSE] = 0.7};

/* The persons with the word's skeleton, or a family skeleton close or similar to it. */
static void gather_keys(struct gather *g, const struct qword *w, int bit)
{
	struct nameix *ix = g->ix;
	if (w->key >= 0)
		for (uint32_t e = ix->post_off[w->key]; e < ix->post_off[w->key + 1]; e++)
			add(g, ix->post[e] >> 3, bit, part_weight[ix->post[e] & 7]);
	for (int i = 0; i < w->nnear; i++) {
		uint32_t k = w->near[i];
		for (uint32_t e = ix->post_off[k]; e < ix->post_off[k + 1]; e++) {
			uint32_t part = ix->post[e] & 7;
			if (part == NX_FAMILY || part == NX_OTHER)
				add(g, ix->post[e] >> 3, bit,
				    part_weight[part] * near_weight[w->near_level[i]]);
		}
	}
}

/* The persons whose given name (patronymic) is of one of the word's groups. */
static void gather_groups(struct gather *g, const struct qword *w, int bit)
{
	struct nameix *ix = g->ix;
	for (int i = 0; i < w->ng; i++)
		if ((size_t)w->groups[i] < ix->ngroups)
			for (uint32_t e = ix->gpost_off[w->groups[i]];
			     e < ix->gpost_off[w->groups[i] + 1]; e++)
				add(g, ix->gpost[e], bit, part_weight[NX_GIVEN] * w->gscore[i]);
	for (int i = 0; i < w->np; i++)
		if ((size_t)w->pgroups[i] < ix->ngroups)
			for (uint32_t e = ix->ppost_off[w->pgroups[i]];
			     e < ix->ppost_off[w->pgroups[i] + 1]; e++)
				add(g, ix->ppost[e], bit,
				    part_weight[NX_PATRONYMIC] * w->pscore[i]);
}

/* What a word that brought no candidates adds to one that another word brought. */
static void check_word(struct gather *g, uint32_t idx, const struct qword *w, int bit)
{
	struct nameix *ix = g->ix;
	double best = 0;
	for (uint32_t e = ix->ent_off[idx]; e < ix->ent_off[idx + 1]; e++) {
		uint32_t key = ix->ent[e] >> 3, part = ix->ent[e] & 7;
		if ((long)key == w->key && part_weight[part] > best)
			best = part_weight[part];
		else if (part == NX_FAMILY || part == NX_OTHER)
			for (int i = 0; i < w->nnear; i++)
				if (w->near[i] == key &&
				    part_weight[part] * near_weight[w->near_level[i]] > best)
					best = part_weight[part] * near_weight[w->near_level[i]];
	}
	for (int i = 0; i < w->ng; i++)
		if (w->groups[i] == ix->ggroup[idx] && part_weight[NX_GIVEN] * w->gscore[i] > best)
			best = part_weight[NX_GIVEN] * w->gscore[i];
	for (int i = 0; i < w->np; i++)
		if (w->pgroups[i] == ix->pgroup[idx] &&
		    part_weight[NX_PATRONYMIC] * w->pscore[i] > best)
			best = part_weight[NX_PATRONYMIC] * w->pscore[i];
	if (best > 0)
		add(g, idx, bit, best);
}

/*
 * Candidates come from the rarest words: Ковальов brings a few hundred persons of a
 * million, Сергій tens of thousands. The words are taken rarest first while the persons
 * they bring stay under GATHER_MAX (one word at least); the other words are then checked
 * on those persons alone. A query whose words bring few persons also takes the persons
 * of their name groups (Nikolai for Микола).
 */
#define GATHER_MAX 4000
#define GATHER_FEW 200
#define GROUP_MAX 400000

static void gather(struct gather *g, const struct query *q)
{
	struct nameix *ix = g->ix;
	size_t size[PL_SEARCH_MAX_WORDS], total = 0;
	int order[PL_SEARCH_MAX_WORDS], used = 0;
	for (int i = 0; i < q->n; i++) {
		int k = i;
		size[i] = word_postings(ix, &q->w[i]);
		while (k > 0 && size[order[k - 1]] > size[i]) {
			order[k] = order[k - 1];
			k--;
		}
		order[k] = i;
	}
	for (int k = 0; k < q->n; k++) {
		int i = order[k];
		if (!size[i] || (used && total + size[i] > GATHER_MAX))
			continue;
		gather_keys(g, &q->w[i], i);
		total += size[i];
		used |= 1 << i;
	}
	if (ix->ntouched < GATHER_FEW)
		for (int i = 0; i < q->n; i++) {
			size_t gs = 0;
			for (int k = 0; k < q->w[i].ng; k++)
				if ((size_t)q->w[i].groups[k] < ix->ngroups)
					gs += ix->gpost_off[q->w[i].groups[k] + 1] -
					      ix->gpost_off[q->w[i].groups[k]];
			if (gs <= GROUP_MAX)
				gather_groups(g, &q->w[i], i);
		}
	for (size_t t = 0; t < ix->ntouched; t++) {
		uint32_t idx = ix->touched[t];
		for (int i = 0; i < q->n; i++)
			if (!(ix->mask[idx] & (1u << i)))
				check_word(g, idx, &q->w[i], i);
	}
}

static double word_key_similarity(const struct nameix *ix, struct qword *w, uint32_t key)
{
	const int32_t *cp;
	int n, lo, hi;
	double jw;
	uint32_t slot = key & 255;
	if ((long)key == w->key)
		return 1.0;
	if (w->cache_key[slot] == key + 1)
		return w->cache_sim[slot];
	/*
	 * Another spelling: Jaro-Winkler, less for words of unlike length (its prefix bonus
	 * makes Сергій half of Сергійович), then 0.8..1 spread over 0..0.9, so that a near
	 * miss never beats the same name, and two near misses no exact match.
	 */
	nameix_key(ix, key, &cp, &n);
	lo = w->sk.n < n ? w->sk.n : n;
	hi = w->sk.n < n ? n : w->sk.n;
	jw = search_jaro_winkler_cps(w->sk.cp, w->sk.n, cp, n);
	jw *= hi ? (1.0 + (double)lo / hi) / 2.0 : 0;
	jw = jw >= 0.8 ? (jw - 0.8) / 0.2 * 0.9 : 0;
	/* a family name close or similar (nameix_near) is at least that, however short or
	 * unlike its letters: a typo costs a level, not the name */
	for (int i = 0; i < w->nnear; i++)
		if (w->near[i] == key && jw < near_floor[w->near_level[i]])
			jw = near_floor[w->near_level[i]];
	w->cache_key[slot] = key + 1;
	w->cache_sim[slot] = jw;
	return jw;
}

struct slots {
	int part[MAX_SLOTS];
	int n;
	double sim[PL_SEARCH_MAX_WORDS][MAX_SLOTS];
};

static void best_assignment(int nw, const struct slots *ss, int wi, unsigned used, double num,
                            double den, double *best)
{
	if (wi >= nw || wi >= PL_SEARCH_MAX_WORDS) {
		double d = den > 0 ? num / den : 0;
		if (d > *best)
			*best = d;
		return;
	}
	best_assignment(nw, ss, wi + 1, used, num, den + UNMATCHED_WEIGHT, best);
	for (int k = 0; k < ss->n; k++) {
		double w;
		if ((used & (1u << k)) || ss->sim[wi][k] < MIN_WORD_SIMILARITY)
			continue;
		w = part_weight[ss->part[k]];
		best_assignment(nw, ss, wi + 1, used | (1u << k), num + w * ss->sim[wi][k], den + w,
		                best);
	}
}

/*
 * A word's similarity s to a given name or patronymic of group g (-1: not in the data),
 * raised by the word's groups; lowered to DISTINCT_SIMILARITY when the word is known as
 * written as another name that merely shares the skeleton (Игорь and Єгор: игор).
 */
static double group_similarity(double s, const int *groups, const double *scores, int n, int exact,
                               int g)
{
	int in = 0;
	for (int k = 0; k < n; k++)
		if (groups[k] == g) {
			/* a full form of the name, in either language, is the name: Дмитрий finds
			 * Дмитро as it finds Дмитрій */
			double full = scores[k] >= PL_EQUIV_SCORE_FULL ? 1.0 : scores[k];
			in = 1;
			if (full > s)
				s = full;
		}
	if (!in && exact && g >= 0 && s > DISTINCT_SIMILARITY)
		s = DISTINCT_SIMILARITY;
	/* a spelling that two full names share (Ygor: Ігор, Єгор) is either, as a pet form
	 * is: below the name written out */
	if (s > PL_EQUIV_SCORE_DIMINUTIVE && nameix_full_groups(scores, n) > 1)
		s = PL_EQUIV_SCORE_DIMINUTIVE;
	return s;
}

/* A word of no group, one letter from a form of the person's name in either language
 * (Михаил with a typo against Михайло): a typo costs a level, not the name. */
static double typo_similarity(double s, const struct qword *w, int ngroups, int g, int patronymic)
{
	if (s < TYPO_SIMILARITY && !ngroups && g >= 0 &&
	    nameix_group_level(g, patronymic, &w->sk) >= NX_NAME_CLOSE)
		s = TYPO_SIMILARITY;
	return s;
}

static double score_person(struct nameix *ix, struct query *q, uint32_t idx)
{
	struct slots ss;
	double best = 0;
	ss.n = 0;
	for (uint32_t e = ix->ent_off[idx]; e < ix->ent_off[idx + 1] && ss.n < MAX_SLOTS; e++) {
		uint32_t key = ix->ent[e] >> 3;
		int part = (int)(ix->ent[e] & 7);
		ss.part[ss.n] = part;
		for (int i = 0; i < q->n; i++) {
			struct qword *w = &q->w[i];
			double s = word_key_similarity(ix, w, key);
			if (w->initial) {
				/* a level of its own: agrees (the name begins so), or nothing. The
				 * first initial is the given name's, or the patronymic's for half
				 * as much (Ковальов Сергій В.); the second the patronymic's */
				const int32_t *cp;
				int n, agrees;
				nameix_key(ix, key, &cp, &n);
				agrees = nameix_initial_agrees(&w->sk, cp, n, !w->cyrillic) ||
				         (part == NX_GIVEN &&
				          nameix_group_initial(ix->ggroup[idx], 0, &w->sk,
				                               !w->cyrillic)) ||
				         (part == NX_PATRONYMIC &&
				          nameix_group_initial(ix->pgroup[idx], 1, &w->sk,
				                               !w->cyrillic));
				s = !agrees                                    ? 0
				    : part == NX_GIVEN && w->initial == 1      ? INITIAL_SIMILARITY
				    : part == NX_PATRONYMIC && w->initial == 2 ? INITIAL_SIMILARITY
				    : part == NX_PATRONYMIC ? INITIAL_SIMILARITY / 2
				                            : 0;
				ss.sim[i][ss.n] = s;
				continue;
			}
			if (part == NX_GIVEN)
				s = typo_similarity(group_similarity(s, w->groups, w->gscore, w->ng,
				                                     w->gexact, ix->ggroup[idx]),
				                    w, w->ng, ix->ggroup[idx], 0);
			if (part == NX_PATRONYMIC)
				s = typo_similarity(group_similarity(s, w->pgroups, w->pscore,
				                                     w->np, w->pexact,
				                                     ix->pgroup[idx]),
				                    w, w->np, ix->pgroup[idx], 1);
			ss.sim[i][ss.n] = s;
		}
		ss.n++;
	}
	best_assignment(q->n, &ss, 0, 0, 0, 0, &best);
	return best;
}

struct cand {
	uint32_t idx;
	float pre;
	double score;
	int agreeing; /* for ties: cand_agreeing */
};

static int cand_pre_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->pre != y->pre)
		return x->pre > y->pre ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Best first; equal scores by more fields agreeing (cand_agreeing), then by index (the
 * caller orders those further: pl_search, by evidence and reference). */
static int cand_score_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	if (x->agreeing != y->agreeing)
		return x->agreeing > y->agreeing ? -1 : 1;
	return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/*
 * The second key of a tie (docs/matching.md, "Ties"): the parts of the person's name a
 * word of the query names outright, each part once (family name or other names: the
 * same skeleton; given name and patronymic: the same skeleton, or the same name group as
 * a full form or a spelling of it, PL_EQUIV_SCORE_TRANSLIT and up), and the birth year
 * when the query gives one and it is the person's. Initials do not count.
 */
static int cand_agreeing(const struct nameix *ix, const struct query *qu, int year, uint32_t idx)
{
	struct nx_person p;
	unsigned parts = 0;
	int n = 0;
	nameix_person(ix, idx, &p);
	for (size_t e = 0; e < p.nkeys; e++) {
		uint32_t key = p.keys[e] >> 3;
		int part = (int)(p.keys[e] & 7);
		if (part == NX_OTHER)
			part = NX_FAMILY;
		if (part != NX_FAMILY && part != NX_GIVEN && part != NX_PATRONYMIC)
			continue;
		for (int i = 0; i < qu->n && !(parts & (1u << part)); i++) {
			const struct qword *w = &qu->w[i];
			int agrees = !w->initial && w->key >= 0 && (uint32_t)w->key == key;
			for (int k = 0; !w->initial && part == NX_GIVEN && k < w->ng; k++)
				agrees |= w->groups[k] == p.given_group &&
				          w->gscore[k] >= PL_EQUIV_SCORE_TRANSLIT;
			for (int k = 0; !w->initial && part == NX_PATRONYMIC && k < w->np; k++)
				agrees |= w->pgroups[k] == p.patr_group &&
				          w->pscore[k] >= PL_EQUIV_SCORE_TRANSLIT;
			if (agrees)
				parts |= 1u << part;
		}
	}
	for (int part = 0; part < NX__PARTS; part++)
		n += (parts >> part) & 1;
	return n + (year && p.year == year);
}

/* Moves the k best by pre-score (ties by index) to the front of c[0..n): quickselect. */
static void select_best(struct cand *c, size_t n, size_t k)
{
	size_t lo = 0, hi = n - 1;
	while (lo < hi) {
		struct cand pivot = c[lo + (hi - lo) / 2], t;
		size_t i = lo, j = hi;
		while (i <= j) {
			while (cand_pre_cmp(&c[i], &pivot) < 0)
				i++;
			while (cand_pre_cmp(&c[j], &pivot) > 0)
				j--;
			if (i <= j) {
				t = c[i];
				c[i] = c[j];
				c[j] = t;
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k - 1 <= j && j != (size_t)-1)
			hi = j;
		else if (k - 1 >= i)
			lo = i;
		else
			break;
	}
}

/* A bonus for the birth date a list gives: namesakes born then are kept first. */
static float date_bonus(const struct nameix *ix, const struct nx_query *q, uint32_t idx)
{
	int y = ix->year[idx];
	float b = 0;
	if (!q->by || !y)
		return 0;
	if (y == q->by)
		b = 0.3f;
	else if (y == q->by + 1 || y == q->by - 1)
		b = 0.15f;
	if (q->bm && ix->month[idx] &&
	    ((ix->month[idx] == q->bm && ix->day[idx] == q->bd) ||
	     (ix->month[idx] == q->bd && ix->day[idx] == q->bm)))
		b += 0.2f;
	return b;
}

int nameix_search(struct nameix *ix, const struct nx_query *q, struct nx_hit **hits, size_t *n,
                  struct pl_error *err)
{
	struct query *qu = pl_malloc(sizeof(*qu));
	struct gather g = {ix, q, 0};
	struct cand *c = NULL;
	size_t nc = 0, max = q->max ? q->max : 500;
	int rc = 0;

	*hits = NULL;
	*n = 0;
	if (!qu)
		return pl_error_set(err, PL_EDATA, "out of memory");
	if ((rc = parse_query(q->text, qu, err)))
		goto out;
	if (!qu->n) {
		rc = pl_error_set(err, PL_EUSAGE, "search: '%s' has no letters to search for",
		                  q->text);
		goto out;
	}
	for (int i = 0; i < qu->n; i++) {
		struct qword *w = &qu->w[i];
		w->key = nameix_lookup(ix, &w->sk);
		w->ng = nameix_word_groups(w->text, &w->sk, 0, w->groups, w->gscore, MAX_GROUPS,
		                           &w->gexact);
		w->np = nameix_word_groups(w->text, &w->sk, 1, w->pgroups, w->pscore, MAX_GROUPS,
		                           &w->pexact);
		w->nnear = nameix_near(ix, &w->sk, w->near, w->near_level, MAX_NEAR);
	}
	if (!ix->n)
		goto out;
	ix->ntouched = 0;
	g.qg = ++ix->qcount;
	if (!g.qg) { /* the counter wrapped: start the stamps again */
		memset(ix->qgen, 0, ix->n * sizeof(uint32_t));
		g.qg = ix->qcount = 1;
	}
	ix->oom = 0;
	gather(&g, qu);
	if (ix->oom) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	if (!ix->ntouched)
		goto out;
	if (!(c = pl_malloc(ix->ntouched * sizeof(*c)))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < ix->ntouched; i++) {
		uint32_t idx = ix->touched[i];
		c[i].idx = idx;
		c[i].pre = ix->acc[idx] + date_bonus(ix, q, idx);
		c[i].score = 0;
		c[i].agreeing = 0;
	}
	nc = ix->ntouched;
	if (nc > max) {
		select_best(c, nc, max);
		nc = max;
	}
	for (size_t i = 0; i < nc; i++) {
		c[i].score = score_person(ix, qu, c[i].idx);
		if (q->year && !ix->year[c[i].idx])
			c[i].score *= 0.9; /* born when, not known: below those known to match */
	}
	/* ties: the second key, for the persons whose score another has too */
	if (nc)
		qsort(c, nc, sizeof(*c), cand_score_cmp);
	for (size_t i = 0, j; i < nc; i = j) {
		for (j = i + 1; j < nc && c[j].score == c[i].score; j++)
			;
		for (size_t k = i; j - i > 1 && k < j; k++)
			c[k].agreeing = cand_agreeing(ix, qu, q->year, c[k].idx);
		if (j - i > 1)
			qsort(c + i, j - i, sizeof(*c), cand_score_cmp);
	}
	{
		struct nx_hit *h = pl_malloc((nc ? nc : 1) * sizeof(*h));
		size_t k = 0;
		if (!h) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto out;
		}
		for (size_t i = 0; i < nc; i++)
			if (c[i].score > 0) {
				h[k].idx = c[i].idx;
				h[k].score = c[i].score;
				h[k].agreeing = c[i].agreeing;
				k++;
			}
		*hits = h;
		*n = k;
	}
out:
	pl_free(c);
	pl_free(qu);
	return rc;
}
