/*
 * lgamma_diff_core.h
 *		Differences of log-gamma and digamma at a shifted argument, accurate
 *		when the argument is large.  Pure C.
 *
 * The model fits need ln Gamma(y + d) - ln Gamma(y) and psi(y + d) - psi(y)
 * at every evaluation.  Taken as a difference of two lgamma() calls, the
 * first loses about y ln y * 2^-52 in absolute terms: 1e-6 at y = 1e9,
 * where a parameter drifting off to infinity takes it.  The likelihood then
 * becomes noise, and the optimiser wanders on that noise.  These stay within
 * a few units of rounding of the result for every y > 0 and d >= 1 (the
 * fits' x), and within about 1e-15 in absolute terms for smaller d.
 */
#ifndef PORTFOLIO_LGAMMA_DIFF_CORE_H
#define PORTFOLIO_LGAMMA_DIFF_CORE_H

/* ln Gamma(y + d) - ln Gamma(y), for y > 0 and d >= 0. */
extern double lgamma_diff(double y, double d);

/* psi(y + d) - psi(y), for y > 0 and d >= 0. */
extern double digamma_diff(double y, double d);

#endif							/* PORTFOLIO_LGAMMA_DIFF_CORE_H */
