/*
 * rfm_codec.c
 *		Text and binary codecs of portfolio.rfm_cuts and
 *		portfolio.rfm_cuts_state.  See rfm_codec.h.
 *
 * The text reader says what today's users of these types have always been
 * told: a sentence per problem, and for numbers what float8in says (no
 * detail for text that is not a number, 22003 for one beyond the double
 * range).
 */
#include "rfm_codec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char dimension_names[RFM_DIMENSIONS] = {'r', 'f', 'm'};

/* ---------- text ---------- */

/* A finite number, with float8in's view of what is not one. */
static bool
read_finite(TextCursor *c, double *value)
{
	const char *end;

	text_skip_spaces(c);
	switch (decimal_read(c->p, value, &end))
	{
		case DECIMAL_OK:
			c->p = end;
			return true;
		case DECIMAL_HEX:
			return text_fail(c, TEXT_HEX);
		case DECIMAL_NONE:
			return text_fail(c, TEXT_NOT_A_NUMBER);
		case DECIMAL_NOT_FINITE:
			return text_fail(c, TEXT_NOT_FINITE);
		case DECIMAL_OUT_OF_RANGE:
			c->error.len = (int) (end - c->p);
			return text_fail(c, TEXT_OUT_OF_RANGE);
	}
	return text_fail(c, TEXT_NOT_A_NUMBER);
}

static bool
expect_or(TextCursor *c, const char *literal, TextProblem problem)
{
	return text_accept(c, literal) || text_fail(c, problem);
}

/* "bins=" and an integer from RFM_MIN_BINS to RFM_MAX_BINS. */
static bool
read_bins(TextCursor *c, int32_t *bins)
{
	char	   *end;
	long		value;

	if (!expect_or(c, "bins", TEXT_BINS_START) || !expect_or(c, "=", TEXT_BINS_START))
		return false;
	text_skip_spaces(c);
	value = strtol(c->p, &end, 10);
	if (end == c->p)
		return text_fail(c, TEXT_BINS_INTEGER);
	if (value < RFM_MIN_BINS || value > RFM_MAX_BINS)
		return text_fail(c, TEXT_BINS_RANGE);
	c->p = end;
	*bins = (int32_t) value;
	return true;
}

/* "; r=" (or f, m) and the bins - 1 cut points of dimension d. */
static bool
read_section(TextCursor *c, RfmCuts *cuts, int d)
{
	char		label[2] = {dimension_names[d], '\0'};
	double	   *cut = cuts->cuts[d];

	if (!expect_or(c, ";", TEXT_SECTION_SEPARATOR) ||
		!expect_or(c, label, TEXT_SECTION_ORDER) || !expect_or(c, "=", TEXT_SECTION_ORDER))
		return false;
	for (int k = 0; k < cuts->bins - 1; k++)
	{
		if (k > 0 && !expect_or(c, ",", TEXT_CUT_SEPARATOR))
			return false;
		if (!read_finite(c, &cut[k]))
			return false;
		if (k > 0 && cut[k] < cut[k - 1])
			return text_fail(c, TEXT_CUTS_DECREASE);
	}
	return true;
}

static bool
expect_end(TextCursor *c)
{
	return text_at_end(c) || text_fail(c, TEXT_TRAILING);
}

bool
rfm_cuts_text_read(TextCursor *c, RfmCuts *cuts)
{
	memset(&cuts->bins, 0, sizeof(RfmCuts) - offsetof(RfmCuts, bins));
	if (!read_bins(c, &cuts->bins))
		return false;
	for (int d = 0; d < RFM_DIMENSIONS; d++)
		if (!read_section(c, cuts, d))
			return false;
	return expect_end(c);
}

bool
rfm_state_text_begin(TextCursor *c, int32_t *bins)
{
	return read_bins(c, bins);
}

TextStep
rfm_state_text_next(TextCursor *c)
{
	if (text_accept(c, ";"))
		return TEXT_STEP_ITEM;
	return expect_end(c) ? TEXT_STEP_END : TEXT_STEP_ERROR;
}

bool
rfm_state_text_triple(TextCursor *c, double triple[RFM_DIMENSIONS])
{
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		if (d > 0 && !expect_or(c, ",", TEXT_TRIPLE_SEPARATOR))
			return false;
		if (!read_finite(c, &triple[d]))
			return false;
	}
	return true;
}

void
rfm_cuts_text_write(const RfmCuts *cuts, TextOut *out)
{
	text_out_string(out, "bins=");
	text_out_int64(out, cuts->bins);
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		char		label[] = {';', ' ', dimension_names[d], '=', '\0'};

		text_out_string(out, label);
		text_out_doubles(out, cuts->cuts[d], cuts->bins - 1, ',');
	}
}

void
rfm_state_text_write(const RfmCutsState *state, TextOut *out)
{
	text_out_string(out, "bins=");
	text_out_int64(out, state->bins);
	for (int64_t i = 0; i < state->count; i++)
	{
		text_out_string(out, "; ");
		text_out_doubles(out, &state->values[i * RFM_DIMENSIONS], RFM_DIMENSIONS, ',');
	}
}

/* ---------- binary ---------- */

#define RFM_CUTS_HEAD 5			/* version, bins */
#define RFM_STATE_HEAD 21		/* version, bins, count, room */
#define TRIPLE_BYTES (RFM_DIMENSIONS * 8)

size_t
rfm_cuts_binary_size(const RfmCuts *cuts)
{
	return RFM_CUTS_HEAD + (size_t) RFM_DIMENSIONS * (cuts->bins - 1) * 8;
}

void
rfm_cuts_binary_write(const RfmCuts *cuts, uint8_t *out)
{
	ByteWriter	w = {out};

	bytes_put_u8(&w, BINARY_FORMAT_VERSION);
	bytes_put_i32(&w, cuts->bins);
	for (int d = 0; d < RFM_DIMENSIONS; d++)
		bytes_put_f64s(&w, cuts->cuts[d], cuts->bins - 1);
}

static bool
read_binary_bins(ByteReader *r, int32_t *bins)
{
	return bytes_version(r) && bytes_i32_in(r, BINARY_BINS, RFM_MIN_BINS, RFM_MAX_BINS, bins);
}

/* The cut points of one dimension: finite, not decreasing. */
static bool
read_binary_cuts(ByteReader *r, double *cut, int n)
{
	for (int k = 0; k < n; k++)
	{
		if (!bytes_finite(r, &cut[k]))
			return false;
		if (k > 0 && cut[k] < cut[k - 1])
			return bytes_fail(r, r->pos - 8, BINARY_CUT_ORDER);
	}
	return true;
}

bool
rfm_cuts_binary_read(ByteReader *r, RfmCuts *cuts)
{
	memset(&cuts->bins, 0, sizeof(RfmCuts) - offsetof(RfmCuts, bins));
	if (!read_binary_bins(r, &cuts->bins))
		return false;
	for (int d = 0; d < RFM_DIMENSIONS; d++)
		if (!read_binary_cuts(r, cuts->cuts[d], cuts->bins - 1))
			return false;
	return bytes_end(r);
}

size_t
rfm_state_binary_size(const RfmCutsState *state)
{
	return RFM_STATE_HEAD + (size_t) state->count * TRIPLE_BYTES;
}

void
rfm_state_binary_write(const RfmCutsState *state, int64_t room, uint8_t *out)
{
	ByteWriter	w = {out};

	bytes_put_u8(&w, BINARY_FORMAT_VERSION);
	bytes_put_i32(&w, state->bins);
	bytes_put_i64(&w, state->count);
	bytes_put_i64(&w, room);
	bytes_put_f64s(&w, state->values, state->count * RFM_DIMENSIONS);
}

bool
rfm_state_binary_head(ByteReader *r, RfmStateHead *head)
{
	return read_binary_bins(r, &head->bins) &&
		bytes_i64_in(r, BINARY_COUNT, 0, RFM_STATE_MAX_COUNT, &head->count) &&
		bytes_i64_in(r, BINARY_ROOM, head->count, RFM_STATE_MAX_COUNT, &head->room) &&
		bytes_items_left(r, head->count, TRIPLE_BYTES, BINARY_FINITE);
}

bool
rfm_state_binary_read(ByteReader *r, const RfmStateHead *head, RfmCutsState *state)
{
	memset(&state->bins, 0, RFM_STATE_HEADER + (size_t) head->room * TRIPLE_BYTES
		   - offsetof(RfmCutsState, bins));
	state->bins = head->bins;
	state->count = head->count;
	return bytes_finites(r, state->values, head->count * RFM_DIMENSIONS) && bytes_end(r);
}
