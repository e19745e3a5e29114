/*
 * lgamma_diff_core.c
 *		ln Gamma(y + d) - ln Gamma(y) and psi(y + d) - psi(y).
 *
 * Below y = 10 the plain differences are as good as the functions (the
 * values subtracted are small).  From y = 10 on, both come from the
 * asymptotic (Stirling) series, rearranged so that nothing of the size of
 * ln Gamma(y) is ever formed:
 *
 *	ln Gamma(z) = (z - 1/2) ln z - z + ln(2 pi) / 2 + S(z)
 *	ln Gamma(y + d) - ln Gamma(y)
 *		= (y - 1/2) log1p(d / y) + d ln(y + d) - d + S(y + d) - S(y)
 *
 *	psi(z) = ln z - 1 / (2 z) + P(z)
 *	psi(y + d) - psi(y) = log1p(d / y) + d / (2 y (y + d)) + P(y + d) - P(y)
 *
 * S and P are the Bernoulli tails; at z >= 10 their first omitted terms are
 * below 2e-18 and 1e-17.
 */
#include "lgamma_diff_core.h"

#include <math.h>

#include "special_core.h"

#define SERIES_FROM 10.0

/* S(z) = sum_k B_2k / (2k (2k - 1) z^(2k - 1)), k = 1 .. 8 */
static double
stirling_tail(double z)
{
	double		inv = 1.0 / z;
	double		inv2 = inv * inv;

	return inv * (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 *
		  (1.0 / 1680 - inv2 * (1.0 / 1188 - inv2 * (691.0 / 360360 - inv2 *
		  (1.0 / 156 - inv2 * 3617.0 / 122400)))))));
}

/* P(z) = -sum_k B_2k / (2k z^2k), k = 1 .. 7 (as special_core.c's digamma) */
static double
digamma_tail(double z)
{
	double		inv2 = 1.0 / (z * z);

	return -inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 *
		   (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12))))));
}

double
lgamma_diff(double y, double d)
{
	if (d == 0.0)
		return 0.0;
	if (y < SERIES_FROM)
		return lgamma(y + d) - lgamma(y);
	return (y - 0.5) * log1p(d / y) + d * log(y + d) - d
		+ (stirling_tail(y + d) - stirling_tail(y));
}

double
digamma_diff(double y, double d)
{
	if (d == 0.0)
		return 0.0;
	if (y < SERIES_FROM)
		return digamma(y + d) - digamma(y);
	return log1p(d / y) + d / (2.0 * y * (y + d))
		+ (digamma_tail(y + d) - digamma_tail(y));
}
