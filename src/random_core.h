/*
 * random_core.h
 *		A seeded pseudo-random generator and the draws the simulators need.
 *		Pure C, the same sequence on every platform for a given seed.
 *
 * The generator is xoshiro256** seeded by splitmix64 (Blackman and Vigna);
 * the whole state is the Rng, so there is no global state.  The integer
 * sequence is the same everywhere; the non-uniform draws also go through the
 * C library's log, exp and sqrt, which can differ in the last bit between
 * C libraries.  Shapes must be finite and > 0: callers validate them.
 */
#ifndef PORTFOLIO_RANDOM_CORE_H
#define PORTFOLIO_RANDOM_CORE_H

#include <stdint.h>

typedef struct Rng
{
	uint64_t	s[4];
} Rng;

/* Seed from any 64-bit value (every seed gives a distinct, valid state). */
extern void rng_seed(Rng *rng, uint64_t seed);

/* Uniform on the open interval (0, 1): a multiple of 2^-53, never 0 or 1. */
extern double rng_uniform(Rng *rng);

/* Exponential with rate 1: -ln(u), in (0, 36.8]. */
extern double rng_exponential(Rng *rng);

/*
 * Gamma with the given shape > 0 and scale 1: Marsaglia and Tsang for
 * shape >= 1, Gamma(shape + 1) U^(1/shape) in log space below.  Small shapes
 * put real mass below the smallest double (about half of the draws for shape
 * 1e-3, nearly all for 1e-6): such a draw returns exactly 0.
 */
extern double rng_gamma(Rng *rng, double shape);

/*
 * Beta(a, b), a, b > 0, on the open interval (0, 1): X / (X + Y) of two
 * gamma draws taken in log space, so it is never NaN even when both
 * underflow.  Draws closer to 0 or 1 than a double resolves (common for
 * shapes near 1e-3) are clamped to [DBL_MIN, 1 - 2^-53].
 */
extern double rng_beta(Rng *rng, double a, double b);

#endif							/* PORTFOLIO_RANDOM_CORE_H */
