/* formula-eval.c - formulas against persons: three-valued matching (docs/formulas.md,
 * "Unknowns"), the check of a list against a side's terms, and each term in words
 *
 * Matching reads a person record of the person entity (src/lib/core/record.c) and never
 * allocates, as a check calls it for every person of a list and every term.
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "parley/alloc.h"
#include "parley/formula.h"
#include "formula-tree.h"
#include "banned.h"

/* ---- evaluation ------------------------------------------------------------------------- */

struct eval {
	const struct pl_formula *f;
	const struct pl_record *p;
	int has_day;
	struct ymd day;
};

static enum pl_tv unknown(char *why, size_t cap, const char *fmt, ...)
        __attribute__((format(printf, 3, 4)));

static enum pl_tv unknown(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;
	if (why && cap) {
		va_start(ap, fmt);
		vsnprintf(why, cap, fmt, ap);
		va_end(ap);
	}
	return PL_TV_UNKNOWN;
}

/* The value of field fi; *hidden when the acting role may not see it. */
static const char *value_of(const struct pl_record *r, int fi, int *hidden)
{
	const char *v;
	*hidden = fi >= 0 && fi < 64 && ((r->restricted >> fi) & 1);
	if (fi < 0 || *hidden)
		return NULL;
	v = r->v[fi];
	while (v && (*v == ' ' || *v == '\t'))
		v++;
	return v && *v ? v : NULL;
}

/* Whether one of the ';'-joined items of list is item (case-insensitive). */
static int list_has(const char *list, const char *item)
{
	size_t n = strlen(item);
	for (const char *q = list; *q;) {
		size_t w = strcspn(q, ";");
		const char *a = q, *b = q + w;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if ((size_t)(b - a) == n && !strncasecmp(a, item, n))
			return 1;
		q += w;
		if (*q)
			q++;
	}
	return 0;
}

static int before(const struct ymd *a, const struct ymd *b)
{
	return a->m < b->m || (a->m == b->m && a->d < b->d);
}

/* Completed years from b to d, and completed months from c to d. */
static long years_between(const struct ymd *b, const struct ymd *d)
{
	return (long)d->y - b->y - before(d, b);
}

static long months_between(const struct ymd *c, const struct ymd *d)
{
	return ((long)d->y - c->y) * 12 + (d->m - c->m) - (d->d < c->d);
}

static long floor_div(long a, long b)
{
	return a >= 0 ? a / b : -((-a + b - 1) / b);
}

/* The three values of "value in [vlo, vhi] satisfies op a (b)". */
static enum pl_tv range_test(long vlo, long vhi, enum cmp op, long a, long b)
{
	long plo = LONG_MIN, phi = LONG_MAX;
	switch (op) {
	case CMP_EQ:
		plo = phi = a;
		break;
	case CMP_LT:
		phi = a - 1;
		break;
	case CMP_LE:
		phi = a;
		break;
	case CMP_GT:
		plo = a + 1;
		break;
	case CMP_GE:
		plo = a;
		break;
	case CMP_BETWEEN:
		plo = a;
		phi = b;
		break;
	}
	if (plo <= vlo && vhi <= phi)
		return PL_TV_YES;
	if (vhi < plo || vlo > phi)
		return PL_TV_NO;
	return PL_TV_UNKNOWN;
}

static enum pl_tv eval_dated(const struct eval *e, const struct node *n, char *why, size_t cap)
{
	const char *name = formula_sel_fields[n->sel].name;
	const struct ymd *day = n->has_at ? &n->at : e->has_day ? &e->day : NULL;
	struct ymd lo, hi;
	long vlo, vhi;
	int hidden;
	const char *v = value_of(e->p, n->fi, &hidden);
	enum pl_tv tv;

	if (hidden)
		return unknown(why, cap, "%s: not visible to this role", name);
	if (!v)
		return unknown(why, cap, "%s: no %s date", name,
		               n->sel == SEL_AGE_ID ? "birth" : "capture");
	if (formula_range_parse(v, &lo, &hi))
		return unknown(why, cap, "%s: '%.20s' is no date", name, v);
	if (!day)
		return unknown(why, cap, "%s: no day to count it to", name);
	if (n->sel == SEL_AGE_ID) {
		vlo = years_between(&hi, day);
		vhi = years_between(&lo, day);
	} else {
		vlo = months_between(&hi, day);
		vhi = months_between(&lo, day);
		if (n->period == PERIOD_YEARS) {
			vlo = floor_div(vlo, 12);
			vhi = floor_div(vhi, 12);
		}
	}
	tv = range_test(vlo, vhi, n->op, n->a, n->b);
	if (tv == PL_TV_UNKNOWN)
		return unknown(why, cap, "%s: %s %s only", name,
		               n->sel == SEL_AGE_ID ? "born" : "captured", v);
	return tv;
}

static enum pl_tv eval_pred(const struct eval *e, const struct node *n, char *why, size_t cap)
{
	const char *name = formula_sel_fields[n->sel].name;
	int hidden;
	const char *v;

	if (n->sel == SEL_AGE_ID || n->sel == SEL_CAPTIVITY_ID)
		return eval_dated(e, n, why, cap);
	v = value_of(e->p, n->fi, &hidden);
	if (hidden)
		return unknown(why, cap, "%s: not visible to this role", name);
	switch (formula_sel_fields[n->sel].type) {
	case SEL_ENUM:
	case SEL_REF:
		if (!v)
			return unknown(why, cap, "%s: not recorded", name);
		if (!strcasecmp(v, "unknown") && n->sel != SEL_REFS)
			return unknown(why, cap, "%s: unknown", name);
		for (size_t i = 0; i < n->n; i++)
			if (!strcasecmp(v, n->vals[i]))
				return PL_TV_YES;
		return PL_TV_NO;
	case SEL_SENTENCED:
		return v ? PL_TV_YES : PL_TV_NO;
	case SEL_HAS:
		if (n->sel == SEL_TAGS)
			return v && list_has(v, n->vals[0]) ? PL_TV_YES : PL_TV_NO;
		if (n->sel == SEL_CITIZENSHIP) {
			if (!v)
				return unknown(why, cap, "citizenship: not recorded");
			return list_has(v, n->vals[0]) ? PL_TV_YES : PL_TV_NO;
		}
		if (!v) { /* a civilian has no unit; a serviceperson's may be unrecorded */
			const char *kind = value_of(e->p, e->f->fi_kind, &hidden);
			if (kind && !strcasecmp(kind, "civilian"))
				return PL_TV_NO;
			return unknown(why, cap, "unit: not recorded");
		} else {
			char folded[FOLD_MAX];
			if (formula_fold(v, strlen(v), folded, sizeof(folded)))
				return unknown(why, cap, "unit: cannot be compared");
			for (const char *q = n->vals[0]; *q;) {
				char word[HAS_MAX * 4 + 8];
				size_t w = strcspn(q, " ");
				memcpy(word, q, w);
				word[w] = '\0';
				if (!strstr(folded, word))
					return PL_TV_NO;
				q += w;
				if (*q)
					q++;
			}
			return PL_TV_YES;
		}
	default:
		break;
	}
	return unknown(why, cap, "%s: cannot be compared", name);
}

static enum pl_tv eval_node(const struct eval *e, const struct node *n, char *why, size_t cap)
{
	char tmp[160];
	int seen_unknown = 0;
	enum pl_tv tv;

	switch (n->kind) {
	case NODE_PRED:
		return eval_pred(e, n, why, cap);
	case NODE_NOT:
		tv = eval_node(e, n->kids[0], why, cap);
		return tv == PL_TV_YES ? PL_TV_NO : tv == PL_TV_NO ? PL_TV_YES : PL_TV_UNKNOWN;
	case NODE_AND:
	case NODE_OR: {
		/* and: a no decides; or: a yes decides; else an unknown, the first one's why */
		enum pl_tv decides = n->kind == NODE_AND ? PL_TV_NO : PL_TV_YES;
		for (size_t i = 0; i < n->n; i++) {
			tmp[0] = '\0';
			tv = eval_node(e, n->kids[i], tmp, sizeof(tmp));
			if (tv == decides)
				return tv;
			if (tv == PL_TV_UNKNOWN && !seen_unknown) {
				seen_unknown = 1;
				if (why && cap)
					snprintf(why, cap, "%s", tmp);
			}
		}
		return seen_unknown ? PL_TV_UNKNOWN : n->kind == NODE_AND ? PL_TV_YES : PL_TV_NO;
	}
	}
	return PL_TV_UNKNOWN;
}

/* Whether p is of term i's list at all: its side, and living or dead as the list is. */
static enum pl_tv eval_term(const struct eval *e, size_t i, char *why, size_t cap)
{
	const struct term *t = &e->f->terms[i];
	const struct pl_formula *f = e->f;
	int hidden, dead;
	const char *side = value_of(e->p, f->fi_side, &hidden);
	const char *status, *ref;
	enum pl_tv tv, sel;
	char tmp[160] = "";

	if (!side)
		return unknown(why, cap, "side: %s",
		               hidden ? "not visible to this role" : "not recorded");
	if (strcasecmp(side, formula_side_tokens[t->pub.side]))
		return PL_TV_NO;
	if (t->pub.kind == PL_TERM_NAMED) {
		if (!(ref = value_of(e->p, f->fi_ref, &hidden)))
			return unknown(why, cap, "ref: not recorded");
		if (strcasecmp(ref, t->ref))
			return PL_TV_NO;
	}
	status = value_of(e->p, f->fi_status, &hidden);
	if (status) {
		dead = !strcasecmp(status, "died") || !strcasecmp(status, "remains_returned");
		tv = dead == t->pub.remains ? PL_TV_YES : PL_TV_NO;
	} else {
		tv = unknown(tmp, sizeof(tmp), "status: not recorded");
	}
	if (tv == PL_TV_NO)
		return PL_TV_NO;
	if (!t->sel) {
		if (tv == PL_TV_UNKNOWN && why && cap)
			snprintf(why, cap, "%s", tmp);
		return tv;
	}
	sel = eval_node(e, t->sel, tv == PL_TV_UNKNOWN ? NULL : why, cap);
	if (sel == PL_TV_NO)
		return PL_TV_NO;
	if (tv == PL_TV_UNKNOWN) {
		if (why && cap)
			snprintf(why, cap, "%s", tmp);
		return PL_TV_UNKNOWN;
	}
	return sel;
}

static int eval_init(struct eval *e, const struct pl_formula *f, const struct pl_record *p,
                     const char *on_date)
{
	memset(e, 0, sizeof(*e));
	e->f = f;
	e->p = p;
	if (on_date) {
		if (formula_day_parse(on_date, strlen(on_date), &e->day))
			return -1;
		e->has_day = 1;
	}
	return 0;
}

enum pl_tv pl_formula_matches(const struct pl_formula *f, size_t i, const struct pl_record *p,
                              const char *on_date, char *why, size_t cap)
{
	struct eval e;
	enum pl_tv tv;
	if (why && cap)
		why[0] = '\0';
	if (!f || i >= f->n || !p || p->ent != pl_entity(PL_ENT_PERSON) || !p->v)
		return unknown(why, cap, "no person to compare");
	if (eval_init(&e, f, p, on_date))
		e.has_day = 0;
	tv = eval_term(&e, i, why, cap);
	if (tv != PL_TV_UNKNOWN && why && cap)
		why[0] = '\0';
	return tv;
}

/* The total term that term i belongs to. */
static size_t total_of(const struct pl_formula *f, size_t i)
{
	while (i > 0 && f->terms[i].pub.kind != PL_TERM_TOTAL)
		i--;
	return i;
}

/* ---- the check of a list ------------------------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* PL_EDATA naming a reference that is twice on the list. */
static int check_distinct(const struct pl_formula *f, const struct pl_record *persons, size_t n,
                          struct pl_error *err)
{
	const char **refs;
	size_t k = 0;
	int rc = 0;
	if (n < 2)
		return 0;
	if (!(refs = pl_malloc(n * sizeof(*refs))))
		return pl_error_set(err, PL_EDATA, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int hidden;
		const char *r = value_of(&persons[i], f->fi_ref, &hidden);
		if (r)
			refs[k++] = r;
	}
	qsort(refs, k, sizeof(*refs), cmp_str);
	for (size_t i = 1; i < k && !rc; i++)
		if (!strcmp(refs[i - 1], refs[i]))
			rc = pl_error_set(err, PL_EDATA, "%s is on the list twice", refs[i]);
	pl_free(refs);
	return rc;
}

/* Whether person r is one of the named persons of total term ti. */
static int is_named(const struct pl_formula *f, size_t ti, const struct pl_record *r)
{
	int hidden;
	const char *ref = value_of(r, f->fi_ref, &hidden);
	if (!ref)
		return 0;
	for (int k = 0; k < f->terms[ti].nnamed; k++)
		if (!strcasecmp(ref, f->terms[ti + 1 + (size_t)k].ref))
			return 1;
	return 0;
}

static void check_term(const struct eval *base, size_t i, const struct pl_record *persons, size_t n,
                       struct pl_term_check *c)
{
	const struct pl_formula *f = base->f;
	const struct term *t = &f->terms[i];
	size_t ti = total_of(f, i);
	struct eval e = *base;
	long no = 0;

	memset(c, 0, sizeof(*c));
	c->term = i;
	for (size_t k = 0; k < n; k++) {
		enum pl_tv tv;
		if (t->pub.kind == PL_TERM_TOTAL && is_named(f, ti, &persons[k]))
			continue;
		if (t->pub.kind == PL_TERM_NAMED) {
			int hidden;
			const char *ref = value_of(&persons[k], f->fi_ref, &hidden);
			if (!ref || strcasecmp(ref, t->ref))
				continue;
		}
		e.p = &persons[k];
		tv = eval_term(&e, i, NULL, 0);
		c->size++;
		if (tv == PL_TV_YES)
			c->have++;
		else if (tv == PL_TV_UNKNOWN)
			c->unknown++;
		else
			no++;
	}
	switch (t->pub.kind) {
	case PL_TERM_TOTAL:
		c->need_min = c->need_max = t->pub.count;
		c->holds =
		        no == 0 && c->unknown == 0 && (t->pub.count < 0 || c->have == t->pub.count);
		return;
	case PL_TERM_NAMED:
		c->size = (long)n;
		c->need_min = c->need_max = 1;
		break;
	case PL_TERM_EXACTLY:
		c->need_min = c->need_max = t->pub.count;
		break;
	case PL_TERM_AT_LEAST:
		c->need_min = t->pub.count;
		c->need_max = -1;
		break;
	case PL_TERM_AT_MOST:
		c->need_min = -1;
		c->need_max = t->pub.count;
		break;
	default:
		break;
	}
	/* holds whatever the unknowns turn out to be */
	c->holds = (c->need_min < 0 || c->have >= c->need_min) &&
	           (c->need_max < 0 || c->have + c->unknown <= c->need_max);
}

int pl_formula_check(const struct pl_formula *f, enum pl_formula_side side,
                     const struct pl_record *persons, size_t n, const char *on_date,
                     struct pl_term_check *out, size_t cap, size_t *nout, struct pl_error *err)
{
	struct eval e;
	size_t k = 0;
	int rc;

	if (!f || side >= PL_FORMULA_SIDE__MAX || (n && !persons) || (cap && !out) || !nout)
		return pl_error_set(err, PL_EUSAGE, "formula check: missing argument");
	if (pl_formula_total(f, side) < 0)
		return pl_error_set(err, PL_EUSAGE, "the formula says nothing of what we %s",
		                    formula_side_words[side]);
	if (eval_init(&e, f, NULL, on_date))
		return pl_error_set(err, PL_EUSAGE, "'%.20s' is not a day (YYYY-MM-DD)", on_date);
	for (size_t i = 0; i < f->n; i++)
		if (f->terms[i].pub.side == side && f->terms[i].needs_day && !e.has_day)
			return pl_error_set(err, PL_EUSAGE,
			                    "'%s' counts an age or time in captivity: give the day "
			                    "to count it to",
			                    f->terms[i].text);
	for (size_t i = 0; i < n; i++)
		if (persons[i].ent != pl_entity(PL_ENT_PERSON) || !persons[i].v)
			return pl_error_set(err, PL_EUSAGE, "list entry %zu is no person", i + 1);
	if ((rc = check_distinct(f, persons, n, err)))
		return rc;
	for (size_t i = 0; i < f->n; i++) {
		if (f->terms[i].pub.side != side)
			continue;
		if (k < cap)
			check_term(&e, i, persons, n, &out[k]);
		k++;
	}
	*nout = k;
	return 0;
}

/* ---- words ------------------------------------------------------------------------------- */

static void words_values(struct strbuf *sb, const struct node *n, int negated)
{
	const struct pl_field *fd = &pl_entity(PL_ENT_PERSON)->fields[n->fi];
	if (negated)
		strbuf_adds(sb, "not ");
	switch (n->sel) {
	case SEL_SIDE:
		for (size_t i = 0; i < n->n; i++)
			strbuf_adds(sb, !strcmp(n->vals[i], "captive")
			                        ? "one of ours held by the other side"
			                        : "held by us");
		return;
	case SEL_STATUS:
		strbuf_adds(sb, "in status ");
		break;
	case SEL_CONSENT:
		/* yes and no: "in (yes, no)" is every one whose consent is known */
		if (n->n == 2)
			strbuf_adds(sb, "whose consent is known");
		else
			strbuf_adds(sb, !strcmp(n->vals[0], "yes") ? "consenting to be exchanged"
			                                           : "refusing to be exchanged");
		return;
	case SEL_REFS:
		if (n->n > 1)
			strbuf_adds(sb, "one of ");
		for (size_t i = 0; i < n->n; i++)
			strbuf_addf(sb, "%s%s", i ? ", " : "", n->vals[i]);
		return;
	default:
		break;
	}
	for (size_t i = 0; i < n->n; i++)
		strbuf_addf(sb, "%s%s", i ? " or " : "", pl_token_label(fd->tokens, n->vals[i]));
}

static void words_pred(struct strbuf *sb, const struct node *n, int negated)
{
	switch (formula_sel_fields[n->sel].type) {
	case SEL_ENUM:
	case SEL_REF:
		words_values(sb, n, negated);
		return;
	case SEL_HAS:
		if (negated)
			strbuf_adds(sb, "not ");
		if (n->sel == SEL_UNIT)
			strbuf_addf(sb, "of a unit with '%s' in its name", n->vals[0]);
		else if (n->sel == SEL_TAGS)
			strbuf_addf(sb, "tagged %s", n->vals[0]);
		else
			strbuf_addf(sb, "a citizen of %s", n->vals[0]);
		return;
	case SEL_AGE:
		strbuf_adds(sb, negated ? "not aged " : "aged ");
		switch (n->op) {
		case CMP_EQ:
			strbuf_addf(sb, "%ld", n->a);
			break;
		case CMP_LT:
			strbuf_addf(sb, "under %ld", n->a);
			break;
		case CMP_LE:
			strbuf_addf(sb, "%ld or under", n->a);
			break;
		case CMP_GT:
			strbuf_addf(sb, "over %ld", n->a);
			break;
		case CMP_GE:
			strbuf_addf(sb, "%ld or over", n->a);
			break;
		case CMP_BETWEEN:
			strbuf_addf(sb, "%ld to %ld", n->a, n->b);
			break;
		}
		break;
	case SEL_CAPTIVITY: {
		const char *unit = n->period == PERIOD_YEARS ? (n->a == 1 ? "year" : "years")
		                                             : (n->a == 1 ? "month" : "months");
		strbuf_adds(sb, negated ? "not held " : "held ");
		switch (n->op) {
		case CMP_EQ:
		case CMP_BETWEEN:
			strbuf_addf(sb, "%ld %s", n->a, unit);
			break;
		case CMP_LT:
			strbuf_addf(sb, "less than %ld %s", n->a, unit);
			break;
		case CMP_LE:
			strbuf_addf(sb, "%ld %s or less", n->a, unit);
			break;
		case CMP_GT:
			strbuf_addf(sb, "longer than %ld %s", n->a, unit);
			break;
		case CMP_GE:
			strbuf_addf(sb, "%ld %s or longer", n->a, unit);
			break;
		}
		strbuf_adds(sb, " in captivity");
		break;
	}
	case SEL_SENTENCED:
		strbuf_adds(sb, negated ? "not sentenced" : "sentenced");
		return;
	}
	if (n->has_at) {
		strbuf_adds(sb, " on ");
		formula_format_day(sb, &n->at);
	}
}

static void words_node(struct strbuf *sb, const struct node *n, int need)
{
	int p = formula_prec(n);
	/* several values read as an or */
	if (n->kind == NODE_PRED && n->n > 1 && formula_sel_fields[n->sel].type != SEL_REF)
		p = 1;
	if (n->kind == NODE_NOT && formula_written_ne(n))
		p = 4;
	if (p < need) {
		strbuf_addch(sb, '(');
		words_node(sb, n, 0);
		strbuf_addch(sb, ')');
		return;
	}
	switch (n->kind) {
	case NODE_OR:
	case NODE_AND:
		for (size_t i = 0; i < n->n; i++) {
			if (i)
				strbuf_adds(sb, n->kind == NODE_OR ? " or " : " and ");
			/* several values read as an or, inside an or as they are */
			words_node(sb, n->kids[i], n->kind == NODE_OR ? 1 : 3);
		}
		break;
	case NODE_NOT:
		if (n->kids[0]->kind == NODE_PRED &&
		    (n->kids[0]->n == 1 || formula_sel_fields[n->kids[0]->sel].type == SEL_REF)) {
			words_pred(sb, n->kids[0], 1);
		} else {
			strbuf_adds(sb, "not ");
			words_node(sb, n->kids[0], 3);
		}
		break;
	case NODE_PRED:
		words_pred(sb, n, 0);
		break;
	}
}

int pl_formula_term_words(const struct pl_formula *f, size_t i, struct strbuf *out)
{
	const struct term *t;
	const char *side;
	if (!f || i >= f->n || !out)
		return PL_EUSAGE;
	t = &f->terms[i];
	side = formula_side_words[t->pub.side];
	switch (t->pub.kind) {
	case PL_TERM_TOTAL:
		strbuf_addf(out, "%s %s", side, t->pub.remains ? "the remains of " : "");
		if (t->pub.count < 0) {
			strbuf_adds(out, "every eligible person");
			if (t->sel)
				strbuf_adds(out, " who is ");
		} else {
			strbuf_addf(out, "exactly %ld %s", t->pub.count,
			            t->pub.count == 1 ? "person" : "persons");
			if (t->sel)
				strbuf_adds(out, ", each ");
		}
		if (t->sel) {
			words_node(out, t->sel, 0);
			strbuf_addf(out, " (%s)", t->selector);
		}
		if (t->nnamed)
			strbuf_adds(out, ", besides those named");
		break;
	case PL_TERM_NAMED:
		strbuf_addf(out, "%s %s%s by name", side, t->pub.remains ? "the remains of " : "",
		            t->ref);
		break;
	default:
		strbuf_addf(out, "of %s %s, %s %ld", t->pub.remains ? "the remains" : "those",
		            t->pub.side == PL_FORMULA_RECEIVE ? "received" : "given",
		            formula_bound_words[t->pub.kind], t->pub.count);
		if (t->sel) {
			strbuf_addch(out, ' ');
			words_node(out, t->sel, 0);
			strbuf_addf(out, " (%s)", t->selector);
		} else {
			strbuf_adds(out, " in all");
		}
		break;
	}
	return out->failed ? PL_EDATA : 0;
}
