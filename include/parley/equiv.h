/* equiv.h - one name in Ukrainian and Russian: given names, pet forms, patronymics, surnames */
#ifndef PARLEY_EQUIV_H
#define PARLEY_EQUIV_H
#include <stddef.h>

#include "parley/error.h"

/*
 * The other side's lists write our people's names in Russian (Сергей Ковалёв), our registry
 * in Ukrainian (Сергій Ковальов), relatives in pet forms (Серёжа). This module knows which
 * spellings are one name. Its data, the .tsv files of data/names (docs/names-data.md), is
 * compiled into the library: nothing is read from disk. The tables are built on first use
 * (or by pl_equiv_init()) and never change after; not thread-safe before that first use.
 *
 * Every lookup folds its input first (pl_equiv_fold()): NFC, case folding, ё as е, all
 * apostrophes (’ ʼ ‘ `) as ', dashes as -, runs of white space as one space, and Latin
 * letters that look Cyrillic (i, I, a, o, e, c, p, x, y, ...) inside a Cyrillic word as the
 * Cyrillic letters. Inputs are NUL-terminated UTF-8; invalid UTF-8 gives PL_EDATA, a name
 * longer than PL_EQUIV_NAME_MAX bytes gives PL_EUSAGE.
 *
 * Strings and arrays handed out (forms, groups) belong to the library and live until
 * pl_equiv_release(); callers never free them.
 */

#define PL_EQUIV_NAME_MAX 1000

/* The language of a spelling. */
enum pl_equiv_lang {
	PL_EQUIV_ANY, /* not known: try both */
	PL_EQUIV_UK,
	PL_EQUIV_RU,
	PL_EQUIV__MAX,
};

/*
 * Scores of pl_equiv_given_score(), best first: the same spelling once folded (Семен,
 * Семён); full forms of one name (Сергій, Сергей; Ганна, Анна); a letter-for-letter
 * spelling in the other alphabet (Мыкола for Микола, Ніколай for Николай); a pet form
 * (Серёжа, Сашко, Коля).
 */
#define PL_EQUIV_SCORE_SAME 1.0
#define PL_EQUIV_SCORE_FULL 0.95
#define PL_EQUIV_SCORE_TRANSLIT 0.9
#define PL_EQUIV_SCORE_DIMINUTIVE 0.85

/*
 * One given name (a row of data/names/given.tsv) with all its forms. Every array holds
 * the forms as written in the data (with ё, with ASCII apostrophes).
 */
struct pl_equiv_group {
	int id;           /* index in given.tsv order: valid for one pl_equiv_data_version() */
	char sex;         /* 'm' or 'f' */
	const char *name; /* the first Ukrainian form, "Олександр": a key that survives edits */
	const char *const *uk;
	size_t uk_n;
	const char *const *ru;
	size_t ru_n;
	const char *const *other; /* other full forms: Олекса, Осип, Явдоха */
	size_t other_n;
	const char *const *diminutives; /* Сашко, Саша, Шура, ... */
	size_t diminutives_n;
	const char *const *forms; /* all of the above, in that order, each spelling once */
	size_t forms_n;
	/* patronymics, [0] of a son, [1] of a daughter (none for female names), standard first */
	const char *const *patr_uk[2];
	size_t patr_uk_n[2];
	const char *const *patr_ru[2];
	size_t patr_ru_n[2];
};

/*
 * Builds the tables from the embedded data. Optional: every function below does it on
 * first use. Returns 0, or PL_EDATA with err filled when memory runs out or the data is
 * bad (a build with broken data fails its unit test first). Calling it again after
 * success does nothing.
 */
int pl_equiv_init(struct pl_error *err);

/* Frees the tables (tests, leak checkers); the next call builds them again. */
void pl_equiv_release(void);

/*
 * Checks what the loader cannot: every rule of surname-rules.tsv is used by its own
 * example, and its example gives its result. Returns 0, or PL_EDATA with err naming the
 * first rule that fails (its line).
 */
int pl_equiv_check_data(struct pl_error *err);

/* 16 hex digits that change whenever data/names changes: group ids are valid for one. */
const char *pl_equiv_data_version(void);

/*
 * Folds s as lookups do (see above) into out, a buffer of size bytes. Returns 0, PL_EDATA
 * (invalid UTF-8), or PL_EUSAGE (NULL argument, s too long, out too small). An index can
 * key names by it.
 */
int pl_equiv_fold(const char *s, char *out, size_t size);

/* Number of given-name groups; ids run from 0 to *n - 1. */
int pl_equiv_group_count(size_t *n);

/* The group with this id, or NULL (bad id, or the tables could not be built). */
const struct pl_equiv_group *pl_equiv_group(int id);

/*
 * Every form of the name group(s) name belongs to: Ukrainian, Russian and other full
 * forms, then pet forms. A full name belongs to one group; a pet form may stand for several
 * (Саша: Олександр and Олександра, Женя: Євген and Євгенія) and the forms of all of them
 * are listed. A name that is not in the data but is a letter-for-letter spelling of one in
 * the other alphabet (Мыкола, Сергий, Альона) is found through surname-rules.tsv.
 * Returns 0, PL_ENOTFOUND (no such name), PL_EUSAGE, PL_EDATA; *forms and *n are written
 * only on success.
 */
int pl_equiv_given(const char *name, const char *const **forms, size_t *n);

/* The ids of the group(s) of name, ascending, as pl_equiv_given() finds them. */
int pl_equiv_given_groups(const char *name, const int **groups, size_t *n);

/*
 * The group id of name, for an index key: the group it is a full form of, else the lowest id
 * of the groups it is a pet form of (Саша: Олександр). -1 when the name is unknown (or on
 * any error). An index that must find Саша under Олександра too uses pl_equiv_given_groups().
 */
int pl_equiv_given_group(const char *name);

/*
 * How sure it is that given names a and b are one name: PL_EQUIV_SCORE_SAME when they
 * fold to the same spelling (known or not), else the best of the scores above over the
 * groups both belong to, else 0 (different, or unknown). Returns 0 or an error code; *score
 * is written only on success.
 */
int pl_equiv_given_score(const char *a, const char *b, double *score);

/* 1 when pl_equiv_given_score() is above 0, else 0 (also on errors). */
int pl_equiv_same_given(const char *a, const char *b);

/*
 * The group of the father's name a patronymic is made from, and the sex it is of ('m':
 * Миколайович, Николаевич; 'f': Миколаївна, Николаевна). When several fathers' names give
 * the same patronymic, the first group. Returns 0, PL_ENOTFOUND, PL_EUSAGE or PL_EDATA;
 * group and sex (either may be NULL) are written only on success.
 */
int pl_equiv_patronymic_group(const char *patronymic, int *group, char *sex);

/*
 * 1 when patronymics a and b are the same one, in either language: from the same father's
 * name and of the same sex (Миколайович, Николаевич; Ілліч, Ильич; Іллівна, Ильинична);
 * also when they fold to the same spelling. 0 otherwise (Миколайович, Николаевна) or on
 * error.
 */
int pl_equiv_same_patronymic(const char *a, const char *b);

/*
 * 1 when patronymic is made from the given name father or from a form of the same name,
 * pet forms included: (Миколайович, Николай), (Николаевна, Коля), (Яковлевич, Яків).
 * 0 otherwise or on error.
 */
int pl_equiv_patronymic_of(const char *patronymic, const char *father);

/*
 * The spellings of a surname in the other language by the rules of surname-rules.tsv,
 * likeliest first: from_lang PL_EQUIV_UK gives Russian spellings (Ковальов: Ковалёв,
 * Ковалев), PL_EQUIV_RU Ukrainian ones, PL_EQUIV_ANY both. A spelling with ё is followed
 * by the one with е. The input's own spelling is left out, so *n may be 0 (Мельник).
 * At most 256 spellings. Letter case follows the input's (Ковальов, КОВАЛЬОВ).
 * On success *out is an array of *n strings the caller frees with
 * pl_equiv_variants_free() (*out is NULL when *n is 0); on error nothing is written.
 * Returns 0, PL_EUSAGE (NULL, bad from_lang, too long) or PL_EDATA.
 */
int pl_equiv_surname_variants(const char *surname, int from_lang, char ***out, size_t *n);

/* Frees what pl_equiv_surname_variants() returned; (NULL, 0) does nothing. */
void pl_equiv_variants_free(char **v, size_t n);

/*
 * 1 when surnames a and b can be one surname: the same spelling once folded, or one is a
 * spelling of the other by the rules, either way (Ковальов, Ковалёв, Ковалев; Білик, Билик;
 * Дем'янчук, Демьянчук). Masculine and feminine forms differ (Ковальов, Ковальова: 0), as do
 * different surnames (Ковальов, Ковальчук; Мельник, Мельников). 0 otherwise or on error.
 */
int pl_equiv_same_surname(const char *a, const char *b);

#endif
