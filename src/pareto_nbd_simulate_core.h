/*
 * pareto_nbd_simulate_core.h
 *		Draw customers and their purchases from a Pareto/NBD model.  Pure C.
 *
 * Each customer gets lambda ~ Gamma(r, rate alpha) and mu ~ Gamma(s, rate
 * beta) and a lifetime tau ~ Exponential(mu); its first purchase is at
 * t = 0, repeat purchases follow a Poisson process of rate lambda until tau
 * or the observation age.  One purchase per call, as bgnbd_simulate_core.h.
 */
#ifndef PORTFOLIO_PARETO_NBD_SIMULATE_CORE_H
#define PORTFOLIO_PARETO_NBD_SIMULATE_CORE_H

#include <stdbool.h>

#include "pareto_nbd_core.h"
#include "random_core.h"

typedef struct ParetoSimCustomer
{
	double		lambda;
	double		lifetime;		/* tau: the customer is gone from then on */
	double		t;				/* time of the last purchase returned */
	bool		started;
	bool		ended;
} ParetoSimCustomer;

extern void pareto_nbd_sim_start(ParetoSimCustomer *c, Rng *rng, const ParetoNbdParams *m);

/* The next purchase time (t = 0 first, whenever age >= 0); false when there is none. */
extern bool pareto_nbd_sim_next(ParetoSimCustomer *c, Rng *rng, double age);

#endif							/* PORTFOLIO_PARETO_NBD_SIMULATE_CORE_H */
