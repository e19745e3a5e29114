/*
 * test_optimize_core.c
 *		The minimiser on functions whose minimum is known: smooth, badly
 *		scaled, curved valleys, regions where the function is not finite,
 *		kinks that stall BFGS, and functions without a minimum.
 */
#include "unit.h"
#include "optimize_core.h"

#include <float.h>

static int	polls;

static void
count_poll(void)
{
	polls++;
}

/* sum_i w_i (x_i - i - 1)^2 with weights 1, 100, 1e-2, 1e4: badly scaled */
static double
quadratic(const double *x, double *g, void *ctx)
{
	static const double w[4] = {1, 100, 1e-2, 1e4};
	double		f = 0.0;

	(void) ctx;
	for (int i = 0; i < 4; i++)
	{
		f += w[i] * (x[i] - i - 1) * (x[i] - i - 1);
		if (g)
			g[i] = 2 * w[i] * (x[i] - i - 1);
	}
	return f;
}

/* Extended Rosenbrock over *(int *) ctx variables: minimum 0 at (1, ..., 1). */
static double
rosenbrock(const double *x, double *g, void *ctx)
{
	int			n = *(int *) ctx;
	double		f = 0.0;

	if (g)
		for (int i = 0; i < n; i++)
			g[i] = 0.0;
	for (int i = 0; i + 1 < n; i += 2)
	{
		double		a = x[i + 1] - x[i] * x[i];
		double		b = 1 - x[i];

		f += 100 * a * a + b * b;
		if (g)
		{
			g[i] = -400 * x[i] * a - 2 * b;
			g[i + 1] = 200 * a;
		}
	}
	return f;
}

/* x - ln x + (y - 2)^2: NaN for x <= 0, where a long first step lands. */
static double
log_barrier(const double *x, double *g, void *ctx)
{
	(void) ctx;
	if (g)
	{
		g[0] = 1 - 1 / x[0];
		g[1] = 2 * (x[1] - 2);
	}
	return x[0] - log(x[0]) + (x[1] - 2) * (x[1] - 2);
}

/* |x - 1| + 2 |y + 3|: kinks at the minimum stall any gradient method. */
static double
kinked(const double *x, double *g, void *ctx)
{
	(void) ctx;
	if (g)
	{
		g[0] = x[0] >= 1 ? 1 : -1;
		g[1] = x[1] >= -3 ? 2 : -2;
	}
	return fabs(x[0] - 1) + 2 * fabs(x[1] + 3);
}

/* (x - 1)^2, but NaN from x > 5 on: a start there is not finite. */
static double
walled(const double *x, double *g, void *ctx)
{
	(void) ctx;
	if (x[0] > 5)
		return NAN;
	if (g)
		g[0] = 2 * (x[0] - 1);
	return (x[0] - 1) * (x[0] - 1);
}

static double
nowhere_finite(const double *x, double *g, void *ctx)
{
	(void) x;
	(void) ctx;
	if (g)
		g[0] = NAN;
	return NAN;
}

/* e^x + y^2: decreases forever as x -> -inf, flattening as it goes. */
static double
runaway(const double *x, double *g, void *ctx)
{
	(void) ctx;
	if (g)
	{
		g[0] = exp(x[0]);
		g[1] = 2 * x[1];
	}
	return exp(x[0]) + x[1] * x[1];
}

static double
max_diff(const double *x, const double *want, int n)
{
	double		d = 0.0;

	for (int i = 0; i < n; i++)
		d = fmax(d, fabs(x[i] - want[i]));
	return d;
}

static void
test_smooth(void)
{
	double		x[4] = {0, 0, 0, 0};
	double		want[4] = {1, 2, 3, 4};
	double		ones[4] = {1, 1, 1, 1};
	OptimizeResult res;
	int			n;

	polls = 0;
	optimize_minimize(quadratic, NULL, 4, x, count_poll, &res);
	CHECK(res.converged && max_diff(x, want, 4) < 1e-6,
		  "badly scaled quadratic: minimum (1, 2, 3, 4) within 1e-6 (off by %.2g, %d iterations)",
		  max_diff(x, want, 4), res.iterations);
	CHECK(polls == res.evaluations && polls > 0,
		  "the poll is called once per evaluation (%d polls, %d evaluations)", polls, res.evaluations);
	CHECK(res.grad_norm <= OPTIMIZE_GTOL * fmax(1, fabs(res.f)), "reported gradient within tolerance");

	n = 2;
	x[0] = -1.2;
	x[1] = 1;
	optimize_minimize(rosenbrock, &n, 2, x, NULL, &res);
	CHECK(res.converged && max_diff(x, ones, 2) < 1e-5,
		  "Rosenbrock from (-1.2, 1): (1, 1) within 1e-5 (off by %.2g, %d iterations)",
		  max_diff(x, ones, 2), res.iterations);
	n = 4;
	x[0] = x[2] = -1.2;
	x[1] = x[3] = 1;
	optimize_minimize(rosenbrock, &n, 4, x, NULL, &res);
	CHECK(res.converged && max_diff(x, ones, 4) < 1e-5,
		  "4-variable Rosenbrock: (1, 1, 1, 1) within 1e-5 (off by %.2g, %d iterations)",
		  max_diff(x, ones, 4), res.iterations);
}

static void
test_not_finite(void)
{
	double		x[2] = {50, -10};
	double		want[2] = {1, 2};
	OptimizeResult res;

	optimize_minimize(log_barrier, NULL, 2, x, NULL, &res);
	CHECK(res.converged && max_diff(x, want, 2) < 1e-6,
		  "x - ln x + (y - 2)^2 from (50, -10), NaN for x <= 0: (1, 2) within 1e-6 (off by %.2g)",
		  max_diff(x, want, 2));

	x[0] = 5.1;
	optimize_minimize(walled, NULL, 1, x, NULL, &res);
	CHECK(res.converged && fabs(x[0] - 1) < 1e-6,
		  "a start where f is NaN: Nelder-Mead finds the finite side, then the minimum (x = %.8g)", x[0]);

	x[0] = 3;
	optimize_minimize(nowhere_finite, NULL, 1, x, NULL, &res);
	CHECK(x[0] == 3 && !res.converged && isinf(res.f),
		  "f NaN everywhere: x left alone, not converged, f = inf");
}

static void
test_fallback(void)
{
	double		x[2] = {7, 4};
	double		want[2] = {1, -3};
	OptimizeResult res;

	optimize_minimize(kinked, NULL, 2, x, NULL, &res);
	CHECK(max_diff(x, want, 2) < 1e-6 && !res.converged,
		  "|x - 1| + 2|y + 3|: BFGS stalls at the kink, Nelder-Mead gets within 1e-6 "
		  "(off by %.2g), and the gradient never vanishes: not converged", max_diff(x, want, 2));
	CHECK(isfinite(x[0]) && isfinite(x[1]) && res.f < 1e-5, "the best point is returned (f = %.3g)", res.f);
}

static void
test_identified(void)
{
	double		x[4] = {0, 0, 0, 0};
	double		want[4] = {1, 2, 3, 4};
	double		hess[16];
	OptimizeResult res;
	bool		ok = true;

	CHECK(optimize_hessian(quadratic, NULL, 4, want, NULL, hess), "Hessian of the quadratic");
	for (int i = 0; i < 4; i++)
		for (int j = 0; j < 4; j++)
		{
			static const double w[4] = {1, 100, 1e-2, 1e4};
			double		exact = i == j ? 2 * w[i] : 0.0;

			ok = ok && fabs(hess[i * 4 + j] - exact) <= 1e-6 * fmax(1, exact);
		}
	CHECK(ok, "it is diag(2, 200, 0.02, 2e4) within 1e-6");
	CHECK(optimize_identified(quadratic, NULL, 4, want, 0.0, 30, NULL),
		  "the quadratic's minimum is identified");
	CHECK(!optimize_identified(quadratic, NULL, 4, want, 0.0, 3.5, NULL),
		  "but not with a limit of 3.5 on |x_i|");

	polls = 0;
	x[0] = 0;
	x[1] = 1;
	optimize_minimize(runaway, NULL, 2, x, count_poll, &res);
	CHECK(isfinite(x[0]) && x[0] < -10,
		  "e^x + y^2 decreases forever: x runs off (%.3g) and stays finite", x[0]);
	CHECK(!optimize_identified(runaway, NULL, 2, x, res.f, 30, NULL),
		  "and the point where it stops is not identified (flat along x)");
}

static void
test_positive(void)
{
	CHECK(fabs(optimize_positive(log(2.5), 4) - 10) < 1e-14, "optimize_positive(ln 2.5, 4) = 10");
	CHECK(optimize_positive(800, 1) == DBL_MAX && optimize_positive(-800, 1) == DBL_MIN,
		  "optimize_positive stays within [DBL_MIN, DBL_MAX]");
	CHECK(optimize_positive(10, 1e305) == DBL_MAX, "even when the scale overflows the product");
}

void
test_optimize_core(void)
{
	test_smooth();
	test_not_finite();
	test_fallback();
	test_identified();
	test_positive();
}
