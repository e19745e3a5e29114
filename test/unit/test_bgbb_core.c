/*
 * test_bgbb_core.c
 *		The BG/BB model (bgbb_core.c): the likelihood, P(alive), the
 *		expectations, the pmf and DERT against mpmath's evaluation of Fader,
 *		Hardie & Shang's (2010) expressions (reference/bgbb_reference.py),
 *		DERT against the direct sum of discounted expected transactions, the
 *		gradient against finite differences, the fit and predictions against
 *		the published donations results, CLV's walk against its mean, and
 *		the simulator against E[X(n)] and the pmf.
 */
#include <string.h>

#include "unit.h"

#include "bgbb_core.h"

#include "reference/bgbb_reference.h"

#define CASES(a) (sizeof(a) / sizeof((a)[0]))

/* The donations data (FHS 2010): 11,104 donors as (x, t_x, n = 6) patterns. */
static const HistogramEntry donations[] = {
	{{0, 0, 6}, 3464}, {{1, 1, 6}, 1091}, {{1, 2, 6}, 277}, {{1, 3, 6}, 129}, {{1, 4, 6}, 78},
	{{1, 5, 6}, 119}, {{1, 6, 6}, 129}, {{2, 2, 6}, 613}, {{2, 3, 6}, 255}, {{2, 4, 6}, 155},
	{{2, 5, 6}, 173}, {{2, 6, 6}, 234}, {{3, 3, 6}, 322}, {{3, 4, 6}, 181}, {{3, 5, 6}, 225},
	{{3, 6, 6}, 357}, {{4, 4, 6}, 240}, {{4, 5, 6}, 284}, {{4, 6, 6}, 512}, {{5, 5, 6}, 335},
	{{5, 6, 6}, 728}, {{6, 6, 6}, 1203},
};

static bool
close_relative(double value, double reference, double rel)
{
	return fabs(value - reference) <= rel * fabs(reference);
}

static BgbbParams
params_of(const double *c)
{
	BgbbParams	m = {c[0], c[1], c[2], c[3]};

	return m;
}

static void
test_histories_against_mpmath(void)
{
	int			bad_ll = 0,
				bad_alive = 0;

	for (size_t i = 0; i < CASES(history_cases); i++)
	{
		const double *c = history_cases[i];
		BgbbParams	m = params_of(c);
		double		ll = bgbb_loglik(&m, c[4], c[5], c[6]);
		double		alive = bgbb_p_alive(&m, c[4], c[5], c[6]);

		if (fabs(ll - c[7]) > 1e-12 * fmax(1.0, fabs(c[7])))
		{
			bad_ll++;
			printf("# ln L(%g, %g, %g) = %.17g, mpmath %.17g\n", c[4], c[5], c[6], ll, c[7]);
		}
		if (!close_relative(alive, c[8], 1e-11))
		{
			bad_alive++;
			printf("# P(alive | %g, %g, %g) = %.17g, mpmath %.17g\n", c[4], c[5], c[6], alive, c[8]);
		}
	}
	CHECK(bad_ll == 0, "ln L within 1e-12 of mpmath's eq. 5 in %zu cases", CASES(history_cases));
	CHECK(bad_alive == 0, "P(alive at n + 1) within 1e-11 of mpmath's eq. 11 in %zu cases",
		  CASES(history_cases));
}

static void
test_predictions_against_mpmath(void)
{
	int			bad = 0;

	for (size_t i = 0; i < CASES(expected_new_cases); i++)
	{
		const double *c = expected_new_cases[i];
		BgbbParams	m = params_of(c);
		double		e = bgbb_expected_new(&m, c[4], NULL);

		if (!close_relative(e, c[5], 1e-10))
		{
			bad++;
			printf("# E[X(%g)] = %.17g, mpmath %.17g\n", c[4], e, c[5]);
		}
	}
	CHECK(bad == 0, "E[X(t)] within 1e-10 of mpmath's eq. 9 in %zu cases", CASES(expected_new_cases));
	bad = 0;
	for (size_t i = 0; i < CASES(expected_cases); i++)
	{
		const double *c = expected_cases[i];
		BgbbParams	m = params_of(c);
		double		e = bgbb_expected(&m, c[4], c[5], c[6], c[7], NULL);

		if (!close_relative(e, c[8], 1e-10))
		{
			bad++;
			printf("# E[X(n, n + %g) | %g, %g, %g] = %.17g, mpmath %.17g\n", c[4], c[5], c[6], c[7],
				   e, c[8]);
		}
	}
	CHECK(bad == 0, "conditional E[X(n, n + t)] within 1e-10 of mpmath's eq. 13 in %zu cases",
		  CASES(expected_cases));
	bad = 0;
	for (size_t i = 0; i < CASES(pmf_cases); i++)
	{
		const double *c = pmf_cases[i];
		BgbbParams	m = params_of(c);
		double		p = bgbb_pmf(&m, c[4], c[5], NULL);

		if (!close_relative(p, c[6], 1e-10))
		{
			bad++;
			printf("# P(X(%g) = %g) = %.17g, mpmath %.17g\n", c[5], c[4], p, c[6]);
		}
	}
	CHECK(bad == 0, "P(X(n) = x) within 1e-10 of mpmath's eq. 8 in %zu cases", CASES(pmf_cases));
	bad = 0;
	for (size_t i = 0; i < CASES(dert_cases); i++)
	{
		const double *c = dert_cases[i];
		BgbbParams	m = params_of(c);
		double		d = bgbb_dert(&m, c[4], c[5], c[6], c[7], NULL);

		if (!close_relative(d, c[8], 1e-10))
		{
			bad++;
			printf("# DERT(%g | %g, %g, %g) = %.17g, mpmath %.17g\n", c[7], c[4], c[5], c[6], d, c[8]);
		}
	}
	CHECK(bad == 0, "DERT within 1e-10 of mpmath's eq. 14 (hyp2f1) in %zu cases", CASES(dert_cases));
}

/*
 * DERT as its definition sums it: the expected transactions at each
 * opportunity n + k, the differences of E[X(n, n + k)], over (1 + d)^k.
 */
static void
test_dert_by_summation(void)
{
	static const double histories[][3] = {{0, 0, 6}, {4, 5, 6}, {6, 6, 6}, {2, 30, 40}};
	static const double rates[] = {0.05, 0.1, 0.5};
	int			bad = 0;

	for (size_t i = 0; i < CASES(history_cases); i += 7)
	{
		BgbbParams	m = params_of(history_cases[i]);

		for (size_t h = 0; h < CASES(histories); h++)
			for (size_t r = 0; r < CASES(rates); r++)
			{
				const double *v = histories[h];
				double		sum = 0.0,
							before = 0.0,
							factor = 1.0;

				for (int k = 1; k <= 2000; k++)
				{
					double		e = bgbb_expected(&m, k, v[0], v[1], v[2], NULL);

					factor /= 1.0 + rates[r];
					sum += (e - before) * factor;
					before = e;
				}
				if (!close_relative(bgbb_dert(&m, v[0], v[1], v[2], rates[r], NULL), sum, 1e-9))
					bad++;
			}
	}
	CHECK(bad == 0, "DERT equals the discounted sum of expected transactions per opportunity within 1e-9");
}

static void
test_pieces(void)
{
	BgbbParams	m = {1.204, 0.750, 0.657, 2.783};
	int			bad = 0;

	for (int n = 0; n <= 40; n += 8)
	{
		double		total = 0.0,
					mean = 0.0;

		for (int x = 0; x <= n; x++)
		{
			double		p = bgbb_pmf(&m, x, n, NULL);

			total += p;
			mean += x * p;
		}
		if (!close_relative(total, 1.0, 1e-12) ||
			(n > 0 && !close_relative(mean, bgbb_expected_new(&m, n, NULL), 1e-11)))
			bad++;
	}
	CHECK(bad == 0, "the pmf over x = 0..n sums to 1 and its mean is E[X(n)], n = 0..40");
	CHECK(bgbb_pmf(&m, 7, 6, NULL) == 0.0 && bgbb_loglik(&m, 0, 0, 0) == 0.0,
		  "P(X(6) = 7) = 0, and a history without opportunities has L = 1");
	CHECK(close_relative(bgbb_expected(&m, 10, 0, 0, 0, NULL), bgbb_expected_new(&m, 10, NULL), 1e-14),
		  "a customer with no opportunities yet expects what a new one does");
	CHECK(bgbb_p_alive(&m, 6, 6, 6) < 1 && bgbb_p_alive(&m, 6, 6, 6) > bgbb_p_alive(&m, 2, 2, 6),
		  "P(alive) falls with the opportunities missed since the last transaction");
}

static void
test_history_problems(void)
{
	CHECK(bgbb_history_problem(0, 0, 6) == NULL && bgbb_history_problem(3, 5, 6) == NULL &&
		  bgbb_history_problem(0, 0, 0) == NULL && bgbb_history_problem(6, 6, 6) == NULL,
		  "(0, 0, 6), (3, 5, 6), (0, 0, 0) and (6, 6, 6) are histories");
	CHECK(bgbb_history_problem(1, 0, 6) != NULL && bgbb_history_problem(0, 2, 6) != NULL &&
		  bgbb_history_problem(3, 7, 6) != NULL && bgbb_history_problem(1.5, 2, 6) != NULL &&
		  bgbb_history_problem(1, 1, -1) != NULL && bgbb_history_problem(1, 1, 1e7) != NULL &&
		  bgbb_history_problem(NAN, 1, 6) != NULL && bgbb_history_problem(1, 1, INFINITY) != NULL,
		  "x > t_x, t_x without x, t_x > n, fractions, n < 0, n above a million, NaN and Infinity are not");
}

static void
test_published(void)
{
	BgbbParams	m;
	FitOutcome	outcome;
	BgbbParams	btyd = {1.203528, 0.749726, 0.656781, 2.783796};
	BgbbParams	rounded = {1.204, 0.750, 0.657, 2.783};

	bgbb_fit(donations, CASES(donations), NULL, &m, &outcome);
	CHECK(outcome.converged && outcome.has_covariance &&
		  fabs(m.alpha - 1.204) < 5e-4 && fabs(m.beta - 0.750) < 5e-4 &&
		  fabs(m.gamma - 0.657) < 5e-4 && fabs(m.delta - 2.783) < 5e-4,
		  "donations: (alpha, beta, gamma, delta) = (%.4f, %.4f, %.4f, %.4f), published (1.204, 0.750, 0.657, 2.783)",
		  m.alpha, m.beta, m.gamma, m.delta);
	CHECK(fabs(outcome.loglik - -33225.58) < 0.1, "donations: LL = %.3f, published -33225.58",
		  outcome.loglik);
	CHECK(close_relative(bgbb_expected_new(&btyd, 10, NULL), 3.179805, 1e-5) &&
		  close_relative(bgbb_expected(&btyd, 10, 0, 0, 6, NULL), 0.130217, 1e-5) &&
		  close_relative(bgbb_expected(&btyd, 10, 4, 5, 6, NULL), 3.627858, 1e-5),
		  "BTYD's parameters: E[X(10)] = %.6f, E[X(6, 16) | 0, 0, 6] = %.6f, | 4, 5, 6 = %.6f (3.179805, 0.130217, 3.627858)",
		  bgbb_expected_new(&btyd, 10, NULL), bgbb_expected(&btyd, 10, 0, 0, 6, NULL),
		  bgbb_expected(&btyd, 10, 4, 5, 6, NULL));
	CHECK(fabs(bgbb_expected_new(&rounded, 10, NULL) - 3.1789) < 5e-5 &&
		  fabs(bgbb_expected(&rounded, 10, 0, 0, 6, NULL) - 0.1301) < 5e-5 &&
		  fabs(bgbb_expected(&rounded, 10, 4, 5, 6, NULL) - 3.6271) < 5e-5,
		  "rounded parameters: 3.1789, 0.1301, 3.6271");
}

static void
test_gradient(void)
{
	static const HistogramEntry entries[] = {
		{{0, 0, 6}, 30}, {{1, 1, 6}, 10}, {{2, 5, 6}, 7}, {{6, 6, 6}, 12}, {{3, 10, 50}, 2},
		{{0, 0, 0}, 1},
	};
	static const double points[][4] = {{0.2, -0.3, -0.4, 1.0}, {1.5, 2.0, 0.5, -1.0}, {0, 0, 0, 0}};
	int			bad = 0;

	for (size_t p = 0; p < CASES(points); p++)
	{
		double		grad[4];

		bgbb_fit_objective(entries, CASES(entries), points[p], grad);
		for (int k = 0; k < 4; k++)
		{
			double		h = 1e-6;
			double		up[4],
						down[4];
			double		numeric;

			memcpy(up, points[p], sizeof(up));
			memcpy(down, points[p], sizeof(down));
			up[k] += h;
			down[k] -= h;
			numeric = (bgbb_fit_objective(entries, CASES(entries), up, NULL) -
					   bgbb_fit_objective(entries, CASES(entries), down, NULL)) / (2 * h);
			if (fabs(numeric - grad[k]) > 1e-7 * fmax(1.0, fabs(numeric)))
			{
				bad++;
				printf("# point %zu, parameter %d: gradient %.12g, central difference %.12g\n", p, k,
					   grad[k], numeric);
			}
		}
	}
	CHECK(bad == 0, "the objective's gradient by the log-parameters equals central differences");
}

static void
test_clv_walk(void)
{
	BgbbParams	m = {1.204, 0.750, 0.657, 2.783};
	PurchaseModel pm = bgbb_purchase_model(&m);
	int			bad = 0;

	for (int x = 0; x <= 6; x += 3)
		for (int length = 1; length <= 3; length++)
		{
			double		walk = purchase_discounted_horizon(&pm, x, 6, 20, length, 0.1, NULL);
			double		mean = purchase_discounted_horizon_from_mean(&pm, x, 6, 20, length, 0.1, NULL);

			if (!close_relative(walk, mean, 1e-12))
				bad++;
		}
	CHECK(bad == 0, "CLV's walk over periods of 1..3 opportunities equals the sum from G alone");
	CHECK(close_relative(exp(pm.log_p_alive(pm.params, 4, 5, 6)) *
						 exp(pm.log_horizon_mean(pm.params, 10, 4, 6)),
						 bgbb_expected(&m, 10, 4, 5, 6, NULL), 1e-13),
		  "P(alive at n) G(t) is the conditional expectation");
}

static void
test_simulation(void)
{
	BgbbParams	m = {1.204, 0.750, 0.657, 2.783};
	Rng			rng;
	int			customers = 200000;
	int			by_x[7] = {0};
	double		total = 0.0,
				squares = 0.0;
	int			bad = 0;

	rng_seed(&rng, 42);
	for (int i = 0; i < customers; i++)
	{
		int32_t		x,
					tx;

		bgbb_simulate_customer(&rng, &m, 6, &x, &tx);
		if (x < 0 || x > tx || tx > 6 || (x == 0) != (tx == 0))
			bad++;
		else
			by_x[x]++;
		total += x;
		squares += (double) x * x;
	}
	CHECK(bad == 0, "every simulated history is one the model takes");
	{
		double		mean = total / customers;
		double		se = sqrt((squares / customers - mean * mean) / customers);

		CHECK(fabs(mean - bgbb_expected_new(&m, 6, NULL)) < 4 * se,
			  "the simulated mean %.4f is within 4 standard errors of E[X(6)] = %.4f", mean,
			  bgbb_expected_new(&m, 6, NULL));
	}
	for (int x = 0; x <= 6; x++)
	{
		double		p = bgbb_pmf(&m, x, 6, NULL);

		if (fabs((double) by_x[x] / customers - p) > 4 * sqrt(p * (1 - p) / customers))
			bad++;
	}
	CHECK(bad == 0, "the simulated share with x = 0..6 is within 4 standard errors of P(X(6) = x)");
}

void
test_bgbb_core(void)
{
	test_histories_against_mpmath();
	test_predictions_against_mpmath();
	test_dert_by_summation();
	test_pieces();
	test_history_problems();
	test_published();
	test_gradient();
	test_clv_walk();
	test_simulation();
}
