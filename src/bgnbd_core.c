/*
 * bgnbd_core.c
 *		BG/NBD predictions: P(alive) now and at a future time, the expected
 *		purchases of a new and of a known customer, the distribution of a new
 *		customer's purchases, the discounted purchases that CLV multiplies by
 *		the expected spend, and the discounted expected residual transactions
 *		(DERT).
 *
 * The posterior.  Given the history (x, t_x, T) and that the customer is
 * still alive, its purchase rate lambda ~ Gamma(c, rate alpha + T), c = r + x,
 * and its drop-out probability p ~ Beta(a, B), B = b + x, are independent.
 * Purchases come as a Poisson process of rate lambda and after each one the
 * customer drops out with probability p.  Every prediction is P(alive)
 * times a mean over that posterior; the published closed forms divide by
 * a - 1 (unusable for a <= 1, cancelling near a = 1) and lose digits as their
 * hypergeometric argument nears 1, so we use instead what they integrate.
 *
 * Expected purchases.  Over a horizon t, with s = t / (alpha + T):
 *   E[Y(t) | x, t_x, T] = P(alive) E_p[g(p)],  g(p) = (1 - (1 + p s)^-c) / p.
 * Expanding (1 + p s)^-c and the Beta moments, with z = s / (1 + s),
 *   E_p[g(p)] = sum_{n >= 1} NB(n; c, z) h_n,
 *   NB(n; c, z) = (c)_n / n! z^n (1 - z)^c   (a negative binomial pmf),
 *   h_n = sum_{k < n} Delta_k,  Delta_k = E[(1 - p)^k] = (B)_k / (a + B)_k,
 * (h_n = E[(1 - (1 - p)^n) / p], the expected purchases of a customer who
 * would make n of them without dropping out): a sum of positive terms, with
 * no division by a - 1, exact to rounding for every a > 0.  Each term costs a
 * few multiplications and one division; the series stops when a bound on
 * its tail (the weights fall at least geometrically past the mode, Delta is
 * decreasing) is below SERIES_TOLERANCE of the sum.  It needs about
 * c s + 35 / ln(1 / z) terms: for s / (1 + s) near 1 (a horizon far beyond
 * alpha + T) or c s in the thousands it would take too many, and the
 * quadrature of numerics_core.c takes over.  The Delta_k and h_n do not
 * depend on the horizon, so CLV's periods share them.
 *
 * P(alive) at T + t.  The customer drops out only at a purchase, so given
 * lambda and p it is still alive after t with probability e^(-lambda p t):
 *   P(alive at T + t) = P(alive) E_p[(1 + p s)^-c] = P(alive) sum_{n >= 0} NB(n; c, z) Delta_n.
 * (The other reading, alive at T + t if no purchase happens before then, is
 * bgnbd_p_alive at age T + t.)
 *
 * DERT.  The k-th future purchase comes at a Gamma(k, lambda) time, if the
 * customer has not dropped out after the k - 1 before it; discounted
 * continuously at rate delta and summed over k,
 *   sum_k (1 - p)^(k - 1) (lambda / (lambda + delta))^k = lambda / (delta + lambda p).
 * Over lambda ~ Gamma(c, rate beta = alpha + T), with k = delta beta / p,
 *   E_lambda[lambda / (delta + lambda p)] = (c / p) e^k E_(c+1)(k)
 * (E_nu the exponential integral; the same as int_0^inf e^-(delta t) dE[Y(t)]
 * integrated by parts, each purchase counted at its discounted time), so
 *   DERT = P(alive) E_p[(c / p) e^k E_(c+1)(k)],  k = delta (alpha + T) / p,
 * one mean over p, taken by the quadrature of numerics_core.c.
 *
 * The pmf.  Its second term needs the negative binomial upper tail
 * P(N >= n) = I_z(n, r), z = t / (alpha + t): beta_core.c computes it in log
 * space with 1 - z given exactly, so it neither cancels nor loses z near 1.
 *
 * Everything is pure C99 and written here from the mathematics.
 */
#include "bgnbd_core.h"

#include "beta_core.h"
#include "lgamma_diff_core.h"
#include "numerics_core.h"

#include <float.h>
#include <math.h>
#include <stddef.h>

#define LN2 0.69314718055994530942

/* ---------- P(alive) ---------- */

bool
bgnbd_params_valid(const BgnbdParams *m)
{
	return isfinite(m->r) && m->r > 0 &&
		isfinite(m->alpha) && m->alpha > 0 &&
		isfinite(m->a) && m->a > 0 &&
		isfinite(m->b) && m->b > 0;
}

/*
 * ln((alpha + T) / (alpha + t_x)), t_x <= T.  Halving both sides keeps
 * alpha + t_x finite for any finite arguments.
 */
double
bgnbd_log_age_ratio(double alpha, double tx, double T)
{
	double		num = T - tx;
	double		den = alpha + tx;
	double		ratio;

	if (T == tx)
		return 0.0;
	/* halved only if alpha + t_x overflows: 0.5 alpha is 0 for the smallest denormal (0 / 0 was NaN) */
	if (isinf(den))
	{
		num *= 0.5;
		den = 0.5 * alpha + 0.5 * tx;
	}
	ratio = num / den;
	/* log1p is needed only near 0; from 0.5 on log(1 + u) is as accurate (3e-16) and faster */
	return ratio >= 0.5 ? log(1.0 + ratio) : log1p(ratio);
}

/*
 * The log-odds of having dropped out after the last purchase, x > 0:
 * L = ln(a / (b + x - 1)) + (r + x) ln((alpha + T) / (alpha + t_x)).
 */
static double
log_odds_dropped(const BgnbdParams *m, double x, double tx, double T)
{
	double		age = bgnbd_log_age_ratio(m->alpha, tx, T);

	/* b + x and r + x may pass the largest double: Infinity * 0 was NaN */
	return log(m->a) - log_sum(m->b, x - 1.0) + (age == 0.0 ? 0.0 : (m->r + x) * age);
}

/*
 * ln P(alive) = -ln(1 + e^L).  With x = 0 there was no purchase after which
 * to drop out.
 */
double
bgnbd_log_p_alive(const BgnbdParams *m, double x, double tx, double T)
{
	return x <= 0.0 ? 0.0 : -log1p_exp(log_odds_dropped(m, x, tx, T));
}

/* 1 / (1 + e^L), in logs only where e^L overflows. */
double
bgnbd_p_alive(const BgnbdParams *m, double x, double tx, double T)
{
	double		odds;

	if (x <= 0.0)
		return 1.0;
	odds = log_odds_dropped(m, x, tx, T);
	return odds < 700.0 ? 1.0 / (1.0 + exp(odds)) : exp(-log1p_exp(odds));
}

/* ---------- the posterior means by quadrature ---------- */

/* ln c and ln s of g(p) = (1 - (1 + p s)^-c) / p, or of (1 + p s)^-c. */
typedef struct HorizonTerms
{
	double		log_c;
	double		log_s;
} HorizonTerms;

/* ln g(p), in logs throughout: p may be far below the smallest double, p s may overflow. */
static double
log_g(double log_p, double log_q, const void *ctx)
{
	const HorizonTerms *ht = ctx;
	double		y = log_p + ht->log_s;	/* ln(p s) */
	double		log_l = y < -40.0 ? y : log(log1p_exp(y));	/* ln ln(1 + p s) */
	double		log_cl = ht->log_c + log_l;

	(void) log_q;
	/* 1 - e^-v = v to double precision below e^-40 */
	return (log_cl < -40.0 ? log_cl : log(-expm1(-exp(log_cl)))) - log_p;
}

/* ln (1 + p s)^-c */
static double
log_survival(double log_p, double log_q, const void *ctx)
{
	const HorizonTerms *ht = ctx;

	(void) log_q;
	return -exp(ht->log_c) * log1p_exp(log_p + ht->log_s);
}

/*
 * ln E_p[g(p)] or ln E_p[(1 + p s)^-c], p ~ Beta(a, B): g turns from c s to
 * 1 / p near p = 1 / (s max(c, 1)), and left of u_left w g decreases; the
 * survival turns from 1 to (p s)^-c at p = 1 / s.
 */
static double
log_horizon_mean_quad(double a, double B, double c, double log_s, bool survival)
{
	HorizonTerms ht = {log(c), log_s};
	double		mode = log(a) - log(B);
	BetaIntegrand f;

	f.ctx = &ht;
	if (survival)
	{
		f.log_value = log_survival;
		f.log_turn = -log_s;
		f.u_left = fmin(mode, f.log_turn);
	}
	else
	{
		f.log_value = log_g;
		f.log_turn = -(log_s + fmax(ht.log_c, 0.0));
		f.u_left = fmin(mode, log(2.0 * a / (c + 1.0)) - log_s);
	}
	return beta_log_mean(a, B, &f);
}

/*
 * The same for p ~ Beta(a, b + x), c = r + x.  When b + x passes the
 * largest double: with a > 1e16 p is the point a / (a + b + x), the same
 * with every shape halved; else p = G / (b + x), G ~ Gamma(a), to a / (b + x)
 * relative, and g(p) at s is 2 g(2p) at s / 2 ((1 + p s)^-c is the same
 * at 2p and s / 2), so the mean is that with (b + x) / 2 and s / 2.  r + x
 * past it is taken as DBL_MAX: (1 + p s)^-c is then 0 but where p s is below
 * 1e-305.
 */
static double
log_horizon_mean_x(const BgnbdParams *m, double x, double log_s, bool survival)
{
	double		c = fmin(m->r + x, DBL_MAX);

	if (isfinite(m->b + x))
		return log_horizon_mean_quad(m->a, m->b + x, c, log_s, survival);
	if (m->a > 1e16)
		return log_horizon_mean_quad(0.5 * m->a, 0.5 * m->b + 0.5 * x, c, log_s, survival);
	return (survival ? 0.0 : LN2) +
		log_horizon_mean_quad(m->a, 0.5 * m->b + 0.5 * x, c, log_s - LN2, survival);
}

/* ln E_p[g(p)] (or of the survival) for this customer, by the series where it serves. */
static double
log_horizon_mean(const BgnbdParams *m, BetaMoments *mo, double x, double log_s, bool survival)
{
	double		sum;

	/* the moments' ratios (B + k) / (a + B + k) need a + B finite */
	if (isfinite(mo->a + mo->B) && m->r + x <= DBL_MAX &&
		nb_mixture_sum(mo, m->r + x, exp(log_s), survival, &sum))
		return log(sum);
	return log_horizon_mean_x(m, x, log_s, survival);
}

/* ---------- expectations ---------- */

/* ln s = ln(t / (alpha + T)) */
static double
log_horizon(const BgnbdParams *m, double t, double T)
{
	return log(t) - log_sum(m->alpha, T);
}

double
bgnbd_log_horizon_mean(const BgnbdParams *m, double t, double x, double T)
{
	BetaMoments mo;

	if (!(t > 0.0))
		return -INFINITY;
	beta_moments_init(&mo, m->a, m->b + x);
	return log_horizon_mean(m, &mo, x, log_horizon(m, t, T), false);
}

/* ln E[Y(t) | x, t_x, T], -inf for 0. */
static double
log_expected(const BgnbdParams *m, double t, double x, double tx, double T)
{
	double		lp = bgnbd_log_p_alive(m, x, tx, T);

	if (!(t > 0.0))
		return -INFINITY;
	/* E_p[g] <= c s: skip the mean when the product underflows anyway */
	if (lp + log(m->r + x) + log_horizon(m, t, T) < -750.0)
		return -INFINITY;
	return lp + bgnbd_log_horizon_mean(m, t, x, T);
}

double
bgnbd_expected_conditional(const BgnbdParams *m, double t,
						   double x, double tx, double T)
{
	return exp(log_expected(m, t, x, tx, T));
}

/* A new customer: no purchase yet, age 0, alive. */
double
bgnbd_expected_new(const BgnbdParams *m, double t)
{
	return bgnbd_expected_conditional(m, t, 0.0, 0.0, 0.0);
}

/* ---------- P(alive) at a future time ---------- */

double
bgnbd_log_survival_mean(const BgnbdParams *m, double t, double x, double T)
{
	BetaMoments mo;

	if (!(t > 0.0))
		return 0.0;
	beta_moments_init(&mo, m->a, m->b + x);
	return log_horizon_mean(m, &mo, x, log_horizon(m, t, T), true);
}

/* P(alive) times a mean of at most 1 (exactly 1 at t = 0; rounding may not take it past). */
double
bgnbd_p_alive_future(const BgnbdParams *m, double t, double x, double tx, double T)
{
	return bgnbd_p_alive(m, x, tx, T) * exp(fmin(0.0, bgnbd_log_survival_mean(m, t, x, T)));
}

/* ---------- DERT ---------- */

/* ln c and ln(delta beta) of (c / p) e^k E_(c+1)(k), k = delta beta / p. */
typedef struct DertTerms
{
	double		c;
	double		log_c;
	double		log_db;
} DertTerms;

#define EULER_GAMMA 0.57721566490153286061

/*
 * ln E_(c+1)(k) for k = e^log_k below e^-700 (where k may underflow, and
 * log_scaled_expint would need k itself), c > 0:
 *   E_(c+1)(k) = (1 - Gamma(1 - c) k^c) / c + O(k)
 * from the series of E_nu; e^k and the O(k) are 1 to within 1e-304.
 * With q = (ln Gamma(1 - c) + c ln k) / c, that is -q expm1(c q) / (c q);
 * for c < 1e-3, q = gamma + c zeta(2) / 2 + c^2 zeta(3) / 3 + c^3 zeta(4) / 4
 * + ln k (the series of ln Gamma(1 - c), to 1e-15), so no digit is lost for
 * tiny c (as c -> 0 it is -gamma - ln k, E_1's).  For c >= 0.5, k^c Gamma(1
 * - c) is below 1e-150 of the rest: 1 / c.  (Found by fuzzing: k = 0 from
 * r = alpha = 2^-1022 gave NaN.)
 */
static double
log_expint_small_k(double c, double log_k)
{
	double		q;
	double		x;

	if (c >= 0.5)
		return -log(c);
	if (c < 1e-3)
		q = EULER_GAMMA + c * (0.82246703342411321824 + c * (0.40068563438653142847 +
															   c * 0.27058080842778454788)) + log_k;
	else
		q = lgamma(1.0 - c) / c + log_k;
	x = c * q;
	return log(-q) + (x == 0.0 ? 0.0 : log(expm1(x) / x));
}

/* Past k = e^690, e^k E_nu(k) is 1 / k to within nu / k^2. */
static double
log_dert_value(double log_p, double log_q, const void *ctx)
{
	const DertTerms *dt = ctx;
	double		log_k = dt->log_db - log_p;

	(void) log_q;
	if (log_k > 690.0)
		return dt->log_c - dt->log_db;
	if (log_k < -700.0)
		return dt->log_c - log_p + log_expint_small_k(dt->c, log_k);
	return dt->log_c - log_p + log_scaled_expint(dt->c + 1.0, exp(log_k));
}

/*
 * ln E_p[(c / p) e^k E_(c+1)(k)], p ~ Beta(a, B): flat, c / (delta beta),
 * for p below delta beta / c and 1 / p above; the same scaling as
 * log_horizon_mean_x when b + x passes the largest double (the function at
 * p and delta beta is twice itself at 2p and 2 delta beta).
 */
static double
log_dert_mean(const BgnbdParams *m, double x, double log_db)
{
	double		c = fmin(m->r + x, DBL_MAX);
	double		a = m->a;
	double		B = m->b + x;
	double		shift = 0.0;
	DertTerms	dt;
	BetaIntegrand f;

	if (!isfinite(B))
	{
		B = 0.5 * m->b + 0.5 * x;
		if (a > 1e16)
			a *= 0.5;
		else
		{
			shift = LN2;
			log_db += LN2;
		}
	}
	dt.c = c;
	dt.log_c = log(c);
	dt.log_db = log_db;
	f.log_value = log_dert_value;
	f.ctx = &dt;
	f.log_turn = log_db - dt.log_c;
	f.u_left = fmin(log(a) - log(B), f.log_turn);
	return shift + beta_log_mean(a, B, &f);
}

double
bgnbd_log_dert_mean(const BgnbdParams *m, double x, double T, double delta)
{
	return log_dert_mean(m, x, log(delta) + log_sum(m->alpha, T));
}

double
bgnbd_dert(const BgnbdParams *m, double x, double tx, double T, double delta)
{
	return exp(bgnbd_log_p_alive(m, x, tx, T) + bgnbd_log_dert_mean(m, x, T, delta));
}

/* ---------- the pmf ---------- */

/*
 * ln B(a, b + k) - ln B(a, b) for a whole k >= 0: term by term for small k
 * (each ln((b + i) / (a + b + i)) from whichever form keeps its digits),
 * else by the log-gamma ratio of the smaller shift, min(a, k).
 */
static double
log_beta_shift(double a, double b, double k)
{
	double		sum = 0.0;

	/*
	 * a + b past the largest double (a / (a + b + i) was 0,
	 * lgamma_diff(Infinity, k) NaN):
	 * a + b > DBL_MAX / 2 and k < 2^31, so ln Gamma(a + b + k) - ln Gamma(a + b)
	 * is k ln(a + b) and, for b >= a, ln Gamma(b + k) - ln Gamma(b) is k ln b,
	 * both to within k^2 / (a + b), below 1e-288
	 */
	if (isinf(a + b))
		return b >= a ? -k * log1p(a / b) : lgamma_diff(b, k) - k * log_sum(a, b);
	if (k <= 64.0)
	{
		for (int i = 0; i < (int) k; i++)
		{
			double		f = a / (a + b + i);

			sum += f < 0.5 ? log1p(-f) : log((b + i) / (a + b + i));
		}
		return sum;
	}
	if (a <= k)
		return lgamma_diff(b, a) - lgamma_diff(b + k, a);
	return lgamma_diff(b, k) - lgamma_diff(a + b, k);
}

/*
 * P(X(t) = n) = B(a, b + n) / B(a, b) NB(n)
 *				 + [n > 0] B(a + 1, b + n - 1) / B(a, b) P(N >= n),
 * N ~ NB(r, alpha / (alpha + t)) the purchases of a customer who never drops
 * out, NB(n) its pmf and P(N >= n) = I_z(n, r), z = t / (alpha + t).  The
 * first term: still alive after the n-th purchase; the second: dropped out
 * right after it.  B(a + 1, b + n - 1) = B(a, b + n - 1) a / (a + b + n - 1).
 * Summed in log space; z and 1 - z are each formed directly.
 */
double
bgnbd_pmf(const BgnbdParams *m, int n, double t)
{
	double		den;
	double		z;
	double		y;
	double		log_z;
	double		log_y;
	double		first;
	double		second;

	if (n < 0)
		return 0.0;
	if (!(t > 0.0))
		return n == 0 ? 1.0 : 0.0;
	/* halved only if alpha + t overflows: 0.5 t is 0 for the smallest denormal */
	den = m->alpha + t;
	if (isinf(den))
	{
		den = 0.5 * m->alpha + 0.5 * t;
		z = 0.5 * t / den;
		y = 0.5 * m->alpha / den;
	}
	else
	{
		z = t / den;
		y = m->alpha / den;
	}
	log_z = -log1p_ratio(m->alpha, t);
	log_y = -log1p_ratio(t, m->alpha);
	if (n == 0)
		return exp(m->r * log_y);
	/* NB(n) = Gamma(r + n) / (Gamma(r) n!) y^r z^n = z^n y^r / (n B(n, r)) */
	first = log_beta_shift(m->a, m->b, n) +
		log_beta_kernel(n, m->r, z, y, log_z, log_y) - log((double) n);
	second = log(m->a) - log_sum(m->a, m->b + (n - 1.0)) +
		log_beta_shift(m->a, m->b, n - 1.0) +
		log_incomplete_beta(n, m->r, z, y, log_z, log_y);
	/* a probability: rounding in the logs may not take it past 1 */
	return fmin(1.0, exp(log_add_exp(first, second)));
}

/* ---------- periods ---------- */

void
bgnbd_walk_start(BgnbdPeriodWalk *w, const BgnbdParams *m, double x, double T,
				 double period_length)
{
	w->m = *m;
	w->x = x;
	w->log_age = log_sum(m->alpha, T);
	w->period_length = period_length;
	w->period = 0;
	w->previous = 0.0;
	beta_moments_init(&w->moments, m->a, m->b + x);
}

/*
 * G does not decrease in t; where rounding says otherwise (found by
 * fuzzing: a step of -1e-305 grown by a discount of -99.8% to -8e-300), it
 * is kept where it was.
 */
double
bgnbd_walk_next(BgnbdPeriodWalk *w)
{
	int			i = ++w->period;
	double		L = w->period_length;
	/* i L past the largest double (G at an infinite time was garbage) */
	double		log_t = isinf(i * L) ? log((double) i) + log(L) : log(i * L);
	double		current = exp(log_horizon_mean(&w->m, &w->moments, w->x, log_t - w->log_age, false));

	if (!isfinite(current))
		return current;
	w->previous = fmax(current, w->previous);
	return w->previous;
}

/* ---------- discounted purchases ---------- */

/* The walk as discounted_increments takes it (purchase_model_core.h). */
static double
walk_step(void *walk)
{
	return bgnbd_walk_next(walk);
}

double
bgnbd_discounted_horizon(const BgnbdParams *m, double x, double T, int periods,
						 double period_length, double discount_rate, InterruptPoll poll)
{
	BgnbdPeriodWalk w;

	/* sum_i (G(i L) - G((i - 1) L)) / (1 + d)^i, the moments shared along the walk */
	bgnbd_walk_start(&w, m, x, T, period_length);
	return discounted_increments(walk_step, &w, periods, discount_rate, poll);
}

/* ---------- as a purchase model ---------- */

static double
purchase_log_p_alive(const void *params, double x, double tx, double T)
{
	return bgnbd_log_p_alive(params, x, tx, T);
}

static double
purchase_log_horizon_mean(const void *params, double t, double x, double T)
{
	return bgnbd_log_horizon_mean(params, t, x, T);
}

/* G(t) <= E[lambda | alive] t = (r + x) / (alpha + T) t: p only takes away. */
static double
purchase_log_rate_bound(const void *params, double x, double T)
{
	const BgnbdParams *m = params;

	return log(m->r + x) - log_sum(m->alpha, T);
}

static double
purchase_discounted_walk(const void *params, double x, double T, int periods,
						 double period_length, double discount_rate, InterruptPoll poll)
{
	return bgnbd_discounted_horizon(params, x, T, periods, period_length, discount_rate, poll);
}

PurchaseModel
bgnbd_purchase_model(const BgnbdParams *m)
{
	PurchaseModel pm = {m, purchase_log_p_alive, purchase_log_horizon_mean,
	purchase_log_rate_bound, purchase_discounted_walk};

	return pm;
}

double
bgnbd_discounted_purchases(const BgnbdParams *m, double x, double tx,
						   double T, int periods, double period_length,
						   double discount_rate, InterruptPoll poll)
{
	PurchaseModel pm = bgnbd_purchase_model(m);

	return purchase_discounted_purchases(&pm, x, tx, T, periods, period_length, discount_rate,
										 poll);
}

const char *
bgnbd_history_problem(double frequency, double recency, double age)
{
	if (!isfinite(frequency) || !isfinite(recency) || !isfinite(age))
		return "frequency, recency and age must be finite numbers";
	if (frequency < 0 || frequency != floor(frequency))
		return "frequency must be a whole number of repeat purchases, at least 0";
	if (recency < 0)
		return "recency must not be negative";
	if (recency > age)
		return "recency must not be greater than age";
	if (frequency == 0 && recency != 0)
		return "recency must be 0 when frequency is 0";
	return NULL;
}
