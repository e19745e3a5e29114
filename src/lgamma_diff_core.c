/*
 * lgamma_diff_core.c
 *		ln Gamma(y + d) - ln Gamma(y) and psi(y + d) - psi(y).
 *
 * Both come from the asymptotic (Stirling) series at y >= 10, rearranged
 * so that nothing of the size of ln Gamma(y) is ever formed (the log-gamma
 * difference first raises a smaller y by the recurrence, so that a tiny
 * shift keeps its relative precision; the digamma difference below 10 is
 * the plain one):
 *
 *	ln Gamma(z) = (z - 1/2) ln z - z + ln(2 pi) / 2 + S(z)
 *	ln Gamma(y + d) - ln Gamma(y) = d ln y + (y + d - 1/2) log1p(d / y) - d
 *		+ S(y + d) - S(y)
 *
 *	psi(z) = ln z - 1 / (2 z) + P(z)
 *	psi(y + d) - psi(y) = log1p(d / y) + d / (2 y (y + d)) + P(y + d) - P(y)
 *
 * S and P are the Bernoulli tails; at z >= 10 their first omitted terms are
 * below 2e-18 and 1e-17.
 */
#include "lgamma_diff_core.h"

#include <math.h>

#include "numerics_core.h"
#include "special_core.h"

#define SERIES_FROM 10.0

/*
 * S(y + d) - S(y), where S(x) = ln Gamma(x) - [(x - 1/2) ln x - x + ln(2 pi)/2]
 * is Stirling's series sum_k B_2k / (2k (2k - 1) x^(2k - 1)), for y >= 10.
 * Each power is differenced as y^-m expm1(-m ln(1 + d/y)), which keeps the
 * difference accurate when d is small against y (no cancellation of two
 * nearly equal series).  Seven terms leave an error below 4e-17 at x >= 10.
 */
static double
stirling_tail_difference(double y, double log_ratio)
{
	static const double coef[] = {
		1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
		-691.0 / 360360, 1.0 / 156
	};
	double		inv2 = 1.0 / (y * y);
	double		power = 1.0 / y;
	double		sum = 0.0;

	for (int k = 0; k < 7 && power > 1e-300; k++)
	{
		sum += coef[k] * power * expm1(-(2 * k + 1) * log_ratio);
		power *= inv2;
	}
	return sum;
}

/* P(z) = -sum_k B_2k / (2k z^2k), k = 1 .. 7 (as special_core.c's digamma) */
static double
digamma_tail(double z)
{
	double		inv2 = 1.0 / (z * z);

	return -inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 *
		   (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12))))));
}

/*
 * ln Gamma(y + d) - ln Gamma(y) by Stirling's formula on both, subtracted
 * algebraically: with L = ln(1 + d/y) it is d ln y + (y + d - 1/2) L - d plus
 * the difference of the series, every term of the size of the result.  Small
 * y is first raised past SERIES_FROM by Gamma(y + 1) = y Gamma(y).
 */
double
lgamma_diff(double y, double d)
{
	double		shift = 0.0;
	double		log_ratio;
	double		weight;

	if (d == 0.0)
		return 0.0;
	while (y < SERIES_FROM)
	{
		shift -= log1p_ratio(d, y);
		y += 1.0;
	}
	log_ratio = log1p_ratio(d, y);
	/* y + d can overflow where the product is finite (y near DBL_MAX, d small) */
	weight = y + d - 0.5;
	return shift + d * log(y) +
		(isinf(weight) ? (y - 0.5) * log_ratio + d * log_ratio : weight * log_ratio) - d +
		stirling_tail_difference(y, log_ratio);
}

double
digamma_diff(double y, double d)
{
	if (d == 0.0)
		return 0.0;
	/*
	 * psi(y) ~ -1/y overflows where 1/y does (y below ~5.6e-309): there,
	 * psi(y) = psi(y + 1) - 1/y.  (Testing 1/y, not psi(y), keeps the
	 * gradient loops of the fits from computing psi twice.)
	 */
	if (y < 1.0 && isinf(1.0 / y))
		return digamma_diff(y + 1.0, d) + d / (y + d) / y;
	if (y < SERIES_FROM)
		return digamma(y + d) - digamma(y);
	return log1p(d / y) + d / (2.0 * y * (y + d))
		+ (digamma_tail(y + d) - digamma_tail(y));
}
