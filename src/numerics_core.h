/*
 * numerics_core.h
 *		Log-space arithmetic and the posterior quadrature the lifetime-value
 *		models share.  Pure C.
 *
 * The quadrature takes the mean of a function over a Beta-distributed
 * probability p, the form every prediction of a model with a Beta mixing
 * distribution reduces to (BG/NBD's drop-out probability, ...): given by
 * its logarithm, so that neither p nor the function's values need to be
 * representable doubles.
 */
#ifndef PORTFOLIO_NUMERICS_CORE_H
#define PORTFOLIO_NUMERICS_CORE_H

#include <stdbool.h>

/* ln(1 + e^y), without overflow. */
extern double log1p_exp(double y);

/* ln(1 + x / y) for x >= 0 and y > 0, also where x / y overflows. */
extern double log1p_ratio(double x, double y);

/* ln(x + y) for finite x, y >= 0, also where x + y overflows. */
extern double log_sum(double x, double y);

/* ln(e^x + e^y) without overflow; -inf stands for a zero term. */
extern double log_add_exp(double x, double y);

/*
 * ln e^k E_nu(k) = ln int_0^inf e^(-k u) (1 + u)^-nu du, for nu > 1 and
 * k > 0 (E_nu the generalised exponential integral).  Lies between
 * -ln(k + nu) and -ln(k + nu - 1).
 */
extern double log_scaled_expint(double nu, double k);

/*
 * Negative binomial mixtures of Beta moments: for p ~ Beta(a, B),
 * Delta_k = E[(1 - p)^k] = (B)_k / (a + B)_k and h_k = Delta_0 + ... +
 * Delta_(k-1) = E[(1 - (1 - p)^k) / p], weighted by the negative binomial
 * pmf NB(n; c, z) = (c)_n / n! z^n (1 - z)^c, z = s / (1 + s):
 *   sum_n NB(n) h_n = E_p[(1 - (1 + p s)^-c) / p],
 *   sum_n NB(n) Delta_n = E_p[(1 + p s)^-c],
 * the means a Poisson purchase process of Gamma(c)-distributed rate with a
 * Beta drop-out chance after each purchase leads to (bgnbd_core.c).  The
 * moments are kept and extended as series need more, so that series at
 * several horizons share them.
 */
#define SERIES_MAX_TERMS 1024

typedef struct BetaMoments
{
	double		a;
	double		B;
	int			filled;			/* delta[] and h[] are set up to this k */
	double		delta[SERIES_MAX_TERMS + 1];
	double		h[SERIES_MAX_TERMS + 1];
} BetaMoments;

/* The moments of Beta(a, B); a + B must be finite. */
extern void beta_moments_init(BetaMoments *mo, double a, double B);

/*
 * sum_n NB(n; c, z) coef_n, coef = h (survival false) or Delta (true), to
 * 1e-15 relative; false when it would take more than SERIES_MAX_TERMS terms
 * or its first weights underflow (z near 1, c s in the thousands): the
 * caller then integrates by quadrature.  s > 0 finite, c > 0.
 */
extern bool nb_mixture_sum(BetaMoments *mo, double c, double s, bool survival, double *sum);

/*
 * The function whose mean over p ~ Beta(a, B) beta_log_mean takes, given
 * by its logarithm at ln p and ln(1 - p).  Its shape tells the quadrature
 * where to look: the functions of the models are flat for small p and fall
 * like 1 / p beyond a turning point; log_turn is ln p there (-inf: no such
 * point within reach), and left of u_left (in u = logit p) the integrand
 * w(u) f(p(u)) no longer grows.
 */
typedef struct BetaIntegrand
{
	double		(*log_value) (double log_p, double log_q, const void *ctx);
	const void *ctx;
	double		log_turn;
	double		u_left;
} BetaIntegrand;

/*
 * ln E[f(p)] for p ~ Beta(a, B), a, B > 0 finite, by double-exponential
 * quadrature over u = logit(p) (the top of numerics_core.c says how); -inf
 * when the mean is 0.  Relative error of a few 1e-14 for the models'
 * functions.
 */
extern double beta_log_mean(double a, double B, const BetaIntegrand *f);

#endif							/* PORTFOLIO_NUMERICS_CORE_H */
