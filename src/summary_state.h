/*
 * summary_state.h
 *		The transition state of portfolio.summarize and its amounts.
 *
 * One entry per distinct transaction date: the number of purchases and the
 * sum of every amount of that date.  Amounts are kept in one of three forms:
 *
 *   AMOUNTS_FLOAT8   float8 input: float8 sums
 *   AMOUNTS_FIXED    numeric input, while every value fits: int64 sums in
 *                    units of 10^-scale (fixed_decimal.h), exact and cheap
 *   AMOUNTS_NUMERIC  numeric input with a value that does not fit: Numeric
 *                    sums, owned by the state and kept in its context
 *
 * A fixed state turns itself into a numeric one the first time a value or a
 * sum does not fit; results are the same either way.
 */
#ifndef PORTFOLIO_SUMMARY_STATE_H
#define PORTFOLIO_SUMMARY_STATE_H

#include "postgres.h"

#include "utils/date.h"
#include "utils/numeric.h"

#include "period.h"

typedef enum AmountForm
{
	AMOUNTS_FLOAT8,
	AMOUNTS_FIXED,
	AMOUNTS_NUMERIC
} AmountForm;

typedef union Amount
{
	float8		f;				/* AMOUNTS_FLOAT8 */
	int64		fixed;			/* AMOUNTS_FIXED, in units of 10^-scale */
	Numeric		n;				/* AMOUNTS_NUMERIC */
} Amount;

/*
 * 16 bytes: a day's purchases share a word with the display scale.  A day
 * with more purchases than an entry can count simply takes two entries.
 */
#define DAY_MAX_PURCHASES ((1 << 27) - 1)

typedef struct DayTotal
{
	DateADT		day;
	uint32		purchases:27;	/* rows with amount >= 0 */
	uint32		dscale:5;		/* AMOUNTS_FIXED: largest display scale */
	Amount		amount;			/* sum of every amount of the day */
} DayTotal;

/*
 * One allocation holds the 16-byte header and the entries, so that a row
 * touches as little memory as possible, and its size is a power of two, as
 * PostgreSQL's allocator rounds it anyway.  Growing it may move it, which is
 * why the functions that add return the state.  The numerics of a numeric
 * state live in the state's own memory context.
 */
typedef struct SummaryState
{
	DateADT		as_of;
	int32		count;			/* entries in use */
	int32		capacity;
	uint8		unit;			/* PeriodUnit */
	uint8		form;			/* AmountForm */
	uint8		scale;			/* AMOUNTS_FIXED: the unit is 10^-scale */
	DayTotal	entries[FLEXIBLE_ARRAY_MEMBER];
} SummaryState;

/*
 * An amount as it arrives from a row: a float8, a numeric already decoded
 * to fixed point, or a Numeric (for values that do not fit).
 */
typedef struct AmountInput
{
	AmountForm	form;
	int16		dscale;			/* numeric display scale */
	int16		scale;			/* AMOUNTS_FIXED: value is in units of 10^-scale */
	Amount		value;
} AmountInput;

/* An empty state; numeric says whether amounts are numeric or float8. */
extern SummaryState *summary_state_create(MemoryContext context, DateADT as_of,
										  PeriodUnit unit, bool numeric);

/*
 * Add one day's purchases (at most DAY_MAX_PURCHASES) and amount; a Numeric
 * input is copied.  Returns the state, which may have moved.
 */
extern SummaryState *summary_state_add(SummaryState *state, DateADT day, int32 purchases,
									   const AmountInput *amount);

/* Add every entry of another state with the same as_of, unit and input type. */
extern SummaryState *summary_state_merge(SummaryState *state, const SummaryState *other);

/* Sort the entries by day and merge those of the same day. */
extern void summary_state_collapse(SummaryState *state);

/* An entry's amount as an AmountInput, for serialization and merging. */
extern AmountInput summary_entry_amount(const SummaryState *state, const DayTotal *entry);

/*
 * A running sum over some entries, for the final function.  In a fixed state
 * it is an int64 until that overflows, then a Numeric.
 */
typedef struct AmountSum
{
	AmountForm	form;
	int16		dscale;			/* largest display scale added */
	Amount		value;
} AmountSum;

extern void amount_sum_init(const SummaryState *state, AmountSum *sum);
extern void amount_sum_add_entry(const SummaryState *state, AmountSum *sum,
								 const DayTotal *entry);
extern void amount_sum_add(const SummaryState *state, AmountSum *sum, const AmountSum *other);
extern Numeric amount_sum_numeric(const SummaryState *state, const AmountSum *sum);

#endif							/* PORTFOLIO_SUMMARY_STATE_H */
