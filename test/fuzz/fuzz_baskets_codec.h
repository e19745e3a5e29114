/*
 * fuzz_baskets_codec.h
 *		The adapter of baskets for fuzz_codec.h: values built and grown as
 *		baskets.c builds them.
 */
#ifndef PORTFOLIO_FUZZ_BASKETS_CODEC_H
#define PORTFOLIO_FUZZ_BASKETS_CODEC_H

#include "fuzz_codec.h"

#include "baskets_codec.h"

#define BASKETS_INITIAL_ROOM 1024	/* as affinity.h */

/* baskets_with_room: room for extra more bytes, max(needed, 2 used, 1024). */
static Baskets *
baskets_fuzz_room(Baskets *b, int64_t *room, int64_t extra)
{
	int64_t		needed = b->used + extra;
	int64_t		bigger;

	if (needed <= *room)
		return b;
	bigger = needed > 2 * b->used ? needed : 2 * b->used;
	bigger = bigger > BASKETS_INITIAL_ROOM ? bigger : BASKETS_INITIAL_ROOM;
	b = fuzz_grow(b, baskets_bytes(*room), baskets_bytes(bigger));
	*room = bigger;
	return b;
}

static FuzzRead
baskets_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	BasketsReader r;
	Baskets    *b = fuzz_zalloc(baskets_bytes(0));
	int64_t		room = 0;
	TextStep	step;

	baskets_text_begin(&r, text);
	while ((step = baskets_text_next(&r, b->count)) == TEXT_STEP_ITEM)
	{
		int64_t		size;

		if (!baskets_text_measure(&r, &size))
		{
			step = TEXT_STEP_ERROR;
			break;
		}
		if (b->used + size > (int64_t) FUZZ_MAX_VALUE_BYTES)
			return free(b), FUZZ_TOO_BIG;
		b = baskets_fuzz_room(b, &room, size);
		if (!baskets_text_read(&r, b))
		{
			step = TEXT_STEP_ERROR;
			break;
		}
	}
	*value = b;
	*bytes = baskets_bytes(room);
	if (step == TEXT_STEP_END)
		return FUZZ_ACCEPTED;
	return *error = r.c.error, free(b), FUZZ_REJECTED;
}

static void
baskets_to_text(const void *value, TextOut *out)
{
	baskets_text_write(value, out);
}

static FuzzRead
baskets_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	ByteReader	r;
	BasketsHead head;
	Baskets    *b;

	bytes_init(&r, data, len);
	if (!baskets_binary_head(&r, &head))
		return *error = r.error, FUZZ_REJECTED;
	if (baskets_bytes(head.room) > FUZZ_MAX_VALUE_BYTES)
		return FUZZ_TOO_BIG;
	b = fuzz_zalloc(baskets_bytes(head.room));
	*value = b;
	*bytes = baskets_bytes(head.room);
	if (baskets_binary_read(&r, &head, b))
		return FUZZ_ACCEPTED;
	return *error = r.error, free(b), FUZZ_REJECTED;
}

static size_t
baskets_size(const void *value)
{
	return baskets_binary_size(value);
}

static void
baskets_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	baskets_binary_write(value, (int64_t) (bytes - BASKETS_HEADER), out);
}

static const CodecAdapter baskets_adapter = {
	baskets_from_text, baskets_to_text, baskets_from_binary, baskets_size, baskets_to_binary, false
};

#endif
