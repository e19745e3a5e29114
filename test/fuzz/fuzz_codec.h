/*
 * fuzz_codec.h
 *		The round trips every codec harness runs (fuzz_<type>_in and
 *		fuzz_<type>_recv), given a type's adapter: how to build a value from
 *		text or bytes in malloc'd memory, growing it as the glue does, and
 *		how to write it back.  Pure C: the harnesses link the codecs and
 *		cores only, no stand-in of the server.
 *
 * Text: any text is accepted, or rejected with a problem code at a
 * position inside it (never a crash, never undefined behaviour); what is
 * accepted survives out -> in -> out byte for byte, and the value read back
 * is the same bytes (but see text_drops_rows).
 *
 * Binary: any bytes are accepted, or rejected with a problem code at a
 * byte inside them; what is accepted comes back from encode -> decode
 * byte for byte (value and bytes), is the input itself unless the input
 * held a negative zero (read as 0), and its text reads back to the same
 * text.
 */
#ifndef PORTFOLIO_FUZZ_CODEC_H
#define PORTFOLIO_FUZZ_CODEC_H

#include "fuzz_core.h"

#include "binary_codec.h"
#include "text_codec.h"

/* Values a harness does not build (their head was read, and is fine). */
#define FUZZ_MAX_VALUE_BYTES ((size_t) 256 << 10)

typedef enum FuzzRead
{
	FUZZ_ACCEPTED,
	FUZZ_REJECTED,				/* the error says why */
	FUZZ_TOO_BIG				/* accepted so far, but more than FUZZ_MAX_VALUE_BYTES
								 * (or a count the glue refuses with 22003) */
} FuzzRead;

/*
 * A type's codec, with the memory the glue would give it.  Values are
 * malloc'd, their varlena header left 0; *bytes gets their size.
 */
typedef struct CodecAdapter
{
	FuzzRead	(*from_text) (const char *text, void **value, size_t *bytes, TextError *error);
	void		(*to_text) (const void *value, TextOut *out);
	FuzzRead	(*from_binary) (const uint8_t *data, size_t len, void **value, size_t *bytes,
								BinaryError *error);
	size_t		(*binary_size) (const void *value);
	void		(*to_binary) (const void *value, size_t bytes, uint8_t *out);
	/*
	 * The text input takes what the output leaves out (period_retention's
	 * idle periods before the first active one): the value read from a text
	 * may differ from the one read back from its output, which is the same
	 * as the one read from that output's output.
	 */
	bool		text_drops_rows;
} CodecAdapter;

/* ---------- memory ---------- */

static inline void *
fuzz_zalloc(size_t bytes)
{
	void	   *p = calloc(1, bytes > 0 ? bytes : 1);

	FUZZ_CHECK(p != NULL, "out of memory for %zu bytes", bytes);
	return p;
}

/* A bigger copy of a block, the new part zeroed (the glue's palloc0 and copy). */
static inline void *
fuzz_grow(void *block, size_t old_bytes, size_t new_bytes)
{
	char	   *p = realloc(block, new_bytes);

	FUZZ_CHECK(p != NULL, "out of memory for %zu bytes", new_bytes);
	memset(p + old_bytes, 0, new_bytes - old_bytes);
	return p;
}

static inline void
fuzz_text_grow(TextOut *out, size_t size)
{
	size_t		bigger = out->size * 2 > size ? out->size * 2 : size;

	out->data = realloc(out->data, bigger);
	FUZZ_CHECK(out->data != NULL, "out of memory for %zu bytes", bigger);
	out->size = bigger;
}

/* The text of a value, malloc'd. */
static inline char *
fuzz_text_of(const CodecAdapter *a, const void *value)
{
	TextOut		out = {NULL, 0, 16, fuzz_text_grow, NULL};

	out.data = fuzz_zalloc(out.size);
	a->to_text(value, &out);
	FUZZ_CHECK(strlen(out.data) == out.len, "the text's length is %zu, not %zu",
			   strlen(out.data), out.len);
	return out.data;
}

/*
 * The bytes of a value, malloc'd.  Written twice, over two different
 * fillings, so that a byte the writer leaves out (a size that says more
 * than it writes) shows, and with a canary after them.
 */
static inline uint8_t *
fuzz_bytes_of(const CodecAdapter *a, const void *value, size_t bytes, size_t *len)
{
	uint8_t    *out;
	uint8_t    *again;

	*len = a->binary_size(value);
	out = fuzz_zalloc(*len + 1);
	again = fuzz_zalloc(*len + 1);
	memset(out, 0xA5, *len + 1);
	memset(again, 0x5A, *len + 1);
	a->to_binary(value, bytes, out);
	a->to_binary(value, bytes, again);
	FUZZ_CHECK(out[*len] == 0xA5 && again[*len] == 0x5A, "the writer wrote past its %zu bytes", *len);
	FUZZ_CHECK(memcmp(out, again, *len) == 0, "the writer left some of its %zu bytes alone", *len);
	free(again);
	return out;
}

/* ---------- problems ---------- */

static inline void
fuzz_check_text_error(const char *text, const TextError *e)
{
	char		detail[TEXT_DETAIL_SIZE];
	size_t		len = strlen(text);

	FUZZ_CHECK(e->problem > TEXT_OK && e->problem <= TEXT_OUT_OF_RANGE,
			   "problem %d for \"%s\"", (int) e->problem, text);
	FUZZ_CHECK(e->pos >= 0 && (size_t) e->pos <= len, "position %d in %zu bytes", e->pos, len);
	text_error_detail(e, detail, sizeof(detail));
	FUZZ_CHECK(strlen(detail) < sizeof(detail) - 1, "a detail that may be cut: %s", detail);
	if (text_error_kind(e->problem) == TEXT_ERROR_SYNTAX ||
		text_error_kind(e->problem) == TEXT_ERROR_INCONSISTENT)
		FUZZ_CHECK(detail[0] != '\0', "no detail for problem %d", (int) e->problem);
	if (e->problem == TEXT_OUT_OF_RANGE)
		FUZZ_CHECK(e->len > 0 && (size_t) (e->pos + e->len) <= len, "number at %d, %d bytes",
				   e->pos, e->len);
}

static inline void
fuzz_check_binary_error(size_t len, const BinaryError *e)
{
	char		detail[BINARY_DETAIL_SIZE];

	FUZZ_CHECK(e->problem > BINARY_OK, "problem %d", (int) e->problem);
	FUZZ_CHECK(e->pos >= 0 && (size_t) e->pos <= len, "position %lld in %zu bytes",
			   (long long) e->pos, len);
	FUZZ_CHECK(!e->truncated || e->length == (int64_t) len, "truncated at %lld of %zu bytes",
			   (long long) e->length, len);
	binary_error_detail(e, detail, sizeof(detail));
	FUZZ_CHECK(detail[0] != '\0' && strlen(detail) < sizeof(detail) - 1, "detail \"%s\"", detail);
}

/* ---------- round trips ---------- */

static inline bool
fuzz_same_value(const void *a, size_t a_bytes, const void *b, size_t b_bytes)
{
	return a_bytes == b_bytes && memcmp(a, b, a_bytes) == 0;
}

/* The value a text reads as, which must be accepted. */
static inline void *
fuzz_value_of(const CodecAdapter *a, const char *text, size_t *bytes)
{
	void	   *value = NULL;
	TextError	error;

	memset(&error, 0, sizeof(error));
	FUZZ_CHECK(a->from_text(text, &value, bytes, &error) == FUZZ_ACCEPTED,
			   "in rejected what out wrote: \"%s\" (problem %d at %d)", text,
			   (int) error.problem, error.pos);
	return value;
}

/* text -> value -> text -> value -> text: the texts and values are the same. */
static inline void
fuzz_text_round_trip(const CodecAdapter *a, const uint8_t *data, size_t size)
{
	char	   *text;
	void	   *value1 = NULL;
	void	   *value2;
	void	   *value3;
	size_t		bytes1,
				bytes2,
				bytes3;
	TextError	error;
	char	   *text1;
	char	   *text2;
	FuzzRead	read;

	if (memchr(data, '\0', size) != NULL)
		return;					/* a cstring ends at its first NUL */
	text = fuzz_zalloc(size + 1);
	memcpy(text, data, size);
	memset(&error, 0, sizeof(error));
	read = a->from_text(text, &value1, &bytes1, &error);
	if (read != FUZZ_ACCEPTED)
	{
		if (read == FUZZ_REJECTED)
			fuzz_check_text_error(text, &error);
		free(text);
		return;
	}
	text1 = fuzz_text_of(a, value1);
	value2 = fuzz_value_of(a, text1, &bytes2);
	text2 = fuzz_text_of(a, value2);
	FUZZ_CHECK(strcmp(text1, text2) == 0, "text changed: \"%s\" then \"%s\"", text1, text2);
	value3 = fuzz_value_of(a, text2, &bytes3);
	FUZZ_CHECK(fuzz_same_value(value2, bytes2, value3, bytes3), "value changed through \"%s\"", text2);
	FUZZ_CHECK(a->text_drops_rows || fuzz_same_value(value1, bytes1, value2, bytes2),
			   "value changed through \"%s\"", text1);
	free(text), free(text1), free(text2), free(value1), free(value2), free(value3);
}

/* Whether bytes hold a negative zero somewhere (8 bytes 80 00 .. 00). */
static inline bool
fuzz_has_negative_zero(const uint8_t *data, size_t len)
{
	static const uint8_t negative_zero[8] = {0x80, 0, 0, 0, 0, 0, 0, 0};

	for (size_t i = 0; i + 8 <= len; i++)
		if (memcmp(data + i, negative_zero, 8) == 0)
			return true;
	return false;
}

/* The decoded value's text reads back to the same text. */
static inline void
fuzz_text_agrees(const CodecAdapter *a, const void *value)
{
	char	   *text1 = fuzz_text_of(a, value);
	void	   *again = NULL;
	size_t		bytes;
	TextError	error;
	char	   *text2;

	memset(&error, 0, sizeof(error));
	FUZZ_CHECK(a->from_text(text1, &again, &bytes, &error) == FUZZ_ACCEPTED,
			   "the text of an accepted binary value is rejected: \"%s\" (problem %d at %d)",
			   text1, (int) error.problem, error.pos);
	text2 = fuzz_text_of(a, again);
	FUZZ_CHECK(strcmp(text1, text2) == 0, "text changed: \"%s\" then \"%s\"", text1, text2);
	free(text1), free(text2), free(again);
}

/* bytes -> value -> bytes -> value -> bytes: the same bytes and values. */
static inline void
fuzz_binary_round_trip(const CodecAdapter *a, const uint8_t *data, size_t size)
{
	void	   *value1 = NULL;
	void	   *value2 = NULL;
	size_t		bytes1,
				bytes2,
				len1,
				len2;
	BinaryError error;
	uint8_t    *out1;
	uint8_t    *out2;
	FuzzRead	read = a->from_binary(data, size, &value1, &bytes1, &error);

	if (read != FUZZ_ACCEPTED)
	{
		if (read == FUZZ_REJECTED)
			fuzz_check_binary_error(size, &error);
		return;
	}
	out1 = fuzz_bytes_of(a, value1, bytes1, &len1);
	FUZZ_CHECK((len1 == size && memcmp(out1, data, size) == 0) ||
			   fuzz_has_negative_zero(data, size), "encoding differs from the %zu bytes read", size);
	FUZZ_CHECK(a->from_binary(out1, len1, &value2, &bytes2, &error) == FUZZ_ACCEPTED,
			   "decode rejected what encode wrote (problem %d at %lld)", (int) error.problem,
			   (long long) error.pos);
	FUZZ_CHECK(fuzz_same_value(value1, bytes1, value2, bytes2), "value changed through its bytes");
	out2 = fuzz_bytes_of(a, value2, bytes2, &len2);
	FUZZ_CHECK(len1 == len2 && memcmp(out1, out2, len1) == 0, "bytes changed");
	fuzz_text_agrees(a, value1);
	free(value1), free(value2), free(out1), free(out2);
}

#endif
