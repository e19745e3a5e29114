/*
 * fit_histogram.c
 *		portfolio.fit_histogram: allocation, growth, merging, and the glue of
 *		its text and binary I/O around fit_histogram_codec.c, which has the
 *		formats.
 */
#include "postgres.h"

#include "common/int.h"

#include "fit_histogram.h"
#include "type_io.h"

PG_FUNCTION_INFO_V1(fit_histogram_in);
PG_FUNCTION_INFO_V1(fit_histogram_out);
PG_FUNCTION_INFO_V1(fit_histogram_send);
PG_FUNCTION_INFO_V1(fit_histogram_recv);

#define FIT_TYPE "portfolio.fit_histogram"

FitHistogram *
fit_histogram_alloc(const ModelKind *kind, int32 unit, float8 penalizer, int64 capacity)
{
	FitHistogram *h;
	Size		size;

	if (capacity > FIT_HISTOGRAM_MAX_CAPACITY)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a %s fit cannot hold more than " INT64_FORMAT " distinct histories",
						kind->name, FIT_HISTOGRAM_MAX_CAPACITY),
				 errhint("Round recency and age to fewer distinct values, e.g. by summarizing with a coarser unit.")));
	size = fit_histogram_bytes(capacity);
	h = palloc(size);
	SET_VARSIZE(h, size);
	fit_histogram_init(h, kind, unit, penalizer, capacity);
	return h;
}

/* A copy of h with room for at least needed histories. */
static FitHistogram *
histogram_grown(const FitHistogram *h, int64 needed)
{
	int64		capacity = Max(h->capacity, FIT_HISTOGRAM_INITIAL_CAPACITY);
	FitHistogram *bigger;
	HistogramIndex index;

	while (capacity < needed)
		capacity *= 2;
	if (capacity > FIT_HISTOGRAM_MAX_CAPACITY && needed <= FIT_HISTOGRAM_MAX_CAPACITY)
		capacity = FIT_HISTOGRAM_MAX_CAPACITY;
	bigger = fit_histogram_alloc(fit_histogram_kind(h), h->unit, h->penalizer, capacity);
	memcpy(bigger->entries, h->entries, h->count * sizeof(HistogramEntry));
	bigger->count = h->count;
	index = fit_histogram_index(bigger);
	histogram_reindex(&index);
	return bigger;
}

FitHistogram *
fit_histogram_add(FitHistogram *h, const double v[3], int64 count, bool in_place)
{
	HistogramIndex index;

	if (!in_place)
		h = histogram_grown(h, h->count);
	for (;;)
	{
		index = fit_histogram_index(h);
		switch (histogram_add(&index, v, count))
		{
			case HISTOGRAM_ADDED:
				h->count = index.count;
				return h;
			case HISTOGRAM_FULL:
				h = histogram_grown(h, h->count + 1);
				break;
			case HISTOGRAM_COUNT_OVERFLOW:
				ereport(ERROR,
						(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
						 errmsg("too many customers share one history")));
		}
	}
}

FitHistogram *
fit_histogram_merge(FitHistogram *left, const FitHistogram *right, bool in_place)
{
	if (!in_place || left->capacity < left->count + right->count)
		left = histogram_grown(left, left->count + right->count);
	for (int64 i = 0; i < right->count; i++)
		left = fit_histogram_add(left, right->entries[i].v, right->entries[i].count, true);
	return left;
}

int64
fit_histogram_customers(const FitHistogram *h)
{
	int64		total = 0;

	for (int64 i = 0; i < h->count; i++)
		if (pg_add_s64_overflow(total, h->entries[i].count, &total))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("the number of customers is out of range for type bigint")));
	return total;
}

/* ---------- text and binary I/O ---------- */

Datum
fit_histogram_in(PG_FUNCTION_ARGS)
{
	FitReader	r;
	FitHistogram *h;
	HistogramEntry history;
	TextStep	step;

	if (!fit_histogram_text_begin(&r, PG_GETARG_CSTRING(0)))
		type_io_text_error(FIT_TYPE, &r.c);
	h = fit_histogram_alloc(r.kind, r.unit, r.penalizer, FIT_HISTOGRAM_INITIAL_CAPACITY);
	while ((step = fit_histogram_text_next(&r, &history)) == TEXT_STEP_ITEM)
		h = fit_histogram_add(h, history.v, history.count, true);
	if (step == TEXT_STEP_ERROR)
		type_io_text_error(FIT_TYPE, &r.c);
	PG_RETURN_POINTER(h);
}

Datum
fit_histogram_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	fit_histogram_text_write(DatumGetFitHistogram(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
fit_histogram_send(PG_FUNCTION_ARGS)
{
	FitHistogram *h = DatumGetFitHistogram(PG_GETARG_DATUM(0));
	bytea	   *result = type_io_send_buffer(fit_histogram_binary_size(h), FIT_TYPE);

	fit_histogram_binary_write(h, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

Datum
fit_histogram_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	FitHead		head;
	FitHistogram *h;
	ByteReader	r;

	type_io_reader(&r, buf);
	if (!fit_histogram_binary_head(&r, &head))
		type_io_binary_error(FIT_TYPE, &r);
	h = fit_histogram_alloc(head.kind, head.unit, head.penalizer, head.room);
	if (!fit_histogram_binary_read(&r, &head, h))
		type_io_binary_error(FIT_TYPE, &r);
	type_io_consumed(buf, &r);
	PG_RETURN_POINTER(h);
}
