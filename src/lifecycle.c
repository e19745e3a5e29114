/*
 * lifecycle.c
 *		portfolio.lifecycle_stage and portfolio.alert_level: the summary
 *		fields and the arguments in, an enum label out.
 *
 * The rules and the checks are in lifecycle_core.c; here the summary is read
 * by field number (summary.h), a NULL field the rules need is an error
 * (22004), and the problems the core finds become ereports (22023).  The enum
 * label OIDs are looked up once per call site.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "utils/date.h"
#include "utils/lsyscache.h"

#include "lifecycle_core.h"
#include "portfolio.h"
#include "summary.h"

PG_FUNCTION_INFO_V1(lifecycle_stage);
PG_FUNCTION_INFO_V1(alert_level);

#define SUMMARY_HINT "Pass a summary built by portfolio.summarize, or correct the field."
#define WHY_CADENCE "The cadence and the overdue ratio are computed from it."
#define WHY_REACTIVATED "With a mean gap and frequency >= 1, it tells whether the customer had lapsed before its last purchase."

/* Per-call-site cache: the summary's row descriptor and the result labels. */
typedef struct LifecycleCache
{
	TupleDesc	summary_desc;
	Oid			labels[LIFECYCLE_STAGES];	/* as many as the larger enum */
} LifecycleCache;

/* One portfolio.summary argument, ready for heap_getattr. */
typedef struct SummaryRow
{
	HeapTupleData tuple;
	TupleDesc	desc;
} SummaryRow;

/* ---------- reporting the core's problems ---------- */

/* A float8 as the user would type it. */
static char *
format_value(double value)
{
	if (isnan(value))
		return pstrdup("NaN");
	if (isinf(value))
		return pstrdup(value > 0 ? "Infinity" : "-Infinity");
	return psprintf("%.15g", value);
}

static void
report_argument_problem(const LifecycleProblem *p)
{
	bool		is_p_alive = strcmp(p->name, "p_alive") == 0;
	const char *hint = is_p_alive
		? "P(alive) is a probability from 0 to 1; pass NULL when there is no model."
		: "Pass another value, or omit the argument to use its default.";

	switch (p->kind)
	{
		case LIFECYCLE_NOT_FINITE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be a finite number", p->name),
					 errdetail("The value given was %s.", format_value(p->value)),
					 errhint("%s", hint)));
			break;
		case LIFECYCLE_NOT_POSITIVE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be greater than zero", p->name),
					 errdetail("The value given was %s.", format_value(p->value)),
					 errhint("%s", hint)));
			break;
		case LIFECYCLE_NOT_PROBABILITY:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must be between 0 and 1", p->name),
					 errdetail("The value given was %s.", format_value(p->value)),
					 errhint("%s", hint)));
			break;
		case LIFECYCLE_OUT_OF_ORDER:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not be greater than %s", p->name, p->other),
					 errdetail("%s is %s and %s is %s.", p->name, format_value(p->value),
							   p->other, format_value(p->other_value)),
					 errhint("Lower %s or raise %s.", p->name, p->other)));
			break;
		default:
			elog(ERROR, "unexpected lifecycle argument problem %d", (int) p->kind);
	}
}

static void
report_field_problem(const LifecycleProblem *p)
{
	switch (p->kind)
	{
		case LIFECYCLE_NEGATIVE_FIELD:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("summary field %s must not be negative", p->name),
					 errdetail("The value given was %.0f.", p->value),
					 errhint(SUMMARY_HINT)));
			break;
		case LIFECYCLE_MEAN_GAP_BELOW_ONE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("summary field mean_gap must be a finite number of at least 1"),
					 errdetail("The value given was %s; gaps between purchase dates are whole days, at least one.",
							   format_value(p->value)),
					 errhint(SUMMARY_HINT)));
			break;
		case LIFECYCLE_DATES_REVERSED:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("summary field last_date must not be before first_date"),
					 errdetail("last_date is %.0f days before first_date.", -p->value),
					 errhint(SUMMARY_HINT)));
			break;
		case LIFECYCLE_GAP_COUNT_NOT_WHOLE:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("summary field mean_gap does not divide last_date - first_date into whole gaps"),
					 errdetail("last_date - first_date is %.0f days and mean_gap is %s: %s gaps.",
							   p->other_value, format_value(p->value),
							   format_value(p->other_value / p->value)),
					 errhint(SUMMARY_HINT)));
			break;
		case LIFECYCLE_LAST_GAP_MISFIT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("summary field last_gap does not fit the other gaps"),
					 p->gap_count == 1
					 ? errdetail("With one gap, last_gap must be last_date - first_date, %.0f days; it is %.0f.",
								 p->other_value, p->value)
					 : errdetail("With %lld gaps of at least one day over %.0f days, last_gap must be from 1 to %.0f; it is %.0f.",
								 (long long) p->gap_count, p->other_value,
								 p->other_value - (double) (p->gap_count - 1), p->value),
					 errhint(SUMMARY_HINT)));
			break;
		default:
			report_argument_problem(p);
	}
}

/* ---------- the call-site cache ---------- */

/* The cache, filled with the OIDs of labels of the function's result type. */
static LifecycleCache *
lifecycle_cache(FunctionCallInfo fcinfo, const char *const *labels, int nlabels)
{
	LifecycleCache *cache = (LifecycleCache *) fcinfo->flinfo->fn_extra;

	if (cache == NULL)
	{
		Oid			enumtype = get_func_rettype(fcinfo->flinfo->fn_oid);

		cache = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt, sizeof(LifecycleCache));
		portfolio_enum_label_oids(enumtype, labels, nlabels, cache->labels);
		fcinfo->flinfo->fn_extra = cache;
	}
	return cache;
}

/* ---------- reading the summary ---------- */

static void
summary_row(FunctionCallInfo fcinfo, int argno, LifecycleCache *cache, SummaryRow *row)
{
	HeapTupleHeader summary = PG_GETARG_HEAPTUPLEHEADER(argno);

	if (cache->summary_desc == NULL)
		cache->summary_desc = portfolio_row_desc(summary, fcinfo->flinfo->fn_mcxt);
	row->tuple.t_len = HeapTupleHeaderGetDatumLength(summary);
	row->tuple.t_data = summary;
	row->desc = cache->summary_desc;
}

static Datum
summary_field(const SummaryRow *row, SummaryColumn col, bool *isnull)
{
	return heap_getattr((HeapTuple) &row->tuple, SUMMARY_ATTNO(col), row->desc, isnull);
}

/* A field the rules need: NULL is an error (22004) saying why. */
static Datum
required_field(const SummaryRow *row, SummaryColumn col, const char *why)
{
	bool		isnull;
	Datum		value = summary_field(row, col, &isnull);

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("summary field %s must not be null",
						NameStr(TupleDescAttr(row->desc, SUMMARY_ATTNO(col) - 1)->attname)),
				 errdetail("%s", why),
				 errhint(SUMMARY_HINT)));
	return value;
}

/* days_since_last, frequency and mean_gap, checked. */
static void
read_history(const SummaryRow *row, CustomerHistory *h)
{
	bool		isnull;
	Datum		mean_gap;
	LifecycleProblem problem;

	h->days_since_last = DatumGetInt32(required_field(row, COL_DAYS_SINCE_LAST, WHY_CADENCE));
	h->frequency = DatumGetInt32(required_field(row, COL_FREQUENCY, WHY_CADENCE));
	mean_gap = summary_field(row, COL_MEAN_GAP, &isnull);
	h->has_gaps = !isnull;
	h->mean_gap = isnull ? 0.0 : DatumGetFloat8(mean_gap);
	h->span = 0;
	h->last_gap = 0;
	if (!lifecycle_check_history(h, &problem))
		report_field_problem(&problem);
}

/* first_date, last_date and last_gap, checked against mean_gap. */
static void
read_gap_history(const SummaryRow *row, CustomerHistory *h)
{
	DateADT		first = DatumGetDateADT(required_field(row, COL_FIRST_DATE, WHY_REACTIVATED));
	DateADT		last = DatumGetDateADT(required_field(row, COL_LAST_DATE, WHY_REACTIVATED));
	LifecycleProblem problem;

	portfolio_check_finite_date(first, "summary field first_date");
	portfolio_check_finite_date(last, "summary field last_date");
	h->span = (int64) last - (int64) first;
	h->last_gap = DatumGetInt32(required_field(row, COL_LAST_GAP, WHY_REACTIVATED));
	if (!lifecycle_check_gap_history(h, &problem))
		report_field_problem(&problem);
}

/* ---------- the functions ---------- */

/*
 * lifecycle_stage(s, expected_gap, at_risk, lapsed, lost, min_cadence),
 * STRICT.
 */
Datum
lifecycle_stage(PG_FUNCTION_ARGS)
{
	LifecycleCache *cache = lifecycle_cache(fcinfo, lifecycle_stage_labels, LIFECYCLE_STAGES);
	LifecycleParams params;
	LifecycleProblem problem;
	SummaryRow	row;
	CustomerHistory history;

	params.cadence.expected_gap = PG_GETARG_FLOAT8(1);
	params.at_risk = PG_GETARG_FLOAT8(2);
	params.lapsed = PG_GETARG_FLOAT8(3);
	params.lost = PG_GETARG_FLOAT8(4);
	params.cadence.min_cadence = PG_GETARG_FLOAT8(5);
	if (!lifecycle_check_params(&params, &problem))
		report_argument_problem(&problem);

	summary_row(fcinfo, 0, cache, &row);
	read_history(&row, &history);
	if (lifecycle_needs_gap_history(&history))
		read_gap_history(&row, &history);
	PG_RETURN_OID(cache->labels[lifecycle_stage_of(&history, &params)]);
}

static const char *const alert_arg_names[] = {
	"s", "p_alive", "due", "at_risk", "p_alive_yellow", "p_alive_red",
	"expected_gap", "min_cadence"
};

#define ALERT_FIRST_THRESHOLD 2
#define ALERT_NARGS 8

/* A NULL would silently change the rule, so it is an error (22004). */
static void
check_threshold_not_null(FunctionCallInfo fcinfo, int argno)
{
	if (PG_ARGISNULL(argno))
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s must not be null", alert_arg_names[argno]),
				 errhint("Omit the argument to use its default; only p_alive may be NULL.")));
}

/*
 * alert_level(s, p_alive, due, at_risk, p_alive_yellow, p_alive_red,
 * expected_gap, min_cadence), not STRICT: a NULL p_alive means no model, a
 * NULL s gives NULL, a NULL threshold is an error.  The arguments are
 * checked before s, so a bad one is an error on every row.
 */
Datum
alert_level(PG_FUNCTION_ARGS)
{
	LifecycleCache *cache = lifecycle_cache(fcinfo, alert_level_labels, ALERT_LEVELS);
	AlertParams params;
	LifecycleProblem problem;
	bool		has_p_alive = !PG_ARGISNULL(1);
	double		p_alive = has_p_alive ? PG_GETARG_FLOAT8(1) : 0.0;
	SummaryRow	row;
	CustomerHistory history;

	for (int argno = ALERT_FIRST_THRESHOLD; argno < ALERT_NARGS; argno++)
		check_threshold_not_null(fcinfo, argno);
	params.due = PG_GETARG_FLOAT8(2);
	params.at_risk = PG_GETARG_FLOAT8(3);
	params.p_alive_yellow = PG_GETARG_FLOAT8(4);
	params.p_alive_red = PG_GETARG_FLOAT8(5);
	params.cadence.expected_gap = PG_GETARG_FLOAT8(6);
	params.cadence.min_cadence = PG_GETARG_FLOAT8(7);
	if (!alert_check_params(&params, &problem))
		report_argument_problem(&problem);
	if (has_p_alive && !alert_check_p_alive(p_alive, &problem))
		report_argument_problem(&problem);

	if (PG_ARGISNULL(0))
		PG_RETURN_NULL();
	summary_row(fcinfo, 0, cache, &row);
	read_history(&row, &history);
	PG_RETURN_OID(cache->labels[alert_level_of(&history, has_p_alive, p_alive, &params)]);
}
