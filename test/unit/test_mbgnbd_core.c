/*
 * test_mbgnbd_core.c
 *		The MBG/NBD model: predictions against the closed forms and integrals
 *		of reference/mbgnbd_reference.py (40 digits), the likelihood against
 *		its published form term by term, the fit's gradient against finite
 *		differences, BG/NBD recovered without the first drop-out chance, the
 *		pmf summing to 1 with E[X(t)] as its mean, CLV's generic path equal
 *		to the sum of E[Y] differences, and the simulator's first drop-out.
 */
#include "unit.h"

#include <string.h>

#include "bgnbd_fit_core.h"
#include "bgnbd_simulate_core.h"
#include "mbgnbd_core.h"
#include "reference/mbgnbd_reference.h"

#define N_OF(a) ((int) (sizeof(a) / sizeof((a)[0])))

static BgnbdParams
reference_params(int i)
{
	const double *p = mbgnbd_reference_models[i];

	return (BgnbdParams) {p[0], p[1], p[2], p[3]};
}

static double
predicted(const MbgnbdModel *mm, const MbgnbdReference *ref)
{
	switch (ref->what)
	{
		case MREF_P_ALIVE:
			return mbgnbd_p_alive(mm, ref->x, ref->tx, ref->T);
		case MREF_EXPECTED:
			return mbgnbd_expected_conditional(mm, ref->arg, ref->x, ref->tx, ref->T);
		case MREF_EXPECTED_NEW:
			return mbgnbd_expected_new(mm, ref->arg);
		case MREF_PMF:
			return mbgnbd_pmf(mm, (int) ref->x, ref->arg);
		default:
			return mbgnbd_dert(mm, ref->x, ref->tx, ref->T, ref->arg);
	}
}

static void
test_references(void)
{
	static const char *const what[] = {"P(alive)", "E[Y]", "E[X]", "pmf", "DERT"};
	int			bad = 0;
	double		worst = 0.0;

	for (int i = 0; i < N_OF(mbgnbd_references); i++)
	{
		const MbgnbdReference *ref = &mbgnbd_references[i];
		BgnbdParams m = reference_params(ref->model);
		MbgnbdModel mm;
		double		got;
		double		err;

		mbgnbd_model_init(&mm, &m, true);
		got = predicted(&mm, ref);
		err = fabs(got - ref->value) / fabs(ref->value);
		worst = fmax(worst, err);
		if (!(err <= 1e-9))
		{
			bad++;
			printf("# model %d %s (%g, %g, %g; %g): %.17g, reference %.17g\n", ref->model,
				   what[ref->what], ref->x, ref->tx, ref->T, ref->arg, got, ref->value);
		}
	}
	CHECK(bad == 0, "%d MBG/NBD predictions (P(alive), E[Y], E[X], pmf, DERT) within 1e-9 of the "
		  "closed forms and integrals (worst %.2g), %d not", N_OF(mbgnbd_references), worst, bad);
}

/* The published log-likelihood, term by term (lifetimes' and Batislam et al.'s form). */
static double
published_loglik(const BgnbdParams *m, double x, double tx, double T)
{
	double		a1 = lgamma(m->r + x) - lgamma(m->r) + m->r * log(m->alpha);
	double		a2 = lgamma(m->a + m->b) + lgamma(m->b + x + 1) - lgamma(m->b) -
		lgamma(m->a + m->b + x + 1);
	double		a3 = -(m->r + x) * log(m->alpha + T);
	double		a4 = log(m->a) - log(m->b + x) + (m->r + x) * (log(m->alpha + T) - log(m->alpha + tx));

	return a1 + a2 + a3 + log1p(exp(a4));
}

static void
test_loglik(void)
{
	static const double histories[][3] = {{0, 0, 38.86}, {2, 30.43, 38.86}, {26, 30.86, 31},
	{1, 1.71, 38.86}, {7, 39, 39}};
	double		worst = 0.0;

	for (int k = 0; k < N_OF(mbgnbd_reference_models); k++)
	{
		BgnbdParams m = reference_params(k);

		for (int i = 0; i < N_OF(histories); i++)
		{
			const double *h = histories[i];
			double		ref = published_loglik(&m, h[0], h[1], h[2]);

			worst = fmax(worst, fabs(mbgnbd_loglik(&m, h[0], h[1], h[2]) - ref) / fabs(ref));
		}
	}
	CHECK(worst <= 1e-12, "the MBG/NBD log-likelihood is the published one (worst %.2g relative)", worst);
}

static const HistogramEntry fit_histories[] = {
	{{0, 0, 38.86}, 1411}, {{1, 1.71, 38.86}, 120}, {{2, 30.43, 38.86}, 80},
	{{3, 12, 30}, 40}, {{7, 39, 39}, 10}, {{26, 30.86, 31}, 2}, {{0, 0, 20}, 300},
};

static void
test_gradient(void)
{
	HistogramEntry entries[N_OF(fit_histories)];
	double		u[4] = {-0.6, -1.8, -0.1, 0.5};
	double		grad[4];
	double		worst = 0.0;

	memcpy(entries, fit_histories, sizeof(entries));
	mbgnbd_fit_objective(entries, N_OF(entries), 0.0, u, grad);
	for (int k = 0; k < 4; k++)
	{
		double		h = 1e-6;
		double		up[4],
					down[4];
		double		fd;

		memcpy(up, u, sizeof(up));
		memcpy(down, u, sizeof(down));
		up[k] += h;
		down[k] -= h;
		fd = (mbgnbd_fit_objective(entries, N_OF(entries), 0.0, up, NULL) -
			  mbgnbd_fit_objective(entries, N_OF(entries), 0.0, down, NULL)) / (2 * h);
		worst = fmax(worst, fabs(fd - grad[k]) / fmax(1e-3, fabs(fd)));
	}
	CHECK(worst <= 1e-6, "the MBG/NBD objective's gradient is its finite differences (worst %.2g)",
		  worst);
}

/* Without the first drop-out chance the model is BG/NBD, to the bit. */
static void
test_bgnbd_recovered(void)
{
	BgnbdParams m = reference_params(0);
	MbgnbdModel mm;
	bool		same;

	mbgnbd_model_init(&mm, &m, false);
	same = mbgnbd_p_alive(&mm, 2, 30.43, 38.86) == bgnbd_p_alive(&m, 2, 30.43, 38.86) &&
		mbgnbd_p_alive(&mm, 0, 0, 38.86) == 1.0 &&
		mbgnbd_expected_conditional(&mm, 39, 2, 30.43, 38.86) ==
		bgnbd_expected_conditional(&m, 39, 2, 30.43, 38.86) &&
		mbgnbd_expected_new(&mm, 39) == bgnbd_expected_new(&m, 39) &&
		mbgnbd_pmf(&mm, 0, 39) == bgnbd_pmf(&m, 0, 39) &&
		mbgnbd_dert(&mm, 2, 30.43, 38.86, 0.05) == bgnbd_dert(&m, 2, 30.43, 38.86, 0.05);
	CHECK(same, "without the drop-out chance at t = 0 every prediction is BG/NBD's");
}

/* sum_n P(X(t) = n) = 1 and sum_n n P(X(t) = n) = E[X(t)]. */
static void
test_pmf_moments(void)
{
	for (int k = 0; k < N_OF(mbgnbd_reference_models); k++)
	{
		BgnbdParams m = reference_params(k);
		MbgnbdModel mm;
		double		total = 0.0,
					mean = 0.0;

		mbgnbd_model_init(&mm, &m, true);
		for (int n = 0; n < 4000; n++)
		{
			double		p = mbgnbd_pmf(&mm, n, 39.0);

			total += p;
			mean += n * p;
		}
		CHECK(fabs(total - 1.0) <= 1e-12 && fabs(mean - mbgnbd_expected_new(&mm, 39.0)) <= 1e-10 * mean,
			  "model %d: the pmf over 39 periods sums to 1 (%.15g), its mean is E[X(39)] (%.15g, %.15g)",
			  k, total, mean, mbgnbd_expected_new(&mm, 39.0));
	}
}

/* CLV's generic path: P(alive) sum_i (G(i L) - G((i - 1) L)) / (1 + d)^i = sum of E[Y] differences. */
static void
test_clv_generic(void)
{
	BgnbdParams m = reference_params(0);
	MbgnbdModel mm;
	PurchaseModel pm;
	double		direct = 0.0;
	double		generic;

	mbgnbd_model_init(&mm, &m, true);
	pm = mbgnbd_purchase_model(&mm);
	for (int i = 1; i <= 12; i++)
		direct += (mbgnbd_expected_conditional(&mm, i * 4.345, 2, 30.43, 38.86) -
				   mbgnbd_expected_conditional(&mm, (i - 1) * 4.345, 2, 30.43, 38.86)) / pow(1.01, i);
	generic = purchase_discounted_purchases(&pm, 2, 30.43, 38.86, 12, 4.345, 0.01, NULL);
	CHECK_CLOSE(generic, direct, 1e-12,
				"CLV's discounted purchases through the generic path (%.15g) are the E[Y] differences (%.15g)",
				generic, direct);
	CHECK_CLOSE(purchase_discounted_horizon_from_mean(&pm, 2, 38.86, 12, 4.345, 0.01, NULL),
				purchase_discounted_horizon(&pm, 2, 38.86, 12, 4.345, 0.01, NULL), 1e-12,
				"the walk over periods gives what G alone gives");
}

/*
 * The simulator: with p = 1 every MBG/NBD customer drops out at t = 0 (no
 * repeat purchase), a BG/NBD one after its first repeat purchase; the share
 * of customers without repeat purchases over a short age approaches
 * P(X(t) = 0).
 */
static void
test_simulator(void)
{
	BgnbdParams m = reference_params(0);
	MbgnbdModel mm;
	Rng			rng;
	int			customers = 200000;
	int			zero = 0;
	double		expected;
	double		se;

	rng_seed(&rng, 42);
	for (int i = 0; i < customers; i++)
	{
		BgnbdSimCustomer c;
		int			purchases = 0;

		mbgnbd_sim_start(&c, &rng, &m);
		while (bgnbd_sim_next(&c, &rng, 39.0))
			purchases++;
		zero += purchases == 1;
	}
	mbgnbd_model_init(&mm, &m, true);
	expected = mbgnbd_pmf(&mm, 0, 39.0);
	se = sqrt(expected * (1 - expected) / customers);
	CHECK(fabs((double) zero / customers - expected) <= 4 * se,
		  "simulated share without repeat purchases %.5f, P(X(39) = 0) %.5f (4 standard errors %.5f)",
		  (double) zero / customers, expected, 4 * se);
}

/*
 * DERT where r + 1 rounds to 1 and delta (alpha + T) underflows the
 * exponential integral's argument (found by fuzzing: NaN).  With a = 1,
 * b = 2 (the survivor of b = 1), x = 0, T = 0 and L = -ln(delta alpha), it
 * is about c (L^2 - 2 gamma L) (the integral over p of 2 (1 - p) (c / p)
 * e^k E_1(k), k = delta alpha / p, cut at k = 1): within 1%.
 */
static void
test_dert_tiny_rates(void)
{
	BgnbdParams m = {0x1p-1022, 0x1p-1022, 1.0, 1.0};
	MbgnbdModel mm;
	double		L = -log(0x1p-1022);
	double		approx = 0x1p-1022 * (L * L - 2 * 0.5772156649015329 * L);
	double		dert;

	mbgnbd_model_init(&mm, &m, true);
	dert = mbgnbd_dert(&mm, 0, 0, 0, 1.0) / mbgnbd_p_alive(&mm, 0, 0, 0);
	CHECK(isfinite(dert) && fabs(dert / approx - 1) < 0.01,
		  "DERT with r = alpha = 2^-1022: %g, about c (L^2 - 2 gamma L) = %g", dert, approx);
}

void
test_mbgnbd_core(void)
{
	test_references();
	test_loglik();
	test_gradient();
	test_bgnbd_recovered();
	test_pmf_moments();
	test_clv_generic();
	test_simulator();
	test_dert_tiny_rates();
}
