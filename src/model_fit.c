/*
 * model_fit.c
 *		The fitting aggregates bgnbd_fit, mbgnbd_fit, pareto_nbd_fit and
 *		gg_fit: transition,
 *		combine and final functions over a portfolio.fit_histogram state.
 *
 * Every row adds one customer to the histogram of distinct histories; the
 * final function hands the histories and their counts to the pure C fits
 * (bgnbd_fit_core.c, gamma_gamma_core.c, pareto_nbd_core.c).  Rows with a NULL value are
 * skipped, like the built-in aggregates skip NULL input; a value the model
 * cannot take is an error (22023), never silently dropped.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/builtins.h"

#include "fit_histogram.h"
#include "models.h"
#include "portfolio.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(bgnbd_fit_accum);
PG_FUNCTION_INFO_V1(bgnbd_fit_accum_penalized);
PG_FUNCTION_INFO_V1(bgnbd_fit_accum_summary);
PG_FUNCTION_INFO_V1(gg_fit_accum);
PG_FUNCTION_INFO_V1(fit_histogram_combine);
PG_FUNCTION_INFO_V1(bgnbd_fit_final);
PG_FUNCTION_INFO_V1(gg_fit_final);
PG_FUNCTION_INFO_V1(mbgnbd_fit_accum);
PG_FUNCTION_INFO_V1(mbgnbd_fit_accum_summary);
PG_FUNCTION_INFO_V1(mbgnbd_fit_final);
PG_FUNCTION_INFO_V1(pareto_nbd_fit_accum);
PG_FUNCTION_INFO_V1(pareto_nbd_fit_accum_summary);
PG_FUNCTION_INFO_V1(pareto_nbd_fit_final);

static const char *
unit_label(int32 unit)
{
	return unit == FIT_NO_UNIT ? "none" : period_unit_name((PeriodUnit) unit);
}

/* A state of another model (22023). */
static void
check_same_model(const FitHistogram *h, const ModelKind *kind)
{
	if (h->model != (int32) kind->id)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a %s state cannot be used to fit a %s model",
						fit_histogram_kind(h)->name, kind->name)));
}

/* The settings of a group must not change from row to row, or between parts. */
static void
check_same_settings(const FitHistogram *h, const ModelKind *kind, int32 unit, float8 penalizer)
{
	check_same_model(h, kind);
	if (h->unit != unit)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("summaries with different units cannot be fitted together"),
				 errdetail("Found both %s and %s.", unit_label(h->unit), unit_label(unit)),
				 errhint("Summarize every customer with the same unit, or group by the unit.")));
	if (h->penalizer != penalizer)
		portfolio_parameter_mismatch("penalizer", psprintf("%g", h->penalizer),
									 psprintf("%g", penalizer), "Pass a constant penalizer.");
}

/*
 * Add one customer (have_row false: a row with a NULL, skipped) to the
 * state in argument 0, creating it on the first row.
 */
static Datum
fit_accum(FunctionCallInfo fcinfo, FitModel model, int32 unit, float8 penalizer,
		  bool have_row, const double v[3])
{
	return fit_accum_customers(fcinfo, model, unit, penalizer, have_row, v, 1);
}

Datum
fit_accum_customers(FunctionCallInfo fcinfo, FitModel model, int32 unit, float8 penalizer,
					bool have_row, const double v[3], int64 customers)
{
	const ModelKind *kind = model_kind(model);
	FitHistogram *h;
	bool		in_place = false;

	if (PG_ARGISNULL(0))
	{
		if (!have_row)
			PG_RETURN_NULL();
		h = fit_histogram_alloc(kind, unit, penalizer, FIT_HISTOGRAM_INITIAL_CAPACITY);
		in_place = true;
	}
	else
	{
		h = DatumGetFitHistogram(PG_GETARG_DATUM(0));
		check_same_settings(h, kind, unit, penalizer);
		if (!have_row)
			PG_RETURN_POINTER(h);
		in_place = AggCheckCallContext(fcinfo, NULL) != 0;
	}
	PG_RETURN_POINTER(fit_histogram_add(h, v, customers, in_place));
}

/* (frequency, recency, age) from arguments 1..3; false if any is NULL. */
static bool
bgnbd_history_args(FunctionCallInfo fcinfo, double v[3])
{
	for (int k = 0; k < 3; k++)
	{
		if (PG_ARGISNULL(k + 1))
			return false;
		v[k] = PG_GETARG_FLOAT8(k + 1);
	}
	check_bgnbd_history(v[0], v[1], v[2]);
	return true;
}

static float8
penalizer_arg(FunctionCallInfo fcinfo, int argno)
{
	float8		penalizer;

	portfolio_check_not_null(fcinfo, argno, "penalizer");
	penalizer = PG_GETARG_FLOAT8(argno);
	portfolio_check_finite(penalizer, "penalizer");
	if (penalizer < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("penalizer must not be negative"),
				 errdetail("The value given was %g.", penalizer),
				 errhint("Use 0 for the plain maximum-likelihood fit, or a small positive value such as 0.001.")));
	return penalizer + 0.0;
}

/* bgnbd_fit_accum(state, frequency, recency, age) */
Datum
bgnbd_fit_accum(PG_FUNCTION_ARGS)
{
	double		v[3];
	bool		have_row = bgnbd_history_args(fcinfo, v);

	return fit_accum(fcinfo, FIT_BGNBD, FIT_NO_UNIT, 0.0, have_row, v);
}

/* bgnbd_fit_accum_penalized(state, frequency, recency, age, penalizer) */
Datum
bgnbd_fit_accum_penalized(PG_FUNCTION_ARGS)
{
	float8		penalizer = penalizer_arg(fcinfo, 4);
	double		v[3];
	bool		have_row = bgnbd_history_args(fcinfo, v);

	return fit_accum(fcinfo, FIT_BGNBD, FIT_NO_UNIT, penalizer, have_row, v);
}

/*
 * frequency, recency, age and unit of the summary in argument 1; false if
 * the summary or one of the first three is NULL.
 */
static bool
summary_history(FunctionCallInfo fcinfo, double v[3], int32 *unit)
{
	HeapTupleHeader summary;
	HeapTupleData tuple;
	TupleDesc	desc;
	bool		isnull[4];
	Datum		fields[4];

	*unit = FIT_NO_UNIT;
	if (PG_ARGISNULL(1))
		return false;
	summary = PG_GETARG_HEAPTUPLEHEADER(1);
	desc = portfolio_cached_row_desc(fcinfo, summary);
	tuple.t_len = HeapTupleHeaderGetDatumLength(summary);
	tuple.t_data = summary;
	fields[0] = heap_getattr(&tuple, SUMMARY_ATTNO(COL_FREQUENCY), desc, &isnull[0]);
	fields[1] = heap_getattr(&tuple, SUMMARY_ATTNO(COL_RECENCY), desc, &isnull[1]);
	fields[2] = heap_getattr(&tuple, SUMMARY_ATTNO(COL_AGE), desc, &isnull[2]);
	fields[3] = heap_getattr(&tuple, SUMMARY_ATTNO(COL_UNIT), desc, &isnull[3]);
	if (!isnull[3])
		*unit = (int32) portfolio_parse_unit(DatumGetTextPP(fields[3]));
	if (isnull[0] || isnull[1] || isnull[2])
		return false;
	v[0] = (double) DatumGetInt32(fields[0]);
	v[1] = DatumGetFloat8(fields[1]);
	v[2] = DatumGetFloat8(fields[2]);
	check_bgnbd_history(v[0], v[1], v[2]);
	return true;
}

/* A (state, summary) transition of a model fitted to (frequency, recency, age). */
static Datum
summary_fit_accum(FunctionCallInfo fcinfo, FitModel model)
{
	double		v[3];
	int32		unit;
	bool		have_row = summary_history(fcinfo, v, &unit);

	if (!have_row && !PG_ARGISNULL(0))
		unit = DatumGetFitHistogram(PG_GETARG_DATUM(0))->unit;
	return fit_accum(fcinfo, model, unit, 0.0, have_row, v);
}

/* bgnbd_fit_accum_summary(state, summary) */
Datum
bgnbd_fit_accum_summary(PG_FUNCTION_ARGS)
{
	return summary_fit_accum(fcinfo, FIT_BGNBD);
}

/* mbgnbd_fit_accum(state, frequency, recency, age) */
Datum
mbgnbd_fit_accum(PG_FUNCTION_ARGS)
{
	double		v[3];
	bool		have_row = bgnbd_history_args(fcinfo, v);

	return fit_accum(fcinfo, FIT_MBGNBD, FIT_NO_UNIT, 0.0, have_row, v);
}

/* mbgnbd_fit_accum_summary(state, summary) */
Datum
mbgnbd_fit_accum_summary(PG_FUNCTION_ARGS)
{
	return summary_fit_accum(fcinfo, FIT_MBGNBD);
}

/* pareto_nbd_fit_accum(state, frequency, recency, age) */
Datum
pareto_nbd_fit_accum(PG_FUNCTION_ARGS)
{
	double		v[3];
	bool		have_row = bgnbd_history_args(fcinfo, v);

	return fit_accum(fcinfo, FIT_PARETO_NBD, FIT_NO_UNIT, 0.0, have_row, v);
}

/* pareto_nbd_fit_accum_summary(state, summary) */
Datum
pareto_nbd_fit_accum_summary(PG_FUNCTION_ARGS)
{
	return summary_fit_accum(fcinfo, FIT_PARETO_NBD);
}

/* gg_fit_accum(state, frequency, monetary): customers without repeat purchases are skipped. */
Datum
gg_fit_accum(PG_FUNCTION_ARGS)
{
	double		v[3] = {0, 0, 0};
	bool		have_row = !PG_ARGISNULL(1) && !PG_ARGISNULL(2);

	if (have_row)
	{
		v[0] = PG_GETARG_FLOAT8(1);
		v[1] = PG_GETARG_FLOAT8(2);
		check_gg_customer(v[0], v[1]);
		have_row = v[0] > 0;
	}
	else if (!PG_ARGISNULL(1) && PG_GETARG_FLOAT8(1) == 0)
		have_row = false;		/* frequency 0: skipped whatever monetary is */
	return fit_accum(fcinfo, FIT_GAMMA_GAMMA, FIT_NO_UNIT, 0.0, have_row, v);
}

Datum
fit_histogram_combine(PG_FUNCTION_ARGS)
{
	FitHistogram *left;
	FitHistogram *right;
	Datum		either;

	if (portfolio_combine_with_null(fcinfo, &either))
		return either;
	left = DatumGetFitHistogram(PG_GETARG_DATUM(0));
	right = DatumGetFitHistogram(PG_GETARG_DATUM(1));
	check_same_settings(left, fit_histogram_kind(right), right->unit, right->penalizer);
	PG_RETURN_POINTER(fit_histogram_merge(left, right, AggCheckCallContext(fcinfo, NULL) != 0));
}

/* Order histories by their values, so that a fit does not depend on row order. */
static int
compare_histories(const void *left, const void *right)
{
	const HistogramEntry *l = left;
	const HistogramEntry *r = right;

	for (int k = 0; k < 3; k++)
		if (l->v[k] != r->v[k])
			return l->v[k] < r->v[k] ? -1 : 1;
	return 0;
}

/*
 * The histories of a state to fit, as a sorted copy (the fit may reorder
 * it); NULL if none.  Sorting makes the floating-point sums of the fit the
 * same whatever order the rows came in, serial or parallel.
 */
static HistogramEntry *
histories_to_fit(const FitHistogram *h)
{
	HistogramEntry *entries;

	if (h->count == 0)
		return NULL;
	entries = palloc(sizeof(HistogramEntry) * h->count);
	memcpy(entries, h->entries, sizeof(HistogramEntry) * h->count);
	qsort(entries, h->count, sizeof(HistogramEntry), compare_histories);
	return entries;
}

/*
 * The final function of every fitting aggregate: the model's fit over the
 * state's histories, as its result row.  Every model's row type is its
 * parameters in descriptor order, then loglik, customers, converged, the
 * unit (for a model that has one) and vcov, the covariance of the
 * parameters (NULL when there is none).  NULL for a state without
 * histories.
 */
Datum
fit_final(FunctionCallInfo fcinfo, FitModel model)
{
	const ModelKind *kind = model_kind(model);
	FitHistogram *h = DatumGetFitHistogram(PG_GETARG_DATUM(0));
	HistogramEntry *entries;
	double		params[MODEL_MAX_PARAMETERS];
	FitOutcome	outcome;
	Datum		values[MODEL_MAX_PARAMETERS + 5];
	bool		nulls[MODEL_MAX_PARAMETERS + 5] = {0};
	int			column = kind->parameters;

	check_same_model(h, kind);
	entries = histories_to_fit(h);
	if (entries == NULL)
		PG_RETURN_NULL();
	kind->fit(entries, h->count, h->penalizer, portfolio_poll_interrupts, params, &outcome);
	for (int k = 0; k < kind->parameters; k++)
		values[k] = Float8GetDatum(params[k]);
	values[column] = Float8GetDatum(outcome.loglik);
	nulls[column++] = !isfinite(outcome.loglik);
	values[column++] = Int64GetDatum(fit_histogram_customers(h));
	values[column++] = BoolGetDatum(outcome.converged);
	if (kind->has_unit)
	{
		nulls[column] = h->unit == FIT_NO_UNIT;
		if (h->unit != FIT_NO_UNIT)
			values[column] = CStringGetTextDatum(period_unit_name((PeriodUnit) h->unit));
		column++;
	}
	nulls[column] = !outcome.has_covariance;
	if (outcome.has_covariance)
		values[column] = portfolio_float8_matrix(outcome.covariance, kind->parameters,
												 kind->parameters);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  values, nulls)));
}

Datum
bgnbd_fit_final(PG_FUNCTION_ARGS)
{
	StaticAssertStmt(BGNBD_VCOV == 4 + 4, "bgnbd's row is its parameters, then the fit's columns");
	return fit_final(fcinfo, FIT_BGNBD);
}

Datum
gg_fit_final(PG_FUNCTION_ARGS)
{
	StaticAssertStmt(GG_VCOV == 3 + 3, "gamma_gamma's row is its parameters, then the fit's columns");
	return fit_final(fcinfo, FIT_GAMMA_GAMMA);
}

Datum
mbgnbd_fit_final(PG_FUNCTION_ARGS)
{
	return fit_final(fcinfo, FIT_MBGNBD);
}

Datum
pareto_nbd_fit_final(PG_FUNCTION_ARGS)
{
	return fit_final(fcinfo, FIT_PARETO_NBD);
}
