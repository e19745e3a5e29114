/*
 * test_scoring_core.c
 *		The scaler_fit state against two-pass formulas, merge of any split
 *		against one pass, stability with a large mean, overflow, the state
 *		checks, min-max and z-score scaling, and the weighted score.
 */
#include "unit.h"
#include "scoring_core.h"
#include "random_core.h"

#include <string.h>

#define ROWS 1000
#define DIMS 4
#define STATE_LENGTH SCALER_STATE_LENGTH(DIMS)

/*
 * Four dimensions: uniform on (0, 1), uniform on (-500, 1500), a rounded
 * gamma-like skewed one, and the constant 42.
 */
static double data[ROWS][DIMS];

static void
make_data(void)
{
	Rng			rng;

	rng_seed(&rng, 20240515);
	for (int r = 0; r < ROWS; r++)
	{
		data[r][0] = rng_uniform(&rng);
		data[r][1] = -500 + 2000 * rng_uniform(&rng);
		data[r][2] = round(100 * rng_exponential(&rng)) / 10;
		data[r][3] = 42;
	}
}

/* One pass over rows [from, to) into a state (n = 0 when empty). */
static void
fit_rows(double *state, int from, int to)
{
	memset(state, 0, STATE_LENGTH * sizeof(double));
	for (int r = from; r < to; r++)
	{
		if (r == from)
			scaler_start(state, data[r], DIMS);
		else
			scaler_accumulate(state, data[r], DIMS);
	}
}

/* Two passes: the mean, then the mean squared deviation. */
static void
two_pass(int dim, double *mean, double *sd)
{
	double		sum = 0;
	double		squares = 0;

	for (int r = 0; r < ROWS; r++)
		sum += data[r][dim];
	*mean = sum / ROWS;
	for (int r = 0; r < ROWS; r++)
		squares += (data[r][dim] - *mean) * (data[r][dim] - *mean);
	*sd = sqrt(squares / ROWS);
}

/*
 * n exact, min and max exact, mean and sd within 1e-13 of the two-pass
 * values (relative to the larger of |mean| and sd, and to sd), a constant
 * dimension exactly sd 0.
 */
static void
check_against_two_pass(const double *state, const char *what)
{
	bool		extremes_exact = true;
	double		worst_mean = 0;
	double		worst_sd = 0;

	for (int i = 0; i < DIMS; i++)
	{
		double		mean;
		double		sd;
		double		lo = data[0][i];
		double		hi = data[0][i];

		two_pass(i, &mean, &sd);
		for (int r = 1; r < ROWS; r++)
		{
			lo = fmin(lo, data[r][i]);
			hi = fmax(hi, data[r][i]);
		}
		extremes_exact = extremes_exact && SCALER_AT(state, i, SCALER_MIN) == lo &&
			SCALER_AT(state, i, SCALER_MAX) == hi;
		worst_mean = fmax(worst_mean, fabs(scaler_mean(state, i) - mean) / fmax(fabs(mean), sd));
		if (sd == 0)
			worst_sd = fmax(worst_sd, scaler_sd(state, i) == 0 ? 0 : INFINITY);
		else
			worst_sd = fmax(worst_sd, fabs(scaler_sd(state, i) / sd - 1));
	}
	CHECK(state[0] == ROWS && extremes_exact, "%s: n, min and max exact", what);
	CHECK(worst_mean <= 1e-13, "%s: mean as two-pass (worst %.1e)", what, worst_mean);
	CHECK(worst_sd <= 1e-13, "%s: sd as two-pass (worst %.1e)", what, worst_sd);
}

static void
test_one_pass(void)
{
	double		state[STATE_LENGTH];
	int			where;

	fit_rows(state, 0, ROWS);
	check_against_two_pass(state, "one pass");
	CHECK(scaler_mean(state, 3) == 42 && SCALER_AT(state, 3, SCALER_M2) == 0,
		  "constant dimension: mean exactly 42, m2 exactly 0");
	CHECK(scaler_check_state(state, STATE_LENGTH, &where) == SCALER_STATE_OK,
		  "a state made by accumulate passes the checks");
}

static void
test_merge_of_splits(void)
{
	static const int cuts[] = {0, 1, 2, 137, 500, 998, 999, 1000};
	double		left[STATE_LENGTH];
	double		right[STATE_LENGTH];
	char		what[64];

	for (size_t c = 0; c < sizeof(cuts) / sizeof(cuts[0]); c++)
	{
		fit_rows(left, 0, cuts[c]);
		fit_rows(right, cuts[c], ROWS);
		bool		merged = scaler_merge(left, right, DIMS);

		CHECK(merged, "merge at %d succeeds", cuts[c]);
		snprintf(what, sizeof(what), "merge(rows < %d, rows >= %d)", cuts[c], cuts[c]);
		check_against_two_pass(left, what);
	}

	/* seven uneven chunks, as parallel workers would see them */
	{
		static const int bounds[] = {0, 3, 150, 151, 400, 777, 900, 1000};
		double		total[STATE_LENGTH];
		double		chunk[STATE_LENGTH];

		fit_rows(total, 0, 0);
		for (int k = 0; k < 7; k++)
		{
			fit_rows(chunk, bounds[k], bounds[k + 1]);
			scaler_merge(total, chunk, DIMS);
		}
		check_against_two_pass(total, "merge of seven chunks");
		CHECK(scaler_mean(total, 3) == 42 && SCALER_AT(total, 3, SCALER_M2) == 0,
			  "constant dimension stays exact through merges");
	}
}

/*
 * Mean 1e8, spread 1 (condition number 1e8): Welford keeps the standard
 * deviation to about 1e-8 where the textbook sum(x^2)/n - mean^2 loses all
 * of it.
 */
static void
test_large_mean(void)
{
	Rng			rng;
	double		x[ROWS];
	double		state[SCALER_STATE_LENGTH(1)];
	double		half[SCALER_STATE_LENGTH(1)];
	double		sum = 0;
	double		squares = 0;
	double		deviations = 0;
	double		mean;
	double		sd;
	double		naive;

	rng_seed(&rng, 7);
	for (int r = 0; r < ROWS; r++)
	{
		x[r] = 1e8 + rng_uniform(&rng) * 3.4641016151377544;	/* sd 1 */
		sum += x[r];
		squares += x[r] * x[r];
	}
	mean = sum / ROWS;
	for (int r = 0; r < ROWS; r++)
		deviations += (x[r] - mean) * (x[r] - mean);
	sd = sqrt(deviations / ROWS);
	naive = sqrt(fmax(0, squares / ROWS - mean * mean));

	scaler_start(state, &x[0], 1);
	for (int r = 1; r < ROWS / 2; r++)
		scaler_accumulate(state, &x[r], 1);
	scaler_start(half, &x[ROWS / 2], 1);
	for (int r = ROWS / 2 + 1; r < ROWS; r++)
		scaler_accumulate(half, &x[r], 1);
	CHECK(fabs(naive / sd - 1) > 1e-3, "the textbook formula is off: %.6g vs %.6g", naive, sd);
	scaler_merge(state, half, 1);
	CHECK(fabs(scaler_sd(state, 0) / sd - 1) < 1e-7,
		  "Welford + Chan keep the sd: %.17g vs two-pass %.17g", scaler_sd(state, 0), sd);
	CHECK(fabs(scaler_mean(state, 0) - mean) < 1e-6, "and the mean");
}

static void
test_overflow(void)
{
	double		a[SCALER_STATE_LENGTH(1)];
	double		b[SCALER_STATE_LENGTH(1)];
	double		big = 1e308;
	double		minus_big = -1e308;
	double		wide = 1e150;
	double		minus_wide = -1e150;

	bool		ok;

	/* CHECK evaluates its condition twice: the calls go first */
	scaler_start(a, &big, 1);
	ok = scaler_accumulate(a, &minus_big, 1);
	CHECK(!ok, "1e308 then -1e308 overflows");
	scaler_start(a, &wide, 1);
	ok = scaler_accumulate(a, &minus_wide, 1);
	CHECK(ok, "1e150 then -1e150 does not");
	CHECK(scaler_sd(a, 0) == 1e150, "sd of {1e150, -1e150} is 1e150");
	scaler_start(a, &big, 1);
	scaler_start(b, &minus_big, 1);
	ok = scaler_merge(a, b, 1);
	CHECK(!ok, "merging means 1e308 and -1e308 overflows");
	a[0] = SCALER_MAX_COUNT;
	ok = scaler_accumulate(a, &wide, 1);
	CHECK(!ok, "a count beyond 2^53 is refused");
}

static void
test_state_checks(void)
{
	double		s[SCALER_STATE_LENGTH(2)] = {3, 0, 2, 1, 2, -1, 1, 0, 0.5};
	double		empty[1] = {0};
	double		copy[SCALER_STATE_LENGTH(2)];
	int			where;

#define PROBLEM(state, len) scaler_check_state(state, len, &where)
	CHECK(PROBLEM(s, 9) == SCALER_STATE_OK && where == -1, "a valid two-dimensional state");
	CHECK(PROBLEM(empty, 1) == SCALER_STATE_OK, "the initial state {0}");
	CHECK(scaler_state_dimensions(0) == -1 && scaler_state_dimensions(4) == -1 &&
		  scaler_state_dimensions(6) == -1, "lengths 0, 4 and 6 are not states");
	CHECK(scaler_state_dimensions(SCALER_STATE_LENGTH(1000)) == 1000 &&
		  scaler_state_dimensions(SCALER_STATE_LENGTH(1001)) == -1, "the dimension cap is 1000");
	CHECK(PROBLEM(s, 8) == SCALER_STATE_BAD_LENGTH, "length 8");
	CHECK(PROBLEM(s, 5) == SCALER_STATE_OK, "the first dimension alone is a state");

	memcpy(copy, s, sizeof(s));
	copy[0] = -1;
	CHECK(PROBLEM(copy, 9) == SCALER_STATE_BAD_COUNT, "negative n");
	copy[0] = 2.5;
	CHECK(PROBLEM(copy, 9) == SCALER_STATE_BAD_COUNT, "fractional n");
	copy[0] = NAN;
	CHECK(PROBLEM(copy, 9) == SCALER_STATE_BAD_COUNT, "NaN n");
	copy[0] = 2 * SCALER_MAX_COUNT;
	CHECK(PROBLEM(copy, 9) == SCALER_STATE_BAD_COUNT, "n beyond 2^53");
	copy[0] = 0;
	CHECK(PROBLEM(copy, 9) == SCALER_STATE_COUNT_MISMATCH, "n = 0 with dimensions");
	empty[0] = 1;
	CHECK(PROBLEM(empty, 1) == SCALER_STATE_COUNT_MISMATCH, "n = 1 without dimensions");

	memcpy(copy, s, sizeof(s));
	copy[7] = INFINITY;
	CHECK(PROBLEM(copy, 9) == SCALER_STATE_NOT_FINITE && where == 1, "infinite mean in dimension 1");
	memcpy(copy, s, sizeof(s));
	copy[1] = 5;
	CHECK(PROBLEM(copy, 9) == SCALER_STATE_MIN_ABOVE_MAX && where == 0, "min above max in dimension 0");
	memcpy(copy, s, sizeof(s));
	copy[8] = -1e-300;
	CHECK(PROBLEM(copy, 9) == SCALER_STATE_NEGATIVE_M2 && where == 1, "negative m2 in dimension 1");
#undef PROBLEM
}

static void
test_scaling(void)
{
	const double min[3] = {0, 10, 5};
	const double max[3] = {10, 20, 5};
	const double x[3] = {5, 25, 7};
	const double below[3] = {-5, 10, 0};
	const double mean[2] = {1, 2};
	const double sd[2] = {2, 0};
	const double z[2] = {5, 9};
	const double huge_min[1] = {-1e308};
	const double huge_max[1] = {1e308};
	const double tiny_sd[1] = {1e-300};
	const double far[1] = {1e10};
	double		out[3];

	CHECK(scaler_minmax(x, min, max, 3, out) == -1 && out[0] == 0.5 && out[1] == 1.5 && out[2] == 0,
		  "minmax: 0.5, above the range 1.5, no spread 0");
	CHECK(scaler_minmax(below, min, max, 3, out) == -1 && out[0] == -0.5 && out[1] == 0 && out[2] == 0,
		  "minmax: below the range -0.5, at min 0");
	CHECK(scaler_zscore(z, mean, sd, 2, out) == -1 && out[0] == 2 && out[1] == 0,
		  "zscore: (5 - 1) / 2, sd 0 gives 0");
	CHECK(scaler_minmax(far, huge_min, huge_max, 1, out) == 0, "minmax over a range beyond the doubles");
	CHECK(scaler_zscore(far, mean, tiny_sd, 1, out) == 0, "zscore overflowing with a tiny sd");
}

static void
test_weighted_score(void)
{
	const double c2[2] = {0.2, 0.4};
	const double w2[2] = {1, 1};
	const double c3[3] = {1, 0, 0.5};
	const double w3[3] = {2, 1, 1};
	const double negative[3] = {2, -1, 1};
	const double zeros[3] = {0, 0, -0.0};
	const double huge_w[2] = {1e308, 1e308};
	const double c_odd[2] = {1, 3};
	const double one_zero[3] = {0, 4, 0};
	const double big_c[2] = {1.7e308, 1.6e308};
	double		score = -1;
	int			where;

	CHECK(weighted_score_of(c2, w2, 2, &score, &where) == WEIGHTED_SCORE_OK &&
		  score == (0.2 + 0.4) / 2, "equal weights: the mean, %.17g", score);
	CHECK(weighted_score_of(c3, w3, 3, &score, &where) == WEIGHTED_SCORE_OK && score == 0.625,
		  "(2 * 1 + 1 * 0 + 1 * 0.5) / 4 = 0.625");
	CHECK(weighted_score_of(c3, negative, 3, &score, &where) == WEIGHTED_SCORE_NEGATIVE_WEIGHT && where == 1,
		  "negative weight found at index 1");
	CHECK(weighted_score_of(c3, zeros, 3, &score, &where) == WEIGHTED_SCORE_ZERO_WEIGHTS,
		  "all-zero weights (-0 included)");
	CHECK(weighted_score_of(c_odd, huge_w, 2, &score, &where) == WEIGHTED_SCORE_OK && score == 2,
		  "weights whose sum overflows still give the mean");
	CHECK(weighted_score_of(c3, one_zero, 3, &score, &where) == WEIGHTED_SCORE_OK && score == 0,
		  "one nonzero weight picks its criterion");
	CHECK(weighted_score_of(big_c, w2, 2, &score, &where) == WEIGHTED_SCORE_OK,
		  "criteria near the double range: no overflow in the normalised sum");
	CHECK_CLOSE(score / 1e308, 1.65, 1e-15, "and their mean, %.17g", score);
}

void
test_scoring_core(void)
{
	make_data();
	test_one_pass();
	test_merge_of_splits();
	test_large_mean();
	test_overflow();
	test_state_checks();
	test_scaling();
	test_weighted_score();
}
