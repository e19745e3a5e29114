/*
 * bgbb.c
 *		The BG/BB model in SQL (Fader, Hardie & Shang 2010): the constructor
 *		portfolio.bgbb(alpha, beta, gamma, delta), its fitting aggregate
 *		bgbb_fit, P(alive), expected transactions, the pmf, DERT, customer
 *		lifetime value and the simulator.
 *
 * The numbers come from bgbb_core.c; here the arguments are checked (22023
 * for a value the model cannot take, naming the argument) and a result that
 * overflows a float8 becomes an error (22003) instead of Infinity.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"

#include "bgbb_core.h"
#include "fit_histogram.h"
#include "memo_core.h"
#include "models.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(bgbb_new);
PG_FUNCTION_INFO_V1(bgbb_fit_accum);
PG_FUNCTION_INFO_V1(bgbb_fit_accum_weighted);
PG_FUNCTION_INFO_V1(bgbb_fit_final);
PG_FUNCTION_INFO_V1(bgbb_p_alive_sql);
PG_FUNCTION_INFO_V1(bgbb_expected_new_sql);
PG_FUNCTION_INFO_V1(bgbb_expected_sql);
PG_FUNCTION_INFO_V1(bgbb_pmf_sql);
PG_FUNCTION_INFO_V1(bgbb_dert_sql);
PG_FUNCTION_INFO_V1(bgbb_clv_sql);
PG_FUNCTION_INFO_V1(bgbb_simulate);

/* The fields of the portfolio.bgbb row type, in order. */
typedef enum BgbbColumn
{
	BGBB_ALPHA, BGBB_BETA, BGBB_GAMMA, BGBB_DELTA, BGBB_LOGLIK, BGBB_CUSTOMERS,
	BGBB_CONVERGED, BGBB_VCOV,
	BGBB_COLUMNS
} BgbbColumn;

#define HISTORY_HINT "frequency is the transactions in n opportunities after the first, recency the opportunity of the last of them (0 without any)."

static void
bgbb_params_arg(FunctionCallInfo fcinfo, int argno, BgbbParams *m)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(argno);

	m->alpha = model_parameter(row, BGBB_ALPHA + 1, "bgbb", "alpha");
	m->beta = model_parameter(row, BGBB_BETA + 1, "bgbb", "beta");
	m->gamma = model_parameter(row, BGBB_GAMMA + 1, "bgbb", "gamma");
	m->delta = model_parameter(row, BGBB_DELTA + 1, "bgbb", "delta");
}

/*
 * What the prediction functions keep in fn_extra for the rows of one query:
 * the model argument's bytes and its checked parameters, unpacked once per
 * distinct model rather than per row, and two memos (memo_core.h) of the
 * factors of a prediction, valid for that model: ln P(alive at n) by the
 * history (x, t_x, n), which sums the likelihood's terms, and what a
 * customer alive at n expects by (x, n, t or the discount rate).  A customer
 * base shares a few thousand histories.  As in sbg.c, the memos (2 MB each
 * to clear) are emptied only once a new model has come in two rows
 * running.
 */
typedef struct BgbbCall
{
	PortfolioArgCopy model_bytes;
	BgbbParams	model;
	PortfolioArgCopy spend_bytes;
	GammaGammaParams spend;
	int64		model_rows;		/* rows with this model so far */
	bool		memo_stale;		/* the memos hold another model's values */
	Memo	   *alive;			/* NULL until a row needs it */
	Memo	   *if_alive;
} BgbbCall;

static BgbbCall *
bgbb_call(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
		fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
														  sizeof(BgbbCall));
	return (BgbbCall *) fcinfo->flinfo->fn_extra;
}

/* The model in argument 0, checked once per distinct value. */
static const BgbbParams *
call_model(FunctionCallInfo fcinfo)
{
	BgbbCall   *call = bgbb_call(fcinfo);

	if (!portfolio_arg_matches(&call->model_bytes, fcinfo, 0))
	{
		bgbb_params_arg(fcinfo, 0, &call->model);
		portfolio_arg_remember(&call->model_bytes, fcinfo, 0);
		call->model_rows = 0;
		call->memo_stale = true;
	}
	call->model_rows++;
	return &call->model;
}

/* A factor of a prediction: computed by compute(m, key), or taken from memo (created on use). */
typedef double (*Factor) (const BgbbParams *m, const double key[3]);

static double
memoised(FunctionCallInfo fcinfo, Memo **memo, const double key[3], Factor compute)
{
	BgbbCall   *call = bgbb_call(fcinfo);
	double		value;

	if (call->model_rows < 2)
		return compute(&call->model, key);
	if (call->memo_stale)
	{
		if (call->alive != NULL)
			memo_clear(call->alive);
		if (call->if_alive != NULL)
			memo_clear(call->if_alive);
		call->memo_stale = false;
	}
	if (*memo == NULL)
	{
		*memo = MemoryContextAlloc(fcinfo->flinfo->fn_mcxt, sizeof(Memo));
		memo_clear(*memo);
	}
	if (!memo_get(*memo, key, &value))
	{
		value = compute(&call->model, key);
		memo_put(*memo, key, value);
	}
	return value;
}

/* key = (x, t_x, n) */
static double
log_p_alive_factor(const BgbbParams *m, const double key[3])
{
	return bgbb_log_p_alive_at(m, key[0], key[1], key[2]);
}

/* key = (x, n, t) */
static double
expected_factor(const BgbbParams *m, const double key[3])
{
	return bgbb_expected_if_alive(m, key[2], key[0], key[1], portfolio_poll_interrupts);
}

/* key = (x, n, discount rate) */
static double
dert_factor(const BgbbParams *m, const double key[3])
{
	return bgbb_dert_if_alive(m, key[0], key[1], key[2], portfolio_poll_interrupts);
}

/* ln P(alive at n) of the history v of this row, memoised. */
static double
row_log_p_alive(FunctionCallInfo fcinfo, const double v[3])
{
	return memoised(fcinfo, &bgbb_call(fcinfo)->alive, v, log_p_alive_factor);
}

/* (frequency, recency, n) from arguments first..first + 2, checked (22023). */
static void
history_args(FunctionCallInfo fcinfo, int first, double v[3])
{
	const char *problem;

	for (int k = 0; k < 3; k++)
		v[k] = PG_GETARG_FLOAT8(first + k);
	problem = bgbb_history_problem(v[0], v[1], v[2]);
	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", problem),
				 errdetail("The history given was frequency %g, recency %g, n %g.", v[0], v[1], v[2]),
				 errhint(HISTORY_HINT)));
}

/* A number of opportunities in argument argno: whole, 0 .. BGBB_MAX_OPPORTUNITIES (22023). */
static float8
opportunities_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	float8		t = PG_GETARG_FLOAT8(argno);

	if (!(t >= 0 && t <= BGBB_MAX_OPPORTUNITIES) || t != floor(t))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a whole number of opportunities from 0 to %.0f", name,
						BGBB_MAX_OPPORTUNITIES),
				 errdetail("The value given was %g.", t)));
	return t;
}

/* portfolio.bgbb(alpha, beta, gamma, delta): a model with known parameters. */
Datum
bgbb_new(PG_FUNCTION_ARGS)
{
	static const char *const names[4] = {"alpha", "beta", "gamma", "delta"};
	Datum		values[BGBB_COLUMNS] = {0};
	bool		nulls[BGBB_COLUMNS];

	for (int i = 0; i < BGBB_COLUMNS; i++)
		nulls[i] = i > BGBB_DELTA;
	for (int i = 0; i <= BGBB_DELTA; i++)
	{
		check_model_parameter(PG_GETARG_FLOAT8(i), "bgbb", names[i]);
		values[i] = PG_GETARG_DATUM(i);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  values, nulls)));
}

/* (frequency, recency, n) from arguments 1..3 for the fit; false if any is NULL. */
static bool
fit_history_args(FunctionCallInfo fcinfo, double v[3])
{
	for (int k = 1; k <= 3; k++)
		if (PG_ARGISNULL(k))
			return false;
	history_args(fcinfo, 1, v);
	return true;
}

/* bgbb_fit_accum(state, frequency, recency, n) */
Datum
bgbb_fit_accum(PG_FUNCTION_ARGS)
{
	double		v[3];
	bool		have_row = fit_history_args(fcinfo, v);

	return fit_accum_customers(fcinfo, FIT_BGBB, FIT_NO_UNIT, 0.0, have_row, v, 1);
}

/* bgbb_fit_accum_weighted(state, frequency, recency, n, weight): weight 0 adds nothing. */
Datum
bgbb_fit_accum_weighted(PG_FUNCTION_ARGS)
{
	double		v[3];
	bool		have_row = fit_history_args(fcinfo, v) && !PG_ARGISNULL(4);
	int64		customers = have_row ? customers_weight_arg(fcinfo, 4, "weight") : 0;

	return fit_accum_customers(fcinfo, FIT_BGBB, FIT_NO_UNIT, 0.0, have_row && customers > 0,
							   v, customers);
}

Datum
bgbb_fit_final(PG_FUNCTION_ARGS)
{
	StaticAssertStmt(BGBB_VCOV == 4 + 3, "bgbb's row is its parameters, then the fit's columns");
	return fit_final(fcinfo, FIT_BGBB);
}

/* bgbb_p_alive(m, frequency, recency, n): P(alive at opportunity n + 1). */
Datum
bgbb_p_alive_sql(PG_FUNCTION_ARGS)
{
	const BgbbParams *m = call_model(fcinfo);
	double		v[3];

	history_args(fcinfo, 1, v);
	/* as bgbb_p_alive: alive at n, then the death chance before n + 1 */
	PG_RETURN_FLOAT8(exp(row_log_p_alive(fcinfo, v)) * bgbb_survives_next(m, v[2]));
}

/* bgbb_expected(m, t): E[X(t)] of a new customer. */
Datum
bgbb_expected_new_sql(PG_FUNCTION_ARGS)
{
	const BgbbParams *m = call_model(fcinfo);
	float8		t = opportunities_arg(fcinfo, 1, "t");

	PG_RETURN_FLOAT8(bgbb_expected_new(m, t, portfolio_poll_interrupts));
}

/* bgbb_expected(m, t, frequency, recency, n): E[X(n, n + t) | history]. */
Datum
bgbb_expected_sql(PG_FUNCTION_ARGS)
{
	float8		t;
	double		v[3];

	call_model(fcinfo);
	t = opportunities_arg(fcinfo, 1, "t");
	history_args(fcinfo, 2, v);
	PG_RETURN_FLOAT8(exp(row_log_p_alive(fcinfo, v)) *
					 memoised(fcinfo, &bgbb_call(fcinfo)->if_alive, (double[3]) {v[0], v[2], t},
							  expected_factor));
}

/* bgbb_pmf(m, x, n): P(X(n) = x); 0 for x > n. */
Datum
bgbb_pmf_sql(PG_FUNCTION_ARGS)
{
	const BgbbParams *m = call_model(fcinfo);
	int32		x = PG_GETARG_INT32(1);
	float8		n;

	if (x < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("x must not be negative"),
				 errdetail("The value given was %d.", x),
				 errhint("x is a number of transactions.")));
	n = opportunities_arg(fcinfo, 2, "n");
	PG_RETURN_FLOAT8(bgbb_pmf(m, x, n, portfolio_poll_interrupts));
}

/* A discount rate per opportunity: finite and >= BGBB_MIN_DISCOUNT_RATE (22023). */
static float8
discount_rate_arg(FunctionCallInfo fcinfo, int argno)
{
	float8		d = PG_GETARG_FLOAT8(argno);

	if (!(d >= BGBB_MIN_DISCOUNT_RATE) || isinf(d))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount_rate must be a finite number of at least %g", BGBB_MIN_DISCOUNT_RATE),
				 errdetail("The value given was %g.", d),
				 errhint("Pass the discount rate per opportunity as a fraction: 0.1 for 10%%.")));
	return d;
}

/* bgbb_dert(m, frequency, recency, n, discount_rate) */
Datum
bgbb_dert_sql(PG_FUNCTION_ARGS)
{
	double		v[3];
	float8		d;

	call_model(fcinfo);
	history_args(fcinfo, 1, v);
	d = discount_rate_arg(fcinfo, 4);
	PG_RETURN_FLOAT8(exp(row_log_p_alive(fcinfo, v)) *
					 memoised(fcinfo, &bgbb_call(fcinfo)->if_alive, (double[3]) {v[0], v[2], d},
							  dert_factor));
}

/* The Gamma-Gamma model in argument argno, checked once per distinct value. */
static const GammaGammaParams *
call_spend_model(FunctionCallInfo fcinfo, int argno)
{
	BgbbCall   *call = bgbb_call(fcinfo);

	if (!portfolio_arg_matches(&call->spend_bytes, fcinfo, argno))
	{
		gg_params_arg(fcinfo, argno, &call->spend);
		portfolio_arg_remember(&call->spend_bytes, fcinfo, argno);
	}
	return &call->spend;
}

/*
 * clv(bg, gg, frequency, recency, n, monetary, periods, period_length,
 * discount_rate): the expected spend times the discounted expected
 * transactions of periods periods of period_length opportunities each, as
 * purchase_discounted_purchases computes them for any purchase model.
 */
Datum
bgbb_clv_sql(PG_FUNCTION_ARGS)
{
	const BgbbParams *m = call_model(fcinfo);
	const GammaGammaParams *gg = call_spend_model(fcinfo, 1);
	PurchaseModel pm = bgbb_purchase_model(m);
	double		v[3];
	float8		monetary = PG_GETARG_FLOAT8(5);
	int32		periods = PG_GETARG_INT32(6);
	float8		period_length = PG_GETARG_FLOAT8(7);
	float8		discount_rate = PG_GETARG_FLOAT8(8);
	float8		purchases;

	history_args(fcinfo, 2, v);
	check_gg_customer(v[0], monetary);
	if (periods < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("periods must not be negative"),
				 errdetail("The value given was %d.", periods)));
	if (!(period_length >= 1 && period_length <= BGBB_MAX_OPPORTUNITIES) ||
		period_length != floor(period_length) || periods * period_length > BGBB_MAX_OPPORTUNITIES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period_length must be a whole number of opportunities, at least 1, with periods * period_length at most %.0f",
						BGBB_MAX_OPPORTUNITIES),
				 errdetail("periods is %d and period_length %g.", periods, period_length),
				 errhint("period_length is how many transaction opportunities one discounting period holds, e.g. 1 for yearly opportunities and yearly discounting.")));
	portfolio_check_finite(discount_rate, "discount_rate");
	if (discount_rate <= -1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount_rate must be greater than -1"),
				 errdetail("The value given was %g.", discount_rate),
				 errhint("discount_rate is the rate per period, e.g. 0.1 for 10%% a period.")));
	purchases = purchase_discounted_purchases(&pm, v[0], v[1], v[2], periods, period_length,
											  discount_rate, portfolio_poll_interrupts);
	PG_RETURN_FLOAT8(check_prediction(gg_expected_spend_checked(gg, v[0], monetary) *
									  check_prediction(purchases, "the expected number of transactions"),
									  "the customer lifetime value"));
}

typedef struct BgbbSimulation
{
	BgbbParams	model;
	Rng			rng;
	int32		customers;
	int32		opportunities;
	int32		current;		/* customers drawn so far */
} BgbbSimulation;

static BgbbSimulation *
bgbb_simulation_start(FunctionCallInfo fcinfo)
{
	BgbbSimulation *sim = palloc0(sizeof(BgbbSimulation));

	bgbb_params_arg(fcinfo, 0, &sim->model);
	sim->customers = PG_GETARG_INT32(1);
	if (sim->customers < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("customers must not be negative"),
				 errdetail("The value given was %d.", sim->customers),
				 errhint("Pass how many customers to draw.")));
	sim->opportunities = PG_GETARG_INT32(2);
	if (sim->opportunities < 0 || sim->opportunities > BGBB_MAX_OPPORTUNITIES)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n must be a whole number of opportunities from 0 to %.0f", BGBB_MAX_OPPORTUNITIES),
				 errdetail("The value given was %d.", sim->opportunities)));
	rng_seed(&sim->rng, (uint64) PG_GETARG_INT64(3));
	return sim;
}

/* bgbb_simulate(m, customers, n, seed): one (customer, frequency, recency, n) row each. */
Datum
bgbb_simulate(PG_FUNCTION_ARGS)
{
	FuncCallContext *funcctx;
	BgbbSimulation *sim;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		funcctx->user_fctx = bgbb_simulation_start(fcinfo);
		funcctx->tuple_desc = portfolio_make_result_tupdesc(fcinfo, funcctx->multi_call_memory_ctx);
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	sim = (BgbbSimulation *) funcctx->user_fctx;
	CHECK_FOR_INTERRUPTS();
	if (sim->current < sim->customers)
	{
		int32		x,
					tx;
		Datum		values[4];
		bool		nulls[4] = {false, false, false, false};

		bgbb_simulate_customer(&sim->rng, &sim->model, sim->opportunities, &x, &tx);
		values[0] = Int32GetDatum(++sim->current);
		values[1] = Int32GetDatum(x);
		values[2] = Int32GetDatum(tx);
		values[3] = Int32GetDatum(sim->opportunities);
		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc,
																	values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}
