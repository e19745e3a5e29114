/*
 * bgnbd.c
 *		The BG/NBD model in SQL: the constructor portfolio.bgnbd(r, alpha, a,
 *		b), P(alive), expected purchases, P(X(t) = n) and the discounted
 *		customer lifetime value portfolio.clv.
 *
 * The numbers come from bgnbd_core.c; here the arguments are checked
 * (22023 for a value the model cannot take) and a prediction that
 * overflows a float8 becomes an error (22003) instead of Infinity.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"

#include "models.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(bgnbd_new);
PG_FUNCTION_INFO_V1(bgnbd_p_alive_sql);
PG_FUNCTION_INFO_V1(bgnbd_expected_new_sql);
PG_FUNCTION_INFO_V1(bgnbd_expected_sql);
PG_FUNCTION_INFO_V1(bgnbd_pmf_sql);
PG_FUNCTION_INFO_V1(clv_sql);

/* portfolio.bgnbd(r, alpha, a, b): a model with known parameters. */
Datum
bgnbd_new(PG_FUNCTION_ARGS)
{
	static const char *const names[4] = {"r", "alpha", "a", "b"};
	Datum		values[BGNBD_COLUMNS] = {0};
	bool		nulls[BGNBD_COLUMNS];

	for (int i = 0; i < BGNBD_COLUMNS; i++)
		nulls[i] = i > BGNBD_B;
	for (int i = 0; i < 4; i++)
	{
		check_model_parameter(PG_GETARG_FLOAT8(i), "bgnbd", names[i]);
		values[i] = PG_GETARG_DATUM(i);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  values, nulls)));
}

/* The model in argument 0 and the history in arguments first..first+2. */
static void
model_and_history(FunctionCallInfo fcinfo, int first, BgnbdParams *m, double h[3])
{
	bgnbd_params_arg(fcinfo, 0, m);
	for (int k = 0; k < 3; k++)
		h[k] = PG_GETARG_FLOAT8(first + k);
	check_bgnbd_history(h[0], h[1], h[2]);
}

/* bgnbd_p_alive(m, frequency, recency, age) */
Datum
bgnbd_p_alive_sql(PG_FUNCTION_ARGS)
{
	BgnbdParams m;
	double		h[3];

	model_and_history(fcinfo, 1, &m, h);
	PG_RETURN_FLOAT8(check_prediction(bgnbd_p_alive(&m, h[0], h[1], h[2]), "P(alive)"));
}

/* bgnbd_expected(m, t): E[X(t)] for a new customer */
Datum
bgnbd_expected_new_sql(PG_FUNCTION_ARGS)
{
	BgnbdParams m;
	float8		t = PG_GETARG_FLOAT8(1);

	bgnbd_params_arg(fcinfo, 0, &m);
	check_model_time(t, "t");
	PG_RETURN_FLOAT8(check_prediction(bgnbd_expected_new(&m, t), "the expected number of purchases"));
}

/* bgnbd_expected(m, t, frequency, recency, age): E[Y(t) | history] */
Datum
bgnbd_expected_sql(PG_FUNCTION_ARGS)
{
	BgnbdParams m;
	double		h[3];
	float8		t = PG_GETARG_FLOAT8(1);

	model_and_history(fcinfo, 2, &m, h);
	check_model_time(t, "t");
	PG_RETURN_FLOAT8(check_prediction(bgnbd_expected_conditional(&m, t, h[0], h[1], h[2]),
									  "the expected number of purchases"));
}

/* bgnbd_pmf(m, n, t): P(X(t) = n) */
Datum
bgnbd_pmf_sql(PG_FUNCTION_ARGS)
{
	BgnbdParams m;
	int32		n = PG_GETARG_INT32(1);
	float8		t = PG_GETARG_FLOAT8(2);

	bgnbd_params_arg(fcinfo, 0, &m);
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n must not be negative"),
				 errdetail("The value given was %d.", n),
				 errhint("n is a number of repeat purchases.")));
	check_model_time(t, "t");
	PG_RETURN_FLOAT8(check_prediction(bgnbd_pmf(&m, n, t), "the probability"));
}

/* clv(bg, gg, frequency, recency, age, monetary, periods, period_length, discount_rate) */
Datum
clv_sql(PG_FUNCTION_ARGS)
{
	BgnbdParams bg;
	GammaGammaParams gg;
	double		h[3];
	float8		monetary = PG_GETARG_FLOAT8(5);
	int32		periods = PG_GETARG_INT32(6);
	float8		period_length = PG_GETARG_FLOAT8(7);
	float8		discount_rate = PG_GETARG_FLOAT8(8);
	float8		purchases;

	model_and_history(fcinfo, 2, &bg, h);
	gg_params_arg(fcinfo, 1, &gg);
	check_gg_customer(h[0], monetary);
	if (periods < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("periods must not be negative"),
				 errdetail("The value given was %d.", periods)));
	check_model_time(period_length, "period_length");
	if (period_length == 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("period_length must be greater than zero"),
				 errhint("period_length is the length of one discounting period in the model's time unit, e.g. 4.345 weeks for a month.")));
	/* the last period must end within the float8 range, or its E[Y] reads as 0 */
	if (!isfinite(periods * period_length))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("periods * period_length is out of range for type double precision"),
				 errdetail("periods is %d and period_length %g.", periods, period_length),
				 errhint("Use fewer or shorter periods.")));
	portfolio_check_finite(discount_rate, "discount_rate");
	if (discount_rate <= -1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("discount_rate must be greater than -1"),
				 errdetail("The value given was %g.", discount_rate),
				 errhint("discount_rate is the rate per period, e.g. 0.01 for 1%% a month.")));
	purchases = bgnbd_discounted_purchases(&bg, h[0], h[1], h[2], periods, period_length,
										   discount_rate, portfolio_poll_interrupts);
	PG_RETURN_FLOAT8(check_prediction(gg_expected_spend_checked(&gg, h[0], monetary) *
									  check_prediction(purchases, "the expected number of purchases"),
									  "the customer lifetime value"));
}
