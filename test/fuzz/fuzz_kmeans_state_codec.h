/*
 * fuzz_kmeans_state_codec.h
 *		The adapter of kmeans_state for fuzz_codec.h: states built and grown
 *		as kmeans_state.c builds them.
 */
#ifndef PORTFOLIO_FUZZ_KMEANS_STATE_CODEC_H
#define PORTFOLIO_FUZZ_KMEANS_STATE_CODEC_H

#include "fuzz_codec.h"

#include "kmeans_state_codec.h"

#define KMEANS_INITIAL_CAPACITY 64	/* as kmeans.h */

static FuzzRead
kmeans_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	KmeansReader r;
	KmeansState *state = NULL;
	int64_t		capacity = 0;
	TextStep	step = TEXT_STEP_ERROR;

	if (kmeans_state_text_begin(&r, text))
	{
		state = fuzz_zalloc(kmeans_state_bytes(r.dims, 0));
		state->k = r.k;
		state->seed = r.seed;
		state->dims = r.dims;
		while ((step = kmeans_state_text_next(&r, state->count)) == TEXT_STEP_ITEM)
		{
			/* kmeans_state_with_room: max(needed, 2 count, 64) */
			if (state->count == capacity)
			{
				int64_t		bigger = capacity == 0 ? KMEANS_INITIAL_CAPACITY : capacity * 2;

				state = fuzz_grow(state, kmeans_state_bytes(r.dims, capacity),
								  kmeans_state_bytes(r.dims, bigger));
				capacity = bigger;
			}
			if (!kmeans_state_text_vector(&r, &state->values[state->count * r.dims]))
				break;
			state->count++;
		}
	}
	*value = state;
	*bytes = kmeans_state_bytes(r.dims, capacity);
	if (step == TEXT_STEP_END)
		return FUZZ_ACCEPTED;
	return *error = r.c.error, free(state), FUZZ_REJECTED;
}

static void
kmeans_to_text(const void *value, TextOut *out)
{
	kmeans_state_text_write(value, out);
}

static FuzzRead
kmeans_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	ByteReader	r;
	KmeansHead	head;
	KmeansState *state;

	bytes_init(&r, data, len);
	if (!kmeans_state_binary_head(&r, &head))
		return *error = r.error, FUZZ_REJECTED;
	if (kmeans_state_bytes(head.dims, head.room) > FUZZ_MAX_VALUE_BYTES)
		return FUZZ_TOO_BIG;
	state = fuzz_zalloc(kmeans_state_bytes(head.dims, head.room));
	*value = state;
	*bytes = kmeans_state_bytes(head.dims, head.room);
	if (kmeans_state_binary_read(&r, &head, state))
		return FUZZ_ACCEPTED;
	return *error = r.error, free(state), FUZZ_REJECTED;
}

static size_t
kmeans_size(const void *value)
{
	return kmeans_state_binary_size(value);
}

static void
kmeans_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	const KmeansState *state = value;
	int64_t		room = state->dims == 0 ? 0
		: (int64_t) ((bytes - KMEANS_STATE_HEADER) / (8 * (size_t) state->dims));

	kmeans_state_binary_write(state, room, out);
}

static const CodecAdapter kmeans_state_adapter = {
	kmeans_from_text, kmeans_to_text, kmeans_from_binary, kmeans_size, kmeans_to_binary, false
};

#endif
