/*
 * rfm_types.c
 *		Text input and output of portfolio.rfm_cuts and portfolio.rfm_cuts_state.
 *
 * Both are lossless: floats are written in the shortest form that reads back
 * to the same double, whatever extra_float_digits says, because distributed
 * engines ship partial aggregate states between nodes as text.
 *
 *   rfm_cuts:        bins=5; r=10,30,90,200; f=1,1,2,4; m=20.5,40,80,150
 *   rfm_cuts_state:  bins=5; 12,3,45.5; 30,1,10
 */
#include "postgres.h"

#include <ctype.h>
#include <math.h>

#include "lib/stringinfo.h"
#include "utils/float.h"
#include "utils/memutils.h"

#include "portfolio.h"
#include "rfm.h"
#include "text_scan.h"

PG_FUNCTION_INFO_V1(rfm_cuts_in);
PG_FUNCTION_INFO_V1(rfm_cuts_out);
PG_FUNCTION_INFO_V1(rfm_cuts_state_in);
PG_FUNCTION_INFO_V1(rfm_cuts_state_out);

static const char dimension_names[RFM_DIMENSIONS] = {'r', 'f', 'm'};

/* ---------- shared helpers ---------- */

void
rfm_check_bins(int32 bins)
{
	if (bins < RFM_MIN_BINS || bins > RFM_MAX_BINS)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("bins must be between %d and %d", RFM_MIN_BINS, RFM_MAX_BINS),
				 errdetail("The value given was %d.", bins)));
}

RfmCutsState *
rfm_state_alloc(int32 bins, int64 capacity)
{
	RfmCutsState *state;
	Size		size;

	if (capacity > RFM_STATE_MAX_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("rfm_cuts cannot learn from more than " INT64_FORMAT " customers",
						RFM_STATE_MAX_COUNT)));
	size = RFM_STATE_HEADER + (Size) capacity * sizeof(float8) * RFM_DIMENSIONS;
	state = palloc0(size);		/* spare room zeroed: it is copied and stored */
	SET_VARSIZE(state, size);
	state->bins = bins;
	state->count = 0;
	return state;
}

/* A cursor over the input text, with the whole string kept for messages. */
typedef struct TextCursor
{
	char	   *pos;
	const char *input;
	const char *type_name;
} TextCursor;

static void
syntax_error(const TextCursor *c, const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
			 errmsg("invalid input syntax for type %s: \"%s\"", c->type_name, c->input),
			 errdetail("%s", detail)));
}

static void
skip_spaces(TextCursor *c)
{
	while (isspace((unsigned char) *c->pos))
		c->pos++;
}

/* Consume an expected token (after optional spaces); false if absent. */
static bool
accept(TextCursor *c, const char *token)
{
	size_t		len = strlen(token);

	skip_spaces(c);
	if (strncmp(c->pos, token, len) != 0)
		return false;
	c->pos += len;
	return true;
}

static void
expect(TextCursor *c, const char *token, const char *detail)
{
	if (!accept(c, token))
		syntax_error(c, detail);
}

static float8
parse_finite(TextCursor *c)
{
	char	   *end;
	float8		value;

	skip_spaces(c);
	if (scan_hex_float_ahead(c->pos))
		syntax_error(c, "A decimal number was expected.");
	value = portfolio_float8in(c->pos, &end, c->type_name, c->input);
	if (end == c->pos)
		syntax_error(c, "A number was expected.");
	if (isnan(value) || isinf(value))
		syntax_error(c, "Values must be finite numbers.");
	c->pos = end;
	return value == 0 ? 0.0 : value;	/* no negative zero */
}

static int32
parse_bins(TextCursor *c)
{
	char	   *end;
	long		bins;

	expect(c, "bins", "The text must start with \"bins=\".");
	expect(c, "=", "The text must start with \"bins=\".");
	skip_spaces(c);
	bins = strtol(c->pos, &end, 10);
	if (end == c->pos)
		syntax_error(c, "bins must be an integer.");
	c->pos = end;
	if (bins < RFM_MIN_BINS || bins > RFM_MAX_BINS)
		syntax_error(c, psprintf("bins must be between %d and %d.", RFM_MIN_BINS, RFM_MAX_BINS));
	return (int32) bins;
}

static void
expect_end(TextCursor *c)
{
	skip_spaces(c);
	if (*c->pos != '\0')
		syntax_error(c, "Unexpected text after the last value.");
}

/* ---------- rfm_cuts ---------- */

Datum
rfm_cuts_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	TextCursor	c = {input, input, "portfolio.rfm_cuts"};
	RfmCuts    *cuts = palloc0(sizeof(RfmCuts));

	SET_VARSIZE(cuts, sizeof(RfmCuts));
	cuts->bins = parse_bins(&c);
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		char		label[2] = {dimension_names[d], '\0'};

		expect(&c, ";", "Sections are separated by \";\".");
		expect(&c, label, "The sections are r=, f= and m=, in that order.");
		expect(&c, "=", "The sections are r=, f= and m=, in that order.");
		for (int k = 0; k < cuts->bins - 1; k++)
		{
			if (k > 0)
				expect(&c, ",", "Each section needs bins - 1 values separated by \",\".");
			cuts->cuts[d][k] = parse_finite(&c);
			if (k > 0 && cuts->cuts[d][k] < cuts->cuts[d][k - 1])
				syntax_error(&c, "Cut points must not decrease.");
		}
	}
	expect_end(&c);
	PG_RETURN_POINTER(cuts);
}

Datum
rfm_cuts_out(PG_FUNCTION_ARGS)
{
	RfmCuts    *cuts = DatumGetRfmCuts(PG_GETARG_DATUM(0));
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "bins=%d", cuts->bins);
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		appendStringInfo(&buf, "; %c=", dimension_names[d]);
		for (int k = 0; k < cuts->bins - 1; k++)
		{
			if (k > 0)
				appendStringInfoChar(&buf, ',');
			portfolio_append_float8(&buf, cuts->cuts[d][k]);
		}
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- rfm_cuts_state ---------- */

Datum
rfm_cuts_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	TextCursor	c = {input, input, "portfolio.rfm_cuts_state"};
	int32		bins = parse_bins(&c);
	int64		capacity = 16;
	RfmCutsState *state = rfm_state_alloc(bins, capacity);

	while (accept(&c, ";"))
	{
		float8	   *triple;

		if (state->count == capacity)
		{
			RfmCutsState *bigger = rfm_state_alloc(bins, capacity * 2);

			memcpy(bigger->values, state->values,
				   sizeof(float8) * RFM_DIMENSIONS * state->count);
			bigger->count = state->count;
			pfree(state);
			state = bigger;
			capacity *= 2;
		}
		triple = &state->values[state->count * RFM_DIMENSIONS];
		for (int d = 0; d < RFM_DIMENSIONS; d++)
		{
			if (d > 0)
				expect(&c, ",", "Each customer needs three values separated by \",\".");
			triple[d] = parse_finite(&c);
		}
		state->count++;
	}
	expect_end(&c);
	PG_RETURN_POINTER(state);
}

Datum
rfm_cuts_state_out(PG_FUNCTION_ARGS)
{
	RfmCutsState *state = DatumGetRfmCutsState(PG_GETARG_DATUM(0));
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "bins=%d", state->bins);
	for (int64 i = 0; i < state->count; i++)
	{
		const float8 *triple = &state->values[i * RFM_DIMENSIONS];

		appendStringInfoString(&buf, "; ");
		portfolio_append_float8(&buf, triple[0]);
		appendStringInfoChar(&buf, ',');
		portfolio_append_float8(&buf, triple[1]);
		appendStringInfoChar(&buf, ',');
		portfolio_append_float8(&buf, triple[2]);
	}
	PG_RETURN_CSTRING(buf.data);
}
