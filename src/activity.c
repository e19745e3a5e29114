/*
 * activity.c
 *		The portfolio.activity aggregate's final function, and
 *		portfolio.period_start.
 *
 * activity shares summarize's transition state (summary_state.c): one entry
 * per distinct date with its purchases and the exact sum of its amounts.  Its
 * final function groups those days into periods with the rule summarize uses
 * for amounts: a period is a purchase period when it has a purchase, its
 * revenue is every amount dated in it, and returns in a period without a
 * purchase are dropped.
 */
#include "postgres.h"

#include "utils/builtins.h"
#include "utils/date.h"
#include "utils/numeric.h"

#include "fixed_decimal.h"
#include "period.h"
#include "portfolio.h"
#include "retention.h"
#include "summary_state.h"

PG_FUNCTION_INFO_V1(activity_final);
PG_FUNCTION_INFO_V1(period_start);

/* An entry's amount in 128-bit fixed point, at its own scale. */
static fixed128
entry_amount(const SummaryState *state, const DayTotal *entry, int *scale)
{
	AmountInput in = summary_entry_amount(state, entry);
	fixed128	value;

	if (in.form == AMOUNTS_FIXED)
	{
		*scale = in.scale;
		return in.value.fixed;
	}
	Assert(in.form == AMOUNTS_NUMERIC);
	if (fixed128_from_numeric(VARDATA_ANY(in.value.n), VARSIZE_ANY_EXHDR(in.value.n),
							  &value, scale) != FIXED_OK)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("amount %s has too many digits for an exact revenue total",
						DatumGetCString(DirectFunctionCall1(numeric_out,
															NumericGetDatum(in.value.n)))),
				 errdetail("Revenues are summed exactly with at most %d digits, %d of them decimals.",
						   FIXED128_MAX_SCALE, FIXED128_MAX_SCALE),
				 errhint("Round the amounts, for example with round(amount, 2).")));
	return value;
}

/* Close the period being summed: keep it if it has a purchase. */
static void
close_period(Activity *a, int32 period, fixed128 revenue, bool has_purchase)
{
	if (!has_purchase)
		return;
	a->periods[a->count].period = period;
	a->periods[a->count].revenue = revenue;
	a->count++;
}

Datum
activity_final(PG_FUNCTION_ARGS)
{
	SummaryState *state = PG_ARGISNULL(0) ? NULL : (SummaryState *) PG_GETARG_POINTER(0);
	fixed128   *amounts;
	int		   *scales;
	int			scale = 0;
	Activity   *a;
	int32		period = 0;
	fixed128	revenue = 0;
	bool		has_purchase = false;

	if (state == NULL || state->count == 0)
		PG_RETURN_NULL();
	summary_state_collapse(state);

	/* Decode every day's amount, then bring them to the largest scale. */
	amounts = palloc(sizeof(fixed128) * state->count);
	scales = palloc(sizeof(int) * state->count);
	for (int32 i = 0; i < state->count; i++)
	{
		amounts[i] = entry_amount(state, &state->entries[i], &scales[i]);
		scale = Max(scale, scales[i]);
	}

	a = palloc0(activity_bytes(state->count));
	a->unit = state->unit;
	a->scale = (uint8) scale;
	a->as_of = state->as_of;
	for (int32 i = 0; i < state->count; i++)
	{
		const DayTotal *e = &state->entries[i];
		int32		p = (int32) period_index(e->day, state->unit);
		fixed128	amount;

		if (i > 0 && p != period)
		{
			close_period(a, period, revenue, has_purchase);
			revenue = 0;
			has_purchase = false;
		}
		period = p;
		if (!fixed128_rescale(amounts[i], scales[i], scale, &amount) ||
			!fixed128_add(revenue, amount, &revenue))
			retention_overflow_error();
		has_purchase |= e->purchases > 0;
	}
	close_period(a, period, revenue, has_purchase);
	if (a->count == 0)
		PG_RETURN_NULL();			/* only returns */
	SET_VARSIZE(a, activity_bytes(a->count));
	PG_RETURN_POINTER(a);
}

/* period_start(day, unit): the first day of the day's period; infinities stay. */
Datum
period_start(PG_FUNCTION_ARGS)
{
	DateADT		day = PG_GETARG_DATEADT(0);
	PeriodUnit	unit = portfolio_parse_unit(PG_GETARG_TEXT_PP(1));

	if (DATE_NOT_FINITE(day))
		PG_RETURN_DATEADT(day);
	PG_RETURN_DATEADT(portfolio_period_start(period_index(day, unit), unit));
}
