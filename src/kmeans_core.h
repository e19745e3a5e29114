/*
 * kmeans_core.h
 *		k-means over weighted distinct points: canonical order, greedy
 *		k-means++ seeding, Lloyd iterations, nearest centroid and Euclidean
 *		distance.
 *		Pure C.
 *
 * The fit works on distinct points in lexicographic order, each with a
 * weight (the number of rows that had it), so that the order the rows came
 * in (serial or parallel plan) cannot change a single bit of the result and
 * repeated vectors cost nothing extra.  Nothing here allocates: callers pass
 * the work space, so an interrupt poll may leave by longjmp.
 *
 * Points and centroids are row-major: point i is points[i * dims .. + dims].
 */
#ifndef PORTFOLIO_KMEANS_CORE_H
#define PORTFOLIO_KMEANS_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "interrupt_poll.h"

/* Lloyd iterations before giving up, as scikit-learn's KMeans(max_iter=300). */
#define KMEANS_MAX_ITERATIONS 300

typedef enum KmeansStatus
{
	KMEANS_OK,
	KMEANS_OVERFLOW,			/* a squared distance or a sum overflowed a double */
	KMEANS_TOO_FEW_POINTS		/* k is larger than the number of distinct points */
} KmeansStatus;

typedef struct KmeansOptions
{
	int			max_iterations; /* >= 0; KMEANS_MAX_ITERATIONS normally */
	double	   *inertia_trace;	/* NULL, or max_iterations + 1 values: [0] is
								 * the inertia of the seeds, [t] the one after
								 * iteration t (unused entries are left alone) */
	InterruptPoll poll;			/* NULL, or called now and then */
} KmeansOptions;

typedef struct KmeansOutcome
{
	double		inertia;		/* sum of weight * squared distance to the
								 * nearest final centroid */
	int			iterations;		/* centroid updates made */
	bool		converged;		/* the last update changed no assignment */
} KmeansOutcome;

/*
 * Sort the n points (indices into points) lexicographically: order gets the
 * indices, scratch is n more.  Equal points keep their index order (the
 * merge sort is stable).  poll is called once per merge pass.
 */
extern void kmeans_sort(const double *points, size_t n, int dims, uint32_t *order,
						uint32_t *scratch, InterruptPoll poll);

/*
 * Collapse the sorted points into distinct points (copied to distinct, n *
 * dims at most) with weights (how many times each occurs); returns how many
 * distinct points there are.
 */
extern size_t kmeans_collapse(const double *points, const uint32_t *order, size_t n,
							  int dims, double *distinct, double *weights);

/* Bytes of work space kmeans_fit needs for n points and k centroids. */
extern size_t kmeans_work_size(size_t n, int k, int dims);

/*
 * Fit k centroids (1 <= k <= n) to n distinct points in canonical order with
 * weights >= 1: greedy k-means++ seeding from the generator seeded with
 * seed (2 + floor(ln k) candidates per centre, as scikit-learn), then Lloyd
 * iterations until no assignment changes or max_iterations.  An empty
 * cluster takes the point farthest from its own centroid (see the .c file).
 * centroids gets k * dims values, sizes the total weight of each cluster
 * under the nearest-centroid assignment to the final centroids.  work must
 * have kmeans_work_size(n, k, dims) bytes, aligned for double.
 */
extern KmeansStatus kmeans_fit(const double *points, const double *weights, size_t n,
							   int dims, int k, uint64_t seed, const KmeansOptions *options,
							   void *work, double *centroids, double *sizes,
							   KmeansOutcome *outcome);

/*
 * The Lloyd iterations of kmeans_fit from the k centroids given (updated in
 * place): for tests, and for callers with their own seeds.
 */
extern KmeansStatus kmeans_lloyd(const double *points, const double *weights, size_t n,
								 int dims, int k, const KmeansOptions *options, void *work,
								 double *centroids, double *sizes, KmeansOutcome *outcome);

/*
 * The index of the centroid nearest to x (the lowest on a tie), and its
 * squared distance in *d2 (may be NULL).  Squared distances that overflow
 * or underflow are compared by kmeans_distance instead; -1 when every
 * distance overflows a double.
 */
extern int	kmeans_nearest(const double *x, const double *centroids, int k, int dims,
						   double *d2);

/*
 * The Euclidean distance between a and b: sqrt of the sum of squares when
 * that is representable, else computed with scaling (as hypot does), so it
 * is accurate for any finite input; INFINITY when the distance itself
 * overflows a double.
 */
extern double kmeans_distance(const double *a, const double *b, int dims);

#endif							/* PORTFOLIO_KMEANS_CORE_H */
