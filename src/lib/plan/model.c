/* model.c - the planner's model: the formula's terms as the model counts them, and the
 * persons weighed */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parley/alloc.h"
#include "plan-int.h"
#include "banned.h"

int model_formula(struct model *m, const char *formula, struct pl_error *err)
{
	int rc;
	if ((rc = pl_formula_parse(formula, &m->f, err)))
		return rc;
	m->nbits = 0;
	for (int s = 0; s < 2; s++) {
		int ti = pl_formula_total(m->f, s ? PL_FORMULA_GIVE : PL_FORMULA_RECEIVE);
		struct pl_formula_term t;
		m->total[s] = -2;
		if (ti < 0)
			continue;
		pl_formula_term(m->f, (size_t)ti, &t);
		if (t.remains)
			return pl_error_set(
			        err, PL_EDATA,
			        "'%s': the planner chooses lists of the living; remains are "
			        "counted, not chosen",
			        t.text);
		m->total[s] = t.count;
	}
	for (size_t i = 0, n = pl_formula_nterms(m->f); i < n; i++) {
		struct pl_formula_term t;
		pl_formula_term(m->f, i, &t);
		if (t.kind != PL_TERM_EXACTLY && t.kind != PL_TERM_AT_LEAST &&
		    t.kind != PL_TERM_AT_MOST)
			continue;
		if (m->nbits == PLAN_MAX_TERMS)
			return pl_error_set(err, PL_EDATA,
			                    "the planner takes at most %d exactly, at least and at "
			                    "most terms",
			                    PLAN_MAX_TERMS);
		m->bit_term[m->nbits++] = i;
	}
	return 0;
}

static void cand_release(struct cand *c)
{
	pl_free(c->detail);
	pl_free(c->unit);
	pl_free(c->reason);
	pl_free(c->family);
	pl_free(c->given);
}

int model_add(struct model *m, struct cand *c, struct pl_error *err)
{
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 256;
		struct cand *nc = pl_realloc(m->c, cap * sizeof(*nc));
		if (!nc) {
			cand_release(c);
			return pl_error_set(err, PL_EDATA, "out of memory");
		}
		m->c = nc;
		m->cap = cap;
	}
	m->c[m->n++] = *c;
	return 0;
}

void model_release(struct model *m)
{
	for (size_t i = 0; i < m->n; i++)
		cand_release(&m->c[i]);
	pl_free(m->c);
	pl_formula_free(m->f);
	memset(m, 0, sizeof(*m));
}

long model_find(const struct model *m, const char *ref)
{
	for (size_t i = 0; i < m->n; i++)
		if (!strcmp(m->c[i].ref, ref))
			return (long)i;
	return -1;
}
