/*
 * test_bgnbd_core.c
 *		BG/NBD predictions against the published CDNOW figures, a direct
 *		hypergeometric series in long double, high-precision references
 *		(mpmath) for the hard cases, and the model's own identities; and the
 *		log-gamma ratios and incomplete beta of beta_core.c against closed
 *		forms.
 *
 * The reference values pasted below were computed offline with mpmath 1.3
 * (Python), at 60 significant digits or more:
 *  - expectations by the published formula
 *	  P(alive) (a + B - 1) / (a - 1) [1 - (1 + s)^-c hyp2f1(c, B; a + B - 1; s / (1 + s))],
 *	  B = b + x, c = r + x, s = t / (alpha + T), with the working precision
 *	  raised by log10(s) digits so that s / (1 + s) stays exact; for a = 1
 *	  exactly, a = 1 + 1e-60 at 150 digits, checked against mpmath.quad of
 *	  the Beta integral; for x = 100000 (whose hyp2f1 series mpmath refuses)
 *	  by mpmath.quad of the Beta integral, split at multiples of the mean;
 *  - the pmf by FHL (2005) eq. 8 with mpmath.beta, loggamma and the
 *	  incomplete beta by its continued fraction (A&S 26.5.8) at 60 digits
 *	  (400 digits where 1 - z < 1e-50), the complement 1 - I_y(r, n) past
 *	  the fraction's range.
 */
#include "unit.h"
#include "beta_core.h"
#include "bgnbd_core.h"
#include "lgamma_diff_core.h"

#include <stdbool.h>

/* lifetimes' fit of the 2,357-customer CDNOW sample, in weeks */
static const BgnbdParams cdnow = {
	0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171
};

static double
rel_error(double value, double reference)
{
	return fabs(value - reference) / fabs(reference);
}

/* ---------- parameters and P(alive) ---------- */

static void
test_params_valid(void)
{
	BgnbdParams m = cdnow;

	CHECK(bgnbd_params_valid(&m), "the CDNOW parameters are valid");
	m.a = 0;
	CHECK(!bgnbd_params_valid(&m), "a = 0 is not");
	m = cdnow;
	m.r = -1;
	CHECK(!bgnbd_params_valid(&m), "r < 0 is not");
	m = cdnow;
	m.alpha = INFINITY;
	CHECK(!bgnbd_params_valid(&m), "alpha = inf is not");
	m = cdnow;
	m.b = NAN;
	CHECK(!bgnbd_params_valid(&m), "b = NaN is not");
}

/* P(alive) by the textbook formula in long double, for moderate inputs. */
static double
p_alive_direct(const BgnbdParams *m, double x, double tx, double T)
{
	long double ratio = ((long double) m->alpha + T) / ((long double) m->alpha + tx);

	if (x == 0)
		return 1.0;
	return (double) (1.0L / (1.0L + m->a / (m->b + x - 1.0L) * powl(ratio, m->r + x)));
}

static void
test_p_alive(void)
{
	static const double extremes[] = {0, 1e-300, 1e-6, 1, 38.86, 1e9, 1e300};
	static const double counts[] = {1, 2, 1000, 100000, 1e9};
	int			bad = 0;
	int			not_decreasing = 0;
	double		worst = 0;

	CHECK(bgnbd_p_alive(&cdnow, 0, 0, 0) == 1 && bgnbd_p_alive(&cdnow, 0, 0, 1e300) == 1,
		  "x = 0: P(alive) = 1 at any age");
	/* mpmath: 1 / (1 + a / (b + 1) ((alpha + T) / (alpha + t_x))^(r + 2)) */
	CHECK_CLOSE(bgnbd_p_alive(&cdnow, 2, 30.43, 38.86), 0.72660919082865928, 1e-14,
				"CDNOW x = 2, t_x = 30.43, T = 38.86: P(alive) = 0.7266 (got %.17g)",
				bgnbd_p_alive(&cdnow, 2, 30.43, 38.86));
	CHECK_CLOSE(bgnbd_p_alive(&cdnow, 1, 20, 20), 1 / (1 + cdnow.a / cdnow.b), 1e-15,
				"t_x = T, x = 1: 1 / (1 + a / b)");
	CHECK(bgnbd_p_alive(&cdnow, 100000, 0, 1e9) == 0 && bgnbd_p_alive(&cdnow, 1000, 1e-300, 1e300) == 0,
		  "many purchases long ago: exactly 0, not NaN");
	CHECK_CLOSE(bgnbd_p_alive(&cdnow, 1000, 1e300, 1e300), 1 / (1 + cdnow.a / (cdnow.b + 999)), 1e-15,
				"t_x = T = 1e300: 1 / (1 + a / (b + x - 1))");

	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 7; j++)
			for (int k = j; k < 7; k++)
			{
				double		p = bgnbd_p_alive(&cdnow, counts[i], extremes[j], extremes[k]);
				double		older = bgnbd_p_alive(&cdnow, counts[i], extremes[j], 2 * extremes[k] + 1);

				bad += !(p >= 0 && p <= 1);
				not_decreasing += !(older <= p);
			}
	CHECK(bad == 0, "P(alive) within [0, 1] for x up to 1e9 and ages up to 1e300 (%d outside)", bad);
	CHECK(not_decreasing == 0, "P(alive) never grows with T (%d grew)", not_decreasing);

	for (double x = 1; x <= 50; x += 7)
		for (double T = 1; T <= 200; T *= 3)
			for (double tx = 0; tx <= T; tx += T / 4)
				worst = fmax(worst, rel_error(bgnbd_p_alive(&cdnow, x, tx, T),
											  p_alive_direct(&cdnow, x, tx, T)));
	CHECK(worst < 1e-13, "P(alive) = the direct formula over a grid (worst %.2e)", worst);
}

/* ---------- the expectations ---------- */

static void
test_cdnow_published(void)
{
	static const double t[] = {1, 3, 32, 78};
	static const double published[] = {0.0532, 0.1506, 1.0437, 1.858};
	static const double half_unit[] = {0.00005, 0.00005, 0.00005, 0.0005};
	/* mpmath, see the top of the file */
	static const double precise[] = {
		0.053184350170304045, 0.15063098324420699, 1.0437326250619945, 1.8579596139951599
	};

	for (int i = 0; i < 4; i++)
	{
		double		v = bgnbd_expected_new(&cdnow, t[i]);

		CHECK(fabs(v - published[i]) <= half_unit[i], "CDNOW E[X(%g)] = %g as published (got %.6f)",
			  t[i], published[i], v);
		CHECK(rel_error(v, precise[i]) < 1e-13, "and = %.17g (rel. error %.2e)", precise[i],
			  rel_error(v, precise[i]));
	}
	{
		double		v = bgnbd_expected_conditional(&cdnow, 39, 2, 30.43, 38.86);

		CHECK(fabs(v - 1.226) <= 0.0005, "CDNOW E[Y(39) | 2, 30.43, 38.86] = 1.226 as published (got %.6f)", v);
		CHECK(rel_error(v, 1.2259072322664891) < 1e-13, "and = 1.2259072322664891 (rel. error %.2e)",
			  rel_error(v, 1.2259072322664891));
	}
}

/* 2F1(A, B; C; z) by its series, A, B, C > 0, 0 <= z <= 1/2: positive terms. */
static long double
hyp2f1_series(long double A, long double B, long double C, long double z)
{
	long double term = 1.0L;
	long double sum = 1.0L;

	for (int k = 0; k < 100000; k++)
	{
		term *= (A + k) * (B + k) / ((C + k) * (k + 1)) * z;
		sum += term;
		if (term < 1e-22L * sum)
			break;
	}
	return sum;
}

/* E[Y(t) | x, t_x, T] by the published formula, usable for a > 1. */
static double
expected_by_series(const BgnbdParams *m, double t, double x, double tx, double T)
{
	long double a = m->a;
	long double b = m->b;
	long double age = (long double) m->alpha + T;
	long double bracket = 1.0L - powl(age / (age + t), m->r + x) *
		hyp2f1_series(m->r + x, b + x, a + b + x - 1, t / (age + t));

	return (double) ((a + b + x - 1) / (a - 1) * bracket * p_alive_direct(m, x, tx, T));
}

/*
 * Both expectations against the series where it is trustworthy: a > 1 and
 * z = t / (alpha + T + t) <= 1/2.
 */
static void
test_against_series(void)
{
	static const double as[] = {1.5, 2.5, 7};
	static const double bs[] = {0.5, 3, 20};
	static const double rs[] = {0.3, 2, 10};
	static const double alphas[] = {1, 10};
	static const double histories[][3] = {{0, 0, 0}, {0, 0, 20}, {3, 10, 20}, {12, 19, 20}, {40, 50, 52}};
	static const double zs[] = {0.01, 0.2, 0.5};
	double		worst_new = 0;
	double		worst_conditional = 0;
	int			n = 0;

	for (int ia = 0; ia < 3; ia++)
		for (int ib = 0; ib < 3; ib++)
			for (int ir = 0; ir < 3; ir++)
				for (int il = 0; il < 2; il++)
				{
					BgnbdParams m = {rs[ir], alphas[il], as[ia], bs[ib]};

					for (int iz = 0; iz < 3; iz++)
					{
						double		t = zs[iz] * m.alpha / (1 - zs[iz]);

						worst_new = fmax(worst_new, rel_error(bgnbd_expected_new(&m, t),
															  expected_by_series(&m, t, 0, 0, 0)));
						for (int ih = 0; ih < 5; ih++)
						{
							const double *h = histories[ih];
							double		age = m.alpha + h[2];

							t = zs[iz] * age / (1 - zs[iz]);
							worst_conditional =
								fmax(worst_conditional,
									 rel_error(bgnbd_expected_conditional(&m, t, h[0], h[1], h[2]),
											   expected_by_series(&m, t, h[0], h[1], h[2])));
							n++;
						}
					}
				}
	CHECK(worst_new < 1e-10, "E[X(t)] = the direct 2F1 series, a > 1, z <= 1/2 (worst %.2e)", worst_new);
	CHECK(worst_conditional < 1e-10, "E[Y(t) | x, t_x, T] = the series over %d cases (worst %.2e)",
		  n, worst_conditional);
}

/* {r, alpha, a, b, t, x, t_x, T, E[Y(t) | x, t_x, T] by mpmath} */
static const double hard_expectations[][9] = {
	/* many purchases */
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 39, 1000, 38, 38.86, 0.0016548511646408159},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 39, 100000, 38.86, 38.86, 68721.033165549908},
	/* z near 1 with a < 1 */
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 1e12, 0, 0, 0, 1105.1542827452938},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 1e300, 0, 0, 0, 4.8628493883096912e+62},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 1e12, 2, 30.43, 38.86, 1770.8723147892167},
	/* a = 1 exactly, and just above it */
	{1, 2, 1, 3, 50, 3, 20, 30, 2.2281111579568579},
	{1, 2, 1, 3, 1e12, 0, 0, 0, 76.313621806429063},
	{0.5, 1, 1.0000001, 2, 1e8, 0, 0, 0, 32.069548061109951},
	/* a and b below 1, a tiny, b tiny */
	{0.7, 5, 0.3, 0.5, 100, 0, 0, 0, 5.2952073518975283},
	{1, 1, 0.01, 1, 100, 0, 0, 0, 95.504918318727358},
	{1, 1, 3, 0.05, 10, 0, 0, 0, 0.92830102629905574},
	/* a and b huge, r tiny, r huge */
	{2, 3, 1e6, 1e6, 10, 5, 8, 10, 0.42536171135617756},
	{1e-6, 1, 2, 3, 1e6, 0, 0, 0, 4.7928578817730347e-5},
	{1e6, 1e5, 0.8, 2.4, 3, 4, 1, 2, 0.0041414977950637302},
	/* huge ages */
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 52, 5, 999999900, 1e9, 2.4267068332960574e-7},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 1e299, 3, 1e300, 1e300, 0.26786200538447958},
};

static void
test_hard_expectations(void)
{
	for (size_t i = 0; i < sizeof(hard_expectations) / sizeof(hard_expectations[0]); i++)
	{
		const double *c = hard_expectations[i];
		BgnbdParams m = {c[0], c[1], c[2], c[3]};
		double		v = bgnbd_expected_conditional(&m, c[4], c[5], c[6], c[7]);

		CHECK(rel_error(v, c[8]) < 1e-12,
			  "r %g alpha %g a %g b %g, t %g, x %g t_x %g T %g: %.17g (rel. error %.2e)",
			  c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8], rel_error(v, c[8]));
	}
}

/* E[Y(t)] at t = 10^(k/2), k = -12, -9, ..., 600, never decreases and stays finite. */
static bool
monotone_in_t(const BgnbdParams *m, double x, double tx, double T)
{
	double		last = 0;

	for (int k = -12; k <= 600; k += 3)
	{
		double		v = bgnbd_expected_conditional(m, pow(10, k / 2.0), x, tx, T);

		if (!isfinite(v) || v < last * (1 - 1e-13))
			return false;
		last = v;
	}
	return true;
}

static void
test_expectation_identities(void)
{
	static const BgnbdParams sets[] = {
		{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171},
		{1, 2, 1, 3}, {0.5, 1, 1.5, 2}, {1e-6, 1, 0.01, 0.05}, {1e6, 1e5, 50, 0.5}, {2, 3, 1e6, 1e6}
	};
	BgnbdParams shifted = cdnow;
	int			not_monotone = 0;

	CHECK(bgnbd_expected_new(&cdnow, 0) == 0 && bgnbd_expected_conditional(&cdnow, 0, 2, 30.43, 38.86) == 0,
		  "t = 0: no purchases");
	CHECK(bgnbd_expected_conditional(&cdnow, 39, 0, 0, 0) == bgnbd_expected_new(&cdnow, 39),
		  "x = 0, t_x = 0, T = 0: the conditional expectation is E[X(t)]");
	/* with x = 0 the posterior of lambda is Gamma(r, alpha + T): a new customer under alpha + T */
	shifted.alpha += 38.86;
	CHECK_CLOSE(bgnbd_expected_conditional(&cdnow, 39, 0, 0, 38.86), bgnbd_expected_new(&shifted, 39), 1e-14,
				"x = 0 at age T: E[X(t)] with alpha + T");

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		not_monotone += !monotone_in_t(&sets[i], 0, 0, 0) + !monotone_in_t(&sets[i], 7, 30, 40) +
			!monotone_in_t(&sets[i], 1000, 1e6, 1e9);
	CHECK(not_monotone == 0, "E[Y(t)] grows with t from 1e-6 to 1e300 and stays finite (%d failed)",
		  not_monotone);

	/* a > 1: E[X(t)] -> E[1/p] = (a + b - 1) / (a - 1) as t -> inf */
	CHECK_CLOSE(bgnbd_expected_new(&sets[2], 1e300), 5.0, 1e-13,
				"a = 1.5, b = 2, t = 1e300: the limit (a + b - 1) / (a - 1) = 5 (got %.17g)",
				bgnbd_expected_new(&sets[2], 1e300));
	/* a = 1: E[X(t)] ~ b ln t + const, so a decade adds b ln 10 (to 1e-13 of E) */
	{
		double		e300 = bgnbd_expected_new(&sets[1], 1e300);
		double		e299 = bgnbd_expected_new(&sets[1], 1e299);

		CHECK(fabs(e300 - e299 - 3 * log(10.0)) < 1e-13 * e300,
			  "a = 1, b = 3: E[X(1e300)] - E[X(1e299)] = 3 ln 10 (off by %.2e of %g)",
			  e300 - e299 - 3 * log(10.0), e300);
	}
	{
		/* a tiny: p is almost surely below 1 / s, so E[X(t)] is nearly r t / alpha */
		BgnbdParams m = {1, 1, 1e-6, 1};
		double		v = bgnbd_expected_new(&m, 1e300);

		CHECK(isfinite(v) && v > 0.99e300 && v <= 1e300, "a = 1e-6, t = 1e300: finite, just below r t / alpha (%g)", v);
		m.r = 1e10;
		m.alpha = 1e-10;
		CHECK(isinf(bgnbd_expected_new(&m, 1e300)), "and +inf when r t / alpha overflows");
	}
}

/* ---------- discounted purchases ---------- */

static int	poll_count = 0;

static void
count_polls(void)
{
	poll_count++;
}

static void
test_discounted(void)
{
	double		v = bgnbd_discounted_purchases(&cdnow, 2, 30.43, 38.86, 12, 4.33, 0, count_polls);
	double		direct = 0;
	double		previous = 0;

	CHECK(poll_count == 12, "poll is called once per period (%d)", poll_count);
	CHECK_CLOSE(v, bgnbd_expected_conditional(&cdnow, 12 * 4.33, 2, 30.43, 38.86), 1e-13,
				"d = 0: the expected purchases of the whole horizon");
	for (int i = 1; i <= 24; i++)
	{
		double		current = bgnbd_expected_conditional(&cdnow, i * 4.33, 2, 30.43, 38.86);

		direct += (current - previous) / pow(1.01, i);
		previous = current;
	}
	CHECK_CLOSE(bgnbd_discounted_purchases(&cdnow, 2, 30.43, 38.86, 24, 4.33, 0.01, NULL), direct, 1e-13,
				"d = 1%%: the sum of the discounted period increments");
	CHECK(bgnbd_discounted_purchases(&cdnow, 2, 30.43, 38.86, 0, 4.33, 0.01, count_polls) == 0 &&
		  bgnbd_discounted_purchases(&cdnow, 2, 30.43, 38.86, -3, 4.33, 0.01, count_polls) == 0 &&
		  poll_count == 12, "no periods: 0, and no polls");
	direct = 0;
	previous = 0;
	for (int i = 1; i <= 5; i++)
	{
		double		current = bgnbd_expected_conditional(&cdnow, i * 52.0, 0, 0, 10);

		direct += (current - previous) * pow(2, i);
		previous = current;
	}
	CHECK_CLOSE(bgnbd_discounted_purchases(&cdnow, 0, 0, 10, 5, 52, -0.5, NULL), direct, 1e-13,
				"d = -0.5: the increments grow by 2^i");
	CHECK(bgnbd_discounted_purchases(&cdnow, 1e5, 0, 1e9, 1000, 52, -0.9, NULL) == 0,
		  "dead customer, 1000 periods at d = -0.9: 0 rather than 0 * inf");
	/*
	 * P(alive) = 0 exactly and periods past the largest double (found by
	 * fuzzing: the cut-off test read -inf + inf and the sum NaN)
	 */
	{
		BgnbdParams far = {1, 100, 1, 1.7976931348623157e308};
		double		v = bgnbd_discounted_purchases(&far, 1.7976931348623157e308, 0x1.56e1fc2f8f359p-997,
												   1.7976931348623157e308, 4, 1.7976931348623157e308,
												   -0.998, NULL);

		CHECK(bgnbd_p_alive(&far, 1.7976931348623157e308, 0x1.56e1fc2f8f359p-997, 1.7976931348623157e308) == 0 &&
			  v == 0, "P(alive) = 0, four periods of DBL_MAX at d = -0.998: %g, not NaN", v);
	}
}

/* ---------- the pmf ---------- */

/*
 * P(X(t) = n) term by term in long double for small n: the products of the
 * beta and gamma ratios, and the negative binomial tail P(N >= n) summed
 * from n on (its terms fall geometrically past the mode).
 */
static double
pmf_direct(const BgnbdParams *m, int n, double t)
{
	long double z = t / ((long double) m->alpha + t);
	long double y = m->alpha / ((long double) m->alpha + t);
	long double beta_ratio = 1;	/* B(a, b + n) / B(a, b) */
	long double nb = powl(y, m->r);	/* NB(j), from j = 0 */
	long double at_n;
	long double tail = 0;		/* sum_{j >= n} NB(j) */

	for (int j = 0; j < n; j++)
	{
		beta_ratio *= (m->b + j) / ((long double) m->a + m->b + j);
		nb *= (m->r + j) / (j + 1.0L) * z;
	}
	at_n = nb;
	if (n == 0)
		return (double) nb;
	for (int j = n; j < 1000000; j++)
	{
		tail += nb;
		nb *= (m->r + j) / (j + 1.0L) * z;
		if (j > m->r * z / y && nb < 1e-22L * tail)
			break;
	}
	/* B(a + 1, b + n - 1) / B(a, b) = a / (a + b + n - 1) B(a, b + n - 1) / B(a, b) */
	return (double) (beta_ratio * at_n + m->a / (m->b + n - 1) * beta_ratio * tail);
}

/* {r, alpha, a, b, n, t, P(X(t) = n) by mpmath} */
static const double hard_pmf[][7] = {
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 0, 39, 0.5743073143503348},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 1, 39, 0.19919246042339642},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 2, 39, 0.085322845882332755},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 10, 39, 0.0035844715779596536},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 1, 1e12, 0.24622718187303973},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 1000, 1e12, 6.4127233046376135e-6},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 2147483647, 1e12, 2.1657134248217706e-17},
	{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171, 7, 1e300, 0.031326660311576656},
	{1e-6, 1, 0.5, 2, 3, 1e9, 1.6677864454292424e-6},
	{1e6, 1e5, 3, 4, 10, 1, 0.0089358003083148026},
	{0.5, 2, 1e6, 1e6, 5, 10, 0.0071264323812337487},
	{2, 3, 4, 5, 1000000, 1e6, 2.0909997865631334e-27},
	{2, 3, 4, 5, 2147483647, 3e9, 7.3890569841377355e-44},
};

static void
test_pmf(void)
{
	static const BgnbdParams sets[] = {
		{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171},
		{2, 3, 4, 5}, {0.5, 2, 1.2, 0.3}, {30, 2, 0.6, 40}
	};
	double		worst = 0;

	CHECK(bgnbd_pmf(&cdnow, 0, 0) == 1 && bgnbd_pmf(&cdnow, 1, 0) == 0 && bgnbd_pmf(&cdnow, 2147483647, 0) == 0,
		  "t = 0: no purchase for sure");
	CHECK_CLOSE(bgnbd_pmf(&cdnow, 0, 39), pow(cdnow.alpha / (cdnow.alpha + 39), cdnow.r), 1e-15,
				"n = 0: (alpha / (alpha + t))^r");

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
		for (int n = 0; n <= 20; n++)
			for (double t = 0.5; t <= 50; t *= 10)
				worst = fmax(worst, rel_error(bgnbd_pmf(&sets[i], n, t), pmf_direct(&sets[i], n, t)));
	CHECK(worst < 1e-11, "P(X(t) = n) = the direct formula for n <= 20 (worst %.2e)", worst);

	for (size_t i = 0; i < sizeof(hard_pmf) / sizeof(hard_pmf[0]); i++)
	{
		const double *c = hard_pmf[i];
		BgnbdParams m = {c[0], c[1], c[2], c[3]};
		double		v = bgnbd_pmf(&m, (int) c[4], c[5]);

		CHECK(rel_error(v, c[6]) < 1e-12, "r %g alpha %g a %g b %g: P(X(%g) = %g) = %.17g (rel. error %.2e)",
			  c[0], c[1], c[2], c[3], c[5], c[4], c[6], rel_error(v, c[6]));
	}

	for (size_t i = 0; i < sizeof(sets) / sizeof(sets[0]); i++)
	{
		double		total = 0;
		double		mean = 0;
		int			n;

		/* beyond 4 times the mean of a customer who never drops out, and tiny */
		double		far = 4 * sets[i].r * 39 / sets[i].alpha + 100;

		for (n = 0; n < 1000000; n++)
		{
			double		p = bgnbd_pmf(&sets[i], n, 39);

			total += p;
			mean += n * p;
			if (n > far && p < 1e-18 * total)
				break;
		}
		CHECK(fabs(total - 1) < 1e-13, "set %zu: sum of P(X(39) = n) over n < %d is 1 (off by %.2e)",
			  i, n, total - 1);
		CHECK(rel_error(mean, bgnbd_expected_new(&sets[i], 39)) < 1e-12,
			  "and sum of n P(X(39) = n) is E[X(39)] (rel. error %.2e)",
			  rel_error(mean, bgnbd_expected_new(&sets[i], 39)));
	}
	{
		int			bad = 0;

		for (int n = 1; n > 0 && n <= 2147483647; n = n < 1073741824 ? n * 4 : 2147483647)
		{
			for (double t = 1e-3; t <= 1e300; t *= 1e20)
			{
				double		p = bgnbd_pmf(&sets[0], n, t);

				bad += !(p >= 0 && p <= 1);
			}
			if (n == 2147483647)
				break;
		}
		CHECK(bad == 0, "P(X(t) = n) within [0, 1] for n up to 2^31 - 1, t up to 1e300 (%d outside)", bad);
	}
}

/* ---------- beta_core ---------- */

/* {p, q, y = 1 - x, ln I_x(p, q) by mpmath} */
static const double hard_incomplete_beta[][4] = {
	{2147483647, 0.24, 1.1e-9, -4.5704967298511999},
	{1000, 1e-6, 1e-4, -13.214845904820445},
	{100, 1e4, 0.99, -0.5925836337838505},
	{5e5, 500003, 0.5005, -1.8364521313818739},
	{3, 2.5, 0.7, -2.1108006725092743},
	/* just inside the continued fraction's range, where it once stalled */
	{1e8, 0.1, 1.1e-8, -3.8824264284624101},
	{1e5, 1e-6, 1.0100000000000002e-05, -15.349183385197472},
};

static double
log_ib(double p, double q, double y)
{
	return log_incomplete_beta(p, q, 1 - y, y, log1p(-y), log(y));
}

static void
test_beta_core(void)
{
	static const double ps[] = {1, 10, 1000, 1e6, 2147483647};
	static const double qs[] = {1e-6, 0.24, 3, 1e6};
	double		worst = 0;

	for (double y = 0.25; y < 40; y += 1.75)
		for (double d = 0.125; d < 40; d += 2.5)
			worst = fmax(worst, fabs(lgamma_diff(y, d) - (lgamma(y + d) - lgamma(y))) /
						 fmax(1, fabs(lgamma(y + d) - lgamma(y))));
	CHECK(worst < 1e-13, "ln Gamma(y + d) - ln Gamma(y) = the lgamma difference (worst %.2e)", worst);
	CHECK_CLOSE(lgamma_diff(1e6, 3), log(1e6 * 1000001.0 * 1000002.0), 1e-15,
				"ln Gamma(y + 3) / Gamma(y) = ln y (y + 1) (y + 2) at y = 1e6");
	/* d psi(y) + d^2 / 2 psi'(y), psi(2.5) = 2 + 2/3 - gamma - 2 ln 2, psi'(2.5) = pi^2 / 2 - 4 - 4/9 */
	CHECK(rel_error(lgamma_diff(2.5, 1e-9), 1e-9 * 0.70315664064524319 + 0.5e-18 * 0.49035775610023486) < 1e-14,
		  "a tiny shift keeps its relative precision: d psi(2.5) + d^2 psi'(2.5) / 2");

	/* I_x(p, 1) = x^p and I_x(1, q) = 1 - (1 - x)^q, also with x within 1e-300 of 1 */
	worst = 0;
	for (int i = 0; i < 5; i++)
		for (double y = 1e-300; y < 1; y *= 1e10)
		{
			double		exact = ps[i] * log1p(-y);

			worst = fmax(worst, fabs(log_ib(ps[i], 1, y) - exact) / fmax(1, fabs(exact)));
		}
	CHECK(worst < 1e-13, "ln I_x(p, 1) = p ln x for p up to 2^31 - 1 (worst %.2e)", worst);
	worst = 0;
	for (int i = 0; i < 4; i++)
		for (double y = 1e-300; y < 1; y *= 1e10)
		{
			double		exact = log(-expm1(qs[i] * log(y)));

			worst = fmax(worst, fabs(log_ib(1, qs[i], y) - exact) / fmax(1, fabs(exact)));
		}
	CHECK(worst < 1e-13, "ln I_x(1, q) = ln(1 - y^q) for q from 1e-6 to 1e6 (worst %.2e)", worst);
	CHECK_CLOSE(log_ib(1e6, 1e6, 0.5), -log(2.0), 1e-13, "I_1/2(p, p) = 1/2 at p = 1e6");
	worst = 0;
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 4; j++)
			for (double y = 0.01; y < 1; y += 0.07)
			{
				double		sum = exp(log_ib(ps[i], qs[j], y)) + exp(log_ib(qs[j], ps[i], 1 - y));

				worst = fmax(worst, fabs(sum - 1));
			}
	CHECK(worst < 1e-13, "I_x(p, q) + I_1-x(q, p) = 1 (worst %.2e)", worst);
	for (size_t i = 0; i < sizeof(hard_incomplete_beta) / sizeof(hard_incomplete_beta[0]); i++)
	{
		const double *c = hard_incomplete_beta[i];
		double		v = log_ib(c[0], c[1], c[2]);

		CHECK(fabs(v - c[3]) < 1e-13 * fabs(c[3]), "ln I_x(%g, %g), 1 - x = %g: %.17g (got %.17g)",
			  c[0], c[1], c[2], c[3], v);
	}

	/*
	 * p near 1e300 (found by fuzzing: the continued fraction's products of
	 * two factors of size p overflowed, inf / inf was NaN), against the
	 * closed forms I_x(p, 1) = x^p and I_x(p, 2) = x^p (1 + p y)
	 */
	{
		double		p = 0x1.7e43c8800759cp+996;
		double		y = 0x1p-53;

		CHECK(rel_error(log_ib(p, 1, y), p * log1p(-y)) < 1e-14,
			  "ln I_x(%a, 1), 1 - x = 2^-53: %.17g, p ln x = %.17g", p, log_ib(p, 1, y), p * log1p(-y));
		/* 1 - x = 1e-300: p ln x = -1.06, ln(1 + p y) = 0.72 */
		y = 1e-300;
		CHECK(rel_error(log_ib(p, 2, y), p * log1p(-y) + log1p(p * y)) < 1e-14,
			  "ln I_x(%a, 2), 1 - x = 1e-300: %.17g, p ln x + ln(1 + p y) = %.17g",
			  p, log_ib(p, 2, y), p * log1p(-y) + log1p(p * y));
	}
	/*
	 * x = 1 - 1e-300 rounds to 1, and so did the mean p / (p + 1) with
	 * p = DBL_MAX: the test x < mean took the complement, whose continued
	 * fraction cannot reach I_y(1, p) ~ 1, and gave 0 (before the ratios,
	 * -Infinity) for ln x^p = -1.8e8
	 */
	CHECK(rel_error(log_ib(1.7976931348623157e308, 1, 1e-300), 1.7976931348623157e308 * log1p(-1e-300)) < 1e-14,
		  "ln I_x(DBL_MAX, 1), 1 - x = 1e-300: %.17g, p ln x = %.17g",
		  log_ib(1.7976931348623157e308, 1, 1e-300), 1.7976931348623157e308 * log1p(-1e-300));
	/*
	 * p + q past the largest double (found by fuzzing: s = p + q was
	 * Infinity, the kernel NaN).  At x = 1/2, 1 / B(p, p) = 2^(2p - 1)
	 * sqrt(p / pi) (1 + O(1 / p)), so the kernel is 0.5 ln(p / pi) - ln 2;
	 * elsewhere the deviance p ln(x / x0) + q ln(y / y0) dominates.
	 */
	{
		double		p = 1.7976931348623157e308;
		double		half = 0.5 * (log(p) - log(3.14159265358979323846)) - log(2.0);
		double		dev = p * log(0.75 * 1.5) + p / 2 * log(0.25 * 3);

		CHECK(rel_error(log_beta_kernel(p, p, 0.5, 0.5, log(0.5), log(0.5)), half) < 1e-14,
			  "ln(x^p y^p / B(p, p)) at p = DBL_MAX, x = 1/2: %.17g, 0.5 ln(p / pi) - ln 2 = %.17g",
			  log_beta_kernel(p, p, 0.5, 0.5, log(0.5), log(0.5)), half);
		CHECK(rel_error(log_beta_kernel(p, p / 2, 0.75, 0.25, log(0.75), log(0.25)), dev) < 1e-14,
			  "ln(x^p y^q / B(p, q)) at p = DBL_MAX, q = p / 2, x = 3/4: %.17g, deviance %.17g",
			  log_beta_kernel(p, p / 2, 0.75, 0.25, log(0.75), log(0.25)), dev);
	}
	/*
	 * p = q = DBL_MAX (found by fuzzing: p + q overflowed in the choice of
	 * side and in the continued fraction, NaN): the mass sits at 1/2 within
	 * 1e-154, so I = 1 at x = 1 - 2^-53, and at x = 1/4 ln I is the kernel's
	 * p ln(x / x0) + q ln(y / y0) to terms of order ln p
	 */
	CHECK(log_ib(1.7976931348623157e308, 1.7976931348623157e308, 0x1p-53) == 0 &&
		  rel_error(log_ib(1.7976931348623157e308, 1.7976931348623157e308, 0.75),
					1.7976931348623157e308 * (log(0.5) + log(1.5))) < 1e-12,
		  "p = q = DBL_MAX: ln I at 1 - 2^-53 = %g, at 1/4 = %.17g, p ln(1/2 3/2) = %.17g",
		  log_ib(1.7976931348623157e308, 1.7976931348623157e308, 0x1p-53),
		  log_ib(1.7976931348623157e308, 1.7976931348623157e308, 0.75),
		  1.7976931348623157e308 * (log(0.5) + log(1.5)));
	CHECK(rel_error(log(-expm1(1e300 * log1p(-1e-300))), log_incomplete_beta(1, 1e300, 1e-300, 1, log(1e-300), -1e-300)) < 1e-14,
		  "ln I_x(1, 1e300) at x = 1e-300 = ln(1 - (1 - x)^q)");

	/*
	 * p subnormal (found by fuzzing: the continued fraction's first
	 * products lost their digits, ln I_x(2^-1074, 1e6) at x = 1.25 2^-21
	 * was 0.8).  Nearly all the mass of Beta(p, q) is then at 0, so ln I is
	 * 0 to within p ln x; at q = 1 it is exactly p ln x.
	 */
	{
		static const double tiny_ps[] = {0x1p-1074, 1e-320, 1e-310, 1e-250};
		double		x = 0x1.4p-21;

		worst = 0;
		for (int i = 0; i < 4; i++)
		{
			worst = fmax(worst, fabs(log_ib(tiny_ps[i], 1, 1 - x) - tiny_ps[i] * log(x)));
			worst = fmax(worst, fabs(log_ib(tiny_ps[i], 1e6, 1 - x)));
			worst = fmax(worst, fabs(log_ib(tiny_ps[i], 0.5, 1 - x)));
		}
		CHECK(worst < 1e-13, "ln I_x(p, q) for p from 2^-1074 to 1e-250: 0 within 1e-13 (worst %.2g)",
			  worst);
	}
}

/*
 * a and b near the largest double (found by fuzzing: the quadrature's
 * weights a ln p + b ln(1 - p) overflowed, -inf - -inf was NaN).  p is then
 * the point p0 = a / (a + b), and E[X(t)] of a new customer is the limit of
 * the closed form, (1 - (1 + p0 t / alpha)^-r) / p0; one period discounted
 * at d is that over 1 + d.
 */
static void
test_huge_shapes(void)
{
	BgnbdParams m = {0.7, 4.0, 1.7976931348623157e308, 1.7976931348623157e308};
	double		limit = (1 - pow(1 + 0.5 * 10 / 4.0, -0.7)) / 0.5;

	CHECK(rel_error(bgnbd_expected_new(&m, 10), limit) < 1e-14,
		  "a = b = DBL_MAX: E[X(10)] = %.17g, the point-mass limit %.17g",
		  bgnbd_expected_new(&m, 10), limit);
	CHECK(rel_error(bgnbd_discounted_purchases(&m, 0, 0, 0, 1, 10, 0.25, NULL), limit / 1.25) < 1e-14,
		  "a = b = DBL_MAX: one period of 10 discounted at 25%% = %.17g, limit / 1.25 = %.17g",
		  bgnbd_discounted_purchases(&m, 0, 0, 0, 1, 10, 0.25, NULL), limit / 1.25);
	/*
	 * P(X(t) = n) with a + b past the largest double (found by fuzzing: NaN,
	 * and 1/4 for 3/8 at n = 1).  p ~ Beta(a, b) is the point p0 = a / (a + b),
	 * so with r = 1, z = t / (alpha + t) = 1/2, purchases are geometric:
	 * (1 - p0)^n (1/2)^(n + 1) + p0 (1 - p0)^(n - 1) (1/2)^n.
	 */
	CHECK(rel_error(bgnbd_pmf(&(BgnbdParams) {1, 1, 1.7976931348623157e308, 1.7976931348623157e308}, 1, 1),
					0.375) < 1e-13,
		  "a = b = DBL_MAX, r = alpha = t = 1: P(X = 1) = %.17g, 1/8 + 1/4",
		  bgnbd_pmf(&(BgnbdParams) {1, 1, 1.7976931348623157e308, 1.7976931348623157e308}, 1, 1));
	{
		BgnbdParams h = {1, 1e300, 1e300, 1.7976931348623157e308};
		double		p0 = 1 / (1 + 1.7976931348623157e308 / 1e300);
		double		ref = pow(1 - p0, 10) * pow(0.5, 11) + p0 * pow(1 - p0, 9) * pow(0.5, 10);

		CHECK(rel_error(bgnbd_pmf(&h, 10, 1e300), ref) < 1e-12,
			  "a = 1e300, b = DBL_MAX, z = 1/2: P(X = 10) = %.17g, geometric %.17g",
			  bgnbd_pmf(&h, 10, 1e300), ref);
		CHECK(bgnbd_pmf(&h, 404232216, 1e300) == 0,
			  "a = 1e300, b = DBL_MAX, z = 1/2: P(X = 404232216) = %g, underflows to 0",
			  bgnbd_pmf(&h, 404232216, 1e300));
	}
	/*
	 * a = 1e20, b = 1e300 (found by fuzzing: the quadrature's weights, of
	 * size a |ln p| = 6e22, lost whole units to rounding, Infinity / Infinity
	 * was NaN): r = 1e10 and t / alpha = 1e300 make 1 - (1 + p0 s)^-r = 1,
	 * so E[X(1)] = 1 / p0 = (a + b) / a = 1e280
	 */
	m = (BgnbdParams) {1e10, 1e-300, 1e20, 1e300};
	CHECK(rel_error(bgnbd_expected_new(&m, 1), 1e280) < 1e-12,
		  "a = 1e20, b = 1e300, r = 1e10, alpha = 1e-300: E[X(1)] = %.17g, (a + b) / a = 1e280",
		  bgnbd_expected_new(&m, 1));
	/*
	 * b + x past the largest double (found by fuzzing: ln(b + x - 1) and
	 * Infinity * 0 in P(alive), and the posterior Beta(a, b + x), were NaN).
	 * T = t_x = 0: alive.  With b = x = DBL_MAX, a = r = alpha = 1 and
	 * t = 1e-300, p s c is below 1e-300 and E = c s = (r + x) t / alpha;
	 * with a = 5, alpha = 1e-300 and t = 1e300, (1 + p s)^-c vanishes and
	 * E = E[1 / p] = (a + b + x - 1) / (a - 1) = DBL_MAX / 2.
	 */
	m = (BgnbdParams) {1, 1, 1, 1.7976931348623157e308};
	CHECK(rel_error(bgnbd_expected_conditional(&m, 1e-300, 1.7976931348623157e308, 0, 0),
					1.7976931348623157e308 * 1e-300) < 1e-12,
		  "b = x = DBL_MAX, t = 1e-300: E[Y] = %.17g, (r + x) t / alpha = %.17g",
		  bgnbd_expected_conditional(&m, 1e-300, 1.7976931348623157e308, 0, 0),
		  1.7976931348623157e308 * 1e-300);
	m = (BgnbdParams) {1, 1e-300, 5, 1.7976931348623157e308};
	CHECK(rel_error(bgnbd_expected_conditional(&m, 1e300, 1.7976931348623157e308, 0, 0),
					1.7976931348623157e308 / 2) < 1e-12,
		  "b = x = DBL_MAX, a = 5, t / alpha = 1e600: E[Y] = %.17g, (a + b + x - 1) / (a - 1) = %.17g",
		  bgnbd_expected_conditional(&m, 1e300, 1.7976931348623157e308, 0, 0),
		  1.7976931348623157e308 / 2);
	/*
	 * alpha = T = the smallest denormal, t_x = 0 (found by fuzzing: 0 / 0):
	 * 1 / (1 + a / (b + x - 1) ((alpha + T) / (alpha + t_x))^(r + x)) with the
	 * age ratio exactly 2
	 */
	m = (BgnbdParams) {0.5, 5e-324, 1, 1};
	CHECK(rel_error(bgnbd_p_alive(&m, 3, 0, 5e-324), 1 / (1 + 1 / 3.0 * pow(2, 3.5))) < 1e-15,
		  "alpha = T = 5e-324, t_x = 0: P(alive) = %.17g, 1 / (1 + 2^3.5 / 3) = %.17g",
		  bgnbd_p_alive(&m, 3, 0, 5e-324), 1 / (1 + 1 / 3.0 * pow(2, 3.5)));
	/*
	 * and E[X(t)] at alpha = t = 5e-324 (ln(alpha + T) was -Infinity): with
	 * r = 1, a = 2, b = 3 the closed form (a + b - 1) / (a - 1) [1 - 1/2
	 * 2F1(1, 3; 4; 1/2)], 2F1(1, 3; 4; z) = 3 z^-3 (-ln(1 - z) - z - z^2 / 2)
	 */
	m = (BgnbdParams) {1, 5e-324, 2, 3};
	CHECK(rel_error(bgnbd_expected_new(&m, 5e-324), 4 * (1 - 0.5 * 24 * (log(2.0) - 0.625))) < 1e-13,
		  "alpha = t = 5e-324: E[X(t)] = %.17g, closed form %.17g", bgnbd_expected_new(&m, 5e-324),
		  4 * (1 - 0.5 * 24 * (log(2.0) - 0.625)));
	/* alpha the smallest denormal, T = t_x = 0 (found by fuzzing: 0 / 0): 1 / (1 + a / (b + x - 1)) */
	m = (BgnbdParams) {1e-6, 5e-324, 0.001, 0.001};
	CHECK(rel_error(bgnbd_p_alive(&m, 2, 0, 0), 1 / (1 + 0.001 / 1.001)) < 1e-15,
		  "alpha = 5e-324, T = t_x = 0: P(alive) = %.17g, 1 / (1 + a / (b + x - 1)) = %.17g",
		  bgnbd_p_alive(&m, 2, 0, 0), 1 / (1 + 0.001 / 1.001));
	/*
	 * Periods whose end i L passes the largest double (found by fuzzing:
	 * ln(i L) was Infinity, E[Y] came out far too small and the discounted
	 * sum negative).  For a = 1/2, E[Y(t)] grows as sqrt(t) at huge t, so two
	 * undiscounted periods of DBL_MAX sum to E[Y(2 DBL_MAX)] = sqrt 2 E[Y(DBL_MAX)].
	 */
	m = (BgnbdParams) {0.5, 5e-324, 0.5, 1};
	limit = sqrt(2.0) * bgnbd_expected_conditional(&m, 1.7976931348623157e308, 12336, 4480, 4480);
	CHECK(rel_error(bgnbd_discounted_purchases(&m, 12336, 4480, 4480, 2, 1.7976931348623157e308, 0, NULL),
					limit) < 1e-9,
		  "a = 1/2: two periods of DBL_MAX = %.17g, sqrt 2 E[Y(DBL_MAX)] = %.17g",
		  bgnbd_discounted_purchases(&m, 12336, 4480, 4480, 2, 1.7976931348623157e308, 0, NULL), limit);
	/*
	 * E[Y(t)] near 1e-306 (a = 1e-300, T = DBL_MAX), where the quadrature
	 * wobbles by 1% and E[Y(3)] < E[Y(2)] (found by fuzzing: the discounted
	 * sum at -99.8% was -8.6e-300): the sum of non-negative steps, each at
	 * most E[Y(3)] and discounted by at most 1 / 0.002^3
	 */
	m = (BgnbdParams) {0x1.0624dd2f1a9fcp-10, 0x1.b7cdfd9d7bdbbp-34, 1e-300, 0x1.0624dd2f1a9fcp-10};
	{
		double		d = -0.998;
		double		v = bgnbd_discounted_purchases(&m, 0, 0, 1.7976931348623157e308, 3, 1, d, NULL);
		double		top = bgnbd_expected_conditional(&m, 3, 0, 0, 1.7976931348623157e308);

		for (int i = 1; i <= 2; i++)
			top = fmax(top, bgnbd_expected_conditional(&m, i, 0, 0, 1.7976931348623157e308));
		CHECK(v >= 0 && v <= top / pow(1 + d, 3) * 1.000001,
			  "a = 1e-300, T = DBL_MAX: 3 periods at -99.8%% = %g, within [0, %g]", v, top / pow(1 + d, 3));
	}
	/*
	 * t the smallest denormal (found by fuzzing: 0.5 t rounded to 0, so z = 0
	 * where t / (alpha + t) = 2.2e-16, and P(X = n) came out +Infinity).
	 * With r = DBL_MAX, alpha = 2^-1022 the customer who never drops out buys
	 * about 4e292 times: P(X = 1) is the chance to drop out after the first
	 * purchase, a / (a + b)
	 */
	m = (BgnbdParams) {1.7976931348623157e308, 0x1p-1022, 10, 1e-20};
	CHECK(rel_error(bgnbd_pmf(&m, 1, 5e-324), 1 / (1 + 1e-21)) < 1e-15 && bgnbd_pmf(&m, 1, 5e-324) <= 1 &&
		  bgnbd_pmf(&m, 486539264, 5e-324) >= 0 && bgnbd_pmf(&m, 486539264, 5e-324) <= 1,
		  "t = 5e-324, r = DBL_MAX: P(X = 1) = %.17g, a / (a + b); P(X = 486539264) = %g",
		  bgnbd_pmf(&m, 1, 5e-324), bgnbd_pmf(&m, 486539264, 5e-324));
	/* the point mass and the quadrature agree on both sides of a = 1e16 (to the quadrature's 1e-9 there) */
	m = (BgnbdParams) {0.7, 4.0, 0.99e16, 1.98e16};
	limit = bgnbd_expected_conditional(&m, 10, 3, 5, 20);
	m.a = 1.01e16;
	m.b = 2.02e16;
	CHECK(rel_error(bgnbd_expected_conditional(&m, 10, 3, 5, 20), limit) < 1e-8,
		  "E[Y(10) | 3, 5, 20] at a = 1.01e16, b = 2 a: %.17g, at a = 0.99e16: %.17g",
		  bgnbd_expected_conditional(&m, 10, 3, 5, 20), limit);
}

void
test_bgnbd_core(void)
{
	test_params_valid();
	test_p_alive();
	test_cdnow_published();
	test_against_series();
	test_hard_expectations();
	test_expectation_identities();
	test_discounted();
	test_pmf();
	test_beta_core();
	test_huge_shapes();
}
