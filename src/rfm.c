/*
 * rfm.c
 *		The portfolio.rfm_cuts aggregate and portfolio.rfm_score.
 *
 * rfm_cuts collects one (days since last, frequency, monetary) triple per
 * customer in a portfolio.rfm_cuts_state and, at the end, selects the
 * percentile_disc cut points of each dimension (rfm_core.c).  Exact
 * order statistics need every value, so the state grows with the number of
 * customers; it is a concrete type with lossless text I/O so that distributed
 * engines can ship partial states.  Inside an aggregate the state is appended
 * to in place (as core's float8_accum does); called directly, the input is
 * never modified.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "executor/executor.h"
#include "funcapi.h"
#include "utils/builtins.h"
#include "utils/numeric.h"

#include "fixed_decimal.h"
#include "portfolio.h"
#include "rfm.h"
#include "rfm_segments.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(rfm_cuts_accum);
PG_FUNCTION_INFO_V1(rfm_cuts_accum_summary);
PG_FUNCTION_INFO_V1(rfm_cuts_accum_5);
PG_FUNCTION_INFO_V1(rfm_cuts_accum_summary_5);
PG_FUNCTION_INFO_V1(rfm_cuts_combine);
PG_FUNCTION_INFO_V1(rfm_cuts_final);
PG_FUNCTION_INFO_V1(rfm_score);
PG_FUNCTION_INFO_V1(rfm_score_summary);

#define RFM_STATE_INITIAL_CAPACITY 64
#define RFM_DEFAULT_BINS 5


static const char *const dimension_args[RFM_DIMENSIONS] = {
	"days_since_last", "frequency", "monetary"
};

/* ---------- reading the three values ---------- */

static void
check_triple(float8 *triple)
{
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		portfolio_check_finite(triple[d], dimension_args[d]);
		if (triple[d] == 0)
			triple[d] = 0.0;	/* -0 and 0 are one value */
	}
}

/* The three values from arguments first..first+2; false if any is NULL. */
static bool
triple_from_args(FunctionCallInfo fcinfo, int first, float8 *triple)
{
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		if (PG_ARGISNULL(first + d))
			return false;
		triple[d] = PG_GETARG_FLOAT8(first + d);
	}
	check_triple(triple);
	return true;
}

/*
 * A numeric as float8, the same value numeric_float8 gives; without its
 * detour through text for the usual amounts.
 */
static float8
numeric_as_float8(Datum value)
{
	struct varlena *packed = PG_DETOAST_DATUM_PACKED(value);
	int64		unscaled;
	int			scale;
	double		result;

	if (fixed_from_numeric(VARDATA_ANY(packed), VARSIZE_ANY_EXHDR(packed),
						   &unscaled, &scale) == FIXED_OK &&
		fixed_to_double(unscaled, scale, &result))
		return result;
	return DatumGetFloat8(DirectFunctionCall1(numeric_float8, value));
}

/*
 * days_since_last, transactions and total_amount of a portfolio.summary;
 * false if the summary or any of them is NULL.  *desc caches the row
 * descriptor for the call site (NULL the first time).
 */
static bool
triple_from_summary(FunctionCallInfo fcinfo, int argno, TupleDesc *desc, float8 *triple)
{
	HeapTupleHeader summary;
	HeapTupleData tuple;
	bool		isnull[3];
	Datum		dsl,
				transactions,
				total;

	if (PG_ARGISNULL(argno))
		return false;
	summary = PG_GETARG_HEAPTUPLEHEADER(argno);
	if (*desc == NULL)
		*desc = portfolio_row_desc(summary, fcinfo->flinfo->fn_mcxt);
	tuple.t_len = HeapTupleHeaderGetDatumLength(summary);
	tuple.t_data = summary;
	dsl = heap_getattr(&tuple, SUMMARY_ATTNO(COL_DAYS_SINCE_LAST), *desc, &isnull[0]);
	transactions = heap_getattr(&tuple, SUMMARY_ATTNO(COL_TRANSACTIONS), *desc, &isnull[1]);
	total = heap_getattr(&tuple, SUMMARY_ATTNO(COL_TOTAL_AMOUNT), *desc, &isnull[2]);
	if (isnull[0] || isnull[1] || isnull[2])
		return false;
	triple[RFM_R] = (float8) DatumGetInt32(dsl);
	triple[RFM_F] = (float8) DatumGetInt64(transactions);
	triple[RFM_M] = numeric_as_float8(total);
	check_triple(triple);
	return true;
}

/* For the transition functions, whose fn_extra holds nothing else. */
#define SUMMARY_DESC_CACHE(fcinfo) ((TupleDesc *) &(fcinfo)->flinfo->fn_extra)

/* ---------- rfm_cuts aggregate ---------- */

static int32
bins_arg(FunctionCallInfo fcinfo, int argno)
{
	int32		bins;

	portfolio_check_not_null(fcinfo, argno, "bins");
	bins = PG_GETARG_INT32(argno);
	rfm_check_bins(bins);
	return bins;
}

static void
check_same_bins(const RfmCutsState *state, int32 bins)
{
	if (state->bins != bins)
		portfolio_parameter_mismatch("bins", psprintf("%d", state->bins), psprintf("%d", bins),
									 "Pass a constant bins value, or group by it.");
}

/*
 * A state that can take `extra` more triples: the given one when it may be
 * changed in place and has room, else a bigger copy in the current context
 * (the aggregate machinery copies a returned new state into its own context
 * and frees the old one).
 */
static RfmCutsState *
state_with_room(RfmCutsState *state, int64 extra, bool in_place)
{
	RfmCutsState *bigger;
	int64		needed = state->count + extra;
	int64		capacity;

	if (in_place && needed <= RFM_STATE_CAPACITY(state))
		return state;
	capacity = Max(needed, Min(state->count * 2, RFM_STATE_MAX_COUNT));
	bigger = rfm_state_alloc(state->bins, Max(capacity, RFM_STATE_INITIAL_CAPACITY));
	memcpy(bigger->values, state->values, sizeof(float8) * RFM_DIMENSIONS * state->count);
	bigger->count = state->count;
	return bigger;
}

static Datum
cuts_accum(FunctionCallInfo fcinfo, int32 bins, bool have_triple, const float8 *triple)
{
	RfmCutsState *state;

	if (PG_ARGISNULL(0))
	{
		if (!have_triple)
			PG_RETURN_NULL();
		state = rfm_state_alloc(bins, RFM_STATE_INITIAL_CAPACITY);
	}
	else
	{
		state = DatumGetRfmCutsState(PG_GETARG_DATUM(0));
		check_same_bins(state, bins);
		if (!have_triple)
			PG_RETURN_POINTER(state);
		state = state_with_room(state, 1, AggCheckCallContext(fcinfo, NULL));
	}
	memcpy(&state->values[state->count * RFM_DIMENSIONS], triple,
		   sizeof(float8) * RFM_DIMENSIONS);
	state->count++;
	PG_RETURN_POINTER(state);
}

/* rfm_cuts_accum(state, days_since_last, frequency, monetary, bins) */
Datum
rfm_cuts_accum(PG_FUNCTION_ARGS)
{
	int32		bins = bins_arg(fcinfo, 4);
	float8		triple[RFM_DIMENSIONS];
	bool		have_triple = triple_from_args(fcinfo, 1, triple);

	return cuts_accum(fcinfo, bins, have_triple, triple);
}

/* rfm_cuts_accum_summary(state, summary, bins) */
Datum
rfm_cuts_accum_summary(PG_FUNCTION_ARGS)
{
	int32		bins = bins_arg(fcinfo, 2);
	float8		triple[RFM_DIMENSIONS];
	bool		have_triple = triple_from_summary(fcinfo, 1, SUMMARY_DESC_CACHE(fcinfo), triple);

	return cuts_accum(fcinfo, bins, have_triple, triple);
}

/* rfm_cuts_accum_5(state, days_since_last, frequency, monetary) */
Datum
rfm_cuts_accum_5(PG_FUNCTION_ARGS)
{
	float8		triple[RFM_DIMENSIONS];
	bool		have_triple = triple_from_args(fcinfo, 1, triple);

	return cuts_accum(fcinfo, RFM_DEFAULT_BINS, have_triple, triple);
}

/* rfm_cuts_accum_summary_5(state, summary) */
Datum
rfm_cuts_accum_summary_5(PG_FUNCTION_ARGS)
{
	float8		triple[RFM_DIMENSIONS];
	bool		have_triple = triple_from_summary(fcinfo, 1, SUMMARY_DESC_CACHE(fcinfo), triple);

	return cuts_accum(fcinfo, RFM_DEFAULT_BINS, have_triple, triple);
}

Datum
rfm_cuts_combine(PG_FUNCTION_ARGS)
{
	RfmCutsState *left;
	RfmCutsState *right;
	Datum		either;

	if (portfolio_combine_with_null(fcinfo, &either))
		return either;

	left = DatumGetRfmCutsState(PG_GETARG_DATUM(0));
	right = DatumGetRfmCutsState(PG_GETARG_DATUM(1));
	check_same_bins(left, right->bins);
	left = state_with_room(left, right->count, AggCheckCallContext(fcinfo, NULL));
	memcpy(&left->values[left->count * RFM_DIMENSIONS], right->values,
		   sizeof(float8) * RFM_DIMENSIONS * right->count);
	left->count += right->count;
	PG_RETURN_POINTER(left);
}

Datum
rfm_cuts_final(PG_FUNCTION_ARGS)
{
	RfmCutsState *state;
	RfmCuts    *cuts;
	float8	   *column;

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	state = DatumGetRfmCutsState(PG_GETARG_DATUM(0));
	if (state->count == 0)
		PG_RETURN_NULL();

	cuts = palloc0(sizeof(RfmCuts));
	SET_VARSIZE(cuts, sizeof(RfmCuts));
	cuts->bins = state->bins;
	column = palloc(sizeof(float8) * state->count);
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		for (int64 i = 0; i < state->count; i++)
			column[i] = state->values[i * RFM_DIMENSIONS + d];
		rfm_cuts_from_values(column, state->count, state->bins, cuts->cuts[d]);
	}
	pfree(column);
	PG_RETURN_POINTER(cuts);
}

/* ---------- rfm_score ---------- */

/* Per-call-site cache: the result row type and the segment table. */
typedef struct ScoreCache
{
	TupleDesc	tupdesc;
	TupleDesc	summary_desc;	/* of the argument, for rfm_score(cuts, s) */
	RfmSegmentTable *segments;
} ScoreCache;

static ScoreCache *
score_cache(FunctionCallInfo fcinfo)
{
	ScoreCache *cache = (ScoreCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		MemoryContext mcxt = fcinfo->flinfo->fn_mcxt;

		cache = MemoryContextAllocZero(mcxt, sizeof(ScoreCache));
		cache->tupdesc = portfolio_make_result_tupdesc(fcinfo, mcxt);
		cache->segments = rfm_segments_load(fcinfo->flinfo->fn_oid, mcxt);
		fcinfo->flinfo->fn_extra = cache;
	}
	return cache;
}

static Datum
score(FunctionCallInfo fcinfo, const RfmCuts *cuts, const float8 *triple)
{
	ScoreCache *cache = score_cache(fcinfo);
	int			scores[RFM_DIMENSIONS];
	char		cell[RFM_DIMENSIONS + 1];
	const char *segment;
	Datum		values[5];
	bool		nulls[5] = {false};

	scores[RFM_R] = rfm_score_descending(cuts->cuts[RFM_R], cuts->bins, triple[RFM_R]);
	scores[RFM_F] = rfm_score_ascending(cuts->cuts[RFM_F], cuts->bins, triple[RFM_F]);
	scores[RFM_M] = rfm_score_ascending(cuts->cuts[RFM_M], cuts->bins, triple[RFM_M]);
	for (int d = 0; d < RFM_DIMENSIONS; d++)
	{
		values[d] = Int32GetDatum(scores[d]);
		cell[d] = (char) ('0' + scores[d]);
	}
	cell[RFM_DIMENSIONS] = '\0';
	values[3] = CStringGetTextDatum(cell);
	segment = rfm_segments_lookup(cache->segments, cuts->bins, scores);
	nulls[4] = (segment == NULL);
	values[4] = segment ? CStringGetTextDatum(segment) : (Datum) 0;
	return HeapTupleGetDatum(heap_form_tuple(cache->tupdesc, values, nulls));
}

/* rfm_score(cuts, days_since_last, frequency, monetary), strict */
Datum
rfm_score(PG_FUNCTION_ARGS)
{
	RfmCuts    *cuts = DatumGetRfmCuts(PG_GETARG_DATUM(0));
	float8		triple[RFM_DIMENSIONS];

	triple_from_args(fcinfo, 1, triple);
	PG_RETURN_DATUM(score(fcinfo, cuts, triple));
}

/* rfm_score(cuts, summary), strict; NULL when a summary field is NULL */
Datum
rfm_score_summary(PG_FUNCTION_ARGS)
{
	RfmCuts    *cuts = DatumGetRfmCuts(PG_GETARG_DATUM(0));
	float8		triple[RFM_DIMENSIONS];

	if (!triple_from_summary(fcinfo, 1, &score_cache(fcinfo)->summary_desc, triple))
		PG_RETURN_NULL();
	PG_RETURN_DATUM(score(fcinfo, cuts, triple));
}
