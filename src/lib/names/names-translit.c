/* names-translit.c - Cyrillic names in Latin letters: KMU 2010, ICAO 9303, BGN/PCGN, GOST 7.79
 *
 * One table a system, indexed by the lower-case letter (а U+0430 to џ U+045F, and
 * a few more in a switch); the position rules (KMU's Є Ї Й Ю Я at the start of a
 * word and зг, BGN's Ye/Yë, GOST's Ц) look at the letters around. The case of the
 * source letter, and whether its word is in capitals, decide the case of the
 * Latin letters. One pass, one output block, no allocation per letter.
 */
#include <stdint.h>
#include <string.h>

#include <utf8proc.h>

#include "parley/alloc.h"
#include "parley/names.h"
#include "banned.h"

#define ROW0 0x0430 /* а */
#define NROWS 0x30  /* а .. я, ѐ .. џ */

/* The letter before was an apostrophe inside the word (Короп'є). */
#define AFTER_APOSTROPHE (-1)

/* What a rule may look at. */
struct at {
	int32_t prev; /* the lower-case letter before in the word, AFTER_APOSTROPHE, or 0 */
	int32_t next; /* the lower-case letter after in the word, or 0 */
};

/*
 * ICAO Doc 9303 part 3 (7th edition, 2015), section 6, transliteration of
 * Cyrillic: the Russian letters and the others of its table.
 */
/* clang-format off */
static const char *const icao_rows[NROWS] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "ie", "y", "", "e", "iu", "ia",
	/* ѐ    ё    ђ    ѓ    є     ѕ     і    ї    ј    љ     њ     ћ    ќ   ѝ     ў    џ */
	NULL, "e", "d", "g", "ie", "dz", "i", "i", "j", "lj", "nj", "c", "k", NULL, "u", "dz",
};
/* clang-format on */

/*
 * Resolution No. 55 of the Cabinet of Ministers of Ukraine, 27 January 2010. The
 * rows that depend on the position (є ї й ю я, г after з) are in kmu().
 */
/* clang-format off */
static const char *const kmu_rows[NROWS] = {
	"a", "b", "v", "h", "d", "e", "zh", "z", "y", "i", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", NULL, NULL, "", NULL, "iu", "ia",
	NULL, NULL, NULL, NULL, "ie", NULL, "i", "i", NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};
/* clang-format on */

/*
 * BGN/PCGN 1947 for Russian, as the PCGN publishes it (checked June 2019): ë with
 * its diaeresis, and the apostrophes it prescribes, U+2019 for ь and U+201D for
 * ъ. е and ё depend on the position: bgn().
 */
/* clang-format off */
static const char *const bgn_rows[NROWS] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "y", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch",
	"\u201D", "y", "\u2019", "e", "yu", "ya", /* ъ ы ь э ю я */
	NULL, "\u00EB", NULL, NULL, NULL, NULL, NULL, NULL, /* ѐ ё ... */
	NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};
/* clang-format on */

/*
 * GOST 7.79-2000 system B, table 4: the Russian column, and the other languages'
 * rows for the letters Russian lacks. Ц depends on the next letter: gost().
 */
/* clang-format off */
static const char *const gost_rows[NROWS] = {
	"a", "b", "v", "g", "d", "e", "zh", "z", "i", "j", "k", "l", "m", "n", "o", "p",
	"r", "s", "t", "u", "f", "x", "cz", "ch", "sh", "shh", "``", "y`", "`", "e`", "yu", "ya",
	/* ѐ    ё     ђ     ѓ     є     ѕ     і    ї     ј    љ     њ    ћ     ќ    ѝ     ў     џ */
	NULL, "yo", NULL, "g`", "ye", "z`", "i", "yi", "j", "l`", "n`", NULL, "k`", NULL, "u`", "dh",
};
/* clang-format on */

static const char *table_row(const char *const rows[NROWS], int32_t c)
{
	if (c >= ROW0 && c < ROW0 + NROWS)
		return rows[c - ROW0];
	return NULL;
}

static const char *icao(int32_t c, int lang)
{
	switch (c) {
	case 0x0438: /* и: Y in Ukrainian, the table's one Ukrainian exception */
		return lang == PL_LANG_UK ? "y" : "i";
	case 0x0491: /* ґ */
		return "g";
	case 0x046B: /* ѫ */
		return "u";
	case 0x0475: /* ѵ */
		return "y";
	default:
		return table_row(icao_rows, c);
	}
}

static const char *kmu(int32_t c, const struct at *a)
{
	const int start = a->prev == 0;
	switch (c) {
	case 0x0454: /* є */
		return start ? "ye" : "ie";
	case 0x0457: /* ї */
		return start ? "yi" : "i";
	case 0x0439: /* й */
		return start ? "y" : "i";
	case 0x044E: /* ю */
		return start ? "yu" : "iu";
	case 0x044F: /* я */
		return start ? "ya" : "ia";
	case 0x0433: /* г: зг is zgh, apart from ж (zh) */
		return a->prev == 0x0437 ? "gh" : "h";
	case 0x0491: /* ґ */
		return "g";
	default:
		return table_row(kmu_rows, c);
	}
}

/* BGN/PCGN writes е ё as ye yë initially, after vowels, after й ъ ь (note 1, 2). */
static int bgn_y_before(int32_t prev)
{
	switch (prev) {
	case 0:
	case AFTER_APOSTROPHE: /* the Ukrainian apostrophe does ъ's work */
	case 0x0430:           /* а */
	case 0x0435:           /* е */
	case 0x0451:           /* ё */
	case 0x0438:           /* и */
	case 0x043E:           /* о */
	case 0x0443:           /* у */
	case 0x044B:           /* ы */
	case 0x044D:           /* э */
	case 0x044E:           /* ю */
	case 0x044F:           /* я */
	case 0x0439:           /* й */
	case 0x044A:           /* ъ */
	case 0x044C:           /* ь */
	case 0x0456:           /* і, ї, є: Ukrainian vowels, should they occur */
	case 0x0457:
	case 0x0454:
		return 1;
	default:
		return 0;
	}
}

static const char *bgn(int32_t c, const struct at *a)
{
	if (c == 0x0435) /* е */
		return bgn_y_before(a->prev) ? "ye" : "e";
	if (c == 0x0451) /* ё */
		return bgn_y_before(a->prev) ? "y\u00EB" : "\u00EB";
	return table_row(bgn_rows, c);
}

static const char *row(enum pl_translit_system sys, int lang, int32_t c, const struct at *a);

/* GOST 7.79 B: Ц is c before i, e, y, j, and cz elsewhere. */
static int gost_c_before(int32_t next, int lang)
{
	static const struct at none = {0, 0};
	const char *r;
	if (next >= 0 && next < 0x80)
		return next == 'i' || next == 'e' || next == 'y' || next == 'j';
	if (next == 0x0446) /* ц: cz */
		return 0;
	r = row(PL_TRANSLIT_GOST_B, lang, next, &none);
	return r && (r[0] == 'i' || r[0] == 'e' || r[0] == 'y' || r[0] == 'j');
}

static const char *gost(int32_t c, int lang, const struct at *a)
{
	switch (c) {
	case 0x0446: /* ц */
		return gost_c_before(a->next, lang) ? "c" : "cz";
	case 0x0438: /* и: y` in Ukrainian */
		return lang == PL_LANG_UK ? "y`" : "i";
	case 0x0491: /* ґ */
		return "g`";
	case 0x0463: /* ѣ */
		return "ye";
	case 0x0473: /* ѳ */
		return "fh";
	case 0x0475: /* ѵ */
		return "yh";
	case 0x046B: /* ѫ */
		return "o`";
	default:
		return table_row(gost_rows, c);
	}
}

/* The row for lower-case letter c, taking a letter the system lacks from another. */
static const char *row(enum pl_translit_system sys, int lang, int32_t c, const struct at *a)
{
	const char *r = NULL;
	switch (sys) {
	case PL_TRANSLIT_KMU2010:
		r = kmu(c, a);
		break;
	case PL_TRANSLIT_ICAO:
		break;
	case PL_TRANSLIT_BGN:
		r = bgn(c, a);
		if (!r)
			r = kmu(c, a);
		break;
	case PL_TRANSLIT_GOST_B:
		r = gost(c, lang, a);
		break;
	default:
		return NULL;
	}
	return r ? r : icao(c, lang);
}

/* Letter case without a lookup for ASCII and the basic Cyrillic letters. */
static int32_t to_lower(int32_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? c + 32 : c;
	if (c >= 0x0400 && c < 0x0410)
		return c + 0x50;
	if (c >= 0x0410 && c < 0x0430)
		return c + 0x20;
	if (c >= 0x0430 && c < 0x0460)
		return c;
	return utf8proc_tolower(c);
}

/* 1 for a capital, -1 for a small letter, 0 for neither. */
static int letter_case(int32_t c)
{
	if (c < 0x80)
		return (c >= 'A' && c <= 'Z') ? 1 : (c >= 'a' && c <= 'z') ? -1 : 0;
	if (c >= 0x0400 && c < 0x0430)
		return 1;
	if (c >= 0x0430 && c < 0x0460)
		return -1;
	return utf8proc_isupper(c) ? 1 : utf8proc_islower(c) ? -1 : 0;
}

static int skipped(enum pl_name_class k)
{
	return k == PL_NC_MARK || k == PL_NC_IGNORABLE;
}

/* The letter after i in its word (lower case), or 0. */
static int32_t letter_after(const int32_t *cp, size_t n, size_t i)
{
	while (++i < n) {
		enum pl_name_class k = pl_name_class(cp[i]);
		if (k == PL_NC_LETTER)
			return to_lower(cp[i]);
		if (!skipped(k))
			return 0;
	}
	return 0;
}

/* The letter before i in its word (lower case), AFTER_APOSTROPHE, or 0. */
static int32_t letter_before(const int32_t *cp, size_t i)
{
	int apostrophe = 0;
	while (i-- > 0) {
		enum pl_name_class k = pl_name_class(cp[i]);
		if (k == PL_NC_LETTER)
			return apostrophe ? AFTER_APOSTROPHE : to_lower(cp[i]);
		if (k == PL_NC_APOSTROPHE && !apostrophe)
			apostrophe = 1;
		else if (!skipped(k))
			return 0;
	}
	return 0;
}

/* An apostrophe between two letters of a word, one of them Cyrillic. */
static int word_apostrophe(const int32_t *cp, size_t n, size_t i)
{
	size_t b = i, f = i;
	while (b > 0 && skipped(pl_name_class(cp[b - 1])))
		b--;
	while (f + 1 < n && skipped(pl_name_class(cp[f + 1])))
		f++;
	if (b == 0 || f + 1 >= n)
		return 0;
	b--;
	f++;
	if (pl_name_class(cp[b]) != PL_NC_LETTER || pl_name_class(cp[f]) != PL_NC_LETTER)
		return 0;
	return pl_name_cp_script(cp[b]) == PL_SCRIPT_CYRILLIC ||
	       pl_name_cp_script(cp[f]) == PL_SCRIPT_CYRILLIC;
}

struct caps {
	size_t upper, lower;
};

static void count_case(struct caps *k, int32_t c)
{
	int lc = letter_case(c);
	if (lc > 0)
		k->upper++;
	else if (lc < 0)
		k->lower++;
}

/* Whether the word starting at i is written in capitals. */
static int word_in_capitals(const int32_t *cp, size_t n, size_t i, int text_in_capitals)
{
	struct caps k = {0, 0};
	for (; i < n; i++) {
		enum pl_name_class c = pl_name_class(cp[i]);
		if (c == PL_NC_LETTER)
			count_case(&k, cp[i]);
		else if (c == PL_NC_APOSTROPHE ? !letter_after(cp, n, i) : !skipped(c))
			break;
	}
	if (k.lower)
		return 0;
	return k.upper >= 2 || (k.upper == 1 && text_in_capitals);
}

enum letter_case { SMALL, TITLE, CAPITALS };

struct out {
	char *p;
	size_t len;
};

static void put_cp(struct out *o, int32_t c)
{
	o->len += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)o->p + o->len);
}

/* s (lower case, ASCII but for ë) in case: the first letter, or all, capitals. */
static void put_cased(struct out *o, const char *s, enum letter_case lc)
{
	int up = lc != SMALL;
	for (; *s; s++) {
		unsigned char b = (unsigned char)*s;
		if (up && b >= 'a' && b <= 'z') {
			b = (unsigned char)(b - 'a' + 'A');
			up = lc == CAPITALS;
		} else if (up && b == 0xC3 && (unsigned char)s[1] == 0xAB) { /* ë -> Ë */
			o->p[o->len++] = (char)0xC3;
			o->p[o->len++] = (char)0x8B;
			s++;
			up = lc == CAPITALS;
			continue;
		}
		o->p[o->len++] = (char)b;
	}
}

/* cp[0..n) in Latin letters into buf (4 bytes a code point at most, and a NUL). */
static size_t translit_cps(const int32_t *cp, size_t n, int lang, enum pl_translit_system sys,
                           char *buf)
{
	struct out o = {buf, 0};
	struct caps text = {0, 0};
	int text_in_capitals, word_caps = 0, marks_go = 0;

	for (size_t i = 0; i < n; i++)
		if (pl_name_class(cp[i]) == PL_NC_LETTER)
			count_case(&text, cp[i]);
	text_in_capitals = text.upper >= 2 && !text.lower;

	for (size_t i = 0; i < n; i++) {
		const int32_t c = cp[i];
		const enum pl_name_class k = pl_name_class(c);
		int32_t lower;
		struct at a;
		const char *r;

		if (k == PL_NC_MARK && marks_go)
			continue; /* a mark on a Cyrillic letter goes with it */
		marks_go = 0;
		if (k == PL_NC_APOSTROPHE && word_apostrophe(cp, n, i)) {
			if (sys == PL_TRANSLIT_GOST_B)
				o.p[o.len++] = '\'';
			continue;
		}
		if (k != PL_NC_LETTER) {
			put_cp(&o, c);
			continue;
		}
		a.prev = letter_before(cp, i);
		a.next = letter_after(cp, n, i);
		if (!a.prev)
			word_caps = word_in_capitals(cp, n, i, text_in_capitals);
		if (pl_name_cp_script(c) != PL_SCRIPT_CYRILLIC) {
			put_cp(&o, c);
			continue;
		}
		lower = to_lower(c);
		r = row(sys, lang, lower, &a);
		if (!r) {
			put_cp(&o, c); /* a letter no table knows */
			continue;
		}
		put_cased(&o, r, lower == c ? SMALL : word_caps ? CAPITALS : TITLE);
		marks_go = 1;
	}
	o.p[o.len] = '\0';
	return o.len;
}

int pl_translit_lang(const char *in, int lang, enum pl_translit_system sys, char **out,
                     struct pl_error *err)
{
	struct pl_name_cps c;
	char small[1024], *buf = small, *s;
	size_t need, len;
	int rc;

	if ((unsigned)sys >= PL_TRANSLIT__MAX)
		return pl_error_set(err, PL_EUSAGE, "unknown transliteration system %d", (int)sys);
	if (lang < 0 || lang >= PL_LANG__MAX)
		return pl_error_set(err, PL_EUSAGE, "unknown language %d", lang);
	if ((rc = pl_name_cps_decode(&c, in, 0, err)))
		goto out;
	need = c.n * 4 + 1;
	if (need > sizeof(small) && !(buf = pl_malloc(need))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	len = translit_cps(c.cp, c.n, lang, sys, buf);
	if (!(s = pl_strndup(buf, len))) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	*out = s;
out:
	if (buf != small)
		pl_free(buf);
	pl_name_cps_release(&c);
	return rc;
}

int pl_translit(const char *in, enum pl_translit_system sys, char **out, struct pl_error *err)
{
	return pl_translit_lang(in, PL_LANG_UNKNOWN, sys, out, err);
}

static const char *const system_names[PL_TRANSLIT__MAX] = {"kmu2010", "icao", "bgn", "gost-b"};

const char *pl_translit_system_name(enum pl_translit_system sys)
{
	if ((unsigned)sys >= PL_TRANSLIT__MAX)
		return NULL;
	return system_names[sys];
}

int pl_translit_system_by_name(const char *name)
{
	for (int i = 0; i < PL_TRANSLIT__MAX; i++)
		if (!strcmp(system_names[i], name))
			return i;
	return -1;
}

enum pl_translit_system pl_translit_default_system(int lang)
{
	return lang == PL_LANG_RU ? PL_TRANSLIT_ICAO : PL_TRANSLIT_KMU2010;
}
