/*
 * random_core.c
 *		A seeded generator (splitmix64 seeding xoshiro256**) and the uniform,
 *		exponential, gamma and beta draws the simulators need.
 *
 * Both generators follow the published descriptions by Blackman and Vigna
 * (xoshiro256** 1.0 and the splitmix64 seeder they recommend for it).  The
 * integer sequence depends on the seed alone; the non-uniform draws add only
 * log, exp and sqrt from the C library.
 */
#include "random_core.h"

#include <float.h>
#include <math.h>

/* 2^-53: one step of the 53-bit grid rng_uniform draws from. */
#define RNG_STEP_53		(1.0 / 9007199254740992.0)

/* The open interval a beta draw is clamped to (see rng_beta). */
#define BETA_LOWEST		DBL_MIN
#define BETA_HIGHEST	(1.0 - DBL_EPSILON / 2)

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/*
 * One splitmix64 step: a Weyl sequence scrambled by a bijective mixer.  Used
 * only to spread an arbitrary 64-bit seed over the 256-bit xoshiro state.
 */
static uint64_t
splitmix64_next(uint64_t *state)
{
	uint64_t	z;

	*state += UINT64_C(0x9e3779b97f4a7c15);
	z = *state;
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/*
 * The four state words are the mixer applied to four consecutive Weyl
 * values.  The mixer is a bijection, so at most one of them can be zero (the
 * all-zero state, xoshiro's only invalid one, cannot happen) and distinct
 * seeds give distinct first words, hence distinct states.
 */
void
rng_seed(Rng *rng, uint64_t seed)
{
	uint64_t	sm = seed;

	for (int i = 0; i < 4; i++)
		rng->s[i] = splitmix64_next(&sm);
}

/* One xoshiro256** output. */
static uint64_t
rng_next(Rng *rng)
{
	uint64_t   *s = rng->s;
	uint64_t	result = rotl(s[1] * 5, 7) * 9;
	uint64_t	t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return result;
}

/*
 * k / 2^53 for the top 53 bits k of one output: every value is exact and
 * below 1.  k = 0 (probability 2^-53) is drawn again rather than nudged, so
 * the result is uniform on the grid {1, ..., 2^53 - 1} / 2^53 and log(u) is
 * always finite.
 */
double
rng_uniform(Rng *rng)
{
	uint64_t	k;

	do
		k = rng_next(rng) >> 11;
	while (k == 0);
	return (double) k * RNG_STEP_53;
}

/* u < 1, so the draw is > 0; u >= 2^-53, so it is at most 36.74. */
double
rng_exponential(Rng *rng)
{
	return -log(rng_uniform(rng));
}

/*
 * Standard normal by Marsaglia's polar method: no trigonometry, and s = 0 is
 * rejected with the points outside the unit disc.  The second normal of the
 * pair is dropped because Rng has no room to keep it.
 */
static double
rng_normal(Rng *rng)
{
	double		u,
				v,
				s;

	do
	{
		u = 2.0 * rng_uniform(rng) - 1.0;
		v = 2.0 * rng_uniform(rng) - 1.0;
		s = u * u + v * v;
	} while (s >= 1.0 || s == 0.0);
	return u * sqrt(-2.0 * log(s) / s);
}

/*
 * Gamma(shape >= 1) by Marsaglia and Tsang (2000): d (1 + c x)^3 for a
 * normal x, accepted by a cheap squeeze first and the exact log test second.
 * A v whose cube underflows to 0 has log v = -inf and is rejected, and the
 * squeeze cannot accept it (x^4 >= 81 d^2 >= 36 there), so the result is
 * positive.
 */
static double
gamma_at_least_one(Rng *rng, double shape)
{
	const double d = shape - 1.0 / 3.0;
	const double c = 1.0 / sqrt(9.0 * d);

	for (;;)
	{
		double		x = rng_normal(rng);
		double		v = 1.0 + c * x;
		double		u,
					x2;

		if (v <= 0.0)
			continue;
		v = v * v * v;
		u = rng_uniform(rng);
		x2 = x * x;
		if (u < 1.0 - 0.0331 * x2 * x2)
			return d * v;
		if (log(u) < 0.5 * x2 + d * (1.0 - v + log(v)))
			return d * v;
	}
}

/*
 * The log of a Gamma(shape) draw.  Below shape 1 it is
 * ln Gamma(shape + 1) + ln(U) / shape (Marsaglia and Tsang's boost), which
 * stays finite for any shape above about 2e-307 even where the draw itself is
 * far below the smallest double.
 */
static double
log_gamma_draw(Rng *rng, double shape)
{
	if (shape >= 1.0)
		return log(gamma_at_least_one(rng, shape));
	return log(gamma_at_least_one(rng, shape + 1.0)) + log(rng_uniform(rng)) / shape;
}

double
rng_gamma(Rng *rng, double shape)
{
	if (shape >= 1.0)
		return gamma_at_least_one(rng, shape);
	return exp(log_gamma_draw(rng, shape));
}

/*
 * X / (X + Y) for X ~ Gamma(a), Y ~ Gamma(b), from their logs: with
 * d = ln Y - ln X it is 1 / (1 + e^d), and e^-d / (1 + e^-d) when d > 0, so
 * the exponential never overflows and two draws that both underflow a double
 * still give their true ratio.  Equal logs (both -inf included) give 1/2.
 * Tiny shapes put much of the mass closer to 0 or 1 than a double resolves;
 * those draws are clamped to [DBL_MIN, 1 - 2^-53] so the result is always
 * inside (0, 1) and 1 / x and 1 / (1 - x) stay finite.
 */
double
rng_beta(Rng *rng, double a, double b)
{
	double		lx = log_gamma_draw(rng, a);
	double		ly = log_gamma_draw(rng, b);
	double		x;

	if (lx == ly)
		x = 0.5;
	else if (lx > ly)
		x = 1.0 / (1.0 + exp(ly - lx));
	else
	{
		double		e = exp(lx - ly);

		x = e / (1.0 + e);
	}
	return fmin(fmax(x, BETA_LOWEST), BETA_HIGHEST);
}
