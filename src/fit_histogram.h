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

#include "histogram_core.h"

typedef enum FitModel
{
	FIT_BGNBD = 1,				/* v = (frequency, recency, age) */
	FIT_GAMMA_GAMMA = 2			/* v = (frequency, monetary, 0) */
} FitModel;

#define FIT_NO_UNIT (-1)

typedef struct FitHistogram
{
	int32		vl_len_;
	int32		model;			/* FitModel */
	int32		unit;			/* PeriodUnit of the summaries, or FIT_NO_UNIT */
	uint32		slot_mask;		/* hash slots - 1 */
	float8		penalizer;		/* BG/NBD only; 0 for Gamma-Gamma */
	int64		count;			/* distinct histories */
	int64		capacity;		/* room for histories */
	HistogramEntry entries[FLEXIBLE_ARRAY_MEMBER];
	/* then uint32 slots[slot_mask + 1] */
} FitHistogram;

/* At most 2^24 distinct histories: 16 bytes of index each, 640 MB in all. */
#define FIT_HISTOGRAM_MAX_CAPACITY (INT64CONST(1) << 24)
#define FIT_HISTOGRAM_INITIAL_CAPACITY 64

#define DatumGetFitHistogram(d) ((FitHistogram *) PG_DETOAST_DATUM(d))

/* The number of values of a history: 3 for BG/NBD, 2 for Gamma-Gamma. */
#define FIT_MODEL_VALUES(model) ((model) == FIT_BGNBD ? 3 : 2)

/* An empty histogram with room for capacity histories, in the current context. */
extern FitHistogram *fit_histogram_alloc(FitModel model, int32 unit, float8 penalizer,
										 int64 capacity);

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

/* The model's name as written in the text form. */
extern const char *fit_model_name(FitModel model);

#endif							/* PORTFOLIO_FIT_HISTOGRAM_H */
