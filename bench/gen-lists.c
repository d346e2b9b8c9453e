/* gen-lists.c - test data for list matching: a registry, a list as the other side writes it,
 * and the truth
 *
 *   gen-lists --registry N --list M --seed S --out-registry REG.csv --out-list LIST.csv
 *             --out-truth TRUTH.csv [--list-format csv|jsonl] [--names demo|hunspell|mixed]
 *             [--dict FILE]
 *
 * REG.csv holds N Ukrainian captives, as `parley import` takes them (source "gen",
 * external_id the person's id here). LIST.csv holds M rows written as the other side and
 * the mediators write names: Russian forms, Latin letters by four standards, typos, missing
 * patronymics, wrong dates, and persons who are not in the registry at all. TRUTH.csv says,
 * row by row, who each row is and which noise it got. docs/noise-model.md is the model;
 * the constants below are its probabilities, and the two must agree.
 *
 * Names are the library's: Ukrainian names and frequencies from demo-names.c, Russian forms
 * from the equivalence tables (equiv.h), Latin forms from pl_translit_lang (names.h). With
 * --names hunspell (or mixed: half of each) given names, patronymics and surnames come from
 * Debian's hunspell-uk dictionary instead, a source the matcher was not built from.
 * One seed gives the same bytes on every platform (xoshiro256** of demo-names.h, no floating
 * point); the registry depends on the seed and N only, not on the list.
 */
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/date.h"
#include "parley/alloc.h"
#include "parley/equiv.h"
#include "parley/error.h"
#include "parley/names.h"
#include "parley/search.h"
#include "demo-names.h"
#include "banned.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/*
 * The model. Probabilities are in thousandths ("per mille") unless a comment says
 * otherwise; docs/noise-model.md quotes them.
 */

/* the registry */
#define REG_CIVILIAN 50        /* civilians; the others are servicemen */
#define REG_FEMALE_MILITARY 50 /* women among servicemen */
#define REG_FEMALE_CIVILIAN 300
#define REG_YEAR_ONLY 70       /* birth date known by its year only */
#define REG_SERVICE_NUMBER 450 /* servicemen with a service number */
#define REG_MAX 10000000       /* largest --registry */

/*
 * the list: shares of all rows unless said otherwise. Some shares are not constants here:
 * the script (uk, ru, latin) and a missing patronymic are thirds (below(3)), the Latin
 * systems quarters (below(4)), the kinds of typo quarters, the kinds of date noise equal
 * shares of the kinds the date allows.
 */
#define LIST_DISTRACTOR 200      /* a person who is not in the registry */
#define LIST_NAMESAKE 300        /* of distractors: a registry person's surname and given name */
#define LIST_SIBLING 200         /* of distractors: a registry person's surname and patronymic */
#define LIST_DISTINCT 100        /* of distractors: the same but for a given name that is another */
#define LIST_INITIALS 50         /* given name and patronymic as initials */
#define LIST_INITIALS_JOINED 500 /* of those: both initials in the given name's column */
#define LIST_RU_BY_EAR 300       /* of Russian rows: a surname russified by ear (two vowels) */
#define LIST_RU_VOWELS2 30       /* a true Russian row of a person whose surname has such a form */
#define RARE_GIVEN_BEARERS 8     /* a surname of more bearers than this is common */
#define LIST_LATIN_CAPS 500      /* of Latin rows: ALL CAPS */
#define LIST_RU_FAMILY_CAPS 250  /* of Russian rows: the surname in capitals */
#define LIST_TYPO 100            /* one edit in one name */
#define LIST_TYPO_FAMILY 500     /* of typos: in the surname (weights among names present) */
#define LIST_TYPO_GIVEN 300
#define LIST_TYPO_PATRONYMIC 200
#define LIST_DATE_NOISE 100 /* day and month swapped, year only, or year off by one */
#define LIST_SWAP 20        /* surname and given name in each other's column */
#define LIST_UNIT 500       /* of rows whose person has a unit: the unit is given */
#define LIST_UNIT_WRONG 100 /* of units given: another unit */

/* capture dates of the registry: the full-scale invasion to the end of the data */
#define CAPTURE_FIRST_Y 2022
#define CAPTURE_FIRST_M 2
#define CAPTURE_FIRST_D 24
#define CAPTURE_LAST_Y 2025
#define CAPTURE_LAST_M 6
#define CAPTURE_LAST_D 30

/* the youngest sibling's birth year: 18 at the last capture */
#define SIBLING_LAST_YEAR (CAPTURE_LAST_Y - 18)

#define DICT_DEFAULT "/usr/share/hunspell/uk_UA.dic"

#define NAME_BUF 256 /* bytes of one name as written in a list */
#define NAME_CPS 128 /* its code points */

/* --- dates: day numbers since 1970-01-01 (H. Hinnant's civil calendar algorithms) --- */

static int leap_year(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* --- buffered output that remembers a failed write --- */

struct out {
	FILE *f;
	const char *path;
	size_t n;
	int failed;
	char buf[1 << 16];
};

static void out_flush(struct out *o)
{
	if (o->n && fwrite(o->buf, 1, o->n, o->f) != o->n)
		o->failed = 1;
	o->n = 0;
}

static void out_mem(struct out *o, const char *s, size_t n)
{
	if (n > sizeof(o->buf) - o->n) {
		out_flush(o);
		if (n > sizeof(o->buf)) {
			if (fwrite(s, 1, n, o->f) != n)
				o->failed = 1;
			return;
		}
	}
	memcpy(o->buf + o->n, s, n);
	o->n += n;
}

static void out_str(struct out *o, const char *s)
{
	out_mem(o, s, strlen(s));
}

static void out_char(struct out *o, char c)
{
	if (o->n == sizeof(o->buf))
		out_flush(o);
	o->buf[o->n++] = c;
}

static void out_uint(struct out *o, unsigned long long v, int width)
{
	char t[24];
	int n = 0;

	do {
		t[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n < width && n < (int)sizeof(t))
		t[n++] = '0';
	while (n)
		out_char(o, t[--n]);
}

/* One CSV field (RFC 4180), quoted when it holds a comma, a quote, a line break or spaces at
 * an end; NULL and "" are an empty field. */
static void out_csv(struct out *o, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (!n)
		return;
	if (!strpbrk(s, ",\"\r\n") && s[0] != ' ' && s[n - 1] != ' ') {
		out_mem(o, s, n);
		return;
	}
	out_char(o, '"');
	for (; *s; s++) {
		if (*s == '"')
			out_char(o, '"');
		out_char(o, *s);
	}
	out_char(o, '"');
}

/* One JSON value: a string, or null for NULL and "". */
static void out_json(struct out *o, const char *s)
{
	static const char hex[] = "0123456789abcdef";

	if (!s || !*s) {
		out_str(o, "null");
		return;
	}
	out_char(o, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\') {
			out_char(o, '\\');
			out_char(o, (char)c);
		} else if (c < 0x20) {
			out_str(o, "\\u00");
			out_char(o, hex[c >> 4]);
			out_char(o, hex[c & 15]);
		} else {
			out_char(o, (char)c);
		}
	}
	out_char(o, '"');
}

static int out_open(struct out *o, const char *path)
{
	o->path = path;
	o->n = 0;
	o->failed = 0;
	o->f = fopen(path, "wb");
	if (!o->f) {
		fprintf(stderr, "gen-lists: %s: cannot create: %s\n", path, strerror(errno));
		return -1;
	}
	return 0;
}

static int out_close(struct out *o)
{
	int bad;

	out_flush(o);
	bad = o->failed || ferror(o->f);
	if (fclose(o->f))
		bad = 1;
	o->f = NULL;
	if (bad) {
		fprintf(stderr, "gen-lists: %s: write error: %s\n", o->path, strerror(errno));
		return -1;
	}
	return 0;
}

/* --- weighted draws by binary search over cumulative weights (demo_*_pick's semantics) --- */

struct cum {
	uint64_t *c; /* c[i]: the weights of items 0..i */
	size_t n;
};

static void cum_add(struct cum *k, size_t i, unsigned w)
{
	k->c[i] = (i ? k->c[i - 1] : 0) + w;
}

static size_t cum_pick(const struct cum *k, struct demo_rng *r)
{
	uint64_t x = demo_rng_below(r, k->c[k->n - 1]);
	size_t lo = 0, hi = k->n - 1;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (k->c[mid] > x)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

static int chance(struct demo_rng *r, unsigned per_mille)
{
	return demo_rng_below(r, 1000) < per_mille;
}

/* --- a set of 64-bit keys (never 0) with a count each --- */

struct keymap {
	uint64_t *key;
	uint32_t *count;
	size_t mask;
};

static uint64_t mix64(uint64_t x)
{
	x ^= x >> 33;
	x *= 0xff51afd7ed558ccdULL;
	x ^= x >> 33;
	x *= 0xc4ceb9fe1a85ec53ULL;
	x ^= x >> 33;
	return x;
}

static int keymap_init(struct keymap *m, size_t n)
{
	size_t size = 1024;

	while (size < 2 * n)
		size *= 2;
	m->key = pl_calloc(size, sizeof(*m->key));
	m->count = pl_calloc(size, sizeof(*m->count));
	m->mask = size - 1;
	return m->key && m->count ? 0 : -1;
}

static void keymap_release(struct keymap *m)
{
	pl_free(m->key);
	pl_free(m->count);
	m->key = NULL;
	m->count = NULL;
}

/* The count of key, and with add the count after adding one. */
static uint32_t keymap_get(struct keymap *m, uint64_t key, int add)
{
	size_t i = (size_t)mix64(key) & m->mask;

	while (m->key[i] && m->key[i] != key)
		i = (i + 1) & m->mask;
	if (add) {
		m->key[i] = key;
		return ++m->count[i];
	}
	return m->key[i] ? m->count[i] : 0;
}

/* --- code points --- */

/* s as code points in cp[0..*n); -1 when invalid or longer than max */
static int cps_decode(const char *s, int32_t *cp, size_t max, size_t *n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	utf8proc_int32_t c;
	utf8proc_ssize_t r;

	*n = 0;
	while (*p) {
		r = utf8proc_iterate(p, -1, &c);
		if (r <= 0 || *n == max)
			return -1;
		cp[(*n)++] = c;
		p += r;
	}
	return 0;
}

/* cp[0..n) as UTF-8 in out; -1 when it does not fit */
static int cps_encode(const int32_t *cp, size_t n, char *out, size_t size)
{
	size_t len = 0;

	for (size_t i = 0; i < n; i++) {
		utf8proc_uint8_t enc[4];
		utf8proc_ssize_t k = utf8proc_encode_char(cp[i], enc);
		if (k <= 0 || len + (size_t)k >= size)
			return -1;
		memcpy(out + len, enc, (size_t)k);
		len += (size_t)k;
	}
	out[len] = '\0';
	return 0;
}

static int copy_name(char *out, const char *s)
{
	size_t n = strlen(s);

	if (n >= NAME_BUF)
		return -1;
	memcpy(out, s, n + 1);
	return 0;
}

/* s in capitals, in place */
static int upcase(char *s)
{
	int32_t cp[NAME_CPS];
	size_t n;

	if (cps_decode(s, cp, NAME_CPS, &n))
		return -1;
	for (size_t i = 0; i < n; i++)
		cp[i] = utf8proc_toupper(cp[i]);
	return cps_encode(cp, n, s, NAME_BUF);
}

/*
 * A Ukrainian name in Russian letters, letter by letter, where the equivalence data has no
 * Russian form: і -> и, и -> ы, є -> е, ї -> йи, ґ -> г, apostrophes -> ь.
 */
static int by_letter(const char *uk, char *out)
{
	int32_t in[NAME_CPS], cp[2 * NAME_CPS];
	size_t n, k = 0;

	if (cps_decode(uk, in, NAME_CPS, &n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		int32_t c = in[i];
		switch (c) {
		case 0x456: /* і */
			cp[k++] = 0x438;
			break;
		case 0x406: /* І */
			cp[k++] = 0x418;
			break;
		case 0x438: /* и */
			cp[k++] = 0x44B;
			break;
		case 0x418: /* И */
			cp[k++] = 0x42B;
			break;
		case 0x454: /* є */
			cp[k++] = 0x435;
			break;
		case 0x404: /* Є */
			cp[k++] = 0x415;
			break;
		case 0x457: /* ї */
			cp[k++] = 0x439;
			cp[k++] = 0x438;
			break;
		case 0x407: /* Ї */
			cp[k++] = 0x419;
			cp[k++] = 0x438;
			break;
		case 0x491: /* ґ */
			cp[k++] = 0x433;
			break;
		case 0x490: /* Ґ */
			cp[k++] = 0x413;
			break;
		case '\'':
		case 0x2019:
		case 0x2BC:
			cp[k++] = 0x44C; /* ь */
			break;
		default:
			cp[k++] = c;
		}
	}
	return cps_encode(cp, k, out, NAME_BUF);
}

/* --- keyboards and look-alike letters, for typos --- */

struct layout {
	int32_t key[3][16]; /* three rows of letter keys, left to right */
	size_t len[3];
	int32_t pair[40][2]; /* letters typed for one another */
	size_t pairs;
};

static const char *const kb_uk[3] = {"йцукенгшщзхї", "фівапролджє", "ячсмитьбю"};
static const char *const kb_ru[3] = {"йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"};
static const char *const kb_latin[3] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
/*
 * letters typed for one another: sounds a clerk mishears (е/и, о/а), letters of the other
 * language (и/і, е/є), handwriting misread (и/н, л/м, т/ш), voiced and voiceless pairs
 */
static const char *const similar_uk[] = {"еє", "иі", "ії", "ий", "шщ", "гґ", "гх", "еи", "оа",
                                         "зс", "бп", "дт", "вф", "жш", "цч", "ин", "лм", "тш"};
static const char *const similar_ru[] = {"иы", "ий", "шщ", "ьъ", "гх", "её", "еэ", "оа", "еи",
                                         "зс", "бп", "дт", "вф", "жш", "цч", "ин", "лм", "тш"};
static const char *const similar_latin[] = {"iy", "yj", "ea", "oa", "ck", "kh", "sz", "vw", "uv",
                                            "il", "mn", "ei", "eë", "uo", "td", "bp", "gh"};

static int layout_init(struct layout *l, const char *const rows[3], const char *const *pairs,
                       size_t npairs)
{
	for (int r = 0; r < 3; r++)
		if (cps_decode(rows[r], l->key[r], COUNT(l->key[r]), &l->len[r]))
			return -1;
	l->pairs = 0;
	for (size_t i = 0; i < npairs && i < COUNT(l->pair); i++) {
		int32_t cp[2];
		size_t n;
		if (cps_decode(pairs[i], cp, 2, &n) || n != 2)
			return -1;
		l->pair[l->pairs][0] = cp[0];
		l->pair[l->pairs][1] = cp[1];
		l->pairs++;
	}
	return 0;
}

/* The keys next to c (lower case): left and right, and the nearest above and below. */
static size_t kb_neighbours(const struct layout *l, int32_t c, int32_t out[8])
{
	size_t n = 0;

	for (int r = 0; r < 3; r++) {
		for (size_t i = 0; i < l->len[r]; i++) {
			if (l->key[r][i] != c)
				continue;
			if (i > 0)
				out[n++] = l->key[r][i - 1];
			if (i + 1 < l->len[r])
				out[n++] = l->key[r][i + 1];
			/* rows are staggered: the row above is half a key to the left */
			if (r > 0) {
				if (i < l->len[r - 1])
					out[n++] = l->key[r - 1][i];
				if (i + 1 < l->len[r - 1])
					out[n++] = l->key[r - 1][i + 1];
			}
			if (r < 2) {
				if (i > 0 && i - 1 < l->len[r + 1])
					out[n++] = l->key[r + 1][i - 1];
				if (i < l->len[r + 1])
					out[n++] = l->key[r + 1][i];
			}
			return n;
		}
	}
	return 0;
}

static size_t look_alikes(const struct layout *l, int32_t c, int32_t out[8])
{
	size_t n = 0;

	for (size_t i = 0; i < l->pairs && n < 8; i++) {
		if (l->pair[i][0] == c)
			out[n++] = l->pair[i][1];
		else if (l->pair[i][1] == c)
			out[n++] = l->pair[i][0];
	}
	return n;
}

static int is_letter(int32_t c)
{
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
		return 1;
	default:
		return 0;
	}
}

/* x in the case of like */
static int32_t case_like(int32_t x, int32_t like)
{
	return utf8proc_toupper(like) == like && utf8proc_tolower(like) != like
	               ? utf8proc_toupper(x)
	               : x;
}

enum typo {
	TYPO_NONE,
	TYPO_DELETION,
	TYPO_INSERTION,
	TYPO_SUBSTITUTION,
	TYPO_TRANSPOSITION,
	TYPO__MAX
};
static const char *const typo_names[TYPO__MAX] = {"none", "deletion", "insertion", "substitution",
                                                  "transposition"};

/* A letter to type for c: a key next to it or a look-alike (each first with chance 1/2). */
static int32_t wrong_letter(const struct layout *l, int32_t c, struct demo_rng *r)
{
	int32_t near[8], like[8], lower = utf8proc_tolower(c);
	size_t nn = kb_neighbours(l, lower, near), nl = look_alikes(l, lower, like);
	int keyboard = demo_rng_below(r, 2) == 0;

	if ((keyboard && nn) || !nl)
		return nn ? case_like(near[demo_rng_below(r, nn)], c) : 0;
	return case_like(like[demo_rng_below(r, nl)], c);
}

/*
 * One edit of kind in the name s (letters only; apostrophes and hyphens stay). A deletion
 * needs three letters and a transposition two different neighbours, else the edit becomes a
 * substitution. Returns the kind applied, or TYPO_NONE when s has fewer than two letters or
 * does not fit.
 */
static int typo_apply(char *s, int kind, const struct layout *l, struct demo_rng *r)
{
	int32_t cp[NAME_CPS + 1], c, like;
	size_t n, pos[NAME_CPS], letters = 0, p;

	if (cps_decode(s, cp, NAME_CPS, &n))
		return TYPO_NONE;
	for (size_t i = 0; i < n; i++)
		if (is_letter(cp[i]))
			pos[letters++] = i;
	if (letters < 2)
		return TYPO_NONE;
	if (kind == TYPO_DELETION && letters < 3)
		kind = TYPO_SUBSTITUTION;
	if (kind == TYPO_TRANSPOSITION) {
		size_t cand[NAME_CPS], nc = 0;
		for (size_t i = 0; i + 1 < n; i++)
			if (is_letter(cp[i]) && is_letter(cp[i + 1]) &&
			    utf8proc_tolower(cp[i]) != utf8proc_tolower(cp[i + 1]))
				cand[nc++] = i;
		if (!nc) {
			kind = TYPO_SUBSTITUTION;
		} else {
			size_t i = cand[demo_rng_below(r, nc)];
			int32_t a = cp[i], b = cp[i + 1];
			/* the letters move, the case stays where it was ("Ivan" -> "Vian") */
			cp[i] = case_like(utf8proc_tolower(b), a);
			cp[i + 1] = case_like(utf8proc_tolower(a), b);
			goto done;
		}
	}
	p = pos[demo_rng_below(r, letters)];
	switch (kind) {
	case TYPO_DELETION:
		if (p == 0)
			cp[1] = case_like(utf8proc_tolower(cp[1]), cp[0]);
		memmove(cp + p, cp + p + 1, (n - p - 1) * sizeof(*cp));
		n--;
		break;
	case TYPO_INSERTION:
		if (n == NAME_CPS)
			return TYPO_NONE;
		/* a doubled letter, or a key next to it struck with it */
		c = cp[p];
		if (demo_rng_below(r, 2)) {
			int32_t near[8];
			size_t nn = kb_neighbours(l, utf8proc_tolower(cp[p]), near);
			if (nn)
				c = near[demo_rng_below(r, nn)];
		}
		/* in the case of the letter it goes before, or after at the end of a word */
		like = p + 1 < n && is_letter(cp[p + 1]) ? cp[p + 1] : cp[p];
		memmove(cp + p + 2, cp + p + 1, (n - p - 1) * sizeof(*cp));
		cp[p + 1] = case_like(utf8proc_tolower(c), like);
		n++;
		break;
	default: /* TYPO_SUBSTITUTION */
		kind = TYPO_SUBSTITUTION;
		for (int tries = 0;; tries++) {
			c = wrong_letter(l, cp[p], r);
			if (c)
				break;
			if (tries == 20)
				return TYPO_NONE;
			p = pos[demo_rng_below(r, letters)];
		}
		cp[p] = c;
		break;
	}
done:
	return cps_encode(cp, n, s, NAME_BUF) ? TYPO_NONE : kind;
}

/* --- names from Debian's hunspell-uk dictionary (--names hunspell or mixed) --- */

/*
 * The pools names are drawn from: demo-names.c's lists, then (hunspell, mixed) the names read
 * from the dictionary, each of weight one. A person's names are indexes into these.
 */
struct pools {
	struct demo_given *given[2]; /* male, female */
	size_t given_n[2], demo_given_n[2];
	struct demo_surname *surn;
	size_t surn_n, demo_surn_n;
	char *text;  /* the dictionary's text: the names read point into it */
	char **made; /* feminine surnames made here */
	size_t made_n, dict_words;
	size_t by_end[16]; /* surnames read, by the rule that took them */
};

/*
 * Surnames of the dictionary: a capitalised word with one of these endings and the flag of
 * the declension of persons' names of that ending (flags of uk_UA.aff: 1 nouns of persons,
 * ':' with it nouns of persons in -к/-ч, E adjectives, C surnames in -ов/-ін, 3 nouns in
 * -ець); the feminine form by the ending (NULL: the same word).
 */
static const struct surname_rule {
	const char *end, *flags, *fem_from, *fem_to;
} surname_rules[] = {
        {"енко", "1", NULL, NULL}, {"ук", "1:", NULL, NULL},  {"юк", "1:", NULL, NULL},
        {"ак", "1:", NULL, NULL},  {"ик", "1:", NULL, NULL},  {"ич", "1:", NULL, NULL},
        {"ський", "E", "ий", "а"}, {"цький", "E", "ий", "а"}, {"ов", "C", "", "а"},
        {"ев", "C", "", "а"},      {"єв", "C", "", "а"},      {"ів", "C", NULL, NULL},
        {"ін", "C", "", "а"},      {"ин", "C", NULL, NULL},   {"ець", "3", NULL, NULL},
};
_Static_assert(COUNT(surname_rules) <= COUNT(((struct pools *)0)->by_end), "by_end");

/* a set of the dictionary's words, by open addressing (the strings are not copied) */
struct wordset {
	const char **w;
	size_t mask;
};

static uint64_t fnv64(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return h;
}

static int wordset_init(struct wordset *ws, size_t n)
{
	size_t size = 1024;

	while (size < 2 * n)
		size *= 2;
	ws->mask = size - 1;
	ws->w = pl_calloc(size, sizeof(*ws->w));
	return ws->w ? 0 : -1;
}

/* the stored word equal to w (added first when add), or NULL */
static const char *wordset_get(struct wordset *ws, const char *w, int add)
{
	size_t i = (size_t)fnv64(w) & ws->mask;

	while (ws->w[i] && strcmp(ws->w[i], w) != 0)
		i = (i + 1) & ws->mask;
	if (!ws->w[i] && add)
		ws->w[i] = w;
	return ws->w[i];
}

static int ends_with(const char *s, const char *end)
{
	size_t n = strlen(s), k = strlen(end);

	return n >= k && !memcmp(s + n - k, end, k);
}

static int has_flags(const char *flags, const char *want)
{
	for (; *want; want++)
		if (!strchr(flags, *want))
			return 0;
	return 1;
}

/*
 * A capitalised Ukrainian word: a capital letter of the Ukrainian alphabet (not Ь), then at
 * least one small letter or apostrophe and nothing else (no hyphen, no Russian-only letter).
 */
static int dict_name_word(const char *w)
{
	int32_t cp[NAME_CPS];
	size_t n;

	if (cps_decode(w, cp, NAME_CPS, &n) || n < 2)
		return 0;
	for (size_t i = 0; i < n; i++) {
		int32_t c = cp[i];
		int ok = i ? (c >= 0x430 && c <= 0x44F && c != 0x44A && c != 0x44B && c != 0x44D) ||
		                         c == 0x454 || c == 0x456 || c == 0x457 || c == 0x491 ||
		                         c == '\''
		           : (c >= 0x410 && c <= 0x42F && c != 0x42A && c != 0x42B && c != 0x42C &&
		              c != 0x42D) ||
		                         c == 0x404 || c == 0x406 || c == 0x407 || c == 0x490;
		if (!ok) /* Ъ Ы Э Ё are Russian; no word starts with Ь */
			return 0;
	}
	return 1;
}

/*
 * The patronymics of a male given name by the rules of Ukrainian: Олег -> Олегович,
 * Олегівна; Сергій -> Сергійович, Сергіївна; Василь -> Васильович, Василівна; Петро ->
 * Петрович, Петрівна; Микола -> Миколайович, Миколаївна. 0 when the name ends otherwise.
 */
static int dict_patronymics(const char *w, char *m, char *f, size_t size)
{
	size_t n = strlen(w);
	int rc;

	if (ends_with(w, "й") || ends_with(w, "ь")) {
		size_t stem = n - strlen("й");
		rc = snprintf(m, size, "%sович", w) < (int)size &&
		     snprintf(f, size, "%.*s%s", (int)stem, w,
		              ends_with(w, "й") ? "ївна" : "івна") < (int)size;
	} else if (ends_with(w, "о")) {
		size_t stem = n - strlen("о");
		rc = snprintf(m, size, "%.*sович", (int)stem, w) < (int)size &&
		     snprintf(f, size, "%.*sівна", (int)stem, w) < (int)size;
	} else if (ends_with(w, "а")) {
		rc = snprintf(m, size, "%sйович", w) < (int)size &&
		     snprintf(f, size, "%sївна", w) < (int)size;
	} else {
		static const char *const vowels[] = {"е", "є", "и", "і", "ї", "у", "ю", "я", "'"};
		for (size_t i = 0; i < COUNT(vowels); i++)
			if (ends_with(w, vowels[i]))
				return 0;
		rc = snprintf(m, size, "%sович", w) < (int)size &&
		     snprintf(f, size, "%sівна", w) < (int)size;
	}
	return rc;
}

static int pools_made(struct pools *pl, char *s)
{
	char **v = pl_realloc(pl->made, (pl->made_n + 1) * sizeof(*v));

	if (!v || !s) {
		pl_free(s);
		if (v)
			pl->made = v;
		return -1;
	}
	pl->made = v;
	pl->made[pl->made_n++] = s;
	return 0;
}

/* entries of a pool: the demo list, then room for n more */
static void *pool_grow(void *v, size_t size, size_t *cap, size_t need)
{
	void *w;

	if (need <= *cap)
		return v;
	*cap = need * 2;
	w = pl_realloc(v, *cap * size);
	if (!w)
		pl_free(v);
	return w;
}

/*
 * Reads the dictionary at path into pl: male given names (a capitalised word whose two
 * patronymics are words of the dictionary too), female given names (a capitalised word in -а
 * or -я with the flags of women's names: %, ; and h; not a patronymic, not in -ка), surnames
 * (surname_rules, not a given name, not a patronymic, without the flag of given names' vocative
 * $ and without the flags of places @ z 2 and possessives j). Words in the file's order.
 * Returns 0, or -1 with a message on standard error.
 */
static int pools_read_dict(struct pools *pl, const char *path)
{
	FILE *f = fopen(path, "rb");
	struct wordset all = {0}, taken = {0};
	size_t len = 0, cap = 0, nlines = 0, caps[3];
	char **word = NULL, **flags = NULL;
	int rc = -1;

	if (!f) {
		fprintf(stderr,
		        "gen-lists: --dict: %s: cannot read: %s (the dictionary of Debian's "
		        "hunspell-uk package)\n",
		        path, strerror(errno));
		return -3;
	}
	for (;;) { /* the whole file */
		size_t got;
		if (len + 65536 + 1 > cap) {
			char *t = pl_realloc(pl->text, cap = 2 * cap + 65536 + 1);
			if (!t)
				goto oom;
			pl->text = t;
		}
		got = fread(pl->text + len, 1, cap - len - 1, f);
		len += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		fprintf(stderr, "gen-lists: --dict: %s: read error\n", path);
		rc = -3;
		goto out;
	}
	pl->text[len] = '\0';
	for (size_t i = 0; i < len; i++)
		nlines += pl->text[i] == '\n';
	word = pl_calloc(nlines + 1, sizeof(*word));
	flags = pl_calloc(nlines + 1, sizeof(*flags));
	if (!word || !flags || wordset_init(&all, nlines + 1) || wordset_init(&taken, nlines + 1))
		goto oom;
	/* the first line is the count of words; then word[/flags] a line */
	nlines = 0;
	for (char *line = strchr(pl->text, '\n'); line && line[1];) {
		char *end = strchr(++line, '\n'), *slash;
		if (end)
			*end = '\0';
		if ((slash = strchr(line, '/'))) {
			*slash = '\0';
			flags[nlines] = slash + 1;
		} else {
			flags[nlines] = line + strlen(line);
		}
		word[nlines++] = line;
		wordset_get(&all, line, 1);
		line = end;
	}
	pl->dict_words = nlines;
	if (!nlines) {
		fprintf(stderr, "gen-lists: --dict: %s: no words in it\n", path);
		rc = -3;
		goto out;
	}
	caps[0] = pl->given_n[0];
	caps[1] = pl->given_n[1];
	caps[2] = pl->surn_n;
	for (size_t i = 0; i < nlines; i++) { /* given names */
		char m[NAME_BUF], fm[NAME_BUF];
		const char *pm, *pf;
		struct demo_given *e;
		int sex;
		if (!dict_name_word(word[i]))
			continue;
		if (dict_patronymics(word[i], m, fm, sizeof(m)) && (pm = wordset_get(&all, m, 0)) &&
		    (pf = wordset_get(&all, fm, 0))) {
			sex = 0;
			wordset_get(&taken, pm, 1);
			wordset_get(&taken, pf, 1);
		} else if ((ends_with(word[i], "а") || ends_with(word[i], "я")) &&
		           has_flags(flags[i], "%;h") && !ends_with(word[i], "івна") &&
		           !ends_with(word[i], "ївна") && !ends_with(word[i], "ка")) {
			sex = 1;
			pm = pf = NULL;
		} else {
			continue;
		}
		if (!(pl->given[sex] = pool_grow(pl->given[sex], sizeof(*pl->given[sex]),
		                                 &caps[sex], pl->given_n[sex] + 1)))
			goto oom;
		e = &pl->given[sex][pl->given_n[sex]++];
		e->name = word[i];
		e->weight = 1;
		e->patr_m = pm;
		e->patr_f = pf;
		wordset_get(&taken, word[i], 1);
	}
	for (size_t i = 0; i < nlines; i++) { /* surnames */
		const char *w = word[i];
		size_t r;
		struct demo_surname *e;
		if (!dict_name_word(w) || wordset_get(&taken, w, 0) || strpbrk(flags[i], "$@z2j"))
			continue;
		for (r = 0; r < COUNT(surname_rules); r++)
			if (ends_with(w, surname_rules[r].end) &&
			    has_flags(flags[i], surname_rules[r].flags))
				break;
		if (r == COUNT(surname_rules))
			continue;
		if (!(pl->surn = pool_grow(pl->surn, sizeof(*pl->surn), &caps[2], pl->surn_n + 1)))
			goto oom;
		e = &pl->surn[pl->surn_n++];
		e->m = e->f = w;
		e->weight = 1;
		if (surname_rules[r].fem_from) {
			size_t n = strlen(w) - strlen(surname_rules[r].fem_from);
			char buf[NAME_BUF];
			if (snprintf(buf, sizeof(buf), "%.*s%s", (int)n, w,
			             surname_rules[r].fem_to) >= (int)sizeof(buf) ||
			    pools_made(pl, pl_strdup(buf)))
				goto oom;
			e->f = pl->made[pl->made_n - 1];
		}
		pl->by_end[r]++;
	}
	if (pl->given_n[0] == pl->demo_given_n[0] || pl->given_n[1] == pl->demo_given_n[1] ||
	    pl->surn_n == pl->demo_surn_n || pl->given_n[0] > 60000 || pl->given_n[1] > 60000 ||
	    pl->surn_n > 60000) {
		fprintf(stderr,
		        "gen-lists: --dict: %s: not hunspell-uk's dictionary (%zu male and %zu "
		        "female "
		        "given names, %zu surnames found)\n",
		        path, pl->given_n[0] - pl->demo_given_n[0],
		        pl->given_n[1] - pl->demo_given_n[1], pl->surn_n - pl->demo_surn_n);
		rc = -3;
		goto out;
	}
	rc = 0;
	goto out;
oom:
	fprintf(stderr, "gen-lists: out of memory\n");
out:
	fclose(f);
	pl_free(all.w);
	pl_free(taken.w);
	pl_free(word);
	pl_free(flags);
	return rc;
}

/* The pools: demo-names.c's lists, and with dict the dictionary's names after them. */
static int pools_init(struct pools *pl, const char *dict)
{
	memset(pl, 0, sizeof(*pl));
	pl->demo_given_n[0] = pl->given_n[0] = demo_uk_male_n;
	pl->demo_given_n[1] = pl->given_n[1] = demo_uk_female_n;
	pl->demo_surn_n = pl->surn_n = demo_uk_surnames_n;
	pl->given[0] = pl_calloc(demo_uk_male_n, sizeof(*pl->given[0]));
	pl->given[1] = pl_calloc(demo_uk_female_n, sizeof(*pl->given[1]));
	pl->surn = pl_calloc(demo_uk_surnames_n, sizeof(*pl->surn));
	if (!pl->given[0] || !pl->given[1] || !pl->surn) {
		fprintf(stderr, "gen-lists: out of memory\n");
		return -1;
	}
	memcpy(pl->given[0], demo_uk_male, demo_uk_male_n * sizeof(*pl->given[0]));
	memcpy(pl->given[1], demo_uk_female, demo_uk_female_n * sizeof(*pl->given[1]));
	memcpy(pl->surn, demo_uk_surnames, demo_uk_surnames_n * sizeof(*pl->surn));
	return dict ? pools_read_dict(pl, dict) : 0;
}

static void pools_release(struct pools *pl)
{
	pl_free(pl->given[0]);
	pl_free(pl->given[1]);
	pl_free(pl->surn);
	pl_free(pl->text);
	for (size_t i = 0; i < pl->made_n; i++)
		pl_free(pl->made[i]);
	pl_free(pl->made);
	memset(pl, 0, sizeof(*pl));
}

/* --- the generator --- */

/* A person as drawn: indexes into demo-names.c, a birth date, a unit. */
struct person {
	uint16_t surname; /* the pool of surnames */
	uint16_t given;   /* the pool of male, or for women female, given names */
	uint16_t father;  /* the pool of male given names: the patronymic */
	uint16_t unit;    /* demo_uk_units plus one; 0: none (civilians) */
	uint16_t year;
	uint8_t month, day; /* 0, 0: the year only */
	uint8_t female;
};

enum script { SCRIPT_UK, SCRIPT_RU, SCRIPT_LATIN, SCRIPT__MAX };
static const char *const script_names[SCRIPT__MAX] = {"uk", "ru", "latin"};
enum caps { CAPS_NONE, CAPS_ALL, CAPS_FAMILY, CAPS__MAX };
static const char *const caps_names[CAPS__MAX] = {"none", "all", "family"};
enum distractor { DIST_NONE, DIST_RANDOM, DIST_NAMESAKE, DIST_SIBLING, DIST_DISTINCT, DIST__MAX };
static const char *const dist_names[DIST__MAX] = {"none", "random", "namesake", "sibling",
                                                  "distinct"};
enum names_src { NAMES_DEMO, NAMES_HUNSPELL, NAMES_MIXED, NAMES__MAX };
static const char *const names_src_names[NAMES__MAX] = {"demo", "hunspell", "mixed"};
enum initials { INITIALS_NONE, INITIALS_SPLIT, INITIALS_JOINED, INITIALS__MAX };
static const char *const initials_names[INITIALS__MAX] = {"none", "split", "joined"};
/* the classes of issue 14 a row belongs to (the truth's classes column) */
enum class {
	CLASS_RARE_GIVEN,
	CLASS_LATIN_TS,
	CLASS_RU_VOWELS2,
	CLASS_DISTINCT_NAMES,
	CLASS_RU_TYPO,
	CLASS_INITIALS,
	CLASS_TWINS,
	CLASS__MAX
};
static const char *const class_names[CLASS__MAX] = {
        "rare_given", "latin_ts", "ru_vowels2", "distinct_names", "ru_typo", "initials", "twins"};
enum date_noise { DATE_NONE, DATE_SWAP, DATE_YEAR_ONLY, DATE_YEAR_OFF, DATE__MAX };
static const char *const date_names[DATE__MAX] = {"none", "swap", "year_only", "year_off"};
enum field { F_FAMILY, F_GIVEN, F_PATRONYMIC, F__MAX };
static const char *const field_names[F__MAX] = {"family_name", "given_name", "patronymic"};
enum unit_noise { UNIT_GIVEN, UNIT_WRONG, UNIT_MISSING, UNIT_NONE, UNIT_NA, UNIT__MAX };
static const char *const unit_names[UNIT__MAX] = {"given", "wrong", "missing", "none", "n/a"};

/* Russian forms, made on first use */
struct ru_form {
	char *s;
	int by_letter; /* 1: no equivalence data; made letter by letter */
};

struct stats {
	size_t rows, dist[DIST__MAX], script[SCRIPT__MAX], sys[PL_TRANSLIT__MAX], caps[CAPS__MAX];
	size_t typo[TYPO__MAX], typo_field[F__MAX], no_patronymic, date[DATE__MAX], swapped;
	size_t unit[UNIT__MAX], by_letter_rows, by_letter[F__MAX], twin_rows, sentinel_failed;
	size_t initials[INITIALS__MAX], by_ear, classes[CLASS__MAX], from_dict[F__MAX];
	size_t reg_women, reg_civilians, reg_year_only, reg_twins;
};

#define PARTNERS_MAX 4

struct gen {
	struct person *reg;
	size_t n;
	int names;                                /* enum names_src */
	struct pools pool;                        /* the names drawn from */
	struct cum male, female, surnames, ranks; /* demo-names.c's weights */
	uint16_t *male_class, *female_class, *surname_class[2];
	size_t groups;     /* given-name groups of the equivalence data: classes below are theirs */
	uint32_t *bearers; /* registry persons by the class of their surname's masculine form */
	size_t surname_classes;
	/* given names that are other names the data or the skeletons could join (Ігор, Єгор) */
	uint16_t (*partner[2])[PARTNERS_MAX];
	uint8_t *npartners[2];
	struct keymap near;  /* (surname, given name, birth year) of the registry */
	struct keymap twins; /* (surname, given name, patronymic, birth date) of the registry */
	uint8_t *used;       /* registry persons already in the list, a bit each */
	size_t *shifts;      /* registry persons whose surname has a form by ear (made on use) */
	size_t nshifts, shifts_left;
	int shifts_made;
	struct ru_form *ru_given[2], *ru_patr[2], *ru_surname[2], *ru_ear[2];
	struct layout kb_uk, kb_ru, kb_latin;
	long capture_first, capture_last;
	struct stats st;
};

static const struct demo_given *given_of(const struct gen *g, const struct person *p)
{
	return &g->pool.given[p->female][p->given];
}

static const char *surname_of(const struct gen *g, const struct person *p)
{
	return p->female ? g->pool.surn[p->surname].f : g->pool.surn[p->surname].m;
}

static const char *patronymic_of(const struct gen *g, const struct person *p)
{
	return p->female ? g->pool.given[0][p->father].patr_f : g->pool.given[0][p->father].patr_m;
}

static uint16_t given_class(const struct gen *g, const struct person *p)
{
	return p->female ? g->female_class[p->given] : g->male_class[p->given];
}

/* (surname, given name, birth year): what may not repeat between a distractor and the
 * registry */
static uint64_t near_key(const struct gen *g, const struct person *p, int year)
{
	return (uint64_t)g->surname_class[p->female][p->surname] << 32 |
	       (uint64_t)given_class(g, p) << 16 | (uint64_t)(unsigned)year;
}

/* surname, given name, patronymic, sex and birth date, as the equivalence tables see them */
static uint64_t twin_key(const struct gen *g, const struct person *p)
{
	uint64_t k = mix64((uint64_t)g->surname_class[p->female][p->surname] << 32 |
	                   (uint64_t)given_class(g, p) << 16 | g->male_class[p->father]);

	k = mix64(k ^ ((uint64_t)p->year << 16 | (uint64_t)p->month << 8 | p->day) << 1 ^
	          p->female);
	return k ? k : 1;
}

static int absent(struct gen *g, const struct person *p)
{
	for (int y = p->year - 1; y <= p->year + 1; y++)
		if (keymap_get(&g->near, near_key(g, p, y), 0))
			return 0;
	return 1;
}

static int cum_alloc(struct cum *k, size_t n)
{
	k->n = n;
	k->c = pl_calloc(n, sizeof(*k->c));
	return k->c ? 0 : -1;
}

/* the class of a given name: its equivalence group, else a number of its own */
static int given_classes(const struct demo_given *list, size_t n, size_t groups, size_t offset,
                         uint16_t *out)
{
	for (size_t i = 0; i < n; i++) {
		int id = pl_equiv_given_group(list[i].name);
		size_t c = id >= 0 ? (size_t)id : groups + offset + i;
		if (c > UINT16_MAX) /* near_key has 16 bits */
			return -1;
		out[i] = (uint16_t)c;
	}
	return 0;
}

/* the class of a surname: surnames with one loose key (Білик, Билик) are one class */
static int surname_classes(struct gen *g)
{
	size_t n = g->pool.surn_n, nkeys = 0, size = 1024;
	uint64_t *hash;
	uint32_t *id;
	int rc = -1;

	while (size < 4 * n)
		size *= 2;
	hash = pl_calloc(size, sizeof(*hash));
	id = pl_calloc(size, sizeof(*id));
	if (!hash || !id)
		goto out;
	for (int f = 0; f < 2; f++) {
		for (size_t i = 0; i < n; i++) {
			const char *s = f ? g->pool.surn[i].f : g->pool.surn[i].m;
			char *key;
			uint64_t h;
			size_t k;
			struct pl_error err;
			if (pl_name_normalize(s, PL_NAME_LOOSE, &key, &err)) {
				fprintf(stderr, "gen-lists: %s: %s\n", s, err.msg);
				goto out;
			}
			/* keys by a 64-bit hash: a collision among 10^5 keys has odds of 10^-9 */
			h = fnv64(key) | 1;
			pl_free(key);
			for (k = (size_t)mix64(h) & (size - 1); hash[k] && hash[k] != h;
			     k = (k + 1) & (size - 1))
				;
			if (!hash[k]) {
				hash[k] = h;
				id[k] = (uint32_t)nkeys++;
			}
			g->surname_class[f][i] = (uint16_t)id[k];
		}
	}
	g->surname_classes = nkeys;
	rc = nkeys <= UINT16_MAX ? 0 : -1;
out:
	pl_free(hash);
	pl_free(id);
	return rc;
}

/* a name's skeleton (search.h), "" when it has none */
static void skeleton(const char *s, char out[PL_SEARCH_KEY_MAX])
{
	struct pl_error err;

	if (pl_search_skeleton(s, out, PL_SEARCH_KEY_MAX, &err))
		out[0] = '\0';
}

/*
 * Given names that are other names (each of its own group of the equivalence data) but that
 * the skeletons of search join, in Ukrainian or in their first Russian form (Ігор, Єгор:
 * Игорь, Егор); and the pairs given.tsv names as related but separate names, but for
 * Олесь and Олександр, which diminutives.tsv links as a pet form (a list may mean one by
 * the other).
 */
static int find_partners(struct gen *g)
{
	static const char *const related[][2] = {
	        {"Юрій", "Георгій"}, {"Юрій", "Єгор"},   {"Георгій", "Єгор"}, {"Олена", "Альона"},
	        {"Ірина", "Ярина"},  {"Ірина", "Арина"}, {"Ярина", "Арина"},
	};
	for (int f = 0; f < 2; f++) {
		size_t n = g->pool.given_n[f];
		const uint16_t *cls = f ? g->female_class : g->male_class;
		char(*sk)[2][PL_SEARCH_KEY_MAX] = pl_calloc(n, sizeof(*sk));

		g->partner[f] = pl_calloc(n, sizeof(*g->partner[f]));
		g->npartners[f] = pl_calloc(n, 1);
		if (!sk || !g->partner[f] || !g->npartners[f]) {
			pl_free(sk);
			return -1;
		}
		for (size_t i = 0; i < n; i++) {
			const struct pl_equiv_group *grp = pl_equiv_group(cls[i]);
			if (cls[i] >= g->groups || !grp)
				continue;
			skeleton(g->pool.given[f][i].name, sk[i][0]);
			skeleton(grp->ru_n ? grp->ru[0] : g->pool.given[f][i].name, sk[i][1]);
		}
		for (size_t i = 0; i < n; i++) {
			for (size_t j = 0; j < n; j++) {
				int join = 0;
				if (cls[i] >= g->groups || cls[j] >= g->groups || cls[i] == cls[j])
					continue;
				join = (sk[i][0][0] && !strcmp(sk[i][0], sk[j][0])) ||
				       (sk[i][1][0] && !strcmp(sk[i][1], sk[j][1]));
				for (size_t k = 0; k < COUNT(related) && !join; k++)
					join = (!strcmp(g->pool.given[f][i].name, related[k][0]) &&
					        !strcmp(g->pool.given[f][j].name, related[k][1])) ||
					       (!strcmp(g->pool.given[f][i].name, related[k][1]) &&
					        !strcmp(g->pool.given[f][j].name, related[k][0]));
				if (join && g->npartners[f][i] < PARTNERS_MAX)
					g->partner[f][i][g->npartners[f][i]++] = (uint16_t)j;
			}
		}
		pl_free(sk);
	}
	return 0;
}

static int gen_init(struct gen *g, size_t n, int list, int names, const char *dict)
{
	size_t groups, nm, nf, ns;
	struct pl_error err;

	memset(g, 0, sizeof(*g));
	g->names = names;
	switch (pools_init(&g->pool, names == NAMES_DEMO ? NULL : dict)) {
	case 0:
		break;
	case -3:
		return -3;
	default:
		return -2;
	}
	if (pl_equiv_init(&err)) {
		fprintf(stderr, "gen-lists: %s\n", err.msg);
		return -2;
	}
	if (pl_equiv_group_count(&groups))
		return -1;
	g->groups = groups;
	nm = g->pool.given_n[0];
	nf = g->pool.given_n[1];
	ns = g->pool.surn_n;
	g->n = n;
	g->capture_first = pl_days_from_civil(CAPTURE_FIRST_Y, CAPTURE_FIRST_M, CAPTURE_FIRST_D);
	g->capture_last = pl_days_from_civil(CAPTURE_LAST_Y, CAPTURE_LAST_M, CAPTURE_LAST_D);
	if (cum_alloc(&g->male, demo_uk_male_n) || cum_alloc(&g->female, demo_uk_female_n) ||
	    cum_alloc(&g->surnames, demo_uk_surnames_n) || cum_alloc(&g->ranks, demo_uk_ranks_n))
		return -1;
	for (size_t i = 0; i < demo_uk_male_n; i++)
		cum_add(&g->male, i, demo_uk_male[i].weight);
	for (size_t i = 0; i < demo_uk_female_n; i++)
		cum_add(&g->female, i, demo_uk_female[i].weight);
	for (size_t i = 0; i < demo_uk_surnames_n; i++)
		cum_add(&g->surnames, i, demo_uk_surnames[i].weight);
	for (size_t i = 0; i < demo_uk_ranks_n; i++)
		cum_add(&g->ranks, i, demo_uk_rank_weights[i]);
	g->male_class = pl_calloc(nm, sizeof(uint16_t));
	g->female_class = pl_calloc(nf, sizeof(uint16_t));
	g->surname_class[0] = pl_calloc(ns, sizeof(uint16_t));
	g->surname_class[1] = pl_calloc(ns, sizeof(uint16_t));
	g->reg = pl_calloc(n, sizeof(*g->reg));
	if (!g->male_class || !g->female_class || !g->surname_class[0] || !g->surname_class[1] ||
	    !g->reg)
		return -1;
	if (given_classes(g->pool.given[0], nm, groups, 0, g->male_class) ||
	    given_classes(g->pool.given[1], nf, groups, nm, g->female_class) || surname_classes(g))
		return -1;
	if (!(g->bearers = pl_calloc(g->surname_classes, sizeof(*g->bearers))) || find_partners(g))
		return -1;
	if (keymap_init(&g->near, n) || keymap_init(&g->twins, n))
		return -1;
	if (list) {
		g->used = pl_calloc(n / 8 + 1, 1);
		for (int f = 0; f < 2; f++) {
			g->ru_given[f] = pl_calloc(f ? nf : nm, sizeof(struct ru_form));
			g->ru_patr[f] = pl_calloc(nm, sizeof(struct ru_form));
			g->ru_surname[f] = pl_calloc(ns, sizeof(struct ru_form));
			g->ru_ear[f] = pl_calloc(ns, sizeof(struct ru_form));
			if (!g->ru_given[f] || !g->ru_patr[f] || !g->ru_surname[f] || !g->ru_ear[f])
				return -1;
		}
		if (!g->used || layout_init(&g->kb_uk, kb_uk, similar_uk, COUNT(similar_uk)) ||
		    layout_init(&g->kb_ru, kb_ru, similar_ru, COUNT(similar_ru)) ||
		    layout_init(&g->kb_latin, kb_latin, similar_latin, COUNT(similar_latin)))
			return -1;
	}
	return 0;
}

static void ru_forms_free(struct ru_form *v, size_t n)
{
	if (!v)
		return;
	for (size_t i = 0; i < n; i++)
		pl_free(v[i].s);
	pl_free(v);
}

static void gen_release(struct gen *g)
{
	pl_free(g->male.c);
	pl_free(g->female.c);
	pl_free(g->surnames.c);
	pl_free(g->ranks.c);
	pl_free(g->male_class);
	pl_free(g->female_class);
	pl_free(g->surname_class[0]);
	pl_free(g->surname_class[1]);
	pl_free(g->bearers);
	pl_free(g->reg);
	pl_free(g->used);
	pl_free(g->shifts);
	keymap_release(&g->near);
	keymap_release(&g->twins);
	for (int f = 0; f < 2; f++) {
		ru_forms_free(g->ru_given[f], g->pool.given_n[f]);
		ru_forms_free(g->ru_patr[f], g->pool.given_n[0]);
		ru_forms_free(g->ru_surname[f], g->pool.surn_n);
		ru_forms_free(g->ru_ear[f], g->pool.surn_n);
		pl_free(g->partner[f]);
		pl_free(g->npartners[f]);
	}
	pools_release(&g->pool);
	pl_equiv_release();
}

/* Draws from the pools: demo-names.c's weights, the dictionary's names each alike, or a coin
 * between the two (--names). In demo mode exactly the draws of demo-names.c's weights. */
static int from_dict(struct gen *g, struct demo_rng *r)
{
	return g->names == NAMES_HUNSPELL || (g->names == NAMES_MIXED && demo_rng_below(r, 2));
}

static uint16_t pick_surname(struct gen *g, struct demo_rng *r)
{
	if (!from_dict(g, r))
		return (uint16_t)cum_pick(&g->surnames, r);
	return (uint16_t)(g->pool.demo_surn_n +
	                  demo_rng_below(r, g->pool.surn_n - g->pool.demo_surn_n));
}

static uint16_t pick_given(struct gen *g, struct demo_rng *r, int female)
{
	if (!from_dict(g, r))
		return (uint16_t)cum_pick(female ? &g->female : &g->male, r);
	return (uint16_t)(g->pool.demo_given_n[female] +
	                  demo_rng_below(r,
	                                 g->pool.given_n[female] - g->pool.demo_given_n[female]));
}

/* an age in years at capture (demo.c's shares: servicemen are 18 to 62, civilians to 82) */
static int draw_age(struct demo_rng *r, int civilian)
{
	static const uint64_t mil_w[] = {15, 30, 30, 20, 5};
	static const int mil_lo[] = {18, 25, 35, 45, 55}, mil_hi[] = {24, 34, 44, 54, 62};
	static const uint64_t civ_w[] = {12, 28, 35, 25};
	static const int civ_lo[] = {18, 30, 45, 60}, civ_hi[] = {29, 44, 59, 82};
	const uint64_t *w = civilian ? civ_w : mil_w;
	const int *lo = civilian ? civ_lo : mil_lo, *hi = civilian ? civ_hi : mil_hi;
	uint64_t x = demo_rng_below(r, 100);
	size_t i = 0;

	while (x >= w[i]) {
		x -= w[i];
		i++;
	}
	return lo[i] + (int)demo_rng_below(r, (uint64_t)hi[i] - (uint64_t)lo[i] + 1);
}

/* a birth date some years before a capture day, by the registry's precision shares */
static void draw_birth(struct demo_rng *r, struct person *p, long capture, int civilian)
{
	int age = draw_age(r, civilian), y;
	unsigned m, d;

	pl_civil_from_days(capture - age * 365L - (long)demo_rng_below(r, 365), &y, &m, &d);
	p->year = (uint16_t)y;
	p->month = (uint8_t)m;
	p->day = (uint8_t)d;
	if (chance(r, REG_YEAR_ONLY))
		p->month = p->day = 0;
}

/* One person, drawn as the registry draws them; *capture gets the capture day. */
static void draw_person(struct gen *g, struct demo_rng *r, struct person *p, long *capture,
                        int *civilian)
{
	*civilian = chance(r, REG_CIVILIAN);
	p->female = (uint8_t)chance(r, *civilian ? REG_FEMALE_CIVILIAN : REG_FEMALE_MILITARY);
	p->surname = pick_surname(g, r);
	p->given = pick_given(g, r, p->female);
	p->father = pick_given(g, r, 0);
	*capture = g->capture_first +
	           (long)demo_rng_below(r, (uint64_t)(g->capture_last - g->capture_first + 1));
	draw_birth(r, p, *capture, *civilian);
	p->unit = *civilian ? 0 : (uint16_t)(1 + demo_rng_below(r, demo_uk_units_n));
}

static void out_date_iso(struct out *o, int y, unsigned m, unsigned d)
{
	out_uint(o, (unsigned)y, 4);
	if (!m)
		return;
	out_char(o, '-');
	out_uint(o, m, 2);
	out_char(o, '-');
	out_uint(o, d, 2);
}

static const char reg_header[] = "side,kind,family_name,given_name,patronymic,birth_date,sex,"
                                 "citizenship,rank,service_number,unit,capture_date,"
                                 "capture_place,health,status,source,external_id\n";

static void out_external_id(struct out *o, size_t i)
{
	out_char(o, 'G');
	out_uint(o, i + 1, 7);
}

/* The registry: N persons drawn from the seed, written to o and kept in g->reg. */
static void make_registry(struct gen *g, uint64_t seed, struct out *o)
{
	static const char *const health[] = {"unknown", "healthy", "wounded", "severely_wounded",
	                                     "severely_ill"};
	static const unsigned health_w[] = {500, 300, 150, 40, 10};
	static const char *const status[] = {"missing", "data_unknown", "probable", "confirmed"};
	static const unsigned status_w[] = {300, 100, 150, 450};
	struct demo_rng rng;
	uint64_t sn_offset = seed % 1000000;

	demo_rng_seed(&rng, seed);
	out_str(o, reg_header);
	for (size_t i = 0; i < g->n; i++) {
		struct person *p = &g->reg[i];
		long capture;
		int civilian, y;
		unsigned m, d;

		draw_person(g, &rng, p, &capture, &civilian);
		switch (keymap_get(&g->twins, twin_key(g, p), 1)) {
		case 1:
			break;
		case 2: /* this one and the first */
			g->st.reg_twins += 2;
			break;
		default:
			g->st.reg_twins++;
		}
		keymap_get(&g->near, near_key(g, p, p->year), 1);
		g->bearers[g->surname_class[0][p->surname]]++;
		g->st.reg_women += p->female;
		g->st.reg_civilians += (size_t)civilian;
		g->st.reg_year_only += p->month == 0;

		out_str(o, civilian ? "captive,civilian," : "captive,military,");
		out_csv(o, surname_of(g, p));
		out_char(o, ',');
		out_csv(o, given_of(g, p)->name);
		out_char(o, ',');
		out_csv(o, patronymic_of(g, p));
		out_char(o, ',');
		out_date_iso(o, p->year, p->month, p->day);
		out_str(o, p->female ? ",f,UA," : ",m,UA,");
		if (!civilian) {
			out_csv(o, demo_uk_ranks[cum_pick(&g->ranks, &rng)]);
			out_char(o, ',');
			if (chance(&rng, REG_SERVICE_NUMBER)) {
				/* 7919 is prime to 10^6: unique for the first million */
				out_str(o, "Р-");
				out_uint(o, (i * 7919u + sn_offset) % 1000000u, 6);
			}
			out_char(o, ',');
			out_csv(o, demo_uk_units[p->unit - 1]);
		} else {
			out_str(o, ",,");
		}
		out_char(o, ',');
		pl_civil_from_days(capture, &y, &m, &d);
		out_date_iso(o, y, m, d);
		out_char(o, ',');
		out_csv(o, demo_uk_places[demo_rng_below(&rng, demo_uk_places_n)]);
		out_char(o, ',');
		out_str(o, health[demo_weight_pick(health_w, COUNT(health_w),
		                                   demo_rng_below(&rng, 1000))]);
		out_char(o, ',');
		out_str(o, status[demo_weight_pick(status_w, COUNT(status_w),
		                                   demo_rng_below(&rng, 1000))]);
		out_str(o, ",gen,");
		out_external_id(o, i);
		out_char(o, '\n');
	}
}

/* --- Russian forms --- */

/* The Russian form of a given name: the first Russian form of its group. */
static const struct ru_form *ru_given(struct gen *g, const struct person *p)
{
	struct ru_form *f = &g->ru_given[p->female][p->given];
	char buf[NAME_BUF];

	if (!f->s) {
		const char *uk = given_of(g, p)->name;
		const struct pl_equiv_group *grp = pl_equiv_group(pl_equiv_given_group(uk));
		if (grp && grp->ru_n) {
			f->s = pl_strdup(grp->ru[0]);
		} else {
			f->by_letter = 1;
			f->s = by_letter(uk, buf) ? NULL : pl_strdup(buf);
		}
	}
	return f->s ? f : NULL;
}

/* The Russian patronymic: the first one of the father's group for the person's sex. */
static const struct ru_form *ru_patronymic(struct gen *g, const struct person *p)
{
	struct ru_form *f = &g->ru_patr[p->female][p->father];
	char buf[NAME_BUF];

	if (!f->s) {
		const struct pl_equiv_group *grp =
		        pl_equiv_group(pl_equiv_given_group(g->pool.given[0][p->father].name));
		if (grp && grp->patr_ru_n[p->female]) {
			f->s = pl_strdup(grp->patr_ru[p->female][0]);
		} else {
			f->by_letter = 1;
			f->s = by_letter(patronymic_of(g, p), buf) ? NULL : pl_strdup(buf);
		}
	}
	return f->s ? f : NULL;
}

/*
 * The likeliest Russian spelling of a surname by the rules of surname-rules.tsv: the one that
 * takes every rule's first alternative (Ковальов: Ковалёв; Мельник: Мельник).
 * pl_equiv_surname_variants() lists spellings by rising cost but leaves the input's own out,
 * so when that one is the cheapest (Мельник) its list starts with a costlier one (Мельнык).
 * Hence a first word "Ї-" that no cheapest spelling leaves as it is (ї -> и): the list then
 * starts with "И-" and the cheapest spelling of the surname, its own included.
 */
static const struct ru_form *ru_surname(struct gen *g, const struct person *p)
{
	struct ru_form *f = &g->ru_surname[p->female][p->surname];

	if (!f->s) {
		const char *uk = surname_of(g, p);
		char probe[NAME_BUF + 8], buf[NAME_BUF];
		char **v = NULL;
		size_t n = 0;
		int ok = snprintf(probe, sizeof(probe), "Ї-%s", uk) < (int)sizeof(probe) &&
		         pl_equiv_surname_variants(probe, PL_EQUIV_UK, &v, &n) == 0;

		if (ok && n && strncmp(v[0], "И-", strlen("И-")) == 0) {
			f->s = pl_strdup(v[0] + strlen("И-"));
		} else {
			/* the data no longer reads the probe so: take the first variant */
			g->st.sentinel_failed++;
			pl_equiv_variants_free(v, n);
			v = NULL;
			n = 0;
			if (pl_equiv_surname_variants(uk, PL_EQUIV_UK, &v, &n) == 0 && n) {
				f->s = pl_strdup(v[0]);
			} else {
				f->by_letter = 1;
				f->s = by_letter(uk, buf) ? NULL : pl_strdup(buf);
			}
		}
		pl_equiv_variants_free(v, n);
	}
	return f->s ? f : NULL;
}

/* --- Russian surnames by ear, and how far a Russian spelling is from the Ukrainian --- */

/* a letter for comparing vowels: small; і ї ы as и, є ё э as е */
static int32_t vowel_fold(int32_t c)
{
	c = utf8proc_tolower(c);
	switch (c) {
	case 0x456: /* і */
	case 0x457: /* ї */
	case 0x44B: /* ы */
		return 0x438;
	case 0x454: /* є */
	case 0x451: /* ё */
	case 0x44D: /* э */
		return 0x435;
	default:
		return c;
	}
}

static int is_vowel(int32_t c) /* folded: а е и о у ю я */
{
	return c == 0x430 || c == 0x435 || c == 0x438 || c == 0x43E || c == 0x443 || c == 0x44E ||
	       c == 0x44F;
}

/*
 * The vowel letters a Russian spelling changes in a Ukrainian surname: after lower-casing
 * and folding (і ї ы и alike, є ё э е alike), in an alignment of fewest edits, the edits
 * that involve a vowel (Білозір, Белозёр: 2; Ковальов, Ковалёв: 1; Чорноморець,
 * Черноморец: 1, the soft sign is no vowel). -1 when a name does not decode.
 */
static int vowel_changes(const char *uk, const char *ru)
{
	int32_t a[NAME_CPS], b[NAME_CPS];
	size_t na, nb;
	static uint16_t d[NAME_CPS + 1][NAME_CPS + 1];
	int changes = 0;

	if (cps_decode(uk, a, NAME_CPS, &na) || cps_decode(ru, b, NAME_CPS, &nb))
		return -1;
	for (size_t i = 0; i < na; i++)
		a[i] = vowel_fold(a[i]);
	for (size_t j = 0; j < nb; j++)
		b[j] = vowel_fold(b[j]);
	for (size_t i = 0; i <= na; i++)
		for (size_t j = 0; j <= nb; j++) {
			unsigned v;
			if (!i || !j) {
				d[i][j] = (uint16_t)(i + j);
				continue;
			}
			v = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
			if (d[i - 1][j] + 1u < v)
				v = d[i - 1][j] + 1u;
			if (d[i][j - 1] + 1u < v)
				v = d[i][j - 1] + 1u;
			d[i][j] = (uint16_t)v;
		}
	for (size_t i = na, j = nb; i || j;) { /* back, the diagonal first */
		if (i && j && d[i][j] == d[i - 1][j - 1] + (a[i - 1] != b[j - 1])) {
			changes +=
			        a[i - 1] != b[j - 1] && (is_vowel(a[i - 1]) || is_vowel(b[j - 1]));
			i--;
			j--;
		} else if (i && d[i][j] == d[i - 1][j] + 1) {
			changes += is_vowel(a[--i]);
		} else {
			changes += is_vowel(b[--j]);
		}
	}
	return changes;
}

/*
 * A surname russified by ear: the likeliest spelling by the rules of surname-rules.tsv
 * (pl_equiv_surname_variants' order) that changes two vowels or more (Білозір: Белозер),
 * or "" when the rules give none.
 */
static const char *ru_ear_surname(struct gen *g, const struct person *p)
{
	struct ru_form *f = &g->ru_ear[p->female][p->surname];

	if (!f->s) {
		const char *uk = surname_of(g, p);
		char **v = NULL;
		size_t n = 0, k = 0;

		if (pl_equiv_surname_variants(uk, PL_EQUIV_UK, &v, &n) == 0)
			for (k = 0; k < n && vowel_changes(uk, v[k]) < 2; k++)
				;
		f->s = pl_strdup(k < n ? v[k] : "");
		pl_equiv_variants_free(v, n);
	}
	return f->s;
}

/* The name as an initial: its first letter in capitals and a full stop ("С.", "S."). */
static int initial(char *s)
{
	int32_t cp[NAME_CPS + 1];
	size_t n;

	if (!*s)
		return 0;
	if (cps_decode(s, cp, NAME_CPS, &n))
		return -1;
	cp[0] = utf8proc_toupper(cp[0]);
	cp[1] = '.';
	return cps_encode(cp, 2, s, NAME_BUF);
}

/* --- distractors --- */

/* another father's name than the one of class not */
static uint16_t other_father(struct gen *g, struct demo_rng *r, uint16_t not_class)
{
	for (;;) {
		size_t f = pick_given(g, r, 0);
		if (g->male_class[f] != not_class)
			return (uint16_t)f;
	}
}

/*
 * A person not in the registry: no registry person has the same surname and given name (as
 * the equivalence tables see them) with a birth year within one year. Returns the kind made
 * (a namesake or a sibling may give way to a random person when the registry leaves no room)
 * and in *near the registry person it was made from.
 */
static int make_distractor(struct gen *g, struct demo_rng *r, int kind, struct person *p,
                           size_t *near)
{
	for (long tries = 0; tries < 10000000; tries++) {
		size_t b = (size_t)demo_rng_below(r, g->n);
		const struct person *base = &g->reg[b];
		long capture;
		int civilian;

		if (tries == 200)
			kind = DIST_RANDOM;
		*near = SIZE_MAX;
		switch (kind) {
		case DIST_NAMESAKE: /* the same surname and given name, another father and birth */
			*p = *base;
			p->father = other_father(g, r, g->male_class[base->father]);
			capture = g->capture_first +
			          (long)demo_rng_below(
			                  r, (uint64_t)(g->capture_last - g->capture_first + 1));
			draw_birth(r, p, capture, base->unit == 0);
			if (base->unit)
				p->unit = (uint16_t)(1 + demo_rng_below(r, demo_uk_units_n));
			break;
		case DIST_SIBLING: { /* a brother or sister: the same surname and patronymic */
			int delta = 1 + (int)demo_rng_below(r, 8);
			long day;
			int y;
			unsigned m, d;

			*p = *base;
			do
				p->given = pick_given(g, r, p->female);
			while (given_class(g, p) == given_class(g, base));
			y = base->year + (demo_rng_below(r, 2) ? delta : -delta);
			if (y > SIBLING_LAST_YEAR) /* of age at the end of the captures */
				y = base->year - delta;
			day = pl_days_from_civil(y, 1, 1) + (long)demo_rng_below(r, 365);
			pl_civil_from_days(day, &y, &m, &d);
			p->year = (uint16_t)y;
			p->month = (uint8_t)m;
			p->day = (uint8_t)d;
			if (chance(r, REG_YEAR_ONLY))
				p->month = p->day = 0;
			if (base->unit)
				p->unit = (uint16_t)(1 + demo_rng_below(r, demo_uk_units_n));
			break;
		}
		case DIST_DISTINCT: { /* the same but for a given name that is another name */
			uint8_t np = g->npartners[base->female][base->given];
			long day;
			int y;
			unsigned m, d;

			if (!np)
				continue;
			*p = *base;
			p->given = g->partner[base->female][base->given][demo_rng_below(r, np)];
			/* born the same year, on another day */
			day = pl_days_from_civil(base->year, 1, 1) + (long)demo_rng_below(r, 365);
			pl_civil_from_days(day, &y, &m, &d);
			if (p->month) {
				p->month = (uint8_t)m;
				p->day = (uint8_t)d;
			}
			if (base->unit)
				p->unit = (uint16_t)(1 + demo_rng_below(r, demo_uk_units_n));
			break;
		}
		default:
			kind = DIST_RANDOM;
			draw_person(g, r, p, &capture, &civilian);
			break;
		}
		if (absent(g, p)) {
			if (kind != DIST_RANDOM)
				*near = b;
			return kind;
		}
	}
	return DIST_NONE;
}

/* --- one list row --- */

struct row {
	char name[F__MAX][NAME_BUF];
	char date[16];
	const char *unit;
	/* the truth */
	size_t id; /* registry index, SIZE_MAX for a distractor */
	size_t near;
	int dist, script, sys, caps, typo, typo_field, no_patronymic, date_noise, swapped;
	int unit_noise, by_letter, by_ear, initials;
	unsigned classes; /* 1 << enum class */
	uint32_t twins;
};

static int translit(const char *in, int lang, int sys, char *out)
{
	char *s;
	struct pl_error err;
	int rc = pl_translit_lang(in, lang, (enum pl_translit_system)sys, &s, &err);

	if (rc) {
		fprintf(stderr, "gen-lists: '%s': %s\n", in, err.msg);
		return -1;
	}
	rc = copy_name(out, s);
	pl_free(s);
	return rc;
}

/* The names of p as the row's script and system write them. */
static int write_names(struct gen *g, const struct person *p, struct row *w, int ear)
{
	const char *uk[F__MAX] = {surname_of(g, p), given_of(g, p)->name, patronymic_of(g, p)};
	const struct ru_form *ru[F__MAX] = {NULL, NULL, NULL};
	const char **src = uk;
	const char *rus[F__MAX];
	int lang = PL_LANG_UK;

	if (w->script == SCRIPT_RU ||
	    (w->script == SCRIPT_LATIN && w->sys != PL_TRANSLIT_KMU2010)) {
		ru[F_FAMILY] = ru_surname(g, p);
		ru[F_GIVEN] = ru_given(g, p);
		ru[F_PATRONYMIC] = ru_patronymic(g, p);
		for (int f = 0; f < F__MAX; f++) {
			if (!ru[f])
				return -1;
			rus[f] = ru[f]->s;
			if (ru[f]->by_letter) {
				g->st.by_letter[f]++;
				w->by_letter = 1;
			}
		}
		if (ear && w->script == SCRIPT_RU) {
			const char *e = ru_ear_surname(g, p);
			if (!e)
				return -1;
			if (*e) {
				rus[F_FAMILY] = e;
				w->by_ear = 1;
			}
		}
		src = rus;
		lang = PL_LANG_RU;
	}
	for (int f = 0; f < F__MAX; f++) {
		if (copy_name(w->name[f], src[f]))
			return -1;
		if ((w->caps == CAPS_ALL || (w->caps == CAPS_FAMILY && f == F_FAMILY)) &&
		    upcase(w->name[f]))
			return -1;
		if (w->script == SCRIPT_LATIN) {
			char tmp[NAME_BUF];
			memcpy(tmp, w->name[f], sizeof(tmp));
			if (translit(tmp, lang, w->sys, w->name[f]))
				return -1;
		}
	}
	return 0;
}

/* The birth date as the row writes it, with its noise. */
static void write_date(struct demo_rng *r, const struct person *p, struct row *w, int noisy)
{
	int y = p->year;
	unsigned m = p->month, d = p->day;

	if (noisy) {
		int kinds[3], n = 0;
		if (m && d <= 12 && d != m)
			kinds[n++] = DATE_SWAP;
		if (m)
			kinds[n++] = DATE_YEAR_ONLY;
		kinds[n++] = DATE_YEAR_OFF;
		w->date_noise = kinds[demo_rng_below(r, (uint64_t)n)];
		switch (w->date_noise) {
		case DATE_SWAP: {
			unsigned t = m;
			m = d;
			d = t;
			break;
		}
		case DATE_YEAR_ONLY:
			m = d = 0;
			break;
		default:
			y += demo_rng_below(r, 2) ? 1 : -1;
			if (m == 2 && d == 29 && !leap_year(y))
				d = 28;
			break;
		}
	}
	if (!m)
		snprintf(w->date, sizeof(w->date), "%04d", y);
	else if (w->script == SCRIPT_LATIN)
		snprintf(w->date, sizeof(w->date), "%04d-%02u-%02u", y, m, d);
	else
		snprintf(w->date, sizeof(w->date), "%02u.%02u.%04d", d, m, y);
}

/*
 * A registry person not yet in the list whose surname has a Russian form by ear (two vowels
 * or more changed), drawn uniformly; SIZE_MAX when none is left.
 */
static size_t pick_shifted(struct gen *g, struct demo_rng *r)
{
	if (!g->shifts_made) {
		g->shifts_made = 1;
		if (!(g->shifts = pl_calloc(g->n, sizeof(*g->shifts))))
			return SIZE_MAX;
		for (size_t i = 0; i < g->n; i++) {
			const char *e = ru_ear_surname(g, &g->reg[i]);
			if (e && *e)
				g->shifts[g->nshifts++] = i;
		}
		g->shifts_left = g->nshifts;
	}
	while (g->shifts_left) {
		size_t k = (size_t)demo_rng_below(r, g->shifts_left), i = g->shifts[k];
		g->shifts[k] = g->shifts[--g->shifts_left];
		g->shifts[g->shifts_left] = i;
		if (!(g->used[i / 8] & (1u << (i % 8))))
			return i;
	}
	return SIZE_MAX;
}

static int make_row(struct gen *g, struct demo_rng *r, struct row *w)
{
	struct person p;
	int typo, date_noisy, unit_given, unit_wrong, initials, joined, ear, in_data;
	const struct layout *kb;
	char latin_family[NAME_BUF];
	size_t shifted = chance(r, LIST_RU_VOWELS2) ? pick_shifted(g, r) : SIZE_MAX;

	memset(w, 0, sizeof(*w));
	w->id = w->near = SIZE_MAX;
	if (shifted != SIZE_MAX) { /* drawn apart, so that the class has rows */
		w->id = shifted;
		g->used[shifted / 8] |= (uint8_t)(1u << (shifted % 8));
		p = g->reg[shifted];
		w->twins = keymap_get(&g->twins, twin_key(g, &p), 0) - 1;
	} else if (chance(r, LIST_DISTRACTOR)) {
		uint64_t x = demo_rng_below(r, 1000);
		int kind = x < LIST_NAMESAKE                                  ? DIST_NAMESAKE
		           : x < LIST_NAMESAKE + LIST_SIBLING                 ? DIST_SIBLING
		           : x < LIST_NAMESAKE + LIST_SIBLING + LIST_DISTINCT ? DIST_DISTINCT
		                                                              : DIST_RANDOM;
		w->dist = make_distractor(g, r, kind, &p, &w->near);
		if (w->dist == DIST_NONE) {
			fprintf(stderr, "gen-lists: no person absent from the registry found\n");
			return -1;
		}
	} else {
		size_t i;
		do
			i = (size_t)demo_rng_below(r, g->n);
		while (g->used[i / 8] & (1u << (i % 8)));
		g->used[i / 8] |= (uint8_t)(1u << (i % 8));
		w->id = i;
		p = g->reg[i];
		w->twins = keymap_get(&g->twins, twin_key(g, &p), 0) - 1;
	}
	/* every decision is drawn, in this order, whether it applies or not */
	w->script = (int)demo_rng_below(r, SCRIPT__MAX);
	if (shifted != SIZE_MAX)
		w->script = SCRIPT_RU;
	w->sys = (int)demo_rng_below(r, PL_TRANSLIT__MAX);
	w->caps = chance(r, w->script == SCRIPT_LATIN ? LIST_LATIN_CAPS : LIST_RU_FAMILY_CAPS)
	                  ? (w->script == SCRIPT_LATIN ? CAPS_ALL : CAPS_FAMILY)
	                  : CAPS_NONE;
	if (w->script == SCRIPT_UK)
		w->caps = CAPS_NONE;
	if (w->script != SCRIPT_LATIN)
		w->sys = -1;
	w->no_patronymic = demo_rng_below(r, 3) == 0;
	typo = chance(r, LIST_TYPO);
	date_noisy = chance(r, LIST_DATE_NOISE);
	w->swapped = chance(r, LIST_SWAP);
	unit_given = chance(r, LIST_UNIT);
	unit_wrong = chance(r, LIST_UNIT_WRONG);
	initials = chance(r, LIST_INITIALS);
	joined = chance(r, LIST_INITIALS_JOINED);
	ear = chance(r, LIST_RU_BY_EAR);
	if (shifted != SIZE_MAX)
		ear = 1;

	if (write_names(g, &p, w, ear))
		return -1;
	if (w->no_patronymic)
		w->name[F_PATRONYMIC][0] = '\0';
	/* the classes the names as written make, before any typo */
	if (w->script == SCRIPT_LATIN) {
		memcpy(latin_family, w->name[F_FAMILY], NAME_BUF);
		for (char *c = latin_family; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		if (strstr(latin_family, "ts"))
			w->classes |= 1u << CLASS_LATIN_TS;
	}
	if (w->script == SCRIPT_RU && vowel_changes(surname_of(g, &p), w->name[F_FAMILY]) >= 2)
		w->classes |= 1u << CLASS_RU_VOWELS2;
	in_data = initials || (given_class(g, &p) < g->groups &&
	                       (w->no_patronymic || g->male_class[p.father] < g->groups));
	if (w->dist == DIST_NONE && !in_data &&
	    g->bearers[g->surname_class[0][p.surname]] > RARE_GIVEN_BEARERS)
		w->classes |= 1u << CLASS_RARE_GIVEN;
	if (w->dist == DIST_DISTINCT || g->npartners[p.female][p.given])
		w->classes |= 1u << CLASS_DISTINCT_NAMES;
	if (w->twins)
		w->classes |= 1u << CLASS_TWINS;
	g->st.from_dict[F_FAMILY] += p.surname >= g->pool.demo_surn_n;
	g->st.from_dict[F_GIVEN] += p.given >= g->pool.demo_given_n[p.female];
	g->st.from_dict[F_PATRONYMIC] += p.father >= g->pool.demo_given_n[0];
	kb = w->script == SCRIPT_LATIN ? &g->kb_latin
	     : w->script == SCRIPT_RU  ? &g->kb_ru
	                               : &g->kb_uk;
	if (typo) {
		/* with initials only the surname is written out */
		unsigned weight[F__MAX] = {LIST_TYPO_FAMILY, initials ? 0 : LIST_TYPO_GIVEN,
		                           w->no_patronymic || initials ? 0 : LIST_TYPO_PATRONYMIC};
		int kind = 1 + (int)demo_rng_below(r, TYPO__MAX - 1);
		size_t f = demo_weight_pick(weight, F__MAX,
		                            demo_rng_below(r, weight[0] + weight[1] + weight[2]));
		w->typo = typo_apply(w->name[f], kind, kb, r);
		w->typo_field = w->typo ? (int)f : -1;
	} else {
		w->typo_field = -1;
	}
	if (w->script == SCRIPT_RU && w->typo_field == F_FAMILY)
		w->classes |= 1u << CLASS_RU_TYPO;
	if (initials) { /* С. І. in their columns, or С.І. in the given name's */
		if (initial(w->name[F_GIVEN]) || initial(w->name[F_PATRONYMIC]))
			return -1;
		w->initials = INITIALS_SPLIT;
		if (joined && w->name[F_PATRONYMIC][0]) {
			size_t k = strlen(w->name[F_GIVEN]);
			memcpy(w->name[F_GIVEN] + k, w->name[F_PATRONYMIC],
			       strlen(w->name[F_PATRONYMIC]) + 1);
			w->name[F_PATRONYMIC][0] = '\0';
			w->initials = INITIALS_JOINED;
		}
		w->classes |= 1u << CLASS_INITIALS;
		w->swapped = 0; /* initials stay after the surname */
	}
	write_date(r, &p, w, date_noisy);
	if (w->dist != DIST_NONE) {
		w->unit_noise = UNIT_NA;
		w->unit = p.unit && unit_given ? demo_uk_units[p.unit - 1] : NULL;
	} else if (!p.unit) {
		w->unit_noise = UNIT_NONE;
	} else if (!unit_given) {
		w->unit_noise = UNIT_MISSING;
	} else if (unit_wrong) {
		size_t u = (size_t)demo_rng_below(r, demo_uk_units_n - 1);
		w->unit_noise = UNIT_WRONG;
		w->unit = demo_uk_units[u + (u + 1 >= p.unit)];
	} else {
		w->unit_noise = UNIT_GIVEN;
		w->unit = demo_uk_units[p.unit - 1];
	}
	if (w->swapped) {
		char tmp[NAME_BUF];
		memcpy(tmp, w->name[F_FAMILY], NAME_BUF);
		memcpy(w->name[F_FAMILY], w->name[F_GIVEN], NAME_BUF);
		memcpy(w->name[F_GIVEN], tmp, NAME_BUF);
	}
	return 0;
}

static const char list_header[] = "row,family_name,given_name,patronymic,birth_date,unit\n";
static const char truth_header[] = "row,external_id,distractor,near_id,script,system,caps,typo,"
                                   "typo_field,no_patronymic,date_noise,names_swapped,unit,"
                                   "by_letter,twins,initials,classes\n";

static void out_list_row(struct out *o, size_t rowno, const struct row *w, int jsonl)
{
	if (jsonl) {
		static const char *const keys[] = {"family_name", "given_name", "patronymic"};
		out_str(o, "{\"row\":\"");
		out_uint(o, rowno, 0);
		out_char(o, '"');
		for (int f = 0; f < F__MAX; f++) {
			out_str(o, ",\"");
			out_str(o, keys[f]);
			out_str(o, "\":");
			out_json(o, w->name[f]);
		}
		out_str(o, ",\"birth_date\":");
		out_json(o, w->date);
		out_str(o, ",\"unit\":");
		out_json(o, w->unit);
		out_str(o, "}\n");
		return;
	}
	out_uint(o, rowno, 0);
	for (int f = 0; f < F__MAX; f++) {
		out_char(o, ',');
		out_csv(o, w->name[f]);
	}
	out_char(o, ',');
	out_csv(o, w->date);
	out_char(o, ',');
	out_csv(o, w->unit);
	out_char(o, '\n');
}

static void out_truth_row(struct out *o, size_t rowno, const struct row *w)
{
	out_uint(o, rowno, 0);
	out_char(o, ',');
	if (w->id != SIZE_MAX)
		out_external_id(o, w->id);
	out_char(o, ',');
	out_str(o, dist_names[w->dist]);
	out_char(o, ',');
	if (w->near != SIZE_MAX)
		out_external_id(o, w->near);
	out_char(o, ',');
	out_str(o, script_names[w->script]);
	out_char(o, ',');
	out_str(o, w->sys >= 0 ? pl_translit_system_name((enum pl_translit_system)w->sys) : "none");
	out_char(o, ',');
	out_str(o, caps_names[w->caps]);
	out_char(o, ',');
	out_str(o, typo_names[w->typo]);
	out_char(o, ',');
	out_str(o, w->typo_field >= 0 ? field_names[w->typo_field] : "none");
	out_char(o, ',');
	out_char(o, w->no_patronymic ? '1' : '0');
	out_char(o, ',');
	out_str(o, date_names[w->date_noise]);
	out_char(o, ',');
	out_char(o, w->swapped ? '1' : '0');
	out_char(o, ',');
	out_str(o, unit_names[w->unit_noise]);
	out_char(o, ',');
	out_char(o, w->by_letter ? '1' : '0');
	out_char(o, ',');
	out_uint(o, w->twins, 0);
	out_char(o, ',');
	out_str(o, initials_names[w->initials]);
	out_char(o, ',');
	if (!w->classes)
		out_str(o, "none");
	for (int c = 0, first = 1; c < CLASS__MAX; c++) {
		if (!(w->classes & (1u << c)))
			continue;
		if (!first)
			out_char(o, ';');
		out_str(o, class_names[c]);
		first = 0;
	}
	out_char(o, '\n');
}

static void count_row(struct stats *st, const struct row *w)
{
	st->rows++;
	st->dist[w->dist]++;
	st->script[w->script]++;
	if (w->sys >= 0)
		st->sys[w->sys]++;
	st->caps[w->caps]++;
	st->typo[w->typo]++;
	if (w->typo_field >= 0)
		st->typo_field[w->typo_field]++;
	st->no_patronymic += (size_t)w->no_patronymic;
	st->date[w->date_noise]++;
	st->swapped += (size_t)w->swapped;
	st->unit[w->unit_noise]++;
	st->by_letter_rows += (size_t)w->by_letter;
	st->twin_rows += w->twins > 0;
	st->initials[w->initials]++;
	st->by_ear += (size_t)w->by_ear;
	for (int c = 0; c < CLASS__MAX; c++)
		st->classes[c] += (w->classes >> c) & 1u;
}

static int make_list(struct gen *g, uint64_t seed, size_t m, struct out *list, int jsonl,
                     struct out *truth)
{
	struct demo_rng rng;
	struct row w;

	/* a stream of its own, so that the registry does not depend on the list */
	demo_rng_seed(&rng, seed ^ 0x6c6973742d726f77ULL);
	if (!jsonl)
		out_str(list, list_header);
	out_str(truth, truth_header);
	for (size_t i = 1; i <= m; i++) {
		if (make_row(g, &rng, &w))
			return -1;
		out_list_row(list, i, &w, jsonl);
		out_truth_row(truth, i, &w);
		count_row(&g->st, &w);
	}
	return 0;
}

/* --- the summary --- */

static void share(const char *what, size_t n, size_t of, const char *note)
{
	fprintf(stderr, "  %-26s %9zu %6.2f%%%s%s\n", what, n,
	        of ? 100.0 * (double)n / (double)of : 0.0, note ? "  " : "", note ? note : "");
}

static void summary(const struct gen *g, size_t m, const char *reg, const char *list,
                    const char *truth)
{
	const struct stats *st = &g->st;
	char note[256];
	size_t latin = st->script[SCRIPT_LATIN], ru = st->script[SCRIPT_RU];
	size_t typos = m - st->typo[TYPO_NONE], dates = m - st->date[DATE_NONE];
	size_t dist = m - st->dist[DIST_NONE];

	if (g->names != NAMES_DEMO) {
		const struct pools *pl = &g->pool;
		fprintf(stderr,
		        "gen-lists: names: %s; the dictionary: %zu words, %zu male and %zu female "
		        "given names, %zu surnames\n  surnames by ending:",
		        names_src_names[g->names], pl->dict_words,
		        pl->given_n[0] - pl->demo_given_n[0], pl->given_n[1] - pl->demo_given_n[1],
		        pl->surn_n - pl->demo_surn_n);
		for (size_t r = 0; r < COUNT(surname_rules); r++)
			fprintf(stderr, " -%s %zu", surname_rules[r].end, pl->by_end[r]);
		fputc('\n', stderr);
	}
	fprintf(stderr, "gen-lists: registry: %zu persons in %s\n", g->n, reg);
	share("women", st->reg_women, g->n, NULL);
	share("civilians", st->reg_civilians, g->n, NULL);
	share("birth year only", st->reg_year_only, g->n, NULL);
	share("with a twin", st->reg_twins, g->n,
	      "(another person with the same surname, given name, patronymic and birth date)");
	if (!m)
		return;
	fprintf(stderr, "gen-lists: list: %zu rows in %s, the truth in %s\n", m, list, truth);
	share("true rows", st->dist[DIST_NONE], m, NULL);
	snprintf(note, sizeof(note), "(random %zu, namesake %zu, sibling %zu, distinct %zu)",
	         st->dist[DIST_RANDOM], st->dist[DIST_NAMESAKE], st->dist[DIST_SIBLING],
	         st->dist[DIST_DISTINCT]);
	share("distractors", dist, m, note);
	share("script uk", st->script[SCRIPT_UK], m, NULL);
	share("script ru", ru, m, NULL);
	snprintf(note, sizeof(note), "(kmu2010 %zu, icao %zu, bgn %zu, gost-b %zu)",
	         st->sys[PL_TRANSLIT_KMU2010], st->sys[PL_TRANSLIT_ICAO], st->sys[PL_TRANSLIT_BGN],
	         st->sys[PL_TRANSLIT_GOST_B]);
	share("script latin", latin, m, note);
	snprintf(note, sizeof(note), "(%.1f%% of Latin rows)",
	         latin ? 100.0 * (double)st->caps[CAPS_ALL] / (double)latin : 0.0);
	share("ALL CAPS", st->caps[CAPS_ALL], m, note);
	snprintf(note, sizeof(note), "(%.1f%% of Russian rows)",
	         ru ? 100.0 * (double)st->caps[CAPS_FAMILY] / (double)ru : 0.0);
	share("surname in capitals", st->caps[CAPS_FAMILY], m, note);
	share("no patronymic", st->no_patronymic, m, NULL);
	snprintf(note, sizeof(note),
	         "(deletion %zu, insertion %zu, substitution %zu, transposition %zu; "
	         "family %zu, given %zu, patronymic %zu)",
	         st->typo[TYPO_DELETION], st->typo[TYPO_INSERTION], st->typo[TYPO_SUBSTITUTION],
	         st->typo[TYPO_TRANSPOSITION], st->typo_field[F_FAMILY], st->typo_field[F_GIVEN],
	         st->typo_field[F_PATRONYMIC]);
	share("typo", typos, m, note);
	snprintf(note, sizeof(note), "(swap %zu, year_only %zu, year_off %zu)", st->date[DATE_SWAP],
	         st->date[DATE_YEAR_ONLY], st->date[DATE_YEAR_OFF]);
	share("date noise", dates, m, note);
	share("names swapped", st->swapped, m, NULL);
	share("unit given", st->unit[UNIT_GIVEN] + st->unit[UNIT_WRONG],
	      st->unit[UNIT_GIVEN] + st->unit[UNIT_WRONG] + st->unit[UNIT_MISSING],
	      "(of true rows whose person has a unit)");
	share("unit wrong", st->unit[UNIT_WRONG], st->unit[UNIT_GIVEN] + st->unit[UNIT_WRONG],
	      "(of units given)");
	share("true rows with a twin", st->twin_rows, m, NULL);
	snprintf(note, sizeof(note), "(given %zu, patronymic %zu, surname %zu)",
	         st->by_letter[F_GIVEN], st->by_letter[F_PATRONYMIC], st->by_letter[F_FAMILY]);
	share("Russian letter by letter", st->by_letter_rows, m, note);
	snprintf(note, sizeof(note), "(surname %zu, given %zu, patronymic %zu rows)",
	         st->from_dict[F_FAMILY], st->from_dict[F_GIVEN], st->from_dict[F_PATRONYMIC]);
	share("names from the dictionary",
	      st->from_dict[F_FAMILY] + st->from_dict[F_GIVEN] + st->from_dict[F_PATRONYMIC], 3 * m,
	      note);
	snprintf(note, sizeof(note), "(split %zu, joined %zu)", st->initials[INITIALS_SPLIT],
	         st->initials[INITIALS_JOINED]);
	share("initials", m - st->initials[INITIALS_NONE], m, note);
	snprintf(note, sizeof(note), "(%.1f%% of Russian rows)",
	         ru ? 100.0 * (double)st->by_ear / (double)ru : 0.0);
	share("Russian surname by ear", st->by_ear, m, note);
	for (int c = 0; c < CLASS__MAX; c++) {
		char what[64];
		snprintf(what, sizeof(what), "class %s", class_names[c]);
		share(what, st->classes[c], m, NULL);
	}
	if (st->sentinel_failed)
		fprintf(stderr,
		        "gen-lists: warning: %zu surnames took the first variant of "
		        "pl_equiv_surname_variants, not the likeliest spelling\n",
		        st->sentinel_failed);
}

/* --- main --- */

static void usage(FILE *f)
{
	fputs("usage: gen-lists --registry N --list M --seed S --out-registry REG.csv\n"
	      "                 --out-list LIST.csv --out-truth TRUTH.csv [--list-format "
	      "csv|jsonl]\n"
	      "                 [--names demo|hunspell|mixed] [--dict FILE]\n",
	      f);
}

static int parse_u64(const char *s, const char *what, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	if (!s || *s < '0' || *s > '9')
		goto bad;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > max)
		goto bad;
	*out = v;
	return 0;
bad:
	fprintf(stderr, "gen-lists: %s: '%s' is not a number up to %llu\n", what, s ? s : "",
	        (unsigned long long)max);
	return -1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
	        {"registry", required_argument, NULL, 'n'},
	        {"list", required_argument, NULL, 'm'},
	        {"seed", required_argument, NULL, 's'},
	        {"out-registry", required_argument, NULL, 'R'},
	        {"out-list", required_argument, NULL, 'L'},
	        {"out-truth", required_argument, NULL, 'T'},
	        {"list-format", required_argument, NULL, 'F'},
	        {"names", required_argument, NULL, 'N'},
	        {"dict", required_argument, NULL, 'D'},
	        {"help", no_argument, NULL, 'h'},
	        {NULL, 0, NULL, 0},
	};
	const char *n_arg = NULL, *m_arg = NULL, *seed_arg = NULL, *reg_path = NULL;
	const char *list_path = NULL, *truth_path = NULL, *format = "csv";
	const char *names_arg = "demo", *dict = DICT_DEFAULT;
	uint64_t n, m, seed;
	struct gen *g = NULL;
	struct out *reg = NULL, *list = NULL, *truth = NULL;
	int c, rc = 1, jsonl, names, init;

	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'n':
			n_arg = optarg;
			break;
		case 'm':
			m_arg = optarg;
			break;
		case 's':
			seed_arg = optarg;
			break;
		case 'R':
			reg_path = optarg;
			break;
		case 'L':
			list_path = optarg;
			break;
		case 'T':
			truth_path = optarg;
			break;
		case 'F':
			format = optarg;
			break;
		case 'N':
			names_arg = optarg;
			break;
		case 'D':
			dict = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc || !n_arg || !m_arg || !seed_arg || !reg_path || !list_path ||
	    !truth_path) {
		usage(stderr);
		return 2;
	}
	if (parse_u64(n_arg, "--registry", REG_MAX, &n) ||
	    parse_u64(m_arg, "--list", REG_MAX, &m) ||
	    parse_u64(seed_arg, "--seed", UINT64_MAX, &seed))
		return 2;
	if (n == 0) {
		fprintf(stderr, "gen-lists: --registry: at least one person\n");
		return 2;
	}
	if (m > n) {
		fprintf(stderr,
		        "gen-lists: --list: at most as many rows as the registry has "
		        "persons (%llu)\n",
		        (unsigned long long)n);
		return 2;
	}
	if (strcmp(format, "csv") != 0 && strcmp(format, "jsonl") != 0) {
		fprintf(stderr, "gen-lists: --list-format: '%s' is not csv or jsonl\n", format);
		return 2;
	}
	jsonl = !strcmp(format, "jsonl");
	for (names = 0; names < NAMES__MAX && strcmp(names_arg, names_src_names[names]); names++)
		;
	if (names == NAMES__MAX) {
		fprintf(stderr, "gen-lists: --names: '%s' is not demo, hunspell or mixed\n",
		        names_arg);
		return 2;
	}

	g = pl_calloc(1, sizeof(*g));
	reg = pl_calloc(1, sizeof(*reg));
	list = pl_calloc(1, sizeof(*list));
	truth = pl_calloc(1, sizeof(*truth));
	init = g && reg && list && truth ? gen_init(g, (size_t)n, 1, names, dict) : -1;
	if (init) { /* -1 out of memory, -2 said, -3 said: the dictionary */
		if (init == -1)
			fprintf(stderr, "gen-lists: out of memory\n");
		rc = init == -3 ? 2 : 1;
		goto out;
	}
	if (out_open(reg, reg_path))
		goto out;
	make_registry(g, seed, reg);
	if (out_close(reg))
		goto out;
	if (out_open(list, list_path))
		goto out;
	if (out_open(truth, truth_path))
		goto out;
	if (make_list(g, seed, (size_t)m, list, jsonl, truth))
		goto out;
	if (out_close(list) || out_close(truth))
		goto out;
	summary(g, (size_t)m, reg_path, list_path, truth_path);
	rc = 0;
out:
	if (reg && reg->f)
		fclose(reg->f);
	if (list && list->f)
		fclose(list->f);
	if (truth && truth->f)
		fclose(truth->f);
	if (g)
		gen_release(g);
	pl_free(g);
	pl_free(reg);
	pl_free(list);
	pl_free(truth);
	return rc;
}
