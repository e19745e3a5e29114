/*
 * summary_core.h
 *		The date side of a customer summary: periods, frequency, recency, age
 *		and the gaps between purchase dates.
 *
 * Pure C: no PostgreSQL headers.  The amounts are summed by the glue code,
 * which owns the numeric arithmetic; everything about dates lives here.
 */
#ifndef PORTFOLIO_SUMMARY_CORE_H
#define PORTFOLIO_SUMMARY_CORE_H

#include <stdbool.h>
#include <stdint.h>

#include "period.h"

typedef struct SummaryDates
{
	int32_t		first_day;		/* first purchase date */
	int32_t		last_day;		/* last purchase date */
	int32_t		periods;		/* distinct purchase periods */
	int32_t		frequency;		/* periods - 1 */
	double		recency;		/* last - first purchase period */
	double		age;			/* as_of's period - first purchase period */
	int32_t		days_since_last;	/* as_of - last purchase date */
	bool		has_gaps;		/* at least two purchase dates */
	double		mean_gap;		/* valid if has_gaps */
	int32_t		max_gap;		/* valid if has_gaps */
	int32_t		last_gap;		/* valid if has_gaps */
	bool		has_gap_stddev; /* at least two gaps */
	double		gap_stddev;		/* sample standard deviation, if valid */
} SummaryDates;

/*
 * Summarise the distinct purchase days (sorted ascending, ndays >= 1) of one
 * customer as of a day that is not before the last of them.
 */
extern void summary_dates(const int32_t *days, int32_t ndays, int32_t as_of,
						  PeriodUnit unit, SummaryDates *out);

#endif							/* PORTFOLIO_SUMMARY_CORE_H */
