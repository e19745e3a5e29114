/*
 * bgnbd_simulate_core.c
 *		Customers and their purchases drawn from a BG/NBD model, one purchase
 *		per call (Fader, Hardie and Lee 2005, "Counting your customers the
 *		easy way"), or from an MBG/NBD model (Batislam, Denizel and
 *		Filiztekin 2007).
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
	c->first_drop = false;
}

void
mbgnbd_sim_start(BgnbdSimCustomer *c, Rng *rng, const BgnbdParams *m)
{
	bgnbd_sim_start(c, rng, m);
	c->first_drop = true;
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
 * has it (and, for MBG/NBD, right after the first one), so alive tells
 * whether the customer is still alive at the last purchase returned and,
 * once ended, at age.  A BG/NBD customer without repeat purchases never
 * drops out.
 */
static void
drop_out_coin(BgnbdSimCustomer *c, Rng *rng)
{
	if (rng_uniform(rng) < c->p)
	{
		c->alive = false;
		c->ended = true;
	}
}

bool
bgnbd_sim_next(BgnbdSimCustomer *c, Rng *rng, double age)
{
	double		next;

	if (!c->started)
	{
		c->started = true;
		c->t = 0.0;
		if (age >= 0.0)
		{
			if (c->first_drop)
				drop_out_coin(c, rng);
			return true;
		}
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
	drop_out_coin(c, rng);
	return true;
}
