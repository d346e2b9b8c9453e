/* solve.c - the planner's integer programme, built and solved by GLPK (glpk.h)
 *
 * One binary column a candidate: on its side's list or not. Rows: each side's total (the
 * persons not named by the terms, exactly the count), each constraint term of the formula
 * (at least: over those who surely count; at most: over those who may; exactly: both),
 * and the per-unit caps. Named and pinned persons are fixed on the list, dropped ones
 * off. The objective, maximised: the priorities of ours chosen, minus the values of
 * theirs given. docs/planner.md is the model in words.
 *
 * The elastic model (model_conflicts) is the same rows, each with a slack column that
 * lets it give way by whole persons, and the pins and drops as rows that may give way
 * too: minimising the slack finds the smallest relaxations that make the terms hold.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>

#include "parley/alloc.h"
#include "plan-int.h"
#include "banned.h"

const char *const solve_status_names[] = {"optimal", "feasible", "infeasible"};
static const char *const side_names[2] = {"receive", "give"};

enum row_kind { ROW_TOTAL, ROW_AT_LEAST, ROW_AT_MOST, ROW_CAP, ROW_PIN, ROW_DROP, ROW_ALL };

/* One row: the candidates it counts (a predicate over them) and its bounds. */
struct row {
	enum row_kind kind;
	int side;
	int bit;          /* ROW_AT_LEAST, ROW_AT_MOST: the term's bit */
	long bound;       /* lower (at least, total, pin) or upper (at most, cap, drop) */
	const char *unit; /* ROW_CAP */
	size_t cand;      /* ROW_PIN, ROW_DROP */
	char name[48];
};

struct rows {
	struct row *v;
	size_t n, cap;
};

static int row_add(struct rows *r, const struct row *x)
{
	if (r->n == r->cap) {
		size_t cap = r->cap ? 2 * r->cap : 32;
		struct row *nv = pl_realloc(r->v, cap * sizeof(*nv));
		if (!nv)
			return -1;
		r->v = nv;
		r->cap = cap;
	}
	r->v[r->n++] = *x;
	return 0;
}

/* Whether candidate c counts in row x. */
static int row_counts(const struct row *x, const struct cand *c)
{
	if (c->side != x->side)
		return 0;
	switch (x->kind) {
	case ROW_TOTAL:
		return !c->named;
	case ROW_AT_LEAST:
		return (c->yes >> x->bit) & 1;
	case ROW_AT_MOST:
		return ((c->yes | c->unk) >> x->bit) & 1;
	case ROW_CAP:
		return c->unit && !strcmp(c->unit, x->unit);
	case ROW_ALL:
		return 1;
	default:
		return 0;
	}
}

static int unit_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	return strcmp(x, y);
}

/* Per-unit caps of side: one row a unit with more candidates than the cap. */
static int cap_rows(const struct model *m, int side, struct rows *r)
{
	const char **units;
	size_t nu = 0, k = 0;
	if (m->unit_cap[side] < 0)
		return 0;
	if (!(units = pl_calloc(m->n + 1, sizeof(*units))))
		return -1;
	for (size_t i = 0; i < m->n; i++)
		if (!m->c[i].reason && m->c[i].side == side && m->c[i].unit)
			units[nu++] = m->c[i].unit;
	qsort(units, nu, sizeof(*units), unit_cmp);
	for (size_t i = 0; i < nu; i = k) {
		for (k = i; k < nu && !strcmp(units[k], units[i]); k++)
			;
		if ((long)(k - i) > m->unit_cap[side]) {
			struct row x = {ROW_CAP, side, 0, m->unit_cap[side], units[i], 0, ""};
			snprintf(x.name, sizeof(x.name), "cap_%s_%zu", side_names[side], r->n);
			if (row_add(r, &x)) {
				pl_free(units);
				return -1;
			}
		}
	}
	pl_free(units);
	return 0;
}

/* The rows of m; elastic: pins and drops as rows too. */
static int build_rows(const struct model *m, int elastic, struct rows *r)
{
	for (int s = 0; s < 2; s++)
		if (m->total[s] >= 0) {
			struct row x = {ROW_TOTAL, s, 0, m->total[s], NULL, 0, ""};
			snprintf(x.name, sizeof(x.name), "total_%s", side_names[s]);
			if (row_add(r, &x))
				return -1;
		}
	for (int b = 0; b < m->nbits; b++) {
		struct pl_formula_term t;
		struct row x = {ROW_AT_LEAST, 0, b, 0, NULL, 0, ""};
		pl_formula_term(m->f, m->bit_term[b], &t);
		x.side = t.side == PL_FORMULA_RECEIVE ? 0 : 1;
		x.bound = t.count;
		snprintf(x.name, sizeof(x.name), "term_%zu", m->bit_term[b]);
		if (t.kind != PL_TERM_AT_MOST && row_add(r, &x))
			return -1;
		x.kind = ROW_AT_MOST;
		if (t.kind == PL_TERM_EXACTLY)
			snprintf(x.name, sizeof(x.name), "term_%zu_max", m->bit_term[b]);
		if (t.kind != PL_TERM_AT_LEAST && row_add(r, &x))
			return -1;
	}
	for (int s = 0; s < 2; s++)
		if (cap_rows(m, s, r))
			return -1;
	if (!elastic)
		return 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct cand *c = &m->c[i];
		struct row x = {c->pinned < 0 ? ROW_DROP : ROW_PIN,
		                c->side,
		                0,
		                c->pinned < 0 ? 0 : 1,
		                NULL,
		                i,
		                ""};
		if (c->reason || !(c->pinned || c->named))
			continue;
		snprintf(x.name, sizeof(x.name), "%s_%s", c->pinned < 0 ? "drop" : "pin", c->ref);
		if (row_add(r, &x))
			return -1;
	}
	return 0;
}

/* "U000123" of "U-000123": a name an LP file takes. */
static void col_name(const struct cand *c, char *out, size_t cap)
{
	size_t k = snprintf(out, cap, "%c_", c->side ? 'y' : 'x');
	for (const char *p = c->ref; *p && k + 1 < cap; p++)
		if (*p != '-')
			out[k++] = *p;
	out[k] = '\0';
}

struct gap_watch {
	double gap;
};

static void on_tree(glp_tree *T, void *info)
{
	struct gap_watch *g = info;
	if (glp_ios_reason(T) == GLP_IBINGO || glp_ios_reason(T) == GLP_ISELECT)
		g->gap = glp_ios_mip_gap(T);
}

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What build makes: the plan's model; the count of a side of "all" to maximise first;
 * the elastic one; or the rows alone (no objective, pins and names as rows only: the
 * search for the conflicting terms). */
enum build_mode { BUILD_PLAN, BUILD_COUNT, BUILD_ELASTIC, BUILD_ROWS };

/*
 * The problem of m in GLPK: columns 1..ncols the candidates (col[j-1] the index in m),
 * then, elastic, one slack column a row bound. Returns NULL out of memory.
 */
static glp_prob *build(const struct model *m, const struct rows *r, enum build_mode mode,
                       long force, int forced, size_t **col_out, size_t *ncols_out)
{
	glp_prob *P = glp_create_prob();
	size_t *col = pl_calloc(m->n + 1, sizeof(*col)), ncols = 0, ne = 0, cap;
	int *ia = NULL, *ja = NULL;
	double *ar = NULL;
	long *colof = pl_calloc(m->n + 1, sizeof(*colof));
	if (!col || !colof)
		goto fail;
	for (size_t i = 0; i < m->n; i++)
		if (!m->c[i].reason) {
			col[ncols++] = i;
			colof[i] = (long)ncols;
		}
	glp_set_prob_name(P, "parley_plan");
	glp_set_obj_name(P, "score");
	glp_set_obj_dir(P, mode == BUILD_ELASTIC ? GLP_MIN : GLP_MAX);
	if (ncols)
		glp_add_cols(P, (int)ncols);
	for (size_t j = 0; j < ncols; j++) {
		const struct cand *c = &m->c[col[j]];
		char name[64];
		int fix = -1;
		col_name(c, name, sizeof(name));
		glp_set_col_name(P, (int)j + 1, name);
		glp_set_col_kind(P, (int)j + 1, GLP_BV);
		if (mode == BUILD_PLAN)
			glp_set_obj_coef(P, (int)j + 1, c->side ? -c->score : c->score);
		else if (mode == BUILD_COUNT)
			glp_set_obj_coef(P, (int)j + 1, m->total[c->side] == -1);
		if ((mode == BUILD_PLAN || mode == BUILD_COUNT) && (c->named || c->pinned))
			fix = c->pinned < 0 ? 0 : 1;
		if (force >= 0 && (size_t)force == col[j])
			fix = forced;
		if (fix >= 0)
			glp_set_col_bnds(P, (int)j + 1, GLP_FX, fix, fix);
	}
	/* the matrix: every row over every candidate is at most rows x candidates; count */
	for (size_t k = 0; k < r->n; k++)
		for (size_t j = 0; j < ncols; j++)
			ne += row_counts(&r->v[k], &m->c[col[j]]);
	cap = ne + 2 * r->n + 1;
	ia = pl_calloc(cap + 1, sizeof(*ia));
	ja = pl_calloc(cap + 1, sizeof(*ja));
	ar = pl_calloc(cap + 1, sizeof(*ar));
	if (!ia || !ja || !ar)
		goto fail;
	ne = 0;
	if (r->n)
		glp_add_rows(P, (int)r->n);
	for (size_t k = 0; k < r->n; k++) {
		const struct row *x = &r->v[k];
		int i = (int)k + 1,
		    lower = x->kind == ROW_TOTAL || x->kind == ROW_AT_LEAST || x->kind == ROW_PIN ||
		            x->kind == ROW_ALL,
		    upper = x->kind == ROW_TOTAL || x->kind == ROW_AT_MOST || x->kind == ROW_CAP ||
		            x->kind == ROW_DROP || x->kind == ROW_ALL;
		glp_set_row_name(P, i, x->name);
		if (lower && upper)
			glp_set_row_bnds(P, i, GLP_FX, (double)x->bound, (double)x->bound);
		else if (lower)
			glp_set_row_bnds(P, i, GLP_LO, (double)x->bound, 0);
		else
			glp_set_row_bnds(P, i, GLP_UP, 0, (double)x->bound);
		if (x->kind == ROW_PIN || x->kind == ROW_DROP) {
			ne++;
			ia[ne] = i;
			ja[ne] = (int)colof[x->cand];
			ar[ne] = 1;
		} else {
			for (size_t j = 0; j < ncols; j++)
				if (row_counts(x, &m->c[col[j]])) {
					ne++;
					ia[ne] = i;
					ja[ne] = (int)j + 1;
					ar[ne] = 1;
				}
		}
		/* elastic: a slack that lets the row give way, costing one a person */
		for (int dir = 0; mode == BUILD_ELASTIC && dir < 2; dir++) {
			int j;
			char name[64];
			if (!(dir == 0 ? lower : upper))
				continue;
			j = glp_add_cols(P, 1);
			snprintf(name, sizeof(name), "slack_%s_%s", dir == 0 ? "under" : "over",
			         x->name);
			glp_set_col_name(P, j, name);
			glp_set_col_kind(P, j, GLP_IV);
			glp_set_col_bnds(P, j, GLP_LO, 0, 0);
			glp_set_obj_coef(P, j, 1);
			ne++;
			ia[ne] = i;
			ja[ne] = j;
			ar[ne] = dir == 0 ? 1 : -1;
		}
	}
	if (ne)
		glp_load_matrix(P, (int)ne, ia, ja, ar);
	pl_free(ia);
	pl_free(ja);
	pl_free(ar);
	pl_free(colof);
	*col_out = col;
	*ncols_out = ncols;
	return P;
fail:
	pl_free(ia);
	pl_free(ja);
	pl_free(ar);
	pl_free(colof);
	pl_free(col);
	glp_delete_prob(P);
	return NULL;
}

/* Runs the branch and bound; the status of the integer solution (SOLVE_*). */
static int run(glp_prob *P, double time_limit, double *gap)
{
	glp_iocp parm;
	struct gap_watch g = {-1};
	int ret, st;
	if (!glp_get_num_cols(P)) {
		/* nobody to choose: the rows hold when none asks for anyone */
		for (int i = 1; i <= glp_get_num_rows(P); i++)
			if ((glp_get_row_type(P, i) == GLP_LO ||
			     glp_get_row_type(P, i) == GLP_FX) &&
			    glp_get_row_lb(P, i) > 0)
				return SOLVE_INFEASIBLE;
		*gap = 0;
		return SOLVE_OPTIMAL;
	}
	glp_init_iocp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	parm.presolve = GLP_ON;
	parm.mip_gap = 0;
	parm.tm_lim = (int)(time_limit * 1000);
	parm.cb_func = on_tree;
	parm.cb_info = &g;
	ret = glp_intopt(P, &parm);
	st = glp_mip_status(P);
	if (ret == GLP_ENOPFS || st == GLP_NOFEAS)
		return SOLVE_INFEASIBLE;
	if (st == GLP_OPT && ret == 0) {
		*gap = 0;
		return SOLVE_OPTIMAL;
	}
	if (st == GLP_FEAS || st == GLP_OPT) {
		*gap = g.gap;
		return SOLVE_FEASIBLE;
	}
	return SOLVE_INFEASIBLE; /* out of time before any list was found */
}

int model_solve(struct model *m, long force, int forced, double time_limit, const char *lp_path,
                struct pl_error *err)
{
	struct rows r = {0};
	size_t *col = NULL, ncols = 0;
	glp_prob *P;
	double t0 = now_s(), gap = 0;
	glp_term_out(GLP_OFF);
	if (build_rows(m, 0, &r)) {
		pl_free(r.v);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	/*
	 * "receive all where S": as many as the other terms allow (an "at most" caps it),
	 * then the best of those lists. The count first, alone; then a row holds it.
	 */
	if (m->total[0] == -1 || m->total[1] == -1) {
		long count[2] = {0, 0};
		if (!(P = build(m, &r, BUILD_COUNT, force, forced, &col, &ncols))) {
			pl_free(r.v);
			return pl_error_set(err, PL_EDATA, "out of memory");
		}
		m->status = run(P, time_limit > 0 ? time_limit : 60, &gap);
		for (size_t j = 0; m->status != SOLVE_INFEASIBLE && j < ncols; j++)
			count[m->c[col[j]].side] += glp_mip_col_val(P, (int)j + 1) > 0.5;
		glp_delete_prob(P);
		pl_free(col);
		col = NULL;
		for (int s = 0; s < 2 && m->status != SOLVE_INFEASIBLE; s++) {
			struct row x = {ROW_ALL, s, 0, count[s], NULL, 0, ""};
			if (m->total[s] != -1)
				continue;
			snprintf(x.name, sizeof(x.name), "all_%s", side_names[s]);
			if (row_add(&r, &x)) {
				pl_free(r.v);
				return pl_error_set(err, PL_EDATA, "out of memory");
			}
		}
		if (m->status == SOLVE_INFEASIBLE) {
			for (size_t i = 0; i < m->n; i++)
				m->c[i].chosen = 0;
			m->objective = 0;
			m->seconds = now_s() - t0;
			glp_free_env();
			pl_free(r.v);
			return 0;
		}
	}
	if (!(P = build(m, &r, BUILD_PLAN, force, forced, &col, &ncols))) {
		pl_free(r.v);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	if (lp_path && glp_write_lp(P, NULL, lp_path)) {
		glp_delete_prob(P);
		pl_free(col);
		pl_free(r.v);
		return pl_error_set(err, PL_EDATA, "%s: the model could not be written", lp_path);
	}
	m->status = run(P, time_limit > 0 ? time_limit : 60, &gap);
	m->gap = gap;
	m->objective = 0;
	for (size_t i = 0; i < m->n; i++)
		m->c[i].chosen = 0;
	for (size_t j = 0; m->status != SOLVE_INFEASIBLE && j < ncols; j++) {
		struct cand *c = &m->c[col[j]];
		c->chosen = glp_mip_col_val(P, (int)j + 1) > 0.5;
		if (c->chosen)
			m->objective += c->side ? -c->score : c->score;
	}
	m->seconds = now_s() - t0;
	glp_delete_prob(P);
	glp_free_env();
	pl_free(col);
	pl_free(r.v);
	return 0;
}

/* The term of row x in words: "'at least 10 where health = severely_wounded' (receive)". */
static void row_words(const struct model *m, const struct row *x, char *out, size_t cap)
{
	struct pl_formula_term t;
	switch (x->kind) {
	case ROW_TOTAL:
	case ROW_ALL:
		pl_formula_term(m->f,
		                (size_t)pl_formula_total(m->f, x->side ? PL_FORMULA_GIVE
		                                                       : PL_FORMULA_RECEIVE),
		                &t);
		snprintf(out, cap, "'%s'", t.text);
		break;
	case ROW_AT_LEAST:
	case ROW_AT_MOST:
		pl_formula_term(m->f, m->bit_term[x->bit], &t);
		snprintf(out, cap, "'%s' (%s)", t.text, side_names[x->side]);
		break;
	case ROW_CAP:
		snprintf(out, cap, "at most %ld of unit '%s' (%s)", x->bound, x->unit,
		         side_names[x->side]);
		break;
	default:
		snprintf(out, cap, "%s", m->c[x->cand].ref);
	}
}

/* The plain conflicts: a row that cannot hold even alone, with the counts. */
static int plain_conflicts(const struct model *m, const struct rows *r, pl_plan_line_cb cb,
                           void *ctx, int *n)
{
	char words[600], line[1024];
	int rc;
	for (size_t i = 0; i < m->n; i++) {
		const struct cand *c = &m->c[i];
		if (!c->named || !c->reason)
			continue;
		snprintf(line, sizeof(line), "the terms name %s, who cannot be on the %s list: %s",
		         c->ref, side_names[c->side], c->reason);
		if ((rc = cb(ctx, "conflict", line)))
			return rc;
		++*n;
	}
	for (size_t k = 0; k < r->n; k++) {
		const struct row *x = &r->v[k];
		long have = 0;
		if (x->kind != ROW_TOTAL && x->kind != ROW_AT_LEAST)
			continue;
		for (size_t i = 0; i < m->n; i++)
			if (!m->c[i].reason && m->c[i].pinned >= 0 && row_counts(x, &m->c[i]))
				have++;
		if (have >= x->bound)
			continue;
		row_words(m, x, words, sizeof(words));
		snprintf(line, sizeof(line), "%s asks for %ld; %ld %s eligible", words, x->bound,
		         have, have == 1 ? "is" : "are");
		if ((rc = cb(ctx, "conflict", line)))
			return rc;
		++*n;
	}
	return 0;
}

static int lp_infeasible(glp_prob *P, const glp_smcp *parm)
{
	return glp_simplex(P, parm) == 0 && glp_get_prim_stat(P) == GLP_NOFEAS;
}

/* The most rows the search for the conflicting terms frees one by one. */
#define IIS_MAX_ROWS 400

/*
 * The terms that cannot hold together, none of them spare (an irreducible infeasible
 * subset of the rows): a deletion filter over the linear relaxation, each row freed in
 * turn and left free while the others still cannot hold. cb gets them in one line.
 * Nothing is said when the relaxation can hold (only whole persons cannot) or the model
 * is too large to search.
 */
static int conflicting_terms(const struct model *m, const struct rows *r, pl_plan_line_cb cb,
                             void *ctx, int *said)
{
	size_t *col = NULL, ncols = 0;
	glp_prob *P;
	glp_smcp parm;
	struct strbuf line = STRBUF_INIT;
	char words[600];
	int rc = 0;
	*said = 0;
	if (r->n > IIS_MAX_ROWS || !(P = build(m, r, BUILD_ROWS, -1, 0, &col, &ncols)))
		return 0;
	glp_init_smcp(&parm);
	parm.msg_lev = GLP_MSG_OFF;
	if (!lp_infeasible(P, &parm))
		goto out;
	for (int i = 1; i <= (int)r->n; i++) {
		int type = glp_get_row_type(P, i);
		double lb = glp_get_row_lb(P, i), ub = glp_get_row_ub(P, i);
		glp_set_row_bnds(P, i, GLP_FR, 0, 0);
		if (!lp_infeasible(P, &parm))
			glp_set_row_bnds(P, i, type, lb, ub); /* needed: it stays */
	}
	strbuf_addf(&line, "every term can hold alone, but not all of them together:");
	for (int i = 1; i <= (int)r->n; i++) {
		const struct row *x = &r->v[i - 1];
		if (glp_get_row_type(P, i) == GLP_FR)
			continue;
		/* an exactly term is two rows: one mention */
		if (x->kind == ROW_AT_MOST && i > 1 && r->v[i - 2].kind == ROW_AT_LEAST &&
		    r->v[i - 2].bit == x->bit && glp_get_row_type(P, i - 1) != GLP_FR)
			continue;
		row_words(m, x, words, sizeof(words));
		strbuf_addf(&line, " %s;", words);
	}
	if (line.len && line.buf[line.len - 1] == ';')
		line.buf[--line.len] = '\0';
	rc = line.failed ? PL_EDATA : cb(ctx, "conflict", line.buf);
	*said = 1;
out:
	strbuf_release(&line);
	glp_delete_prob(P);
	pl_free(col);
	return rc;
}

int model_conflicts(struct model *m, pl_plan_line_cb cb, void *ctx, struct pl_error *err)
{
	struct rows r = {0};
	size_t *col = NULL, ncols = 0;
	glp_prob *P;
	double gap = 0;
	int rc = 0, n = 0, st;
	char words[600], line[1024];
	glp_term_out(GLP_OFF);
	if (build_rows(m, 1, &r) || !(P = build(m, &r, BUILD_ELASTIC, -1, 0, &col, &ncols))) {
		pl_free(r.v);
		return pl_error_set(err, PL_EDATA, "out of memory");
	}
	if ((rc = plain_conflicts(m, &r, cb, ctx, &n)))
		goto out;
	st = run(P, 60, &gap);
	if (st == SOLVE_INFEASIBLE) {
		rc = cb(ctx, "relax",
		        "no relaxation of the terms, pins and drops makes them hold: "
		        "the terms name persons who cannot be listed");
		goto out;
	}
	if (!n) {
		struct rows plain = {0};
		int said = 0;
		/* the plan's rows with the pins and names as rows: any of them may conflict */
		if (build_rows(m, 1, &plain)) {
			rc = pl_error_set(err, PL_EDATA, "out of memory");
			goto out;
		}
		rc = conflicting_terms(m, &plain, cb, ctx, &said);
		pl_free(plain.v);
		if (rc)
			goto out;
		if (!said && (rc = cb(ctx, "conflict",
		                      "every term can hold alone, but not all of them together")))
			goto out;
	}
	/* the slack columns follow the candidates, in the rows' order, lower before upper */
	for (int j = (int)ncols + 1; j <= glp_get_num_cols(P); j++) {
		const char *name = glp_get_col_name(P, j);
		long s = lround(glp_mip_col_val(P, j));
		int under = !strncmp(name, "slack_under_", 12);
		const struct row *x = NULL;
		if (s <= 0)
			continue;
		for (size_t k = 0; k < r.n && !x; k++)
			if (!strcmp(r.v[k].name, name + (under ? 12 : 11)))
				x = &r.v[k];
		if (!x)
			continue;
		row_words(m, x, words, sizeof(words));
		if (x->kind == ROW_PIN)
			snprintf(line, sizeof(line), "unpin %s", words);
		else if (x->kind == ROW_DROP)
			snprintf(line, sizeof(line), "do not drop %s", words);
		else if (x->kind == ROW_TOTAL)
			snprintf(line, sizeof(line), "%s %s to %ld", under ? "lower" : "raise",
			         words, under ? x->bound - s : x->bound + s);
		else
			snprintf(line, sizeof(line), "%s %s to %ld", under ? "lower" : "raise",
			         words, under ? x->bound - s : x->bound + s);
		if ((rc = cb(ctx, "relax", line)))
			goto out;
	}
out:
	glp_delete_prob(P);
	glp_free_env();
	pl_free(col);
	pl_free(r.v);
	return rc;
}

int model_terms(const struct model *m, pl_plan_term_cb cb, void *ctx)
{
	struct rows r = {0};
	int rc = 0;
	if (build_rows(m, 0, &r)) {
		pl_free(r.v);
		return PL_EDATA;
	}
	/* a side of "all": as many as the terms allow, no bound of its own */
	for (int s = 0; !rc && s < 2; s++) {
		struct pl_plan_term t = {side_names[s], NULL, 0, -1, -1, 0, 1};
		struct pl_formula_term ft;
		if (m->total[s] != -1)
			continue;
		pl_formula_term(
		        m->f,
		        (size_t)pl_formula_total(m->f, s ? PL_FORMULA_GIVE : PL_FORMULA_RECEIVE),
		        &ft);
		t.text = ft.text;
		for (size_t i = 0; i < m->n; i++)
			if (!m->c[i].reason && m->c[i].side == s) {
				t.eligible++;
				t.have += m->c[i].chosen;
			}
		rc = cb(ctx, &t);
	}
	for (size_t k = 0; !rc && k < r.n; k++) {
		const struct row *x = &r.v[k];
		struct pl_plan_term t = {side_names[x->side], NULL, 0, -1, -1, 0, 1};
		struct pl_formula_term ft;
		char words[600];
		int exactly = 0;
		if (x->kind == ROW_AT_LEAST || x->kind == ROW_AT_MOST) {
			pl_formula_term(m->f, m->bit_term[x->bit], &ft);
			exactly = ft.kind == PL_TERM_EXACTLY;
		}
		if (exactly && x->kind == ROW_AT_MOST)
			continue; /* its at-least row reports it, with both bounds */
		if (x->kind == ROW_CAP) {
			row_words(m, x, words, sizeof(words));
			t.text = words;
		} else {
			size_t ti = x->kind == ROW_TOTAL
			                    ? (size_t)pl_formula_total(m->f,
			                                               x->side ? PL_FORMULA_GIVE
			                                                       : PL_FORMULA_RECEIVE)
			                    : m->bit_term[x->bit];
			pl_formula_term(m->f, ti, &ft);
			t.text = ft.text;
		}
		for (size_t i = 0; i < m->n; i++) {
			const struct cand *c = &m->c[i];
			if (c->reason || !row_counts(x, c))
				continue;
			t.eligible++;
			t.have += c->chosen;
		}
		if (x->kind == ROW_TOTAL || x->kind == ROW_AT_LEAST)
			t.need_min = x->bound;
		if (x->kind != ROW_AT_LEAST)
			t.need_max = x->bound;
		if (x->kind == ROW_TOTAL || exactly)
			t.need_max = x->bound;
		t.holds = (t.need_min < 0 || t.have >= t.need_min) &&
		          (t.need_max < 0 || t.have <= t.need_max);
		rc = cb(ctx, &t);
	}
	pl_free(r.v);
	return rc;
}
