/*
 * codec_unit.h
 *		Checks shared by the unit tests of the codecs, through the same
 *		adapters the fuzz harnesses use (test/fuzz/fuzz_*_codec.h): a text
 *		accepted and written back, a text rejected with a problem at a
 *		character, a value's exact bytes, bytes rejected with a problem at
 *		a byte.  Bytes are written as hex strings.
 */
#ifndef PORTFOLIO_CODEC_UNIT_H
#define PORTFOLIO_CODEC_UNIT_H

#include "unit.h"

#include "../fuzz/fuzz_codec.h"

/* A text a reader must reject: the problem, where (0-based), and the detail (NULL: any). */
typedef struct TextCase
{
	const char *text;
	TextProblem problem;
	int			pos;
	const char *detail;
} TextCase;

/* text reads, and is written back as expected (the text itself if NULL). */
static inline void
check_text(const CodecAdapter *a, const char *text, const char *expected)
{
	void	   *value = NULL;
	size_t		bytes;
	TextError	error;
	char	   *out = NULL;
	bool		read = a->from_text(text, &value, &bytes, &error) == FUZZ_ACCEPTED;

	if (read)
		out = fuzz_text_of(a, value);
	CHECK(read && strcmp(out, expected ? expected : text) == 0, "\"%s\" reads and writes \"%s\"",
		  text, read ? out : "(rejected)");
	free(out);
	free(value);
}

/*
 * text is rejected with problem at pos (0-based), and the detail is the
 * one given (unless NULL).
 */
static inline void
check_text_problem(const CodecAdapter *a, const char *text, TextProblem problem, int pos,
				   const char *detail)
{
	void	   *value = NULL;
	size_t		bytes;
	TextError	error;
	char		got[TEXT_DETAIL_SIZE] = "";
	bool		read;

	memset(&error, 0, sizeof(error));
	read = a->from_text(text, &value, &bytes, &error) == FUZZ_ACCEPTED;
	if (!read)
		text_error_detail(&error, got, sizeof(got));
	CHECK(!read && error.problem == problem && error.pos == pos &&
		  (detail == NULL || strcmp(got, detail) == 0),
		  "\"%s\": problem %d at %d (%s)", text, (int) error.problem, error.pos, got);
	if (read)
		free(value);
}

/* The bytes of a hex string, malloc'd; *len gets their number. */
static inline uint8_t *
unit_unhex(const char *hex, size_t *len)
{
	uint8_t    *bytes = fuzz_zalloc(strlen(hex) / 2 + 1);

	*len = 0;
	for (const char *p = hex; *p != '\0';)
	{
		unsigned	b;

		if (*p == ' ')			/* spaces are for reading */
		{
			p++;
			continue;
		}
		sscanf(p, "%2x", &b);
		bytes[(*len)++] = (uint8_t) b;
		p += 2;
	}
	return bytes;
}

static inline char *
unit_hex(const uint8_t *bytes, size_t len)
{
	char	   *hex = fuzz_zalloc(2 * len + 1);

	for (size_t i = 0; i < len; i++)
		sprintf(hex + 2 * i, "%02x", bytes[i]);
	return hex;
}

/*
 * The value of text is sent as hex, and hex is received as a value whose
 * text is text again.
 */
static inline void
check_bytes(const CodecAdapter *a, const char *text, const char *hex)
{
	void	   *value = NULL;
	size_t		bytes,
				len = 0,
				want_len;
	TextError	terror;
	BinaryError berror;
	uint8_t    *want = unit_unhex(hex, &want_len);
	uint8_t    *out = NULL;
	char	   *got = NULL;

	if (a->from_text(text, &value, &bytes, &terror) == FUZZ_ACCEPTED)
		out = fuzz_bytes_of(a, value, bytes, &len);
	got = out ? unit_hex(out, len) : NULL;
	CHECK(out && len == want_len && memcmp(out, want, len) == 0, "\"%s\" is sent as %s",
		  text, got ? got : "(rejected)");
	free(value), free(out), free(got);
	value = NULL, got = NULL;
	if (a->from_binary(want, want_len, &value, &bytes, &berror) == FUZZ_ACCEPTED)
		got = fuzz_text_of(a, value);
	CHECK(got && strcmp(got, text) == 0, "its bytes are received as \"%s\"", got ? got : "(rejected)");
	free(value), free(got), free(want);
}

/* hex is received as a value whose text is text. */
static inline void
check_received(const CodecAdapter *a, const char *hex, const char *text)
{
	size_t		len,
				bytes;
	uint8_t    *data = unit_unhex(hex, &len);
	void	   *value = NULL;
	BinaryError error;
	char	   *got = NULL;

	if (a->from_binary(data, len, &value, &bytes, &error) == FUZZ_ACCEPTED)
		got = fuzz_text_of(a, value);
	CHECK(got && strcmp(got, text) == 0, "%s is received as \"%s\"", hex, got ? got : "(rejected)");
	free(got), free(value), free(data);
}

/* hex is rejected with problem at pos (0-based), truncated or not, and that detail. */
static inline void
check_bytes_problem(const CodecAdapter *a, const char *hex, BinaryProblem problem, int pos,
					const char *detail)
{
	size_t		len,
				bytes;
	uint8_t    *data = unit_unhex(hex, &len);
	void	   *value = NULL;
	BinaryError error;
	char		got[BINARY_DETAIL_SIZE] = "";
	bool		read;

	memset(&error, 0, sizeof(error));
	read = a->from_binary(data, len, &value, &bytes, &error) == FUZZ_ACCEPTED;
	if (!read)
		binary_error_detail(&error, got, sizeof(got));
	CHECK(!read && error.problem == problem && error.pos == pos &&
		  (detail == NULL || strcmp(got, detail) == 0),
		  "%s: problem %d at %lld (%s)", hex, (int) error.problem, (long long) error.pos, got);
	if (read)
		free(value);
	free(data);
}

#endif
