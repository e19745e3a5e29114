/*
 * fuzz_text_codec.c
 *		The number readers and writer every text codec shares
 *		(text_codec.c).
 *
 * First byte even: the rest is text (after its spaces, which the callers
 * skip).  decimal_read accepts exactly what the
 * input functions accepted before the codecs (strtod, then: something read,
 * not hexadecimal, finite, ending in a digit or a point, not an underflow to
 * 0), with the same value (-0 as 0), and its other results say why; what it
 * reads, written back in the shortest form, reads back to the same double.
 *
 * First byte odd: the next 8 bytes are a double; a finite one is written
 * in at most TEXT_DOUBLE_MAX_LEN bytes that decimal_read reads back to the
 * same bits (-0 to 0).
 */
#include "fuzz_codec.h"

#include <ctype.h>
#include <errno.h>

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The rules of the scanners the codecs replaced, written out again. */
static bool
reference_read(const char *p, double *value, char **end)
{
	bool		hex;

	errno = 0;
	*value = strtod(p, end);
	hex = (p[0] == '+' || p[0] == '-') ? (p[1] == '0' && (p[2] == 'x' || p[2] == 'X'))
		: (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'));
	return *end != p && !isnan(*value) && !isinf(*value) &&
		(isdigit((unsigned char) (*end)[-1]) || (*end)[-1] == '.') &&
		!(errno == ERANGE && *value == 0) && !hex;
}

static void
written_back(double value)
{
	TextOut		out = {NULL, 0, 1, fuzz_text_grow, NULL};
	double		again = -1;
	const char *end;

	out.data = fuzz_zalloc(1);
	text_out_double(&out, value);
	FUZZ_CHECK(out.len <= TEXT_DOUBLE_MAX_LEN, "%zu bytes: %s", out.len, out.data);
	FUZZ_CHECK(decimal_read(out.data, &again, &end) == DECIMAL_OK && *end == '\0' &&
			   memcmp(&again, &(double) {value + 0.0}, sizeof(double)) == 0,
			   "%.17g is written %s, read back as %.17g", value, out.data, again);
	free(out.data);
}

static void
check_text(const char *text)
{
	double		expected;
	char	   *expected_end;
	bool		accepted = reference_read(text, &expected, &expected_end);
	double		value = 0;
	const char *end;
	DecimalRead r = decimal_read(text, &value, &end);

	FUZZ_CHECK((r == DECIMAL_OK) == accepted, "\"%s\": %d, the old rules %s it", text, (int) r,
			   accepted ? "accept" : "refuse");
	if (accepted)
	{
		FUZZ_CHECK(end == expected_end && value == expected && !(value == 0 && signbit(value)),
				   "\"%s\": %.17g, %d bytes", text, value, (int) (end - text));
		written_back(value);
	}
	else if (r == DECIMAL_NONE || r == DECIMAL_HEX)
		FUZZ_CHECK(end == text, "\"%s\": nothing read, yet an end", text);
	else
		FUZZ_CHECK(end > text, "\"%s\": %d without its extent", text, (int) r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	   *text;
	double		value;

	if (size == 0)
		return 0;
	if (data[0] & 1)
	{
		if (size >= 9)
		{
			memcpy(&value, data + 1, sizeof(value));
			if (isfinite(value))
				written_back(value);
		}
		return 0;
	}
	text = fuzz_zalloc(size);
	memcpy(text, data + 1, size - 1);
	check_text(text + strspn(text, " \t\n\v\f\r"));	/* the callers skip spaces */
	free(text);
	return 0;
}
