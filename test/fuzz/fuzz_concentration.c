/*
 * fuzz_concentration.c
 *		The concentration measures (concentration_core.c) on decoded
 *		non-negative values: the radix sort agrees with qsort; the Gini
 *		coefficient lies in [0, 1] (at most 1 - 1/n, to rounding) and
 *		matches the pairwise definition; top shares lie in [0, 1], grow
 *		with k, 0 for none and 1 for all; the Lorenz curve starts at 0,
 *		never decreases, never lies above the diagonal, and ends at 1; the
 *		ABC thresholds satisfy b <= a with the largest value A; the HHI lies
 *		in [1/n, 1].
 */
#include "fuzz_core.h"

#include "concentration_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_VALUES 64
#define TOL 1e-12

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in = {data, size};
	int64_t		n = (int64_t) (fuzz_bits(&in, 1) % (MAX_VALUES + 1));
	double		values[MAX_VALUES];
	double		sorted[MAX_VALUES];
	double		scratch[MAX_VALUES];
	double		sum = 0.0;
	double		sum2 = 0.0;
	double		gini;
	double		curve[MAX_VALUES + 2];
	int			points = 1 + (int) (fuzz_bits(&in, 1) % (MAX_VALUES + 1));
	ConcentrationStatus st;

	for (int64_t i = 0; i < n; i++)
	{
		int			how = (int) fuzz_bits(&in, 1);

		/* ties, zeros, and spread */
		values[i] = how < 64 ? 0.0 : how < 128 ? (double) (how % 5) : fuzz_nonnegative(&in) + 0.0;
		sum += values[i];
		sum2 += values[i] * values[i];
	}
	memcpy(sorted, values, sizeof(double) * n);
	concentration_sort(sorted, scratch, n);
	qsort(values, (size_t) n, sizeof(double), fuzz_cmp_double);
	FUZZ_CHECK(n == 0 || memcmp(sorted, values, sizeof(double) * n) == 0, "sort differs from qsort");

	st = concentration_gini(sorted, n, &gini);
	if (st == CONCENTRATION_OK)
	{
		/* the pairwise definition, in long double */
		long double pairs = 0;
		long double total = 0;

		for (int64_t i = 0; i < n; i++)
		{
			total += sorted[i];
			for (int64_t j = 0; j < n; j++)
				pairs += fabsl((long double) sorted[i] - sorted[j]);
		}
		FUZZ_CHECK(gini >= 0 && gini <= 1 - 1.0 / n + TOL, "gini %.17g, n %lld", gini, (long long) n);
		if (isfinite((double) pairs) && isfinite((double) total) && total > 0)
		{
			double		ref = (double) (pairs / (2 * n * total));

			FUZZ_CHECK(fabs(gini - ref) <= 1e-9, "gini %.17g, pairwise %.17g", gini, ref);
		}
	}
	else
		/* overflow: of the total, or of the weighted sum, up to n times the total */
		FUZZ_CHECK((st == CONCENTRATION_NO_SHARES && !(sum > 0)) ||
				   (st == CONCENTRATION_OVERFLOW && !isfinite(sum * n)), "gini status %d, sum %g, n %lld",
				   (int) st, sum, (long long) n);

	if (st == CONCENTRATION_OK)
	{
		double		previous = -1.0;

		for (int64_t k = 0; k <= n; k++)
		{
			double		share;

			FUZZ_CHECK(concentration_top_share(sorted, n, k, &share) == CONCENTRATION_OK, "top share status");
			FUZZ_CHECK(share >= 0 && share <= 1 && share >= previous, "top share(%lld) = %.17g after %.17g",
					   (long long) k, share, previous);
			if (k == 0)
				FUZZ_CHECK(share == 0, "top share of none %.17g", share);
			if (k == n)
				FUZZ_CHECK(fabs(share - 1) <= TOL, "top share of all %.17g", share);
			previous = share;
		}
		FUZZ_CHECK(concentration_lorenz(sorted, n, points, curve) == CONCENTRATION_OK, "lorenz status");
		FUZZ_CHECK(curve[0] == 0 && fabs(curve[points] - 1) <= TOL, "lorenz ends %.17g, %.17g",
				   curve[0], curve[points]);
		for (int j = 1; j <= points; j++)
			FUZZ_CHECK(curve[j] >= curve[j - 1] && curve[j] <= 1 &&
					   curve[j] <= (double) ((int64_t) j * n / points) / n + TOL,
					   "lorenz[%d] = %.17g after %.17g (points %d, n %lld)", j, curve[j], curve[j - 1],
					   points, (long long) n);
		{
			double		a_share = fmod(fuzz_nonnegative(&in), 1.0);
			double		b_share = a_share + fmod(fuzz_nonnegative(&in), 1.0 - a_share + 1e-300);
			double		a;
			double		b;

			if (b_share > 1)
				b_share = 1;
			if (concentration_abc_shares_valid(a_share, b_share))
			{
				FUZZ_CHECK(concentration_abc(sorted, n, a_share, b_share, &a, &b) == CONCENTRATION_OK,
						   "abc status");
				FUZZ_CHECK(b <= a && concentration_abc_class(sorted[n - 1], a, b) == 'A',
						   "abc a %g b %g, largest %g", a, b, sorted[n - 1]);
				for (int64_t i = 1; i < n; i++)
					FUZZ_CHECK(concentration_abc_class(sorted[i - 1], a, b) >= concentration_abc_class(sorted[i], a, b),
							   "a larger value in a lower class");
			}
		}
		if (isfinite(sum2))
		{
			double		hhi;

			if (concentration_hhi((double) n, sum, sum2, &hhi) == CONCENTRATION_OK)
				FUZZ_CHECK(hhi >= 1.0 / n - TOL && hhi <= 1 + TOL, "hhi %.17g, n %lld", hhi, (long long) n);
		}
	}
	return 0;
}
