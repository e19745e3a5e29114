/*
 * rfm_core.c
 *		RFM cut points (percentile_disc) and scores.
 */
#include "rfm_core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int
compare_doubles(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

void
rfm_sort_values(double *values, int64_t n)
{
	qsort(values, (size_t) n, sizeof(double), compare_doubles);
}

/* 1-based position of cut k of bins over n values, as percentile_disc. */
static int64_t
cut_position(int64_t n, int bins, int k)
{
	double		fraction = (double) k / (double) bins;
	int64_t		position = (int64_t) ceil(fraction * (double) n);

	if (position < 1)
		position = 1;
	if (position > n)
		position = n;
	return position;
}

/*
 * PostgreSQL's percentile_disc(p) returns the first value whose 1-based
 * position reaches ceil(p * n); p is the float8 k / bins.
 */
void
rfm_cuts_from_sorted(const double *sorted, int64_t n, int bins, double *cuts)
{
	for (int k = 1; k < bins; k++)
		cuts[k - 1] = sorted[cut_position(n, bins, k) - 1];
}

static void
swap_values(double *a, double *b)
{
	double		t = *a;

	*a = *b;
	*b = t;
}

static double
median_of_three(double a, double b, double c)
{
	if (a < b)
		return b < c ? b : (a < c ? c : a);
	return a < c ? a : (b < c ? c : b);
}

/*
 * Put the value of 0-based rank `rank` of values[lo, hi) in its place, with
 * smaller values before it and larger after (quickselect with a three-way
 * partition, so runs of equal values cost nothing).  After many unlucky
 * pivots it sorts what is left, which bounds the worst case.
 */
static void
select_rank(double *values, int64_t lo, int64_t hi, int64_t rank)
{
	int			rounds = 0;

	while (hi - lo > 16)
	{
		double		pivot = median_of_three(values[lo], values[lo + (hi - lo) / 2], values[hi - 1]);
		int64_t		lt = lo;	/* [lo, lt) < pivot */
		int64_t		i = lo;		/* [lt, i) == pivot */
		int64_t		gt = hi;	/* [gt, hi) > pivot */

		if (++rounds > 64)
			break;
		while (i < gt)
		{
			if (values[i] < pivot)
				swap_values(&values[lt++], &values[i++]);
			else if (values[i] > pivot)
				swap_values(&values[i], &values[--gt]);
			else
				i++;
		}
		if (rank < lt)
			hi = lt;
		else if (rank >= gt)
			lo = gt;
		else
			return;
	}
	rfm_sort_values(values + lo, hi - lo);
}

void
rfm_cuts_from_values(double *values, int64_t n, int bins, double *cuts)
{
	int64_t		done = 0;		/* values[0, done) are placed and <= the rest */

	for (int k = 1; k < bins; k++)
	{
		int64_t		rank = cut_position(n, bins, k) - 1;

		if (rank >= done)
		{
			select_rank(values, done, n, rank);
			done = rank + 1;
		}
		cuts[k - 1] = values[rank];
	}
}

int
rfm_cuts_below(const double *cuts, int ncuts, double value)
{
	int			below = 0;

	while (below < ncuts && cuts[below] < value)
		below++;
	return below;
}

int
rfm_score_ascending(const double *cuts, int bins, double value)
{
	return 1 + rfm_cuts_below(cuts, bins - 1, value);
}

int
rfm_score_descending(const double *cuts, int bins, double value)
{
	return bins - rfm_cuts_below(cuts, bins - 1, value);
}

static int
compare_segments(const void *a, const void *b)
{
	const RfmSegment *x = (const RfmSegment *) a;
	const RfmSegment *y = (const RfmSegment *) b;

	if (x->priority != y->priority)
		return (x->priority > y->priority) - (x->priority < y->priority);
	return strcmp(x->name, y->name);
}

void
rfm_segments_sort(RfmSegment *segments, int count)
{
	qsort(segments, (size_t) count, sizeof(RfmSegment), compare_segments);
}

static bool
segment_contains(const RfmSegment *segment, const int *scores)
{
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		if (scores[d] < segment->low[d] || scores[d] > segment->high[d])
			return false;
	}
	return true;
}

const char *
rfm_segment_match(const RfmSegment *segments, int count, int bins, const int *scores)
{
	bool		bins_defined = false;

	for (int i = 0; i < count; i++)
	{
		if (segments[i].bins != bins)
			continue;
		bins_defined = true;
		if (segments[i].enabled && segment_contains(&segments[i], scores))
			return segments[i].name;
	}
	return bins_defined ? RFM_OTHERS : NULL;
}
