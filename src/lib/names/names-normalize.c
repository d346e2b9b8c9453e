/* names-normalize.c - name keys: NFC, case, look-alike letters, apostrophes, separators
 *
 * The code-point layer (pl_name_cps_decode) is shared with names-translit.c. It
 * works in place on one array of code points: a short name never touches the
 * heap, and a key costs one allocation, its own.
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/names.h"
#include "parley/text.h"
#include "banned.h"

/* Code points of the Cyrillic letters the key rules name. */
enum {
	CY_E = 0x0435,       /* е */
	CY_I = 0x0438,       /* и */
	CY_SHORT_I = 0x0439, /* й */
	CY_O = 0x043E,       /* о */
	CY_HARD = 0x044A,    /* ъ */
	CY_YERU = 0x044B,    /* ы */
	CY_SOFT = 0x044C,    /* ь */
	CY_EH = 0x044D,      /* э */
	CY_YO = 0x0451,      /* ё */
	CY_YE = 0x0454,      /* є */
	CY_UK_I = 0x0456,    /* і */
	CY_YI = 0x0457,      /* ї */
	CY_GHE = 0x0433,     /* г */
	CY_GE = 0x0491,      /* ґ */
	UK_APOSTROPHE = 0x02BC,
};

/* The class of an ASCII code point. */
static enum pl_name_class ascii_class(int32_t c)
{
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return PL_NC_LETTER;
	if (c >= '0' && c <= '9')
		return PL_NC_DIGIT;
	if (c == '\'' || c == '`')
		return PL_NC_APOSTROPHE;
	if (c == '"')
		return PL_NC_QUOTE;
	return PL_NC_SEPARATOR;
}

enum pl_name_class pl_name_class(int32_t c)
{
	/* the common cases without a lookup: ASCII, and the Cyrillic letters (U+0482
	 * is a sign, U+0483..U+0489 are combining marks) */
	if (c >= 0 && c < 0x80)
		return ascii_class(c);
	if (c >= 0x0400 && c < 0x0530 && (c < 0x0482 || c > 0x0489))
		return PL_NC_LETTER;
	switch (c) {
	case 0x0027: /* ' */
	case 0x0060: /* ` */
	case 0x00B4: /* ´ */
	case 0x02B9: /* ʹ */
	case 0x02BB: /* ʻ */
	case 0x02BC: /* ʼ */
	case 0x2018: /* ‘ */
	case 0x2019: /* ’ */
	case 0x201B: /* ‛ */
	case 0x2032: /* ′ */
	case 0xFF07: /* ＇ */
	case 0xFF40: /* ｀ */
		return PL_NC_APOSTROPHE;
	case 0x0022: /* " */
	case 0x00AB: /* « */
	case 0x00BB: /* » */
	case 0x02BA: /* ʺ */
	case 0x201C: /* “ */
	case 0x201D: /* ” */
	case 0x201E: /* „ */
	case 0x201F: /* ‟ */
	case 0x2033: /* ″ */
	case 0x2039: /* ‹ */
	case 0x203A: /* › */
	case 0xFF02: /* ＂ */
		return PL_NC_QUOTE;
	default:
		break;
	}
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU:
	case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT:
	case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO:
	case UTF8PROC_CATEGORY_CN: /* unassigned: kept as it is */
	case UTF8PROC_CATEGORY_CO: /* private use: likewise */
		return PL_NC_LETTER;
	case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
	case UTF8PROC_CATEGORY_ME:
		return PL_NC_MARK;
	case UTF8PROC_CATEGORY_ND:
	case UTF8PROC_CATEGORY_NL:
	case UTF8PROC_CATEGORY_NO:
		return PL_NC_DIGIT;
	case UTF8PROC_CATEGORY_CF:
		return PL_NC_IGNORABLE;
	default:
		return PL_NC_SEPARATOR;
	}
}

enum pl_script pl_name_cp_script(int32_t c)
{
	if (c < 0x80)
		return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ? PL_SCRIPT_LATIN : PL_SCRIPT_OTHER;
	if ((c >= 0x00C0 && c <= 0x024F && c != 0x00D7 && c != 0x00F7) ||
	    (c >= 0x0250 && c <= 0x02AF) || (c >= 0x1E00 && c <= 0x1EFF) ||
	    (c >= 0x2C60 && c <= 0x2C7F) || (c >= 0xA720 && c <= 0xA7FF) ||
	    (c >= 0xAB30 && c <= 0xAB6F) || (c >= 0xFB00 && c <= 0xFB06) ||
	    (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A))
		return PL_SCRIPT_LATIN;
	if ((c >= 0x0400 && c <= 0x052F) || (c >= 0x1C80 && c <= 0x1C8F) ||
	    (c >= 0x2DE0 && c <= 0x2DFF) || (c >= 0xA640 && c <= 0xA69F) ||
	    (c >= 0x1E030 && c <= 0x1E08F))
		return PL_SCRIPT_CYRILLIC;
	return PL_SCRIPT_OTHER;
}

static int is_letter(int32_t c)
{
	return pl_name_class(c) == PL_NC_LETTER;
}

/*
 * Look-alikes, by case: a Latin letter and the Cyrillic one it is mistaken for.
 * Closed under case where it matters: when a lower-case letter has a look-alike,
 * its capital has one too, so that folding case never creates a new one.
 */
/* clang-format off */
static const uint16_t latin_to_cyrillic[128] = {
	['A'] = 0x0410, ['B'] = 0x0412, ['C'] = 0x0421, ['E'] = 0x0415, ['H'] = 0x041D,
	['I'] = 0x0406, ['J'] = 0x0408, ['K'] = 0x041A, ['M'] = 0x041C, ['O'] = 0x041E,
	['P'] = 0x0420, ['S'] = 0x0405, ['T'] = 0x0422, ['X'] = 0x0425, ['Y'] = 0x0423,
	['a'] = 0x0430, ['c'] = 0x0441, ['e'] = 0x0435, ['i'] = 0x0456, ['j'] = 0x0458,
	['o'] = 0x043E, ['p'] = 0x0440, ['s'] = 0x0455, ['x'] = 0x0445, ['y'] = 0x0443,
};
/* clang-format on */

/* clang-format off */
static int32_t cyrillic_to_latin(int32_t c)
{
	switch (c) {
	case 0x0405: return 'S'; /* Ѕ */
	case 0x0406: return 'I'; /* І */
	case 0x0408: return 'J'; /* Ј */
	case 0x0410: return 'A';
	case 0x0412: return 'B'; /* В */
	case 0x0415: return 'E';
	case 0x041A: return 'K';
	case 0x041C: return 'M';
	case 0x041D: return 'H'; /* Н */
	case 0x041E: return 'O';
	case 0x0420: return 'P'; /* Р */
	case 0x0421: return 'C'; /* С */
	case 0x0422: return 'T';
	case 0x0423: return 'Y'; /* У */
	case 0x0425: return 'X'; /* Х */
	case 0x04AE: return 'Y'; /* Ү */
	case 0x04BA: return 'H'; /* Һ */
	case 0x04C0: return 'I'; /* Ӏ */
	case 0x0500: return 'D'; /* Ԁ */
	case 0x051A: return 'Q'; /* Ԛ */
	case 0x051C: return 'W'; /* Ԝ */
	case 0x0430: return 'a';
	case 0x0435: return 'e';
	case 0x043E: return 'o';
	case 0x0440: return 'p';
	case 0x0441: return 'c';
	case 0x0443: return 'y';
	case 0x0445: return 'x';
	case 0x0455: return 's';
	case 0x0456: return 'i';
	case 0x0458: return 'j';
	case 0x04AF: return 'y'; /* ү */
	case 0x04BB: return 'h'; /* һ */
	case 0x04CF: return 'l'; /* ӏ */
	case 0x0501: return 'd'; /* ԁ */
	case 0x051B: return 'q'; /* ԛ */
	case 0x051D: return 'w'; /* ԝ */
	default: return 0;
	}
}
/* clang-format on */

/* The same letter in the other script, or 0. */
static int32_t look_alike(int32_t c, enum pl_script script)
{
	if (script == PL_SCRIPT_LATIN)
		return c < 0x80 ? latin_to_cyrillic[c] : 0;
	if (script == PL_SCRIPT_CYRILLIC)
		return cyrillic_to_latin(c);
	return 0;
}

/*
 * The same, for case-folded text, where a capital's look-alike counts too: h is
 * taken for н as H is for Н. The answer is in lower case.
 */
static int32_t look_alike_folded(int32_t c, enum pl_script script)
{
	int32_t other = look_alike(c, script);
	if (!other && (other = look_alike(utf8proc_toupper(c), script)))
		other = utf8proc_tolower(other);
	return other;
}

/* Letters of each script in a word or text: all, and those with no look-alike. */
struct votes {
	size_t latin, cyrillic, latin_own, cyrillic_own;
};

/* c case-folded (the first code point of its folding). */
static int32_t fold1(int32_t c)
{
	utf8proc_int32_t d[4];
	int bound = 0;
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	if (c >= 0x0400 && c < 0x0530) /* Cyrillic folds as it lowers */
		return utf8proc_tolower(c);
	if (utf8proc_decompose_char(c, d, 4, UTF8PROC_CASEFOLD, &bound) >= 1)
		return d[0];
	return c;
}

static void vote(struct votes *v, int32_t c)
{
	enum pl_script s = pl_name_cp_script(c);
	/* by the case-folded form, so that a key votes as the name it came from did */
	int own = !look_alike(fold1(c), s);
	if (s == PL_SCRIPT_LATIN) {
		v->latin++;
		v->latin_own += (size_t)own;
	} else if (s == PL_SCRIPT_CYRILLIC) {
		v->cyrillic++;
		v->cyrillic_own += (size_t)own;
	}
}

/* The script of most letters with no look-alike; with all_letters, then of most letters. */
static enum pl_script majority(const struct votes *v, int all_letters)
{
	if (v->cyrillic_own != v->latin_own)
		return v->cyrillic_own > v->latin_own ? PL_SCRIPT_CYRILLIC : PL_SCRIPT_LATIN;
	if (all_letters && v->cyrillic != v->latin)
		return v->cyrillic > v->latin ? PL_SCRIPT_CYRILLIC : PL_SCRIPT_LATIN;
	return PL_SCRIPT_OTHER;
}

static int in_word(int32_t c)
{
	enum pl_name_class k = pl_name_class(c);
	return k != PL_NC_SEPARATOR;
}

/* The letters of cp[start..end) that have a look-alike in script to become it. */
static void convert(int32_t *cp, size_t start, size_t end, enum pl_script to, int folded)
{
	enum pl_script from = to == PL_SCRIPT_LATIN ? PL_SCRIPT_CYRILLIC : PL_SCRIPT_LATIN;
	for (size_t k = start; k < end; k++) {
		int32_t other;
		if (!is_letter(cp[k]) || pl_name_cp_script(cp[k]) != from)
			continue;
		other = folded ? look_alike_folded(cp[k], from) : look_alike(cp[k], from);
		if (other)
			cp[k] = other;
	}
}

/*
 * Step 3 on NFD code points: look-alikes take the script of their word. First the
 * words that decide by themselves; then the ties, by the letters with no
 * look-alike of the whole text as those left it. In that order a key is its own
 * key: the second time round, every word the first pass left mixed is a tie
 * again, and the text's count the same.
 */
static void resolve_look_alikes(int32_t *cp, size_t n, int folded)
{
	struct votes text = {0, 0, 0, 0};
	int latin = 0, cyrillic = 0;

	for (size_t k = 0; k < n && !(latin && cyrillic); k++) {
		enum pl_script s = pl_name_cp_script(cp[k]);
		latin |= s == PL_SCRIPT_LATIN;
		cyrillic |= s == PL_SCRIPT_CYRILLIC;
	}
	if (!latin || !cyrillic)
		return; /* one script: nothing can be mixed */
	for (int ties = 0; ties < 2; ties++) {
		enum pl_script text_to = PL_SCRIPT_OTHER;
		size_t i = 0;
		if (ties) {
			memset(&text, 0, sizeof(text));
			for (size_t k = 0; k < n; k++)
				if (is_letter(cp[k]))
					vote(&text, cp[k]);
			if ((text_to = majority(&text, 0)) == PL_SCRIPT_OTHER)
				return;
		}
		while (i < n) {
			struct votes word = {0, 0, 0, 0};
			enum pl_script to;
			size_t start;

			while (i < n && !in_word(cp[i]))
				i++;
			start = i;
			for (; i < n && in_word(cp[i]); i++)
				if (is_letter(cp[i]))
					vote(&word, cp[i]);
			if (!word.latin || !word.cyrillic)
				continue;
			to = majority(&word, 1);
			if (ties && to == PL_SCRIPT_OTHER)
				convert(cp, start, i, text_to, folded);
			else if (!ties && to != PL_SCRIPT_OTHER)
				convert(cp, start, i, to, folded);
		}
	}
}

/* Step 4 on NFD code points: stress marks on Cyrillic letters go. */
static size_t drop_stress(int32_t *cp, size_t n)
{
	enum pl_script base = PL_SCRIPT_OTHER;
	int32_t letter = 0;
	size_t w = 0;
	for (size_t i = 0; i < n; i++) {
		int32_t c = cp[i];
		if (pl_name_class(c) != PL_NC_MARK) {
			base = pl_name_cp_script(c);
			letter = c | 0x20; /* lower case, for the letters below */
		} else if ((c == 0x0300 || c == 0x0301) && base == PL_SCRIPT_CYRILLIC &&
		           !(c == 0x0301 && (letter == 0x0433 || letter == 0x043A))) {
			continue; /* but the acute of ѓ and ќ, letters of their own */
		}
		cp[w++] = c;
	}
	return w;
}

static void cps_init(struct pl_name_cps *c)
{
	c->cp = c->small;
	c->n = 0;
	c->alloc = PL_NAME_CPS_SMALL;
}

void pl_name_cps_release(struct pl_name_cps *c)
{
	if (c->cp != c->small)
		pl_free(c->cp);
	cps_init(c);
}

/* Room for want code points; keeps the first n. */
static int cps_reserve(struct pl_name_cps *c, size_t want, struct pl_error *err)
{
	int32_t *p;
	if (want <= c->alloc)
		return 0;
	if (want > (SIZE_MAX / sizeof(int32_t)) / 2)
		return pl_error_set(err, PL_EDATA, "name too long");
	want *= 2;
	p = pl_malloc(want * sizeof(int32_t));
	if (!p)
		return pl_error_set(err, PL_EDATA, "out of memory");
	if (c->n)
		memcpy(p, c->cp, c->n * sizeof(int32_t));
	if (c->cp != c->small)
		pl_free(c->cp);
	c->cp = p;
	c->alloc = want;
	return 0;
}

/* Step 1: strict UTF-8, the size. */
static int check_input(const char *in, size_t len, struct pl_error *err)
{
	size_t bad;

	if (len > PL_NAME_MAX_INPUT)
		return pl_error_set(err, PL_EDATA, "text longer than %d bytes", PL_NAME_MAX_INPUT);
	if (!pl_utf8_valid(in, len, &bad))
		return pl_error_set(err, PL_EDATA, "invalid UTF-8 at byte %zu", bad + 1);
	return 0;
}

/* Step 1's limit on runs of combining marks, which bounds the sorting of marks. */
static int check_marks(const char *in, size_t len, struct pl_error *err)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)in;
	size_t marks = 0, i = 0;

	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0) /* cannot happen after pl_utf8_valid */
			return pl_error_set(err, PL_EDATA, "invalid UTF-8 at byte %zu", i + 1);
		if (c >= 0x0300 && !(c >= 0x0400 && c < 0x0483) &&
		    utf8proc_get_property(c)->combining_class) {
			if (++marks > PL_NAME_MAX_MARKS)
				return pl_error_set(
				        err, PL_EDATA,
				        "more than %d combining marks in a row at byte %zu",
				        PL_NAME_MAX_MARKS, i + 1);
		} else {
			marks = 0;
		}
		i += (size_t)k;
	}
	return 0;
}

/* Combining marks in canonical order, as utf8proc_decompose leaves them. */
static void canonical_order(int32_t *b, size_t n)
{
	size_t pos = 0;
	while (pos + 1 < n) {
		int c1 = utf8proc_get_property(b[pos])->combining_class;
		int c2 = utf8proc_get_property(b[pos + 1])->combining_class;
		if (c1 > c2 && c2 > 0) {
			int32_t t = b[pos];
			b[pos] = b[pos + 1];
			b[pos + 1] = t;
			if (pos > 0)
				pos--;
			else
				pos++;
		} else {
			pos++;
		}
	}
}

/* Step 2 on NFD code points (c->cp stays NFD: composing comes after). */
static int fold_case(struct pl_name_cps *c, struct pl_error *err)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD;
	struct pl_name_cps t;
	int rc = 0;

	cps_init(&t);
	for (size_t i = 0; i < c->n; i++) {
		int bound = 0;
		utf8proc_ssize_t k;
		if ((rc = cps_reserve(&t, t.n + 8, err)))
			goto out;
		k = utf8proc_decompose_char(c->cp[i], t.cp + t.n, (utf8proc_ssize_t)(t.alloc - t.n),
		                            opt, &bound);
		if (k < 0) {
			rc = pl_error_set(err, PL_EDATA, "%s", utf8proc_errmsg(k));
			goto out;
		}
		if ((size_t)k > t.alloc - t.n) {
			if ((rc = cps_reserve(&t, t.n + (size_t)k, err)))
				goto out;
			k = utf8proc_decompose_char(c->cp[i], t.cp + t.n,
			                            (utf8proc_ssize_t)(t.alloc - t.n), opt, &bound);
		}
		t.n += (size_t)k;
	}
	canonical_order(t.cp, t.n);
	c->n = 0;
	if ((rc = cps_reserve(c, t.n, err)))
		goto out;
	memcpy(c->cp, t.cp, t.n * sizeof(int32_t));
	c->n = t.n;
out:
	pl_name_cps_release(&t);
	return rc;
}

/*
 * The fast path, for the text most names are: ASCII, or the basic Cyrillic
 * letters, with spaces, apostrophes and dashes. Such text is NFC already, holds
 * no marks (and none to drop), folds by lowering, and, in one script, has no
 * look-alikes to resolve: steps 2 to 5 give what the slow path gives. Returns 0
 * when in is no such text (or has more code points than c holds without the heap).
 */
static int decode_simple(struct pl_name_cps *c, const char *in, size_t len, unsigned how)
{
	const unsigned char *p = (const unsigned char *)in, *end = p + len;
	const int fold = (how & PL_NAME_CPS_FOLD) != 0;
	int latin = 0, cyrillic = 0;
	size_t n = 0;

	while (p < end) {
		int32_t ch;
		if (n == c->alloc)
			return 0;
		if (p[0] < 0x80) {
			ch = *p++;
			if ((ch | 0x20) >= 'a' && (ch | 0x20) <= 'z') {
				latin = 1;
				if (fold)
					ch |= 0x20;
			}
		} else if (p[0] < 0xE0) { /* valid: C2..DF and one more byte */
			ch = ((p[0] & 0x1F) << 6) | (p[1] & 0x3F);
			p += 2;
			if ((ch >= 0x0401 && ch <= 0x045F && ch != 0x040D && ch != 0x0450 &&
			     ch != 0x045D) ||
			    ch == 0x0490 || ch == 0x0491) {
				cyrillic = 1;
				if (fold && ch < 0x0410)
					ch += 0x50;
				else if (fold && ch < 0x0430)
					ch += 0x20;
				else if (fold && ch == 0x0490)
					ch = 0x0491;
			} else if (ch != 0x00A0 && ch != 0x00AB && ch != 0x00BB && ch != 0x00B4 &&
			           ch != 0x02BC) {
				return 0;
			}
		} else if (p[0] < 0xF0) {
			ch = ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
			p += 3;
			if (ch != 0x2013 && ch != 0x2014 && ch != 0x2018 && ch != 0x2019 &&
			    ch != 0x201C && ch != 0x201D && ch != 0x2032)
				return 0;
		} else {
			return 0;
		}
		c->cp[n++] = ch;
	}
	if (latin && cyrillic)
		return 0;
	c->n = n;
	return 1;
}

int pl_name_cps_decode(struct pl_name_cps *c, const char *in, unsigned how, struct pl_error *err)
{
	const utf8proc_option_t opt = UTF8PROC_STABLE | UTF8PROC_DECOMPOSE;
	size_t len = strlen(in);
	utf8proc_ssize_t n;
	int rc;

	cps_init(c);
	if ((rc = check_input(in, len, err)))
		return rc;
	if (decode_simple(c, in, len, how))
		return 0;
	if ((rc = check_marks(in, len, err)))
		return rc;
	n = utf8proc_decompose((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, c->cp,
	                       (utf8proc_ssize_t)c->alloc, opt);
	if (n >= 0 && (size_t)n > c->alloc) {
		if ((rc = cps_reserve(c, (size_t)n, err)))
			return rc;
		n = utf8proc_decompose((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)len, c->cp,
		                       (utf8proc_ssize_t)c->alloc, opt);
	}
	if (n < 0)
		return pl_error_set(err, PL_EDATA, "%s", utf8proc_errmsg(n));
	c->n = (size_t)n;
	/* folding comes first, so that a key's letters are resolved as they are
	 * compared (ß as the ss it folds to); without it, by case (H for Н, h not) */
	if ((how & PL_NAME_CPS_FOLD) && (rc = fold_case(c, err)))
		return rc;
	resolve_look_alikes(c->cp, c->n, (how & PL_NAME_CPS_FOLD) != 0);
	c->n = drop_stress(c->cp, c->n);
	n = utf8proc_normalize_utf32(c->cp, (utf8proc_ssize_t)c->n,
	                             UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (n < 0)
		return pl_error_set(err, PL_EDATA, "%s", utf8proc_errmsg(n));
	c->n = (size_t)n;
	return 0;
}

/* The base letter of a Latin or Cyrillic letter with diacritics (ў -> у, é -> e). */
static int32_t strip_diacritics(int32_t c)
{
	utf8proc_int32_t d[4];
	int bound = 0;
	enum pl_script s;
	if (c < 0x80 || (c >= 0x0430 && c < 0x0450)) /* nothing to strip */
		return c;
	s = pl_name_cp_script(c);
	if (s != PL_SCRIPT_LATIN && s != PL_SCRIPT_CYRILLIC)
		return c;
	if (utf8proc_decompose_char(c, d, 4, UTF8PROC_DECOMPOSE, &bound) > 1)
		return d[0];
	return c;
}

/*
 * The key's letter for cp[*i] (lower case already): -1 drops it. May take the
 * next code point too (loose ьо -> и), advancing *i.
 */
static int32_t key_letter(const int32_t *cp, size_t n, size_t *i, int loose, size_t letters_before)
{
	int32_t c = cp[*i];
	int32_t next = *i + 1 < n ? cp[*i + 1] : 0;

	if (!loose)
		return c == CY_YO ? CY_E : c;
	if (c == CY_SHORT_I) {
		if (next == CY_O && letters_before)
			(*i)++;
		return CY_I;
	}
	c = strip_diacritics(c); /* ё -> е, ї -> і, ў -> у, é -> e */
	switch (c) {
	case CY_SOFT:
	case CY_HARD:
		if (next == CY_O) {
			(*i)++;
			return CY_I;
		}
		return -1;
	case CY_E:
	case CY_YE:
	case CY_EH:
	case CY_I:
	case CY_UK_I:
	case CY_YERU:
		return CY_I;
	case CY_GE:
		return CY_GHE;
	default:
		return c;
	}
}

/* Steps 6 to 9 on NFC, case-folded code points, into buf (6 bytes a code point). */
static size_t make_key(const int32_t *cp, size_t n, unsigned flags, char *buf)
{
	const int loose = (flags & PL_NAME_LOOSE) != 0;
	const int keep_apostrophe = (flags & PL_NAME_KEEP_APOSTROPHE) != 0;
	utf8proc_uint8_t *out = (utf8proc_uint8_t *)buf;
	size_t len = 0, letters = 0, emitted = 0;
	int space = 0, apostrophe = 0;

	for (size_t i = 0; i < n; i++) {
		int32_t c = cp[i];
		switch (pl_name_class(c)) {
		case PL_NC_SEPARATOR:
			space = len > 0;
			apostrophe = 0;
			letters = emitted = 0;
			continue;
		case PL_NC_IGNORABLE:
		case PL_NC_QUOTE:
			continue;
		case PL_NC_APOSTROPHE:
			apostrophe = emitted > 0;
			continue;
		case PL_NC_MARK:
			if (loose)
				continue;
			break;
		default:
			break;
		}
		c = key_letter(cp, n, &i, loose, letters);
		letters++;
		if (c < 0)
			continue;
		if (space) {
			out[len++] = ' ';
			space = 0;
		} else if (apostrophe && keep_apostrophe) {
			len += (size_t)utf8proc_encode_char(UK_APOSTROPHE, out + len);
		}
		apostrophe = 0;
		len += (size_t)utf8proc_encode_char(c, out + len);
		emitted++;
	}
	buf[len] = '\0';
	return len;
}

int pl_name_normalize(const char *in, unsigned flags, char **out, struct pl_error *err)
{
	struct pl_name_cps c;
	char small[1024], *buf = small, *key = NULL;
	size_t need, len;
	int rc;

	if ((rc = pl_name_cps_decode(&c, in, PL_NAME_CPS_FOLD, err)))
		goto out;
	need = c.n * 6 + 1;
	if (need > sizeof(small) && !(buf = pl_malloc(need))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	len = make_key(c.cp, c.n, flags, buf);
	if (!(key = pl_strndup(buf, len))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	*out = key;
out:
	if (buf != small)
		pl_free(buf);
	pl_name_cps_release(&c);
	return rc;
}

enum pl_script pl_name_script(const char *s)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	size_t len = strlen(s), i = 0;
	int latin = 0, cyrillic = 0, other = 0;

	if (!pl_utf8_valid(s, len, NULL))
		return PL_SCRIPT_OTHER;
	while (i < len) {
		utf8proc_int32_t c;
		utf8proc_ssize_t k = utf8proc_iterate(p + i, (utf8proc_ssize_t)(len - i), &c);
		if (k <= 0)
			return PL_SCRIPT_OTHER;
		i += (size_t)k;
		if (pl_name_class(c) != PL_NC_LETTER)
			continue;
		switch (pl_name_cp_script(c)) {
		case PL_SCRIPT_LATIN:
			latin = 1;
			break;
		case PL_SCRIPT_CYRILLIC:
			cyrillic = 1;
			break;
		default:
			other = 1;
			break;
		}
	}
	if (latin + cyrillic + other > 1)
		return PL_SCRIPT_MIXED;
	return latin ? PL_SCRIPT_LATIN : cyrillic ? PL_SCRIPT_CYRILLIC : PL_SCRIPT_OTHER;
}

const char *pl_script_name(enum pl_script script)
{
	static const char *const names[] = {"other", "latin", "cyrillic", "mixed"};
	if ((unsigned)script >= PL_SCRIPT__MAX)
		return NULL;
	return names[script];
}

static int cyrillic_letter(int32_t c)
{
	return is_letter(c) && pl_name_cp_script(c) == PL_SCRIPT_CYRILLIC;
}

/* The nearest code point before (dir -1) or after (+1) i that is no mark, or 0. */
static int32_t neighbour(const int32_t *cp, size_t n, size_t i, int dir)
{
	for (;;) {
		if (dir < 0 ? i == 0 : i + 1 >= n)
			return 0;
		i = dir < 0 ? i - 1 : i + 1;
		if (pl_name_class(cp[i]) != PL_NC_MARK)
			return cp[i];
	}
}

int pl_name_guess_lang(const char *s)
{
	struct pl_name_cps c;
	size_t uk = 0, ru = 0;

	if (pl_name_cps_decode(&c, s, 0, NULL)) {
		pl_name_cps_release(&c);
		return PL_LANG_UNKNOWN;
	}
	for (size_t i = 0; i < c.n; i++) {
		int32_t ch = c.cp[i], lower = utf8proc_tolower(ch);
		switch (lower) {
		case CY_UK_I:
		case CY_YI:
		case CY_YE:
		case CY_GE:
			uk++;
			continue;
		case CY_YERU:
		case CY_EH:
		case CY_YO:
		case CY_HARD:
			ru++;
			continue;
		default:
			break;
		}
		if (pl_name_class(ch) == PL_NC_APOSTROPHE &&
		    cyrillic_letter(neighbour(c.cp, c.n, i, -1)) &&
		    cyrillic_letter(neighbour(c.cp, c.n, i, +1)))
			uk++;
	}
	pl_name_cps_release(&c);
	return uk > ru ? PL_LANG_UK : ru > uk ? PL_LANG_RU : PL_LANG_UNKNOWN;
}

const char *pl_lang_name(int lang)
{
	static const char *const names[] = {"unknown", "uk", "ru"};
	if (lang < 0 || lang >= PL_LANG__MAX)
		return NULL;
	return names[lang];
}

int pl_lang_by_name(const char *name)
{
	if (!strcmp(name, "uk"))
		return PL_LANG_UK;
	if (!strcmp(name, "ru"))
		return PL_LANG_RU;
	return -1;
}
