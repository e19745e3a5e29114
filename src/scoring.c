/*
 * scoring.c
 *		Multi-criteria scoring: the portfolio.scaler_fit aggregate (its
 *		transition, combine and final functions), portfolio.scale and
 *		portfolio.weighted_score.
 *
 * The numbers are computed in scoring_core.c.  The state of scaler_fit is a
 * float8[], [n, then min, max, mean and m2 of each dimension], so that a
 * distributed engine can ship it as text; it starts as {0} and gets its
 * dimensions from the first vector.  Inside an aggregate it is updated in
 * place, as core's float8_accum does; called directly, a transition or
 * combine function leaves its input alone.  Every state is checked before
 * use, since one can be typed by hand.
 */
#include "portfolio.h"

#include <float.h>
#include <math.h>

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "funcapi.h"
#include "utils/array.h"
#include "utils/builtins.h"

#include "scoring_core.h"

PG_FUNCTION_INFO_V1(scaler_accum);
PG_FUNCTION_INFO_V1(scaler_combine);
PG_FUNCTION_INFO_V1(scaler_final);
PG_FUNCTION_INFO_V1(scaler_scale);
PG_FUNCTION_INFO_V1(weighted_score);

#define STATE_HINT "Pass only states made by the scaler_fit aggregate's own functions."

/* The attributes of portfolio.scaler. */
#define SCALER_ATTNO_N 1
#define SCALER_ATTNO_MIN 2
#define SCALER_ATTNO_MAX 3
#define SCALER_ATTNO_MEAN 4
#define SCALER_ATTNO_SD 5
#define SCALER_NATTS 5

typedef enum ScaleMethod
{
	SCALE_MINMAX,
	SCALE_ZSCORE
} ScaleMethod;

/* ---------- checks ---------- */

static void
report_state_problem(ScalerStateProblem problem, const double *values, int length, int dim)
{
	switch (problem)
	{
		case SCALER_STATE_OK:
			return;
		case SCALER_STATE_BAD_LENGTH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("malformed scaler_fit state"),
					 errdetail("A state has 1 + 4 d elements for d dimensions, d from 0 to %d; this one has %d.",
							   SCALER_MAX_DIMENSIONS, length),
					 errhint(STATE_HINT)));
			break;
		case SCALER_STATE_BAD_COUNT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("malformed scaler_fit state"),
					 errdetail("The first element, the number of vectors, must be a whole number from 0 to 2^53; it is %g.",
							   values[0]),
					 errhint(STATE_HINT)));
			break;
		case SCALER_STATE_COUNT_MISMATCH:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("malformed scaler_fit state"),
					 values[0] == 0
					 ? errdetail("A state of no vectors is {0}, without dimensions.")
					 : errdetail("A state of one or more vectors has at least one dimension."),
					 errhint(STATE_HINT)));
			break;
		case SCALER_STATE_NOT_FINITE:
		case SCALER_STATE_MIN_ABOVE_MAX:
		case SCALER_STATE_NEGATIVE_M2:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("malformed scaler_fit state"),
					 errdetail("Dimension %d has %s.", dim + 1,
							   problem == SCALER_STATE_NOT_FINITE ? "a NaN or infinite statistic" :
							   problem == SCALER_STATE_MIN_ABOVE_MAX ? "a minimum above its maximum" :
							   "a negative sum of squared deviations"),
					 errhint(STATE_HINT)));
			break;
	}
}

/* The elements of a state, checked; *length gets their number. */
static double *
state_values(ArrayType *state, int *length)
{
	double	   *values;
	ScalerStateProblem problem;
	int			dim;

	if (ARR_ELEMTYPE(state) != FLOAT8OID)
		elog(ERROR, "scaler_fit state is not a float8 array");
	if (ARR_NDIM(state) != 1 || (ARR_HASNULL(state) && array_contains_nulls(state)))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("malformed scaler_fit state"),
				 errdetail("A state is a one-dimensional float8 array without nulls: n, then the minimum, maximum, mean and sum of squared deviations of each dimension."),
				 errhint(STATE_HINT)));
	*length = ARR_DIMS(state)[0];
	values = (double *) ARR_DATA_PTR(state);
	problem = scaler_check_state(values, *length, &dim);
	report_state_problem(problem, values, *length, dim);
	return values;
}

static void
check_dimension_cap(int length)
{
	if (length > SCALER_MAX_DIMENSIONS)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("features has %d elements, more than scaler_fit allows", length),
				 errdetail("A scaler has at most %d dimensions.", SCALER_MAX_DIMENSIONS),
				 errhint("Reduce the features to the criteria that matter.")));
}

static void
statistics_overflow(void)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("scaler_fit statistics out of range"),
			 errdetail("A mean or a sum of squared deviations exceeds the double precision range, or more than 2^53 vectors were counted."),
			 errhint("Divide the features by a constant to bring them to a smaller scale.")));
}

/* ---------- arrays ---------- */

/*
 * A new one-dimensional float8[] of n zeros, in the current context, built
 * directly (scale makes one per customer; construct_array goes through
 * Datums).
 */
static ArrayType *
zero_array(int n)
{
	Size		nbytes = ARR_OVERHEAD_NONULLS(1) + (Size) n * sizeof(float8);
	ArrayType  *array = palloc0(nbytes);

	SET_VARSIZE(array, nbytes);
	array->ndim = 1;
	array->dataoffset = 0;		/* no nulls bitmap */
	array->elemtype = FLOAT8OID;
	ARR_DIMS(array)[0] = n;
	ARR_LBOUND(array)[0] = 1;
	return array;
}

static ArrayType *
float8_array(const double *values, int n)
{
	ArrayType  *array = zero_array(n);

	memcpy(ARR_DATA_PTR(array), values, n * sizeof(double));
	return array;
}

/* ---------- the aggregate ---------- */

/* scaler_accum(state, features), STRICT: NULL vectors are skipped. */
Datum
scaler_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *state = portfolio_array_to_update(fcinfo, 0);
	int			length;
	double	   *values = state_values(state, &length);
	int			d;
	const float8 *x = portfolio_feature_array(PG_GETARG_ARRAYTYPE_P(1), "features", &d);

	check_dimension_cap(d);
	if (values[0] == 0)
	{
		/* the first vector sets the dimensions */
		state = zero_array(SCALER_STATE_LENGTH(d));
		scaler_start((double *) ARR_DATA_PTR(state), x, d);
		PG_RETURN_ARRAYTYPE_P(state);
	}
	portfolio_check_same_length(d, scaler_state_dimensions(length), "features",
								"the first vector of the group");
	if (!scaler_accumulate(values, x, d))
		statistics_overflow();
	PG_RETURN_ARRAYTYPE_P(state);
}

/* scaler_combine(left, right), STRICT: a side of no vectors adds nothing. */
Datum
scaler_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *right = PG_GETARG_ARRAYTYPE_P(1);
	int			right_length;
	double	   *right_values = state_values(right, &right_length);
	ArrayType  *left;
	int			left_length;
	double	   *left_values;

	if (right_values[0] == 0)
	{
		left = PG_GETARG_ARRAYTYPE_P(0);
		state_values(left, &left_length);
		PG_RETURN_ARRAYTYPE_P(left);
	}
	left = portfolio_array_to_update(fcinfo, 0);
	left_values = state_values(left, &left_length);
	if (left_values[0] == 0)
		PG_RETURN_ARRAYTYPE_P(right);
	portfolio_check_same_length(scaler_state_dimensions(right_length),
								scaler_state_dimensions(left_length),
								"a vector in one part of the group", "a vector in another part");
	if (!scaler_merge(left_values, right_values, scaler_state_dimensions(left_length)))
		statistics_overflow();
	PG_RETURN_ARRAYTYPE_P(left);
}

/* scaler_final(state), STRICT: NULL for no vectors, else a portfolio.scaler. */
Datum
scaler_final(PG_FUNCTION_ARGS)
{
	int			length;
	const double *values = state_values(PG_GETARG_ARRAYTYPE_P(0), &length);
	int			d = scaler_state_dimensions(length);
	double	   *column;
	Datum		fields[SCALER_NATTS];
	bool		nulls[SCALER_NATTS] = {false};

	if (values[0] == 0)
		PG_RETURN_NULL();
	column = palloc(d * sizeof(double));
	fields[SCALER_ATTNO_N - 1] = Int64GetDatum((int64) values[0]);
	for (int i = 0; i < d; i++)
		column[i] = SCALER_AT(values, i, SCALER_MIN);
	fields[SCALER_ATTNO_MIN - 1] = PointerGetDatum(float8_array(column, d));
	for (int i = 0; i < d; i++)
		column[i] = SCALER_AT(values, i, SCALER_MAX);
	fields[SCALER_ATTNO_MAX - 1] = PointerGetDatum(float8_array(column, d));
	for (int i = 0; i < d; i++)
		column[i] = scaler_mean(values, i);
	fields[SCALER_ATTNO_MEAN - 1] = PointerGetDatum(float8_array(column, d));
	for (int i = 0; i < d; i++)
	{
		/*
		 * A spread so small (below sqrt(DBL_MIN), about 1.5e-154) that the
		 * squared deviations underflow would give sd 0, or a subnormal,
		 * imprecise one, for values that differ: zscore would then flatten
		 * them to 0 silently.  The spread is tested, not M2: values one ulp
		 * apart at any scale can round M2 to exactly 0 in one row order and
		 * not in another, and their sd is representable.
		 */
		if (SCALER_AT(values, i, SCALER_MAX) > SCALER_AT(values, i, SCALER_MIN) &&
			SCALER_AT(values, i, SCALER_MAX) - SCALER_AT(values, i, SCALER_MIN) < sqrt(DBL_MIN))
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("scaler_fit statistics out of range"),
					 errdetail("In dimension %d the values differ by %g, too little for their squared deviations in double precision.",
							   i + 1, SCALER_AT(values, i, SCALER_MAX) - SCALER_AT(values, i, SCALER_MIN)),
					 errhint("Multiply the features by a constant to bring them to a larger scale.")));
		column[i] = scaler_sd(values, i);
	}
	fields[SCALER_ATTNO_SD - 1] = PointerGetDatum(float8_array(column, d));
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  fields, nulls)));
}

/* ---------- scale ---------- */

/* The method's name, compared in place: scale runs once per customer. */
static bool
text_equals(const text *t, const char *name)
{
	size_t		len = strlen(name);

	return VARSIZE_ANY_EXHDR(t) == len && memcmp(VARDATA_ANY(t), name, len) == 0;
}

static ScaleMethod
parse_method(text *method)
{
	if (text_equals(method, "minmax"))
		return SCALE_MINMAX;
	if (text_equals(method, "zscore"))
		return SCALE_ZSCORE;
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("unknown scaling method \"%s\"", text_to_cstring(method)),
			 errhint("Use 'minmax' ((x - min) / (max - min)) or 'zscore' ((x - mean) / sd).")));
	return SCALE_MINMAX;		/* keep the compiler quiet */
}

/* "scaler field min" etc., as the error messages name the fields. */
static const char *
scaler_field_argname(int attno)
{
	switch (attno)
	{
		case SCALER_ATTNO_MIN:
			return "scaler field min";
		case SCALER_ATTNO_MAX:
			return "scaler field max";
		case SCALER_ATTNO_MEAN:
			return "scaler field mean";
		case SCALER_ATTNO_SD:
			return "scaler field sd";
	}
	elog(ERROR, "scaler attribute %d is not an array field", attno);
	return NULL;				/* keep the compiler quiet */
}

/*
 * One array field of the scaler, required by the method: not NULL (22004),
 * a feature-like array (portfolio_feature_array's checks) as long as the
 * features (2202E).
 */
static const double *
scaler_field(HeapTupleHeader scaler, TupleDesc desc, int attno, const char *method,
			 int length)
{
	HeapTupleData tuple;
	bool		isnull;
	Datum		value;
	const char *argname = scaler_field_argname(attno);
	const double *elements;
	int			n;

	tuple.t_len = HeapTupleHeaderGetDatumLength(scaler);
	tuple.t_data = scaler;
	value = heap_getattr(&tuple, attno, desc, &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", argname),
				 errdetail("The %s method uses it.", method),
				 errhint("Pass a scaler made by portfolio.scaler_fit, or fill in the field.")));
	elements = portfolio_feature_array(DatumGetArrayTypeP(value), argname, &n);
	portfolio_check_same_length(n, length, argname, "features");
	return elements;
}

static void
check_min_max(const double *min, const double *max, int n)
{
	for (int i = 0; i < n; i++)
		if (min[i] > max[i])
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("scaler field min must not be above max"),
					 errdetail("In dimension %d, min is %g and max is %g.", i + 1, min[i], max[i]),
					 errhint("Pass a scaler made by portfolio.scaler_fit, or correct the field.")));
}

static void
check_sd(const double *sd, int n)
{
	for (int i = 0; i < n; i++)
		if (sd[i] < 0)
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("scaler field sd must not be negative"),
					 errdetail("In dimension %d, sd is %g.", i + 1, sd[i]),
					 errhint("Pass a scaler made by portfolio.scaler_fit, or correct the field.")));
}

static void
scaled_overflow(ScaleMethod method, int dim)
{
	ereport(ERROR,
			(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
			 errmsg("scaled value out of range"),
			 errdetail("In dimension %d, %s exceeds the double precision range.", dim + 1,
					   method == SCALE_MINMAX ? "(x - min) / (max - min)" : "(x - mean) / sd"),
			 errhint("Check the scaler: its spread is either beyond the double range or tiny against the features.")));
}

/*
 * The two scaler fields a method uses, checked, for features of length n:
 * min and max, or mean and sd.
 */
typedef struct ScalerFields
{
	ScaleMethod method;
	int			n;
	double	   *a;				/* min, or mean */
	double	   *b;				/* max, or sd */
} ScalerFields;

/* Read and check the fields into f (whose method and n are set), in context. */
static void
read_scaler_fields(HeapTupleHeader scaler, TupleDesc desc, ScalerFields *f, MemoryContext context)
{
	const char *method_name = f->method == SCALE_MINMAX ? "minmax" : "zscore";
	const double *a = scaler_field(scaler, desc, f->method == SCALE_MINMAX ? SCALER_ATTNO_MIN : SCALER_ATTNO_MEAN,
								   method_name, f->n);
	const double *b = scaler_field(scaler, desc, f->method == SCALE_MINMAX ? SCALER_ATTNO_MAX : SCALER_ATTNO_SD,
								   method_name, f->n);

	if (f->method == SCALE_MINMAX)
		check_min_max(a, b, f->n);
	else
		check_sd(b, f->n);
	f->a = MemoryContextAlloc(context, f->n * sizeof(double));
	f->b = MemoryContextAlloc(context, f->n * sizeof(double));
	memcpy(f->a, a, f->n * sizeof(double));
	memcpy(f->b, b, f->n * sizeof(double));
}

/*
 * scale is called once per customer with, usually, the same scaler: the
 * checked fields are kept in fn_extra with the bytes of the scaler they came
 * from, and used again while the scaler, method and length are the same.
 */
typedef struct ScaleCache
{
	TupleDesc	desc;			/* of portfolio.scaler */
	PortfolioArgCopy scaler;	/* the scaler the fields came from */
	ScalerFields fields;		/* a == NULL: none yet */
} ScaleCache;

static const ScalerFields *
cached_scaler_fields(FunctionCallInfo fcinfo, ScaleMethod method, int n)
{
	ScaleCache *cache = fcinfo->flinfo->fn_extra;
	MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;
	HeapTupleHeader scaler;
	ScalerFields fields;

	if (cache != NULL && cache->fields.method == method && cache->fields.n == n &&
		portfolio_arg_matches(&cache->scaler, fcinfo, 1))
		return &cache->fields;

	scaler = PG_GETARG_HEAPTUPLEHEADER(1);
	if (cache == NULL)
	{
		cache = MemoryContextAllocZero(mcxt, sizeof(ScaleCache));
		cache->desc = portfolio_row_desc(scaler, mcxt);
		fcinfo->flinfo->fn_extra = cache;
	}
	/* Checked before anything cached changes: an error leaves the cache valid. */
	fields.method = method;
	fields.n = n;
	read_scaler_fields(scaler, cache->desc, &fields, mcxt);
	if (cache->fields.a != NULL)
	{
		pfree(cache->fields.a);
		pfree(cache->fields.b);
	}
	cache->fields = fields;
	portfolio_arg_remember(&cache->scaler, fcinfo, 1);
	return &cache->fields;
}

/*
 * scale(features, s, method), STRICT: min-max or z-score scaling with a
 * learned (or hand-built) scaler.  Only the fields the method needs are read
 * (min and max, or mean and sd); n is not used.
 */
Datum
scaler_scale(PG_FUNCTION_ARGS)
{
	ScaleMethod method = parse_method(PG_GETARG_TEXT_PP(2));
	int			n;
	const float8 *x = portfolio_feature_array(PG_GETARG_ARRAYTYPE_P(0), "features", &n);
	const ScalerFields *f = cached_scaler_fields(fcinfo, method, n);
	ArrayType  *result = zero_array(n);
	double	   *out = (double *) ARR_DATA_PTR(result);
	int			bad;

	if (method == SCALE_MINMAX)
		bad = scaler_minmax(x, f->a, f->b, n, out);
	else
		bad = scaler_zscore(x, f->a, f->b, n, out);
	if (bad >= 0)
		scaled_overflow(method, bad);
	PG_RETURN_ARRAYTYPE_P(result);
}

/* ---------- weighted_score ---------- */

/* weighted_score(criteria, weights), STRICT: sum w c / sum w. */
Datum
weighted_score(PG_FUNCTION_ARGS)
{
	int			n;
	int			nweights;
	const float8 *criteria = portfolio_feature_array(PG_GETARG_ARRAYTYPE_P(0), "criteria", &n);
	const float8 *weights = portfolio_feature_array(PG_GETARG_ARRAYTYPE_P(1), "weights", &nweights);
	double		score = 0;
	int			where;

	portfolio_check_same_length(nweights, n, "weights", "criteria");
	switch (weighted_score_of(criteria, weights, n, &score, &where))
	{
		case WEIGHTED_SCORE_OK:
			break;
		case WEIGHTED_SCORE_NEGATIVE_WEIGHT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights must not be negative"),
					 errdetail("Element %d is %g.", where + 1, weights[where]),
					 errhint("Give a criterion that should not count the weight 0; to reward a low value, score 1 - x.")));
			break;
		case WEIGHTED_SCORE_ZERO_WEIGHTS:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("weights must not all be zero"),
					 errdetail("The weights are normalised to sum 1, so at least one must be positive.")));
			break;
		case WEIGHTED_SCORE_OVERFLOW:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("weighted score out of range"),
					 errdetail("The criteria are too close to the limits of double precision."),
					 errhint("Scale the criteria first, with portfolio.scale for example.")));
			break;
	}
	PG_RETURN_FLOAT8(score);
}
