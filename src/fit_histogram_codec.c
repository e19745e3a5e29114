/*
 * fit_histogram_codec.c
 *		The layout, text and binary codecs of portfolio.fit_histogram.  See
 *		fit_histogram_codec.h.
 */
#include "fit_histogram_codec.h"

#include <string.h>

#include "period.h"

/* ---------- layout ---------- */

size_t
fit_histogram_bytes(int64_t capacity)
{
	return offsetof(FitHistogram, entries) + (size_t) capacity * sizeof(HistogramEntry)
		+ (size_t) histogram_slot_count(capacity) * sizeof(uint32_t);
}

void
fit_histogram_init(FitHistogram *h, const ModelKind *kind, int32_t unit, double penalizer,
				   int64_t capacity)
{
	memset(&h->model, 0, fit_histogram_bytes(capacity) - offsetof(FitHistogram, model));
	h->model = kind->id;
	h->unit = unit;
	h->penalizer = penalizer;
	h->capacity = capacity;
	h->slot_mask = histogram_slot_count(capacity) - 1;
}

HistogramIndex
fit_histogram_index(FitHistogram *h)
{
	HistogramIndex index = {h->entries, (uint32_t *) &h->entries[h->capacity], h->count,
	h->capacity, h->slot_mask};

	return index;
}

/* The model of a histogram built by fit_histogram_init or the readers. */
static const ModelKind *
kind_of(const FitHistogram *h)
{
	return model_kind(h->model);
}

/* ---------- text ---------- */

static bool
read_model(FitReader *r)
{
	size_t		len;
	const char *word;

	if (!text_expect(&r->c, "model="))
		return false;
	word = text_word(&r->c, &len);
	r->kind = model_kind_named(word, len);
	if (r->kind != NULL)
		return true;
	r->c.error.word = model_kind_names();
	return text_fail_at(&r->c, word, TEXT_MODEL);
}

/* "unit=" or "penalizer=" after a ";": false, consuming nothing, otherwise. */
static bool
accept_setting(TextCursor *c, const char *name)
{
	const char *start = c->p;
	size_t		len;
	const char *word = text_word(c, &len);

	if (len == strlen(name) && strncmp(word, name, len) == 0 && text_accept(c, "="))
		return true;
	c->p = start;
	return false;
}

static bool
read_unit(FitReader *r)
{
	size_t		len;
	const char *word = text_word(&r->c, &len);
	PeriodUnit	unit;

	if (!period_unit_parse(word, len, &unit))
	{
		r->c.error.word = period_unit_list;
		return text_fail_at(&r->c, word, TEXT_FIT_UNIT);
	}
	r->unit = (int32_t) unit;
	return true;
}

static bool
read_penalizer(FitReader *r)
{
	if (!text_expect(&r->c, ";"))
		return false;
	if (!accept_setting(&r->c, "penalizer"))
		return text_fail_word(&r->c, TEXT_LITERAL, "penalizer=");
	if (!text_double(&r->c, TEXT_PENALIZER, &r->penalizer))
		return false;
	return r->penalizer >= 0 || text_fail(&r->c, TEXT_PENALIZER_SIGN);
}

bool
fit_histogram_text_begin(FitReader *r, const char *input)
{
	const char *mark;

	memset(r, 0, sizeof(*r));
	text_cursor_init(&r->c, input);
	r->unit = FIT_NO_UNIT;
	if (!read_model(r))
		return false;
	mark = r->c.p;
	if (text_accept(&r->c, ";") && accept_setting(&r->c, "unit"))
	{
		if (!read_unit(r))
			return false;
	}
	else
		r->c.p = mark;
	return !r->kind->penalized || read_penalizer(r);
}

/* One history: its values, checked as the aggregate checks its rows. */
static bool
read_history(FitReader *r, HistogramEntry *history)
{
	TextCursor *c = &r->c;
	const ModelKind *kind = r->kind;
	const char *start;
	const char *problem;

	text_skip_spaces(c);
	start = c->p;
	memset(history->v, 0, sizeof(history->v));
	for (int k = 0; k < kind->history_values; k++)
		if (!text_double(c, kind->history_fields[k], &history->v[k]))
			return false;
	if (!text_int64(c, 1, TEXT_CUSTOMERS, &history->count))
		return false;
	problem = kind->history_problem(history->v);
	if (problem != NULL)
	{
		c->error.word = problem;
		return text_fail_at(c, start, TEXT_HISTORY);
	}
	return true;
}

TextStep
fit_histogram_text_next(FitReader *r, HistogramEntry *history)
{
	TextStep	step = text_next_item(&r->c, false);

	if (step == TEXT_STEP_ITEM && !read_history(r, history))
		return TEXT_STEP_ERROR;
	return step;
}

void
fit_histogram_text_write(const FitHistogram *h, TextOut *out)
{
	text_out_string(out, "model=");
	text_out_string(out, kind_of(h)->name);
	if (h->unit != FIT_NO_UNIT)
	{
		text_out_string(out, "; unit=");
		text_out_string(out, period_unit_name((PeriodUnit) h->unit));
	}
	if (kind_of(h)->penalized)
	{
		text_out_string(out, "; penalizer=");
		text_out_double(out, h->penalizer);
	}
	for (int64_t i = 0; i < h->count; i++)
	{
		text_out_char(out, ';');
		for (int k = 0; k < kind_of(h)->history_values; k++)
		{
			text_out_char(out, ' ');
			text_out_double(out, h->entries[i].v[k]);
		}
		text_out_char(out, ' ');
		text_out_int64(out, h->entries[i].count);
	}
}

/* ---------- binary ---------- */

#define HEAD_BYTES 27			/* version, model, unit, penalizer, count, room */

static size_t
history_bytes(const ModelKind *kind)
{
	return (size_t) kind->history_values * 8 + 8;
}

size_t
fit_histogram_binary_size(const FitHistogram *h)
{
	return HEAD_BYTES + (size_t) h->count * history_bytes(kind_of(h));
}

void
fit_histogram_binary_write(const FitHistogram *h, uint8_t *out)
{
	ByteWriter	w = {out};

	bytes_put_u8(&w, BINARY_FORMAT_VERSION);
	bytes_put_u8(&w, (uint8_t) h->model);
	bytes_put_u8(&w, (uint8_t) (int8_t) h->unit);
	bytes_put_f64(&w, h->penalizer);
	bytes_put_i64(&w, h->count);
	bytes_put_i64(&w, h->capacity);
	for (int64_t i = 0; i < h->count; i++)
	{
		bytes_put_f64s(&w, h->entries[i].v, kind_of(h)->history_values);
		bytes_put_i64(&w, h->entries[i].count);
	}
}

static bool
read_settings(ByteReader *r, FitHead *head)
{
	uint8_t		model;
	int8_t		unit;
	size_t		at;

	if (!bytes_version(r))
		return false;
	at = r->pos;
	if (!bytes_u8_in(r, BINARY_MODEL, FIT_MODEL_FIRST, FIT_MODEL_LAST, &model))
		return false;
	/* an id within the range that no model has */
	if (model_kind(model) == NULL)
		return bytes_fail(r, at, BINARY_MODEL);
	if (!bytes_i8(r, BINARY_FIT_UNIT, &unit))
		return false;
	if (unit < FIT_NO_UNIT || unit >= PERIOD_UNIT_COUNT)
		return bytes_fail(r, r->pos - 1, BINARY_FIT_UNIT);
	head->kind = model_kind(model);
	head->unit = unit;
	at = r->pos;
	if (!bytes_finite(r, &head->penalizer))
		return bytes_name_field(r, BINARY_PENALIZER);
	if (head->penalizer < 0 || (!head->kind->penalized && head->penalizer != 0))
		return bytes_fail(r, at, BINARY_PENALIZER);
	return true;
}

bool
fit_histogram_binary_head(ByteReader *r, FitHead *head)
{
	memset(head, 0, sizeof(*head));
	return read_settings(r, head) &&
		bytes_i64_in(r, BINARY_COUNT, 0, FIT_HISTOGRAM_MAX_CAPACITY, &head->count) &&
		bytes_i64_in(r, BINARY_ROOM, head->count, FIT_HISTOGRAM_MAX_CAPACITY, &head->room) &&
		bytes_items_left(r, head->count, history_bytes(head->kind), BINARY_FINITE);
}

/* One history, checked; added to the index as a history not seen before. */
static bool
read_binary_history(ByteReader *r, const ModelKind *kind, HistogramIndex *index)
{
	size_t		at = r->pos;
	double		v[3] = {0, 0, 0};
	int64_t		customers;
	int64_t		seen = index->count;
	const char *problem;

	if (!bytes_finites(r, v, kind->history_values))
		return false;
	problem = kind->history_problem(v);
	if (problem != NULL)
		return bytes_fail_word(r, at, BINARY_HISTORY, problem);
	if (!bytes_i64_in(r, BINARY_CUSTOMERS, 1, INT64_MAX, &customers))
		return false;
	if (histogram_add(index, v, customers) != HISTOGRAM_ADDED || index->count != seen + 1)
		return bytes_fail(r, at, BINARY_DUPLICATE);
	return true;
}

bool
fit_histogram_binary_read(ByteReader *r, const FitHead *head, FitHistogram *h)
{
	HistogramIndex index = fit_histogram_index(h);

	for (int64_t i = 0; i < head->count; i++)
	{
		if (!read_binary_history(r, head->kind, &index))
			return false;
		h->count = index.count;
	}
	return bytes_end(r);
}
