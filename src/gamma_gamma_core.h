/*
 * gamma_gamma_core.h
 *		Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV",
 *		and Fader & Hardie's note on it): fit and expected spend.  Pure C.
 */
#ifndef PORTFOLIO_GAMMA_GAMMA_CORE_H
#define PORTFOLIO_GAMMA_GAMMA_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "bgnbd_fit_core.h"

typedef struct GammaGammaParams
{
	double		p;
	double		q;
	double		v;
} GammaGammaParams;

/* Every parameter finite and > 0. */
extern bool gg_params_valid(const GammaGammaParams *m);

/*
 * E[M | x, m]: (p (v + x m)) / (p x + q - 1) for x > 0 (m > 0); for x = 0
 * the population mean p v / (q - 1), whatever m is.  NaN when that mean is
 * infinite (x = 0 with q <= 1, or p x + q <= 1): the glue reports it.
 */
extern double gg_expected_spend(const GammaGammaParams *m, double x, double mean_spend);

/* ln f(m | p, q, v, x) of one customer with x > 0 and m > 0. */
extern double gg_loglik(const GammaGammaParams *m, double x, double mean_spend);

/*
 * Fit over n > 0 entries with v = (x, m, 0), x > 0 whole, m > 0 finite
 * (checked by the caller).  outcome->loglik is the sum over customers.
 */
extern void gg_fit(HistogramEntry *entries, size_t n, InterruptPoll poll,
				   GammaGammaParams *params, FitOutcome *outcome);

/*
 * The objective gg_fit minimises, -(sum count (ln f + ln m)) / N at
 * log_params = ln(p, q, v / mean m) (ln m does not depend on the
 * parameters; without it the objective does not depend on the currency
 * unit), with its gradient by log_params into grad[3] when grad is not
 * NULL.  For the unit tests; entries may be reordered.
 */
extern double gg_fit_objective(HistogramEntry *entries, size_t n,
							   const double *log_params, double *grad);

/*
 * What is wrong with a Gamma-Gamma customer (a sentence fragment), or NULL:
 * frequency a whole number >= 0; when it is > 0, monetary finite and > 0
 * (with frequency 0 monetary is not used).
 */
extern const char *gg_customer_problem(double frequency, double monetary);

#endif							/* PORTFOLIO_GAMMA_GAMMA_CORE_H */
