/*
 * special_core.h
 *		Special functions the lifetime-value models share: digamma, log-beta
 *		and a log-space sum.  Pure C (log-gamma is C99's lgamma).
 */
#ifndef PORTFOLIO_SPECIAL_CORE_H
#define PORTFOLIO_SPECIAL_CORE_H

/* psi(x) = d/dx ln Gamma(x), for x > 0 (NaN otherwise). */
extern double digamma(double x);

/* ln B(a, b) = ln Gamma(a) + ln Gamma(b) - ln Gamma(a + b), for a, b > 0. */
extern double log_beta(double a, double b);

/* ln(e^x + e^y) without overflow; -inf stands for a zero term. */
extern double log_add_exp(double x, double y);

#endif							/* PORTFOLIO_SPECIAL_CORE_H */
