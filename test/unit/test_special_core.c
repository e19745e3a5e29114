/*
 * test_special_core.c
 *		Digamma, log-beta and log_add_exp (special_core.c), and the shifted
 *		differences lgamma_diff and digamma_diff (lgamma_diff_core.c),
 *		against values computed with mpmath.
 *
 * The reference values came from (Python 3, mpmath 1.x, 50 digits; 60 for
 * the differences):
 *
 *	import mpmath as mp; mp.mp.dps = 50; f = lambda s: mp.mpf(float(s))
 *	mp.digamma(f(x));  mp.log(mp.beta(f(a), f(b)));
 *	mp.log(mp.exp(f(x)) + mp.exp(f(y)));
 *	mp.loggamma(f(y) + f(d)) - mp.loggamma(f(y));
 *	mp.digamma(f(y) + f(d)) - mp.digamma(f(y))
 *
 * f() makes mpmath evaluate at the very double the C code sees, so the only
 * error measured is the implementation's.
 */
#include "unit.h"
#include "lgamma_diff_core.h"
#include "numerics_core.h"
#include "special_core.h"

typedef struct Case1
{
	double		x;
	double		value;
} Case1;

typedef struct Case2
{
	double		x;
	double		y;
	double		value;
} Case2;

static const Case1 digamma_cases[] = {
	{1e-8, -100000000.57721564636},
	{0.1, -10.423754940411076232},
	{0.5, -1.9635100260214234794},
	{1, -0.57721566490153286061},
	{2, 0.42278433509846713939},
	{3.5, 1.1031566406452431872},
	{9.999, 2.2516474172057353142},	/* last point of the recurrence */
	{10, 2.2517525890667211076},	/* first point of the series */
	{10.5, 2.3030010342976863753},
	{50, 3.901989673427892197},
	{1000, 6.9072551956488120521},
	{1e6, 13.815510057964190771},
	{1e15, 34.53877639491068476},
};

static const Case2 log_beta_cases[] = {
	{0.5, 0.5, 1.1447298858494001741},	/* ln pi */
	{1, 1, 0.0},
	{2, 3, -2.4849066497880003102},	/* ln(1/12) */
	{0.793, 2.426, -0.51156928859370334287},
	{1e-5, 1, 11.512925464970228338},
	{0.25, 1000, -0.43882253723788771304},
	{100, 200, -192.13419227497895189},
	{1e6, 2.5, -34.254095399436516102},
	{3000, 5000, -5295.3551146720764036},
	{1e-300, 1, 690.77552789821370518},
};

static const Case2 log_add_exp_cases[] = {
	{0, 0, 0.69314718055994530942},
	{1, 2, 2.313261687518222834},
	{-1000, -1000.5, -999.52592301581989332},	/* both exp() underflow */
	{700, 710, 710.00004539889921686},	/* e^710 overflows */
	{-745, -750, -744.99328465151088193},
	{30, -30, 30.0},
	{1e-20, 0, 0.69314718055994530942},
	{-3, -40, -2.9999999999999999147},
};

/* y, d, ln Gamma(y + d) - ln Gamma(y), psi(y + d) - psi(y) */
static const struct
{
	double		y;
	double		d;
	double		lgamma;
	double		digamma;
}			diff_cases[] = {
	{10, 1, 2.302585092994045684, 0.1},
	{12.5, 3, 7.8025669791791679223, 0.22303959131545338442},
	{1000, 0.5, 3.4537526394962768578, 0.00050012499998437500781},
	{1e9, 3, 62.169797513839233466, 2.999999997000000005e-9},
	{1e9, 1e9, 21109560197.719728185, 0.69314718080994530948},
	{1e15, 2, 69.077552789821371521, 1.999999999999999e-15},
	{0.1, 5, 1.0770515167410192366, 11.951764469467065286},
	{50, 1e6, 12816050.780156543317, 9.9135703833113389973},
	{1e-8, 2, -18.420680733952365501, 100000000.99999998791},
	{2.95e9, 3, 65.415213022911367992, 1.0169491521976443553e-9},
	{7e6, 5.37, 84.638830872901940204, 7.671426176848049557e-7},
	{5.37, 7e6, 103330018.87612518177, 14.176583318362590458},
	{30, 1000, 6041.6268270919630467, 3.5523904330953010043},
};

#define N_OF(a) ((int) (sizeof(a) / sizeof((a)[0])))

static void
test_digamma(void)
{
	for (int i = 0; i < N_OF(digamma_cases); i++)
	{
		const Case1 *c = &digamma_cases[i];
		double		got = digamma(c->x);

		CHECK(fabs(got - c->value) <= 2e-15 * fmax(1.0, fabs(c->value)),
			  "digamma(%g) = %.17g (mpmath %.17g)", c->x, got, c->value);
	}
	/* near its only positive root the absolute error is what counts */
	CHECK(fabs(digamma(1.4616321449683623) - (-9.2412655217294275168e-17)) <= 1e-15,
		  "digamma at its positive root is 0 within 1e-15");
	CHECK(isnan(digamma(0.0)) && isnan(digamma(-1.5)) && isnan(digamma(NAN)),
		  "digamma of 0, a negative number and NaN is NaN");
	CHECK(isinf(digamma(INFINITY)) && digamma(INFINITY) > 0, "digamma(inf) = inf");
}

/* psi(x + 1) = psi(x) + 1/x across the switch from recurrence to series. */
static void
test_digamma_recurrence(void)
{
	double		worst = 0.0;

	/* in ulps of the largest term: psi(x) and 1/x cancel for small x */
	for (double x = 0.01; x < 30; x *= 1.01)
	{
		double		lhs = digamma(x + 1);
		double		rhs = digamma(x) + 1 / x;
		double		size = fmax(fmax(fabs(lhs), fabs(digamma(x))), fmax(1 / x, 1.0));

		worst = fmax(worst, fabs(lhs - rhs) / (size * 2.220446049250313e-16));
	}
	CHECK(worst <= 8, "psi(x + 1) = psi(x) + 1/x for x in [0.01, 30] (worst %.3g ulps)", worst);
}

/*
 * ln B = lgamma(a) + lgamma(b) - lgamma(a + b) loses the digits that the
 * log-gammas cancel: allow a few ulps of the largest of them.
 */
static void
test_log_beta(void)
{
	for (int i = 0; i < N_OF(log_beta_cases); i++)
	{
		const Case2 *c = &log_beta_cases[i];
		double		got = log_beta(c->x, c->y);
		double		size = fmax(fmax(fabs(lgamma(c->x)), fabs(lgamma(c->y))),
								fmax(fabs(lgamma(c->x + c->y)), 1.0));

		CHECK(fabs(got - c->value) <= 8e-16 * size,
			  "log_beta(%g, %g) = %.17g (mpmath %.17g)", c->x, c->y, got, c->value);
	}
	CHECK(log_beta(0.3, 7.5) == log_beta(7.5, 0.3), "log_beta is symmetric");
}

static void
test_log_add_exp(void)
{
	for (int i = 0; i < N_OF(log_add_exp_cases); i++)
	{
		const Case2 *c = &log_add_exp_cases[i];
		double		got = log_add_exp(c->x, c->y);

		CHECK(fabs(got - c->value) <= 2e-16 * fmax(1.0, fabs(c->value)),
			  "log_add_exp(%g, %g) = %.17g (mpmath %.17g)", c->x, c->y, got, c->value);
		CHECK(log_add_exp(c->y, c->x) == got, "log_add_exp(%g, %g) is symmetric", c->x, c->y);
	}
	CHECK(log_add_exp(-3.5, -INFINITY) == -3.5 && log_add_exp(-INFINITY, 2.0) == 2.0,
		  "a -inf term adds nothing");
	CHECK(isinf(log_add_exp(-INFINITY, -INFINITY)) && log_add_exp(-INFINITY, -INFINITY) < 0,
		  "two -inf terms give -inf, not NaN");
	CHECK(log_add_exp(1e308, 1e308) == 1e308 + log(2.0), "huge equal terms do not overflow");
}

/*
 * The differences keep the precision of the result where the plain
 * lgamma(y + d) - lgamma(y) loses it (1e-8 relative at y = 1e9, 1e-2 at
 * y = 1e15).
 */
static void
test_diffs(void)
{
	for (int i = 0; i < N_OF(diff_cases); i++)
	{
		double		y = diff_cases[i].y,
					d = diff_cases[i].d;
		double		lg = lgamma_diff(y, d),
					psi = digamma_diff(y, d);

		CHECK(fabs(lg - diff_cases[i].lgamma) <= 1e-15 * fabs(diff_cases[i].lgamma),
			  "lgamma_diff(%g, %g) = %.17g (mpmath %.17g)", y, d, lg, diff_cases[i].lgamma);
		CHECK(fabs(psi - diff_cases[i].digamma) <= 1e-15 * fabs(diff_cases[i].digamma),
			  "digamma_diff(%g, %g) = %.17g (mpmath %.17g)", y, d, psi, diff_cases[i].digamma);
	}
	/* tiny d: the absolute error is what the header promises */
	CHECK(fabs(lgamma_diff(10, 1e-8) - 2.251752589592552833e-8) < 1e-17 &&
		  fabs(digamma_diff(10, 1e-8) - 1.0516633562643657351e-9) < 1e-17,
		  "lgamma_diff and digamma_diff at (10, 1e-8) within 1e-17");
	CHECK(fabs(digamma_diff(9.99, 0.01) - 0.0010522162355200081083) < 1e-15,
		  "digamma_diff(9.99, 0.01) within 1e-15");
	CHECK(lgamma_diff(3.5, 0) == 0 && digamma_diff(1e12, 0) == 0, "d = 0 gives exactly 0");
	/* ln B(2, b) = -ln b - ln(b + 1) exactly; lgamma(b) overflows (found by fuzzing) */
	CHECK(fabs(log_beta(2, 1e308) - (-2 * log(1e308))) <= 1e-14 * 2 * log(1e308),
		  "log_beta(2, 1e308) = %.17g, -2 ln 1e308 = %.17g", log_beta(2, 1e308), -2 * log(1e308));
	/*
	 * y below ~5.6e-309, where psi(y) ~ -1/y - 0.5772 overflows (found by
	 * fuzzing: -inf - -inf was NaN): psi(2y) - psi(y) = 1/(2y) + O(y),
	 * finite at y = 4e-309 and +Infinity at the smallest denormal.
	 */
	{
		double		y = 4e-309;

		CHECK(fabs(digamma_diff(y, y) - 0.5 / y) <= 1e-15 * (0.5 / y),
			  "digamma_diff(4e-309, 4e-309) = %g, 1/(2y) = %g", digamma_diff(y, y), 0.5 / y);
		CHECK(digamma_diff(5e-324, 5e-324) == INFINITY && digamma_diff(5e-324, 1) == INFINITY,
			  "digamma_diff at the smallest denormal is +Infinity, not NaN");
	}
	/*
	 * p = q past ~2.5e305, where ln Gamma(p) overflows (found by fuzzing:
	 * Infinity - Infinity was NaN): B(p, p) = 2^(1 - 2p) sqrt(pi / p)
	 * (1 + O(1 / p)), the central binomial asymptotic; at DBL_MAX that is
	 * below -DBL_MAX, so -Infinity
	 */
	{
		double		p = 3e305;
		double		ref = (1 - 2 * p) * log(2.0) + 0.5 * (log(3.14159265358979323846) - log(p));

		CHECK(fabs(log_beta(p, p) - ref) <= 1e-15 * fabs(ref),
			  "log_beta(3e305, 3e305) = %.17g, (1 - 2p) ln 2 + ln(pi / p) / 2 = %.17g", log_beta(p, p), ref);
		CHECK(log_beta(1.7976931348623157e308, 1.7976931348623157e308) == -INFINITY,
			  "log_beta(DBL_MAX, DBL_MAX) = %g, -Infinity",
			  log_beta(1.7976931348623157e308, 1.7976931348623157e308));
	}
	/*
	 * d near the largest double (found by fuzzing: d / y overflowed in the
	 * recurrence, -inf + inf was NaN).  ln Gamma(DBL_MAX) ~ DBL_MAX (ln DBL_MAX
	 * - 1) ~ 1.3e311 overflows, so the difference is +Infinity; where d / y
	 * overflows but the difference is finite, it is the plain lgamma
	 * difference (ln Gamma(1e10) = 2.2e11, no cancellation there).
	 */
	CHECK(lgamma(1.7976931348623157e308) == INFINITY &&
		  lgamma_diff(0x1p-1022, 1.7976931348623157e308) == INFINITY,
		  "lgamma_diff(2^-1022, DBL_MAX) = %g, +Infinity as ln Gamma(DBL_MAX)",
		  lgamma_diff(0x1p-1022, 1.7976931348623157e308));
	CHECK(fabs(lgamma_diff(5e-324, 1e10) - (lgamma(1e10) - lgamma(5e-324))) <=
		  1e-15 * lgamma(1e10),
		  "lgamma_diff(5e-324, 1e10) = %.17g, lgamma gives %.17g (was -Infinity)",
		  lgamma_diff(5e-324, 1e10), lgamma(1e10) - lgamma(5e-324));
	/*
	 * y = DBL_MAX, d = 2^970: y + d rounds up to Infinity (it gave +Infinity),
	 * the difference is d psi(y) + O(d^2 / y) = d ln y to 2^-55 relative
	 */
	CHECK(fabs(lgamma_diff(1.7976931348623157e308, 0x1p970) -
			   0x1p970 * log(1.7976931348623157e308)) <= 1e-15 * 0x1p970 * 709.8,
		  "lgamma_diff(DBL_MAX, 2^970) = %.17g, d ln y = %.17g",
		  lgamma_diff(1.7976931348623157e308, 0x1p970), 0x1p970 * log(1.7976931348623157e308));
}

void
test_special_core(void)
{
	test_digamma();
	test_digamma_recurrence();
	test_log_beta();
	test_log_add_exp();
	test_diffs();
}
