/* logit.c - logistic regression by Newton's method (IRLS), with GSL for the algebra
 *
 * The model of xstats.c (which attributes go with being returned), kept apart so that it
 * is tested by itself on data with known odds ratios (tests/unit/u-xstats.c). GSL works
 * on our own arrays through views: it allocates nothing, so a failed allocation is ours to
 * see; its error handler is off (pl_global_init), so a matrix that is not positive
 * definite is a return code, not an abort.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "parley/alloc.h"
#include "parley/xstats.h"
#include "banned.h"

#define MAX_ITER 60
#define MAX_HALVINGS 30
/* glm's test: the deviance changed by less than this, relatively */
#define EPSILON 1e-10
/* a fitted probability this close to 0 or 1 is separation, as glm warns */
#define P_EDGE 1e-10

static double deviance_of(const double *eta, const unsigned char *y, size_t n)
{
	double d = 0;
	for (size_t i = 0; i < n; i++) {
		/* -2 log L, computed without exp overflow: log(1 + e^x) stably */
		double e = eta[i], l1p = e > 0 ? e + log1p(exp(-e)) : log1p(exp(e));
		d += 2 * (l1p - (y[i] ? e : 0));
	}
	return d;
}

static double inv_logit(double e)
{
	return e >= 0 ? 1 / (1 + exp(-e)) : exp(e) / (1 + exp(e));
}

int pl_logit_fit(const double *x, const unsigned char *y, size_t n, size_t p, struct pl_logit *out,
                 struct pl_error *err)
{
	struct pl_logit m = {.p = p};
	double *xw = NULL, *info = NULL, *score = NULL, *eta = NULL, *step = NULL, *trial = NULL;
	double dev, events = 0;
	int rc = 0;

	if (p == 0 || n <= p)
		return pl_error_set(err, PL_EUSAGE,
		                    "logistic model: %zu persons for %zu parameters", n, p);
	m.beta = pl_calloc(p, sizeof(double));
	m.se = pl_calloc(p, sizeof(double));
	xw = pl_malloc(n * p * sizeof(double));
	info = pl_malloc(p * p * sizeof(double));
	score = pl_malloc(p * sizeof(double));
	step = pl_malloc(p * sizeof(double));
	trial = pl_malloc(p * sizeof(double));
	eta = pl_calloc(n, sizeof(double));
	if (!m.beta || !m.se || !xw || !info || !score || !step || !trial || !eta) {
		rc = pl_error_set(err, PL_EDATA, "out of memory");
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		events += y[i] != 0;
	/* the null model: the intercept alone, p = the share of events */
	{
		double share = events / (double)n;
		m.null_deviance =
		        share <= 0 || share >= 1
		                ? 0
		                : -2 * (events * log(share) + (n - events) * log1p(-share));
	}
	dev = deviance_of(eta, y, n);
	m.state = PL_LOGIT_NO_CONVERGENCE;
	for (m.iterations = 1; m.iterations <= MAX_ITER; m.iterations++) {
		gsl_matrix_view X = gsl_matrix_view_array(xw, n, p);
		gsl_matrix_view I = gsl_matrix_view_array(info, p, p);
		gsl_vector_view U = gsl_vector_view_array(score, p);
		gsl_vector_view S = gsl_vector_view_array(step, p);
		double newdev = 0;
		int halvings = 0;
		/* sqrt(w) x, and the score x'(y - mu) */
		memset(score, 0, p * sizeof(double));
		for (size_t i = 0; i < n; i++) {
			double mu = inv_logit(eta[i]), sw = sqrt(mu * (1 - mu));
			for (size_t j = 0; j < p; j++) {
				xw[i * p + j] = x[i * p + j] * sw;
				score[j] += x[i * p + j] * ((y[i] ? 1.0 : 0.0) - mu);
			}
		}
		/* the information x'wx, lower triangle */
		gsl_blas_dsyrk(CblasLower, CblasTrans, 1.0, &X.matrix, 0.0, &I.matrix);
		if (gsl_linalg_cholesky_decomp1(&I.matrix)) {
			/* not positive definite: a column all zero among those weighted, or
			 * columns that say the same; the smallest pivot names it */
			size_t worst = 0;
			for (size_t j = 1; j < p; j++)
				if (fabs(info[j * p + j]) < fabs(info[worst * p + worst]))
					worst = j;
			m.state = PL_LOGIT_SINGULAR;
			m.culprit = worst;
			goto done;
		}
		gsl_linalg_cholesky_solve(&I.matrix, &U.vector, &S.vector);
		/* step, halved while the deviance grows */
		for (;;) {
			for (size_t j = 0; j < p; j++)
				trial[j] = m.beta[j] + step[j];
			for (size_t i = 0; i < n; i++) {
				double e = 0;
				for (size_t j = 0; j < p; j++)
					e += x[i * p + j] * trial[j];
				eta[i] = e;
			}
			newdev = deviance_of(eta, y, n);
			if (isfinite(newdev) && newdev <= dev * (1 + 1e-12) + 1e-12)
				break;
			if (++halvings > MAX_HALVINGS)
				break;
			for (size_t j = 0; j < p; j++)
				step[j] /= 2;
		}
		memcpy(m.beta, trial, p * sizeof(double));
		if (fabs(newdev - dev) / (fabs(newdev) + 0.1) < EPSILON) {
			dev = newdev;
			m.state = PL_LOGIT_FIT;
			break;
		}
		dev = newdev;
	}
	m.deviance = dev;
	/* separation: fitted probabilities of 0 or 1; the largest coefficient is at fault */
	{
		size_t edge = 0, worst = 0;
		for (size_t i = 0; i < n; i++) {
			double mu = inv_logit(eta[i]);
			edge += mu < P_EDGE || mu > 1 - P_EDGE;
		}
		for (size_t j = 1; j < p; j++)
			if (fabs(m.beta[j]) > fabs(m.beta[worst]) || worst == 0)
				worst = j;
		if (edge || (m.state != PL_LOGIT_FIT && dev < 1e-6 * (m.null_deviance + 1))) {
			m.state = PL_LOGIT_SEPARATION;
			m.culprit = p > 1 ? worst : 0;
			goto done;
		}
	}
	if (m.state != PL_LOGIT_FIT)
		goto done;
	/* standard errors: the inverse of the information at the estimate */
	{
		gsl_matrix_view X = gsl_matrix_view_array(xw, n, p);
		gsl_matrix_view I = gsl_matrix_view_array(info, p, p);
		for (size_t i = 0; i < n; i++) {
			double mu = inv_logit(eta[i]), sw = sqrt(mu * (1 - mu));
			for (size_t j = 0; j < p; j++)
				xw[i * p + j] = x[i * p + j] * sw;
		}
		gsl_blas_dsyrk(CblasLower, CblasTrans, 1.0, &X.matrix, 0.0, &I.matrix);
		if (gsl_linalg_cholesky_decomp1(&I.matrix) ||
		    gsl_linalg_cholesky_invert(&I.matrix)) {
			m.state = PL_LOGIT_SINGULAR;
			m.culprit = 0;
			goto done;
		}
		for (size_t j = 0; j < p; j++) {
			double v = info[j * p + j];
			m.se[j] = v > 0 && isfinite(v) ? sqrt(v) : NAN;
			if (!isfinite(m.se[j])) {
				m.state = PL_LOGIT_SINGULAR;
				m.culprit = j;
				goto done;
			}
		}
	}
done:
	m.deviance = dev;
	*out = m;
	m.beta = m.se = NULL;
out:
	pl_free(m.beta);
	pl_free(m.se);
	pl_free(xw);
	pl_free(info);
	pl_free(score);
	pl_free(step);
	pl_free(trial);
	pl_free(eta);
	return rc;
}

void pl_logit_release(struct pl_logit *m)
{
	if (!m)
		return;
	pl_free(m->beta);
	pl_free(m->se);
	m->beta = m->se = NULL;
}

void pl_logit_odds(const struct pl_logit *m, size_t j, double *ratio, double *lo, double *hi)
{
	double z = gsl_cdf_ugaussian_Pinv(0.975);
	*ratio = exp(m->beta[j]);
	*lo = exp(m->beta[j] - z * m->se[j]);
	*hi = exp(m->beta[j] + z * m->se[j]);
}

double pl_logit_p(const struct pl_logit *m, size_t j)
{
	return 2 * gsl_cdf_ugaussian_Q(fabs(m->beta[j] / m->se[j]));
}
