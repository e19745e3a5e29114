/*
 * fuzz_abc_cuts_codec.h
 *		The adapter of abc_cuts for fuzz_codec.h.
 */
#ifndef PORTFOLIO_FUZZ_ABC_CUTS_CODEC_H
#define PORTFOLIO_FUZZ_ABC_CUTS_CODEC_H

#include "fuzz_codec.h"

#include "abc_cuts_codec.h"

static FuzzRead
abc_from_text(const char *text, void **value, size_t *bytes, TextError *error)
{
	AbcCuts    *cuts = fuzz_zalloc(sizeof(AbcCuts));
	TextCursor	c;

	text_cursor_init(&c, text);
	*value = cuts;
	*bytes = sizeof(AbcCuts);
	if (abc_cuts_text_read(&c, cuts))
		return FUZZ_ACCEPTED;
	return *error = c.error, free(cuts), FUZZ_REJECTED;
}

static void
abc_to_text(const void *value, TextOut *out)
{
	abc_cuts_text_write(value, out);
}

static FuzzRead
abc_from_binary(const uint8_t *data, size_t len, void **value, size_t *bytes, BinaryError *error)
{
	AbcCuts    *cuts = fuzz_zalloc(sizeof(AbcCuts));
	ByteReader	r;

	bytes_init(&r, data, len);
	*value = cuts;
	*bytes = sizeof(AbcCuts);
	if (abc_cuts_binary_read(&r, cuts))
		return FUZZ_ACCEPTED;
	return *error = r.error, free(cuts), FUZZ_REJECTED;
}

static size_t
abc_size(const void *value)
{
	(void) value;
	return ABC_CUTS_BINARY_SIZE;
}

static void
abc_to_binary(const void *value, size_t bytes, uint8_t *out)
{
	(void) bytes;
	abc_cuts_binary_write(value, out);
}

static const CodecAdapter abc_cuts_adapter = {
	abc_from_text, abc_to_text, abc_from_binary, abc_size, abc_to_binary, false
};

#endif
