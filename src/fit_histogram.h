/*
 * fit_histogram.h
 *		portfolio.fit_histogram: the state of the fitting aggregates
 *		(bgnbd_fit, gg_fit), one varlena that holds the distinct customer
 *		histories with their counts and a hash index over them.
 *
 * The index lives inside the varlena, after the entries, so the state can
 * be updated in place by the transition function, copied as a plain datum
 * between parallel workers, and rebuilt from the entries by the text input
 * function.
 */
#ifndef PORTFOLIO_FIT_HISTOGRAM_H
#define PORTFOLIO_FIT_HISTOGRAM_H

#include "postgres.h"

#include "fmgr.h"

#include "fit_histogram_codec.h"

/* The layout of portfolio.fit_histogram is in fit_histogram_codec.h. */

#define DatumGetFitHistogram(d) ((FitHistogram *) PG_DETOAST_DATUM(d))

/* An empty histogram with room for capacity histories, in the current context. */
extern FitHistogram *fit_histogram_alloc(const ModelKind *kind, int32 unit, float8 penalizer,
										 int64 capacity);

/* The model of a histogram (every state was made by the functions here). */
#define fit_histogram_kind(h) (model_kind((h)->model))

/*
 * Add count customers with history v.  May return a bigger copy; h itself is
 * changed only when in_place is true.
 */
extern FitHistogram *fit_histogram_add(FitHistogram *h, const double v[3], int64 count,
									   bool in_place);

/* Every history of right added to left (same model, unit and penalizer). */
extern FitHistogram *fit_histogram_merge(FitHistogram *left, const FitHistogram *right,
										 bool in_place);

/* The number of customers, summed over the histories (22003 on overflow). */
extern int64 fit_histogram_customers(const FitHistogram *h);

#endif							/* PORTFOLIO_FIT_HISTOGRAM_H */
