/*
 * scoring_core.h
 *		Per-dimension statistics of feature vectors (the state of
 *		portfolio.scaler_fit), scaling one vector with them, and the weighted
 *		score of a vector of criteria.
 *
 * Pure C: no PostgreSQL headers.  The glue (scoring.c) reads and checks the
 * arrays and turns the problems reported here into ereports.
 *
 * The state is an array of doubles, [n, then for each dimension min, max,
 * mean, m2], where m2 is the sum of squared deviations from the mean.  Rows
 * are added with Welford's update and states are merged with Chan, Golub and
 * LeVeque's pairwise formula, so the variance does not suffer the
 * cancellation of sum(x^2) - n mean^2 when the mean is large against the
 * spread.  The standard deviation is the population one, sqrt(m2 / n) (ddof
 * 0, as scikit-learn's StandardScaler).  A state with n = 0 has no
 * dimensions: its length is 1.
 */
#ifndef PORTFOLIO_SCORING_CORE_H
#define PORTFOLIO_SCORING_CORE_H

#include <stdbool.h>

#define SCALER_HEADER 1
#define SCALER_FIELDS 4
#define SCALER_MIN 0
#define SCALER_MAX 1
#define SCALER_MEAN 2
#define SCALER_M2 3
#define SCALER_MAX_DIMENSIONS 1000
#define SCALER_STATE_LENGTH(d) (SCALER_HEADER + SCALER_FIELDS * (d))

/* The count of a state is a double: exact up to 2^53. */
#define SCALER_MAX_COUNT 9007199254740992.0

/* The field f of dimension i of a state. */
#define SCALER_AT(state, i, f) ((state)[SCALER_HEADER + SCALER_FIELDS * (i) + (f)])

typedef enum ScalerStateProblem
{
	SCALER_STATE_OK,
	SCALER_STATE_BAD_LENGTH,	/* not 1 + 4 d with 0 <= d <= the cap */
	SCALER_STATE_BAD_COUNT,		/* n not a whole number from 0 to 2^53 */
	SCALER_STATE_COUNT_MISMATCH,	/* n = 0 with dimensions, or n > 0 without */
	SCALER_STATE_NOT_FINITE,	/* a NaN or infinite statistic */
	SCALER_STATE_MIN_ABOVE_MAX,
	SCALER_STATE_NEGATIVE_M2
} ScalerStateProblem;

/* The number of dimensions of a state of that length, or -1 if none. */
extern int	scaler_state_dimensions(int length);

/*
 * Whether a state (read from anywhere) is well formed; on a problem with one
 * dimension, *dimension gets its index (else -1).
 */
extern ScalerStateProblem scaler_check_state(const double *state, int length, int *dimension);

/* A state of d dimensions holding the one vector x. */
extern void scaler_start(double *state, const double *x, int d);

/*
 * Add the vector x to a state of d dimensions with n >= 1.  False if a
 * statistic overflowed (the state is then unusable).
 */
extern bool scaler_accumulate(double *state, const double *x, int d);

/*
 * Merge the state right into left, both read as d dimensions: a side with
 * n = 0 adds nothing (left then gets a copy of right, so it must have room
 * for d dimensions).  False on overflow, of the count or of a statistic.
 */
extern bool scaler_merge(double *left, const double *right, int d);

/* The mean and population standard deviation of dimension i (n >= 1). */
extern double scaler_mean(const double *state, int i);
extern double scaler_sd(const double *state, int i);

/*
 * x scaled into out, n elements each; nothing is clipped, and a dimension
 * without spread (max = min, sd = 0) scales to 0.  The caller checks that
 * min <= max and sd >= 0.  Both return -1, or the index of a dimension whose
 * result would not be finite (a range beyond the double range, or a spread
 * so small that the quotient overflows).
 */
extern int	scaler_minmax(const double *x, const double *min, const double *max, int n,
						  double *out);
extern int	scaler_zscore(const double *x, const double *mean, const double *sd, int n,
						  double *out);

typedef enum WeightedScoreProblem
{
	WEIGHTED_SCORE_OK,
	WEIGHTED_SCORE_NEGATIVE_WEIGHT,
	WEIGHTED_SCORE_ZERO_WEIGHTS,
	WEIGHTED_SCORE_OVERFLOW
} WeightedScoreProblem;

/*
 * sum w_i c_i / sum w_i over n finite criteria and weights, the weights
 * first divided by the largest so that their sum cannot overflow.  On
 * WEIGHTED_SCORE_NEGATIVE_WEIGHT, *where gets the index of the weight.
 */
extern WeightedScoreProblem weighted_score_of(const double *criteria, const double *weights, int n,
											  double *score, int *where);

#endif							/* PORTFOLIO_SCORING_CORE_H */
