/*
 * special_core.c
 *		Digamma and log-beta for the lifetime-value models.
 */
#include "special_core.h"

#include "beta_core.h"

#include <math.h>

/*
 * Digamma by the recurrence psi(x) = psi(x + 1) - 1/x up to x >= 10, then
 * the asymptotic series ln x - 1/(2x) - sum B_2k / (2k x^2k), whose terms
 * up to x^-14 leave an error below 1e-16 there.
 */
double
digamma(double x)
{
	double		shift = 0.0;
	double		inv2;

	if (!(x > 0.0) || isinf(x))
		return isinf(x) && x > 0 ? INFINITY : NAN;
	while (x < 10.0)
	{
		shift -= 1.0 / x;
		x += 1.0;
	}
	inv2 = 1.0 / (x * x);
	return shift + log(x) - 0.5 / x
		- inv2 * (1.0 / 12 - inv2 * (1.0 / 120 - inv2 * (1.0 / 252 - inv2 *
		  (1.0 / 240 - inv2 * (1.0 / 132 - inv2 * (691.0 / 32760 - inv2 / 12))))));
}

double
log_beta(double a, double b)
{
	double		plain = lgamma(a) + lgamma(b) - lgamma(a + b);

	/* Infinity - Infinity when b (or a + b) is near DBL_MAX: the ratio form */
	return isnan(plain) ? log_beta_precise(a, b) : plain;
}
