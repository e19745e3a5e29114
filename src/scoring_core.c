/*
 * scoring_core.c
 *		The scaler_fit state (check, start, Welford's update, Chan's merge,
 *		mean and standard deviation), min-max and z-score scaling, and the
 *		weighted score.  See scoring_core.h.
 */
#include "scoring_core.h"

#include <math.h>
#include <string.h>

/* ---------- the state ---------- */

int
scaler_state_dimensions(int length)
{
	int			d;

	if (length < SCALER_HEADER || (length - SCALER_HEADER) % SCALER_FIELDS != 0)
		return -1;
	d = (length - SCALER_HEADER) / SCALER_FIELDS;
	return d <= SCALER_MAX_DIMENSIONS ? d : -1;
}

/* The problem of one dimension's statistics, if any. */
static ScalerStateProblem
check_dimension(const double *stats)
{
	for (int f = 0; f < SCALER_FIELDS; f++)
		if (!isfinite(stats[f]))
			return SCALER_STATE_NOT_FINITE;
	if (stats[SCALER_MIN] > stats[SCALER_MAX])
		return SCALER_STATE_MIN_ABOVE_MAX;
	if (stats[SCALER_M2] < 0)
		return SCALER_STATE_NEGATIVE_M2;
	return SCALER_STATE_OK;
}

ScalerStateProblem
scaler_check_state(const double *state, int length, int *dimension)
{
	int			d = scaler_state_dimensions(length);
	double		n;

	*dimension = -1;
	if (d < 0)
		return SCALER_STATE_BAD_LENGTH;
	n = state[0];
	/* written so that NaN fails too */
	if (!(n >= 0 && n <= SCALER_MAX_COUNT) || n != floor(n))
		return SCALER_STATE_BAD_COUNT;
	if ((n == 0) != (d == 0))
		return SCALER_STATE_COUNT_MISMATCH;
	for (int i = 0; i < d; i++)
	{
		ScalerStateProblem problem = check_dimension(&SCALER_AT(state, i, 0));

		if (problem != SCALER_STATE_OK)
		{
			*dimension = i;
			return problem;
		}
	}
	return SCALER_STATE_OK;
}

void
scaler_start(double *state, const double *x, int d)
{
	state[0] = 1;
	for (int i = 0; i < d; i++)
	{
		double	   *s = &SCALER_AT(state, i, 0);

		s[SCALER_MIN] = x[i];
		s[SCALER_MAX] = x[i];
		s[SCALER_MEAN] = x[i];
		s[SCALER_M2] = 0;
	}
}

bool
scaler_accumulate(double *state, const double *x, int d)
{
	double		n;
	bool		finite = true;

	if (state[0] >= SCALER_MAX_COUNT)
		return false;
	n = state[0] + 1;
	state[0] = n;
	for (int i = 0; i < d; i++)
	{
		double	   *s = &SCALER_AT(state, i, 0);
		double		delta = x[i] - s[SCALER_MEAN];

		if (x[i] < s[SCALER_MIN])
			s[SCALER_MIN] = x[i];
		if (x[i] > s[SCALER_MAX])
			s[SCALER_MAX] = x[i];
		s[SCALER_MEAN] += delta / n;
		/* delta and x - the new mean have the same sign: m2 never decreases */
		s[SCALER_M2] += delta * (x[i] - s[SCALER_MEAN]);
		finite = finite && isfinite(s[SCALER_MEAN]) && isfinite(s[SCALER_M2]);
	}
	return finite;
}

bool
scaler_merge(double *left, const double *right, int d)
{
	double		na = left[0];
	double		nb = right[0];
	double		n = na + nb;
	bool		finite = true;

	if (nb == 0)
		return true;
	if (na == 0)
	{
		memcpy(left, right, SCALER_STATE_LENGTH(d) * sizeof(double));
		return true;
	}
	if (n > SCALER_MAX_COUNT)
		return false;
	left[0] = n;
	for (int i = 0; i < d; i++)
	{
		double	   *a = &SCALER_AT(left, i, 0);
		const double *b = &SCALER_AT(right, i, 0);
		double		delta = b[SCALER_MEAN] - a[SCALER_MEAN];

		a[SCALER_MIN] = fmin(a[SCALER_MIN], b[SCALER_MIN]);
		a[SCALER_MAX] = fmax(a[SCALER_MAX], b[SCALER_MAX]);
		a[SCALER_MEAN] += delta * (nb / n);
		a[SCALER_M2] += b[SCALER_M2] + delta * delta * (na * nb / n);
		finite = finite && isfinite(a[SCALER_MEAN]) && isfinite(a[SCALER_M2]);
	}
	return finite;
}

double
scaler_mean(const double *state, int i)
{
	return SCALER_AT(state, i, SCALER_MEAN);
}

double
scaler_sd(const double *state, int i)
{
	return sqrt(SCALER_AT(state, i, SCALER_M2) / state[0]);
}

/* ---------- scaling ---------- */

int
scaler_minmax(const double *x, const double *min, const double *max, int n, double *out)
{
	for (int i = 0; i < n; i++)
	{
		double		range = max[i] - min[i];

		if (range == 0)
		{
			out[i] = 0;
			continue;
		}
		out[i] = (x[i] - min[i]) / range;
		if (!isfinite(range) || !isfinite(out[i]))
			return i;
	}
	return -1;
}

int
scaler_zscore(const double *x, const double *mean, const double *sd, int n, double *out)
{
	for (int i = 0; i < n; i++)
	{
		if (sd[i] == 0)
		{
			out[i] = 0;
			continue;
		}
		out[i] = (x[i] - mean[i]) / sd[i];
		if (!isfinite(out[i]))
			return i;
	}
	return -1;
}

/* ---------- weighted score ---------- */

WeightedScoreProblem
weighted_score_of(const double *criteria, const double *weights, int n, double *score, int *where)
{
	double		largest = 0;
	double		total = 0;
	double		sum = 0;

	*where = -1;
	for (int i = 0; i < n; i++)
	{
		if (weights[i] < 0)
		{
			*where = i;
			return WEIGHTED_SCORE_NEGATIVE_WEIGHT;
		}
		largest = fmax(largest, weights[i]);
	}
	if (largest == 0)
		return WEIGHTED_SCORE_ZERO_WEIGHTS;
	for (int i = 0; i < n; i++)
		total += weights[i] / largest;
	/* the normalised weights sum to 1: the score lies within the criteria */
	for (int i = 0; i < n; i++)
		sum += weights[i] / largest / total * criteria[i];
	if (!isfinite(sum))
		return WEIGHTED_SCORE_OVERFLOW;
	*score = sum;
	return WEIGHTED_SCORE_OK;
}
