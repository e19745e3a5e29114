/*
 * rfm_types.c
 *		Text and binary input and output of portfolio.rfm_cuts and
 *		portfolio.rfm_cuts_state: the glue around rfm_codec.c, which has the
 *		formats.
 */
#include "postgres.h"

#include "rfm.h"
#include "type_io.h"

PG_FUNCTION_INFO_V1(rfm_cuts_in);
PG_FUNCTION_INFO_V1(rfm_cuts_out);
PG_FUNCTION_INFO_V1(rfm_cuts_state_in);
PG_FUNCTION_INFO_V1(rfm_cuts_state_out);
PG_FUNCTION_INFO_V1(rfm_cuts_send);
PG_FUNCTION_INFO_V1(rfm_cuts_recv);
PG_FUNCTION_INFO_V1(rfm_cuts_state_send);
PG_FUNCTION_INFO_V1(rfm_cuts_state_recv);

#define CUTS_TYPE "portfolio.rfm_cuts"
#define STATE_TYPE "portfolio.rfm_cuts_state"

/* The room a state read from text starts with; it doubles as it fills. */
#define TEXT_INITIAL_CAPACITY 16

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

/* ---------- rfm_cuts ---------- */

static RfmCuts *
cuts_alloc(void)
{
	RfmCuts    *cuts = palloc0(sizeof(RfmCuts));

	SET_VARSIZE(cuts, sizeof(RfmCuts));
	return cuts;
}

Datum
rfm_cuts_in(PG_FUNCTION_ARGS)
{
	RfmCuts    *cuts = cuts_alloc();
	TextCursor	c;

	text_cursor_init(&c, PG_GETARG_CSTRING(0));
	if (!rfm_cuts_text_read(&c, cuts))
		type_io_text_error(CUTS_TYPE, &c);
	PG_RETURN_POINTER(cuts);
}

Datum
rfm_cuts_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	rfm_cuts_text_write(DatumGetRfmCuts(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
rfm_cuts_send(PG_FUNCTION_ARGS)
{
	RfmCuts    *cuts = DatumGetRfmCuts(PG_GETARG_DATUM(0));
	bytea	   *result = type_io_send_buffer(rfm_cuts_binary_size(cuts), CUTS_TYPE);

	rfm_cuts_binary_write(cuts, (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

Datum
rfm_cuts_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RfmCuts    *cuts = cuts_alloc();
	ByteReader	r;

	type_io_reader(&r, buf);
	if (!rfm_cuts_binary_read(&r, cuts))
		type_io_binary_error(CUTS_TYPE, &r);
	type_io_consumed(buf, &r);
	PG_RETURN_POINTER(cuts);
}

/* ---------- rfm_cuts_state ---------- */

/* A state with room for one more triple, growing as text input always has. */
static RfmCutsState *
state_with_room(RfmCutsState *state)
{
	int64		capacity = RFM_STATE_CAPACITY(state);
	RfmCutsState *bigger;

	if (state->count < capacity)
		return state;
	bigger = rfm_state_alloc(state->bins, capacity * 2);
	memcpy(bigger->values, state->values, sizeof(float8) * RFM_DIMENSIONS * state->count);
	bigger->count = state->count;
	pfree(state);
	return bigger;
}

Datum
rfm_cuts_state_in(PG_FUNCTION_ARGS)
{
	RfmCutsState *state;
	TextCursor	c;
	int32		bins;
	TextStep	step;

	text_cursor_init(&c, PG_GETARG_CSTRING(0));
	if (!rfm_state_text_begin(&c, &bins))
		type_io_text_error(STATE_TYPE, &c);
	state = rfm_state_alloc(bins, TEXT_INITIAL_CAPACITY);
	while ((step = rfm_state_text_next(&c)) == TEXT_STEP_ITEM)
	{
		state = state_with_room(state);
		if (!rfm_state_text_triple(&c, &state->values[state->count * RFM_DIMENSIONS]))
			type_io_text_error(STATE_TYPE, &c);
		state->count++;
	}
	if (step == TEXT_STEP_ERROR)
		type_io_text_error(STATE_TYPE, &c);
	PG_RETURN_POINTER(state);
}

Datum
rfm_cuts_state_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	rfm_state_text_write(DatumGetRfmCutsState(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
rfm_cuts_state_send(PG_FUNCTION_ARGS)
{
	RfmCutsState *state = DatumGetRfmCutsState(PG_GETARG_DATUM(0));
	bytea	   *result = type_io_send_buffer(rfm_state_binary_size(state), STATE_TYPE);

	rfm_state_binary_write(state, RFM_STATE_CAPACITY(state), (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

Datum
rfm_cuts_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	RfmStateHead head;
	RfmCutsState *state;
	ByteReader	r;

	type_io_reader(&r, buf);
	if (!rfm_state_binary_head(&r, &head))
		type_io_binary_error(STATE_TYPE, &r);
	state = rfm_state_alloc(head.bins, head.room);
	if (!rfm_state_binary_read(&r, &head, state))
		type_io_binary_error(STATE_TYPE, &r);
	type_io_consumed(buf, &r);
	PG_RETURN_POINTER(state);
}
