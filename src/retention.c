/*
 * retention.c
 *		The cohort_matrix and period_retention aggregates over customers'
 *		activity, and the functions that turn their results into rows.
 *
 * Both states are concrete types (retention_core.h), so that distributed
 * engines can ship partial states as text.  Inside an aggregate a state is
 * updated in place, as core's float8_accum does; it keeps spare rows
 * (capacity) so that it rarely moves.  Called directly, the functions never
 * modify their input.
 */
#include "postgres.h"

#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/numeric.h"

#include "period.h"
#include "portfolio.h"
#include "retention.h"

PG_FUNCTION_INFO_V1(cohort_matrix_accum);
PG_FUNCTION_INFO_V1(cohort_matrix_combine);
PG_FUNCTION_INFO_V1(cohort_matrix_final);
PG_FUNCTION_INFO_V1(period_retention_accum);
PG_FUNCTION_INFO_V1(period_retention_combine);
PG_FUNCTION_INFO_V1(period_retention_final);
PG_FUNCTION_INFO_V1(cohort_retention_rows);
PG_FUNCTION_INFO_V1(retention_by_period_rows);

/* ---------- shared helpers ---------- */

void
retention_overflow_error(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("revenue total out of range"),
			 errdetail("Revenue totals are exact with at most %d digits.", FIXED128_MAX_SCALE),
			 errhint("Round the amounts to fewer decimals.")));
}

Numeric
numeric_from_fixed128(fixed128 unscaled, int scale)
{
	char		text[FIXED128_TEXT_SIZE];

	fixed128_format(unscaled, scale, text);
	return DatumGetNumeric(DirectFunctionCall3(numeric_in, CStringGetDatum(text),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

static void
check_size(uint64 bytes, const char *what)
{
	if (bytes > MaxAllocSize)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("%s is too large", what),
				 errdetail("It would take %llu bytes; a value holds at most %zu.",
						   (unsigned long long) bytes, (size_t) MaxAllocSize),
				 errhint("Use a longer period unit, or a later first date.")));
}

CohortMatrix *
cohort_matrix_alloc(uint8 unit, DateADT as_of, int32 capacity)
{
	uint64		bytes = cohort_matrix_bytes(capacity);
	CohortMatrix *m;

	check_size(bytes, "cohort matrix");
	m = palloc(bytes);
	SET_VARSIZE(m, bytes);
	cohort_matrix_init(m, unit, as_of, (int32) period_index(as_of, unit), capacity);
	return m;
}

PeriodRetention *
period_retention_alloc(uint8 unit, DateADT as_of, int32 capacity)
{
	uint64		bytes = period_retention_bytes(capacity);
	PeriodRetention *r;

	check_size(bytes, "period retention");
	r = palloc(bytes);
	SET_VARSIZE(r, bytes);
	period_retention_init(r, unit, as_of, (int32) period_index(as_of, unit), capacity);
	return r;
}

/* Capacity when rows are needed: twice the current one, within the limit. */
static int32
grown_capacity(int32 capacity, int32 rows, uint64 (*bytes) (int64))
{
	int64		doubled = Max((int64) rows, 2 * (int64) capacity);

	return (doubled <= PG_INT32_MAX && bytes(doubled) <= MaxAllocSize) ? (int32) doubled : rows;
}

static void
check_same_setting(uint8 unit, DateADT as_of, uint8 other_unit, DateADT other_as_of)
{
	if (unit != other_unit || as_of != other_as_of)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("activities with different units or as_of dates cannot be combined"),
				 errdetail("Found %s as of %s and %s as of %s.",
						   period_unit_name(unit), portfolio_date_text(as_of),
						   period_unit_name(other_unit), portfolio_date_text(other_as_of)),
				 errhint("Compute every activity of the group with the same unit and as_of.")));
}

static const Activity *
activity_arg(FunctionCallInfo fcinfo, int argno)
{
	const Activity *a = DatumGetActivity(PG_GETARG_DATUM(argno));

	if (VARSIZE(a) != activity_bytes(a->count) || !activity_is_valid(a))
		ereport(ERROR,
				(errcode(ERRCODE_DATA_CORRUPTED),
				 errmsg("malformed portfolio.activity value")));
	return a;
}

/* ---------- cohort_matrix ---------- */

/*
 * A matrix with the given rows in use: the given one when it may be changed
 * in place and has room, else a bigger copy in the current context (the
 * aggregate machinery copies a new state into its own context and frees the
 * old one).
 */
static CohortMatrix *
cohort_with_rows(CohortMatrix *m, int32 rows, bool in_place)
{
	CohortMatrix *bigger;

	if (!in_place || rows > m->capacity)
	{
		bigger = cohort_matrix_alloc(m->unit, m->as_of,
									 grown_capacity(m->capacity, Max(rows, m->ncohorts),
													cohort_matrix_bytes));
		cohort_matrix_copy_rows(bigger, m);
		m = bigger;
	}
	cohort_matrix_use_rows(m, rows);
	return m;
}

static void
cohort_at_scale(CohortMatrix *m, int scale)
{
	if (scale > m->scale && !cohort_matrix_rescale(m, scale))
		retention_overflow_error();
}

/* cohort_matrix_accum(state, activity) */
Datum
cohort_matrix_accum(PG_FUNCTION_ARGS)
{
	const Activity *a;
	CohortMatrix *m;
	int32		rows;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = activity_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
	{
		m = cohort_matrix_alloc(a->unit, a->as_of, 0);
		m = cohort_with_rows(m, activity_rows_needed(a, m->last_period), true);
	}
	else
	{
		m = DatumGetCohortMatrix(PG_GETARG_DATUM(0));
		check_same_setting(m->unit, m->as_of, a->unit, a->as_of);
		rows = activity_rows_needed(a, m->last_period);
		m = cohort_with_rows(m, rows, AggCheckCallContext(fcinfo, NULL) != 0);
	}
	cohort_at_scale(m, a->scale);
	if (!cohort_matrix_add(m, a))
		retention_overflow_error();
	PG_RETURN_POINTER(m);
}

Datum
cohort_matrix_combine(PG_FUNCTION_ARGS)
{
	CohortMatrix *left;
	const CohortMatrix *right;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	right = DatumGetCohortMatrix(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(right);	/* the machinery copies it */
	left = DatumGetCohortMatrix(PG_GETARG_DATUM(0));
	check_same_setting(left->unit, left->as_of, right->unit, right->as_of);
	left = cohort_with_rows(left, right->ncohorts, AggCheckCallContext(fcinfo, NULL) != 0);
	cohort_at_scale(left, right->scale);
	if (!cohort_matrix_merge(left, right))
		retention_overflow_error();
	PG_RETURN_POINTER(left);
}

/* The result without the spare rows the aggregate kept. */
Datum
cohort_matrix_final(PG_FUNCTION_ARGS)
{
	CohortMatrix *m = DatumGetCohortMatrix(PG_GETARG_DATUM(0));
	CohortMatrix *exact;

	if (m->capacity == m->ncohorts)
		PG_RETURN_POINTER(m);
	exact = cohort_matrix_alloc(m->unit, m->as_of, m->ncohorts);
	cohort_matrix_copy_rows(exact, m);
	PG_RETURN_POINTER(exact);
}

/* ---------- period_retention ---------- */

static PeriodRetention *
figures_with_rows(PeriodRetention *r, int32 rows, bool in_place)
{
	PeriodRetention *bigger;

	if (!in_place || rows > r->capacity)
	{
		bigger = period_retention_alloc(r->unit, r->as_of,
										grown_capacity(r->capacity, Max(rows, r->nperiods),
													   period_retention_bytes));
		period_retention_copy_rows(bigger, r);
		r = bigger;
	}
	period_retention_use_rows(r, rows);
	return r;
}

static void
figures_at_scale(PeriodRetention *r, int scale)
{
	if (scale > r->scale && !period_retention_rescale(r, scale))
		retention_overflow_error();
}

/* period_retention_accum(state, activity) */
Datum
period_retention_accum(PG_FUNCTION_ARGS)
{
	const Activity *a;
	PeriodRetention *r;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = activity_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
	{
		r = period_retention_alloc(a->unit, a->as_of, 0);
		r = figures_with_rows(r, activity_rows_needed(a, r->last_period), true);
	}
	else
	{
		r = DatumGetPeriodRetention(PG_GETARG_DATUM(0));
		check_same_setting(r->unit, r->as_of, a->unit, a->as_of);
		r = figures_with_rows(r, activity_rows_needed(a, r->last_period),
							  AggCheckCallContext(fcinfo, NULL) != 0);
	}
	figures_at_scale(r, a->scale);
	if (!period_retention_add(r, a))
		retention_overflow_error();
	PG_RETURN_POINTER(r);
}

Datum
period_retention_combine(PG_FUNCTION_ARGS)
{
	PeriodRetention *left;
	const PeriodRetention *right;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	right = DatumGetPeriodRetention(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(right);	/* the machinery copies it */
	left = DatumGetPeriodRetention(PG_GETARG_DATUM(0));
	check_same_setting(left->unit, left->as_of, right->unit, right->as_of);
	left = figures_with_rows(left, right->nperiods, AggCheckCallContext(fcinfo, NULL) != 0);
	figures_at_scale(left, right->scale);
	if (!period_retention_merge(left, right))
		retention_overflow_error();
	PG_RETURN_POINTER(left);
}

Datum
period_retention_final(PG_FUNCTION_ARGS)
{
	PeriodRetention *r = DatumGetPeriodRetention(PG_GETARG_DATUM(0));
	PeriodRetention *exact;

	if (r->capacity == r->nperiods)
		PG_RETURN_POINTER(r);
	exact = period_retention_alloc(r->unit, r->as_of, r->nperiods);
	period_retention_copy_rows(exact, r);
	PG_RETURN_POINTER(exact);
}

/* ---------- rows ---------- */

/*
 * cohort_retention(cohort_matrix): one row per cohort with members and
 * period offset 0 .. as_of's period, oldest cohort first:
 * (cohort, period, cohort_size, active, retention, revenue).
 */
Datum
cohort_retention_rows(PG_FUNCTION_ARGS)
{
	const CohortMatrix *m = DatumGetCohortMatrix(PG_GETARG_DATUM(0));
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;

	InitMaterializedSRF(fcinfo, 0);
	for (int32 d = m->ncohorts - 1; d >= 0; d--)
	{
		int64		size = cohort_size_const(m, d);
		DateADT		cohort;

		if (size == 0)
			continue;
		cohort = portfolio_period_start(m->last_period - d, m->unit);
		for (int32 k = 0; k <= d; k++)
		{
			const CohortCell *cell = cohort_cell_const(m, d, k);
			Datum		values[6];
			bool		nulls[6] = {false};

			values[0] = DateADTGetDatum(cohort);
			values[1] = Int32GetDatum(k);
			values[2] = Int64GetDatum(size);
			values[3] = Int64GetDatum(cell->active);
			values[4] = Float8GetDatum((float8) cell->active / (float8) size);
			values[5] = NumericGetDatum(numeric_from_fixed128(cell->revenue, m->scale));
			tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
		}
	}
	return (Datum) 0;
}

/* numerator / denominator as float8; NULL (false) when the denominator is 0. */
static bool
ratio(fixed128 numerator, fixed128 denominator, Datum *result)
{
	if (denominator == 0)
		return false;
	*result = Float8GetDatum((float8) numerator / (float8) denominator);
	return true;
}

enum
{
	RBP_PERIOD_START, RBP_CUSTOMERS_START, RBP_NEW, RBP_CUSTOMERS_END, RBP_RETAINED,
	RBP_RETENTION_RATE, RBP_CHURN_RATE, RBP_CRR, RBP_REVENUE, RBP_NRR, RBP_GRR,
	RBP_COLUMNS
};

/* One row of retention_by_period: period now, figures of the period before. */
static void
retention_row(const PeriodRetention *r, int32 d, const PeriodFigures *before,
			  Datum *values, bool *nulls)
{
	const PeriodFigures *now = &r->figures[d];
	int64		start = before ? before->active : 0;

	values[RBP_PERIOD_START] = DateADTGetDatum(portfolio_period_start(r->last_period - d,
																	  r->unit));
	values[RBP_CUSTOMERS_START] = Int64GetDatum(start);
	values[RBP_NEW] = Int64GetDatum(now->new_customers);
	values[RBP_CUSTOMERS_END] = Int64GetDatum(now->active);
	values[RBP_RETAINED] = Int64GetDatum(now->retained);
	values[RBP_REVENUE] = NumericGetDatum(numeric_from_fixed128(now->revenue, r->scale));
	if (start == 0)
	{
		/* No customer to retain: every rate is undefined. */
		for (int c = RBP_RETENTION_RATE; c < RBP_COLUMNS; c++)
			nulls[c] = (c != RBP_REVENUE);
		return;
	}
	values[RBP_RETENTION_RATE] = Float8GetDatum((float8) now->retained / start);
	values[RBP_CHURN_RATE] = Float8GetDatum(1.0 - (float8) now->retained / start);
	values[RBP_CRR] = Float8GetDatum((float8) (now->active - now->new_customers) / start);
	nulls[RBP_NRR] = !ratio(now->retained_revenue, before->revenue, &values[RBP_NRR]);
	nulls[RBP_GRR] = !ratio(now->gross_retained, before->revenue, &values[RBP_GRR]);
}

/*
 * retention_by_period(period_retention): one row per period from the first
 * with an active customer to as_of's period.
 */
Datum
retention_by_period_rows(PG_FUNCTION_ARGS)
{
	const PeriodRetention *r = DatumGetPeriodRetention(PG_GETARG_DATUM(0));
	ReturnSetInfo *rsinfo = (ReturnSetInfo *) fcinfo->resultinfo;
	int32		first = r->nperiods - 1;

	InitMaterializedSRF(fcinfo, 0);
	while (first >= 0 && r->figures[first].active == 0)
		first--;
	for (int32 d = first; d >= 0; d--)
	{
		Datum		values[RBP_COLUMNS];
		bool		nulls[RBP_COLUMNS] = {false};

		retention_row(r, d, d == first ? NULL : &r->figures[d + 1], values, nulls);
		tuplestore_putvalues(rsinfo->setResult, rsinfo->setDesc, values, nulls);
	}
	return (Datum) 0;
}
