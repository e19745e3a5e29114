/*
 * gamma_gamma_core.c
 *		Gamma-Gamma spend model: log-likelihood, fit and expected spend.
 *
 * A customer's transaction values are Gamma(p, nu) with nu ~ Gamma(q, v)
 * across customers.  The mean m of x repeat purchases then has the density
 * (Fader & Hardie 2013, "The Gamma-Gamma Model of Monetary Value"):
 *
 *	ln f = ln Gamma(p x + q) - ln Gamma(p x) - ln Gamma(q) + q ln v
 *		   + (p x - 1) ln m + p x ln x - (p x + q) ln(v + x m)
 *
 * which is the density of m itself, constants included: its sum over
 * CDNOW's 946 repeat buyers is the published -4055.92.  It is computed as
 *
 *	ln f = C(p x, q) - ln m - q log1p(x m / v) - p x log1p(v / (x m))
 *
 * with C(s, q) = ln Gamma(s + q) - ln Gamma(s) - ln Gamma(q) taken from
 * lgamma_diff of the larger argument: the same value, but nothing that
 * grows with p, q or v is formed and cancelled, so the likelihood stays
 * exact where a fit drifts towards q, v -> infinity (no spread between
 * customers) or p -> infinity (none within a customer).
 *
 * The fit minimises -(sum count (ln f + ln m)) / N over ln(p, q, v_s),
 * v_s = v / (the customers' mean spend), from (1, 1, 1), like
 * bgnbd_fit_core.c: sorted entries, the log-gammas and digammas once per
 * distinct x, analytic gradient, nothing allocated.  Both choices make the
 * fit independent of the currency unit: v_s is the same in cents as in
 * dollars, and so is the objective, since leaving out -ln m (which does not
 * depend on the parameters) makes it minus the mean log-density of ln m.
 * The convergence test, relative to the objective's size, and the limits on
 * the log-parameters then mean the same in any unit.
 */
#include "gamma_gamma_core.h"

#include "beta_core.h"

#include <math.h>
#include <stdlib.h>

#include "lgamma_diff_core.h"
#include "optimize_core.h"

/* As in bgnbd_fit_core.c: identified within e^30, objective wall at e^50. */
#define LOG_PARAM_LIMIT		30.0
#define LOG_PARAM_WALL		50.0

typedef struct GgData
{
	const HistogramEntry *entries;	/* sorted by (x, m) */
	size_t		n;
	double		customers;		/* sum of the counts */
	double		spend_scale;	/* mean m (1 if that is not finite) */
} GgData;

/* Per-x sums of the entry-level terms. */
typedef struct GgSums
{
	double		count;
	double		lq;				/* sum of count * log1p(x m / v) */
	double		lp;				/* sum of count * log1p(v / (x m)) */
	double		share_m;		/* sum of count * x m / (v + x m) */
	double		share_v;		/* sum of count * v / (v + x m) */
} GgSums;

/* ln Gamma(s + q) - ln Gamma(s) - ln Gamma(q) */
static double
log_gamma_ratio(double s, double q)
{
	return q >= s ? lgamma_diff(q, s) - lgamma(s) : lgamma_diff(s, q) - lgamma(q);
}

bool
gg_params_valid(const GammaGammaParams *m)
{
	return isfinite(m->p) && m->p > 0 && isfinite(m->q) && m->q > 0 &&
		isfinite(m->v) && m->v > 0;
}

double
gg_expected_spend(const GammaGammaParams *m, double x, double mean_spend)
{
	double		denom;
	double		result;

	if (x == 0)
		return m->q > 1 ? m->p * m->v / (m->q - 1) : NAN;
	denom = m->p * x + (m->q - 1);	/* exact when q is near 1 */
	if (!(denom > 0))
		return NAN;
	result = m->p * (m->v + x * mean_spend) / denom;
	if (isfinite(result))
		return result;
	/*
	 * p x or x m overflowed (Infinity / Infinity was NaN): the same as the
	 * weighted mean v / (x + (q - 1) / p) + m / (1 + (q - 1) / (p x))
	 */
	return m->v / (x + (m->q - 1) / m->p) + mean_spend / (1 + (m->q - 1) / m->p / x);
}

/*
 * gg_loglik when P = p x passes the largest double, from P's factors: with
 * t = q / P, by Stirling's formula on both gammas,
 *   ln Gamma(P + q) - ln Gamma(P) = q ln P + R,
 *   R = q ((1 + t) ln(1 + t) - t) / t - ln(1 + t) / 2 + O(1 / P),
 * and ln f = that - ln Gamma(q) + P ln z + q ln y - ln m, with q ln P + q ln y
 * and P ln z = (p ln z) x each formed as one product.  Where ln Gamma(q)
 * overflows (q > 2.5e305) it is Stirling's too, so that q ln P - ln Gamma(q)
 * becomes q (1 - ln t) + ln q / 2 - ln(2 pi) / 2 - 1 / (12 q) + O(q^-3).
 */
static double
gg_loglik_huge_px(const GammaGammaParams *m, double x, double mean_spend,
				  double log_z, double log_y)
{
	double		q = m->q;
	double		t = q / m->p / x;
	double		rest = t > 0 ? q * ((1 + t) * log1p(t) - t) / t - 0.5 * log1p(t) : 0.0;
	double		factor;
	double		other;
	double		big;
	double		slope;

	if (isfinite(lgamma(q)))
	{
		factor = log(m->p) + log(x) + log_y;
		other = -lgamma(q);
	}
	else
	{
		factor = 1 + log_y - log(t);
		other = 0.5 * (log(q) - 1.8378770664093454836) - 1 / (12 * q);
	}

	/*
	 * q factor and P ln z = (p ln z) x are large and of opposite signs:
	 * summed a quarter each (exactly), as either may overflow alone
	 */
	big = q * (0.25 * factor);
	slope = (m->p * log_z) * (0.25 * x);	/* x >= 1 here, q may be a denormal */
	/* both past the largest double even so: the larger wins */
	if (isinf(big) && isinf(slope) && big > 0 && slope < 0)
		return log(q) + log(factor) > log(m->p) + log(-log_z) + log(x) ? INFINITY : -INFINITY;
	return 4.0 * (big + slope) + other + rest - log(mean_spend);
}

double
gg_loglik(const GammaGammaParams *m, double x, double mean_spend)
{
	double		px = m->p * x;
	double		xm = x * mean_spend;
	double		ratio;
	double		log_z;
	double		log_y;
	double		plain = log_gamma_ratio(px, m->q) - log(mean_spend)
		- m->q * log1p(xm / m->v) - px * log1p(m->v / xm);

	if (!isnan(plain))
		return plain;

	/*
	 * Infinity - Infinity (found by fuzzing: p x, q or x m near the largest
	 * double).  The same is ln(z^(p x) y^q / B(p x, q)) - ln m with
	 * z = x m / (v + x m) and y = 1 - z = r / (1 + r), r = v / (x m): the
	 * kernel of beta_core.c, whose terms stay finite.
	 */
	ratio = m->v / x / mean_spend;
	log_z = -log1p(ratio);
	log_y = ratio > 1 ? -log1p(1 / ratio) : log(ratio) + log_z;
	if (isinf(px))
		return gg_loglik_huge_px(m, x, mean_spend, log_z, log_y);
	return log_beta_kernel(px, m->q, 1 / (1 + ratio), ratio > 1 ? 1 / (1 + 1 / ratio) : ratio / (1 + ratio),
						   log_z, log_y) - log(mean_spend);
}

static int
gg_entry_cmp(const void *pa, const void *pb)
{
	const HistogramEntry *ea = pa;
	const HistogramEntry *eb = pb;

	if (ea->v[0] != eb->v[0])
		return ea->v[0] < eb->v[0] ? -1 : 1;
	if (ea->v[1] != eb->v[1])
		return ea->v[1] < eb->v[1] ? -1 : 1;
	return 0;
}

static void
gg_data_init(GgData *d, HistogramEntry *entries, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (gg_entry_cmp(&entries[i - 1], &entries[i]) > 0)
		{
			qsort(entries, n, sizeof(HistogramEntry), gg_entry_cmp);
			break;
		}
	d->entries = entries;
	d->n = n;
	d->customers = 0.0;
	d->spend_scale = 0.0;
	for (size_t i = 0; i < n; i++)
	{
		d->customers += (double) entries[i].count;
		d->spend_scale += (double) entries[i].count * entries[i].v[1];
	}
	d->spend_scale /= d->customers;

	/*
	 * v starts at the mean spend: with p = q = 1 the model's median spend
	 * is v (its mean is infinite), so the start is on the data's scale.
	 */
	if (!(isfinite(d->spend_scale) && d->spend_scale > 0.0))
		d->spend_scale = 1.0;
}

/* The entry-level sums of the entries with the x of entry i. */
static size_t
gg_group(const GgData *d, size_t i, double v, bool grad, GgSums *gs)
{
	double		x = d->entries[i].v[0];

	for (; i < d->n && d->entries[i].v[0] == x; i++)
	{
		double		c = (double) d->entries[i].count;
		double		xm = x * d->entries[i].v[1];

		gs->count += c;
		gs->lq += c * log1p(xm / v);
		gs->lp += c * log1p(v / xm);
		if (grad)
		{
			double		inv = 1.0 / (v + xm);

			gs->share_m += c * xm * inv;
			gs->share_v += c * v * inv;
		}
	}
	return i;
}

/*
 * Sum of count * (ln f + ln m) and, when g is not NULL, its derivatives by
 * ln p, ln q and ln v.
 */
static double
gg_sum(const GgData *d, const GammaGammaParams *m, double *g)
{
	double		total = 0.0;
	size_t		i = 0;

	if (g)
		g[0] = g[1] = g[2] = 0.0;
	while (i < d->n)
	{
		double		x = d->entries[i].v[0];
		double		px = m->p * x;
		GgSums		gs = {0, 0, 0, 0, 0};

		i = gg_group(d, i, m->v, g != NULL, &gs);
		total += gs.count * log_gamma_ratio(px, m->q) - m->q * gs.lq - px * gs.lp;
		if (g)
		{
			g[0] += px * (gs.count * digamma_diff(px, m->q) - gs.lp);
			g[1] += m->q * (gs.count * digamma_diff(m->q, px) - gs.lq);
			g[2] += m->q * gs.share_m - px * gs.share_v;
		}
	}
	return total;
}

/* -(sum count (ln f + ln m)) / N at u = ln(p, q, v_s), gradient by u. */
static double
gg_objective(const double *u, double *grad, void *ctx)
{
	const GgData *d = ctx;
	GammaGammaParams m;
	double		g[3];
	double		f;

	for (int k = 0; k < 3; k++)
		if (!(fabs(u[k]) <= LOG_PARAM_WALL))
			return INFINITY;
	m.p = exp(u[0]);
	m.q = exp(u[1]);
	m.v = exp(u[2]) * d->spend_scale;
	f = -gg_sum(d, &m, grad ? g : NULL) / d->customers;
	if (grad)
		for (int k = 0; k < 3; k++)
			grad[k] = -g[k] / d->customers;
	return f;
}

double
gg_fit_objective(HistogramEntry *entries, size_t n, const double *log_params, double *grad)
{
	GgData		d;

	gg_data_init(&d, entries, n);
	return gg_objective(log_params, grad, &d);
}

/* sum of count * ln m: what ln f has beyond gg_sum */
static double
sum_log_m(const GgData *d)
{
	double		sum = 0.0;

	for (size_t i = 0; i < d->n; i++)
		sum += (double) d->entries[i].count * log(d->entries[i].v[1]);
	return sum;
}

void
gg_fit(HistogramEntry *entries, size_t n, InterruptPoll poll,
	   GammaGammaParams *params, FitOutcome *outcome)
{
	GgData		d;
	double		u[3];
	OptimizeResult res;

	gg_data_init(&d, entries, n);
	u[0] = u[1] = u[2] = 0.0;
	optimize_minimize(gg_objective, &d, 3, u, poll, &res);
	params->p = optimize_positive(u[0], 1.0);
	params->q = optimize_positive(u[1], 1.0);
	params->v = optimize_positive(u[2], d.spend_scale);
	outcome->loglik = gg_sum(&d, params, NULL) - sum_log_m(&d);
	optimize_finish(gg_objective, &d, 3, u, &res, LOG_PARAM_LIMIT,
					(const double[3]) {1.0, 1.0, d.spend_scale}, d.customers, false, poll,
					outcome);
}

const char *
gg_customer_problem(double frequency, double monetary)
{
	if (!isfinite(frequency) || frequency < 0 || frequency != floor(frequency))
		return "frequency must be a whole number of repeat purchases, at least 0";
	if (frequency == 0)
		return NULL;			/* monetary is not used */
	if (!isfinite(monetary))
		return "monetary must be a finite number";
	if (monetary <= 0)
		return "monetary must be greater than zero for a customer with repeat purchases";
	return NULL;
}
