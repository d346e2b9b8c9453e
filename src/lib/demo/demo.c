/* demo.c - a reproducible, realistic demo office
 *
 * The office as the article describes it in spring 2024 ("today" is 2024-05-20): about
 * 8,400 of ours taken by the other side on its books, a third of them civilians; 3,135 of
 * them returned in 51 exchanges (demo-exchanges.c); 11 handed to Hungary in June 2023; an
 * exchange fund of 3,000 detainees, besides those the exchanges gave. Everything derives
 * from the seed (demo_rng, xoshiro256**): the same seed gives the same office on every
 * platform and with every compiler (one draw per statement: the order of a call's
 * arguments is unspecified), and no case date depends on the clock.
 *
 * Three passes. The first draws a skeleton of every person (group, capture date, final
 * status, the stage of the exchange a returnee crossed at) so that the office's totals
 * hold exactly; the second writes each person, in order of capture, with a per-person
 * generator seeded in the first pass: their names, identity, the status history that
 * leads to the final status along the allowed transitions (up to the exchanges), the
 * evidence each status rests on, events, relatives and inquiries. The third writes the
 * exchanges and what they did to the persons (demo-exchanges.c), then the negotiation desk
 * behind them (demo-negotiations.c).
 * Every row goes in through the same internal calls as the rest of the library, in one
 * transaction, and is audited with the action "demo": persons, statuses, events and
 * evidence by demo-registrar; relatives and inquiries, the liaison's work, by demo-liaison;
 * welfare notes and profiles by demo-psychologist.
 *
 * Exchange dates and sizes are approximations after public reports; places of detention,
 * units, service numbers, court names and body repatriation dates are illustrative.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "parley/alloc.h"
#include "parley/db.h"
#include "demo-int.h"
#include "banned.h"

static int yyyymm(long day)
{
	int y;
	unsigned m, d;
	pl_civil_from_days(day, &y, &m, &d);
	return y * 100 + (int)m;
}

/* --- the office's calendar --- */

/* a date of the calendar: repatriations of the remains of the dead */
struct exch {
	int y, m, d;
	unsigned n;
};

/* repatriations of the remains of the dead (illustrative dates) */
static const struct exch bodies[] = {
        {2022, 6, 2, 160},  {2022, 9, 16, 60},  {2022, 11, 17, 40},
        {2023, 2, 16, 60},  {2023, 5, 26, 80},  {2023, 8, 24, 60},
        {2023, 11, 22, 90}, {2024, 2, 16, 100}, {2024, 4, 19, 100},
};

/* relative weights of captures per month, 2022-02 .. 2024-05 */
#define N_MONTHS 28
static const unsigned mil_months[N_MONTHS] = {
        300, 900, 900, 700, 750, 400, 250, 220, 200, 150, 150,      /* 2022 */
        180, 200, 200, 150, 150, 170, 150, 130, 120, 150, 150, 140, /* 2023 */
        160, 300, 160, 150, 180,                                    /* 2024 */
};
static const unsigned civ_months[N_MONTHS] = {
        250, 1000, 900, 600, 400, 300, 300, 250, 200, 120, 100,     /* 2022 */
        90,  90,   90,  80,  80,  80,  80,  80,  80,  80,  80,  80, /* 2023 */
        70,  70,   70,  60,  60,                                    /* 2024 */
};
/* the exchange fund: few in the first months, many in the counter-offensives */
static const unsigned det_months[N_MONTHS] = {
        200, 500, 250, 200, 150, 150, 150, 600, 350, 300, 200,      /* 2022 */
        200, 200, 200, 200, 200, 250, 250, 250, 250, 250, 150, 150, /* 2023 */
        150, 150, 150, 150, 150,                                    /* 2024 */
};

/* --- tables of text --- */

/* where ours were taken, by months (yyyymm from..to) */
struct front {
	int from, to;
	const char *place;
	unsigned w;
};

static const struct front mil_fronts[] = {
        {202202, 202202, "острів Зміїний", 12},
        {202202, 202203, "Гостомель, Київська обл.", 30},
        {202202, 202203, "Іванків, Київська обл.", 15},
        {202202, 202203, "Бородянка, Київська обл.", 10},
        {202202, 202203, "Чернігівська обл.", 15},
        {202202, 202203, "Охтирка, Сумська обл.", 8},
        {202202, 202203, "Херсон", 20},
        {202202, 202203, "Мелітополь, Запорізька обл.", 10},
        {202202, 202203, "Бердянськ, Запорізька обл.", 8},
        {202202, 202203, "Волноваха, Донецька обл.", 20},
        {202203, 202205, "Маріуполь", 60},
        {202204, 202204, "Маріуполь, завод імені Ілліча", 25},
        {202203, 202204, "Ізюм, Харківська обл.", 20},
        {202203, 202205, "Рубіжне, Луганська обл.", 15},
        {202203, 202205, "Попасна, Луганська обл.", 20},
        {202203, 202204, "Миколаївська обл.", 8},
        {202205, 202206, "Сєвєродонецьк, Луганська обл.", 30},
        {202206, 202207, "Лисичанськ, Луганська обл.", 25},
        {202206, 202206, "Золоте, Луганська обл.", 15},
        {202206, 202206, "Гірське, Луганська обл.", 10},
        {202205, 202209, "Лиман, Донецька обл.", 10},
        {202206, 202211, "Давидів Брід, Херсонська обл.", 15},
        {202206, 202211, "Снігурівка, Миколаївська обл.", 8},
        {202207, 202305, "Бахмут, Донецька обл.", 35},
        {202212, 202301, "Соледар, Донецька обл.", 25},
        {202209, 202212, "Куп'янськ, Харківська обл.", 12},
        {202209, 202402, "Кремінна, Луганська обл.", 10},
        {202207, 202402, "Мар'їнка, Донецька обл.", 12},
        {202210, 202403, "Авдіївка, Донецька обл.", 20},
        {202302, 202402, "Вугледар, Донецька обл.", 10},
        {202305, 202309, "Кліщіївка, Донецька обл.", 10},
        {202306, 202310, "Роботине, Запорізька обл.", 15},
        {202306, 202309, "Урожайне, Донецька обл.", 8},
        {202310, 202405, "Кринки, Херсонська обл.", 20},
        {202402, 202402, "Авдіївка, Донецька обл.", 60},
        {202402, 202405, "Бердичі, Донецька обл.", 8},
        {202404, 202405, "Очеретине, Донецька обл.", 12},
        {202404, 202405, "Часів Яр, Донецька обл.", 10},
        {202405, 202405, "Вовчанськ, Харківська обл.", 25},
        {202311, 202405, "Синьківка, Харківська обл.", 8},
        {202301, 202405, "Оріхівський напрямок, Запорізька обл.", 6},
        {202202, 202405, "Донецька обл.", 3},
};

static const struct front civ_fronts[] = {
        {202202, 202203, "Буча, Київська обл.", 30},
        {202202, 202203, "Гостомель, Київська обл.", 15},
        {202202, 202203, "Іванків, Київська обл.", 15},
        {202202, 202203, "Бородянка, Київська обл.", 10},
        {202203, 202203, "Ягідне, Чернігівська обл.", 6},
        {202202, 202203, "Чернігівська обл.", 10},
        {202202, 202204, "Сумська обл.", 6},
        {202203, 202205, "Маріуполь", 50},
        {202203, 202206, "Безіменне, фільтраційний табір", 25},
        {202203, 202206, "Докучаєвськ, фільтраційний пункт", 10},
        {202203, 202211, "Херсон", 40},
        {202203, 202405, "Мелітополь, Запорізька обл.", 20},
        {202203, 202405, "Бердянськ, Запорізька обл.", 12},
        {202203, 202405, "Енергодар, Запорізька обл.", 15},
        {202203, 202405, "Нова Каховка, Херсонська обл.", 10},
        {202203, 202405, "Скадовськ, Херсонська обл.", 6},
        {202203, 202405, "Генічеськ, Херсонська обл.", 5},
        {202203, 202405, "Олешки, Херсонська обл.", 6},
        {202203, 202405, "Токмак, Запорізька обл.", 5},
        {202203, 202209, "Ізюм, Харківська обл.", 15},
        {202203, 202209, "Балаклія, Харківська обл.", 8},
        {202203, 202209, "Куп'янськ, Харківська обл.", 8},
        {202203, 202209, "Вовчанськ, Харківська обл.", 8},
        {202203, 202405, "блокпост у Василівці, Запорізька обл.", 8},
        {202206, 202405, "Маріуполь", 15},
        {202202, 202405, "Сімферополь, АР Крим", 6},
        {202202, 202405, "Джанкой, АР Крим", 3},
        {202206, 202405, "окупована частина Луганської обл.", 5},
        {202202, 202405, "окупована частина Донецької обл.", 5},
};

static const char *const azov_circumstances[] = {
        "вихід з «Азовсталі» за наказом вищого військового командування",
        "вихід з «Азовсталі» за наказом вищого військового командування; поранений, вивезений "
        "автобусом до Новоазовська",
};
static const struct wstr mil_circumstances[] = {
        {"полонено після бою за позицію", 30},
        {"полонено пораненим під час відходу підрозділу", 15},
        {"полонено після оточення підрозділу", 20},
        {"полонено під час евакуації поранених", 6},
        {"полонено на спостережному пункті", 8},
        {"полонено під час ротації на позиції", 8},
        {"полонено після вичерпання боєприпасів", 6},
};
static const struct wstr civ_circumstances[] = {
        {"затримано під час фільтрації", 25},
        {"затримано на блокпосту після перевірки телефону", 20},
        {"викрадено з дому під час обшуку", 20},
        {"затримано за проукраїнську позицію", 12},
        {"вивезено на територію РФ під час окупації", 10},
        {"затримано на роботі", 6},
        {"затримано під час спроби евакуації", 8},
        {"затримано за участь у мітингу проти окупації", 4},
};
static const struct wstr last_seen_by_mil[] = {
        {"побратими з підрозділу", 40},
        {"командир взводу", 15},
        {"побратим, що вийшов з оточення", 15},
        {"дружина (остання телефонна розмова)", 15},
        {"мати (останнє повідомлення в месенджері)", 15},
};
static const struct wstr last_seen_by_civ[] = {
        {"сусіди", 30},
        {"родина (остання телефонна розмова)", 30},
        {"колеги по роботі", 10},
        {"водій евакуаційного автобуса", 8},
        {"волонтери евакуаційної місії", 8},
        {"свідки затримання", 14},
};

static const struct wstr person_sources_mil[] = {
        {"звернення родичів на гарячу лінію", 40},
        {"дані військової частини", 40},
        {"Національне інформаційне бюро", 10},
        {"Уповноважений Верховної Ради з прав людини", 5},
        {"МКЧХ, Центральне агентство з розшуку", 5},
};
static const struct wstr person_sources_civ[] = {
        {"звернення родичів на гарячу лінію", 55},
        {"Національне інформаційне бюро", 15},
        {"Уповноважений Верховної Ради з прав людини", 15},
        {"Національна поліція: заява про зникнення", 10},
        {"правозахисна організація", 5},
};

/* the orchestras the article speaks of (illustrative names) */
static const char *const orchestras[] = {
        "військовий оркестр 36 окремої бригади морської піхоти",
        "військовий оркестр Маріупольського гарнізону НГУ",
        "військовий оркестр Маріупольського прикордонного загону ДПСУ",
};

static const char *const medic_notes_mil[] = {
        "бойовий медик",
        "фельдшер медичного пункту батальйону",
        "начальник медичної служби батальйону",
        "санітарний інструктор роти",
};
static const char *const medic_notes_civ[] = {
        "лікар-хірург міської лікарні", "медична сестра лікарні швидкої допомоги",
        "лікар-анестезіолог",           "фельдшер швидкої допомоги",
        "волонтерка-парамедик",
};
static const char *const chaplain_notes_civ[] = {
        "священник ПЦУ",
        "священник УГКЦ",
        "пастор євангельської церкви",
        "диякон ПЦУ",
};
static const char *const journalist_notes[] = {
        "журналіст місцевої газети",          "фотокореспондент",    "журналіст-фрилансер",
        "редактор міського інтернет-видання", "оператор телеканалу",
};

static const char *const wounds[] = {
        "осколкове поранення лівого стегна", "вогнепальне поранення правого плеча",
        "осколкові поранення обличчя і шиї", "контузія, зниження слуху",
        "перелом лівої руки, не лікований",  "поранення грудної клітки (зі слів побратимів)",
};
static const char *const severe_wounds[] = {
        "ампутація правої ноги нижче коліна",
        "проникне поранення черевної порожнини",
        "тяжка черепно-мозкова травма",
        "ампутація кисті лівої руки",
        "множинні осколкові поранення, втрата зору на одне око",
};
static const char *const illnesses[] = {
        "туберкульоз легень",
        "цукровий діабет 1 типу, потребує інсуліну",
        "онкологічне захворювання (лімфома)",
        "хронічна ниркова недостатність",
        "гепатит C",
        "тяжке виснаження, втрата ваги понад 30 кг",
};

static const char *const courts[] = {
        "так званий «Верховний суд ДНР»",
        "Південний окружний військовий суд, Ростов-на-Дону",
        "так званий «Верховний суд ЛНР»",
        "так званий «Верховний суд Республіки Крим»",
};
static const char *const charges_azov =
        "ч. 2 ст. 205.5 КК РФ (участь у діяльності терористичної організації); ч. 2 ст. 278 "
        "КК РФ (насильницьке захоплення влади)";
static const struct wstr charges_mil[] = {
        {"ст. 356 КК РФ (жорстоке поводження з цивільним населенням)", 30},
        {"ч. 2 ст. 105 КК РФ (вбивство)", 20},
        {"ч. 2 ст. 205.5 КК РФ (участь у діяльності терористичної організації)", 30},
        {"ст. 278 КК РФ (насильницьке захоплення влади)", 20},
};
static const struct wstr charges_civ[] = {
        {"ст. 276 КК РФ (шпигунство)", 30},
        {"ст. 275 КК РФ (державна зрада)", 20},
        {"ст. 281 КК РФ (диверсія)", 20},
        {"ст. 205 КК РФ (терористичний акт)", 20},
        {"ст. 280.3 КК РФ («дискредитація» збройних сил РФ)", 10},
};
static const char *const charges_foreign = "ст. 359 КК РФ (найманство)";

static const char *const detention_azov[] = {
        "Оленівка, виправна колонія № 120",
        "Оленівка, виправна колонія № 120",
        "Оленівка, виправна колонія № 120",
        "СІЗО-2 Таганрог",
        "СІЗО-2 Камишин",
        "СІЗО-2 Новозибков",
        "СІЗО-2 Старий Оскол",
        "СІЗО-1 Ростов-на-Дону",
        "Донецьк, слідчий ізолятор",
};

static const struct wstr hospitals[] = {
        {"військовий госпіталь, Дніпро", 30},
        {"Національний військово-медичний клінічний центр, Київ", 25},
        {"військово-медичний клінічний центр Північного регіону, Харків", 20},
        {"обласна клінічна лікарня, Чернігів", 15},
        {"військовий госпіталь, Суми", 10},
};

static const char *const zakarpattia[] = {
        "Берегове", "Виноградів", "Мукачево", "Ужгород", "Хуст", "Тячів", "Іршава", "Свалява",
};

/* relatives */
static const char *const operators[] = {"50", "66", "95", "99", "67", "68",
                                        "96", "97", "98", "63", "73", "93"};
static const char *const streets[] = {
        "вул. Шевченка",      "вул. Соборна",      "просп. Миру",     "вул. Грушевського",
        "вул. Незалежності",  "вул. Садова",       "вул. Центральна", "вул. Героїв Маріуполя",
        "вул. Лесі Українки", "вул. Івана Франка", "просп. Свободи",  "вул. Вишнева",
};
static const struct wstr verified_by[] = {
        {"demo-liaison", 50},
        {"відділ роботи з родинами Координаційного штабу", 30},
        {"територіальний центр комплектування", 10},
        {"Національна поліція", 10},
};
static const char *const occupied_homes[] = {
        "Мелітополь", "Бердянськ", "Енергодар", "Нова Каховка", "Скадовськ",
        "Генічеськ",  "Маріуполь", "Токмак",    "Олешки",       "Каховка",
};
static const struct wstr safety_channels[] = {
        {"лише Signal, через сестру в Запоріжжі", 25},
        {"тільки через чат-бот Координаційного штабу, без дзвінків", 25},
        {"через сина у Варшаві, телефоном", 15},
        {"листом на пошту доньки в Києві, без згадки про полон", 15},
        {"лише відповідати на її дзвінки, самим не телефонувати", 20},
};

static const char *const answers[] = {
        "Даних немає",
        "Є дані, але факт полону не підтверджено",
        "Ймовірно в полоні",
        "Факт полону підтверджено МКЧХ",
        "Звільнений під час обміну",
};

/*
 * questions by the hotline's answer at the time; '@' stands for the captive in the
 * genitive ("мого сина", "моєї доньки"), '#' in the accusative ("мого сина", "мою доньку")
 */
static const char *const q_missing[] = {
        "Від @ немає зв'язку. Чи є дані про полон?",
        "Чи є нова інформація щодо @?",
        "Де можна здати зразок ДНК для пошуку @?",
        "Свідки бачили, як # забирали. Чи є дані про полон?",
        "Чи можна подати заяву про зникнення @ онлайн?",
};
static const char *const q_unknown[] = {
        "Чи є підтвердження полону щодо @?",
        "Які дані є щодо @? Нам ніхто нічого не каже.",
        "Чи зверталися ви до МКЧХ щодо @?",
};
static const char *const q_probable[] = {
        "Упізнали # на відео в телеграм-каналі окупантів. Чи підтверджено полон?",
        "Чи можна передати МКЧХ фото @ для впізнання?",
        "Коли буде підтвердження від МКЧХ щодо @?",
};
static const char *const q_confirmed[] = {
        "Чи можна передати лист або посилку для @?",
        "Коли буде наступний обмін і чи включать до нього #?",
        "Чи відомо, де утримують #?",
        "Чи є інформація про стан здоров'я @?",
        ("Мені телефонували з російського номера й обіцяли обмін @, якщо я вийду на протест. "
         "Що робити?"),
};
static const char *const q_returned[] = {
        "Чи можна відвідати # у госпіталі?",
        "Яку допомогу може отримати родина після повернення @?",
};

/* --- draws of days and places (the others are in demo-int.h) --- */

/* a day of month index mi (0: 2022-02) between the invasion and today */
static long day_in_month(struct demo_rng *R, size_t mi)
{
	int y = 2022 + (int)((mi + 1) / 12);
	unsigned m = (unsigned)((mi + 1) % 12) + 1;
	long first = DAY(y, m, 1), last = (m == 12 ? DAY(y + 1, 1, 1) : DAY(y, m + 1, 1)) - 1;
	if (first < WAR_START)
		first = WAR_START;
	if (last > TODAY - 1)
		last = TODAY - 1;
	return range(R, first, last);
}

static const char *front_at(struct demo_rng *R, const struct front *t, size_t n, long day)
{
	unsigned w[64];
	int ym = yyyymm(day);
	size_t k = n < NELEM(w) ? n : NELEM(w);
	for (size_t i = 0; i < k; i++)
		w[i] = t[i].from <= ym && ym <= t[i].to ? t[i].w : 0;
	if (!demo_weight_total(w, k))
		return t[k - 1].place;
	return t[pick_i(R, w, k)].place;
}

/* a repatriation on or after day (weighted by its size); 0 when none */
static long repatriation_after(struct demo_rng *R, const struct exch *t, size_t n, long day)
{
	unsigned w[64];
	size_t k = n < NELEM(w) ? n : NELEM(w);
	for (size_t i = 0; i < k; i++)
		w[i] = DAY(t[i].y, (unsigned)t[i].m, (unsigned)t[i].d) >= day ? t[i].n : 0;
	if (!demo_weight_total(w, k))
		return 0;
	size_t i = pick_i(R, w, k);
	return DAY(t[i].y, (unsigned)t[i].m, (unsigned)t[i].d);
}

/* copies tmpl with '@' replaced by gen and '#' by acc */
static void subst(char *out, size_t cap, const char *tmpl, const char *gen, const char *acc)
{
	size_t len = 0;
	for (const char *p = tmpl; *p && len + 1 < cap; p++) {
		if (*p == '@' || *p == '#') {
			const char *w = *p == '@' ? gen : acc;
			size_t n = strlen(w);
			if (len + n >= cap)
				break;
			memcpy(out + len, w, n);
			len += n;
		} else {
			out[len++] = *p;
		}
	}
	out[len] = '\0';
}

/* --- Ukrainian to Latin, the official transliteration (KMU 2010) --- */

static void tl_put(char *out, size_t cap, size_t *len, const char *s, int upper_first,
                   int all_upper)
{
	for (size_t i = 0; s[i] && *len + 1 < cap; i++) {
		char c = s[i];
		if (all_upper || (upper_first && i == 0))
			c = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
		out[(*len)++] = c;
	}
	out[*len] = '\0';
}

static void translit(const char *s, char *out, size_t cap, int all_upper)
{
	/* а..я (U+0430..U+044F) */
	static const char *const base[32] = {
	        "a",  "b",  "v",  "h",    "d", "e", "zh", "z", "y",  "i",  "k",
	        "l",  "m",  "n",  "o",    "p", "r", "s",  "t", "u",  "f",  "kh",
	        "ts", "ch", "sh", "shch", "",  "y", "",   "e", "iu", "ia",
	};
	size_t len = 0;
	int word_start = 1;
	unsigned prev = 0;
	out[0] = '\0';
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		unsigned cp;
		int upper = 0;
		const char *t = NULL;
		if (*p < 0x80) {
			cp = *p++;
		} else if ((*p & 0xe0) == 0xc0 && p[1]) {
			cp = ((unsigned)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
			p += 2;
		} else {
			/* not expected in a name: skip the sequence */
			p++;
			while ((*p & 0xc0) == 0x80)
				p++;
			continue;
		}
		if (cp >= 0x410 && cp <= 0x42f) {
			upper = 1;
			cp += 0x20;
		} else if (cp == 0x404 || cp == 0x406 || cp == 0x407 || cp == 0x490) {
			upper = 1;
			cp = cp == 0x490 ? 0x491 : cp + 0x50;
		}
		if (cp >= 0x430 && cp <= 0x44f) {
			t = base[cp - 0x430];
			if (cp == 0x439) /* й */
				t = word_start ? "y" : "i";
			else if (cp == 0x44e) /* ю */
				t = word_start ? "yu" : "iu";
			else if (cp == 0x44f) /* я */
				t = word_start ? "ya" : "ia";
			else if (cp == 0x433 && prev == 0x437) /* зг */
				t = "gh";
		} else if (cp == 0x454) { /* є */
			t = word_start ? "ye" : "ie";
		} else if (cp == 0x456) { /* і */
			t = "i";
		} else if (cp == 0x457) { /* ї */
			t = word_start ? "yi" : "i";
		} else if (cp == 0x491) { /* ґ */
			t = "g";
		} else if (cp == '\'' || cp == 0x2bc || cp == 0x2019) {
			continue;
		}
		if (t) {
			tl_put(out, cap, &len, t, upper, all_upper);
			word_start = 0;
		} else if (cp < 0x80) {
			char c[2] = {(char)cp, '\0'};
			tl_put(out, cap, &len, c, 0, 0);
			word_start = 1;
		}
		prev = cp;
	}
}

/* --- rows, each audited as "demo" (demo-int.h) --- */

int demo_child_insert(struct gen *g, const struct pl_actor *author, enum pl_entity_id what,
                      struct kvb *b, const struct pstate *p, long long *id)
{
	struct pl_record r;
	uint64_t set;
	int rc;
	if ((rc = kv_check(g, b)))
		return rc;
	if (pl_record_init(&r, pl_entity(what)))
		return pl_error_set(g->err, PL_EDATA, "out of memory");
	rc = record_from_kv(&r, b->kv, b->n, &set, g->err);
	if (!rc && (set_sys_id(&r, "person_id", p->id) ||
	            set_sys_id(&r, "author_id", author->account_id) ||
	            set_sys(&r, "recorded", g->db->tx_time)))
		rc = pl_error_set(g->err, PL_EDATA, "out of memory");
	if (!rc)
		rc = record_insert_audited(g->db, author, &r, "demo", p->ref, id, g->err);
	pl_record_release(&r);
	return rc;
}

static int person_write(struct gen *g, struct kvb *b, struct pstate *p)
{
	struct pl_record r;
	uint64_t set;
	int rc;
	if ((rc = kv_check(g, b)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_PERSON)))
		return pl_error_set(g->err, PL_EDATA, "out of memory");
	rc = record_from_kv(&r, b->kv, b->n, &set, g->err);
	if (!rc)
		rc = person_insert(g->db, &g->reg, &r, "demo", p->ref, g->err);
	if (!rc) {
		p->id = r.id;
		p->side = !strcmp(pl_record_get(&r, "side"), "captive") ? "captive" : "detainee";
		snprintf(p->status, sizeof(p->status), "%s", pl_record_get(&r, "status"));
	}
	pl_record_release(&r);
	return rc;
}

int demo_status_write(struct gen *g, const struct pl_actor *author, struct pstate *p,
                      const char *to, long day, const char *source, long long evidence_id,
                      const char *note, long long corrects, const char *reason, long long *id)
{
	struct kvb *b = &g->cb;
	struct pl_record r;
	char d[DATE_MAX];
	int rc;
	if (!corrects && !pl_status_transition_ok(p->side, p->status, to))
		return pl_error_set(g->err, PL_EDATA, "demo: %s cannot go from %s to %s", p->ref,
		                    p->status, to);
	/* the first status moves from the person row into the history */
	if ((rc = status_history_start(g->db, author, p->id, "demo", NULL, g->err)))
		return rc;
	kv_reset(b);
	kv_add(b, "status", to);
	kv_day(b, "date", day, 3);
	kv_add(b, "source", source);
	if (evidence_id)
		kv_addf(b, "evidence_id", "%lld", evidence_id);
	kv_add(b, "note", note);
	if (corrects) {
		kv_addf(b, "corrects", "%lld", corrects);
		kv_add(b, "reason", reason);
	}
	if ((rc = demo_child_insert(g, author, PL_ENT_STATUS, b, p, id)))
		return rc;
	if (pl_record_init(&r, pl_entity(PL_ENT_PERSON)))
		return pl_error_set(g->err, PL_EDATA, "out of memory");
	r.id = p->id;
	fmt_day_p(day, 3, d);
	if (set_sys(&r, "status", to) || set_sys(&r, "status_date", d) ||
	    set_sys(&r, "updated", g->db->tx_time))
		rc = pl_error_set(g->err, PL_EDATA, "out of memory");
	if (!rc)
		rc = store_update(g->db, &r,
		                  (1ULL << pl_field_index(r.ent, "status")) |
		                          (1ULL << pl_field_index(r.ent, "status_date")) |
		                          (1ULL << pl_field_index(r.ent, "updated")),
		                  g->err);
	pl_record_release(&r);
	if (!rc)
		rc = audit_write(g->db, author, "demo", "persons", p->id, p->ref,
		                 "status,status_date", g->err);
	if (!rc)
		snprintf(p->status, sizeof(p->status), "%s", to);
	return rc;
}

int demo_event_write(struct gen *g, const struct pstate *p, const char *kind, long day,
                     int precision, const char *place, const char *source, const char *note)
{
	struct kvb *b = &g->cb;
	int rc;
	kv_reset(b);
	kv_add(b, "kind", kind);
	kv_day(b, "date", day, precision);
	kv_add(b, "place", place);
	kv_add(b, "source", source);
	kv_add(b, "note", note);
	if (!(rc = demo_child_insert(g, &g->reg, PL_ENT_EVENT, b, p, NULL)))
		g->n.events++;
	return rc;
}

/* --- evidence, graded in the Admiralty system as such sources usually are (enum ev) --- */

static const struct wstr grades_video[] = {{"B2", 55}, {"C3", 35}, {"C2", 10}};
static const struct wstr grades_photo[] = {{"C3", 60}, {"B2", 20}, {"D4", 20}};
static const struct wstr grades_list[] = {{"C3", 50}, {"D4", 35}, {"C2", 15}};
static const struct wstr grades_icrc[] = {{"A1", 70}, {"A2", 30}};
static const struct wstr grades_testimony[] = {{"B2", 50}, {"B3", 40}, {"C3", 10}};
static const struct wstr grades_relative[] = {{"C3", 50}, {"D3", 30}, {"C4", 20}};
static const struct wstr grades_open[] = {{"C3", 40}, {"D4", 40}, {"F6", 20}};
static const struct wstr grades_ours[] = {{"A1", 100}};
static const struct wstr grades_theirs[] = {{"C3", 60}, {"C2", 25}, {"D3", 15}};

static const struct wstr src_video[] = {
        {"відео в телеграм-каналі окупантів", 50},
        {"відео допиту, оприлюднене пропагандистами РФ", 30},
        {"відео полонення, поширене в соцмережах", 20},
};
static const struct wstr src_photo[] = {
        {"фото в телеграм-каналі окупантів", 60},
        {"фото, надіслане родині з невідомого номера", 40},
};
static const struct wstr src_list[] = {
        {"список, переданий стороною РФ", 60},
        {"список Уповноваженого з прав людини РФ", 40},
};
static const struct wstr src_open[] = {
        {"повідомлення ЗМІ", 40},
        {"публікація в соцмережах", 40},
        {"повідомлення правозахисників", 20},
};
static const struct wstr src_theirs[] = {
        {"повідомлення іншої сторони про смерть", 60},
        {"список загиблих, переданий стороною РФ", 40},
};

int demo_evidence_write(struct gen *g, const struct pstate *p, enum ev kind, long day,
                        const char *source, const char *note, long long *id)
{
	struct kvb *b = &g->cb;
	const char *k = "document", *grade = "A1", *src = source;
	int rc;
	switch (kind) {
	case EV_VIDEO:
		k = "video";
		grade = PICK_W(g->R, grades_video);
		src = src ? src : PICK_W(g->R, src_video);
		break;
	case EV_PHOTO:
		k = "photo";
		grade = PICK_W(g->R, grades_photo);
		src = src ? src : PICK_W(g->R, src_photo);
		break;
	case EV_LIST:
		k = "other_side_list";
		grade = PICK_W(g->R, grades_list);
		src = src ? src : PICK_W(g->R, src_list);
		break;
	case EV_ICRC:
		k = "icrc_notification";
		grade = PICK_W(g->R, grades_icrc);
		src = src ? src : "МКЧХ, Центральне агентство з розшуку";
		break;
	case EV_TESTIMONY:
		k = "returnee_testimony";
		grade = PICK_W(g->R, grades_testimony);
		src = src ? src : "свідчення звільненого з полону";
		break;
	case EV_RELATIVE:
		k = "relative_report";
		grade = PICK_W(g->R, grades_relative);
		src = src ? src : "звернення родичів";
		break;
	case EV_OPEN:
		k = "open_source";
		grade = PICK_W(g->R, grades_open);
		src = src ? src : PICK_W(g->R, src_open);
		break;
	case EV_DOC_OURS:
		grade = PICK_W(g->R, grades_ours);
		src = src ? src : "Координаційний штаб";
		break;
	case EV_DOC_THEIRS:
		grade = PICK_W(g->R, grades_theirs);
		src = src ? src : PICK_W(g->R, src_theirs);
		break;
	case EV_NONE:
		*id = 0;
		return 0;
	}
	kv_reset(b);
	kv_add(b, "kind", k);
	kv_day(b, "date", day, 3);
	kv_add(b, "source", src);
	kv_addf(b, "reliability", "%c", grade[0]);
	kv_addf(b, "credibility", "%c", grade[1]);
	kv_add(b, "note", note);
	if (!(rc = demo_child_insert(g, &g->reg, PL_ENT_EVIDENCE, b, p, id)))
		g->n.evidence++;
	return rc;
}

/* --- names --- */

enum sex { SEX_M, SEX_F, SEX_U };

struct name {
	char family[160], given[96], patr[96];
	const struct demo_surname *sur;
	const struct demo_given *giv, *father;
	int sex;
};

static const struct demo_given *given_uk(struct gen *g, int sex)
{
	return sex == SEX_F
	               ? demo_given_pick(demo_uk_female, demo_uk_female_n, below(g->R, g->uk_f))
	               : demo_given_pick(demo_uk_male, demo_uk_male_n, below(g->R, g->uk_m));
}

static const struct demo_surname *surname_uk(struct gen *g)
{
	return demo_surname_pick(demo_uk_surnames, demo_uk_surnames_n, below(g->R, g->uk_s));
}

static void name_uk(struct gen *g, struct name *n, int sex)
{
	n->sex = sex;
	n->giv = given_uk(g, sex);
	n->father = given_uk(g, SEX_M);
	n->sur = surname_uk(g);
	snprintf(n->given, sizeof(n->given), "%s", n->giv->name);
	snprintf(n->patr, sizeof(n->patr), "%s",
	         sex == SEX_F ? n->father->patr_f : n->father->patr_m);
	snprintf(n->family, sizeof(n->family), "%s", sex == SEX_F ? n->sur->f : n->sur->m);
}

static void name_ru(struct gen *g, struct name *n, int sex)
{
	n->sex = sex;
	n->giv = sex == SEX_F
	                 ? demo_given_pick(demo_ru_female, demo_ru_female_n, below(g->R, g->ru_f))
	                 : demo_given_pick(demo_ru_male, demo_ru_male_n, below(g->R, g->ru_m));
	n->father = demo_given_pick(demo_ru_male, demo_ru_male_n, below(g->R, g->ru_m));
	n->sur = demo_surname_pick(demo_ru_surnames, demo_ru_surnames_n, below(g->R, g->ru_s));
	snprintf(n->given, sizeof(n->given), "%s", n->giv->name);
	snprintf(n->patr, sizeof(n->patr), "%s",
	         sex == SEX_F ? n->father->patr_f : n->father->patr_m);
	snprintf(n->family, sizeof(n->family), "%s", sex == SEX_F ? n->sur->f : n->sur->m);
}

static size_t nlen(const char *const *l)
{
	size_t n = 0;
	while (l[n])
		n++;
	return n;
}

static const char *pick_l(struct gen *g, const char *const *l)
{
	return l[below(g->R, nlen(l))];
}

static const struct demo_foreign *pick_foreign(struct gen *g)
{
	unsigned long long total = 0, r;
	for (size_t i = 0; i < demo_foreign_n; i++)
		total += demo_foreign[i].weight;
	r = below(g->R, total);
	for (size_t i = 0; i < demo_foreign_n; i++) {
		if (r < demo_foreign[i].weight)
			return &demo_foreign[i];
		r -= demo_foreign[i].weight;
	}
	return &demo_foreign[0];
}

static void name_foreign(struct gen *g, struct name *n, const struct demo_foreign *f, int sex)
{
	memset(n, 0, sizeof(*n));
	n->sex = sex;
	snprintf(n->given, sizeof(n->given), "%s", pick_l(g, sex == SEX_F ? f->female : f->male));
	if (f->two_family) {
		const char *a = pick_l(g, f->family), *b = pick_l(g, f->family);
		snprintf(n->family, sizeof(n->family), "%s %s", a, b);
	} else {
		snprintf(n->family, sizeof(n->family), "%s", pick_l(g, f->family));
	}
}

/* "Serhii Kovalov; KOVALOV SERHII": the Latin forms a foreign list would use */
static void latin_names(const struct name *n, char *out, size_t cap)
{
	char gl[128], fl[160], gu[128], fu[160];
	translit(n->given, gl, sizeof(gl), 0);
	translit(n->family, fl, sizeof(fl), 0);
	translit(n->given, gu, sizeof(gu), 1);
	translit(n->family, fu, sizeof(fu), 1);
	snprintf(out, cap, "%s %s; %s %s", gl, fl, fu, gu);
}

/*
 * Draws are made one to a statement: the order in which a call's arguments are
 * evaluated is unspecified, and the office must not depend on the compiler.
 */
static void phone(struct gen *g, char *out, size_t cap)
{
	const char *op = PICK(g->R, operators);
	unsigned a = (unsigned)below(g->R, 1000);
	unsigned b = (unsigned)below(g->R, 100);
	unsigned c = (unsigned)below(g->R, 100);
	snprintf(out, cap, "+380 %s %03u %02u %02u", op, a, b, c);
}

/* a number in the family's country: its prefix, then the digits its numbering plan wants */
static void foreign_phone(struct gen *g, const struct demo_foreign *f, char *out, size_t cap)
{
	/* national significant numbers (after the country code), in digits */
	static const struct {
		const char *cc;
		int len;
	} plans[] = {
	        {"GB", 10}, {"US", 10}, {"CA", 10}, {"CO", 10}, {"DE", 11}, {"LT", 8}, {"GE", 9},
	        {"BY", 9},  {"PL", 9},  {"HR", 9},  {"SE", 9},  {"FR", 9},  {"CZ", 9},
	};
	const char *p = f->phone;
	int want = 9, have = 0;
	size_t len;
	for (size_t i = 0; i < NELEM(plans); i++)
		if (!strcmp(plans[i].cc, f->country))
			want = plans[i].len;
	/* skip "+CC", count the national digits the prefix already has */
	if (*p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
		p++;
	for (; *p; p++)
		have += *p >= '0' && *p <= '9';
	snprintf(out, cap, "%s", f->phone);
	len = strlen(out);
	for (int i = have; i < want || i < have + 2; i++)
		if (len + 1 < cap) {
			out[len++] = (char)('0' + below(g->R, 10));
			out[len] = '\0';
		}
}

/* --- captives --- */

/* what the office's history of a captive is made of */
struct step {
	const char *status;
	long day;
	enum ev ev;
	const char *src;    /* the status's source */
	const char *ev_src; /* the evidence's, when it is not the usual one of its kind */
	char ev_note[200];
	char note[200];
	int wrong_death; /* a death reported in error: the next step corrects it */
	int exchange;    /* an exchange's step (listed, returned): demo-exchanges.c writes it */
};

struct plan {
	struct step s[12];
	int n;
};

static struct step *plan_add(struct plan *pl, const char *status, long day, enum ev ev,
                             const char *src)
{
	struct step *s = &pl->s[pl->n < (int)NELEM(pl->s) - 1 ? pl->n++ : pl->n];
	memset(s, 0, sizeof(*s));
	s->status = status;
	s->day = day;
	s->ev = ev;
	s->src = src;
	return s;
}

static const char *status_at(const struct plan *pl, long day)
{
	const char *st = NULL;
	for (int i = 0; i < pl->n && pl->s[i].day <= day; i++)
		st = pl->s[i].status;
	return st;
}

static const char *answer_for(const char *status)
{
	if (!status || !strcmp(status, "missing"))
		return answers[0];
	if (!strcmp(status, "data_unknown"))
		return answers[1];
	if (!strcmp(status, "probable"))
		return answers[2];
	if (!strcmp(status, "confirmed") || !strcmp(status, "listed"))
		return answers[3];
	if (!strcmp(status, "returned"))
		return answers[4];
	return NULL; /* died, remains returned, third country: told in person, not by the hotline */
}

/* the words a relative uses for the captive: "мого сина", "моєї доньки" / "мою доньку" */
static void who_phrase(const char *relation, int sex, const char **gen, const char **acc)
{
	static const struct {
		const char *rel, *m_gen, *f_gen, *f_acc;
	} t[] = {
	        {"wife", "мого чоловіка", "моєї дружини", "мою дружину"},
	        {"husband", "мого чоловіка", "моєї дружини", "мою дружину"},
	        {"partner", "мого цивільного чоловіка", "моєї цивільної дружини",
	         "мою цивільну дружину"},
	        {"mother", "мого сина", "моєї доньки", "мою доньку"},
	        {"father", "мого сина", "моєї доньки", "мою доньку"},
	        {"son", "мого батька", "моєї матері", "мою матір"},
	        {"daughter", "мого батька", "моєї матері", "мою матір"},
	        {"sister", "мого брата", "моєї сестри", "мою сестру"},
	        {"brother", "мого брата", "моєї сестри", "мою сестру"},
	        {"grandmother", "мого онука", "моєї онуки", "мою онуку"},
	        {"grandfather", "мого онука", "моєї онуки", "мою онуку"},
	};
	size_t i = 0;
	while (i < NELEM(t) && strcmp(t[i].rel, relation))
		i++;
	if (i == NELEM(t)) {
		*gen = sex == SEX_F ? "моєї родички" : "мого родича";
		*acc = sex == SEX_F ? "мою родичку" : "мого родича";
		return;
	}
	/* masculine animate nouns: the accusative is the genitive */
	*gen = sex == SEX_F ? t[i].f_gen : t[i].m_gen;
	*acc = sex == SEX_F ? t[i].f_acc : t[i].m_gen;
}

/* Chooses the final statuses: exactly N_THIRD handed to Hungary, N_RETURNED returned. */
static int by_key(const void *a, const void *b)
{
	const struct skel *x = *(const struct skel *const *)a, *y = *(const struct skel *const *)b;
	if (x->key != y->key)
		return x->key > y->key ? -1 : 1;
	return x->idx - y->idx;
}

static int by_cap(const void *a, const void *b)
{
	const struct skel *x = a, *y = b;
	if (x->cap != y->cap)
		return x->cap < y->cap ? -1 : 1;
	return x->idx - y->idx;
}

static unsigned char draw_final(struct demo_rng *R, const struct skel *s)
{
	/* missing, data_unknown, probable, confirmed, listed, -, -, died, remains */
	static const unsigned azov[] = {0, 3, 4, 72, 10, 0, 0, 8, 3};
	static const unsigned fresh[] = {50, 15, 30, 5, 0, 0, 0, 0, 0};
	static const unsigned recent[] = {35, 15, 25, 20, 2, 0, 0, 3, 0};
	static const unsigned civ[] = {30, 18, 12, 32, 3, 0, 0, 4, 1};
	static const unsigned mil[] = {22, 12, 12, 42, 6, 0, 0, 4, 2};
	long months = (TODAY - s->cap) / 30;
	const unsigned *w = s->grp == G_AZOV  ? azov
	                    : months < 2      ? fresh
	                    : months < 6      ? recent
	                    : s->grp == G_CIV ? civ
	                                      : mil;
	return (unsigned char)pick_i(R, w, 9);
}

static int captives_plan(struct gen *g, struct skel **out, size_t *nout)
{
	struct demo_rng *R = &g->rng;
	size_t n = 8350 + (size_t)below(R, 101), third = 0;
	struct skel *sk = pl_calloc(n, sizeof(*sk));
	struct skel **order = pl_calloc(n, sizeof(*order));
	if (!sk || !order) {
		pl_free(sk);
		pl_free(order);
		return pl_error_set(g->err, PL_EDATA, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		struct skel *s = &sk[i];
		unsigned r = (unsigned)below(R, 1000);
		s->idx = (int)i;
		s->exch = -1;
		s->seed = demo_rng_next(R);
		s->grp = r < 333 ? G_CIV : r < 342 ? G_FOREIGN : r < 567 ? G_AZOV : G_MIL;
		if (s->grp == G_AZOV)
			s->cap = DAY(2022, 5, 16) +
			         (long)pick_i(R, (const unsigned[]){30, 25, 20, 15, 10}, 5);
		else if (s->grp == G_CIV)
			s->cap = day_in_month(R, pick_i(R, civ_months, N_MONTHS));
		else if (s->grp == G_FOREIGN) /* the International Legion: from March 2022 */
			s->cap = day_in_month(R, 1 + pick_i(R, mil_months + 1, N_MONTHS - 1));
		else
			s->cap = day_in_month(R, pick_i(R, mil_months, N_MONTHS));
	}
	/* the Hungary case: 11 servicemen taken before the spring of 2023 */
	while (third < N_THIRD) {
		struct skel *s = &sk[below(R, n)];
		if (s->grp == G_MIL && !s->hungary && s->cap >= DAY(2022, 3, 1) &&
		    s->cap < DAY(2023, 4, 1)) {
			s->hungary = (unsigned char)++third; /* 1..11 */
			s->fin = F_THIRD;
		}
	}
	/*
	 * The returned: each group its share (few civilians: the other side rarely lets
	 * them go; about half of Azovstal's defenders, 900 of Azov still held), the longer
	 * held the likelier within it; the servicemen make up the rest of the 3,135.
	 */
	{
		static const unsigned share[] = {
		        [G_MIL] = 0, [G_AZOV] = 520, [G_FOREIGN] = 450, [G_CIV] = 90};
		size_t size[4] = {0}, quota[4] = {0}, taken[4] = {0}, returned = 0;
		for (size_t i = 0; i < n; i++) {
			struct skel *s = &sk[i];
			long months = (LAST_EXCHANGE - s->cap) / 30;
			order[i] = s;
			s->key = -1;
			if (!s->hungary && s->cap + 20 <= LAST_EXCHANGE)
				s->key = (long long)below(R, 65536) + months * 1500;
			size[s->grp]++;
		}
		for (int k = G_AZOV; k <= G_CIV; k++) {
			quota[k] = size[k] * share[k] / 1000;
			quota[G_MIL] += quota[k];
		}
		quota[G_MIL] = N_RETURNED > quota[G_MIL] ? N_RETURNED - quota[G_MIL] : 0;
		qsort(order, n, sizeof(*order), by_key);
		for (size_t i = 0; i < n; i++) {
			struct skel *s = order[i];
			if (s->key >= 0 && taken[s->grp] < quota[s->grp]) {
				s->fin = F_RETURNED;
				taken[s->grp]++;
				returned++;
			}
		}
		/* should a group fall short, the longest held of any group make up the rest */
		for (size_t i = 0; i < n && returned < N_RETURNED; i++)
			if (order[i]->key >= 0 && order[i]->fin != F_RETURNED) {
				order[i]->fin = F_RETURNED;
				returned++;
			}
		for (size_t i = 0; i < n; i++)
			if (!sk[i].hungary && sk[i].fin != F_RETURNED)
				sk[i].fin = draw_final(R, &sk[i]);
	}
	pl_free(order);
	qsort(sk, n, sizeof(*sk), by_cap);
	*out = sk;
	*nout = n;
	return 0;
}

/* an age in years at the capture, by kind */
static int draw_age(struct gen *g, int civilian)
{
	static const unsigned mil_w[] = {15, 30, 30, 20, 5};
	static const int mil_lo[] = {18, 25, 35, 45, 55}, mil_hi[] = {24, 34, 44, 54, 62};
	static const unsigned civ_w[] = {12, 28, 35, 25};
	static const int civ_lo[] = {18, 30, 45, 60}, civ_hi[] = {29, 44, 59, 82};
	size_t i;
	if (civilian) {
		i = pick_i(g->R, civ_w, NELEM(civ_w));
		return (int)range(g->R, civ_lo[i], civ_hi[i]);
	}
	i = pick_i(g->R, mil_w, NELEM(mil_w));
	return (int)range(g->R, mil_lo[i], mil_hi[i]);
}

static const char *detention_for(struct gen *g, const char *place, int civilian)
{
	static const char *const kyiv[] = {"СІЗО-1 Курськ", "СІЗО-1 Брянськ", "СІЗО-2 Новозибков",
	                                   "СІЗО-1 Твер"};
	static const char *const south[] = {
	        "Херсон, слідчий ізолятор", "Мелітополь, ізолятор тимчасового тримання",
	        "СІЗО-1 Сімферополь", "Бердянськ, ізолятор тимчасового тримання",
	        "Енергодар, ізолятор тимчасового тримання"};
	static const char *const east[] = {
	        "Донецьк, «Ізоляція»", "Донецьк, слідчий ізолятор", "Луганськ, слідчий ізолятор",
	        "Макіївка, виправна колонія № 97", "Горлівка, виправна колонія"};
	if (strstr(place, "Київськ") || strstr(place, "Чернігів") || strstr(place, "Сумськ"))
		return PICK(g->R, kyiv);
	if (civilian &&
	    (strstr(place, "Херсон") || strstr(place, "Запорізьк") || strstr(place, "Крим") ||
	     strstr(place, "Каховк") || strstr(place, "Олешки") || strstr(place, "Скадовськ") ||
	     strstr(place, "Генічеськ")))
		return PICK(g->R, south);
	if (civilian &&
	    (strstr(place, "Маріуполь") || strstr(place, "Безіменне") ||
	     strstr(place, "Докучаєвськ") || strstr(place, "Донецьк") || strstr(place, "Луганськ")))
		return chance(g->R, 400) ? "Оленівка, виправна колонія № 120" : PICK(g->R, east);
	if (civilian)
		return demo_detention_places[below(g->R, demo_detention_places_n)];
	/* servicemen: pre-trial prisons and penal colonies, not basements and filtration points */
	return g->prisons[below(g->R, g->n_prisons)];
}

/* the captive's status history, from the first report to the final status */
static void captive_history(struct gen *g, const struct skel *s, int female, long *exch_day,
                            struct plan *pl)
{
	const char *him = female ? "її" : "його";
	struct demo_rng *R = g->R;
	long cap = s->cap, dc = 0, end, lim;
	int fin = s->fin;
	struct step *st;

	pl->n = 0;
	plan_add(pl, "missing", cap, EV_NONE, NULL);
	*exch_day = 0;
	/* home in an exchange, and not known to be held before (it happens): the arrival is
	 * the first news, or the first after a video */
	if (fin == F_RETURNED && s->role == XR_UNAGREED && s->known < 2) {
		long home = demo_exchange_day(g, s->exch, s->stage);
		if (s->known == 1)
			plan_add(pl, "probable", range(R, cap + 1, cap + (home - cap) / 2),
			         chance(R, 750) ? EV_VIDEO : EV_PHOTO,
			         "моніторинг відкритих джерел");
		st = plan_add(pl, "returned", home, EV_NONE, "reception");
		st->exchange = 1;
		*exch_day = home;
		return;
	}
	/* too fresh to be confirmed: a few days after the capture the office knows little */
	if (TODAY - cap < 20 &&
	    (fin == F_CONFIRMED || fin == F_LISTED || fin == F_DIED || fin == F_REMAINS))
		fin = F_PROBABLE;
	if (fin == F_LISTED && TODAY - cap < 60)
		fin = F_CONFIRMED;
	if (fin == F_REMAINS && TODAY - cap < 120)
		fin = F_DIED;
	if (fin == F_DIED && TODAY - cap < 50)
		fin = F_PROBABLE;
	if (fin == F_DATA_UNKNOWN && TODAY - cap < 10)
		fin = F_MISSING;

	if (fin == F_MISSING)
		return;
	if (fin == F_DATA_UNKNOWN) {
		long du = range(R, cap + 5, cap + 5 + (TODAY - cap - 6) / 2);
		plan_add(pl, "data_unknown", du, chance(R, 600) ? EV_RELATIVE : EV_OPEN,
		         "звернення родичів");
		return;
	}
	if (fin == F_PROBABLE) {
		long a = cap + 1, b = TODAY - 1;
		if (chance(R, 250) && b - a > 20) {
			long du = range(R, a + 3, a + (b - a) / 2);
			plan_add(pl, "data_unknown", du, EV_RELATIVE, "звернення родичів");
			a = du + 1;
		}
		long pv = range(R, a, a + (b - a) / 2);
		plan_add(pl, "probable", pv, chance(R, 750) ? EV_VIDEO : EV_PHOTO,
		         "моніторинг відкритих джерел");
		return;
	}

	/* the end of the captivity as the office knows it */
	if (fin == F_RETURNED) {
		end = demo_exchange_day(g, s->exch, s->stage);
		*exch_day = end;
	} else if (fin == F_THIRD) {
		end = HUNGARY;
	} else if (fin == F_DIED || fin == F_REMAINS) {
		if (s->grp == G_AZOV && chance(R, 700))
			end = OLENIVKA;
		else
			end = range(R, cap + 45, fin == F_REMAINS ? TODAY - 90 : TODAY - 2);
	} else {
		end = TODAY;
	}
	/* an agreed list takes captives whose captivity is confirmed */
	lim = s->confirm_by && s->confirm_by < end ? s->confirm_by : end;

	/* the way to confirmation */
	if (fin == F_DIED || fin == F_REMAINS) {
		if (end != OLENIVKA && chance(R, 400)) {
			/* never confirmed alive: the death is the first news */
			st = plan_add(pl, "died", end,
			              chance(R, 600) ? EV_DOC_THEIRS : EV_TESTIMONY,
			              "повідомлення про смерть");
			goto after_death;
		}
	}
	if (s->grp == G_AZOV) {
		/* the surrender was filmed, and the ICRC registered those who came out */
		long pv = cap + range(R, 0, 2);
		st = plan_add(pl, "probable", pv, EV_VIDEO, "відео виходу з «Азовсталі»");
		snprintf(st->ev_note, sizeof(st->ev_note), "%s",
		         chance(R, 500) ? "упізнаний дружиною на відео виходу з «Азовсталі»"
		                        : "упізнаний побратимами на відео, оприлюдненому МО РФ");
		dc = range(R, pv + 2, pv + 40);
		if (dc >= lim)
			dc = lim - 1;
		plan_add(pl, "confirmed", dc, EV_ICRC,
		         "МКЧХ: реєстрація під час виходу з «Азовсталі»");
	} else {
		long a = cap + 1, span = lim - cap - 2;
		if (span < 2)
			span = 2;
		dc = range(R, cap + 2 + span / 10, cap + 2 + span * 2 / 3);
		if (dc >= lim)
			dc = lim - 1;
		if (chance(R, 400) && dc - a > 6) {
			long pv = range(R, a, dc - 3);
			st = plan_add(pl, "probable", pv, chance(R, 700) ? EV_VIDEO : EV_PHOTO,
			              "моніторинг відкритих джерел");
		} else if (chance(R, 100) && dc - a > 6) {
			plan_add(pl, "data_unknown", range(R, a, dc - 3), EV_RELATIVE,
			         "звернення родичів");
		}
		{
			unsigned r = (unsigned)below(R, 100);
			enum ev ev = r < 45 ? EV_ICRC : r < 80 ? EV_LIST : EV_TESTIMONY;
			st = plan_add(pl, "confirmed", dc, ev,
			              ev == EV_ICRC   ? "МКЧХ"
			              : ev == EV_LIST ? "список іншої сторони"
			                              : "свідчення звільнених з полону");
			if (ev == EV_TESTIMONY) {
				static const char *const months_uk[] = {
				        "січні",   "лютому", "березні",   "квітні",
				        "травні",  "червні", "липні",     "серпні",
				        "вересні", "жовтні", "листопаді", "грудні",
				};
				int y;
				unsigned m, d;
				pl_civil_from_days(dc - range(R, 5, 40), &y, &m, &d);
				snprintf(st->ev_note, sizeof(st->ev_note),
				         "звільнений під час обміну розповів, що бачив %s у %s %d "
				         "р.",
				         him, months_uk[m - 1], y);
			} else if (ev == EV_LIST && chance(R, 300)) {
				snprintf(st->ev_note, sizeof(st->ev_note),
				         "у списку прізвище записано російською, з помилкою");
			}
		}
	}
	/* a death reported in error and corrected (rare) */
	if ((fin == F_CONFIRMED || fin == F_LISTED || fin == F_RETURNED) && lim - dc > 90 &&
	    chance(R, 6)) {
		long wd = range(R, dc + 10, dc + 40);
		st = plan_add(pl, "died", wd, EV_LIST, "список загиблих від іншої сторони");
		st->wrong_death = 1;
		st = plan_add(pl, "confirmed", range(R, wd + 5, wd + 40), EV_TESTIMONY,
		              "свідчення звільнених з полону");
		snprintf(st->ev_note, sizeof(st->ev_note),
		         "звільнені бачили %s %s після дати, названої в списку загиблих", him,
		         female ? "живою" : "живим");
		dc = st->day;
	}

	switch (fin) {
	case F_CONFIRMED:
		break;
	case F_LISTED: {
		/* on the agreed list of the exchange in preparation, agreed on 2024-03-01 */
		long a = dc + 1 > DAY(2024, 3, 1) ? dc + 1 : DAY(2024, 3, 1);
		st = plan_add(pl, "listed", range(R, a, TODAY - 1), EV_NONE, NULL);
		st->exchange = 1;
		break;
	}
	case F_RETURNED:
		/* listed by the exchange's agreed list, returned by reception */
		if (s->role == XR_AGREED) {
			st = plan_add(pl, "listed", demo_exchange_agreed(g, s->exch), EV_NONE,
			              NULL);
			st->exchange = 1;
		}
		st = plan_add(pl, "returned", end, EV_NONE, "reception");
		st->exchange = 1;
		break;
	case F_THIRD:
		st = plan_add(pl, "third_country", end, EV_OPEN, "повідомлення РПЦ, ЗМІ");
		st->ev_src = "заява РПЦ, повідомлення ЗМІ";
		snprintf(st->note, sizeof(st->note),
		         "передано Угорщині без повідомлення України (порушення Женевських "
		         "конвенцій)");
		snprintf(st->ev_note, sizeof(st->ev_note),
		         "РПЦ заявила про передачу 11 українських військовополонених «угорського "
		         "походження»");
		break;
	case F_DIED:
	case F_REMAINS:
		st = plan_add(pl, "died", end, end == OLENIVKA ? EV_LIST : EV_DOC_THEIRS,
		              end == OLENIVKA ? "список загиблих, оприлюднений МО РФ"
		                              : "повідомлення іншої сторони");
		if (end == OLENIVKA)
			snprintf(st->note, sizeof(st->note),
			         "загинув унаслідок вибуху в бараку колонії в Оленівці");
	after_death:
		if (fin == F_REMAINS) {
			long rr = repatriation_after(R, bodies, NELEM(bodies), end + 30);
			if (!rr || rr > TODAY)
				rr = range(R, end + 30, TODAY - 1);
			st = plan_add(pl, "remains_returned", rr, EV_DOC_OURS,
			              "репатріація тіл загиблих");
			snprintf(st->ev_note, sizeof(st->ev_note),
			         "ідентифіковано за результатами ДНК-експертизи");
		}
		break;
	default:
		break;
	}
}

static const char *mil_unit(struct gen *g)
{
	return g->mil_units[below(g->R, g->n_mil)];
}

static const char *azov_unit(struct gen *g)
{
	return g->azov_units[pick_i(g->R, g->azov_w, g->n_azov)];
}

/* how a family link is verified: the document that proves it, or DNA, or a call */
static const char *verified_how(struct demo_rng *R, const char *relation)
{
	unsigned r = (unsigned)below(R, 100);
	if (r < 15)
		return "зразок ДНК здано до експертної служби МВС";
	if (r < 23)
		return "відеодзвінок, копії документів надіслано поштою";
	if (!strcmp(relation, "wife") || !strcmp(relation, "husband"))
		return "свідоцтво про шлюб (оригінал)";
	if (!strcmp(relation, "mother") || !strcmp(relation, "father"))
		return r < 60 ? "свідоцтво про народження дитини"
		              : "паспорт і свідоцтво про народження";
	if (!strcmp(relation, "son") || !strcmp(relation, "daughter"))
		return "власне свідоцтво про народження";
	if (!strcmp(relation, "sister") || !strcmp(relation, "brother"))
		return "свідоцтва про народження обох (спільні батьки)";
	return "підтвердження військової частини та свідків";
}

/* writes the relatives of a captive and their inquiries */
static int relatives_write(struct gen *g, struct skel *s, const struct pstate *p,
                           const struct name *cn, int age, int civilian,
                           const struct demo_foreign *f, const struct plan *pl, long cap)
{
	static const unsigned nrel_w[] = {12, 45, 33, 10};
	static const char *const rel_m[] = {"wife",    "mother", "father",   "sister",
	                                    "brother", "son",    "daughter", "partner"};
	static const char *const rel_f[] = {"husband", "mother", "father",   "sister",
	                                    "brother", "son",    "daughter", "partner"};
	unsigned rw[8] = {40, 35, 10, 6, 4, 0, 0, 3};
	int nrel = (int)pick_i(g->R, nrel_w, NELEM(nrel_w)), used = 0, rc;
	long end = TODAY - 1;

	if (cn->sex == SEX_F)
		rw[0] = 25;
	if (age < 23)
		rw[0] /= 4;
	if (age > 40)
		rw[5] = rw[6] = 6;
	if (age > 60)
		rw[1] = rw[2] = 1;
	for (int k = 0; k < nrel; k++) {
		struct kvb *b = &g->cb;
		const char *rel;
		struct name rn;
		char contacts[256], ph[40];
		long long rid;
		size_t ri;
		int rsex, tries = 0, safety = 0;
		const char *channel;

		do
			ri = pick_i(g->R, rw, NELEM(rw));
		while ((used & (1 << ri)) && ++tries < 8);
		if (used & (1 << ri))
			break;
		/* one wife, one mother: siblings and children may be several, but keep it simple */
		used |= 1 << ri;
		rel = cn->sex == SEX_F ? rel_f[ri] : rel_m[ri];
		rsex = (!strcmp(rel, "husband") || !strcmp(rel, "father") ||
		        !strcmp(rel, "brother") || !strcmp(rel, "son") ||
		        (!strcmp(rel, "partner") && cn->sex == SEX_F))
		               ? SEX_M
		               : SEX_F;
		kv_reset(b);
		if (f) {
			name_foreign(g, &rn, f, rsex);
			if (strcmp(rel, "partner") && !f->two_family)
				snprintf(rn.family, sizeof(rn.family), "%s", cn->family);
			kv_addf(b, "name", "%s %s", rn.given, rn.family);
			kv_add(b, "language", f->language);
			foreign_phone(g, f, contacts, sizeof(contacts));
		} else {
			name_uk(g, &rn, rsex);
			if (!strcmp(rel, "father")) {
				rn.giv = cn->father;
				snprintf(rn.given, sizeof(rn.given), "%s", cn->father->name);
			}
			if (!strcmp(rel, "son") || !strcmp(rel, "daughter")) {
				if (cn->sex != SEX_F && cn->giv->patr_m)
					snprintf(rn.patr, sizeof(rn.patr), "%s",
					         rsex == SEX_F ? cn->giv->patr_f : cn->giv->patr_m);
			}
			if (!strcmp(rel, "sister") || !strcmp(rel, "brother"))
				snprintf(rn.patr, sizeof(rn.patr), "%s",
				         rsex == SEX_F ? cn->father->patr_f : cn->father->patr_m);
			if (strcmp(rel, "partner") && (strcmp(rel, "wife") || chance(g->R, 850)) &&
			    (strcmp(rel, "husband") || chance(g->R, 850)) &&
			    (strcmp(rel, "mother") || chance(g->R, 900)) &&
			    (strcmp(rel, "sister") || chance(g->R, 600)))
				snprintf(rn.family, sizeof(rn.family), "%s",
				         rsex == SEX_F ? cn->sur->f : cn->sur->m);
			kv_addf(b, "name", "%s %s %s", rn.family, rn.given, rn.patr);
			kv_add(b, "language", chance(g->R, 140) ? "російська" : "українська");
			/* in occupied territory: contact only through a named channel */
			safety = chance(g->R, civilian ? 180 : 70);
			phone(g, ph, sizeof(ph));
			if (safety) {
				snprintf(contacts, sizeof(contacts), "%s (лише Signal)", ph);
			} else if (chance(g->R, 250)) {
				char ph2[40];
				phone(g, ph2, sizeof(ph2));
				snprintf(contacts, sizeof(contacts), "%s; %s (Viber)", ph, ph2);
			} else if (chance(g->R, 250)) {
				const char *town = demo_uk_places[below(g->R, 30)];
				const char *street = PICK(g->R, streets);
				unsigned house = (unsigned)range(g->R, 1, 120);
				unsigned flat = (unsigned)range(g->R, 1, 200);
				snprintf(contacts, sizeof(contacts), "%s; м. %s, %s, %u, кв. %u",
				         ph, town, street, house, flat);
			} else {
				snprintf(contacts, sizeof(contacts), "%s", ph);
			}
		}
		kv_add(b, "relation", rel);
		kv_add(b, "contacts", contacts);
		if (chance(g->R, 600)) {
			kv_add(b, "verified_by", PICK_W(g->R, verified_by));
			kv_add(b, "verified_how", verified_how(g->R, rel));
		}
		kv_add(b, "safety", safety ? "yes" : "no");
		channel = NULL;
		if (safety) {
			channel = PICK_W(g->R, safety_channels);
			kv_add(b, "safety_channel", channel);
			kv_addf(b, "note", "проживає в окупованому місті %s",
			        PICK(g->R, occupied_homes));
		} else if (chance(g->R, 40)) {
			kv_add(b, "note",
			       "телефонували з російського номера: обіцяли обмін, якщо вийде на "
			       "протест (тиск іншої сторони)");
		} else if (chance(g->R, 60)) {
			kv_add(b, "note", "здала зразок ДНК для ідентифікації");
		}
		if ((rc = demo_child_insert(g, &g->lia, PL_ENT_RELATIVE, b, p, &rid)))
			return rc;
		g->n.relatives++;
		/* the family of a returnee is told (demo-exchanges.c) */
		if ((s->fin == F_RETURNED || s->fin == F_THIRD) &&
		    (rc = demo_relative_keep(g, s, rid, b->kv[0].val /* the name, first */, safety,
		                             channel)))
			return rc;

		/* the inquiries of this relative */
		{
			static const unsigned nq_w[] = {10, 40, 30, 15, 5};
			long days[6];
			int nq = (int)pick_i(g->R, nq_w, NELEM(nq_w));
			if (k == 0 && nq == 0)
				nq = 1;
			if (end <= cap + 2)
				nq = 0;
			for (int q = 0; q < nq; q++)
				days[q] = q == 0 && k == 0 ? range(g->R, cap + 1,
				                                   cap + 20 < end ? cap + 20 : end)
				                           : range(g->R, cap + 1, end);
			/* in date order */
			for (int a = 1; a < nq; a++)
				for (int c = a; c > 0 && days[c] < days[c - 1]; c--) {
					long t = days[c];
					days[c] = days[c - 1];
					days[c - 1] = t;
				}
			for (int q = 0; q < nq; q++) {
				static const struct wstr channels[] = {
				        {"hotline", 50}, {"phone", 15}, {"messenger", 15},
				        {"email", 10},   {"visit", 10},
				};
				const char *st = status_at(pl, days[q]), *ans = answer_for(st);
				const char *const *qs;
				size_t nqs;
				char text[400];
				const char *ch, *wg, *wa;
				if (!ans)
					continue;
				if (ans == answers[0]) {
					qs = q_missing;
					nqs = NELEM(q_missing);
				} else if (ans == answers[1]) {
					qs = q_unknown;
					nqs = NELEM(q_unknown);
				} else if (ans == answers[2]) {
					qs = q_probable;
					nqs = NELEM(q_probable);
				} else if (ans == answers[3]) {
					qs = q_confirmed;
					nqs = NELEM(q_confirmed);
				} else {
					qs = q_returned;
					nqs = NELEM(q_returned);
				}
				who_phrase(rel, cn->sex, &wg, &wa);
				subst(text, sizeof(text), qs[below(g->R, nqs)], wg, wa);
				ch = f ? "email" : PICK_W(g->R, channels);
				kv_reset(b);
				kv_addf(b, "relative_id", "%lld", rid);
				kv_day(b, "date", days[q], 3);
				kv_add(b, "channel", ch);
				kv_add(b, "question", text);
				kv_add(b, "answer", ans);
				kv_add(b, "answered_by",
				       !strcmp(ch, "hotline") ? "оператор гарячої лінії"
				                              : "demo-liaison");
				if ((rc = demo_child_insert(g, &g->lia, PL_ENT_INQUIRY, b, p,
				                            NULL)))
					return rc;
				g->n.inquiries++;
			}
		}
	}
	return 0;
}

static int captive_write(struct gen *g, struct skel *s)
{
	struct kvb *b = &g->pb;
	struct name nm;
	struct plan pl;
	struct pstate p;
	const struct demo_foreign *f = NULL;
	const char *place, *unit = NULL, *detention = NULL, *health;
	char tags[128] = "", latin[640], buf[400];
	int civilian = s->grp == G_CIV, sex, age, musician = 0, medic = 0, chaplain = 0,
	    journalist = 0, rc, sentenced = 0, known_capture;
	long birth, exch = 0, ev_day, held_until = TODAY;
	const char *fin;

	demo_rng_seed(&g->person_rng, s->seed);
	g->R = &g->person_rng;

	/* who: role, sex, name */
	place = s->grp == G_AZOV ? "Маріуполь, Азовсталь"
	        : civilian       ? front_at(g->R, civ_fronts, NELEM(civ_fronts), s->cap)
	                         : front_at(g->R, mil_fronts, NELEM(mil_fronts), s->cap);
	if (civilian) {
		unsigned r = (unsigned)below(g->R, 1000);
		medic = r < 30;
		chaplain = r >= 30 && r < 37;
		journalist = r >= 37 && r < 47;
	} else {
		musician = s->grp != G_FOREIGN && strstr(place, "Маріуполь") && chance(g->R, 35);
		medic = !musician && chance(g->R, s->grp == G_AZOV ? 40 : 15);
		chaplain = !musician && !medic && s->grp == G_MIL && chance(g->R, 2);
	}
	if (chaplain)
		sex = SEX_M;
	else if (civilian)
		sex = chance(g->R, journalist ? 400
		                   : medic    ? 600
		                              : 310)
		              ? SEX_F
		      : chance(g->R, 15) ? SEX_U
		                         : SEX_M;
	else
		sex = chance(g->R, medic ? 350 : musician ? 150 : 40) ? SEX_F : SEX_M;
	if (s->female) { /* the women's exchange needs her */
		sex = SEX_F;
		chaplain = 0;
	}
	if (s->grp == G_FOREIGN) {
		f = pick_foreign(g);
		sex = SEX_M;
		name_foreign(g, &nm, f, SEX_M);
	} else {
		name_uk(g, &nm, sex == SEX_F ? SEX_F : SEX_M);
		nm.sex = sex;
	}
	if (s->hungary == 1) {
		/* the one of the eleven with Hungarian roots */
		snprintf(nm.family, sizeof(nm.family), "Балог");
		snprintf(nm.given, sizeof(nm.given), "Золтан");
		snprintf(nm.patr, sizeof(nm.patr), "Іштванович");
	}
	age = draw_age(g, civilian);
	birth = s->cap - age * 365L - (long)below(g->R, 365);
	captive_history(g, s, sex == SEX_F, &exch, &pl);
	fin = pl.s[pl.n - 1].status;
	/* the capture is known once captivity is probable or confirmed */
	known_capture = 0;
	for (int i = 0; i < pl.n; i++)
		known_capture |=
		        !strcmp(pl.s[i].status, "probable") || !strcmp(pl.s[i].status, "confirmed");

	kv_reset(b);
	kv_add(b, "side", "captive");
	kv_add(b, "kind", civilian ? "civilian" : "military");
	kv_add(b, "family_name", nm.family);
	/* sex unknown: a record from a list that gave the family name only */
	kv_add(b, "given_name", sex == SEX_U ? NULL : nm.given);
	kv_add(b, "patronymic", f || sex == SEX_U ? NULL : nm.patr);
	if (!f && sex != SEX_U && chance(g->R, 500)) {
		latin_names(&nm, latin, sizeof(latin));
		kv_add(b, "other_names", latin);
	}
	kv_add(b, "sex", sex == SEX_F ? "f" : sex == SEX_M ? "m" : "unknown");
	{
		unsigned r = (unsigned)below(g->R, 100);
		kv_day(b, "birth_date", birth, r < 82 ? 3 : r < 88 ? 2 : 1);
	}
	if (f)
		kv_add(b, "birth_place", f->country_uk);
	else if (s->hungary)
		kv_addf(b, "birth_place", "%s, Закарпатська обл.", PICK(g->R, zakarpattia));
	else if (chance(g->R, 750))
		kv_add(b, "birth_place",
		       s->grp == G_AZOV && chance(g->R, 400)
		               ? "Маріуполь"
		               : demo_uk_places[below(g->R, demo_uk_places_n)]);
	if (f)
		kv_addf(b, "citizenship", "%s%s", f->country, chance(g->R, 150) ? ";UA" : "");
	else
		kv_add(b, "citizenship", "UA");
	if (chance(g->R, 600)) {
		if (f)
			kv_addf(b, "documents", "паспорт (%s) № %09u", f->country_uk,
			        (unsigned)below(g->R, 1000000000));
		else if (age + (s->cap - WAR_START) / 365 < 28 || chance(g->R, 400))
			kv_addf(b, "documents", "паспорт громадянина України (ID-картка) № %09u",
			        (unsigned)below(g->R, 1000000000));
		else {
			const char *series =
			        PICK(g->R, ((const char *const[]){"СН", "МК", "ВК", "ЕН", "АМ"}));
			kv_addf(b, "documents", "паспорт громадянина України %s %06u", series,
			        (unsigned)below(g->R, 1000000));
		}
	}
	if (!civilian) {
		if (!f && chance(g->R, 450))
			kv_addf(b, "service_number", "Р-%06u", (unsigned)below(g->R, 1000000));
		if (!chaplain)
			kv_add(b, "rank",
			       musician ? PICK(g->R,
			                       ((const char *const[]){"старший солдат", "сержант",
			                                              "старший сержант",
			                                              "молодший лейтенант"}))
			                : demo_uk_ranks[pick_i(g->R, demo_uk_rank_weights,
			                                       demo_uk_ranks_n)]);
		unit = f ? f->unit
		       : s->hungary ? "128 окрема гірсько-штурмова Закарпатська бригада"
		       : musician         ? PICK(g->R, orchestras)
		       : s->grp == G_AZOV ? azov_unit(g)
		                          : mil_unit(g);
		kv_add(b, "unit", unit);
	}
	if (s->grp == G_AZOV)
		snprintf(tags, sizeof(tags), "azovstal");
	if (musician || medic || chaplain || journalist)
		snprintf(tags + strlen(tags), sizeof(tags) - strlen(tags), "%s%s",
		         tags[0] ? ";" : "",
		         musician   ? "musician"
		         : medic    ? "medic"
		         : chaplain ? "chaplain"
		                    : "journalist");
	kv_add(b, "tags", tags);
	if (!f && chance(g->R, 400))
		kv_add(b, "father_name", nm.father->name);
	if (!f && chance(g->R, 200)) {
		const struct demo_surname *ms = surname_uk(g);
		kv_add(b, "mother_maiden_name", ms->f);
	}
	if (known_capture) {
		/* Azovstal's surrender is dated to the day; other captures often are not */
		int approx = s->grp != G_AZOV && chance(g->R, civilian ? 250 : 150);
		kv_day(b, "capture_date", s->cap, approx && chance(g->R, 400) ? 2 : 3);
		kv_add(b, "capture_approx", approx ? "yes" : "no");
		kv_add(b, "capture_place", place);
		kv_add(b, "capture_circumstances",
		       s->grp == G_AZOV ? PICK(g->R, azov_circumstances)
		       : civilian       ? PICK_W(g->R, civ_circumstances)
		                        : PICK_W(g->R, mil_circumstances));
	}
	if (!known_capture || !strcmp(fin, "probable")) {
		kv_day(b, "last_seen_date", s->cap - (long)below(g->R, 3), 3);
		kv_add(b, "last_seen_place", place);
		kv_add(b, "last_seen_by",
		       civilian ? PICK_W(g->R, last_seen_by_civ) : PICK_W(g->R, last_seen_by_mil));
	}
	if (known_capture && strcmp(fin, "probable")) {
		detention = s->grp == G_AZOV ? PICK(g->R, detention_azov)
		                             : detention_for(g, place, civilian);
		kv_add(b, "detention_place", detention);
	}
	/* health: known for returnees, guessed from videos and testimony for the others */
	{
		static const struct wstr h_returned[] = {{"healthy", 40},
		                                         {"wounded", 25},
		                                         {"severely_wounded", 12},
		                                         {"severely_ill", 18},
		                                         {"unknown", 5}};
		static const struct wstr h_held[] = {{"unknown", 50},
		                                     {"healthy", 20},
		                                     {"wounded", 20},
		                                     {"severely_wounded", 6},
		                                     {"severely_ill", 4}};
		static const struct wstr h_azov[] = {{"unknown", 30},
		                                     {"healthy", 25},
		                                     {"wounded", 30},
		                                     {"severely_wounded", 10},
		                                     {"severely_ill", 5}};
		static const struct wstr h_missing[] = {
		        {"unknown", 85}, {"wounded", 12}, {"severely_wounded", 3}};
		health = !strcmp(fin, "returned") ? PICK_W(g->R, h_returned)
		         : !known_capture         ? PICK_W(g->R, h_missing)
		         : s->grp == G_AZOV       ? PICK_W(g->R, h_azov)
		                                  : PICK_W(g->R, h_held);
		if (s->health) /* as an exchange's terms need it */
			health = s->health;
		kv_add(b, "health", health);
		if (!strcmp(health, "wounded"))
			kv_add(b, "medical_notes", PICK(g->R, wounds));
		else if (!strcmp(health, "severely_wounded"))
			kv_add(b, "medical_notes", PICK(g->R, severe_wounds));
		else if (!strcmp(health, "severely_ill")) {
			const char *ill = PICK(g->R, illnesses);
			kv_addf(b, "medical_notes", "%s%s", ill,
			        !strcmp(fin, "returned") && chance(g->R, 500)
			                ? "; після повернення: втрата ваги понад 20 кг, сліди "
			                  "побиття"
			                : "");
		}
	}
	/* sentences passed in captivity */
	if (known_capture &&
	    (!strcmp(fin, "confirmed") || !strcmp(fin, "listed") || !strcmp(fin, "returned"))) {
		unsigned per_mille = s->grp == G_AZOV ? 320 : f ? 300 : civilian ? 120 : 60;
		if (!strcmp(fin, "returned"))
			per_mille /= 2;
		sentenced = chance(g->R, per_mille) && pl.s[pl.n - 1].day - s->cap > 120;
	}
	if (sentenced) {
		long sd = range(g->R, s->cap + 90, pl.s[pl.n - 1].day - 1);
		char sdt[DATE_MAX];
		fmt_day_p(sd, 3, sdt);
		if (f && s->cap < DAY(2022, 7, 1) && chance(g->R, 400))
			kv_addf(b, "sentence",
			        "засуджений до смертної кари (так званий «Верховний "
			        "суд ДНР», %s)",
			        sdt);
		else {
			long years = s->grp == G_AZOV ? range(g->R, 13, 29)
			             : f              ? range(g->R, 10, 20)
			                              : range(g->R, 8, 24);
			const char *court = civilian && chance(g->R, 500)
			                            ? "Південний окружний військовий суд, "
			                              "Ростов-на-Дону"
			                            : PICK(g->R, courts);
			kv_addf(b, "sentence", "%s до %ld років позбавлення волі (%s, %s)",
			        sex == SEX_F ? "засуджена" : "засуджений", years, court, sdt);
		}
		kv_add(b, "charges",
		       s->grp == G_AZOV ? charges_azov
		       : f              ? charges_foreign
		       : civilian       ? PICK_W(g->R, charges_civ)
		                        : PICK_W(g->R, charges_mil));
	}
	{
		const char *note = NULL;
		if (medic)
			note = civilian ? PICK(g->R, medic_notes_civ) : PICK(g->R, medic_notes_mil);
		else if (chaplain)
			note = civilian ? PICK(g->R, chaplain_notes_civ) : "військовий капелан";
		else if (journalist)
			note = PICK(g->R, journalist_notes);
		if (s->hungary)
			snprintf(buf, sizeof(buf), "%s",
			         s->hungary == 1
			                 ? "один з 11 переданих Угорщині; має угорське коріння"
			         : s->hungary <= 3
			                 ? "один з 11 переданих Угорщині; за його словами (DW), "
			                   "угорського коріння не має, казати інакше наказала "
			                   "сторона РФ"
			                 : "один з 11 переданих Угорщині 2023-06-08");
		else
			snprintf(buf, sizeof(buf), "%s", note ? note : "");
		kv_add(b, "note", buf);
	}
	kv_add(b, "status", "missing");
	kv_day(b, "status_date", s->cap, 3);
	kv_add(b, "source",
	       civilian ? PICK_W(g->R, person_sources_civ) : PICK_W(g->R, person_sources_mil));
	if ((rc = person_write(g, b, &p)))
		return rc;
	g->n.captives++;
	g->n.civilians += civilian;

	/* the history */
	{
		long long wrong = 0;
		/* the steps of an exchange are written by its own pass (demo-exchanges.c) */
		for (int i = 1; i < pl.n && !pl.s[i].exchange; i++) {
			struct step *st = &pl.s[i];
			long long ev = 0, sid;
			ev_day = st->day - (long)below(g->R, 3);
			if ((rc = demo_evidence_write(g, &p, st->ev,
			                              ev_day < s->cap ? s->cap : ev_day, st->ev_src,
			                              st->ev_note[0] ? st->ev_note : NULL, &ev)))
				return rc;
			if (wrong)
				rc = demo_status_write(
				        g, &g->reg, &p, st->status, st->day, st->src, ev,
				        st->note[0] ? st->note : NULL, wrong,
				        "смерть повідомлено помилково: живий за свідченнями "
				        "звільнених",
				        &sid);
			else
				rc = demo_status_write(g, &g->reg, &p, st->status, st->day, st->src,
				                       ev, st->note[0] ? st->note : NULL, 0, NULL,
				                       &sid);
			if (rc)
				return rc;
			wrong = st->wrong_death ? sid : 0;
		}
	}
	/* a returnee's word about one still held: evidence that needs no new status */
	if ((!strcmp(fin, "confirmed") || !strcmp(fin, "listed")) && chance(g->R, 200)) {
		long d = range(g->R, pl.s[pl.n - 1].day, TODAY - 1);
		snprintf(buf, sizeof(buf), "бачив %s у місці утримання: %s; %s",
		         sex == SEX_F ? "її" : "його", detention ? detention : "невідомо",
		         chance(g->R, 500)
		                 ? (sex == SEX_F ? "дуже схудла, кашляла" : "дуже схуд, кашляв")
		                 : (sex == SEX_F ? "жива, тримається" : "живий, тримається"));
		long long ev;
		if ((rc = demo_evidence_write(g, &p, EV_TESTIMONY, d, NULL, buf, &ev)))
			return rc;
	}

	/* events (GC III Art. 122): transfers only while held */
	for (int i = 1; i < pl.n; i++)
		if ((!strcmp(pl.s[i].status, "died") && !pl.s[i].wrong_death) ||
		    !strcmp(pl.s[i].status, "returned") ||
		    !strcmp(pl.s[i].status, "third_country")) {
			held_until = pl.s[i].day;
			break;
		}
	if (known_capture) {
		if ((rc = demo_event_write(g, &p, "capture", s->cap, 3, place,
		                           s->grp == G_AZOV ? "МКЧХ"
		                           : civilian       ? "свідки"
		                                      : "рапорт військової частини",
		                           NULL)))
			return rc;
		if (detention) {
			if (s->grp == G_AZOV) {
				if ((rc = demo_event_write(
				             g, &p, "transfer", s->cap + range(g->R, 1, 3), 3,
				             "Оленівка, виправна колонія № 120", "МКЧХ", NULL)))
					return rc;
				if (strcmp(detention, "Оленівка, виправна колонія № 120")) {
					ev_day = range(g->R, DAY(2022, 6, 15), DAY(2022, 10, 31));
					if (ev_day < held_until &&
					    (rc = demo_event_write(
					             g, &p, "transfer", ev_day, 2, detention,
					             "свідчення звільнених з полону", NULL)))
						return rc;
				}
			} else {
				ev_day = range(g->R, s->cap + 2, s->cap + 60);
				if (ev_day < held_until &&
				    (rc = demo_event_write(g, &p, "transfer", ev_day, 2, detention,
				                           "свідчення звільнених з полону", NULL)))
					return rc;
			}
		}
	}
	/* the handover and the arrival are the exchange's (demo-exchanges.c); those freed
	 * through Saudi Arabia were flown from Riyadh to their countries, not to our
	 * hospitals */
	if (!strcmp(fin, "returned")) {
		const char *hosp = PICK_W(g->R, hospitals);
		if (strcmp(health, "healthy") && strcmp(health, "unknown") && !s->abroad &&
		    (rc = demo_event_write(g, &p, "hospital_admission", exch + range(g->R, 0, 1), 3,
		                           hosp, "Координаційний штаб", NULL)))
			return rc;
	}
	if (!strcmp(fin, "third_country") &&
	    (rc = demo_event_write(g, &p, "transfer", HUNGARY, 3, "Будапешт, Угорщина",
	                           "повідомлення РПЦ, ЗМІ",
	                           "передано Угорщині без повідомлення України")))
		return rc;
	for (int i = 1; i < pl.n; i++)
		if (!strcmp(pl.s[i].status, "died") && !pl.s[i].wrong_death &&
		    (rc = demo_event_write(g, &p, "death", pl.s[i].day, 3,
		                           pl.s[i].day == OLENIVKA
		                                   ? "Оленівка, виправна колонія № 120"
		                                   : detention,
		                           pl.s[i].src, pl.s[i].note[0] ? pl.s[i].note : NULL)))
			return rc;

	if (!strcmp(fin, "returned"))
		g->n.returned++;

	/* what the exchanges' pass needs of the person */
	s->id = p.id;
	snprintf(s->ref, sizeof(s->ref), "%s", p.ref);
	snprintf(s->status, sizeof(s->status), "%s", p.status);
	s->last_day = s->cap;
	for (int i = 1; i < pl.n && !pl.s[i].exchange; i++) {
		s->last_day = pl.s[i].day;
		if (!strcmp(pl.s[i].status, "confirmed"))
			s->conf_day = pl.s[i].day;
	}
	s->held_until = held_until;
	s->health_w = health;
	s->detention = detention;
	s->civ = (unsigned char)civilian;
	if (!strcmp(fin, "listed")) { /* the exchange in preparation */
		s->exch = DEMO_PENDING;
		s->role = XR_PENDING;
		s->listed_day = pl.s[pl.n - 1].day;
	}
	return relatives_write(g, s, &p, &nm, age, civilian, f, &pl, s->cap);
}

/* --- the exchange fund --- */

static const struct wstr det_circumstances[] = {
        {"взято в полон під час контрнаступу", 35},
        {"здався в полон через проєкт «Хочу жить»", 20},
        {"взято в полон після штурму позицій", 25},
        {"поранений, евакуйований нашими медиками", 10},
        {"затримано під час розвідувальної операції", 10},
};
static const struct wstr det_proceedings[] = {
        {"ч. 1 ст. 111-1 КК України (колабораційна діяльність)", 40},
        {"ч. 5 ст. 111-1 КК України (колабораційна діяльність: участь у незаконних "
         "органах влади)",
         25},
        {"ст. 111-2 КК України (пособництво державі-агресору)", 20},
        {"ч. 1 ст. 111 КК України (державна зрада)", 15},
};
static const struct wstr mil_proceedings[] = {
        {"ч. 1 ст. 438 КК України (порушення законів та звичаїв війни)", 70},
        {"ч. 2 ст. 438 КК України (порушення законів та звичаїв війни, поєднане з умисним "
         "вбивством)",
         30},
};

/*
 * The detainees: the exchange fund as it stands today (N_DETAINEES, held, listed for the
 * exchange in preparation, released otherwise or dead), and those the exchanges gave
 * (demo-exchanges.c), in order of capture.
 */
static int detainees_plan(struct gen *g, struct skel **out, size_t *nout)
{
	struct demo_rng *R = &g->rng;
	size_t n = N_DETAINEES + demo_exchanges_given();
	struct skel *sk = pl_calloc(n, sizeof(*sk));
	if (!sk)
		return pl_error_set(g->err, PL_EDATA, "out of memory");
	for (size_t i = 0; i < N_DETAINEES; i++) {
		struct skel *s = &sk[i];
		s->idx = (int)i;
		s->exch = -1;
		s->seed = demo_rng_next(R);
		s->grp = chance(R, 80) ? G_CIV : G_MIL;
		s->cap = day_in_month(R, pick_i(R, det_months, N_MONTHS));
		s->fin = (unsigned char)pick_i(
		        R, (const unsigned[]){80, TODAY - s->cap > 60 ? 12 : 0, 0, 5, 2}, 5);
	}
	demo_exchanges_plan_detainees(g, sk + N_DETAINEES);
	for (size_t i = N_DETAINEES; i < n; i++)
		sk[i].idx = (int)i;
	qsort(sk, n, sizeof(*sk), by_cap);
	*out = sk;
	*nout = n;
	return 0;
}

static int detainee_write(struct gen *g, struct skel *s)
{
	struct kvb *b = &g->pb;
	struct name nm;
	struct pstate p;
	int civilian = s->grp == G_CIV, age, rc, sex;
	const char *place, *camp;
	long last = s->cap;
	/* held until given, or still held: a sentence is passed while held */
	long free_by = s->fin == D_EXCHANGED ? demo_exchange_day(g, s->exch, s->stage) : TODAY;

	demo_rng_seed(&g->person_rng, s->seed);
	g->R = &g->person_rng;
	place = front_at(g->R, mil_fronts, NELEM(mil_fronts), s->cap);
	camp = g->camps[below(g->R, g->n_camps)];
	age = draw_age(g, civilian);
	kv_reset(b);
	kv_add(b, "side", "detainee");
	kv_add(b, "kind", civilian ? "civilian" : "military");
	if (civilian) {
		/* collaborators: our citizens, written in Ukrainian */
		sex = chance(g->R, 250) ? SEX_F : SEX_M;
		name_uk(g, &nm, sex);
		kv_add(b, "sex", sex == SEX_F ? "f" : "m");
		kv_add(b, "citizenship", chance(g->R, 300) ? "UA;RU" : "UA");
		kv_add(b, "birth_place", demo_uk_places[below(g->R, demo_uk_places_n)]);
		place = front_at(g->R, civ_fronts, NELEM(civ_fronts), s->cap);
		camp = g->sizo[below(g->R, g->n_sizo)];
	} else {
		sex = chance(g->R, 8) ? SEX_F : SEX_M;
		name_ru(g, &nm, sex);
		kv_add(b, "sex", sex == SEX_F ? "f" : "m");
		kv_add(b, "citizenship", "RU");
		kv_add(b, "birth_place", demo_ru_places[below(g->R, demo_ru_places_n)]);
		if (chance(g->R, 600)) {
			const char *series = PICK(
			        g->R, ((const char *const[]){"АВ", "ЕК", "МН", "ОР", "ТС", "ХА"}));
			kv_addf(b, "service_number", "%s-%06u", series,
			        (unsigned)below(g->R, 1000000));
		}
		kv_add(b, "rank",
		       demo_ru_ranks[pick_i(g->R, demo_ru_rank_weights, demo_ru_ranks_n)]);
		kv_add(b, "unit", demo_ru_units[below(g->R, demo_ru_units_n)]);
	}
	kv_add(b, "family_name", nm.family);
	kv_add(b, "given_name", nm.given);
	kv_add(b, "patronymic", nm.patr);
	{
		unsigned r = (unsigned)below(g->R, 100);
		kv_day(b, "birth_date", s->cap - age * 365L - (long)below(g->R, 365),
		       r < 85   ? 3
		       : r < 92 ? 2
		                : 1);
	}
	if (chance(g->R, 700))
		kv_addf(b, "documents",
		        civilian ? "паспорт громадянина України %s %06u"
		                 : "паспорт громадянина РФ %s %06u",
		        civilian ? "ВК" : "45 12", (unsigned)below(g->R, 1000000));
	kv_add(b, "capture_place", place);
	kv_add(b, "capture_circumstances",
	       civilian ? "затримано СБУ після деокупації" : PICK_W(g->R, det_circumstances));
	kv_add(b, "detention_place", camp);
	{
		static const struct wstr h[] = {{"healthy", 60},
		                                {"wounded", 25},
		                                {"severely_wounded", 8},
		                                {"severely_ill", 4},
		                                {"unknown", 3}};
		const char *health = civilian ? "healthy" : PICK_W(g->R, h);
		if (s->health) /* as an exchange's terms need it */
			health = s->health;
		kv_add(b, "health", health);
		if (!strcmp(health, "wounded"))
			kv_add(b, "medical_notes", PICK(g->R, wounds));
		else if (!strcmp(health, "severely_wounded"))
			kv_add(b, "medical_notes", PICK(g->R, severe_wounds));
	}
	{
		/* consent to be exchanged: most want to go home, some do not */
		static const struct wstr consent_mil[] = {{"yes", 70}, {"no", 8}, {"unknown", 22}};
		static const struct wstr consent_civ[] = {{"yes", 60}, {"no", 25}, {"unknown", 15}};
		const char *consent =
		        civilian ? PICK_W(g->R, consent_civ) : PICK_W(g->R, consent_mil);
		if (s->fin == D_EXCHANGED || s->fin == D_LISTED)
			consent = "yes";
		kv_add(b, "consent", consent);
		s->no_consent = !strcmp(consent, "no");
	}
	if (civilian || chance(g->R, 50) || s->special) {
		char nr[32];
		snprintf(nr, sizeof(nr), "%d%09u", civilian ? 22022 : 42022,
		         (unsigned)below(g->R, 1000000000));
		kv_addf(b, "proceedings", "кримінальне провадження № %s за %s", nr,
		        s->special == DS_NAMED ? "ч. 1 ст. 111 КК України (державна зрада)"
		        : civilian ? PICK_W(g->R, det_proceedings)
		                   : PICK_W(g->R, mil_proceedings));
		if (s->special == DS_CONVICTED ||
		    (s->special != DS_NAMED && chance(g->R, 400) && free_by - s->cap > 200))
			kv_addf(b, "sentence", "%s до %ld років позбавлення волі",
			        sex == SEX_F ? "засуджена" : "засуджений", range(g->R, 5, 15));
	}
	if (s->special == DS_NAMED)
		kv_add(b, "note",
		       "політик, лідер забороненої проросійської партії; обміняний за рішенням "
		       "керівництва держави, названий в умовах обміну");
	kv_add(b, "status", "held");
	kv_day(b, "status_date", s->cap, 3);
	kv_add(b, "source", civilian ? "СБУ" : "Об'єднаний центр (військовополонені)");
	if ((rc = person_write(g, b, &p)))
		return rc;
	g->n.detainees++;

	{
		/* to the camp, and registered there, before an exchange takes them */
		long to_camp = s->cap + range(g->R, 2, 30);
		if (to_camp >= free_by)
			to_camp = free_by - 1;
		if ((rc = demo_event_write(g, &p, "capture", s->cap, 3, place,
		                           civilian ? "СБУ" : "рапорт військової частини", NULL)) ||
		    (rc = demo_event_write(g, &p, "transfer", to_camp, 3, camp,
		                           "Координаційний штаб", NULL)))
			return rc;
	}
	if (chance(g->R, 300)) {
		long long ev;
		long d = s->cap + range(g->R, 3, 30);
		if ((rc = demo_evidence_write(g, &p, EV_DOC_OURS, d < free_by ? d : free_by - 1,
		                              "реєстрація військовополоненого; МКЧХ повідомлено",
		                              NULL, &ev)))
			return rc;
	}
	s->id = p.id;
	snprintf(s->ref, sizeof(s->ref), "%s", p.ref);
	s->civ = (unsigned char)civilian;
	switch (s->fin) {
	case D_EXCHANGED: /* listed and handed over by its exchange (demo-exchanges.c) */
		break;
	case D_LISTED: /* on the agreed list of the exchange in preparation */
		s->exch = DEMO_PENDING;
		s->role = XR_PENDING;
		s->listed_day =
		        range(g->R, s->cap + 30 > DAY(2024, 3, 1) ? s->cap + 30 : DAY(2024, 3, 1),
		              TODAY - 1);
		break;
	case D_RELEASED:
		last = range(g->R, s->cap + 60, TODAY - 1);
		if (last >= TODAY)
			break;
		if ((rc = demo_status_write(
		             g, &g->reg, &p, "released", last, "рішення суду", 0,
		             civilian ? "звільнено: покарання відбуто"
		                      : "звільнено: громадянин іншої держави, депортовано",
		             0, NULL, NULL)) ||
		    (rc = demo_event_write(g, &p, "release", last, 3, camp, "рішення суду", NULL)))
			return rc;
		break;
	case D_DIED:
		last = range(g->R, s->cap + 5, TODAY - 1);
		if (last >= TODAY)
			break;
		if ((rc = demo_status_write(
		             g, &g->reg, &p, "died", last, "медична служба установи", 0,
		             sex == SEX_F ? "померла в лікарні (гостра серцева недостатність)"
		             : civilian ? "помер у лікарні (гостра серцева недостатність)"
		                        : "помер у лікарні від ускладнень поранення",
		             0, NULL, NULL)) ||
		    (rc = demo_event_write(g, &p, "death", last, 3, camp, "медична служба установи",
		                           NULL)))
			return rc;
		break;
	default:
		break;
	}
	snprintf(s->status, sizeof(s->status), "%s", p.status);
	s->last_day = last;
	return 0;
}

/* --- accounts --- */

static const struct {
	const char *login;
	enum pl_role role;
} demo_accounts[] = {
        {"demo-registrar", PL_ROLE_REGISTRAR},   {"demo-liaison", PL_ROLE_LIAISON},
        {"demo-negotiator", PL_ROLE_NEGOTIATOR}, {"demo-psychologist", PL_ROLE_PSYCHOLOGIST},
        {"demo-analyst", PL_ROLE_ANALYST},       {"demo-head", PL_ROLE_HEAD},
        {"demo-auditor", PL_ROLE_AUDITOR},       {"demo-admin", PL_ROLE_ADMIN},
};
#define N_ACCOUNTS NELEM(demo_accounts)

static int author_load(struct gen *g, const char *login, struct pl_actor *out)
{
	struct store_account a;
	int rc;
	if ((rc = store_account_get(g->db->st, login, &a, g->err)))
		return rc;
	memset(out, 0, sizeof(*out));
	out->account_id = a.id;
	snprintf(out->login, sizeof(out->login), "%s", a.login);
	out->roles = a.roles;
	snprintf(out->os_user, sizeof(out->os_user), "%s", g->admin->os_user);
	return 0;
}

static void gen_setup(struct gen *g)
{
	g->uk_m = demo_given_total(demo_uk_male, demo_uk_male_n);
	g->uk_f = demo_given_total(demo_uk_female, demo_uk_female_n);
	g->uk_s = demo_surname_total(demo_uk_surnames, demo_uk_surnames_n);
	g->ru_m = demo_given_total(demo_ru_male, demo_ru_male_n);
	g->ru_f = demo_given_total(demo_ru_female, demo_ru_female_n);
	g->ru_s = demo_surname_total(demo_ru_surnames, demo_ru_surnames_n);
	/* Azovstal's defenders: Azov, the marines, the border guards, the National Guard */
	for (size_t i = 0; i < demo_uk_units_n && g->n_azov < NELEM(g->azov_units); i++) {
		const char *u = demo_uk_units[i];
		unsigned w = strstr(u, "«Азов»")                              ? 40
		             : strstr(u, "36 окрема бригада морської піхоти") ? 30
		             : strstr(u, "Маріупольський прикордонний")       ? 8
		             : strstr(u, "морської охорони ДПСУ, Маріуполь")  ? 4
		             : strstr(u, "3057 НГУ")                          ? 12
		             : strstr(u, "109 окрема бригада територіальної") ? 6
		                                                              : 0;
		if (w) {
			g->azov_units[g->n_azov] = u;
			g->azov_w[g->n_azov++] = w;
		}
	}
	for (size_t i = 0; i < demo_uk_pow_camps_n; i++) {
		const char *c = demo_uk_pow_camps[i];
		int prison = strstr(c, "слідчий ізолятор") || strstr(c, "виконання покарань");
		if (prison && g->n_sizo < NELEM(g->sizo))
			g->sizo[g->n_sizo++] = c;
		if ((!prison || strstr(c, "виконання покарань")) && g->n_camps < NELEM(g->camps))
			g->camps[g->n_camps++] = c;
	}
	for (size_t i = 0; i < demo_detention_places_n && g->n_prisons < NELEM(g->prisons); i++) {
		const char *d = demo_detention_places[i];
		if (strstr(d, "СІЗО") || strstr(d, "колонія") || strstr(d, "слідчий ізолятор"))
			g->prisons[g->n_prisons++] = d;
	}
	/* the others: any unit but the ones that fought only in Mariupol */
	for (size_t i = 0; i < demo_uk_units_n && g->n_mil < NELEM(g->mil_units); i++) {
		const char *u = demo_uk_units[i];
		if (!strstr(u, "Маріуп") && !strstr(u, "«Азов»"))
			g->mil_units[g->n_mil++] = u;
	}
}

int pl_demo(struct pl_db *db, const struct pl_actor *actor, unsigned long seed,
            pl_demo_account_cb cb, void *ctx, struct pl_demo_counts *counts, struct pl_error *err)
{
	char pw[N_ACCOUNTS][PL_PASSWORD_LEN + 1];
	struct skel *cap = NULL, *det = NULL;
	size_t ncap = 0, ndet = 0;
	struct gen *g;
	int rc, has;

	if ((rc = pl_authorize(db, actor, PL_OP_DEMO, err)))
		return rc;
	if ((has = pl_db_has_case_data(db, err)) < 0)
		return err ? err->code : PL_EDATA;
	if (has)
		return pl_error_set(err, PL_EDATA,
		                    "the file already holds case data: the demo fills "
		                    "only an empty office");
	g = pl_calloc(1, sizeof(*g));
	if (!g)
		return pl_error_set(err, PL_EDATA, "out of memory");
	g->db = db;
	g->err = err;
	g->admin = actor;
	demo_rng_seed(&g->rng, seed);
	gen_setup(g);
	if (!g->n_azov || !g->n_mil || !g->n_camps || !g->n_sizo || !g->n_prisons) {
		pl_free(g);
		return pl_error_set(err, PL_EDATA, "demo: no units to draw from");
	}

	if ((rc = store_begin(db, err)))
		goto out;
	/* inside the transaction: nobody adds a person between the check and the demo */
	if ((has = pl_db_has_case_data(db, err)) != 0) {
		rc = has < 0 ? (err ? err->code : PL_EDATA)
		             : pl_error_set(err, PL_EDATA,
		                            "the file already holds case data: the "
		                            "demo fills only an empty office");
		goto fail;
	}
	for (size_t i = 0; i < N_ACCOUNTS; i++)
		/* bound to the OS user who made the demo: it shows the office without a password */
		if ((rc = account_make(db, actor, demo_accounts[i].login,
		                       1u << demo_accounts[i].role, actor->os_user, pw[i], err)))
			goto fail;
	if ((rc = author_load(g, "demo-registrar", &g->reg)) ||
	    (rc = author_load(g, "demo-liaison", &g->lia)) ||
	    (rc = author_load(g, "demo-negotiator", &g->neg)) ||
	    (rc = author_load(g, "demo-psychologist", &g->psy)))
		goto fail;
	/* the first pass: every person's skeleton, and the exchanges they crossed at */
	if ((rc = captives_plan(g, &cap, &ncap)) || (rc = demo_exchanges_init(g, err)) ||
	    (rc = demo_exchanges_plan_captives(g, cap, ncap)) ||
	    (rc = detainees_plan(g, &det, &ndet)))
		goto fail;
	/* the second: the persons and their histories up to the exchanges */
	for (size_t i = 0; i < ncap; i++)
		if ((rc = captive_write(g, &cap[i])) ||
		    (rc = progress_report(db, N_("making demo data"), i + 1, ncap + ndet, err)))
			goto fail;
	for (size_t i = 0; i < ndet; i++)
		if ((rc = detainee_write(g, &det[i])) ||
		    (rc = progress_report(db, N_("making demo data"), ncap + i + 1, ncap + ndet,
		                          err)))
			goto fail;
	/* the last: the exchanges, and the negotiations behind them */
	if ((rc = demo_exchanges_write(g, cap, ncap, det, ndet)) ||
	    (rc = demo_negotiations_write(g)))
		goto fail;
	if ((rc = store_commit(db, err)))
		goto out;
	if (counts)
		*counts = g->n;
	for (size_t i = 0; cb && i < N_ACCOUNTS && !rc; i++)
		rc = cb(ctx, demo_accounts[i].login, pl_role_name(demo_accounts[i].role), pw[i]);
	goto out;
fail:
	store_rollback(db);
out:
	sodium_memzero(pw, sizeof(pw));
	pl_free(cap);
	pl_free(det);
	demo_exchanges_free(g);
	pl_free(g);
	return rc;
}
