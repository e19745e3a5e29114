/*
 * random_core.h
 *		A seeded pseudo-random generator and the draws the simulators need.
 *		Pure C, the same sequence on every platform for a given seed.
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

/* Uniform on the open interval (0, 1). */
extern double rng_uniform(Rng *rng);

/* Exponential with rate 1. */
extern double rng_exponential(Rng *rng);

/* Gamma with the given shape > 0 and scale 1. */
extern double rng_gamma(Rng *rng, double shape);

/* Beta(a, b), a, b > 0, on the open interval (0, 1). */
extern double rng_beta(Rng *rng, double a, double b);

#endif							/* PORTFOLIO_RANDOM_CORE_H */
