/*
 * test_fixed_decimal.c
 *		Decoding numeric payloads built by hand in PostgreSQL's storage format.
 */
#include <string.h>

#include "unit.h"
#include "fixed_decimal.h"

/* Build a payload: a short or long header, then base-10000 digits. */
static size_t
payload(unsigned char *buf, int is_short, int negative, int scale, int weight,
		const uint16_t *digits, int ndigits)
{
	uint16_t	header;
	size_t		len;

	if (is_short)
	{
		header = 0x8000 | (negative ? 0x2000 : 0) | (uint16_t) (scale << 7) |
			(uint16_t) (weight & 0x7F);
		memcpy(buf, &header, 2);
		len = 2;
	}
	else
	{
		int16_t		w = (int16_t) weight;

		header = (negative ? 0x4000 : 0) | (uint16_t) scale;
		memcpy(buf, &header, 2);
		memcpy(buf + 2, &w, 2);
		len = 4;
	}
	if (ndigits > 0)			/* memcpy from NULL is undefined even for 0 bytes */
		memcpy(buf + len, digits, sizeof(uint16_t) * ndigits);
	return len + sizeof(uint16_t) * ndigits;
}

static void
check_value(int is_short, int negative, int scale, int weight, const uint16_t *digits,
			int ndigits, int64_t expected, const char *what)
{
	unsigned char buf[64];
	size_t		len = payload(buf + 1, is_short, negative, scale, weight, digits, ndigits);
	int64_t		value = 0;
	int			got_scale = -1;
	FixedStatus status = fixed_from_numeric(buf + 1, len, &value, &got_scale);	/* unaligned */

	CHECK(status == FIXED_OK && value == expected && got_scale == scale,
		  "%s: %lld at scale %d (got status %d, %lld at scale %d)", what,
		  (long long) expected, scale, status, (long long) value, got_scale);
}

void
test_fixed_decimal(void)
{
	uint16_t	d_12_34[] = {12, 3400};
	uint16_t	d_12_3[] = {12, 3000};
	uint16_t	d_1[] = {1};
	uint16_t	d_5[] = {5000};
	uint16_t	d_big[] = {922, 3372, 368, 5477, 5807};	/* 9223372036854775807 */
	uint16_t	d_over[] = {922, 3372, 368, 5477, 5808};
	uint16_t	d_bad[] = {10000};
	unsigned char buf[64];
	int64_t		value;
	int			scale;
	uint16_t	nan_header = 0xC000;

	check_value(1, 0, 2, 0, d_12_34, 2, 1234, "12.34 (short form)");
	check_value(0, 1, 2, 0, d_12_34, 2, -1234, "-12.34 (long form)");
	check_value(1, 0, 5, 0, d_12_34, 2, 1234000, "12.34000: display scale beyond the digits");
	check_value(1, 0, 1, 0, d_12_3, 2, 123, "12.3: a digit holds decimals beyond the display scale");
	check_value(1, 0, 0, 1, d_1, 1, 10000, "10000: trailing zero digits are not stored");
	check_value(1, 0, 0, 3, d_1, 1, 1000000000000LL, "10^12");
	check_value(1, 0, 1, -1, d_5, 1, 5, "0.5: negative weight");
	check_value(1, 0, 2, 0, NULL, 0, 0, "zero has no digits");
	check_value(0, 0, 0, 4, d_big, 5, INT64_MAX, "the largest int64");

	value = 0;
	CHECK(fixed_from_numeric(buf, payload(buf, 0, 0, 0, 4, d_over, 5), &value, &scale)
		  == FIXED_DOES_NOT_FIT, "one more than the largest int64 does not fit");
	CHECK(fixed_from_numeric(buf, payload(buf, 0, 0, 19, 0, d_1, 1), &value, &scale)
		  == FIXED_DOES_NOT_FIT, "a display scale above 18 does not fit");
	CHECK(fixed_from_numeric(buf, payload(buf, 1, 0, 10, 3, d_1, 1), &value, &scale)
		  == FIXED_DOES_NOT_FIT, "10^12 at scale 10 does not fit");
	CHECK(fixed_from_numeric(buf, payload(buf, 1, 0, 1, 0, d_12_34, 2), &value, &scale)
		  == FIXED_MALFORMED, "nonzero decimals beyond the display scale are malformed");
	CHECK(fixed_from_numeric(buf, payload(buf, 1, 0, 0, 0, d_bad, 1), &value, &scale)
		  == FIXED_MALFORMED, "a digit of 10000 is malformed");
	CHECK(fixed_from_numeric(buf, 3, &value, &scale) == FIXED_MALFORMED,
		  "an odd number of digit bytes is malformed");
	memcpy(buf, &nan_header, 2);
	CHECK(fixed_from_numeric(buf, 2, &value, &scale) == FIXED_SPECIAL, "NaN and infinities are special");

	CHECK(fixed_rescale(123, 2, 5, &value) && value == 123000, "rescale 1.23 to scale 5");
	CHECK(!fixed_rescale(INT64_MAX / 10 + 1, 0, 1, &value), "rescaling detects overflow");
	CHECK(fixed_add(INT64_MAX - 1, 1, &value) && value == INT64_MAX, "add up to the largest int64");
	CHECK(!fixed_add(INT64_MAX, 1, &value), "addition detects overflow");
	value = INT64_MAX;
	CHECK(!fixed_add(value, 1, &value) && value == INT64_MAX,
		  "an overflowing addition leaves its result alone, even when it is an operand");
	value = INT64_MAX / 10 + 1;
	CHECK(!fixed_rescale(value, 0, 1, &value) && value == INT64_MAX / 10 + 1,
		  "an overflowing rescale leaves its result alone");
	CHECK(fixed_power_of_ten(18) == 1000000000000000000LL, "10^18");
	{
		double		d;

		CHECK(fixed_to_double(1234, 2, &d) && d == 12.34, "12.34 as a double is the literal's double");
		CHECK(fixed_to_double(-1, 18, &d) && d == -1e-18, "-1e-18 as a double");
		CHECK(fixed_to_double(9007199254740992LL, 0, &d) && d == 9007199254740992.0, "2^53 is exact");
		CHECK(!fixed_to_double(9007199254740993LL, 0, &d), "beyond 2^53 a division would round twice");
	}
}
