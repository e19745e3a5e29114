/*
 * test_fit_core.c
 *		The BG/NBD and Gamma-Gamma likelihoods and fits: the published CDNOW
 *		results, analytic gradients against finite differences, recovery of
 *		known parameters from simulated customers, the penalizer, degenerate
 *		input, the interrupt poll, and timings.
 *
 * Run from the repository root (make unittest does): the CDNOW summary is
 * read from data/cdnow.  PORTFOLIO_UNIT_FIT_CUSTOMERS, when set, replaces
 * the 1,000,000 customers of the timed fit (valgrind runs use fewer).
 */
#include "unit.h"
#include "bgnbd_fit_core.h"
#include "gamma_gamma_core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CDNOW_PATH "data/cdnow/cdnow_customers_summary_with_transactions.csv"
#define CDNOW_CUSTOMERS 2357
#define CDNOW_REPEAT_BUYERS 946
#define CDNOW_MAX_T 38.86

/* lifetimes' BetaGeoFitter on the same file (for comparison) */
static const BgnbdParams lifetimes_cdnow = {
	0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171
};

static HistogramEntry cdnow_bg[CDNOW_CUSTOMERS + 1];
static HistogramEntry cdnow_gg[CDNOW_CUSTOMERS + 1];
static size_t cdnow_n_bg;
static size_t cdnow_n_gg;

static int	polls;

static void
count_poll(void)
{
	polls++;
}

/*
 * The summary: header ID,x,t_x,T,zbar, CRLF line ends, no final newline.
 * True when all 2,357 customers (946 with x > 0) were read.
 */
static bool
load_cdnow(void)
{
	FILE	   *f = fopen(CDNOW_PATH, "r");
	char		line[256];

	cdnow_n_bg = cdnow_n_gg = 0;
	if (f == NULL)
		return false;
	if (fgets(line, sizeof(line), f) == NULL || strncmp(line, "ID,x,t_x,T,zbar", 15) != 0)
	{
		fclose(f);
		return false;
	}
	while (fgets(line, sizeof(line), f) != NULL && cdnow_n_bg < CDNOW_CUSTOMERS)
	{
		double		x,
					tx,
					T,
					zbar;

		if (sscanf(line, "%*d,%lf,%lf,%lf,%lf", &x, &tx, &T, &zbar) != 4)
			continue;
		cdnow_bg[cdnow_n_bg++] = (HistogramEntry) {{x, tx, T}, 1};
		if (x > 0)
			cdnow_gg[cdnow_n_gg++] = (HistogramEntry) {{x, zbar, 0}, 1};
	}
	fclose(f);
	return cdnow_n_bg == CDNOW_CUSTOMERS && cdnow_n_gg == CDNOW_REPEAT_BUYERS;
}

/* The fits reorder their entries: each works on its own copy. */
static HistogramEntry *
copy_entries(const HistogramEntry *e, size_t n, size_t extra)
{
	HistogramEntry *c = malloc((n + extra) * sizeof(HistogramEntry));

	memcpy(c, e, n * sizeof(HistogramEntry));
	return c;
}

static double
sum_bgnbd_loglik(const BgnbdParams *m, const HistogramEntry *e, size_t n)
{
	double		s = 0.0;

	for (size_t i = 0; i < n; i++)
		s += (double) e[i].count * bgnbd_loglik(m, e[i].v[0], e[i].v[1], e[i].v[2]);
	return s;
}

static double
sum_gg_loglik(const GammaGammaParams *m, const HistogramEntry *e, size_t n)
{
	double		s = 0.0;

	for (size_t i = 0; i < n; i++)
		s += (double) e[i].count * gg_loglik(m, e[i].v[0], e[i].v[1]);
	return s;
}

static bool
bg_sane(const BgnbdParams *p)
{
	return isfinite(p->r) && p->r > 0 && isfinite(p->alpha) && p->alpha > 0 &&
		isfinite(p->a) && p->a > 0 && isfinite(p->b) && p->b > 0;
}

static double
rel(double got, double want)
{
	return fabs(got - want) / fabs(want);
}

/* ---- a tiny generator for the simulations (splitmix64) ---- */

typedef struct SimRng
{
	uint64_t	state;
} SimRng;

/* Uniform on (0, 1). */
static double
sim_uniform(SimRng *g)
{
	uint64_t	z = (g->state += UINT64_C(0x9E3779B97F4A7C15));

	z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
	z ^= z >> 31;
	return ((double) (z >> 11) + 0.5) / 9007199254740992.0;
}

static double
sim_normal(SimRng *g)
{
	return sqrt(-2.0 * log(sim_uniform(g))) * cos(6.283185307179586 * sim_uniform(g));
}

/* Gamma(shape, 1): Marsaglia & Tsang, with the u^(1/shape) boost below 1. */
static double
sim_gamma(SimRng *g, double shape)
{
	double		d,
				c;

	if (shape < 1.0)
		return sim_gamma(g, shape + 1.0) * pow(sim_uniform(g), 1.0 / shape);
	d = shape - 1.0 / 3.0;
	c = 1.0 / sqrt(9.0 * d);
	for (;;)
	{
		double		z = sim_normal(g);
		double		v = 1.0 + c * z;

		if (v <= 0.0)
			continue;
		v = v * v * v;
		if (log(sim_uniform(g)) < 0.5 * z * z + d - d * v + d * log(v))
			return d * v;
	}
}

/*
 * One BG/NBD customer observed for T: lambda ~ Gamma(r, rate alpha),
 * p ~ Beta(a, b), exponential gaps, dropout after each repeat purchase.
 */
static void
sim_bgnbd(SimRng *g, const BgnbdParams *m, double T, double *x, double *tx)
{
	double		lambda = sim_gamma(g, m->r) / m->alpha;
	double		g1 = sim_gamma(g, m->a);
	double		p = g1 / (g1 + sim_gamma(g, m->b));
	double		t = 0.0;

	*x = 0.0;
	*tx = 0.0;
	for (;;)
	{
		t += -log(sim_uniform(g)) / lambda;
		if (!(t <= T))
			break;
		*x += 1.0;
		*tx = t;
		if (sim_uniform(g) < p)
			break;
	}
}

/* One Gamma-Gamma customer with x purchases: the mean of Gamma(p, nu) draws. */
static double
sim_spend(SimRng *g, const GammaGammaParams *m, int x)
{
	double		nu = sim_gamma(g, m->q) / m->v;
	double		sum = 0.0;

	for (int j = 0; j < x; j++)
		sum += sim_gamma(g, m->p) / nu;
	return sum / x;
}

static int
entry_order(const void *pa, const void *pb)
{
	const HistogramEntry *a = pa;
	const HistogramEntry *b = pb;

	for (int k = 0; k < 3; k++)
		if (a->v[k] != b->v[k])
			return a->v[k] < b->v[k] ? -1 : 1;
	return 0;
}

/* Merge equal histories into one entry with their count; returns the new n. */
static size_t
compress(HistogramEntry *e, size_t n)
{
	size_t		out = 0;

	qsort(e, n, sizeof(HistogramEntry), entry_order);
	for (size_t i = 0; i < n; i++)
	{
		if (out > 0 && entry_order(&e[out - 1], &e[i]) == 0)
			e[out - 1].count += e[i].count;
		else
			e[out++] = e[i];
	}
	return out;
}

/* n customers of m, all observed for T, t_x rounded to days when asked. */
static HistogramEntry *
simulate_histogram(const BgnbdParams *m, size_t customers, double T, bool days,
				   uint64_t seed, size_t *n)
{
	HistogramEntry *e = malloc(customers * sizeof(HistogramEntry));
	SimRng		g = {seed};

	for (size_t i = 0; i < customers; i++)
	{
		double		x,
					tx;

		sim_bgnbd(&g, m, T, &x, &tx);
		if (days)
			tx = round(tx * 7.0) / 7.0;
		e[i] = (HistogramEntry) {{x, tx, T}, 1};
	}
	*n = compress(e, customers);
	return e;
}

/* ---- the likelihoods themselves ---- */

/* The brief's formula, word for word, with lgamma and log. */
static double
bgnbd_loglik_naive(const BgnbdParams *m, double x, double tx, double T)
{
	double		head = lgamma(m->r + x) - lgamma(m->r) + m->r * log(m->alpha)
		+ lgamma(m->a) + lgamma(m->b + x) - lgamma(m->a + m->b + x)
		- lgamma(m->a) - lgamma(m->b) + lgamma(m->a + m->b);
	double		t1 = exp(-(m->r + x) * log(m->alpha + T));
	double		t2 = x > 0 ? exp(log(m->a) - log(m->b + x - 1) - (m->r + x) * log(m->alpha + tx)) : 0;

	return head + log(t1 + t2);
}

static double
gg_loglik_naive(const GammaGammaParams *m, double x, double mean)
{
	double		px = m->p * x;

	return lgamma(px + m->q) - lgamma(px) - lgamma(m->q) + m->q * log(m->v)
		+ (px - 1) * log(mean) + px * log(x) - (px + m->q) * log(m->v + x * mean);
}

/*
 * Reference values from mpmath at 50 digits, the formula of the header
 * with mp.loggamma, mp.beta, mp.log, mp.exp, at the exact doubles below.
 */
static void
test_loglik_values(void)
{
	static const struct
	{
		BgnbdParams m;
		double		x,
					tx,
					T,
					ll;
	}			bg[] = {
		{{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171}, 2, 30.43, 38.86, -9.4596935196230537939},
		{{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171}, 0, 0, 38.86, -0.55380705414788477025},
		{{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171}, 1, 1.71, 38.86, -4.4704498640100711157},
		{{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171}, 50, 20, 39, -22.618589987828182703},
		{{0.242594150135163, 4.41358992619427, 0.792919156817962, 2.42589514735171}, 1000, 38, 39, 2145.6085149026561356},
		{{1e9, 1e10, 1e6, 1e7}, 3, 20, 39, -10.581707246976702466},
		{{1e-6, 1e-6, 1e-6, 1e-6}, 3, 20, 39, -24.806209344916290347},
	};
	static const struct
	{
		GammaGammaParams m;
		double		x,
					mean,
					ll;
	}			gg[] = {
		{{6.25, 3.74, 15.44}, 2, 22.35, -3.5513167597317047066},
		{{6.25, 3.74, 15.44}, 1, 11.77, -3.7377096787408399066},
		{{6.25, 3.74, 15.44}, 10, 35.5, -4.0439824553001665926},
		{{6.25, 3.74, 15.44}, 1000, 25, -3.5026840130053947087},
		{{1e8, 1e9, 1e10}, 3, 25, -4910243464.0750746922},
		{{0.01, 0.02, 1e-3}, 1, 1e6, -19.240289225431188093},
	};

	for (size_t i = 0; i < sizeof(bg) / sizeof(bg[0]); i++)
	{
		double		got = bgnbd_loglik(&bg[i].m, bg[i].x, bg[i].tx, bg[i].T);

		CHECK(fabs(got - bg[i].ll) <= 1e-13 * fmax(1, fabs(bg[i].ll)),
			  "bgnbd_loglik(r %g, alpha %g, x %g, t_x %g, T %g) = %.17g (mpmath %.17g)",
			  bg[i].m.r, bg[i].m.alpha, bg[i].x, bg[i].tx, bg[i].T, got, bg[i].ll);
	}
	for (size_t i = 0; i < sizeof(gg) / sizeof(gg[0]); i++)
	{
		double		got = gg_loglik(&gg[i].m, gg[i].x, gg[i].mean);

		CHECK(fabs(got - gg[i].ll) <= 1e-13 * fmax(1, fabs(gg[i].ll)),
			  "gg_loglik(p %g, q %g, v %g, x %g, m %g) = %.17g (mpmath %.17g)",
			  gg[i].m.p, gg[i].m.q, gg[i].m.v, gg[i].x, gg[i].mean, got, gg[i].ll);
	}
}

/* Against the plain formulas over every CDNOW customer (moderate params). */
static void
test_loglik_naive(void)
{
	GammaGammaParams gm = {6.25, 3.74, 15.44};
	double		worst_bg = 0.0,
				worst_gg = 0.0;

	for (size_t i = 0; i < cdnow_n_bg; i++)
	{
		const double *v = cdnow_bg[i].v;

		worst_bg = fmax(worst_bg, fabs(bgnbd_loglik(&lifetimes_cdnow, v[0], v[1], v[2]) -
									   bgnbd_loglik_naive(&lifetimes_cdnow, v[0], v[1], v[2])));
	}
	for (size_t i = 0; i < cdnow_n_gg; i++)
		worst_gg = fmax(worst_gg, fabs(gg_loglik(&gm, cdnow_gg[i].v[0], cdnow_gg[i].v[1]) -
									   gg_loglik_naive(&gm, cdnow_gg[i].v[0], cdnow_gg[i].v[1])));
	CHECK(cdnow_n_bg > 0 && worst_bg < 1e-11,
		  "bgnbd_loglik equals the textbook formula on every CDNOW customer (worst %.2g)", worst_bg);
	CHECK(cdnow_n_gg > 0 && worst_gg < 1e-11,
		  "gg_loglik equals the textbook formula on every CDNOW repeat buyer (worst %.2g)", worst_gg);
}

/* ---- standard errors ---- */

/* The summed log-likelihood of a model given as a parameter vector. */
typedef double (*SumLoglik) (const double *theta, const HistogramEntry *e, size_t n);

static double
sum_ll_bgnbd(const double *theta, const HistogramEntry *e, size_t n)
{
	BgnbdParams m = {theta[0], theta[1], theta[2], theta[3]};

	return sum_bgnbd_loglik(&m, e, n);
}

static double
sum_ll_gg(const double *theta, const HistogramEntry *e, size_t n)
{
	GammaGammaParams m = {theta[0], theta[1], theta[2]};

	return sum_gg_loglik(&m, e, n);
}

/*
 * The covariance the other way: the Hessian of the summed log-likelihood by
 * the parameters themselves, by central differences of its values (steps of
 * 3e-4 of each parameter, where the truncation error, ~h^2, and the rounding
 * of a 1e4-sized sum, ~1/h^2, balance; the four-point rule off the
 * diagonal), inverted
 * by Gauss-Jordan elimination.  Shares nothing with the fit's path (the
 * analytic gradient by the log-parameters, its differences, Cholesky).
 */
static bool
fd_covariance(SumLoglik ll, const double *theta, int k, const HistogramEntry *e, size_t n,
			  double *cov)
{
	double		a[4][8];
	double		h[4];
	double		t[4];
	double		f0 = ll(theta, e, n);

	for (int i = 0; i < k; i++)
		h[i] = 3e-4 * theta[i];
	for (int i = 0; i < k; i++)
		for (int j = 0; j < k; j++)
		{
			double		d;

			memcpy(t, theta, sizeof(double) * k);
			if (i == j)
			{
				t[i] = theta[i] + h[i];
				d = ll(t, e, n);
				t[i] = theta[i] - h[i];
				d += ll(t, e, n) - 2.0 * f0;
				a[i][j] = -d / (h[i] * h[i]);
			}
			else
			{
				double		s[4] = {1, 1, -1, -1},
							r[4] = {1, -1, 1, -1};

				d = 0.0;
				for (int c = 0; c < 4; c++)
				{
					t[i] = theta[i] + s[c] * h[i];
					t[j] = theta[j] + r[c] * h[j];
					d += s[c] * r[c] * ll(t, e, n);
				}
				a[i][j] = -d / (4.0 * h[i] * h[j]);
			}
			a[i][k + j] = i == j ? 1.0 : 0.0;
		}
	for (int c = 0; c < k; c++)
	{
		double		pivot = a[c][c];

		if (!(pivot > 0))
			return false;
		for (int j = 0; j < 2 * k; j++)
			a[c][j] /= pivot;
		for (int i = 0; i < k; i++)
			if (i != c)
			{
				double		f = a[i][c];

				for (int j = 0; j < 2 * k; j++)
					a[i][j] -= f * a[c][j];
			}
	}
	for (int i = 0; i < k; i++)
		for (int j = 0; j < k; j++)
			cov[i * k + j] = a[i][k + j];
	return true;
}

/* The fit's standard errors and correlations against fd_covariance's. */
static void
check_covariance(const char *model, const FitOutcome *o, SumLoglik ll, const double *theta,
				 int k, const HistogramEntry *e, size_t n)
{
	double		fd[16];
	double		worst_se = 0.0;
	double		worst_corr = 0.0;

	CHECK(o->has_covariance, "%s: the fit reports a covariance", model);
	for (int i = 0; i < k; i++)
		for (int j = 0; j < i; j++)
			if (o->covariance[i * k + j] != o->covariance[j * k + i])
				worst_corr = INFINITY;
	CHECK(isfinite(worst_corr), "%s: the covariance is exactly symmetric", model);
	CHECK(fd_covariance(ll, theta, k, e, n, fd), "%s: the finite-difference information is positive definite", model);
	for (int i = 0; i < k; i++)
	{
		worst_se = fmax(worst_se, fabs(sqrt(o->covariance[i * k + i]) / sqrt(fd[i * k + i]) - 1.0));
		for (int j = 0; j < i; j++)
			worst_corr = fmax(worst_corr, fabs(o->covariance[i * k + j] /
											   sqrt(o->covariance[i * k + i] * o->covariance[j * k + j]) -
											   fd[i * k + j] / sqrt(fd[i * k + i] * fd[j * k + j])));
	}
	CHECK(worst_se < 1e-4, "%s: standard errors within 1e-4 of a finite-difference Hessian (worst %.2g)",
		  model, worst_se);
	CHECK(worst_corr < 1e-4, "%s: correlations within 1e-4 of it (worst %.2g)", model, worst_corr);
}

static void
test_standard_errors(void)
{
	HistogramEntry *e = copy_entries(cdnow_bg, cdnow_n_bg, 0);
	BgnbdParams p;
	GammaGammaParams g;
	FitOutcome	o;
	/* lifetimes' summary of the same fit (its README, to two decimals) */
	static const double published_se[4] = {0.01, 0.38, 0.19, 0.71};
	double		se[4];

	bgnbd_fit(e, cdnow_n_bg, 0.0, NULL, &p, &o);
	check_covariance("CDNOW BG/NBD", &o, sum_ll_bgnbd, (double[4]) {p.r, p.alpha, p.a, p.b},
					 4, cdnow_bg, cdnow_n_bg);
	for (int i = 0; i < 4; i++)
		se[i] = sqrt(o.covariance[i * 4 + i]);
	printf("# CDNOW BG/NBD standard errors: r %.6f, alpha %.6f, a %.6f, b %.6f\n",
		   se[0], se[1], se[2], se[3]);
	CHECK(fabs(se[0] - published_se[0]) <= 0.005 && fabs(se[1] - published_se[1]) <= 0.005 &&
		  fabs(se[2] - published_se[2]) <= 0.005 && fabs(se[3] - published_se[3]) <= 0.005,
		  "CDNOW BG/NBD: standard errors 0.01, 0.38, 0.19, 0.71 as lifetimes prints them");
	bgnbd_fit(e, cdnow_n_bg, 0.01, NULL, &p, &o);
	CHECK(!o.has_covariance, "a penalised fit reports no covariance");
	free(e);

	e = copy_entries(cdnow_gg, cdnow_n_gg, 0);
	gg_fit(e, cdnow_n_gg, NULL, &g, &o);
	check_covariance("CDNOW Gamma-Gamma", &o, sum_ll_gg, (double[3]) {g.p, g.q, g.v}, 3,
					 cdnow_gg, cdnow_n_gg);
	printf("# CDNOW Gamma-Gamma standard errors: p %.6f, q %.6f, v %.6f\n",
		   sqrt(o.covariance[0]), sqrt(o.covariance[4]), sqrt(o.covariance[8]));
	free(e);
}

/* ---- CDNOW ---- */

static void
test_cdnow_bgnbd(void)
{
	HistogramEntry *e = copy_entries(cdnow_bg, cdnow_n_bg, 0);
	BgnbdParams p;
	FitOutcome	o;
	size_t		n;
	BgnbdParams pc;
	FitOutcome	oc;

	bgnbd_fit(e, cdnow_n_bg, 0.0, NULL, &p, &o);
	printf("# CDNOW BG/NBD: r = %.15g, alpha = %.15g, a = %.15g, b = %.15g, LL = %.10f, "
		   "%d iterations\n", p.r, p.alpha, p.a, p.b, o.loglik, o.iterations);
	CHECK(o.converged, "CDNOW BG/NBD fit converged");
	CHECK(fabs(p.r - 0.243) <= 0.0005 && fabs(p.alpha - 4.414) <= 0.0005 &&
		  fabs(p.a - 0.793) <= 0.0005 && fabs(p.b - 2.426) <= 0.0005,
		  "CDNOW: r = 0.243, alpha = 4.414, a = 0.793, b = 2.426 as published");
	CHECK(fabs(o.loglik - (-9582.4)) <= 0.1, "CDNOW: LL = -9582.4 (%.4f)", o.loglik);
	CHECK(rel(p.r, lifetimes_cdnow.r) < 1e-4 && rel(p.alpha, lifetimes_cdnow.alpha) < 1e-4 &&
		  rel(p.a, lifetimes_cdnow.a) < 1e-4 && rel(p.b, lifetimes_cdnow.b) < 1e-4,
		  "within 1e-4 of lifetimes' values");
	CHECK(o.loglik >= sum_bgnbd_loglik(&lifetimes_cdnow, cdnow_bg, cdnow_n_bg),
		  "and at least as high a likelihood as lifetimes' point (by %.3g)",
		  o.loglik - sum_bgnbd_loglik(&lifetimes_cdnow, cdnow_bg, cdnow_n_bg));
	CHECK(fabs(o.loglik - sum_bgnbd_loglik(&p, cdnow_bg, cdnow_n_bg)) < 1e-8,
		  "the reported LL is the sum of bgnbd_loglik, in weeks");

	/* the same customers as a histogram with counts */
	memcpy(e, cdnow_bg, cdnow_n_bg * sizeof(HistogramEntry));
	n = compress(e, cdnow_n_bg);
	bgnbd_fit(e, n, 0.0, NULL, &pc, &oc);
	CHECK(n < cdnow_n_bg && oc.converged && rel(pc.r, p.r) < 1e-6 && rel(pc.alpha, p.alpha) < 1e-6 &&
		  rel(pc.a, p.a) < 1e-6 && rel(pc.b, p.b) < 1e-6 && fabs(oc.loglik - o.loglik) < 1e-7,
		  "merged into %zu entries with counts: the same fit", n);
	free(e);
}

static void
test_cdnow_gg(void)
{
	HistogramEntry *e = copy_entries(cdnow_gg, cdnow_n_gg, 0);
	GammaGammaParams p;
	GammaGammaParams published = {6.25, 3.74, 15.44};
	FitOutcome	o;
	double		ll_published = sum_gg_loglik(&published, cdnow_gg, cdnow_n_gg);
	double		constants = 0.0;

	gg_fit(e, cdnow_n_gg, NULL, &p, &o);
	printf("# CDNOW Gamma-Gamma: p = %.15g, q = %.15g, v = %.15g, LL = %.10f, %d iterations\n",
		   p.p, p.q, p.v, o.loglik, o.iterations);
	CHECK(o.converged, "CDNOW Gamma-Gamma fit converged");
	CHECK(fabs(p.p - 6.25) <= 0.005 && fabs(p.q - 3.74) <= 0.005 && fabs(p.v - 15.4) <= 0.05,
		  "CDNOW: p = 6.25, q = 3.74, v = 15.4 as published");
	CHECK(fabs(p.v - 15.448) <= 0.001, "the maximum is at v = 15.448 (%.6f)", p.v);
	CHECK(fabs(o.loglik - (-4055.92)) <= 0.1, "CDNOW: LL = -4055.92 (%.4f)", o.loglik);
	CHECK(fabs(o.loglik - sum_gg_loglik(&p, cdnow_gg, cdnow_n_gg)) < 1e-8,
		  "the reported LL is the sum of gg_loglik");

	/*
	 * The published LL includes (p x - 1) ln m + p x ln x: with them the
	 * published parameters give -4055.92, without them thousands away.
	 */
	for (size_t i = 0; i < cdnow_n_gg; i++)
	{
		double		px = published.p * cdnow_gg[i].v[0];

		constants += (px - 1) * log(cdnow_gg[i].v[1]) + px * log(cdnow_gg[i].v[0]);
	}
	CHECK(fabs(ll_published - (-4055.92)) < 0.05 && fabs(ll_published - constants - (-4055.92)) > 1000,
		  "the published LL counts the terms in ln m and ln x (%.4f with, %.1f without)",
		  ll_published, ll_published - constants);
	free(e);
}

static void
test_expected_spend(void)
{
	GammaGammaParams m = {6.25, 3.74, 15.44};
	GammaGammaParams heavy = {0.1, 0.5, 10};
	GammaGammaParams bad = {6.25, NAN, 15.44};
	double		pop = m.p * m.v / (m.q - 1);
	double		w = m.p * 2 / (m.p * 2 + m.q - 1);

	/* Fader & Hardie's other form: a weighted mean of population and own mean */
	CHECK(fabs(gg_expected_spend(&m, 2, 22.35) - ((1 - w) * pop + w * 22.35)) < 1e-12,
		  "E[M | x = 2, m = 22.35] = (1 - w) pv / (q - 1) + w m with w = px / (px + q - 1)");
	CHECK(gg_expected_spend(&m, 0, 123) == pop && gg_expected_spend(&m, 0, NAN) == pop,
		  "x = 0: the population mean p v / (q - 1), whatever m is");
	CHECK(isnan(gg_expected_spend(&heavy, 0, 1)), "x = 0 with q <= 1: NaN (infinite mean)");
	CHECK(isnan(gg_expected_spend(&heavy, 1, 5)) && isfinite(gg_expected_spend(&heavy, 6, 5)),
		  "p x + q <= 1: NaN; above 1: finite");
	/*
	 * p x or x m past the largest double (found by fuzzing: Infinity /
	 * Infinity was NaN).  p = v = x = DBL_MAX, q = 1 + 2^-52:
	 * p (v + x m) / (p x + q - 1) = v / x + m = 1 + m to rounding; and
	 * p = v = 1, q = 2, x = DBL_MAX, m = 2: (1 + 2x) / (x + 1) = 2.
	 */
	{
		GammaGammaParams huge = {1.7976931348623157e308, 1 + 0x1p-52, 1.7976931348623157e308};
		GammaGammaParams one = {1, 2, 1};

		CHECK(fabs(gg_expected_spend(&huge, 1.7976931348623157e308, 0.25) - 1.25) <= 1e-15,
			  "E[M] at p = v = x = DBL_MAX, m = 1/4: %.17g, v / x + m = 1.25",
			  gg_expected_spend(&huge, 1.7976931348623157e308, 0.25));
		CHECK(fabs(gg_expected_spend(&one, 1.7976931348623157e308, 2) - 2) <= 1e-15,
			  "E[M] at x = DBL_MAX, m = 2 (x m overflows): %.17g, (1 + 2x) / (x + 1) = 2",
			  gg_expected_spend(&one, 1.7976931348623157e308, 2));
	}
	/*
	 * gg_loglik with p x = q = v = 1e306, m = 1 (found by fuzzing: ln Gamma
	 * overflowed, Infinity - Infinity was NaN): z = x m / (v + x m) = 1/2 and
	 * ln f = ln(z^P (1 - z)^P / B(P, P)) = ln(P / pi) / 2 - ln 2, the central
	 * binomial asymptotic; with q = x = m = DBL_MAX it is below -DBL_MAX
	 */
	{
		GammaGammaParams big = {1, 1e306, 1e306};
		GammaGammaParams huge = {1, 1.7976931348623157e308, 1};
		double		ref = 0.5 * (log(1e306) - log(3.14159265358979323846)) - log(2.0);

		CHECK(fabs(gg_loglik(&big, 1e306, 1) - ref) <= 1e-14 * ref,
			  "gg_loglik(p x = q = v = 1e306, m = 1) = %.17g, ln(P / pi) / 2 - ln 2 = %.17g",
			  gg_loglik(&big, 1e306, 1), ref);
		CHECK(gg_loglik(&huge, 1.7976931348623157e308, 1.7976931348623157e308) == -INFINITY,
			  "gg_loglik(q = x = m = DBL_MAX) = %g, -Infinity",
			  gg_loglik(&huge, 1.7976931348623157e308, 1.7976931348623157e308));
	}
	/*
	 * P = p x past the largest double (found by fuzzing: NaN).  p = DBL_MAX,
	 * x = 4, v = 1e-308, m = 1: Gamma(P + 1) / Gamma(P) = P exactly, so
	 * ln f = ln P + ln y + P ln z with y = r / (1 + r), z = 1 / (1 + r),
	 * r = v / (x m); with q = 3, Gamma(P + 3) / Gamma(P) / Gamma(3) =
	 * P (P + 1) (P + 2) / 2 = P^3 / 2 to 3 / P.
	 */
	{
		double		p = 1.7976931348623157e308;
		double		r = 1e-308 / 4;
		double		base = log(p) + log(4.0) + log(r) - log1p(r) - (p * log1p(r)) * 4;
		GammaGammaParams one = {p, 1, 1e-308};
		GammaGammaParams three = {p, 3, 1e-308};
		double		ref3 = 3 * (log(p) + log(4.0) + log(r) - log1p(r)) - log(2.0) - (p * log1p(r)) * 4;

		CHECK(fabs(gg_loglik(&one, 4, 1) - base) <= 1e-13 * fabs(base),
			  "gg_loglik(p = DBL_MAX, q = 1, x = 4) = %.17g, ln P + ln y + P ln z = %.17g",
			  gg_loglik(&one, 4, 1), base);
		CHECK(fabs(gg_loglik(&three, 4, 1) - ref3) <= 1e-13 * fabs(ref3),
			  "gg_loglik(p = DBL_MAX, q = 3, x = 4) = %.17g, 3 ln(P y) - ln 2 + P ln z = %.17g",
			  gg_loglik(&three, 4, 1), ref3);
	}
	/*
	 * p = q = v = x = DBL_MAX, m = 1e100 (found by fuzzing: Infinity -
	 * Infinity): P ln z = -p v / m = -3e516 outweighs q ln(P y / q) = q ln(p v
	 * / (m q)) = 8.6e310, so -Infinity
	 */
	{
		GammaGammaParams all = {1.7976931348623157e308, 1.7976931348623157e308, 1.7976931348623157e308};

		CHECK(gg_loglik(&all, 1.7976931348623157e308, 1e100) == -INFINITY,
			  "gg_loglik(p = q = v = x = DBL_MAX, m = 1e100) = %g, -Infinity",
			  gg_loglik(&all, 1.7976931348623157e308, 1e100));
	}
	/*
	 * p = 2, q = v = x = DBL_MAX, m = 1 (found by fuzzing: P ln z = -1.4
	 * DBL_MAX overflowed alone, the sum is finite).  At fixed q / P and
	 * v / (x m) the log-likelihood is homogeneous of degree 1 in (q, x, v)
	 * but for terms of order ln q: four times its value at a quarter of each,
	 * which the beta kernel computes (p x = DBL_MAX / 2 is finite there)
	 */
	{
		GammaGammaParams full = {2, 1.7976931348623157e308, 1.7976931348623157e308};
		GammaGammaParams quarter = {2, 1.7976931348623157e308 / 4, 1.7976931348623157e308 / 4};
		double		ref = 4 * gg_loglik(&quarter, 1.7976931348623157e308 / 4, 1);

		GammaGammaParams tiny = {1.7976931348623157e308, 5e-324, 5e-324};

		/* and q a denormal, where 0.25 q was 0 and 0 * -Infinity NaN: v / (x m) = 0, y = 0 */
		CHECK(gg_loglik(&tiny, 1.7976931348623157e308, 5e-324) == -INFINITY,
			  "gg_loglik(p = x = DBL_MAX, q = v = m = 5e-324) = %g, -Infinity",
			  gg_loglik(&tiny, 1.7976931348623157e308, 5e-324));
		CHECK(fabs(gg_loglik(&full, 1.7976931348623157e308, 1) - ref) <= 1e-12 * fabs(ref),
			  "gg_loglik(p = 2, q = v = x = DBL_MAX, m = 1) = %.17g, 4 times at a quarter %.17g",
			  gg_loglik(&full, 1.7976931348623157e308, 1), ref);
	}
	CHECK(gg_params_valid(&m) && !gg_params_valid(&bad), "gg_params_valid: fine / NaN q");
	bad = m;
	bad.v = 0;
	CHECK(!gg_params_valid(&bad), "gg_params_valid: v = 0");
	bad.v = INFINITY;
	CHECK(!gg_params_valid(&bad), "gg_params_valid: v = inf");
	bad = m;
	bad.p = -1;
	CHECK(!gg_params_valid(&bad), "gg_params_valid: p < 0");
}

/* ---- gradients ---- */

/*
 * How far an analytic derivative g is from the central difference gd
 * (step h) of a function of size f, in units of what the difference can
 * resolve: 1e-6 of the derivative, plus the rounding of f over 2h, which
 * dominates far out where f is huge (1e10 with a penalizer and e^20).
 */
static double
gradient_misfit(double g, double gd, double f, double h)
{
	return fabs(g - gd) / (1e-6 * fmax(1.0, fabs(gd)) + 1e-13 * fmax(1.0, fabs(f)) / h);
}

/* Central differences of the fit objective by each log-parameter. */
static double
bg_gradient_error(HistogramEntry *e, size_t n, double pen, const double *u)
{
	double		g[4],
				gd[4],
				worst = 0.0;
	double		f = bgnbd_fit_objective(e, n, pen, u, g);

	for (int k = 0; k < 4; k++)
	{
		double		up[4],
					dn[4];
		double		h = 1e-5;

		memcpy(up, u, sizeof(up));
		memcpy(dn, u, sizeof(dn));
		up[k] += h;
		dn[k] -= h;
		gd[k] = (bgnbd_fit_objective(e, n, pen, up, NULL) -
				 bgnbd_fit_objective(e, n, pen, dn, NULL)) / (2 * h);
		worst = fmax(worst, gradient_misfit(g[k], gd[k], f, h));
	}
	return worst;
}

static double
gg_gradient_error(HistogramEntry *e, size_t n, const double *u)
{
	double		g[3],
				worst = 0.0;
	double		f = gg_fit_objective(e, n, u, g);

	for (int k = 0; k < 3; k++)
	{
		double		up[3],
					dn[3];
		double		h = 1e-5;
		double		gd;

		memcpy(up, u, sizeof(up));
		memcpy(dn, u, sizeof(dn));
		up[k] += h;
		dn[k] -= h;
		gd = (gg_fit_objective(e, n, up, NULL) - gg_fit_objective(e, n, dn, NULL)) / (2 * h);
		worst = fmax(worst, gradient_misfit(g[k], gd, f, h));
	}
	return worst;
}

static void
test_gradients(void)
{
	HistogramEntry *e = copy_entries(cdnow_bg, cdnow_n_bg, 0);
	HistogramEntry *eg = copy_entries(cdnow_gg, cdnow_n_gg, 0);
	SimRng		g = {2024};
	double		worst[3] = {0, 0, 0};
	double		extreme[3] = {0, 0, 0};

	for (int i = 0; i < 8; i++)
	{
		double		u[4];

		for (int k = 0; k < 4; k++)
			u[k] = -2.5 + 5 * sim_uniform(&g);
		worst[0] = fmax(worst[0], bg_gradient_error(e, cdnow_n_bg, 0.0, u));
		worst[1] = fmax(worst[1], bg_gradient_error(e, cdnow_n_bg, 0.1, u));
		worst[2] = fmax(worst[2], gg_gradient_error(eg, cdnow_n_gg, u));
		/* far out, where the fits of degenerate data go */
		for (int k = 0; k < 4; k++)
			u[k] = (sim_uniform(&g) < 0.5 ? -1 : 1) * (10 + 10 * sim_uniform(&g));
		extreme[0] = fmax(extreme[0], bg_gradient_error(e, cdnow_n_bg, 0.0, u));
		extreme[1] = fmax(extreme[1], bg_gradient_error(e, cdnow_n_bg, 1e-3, u));
		extreme[2] = fmax(extreme[2], gg_gradient_error(eg, cdnow_n_gg, u));
	}
	CHECK(worst[0] < 1, "BG/NBD gradient = central differences at 8 random points (misfit %.2g)", worst[0]);
	CHECK(worst[1] < 1, "and with penalizer 0.1 (misfit %.2g)", worst[1]);
	CHECK(worst[2] < 1, "Gamma-Gamma gradient = central differences (misfit %.2g)", worst[2]);
	CHECK(extreme[0] < 1 && extreme[1] < 1,
		  "BG/NBD gradient with log-parameters of size 10 to 20 (misfit %.2g, %.2g)", extreme[0], extreme[1]);
	CHECK(extreme[2] < 1, "Gamma-Gamma gradient there (misfit %.2g)", extreme[2]);
	free(e);
	free(eg);
}

/* The objective is -(sum LL in scaled time) / N + penalty, as documented. */
static void
test_objective_definition(void)
{
	HistogramEntry *e = copy_entries(cdnow_bg, cdnow_n_bg, 0);
	BgnbdParams m = {0.5, 3.0, 1.2, 4.0};
	double		u[4] = {log(m.r), log(m.alpha / CDNOW_MAX_T), log(m.a), log(m.b)};
	double		pen = 0.05;
	double		x_sum = 0.0;
	double		want;

	for (size_t i = 0; i < cdnow_n_bg; i++)
		x_sum += cdnow_bg[i].v[0];
	/* scaling times by 1/max T adds x ln(max T) to each customer's LL */
	want = -(sum_bgnbd_loglik(&m, cdnow_bg, cdnow_n_bg) + x_sum * log(CDNOW_MAX_T)) / cdnow_n_bg
		+ pen * (m.r * m.r + pow(m.alpha / CDNOW_MAX_T, 2) + m.a * m.a + m.b * m.b);
	CHECK(fabs(bgnbd_fit_objective(e, cdnow_n_bg, pen, u, NULL) - want) < 1e-12,
		  "the BG/NBD objective is -(sum LL) / N + penalizer (r^2 + (alpha / max T)^2 + a^2 + b^2)");
	free(e);
}

/* ---- recovery of known parameters ---- */

static void
check_recovery(const char *name, const BgnbdParams *truth, bool days, uint64_t seed)
{
	size_t		n;
	HistogramEntry *e = simulate_histogram(truth, 200000, 52.0, days, seed, &n);
	BgnbdParams p;
	FitOutcome	o;

	bgnbd_fit(e, n, 0.0, NULL, &p, &o);
	printf("# %s: %zu entries; r %.4g (%+.1f%%), alpha %.4g (%+.1f%%), a %.4g (%+.1f%%), b %.4g (%+.1f%%)\n",
		   name, n, p.r, 100 * (p.r / truth->r - 1), p.alpha, 100 * (p.alpha / truth->alpha - 1),
		   p.a, 100 * (p.a / truth->a - 1), p.b, 100 * (p.b / truth->b - 1));
	CHECK(o.converged && rel(p.r, truth->r) < 0.05 && rel(p.alpha, truth->alpha) < 0.05 &&
		  rel(p.a, truth->a) < 0.1 && rel(p.b, truth->b) < 0.1,
		  "%s: 200,000 simulated customers give r, alpha within 5%%, a, b within 10%%", name);
	free(e);
}

static void
check_gg_recovery(const GammaGammaParams *truth, uint64_t seed)
{
	size_t		customers = 100000;
	HistogramEntry *e = malloc(customers * sizeof(HistogramEntry));
	SimRng		g = {seed};
	GammaGammaParams p;
	FitOutcome	o;

	for (size_t i = 0; i < customers; i++)
	{
		int			x = 1 + (int) floor(-3.0 * log(sim_uniform(&g)));

		e[i] = (HistogramEntry) {{x, sim_spend(&g, truth, x), 0}, 1};
	}
	gg_fit(e, customers, NULL, &p, &o);
	printf("# Gamma-Gamma (%g, %g, %g): p %.4g (%+.1f%%), q %.4g (%+.1f%%), v %.4g (%+.1f%%)\n",
		   truth->p, truth->q, truth->v, p.p, 100 * (p.p / truth->p - 1),
		   p.q, 100 * (p.q / truth->q - 1), p.v, 100 * (p.v / truth->v - 1));
	CHECK(o.converged && rel(p.p, truth->p) < 0.1 && rel(p.q, truth->q) < 0.1 && rel(p.v, truth->v) < 0.1,
		  "Gamma-Gamma p = %g, q = %g, v = %g recovered within 10%% from 100,000 customers",
		  truth->p, truth->q, truth->v);
	free(e);
}

static void
test_recovery(void)
{
	BgnbdParams cdnow_like = {0.25, 4.0, 0.8, 2.5};
	BgnbdParams frequent = {1.5, 10.0, 0.3, 3.0};
	BgnbdParams churny = {0.7, 2.0, 1.5, 6.0};
	GammaGammaParams gg1 = {6, 4, 15};
	GammaGammaParams gg2 = {2, 8, 100};

	check_recovery("r 0.25, alpha 4, a 0.8, b 2.5, t_x in days", &cdnow_like, true, 11);
	check_recovery("r 1.5, alpha 10, a 0.3, b 3, t_x continuous", &frequent, false, 12);
	check_recovery("r 0.7, alpha 2, a 1.5, b 6, t_x in days", &churny, true, 13);
	check_gg_recovery(&gg1, 21);
	check_gg_recovery(&gg2, 22);
}

/* ---- the penalizer ---- */

static double
penalty_of(const BgnbdParams *p)
{
	double		as = p->alpha / CDNOW_MAX_T;

	return p->r * p->r + as * as + p->a * p->a + p->b * p->b;
}

/* What bgnbd_fit minimises, up to a constant: -(sum LL) / N + pen P. */
static double
penalised(const BgnbdParams *p, double pen)
{
	return -sum_bgnbd_loglik(p, cdnow_bg, cdnow_n_bg) / cdnow_n_bg + pen * penalty_of(p);
}

static void
test_penalizer(void)
{
	static const double pens[] = {0.001, 0.01, 0.1, 1.0};
	HistogramEntry *e = copy_entries(cdnow_bg, cdnow_n_bg, 0);
	BgnbdParams plain,
				prev;
	FitOutcome	o;
	bool		lower = true,
				shrinks = true,
				converged = true;

	bgnbd_fit(e, cdnow_n_bg, 0.0, NULL, &plain, &o);
	prev = plain;
	for (size_t i = 0; i < sizeof(pens) / sizeof(pens[0]); i++)
	{
		BgnbdParams p;

		bgnbd_fit(e, cdnow_n_bg, pens[i], NULL, &p, &o);
		printf("# penalizer %g: r %.4g, alpha %.4g, a %.4g, b %.4g, LL %.2f, objective %.6f "
			   "(plain fit's %.6f)\n", pens[i], p.r, p.alpha, p.a, p.b, o.loglik,
			   penalised(&p, pens[i]), penalised(&plain, pens[i]));
		converged = converged && o.converged;
		lower = lower && penalised(&p, pens[i]) < penalised(&plain, pens[i]) - 1e-9;
		shrinks = shrinks && penalty_of(&p) < penalty_of(&prev);
		prev = p;
	}
	CHECK(converged, "penalised CDNOW fits converge (penalizer 0.001 .. 1)");
	CHECK(lower, "each penalised fit's objective is below the plain fit's evaluated with the penalty");
	CHECK(shrinks, "r^2 + (alpha / max T)^2 + a^2 + b^2 shrinks as the penalizer grows");
	/* small penalizers shrink a and b first; r and alpha may rise a little */
	CHECK(prev.r < plain.r && prev.alpha < plain.alpha && prev.a < plain.a && prev.b < plain.b,
		  "with penalizer 1 every parameter is below the plain fit's");
	free(e);
}

/* ---- degenerate input ---- */

static void
check_degenerate_bg(const char *name, HistogramEntry *e, size_t n, bool identified)
{
	BgnbdParams p;
	FitOutcome	o;

	bgnbd_fit(e, n, 0.0, NULL, &p, &o);
	CHECK(bg_sane(&p) && isfinite(o.loglik) && o.converged == identified,
		  "%s: finite parameters (r %.3g, alpha %.3g, a %.3g, b %.3g), converged %s",
		  name, p.r, p.alpha, p.a, p.b, identified ? "true" : "false");
}

static void
test_degenerate_bgnbd(void)
{
	HistogramEntry *e = copy_entries(cdnow_bg, cdnow_n_bg, 1);
	HistogramEntry one = {{0, 0, 39}, 1};
	BgnbdParams plain,
				p;
	FitOutcome	o;

	for (size_t i = 0; i < cdnow_n_bg; i++)
		e[i] = (HistogramEntry) {{0, 0, cdnow_bg[i].v[2]}, 1};
	check_degenerate_bg("every customer x = 0", e, cdnow_n_bg, false);
	check_degenerate_bg("one customer, x = 0", &one, 1, false);
	one = (HistogramEntry) {{3, 20, 39}, 1};
	check_degenerate_bg("one customer, x = 3", &one, 1, false);
	one.count = 100000;
	check_degenerate_bg("100,000 identical customers in one entry", &one, 1, false);
	for (size_t i = 0; i < cdnow_n_bg; i++)
		e[i] = (HistogramEntry) {{2, 30.43, 38.86}, 1};
	check_degenerate_bg("2,357 identical entries", e, cdnow_n_bg, false);
	one = (HistogramEntry) {{1000, 38, 39}, 1};
	check_degenerate_bg("one customer, x = 1000", &one, 1, false);
	for (size_t i = 0; i < cdnow_n_bg; i++)
		e[i] = (HistogramEntry) {{1000, 0.9 * cdnow_bg[i].v[2], cdnow_bg[i].v[2]}, 1};
	check_degenerate_bg("every customer x = 1000", e, cdnow_n_bg, false);
	for (size_t i = 0; i < cdnow_n_bg; i++)
		e[i] = (HistogramEntry) {{0, 0, 0}, 1};
	check_degenerate_bg("every customer T = 0", e, cdnow_n_bg, false);

	/* identified ones, with outliers */
	memcpy(e, cdnow_bg, cdnow_n_bg * sizeof(HistogramEntry));
	e[cdnow_n_bg] = (HistogramEntry) {{1000, 38, 38.86}, 1};
	check_degenerate_bg("CDNOW plus a customer with x = 1000", e, cdnow_n_bg + 1, true);
	memcpy(e, cdnow_bg, cdnow_n_bg * sizeof(HistogramEntry));
	e[cdnow_n_bg] = (HistogramEntry) {{0, 0, 1e6}, 1};
	check_degenerate_bg("CDNOW plus a customer with T = 1e6", e, cdnow_n_bg + 1, true);

	/* the time unit changes alpha alone */
	memcpy(e, cdnow_bg, cdnow_n_bg * sizeof(HistogramEntry));
	bgnbd_fit(e, cdnow_n_bg, 0.0, NULL, &plain, &o);
	for (size_t i = 0; i < cdnow_n_bg; i++)
		e[i] = (HistogramEntry) {{cdnow_bg[i].v[0], cdnow_bg[i].v[1] * 1e6 / CDNOW_MAX_T,
			cdnow_bg[i].v[2] * 1e6 / CDNOW_MAX_T}, 1};
	bgnbd_fit(e, cdnow_n_bg, 0.0, NULL, &p, &o);
	CHECK(o.converged && rel(p.r, plain.r) < 1e-6 && rel(p.alpha, plain.alpha * 1e6 / CDNOW_MAX_T) < 1e-6 &&
		  rel(p.a, plain.a) < 1e-6 && rel(p.b, plain.b) < 1e-6,
		  "CDNOW with T up to 1e6: r, a, b unchanged, alpha scaled by 1e6 / 38.86 (%.6g)", p.alpha);
	free(e);
}

static void
check_degenerate_gg(const char *name, HistogramEntry *e, size_t n, bool identified)
{
	GammaGammaParams p;
	FitOutcome	o;

	gg_fit(e, n, NULL, &p, &o);
	CHECK(gg_params_valid(&p) && isfinite(o.loglik) && o.converged == identified,
		  "Gamma-Gamma, %s: finite parameters (p %.3g, q %.3g, v %.3g), converged %s",
		  name, p.p, p.q, p.v, identified ? "true" : "false");
}

static void
test_degenerate_gg(void)
{
	HistogramEntry *e = copy_entries(cdnow_gg, cdnow_n_gg, 1);
	HistogramEntry one = {{3, 25, 0}, 1};
	GammaGammaParams plain,
				p;
	FitOutcome	o;

	check_degenerate_gg("one customer", &one, 1, false);
	one.count = 946;
	check_degenerate_gg("946 identical customers", &one, 1, false);
	/*
	 * One purchase each still identifies the model: m is then beta-prime
	 * with parameters p, q and scale v.
	 */
	for (size_t i = 0; i < cdnow_n_gg; i++)
		e[i].v[0] = 1;
	check_degenerate_gg("CDNOW spends with x = 1 for everyone", e, cdnow_n_gg, true);
	memcpy(e, cdnow_gg, cdnow_n_gg * sizeof(HistogramEntry));
	e[cdnow_n_gg] = (HistogramEntry) {{1000, 25, 0}, 1};
	check_degenerate_gg("CDNOW plus x = 1000", e, cdnow_n_gg + 1, true);

	/* the currency unit changes v alone */
	memcpy(e, cdnow_gg, cdnow_n_gg * sizeof(HistogramEntry));
	gg_fit(e, cdnow_n_gg, NULL, &plain, &o);
	for (int k = 0; k < 4; k++)
	{
		static const double scales[4] = {1e-30, 1e-9, 1e9, 1e30};
		double		scale = scales[k];

		for (size_t i = 0; i < cdnow_n_gg; i++)
			e[i] = (HistogramEntry) {{cdnow_gg[i].v[0], cdnow_gg[i].v[1] * scale, 0}, 1};
		gg_fit(e, cdnow_n_gg, NULL, &p, &o);
		CHECK(o.converged && rel(p.p, plain.p) < 1e-6 && rel(p.q, plain.q) < 1e-6 &&
			  rel(p.v, plain.v * scale) < 1e-6,
			  "CDNOW spend times %g: p, q unchanged, v scaled (%.6g)", scale, p.v);
	}
	free(e);
}

/* ---- the poll ---- */

static void
test_poll(void)
{
	HistogramEntry *e = copy_entries(cdnow_bg, cdnow_n_bg, 0);
	HistogramEntry *eg = copy_entries(cdnow_gg, cdnow_n_gg, 0);
	BgnbdParams p;
	GammaGammaParams gp;
	FitOutcome	o;

	polls = 0;
	bgnbd_fit(e, cdnow_n_bg, 0.0, count_poll, &p, &o);
	CHECK(polls > o.iterations, "bgnbd_fit polls once per evaluation (%d polls, %d iterations)",
		  polls, o.iterations);
	polls = 0;
	gg_fit(eg, cdnow_n_gg, count_poll, &gp, &o);
	CHECK(polls > o.iterations, "gg_fit polls once per evaluation (%d polls, %d iterations)",
		  polls, o.iterations);
	free(e);
	free(eg);
}

/* ---- timings ---- */

static void
test_timing(void)
{
	BgnbdParams truth = {0.25, 4.0, 0.8, 2.5};
	const char *env = getenv("PORTFOLIO_UNIT_FIT_CUSTOMERS");
	size_t		customers = env ? (size_t) atol(env) : 1000000;
	HistogramEntry *e = copy_entries(cdnow_bg, cdnow_n_bg, 0);
	SimRng		g = {31};
	BgnbdParams p;
	FitOutcome	o;
	clock_t		start = clock();
	double		secs;
	int			rounds = 20;

	for (int i = 0; i < rounds; i++)
	{
		memcpy(e, cdnow_bg, cdnow_n_bg * sizeof(HistogramEntry));
		bgnbd_fit(e, cdnow_n_bg, 0.0, NULL, &p, &o);
	}
	printf("# CDNOW BG/NBD fit: %.2f ms (CPU, mean of %d)\n",
		   1000.0 * (double) (clock() - start) / CLOCKS_PER_SEC / rounds, rounds);
	free(e);

	/* every customer distinct: continuous T in (0, 52] and t_x */
	e = malloc(customers * sizeof(HistogramEntry));
	for (size_t i = 0; i < customers; i++)
	{
		double		T = 52.0 * sim_uniform(&g);
		double		x,
					tx;

		sim_bgnbd(&g, &truth, T, &x, &tx);
		e[i] = (HistogramEntry) {{x, tx, T}, 1};
	}
	start = clock();
	bgnbd_fit(e, customers, 0.0, NULL, &p, &o);
	secs = (double) (clock() - start) / CLOCKS_PER_SEC;
	printf("# BG/NBD fit of %zu distinct entries: %.2f s CPU, %d iterations; "
		   "r %.4g, alpha %.4g, a %.4g, b %.4g\n", customers, secs, o.iterations, p.r, p.alpha, p.a, p.b);
	CHECK(o.converged && rel(p.r, truth.r) < 0.1 && rel(p.alpha, truth.alpha) < 0.1 &&
		  rel(p.a, truth.a) < 0.2 && rel(p.b, truth.b) < 0.2,
		  "the %zu-entry fit converges near the truth", customers);
	CHECK(secs < 30.0, "and takes %.2f s (well under 30)", secs);
	free(e);
}

void
test_fit_core(void)
{
	bool		loaded = load_cdnow();

	CHECK(loaded, "read the %d CDNOW customers (%d repeat buyers) from %s",
		  CDNOW_CUSTOMERS, CDNOW_REPEAT_BUYERS, CDNOW_PATH);
	test_loglik_values();
	if (!loaded)
		return;					/* the failed check above says why */
	test_loglik_naive();
	test_cdnow_bgnbd();
	test_cdnow_gg();
	test_standard_errors();
	test_expected_spend();
	test_gradients();
	test_objective_definition();
	test_recovery();
	test_penalizer();
	test_degenerate_bgnbd();
	test_degenerate_gg();
	test_poll();
	test_timing();
}
