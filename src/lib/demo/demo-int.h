/* demo-int.h - what the files of the demo generator share (src/lib/demo/): the office's
 * calendar and figures, the random draws, the rows being built, the generator's state,
 * the skeleton of each person drawn in the first pass, and the writers of rows
 *
 * demo.c draws and writes the persons, their histories, relatives and inquiries;
 * demo-exchanges.c the exchanges behind the returned (the table of 51, who crossed at
 * each stage, reception, the families told); demo-negotiations.c the negotiation desk
 * behind the exchanges. Every row goes in through the library's
 * internal calls in the demo's one transaction, audited with the action "demo".
 */
#ifndef PARLEY_DEMO_INT_H
#define PARLEY_DEMO_INT_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "parley/date.h"
#include "parley/demo.h"
#include "parley/registry.h"
#include "demo-names.h"
#include "internal.h"

/* the number of elements of an array; a pointer does not compile (GCC and Clang builtins) */
#define NELEM(a)                                                                                   \
	(sizeof(a) / sizeof((a)[0]) +                                                              \
	 0 * sizeof(char[1 -                                                                       \
	                 2 * __builtin_types_compatible_p(__typeof__(a), __typeof__(&(a)[0]))]))

/* --- dates: day numbers since 1970-01-01 (parley/date.h) --- */

#define DAY(y, m, d) pl_days_from_civil(y, m, d)

#define DATE_MAX 16

/* precision: 3 YYYY-MM-DD, 2 YYYY-MM, 1 YYYY */
static inline void fmt_day_p(long day, int precision, char out[DATE_MAX])
{
	int y;
	unsigned m, d;
	pl_civil_from_days(day, &y, &m, &d);
	if (precision >= 3)
		snprintf(out, DATE_MAX, "%04d-%02u-%02u", y % 10000, m % 100, d % 100);
	else if (precision == 2)
		snprintf(out, DATE_MAX, "%04d-%02u", y % 10000, m % 100);
	else
		snprintf(out, DATE_MAX, "%04d", y % 10000);
}

/* --- the office's calendar and figures --- */

/* "today" for the demo: the article (spring 2024, 51 exchanges, 3,135 returned) */
#define TODAY DAY(2024, 5, 20)
#define WAR_START DAY(2022, 2, 24)
#define OLENIVKA DAY(2022, 7, 29)
#define HUNGARY DAY(2023, 6, 8)
#define SAUDI DAY(2022, 9, 21)

#define N_RETURNED 3135
#define N_THIRD 11
#define N_DETAINEES 3000

/* --- random draws --- */

struct wstr {
	const char *s;
	unsigned w;
};

static inline uint64_t below(struct demo_rng *R, uint64_t n)
{
	return demo_rng_below(R, n);
}

/* 1 with a chance of per_mille / 1000 */
static inline int chance(struct demo_rng *R, unsigned per_mille)
{
	return below(R, 1000) < per_mille;
}

/* uniform in [lo, hi]; lo when hi < lo */
static inline long range(struct demo_rng *R, long lo, long hi)
{
	if (hi <= lo)
		return lo;
	return lo + (long)below(R, (uint64_t)(hi - lo + 1));
}

#define PICK(R, a) ((a)[below(R, NELEM(a))])

static inline const char *pick_w(struct demo_rng *R, const struct wstr *t, size_t n)
{
	unsigned long long total = 0, r;
	for (size_t i = 0; i < n; i++)
		total += t[i].w;
	r = below(R, total); /* r < total: the last weight holds what the others leave */
	size_t i = 0;
	for (; i + 1 < n && r >= t[i].w; i++)
		r -= t[i].w;
	return t[i].s;
}
#define PICK_W(R, t) pick_w(R, t, NELEM(t))

/* an index by weights */
static inline size_t pick_i(struct demo_rng *R, const unsigned *w, size_t n)
{
	size_t i = demo_weight_pick(w, n, below(R, demo_weight_total(w, n)));
	return i < n ? i : 0;
}

/* --- inputs of one row: field names and values, the values kept in a pool --- */

struct kvb {
	struct pl_kv kv[48];
	size_t n;
	char pool[16384];
	size_t used;
	int overflow;
};

static inline void kv_reset(struct kvb *b)
{
	b->n = 0;
	b->used = 0;
	b->overflow = 0;
}

static inline void kv_add(struct kvb *b, const char *key, const char *val)
{
	if (!val || !*val)
		return;
	if (b->n >= NELEM(b->kv)) {
		b->overflow = 1;
		return;
	}
	b->kv[b->n].key = key;
	b->kv[b->n].val = val;
	b->n++;
}

static inline __attribute__((format(printf, 3, 4))) void kv_addf(struct kvb *b, const char *key,
                                                                 const char *fmt, ...)
{
	va_list ap;
	size_t room = sizeof(b->pool) - b->used;
	int n;
	va_start(ap, fmt);
	n = vsnprintf(b->pool + b->used, room, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= room) {
		b->overflow = 1;
		return;
	}
	kv_add(b, key, b->pool + b->used);
	b->used += (size_t)n + 1;
}

static inline void kv_day(struct kvb *b, const char *key, long day, int precision)
{
	char d[DATE_MAX];
	if (!day)
		return;
	fmt_day_p(day, precision, d);
	kv_addf(b, key, "%s", d);
}

/* --- the generator --- */

struct demo_exchanges; /* demo-exchanges.c */

struct gen {
	struct pl_db *db;
	struct pl_error *err;
	const struct pl_actor *admin;
	struct pl_actor reg, lia, neg, psy;
	struct demo_rng rng; /* the office's */
	struct demo_rng *R;  /* the current person's */
	struct demo_rng person_rng;
	struct kvb pb, cb; /* a person's fields, a child row's */
	struct pl_demo_counts n;
	unsigned long long uk_m, uk_f, uk_s, ru_m, ru_f, ru_s;
	const char *azov_units[8];
	unsigned azov_w[8];
	size_t n_azov;
	const char *mil_units[128];
	size_t n_mil;
	/* the exchange fund's places: POW camps for servicemen, prisons for the others */
	const char *camps[32], *sizo[32];
	size_t n_camps, n_sizo;
	/* where the other side holds our servicemen */
	const char *prisons[64];
	size_t n_prisons;
	struct demo_exchanges *x; /* the exchanges, from the first pass to the last */
};

/* a person as written */
struct pstate {
	long long id;
	char ref[PL_REF_MAX];
	const char *side;
	char status[24];
};

static inline int kv_check(struct gen *g, const struct kvb *b)
{
	if (b->overflow)
		return pl_error_set(g->err, PL_EDATA, "demo: a row's values do not fit");
	return 0;
}

static inline int set_sys(struct pl_record *r, const char *field, const char *v)
{
	return pl_record_set(r, field, v) ? PL_EDATA : 0;
}

static inline int set_sys_id(struct pl_record *r, const char *field, long long id)
{
	char buf[24];
	snprintf(buf, sizeof(buf), "%lld", id);
	return set_sys(r, field, buf);
}

/* --- rows (demo.c), each audited as "demo" --- */

/* Inserts a row of what for person p from the values in b, by author; *id gets its id. */
int demo_child_insert(struct gen *g, const struct pl_actor *author, enum pl_entity_id what,
                      struct kvb *b, const struct pstate *p, long long *id);
/*
 * A later status of p by author, as pl_person_set_status records it: the status row, then
 * the person's status and status_date. corrects: the wrong entry a correction replaces.
 */
int demo_status_write(struct gen *g, const struct pl_actor *author, struct pstate *p,
                      const char *to, long day, const char *source, long long evidence_id,
                      const char *note, long long corrects, const char *reason, long long *id);
/* An event of p by the registrar. */
int demo_event_write(struct gen *g, const struct pstate *p, const char *kind, long day,
                     int precision, const char *place, const char *source, const char *note);

/* evidence, graded in the Admiralty system as such sources usually are */
enum ev {
	EV_NONE,
	EV_VIDEO,
	EV_PHOTO,
	EV_LIST, /* the other side's list */
	EV_ICRC,
	EV_TESTIMONY, /* a returnee's */
	EV_RELATIVE,
	EV_OPEN,
	EV_DOC_OURS,   /* our own act: a transfer act, a DNA identification */
	EV_DOC_THEIRS, /* the other side's notice */
};
/* Evidence of kind on p by the registrar (source NULL: the usual one); *id its row. */
int demo_evidence_write(struct gen *g, const struct pstate *p, enum ev kind, long day,
                        const char *source, const char *note, long long *id);

/* --- the skeleton: each person as the first pass draws them --- */

enum grp { G_MIL, G_AZOV, G_FOREIGN, G_CIV };
enum fin {
	F_MISSING,
	F_DATA_UNKNOWN,
	F_PROBABLE,
	F_CONFIRMED,
	F_LISTED,
	F_RETURNED,
	F_THIRD,
	F_DIED,
	F_REMAINS,
};
/* a detainee's final status */
enum dfin { D_HELD, D_LISTED, D_EXCHANGED, D_RELEASED, D_DIED };

/* what a person is to the exchanges (the exchanges' plan, demo-exchanges.c) */
enum xrole {
	XR_NONE,
	XR_AGREED,   /* on the agreed list, and crossed */
	XR_UNAGREED, /* crossed, on no agreed list */
	XR_NOT_CAME, /* on the agreed list, and did not cross (a captive of ours) */
	XR_PENDING,  /* on the agreed list of the exchange in preparation */
};
/* a detainee the exchanges need as such */
enum { DS_NONE, DS_NAMED /* named in the terms */, DS_CONVICTED /* sentenced by our court */ };

struct skel {
	long cap; /* capture (or disappearance) day */
	uint64_t seed;
	long long key;
	int idx;
	unsigned char grp, fin, hungary;
	/* the exchanges' plan, before the persons are written */
	signed char exch;      /* the exchange (index in demo_exchanges, DEMO_PENDING), -1 none */
	unsigned char stage;   /* the stage it crossed at, from 0 */
	unsigned char role;    /* enum xrole */
	unsigned char known;   /* XR_UNAGREED: what the office knew: 0 missing, 1 probable, 2
	                        * confirmed */
	unsigned char female;  /* a woman whatever the draw (the women's exchange) */
	unsigned char special; /* detainees: DS_* */
	const char *health;    /* the health its exchange needs, NULL: as drawn */
	long confirm_by;       /* captivity confirmed before this day (an agreed list), 0 */
	/* the persons' pass: what was written */
	long long id;
	char ref[PL_REF_MAX];
	char status[24]; /* its status once written (the exchanges' steps to come) */
	long last_day;   /* of that status */
	long conf_day;   /* captivity confirmed since (0: never) */
	long held_until; /* the end of captivity (TODAY: still held) */
	long listed_day; /* XR_PENDING: listed on this day */
	const char *health_w, *detention;
	unsigned char civ, no_consent, abroad;
	unsigned char requested; /* on a request list besides the agreed (once at most) */
	size_t rel_first, rel_n; /* its relatives kept for the families' telling */
	long long handover_id;
};

/* --- the exchanges (demo-exchanges.c) --- */

enum xkind {
	XK_PLAIN,
	XK_AZOVSTAL,  /* June 2022: at least 95 of Azovstal's defenders */
	XK_SAUDI,     /* September 2022: a stage for the foreigners flown to Riyadh; 215 for 55
	               * and one named */
	XK_WOMEN,     /* October 2022: 108 women */
	XK_CONVICTED, /* a detainee our court sentenced given */
	XK_ARTICLE,   /* 10 severely wounded agreed: 5 of them and 5 unwounded came */
	XK_JANUARY,   /* January 2024: 230 ours, 248 announced; two came unagreed, two agreed
	               * did not */
};
enum xmed { XM_NONE, XM_ICRC, XM_TURKEY_SAUDI, XM_UAE, XM_TURKEY, XM_VATICAN, XM_HUNGARY };

/* one exchange of the demo, approximately as reported: its first stage, persons returned
 * to us (all stages) and given, stages (on the days after the first by off[]) */
struct demo_exchange {
	int y, m, d;
	unsigned received, given;
	unsigned char stages, off[3];
	unsigned char kind;        /* enum xkind */
	unsigned char mediators;   /* enum xmed */
	unsigned announced_theirs; /* 0: as ours */
	const char *what;          /* the title's words after the date, or NULL */
};
#define DEMO_EXCHANGES 51
#define DEMO_PENDING DEMO_EXCHANGES /* the exchange in preparation */
/* The terms of the exchange proposed after it (E-0053), canonical: its lists to plan. */
#define DEMO_PROPOSED_TERMS "receive 50; at least 10 where kind = civilian; give 50"
extern const struct demo_exchange demo_exchanges[DEMO_EXCHANGES];
/* the last exchange carried out */
#define LAST_EXCHANGE DAY(2024, 2, 8)

/* Draws the exchanges' days (the office's generator: after the captives' first pass). */
int demo_exchanges_init(struct gen *g, struct pl_error *err);
void demo_exchanges_free(struct gen *g);
/* The days of exchange e: stage k, agreed. */
long demo_exchange_day(const struct gen *g, int e, int k);
long demo_exchange_agreed(const struct gen *g, int e);
/* How many detainees the exchanges give. */
size_t demo_exchanges_given(void);
/* Assigns each returned captive (fin F_RETURNED) of cap[0..n), in capture order, to a
 * stage of an exchange, and picks those the exchanges' deviations need. */
int demo_exchanges_plan_captives(struct gen *g, struct skel *cap, size_t n);
/* Fills det[0..demo_exchanges_given()) with the detainees given, each at its stage. */
void demo_exchanges_plan_detainees(struct gen *g, struct skel *det);
/* Keeps a relative of s (a returnee, or handed to a third country) to tell the family. */
int demo_relative_keep(struct gen *g, struct skel *s, long long id, const char *name, int safety,
                       const char *channel);
/* The last pass, once every person is written: the exchanges and their mediators, terms,
 * lists, stages, receptions, debriefs, the families told; the exchange in preparation;
 * the Hungary incident. */
int demo_exchanges_write(struct gen *g, struct skel *cap, size_t ncap, struct skel *det,
                         size_t ndet);

/* --- the negotiation desk (demo-negotiations.c) --- */

/* Once the exchanges are written: the negotiations behind them, their sessions, welfare
 * notes, positions, opening lines, the statement ledger, the other side's negotiators and
 * their profiles, and pressure incidents on families. */
int demo_negotiations_write(struct gen *g);

#endif
