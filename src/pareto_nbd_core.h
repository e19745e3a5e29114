/*
 * pareto_nbd_core.h
 *		Pareto/NBD model (Schmittlein, Morrison & Colombo 1987; Fader, Hardie
 *		& Lee 2005 notes): likelihood, fit and predictions.  Pure C.
 *
 * The callers have checked the arguments: parameters finite and > 0, a
 * history bgnbd_history_problem accepts, t >= 0, delta > 0.  Times in the
 * model's unit.
 */
#ifndef PORTFOLIO_PARETO_NBD_CORE_H
#define PORTFOLIO_PARETO_NBD_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "histogram_core.h"
#include "interrupt_poll.h"
#include "optimize_core.h"
#include "purchase_model_core.h"

typedef struct ParetoNbdParams
{
	double		r;
	double		alpha;
	double		s;
	double		beta;
} ParetoNbdParams;

extern bool pareto_nbd_params_valid(const ParetoNbdParams *m);
extern double pareto_nbd_loglik(const ParetoNbdParams *m, double x, double tx, double T);
extern double pareto_nbd_log_p_alive(const ParetoNbdParams *m, double x, double tx, double T);
/* ln E[Y(t) | alive at T], which depends on (x, T) only */
extern double pareto_nbd_log_horizon_mean(const ParetoNbdParams *m, double t, double x, double T);
/* Pareto/NBD as a purchase model, for CLV (G alone, no walk) */
extern PurchaseModel pareto_nbd_purchase_model(const ParetoNbdParams *m);
extern double pareto_nbd_p_alive(const ParetoNbdParams *m, double x, double tx, double T);
extern double pareto_nbd_expected_new(const ParetoNbdParams *m, double t);
extern double pareto_nbd_expected_conditional(const ParetoNbdParams *m, double t, double x,
											  double tx, double T);
/* P(alive at T + t | x, t_x, T) */
extern double pareto_nbd_p_alive_future(const ParetoNbdParams *m, double t, double x, double tx,
										double T);
extern double pareto_nbd_dert(const ParetoNbdParams *m, double x, double tx, double T,
							  double delta);
/* P(X(t) = n) for a new customer */
extern double pareto_nbd_pmf(const ParetoNbdParams *m, int n, double t);

/* ln e^k E_s(k) = ln U(1, 2 - s, k), any s > 0, k > 0 (exposed for the unit tests). */
extern double pareto_nbd_log_scaled_expint(double s, double k);
/*
 * ln int_{t_x}^{T} (alpha + u)^-(r + x) (beta + u)^-(s + 1) du, the
 * likelihood's integral, as the likelihood takes it or (quadrature) always
 * by quadrature: exposed for the unit tests.
 */
extern double pareto_nbd_log_integral(const ParetoNbdParams *m, double x, double tx, double T,
									  bool quadrature);
extern void pareto_nbd_fit(HistogramEntry *entries, size_t n, InterruptPoll poll,
						   ParetoNbdParams *params, FitOutcome *outcome);

#endif							/* PORTFOLIO_PARETO_NBD_CORE_H */
