/*
 * test_sbg_core.c
 *		The shifted-beta-geometric model (sbg_core.c): S(t) and DERL against
 *		mpmath's closed forms (reference/sbg_reference.py), DERL against the
 *		direct sum of its discounted survival ratios, the likelihood's
 *		pieces against each other, its gradient against finite differences,
 *		the fit against Fader & Hardie's (2007) published cohorts, and the
 *		simulator against S(t).
 */
#include <string.h>

#include "unit.h"

#include "sbg_core.h"

#include "reference/sbg_reference.h"

#define CASES(a) (sizeof(a) / sizeof((a)[0]))

static bool
close_relative(double value, double reference, double rel)
{
	return fabs(value - reference) <= rel * fabs(reference);
}

static void
test_against_mpmath(void)
{
	int			bad = 0;

	for (size_t i = 0; i < CASES(survival_cases); i++)
	{
		const double *c = survival_cases[i];
		SbgParams	m = {c[0], c[1]};
		double		s = sbg_survival(&m, c[2]);

		if (!close_relative(s, c[3], 1e-12))
		{
			bad++;
			printf("# S(%g | %g, %g) = %.17g, mpmath %.17g\n", c[2], c[0], c[1], s, c[3]);
		}
	}
	CHECK(bad == 0, "S(t) within 1e-12 of mpmath's B(alpha, beta + t) / B(alpha, beta) in %zu cases",
		  CASES(survival_cases));
	bad = 0;
	for (size_t i = 0; i < CASES(derl_cases); i++)
	{
		const double *c = derl_cases[i];
		SbgParams	m = {c[0], c[1]};
		double		derl = sbg_derl(&m, c[2], c[3], NULL);

		if (!close_relative(derl, c[4], 1e-10))
		{
			bad++;
			printf("# DERL(%g, %g | %g, %g) = %.17g, mpmath %.17g\n", c[2], c[3], c[0], c[1],
				   derl, c[4]);
		}
	}
	CHECK(bad == 0, "DERL within 1e-10 of mpmath's 2F1 closed form in %zu cases",
		  CASES(derl_cases));
}

/* DERL as the plain sum of S(n + 1 + k) / S(n) / (1 + d)^k, each S from its own log-gammas. */
static double
derl_by_summation(const SbgParams *m, double n, double d)
{
	double		log_sn = sbg_log_survival(m, n);
	double		sum = 0.0;

	for (double k = 0;; k++)
	{
		double		term = exp(sbg_log_survival(m, n + 1 + k) - log_sn - k * log1p(d));

		sum += term;
		if (term < 1e-18 * sum)
			return sum;
	}
}

static void
test_derl_closed_form(void)
{
	static const double alphas[] = {0.3, 0.668, 2.0, 15.0};
	static const double betas[] = {0.5, 3.806, 40.0};
	static const double renewals[] = {0, 1, 7, 60};
	static const double rates[] = {0.01, 0.1, 0.5};
	int			bad = 0,
				cases = 0;

	for (size_t a = 0; a < CASES(alphas); a++)
		for (size_t b = 0; b < CASES(betas); b++)
			for (size_t n = 0; n < CASES(renewals); n++)
				for (size_t d = 0; d < CASES(rates); d++)
				{
					SbgParams	m = {alphas[a], betas[b]};
					double		closed = sbg_derl(&m, renewals[n], rates[d], NULL);
					double		summed = derl_by_summation(&m, renewals[n], rates[d]);

					cases++;
					if (!close_relative(closed, summed, 1e-9))
					{
						bad++;
						printf("# DERL(%g, %g | %g, %g): closed %.17g, summed %.17g\n",
							   renewals[n], rates[d], alphas[a], betas[b], closed, summed);
					}
				}
	CHECK(bad == 0, "DERL's closed form equals the direct sum of discounted survival ratios to 1e-9 over %d grid points",
		  cases);
}

static void
test_pieces(void)
{
	SbgParams	m = {0.668, 3.806};
	double		total = 0.0;
	int			bad = 0;

	for (int t = 1; t <= 200; t++)
	{
		double		p = exp(sbg_log_churn_probability(&m, t));
		double		drop = sbg_survival(&m, t - 1) - sbg_survival(&m, t);
		double		ratio = sbg_survival(&m, t) / sbg_survival(&m, t - 1);

		total += p;
		if (fabs(p - drop) > 1e-15 || !close_relative(sbg_retention(&m, t), ratio, 1e-12))
			bad++;
	}
	CHECK(bad == 0, "P(T = t) = S(t - 1) - S(t) and r(t) = S(t) / S(t - 1) for t = 1..200");
	CHECK(close_relative(total + sbg_survival(&m, 200), 1.0, 1e-12),
		  "the churn probabilities to 200 and S(200) add up to 1");
	CHECK(sbg_loglik(&m, 3, true) == sbg_log_churn_probability(&m, 3) &&
		  sbg_loglik(&m, 3, false) == sbg_log_survival(&m, 3) && sbg_loglik(&m, 0, false) == 0,
		  "a history's log-likelihood is ln P(T = t) when churned, ln S(t) when active");
	CHECK(close_relative(sbg_retention(&m, 1), 3.806 / (0.668 + 3.806), 1e-15) &&
		  sbg_retention(&(SbgParams) {1.0, 1e308}, 2e9) == 1.0 &&
		  sbg_retention(&(SbgParams) {1e308, 1e-300}, 1) == 0.0,
		  "r(t) = (beta + t - 1) / (alpha + beta + t - 1), also at the ends of the doubles");
	CHECK(sbg_survival(&(SbgParams) {1e-300, 1e300}, SBG_MAX_PERIOD) <= 1 &&
		  sbg_survival(&(SbgParams) {1e300, 1e-300}, SBG_MAX_PERIOD) == 0 &&
		  isfinite(sbg_derl(&(SbgParams) {1e300, 1e300}, SBG_MAX_PERIOD, 1e300, NULL)) &&
		  isfinite(sbg_derl(&(SbgParams) {1e-300, 1e300}, 0, SBG_MIN_DISCOUNT_RATE, NULL)),
		  "no NaN or infinity at the extremes");
}

static void
test_history_problems(void)
{
	CHECK(sbg_history_problem(1, 1) == NULL && sbg_history_problem(0, 0) == NULL &&
		  sbg_history_problem(SBG_MAX_PERIOD, 1) == NULL,
		  "(1, churned), (0, active) and (2^31 - 1, churned) are histories");
	CHECK(sbg_history_problem(0, 1) != NULL && sbg_history_problem(-1, 0) != NULL &&
		  sbg_history_problem(1.5, 0) != NULL && sbg_history_problem(NAN, 0) != NULL &&
		  sbg_history_problem(1, 2) != NULL && sbg_history_problem(1, NAN) != NULL &&
		  sbg_history_problem(SBG_MAX_PERIOD + 1, 0) != NULL,
		  "churned at 0, negative, fractional, NaN or too large t, churned not 0 or 1: refused");
}

/*
 * Fader & Hardie (2007), tables 1 and 2: customers of a cohort of 1,000
 * active at the start of years 1..8 (survival in % times 10).
 */
static size_t
cohort_histories(const int *active, HistogramEntry *entries)
{
	size_t		n = 0;

	for (int t = 1; t <= 7; t++)
		entries[n++] = (HistogramEntry) {{t, 1, 0}, active[t - 1] - active[t]};
	entries[n++] = (HistogramEntry) {{7, 0, 0}, active[7]};
	return n;
}

static void
check_cohort_fit(const char *name, const int *active, double alpha, double beta)
{
	HistogramEntry entries[8];
	size_t		n = cohort_histories(active, entries);
	SbgParams	m;
	FitOutcome	outcome;

	sbg_fit(entries, n, NULL, &m, &outcome);
	CHECK(outcome.converged && outcome.has_covariance &&
		  fabs(m.alpha - alpha) < 5e-4 && fabs(m.beta - beta) < 5e-4,
		  "%s cohort: alpha = %.4f, beta = %.4f (published %.3f, %.3f), converged", name,
		  m.alpha, m.beta, alpha, beta);
	CHECK(close_relative(outcome.loglik, -sbg_fit_objective(entries, n, (const double[2])
																{log(m.alpha), log(m.beta)},
																NULL) * 1000, 1e-12),
		  "%s cohort: the reported LL %.4f is the objective's", name, outcome.loglik);
}

static void
test_fit(void)
{
	static const int regular[8] = {1000, 631, 468, 382, 326, 289, 262, 241};
	static const int high_end[8] = {1000, 869, 743, 653, 593, 551, 517, 491};
	static const double published[5] = {46.0, 43.6, 41.4, 39.5, 37.8};
	HistogramEntry entries[8];
	size_t		n = cohort_histories(high_end, entries);
	SbgParams	m;
	FitOutcome	outcome;
	int			bad = 0;

	check_cohort_fit("regular", regular, 0.704, 1.182);
	check_cohort_fit("high end", high_end, 0.668, 3.806);
	sbg_fit(entries, n, NULL, &m, &outcome);
	for (int t = 8; t <= 12; t++)
		if (fabs(100 * sbg_survival(&m, t) - published[t - 8]) > 0.05)
			bad++;
	CHECK(bad == 0, "high end: projected S(8..12) within 0.05 points of 46.0, 43.6, 41.4, 39.5, 37.8");
	CHECK(fabs(sbg_derl(&m, 7, 0.1, NULL) - 7.530) < 5e-4,
		  "high end: DERL at d = 10%% after 7 renewals = %.4f (published 7.530)",
		  sbg_derl(&m, 7, 0.1, NULL));
}

static void
test_gradient(void)
{
	static const HistogramEntry entries[] = {
		{{1, 1, 0}, 131}, {{2, 1, 0}, 126}, {{5, 1, 0}, 42}, {{7, 0, 0}, 491}, {{0, 0, 0}, 9},
	};
	double		u[2] = {log(0.668), log(3.806)};
	double		grad[2];
	int			bad = 0;

	sbg_fit_objective(entries, CASES(entries), u, grad);
	for (int k = 0; k < 2; k++)
	{
		double		h = 1e-6;
		double		up[2] = {u[0], u[1]};
		double		down[2] = {u[0], u[1]};
		double		numeric;

		up[k] += h;
		down[k] -= h;
		numeric = (sbg_fit_objective(entries, CASES(entries), up, NULL) -
				   sbg_fit_objective(entries, CASES(entries), down, NULL)) / (2 * h);
		if (fabs(numeric - grad[k]) > 1e-7 * fmax(1.0, fabs(numeric)))
			bad++;
	}
	CHECK(bad == 0, "the objective's gradient by ln alpha, ln beta equals central differences");
}

static void
test_simulation(void)
{
	SbgParams	m = {0.704, 1.182};
	Rng			rng;
	int			customers = 200000;
	int			churned_by[13] = {0};
	int			active = 0;
	int			bad = 0;

	rng_seed(&rng, 7);
	for (int i = 0; i < customers; i++)
	{
		int32_t		t;
		bool		churned;

		sbg_simulate_customer(&rng, &m, 12, &t, &churned);
		if (churned && t >= 1 && t <= 12)
			churned_by[t]++;
		else if (!churned && t == 12)
			active++;
		else
			bad++;
	}
	CHECK(bad == 0, "every simulated customer is (1..12, churned) or (12, active)");
	for (int t = 1, still = customers; t <= 12; t++)
	{
		double		s = sbg_survival(&m, t);
		double		se = sqrt(s * (1 - s) / customers);

		still -= churned_by[t];
		if (fabs((double) still / customers - s) > 4 * se)
			bad++;
	}
	CHECK(bad == 0,
		  "the simulated share still active after t = 1..12 renewals is within 4 standard errors of S(t)");
}

void
test_sbg_core(void)
{
	test_against_mpmath();
	test_derl_closed_form();
	test_pieces();
	test_history_problems();
	test_fit();
	test_gradient();
	test_simulation();
}
