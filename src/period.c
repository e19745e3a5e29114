/*
 * period.c
 *		Calendar periods over day numbers (days since 2000-01-01).
 *
 * The civil-date conversions use the era arithmetic described by Howard
 * Hinnant ("chrono-Compatible Low-Level Date Algorithms"): a 400-year era has
 * exactly 146097 days, and counting years from March puts the leap day last.
 */
#include "period.h"

#include <strings.h>

const char *const period_unit_list = "day, week, month, quarter";

const char *const period_unit_names[PERIOD_UNIT_COUNT] = {
	"day", "week", "month", "quarter"
};

/* Day numbers count from 2000-01-01, which is 730425 days after 0000-03-01. */
#define DAYS_0000_03_01_TO_2000_01_01 730425
/* 2000-01-01 was a Saturday; day 2 (2000-01-03) is the first Monday. */
#define FIRST_MONDAY 2

static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t		q = a / b;

	if ((a % b != 0) && ((a < 0) != (b < 0)))
		q--;
	return q;
}

bool
period_unit_parse(const char *name, size_t len, PeriodUnit *unit)
{
	for (int i = 0; i < PERIOD_UNIT_COUNT; i++)
	{
		const char *candidate = period_unit_names[i];
		size_t		clen = 0;

		while (candidate[clen] != '\0')
			clen++;
		if (clen == len && strncasecmp(name, candidate, len) == 0)
		{
			*unit = (PeriodUnit) i;
			return true;
		}
	}
	return false;
}

const char *
period_unit_name(PeriodUnit unit)
{
	if ((int) unit < 0 || (int) unit >= PERIOD_UNIT_COUNT)
		return "unknown";
	return period_unit_names[unit];
}

void
period_civil_from_day(int32_t day, int64_t *year, int *month, int *mday)
{
	int64_t		z = (int64_t) day + DAYS_0000_03_01_TO_2000_01_01;
	int64_t		era = floor_div(z, 146097);
	int64_t		doe = z - era * 146097;		/* [0, 146096] */
	int64_t		yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t		doy = doe - (365 * yoe + yoe / 4 - yoe / 100);	/* [0, 365] */
	int64_t		mp = (5 * doy + 2) / 153;	/* month from March, [0, 11] */

	*mday = (int) (doy - (153 * mp + 2) / 5 + 1);
	*month = (int) (mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

int64_t
period_day_from_civil(int64_t year, int month, int mday)
{
	int64_t		y = year - (month <= 2 ? 1 : 0);
	int64_t		era = floor_div(y, 400);
	int64_t		yoe = y - era * 400;
	int64_t		mp = month > 2 ? month - 3 : month + 9;
	int64_t		doy = (153 * mp + 2) / 5 + mday - 1;
	int64_t		doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

	return era * 146097 + doe - DAYS_0000_03_01_TO_2000_01_01;
}

int64_t
period_index(int32_t day, PeriodUnit unit)
{
	int64_t		year;
	int			month;
	int			mday;

	switch (unit)
	{
		case PERIOD_DAY:
			return day;
		case PERIOD_WEEK:
			return floor_div((int64_t) day - FIRST_MONDAY, 7);
		case PERIOD_MONTH:
			period_civil_from_day(day, &year, &month, &mday);
			return year * 12 + (month - 1);
		case PERIOD_QUARTER:
			period_civil_from_day(day, &year, &month, &mday);
			return year * 4 + (month - 1) / 3;
	}
	return day;					/* not reached: every unit is handled above */
}

int64_t
period_start_day(int64_t index, PeriodUnit unit)
{
	switch (unit)
	{
		case PERIOD_DAY:
			return index;
		case PERIOD_WEEK:
			return index * 7 + FIRST_MONDAY;
		case PERIOD_MONTH:
			return period_day_from_civil(floor_div(index, 12),
										 (int) (index - floor_div(index, 12) * 12) + 1, 1);
		case PERIOD_QUARTER:
			return period_day_from_civil(floor_div(index, 4),
										 (int) (index - floor_div(index, 4) * 4) * 3 + 1, 1);
	}
	return index;				/* not reached */
}
