/*
 * bgnbd_simulate_core.h
 *		Draw customers and their purchases from a BG/NBD model.  Pure C.
 *
 * Each customer gets lambda ~ Gamma(r, rate alpha) and p ~ Beta(a, b); its
 * first purchase is at t = 0, repeat purchases follow a Poisson process of
 * rate lambda, and after each repeat purchase it drops out with probability
 * p.  Purchases stop at dropout or when t reaches the observation age.
 */
#ifndef PORTFOLIO_BGNBD_SIMULATE_CORE_H
#define PORTFOLIO_BGNBD_SIMULATE_CORE_H

#include <stdbool.h>

#include "bgnbd_core.h"
#include "random_core.h"

typedef struct BgnbdSimCustomer
{
	double		lambda;
	double		p;
	double		t;				/* time of the last purchase returned */
	bool		started;		/* the first purchase (t = 0) was returned */
	bool		alive;
} BgnbdSimCustomer;

/* Draw a new customer's lambda and p. */
extern void bgnbd_sim_start(BgnbdSimCustomer *c, Rng *rng, const BgnbdParams *m);

/* The time of the customer's next purchase in [0, age); false when none. */
extern bool bgnbd_sim_next(BgnbdSimCustomer *c, Rng *rng, double age);

#endif							/* PORTFOLIO_BGNBD_SIMULATE_CORE_H */
