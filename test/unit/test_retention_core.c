/*
 * test_retention_core.c
 *		128-bit decimal text, and activities accumulated into cohort and
 *		period retention figures, against values worked out by hand.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "period.h"
#include "retention_core.h"

static void
test_fixed128_text(void)
{
	char		buf[FIXED128_TEXT_SIZE];
	fixed128	v;
	int			scale;
	fixed128	max = (fixed128) (((unsigned __int128) 1 << 127) - 1);

	fixed128_format(-5, 2, buf);
	CHECK(strcmp(buf, "-0.05") == 0, "format -5 at scale 2 is -0.05 (got %s)", buf);
	fixed128_format(1234500, 3, buf);
	CHECK(strcmp(buf, "1234.500") == 0, "format keeps trailing zeros (got %s)", buf);
	fixed128_format(0, 0, buf);
	CHECK(strcmp(buf, "0") == 0, "format zero at scale 0 (got %s)", buf);
	fixed128_format(max, 38, buf);
	CHECK(fixed128_parse(buf, &v, &scale) == strlen(buf) && v == max && scale == 38,
		  "the largest value at scale 38 round-trips (%s)", buf);
	CHECK(fixed128_parse("-12.50;", &v, &scale) == 6 && v == -1250 && scale == 2,
		  "parse stops at the first other character");
	CHECK(fixed128_parse("1.", &v, &scale) == 0 && fixed128_parse(".5", &v, &scale) == 0 &&
		  fixed128_parse("-", &v, &scale) == 0 && fixed128_parse("", &v, &scale) == 0,
		  "parse rejects a dangling point, a missing integer part and no digits");
	CHECK(fixed128_parse("170141183460469231731687303715884105728", &v, &scale) == 0,
		  "parse rejects 2^127");
	CHECK(!fixed128_rescale(max / 10 + 1, 0, 1, &v) && fixed128_rescale(max / 10, 0, 1, &v),
		  "rescale detects overflow exactly at the limit");
}

/* An activity of the given periods, revenues in units at scale 0. */
static Activity *
make_activity(int32_t as_of, PeriodUnit unit, const int32_t *periods, const int *revenues, int n)
{
	Activity   *a = calloc(1, activity_bytes(n));

	a->unit = (uint8_t) unit;
	a->as_of = as_of;
	a->count = n;
	for (int i = 0; i < n; i++)
	{
		a->periods[i].period = periods[i];
		a->periods[i].revenue = revenues[i];
	}
	return a;
}

static void
test_cohort_matrix(void)
{
	int32_t		as_of = 1000;	/* day numbers as periods, unit day */
	int32_t		p1[] = {998, 1000};
	int			r1[] = {5, 7};
	int32_t		p2[] = {998};
	int			r2[] = {3};
	Activity   *a1 = make_activity(as_of, PERIOD_DAY, p1, r1, 2);
	Activity   *a2 = make_activity(as_of, PERIOD_DAY, p2, r2, 1);
	CohortMatrix *m = calloc(1, cohort_matrix_bytes(3));
	CohortMatrix *twice = calloc(1, cohort_matrix_bytes(3));
	bool		ok;

	CHECK(activity_is_valid(a1) && activity_rows_needed(a1, 1000) == 3, "activity spans 3 rows");
	retention_init(&m->h, cohort_matrix_bytes(3), PERIOD_DAY, as_of, 1000, 3);
	retention_use_rows(&m->h, 3);
	ok = cohort_matrix_add(m, a1) == RETENTION_OK && cohort_matrix_add(m, a2) == RETENTION_OK;
	CHECK(ok, "two customers added");
	CHECK(*cohort_size(m, 2) == 2 && cohort_cell(m, 2, 0)->active == 2 &&
		  cohort_cell(m, 2, 0)->revenue == 8 && cohort_cell(m, 2, 1)->active == 0 &&
		  cohort_cell(m, 2, 2)->active == 1 && cohort_cell(m, 2, 2)->revenue == 7,
		  "cohort 998: size 2; offset 0 both (8), offset 1 none, offset 2 one (7)");
	CHECK(*cohort_size(m, 0) == 0 && *cohort_size(m, 1) == 0, "later cohorts are empty");
	CHECK(cohort_matrix_inconsistency(m) == NULL, "the matrix is consistent");

	retention_init(&twice->h, cohort_matrix_bytes(3), PERIOD_DAY, as_of, 1000, 3);
	twice->h.scale = 1;
	retention_use_rows(&twice->h, 3);
	ok = cohort_matrix_rescale(m, 1);
	CHECK(ok && m->h.scale == 1 && cohort_cell(m, 2, 0)->revenue == 80,
		  "rescale to 1 decimal multiplies by ten");
	ok = cohort_matrix_merge(twice, m) == RETENTION_OK && cohort_matrix_merge(twice, m) == RETENTION_OK;
	CHECK(ok && *cohort_size(twice, 2) == 4 && cohort_cell(twice, 2, 2)->revenue == 140,
		  "merging twice doubles sizes and revenue");
	*cohort_size(m, 2) = INT64_MAX;
	ok = cohort_matrix_merge(twice, m) == RETENTION_COUNT_OVERFLOW;
	CHECK(ok,
		  "a cohort size beyond int64 is a count overflow, not a wrapped negative size");
	cohort_cell(twice, 2, 1)->active = 5;
	CHECK(cohort_matrix_inconsistency(twice) != NULL, "more active than members is inconsistent");
	free(a1);
	free(a2);
	free(m);
	free(twice);
}

static void
test_period_retention(void)
{
	/* Periods 10..12: A buys 10 (10), 11 (4); B buys 10 (-3), 12 (6). */
	int32_t		pa[] = {10, 11};
	int			ra[] = {10, 4};
	int32_t		pb[] = {10, 12};
	int			rb[] = {-3, 6};
	Activity   *a = make_activity(12, PERIOD_DAY, pa, ra, 2);
	Activity   *b = make_activity(12, PERIOD_DAY, pb, rb, 2);
	PeriodRetention *r = calloc(1, period_retention_bytes(3));
	bool		ok;
	PeriodFigures *f10,
			   *f11,
			   *f12;

	retention_init(&r->h, period_retention_bytes(3), PERIOD_DAY, 12, 12, 3);
	retention_use_rows(&r->h, 3);
	ok = period_retention_add(r, a) == RETENTION_OK && period_retention_add(r, b) == RETENTION_OK;
	CHECK(ok, "two customers added");
	f10 = &r->figures[2];
	f11 = &r->figures[1];
	f12 = &r->figures[0];
	CHECK(f10->active == 2 && f10->new_customers == 2 && f10->revenue == 7,
		  "period 10: two new customers, revenue 10 - 3");
	CHECK(f11->active == 1 && f11->retained == 1 && f11->retained_revenue == 4 &&
		  f11->gross_retained == 4 - 3,
		  "period 11: A retained (min(4, 10)), B gone with min(0, -3)");
	CHECK(f12->active == 1 && f12->retained == 0 && f12->new_customers == 0 &&
		  f12->gross_retained == 0,
		  "period 12: B back but not retained; A gone with min(0, 4) = 0");
	CHECK(period_retention_inconsistency(r) == NULL, "the figures are consistent");
	free(a);
	free(b);
	free(r);
}

void
test_retention_core(void)
{
	test_fixed128_text();
	test_cohort_matrix();
	test_period_retention();
}
