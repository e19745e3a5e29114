/*
 * test_summary_core.c
 *		Periods, recency, age and gap statistics against hand computations.
 */
#include "unit.h"
#include "summary_core.h"

static void
test_single_date(void)
{
	int32_t		days[] = {10};
	SummaryDates d;

	summary_dates(days, 1, 40, PERIOD_DAY, &d);
	CHECK(d.periods == 1 && d.frequency == 0 && d.recency == 0 && d.age == 30,
		  "one purchase date: frequency 0, recency 0, age as_of - first");
	CHECK(d.days_since_last == 30, "days_since_last is as_of - last date");
	CHECK(!d.has_gaps && !d.has_gap_stddev, "one purchase date has no gaps");
}

static void
test_gaps(void)
{
	/* gaps 10, 20, 30: mean 20, sample standard deviation 10 */
	int32_t		days[] = {0, 10, 30, 60};
	SummaryDates d;

	summary_dates(days, 4, 100, PERIOD_DAY, &d);
	CHECK(d.has_gaps && d.mean_gap == 20 && d.max_gap == 30 && d.last_gap == 30,
		  "mean, largest and last gap");
	CHECK(d.has_gap_stddev && d.gap_stddev == 10, "sample standard deviation of the gaps");

	summary_dates(days, 2, 100, PERIOD_DAY, &d);
	CHECK(d.has_gaps && !d.has_gap_stddev && d.mean_gap == 10,
		  "one gap has a mean but no standard deviation");
}

static void
test_periods(void)
{
	/* 2000-01-01 (Sat), 2000-01-02 (Sun), 2000-01-03 (Mon), 2000-02-01 */
	int32_t		days[] = {0, 1, 2, 31};
	SummaryDates d;

	summary_dates(days, 4, 59, PERIOD_WEEK, &d);
	CHECK(d.periods == 3 && d.frequency == 2, "weeks: Sat and Sun share a week, Mon starts one");
	CHECK(d.recency == 5 && d.age == 9, "weeks: recency and age in whole weeks (%g, %g)",
		  d.recency, d.age);

	summary_dates(days, 4, 59, PERIOD_MONTH, &d);
	CHECK(d.periods == 2 && d.recency == 1 && d.age == 1, "months: January and February");

	summary_dates(days, 4, 91, PERIOD_QUARTER, &d);
	CHECK(d.periods == 1 && d.recency == 0 && d.age == 1, "quarters: as_of in the next quarter");

	summary_dates(days, 4, 31, PERIOD_DAY, &d);
	CHECK(d.periods == 4 && d.recency == 31 && d.age == 31 && d.days_since_last == 0,
		  "days: every date is a period");
}

static void
test_extremes(void)
{
	int32_t		days[] = {-2451545, 2145031948};
	SummaryDates d;

	summary_dates(days, 2, 2145031948, PERIOD_DAY, &d);
	CHECK(d.max_gap == 2147483493 && d.mean_gap == 2147483493.0,
		  "the widest gap PostgreSQL dates allow fits");
	summary_dates(days, 2, 2145031948, PERIOD_MONTH, &d);
	CHECK(d.recency == (5874897.0 + 4713.0) * 12 + 1, "months across the whole date range");
}

void
test_summary_core(void)
{
	test_single_date();
	test_gaps();
	test_periods();
	test_extremes();
}
