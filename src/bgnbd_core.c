/*
 * bgnbd_core.c
 *		BG/NBD predictions: P(alive), the expected purchases of a new and of a
 *		known customer, the distribution of a new customer's purchases and the
 *		discounted purchases that CLV multiplies by the expected spend.
 *
 * The expectations.  The published form
 *   E[Y(t) | x, t_x, T] = P(alive) (a + b + x - 1) / (a - 1)
 *						   * [1 - (1 + s)^-(r + x) 2F1(r + x, b + x; a + b + x - 1; s / (1 + s))],
 * s = t / (alpha + T), divides by a - 1 (unusable for a <= 1, and it cancels
 * catastrophically near a = 1), and its series converges slowly or loses all
 * digits as s / (1 + s) -> 1 (long horizons, young customers).  We use
 * instead what the formula integrates: given alive, lambda ~ Gamma(r + x,
 * rate alpha + T) and the drop-out probability p ~ Beta(a, b + x) are
 * independent, and E[purchases in t | lambda, p] = (1 - e^(-lambda p t)) / p,
 * so with c = r + x and B = b + x
 *   E[Y(t) | x, t_x, T] = P(alive) E_p[g(p)],
 *   g(p) = (1 - (1 + p s)^-c) / p,
 * bounded by min(c s, 1 / p): finite for every a > 0, whatever s.
 *
 * E_p[g] is a ratio of two integrals over u = logit(p), where the Beta
 * density becomes w(u) = p^a (1 - p)^B du, smooth, log-concave and decaying
 * exponentially on both sides (rates a and B), with its only singularities
 * at Im u = +-pi:
 *   E_p[g] = int w(u) g(p(u)) du / int w(u) du.
 * The same nodes serve both integrals, so the normalisation B(a, B) never
 * has to be computed (lgamma would lose 1e-9 of it for a, B near 1e6), and
 * the errors of the two sums largely cancel.  The integrals are taken by
 * the trapezoidal rule after a double-exponential change of variable
 * (Takahasi-Mori): u = u* + sigma sinh(z) around the mode u* = ln(a / B)
 * with sigma = min(1, sqrt(1/a + 1/B)), the width of the mode; the
 * trapezoidal rule on such an analytic, double-exponentially decaying
 * integrand converges exponentially, and halving the step doubles the digits
 * once it has started converging.  The step is halved from 1/2 until two
 * successive ratios agree to QUAD_TOLERANCE (at least down to 1/8).
 *
 * The integrand w g has a second feature where g turns from c s to 1 / p,
 * near p = 1 / (s max(c, 1)).  When s is huge (a horizon far beyond
 * alpha + T) that point can be hundreds of units of u left of the mode, and
 * for a <= 1 most of the integral sits there.  Then the line is cut at the
 * two features into (-inf, u_g], [u_g, u*], [u*, inf), integrated by
 * exp-sinh, tanh-sinh and exp-sinh rules, which cluster their nodes at the
 * cut points and need no knowledge of the distance between them.
 *
 * Measured against mpmath (hyp2f1 at 60 digits and more, or quad) on some
 * 600 parameter sets from typical to extreme (a and b from 1e-2 to 1e6, r
 * from 1e-6 to 1e6, x up to 1e5, s up to 1e300), the relative error is at
 * most 4e-14, a few 1e-16 typically.  A typical call (CDNOW-like parameters,
 * horizons up to a few years) evaluates 65 to 140 nodes of 6 elementary
 * functions each, 5 to 10 microseconds; s = 1e6 takes about 25, s = 1e300
 * about 110.
 *
 * The pmf.  Its second term needs the negative binomial upper tail
 * P(N >= n) = I_z(n, r), z = t / (alpha + t): beta_core.c computes it in log
 * space with 1 - z given exactly, so it neither cancels nor loses z near 1.
 *
 * Everything is pure C99 and written here from the mathematics.
 */
#include "bgnbd_core.h"
#include "lgamma_diff_core.h"

#include "beta_core.h"
#include "special_core.h"

#include <float.h>
#include <math.h>
#include <stddef.h>

/* ---------- the quadrature's settings ---------- */

/* Initial step in z; each level halves it. */
#define QUAD_STEP0 0.5

/* Never accept a ratio before this level (step 1/8) ... */
#define QUAD_MIN_LEVEL 2

/* ... nor refine beyond this one (step 1/512: only a pathological integrand). */
#define QUAD_MAX_LEVEL 8

/* Two successive ratios closer than this, relatively, end the refinement. */
#define QUAD_TOLERANCE 1e-11

/* Nodes whose terms are below e^-QUAD_TAIL of the largest are the end. */
#define QUAD_TAIL 40.0

/* Cut the line in three when u_g is farther than this from the mode. */
#define QUAD_FAR 16.0

#define HALF_PI 1.5707963267948966192
#define LN2 0.69314718055994530942

/* ---------- small helpers ---------- */

/* ln(1 + e^y) without overflow. */
static double
log1p_exp(double y)
{
	if (y > 0.0)
		return y + log1p(exp(-y));
	return log1p(exp(y));
}

/* ln(1 + x / y) for x >= 0, y > 0, also when x / y overflows. */
static double
log1p_ratio(double x, double y)
{
	if (x <= y)
		return log1p(x / y);
	return log(x) - log(y) + log1p(y / x);
}

/*
 * ln((alpha + T) / (alpha + t_x)), t_x <= T.  Halving both sides keeps
 * alpha + t_x finite for any finite arguments.
 */
static double
log_age_ratio(double alpha, double tx, double T)
{
	double		num = T - tx;
	double		den = alpha + tx;

	if (T == tx)
		return 0.0;
	/* halved only if alpha + t_x overflows: 0.5 alpha is 0 for the smallest denormal (0 / 0 was NaN) */
	if (isinf(den))
	{
		num *= 0.5;
		den = 0.5 * alpha + 0.5 * tx;
	}
	return log1p(num / den);
}

/* ln(x + y) for x, y >= 0 finite, without overflow. */
static double
log_sum(double x, double y)
{
	double		sum = x + y;

	/* halved only on overflow: 0.5 x is 0 for the smallest denormal */
	return isinf(sum) ? log(0.5 * x + 0.5 * y) + LN2 : log(sum);
}

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
 * ln P(alive) = -ln(1 + e^L), L = ln(a / (b + x - 1)) + (r + x) ln((alpha + T) /
 * (alpha + t_x)), the log-odds of having dropped out after the last
 * purchase.  With x = 0 there was no purchase after which to drop out.
 */
static double
log_p_alive(const BgnbdParams *m, double x, double tx, double T)
{
	double		odds;
	double		age;

	if (x <= 0.0)
		return 0.0;
	age = log_age_ratio(m->alpha, tx, T);
	/* b + x and r + x may pass the largest double: Infinity * 0 was NaN */
	odds = log(m->a) - log_sum(m->b, x - 1.0) +
		(age == 0.0 ? 0.0 : (m->r + x) * age);
	return -log1p_exp(odds);
}

double
bgnbd_p_alive(const BgnbdParams *m, double x, double tx, double T)
{
	return exp(log_p_alive(m, x, tx, T));
}

/* ---------- E_p[g(p)] by quadrature ---------- */

/* The posterior mean to integrate, and the scales of its sums. */
typedef struct PosteriorMean
{
	double		a;				/* p ~ Beta(a, B) */
	double		B;
	double		c;				/* lambda ~ Gamma(c, rate alpha + T) */
	double		log_c;
	double		s;				/* t / (alpha + T), +inf if it overflows */
	double		log_s;
	double		shift_w;		/* ln w at the mode: the scale of int w */
	double		shift_g;		/* largest ln(w g) at the features, less
								 * shift_w: the scale of int w g */
	double		scale_g;		/* exp(-shift_g) */
	bool		fast;			/* s and scale_g are normal numbers */
} PosteriorMean;

typedef enum QuadMap
{
	MAP_SINH,					/* u = at + scale sinh(z), the whole line */
	MAP_EXP_SINH,				/* u = at + dir scale e^(pi/2 sinh(z)), a half-line */
	MAP_TANH_SINH				/* u in [at, to] by tanh(pi/2 sinh(z)) */
} QuadMap;

/* One piece of the line and the range of z its nodes cover. */
typedef struct QuadPiece
{
	QuadMap		map;
	double		at;
	double		to;				/* MAP_TANH_SINH: the right end */
	double		scale;
	double		dir;			/* MAP_EXP_SINH: +1 rightwards, -1 leftwards */
	double		pass[2];		/* the march towards z < 0 (0) and z > 0 (1)
								 * may not stop before u passes this; NAN:
								 * no such point */
	int			k_lo;			/* nodes of level 0: z = k * QUAD_STEP0, */
	int			k_hi;			/* k_lo <= k <= k_hi */
} QuadPiece;

/* The largest |z| of each map: beyond it the terms are nil or overflow. */
static double
map_z_limit(QuadMap map)
{
	switch (map)
	{
		case MAP_SINH:
			return 40.0;
		case MAP_EXP_SINH:
			return 6.0;
		case MAP_TANH_SINH:
			return 5.0;
	}
	return 0.0;
}

/*
 * u(z) and du/dz of a piece; false when the node is not usable (the weight
 * underflowed or u overflowed).  The tanh-sinh nodes are placed from the
 * nearer end, 1 - tanh(v) = 2 e^-2v / (1 + e^-2v), so that they keep their
 * distance to the end accurately.
 */
static bool
map_node(const QuadPiece *pc, double z, double *u, double *du)
{
	switch (pc->map)
	{
		case MAP_SINH:
			{
				double		e = exp(z);

				*u = pc->at + pc->scale * 0.5 * (e - 1.0 / e);
				*du = pc->scale * 0.5 * (e + 1.0 / e);
				break;
			}
		case MAP_EXP_SINH:
			{
				double		e = exp(z);
				double		v = pc->scale * exp(HALF_PI * 0.5 * (e - 1.0 / e));

				*u = pc->at + pc->dir * v;
				*du = v * HALF_PI * 0.5 * (e + 1.0 / e);
				break;
			}
		case MAP_TANH_SINH:
			{
				double		e = exp(z);
				double		half = 0.5 * (pc->to - pc->at);
				double		v = HALF_PI * 0.5 * (e - 1.0 / e);
				double		f = exp(-2.0 * fabs(v));
				double		gap = half * 2.0 * f / (1.0 + f);

				*u = z > 0 ? pc->to - gap : pc->at + gap;
				*du = half * HALF_PI * 0.5 * (e + 1.0 / e) * 4.0 * f / ((1.0 + f) * (1.0 + f));
				break;
			}
	}
	return isfinite(*u) && isfinite(*du) && *du > 0.0;
}

/*
 * ln w(u) = a ln p + B ln(1 - p) and ln g(p) at u = logit(p), in logs
 * throughout: p may be far below the smallest double, p s may overflow.
 */
static void
node_logs(const PosteriorMean *pm, double u, double *log_w, double *log_g)
{
	double		e = exp(-fabs(u));
	double		l = log1p(e);
	double		log_p = u > 0 ? -l : u - l;
	double		log_q = u > 0 ? -u - l : -l;
	double		y = log_p + pm->log_s;	/* ln(p s) */
	double		log_l;			/* ln ln(1 + p s) */
	double		log_cl;
	double		log_big_g;		/* ln(1 - (1 + p s)^-c) */

	*log_w = pm->a * log_p + pm->B * log_q;
	log_l = y < -40.0 ? y : log(log1p_exp(y));
	log_cl = pm->log_c + log_l;
	if (log_cl < -40.0)			/* 1 - e^-v = v to double precision */
		log_big_g = log_cl;
	else
		log_big_g = log(-expm1(-exp(log_cl)));
	*log_g = log_big_g - log_p;
}

/*
 * The two terms of a node, scaled by the shifts: w du e^-shift_w and
 * w g du e^-(shift_w + shift_g).  The fast path avoids the logarithms of
 * node_logs where every quantity is a normal double.
 */
static void
node_terms(const PosteriorMean *pm, double u, double du, double *tw, double *tg)
{
	double		log_w;
	double		log_g;

	if (pm->fast)
	{
		double		e = exp(-fabs(u));
		double		l = log1p(e);
		double		p = u > 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);

		if (p > 1e-290)
		{
			double		big_g = -expm1(-pm->c * log1p(p * pm->s));

			if (big_g > 1e-290)
			{
				log_w = u > 0 ? -pm->a * l - pm->B * (u + l) : pm->a * (u - l) - pm->B * l;
				*tw = exp(log_w - pm->shift_w) * du;
				*tg = *tw * (big_g / p) * pm->scale_g;
				return;
			}
		}
	}
	node_logs(pm, u, &log_w, &log_g);
	*tw = exp(log_w - pm->shift_w) * du;
	*tg = exp(log_w - pm->shift_w + log_g - pm->shift_g) * du;
}

/* Has u gone past point (NAN: none), moving away from u0? */
static bool
passed(double u, double u0, double point)
{
	return isnan(point) || (u - point) * (u - u0) > 0.0;
}

/*
 * Level 0: march from z = 0 both ways in steps of QUAD_STEP0, adding the
 * terms to the sums, until they are negligible (and past the piece's pass
 * points); this fixes the piece's range of z.
 */
static void
march_piece(const PosteriorMean *pm, QuadPiece *pc, double *sum_w, double *sum_g)
{
	const double tail = exp(-QUAD_TAIL);
	double		limit = map_z_limit(pc->map);
	double		u0;
	double		du;
	double		tw;
	double		tg;
	double		max_w;
	double		max_g;

	pc->k_lo = pc->k_hi = 0;
	if (!map_node(pc, 0.0, &u0, &du))
		return;
	node_terms(pm, u0, du, &tw, &tg);
	*sum_w += tw;
	*sum_g += tg;
	max_w = tw;
	max_g = tg;
	for (int side = 0; side < 2; side++)
	{
		int			dir = side == 0 ? -1 : 1;

		for (int k = 1; k * QUAD_STEP0 <= limit; k++)
		{
			double		u;

			if (!map_node(pc, dir * k * QUAD_STEP0, &u, &du))
				break;
			node_terms(pm, u, du, &tw, &tg);
			*sum_w += tw;
			*sum_g += tg;
			if (dir < 0)
				pc->k_lo = -k;
			else
				pc->k_hi = k;
			max_w = fmax(max_w, tw);
			max_g = fmax(max_g, tg);
			if (passed(u, u0, pc->pass[side]) && tw < tail * max_w && tg < tail * max_g)
				break;
		}
	}
}

/*
 * ln E_p[g(p)] over the given pieces.  The sums are scaled by w and w g at
 * the features (the cut points, the mode), which are their largest terms
 * within a moderate factor, so that no term overflows or underflows whole.
 * Level 0 fixes the ranges, then each level adds the nodes halfway between
 * the previous ones until the ratio settles.
 */
static double
log_posterior_mean_pieces(PosteriorMean *pm, const double *features, int nfeatures,
						  QuadPiece *pieces, int npieces)
{
	double		sum_w = 0.0;
	double		sum_g = 0.0;
	double		ratio;

	pm->shift_w = -INFINITY;
	pm->shift_g = -INFINITY;
	for (int i = 0; i < nfeatures; i++)
	{
		double		log_w;
		double		log_g;

		node_logs(pm, features[i], &log_w, &log_g);
		pm->shift_w = fmax(pm->shift_w, log_w);
		pm->shift_g = fmax(pm->shift_g, log_w + log_g);
	}
	pm->shift_g -= pm->shift_w;
	pm->fast = isfinite(pm->s) && fabs(pm->shift_g) < 600.0;
	pm->scale_g = pm->fast ? exp(-pm->shift_g) : 0.0;

	for (int i = 0; i < npieces; i++)
		march_piece(pm, &pieces[i], &sum_w, &sum_g);
	ratio = sum_g / sum_w;

	for (int level = 1; level <= QUAD_MAX_LEVEL; level++)
	{
		double		h = QUAD_STEP0 / (1 << level);
		double		previous = ratio;

		for (int i = 0; i < npieces; i++)
		{
			const QuadPiece *pc = &pieces[i];
			double		z_hi = pc->k_hi * QUAD_STEP0;

			for (double z = pc->k_lo * QUAD_STEP0 + h; z < z_hi; z += 2.0 * h)
			{
				double		u;
				double		du;
				double		tw;
				double		tg;

				if (!map_node(pc, z, &u, &du))
					continue;
				node_terms(pm, u, du, &tw, &tg);
				sum_w += tw;
				sum_g += tg;
			}
		}
		ratio = sum_g / sum_w;
		if (level >= QUAD_MIN_LEVEL && fabs(ratio - previous) <= QUAD_TOLERANCE * ratio)
			break;
	}
	return log(ratio) + pm->shift_g;
}

/*
 * ln E_p[g(p)], p ~ Beta(a, B), g(p) = (1 - (1 + p s)^-c) / p, s = e^log_s.
 * Lays out the pieces (see the top of the file) and integrates.
 */
static double
log_posterior_mean(double a, double B, double c, double log_s)
{
	PosteriorMean pm;
	QuadPiece	pieces[3];
	int			npieces = 0;
	double		features[2];
	int			nfeatures = 0;
	double		mode = log(a) - log(B);
	double		scale = fmin(1.0, sqrt(1.0 / a + 1.0 / B));
	double		log_c = log(c);

	/* p where g turns from c s to 1 / p, and, left of u_left, w g decreases */
	double		log_turn = -(log_s + fmax(log_c, 0.0));
	double		u_left = fmin(mode, log(2.0 * a / (c + 1.0)) - log_s);

	pm.a = a;
	pm.B = B;
	pm.c = c;
	pm.log_c = log_c;
	pm.log_s = log_s;
	pm.s = exp(log_s);

	/*
	 * a huge: ln p has a spread of 1 / sqrt(a) about ln(a / (a + B)), over
	 * which ln g changes at most in proportion (d ln g / d ln p lies in
	 * [-1, 0]), so E_p[g(p)] = g(mean) (1 + O(1 / a)): below rounding.  The
	 * quadrature cannot go there: its weights a ln p + B ln(1 - p), of the
	 * size of a |ln p|, lose whole units to rounding (+Infinity / +Infinity
	 * was NaN) or overflow (-inf - -inf) once a + B nears the largest double.
	 */
	if (a > 1e16)
	{
		double		log_w;
		double		log_g;

		node_logs(&pm, mode, &log_w, &log_g);
		return log_g;
	}
	if (log_turn < -2.0)
	{
		double		u_turn = log_turn - log1p(-exp(log_turn));
		double		far = mode - u_turn;

		/* for a > 1 + 40 / far the mass near u_turn is below e^-40 */
		if (far > QUAD_FAR && a < 1.0 + 40.0 / far)
		{
			QuadPiece	left = {MAP_EXP_SINH, u_turn, 0.0, 1.0, -1.0, {NAN, u_left}, 0, 0};
			QuadPiece	middle = {MAP_TANH_SINH, u_turn, mode, 0.0, 0.0, {NAN, NAN}, 0, 0};
			QuadPiece	right = {MAP_EXP_SINH, mode, 0.0, scale, 1.0, {NAN, NAN}, 0, 0};

			pieces[npieces++] = left;
			pieces[npieces++] = middle;
			pieces[npieces++] = right;
			features[nfeatures++] = u_turn;
		}
	}
	if (npieces == 0)
	{
		QuadPiece	whole = {MAP_SINH, mode, 0.0, scale, 0.0, {u_left, NAN}, 0, 0};

		pieces[npieces++] = whole;
	}
	features[nfeatures++] = mode;
	return log_posterior_mean_pieces(&pm, features, nfeatures, pieces, npieces);
}

/*
 * ln E_p[g(p)] for p ~ Beta(a, b + x), c = r + x.  When b + x passes the
 * largest double: with a > 1e16 p is the point a / (a + b + x), the same
 * with every shape halved; else p = G / (b + x), G ~ Gamma(a), to a / (b + x)
 * relative, and g(p) at s is 2 g(2p) at s / 2, so E is twice that with
 * (b + x) / 2 and s / 2.  r + x past it is taken as DBL_MAX: (1 + p s)^-c
 * is then 0 but where p s is below 1e-305.
 */
static double
log_posterior_mean_x(const BgnbdParams *m, double x, double log_s)
{
	double		c = fmin(m->r + x, DBL_MAX);

	if (isfinite(m->b + x))
		return log_posterior_mean(m->a, m->b + x, c, log_s);
	if (m->a > 1e16)
		return log_posterior_mean(0.5 * m->a, 0.5 * m->b + 0.5 * x, c, log_s);
	return LN2 + log_posterior_mean(m->a, 0.5 * m->b + 0.5 * x, c, log_s - LN2);
}

/* ln E[Y(t) | x, t_x, T], -inf for 0. */
static double
log_expected(const BgnbdParams *m, double t, double x, double tx, double T)
{
	double		lp = log_p_alive(m, x, tx, T);
	double		log_s;

	if (!(t > 0.0))
		return -INFINITY;
	log_s = log(t) - log_sum(m->alpha, T);
	/* E_p[g] <= c s: skip the quadrature when the product underflows anyway */
	if (lp + log(m->r + x) + log_s < -750.0)
		return -INFINITY;
	return lp + log_posterior_mean_x(m, x, log_s);
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

/* ---------- discounted purchases ---------- */

/*
 * Each period's expected purchases E[Y(i L)] - E[Y((i - 1) L)] discounted
 * by (1 + d)^i; E[Y(i L)] is computed once and kept for the next period.
 * The discount is applied in logs: (1 + d)^-i may overflow for d near -1
 * while the product stays finite.
 */
double
bgnbd_discounted_purchases(const BgnbdParams *m, double x, double tx,
						   double T, int periods, double period_length,
						   double discount_rate, InterruptPoll poll)
{
	double		lp = log_p_alive(m, x, tx, T);
	double		log_age = log_sum(m->alpha, T);
	double		log_discount = log1p(discount_rate);
	double		previous = 0.0;
	double		total = 0.0;

	/* E[Y] <= P(alive) c s, and no discount factor exceeds (1 + d)^-periods */
	if (periods <= 0 ||
		lp + log(m->r + x) + log(periods * period_length) - log_age -
		fmin(0.0, periods * log_discount) < -750.0)
		return 0.0;
	for (int i = 1; i <= periods; i++)
	{
		double		current;
		double		step;
		double		log_t;

		if (poll != NULL)
			poll();
		/* i L past the largest double (E at an infinite time was garbage) */
		log_t = isinf(i * period_length) ? log((double) i) + log(period_length)
			: log(i * period_length);
		current = exp(lp + log_posterior_mean_x(m, x, log_t - log_age));
		if (!isfinite(current))
			return current;
		/*
		 * E[Y(t)] does not decrease in t; where the quadrature's rounding
		 * says otherwise (found by fuzzing: a step of -1e-305 grown by a
		 * discount of -99.8% to -8e-300), the step is 0
		 */
		current = fmax(current, previous);
		step = current - previous;
		if (step != 0.0)
			total += copysign(exp(log(fabs(step)) - i * log_discount), step);
		previous = current;
	}
	return total;
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
