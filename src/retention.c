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

/* Adapters from the generic header to the typed functions of the core. */
static bool
cohort_rescale(RetentionHeader *h, int scale)
{
	return cohort_matrix_rescale((CohortMatrix *) h, scale);
}

static RetentionResult
cohort_add(RetentionHeader *h, const Activity *a)
{
	return cohort_matrix_add((CohortMatrix *) h, a);
}

static RetentionResult
cohort_merge(RetentionHeader *h, const RetentionHeader *other)
{
	return cohort_matrix_merge((CohortMatrix *) h, (const CohortMatrix *) other);
}

static bool
figures_rescale(RetentionHeader *h, int scale)
{
	return period_retention_rescale((PeriodRetention *) h, scale);
}

static RetentionResult
figures_add(RetentionHeader *h, const Activity *a)
{
	return period_retention_add((PeriodRetention *) h, a);
}

static RetentionResult
figures_merge(RetentionHeader *h, const RetentionHeader *other)
{
	return period_retention_merge((PeriodRetention *) h, (const PeriodRetention *) other);
}

const RetentionKind cohort_matrix_kind = {
	"cohort matrix", cohort_matrix_bytes, cohort_rescale, cohort_add, cohort_merge
};

const RetentionKind period_retention_kind = {
	"period retention", period_retention_bytes, figures_rescale, figures_add, figures_merge
};

RetentionHeader *
retention_alloc(const RetentionKind *kind, uint8 unit, DateADT as_of, int32 capacity)
{
	uint64		bytes = kind->bytes(capacity);
	RetentionHeader *h;

	check_size(bytes, kind->name);
	h = palloc(bytes);
	SET_VARSIZE(h, bytes);
	retention_init(h, bytes, unit, as_of, (int32) period_index(as_of, unit), capacity);
	return h;
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

/* ---------- the two aggregates ---------- */

/*
 * A state with the given rows in use: the given one when it may be changed
 * in place and has room, else a bigger copy in the current context (the
 * aggregate machinery copies a new state into its own context and frees the
 * old one).
 */
static RetentionHeader *
state_with_rows(const RetentionKind *kind, RetentionHeader *h, int32 rows, bool in_place)
{
	RetentionHeader *bigger;

	if (!in_place || rows > h->capacity)
	{
		bigger = retention_alloc(kind, h->unit, h->as_of,
								 grown_capacity(h->capacity, Max(rows, h->rows), kind->bytes));
		retention_copy_rows(bigger, h, kind->bytes(h->rows));
		h = bigger;
	}
	retention_use_rows(h, rows);
	return h;
}

/* 22003 when adding or merging overflowed. */
static void
check_result(RetentionResult result)
{
	if (result == RETENTION_REVENUE_OVERFLOW)
		retention_overflow_error();
	if (result == RETENTION_COUNT_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("customer count out of range"),
				 errdetail("A count would exceed the bigint range."),
				 errhint("Only values typed in by hand hold such counts; check where they came from.")));
}

static void
state_at_scale(const RetentionKind *kind, RetentionHeader *h, int scale)
{
	if (scale > h->scale && !kind->rescale(h, scale))
		retention_overflow_error();
}

/* Transition: state, activity. */
static Datum
retention_accum(FunctionCallInfo fcinfo, const RetentionKind *kind)
{
	const Activity *a;
	RetentionHeader *h;
	bool		in_place = true;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	a = activity_arg(fcinfo, 1);
	if (PG_ARGISNULL(0))
		h = retention_alloc(kind, a->unit, a->as_of, 0);
	else
	{
		h = DatumGetRetentionHeader(PG_GETARG_DATUM(0));
		check_same_setting(h->unit, h->as_of, a->unit, a->as_of);
		in_place = AggCheckCallContext(fcinfo, NULL) != 0;
	}
	h = state_with_rows(kind, h, activity_rows_needed(a, h->last_period), in_place);
	state_at_scale(kind, h, a->scale);
	check_result(kind->add(h, a));
	PG_RETURN_POINTER(h);
}

static Datum
retention_combine(FunctionCallInfo fcinfo, const RetentionKind *kind)
{
	RetentionHeader *left;
	const RetentionHeader *right;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	right = DatumGetRetentionHeader(PG_GETARG_DATUM(1));
	if (PG_ARGISNULL(0))
		PG_RETURN_POINTER(right);	/* the machinery copies it */
	left = DatumGetRetentionHeader(PG_GETARG_DATUM(0));
	check_same_setting(left->unit, left->as_of, right->unit, right->as_of);
	left = state_with_rows(kind, left, right->rows, AggCheckCallContext(fcinfo, NULL) != 0);
	state_at_scale(kind, left, right->scale);
	check_result(kind->merge(left, right));
	PG_RETURN_POINTER(left);
}

/* The result without the spare rows the aggregate kept. */
static Datum
retention_final(FunctionCallInfo fcinfo, const RetentionKind *kind)
{
	RetentionHeader *h = DatumGetRetentionHeader(PG_GETARG_DATUM(0));
	RetentionHeader *exact;

	if (h->capacity == h->rows)
		PG_RETURN_POINTER(h);
	exact = retention_alloc(kind, h->unit, h->as_of, h->rows);
	retention_copy_rows(exact, h, kind->bytes(h->rows));
	PG_RETURN_POINTER(exact);
}

Datum
cohort_matrix_accum(PG_FUNCTION_ARGS)
{
	return retention_accum(fcinfo, &cohort_matrix_kind);
}

Datum
cohort_matrix_combine(PG_FUNCTION_ARGS)
{
	return retention_combine(fcinfo, &cohort_matrix_kind);
}

Datum
cohort_matrix_final(PG_FUNCTION_ARGS)
{
	return retention_final(fcinfo, &cohort_matrix_kind);
}

Datum
period_retention_accum(PG_FUNCTION_ARGS)
{
	return retention_accum(fcinfo, &period_retention_kind);
}

Datum
period_retention_combine(PG_FUNCTION_ARGS)
{
	return retention_combine(fcinfo, &period_retention_kind);
}

Datum
period_retention_final(PG_FUNCTION_ARGS)
{
	return retention_final(fcinfo, &period_retention_kind);
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
	for (int32 d = m->h.rows - 1; d >= 0; d--)
	{
		int64		size = cohort_size_const(m, d);
		DateADT		cohort;

		if (size == 0)
			continue;
		cohort = portfolio_period_start(m->h.last_period - d, m->h.unit);
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
			values[5] = NumericGetDatum(numeric_from_fixed128(cell->revenue, m->h.scale));
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

	values[RBP_PERIOD_START] = DateADTGetDatum(portfolio_period_start(r->h.last_period - d,
																	  r->h.unit));
	values[RBP_CUSTOMERS_START] = Int64GetDatum(start);
	values[RBP_NEW] = Int64GetDatum(now->new_customers);
	values[RBP_CUSTOMERS_END] = Int64GetDatum(now->active);
	values[RBP_RETAINED] = Int64GetDatum(now->retained);
	values[RBP_REVENUE] = NumericGetDatum(numeric_from_fixed128(now->revenue, r->h.scale));
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
	int32		first = r->h.rows - 1;

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
