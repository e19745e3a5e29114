/*
 * retention_types.c
 *		Text input and output of portfolio.activity, portfolio.cohort_matrix
 *		and portfolio.period_retention.
 *
 * The text is lossless, so that distributed engines can ship partial states
 * as text, and independent of DateStyle.  Every value starts with its unit,
 * as_of date and revenue scale; then items separated by semicolons, each
 * naming its period by its first day:
 *
 *   activity         month as of 1998-06-30, scale 2: 1997-01-01 29.33; 1997-03-01 15.00
 *                    (purchase period, revenue)
 *   cohort_matrix    month as of 1997-03-31, scale 2: 1997-01-01 size 3: 3 29.33, 1 15.00, 0 0.00; ...
 *                    (cohort, members, then active customers and revenue at
 *                    each period offset 0 .. as_of's period)
 *   period_retention month as of 1997-03-31, scale 2: 1997-01-01 3 3 0 29.33 0.00 0.00; ...
 *                    (period, active, new, retained, revenue, retained
 *                    revenue, gross retained revenue)
 *
 * Cohorts without members, and periods without active customers before the
 * first one that has some, are left out.
 */
#include "postgres.h"

#include <ctype.h>

#include "datatype/timestamp.h"
#include "lib/stringinfo.h"
#include "utils/date.h"

#include "period.h"
#include "portfolio.h"
#include "retention.h"
#include "text_scan.h"

PG_FUNCTION_INFO_V1(activity_in);
PG_FUNCTION_INFO_V1(activity_out);
PG_FUNCTION_INFO_V1(cohort_matrix_in);
PG_FUNCTION_INFO_V1(cohort_matrix_out);
PG_FUNCTION_INFO_V1(period_retention_in);
PG_FUNCTION_INFO_V1(period_retention_out);

/* ---------- writing ---------- */

typedef struct Header
{
	PeriodUnit	unit;
	DateADT		as_of;
	int			scale;
} Header;

static void
write_header(StringInfo buf, const Header *h)
{
	appendStringInfo(buf, "%s as of %s, scale %d:", period_unit_name(h->unit),
					 portfolio_date_text(h->as_of), h->scale);
}

static void
write_period(StringInfo buf, bool first_item, int64 period, PeriodUnit unit)
{
	appendStringInfo(buf, "%s %s", first_item ? "" : ";",
					 portfolio_date_text(portfolio_period_start(period, unit)));
}

static void
write_revenue(StringInfo buf, fixed128 revenue, int scale)
{
	char		text[FIXED128_TEXT_SIZE];

	fixed128_format(revenue, scale, text);
	appendStringInfo(buf, " %s", text);
}

/* ---------- reading ---------- */

/* A date as [-]YYYY-MM-DD, a real calendar day within PostgreSQL's range. */
static DateADT
scan_date(Scanner *s)
{
	int64		year;
	int64		month;
	int64		mday;
	int64		day;
	int64		check_year;
	int			check_month;
	int			check_mday;

	scan_skip_spaces(s);
	year = scan_int64(s, PG_INT32_MIN, "a date");
	if (*s->p != '-')
		scan_error(s, "a date");
	s->p++;
	month = scan_int64(s, 1, "a month");
	if (*s->p != '-' || month > 12)
		scan_error(s, "a date");
	s->p++;
	mday = scan_int64(s, 1, "a day of the month");
	if (mday > 31 || year > 6000000)
		scan_error(s, "a date");
	day = period_day_from_civil(year, (int) month, (int) mday);
	if (day < PG_INT32_MIN || day > PG_INT32_MAX || !IS_VALID_DATE((DateADT) day))
		scan_error(s, "a date within PostgreSQL's range");
	period_civil_from_day((int32) day, &check_year, &check_month, &check_mday);
	if (check_month != month || check_mday != mday)
		scan_error(s, "a valid date");
	return (DateADT) day;
}

/* The first day of a period: its index. */
static int32
scan_period(Scanner *s, PeriodUnit unit)
{
	DateADT		day = scan_date(s);
	int64		period = period_index(day, unit);

	if (period_start_day(period, unit) != day)
		scan_error(s, psprintf("the first day of a %s", period_unit_name(unit)));
	return (int32) period;
}

/* A revenue with at most scale decimals, in units of 10^-scale. */
static fixed128
scan_revenue(Scanner *s, int scale)
{
	fixed128	value;
	int			decimals;
	size_t		len;

	scan_skip_spaces(s);
	len = fixed128_parse(s->p, &value, &decimals);
	if (len == 0 || decimals > scale || !fixed128_rescale(value, decimals, scale, &value))
		scan_error(s, psprintf("an amount with at most %d decimals", scale));
	s->p += len;
	return value;
}

static void
scan_header(Scanner *s, Header *h)
{
	const char *start;
	int64		scale;

	scan_skip_spaces(s);
	start = s->p;
	while (isalpha((unsigned char) *s->p))
		s->p++;
	if (!period_unit_parse(start, s->p - start, &h->unit))
		scan_error(s, "a period unit");
	scan_expect(s, "as of");
	h->as_of = scan_date(s);
	scan_expect(s, ",");
	scan_expect(s, "scale");
	scale = scan_int64(s, 0, "a scale");
	/* checked before narrowing: (int) 277777777777777777 is negative */
	if (scale > FIXED128_MAX_SCALE)
		scan_error(s, psprintf("a scale of at most %d", FIXED128_MAX_SCALE));
	h->scale = (int) scale;
	scan_expect(s, ":");
}

/* A period that must come after the previous item's and not after as_of's. */
static int32
scan_later_period(Scanner *s, PeriodUnit unit, int64 previous, int32 last_period)
{
	int32		period = scan_period(s, unit);

	if (period <= previous || period > last_period)
		scan_error(s, "periods in ascending order, none after as_of's");
	return period;
}

/* ---------- activity ---------- */

Datum
activity_out(PG_FUNCTION_ARGS)
{
	const Activity *a = DatumGetActivity(PG_GETARG_DATUM(0));
	Header		h = {(PeriodUnit) a->unit, a->as_of, a->scale};
	StringInfoData buf;

	initStringInfo(&buf);
	write_header(&buf, &h);
	for (int32 i = 0; i < a->count; i++)
	{
		write_period(&buf, i == 0, a->periods[i].period, h.unit);
		write_revenue(&buf, a->periods[i].revenue, h.scale);
	}
	PG_RETURN_CSTRING(buf.data);
}

Datum
activity_in(PG_FUNCTION_ARGS)
{
	Scanner		s = {PG_GETARG_CSTRING(0), PG_GETARG_CSTRING(0), "portfolio.activity"};
	Header		h;
	int32		last_period;
	int64		previous = PG_INT64_MIN;
	Activity   *a;
	int32		capacity = 8;

	scan_header(&s, &h);
	last_period = (int32) period_index(h.as_of, h.unit);
	a = palloc0(activity_bytes(capacity));
	while (scan_next_item(&s, a->count == 0))
	{
		ActivityPeriod *p;

		if (a->count == capacity)
		{
			capacity *= 2;
			a = repalloc(a, activity_bytes(capacity));
		}
		p = &a->periods[a->count++];
		memset(p, 0, sizeof(*p));
		p->period = scan_later_period(&s, h.unit, previous, last_period);
		p->revenue = scan_revenue(&s, h.scale);
		previous = p->period;
	}
	if (a->count == 0)
		scan_error(&s, "at least one purchase period");
	a->unit = h.unit;
	a->scale = (uint8) h.scale;
	a->as_of = h.as_of;
	SET_VARSIZE(a, activity_bytes(a->count));
	PG_RETURN_POINTER(a);
}

/* ---------- cohort_matrix and period_retention ---------- */

/* Read the row of period last_period - d into a value that has room for it. */
typedef void (*RowScanner) (Scanner *s, RetentionHeader *h, int32 d);

/*
 * A cohort matrix or period figures: the header, then one item per row with
 * data, oldest first.  The oldest one sets the rows of the value.
 */
static RetentionHeader *
scan_retention(Scanner *s, const RetentionKind *kind, RowScanner scan_row)
{
	Header		hd;
	RetentionHeader *h;
	int64		previous = PG_INT64_MIN;

	scan_header(s, &hd);
	h = retention_alloc(kind, hd.unit, hd.as_of, 0);
	h->scale = (uint8) hd.scale;
	while (scan_next_item(s, previous == PG_INT64_MIN))
	{
		int32		period = scan_later_period(s, hd.unit, previous, h->last_period);
		int32		d = h->last_period - period;

		if (previous == PG_INT64_MIN)
		{
			RetentionHeader *sized = retention_alloc(kind, hd.unit, hd.as_of, d + 1);

			sized->scale = h->scale;
			sized->rows = d + 1;
			h = sized;
		}
		scan_row(s, h, d);
		previous = period;
	}
	return h;
}

/* 22P02 when the counts read do not fit together. */
static void
check_consistent(const Scanner *s, const char *inconsistency)
{
	if (inconsistency != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
				 errmsg("invalid %s: \"%s\"", s->type, s->input),
				 errdetail("%s", inconsistency)));
}

/* ---------- cohort_matrix ---------- */

Datum
cohort_matrix_out(PG_FUNCTION_ARGS)
{
	const CohortMatrix *m = DatumGetCohortMatrix(PG_GETARG_DATUM(0));
	Header		h = {(PeriodUnit) m->h.unit, m->h.as_of, m->h.scale};
	StringInfoData buf;
	bool		first_item = true;

	initStringInfo(&buf);
	write_header(&buf, &h);
	for (int32 d = m->h.rows - 1; d >= 0; d--)
	{
		if (cohort_size_const(m, d) == 0)
			continue;
		write_period(&buf, first_item, m->h.last_period - d, h.unit);
		appendStringInfo(&buf, " size " INT64_FORMAT ":", cohort_size_const(m, d));
		for (int32 k = 0; k <= d; k++)
		{
			const CohortCell *cell = cohort_cell_const(m, d, k);

			appendStringInfo(&buf, "%s " INT64_FORMAT, k == 0 ? "" : ",", cell->active);
			write_revenue(&buf, cell->revenue, h.scale);
		}
		first_item = false;
	}
	PG_RETURN_CSTRING(buf.data);
}

/* One cohort's size and cells, into a matrix that has room for its row d. */
static void
scan_cohort_row(Scanner *s, RetentionHeader *h, int32 d)
{
	CohortMatrix *m = (CohortMatrix *) h;

	scan_expect(s, "size");
	*cohort_size(m, d) = scan_int64(s, 1, "a cohort size of at least 1");
	scan_expect(s, ":");
	for (int32 k = 0; k <= d; k++)
	{
		CohortCell *cell = cohort_cell(m, d, k);

		if (k > 0)
			scan_expect(s, ",");
		cell->active = scan_int64(s, 0, "a count of active customers");
		cell->revenue = scan_revenue(s, h->scale);
	}
}

Datum
cohort_matrix_in(PG_FUNCTION_ARGS)
{
	Scanner		s = {PG_GETARG_CSTRING(0), PG_GETARG_CSTRING(0), "portfolio.cohort_matrix"};
	RetentionHeader *h = scan_retention(&s, &cohort_matrix_kind, scan_cohort_row);

	check_consistent(&s, cohort_matrix_inconsistency((CohortMatrix *) h));
	PG_RETURN_POINTER(h);
}

/* ---------- period_retention ---------- */

Datum
period_retention_out(PG_FUNCTION_ARGS)
{
	const PeriodRetention *r = DatumGetPeriodRetention(PG_GETARG_DATUM(0));
	Header		h = {(PeriodUnit) r->h.unit, r->h.as_of, r->h.scale};
	StringInfoData buf;
	int32		first = r->h.rows - 1;

	initStringInfo(&buf);
	write_header(&buf, &h);
	while (first >= 0 && r->figures[first].active == 0)
		first--;
	for (int32 d = first; d >= 0; d--)
	{
		const PeriodFigures *f = &r->figures[d];

		write_period(&buf, d == first, r->h.last_period - d, h.unit);
		appendStringInfo(&buf, " " INT64_FORMAT " " INT64_FORMAT " " INT64_FORMAT,
						 f->active, f->new_customers, f->retained);
		write_revenue(&buf, f->revenue, h.scale);
		write_revenue(&buf, f->retained_revenue, h.scale);
		write_revenue(&buf, f->gross_retained, h.scale);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* One period's figures, into figures that have room for its row d. */
static void
scan_figures_row(Scanner *s, RetentionHeader *h, int32 d)
{
	PeriodFigures *f = &((PeriodRetention *) h)->figures[d];

	f->active = scan_int64(s, 0, "a count of active customers");
	f->new_customers = scan_int64(s, 0, "a count of new customers");
	f->retained = scan_int64(s, 0, "a count of retained customers");
	f->revenue = scan_revenue(s, h->scale);
	f->retained_revenue = scan_revenue(s, h->scale);
	f->gross_retained = scan_revenue(s, h->scale);
}

Datum
period_retention_in(PG_FUNCTION_ARGS)
{
	Scanner		s = {PG_GETARG_CSTRING(0), PG_GETARG_CSTRING(0), "portfolio.period_retention"};
	RetentionHeader *h = scan_retention(&s, &period_retention_kind, scan_figures_row);

	check_consistent(&s, period_retention_inconsistency((PeriodRetention *) h));
	PG_RETURN_POINTER(h);
}
