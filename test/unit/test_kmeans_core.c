/*
 * test_kmeans_core.c
 *		k-means: canonical order and collapse, recovery of well-separated
 *		clusters, inertia that never increases, determinism under
 *		permutation, weights that act as copies, the empty-cluster rule,
 *		k = distinct points, overflow, and the distance and nearest-centroid
 *		helpers at the edges of the double range.
 */
#include "unit.h"
#include "kmeans_core.h"
#include "random_core.h"

#include <float.h>
#include <stdlib.h>
#include <string.h>

static int	polls;

static void
count_poll(void)
{
	polls++;
}

/* A fit as the glue does it: sort, collapse, fit; the distinct points are kept. */
typedef struct Fit
{
	size_t		distinct;
	double	   *points;			/* distinct, sorted */
	double	   *weights;
	double	   *centroids;
	double	   *sizes;
	double	   *trace;
	KmeansOutcome outcome;
	KmeansStatus status;
} Fit;

static Fit
fit_rows(const double *rows, size_t n, int dims, int k, uint64_t seed, int max_iterations)
{
	Fit			f;
	uint32_t   *order = malloc(n * sizeof(uint32_t));
	uint32_t   *scratch = malloc(n * sizeof(uint32_t));
	KmeansOptions options = {max_iterations, NULL, count_poll};
	void	   *work;

	f.points = malloc(n * dims * sizeof(double));
	f.weights = malloc(n * sizeof(double));
	kmeans_sort(rows, n, dims, order, scratch, count_poll);
	f.distinct = kmeans_collapse(rows, order, n, dims, f.points, f.weights);
	free(order);
	free(scratch);
	f.centroids = malloc((size_t) k * dims * sizeof(double));
	f.sizes = malloc(k * sizeof(double));
	f.trace = malloc((max_iterations + 1) * sizeof(double));
	options.inertia_trace = f.trace;
	work = malloc(kmeans_work_size(f.distinct, k, dims));
	f.status = kmeans_fit(f.points, f.weights, f.distinct, dims, k, seed, &options, work,
						  f.centroids, f.sizes, &f.outcome);
	free(work);
	return f;
}

static void
free_fit(Fit *f)
{
	free(f->points);
	free(f->weights);
	free(f->centroids);
	free(f->sizes);
	free(f->trace);
}

/* Uniform on (lo, hi). */
static double
uniform(Rng *rng, double lo, double hi)
{
	return lo + (hi - lo) * rng_uniform(rng);
}

/* ---------- canonical order ---------- */

static void
test_sort_and_collapse(void)
{
	/* 2-d rows with duplicates, in no order */
	double		rows[] = {3, 1, 1, 2, 3, 1, 1, 1, 1, 2, -2, 5, 3, 0, 1, 2};
	size_t		n = sizeof(rows) / sizeof(rows[0]) / 2;
	uint32_t	order[8];
	uint32_t	scratch[8];
	double		distinct[16];
	double		weights[8];
	size_t		count;
	double		expected[] = {-2, 5, 1, 1, 1, 2, 3, 0, 3, 1};
	double		expected_weights[] = {1, 1, 3, 1, 2};

	kmeans_sort(rows, n, 2, order, scratch, NULL);
	CHECK(order[0] == 5 && order[1] == 3 && order[2] == 1 && order[3] == 4 && order[4] == 7,
		  "sort: lexicographic, equal rows in their index order (stable)");
	count = kmeans_collapse(rows, order, n, 2, distinct, weights);
	CHECK(count == 5 && memcmp(distinct, expected, sizeof(expected)) == 0 &&
		  memcmp(weights, expected_weights, sizeof(expected_weights)) == 0,
		  "collapse: 5 distinct points with their counts");
}

static int	qsort_dims;

static int
compare_for_qsort(const void *a, const void *b)
{
	const double *x = a;
	const double *y = b;

	for (int t = 0; t < qsort_dims; t++)
		if (x[t] != y[t])
			return x[t] < y[t] ? -1 : 1;
	return 0;
}

static void
test_sort_matches_qsort(void)
{
	size_t		n = 10007;
	int			dims = 3;
	double	   *rows = malloc(n * dims * sizeof(double));
	double	   *sorted = malloc(n * dims * sizeof(double));
	uint32_t   *order = malloc(n * sizeof(uint32_t));
	uint32_t   *scratch = malloc(n * sizeof(uint32_t));
	Rng			rng;
	bool		same = true;

	rng_seed(&rng, 7);
	for (size_t i = 0; i < n * dims; i++)
		rows[i] = (double) (int) uniform(&rng, 0, 5);	/* many ties */
	memcpy(sorted, rows, n * dims * sizeof(double));
	qsort_dims = dims;
	qsort(sorted, n, dims * sizeof(double), compare_for_qsort);
	polls = 0;
	kmeans_sort(rows, n, dims, order, scratch, count_poll);
	for (size_t i = 0; i < n; i++)
		same = same && memcmp(&rows[(size_t) order[i] * dims], &sorted[i * dims],
							  dims * sizeof(double)) == 0;
	CHECK(same, "sort: 10,007 rows in the order qsort gives");
	CHECK(polls == 14, "sort: one poll per merge pass (ceil(log2 10007) = 14), got %d", polls);
	free(rows);
	free(sorted);
	free(order);
	free(scratch);
}

/* ---------- recovery of well-separated clusters ---------- */

static void
test_separated_clusters(void)
{
	const double centres[4][2] = {{0, 0}, {100, 0}, {0, 100}, {100, 100}};
	const int	per_cluster[4] = {50, 80, 30, 65};
	size_t		n = 225;
	double		rows[225 * 2];
	int			truth[225];
	double		means[4][2] = {{0}};
	Rng			rng;
	size_t		r = 0;
	bool		all_recovered = true;
	bool		all_converged = true;
	bool		all_means = true;

	rng_seed(&rng, 11);
	for (int c = 0; c < 4; c++)
		for (int m = 0; m < per_cluster[c]; m++, r++)
		{
			rows[2 * r] = centres[c][0] + uniform(&rng, -5, 5);
			rows[2 * r + 1] = centres[c][1] + uniform(&rng, -5, 5);
			truth[r] = c;
			means[c][0] += rows[2 * r] / per_cluster[c];
			means[c][1] += rows[2 * r + 1] / per_cluster[c];
		}
	for (uint64_t seed = 0; seed < 50; seed++)
	{
		Fit			f = fit_rows(rows, n, 2, 4, seed, KMEANS_MAX_ITERATIONS);
		int			map[4] = {-1, -1, -1, -1};

		all_converged = all_converged && f.status == KMEANS_OK && f.outcome.converged;
		/* every generating cluster maps to one fitted cluster, and back */
		for (size_t i = 0; i < n; i++)
		{
			int			j = kmeans_nearest(&rows[2 * i], f.centroids, 4, 2, NULL);

			if (map[truth[i]] < 0)
				map[truth[i]] = j;
			all_recovered = all_recovered && map[truth[i]] == j;
		}
		for (int c = 0; c < 4; c++)
		{
			all_recovered = all_recovered && f.sizes[map[c]] == per_cluster[c];
			for (int d = 0; d < 2; d++)
				all_means = all_means &&
					fabs(f.centroids[map[c] * 2 + d] - means[c][d]) < 1e-12 * 100;
		}
		free_fit(&f);
	}
	CHECK(all_converged, "separated clusters: 50 seeds converge");
	CHECK(all_recovered, "separated clusters: every seed recovers the generating labels and sizes");
	CHECK(all_means, "separated clusters: centroids are the generating clusters' means");
}

/* ---------- the inertia never increases ---------- */

static void
test_inertia_never_increases(void)
{
	size_t		n = 3000;
	int			dims = 3;
	double	   *rows = malloc(n * dims * sizeof(double));
	Rng			rng;
	bool		monotone = true;
	bool		last_is_result = true;
	int			longest = 0;

	rng_seed(&rng, 5);
	for (size_t i = 0; i < n * dims; i++)
		rows[i] = uniform(&rng, 0, 1);
	for (uint64_t seed = 1; seed <= 10; seed++)
	{
		Fit			f = fit_rows(rows, n, dims, 12, seed, KMEANS_MAX_ITERATIONS);

		for (int t = 1; t <= f.outcome.iterations; t++)
			monotone = monotone && f.trace[t] <= f.trace[t - 1] * (1 + 1e-13);
		last_is_result = last_is_result && f.status == KMEANS_OK &&
			f.trace[f.outcome.iterations] == f.outcome.inertia;
		if (f.outcome.iterations > longest)
			longest = f.outcome.iterations;
		free_fit(&f);
	}
	CHECK(longest >= 10, "random data: fits that take many iterations (longest %d)", longest);
	CHECK(monotone, "random data: the inertia never increases from one iteration to the next");
	CHECK(last_is_result, "random data: the last traced inertia is the result's");
	free(rows);
}

/* ---------- determinism ---------- */

static bool
same_fit(const Fit *a, const Fit *b, int k, int dims)
{
	return a->status == b->status &&
		memcmp(a->centroids, b->centroids, (size_t) k * dims * sizeof(double)) == 0 &&
		memcmp(a->sizes, b->sizes, k * sizeof(double)) == 0 &&
		memcmp(&a->outcome.inertia, &b->outcome.inertia, sizeof(double)) == 0 &&
		a->outcome.iterations == b->outcome.iterations &&
		a->outcome.converged == b->outcome.converged;
}

static void
test_determinism(void)
{
	size_t		n = 2000;
	int			dims = 2;
	double	   *rows = malloc(n * dims * sizeof(double));
	double	   *shuffled = malloc(n * dims * sizeof(double));
	Rng			rng;
	Fit			a,
				b,
				c,
				other;

	rng_seed(&rng, 9);
	for (size_t i = 0; i < n * dims; i++)
		rows[i] = (double) (int) uniform(&rng, 0, 30);	/* duplicates too */
	memcpy(shuffled, rows, n * dims * sizeof(double));
	for (size_t i = n - 1; i > 0; i--)
	{
		size_t		j = (size_t) (rng_uniform(&rng) * (i + 1));
		double		tmp[2] = {shuffled[2 * i], shuffled[2 * i + 1]};

		shuffled[2 * i] = shuffled[2 * j];
		shuffled[2 * i + 1] = shuffled[2 * j + 1];
		shuffled[2 * j] = tmp[0];
		shuffled[2 * j + 1] = tmp[1];
	}
	a = fit_rows(rows, n, dims, 7, 42, KMEANS_MAX_ITERATIONS);
	b = fit_rows(rows, n, dims, 7, 42, KMEANS_MAX_ITERATIONS);
	c = fit_rows(shuffled, n, dims, 7, 42, KMEANS_MAX_ITERATIONS);
	other = fit_rows(rows, n, dims, 7, 43, KMEANS_MAX_ITERATIONS);
	CHECK(a.status == KMEANS_OK && same_fit(&a, &b, 7, dims), "the same seed gives the same bits");
	CHECK(same_fit(&a, &c, 7, dims), "a permutation of the rows gives the same bits");
	CHECK(memcmp(a.centroids, other.centroids, 7 * dims * sizeof(double)) != 0,
		  "another seed starts elsewhere (and here ends elsewhere)");
	free_fit(&a);
	free_fit(&b);
	free_fit(&c);
	free_fit(&other);
	free(rows);
	free(shuffled);
}

/* ---------- weights act as copies ---------- */

/*
 * Integer coordinates on a small grid: many duplicates, and every sum of
 * the seeding and of the centroid updates is exact, so fitting the rows one
 * by one (weight 1 each, duplicates included) must give the same bits as
 * fitting the distinct points with their counts; only the inertia, a sum
 * of non-integers, may differ in the last bits.
 */
static void
test_weights_are_copies(void)
{
	size_t		n = 400;
	int			dims = 2;
	int			k = 6;
	double	   *rows = malloc(n * dims * sizeof(double));
	double	   *sorted = malloc(n * dims * sizeof(double));
	double	   *ones = malloc(n * sizeof(double));
	uint32_t   *order = malloc(n * sizeof(uint32_t));
	uint32_t   *scratch = malloc(n * sizeof(uint32_t));
	double		centroids[12];
	double		sizes[6];
	double		trace[KMEANS_MAX_ITERATIONS + 1];
	KmeansOutcome outcome;
	KmeansOptions options = {KMEANS_MAX_ITERATIONS, trace, NULL};
	void	   *work = malloc(kmeans_work_size(n, k, dims));
	double		counted = 0;
	bool		same_trace = true;
	Rng			rng;
	Fit			f;

	rng_seed(&rng, 21);
	for (size_t i = 0; i < n * dims; i++)
		rows[i] = (double) (int) uniform(&rng, 0, 12);
	f = fit_rows(rows, n, dims, k, 4, KMEANS_MAX_ITERATIONS);
	for (size_t i = 0; i < f.distinct; i++)
		counted += f.weights[i];
	CHECK(f.distinct < n && counted == n, "collapse: %zu distinct points, weights summing to %zu",
		  f.distinct, n);

	kmeans_sort(rows, n, dims, order, scratch, NULL);
	for (size_t i = 0; i < n; i++)
	{
		memcpy(&sorted[i * dims], &rows[(size_t) order[i] * dims], dims * sizeof(double));
		ones[i] = 1;
	}
	kmeans_fit(sorted, ones, n, dims, k, 4, &options, work, centroids, sizes, &outcome);
	for (int t = 0; t <= outcome.iterations; t++)
		same_trace = same_trace && fabs(trace[t] - f.trace[t]) <= 1e-12 * f.trace[t];
	CHECK(outcome.iterations == f.outcome.iterations && outcome.converged == f.outcome.converged &&
		  outcome.iterations >= 3,
		  "weights = copies: the same iterations (%d)", outcome.iterations);
	CHECK(memcmp(centroids, f.centroids, sizeof(centroids)) == 0 &&
		  memcmp(sizes, f.sizes, sizeof(sizes)) == 0,
		  "weights = copies: the same centroids and sizes, bit for bit");
	CHECK(same_trace && fabs(outcome.inertia - f.outcome.inertia) <= 1e-12 * outcome.inertia,
		  "weights = copies: the same inertia at every iteration");
	free(work);
	free(rows);
	free(sorted);
	free(ones);
	free(order);
	free(scratch);
	free_fit(&f);
}

/* ---------- the empty-cluster rule ---------- */

static void
test_empty_clusters(void)
{
	const double points[] = {0, 1, 2, 10, 11};
	const double weights[] = {1, 1, 1, 1, 1};
	double		centroids[3];
	double		sizes[3];
	double		trace[KMEANS_MAX_ITERATIONS + 1];
	KmeansOutcome outcome;
	KmeansOptions one = {1, trace, NULL};
	KmeansOptions full = {KMEANS_MAX_ITERATIONS, trace, NULL};
	char		work[1024];

	/* Everything is nearest to 6: cluster 1 is empty and takes 0 (d2 36). */
	centroids[0] = 6;
	centroids[1] = 1000;
	kmeans_lloyd(points, weights, 5, 1, 2, &one, work, centroids, sizes, &outcome);
	CHECK(centroids[0] == 6 && centroids[1] == 0 && outcome.iterations == 1 && !outcome.converged,
		  "an empty cluster takes the point farthest from its centroid: 6, 0 (got %g, %g)",
		  centroids[0], centroids[1]);
	CHECK(trace[0] == 36 + 25 + 16 + 16 + 25 && trace[1] <= trace[0],
		  "the relocation does not increase the inertia (%g, %g)", trace[0], trace[1]);
	centroids[0] = 6;
	centroids[1] = 1000;
	kmeans_lloyd(points, weights, 5, 1, 2, &full, work, centroids, sizes, &outcome);
	CHECK(centroids[0] == 10.5 && centroids[1] == 1 && sizes[0] == 2 && sizes[1] == 3 &&
		  outcome.converged && outcome.iterations == 2 && outcome.inertia == 2.5,
		  "then Lloyd goes on to {10, 11} and {0, 1, 2}");

	/* Two empty clusters, served in order: 0 (d2 36), then 1 (d2 25, before 11). */
	centroids[0] = 6;
	centroids[1] = 1000;
	centroids[2] = 2000;
	kmeans_lloyd(points, weights, 5, 1, 3, &one, work, centroids, sizes, &outcome);
	CHECK(fabs(centroids[0] - 23.0 / 3) < 1e-15 && centroids[1] == 0 && centroids[2] == 1,
		  "two empty clusters take the two farthest points, the lowest index on a tie");

	/* A tie for the farthest point: -3 and 3 are both 3 from 0. */
	{
		const double tied[] = {-3, 0, 3};

		centroids[0] = 0;
		centroids[1] = -1000;
		kmeans_lloyd(tied, weights, 3, 1, 2, &one, work, centroids, sizes, &outcome);
		CHECK(centroids[1] == -3 && centroids[0] == 1.5,
			  "a tie for the farthest point goes to the lowest index");
	}
}

/* ---------- k = distinct points, errors ---------- */

static void
test_every_point_a_cluster(void)
{
	const double rows[] = {5, 1, 5, 1, 2, 2, 0, 0, 2, 2, 2, 2, 9, 9};
	Fit			f = fit_rows(rows, 7, 2, 4, 1, KMEANS_MAX_ITERATIONS);
	double		total = f.sizes[0] + f.sizes[1] + f.sizes[2] + f.sizes[3];
	bool		one_each = true;

	for (int j = 0; j < 4; j++)
		one_each = one_each && f.sizes[j] >= 1;
	CHECK(f.status == KMEANS_OK && f.distinct == 4 && f.outcome.inertia == 0 &&
		  f.outcome.converged && total == 7 && one_each,
		  "k = distinct points: inertia 0, every cluster one distinct point");
	free_fit(&f);
	f = fit_rows(rows, 7, 2, 5, 1, KMEANS_MAX_ITERATIONS);
	CHECK(f.status == KMEANS_TOO_FEW_POINTS, "k > distinct points is refused");
	free_fit(&f);
}

static void
test_overflow(void)
{
	const double huge[] = {-1e200, 1e200, 0};
	const double ok[] = {-1e150, 1e150};
	Fit			f = fit_rows(huge, 3, 1, 1, 1, KMEANS_MAX_ITERATIONS);

	CHECK(f.status == KMEANS_OVERFLOW, "k = 1: squared distances of 1e200 overflow");
	free_fit(&f);
	f = fit_rows(huge, 3, 1, 2, 1, KMEANS_MAX_ITERATIONS);
	CHECK(f.status == KMEANS_OVERFLOW, "k = 2: the seeding's total overflows");
	free_fit(&f);
	f = fit_rows(ok, 2, 1, 1, 1, KMEANS_MAX_ITERATIONS);
	CHECK(f.status == KMEANS_OK && fabs(f.outcome.inertia - 2e300) <= 1e-15 * 2e300,
		  "1e150 is still fine: inertia 2e300");
	free_fit(&f);
}

static void
test_max_iterations(void)
{
	size_t		n = 3000;
	double	   *rows = malloc(n * 2 * sizeof(double));
	Rng			rng;
	Fit			f;

	rng_seed(&rng, 3);
	for (size_t i = 0; i < n * 2; i++)
		rows[i] = uniform(&rng, 0, 1);
	polls = 0;
	f = fit_rows(rows, n, 2, 20, 8, 2);
	CHECK(f.status == KMEANS_OK && f.outcome.iterations == 2 && !f.outcome.converged,
		  "the iteration limit stops the fit, not converged");
	CHECK(polls > 20, "the fit polls for interrupts (%d polls)", polls);
	free_fit(&f);
	free(rows);
}

/* ---------- distance and nearest centroid ---------- */

static void
test_distance(void)
{
	const double a[] = {1, 2, 3};
	const double b[] = {4, 6, 3};
	const double big[] = {3e300, 4e300};
	const double tiny[] = {3e-300, 4e-300};
	const double zero[] = {0, 0};
	const double max[] = {DBL_MAX};
	const double min[] = {-DBL_MAX};
	const double centroids[] = {2e-200, 0, 1e-200, 0, 5, 5};
	const double tie[] = {-1, 1};
	const double x[] = {0, 0};
	double		d2;

	CHECK(kmeans_distance(a, b, 3) == 5, "distance: 3-4-5");
	CHECK(fabs(kmeans_distance(big, zero, 2) - 5e300) <= 1e-15 * 5e300, "distance: no overflow in between");
	CHECK(fabs(kmeans_distance(tiny, zero, 2) - 5e-300) < 1e-314, "distance: no underflow in between");
	CHECK(isinf(kmeans_distance(max, min, 1)), "distance: infinite when the distance overflows");
	CHECK(kmeans_distance(a, a, 3) == 0, "distance: 0 to itself");
	CHECK(kmeans_nearest(x, centroids, 3, 2, &d2) == 1,
		  "nearest: squared distances that underflow are compared exactly");
	CHECK(kmeans_nearest(x, tie, 2, 1, &d2) == 0 && d2 == 1, "nearest: the lowest index on a tie");
	CHECK(kmeans_nearest(max, min, 1, 1, &d2) == -1, "nearest: -1 when every distance overflows");
}

void
test_kmeans_core(void)
{
	test_sort_and_collapse();
	test_sort_matches_qsort();
	test_separated_clusters();
	test_inertia_never_increases();
	test_determinism();
	test_weights_are_copies();
	test_empty_clusters();
	test_every_point_a_cluster();
	test_overflow();
	test_max_iterations();
	test_distance();
}
