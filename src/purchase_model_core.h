/*
 * purchase_model_core.h
 *		What customer lifetime value needs from a purchase model, and CLV's
 *		discounted purchases computed from it for any model.  Pure C.
 *
 * A purchase model of the buy-till-you-die family predicts, for a customer
 * with x repeat purchases, the last at t_x, observed for T:
 *   P(alive at T | x, t_x, T), and
 *   G(t) = E[Y(t) | x, t_x, T] / P(alive): the expected purchases in
 *   (T, T + t] of a customer alive at T, which depends on the history
 *   through (x, T) only (given alive at T, when the last purchase happened
 *   no longer matters), so callers may memoise it by (x, T).
 * CLV's discounted purchases are
 *   P(alive) sum_{i=1..periods} (G(i L) - G((i - 1) L)) / (1 + d)^i.
 * A model gives its functions in a PurchaseModel; the sum is computed here
 * from G alone, or by the model's own walk over the periods when it has
 * one that shares work between them.
 */
#ifndef PORTFOLIO_PURCHASE_MODEL_CORE_H
#define PORTFOLIO_PURCHASE_MODEL_CORE_H

#include <stdbool.h>

#include "interrupt_poll.h"

typedef struct PurchaseModel
{
	const void *params;			/* the model's parameters, checked */

	/* ln P(alive at T | x, t_x, T) */
	double		(*log_p_alive) (const void *params, double x, double tx, double T);

	/* ln G(t) at t > 0 (may be -inf where G underflows) */
	double		(*log_horizon_mean) (const void *params, double t, double x, double T);

	/*
	 * ln of a bound c with G(t) <= c t for every t, or NULL if the model has
	 * none: CLV then skips a customer whose value underflows whatever the
	 * periods are, without summing them.
	 */
	double		(*log_rate_bound) (const void *params, double x, double T);

	/*
	 * The sum above divided by P(alive), computed faster than from G alone
	 * (NULL: purchase_discounted_horizon computes it from G).
	 */
	double		(*discounted_horizon) (const void *params, double x, double T, int periods,
									   double period_length, double discount_rate,
									   InterruptPoll poll);
} PurchaseModel;

/*
 * G at the end of the next period of a walk over consecutive periods (the
 * walk's state in its argument): the sums below take their G from one.
 */
typedef double (*PeriodStep) (void *walk);

/*
 * sum_{i=1..periods} (G_i - G_{i-1}) / (1 + d)^i, G_0 = 0, the G_i the steps
 * of a walk, for d = discount_rate > -1; a non-finite G_i is returned as it
 * is.  poll (may be NULL) is called once per period.  Every way of summing
 * the discounted periods goes through it, the models' own walks too.
 */
extern double discounted_increments(PeriodStep next, void *walk, int periods,
									double discount_rate, InterruptPoll poll);

/*
 * sum_{i=1..periods} (G(i L) - G((i - 1) L)) / (1 + d)^i, L = period_length
 * > 0, d = discount_rate > -1, by the model's own walk if it has one; >= 0.
 * poll (may be NULL) is called once per period.
 */
extern double purchase_discounted_horizon(const PurchaseModel *pm, double x, double T,
										  int periods, double period_length,
										  double discount_rate, InterruptPoll poll);

/*
 * The same sum from G alone, whatever the model offers: the reference its
 * walk is tested against, and the way for a model without one.
 */
extern double purchase_discounted_horizon_from_mean(const PurchaseModel *pm, double x,
													double T, int periods,
													double period_length,
													double discount_rate,
													InterruptPoll poll);

/*
 * True when P(alive) times the sum is below e^-750 whatever the periods
 * give (log_p_alive is its logarithm): the value is 0 and the sum need not
 * be computed.  Also true for a customer certainly gone (-inf), or no
 * periods.
 */
extern bool purchase_value_negligible(const PurchaseModel *pm, double log_p_alive, double x,
									  double T, int periods, double period_length,
									  double discount_rate);

/* P(alive) times the discounted horizon: CLV's discounted purchases. */
extern double purchase_discounted_purchases(const PurchaseModel *pm, double x, double tx,
											double T, int periods, double period_length,
											double discount_rate, InterruptPoll poll);

#endif							/* PORTFOLIO_PURCHASE_MODEL_CORE_H */
