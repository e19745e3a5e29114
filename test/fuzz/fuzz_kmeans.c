/*
 * fuzz_kmeans.c
 *		k-means (kmeans_core.c) on decoded points, many repeated: the sort
 *		is lexicographic and stable, collapsing keeps each distinct point
 *		once with its multiplicity; a fit puts every label in 0 .. k-1,
 *		reports a finite inertia >= 0 equal to the weighted squared
 *		distances to the nearest final centroid, sizes that add up to the
 *		weight; the same seed gives the same bits; a trace of inertias never
 *		increases (Lloyd's iterations only lower it).
 */
#include "fuzz_core.h"

#include "kmeans_core.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_POINTS 24
#define MAX_DIMS 3

static double
coordinate(FuzzInput *in)
{
	int			how = (int) fuzz_bits(in, 1);
	double		v;

	if (how < 160)
		return (double) (how % 9) - 4;
	v = fuzz_double(in);
	return isfinite(v) ? v + 0.0 : 0.0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	FuzzInput	in = {data, size};
	int			dims = 1 + (int) (fuzz_bits(&in, 1) % MAX_DIMS);
	size_t		n = 1 + (size_t) (fuzz_bits(&in, 1) % MAX_POINTS);
	double		points[MAX_POINTS * MAX_DIMS];
	double		distinct[MAX_POINTS * MAX_DIMS];
	double		weights[MAX_POINTS];
	uint32_t	order[MAX_POINTS];
	uint32_t	scratch[MAX_POINTS];
	size_t		nd;
	int			k;
	uint64_t	seed;
	double		centroids[2][MAX_POINTS * MAX_DIMS];
	double		sizes[2][MAX_POINTS];
	double		trace[KMEANS_MAX_ITERATIONS + 1];
	KmeansOutcome out[2];
	KmeansStatus st[2];
	void	   *work;
	double		rounding;

	for (size_t i = 0; i < n * dims; i++)
		points[i] = coordinate(&in);
	kmeans_sort(points, n, dims, order, scratch, NULL);
	for (size_t i = 1; i < n; i++)
	{
		const double *a = &points[order[i - 1] * dims];
		const double *b = &points[order[i] * dims];
		int			c = 0;

		for (int j = 0; j < dims && c == 0; j++)
			c = (a[j] > b[j]) - (a[j] < b[j]);
		FUZZ_CHECK(c < 0 || (c == 0 && order[i - 1] < order[i]), "sort order at %zu", i);
	}
	nd = kmeans_collapse(points, order, n, dims, distinct, weights);
	{
		double		total = 0;

		for (size_t i = 0; i < nd; i++)
		{
			size_t		count = 0;

			for (size_t j = 0; j < n; j++)
				count += memcmp(&points[j * dims], &distinct[i * dims], sizeof(double) * dims) == 0;
			FUZZ_CHECK(weights[i] == (double) count && count >= 1, "distinct point %zu: weight %g, occurs %zu",
					   i, weights[i], count);
			total += weights[i];
		}
		FUZZ_CHECK(total == (double) n, "weights add up to %g of %zu", total, n);
	}
	k = 1 + (int) (fuzz_bits(&in, 1) % nd);
	seed = fuzz_bits(&in, 8);
	work = malloc(kmeans_work_size(nd, k, dims));
	for (int run = 0; run < 2; run++)
	{
		KmeansOptions opt = {KMEANS_MAX_ITERATIONS, run == 0 ? trace : NULL, NULL};

		memset(centroids[run], 0, sizeof(centroids[run]));
		memset(sizes[run], 0, sizeof(sizes[run]));
		st[run] = kmeans_fit(distinct, weights, nd, dims, k, seed, &opt, work, centroids[run],
							 sizes[run], &out[run]);
	}
	free(work);
	FUZZ_CHECK(st[0] == st[1], "the same seed gave statuses %d and %d", (int) st[0], (int) st[1]);
	if (st[0] != KMEANS_OK)
	{
		/* the outcome is not filled in then */
		FUZZ_CHECK(st[0] == KMEANS_OVERFLOW, "status %d with k %d <= %zu distinct points", (int) st[0], k, nd);
		return 0;
	}
	FUZZ_CHECK(memcmp(centroids[0], centroids[1], sizeof(double) * k * dims) == 0 &&
			   memcmp(sizes[0], sizes[1], sizeof(double) * k) == 0 &&
			   memcmp(&out[0].inertia, &out[1].inertia, sizeof(double)) == 0 &&
			   out[0].iterations == out[1].iterations && out[0].converged == out[1].converged,
			   "the same seed gave different fits");
	FUZZ_CHECK(isfinite(out[0].inertia) && out[0].inertia >= 0, "inertia %g", out[0].inertia);
	FUZZ_CHECK(out[0].iterations >= 0 && out[0].iterations <= KMEANS_MAX_ITERATIONS, "iterations %d",
			   out[0].iterations);
	{
		double		inertia = 0;
		double		size_sum[MAX_POINTS] = {0};
		double		total = 0;
		double		scale = 0;

		for (size_t i = 0; i < nd; i++)
		{
			double		d2;
			int			label = kmeans_nearest(&distinct[i * dims], centroids[0], k, dims, &d2);

			FUZZ_CHECK(label >= 0 && label < k, "label %d of k %d", label, k);
			FUZZ_CHECK(isfinite(d2) && d2 >= 0, "d2 %g", d2);
			inertia += weights[i] * d2;
			size_sum[label] += weights[i];
			for (int j = 0; j < dims; j++)
				scale = fmax(scale, fabs(distinct[i * dims + j]));
		}
		for (int c = 0; c < k; c++)
		{
			FUZZ_CHECK(sizes[0][c] == size_sum[c], "size of cluster %d: %g, labels give %g", c,
					   sizes[0][c], size_sum[c]);
			total += sizes[0][c];
		}
		FUZZ_CHECK(total == (double) n, "sizes add up to %g of %zu", total, n);
		if (isfinite(scale * scale * n))
			FUZZ_CHECK(fabs(inertia - out[0].inertia) <= 1e-9 * (inertia + scale * scale * 1e-6) + 1e-300,
					   "inertia %.17g, recomputed %.17g", out[0].inertia, inertia);
	}
	/*
	 * Lloyd's steps never raise the inertia, but for the rounding of the
	 * means (a weighted mean of one point can be an ulp off it)
	 */
	{
		double		scale = 0;

		for (size_t i = 0; i < nd * dims; i++)
			scale = fmax(scale, fabs(distinct[i]));
		rounding = 1e-12 * (double) n * scale * scale + 1e-300;
	}
	for (int t = 1; t <= out[0].iterations; t++)
		if (!(trace[t] <= trace[t - 1] * (1 + 1e-12) + rounding))
		{
			for (size_t i = 0; i < nd; i++)
				for (int j = 0; j < dims; j++)
					fprintf(stderr, "point %zu [%d] = %a (weight %g)\n", i, j, distinct[i * dims + j], weights[i]);
			for (int c = 0; c < k; c++)
				for (int j = 0; j < dims; j++)
					fprintf(stderr, "centroid %d [%d] = %a\n", c, j, centroids[0][c * dims + j]);
			fprintf(stderr, "k %d seed %llu\n", k, (unsigned long long) seed);
		}
	for (int t = 1; t <= out[0].iterations; t++)
		FUZZ_CHECK(trace[t] <= trace[t - 1] * (1 + 1e-12) + rounding, "inertia rose from %.17g to %.17g at %d",
				   trace[t - 1], trace[t], t);
	return 0;
}
