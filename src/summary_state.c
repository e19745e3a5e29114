/*
 * summary_state.c
 *		The transition state of portfolio.summarize: one entry per distinct
 *		transaction date, appended unsorted and merged when the buffer fills.
 *
 * Every Numeric referenced by a state is owned by it and lives in the
 * state's memory context; amounts taken from elsewhere are copied in with
 * summary_amount_copy.
 */
#include "postgres.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/memutils.h"

#include "summary_state.h"

#define SUMMARY_INITIAL_CAPACITY 4

SummaryState *
summary_state_create(MemoryContext context, DateADT as_of, PeriodUnit unit, bool is_numeric)
{
	SummaryState *state = MemoryContextAlloc(context, sizeof(SummaryState));

	state->context = context;
	state->as_of = as_of;
	state->unit = unit;
	state->is_numeric = is_numeric;
	state->count = 0;
	state->capacity = SUMMARY_INITIAL_CAPACITY;
	state->entries = MemoryContextAlloc(context, sizeof(DayTotal) * state->capacity);
	return state;
}

/* a + b of finite float8 amounts; an overflow is an error, not Infinity */
static float8
float8_sum(float8 a, float8 b)
{
	float8		sum = a + b;

	if (isinf(sum))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("sum of float8 amounts is out of range"),
				 errhint("Use the numeric overload of summarize for exact totals of huge amounts.")));
	return sum;
}

/* a + b, with the result owned by the state and both inputs released */
static Amount
amount_merge(SummaryState *state, Amount a, Amount b)
{
	Amount		sum;

	if (!state->is_numeric)
	{
		sum.f = float8_sum(a.f, b.f);
		return sum;
	}
	else
	{
		MemoryContext old = MemoryContextSwitchTo(state->context);

		sum.n = numeric_add_opt_error(a.n, b.n, NULL);
		MemoryContextSwitchTo(old);
		pfree(a.n);
		pfree(b.n);
		return sum;
	}
}

static int
compare_days(const void *a, const void *b)
{
	DateADT		x = ((const DayTotal *) a)->day;
	DateADT		y = ((const DayTotal *) b)->day;

	return (x > y) - (x < y);
}

/* Sort the entries by day and merge those of the same day. */
void
summary_state_collapse(SummaryState *state)
{
	int32		out = 0;

	if (state->count <= 1)
		return;
	qsort(state->entries, state->count, sizeof(DayTotal), compare_days);
	for (int32 in = 1; in < state->count; in++)
	{
		DayTotal   *kept = &state->entries[out];
		DayTotal   *next = &state->entries[in];

		if (next->day == kept->day)
		{
			kept->purchases += next->purchases;
			kept->amount = amount_merge(state, kept->amount, next->amount);
		}
		else
			state->entries[++out] = *next;
	}
	state->count = out + 1;
}

/* Make room for one more entry: collapse first, grow only if still crowded. */
static void
state_reserve(SummaryState *state)
{
	if (state->count < state->capacity)
		return;
	summary_state_collapse(state);
	if (state->count * 2 > state->capacity)
	{
		if (state->capacity > (int32) (MaxAllocSize / sizeof(DayTotal) / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct transaction dates in one group")));
		state->capacity *= 2;
		state->entries = repalloc(state->entries, sizeof(DayTotal) * state->capacity);
	}
}

/* Add one day's purchases and amount; the amount must already be owned. */
void
summary_state_add(SummaryState *state, DateADT day, int64 purchases, Amount amount)
{
	DayTotal   *last = state->count > 0 ? &state->entries[state->count - 1] : NULL;

	/* Rows usually arrive in date order: merge a repeated day at once. */
	if (last != NULL && last->day == day)
	{
		last->purchases += purchases;
		last->amount = amount_merge(state, last->amount, amount);
		return;
	}
	state_reserve(state);
	last = &state->entries[state->count++];
	last->day = day;
	last->purchases = purchases;
	last->amount = amount;
}

Amount
summary_amount_copy(SummaryState *state, Amount amount)
{
	if (state->is_numeric)
	{
		MemoryContext old = MemoryContextSwitchTo(state->context);

		amount.n = DatumGetNumeric(datumCopy(NumericGetDatum(amount.n), false, -1));
		MemoryContextSwitchTo(old);
	}
	return amount;
}

Datum
summary_amount_numeric(const SummaryState *state, Amount a)
{
	if (state->is_numeric)
		return NumericGetDatum(a.n);
	return DirectFunctionCall1(float8_numeric, Float8GetDatum(a.f));
}

Amount
summary_amount_zero(const SummaryState *state)
{
	Amount		zero;

	if (state->is_numeric)
		zero.n = int64_to_numeric(0);
	else
		zero.f = 0.0;
	return zero;
}

/* a + b in the current memory context, inputs untouched */
Amount
summary_amount_add(const SummaryState *state, Amount a, Amount b)
{
	if (state->is_numeric)
		a.n = numeric_add_opt_error(a.n, b.n, NULL);
	else
		a.f = float8_sum(a.f, b.f);
	return a;
}
