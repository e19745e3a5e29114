/*
 * summary_core.c
 *		Periods, recency, age and gap statistics of one customer's purchase
 *		dates.
 */
#include "summary_core.h"

#include <math.h>

static int32_t
count_distinct_periods(const int32_t *days, int32_t ndays, PeriodUnit unit)
{
	int32_t		periods = 1;
	int64_t		current = period_index(days[0], unit);

	for (int32_t i = 1; i < ndays; i++)
	{
		int64_t		p = period_index(days[i], unit);

		if (p != current)
		{
			periods++;
			current = p;
		}
	}
	return periods;
}

/*
 * Gaps are the days between consecutive distinct purchase dates.  Their mean
 * telescopes to (last - first) / (ndays - 1); the standard deviation is a
 * second pass around that exact mean, which is accurate and independent of
 * the order in which the dates were aggregated.
 */
static void
gap_statistics(const int32_t *days, int32_t ndays, SummaryDates *out)
{
	int32_t		ngaps = ndays - 1;
	int32_t		max_gap = 0;
	double		mean;
	double		sum_sq = 0.0;

	out->has_gaps = ngaps >= 1;
	out->has_gap_stddev = ngaps >= 2;
	out->mean_gap = out->gap_stddev = 0.0;	/* defined even when not valid */
	out->max_gap = out->last_gap = 0;
	if (!out->has_gaps)
		return;

	mean = ((double) days[ndays - 1] - (double) days[0]) / ngaps;
	for (int32_t i = 1; i < ndays; i++)
	{
		int32_t		gap = days[i] - days[i - 1];
		double		dev = gap - mean;

		if (gap > max_gap)
			max_gap = gap;
		sum_sq += dev * dev;
	}
	out->mean_gap = mean;
	out->max_gap = max_gap;
	out->last_gap = days[ndays - 1] - days[ndays - 2];
	if (out->has_gap_stddev)
		out->gap_stddev = sqrt(sum_sq / (ngaps - 1));
}

void
summary_dates(const int32_t *days, int32_t ndays, int32_t as_of,
			  PeriodUnit unit, SummaryDates *out)
{
	int64_t		first_period = period_index(days[0], unit);

	out->first_day = days[0];
	out->last_day = days[ndays - 1];
	out->periods = count_distinct_periods(days, ndays, unit);
	out->frequency = out->periods - 1;
	out->recency = (double) (period_index(out->last_day, unit) - first_period);
	out->age = (double) (period_index(as_of, unit) - first_period);
	out->days_since_last = as_of - out->last_day;
	gap_statistics(days, ndays, out);
}
