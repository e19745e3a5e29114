/*
 * fuzz_retention_codec.h
 *		The adapters of activity, cohort_matrix and period_retention for
 *		fuzz_codec.h: values built as retention_types.c builds them.
 */
#ifndef PORTFOLIO_FUZZ_RETENTION_CODEC_H
#define PORTFOLIO_FUZZ_RETENTION_CODEC_H

#include "fuzz_codec.h"

#include "retention_codec.h"

/* ---------- activity ---------- */

static FuzzRead
activity_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	RetentionReader r;
	int32_t		capacity = 8;	/* as activity_in */
	Activity   *a = NULL;
	TextStep	step = TEXT_STEP_ERROR;

	if (retention_text_begin(&r, text))
	{
		a = fuzz_zalloc(activity_bytes(capacity));
		while ((step = activity_text_next(&r, a->count)) == TEXT_STEP_ITEM)
		{
			if (a->count == capacity)
			{
				a = fuzz_grow(a, activity_bytes(capacity), activity_bytes(capacity * 2));
				capacity *= 2;
			}
			if (!activity_text_period(&r, &a->periods[a->count]))
				break;
			a->count++;
		}
	}
	*value = a;
	if (step != TEXT_STEP_END)
		return *error = r.c.error, free(a), FUZZ_REJECTED;
	a->unit = (uint8_t) r.unit;
	a->scale = (uint8_t) r.scale;
	a->as_of = r.as_of;
	*bytes = activity_bytes(a->count);	/* the varlena ends there */
	return FUZZ_ACCEPTED;
}

static void
activity_to_text(const void *value, TextOut *out)
{
	activity_text_write(value, out);
}

static FuzzRead
activity_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	ByteReader	r;
	RetentionHead head;
	Activity   *a;

	bytes_init(&r, data, len);
	if (!activity_binary_head(&r, &head))
		return *error = r.error, FUZZ_REJECTED;
	if (activity_bytes(head.rows) > FUZZ_MAX_VALUE_BYTES)
		return FUZZ_TOO_BIG;
	a = fuzz_zalloc(activity_bytes(head.rows));
	*value = a;
	*bytes = activity_bytes(head.rows);
	if (activity_binary_read(&r, &head, a))
		return FUZZ_ACCEPTED;
	return *error = r.error, free(a), FUZZ_REJECTED;
}

static size_t
activity_size(const void *value)
{
	return activity_binary_size(value);
}

static void
activity_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	(void) bytes;
	activity_binary_write(value, out);
}

static const CodecAdapter activity_adapter = {
	activity_from_text, activity_to_text, activity_from_binary, activity_size, activity_to_binary, false
};

/* ---------- cohort_matrix and period_retention ---------- */

typedef uint64_t (*RowsBytes) (int64_t rows);

/* An empty value with room for capacity rows, as retention_alloc makes it. */
static RetentionHeader *
rows_alloc(RowsBytes rows_bytes, const RetentionReader *r, int32_t capacity)
{
	RetentionHeader *h = fuzz_zalloc(rows_bytes(capacity));

	retention_init(h, rows_bytes(capacity), (uint8_t) r->unit, r->as_of, r->last_period, capacity);
	h->scale = (uint8_t) r->scale;
	return h;
}

/* As retention_types.c's text_rows: the oldest item sets the rows. */
static FuzzRead
rows_from_text(const char *text, RowsBytes rows_bytes,
			   bool (*read_row) (RetentionReader *, RetentionHeader *, int32_t),
			   bool (*check) (RetentionReader *, const RetentionHeader *),
			   void **value, size_t *bytes, TextError *error)
{
	RetentionReader r;
	RetentionHeader *h = NULL;
	TextStep	step = TEXT_STEP_ERROR;
	int32_t		d;

	if (retention_text_begin(&r, text))
	{
		h = rows_alloc(rows_bytes, &r, 0);
		while ((step = retention_text_next(&r, &d)) == TEXT_STEP_ITEM)
		{
			if (h->rows == 0)
			{
				if (rows_bytes(d + 1) > FUZZ_MAX_VALUE_BYTES)
					return free(h), FUZZ_TOO_BIG;
				free(h);
				h = rows_alloc(rows_bytes, &r, d + 1);
				h->rows = d + 1;
			}
			if (!read_row(&r, h, d))
				break;
		}
	}
	*value = h;
	*bytes = h == NULL ? 0 : rows_bytes(h->capacity);
	if (step == TEXT_STEP_END && check(&r, h))
		return FUZZ_ACCEPTED;
	return *error = r.c.error, free(h), FUZZ_REJECTED;
}

static FuzzRead
rows_from_binary(const uint8_t *data, size_t len, RowsBytes rows_bytes,
				 bool (*head_of) (ByteReader *, RetentionHead *),
				 bool (*read_rows) (ByteReader *, const RetentionHead *, RetentionHeader *),
				 void **value, size_t *bytes, BinaryError *error)
{
	ByteReader	r;
	RetentionHead head;
	RetentionHeader *h;

	bytes_init(&r, data, len);
	if (!head_of(&r, &head))
		return *error = r.error, FUZZ_REJECTED;
	if (rows_bytes(head.room) > FUZZ_MAX_VALUE_BYTES)
		return FUZZ_TOO_BIG;
	h = fuzz_zalloc(rows_bytes(head.room));
	retention_init(h, rows_bytes(head.room), head.unit, head.as_of,
				   (int32_t) period_index(head.as_of, (PeriodUnit) head.unit), head.room);
	*value = h;
	*bytes = rows_bytes(head.room);
	if (read_rows(&r, &head, h))
		return FUZZ_ACCEPTED;
	return *error = r.error, free(h), FUZZ_REJECTED;
}

static bool
cohort_row(RetentionReader *r, RetentionHeader *h, int32_t d)
{
	return cohort_text_row(r, (CohortMatrix *) h, d);
}

static bool
cohort_check(RetentionReader *r, const RetentionHeader *h)
{
	return cohort_matrix_text_check(r, (const CohortMatrix *) h);
}

static bool
cohort_rows(ByteReader *r, const RetentionHead *head, RetentionHeader *h)
{
	return cohort_matrix_binary_read(r, head, (CohortMatrix *) h);
}

static FuzzRead
cohort_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	return rows_from_text(text, cohort_matrix_bytes, cohort_row, cohort_check, value, bytes, error);
}

static void
cohort_to_text(const void *value, TextOut *out)
{
	cohort_matrix_text_write(value, out);
}

static FuzzRead
cohort_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	return rows_from_binary(data, len, cohort_matrix_bytes, cohort_matrix_binary_head, cohort_rows,
							value, bytes, error);
}

static size_t
cohort_binary_size(const void *value)
{
	return cohort_matrix_binary_size(value);
}

static void
cohort_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	(void) bytes;
	cohort_matrix_binary_write(value, out);
}

static const CodecAdapter cohort_matrix_adapter = {
	cohort_from_text, cohort_to_text, cohort_from_binary, cohort_binary_size, cohort_to_binary, false
};

static bool
figures_row(RetentionReader *r, RetentionHeader *h, int32_t d)
{
	return figures_text_row(r, (PeriodRetention *) h, d);
}

static bool
figures_check(RetentionReader *r, const RetentionHeader *h)
{
	return period_retention_text_check(r, (const PeriodRetention *) h);
}

static bool
figures_rows(ByteReader *r, const RetentionHead *head, RetentionHeader *h)
{
	return period_retention_binary_read(r, head, (PeriodRetention *) h);
}

static FuzzRead
figures_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	return rows_from_text(text, period_retention_bytes, figures_row, figures_check, value, bytes,
						  error);
}

static void
figures_to_text(const void *value, TextOut *out)
{
	period_retention_text_write(value, out);
}

static FuzzRead
figures_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	return rows_from_binary(data, len, period_retention_bytes, period_retention_binary_head,
							figures_rows, value, bytes, error);
}

static size_t
figures_size(const void *value)
{
	return period_retention_binary_size(value);
}

static void
figures_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	(void) bytes;
	period_retention_binary_write(value, out);
}

static const CodecAdapter period_retention_adapter = {
	figures_from_text, figures_to_text, figures_from_binary, figures_size, figures_to_binary,
	true						/* idle periods before the first active one */
};

#endif
