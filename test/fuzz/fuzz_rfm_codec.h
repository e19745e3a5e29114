/*
 * fuzz_rfm_codec.h
 *		The adapters of rfm_cuts and rfm_cuts_state for fuzz_codec.h: values
 *		built as rfm_types.c builds them.
 */
#ifndef PORTFOLIO_FUZZ_RFM_CODEC_H
#define PORTFOLIO_FUZZ_RFM_CODEC_H

#include "fuzz_codec.h"

#include "rfm_codec.h"

/* ---------- rfm_cuts ---------- */

static FuzzRead
cuts_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	RfmCuts    *cuts = fuzz_zalloc(sizeof(RfmCuts));
	TextCursor	c;

	text_cursor_init(&c, text);
	*value = cuts;
	*bytes = sizeof(RfmCuts);
	if (rfm_cuts_text_read(&c, cuts))
		return FUZZ_ACCEPTED;
	*error = c.error;
	free(cuts);
	return FUZZ_REJECTED;
}

static void
cuts_to_text(const void *value, TextOut *out)
{
	rfm_cuts_text_write(value, out);
}

static FuzzRead
cuts_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	RfmCuts    *cuts = fuzz_zalloc(sizeof(RfmCuts));
	ByteReader	r;

	bytes_init(&r, data, len);
	*value = cuts;
	*bytes = sizeof(RfmCuts);
	if (rfm_cuts_binary_read(&r, cuts))
		return FUZZ_ACCEPTED;
	*error = r.error;
	free(cuts);
	return FUZZ_REJECTED;
}

static size_t
cuts_binary_size(const void *value)
{
	return rfm_cuts_binary_size(value);
}

static void
cuts_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	(void) bytes;
	rfm_cuts_binary_write(value, out);
}

static const CodecAdapter rfm_cuts_adapter = {
	cuts_from_text, cuts_to_text, cuts_from_binary, cuts_binary_size, cuts_to_binary, false
};

/* ---------- rfm_cuts_state ---------- */

static size_t
state_bytes(int64_t capacity)
{
	return RFM_STATE_HEADER + (size_t) capacity * RFM_DIMENSIONS * sizeof(double);
}

static FuzzRead
state_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	TextCursor	c;
	int32_t		bins;
	int64_t		capacity = 16;	/* as rfm_cuts_state_in */
	RfmCutsState *state = NULL;
	TextStep	step = TEXT_STEP_ERROR;

	text_cursor_init(&c, text);
	if (rfm_state_text_begin(&c, &bins))
	{
		state = fuzz_zalloc(state_bytes(capacity));
		state->bins = bins;
		while ((step = rfm_state_text_next(&c)) == TEXT_STEP_ITEM)
		{
			if (state->count == capacity)
			{
				state = fuzz_grow(state, state_bytes(capacity), state_bytes(capacity * 2));
				capacity *= 2;
			}
			if (!rfm_state_text_triple(&c, &state->values[state->count * RFM_DIMENSIONS]))
				break;
			state->count++;
		}
	}
	*value = state;
	*bytes = state_bytes(capacity);
	if (step == TEXT_STEP_END)
		return FUZZ_ACCEPTED;
	*error = c.error;
	free(state);
	return FUZZ_REJECTED;
}

static void
state_to_text(const void *value, TextOut *out)
{
	rfm_state_text_write(value, out);
}

static FuzzRead
state_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	ByteReader	r;
	RfmStateHead head;
	RfmCutsState *state;

	bytes_init(&r, data, len);
	if (!rfm_state_binary_head(&r, &head))
		return *error = r.error, FUZZ_REJECTED;
	if (state_bytes(head.room) > FUZZ_MAX_VALUE_BYTES)
		return FUZZ_TOO_BIG;
	state = fuzz_zalloc(state_bytes(head.room));
	*value = state;
	*bytes = state_bytes(head.room);
	if (rfm_state_binary_read(&r, &head, state))
		return FUZZ_ACCEPTED;
	*error = r.error;
	free(state);
	return FUZZ_REJECTED;
}

static size_t
state_binary_size(const void *value)
{
	return rfm_state_binary_size(value);
}

static void
state_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	rfm_state_binary_write(value, (int64_t) ((bytes - RFM_STATE_HEADER) / (RFM_DIMENSIONS * sizeof(double))),
						   out);
}

static const CodecAdapter rfm_cuts_state_adapter = {
	state_from_text, state_to_text, state_from_binary, state_binary_size, state_to_binary, false
};

#endif
