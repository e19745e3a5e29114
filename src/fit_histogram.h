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

/*
 * The fitting aggregates' shared glue (model_fit.c).  fit_accum_customers
 * adds customers >= 1 customers with history v (checked by the caller) to
 * the state in argument 0, creating it on the first row; have_row false
 * (a row with a NULL) leaves the state as it is.  fit_final is the final
 * function of every fit: the model's result row, NULL without histories.
 */
extern Datum fit_accum_customers(FunctionCallInfo fcinfo, FitModel model, int32 unit,
								 float8 penalizer, bool have_row, const double v[3],
								 int64 customers);
extern Datum fit_final(FunctionCallInfo fcinfo, FitModel model);

#endif							/* PORTFOLIO_FIT_HISTOGRAM_H */
