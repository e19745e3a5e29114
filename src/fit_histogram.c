/*
 * fit_histogram.c
 *		portfolio.fit_histogram: growth, merging and lossless text I/O.
 *
 * Text form (floats in the shortest form that reads back exactly, because
 * distributed engines ship partial states as text):
 *
 *   model=bgnbd; unit=week; penalizer=0; 0 0 38.86 1411; 2 30.43 38.86 1
 *   model=gamma_gamma; 2 22.35 1; 1 11.77 1
 *
 * Each history is its values (frequency, recency, age or frequency,
 * monetary) then the number of customers that share it.  unit is left out
 * when the histogram was built from plain numbers.
 */
#include "postgres.h"

#include "common/int.h"
#include "lib/stringinfo.h"

#include "fit_histogram.h"
#include "models.h"
#include "period.h"
#include "portfolio.h"
#include "text_scan.h"

PG_FUNCTION_INFO_V1(fit_histogram_in);
PG_FUNCTION_INFO_V1(fit_histogram_out);

/* The slots follow the entries. */
static uint32 *
histogram_slots(FitHistogram *h)
{
	return (uint32 *) &h->entries[h->capacity];
}

static HistogramIndex
histogram_index(FitHistogram *h)
{
	HistogramIndex index = {h->entries, histogram_slots(h), h->count, h->capacity, h->slot_mask};

	return index;
}

const char *
fit_model_name(FitModel model)
{
	return model == FIT_BGNBD ? "bgnbd" : "gamma_gamma";
}

FitHistogram *
fit_histogram_alloc(FitModel model, int32 unit, float8 penalizer, int64 capacity)
{
	FitHistogram *h;
	uint32		slots;
	Size		size;

	if (capacity > FIT_HISTOGRAM_MAX_CAPACITY)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a %s fit cannot hold more than " INT64_FORMAT " distinct histories",
						fit_model_name(model), FIT_HISTOGRAM_MAX_CAPACITY),
				 errhint("Round recency and age to fewer distinct values, e.g. by summarizing with a coarser unit.")));
	slots = histogram_slot_count(capacity);
	size = offsetof(FitHistogram, entries) + capacity * sizeof(HistogramEntry)
		+ (Size) slots * sizeof(uint32);
	h = palloc0(size);
	SET_VARSIZE(h, size);
	h->model = model;
	h->unit = unit;
	h->penalizer = penalizer;
	h->capacity = capacity;
	h->slot_mask = slots - 1;
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
	bigger = fit_histogram_alloc(h->model, h->unit, h->penalizer, capacity);
	memcpy(bigger->entries, h->entries, h->count * sizeof(HistogramEntry));
	bigger->count = h->count;
	index = histogram_index(bigger);
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
		index = histogram_index(h);
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

/* ---------- text output ---------- */

Datum
fit_histogram_out(PG_FUNCTION_ARGS)
{
	FitHistogram *h = DatumGetFitHistogram(PG_GETARG_DATUM(0));
	int			values = FIT_MODEL_VALUES(h->model);
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "model=%s", fit_model_name(h->model));
	if (h->unit != FIT_NO_UNIT)
		appendStringInfo(&buf, "; unit=%s", period_unit_name((PeriodUnit) h->unit));
	if (h->model == FIT_BGNBD)
	{
		appendStringInfoString(&buf, "; penalizer=");
		portfolio_append_float8(&buf, h->penalizer);
	}
	for (int64 i = 0; i < h->count; i++)
	{
		appendStringInfoString(&buf, ";");
		for (int k = 0; k < values; k++)
		{
			appendStringInfoChar(&buf, ' ');
			portfolio_append_float8(&buf, h->entries[i].v[k]);
		}
		appendStringInfo(&buf, " " INT64_FORMAT, h->entries[i].count);
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- text input ---------- */

static FitModel
scan_model(Scanner *s)
{
	size_t		len;
	const char *word;

	scan_expect(s, "model=");
	word = scan_word(s, &len);
	if (len == 5 && strncmp(word, "bgnbd", 5) == 0)
		return FIT_BGNBD;
	if (len == 11 && strncmp(word, "gamma_gamma", 11) == 0)
		return FIT_GAMMA_GAMMA;
	s->p = word;
	scan_error(s, "bgnbd or gamma_gamma");
}

static int32
scan_unit(Scanner *s)
{
	size_t		len;
	const char *word = scan_word(s, &len);
	PeriodUnit	unit;

	if (!period_unit_parse(word, len, &unit))
	{
		s->p = word;
		scan_error(s, psprintf("a period unit (%s)", period_unit_list));
	}
	return (int32) unit;
}

/* One history: its values, checked as the aggregate checks its rows. */
static void
scan_history(Scanner *s, FitModel model, double v[3], int64 *count)
{
	const char *start;
	const char *problem;

	scan_skip_spaces(s);
	start = s->p;
	v[0] = scan_float8(s, "a frequency");
	v[1] = scan_float8(s, model == FIT_BGNBD ? "a recency" : "a monetary value");
	v[2] = model == FIT_BGNBD ? scan_float8(s, "an age") : 0.0;
	*count = scan_int64(s, 1, "a number of customers of at least 1");
	if (model == FIT_BGNBD)
		problem = bgnbd_history_problem(v[0], v[1], v[2]);
	else
		problem = v[0] == 0 ? "frequency must be at least 1" : gg_customer_problem(v[0], v[1]);
	if (problem != NULL)
	{
		s->p = start;
		scan_error(s, psprintf("a history the fit accepts (%s)", problem));
	}
}

/* "unit=" or "penalizer=" after a ";": false, consuming nothing, otherwise. */
static bool
scan_setting(Scanner *s, const char *name)
{
	const char *start = s->p;
	size_t		len;
	const char *word = scan_word(s, &len);

	if (len == strlen(name) && strncmp(word, name, len) == 0 && scan_literal(s, "="))
		return true;
	s->p = start;
	return false;
}

Datum
fit_histogram_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	Scanner		s = {input, input, "portfolio.fit_histogram"};
	FitModel	model = scan_model(&s);
	int32		unit = FIT_NO_UNIT;
	float8		penalizer = 0;
	const char *mark = s.p;
	FitHistogram *h;

	if (scan_literal(&s, ";") && scan_setting(&s, "unit"))
		unit = scan_unit(&s);
	else
		s.p = mark;
	if (model == FIT_BGNBD)
	{
		scan_expect(&s, ";");
		if (!scan_setting(&s, "penalizer"))
			scan_error(&s, "\"penalizer=\"");
		penalizer = scan_float8(&s, "a penalizer");
		if (penalizer < 0)
			scan_error(&s, "a penalizer >= 0");
	}
	h = fit_histogram_alloc(model, unit, penalizer, FIT_HISTOGRAM_INITIAL_CAPACITY);
	while (scan_next_item(&s, false))
	{
		double		v[3];
		int64		count;

		scan_history(&s, model, v, &count);
		h = fit_histogram_add(h, v, count, true);
	}
	PG_RETURN_POINTER(h);
}
