/*
 * special_core.h
 *		Special functions the lifetime-value models share: digamma and
 *		log-beta.  Pure C (log-gamma is C99's lgamma; log-space sums are in
 *		numerics_core.h).
 */
#ifndef PORTFOLIO_SPECIAL_CORE_H
#define PORTFOLIO_SPECIAL_CORE_H

/* psi(x) = d/dx ln Gamma(x), for x > 0 (NaN otherwise). */
extern double digamma(double x);

/* ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b), for a, b > 0. */
extern double log_beta(double a, double b);

#endif							/* PORTFOLIO_SPECIAL_CORE_H */
