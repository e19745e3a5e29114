/*
 * fuzz_concentration_state_codec.h
 *		The adapter of concentration_state for fuzz_codec.h: states built and
 *		grown as concentration_state.c builds them.
 */
#ifndef PORTFOLIO_FUZZ_CONCENTRATION_STATE_CODEC_H
#define PORTFOLIO_FUZZ_CONCENTRATION_STATE_CODEC_H

#include "fuzz_codec.h"

#include "concentration_state_codec.h"

#define STATE_INITIAL_CAPACITY 64	/* as concentration_state.c */

static FuzzRead
state_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	ConcentrationReader r;
	ConcentrationState *state = NULL;
	int64_t		capacity = STATE_INITIAL_CAPACITY;
	TextStep	step = TEXT_STEP_ERROR;
	double		v;

	if (concentration_state_text_begin(&r, text))
	{
		state = fuzz_zalloc(concentration_state_bytes(capacity));
		state->nargs = r.nargs;
		state->kind = r.kind;
		memcpy(state->args, r.args, sizeof(state->args));
		while ((step = concentration_state_text_next(&r, state->count, &v)) == TEXT_STEP_ITEM)
		{
			/* concentration_state_with_room: max(needed, 2 count) */
			if (state->count == capacity)
			{
				state = fuzz_grow(state, concentration_state_bytes(capacity),
								  concentration_state_bytes(capacity * 2));
				capacity *= 2;
			}
			state->values[state->count++] = v;
		}
	}
	*value = state;
	*bytes = concentration_state_bytes(capacity);
	if (step == TEXT_STEP_END)
		return FUZZ_ACCEPTED;
	return *error = r.c.error, free(state), FUZZ_REJECTED;
}

static void
state_to_text(const void *value, TextOut *out)
{
	concentration_state_text_write(value, out);
}

static FuzzRead
state_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	ByteReader	r;
	ConcentrationHead head;
	ConcentrationState *state;

	bytes_init(&r, data, len);
	if (!concentration_state_binary_head(&r, &head))
		return *error = r.error, FUZZ_REJECTED;
	if (concentration_state_bytes(head.room) > FUZZ_MAX_VALUE_BYTES)
		return FUZZ_TOO_BIG;
	state = fuzz_zalloc(concentration_state_bytes(head.room));
	*value = state;
	*bytes = concentration_state_bytes(head.room);
	if (concentration_state_binary_read(&r, &head, state))
		return FUZZ_ACCEPTED;
	return *error = r.error, free(state), FUZZ_REJECTED;
}

static size_t
state_size(const void *value)
{
	return concentration_state_binary_size(value);
}

static void
state_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	concentration_state_binary_write(value, (int64_t) ((bytes - CONCENTRATION_STATE_HEADER) / 8), out);
}

static const CodecAdapter concentration_state_adapter = {
	state_from_text, state_to_text, state_from_binary, state_size, state_to_binary, false
};

#endif
