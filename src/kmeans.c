/*
 * kmeans.c
 *		The portfolio.kmeans_fit aggregate: transition, combine and final
 *		functions over a portfolio.kmeans_state.
 *
 * The transition function only appends each feature vector to the state
 * (in place inside an aggregate, as core's float8_accum does; called
 * directly, the input is never modified).  The final function sorts the
 * vectors, collapses duplicates into distinct points with weights and hands
 * them to the pure C fit (kmeans_core.c): whatever order the rows arrived
 * in, serial or parallel, the model is the same to the last bit.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"

#include "kmeans.h"
#include "kmeans_core.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(kmeans_accum);
PG_FUNCTION_INFO_V1(kmeans_combine);
PG_FUNCTION_INFO_V1(kmeans_final);

/* ---------- settings of a group ---------- */

static void
check_same_settings(const KmeansState *state, int32 k, int64 seed)
{
	if (state->k != k)
		portfolio_parameter_mismatch("k", psprintf("%d", state->k), psprintf("%d", k),
									 "Pass a constant k, or group by it.");
	if (state->seed != seed)
		portfolio_parameter_mismatch("seed", psprintf(INT64_FORMAT, state->seed),
									 psprintf(INT64_FORMAT, seed),
									 "Pass a constant seed, or group by it.");
}

/* Vectors of a state must all have the same number of elements (2202E). */
static void
check_same_dims(const KmeansState *state, int dims, const char *argname)
{
	if (state->dims != 0)
		portfolio_check_same_length(dims, state->dims, argname, "the first feature vector");
}

/* ---------- transition ---------- */

/* kmeans_accum(state, features, k, seed): NULL features are skipped. */
Datum
kmeans_accum(PG_FUNCTION_ARGS)
{
	KmeansState *state;
	const float8 *features = NULL;
	int			dims = 0;
	int32		k;
	int64		seed;
	bool		in_place;

	portfolio_check_not_null(fcinfo, 2, "k");
	portfolio_check_not_null(fcinfo, 3, "seed");
	k = PG_GETARG_INT32(2);
	seed = PG_GETARG_INT64(3);
	kmeans_check_k(k);
	if (!PG_ARGISNULL(1))
	{
		features = portfolio_feature_array(PG_GETARG_ARRAYTYPE_P(1), "features", &dims);
		kmeans_check_dims(dims);
	}

	if (PG_ARGISNULL(0))
	{
		state = kmeans_state_alloc(k, seed, dims,
								   features ? KMEANS_STATE_INITIAL_CAPACITY : 0);
		in_place = true;
	}
	else
	{
		state = DatumGetKmeansState(PG_GETARG_DATUM(0));
		check_same_settings(state, k, seed);
		in_place = AggCheckCallContext(fcinfo, NULL) != 0;
	}
	if (features == NULL)
		PG_RETURN_POINTER(state);
	check_same_dims(state, dims, "features");
	state = kmeans_state_with_room(state, dims, 1, in_place);
	state->dims = dims;
	for (int t = 0; t < dims; t++)
		state->values[state->count * dims + t] = features[t] + 0.0;	/* no -0 */
	state->count++;
	PG_RETURN_POINTER(state);
}

/* ---------- combine ---------- */

Datum
kmeans_combine(PG_FUNCTION_ARGS)
{
	KmeansState *left;
	KmeansState *right;
	Datum		either;

	if (portfolio_combine_with_null(fcinfo, &either))
		return either;

	left = DatumGetKmeansState(PG_GETARG_DATUM(0));
	right = DatumGetKmeansState(PG_GETARG_DATUM(1));
	check_same_settings(left, right->k, right->seed);
	if (right->count == 0)
		PG_RETURN_POINTER(left);
	check_same_dims(left, right->dims, "a feature vector");
	left = kmeans_state_with_room(left, right->dims, right->count,
								  AggCheckCallContext(fcinfo, NULL));
	left->dims = right->dims;
	memcpy(&left->values[left->count * left->dims], right->values,
		   sizeof(float8) * right->dims * right->count);
	left->count += right->count;
	PG_RETURN_POINTER(left);
}

/* ---------- final ---------- */

/* Points in canonical order, collapsed: the input of the fit. */
typedef struct DistinctPoints
{
	double	   *points;
	double	   *weights;
	size_t		count;
} DistinctPoints;

static DistinctPoints
distinct_points(const KmeansState *state)
{
	size_t		n = (size_t) state->count;
	uint32	   *order = palloc_extended(n * sizeof(uint32), MCXT_ALLOC_HUGE);
	uint32	   *scratch = palloc_extended(n * sizeof(uint32), MCXT_ALLOC_HUGE);
	DistinctPoints d;

	d.points = palloc_extended(n * state->dims * sizeof(double), MCXT_ALLOC_HUGE);
	d.weights = palloc_extended(n * sizeof(double), MCXT_ALLOC_HUGE);
	kmeans_sort(state->values, n, state->dims, order, scratch, portfolio_poll_interrupts);
	d.count = kmeans_collapse(state->values, order, n, state->dims, d.points, d.weights);
	pfree(order);
	pfree(scratch);
	return d;
}

static void
check_enough_points(const KmeansState *state, size_t distinct)
{
	if ((size_t) state->k > distinct)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("k is larger than the number of distinct feature vectors"),
				 errdetail("k is %d, but there are only %zu distinct feature vectors (among " INT64_FORMAT " rows).",
						   state->k, distinct, state->count),
				 errhint("Use a smaller k.")));
}

static void
report_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("squared distances between the feature vectors are out of range for type double precision"),
			 errhint("Scale the features first (for example to z-scores or to [0, 1]): k-means needs differences below about 1e154.")));
}

static Datum
sizes_array(const double *sizes, int k)
{
	Datum	   *elems = palloc(sizeof(Datum) * k);

	for (int j = 0; j < k; j++)
		elems[j] = Int64GetDatum((int64) sizes[j]);
	return PointerGetDatum(construct_array(elems, k, INT8OID, sizeof(int64),
										   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}

Datum
kmeans_final(PG_FUNCTION_ARGS)
{
	KmeansState *state = DatumGetKmeansState(PG_GETARG_DATUM(0));
	int			k = state->k;
	DistinctPoints d;
	double	   *centroids;
	double	   *sizes;
	void	   *work;
	KmeansOptions options = {KMEANS_MAX_ITERATIONS, NULL, portfolio_poll_interrupts};
	KmeansOutcome outcome;
	Datum		values[KMEANS_COLUMNS];
	bool		nulls[KMEANS_COLUMNS] = {0};

	if (state->count == 0)
		PG_RETURN_NULL();
	d = distinct_points(state);
	check_enough_points(state, d.count);
	centroids = palloc(sizeof(double) * k * state->dims);
	sizes = palloc(sizeof(double) * k);
	work = palloc_extended(kmeans_work_size(d.count, k, state->dims), MCXT_ALLOC_HUGE);
	if (kmeans_fit(d.points, d.weights, d.count, state->dims, k, (uint64) state->seed,
				   &options, work, centroids, sizes, &outcome) != KMEANS_OK)
		report_overflow();
	values[KMEANS_CENTROIDS] = portfolio_float8_matrix(centroids, k, state->dims);
	values[KMEANS_SIZES] = sizes_array(sizes, k);
	values[KMEANS_INERTIA] = Float8GetDatum(outcome.inertia);
	values[KMEANS_ITERATIONS] = Int32GetDatum(outcome.iterations);
	values[KMEANS_CONVERGED] = BoolGetDatum(outcome.converged);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  values, nulls)));
}
