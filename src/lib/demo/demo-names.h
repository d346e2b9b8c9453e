/* demo-names.h - name lists with realistic frequencies for the demo office */
#ifndef PARLEY_DEMO_NAMES_H
#define PARLEY_DEMO_NAMES_H
#include <stddef.h>
#include <stdint.h>

/*
 * All strings are UTF-8 literals with static storage.  Weights are relative (any scale); an
 * item's chance is its weight divided by the list total.  Ukrainian apostrophes are the ASCII
 * "'" (В'ячеслав, Мар'яна, Слов'янськ); Russian names keep "ё" (Пётр, Фёдор, Ковалёв).
 */

struct demo_given {       /* a given name with the patronymics derived from it */
	const char *name; /* e.g. "Олександр" */
	unsigned weight;  /* relative frequency in the population (any scale) */
	const char *patr_m; /* patronymic of a son: "Олександрович" (NULL: female names) */
	const char *patr_f; /* of a daughter: "Олександрівна" (NULL for female names) */
};
struct demo_surname {
	const char *m; /* masculine: "Ковальов", "Шевченко", "Мельник", "Ковальський" */
	const char *f; /* feminine: "Ковальова", "Шевченко", "Мельник", "Ковальська" */
	unsigned weight;
};
struct demo_list {
	const void *items;
	size_t n;
	unsigned total_weight;
};

extern const struct demo_given demo_uk_male[];
extern const size_t demo_uk_male_n;
extern const struct demo_given demo_uk_female[];
extern const size_t demo_uk_female_n;
extern const struct demo_surname demo_uk_surnames[];
extern const size_t demo_uk_surnames_n;
extern const struct demo_given demo_ru_male[];
extern const size_t demo_ru_male_n;
extern const struct demo_given demo_ru_female[];
extern const size_t demo_ru_female_n;
extern const struct demo_surname demo_ru_surnames[];
extern const size_t demo_ru_surnames_n;

/* places and units */

/* Ukrainian towns/cities, in Ukrainian, e.g. "Маріуполь", "Харків" (>= 80) */
extern const char *const demo_uk_places[];
extern const size_t demo_uk_places_n;
/* Russian towns, in Russian (>= 50) */
extern const char *const demo_ru_places[];
extern const size_t demo_ru_places_n;
/*
 * places of detention in Russia/occupied territory, in Ukrainian, e.g.
 * "Оленівка, виправна колонія № 120", "СІЗО-2 Таганрог" (>= 20)
 */
extern const char *const demo_detention_places[];
extern const size_t demo_detention_places_n;
/*
 * Ukrainian military units in Ukrainian, e.g. "36 окрема бригада морської піхоти",
 * "12 бригада спеціального призначення «Азов»", plus territorial defence, border guard,
 * national guard units (>= 40)
 */
extern const char *const demo_uk_units[];
extern const size_t demo_uk_units_n;
/* Russian units in Russian (>= 30) */
extern const char *const demo_ru_units[];
extern const size_t demo_ru_units_n;
/* Ukrainian ranks in Ukrainian, ordered from солдат upwards */
extern const char *const demo_uk_ranks[];
extern const size_t demo_uk_ranks_n;
/* same length as demo_uk_ranks: many soldiers, few colonels */
extern const unsigned demo_uk_rank_weights[];
/* Russian ranks in Russian, ordered from рядовой upwards */
extern const char *const demo_ru_ranks[];
extern const size_t demo_ru_ranks_n;
/* same length as demo_ru_ranks */
extern const unsigned demo_ru_rank_weights[];

/*
 * draws: r is a uniform random number in [0, total weight); returns the item whose cumulative
 * weight covers r.  Items of weight 0 are never returned.  NULL if r >= total (or n == 0).
 */
const struct demo_given *demo_given_pick(const struct demo_given *list, size_t n,
                                         unsigned long long r);
const struct demo_surname *demo_surname_pick(const struct demo_surname *list, size_t n,
                                             unsigned long long r);
unsigned long long demo_given_total(const struct demo_given *list, size_t n);
unsigned long long demo_surname_total(const struct demo_surname *list, size_t n);

/*
 * the same for a bare weight array (e.g. demo_uk_rank_weights): returns the index whose
 * cumulative weight covers r, or n if r >= total
 */
size_t demo_weight_pick(const unsigned *weights, size_t n, unsigned long long r);
unsigned long long demo_weight_total(const unsigned *weights, size_t n);

/* foreign citizens serving with us (the International Legion and others), names in Latin script */
struct demo_foreign {
	const char *country;       /* ISO 3166 alpha-2, "GB" */
	const char *country_uk;    /* the country in Ukrainian, "Велика Британія" */
	unsigned weight;           /* share among the foreign volunteers held */
	const char *const *male;   /* given names, NULL-terminated */
	const char *const *female; /* given names of their relatives, NULL-terminated */
	const char *const *family; /* family names, NULL-terminated (one form for both sexes) */
	int two_family;            /* 1: two family names, as in Colombia ("Gómez Rodríguez") */
	const char *unit;          /* where most of them serve, in Ukrainian */
	const char *language;      /* the family's language, in Ukrainian: "англійська" */
	const char *phone; /* phone prefix for the family, "+44 7700 900" (fictional ranges) */
};
extern const struct demo_foreign demo_foreign[];
extern const size_t demo_foreign_n;

/* camps and prisons in Ukraine that hold the exchange fund, in Ukrainian */
extern const char *const demo_uk_pow_camps[];
extern const size_t demo_uk_pow_camps_n;

/*
 * The demo's random numbers: xoshiro256** (Blackman and Vigna) seeded through splitmix64,
 * so that one seed gives one office on every platform.  No floating point, no libc rand().
 */
struct demo_rng {
	uint64_t s[4];
};
/* One step of splitmix64: advances *state and returns the next output. */
uint64_t demo_splitmix64(uint64_t *state);
void demo_rng_seed(struct demo_rng *r, uint64_t seed);
uint64_t demo_rng_next(struct demo_rng *r);
/* Uniform in [0, n) without modulo bias (rejection, as arc4random_uniform); 0 when n is 0. */
uint64_t demo_rng_below(struct demo_rng *r, uint64_t n);
#endif
