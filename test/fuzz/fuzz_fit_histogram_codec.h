/*
 * fuzz_fit_histogram_codec.h
 *		The adapter of fit_histogram for fuzz_codec.h: histograms built and
 *		grown as fit_histogram.c builds them.
 */
#ifndef PORTFOLIO_FUZZ_FIT_HISTOGRAM_CODEC_H
#define PORTFOLIO_FUZZ_FIT_HISTOGRAM_CODEC_H

#include "fuzz_codec.h"

#include "fit_histogram_codec.h"

static FitHistogram *
fit_alloc(const ModelKind *kind, int32_t unit, double penalizer, int64_t capacity)
{
	FitHistogram *h = fuzz_zalloc(fit_histogram_bytes(capacity));

	fit_histogram_init(h, kind, unit, penalizer, capacity);
	return h;
}

/* As fit_histogram.c's histogram_grown: a copy with room for needed. */
static FitHistogram *
fit_grown(FitHistogram *h, int64_t needed)
{
	int64_t		capacity = h->capacity > FIT_HISTOGRAM_INITIAL_CAPACITY ? h->capacity
		: FIT_HISTOGRAM_INITIAL_CAPACITY;
	FitHistogram *bigger;
	HistogramIndex index;

	while (capacity < needed)
		capacity *= 2;
	bigger = fit_alloc(model_kind(h->model), h->unit, h->penalizer, capacity);
	memcpy(bigger->entries, h->entries, (size_t) h->count * sizeof(HistogramEntry));
	bigger->count = h->count;
	index = fit_histogram_index(bigger);
	histogram_reindex(&index);
	free(h);
	return bigger;
}

/* As fit_histogram_add in place; false where it raises 22003. */
static bool
fit_add(FitHistogram **h, const double v[3], int64_t count)
{
	for (;;)
	{
		HistogramIndex index = fit_histogram_index(*h);

		switch (histogram_add(&index, v, count))
		{
			case HISTOGRAM_ADDED:
				(*h)->count = index.count;
				return true;
			case HISTOGRAM_FULL:
				*h = fit_grown(*h, (*h)->count + 1);
				break;
			case HISTOGRAM_COUNT_OVERFLOW:
				return false;
		}
	}
}

static FuzzRead
fit_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	FitReader	r;
	FitHistogram *h = NULL;
	HistogramEntry history;
	TextStep	step = TEXT_STEP_ERROR;

	if (fit_histogram_text_begin(&r, text))
	{
		h = fit_alloc(r.kind, r.unit, r.penalizer, FIT_HISTOGRAM_INITIAL_CAPACITY);
		while ((step = fit_histogram_text_next(&r, &history)) == TEXT_STEP_ITEM)
			if (!fit_add(&h, history.v, history.count))
				return free(h), FUZZ_TOO_BIG;
	}
	*value = h;
	*bytes = h == NULL ? 0 : fit_histogram_bytes(h->capacity);
	if (step == TEXT_STEP_END)
		return FUZZ_ACCEPTED;
	return *error = r.c.error, free(h), FUZZ_REJECTED;
}

static void
fit_to_text(const void *value, TextOut *out)
{
	fit_histogram_text_write(value, out);
}

static FuzzRead
fit_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	ByteReader	r;
	FitHead		head;
	FitHistogram *h;

	bytes_init(&r, data, len);
	if (!fit_histogram_binary_head(&r, &head))
		return *error = r.error, FUZZ_REJECTED;
	if (fit_histogram_bytes(head.room) > FUZZ_MAX_VALUE_BYTES)
		return FUZZ_TOO_BIG;
	h = fit_alloc(head.kind, head.unit, head.penalizer, head.room);
	*value = h;
	*bytes = fit_histogram_bytes(head.room);
	if (fit_histogram_binary_read(&r, &head, h))
		return FUZZ_ACCEPTED;
	return *error = r.error, free(h), FUZZ_REJECTED;
}

static size_t
fit_size(const void *value)
{
	return fit_histogram_binary_size(value);
}

static void
fit_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	(void) bytes;
	fit_histogram_binary_write(value, out);
}

static const CodecAdapter fit_histogram_adapter = {
	fit_from_text, fit_to_text, fit_from_binary, fit_size, fit_to_binary, false
};

#endif
