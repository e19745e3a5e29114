/*
 * test_concentration_core.c
 *		Compensated sums, the radix sort against qsort, and every measure on
 *		hand-computed cases and against the literal definitions.
 */
#include <stdlib.h>
#include <string.h>

#include "unit.h"
#include "concentration_core.h"

#define N_RANDOM 3000

static unsigned int seed = 20240501;

/* A pseudo-random double in [0, 1), reproducible. */
static double
next_uniform(void)
{
	seed = seed * 1103515245u + 12345u;
	return (double) (seed >> 8) / 16777216.0;
}

static int
compare_doubles(const void *a, const void *b)
{
	double		x = *(const double *) a;
	double		y = *(const double *) b;

	return (x > y) - (x < y);
}

static void
sort_values(double *values, int64_t n)
{
	double	   *scratch = malloc(sizeof(double) * (size_t) (n > 0 ? n : 1));

	concentration_sort(values, scratch, n);
	free(scratch);
}

static void
test_compensated_sum(void)
{
	CompensatedSum s = {0, 0};
	CompensatedSum left = {0, 0};
	CompensatedSum right = {0, 0};

	/* naive summation gives 0 here; Neumaier keeps both ones */
	compensated_add(&s, 1);
	compensated_add(&s, 1e100);
	compensated_add(&s, 1);
	compensated_add(&s, -1e100);
	CHECK(compensated_value(&s) == 2, "1 + 1e100 + 1 - 1e100 = 2 (got %g)", compensated_value(&s));

	compensated_add(&left, 1e16);
	compensated_add(&left, 1);
	compensated_add(&right, 1);
	compensated_add(&right, -1e16);
	compensated_merge(&left, &right);
	CHECK(compensated_value(&left) == 2, "merged partial sums keep their small parts (got %g)",
		  compensated_value(&left));
}

/* The radix sort gives what qsort gives, on sizes around the cut-over. */
static void
test_sort(void)
{
	static double values[N_RANDOM];
	static double expected[N_RANDOM];
	int			bad = 0;

	for (int trial = 0; trial < 40; trial++)
	{
		int			n = (trial * 613) % N_RANDOM;

		for (int i = 0; i < n; i++)
		{
			switch (trial % 5)
			{
				case 0:			/* revenues with cents and ties */
					values[i] = floor(next_uniform() * 500) / 4;
					break;
				case 1:			/* many orders of magnitude */
					values[i] = ldexp(next_uniform(), (int) (next_uniform() * 200) - 100);
					break;
				case 2:			/* negative and positive */
					values[i] = next_uniform() - 0.5;
					break;
				case 3:			/* all equal */
					values[i] = 7.25;
					break;
				default:		/* descending, with zeros */
					values[i] = i % 3 == 0 ? 0 : n - i;
			}
			expected[i] = values[i];
		}
		qsort(expected, (size_t) n, sizeof(double), compare_doubles);
		sort_values(values, n);
		bad += memcmp(values, expected, sizeof(double) * (size_t) n) != 0;
	}
	CHECK(bad == 0, "radix sort agrees with qsort on 40 arrays (%d differ)", bad);
}

/* The literal definition: sum over all pairs |x_i - x_j| / (2 n X). */
static double
gini_by_pairs(const double *x, int n)
{
	long double pairs = 0;
	long double total = 0;

	for (int i = 0; i < n; i++)
	{
		total += x[i];
		for (int j = 0; j < n; j++)
			pairs += fabs(x[i] - x[j]);
	}
	return (double) (pairs / (2.0L * n * total));
}

static void
test_gini(void)
{
	double		four[] = {1, 2, 3, 4};
	double		equal[] = {3, 3, 3, 3, 3};
	double		holder[] = {0, 0, 0, 5};
	double		one[] = {42};
	double		zeros[] = {0, 0};
	double		huge[] = {1e308, 1e308};
	static double random[500];
	double		g = -1;

	CHECK(concentration_gini(four, 4, &g) == CONCENTRATION_OK && g == 0.25,
		  "{1,2,3,4}: pairwise sum 20 / (2 * 4 * 10) = 0.25 (got %.17g)", g);
	CHECK(concentration_gini(equal, 5, &g) == CONCENTRATION_OK && g == 0,
		  "all equal: 0 (got %.17g)", g);
	CHECK(concentration_gini(holder, 4, &g) == CONCENTRATION_OK && g == 0.75,
		  "one holder of four: (n - 1) / n = 0.75 (got %.17g)", g);
	CHECK(concentration_gini(one, 1, &g) == CONCENTRATION_OK && g == 0,
		  "one customer: 0 (got %.17g)", g);
	CHECK(concentration_gini(zeros, 2, &g) == CONCENTRATION_NO_SHARES, "all zero: no shares");
	CHECK(concentration_gini(zeros, 0, &g) == CONCENTRATION_NO_SHARES, "no values: no shares");
	CHECK(concentration_gini(huge, 2, &g) == CONCENTRATION_OVERFLOW, "a total beyond 1.8e308 overflows");

	for (int i = 0; i < 500; i++)
		random[i] = floor(exp(next_uniform() * 8) * 100) / 100;
	sort_values(random, 500);
	concentration_gini(random, 500, &g);
	CHECK_CLOSE(g, gini_by_pairs(random, 500), 1e-12,
				"500 log-uniform values: the sorted form equals the pairwise definition (%.15g)", g);
}

static void
test_top_share(void)
{
	double		four[] = {1, 2, 3, 4};
	double		s = -1;

	CHECK(concentration_top_count(0.07, 100) == 7, "7%% of 100 is 7 (0.07 * 100 = 7.000000000000001)");
	CHECK(concentration_top_count(0.0, 100) == 0, "0%% is nobody");
	CHECK(concentration_top_count(1.0, 100) == 100, "100%% is everybody");
	CHECK(concentration_top_count(0.5, 3) == 2, "half of 3 rounds up to 2");
	CHECK(concentration_top_count(1.0 / 3.0, 3) == 1, "a third of 3 is 1");
	CHECK(concentration_top_count(0.001, 10) == 1, "any positive fraction takes at least one");
	CHECK(concentration_top_count(0.55, 50000000) == 27500000,
		  "55%% of 50 million is 27.5 million (0.55 * 5e7 rounds above it)");
	CHECK(concentration_top_count(0.28, 70000000) == 19600000, "28%% of 70 million is 19.6 million");
	CHECK(concentration_top_count(0.5, 100000001) == 50000001, "half of an odd count still rounds up");

	concentration_top_share(four, 4, 1, &s);
	CHECK(s == 0.4, "{1,2,3,4}: the largest holds 4/10 (got %.17g)", s);
	concentration_top_share(four, 4, 2, &s);
	CHECK(s == 0.7, "{1,2,3,4}: the two largest hold 7/10 (got %.17g)", s);
	concentration_top_share(four, 4, 0, &s);
	CHECK(s == 0, "k = 0 holds nothing");
	concentration_top_share(four, 4, 4, &s);
	CHECK(s == 1, "k = n holds exactly everything");
}

static void
test_lorenz(void)
{
	double		four[] = {1, 2, 3, 4};
	double		c[5];

	concentration_lorenz(four, 4, 4, c);
	CHECK(c[0] == 0 && c[1] == 0.1 && c[2] == 0.3 && c[3] == 0.6 && c[4] == 1,
		  "{1,2,3,4}, 4 points: 0, .1, .3, .6, 1 (got %g %g %g %g %g)", c[0], c[1], c[2], c[3], c[4]);
	concentration_lorenz(four, 4, 3, c);
	CHECK(c[0] == 0 && c[1] == 0.1 && c[2] == 0.3 && c[3] == 1,
		  "3 points over 4 values take floor(4/3) = 1 and floor(8/3) = 2 values");
	concentration_lorenz(four, 4, 1, c);
	CHECK(c[0] == 0 && c[1] == 1, "1 point: 0 and 1");
	concentration_lorenz(four, 1, 4, c);
	CHECK(c[0] == 0 && c[1] == 0 && c[3] == 0 && c[4] == 1,
		  "more points than values: 0 until the last point");
}

static void
test_abc(void)
{
	double		mixed[] = {0, 5, 5, 10, 30, 50};
	double		cross[] = {10, 30, 60};
	double		ties[] = {20, 40, 40};
	double		a = -1,
				b = -1;

	/* strictly greater shares: 50: 0, 30: .5, 10: .8, 5: .9, 0: 1 */
	concentration_abc(mixed, 6, 0.8, 0.95, &a, &b);
	CHECK(a == 30 && b == 5, "80/95: A from 30 (0.5 above), B from 5 (0.9 above), 0 is C (got a=%g b=%g)", a, b);
	CHECK(concentration_abc_class(30, a, b) == 'A' && concentration_abc_class(10, a, b) == 'B' &&
		  concentration_abc_class(5, a, b) == 'B' && concentration_abc_class(0, a, b) == 'C',
		  "classes: 30 A, 10 B (exactly 0.8 above is not below 0.8), 5 B, 0 C");
	concentration_abc(mixed, 6, 1, 1, &a, &b);
	CHECK(a == 5 && b == 5, "shares 1/1: every positive value is A, zero is C (got a=%g b=%g)", a, b);

	/* 60 holds .6; 30 is A because only .6 lies above it, though it crosses .8 */
	concentration_abc(cross, 3, 0.8, 0.95, &a, &b);
	CHECK(a == 30 && b == 10, "the customer who crosses 0.8 is A (got a=%g b=%g)", a, b);
	concentration_abc(cross, 3, 0.5, 0.5, &a, &b);
	CHECK(a == 60 && b == 60, "equal shares: no B, b = a (got a=%g b=%g)", a, b);
	CHECK(concentration_abc_class(30, a, b) == 'C', "and 30 is C");

	/* two customers of 40 straddle 0.5 together: both A */
	concentration_abc(ties, 3, 0.5, 0.9, &a, &b);
	CHECK(a == 40 && b == 20, "equal values share a class across the boundary (got a=%g b=%g)", a, b);
	concentration_abc(ties, 1, 0.5, 0.9, &a, &b);
	CHECK(a == 20 && b == 20, "one customer is A");

	CHECK(concentration_abc_shares_valid(0.8, 0.95) && concentration_abc_shares_valid(1, 1) &&
		  concentration_abc_shares_valid(0.5, 0.5), "valid shares");
	CHECK(!concentration_abc_shares_valid(0, 0.5) && !concentration_abc_shares_valid(0.9, 0.8) &&
		  !concentration_abc_shares_valid(0.5, 1.01), "0, decreasing and above-1 shares are invalid");
}

static void
test_hhi(void)
{
	double		h = -1;

	CHECK(concentration_hhi(4, 10, 30, &h) == CONCENTRATION_OK && h == 0.3,
		  "{1,2,3,4}: (1 + 4 + 9 + 16) / 100 = 0.3 (got %.17g)", h);
	concentration_hhi(1, 0.1, 0.1 * 0.1, &h);
	CHECK(h == 1, "one customer: 1 (got %.17g)", h);
	concentration_hhi(3, 0.1 + 0.1 + 0.1, 3 * (0.1 * 0.1), &h);
	CHECK(h == 1.0 / 3, "three equal: 1/3 (got %.17g)", h);
	CHECK(concentration_hhi(2, 0, 0, &h) == CONCENTRATION_NO_SHARES, "all zero: no shares");
	CHECK(concentration_hhi(2, 1e300, INFINITY, &h) == CONCENTRATION_OVERFLOW, "squares beyond the range overflow");
}

void
test_concentration_core(void)
{
	test_compensated_sum();
	test_sort();
	test_gini();
	test_top_share();
	test_lorenz();
	test_abc();
	test_hhi();
}
