/*
 * beta_core.h
 *		Log-gamma ratios and the regularized incomplete beta function, in log
 *		space and accurate where differences of lgamma values would cancel
 *		(large arguments, small shifts).  Pure C.
 */
#ifndef PORTFOLIO_BETA_CORE_H
#define PORTFOLIO_BETA_CORE_H

/*
 * ln B(p, q) for p, q > 0, through the ratio of the smaller shift, so that
 * ln B(n, r) for a huge n keeps the precision of its (much smaller) value.
 */
extern double log_beta_precise(double p, double q);

/*
 * ln(x^p (1 - x)^q / B(p, q)), x and y = 1 - x given as for
 * log_incomplete_beta below; accurate to about 1e-15 relative even when p
 * and q are huge and the plain sum of logarithms would cancel.  Divided by
 * n = p it is the negative binomial probability
 * Gamma(q + n) / (Gamma(q) n!) y^q x^n.
 */
extern double log_beta_kernel(double p, double q, double x, double y,
							  double log_x, double log_y);

/*
 * ln I_x(p, q), the regularized incomplete beta function, for p, q > 0.
 * x and y = 1 - x are both given, with their logarithms, so that an x within
 * 1e-300 of 1 (where x itself rounds to 1) is still exact: the callers
 * compute y and ln y directly.  -inf stands for 0.
 */
extern double log_incomplete_beta(double p, double q, double x, double y,
								  double log_x, double log_y);

#endif							/* PORTFOLIO_BETA_CORE_H */
