/*
 * summary_state.h
 *		The transition state of portfolio.summarize and its amounts.
 *
 * Amounts are numeric (exact) or float8 (fast); one state serves both, the
 * Amount union holding whichever the aggregate was called with.
 */
#ifndef PORTFOLIO_SUMMARY_STATE_H
#define PORTFOLIO_SUMMARY_STATE_H

#include "postgres.h"

#include "utils/date.h"
#include "utils/numeric.h"

#include "period.h"

typedef union Amount
{
	float8		f;
	Numeric		n;
} Amount;

typedef struct DayTotal
{
	DateADT		day;
	int64		purchases;		/* rows with amount >= 0 */
	Amount		amount;			/* sum of every amount of the day */
} DayTotal;

typedef struct SummaryState
{
	MemoryContext context;		/* where the entries and numerics live */
	DateADT		as_of;
	PeriodUnit	unit;
	bool		is_numeric;
	int32		count;			/* entries in use */
	int32		capacity;
	DayTotal   *entries;
} SummaryState;

/* An empty state whose entries and amounts live in context. */
extern SummaryState *summary_state_create(MemoryContext context, DateADT as_of,
										  PeriodUnit unit, bool is_numeric);

/* Add one day's purchases and amount; the state takes over the amount. */
extern void summary_state_add(SummaryState *state, DateADT day, int64 purchases,
							  Amount amount);

/* Sort the entries by day and merge those of the same day. */
extern void summary_state_collapse(SummaryState *state);

/* A copy of an amount in the state's context, for summary_state_add. */
extern Amount summary_amount_copy(SummaryState *state, Amount amount);

/* Arithmetic for the final function, in the current memory context. */
extern Amount summary_amount_zero(const SummaryState *state);
extern Amount summary_amount_add(const SummaryState *state, Amount a, Amount b);
extern Datum summary_amount_numeric(const SummaryState *state, Amount a);

#endif							/* PORTFOLIO_SUMMARY_STATE_H */
