/*
 * bgnbd_fit_core.c
 *		BG/NBD and MBG/NBD log-likelihoods and their maximum-likelihood fits
 *		over a histogram of distinct (x, t_x, T) histories.
 *
 * One customer's log-likelihood (Fader, Hardie & Lee 2005, eq. 6):
 *
 *	LL = ln Gamma(r + x) - ln Gamma(r) + r ln alpha
 *		 + ln B(a, b + x) - ln B(a, b)
 *		 + ln(e^A1 + [x > 0] e^A2)
 *	A1 = -(r + x) ln(alpha + T)
 *	A2 = ln a - ln(b + x - 1) - (r + x) ln(alpha + t_x)
 *
 * computed as
 *
 *	LL = G(r, x) + G(b, x) - G(a + b, x) - x ln alpha + ln(e^A1' + [x > 0] e^A2')
 *	A1' = -(r + x) log1p(T / alpha)
 *	A2' = ln a - ln(b + x - 1) - (r + x) log1p(t_x / alpha)
 *
 * with G(y, x) = ln Gamma(y + x) - ln Gamma(y) (lgamma_diff): the same
 * value, but no term grows with r or alpha, so the likelihood stays exact
 * where a fit drifts towards r, alpha -> infinity (r ln alpha and
 * (r + x) ln(alpha + T) would cancel to noise there).  Likewise b + (x - 1),
 * not b + x - 1, which rounds b away when b is tiny and x = 1.
 *
 * MBG/NBD (Batislam, Denizel & Filiztekin 2007) differs in one place: the
 * customer may also drop out right after the first purchase, at t = 0, so
 * a customer alive at T survived k = x + 1 drop-out chances, not x, and one
 * without repeat purchases may have dropped out at once:
 *
 *	LL = G(r, x) + G(b, k) - G(a + b, k) - x ln alpha + ln(e^A1' + e^A2')
 *	A2' = ln a - ln(b + k - 1) - (r + x) log1p(t_x / alpha)
 *
 * for every x (with t_x = 0 for x = 0); with k = x it is BG/NBD's.  Both
 * go through the same code, first_drop (0 or 1) the only difference.
 *
 * The fit works as lifetimes does: times divided by the largest T, so the
 * optimiser sees alpha_s = alpha / max T of order 1, over the logarithms of
 * (r, alpha_s, a, b) from (1, 1, 1, 1).  Scaling the times only adds
 * x ln(max T) to each LL, which the reported loglik takes back out.
 *
 * Speed: the entries are sorted by (x, T, t_x) so that everything that
 * depends only on x (the log-gammas, digammas and ln(b + x - 1)) is
 * computed once per distinct x per evaluation, and log1p(T / alpha) once
 * per run of equal T.  What is left per entry is log1p(t_x / alpha), one
 * exp and one log1p.  Nothing is allocated, so an interrupt (poll may
 * longjmp) leaks nothing.
 */
#include "bgnbd_fit_core.h"

#include <math.h>
#include <stdlib.h>

#include "lgamma_diff_core.h"
#include "optimize_core.h"
#include "numerics_core.h"
#include "special_core.h"

/*
 * A log-parameter beyond this is a parameter run off towards 0 or
 * infinity: the data do not identify it.  The objective refuses points
 * beyond LOG_PARAM_WALL so that exp() cannot overflow.
 */
#define LOG_PARAM_LIMIT		30.0
#define LOG_PARAM_WALL		50.0

typedef struct BgnbdData
{
	const HistogramEntry *entries;	/* sorted by (x, T, t_x) */
	size_t		n;
	double		inv_scale;		/* 1 / max T (1 when max T is 0) */
	double		customers;		/* sum of the counts */
	double		penalizer;
	int			first_drop;		/* 1 for MBG/NBD (a drop-out chance at t = 0), 0 for BG/NBD */
} BgnbdData;

/*
 * What the per-entry loop adds up for one x: the log_add_exp part of LL and
 * its derivatives by ln r and ln alpha, and the weight of the A2' term
 * (whose derivatives by a and b depend only on x).
 */
typedef struct GroupSums
{
	double		count;
	double		ll;				/* sum of count * ln(e^A1' + e^A2') */
	double		dr;				/* its derivative by r */
	double		dlog_alpha;		/* its derivative by ln alpha */
	double		w2;				/* sum of count * weight of A2' */
} GroupSums;

/* The two pieces that a time t (T or t_x) brings into A1' or A2' and their slopes. */
typedef struct TimeTerm
{
	double		log_term;	/* log1p(t / alpha) */
	double		share;		/* t / (alpha + t) */
} TimeTerm;

static TimeTerm
time_term(double t, double alpha)
{
	double		u = t / alpha;
	TimeTerm	tt;

	/*
	 * log1p is needed only for small u; from 0.5 on, log(1 + u) is as
	 * accurate (relative error under 3e-16) and much faster.
	 */
	tt.log_term = u >= 0.5 ? log(1.0 + u) : log1p(u);
	tt.share = u / (1.0 + u);
	return tt;
}

/*
 * The part of LL that depends only on x (with ln alpha): G(r, x) + G(b, k)
 * - G(a + b, k) - x ln alpha, k = x + first_drop the drop-out chances the
 * customer survived.
 */
static double
bgnbd_head(const BgnbdParams *m, double x, int first_drop, double log_alpha)
{
	double		k = x + first_drop;

	return lgamma_diff(m->r, x) + lgamma_diff(m->b, k) - lgamma_diff(m->a + m->b, k)
		- x * log_alpha;
}

/* ln a - ln(b + x - 1 + first_drop): the drop-out after the last purchase. */
static double
log_last_drop(const BgnbdParams *m, double x, int first_drop)
{
	return log(m->a) - log(m->b + (x - 1 + first_drop));
}

static double
family_loglik(const BgnbdParams *m, int first_drop, double x, double tx, double T)
{
	double		a1 = -(m->r + x) * log1p(T / m->alpha);
	double		a2 = x + first_drop > 0 ?
		log_last_drop(m, x, first_drop) - (m->r + x) * log1p(tx / m->alpha) : -INFINITY;

	return bgnbd_head(m, x, first_drop, log(m->alpha)) + log_add_exp(a1, a2);
}

double
bgnbd_loglik(const BgnbdParams *m, double x, double tx, double T)
{
	return family_loglik(m, 0, x, tx, T);
}

double
mbgnbd_loglik(const BgnbdParams *m, double x, double tx, double T)
{
	return family_loglik(m, 1, x, tx, T);
}

static int
entry_cmp(const void *pa, const void *pb)
{
	const HistogramEntry *ea = pa;
	const HistogramEntry *eb = pb;
	static const int order[3] = {0, 2, 1};	/* x, then T, then t_x */

	for (int k = 0; k < 3; k++)
	{
		double		u = ea->v[order[k]],
					w = eb->v[order[k]];

		if (u != w)
			return u < w ? -1 : 1;
	}
	return 0;
}

/* Sort by (x, T, t_x) unless already so (the glue may hand them sorted). */
static void
sort_entries(HistogramEntry *entries, size_t n)
{
	for (size_t i = 1; i < n; i++)
		if (entry_cmp(&entries[i - 1], &entries[i]) > 0)
		{
			qsort(entries, n, sizeof(HistogramEntry), entry_cmp);
			return;
		}
}

/*
 * The entries with x = 0 (t_x plays no part): ln e^A1' = -r log1p(T / alpha).
 * Returns the index after the group.
 */
static size_t
group_zero(const BgnbdData *d, size_t i, const BgnbdParams *m, bool grad, GroupSums *gs)
{
	double		prev_T = NAN;
	TimeTerm	tT = {0, 0};

	for (; i < d->n && d->entries[i].v[0] == 0.0; i++)
	{
		const HistogramEntry *e = &d->entries[i];
		double		c = (double) e->count;

		if (e->v[2] != prev_T)
		{
			prev_T = e->v[2];
			tT = time_term(prev_T * d->inv_scale, m->alpha);
		}
		gs->count += c;
		gs->ll -= c * m->r * tT.log_term;
		if (grad)
		{
			gs->dr -= c * tT.log_term;
			gs->dlog_alpha += c * m->r * tT.share;
		}
	}
	return i;
}

/*
 * The entries with one x > 0: ln(e^A1' + e^A2'), with the weight w2 of the
 * A2' term (w1 = 1 - w2) for the gradient.  log_drop = ln a - ln(b + x - 1).
 */
static size_t
group_repeat(const BgnbdData *d, size_t i, const BgnbdParams *m, double log_drop,
			 bool grad, GroupSums *gs)
{
	double		x = d->entries[i].v[0];
	double		rx = m->r + x;
	double		prev_T = NAN;
	TimeTerm	tT = {0, 0};

	for (; i < d->n && d->entries[i].v[0] == x; i++)
	{
		const HistogramEntry *e = &d->entries[i];
		double		c = (double) e->count;
		TimeTerm	ttx = time_term(e->v[1] * d->inv_scale, m->alpha);
		double		a1,
					diff,
					z,
					w2;

		if (e->v[2] != prev_T)
		{
			prev_T = e->v[2];
			tT = time_term(prev_T * d->inv_scale, m->alpha);
		}
		a1 = -rx * tT.log_term;
		diff = log_drop - rx * ttx.log_term - a1;	/* A2' - A1' */
		z = exp(-fabs(diff));
		gs->count += c;
		/* log(1 + z), z <= 1, is off by 1e-16 at most: all LL needs */
		gs->ll += c * (fmax(a1, a1 + diff) + log(1.0 + z));
		if (grad)
		{
			w2 = diff > 0 ? 1.0 / (1.0 + z) : z / (1.0 + z);
			gs->dr -= c * ((1.0 - w2) * tT.log_term + w2 * ttx.log_term);
			gs->dlog_alpha += c * rx * ((1.0 - w2) * tT.share + w2 * ttx.share);
			gs->w2 += c * w2;
		}
	}
	return i;
}

/*
 * Sum of count * LL over the entries (in scaled time) and, when g is not
 * NULL, its derivatives by ln r, ln alpha_s, ln a and ln b.
 */
static double
bgnbd_sum(const BgnbdData *d, const BgnbdParams *m, double *g)
{
	double		log_alpha = log(m->alpha);
	double		total = 0.0;
	size_t		i = 0;

	if (g)
		g[0] = g[1] = g[2] = g[3] = 0.0;
	while (i < d->n)
	{
		double		x = d->entries[i].v[0];
		GroupSums	gs = {0, 0, 0, 0, 0};

		double		k = x + d->first_drop;

		if (k == 0.0)
			i = group_zero(d, i, m, g != NULL, &gs);
		else
			i = group_repeat(d, i, m, log_last_drop(m, x, d->first_drop), g != NULL, &gs);
		total += gs.count * bgnbd_head(m, x, d->first_drop, log_alpha) + gs.ll;
		if (g)
		{
			double		psi_abk = digamma_diff(m->a + m->b, k);

			g[0] += m->r * (gs.count * digamma_diff(m->r, x) + gs.dr);
			g[1] += gs.dlog_alpha - gs.count * x;
			g[2] += gs.w2 - m->a * gs.count * psi_abk;
			g[3] += m->b * (gs.count * (digamma_diff(m->b, k) - psi_abk)
							- (k > 0 ? gs.w2 / (m->b + (k - 1)) : 0.0));
		}
	}
	return total;
}

static bool
log_params_inside(const double *u, int n)
{
	for (int k = 0; k < n; k++)
		if (!(fabs(u[k]) <= LOG_PARAM_WALL))
			return false;
	return true;
}

/*
 * The objective: -(sum count LL) / N + penalizer (r^2 + alpha_s^2 + a^2 +
 * b^2) at u = ln(r, alpha_s, a, b), gradient by u.
 */
static double
bgnbd_objective(const double *u, double *grad, void *ctx)
{
	const BgnbdData *d = ctx;
	double		par[4];
	BgnbdParams m;
	double		g[4];
	double		f,
				penalty = 0.0;

	if (!log_params_inside(u, 4))
		return INFINITY;
	for (int k = 0; k < 4; k++)
	{
		par[k] = exp(u[k]);
		penalty += par[k] * par[k];
	}
	m.r = par[0];
	m.alpha = par[1];
	m.a = par[2];
	m.b = par[3];
	f = -bgnbd_sum(d, &m, grad ? g : NULL) / d->customers + d->penalizer * penalty;
	if (grad)
		for (int k = 0; k < 4; k++)
			grad[k] = -g[k] / d->customers + 2.0 * d->penalizer * par[k] * par[k];
	return f;
}

static void
bgnbd_data_init(BgnbdData *d, HistogramEntry *entries, size_t n, double penalizer,
				int first_drop)
{
	double		max_T = 0.0;

	sort_entries(entries, n);
	d->entries = entries;
	d->n = n;
	d->customers = 0.0;
	for (size_t i = 0; i < n; i++)
	{
		max_T = fmax(max_T, entries[i].v[2]);
		d->customers += (double) entries[i].count;
	}
	d->inv_scale = max_T > 0.0 ? 1.0 / max_T : 1.0;
	d->penalizer = penalizer;
	d->first_drop = first_drop;
}

static double
family_fit_objective(HistogramEntry *entries, size_t n, double penalizer, int first_drop,
					 const double *log_params, double *grad)
{
	BgnbdData	d;

	bgnbd_data_init(&d, entries, n, penalizer, first_drop);
	return bgnbd_objective(log_params, grad, &d);
}

double
bgnbd_fit_objective(HistogramEntry *entries, size_t n, double penalizer,
					const double *log_params, double *grad)
{
	return family_fit_objective(entries, n, penalizer, 0, log_params, grad);
}

double
mbgnbd_fit_objective(HistogramEntry *entries, size_t n, double penalizer,
					 const double *log_params, double *grad)
{
	return family_fit_objective(entries, n, penalizer, 1, log_params, grad);
}

static void
family_fit(HistogramEntry *entries, size_t n, double penalizer, int first_drop,
		   InterruptPoll poll, BgnbdParams *params, FitOutcome *outcome)
{
	BgnbdData	d;
	double		u[4] = {0.0, 0.0, 0.0, 0.0};
	double		x_sum = 0.0;
	OptimizeResult res;
	BgnbdParams scaled;

	bgnbd_data_init(&d, entries, n, penalizer, first_drop);
	optimize_minimize(bgnbd_objective, &d, 4, u, poll, &res);
	params->r = optimize_positive(u[0], 1.0);
	params->alpha = optimize_positive(u[1], 1.0 / d.inv_scale);
	params->a = optimize_positive(u[2], 1.0);
	params->b = optimize_positive(u[3], 1.0);

	/* the unpenalised LL, back in the data's time unit */
	scaled = *params;
	scaled.alpha = optimize_positive(u[1], 1.0);
	for (size_t i = 0; i < n; i++)
		x_sum += entries[i].v[0] * (double) entries[i].count;
	outcome->loglik = bgnbd_sum(&d, &scaled, NULL) + x_sum * log(d.inv_scale);
	optimize_finish(bgnbd_objective, &d, 4, u, &res, LOG_PARAM_LIMIT,
					(const double[4]) {1.0, 1.0 / d.inv_scale, 1.0, 1.0}, d.customers,
					penalizer > 0, poll, outcome);
}

void
bgnbd_fit(HistogramEntry *entries, size_t n, double penalizer,
		  InterruptPoll poll, BgnbdParams *params, FitOutcome *outcome)
{
	family_fit(entries, n, penalizer, 0, poll, params, outcome);
}

void
mbgnbd_fit(HistogramEntry *entries, size_t n, double penalizer,
		   InterruptPoll poll, BgnbdParams *params, FitOutcome *outcome)
{
	family_fit(entries, n, penalizer, 1, poll, params, outcome);
}
