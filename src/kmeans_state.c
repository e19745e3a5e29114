/*
 * kmeans_state.c
 *		portfolio.kmeans_state: allocation, growth and lossless text I/O.
 *
 * Text form (floats in the shortest form that reads back to the same double,
 * whatever extra_float_digits says, because distributed engines ship
 * partial states between nodes as text):
 *
 *   k=2; seed=42; dims=2; 1,2; 3,4.5
 *
 * dims=0 is a state that has seen only NULL vectors, and has no vectors.
 */
#include "postgres.h"

#include "lib/stringinfo.h"

#include "kmeans.h"
#include "portfolio.h"
#include "text_scan.h"

PG_FUNCTION_INFO_V1(kmeans_state_in);
PG_FUNCTION_INFO_V1(kmeans_state_out);

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
	size = KMEANS_STATE_HEADER + (Size) capacity * dims * sizeof(float8);
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

/* ---------- text output ---------- */

Datum
kmeans_state_out(PG_FUNCTION_ARGS)
{
	KmeansState *state = DatumGetKmeansState(PG_GETARG_DATUM(0));
	StringInfoData buf;

	initStringInfo(&buf);
	appendStringInfo(&buf, "k=%d; seed=" INT64_FORMAT "; dims=%d",
					 state->k, state->seed, state->dims);
	for (int64 i = 0; i < state->count; i++)
	{
		const float8 *vector = &state->values[i * state->dims];

		appendStringInfoString(&buf, "; ");
		for (int t = 0; t < state->dims; t++)
		{
			if (t > 0)
				appendStringInfoChar(&buf, ',');
			portfolio_append_float8(&buf, vector[t]);
		}
	}
	PG_RETURN_CSTRING(buf.data);
}

/* ---------- text input ---------- */

/* "name=" and an integer in [min, max]. */
static int64
scan_setting(Scanner *s, const char *name, int64 min, int64 max, const char *what)
{
	const char *start;
	int64		value;

	scan_expect(s, name);
	scan_skip_spaces(s);
	start = s->p;
	value = scan_int64(s, min, what);
	if (value > max)
	{
		s->p = start;
		scan_error(s, what);
	}
	return value;
}

Datum
kmeans_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	Scanner		s = {input, input, "portfolio.kmeans_state"};
	int32		k;
	int64		seed;
	int32		dims;
	KmeansState *state;

	k = (int32) scan_setting(&s, "k=", 1, KMEANS_MAX_K, "k, an integer from 1 to 1000");
	scan_expect(&s, ";");
	seed = scan_setting(&s, "seed=", PG_INT64_MIN, PG_INT64_MAX, "a seed, a bigint");
	scan_expect(&s, ";");
	dims = (int32) scan_setting(&s, "dims=", 0, KMEANS_MAX_DIMS,
								"dims, an integer from 0 to 1000");
	state = kmeans_state_alloc(k, seed, dims, 0);
	while (scan_next_item(&s, false))
	{
		float8	   *vector;
		KmeansState *roomier;

		if (dims == 0)
			scan_error(&s, "the end of the text (a state with dims=0 has no vectors)");
		roomier = kmeans_state_with_room(state, dims, 1, true);
		if (roomier != state)
			pfree(state);
		state = roomier;
		vector = &state->values[state->count * dims];
		for (int t = 0; t < dims; t++)
		{
			if (t > 0)
				scan_expect(&s, ",");
			vector[t] = scan_float8(&s, "a finite number");
		}
		state->count++;
	}
	if (dims > 0 && state->count == 0)
		scan_error(&s, "a vector (a state without vectors has dims=0)");
	PG_RETURN_POINTER(state);
}
