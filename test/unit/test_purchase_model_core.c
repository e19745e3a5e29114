/*
 * test_purchase_model_core.c
 *		CLV's discounted purchases for any purchase model: BG/NBD's walk
 *		over the periods against the sum computed from G alone (each period
 *		end its own quadrature), what a model without a rate bound or a walk
 *		gets, and the customers whose value is negligible.
 */
#include <float.h>

#include "unit.h"

#include "bgnbd_core.h"
#include "purchase_model_core.h"

static const BgnbdParams models[] = {
	{0.243, 4.414, 0.793, 2.426},	/* CDNOW, weeks */
	{2.0, 10.0, 0.5, 5.0},
	{0.05, 0.01, 3.0, 0.2},
};

static const double histories[][3] = {
	{0, 0, 38.86}, {2, 30.43, 38.86}, {10, 35, 38}, {300, 38, 39}, {1, 1e-3, 1e-3}, {7, 7, 7},
};

static const double settings[][3] = {	/* periods, period_length, discount_rate */
	{1, 4.345, 0.01}, {12, 4.345, 0.01}, {52, 1, 0}, {12, 4.345, -0.5}, {5, 52, 0.2},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* |a - b| <= tol |b| + 1e-300 */
static bool
close_to(double a, double b, double tol)
{
	return fabs(a - b) <= tol * fabs(b) + 1e-300;
}

static void
test_walk_against_mean(void)
{
	double		worst = 0.0;
	int			cases = 0;
	bool		all_ok = true;

	for (size_t i = 0; i < COUNT(models); i++)
		for (size_t j = 0; j < COUNT(histories); j++)
			for (size_t k = 0; k < COUNT(settings); k++)
			{
				PurchaseModel pm = bgnbd_purchase_model(&models[i]);
				const double *h = histories[j];
				int			periods = (int) settings[k][0];
				double		walk = purchase_discounted_horizon(&pm, h[0], h[2], periods,
															   settings[k][1], settings[k][2], NULL);
				double		mean = purchase_discounted_horizon_from_mean(&pm, h[0], h[2], periods,
																		 settings[k][1],
																		 settings[k][2], NULL);
				bool		ok = isfinite(walk) && walk >= 0 && close_to(walk, mean, 1e-10);

				if (mean > 0)
					worst = fmax(worst, fabs(walk - mean) / mean);
				cases++;
				if (!ok)
					CHECK(ok, "model %zu, history (%g, %g, %g), %d periods of %g at %g: walk %.17g, from G %.17g",
						  i, h[0], h[1], h[2], periods, settings[k][1], settings[k][2], walk, mean);
				all_ok = all_ok && ok;
			}
	CHECK(all_ok, "BG/NBD's walk over the periods is the sum from G alone within 1e-10 "
		  "(%d cases, worst %.2g)", cases, worst);
}

static void
test_any_model(void)
{
	PurchaseModel full = bgnbd_purchase_model(&models[0]);
	PurchaseModel bare = full;
	double		with_walk = purchase_discounted_purchases(&full, 2, 30.43, 38.86, 12, 4.345, 0.01, NULL);
	double		without;

	bare.discounted_horizon = NULL;
	bare.log_rate_bound = NULL;
	without = purchase_discounted_purchases(&bare, 2, 30.43, 38.86, 12, 4.345, 0.01, NULL);
	CHECK(close_to(without, with_walk, 1e-10) && with_walk > 0,
		  "a model with G and P(alive) only gets CLV's discounted purchases: %.15g (with the walk %.15g)",
		  without, with_walk);
	CHECK(with_walk == bgnbd_discounted_purchases(&models[0], 2, 30.43, 38.86, 12, 4.345, 0.01, NULL),
		  "bgnbd_discounted_purchases is the generic path over BG/NBD");
}

static void
test_negligible(void)
{
	PurchaseModel pm = bgnbd_purchase_model(&models[0]);
	PurchaseModel bare = pm;
	double		lp = pm.log_p_alive(pm.params, 2, 30.43, 38.86);

	bare.log_rate_bound = NULL;
	CHECK(purchase_value_negligible(&pm, lp, 2, 38.86, 0, 4.345, 0.01),
		  "no periods: nothing to value");
	CHECK(purchase_value_negligible(&bare, -INFINITY, 2, 38.86, 4, DBL_MAX, 0.01),
		  "a customer certainly gone, even over periods of DBL_MAX and without a bound");
	CHECK(!purchase_value_negligible(&pm, lp, 2, 38.86, 12, 4.345, 0.01),
		  "a likely customer is valued");
	CHECK(purchase_value_negligible(&pm, -800.0, 2, 38.86, 12, 4.345, 0.01) &&
		  !purchase_value_negligible(&bare, -800.0, 2, 38.86, 12, 4.345, 0.01),
		  "P(alive) e^-800: negligible by the rate bound, computed without one");
	CHECK(purchase_discounted_purchases(&bare, 300, 1, 1e6, 12, 4.345, 0.01, NULL) >= 0,
		  "without a bound, a customer long gone still gets a finite value >= 0");
}

void
test_purchase_model_core(void)
{
	test_walk_against_mean();
	test_any_model();
	test_negligible();
}
