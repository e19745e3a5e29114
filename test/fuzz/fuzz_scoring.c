/*
 * fuzz_scoring.c
 *		The scaler statistics (scoring_core.c) on decoded rows: the state of
 *		all rows added one by one (Welford) and the merge (Chan et al.) of
 *		the states of any split of the rows into up to three parts agree:
 *		the same count, min and max exactly, mean and m2 within rounding of
 *		the data's scale; every state passes scaler_check_state; the mean
 *		lies within [min, max] and the standard deviation within
 *		[0, (max - min) / 2]; scaled values are finite where reported so.
 */
#include "fuzz_core.h"

#include "scoring_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_ROWS 40
#define MAX_DIMS 4

static double
fuzz_value(FuzzInput *in)
{
	int			how = (int) fuzz_bits(in, 1);
	double		v;

	if (how < 100)
		return (double) (how % 7) - 3;		/* ties */
	if (how < 140)
		return 1e9 + (double) (how % 5) * 1e-3;	/* a large mean, a small spread */
	v = fuzz_double(in);
	return isfinite(v) ? v : 0.0;
}

/* The state of rows [from, to), or false when it overflowed. */
static bool
state_of(double rows[][MAX_DIMS], int from, int to, int d, double *state)
{
	state[0] = 0;
	for (int r = from; r < to; r++)
	{
		if (state[0] == 0)
			scaler_start(state, rows[r], d);
		else if (!scaler_accumulate(state, rows[r], d))
			return false;
	}
	return true;
}

static void
check_state(const double *state, int d)
{
	int			where;
	ScalerStateProblem problem = scaler_check_state(state, state[0] == 0 ? 1 : SCALER_STATE_LENGTH(d), &where);

	FUZZ_CHECK(problem == SCALER_STATE_OK, "state problem %d at %d", (int) problem, where);
	if (state[0] == 0)
		return;
	for (int i = 0; i < d; i++)
	{
		double		mean = scaler_mean(state, i);
		double		sd = scaler_sd(state, i);
		double		lo = SCALER_AT(state, i, SCALER_MIN);
		double		hi = SCALER_AT(state, i, SCALER_MAX);

		FUZZ_CHECK(mean >= lo && mean <= hi, "dim %d: mean %.17g outside [%g, %g]", i, mean, lo, hi);
		/*
		 * within rounding of the mean's size, and of m2's when it is a
		 * denormal (deviations below 1e-154 square into them)
		 */
		FUZZ_CHECK(sd >= 0 && sd <= (0.5 * hi - 0.5 * lo) * (1 + 1e-9) + 1e-9 * fmax(fabs(lo), fabs(hi)) +
				   4 * sqrt(state[0] * 4.9406564584124654e-324),
				   "dim %d: sd %.17g, range [%.17g, %.17g]", i, sd, lo, hi);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in = {data, size};
	int			d = 1 + (int) (fuzz_bits(&in, 1) % MAX_DIMS);
	int			n = 1 + (int) (fuzz_bits(&in, 1) % MAX_ROWS);
	int			cut1 = (int) (fuzz_bits(&in, 1) % (n + 1));
	int			cut2 = cut1 + (int) (fuzz_bits(&in, 1) % (n - cut1 + 1));
	double		rows[MAX_ROWS][MAX_DIMS];
	double		all[SCALER_STATE_LENGTH(MAX_DIMS)];
	double		merged[SCALER_STATE_LENGTH(MAX_DIMS)];
	double		part[SCALER_STATE_LENGTH(MAX_DIMS)];
	bool		ok;

	for (int r = 0; r < n; r++)
		for (int i = 0; i < d; i++)
			rows[r][i] = fuzz_value(&in);

	if (!state_of(rows, 0, n, d, all))
		return 0;				/* overflow is reported to the caller; nothing to compare */
	check_state(all, d);

	/* three parts, merged left to right (empty parts included) */
	ok = state_of(rows, 0, cut1, d, merged);
	ok = ok && state_of(rows, cut1, cut2, d, part);
	if (ok)
		check_state(part, d);
	ok = ok && scaler_merge(merged, part, d);
	ok = ok && state_of(rows, cut2, n, d, part);
	ok = ok && scaler_merge(merged, part, d);
	if (!ok)
		return 0;
	check_state(merged, d);
	FUZZ_CHECK(merged[0] == all[0], "count %g, sequential %g", merged[0], all[0]);
	for (int i = 0; i < d; i++)
	{
		double		lo = SCALER_AT(all, i, SCALER_MIN);
		double		hi = SCALER_AT(all, i, SCALER_MAX);
		double		scale = fmax(fabs(lo), fabs(hi));
		double		spread = 0.5 * hi - 0.5 * lo;
		double		m2a = SCALER_AT(all, i, SCALER_M2);
		double		m2b = SCALER_AT(merged, i, SCALER_M2);

		FUZZ_CHECK(SCALER_AT(merged, i, SCALER_MIN) == lo && SCALER_AT(merged, i, SCALER_MAX) == hi,
				   "dim %d: min/max differ", i);
		FUZZ_CHECK(fabs(SCALER_AT(merged, i, SCALER_MEAN) - SCALER_AT(all, i, SCALER_MEAN)) <= 1e-12 * n * scale + 1e-300,
				   "dim %d: mean %.17g merged, %.17g sequential (cuts %d %d of %d)", i,
				   SCALER_AT(merged, i, SCALER_MEAN), SCALER_AT(all, i, SCALER_MEAN), cut1, cut2, n);
		/*
		 * m2 <= n spread^2; each deviation from a mean rounded to the mean's
		 * ulp (scale 2^-52), so both within n spread scale 2^-52 times a few
		 */
		if (isfinite(spread * spread * n) && isfinite(spread * scale * n))
			FUZZ_CHECK(fabs(m2a - m2b) <= 1e-10 * n * spread * spread + 64.0 * n * spread * scale * 2.220446049250313e-16 + 1e-300,
					   "dim %d: m2 %.17g merged, %.17g sequential (cuts %d %d of %d)", i, m2b, m2a,
					   cut1, cut2, n);
	}
	/* scaling one of the rows with the merged statistics */
	{
		double		mins[MAX_DIMS], maxs[MAX_DIMS], means[MAX_DIMS], sds[MAX_DIMS], out[MAX_DIMS];
		int			r = (int) (fuzz_bits(&in, 1) % n);
		int			bad;

		for (int i = 0; i < d; i++)
		{
			mins[i] = SCALER_AT(merged, i, SCALER_MIN);
			maxs[i] = SCALER_AT(merged, i, SCALER_MAX);
			means[i] = scaler_mean(merged, i);
			sds[i] = scaler_sd(merged, i);
		}
		bad = scaler_minmax(rows[r], mins, maxs, d, out);
		if (bad < 0)
			for (int i = 0; i < d; i++)
				FUZZ_CHECK(isfinite(out[i]) && out[i] >= -1e-12 && out[i] <= 1 + 1e-12,
						   "minmax of a row within the data: %.17g", out[i]);
		bad = scaler_zscore(rows[r], means, sds, d, out);
		if (bad < 0)
			for (int i = 0; i < d; i++)
				FUZZ_CHECK(isfinite(out[i]), "zscore %g", out[i]);
	}
	return 0;
}
