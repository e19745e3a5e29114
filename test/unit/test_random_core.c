/*
 * test_random_core.c
 *		The seeded generator against independently computed outputs, the
 *		moments of its uniform, gamma and beta draws, and the BG/NBD
 *		simulator against the model's closed forms.
 *
 * Every statistical check allows 6 standard errors of the sample statistic:
 * with a few dozen such checks a false alarm has odds of about 1e-7, and
 * the seeds are fixed, so a pass is a pass on every run.
 */
#include "unit.h"
#include "bgnbd_simulate_core.h"
#include "random_core.h"

#include <float.h>
#include <stdbool.h>

#define DRAWS		1000000
#define CUSTOMERS	200000

/* Sample mean and variance, accumulated around a known centre for accuracy. */
typedef struct Moments
{
	double		centre;
	double		sum;
	double		sum2;
	long		n;
} Moments;

static void
moments_add(Moments *m, double x)
{
	double		d = x - m->centre;

	m->sum += d;
	m->sum2 += d * d;
	m->n++;
}

static double
moments_mean(const Moments *m)
{
	return m->centre + m->sum / m->n;
}

static double
moments_var(const Moments *m)
{
	double		d = m->sum / m->n;

	return m->sum2 / m->n - d * d;
}

/*
 * Mean and variance against the true ones; mu4 is the true fourth central
 * moment, which gives the standard error of the sample variance,
 * sqrt((mu4 - var^2) / n).
 */
static void
check_moments(const Moments *m, double mean, double var, double mu4, const char *what)
{
	double		se_mean = sqrt(var / m->n);
	double		se_var = sqrt((mu4 - var * var) / m->n);

	CHECK(fabs(moments_mean(m) - mean) <= 6 * se_mean,
		  "%s: mean %.6g, expected %.6g (se %.2g)", what, moments_mean(m), mean, se_mean);
	CHECK(fabs(moments_var(m) - var) <= 6 * se_var,
		  "%s: variance %.6g, expected %.6g (se %.2g)", what, moments_var(m), var, se_var);
}

/*
 * The state after seeding and the first outputs, from a 20-line Python
 * transcription of splitmix64 and xoshiro256** run by hand (integers mod
 * 2^64).  splitmix64's first output for seed 0, 0xe220a8397b1dcdaf, is also
 * the value quoted wherever splitmix64 is.  The first uniforms are the top
 * 53 bits of each output times 2^-53, so they are compared as integers.
 */
static void
test_known_outputs(void)
{
	static const uint64_t state0[4] = {
		UINT64_C(0xe220a8397b1dcdaf), UINT64_C(0x6e789e6aa1b965f4),
		UINT64_C(0x06c45d188009454f), UINT64_C(0xf88bb8a8724c81ec)
	};
	static const uint64_t top53_seed0[5] = {
		UINT64_C(0x133d8be6d96ebe), UINT64_C(0x17edc3ef092ac8), UINT64_C(0x34bf093a9267c),
		UINT64_C(0xd54b29e24c5a5), UINT64_C(0x1774b5a943f085)
	};
	static const uint64_t state_other[4] = {
		UINT64_C(0xb846dce505e9bf91), UINT64_C(0xc326f6f9c7f7f463),
		UINT64_C(0x2ec4e27be3115621), UINT64_C(0x2b458b95144c5d42)
	};
	static const uint64_t top53_other[5] = {
		UINT64_C(0x1d969e82695f56), UINT64_C(0x1f73a20cfa83e1), UINT64_C(0x56141ed68edf1),
		UINT64_C(0x18a2155e9bdbef), UINT64_C(0x5c035cf34ab9c)
	};
	Rng			rng;
	int			bad = 0;

	rng_seed(&rng, 0);
	for (int i = 0; i < 4; i++)
		bad += rng.s[i] != state0[i];
	CHECK(bad == 0, "seed 0: the splitmix64 state");
	for (int i = 0; i < 5; i++)
		bad += (uint64_t) (rng_uniform(&rng) * 9007199254740992.0) != top53_seed0[i];
	CHECK(bad == 0, "seed 0: the first five xoshiro256** uniforms");

	rng_seed(&rng, 20261123);
	for (int i = 0; i < 4; i++)
		bad += rng.s[i] != state_other[i];
	for (int i = 0; i < 5; i++)
		bad += (uint64_t) (rng_uniform(&rng) * 9007199254740992.0) != top53_other[i];
	CHECK(bad == 0, "seed 20261123: state and first five uniforms");
}

static void
test_reproducible(void)
{
	Rng			a,
				b,
				c;
	int			same = 0,
				differ = 0;

	rng_seed(&a, 42);
	rng_seed(&b, 42);
	rng_seed(&c, 43);
	for (int i = 0; i < 1000; i++)
	{
		double		x = rng_gamma(&a, 0.7);
		double		y = rng_gamma(&b, 0.7);

		same += x == y && rng_beta(&a, 2, 3) == rng_beta(&b, 2, 3);
		differ += rng_uniform(&a) != rng_uniform(&c);
		(void) rng_uniform(&b);
	}
	CHECK(same == 1000, "same seed: same gamma and beta draws");
	CHECK(differ == 1000, "seeds 42 and 43: different uniforms");
	rng_seed(&a, 0);
	rng_seed(&b, UINT64_MAX);
	differ = a.s[0] != b.s[0] && rng_uniform(&a) != rng_uniform(&b);
	CHECK(differ, "seeds 0 and 2^64 - 1 differ");
}

static void
test_uniform(void)
{
	Rng			rng;
	Moments		u = {0.5, 0, 0, 0};
	Moments		e = {1.0, 0, 0, 0};
	double		lo = 1,
				hi = 0;

	rng_seed(&rng, 1);
	for (int i = 0; i < DRAWS; i++)
	{
		double		x = rng_uniform(&rng);

		lo = fmin(lo, x);
		hi = fmax(hi, x);
		moments_add(&u, x);
		moments_add(&e, rng_exponential(&rng));
	}
	CHECK(lo > 0 && hi < 1, "uniform within (0, 1): min %.3g, max 1 - %.3g", lo, 1 - hi);
	/* uniform: var 1/12, mu4 1/80; exponential: var 1, mu4 9 */
	check_moments(&u, 0.5, 1.0 / 12, 1.0 / 80, "uniform");
	check_moments(&e, 1.0, 1.0, 9.0, "exponential");
}

/* Gamma(k): mean k, variance k, fourth central moment 3k(k + 2). */
static void
check_gamma(Rng *rng, double shape)
{
	Moments		m = {shape, 0, 0, 0};
	long		bad = 0;
	char		what[64];

	for (int i = 0; i < DRAWS; i++)
	{
		double		x = rng_gamma(rng, shape);

		bad += !(x >= 0) || isinf(x);
		moments_add(&m, x);
	}
	snprintf(what, sizeof(what), "gamma(%g)", shape);
	CHECK(bad == 0, "%s: every draw finite and >= 0", what);
	check_moments(&m, shape, shape, 3 * shape * (shape + 2), what);
}

/*
 * For tiny shapes the moments say little about the bulk of the mass, so the
 * distribution is checked where it lies: P(X < x) = x^k / Gamma(k + 1) up to
 * a factor 1 + O(k x).  x = 0 counts the draws that are exactly 0, which are
 * those with X < 2^-1075 (half the smallest double, not itself a double).
 */
static void
check_gamma_below(Rng *rng, double shape, double x)
{
	double		log_x = x > 0 ? log(x) : -1075 * log(2.0);
	double		p = exp(shape * log_x - lgamma(shape + 1));
	double		se = sqrt(p * (1 - p) / DRAWS);
	long		below = 0;

	for (int i = 0; i < DRAWS; i++)
	{
		double		g = rng_gamma(rng, shape);

		below += x > 0 ? g < x : g == 0;
	}
	CHECK(fabs((double) below / DRAWS - p) <= 6 * se,
		  "gamma(%g): P(draw %s %g) = %.4f, expected %.4f", shape, x > 0 ? "<" : "=", x,
		  (double) below / DRAWS, p);
}

static void
test_gamma(void)
{
	static const double shapes[] = {0.01, 0.3, 1, 2.5, 50};
	Rng			rng;

	rng_seed(&rng, 2);
	for (int i = 0; i < (int) (sizeof(shapes) / sizeof(shapes[0])); i++)
		check_gamma(&rng, shapes[i]);
	check_gamma_below(&rng, 1e-3, 1e-100);
	check_gamma_below(&rng, 1e-3, 0);
	check_gamma_below(&rng, 0.01, 1e-100);
	check_gamma_below(&rng, 1e-6, 0);
}

/* The n-th raw moment of Beta(a, b): prod_{i < n} (a + i) / (a + b + i). */
static double
beta_raw_moment(double a, double b, int n)
{
	double		m = 1;

	for (int i = 0; i < n; i++)
		m *= (a + i) / (a + b + i);
	return m;
}

static void
check_beta(Rng *rng, double a, double b)
{
	double		m1 = beta_raw_moment(a, b, 1);
	double		m2 = beta_raw_moment(a, b, 2);
	double		m3 = beta_raw_moment(a, b, 3);
	double		m4 = beta_raw_moment(a, b, 4);
	double		var = a * b / ((a + b) * (a + b) * (a + b + 1));
	double		mu4 = m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 * m1 * m1 * m1;
	Moments		m = {m1, 0, 0, 0};
	char		what[64];

	for (int i = 0; i < DRAWS; i++)
		moments_add(&m, rng_beta(rng, a, b));
	snprintf(what, sizeof(what), "beta(%g, %g)", a, b);
	check_moments(&m, m1, var, mu4, what);
}

static void
test_beta(void)
{
	Rng			rng;

	rng_seed(&rng, 3);
	check_beta(&rng, 0.5, 0.5);
	check_beta(&rng, 2, 5);
	check_beta(&rng, 0.793, 2.426);
	check_beta(&rng, 0.01, 0.02);
	check_beta(&rng, 1e-3, 1e-3);
	check_beta(&rng, 0.1, 50);
	check_beta(&rng, 300, 100);
}

/* Every draw inside (0, 1) for every pair of shapes from 1e-3 to 1e3. */
static void
test_beta_range(void)
{
	static const double shapes[] = {1e-3, 1e-2, 0.1, 0.5, 1, 10, 100, 1e3};
	const int	nshapes = (int) (sizeof(shapes) / sizeof(shapes[0]));
	Rng			rng;
	long		bad = 0,
				total = 0;

	rng_seed(&rng, 4);
	for (int i = 0; i < nshapes; i++)
		for (int j = 0; j < nshapes; j++)
			for (int k = 0; k < 20000; k++, total++)
			{
				double		x = rng_beta(&rng, shapes[i], shapes[j]);

				bad += !(x > 0 && x < 1);
			}
	CHECK(bad == 0, "beta: %ld draws with shapes 1e-3..1e3, none NaN, 0 or 1 (%ld bad)", total, bad);
	rng_seed(&rng, 5);
	bad = 0;
	for (int k = 0; k < 10000; k++)
	{
		double		x = rng_beta(&rng, 1e-300, 1e-300);

		bad += !(x > 0 && x < 1);
	}
	CHECK(bad == 0, "beta(1e-300, 1e-300): both gammas underflow, still inside (0, 1)");
}

/* 2F1(a, b; c; z) by its series, for 0 <= z <= 0.6 where it converges fast. */
static double
hyp2f1(double a, double b, double c, double z)
{
	double		term = 1,
				sum = 1;

	for (int k = 0; k < 1000 && fabs(term) > 1e-17 * fabs(sum); k++)
	{
		term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z;
		sum += term;
	}
	return sum;
}

/* E[X(t)] of a new customer (Fader, Hardie and Lee 2005, eq. 9), a > 1. */
static double
expected_repeats(const BgnbdParams *m, double t)
{
	double		z = t / (m->alpha + t);

	return (m->a + m->b - 1) / (m->a - 1) *
		(1 - pow(m->alpha / (m->alpha + t), m->r) * hyp2f1(m->r, m->b, m->a + m->b - 1, z));
}

/*
 * CUSTOMERS customers observed for age T: the mean number of repeat
 * purchases against E[X(T)], the share with none against
 * P(X(T) = 0) = (alpha / (alpha + T))^r, and every customer's rows: t = 0
 * first, then strictly increasing times below T.
 */
static void
check_simulation(const BgnbdParams *m, double T, uint64_t seed)
{
	Rng			rng;
	Moments		x = {expected_repeats(m, T), 0, 0, 0};
	long		none = 0,
				bad_first = 0,
				bad_order = 0,
				bad_alive = 0;
	double		p0 = pow(m->alpha / (m->alpha + T), m->r);

	rng_seed(&rng, seed);
	for (int i = 0; i < CUSTOMERS; i++)
	{
		BgnbdSimCustomer c;
		int			repeats = 0;
		double		last;

		bgnbd_sim_start(&c, &rng, m);
		bad_first += !bgnbd_sim_next(&c, &rng, T) || c.t != 0;
		last = c.t;
		while (bgnbd_sim_next(&c, &rng, T))
		{
			bad_order += !(c.t > last && c.t < T);
			last = c.t;
			repeats++;
		}
		bad_alive += repeats == 0 && !c.alive;
		none += repeats == 0;
		moments_add(&x, repeats);
	}
	{
		double		se = sqrt(moments_var(&x) / x.n);
		double		se0 = sqrt(p0 * (1 - p0) / CUSTOMERS);

		CHECK(bad_first == 0 && bad_order == 0,
			  "simulate T = %g: first row t = 0, then strictly increasing times < T", T);
		CHECK(bad_alive == 0, "simulate T = %g: no repeat purchase, no dropout", T);
		CHECK(fabs(moments_mean(&x) - x.centre) <= 6 * se,
			  "simulate T = %g: mean repeats %.5f, E[X(T)] = %.5f (se %.2g)", T,
			  moments_mean(&x), x.centre, se);
		CHECK(fabs((double) none / CUSTOMERS - p0) <= 6 * se0,
			  "simulate T = %g: share without repeats %.5f, P(X(T) = 0) = %.5f", T,
			  (double) none / CUSTOMERS, p0);
	}
}

/* lambda and p as drawn: means r / alpha and a / (a + b). */
static void
test_simulation_draws(void)
{
	const BgnbdParams m = {2, 20, 2, 5};
	Rng			rng;
	Moments		lambda = {0.1, 0, 0, 0};
	Moments		p = {2.0 / 7, 0, 0, 0};

	rng_seed(&rng, 6);
	for (int i = 0; i < CUSTOMERS; i++)
	{
		BgnbdSimCustomer c;

		bgnbd_sim_start(&c, &rng, &m);
		moments_add(&lambda, c.lambda);
		moments_add(&p, c.p);
	}
	/* Gamma(r, rate alpha): var r / alpha^2, mu4 3 r (r + 2) / alpha^4 */
	check_moments(&lambda, 0.1, 2.0 / 400, 3.0 * 2 * 4 / 160000, "simulated lambda");
	check_moments(&p, 2.0 / 7, 10.0 / (49 * 8),
				  beta_raw_moment(2, 5, 4) - 4 * (2.0 / 7) * beta_raw_moment(2, 5, 3) +
				  6 * (4.0 / 49) * beta_raw_moment(2, 5, 2) - 3 * pow(2.0 / 7, 4),
				  "simulated p");
}

/*
 * Ages 0 and below, lambda 0, lambda infinite, and reproducibility.  CHECK
 * evaluates its condition twice, so the calls are made before it.
 */
static void
test_simulation_edges(void)
{
	const BgnbdParams m = {0.5, 10, 1.5, 3};
	BgnbdSimCustomer c,
				d;
	Rng			rng,
				rng2;
	int			rows = 0,
				same = 0;
	bool		increasing = true;
	bool		first,
				second,
				third;

	rng_seed(&rng, 7);
	bgnbd_sim_start(&c, &rng, &m);
	c.lambda = 1e6;
	first = bgnbd_sim_next(&c, &rng, 0) && c.t == 0;
	second = bgnbd_sim_next(&c, &rng, 0);
	third = bgnbd_sim_next(&c, &rng, 0);
	CHECK(first && !second && !third, "age 0: the first purchase only, even for a huge lambda");
	bgnbd_sim_start(&c, &rng, &m);
	first = bgnbd_sim_next(&c, &rng, -1);
	second = bgnbd_sim_next(&c, &rng, -1);
	CHECK(!first && !second, "age -1: no rows");
	bgnbd_sim_start(&c, &rng, &m);
	first = bgnbd_sim_next(&c, &rng, NAN);
	CHECK(!first, "age NaN: no rows");
	bgnbd_sim_start(&c, &rng, &m);
	c.lambda = 0;
	first = bgnbd_sim_next(&c, &rng, INFINITY);
	second = bgnbd_sim_next(&c, &rng, INFINITY);
	CHECK(first && !second && c.alive, "lambda 0, infinite age: the first purchase only, still alive");

	bgnbd_sim_start(&c, &rng, &m);
	c.lambda = INFINITY;
	c.p = 1e-300;
	(void) bgnbd_sim_next(&c, &rng, 1);
	for (double last = c.t; rows < 1000 && bgnbd_sim_next(&c, &rng, 1); rows++, last = c.t)
		increasing = increasing && c.t > last;
	CHECK(rows == 1000 && increasing && c.t > 0 && c.t < 1e-300,
		  "infinite lambda: gaps of 0 still give strictly increasing times (last %.3g)", c.t);

	rng_seed(&rng, 8);
	rng_seed(&rng2, 8);
	rows = 0;
	for (int i = 0; i < 1000; i++)
	{
		bgnbd_sim_start(&c, &rng, &m);
		bgnbd_sim_start(&d, &rng2, &m);
		while (bgnbd_sim_next(&c, &rng, 50))
		{
			same += bgnbd_sim_next(&d, &rng2, 50) && c.t == d.t;
			rows++;
		}
		same += !bgnbd_sim_next(&d, &rng2, 50);
		rows++;
	}
	CHECK(same == rows, "same seed: the same %d rows", rows);
}

void
test_random_core(void)
{
	test_known_outputs();
	test_reproducible();
	test_uniform();
	test_gamma();
	test_beta();
	test_beta_range();
	{
		const BgnbdParams m1 = {0.5, 10, 1.5, 3};
		const BgnbdParams m2 = {2, 20, 2, 5};
		const BgnbdParams m3 = {0.243, 4.414, 1.2, 2.426};

		check_simulation(&m1, 12, 11);
		check_simulation(&m2, 25, 12);
		check_simulation(&m3, 6, 13);
	}
	test_simulation_draws();
	test_simulation_edges();
}
