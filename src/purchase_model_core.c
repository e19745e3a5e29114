/*
 * purchase_model_core.c
 *		CLV's discounted purchases for any purchase model.  See
 *		purchase_model_core.h.
 */
#include "purchase_model_core.h"

#include <math.h>
#include <stddef.h>

/*
 * G at the end of period i of length L: i L may pass the largest double
 * while ln(i L) does not (G at an infinite time is not the limit).
 */
static double
mean_at_period_end(const PurchaseModel *pm, int i, double L, double x, double T)
{
	double		t = i * L;

	if (isinf(t))
		t = nextafter(INFINITY, 0.0);
	return exp(pm->log_horizon_mean(pm->params, t, x, T));
}

/*
 * The discount is applied in logs: (1 + d)^-i may overflow for d near -1
 * while the product stays finite.  G does not decrease in t; where rounding
 * says otherwise it is kept where it was.
 */
double
discounted_increments(PeriodStep next, void *walk, int periods, double discount_rate,
					  InterruptPoll poll)
{
	double		log_discount = log1p(discount_rate);
	double		previous = 0.0;
	double		total = 0.0;

	for (int i = 1; i <= periods; i++)
	{
		double		current;

		if (poll != NULL)
			poll();
		current = next(walk);
		if (!isfinite(current))
			return current;
		if (current > previous)
			total += exp(log(current - previous) - i * log_discount);
		previous = fmax(current, previous);
	}
	return total;
}

/* A walk that evaluates G afresh at the end of each period. */
typedef struct MeanWalk
{
	const PurchaseModel *pm;
	double		x;
	double		T;
	double		period_length;
	int			period;
} MeanWalk;

static double
mean_walk_next(void *walk)
{
	MeanWalk   *w = walk;

	return mean_at_period_end(w->pm, ++w->period, w->period_length, w->x, w->T);
}

double
purchase_discounted_horizon_from_mean(const PurchaseModel *pm, double x, double T,
									  int periods, double period_length,
									  double discount_rate, InterruptPoll poll)
{
	MeanWalk	w = {pm, x, T, period_length, 0};

	return discounted_increments(mean_walk_next, &w, periods, discount_rate, poll);
}

double
purchase_discounted_horizon(const PurchaseModel *pm, double x, double T, int periods,
							double period_length, double discount_rate, InterruptPoll poll)
{
	if (pm->discounted_horizon != NULL)
		return pm->discounted_horizon(pm->params, x, T, periods, period_length,
									  discount_rate, poll);
	return purchase_discounted_horizon_from_mean(pm, x, T, periods, period_length,
												 discount_rate, poll);
}

/*
 * The sum is at most G(periods L) <= c periods L, and no discount factor
 * exceeds (1 + d)^-periods (d < 0) or 1.
 */
bool
purchase_value_negligible(const PurchaseModel *pm, double log_p_alive, double x, double T,
						  int periods, double period_length, double discount_rate)
{
	if (periods <= 0 || log_p_alive == -INFINITY)
		return true;
	if (pm->log_rate_bound == NULL)
		return false;
	return log_p_alive + pm->log_rate_bound(pm->params, x, T) + log(periods * period_length) -
		fmin(0.0, periods * log1p(discount_rate)) < -750.0;
}

double
purchase_discounted_purchases(const PurchaseModel *pm, double x, double tx, double T,
							  int periods, double period_length, double discount_rate,
							  InterruptPoll poll)
{
	double		lp = pm->log_p_alive(pm->params, x, tx, T);

	if (purchase_value_negligible(pm, lp, x, T, periods, period_length, discount_rate))
		return 0.0;
	return exp(lp + log(purchase_discounted_horizon(pm, x, T, periods, period_length,
													discount_rate, poll)));
}
