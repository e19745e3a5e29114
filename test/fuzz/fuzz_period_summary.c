/*
 * fuzz_period_summary.c
 *		Period arithmetic (period.c) and the date side of a summary
 *		(summary_core.c) at any int32 day number, the extremes included.
 *		period_start_day(period_index(d)) <= d < the next period's start;
 *		period_index is non-decreasing in d; the civil date of a day is a
 *		valid date that converts back to the same day; summary_dates agrees
 *		with the definitions (frequency = periods - 1, recency and age as
 *		period differences, 0 <= recency <= age, gaps from the days).
 */
#include "fuzz_core.h"

#include "period.h"
#include "summary_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_DAYS 16

static int32_t
fuzz_day(FuzzInput *in)
{
	int			how = (int) fuzz_bits(in, 1);

	if (how < 32)
	{
		static const int32_t special[] = {INT32_MIN, INT32_MIN + 1, INT32_MAX, INT32_MAX - 1,
			0, -1, 59, 60, -2451545, 2145031948, -730425, -730426};

		return special[how % (int) (sizeof(special) / sizeof(special[0]))];
	}
	return (int32_t) (uint32_t) fuzz_bits(in, 4);
}

static void
check_day(int32_t d, PeriodUnit unit)
{
	int64_t		index = period_index(d, unit);
	int64_t		start = period_start_day(index, unit);
	int64_t		next = period_start_day(index + 1, unit);
	int64_t		year;
	int			month;
	int			mday;
	static const int month_days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

	FUZZ_CHECK(start <= d && d < next, "day %d unit %d: index %lld starts %lld, next %lld",
			   d, (int) unit, (long long) index, (long long) start, (long long) next);
	FUZZ_CHECK(next - start <= 92, "day %d unit %d: a period of %lld days", d, (int) unit,
			   (long long) (next - start));
	period_civil_from_day(d, &year, &month, &mday);
	FUZZ_CHECK(month >= 1 && month <= 12 && mday >= 1 && mday <= month_days[month - 1],
			   "day %d: %lld-%d-%d", d, (long long) year, month, mday);
	FUZZ_CHECK(period_day_from_civil(year, month, mday) == d, "day %d: %lld-%d-%d back to %lld",
			   d, (long long) year, month, mday, (long long) period_day_from_civil(year, month, mday));
	if (d < INT32_MAX)
	{
		int64_t		year2;
		int			month2;
		int			mday2;

		FUZZ_CHECK(period_index(d + 1, unit) - index <= 1 && period_index(d + 1, unit) >= index,
				   "day %d unit %d: index not monotone", d, (int) unit);
		period_civil_from_day(d + 1, &year2, &month2, &mday2);
		FUZZ_CHECK(mday2 == mday + 1 || (mday2 == 1 && (month2 == month + 1 || (month == 12 && month2 == 1 && year2 == year + 1))),
				   "day %d -> %d: %lld-%d-%d then %lld-%d-%d", d, d + 1,
				   (long long) year, month, mday, (long long) year2, month2, mday2);
	}
}

/*
 * PostgreSQL's finite dates, 4714-11-24 BC to 5874897-12-31 (the glue rejects
 * the infinities): into that range.
 */
#define FIRST_DATE (-2451545)
#define LAST_DATE 2145031948

static int32_t
valid_day(int64_t d)
{
	if (d >= FIRST_DATE && d <= LAST_DATE)
		return (int32_t) d;
	return (int32_t) (FIRST_DATE + ((d % ((int64_t) LAST_DATE - FIRST_DATE + 1)) +
									((int64_t) LAST_DATE - FIRST_DATE + 1)) %
					  ((int64_t) LAST_DATE - FIRST_DATE + 1));
}

static int
cmp_int32(const void *a, const void *b)
{
	int32_t		x = *(const int32_t *) a;
	int32_t		y = *(const int32_t *) b;

	return (x > y) - (x < y);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in = {data, size};
	PeriodUnit	unit = (PeriodUnit) (fuzz_bits(&in, 1) % PERIOD_UNIT_COUNT);
	int32_t		days[MAX_DAYS];
	int32_t		ndays = 0;
	int32_t		want = 1 + (int32_t) (fuzz_bits(&in, 1) % MAX_DAYS);
	int32_t		base = fuzz_day(&in);
	int32_t		as_of;
	SummaryDates s;

	check_day(base, unit);
	/* distinct sorted days: near base (small steps) or anywhere */
	for (int i = 0; i < want; i++)
	{
		int64_t		d = (fuzz_bits(&in, 1) & 1) ? fuzz_day(&in)
			: (int64_t) base + (int64_t) (int8_t) fuzz_bits(&in, 1) * (1 + (int64_t) fuzz_bits(&in, 1));

		days[ndays++] = valid_day(d);
	}
	qsort(days, (size_t) ndays, sizeof(int32_t), cmp_int32);
	{
		int32_t		k = 1;

		for (int i = 1; i < ndays; i++)
			if (days[i] != days[k - 1])
				days[k++] = days[i];
		ndays = k;
	}
	for (int i = 0; i < ndays; i++)
		check_day(days[i], unit);
	{
		int64_t		ahead = (int64_t) (fuzz_bits(&in, 1) & 1 ? fuzz_bits(&in, 4) : fuzz_bits(&in, 1));
		int64_t		a = (int64_t) days[ndays - 1] + ahead;

		as_of = a > LAST_DATE ? LAST_DATE : (int32_t) a;
	}

	summary_dates(days, ndays, as_of, unit, &s);
	{
		int64_t		first = period_index(days[0], unit);
		int64_t		last = period_index(days[ndays - 1], unit);
		int32_t		periods = 1;
		int64_t		max_gap = 0;

		for (int i = 1; i < ndays; i++)
		{
			periods += period_index(days[i], unit) != period_index(days[i - 1], unit);
			if ((int64_t) days[i] - days[i - 1] > max_gap)
				max_gap = (int64_t) days[i] - days[i - 1];
		}
		FUZZ_CHECK(s.first_day == days[0] && s.last_day == days[ndays - 1], "first/last day");
		FUZZ_CHECK(s.periods == periods && s.frequency == periods - 1, "periods %d, expected %d",
				   s.periods, periods);
		FUZZ_CHECK(s.recency == (double) (last - first), "recency %g, expected %lld", s.recency,
				   (long long) (last - first));
		FUZZ_CHECK(s.age == (double) (period_index(as_of, unit) - first) && s.age >= s.recency && s.recency >= 0,
				   "age %g recency %g", s.age, s.recency);
		FUZZ_CHECK(s.days_since_last == as_of - days[ndays - 1], "days since last %d", s.days_since_last);
		FUZZ_CHECK(s.has_gaps == (ndays >= 2) && s.has_gap_stddev == (ndays >= 3), "gap flags");
		if (s.has_gaps)
		{
			double		mean = ((double) days[ndays - 1] - days[0]) / (ndays - 1);

			FUZZ_CHECK(fabs(s.mean_gap - mean) <= 1e-12 * mean, "mean gap %.17g, expected %.17g",
					   s.mean_gap, mean);
			FUZZ_CHECK(s.max_gap == max_gap && s.last_gap == days[ndays - 1] - days[ndays - 2] &&
					   s.mean_gap <= s.max_gap && s.mean_gap >= 1,
					   "max gap %d (expected %lld), last gap %d", s.max_gap, (long long) max_gap, s.last_gap);
		}
		if (s.has_gap_stddev)
		{
			double		mean = s.mean_gap;
			double		ss = 0;

			for (int i = 1; i < ndays; i++)
				ss += ((double) days[i] - days[i - 1] - mean) * ((double) days[i] - days[i - 1] - mean);
			ss = sqrt(ss / (ndays - 2));
			FUZZ_CHECK(isfinite(s.gap_stddev) && s.gap_stddev >= 0 &&
					   fabs(s.gap_stddev - ss) <= 1e-9 * (1 + ss), "gap stddev %.17g, expected %.17g",
					   s.gap_stddev, ss);
		}
	}
	return 0;
}
