/*
 * summary_state.c
 *		The transition state of portfolio.summarize: one entry per distinct
 *		transaction date, appended unsorted and merged when the buffer fills.
 *
 * Amounts are float8, fixed point or Numeric (see summary_state.h).  In a
 * numeric state every Numeric an entry points to is owned by the state and
 * lives in its context.
 */
#include "postgres.h"

#include <math.h>

#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/memutils.h"

#include "fixed_decimal.h"
#include "summary_state.h"

/* 7 entries and the header make 128 bytes; each growth doubles that. */
#define SUMMARY_INITIAL_CAPACITY 7

static Size
state_size(int32 capacity)
{
	return offsetof(SummaryState, entries) + sizeof(DayTotal) * capacity;
}

SummaryState *
summary_state_create(MemoryContext context, DateADT as_of, PeriodUnit unit, bool numeric)
{
	SummaryState *state = MemoryContextAlloc(context, state_size(SUMMARY_INITIAL_CAPACITY));

	state->as_of = as_of;
	state->count = 0;
	state->capacity = SUMMARY_INITIAL_CAPACITY;
	state->unit = (uint8) unit;
	state->form = numeric ? AMOUNTS_FIXED : AMOUNTS_FLOAT8;
	state->scale = 0;
	return state;
}

/* ---------- conversions between forms ---------- */

/* value / 10^scale as a Numeric of display scale dscale (<= scale). */
static Numeric
numeric_from_fixed(int64 value, int scale, int dscale)
{
	Numeric		result = int64_div_fast_to_numeric(value, scale);

	if (dscale < scale)
		result = DatumGetNumeric(DirectFunctionCall2(numeric_round, NumericGetDatum(result),
													 Int32GetDatum(dscale)));
	return result;
}

/* A fixed state's amounts become Numerics: a value or a sum did not fit. */
static void
state_to_numeric(SummaryState *state)
{
	MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(state));

	for (int32 i = 0; i < state->count; i++)
	{
		DayTotal   *e = &state->entries[i];

		e->amount.n = numeric_from_fixed(e->amount.fixed, state->scale, e->dscale);
	}
	MemoryContextSwitchTo(old);
	state->form = AMOUNTS_NUMERIC;
	state->scale = 0;			/* unused now: serialize writes a canonical 0 */
}

/* Count a fixed state's amounts in units of 10^-scale, or go numeric. */
static void
state_rescale(SummaryState *state, int scale)
{
	int64		unused;

	for (int32 i = 0; i < state->count; i++)
	{
		if (!fixed_rescale(state->entries[i].amount.fixed, state->scale, scale, &unused))
		{
			state_to_numeric(state);
			return;
		}
	}
	for (int32 i = 0; i < state->count; i++)
		fixed_rescale(state->entries[i].amount.fixed, state->scale, scale,
					  &state->entries[i].amount.fixed);
	state->scale = (uint8) scale;
}

/* A Numeric copy of an input amount, in the current memory context. */
static Numeric
input_as_numeric(const AmountInput *in)
{
	if (in->form == AMOUNTS_FIXED)
		return numeric_from_fixed(in->value.fixed, in->scale, in->dscale);
	return DatumGetNumeric(datumCopy(NumericGetDatum(in->value.n), false, -1));
}

/*
 * The input amount in the state's form, owned by the state.  The state may
 * change its scale, or turn numeric, to take it.
 */
static Amount
amount_for_state(SummaryState *state, const AmountInput *in)
{
	Amount		a;

	if (state->form == AMOUNTS_FIXED && in->form == AMOUNTS_FIXED)
	{
		if (in->scale > state->scale)
			state_rescale(state, in->scale);
		if (state->form == AMOUNTS_FIXED &&
			fixed_rescale(in->value.fixed, in->scale, state->scale, &a.fixed))
			return a;
	}
	if (state->form == AMOUNTS_FIXED)
		state_to_numeric(state);
	if (state->form == AMOUNTS_NUMERIC)
	{
		MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(state));

		a.n = input_as_numeric(in);
		MemoryContextSwitchTo(old);
		return a;
	}
	a.f = in->value.f;
	return a;
}

/* ---------- adding up ---------- */

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

/* Add an amount in the state's form (owned by the state) to an entry. */
static void
entry_add(SummaryState *state, DayTotal *e, Amount a, int16 dscale)
{
	e->dscale = Max(e->dscale, dscale);
	switch (state->form)
	{
		case AMOUNTS_FLOAT8:
			e->amount.f = float8_sum(e->amount.f, a.f);
			break;
		case AMOUNTS_FIXED:
			if (fixed_add(e->amount.fixed, a.fixed, &e->amount.fixed))
				break;
			{
				MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(state));

				a.n = numeric_from_fixed(a.fixed, state->scale, dscale);
				MemoryContextSwitchTo(old);
			}
			state_to_numeric(state);
			/* FALLTHROUGH */
		case AMOUNTS_NUMERIC:
			{
				MemoryContext old = MemoryContextSwitchTo(GetMemoryChunkContext(state));
				Numeric		sum = numeric_add_opt_error(e->amount.n, a.n, NULL);

				MemoryContextSwitchTo(old);
				pfree(e->amount.n);
				pfree(a.n);
				e->amount.n = sum;
			}
			break;
	}
}

/* sort_day_totals(entries, n): by day, with the comparison inlined. */
#define ST_SORT sort_day_totals
#define ST_ELEMENT_TYPE DayTotal
#define ST_COMPARE(a, b) (((a)->day > (b)->day) - ((a)->day < (b)->day))
#define ST_SCOPE static
#define ST_DEFINE
#include "lib/sort_template.h"

/* The length of the leading run of entries strictly increasing by day. */
static int32
sorted_prefix(const SummaryState *state)
{
	int32		n = 1;

	while (n < state->count && state->entries[n - 1].day < state->entries[n].day)
		n++;
	return Min(n, state->count);
}

/* Merge the sorted runs entries[0, mid) and entries[mid, count) by day. */
static void
merge_runs(SummaryState *state, int32 mid)
{
	DayTotal   *e = state->entries;
	DayTotal   *merged;
	int32		i = 0,
				j = mid,
				out = 0;

	if (mid == 0 || e[mid - 1].day <= e[mid].day)
		return;
	merged = palloc(sizeof(DayTotal) * state->count);
	while (i < mid && j < state->count)
		merged[out++] = e[j].day < e[i].day ? e[j++] : e[i++];
	while (i < mid)
		merged[out++] = e[i++];
	while (j < state->count)
		merged[out++] = e[j++];
	memcpy(e, merged, sizeof(DayTotal) * state->count);
	pfree(merged);
}

/* Sum the entries of equal days, which are adjacent. */
static void
combine_equal_days(SummaryState *state)
{
	int32		out = 0;

	for (int32 in = 1; in < state->count; in++)
	{
		DayTotal   *kept = &state->entries[out];
		DayTotal   *next = &state->entries[in];

		if (next->day == kept->day &&
			kept->purchases + next->purchases <= DAY_MAX_PURCHASES)
		{
			kept->purchases += next->purchases;
			entry_add(state, kept, next->amount, next->dscale);
		}
		else
			state->entries[++out] = *next;
	}
	state->count = out + 1;
}

/*
 * Sort the entries by day and sum those of equal days.  The entries up to
 * the first step back are already in order (logs are usually in date order,
 * and an earlier collapse leaves them so): only the rest is sorted, then
 * merged with them.
 */
void
summary_state_collapse(SummaryState *state)
{
	int32		sorted = sorted_prefix(state);

	if (sorted == state->count)
		return;
	sort_day_totals(state->entries + sorted, state->count - sorted);
	merge_runs(state, sorted);
	combine_equal_days(state);
}

/*
 * Make room for one more entry: collapse first, grow only if still crowded.
 * Returns the state, which may have moved.
 */
static SummaryState *
state_reserve(SummaryState *state)
{
	if (state->count < state->capacity)
		return state;
	summary_state_collapse(state);
	if (state->count * 2 > state->capacity)
	{
		if (state->capacity > (int32) ((MaxAllocSize / sizeof(DayTotal) - 1) / 2))
			ereport(ERROR,
					(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
					 errmsg("too many distinct transaction dates in one group")));
		state->capacity = 2 * state->capacity + 1;
		state = repalloc(state, state_size(state->capacity));
	}
	return state;
}

SummaryState *
summary_state_add(SummaryState *state, DateADT day, int32 purchases, const AmountInput *in)
{
	DayTotal   *last = state->count > 0 ? &state->entries[state->count - 1] : NULL;
	Amount		a;

	/* Rows usually arrive in date order: merge a repeated day at once. */
	if (last != NULL && last->day == day &&
		last->purchases + purchases <= DAY_MAX_PURCHASES)
	{
		a = amount_for_state(state, in);
		last->purchases += purchases;
		entry_add(state, last, a, in->dscale);
		return state;
	}

	/*
	 * Make room first, then put the amount in the state's form: the collapse
	 * that makes room can turn a fixed-point state numeric (a day's sum that
	 * overflows), and an entry must hold its amount in the state's form.
	 */
	state = state_reserve(state);
	a = amount_for_state(state, in);
	last = &state->entries[state->count++];
	last->day = day;
	last->dscale = in->dscale;
	last->purchases = purchases;
	last->amount = a;
	return state;
}

AmountInput
summary_entry_amount(const SummaryState *state, const DayTotal *entry)
{
	AmountInput in;

	in.form = state->form;
	in.dscale = entry->dscale;
	in.scale = state->scale;
	in.value = entry->amount;
	return in;
}

SummaryState *
summary_state_merge(SummaryState *state, const SummaryState *other)
{
	for (int32 i = 0; i < other->count; i++)
	{
		const DayTotal *e = &other->entries[i];
		AmountInput in = summary_entry_amount(other, e);

		state = summary_state_add(state, e->day, e->purchases, &in);
	}
	return state;
}

/* ---------- sums for the final function ---------- */

void
amount_sum_init(const SummaryState *state, AmountSum *sum)
{
	sum->form = state->form;
	sum->dscale = 0;
	if (state->form == AMOUNTS_NUMERIC)
		sum->value.n = int64_to_numeric(0);
	else if (state->form == AMOUNTS_FIXED)
		sum->value.fixed = 0;
	else
		sum->value.f = 0.0;
}

/* A fixed-point sum that overflowed continues as a Numeric. */
static void
sum_make_numeric(const SummaryState *state, AmountSum *sum)
{
	if (sum->form != AMOUNTS_FIXED)
		return;
	sum->value.n = numeric_from_fixed(sum->value.fixed, state->scale, sum->dscale);
	sum->form = AMOUNTS_NUMERIC;
}

/* Add a value in the state's form (display scale dscale) to a sum. */
static void
sum_add_value(const SummaryState *state, AmountSum *sum, Amount value, int16 dscale)
{
	Numeric		n;

	sum->dscale = Max(sum->dscale, dscale);
	if (sum->form == AMOUNTS_FLOAT8)
	{
		sum->value.f = float8_sum(sum->value.f, value.f);
		return;
	}
	if (sum->form == AMOUNTS_FIXED &&
		fixed_add(sum->value.fixed, value.fixed, &sum->value.fixed))
		return;
	sum_make_numeric(state, sum);
	n = state->form == AMOUNTS_FIXED ? numeric_from_fixed(value.fixed, state->scale, dscale) : value.n;
	sum->value.n = numeric_add_opt_error(sum->value.n, n, NULL);
}

void
amount_sum_add_entry(const SummaryState *state, AmountSum *sum, const DayTotal *entry)
{
	sum_add_value(state, sum, entry->amount, entry->dscale);
}

void
amount_sum_add(const SummaryState *state, AmountSum *sum, const AmountSum *other)
{
	if (other->form != AMOUNTS_NUMERIC)
	{
		/* other is a float8 sum, or a fixed one of a fixed state */
		sum_add_value(state, sum, other->value, other->dscale);
		return;
	}
	sum_make_numeric(state, sum);
	sum->value.n = numeric_add_opt_error(sum->value.n, other->value.n, NULL);
	sum->dscale = Max(sum->dscale, other->dscale);
}

Numeric
amount_sum_numeric(const SummaryState *state, const AmountSum *sum)
{
	switch (sum->form)
	{
		case AMOUNTS_FIXED:
			return numeric_from_fixed(sum->value.fixed, state->scale, sum->dscale);
		case AMOUNTS_NUMERIC:
			return sum->value.n;
		case AMOUNTS_FLOAT8:
			break;
	}
	return DatumGetNumeric(DirectFunctionCall1(float8_numeric, Float8GetDatum(sum->value.f)));
}
