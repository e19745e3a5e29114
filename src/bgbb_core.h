/*
 * bgbb_core.h
 *		The beta-geometric/beta-Bernoulli (BG/BB) model of discrete-time
 *		non-contractual purchasing (Fader, Hardie & Shang 2010, "Customer-base
 *		analysis in a discrete-time noncontractual setting").  Pure C.
 *
 * A customer meets a sequence of transaction opportunities (an annual
 * donation drive, a yearly event, a weekly delivery slot).  Before each
 * opportunity it dies with probability theta, for good; while alive it
 * transacts at an opportunity with probability p.  Across customers
 * p ~ Beta(alpha, beta) and theta ~ Beta(gamma, delta).
 *
 * A history is (x, t_x, n): x transactions in n opportunities, the last at
 * opportunity t_x (0 when x = 0).  The opportunity of the first
 * transaction, the one that made the customer a customer, is not counted.
 * Its likelihood (FHS 2010, eq. 5) is
 *   L = B(alpha + x, beta + n - x) / B(alpha, beta) B(gamma, delta + n) / B(gamma, delta)
 *     + sum_{i=0}^{n-t_x-1} B(alpha + x, beta + t_x - x + i) / B(alpha, beta)
 *                           B(gamma + 1, delta + t_x + i) / B(gamma, delta):
 * alive through opportunity n, or dead just before opportunity t_x + i + 1.
 * The first term over L is the probability that the customer is alive at
 * opportunity n.
 */
#ifndef PORTFOLIO_BGBB_CORE_H
#define PORTFOLIO_BGBB_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "histogram_core.h"
#include "interrupt_poll.h"
#include "optimize_core.h"
#include "purchase_model_core.h"
#include "random_core.h"

typedef struct BgbbParams
{
	double		alpha;
	double		beta;
	double		gamma;
	double		delta;
} BgbbParams;

/*
 * The most opportunities a history or a prediction spans.  The likelihood
 * of a history sums n - t_x terms and a prediction over t opportunities t
 * terms (exactly, without the closed forms' cancellation near gamma = 1):
 * a million keeps one evaluation within milliseconds.
 */
#define BGBB_MAX_OPPORTUNITIES 1000000.0

/* The smallest discount rate bgbb_dert takes (as sbg_derl's). */
#define BGBB_MIN_DISCOUNT_RATE 1e-6

/* Why (x, t_x, n) is not a history the model takes (a sentence fragment), or NULL. */
extern const char *bgbb_history_problem(double x, double tx, double n);

/* ln L of a history (checked by bgbb_history_problem). */
extern double bgbb_loglik(const BgbbParams *m, double x, double tx, double n);

/* ln P(alive at opportunity n | x, t_x, n): the first term of L over L. */
extern double bgbb_log_p_alive_at(const BgbbParams *m, double x, double tx, double n);

/* (delta + n) / (gamma + delta + n): the chance that a customer alive at n lives to n + 1. */
extern double bgbb_survives_next(const BgbbParams *m, double n);

/*
 * P(alive at opportunity n + 1 | x, t_x, n) (FHS 2010, eq. 11): alive at n
 * and surviving the death chance before the next opportunity.
 */
extern double bgbb_p_alive(const BgbbParams *m, double x, double tx, double n);

/*
 * E[X(t)]: the expected transactions of a new customer in its first t
 * opportunities (FHS 2010, eq. 9), t whole, 0 <= t <= BGBB_MAX_OPPORTUNITIES.
 */
extern double bgbb_expected_new(const BgbbParams *m, double t, InterruptPoll poll);

/*
 * E[X(n, n + t) | x, t_x, n]: the expected transactions in the next t
 * opportunities of a customer with this history (FHS 2010, eq. 13).
 */
extern double bgbb_expected(const BgbbParams *m, double t, double x, double tx, double n,
							InterruptPoll poll);

/*
 * The two factors of the conditional predictions, for callers that cache
 * them apart (a customer base shares few histories): the expected
 * transactions in the next t opportunities, and DERT, of a customer known
 * to be alive at n with x transactions; each times P(alive at n) =
 * exp(bgbb_log_p_alive_at) is what bgbb_expected and bgbb_dert return.
 */
extern double bgbb_expected_if_alive(const BgbbParams *m, double t, double x, double n,
									 InterruptPoll poll);
extern double bgbb_dert_if_alive(const BgbbParams *m, double x, double n, double discount_rate,
								 InterruptPoll poll);

/* P(X(n) = x): the probability that a new customer makes x transactions in n opportunities (eq. 8). */
extern double bgbb_pmf(const BgbbParams *m, double x, double n, InterruptPoll poll);

/*
 * DERT (FHS 2010, eq. 14): the expected transactions from opportunity n + 1
 * on, the one at n + 1 discounted once and each later one once more, by
 * 1 + discount_rate per opportunity:
 *   B(alpha + x + 1, beta + n - x) / B(alpha, beta) B(gamma, delta + n + 1) / B(gamma, delta)
 *   / ((1 + d) L) 2F1(1, delta + n + 1; gamma + delta + n + 1; 1 / (1 + d)),
 * the 2F1 summed as sbg_derl sums it.  discount_rate finite and >=
 * BGBB_MIN_DISCOUNT_RATE.
 */
extern double bgbb_dert(const BgbbParams *m, double x, double tx, double n,
						double discount_rate, InterruptPoll poll);

/*
 * The model as customer lifetime value sees it (purchase_model_core.h),
 * with opportunities as the time unit: P(alive at n) and G(t), the expected
 * transactions in the next t (whole) opportunities of a customer alive at n.
 * params must outlive the result.
 */
extern PurchaseModel bgbb_purchase_model(const BgbbParams *m);

/*
 * Maximum-likelihood fit over n > 0 entries (v = x, t_x, n; checked by the
 * caller).  outcome->loglik is the sum of count * ln L.
 */
extern void bgbb_fit(const HistogramEntry *entries, size_t n, InterruptPoll poll,
					 BgbbParams *params, FitOutcome *outcome);

/*
 * The objective bgbb_fit minimises, -(sum count ln L) / customers, at
 * log_params = ln(alpha, beta, gamma, delta), with its gradient by
 * log_params into grad[4] when grad is not NULL.  For the unit tests.
 */
extern double bgbb_fit_objective(const HistogramEntry *entries, size_t n,
								 const double *log_params, double *grad);

/*
 * One simulated customer over opportunities opportunities: p and theta
 * drawn from their betas, then its life and transactions.  Sets the history
 * (*x, *tx).
 */
extern void bgbb_simulate_customer(Rng *rng, const BgbbParams *m, int32_t opportunities,
								   int32_t *x, int32_t *tx);

#endif							/* PORTFOLIO_BGBB_CORE_H */
