/* demo-negotiations.c - the negotiation desk behind the demo office's exchanges
 *
 * Five channels with the other side: the direct channel of the Coordination Headquarters
 * (spring 2022, closed), the ICRC's (active), the Istanbul channel through Türkiye
 * (suspended since the commanders of Mariupol's defence came home in July 2023), the
 * channel through the UAE (active) and one through Qatar for the deported children and
 * civilians (preparing). Each is linked to the exchanges its mediators brought about.
 * Seventeen sessions from March 2022 to April 2024, one of them longer than ten hours;
 * the psychologist's welfare notes on four; positions with their history (two changed,
 * one dropped) and opening lines; six negotiators of the other side with their MICE
 * profiles; a statement ledger in which the other side contradicts itself twice on
 * persons of the registry, one untrue claim of ours was resolved and one still stands,
 * and promises of both sides were kept, broken or are still open (one overdue on the
 * demo's day); and five pressure incidents on families the liaison recorded.
 *
 * Nothing is drawn: the texts are fixed and the persons they name are picked from what
 * the demo wrote (by their statuses, lists and handovers, the first by number), so the
 * same seed gives the same desk. Rows are written as the operations of
 * include/parley/negotiation.h leave them (a position in its final state, with the time
 * a later version replaced it; a promise kept or broken; an untruth resolved), each
 * audited once as "demo" on its negotiation's, session's or counterpart's reference;
 * `contradicts` is computed by the ledger's rule. The days are the story's: a position is
 * recorded when it was set (the briefing tells what changed since the last round by it),
 * the other rows at the transaction's time as the exchanges' are. Names of the other
 * side's negotiators and of our team are invented.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/negotiation.h"
#include "demo-int.h"
#include "banned.h"

/* --- the persons the desk talks about --- */

/* In texts, {K} is the reference of the person picked for key K and {k} their name; {*}
 * is the relative an incident concerns, in words. Texts that say "he" pick men (sex m);
 * the others are worded for anyone. */
struct pick {
	char key;
	const char *what; /* for the message when the demo has none */
	const char *where;
};
static const struct pick picks[] = {
        /* ours, held and confirmed, severely wounded, on no list: the other side first
         * confirms and then denies holding them */
        {'H', "severely wounded captive still held",
         "side = 'captive' AND sex = 'm' AND status = 'confirmed' AND health = "
         "'severely_wounded' AND capture_date < '2022-10-01' AND status_date < '2023-02-01' "
         "AND id NOT IN (SELECT person_id FROM exchange_lists) AND EXISTS (SELECT 1 FROM "
         "relatives r WHERE r.person_id = persons.id)"},
        /* one of the article's severely wounded agreed in July 2023 who did not come */
        {'N', "severely wounded captive agreed in E-0047 who did not cross",
         "id IN (SELECT l.person_id FROM exchange_lists l JOIN exchanges e ON e.id = "
         "l.exchange_id WHERE e.ref = 'E-0047' AND l.list = 'agreed' AND l.side = 'receive' "
         "AND l.removed IS NOT NULL) AND EXISTS (SELECT 1 FROM relatives r WHERE "
         "r.person_id = persons.id)"},
        /* the detainee named in the terms of September 2022 */
        {'X', "the detainee named in the terms of E-0016",
         "side = 'detainee' AND instr((SELECT formula FROM exchanges WHERE ref = 'E-0016'), "
         "ref) > 0"},
        /* a detainee given in September 2022, held since before the talks */
        {'G', "other detainee given in E-0016",
         "side = 'detainee' AND sex = 'm' AND status = 'exchanged' AND id IN (SELECT "
         "h.person_id FROM exchange_handovers h JOIN exchange_stages s ON s.id = h.stage_id "
         "JOIN exchanges e ON e.id = s.exchange_id WHERE e.ref = 'E-0016' AND h.side = "
         "'give') AND "
         "instr((SELECT formula FROM exchanges WHERE ref = 'E-0016'), ref) = 0 AND "
         "(SELECT min(date) FROM statuses s WHERE s.person_id = persons.id) < '2022-08-01'"},
        /* a detainee of ours sentenced by our court, held (a held detainee's status_date:
         * held since) */
        {'S', "sentenced detainee still held",
         "side = 'detainee' AND sex = 'm' AND status = 'held' AND sentence IS NOT NULL AND "
         "status_date < '2023-06-01'"},
        /* a detainee who consents to be exchanged, held since 2022 */
        {'R', "detainee who consents, still held",
         "side = 'detainee' AND sex = 'm' AND status = 'held' AND consent = 'yes' AND "
         "sentence IS NULL AND status_date < '2023-01-01'"},
        /* one of the eleven handed to Hungary */
        {'U', "captive handed to Hungary",
         "status = 'third_country' AND EXISTS (SELECT 1 FROM relatives r WHERE r.person_id = "
         "persons.id)"},
        /* a captive missing, whose family a fraudster approached */
        {'M', "missing captive with a family",
         "side = 'captive' AND status = 'missing' AND last_seen_date < '2024-01-01' AND EXISTS "
         "(SELECT 1 FROM relatives r WHERE r.person_id = persons.id)"},
};
#define NPICK NELEM(picks)

struct nperson {
	long long id;
	char ref[PL_REF_MAX];
	char name[256];
	long long relative; /* the first of their relatives, or 0 */
	char rel_words[320];
};

/* --- the negotiations --- */

enum { N_DIRECT, N_ICRC, N_ISTANBUL, N_UAE, N_QATAR, NNEG };

static const struct nneg {
	const char *title, *delegation, *mediators, *format, *status, *reason;
	const char *objectives, *walk_away, *batna, *their_batna, *hours, *note;
} negs[NNEG] = {
        [N_DIRECT] = {"Прямий канал Координаційного штабу", "представники Міністерства оборони РФ",
                      NULL, "direct", "closed",
                      "з лютого 2023 р. про обміни домовляються через посередників (ОАЕ, МКЧХ); "
                      "прямий канал лишився для технічних питань передачі",
                      "повернути якнайбільше наших полонених якнайшвидше; налагодити регулярні "
                      "обміни без посередників",
                      "жодних обмінів цивільних на військовополонених; жодних передач без "
                      "поіменного списку",
                      "звернення до МКЧХ і держав-посередників",
                      "тримати полонених як важіль тиску; показові «суди»", NULL, NULL},
        [N_ICRC] = {"Канал через МКЧХ",
                    "Апарат уповноваженого з прав людини РФ; Міністерство "
                    "оборони РФ",
                    "Міжнародний комітет Червоного Хреста", "icrc", "active", NULL,
                    "доступ МКЧХ до всіх місць утримання; поіменні списки утримуваних; "
                    "пріоритетне повернення тяжкопоранених і тяжкохворих",
                    "не погоджуємося на обмін тяжкопоранених без поіменного списку, звіреного "
                    "МКЧХ",
                    "публічні звернення МКЧХ і ООН; документування порушень для Моніторингової "
                    "місії ООН",
                    "не пускати МКЧХ, посилаючись на безпеку; тягнути час", NULL, NULL},
        [N_ISTANBUL] = {"Стамбульський канал", "Міністерство оборони РФ; ФСБ РФ",
                        "Туреччина;Саудівська Аравія", "mediator", "suspended",
                        "у липні 2023 р. командири оборони Маріуполя повернулися з Туреччини "
                        "в Україну; сторона РФ назвала це порушенням домовленостей і заморозила "
                        "канал",
                        "звільнити захисників «Азовсталі», насамперед командирів; звільнити "
                        "іноземців, засуджених окупаційними «судами»",
                        "не віддаємо осіб, засуджених нашими судами за воєнні злочини, без "
                        "помилування; жодних умов щодо мовчання звільнених",
                        "окремі обміни меншими групами через ОАЕ і МКЧХ",
                        "показові «суди» над захисниками «Азовсталі»", NULL, NULL},
        [N_UAE] = {"Канал через ОАЕ",
                   "Міністерство оборони РФ; Апарат уповноваженого з прав "
                   "людини РФ",
                   "Об'єднані Арабські Емірати", "mediator", "active", NULL,
                   "регулярні великі обміни (100 осіб і більше); повернення тяжкопоранених і "
                   "тих, кого не повернули за попередніми домовленостями",
                   "жодної передачі наших полонених третім країнам без згоди України; не менше "
                   "ніж паритет за кількістю",
                   "менші обміни через МКЧХ; тиск через держави-партнери ОАЕ",
                   "зупинити обміни перед виборами в РФ; вимагати засуджених нашими судами", "12",
                   "сесії в Абу-Дабі тривають довго: сигнал про довгу сесію — після 12 годин"},
        [N_QATAR] = {"Канал через Катар: діти та цивільні",
                     "Апарат уповноваженого з прав дитини РФ", "Катар", "mediator", "preparing",
                     NULL, "повернення депортованих дітей і незаконно утримуваних цивільних",
                     "не визнаємо «усиновлень» і змін громадянства дітей",
                     "документування для Міжнародного кримінального суду",
                     "видавати вивезення дітей за «евакуацію»", NULL, NULL},
};

/* the negotiation an exchange came of, by its mediators (-1: none of the desk's) */
static int neg_of_exchange(int e)
{
	if (e == DEMO_PENDING)
		return N_UAE;
	switch (demo_exchanges[e].mediators) {
	case XM_NONE:
		return N_DIRECT;
	case XM_ICRC:
		return N_ICRC;
	case XM_TURKEY_SAUDI:
	case XM_TURKEY:
		return N_ISTANBUL;
	case XM_UAE:
	case XM_HUNGARY:
		return N_UAE;
	default:
		return -1;
	}
}

static const char *link_note(int e)
{
	switch (e) {
	case 15:
		return "командири оборони Маріуполя — до Туреччини до кінця війни; іноземці — до "
		       "Ер-Ріяда";
	case 45:
		return "за два дні до того 11 наших передано Угорщині без повідомлення України";
	case 46:
		return "погоджено 10 тяжкопоранених; прибули 5 з них і 5 без поранень";
	case DEMO_PENDING:
		return "погоджено 1 березня 2024 р.; має відбутися наприкінці травня";
	default:
		return NULL;
	}
}

/* --- the other side's negotiators --- */

enum { C_NONE, C_VOR, C_LYK, C_RYAB, C_SHM, C_DEM, C_KOR, NCP };

static const struct ncp {
	const char *name, *alias, *organisation, *role, *note;
} cps[NCP] = {
        [C_VOR] = {"Воронцов Геннадий Павлович", "Gennady Vorontsov", "Міністерство оборони РФ",
                   "голова делегації", NULL},
        [C_LYK] = {"Лыков Эдуард Сергеевич", "Eduard Lykov", "ФСБ РФ",
                   "списки утримуваних, «особливі» категорії",
                   "у 2024 р. заперечив утримання особи, яку раніше підтверджував"},
        [C_RYAB] = {"Рябинина Ольга Вадимовна", NULL, "Апарат уповноваженого з прав людини РФ",
                    "цивільні, контакти з МКЧХ", NULL},
        [C_SHM] = {"Шмелёв Артём Игоревич", "Artyom Shmelyov",
                   "Міністерство оборони РФ, військово-медичне управління",
                   "тяжкопоранені і тяжкохворі", "лікар за фахом"},
        [C_DEM] = {"Дёмин Виктор Алексеевич", NULL, "Міністерство оборони РФ, військова поліція",
                   "передача на пунктах обміну", NULL},
        [C_KOR] = {"Корчагин Станислав Юрьевич", "Stas Korchagin", "Адміністрація Президента РФ",
                   "політичний куратор делегації", NULL},
};

/* MICE: money, ideology, compromise, ego; each rating, grounds, confidence */
static const struct nprofile {
	unsigned char cp;
	const char *assessed;
	const char *v[4][3];
	const char *summary;
} profiles[] = {
        {C_VOR,
         "2022-09-12",
         {{"low", "статки не є мотивом; кар'єра на державній службі", "medium"},
          {"high", "послідовно відтворює офіційну риторику, зокрема в перервах", "high"},
          {"medium", "поступається, коли може подати це як власну ініціативу", "medium"},
          {"high", "чутливий до статусу і визнання свого «внеску»", "high"}},
         "тиск через статус і особистий внесок у домовленість, не через гроші"},
        {C_VOR,
         "2023-12-20",
         {{"low", "без змін", "medium"},
          {"medium", "риторика м'якша; у перервах — прагматичні репліки", "medium"},
          {"medium", "боїться відповідальності перед керівництвом за зрив обміну", "high"},
          {"high", "без змін", "high"}},
         "головний мотив — не зірвати обмін перед керівництвом; працюють дедлайни"},
        {C_LYK,
         "2022-09-12",
         {{"medium", "дорогі речі, розмови про нерухомість", "low"},
          {"low", "цинічні жарти щодо офіційних гасел", "medium"},
          {"high", "має доступ до списків, які не показує колегам", "low"},
          {"medium", "не прагне публічності", "medium"}},
         "ключ до списків утримуваних; можливий неформальний канал"},
        {C_LYK,
         "2024-04-15",
         {{"medium", "без змін", "medium"},
          {"low", "без змін", "medium"},
          {"high", "змінює твердження щодо утримуваних — схоже, за вказівками згори", "medium"},
          {"medium", "без змін", "medium"}},
         "його твердження щодо утримуваних перевіряти через МКЧХ, кожне"},
        {C_RYAB,
         "2023-02-20",
         {{"none", "ознак немає", "low"},
          {"medium", "говорить мовою «гуманітарної місії» РФ", "medium"},
          {"low", "рішень не ухвалює, передає нагору", "medium"},
          {"high", "публічна роль; реагує на згадки в міжнародних ЗМІ", "high"}},
         "чутлива до публічності; працює на камеру"},
        {C_SHM,
         "2023-07-10",
         {{"low", "ознак немає", "low"},
          {"low", "уникає політичних тем", "medium"},
          {"medium", "визнає медичні факти, коли їх не можна заперечити", "medium"},
          {"low", "не наполягає на своєму", "medium"}},
         "аргументи — медичні документи, не політика"},
        {C_KOR,
         "2023-12-20",
         {{"medium", "чутки про бізнес родини; не підтверджено", "low"},
          {"high", "риторика про «історичні землі»", "high"},
          {"low", "поступок не дає; може заблокувати домовленість", "medium"},
          {"high", "перебиває, вимагає звертатися до нього першим", "high"}},
         "політичний куратор; говорити з ним через посередника"},
};

/* --- sessions --- */

enum {
	S_D1,
	S_D2,
	S_I1,
	S_I2,
	S_T1,
	S_T2,
	S_A1,
	S_I3,
	S_A2,
	S_T3,
	S_A3,
	S_I4,
	S_T4,
	S_A4,
	S_A5,
	S_I5,
	S_A6,
	NSES
};

#define PSY "Наталія Остапчук"
#define KOVALENKO "Андрій Коваленко"
#define SAVCHUK "Ірина Савчук"
#define BONDAR "Олег Бондар"
#define HNATIUK "Марта Гнатюк"

/* in order of their start: the references follow it */
static const struct nsession {
	unsigned char neg;
	const char *started, *ended, *place, *ours;
	unsigned char cp[4]; /* the counterparts expected */
	const char *summary, *outcome, *objectives, *walk_away;
} sessions[NSES] = {
        [S_D1] = {N_DIRECT,
                  "2022-03-14 10:00",
                  "2022-03-14 14:40",
                  "відеозв'язок",
                  KOVALENKO ";" BONDAR,
                  {C_VOR, C_DEM},
                  "перший обмін; порядок передачі на пункті обміну в Сумській обл.",
                  "погоджено обмін 10 на 10 24 березня",
                  NULL,
                  NULL},
        [S_D2] = {N_DIRECT,
                  "2022-04-13 11:00",
                  "2022-04-13 17:15",
                  "пункт обміну, Сумська обл.",
                  KOVALENKO ";" BONDAR,
                  {C_VOR, C_DEM},
                  "поранені з Київщини; умови утримання в Оленівці",
                  "погоджено обмін 19 на 19 21 квітня",
                  NULL,
                  NULL},
        [S_I1] = {N_ICRC,
                  "2022-06-20 10:00",
                  "2022-06-20 16:30",
                  "Женева, штаб-квартира МКЧХ",
                  SAVCHUK ";" KOVALENKO,
                  {C_RYAB, C_SHM},
                  "реєстрація МКЧХ захисників «Азовсталі»; тяжкопоранені",
                  "погоджено обмін 144 осіб 29 червня",
                  NULL,
                  NULL},
        [S_I2] = {N_ICRC,
                  "2022-08-10 10:00",
                  "2022-08-10 15:00",
                  "Женева, штаб-квартира МКЧХ",
                  SAVCHUK ";" KOVALENKO,
                  {C_RYAB},
                  "вибух у колонії в Оленівці 29 липня; доступ МКЧХ; тіла загиблих",
                  "сторона РФ пообіцяла доступ МКЧХ до кінця серпня",
                  NULL,
                  NULL},
        [S_T1] = {N_ISTANBUL,
                  "2022-08-22 10:00",
                  "2022-08-22 18:40",
                  "Стамбул",
                  KOVALENKO ";" BONDAR ";" HNATIUK,
                  {C_VOR, C_LYK},
                  "командири оборони Маріуполя; іноземці; вимоги щодо наших затриманих",
                  "домовленості немає; наступна сесія — 6 вересня",
                  NULL,
                  NULL},
        [S_T2] = {N_ISTANBUL,
                  "2022-09-06 09:30",
                  "2022-09-06 21:15",
                  "Стамбул; відеозв'язок з Ер-Ріядом",
                  KOVALENKO ";" BONDAR ";" HNATIUK,
                  {C_VOR, C_LYK},
                  "215 наших, серед них командири оборони Маріуполя й іноземці, на 55 і "
                  "названого в умовах",
                  "погоджено обмін 21 вересня: командири — до Туреччини, іноземці — до "
                  "Ер-Ріяда",
                  "командири оборони Маріуполя та іноземці в одному обміні",
                  "не віддаємо названого в умовах без командирів"},
        [S_A1] = {N_UAE,
                  "2022-11-25 10:00",
                  "2022-11-25 16:10",
                  "Абу-Дабі",
                  KOVALENKO ";" SAVCHUK,
                  {C_VOR},
                  "тяжкопоранені в Донецьку і Таганрозі; посередництво ОАЕ",
                  "погоджено обмін 65 на 65 на початку грудня",
                  NULL,
                  NULL},
        [S_I3] = {N_ICRC,
                  "2023-02-14 10:00",
                  "2023-02-14 15:45",
                  "Женева, штаб-квартира МКЧХ",
                  SAVCHUK,
                  {C_RYAB},
                  "підтвердження утримання окремих осіб; доступ МКЧХ",
                  "одне утримання підтверджено; доступу немає",
                  NULL,
                  NULL},
        [S_A2] = {N_UAE,
                  "2023-02-20 10:00",
                  "2023-02-20 17:00",
                  "Абу-Дабі",
                  KOVALENKO ";" SAVCHUK,
                  {C_VOR, C_LYK},
                  "обмін на початку березня; вимоги щодо згоди наших затриманих",
                  "погоджено обмін 130 на 90 7 березня",
                  NULL,
                  NULL},
        [S_T3] = {N_ISTANBUL,
                  "2023-03-28 11:00",
                  "2023-03-28 17:20",
                  "Стамбул",
                  KOVALENKO ";" BONDAR,
                  {C_VOR, C_LYK},
                  "великодній обмін",
                  "погоджено обмін 106 на 106 11 квітня",
                  NULL,
                  NULL},
        [S_A3] = {N_UAE,
                  "2023-06-20 10:00",
                  "2023-06-20 18:00",
                  "Абу-Дабі",
                  KOVALENKO ";" HNATIUK,
                  {C_VOR, C_KOR},
                  "11 наших, передані Угорщині 8 червня; обмін на початку липня",
                  "погоджено обмін 45 на 45; щодо третіх країн — без згоди",
                  NULL,
                  NULL},
        [S_I4] = {N_ICRC,
                  "2023-07-05 10:00",
                  "2023-07-05 16:50",
                  "відеозв'язок за участі МКЧХ",
                  SAVCHUK ";" KOVALENKO,
                  {C_RYAB, C_SHM},
                  "тяжкопоранені за поіменним списком",
                  "погоджено 10 тяжкопоранених на 10",
                  "10 тяжкопоранених за поіменним списком, звіреним МКЧХ",
                  NULL},
        [S_T4] = {N_ISTANBUL,
                  "2023-07-26 12:00",
                  "2023-07-26 13:10",
                  "телефон",
                  KOVALENKO,
                  {C_LYK},
                  "повернення командирів з Туреччини",
                  "сторона РФ заморозила канал",
                  NULL,
                  NULL},
        [S_A4] = {N_UAE,
                  "2023-12-27 09:00",
                  "2023-12-27 19:30",
                  "Абу-Дабі",
                  KOVALENKO ";" SAVCHUK ";" BONDAR,
                  {C_VOR, C_LYK, C_KOR},
                  "великий обмін на початку січня; тяжкопоранені; особи, яких сторона РФ не "
                  "включає",
                  "погоджено 230 наших на 248",
                  NULL,
                  NULL},
        [S_A5] = {N_UAE,
                  "2024-02-26 10:00",
                  "2024-02-26 17:30",
                  "Абу-Дабі",
                  KOVALENKO ";" SAVCHUK,
                  {C_VOR, C_LYK},
                  "тяжкопоранені, погоджені в липні 2023 р.; обмін наприкінці травня",
                  "обмін наприкінці травня: 236 наших на 358",
                  NULL,
                  NULL},
        [S_I5] = {N_ICRC,
                  "2024-03-20 10:00",
                  "2024-03-20 14:30",
                  "Женева, штаб-квартира МКЧХ",
                  SAVCHUK ";" HNATIUK,
                  {C_RYAB, C_SHM},
                  "стан здоров'я тяжкопоранених, які не прибули в липні 2023 р.",
                  "огляду лікарями МКЧХ не погоджено",
                  NULL,
                  NULL},
        [S_A6] = {N_UAE,
                  "2024-04-23 10:00",
                  "2024-04-23 20:40",
                  "відеозв'язок; посередник ОАЕ на лінії",
                  KOVALENKO ";" BONDAR ";" SAVCHUK,
                  {C_VOR, C_LYK, C_KOR},
                  "підтвердження щодо утримуваних; вимоги щодо засуджених; список на травень",
                  "обмін 31 травня в силі; список обмінного фонду — до 5 червня",
                  "підтвердження щодо {H}; тяжкопоранені, погоджені в липні 2023 р.",
                  "не додаємо понад 10 осіб з їхнього списку без тяжкопоранених"},
};

/* the psychologist's notes, on the hardest sessions */
static const struct nwelfare {
	unsigned char s;
	const char *negotiator, *note;
} welfare[] = {
        {S_T2, KOVALENKO,
         "Сесія тривала 11 год 45 хв. До 18:00 тримався рівно; після відмови щодо командирів — "
         "ознаки виснаження (пропускав фрази, підвищував тон). Перерва о 18:30 допомогла. "
         "Наступну сесію — не раніше ніж за 48 годин; сон не менше 8 годин."},
        {S_I4, SAVCHUK,
         "Напередодні розмовляла з родинами тяжкопоранених; напружена з початку сесії. У "
         "перервах — дихальні вправи. Після сесії — розбір 30 хв; до наступного раунду готова."},
        {S_A4, KOVALENKO,
         "10,5 години; темп тримав до кінця. Скаржиться на безсоння перед сесіями. "
         "Рекомендовано день відпочинку після обміну 3 січня."},
        {S_A6, BONDAR,
         "Після однієї зі своїх реплік помітно напружився; у перерві сказав, що «довелося "
         "збрехати». Обговорили: записати і виправити на наступній сесії. Зустріч наступного "
         "тижня."},
};

/* --- preparation --- */

static const struct nposition {
	const char *recorded; /* when it was set (the briefing's "since the last round") */
	unsigned char neg;
	signed char s; /* the session's own position, or -1 */
	const char *kind, *item, *stance, *condition;
	int priority;
	const char *concessions, *note;
	const char *replaced; /* when a later version (the next entry, next set) or a drop
	                       * replaced it */
	unsigned char next;
} positions[] = {
        {"2022-03-10T12:00:00Z", N_DIRECT, -1, "category", "wounded", "ready", NULL, 1,
         "поранені з обох сторін без урахування звань", NULL, NULL, 0},
        {"2022-04-10T12:00:00Z", N_DIRECT, -1, "topic", "репатріація тіл загиблих", "ready", NULL,
         2, "окремий графік, не прив'язаний до обмінів", NULL, NULL, 0},
        {"2022-08-05T12:00:00Z", N_ICRC, -1, "topic", "доступ МКЧХ до колонії в Оленівці",
         "not_negotiable", NULL, 1, NULL, "після вибуху 29 липня 2022 р.: вимога без поступок",
         NULL, 0},
        {"2022-06-15T12:00:00Z", N_ICRC, -1, "category", "severely_wounded", "ready", NULL, 1,
         "обмін 1:1 без поіменного погодження", NULL, "2023-07-22T10:00:00Z", 1},
        {"2023-07-22T10:00:00Z", N_ICRC, -1, "category", "severely_wounded", "conditional",
         "лише за поіменним списком, звіреним з МКЧХ до передачі", 1,
         "передаємо тяжкохворих з нашого боку понад паритет",
         "після обміну 20 липня 2023 р.: з 10 погоджених прибули 5", NULL, 0},
        {"2023-07-22T10:05:00Z", N_ICRC, -1, "person", "{N}", "not_negotiable", NULL, 1, NULL,
         "погоджено в липні 2023 р., так і не повернуто: має бути в найближчому обміні", NULL, 0},
        {"2022-06-15T12:05:00Z", N_ICRC, -1, "topic",
         "поіменні списки через Центральне агентство з розшуку МКЧХ", "ready", NULL, 2,
         "обмін списками без попередніх умов", NULL, NULL, 0},
        {"2023-02-10T12:00:00Z", N_ICRC, -1, "category", "civilians", "conditional",
         "якщо сторона РФ поіменно визнає утримання", 3, "обмін цивільних окремо від військових",
         NULL, NULL, 0},
        {"2022-08-15T12:00:00Z", N_ISTANBUL, -1, "person", "{X}", "not_negotiable", NULL, 1, NULL,
         "не предмет цього обміну", "2022-09-05T18:00:00Z", 1},
        {"2022-09-05T18:00:00Z", N_ISTANBUL, -1, "person", "{X}", "conditional",
         "лише в обмін на командирів оборони Маріуполя і всіх іноземців, з перебуванням "
         "командирів у Туреччині",
         1, NULL, NULL, NULL, 0},
        {"2022-08-15T12:05:00Z", N_ISTANBUL, -1, "category", "azovstal_defenders", "not_negotiable",
         NULL, 1, NULL, "без них обміну не погоджуємо", NULL, 0},
        {"2022-09-05T18:10:00Z", N_ISTANBUL, -1, "topic",
         "перебування командирів у Туреччині до кінця війни", "conditional",
         "за гарантій Туреччини щодо умов перебування", 2, NULL, NULL, "2023-07-10T09:00:00Z", 0},
        {"2022-11-20T12:00:00Z", N_UAE, -1, "category", "women", "ready", NULL, 2,
         "обмін жінок окремим етапом", NULL, "2023-12-20T12:00:00Z", 1},
        {"2023-12-20T12:00:00Z", N_UAE, -1, "category", "women", "ready", NULL, 3,
         "жінки — у складі загального обміну, без окремого етапу", NULL, NULL, 0},
        {"2023-06-12T12:00:00Z", N_UAE, -1, "topic", "передача наших полонених третім країнам",
         "not_negotiable", NULL, 1, NULL,
         "після 8 червня 2023 р. (Угорщина): лише за згоди України", NULL, 0},
        {"2023-02-16T12:00:00Z", N_UAE, -1, "person", "{H}", "not_negotiable", NULL, 1, NULL,
         "включення до списку — без поступок", NULL, 0},
        {"2022-11-20T12:05:00Z", N_UAE, -1, "category", "severely_ill", "ready", NULL, 2, NULL,
         NULL, NULL, 0},
        {"2024-04-18T12:00:00Z", N_UAE, -1, "person", "{S}", "conditional",
         "лише після помилування указом Президента", 4, NULL, "засуджений нашим судом", NULL, 0},
        {"2023-02-16T12:05:00Z", N_UAE, -1, "person", "{R}", "ready", NULL, 5,
         "можемо додати понад паритет", "згоду на обмін дав письмово", NULL, 0},
        {"2024-04-20T12:00:00Z", N_UAE, S_A6, "topic", "обмін 31 травня", "conditional",
         "якщо до списку повернуть тяжкопоранених, погоджених у липні 2023 р.", 1,
         "до 10 осіб з їхнього списку", NULL, NULL, 0},
        {"2024-05-10T12:00:00Z", N_QATAR, -1, "topic", "повернення депортованих дітей",
         "not_negotiable", NULL, 1, NULL, "діти — не предмет торгу", NULL, 0},
        {"2024-05-10T12:05:00Z", N_QATAR, -1, "category", "civilians", "conditional",
         "за поіменними списками через Катар, без зустрічних вимог щодо засуджених", 2, NULL, NULL,
         NULL, 0},
};

static const struct nopening {
	unsigned char neg;
	signed char s;
	const char *text;
} openings[] = {
        {N_DIRECT, -1,
         "Ми тут, щоб повернути людей додому; почнімо з того, що можна зробити сьогодні."},
        {N_DIRECT, -1, "Пропонуємо звірити списки до будь-яких домовленостей про кількість."},
        {N_DIRECT, -1, "Поранені — першими, з обох сторін."},
        {N_ICRC, -1, "Дякуємо МКЧХ за присутність: вона потрібна обом сторонам."},
        {N_ICRC, -1, "Женевські конвенції — спільна основа; доступ МКЧХ не є поступкою."},
        {N_ICRC, -1, "Просимо почати з тяжкопоранених і тяжкохворих."},
        {N_ISTANBUL, -1, "Дякуємо турецькій стороні за гостинність і гарантії."},
        {N_ISTANBUL, -1,
         "Ми готові говорити про кількість, якщо говоримо про всіх захисників Маріуполя."},
        {N_ISTANBUL, -1, "Наше слово в цьому каналі виконувалося; очікуємо того самого."},
        {N_UAE, -1, "Дякуємо посередникам з ОАЕ."},
        {N_UAE, -1, "Пропонуємо почати з виконання попередніх домовленостей."},
        {N_UAE, -1, "Кожна особа в наших списках має ім'я і родину, що чекає."},
        {N_UAE, S_A6,
         "Почнімо з обіцяного 26 лютого: підтвердження щодо полоненого, названого тоді."},
        {N_UAE, S_A6,
         "Тяжкопоранені, погоджені в липні 2023 р., досі не вдома — це перше питання."},
        {N_UAE, S_A6, "Ми готові до обміну 31 травня на погоджених умовах."},
        {N_QATAR, -1, "Дякуємо Державі Катар за посередництво в поверненні дітей."},
        {N_QATAR, -1, "Діти — не предмет торгу: просимо лише повернути їх родинам."},
};

/* --- the statement ledger --- */

enum { OURS, THEIRS };

/* our statement, and theirs (by the counterpart who spoke) */
#define OUR(S, AT, SPEAKER, KIND) .s = S, .at = AT, .side = OURS, .speaker = SPEAKER, .kind = KIND
#define THEIR(S, AT, CP, KIND) .s = S, .at = AT, .side = THEIRS, .cp = CP, .kind = KIND

static const struct nstatement {
	unsigned char s;
	const char *at; /* HH:MM of the session's day */
	unsigned char side;
	const char *speaker; /* ours */
	unsigned char cp;    /* theirs */
	const char *kind, *text, *about;
	char subject; /* a pick's key, or 0 */
	const char *fact, *value;
	const char *truthful, *truth;               /* our claims */
	const char *resolved, *resolution;          /* an untruth resolved */
	const char *due, *promise, *closed, *pnote; /* a promise */
} statements[] = {
        /* the direct channel, spring 2022 */
        {THEIR(S_D1, "10:20", C_VOR, "demand"),
         .text = "Обмін лише «всіх на всіх» за нашим списком, включно з особами, затриманими до 24 "
                 "лютого.",
         .about = "обмін «всіх на всіх»"},
        {OUR(S_D1, "10:45", KOVALENKO, "refusal"),
         .text = "«Всіх на всіх» зараз неможливо: списки не звірені. Почнімо з 10 на 10 як "
                 "перевірки каналу.",
         .about = "обмін «всіх на всіх»"},
        {OUR(S_D1, "11:30", KOVALENKO, "offer"),
         .text = "10 військовослужбовців строкової служби на 10 наших; передача на пункті обміну в "
                 "Сумській обл."},
        {THEIR(S_D1, "13:50", C_DEM, "promise"),
         .text = "Передамо 10 осіб 24 березня на пункті обміну в Сумській обл.; списки — за два "
                 "дні до передачі.",
         .due = "2022-03-24", .promise = "kept", .closed = "2022-03-24",
         .pnote = "передано 10 осіб (E-0001); списки надійшли 22 березня"},
        {THEIR(S_D2, "11:10", C_VOR, "claim"),
         .text = "Ваші полонені в Оленівці отримують медичну допомогу в повному обсязі.",
         .about = "колонія в Оленівці"},
        {OUR(S_D2, "11:40", BONDAR, "demand"),
         .text = "Поранені — першими: включити до наступного обміну всіх поранених, вивезених з "
                 "Київщини.",
         .about = "wounded"},
        {THEIR(S_D2, "14:30", C_DEM, "offer"),
         .text = "19 на 19 з пораненими з обох сторін, 21 квітня.", .about = "wounded"},
        {OUR(S_D2, "16:50", KOVALENKO, "promise"),
         .text = "Передамо 19 осіб, серед них поранених, 21 квітня.", .about = "wounded",
         .due = "2022-04-21", .promise = "kept", .closed = "2022-04-21",
         .pnote = "передано 19 осіб (E-0005)"},
        /* the ICRC, June 2022 */
        {OUR(S_I1, "10:15", SAVCHUK, "demand"),
         .text = "Реєстрація МКЧХ усіх, хто вийшов з «Азовсталі», і доступ МКЧХ до місць їх "
                 "утримання.",
         .about = "azovstal_defenders;доступ МКЧХ"},
        {THEIR(S_I1, "11:00", C_RYAB, "claim"),
         .text = "Усі, хто вийшов з «Азовсталі», зареєстровані МКЧХ.",
         .about = "azovstal_defenders"},
        {THEIR(S_I1, "12:30", C_SHM, "offer"),
         .text = "Передати в наступному обміні 144 особи, серед них важкопоранених захисників "
                 "«Азовсталі».",
         .about = "azovstal_defenders;severely_wounded"},
        {THEIR(S_I1, "15:40", C_RYAB, "promise"),
         .text = "Передамо 144 особи 29 червня в Запорізькій обл.", .about = "azovstal_defenders",
         .due = "2022-06-29", .promise = "kept", .closed = "2022-06-29",
         .pnote = "передано 144 особи (E-0011), серед них захисники «Азовсталі»"},
        /* after Olenivka */
        {OUR(S_I2, "10:10", SAVCHUK, "demand"),
         .text = "Негайний доступ МКЧХ до колонії в Оленівці після вибуху 29 липня і передача тіл "
                 "загиблих.",
         .about = "доступ МКЧХ до колонії в Оленівці"},
        {THEIR(S_I2, "10:40", C_RYAB, "claim"),
         .text = "Вибух в Оленівці — обстріл української сторони; загиблих поховано належно.",
         .about = "колонія в Оленівці"},
        {OUR(S_I2, "11:30", KOVALENKO, "claim"),
         .text = "За даними МКЧХ, доступу до Оленівки не надано жодного разу.",
         .about = "доступ МКЧХ до колонії в Оленівці", .truthful = "yes"},
        {THEIR(S_I2, "14:20", C_RYAB, "promise"),
         .text = "Доступ МКЧХ до колонії в Оленівці буде надано до кінця серпня.",
         .about = "доступ МКЧХ до колонії в Оленівці", .due = "2022-08-31", .promise = "broken",
         .closed = "2022-09-01",
         .pnote = "доступу не надано; МКЧХ публічно підтвердив, що гарантій безпеки не отримав"},
        /* Istanbul */
        {OUR(S_T1, "10:30", KOVALENKO, "demand"),
         .text = "Звільнення командирів оборони Маріуполя і всіх іноземців, засуджених у Донецьку.",
         .about = "azovstal_defenders;іноземці"},
        {THEIR(S_T1, "11:15", C_LYK, "demand"),
         .text = "У списку на передачу має бути {x} ({X}); без цього командирів не розглядаємо.",
         .about = "{X}"},
        {OUR(S_T1, "11:40", KOVALENKO, "refusal"), .text = "{X} — не предмет цього обміну.",
         .about = "{X}"},
        {THEIR(S_T1, "13:05", C_LYK, "demand"), .text = "Ще одна особа для передачі: {g} ({G}).",
         .about = "{G}"},
        {OUR(S_T1, "13:20", BONDAR, "claim"), .text = "{G} у нас не утримується.", .about = "{G}",
         .subject = 'G', .fact = "held_by_us", .value = "no", .truthful = "no",
         .truth = "{G} утримується в нас; згоди на обмін ще не дав, тож його не хотіли називати",
         .resolved = "2022-09-06T21:40:00Z",
         .resolution = "на сесії 6 вересня визнали, що {G} у нас; дав згоду і переданий 21 вересня "
                       "(E-0016)"},
        {THEIR(S_T1, "17:50", C_VOR, "offer"),
         .text = "Командири можуть вийти до третьої країни і перебувати там до кінця війни.",
         .about = "azovstal_defenders;Туреччина"},
        {OUR(S_T2, "09:45", KOVALENKO, "claim"),
         .text = "Уточнюємо: {G} у нас; він дав згоду на обмін.", .about = "{G}", .subject = 'G',
         .fact = "held_by_us", .value = "yes", .truthful = "yes"},
        {THEIR(S_T2, "10:30", C_LYK, "demand"), .text = "{X} — обов'язкова умова обміну.",
         .about = "{X}"},
        {OUR(S_T2, "12:10", KOVALENKO, "offer"),
         .text = "{X} і 55 осіб на 215 наших, серед них командири оборони Маріуполя; командири "
                 "перебувають у Туреччині до кінця війни.",
         .about = "{X};azovstal_defenders"},
        {THEIR(S_T2, "15:40", C_VOR, "claim"),
         .text = "Іноземців передамо до Ер-Ріяда: так просить саудівська сторона.",
         .about = "іноземці"},
        {THEIR(S_T2, "20:30", C_VOR, "promise"),
         .text = "Передамо 215 осіб 21 вересня, серед них не менше 180 захисників «Азовсталі»; "
                 "іноземців — літаком до Ер-Ріяда.",
         .about = "azovstal_defenders;іноземці", .due = "2022-09-21", .promise = "kept",
         .closed = "2022-09-21",
         .pnote = "передано 215 осіб (E-0016); іноземців доставлено до Ер-Ріяда"},
        {OUR(S_T2, "20:50", KOVALENKO, "promise"), .text = "Передамо 55 осіб і {X} 21 вересня.",
         .about = "{X}", .due = "2022-09-21", .promise = "kept", .closed = "2022-09-21",
         .pnote = "передано (E-0016)"},
        /* the UAE, late 2022 */
        {OUR(S_A1, "10:20", SAVCHUK, "demand"),
         .text = "Включити до обміну тяжкопоранених, утримуваних у Донецьку і Таганрозі.",
         .about = "severely_wounded"},
        {THEIR(S_A1, "11:45", C_VOR, "offer"),
         .text = "65 на 65 на початку грудня за посередництва ОАЕ."},
        {THEIR(S_A1, "15:30", C_VOR, "promise"), .text = "Списки — до 1 грудня.",
         .due = "2022-12-01", .promise = "kept", .closed = "2022-11-30",
         .pnote = "списки надійшли через посередника ОАЕ"},
        /* 2023 */
        {OUR(S_I3, "10:20", SAVCHUK, "demand"),
         .text = "Підтвердити місце утримання і стан здоров'я: {h} ({H}).", .about = "{H}"},
        {THEIR(S_I3, "11:10", C_RYAB, "claim"), .text = "{H} утримується у нас, стан задовільний.",
         .about = "{H}", .subject = 'H', .fact = "held_by_them", .value = "yes"},
        {THEIR(S_I3, "14:00", C_RYAB, "refusal"),
         .text = "Доступ МКЧХ до місць утримання — лише після «нормалізації».",
         .about = "доступ МКЧХ"},
        {THEIR(S_A2, "10:30", C_LYK, "demand"),
         .text = "Потрібне відеозвернення з підтвердженням згоди на обмін: {r} ({R}).",
         .about = "{R}"},
        {OUR(S_A2, "11:00", KOVALENKO, "promise"),
         .text = "Передамо відеозвернення {R} до 10 березня.", .about = "{R}", .due = "2023-03-10",
         .promise = "broken", .closed = "2023-03-11",
         .pnote = "{R} відмовився записувати звернення; посередника повідомлено"},
        {THEIR(S_A2, "14:10", C_VOR, "offer"), .text = "130 ваших на 90 наших 7 березня."},
        {OUR(S_A2, "16:30", KOVALENKO, "offer"),
         .text = "Погоджуємося на обмін не за паритетом, якщо повертаються тяжкопоранені.",
         .about = "severely_wounded"},
        {OUR(S_T3, "11:15", BONDAR, "demand"),
         .text = "Великодній обмін: 106 наших, серед них захисники Бахмута."},
        {THEIR(S_T3, "13:40", C_LYK, "offer"), .text = "106 на 106 до Великодня."},
        {THEIR(S_T3, "16:50", C_VOR, "promise"), .text = "Передамо 106 осіб 11 квітня.",
         .due = "2023-04-11", .promise = "kept", .closed = "2023-04-11",
         .pnote = "передано 106 осіб (E-0039)"},
        {OUR(S_A3, "10:10", KOVALENKO, "demand"),
         .text = "Жодної передачі наших полонених третім країнам без згоди України: 8 червня 11 "
                 "наших передано Угорщині без повідомлення.",
         .about = "{U};передача третім країнам"},
        {THEIR(S_A3, "10:50", C_KOR, "claim"),
         .text = "Передані до Угорщини мають угорське коріння і самі просили про це.",
         .about = "{U};передача третім країнам"},
        {OUR(S_A3, "11:20", HNATIUK, "claim"),
         .text = "Щонайменше двоє з переданих заявили, що угорського коріння не мають і що казати "
                 "так їм наказали.",
         .about = "{U};передача третім країнам", .truthful = "yes"},
        {THEIR(S_A3, "16:40", C_VOR, "offer"),
         .text = "45 на 45 за посередництва ОАЕ на початку липня."},
        {OUR(S_I4, "10:15", SAVCHUK, "demand"),
         .text = "10 тяжкопоранених за поіменним списком, звіреним МКЧХ; серед них — {n} ({N}).",
         .about = "severely_wounded;{N}"},
        {THEIR(S_I4, "11:00", C_SHM, "claim"),
         .text = "{N} — у списку тяжкопоранених, готуємо до передачі.",
         .about = "{N};severely_wounded", .subject = 'N', .fact = "health",
         .value = "severely_wounded"},
        {OUR(S_I4, "12:30", KOVALENKO, "offer"), .text = "10 тяжкопоранених на 10 тяжкопоранених.",
         .about = "severely_wounded"},
        {THEIR(S_I4, "16:20", C_RYAB, "promise"),
         .text = "Передамо 10 тяжкопоранених за погодженим списком 20 липня.",
         .about = "severely_wounded", .due = "2023-07-20", .promise = "broken",
         .closed = "2023-07-20",
         .pnote = "прибули 10, з погоджених лише 5; ще 5 — без поранень і поза списком (E-0047)"},
        {THEIR(S_T4, "12:05", C_LYK, "claim"),
         .text = "Повернення командирів з Туреччини — порушення домовленостей вересня 2022 р.",
         .about = "azovstal_defenders;Туреччина"},
        {THEIR(S_T4, "12:20", C_LYK, "refusal"),
         .text = "Канал через Стамбул заморожено до особливого розпорядження."},
        {OUR(S_T4, "12:40", KOVALENKO, "claim"),
         .text = "Командири повернулися за рішенням Туреччини; наша сторона умов не порушувала.",
         .about = "azovstal_defenders;Туреччина", .truthful = "yes"},
        {OUR(S_A4, "09:20", KOVALENKO, "demand"),
         .text = "Великий обмін до кінця року: не менше 200 наших, серед них тяжкопоранені і {H}.",
         .about = "{H};severely_wounded"},
        {THEIR(S_A4, "10:30", C_LYK, "claim"),
         .text = "{H} у нас; до списку цього обміну не включимо.", .about = "{H}", .subject = 'H',
         .fact = "held_by_them", .value = "yes"},
        {THEIR(S_A4, "12:00", C_VOR, "offer"), .text = "230 ваших за нашим списком на 248 наших."},
        {THEIR(S_A4, "17:45", C_VOR, "promise"),
         .text = "Передамо 230 осіб за погодженим списком 3 січня.", .due = "2024-01-03",
         .promise = "broken", .closed = "2024-01-03",
         .pnote = "прибули 230, але двоє погоджених не прибули, а двоє прибули поза списком; "
                  "сторона РФ оголосила 248 (E-0049)"},
        {OUR(S_A4, "18:10", KOVALENKO, "promise"), .text = "Передамо 248 осіб 3 січня.",
         .due = "2024-01-03", .promise = "kept", .closed = "2024-01-03",
         .pnote = "передано 248 осіб (E-0049)"},
        /* 2024 */
        {OUR(S_A5, "10:15", SAVCHUK, "demand"),
         .text = "Повернути тяжкопоранених, погоджених у липні 2023 р., які так і не прибули, "
                 "серед них {N}.",
         .about = "{N};severely_wounded"},
        {OUR(S_A5, "11:30", KOVALENKO, "demand"),
         .text = "Підтвердити через МКЧХ місце утримання {H}.", .about = "{H}"},
        {THEIR(S_A5, "12:10", C_LYK, "promise"),
         .text = "Підтвердимо через МКЧХ місце утримання {H} до 30 квітня.", .about = "{H}",
         .due = "2024-04-30", .promise = "open"},
        {THEIR(S_A5, "15:20", C_VOR, "offer"),
         .text = "Обмін наприкінці травня: 236 ваших, серед них не менше 15 тяжкопоранених чи "
                 "тяжкохворих, на 358 наших.",
         .about = "severely_wounded;severely_ill"},
        {OUR(S_I5, "10:10", SAVCHUK, "demand"),
         .text = "Включити {N} до найближчого обміну серед тяжкопоранених.",
         .about = "{N};severely_wounded"},
        {THEIR(S_I5, "10:40", C_SHM, "claim"),
         .text = "Стан {N} задовільний: під категорію тяжкопоранених не підпадає.",
         .about = "{N};severely_wounded", .subject = 'N', .fact = "health", .value = "healthy"},
        {OUR(S_I5, "11:30", HNATIUK, "demand"), .text = "Медичний огляд {N} лікарями МКЧХ.",
         .about = "{N}"},
        {THEIR(S_I5, "13:50", C_RYAB, "refusal"),
         .text = "Огляд лікарями МКЧХ — не раніше погодження списку.", .about = "{N}"},
        {OUR(S_A6, "10:20", KOVALENKO, "demand"),
         .text = "Підтвердження щодо {H}, обіцяне до 30 квітня.", .about = "{H}"},
        {THEIR(S_A6, "11:05", C_LYK, "claim"), .text = "Особи {H} у нас немає і не було.",
         .about = "{H}", .subject = 'H', .fact = "held_by_them", .value = "no"},
        {THEIR(S_A6, "12:30", C_KOR, "demand"), .text = "Вимагаємо передачі: {s} ({S}).",
         .about = "{S}"},
        {OUR(S_A6, "12:45", BONDAR, "claim"),
         .text = "{S} у нас немає: його вже етаповано, обміну він не підлягає.", .about = "{S}",
         .subject = 'S', .fact = "held_by_us", .value = "no", .truthful = "no",
         .truth = "{S} утримується в нас; сказали так, щоб зняти його з порядку денного до рішення "
                  "про помилування"},
        {THEIR(S_A6, "16:00", C_VOR, "offer"),
         .text = "Обмін 31 травня за погодженим списком, якщо ви додасте 20 осіб з нашого списку."},
        {OUR(S_A6, "20:10", KOVALENKO, "promise"),
         .text = "Передамо оновлений список обмінного фонду зі згодами до 5 червня.",
         .due = "2024-06-05", .promise = "open"},
};

/* --- pressure on families --- */

static const struct nincident {
	const char *occurred, *kind, *target;
	char person; /* a pick's key, or 0 */
	signed char neg;
	const char *what, *source, *note;
} incidents[] = {
        {"2022-08-24", "threat", "родини захисників «Азовсталі» в чаті родин", 0, N_ISTANBUL,
         "Розсилка в Telegram-чаті родин: «обмін командирів зірвано; ваші рідні підуть під суд "
         "у Ростові, якщо ви не вийдете на мітинг проти влади».",
         "скриншоти від трьох родин; гаряча лінія", NULL},
        {"2023-06-09", "disinformation", "{*}", 'U', N_UAE,
         "«Угорське коріння»: російські телеграм-канали і РПЦ поширюють, що передані Угорщині "
         "11 полонених мають угорське походження і самі просили про передачу; родина ({u}) каже, "
         "що угорського коріння в них немає.",
         "публікації в Telegram; розмова з родиною", NULL},
        {"2023-08-03", "promise", "{*}", 'N', N_ICRC,
         "Невідомий, назвавшись «представником російської сторони», пообіцяв, що {n} буде в "
         "наступному обміні, якщо родина запише відео із закликом до Києва «погодитися на "
         "умови».",
         "звернення родини на гарячу лінію", NULL},
        {"2023-09-14", "threat", "{*}", 'H', N_UAE,
         "Дзвінок з російського номера: якщо родина не припинить звертатися до МКЧХ і ЗМІ, "
         "«полоненому буде гірше».",
         "звернення родини на гарячу лінію; номер передано СБУ", NULL},
        {"2024-02-12", "fraud", "{*}", 'M', N_ICRC,
         "Шахрай, назвавшись посередником «від Червоного Хреста», вимагав 2 000 доларів за "
         "«включення до списку на обмін» ({m}).",
         "звернення родини; номер картки передано кіберполіції",
         "МКЧХ грошей не бере і посередників не має; родину попереджено"},
};

/* relations as the desk words them (the registry's tokens) */
static const char *relation_words(const char *rel)
{
	static const char *const w[][2] = {
	        {"wife", "дружина"},       {"husband", "чоловік"},    {"partner", "партнер"},
	        {"mother", "мати"},        {"father", "батько"},      {"son", "син"},
	        {"daughter", "донька"},    {"sister", "сестра"},      {"brother", "брат"},
	        {"grandmother", "бабуся"}, {"grandfather", "дідусь"}, {"grandchild", "онук"},
	        {"aunt", "тітка"},         {"uncle", "дядько"},
	};
	for (size_t i = 0; rel && i < NELEM(w); i++)
		if (!strcmp(w[i][0], rel))
			return w[i][1];
	return "родич";
}

/* --- writing --- */

struct nw {
	struct gen *g;
	struct kvb *b;
	struct nperson p[NPICK];
	long long neg[NNEG], ses[NSES], cp[NCP];
	char nref[NNEG][PL_NEG_REF_MAX], sref[NSES][PL_NEG_REF_MAX], cref[NCP][PL_NEG_REF_MAX];
	char text[4096];
	/* the structured facts written, for `contradicts` */
	struct {
		const char *subject, *fact, *value;
		long long id;
	} facts[16];
	size_t nfacts;
};

static const struct nperson *person_of(const struct nw *w, char key)
{
	for (size_t i = 0; i < NPICK; i++)
		if (picks[i].key == key)
			return &w->p[i];
	return NULL;
}

/* t with {K}, {k} and {*} (the relative of person rel) filled in, into w->text */
static int expand(struct nw *w, const char *t, char rel)
{
	size_t o = 0, cap = sizeof(w->text);
	for (const char *s = t; *s;) {
		const char *put = NULL;
		if (s[0] == '{' && s[1] && s[2] == '}') {
			const struct nperson *p =
			        s[1] == '*' ? person_of(w, rel)
			                    : person_of(w, (char)toupper((unsigned char)s[1]));
			if (!p)
				return pl_error_set(w->g->err, PL_EDATA, "demo: no person for %.3s",
				                    s);
			put = s[1] == '*'                    ? p->rel_words
			      : isupper((unsigned char)s[1]) ? p->ref
			                                     : p->name;
			s += 3;
		}
		if (put) {
			size_t n = strlen(put);
			if (o + n >= cap)
				goto full;
			memcpy(w->text + o, put, n);
			o += n;
		} else {
			if (o + 1 >= cap)
				goto full;
			w->text[o++] = *s++;
		}
	}
	w->text[o] = '\0';
	return 0;
full:
	return pl_error_set(w->g->err, PL_EDATA, "demo: a text of the desk does not fit");
}

/* adds key with t filled in (t NULL: nothing) */
static int kv_text(struct nw *w, const char *key, const char *t, char rel)
{
	int rc;
	if (!t)
		return 0;
	if ((rc = expand(w, t, rel)))
		return rc;
	kv_addf(w->b, key, "%s", w->text);
	return 0;
}

/* a system field's value */
struct nsys {
	const char *key;
	char val[1024];
};

/*
 * A row of what from the fields of w->b, checked as the operation checks what it is given,
 * and the system fields sys[0..nsys), by author at the transaction's time; audited on ref.
 */
static int nrow(struct nw *w, const struct pl_actor *author, enum pl_entity_id what,
                const struct nsys *sys, size_t nsys, const char *ref, long long *id)
{
	struct gen *g = w->g;
	struct pl_record r;
	uint64_t set;
	int rc;
	if ((rc = kv_check(g, w->b)))
		return rc;
	if (pl_record_init(&r, pl_entity(what)))
		return pl_error_set(g->err, PL_EDATA, "out of memory");
	rc = record_from_kv(&r, w->b->kv, w->b->n, &set, g->err);
	if (!rc &&
	    (set_sys_id(&r, "author_id", author->account_id) ||
	     (pl_field_index(r.ent, "recorded") >= 0 && set_sys(&r, "recorded", g->db->tx_time)) ||
	     (pl_field_index(r.ent, "created") >= 0 && set_sys(&r, "created", g->db->tx_time))))
		rc = pl_error_set(g->err, PL_EDATA, "out of memory");
	/* the system fields, a time of the story among them */
	for (size_t i = 0; !rc && i < nsys; i++)
		if (sys[i].val[0] && set_sys(&r, sys[i].key, sys[i].val))
			rc = pl_error_set(g->err, PL_EDATA, "out of memory");
	if (!rc)
		rc = record_insert_audited(g->db, author, &r, "demo", ref, id, g->err);
	pl_record_release(&r);
	return rc;
}

static void sys_id(struct nsys *s, const char *key, long long id)
{
	s->key = key;
	if (id)
		snprintf(s->val, sizeof(s->val), "%lld", id);
	else
		s->val[0] = '\0';
}

static int sys_text(struct nw *w, struct nsys *s, const char *key, const char *t, char rel)
{
	int rc;
	s->key = key;
	s->val[0] = '\0';
	if (!t)
		return 0;
	if ((rc = expand(w, t, rel)))
		return rc;
	{
		size_t len = strlen(w->text);
		if (len >= sizeof(s->val))
			return pl_error_set(w->g->err, PL_EDATA,
			                    "demo: a text of the desk does not fit");
		memcpy(s->val, w->text, len + 1);
	}
	return 0;
}

static int pick_one(struct nw *w, size_t i)
{
	struct gen *g = w->g;
	struct nperson *p = &w->p[i];
	struct pl_record r;
	char sql[1024];
	const char *fam, *given;
	int rc;
	snprintf(sql, sizeof(sql), "SELECT * FROM persons WHERE %s ORDER BY id LIMIT 1",
	         picks[i].where);
	rc = store_query_one(g->db->st, pl_entity(PL_ENT_PERSON), sql, NULL, 0, &r, "", g->err);
	if (rc == PL_ENOTFOUND)
		return pl_error_set(g->err, PL_EDATA, "demo: the desk found no %s", picks[i].what);
	if (rc)
		return rc;
	p->id = r.id;
	fam = pl_record_get(&r, "family_name");
	given = pl_record_get(&r, "given_name");
	snprintf(p->ref, sizeof(p->ref), "%s", pl_record_get(&r, "ref"));
	snprintf(p->name, sizeof(p->name), "%s%s%s", fam ? fam : "", fam && given ? " " : "",
	         given ? given : "");
	if (!p->name[0])
		memcpy(p->name, p->ref, sizeof(p->ref));
	pl_record_release(&r);
	/* the family: the first relative recorded */
	{
		const struct store_bind b[] = {SB_I(p->id)};
		rc = store_query_one(
		        g->db->st, pl_entity(PL_ENT_RELATIVE),
		        "SELECT * FROM relatives WHERE person_id = ? ORDER BY id LIMIT 1", b, 1, &r,
		        "", g->err);
	}
	if (rc == PL_ENOTFOUND)
		return 0;
	if (rc)
		return rc;
	p->relative = r.id;
	{
		char ref[PL_REF_MAX];
		memcpy(ref, p->ref, sizeof(ref));
		snprintf(p->rel_words, sizeof(p->rel_words), "%.200s, %s %s",
		         pl_record_get(&r, "name") ? pl_record_get(&r, "name") : "",
		         relation_words(pl_record_get(&r, "relation")), ref);
	}
	pl_record_release(&r);
	return 0;
}

static int counterparts_write(struct nw *w)
{
	struct gen *g = w->g;
	int rc;
	for (int c = 1; c < NCP; c++) {
		struct nsys sys[1] = {{"ref", ""}};
		snprintf(w->cref[c], sizeof(w->cref[c]), "C-%04d", c);
		snprintf(sys[0].val, sizeof(sys[0].val), "%s", w->cref[c]);
		kv_reset(w->b);
		kv_add(w->b, "name", cps[c].name);
		kv_add(w->b, "alias", cps[c].alias);
		kv_add(w->b, "organisation", cps[c].organisation);
		kv_add(w->b, "role", cps[c].role);
		kv_add(w->b, "note", cps[c].note);
		if ((rc = nrow(w, &g->neg, PL_ENT_COUNTERPART, sys, 1, w->cref[c], &w->cp[c])))
			return rc;
	}
	for (size_t i = 0; i < NELEM(profiles); i++) {
		static const char *const dim[4] = {"money", "ideology", "compromise", "ego"};
		const struct nprofile *p = &profiles[i];
		struct nsys sys[1];
		char grounds[4][24], conf[4][24];
		kv_reset(w->b);
		kv_add(w->b, "assessed", p->assessed);
		for (int d = 0; d < 4; d++) {
			snprintf(grounds[d], sizeof(grounds[d]), "%s_grounds", dim[d]);
			snprintf(conf[d], sizeof(conf[d]), "%s_confidence", dim[d]);
			kv_add(w->b, dim[d], p->v[d][0]);
			kv_add(w->b, grounds[d], p->v[d][1]);
			kv_add(w->b, conf[d], p->v[d][2]);
		}
		kv_add(w->b, "summary", p->summary);
		sys_id(&sys[0], "counterpart_id", w->cp[p->cp]);
		if ((rc = nrow(w, &g->psy, PL_ENT_PROFILE, sys, 1, w->cref[p->cp], NULL)))
			return rc;
	}
	return 0;
}

static int negotiations_write(struct nw *w)
{
	struct gen *g = w->g;
	int rc;
	for (int n = 0; n < NNEG; n++) {
		const struct nneg *t = &negs[n];
		struct nsys sys[1] = {{"ref", ""}};
		snprintf(w->nref[n], sizeof(w->nref[n]), "N-%04d", n + 1);
		snprintf(sys[0].val, sizeof(sys[0].val), "%s", w->nref[n]);
		kv_reset(w->b);
		kv_add(w->b, "title", t->title);
		kv_add(w->b, "delegation", t->delegation);
		kv_add(w->b, "mediators", t->mediators);
		kv_add(w->b, "format", t->format);
		kv_add(w->b, "status", t->status);
		kv_add(w->b, "status_reason", t->reason);
		kv_add(w->b, "objectives", t->objectives);
		kv_add(w->b, "walk_away", t->walk_away);
		kv_add(w->b, "batna", t->batna);
		kv_add(w->b, "their_batna", t->their_batna);
		kv_add(w->b, "session_hours", t->hours);
		kv_add(w->b, "note", t->note);
		if ((rc = nrow(w, &g->neg, PL_ENT_NEGOTIATION, sys, 1, w->nref[n], &w->neg[n])))
			return rc;
	}
	/* the exchanges each led to, in order */
	for (int e = 0; e <= DEMO_PENDING; e++) {
		int n = neg_of_exchange(e);
		char xref[PL_NEG_REF_MAX];
		long long xid;
		struct nsys sys[2];
		if (n < 0)
			continue;
		snprintf(xref, sizeof(xref), "E-%04d", e + 1);
		{
			const char *x = xref;
			const struct store_bind b[] = {SB_S(x)};
			if ((rc = store_query_int(g->db->st,
			                          "SELECT id FROM exchanges WHERE ref = ?", b, 1,
			                          &xid, g->err)))
				return rc;
		}
		if (!xid)
			return pl_error_set(g->err, PL_EDATA, "demo: no exchange %s", xref);
		kv_reset(w->b);
		kv_add(w->b, "note", link_note(e));
		sys_id(&sys[0], "negotiation_id", w->neg[n]);
		sys_id(&sys[1], "exchange_id", xid);
		if ((rc = nrow(w, &g->neg, PL_ENT_NEG_EXCHANGE, sys, 2, w->nref[n], NULL)))
			return rc;
	}
	return 0;
}

static int sessions_write(struct nw *w)
{
	struct gen *g = w->g;
	int number[NNEG] = {0}, rc;
	for (int s = 0; s < NSES; s++) {
		const struct nsession *t = &sessions[s];
		struct nsys sys[3];
		char cp[64] = "", theirs[512] = "";
		for (size_t k = 0; k < NELEM(t->cp) && t->cp[k]; k++) {
			snprintf(cp + strlen(cp), sizeof(cp) - strlen(cp), "%s%s", k ? ";" : "",
			         w->cref[t->cp[k]]);
			snprintf(theirs + strlen(theirs), sizeof(theirs) - strlen(theirs), "%s%s",
			         k ? ";" : "", cps[t->cp[k]].name);
		}
		snprintf(w->sref[s], sizeof(w->sref[s]), "S-%04d", s + 1);
		sys[0].key = "ref";
		snprintf(sys[0].val, sizeof(sys[0].val), "%s", w->sref[s]);
		sys_id(&sys[1], "negotiation_id", w->neg[t->neg]);
		sys[2].key = "number";
		snprintf(sys[2].val, sizeof(sys[2].val), "%d", ++number[t->neg]);
		kv_reset(w->b);
		kv_add(w->b, "started", t->started);
		kv_add(w->b, "ended", t->ended);
		kv_add(w->b, "place", t->place);
		kv_add(w->b, "ours", t->ours);
		kv_add(w->b, "psychologist", PSY);
		kv_add(w->b, "theirs", theirs);
		kv_add(w->b, "counterparts", cp);
		kv_add(w->b, "summary", t->summary);
		kv_add(w->b, "outcome", t->outcome);
		if ((rc = kv_text(w, "objectives", t->objectives, 0)))
			return rc;
		kv_add(w->b, "walk_away", t->walk_away);
		if ((rc = nrow(w, &g->neg, PL_ENT_SESSION, sys, 3, w->sref[s], &w->ses[s])))
			return rc;
	}
	for (size_t i = 0; i < NELEM(welfare); i++) {
		struct nsys sys[1];
		kv_reset(w->b);
		kv_add(w->b, "negotiator", welfare[i].negotiator);
		kv_add(w->b, "note", welfare[i].note);
		sys_id(&sys[0], "session_id", w->ses[welfare[i].s]);
		if ((rc = nrow(w, &g->psy, PL_ENT_WELFARE, sys, 1, w->sref[welfare[i].s], NULL)))
			return rc;
	}
	return 0;
}

static int preparation_write(struct nw *w)
{
	struct gen *g = w->g;
	long long prev = 0;
	int rc;
	for (size_t i = 0; i < NELEM(positions); i++) {
		const struct nposition *t = &positions[i];
		struct nsys sys[5];
		long long id;
		kv_reset(w->b);
		kv_add(w->b, "item_kind", t->kind);
		if ((rc = kv_text(w, "item", t->item, 0)))
			return rc;
		kv_add(w->b, "stance", t->stance);
		kv_add(w->b, "condition", t->condition);
		if (t->priority)
			kv_addf(w->b, "priority", "%d", t->priority);
		kv_add(w->b, "concessions", t->concessions);
		kv_add(w->b, "note", t->note);
		sys_id(&sys[0], "negotiation_id", w->neg[t->neg]);
		sys_id(&sys[1], "session_id", t->s >= 0 ? w->ses[t->s] : 0);
		/* the version it replaces: the entry before, when that says so */
		sys_id(&sys[2], "replaces", i && positions[i - 1].next ? prev : 0);
		sys[3].key = "replaced";
		snprintf(sys[3].val, sizeof(sys[3].val), "%s", t->replaced ? t->replaced : "");
		sys[4].key = "recorded";
		snprintf(sys[4].val, sizeof(sys[4].val), "%s", t->recorded);
		if ((rc = nrow(w, &g->neg, PL_ENT_POSITION, sys, 5, w->nref[t->neg], &id)))
			return rc;
		prev = id;
	}
	/* the lines of each negotiation (and session) numbered from 1 in order */
	for (size_t i = 0; i < NELEM(openings); i++) {
		const struct nopening *t = &openings[i];
		struct nsys sys[3];
		int ordinal = 0;
		for (size_t k = 0; k <= i; k++)
			ordinal += openings[k].neg == t->neg && openings[k].s == t->s;
		kv_reset(w->b);
		kv_add(w->b, "text", t->text);
		sys_id(&sys[0], "negotiation_id", w->neg[t->neg]);
		sys_id(&sys[1], "session_id", t->s >= 0 ? w->ses[t->s] : 0);
		sys[2].key = "ordinal";
		snprintf(sys[2].val, sizeof(sys[2].val), "%d", ordinal);
		if ((rc = nrow(w, &g->neg, PL_ENT_OPENING, sys, 3, w->nref[t->neg], NULL)))
			return rc;
	}
	return 0;
}

/* The latest earlier statement on subject and fact with another value (the ledger's rule;
 * the desk's values here are tokens), or 0. */
static long long contradicted(const struct nw *w, const char *subject, const char *fact,
                              const char *value)
{
	for (size_t i = w->nfacts; i-- > 0;)
		if (!strcmp(w->facts[i].subject, subject) && !strcmp(w->facts[i].fact, fact) &&
		    strcmp(w->facts[i].value, value))
			return w->facts[i].id;
	return 0;
}

static int ledger_write(struct nw *w)
{
	struct gen *g = w->g;
	int rc;
	for (size_t i = 0; i < NELEM(statements); i++) {
		const struct nstatement *t = &statements[i];
		const struct nperson *subj = t->subject ? person_of(w, t->subject) : NULL;
		struct nsys sys[9];
		long long id;
		kv_reset(w->b);
		kv_addf(w->b, "said", "%.10s %s", sessions[t->s].started, t->at);
		kv_add(w->b, "side", t->side == OURS ? "ours" : "theirs");
		kv_add(w->b, "speaker", t->side == OURS ? t->speaker : cps[t->cp].name);
		kv_add(w->b, "kind", t->kind);
		if ((rc = kv_text(w, "text", t->text, 0)) ||
		    (rc = kv_text(w, "about", t->about, 0)))
			return rc;
		if (subj) {
			kv_add(w->b, "subject", subj->ref);
			kv_add(w->b, "fact", t->fact);
			kv_add(w->b, "value", t->value);
		}
		kv_add(w->b, "truthful", t->truthful);
		if ((rc = kv_text(w, "truth", t->truth, 0)))
			return rc;
		kv_add(w->b, "due", t->due);
		sys_id(&sys[0], "session_id", w->ses[t->s]);
		sys_id(&sys[1], "counterpart_id", t->side == THEIRS ? w->cp[t->cp] : 0);
		sys_id(&sys[2], "contradicts",
		       subj ? contradicted(w, subj->ref, t->fact, t->value) : 0);
		sys[3].key = "resolved";
		snprintf(sys[3].val, sizeof(sys[3].val), "%s", t->resolved ? t->resolved : "");
		sys_id(&sys[4], "resolved_by", t->resolved ? g->neg.account_id : 0);
		if ((rc = sys_text(w, &sys[5], "resolution", t->resolution, 0)))
			return rc;
		sys[6].key = "promise";
		snprintf(sys[6].val, sizeof(sys[6].val), "%s", t->promise ? t->promise : "");
		sys[7].key = "promise_closed";
		snprintf(sys[7].val, sizeof(sys[7].val), "%s", t->closed ? t->closed : "");
		if ((rc = sys_text(w, &sys[8], "promise_note", t->pnote, 0)))
			return rc;
		if ((rc = nrow(w, &g->neg, PL_ENT_STATEMENT, sys, 9, w->sref[t->s], &id)))
			return rc;
		if (subj) {
			if (w->nfacts == NELEM(w->facts))
				return pl_error_set(g->err, PL_EDATA, "demo: too many facts");
			w->facts[w->nfacts].subject = subj->ref;
			w->facts[w->nfacts].fact = t->fact;
			w->facts[w->nfacts].value = t->value;
			w->facts[w->nfacts++].id = id;
		}
	}
	return 0;
}

static int incidents_write(struct nw *w)
{
	struct gen *g = w->g;
	int rc;
	for (size_t i = 0; i < NELEM(incidents); i++) {
		const struct nincident *t = &incidents[i];
		const struct nperson *p = t->person ? person_of(w, t->person) : NULL;
		struct nsys sys[2];
		kv_reset(w->b);
		kv_add(w->b, "occurred", t->occurred);
		kv_add(w->b, "kind", t->kind);
		if ((rc = kv_text(w, "target", t->target, t->person)) ||
		    (rc = kv_text(w, "what", t->what, t->person)))
			return rc;
		if (p && p->relative)
			kv_addf(w->b, "relative_id", "%lld", p->relative);
		kv_add(w->b, "source", t->source);
		kv_add(w->b, "note", t->note);
		sys_id(&sys[0], "person_id", p ? p->id : 0);
		sys_id(&sys[1], "negotiation_id", t->neg >= 0 ? w->neg[t->neg] : 0);
		if ((rc = nrow(w, &g->lia, PL_ENT_PRESSURE, sys, 2,
		               t->neg >= 0 ? w->nref[t->neg] : NULL, NULL)))
			return rc;
	}
	return 0;
}

int demo_negotiations_write(struct gen *g)
{
	struct nw *w = pl_calloc(1, sizeof(*w));
	int rc = 0;
	if (!w)
		return pl_error_set(g->err, PL_EDATA, "out of memory");
	w->g = g;
	w->b = &g->cb;
	for (size_t i = 0; i < NPICK && !rc; i++)
		rc = pick_one(w, i);
	if (!rc)
		rc = counterparts_write(w);
	if (!rc)
		rc = negotiations_write(w);
	if (!rc)
		rc = sessions_write(w);
	if (!rc)
		rc = preparation_write(w);
	if (!rc)
		rc = ledger_write(w);
	if (!rc)
		rc = incidents_write(w);
	if (!rc) {
		g->n.negotiations = NNEG;
		g->n.sessions = NSES;
	}
	pl_free(w);
	return rc;
}
