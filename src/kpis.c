/*
 * kpis.c
 *		Satisfaction and retention KPIs: the portfolio.nps, portfolio.csat and
 *		portfolio.repeat_purchase_rate aggregates, and portfolio.retention_rate.
 *
 * The aggregates run across customers, so their states are a concrete type
 * that distributed engines can ship as text: a bigint[] of counts, updated
 * in place inside an aggregate as core's float8_accum does (called directly,
 * a transition or combine function never modifies its input).  The INITCOND
 * is all zeros and the final functions turn zero responses into NULL, so
 * empty input gives NULL also through combine.  A state can be typed by
 * hand, so every function checks its shape and counts before using it.
 */
#include "portfolio.h"

#include "access/htup_details.h"
#include "catalog/pg_type.h"
#include "common/int.h"
#include "utils/array.h"

#include "summary.h"

PG_FUNCTION_INFO_V1(nps_accum);
PG_FUNCTION_INFO_V1(nps_combine);
PG_FUNCTION_INFO_V1(nps_final);
PG_FUNCTION_INFO_V1(csat_accum);
PG_FUNCTION_INFO_V1(csat_accum_5);
PG_FUNCTION_INFO_V1(csat_combine);
PG_FUNCTION_INFO_V1(csat_final);
PG_FUNCTION_INFO_V1(repeat_purchase_rate_accum);
PG_FUNCTION_INFO_V1(repeat_purchase_rate_combine);
PG_FUNCTION_INFO_V1(repeat_purchase_rate_final);
PG_FUNCTION_INFO_V1(retention_rate);

/* nps state: {responses, promoters, detractors} */
#define NPS_RESPONSES 0
#define NPS_PROMOTERS 1
#define NPS_DETRACTORS 2
#define NPS_LENGTH 3
#define NPS_MIN_SCORE 0
#define NPS_MAX_SCORE 10
#define NPS_MAX_DETRACTOR 6
#define NPS_MIN_PROMOTER 9

/* csat state: {scale_max (0 until a row sets it), responses, satisfied} */
#define CSAT_SCALE 0
#define CSAT_RESPONSES 1
#define CSAT_SATISFIED 2
#define CSAT_LENGTH 3
#define CSAT_DEFAULT_SCALE 5

/* repeat_purchase_rate state: {customers, repeat customers} */
#define RPR_CUSTOMERS 0
#define RPR_REPEATERS 1
#define RPR_LENGTH 2

/* ---------- count-array states ---------- */

/*
 * What a well-formed state of one aggregate looks like.  The counts from
 * first_summed on are added by the combine function; those before it are a
 * key (csat's scale) that merge_key reconciles.
 */
typedef struct CountsLayout
{
	const char *aggname;
	int			length;
	const char *fields;			/* the counts, in order, for messages */
	const char *rule;			/* what consistent counts satisfy */
	bool		(*consistent) (const int64 *counts);
	int			first_summed;
	void		(*merge_key) (int64 *left, const int64 *right);
} CountsLayout;

static void
state_inconsistent(const CountsLayout *layout)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("malformed %s state", layout->aggname),
			 errdetail("The counts (%s) must be non-negative, with %s.",
					   layout->fields, layout->rule),
			 errhint("Pass only states made by the %s aggregate's own functions.",
					 layout->aggname)));
}

/* The counts of a state, after checking its shape and its counts. */
static int64 *
state_counts(ArrayType *state, const CountsLayout *layout)
{
	int64	   *counts;

	if (ARR_NDIM(state) != 1 || ARR_DIMS(state)[0] != layout->length ||
		ARR_HASNULL(state) || ARR_ELEMTYPE(state) != INT8OID)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("malformed %s state", layout->aggname),
				 errdetail("The state of %s is a one-dimensional bigint array of %d non-null counts (%s).",
						   layout->aggname, layout->length, layout->fields),
				 errhint("Pass only states made by the %s aggregate's own functions.",
						 layout->aggname)));
	counts = (int64 *) ARR_DATA_PTR(state);
	for (int i = 0; i < layout->length; i++)
		if (counts[i] < 0)
			state_inconsistent(layout);
	if (!layout->consistent(counts))
		state_inconsistent(layout);
	return counts;
}

/* A new all-zero state, in the current context. */
static ArrayType *
empty_state(const CountsLayout *layout)
{
	Datum		zeros[Max(NPS_LENGTH, CSAT_LENGTH)] = {0};

	Assert(layout->length <= lengthof(zeros));
	for (int i = 0; i < layout->length; i++)
		zeros[i] = Int64GetDatum(0);
	return construct_array(zeros, layout->length, INT8OID, sizeof(int64),
						   FLOAT8PASSBYVAL, TYPALIGN_DOUBLE);
}

static void
add_count(int64 *count, int64 more, const CountsLayout *layout)
{
	if (pg_add_s64_overflow(*count, more, count))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s count out of range", layout->aggname),
				 errdetail("A count would exceed the bigint range.")));
}

/*
 * Combine function of every count state: a NULL side gives the other side;
 * else the right counts are added to the left ones.
 */
static Datum
combine_counts(FunctionCallInfo fcinfo, const CountsLayout *layout)
{
	ArrayType  *left;
	ArrayType  *right;
	int64	   *lcounts;
	int64	   *rcounts;

	if (PG_ARGISNULL(1))
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		left = PG_GETARG_ARRAYTYPE_P(0);
		state_counts(left, layout);
		PG_RETURN_ARRAYTYPE_P(left);
	}
	right = PG_GETARG_ARRAYTYPE_P(1);
	rcounts = state_counts(right, layout);
	if (PG_ARGISNULL(0))
		PG_RETURN_ARRAYTYPE_P(right);

	left = portfolio_array_to_update(fcinfo, 0);
	lcounts = state_counts(left, layout);
	if (layout->merge_key)
		layout->merge_key(lcounts, rcounts);
	for (int i = layout->first_summed; i < layout->length; i++)
		add_count(&lcounts[i], rcounts[i], layout);
	if (!layout->consistent(lcounts))	/* cannot happen from valid sides */
		state_inconsistent(layout);
	PG_RETURN_ARRAYTYPE_P(left);
}

/* ---------- nps ---------- */

static bool
nps_consistent(const int64 *counts)
{
	return counts[NPS_PROMOTERS] <= counts[NPS_RESPONSES] - counts[NPS_DETRACTORS];
}

static const CountsLayout nps_layout = {
	"nps", NPS_LENGTH, "responses, promoters, detractors",
	"promoters + detractors <= responses", nps_consistent, 0, NULL
};

static void
CheckNpsScore(int32 score)
{
	if (score < NPS_MIN_SCORE || score > NPS_MAX_SCORE)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("nps score must be between %d and %d", NPS_MIN_SCORE, NPS_MAX_SCORE),
				 errdetail("The score given was %d.", score),
				 errhint("Net Promoter Score surveys use the 0 to 10 scale; use portfolio.csat for other scales.")));
}

/* nps_accum(state, score), strict */
Datum
nps_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *state = portfolio_array_to_update(fcinfo, 0);
	int64	   *counts = state_counts(state, &nps_layout);
	int32		score = PG_GETARG_INT32(1);

	CheckNpsScore(score);
	add_count(&counts[NPS_RESPONSES], 1, &nps_layout);
	if (score >= NPS_MIN_PROMOTER)
		counts[NPS_PROMOTERS]++;	/* cannot overflow: at most responses */
	else if (score <= NPS_MAX_DETRACTOR)
		counts[NPS_DETRACTORS]++;
	PG_RETURN_ARRAYTYPE_P(state);
}

Datum
nps_combine(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, &nps_layout);
}

/* nps_final(state), strict: % promoters - % detractors; NULL without responses */
Datum
nps_final(PG_FUNCTION_ARGS)
{
	const int64 *counts = state_counts(PG_GETARG_ARRAYTYPE_P(0), &nps_layout);
	int64		net = counts[NPS_PROMOTERS] - counts[NPS_DETRACTORS];

	if (counts[NPS_RESPONSES] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(100.0 * (float8) net / (float8) counts[NPS_RESPONSES]);
}

/* ---------- csat ---------- */

static bool
csat_consistent(const int64 *counts)
{
	int64		scale = counts[CSAT_SCALE];

	if (scale == 0)
		return counts[CSAT_RESPONSES] == 0 && counts[CSAT_SATISFIED] == 0;
	return scale >= 2 && scale <= PG_INT32_MAX &&
		counts[CSAT_SATISFIED] <= counts[CSAT_RESPONSES];
}

static void
check_same_scale(int64 scale, int64 other)
{
	if (scale != other)
		portfolio_parameter_mismatch("scale_max", psprintf(INT64_FORMAT, scale),
									 psprintf(INT64_FORMAT, other),
									 "Pass a constant scale_max, or group by it.");
}

/* The scale of the combined state: the one that is set (0 means none yet). */
static void
csat_merge_scale(int64 *left, const int64 *right)
{
	if (right[CSAT_SCALE] == 0)
		return;
	if (left[CSAT_SCALE] == 0)
		left[CSAT_SCALE] = right[CSAT_SCALE];
	else
		check_same_scale(left[CSAT_SCALE], right[CSAT_SCALE]);
}

static const CountsLayout csat_layout = {
	"csat", CSAT_LENGTH, "scale_max, responses, satisfied",
	"scale_max 0 (no row yet, and no responses) or 2 to 2147483647, and satisfied <= responses",
	csat_consistent, CSAT_RESPONSES, csat_merge_scale
};

static void
CheckScaleMax(int32 scale_max)
{
	if (scale_max < 2)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("scale_max must be at least 2"),
				 errdetail("The value given was %d.", scale_max),
				 errhint("Pass the highest score of the survey's 1 to scale_max scale, such as 5 or 7.")));
}

static void
CheckCsatScore(int32 score, int32 scale_max)
{
	if (score < 1 || score > scale_max)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("csat score must be between 1 and %d", scale_max),
				 errdetail("The score given was %d.", score),
				 errhint("Scores run from 1 to scale_max; recode other scales (such as 0 to 10) first.")));
}

/*
 * Adds one row to a csat state.  Every row, even one with a NULL score,
 * sets or checks the group's scale, so a mixed scale is an error whatever
 * the order of the rows and however a parallel plan splits them.
 */
static Datum
csat_add(FunctionCallInfo fcinfo, int32 scale_max, bool have_score, int32 score)
{
	ArrayType  *state;
	int64	   *counts;

	CheckScaleMax(scale_max);
	state = PG_ARGISNULL(0) ? empty_state(&csat_layout) : portfolio_array_to_update(fcinfo, 0);
	counts = state_counts(state, &csat_layout);
	if (counts[CSAT_SCALE] == 0)
		counts[CSAT_SCALE] = scale_max;
	else
		check_same_scale(counts[CSAT_SCALE], scale_max);
	if (have_score)
	{
		CheckCsatScore(score, scale_max);
		add_count(&counts[CSAT_RESPONSES], 1, &csat_layout);
		if (score >= scale_max - 1)
			counts[CSAT_SATISFIED]++;	/* cannot overflow: at most responses */
	}
	PG_RETURN_ARRAYTYPE_P(state);
}

/* csat_accum(state, score, scale_max), called on NULL input */
Datum
csat_accum(PG_FUNCTION_ARGS)
{
	portfolio_check_not_null(fcinfo, 2, "scale_max");
	return csat_add(fcinfo, PG_GETARG_INT32(2), !PG_ARGISNULL(1),
					PG_ARGISNULL(1) ? 0 : PG_GETARG_INT32(1));
}

/* csat_accum_5(state, score), strict: the 1 to 5 scale */
Datum
csat_accum_5(PG_FUNCTION_ARGS)
{
	return csat_add(fcinfo, CSAT_DEFAULT_SCALE, true, PG_GETARG_INT32(1));
}

Datum
csat_combine(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, &csat_layout);
}

/* csat_final(state), strict: % of satisfied responses; NULL without responses */
Datum
csat_final(PG_FUNCTION_ARGS)
{
	const int64 *counts = state_counts(PG_GETARG_ARRAYTYPE_P(0), &csat_layout);

	if (counts[CSAT_RESPONSES] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(100.0 * (float8) counts[CSAT_SATISFIED] /
					 (float8) counts[CSAT_RESPONSES]);
}

/* ---------- repeat_purchase_rate ---------- */

static bool
rpr_consistent(const int64 *counts)
{
	return counts[RPR_REPEATERS] <= counts[RPR_CUSTOMERS];
}

static const CountsLayout rpr_layout = {
	"repeat_purchase_rate", RPR_LENGTH, "customers, repeat customers",
	"repeat customers <= customers", rpr_consistent, 0, NULL
};

/* The frequency field of a summary: not NULL, not negative. */
static int32
summary_frequency(FunctionCallInfo fcinfo, HeapTupleHeader summary)
{
	HeapTupleData tuple;
	bool		isnull;
	Datum		value;
	int32		frequency;

	tuple.t_len = HeapTupleHeaderGetDatumLength(summary);
	tuple.t_data = summary;
	value = heap_getattr(&tuple, SUMMARY_ATTNO(COL_FREQUENCY),
						 portfolio_cached_row_desc(fcinfo, summary), &isnull);
	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("frequency of a summary must not be null"),
				 errdetail("A summary made by portfolio.summarize always has a frequency."),
				 errhint("Pass a NULL summary, not a summary with a NULL frequency, for a customer to leave out.")));
	frequency = DatumGetInt32(value);
	if (frequency < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("frequency of a summary must not be negative"),
				 errdetail("The frequency given was %d.", frequency)));
	return frequency;
}

/* repeat_purchase_rate_accum(state, s), strict */
Datum
repeat_purchase_rate_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *state = portfolio_array_to_update(fcinfo, 0);
	int64	   *counts = state_counts(state, &rpr_layout);
	int32		frequency = summary_frequency(fcinfo, PG_GETARG_HEAPTUPLEHEADER(1));

	add_count(&counts[RPR_CUSTOMERS], 1, &rpr_layout);
	if (frequency >= 1)
		counts[RPR_REPEATERS]++;	/* cannot overflow: at most customers */
	PG_RETURN_ARRAYTYPE_P(state);
}

Datum
repeat_purchase_rate_combine(PG_FUNCTION_ARGS)
{
	return combine_counts(fcinfo, &rpr_layout);
}

/* repeat_purchase_rate_final(state), strict: share of repeat customers; NULL without customers */
Datum
repeat_purchase_rate_final(PG_FUNCTION_ARGS)
{
	const int64 *counts = state_counts(PG_GETARG_ARRAYTYPE_P(0), &rpr_layout);

	if (counts[RPR_CUSTOMERS] == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((float8) counts[RPR_REPEATERS] / (float8) counts[RPR_CUSTOMERS]);
}

/* ---------- retention_rate ---------- */

static void
CheckCustomerCount(int64 count, const char *argname)
{
	if (count < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", argname),
				 errdetail("The value given was " INT64_FORMAT ".", count)));
}

/*
 * retention_rate(customers_start, customers_end, new_customers), strict:
 * (E - N) / S, NULL when S = 0.
 */
Datum
retention_rate(PG_FUNCTION_ARGS)
{
	int64		start = PG_GETARG_INT64(0);
	int64		end = PG_GETARG_INT64(1);
	int64		new_customers = PG_GETARG_INT64(2);

	CheckCustomerCount(start, "customers_start");
	CheckCustomerCount(end, "customers_end");
	CheckCustomerCount(new_customers, "new_customers");
	if (new_customers > end)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("new_customers must not exceed customers_end"),
				 errdetail("new_customers is " INT64_FORMAT " and customers_end is " INT64_FORMAT ".",
						   new_customers, end),
				 errhint("Customers acquired during the period are counted among the customers at its end.")));
	if (start == 0)
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8((float8) (end - new_customers) / (float8) start);
}
