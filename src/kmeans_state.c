/*
 * kmeans_state.c
 *		portfolio.kmeans_state: allocation, growth, and the glue of its text
 *		and binary I/O around kmeans_state_codec.c, which has the formats.
 */
#include "postgres.h"

#include "kmeans.h"
#include "type_io.h"

PG_FUNCTION_INFO_V1(kmeans_state_in);
PG_FUNCTION_INFO_V1(kmeans_state_out);
PG_FUNCTION_INFO_V1(kmeans_state_send);
PG_FUNCTION_INFO_V1(kmeans_state_recv);

#define STATE_TYPE "portfolio.kmeans_state"

void
kmeans_check_k(int64 k)
{
	if (k < 1 || k > KMEANS_MAX_K)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k must be between 1 and %d", KMEANS_MAX_K),
				 errdetail("The value given was " INT64_FORMAT ".", k),
				 errhint("k is the number of clusters to find.")));
}

void
kmeans_check_dims(int dims)
{
	if (dims > KMEANS_MAX_DIMS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("feature vectors cannot have more than %d elements", KMEANS_MAX_DIMS),
				 errdetail("The vector given has %d elements.", dims)));
}

KmeansState *
kmeans_state_alloc(int32 k, int64 seed, int32 dims, int64 capacity)
{
	KmeansState *state;
	Size		size;

	if (dims > 0 && capacity > KMEANS_STATE_MAX_COUNT(dims))
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("kmeans_fit cannot hold more than " INT64_FORMAT " feature vectors of %d elements",
						KMEANS_STATE_MAX_COUNT(dims), dims),
				 errdetail("The state keeps every vector, 8 bytes per element, and cannot exceed 1 GB."),
				 errhint("Fit on a sample (for example with TABLESAMPLE), or on fewer features.")));
	size = kmeans_state_bytes(dims, capacity);
	state = palloc0(size);		/* spare room zeroed: it is copied and stored */
	SET_VARSIZE(state, size);
	state->k = k;
	state->seed = seed;
	state->dims = dims;
	state->unused = 0;
	state->count = 0;
	return state;
}

KmeansState *
kmeans_state_with_room(KmeansState *state, int32 dims, int64 extra, bool in_place)
{
	KmeansState *bigger;
	int64		needed = state->count + extra;
	int64		capacity;

	Assert(state->dims == 0 || state->dims == dims);
	if (in_place && state->dims == dims && needed <= KMEANS_STATE_CAPACITY(state))
		return state;
	capacity = Max(needed, Max(state->count * 2, KMEANS_STATE_INITIAL_CAPACITY));
	if (needed <= KMEANS_STATE_MAX_COUNT(dims))
		capacity = Min(capacity, KMEANS_STATE_MAX_COUNT(dims));
	bigger = kmeans_state_alloc(state->k, state->seed, dims, capacity);
	memcpy(bigger->values, state->values, sizeof(float8) * dims * state->count);
	bigger->count = state->count;
	return bigger;
}

/* ---------- text and binary I/O ---------- */

Datum
kmeans_state_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	kmeans_state_text_write(DatumGetKmeansState(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
kmeans_state_in(PG_FUNCTION_ARGS)
{
	KmeansReader r;
	KmeansState *state;
	TextStep	step;

	if (!kmeans_state_text_begin(&r, PG_GETARG_CSTRING(0)))
		type_io_text_error(STATE_TYPE, &r.c);
	state = kmeans_state_alloc(r.k, r.seed, r.dims, 0);
	while ((step = kmeans_state_text_next(&r, state->count)) == TEXT_STEP_ITEM)
	{
		KmeansState *roomier = kmeans_state_with_room(state, r.dims, 1, true);

		if (roomier != state)
			pfree(state);
		state = roomier;
		if (!kmeans_state_text_vector(&r, &state->values[state->count * r.dims]))
			type_io_text_error(STATE_TYPE, &r.c);
		state->count++;
	}
	if (step == TEXT_STEP_ERROR)
		type_io_text_error(STATE_TYPE, &r.c);
	PG_RETURN_POINTER(state);
}

Datum
kmeans_state_send(PG_FUNCTION_ARGS)
{
	KmeansState *state = DatumGetKmeansState(PG_GETARG_DATUM(0));
	bytea	   *result = type_io_send_buffer(kmeans_state_binary_size(state), STATE_TYPE);

	kmeans_state_binary_write(state, KMEANS_STATE_CAPACITY(state), (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

Datum
kmeans_state_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	KmeansHead	head;
	KmeansState *state;
	ByteReader	r;

	type_io_reader(&r, buf);
	if (!kmeans_state_binary_head(&r, &head))
		type_io_binary_error(STATE_TYPE, &r);
	state = kmeans_state_alloc(head.k, head.seed, head.dims, head.room);
	if (!kmeans_state_binary_read(&r, &head, state))
		type_io_binary_error(STATE_TYPE, &r);
	type_io_consumed(buf, &r);
	PG_RETURN_POINTER(state);
}
