/*
 * fuzz_optimize.c
 *		The minimiser (optimize_core.c) on decoded objectives of 1 to 4
 *		variables: convex quadratics with decoded weights and centres,
 *		Rosenbrock-like valleys, a wall where the objective is not finite,
 *		and objectives that fall forever.  Never a crash or undefined
 *		behaviour; the point returned is finite, its objective is result.f
 *		and not above the start's; a convex quadratic converges near its
 *		centre; optimize_positive stays within [DBL_MIN, DBL_MAX].
 */
#include "fuzz_core.h"

#include <float.h>

#include "optimize_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct Problem
{
	int			kind;
	int			n;
	double		w[OPTIMIZE_MAX_VARS];
	double		c[OPTIMIZE_MAX_VARS];
	double		wall;			/* kind 2: not finite beyond this radius */
	int			calls;
} Problem;

static double
objective(const double *x, double *grad, void *ctx)
{
	Problem    *p = ctx;
	double		f = 0.0;

	p->calls++;
	for (int i = 0; i < p->n; i++)
	{
		double		d = x[i] - p->c[i];

		switch (p->kind)
		{
			case 0:				/* quadratic */
			case 2:				/* quadratic with a wall */
				f += p->w[i] * d * d;
				if (grad)
					grad[i] = 2 * p->w[i] * d;
				break;
			case 1:				/* Rosenbrock-like: (1 - x_i)^2 + w (x_i+1 - x_i^2)^2 */
				{
					double		next = x[(i + 1) % p->n];
					double		v = next - x[i] * x[i];

					f += d * d + p->w[i] * v * v;
					if (grad)
						grad[i] = 2 * d - 4 * p->w[i] * v * x[i];
					break;
				}
			case 3:				/* exp(w x) - x: minimum at ln(1 / w) / w */
				f += exp(p->w[i] * x[i]) - x[i];
				if (grad)
					grad[i] = p->w[i] * exp(p->w[i] * x[i]) - 1;
				break;
			default:			/* falls forever: e^-x */
				f += exp(-x[i]);
				if (grad)
					grad[i] = -exp(-x[i]);
				break;
		}
	}
	if (p->kind == 1 && grad)
	{
		/* the coupling terms' derivative by x_i+1 */
		double		g[OPTIMIZE_MAX_VARS];

		for (int i = 0; i < p->n; i++)
		{
			int			prev = (i + p->n - 1) % p->n;

			g[i] = grad[i] + 2 * p->w[prev] * (x[i] - x[prev] * x[prev]);
		}
		for (int i = 0; i < p->n; i++)
			grad[i] = g[i];
	}
	if (p->kind == 2)
	{
		double		r2 = 0.0;

		for (int i = 0; i < p->n; i++)
			r2 += x[i] * x[i];
		if (r2 > p->wall * p->wall)
			return INFINITY;
	}
	return f;
}

/* A weight in [1e-6, 1e6] (or the decoded extreme) */
static double
weight(FuzzInput *in)
{
	double		v = fuzz_positive(in);

	return fmin(fmax(v, 1e-6), 1e6);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in = {data, size};
	Problem		p;
	double		x[OPTIMIZE_MAX_VARS];
	double		x0[OPTIMIZE_MAX_VARS];
	double		f0;
	double		f;
	OptimizeResult res;

	memset(&p, 0, sizeof(p));
	p.kind = (int) (fuzz_bits(&in, 1) % 5);
	p.n = 1 + (int) (fuzz_bits(&in, 1) % OPTIMIZE_MAX_VARS);
	for (int i = 0; i < p.n; i++)
	{
		double		start = fuzz_double(&in);

		p.w[i] = weight(&in);
		p.c[i] = fuzz_double(&in);
		p.c[i] = isfinite(p.c[i]) ? fmod(p.c[i], 50.0) : 0.0;
		x[i] = isfinite(start) ? fmod(start, 30.0) : 0.0;
	}
	p.wall = 1.0 + fuzz_nonnegative(&in);
	memcpy(x0, x, sizeof(x));
	f0 = objective(x0, NULL, &p);
	p.calls = 0;

	optimize_minimize(objective, &p, p.n, x, NULL, &res);
	FUZZ_CHECK(res.evaluations >= 1 && res.iterations >= 0, "counts %d %d", res.evaluations, res.iterations);
	for (int i = 0; i < p.n; i++)
		FUZZ_CHECK(isfinite(x[i]), "x[%d] = %g (kind %d)", i, x[i], p.kind);
	f = objective(x, NULL, &p);
	if (isfinite(f0))
	{
		FUZZ_CHECK(isfinite(res.f) && res.f <= f0, "kind %d n %d: f %g above the start's %g",
				   p.kind, p.n, res.f, f0);
		FUZZ_CHECK(f == res.f, "kind %d: f(x) = %.17g, result.f = %.17g", p.kind, f, res.f);
	}
	else
		FUZZ_CHECK(memcmp(x, x0, sizeof(double) * p.n) == 0 || isfinite(f),
				   "kind %d: a point returned that is not finite", p.kind);
	/* a convex quadratic that converged is at its centre, relative to its scale */
	if (p.kind == 0 && res.converged)
		for (int i = 0; i < p.n; i++)
		{
			double		wmax = 0.0;

			for (int j = 0; j < p.n; j++)
				wmax = fmax(wmax, p.w[j]);
			/* gradient 2 w d <= GTOL max(1, f): |d| <= GTOL max(1, f) / (2 w) */
			FUZZ_CHECK(fabs(x[i] - p.c[i]) <= OPTIMIZE_GTOL * fmax(1.0, fabs(res.f)) / (2 * p.w[i]) * 1.01 + 1e-12,
					   "quadratic converged at x[%d] = %.17g, centre %.17g, w %g, f %g",
					   i, x[i], p.c[i], p.w[i], res.f);
		}
	{
		double		lv = fuzz_double(&in);
		double		scale = fuzz_positive(&in);
		double		v = optimize_positive(isnan(lv) ? 0.0 : lv, scale);

		FUZZ_CHECK(v >= DBL_MIN && v <= DBL_MAX, "optimize_positive(%g, %g) = %g", lv, scale, v);
	}
	return 0;
}
