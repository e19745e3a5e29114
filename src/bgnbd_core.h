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

typedef struct BgnbdParams
{
	double		r;
	double		alpha;
	double		a;
	double		b;
} BgnbdParams;

/* Every parameter finite and > 0. */
extern bool bgnbd_params_valid(const BgnbdParams *m);

/* P(alive at T | x, t_x, T), within [0, 1]. */
extern double bgnbd_p_alive(const BgnbdParams *m, double x, double tx, double T);

/* E[X(t)]: expected repeat purchases of a new customer in (0, t]. */
extern double bgnbd_expected_new(const BgnbdParams *m, double t);

/* E[Y(t) | x, t_x, T]: expected purchases in (T, T + t] given the history. */
extern double bgnbd_expected_conditional(const BgnbdParams *m, double t,
										 double x, double tx, double T);

/* P(X(t) = n) for a new customer. */
extern double bgnbd_pmf(const BgnbdParams *m, int n, double t);

/*
 * sum_{i=1..periods} (E[Y(i L)] - E[Y((i - 1) L)]) / (1 + d)^i given the
 * history, with L = period_length > 0 and d = discount_rate > -1: the
 * discounted expected purchases that CLV multiplies by the expected spend.
 * poll (may be NULL) is called once per period.
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
