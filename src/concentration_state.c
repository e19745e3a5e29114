/*
 * concentration_state.c
 *		portfolio.concentration_state: allocation, growth, the checks shared
 *		by the concentration glue, and the glue of its text and binary I/O
 *		around concentration_state_codec.c, which has the formats.
 */
#include "postgres.h"

#include <math.h>

#include "lib/stringinfo.h"
#include "utils/memutils.h"

#include "concentration.h"
#include "portfolio.h"
#include "type_io.h"

PG_FUNCTION_INFO_V1(concentration_state_in);
PG_FUNCTION_INFO_V1(concentration_state_out);
PG_FUNCTION_INFO_V1(concentration_state_send);
PG_FUNCTION_INFO_V1(concentration_state_recv);

#define STATE_TYPE "portfolio.concentration_state"

#define STATE_INITIAL_CAPACITY 64

/* ---------- allocation and growth ---------- */

ConcentrationState *
concentration_state_alloc(int32 nargs, const float8 *args, int64 capacity)
{
	ConcentrationState *state;
	Size		size;

	if (capacity > CONCENTRATION_STATE_MAX_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a concentration aggregate cannot hold more than " INT64_FORMAT " values",
						CONCENTRATION_STATE_MAX_COUNT),
				 errdetail("Exact order statistics keep every value, and one state is limited to 1 GB."),
				 errhint("Aggregate groups of customers separately, or sample them.")));
	capacity = Max(capacity, STATE_INITIAL_CAPACITY);
	size = concentration_state_bytes(capacity);
	state = palloc0(size);		/* spare room zeroed: it is copied and stored */
	SET_VARSIZE(state, size);
	state->nargs = nargs;
	for (int i = 0; i < nargs; i++)
		state->args[i] = args[i];
	state->count = 0;
	return state;
}

ConcentrationState *
concentration_state_with_room(ConcentrationState *state, int64 extra, bool in_place)
{
	ConcentrationState *bigger;
	int64		needed = state->count + extra;

	if (in_place && needed <= CONCENTRATION_STATE_CAPACITY(state))
		return state;
	/* doubling, but not past the limit while what is needed still fits */
	bigger = concentration_state_alloc(state->nargs, state->args,
									   Max(needed, Min(state->count * 2,
													   CONCENTRATION_STATE_MAX_COUNT)));
	memcpy(bigger->values, state->values, sizeof(float8) * state->count);
	bigger->count = state->count;
	bigger->kind = state->kind;
	return bigger;
}

/* ---------- checks ---------- */

float8
concentration_check_value(float8 value)
{
	portfolio_check_finite(value, "value");
	if (value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value must not be negative"),
				 errdetail("The value given was %g.", value),
				 errhint("Filter out negative values (net returns, for example) or replace them with 0 before calling the function.")));
	return value + 0.0;			/* -0 and 0 are one value */
}

static void
append_float8_list(StringInfo buf, const float8 *values, int64 count)
{
	for (int64 i = 0; i < count; i++)
	{
		if (i > 0)
			appendStringInfoChar(buf, ',');
		portfolio_append_float8(buf, values[i]);
	}
}

char *
concentration_args_text(int32 nargs, int kind, const float8 *args)
{
	StringInfoData buf;

	if (nargs == 0)
		return "none";
	initStringInfo(&buf);
	if (kind == CONCENTRATION_POINTS)
		appendStringInfoString(&buf, "points=");
	append_float8_list(&buf, args, nargs);
	return buf.data;
}

/* ---------- final functions' helpers ---------- */

float8 *
concentration_sorted_values(const ConcentrationState *state)
{
	float8	   *values = palloc(sizeof(float8) * state->count);
	float8	   *scratch = palloc(sizeof(float8) * state->count);

	memcpy(values, state->values, sizeof(float8) * state->count);
	concentration_sort(values, scratch, state->count);
	pfree(scratch);
	return values;
}

bool
concentration_has_shares(ConcentrationStatus status)
{
	if (status == CONCENTRATION_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("A sum over the values exceeds the range of double precision."),
				 errhint("Scale the values down, to thousands for example.")));
	return status == CONCENTRATION_OK;
}

/* ---------- text and binary I/O ---------- */

Datum
concentration_state_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	concentration_state_text_write(DatumGetConcentrationState(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
concentration_state_in(PG_FUNCTION_ARGS)
{
	ConcentrationReader r;
	ConcentrationState *state;
	TextStep	step;
	float8		value;

	if (!concentration_state_text_begin(&r, PG_GETARG_CSTRING(0)))
		type_io_text_error(STATE_TYPE, &r.c);
	state = concentration_state_alloc(r.nargs, r.args, STATE_INITIAL_CAPACITY);
	state->kind = r.kind;
	while ((step = concentration_state_text_next(&r, state->count, &value)) == TEXT_STEP_ITEM)
	{
		ConcentrationState *bigger = concentration_state_with_room(state, 1, true);

		if (bigger != state)
			pfree(state);
		state = bigger;
		state->values[state->count++] = value;
	}
	if (step == TEXT_STEP_ERROR)
		type_io_text_error(STATE_TYPE, &r.c);
	PG_RETURN_POINTER(state);
}

Datum
concentration_state_send(PG_FUNCTION_ARGS)
{
	ConcentrationState *state = DatumGetConcentrationState(PG_GETARG_DATUM(0));
	bytea	   *result = type_io_send_buffer(concentration_state_binary_size(state), STATE_TYPE);

	concentration_state_binary_write(state, CONCENTRATION_STATE_CAPACITY(state),
									 (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

/* The state is allocated with exactly the room it was sent with. */
Datum
concentration_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	ConcentrationHead head;
	ConcentrationState *state;
	ByteReader	r;

	type_io_reader(&r, buf);
	if (!concentration_state_binary_head(&r, &head))
		type_io_binary_error(STATE_TYPE, &r);
	state = palloc(concentration_state_bytes(head.room));
	SET_VARSIZE(state, concentration_state_bytes(head.room));
	if (!concentration_state_binary_read(&r, &head, state))
		type_io_binary_error(STATE_TYPE, &r);
	type_io_consumed(buf, &r);
	PG_RETURN_POINTER(state);
}
