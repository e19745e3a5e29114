/*
 * bgbb_core.c
 *		The BG/BB model: the likelihood and its fit, P(alive), expected
 *		transactions, the pmf, DERT and the simulator's draw.  See
 *		bgbb_core.h.
 *
 * Every sum over opportunities is summed term by term from a ratio: the
 * terms of the likelihood and of the survival sums fall monotonically, so
 * relative to their first term they neither overflow nor lose precision,
 * and the closed forms of the expectations (which divide by gamma - 1) are
 * not needed.
 */
#include "bgbb_core.h"

#include <math.h>

#include "lgamma_diff_core.h"
#include "sbg_core.h"

/* Beyond these |ln parameter| the fit is not identified / not evaluated. */
#define LOG_PARAM_LIMIT		30.0
#define LOG_PARAM_WALL		50.0

/* The terms of a sum between two polls. */
#define POLL_MASK ((1L << 20) - 1)

const char *
bgbb_history_problem(double x, double tx, double n)
{
	if (!(n >= 0 && n <= BGBB_MAX_OPPORTUNITIES) || n != floor(n))
		return "n must be a whole number of opportunities from 0 to 1000000";
	if (!(x >= 0 && x <= n) || x != floor(x))
		return "frequency must be a whole number from 0 to n";
	if (!(tx >= 0 && tx <= n) || tx != floor(tx))
		return "recency must be a whole number from 0 to n";
	if (x == 0 && tx != 0)
		return "recency must be 0 when frequency is 0";
	if (x > tx)
		return "frequency must not exceed recency (the opportunity of the last transaction)";
	return NULL;
}

/* ln B(a + da, b + db) - ln B(a, b), da, db >= 0. */
static double
log_beta_ratio(double a, double b, double da, double db)
{
	return lgamma_diff(a, da) + lgamma_diff(b, db) - lgamma_diff(a + b, da + db);
}

/* ln of L's first term: alive through opportunity n. */
static double
log_alive_term(const BgbbParams *m, double x, double n)
{
	return log_beta_ratio(m->alpha, m->beta, x, n - x) + log_beta_ratio(m->gamma, m->delta, 0.0, n);
}

/*
 * The part of L from the deaths, sum_i B_i (bgbb_core.h), as ln B_0 plus the
 * log of the sum relative to B_0; with grad not NULL, grad[4] gets the
 * derivatives of ln(sum_i B_i) by (alpha, beta, gamma, delta).  -inf when
 * there is no such term (t_x = n).
 */
static double
log_death_terms(const BgbbParams *m, double x, double tx, double n, double *grad)
{
	double		terms = n - tx;
	double		log_first;
	double		sum = 0.0,
				term = 1.0;
	double		d[4],
				dsum[4] = {0, 0, 0, 0};

	if (terms <= 0)
		return -INFINITY;
	log_first = log_beta_ratio(m->alpha, m->beta, x, tx - x) +
		log_beta_ratio(m->gamma, m->delta, 0.0, tx) + log(m->gamma / (m->gamma + m->delta + tx));
	if (grad)
	{
		double		to_next = 1.0 / (m->gamma + m->delta + tx);

		d[0] = digamma_diff(m->alpha, x) - digamma_diff(m->alpha + m->beta, tx);
		d[1] = digamma_diff(m->beta, tx - x) - digamma_diff(m->alpha + m->beta, tx);
		d[2] = 1.0 / m->gamma - digamma_diff(m->gamma + m->delta, tx) - to_next;
		d[3] = digamma_diff(m->delta, tx) - digamma_diff(m->gamma + m->delta, tx) - to_next;
	}
	for (double i = 0; i < terms; i++)
	{
		double		buy = m->beta + tx - x + i,
					all = m->alpha + m->beta + tx + i,
					live = m->delta + tx + i,
					next = m->gamma + m->delta + tx + i + 1.0;

		sum += term;
		if (grad)
			for (int k = 0; k < 4; k++)
				dsum[k] += term * d[k];
		/* the terms fall: stop once the rest cannot reach the last bit */
		term *= (buy / all) * (live / next);
		if (term * (terms - i) <= 1e-17 * sum)
			break;
		if (grad)
		{
			d[0] -= 1.0 / all;
			d[1] += 1.0 / buy - 1.0 / all;
			d[2] -= 1.0 / next;
			d[3] += 1.0 / live - 1.0 / next;
		}
	}
	if (grad)
		for (int k = 0; k < 4; k++)
			grad[k] = dsum[k] / sum;
	return log_first + log(sum);
}

/* ln(e^a + e^b), either may be -inf (not both). */
static double
log_add(double a, double b)
{
	double		hi = fmax(a, b),
				lo = fmin(a, b);

	return hi + log1p(exp(lo - hi));
}

/*
 * ln L, and with grad not NULL its derivatives by (alpha, beta, gamma,
 * delta) into grad[4].
 */
static double
loglik_grad(const BgbbParams *m, double x, double tx, double n, double *grad)
{
	double		log_alive = log_alive_term(m, x, n);
	double		dead_grad[4];
	double		log_dead = log_death_terms(m, x, tx, n, grad ? dead_grad : NULL);
	double		log_l = isinf(log_dead) ? log_alive : log_add(log_alive, log_dead);

	if (grad)
	{
		double		w_alive = exp(log_alive - log_l),
					w_dead = isinf(log_dead) ? 0.0 : exp(log_dead - log_l);
		double		alive_grad[4] = {
			digamma_diff(m->alpha, x) - digamma_diff(m->alpha + m->beta, n),
			digamma_diff(m->beta, n - x) - digamma_diff(m->alpha + m->beta, n),
			-digamma_diff(m->gamma + m->delta, n),
			digamma_diff(m->delta, n) - digamma_diff(m->gamma + m->delta, n),
		};

		for (int k = 0; k < 4; k++)
			grad[k] = w_alive * alive_grad[k] + (w_dead > 0 ? w_dead * dead_grad[k] : 0.0);
	}
	return fmin(0.0, log_l);
}

double
bgbb_loglik(const BgbbParams *m, double x, double tx, double n)
{
	return loglik_grad(m, x, tx, n, NULL);
}

double
bgbb_log_p_alive_at(const BgbbParams *m, double x, double tx, double n)
{
	return fmin(0.0, log_alive_term(m, x, n) - bgbb_loglik(m, x, tx, n));
}

double
bgbb_survives_next(const BgbbParams *m, double n)
{
	return 1.0 / (1.0 + m->gamma / (m->delta + n));
}

double
bgbb_p_alive(const BgbbParams *m, double x, double tx, double n)
{
	return exp(bgbb_log_p_alive_at(m, x, tx, n)) * bgbb_survives_next(m, n);
}

/*
 * sum_{k=1..t} P(alive at from + k | alive at from): the expected
 * opportunities to come, of the next t, of a customer alive at from.
 */
static double
survival_sum(const BgbbParams *m, double from, double t, InterruptPoll poll)
{
	double		sum = 0.0,
				term = 1.0;

	for (double k = 0; k < t && term > 0; k++)
	{
		term *= bgbb_survives_next(m, from + k);
		sum += term;
		if (poll != NULL && ((long) k & POLL_MASK) == POLL_MASK)
			poll();
	}
	return sum;
}

double
bgbb_expected_new(const BgbbParams *m, double t, InterruptPoll poll)
{
	return m->alpha / (m->alpha + m->beta) * survival_sum(m, 0.0, t, poll);
}

/* E[p | alive at n, x transactions in n]: (alpha + x) / (alpha + beta + n). */
static double
posterior_rate(const BgbbParams *m, double x, double n)
{
	return 1.0 / (1.0 + (m->beta + n - x) / (m->alpha + x));
}

double
bgbb_expected_if_alive(const BgbbParams *m, double t, double x, double n, InterruptPoll poll)
{
	return posterior_rate(m, x, n) * survival_sum(m, n, t, poll);
}

double
bgbb_expected(const BgbbParams *m, double t, double x, double tx, double n, InterruptPoll poll)
{
	return exp(bgbb_log_p_alive_at(m, x, tx, n)) * bgbb_expected_if_alive(m, t, x, n, poll);
}

double
bgbb_pmf(const BgbbParams *m, double x, double n, InterruptPoll poll)
{
	/*
	 * C(n, x) times L's first term at (x, n), plus the deaths before
	 * opportunities i + 1 = x + 1 .. n with x transactions in the first i:
	 * sum_{i=x}^{n-1} C(i, x) B(alpha + x, beta + i - x) / B(alpha, beta)
	 * B(gamma + 1, delta + i) / B(gamma, delta), each term in logs (C(i, x)
	 * grows as the beta ratios fall, so the terms need not be monotone).
	 */
	double		log_total = lgamma_diff(n - x + 1.0, x) - lgamma(x + 1.0) + log_alive_term(m, x, n);
	double		log_term;

	if (x > n)
		return 0.0;
	if (x == n)
		return exp(fmin(0.0, log_total));
	log_term = log_beta_ratio(m->alpha, m->beta, x, 0.0) + log_beta_ratio(m->gamma, m->delta, 0.0, x) +
		log(m->gamma / (m->gamma + m->delta + x));
	for (double i = x; i < n; i++)
	{
		log_total = log_add(log_total, log_term);
		/* C(i + 1, x) / C(i, x) = (i + 1) / (i + 1 - x); the betas as in log_death_terms */
		log_term += log((i + 1.0) / (i + 1.0 - x)) +
			log((m->beta + i - x) / (m->alpha + m->beta + i)) +
			log((m->delta + i) / (m->gamma + m->delta + i + 1.0));
		if (poll != NULL && ((long) i & POLL_MASK) == POLL_MASK)
			poll();
	}
	return exp(fmin(0.0, log_total));
}

double
bgbb_dert_if_alive(const BgbbParams *m, double x, double n, double discount_rate,
				   InterruptPoll poll)
{
	/*
	 * E[p] sum_{k >= 1} S(n + k) / S(n) / (1 + d)^k, the sum being 1 / (1 +
	 * d) times sBG's DERL with (gamma, delta) after n renewals.
	 */
	SbgParams	death = {.alpha = m->gamma,.beta = m->delta};

	return posterior_rate(m, x, n) * sbg_derl(&death, n, discount_rate, poll) / (1.0 + discount_rate);
}

double
bgbb_dert(const BgbbParams *m, double x, double tx, double n, double discount_rate,
		  InterruptPoll poll)
{
	return exp(bgbb_log_p_alive_at(m, x, tx, n)) * bgbb_dert_if_alive(m, x, n, discount_rate, poll);
}

/* ---------- customer lifetime value ---------- */

static double
purchase_log_p_alive(const void *params, double x, double tx, double T)
{
	return bgbb_log_p_alive_at(params, x, tx, T);
}

static double
purchase_log_horizon_mean(const void *params, double t, double x, double T)
{
	return log(posterior_rate(params, x, T)) + log(survival_sum(params, T, t, NULL));
}

/* G(t) <= E[p] t: each opportunity brings at most one transaction. */
static double
purchase_log_rate_bound(const void *params, double x, double T)
{
	return log(posterior_rate(params, x, T));
}

/* A walk over periods of period_length opportunities from T: G at each period's end. */
typedef struct BgbbWalk
{
	const BgbbParams *m;
	double		rate;
	double		next;			/* the opportunity after the last one summed, minus T */
	double		T;
	double		period_length;
	double		survival;		/* P(alive at T + next - 1 | alive at T) */
	double		sum;			/* sum of those survivals so far */
} BgbbWalk;

static double
walk_next(void *state)
{
	BgbbWalk   *w = state;

	for (double k = 0; k < w->period_length && w->survival > 0; k++, w->next++)
	{
		w->survival *= bgbb_survives_next(w->m, w->T + w->next - 1.0);
		w->sum += w->survival;
	}
	return w->rate * w->sum;
}

static double
purchase_discounted_walk(const void *params, double x, double T, int periods,
						 double period_length, double discount_rate, InterruptPoll poll)
{
	BgbbWalk	w = {
		.m = params,.rate = posterior_rate(params, x, T),.next = 1.0,.T = T,
		.period_length = period_length,.survival = 1.0,.sum = 0.0,
	};

	return discounted_increments(walk_next, &w, periods, discount_rate, poll);
}

PurchaseModel
bgbb_purchase_model(const BgbbParams *m)
{
	PurchaseModel pm = {
		.params = m,
		.log_p_alive = purchase_log_p_alive,
		.log_horizon_mean = purchase_log_horizon_mean,
		.log_rate_bound = purchase_log_rate_bound,
		.discounted_horizon = purchase_discounted_walk,
	};

	return pm;
}

/* ---------- the fit ---------- */

typedef struct BgbbData
{
	const HistogramEntry *entries;
	size_t		n;
	double		customers;
	InterruptPoll poll;
} BgbbData;

static double
bgbb_sum(const BgbbData *d, const BgbbParams *m, double *g)
{
	double		total = 0.0;
	double		terms = 0.0;	/* summed since the last poll */

	if (g)
		for (int k = 0; k < 4; k++)
			g[k] = 0.0;
	for (size_t i = 0; i < d->n; i++)
	{
		const double *v = d->entries[i].v;
		double		count = (double) d->entries[i].count;
		double		gi[4];

		total += count * loglik_grad(m, v[0], v[1], v[2], g ? gi : NULL);
		if (g)
			for (int k = 0; k < 4; k++)
				g[k] += count * gi[k];
		/* a history costs its n - t_x death terms */
		terms += 1.0 + v[2] - v[1];
		if (d->poll != NULL && terms > (double) POLL_MASK)
		{
			d->poll();
			terms = 0.0;
		}
	}
	return total;
}

static void
params_from_log(const double *u, BgbbParams *m)
{
	m->alpha = exp(u[0]);
	m->beta = exp(u[1]);
	m->gamma = exp(u[2]);
	m->delta = exp(u[3]);
}

static double
bgbb_objective(const double *u, double *grad, void *ctx)
{
	const BgbbData *d = ctx;
	BgbbParams	m;
	double		g[4];
	double		f;

	for (int k = 0; k < 4; k++)
		if (!(fabs(u[k]) <= LOG_PARAM_WALL))
			return INFINITY;
	params_from_log(u, &m);
	f = -bgbb_sum(d, &m, grad ? g : NULL) / d->customers;
	if (grad)
	{
		const double theta[4] = {m.alpha, m.beta, m.gamma, m.delta};

		for (int k = 0; k < 4; k++)
			grad[k] = -theta[k] * g[k] / d->customers;
	}
	return f;
}

static void
bgbb_data_init(BgbbData *d, const HistogramEntry *entries, size_t n, InterruptPoll poll)
{
	d->entries = entries;
	d->n = n;
	d->poll = poll;
	d->customers = histogram_customers(entries, n);
}

double
bgbb_fit_objective(const HistogramEntry *entries, size_t n, const double *log_params,
				   double *grad)
{
	BgbbData	d;

	bgbb_data_init(&d, entries, n, NULL);
	return bgbb_objective(log_params, grad, &d);
}

void
bgbb_fit(const HistogramEntry *entries, size_t n, InterruptPoll poll, BgbbParams *params,
		 FitOutcome *outcome)
{
	BgbbData	d;
	double		u[4] = {0.0, 0.0, 0.0, 0.0};
	OptimizeResult res;

	bgbb_data_init(&d, entries, n, poll);
	optimize_minimize(bgbb_objective, &d, 4, u, poll, &res);
	params->alpha = optimize_positive(u[0], 1.0);
	params->beta = optimize_positive(u[1], 1.0);
	params->gamma = optimize_positive(u[2], 1.0);
	params->delta = optimize_positive(u[3], 1.0);
	outcome->loglik = bgbb_sum(&d, params, NULL);
	optimize_finish(bgbb_objective, &d, 4, u, &res, LOG_PARAM_LIMIT,
					(const double[4]) {1.0, 1.0, 1.0, 1.0}, d.customers, false, poll, outcome);
}

/* ---------- simulation ---------- */

/* The failures before the first success of chance q: floor(ln U / ln(1 - q)). */
static double
geometric_failures(Rng *rng, double q)
{
	return floor(log(rng_uniform(rng)) / log1p(-q));
}

void
bgbb_simulate_customer(Rng *rng, const BgbbParams *m, int32_t opportunities, int32_t *x,
					   int32_t *tx)
{
	double		p = rng_beta(rng, m->alpha, m->beta);
	double		theta = rng_beta(rng, m->gamma, m->delta);

	/* the opportunities it lives to see: the death chances it survives */
	double		alive = fmin((double) opportunities, geometric_failures(rng, theta));
	double		at = 0.0;

	*x = 0;
	*tx = 0;
	/* its transactions, one geometric gap at a time: O(x) draws, not O(n) */
	for (;;)
	{
		at += 1.0 + geometric_failures(rng, p);
		if (!(at <= alive))
			break;
		(*x)++;
		*tx = (int32_t) at;
	}
}
