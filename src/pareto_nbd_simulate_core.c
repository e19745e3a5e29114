/*
 * pareto_nbd_simulate_core.c
 *		Customers and their purchases drawn from a Pareto/NBD model
 *		(Schmittlein, Morrison & Colombo 1987), one purchase per call.
 */
#include "pareto_nbd_simulate_core.h"

#include <math.h>

/*
 * lambda and mu are Gamma draws over their rates; the lifetime an
 * exponential draw over mu (mu = 0 from an underflowing draw: forever).
 */
void
pareto_nbd_sim_start(ParetoSimCustomer *c, Rng *rng, const ParetoNbdParams *m)
{
	double		mu;

	c->lambda = rng_gamma(rng, m->r) / m->alpha;
	mu = rng_gamma(rng, m->s) / m->beta;
	c->lifetime = rng_exponential(rng) / mu;
	c->t = 0.0;
	c->started = false;
	c->ended = false;
}

/*
 * Gaps exponential with rate lambda (lambda = 0: none); a gap that rounds
 * to nothing moves to the next double, so times strictly increase.
 */
bool
pareto_nbd_sim_next(ParetoSimCustomer *c, Rng *rng, double age)
{
	double		next;

	if (!c->started)
	{
		c->started = true;
		c->ended = !(age >= 0.0);
		return !c->ended;
	}
	if (c->ended)
		return false;
	next = c->t + rng_exponential(rng) / c->lambda;
	if (next <= c->t)
		next = nextafter(c->t, INFINITY);
	if (!(next < age) || !(next < c->lifetime))
	{
		c->ended = true;
		return false;
	}
	c->t = next;
	return true;
}
