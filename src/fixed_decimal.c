/*
 * fixed_decimal.c
 *		Decode numeric amounts into 64-bit fixed point; exact arithmetic on it.
 */
#include "fixed_decimal.h"

#include <string.h>

#define NUMERIC_FLAG_MASK 0xC000
#define NUMERIC_LONG_POSITIVE 0x0000
#define NUMERIC_LONG_NEGATIVE 0x4000
#define NUMERIC_SHORT_FLAG 0x8000
#define NUMERIC_SPECIAL_FLAG 0xC000
#define SHORT_SIGN 0x2000
#define SHORT_SCALE_MASK 0x1F80
#define SHORT_SCALE_SHIFT 7
#define SHORT_WEIGHT_SIGN 0x0040
#define SHORT_WEIGHT_MASK 0x003F
#define LONG_SCALE_MASK 0x3FFF
#define DIGIT_BASE 10000
#define DIGIT_DECIMALS 4

static const int64_t powers_of_ten[FIXED_MAX_SCALE + 1] = {
	1LL, 10LL, 100LL, 1000LL, 10000LL, 100000LL, 1000000LL, 10000000LL,
	100000000LL, 1000000000LL, 10000000000LL, 100000000000LL,
	1000000000000LL, 10000000000000LL, 100000000000000LL,
	1000000000000000LL, 10000000000000000LL, 100000000000000000LL,
	1000000000000000000LL
};

/* 10^exponent in 128 bits, 0 <= exponent <= FIXED128_MAX_SCALE. */
static fixed128
power_of_ten_128(int exponent)
{
	fixed128	p = 1;

	while (exponent-- > 0)
		p *= 10;
	return p;
}

int64_t
fixed_power_of_ten(int exponent)
{
	return powers_of_ten[exponent];
}

bool
fixed_to_double(int64_t unscaled, int scale, double *result)
{
	const int64_t exact_limit = (int64_t) 1 << 53;

	if (unscaled > exact_limit || unscaled < -exact_limit)
		return false;
	*result = (double) unscaled / (double) powers_of_ten[scale];
	return true;
}

/*
 * The arithmetic leaves *result alone on overflow (the builtins would store
 * the wrapped value), so that callers may pass the address of an operand.
 */
bool
fixed_add(int64_t a, int64_t b, int64_t *result)
{
	int64_t		sum;

	if (__builtin_add_overflow(a, b, &sum))
		return false;
	*result = sum;
	return true;
}

bool
fixed_rescale(int64_t value, int from_scale, int to_scale, int64_t *result)
{
	int64_t		product;

	if (__builtin_mul_overflow(value, powers_of_ten[to_scale - from_scale], &product))
		return false;
	*result = product;
	return true;
}

static uint16_t
read_u16(const unsigned char *p)
{
	uint16_t	v;

	memcpy(&v, p, sizeof(v));	/* the payload may be unaligned */
	return v;
}

/*
 * The digits as one integer D = value * 10000^(ndigits - 1 - weight), then
 * moved to the display scale: the value has no nonzero decimal beyond it.
 */
static FixedStatus
digits_to_fixed128(const unsigned char *digits, int ndigits, int weight, bool negative,
				   int scale, fixed128 *unscaled)
{
	fixed128	d = 0;
	int			digit_decimals = DIGIT_DECIMALS * (ndigits - 1 - weight);

	for (int i = 0; i < ndigits; i++)
	{
		uint16_t	digit = read_u16(digits + 2 * i);

		if (digit >= DIGIT_BASE)
			return FIXED_MALFORMED;
		if (__builtin_mul_overflow(d, DIGIT_BASE, &d) || __builtin_add_overflow(d, digit, &d))
			return FIXED_DOES_NOT_FIT;
	}
	if (ndigits == 0)
		digit_decimals = 0;
	if (digit_decimals <= scale)
	{
		if (scale - digit_decimals > FIXED128_MAX_SCALE ||
			__builtin_mul_overflow(d, power_of_ten_128(scale - digit_decimals), &d))
			return FIXED_DOES_NOT_FIT;
	}
	else
	{
		int			extra = digit_decimals - scale;	/* at most 3: a digit's padding */

		if (extra > 3)
			return FIXED_MALFORMED;
		/* Most amounts fit 64 bits, where division is much cheaper. */
		if (d <= (fixed128) UINT64_MAX)
		{
			uint64_t	narrow = (uint64_t) d;

			if (narrow % (uint64_t) powers_of_ten[extra] != 0)
				return FIXED_MALFORMED;
			d = (fixed128) (narrow / (uint64_t) powers_of_ten[extra]);
		}
		else
		{
			if (d % powers_of_ten[extra] != 0)
				return FIXED_MALFORMED;
			d /= powers_of_ten[extra];
		}
	}
	*unscaled = negative ? -d : d;
	return FIXED_OK;
}

FixedStatus
fixed128_from_numeric(const void *payload, size_t len, fixed128 *unscaled, int *scale)
{
	const unsigned char *p = payload;
	uint16_t	header;
	int			weight;
	bool		negative;
	size_t		header_len;

	if (len < 2)
		return FIXED_MALFORMED;
	header = read_u16(p);
	switch (header & NUMERIC_FLAG_MASK)
	{
		case NUMERIC_SPECIAL_FLAG:
			return FIXED_SPECIAL;
		case NUMERIC_SHORT_FLAG:
			negative = (header & SHORT_SIGN) != 0;
			*scale = (header & SHORT_SCALE_MASK) >> SHORT_SCALE_SHIFT;
			weight = header & SHORT_WEIGHT_MASK;
			if (header & SHORT_WEIGHT_SIGN)
				weight -= SHORT_WEIGHT_MASK + 1;
			header_len = 2;
			break;
		default:
			if (len < 4)
				return FIXED_MALFORMED;
			negative = (header & NUMERIC_FLAG_MASK) == NUMERIC_LONG_NEGATIVE;
			*scale = header & LONG_SCALE_MASK;
			weight = (int16_t) read_u16(p + 2);
			header_len = 4;
			break;
	}
	if ((len - header_len) % 2 != 0)
		return FIXED_MALFORMED;
	if (*scale > FIXED128_MAX_SCALE)
		return FIXED_DOES_NOT_FIT;
	return digits_to_fixed128(p + header_len, (int) ((len - header_len) / 2), weight,
							  negative, *scale, unscaled);
}

FixedStatus
fixed_from_numeric(const void *payload, size_t len, int64_t *unscaled, int *scale)
{
	fixed128	wide;
	FixedStatus status = fixed128_from_numeric(payload, len, &wide, scale);

	if (status != FIXED_OK)
		return status;
	if (*scale > FIXED_MAX_SCALE || wide > INT64_MAX || wide < INT64_MIN)
		return FIXED_DOES_NOT_FIT;
	*unscaled = (int64_t) wide;
	return FIXED_OK;
}

bool
fixed128_add(fixed128 a, fixed128 b, fixed128 *result)
{
	fixed128	sum;

	if (__builtin_add_overflow(a, b, &sum))
		return false;
	*result = sum;
	return true;
}

bool
fixed128_rescale(fixed128 value, int from_scale, int to_scale, fixed128 *result)
{
	fixed128	product;

	if (__builtin_mul_overflow(value, power_of_ten_128(to_scale - from_scale), &product))
		return false;
	*result = product;
	return true;
}

int
fixed128_format(fixed128 unscaled, int scale, char *buf)
{
	char		digits[FIXED128_TEXT_SIZE];
	int			ndigits = 0;
	int			len = 0;
	unsigned __int128 magnitude = unscaled < 0 ? -(unsigned __int128) unscaled
		: (unsigned __int128) unscaled;

	/* Least significant first, at least scale + 1 digits ("0.05"). */
	do
	{
		digits[ndigits++] = (char) ('0' + (int) (magnitude % 10));
		magnitude /= 10;
	} while (magnitude > 0 || ndigits <= scale);
	if (unscaled < 0)
		buf[len++] = '-';
	while (ndigits > 0)
	{
		if (ndigits == scale)
			buf[len++] = '.';
		buf[len++] = digits[--ndigits];
	}
	buf[len] = '\0';
	return len;
}

size_t
fixed128_parse(const char *s, fixed128 *unscaled, int *scale)
{
	const char *p = s;
	bool		negative = (*p == '-');
	bool		in_decimals = false;
	int			ndigits = 0;
	fixed128	value = 0;

	*scale = 0;
	if (negative)
		p++;
	for (;; p++)
	{
		if (*p == '.' && !in_decimals && ndigits > 0)
		{
			in_decimals = true;
			continue;
		}
		if (*p < '0' || *p > '9')
			break;
		if (__builtin_mul_overflow(value, 10, &value) ||
			__builtin_add_overflow(value, *p - '0', &value))
			return 0;
		ndigits++;
		*scale += in_decimals;
	}
	if (ndigits == 0 || p[-1] == '.' || *scale > FIXED128_MAX_SCALE)
		return 0;
	*unscaled = negative ? -value : value;
	return (size_t) (p - s);
}
