/*
 * sbg.c
 *		The shifted-beta-geometric model in SQL: the constructor
 *		portfolio.sbg(alpha, beta), its fitting aggregate sbg_fit, survival,
 *		retention, DERL and residual value, and the simulator.
 *
 * The numbers come from sbg_core.c; here the arguments are checked (22023
 * for a value the model cannot take, naming the argument) and a result that
 * overflows a float8 becomes an error (22003) instead of Infinity.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"

#include "fit_histogram.h"
#include "memo_core.h"
#include "models.h"
#include "portfolio.h"
#include "sbg_core.h"

PG_FUNCTION_INFO_V1(sbg_new);
PG_FUNCTION_INFO_V1(sbg_survival_sql);
PG_FUNCTION_INFO_V1(sbg_retention_sql);
PG_FUNCTION_INFO_V1(sbg_derl_sql);
PG_FUNCTION_INFO_V1(sbg_residual_value_sql);
PG_FUNCTION_INFO_V1(sbg_fit_accum);
PG_FUNCTION_INFO_V1(sbg_fit_accum_weighted);
PG_FUNCTION_INFO_V1(sbg_fit_final);
PG_FUNCTION_INFO_V1(sbg_simulate);

/* The fields of the portfolio.sbg row type, in order. */
typedef enum SbgColumn
{
	SBG_ALPHA, SBG_BETA, SBG_LOGLIK, SBG_CUSTOMERS, SBG_CONVERGED, SBG_VCOV,
	SBG_COLUMNS
} SbgColumn;

static void
sbg_params_arg(FunctionCallInfo fcinfo, int argno, SbgParams *m)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(argno);

	m->alpha = model_parameter(row, SBG_ALPHA + 1, "sbg", "alpha");
	m->beta = model_parameter(row, SBG_BETA + 1, "sbg", "beta");
}

/*
 * What the prediction functions keep in fn_extra for the rows of one query:
 * the model argument's bytes and its checked parameters (unpacked once, not
 * per row) and, for DERL, a memo of its values by (renewals, discount
 * rate), which customers share (memo_core.h), valid for that model.  The
 * memo is emptied (2 MB to clear) only once a new model has come in two
 * rows running, so rows that alternate between models compute each value
 * instead of clearing the memo every row.
 */
typedef struct SbgCall
{
	PortfolioArgCopy model_bytes;
	SbgParams	model;
	int64		model_rows;		/* rows with this model so far */
	bool		memo_stale;		/* the memo holds another model's values */
	Memo	   *memo;			/* NULL until a DERL needs it */
} SbgCall;

static SbgCall *
sbg_call(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(SbgCall));
	return (SbgCall *) fcinfo->flinfo->fn_extra;
}

/* The model in argument 0, checked once per distinct value; once per row. */
static const SbgParams *
call_model(FunctionCallInfo fcinfo)
{
	SbgCall    *call = sbg_call(fcinfo);

	if (!portfolio_arg_matches(&call->model_bytes, fcinfo, 0))
	{
		sbg_params_arg(fcinfo, 0, &call->model);
		portfolio_arg_remember(&call->model_bytes, fcinfo, 0);
		call->model_rows = 0;
		call->memo_stale = true;
	}
	call->model_rows++;
	return &call->model;
}

/* DERL of m, call_model's model of this row, memoised by (renewals, discount rate). */
static double
memoised_derl(FunctionCallInfo fcinfo, const SbgParams *m, int32 renewals,
			  float8 discount_rate)
{
	SbgCall    *call = sbg_call(fcinfo);
	double		key[3] = {renewals, discount_rate, 0.0};
	double		value;

	if (call->model_rows < 2)
		return sbg_derl(m, renewals, discount_rate, portfolio_poll_interrupts);
	if (call->memo == NULL)
		call->memo = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(Memo));
	if (call->memo_stale)
	{
		memo_clear(call->memo);
		call->memo_stale = false;
	}
	if (!memo_get(call->memo, key, &value))
	{
		value = sbg_derl(m, renewals, discount_rate, portfolio_poll_interrupts);
		memo_put(call->memo, key, value);
	}
	return value;
}

/* An int argument that must be at least least (22023). */
static int32
periods_arg(FunctionCallInfo fcinfo, int argno, const char *name, int32 least,
			const char *meaning)
{
	int32		value = PG_GETARG_INT32(argno);

	if (value < least)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be at least %d", name, least),
				 errdetail("The value given was %d.", value),
				 errhint("%s", meaning)));
	return value;
}

/* portfolio.sbg(alpha, beta): a model with known parameters. */
Datum
sbg_new(PG_FUNCTION_ARGS)
{
	Datum		values[SBG_COLUMNS] = {0};
	bool		nulls[SBG_COLUMNS];

	for (int i = 0; i < SBG_COLUMNS; i++)
		nulls[i] = i > SBG_BETA;
	check_model_parameter(PG_GETARG_FLOAT8(0), "sbg", "alpha");
	check_model_parameter(PG_GETARG_FLOAT8(1), "sbg", "beta");
	values[SBG_ALPHA] = PG_GETARG_DATUM(0);
	values[SBG_BETA] = PG_GETARG_DATUM(1);
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  values, nulls)));
}

/* sbg_survival(m, t): S(t), the share still active after t renewals. */
Datum
sbg_survival_sql(PG_FUNCTION_ARGS)
{
	const SbgParams *m = call_model(fcinfo);
	int32		t = periods_arg(fcinfo, 1, "t", 0, "t counts renewals: S(0) = 1.");

	PG_RETURN_FLOAT8(sbg_survival(m, t));
}

/* sbg_retention(m, t): r(t) = S(t) / S(t - 1). */
Datum
sbg_retention_sql(PG_FUNCTION_ARGS)
{
	const SbgParams *m = call_model(fcinfo);
	int32		t = periods_arg(fcinfo, 1, "t", 1,
								"r(t) is the share of the customers active after t - 1 renewals who make renewal t.");

	PG_RETURN_FLOAT8(sbg_retention(m, t));
}

static float8
discount_rate_arg(FunctionCallInfo fcinfo, int argno)
{
	float8		d = PG_GETARG_FLOAT8(argno);

	if (!(d >= SBG_MIN_DISCOUNT_RATE) || isinf(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount_rate must be a finite number of at least %g", SBG_MIN_DISCOUNT_RATE),
				 errdetail("The value given was %g.", d),
				 errhint("Pass the discount rate per period as a fraction: 0.1 for 10%%.")));
	return d;
}

static float8
derl_args(FunctionCallInfo fcinfo, int discount_argno)
{
	const SbgParams *m = call_model(fcinfo);
	int32		renewals = periods_arg(fcinfo, 1, "renewals", 0,
									   "Pass the number of renewals the customer has made so far.");
	float8		d = discount_rate_arg(fcinfo, discount_argno);

	return memoised_derl(fcinfo, m, renewals, d);
}

/* sbg_derl(m, renewals, discount_rate) */
Datum
sbg_derl_sql(PG_FUNCTION_ARGS)
{
	PG_RETURN_FLOAT8(derl_args(fcinfo, 2));
}

/* sbg_residual_value(m, renewals, value, discount_rate): value * DERL. */
Datum
sbg_residual_value_sql(PG_FUNCTION_ARGS)
{
	float8		value = PG_GETARG_FLOAT8(2);

	portfolio_check_finite(value, "value");
	PG_RETURN_FLOAT8(check_prediction(value * derl_args(fcinfo, 3), "the residual value"));
}

/* (t, churned) from arguments 1 and 2; false if either is NULL. */
static bool
sbg_history_args(FunctionCallInfo fcinfo, double v[3])
{
	const char *problem;

	if (PG_ARGISNULL(1) || PG_ARGISNULL(2))
		return false;
	v[0] = PG_GETARG_INT32(1);
	v[1] = PG_GETARG_BOOL(2) ? 1.0 : 0.0;
	v[2] = 0.0;
	problem = sbg_history_problem(v[0], v[1]);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", problem),
				 errdetail("The row given was t %d, churned %s.", PG_GETARG_INT32(1),
						   PG_GETARG_BOOL(2) ? "true" : "false"),
				 errhint("t is the period in which a customer churned (1, 2, ...), or for a customer still active the renewals it has made (0, 1, ...).")));
	return true;
}

/* sbg_fit_accum(state, t, churned) */
Datum
sbg_fit_accum(PG_FUNCTION_ARGS)
{
	double		v[3];
	bool		have_row = sbg_history_args(fcinfo, v);

	return fit_accum_customers(fcinfo, FIT_SBG, FIT_NO_UNIT, 0.0, have_row, v, 1);
}

/* sbg_fit_accum_weighted(state, t, churned, customers): 0 customers add nothing. */
Datum
sbg_fit_accum_weighted(PG_FUNCTION_ARGS)
{
	double		v[3];
	bool		have_row = sbg_history_args(fcinfo, v) && !PG_ARGISNULL(3);
	int64		customers = have_row ? customers_weight_arg(fcinfo, 3, "customers") : 0;

	return fit_accum_customers(fcinfo, FIT_SBG, FIT_NO_UNIT, 0.0, have_row && customers > 0,
							   v, customers);
}

Datum
sbg_fit_final(PG_FUNCTION_ARGS)
{
	StaticAssertStmt(SBG_VCOV == 2 + 3, "sbg's row is its parameters, then the fit's columns");
	return fit_final(fcinfo, FIT_SBG);
}

typedef struct SbgSimulation
{
	SbgParams	model;
	Rng			rng;
	int32		customers;
	int32		periods;
	int32		current;		/* customers drawn so far */
} SbgSimulation;

static SbgSimulation *
sbg_simulation_start(FunctionCallInfo fcinfo)
{
	SbgSimulation *sim = palloc0(sizeof(SbgSimulation));

	sbg_params_arg(fcinfo, 0, &sim->model);
	sim->customers = periods_arg(fcinfo, 1, "customers", 0, "Pass how many customers to draw.");
	sim->periods = periods_arg(fcinfo, 2, "periods", 0,
							   "Pass the renewal opportunities each customer is observed for.");
	rng_seed(&sim->rng, (uint64) PG_GETARG_INT64(3));
	return sim;
}

/* sbg_simulate(m, customers, periods, seed): one (customer, t, churned) row each. */
Datum
sbg_simulate(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	SbgSimulation *sim;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		funcctx->user_fctx = sbg_simulation_start(fcinfo);
		funcctx->tuple_desc = portfolio_make_result_tupdesc(fcinfo, funcctx->multi_call_memory_ctx);
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	sim = (SbgSimulation *) funcctx->user_fctx;
	CHECK_FOR_INTERRUPTS();
	if (sim->current < sim->customers)
	{
		int32		t;
		bool		churned;
		Datum		values[3];
		bool		nulls[3] = {false, false, false};

		sbg_simulate_customer(&sim->rng, &sim->model, sim->periods, &t, &churned);
		values[0] = Int32GetDatum(++sim->current);
		values[1] = Int32GetDatum(t);
		values[2] = BoolGetDatum(churned);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc,
																	values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
