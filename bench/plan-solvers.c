/* plan-solvers.c - one model of the exchange planner, three ways to solve it
 *
 *   plan-solvers [--time-limit SECONDS] MODEL.lp
 *
 * Reads the model `parley plan --lp` writes (CPLEX LP format) and, on that one
 * model, in one process:
 *
 *   greedy  what a spreadsheet would do: each side's persons by priority, taken
 *           term by term, then up to the total (greedy_side below);
 *   glpk    GLPK's glp_intopt, presolve on, relative gap 0: the library parley
 *           links;
 *   cbc     CBC's C interface on the same matrix copied in memory: the peer,
 *           with its defaults and again with its preprocessing off.
 *
 * and prints one table: objective, whether every row holds, gap, seconds. So the
 * choice of solver is measured on the planner's own model, not assumed.
 *
 * The model's contract (src/lib/plan/): maximise `score`; binary columns x_U...
 * (ours, received) and y_R... (theirs, given), each with the person's priority,
 * or minus their value, as its coefficient, so higher is better; rows
 * `total_receive` and `total_give` (the lists' sizes, equalities), `term_K` for
 * the formula's constraint K, `cap_receive_K` and `cap_give_K` for the caps per
 * unit. Pinned and named persons are columns fixed at 1, excluded ones at 0.
 */
#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <glpk.h>
#include <coin/Cbc_C_Interface.h>

#include "banned.h"

#define EPS 1e-6

/* The model as plain arrays, read once from GLPK's problem object: what the
 * greedy walks and what CBC is given. Indices are 0-based; the matrix is kept
 * both by column (CBC's layout) and by row (the greedy's). */
struct model {
	int ncols, nrows;
	double sense; /* 1 to minimise, -1 to maximise (CBC's convention) */
	double obj_const;
	double *obj, *collb, *colub;
	double *rowlb, *rowub; /* -DBL_MAX and DBL_MAX where there is no bound */
	char **colname, **rowname;
	int *cstart, *cindex; /* column j's rows: cindex[cstart[j] .. cstart[j + 1]) */
	double *cvalue;
	int *rstart, *rindex; /* row i's columns, likewise */
	double *rvalue;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);

	if (!p) {
		fprintf(stderr, "plan-solvers: out of memory\n");
		exit(1);
	}
	return p;
}

static char *xstrdup(const char *s)
{
	char *p = strdup(s ? s : "");

	if (!p) {
		fprintf(stderr, "plan-solvers: out of memory\n");
		exit(1);
	}
	return p;
}

/* The bounds of GLPK's row or column type as a pair with infinities. */
static void bounds(int type, double lb, double ub, double *lo, double *hi)
{
	*lo = type == GLP_LO || type == GLP_DB || type == GLP_FX ? lb : -DBL_MAX;
	*hi = type == GLP_UP || type == GLP_DB || type == GLP_FX ? ub : DBL_MAX;
	if (type == GLP_FX)
		*hi = lb;
}

/* Copies P into M; GLPK's arrays count from 1, ours from 0. */
static void model_from_glpk(struct model *m, glp_prob *P)
{
	int n = glp_get_num_cols(P), r = glp_get_num_rows(P), nz = glp_get_num_nz(P), k;
	int *ind = xcalloc((size_t)(n > r ? n : r) + 1, sizeof(*ind));
	double *val = xcalloc((size_t)(n > r ? n : r) + 1, sizeof(*val));

	m->ncols = n;
	m->nrows = r;
	m->sense = glp_get_obj_dir(P) == GLP_MAX ? -1 : 1;
	m->obj_const = glp_get_obj_coef(P, 0);
	m->obj = xcalloc((size_t)n, sizeof(double));
	m->collb = xcalloc((size_t)n, sizeof(double));
	m->colub = xcalloc((size_t)n, sizeof(double));
	m->colname = xcalloc((size_t)n, sizeof(char *));
	m->cstart = xcalloc((size_t)n + 1, sizeof(int));
	m->cindex = xcalloc((size_t)nz, sizeof(int));
	m->cvalue = xcalloc((size_t)nz, sizeof(double));
	for (int j = 0, at = 0; j < n; j++) {
		m->obj[j] = glp_get_obj_coef(P, j + 1);
		bounds(glp_get_col_type(P, j + 1), glp_get_col_lb(P, j + 1),
		       glp_get_col_ub(P, j + 1), &m->collb[j], &m->colub[j]);
		m->colname[j] = xstrdup(glp_get_col_name(P, j + 1));
		m->cstart[j] = at;
		k = glp_get_mat_col(P, j + 1, ind, val);
		for (int t = 1; t <= k; t++, at++) {
			m->cindex[at] = ind[t] - 1;
			m->cvalue[at] = val[t];
		}
		m->cstart[j + 1] = at;
	}
	m->rowlb = xcalloc((size_t)r, sizeof(double));
	m->rowub = xcalloc((size_t)r, sizeof(double));
	m->rowname = xcalloc((size_t)r, sizeof(char *));
	m->rstart = xcalloc((size_t)r + 1, sizeof(int));
	m->rindex = xcalloc((size_t)nz, sizeof(int));
	m->rvalue = xcalloc((size_t)nz, sizeof(double));
	for (int i = 0, at = 0; i < r; i++) {
		bounds(glp_get_row_type(P, i + 1), glp_get_row_lb(P, i + 1),
		       glp_get_row_ub(P, i + 1), &m->rowlb[i], &m->rowub[i]);
		m->rowname[i] = xstrdup(glp_get_row_name(P, i + 1));
		m->rstart[i] = at;
		k = glp_get_mat_row(P, i + 1, ind, val);
		for (int t = 1; t <= k; t++, at++) {
			m->rindex[at] = ind[t] - 1;
			m->rvalue[at] = val[t];
		}
		m->rstart[i + 1] = at;
	}
	free(ind);
	free(val);
}

static double objective(const struct model *m, const double *x)
{
	double z = m->obj_const;

	for (int j = 0; j < m->ncols; j++)
		z += m->obj[j] * x[j];
	return z;
}

/* The rows X breaks, each on a line of OUT (when not NULL) after PREFIX, by name
 * and by how much; returns how many. */
static int check(const struct model *m, const double *x, FILE *out, const char *prefix)
{
	int broken = 0;

	for (int i = 0; i < m->nrows; i++) {
		double a = 0;

		for (int t = m->rstart[i]; t < m->rstart[i + 1]; t++)
			a += m->rvalue[t] * x[m->rindex[t]];
		if (a < m->rowlb[i] - EPS) {
			if (out)
				fprintf(out, "%s%s has %g where it needs at least %g: %g short\n",
				        prefix, m->rowname[i], a, m->rowlb[i], m->rowlb[i] - a);
			broken++;
		} else if (a > m->rowub[i] + EPS) {
			if (out)
				fprintf(out, "%s%s has %g where it allows at most %g: %g over\n",
				        prefix, m->rowname[i], a, m->rowub[i], a - m->rowub[i]);
			broken++;
		}
	}
	return broken;
}

/* --- the greedy baseline ------------------------------------------------- */

struct greedy {
	const struct model *m;
	double *x;   /* 0 or 1 a column */
	double *act; /* each row's activity under x */
	int *order;  /* the side's columns, best first */
	int norder;
};

static const struct model *sort_model;

/* Higher objective first (in the model's sense), then the column's order. */
static int by_merit(const void *a, const void *b)
{
	int i = *(const int *)a, j = *(const int *)b;
	double ci = -sort_model->sense * sort_model->obj[i];
	double cj = -sort_model->sense * sort_model->obj[j];

	if (ci != cj)
		return ci > cj ? -1 : 1;
	return (i > j) - (i < j);
}

/* Whether column J can be taken with no row's upper bound exceeded: the at most
 * terms, the caps and the total. */
static int fits(const struct greedy *g, int j)
{
	const struct model *m = g->m;

	if (g->x[j] > 0.5 || m->colub[j] < 0.5)
		return 0;
	for (int t = m->cstart[j]; t < m->cstart[j + 1]; t++) {
		int i = m->cindex[t];

		if (g->act[i] + m->cvalue[t] > m->rowub[i] + EPS)
			return 0;
	}
	return 1;
}

static void take(struct greedy *g, int j)
{
	const struct model *m = g->m;

	g->x[j] = 1;
	for (int t = m->cstart[j]; t < m->cstart[j + 1]; t++)
		g->act[m->cindex[t]] += m->cvalue[t];
}

/* Row I's bound K from its name term_K, or -1 when it is no term. */
static int term_index(const char *name)
{
	char *end;
	long k;

	if (strncmp(name, "term_", 5))
		return -1;
	errno = 0;
	k = strtol(name + 5, &end, 10);
	return errno || *end || end == name + 5 || k < 0 || k > 1000000 ? -1 : (int)k;
}

/* Whether row I's first column is of the side PREFIX: a row speaks of one side. */
static int row_of_side(const struct model *m, int i, const char *prefix)
{
	return m->rstart[i] < m->rstart[i + 1] &&
	       !strncmp(m->colname[m->rindex[m->rstart[i]]], prefix, strlen(prefix));
}

/* Takes the best columns of row I, in the side's order, while the row is short
 * of its lower bound and they fit. ON_ROW marks the row's columns. */
static void greedy_fill_row(struct greedy *g, int i, char *on_row)
{
	const struct model *m = g->m;

	for (int t = m->rstart[i]; t < m->rstart[i + 1]; t++)
		on_row[m->rindex[t]] = m->rvalue[t] > 0;
	for (int k = 0; k < g->norder && g->act[i] < m->rowlb[i] - EPS; k++) {
		int j = g->order[k];

		if (on_row[j] && fits(g, j))
			take(g, j);
	}
	for (int t = m->rstart[i]; t < m->rstart[i + 1]; t++)
		on_row[m->rindex[t]] = 0;
}

static int by_term(const void *a, const void *b)
{
	int ka = term_index(sort_model->rowname[*(const int *)a]);
	int kb = term_index(sort_model->rowname[*(const int *)b]);

	return (ka > kb) - (ka < kb);
}

/* One side, the columns whose names start with PREFIX and the row TOTAL: the
 * pinned first, then each term with a lower bound in the formula's order, each
 * from the best of its persons, then the best of the rest up to the total. A
 * person is taken only while no at most term, cap or total would be exceeded. */
static void greedy_side(struct greedy *g, const char *prefix, const char *total)
{
	const struct model *m = g->m;
	int *terms = xcalloc((size_t)m->nrows, sizeof(int)), nterms = 0, itotal = -1;
	char *on_row = xcalloc((size_t)m->ncols, 1);

	g->norder = 0;
	for (int j = 0; j < m->ncols; j++)
		if (!strncmp(m->colname[j], prefix, strlen(prefix)))
			g->order[g->norder++] = j;
	sort_model = m;
	qsort(g->order, (size_t)g->norder, sizeof(int), by_merit);
	for (int k = 0; k < g->norder; k++)
		if (m->collb[g->order[k]] > 0.5)
			take(g, g->order[k]);

	for (int i = 0; i < m->nrows; i++) {
		if (!strcmp(m->rowname[i], total))
			itotal = i;
		else if (term_index(m->rowname[i]) >= 0 && m->rowlb[i] > -DBL_MAX &&
		         row_of_side(m, i, prefix))
			terms[nterms++] = i;
	}
	qsort(terms, (size_t)nterms, sizeof(int), by_term);
	for (int t = 0; t < nterms; t++)
		greedy_fill_row(g, terms[t], on_row);
	if (itotal >= 0)
		greedy_fill_row(g, itotal, on_row);
	free(terms);
	free(on_row);
}

static double *greedy(const struct model *m)
{
	struct greedy g = {.m = m};

	g.x = xcalloc((size_t)m->ncols, sizeof(double));
	g.act = xcalloc((size_t)m->nrows, sizeof(double));
	g.order = xcalloc((size_t)m->ncols, sizeof(int));
	greedy_side(&g, "x_", "total_receive");
	greedy_side(&g, "y_", "total_give");
	free(g.act);
	free(g.order);
	return g.x;
}

/* --- the solvers --------------------------------------------------------- */

struct result {
	const char *method;
	double objective, gap, seconds;
	const char *status;
	double *x; /* the solution, or NULL when there is none */
};

static double last_gap;

/* GLPK tells the gap only inside the search: kept for a search stopped early. */
static void glpk_watch(glp_tree *T, void *info)
{
	(void)info;
	if (glp_ios_reason(T) == GLP_IBINGO || glp_ios_reason(T) == GLP_ISELECT)
		last_gap = glp_ios_mip_gap(T);
}

static void solve_glpk(glp_prob *P, const struct model *m, double limit, struct result *r)
{
	glp_iocp parm;
	double t0;
	int ret, status;

	glp_init_iocp(&parm);
	parm.presolve = GLP_ON;
	parm.mip_gap = 0;
	parm.msg_lev = GLP_MSG_OFF;
	parm.tm_lim = (int)(limit * 1000);
	parm.cb_func = glpk_watch;
	last_gap = INFINITY;
	t0 = now();
	ret = glp_intopt(P, &parm);
	r->seconds = now() - t0;
	status = glp_mip_status(P);
	r->status = status == GLP_OPT      ? "optimal"
	            : status == GLP_FEAS   ? (ret == GLP_ETMLIM ? "time limit" : "feasible")
	            : status == GLP_NOFEAS ? "infeasible"
	                                   : "no solution";
	if (status != GLP_OPT && status != GLP_FEAS)
		return;
	r->objective = glp_mip_obj_val(P);
	r->gap = status == GLP_OPT ? 0 : last_gap;
	r->x = xcalloc((size_t)m->ncols, sizeof(double));
	for (int j = 0; j < m->ncols; j++)
		r->x[j] = glp_mip_col_val(P, j + 1);
}

/* PREPROCESS 0 turns CBC's preprocessing (CglPreProcess) off: on this model it takes
 * nearly all of CBC's time by default, so both are measured. */
static void solve_cbc(const struct model *m, double limit, int preprocess, struct result *r)
{
	Cbc_Model *c = Cbc_newModel();
	const double *sol;
	double t0, bound;

	/* CoinBigIndex is int in Debian's build; a model of ours is far below 2^31 */
	Cbc_loadProblem(c, m->ncols, m->nrows, m->cstart, m->cindex, m->cvalue, m->collb, m->colub,
	                m->obj, m->rowlb, m->rowub);
	for (int j = 0; j < m->ncols; j++)
		Cbc_setInteger(c, j);
	Cbc_setObjSense(c, m->sense);
	Cbc_setLogLevel(c, 0);
	Cbc_setAllowableFractionGap(c, 0);
	Cbc_setMaximumSeconds(c, limit);
	if (!preprocess)
		Cbc_setParameter(c, "preprocess", "off");
	t0 = now();
	Cbc_solve(c);
	r->seconds = now() - t0;
	sol = Cbc_getColSolution(c);
	r->status = Cbc_isProvenOptimal(c)         ? "optimal"
	            : Cbc_isProvenInfeasible(c)    ? "infeasible"
	            : Cbc_isSecondsLimitReached(c) ? "time limit"
	                                           : "not proven";
	if (sol && Cbc_bestSolution(c)) {
		r->objective = Cbc_getObjValue(c) + m->obj_const;
		bound = Cbc_getBestPossibleObjValue(c) + m->obj_const;
		r->gap = fabs(r->objective - bound) / fmax(1e-10, fabs(r->objective));
		if (Cbc_isProvenOptimal(c))
			r->gap = 0;
		r->x = xcalloc((size_t)m->ncols, sizeof(double));
		for (int j = 0; j < m->ncols; j++)
			r->x[j] = round(sol[j]);
	}
	Cbc_deleteModel(c);
}

/* --- the table ----------------------------------------------------------- */

static void row(const struct model *m, const struct result *r)
{
	char obj[32] = "-", met[32] = "-", gap[32] = "-";
	int broken;

	if (r->x) {
		snprintf(obj, sizeof(obj), "%.2f", r->objective);
		broken = check(m, r->x, NULL, "");
		if (broken)
			snprintf(met, sizeof(met), "no (%d rows)", broken);
		else
			snprintf(met, sizeof(met), "yes");
	}
	if (r->x && isfinite(r->gap))
		snprintf(gap, sizeof(gap), "%.2g%%", r->gap * 100);
	printf("%-10s %14s %14s %8s %9.3f  %s\n", r->method, obj, met, gap, r->seconds, r->status);
}

static int usage(void)
{
	fprintf(stderr, "usage: plan-solvers [--time-limit SECONDS] MODEL.lp\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct model m = {0};
	struct result res[] = {{.method = "greedy", .status = "-"},
	                       {.method = "glpk", .status = "?"},
	                       {.method = "cbc", .status = "?"},
	                       {.method = "cbc-nopre", .status = "?"}};
	const int nres = (int)(sizeof(res) / sizeof(res[0]));
	const char *file = NULL;
	double limit = 60, t0;
	glp_prob *P;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--time-limit") && i + 1 < argc)
			limit = strtod(argv[++i], NULL);
		else if (argv[i][0] == '-' || file)
			return usage();
		else
			file = argv[i];
	}
	if (!file || !(limit > 0))
		return usage();

	glp_term_out(GLP_OFF); /* our table is the output; a bad file is told below */
	P = glp_create_prob();
	if (glp_read_lp(P, NULL, file)) {
		fprintf(stderr,
		        "plan-solvers: %s: not a model GLPK reads in CPLEX LP format "
		        "(glpsol --lp %s says why)\n",
		        file, file);
		return 1;
	}
	model_from_glpk(&m, P);
	printf("model %s: %d columns, %d rows, %d nonzeros; %s\n", file, m.ncols, m.nrows,
	       m.cstart[m.ncols], m.sense < 0 ? "maximise" : "minimise");

	t0 = now();
	res[0].x = greedy(&m);
	res[0].seconds = now() - t0;
	res[0].objective = objective(&m, res[0].x);
	res[0].gap = NAN;
	solve_glpk(P, &m, limit, &res[1]);
	solve_cbc(&m, limit, 1, &res[2]);
	solve_cbc(&m, limit, 0, &res[3]);

	printf("%-10s %14s %14s %8s %9s  %s\n", "method", "objective", "all rows hold", "gap",
	       "seconds", "status");
	for (int k = 0; k < nres; k++)
		row(&m, &res[k]);
	printf("(glpk: GLPK %s glp_intopt, presolve on, mip_gap 0; cbc: CBC %s Cbc_solve, "
	       "fraction gap 0,\n its defaults; cbc-nopre: the same, preprocess off; the solve "
	       "alone, in this process;\n time limit %g s)\n",
	       glp_version(), Cbc_getVersion(), limit);
	for (int k = 0; k < nres; k++) {
		char prefix[32];

		snprintf(prefix, sizeof(prefix), "%s fails: ", res[k].method);
		if (res[k].x)
			check(&m, res[k].x, stdout, prefix);
	}
	glp_delete_prob(P);
	return 0;
}
