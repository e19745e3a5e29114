/*
 * rfm_core.h
 *		RFM cut points and scores by an exact, reproducible tie rule.
 *
 * Pure C: no PostgreSQL headers.
 *
 * Cut k (k = 1 .. bins-1) of a dimension is percentile_disc(k / bins) of its
 * values: the value at 1-based position ceil(k / bins * n) of the sorted
 * values, computed in double precision exactly as PostgreSQL's
 * percentile_disc does, so that plain SQL reproduces every cut.  A value
 * scores 1 + the number of cuts strictly below it (R is reversed: fewer days
 * since the last purchase is better), so equal values always score the same.
 */
#ifndef PORTFOLIO_RFM_CORE_H
#define PORTFOLIO_RFM_CORE_H

#include <stdbool.h>
#include <stdint.h>

#define RFM_MIN_BINS 2
#define RFM_MAX_BINS 9
#define RFM_MAX_CUTS (RFM_MAX_BINS - 1)
#define RFM_DIMENSIONS 3		/* recency (days since last), frequency, monetary */

/* Sort values ascending in place (finite values only). */
extern void rfm_sort_values(double *values, int64_t n);

/*
 * The bins - 1 cut points of n >= 1 sorted values: the definition, kept as
 * the reference that the unit tests hold rfm_cuts_from_values to.
 */
extern void rfm_cuts_from_sorted(const double *sorted, int64_t n, int bins,
								 double *cuts);

/*
 * The same cut points from n >= 1 unsorted values, which are reordered:
 * selection instead of a full sort, linear in n however many ties there are.
 */
extern void rfm_cuts_from_values(double *values, int64_t n, int bins, double *cuts);

/* Number of cuts strictly below value (cuts ascending). */
extern int	rfm_cuts_below(const double *cuts, int ncuts, double value);

/* Score of a frequency or monetary value: 1 (worst) .. bins (best). */
extern int	rfm_score_ascending(const double *cuts, int bins, double value);

/* Score of days since the last purchase: bins (most recent) .. 1. */
extern int	rfm_score_descending(const double *cuts, int bins, double value);

/*
 * A named segment: the customers whose r, f and m scores all lie in the
 * inclusive ranges low[d] .. high[d], for one number of bins.
 */
typedef struct RfmSegment
{
	const char *name;
	int32_t		priority;		/* smaller wins */
	int32_t		bins;
	int32_t		low[RFM_DIMENSIONS];
	int32_t		high[RFM_DIMENSIONS];
	bool		enabled;
} RfmSegment;

/* Name of the segment given to "Others": no enabled segment matched. */
#define RFM_OTHERS "Others"

/* Sort segments by priority, then name, so the first match wins. */
extern void rfm_segments_sort(RfmSegment *segments, int count);

/*
 * The first enabled segment (in sorted order) for bins that contains the
 * scores; RFM_OTHERS if segments exist for bins but none matches; NULL if no
 * segment at all is defined for bins.
 */
extern const char *rfm_segment_match(const RfmSegment *segments, int count,
									 int bins, const int *scores);

#endif							/* PORTFOLIO_RFM_CORE_H */
