/*
 * mbgnbd_core.c
 *		MBG/NBD predictions (Batislam, Denizel & Filiztekin 2007), from the
 *		BG/NBD machinery of bgnbd_core.c.
 *
 * In MBG/NBD a customer may drop out after every purchase, the first one
 * (t = 0) included.  Given lambda ~ Gamma(r, alpha) and p ~ Beta(a, b):
 *
 *  - a new customer drops out at once with probability p; otherwise it is a
 *    BG/NBD customer whose p, conditioned on that first survival, is
 *    Beta(a, b + 1).  So E[X(t)] = E[(1 - p) g(p)] = b / (a + b) E_{Beta(a,
 *    b + 1)}[g(p)] and P(X(t) = n) = [n = 0] a / (a + b) + b / (a + b)
 *    P_BGNBD(a, b + 1)(X(t) = n): the survivor's BG/NBD model (a, b + 1)
 *    scaled.  Expanding the published closed forms gives the same: E[X(t)]
 *    = b / (a - 1) [1 - (alpha / (alpha + t))^r 2F1(r, b + 1; a + b; t /
 *    (alpha + t))], BG/NBD's with b + 1 for b times b / (a + b).
 *  - Alive at T after x repeat purchases, the customer survived x + 1
 *    drop-out chances: p ~ Beta(a, b + x + 1), lambda ~ Gamma(r + x, alpha
 *    + T), the survivor's posterior after the same history.  The odds of
 *    having dropped out after the last purchase are a / (b + x) ((alpha +
 *    T) / (alpha + t_x))^(r + x), for x = 0 too (t_x = 0: at once).
 *
 * So every conditional prediction (expected purchases, future P(alive),
 * DERT, CLV's periods) is P(alive) here times the survivor's mean from
 * bgnbd_core.c, and DERT has the closed form BG/NBD's has there.
 */
#include "mbgnbd_core.h"

#include <math.h>

#include "numerics_core.h"

void
mbgnbd_model_init(MbgnbdModel *mm, const BgnbdParams *m, bool first_drop)
{
	mm->params = *m;
	mm->survivor = *m;
	if (first_drop)
		mm->survivor.b = m->b + 1.0;
	mm->first_drop = first_drop;
}

/* L = ln(a / (b + x)) + (r + x) ln((alpha + T) / (alpha + t_x)). */
static double
log_odds_dropped(const BgnbdParams *m, double x, double tx, double T)
{
	double		age = bgnbd_log_age_ratio(m->alpha, tx, T);

	/* b + x and r + x may pass the largest double: Infinity * 0 was NaN */
	return log(m->a) - log_sum(m->b, x) + (age == 0.0 ? 0.0 : (m->r + x) * age);
}

double
mbgnbd_log_p_alive(const MbgnbdModel *mm, double x, double tx, double T)
{
	if (!mm->first_drop)
		return bgnbd_log_p_alive(&mm->params, x, tx, T);
	return -log1p_exp(log_odds_dropped(&mm->params, x, tx, T));
}

/* 1 / (1 + e^L), in logs only where e^L overflows. */
double
mbgnbd_p_alive(const MbgnbdModel *mm, double x, double tx, double T)
{
	double		odds;

	if (!mm->first_drop)
		return bgnbd_p_alive(&mm->params, x, tx, T);
	odds = log_odds_dropped(&mm->params, x, tx, T);
	return odds < 700.0 ? 1.0 / (1.0 + exp(odds)) : exp(-log1p_exp(odds));
}

/* ln(b / (a + b)): the share that survives the drop-out chance at t = 0 (0 without one). */
static double
log_first_survival(const MbgnbdModel *mm)
{
	return mm->first_drop ? -log1p_ratio(mm->params.a, mm->params.b) : 0.0;
}

double
mbgnbd_expected_new(const MbgnbdModel *mm, double t)
{
	return exp(log_first_survival(mm) +
			   bgnbd_log_horizon_mean(&mm->survivor, t, 0.0, 0.0));
}

double
mbgnbd_expected_conditional(const MbgnbdModel *mm, double t, double x, double tx, double T)
{
	double		lp = mbgnbd_log_p_alive(mm, x, tx, T);

	if (!(t > 0.0))
		return 0.0;
	/* the mean is at most (r + x) s: skip it when the product underflows anyway */
	if (lp + log(mm->params.r + x) + log(t) - log_sum(mm->params.alpha, T) < -750.0)
		return 0.0;
	return exp(lp + bgnbd_log_horizon_mean(&mm->survivor, t, x, T));
}

double
mbgnbd_p_alive_future(const MbgnbdModel *mm, double t, double x, double tx, double T)
{
	/* the mean is at most 1; rounding may not take it past */
	return mbgnbd_p_alive(mm, x, tx, T) *
		exp(fmin(0.0, bgnbd_log_survival_mean(&mm->survivor, t, x, T)));
}

double
mbgnbd_dert(const MbgnbdModel *mm, double x, double tx, double T, double delta)
{
	return exp(mbgnbd_log_p_alive(mm, x, tx, T) +
			   bgnbd_log_dert_mean(&mm->survivor, x, T, delta));
}

double
mbgnbd_pmf(const MbgnbdModel *mm, int n, double t)
{
	double		survived = exp(log_first_survival(mm));
	double		p = survived * bgnbd_pmf(&mm->survivor, n, t);

	if (n == 0 && mm->first_drop)
		p += exp(-log1p_ratio(mm->params.b, mm->params.a));
	/* a probability: rounding may not take it past 1 */
	return fmin(1.0, p);
}

/* ---------- as a purchase model ---------- */

static double
purchase_log_p_alive(const void *params, double x, double tx, double T)
{
	return mbgnbd_log_p_alive(params, x, tx, T);
}

static double
purchase_log_horizon_mean(const void *params, double t, double x, double T)
{
	const MbgnbdModel *mm = params;

	return bgnbd_log_horizon_mean(&mm->survivor, t, x, T);
}

/* G(t) <= E[lambda | alive] t = (r + x) / (alpha + T) t: p only takes away. */
static double
purchase_log_rate_bound(const void *params, double x, double T)
{
	const MbgnbdModel *mm = params;

	return log(mm->params.r + x) - log_sum(mm->params.alpha, T);
}

static double
purchase_discounted_walk(const void *params, double x, double T, int periods,
						 double period_length, double discount_rate, InterruptPoll poll)
{
	const MbgnbdModel *mm = params;

	return bgnbd_discounted_horizon(&mm->survivor, x, T, periods, period_length,
									discount_rate, poll);
}

PurchaseModel
mbgnbd_purchase_model(const MbgnbdModel *mm)
{
	PurchaseModel pm = {mm, purchase_log_p_alive, purchase_log_horizon_mean,
	purchase_log_rate_bound, purchase_discounted_walk};

	return pm;
}
