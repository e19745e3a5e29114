/*
 * kmeans_assign.c
 *		The per-row functions of k-means: portfolio.kmeans_assign (the
 *		nearest centroid of a model) and portfolio.distance (Euclidean).
 *
 * A portfolio.kmeans is an ordinary composite that users can also build by
 * hand, so kmeans_assign checks its centroids: a two-dimensional float8
 * array (one row per centroid) without NULLs, NaN or infinities.  Checking
 * and reading them costs as much as the assignment itself, so the checked
 * centroids are cached in fn_extra with a copy of the model's bytes: the
 * next row with the same model (the usual case, a model joined to every
 * customer) costs a memcmp.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "executor/executor.h"
#include "utils/array.h"

#include "kmeans_core.h"
#include "kmeans.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(kmeans_assign);
PG_FUNCTION_INFO_V1(feature_distance);

#define MODEL_HINT "Build the model with portfolio.kmeans_fit, or give centroids as k rows of as many elements as the feature vectors."

/* The checked centroids of the model last seen at this call site. */
typedef struct ModelCache
{
	PortfolioArgCopy model;		/* the model the centroids came from */
	int			k;
	int			dims;
	double	   *centroids;		/* k * dims, row-major */
} ModelCache;

static void
check_centroid_values(ArrayType *array)
{
	const float8 *values = (const float8 *) ARR_DATA_PTR(array);
	int			k = ARR_DIMS(array)[0];
	int			dims = ARR_DIMS(array)[1];

	if (ARR_HASNULL(array) && array_contains_nulls(array))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kmeans centroids must not contain null elements"),
				 errhint(MODEL_HINT)));
	for (int v = 0; v < k * dims; v++)
		if (!isfinite(values[v]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("kmeans centroids must contain only finite numbers"),
					 errdetail("Element %d of centroid %d is %s.", v % dims + 1, v / dims + 1,
							   isnan(values[v]) ? "NaN" : (values[v] > 0 ? "Infinity" : "-Infinity")),
					 errhint(MODEL_HINT)));
}

/* The centroids field of a model row, checked. */
static ArrayType *
model_centroids(HeapTupleHeader row)
{
	bool		isnull;
	Datum		field = GetAttributeByNum(row, KMEANS_CENTROIDS + 1, &isnull);
	ArrayType  *array;

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("kmeans centroids must not be null"),
				 errhint(MODEL_HINT)));
	array = DatumGetArrayTypeP(field);
	if (ARR_ELEMTYPE(array) != FLOAT8OID)
		elog(ERROR, "kmeans centroids are not a float8 array");
	if (ARR_NDIM(array) != 2)
		ereport(ERROR,
				(errcode(ERRCODE_ARRAY_SUBSCRIPT_ERROR),
				 errmsg("kmeans centroids must be a two-dimensional array"),
				 errdetail("The array given has %d dimensions.", ARR_NDIM(array)),
				 errhint(MODEL_HINT)));
	check_centroid_values(array);
	return array;
}

/* The checked centroids of the model in argument argno, from the cache when it is the same model. */
static ModelCache *
model_cache(FunctionCallInfo fcinfo, int argno)
{
	ModelCache *cache = (ModelCache *) fcinfo->flinfo->fn_extra;
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	ArrayType  *array;
	size_t		values;
	double	   *centroids;

	if (cache != NULL && portfolio_arg_matches(&cache->model, fcinfo, argno))
		return cache;
	array = model_centroids(PG_GETARG_HEAPTUPLEHEADER(argno));
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(mcxt, sizeof(ModelCache));
		fcinfo->flinfo->fn_extra = cache;
	}
	values = (size_t) ARR_DIMS(array)[0] * ARR_DIMS(array)[1];
	centroids = MemoryContextAlloc(mcxt, values * sizeof(double));
	memcpy(centroids, ARR_DATA_PTR(array), values * sizeof(double));
	if (cache->centroids != NULL)
		pfree(cache->centroids);
	portfolio_arg_remember(&cache->model, fcinfo, argno);
	cache->k = ARR_DIMS(array)[0];
	cache->dims = ARR_DIMS(array)[1];
	cache->centroids = centroids;
	return cache;
}

static void
report_distance_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("the distance is out of range for type double precision"),
			 errhint("Scale the features first (for example to z-scores or to [0, 1]).")));
}

/* kmeans_assign(features, m): the nearest centroid, 1-based, the lowest on a tie. */
Datum
kmeans_assign(PG_FUNCTION_ARGS)
{
	int			dims;
	const float8 *features = portfolio_feature_array(PG_GETARG_ARRAYTYPE_P(0), "features", &dims);
	ModelCache *model = model_cache(fcinfo, 1);
	int			nearest;

	portfolio_check_same_length(dims, model->dims, "features", "each kmeans centroid");
	nearest = kmeans_nearest(features, model->centroids, model->k, dims, NULL);
	if (nearest < 0)
		report_distance_overflow();
	PG_RETURN_INT32(nearest + 1);
}

/* distance(a, b): Euclidean, exact to rounding for any finite vectors of one length. */
Datum
feature_distance(PG_FUNCTION_ARGS)
{
	int			a_len;
	int			b_len;
	const float8 *a = portfolio_feature_array(PG_GETARG_ARRAYTYPE_P(0), "a", &a_len);
	const float8 *b = portfolio_feature_array(PG_GETARG_ARRAYTYPE_P(1), "b", &b_len);
	float8		distance;

	portfolio_check_same_length(b_len, a_len, "b", "a");
	distance = kmeans_distance(a, b, a_len);
	if (isinf(distance))
		report_distance_overflow();
	PG_RETURN_FLOAT8(distance);
}
