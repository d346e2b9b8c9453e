/* demo-exchanges.c - the demo office's exchanges: the 51 behind its 3,135 returned, the one
 * in preparation, and the Hungary incident
 *
 * The first pass says who crossed where. Every returned captive crossed at one stage of
 * one exchange, as many at each as the table below says, after at least 20 days held;
 * every detainee given was handed over at one. The stories the exchanges tell need some
 * of them to be who they are: Azovstal's defenders in June and September 2022, the
 * foreigners flown to Riyadh, 108 women in October 2022, the article's 10 severely
 * wounded agreed of whom 5 came with 5 unwounded nobody had agreed, January 2024's 230
 * that the other side announced as 248, with two who came unagreed (one nobody knew was
 * held) and two agreed who did not come.
 *
 * The last pass, once every person is written, writes for each exchange what the
 * operations of include/parley/exchange.h would have written, in their order: the
 * exchange with its terms in canonical form and its final status, its mediators, the
 * request and agreed lists (the agreed making their persons listed), each stage and who
 * crossed at it (a release event for ours, exchanged for theirs), those agreed who did
 * not cross taken off (confirmed again), then the reception of every returnee (the
 * arrival, its evidence, returned, the repatriation), debriefs, and the families told,
 * each through its channel. A few families are left in the liaison's queue. Rows are
 * written as those operations leave them (an exchange in its last status, a reception
 * with its checklist filled in), each audited once as "demo"; the days are the story's,
 * not the transaction's.
 *
 * Dates and sizes follow public reports approximately (16 small exchanges are added
 * where reports are vague); mediators' parts, places and who was who are illustrative.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "parley/exchange.h"
#include "parley/formula.h"
#include "parley/strbuf.h"
#include "demo-int.h"
#include "exchange-int.h"
#include "banned.h"

/* clang-format off */
const struct demo_exchange demo_exchanges[DEMO_EXCHANGES] = {
        {2022, 3, 24, 10, 10, 1, {0}, XK_PLAIN, XM_NONE, 0, "перший обмін, 10 на 10"},
        {2022, 4, 1, 86, 86, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 4, 9, 26, 26, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 4, 14, 30, 30, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 4, 21, 19, 19, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 4, 28, 10, 10, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 5, 6, 41, 41, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 5, 13, 12, 12, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 5, 27, 9, 9, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 6, 11, 25, 25, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 6, 29, 144, 144, 1, {0}, XK_AZOVSTAL, XM_ICRC, 0, "захисники «Азовсталі»"},
        {2022, 7, 15, 7, 7, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 8, 5, 14, 14, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 8, 26, 9, 9, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 9, 9, 18, 18, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 9, 21, 215, 56, 2, {0, 0}, XK_SAUDI, XM_TURKEY_SAUDI, 0,
         "215 на 55 і одного, названого в умовах"},
        {2022, 10, 6, 20, 20, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 10, 11, 32, 32, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 10, 13, 20, 20, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 10, 17, 108, 110, 1, {0}, XK_WOMEN, XM_ICRC, 0, "108 жінок"},
        {2022, 10, 29, 52, 52, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 11, 3, 107, 107, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 11, 11, 20, 20, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 11, 17, 15, 15, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 11, 24, 50, 50, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 11, 26, 12, 12, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 12, 1, 50, 50, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 12, 6, 65, 65, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2022, 12, 14, 64, 64, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2022, 12, 22, 32, 32, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2022, 12, 31, 140, 82, 2, {0, 1}, XK_CONVICTED, XM_UAE, 0, "новорічний обмін"},
        {2023, 1, 8, 50, 50, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2023, 1, 20, 18, 18, 1, {0}, XK_PLAIN, XM_NONE, 0, NULL},
        {2023, 2, 4, 116, 63, 2, {0, 0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2023, 2, 16, 101, 101, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2023, 2, 25, 44, 44, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2023, 3, 7, 130, 90, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2023, 3, 24, 45, 45, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2023, 4, 11, 106, 106, 1, {0}, XK_PLAIN, XM_TURKEY, 0, "великодній обмін"},
        {2023, 4, 16, 130, 130, 1, {0}, XK_PLAIN, XM_UAE, 0, "великодній обмін"},
        {2023, 5, 6, 45, 3, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2023, 5, 14, 23, 23, 1, {0}, XK_PLAIN, XM_ICRC, 0, NULL},
        {2023, 5, 25, 106, 106, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2023, 6, 11, 95, 95, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2023, 6, 26, 50, 50, 1, {0}, XK_PLAIN, XM_VATICAN, 0, NULL},
        {2023, 7, 6, 45, 45, 1, {0}, XK_PLAIN, XM_HUNGARY, 0, NULL},
        {2023, 7, 20, 10, 10, 1, {0}, XK_ARTICLE, XM_ICRC, 0, "10 тяжкопоранених"},
        {2023, 8, 7, 22, 22, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2024, 1, 3, 230, 248, 3, {0, 0, 1}, XK_JANUARY, XM_UAE, 248, NULL},
        {2024, 1, 31, 207, 195, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
        {2024, 2, 8, 100, 100, 1, {0}, XK_PLAIN, XM_UAE, 0, NULL},
};
/* clang-format on */

/* the exchange in preparation: agreed on 2024-03-01, to take place at the end of May */
#define PENDING_AGREED DAY(2024, 3, 1)
#define PENDING_PLANNED DAY(2024, 5, 31)

/* why those agreed who did not cross were taken off (exchange.c, on executed) */
#define NOT_CROSSED EXCHANGE_NOT_CROSSED

static const struct wstr exchange_places[] = {
        {"пункт обміну, Сумська обл.", 45},
        {"пункт обміну на кордоні з Білоруссю, Чернігівська обл.", 20},
        {"пункт обміну, Запорізька обл.", 20},
        {"пункт обміну, Донецька обл.", 15},
};
#define RIYADH "Ер-Ріяд, Саудівська Аравія"
#define BELARUS_BORDER "пункт обміну на кордоні з Білоруссю, Чернігівська обл."

/* the mediators of each set: name, kind, role, note */
static const struct mediator {
	unsigned char set;
	const char *name, *kind, *role, *note, *short_name;
} mediators[] = {
        {XM_ICRC, "Міжнародний комітет Червоного Хреста", "organisation", "observer",
         "присутність під час передачі, реєстрація звільнених", "МКЧХ"},
        {XM_TURKEY_SAUDI, "Туреччина", "state", "guarantor",
         "командири оборони Маріуполя залишаються в Туреччині до кінця війни", "Туреччина"},
        {XM_TURKEY_SAUDI, "Саудівська Аравія", "state", "go_between",
         "звільнення іноземців, доставлених літаком до Ер-Ріяда", "Саудівська Аравія"},
        {XM_TURKEY_SAUDI, "Міжнародний комітет Червоного Хреста", "organisation", "observer", NULL,
         "МКЧХ"},
        {XM_UAE, "Об'єднані Арабські Емірати", "state", "go_between", NULL, "ОАЕ"},
        {XM_UAE, "Міжнародний комітет Червоного Хреста", "organisation", "observer", NULL, "МКЧХ"},
        {XM_TURKEY, "Туреччина", "state", "host", "переговори в Стамбулі", "Туреччина"},
        {XM_TURKEY, "Міжнародний комітет Червоного Хреста", "organisation", "observer", NULL,
         "МКЧХ"},
        {XM_VATICAN, "Святий Престол", "state", "go_between", "гуманітарна місія",
         "Святий Престол"},
        {XM_VATICAN, "Міжнародний комітет Червоного Хреста", "organisation", "observer", NULL,
         "МКЧХ"},
        {XM_HUNGARY, "Об'єднані Арабські Емірати", "state", "go_between", NULL, "ОАЕ"},
        {XM_HUNGARY, "Угорщина", "state", "other",
         "пропонувала посередництво щодо полонених родом із Закарпаття; після того як 8 червня "
         "2023 р. прийняла 11 наших полонених без повідомлення України — лише з письмовими "
         "гарантіями",
         NULL},
};

static const char *const months_gen[] = {
        "січня", "лютого", "березня", "квітня", "травня",    "червня",
        "липня", "серпня", "вересня", "жовтня", "листопада", "грудня",
};

/* --- the exchanges' days, drawn once --- */

struct xdays {
	long day[3]; /* of each stage */
	long agreed, requested, executed;
	unsigned recv[3], give[3]; /* who crossed at each stage */
	const char *place[3];
};

/* a relative of a returnee (or of one handed to a third country), to tell */
struct krel {
	long long id;
	char name[208];
	const char *channel; /* the only one, when contact may endanger them */
	unsigned char safety;
};

struct demo_exchanges {
	struct xdays d[DEMO_EXCHANGES + 1]; /* the last: the exchange in preparation */
	struct demo_rng rng;
	struct krel *rel;
	size_t nrel, caprel;
};

size_t demo_exchanges_given(void)
{
	size_t n = 0;
	for (size_t e = 0; e < DEMO_EXCHANGES; e++)
		n += demo_exchanges[e].given;
	return n;
}

long demo_exchange_day(const struct gen *g, int e, int k)
{
	return g->x->d[e].day[k];
}

long demo_exchange_agreed(const struct gen *g, int e)
{
	return g->x->d[e].agreed;
}

int demo_exchanges_init(struct gen *g, struct pl_error *err)
{
	struct demo_exchanges *x = pl_calloc(1, sizeof(*x));
	struct demo_rng *R;
	if (!x)
		return pl_error_set(err, PL_EDATA, "out of memory");
	g->x = x;
	demo_rng_seed(&x->rng, demo_rng_next(&g->rng));
	R = &x->rng;
	for (int e = 0; e < DEMO_EXCHANGES; e++) {
		const struct demo_exchange *t = &demo_exchanges[e];
		struct xdays *d = &x->d[e];
		long d0 = DAY(t->y, (unsigned)t->m, (unsigned)t->d);
		unsigned left = t->received, gleft = t->given;
		for (int k = 0; k < t->stages; k++)
			d->day[k] = d0 + t->off[k];
		d->agreed = d0 - range(R, 3, 12);
		d->requested = d->agreed - range(R, 14, 45);
		d->executed = d->day[t->stages - 1] + range(R, 1, 3);
		d->place[0] = PICK_W(R, exchange_places);
		d->place[1] = d->place[2] = d->place[0];
		if (t->kind == XK_SAUDI) {
			d->place[0] = RIYADH;
			d->place[1] = BELARUS_BORDER;
		} else if (t->stages > 1 && !strcmp(d->place[0], BELARUS_BORDER)) {
			d->place[1] = "пункт обміну, Сумська обл.";
		} else if (t->stages > 1) {
			d->place[1] = BELARUS_BORDER;
		}
		/* the stages' shares: 60/40, 45/35/20; the foreigners' stage is as large as
		 * their number (demo_exchanges_plan_captives) and gives no one */
		for (int k = 0; k < t->stages; k++) {
			unsigned r = k == t->stages - 1 ? left
			             : t->stages == 2   ? t->received * 6 / 10
			             : k == 0           ? t->received * 45 / 100
			                                : t->received * 35 / 100;
			unsigned gv = k == t->stages - 1 ? gleft : t->given * r / t->received;
			if (t->kind == XK_SAUDI)
				gv = k == 0 ? 0 : gleft;
			d->recv[k] = r;
			d->give[k] = gv;
			left -= r;
			gleft -= gv;
		}
	}
	x->d[DEMO_PENDING].day[0] = PENDING_PLANNED;
	x->d[DEMO_PENDING].agreed = PENDING_AGREED;
	x->d[DEMO_PENDING].requested = PENDING_AGREED - range(R, 14, 30);
	return 0;
}

void demo_exchanges_free(struct gen *g)
{
	if (!g || !g->x)
		return;
	pl_free(g->x->rel);
	pl_free(g->x);
	g->x = NULL;
}

int demo_relative_keep(struct gen *g, struct skel *s, long long id, const char *name, int safety,
                       const char *channel)
{
	struct demo_exchanges *x = g->x;
	struct krel *r;
	if (x->nrel == x->caprel) {
		size_t cap = x->caprel ? 2 * x->caprel : 1024;
		struct krel *v = pl_realloc(x->rel, cap * sizeof(*v));
		if (!v)
			return pl_error_set(g->err, PL_EDATA, "out of memory");
		x->rel = v;
		x->caprel = cap;
	}
	if (!s->rel_n)
		s->rel_first = x->nrel;
	r = &x->rel[x->nrel++];
	r->id = id;
	snprintf(r->name, sizeof(r->name), "%s", name);
	r->safety = (unsigned char)safety;
	r->channel = channel;
	s->rel_n++;
	return 0;
}

/* --- the first pass: who crossed where --- */

/* whether s may be taken for exchange e (whose days are in x) */
typedef int (*pick_ok)(const struct demo_exchanges *x, const struct skel *s, int e);

/*
 * Gives exchange e (stage, role) count of the captives cap[from[i]] that no exchange has
 * taken yet and for which ok holds, drawn at random among them (tmp: room for nfrom);
 * PL_EDATA when fewer are there.
 */
static int take(struct gen *g, struct skel *cap, const size_t *from, size_t nfrom, int e, int stage,
                int role, unsigned count, pick_ok ok, size_t *tmp)
{
	struct demo_rng *R = &g->x->rng;
	size_t n = 0;
	for (size_t i = 0; i < nfrom; i++)
		if (cap[from[i]].exch < 0 && ok(g->x, &cap[from[i]], e))
			tmp[n++] = from[i];
	if (n < count)
		return pl_error_set(g->err, PL_EDATA,
		                    "demo: exchange %d needs %u captives of a kind, %zu are there",
		                    e + 1, count, n);
	for (unsigned k = 0; k < count; k++) {
		size_t j = k + (size_t)below(R, n - k), t = tmp[j];
		struct skel *s = &cap[t];
		tmp[j] = tmp[k];
		tmp[k] = t;
		s->exch = (signed char)e;
		s->stage = (unsigned char)stage;
		s->role = (unsigned char)role;
		s->known = 2;
		if (role == XR_AGREED || role == XR_NOT_CAME)
			s->confirm_by = g->x->d[e].agreed;
	}
	return 0;
}

/* held 20 days at least before the exchange */
static int any_ok(const struct demo_exchanges *x, const struct skel *s, int e)
{
	return s->cap + 20 <= x->d[e].day[0];
}
/* the foreigners taken in the spring of 2022 */
static int foreigner_ok(const struct demo_exchanges *x, const struct skel *s, int e)
{
	return any_ok(x, s, e) && s->grp == G_FOREIGN && s->cap < DAY(2022, 7, 1);
}
static int azov_ok(const struct demo_exchanges *x, const struct skel *s, int e)
{
	return any_ok(x, s, e) && s->grp == G_AZOV;
}
/* the foreigners are all men */
static int woman_ok(const struct demo_exchanges *x, const struct skel *s, int e)
{
	return any_ok(x, s, e) && s->grp != G_FOREIGN;
}
static int soldier_ok(const struct demo_exchanges *x, const struct skel *s, int e)
{
	return any_ok(x, s, e) && s->grp == G_MIL;
}
/* Azovstal's surrender was filmed: its defenders were known to be held */
static int unknown_ok(const struct demo_exchanges *x, const struct skel *s, int e)
{
	return any_ok(x, s, e) && (s->grp == G_MIL || s->grp == G_CIV);
}
/* agreed and did not come: held today, captivity confirmed well before the agreement */
static int still_held_ok(const struct demo_exchanges *x, const struct skel *s, int e)
{
	return s->fin == F_CONFIRMED && !s->hungary && (s->grp == G_MIL || s->grp == G_CIV) &&
	       s->cap + 90 <= x->d[e].agreed;
}

static int plan_special(struct gen *g, struct skel *cap, size_t n, const size_t *ret, size_t nret,
                        size_t *all, size_t *tmp)
{
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		all[i] = i;
	for (int e = 0; e < DEMO_EXCHANGES && !rc; e++) {
		const struct demo_exchange *t = &demo_exchanges[e];
		struct xdays *d = &g->x->d[e];
		switch (t->kind) {
		case XK_AZOVSTAL:
			rc = take(g, cap, ret, nret, e, 0, XR_AGREED,
			          95 + (unsigned)below(&g->x->rng, 10), azov_ok, tmp);
			break;
		case XK_SAUDI: {
			/* the foreigners taken in the spring, flown to Riyadh: at most 10 */
			size_t nf = 0;
			for (size_t i = 0; i < nret; i++)
				nf += cap[ret[i]].exch < 0 && foreigner_ok(g->x, &cap[ret[i]], e);
			d->recv[0] = nf < 10 ? (unsigned)nf : 10;
			d->recv[1] = t->received - d->recv[0];
			rc = take(g, cap, ret, nret, e, 0, XR_AGREED, d->recv[0], foreigner_ok,
			          tmp);
			for (size_t i = 0; !rc && i < nret; i++)
				if (cap[ret[i]].exch == e)
					cap[ret[i]].abroad = 1;
			if (!rc)
				rc = take(g, cap, ret, nret, e, 1, XR_AGREED, 188, azov_ok, tmp);
			break;
		}
		case XK_WOMEN:
			rc = take(g, cap, ret, nret, e, 0, XR_AGREED, t->received, woman_ok, tmp);
			for (size_t i = 0; !rc && i < nret; i++)
				if (cap[ret[i]].exch == e)
					cap[ret[i]].female = 1;
			break;
		case XK_ARTICLE:
			/* 10 severely wounded agreed: 5 of them came, and 5 unwounded nobody agreed
			 */
			if ((rc = take(g, cap, ret, nret, e, 0, XR_AGREED, 5, soldier_ok, tmp)) ||
			    (rc = take(g, cap, ret, nret, e, 0, XR_UNAGREED, 5, soldier_ok, tmp)) ||
			    (rc = take(g, cap, all, n, e, 0, XR_NOT_CAME, 5, still_held_ok, tmp)))
				break;
			for (size_t i = 0; i < n; i++)
				if (cap[i].exch == e)
					cap[i].health = cap[i].role == XR_UNAGREED
					                        ? "healthy"
					                        : "severely_wounded";
			break;
		case XK_JANUARY:
			/* two came whom nobody agreed (one not known to be held at all, one seen on
			 * a video), two agreed did not */
			if ((rc = take(g, cap, ret, nret, e, 0, XR_UNAGREED, 2, unknown_ok, tmp)) ||
			    (rc = take(g, cap, all, n, e, 0, XR_NOT_CAME, 2, still_held_ok, tmp)))
				break;
			{
				int k = 0;
				for (size_t i = 0; i < nret; i++)
					if (cap[ret[i]].exch == e)
						cap[ret[i]].known = (unsigned char)k++;
			}
			break;
		default:
			break;
		}
	}
	return rc;
}

int demo_exchanges_plan_captives(struct gen *g, struct skel *cap, size_t n)
{
	size_t *ret = pl_calloc(n + 1, sizeof(*ret)), *all = pl_calloc(n + 1, sizeof(*all));
	size_t *tmp = pl_calloc(n + 1, sizeof(*tmp)), nret = 0;
	int rc = 0;
	if (!ret || !all || !tmp) {
		rc = pl_error_set(g->err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		if (cap[i].fin == F_RETURNED)
			ret[nret++] = i;
	if (nret != N_RETURNED) {
		rc = pl_error_set(g->err, PL_EDATA, "demo: %zu returned, not %d", nret, N_RETURNED);
		goto out;
	}
	if ((rc = plan_special(g, cap, n, ret, nret, all, tmp)))
		goto out;
	/* the rest, exchange by exchange, stage by stage: anyone held long enough */
	for (int e = 0; e < DEMO_EXCHANGES && !rc; e++) {
		const struct demo_exchange *t = &demo_exchanges[e];
		for (int k = 0; k < t->stages && !rc; k++) {
			unsigned have = 0;
			for (size_t i = 0; i < nret; i++)
				have += cap[ret[i]].exch == e && cap[ret[i]].stage == k;
			if (have < g->x->d[e].recv[k])
				rc = take(g, cap, ret, nret, e, k, XR_AGREED,
				          g->x->d[e].recv[k] - have, any_ok, tmp);
		}
	}
	for (size_t i = 0; !rc && i < nret; i++)
		if (cap[ret[i]].exch < 0)
			rc = pl_error_set(g->err, PL_EDATA,
			                  "demo: a returned captive crossed nowhere");
out:
	pl_free(ret);
	pl_free(all);
	pl_free(tmp);
	return rc;
}

void demo_exchanges_plan_detainees(struct gen *g, struct skel *det)
{
	struct demo_rng *R = &g->x->rng;
	size_t i = 0;
	for (int e = 0; e < DEMO_EXCHANGES; e++) {
		const struct demo_exchange *t = &demo_exchanges[e];
		const struct xdays *d = &g->x->d[e];
		long d0 = d->day[0], from = d0 - 380 > WAR_START ? d0 - 380 : WAR_START;
		for (int k = 0; k < t->stages; k++)
			for (unsigned j = 0; j < d->give[k]; j++) {
				struct skel *s = &det[i++];
				s->seed = demo_rng_next(R);
				s->exch = (signed char)e;
				s->stage = (unsigned char)k;
				s->role = XR_AGREED;
				s->fin = D_EXCHANGED;
				s->grp = chance(R, 20) ? G_CIV : G_MIL;
				s->cap = range(R, from, d0 - 20);
				if (t->kind == XK_ARTICLE) {
					s->grp = G_MIL;
					s->health = "severely_wounded";
				}
				/* the first given of these: the politician the terms name, a
				 * soldier our court sentenced */
				if (t->kind == XK_SAUDI && k == 1 && j == 0) {
					s->grp = G_CIV;
					s->special = DS_NAMED;
				}
				if (t->kind == XK_CONVICTED && k == 0 && j == 0) {
					s->grp = G_MIL;
					s->special = DS_CONVICTED;
					s->cap = range(R, d0 - 300, d0 - 220);
				}
			}
	}
}

/* --- the last pass: writing --- */

/* The system fields of a row (references, ids, times), as the operations set them. */
struct sysf {
	struct pl_kv kv[8];
	char buf[8][192];
	size_t n;
};

static void sys_add(struct sysf *s, const char *key, const char *val)
{
	if (!val || s->n == NELEM(s->kv))
		return;
	snprintf(s->buf[s->n], sizeof(s->buf[s->n]), "%s", val);
	s->kv[s->n].key = key;
	s->kv[s->n].val = s->buf[s->n];
	s->n++;
}

static void sys_id(struct sysf *s, const char *key, long long id)
{
	char v[24];
	snprintf(v, sizeof(v), "%lld", id);
	sys_add(s, key, v);
}

/*
 * A row of what: the fields of b checked as the operation checks what it is given, the
 * system fields of sys, its author and the time; audited on ref; *id its row.
 */
static int row_write(struct gen *g, const struct pl_actor *author, enum pl_entity_id what,
                     struct kvb *b, const struct sysf *sys, const char *ref, long long *id)
{
	struct pl_record r;
	uint64_t set;
	int rc;
	if ((rc = kv_check(g, b)))
		return rc;
	if (pl_record_init(&r, pl_entity(what)))
		return pl_error_set(g->err, PL_EDATA, "out of memory");
	rc = record_from_kv(&r, b->kv, b->n, &set, g->err);
	for (size_t i = 0; !rc && sys && i < sys->n; i++)
		if (set_sys(&r, sys->kv[i].key, sys->kv[i].val))
			rc = pl_error_set(g->err, PL_EDATA, "out of memory");
	if (!rc &&
	    (set_sys_id(&r, "author_id", author->account_id) ||
	     (pl_field_index(r.ent, "recorded") >= 0 && set_sys(&r, "recorded", g->db->tx_time))))
		rc = pl_error_set(g->err, PL_EDATA, "out of memory");
	if (!rc)
		rc = record_insert_audited(g->db, author, &r, "demo", ref, id, g->err);
	pl_record_release(&r);
	return rc;
}

/* Moves s (of side) to status to on day, as person_status_move does; by author. */
static int move(struct gen *g, const struct pl_actor *author, struct skel *s, const char *side,
                const char *to, long day, const char *source, const char *note,
                long long evidence_id)
{
	struct pstate p;
	int rc;
	if (day < s->last_day)
		return pl_error_set(g->err, PL_EDATA, "demo: %s would be %s before its last status",
		                    s->ref, to);
	p.id = s->id;
	snprintf(p.ref, sizeof(p.ref), "%s", s->ref);
	p.side = side;
	snprintf(p.status, sizeof(p.status), "%s", s->status);
	rc = demo_status_write(g, author, &p, to, day, source, evidence_id, note, 0, NULL, NULL);
	if (!rc) {
		snprintf(s->status, sizeof(s->status), "%s", to);
		s->last_day = day;
	}
	return rc;
}

static void pstate_of(const struct skel *s, const char *side, struct pstate *p)
{
	p->id = s->id;
	snprintf(p->ref, sizeof(p->ref), "%s", s->ref);
	p->side = side;
	snprintf(p->status, sizeof(p->status), "%s", s->status);
}

/* "YYYY-MM-DD HH:MM" of a minute counted from 1970-01-01 */
static void fmt_minute(long long t, char out[32])
{
	char d[DATE_MAX];
	fmt_day_p((long)(t / 1440), 3, d);
	snprintf(out, 32, "%s %02d:%02d", d, (int)(t % 1440 / 60), (int)(t % 60));
}

/* the members of one exchange, as pointers into the skeletons, in order of capture */
struct members {
	struct skel **v;
	size_t n, cap;
};

static int members_add(struct gen *g, struct members *m, struct skel *s)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		struct skel **v = pl_realloc(m->v, cap * sizeof(*v));
		if (!v)
			return pl_error_set(g->err, PL_EDATA, "out of memory");
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n++] = s;
	return 0;
}

struct xw {
	struct gen *g;
	struct skel *cap, *det;
	size_t ncap, ndet;
	struct members recv, give, req_recv, req_give; /* agreed; requested besides */
	int e;
	char ref[PL_EXCHANGE_REF_MAX];
	long long id;
	/* the families left for the liaison: safety relatives, others, a returnee with no
	 * family recorded, relatives a returnee asked not to tell */
	int queue_safety, queue_plain, queue_alone, wishes;
	int year;       /* of the last exchange written */
	unsigned round; /* its negotiations' number in that year */
};

/* The days exchange e is open, from its request lists to its execution (the exchange in
 * preparation: to today): a person on its lists is on no other open exchange's (lists.c). */
static void open_days(const struct demo_exchanges *x, int e, long *from, long *to)
{
	*from = x->d[e].requested;
	*to = e == DEMO_PENDING ? TODAY : x->d[e].executed;
}

/* 1 when a person whose lists keep it from..to may be on the lists of exchange e */
static int free_for(const struct demo_exchanges *x, int e, long from, long to)
{
	long a, b;
	open_days(x, e, &a, &b);
	return to < a || b < from;
}

/*
 * 1 when captive s may be requested, besides the agreed, by exchange e (open from day):
 * captivity confirmed then, requested so once, and on no list of an exchange open at the
 * same time (its own; the one in preparation for those who did not come).
 */
static int requestable(const struct gen *g, const struct skel *s, int e, long day)
{
	const struct demo_exchanges *x = g->x;
	long from, to;
	if (s->requested || !s->conf_day || s->conf_day >= day || s->held_until <= day ||
	    s->hungary ||
	    (s->fin != F_CONFIRMED && s->fin != F_LISTED && s->fin != F_RETURNED &&
	     s->fin != F_DIED && s->fin != F_REMAINS))
		return 0;
	if (s->exch >= 0) {
		open_days(x, s->exch, &from, &to);
		if (!free_for(x, e, from, to))
			return 0;
	}
	if (s->role == XR_NOT_CAME && !free_for(x, e, x->d[DEMO_PENDING].requested, TODAY))
		return 0;
	return 1;
}

/* Draws k persons besides the agreed for the request lists of w->e. */
static int request_extras(struct xw *w, long day, unsigned kr, unsigned kg)
{
	struct gen *g = w->g;
	struct demo_rng *R = &g->x->rng;
	int rc = 0;
	for (unsigned tries = 0; kr && tries < 200 * kr && !rc; tries++) {
		struct skel *s = &w->cap[below(R, w->ncap)];
		int there = s->exch == w->e;
		for (size_t i = 0; !there && i < w->req_recv.n; i++)
			there = w->req_recv.v[i] == s;
		if (there || !requestable(g, s, w->e, day))
			continue;
		s->requested = 1;
		rc = members_add(g, &w->req_recv, s);
		kr--;
	}
	/* detainees held today, never listed: requested once */
	for (unsigned tries = 0; kg && tries < 200 * kg && !rc; tries++) {
		struct skel *s = &w->det[below(R, w->ndet)];
		if (s->requested || s->fin != D_HELD || s->no_consent || s->cap + 10 >= day)
			continue;
		s->requested = 1;
		rc = members_add(g, &w->req_give, s);
		kg--;
	}
	return rc;
}

static int by_id(const void *a, const void *b)
{
	const struct skel *x = *(struct skel *const *)a, *y = *(struct skel *const *)b;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* A list entry of s (list, side) on w's exchange; removed: taken off, with why. */
static int entry_write(struct xw *w, const char *list, const char *side, const struct skel *s,
                       const char *why)
{
	struct gen *g = w->g;
	struct kvb *b = &g->cb;
	struct sysf sys = {0};
	kv_reset(b);
	kv_add(b, "list", list);
	kv_add(b, "side", side);
	sys_id(&sys, "exchange_id", w->id);
	sys_id(&sys, "person_id", s->id);
	if (why) {
		sys_add(&sys, "removed", g->db->tx_time);
		sys_add(&sys, "removed_reason", why);
	}
	return row_write(g, &g->neg, PL_ENT_LIST_ENTRY, b, &sys, w->ref, NULL);
}

/* The terms of w's exchange, in the formula language (formula.h), canonical. */
static int terms(struct xw *w, struct strbuf *out)
{
	const struct demo_exchange *t = w->e < DEMO_EXCHANGES ? &demo_exchanges[w->e] : NULL;
	struct pl_formula *f = NULL;
	char text[512];
	size_t len;
	long civ_agreed = 0, civ_came = 0, civ, sick = 0;
	size_t named = 0;
	int rc;
	for (size_t i = 0; i < w->recv.n; i++) {
		const struct skel *s = w->recv.v[i];
		civ_agreed += s->civ;
		civ_came += s->civ && s->role == XR_AGREED;
		sick += s->health_w && (!strcmp(s->health_w, "severely_wounded") ||
		                        !strcmp(s->health_w, "severely_ill"));
	}
	for (size_t i = 0; i < w->ncap; i++)
		if (w->cap[i].exch == w->e && w->cap[i].role == XR_UNAGREED)
			civ_came += w->cap[i].civ;
	civ = civ_agreed < civ_came ? civ_agreed : civ_came;
	if (!t) { /* in preparation: its lists as they stand */
		snprintf(text, sizeof(text), "receive %zu", w->recv.n);
		if (sick >= 5)
			snprintf(text + strlen(text), sizeof(text) - strlen(text),
			         "; at least %ld where health in (severely_wounded, severely_ill)",
			         sick - sick % 5);
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "; give %zu", w->give.n);
		goto parse;
	}
	snprintf(text, sizeof(text), "receive %u%s", t->received,
	         t->kind == XK_WOMEN     ? " where sex = f"
	         : t->kind == XK_ARTICLE ? " where health = severely_wounded"
	                                 : "");
	len = strlen(text);
	if (t->kind == XK_AZOVSTAL)
		snprintf(text + len, sizeof(text) - len, "; at least 95 where tags has azovstal");
	else if (t->kind == XK_SAUDI)
		snprintf(text + len, sizeof(text) - len, "; at least 180 where tags has azovstal");
	else if ((t->kind == XK_PLAIN || t->kind == XK_JANUARY || t->kind == XK_CONVICTED) &&
	         civ >= 3)
		snprintf(text + len, sizeof(text) - len, "; at least %ld where kind = civilian",
		         civ >= 10 ? civ - civ % 5 : civ);
	len = strlen(text);
	for (size_t i = 0; i < w->give.n; i++)
		if (w->give.v[i]->special == DS_NAMED)
			named = i + 1;
	if (named)
		snprintf(text + len, sizeof(text) - len, "; give %u and %s", t->given - 1,
		         w->give.v[named - 1]->ref);
	else
		snprintf(text + len, sizeof(text) - len, "; give %u%s", t->given,
		         t->kind == XK_ARTICLE ? " where health = severely_wounded" : "");
parse:
	if ((rc = pl_formula_parse(text, &f, w->g->err)))
		return rc;
	if (pl_formula_format(f, out) || out->failed)
		rc = pl_error_set(w->g->err, PL_EDATA, "out of memory");
	pl_formula_free(f);
	return rc;
}

/* The exchange's row, in its last status, and its mediators. */
static int exchange_row(struct xw *w, const char *formula)
{
	struct gen *g = w->g;
	struct kvb *b = &g->cb;
	const struct demo_exchange *t = w->e < DEMO_EXCHANGES ? &demo_exchanges[w->e] : NULL;
	const struct xdays *d = &g->x->d[w->e];
	struct sysf sys = {0};
	int y;
	unsigned m, dd;
	const char *status;
	int rc;
	pl_civil_from_days(d->day[0], &y, &m, &dd);
	kv_reset(b);
	if (t)
		kv_addf(b, "title", "Обмін %u %s %d р.%s%s", dd, months_gen[m - 1], y,
		        t->what ? ": " : "", t->what ? t->what : "");
	else
		kv_addf(b, "title", "Обмін, запланований на %u %s %d р.", dd, months_gen[m - 1], y);
	if (y != w->year) {
		w->year = y;
		w->round = 0;
	}
	kv_addf(b, "negotiation", "переговори Координаційного штабу № %u/%d", ++w->round, y);
	if (t && t->kind == XK_SAUDI)
		kv_add(b, "venue", "кордон з Білоруссю, Чернігівська обл.; Ер-Ріяд");
	else
		kv_add(b, "venue", t ? d->place[0] : "пункт обміну, Сумська обл.");
	kv_day(b, "planned_date", d->day[0], 3);
	kv_day(b, "agreed_date", d->agreed, 3);
	if (t) {
		kv_addf(b, "announced_ours", "%u", t->received);
		kv_addf(b, "announced_theirs", "%u",
		        t->announced_theirs ? t->announced_theirs : t->received);
	}
	switch (t ? t->kind : -1) {
	case XK_SAUDI:
		kv_add(b, "note",
		       "командири оборони Маріуполя залишаються в Туреччині до кінця "
		       "війни; 10 іноземців доставлено літаком до Ер-Ріяда");
		break;
	case XK_ARTICLE:
		kv_add(b, "note",
		       "домовлялися про 10 тяжкопоранених: сторона РФ передала 5 з них і "
		       "5 не поранених, яких у списку не було; чому — не пояснила");
		break;
	case XK_JANUARY:
		kv_add(b, "note", "сторона РФ оголосила про 248 звільнених; повернулися 230");
		break;
	case -1:
		kv_add(b, "note", "списки погоджено; дата передачі уточнюється");
		break;
	default:
		break;
	}
	status = !t                             ? "agreed"
	         : w->e == DEMO_EXCHANGES - 1   ? "executed"
	         : d->day[0] >= DAY(2024, 1, 1) ? "reconciled"
	                                        : "closed";
	if (strlen(formula) >= sizeof(sys.buf[0]))
		return pl_error_set(g->err, PL_EDATA, "demo: the terms of %s are too long", w->ref);
	sys_add(&sys, "ref", w->ref);
	sys_add(&sys, "status", status);
	sys_add(&sys, "formula", formula);
	sys_add(&sys, "created", g->db->tx_time);
	sys_add(&sys, "updated", g->db->tx_time);
	if ((rc = row_write(g, &g->neg, PL_ENT_EXCHANGE, b, &sys, w->ref, &w->id)))
		return rc;
	for (size_t i = 0; i < NELEM(mediators); i++) {
		struct sysf ms = {0};
		if (mediators[i].set != (t ? t->mediators : XM_UAE))
			continue;
		kv_reset(b);
		kv_add(b, "name", mediators[i].name);
		kv_add(b, "kind", mediators[i].kind);
		kv_add(b, "role", mediators[i].role);
		kv_add(b, "note", mediators[i].note);
		sys_id(&ms, "exchange_id", w->id);
		if ((rc = row_write(g, &g->neg, PL_ENT_MEDIATOR, b, &ms, w->ref, NULL)))
			return rc;
	}
	g->n.exchanges += t != NULL;
	return 0;
}

/* The short name of who carried stage k of w's exchange, or NULL. */
static const char *carrier(const struct xw *w, int k)
{
	const struct demo_exchange *t = &demo_exchanges[w->e];
	if (t->kind == XK_SAUDI)
		return k == 0 ? "Саудівська Аравія" : "Туреччина";
	for (size_t i = 0; i < NELEM(mediators); i++)
		if (mediators[i].set == t->mediators && mediators[i].short_name)
			return mediators[i].short_name;
	return NULL;
}

/* The lists: requested, then agreed (listed on the day it was agreed). */
static int lists_write(struct xw *w)
{
	struct gen *g = w->g;
	const struct xdays *d = &g->x->d[w->e];
	char source[64];
	int rc = 0;
	snprintf(source, sizeof(source), "exchange %s", w->ref);
	for (size_t i = 0; !rc && i < w->req_recv.n; i++)
		rc = entry_write(w, "request", "receive", w->req_recv.v[i], NULL);
	for (size_t i = 0; !rc && i < w->req_give.n; i++)
		rc = entry_write(w, "request", "give", w->req_give.v[i], NULL);
	for (size_t i = 0; !rc && i < w->recv.n; i++) {
		struct skel *s = w->recv.v[i];
		long day = s->role == XR_PENDING ? s->listed_day : d->agreed;
		if (strcmp(s->status, "confirmed"))
			return pl_error_set(g->err, PL_EDATA,
			                    "demo: %s is %s: not for an agreed list", s->ref,
			                    s->status);
		if (!(rc = entry_write(w, "agreed", "receive", s,
		                       s->role == XR_NOT_CAME ? NOT_CROSSED : NULL)))
			rc = move(g, &g->neg, s, "captive", "listed", day, source, NULL, 0);
	}
	for (size_t i = 0; !rc && i < w->give.n; i++) {
		struct skel *s = w->give.v[i];
		long day = s->role == XR_PENDING ? s->listed_day : d->agreed;
		if (strcmp(s->status, "held") || s->no_consent)
			return pl_error_set(g->err, PL_EDATA,
			                    "demo: %s is %s: not for an agreed list", s->ref,
			                    s->status);
		if (!(rc = entry_write(w, "agreed", "give", s, NULL)))
			rc = move(g, &g->neg, s, "detainee", "listed", day, source, NULL, 0);
	}
	return rc;
}

/* The stages: who crossed at each; ours get a release event, theirs are exchanged. */
static int stages_write(struct xw *w)
{
	struct gen *g = w->g;
	struct kvb *b = &g->cb;
	const struct demo_exchange *t = &demo_exchanges[w->e];
	const struct xdays *d = &g->x->d[w->e];
	char source[96];
	int rc = 0;
	for (int k = 0; k < t->stages && !rc; k++) {
		struct sysf sys = {0};
		long long stage_id;
		kv_reset(b);
		kv_day(b, "date", d->day[k], 3);
		kv_add(b, "place", d->place[k]);
		kv_add(b, "mediator", carrier(w, k));
		if (t->kind == XK_SAUDI && k == 0)
			kv_add(b, "note",
			       "іноземці, звільнені за посередництва Саудівської Аравії, "
			       "доставлені літаком до Ер-Ріяда");
		sys_id(&sys, "exchange_id", w->id);
		sys_id(&sys, "number", k + 1);
		if ((rc = row_write(g, &g->reg, PL_ENT_STAGE, b, &sys, w->ref, &stage_id)))
			break;
		snprintf(source, sizeof(source), "exchange %s, stage %d", w->ref, k + 1);
		for (size_t i = 0; i < w->ncap && !rc; i++) {
			struct skel *s = &w->cap[i];
			struct sysf hs = {0};
			struct pstate p;
			if (s->exch != w->e || s->stage != k ||
			    (s->role != XR_AGREED && s->role != XR_UNAGREED))
				continue;
			kv_reset(b);
			kv_add(b, "side", "receive");
			sys_id(&hs, "stage_id", stage_id);
			sys_id(&hs, "person_id", s->id);
			sys_add(&hs, "on_the_spot", "no");
			pstate_of(s, "captive", &p);
			if (!(rc = row_write(g, &g->reg, PL_ENT_HANDOVER, b, &hs, s->ref,
			                     &s->handover_id)))
				rc = demo_event_write(g, &p, "release", d->day[k], 3, d->place[k],
				                      source, NULL);
		}
		for (size_t i = 0; i < w->give.n && !rc; i++) {
			struct skel *s = w->give.v[i];
			struct sysf hs = {0};
			if (s->stage != k)
				continue;
			kv_reset(b);
			kv_add(b, "side", "give");
			sys_id(&hs, "stage_id", stage_id);
			sys_id(&hs, "person_id", s->id);
			sys_add(&hs, "on_the_spot", "no");
			if (!(rc = row_write(g, &g->reg, PL_ENT_HANDOVER, b, &hs, s->ref, NULL)))
				rc = move(g, &g->reg, s, "detainee", "exchanged", d->day[k], source,
				          NULL, 0);
		}
	}
	/* executed: whoever was agreed and did not cross is listed no more */
	snprintf(source, sizeof(source), "exchange %s", w->ref);
	for (size_t i = 0; i < w->recv.n && !rc; i++)
		if (w->recv.v[i]->role == XR_NOT_CAME)
			rc = move(g, &g->reg, w->recv.v[i], "captive", "confirmed", d->executed,
			          source, NOT_CROSSED, 0);
	return rc;
}

/* --- reception and the families --- */

static const struct wstr identity_how[] = {
        {"за документами і дактилоскопією", 40},
        {"за даними військової частини, упізнаний побратимами", 30},
        {"упізнаний родиною під час відеодзвінка", 15},
        {"за фото з бази Координаційного штабу", 10},
        {"ДНК-експертиза (документів не мав)", 5},
};
static const char *const rehab[] = {
        "стаціонарна реабілітація, військовий госпіталь",
        "психологічна реабілітація, центр «Лісова поляна»",
        "протезування і реабілітація, Національний військово-медичний клінічний центр",
        "амбулаторна реабілітація за місцем проживання",
};
static const char *const officers[] = {
        "Петренко О. В.", "Коваль І. М.", "Мельник Т. С.", "Бондаренко Н. П.",
        "Ткаченко А. Ю.", "Шевчук Л. О.", "demo-liaison",
};
static const char *const outcomes[] = {
        "повідомлено про повернення; родина чекатиме дзвінка з госпіталю",
        "повідомлено про повернення; домовилися про зустріч",
        "повідомлено; родині пояснено, як отримати допомогу після повернення",
        "повідомлено про повернення; родина просить передати, що чекає вдома",
};
static const char *const alone_outcome =
        "родичів у реєстрі немає; звільнений сам повідомив рідних з госпіталю";

/* the channel for a relative: theirs when contact may endanger them (reception.c's rule) */
static const char *channel_for(const struct krel *r, struct demo_rng *R)
{
	if (r->safety)
		return strstr(r->channel, "Signal") || strstr(r->channel, "чат-бот") ? "messenger"
		       : strstr(r->channel, "листом")                                ? "email"
		                                                                     : "other";
	return chance(R, 800) ? "phone" : chance(R, 500) ? "messenger" : "visit";
}

/*
 * The officer tells the family of s (reason return or third_country) from the minute told,
 * one relative each 20 minutes; skip[i] (at least 8 of them): relative i is not told. A
 * returnee with no family recorded is told of when alone_told.
 */
static int family_tell(struct gen *g, struct skel *s, const char *reason, const char *officer,
                       long long told, const unsigned char *skip, int alone_told)
{
	struct demo_exchanges *x = g->x;
	struct demo_rng *R = &x->rng;
	struct kvb *b = &g->cb;
	char when[32];
	long long k = 0;
	int rc = 0;
	for (size_t i = 0; i < s->rel_n && !rc; i++) {
		const struct krel *r = &x->rel[s->rel_first + i];
		struct sysf sys = {0};
		const char *ch;
		if (i >= 8 || skip[i])
			continue;
		ch = channel_for(r, R);
		fmt_minute(told + 20 * k++, when);
		kv_reset(b);
		kv_addf(b, "relative_id", "%lld", r->id);
		kv_add(b, "reason", reason);
		kv_add(b, "channel", ch);
		if (r->safety)
			kv_add(b, "via", r->channel);
		kv_add(b, "date", when);
		kv_add(b, "officer", officer);
		kv_add(b, "outcome",
		       !strcmp(reason, "return")
		               ? PICK(R, outcomes)
		               : "повідомлено про передачу до Угорщини без повідомлення "
		                 "України; зв'язок — через консульство");
		sys_id(&sys, "person_id", s->id);
		rc = row_write(g, &g->lia, PL_ENT_NOTIFICATION, b, &sys, s->ref, NULL);
	}
	if (!rc && !s->rel_n && alone_told) {
		struct sysf sys = {0};
		fmt_minute(told, when);
		kv_reset(b);
		kv_add(b, "reason", reason);
		kv_add(b, "channel", "visit");
		kv_add(b, "date", when);
		kv_add(b, "officer", officer);
		kv_add(b, "outcome",
		       !strcmp(reason, "return") ? alone_outcome : "родичів у реєстрі немає");
		sys_id(&sys, "person_id", s->id);
		rc = row_write(g, &g->lia, PL_ENT_NOTIFICATION, b, &sys, s->ref, NULL);
	}
	return rc;
}

/* A returnee's word about another captive held where they were: evidence on that one. */
static int debrief_write(struct xw *w, const struct skel *s, long day)
{
	static const char *const months_loc[] = {
	        "січні", "лютому", "березні", "квітні", "травні",    "червні",
	        "липні", "серпні", "вересні", "жовтні", "листопаді", "грудні",
	};
	struct gen *g = w->g;
	struct demo_rng *R = &g->x->rng;
	struct kvb *b = &g->cb;
	size_t start = (size_t)below(R, w->ncap);
	int rc;
	for (size_t k = 0; k < w->ncap; k++) {
		const struct skel *o = &w->cap[(start + k) % w->ncap];
		struct pstate p;
		char src[64];
		int y;
		unsigned m, d;
		long seen = day - range(R, 10, 60), said = day + range(R, 1, 10);
		if (o == s || (o->fin != F_CONFIRMED && o->fin != F_LISTED) || !o->detention ||
		    !s->detention || strcmp(o->detention, s->detention) || !o->conf_day ||
		    o->conf_day >= seen)
			continue;
		pl_civil_from_days(seen, &y, &m, &d);
		snprintf(src, sizeof(src), "debrief of %s", s->ref);
		kv_reset(b);
		kv_add(b, "kind", "returnee_testimony");
		kv_day(b, "date", said < TODAY ? said : TODAY - 1, 3);
		kv_add(b, "source", src);
		kv_add(b, "reliability", "B");
		kv_add(b, "credibility", chance(R, 600) ? "2" : "3");
		kv_addf(b, "note", "бачив %s у місці утримання «%s» у %s %d р.; %s",
		        o->civ ? "цю людину" : "цього полоненого", o->detention, months_loc[m - 1],
		        y, chance(R, 500) ? "живий, дуже схуд" : "живий, тримається");
		pstate_of(o, "captive", &p);
		rc = demo_child_insert(g, &g->reg, PL_ENT_EVIDENCE, b, &p, NULL);
		g->n.evidence += !rc;
		return rc;
	}
	return 0; /* nobody known held there: nothing to say */
}

/* The reception of s at stage k, and the telling of its family. */
static int reception_write(struct xw *w, struct skel *s)
{
	struct gen *g = w->g;
	struct demo_rng *R = &g->x->rng;
	struct kvb *b = &g->cb;
	const struct demo_exchange *t = &demo_exchanges[w->e];
	const struct xdays *d = &g->x->d[w->e];
	long day = d->day[s->stage];
	long long arrived = (long long)day * 1440 + range(R, 12 * 60, 21 * 60 + 30), told;
	const char *place = d->place[s->stage], *triage = s->health_w;
	char when[32], told_at[32], note[512], wishes[256] = "", not_inform[256] = "";
	unsigned char skip[8] = {0};
	const char *officer;
	int told_any = 0;
	struct sysf sys = {0};
	struct pstate p;
	long long evidence_id;
	int debrief, rc, alone_told = 1, later = 0;

	if (!triage || !strcmp(triage, "unknown"))
		triage =
		        PICK_W(R, ((const struct wstr[]){
		                          {"healthy", 40}, {"wounded", 35}, {"severely_ill", 25}}));
	/* the liaison's queue: some families not yet reached, a few returnees' wishes */
	if (w->e == DEMO_EXCHANGES - 1) {
		for (size_t i = 0; i < s->rel_n && i < NELEM(skip); i++) {
			const struct krel *r = &g->x->rel[s->rel_first + i];
			if (r->safety && w->queue_safety < 3) {
				skip[i] = 1;
				w->queue_safety++;
			} else if (!r->safety && w->queue_plain < 2 && chance(R, 30)) {
				skip[i] = 1;
				w->queue_plain++;
			}
		}
		if (!s->rel_n && w->queue_alone < 1) {
			alone_told = 0;
			w->queue_alone++;
		}
	}
	if (t->kind == XK_JANUARY && s->rel_n >= 2 && w->wishes < 3 && chance(R, 60)) {
		const struct krel *r = &g->x->rel[s->rel_first + 1];
		snprintf(not_inform, sizeof(not_inform), "%s", r->name);
		snprintf(wishes, sizeof(wishes), "усіх інших рідних");
		skip[1] = 1;
		w->wishes++;
	} else if (chance(R, 8)) {
		snprintf(wishes, sizeof(wishes), "%s",
		         chance(R, 500) ? "хоче сам зателефонувати рідним після огляду лікаря"
		                        : "просить повідомити родину якнайшвидше");
	}
	/* one officer tells the family, by day; reception's checklist has the first telling */
	told = arrived + range(R, 60, 36 * 60);
	if (told % 1440 < 8 * 60)
		told += 8 * 60 - told % 1440 + range(R, 0, 90);
	else if (told % 1440 > 20 * 60)
		told += 1440 - told % 1440 + 8 * 60 + range(R, 0, 90);
	officer = PICK(R, officers);
	for (size_t i = 0; i < s->rel_n && i < NELEM(skip); i++)
		told_any |= !skip[i];
	told_any |= !s->rel_n && alone_told;
	debrief = chance(R, s->civ ? 250 : 500);
	fmt_minute(arrived, when);
	snprintf(note, sizeof(note), "arrived on home soil at %s", place);
	kv_reset(b);
	kv_add(b, "arrived", when);
	kv_add(b, "arrival_place", place);
	kv_add(b, "meal", "yes");
	kv_add(b, "triage_health", triage);
	kv_add(b, "identity_confirmed", "yes");
	kv_add(b, "identity_how", PICK_W(R, identity_how));
	if (told_any) {
		fmt_minute(told, told_at);
		kv_add(b, "family_notified", told_at);
		kv_add(b, "notified_by", officer);
		later = 1;
	}
	kv_add(b, "debrief", debrief ? "yes" : "no");
	later |= debrief;
	/* to rehabilitation: most of the severely wounded and ill, half the wounded, some
	 * others */
	if (chance(R, !strcmp(triage, "healthy") ? 150 : !strcmp(triage, "wounded") ? 500 : 900)) {
		kv_add(b, "rehabilitation", PICK(R, rehab));
		later = 1;
	}
	kv_add(b, "inform", wishes);
	kv_add(b, "not_inform", not_inform);
	if (s->abroad)
		kv_add(b, "note", "іноземець: у Ер-Ріяді переданий посольству своєї країни");
	sys_id(&sys, "person_id", s->id);
	sys_id(&sys, "handover_id", s->handover_id);
	if (later)
		sys_add(&sys, "updated", g->db->tx_time);
	if ((rc = row_write(g, &g->reg, PL_ENT_RECEPTION, b, &sys, s->ref, NULL)))
		return rc;
	/* what reception.arrive writes with it: evidence, returned, the repatriation */
	pstate_of(s, "captive", &p);
	if ((rc = demo_evidence_write(g, &p, EV_DOC_OURS, day, "reception", note, &evidence_id)) ||
	    (rc = move(g, &g->reg, s, "captive", "returned", day, "reception", note,
	               evidence_id)) ||
	    (rc = demo_event_write(g, &p, "repatriation", day, 3, place, "reception", note)))
		return rc;
	if (debrief && chance(R, 120) && (rc = debrief_write(w, s, day)))
		return rc;
	return family_tell(g, s, "return", officer, told, skip, alone_told);
}

/* --- the exchanges, one by one --- */

static int exchange_write(struct xw *w)
{
	struct gen *g = w->g;
	const struct xdays *d = &g->x->d[w->e];
	struct strbuf formula = STRBUF_INIT;
	int pending = w->e == DEMO_PENDING, rc = 0;
	w->recv.n = w->give.n = w->req_recv.n = w->req_give.n = 0;
	snprintf(w->ref, sizeof(w->ref), "E-%04d", w->e + 1);
	for (size_t i = 0; i < w->ncap && !rc; i++) {
		struct skel *s = &w->cap[i];
		if (s->exch == w->e && s->role != XR_UNAGREED)
			rc = members_add(g, &w->recv, s);
	}
	for (size_t i = 0; i < w->ndet && !rc; i++)
		if (w->det[i].exch == w->e)
			rc = members_add(g, &w->give, &w->det[i]);
	/* requested: the agreed, and some who were not agreed (the severely wounded the
	 * article's exchange did not bring, again) */
	for (size_t i = 0; i < w->recv.n && !rc; i++)
		rc = members_add(g, &w->req_recv, w->recv.v[i]);
	for (size_t i = 0; i < w->give.n && !rc; i++)
		rc = members_add(g, &w->req_give, w->give.v[i]);
	if (pending)
		for (size_t i = 0; i < w->ncap && !rc; i++)
			if (w->cap[i].role == XR_NOT_CAME)
				rc = members_add(g, &w->req_recv, &w->cap[i]);
	if (!rc)
		rc = request_extras(w, d->requested, (unsigned)(w->recv.n / 10 + 1),
		                    w->give.n ? (unsigned)(w->give.n / 10 + 1) : 0);
	if (rc)
		goto out;
	qsort(w->req_recv.v, w->req_recv.n, sizeof(*w->req_recv.v), by_id);
	qsort(w->req_give.v, w->req_give.n, sizeof(*w->req_give.v), by_id);
	if ((rc = terms(w, &formula)) || (rc = exchange_row(w, formula.buf)) ||
	    (rc = lists_write(w)) || pending || (rc = stages_write(w)))
		goto out;
	for (size_t i = 0; i < w->ncap && !rc; i++) {
		struct skel *s = &w->cap[i];
		if (s->exch == w->e && (s->role == XR_AGREED || s->role == XR_UNAGREED))
			rc = reception_write(w, s);
	}
out:
	strbuf_release(&formula);
	return rc;
}

/* The families of the eleven handed to Hungary, told; the incident. */
static int hungary_write(struct xw *w)
{
	struct gen *g = w->g;
	struct kvb *b = &g->cb;
	struct skel *eleven[N_THIRD] = {0};
	char persons[N_THIRD * PL_REF_MAX + 16] = "";
	unsigned char skip[8] = {0};
	int rc = 0;
	for (size_t i = 0; i < w->ncap; i++)
		if (w->cap[i].hungary)
			eleven[w->cap[i].hungary - 1] = &w->cap[i];
	for (int i = 0; i < N_THIRD && !rc; i++) {
		long long told;
		if (!eleven[i])
			return pl_error_set(g->err, PL_EDATA, "demo: the eleven are not all there");
		snprintf(persons + strlen(persons), sizeof(persons) - strlen(persons), "%s%s",
		         i ? ";" : "", eleven[i]->ref);
		told = (long long)(HUNGARY + range(&g->x->rng, 1, 4)) * 1440;
		told += range(&g->x->rng, 9 * 60, 19 * 60);
		rc = family_tell(g, eleven[i], "third_country", PICK(&g->x->rng, officers), told,
		                 skip, 1);
	}
	if (rc)
		return rc;
	kv_reset(b);
	kv_add(b, "kind", "third_country_transfer");
	kv_day(b, "date", HUNGARY, 3);
	kv_add(b, "state", "Угорщина");
	kv_addf(b, "count", "%d", N_THIRD);
	kv_add(b, "persons", persons);
	kv_add(b, "note",
	       "сторона РФ передала Угорщині 11 наших військовополонених без "
	       "повідомлення України (порушення Женевських конвенцій); РПЦ заявила про "
	       "їхнє «угорське походження», двоє з них кажуть, що угорського коріння не "
	       "мають і що казати так їм наказали");
	return row_write(g, &g->neg, PL_ENT_INCIDENT, b, NULL, NULL, NULL);
}

/*
 * The exchange the office is planning now: proposed, its terms set, no lists yet (parley
 * plan chooses them: docs/planner.md). Fifty for fifty, the severely wounded first (the
 * planner's weights put them first), at least ten civilians.
 */
static int proposed_write(struct xw *w)
{
	struct gen *g = w->g;
	struct kvb *b = &g->cb;
	struct sysf sys = {0};
	snprintf(w->ref, sizeof(w->ref), "E-%04d", DEMO_PENDING + 2);
	kv_reset(b);
	kv_add(b, "title", "Обмін 50 на 50: тяжкопоранені першими, щонайменше 10 цивільних");
	kv_add(b, "negotiation", "переговори Координаційного штабу, новий раунд");
	kv_add(b, "venue", "пункт обміну, Сумська обл.");
	kv_add(b, "note", "формулу погоджено усно; списки ще не складено");
	sys_add(&sys, "ref", w->ref);
	sys_add(&sys, "status", "proposed");
	sys_add(&sys, "formula", DEMO_PROPOSED_TERMS);
	sys_add(&sys, "created", g->db->tx_time);
	sys_add(&sys, "updated", g->db->tx_time);
	return row_write(g, &g->neg, PL_ENT_EXCHANGE, b, &sys, w->ref, &w->id);
}

int demo_exchanges_write(struct gen *g, struct skel *cap, size_t ncap, struct skel *det,
                         size_t ndet)
{
	struct xw w = {0};
	int rc = 0;
	w.g = g;
	w.cap = cap;
	w.det = det;
	w.ncap = ncap;
	w.ndet = ndet;
	g->R = &g->x->rng; /* the draws the row writers make (grades) */
	for (w.e = 0; w.e <= DEMO_PENDING && !rc; w.e++)
		rc = exchange_write(&w);
	if (!rc && (w.queue_safety + w.queue_plain + w.queue_alone == 0 || w.wishes == 0))
		rc = pl_error_set(g->err, PL_EDATA, "demo: the liaison's queue would be empty");
	if (!rc)
		rc = hungary_write(&w);
	if (!rc)
		rc = proposed_write(&w);
	pl_free(w.recv.v);
	pl_free(w.give.v);
	pl_free(w.req_recv.v);
	pl_free(w.req_give.v);
	return rc;
}
