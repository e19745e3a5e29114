/*
 * beta_core.c
 *		Log-gamma ratios and the regularized incomplete beta function.
 *
 * Written from the mathematics (Stirling's series, the continued fraction of
 * Abramowitz & Stegun 26.5.8 evaluated by the modified Lentz method, and the
 * hypergeometric series of I_x(p, q) about x = 1), not from any library.
 */
#include "beta_core.h"

#include "lgamma_diff_core.h"

#include <math.h>
#include <stdbool.h>

/* Below this, Stirling's series is shifted up by the recurrence. */
#define STIRLING_MIN 10.0

/* ln(2 pi) */
#define LOG_2PI 1.8378770664093454836

/*
 * Where the continued fraction stops: |step - 1| below this for two steps in
 * a row.  A few units in the last place, not less: rounding keeps a
 * converged step within an ulp or two of 1 (1 + 2.2e-16 is the next double
 * above 1) and a tighter test could wait forever.
 */
#define CF_EPSILON 1e-15

/*
 * A cap on the continued fraction's steps.  It needs O(sqrt(max(p, q)))
 * steps at worst, a few thousand for the largest arguments the models pass
 * (p up to 2^31, q up to about 1e6); the cap only bounds a pathological case.
 */
#define CF_MAX_STEPS 2000000

/* Terms of the series about x = 1 are summed while above this, relatively. */
#define SERIES_EPSILON 1e-17


static double stirling_tail(double x);

/*
 * ln B(p, q) = ln Gamma(min) - [ln Gamma(max + min) - ln Gamma(max)]: the
 * ratio of the smaller shift, whose magnitude is that of the result, instead
 * of two lgamma values of huge arguments that cancel.
 */
double
log_beta_precise(double p, double q)
{
	double		lo = fmin(p, q);
	double		hi = fmax(p, q);
	double		result = lgamma(lo) - lgamma_diff(hi, lo);

	/*
	 * min(p, q) past ~2.5e305: ln Gamma(lo) overflows, Infinity - Infinity.
	 * Stirling's formula on all three, each term then finite:
	 * ln B = -hi ln(1 + lo / hi) - lo ln(1 + hi / lo)
	 *		  + ln(2 pi (lo + hi) / (lo hi)) / 2 + S(lo) + S(hi) - S(lo + hi)
	 */
	if (isnan(result))
		result = -hi * log1p(lo / hi) - lo * log1p(hi / lo) +
			0.5 * (LOG_2PI + log1p(lo / hi) - log(lo)) +
			stirling_tail(lo) + stirling_tail(hi) - stirling_tail(lo + hi);
	return result;
}

/* S(x) of Stirling's series itself, for x >= 10 (see above). */
static double
stirling_tail(double x)
{
	double		inv2 = 1.0 / (x * x);

	return (1.0 / 12 - inv2 * (1.0 / 360 - inv2 * (1.0 / 1260 - inv2 *
			(1.0 / 1680 - inv2 * (1.0 / 1188 - inv2 * (691.0 / 360360 -
															inv2 / 156)))))) / x;
}

/*
 * ln(1 + t) - t for |t| <= 1/2, without the cancellation of the two: with
 * v = t / (2 + t), ln(1 + t) = 2 atanh(v), so it is
 * -t v + 2 v^3 (1/3 + v^2/5 + v^4/7 + ...), |v| <= 1/3.
 */
static double
log1p_minus(double t)
{
	double		v = t / (2.0 + t);
	double		v2 = v * v;
	double		power = 1.0;
	double		sum = 0.0;

	for (int k = 0; k < 40; k++)
	{
		double		term = power / (2 * k + 3);

		sum += term;
		if (term < 1e-17 * sum)
			break;
		power *= v2;
	}
	return -t * v + 2.0 * v * v2 * sum;
}

/* p (ln(1 + t) - t), with 1 + t = ratio_log exponentiated when |t| > 1/2. */
static double
deviance_term(double p, double t, double log_one_plus_t)
{
	if (fabs(t) <= 0.5)
		return p * log1p_minus(t);
	return p * (log_one_plus_t - t);
}

/*
 * ln(x^p y^q / B(p, q)) with y = 1 - x.  When p and q are both large the
 * plain p ln x + q ln y - ln B(p, q) is a sum of huge terms that nearly
 * cancel near the mode x0 = p / (p + q); so there it is rewritten exactly,
 * with s = p + q, x = x0 (1 + t_x), y = y0 (1 + t_y), p t_x + q t_y = 0, as
 *   1/2 ln(p q / (2 pi s)) + S(s) - S(p) - S(q)
 *	 + p (ln(1 + t_x) - t_x) + q (ln(1 + t_y) - t_y),
 * every term of the size of the result (the deviance form of the binomial
 * and negative binomial probabilities).  s t_x = s x - p = q - s y is formed
 * from whichever of x and y is exact (the smaller).
 */
double
log_beta_kernel(double p, double q, double x, double y,
				double log_x, double log_y)
{
	double		scale;
	double		s;
	double		delta;

	if (p < STIRLING_MIN || q < STIRLING_MIN)
		return p * log_x + q * log_y - log_beta_precise(p, q);
	/* p + q past the largest double: s, s x and s y are formed halved (exactly) */
	scale = isinf(p + q) ? 0.5 : 1.0;
	s = scale * p + scale * q;
	delta = (x <= 0.5 ? s * x - scale * p : scale * q - s * y) / scale;
	return 0.5 * (log(scale * p / s) + log(q) - LOG_2PI) +
		stirling_tail(s / scale) - stirling_tail(p) - stirling_tail(q) +
		deviance_term(p, delta / p, log(s / (scale * p)) + log_x) +
		deviance_term(q, -delta / q, log(s / (scale * q)) + log_y);
}

/*
 * The continued fraction 1 / (1 + d1 / (1 + d2 / (1 + ...))) of
 * I_x(p, q) = x^p (1 - x)^q / (p B(p, q)) * CF (A&S 26.5.8), with
 *   d_2m+1 = -(p + m)(p + q + m) x / ((p + 2m)(p + 2m + 1)),
 *   d_2m = m (q - m) x / ((p + 2m - 1)(p + 2m)),
 * by the modified Lentz method.  It converges quickly for
 * x < (p + 1) / (p + q + 2); the caller uses the symmetry otherwise.
 *
 * For a large p and x near 1 the odd d_j are close to -1, and Lentz's
 * 1 + d_j D and C + d_j cancel: x rounded to a double would cost a relative
 * error of p * 1e-16.  So when x > 1/2 (x is then 1 - y rounded, y exact)
 * 1 + d_j of the odd steps is expanded exactly from y as given,
 *   1 + d_2m+1 = [p (2m + 1 - q) + m (3m + 2 - q) + (p + m)(p + q + m) y]
 *				  / ((p + 2m)(p + 2m + 1)),
 * and the recurrences carry D - 1 and C - 1 beside C, so that each small
 * quantity is formed from small quantities:
 *   D_j = 1 / (1 + d_j + d_j (D_j-1 - 1)),
 *   C_j = (1 + d_j + (C_j-1 - 1)) / C_j-1 (odd j), (C_j-1 + d_j) / C_j-1 (even j).
 */
static double
incomplete_beta_fraction(double p, double q, double x, double y)
{
	const double tiny = 1e-300;
	double		f = 1.0;
	double		c = 1.0;		/* Lentz's C, starting at 1 */
	double		c_dev = 0.0;	/* C - 1 */
	double		d_dev = -1.0;	/* D - 1: Lentz's D starts at 0 */
	double		last_step = 0.0;
	bool		ratios;

	/*
	 * Past p + q ~ 1e150 the products of two factors of the size of p + q
	 * overflow (inf / inf was NaN); below p ~ 1e-200 the first step's
	 * products p (p + q) x and p (p + 1) fall among the subnormals and lose
	 * their digits (found by fuzzing: at p = 2^-1074, ln I was 0.8).  The
	 * coefficients are then formed as products of ratios, which neither
	 * overflow nor underflow.  Elsewhere the plain products round less (the
	 * ratios lost seven times as much at p = q = 1e6).
	 */
	ratios = p + q > 1e150 || p < 1e-200;
	for (int j = 1; j <= CF_MAX_STEPS; j++)
	{
		double		m = (double) (j / 2);
		double		coef;		/* d_j */
		double		one_plus;	/* 1 + d_j */
		double		c_next;
		double		den;
		double		step;

		if (j % 2 == 1 && ratios)
		{
			double		ratio = (p + m) / (p + 2 * m) *
				(isinf(p + q) ? (0.5 * p + 0.5 * (q + m)) / (0.5 * (p + 2 * m + 1))
				 : (p + q + m) / (p + 2 * m + 1));

			coef = -ratio * x;
			if (x > 0.5)
				one_plus = p / (p + 2 * m) * ((2 * m + 1 - q) / (p + 2 * m + 1)) +
					m / (p + 2 * m) * ((3 * m + 2 - q) / (p + 2 * m + 1)) + ratio * y;
			else
				one_plus = 1.0 + coef;
			c_next = (one_plus + c_dev) / c;
		}
		else if (j % 2 == 1)
		{
			double		scale = (p + 2 * m) * (p + 2 * m + 1);

			coef = -(p + m) * (p + q + m) * x / scale;
			if (x > 0.5)
				one_plus = (p * (2 * m + 1 - q) + m * (3 * m + 2 - q) +
							(p + m) * (p + q + m) * y) / scale;
			else
				one_plus = 1.0 + coef;
			c_next = (one_plus + c_dev) / c;
		}
		else if (ratios)
		{
			coef = m / (p + 2 * m - 1) * ((q - m) / (p + 2 * m)) * x;
			one_plus = 1.0 + coef;
			c_next = (c + coef) / c;
		}
		else
		{
			coef = m * (q - m) * x / ((p + 2 * m - 1) * (p + 2 * m));
			one_plus = 1.0 + coef;
			c_next = (c + coef) / c;
		}
		if (fabs(c_next) < tiny)
			c_next = tiny;
		den = one_plus + coef * d_dev;
		if (fabs(den) < tiny)
			den = tiny;
		d_dev = -coef * (1.0 + d_dev) / den;
		c_dev = coef / c;
		c = c_next;
		step = c / den;
		f *= step;
		/* the even and the odd steps converge at different rates: wait for both */
		if (fabs(step - 1.0) < CF_EPSILON && fabs(last_step - 1.0) < CF_EPSILON)
			break;
		last_step = step;
	}
	return 1.0 / f;
}

/*
 * ln I_x(p, q) for x past the continued fraction's range, q < 1, where
 * 1 - I_y(q, p) would cancel: I_y(q, p) is then close to 1 (the Beta(p, q)
 * mass lies even closer to x = 1) while the answer is of order q.  From
 * I_y(q, p) = y^q / B(q, p) sum_k (1 - p)_k y^k / (k! (q + k)):
 *   I_y(q, p) = e^A (1 + T),  A = q ln y - ln(q B(q, p)),
 *   T = q sum_{k >= 1} (1 - p)_k y^k / (k! (q + k)),
 * so I_x(p, q) = -expm1(A) - e^A T, both terms accurate (A from ratios of
 * small shifts, T a short series: here p y < 2, so its terms fall as
 * (p y)^k / k!, and they stop at k = p for a whole p).
 */
static double
log_incomplete_beta_small_q(double p, double q, double y, double log_y)
{
	double		log_qbeta = lgamma_diff(1.0, q) - lgamma_diff(p, q);
	double		big_a = q * log_y - log_qbeta;
	double		term = 1.0;
	double		sum = 0.0;
	double		result;

	for (int k = 1; k < 100000; k++)
	{
		term *= (k - p) * y / k;
		if (term == 0.0)
			break;
		sum += term / (q + k);
		if (fabs(term) < SERIES_EPSILON * fabs(sum))
			break;
	}
	result = -expm1(big_a) - exp(big_a) * q * sum;
	return result > 0.0 ? log(result) : -INFINITY;
}

/* a / (a + b) for a, b > 0, also where a + b overflows */
static double
share(double a, double b)
{
	double		sum = a + b;

	return isinf(sum) ? 0.5 * a / (0.5 * a + 0.5 * b) : a / sum;
}

double
log_incomplete_beta(double p, double q, double x, double y,
					double log_x, double log_y)
{
	double		log_k;
	double		complement;

	if (log_x == -INFINITY)
		return -INFINITY;
	if (log_y == -INFINITY)
		return 0.0;
	/* ln(x^p y^q / B(p, q)), shared by both sides of the symmetry */
	log_k = log_beta_kernel(p, q, x, y, log_x, log_y);
	/*
	 * x below the mean: the continued fraction of I_x(p, q) converges.  Near
	 * 1 the exact y decides; x and (p + 1) / (p + q + 2) both round to 1 once
	 * p exceeds 1e16 q.
	 */
	if (x <= 0.5 ? x < share(p + 1.0, q + 1.0) : y > share(q + 1.0, p + 1.0))
		return log_k - log(p) + log(incomplete_beta_fraction(p, q, x, y));
	if (q < 1.0)
		return log_incomplete_beta_small_q(p, q, y, log_y);
	/* I_x(p, q) = 1 - I_y(q, p), the complement a CDF of Beta(q, p) near its mean */
	complement = exp(log_k - log(q)) * incomplete_beta_fraction(q, p, y, x);
	return complement < 1.0 ? log1p(-complement) : -INFINITY;
}
