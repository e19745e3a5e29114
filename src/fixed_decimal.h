/*
 * fixed_decimal.h
 *		Exact decimal amounts as 64- or 128-bit integers at a decimal scale.
 *
 * Pure C: no PostgreSQL headers.  summarize adds up millions of numeric
 * amounts; doing that in PostgreSQL's numeric arithmetic costs an allocation
 * per value.  Typical amounts (a few digits, a few decimals) fit in an int64
 * counted in units of 10^-scale, where addition is exact and cheap.  Values
 * that do not fit make the caller fall back to numeric arithmetic.
 *
 * Revenue totals across customers (retention and cohorts) are kept in a
 * 128-bit integer instead: up to 38 digits, room for any realistic total at
 * any realistic scale, and still a fixed-size cell of a state array.
 *
 * fixed_from_numeric reads PostgreSQL's numeric storage format, which must
 * stay stable because it is what tables hold on disk (pg_upgrade keeps it):
 *
 *   short form  uint16 header: 0x8000 flag, 0x2000 sign, 0x1F80 display
 *               scale, 0x0040 weight sign, 0x003F weight; then the digits
 *   long form   uint16 sign (0x0000 positive, 0x4000 negative) | display
 *               scale (0x3FFF); int16 weight; then the digits
 *   special     header & 0xC000 == 0xC000: NaN or an infinity
 *
 * The digits are uint16 base-10000 digits, most significant first; the first
 * is worth 10000^weight.  Trailing zero digits are not stored.
 */
#ifndef PORTFOLIO_FIXED_DECIMAL_H
#define PORTFOLIO_FIXED_DECIMAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest scale kept in fixed point: 10^18 still fits in an int64. */
#define FIXED_MAX_SCALE 18

/* And in 128 bits: 10^38 < 2^127. */
#define FIXED128_MAX_SCALE 38

/*
 * A signed 128-bit integer (GCC and Clang on 64-bit platforms).  Aligned to
 * 8 bytes, as PostgreSQL's own int128, so that it may sit in palloc'd and
 * on-disk structures, which are only 8-byte aligned.
 */
typedef __int128 fixed128 __attribute__((aligned(8)));

/* Room for the text of any fixed128 at any scale, with sign, point and NUL. */
#define FIXED128_TEXT_SIZE 44

typedef enum FixedStatus
{
	FIXED_OK,					/* *unscaled / 10^*scale is the value */
	FIXED_SPECIAL,				/* NaN or an infinity */
	FIXED_DOES_NOT_FIT,			/* finite, but too many digits or decimals */
	FIXED_MALFORMED				/* not a numeric payload */
} FixedStatus;

/*
 * Decode a numeric payload (the bytes after the varlena header, len bytes,
 * any alignment) into value = *unscaled / 10^*scale, where *scale is the
 * numeric's display scale (0 .. FIXED_MAX_SCALE).
 */
extern FixedStatus fixed_from_numeric(const void *payload, size_t len,
									  int64_t *unscaled, int *scale);

/* 10^exponent for 0 <= exponent <= FIXED_MAX_SCALE. */
extern int64_t fixed_power_of_ten(int exponent);

/* value * 10^(to_scale - from_scale), to_scale >= from_scale; false on overflow. */
extern bool fixed_rescale(int64_t value, int from_scale, int to_scale, int64_t *result);

/*
 * unscaled / 10^scale as the nearest double, when that is one correctly
 * rounded division (|unscaled| <= 2^53: both operands are exact doubles);
 * false otherwise.  Equal to what strtod gives for the decimal text.
 */
extern bool fixed_to_double(int64_t unscaled, int scale, double *result);

/* a + b; false on overflow, leaving *result unchanged (as every function here). */
extern bool fixed_add(int64_t a, int64_t b, int64_t *result);

/* fixed_from_numeric in 128 bits: display scales 0 .. FIXED128_MAX_SCALE. */
extern FixedStatus fixed128_from_numeric(const void *payload, size_t len,
										 fixed128 *unscaled, int *scale);

/* value * 10^(to_scale - from_scale), to_scale >= from_scale; false on overflow. */
extern bool fixed128_rescale(fixed128 value, int from_scale, int to_scale, fixed128 *result);

/* a + b; false on overflow. */
extern bool fixed128_add(fixed128 a, fixed128 b, fixed128 *result);

/*
 * Write unscaled / 10^scale as decimal text with exactly scale decimals
 * ("-12.50") into buf (FIXED128_TEXT_SIZE bytes); returns its length.
 */
extern int	fixed128_format(fixed128 unscaled, int scale, char *buf);

/*
 * Read decimal text ("-12.50", no exponent, no spaces) from the start of s;
 * *scale is the number of decimals written.  Returns the number of bytes
 * read, or 0 if s does not start with such a number or it does not fit.
 */
extern size_t fixed128_parse(const char *s, fixed128 *unscaled, int *scale);

#endif							/* PORTFOLIO_FIXED_DECIMAL_H */
