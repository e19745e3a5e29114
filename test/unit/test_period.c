/*
 * test_period.c
 *		Calendar arithmetic against dates whose day numbers are known.
 */
#include "unit.h"
#include "period.h"

/* Day numbers are days since 2000-01-01, as PostgreSQL's DateADT. */
static void
check_civil(int32_t day, int64_t year, int month, int mday)
{
	int64_t		y;
	int			m,
				d;

	period_civil_from_day(day, &y, &m, &d);
	CHECK(y == year && m == month && d == mday,
		  "day %d is %lld-%02d-%02d (got %lld-%02d-%02d)",
		  day, (long long) year, month, mday, (long long) y, m, d);
	CHECK(period_day_from_civil(year, month, mday) == day,
		  "%lld-%02d-%02d is day %d", (long long) year, month, mday, day);
}

static void
test_round_trip(void)
{
	int			bad = 0;

	/* Every day from 1600-01-01 to 2400-01-01 and back. */
	for (int32_t day = -146097; day <= 146097; day++)
	{
		int64_t		y;
		int			m,
					d;

		period_civil_from_day(day, &y, &m, &d);
		if (period_day_from_civil(y, m, d) != day || m < 1 || m > 12 || d < 1 || d > 31)
			bad++;
	}
	CHECK(bad == 0, "civil dates round-trip over 800 years (%d bad)", bad);
}

static void
test_units(void)
{
	PeriodUnit	unit;

	CHECK(period_unit_parse("Week", 4, &unit) && unit == PERIOD_WEEK, "unit names are case-insensitive");
	CHECK(!period_unit_parse("weeks", 5, &unit), "unknown unit names are rejected");
	CHECK(!period_unit_parse("wee", 3, &unit), "a prefix is not a unit");
	CHECK(period_unit_parse("quarterXX", 7, &unit) && unit == PERIOD_QUARTER,
		  "the length given is the name's length");
}

static void
test_indexes(void)
{
	/* 2000-01-02 is a Sunday, 2000-01-03 a Monday. */
	CHECK(period_index(1, PERIOD_WEEK) + 1 == period_index(2, PERIOD_WEEK), "weeks start on Monday");
	CHECK(period_index(2, PERIOD_WEEK) == period_index(8, PERIOD_WEEK), "Monday to Sunday is one week");
	CHECK(period_start_day(period_index(-1, PERIOD_WEEK), PERIOD_WEEK) == -5,
		  "the week of 1999-12-31 starts on Monday 1999-12-27");
	CHECK(period_index(59, PERIOD_MONTH) - period_index(0, PERIOD_MONTH) == 1,
		  "2000-02-29 is one month after 2000-01-01");
	CHECK(period_index(-1, PERIOD_MONTH) == 1999 * 12 + 11, "1999-12-31 is month 1999*12+11");
	CHECK(period_index(90, PERIOD_QUARTER) - period_index(0, PERIOD_QUARTER) == 0,
		  "2000-03-31 is in the first quarter");
	CHECK(period_index(91, PERIOD_QUARTER) - period_index(0, PERIOD_QUARTER) == 1,
		  "2000-04-01 is in the second quarter");
	CHECK(period_start_day(period_index(100, PERIOD_MONTH), PERIOD_MONTH) == 91,
		  "the month of 2000-04-10 starts on 2000-04-01");
	CHECK(period_start_day(period_index(-400, PERIOD_QUARTER), PERIOD_QUARTER) ==
		  period_day_from_civil(1998, 10, 1), "quarter starts before 2000 are right");
}

void
test_period(void)
{
	check_civil(0, 2000, 1, 1);
	check_civil(59, 2000, 2, 29);
	check_civil(-1, 1999, 12, 31);
	check_civil(-10957, 1970, 1, 1);
	check_civil(-2451545, -4713, 11, 24);	/* Julian day 0, 4714-11-24 BC */
	check_civil(2145031948, 5874897, 12, 31);	/* PostgreSQL's last date */
	test_round_trip();
	test_units();
	test_indexes();
}
