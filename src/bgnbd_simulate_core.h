/*
 * bgnbd_simulate_core.h
 *		Draw customers and their purchases from a BG/NBD or MBG/NBD model.
 *		Pure C.
 *
 * Each customer gets lambda ~ Gamma(r, rate alpha) and p ~ Beta(a, b); its
 * first purchase is at t = 0, repeat purchases follow a Poisson process of
 * rate lambda, and after each repeat purchase it drops out with probability
 * p.  Purchases stop at dropout or when t reaches the observation age.
 *
 * A customer is bgnbd_sim_start followed by bgnbd_sim_next until it returns
 * false: one purchase per call, so the caller can check for interrupts
 * between rows even when lambda is huge and p tiny.
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
	bool		alive;			/* not dropped out (yet) */
	bool		ended;			/* dropped out or past age: no more purchases */
	bool		first_drop;		/* MBG/NBD: may drop out right after the first purchase */
} BgnbdSimCustomer;

/* Draw a new customer's lambda and p. */
extern void bgnbd_sim_start(BgnbdSimCustomer *c, Rng *rng, const BgnbdParams *m);

/*
 * The same for an MBG/NBD customer (Batislam, Denizel & Filiztekin 2007),
 * who also throws the drop-out coin right after its first purchase, at
 * t = 0; bgnbd_sim_next then walks it the same way.
 */
extern void mbgnbd_sim_start(BgnbdSimCustomer *c, Rng *rng, const BgnbdParams *m);

/*
 * The time of the customer's next purchase; false when there is none.  The
 * first call gives t = 0 whenever age >= 0 (also age = 0: every customer
 * has its first purchase), later calls the repeat purchases, strictly
 * increasing and < age.  Pass the same age on every call for a customer.
 */
extern bool bgnbd_sim_next(BgnbdSimCustomer *c, Rng *rng, double age);

#endif							/* PORTFOLIO_BGNBD_SIMULATE_CORE_H */
