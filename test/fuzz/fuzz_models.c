/*
 * fuzz_models.c
 *		The special functions, the BG/NBD, MBG/NBD, Pareto/NBD and Gamma-Gamma
 *		per-customer functions, the sBG model's and the BG/BB model's (with the
 *		Pareto/NBD and BG/BB fits over a few histories) on decoded arguments (denormals, huge values,
 *		whole numbers at the extremes).  For every input the headers call valid: no NaN,
 *		results in their documented range (probabilities in [0, 1],
 *		expectations >= 0), agreement with plain lgamma where that is exact
 *		enough; never a crash or undefined behaviour.
 */
#include "fuzz_core.h"

#include "beta_core.h"
#include "bgbb_core.h"
#include "bgnbd_core.h"
#include "gamma_gamma_core.h"
#include "lgamma_diff_core.h"
#include "mbgnbd_core.h"
#include "numerics_core.h"
#include "pareto_nbd_core.h"
#include "sbg_core.h"
#include "special_core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static bool
moderate(double v)
{
	return v >= 1e-3 && v <= 1e3;
}

static void
fuzz_special(FuzzInput *in)
{
	double		a = fuzz_double(in);
	double		b = fuzz_double(in);
	double		r;

	/* digamma: defined for x > 0, NaN otherwise */
	r = digamma(a);
	if (isfinite(a) && a > 0)
		FUZZ_CHECK(!isnan(r), "digamma(%a) = %g", a, r);
	else if (a <= 0 || isnan(a))
		FUZZ_CHECK(isnan(r), "digamma(%a) = %g, not NaN", a, r);

	if (isfinite(a) && a > 0 && isfinite(b) && b > 0)
	{
		r = log_beta(a, b);
		FUZZ_CHECK(!isnan(r), "log_beta(%a, %a) = %g", a, b, r);
		r = log_beta_precise(a, b);
		FUZZ_CHECK(!isnan(r), "log_beta_precise(%a, %a) = %g", a, b, r);
		if (moderate(a) && moderate(b))
			FUZZ_CHECK(fabs(r - log_beta(a, b)) <= 1e-9 * (1 + fabs(r)),
					   "log_beta_precise(%a, %a) = %.17g, log_beta %.17g", a, b, r, log_beta(a, b));
	}
	if ((isfinite(a) || a == -INFINITY) && (isfinite(b) || b == -INFINITY))
	{
		r = log_add_exp(a, b);
		FUZZ_CHECK(!isnan(r) && r >= fmax(a, b), "log_add_exp(%a, %a) = %g", a, b, r);
	}
	if (isfinite(a) && a > 0 && isfinite(b) && b >= 0)
	{
		double		ref = lgamma(a + b) - lgamma(a);

		r = lgamma_diff(a, b);
		FUZZ_CHECK(!isnan(r), "lgamma_diff(%a, %a) = %g", a, b, r);
		if (b == 0)
			FUZZ_CHECK(r == 0, "lgamma_diff(%a, 0) = %g", a, r);
		if (moderate(a) && moderate(b))
			FUZZ_CHECK(fabs(r - ref) <= 1e-9 * (1 + fabs(ref)),
					   "lgamma_diff(%a, %a) = %.17g, lgamma gives %.17g", a, b, r, ref);
		r = digamma_diff(a, b);
		FUZZ_CHECK(!isnan(r) && r >= 0, "digamma_diff(%a, %a) = %g", a, b, r);
	}
}

static void
fuzz_incomplete_beta(FuzzInput *in)
{
	double		p = fuzz_positive(in);
	double		q = fuzz_positive(in);
	double		x = fmod(fuzz_nonnegative(in), 1.0);
	double		y;
	double		r;

	if (x <= 0)
		return;
	y = 1 - x;
	r = log_incomplete_beta(p, q, x, y, log(x), log1p(-x));
	FUZZ_CHECK(!isnan(r) && r <= 1e-12, "ln I_%a(%a, %a) = %g", x, p, q, r);
	r = log_beta_kernel(p, q, x, y, log(x), log1p(-x));
	FUZZ_CHECK(!isnan(r), "log_beta_kernel(%a, %a, %a) = %g", p, q, x, r);
}

/* A history bgnbd_history_problem accepts. */
static void
fuzz_history(FuzzInput *in, double *x, double *tx, double *T)
{
	*x = floor(fuzz_nonnegative(in));
	*T = fuzz_nonnegative(in);
	*tx = *x == 0 ? 0 : fmin(fuzz_nonnegative(in), *T);
}

static void
fuzz_bgnbd(FuzzInput *in)
{
	BgnbdParams m = {fuzz_positive(in), fuzz_positive(in), fuzz_positive(in), fuzz_positive(in)};
	double		x;
	double		tx;
	double		T;
	double		t = fuzz_nonnegative(in);
	int			n = (int) (fuzz_bits(in, 4) & 0x7fffffff);
	double		r;

	if (fuzz_bits(in, 1) & 1)
		n %= 100;
	fuzz_history(in, &x, &tx, &T);
	FUZZ_CHECK(bgnbd_params_valid(&m), "params");

	r = bgnbd_p_alive(&m, x, tx, T);
	FUZZ_CHECK(r >= 0 && r <= 1, "p_alive(r=%a alpha=%a a=%a b=%a; x=%a tx=%a T=%a) = %g",
			   m.r, m.alpha, m.a, m.b, x, tx, T, r);
	r = bgnbd_expected_new(&m, t);
	FUZZ_CHECK(r >= 0, "expected_new(r=%a alpha=%a a=%a b=%a; t=%a) = %g",
			   m.r, m.alpha, m.a, m.b, t, r);
	r = bgnbd_expected_conditional(&m, t, x, tx, T);
	FUZZ_CHECK(r >= 0, "expected_conditional(r=%a alpha=%a a=%a b=%a; t=%a x=%a tx=%a T=%a) = %g",
			   m.r, m.alpha, m.a, m.b, t, x, tx, T, r);
	r = bgnbd_pmf(&m, n, t);
	FUZZ_CHECK(r >= 0 && r <= 1, "pmf(r=%a alpha=%a a=%a b=%a; n=%d t=%a) = %g",
			   m.r, m.alpha, m.a, m.b, n, t, r);
	{
		int			periods = 1 + (int) (fuzz_bits(in, 1) % 4);
		double		length = fuzz_positive(in);
		double		discount = fmod(fuzz_nonnegative(in), 2.0) - 0.999;

		r = bgnbd_discounted_purchases(&m, x, tx, T, periods, length, discount, NULL);
		FUZZ_CHECK(r >= 0, "discounted(r=%a alpha=%a a=%a b=%a; x=%a tx=%a T=%a; %d x %a at %a) = %g",
				   m.r, m.alpha, m.a, m.b, x, tx, T, periods, length, discount, r);
	}
}

/* MBG/NBD: the same ranges, P(alive) below BG/NBD's, DERT >= 0 and finite. */
static void
fuzz_mbgnbd(FuzzInput *in)
{
	BgnbdParams m = {fuzz_positive(in), fuzz_positive(in), fuzz_positive(in), fuzz_positive(in)};
	MbgnbdModel mm;
	double		x;
	double		tx;
	double		T;
	double		t = fuzz_nonnegative(in);
	double		delta = fuzz_positive(in);
	int			n = (int) (fuzz_bits(in, 1) % 100);
	double		r;

	fuzz_history(in, &x, &tx, &T);
	mbgnbd_model_init(&mm, &m, true);
	r = mbgnbd_p_alive(&mm, x, tx, T);
	FUZZ_CHECK(r >= 0 && r <= 1, "mbgnbd p_alive(r=%a alpha=%a a=%a b=%a; x=%a tx=%a T=%a) = %g",
			   m.r, m.alpha, m.a, m.b, x, tx, T, r);
	r = mbgnbd_expected_new(&mm, t);
	FUZZ_CHECK(r >= 0, "mbgnbd expected_new(r=%a alpha=%a a=%a b=%a; t=%a) = %g",
			   m.r, m.alpha, m.a, m.b, t, r);
	r = mbgnbd_expected_conditional(&mm, t, x, tx, T);
	FUZZ_CHECK(r >= 0, "mbgnbd expected(r=%a alpha=%a a=%a b=%a; t=%a x=%a tx=%a T=%a) = %g",
			   m.r, m.alpha, m.a, m.b, t, x, tx, T, r);
	r = mbgnbd_p_alive_future(&mm, t, x, tx, T);
	FUZZ_CHECK(r >= 0 && r <= 1, "mbgnbd p_alive_future(r=%a alpha=%a a=%a b=%a; t=%a x=%a tx=%a T=%a) = %g",
			   m.r, m.alpha, m.a, m.b, t, x, tx, T, r);
	r = mbgnbd_pmf(&mm, n, t);
	FUZZ_CHECK(r >= 0 && r <= 1, "mbgnbd pmf(r=%a alpha=%a a=%a b=%a; n=%d t=%a) = %g",
			   m.r, m.alpha, m.a, m.b, n, t, r);
	if (fuzz_bits(in, 1) % 8 == 0)
	{
		r = mbgnbd_dert(&mm, x, tx, T, delta);
		FUZZ_CHECK(r >= 0 && !isnan(r), "mbgnbd dert(r=%a alpha=%a a=%a b=%a; x=%a tx=%a T=%a; %a) = %g",
				   m.r, m.alpha, m.a, m.b, x, tx, T, delta, r);
	}
}

/*
 * Pareto/NBD: the same ranges, a likelihood that is never NaN (its
 * integral by series or quadrature, whichever the arguments need) below
 * 1e300 purchases and ages (beyond, ln Gamma(r + x) and the rate's power
 * overflow in opposite directions), DERT >= 0 and finite.
 */
static void
fuzz_pareto_nbd(FuzzInput *in)
{
	ParetoNbdParams m = {fuzz_positive(in), fuzz_positive(in), fuzz_positive(in), fuzz_positive(in)};
	double		x;
	double		tx;
	double		T;
	double		t = fuzz_nonnegative(in);
	double		delta = fuzz_positive(in);
	int			n = (int) (fuzz_bits(in, 1) % 100);
	double		r;

	if ((fuzz_bits(in, 1) & 15) == 0)
	{
		/*
		 * One input in sixteen: the fit over up to three histories of at
		 * most 1000 purchases and ages (at 1e10 purchases a fit takes
		 * longer than the harness's 10 s per input under the sanitizers;
		 * extreme histories are the predictions' part below).
		 */
		HistogramEntry entries[3];
		int			histories = 1 + (int) (fuzz_bits(in, 1) % 3);
		FitOutcome	out;

		for (int i = 0; i < histories; i++)
		{
			fuzz_history(in, &entries[i].v[0], &entries[i].v[1], &entries[i].v[2]);
			entries[i].count = 1 + (int64_t) (fuzz_bits(in, 2) % 100000);
			if (!(entries[i].v[0] <= 1000 && entries[i].v[2] <= 1000))
				return;
		}
		pareto_nbd_fit(entries, (size_t) histories, NULL, &m, &out);
		FUZZ_CHECK(pareto_nbd_params_valid(&m) && !isnan(out.loglik),
				   "pareto_nbd fit over %d histories: (%g, %g, %g, %g), LL %g", histories, m.r, m.alpha,
				   m.s, m.beta, out.loglik);
		return;
	}
	fuzz_history(in, &x, &tx, &T);
	FUZZ_CHECK(pareto_nbd_params_valid(&m), "params");
	r = pareto_nbd_loglik(&m, x, tx, T);
	FUZZ_CHECK(!isnan(r) || x >= 1e300 || T >= 1e300, "pareto_nbd loglik(r=%a alpha=%a s=%a beta=%a; x=%a tx=%a T=%a) = %g",
			   m.r, m.alpha, m.s, m.beta, x, tx, T, r);
	r = pareto_nbd_p_alive(&m, x, tx, T);
	FUZZ_CHECK(r >= 0 && r <= 1, "pareto_nbd p_alive(r=%a alpha=%a s=%a beta=%a; x=%a tx=%a T=%a) = %g",
			   m.r, m.alpha, m.s, m.beta, x, tx, T, r);
	r = pareto_nbd_expected_new(&m, t);
	FUZZ_CHECK(r >= 0, "pareto_nbd expected_new(r=%a alpha=%a s=%a beta=%a; t=%a) = %g",
			   m.r, m.alpha, m.s, m.beta, t, r);
	r = pareto_nbd_expected_conditional(&m, t, x, tx, T);
	FUZZ_CHECK(r >= 0, "pareto_nbd expected(r=%a alpha=%a s=%a beta=%a; t=%a x=%a tx=%a T=%a) = %g",
			   m.r, m.alpha, m.s, m.beta, t, x, tx, T, r);
	r = pareto_nbd_p_alive_future(&m, t, x, tx, T);
	FUZZ_CHECK(r >= 0 && r <= 1, "pareto_nbd p_alive_future(r=%a alpha=%a s=%a beta=%a; t=%a x=%a tx=%a T=%a) = %g",
			   m.r, m.alpha, m.s, m.beta, t, x, tx, T, r);
	r = pareto_nbd_pmf(&m, n, t);
	FUZZ_CHECK(r >= 0 && r <= 1, "pareto_nbd pmf(r=%a alpha=%a s=%a beta=%a; n=%d t=%a) = %g",
			   m.r, m.alpha, m.s, m.beta, n, t, r);
	r = pareto_nbd_dert(&m, x, tx, T, delta);
	FUZZ_CHECK(r >= 0 && !isnan(r), "pareto_nbd dert(r=%a alpha=%a s=%a beta=%a; x=%a tx=%a T=%a; %a) = %g",
			   m.r, m.alpha, m.s, m.beta, x, tx, T, delta, r);
}

static void
fuzz_gamma_gamma(FuzzInput *in)
{
	GammaGammaParams m = {fuzz_positive(in), fuzz_positive(in), fuzz_positive(in)};
	double		x = floor(fuzz_nonnegative(in));
	double		spend = fuzz_positive(in);
	double		r;

	FUZZ_CHECK(gg_params_valid(&m), "params");
	r = gg_expected_spend(&m, x, spend);
	/* NaN only where the documented mean is infinite; 0 when it underflows */
	if (x == 0 ? m.q > 1 : m.p * x + m.q > 1)
		FUZZ_CHECK(r >= 0, "expected_spend(p=%a q=%a v=%a; x=%a m=%a) = %g",
				   m.p, m.q, m.v, x, spend, r);
	if (x > 0)
	{
		r = gg_loglik(&m, x, spend);
		FUZZ_CHECK(!isnan(r) && r < INFINITY, "gg_loglik(p=%a q=%a v=%a; x=%a m=%a) = %g",
				   m.p, m.q, m.v, x, spend, r);
	}
}

/*
 * sBG: S(t), r(t) and P(T = t) are probabilities, the log-likelihood is
 * finite and <= 0 except where a probability underflows, and DERL is at
 * least the next renewal's probability and at most sum z^k = (1 + d) / d.
 * The discount rate stays >= 1e-3 so that one input sums at most about
 * 40,000 terms.
 */
static void
fuzz_sbg(FuzzInput *in)
{
	SbgParams	m = {fuzz_positive(in), fuzz_positive(in)};
	double		t = (double) (fuzz_int(in) & INT32_MAX);
	double		d = 1e-3 + fuzz_nonnegative(in);
	double		s = sbg_survival(&m, t);
	double		derl;

	FUZZ_CHECK(s >= 0 && s <= 1, "S(%a | %a, %a) = %g", t, m.alpha, m.beta, s);
	if (t >= 1)
	{
		double		r = sbg_retention(&m, t);
		double		log_p = sbg_log_churn_probability(&m, t);

		FUZZ_CHECK(r >= 0 && r <= 1, "r(%a | %a, %a) = %g", t, m.alpha, m.beta, r);
		FUZZ_CHECK(!isnan(log_p) && log_p <= 0, "ln P(T = %a | %a, %a) = %g", t, m.alpha,
				   m.beta, log_p);
	}
	FUZZ_CHECK(!isnan(sbg_loglik(&m, t, false)) && sbg_loglik(&m, t, false) <= 0,
			   "ln S(%a | %a, %a) = %g", t, m.alpha, m.beta, sbg_loglik(&m, t, false));
	derl = sbg_derl(&m, t, d, NULL);
	FUZZ_CHECK(derl >= sbg_retention(&m, t + 1) && derl <= (1 + d) / d * (1 + 1e-12),
			   "DERL(%a, %a | %a, %a) = %g", t, d, m.alpha, m.beta, derl);
}

/* A BG/BB history within n <= 1000 opportunities (a million costs too much per input). */
static void
fuzz_bgbb_history(FuzzInput *in, double v[3])
{
	v[2] = (double) ((uint64_t) fuzz_int(in) % 1001);
	v[1] = (double) ((uint64_t) fuzz_int(in) % ((uint64_t) v[2] + 1));
	v[0] = v[1] == 0 ? 0.0 : 1.0 + (double) ((uint64_t) fuzz_int(in) % (uint64_t) v[1]);
}

/*
 * BG/BB: ln L <= 0 and not NaN, P(alive) a probability, E[X(t)] and the
 * conditional expectation in [0, t] (one transaction per opportunity at
 * most), the pmf a probability, DERT in [0, 1 / d]; or, on one input in
 * eight, the fit over up to four histories: finite positive parameters, a
 * log-likelihood that is not NaN.
 */
static void
fuzz_bgbb(FuzzInput *in)
{
	BgbbParams	m = {fuzz_positive(in), fuzz_positive(in), fuzz_positive(in), fuzz_positive(in)};
	double		v[3];
	double		t = (double) ((uint64_t) fuzz_int(in) % 1001);
	double		d = 1e-3 + fuzz_nonnegative(in);
	double		r;

	if ((fuzz_bits(in, 1) & 7) == 0)
	{
		HistogramEntry entries[4];
		int			n = 1 + (int) (fuzz_bits(in, 1) % 4);
		FitOutcome	out;

		for (int i = 0; i < n; i++)
		{
			fuzz_bgbb_history(in, entries[i].v);
			entries[i].count = 1 + (int64_t) (fuzz_bits(in, 2) % 100000);
		}
		bgbb_fit(entries, (size_t) n, NULL, &m, &out);
		FUZZ_CHECK(isfinite(m.alpha) && m.alpha > 0 && isfinite(m.beta) && m.beta > 0 &&
				   isfinite(m.gamma) && m.gamma > 0 && isfinite(m.delta) && m.delta > 0 &&
				   !isnan(out.loglik) && out.loglik <= 0,
				   "bgbb fit over %d histories: (%g, %g, %g, %g), LL %g", n, m.alpha, m.beta,
				   m.gamma, m.delta, out.loglik);
		return;
	}
	fuzz_bgbb_history(in, v);
	r = bgbb_loglik(&m, v[0], v[1], v[2]);
	FUZZ_CHECK(!isnan(r) && r <= 0, "bgbb ln L(%a %a %a %a; %g %g %g) = %g", m.alpha, m.beta,
			   m.gamma, m.delta, v[0], v[1], v[2], r);
	r = bgbb_p_alive(&m, v[0], v[1], v[2]);
	FUZZ_CHECK(r >= 0 && r <= 1, "bgbb p_alive(%a %a %a %a; %g %g %g) = %g", m.alpha, m.beta,
			   m.gamma, m.delta, v[0], v[1], v[2], r);
	r = bgbb_expected_new(&m, t, NULL);
	FUZZ_CHECK(r >= 0 && r <= t * (1 + 1e-12), "bgbb expected_new(%a %a %a %a; %g) = %g",
			   m.alpha, m.beta, m.gamma, m.delta, t, r);
	r = bgbb_expected(&m, t, v[0], v[1], v[2], NULL);
	FUZZ_CHECK(r >= 0 && r <= t * (1 + 1e-12), "bgbb expected(%a %a %a %a; %g; %g %g %g) = %g",
			   m.alpha, m.beta, m.gamma, m.delta, t, v[0], v[1], v[2], r);
	r = bgbb_pmf(&m, v[0], v[2], NULL);
	FUZZ_CHECK(r >= 0 && r <= 1, "bgbb pmf(%a %a %a %a; %g %g) = %g", m.alpha, m.beta, m.gamma,
			   m.delta, v[0], v[2], r);
	r = bgbb_dert(&m, v[0], v[1], v[2], d, NULL);
	FUZZ_CHECK(r >= 0 && r <= (1 + 1e-12) / d, "bgbb dert(%a %a %a %a; %g %g %g; %a) = %g",
			   m.alpha, m.beta, m.gamma, m.delta, v[0], v[1], v[2], d, r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in = {data, size};

	switch (fuzz_bits(&in, 1) % 8)
	{
		case 0:
			fuzz_special(&in);
			break;
		case 1:
			fuzz_incomplete_beta(&in);
			break;
		case 2:
			fuzz_bgnbd(&in);
			break;
		case 3:
			fuzz_gamma_gamma(&in);
			break;
		case 4:
			fuzz_sbg(&in);
			break;
		case 5:
			fuzz_mbgnbd(&in);
			break;
		case 6:
			fuzz_bgbb(&in);
			break;
		case 7:
			fuzz_pareto_nbd(&in);
			break;
	}
	return 0;
}
