/*
 * histogram_core.h
 *		The compressed input of the model fits: distinct customer histories
 *		with the number of customers that share each one.
 *
 * The fitting aggregates (bgnbd_fit, gg_fit) count distinct histories as
 * they read rows, so a fit costs in proportion to distinct histories, not
 * customers.  Pure C.
 */
#ifndef PORTFOLIO_HISTOGRAM_CORE_H
#define PORTFOLIO_HISTOGRAM_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * One distinct history.  BG/NBD: v = (x, t_x, T), Gamma-Gamma: v = (x, m, 0),
 * where x is the frequency (repeat purchases), t_x the recency, T the age and
 * m the mean value of the repeat purchases.
 */
typedef struct HistogramEntry
{
	double		v[3];
	int64_t		count;			/* customers with this history, >= 1 */
} HistogramEntry;

/* The customers of n entries, the sum of their counts as a fit weighs them. */
extern double histogram_customers(const HistogramEntry *entries, size_t n);

/*
 * An open-addressing hash index over an array of entries: the entries stay
 * in insertion order in one array (so they can be written out and fitted
 * directly) and slots[] holds, for each hash slot, 1 + the index of an entry
 * or 0 when free.  The slot count is a power of two of at least twice the
 * capacity, so a probe always ends.
 */
typedef struct HistogramIndex
{
	HistogramEntry *entries;
	uint32_t   *slots;
	int64_t		count;			/* entries in use */
	int64_t		capacity;		/* entries allocated */
	uint32_t	slot_mask;		/* slot count - 1 */
} HistogramIndex;

/* The slot count that goes with a capacity (capacity <= 2^30). */
extern uint32_t histogram_slot_count(int64_t capacity);

/* Empty every slot and re-index the count entries already in the array. */
extern void histogram_reindex(HistogramIndex *index);

typedef enum HistogramAddResult
{
	HISTOGRAM_ADDED,
	HISTOGRAM_FULL,				/* v is new and the array is full */
	HISTOGRAM_COUNT_OVERFLOW	/* the entry's count would pass INT64_MAX */
} HistogramAddResult;

/*
 * Add count >= 1 customers with history v: to its entry when v is already
 * there, else to a new entry.  Nothing changes unless HISTOGRAM_ADDED.
 * -0.0 and 0.0 are the same value.
 */
extern HistogramAddResult histogram_add(HistogramIndex *index, const double v[3],
										int64_t count);

#endif							/* PORTFOLIO_HISTOGRAM_CORE_H */
