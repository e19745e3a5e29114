/*
 * retention_types.c
 *		Text and binary input and output of portfolio.activity,
 *		portfolio.cohort_matrix and portfolio.period_retention: the glue
 *		around retention_codec.c, which has the formats.
 */
#include "postgres.h"

#include "datatype/timestamp.h"
#include "utils/date.h"

#include "retention.h"
#include "retention_codec.h"
#include "type_io.h"

PG_FUNCTION_INFO_V1(activity_in);
PG_FUNCTION_INFO_V1(activity_out);
PG_FUNCTION_INFO_V1(activity_send);
PG_FUNCTION_INFO_V1(activity_recv);
PG_FUNCTION_INFO_V1(cohort_matrix_in);
PG_FUNCTION_INFO_V1(cohort_matrix_out);
PG_FUNCTION_INFO_V1(cohort_matrix_send);
PG_FUNCTION_INFO_V1(cohort_matrix_recv);
PG_FUNCTION_INFO_V1(period_retention_in);
PG_FUNCTION_INFO_V1(period_retention_out);
PG_FUNCTION_INFO_V1(period_retention_send);
PG_FUNCTION_INFO_V1(period_retention_recv);

#define ACTIVITY_TYPE "portfolio.activity"
#define COHORT_TYPE "portfolio.cohort_matrix"
#define PERIODS_TYPE "portfolio.period_retention"

StaticAssertDecl(DATE_FIRST_DAY == DATETIME_MIN_JULIAN - POSTGRES_EPOCH_JDATE &&
				 DATE_END_DAY == DATE_END_JULIAN - POSTGRES_EPOCH_JDATE,
				 "retention_codec.h has PostgreSQL's date range");

/* ---------- activity ---------- */

Datum
activity_in(PG_FUNCTION_ARGS)
{
	RetentionReader r;
	Activity   *a;
	int32		capacity = 8;
	TextStep	step;

	if (!retention_text_begin(&r, PG_GETARG_CSTRING(0)))
		type_io_text_error(ACTIVITY_TYPE, &r.c);
	a = palloc0(activity_bytes(capacity));
	while ((step = activity_text_next(&r, a->count)) == TEXT_STEP_ITEM)
	{
		if (a->count == capacity)
		{
			capacity *= 2;
			a = repalloc(a, activity_bytes(capacity));
		}
		if (!activity_text_period(&r, &a->periods[a->count]))
			type_io_text_error(ACTIVITY_TYPE, &r.c);
		a->count++;
	}
	if (step == TEXT_STEP_ERROR)
		type_io_text_error(ACTIVITY_TYPE, &r.c);
	a->unit = r.unit;
	a->scale = (uint8) r.scale;
	a->as_of = r.as_of;
	SET_VARSIZE(a, activity_bytes(a->count));
	PG_RETURN_POINTER(a);
}

Datum
activity_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	activity_text_write(DatumGetActivity(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
activity_send(PG_FUNCTION_ARGS)
{
	Activity   *a = DatumGetActivity(PG_GETARG_DATUM(0));
	bytea	   *result = type_io_send_buffer(activity_binary_size(a), ACTIVITY_TYPE);

	activity_binary_write(a, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

Datum
activity_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RetentionHead head;
	Activity   *a;
	ByteReader	r;

	type_io_reader(&r, buf);
	if (!activity_binary_head(&r, &head))
		type_io_binary_error(ACTIVITY_TYPE, &r);
	a = palloc(activity_bytes(head.rows));
	SET_VARSIZE(a, activity_bytes(head.rows));
	if (!activity_binary_read(&r, &head, a))
		type_io_binary_error(ACTIVITY_TYPE, &r);
	type_io_consumed(buf, &r);
	PG_RETURN_POINTER(a);
}

/* ---------- cohort_matrix and period_retention ---------- */

/* How the text and binary inputs read one of the two. */
typedef struct RowsCodec
{
	const char *type;			/* for errors */
	const RetentionKind *kind;
	bool		(*text_row) (RetentionReader *r, RetentionHeader *h, int32 d);
	bool		(*text_check) (RetentionReader *r, const RetentionHeader *h);
	bool		(*binary_head) (ByteReader *r, RetentionHead *head);
	bool		(*binary_rows) (ByteReader *r, const RetentionHead *head, RetentionHeader *h);
} RowsCodec;

/*
 * A cohort matrix or period figures from text: the header, then one item
 * per row with data, oldest first (it sets the rows of the value), then the
 * check that the counts are consistent.
 */
static RetentionHeader *
text_rows(const char *input, const RowsCodec *codec)
{
	RetentionReader r;
	RetentionHeader *h;
	TextStep	step;
	int32		d;

	if (!retention_text_begin(&r, input))
		type_io_text_error(codec->type, &r.c);
	h = retention_alloc(codec->kind, r.unit, r.as_of, 0);
	h->scale = (uint8) r.scale;
	while ((step = retention_text_next(&r, &d)) == TEXT_STEP_ITEM)
	{
		if (h->rows == 0)
		{
			h = retention_alloc(codec->kind, r.unit, r.as_of, d + 1);
			h->scale = (uint8) r.scale;
			h->rows = d + 1;
		}
		if (!codec->text_row(&r, h, d))
			type_io_text_error(codec->type, &r.c);
	}
	if (step == TEXT_STEP_ERROR || !codec->text_check(&r, h))
		type_io_text_error(codec->type, &r.c);
	return h;
}

/* The same from a receive function's message. */
static RetentionHeader *
binary_rows(StringInfo buf, const RowsCodec *codec)
{
	RetentionHead head;
	RetentionHeader *h;
	ByteReader	r;

	type_io_reader(&r, buf);
	if (!codec->binary_head(&r, &head))
		type_io_binary_error(codec->type, &r);
	h = retention_alloc(codec->kind, head.unit, head.as_of, head.room);
	if (!codec->binary_rows(&r, &head, h))
		type_io_binary_error(codec->type, &r);
	type_io_consumed(buf, &r);
	return h;
}

/* ---------- cohort_matrix ---------- */

static bool
cohort_row(RetentionReader *r, RetentionHeader *h, int32 d)
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

static const RowsCodec cohort_codec = {
	COHORT_TYPE, &cohort_matrix_kind, cohort_row, cohort_check,
	cohort_matrix_binary_head, cohort_rows
};

Datum
cohort_matrix_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(text_rows(PG_GETARG_CSTRING(0), &cohort_codec));
}

Datum
cohort_matrix_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	cohort_matrix_text_write(DatumGetCohortMatrix(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
cohort_matrix_send(PG_FUNCTION_ARGS)
{
	CohortMatrix *m = DatumGetCohortMatrix(PG_GETARG_DATUM(0));
	bytea	   *result = type_io_send_buffer(cohort_matrix_binary_size(m), COHORT_TYPE);

	cohort_matrix_binary_write(m, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

Datum
cohort_matrix_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(binary_rows((StringInfo) PG_GETARG_POINTER(0), &cohort_codec));
}

/* ---------- period_retention ---------- */

static bool
figures_row(RetentionReader *r, RetentionHeader *h, int32 d)
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

static const RowsCodec figures_codec = {
	PERIODS_TYPE, &period_retention_kind, figures_row, figures_check,
	period_retention_binary_head, figures_rows
};

Datum
period_retention_in(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(text_rows(PG_GETARG_CSTRING(0), &figures_codec));
}

Datum
period_retention_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	period_retention_text_write(DatumGetPeriodRetention(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
period_retention_send(PG_FUNCTION_ARGS)
{
	PeriodRetention *pr = DatumGetPeriodRetention(PG_GETARG_DATUM(0));
	bytea	   *result = type_io_send_buffer(period_retention_binary_size(pr), PERIODS_TYPE);

	period_retention_binary_write(pr, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

Datum
period_retention_recv(PG_FUNCTION_ARGS)
{
	PG_RETURN_POINTER(binary_rows((StringInfo) PG_GETARG_POINTER(0), &figures_codec));
}
