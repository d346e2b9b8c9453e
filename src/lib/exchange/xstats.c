/* xstats.c - statistics and patterns of exchanges (xstats.h, docs/exchanges.md, Statistics)
 *
 * Reads the persons, exchanges, mediators, lists and handovers once (store-xstats.c),
 * then counts in memory: each table is built with its lines (which cells add up to which),
 * so that for a role that sees counts only the one rule of suppression (stats_suppress,
 * registry.c) hides every small cell and every cell a line would give away. Shares, lifts
 * and medians are shown only where every count they are made of is.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parley/alloc.h"
#include "parley/date.h"
#include "parley/exchange.h"
#include "parley/xstats.h"
#include "exchange-int.h"
#include "internal.h"
#include "banned.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))
#define NO_DAY LONG_MIN
/* a model needs at least this many of each outcome */
#define MODEL_MIN_EVENTS 10
/* at most this many role tags in the lift table and the model */
#define MAX_TAGS 10
/* the tables, at most */
#define XT_MAX 12

/* --- the attributes persons are counted by ----------------------------------------------- */

static const char *const age_bands[] = {"under_18", "18-25",   "26-35",   "36-45",
                                        "46-60",    "over_60", "unknown", NULL};
static const char *const age_labels[] = {N_("under 18"), "18–25",       "26–35",      "36–45",
                                         "46–60",        N_("over 60"), N_("unknown")};
/* time in captivity, or since capture */
static const char *const time_bands[] = {"under_3m", "3-6m",    "6-12m", "12-24m",
                                         "24m_plus", "unknown", NULL};
static const char *const time_labels[] = {N_("under 3 months"),  N_("3 to 6 months"),
                                          N_("6 to 12 months"),  N_("1 to 2 years"),
                                          N_("2 years or more"), N_("unknown")};
_Static_assert(NELEM(age_bands) == NELEM(age_labels) + 1, "a label for each age band");
_Static_assert(NELEM(time_bands) == NELEM(time_labels) + 1, "a label for each time band");

enum xattr { XA_KIND, XA_SEX, XA_HEALTH, XA_AGE, XA_SINCE, XA__MAX };
static const struct {
	const char *name, *title;
	const char *const *tokens;
	const char *const *labels; /* NULL: the field's (record.c) */
	const char *unknown;       /* the token a missing value counts as */
	const char *reference;     /* the model's reference level when it may be (NULL: the
	                              known level with the most persons) */
} xattrs[XA__MAX] = {
        [XA_KIND] = {"kind", N_("military or civilian"), pl_kinds, NULL, NULL, "military"},
        [XA_SEX] = {"sex", N_("sex"), pl_sexes, NULL, "unknown", "m"},
        [XA_HEALTH] = {"health", N_("health"), pl_health, NULL, "unknown", "healthy"},
        [XA_AGE] = {"age", N_("age at capture"), age_bands, age_labels, "unknown", NULL},
        [XA_SINCE] = {"held_since", N_("time since capture"), time_bands, time_labels, "unknown",
                      NULL},
};

static size_t ntokens(const char *const *t)
{
	size_t n = 0;
	while (t[n])
		n++;
	return n;
}

static int token_index(const char *const *t, const char *v)
{
	for (int i = 0; v && t[i]; i++)
		if (!strcmp(t[i], v))
			return i;
	return -1;
}

/* The day of a date as parley writes it (YYYY, YYYY-MM, YYYY-MM-DD, maybe a time after):
 * a year alone is its middle, a month its 15th; NO_DAY when it is none. */
static long day_of(const char *s)
{
	int y = 0, n = 0;
	unsigned m = 7, d = 1;
	if (!s)
		return NO_DAY;
	for (; n < 4 && s[n] >= '0' && s[n] <= '9'; n++)
		y = y * 10 + (s[n] - '0');
	if (n != 4)
		return NO_DAY;
	if (s[4] == '-' && s[5] >= '0' && s[5] <= '1' && s[6] >= '0' && s[6] <= '9') {
		m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
		d = 15;
		if (s[7] == '-' && s[8] >= '0' && s[8] <= '3' && s[9] >= '0' && s[9] <= '9')
			d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	}
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return NO_DAY;
	return pl_days_from_civil(y, m, d);
}

static int time_band(long days)
{
	if (days < 0)
		return 5;
	return days < 91 ? 0 : days < 183 ? 1 : days < 365 ? 2 : days < 730 ? 3 : 4;
}

static int age_band(long birth, long capture)
{
	double years;
	if (birth == NO_DAY || capture == NO_DAY || capture < birth)
		return 6;
	years = (double)(capture - birth) / 365.2425;
	return years < 18   ? 0
	       : years < 26 ? 1
	       : years < 36 ? 2
	       : years < 46 ? 3
	       : years < 61 ? 4
	                    : 5;
}

/* --- what is read ------------------------------------------------------------------------ */

enum { XS_OTHER, XS_RETURNED, XS_HELD };

struct xperson {
	long long id;
	int detainee;
	int attr[XA__MAX];
	int outcome;    /* XS_: returned, still held (confirmed or listed), other */
	long capture;   /* day, or NO_DAY */
	long returned;  /* the day of the return, or NO_DAY */
	char *tags;     /* ";medic;azovstal;" or NULL */
	long captivity; /* days: to the return, or to as_of while held; -1 unknown */
};

struct xexchange {
	long long id;
	char *ref, *status, *mediators;
	long day; /* its first stage, else its agreed or planned date */
	char date[11];
	int took_place, counted;
	long long pending;
};

struct xmediator {
	long long exchange_id;
	char *name;
};

struct xlink {
	long long exchange_id, person_id;
	int what; /* 0 request, 1 agreed, 2 crossed */
	int give;
	long day;
};

struct xdata {
	struct xperson *p;
	size_t np, pcap;
	struct xexchange *x;
	size_t nx, xcap;
	struct xmediator *m;
	size_t nm, mcap;
	struct xlink *l;
	size_t nl, lcap;
	long as_of;
	struct pl_error *err;
};

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *nv;
	size_t c;
	if (n < *cap)
		return 0;
	c = *cap ? 2 * *cap : 64;
	if (!(nv = pl_realloc(*v, c * size)))
		return PL_EDATA;
	*v = nv;
	*cap = c;
	return 0;
}

static int person_one(void *ctx, const struct store_xperson *sp)
{
	struct xdata *d = ctx;
	struct xperson *p;
	long birth;
	if (grow((void **)&d->p, &d->pcap, d->np, sizeof(*d->p)))
		return pl_error_set(d->err, PL_EDATA, "out of memory");
	p = &d->p[d->np];
	memset(p, 0, sizeof(*p));
	p->id = sp->id;
	p->detainee = sp->side && !strcmp(sp->side, "detainee");
	for (int a = XA_KIND; a <= XA_HEALTH; a++) {
		const char *v = a == XA_KIND ? sp->kind : a == XA_SEX ? sp->sex : sp->health;
		int i = token_index(xattrs[a].tokens, v);
		if (i < 0)
			i = xattrs[a].unknown ? token_index(xattrs[a].tokens, xattrs[a].unknown)
			                      : 0;
		p->attr[a] = i;
	}
	p->capture = day_of(sp->capture_date);
	birth = day_of(sp->birth_date);
	p->attr[XA_AGE] = age_band(birth, p->capture);
	p->attr[XA_SINCE] = p->capture == NO_DAY ? 5 : time_band(d->as_of - p->capture);
	p->returned = NO_DAY;
	p->captivity = -1;
	if (!p->detainee && sp->status) {
		if (!strcmp(sp->status, "returned")) {
			p->outcome = XS_RETURNED;
			p->returned = day_of(sp->status_date);
			if (p->capture != NO_DAY && p->returned != NO_DAY &&
			    p->returned >= p->capture)
				p->captivity = p->returned - p->capture;
		} else if (!strcmp(sp->status, "confirmed") || !strcmp(sp->status, "listed")) {
			p->outcome = XS_HELD;
			if (p->capture != NO_DAY && d->as_of >= p->capture)
				p->captivity = d->as_of - p->capture;
		}
	}
	if (sp->tags && *sp->tags) {
		size_t n = strlen(sp->tags);
		if (!(p->tags = pl_malloc(n + 3)))
			return pl_error_set(d->err, PL_EDATA, "out of memory");
		p->tags[0] = ';';
		memcpy(p->tags + 1, sp->tags, n);
		p->tags[n + 1] = ';';
		p->tags[n + 2] = '\0';
	}
	d->np++;
	return 0;
}

static struct xperson *person_by_id(const struct xdata *d, long long id)
{
	size_t lo = 0, hi = d->np;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (d->p[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < d->np && d->p[lo].id == id ? &d->p[lo] : NULL;
}

static int exchange_one(void *ctx, const struct store_xexchange *sx)
{
	struct xdata *d = ctx;
	struct xexchange *x;
	const char *date = sx->first_stage   ? sx->first_stage
	                   : sx->agreed_date ? sx->agreed_date
	                                     : sx->planned_date;
	int done;
	if (grow((void **)&d->x, &d->xcap, d->nx, sizeof(*d->x)))
		return pl_error_set(d->err, PL_EDATA, "out of memory");
	x = &d->x[d->nx];
	memset(x, 0, sizeof(*x));
	x->id = sx->id;
	x->ref = pl_strdup(sx->ref);
	x->status = pl_strdup(sx->status);
	d->nx++;
	if (!x->ref || !x->status)
		return pl_error_set(d->err, PL_EDATA, "out of memory");
	x->day = day_of(date);
	snprintf(x->date, sizeof(x->date), "%.10s", date ? date : "");
	done = !strcmp(sx->status, "executed") || !strcmp(sx->status, "reconciled") ||
	       !strcmp(sx->status, "closed");
	x->took_place = sx->stages > 0 || done;
	x->pending = sx->pending;
	/* told: carried out, and every one of ours it delivered home */
	x->counted = done && sx->pending == 0 ? 2 : x->took_place;
	return 0;
}

static struct xexchange *exchange_by_id(const struct xdata *d, long long id)
{
	for (size_t i = 0; i < d->nx; i++)
		if (d->x[i].id == id)
			return &d->x[i];
	return NULL;
}

static int mediator_one(void *ctx, long long exchange_id, const char *name)
{
	struct xdata *d = ctx;
	if (!name || !*name)
		return 0;
	if (grow((void **)&d->m, &d->mcap, d->nm, sizeof(*d->m)))
		return pl_error_set(d->err, PL_EDATA, "out of memory");
	d->m[d->nm].exchange_id = exchange_id;
	if (!(d->m[d->nm].name = pl_strdup(name)))
		return pl_error_set(d->err, PL_EDATA, "out of memory");
	d->nm++;
	return 0;
}

static int link_one(void *ctx, const struct store_xlink *sl)
{
	struct xdata *d = ctx;
	struct xlink *l;
	if (grow((void **)&d->l, &d->lcap, d->nl, sizeof(*d->l)))
		return pl_error_set(d->err, PL_EDATA, "out of memory");
	l = &d->l[d->nl++];
	l->exchange_id = sl->exchange_id;
	l->person_id = sl->person_id;
	l->what = !strcmp(sl->what, "request") ? 0 : !strcmp(sl->what, "agreed") ? 1 : 2;
	l->give = sl->side && !strcmp(sl->side, "give");
	l->day = day_of(sl->date);
	return 0;
}

static void xdata_release(struct xdata *d)
{
	for (size_t i = 0; i < d->np; i++)
		pl_free(d->p[i].tags);
	for (size_t i = 0; i < d->nx; i++) {
		pl_free(d->x[i].ref);
		pl_free(d->x[i].status);
		pl_free(d->x[i].mediators);
	}
	for (size_t i = 0; i < d->nm; i++)
		pl_free(d->m[i].name);
	pl_free(d->p);
	pl_free(d->x);
	pl_free(d->m);
	pl_free(d->l);
}

/* --- building a table -------------------------------------------------------------------- */

/* The strings cells point into, freed with the statistics. */
struct pool {
	char **v;
	size_t n, cap;
};

static const char *pool_add(struct pool *pl, const char *s)
{
	char *c;
	if (!s)
		return NULL;
	if (grow((void **)&pl->v, &pl->cap, pl->n, sizeof(*pl->v)) || !(c = pl_strdup(s)))
		return NULL;
	pl->v[pl->n++] = c;
	return c;
}

struct colspec {
	const char *name, *title;
	enum pl_xcol_kind kind;
	int decimals;
};

struct tb {
	struct pl_xstats *x;
	struct pool *pool;
	enum pl_ui_lang lang;
	struct pl_xtable *t;
	struct pl_xcol *cols;
	size_t ncols, nrows, rcap;
	struct pl_xcell *cells;
	unsigned char *hidden; /* rows counted in lines but not shown */
	struct stats_line *lines;
	size_t nlines, lcap;
	size_t *idx;
	size_t nidx, icap;
	size_t *line_start; /* the lines' cells as offsets into idx until the end */
	size_t scap;
	int failed;
};

static void tb_init(struct tb *b, struct pl_xstats *x, struct pool *pool, enum pl_ui_lang lang,
                    const struct colspec *cs, size_t ncols)
{
	memset(b, 0, sizeof(*b));
	b->x = x;
	b->pool = pool;
	b->lang = lang;
	b->ncols = ncols;
	b->cols = pl_calloc(ncols, sizeof(*b->cols));
	if (!b->cols) {
		b->failed = 1;
		return;
	}
	for (size_t c = 0; c < ncols; c++) {
		b->cols[c].name = cs[c].name;
		b->cols[c].title = pl_tr(lang, cs[c].title);
		b->cols[c].kind = cs[c].kind;
		b->cols[c].decimals = cs[c].decimals;
	}
}

static size_t tb_row(struct tb *b)
{
	if (b->failed)
		return 0;
	if (b->nrows == b->rcap) {
		size_t cap = b->rcap ? 2 * b->rcap : 16;
		struct pl_xcell *c = pl_realloc(b->cells, cap * b->ncols * sizeof(*c));
		unsigned char *h;
		if (!c) {
			b->failed = 1;
			return 0;
		}
		b->cells = c;
		if (!(h = pl_realloc(b->hidden, cap))) {
			b->failed = 1;
			return 0;
		}
		b->hidden = h;
		b->rcap = cap;
	}
	memset(&b->cells[b->nrows * b->ncols], 0, b->ncols * sizeof(*b->cells));
	for (size_t c = 0; c < b->ncols; c++)
		b->cells[b->nrows * b->ncols + c].state = PL_XCELL_NONE;
	b->hidden[b->nrows] = 0;
	return b->nrows++;
}

static struct pl_xcell *tb_cell(struct tb *b, size_t r, size_t c)
{
	static struct pl_xcell scratch;
	if (b->failed || r >= b->nrows || c >= b->ncols)
		return &scratch;
	return &b->cells[r * b->ncols + c];
}

static void tb_text(struct tb *b, size_t r, size_t c, const char *token, const char *label)
{
	struct pl_xcell *cell = tb_cell(b, r, c);
	if (b->failed)
		return;
	cell->token = token ? pool_add(b->pool, token) : NULL;
	cell->label = label ? pool_add(b->pool, label) : NULL;
	if ((token && !cell->token) || (label && !cell->label))
		b->failed = 1;
	cell->state = token || label ? PL_XCELL_SHOWN : PL_XCELL_NONE;
}

static void tb_num(struct tb *b, size_t r, size_t c, double v)
{
	struct pl_xcell *cell = tb_cell(b, r, c);
	cell->value = v;
	cell->state = isfinite(v) ? PL_XCELL_SHOWN : PL_XCELL_NONE;
	if (!isfinite(v))
		cell->value = 0;
}

/* A line: cells (r, c) of the n pairs; the last is the line's total when total is set. */
static void tb_line(struct tb *b, const size_t *rc, size_t n, int total)
{
	if (b->failed)
		return;
	if (grow((void **)&b->lines, &b->lcap, b->nlines, sizeof(*b->lines)) ||
	    grow((void **)&b->line_start, &b->scap, b->nlines, sizeof(*b->line_start))) {
		b->failed = 1;
		return;
	}
	b->line_start[b->nlines] = b->nidx;
	for (size_t k = 0; k < n; k++) {
		if (grow((void **)&b->idx, &b->icap, b->nidx, sizeof(*b->idx))) {
			b->failed = 1;
			return;
		}
		b->idx[b->nidx++] = rc[2 * k] * b->ncols + rc[2 * k + 1];
	}
	b->lines[b->nlines].n = n;
	b->lines[b->nlines].total = total ? n - 1 : n;
	b->nlines++;
}

/* The line of column c over rows [r0, r1) and the total row tot. */
static void tb_column_line(struct tb *b, size_t c, size_t r0, size_t r1, size_t tot)
{
	size_t *rc;
	if (b->failed)
		return;
	if (!(rc = pl_malloc(2 * (r1 - r0 + 1) * sizeof(*rc)))) {
		b->failed = 1;
		return;
	}
	for (size_t r = r0; r < r1; r++) {
		rc[2 * (r - r0)] = r;
		rc[2 * (r - r0) + 1] = c;
	}
	rc[2 * (r1 - r0)] = tot;
	rc[2 * (r1 - r0) + 1] = c;
	tb_line(b, rc, r1 - r0 + 1, 1);
	pl_free(rc);
}

/* Frees a table that is not handed over. */
static void tb_discard(struct tb *b)
{
	pl_free(b->cols);
	pl_free(b->cells);
	pl_free(b->hidden);
	pl_free(b->lines);
	pl_free(b->line_start);
	pl_free(b->idx);
	memset(b, 0, sizeof(*b));
}

/*
 * Suppression for a counts-only role (the rule of registry.c), then the table handed to
 * x: hidden rows left out. grand_row: the row of grand totals (-1: none).
 */
static int tb_finish(struct tb *b, const char *name, const char *title, const char *note,
                     int total_row, long grand_row, int counts_only)
{
	struct pl_xtable *t;
	size_t n = b->nrows * b->ncols, kept = 0;
	if (!b->failed && counts_only && n) {
		struct stats_cell *sc = pl_calloc(n, sizeof(*sc));
		if (!sc) {
			b->failed = 1;
		} else {
			for (size_t l = 0; l < b->nlines; l++)
				b->lines[l].cell = b->idx + b->line_start[l];
			for (size_t i = 0; i < n; i++) {
				const struct pl_xcell *cell = &b->cells[i];
				int counts = b->cols[i % b->ncols].kind == PL_XCOL_COUNT &&
				             cell->state == PL_XCELL_SHOWN;
				sc[i].count = counts ? (long long)cell->value : LLONG_MAX;
				sc[i].grand = grand_row >= 0 && i / b->ncols == (size_t)grand_row;
			}
			stats_suppress(sc, n, b->lines, b->nlines);
			for (size_t i = 0; i < n; i++)
				if (sc[i].suppressed) {
					b->cells[i].state = sc[i].suppressed == 1
					                            ? PL_XCELL_SMALL
					                            : PL_XCELL_WITHHELD;
					b->cells[i].value = 0;
				}
			pl_free(sc);
		}
	}
	if (b->x->ntables == XT_MAX)
		b->failed = 1;
	if (b->failed) {
		tb_discard(b);
		return PL_EDATA;
	}
	/* hidden rows out */
	for (size_t r = 0; r < b->nrows; r++)
		if (!b->hidden[r]) {
			if (kept != r)
				memmove(&b->cells[kept * b->ncols], &b->cells[r * b->ncols],
				        b->ncols * sizeof(*b->cells));
			kept++;
		}
	t = &b->x->tables[b->x->ntables++];
	memset(t, 0, sizeof(*t));
	t->name = name;
	t->title = pl_tr(b->lang, title);
	t->note = note ? pl_tr(b->lang, note) : NULL;
	t->cols = b->cols;
	t->ncols = b->ncols;
	t->nrows = kept;
	t->cells = b->cells;
	t->total_row = total_row;
	pl_free(b->hidden);
	pl_free(b->lines);
	pl_free(b->line_start);
	pl_free(b->idx);
	return 0;
}

/* --- the tables ------------------------------------------------------------------------- */

struct xctx {
	struct pl_db *db;
	struct xdata *d;
	struct pl_xstats *x;
	struct pool *pool;
	enum pl_ui_lang lang;
	int counts_only;
	struct pl_error *err;
	/* tags carried by enough of the model's population, most carried first */
	char *tags[MAX_TAGS];
	size_t ntags;
};

static const char *tr(const struct xctx *c, const char *s) __attribute__((format_arg(2)));
static const char *tr(const struct xctx *c, const char *s)
{
	return pl_tr(c->lang, s);
}

static const char *attr_label(const struct xctx *c, int a, int v)
{
	if (xattrs[a].labels)
		return tr(c, xattrs[a].labels[v]);
	return tr(c, pl_token_label(xattrs[a].tokens, xattrs[a].tokens[v]));
}

/* A date as the language writes it: 25.06.2024 in Ukrainian. */
static const char *date_label(const struct xctx *c, const char *d, char *buf, size_t cap)
{
	if (c->lang != PL_UI_UK || strlen(d) != 10)
		return d;
	snprintf(buf, cap, "%.2s.%.2s.%.4s", d + 8, d + 5, d);
	return buf;
}

static int counted(const struct xctx *c, const struct xexchange *x)
{
	return c->x->told_only ? x->counted == 2 : x->took_place;
}

static int has_tag(const struct xperson *p, const char *tag)
{
	char needle[128];
	if (!p->tags)
		return 0;
	snprintf(needle, sizeof(needle), ";%s;", tag);
	return strstr(p->tags, needle) != NULL;
}

static int table_summary(struct xctx *c)
{
	static const struct colspec cs[] = {
	        {"exchanges", N_("exchanges"), PL_XCOL_NUMBER, 0},
	        {"returned", N_("returned"), PL_XCOL_COUNT, 0},
	        {"held", N_("still held"), PL_XCOL_COUNT, 0},
	        {"received", N_("ours received in exchanges"), PL_XCOL_COUNT, 0},
	        {"given", N_("theirs handed over"), PL_XCOL_COUNT, 0},
	};
	struct tb b;
	long long ex = 0, ret = 0, held = 0, recv = 0, given = 0;
	size_t r;
	for (size_t i = 0; i < c->d->nx; i++)
		ex += counted(c, &c->d->x[i]);
	for (size_t i = 0; i < c->d->np; i++) {
		ret += c->d->p[i].outcome == XS_RETURNED;
		held += c->d->p[i].outcome == XS_HELD;
	}
	for (size_t i = 0; i < c->d->nl; i++) {
		const struct xlink *l = &c->d->l[i];
		const struct xexchange *x = exchange_by_id(c->d, l->exchange_id);
		if (l->what == 2 && x && counted(c, x)) {
			recv += !l->give;
			given += l->give;
		}
	}
	tb_init(&b, c->x, c->pool, c->lang, cs, NELEM(cs));
	r = tb_row(&b);
	tb_num(&b, r, 0, (double)ex);
	tb_num(&b, r, 1, (double)ret);
	tb_num(&b, r, 2, (double)held);
	tb_num(&b, r, 3, (double)recv);
	tb_num(&b, r, 4, (double)given);
	return tb_finish(&b, "summary", N_("exchanges and persons returned"),
	                 N_("returned: ours whose status is returned, however they came; still "
	                    "held: captivity confirmed (listed or not)"),
	                 0, -1, c->counts_only);
}

static long month_of(long day)
{
	int y;
	unsigned m, dd;
	pl_civil_from_days(day, &y, &m, &dd);
	return (long)y * 12 + (long)(m - 1);
}

static int table_by_month(struct xctx *c)
{
	static const struct colspec cs[] = {
	        {"month", N_("month"), PL_XCOL_TEXT, 0},
	        {"exchanges", N_("exchanges"), PL_XCOL_NUMBER, 0},
	        {"received", N_("ours received at stages"), PL_XCOL_COUNT, 0},
	        {"returned", N_("returned"), PL_XCOL_COUNT, 0},
	};
	struct tb b;
	long first = LONG_MAX, last = LONG_MIN;
	long long *ex = NULL, *recv = NULL, *ret = NULL, tex = 0, trecv = 0, tret = 0;
	long long uex = 0, urecv = 0, uret = 0; /* without a date */
	size_t nm = 0, r;
	int rc;
	/* the months from the first to the last with anything */
	for (size_t i = 0; i < c->d->nx; i++)
		if (counted(c, &c->d->x[i]) && c->d->x[i].day != NO_DAY) {
			long m = month_of(c->d->x[i].day);
			first = m < first ? m : first;
			last = m > last ? m : last;
		}
	for (size_t i = 0; i < c->d->np; i++)
		if (c->d->p[i].outcome == XS_RETURNED && c->d->p[i].returned != NO_DAY) {
			long m = month_of(c->d->p[i].returned);
			first = m < first ? m : first;
			last = m > last ? m : last;
		}
	for (size_t i = 0; i < c->d->nl; i++) {
		const struct xexchange *x = exchange_by_id(c->d, c->d->l[i].exchange_id);
		if (c->d->l[i].what == 2 && !c->d->l[i].give && x && counted(c, x) &&
		    c->d->l[i].day != NO_DAY) {
			long m = month_of(c->d->l[i].day);
			first = m < first ? m : first;
			last = m > last ? m : last;
		}
	}
	if (first <= last) {
		nm = (size_t)(last - first + 1);
		ex = pl_calloc(nm, sizeof(*ex));
		recv = pl_calloc(nm, sizeof(*recv));
		ret = pl_calloc(nm, sizeof(*ret));
		if (!ex || !recv || !ret) {
			pl_free(ex);
			pl_free(recv);
			pl_free(ret);
			return pl_error_set(c->err, PL_EDATA, "out of memory");
		}
	}
	for (size_t i = 0; i < c->d->nx; i++)
		if (counted(c, &c->d->x[i])) {
			tex++;
			if (c->d->x[i].day != NO_DAY)
				ex[month_of(c->d->x[i].day) - first]++;
			else
				uex++;
		}
	for (size_t i = 0; i < c->d->np; i++)
		if (c->d->p[i].outcome == XS_RETURNED) {
			tret++;
			if (c->d->p[i].returned != NO_DAY)
				ret[month_of(c->d->p[i].returned) - first]++;
			else
				uret++;
		}
	for (size_t i = 0; i < c->d->nl; i++) {
		const struct xexchange *x = exchange_by_id(c->d, c->d->l[i].exchange_id);
		if (c->d->l[i].what != 2 || c->d->l[i].give || !x || !counted(c, x))
			continue;
		trecv++;
		if (c->d->l[i].day != NO_DAY)
			recv[month_of(c->d->l[i].day) - first]++;
		else
			urecv++;
	}
	tb_init(&b, c->x, c->pool, c->lang, cs, NELEM(cs));
	for (size_t k = 0; k < nm; k++) {
		char token[16], label[16];
		long m = first + (long)k;
		snprintf(token, sizeof(token), "%04ld-%02ld", m / 12 % 10000, m % 12 + 1);
		if (c->lang == PL_UI_UK)
			snprintf(label, sizeof(label), "%02ld.%04ld", m % 12 + 1, m / 12 % 10000);
		else
			snprintf(label, sizeof(label), "%s", token);
		r = tb_row(&b);
		tb_text(&b, r, 0, token, label);
		tb_num(&b, r, 1, (double)ex[k]);
		tb_num(&b, r, 2, (double)recv[k]);
		tb_num(&b, r, 3, (double)ret[k]);
	}
	if (uex || urecv || uret) {
		r = tb_row(&b);
		tb_text(&b, r, 0, "unknown", tr(c, N_("date not recorded")));
		tb_num(&b, r, 1, (double)uex);
		tb_num(&b, r, 2, (double)urecv);
		tb_num(&b, r, 3, (double)uret);
	}
	r = tb_row(&b);
	tb_text(&b, r, 0, "total", tr(c, N_("total")));
	tb_num(&b, r, 1, (double)tex);
	tb_num(&b, r, 2, (double)trecv);
	tb_num(&b, r, 3, (double)tret);
	tb_column_line(&b, 2, 0, r, r);
	tb_column_line(&b, 3, 0, r, r);
	pl_free(ex);
	pl_free(recv);
	pl_free(ret);
	rc = tb_finish(&b, "by_month", N_("exchanges and persons returned, by month"),
	               N_("an exchange in the month of its first stage; returned: in the month "
	                  "of the status"),
	               1, (long)r, c->counts_only);
	return rc ? pl_error_set(c->err, rc, "out of memory") : 0;
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int table_mediators(struct xctx *c)
{
	static const struct colspec cs[] = {
	        {"mediator", N_("mediator"), PL_XCOL_TEXT, 0},
	        {"exchanges", N_("exchanges"), PL_XCOL_NUMBER, 0},
	        {"received", N_("ours received"), PL_XCOL_COUNT, 0},
	        {"given", N_("theirs handed over"), PL_XCOL_COUNT, 0},
	};
	struct tb b;
	char **names = NULL;
	size_t nn = 0, r;
	long long tex = 0, trecv = 0, tgiven = 0;
	int rc;
	if (c->d->nm && !(names = pl_calloc(c->d->nm, sizeof(*names))))
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	/* the names of the mediators of counted exchanges, once each, in their order */
	for (size_t i = 0; i < c->d->nm; i++) {
		const struct xexchange *x = exchange_by_id(c->d, c->d->m[i].exchange_id);
		int seen = 0;
		if (!x || !counted(c, x))
			continue;
		for (size_t k = 0; k < nn && !seen; k++)
			seen = !strcmp(names[k], c->d->m[i].name);
		if (!seen)
			names[nn++] = c->d->m[i].name;
	}
	if (nn)
		qsort(names, nn, sizeof(*names), name_cmp);
	tb_init(&b, c->x, c->pool, c->lang, cs, NELEM(cs));
	for (size_t k = 0; k <= nn; k++) {
		long long ex = 0, recv = 0, given = 0;
		for (size_t i = 0; i < c->d->nx; i++) {
			const struct xexchange *x = &c->d->x[i];
			int with = 0, any = 0;
			if (!counted(c, x))
				continue;
			for (size_t m = 0; m < c->d->nm; m++)
				if (c->d->m[m].exchange_id == x->id) {
					any = 1;
					with |= k < nn && !strcmp(c->d->m[m].name, names[k]);
				}
			if (k == nn ? any : !with)
				continue;
			ex++;
			for (size_t l = 0; l < c->d->nl; l++)
				if (c->d->l[l].exchange_id == x->id && c->d->l[l].what == 2) {
					recv += !c->d->l[l].give;
					given += c->d->l[l].give;
				}
		}
		if (k == nn && !ex)
			break;
		r = tb_row(&b);
		if (k < nn)
			tb_text(&b, r, 0, names[k], names[k]);
		else
			tb_text(&b, r, 0, "none", tr(c, N_("no mediator")));
		tb_num(&b, r, 1, (double)ex);
		tb_num(&b, r, 2, (double)recv);
		tb_num(&b, r, 3, (double)given);
	}
	for (size_t i = 0; i < c->d->nx; i++)
		if (counted(c, &c->d->x[i]))
			tex++;
	for (size_t l = 0; l < c->d->nl; l++) {
		const struct xexchange *x = exchange_by_id(c->d, c->d->l[l].exchange_id);
		if (c->d->l[l].what == 2 && x && counted(c, x)) {
			trecv += !c->d->l[l].give;
			tgiven += c->d->l[l].give;
		}
	}
	r = tb_row(&b);
	tb_text(&b, r, 0, "total", tr(c, N_("every exchange")));
	tb_num(&b, r, 1, (double)tex);
	tb_num(&b, r, 2, (double)trecv);
	tb_num(&b, r, 3, (double)tgiven);
	/* an exchange with two mediators counts for both: the rows may add up to more than
	 * the total, and a line is then only more careful than it need be */
	tb_column_line(&b, 2, 0, r, r);
	tb_column_line(&b, 3, 0, r, r);
	pl_free(names);
	rc = tb_finish(&b, "mediators", N_("exchanges and persons, by mediator"),
	               N_("an exchange with several mediators counts for each"), 1, (long)r,
	               c->counts_only);
	return rc ? pl_error_set(c->err, rc, "out of memory") : 0;
}

static int long_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return x < y ? -1 : x > y;
}

static double quantile(const long *v, size_t n, double q)
{
	double pos = q * (double)(n - 1);
	size_t i = (size_t)pos;
	double f = pos - (double)i;
	return i + 1 < n ? (double)v[i] * (1 - f) + (double)v[i + 1] * f : (double)v[i];
}

static int table_captivity(struct xctx *c)
{
	static const struct colspec cs[] = {
	        {"band", N_("time in captivity"), PL_XCOL_TEXT, 0},
	        {"returned", N_("returned"), PL_XCOL_COUNT, 0},
	        {"held", N_("still held"), PL_XCOL_COUNT, 0},
	};
	static const struct colspec ms[] = {
	        {"group", N_("who"), PL_XCOL_TEXT, 0},
	        {"persons", N_("persons with a capture date"), PL_XCOL_COUNT, 0},
	        {"median_days", N_("median, days"), PL_XCOL_NUMBER, 0},
	        {"q1_days", N_("a quarter held less than, days"), PL_XCOL_NUMBER, 0},
	        {"q3_days", N_("a quarter held more than, days"), PL_XCOL_NUMBER, 0},
	};
	long long n[2][6] = {{0}}, tot[2] = {0};
	long *days[2] = {NULL, NULL};
	size_t nd[2] = {0, 0}, r;
	struct tb b;
	int rc;
	for (int g = 0; g < 2; g++)
		if (c->d->np && !(days[g] = pl_malloc(c->d->np * sizeof(long)))) {
			pl_free(days[0]);
			return pl_error_set(c->err, PL_EDATA, "out of memory");
		}
	for (size_t i = 0; i < c->d->np; i++) {
		const struct xperson *p = &c->d->p[i];
		int g = p->outcome == XS_RETURNED ? 0 : p->outcome == XS_HELD ? 1 : -1;
		if (g < 0)
			continue;
		n[g][p->captivity < 0 ? 5 : time_band(p->captivity)]++;
		tot[g]++;
		if (p->captivity >= 0)
			days[g][nd[g]++] = p->captivity;
	}
	tb_init(&b, c->x, c->pool, c->lang, cs, NELEM(cs));
	for (int k = 0; k < 6; k++) {
		r = tb_row(&b);
		tb_text(&b, r, 0, time_bands[k], tr(c, time_labels[k]));
		tb_num(&b, r, 1, (double)n[0][k]);
		tb_num(&b, r, 2, (double)n[1][k]);
	}
	r = tb_row(&b);
	tb_text(&b, r, 0, "total", tr(c, N_("total")));
	tb_num(&b, r, 1, (double)tot[0]);
	tb_num(&b, r, 2, (double)tot[1]);
	tb_column_line(&b, 1, 0, r, r);
	tb_column_line(&b, 2, 0, r, r);
	if ((rc = tb_finish(&b, "captivity",
	                    N_("time in captivity: the returned and those still held"),
	                    N_("returned: from capture to the return; still held: from capture to "
	                       "the day of the figures"),
	                    1, (long)r, c->counts_only)))
		goto out;
	tb_init(&b, c->x, c->pool, c->lang, ms, NELEM(ms));
	for (int g = 0; g < 2; g++) {
		if (nd[g])
			qsort(days[g], nd[g], sizeof(long), long_cmp);
		r = tb_row(&b);
		tb_text(&b, r, 0, g ? "held" : "returned",
		        g ? tr(c, N_("still held")) : tr(c, N_("returned")));
		tb_num(&b, r, 1, (double)nd[g]);
		if (nd[g]) {
			tb_num(&b, r, 2, quantile(days[g], nd[g], 0.5));
			tb_num(&b, r, 3, quantile(days[g], nd[g], 0.25));
			tb_num(&b, r, 4, quantile(days[g], nd[g], 0.75));
		}
	}
	if (c->counts_only) /* the quartiles of a few persons are their own times */
		for (size_t k = 0; k < b.nrows; k++)
			if (tb_cell(&b, k, 1)->value < PL_STATS_MIN_CELL)
				for (size_t col = 2; col < 5; col++)
					tb_cell(&b, k, col)->state = PL_XCELL_NONE;
	rc = tb_finish(&b, "captivity_median", N_("time in captivity, in days"), NULL, 0, -1,
	               c->counts_only);
out:
	pl_free(days[0]);
	pl_free(days[1]);
	return rc ? pl_error_set(c->err, rc, "out of memory") : 0;
}

/* per exchange: the terms of its formula, held or broken, and by how many short */
struct terms_ctx {
	long held, broken, shortfall;
};

static int term_one(void *ctx, const struct pl_finding *f)
{
	struct terms_ctx *t = ctx;
	if (f->kind != PL_FIND_TERM)
		return 0;
	if (f->holds) {
		t->held++;
	} else {
		t->broken++;
		if (f->side && !strcmp(f->side, "receive") && f->have < f->need)
			t->shortfall += f->need - f->have;
	}
	return 0;
}

static int table_exchanges(struct xctx *c)
{
	static const struct colspec cs[] = {
	        {"exchange", N_("exchange"), PL_XCOL_TEXT, 0},
	        {"date", N_("date"), PL_XCOL_TEXT, 0},
	        {"status", N_("status"), PL_XCOL_TEXT, 0},
	        {"mediators", N_("mediators"), PL_XCOL_TEXT, 0},
	        {"agreed", N_("ours agreed"), PL_XCOL_COUNT, 0},
	        {"received", N_("ours received"), PL_XCOL_COUNT, 0},
	        {"received_agreed", N_("of them agreed"), PL_XCOL_COUNT, 0},
	        {"received_unagreed", N_("not agreed"), PL_XCOL_COUNT, 0},
	        {"agreed_missing", N_("agreed, did not come"), PL_XCOL_COUNT, 0},
	        {"terms_held", N_("terms held"), PL_XCOL_NUMBER, 0},
	        {"terms_broken", N_("terms broken"), PL_XCOL_NUMBER, 0},
	        {"short", N_("short of the terms"), PL_XCOL_COUNT, 0},
	        {"agreed_give", N_("theirs agreed"), PL_XCOL_COUNT, 0},
	        {"given", N_("theirs handed over"), PL_XCOL_COUNT, 0},
	};
	enum {
		C_REF,
		C_DATE,
		C_STATUS,
		C_MED,
		C_AGREED,
		C_RECV,
		C_RA,
		C_RU,
		C_AM,
		C_TH,
		C_TB,
		C_SHORT,
		C_AGIVE,
		C_GIVEN
	};
	struct tb b;
	size_t *order = NULL, no = 0, r;
	long long tot[NELEM(cs)] = {0};
	int rc = 0;
	if (c->d->nx && !(order = pl_malloc(c->d->nx * sizeof(*order))))
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	for (size_t i = 0; i < c->d->nx; i++)
		if (counted(c, &c->d->x[i]))
			order[no++] = i;
	/* by date, then by reference (insertion sort: a few hundred at most) */
	for (size_t i = 1; i < no; i++)
		for (size_t k = i; k > 0; k--) {
			const struct xexchange *a = &c->d->x[order[k - 1]], *z = &c->d->x[order[k]];
			long da = a->day == NO_DAY ? LONG_MAX : a->day,
			     dz = z->day == NO_DAY ? LONG_MAX : z->day;
			if (da < dz || (da == dz && strcmp(a->ref, z->ref) <= 0))
				break;
			size_t tmp = order[k];
			order[k] = order[k - 1];
			order[k - 1] = tmp;
		}
	tb_init(&b, c->x, c->pool, c->lang, cs, NELEM(cs));
	for (size_t k = 0; k < no && !rc; k++) {
		const struct xexchange *x = &c->d->x[order[k]];
		long long agreed = 0, recv = 0, ra = 0, agive = 0, given = 0;
		struct strbuf med = STRBUF_INIT;
		struct terms_ctx tc = {0, 0, 0};
		int has_formula = 0;
		char date[16];
		for (size_t l = 0; l < c->d->nl; l++) {
			const struct xlink *li = &c->d->l[l];
			if (li->exchange_id != x->id)
				continue;
			if (li->what == 1 && !li->give) {
				agreed++;
				/* crossed too? */
				for (size_t m = 0; m < c->d->nl; m++)
					if (c->d->l[m].exchange_id == x->id &&
					    c->d->l[m].what == 2 && !c->d->l[m].give &&
					    c->d->l[m].person_id == li->person_id) {
						ra++;
						break;
					}
			}
			agive += li->what == 1 && li->give;
			recv += li->what == 2 && !li->give;
			given += li->what == 2 && li->give;
		}
		for (size_t m = 0; m < c->d->nm; m++)
			if (c->d->m[m].exchange_id == x->id) {
				if (med.len)
					strbuf_adds(&med, ", ");
				strbuf_adds(&med, c->d->m[m].name);
			}
		if (strcmp(x->status, "agreed") && strcmp(x->status, "failed") &&
		    strcmp(x->status, "cancelled")) {
			struct pl_record rec;
			if ((rc = store_exchange_by_ref(c->db->st, x->ref, &rec, c->err)))
				break;
			has_formula = pl_record_get(&rec, "formula") != NULL;
			if (has_formula &&
			    (!strcmp(x->status, "executing") || !strcmp(x->status, "executed") ||
			     !strcmp(x->status, "reconciled") || !strcmp(x->status, "closed")))
				rc = exchange_reconcile_findings(c->db, &rec, term_one, &tc,
				                                 c->err);
			else
				has_formula = 0;
			pl_record_release(&rec);
			if (rc)
				break;
		}
		r = tb_row(&b);
		tb_text(&b, r, C_REF, x->ref, x->ref);
		if (x->date[0])
			tb_text(&b, r, C_DATE, x->date, date_label(c, x->date, date, sizeof(date)));
		tb_text(&b, r, C_STATUS, x->status,
		        tr(c, pl_token_label(pl_exchange_statuses, x->status)));
		if (med.failed)
			b.failed = 1;
		tb_text(&b, r, C_MED, med.len ? med.buf : NULL, med.len ? med.buf : NULL);
		strbuf_release(&med);
		tb_num(&b, r, C_AGREED, (double)agreed);
		tb_num(&b, r, C_RECV, (double)recv);
		tb_num(&b, r, C_RA, (double)ra);
		tb_num(&b, r, C_RU, (double)(recv - ra));
		tb_num(&b, r, C_AM, (double)(agreed - ra));
		if (has_formula) {
			tb_num(&b, r, C_TH, (double)tc.held);
			tb_num(&b, r, C_TB, (double)tc.broken);
			tb_num(&b, r, C_SHORT, (double)tc.shortfall);
			tot[C_TH] += tc.held;
			tot[C_TB] += tc.broken;
			tot[C_SHORT] += tc.shortfall;
		}
		tb_num(&b, r, C_AGIVE, (double)agive);
		tb_num(&b, r, C_GIVEN, (double)given);
		tot[C_AGREED] += agreed;
		tot[C_RECV] += recv;
		tot[C_RA] += ra;
		tot[C_RU] += recv - ra;
		tot[C_AM] += agreed - ra;
		tot[C_AGIVE] += agive;
		tot[C_GIVEN] += given;
		{
			/* received = of them agreed + not agreed; agreed = of them + did not come
			 */
			size_t l1[] = {r, C_RA, r, C_RU, r, C_RECV};
			size_t l2[] = {r, C_RA, r, C_AM, r, C_AGREED};
			tb_line(&b, l1, 3, 1);
			tb_line(&b, l2, 3, 1);
		}
	}
	if (!rc) {
		r = tb_row(&b);
		tb_text(&b, r, C_REF, "total", tr(c, N_("total")));
		for (size_t col = C_AGREED; col < NELEM(cs); col++)
			tb_num(&b, r, col, (double)tot[col]);
		{
			size_t l1[] = {r, C_RA, r, C_RU, r, C_RECV};
			size_t l2[] = {r, C_RA, r, C_AM, r, C_AGREED};
			tb_line(&b, l1, 3, 1);
			tb_line(&b, l2, 3, 1);
		}
		for (size_t col = C_AGREED; col < NELEM(cs); col++)
			if (cs[col].kind == PL_XCOL_COUNT)
				tb_column_line(&b, col, 0, r, r);
		rc = tb_finish(&b, "exchanges", N_("per exchange: what was agreed and what came"),
		               N_("terms: the formula's, judged on who crossed (health as triage "
		                  "found it); short: persons the terms of ours lacked"),
		               1, (long)r, c->counts_only);
		if (rc)
			rc = pl_error_set(c->err, rc, "out of memory");
	} else {
		tb_discard(&b);
	}
	pl_free(order);
	return rc;
}

/* The values a block of rows counts by: attribute a's, or a tag's (yes; no hidden). */
static int person_value(const struct xperson *p, int a, const char *tag)
{
	return a >= 0 ? p->attr[a] : !has_tag(p, tag);
}

static size_t block_values(int a)
{
	return a >= 0 ? ntokens(xattrs[a].tokens) : 2;
}

static void block_labels(const struct xctx *c, int a, const char *tag, int v, const char **atok,
                         const char **alab, const char **vtok, const char **vlab)
{
	if (a >= 0) {
		*atok = xattrs[a].name;
		*alab = tr(c, xattrs[a].title);
		*vtok = xattrs[a].tokens[v];
		*vlab = attr_label(c, a, v);
	} else {
		*atok = "tag";
		*alab = tr(c, N_("role"));
		*vtok = tag;
		*vlab = tag;
	}
}

/* which categories they ask for and which they return: the persons of counted exchanges */
static int table_asked(struct xctx *c)
{
	static const struct colspec cs[] = {
	        {"attribute", N_("attribute"), PL_XCOL_TEXT, 0},
	        {"value", N_("value"), PL_XCOL_TEXT, 0},
	        {"asked_ours", N_("ours on the lists"), PL_XCOL_COUNT, 0},
	        {"asked_ours_share", N_("share"), PL_XCOL_SHARE, 0},
	        {"returned_ours", N_("ours handed back"), PL_XCOL_COUNT, 0},
	        {"returned_ours_share", N_("share"), PL_XCOL_SHARE, 0},
	        {"asked_theirs", N_("theirs on the lists"), PL_XCOL_COUNT, 0},
	        {"asked_theirs_share", N_("share"), PL_XCOL_SHARE, 0},
	        {"given_theirs", N_("theirs handed over"), PL_XCOL_COUNT, 0},
	        {"given_theirs_share", N_("share"), PL_XCOL_SHARE, 0},
	};
	/* per person: 1 asked of ours, 2 returned of ours, 4 asked of theirs, 8 given */
	unsigned char *flag = NULL;
	long long tot[4] = {0};
	size_t r, starts[XA_SINCE + 1], ends[XA_SINCE + 1];
	struct tb b;
	int rc;
	if (c->d->np && !(flag = pl_calloc(c->d->np, 1)))
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	for (size_t l = 0; l < c->d->nl; l++) {
		const struct xlink *li = &c->d->l[l];
		const struct xexchange *x = exchange_by_id(c->d, li->exchange_id);
		const struct xperson *p = person_by_id(c->d, li->person_id);
		if (!x || !p || !counted(c, x))
			continue;
		flag[p - c->d->p] |= (unsigned char)((li->what == 2 ? 2 : 1) << (li->give ? 2 : 0));
	}
	for (size_t i = 0; i < c->d->np; i++)
		for (int k = 0; k < 4; k++)
			tot[k] += (flag[i] >> k) & 1;
	tb_init(&b, c->x, c->pool, c->lang, cs, NELEM(cs));
	for (int a = XA_KIND; a < XA_SINCE; a++) {
		size_t nv = block_values(a);
		starts[a] = b.nrows;
		for (size_t v = 0; v < nv; v++) {
			long long n[4] = {0};
			const char *at, *al, *vt, *vl;
			for (size_t i = 0; i < c->d->np; i++)
				if (flag[i] && c->d->p[i].attr[a] == (int)v)
					for (int k = 0; k < 4; k++)
						n[k] += (flag[i] >> k) & 1;
			block_labels(c, a, NULL, (int)v, &at, &al, &vt, &vl);
			r = tb_row(&b);
			tb_text(&b, r, 0, at, al);
			tb_text(&b, r, 1, vt, vl);
			for (int k = 0; k < 4; k++)
				tb_num(&b, r, 2 + 2 * (size_t)k, (double)n[k]);
		}
		ends[a] = b.nrows;
	}
	r = tb_row(&b);
	tb_text(&b, r, 0, "all", tr(c, N_("all")));
	for (int k = 0; k < 4; k++)
		tb_num(&b, r, 2 + 2 * (size_t)k, (double)tot[k]);
	for (int a = XA_KIND; a < XA_SINCE; a++)
		for (int k = 0; k < 4; k++)
			tb_column_line(&b, 2 + 2 * (size_t)k, starts[a], ends[a], r);
	pl_free(flag);
	if ((rc = tb_finish(&b, "asked",
	                    N_("which categories are asked for and which are handed over"),
	                    N_("persons of the exchanges that took place, each once; share: of the "
	                       "column's total"),
	                    1, (long)r, c->counts_only)))
		return pl_error_set(c->err, rc, "out of memory");
	/* the shares, where the counts are shown */
	{
		struct pl_xtable *t = &c->x->tables[c->x->ntables - 1];
		for (size_t row = 0; row < t->nrows; row++)
			for (int k = 0; k < 4; k++) {
				struct pl_xcell *n = &t->cells[row * t->ncols + 2 + 2 * (size_t)k];
				struct pl_xcell *s = n + 1;
				if (n->state != PL_XCELL_SHOWN)
					s->state = PL_XCELL_WITHHELD;
				else if (tot[k] > 0)
					s->value = n->value / (double)tot[k],
					s->state = PL_XCELL_SHOWN;
			}
	}
	return 0;
}

/* the tags carried by at least PL_STATS_MIN_CELL persons of the model's population, the
 * most carried first (and then by name), at most MAX_TAGS */
static int collect_tags(struct xctx *c)
{
	struct {
		char *tag;
		long long n;
	} *v = NULL;
	size_t nv = 0, cap = 0;
	int rc = 0;
	for (size_t i = 0; i < c->d->np && !rc; i++) {
		const struct xperson *p = &c->d->p[i];
		const char *s = p->tags;
		if (p->outcome == XS_OTHER || !s)
			continue;
		while (*s == ';' && s[1]) {
			const char *e = strchr(s + 1, ';');
			size_t len = (size_t)(e - (s + 1)), k;
			for (k = 0; k < nv; k++)
				if (strlen(v[k].tag) == len && !memcmp(v[k].tag, s + 1, len))
					break;
			if (k == nv && len > 0 && len < 100) {
				if (grow((void **)&v, &cap, nv, sizeof(*v)) ||
				    !(v[nv].tag = pl_strndup(s + 1, len))) {
					rc = pl_error_set(c->err, PL_EDATA, "out of memory");
					break;
				}
				v[nv++].n = 0;
			}
			if (k < nv)
				v[k].n++;
			s = e;
		}
	}
	/* the most carried first: selection, as there are few */
	for (size_t i = 0; i < nv && !rc; i++) {
		size_t best = i;
		for (size_t k = i + 1; k < nv; k++)
			if (v[k].n > v[best].n ||
			    (v[k].n == v[best].n && strcmp(v[k].tag, v[best].tag) < 0))
				best = k;
		if (best != i) {
			char *t = v[i].tag;
			long long n = v[i].n;
			v[i] = v[best];
			v[best].tag = t;
			v[best].n = n;
		}
		if (v[i].n >= PL_STATS_MIN_CELL && c->ntags < MAX_TAGS) {
			c->tags[c->ntags++] = v[i].tag;
			v[i].tag = NULL;
		}
	}
	for (size_t i = 0; i < nv; i++)
		pl_free(v[i].tag);
	pl_free(v);
	return rc;
}

static int table_lift(struct xctx *c)
{
	static const struct colspec cs[] = {
	        {"attribute", N_("attribute"), PL_XCOL_TEXT, 0},
	        {"value", N_("value"), PL_XCOL_TEXT, 0},
	        {"persons", N_("persons"), PL_XCOL_COUNT, 0},
	        {"returned", N_("returned"), PL_XCOL_COUNT, 0},
	        {"held", N_("still held"), PL_XCOL_COUNT, 0},
	        {"share", N_("share returned"), PL_XCOL_SHARE, 0},
	        {"lift", N_("lift"), PL_XCOL_NUMBER, 2},
	};
	size_t nblocks = XA__MAX + c->ntags, r, *start, *end;
	long long all[3] = {0};
	struct tb b;
	int rc;
	double overall;
	start = pl_calloc(nblocks, sizeof(*start));
	end = pl_calloc(nblocks, sizeof(*end));
	if (!start || !end) {
		pl_free(start);
		pl_free(end);
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	}
	for (size_t i = 0; i < c->d->np; i++) {
		const struct xperson *p = &c->d->p[i];
		if (p->outcome == XS_OTHER)
			continue;
		all[0]++;
		all[1] += p->outcome == XS_RETURNED;
		all[2] += p->outcome == XS_HELD;
	}
	overall = all[0] ? (double)all[1] / (double)all[0] : 0;
	tb_init(&b, c->x, c->pool, c->lang, cs, NELEM(cs));
	for (size_t blk = 0; blk < nblocks; blk++) {
		int a = blk < XA__MAX ? (int)blk : -1;
		const char *tag = a < 0 ? c->tags[blk - XA__MAX] : NULL;
		size_t nv = block_values(a);
		start[blk] = b.nrows;
		for (size_t v = 0; v < nv; v++) {
			long long n[3] = {0};
			const char *at, *al, *vt, *vl;
			for (size_t i = 0; i < c->d->np; i++) {
				const struct xperson *p = &c->d->p[i];
				if (p->outcome == XS_OTHER || person_value(p, a, tag) != (int)v)
					continue;
				n[0]++;
				n[1] += p->outcome == XS_RETURNED;
				n[2] += p->outcome == XS_HELD;
			}
			block_labels(c, a, tag, (int)v, &at, &al, &vt, &vl);
			r = tb_row(&b);
			tb_text(&b, r, 0, at, al);
			tb_text(&b, r, 1, vt, vl);
			tb_num(&b, r, 2, (double)n[0]);
			tb_num(&b, r, 3, (double)n[1]);
			tb_num(&b, r, 4, (double)n[2]);
			if (a < 0 && v == 1 && !b.failed)
				b.hidden[r] = 1; /* without the tag: counted, not shown */
			{
				size_t l[] = {r, 3, r, 4, r, 2};
				tb_line(&b, l, 3, 1);
			}
		}
		end[blk] = b.nrows;
	}
	r = tb_row(&b);
	tb_text(&b, r, 0, "all", tr(c, N_("all")));
	tb_num(&b, r, 2, (double)all[0]);
	tb_num(&b, r, 3, (double)all[1]);
	tb_num(&b, r, 4, (double)all[2]);
	{
		size_t l[] = {r, 3, r, 4, r, 2};
		tb_line(&b, l, 3, 1);
	}
	for (size_t blk = 0; blk < nblocks; blk++)
		for (size_t col = 2; col <= 4; col++)
			tb_column_line(&b, col, start[blk], end[blk], r);
	pl_free(start);
	pl_free(end);
	if ((rc = tb_finish(&b, "lift", N_("who is returned, by attribute: the lift table"),
	                    N_("among ours whose captivity was confirmed: returned, or still held; "
	                       "share: returned of the persons; lift: that share over the share "
	                       "of all (above 1: returned more often)"),
	                    1, (long)r, c->counts_only)))
		return pl_error_set(c->err, rc, "out of memory");
	{
		struct pl_xtable *t = &c->x->tables[c->x->ntables - 1];
		for (size_t row = 0; row < t->nrows; row++) {
			struct pl_xcell *cell = &t->cells[row * t->ncols];
			int shown = cell[2].state == PL_XCELL_SHOWN &&
			            cell[3].state == PL_XCELL_SHOWN &&
			            cell[4].state == PL_XCELL_SHOWN;
			if (!shown) {
				cell[5].state = cell[6].state = PL_XCELL_WITHHELD;
			} else if (cell[2].value > 0) {
				cell[5].value = cell[3].value / cell[2].value;
				cell[5].state = PL_XCELL_SHOWN;
				if (overall > 0) {
					cell[6].value = cell[5].value / overall;
					cell[6].state = PL_XCELL_SHOWN;
				}
			}
		}
	}
	return 0;
}

/* --- the model ---------------------------------------------------------------------------- */

struct mcol {
	int a;           /* attribute, or -1 a tag */
	const char *tag; /* a < 0 */
	int v;           /* the level it is the indicator of (a >= 0) */
};

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int table_model(struct xctx *c)
{
	static const struct colspec cs[] = {
	        {"attribute", N_("attribute"), PL_XCOL_TEXT, 0},
	        {"value", N_("value"), PL_XCOL_TEXT, 0},
	        {"odds_ratio", N_("odds ratio"), PL_XCOL_NUMBER, 2},
	        {"ci_low", N_("from (95%)"), PL_XCOL_NUMBER, 2},
	        {"ci_high", N_("to (95%)"), PL_XCOL_NUMBER, 2},
	        {"p", N_("p"), PL_XCOL_NUMBER, 3},
	        {"note", N_("note"), PL_XCOL_TEXT, 0},
	};
	struct pl_xstats *x = c->x;
	/* per attribute and level: persons, returned, still held; the reference; merged */
	long long n[XA__MAX][8][3];
	int ref[XA__MAX], est[XA__MAX][8];
	struct mcol *mc = NULL;
	size_t p = 1, nobs = 0, row = 0, r;
	double *xm = NULL;
	unsigned char *y = NULL;
	struct pl_logit fit = {0};
	long long events = 0;
	double t0;
	struct tb b;
	int rc = 0;

	memset(n, 0, sizeof(n));
	for (size_t i = 0; i < c->d->np; i++) {
		const struct xperson *pp = &c->d->p[i];
		if (pp->outcome == XS_OTHER)
			continue;
		nobs++;
		events += pp->outcome == XS_RETURNED;
		for (int a = 0; a < XA__MAX; a++) {
			n[a][pp->attr[a]][0]++;
			n[a][pp->attr[a]][pp->outcome == XS_RETURNED ? 1 : 2]++;
		}
	}
	x->model_n = (long long)nobs;
	x->model_events = events;
	/* the levels: a reference (the known level with the most persons among those with
	 * enough of both outcomes), the levels estimated, the rest counted with the reference */
	if (!(mc = pl_calloc(1 + XA__MAX * 8 + c->ntags, sizeof(*mc))))
		return pl_error_set(c->err, PL_EDATA, "out of memory");
	for (int a = 0; a < XA__MAX; a++) {
		size_t nv = block_values(a);
		int unknown =
		        xattrs[a].unknown ? token_index(xattrs[a].tokens, xattrs[a].unknown) : -1;
		int pref = xattrs[a].reference ? token_index(xattrs[a].tokens, xattrs[a].reference)
		                               : -1;
		ref[a] = -1;
		if (pref >= 0 && n[a][pref][1] >= PL_STATS_MIN_CELL &&
		    n[a][pref][2] >= PL_STATS_MIN_CELL)
			ref[a] = pref;
		for (int pass = 0; pass < 2 && ref[a] < 0; pass++)
			for (size_t v = 0; v < nv; v++) {
				int enough = n[a][v][1] >= PL_STATS_MIN_CELL &&
				             n[a][v][2] >= PL_STATS_MIN_CELL;
				if ((pass == 0 && (!enough || (int)v == unknown)) ||
				    n[a][v][0] == 0)
					continue;
				if (ref[a] < 0 || n[a][v][0] > n[a][ref[a]][0])
					ref[a] = (int)v;
			}
		for (size_t v = 0; v < nv; v++) {
			est[a][v] = (int)v != ref[a] && n[a][v][1] >= PL_STATS_MIN_CELL &&
			            n[a][v][2] >= PL_STATS_MIN_CELL;
			if (est[a][v])
				mc[p++] = (struct mcol){a, NULL, (int)v};
		}
	}
	for (size_t t = 0; t < c->ntags; t++) {
		long long tn[2] = {0}, un[2] = {0};
		for (size_t i = 0; i < c->d->np; i++) {
			const struct xperson *pp = &c->d->p[i];
			if (pp->outcome == XS_OTHER)
				continue;
			if (has_tag(pp, c->tags[t]))
				tn[pp->outcome == XS_RETURNED]++;
			else
				un[pp->outcome == XS_RETURNED]++;
		}
		if (tn[0] >= PL_STATS_MIN_CELL && tn[1] >= PL_STATS_MIN_CELL &&
		    un[0] >= PL_STATS_MIN_CELL && un[1] >= PL_STATS_MIN_CELL)
			mc[p++] = (struct mcol){-1, c->tags[t], 0};
	}
	tb_init(&b, c->x, c->pool, c->lang, cs, NELEM(cs));
	if (events < MODEL_MIN_EVENTS || (long long)nobs - events < MODEL_MIN_EVENTS || nobs <= p) {
		x->model_state = PL_XMODEL_TOO_FEW;
		snprintf(x->model_message, sizeof(x->model_message),
		         tr(c, N_("too few to fit a model: %lld returned and %lld still held (it "
		                  "needs %d of each)")),
		         events, (long long)nobs - events, MODEL_MIN_EVENTS);
		goto table;
	}
	xm = pl_malloc(nobs * p * sizeof(double));
	y = pl_malloc(nobs);
	if (!xm || !y) {
		rc = pl_error_set(c->err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < c->d->np; i++) {
		const struct xperson *pp = &c->d->p[i];
		if (pp->outcome == XS_OTHER)
			continue;
		y[row] = pp->outcome == XS_RETURNED;
		xm[row * p] = 1;
		for (size_t j = 1; j < p; j++)
			xm[row * p + j] = mc[j].a >= 0 ? pp->attr[mc[j].a] == mc[j].v
			                               : has_tag(pp, mc[j].tag);
		row++;
	}
	t0 = now_seconds();
	rc = pl_logit_fit(xm, y, nobs, p, &fit, c->err);
	x->model_seconds = now_seconds() - t0;
	if (rc)
		goto out;
	x->model_iterations = fit.iterations;
	x->model_deviance = fit.deviance;
	x->model_null_deviance = fit.null_deviance;
	if (fit.state != PL_LOGIT_FIT) {
		const char *at = "", *al = "", *vt = "", *vl = "";
		if (fit.culprit > 0 && fit.culprit < p)
			block_labels(c, mc[fit.culprit].a, mc[fit.culprit].tag, mc[fit.culprit].v,
			             &at, &al, &vt, &vl);
		x->model_state = fit.state == PL_LOGIT_SEPARATION ? PL_XMODEL_SEPARATION
		                 : fit.state == PL_LOGIT_SINGULAR ? PL_XMODEL_SINGULAR
		                                                  : PL_XMODEL_NO_CONVERGENCE;
		snprintf(
		        x->model_message, sizeof(x->model_message),
		        fit.state == PL_LOGIT_SEPARATION
		                ? tr(c, N_("no odds ratios: %s %s goes (almost) always with one "
		                           "outcome (separation); the lift table shows the counts"))
		        : fit.state == PL_LOGIT_SINGULAR
		                ? tr(c, N_("no odds ratios: the attributes say the same of these "
		                           "persons (collinear, near %s %s); the lift table shows "
		                           "the counts"))
		                : tr(c,
		                     N_("no odds ratios: the model did not converge (near %s %s); "
		                        "the lift table shows the counts")),
		        al, vl);
		goto table;
	}
	x->model_state = PL_XMODEL_FIT;
	snprintf(x->model_message, sizeof(x->model_message),
	         tr(c, N_("%lld persons, %lld of them returned; deviance %.1f against %.1f with no "
	                  "attribute; %d iterations")),
	         (long long)nobs, events, fit.deviance, fit.null_deviance, fit.iterations);
table:
	for (int a = 0; a < XA__MAX; a++) {
		size_t nv = block_values(a);
		int any = 0;
		for (size_t v = 0; v < nv; v++)
			any += est[a][v];
		if (!any || x->model_state != PL_XMODEL_FIT)
			continue;
		for (size_t v = 0; v < nv; v++) {
			const char *at, *al, *vt, *vl;
			if (!n[a][v][0])
				continue;
			block_labels(c, a, NULL, (int)v, &at, &al, &vt, &vl);
			r = tb_row(&b);
			tb_text(&b, r, 0, at, al);
			tb_text(&b, r, 1, vt, vl);
			if ((int)v == ref[a]) {
				tb_num(&b, r, 2, 1);
				tb_text(&b, r, 6, "reference", tr(c, N_("reference level")));
			} else if (!est[a][v]) {
				tb_text(&b, r, 6, "with_reference",
				        tr(c, N_("fewer than 5 returned or held: counted with the "
				                 "reference")));
			} else {
				for (size_t j = 1; j < p; j++)
					if (mc[j].a == a && mc[j].v == (int)v) {
						double ratio, lo, hi;
						pl_logit_odds(&fit, j, &ratio, &lo, &hi);
						tb_num(&b, r, 2, ratio);
						tb_num(&b, r, 3, lo);
						tb_num(&b, r, 4, hi);
						tb_num(&b, r, 5, pl_logit_p(&fit, j));
					}
			}
		}
	}
	if (x->model_state == PL_XMODEL_FIT)
		for (size_t j = 1; j < p; j++) {
			double ratio, lo, hi;
			if (mc[j].a >= 0)
				continue;
			r = tb_row(&b);
			tb_text(&b, r, 0, "tag", tr(c, N_("role")));
			tb_text(&b, r, 1, mc[j].tag, mc[j].tag);
			pl_logit_odds(&fit, j, &ratio, &lo, &hi);
			tb_num(&b, r, 2, ratio);
			tb_num(&b, r, 3, lo);
			tb_num(&b, r, 4, hi);
			tb_num(&b, r, 5, pl_logit_p(&fit, j));
			tb_text(&b, r, 6, "against_without", tr(c, N_("against those without it")));
		}
	rc = tb_finish(&b, "model",
	               N_("which attributes raise or lower the odds of being returned: a logistic "
	                  "model"),
	               N_("odds ratio: the odds of being returned with the value against the "
	                  "reference, the other attributes held equal; above 1 raises them; from, "
	                  "to (95%): the interval (Wald); an interval across 1 says nothing "
	                  "either way"),
	               0, -1, 0);
	if (rc)
		rc = pl_error_set(c->err, rc, "out of memory");
	goto done;
out:
	tb_discard(&b);
done:
	pl_logit_release(&fit);
	pl_free(xm);
	pl_free(y);
	pl_free(mc);
	return rc;
}

/* --- the whole ------------------------------------------------------------------------------ */

int pl_xstats_compute(struct pl_db *db, const struct pl_actor *actor,
                      const struct pl_xstats_opts *opts, struct pl_xstats *out,
                      struct pl_error *err)
{
	struct pl_xstats x;
	struct xdata d;
	struct pool *pool;
	struct xctx c;
	const char *as_of = opts ? opts->as_of : NULL;
	int rc;

	memset(&x, 0, sizeof(x));
	memset(&d, 0, sizeof(d));
	memset(&c, 0, sizeof(c));
	if (as_of && (strlen(as_of) != 10 || day_of(as_of) == NO_DAY))
		return pl_error_set(err, PL_EUSAGE, "as of: '%s' is no date (YYYY-MM-DD)", as_of);
	if ((rc = pl_authorize(db, actor, PL_OP_STATS, err)))
		return rc;
	if (as_of) {
		snprintf(x.as_of, sizeof(x.as_of), "%s", as_of);
	} else {
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(x.as_of, sizeof(x.as_of), "%Y-%m-%d", &tm);
	}
	x.counts_only = !pl_roles_may(actor->roles, PL_OP_PERSON_LIST);
	x.told_only = !pl_roles_may_see(actor->roles, PL_R_EXCHANGE_LISTING, NULL);
	if (!(pool = pl_calloc(1, sizeof(*pool))) ||
	    !(x.tables = pl_calloc(XT_MAX, sizeof(*x.tables)))) {
		pl_free(pool);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	x.priv = pool;
	d.as_of = day_of(x.as_of);
	d.err = err;
	c = (struct xctx){.db = db,
	                  .d = &d,
	                  .x = &x,
	                  .pool = pool,
	                  .lang = opts ? opts->lang : PL_UI_EN,
	                  .counts_only = x.counts_only,
	                  .err = err};
	if ((rc = store_xstats_persons(db->st, person_one, &d, err)) ||
	    (rc = store_xstats_exchanges(db->st, exchange_one, &d, err)) ||
	    (rc = store_xstats_mediators(db->st, mediator_one, &d, err)) ||
	    (rc = store_xstats_links(db->st, link_one, &d, err)) || (rc = collect_tags(&c)) ||
	    (rc = table_summary(&c)) || (rc = table_by_month(&c)) || (rc = table_exchanges(&c)) ||
	    (rc = table_mediators(&c)) || (rc = table_asked(&c)) || (rc = table_captivity(&c)) ||
	    (rc = table_lift(&c)) || (rc = table_model(&c)))
		goto fail;
	xdata_release(&d);
	for (size_t t = 0; t < c.ntags; t++)
		pl_free(c.tags[t]);
	*out = x;
	return 0;
fail:
	if (rc == PL_EDATA && err && !err->msg[0])
		pl_error_set(err, PL_EDATA, "out of memory");
	xdata_release(&d);
	for (size_t t = 0; t < c.ntags; t++)
		pl_free(c.tags[t]);
	pl_xstats_release(&x);
	return rc;
}

void pl_xstats_release(struct pl_xstats *x)
{
	struct pool *pool;
	if (!x)
		return;
	for (size_t t = 0; t < x->ntables; t++) {
		pl_free((void *)x->tables[t].cols);
		pl_free(x->tables[t].cells);
	}
	pl_free(x->tables);
	if ((pool = x->priv)) {
		for (size_t i = 0; i < pool->n; i++)
			pl_free(pool->v[i]);
		pl_free(pool->v);
		pl_free(pool);
	}
	memset(x, 0, sizeof(*x));
}

const struct pl_xtable *pl_xstats_table(const struct pl_xstats *x, const char *name)
{
	for (size_t t = 0; x && t < x->ntables; t++)
		if (!strcmp(x->tables[t].name, name))
			return &x->tables[t];
	return NULL;
}

const struct pl_xcell *pl_xtable_cell(const struct pl_xtable *t, size_t r, size_t c)
{
	return &t->cells[r * t->ncols + c];
}

int pl_xtable_col(const struct pl_xtable *t, const char *name)
{
	for (size_t c = 0; c < t->ncols; c++)
		if (!strcmp(t->cols[c].name, name))
			return (int)c;
	return -1;
}
