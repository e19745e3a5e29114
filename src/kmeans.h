/*
 * kmeans.h
 *		The in-memory layout of portfolio.kmeans_state and the limits and
 *		checks shared by the k-means glue files.
 */
#ifndef PORTFOLIO_KMEANS_H
#define PORTFOLIO_KMEANS_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/memutils.h"

/* The most clusters, and the most elements in a feature vector. */
#define KMEANS_MAX_K 1000
#define KMEANS_MAX_DIMS 1000

/* The fields of the portfolio.kmeans row type, in order. */
typedef enum KmeansColumn
{
	KMEANS_CENTROIDS, KMEANS_SIZES, KMEANS_INERTIA, KMEANS_ITERATIONS, KMEANS_CONVERGED,
	KMEANS_COLUMNS
} KmeansColumn;

/*
 * portfolio.kmeans_state: k, the seed and every feature vector seen so far,
 * in arrival order (the final function sorts them).  dims is 0 until the
 * first vector arrives (a group may start with NULL vectors).  The varlena
 * size is the allocated size, so that the aggregate can append in place and
 * PostgreSQL's copies keep the spare room; count says how much is used.
 */
typedef struct KmeansState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	int32		k;
	int64		seed;
	int32		dims;			/* elements per vector, 0 before the first */
	int32		unused;			/* keeps count and values 8-byte aligned */
	int64		count;			/* vectors in use */
	float8		values[FLEXIBLE_ARRAY_MEMBER];	/* count * dims */
} KmeansState;

#define KMEANS_STATE_HEADER offsetof(KmeansState, values)
#define KMEANS_STATE_CAPACITY(s) \
	((s)->dims == 0 ? 0 : \
	 (int64) ((VARSIZE(s) - KMEANS_STATE_HEADER) / (sizeof(float8) * (s)->dims)))
#define KMEANS_STATE_MAX_COUNT(dims) \
	((int64) ((MaxAllocSize - KMEANS_STATE_HEADER) / (sizeof(float8) * (dims))))

/* Room for vectors in a new state, before it doubles. */
#define KMEANS_STATE_INITIAL_CAPACITY 64

#define DatumGetKmeansState(d) ((KmeansState *) PG_DETOAST_DATUM(d))

/* A new, empty state with room for capacity vectors of dims elements. */
extern KmeansState *kmeans_state_alloc(int32 k, int64 seed, int32 dims, int64 capacity);

/*
 * A state that can take extra more vectors of dims elements (the state's
 * own dims, or any when it has no vector yet): the given one when it may be
 * changed in place and has room, else a bigger copy in the current context.
 */
extern KmeansState *kmeans_state_with_room(KmeansState *state, int32 dims, int64 extra,
										   bool in_place);

/* k must be 1 .. KMEANS_MAX_K (22023). */
extern void kmeans_check_k(int64 k);

/* A feature vector has at most KMEANS_MAX_DIMS elements (54000). */
extern void kmeans_check_dims(int dims);

#endif							/* PORTFOLIO_KMEANS_H */
