/*
 * bgnbd.c
 *		The BG/NBD model in SQL: the constructor portfolio.bgnbd(r, alpha, a,
 *		b), P(alive), expected purchases, P(X(t) = n) and the discounted
 *		customer lifetime value portfolio.clv.
 *
 * The numbers come from bgnbd_core.c; here the arguments are checked
 * (22023 for a value the model cannot take) and a prediction that
 * overflows a float8 becomes an error (22003) instead of Infinity.
 *
 * MBG/NBD's predictions are BG/NBD's with one drop-out chance more
 * (mbgnbd_core.h): every function here serves both, first_drop telling
 * which, and mbgnbd.c holds MBG/NBD's entry points.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"

#include "mbgnbd_core.h"
#include "memo_core.h"
#include "numerics_core.h"
#include "models.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(bgnbd_new);
PG_FUNCTION_INFO_V1(bgnbd_p_alive_sql);
PG_FUNCTION_INFO_V1(bgnbd_expected_new_sql);
PG_FUNCTION_INFO_V1(bgnbd_expected_sql);
PG_FUNCTION_INFO_V1(bgnbd_pmf_sql);
PG_FUNCTION_INFO_V1(clv_sql);
PG_FUNCTION_INFO_V1(bgnbd_p_alive_future_sql);
PG_FUNCTION_INFO_V1(bgnbd_dert_sql);
PG_FUNCTION_INFO_V1(clv_by_period);

/* The model type of the function's family: "mbgnbd" with first_drop, else "bgnbd". */
static const char *
family_name(bool first_drop)
{
	return first_drop ? "mbgnbd" : "bgnbd";
}

/* portfolio.bgnbd(r, alpha, a, b) or portfolio.mbgnbd(...): a model with known parameters. */
Datum
family_new(FunctionCallInfo fcinfo, bool first_drop)
{
	static const char *const names[4] = {"r", "alpha", "a", "b"};
	Datum		values[BGNBD_COLUMNS] = {0};
	bool		nulls[BGNBD_COLUMNS];

	for (int i = 0; i < BGNBD_COLUMNS; i++)
		nulls[i] = i > BGNBD_B;
	for (int i = 0; i < 4; i++)
	{
		check_model_parameter(PG_GETARG_FLOAT8(i), family_name(first_drop), names[i]);
		values[i] = PG_GETARG_DATUM(i);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  values, nulls)));
}

Datum
bgnbd_new(PG_FUNCTION_ARGS)
{
	return family_new(fcinfo, false);
}

/* The parameters of the model argument argno of the family's type. */
static void
family_model_arg(FunctionCallInfo fcinfo, int argno, bool first_drop, MbgnbdModel *mm)
{
	BgnbdParams m;

	if (first_drop)
		mbgnbd_params_arg(fcinfo, argno, &m);
	else
		bgnbd_params_arg(fcinfo, argno, &m);
	mbgnbd_model_init(mm, &m, first_drop);
}

/*
 * What a prediction function keeps in fn_extra for the rows of one query:
 * the model argument's bytes and its checked parameters (unpacked once, not
 * per row), the Gamma-Gamma model of clv likewise, and a memo of the part
 * of the prediction that depends on (frequency, age) alone (memo_core.h),
 * valid for the settings it was filled with.
 */
typedef struct PredictionCall
{
	PortfolioArgCopy model_bytes;
	MbgnbdModel model;
	PortfolioArgCopy spend_bytes;
	GammaGammaParams spend;
	double		settings[3];
	Memo		memo;
} PredictionCall;

static PredictionCall *
prediction_call(FunctionCallInfo fcinfo)
{
	if (fcinfo->flinfo->fn_extra == NULL)
	{
		PredictionCall *call = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
													  sizeof(PredictionCall));

		memo_clear(&call->memo);
		fcinfo->flinfo->fn_extra = call;
	}
	return (PredictionCall *) fcinfo->flinfo->fn_extra;
}

/* The model in argument argno; a different model empties the memo. */
static const MbgnbdModel *
call_model(PredictionCall *call, FunctionCallInfo fcinfo, int argno, bool first_drop)
{
	if (!portfolio_arg_matches(&call->model_bytes, fcinfo, argno))
	{
		family_model_arg(fcinfo, argno, first_drop, &call->model);
		portfolio_arg_remember(&call->model_bytes, fcinfo, argno);
		memo_clear(&call->memo);
	}
	return &call->model;
}

/* The Gamma-Gamma model in argument argno (clv). */
static const GammaGammaParams *
call_spend_model(PredictionCall *call, FunctionCallInfo fcinfo, int argno)
{
	if (!portfolio_arg_matches(&call->spend_bytes, fcinfo, argno))
	{
		gg_params_arg(fcinfo, argno, &call->spend);
		portfolio_arg_remember(&call->spend_bytes, fcinfo, argno);
	}
	return &call->spend;
}

/* The settings the memo was filled with: other settings empty it. */
static void
call_settings(PredictionCall *call, double s0, double s1, double s2)
{
	if (call->settings[0] != s0 || call->settings[1] != s1 || call->settings[2] != s2)
	{
		call->settings[0] = s0;
		call->settings[1] = s1;
		call->settings[2] = s2;
		memo_clear(&call->memo);
	}
}

/* The history in arguments first..first+2, checked. */
static void
history_args(FunctionCallInfo fcinfo, int first, double h[3])
{
	for (int k = 0; k < 3; k++)
		h[k] = PG_GETARG_FLOAT8(first + k);
	check_bgnbd_history(h[0], h[1], h[2]);
}

/* The memoised value of fn at (x, T, setting), computed on a miss. */
static double
memoised(PredictionCall *call, double x, double T, double setting,
		 double (*fn) (const PredictionCall *, double, double, double))
{
	double		key[3] = {x, T, setting};
	double		value;

	if (!memo_get(&call->memo, key, &value))
	{
		value = fn(call, x, T, setting);
		memo_put(&call->memo, key, value);
	}
	return value;
}

/* bgnbd_p_alive(m, frequency, recency, age) */
Datum
family_p_alive(FunctionCallInfo fcinfo, bool first_drop)
{
	PredictionCall *call = prediction_call(fcinfo);
	const MbgnbdModel *mm = call_model(call, fcinfo, 0, first_drop);
	double		h[3];

	history_args(fcinfo, 1, h);
	PG_RETURN_FLOAT8(check_prediction(mbgnbd_p_alive(mm, h[0], h[1], h[2]), "P(alive)"));
}

Datum
bgnbd_p_alive_sql(PG_FUNCTION_ARGS)
{
	return family_p_alive(fcinfo, false);
}

/* bgnbd_expected(m, t): E[X(t)] for a new customer */
Datum
family_expected_new(FunctionCallInfo fcinfo, bool first_drop)
{
	MbgnbdModel mm;
	float8		t = PG_GETARG_FLOAT8(1);

	family_model_arg(fcinfo, 0, first_drop, &mm);
	check_model_time(t, "t");
	PG_RETURN_FLOAT8(check_prediction(mbgnbd_expected_new(&mm, t),
									  "the expected number of purchases"));
}

Datum
bgnbd_expected_new_sql(PG_FUNCTION_ARGS)
{
	return family_expected_new(fcinfo, false);
}

/* ln E_p[g] at (x, T, t), in the order memoised() passes them. */
static double
horizon_mean(const PredictionCall *call, double x, double T, double t)
{
	return bgnbd_log_horizon_mean(&call->model.survivor, t, x, T);
}

/*
 * bgnbd_expected(m, t, frequency, recency, age): E[Y(t) | history] =
 * P(alive) E_p[g], the mean memoised by (frequency, age, t).  Where the
 * product underflows anyway the mean is not computed (its series would be
 * slow for nothing).
 */
Datum
family_expected(FunctionCallInfo fcinfo, bool first_drop)
{
	PredictionCall *call = prediction_call(fcinfo);
	const MbgnbdModel *mm = call_model(call, fcinfo, 0, first_drop);
	const BgnbdParams *m = &mm->params;
	float8		t = PG_GETARG_FLOAT8(1);
	double		h[3];
	double		lp;

	history_args(fcinfo, 2, h);
	check_model_time(t, "t");
	lp = mbgnbd_log_p_alive(mm, h[0], h[1], h[2]);
	if (t == 0 || lp + log(m->r + h[0]) + log(t) - log_sum(m->alpha, h[2]) < -750.0)
		PG_RETURN_FLOAT8(mbgnbd_expected_conditional(mm, t, h[0], h[1], h[2]));
	PG_RETURN_FLOAT8(check_prediction(exp(lp + memoised(call, h[0], h[2], t, horizon_mean)),
									  "the expected number of purchases"));
}

Datum
bgnbd_expected_sql(PG_FUNCTION_ARGS)
{
	return family_expected(fcinfo, false);
}

/* ln E_p[(1 + p s)^-c] at (x, T, t) */
static double
survival_mean(const PredictionCall *call, double x, double T, double t)
{
	return bgnbd_log_survival_mean(&call->model.survivor, t, x, T);
}

/* bgnbd_p_alive_future(m, t, frequency, recency, age) */
Datum
family_p_alive_future(FunctionCallInfo fcinfo, bool first_drop)
{
	PredictionCall *call = prediction_call(fcinfo);
	const MbgnbdModel *mm = call_model(call, fcinfo, 0, first_drop);
	float8		t = PG_GETARG_FLOAT8(1);
	double		h[3];

	history_args(fcinfo, 2, h);
	check_model_time(t, "t");
	/* the mean is at most 1; rounding may not take it past */
	PG_RETURN_FLOAT8(mbgnbd_p_alive(mm, h[0], h[1], h[2]) *
					 exp(fmin(0.0, memoised(call, h[0], h[2], t, survival_mean))));
}

Datum
bgnbd_p_alive_future_sql(PG_FUNCTION_ARGS)
{
	return family_p_alive_future(fcinfo, false);
}

/* ln of DERT's mean at (x, T, delta) */
static double
dert_mean(const PredictionCall *call, double x, double T, double delta)
{
	return bgnbd_log_dert_mean(&call->model.survivor, x, T, delta);
}

/* bgnbd_dert(m, frequency, recency, age, delta) */
Datum
family_dert(FunctionCallInfo fcinfo, bool first_drop)
{
	PredictionCall *call = prediction_call(fcinfo);
	const MbgnbdModel *mm = call_model(call, fcinfo, 0, first_drop);
	float8		delta = PG_GETARG_FLOAT8(4);
	double		h[3];

	history_args(fcinfo, 1, h);
	check_dert_delta(delta);
	PG_RETURN_FLOAT8(check_prediction(exp(mbgnbd_log_p_alive(mm, h[0], h[1], h[2]) +
										  memoised(call, h[0], h[2], delta, dert_mean)),
									  "DERT"));
}

Datum
bgnbd_dert_sql(PG_FUNCTION_ARGS)
{
	return family_dert(fcinfo, false);
}

/* bgnbd_pmf(m, n, t): P(X(t) = n) */
Datum
family_pmf(FunctionCallInfo fcinfo, bool first_drop)
{
	MbgnbdModel mm;
	int32		n = PG_GETARG_INT32(1);
	float8		t = PG_GETARG_FLOAT8(2);

	family_model_arg(fcinfo, 0, first_drop, &mm);
	check_purchase_count(n);
	check_model_time(t, "t");
	PG_RETURN_FLOAT8(check_prediction(mbgnbd_pmf(&mm, n, t), "the probability"));
}

Datum
bgnbd_pmf_sql(PG_FUNCTION_ARGS)
{
	return family_pmf(fcinfo, false);
}

void
clv_args(FunctionCallInfo fcinfo, ClvArgs *a)
{
	history_args(fcinfo, 2, a->h);
	a->monetary = PG_GETARG_FLOAT8(5);
	a->periods = PG_GETARG_INT32(6);
	a->period_length = PG_GETARG_FLOAT8(7);
	a->discount_rate = PG_GETARG_FLOAT8(8);
	check_gg_customer(a->h[0], a->monetary);
	if (a->periods < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("periods must not be negative"),
				 errdetail("The value given was %d.", a->periods)));
	check_model_time(a->period_length, "period_length");
	if (a->period_length == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period_length must be greater than zero"),
				 errhint("period_length is the length of one discounting period in the model's time unit, e.g. 4.345 weeks for a month.")));
	/* the last period must end within the float8 range, or its E[Y] reads as 0 */
	if (!isfinite(a->periods * a->period_length))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("periods * period_length is out of range for type double precision"),
				 errdetail("periods is %d and period_length %g.", a->periods, a->period_length),
				 errhint("Use fewer or shorter periods.")));
	portfolio_check_finite(a->discount_rate, "discount_rate");
	if (a->discount_rate <= -1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount_rate must be greater than -1"),
				 errdetail("The value given was %g.", a->discount_rate),
				 errhint("discount_rate is the rate per period, e.g. 0.01 for 1%% a month.")));
}

/* The discounted purchases of (x, T) divided by P(alive), at the call's settings. */
static double
discounted_horizon(const PredictionCall *call, double x, double T, double unused)
{
	PurchaseModel pm = mbgnbd_purchase_model(&call->model);

	(void) unused;
	return purchase_discounted_horizon(&pm, x, T, (int) call->settings[0], call->settings[1],
									   call->settings[2], portfolio_poll_interrupts);
}

/*
 * clv(bg, gg, frequency, recency, age, monetary, periods, period_length,
 * discount_rate): the expected spend times P(alive) times the discounted
 * horizon, memoised by (frequency, age) for the query's settings; as
 * purchase_discounted_purchases computes it for any purchase model, which
 * skips a product that underflows anyway.  Only the SQL signature and
 * the purchase model are the family's.
 */
Datum
family_clv(FunctionCallInfo fcinfo, bool first_drop)
{
	PredictionCall *call = prediction_call(fcinfo);
	const MbgnbdModel *bg = call_model(call, fcinfo, 0, first_drop);
	const GammaGammaParams *gg = call_spend_model(call, fcinfo, 1);
	PurchaseModel pm = mbgnbd_purchase_model(bg);
	ClvArgs		a;
	double		lp;
	double		purchases = 0.0;

	clv_args(fcinfo, &a);
	call_settings(call, a.periods, a.period_length, a.discount_rate);
	lp = pm.log_p_alive(pm.params, a.h[0], a.h[1], a.h[2]);
	if (!purchase_value_negligible(&pm, lp, a.h[0], a.h[2], a.periods, a.period_length,
								   a.discount_rate))
		purchases = exp(lp + log(memoised(call, a.h[0], a.h[2], 0.0, discounted_horizon)));
	PG_RETURN_FLOAT8(check_prediction(gg_expected_spend_checked(gg, a.h[0], a.monetary) *
									  check_prediction(purchases, "the expected number of purchases"),
									  "the customer lifetime value"));
}

Datum
clv_sql(PG_FUNCTION_ARGS)
{
	return family_clv(fcinfo, false);
}

/* What clv_by_period carries from row to row. */
typedef struct ClvRows
{
	BgnbdPeriodWalk walk;
	double		p_alive;
	double		spend;
	double		log_discount;
	double		previous;		/* G at the end of the period before */
	int32		periods;
} ClvRows;

/* One row of clv_by_period: period i's purchases, revenue, discount factor and discounted value. */
static HeapTuple
clv_period_row(ClvRows *rows, TupleDesc desc)
{
	int			i = rows->walk.period + 1;
	double		current = check_prediction(bgnbd_walk_next(&rows->walk), "the expected number of purchases");
	double		purchases = rows->p_alive * (current - rows->previous);

	rows->previous = current;
	return clv_period_tuple(desc, i, purchases, rows->spend, rows->log_discount);
}

/*
 * clv_by_period(bg, gg, frequency, recency, age, monetary, periods,
 * period_length, discount_rate): one row per period, (period, expected
 * purchases, expected revenue, discount factor, discounted value); the
 * discounted values add up to clv.
 */
Datum
family_clv_by_period(FunctionCallInfo fcinfo, bool first_drop)
{
	FuncCallContext *fctx;
	ClvRows    *rows;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		MbgnbdModel bg;
		GammaGammaParams gg;
		ClvArgs		a;

		fctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		family_model_arg(fcinfo, 0, first_drop, &bg);
		gg_params_arg(fcinfo, 1, &gg);
		clv_args(fcinfo, &a);
		rows = palloc(sizeof(ClvRows));
		bgnbd_walk_start(&rows->walk, &bg.survivor, a.h[0], a.h[2], a.period_length);
		rows->p_alive = mbgnbd_p_alive(&bg, a.h[0], a.h[1], a.h[2]);
		rows->spend = gg_expected_spend_checked(&gg, a.h[0], a.monetary);
		rows->log_discount = log1p(a.discount_rate);
		rows->previous = 0.0;
		rows->periods = a.periods;
		fctx->user_fctx = rows;
		fctx->tuple_desc = portfolio_make_result_tupdesc(fcinfo, fctx->multi_call_memory_ctx);
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	rows = fctx->user_fctx;
	if (rows->walk.period >= rows->periods)
		SRF_RETURN_DONE(fctx);
	SRF_RETURN_NEXT(fctx, HeapTupleGetDatum(clv_period_row(rows, fctx->tuple_desc)));
}

Datum
clv_by_period(PG_FUNCTION_ARGS)
{
	return family_clv_by_period(fcinfo, false);
}
