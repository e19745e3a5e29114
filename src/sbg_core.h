/*
 * sbg_core.h
 *		The shifted-beta-geometric (sBG) model of contractual churn (Fader &
 *		Hardie 2007, "How to project customer retention"; 2010, "Customer-base
 *		valuation in a contractual setting").  Pure C.
 *
 * Each customer renews at the end of every period with its own probability
 * 1 - theta, theta ~ Beta(alpha, beta) across customers.  T, the period in
 * which a customer churns (1, 2, ...), has P(T = t) = B(alpha + 1, beta +
 * t - 1) / B(alpha, beta), and S(t) = P(T > t) = B(alpha, beta + t) /
 * B(alpha, beta) is the share still active after t renewals.
 *
 * A history is (t, churned): a churned customer who made r renewals has
 * t = r + 1; a customer still active has made t >= 0 renewals so far.
 */
#ifndef PORTFOLIO_SBG_CORE_H
#define PORTFOLIO_SBG_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "histogram_core.h"
#include "interrupt_poll.h"
#include "optimize_core.h"
#include "random_core.h"

typedef struct SbgParams
{
	double		alpha;
	double		beta;
} SbgParams;

/* The most renewals a history or a prediction takes (the range of an int4). */
#define SBG_MAX_PERIOD 2147483647.0

/*
 * The smallest discount rate sbg_derl takes: its series needs about
 * 37 / discount_rate terms, 0.1 s at this rate.
 */
#define SBG_MIN_DISCOUNT_RATE 1e-6

/* Why (t, churned) is not a history the fit takes (a sentence fragment), or NULL. */
extern const char *sbg_history_problem(double t, double churned);

/* ln S(t), t >= 0 renewals. */
extern double sbg_log_survival(const SbgParams *m, double t);

/* S(t) = B(alpha, beta + t) / B(alpha, beta), in [0, 1]. */
extern double sbg_survival(const SbgParams *m, double t);

/* r(t) = S(t) / S(t - 1) = (beta + t - 1) / (alpha + beta + t - 1), t >= 1. */
extern double sbg_retention(const SbgParams *m, double t);

/* ln P(T = t), t >= 1. */
extern double sbg_log_churn_probability(const SbgParams *m, double t);

/* ln L of one history (checked by sbg_history_problem). */
extern double sbg_loglik(const SbgParams *m, double t, bool churned);

/*
 * DERL (Fader & Hardie 2010): the expected number of payments still to come
 * from a customer who has made renewals renewals, the one at the next
 * renewal undiscounted and each later one discounted by 1 + discount_rate
 * per period:
 *   sum_{k >= 0} S(renewals + 1 + k) / S(renewals) / (1 + d)^k
 *   = (beta + n) / (alpha + beta + n) 2F1(1, beta + n + 1; alpha + beta + n + 1; 1 / (1 + d)).
 * discount_rate finite and >= SBG_MIN_DISCOUNT_RATE, renewals >= 0.  The
 * series is summed until its tail is below 1e-16 of the sum; poll (may be
 * NULL) is called every 2^20 terms.
 */
extern double sbg_derl(const SbgParams *m, double renewals, double discount_rate,
					   InterruptPoll poll);

/*
 * Maximum-likelihood fit over n > 0 entries (v = t, churned; checked by the
 * caller).  outcome->loglik is the sum of count * ln L.  entries are not
 * changed.
 */
extern void sbg_fit(const HistogramEntry *entries, size_t n, InterruptPoll poll,
					SbgParams *params, FitOutcome *outcome);

/*
 * The objective sbg_fit minimises, -(sum count ln L) / customers, at
 * log_params = ln(alpha, beta), with its gradient by log_params into
 * grad[2] when grad is not NULL.  For the unit tests.
 */
extern double sbg_fit_objective(const HistogramEntry *entries, size_t n,
								const double *log_params, double *grad);

/*
 * One simulated customer observed for periods renewal opportunities: theta
 * ~ Beta(alpha, beta), then the geometric period of churn.  Sets *t and
 * *churned as a history: (T, true) when T <= periods, else (periods, false).
 */
extern void sbg_simulate_customer(Rng *rng, const SbgParams *m, int32_t periods,
								  int32_t *t, bool *churned);

#endif							/* PORTFOLIO_SBG_CORE_H */
