/*
 * optimize_core.c
 *		BFGS with a backtracking Armijo line search, and Nelder-Mead as the
 *		fallback when BFGS stalls, for the few log-parameters of a model fit.
 *
 * The plan: BFGS from the start; if it stops short of a small gradient
 * (the line search finds no acceptable point, or too many iterations),
 * Nelder-Mead from the best point, which needs no gradient and walks around
 * kinks and non-finite regions, then BFGS again from where Nelder-Mead
 * ended.  Every evaluation goes through evaluate(), which keeps the best
 * finite point: that is what the caller gets, whatever happened.
 */
#include "optimize_core.h"

#include <float.h>
#include <math.h>
#include <string.h>

/* BFGS stops at this gradient; OPTIMIZE_GTOL is what counts as converged. */
#define BFGS_GTOL			(OPTIMIZE_GTOL / 100)
#define BFGS_MAX_ITERATIONS	200
/* Longest step in any variable: 1 while no curvature is known, else 4. */
#define FIRST_STEP			1.0
#define MAX_STEP			4.0
#define ARMIJO				1e-4
#define LINE_SEARCH_TRIES	40
/* A step shorter than this in every variable changes nothing that matters. */
#define TINY_STEP			1e-13
#define NM_MAX_STEPS		500
#define NM_START_SIZE		0.25
#define NM_XTOL				1e-9
#define HESSIAN_STEP		1e-4

typedef struct Search
{
	OptimizeObjective f;
	void	   *ctx;
	int			n;
	InterruptPoll poll;
	int			evaluations;
	int			iterations;
	double		best_f;			/* inf until a finite point is seen */
	double		best_x[OPTIMIZE_MAX_VARS];
	double		best_g[OPTIMIZE_MAX_VARS];
	bool		best_has_grad;	/* best_g holds the gradient at best_x */
} Search;

typedef enum BfgsEnd
{
	BFGS_CONVERGED,
	BFGS_STALLED,
	BFGS_OUT_OF_ITERATIONS,
	BFGS_NO_START				/* the start is not finite */
} BfgsEnd;

static bool
all_finite(const double *v, int n)
{
	for (int i = 0; i < n; i++)
		if (!isfinite(v[i]))
			return false;
	return true;
}

static double
max_abs(const double *v, int n)
{
	double		m = 0.0;

	for (int i = 0; i < n; i++)
		m = fmax(m, fabs(v[i]));
	return m;
}

static double
dot(const double *u, const double *v, int n)
{
	double		s = 0.0;

	for (int i = 0; i < n; i++)
		s += u[i] * v[i];
	return s;
}

static double
scale_of(double f)
{
	return fmax(1.0, fabs(f));
}

/*
 * f at x (and its gradient into g when g is not NULL), with any non-finite
 * value or gradient turned into +inf so that every comparison rejects it.
 * Remembers the best finite point.
 */
static double
evaluate(Search *s, const double *x, double *g)
{
	double		fx;

	if (!all_finite(x, s->n))
		return INFINITY;
	if (s->poll)
		s->poll();
	s->evaluations++;
	fx = s->f(x, g, s->ctx);
	if (!isfinite(fx) || (g != NULL && !all_finite(g, s->n)))
		return INFINITY;
	/* on a tie, prefer the point whose gradient we know */
	if (fx < s->best_f || (fx == s->best_f && g != NULL && !s->best_has_grad))
	{
		s->best_f = fx;
		memcpy(s->best_x, x, sizeof(double) * s->n);
		s->best_has_grad = g != NULL;
		if (g != NULL)
			memcpy(s->best_g, g, sizeof(double) * s->n);
	}
	return fx;
}

static void
set_identity(double *h, int n)
{
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			h[i * n + j] = i == j ? 1.0 : 0.0;
}

/*
 * Backtracking from the longest allowed step until the Armijo condition
 * holds at a finite point; quadratic interpolation picks the next trial,
 * kept within [0.1, 0.5] of the last one.  Returns f there (xn, gn filled)
 * or +inf when no acceptable step was found.
 */
static double
line_search(Search *s, const double *x, double fx, const double *g, const double *p,
			bool fresh, double *xn, double *gn)
{
	int			n = s->n;
	double		slope = dot(g, p, n);
	double		longest = max_abs(p, n);
	double		t = fmin(1.0, (fresh ? FIRST_STEP : MAX_STEP) / longest);

	for (int k = 0; k < LINE_SEARCH_TRIES && t * longest > TINY_STEP; k++)
	{
		double		fn;

		for (int i = 0; i < n; i++)
			xn[i] = x[i] + t * p[i];
		fn = evaluate(s, xn, gn);
		if (fn <= fx + ARMIJO * t * slope)
			return fn;
		if (isfinite(fn))
		{
			double		tq = -slope * t * t / (2.0 * (fn - fx - slope * t));

			t = fmin(fmax(tq, 0.1 * t), 0.5 * t);
		}
		else
			t *= 0.1;			/* overflow: far too long, shrink hard */
	}
	return INFINITY;
}

/*
 * The BFGS update of the inverse Hessian h with the step s and gradient
 * change y.  Skipped (false) unless s'y > 0: Armijo alone does not ensure
 * it, and without it h would stop being positive definite.  The first
 * update also scales the identity to the curvature seen (Nocedal & Wright
 * eq. 6.20), so the next step has about the right length.
 */
static bool
bfgs_update(double *h, int n, const double *s, const double *y, bool fresh)
{
	double		sy = dot(s, y, n);
	double		hy[OPTIMIZE_MAX_VARS];
	double		yhy,
				rho;

	if (!(sy > 1e-12 * sqrt(dot(s, s, n) * dot(y, y, n))))
		return false;
	if (fresh)
		for (int i = 0; i < n; i++)
			h[i * n + i] = sy / dot(y, y, n);
	for (int i = 0; i < n; i++)
		hy[i] = dot(h + i * n, y, n);
	yhy = dot(y, hy, n);
	rho = 1.0 / sy;
	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			h[i * n + j] += -rho * (hy[i] * s[j] + s[i] * hy[j])
				+ (rho * rho * yhy + rho) * s[i] * s[j];
	return true;
}

/* p = -h g, or -g when that is not a descent direction (h forgotten). */
static void
bfgs_direction(double *h, int n, const double *g, bool *fresh, double *p)
{
	for (int i = 0; i < n; i++)
		p[i] = -dot(h + i * n, g, n);
	if (!(dot(g, p, n) < 0.0) || !all_finite(p, n))
	{
		set_identity(h, n);
		*fresh = true;
		for (int i = 0; i < n; i++)
			p[i] = -g[i];
	}
}

/* BFGS from x; x ends at the last accepted point. */
static BfgsEnd
bfgs(Search *s, double *x)
{
	int			n = s->n;
	double		h[OPTIMIZE_MAX_VARS * OPTIMIZE_MAX_VARS];
	double		g[OPTIMIZE_MAX_VARS],
				p[OPTIMIZE_MAX_VARS],
				xn[OPTIMIZE_MAX_VARS],
				gn[OPTIMIZE_MAX_VARS],
				step[OPTIMIZE_MAX_VARS],
				dg[OPTIMIZE_MAX_VARS];
	double		fx = evaluate(s, x, g);
	bool		fresh = true;	/* h is the identity: no curvature known */

	if (!isfinite(fx))
		return BFGS_NO_START;
	set_identity(h, n);
	for (int it = 0; it < BFGS_MAX_ITERATIONS; it++)
	{
		double		fn;

		if (max_abs(g, n) <= BFGS_GTOL * scale_of(fx))
			return BFGS_CONVERGED;
		bfgs_direction(h, n, g, &fresh, p);
		fn = line_search(s, x, fx, g, p, fresh, xn, gn);
		if (!isfinite(fn))
		{
			if (fresh)
				return BFGS_STALLED;
			/* the curvature learnt may be what misleads: retry downhill */
			set_identity(h, n);
			fresh = true;
			continue;
		}
		for (int i = 0; i < n; i++)
		{
			step[i] = xn[i] - x[i];
			dg[i] = gn[i] - g[i];
		}
		if (bfgs_update(h, n, step, dg, fresh))
			fresh = false;
		memcpy(x, xn, sizeof(double) * n);
		memcpy(g, gn, sizeof(double) * n);
		fx = fn;
		s->iterations++;
	}
	return BFGS_OUT_OF_ITERATIONS;
}

/* Nelder-Mead: vertices ordered best first. */
static void
nm_sort(double v[][OPTIMIZE_MAX_VARS], double *fv, int count, int n)
{
	for (int i = 1; i < count; i++)
		for (int j = i; j > 0 && fv[j] < fv[j - 1]; j--)
		{
			double		tmp[OPTIMIZE_MAX_VARS];
			double		ft = fv[j];

			memcpy(tmp, v[j], sizeof(double) * n);
			memcpy(v[j], v[j - 1], sizeof(double) * n);
			memcpy(v[j - 1], tmp, sizeof(double) * n);
			fv[j] = fv[j - 1];
			fv[j - 1] = ft;
		}
}

/* out = c + coef (w - c) */
static void
nm_point(const double *c, const double *w, double coef, int n, double *out)
{
	for (int i = 0; i < n; i++)
		out[i] = c[i] + coef * (w[i] - c[i]);
}

static bool
nm_small(double v[][OPTIMIZE_MAX_VARS], const double *fv, int n)
{
	double		size = 0.0;

	for (int i = 1; i <= n; i++)
		for (int j = 0; j < n; j++)
			size = fmax(size, fabs(v[i][j] - v[0][j]));
	return size <= NM_XTOL ||
		(isfinite(fv[n]) && fv[n] - fv[0] <= 1e-15 * scale_of(fv[0]));
}

/*
 * The starting simplex: x and a step along each axis, reversed or shortened
 * when it lands where f is not finite.
 */
static void
nm_start(Search *s, const double *x, double v[][OPTIMIZE_MAX_VARS], double *fv)
{
	int			n = s->n;

	memcpy(v[0], x, sizeof(double) * n);
	fv[0] = evaluate(s, v[0], NULL);
	for (int i = 1; i <= n; i++)
	{
		double		d = NM_START_SIZE;

		for (int k = 0; k < 8; k++)
		{
			memcpy(v[i], x, sizeof(double) * n);
			v[i][i - 1] += (k % 2 == 0) ? d : -d;
			fv[i] = evaluate(s, v[i], NULL);
			if (isfinite(fv[i]))
				break;
			if (k % 2 == 1)
				d *= 0.25;
		}
	}
}

/* One Nelder-Mead step on the sorted simplex (standard coefficients). */
static void
nm_step(Search *s, double v[][OPTIMIZE_MAX_VARS], double *fv)
{
	int			n = s->n;
	double		c[OPTIMIZE_MAX_VARS] = {0},
				xr[OPTIMIZE_MAX_VARS],
				xt[OPTIMIZE_MAX_VARS];
	double		fr,
				ft;

	for (int i = 0; i < n; i++)
		for (int j = 0; j < n; j++)
			c[j] += v[i][j] / n;
	nm_point(c, v[n], -1.0, n, xr);
	fr = evaluate(s, xr, NULL);
	if (fr < fv[0])
	{
		nm_point(c, v[n], -2.0, n, xt);
		ft = evaluate(s, xt, NULL);
		if (ft < fr)
		{
			memcpy(v[n], xt, sizeof(double) * n);
			fv[n] = ft;
			return;
		}
	}
	if (fr < fv[n - 1])
	{
		memcpy(v[n], xr, sizeof(double) * n);
		fv[n] = fr;
		return;
	}
	/* contract outside when the reflection beat the worst, else inside */
	nm_point(c, fr < fv[n] ? xr : v[n], 0.5, n, xt);
	ft = evaluate(s, xt, NULL);
	if (ft < fmin(fr, fv[n]))
	{
		memcpy(v[n], xt, sizeof(double) * n);
		fv[n] = ft;
		return;
	}
	/* shrink towards the best vertex */
	for (int i = 1; i <= n; i++)
	{
		nm_point(v[0], v[i], 0.5, n, v[i]);
		fv[i] = evaluate(s, v[i], NULL);
	}
}

/* Nelder-Mead from x; the best point is in s. */
static void
nelder_mead(Search *s, const double *x)
{
	double		v[OPTIMIZE_MAX_VARS + 1][OPTIMIZE_MAX_VARS];
	double		fv[OPTIMIZE_MAX_VARS + 1];

	nm_start(s, x, v, fv);
	for (int step = 0; step < NM_MAX_STEPS; step++)
	{
		nm_sort(v, fv, s->n + 1, s->n);
		if (nm_small(v, fv, s->n))
			break;
		nm_step(s, v, fv);
		s->iterations++;
	}
}

static bool
best_converged(const Search *s)
{
	return isfinite(s->best_f) && s->best_has_grad &&
		max_abs(s->best_g, s->n) <= OPTIMIZE_GTOL * scale_of(s->best_f);
}

void
optimize_minimize(OptimizeObjective f, void *ctx, int n, double *x,
				  InterruptPoll poll, OptimizeResult *result)
{
	Search		s = {f, ctx, n, poll, 0, 0, INFINITY, {0}, {0}, false};
	double		work[OPTIMIZE_MAX_VARS];

	memcpy(work, x, sizeof(double) * n);
	if (bfgs(&s, work) != BFGS_CONVERGED && !best_converged(&s))
	{
		nelder_mead(&s, isfinite(s.best_f) ? s.best_x : x);
		if (isfinite(s.best_f))
		{
			memcpy(work, s.best_x, sizeof(double) * n);
			bfgs(&s, work);
		}
	}
	/* Nelder-Mead's best point may lack a gradient: get it */
	if (isfinite(s.best_f) && !s.best_has_grad)
	{
		double		g[OPTIMIZE_MAX_VARS];

		memcpy(work, s.best_x, sizeof(double) * n);
		evaluate(&s, work, g);
	}
	if (isfinite(s.best_f))
		memcpy(x, s.best_x, sizeof(double) * n);
	result->f = s.best_f;
	result->grad_norm = s.best_has_grad ? max_abs(s.best_g, n) : INFINITY;
	result->iterations = s.iterations;
	result->evaluations = s.evaluations;
	result->converged = best_converged(&s);
}

bool
optimize_hessian(OptimizeObjective f, void *ctx, int n, const double *x,
				 InterruptPoll poll, double *hess)
{
	double		xs[OPTIMIZE_MAX_VARS],
				gp[OPTIMIZE_MAX_VARS],
				gm[OPTIMIZE_MAX_VARS];

	for (int i = 0; i < n; i++)
	{
		memcpy(xs, x, sizeof(double) * n);
		xs[i] = x[i] + HESSIAN_STEP;
		if (poll)
			poll();
		if (!isfinite(f(xs, gp, ctx)) || !all_finite(gp, n))
			return false;
		xs[i] = x[i] - HESSIAN_STEP;
		if (poll)
			poll();
		if (!isfinite(f(xs, gm, ctx)) || !all_finite(gm, n))
			return false;
		for (int j = 0; j < n; j++)
			hess[i * n + j] = (gp[j] - gm[j]) / (2.0 * HESSIAN_STEP);
	}
	for (int i = 0; i < n; i++)
		for (int j = 0; j < i; j++)
			hess[i * n + j] = hess[j * n + i] = (hess[i * n + j] + hess[j * n + i]) / 2.0;
	return true;
}

/* Whether the symmetric n x n matrix h minus min_eigen I has a Cholesky factor. */
static bool
curvature_above(int n, const double *h, double min_eigen)
{
	double		l[OPTIMIZE_MAX_VARS * OPTIMIZE_MAX_VARS] = {0};

	for (int j = 0; j < n; j++)
	{
		double		d = h[j * n + j] - min_eigen;

		for (int k = 0; k < j; k++)
			d -= l[j * n + k] * l[j * n + k];
		if (!(d > 0.0))
			return false;
		l[j * n + j] = sqrt(d);
		for (int i = j + 1; i < n; i++)
		{
			double		e = h[i * n + j];

			for (int k = 0; k < j; k++)
				e -= l[i * n + k] * l[j * n + k];
			l[i * n + j] = e / l[j * n + j];
		}
	}
	return true;
}

/* optimize_identified, leaving the Hessian it computed in hess. */
static bool
identified_with_hessian(OptimizeObjective f, void *ctx, int n, const double *x,
						double fx, double limit, InterruptPoll poll, double *hess)
{
	for (int i = 0; i < n; i++)
		if (!(fabs(x[i]) <= limit))
			return false;
	return isfinite(fx) && optimize_hessian(f, ctx, n, x, poll, hess) &&
		curvature_above(n, hess, OPTIMIZE_MIN_CURVATURE * scale_of(fx));
}

bool
optimize_identified(OptimizeObjective f, void *ctx, int n, const double *x,
					double fx, double limit, InterruptPoll poll)
{
	double		hess[OPTIMIZE_MAX_VARS * OPTIMIZE_MAX_VARS];

	return identified_with_hessian(f, ctx, n, x, fx, limit, poll, hess);
}

/*
 * The inverse of the symmetric positive definite n x n matrix a, into inv,
 * by its Cholesky factor; false when a is not positive definite.
 */
static bool
invert_spd(int n, const double *a, double *inv)
{
	double		l[OPTIMIZE_MAX_VARS * OPTIMIZE_MAX_VARS] = {0};

	for (int j = 0; j < n; j++)
		for (int i = j; i < n; i++)
		{
			double		s = a[i * n + j];

			for (int k = 0; k < j; k++)
				s -= l[i * n + k] * l[j * n + k];
			if (i == j)
			{
				if (!(s > 0.0) || !isfinite(s))
					return false;
				l[j * n + j] = sqrt(s);
			}
			else
				l[i * n + j] = s / l[j * n + j];
		}
	/* column by column: solve L y = e_c, then L^T x = y */
	for (int c = 0; c < n; c++)
	{
		double		y[OPTIMIZE_MAX_VARS];

		for (int i = 0; i < n; i++)
		{
			double		s = i == c ? 1.0 : 0.0;

			for (int k = 0; k < i; k++)
				s -= l[i * n + k] * y[k];
			y[i] = s / l[i * n + i];
		}
		for (int i = n - 1; i >= 0; i--)
		{
			double		s = y[i];

			for (int k = i + 1; k < n; k++)
				s -= l[k * n + i] * inv[k * n + c];
			inv[i * n + c] = s / l[i * n + i];
		}
	}
	return true;
}

/* The covariance of theta = scale e^x from the Hessian and gradient of f by x. */
static bool
covariance_of(int n, const double *x, const double *scale, const double *hess,
			  const double *grad, double customers, double *cov)
{
	double		info[OPTIMIZE_MAX_VARS * OPTIMIZE_MAX_VARS];
	double		inv[OPTIMIZE_MAX_VARS * OPTIMIZE_MAX_VARS];

	for (int j = 0; j < n; j++)
		for (int k = 0; k < n; k++)
			info[j * n + k] = customers * (hess[j * n + k] - (j == k ? grad[j] : 0.0));
	if (!invert_spd(n, info, inv))
		return false;
	/* the solves leave the inverse symmetric only to rounding: averaged, it is exactly */
	for (int j = 0; j < n; j++)
		for (int k = 0; k <= j; k++)
		{
			double		c = 0.5 * (inv[j * n + k] + inv[k * n + j]) *
				(scale[j] * exp(x[j])) * (scale[k] * exp(x[k]));

			if (!isfinite(c))
				return false;
			cov[j * n + k] = cov[k * n + j] = c;
		}
	return true;
}

void
optimize_finish(OptimizeObjective f, void *ctx, int n, const double *x,
				const OptimizeResult *res, double limit, const double *scale,
				double customers, bool penalised, InterruptPoll poll, FitOutcome *outcome)
{
	double		hess[OPTIMIZE_MAX_VARS * OPTIMIZE_MAX_VARS];
	double		grad[OPTIMIZE_MAX_VARS];

	outcome->iterations = res->iterations;
	outcome->converged = res->converged &&
		identified_with_hessian(f, ctx, n, x, res->f, limit, poll, hess);
	outcome->has_covariance = outcome->converged && !penalised &&
		isfinite(f(x, grad, ctx)) && all_finite(grad, n) &&
		covariance_of(n, x, scale, hess, grad, customers, outcome->covariance);
}

double
optimize_positive(double log_value, double scale)
{
	return fmin(fmax(exp(log_value) * scale, DBL_MIN), DBL_MAX);
}
