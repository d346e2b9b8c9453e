/* gen-persons.c - a deterministic generator of realistic person rows for import
 *
 *   gen-persons [-n ROWS] [--seed N] [--bad-line LINE] > persons.csv
 *
 * Writes a CSV header and ROWS persons (default 1000000): captives with
 * Ukrainian names and detainees with Russian ones, units, ranks, dates,
 * statuses valid for their side, source "bench" and a unique external_id.
 * About one row in fifty has a note with a comma (quoted) and one in a
 * hundred a note over two lines, so physical lines and rows differ, as in
 * real files. --bad-line puts a bad birth date in the row that starts on
 * physical line LINE (the header is line 1): the test of error positions.
 * The same arguments give the same bytes.
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
static const char *const ru_given[] = {"Алексей", "Дмитрий", "Сергей",   "Андрей",
                                       "Николай", "Михаил",  "Владимир", "Артём"};
static const char *const ru_patronymic[] = {"Алексеевич", "Дмитриевич",   "Сергеевич",
                                            "Николаевич", "Владимирович", "Петрович"};
static const char *const ua_units[] = {
        "36 окрема бригада морської піхоти",
        "12 бригада спеціального призначення \"Азов\"",
        "56 окрема мотопіхотна бригада",
        "72 окрема механізована бригада",
        "93 окрема механізована бригада \"Холодний Яр\"",
        "Національна гвардія України, в/ч 3057",
        "Маріупольський прикордонний загін",
        "128 окрема гірсько-штурмова бригада",
};
static const char *const ru_units[] = {
        "150 мотострелковая дивизия",
        "1-й армейский корпус",
        "810 бригада морской пехоты",
        "76 десантно-штурмовая дивизия",
};
static const char *const ranks[] = {
        "солдат",    "старший солдат",    "молодший сержант", "сержант", "старший сержант",
        "лейтенант", "старший лейтенант", "капітан",          "майор"};
static const char *const places[] = {
        "Маріуполь, Азовсталь", "Бахмут",   "Херсонська обл.", "Ізюм",
        "Сєвєродонецьк",        "Авдіївка", "Волноваха",       "Рубіжне"};
static const char *const captive_status[] = {"missing",   "missing",   "data_unknown", "probable",
                                             "confirmed", "confirmed", "confirmed",    "returned"};
static const char *const detainee_status[] = {"held", "held", "held", "listed"};
static const char *const health[] = {"unknown", "healthy", "healthy", "wounded",
                                     "severely_wounded"};

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

static void date(char *out, size_t cap, int y0, int years)
{
	snprintf(out, cap, "%04d-%02d-%02d", y0 + (int)pick((unsigned)years), 1 + (int)pick(12),
	         1 + (int)pick(28));
}

int main(int argc, char **argv)
{
	long rows = 1000000, bad_line = 0, line = 1;
	unsigned long long seed = 1;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			rows = strtol(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--seed") && i + 1 < argc)
			seed = strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--bad-line") && i + 1 < argc)
			bad_line = strtol(argv[++i], NULL, 10);
		else {
			fprintf(stderr,
			        "usage: gen-persons [-n ROWS] [--seed N] [--bad-line LINE]\n");
			return 2;
		}
	}
	state = seed;
	fputs("side,kind,family_name,given_name,patronymic,sex,birth_date,citizenship,rank,"
	      "service_number,unit,capture_date,capture_place,health,consent,status,"
	      "status_date,source,external_id,note\n",
	      stdout);
	line = 2;
	for (long r = 1; r <= rows; r++) {
		int captive = pick(10) < 8, military = pick(10) < 8;
		int female = !military && pick(3) == 0;
		char birth[16], captured[16], stated[16], service[32], ext[32];
		const char *note = NULL;
		unsigned k = pick(100);

		if (k < 2)
			note = "затриманий разом з іншими, зі слів побратимів";
		else if (k < 3 && line + 1 != bad_line)
			note = "бачили в Оленівці\nу березні";
		date(birth, sizeof(birth), 1965, 40);
		date(captured, sizeof(captured), 2022, 3);
		date(stated, sizeof(stated), 2022, 3);
		snprintf(service, sizeof(service), "%c%07u", captive ? 'U' : 'R',
		         (unsigned)pick(10000000));
		snprintf(ext, sizeof(ext), "B-%07ld", r);
		if (line == bad_line)
			snprintf(birth, sizeof(birth), "1990-13-45");

		field(captive ? "captive" : "detainee", 0);
		field(military ? "military" : "civilian", 0);
		if (captive) {
			field(ONE(ua_family), 0);
			field(female ? ONE(ua_given_f) : ONE(ua_given_m), 0);
			field(female ? ONE(ua_patronymic_f) : ONE(ua_patronymic_m), 0);
		} else {
			field(ONE(ru_family), 0);
			field(ONE(ru_given), 0);
			field(ONE(ru_patronymic), 0);
		}
		field(female ? "f" : "m", 0);
		field(birth, 0);
		field(captive ? "UA" : "RU", 0);
		field(military ? ONE(ranks) : NULL, 0);
		field(military ? service : NULL, 0);
		field(military ? (captive ? ONE(ua_units) : ONE(ru_units)) : NULL, 0);
		field(captive ? captured : NULL, 0);
		field(ONE(places), 0);
		field(ONE(health), 0);
		field(captive ? NULL : (pick(2) ? "yes" : "unknown"), 0);
		field(captive ? ONE(captive_status) : ONE(detainee_status), 0);
		field(stated, 0);
		field("bench", 0);
		field(ext, 0);
		field(note, 1);
		line += note && strchr(note, '\n') ? 2 : 1;
	}
	return fflush(stdout) || ferror(stdout) ? 1 : 0;
}
