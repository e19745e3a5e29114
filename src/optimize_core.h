/*
 * optimize_core.h
 *		A small unconstrained minimiser for the model fits: BFGS with an
 *		analytic gradient, Nelder-Mead when BFGS stalls.  Pure C.
 *
 * The fits minimise over the logarithms of a few (at most
 * OPTIMIZE_MAX_VARS) positive parameters, so the variables are O(1) and a
 * step of 1 multiplies a parameter by e.  An objective may return a
 * non-finite value (overflow, a region where it is not defined): no such
 * point is ever accepted, and the result is the best finite point seen.
 */
#ifndef PORTFOLIO_OPTIMIZE_CORE_H
#define PORTFOLIO_OPTIMIZE_CORE_H

#include <stdbool.h>

#include "interrupt_poll.h"

#define OPTIMIZE_MAX_VARS 4

/*
 * The function to minimise at x[0 .. n-1].  When grad is not NULL it also
 * stores the gradient there.  Any non-finite value (or gradient) marks a
 * point the minimiser must not accept.
 */
typedef double (*OptimizeObjective) (const double *x, double *grad, void *ctx);

typedef struct OptimizeResult
{
	double		f;				/* objective at the returned point (inf when
								 * no finite point was found) */
	double		grad_norm;		/* largest |gradient component| there */
	int			iterations;		/* BFGS iterations plus Nelder-Mead steps */
	int			evaluations;	/* calls of the objective */
	bool		converged;		/* grad_norm <= OPTIMIZE_GTOL * max(1, |f|) */
} OptimizeResult;

/*
 * Convergence: the gradient is this small relative to the objective's scale.
 * The search itself goes on to a 100 times smaller gradient when rounding
 * lets it, so a converged point is usually well inside the tolerance.
 */
#define OPTIMIZE_GTOL 1e-6

/*
 * Minimise f over n (1 .. OPTIMIZE_MAX_VARS) variables from x, which must be
 * finite; x receives the best finite point seen (x is left alone when f is
 * nowhere finite along the way).  poll (may be NULL) is called once per
 * objective evaluation.  Converged says only that the gradient vanished: an
 * objective that keeps decreasing towards infinity also flattens, which the
 * caller detects with optimize_identified.
 */
extern void optimize_minimize(OptimizeObjective f, void *ctx, int n, double *x,
							  InterruptPoll poll, OptimizeResult *result);

/*
 * The Hessian of f at x by central differences of its gradient (2 n
 * evaluations, steps of 1e-4), symmetrised, into hess[n * n].  False when
 * any of those evaluations is not finite.
 */
extern bool optimize_hessian(OptimizeObjective f, void *ctx, int n, const double *x,
							 InterruptPoll poll, double *hess);

/*
 * Whether the minimum found at x (where f is fx) is one the data identify:
 * every |x_i| <= limit, and f curved upwards in every direction by more
 * than OPTIMIZE_MIN_CURVATURE * max(1, |fx|) (the Hessian of
 * optimize_hessian minus that much has a Cholesky factor).  A variable that
 * drifts off to infinity leaves f flat along it, with a curvature about as
 * small as the gradient the search stopped at (OPTIMIZE_GTOL / 100 at
 * most, often far less), so the floor sits above that and far below the
 * curvature of a real minimum of a per-customer log-likelihood.
 */
#define OPTIMIZE_MIN_CURVATURE 1e-6

extern bool optimize_identified(OptimizeObjective f, void *ctx, int n, const double *x,
								double fx, double limit, InterruptPoll poll);

/*
 * What a model fit reports besides its parameters: the log-likelihood, and,
 * for an identified maximum-likelihood fit, the covariance of the
 * parameters (the inverse of the observed information), from which their
 * standard errors and confidence intervals follow.
 */
typedef struct FitOutcome
{
	double		loglik;			/* sum of the customers' log-likelihoods */
	bool		converged;		/* false: the parameters are the best point
								 * found, not a maximum */
	int			iterations;
	bool		has_covariance; /* false: not converged, penalised, or the
								 * information is not positive definite */
	double		covariance[OPTIMIZE_MAX_VARS * OPTIMIZE_MAX_VARS];	/* n x n, row-major */
} FitOutcome;

/*
 * The end of a fit of parameters theta_k = scale_k e^(x_k) that minimised
 * f = -(sum LL) / customers (+ a penalty when penalised) to res at x:
 * converged and identified as optimize_identified says, and unless
 * penalised, the covariance of theta, (customers d2f / dtheta2)^-1, from
 * the Hessian by x: d2f / dx_j dx_k = theta_j theta_k d2f / dtheta_j dtheta_k
 * + [j = k] df / dx_j.  Sets every field of outcome but loglik.
 */
extern void optimize_finish(OptimizeObjective f, void *ctx, int n, const double *x,
							const OptimizeResult *res, double limit, const double *scale,
							double customers, bool penalised, InterruptPoll poll,
							FitOutcome *outcome);

/* exp(log_value) * scale, kept within [DBL_MIN, DBL_MAX]. */
extern double optimize_positive(double log_value, double scale);

#endif							/* PORTFOLIO_OPTIMIZE_CORE_H */
