/* gen-plan.c - a deterministic generator of the persons of the planner's benchmark
 *
 *   gen-plan [--captives N] [--detainees N] [--seed N] > persons.csv
 *
 * Writes one CSV that parley import takes: N captives (default 20000) and N
 * detainees (default 8000) whose values make the categories of a 1000 for
 * 1000 real and overlapping (bench/plan.sh, docs/benchmarks.md):
 *
 *   captives   status confirmed (a sixth probable); ~8% civilian; ~3% women;
 *              ages 18 to 65 on 2026-06-01, a quarter 18 to 25; captured
 *              2014 to 2026-05, about 30% more than two years before
 *              2026-06-01; ~4% severely wounded, ~3% severely ill; one of
 *              150 units drawn with Zipf's law, so a cap per unit bites;
 *              ~2% medics, most of them in the three largest units (the
 *              garrison of a siege, its hospital with it), ~0.3% chaplains;
 *              ~3% citizens of another state as well or instead; ~5%
 *              sentenced in captivity;
 *   detainees  held; consent yes ~90%, else no or unknown; sentences,
 *              charges and proceedings for some.
 *
 * The same arguments give the same bytes. Names matter little here: they are
 * drawn from short lists in the manner of gen-persons.c.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

static uint64_t state;

static uint64_t next(void)
{
	uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

static unsigned pick(unsigned n)
{
	return (unsigned)(next() % n);
}

/* true with probability per_mille / 1000 */
static int chance(unsigned per_mille)
{
	return pick(1000) < per_mille;
}

#define N(a) (sizeof(a) / sizeof(a[0]))
#define ONE(a) a[pick(N(a))]

static const char *const ua_family[] = {
        "Ковальов",   "Шевченко",  "Бондаренко", "Ткаченко",   "Кравченко", "Олійник",
        "Мельник",    "Коваленко", "Бойко",      "Шевчук",     "Поліщук",   "Лисенко",
        "Савченко",   "Руденко",   "Марченко",   "Мороз",      "Павленко",  "Петренко",
        "Гончаренко", "Кузьменко", "Клименко",   "Левченко",   "Ковальчук", "Мазур",
        "Харченко",   "Карпенко",  "Савчук",     "Литвиненко", "Романюк",   "Гаврилюк",
};
static const char *const ua_given_m[] = {
        "Сергій", "Олександр", "Андрій", "Дмитро", "Іван",    "Микола", "Василь", "Юрій",
        "Олег",   "Богдан",    "Тарас",  "Максим", "Віталій", "Роман",  "Петро",  "Євген",
};
static const char *const ua_given_f[] = {"Ольга",  "Наталія", "Ірина", "Оксана",
                                         "Тетяна", "Юлія",    "Марія", "Катерина"};
static const char *const ua_patronymic_m[] = {
        "Іванович",   "Петрович",   "Миколайович", "Олександрович", "Васильович",
        "Сергійович", "Андрійович", "Юрійович",    "Богданович",    "Степанович",
};
static const char *const ua_patronymic_f[] = {"Іванівна", "Петрівна", "Миколаївна", "Олександрівна",
                                              "Василівна"};
static const char *const ru_family[] = {"Иванов",   "Смирнов", "Кузнецов", "Попов",
                                        "Васильев", "Петров",  "Соколов",  "Михайлов",
                                        "Новиков",  "Фёдоров", "Морозов",  "Волков"};
static const char *const ru_given_m[] = {"Алексей", "Дмитрий", "Сергей",   "Андрей",
                                         "Николай", "Михаил",  "Владимир", "Артём"};
static const char *const ru_given_f[] = {"Анна", "Елена", "Ольга", "Светлана"};
static const char *const ru_patronymic_m[] = {"Алексеевич", "Дмитриевич",   "Сергеевич",
                                              "Николаевич", "Владимирович", "Петрович"};
static const char *const ru_patronymic_f[] = {"Алексеевна", "Сергеевна", "Николаевна"};

/* The kinds of unit the 150 names of each side are made of. "Азов" and "Кракен"
 * are the named units of the benchmark's formula and appear in no other name;
 * the three largest units of ours were a besieged garrison, and hold most of our
 * medics (MEDIC_UNITS). */
static const char *const ua_unit_kinds[] = {
        "окрема механізована бригада",
        "окрема штурмова бригада",
        "окрема бригада морської піхоти",
        "бригада територіальної оборони",
        "окремий батальйон",
        "окрема артилерійська бригада",
};
static const char *const ru_unit_kinds[] = {
        "мотострелковый полк",    "мотострелковая бригада", "десантно-штурмовой полк",
        "бригада морской пехоты", "танковый полк",
};
#define UNITS 150
#define UNIT_AZOV 1 /* the second largest unit */
#define UNIT_KRAKEN 17
#define MEDIC_UNITS 3

static char ua_units[UNITS][128], ru_units[UNITS][128];

static void make_units(void)
{
	for (int i = 0; i < UNITS; i++) {
		if (i == 0)
			snprintf(ua_units[i], sizeof(ua_units[i]),
			         "36 окрема бригада морської піхоти");
		else if (i == 2)
			snprintf(ua_units[i], sizeof(ua_units[i]),
			         "Маріупольський прикордонний загін");
		else if (i == UNIT_AZOV)
			snprintf(ua_units[i], sizeof(ua_units[i]),
			         "12 бригада спеціального призначення Азов");
		else if (i == UNIT_KRAKEN)
			snprintf(ua_units[i], sizeof(ua_units[i]), "спецпідрозділ Кракен ГУР");
		else
			snprintf(ua_units[i], sizeof(ua_units[i]), "%d %s", 10 + 3 * i,
			         ua_unit_kinds[i % N(ua_unit_kinds)]);
		snprintf(ru_units[i], sizeof(ru_units[i]), "%d %s", 100 + 7 * i,
		         ru_unit_kinds[i % N(ru_unit_kinds)]);
	}
}

static double zipf_cdf[UNITS];

/* Unit i drawn with weight 1/(i+1): the largest holds about 18% of a side's
 * military, the smallest a dozen persons in 20,000. */
static void make_zipf(void)
{
	double sum = 0;

	for (int i = 0; i < UNITS; i++)
		zipf_cdf[i] = sum += 1.0 / (i + 1);
	for (int i = 0; i < UNITS; i++)
		zipf_cdf[i] /= sum;
}

static int zipf(void)
{
	double u = (double)(next() >> 11) / (double)(1ULL << 53);
	int i = 0;

	while (i < UNITS - 1 && zipf_cdf[i] < u)
		i++;
	return i;
}

/* One CSV field: quoted when it holds a comma, a quote or a newline. */
static void field(const char *s, int last)
{
	if (s && strpbrk(s, ",\"\n")) {
		putchar('"');
		for (; *s; s++) {
			if (*s == '"')
				putchar('"');
			putchar(*s);
		}
		putchar('"');
	} else if (s) {
		fputs(s, stdout);
	}
	putchar(last ? '\n' : ',');
}

/* A day of the month MONTHS after January Y0 (day 1 to 28: every month has it). */
static void month_day(char *out, size_t cap, int y0, int months)
{
	snprintf(out, cap, "%04d-%02d-%02d", y0 + months / 12, 1 + months % 12, 1 + (int)pick(28));
}

/* A birth date for an age of AGE completed years on 2026-06-01: born between
 * 2026-06-02 minus AGE + 1 years and 2026-06-01 minus AGE years. */
static void birth_for_age(char *out, size_t cap, int age)
{
	int m = (int)pick(12), month = 6 + m, year = 2026 - age - 1, day = 1 + (int)pick(28);

	if (month > 12) {
		month -= 12;
		year++;
	}
	if (m == 0 && day == 1) /* AGE years old only from the next day */
		day = 2;
	snprintf(out, cap, "%04d-%02d-%02d", year, month, day);
}

static int age_captive(void)
{
	unsigned k = pick(100);

	if (k < 25)
		return 18 + (int)pick(8); /* 18 to 25 */
	if (k < 80)
		return 26 + (int)pick(20); /* 26 to 45 */
	return 46 + (int)pick(20);         /* 46 to 65 */
}

/* Captured 2014-01 to 2026-05: 8% before 2022 (2014 to 2021), 22% from 2022-01 to
 * 2024-05, the rest in the two years before the exchange's day. */
static void capture(char *out, size_t cap)
{
	unsigned k = pick(100);

	if (k < 8)
		month_day(out, cap, 2014, (int)pick(8 * 12));
	else if (k < 30)
		month_day(out, cap, 2022, (int)pick(29));
	else
		month_day(out, cap, 2024, 5 + (int)pick(24));
}

static const char *captive_health(void)
{
	unsigned k = pick(1000);

	if (k < 40)
		return "severely_wounded";
	if (k < 70)
		return "severely_ill";
	if (k < 220)
		return "wounded";
	if (k < 820)
		return "healthy";
	return "unknown";
}

static const char *foreign_citizenship(void)
{
	static const char *const c[] = {"UA;GB", "UA;PL", "GE", "US", "UA;US", "CO", "UA;GE", "HR"};
	return ONE(c);
}

static const char *const ua_ranks[] = {
        "солдат",          "старший солдат", "молодший сержант", "сержант",
        "старший сержант", "лейтенант",      "капітан",          "майор"};
static const char *const ru_ranks[] = {
        "рядовой", "ефрейтор", "младший сержант", "сержант", "лейтенант", "капитан", "майор"};
static const char *const places[] = {"Маріуполь", "Бахмут",        "Херсонська обл.",
                                     "Ізюм",      "Сєвєродонецьк", "Авдіївка",
                                     "Волноваха", "Курська обл."};
static const char *const sentences[] = {"20 років позбавлення волі (так званий суд ДНР)",
                                        "довічне позбавлення волі", "13 років суворого режиму",
                                        "смертна кара (так званий суд ДНР)"};

static void captive_row(long r)
{
	int military = !chance(80), female = chance(military ? 25 : 150);
	char birth[24], captured[24], service[32], ext[32], tags[32] = "";
	int u = military ? zipf() : -1;
	const char *unit = military ? ua_units[u] : NULL;

	birth_for_age(birth, sizeof(birth), age_captive());
	capture(captured, sizeof(captured));
	snprintf(service, sizeof(service), "U%07u", (unsigned)pick(10000000));
	snprintf(ext, sizeof(ext), "P-%07ld", r);
	/* A cap per unit keeps a list from taking many of the besieged units, and
	 * so of their medics: a greedy list fills those places before it
	 * comes to the medics, an optimal one keeps them for the medics. */
	if (chance(u < 0 ? 10 : u < MEDIC_UNITS ? 60 : 3))
		snprintf(tags, sizeof(tags), "medic");
	else if (military && chance(3))
		snprintf(tags, sizeof(tags), "chaplain");

	field("captive", 0);
	field(military ? "military" : "civilian", 0);
	field(ONE(ua_family), 0);
	field(female ? ONE(ua_given_f) : ONE(ua_given_m), 0);
	field(female ? ONE(ua_patronymic_f) : ONE(ua_patronymic_m), 0);
	field(female ? "f" : "m", 0);
	field(birth, 0);
	field(chance(30) ? foreign_citizenship() : "UA", 0);
	field(military ? ONE(ua_ranks) : NULL, 0);
	field(military ? service : NULL, 0);
	field(unit, 0);
	field(tags, 0);
	field(captured, 0);
	field(ONE(places), 0);
	field(captive_health(), 0);
	field(chance(50) ? ONE(sentences) : NULL, 0);
	field(NULL, 0); /* charges */
	field(NULL, 0); /* consent: detainees only */
	field(NULL, 0); /* proceedings: detainees only */
	field(chance(167) ? "probable" : "confirmed", 0);
	field(captured, 0);
	field("bench", 0);
	field(ext, 1);
}

static void detainee_row(long r)
{
	int military = !chance(50), female = chance(military ? 10 : 200);
	char birth[24], service[32], ext[32];
	unsigned k = pick(1000);

	birth_for_age(birth, sizeof(birth), 18 + (int)pick(45));
	snprintf(service, sizeof(service), "R%07u", (unsigned)pick(10000000));
	snprintf(ext, sizeof(ext), "P-%07ld", r);

	field("detainee", 0);
	field(military ? "military" : "civilian", 0);
	field(ONE(ru_family), 0);
	field(female ? ONE(ru_given_f) : ONE(ru_given_m), 0);
	field(female ? ONE(ru_patronymic_f) : ONE(ru_patronymic_m), 0);
	field(female ? "f" : "m", 0);
	field(birth, 0);
	field("RU", 0);
	field(military ? ONE(ru_ranks) : NULL, 0);
	field(military ? service : NULL, 0);
	field(military ? ru_units[zipf()] : NULL, 0);
	field(NULL, 0); /* tags */
	field(NULL, 0); /* capture_date: captives only */
	field(ONE(places), 0);
	field(chance(900) ? "healthy" : "wounded", 0);
	field(k < 80 ? "12 років позбавлення волі" : NULL, 0);
	field(k < 200 ? "ч. 2 ст. 438 КК України" : NULL, 0);
	field(chance(900) ? "yes" : chance(500) ? "no" : "unknown", 0);
	field(k >= 80 && k < 150 ? "кримінальне провадження 12022000000000123" : NULL, 0);
	field("held", 0);
	field(NULL, 0);
	field("bench", 0);
	field(ext, 1);
}

int main(int argc, char **argv)
{
	long captives = 20000, detainees = 8000;
	unsigned long long seed = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--captives") && i + 1 < argc)
			captives = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--detainees") && i + 1 < argc)
			detainees = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else {
			fprintf(stderr,
			        "usage: gen-plan [--captives N] [--detainees N] [--seed N]\n");
			return 2;
		}
	}
	state = seed;
	make_units();
	make_zipf();
	fputs("side,kind,family_name,given_name,patronymic,sex,birth_date,citizenship,rank,"
	      "service_number,unit,tags,capture_date,capture_place,health,sentence,charges,"
	      "consent,proceedings,status,status_date,source,external_id\n",
	      stdout);
	for (long r = 1; r <= captives; r++)
		captive_row(r);
	for (long r = 1; r <= detainees; r++)
		detainee_row(captives + r);
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
