/*
 * kmeans.h
 *		The limits and checks shared by the k-means glue files; the layout
 *		of portfolio.kmeans_state is in kmeans_state_codec.h.
 */
#ifndef PORTFOLIO_KMEANS_H
#define PORTFOLIO_KMEANS_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/memutils.h"

#include "kmeans_state_codec.h"

/* The fields of the portfolio.kmeans row type, in order. */
typedef enum KmeansColumn
{
	KMEANS_CENTROIDS, KMEANS_SIZES, KMEANS_INERTIA, KMEANS_ITERATIONS, KMEANS_CONVERGED,
	KMEANS_COLUMNS
} KmeansColumn;

/* The vectors a state has space for: its varlena size is what was allocated. */
#define KMEANS_STATE_CAPACITY(s) \
	((s)->dims == 0 ? 0 : \
	 (int64) ((VARSIZE(s) - KMEANS_STATE_HEADER) / (sizeof(float8) * (s)->dims)))

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
