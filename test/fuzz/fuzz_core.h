/*
 * fuzz_core.h
 *		Decoding fuzz bytes into arguments for the harnesses of the pure C
 *		cores, and the check that aborts when an invariant fails.
 */
#ifndef PORTFOLIO_FUZZ_CORE_H
#define PORTFOLIO_FUZZ_CORE_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct FuzzInput
{
	const uint8_t *data;
	size_t		size;
} FuzzInput;

#define FUZZ_CHECK(cond, ...) \
	do { if (!(cond)) { fprintf(stderr, "invariant failed: %s: ", #cond); \
		fprintf(stderr, __VA_ARGS__); fputc('\n', stderr); abort(); } } while (0)

/* The next n bytes as an unsigned integer (zeros once the input ends). */
static inline uint64_t
fuzz_bits(FuzzInput *in, size_t n)
{
	uint64_t	v = 0;

	for (size_t i = 0; i < n; i++)
	{
		v = (v << 8) | (in->size > 0 ? *in->data : 0);
		if (in->size > 0)
			in->data++, in->size--;
	}
	return v;
}

/*
 * A double: most often one of the values that break numerical code (0,
 * denormals, 1 +- ulp, huge, NaN, +-Inf), otherwise raw bits or a
 * moderate value.
 */
static inline double
fuzz_double(FuzzInput *in)
{
	static const double special[] = {
		0.0, -0.0, 5e-324, 2.2250738585072014e-308, 1e-300, 1e-100, 1e-20, 1e-10,
		1e-6, 0.001, 0.5, 1.0 - 1.1102230246251565e-16, 1.0, 1.0 + 2.220446049250313e-16,
		1.5, 2.0, 10.0, 100.0, 1e6, 1e10, 1e15, 9007199254740992.0, 1e20, 1e100,
		1e300, 1.7976931348623157e308, INFINITY, -INFINITY, NAN, -1.0,
	};
	int			how = (int) fuzz_bits(in, 1);
	union { uint64_t u; double d; } bits;

	if (how < 96)
		return special[how % (sizeof(special) / sizeof(special[0]))];
	if (how < 176)
	{
		/* a moderate value: mantissa and a small exponent */
		return (double) (int32_t) fuzz_bits(in, 4) / 65536.0 *
			pow(2.0, (double) ((int) fuzz_bits(in, 1) % 64 - 32));
	}
	bits.u = fuzz_bits(in, 8);
	return bits.d;
}

/* A finite double > 0 (strictly positive parameters). */
static inline double
fuzz_positive(FuzzInput *in)
{
	double		v = fabs(fuzz_double(in));

	return isfinite(v) && v > 0 ? v : 1.0;
}

/* A finite double >= 0. */
static inline double
fuzz_nonnegative(FuzzInput *in)
{
	double		v = fabs(fuzz_double(in));

	return isfinite(v) ? v : 0.0;
}

/* An int: extremes and small values. */
static inline int64_t
fuzz_int(FuzzInput *in)
{
	static const int64_t special[] = {
		0, 1, -1, 2, INT32_MAX, INT32_MIN, INT64_MAX, INT64_MIN, INT64_MAX - 1, INT64_MIN + 1,
	};
	int			how = (int) fuzz_bits(in, 1);

	if (how < 40)
		return special[how % (sizeof(special) / sizeof(special[0]))];
	if (how < 160)
		return (int8_t) fuzz_bits(in, 1);
	return (int64_t) fuzz_bits(in, 8);
}

/* qsort comparison of doubles (no NaN among them), for the harnesses'
 * sorted references. */
static inline int
fuzz_cmp_double(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

#endif
