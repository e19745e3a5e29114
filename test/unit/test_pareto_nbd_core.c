/*
 * test_pareto_nbd_core.c
 *		The Pareto/NBD core: the fit on CDNOW and the predictions against the
 *		issue's published values (BTYD's walkthrough); P(alive), the
 *		likelihood, E[Y], DERT and the pmf against mpmath integrals of the
 *		definitions (reference/pareto_nbd_reference.py); e^k E_s(k) against
 *		mpmath's expint; the pmf summing to 1 with mean E[X(t)]; CLV's
 *		generic path; the simulator against P(X(t) = 0).  The likelihood's
 *		integral by its series and by quadrature against mpmath where either
 *		is hard (alpha and beta far apart, short intervals, large x), and
 *		every prediction finite where other implementations fail.
 */
#include "unit.h"

#include <stdio.h>
#include <string.h>

#include "pareto_nbd_core.h"
#include "pareto_nbd_simulate_core.h"
#include "reference/pareto_nbd_reference.h"

#define N_OF(a) ((int) (sizeof(a) / sizeof((a)[0])))

static HistogramEntry cdnow[2400];

static int
load(void)
{
	FILE	   *f = fopen("data/cdnow/cdnow_customers_summary_with_transactions.csv", "r");
	char		line[256];
	int			n = 0;

	if (f == NULL || fgets(line, sizeof(line), f) == NULL)
		return 0;
	while (fgets(line, sizeof(line), f) != NULL && n < 2400)
	{
		double		x,
					tx,
					T,
					z;

		if (sscanf(line, "%*d,%lf,%lf,%lf,%lf", &x, &tx, &T, &z) == 4)
			cdnow[n++] = (HistogramEntry) {{x, tx, T}, 1};
	}
	fclose(f);
	return n;
}

static double
reference_value(const ParetoNbdParams *m, const ParetoReference *ref)
{
	switch (ref->what)
	{
		case PREF_P_ALIVE:
			return pareto_nbd_p_alive(m, ref->x, ref->tx, ref->T);
		case PREF_EXPECTED:
			return pareto_nbd_expected_conditional(m, ref->arg, ref->x, ref->tx, ref->T);
		case PREF_DERT:
			return pareto_nbd_dert(m, ref->x, ref->tx, ref->T, ref->arg);
		default:
			return pareto_nbd_pmf(m, (int) ref->x, ref->arg);
	}
}

static void
test_references(void)
{
	static const char *const what[] = {"P(alive)", "E[Y]", "DERT", "pmf"};
	int			bad = 0;
	double		worst = 0.0;

	for (int i = 0; i < N_OF(pareto_references); i++)
	{
		const ParetoReference *ref = &pareto_references[i];
		const double *p = pareto_reference_models[ref->model];
		ParetoNbdParams m = {p[0], p[1], p[2], p[3]};
		double		got = reference_value(&m, ref);
		double		err = fabs(got - ref->value) / fmax(fabs(ref->value), 1e-300);

		worst = fmax(worst, err);
		if (!(err <= 1e-9))
		{
			bad++;
			printf("# model %d %s (%g, %g, %g; %g): %.17g, reference %.17g\n", ref->model,
				   what[ref->what], ref->x, ref->tx, ref->T, ref->arg, got, ref->value);
		}
	}
	CHECK(bad == 0, "%d Pareto/NBD predictions (P(alive), E[Y], DERT, pmf) within 1e-9 of mpmath "
		  "integrals of their definitions (worst %.2g), %d not", N_OF(pareto_references), worst, bad);
}

/* e^k E_s(k) by mpmath's expint (30 digits), s below and above 1, k across the method switch */
static void
test_scaled_expint(void)
{
	static const double ref[][3] = {
		{0.1, 1e-8, 16.644988853687819}, {0.606214, 0.135, 1.0565247659992609},
		{0.606214, 0.5, 0.19093490062488877}, {0.9995, 0.1, 0.70104862744791452},
		{1.0, 1e-8, 2.8816373497404153}, {0.3, 1e4, -9.2103703685269715},
		{2.5, 0.01, -0.42243035019395691},
	};
	double		worst = 0.0;

	for (int i = 0; i < N_OF(ref); i++)
		worst = fmax(worst, fabs(pareto_nbd_log_scaled_expint(ref[i][0], ref[i][1]) - ref[i][2]) /
					 fmax(1.0, fabs(ref[i][2])));
	CHECK(worst <= 1e-12, "ln e^k E_s(k) (our U(1, 2 - s, k)) within 1e-12 of mpmath (worst %.2g)", worst);
}

/*
 * ln int_{t_x}^{T} (alpha + u)^-(r + x) (beta + u)^-(s + 1) du by mpmath
 * (40 digits, geometric pieces towards t_x): the cases where the 2F1
 * series would need millions of terms (alpha, beta apart by 1e9 and more,
 * t_x = 0), or the difference F(t_x) - F(T) would cancel (T - t_x small),
 * or x is large.
 */
static void
test_integral(void)
{
	static const double ref[][8] = {
		{0.553275, 10.5776, 0.606214, 11.6679, 26, 30.86, 31, -106.92615090431944716},
		{0.553275, 10.5776, 0.606214, 11.6679, 0, 0, 1e-06, -19.066754911800072818},
		{0.553275, 10.5776, 0.606214, 11.6679, 1000, 3, 52, -2618.4786709229398446},
		{0.5, 1e-08, 0.6, 40, 0, 0, 38.86, -3.737985394715102446},
		{0.5, 40, 0.6, 1e-08, 0, 0, 38.86, 9.7187914824748349267},
		{0.5, 40, 0.6, 1e-08, 400, 30, 31, -1708.7185382614320978},
		{0.01, 1e-15, 0.01, 1000.0, 1, 1e-09, 52, -3.6865162757993644643},
		{50, 1000.0, 0.05, 1e-12, 200, 20, 39, -1733.8015757843920337},
		{1e-06, 1000000.0, 1e-06, 1e-06, 2, 30.43, 38.86, -29.039498222462776695},
		{3, 1e-20, 0.1, 5, 0, 0, 38.86, 89.63987483552437174},
		{0.2, 0.001, 0.3, 0.0011, 5, 51.999, 52, -32.590904448685637815},
	};
	double		worst_used = 0.0,
				worst_quadrature = 0.0;

	for (int i = 0; i < N_OF(ref); i++)
	{
		const double *c = ref[i];
		ParetoNbdParams m = {c[0], c[1], c[2], c[3]};
		double		used = pareto_nbd_log_integral(&m, c[4], c[5], c[6], false);
		double		quadrature = pareto_nbd_log_integral(&m, c[4], c[5], c[6], true);

		worst_used = fmax(worst_used, fabs(used - c[7]) / fmax(1.0, fabs(c[7])));
		worst_quadrature = fmax(worst_quadrature, fabs(quadrature - c[7]) / fmax(1.0, fabs(c[7])));
	}
	CHECK(worst_used <= 1e-13 && worst_quadrature <= 1e-13,
		  "the likelihood's integral within 1e-13 of mpmath at %d hard points, as the likelihood "
		  "takes it (worst %.2g) and by quadrature alone (worst %.2g)", N_OF(ref), worst_used,
		  worst_quadrature);
}

/*
 * Where other implementations fail: P(alive) NaN for x of 160 to 250
 * (CLVTools #100), the likelihood overflowing beyond x = 300 (lifetimes
 * #25), DERT infinite for a large beta (CLVTools #171, #132).
 */
static void
test_extremes(void)
{
	static const ParetoNbdParams cd = {0.553275, 10.5776, 0.606214, 11.6679};
	static const double betas[] = {11.6679, 1e4, 1e8, 1e12, 1e100, 1e300};
	bool		ok = true;
	double		limit = (0.553275 + 2) / (10.5776 + 38.86) / 0.0027;
	double		last = 0.0;

	for (int x = 150; x <= 2000; x += 10)
	{
		double		pa = pareto_nbd_p_alive(&cd, x, 30.0, 39.0);
		double		ll = pareto_nbd_loglik(&cd, x, 30.0, 39.0);
		double		ey = pareto_nbd_expected_conditional(&cd, 52, x, 30.0, 39.0);

		ok = ok && pa >= 0.0 && pa <= 1.0 && isfinite(ll) && isfinite(ey) && ey >= 0.0;
	}
	CHECK(ok, "x from 150 to 2000: P(alive) in [0, 1], LL and E[Y(52)] finite");
	ok = true;
	for (int i = 0; i < N_OF(betas); i++)
		for (double s = 0.1; s < 1e6; s *= 10)
		{
			ParetoNbdParams m = {0.553275, 10.5776, s, betas[i]};
			double		d = pareto_nbd_dert(&m, 2, 30.43, 38.86, 0.0027);

			ok = ok && isfinite(d) && d >= 0.0 && d <= limit * (1 + 1e-12);
			last = d;
		}
	CHECK(ok && fabs(last / limit - 1) < 1e-12,
		  "DERT finite and below the no-drop-out limit for beta up to 1e300 and s up to 1e5, "
		  "reaching it (%.15g, %.15g)", last, limit);
	{
		/* what the fuzzer found: delta (beta + T) overflowing, or underflowing to 0 */
		static const ParetoNbdParams huge_k = {1, 1e-4, 1, 1e6};
		static const ParetoNbdParams tiny_k = {1e-300, 1.5, 1e-6, 2e-308};
		static const ParetoNbdParams tiny_beta = {0x1p-1022, 1, 1, 0x1p-1022};
		double		d_huge = pareto_nbd_dert(&huge_k, 0, 0, 0, 1e304);
		double		d_tiny = pareto_nbd_dert(&tiny_k, 0, 0, 0, 2e-308);
		double		e_long = pareto_nbd_expected_new(&tiny_beta, 5e26);

		/* 1e4 / 1e304 = 1e-300; mpmath (50 digits) 33286152.458517733 */
		CHECK(fabs(d_huge / 1e-300 - 1) < 1e-12 && fabs(d_tiny / 33286152.458517733 - 1) < 1e-12 &&
			  isfinite(e_long) && e_long >= 0,
			  "DERT with delta (beta + T) beyond the double range (%.17g) and below it (%.17g), "
			  "E[X(5e26)] with a denormal beta (%g)", d_huge, d_tiny, e_long);
	}
}

static void
test_pmf_and_clv(void)
{
	static const ParetoNbdParams m = {0.553275, 10.5776, 0.606214, 11.6679};
	double		total = 0.0,
				mean = 0.0,
				direct = 0.0,
				generic;
	PurchaseModel pm = pareto_nbd_purchase_model(&m);

	for (int n = 0; n < 3000; n++)
	{
		double		p = pareto_nbd_pmf(&m, n, 39.0);

		total += p;
		mean += n * p;
	}
	CHECK(fabs(total - 1) < 1e-11 && fabs(mean / pareto_nbd_expected_new(&m, 39.0) - 1) < 1e-10,
		  "the pmf over 39 weeks sums to 1 (%.15g), its mean is E[X(39)] (%.15g, %.15g)", total, mean,
		  pareto_nbd_expected_new(&m, 39.0));
	for (int i = 1; i <= 12; i++)
		direct += (pareto_nbd_expected_conditional(&m, i * 4.345, 2, 30.43, 38.86) -
				   pareto_nbd_expected_conditional(&m, (i - 1) * 4.345, 2, 30.43, 38.86)) / pow(1.01, i);
	generic = purchase_discounted_purchases(&pm, 2, 30.43, 38.86, 12, 4.345, 0.01, NULL);
	CHECK(fabs(generic / direct - 1) < 1e-12,
		  "CLV's generic path (%.15g) is the discounted differences of E[Y] (%.15g)", generic, direct);
}

static void
test_simulator(void)
{
	static const ParetoNbdParams m = {0.553275, 10.5776, 0.606214, 11.6679};
	Rng			rng;
	int			customers = 200000;
	int			zero = 0;
	double		expected = pareto_nbd_pmf(&m, 0, 39.0);
	double		se = sqrt(expected * (1 - expected) / customers);

	rng_seed(&rng, 42);
	for (int i = 0; i < customers; i++)
	{
		ParetoSimCustomer c;
		int			purchases = 0;

		pareto_nbd_sim_start(&c, &rng, &m);
		while (pareto_nbd_sim_next(&c, &rng, 39.0))
			purchases++;
		zero += purchases == 1;
	}
	CHECK(fabs((double) zero / customers - expected) <= 4 * se,
		  "simulated share without repeat purchases %.5f, P(X(39) = 0) %.5f (4 standard errors %.5f)",
		  (double) zero / customers, expected, 4 * se);
}

void
test_pareto_nbd_core(void)
{
	test_references();
	test_integral();
	test_extremes();
	test_scaled_expint();
	test_pmf_and_clv();
	test_simulator();
	static const ParetoNbdParams at_max = {0.553275, 10.5776, 0.606214, 11.6679};
	static const ParetoNbdParams btyd = {0.5534, 10.5802, 0.6061, 11.6562};
	/* (x, t_x, T, P(alive), LL) by mpmath */
	static const double ref[][5] = {
		{26, 30.86, 31, 0.99791794127897118, -39.130761276116113},
		{200, 20, 39, 2.0880058807641461e-40, 169.30458580278244},
		{400, 30, 31, 0.037519763549476277, 508.06439133216523},
		{2, 30.43, 38.86, 0.86911860073472772, -9.5543345809718057},
		{0, 0, 38.86, 0.29509680103657836, -0.52120138209215026},
	};
	int			n = load();
	ParetoNbdParams m;
	FitOutcome	out;

	CHECK(n == 2357, "CDNOW: %d customers", n);
	pareto_nbd_fit(cdnow, n, NULL, &m, &out);
	CHECK(out.converged && fabs(m.r - 0.553) < 5e-4 && fabs(m.alpha - 10.58) < 5e-3 &&
		  fabs(m.s - 0.606) < 5e-4 && fabs(m.beta - 11.67) < 0.05 && fabs(out.loglik + 9594.98) < 0.1,
		  "Pareto/NBD on CDNOW: r %.6f alpha %.4f s %.6f beta %.4f, LL %.3f (0.553, 10.58, 0.606, 11.67, -9594.98)",
		  m.r, m.alpha, m.s, m.beta, out.loglik);
	CHECK(fabs(pareto_nbd_expected_new(&at_max, 52) / 1.4734 - 1) < 5e-4 &&
		  fabs(pareto_nbd_p_alive(&at_max, 26, 30.86, 31) / 0.99792 - 1) < 5e-4 &&
		  fabs(pareto_nbd_expected_conditional(&at_max, 52, 26, 30.86, 31) / 25.4565 - 1) < 5e-4,
		  "at the maximum: E[X(52)] %.6f (1.4734), P(alive) %.6f (0.99792), E[Y(52)] %.6f (25.4565)",
		  pareto_nbd_expected_new(&at_max, 52), pareto_nbd_p_alive(&at_max, 26, 30.86, 31),
		  pareto_nbd_expected_conditional(&at_max, 52, 26, 30.86, 31));
	CHECK(fabs(pareto_nbd_expected_new(&btyd, 52) / 1.4731 - 1) < 5e-4 &&
		  fabs(pareto_nbd_p_alive(&btyd, 26, 30.86, 31) / 0.99792 - 1) < 5e-4 &&
		  fabs(pareto_nbd_expected_conditional(&btyd, 52, 26, 30.86, 31) / 25.4549 - 1) < 5e-4,
		  "BTYD's parameters: E[X(52)] %.6f (1.4731), P(alive) %.6f (0.99792), E[Y(52)] %.6f (25.4549)",
		  pareto_nbd_expected_new(&btyd, 52), pareto_nbd_p_alive(&btyd, 26, 30.86, 31),
		  pareto_nbd_expected_conditional(&btyd, 52, 26, 30.86, 31));
	for (int i = 0; i < 5; i++)
	{
		const double *h = ref[i];
		double		pa = pareto_nbd_p_alive(&at_max, h[0], h[1], h[2]);
		double		ll = pareto_nbd_loglik(&at_max, h[0], h[1], h[2]);

		CHECK(fabs(pa / h[3] - 1) < 1e-9 && fabs(ll - h[4]) < 1e-9 * fabs(h[4]) + 1e-11,
			  "(%g, %g, %g): P(alive) %.17g (%.17g), LL %.17g (%.17g)", h[0], h[1], h[2], pa, h[3], ll, h[4]);
	}
}
