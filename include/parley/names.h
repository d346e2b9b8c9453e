/* names.h - name keys for matching, and names in Latin letters by the standards
 *
 * Lists reach the office in Russian Cyrillic, in Ukrainian, and in Latin letters
 * by several transliteration systems. This module gives every spelling a key to
 * compare (pl_name_normalize) and writes Cyrillic names in Latin letters exactly as
 * the standards do (pl_translit). Both work on one code-point layer (the end of
 * this header): strict UTF-8, NFC, and Latin and Cyrillic look-alike letters put
 * back in the script of their word.
 *
 * Every function here takes NUL-terminated UTF-8 of at most PL_NAME_MAX_INPUT
 * bytes, allocates nothing per character and, where it returns a string, exactly
 * one block per call (pl_malloc; the caller frees it with pl_free).
 */
#ifndef PARLEY_NAMES_H
#define PARLEY_NAMES_H
#include <stddef.h>
#include <stdint.h>

#include "parley/error.h"

/* The longest input, in bytes, of every function here: a name, a line of a list. */
#define PL_NAME_MAX_INPUT 65536
/* Longest run of combining marks accepted (Unicode's stream-safe limit, UAX #15). */
#define PL_NAME_MAX_MARKS 30

enum pl_name_flag {
	/*
	 * The loose key: also folds the letters in which Ukrainian and Russian
	 * spell one name differently, so that Сергій = Сергей, Ковальов = Ковалёв =
	 * Ковалев, Мар'яна = Марьяна, Ґалаґан = Галаган. Exactly:
	 *   е є э ё и і ї ы й  -> и   (one front-vowel class: і stands for и in
	 *                               Іван/Иван and for е in Сергій/Сергей)
	 *   ьо, and йо inside a word -> и  (Ukrainian ьо/йо = Russian ё: Ковальов,
	 *                               Воробйов)
	 *   ь ъ                -> dropped
	 *   ґ                  -> г
	 *   other Latin and Cyrillic letters lose their diacritics (ў -> у, ë -> e),
	 *   and combining marks are dropped.
	 * A blocking key for finding candidates, not a verdict: it merges more than
	 * the strict key does (Петро and Питро alike).
	 */
	PL_NAME_LOOSE = 1 << 0,
	/* Keeps an apostrophe between two letters of a word, as U+02BC (the
	 * Ukrainian apostrophe); without it, keys drop every apostrophe. */
	PL_NAME_KEEP_APOSTROPHE = 1 << 1,
};

/*
 * The comparison key of a name, in *out (pl_malloc'd, the caller's; written only
 * on success). The steps, in order:
 *  1. strict UTF-8 (PL_EDATA naming the byte), at most PL_NAME_MAX_INPUT bytes and
 *     PL_NAME_MAX_MARKS combining marks in a row;
 *  2. case folding, as utf8proc_map(UTF8PROC_STABLE | UTF8PROC_COMPOSE |
 *     UTF8PROC_CASEFOLD) does (ß -> ss);
 *  3. look-alikes: in a word whose letters are mostly Cyrillic, Latin letters
 *     that look Cyrillic become Cyrillic, and the other way round ("Poмaн" ->
 *     "роман"; "HОВАК" with a Latin H -> "новак": a letter counts as the
 *     look-alike its capital is). "Mostly" counts the letters that have no
 *     look-alike first, then all letters of the word; a word still tied goes by
 *     the letters with no look-alike of the whole text, as the words that decided
 *     by themselves left it; a tie there changes nothing;
 *  4. stress marks (U+0300, U+0301) on Cyrillic letters dropped;
 *  5. NFC;
 *  6. ё -> е;
 *  7. apostrophes (' ’ ʼ ` ‘ ′ ´ ʹ ʻ) and quotation marks (" « » “ ” „ ʺ ″)
 *     dropped, and invisible format characters (soft hyphen, zero-width space)
 *     too: none of them splits a word;
 *  8. words: runs of letters, marks and digits. Everything else (spaces of any
 *     kind, hyphens and dashes, other punctuation, symbols, controls) separates
 *     words, and the key joins the words with one U+0020: "Римський-Корсаков",
 *     "Римський  Корсаков" and " римський - корсаков " have one key;
 *  9. with PL_NAME_LOOSE, the folds above.
 * і ї є ґ stay in the strict key: pl_name_guess_lang reads them. A key is its
 * own key (for text without combining marks; the fuzzer checks it).
 * An input with no words gives "". PL_EDATA with a message on bad input or when
 * out of memory.
 */
int pl_name_normalize(const char *in, unsigned flags, char **out, struct pl_error *err);

enum pl_script {
	PL_SCRIPT_OTHER,    /* no Latin or Cyrillic letter (or no letter at all) */
	PL_SCRIPT_LATIN,    /* Latin letters only */
	PL_SCRIPT_CYRILLIC, /* Cyrillic letters only */
	PL_SCRIPT_MIXED,    /* letters of more than one script */
	PL_SCRIPT__MAX
};

/* The scripts of the letters of s as written (look-alikes not resolved: "Poмaн" is
 * mixed); apostrophes are no letters. PL_SCRIPT_OTHER for invalid UTF-8. */
enum pl_script pl_name_script(const char *s);
/* "other", "latin", "cyrillic", "mixed"; NULL when out of range. */
const char *pl_script_name(enum pl_script script);

enum pl_lang { PL_LANG_UNKNOWN, PL_LANG_UK, PL_LANG_RU, PL_LANG__MAX };

/*
 * The language a Cyrillic name is written in, from its letters once look-alikes
 * are resolved: each і ї є ґ, and each apostrophe between two Cyrillic letters,
 * is a vote for Ukrainian; each ы э ё ъ a vote for Russian. The larger count wins;
 * a tie (none at all: "Иван Петров") is PL_LANG_UNKNOWN, as is invalid UTF-8.
 * Returns an enum pl_lang.
 */
int pl_name_guess_lang(const char *s);
/* "unknown", "uk", "ru"; NULL when out of range. */
const char *pl_lang_name(int lang);
/* PL_LANG_UK for "uk", PL_LANG_RU for "ru", else -1. */
int pl_lang_by_name(const char *name);

enum pl_translit_system {
	/* Ukrainian: the national system, Cabinet of Ministers of Ukraine resolution
	 * No. 55 of 27 January 2010 (passports; also BGN/PCGN's for Ukrainian). */
	PL_TRANSLIT_KMU2010,
	/* ICAO Doc 9303 part 3: Russian passports since 2014 (Ё -> E, Ъ -> IE, Й -> I). */
	PL_TRANSLIT_ICAO,
	/* BGN/PCGN 1947 for Russian, strict: Yë/ë, ’ (U+2019) for Ь, ” (U+201D) for Ъ. */
	PL_TRANSLIT_BGN,
	/* GOST 7.79-2000 system B (ASCII only: Щ shh, Ц c/cz, Ъ ``, Ы y`). */
	PL_TRANSLIT_GOST_B,
	PL_TRANSLIT__MAX
};

/* "kmu2010", "icao", "bgn", "gost-b"; NULL when out of range. */
const char *pl_translit_system_name(enum pl_translit_system sys);
/* The system of that name, or -1. */
int pl_translit_system_by_name(const char *name);
/* kmu2010 for PL_LANG_UK and PL_LANG_UNKNOWN, icao for PL_LANG_RU. */
enum pl_translit_system pl_translit_default_system(int lang);

/*
 * s in Latin letters by sys, in *out (pl_malloc'd, the caller's; written only on
 * success). Letters keep their case: an upper-case letter gives a capital and
 * then small letters ("Щ" -> "Shch"), except in a word of capitals ("ЩУР" ->
 * "SHCHUR"; a one-letter word counts as capitals when the whole text is). Text
 * that is not Cyrillic passes unchanged, but for combining marks on a Cyrillic
 * letter, which go with it; look-alike letters are first resolved as for keys.
 * A "word" is a run of letters, marks and apostrophes between two letters.
 *
 * A letter the system has no row for takes the row of another system:
 *  - kmu2010: the Russian letters ё ы э ъ (and others) by icao: E Y E IE;
 *  - bgn: the Ukrainian letters і ї є ґ and the apostrophe by kmu2010 (with its
 *    position rules), then by icao;
 *  - gost-b and icao have rows of their own for і ї є ґ; the rest by icao;
 *  - a letter no table knows stays as it is.
 * The apostrophe between two letters of a Cyrillic word is dropped, but for
 * gost-b, which writes it "'".
 * PL_EDATA with a message on bad input (see pl_name_normalize) or out of memory;
 * PL_EUSAGE for an unknown system.
 */
int pl_translit(const char *in, enum pl_translit_system sys, char **out, struct pl_error *err);

/*
 * The same, for a text known to be in lang: the rows the standards give for one
 * language only. ICAO 9303 writes Ukrainian И as Y (else I); GOST 7.79 system B
 * writes Ukrainian И as y` (else i). kmu2010 and bgn have no such rows.
 * pl_translit() is this with PL_LANG_UNKNOWN (which takes the Russian rows).
 */
int pl_translit_lang(const char *in, int lang, enum pl_translit_system sys, char **out,
                     struct pl_error *err);

/*
 * The code-point layer, for modules that work on code points (this one, the
 * matcher).
 */

/* What a code point is to a name. */
enum pl_name_class {
	PL_NC_SEPARATOR,  /* spaces, hyphens, dashes, other punctuation, symbols, controls */
	PL_NC_LETTER,     /* letters, and unassigned and private-use code points */
	PL_NC_MARK,       /* combining marks */
	PL_NC_DIGIT,      /* numbers */
	PL_NC_APOSTROPHE, /* ' ’ ʼ ` ‘ ′ ´ ʹ ʻ ‛ and full-width ' ` */
	PL_NC_QUOTE,      /* " « » “ ” „ ‟ ‹ › ʺ ″ and full-width " */
	PL_NC_IGNORABLE,  /* format characters: soft hyphen, zero-width space, joiners */
};
enum pl_name_class pl_name_class(int32_t cp);
/* The script of a letter: Latin, Cyrillic, or other (for non-letters too). */
enum pl_script pl_name_cp_script(int32_t cp);

#define PL_NAME_CPS_SMALL 128
/*
 * A name as code points. A short name lives in small[], a longer one in a
 * pl_malloc'd block; the struct points into itself, so it is not to be copied.
 */
struct pl_name_cps {
	int32_t *cp; /* cp[0..n) */
	size_t n;
	size_t alloc;                     /* private */
	int32_t small[PL_NAME_CPS_SMALL]; /* private */
};

enum pl_name_cps_how {
	PL_NAME_CPS_FOLD = 1 << 0, /* also fold case */
};

/*
 * Steps 1 to 5 of pl_name_normalize on in, leaving NFC code points in c; step 2
 * only with PL_NAME_CPS_FOLD. Without it, look-alikes are told by their case (a
 * Latin H is taken for Н, h is not). c needs no initialisation; call
 * pl_name_cps_release(c) afterwards whatever this returns. PL_EDATA with a
 * message on bad input or when out of memory.
 */
int pl_name_cps_decode(struct pl_name_cps *c, const char *in, unsigned how, struct pl_error *err);
void pl_name_cps_release(struct pl_name_cps *c);

#endif
