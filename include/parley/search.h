/* search.h - finding persons by any spelling of their name
 *
 * Callers and lists give a name in Russian Cyrillic (Сергей Ковалёв), in Latin letters
 * by one of several systems (SERGEI KOVALEV, Sergey Kovalyov, Serhii Kovalov), in
 * Ukrainian (Сергій Ковальов), with typos, without the patronymic, family and given
 * name swapped. Every name word gets a cross-script "skeleton" (pl_search_skeleton)
 * that all those spellings share; the registry keeps the skeletons of every person in
 * an index (table name_index, a row per person, derived data kept up to date by every
 * write of a person), read once per process into an inverted index in memory
 * (src/lib/names/name-index.h); pl_search takes the persons sharing a key, a name group or a
 * near skeleton with the query's rarest words, then ranks them.
 */
#ifndef PARLEY_SEARCH_H
#define PARLEY_SEARCH_H
#include <stddef.h>
#include <stdint.h>

#include "parley/account.h"
#include "parley/error.h"
#include "parley/record.h"
#include "parley/registry.h"

struct pl_db;

/* Bytes of a skeleton or index key, NUL included; longer words are cut. */
#define PL_SEARCH_KEY_MAX 160
/* The version of the key rules: the index is rebuilt when it differs. */
#define PL_SEARCH_KEY_VERSION 5
/* Words of a query taken into account; the rest are ignored. */
#define PL_SEARCH_MAX_WORDS 6
#define PL_SEARCH_DEFAULT_LIMIT 20

/* The parts of a name, as the index keeps them (name_keys.part). */
enum pl_search_part {
	PL_SEARCH_PART_NONE,
	PL_SEARCH_PART_FAMILY,
	PL_SEARCH_PART_GIVEN,
	PL_SEARCH_PART_PATRONYMIC,
	PL_SEARCH_PART_OTHER,    /* words of other_names */
	PL_SEARCH_PART_DELETION, /* a family name's skeleton less one letter (name_variants) */
	PL_SEARCH_PART__MAX
};

/*
 * The skeleton of one name word, in out (size bytes, PL_SEARCH_KEY_MAX is enough):
 *  1. the loose key (pl_name_normalize with PL_NAME_LOOSE): Сергій, Сергей -> сергии;
 *  2. Latin letters turned into Cyrillic, by a table that reads kmu2010, icao, bgn,
 *     gost-b and informal spellings alike: shch sch shh -> щ, sh -> ш, zh -> ж,
 *     kh -> х, ch -> ч, ts tz cz -> ц (but tsh is т ш: Mukhametshyn), c -> ц before
 *     e i y else к, x -> кс, h gh -> г, w -> в, q -> к, and i y j e (and the Cyrillic
 *     е є ё и і ї ы й) -> и;
 *  3. я -> иа and ю -> иу (SERGEI's ya is ICAO's ia is Ukrainian я);
 *  4. runs of one letter as one (Ганна, Hanna; Serhii, Sergei -> серги);
 *  5. ио -> и, at the start of a word too (Ukrainian ьо/йо, BGN yo: Vorobiov =
 *     Воробйов; GOST Yo: Yolkin = Ёлкин);
 *  6. a final ов / ова -> ив / ива (KMU drops ь: Kovalov = Ковальов = Ковалёв);
 *  7. кс -> х (GOST 7.79-B writes х as x, which step 2 reads as кс: Lyax = Лях; so
 *     Maxim = Максим too), and тс -> ц (every system writes т с as ts, which step 2
 *     reads as ц: Krasnokutskyi = Краснокутський);
 *  8. a final -ая -> -а (Малиновская, MALINOVSKAYA = Малиновська), a final -ой -> -ий
 *     (Гаевой = Гайовий, Луговой = Луговий).
 * A word with several words in it (Римський-Корсаков) gives the skeleton of the whole
 * with one space between. Returns 0, PL_EDATA (bad UTF-8, out of memory) or PL_EUSAGE
 * (out too small); out is written only on success.
 */
int pl_search_skeleton(const char *word, char *out, size_t size, struct pl_error *err);

/* The Jaro-Winkler similarity (prefix scale 0.1, up to 4) of two UTF-8 strings, by
 * code points: 1.0 for equal strings, 0.0 for nothing in common (or an empty one). */
double pl_search_jaro_winkler(const char *a, const char *b);

struct pl_search_opts {
	int birth_year;   /* 0: any; else persons born another (known) year are left out */
	const char *side; /* NULL, "captive" or "detainee" */
	long limit;       /* at most this many; 0: PL_SEARCH_DEFAULT_LIMIT */
};

struct pl_search_hit {
	const char *ref;
	double score; /* 0..1, 1 for the same name in every part the query gave */
	/*
	 * Ties (docs/matching.md, "Ties"): hits of equal score share a rank (1 for the best;
	 * the next score's rank counts every hit above it: 1, 1, 3) and come in this order:
	 * more parts agreeing first, then the later latest_evidence, then by reference.
	 * agreeing: the parts of the person's name a word of the query names outright
	 * (family name or other names by the same skeleton; given name and patronymic by the
	 * same skeleton or the same name as a full form or a spelling of it), each part once,
	 * and the birth year when the query gives one and it is the person's; computed for
	 * tied hits only (0 for the others). latest_evidence: the latest date of the
	 * person's evidence, YYYY[-MM[-DD]], for tied hits only and only where the actor
	 * may see evidence (person.show); "" otherwise, and then it orders nothing.
	 */
	long rank;
	int tied; /* another hit (shown or not) has this score */
	int agreeing;
	char latest_evidence[11];
	/* the person as person list shows it (restricted values left out) */
	const struct pl_record *person;
};

/* Called for each hit, best first (ties as pl_search_hit says); non-zero stops and is
 * returned. */
typedef int (*pl_search_cb)(void *ctx, const struct pl_search_hit *hit);

/*
 * The persons whose names match text, best first: needs person.list (as person list
 * does) and shows what person list shows. text: UTF-8 words of the name in any order
 * and script; a word of four digits from 1900 to 2100 among them is the birth year, as
 * o->birth_year is ("Ковальов Сергій 1985"). PL_EUSAGE for an empty text, bad options,
 * two years, or a year that is not o's; PL_EDATA for invalid UTF-8;
 * PL_EDATA too when the index is stale (pl_search_index_stale), with a message saying
 * how to rebuild it. Everything passed to cb lives until cb returns.
 */
int pl_search(struct pl_db *db, const struct pl_actor *actor, const char *text,
              const struct pl_search_opts *o, pl_search_cb cb, void *ctx, struct pl_error *err);

/* *stale 1 when the index was built by other key rules or not at all (a file made
 * before schema 2 holding persons): pl_search_reindex rebuilds it. */
int pl_search_index_stale(struct pl_db *db, int *stale, struct pl_error *err);

/*
 * Rebuilds the name index of every person (a registrar's, head's or admin's work: needs
 * person.edit or account.add), in one transaction, and notes it in the audit trail.
 * *n (may be NULL) gets the number of persons indexed.
 */
int pl_search_reindex(struct pl_db *db, const struct pl_actor *actor, long long *n,
                      struct pl_error *err);

#endif
