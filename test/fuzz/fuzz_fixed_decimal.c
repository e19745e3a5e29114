/*
 * fuzz_fixed_decimal.c
 *		The exact decimal arithmetic (fixed_decimal.c) against a simple
 *		reference on decoded digit strings: fixed128_parse accepts exactly
 *		the texts "-?digits(.digits)?" whose value fits in 127 bits with at
 *		most 38 decimals, and reads the reference's value, scale and length;
 *		fixed128_format writes the canonical text (no leading zeros, no "-0"),
 *		which parses back to the same value; fixed128_add and
 *		fixed128_rescale and their 64-bit forms overflow exactly when the
 *		reference does; fixed_to_double equals strtod of the text.
 */
#include "fuzz_core.h"

#include "fixed_decimal.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define INT128_MAX_U ((((unsigned __int128) 1) << 127) - 1)

/*
 * The reference reader: "-?[0-9]+(\.[0-9]+)?" from the start of s, magnitude
 * and scale; false when it is not there, overflows 127 bits or has too many
 * decimals.
 */
static bool
ref_parse(const char *s, size_t *len, __int128 *value, int *scale)
{
	size_t		i = 0;
	unsigned __int128 mag = 0;
	bool		neg = false;
	bool		overflow = false;
	size_t		digits = 0;

	*scale = 0;
	if (s[i] == '-')
		neg = true, i++;
	while (s[i] >= '0' && s[i] <= '9')
	{
		if (mag > (INT128_MAX_U - (unsigned) (s[i] - '0')) / 10)
			overflow = true;
		mag = mag * 10 + (unsigned) (s[i] - '0');
		i++, digits++;
	}
	if (digits == 0)
		return false;
	if (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')
	{
		i++;
		while (s[i] >= '0' && s[i] <= '9')
		{
			if (mag > (INT128_MAX_U - (unsigned) (s[i] - '0')) / 10)
				overflow = true;
			mag = mag * 10 + (unsigned) (s[i] - '0');
			i++, (*scale)++;
		}
	}
	else if (s[i] == '.')
		return false;			/* "12." */
	if (overflow || *scale > FIXED128_MAX_SCALE)
		return false;
	*len = i;
	*value = neg ? -(__int128) mag : (__int128) mag;
	return true;
}

/* The canonical text of a reference value: the input less leading zeros and "-0". */
static void
ref_format(const char *s, size_t len, __int128 value, char *out)
{
	size_t		i = 0;
	size_t		o = 0;

	if (s[0] == '-')
		i++;
	if (value < 0)
		out[o++] = '-';
	while (i + 1 < len && s[i] == '0' && s[i + 1] != '.')
		i++;
	while (i < len)
		out[o++] = s[i++];
	out[o] = '\0';
}

static void
text_of(FuzzInput *in, char *buf, size_t cap)
{
	static const char alphabet[] = "0123456789000000999999.-x";
	size_t		n = (size_t) (fuzz_bits(in, 1) % (cap - 1));
	int			style = (int) (fuzz_bits(in, 1) % 4);
	size_t		i = 0;

	if (style == 0 && i < n)
		buf[i++] = '-';
	for (; i < n; i++)
	{
		int			c = (int) fuzz_bits(in, 1);

		/* mostly digits, one point in the middle for style 1 and 2 */
		if ((style == 1 || style == 2) && i == n / 2 && i > 0)
			buf[i] = '.';
		else if (c < 230)
			buf[i] = (char) ('0' + c % 10);
		else
			buf[i] = alphabet[c % (sizeof(alphabet) - 1)];
	}
	buf[n] = '\0';
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in = {data, size};
	char		a_text[64];
	char		b_text[64];
	char		canon[64];
	char		out[FIXED128_TEXT_SIZE];
	fixed128	a;
	fixed128	b;
	int			a_scale;
	int			b_scale;
	__int128	ra;
	int			ra_scale;
	size_t		ra_len;
	size_t		got;
	bool		ok;

	text_of(&in, a_text, sizeof(a_text));
	text_of(&in, b_text, sizeof(b_text));

	got = fixed128_parse(a_text, &a, &a_scale);
	ok = ref_parse(a_text, &ra_len, &ra, &ra_scale);
	FUZZ_CHECK(ok == (got > 0), "\"%s\": parse %zu, reference %d", a_text, got, ok);
	if (!ok)
		return 0;
	FUZZ_CHECK(got == ra_len && a == ra && a_scale == ra_scale, "\"%s\": read %zu chars scale %d",
			   a_text, got, a_scale);
	{
		int			len = fixed128_format(a, a_scale, out);
		fixed128	back;
		int			back_scale;

		ref_format(a_text, ra_len, ra, canon);
		FUZZ_CHECK((size_t) len == strlen(out) && len < FIXED128_TEXT_SIZE && strcmp(out, canon) == 0,
				   "\"%s\": formatted \"%s\", canonical \"%s\"", a_text, out, canon);
		FUZZ_CHECK(fixed128_parse(out, &back, &back_scale) == (size_t) len && back == a && back_scale == a_scale,
				   "\"%s\" does not parse back", out);
	}
	/* fixed_to_double: the correctly rounded value when exact operands */
	if (a_scale <= FIXED_MAX_SCALE && a >= INT64_MIN && a <= INT64_MAX)
	{
		double		d;
		int64_t		a64 = (int64_t) a;

		if (fixed_to_double(a64, a_scale, &d))
			FUZZ_CHECK(d == strtod(canon, NULL), "fixed_to_double(%s) = %.17g, strtod %.17g",
					   canon, d, strtod(canon, NULL));
		else
			FUZZ_CHECK(a64 > (1LL << 53) || a64 < -(1LL << 53), "fixed_to_double(%s) refused", canon);
	}
	/* add and rescale against the builtins */
	if (fixed128_parse(b_text, &b, &b_scale) > 0)
	{
		__int128	sum;
		fixed128	got_sum = 12345;
		bool		overflow = __builtin_add_overflow((__int128) a, (__int128) b, &sum);

		FUZZ_CHECK(fixed128_add(a, b, &got_sum) == !overflow && (overflow ? got_sum == 12345 : got_sum == sum),
				   "fixed128_add(%s, %s)", a_text, b_text);
		if (a >= INT64_MIN && a <= INT64_MAX && b >= INT64_MIN && b <= INT64_MAX)
		{
			int64_t		s64;
			int64_t		got64 = 12345;
			bool		o64 = __builtin_add_overflow((int64_t) a, (int64_t) b, &s64);

			FUZZ_CHECK(fixed_add((int64_t) a, (int64_t) b, &got64) == !o64 &&
					   (o64 ? got64 == 12345 : got64 == s64), "fixed_add(%s, %s)", a_text, b_text);
		}
	}
	{
		int			to = a_scale + (int) (fuzz_bits(&in, 1) % 40);
		__int128	ref = a;
		bool		overflow = false;
		fixed128	r = 777;

		for (int i = a_scale; i < to; i++)
			overflow |= __builtin_mul_overflow(ref, (__int128) 10, &ref);
		if (to <= FIXED128_MAX_SCALE)
			FUZZ_CHECK(fixed128_rescale(a, a_scale, to, &r) == !overflow &&
					   (overflow ? r == 777 : r == ref), "fixed128_rescale(%s, %d -> %d)", a_text, a_scale, to);
		if (to <= FIXED_MAX_SCALE && a >= INT64_MIN && a <= INT64_MAX)
		{
			int64_t		ref64 = (int64_t) a;
			bool		o64 = false;
			int64_t		r64 = 777;

			for (int i = a_scale; i < to; i++)
				o64 |= __builtin_mul_overflow(ref64, (int64_t) 10, &ref64);
			FUZZ_CHECK(fixed_rescale((int64_t) a, a_scale, to, &r64) == !o64 &&
					   (o64 ? r64 == 777 : r64 == ref64), "fixed_rescale(%s, %d -> %d)", a_text, a_scale, to);
		}
	}
	return 0;
}
