/*
 * pareto_nbd_core.c
 *		Pareto/NBD: likelihood, fit, P(alive), expected purchases, the pmf
 *		and DERT in closed form.
 *
 * The likelihood (FHL 2005 note, eq. 19):
 *   L = Gamma(r + x) / Gamma(r) alpha^r beta^s
 *       [ (alpha + T)^-(r + x) (beta + T)^-s + s I ],
 *   I = int_{t_x}^{T} (alpha + u)^-(r + x) (beta + u)^-(s + 1) du
 *     = (F(t_x) - F(T)) / (r + s + x),
 * F(u) = 2F1(a, s + 1; a + 1; (alpha - beta) / (alpha + u)) / (alpha + u)^a
 * for alpha >= beta, and 2F1(a, r + x; a + 1; (beta - alpha) / (beta + u))
 * / (beta + u)^a otherwise (a = r + s + x: the switch keeps the argument in
 * [0, 1)).  By Euler's transformation 2F1(a, b; a + 1; z) = (1 - z)^(1 - b)
 * 2F1(1, a + 1 - b; a + 1; z), whose terms are positive and fall by at
 * least z each: no overflow for large x, and 1 - z is a ratio of
 * (beta + u) and (alpha + u), formed without cancellation.  Everything in
 * logs.  The series is long where z nears 1 (alpha and beta far apart,
 * t_x small: a fit whose parameters run away) and F(t_x) - F(T) cancels
 * over a short [t_x, T]: there I is taken by quadrature instead
 * (log_integral), so that every evaluation has a bounded cost.
 *
 * Given alive at T: lambda ~ Gamma(r + x, alpha + T), mu ~ Gamma(s, beta +
 * T), so E[Y(t)] = P(alive) (r + x) / (alpha + T) E[(1 - e^(-mu t)) / mu]
 * and DERT = P(alive) (r + x) / (alpha + T) E[1 / (delta + mu)] = P(alive)
 * (r + x) (beta + T) / (alpha + T) e^k E_s(k), k = delta (beta + T).
 */
#include "pareto_nbd_core.h"

#include <float.h>
#include <math.h>

#include "lgamma_diff_core.h"
#include "numerics_core.h"

/*
 * The series of log_hyp_one is used while its argument stays at or below
 * HYP_SERIES_MAX_Z (then its terms fall at least as 0.9^n: 400 terms reach
 * 1e-17); past that, or when the difference F(t_x) - F(T) would cancel,
 * the integral is taken by quadrature, whose cost is bounded too.
 */
#define HYP_SERIES_MAX_Z 0.9
#define HYP_MAX_TERMS 2000
#define HALF_PI 1.57079632679489661923

bool
pareto_nbd_params_valid(const ParetoNbdParams *m)
{
	return isfinite(m->r) && m->r > 0 && isfinite(m->alpha) && m->alpha > 0 &&
		isfinite(m->s) && m->s > 0 && isfinite(m->beta) && m->beta > 0;
}

/*
 * ln 2F1(1, b; c; z) for 0 <= z <= HYP_SERIES_MAX_Z, 0 < b < c: positive
 * terms falling by z at least; NaN if HYP_MAX_TERMS do not reach 1e-17.
 */
static double
log_hyp_one(double b, double c, double z)
{
	double		term = 1.0;
	double		sum = 1.0;

	for (int n = 0; n < HYP_MAX_TERMS; n++)
	{
		term *= (b + n) / (c + n) * z;
		sum += term;
		if (term * z <= 1e-17 * sum * (1.0 - z))
			return log(sum);
	}
	return NAN;
}

/* The 2F1 argument of F(u) (see the top): the larger, the longer the series. */
static double
hyp_argument(const ParetoNbdParams *m, double u)
{
	return fabs(m->alpha - m->beta) / (fmax(m->alpha, m->beta) + u);
}

/*
 * ln(alpha^r beta^s (alpha + u)^-c (beta + u)^-b) for c = r + x0, b = s + b0
 * (x0, b0 >= 0), without forming r ln alpha and c ln(alpha + u) apart: the
 * two overflow together for a huge r or x where their difference does not.
 */
static double
log_scaled_powers(const ParetoNbdParams *m, double u, double x0, double b0)
{
	double		value = -m->r * log1p_ratio(u, m->alpha) - m->s * log1p_ratio(u, m->beta);

	/* a zero power is 1 even where its logarithm would overflow */
	if (x0 != 0.0)
		value -= x0 * log_sum(m->alpha, u);
	if (b0 != 0.0)
		value -= b0 * log_sum(m->beta, u);
	return value;
}

/*
 * ln(alpha^r beta^s F(u)) (see the top), for hyp_argument(u) <=
 * HYP_SERIES_MAX_Z: (alpha + u)^-(r + x) (beta + u)^-s 2F1(...) for
 * alpha >= beta, (alpha + u)^(1 - r - x) (beta + u)^-(s + 1) 2F1(...)
 * otherwise.
 */
static double
log_F(const ParetoNbdParams *m, double x, double u)
{
	double		c = m->r + x;
	double		a = c + m->s;

	if (m->alpha >= m->beta)
	{
		double		z = (m->alpha - m->beta) / (m->alpha + u);

		return log_scaled_powers(m, u, x, 0.0) + log_hyp_one(c, a + 1.0, z);
	}
	else
	{
		double		z = (m->beta - m->alpha) / (m->beta + u);

		return log_scaled_powers(m, u, x - 1.0, 1.0) + log_hyp_one(m->s + 1.0, a + 1.0, z);
	}
}

/*
 * ---------- the integral by quadrature ----------
 *
 * alpha^r beta^s I = int_{t_x}^{T} (alpha^r beta^s (alpha + u)^-(r + x)
 * (beta + u)^-(s + 1)) du in the variable v = ln(m0 + u), m0 = min(alpha,
 * beta): the integrand times the Jacobian m0 + u is e^h(v) with |h'(v)| <=
 * r + s + x + 2, so a sharp feature at u of the order of m0 (a tiny alpha
 * or beta, where the series would need millions of terms) is as wide as
 * any other in v.  The rule is tanh-sinh in logs over [v0, v1], each node
 * placed from its nearer end so that a peak at either end is resolved:
 * levels of step 1/2 down to 1/128 (at most about 900 nodes), stopping
 * when two levels agree to 1e-14.
 */
typedef struct IntegralArgs
{
	const ParetoNbdParams *m;
	double		x;
	double		tx;
	double		T;
	double		e0;				/* m0 + t_x = e^v0 */
	double		e1;				/* m0 + T = e^v1 */
} IntegralArgs;

/*
 * ln of the integrand in v at v0 + d (from_end false) or v1 - d (true):
 * u = t_x + e0 (e^d - 1) or T + e1 (e^-d - 1), e^v = m0 + u as e0 e^d or
 * e1 e^-d, exact ratios also over a short interval.
 */
static double
integral_log_integrand(const IntegralArgs *ia, double d, bool from_end)
{
	double		u = from_end ? ia->T + ia->e1 * expm1(-d) : ia->tx + ia->e0 * expm1(d);
	double		log_e = from_end ? log(ia->e1) - d : log(ia->e0) + d;

	return log_e + log_scaled_powers(ia->m, fmax(u, 0.0), ia->x, 1.0);
}

static double
log_integral_quadrature(const ParetoNbdParams *m, double x, double tx, double T)
{
	double		m0 = fmin(m->alpha, m->beta);
	IntegralArgs ia = {m, x, tx, T, m0 + tx, m0 + T};

	/* v1 - v0, without the cancellation of a difference of logarithms */
	double		len = log1p_ratio(T - tx, m0 + tx);
	double		previous = NAN;
	double		acc = -INFINITY;

	if (!(len > 0.0))
		return -INFINITY;
	for (int level = 0; level <= 6; level++)
	{
		double		h = 0.5 / (1 << level);
		double		step = level == 0 ? h : 2.0 * h;
		double		current;

		for (double t = level == 0 ? 0.0 : h; t <= 3.5; t += step)
			for (int side = (t == 0.0 ? 1 : 0); side < 2; side++)
			{
				double		g = HALF_PI * sinh(t);

				/*
				 * the node at distance len (1 - tanh g) / 2 from one end:
				 * (1 - tanh g) / 2 = 1 / (1 + e^(2g)), formed without
				 * cancellation; the weight is len pi/4 cosh t / cosh^2 g
				 */
				double		frac = 1.0 / (1.0 + exp(2.0 * g));
				double		log_weight = log(len * HALF_PI * 0.5 * cosh(t)) - 2.0 * log(cosh(g));

				if (!(frac > 0.0))
					continue;
				acc = log_add_exp(acc, log_weight +
								  integral_log_integrand(&ia, len * frac, side == 1));
			}
		current = acc + log(h);
		if (level > 0 && fabs(current - previous) <= 1e-14)
			return current;
		previous = current;
	}
	return previous;
}

/*
 * ln(alpha^r beta^s I): by the series as F(t_x) - F(T) (see the top) when
 * its argument is small enough and the difference keeps its digits, by
 * quadrature otherwise.
 */
static double
log_integral(const ParetoNbdParams *m, double x, double tx, double T)
{
	if (hyp_argument(m, tx) <= HYP_SERIES_MAX_Z)
	{
		double		lf1 = log_F(m, x, tx);
		double		lf2 = log_F(m, x, T);
		double		d = lf2 - lf1;

		if (isfinite(lf1) && isfinite(lf2) && d < -0.01)
			return lf1 + log(-expm1(d)) - log(m->r + m->s + x);
	}
	return log_integral_quadrature(m, x, tx, T);
}

/*
 * The two terms of L without the Gamma ratio, each with the factor
 * alpha^r beta^s: ln(alpha^r beta^s (alpha + T)^-(r + x) (beta + T)^-s)
 * and ln(s alpha^r beta^s I) (-inf when t_x = T).
 */
static void
log_terms(const ParetoNbdParams *m, double x, double tx, double T, double *l1, double *l2)
{
	*l1 = log_scaled_powers(m, T, x, 0.0);
	if (tx >= T)
	{
		*l2 = -INFINITY;
		return;
	}
	*l2 = log(m->s) + log_integral(m, x, tx, T);
}

/* for the unit tests: ln I both ways */
double
pareto_nbd_log_integral(const ParetoNbdParams *m, double x, double tx, double T, bool quadrature)
{
	if (!(tx < T))
		return -INFINITY;
	return (quadrature ? log_integral_quadrature(m, x, tx, T) : log_integral(m, x, tx, T)) -
		m->r * log(m->alpha) - m->s * log(m->beta);
}

double
pareto_nbd_loglik(const ParetoNbdParams *m, double x, double tx, double T)
{
	double		l1,
				l2;

	log_terms(m, x, tx, T, &l1, &l2);
	return lgamma_diff(m->r, x) + log_add_exp(l1, l2);
}

double
pareto_nbd_log_p_alive(const ParetoNbdParams *m, double x, double tx, double T)
{
	double		l1,
				l2;

	log_terms(m, x, tx, T, &l1, &l2);
	return fmin(0.0, l1 - log_add_exp(l1, l2));
}

double
pareto_nbd_p_alive(const ParetoNbdParams *m, double x, double tx, double T)
{
	return exp(pareto_nbd_log_p_alive(m, x, tx, T));
}

/*
 * ln E[(1 - e^(-mu t)) / mu], mu ~ Gamma(s, rate B):
 * B (1 - (B / (B + t))^(s - 1)) / (s - 1) = B l (1 - e^-y) / y with
 * l = ln(1 + t / B), y = (s - 1) l; for y < -1 (s < 1, a long horizon)
 * ln((e^z - 1) / z) = z + ln(1 - e^-z) - ln z, z = -y, which does not
 * overflow.  -inf at t = 0.
 */
static double
log_death_horizon(double s, double B, double t)
{
	double		l = log1p_ratio(t, B);
	double		y = (s - 1.0) * l;
	double		factor;

	if (y == 0.0)
		factor = 0.0;
	else if (y > -1.0)
		factor = log(-expm1(-y) / y);
	else
		factor = -y + log1p(-exp(y)) - log(-y);
	return log(B) + log(l) + factor;
}

/* The logarithm of the rate's posterior mean (r + x) / (alpha + T), without overflow. */
static double
log_rate_mean(const ParetoNbdParams *m, double x, double T)
{
	return log_sum(m->r, x) - log_sum(m->alpha, T);
}

double
pareto_nbd_expected_new(const ParetoNbdParams *m, double t)
{
	return exp(log(m->r) - log(m->alpha) + log_death_horizon(m->s, m->beta, t));
}

/* ln G(t) = ln E[Y(t) | alive at T]: depends on (x, T) only */
double
pareto_nbd_log_horizon_mean(const ParetoNbdParams *m, double t, double x, double T)
{
	if (!(t > 0.0))
		return -INFINITY;
	/* beta + T beyond DBL_MAX changes G by a relative 1e-308 at most: none */
	return log_rate_mean(m, x, T) + log_death_horizon(m->s, fmin(m->beta + T, DBL_MAX), t);
}

double
pareto_nbd_expected_conditional(const ParetoNbdParams *m, double t, double x, double tx,
								double T)
{
	return exp(pareto_nbd_log_p_alive(m, x, tx, T) + pareto_nbd_log_horizon_mean(m, t, x, T));
}

/* Given alive at T, alive at T + t with chance E[e^(-mu t)] = ((beta + T) / (beta + T + t))^s. */
double
pareto_nbd_p_alive_future(const ParetoNbdParams *m, double t, double x, double tx, double T)
{
	return exp(pareto_nbd_log_p_alive(m, x, tx, T) -
			   m->s * log1p_ratio(t, fmin(m->beta + T, DBL_MAX)));
}

#define EULER_GAMMA 0.57721566490153286061

/*
 * ln e^k E_nu(k) = ln U(1, 2 - nu, k) = ln int_0^inf e^(-k u) (1 + u)^-nu du
 * for 0 < nu <= 3/2 and k > 0, given also as log_k (k itself may
 * underflow to 0: the value then depends on k through ln k alone):
 *  - k >= 1/2: the recurrence e^k E_nu(k) = (1 - nu e^k E_(nu+1)(k)) / k,
 *    whose difference loses at most nu / k <= 3 in relative precision;
 *  - k < 1/2: with c = nu - 1 in (-1, 1/2], the series
 *    E_nu(k) = (1 - Gamma(1 - c) k^c) / c - sum_{m >= 1} (-k)^m / ((m - c) m!),
 *    its first part as -q expm1(c q) / (c q), q = ln Gamma(1 - c) / c + ln k
 *    (for |c| < 1e-3 ln Gamma(1 - c) / c by its zeta series), so that
 *    nu -> 1 gives E_1's -gamma - ln k without cancellation; where
 *    c q > 700 (k^c overflows) the first part alone, in logs.
 */
static double
log_scaled_expint_low(double nu, double k, double log_k)
{
	double		c = nu - 1.0;
	double		q;
	double		x;
	double		first;
	double		sum = 0.0;
	double		term = 1.0;

	if (k >= 0.5)
		return log1p(-nu * exp(log_scaled_expint(nu + 1.0, k))) - log_k;
	if (fabs(c) < 1e-3)
		q = EULER_GAMMA + c * (0.82246703342411321824 + c * (0.40068563438653142847 +
															   c * 0.27058080842778454788));
	else
		q = lgamma(1.0 - c) / c;
	q += log_k;
	x = c * q;
	/* k^(nu - 1) beyond e^700 (nu < 1, k underflowing): the sum is nothing beside it */
	if (x > 700.0)
		return k + x + log1p(-exp(-x)) - log(-c);
	first = -q * (x == 0.0 ? 1.0 : expm1(x) / x);
	for (int m = 1; m < 60; m++)
	{
		term *= -k / m;
		sum += term / (m - c);
		if (fabs(term) < 1e-17 * first)
			break;
	}
	return k + log(first - sum);
}

/*
 * ln e^k E_s(k), s > 0, k = e^log_k >= 0 (k may have underflowed).  Above
 * s = 3/2 the value at k <= DBL_MIN is its limit 1 / (s - 1) to within
 * k^(s - 1) < 1e-150.
 */
static double
log_scaled_expint_any(double s, double k, double log_k)
{
	if (s > 1.5)
		return log_scaled_expint(s, fmax(k, DBL_MIN));
	return log_scaled_expint_low(s, k, log_k);
}

/*
 * ln(B e^k E_s(k)), k = delta B: e^k E_s(k) lies between 1 / (k + s) and
 * 1 / (k + s - 1), so beyond k = 1e17 (where the two agree to a double, and
 * k itself may overflow) it is -ln(delta + s / B).
 */
static double
log_dert_horizon(double s, double B, double delta)
{
	double		k = delta * B;

	if (!(k <= 1e17))
		return -log(delta + s / B);
	return log(B) + log_scaled_expint_any(s, k, log(delta) + log(B));
}

double
pareto_nbd_dert(const ParetoNbdParams *m, double x, double tx, double T, double delta)
{
	return exp(pareto_nbd_log_p_alive(m, x, tx, T) + log_rate_mean(m, x, T) +
			   log_dert_horizon(m->s, fmin(m->beta + T, DBL_MAX), delta));
}

/* for the unit tests */
double
pareto_nbd_log_scaled_expint(double s, double k)
{
	return log_scaled_expint_any(s, k, log(k));
}

/* ---------- the pmf ---------- */

/* ln of the integrand of the pmf's second term at tau = t w (see pareto_nbd_pmf) */
typedef struct PmfTerms
{
	const ParetoNbdParams *m;
	int			n;
	double		t;
	double		log_const;		/* ln s + s ln beta + ln t + ln NB's constant + r ln alpha */
} PmfTerms;

static double
pmf_log_integrand(const PmfTerms *pt, double w)
{
	double		tau = pt->t * w;

	return pt->log_const - (pt->m->s + 1.0) * log(pt->m->beta + tau) +
		(pt->n > 0 ? pt->n * log(tau) : 0.0) - (pt->m->r + pt->n) * log(pt->m->alpha + tau);
}

/*
 * ln int_0^1 e^f(w) dw by the tanh-sinh rule in logs, the step halved from
 * 1/4 until two sums agree to 1e-13 (1/64 at most): f may be peaked at
 * either end (w^n, or the decay of (alpha + t w)^-(r + n)).
 */
static double
pmf_log_integral(const PmfTerms *pt)
{
	double		previous = NAN;
	double		acc = -INFINITY;

	for (int level = 0; level <= 4; level++)
	{
		double		h = 0.25 / (1 << level);
		double		step = level == 0 ? h : 2.0 * h;
		double		current;

		for (double tt = level == 0 ? 0.0 : h; tt <= 3.5; tt += step)
			for (int side = (tt == 0.0 ? 1 : 0); side < 2; side++)
			{
				double		u = side == 0 ? -tt : tt;
				double		g = HALF_PI * sinh(u);
				double		log_weight = log(HALF_PI * cosh(u)) - 2.0 * log(cosh(g)) - log(2.0);
				/* w and 1 - w each formed without cancellation */
				double		w = g >= 0 ? 1.0 / (1.0 + exp(-2.0 * g)) : exp(2.0 * g) / (1.0 + exp(2.0 * g));

				if (w <= 0.0 || w >= 1.0)
					continue;
				acc = log_add_exp(acc, log_weight + pmf_log_integrand(pt, w));
			}
		current = acc + log(h);
		if (level > 0 && fabs(current - previous) <= 1e-13)
			return current;
		previous = current;
	}
	return previous;
}

/*
 * P(X(t) = n) for a new customer: alive at t and n purchases, or dead at
 * tau < t after n purchases,
 *   NB(n; t) (beta / (beta + t))^s + int_0^t s beta^s (beta + tau)^-(s + 1) NB(n; tau) dtau,
 * NB(n; tau) = Gamma(r + n) / (Gamma(r) n!) (alpha / (alpha + tau))^r (tau / (alpha + tau))^n,
 * the integral by pmf_log_integral.  Two positive terms: no cancellation.
 */
double
pareto_nbd_pmf(const ParetoNbdParams *m, int n, double t)
{
	double		log_nb_const = lgamma_diff(m->r, n) - lgamma(n + 1.0) + m->r * log(m->alpha);
	double		first;
	PmfTerms	pt;

	if (n < 0)
		return 0.0;
	if (!(t > 0.0))
		return n == 0 ? 1.0 : 0.0;
	first = log_nb_const + (n > 0 ? n * log(t) : 0.0) - (m->r + n) * log(m->alpha + t) +
		m->s * (log(m->beta) - log(m->beta + t));
	pt.m = m;
	pt.n = n;
	pt.t = t;
	pt.log_const = log(m->s) + m->s * log(m->beta) + log(t) + log_nb_const;
	return fmin(1.0, exp(log_add_exp(first, pmf_log_integral(&pt))));
}

/*
 * ---------- the fit ----------
 *
 * Over u = ln(r, alpha / max T, s, beta / max T) from 0, the gradient by
 * finite differences of the summed log-likelihood.  Data that do not
 * identify the model let parameters run off (s and beta to infinity
 * together: no drop-out); every evaluation being bounded, the search stops
 * at |u| <= 30 (optimize_finish's limit of an identified fit, so that no
 * time goes into the region beyond) or at its iteration limit, and
 * optimize_finish reports it as not converged.
 */

typedef struct ParetoData
{
	const HistogramEntry *entries;
	size_t		n;
	double		scale;			/* max T */
	double		customers;
	InterruptPoll poll;			/* may be NULL */
} ParetoData;

/* Entries between two polls inside one sum (of 17 per gradient). */
#define PARETO_POLL_EVERY 4096

static double
pareto_sum(const ParetoData *d, const double *u)
{
	ParetoNbdParams m = {exp(u[0]), d->scale * exp(u[1]), exp(u[2]), d->scale * exp(u[3])};
	double		total = 0.0;

	for (size_t i = 0; i < d->n; i++)
	{
		const HistogramEntry *e = &d->entries[i];

		if (d->poll != NULL && i % PARETO_POLL_EVERY == PARETO_POLL_EVERY - 1)
			d->poll();
		total += (double) e->count * pareto_nbd_loglik(&m, e->v[0], e->v[1], e->v[2]);
	}
	return total;
}

/*
 * d(sum LL) / du_k by the five-point stencil, h = 1e-3: truncation error
 * h^4 / 30 times the fifth derivative (below 1e-13 for the smooth LL in
 * log-parameters), rounding about 1e-16 |sum LL| / h, so that the Hessian
 * optimize_finish takes from differences of this gradient (steps of 1e-4)
 * keeps its digits even along a weakly identified beta.
 */
static double
sum_derivative(const ParetoData *d, const double *u, int k)
{
	static const double offsets[4] = {-2.0, -1.0, 1.0, 2.0};
	static const double weights[4] = {1.0, -8.0, 8.0, -1.0};
	double		h = 1e-3;
	double		acc = 0.0;

	for (int i = 0; i < 4; i++)
	{
		double		v[4] = {u[0], u[1], u[2], u[3]};

		v[k] += offsets[i] * h;
		acc += weights[i] * pareto_sum(d, v);
	}
	return acc / (12.0 * h);
}

static double
pareto_objective(const double *u, double *grad, void *ctx)
{
	const ParetoData *d = ctx;
	double		f;

	for (int k = 0; k < 4; k++)
		if (!(fabs(u[k]) <= 30.0))
			return INFINITY;
	f = -pareto_sum(d, u) / d->customers;
	if (grad)
		for (int k = 0; k < 4; k++)
			grad[k] = -sum_derivative(d, u, k) / d->customers;
	return f;
}

void
pareto_nbd_fit(HistogramEntry *entries, size_t n, InterruptPoll poll,
			   ParetoNbdParams *params, FitOutcome *outcome)
{
	ParetoData	d = {entries, n, 0.0, 0.0, poll};
	double		u[4] = {0, 0, 0, 0};
	OptimizeResult res;

	for (size_t i = 0; i < n; i++)
	{
		d.scale = fmax(d.scale, entries[i].v[2]);
		d.customers += (double) entries[i].count;
	}
	if (!(d.scale > 0))
		d.scale = 1.0;
	optimize_minimize(pareto_objective, &d, 4, u, poll, &res);
	params->r = exp(u[0]);
	params->alpha = d.scale * exp(u[1]);
	params->s = exp(u[2]);
	params->beta = d.scale * exp(u[3]);
	outcome->loglik = pareto_sum(&d, u);
	optimize_finish(pareto_objective, &d, 4, u, &res, 30.0,
					(const double[4]) {1.0, d.scale, 1.0, d.scale}, d.customers, false, poll,
					outcome);
}

/* ---------- as a purchase model ---------- */

static double
purchase_log_p_alive(const void *params, double x, double tx, double T)
{
	return pareto_nbd_log_p_alive(params, x, tx, T);
}

static double
purchase_log_horizon_mean(const void *params, double t, double x, double T)
{
	return pareto_nbd_log_horizon_mean(params, t, x, T);
}

/* G(t) <= E[lambda | alive] t = (r + x) / (alpha + T) t: death only takes away. */
static double
purchase_log_rate_bound(const void *params, double x, double T)
{
	return log_rate_mean(params, x, T);
}

PurchaseModel
pareto_nbd_purchase_model(const ParetoNbdParams *m)
{
	PurchaseModel pm = {m, purchase_log_p_alive, purchase_log_horizon_mean,
	purchase_log_rate_bound, NULL};

	return pm;
}
