/*
 * bgnbd_simulate_core.c
 *		Customers and their purchases drawn from a BG/NBD model, one purchase
 *		per call (Fader, Hardie and Lee 2005, "Counting your customers the
 *		easy way").
 */
#include "bgnbd_simulate_core.h"

#include <math.h>

/* lambda ~ Gamma(r, rate alpha) is a Gamma(r) draw over alpha. */
void
bgnbd_sim_start(BgnbdSimCustomer *c, Rng *rng, const BgnbdParams *m)
{
	c->lambda = rng_gamma(rng, m->r) / m->alpha;
	c->p = rng_beta(rng, m->a, m->b);
	c->t = 0.0;
	c->started = false;
	c->alive = true;
	c->ended = false;
}

/*
 * The gap to the next repeat purchase is exponential with rate lambda.
 * lambda = 0 (a gamma draw that underflowed) gives an infinite gap, hence no
 * repeat purchase.  A lambda so large that t + gap rounds to t gives the next
 * double after t instead, so times stay strictly increasing and the walk to
 * age always moves on.
 */
static double
next_purchase_time(const BgnbdSimCustomer *c, Rng *rng)
{
	double		next = c->t + rng_exponential(rng) / c->lambda;

	if (next <= c->t)
		next = nextafter(c->t, INFINITY);
	return next;
}

/*
 * The dropout coin is thrown right after each repeat purchase, as the model
 * has it, so alive tells whether the customer is still alive at the last
 * purchase returned and, once ended, at age.  A customer without repeat
 * purchases never drops out.
 */
bool
bgnbd_sim_next(BgnbdSimCustomer *c, Rng *rng, double age)
{
	double		next;

	if (!c->started)
	{
		c->started = true;
		c->t = 0.0;
		if (age >= 0.0)
			return true;
		c->ended = true;
		return false;
	}
	if (c->ended)
		return false;
	next = next_purchase_time(c, rng);
	if (!(next < age))
	{
		c->ended = true;
		return false;
	}
	c->t = next;
	if (rng_uniform(rng) < c->p)
	{
		c->alive = false;
		c->ended = true;
	}
	return true;
}
