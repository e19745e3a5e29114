/*
 * bgnbd_fit_core.h
 *		Maximum-likelihood fits of the BG/NBD and MBG/NBD models over a
 *		histogram of distinct (x, t_x, T) histories.  Pure C.
 */
#ifndef PORTFOLIO_BGNBD_FIT_CORE_H
#define PORTFOLIO_BGNBD_FIT_CORE_H

#include <stdbool.h>
#include <stddef.h>

#include "bgnbd_core.h"
#include "histogram_core.h"
#include "optimize_core.h"

/* ln L(r, alpha, a, b | x, t_x, T) of one customer (FHL 2005, eq. 6). */
extern double bgnbd_loglik(const BgnbdParams *m, double x, double tx, double T);

/*
 * Fit over n > 0 entries (v = x, t_x, T; checked by the caller).  Minimises
 * -(sum LL) / N + penalizer * (r^2 + (alpha / max T)^2 + a^2 + b^2), N the
 * number of customers, as lifetimes' penalizer_coef does; penalizer 0 is the
 * plain maximum-likelihood fit.  outcome->loglik is the unpenalised sum in
 * the data's own time unit.  poll (may be NULL) is called once per
 * objective evaluation.  entries may be reordered.
 */
extern void bgnbd_fit(HistogramEntry *entries, size_t n, double penalizer,
					  InterruptPoll poll, BgnbdParams *params, FitOutcome *outcome);

/*
 * The objective bgnbd_fit minimises, at log_params = ln(r, alpha / max T,
 * a, b), with its gradient by log_params into grad[4] when grad is not
 * NULL.  For the unit tests (gradient against finite differences); entries
 * may be reordered.
 */
extern double bgnbd_fit_objective(HistogramEntry *entries, size_t n, double penalizer,
								  const double *log_params, double *grad);

/*
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007): the same, for a customer
 * who may also drop out at t = 0, right after the first purchase (see
 * bgnbd_fit_core.c).  The same arguments and results as the BG/NBD ones.
 */
extern double mbgnbd_loglik(const BgnbdParams *m, double x, double tx, double T);
extern void mbgnbd_fit(HistogramEntry *entries, size_t n, double penalizer,
					   InterruptPoll poll, BgnbdParams *params, FitOutcome *outcome);
extern double mbgnbd_fit_objective(HistogramEntry *entries, size_t n, double penalizer,
								   const double *log_params, double *grad);

#endif							/* PORTFOLIO_BGNBD_FIT_CORE_H */
