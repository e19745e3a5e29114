/*
 * retention_core.c
 *		Accumulate customers' activity into cohort and period retention
 *		figures.
 */
#include "retention_core.h"

#include <string.h>

#include "period.h"

_Static_assert(sizeof(ActivityPeriod) == 24, "ActivityPeriod is 24 bytes");
_Static_assert(sizeof(Activity) == 16, "Activity header is 16 bytes");
_Static_assert(sizeof(CohortCell) == 24, "CohortCell is 24 bytes");
_Static_assert(sizeof(RetentionHeader) == 24, "RetentionHeader is 24 bytes");
_Static_assert(sizeof(CohortMatrix) == 24, "CohortMatrix header is 24 bytes");
_Static_assert(sizeof(PeriodFigures) == 72, "PeriodFigures is 72 bytes");
_Static_assert(sizeof(PeriodRetention) == 24, "PeriodRetention header is 24 bytes");

/* ---------- sizes and addressing ---------- */

uint64_t
activity_bytes(int64_t count)
{
	return sizeof(Activity) + (uint64_t) count * sizeof(ActivityPeriod);
}

/* Bytes of rows 0 .. d - 1: d sizes and 1 + 2 + ... + d cells. */
static uint64_t
rows_bytes(int64_t d)
{
	return (uint64_t) d * sizeof(int64_t) +
		(uint64_t) d * (uint64_t) (d + 1) / 2 * sizeof(CohortCell);
}

uint64_t
cohort_matrix_bytes(int64_t ncohorts)
{
	return sizeof(CohortMatrix) + rows_bytes(ncohorts);
}

uint64_t
period_retention_bytes(int64_t nperiods)
{
	return sizeof(PeriodRetention) + (uint64_t) nperiods * sizeof(PeriodFigures);
}

static char *
row_start(const CohortMatrix *m, int32_t d)
{
	return (char *) m + sizeof(CohortMatrix) + rows_bytes(d);
}

int64_t *
cohort_size(CohortMatrix *m, int32_t d)
{
	return (int64_t *) row_start(m, d);
}

int64_t
cohort_size_const(const CohortMatrix *m, int32_t d)
{
	return *(const int64_t *) row_start(m, d);
}

CohortCell *
cohort_cell(CohortMatrix *m, int32_t d, int32_t k)
{
	return (CohortCell *) (row_start(m, d) + sizeof(int64_t)) + k;
}

const CohortCell *
cohort_cell_const(const CohortMatrix *m, int32_t d, int32_t k)
{
	return (const CohortCell *) (row_start(m, d) + sizeof(int64_t)) + k;
}

bool
activity_is_valid(const Activity *a)
{
	int64_t		last_period;

	if (a->unit >= PERIOD_UNIT_COUNT || a->scale > FIXED128_MAX_SCALE || a->count < 1)
		return false;
	last_period = period_index(a->as_of, (PeriodUnit) a->unit);
	for (int32_t i = 0; i < a->count; i++)
	{
		if (a->periods[i].period > last_period ||
			(i > 0 && a->periods[i].period <= a->periods[i - 1].period))
			return false;
	}
	return true;
}

int32_t
activity_rows_needed(const Activity *a, int32_t last_period)
{
	return last_period - a->periods[0].period + 1;
}

/* ---------- set up and grow ---------- */

void
retention_init(RetentionHeader *h, uint64_t bytes, uint8_t unit, int32_t as_of,
			   int32_t last_period, int32_t capacity)
{
	memset((char *) h + sizeof(h->vl_len_), 0, bytes - sizeof(h->vl_len_));
	h->unit = unit;
	h->as_of = as_of;
	h->last_period = last_period;
	h->capacity = capacity;
}

void
retention_copy_rows(RetentionHeader *dst, const RetentionHeader *src, uint64_t used_bytes)
{
	int32_t		capacity = dst->capacity;

	memcpy((char *) dst + sizeof(dst->vl_len_), (const char *) src + sizeof(src->vl_len_),
		   used_bytes - sizeof(src->vl_len_));
	dst->capacity = capacity;
}

void
retention_use_rows(RetentionHeader *h, int32_t rows)
{
	if (rows > h->rows)
		h->rows = rows;
}

/* ---------- rescaling ---------- */

static bool
rescale(fixed128 *value, int from_scale, int to_scale)
{
	return fixed128_rescale(*value, from_scale, to_scale, value);
}

bool
cohort_matrix_rescale(CohortMatrix *m, int scale)
{
	for (int32_t d = 0; d < m->h.rows; d++)
		for (int32_t k = 0; k <= d; k++)
			if (!rescale(&cohort_cell(m, d, k)->revenue, m->h.scale, scale))
				return false;
	m->h.scale = (uint8_t) scale;
	return true;
}

bool
period_retention_rescale(PeriodRetention *r, int scale)
{
	for (int32_t d = 0; d < r->h.rows; d++)
	{
		PeriodFigures *f = &r->figures[d];

		if (!rescale(&f->revenue, r->h.scale, scale) ||
			!rescale(&f->retained_revenue, r->h.scale, scale) ||
			!rescale(&f->gross_retained, r->h.scale, scale))
			return false;
	}
	r->h.scale = (uint8_t) scale;
	return true;
}

/* ---------- accumulating ---------- */

/* *sum += value at from_scale, moved to to_scale (>= from_scale). */
static bool
add_scaled(fixed128 *sum, fixed128 value, int from_scale, int to_scale)
{
	return fixed128_rescale(value, from_scale, to_scale, &value) &&
		fixed128_add(*sum, value, sum);
}

/*
 * *count += n, false beyond int64: counts of a value typed in by hand can be
 * anything up to INT64_MAX, and wrapping would turn them negative.
 */
static bool
add_count(int64_t *count, int64_t n)
{
	return !__builtin_add_overflow(*count, n, count);
}

RetentionResult
cohort_matrix_add(CohortMatrix *m, const Activity *a)
{
	int32_t		cohort = a->periods[0].period;
	int32_t		d = m->h.last_period - cohort;

	if (!add_count(cohort_size(m, d), 1))
		return RETENTION_COUNT_OVERFLOW;
	for (int32_t i = 0; i < a->count; i++)
	{
		CohortCell *cell = cohort_cell(m, d, a->periods[i].period - cohort);

		if (!add_count(&cell->active, 1))
			return RETENTION_COUNT_OVERFLOW;
		if (!add_scaled(&cell->revenue, a->periods[i].revenue, a->scale, m->h.scale))
			return RETENTION_REVENUE_OVERFLOW;
	}
	return RETENTION_OK;
}

static PeriodFigures *
figures_of(PeriodRetention *r, int32_t period)
{
	return &r->figures[r->h.last_period - period];
}

/*
 * Each purchase period q adds the customer to q's active customers and, if
 * q - 1 was a purchase period too, to q's retained ones.  The customer was
 * active in q, so it also counts in q + 1's gross retained revenue: with
 * min(revenue in q + 1, revenue in q), where not buying in q + 1 is revenue 0.
 */
RetentionResult
period_retention_add(PeriodRetention *r, const Activity *a)
{
	bool		counts_ok = true;
	bool		revenue_ok = true;

	for (int32_t i = 0; i < a->count; i++)
	{
		const ActivityPeriod *now = &a->periods[i];
		const ActivityPeriod *before = (i > 0 && a->periods[i - 1].period == now->period - 1)
			? &a->periods[i - 1] : NULL;
		bool		buys_next = (i + 1 < a->count && a->periods[i + 1].period == now->period + 1);
		PeriodFigures *f = figures_of(r, now->period);

		counts_ok = counts_ok && add_count(&f->active, 1) && add_count(&f->new_customers, i == 0);
		revenue_ok = revenue_ok && add_scaled(&f->revenue, now->revenue, a->scale, r->h.scale);
		if (before != NULL)
		{
			fixed128	smaller = now->revenue < before->revenue ? now->revenue : before->revenue;

			counts_ok = counts_ok && add_count(&f->retained, 1);
			revenue_ok = revenue_ok && add_scaled(&f->retained_revenue, now->revenue, a->scale, r->h.scale);
			revenue_ok = revenue_ok && add_scaled(&f->gross_retained, smaller, a->scale, r->h.scale);
		}
		if (!buys_next && now->period < r->h.last_period && now->revenue < 0)
			revenue_ok = revenue_ok && add_scaled(&figures_of(r, now->period + 1)->gross_retained,
												  now->revenue, a->scale, r->h.scale);
	}
	return !counts_ok ? RETENTION_COUNT_OVERFLOW
		: !revenue_ok ? RETENTION_REVENUE_OVERFLOW : RETENTION_OK;
}

/* ---------- merging ---------- */

RetentionResult
cohort_matrix_merge(CohortMatrix *m, const CohortMatrix *other)
{
	for (int32_t d = 0; d < other->h.rows; d++)
	{
		if (!add_count(cohort_size(m, d), cohort_size_const(other, d)))
			return RETENTION_COUNT_OVERFLOW;
		for (int32_t k = 0; k <= d; k++)
		{
			const CohortCell *from = cohort_cell_const(other, d, k);
			CohortCell *to = cohort_cell(m, d, k);

			if (!add_count(&to->active, from->active))
				return RETENTION_COUNT_OVERFLOW;
			if (!add_scaled(&to->revenue, from->revenue, other->h.scale, m->h.scale))
				return RETENTION_REVENUE_OVERFLOW;
		}
	}
	return RETENTION_OK;
}

RetentionResult
period_retention_merge(PeriodRetention *r, const PeriodRetention *other)
{
	for (int32_t d = 0; d < other->h.rows; d++)
	{
		const PeriodFigures *from = &other->figures[d];
		PeriodFigures *to = &r->figures[d];

		if (!add_count(&to->active, from->active) ||
			!add_count(&to->new_customers, from->new_customers) ||
			!add_count(&to->retained, from->retained))
			return RETENTION_COUNT_OVERFLOW;
		if (!add_scaled(&to->revenue, from->revenue, other->h.scale, r->h.scale) ||
			!add_scaled(&to->retained_revenue, from->retained_revenue, other->h.scale, r->h.scale) ||
			!add_scaled(&to->gross_retained, from->gross_retained, other->h.scale, r->h.scale))
			return RETENTION_REVENUE_OVERFLOW;
	}
	return RETENTION_OK;
}

/* ---------- consistency of values read from text ---------- */

const char *
cohort_matrix_inconsistency(const CohortMatrix *m)
{
	for (int32_t d = 0; d < m->h.rows; d++)
	{
		int64_t		size = cohort_size_const(m, d);

		if (size < 0)
			return "A cohort size is negative.";
		if (cohort_cell_const(m, d, 0)->active != size)
			return "Every member of a cohort is active in its first period.";
		for (int32_t k = 1; k <= d; k++)
		{
			int64_t		active = cohort_cell_const(m, d, k)->active;

			if (active < 0 || active > size)
				return "A cohort cannot have more active customers than members.";
			if (size == 0 && cohort_cell_const(m, d, k)->revenue != 0)
				return "An empty cohort has no revenue.";
		}
		if (size == 0 && cohort_cell_const(m, d, 0)->revenue != 0)
			return "An empty cohort has no revenue.";
	}
	return NULL;
}

const char *
period_retention_inconsistency(const PeriodRetention *r)
{
	for (int32_t d = 0; d < r->h.rows; d++)
	{
		const PeriodFigures *f = &r->figures[d];
		int64_t		active_before = (d + 1 < r->h.rows) ? r->figures[d + 1].active : 0;

		if (f->active < 0 || f->new_customers < 0 || f->retained < 0)
			return "A count is negative.";
		/* Both counts are >= 0 here, so the difference cannot overflow. */
		if (f->new_customers > f->active - f->retained)
			return "New and retained customers cannot outnumber the active ones.";
		if (f->retained > active_before)
			return "Retained customers cannot outnumber those active in the period before.";
		if (f->active == 0 && f->revenue != 0)
			return "A period without active customers has no revenue.";
	}
	return NULL;
}
