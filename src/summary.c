/*
 * summary.c
 *		The portfolio.summarize aggregate: one customer's transactions in, a
 *		portfolio.summary row out.
 *
 * The transition state keeps one entry per distinct transaction date: the
 * number of purchases (rows with a non-negative amount) and the sum of all
 * amounts of that date.  Rows are appended unsorted; when the buffer fills
 * it is sorted and same-day entries are merged, so the state grows with the
 * number of distinct dates, never with the number of rows.  Everything about
 * periods and gaps is computed at the end by summary_core.c.
 *
 * The state itself (summary_state.c) holds numeric or float8 amounts.
 */
#include "portfolio.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "fixed_decimal.h"
#include "period.h"
#include "summary.h"
#include "summary_core.h"
#include "summary_state.h"

PG_FUNCTION_INFO_V1(summarize_numeric_accum);
PG_FUNCTION_INFO_V1(summarize_numeric_accum_day);
PG_FUNCTION_INFO_V1(summarize_float8_accum);
PG_FUNCTION_INFO_V1(summarize_float8_accum_day);
PG_FUNCTION_INFO_V1(summarize_numeric_accum_period_unit);
PG_FUNCTION_INFO_V1(summarize_float8_accum_period_unit);
PG_FUNCTION_INFO_V1(summarize_combine);
PG_FUNCTION_INFO_V1(summarize_serialize);
PG_FUNCTION_INFO_V1(summarize_deserialize);
PG_FUNCTION_INFO_V1(summarize_final);

#define SUMMARY_SERIAL_VERSION 1

/* How a transition function gets its period unit (argument 4). */
typedef enum UnitArgument
{
	UNIT_DAY,					/* no unit argument: days */
	UNIT_TEXT,					/* text, parsed */
	UNIT_ENUM					/* portfolio.period_unit */
} UnitArgument;

/* The unit an enum argument names (its OIDs are looked up once per call site). */
static PeriodUnit
enum_unit(FunctionCallInfo fcinfo, Oid value)
{
	int			unit = portfolio_enum_value_index(fcinfo, value, period_unit_names, PERIOD_UNIT_COUNT);

	if (unit < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period unit must be one of: %s", period_unit_list),
				 errdetail("A value was added to the enum portfolio.period_unit."),
				 errhint("Use one of its four original values.")));
	return (PeriodUnit) unit;
}

/* ---------- argument checks ---------- */

static void
check_same_parameters(const SummaryState *state, DateADT as_of, PeriodUnit unit)
{
	if (as_of != state->as_of)
		portfolio_parameter_mismatch("as_of",
									 DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(state->as_of))),
									 DatumGetCString(DirectFunctionCall1(date_out, DateADTGetDatum(as_of))),
									 "Pass a constant as_of date, or group by it.");
	if (unit != state->unit)
		portfolio_parameter_mismatch("unit", psprintf("\"%s\"", period_unit_name(state->unit)),
									 psprintf("\"%s\"", period_unit_name(unit)),
									 "Pass a constant unit, or group by it.");
}

static bool
numeric_is_negative(Numeric value)
{
	static Datum zero = (Datum) 0;

	if (zero == (Datum) 0)
	{
		MemoryContext old = MemoryContextSwitchTo(TopMemoryContext);

		zero = NumericGetDatum(int64_to_numeric(0));
		MemoryContextSwitchTo(old);
	}
	return DatumGetInt32(DirectFunctionCall2(numeric_cmp, NumericGetDatum(value), zero)) < 0;
}

static void
check_finite_numeric(Numeric value)
{
	if (numeric_is_nan(value) || numeric_is_inf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("amount must be a finite number"),
				 errdetail("The value given was %s.",
						   DatumGetCString(DirectFunctionCall1(numeric_out, NumericGetDatum(value)))),
				 errhint("Filter out such rows or replace them before calling the function.")));
}

/*
 * A row's numeric amount, decoded to fixed point when it fits (the common
 * case, read without copying the datum) and kept as a Numeric otherwise.
 */
static AmountInput
numeric_amount_arg(FunctionCallInfo fcinfo, int argno, bool *negative)
{
	struct varlena *packed = PG_DETOAST_DATUM_PACKED(PG_GETARG_DATUM(argno));
	AmountInput in;
	int64		unscaled;
	int			scale;
	Numeric		value;

	if (fixed_from_numeric(VARDATA_ANY(packed), VARSIZE_ANY_EXHDR(packed),
						   &unscaled, &scale) == FIXED_OK)
	{
		in.form = AMOUNTS_FIXED;
		in.dscale = in.scale = (int16) scale;
		in.value.fixed = unscaled;
		*negative = unscaled < 0;
		return in;
	}
	value = PG_GETARG_NUMERIC(argno);
	check_finite_numeric(value);
	in.form = AMOUNTS_NUMERIC;
	in.dscale = in.scale = 0;	/* a Numeric carries its own display scale */
	in.value.n = value;
	*negative = numeric_is_negative(value);
	return in;
}

/* ---------- transition ---------- */

/*
 * Arguments: state, txn_date, amount, as_of [, unit as text or enum].  NULL
 * dates and amounts are skipped; NULL as_of or unit are errors, since they
 * would otherwise silently empty the result.
 */
static SummaryState *
summarize_accum(FunctionCallInfo fcinfo, bool is_numeric, UnitArgument unit_argument)
{
	MemoryContext aggcontext = portfolio_agg_context(fcinfo, "summarize");
	SummaryState *state = PG_ARGISNULL(0) ? NULL : (SummaryState *) PG_GETARG_POINTER(0);
	DateADT		as_of;
	PeriodUnit	unit = PERIOD_DAY;
	DateADT		day;
	AmountInput amount;
	bool		negative;

	portfolio_check_not_null(fcinfo, 3, "as_of");
	as_of = PG_GETARG_DATEADT(3);
	portfolio_check_finite_date(as_of, "as_of");
	if (unit_argument != UNIT_DAY)
	{
		portfolio_check_not_null(fcinfo, 4, "unit");
		unit = unit_argument == UNIT_TEXT ? portfolio_parse_unit(PG_GETARG_TEXT_PP(4))
			: enum_unit(fcinfo, PG_GETARG_OID(4));
	}
	if (state == NULL)
		state = summary_state_create(aggcontext, as_of, unit, is_numeric);
	else
		check_same_parameters(state, as_of, unit);

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return state;
	day = PG_GETARG_DATEADT(1);
	portfolio_check_finite_date(day, "txn_date");
	if (day > as_of)
		return state;

	if (is_numeric)
		amount = numeric_amount_arg(fcinfo, 2, &negative);
	else
	{
		amount.form = AMOUNTS_FLOAT8;
		amount.dscale = amount.scale = 0;
		amount.value.f = PG_GETARG_FLOAT8(2);
		portfolio_check_finite(amount.value.f, "amount");
		negative = amount.value.f < 0;
	}
	return summary_state_add(state, day, negative ? 0 : 1, &amount);
}

Datum
summarize_numeric_accum(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(summarize_accum(fcinfo, true, UNIT_TEXT));
}

Datum
summarize_numeric_accum_day(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(summarize_accum(fcinfo, true, UNIT_DAY));
}

Datum
summarize_float8_accum(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(summarize_accum(fcinfo, false, UNIT_TEXT));
}

Datum
summarize_float8_accum_day(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(summarize_accum(fcinfo, false, UNIT_DAY));
}

Datum
summarize_numeric_accum_period_unit(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(summarize_accum(fcinfo, true, UNIT_ENUM));
}

Datum
summarize_float8_accum_period_unit(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(summarize_accum(fcinfo, false, UNIT_ENUM));
}

/* ---------- combine, serialize, deserialize ---------- */

Datum
summarize_combine(PG_FUNCTION_ARGS)
{
	MemoryContext aggcontext = portfolio_agg_context(fcinfo, "summarize_combine");
	SummaryState *left = PG_ARGISNULL(0) ? NULL : (SummaryState *) PG_GETARG_POINTER(0);
	SummaryState *right = PG_ARGISNULL(1) ? NULL : (SummaryState *) PG_GETARG_POINTER(1);
	bool		right_numeric;

	if (right == NULL)
		PG_RETURN_POINTER(left);	/* NULL or not */
	right_numeric = right->form != AMOUNTS_FLOAT8;
	if (left == NULL)
		left = summary_state_create(aggcontext, right->as_of, right->unit, right_numeric);
	else
		check_same_parameters(left, right->as_of, right->unit);
	if ((left->form != AMOUNTS_FLOAT8) != right_numeric)
		elog(ERROR, "summarize_combine: numeric and float8 states cannot be combined");

	/* The right state is not ours: merging copies what it needs. */
	PG_RETURN_POINTER(summary_state_merge(left, right));
}

static void
serialize_amount(StringInfo buf, const SummaryState *state, const DayTotal *e)
{
	bytea	   *bin;

	switch (state->form)
	{
		case AMOUNTS_FLOAT8:
			pq_sendfloat8(buf, e->amount.f);
			break;
		case AMOUNTS_FIXED:
			pq_sendint64(buf, e->amount.fixed);
			break;
		case AMOUNTS_NUMERIC:
			bin = DatumGetByteaPP(DirectFunctionCall1(numeric_send, NumericGetDatum(e->amount.n)));
			pq_sendint32(buf, VARSIZE_ANY_EXHDR(bin));
			pq_sendbytes(buf, VARDATA_ANY(bin), VARSIZE_ANY_EXHDR(bin));
			break;
	}
}

/*
 * Layout: version, as_of, unit, amount form, scale, entry count; then per
 * entry day, display scale, purchases and the amount in the state's form.
 */
Datum
summarize_serialize(PG_FUNCTION_ARGS)
{
	SummaryState *state = (SummaryState *) PG_GETARG_POINTER(0);
	StringInfoData buf;

	portfolio_agg_context(fcinfo, "summarize_serialize");
	summary_state_collapse(state);
	pq_begintypsend(&buf);
	pq_sendint8(&buf, SUMMARY_SERIAL_VERSION);
	pq_sendint32(&buf, state->as_of);
	pq_sendint8(&buf, (int8) state->unit);
	pq_sendint8(&buf, (int8) state->form);
	pq_sendint8(&buf, (int8) state->scale);
	pq_sendint32(&buf, state->count);
	for (int32 i = 0; i < state->count; i++)
	{
		DayTotal   *e = &state->entries[i];

		pq_sendint32(&buf, e->day);
		pq_sendint16(&buf, e->dscale);
		pq_sendint64(&buf, e->purchases);
		serialize_amount(&buf, state, e);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

static void
deserialize_error(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid serialized summarize state"),
			 errdetail("%s", detail)));
}

static Numeric
deserialize_numeric(StringInfo buf)
{
	int32		len = pq_getmsgint(buf, 4);
	StringInfoData part;

	if (len < 0 || len > buf->len - buf->cursor)
		deserialize_error("A numeric amount has an impossible length.");
	portfolio_read_buffer(&part, (char *) pq_getmsgbytes(buf, len), len);
	return DatumGetNumeric(DirectFunctionCall3(numeric_recv, PointerGetDatum(&part),
											   ObjectIdGetDatum(InvalidOid),
											   Int32GetDatum(-1)));
}

static AmountInput
deserialize_amount(StringInfo buf, AmountForm form, int scale, int16 dscale)
{
	AmountInput in;

	in.form = form;
	in.dscale = dscale;
	in.scale = (int16) scale;
	if (form == AMOUNTS_FLOAT8)
		in.value.f = pq_getmsgfloat8(buf);
	else if (form == AMOUNTS_FIXED)
		in.value.fixed = pq_getmsgint64(buf);
	else
		in.value.n = deserialize_numeric(buf);
	return in;
}

/* The transition functions reject NaN and Infinity: so must a state. */
static bool
amount_is_finite(const AmountInput *in)
{
	if (in->form == AMOUNTS_FLOAT8)
		return isfinite(in->value.f);
	if (in->form == AMOUNTS_NUMERIC)
		return !numeric_is_nan(in->value.n) && !numeric_is_inf(in->value.n);
	return true;
}

Datum
summarize_deserialize(PG_FUNCTION_ARGS)
{
	bytea	   *bin = PG_GETARG_BYTEA_PP(0);
	StringInfoData buf;
	SummaryState *state;
	DateADT		as_of;
	int			unit;
	int			form;
	int			scale;
	int32		count;

	portfolio_agg_context(fcinfo, "summarize_deserialize");
	portfolio_read_buffer(&buf, VARDATA_ANY(bin), VARSIZE_ANY_EXHDR(bin));
	if (pq_getmsgbyte(&buf) != SUMMARY_SERIAL_VERSION)
		deserialize_error("The format version is not supported.");
	as_of = pq_getmsgint(&buf, 4);
	unit = pq_getmsgbyte(&buf);
	form = pq_getmsgbyte(&buf);
	scale = pq_getmsgbyte(&buf);
	count = pq_getmsgint(&buf, 4);
	if (DATE_NOT_FINITE(as_of) || unit < 0 || unit >= PERIOD_UNIT_COUNT ||
		form < AMOUNTS_FLOAT8 || form > AMOUNTS_NUMERIC ||
		scale < 0 || scale > FIXED_MAX_SCALE || count < 0)
		deserialize_error("The header holds an impossible value.");

	state = summary_state_create(CurrentMemoryContext, as_of, (PeriodUnit) unit,
								 form != AMOUNTS_FLOAT8);
	for (int32 i = 0; i < count; i++)
	{
		DateADT		day = pq_getmsgint(&buf, 4);
		int16		dscale = pq_getmsgint(&buf, 2);
		int64		purchases = pq_getmsgint64(&buf);
		AmountInput amount = deserialize_amount(&buf, form, scale, dscale);

		if (DATE_NOT_FINITE(day) || day > as_of || purchases < 0 ||
			purchases > DAY_MAX_PURCHASES ||
			dscale < 0 || (form == AMOUNTS_FIXED && dscale > scale) ||
			!amount_is_finite(&amount))
			deserialize_error("An entry holds an impossible value.");
		state = summary_state_add(state, day, (int32) purchases, &amount);
	}
	pq_getmsgend(&buf);
	PG_RETURN_POINTER(state);
}

/* ---------- final ---------- */

typedef struct AmountTotals
{
	Datum		total;			/* all purchase periods */
	Datum		repeat;			/* purchase periods after the first */
} AmountTotals;

/*
 * Sum the amounts by period over the collapsed entries.  A period counts only
 * if it has a purchase: returns in a period without purchases are dropped.
 */
static void
period_totals(const SummaryState *state, AmountTotals *out)
{
	AmountSum	total;
	AmountSum	repeat;
	AmountSum	period_sum;
	bool		period_has_purchase = false;
	bool		seen_first = false;
	int64		period = 0;

	amount_sum_init(state, &total);
	amount_sum_init(state, &repeat);
	amount_sum_init(state, &period_sum);
	for (int32 i = 0; i <= state->count; i++)
	{
		bool		at_end = (i == state->count);
		const DayTotal *e = at_end ? NULL : &state->entries[i];
		int64		p = at_end ? 0 : period_index(e->day, state->unit);

		if (i > 0 && (at_end || p != period))
		{
			if (period_has_purchase)
			{
				amount_sum_add(state, &total, &period_sum);
				if (seen_first)
					amount_sum_add(state, &repeat, &period_sum);
				seen_first = true;
			}
			amount_sum_init(state, &period_sum);
			period_has_purchase = false;
		}
		if (at_end)
			break;
		period = p;
		amount_sum_add_entry(state, &period_sum, e);
		period_has_purchase |= e->purchases > 0;
	}
	out->total = NumericGetDatum(amount_sum_numeric(state, &total));
	out->repeat = NumericGetDatum(amount_sum_numeric(state, &repeat));
}

static Datum
numeric_divide_by(Datum dividend, int64 divisor)
{
	return NumericGetDatum(numeric_div_opt_error(DatumGetNumeric(dividend),
												 int64_to_numeric(divisor), NULL));
}

static void
fill_amount_columns(const SummaryState *state, int64 transactions, int32 frequency,
					Datum *values)
{
	AmountTotals totals;

	period_totals(state, &totals);
	values[COL_TOTAL_AMOUNT] = totals.total;
	values[COL_AVG_AMOUNT] = numeric_divide_by(totals.total, transactions);
	if (frequency == 0)
		values[COL_MONETARY] = NumericGetDatum(int64_to_numeric(0));
	else
		values[COL_MONETARY] = numeric_divide_by(totals.repeat, frequency);
}

static void
fill_date_columns(const SummaryDates *d, Datum *values, bool *nulls)
{
	values[COL_FIRST_DATE] = DateADTGetDatum(d->first_day);
	values[COL_LAST_DATE] = DateADTGetDatum(d->last_day);
	values[COL_PERIODS] = Int32GetDatum(d->periods);
	values[COL_FREQUENCY] = Int32GetDatum(d->frequency);
	values[COL_RECENCY] = Float8GetDatum(d->recency);
	values[COL_AGE] = Float8GetDatum(d->age);
	values[COL_DAYS_SINCE_LAST] = Int32GetDatum(d->days_since_last);
	values[COL_MEAN_GAP] = Float8GetDatum(d->mean_gap);
	values[COL_MAX_GAP] = Int32GetDatum(d->max_gap);
	values[COL_LAST_GAP] = Int32GetDatum(d->last_gap);
	nulls[COL_MEAN_GAP] = nulls[COL_MAX_GAP] = nulls[COL_LAST_GAP] = !d->has_gaps;
	values[COL_GAP_STDDEV] = Float8GetDatum(d->gap_stddev);
	nulls[COL_GAP_STDDEV] = !d->has_gap_stddev;
}

Datum
summarize_final(PG_FUNCTION_ARGS)
{
	SummaryState *state = PG_ARGISNULL(0) ? NULL : (SummaryState *) PG_GETARG_POINTER(0);
	Datum		values[SUMMARY_COLUMNS];
	bool		nulls[SUMMARY_COLUMNS] = {false};
	int32	   *days;
	int32		ndays = 0;
	int64		transactions = 0;
	SummaryDates dates;

	if (state == NULL)
		PG_RETURN_NULL();
	summary_state_collapse(state);

	/* The distinct purchase days; a busy day may span two entries. */
	days = palloc(sizeof(int32) * Max(state->count, 1));
	for (int32 i = 0; i < state->count; i++)
	{
		const DayTotal *e = &state->entries[i];

		if (e->purchases == 0)
			continue;
		transactions += e->purchases;
		if (ndays == 0 || days[ndays - 1] != e->day)
			days[ndays++] = e->day;
	}
	if (ndays == 0)
		PG_RETURN_NULL();

	summary_dates(days, ndays, state->as_of, state->unit, &dates);
	fill_date_columns(&dates, values, nulls);
	values[COL_TRANSACTIONS] = Int64GetDatum(transactions);
	fill_amount_columns(state, transactions, dates.frequency, values);
	values[COL_UNIT] = CStringGetTextDatum(period_unit_name(state->unit));

	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  values, nulls)));
}
