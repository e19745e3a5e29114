/*
 * retention_codec.c
 *		Text and binary codecs of portfolio.activity, portfolio.cohort_matrix
 *		and portfolio.period_retention.  See retention_codec.h.
 */
#include "retention_codec.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#define FIXED128_MIN ((fixed128) ((unsigned __int128) 1 << 127))

static bool
day_is_valid(int64_t day)
{
	return day >= DATE_FIRST_DAY && day < DATE_END_DAY;
}

/* ---------- reading text ---------- */

/* A date as [-]YYYY-MM-DD, a real calendar day within PostgreSQL's range. */
static bool
read_date(TextCursor *c, int32_t *result)
{
	int64_t		year,
				month,
				mday,
				day,
				check_year;
	int			check_month,
				check_mday;

	if (!text_int64(c, INT32_MIN, TEXT_DATE, &year))
		return false;
	if (*c->p != '-')
		return text_fail(c, TEXT_DATE);
	c->p++;
	if (!text_int64(c, 1, TEXT_MONTH, &month))
		return false;
	if (*c->p != '-' || month > 12)
		return text_fail(c, TEXT_DATE);
	c->p++;
	if (!text_int64(c, 1, TEXT_MDAY, &mday))
		return false;
	if (mday > 31 || year > 6000000)
		return text_fail(c, TEXT_DATE);
	day = period_day_from_civil(year, (int) month, (int) mday);
	if (!day_is_valid(day))
		return text_fail(c, TEXT_DATE_RANGE);
	period_civil_from_day((int32_t) day, &check_year, &check_month, &check_mday);
	if (check_month != month || check_mday != mday)
		return text_fail(c, TEXT_VALID_DATE);
	*result = (int32_t) day;
	return true;
}

/* The first day of a period: its index. */
static bool
read_period(TextCursor *c, PeriodUnit unit, int32_t *period)
{
	int32_t		day;
	int64_t		index;

	if (!read_date(c, &day))
		return false;
	index = period_index(day, unit);
	if (period_start_day(index, unit) != day)
		return text_fail_word(c, TEXT_PERIOD_START, period_unit_name(unit));
	*period = (int32_t) index;
	return true;
}

/* A period after the previous item's and not after as_of's. */
static bool
read_later_period(RetentionReader *r, int32_t *period)
{
	if (!read_period(&r->c, r->unit, period))
		return false;
	if (*period <= r->previous || *period > r->last_period)
		return text_fail(&r->c, TEXT_PERIOD_ORDER);
	r->previous = *period;
	return true;
}

/* A revenue with at most scale decimals, in units of 10^-scale. */
static bool
read_revenue(RetentionReader *r, fixed128 *value)
{
	TextCursor *c = &r->c;
	int			decimals;
	size_t		len;

	text_skip_spaces(c);
	len = fixed128_parse(c->p, value, &decimals);
	if (len == 0 || decimals > r->scale || !fixed128_rescale(*value, decimals, r->scale, value))
		return text_fail_number(c, TEXT_AMOUNT, r->scale);
	c->p += len;
	return true;
}

static bool
read_unit(TextCursor *c, PeriodUnit *unit)
{
	const char *start;

	text_skip_spaces(c);
	start = c->p;
	while (isalpha((unsigned char) *c->p))
		c->p++;
	return period_unit_parse(start, (size_t) (c->p - start), unit) || text_fail(c, TEXT_UNIT);
}

static bool
read_scale(TextCursor *c, int *scale)
{
	int64_t		value;

	if (!text_expect(c, ",") || !text_expect(c, "scale") ||
		!text_int64(c, 0, TEXT_SCALE, &value))
		return false;
	/* checked before narrowing: (int) 277777777777777777 is negative */
	if (value > FIXED128_MAX_SCALE)
		return text_fail_number(c, TEXT_SCALE_MAX, FIXED128_MAX_SCALE);
	*scale = (int) value;
	return true;
}

bool
retention_text_begin(RetentionReader *r, const char *input)
{
	memset(r, 0, sizeof(*r));
	text_cursor_init(&r->c, input);
	r->previous = INT64_MIN;
	if (!read_unit(&r->c, &r->unit) || !text_expect(&r->c, "as of") ||
		!read_date(&r->c, &r->as_of) || !read_scale(&r->c, &r->scale) ||
		!text_expect(&r->c, ":"))
		return false;
	r->last_period = (int32_t) period_index(r->as_of, r->unit);
	return true;
}

TextStep
activity_text_next(RetentionReader *r, int32_t periods_read)
{
	TextStep	step = text_next_item(&r->c, periods_read == 0);

	if (step == TEXT_STEP_END && periods_read == 0)
	{
		text_fail(&r->c, TEXT_PERIODS);
		return TEXT_STEP_ERROR;
	}
	return step;
}

bool
activity_text_period(RetentionReader *r, ActivityPeriod *period)
{
	memset(period, 0, sizeof(*period));
	return read_later_period(r, &period->period) && read_revenue(r, &period->revenue);
}

TextStep
retention_text_next(RetentionReader *r, int32_t *d)
{
	TextStep	step = text_next_item(&r->c, r->previous == INT64_MIN);
	int32_t		period;

	if (step != TEXT_STEP_ITEM)
		return step;
	if (!read_later_period(r, &period))
		return TEXT_STEP_ERROR;
	*d = r->last_period - period;
	return TEXT_STEP_ITEM;
}

static bool
read_count(RetentionReader *r, int64_t min, TextProblem problem, int64_t *count)
{
	return text_int64(&r->c, min, problem, count);
}

bool
cohort_text_row(RetentionReader *r, CohortMatrix *m, int32_t d)
{
	if (!text_expect(&r->c, "size") ||
		!read_count(r, 1, TEXT_COHORT_SIZE, cohort_size(m, d)) ||
		!text_expect(&r->c, ":"))
		return false;
	for (int32_t k = 0; k <= d; k++)
	{
		CohortCell *cell = cohort_cell(m, d, k);

		if ((k > 0 && !text_expect(&r->c, ",")) ||
			!read_count(r, 0, TEXT_ACTIVE, &cell->active) ||
			!read_revenue(r, &cell->revenue))
			return false;
	}
	return true;
}

bool
figures_text_row(RetentionReader *r, PeriodRetention *pr, int32_t d)
{
	PeriodFigures *f = &pr->figures[d];

	return read_count(r, 0, TEXT_ACTIVE, &f->active) &&
		read_count(r, 0, TEXT_NEW, &f->new_customers) &&
		read_count(r, 0, TEXT_RETAINED, &f->retained) &&
		read_revenue(r, &f->revenue) &&
		read_revenue(r, &f->retained_revenue) &&
		read_revenue(r, &f->gross_retained);
}

static bool
check_consistent(RetentionReader *r, const char *inconsistency)
{
	return inconsistency == NULL ||
		text_fail_word(&r->c, TEXT_INCONSISTENT, inconsistency);
}

bool
cohort_matrix_text_check(RetentionReader *r, const CohortMatrix *m)
{
	return check_consistent(r, cohort_matrix_inconsistency(m));
}

bool
period_retention_text_check(RetentionReader *r, const PeriodRetention *pr)
{
	return check_consistent(r, period_retention_inconsistency(pr));
}

/* ---------- writing text ---------- */

static void
write_date(TextOut *out, int64_t day)
{
	char		text[32];
	int64_t		year;
	int			month;
	int			mday;

	period_civil_from_day((int32_t) day, &year, &month, &mday);
	text_out_bytes(out, text, (size_t) snprintf(text, sizeof(text), "%04lld-%02d-%02d",
												 (long long) year, month, mday));
}

static void
write_header(TextOut *out, PeriodUnit unit, int32_t as_of, int scale)
{
	text_out_string(out, period_unit_name(unit));
	text_out_string(out, " as of ");
	write_date(out, as_of);
	text_out_string(out, ", scale ");
	text_out_int64(out, scale);
	text_out_char(out, ':');
}

static void
write_period(TextOut *out, bool first_item, int64_t period, PeriodUnit unit)
{
	text_out_string(out, first_item ? " " : "; ");
	write_date(out, period_start_day(period, unit));
}

static void
write_revenue(TextOut *out, fixed128 revenue, int scale)
{
	char		text[FIXED128_TEXT_SIZE];

	text_out_char(out, ' ');
	text_out_bytes(out, text, (size_t) fixed128_format(revenue, scale, text));
}

static void
write_count(TextOut *out, const char *before, int64_t count)
{
	text_out_string(out, before);
	text_out_int64(out, count);
}

void
activity_text_write(const Activity *a, TextOut *out)
{
	write_header(out, (PeriodUnit) a->unit, a->as_of, a->scale);
	for (int32_t i = 0; i < a->count; i++)
	{
		write_period(out, i == 0, a->periods[i].period, (PeriodUnit) a->unit);
		write_revenue(out, a->periods[i].revenue, a->scale);
	}
}

/* One cohort: its size and cells. */
static void
write_cohort(TextOut *out, const CohortMatrix *m, int32_t d)
{
	write_count(out, " size ", cohort_size_const(m, d));
	text_out_char(out, ':');
	for (int32_t k = 0; k <= d; k++)
	{
		const CohortCell *cell = cohort_cell_const(m, d, k);

		write_count(out, k == 0 ? " " : ", ", cell->active);
		write_revenue(out, cell->revenue, m->h.scale);
	}
}

void
cohort_matrix_text_write(const CohortMatrix *m, TextOut *out)
{
	bool		first_item = true;

	write_header(out, (PeriodUnit) m->h.unit, m->h.as_of, m->h.scale);
	for (int32_t d = m->h.rows - 1; d >= 0; d--)
	{
		if (cohort_size_const(m, d) == 0)
			continue;
		write_period(out, first_item, m->h.last_period - d, (PeriodUnit) m->h.unit);
		write_cohort(out, m, d);
		first_item = false;
	}
}

void
period_retention_text_write(const PeriodRetention *pr, TextOut *out)
{
	int32_t		first = pr->h.rows - 1;

	write_header(out, (PeriodUnit) pr->h.unit, pr->h.as_of, pr->h.scale);
	while (first >= 0 && pr->figures[first].active == 0)
		first--;
	for (int32_t d = first; d >= 0; d--)
	{
		const PeriodFigures *f = &pr->figures[d];

		write_period(out, d == first, pr->h.last_period - d, (PeriodUnit) pr->h.unit);
		write_count(out, " ", f->active);
		write_count(out, " ", f->new_customers);
		write_count(out, " ", f->retained);
		write_revenue(out, f->revenue, pr->h.scale);
		write_revenue(out, f->retained_revenue, pr->h.scale);
		write_revenue(out, f->gross_retained, pr->h.scale);
	}
}

/* ---------- binary ---------- */

#define HEAD_BYTES 7			/* version, unit, scale, as_of */
#define PERIOD_BYTES 20			/* i32 period, i128 revenue */
#define FIGURES_BYTES 72		/* three i64 counts, three i128 revenues */

/* Most rows (activity: periods) a value of that many bytes a row can have. */
#define ACTIVITY_MAX_COUNT \
	((int64_t) ((VALUE_MAX_BYTES - sizeof(Activity)) / sizeof(ActivityPeriod)))
#define PERIOD_RETENTION_MAX_ROWS \
	((int64_t) ((VALUE_MAX_BYTES - sizeof(PeriodRetention)) / sizeof(PeriodFigures)))

/* The most rows a cohort matrix can have within the 1 GB limit. */
static int64_t
cohort_matrix_max_rows(void)
{
	int64_t		rows = 0;

	while (cohort_matrix_bytes(rows + 1) <= VALUE_MAX_BYTES)
		rows++;
	return rows;
}

static void
write_head(ByteWriter *w, uint8_t unit, uint8_t scale, int32_t as_of)
{
	bytes_put_u8(w, BINARY_FORMAT_VERSION);
	bytes_put_u8(w, unit);
	bytes_put_u8(w, scale);
	bytes_put_i32(w, as_of);
}

static bool
read_head(ByteReader *r, RetentionHead *head)
{
	size_t		at;

	memset(head, 0, sizeof(*head));
	if (!bytes_version(r) ||
		!bytes_u8_in(r, BINARY_UNIT, 0, PERIOD_UNIT_COUNT - 1, &head->unit) ||
		!bytes_u8_in(r, BINARY_SCALE, 0, FIXED128_MAX_SCALE, &head->scale))
		return false;
	at = r->pos;
	if (!bytes_i32(r, BINARY_DATE, &head->as_of))
		return false;
	return day_is_valid(head->as_of) || bytes_fail(r, at, BINARY_DATE);
}

static bool
read_revenue_bytes(ByteReader *r, fixed128 *revenue)
{
	if (!bytes_i128(r, BINARY_REVENUE, revenue))
		return false;
	return *revenue != FIXED128_MIN || bytes_fail(r, r->pos - 16, BINARY_REVENUE);
}

static bool
read_count_bytes(ByteReader *r, int64_t *count)
{
	return bytes_i64_in(r, BINARY_COUNT, 0, INT64_MAX, count);
}

size_t
activity_binary_size(const Activity *a)
{
	return HEAD_BYTES + 4 + (size_t) a->count * PERIOD_BYTES;
}

void
activity_binary_write(const Activity *a, uint8_t *out)
{
	ByteWriter	w = {out};

	write_head(&w, a->unit, a->scale, a->as_of);
	bytes_put_i32(&w, a->count);
	for (int32_t i = 0; i < a->count; i++)
	{
		bytes_put_i32(&w, a->periods[i].period);
		bytes_put_i128(&w, a->periods[i].revenue);
	}
}

bool
activity_binary_head(ByteReader *r, RetentionHead *head)
{
	if (!read_head(r, head) ||
		!bytes_i32_in(r, BINARY_COUNT, 1, ACTIVITY_MAX_COUNT, &head->rows))
		return false;
	head->room = head->rows;
	return bytes_items_left(r, head->rows, PERIOD_BYTES, BINARY_PERIOD);
}

/* A period after the one before, not after as_of's, starting on a valid day. */
static bool
read_period_bytes(ByteReader *r, PeriodUnit unit, int64_t previous, int64_t last,
				  int32_t *period)
{
	if (!bytes_i32(r, BINARY_PERIOD, period))
		return false;
	if (*period <= previous || *period > last ||
		!day_is_valid(period_start_day(*period, unit)))
		return bytes_fail(r, r->pos - 4, BINARY_PERIOD);
	return true;
}

bool
activity_binary_read(ByteReader *r, const RetentionHead *head, Activity *a)
{
	int64_t		last = period_index(head->as_of, (PeriodUnit) head->unit);

	memset(&a->unit, 0, activity_bytes(head->rows) - offsetof(Activity, unit));
	a->unit = head->unit;
	a->scale = head->scale;
	a->as_of = head->as_of;
	a->count = head->rows;
	for (int32_t i = 0; i < a->count; i++)
	{
		ActivityPeriod *p = &a->periods[i];

		if (!read_period_bytes(r, (PeriodUnit) a->unit, i == 0 ? INT64_MIN : p[-1].period,
							   last, &p->period) ||
			!read_revenue_bytes(r, &p->revenue))
			return false;
	}
	return bytes_end(r);
}

/* The rows and room of a cohort matrix or period figures. */
static bool
read_rows(ByteReader *r, RetentionHead *head, int64_t max_rows)
{
	size_t		at = r->pos;
	int64_t		last;

	if (!bytes_i32_in(r, BINARY_ROWS, 0, max_rows, &head->rows))
		return false;
	last = period_index(head->as_of, (PeriodUnit) head->unit);
	if (head->rows > 0 &&
		!day_is_valid(period_start_day(last - (head->rows - 1), (PeriodUnit) head->unit)))
		return bytes_fail(r, at, BINARY_ROWS);
	return bytes_i32_in(r, BINARY_ROOM, head->rows, max_rows, &head->room);
}

static void
write_retention_head(ByteWriter *w, const RetentionHeader *h)
{
	write_head(w, h->unit, h->scale, h->as_of);
	bytes_put_i32(w, h->rows);
	bytes_put_i32(w, h->capacity);
}

static void
start_rows(RetentionHeader *h, const RetentionHead *head)
{
	h->scale = head->scale;
	h->rows = head->rows;
}

/* The checks after the rows: the oldest is not empty (if it must not be), the counts agree. */
static bool
check_rows(ByteReader *r, bool oldest_empty, size_t oldest_at, const char *inconsistency)
{
	if (oldest_empty)
		return bytes_fail(r, oldest_at, BINARY_OLDEST_ROW);
	if (inconsistency != NULL)
		return bytes_fail_word(r, oldest_at, BINARY_INCONSISTENT, inconsistency);
	return bytes_end(r);
}

size_t
cohort_matrix_binary_size(const CohortMatrix *m)
{
	return HEAD_BYTES + 8 + (cohort_matrix_bytes(m->h.rows) - sizeof(CohortMatrix));
}

void
cohort_matrix_binary_write(const CohortMatrix *m, uint8_t *out)
{
	ByteWriter	w = {out};

	write_retention_head(&w, &m->h);
	for (int32_t d = 0; d < m->h.rows; d++)
	{
		bytes_put_i64(&w, cohort_size_const(m, d));
		for (int32_t k = 0; k <= d; k++)
		{
			bytes_put_i64(&w, cohort_cell_const(m, d, k)->active);
			bytes_put_i128(&w, cohort_cell_const(m, d, k)->revenue);
		}
	}
}

bool
cohort_matrix_binary_head(ByteReader *r, RetentionHead *head)
{
	int64_t		max_rows = cohort_matrix_max_rows();

	if (!read_head(r, head) || !read_rows(r, head, max_rows))
		return false;
	/* a row is as long in binary as in memory: an i64 size, 24-byte cells */
	return bytes_items_left(r, (int64_t) (cohort_matrix_bytes(head->rows) - sizeof(CohortMatrix)),
							1, BINARY_ROW_DATA);
}

static bool
read_cohort_row(ByteReader *r, CohortMatrix *m, int32_t d)
{
	if (!read_count_bytes(r, cohort_size(m, d)))
		return false;
	for (int32_t k = 0; k <= d; k++)
		if (!read_count_bytes(r, &cohort_cell(m, d, k)->active) ||
			!read_revenue_bytes(r, &cohort_cell(m, d, k)->revenue))
			return false;
	return true;
}

bool
cohort_matrix_binary_read(ByteReader *r, const RetentionHead *head, CohortMatrix *m)
{
	size_t		oldest_at = r->pos;

	start_rows(&m->h, head);
	for (int32_t d = 0; d < head->rows; d++)
	{
		oldest_at = r->pos;
		if (!read_cohort_row(r, m, d))
			return false;
	}
	return check_rows(r, head->rows > 0 && cohort_size_const(m, head->rows - 1) == 0,
					  oldest_at, cohort_matrix_inconsistency(m));
}

size_t
period_retention_binary_size(const PeriodRetention *pr)
{
	return HEAD_BYTES + 8 + (size_t) pr->h.rows * FIGURES_BYTES;
}

void
period_retention_binary_write(const PeriodRetention *pr, uint8_t *out)
{
	ByteWriter	w = {out};

	write_retention_head(&w, &pr->h);
	for (int32_t d = 0; d < pr->h.rows; d++)
	{
		const PeriodFigures *f = &pr->figures[d];

		bytes_put_i64(&w, f->active);
		bytes_put_i64(&w, f->new_customers);
		bytes_put_i64(&w, f->retained);
		bytes_put_i128(&w, f->revenue);
		bytes_put_i128(&w, f->retained_revenue);
		bytes_put_i128(&w, f->gross_retained);
	}
}

bool
period_retention_binary_head(ByteReader *r, RetentionHead *head)
{
	return read_head(r, head) && read_rows(r, head, PERIOD_RETENTION_MAX_ROWS) &&
		bytes_items_left(r, head->rows, FIGURES_BYTES, BINARY_ROW_DATA);
}

static bool
read_figures(ByteReader *r, PeriodFigures *f)
{
	return read_count_bytes(r, &f->active) && read_count_bytes(r, &f->new_customers) &&
		read_count_bytes(r, &f->retained) && read_revenue_bytes(r, &f->revenue) &&
		read_revenue_bytes(r, &f->retained_revenue) && read_revenue_bytes(r, &f->gross_retained);
}

bool
period_retention_binary_read(ByteReader *r, const RetentionHead *head, PeriodRetention *pr)
{
	size_t		oldest_at = r->pos;

	start_rows(&pr->h, head);
	for (int32_t d = 0; d < head->rows; d++)
	{
		oldest_at = r->pos;
		if (!read_figures(r, &pr->figures[d]))
			return false;
	}
	/* no check of the oldest period: the text input takes idle ones */
	return check_rows(r, false, oldest_at, period_retention_inconsistency(pr));
}
