/*
 * sbg_core.c
 *		The shifted-beta-geometric model: survival, retention, DERL, the
 *		likelihood and its fit, and the simulator's draw.  See sbg_core.h.
 */
#include "sbg_core.h"

#include <math.h>

#include "lgamma_diff_core.h"

/* Beyond these |ln alpha|, |ln beta| the fit is not identified / not evaluated. */
#define LOG_PARAM_LIMIT		30.0
#define LOG_PARAM_WALL		50.0

/* The terms of DERL's series between two polls. */
#define DERL_POLL_MASK ((1L << 20) - 1)

const char *
sbg_history_problem(double t, double churned)
{
	if (churned != 0 && churned != 1)
		return "churned must be true or false";
	if (!(t >= 0 && t <= SBG_MAX_PERIOD) || t != floor(t))
		return "t must be a whole number of periods, at least 0";
	if (churned == 1 && t < 1)
		return "t must be at least 1 for a churned customer (the period in which it churned)";
	return NULL;
}

double
sbg_log_survival(const SbgParams *m, double t)
{
	double		log_s;

	if (t <= 0)
		return 0.0;

	/*
	 * ln Gamma(beta + t) - ln Gamma(beta) - (ln Gamma(alpha + beta + t) - ln
	 * Gamma(alpha + beta)), grouped by the smaller shift: each difference is
	 * about shift * ln(argument), and the larger shift's would cancel.
	 */
	if (m->alpha <= t)
		log_s = lgamma_diff(m->beta, m->alpha) - lgamma_diff(m->beta + t, m->alpha);
	else
		log_s = lgamma_diff(m->beta, t) - lgamma_diff(m->alpha + m->beta, t);
	return fmin(0.0, log_s);
}

double
sbg_survival(const SbgParams *m, double t)
{
	return exp(sbg_log_survival(m, t));
}

/* (beta + k) / (alpha + beta + k), without overflow for any finite beta. */
static double
renewal_odds(const SbgParams *m, double k)
{
	return 1.0 / (1.0 + m->alpha / (m->beta + k));
}

double
sbg_retention(const SbgParams *m, double t)
{
	return renewal_odds(m, t - 1.0);
}

double
sbg_log_churn_probability(const SbgParams *m, double t)
{
	double		log_p;

	/* ln alpha + ln Gamma(beta + t - 1) - ln Gamma(alpha + beta + t) + ln Gamma(alpha + beta) - ln Gamma(beta), grouped as in sbg_log_survival */
	if (m->alpha + 1.0 <= t)
		log_p = lgamma_diff(m->beta, m->alpha) - lgamma_diff(m->beta + (t - 1.0), m->alpha + 1.0);
	else
		log_p = lgamma_diff(m->beta, t - 1.0) - lgamma_diff(m->alpha + m->beta, t);
	return fmin(0.0, log(m->alpha) + log_p);
}

double
sbg_loglik(const SbgParams *m, double t, bool churned)
{
	return churned ? sbg_log_churn_probability(m, t) : sbg_log_survival(m, t);
}

double
sbg_derl(const SbgParams *m, double renewals, double discount_rate, InterruptPoll poll)
{
	double		z = 1.0 / (1.0 + discount_rate);
	double		tail_factor = (1.0 + discount_rate) / discount_rate;
	double		term = 1.0;
	double		sum = 0.0;

	/*
	 * term k is S(n + 1 + k) / S(n + 1) z^k, from 1 down: the ratios of
	 * later terms stay below z, so the tail after term k is below term k *
	 * tail_factor.  Summed relative to the first term, which multiplies the
	 * sum at the end, no term is denormal before the tail is negligible (a
	 * denormal term times z can round to itself).
	 */
	for (long k = 1; term > 0; k++)
	{
		sum += term;
		if (term * tail_factor <= 1e-16 * sum)
			break;
		term *= z * renewal_odds(m, renewals + (double) k);
		if (poll != NULL && (k & DERL_POLL_MASK) == 0)
			poll();
	}
	return renewal_odds(m, renewals) * sum;
}

typedef struct SbgData
{
	const HistogramEntry *entries;
	size_t		n;
	double		customers;
} SbgData;

/*
 * sum count ln L at m, and into g[2] (when not NULL) its derivatives by
 * ln alpha and ln beta.
 */
static double
sbg_sum(const SbgData *d, const SbgParams *m, double *g)
{
	double		total = 0.0;
	double		da = 0.0,
				db = 0.0;

	for (size_t i = 0; i < d->n; i++)
	{
		double		t = d->entries[i].v[0];
		bool		churned = d->entries[i].v[1] == 1;
		double		count = (double) d->entries[i].count;
		double		psi_ab = digamma_diff(m->alpha + m->beta, t);

		total += count * sbg_loglik(m, t, churned);
		if (churned)
		{
			da += count * (1.0 / m->alpha - psi_ab);
			db += count * (digamma_diff(m->beta, t - 1.0) - psi_ab);
		}
		else
		{
			da -= count * psi_ab;
			db += count * (digamma_diff(m->beta, t) - psi_ab);
		}
	}
	if (g)
	{
		g[0] = m->alpha * da;
		g[1] = m->beta * db;
	}
	return total;
}

static double
sbg_objective(const double *u, double *grad, void *ctx)
{
	const SbgData *d = ctx;
	SbgParams	m;
	double		g[2];
	double		f;

	if (!(fabs(u[0]) <= LOG_PARAM_WALL && fabs(u[1]) <= LOG_PARAM_WALL))
		return INFINITY;
	m.alpha = exp(u[0]);
	m.beta = exp(u[1]);
	f = -sbg_sum(d, &m, grad ? g : NULL) / d->customers;
	if (grad)
		for (int k = 0; k < 2; k++)
			grad[k] = -g[k] / d->customers;
	return f;
}

static void
sbg_data_init(SbgData *d, const HistogramEntry *entries, size_t n)
{
	d->entries = entries;
	d->n = n;
	d->customers = histogram_customers(entries, n);
}

double
sbg_fit_objective(const HistogramEntry *entries, size_t n, const double *log_params,
				  double *grad)
{
	SbgData		d;

	sbg_data_init(&d, entries, n);
	return sbg_objective(log_params, grad, &d);
}

void
sbg_fit(const HistogramEntry *entries, size_t n, InterruptPoll poll,
		SbgParams *params, FitOutcome *outcome)
{
	SbgData		d;
	double		u[2] = {0.0, 0.0};
	OptimizeResult res;

	sbg_data_init(&d, entries, n);
	optimize_minimize(sbg_objective, &d, 2, u, poll, &res);
	params->alpha = optimize_positive(u[0], 1.0);
	params->beta = optimize_positive(u[1], 1.0);
	outcome->loglik = sbg_sum(&d, params, NULL);
	optimize_finish(sbg_objective, &d, 2, u, &res, LOG_PARAM_LIMIT,
					(const double[2]) {1.0, 1.0}, d.customers, false, poll, outcome);
}

void
sbg_simulate_customer(Rng *rng, const SbgParams *m, int32_t periods, int32_t *t,
					  bool *churned)
{
	double		theta = rng_beta(rng, m->alpha, m->beta);

	/* T - 1 = floor(ln U / ln(1 - theta)), geometric on 0, 1, ... */
	double		survived = log(rng_uniform(rng)) / log1p(-theta);

	*churned = survived < (double) periods;
	*t = *churned ? 1 + (int32_t) survived : periods;
}
