/*
 * pareto_nbd.c
 *		The Pareto/NBD model in SQL (Schmittlein, Morrison & Colombo 1987):
 *		the constructor portfolio.pareto_nbd(r, alpha, s, beta), P(alive) now
 *		and later, expected purchases, P(X(t) = n), DERT and CLV.
 *
 * The numbers come from pareto_nbd_core.c; here the arguments are checked
 * as for BG/NBD (models.c) and a prediction that overflows a float8 is an
 * error (22003).  Each prediction is a closed form or a short series: no
 * memo is kept between rows.  The fit is in model_fit.c, the simulator in
 * bgnbd_simulate.c.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"

#include "models.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(pareto_nbd_new);
PG_FUNCTION_INFO_V1(pareto_nbd_p_alive_sql);
PG_FUNCTION_INFO_V1(pareto_nbd_expected_new_sql);
PG_FUNCTION_INFO_V1(pareto_nbd_expected_sql);
PG_FUNCTION_INFO_V1(pareto_nbd_pmf_sql);
PG_FUNCTION_INFO_V1(pareto_nbd_dert_sql);
PG_FUNCTION_INFO_V1(pareto_nbd_p_alive_future_sql);
PG_FUNCTION_INFO_V1(pareto_nbd_clv_sql);
PG_FUNCTION_INFO_V1(pareto_nbd_clv_by_period);

/* portfolio.pareto_nbd(r, alpha, s, beta): a model with known parameters. */
Datum
pareto_nbd_new(PG_FUNCTION_ARGS)
{
	static const char *const names[4] = {"r", "alpha", "s", "beta"};
	Datum		values[BGNBD_COLUMNS] = {0};
	bool		nulls[BGNBD_COLUMNS];

	for (int i = 0; i < BGNBD_COLUMNS; i++)
		nulls[i] = i > BGNBD_B;
	for (int i = 0; i < 4; i++)
	{
		check_model_parameter(PG_GETARG_FLOAT8(i), "pareto_nbd", names[i]);
		values[i] = PG_GETARG_DATUM(i);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  values, nulls)));
}

/* The history in arguments first..first+2, checked. */
static void
history_args(FunctionCallInfo fcinfo, int first, double h[3])
{
	for (int k = 0; k < 3; k++)
		h[k] = PG_GETARG_FLOAT8(first + k);
	check_bgnbd_history(h[0], h[1], h[2]);
}

/* pareto_nbd_p_alive(m, frequency, recency, age) */
Datum
pareto_nbd_p_alive_sql(PG_FUNCTION_ARGS)
{
	ParetoNbdParams m;
	double		h[3];

	pareto_nbd_params_arg(fcinfo, 0, &m);
	history_args(fcinfo, 1, h);
	PG_RETURN_FLOAT8(check_prediction(pareto_nbd_p_alive(&m, h[0], h[1], h[2]), "P(alive)"));
}

/* pareto_nbd_expected(m, t) */
Datum
pareto_nbd_expected_new_sql(PG_FUNCTION_ARGS)
{
	ParetoNbdParams m;
	float8		t = PG_GETARG_FLOAT8(1);

	pareto_nbd_params_arg(fcinfo, 0, &m);
	check_model_time(t, "t");
	PG_RETURN_FLOAT8(check_prediction(pareto_nbd_expected_new(&m, t),
									  "the expected number of purchases"));
}

/* pareto_nbd_expected(m, t, frequency, recency, age) */
Datum
pareto_nbd_expected_sql(PG_FUNCTION_ARGS)
{
	ParetoNbdParams m;
	float8		t = PG_GETARG_FLOAT8(1);
	double		h[3];

	pareto_nbd_params_arg(fcinfo, 0, &m);
	history_args(fcinfo, 2, h);
	check_model_time(t, "t");
	PG_RETURN_FLOAT8(check_prediction(pareto_nbd_expected_conditional(&m, t, h[0], h[1], h[2]),
									  "the expected number of purchases"));
}

/* pareto_nbd_pmf(m, n, t) */
Datum
pareto_nbd_pmf_sql(PG_FUNCTION_ARGS)
{
	ParetoNbdParams m;
	int32		n = PG_GETARG_INT32(1);
	float8		t = PG_GETARG_FLOAT8(2);

	pareto_nbd_params_arg(fcinfo, 0, &m);
	check_purchase_count(n);
	check_model_time(t, "t");
	PG_RETURN_FLOAT8(check_prediction(pareto_nbd_pmf(&m, n, t), "the probability"));
}

/* pareto_nbd_p_alive_future(m, t, frequency, recency, age) */
Datum
pareto_nbd_p_alive_future_sql(PG_FUNCTION_ARGS)
{
	ParetoNbdParams m;
	float8		t = PG_GETARG_FLOAT8(1);
	double		h[3];

	pareto_nbd_params_arg(fcinfo, 0, &m);
	history_args(fcinfo, 2, h);
	check_model_time(t, "t");
	PG_RETURN_FLOAT8(check_prediction(pareto_nbd_p_alive_future(&m, t, h[0], h[1], h[2]),
									  "P(alive)"));
}

/* pareto_nbd_dert(m, frequency, recency, age, delta) */
Datum
pareto_nbd_dert_sql(PG_FUNCTION_ARGS)
{
	ParetoNbdParams m;
	float8		delta = PG_GETARG_FLOAT8(4);
	double		h[3];

	pareto_nbd_params_arg(fcinfo, 0, &m);
	history_args(fcinfo, 1, h);
	check_dert_delta(delta);
	PG_RETURN_FLOAT8(check_prediction(pareto_nbd_dert(&m, h[0], h[1], h[2], delta), "DERT"));
}

/*
 * clv(m pareto_nbd, gg, frequency, recency, age, monetary, periods,
 * period_length, discount_rate): the expected spend times the generic
 * discounted purchases of the Pareto/NBD purchase model.
 */
Datum
pareto_nbd_clv_sql(PG_FUNCTION_ARGS)
{
	ParetoNbdParams m;
	GammaGammaParams gg;
	PurchaseModel pm;
	ClvArgs		a;
	double		purchases;

	pareto_nbd_params_arg(fcinfo, 0, &m);
	gg_params_arg(fcinfo, 1, &gg);
	clv_args(fcinfo, &a);
	pm = pareto_nbd_purchase_model(&m);
	purchases = purchase_discounted_purchases(&pm, a.h[0], a.h[1], a.h[2], a.periods,
											  a.period_length, a.discount_rate,
											  portfolio_poll_interrupts);
	PG_RETURN_FLOAT8(check_prediction(gg_expected_spend_checked(&gg, a.h[0], a.monetary) *
									  check_prediction(purchases, "the expected number of purchases"),
									  "the customer lifetime value"));
}

/* What clv_by_period carries from row to row. */
typedef struct ParetoClvRows
{
	ParetoNbdParams m;
	double		x;
	double		T;
	double		period_length;
	double		p_alive;
	double		spend;
	double		log_discount;
	double		previous;		/* G at the end of the period before */
	int32		period;			/* rows returned so far */
	int32		periods;
} ParetoClvRows;

/* One row of clv_by_period: period i's purchases, revenue, discount factor and discounted value. */
static HeapTuple
clv_period_row(ParetoClvRows *rows, TupleDesc desc)
{
	int			i = ++rows->period;
	double		current = check_prediction(exp(pareto_nbd_log_horizon_mean(&rows->m,
																		   i * rows->period_length,
																		   rows->x, rows->T)),
										   "the expected number of purchases");
	double		purchases = rows->p_alive * (current - rows->previous);

	rows->previous = current;
	return clv_period_tuple(desc, i, purchases, rows->spend, rows->log_discount);
}

/*
 * clv_by_period(m pareto_nbd, gg, frequency, recency, age, monetary,
 * periods, period_length, discount_rate): one row per period, as for
 * BG/NBD (bgnbd.c); the discounted values add up to clv.
 */
Datum
pareto_nbd_clv_by_period(PG_FUNCTION_ARGS)
{
	FuncCallContext *fctx;
	ParetoClvRows *rows;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;
		GammaGammaParams gg;
		ClvArgs		a;

		fctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(fctx->multi_call_memory_ctx);
		rows = palloc0(sizeof(ParetoClvRows));
		pareto_nbd_params_arg(fcinfo, 0, &rows->m);
		gg_params_arg(fcinfo, 1, &gg);
		clv_args(fcinfo, &a);
		rows->x = a.h[0];
		rows->T = a.h[2];
		rows->period_length = a.period_length;
		rows->p_alive = pareto_nbd_p_alive(&rows->m, a.h[0], a.h[1], a.h[2]);
		rows->spend = gg_expected_spend_checked(&gg, a.h[0], a.monetary);
		rows->log_discount = log1p(a.discount_rate);
		rows->periods = a.periods;
		fctx->user_fctx = rows;
		fctx->tuple_desc = portfolio_make_result_tupdesc(fcinfo, fctx->multi_call_memory_ctx);
		MemoryContextSwitchTo(old);
	}
	fctx = SRF_PERCALL_SETUP();
	rows = fctx->user_fctx;
	if (rows->period >= rows->periods)
		SRF_RETURN_DONE(fctx);
	SRF_RETURN_NEXT(fctx, HeapTupleGetDatum(clv_period_row(rows, fctx->tuple_desc)));
}
