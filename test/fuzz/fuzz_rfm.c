/*
 * fuzz_rfm.c
 *		RFM cut points and scores (rfm_core.c) on decoded values, many of
 *		them tied: rfm_cuts_from_values (selection) gives the cuts of the
 *		definition rfm_cuts_from_sorted, ascending, each one of the values;
 *		scores lie in 1 .. bins, equal values score the same, a larger value
 *		never scores lower (recency: never higher), and the two scores of a
 *		value add up to bins + 1.
 */
#include "fuzz_core.h"

#include "rfm_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_VALUES 200

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in = {data, size};
	int			bins = RFM_MIN_BINS + (int) (fuzz_bits(&in, 1) % (RFM_MAX_BINS - RFM_MIN_BINS + 1));
	int64_t		n = 1 + (int64_t) (fuzz_bits(&in, 1) % MAX_VALUES);
	int			palette_size = 1 + (int) (fuzz_bits(&in, 1) % 12);
	double		palette[12];
	double		values[MAX_VALUES];
	double		work[MAX_VALUES];
	double		sorted[MAX_VALUES];
	double		cuts[RFM_MAX_CUTS];
	double		ref[RFM_MAX_CUTS];

	/* values from a small palette, so that ties are the rule */
	for (int i = 0; i < palette_size; i++)
	{
		double		v = fuzz_double(&in);

		palette[i] = isfinite(v) ? v + 0.0 : (double) i;	/* + 0.0: no -0 */
	}
	for (int64_t i = 0; i < n; i++)
	{
		int			b = (int) fuzz_bits(&in, 1);

		values[i] = palette[b % palette_size];
	}
	memcpy(work, values, sizeof(double) * n);
	memcpy(sorted, values, sizeof(double) * n);
	qsort(sorted, (size_t) n, sizeof(double), fuzz_cmp_double);
	{
		double		mine[MAX_VALUES];

		memcpy(mine, values, sizeof(double) * n);
		rfm_sort_values(mine, n);
		FUZZ_CHECK(memcmp(mine, sorted, sizeof(double) * n) == 0, "rfm_sort_values differs from qsort");
	}
	rfm_cuts_from_sorted(sorted, n, bins, ref);
	rfm_cuts_from_values(work, n, bins, cuts);
	for (int k = 0; k < bins - 1; k++)
	{
		/* percentile_disc(k / bins): position ceil(k / bins * n), 1-based */
		double		frac = (double) (k + 1) / bins;
		int64_t		pos = (int64_t) ceil(frac * (double) n);

		if (pos < 1)
			pos = 1;
		FUZZ_CHECK(cuts[k] == ref[k], "bins %d n %lld: cut %d %.17g, definition %.17g", bins,
				   (long long) n, k, cuts[k], ref[k]);
		FUZZ_CHECK(ref[k] == sorted[pos - 1], "bins %d n %lld: cut %d %.17g, sorted[%lld] %.17g",
				   bins, (long long) n, k, ref[k], (long long) pos - 1, sorted[pos - 1]);
		if (k > 0)
			FUZZ_CHECK(cuts[k - 1] <= cuts[k], "cuts not ascending");
	}
	for (int64_t i = 0; i < n; i++)
	{
		int			up = rfm_score_ascending(cuts, bins, values[i]);
		int			down = rfm_score_descending(cuts, bins, values[i]);

		FUZZ_CHECK(up >= 1 && up <= bins && down >= 1 && down <= bins && up + down == bins + 1,
				   "value %g: scores %d and %d of %d", values[i], up, down, bins);
		for (int64_t j = 0; j < n; j++)
		{
			int			up_j = rfm_score_ascending(cuts, bins, values[j]);

			if (values[j] == values[i])
				FUZZ_CHECK(up_j == up, "equal values %g score %d and %d", values[i], up, up_j);
			else if (values[j] > values[i])
				FUZZ_CHECK(up_j >= up && rfm_score_descending(cuts, bins, values[j]) <= down,
						   "%g > %g but scores %d < %d", values[j], values[i], up_j, up);
		}
	}
	/* the smallest value scores 1, the largest at least the share above the last cut */
	FUZZ_CHECK(rfm_score_ascending(cuts, bins, sorted[0]) == 1, "the smallest value does not score 1");
	return 0;
}
