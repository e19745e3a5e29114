/*
 * bgnbd_core.h
 *		BG/NBD model (Fader, Hardie & Lee 2005): parameters and predictions.
 *
 * Pure C.  The callers (the SQL glue) have checked every argument:
 * parameters finite and > 0 (bgnbd_params_valid), x a whole number >= 0,
 * 0 <= t_x <= T finite with t_x = 0 when x = 0, t >= 0 finite, n >= 0.
 * Times are in the model's unit.  The predictions are computed in log space
 * and are finite for every such input unless the true value overflows a
 * double; the glue turns a non-finite result into an error.
 */
#ifndef PORTFOLIO_BGNBD_CORE_H
#define PORTFOLIO_BGNBD_CORE_H

#include <stdbool.h>

#include "interrupt_poll.h"
#include "numerics_core.h"
#include "purchase_model_core.h"

typedef struct BgnbdParams
{
	double		r;
	double		alpha;
	double		a;
	double		b;
} BgnbdParams;

/* Every parameter finite and > 0. */
extern bool bgnbd_params_valid(const BgnbdParams *m);

/* ln((alpha + T) / (alpha + t_x)) for 0 <= t_x <= T, finite for finite arguments. */
extern double bgnbd_log_age_ratio(double alpha, double tx, double T);

/* P(alive at T | x, t_x, T), within [0, 1], and its logarithm. */
extern double bgnbd_p_alive(const BgnbdParams *m, double x, double tx, double T);
extern double bgnbd_log_p_alive(const BgnbdParams *m, double x, double tx, double T);

/*
 * The predictions below are P(alive) times a mean over the posterior of a
 * customer alive at T that depends on x and T only, not on t_x: customers
 * with the same frequency and age share it, so the glue caches these.
 *
 * ln E_p[g], E[Y(t) | x, t_x, T] = P(alive) E_p[g] (-inf for t = 0).
 */
extern double bgnbd_log_horizon_mean(const BgnbdParams *m, double t, double x, double T);

/* ln of the mean in P(alive at T + t) = P(alive) E_p[(1 + p s)^-c] (0 for t = 0). */
extern double bgnbd_log_survival_mean(const BgnbdParams *m, double t, double x, double T);

/* ln of the mean in DERT = P(alive) E_p[...] (see bgnbd_dert). */
extern double bgnbd_log_dert_mean(const BgnbdParams *m, double x, double T, double delta);

/*
 * A walk over consecutive periods of length L > 0 from the age T on: each
 * step gives G at the end of the next period, G(i L) = E_p[g] with
 * E[Y(i L) | x, t_x, T] = P(alive) G(i L), non-decreasing; the steps share
 * the moments of their series.
 */
typedef struct BgnbdPeriodWalk
{
	BgnbdParams m;
	double		x;
	double		log_age;
	double		period_length;
	int			period;			/* the periods walked so far */
	double		previous;		/* G at the end of the last one */
	BetaMoments moments;
} BgnbdPeriodWalk;

extern void bgnbd_walk_start(BgnbdPeriodWalk *w, const BgnbdParams *m, double x, double T,
							 double period_length);
extern double bgnbd_walk_next(BgnbdPeriodWalk *w);

/* The discounted purchases below divided by P(alive); >= 0. */
extern double bgnbd_discounted_horizon(const BgnbdParams *m, double x, double T, int periods,
									   double period_length, double discount_rate,
									   InterruptPoll poll);

/* E[X(t)]: expected repeat purchases of a new customer in (0, t]. */
extern double bgnbd_expected_new(const BgnbdParams *m, double t);

/* E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] given the history. */
extern double bgnbd_expected_conditional(const BgnbdParams *m, double t,
										 double x, double tx, double T);

/*
 * P(alive at T + t | x, t_x, T), counting the drop-outs that purchases in
 * (T, T + t] may bring; at t = 0 it is bgnbd_p_alive.
 */
extern double bgnbd_p_alive_future(const BgnbdParams *m, double t, double x, double tx,
								   double T);

/*
 * DERT: the expected purchases from T on, each discounted continuously at
 * delta > 0 per unit of time, int_0^inf e^(-delta t) dE[Y(t) | x, t_x, T].
 */
extern double bgnbd_dert(const BgnbdParams *m, double x, double tx, double T, double delta);

/* BG/NBD as a purchase model (its walk over periods included), for CLV. */
extern PurchaseModel bgnbd_purchase_model(const BgnbdParams *m);

/* P(X(t) = n) for a new customer. */
extern double bgnbd_pmf(const BgnbdParams *m, int n, double t);

/*
 * sum_{i=1..periods} (E[Y(i L)] - E[Y((i - 1) L)]) / (1 + d)^i given the
 * history, with L = period_length > 0 and d = discount_rate > -1: the
 * discounted expected purchases that CLV multiplies by the expected spend
 * (purchase_discounted_purchases of bgnbd_purchase_model).  poll (may be
 * NULL) is called once per period.
 */
extern double bgnbd_discounted_purchases(const BgnbdParams *m, double x, double tx,
										 double T, int periods, double period_length,
										 double discount_rate, InterruptPoll poll);

/*
 * What is wrong with a customer's history (a sentence fragment), or NULL:
 * frequency a whole number >= 0, 0 <= recency <= age, all finite, recency
 * 0 when frequency is 0.  The glue's checks and the fit_histogram codec
 * share it.
 */
extern const char *bgnbd_history_problem(double frequency, double recency, double age);

#endif							/* PORTFOLIO_BGNBD_CORE_H */
