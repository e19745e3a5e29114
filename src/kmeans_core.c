/*
 * kmeans_core.c
 *		k-means: canonical order of the points, greedy k-means++ seeding,
 *		Lloyd iterations with a deterministic rule for empty clusters,
 *		nearest centroid and a Euclidean distance that neither overflows nor
 *		underflows before the result does.
 *
 * Determinism: the points come sorted and collapsed into distinct points
 * with weights, every loop walks them in that order, ties go to the lowest
 * index and the only randomness is the seeded generator of random_core.h,
 * so a seed gives the same bits whatever order the rows were read in.
 *
 * Empty clusters: after an assignment step a cluster without points takes
 * the point farthest from the centroid it is assigned to (largest squared
 * distance, the lowest index on a tie), among the points of clusters that
 * hold at least two distinct points; the empty clusters are served in
 * index order.  The cluster's centroid becomes that point.  This is
 * scikit-learn's relocation rule (with the donor restriction that keeps
 * the donor non-empty); it never increases the inertia.  A donor always
 * exists because k is at most the number of distinct points.
 */
#include "kmeans_core.h"

#include <float.h>
#include <math.h>
#include <string.h>

#include "random_core.h"

/* Points between two interrupt polls in the long loops. */
#define POLL_EVERY 4096

/* ---------- canonical order ---------- */

static int
compare_points(const double *a, const double *b, int dims)
{
	for (int t = 0; t < dims; t++)
	{
		if (a[t] < b[t])
			return -1;
		if (a[t] > b[t])
			return 1;
	}
	return 0;
}

/* Merge the sorted runs src[lo, mid) and src[mid, hi) into dst[lo, hi). */
static void
merge_runs(const double *points, int dims, const uint32_t *src, uint32_t *dst,
		   size_t lo, size_t mid, size_t hi)
{
	size_t		i = lo,
				j = mid,
				out = lo;

	/* Already in order (common for sorted input): copy. */
	if (compare_points(&points[(size_t) src[mid - 1] * dims],
					   &points[(size_t) src[mid] * dims], dims) <= 0)
	{
		memcpy(&dst[lo], &src[lo], (hi - lo) * sizeof(uint32_t));
		return;
	}
	while (i < mid && j < hi)
	{
		/* <= takes the left run first: a stable sort */
		if (compare_points(&points[(size_t) src[i] * dims],
						   &points[(size_t) src[j] * dims], dims) <= 0)
			dst[out++] = src[i++];
		else
			dst[out++] = src[j++];
	}
	while (i < mid)
		dst[out++] = src[i++];
	while (j < hi)
		dst[out++] = src[j++];
}

void
kmeans_sort(const double *points, size_t n, int dims, uint32_t *order, uint32_t *scratch,
			InterruptPoll poll)
{
	uint32_t   *src = order;
	uint32_t   *dst = scratch;

	for (size_t i = 0; i < n; i++)
		order[i] = (uint32_t) i;
	for (size_t width = 1; width < n; width *= 2)
	{
		uint32_t   *swap;

		for (size_t lo = 0; lo < n; lo += 2 * width)
		{
			size_t		mid = lo + width < n ? lo + width : n;
			size_t		hi = mid + width < n ? mid + width : n;

			if (mid < hi)
				merge_runs(points, dims, src, dst, lo, mid, hi);
			else
				memcpy(&dst[lo], &src[lo], (hi - lo) * sizeof(uint32_t));
		}
		swap = src;
		src = dst;
		dst = swap;
		if (poll != NULL)
			poll();
	}
	if (src != order)
		memcpy(order, src, n * sizeof(uint32_t));
}

size_t
kmeans_collapse(const double *points, const uint32_t *order, size_t n, int dims,
				double *distinct, double *weights)
{
	size_t		count = 0;

	for (size_t i = 0; i < n; i++)
	{
		const double *p = &points[(size_t) order[i] * dims];

		if (count > 0 && compare_points(&distinct[(count - 1) * dims], p, dims) == 0)
			weights[count - 1] += 1;
		else
		{
			memcpy(&distinct[count * dims], p, dims * sizeof(double));
			weights[count] = 1;
			count++;
		}
	}
	return count;
}

/* ---------- distances ---------- */

static double
squared_distance(const double *a, const double *b, int dims)
{
	double		sum = 0.0;

	for (int t = 0; t < dims; t++)
	{
		double		d = a[t] - b[t];

		sum += d * d;
	}
	return sum;
}

double
kmeans_distance(const double *a, const double *b, int dims)
{
	double		sum = squared_distance(a, b, dims);
	double		scale = 0.0;

	if (sum >= DBL_MIN && sum <= DBL_MAX)
		return sqrt(sum);
	/* Overflow or underflow (0 may hide tiny differences): scale by the largest. */
	for (int t = 0; t < dims; t++)
		scale = fmax(scale, fabs(a[t] - b[t]));
	if (scale == 0.0 || isinf(scale))
		return scale;
	sum = 0.0;
	for (int t = 0; t < dims; t++)
	{
		double		q = (a[t] - b[t]) / scale;

		sum += q * q;
	}
	return scale * sqrt(sum);
}

/* The nearest centroid by kmeans_distance: the slow path of kmeans_nearest. */
static int
nearest_scaled(const double *x, const double *centroids, int k, int dims, double *d2)
{
	int			best = -1;
	double		best_distance = INFINITY;

	for (int j = 0; j < k; j++)
	{
		double		r = kmeans_distance(x, &centroids[(size_t) j * dims], dims);

		if (r < best_distance)
		{
			best = j;
			best_distance = r;
		}
	}
	if (d2 != NULL)
		*d2 = best_distance * best_distance;
	return best;
}

int
kmeans_nearest(const double *x, const double *centroids, int k, int dims, double *d2)
{
	int			best = -1;
	double		best_d2 = INFINITY;

	for (int j = 0; j < k; j++)
	{
		double		sum = squared_distance(x, &centroids[(size_t) j * dims], dims);

		if (sum < best_d2)
		{
			best = j;
			best_d2 = sum;
		}
	}
	/* Every sum overflowed, or the winner's underflowed: compare exactly. */
	if (best < 0 || best_d2 < DBL_MIN)
		return nearest_scaled(x, centroids, k, dims, d2);
	if (d2 != NULL)
		*d2 = best_d2;
	return best;
}

/* ---------- work space ---------- */

typedef struct Work
{
	double	   *d2;				/* n: squared distance to the assigned centroid */
	double	   *sums;			/* k * dims: weighted sums of the clusters */
	double	   *cluster_weight; /* k */
	size_t	   *members;		/* k: distinct points per cluster */
	size_t	   *chosen;			/* k: the points k-means++ took */
	int32_t    *labels;			/* n: the cluster of each point, or -1 */
} Work;

size_t
kmeans_work_size(size_t n, int k, int dims)
{
	return n * sizeof(double) + (size_t) k * dims * sizeof(double)
		+ (size_t) k * sizeof(double) + 2 * (size_t) k * sizeof(size_t)
		+ n * sizeof(int32_t);
}

static Work
carve_work(void *space, size_t n, int k, int dims)
{
	Work		w;
	char	   *p = space;

	w.d2 = (double *) p;
	p += n * sizeof(double);
	w.sums = (double *) p;
	p += (size_t) k * dims * sizeof(double);
	w.cluster_weight = (double *) p;
	p += (size_t) k * sizeof(double);
	w.members = (size_t *) p;
	p += (size_t) k * sizeof(size_t);
	w.chosen = (size_t *) p;
	p += (size_t) k * sizeof(size_t);
	w.labels = (int32_t *) p;
	return w;
}

/* The problem being solved, passed around whole. */
typedef struct Problem
{
	const double *points;
	const double *weights;
	size_t		n;
	int			dims;
	int			k;
	InterruptPoll poll;
} Problem;

static void
maybe_poll(const Problem *pr, size_t i)
{
	if (pr->poll != NULL && i % POLL_EVERY == 0)
		pr->poll();
}

/* ---------- greedy k-means++ seeding ---------- */

/*
 * The first point whose running sum of mass passes target, among the points
 * of positive mass (the last of them if rounding leaves target unreached);
 * mass is weight, times mind2 when given.  n when no point has mass.
 */
static size_t
pick_by_mass(const Problem *pr, const double *mind2, double target)
{
	double		running = 0.0;
	size_t		last = pr->n;

	for (size_t i = 0; i < pr->n; i++)
	{
		double		mass = mind2 ? pr->weights[i] * mind2[i] : pr->weights[i];

		if (mass > 0)
		{
			running += mass;
			last = i;
			if (running > target)
				return i;
		}
	}
	return last;
}

/* The first point not yet chosen: when every remaining distance is 0. */
static size_t
first_unchosen(const Problem *pr, const Work *w, int chosen)
{
	for (size_t i = 0;; i++)
	{
		bool		taken = false;

		maybe_poll(pr, i);
		for (int c = 0; c < chosen && !taken; c++)
			taken = (w->chosen[c] == i);
		if (!taken)
			return i;
	}
}

static double
total_mass(const Problem *pr, const double *mind2)
{
	double		total = 0.0;

	for (size_t i = 0; i < pr->n; i++)
		total += mind2 ? pr->weights[i] * mind2[i] : pr->weights[i];
	return total;
}

/* The number of candidates per centre: scikit-learn's 2 + floor(ln k). */
static int
local_trials(int k)
{
	return 2 + (int) log((double) k);
}

/* Sum of weight * min(mind2, squared distance to candidate): the potential with it. */
static double
potential_with(const Problem *pr, const double *mind2, const double *candidate)
{
	double		total = 0.0;

	for (size_t i = 0; i < pr->n; i++)
	{
		double		d2 = squared_distance(&pr->points[i * pr->dims], candidate, pr->dims);

		maybe_poll(pr, i);
		total += pr->weights[i] * (d2 < mind2[i] ? d2 : mind2[i]);
	}
	return total;
}

/*
 * The next centre: local_trials candidates drawn with probability
 * proportional to weight * squared distance to the nearest centre so far,
 * the one that leaves the lowest potential kept (the first drawn on a tie).
 */
static size_t
pick_next_centre(const Problem *pr, Rng *rng, const double *mind2, double total)
{
	size_t		best = pr->n;
	double		best_potential = INFINITY;

	for (int trial = 0; trial < local_trials(pr->k); trial++)
	{
		size_t		candidate = pick_by_mass(pr, mind2, rng_uniform(rng) * total);
		double		potential = potential_with(pr, mind2, &pr->points[candidate * pr->dims]);

		if (best == pr->n || potential < best_potential)
		{
			best = candidate;
			best_potential = potential;
		}
	}
	return best;
}

/*
 * Greedy k-means++ (Arthur and Vassilvitskii 2007, with the local trials of
 * scikit-learn's default) over weighted points: the first centre with
 * probability proportional to weight, each next one the best of a few
 * drawn proportionally to weight times the squared distance to the nearest
 * centre so far.  Chosen points have distance 0 and cannot be drawn again,
 * so the centres are k distinct points.
 */
static KmeansStatus
seed_centroids(const Problem *pr, Rng *rng, Work *w, double *centroids)
{
	double	   *mind2 = w->d2;
	size_t		pick = pick_by_mass(pr, NULL, rng_uniform(rng) * total_mass(pr, NULL));

	for (size_t i = 0; i < pr->n; i++)
		mind2[i] = INFINITY;
	for (int c = 0;; c++)
	{
		const double *centre = &centroids[(size_t) c * pr->dims];
		double		total;

		memcpy(&centroids[(size_t) c * pr->dims], &pr->points[pick * pr->dims],
			   pr->dims * sizeof(double));
		w->chosen[c] = pick;
		if (c + 1 == pr->k)
			return KMEANS_OK;
		for (size_t i = 0; i < pr->n; i++)
		{
			double		d2 = squared_distance(&pr->points[i * pr->dims], centre, pr->dims);

			maybe_poll(pr, i);
			if (d2 < mind2[i])
				mind2[i] = d2;
		}
		total = total_mass(pr, mind2);
		if (!isfinite(total))
			return KMEANS_OVERFLOW;
		pick = total > 0 ? pick_next_centre(pr, rng, mind2, total) : first_unchosen(pr, w, c + 1);
	}
}

/* ---------- Lloyd iterations ---------- */

/*
 * Assign every point to its nearest centroid; returns how many points
 * changed cluster, and the inertia in *inertia (INFINITY on overflow).
 */
static size_t
assign_points(const Problem *pr, const double *centroids, Work *w, double *inertia)
{
	size_t		changed = 0;
	double		sum = 0.0;

	for (size_t i = 0; i < pr->n; i++)
	{
		int			j;

		maybe_poll(pr, i);
		j = kmeans_nearest(&pr->points[i * pr->dims], centroids, pr->k, pr->dims, &w->d2[i]);
		if (j < 0)
		{
			*inertia = INFINITY;
			return changed;
		}
		if (w->labels[i] != j)
		{
			w->labels[i] = j;
			changed++;
		}
		sum += pr->weights[i] * w->d2[i];
	}
	*inertia = sum;
	return changed;
}

static void
count_members(const Problem *pr, Work *w)
{
	memset(w->members, 0, pr->k * sizeof(size_t));
	for (size_t i = 0; i < pr->n; i++)
		w->members[w->labels[i]]++;
}

/* The rule in the header comment: each empty cluster takes a far point. */
static void
relocate_empty_clusters(const Problem *pr, Work *w)
{
	for (int j = 0; j < pr->k; j++)
	{
		size_t		far = pr->n;
		double		far_d2 = -1.0;

		if (w->members[j] > 0)
			continue;
		for (size_t i = 0; i < pr->n; i++)
		{
			maybe_poll(pr, i);
			if (w->members[w->labels[i]] >= 2 && w->d2[i] > far_d2)
			{
				far = i;
				far_d2 = w->d2[i];
			}
		}
		w->members[w->labels[far]]--;
		w->labels[far] = j;
		w->members[j] = 1;
		w->d2[far] = 0.0;
	}
}

/* Centroids := weighted means of the clusters; false on overflow. */
static bool
update_centroids(const Problem *pr, Work *w, double *centroids)
{
	size_t		values = (size_t) pr->k * pr->dims;

	memset(w->sums, 0, values * sizeof(double));
	memset(w->cluster_weight, 0, pr->k * sizeof(double));
	for (size_t i = 0; i < pr->n; i++)
	{
		const double *p = &pr->points[i * pr->dims];
		double	   *sum = &w->sums[(size_t) w->labels[i] * pr->dims];

		maybe_poll(pr, i);
		w->cluster_weight[w->labels[i]] += pr->weights[i];
		for (int t = 0; t < pr->dims; t++)
			sum[t] += pr->weights[i] * p[t];
	}
	for (size_t v = 0; v < values; v++)
	{
		centroids[v] = w->sums[v] / w->cluster_weight[v / pr->dims];
		if (!isfinite(centroids[v]))
			return false;
	}
	return true;
}

static void
cluster_sizes(const Problem *pr, const Work *w, double *sizes)
{
	memset(sizes, 0, pr->k * sizeof(double));
	for (size_t i = 0; i < pr->n; i++)
		sizes[w->labels[i]] += pr->weights[i];
}

static void
record_inertia(const KmeansOptions *options, int iteration, double inertia)
{
	if (options->inertia_trace != NULL)
		options->inertia_trace[iteration] = inertia;
}

KmeansStatus
kmeans_lloyd(const double *points, const double *weights, size_t n, int dims, int k,
			 const KmeansOptions *options, void *work, double *centroids,
			 double *sizes, KmeansOutcome *outcome)
{
	Problem		pr = {points, weights, n, dims, k, options->poll};
	Work		w = carve_work(work, n, k, dims);
	double		inertia;
	size_t		changed;

	if (k < 1 || (size_t) k > n)
		return KMEANS_TOO_FEW_POINTS;
	for (size_t i = 0; i < n; i++)
		w.labels[i] = -1;
	assign_points(&pr, centroids, &w, &inertia);
	if (!isfinite(inertia))
		return KMEANS_OVERFLOW;
	record_inertia(options, 0, inertia);
	outcome->iterations = 0;
	outcome->converged = false;
	while (outcome->iterations < options->max_iterations)
	{
		count_members(&pr, &w);
		relocate_empty_clusters(&pr, &w);
		if (!update_centroids(&pr, &w, centroids))
			return KMEANS_OVERFLOW;
		outcome->iterations++;
		changed = assign_points(&pr, centroids, &w, &inertia);
		if (!isfinite(inertia))
			return KMEANS_OVERFLOW;
		record_inertia(options, outcome->iterations, inertia);
		if (changed == 0)
		{
			outcome->converged = true;
			break;
		}
	}
	outcome->inertia = inertia;
	cluster_sizes(&pr, &w, sizes);
	return KMEANS_OK;
}

KmeansStatus
kmeans_fit(const double *points, const double *weights, size_t n, int dims, int k,
		   uint64_t seed, const KmeansOptions *options, void *work, double *centroids,
		   double *sizes, KmeansOutcome *outcome)
{
	Problem		pr = {points, weights, n, dims, k, options->poll};
	Work		w = carve_work(work, n, k, dims);
	Rng			rng;

	if (k < 1 || (size_t) k > n)
		return KMEANS_TOO_FEW_POINTS;
	rng_seed(&rng, seed);
	if (seed_centroids(&pr, &rng, &w, centroids) != KMEANS_OK)
		return KMEANS_OVERFLOW;
	return kmeans_lloyd(points, weights, n, dims, k, options, work, centroids, sizes, outcome);
}
