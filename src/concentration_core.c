/*
 * concentration_core.c
 *		Compensated sums, a radix sort of doubles, and the concentration
 *		measures computed from sorted values.
 */
#include "concentration_core.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---------- compensated summation ---------- */

void
compensated_add(CompensatedSum *s, double x)
{
	double		t = s->sum + x;

	/* Neumaier: the rounding error of the larger operand's addition */
	if (fabs(s->sum) >= fabs(x))
		s->comp += (s->sum - t) + x;
	else
		s->comp += (x - t) + s->sum;
	s->sum = t;
}

double
compensated_value(const CompensatedSum *s)
{
	return s->sum + s->comp;
}

void
compensated_merge(CompensatedSum *left, const CompensatedSum *right)
{
	compensated_add(left, right->sum);
	left->comp += right->comp;
}

/* ---------- sorting ---------- */

#define SIGN_BIT ((uint64_t) 1 << 63)
#define RADIX_BITS 8
#define RADIX_BUCKETS (1 << RADIX_BITS)
#define RADIX_PASSES (64 / RADIX_BITS)
#define SMALL_SORT 256			/* below this, qsort is faster */

/*
 * An unsigned key that orders like the double: positive values get the sign
 * bit set, negative ones are complemented (so that larger magnitudes sort
 * first).  Keys live in the double arrays' storage, moved with memcpy.
 */
static uint64_t
key_of(double x)
{
	uint64_t	bits;

	memcpy(&bits, &x, sizeof(bits));
	return (bits & SIGN_BIT) ? ~bits : (bits | SIGN_BIT);
}

static double
value_of_key(uint64_t key)
{
	uint64_t	bits = (key & SIGN_BIT) ? (key & ~SIGN_BIT) : ~key;
	double		x;

	memcpy(&x, &bits, sizeof(x));
	return x;
}

static uint64_t
load_key(const double *slot)
{
	uint64_t	key;

	memcpy(&key, slot, sizeof(key));
	return key;
}

static void
store_key(double *slot, uint64_t key)
{
	memcpy(slot, &key, sizeof(key));
}

static int
compare_doubles(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

/* One stable counting pass of the digit at shift, from src to dst. */
static void
radix_pass(const double *src, double *dst, int64_t n, int shift,
		   const int64_t *counts)
{
	int64_t		offset[RADIX_BUCKETS];
	int64_t		next = 0;

	for (int d = 0; d < RADIX_BUCKETS; d++)
	{
		offset[d] = next;
		next += counts[d];
	}
	for (int64_t i = 0; i < n; i++)
	{
		uint64_t	key = load_key(&src[i]);

		store_key(&dst[offset[(key >> shift) & (RADIX_BUCKETS - 1)]++], key);
	}
}

/*
 * LSD radix sort on the keys: one pass to count every digit, then one pass
 * per digit position, skipping positions where every key has the same digit
 * (the high bytes of values of one order of magnitude, for example).
 */
void
concentration_sort(double *values, double *scratch, int64_t n)
{
	int64_t		counts[RADIX_PASSES][RADIX_BUCKETS];	/* 16 kB */
	uint64_t	first_key;
	double	   *src = values;
	double	   *dst = scratch;

	if (n < SMALL_SORT)
	{
		qsort(values, (size_t) n, sizeof(double), compare_doubles);
		return;
	}
	memset(counts, 0, sizeof(counts));
	for (int64_t i = 0; i < n; i++)
	{
		uint64_t	key = key_of(values[i]);

		store_key(&values[i], key);
		for (int p = 0; p < RADIX_PASSES; p++)
			counts[p][(key >> (p * RADIX_BITS)) & (RADIX_BUCKETS - 1)]++;
	}
	first_key = load_key(&values[0]);
	for (int p = 0; p < RADIX_PASSES; p++)
	{
		int			shift = p * RADIX_BITS;
		double	   *t;

		if (counts[p][(first_key >> shift) & (RADIX_BUCKETS - 1)] == n)
			continue;
		radix_pass(src, dst, n, shift, counts[p]);
		t = src;
		src = dst;
		dst = t;
	}
	if (src != values)
		memcpy(values, src, sizeof(double) * (size_t) n);
	for (int64_t i = 0; i < n; i++)
		values[i] = value_of_key(load_key(&values[i]));
}

/* ---------- measures ---------- */

/* X = 0 has no shares; an infinite or NaN sum means the values overflowed. */
static ConcentrationStatus
total_status(double total)
{
	if (!isfinite(total))
		return CONCENTRATION_OVERFLOW;
	if (total == 0)
		return CONCENTRATION_NO_SHARES;
	return CONCENTRATION_OK;
}

static double
clamp(double x, double low, double high)
{
	return x < low ? low : (x > high ? high : x);
}

/*
 * Each weight (2i - n - 1) is an exact integer; its product with the value is
 * split into the rounded product and its exact error (fma), and both go into
 * the compensated sum, so the numerator is accurate even though its terms
 * cancel.
 */
ConcentrationStatus
concentration_gini(const double *sorted, int64_t n, double *gini)
{
	CompensatedSum total = {0, 0};
	CompensatedSum weighted = {0, 0};
	ConcentrationStatus status;
	double		numerator;

	for (int64_t i = 0; i < n; i++)
	{
		double		weight = (double) (2 * i + 1 - n);
		double		product = weight * sorted[i];

		compensated_add(&weighted, product);
		compensated_add(&weighted, fma(weight, sorted[i], -product));
		compensated_add(&total, sorted[i]);
	}
	status = total_status(compensated_value(&total));
	if (status != CONCENTRATION_OK)
		return status;
	numerator = compensated_value(&weighted);
	if (!isfinite(numerator))
		return CONCENTRATION_OVERFLOW;
	/* 0 (all equal) .. (n - 1) / n (one holder); clamping removes rounding only */
	*gini = clamp(numerator / compensated_value(&total) / (double) n,
				  0.0, (double) (n - 1) / (double) n);
	return CONCENTRATION_OK;
}

int64_t
concentration_top_count(double fraction, int64_t n)
{
	double		x = fraction * (double) n;

	/*
	 * The margin absorbs the rounding of fraction * n: 1e-9, or a few units
	 * in the last place when n is large (0.55 * 50000000 is 27500000.000000004).
	 */
	double		k = ceil(x - fmax(1e-9, 8 * DBL_EPSILON * x));

	if (k <= 0)
		return 0;
	if (k >= (double) n)
		return n;
	return (int64_t) k;
}

/*
 * Summed from the largest value down, the top k first, so that k = n gives
 * exactly the total.
 */
ConcentrationStatus
concentration_top_share(const double *sorted, int64_t n, int64_t k, double *share)
{
	CompensatedSum sum = {0, 0};
	double		top = 0;
	ConcentrationStatus status;

	for (int64_t i = n - 1; i >= 0; i--)
	{
		compensated_add(&sum, sorted[i]);
		if (n - i == k)
			top = compensated_value(&sum);
	}
	status = total_status(compensated_value(&sum));
	if (status != CONCENTRATION_OK)
		return status;
	*share = top / compensated_value(&sum);
	return CONCENTRATION_OK;
}

/*
 * Prefix sums from the smallest value up, taken at floor(j n / points); the
 * last one is the total itself, so the curve ends at exactly 1.
 */
ConcentrationStatus
concentration_lorenz(const double *sorted, int64_t n, int points, double *curve)
{
	CompensatedSum sum = {0, 0};
	int64_t		taken = 0;
	ConcentrationStatus status;
	double		total;

	for (int j = 0; j <= points; j++)
	{
		int64_t		target = (int64_t) j * n / points;

		while (taken < target)
			compensated_add(&sum, sorted[taken++]);
		curve[j] = compensated_value(&sum);
	}
	total = curve[points];
	status = total_status(total);
	if (status != CONCENTRATION_OK)
		return status;
	for (int j = 0; j <= points; j++)
		curve[j] /= total;
	return CONCENTRATION_OK;
}

/*
 * Walk the values from the largest down, one group of equal values at a time:
 * the share held by strictly greater values is what was summed before the
 * group.  The total is summed in the same order, so at a group of zeros that
 * share is exactly 1 (zeros are never A or B).
 */
ConcentrationStatus
concentration_abc(const double *sorted, int64_t n, double a_share, double b_share,
				  double *a, double *b)
{
	CompensatedSum sum = {0, 0};
	CompensatedSum greater = {0, 0};
	ConcentrationStatus status;
	double		total;
	int64_t		i = n - 1;

	for (int64_t j = n - 1; j >= 0; j--)
		compensated_add(&sum, sorted[j]);
	total = compensated_value(&sum);
	status = total_status(total);
	if (status != CONCENTRATION_OK)
		return status;
	*a = *b = sorted[n - 1];
	while (i >= 0)
	{
		double		value = sorted[i];
		double		share = compensated_value(&greater) / total;

		if (share < a_share)
			*a = *b = value;
		else if (share < b_share)
			*b = value;
		else
			break;
		while (i >= 0 && sorted[i] == value)
			compensated_add(&greater, sorted[i--]);
	}
	return CONCENTRATION_OK;
}

char
concentration_abc_class(double value, double a, double b)
{
	if (value >= a)
		return 'A';
	if (value >= b)
		return 'B';
	return 'C';
}

bool
concentration_abc_shares_valid(double a_share, double b_share)
{
	return a_share > 0 && a_share <= b_share && b_share <= 1;
}

ConcentrationStatus
concentration_hhi(double n, double sum_x, double sum_x2, double *hhi)
{
	ConcentrationStatus status = total_status(sum_x);

	if (status != CONCENTRATION_OK)
		return status;
	if (!isfinite(sum_x2))
		return CONCENTRATION_OVERFLOW;
	/* divided twice, not by X^2, which may overflow; 1/n (all equal) .. 1 */
	*hhi = clamp(sum_x2 / sum_x / sum_x, 1.0 / n, 1.0);
	return CONCENTRATION_OK;
}
