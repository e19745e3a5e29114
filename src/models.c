/*
 * models.c
 *		Shared glue of the lifetime-value models: model arguments, history
 *		checks, prediction checks and the interrupt poll.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "executor/executor.h"

#include "models.h"
#include "portfolio.h"

#define HISTORY_HINT "Pass the frequency, recency and age of a summary (portfolio.summarize), in the model's time unit."

float8
model_parameter(HeapTupleHeader row, int attno, const char *model, const char *name)
{
	bool		isnull;
	float8		value = DatumGetFloat8(GetAttributeByNum(row, attno, &isnull));

	if (isnull)
		ereport(ERROR,
				(errcode(ERRCODE_NULL_VALUE_NOT_ALLOWED),
				 errmsg("%s parameter %s must not be null", model, name),
				 errhint("Build the model with portfolio.%s(...) or a fitting aggregate.", model)));
	check_model_parameter(value, model, name);
	return value;
}

/* (r, alpha, a, b) of a row of the BG/NBD family (bgnbd, mbgnbd: the same fields) */
static void
family_params(HeapTupleHeader row, const char *model, BgnbdParams *m)
{
	m->r = model_parameter(row, BGNBD_R + 1, model, "r");
	m->alpha = model_parameter(row, BGNBD_ALPHA + 1, model, "alpha");
	m->a = model_parameter(row, BGNBD_A + 1, model, "a");
	m->b = model_parameter(row, BGNBD_B + 1, model, "b");
}

void
bgnbd_params_arg(FunctionCallInfo fcinfo, int argno, BgnbdParams *m)
{
	family_params(PG_GETARG_HEAPTUPLEHEADER(argno), "bgnbd", m);
}

void
mbgnbd_params_arg(FunctionCallInfo fcinfo, int argno, BgnbdParams *m)
{
	family_params(PG_GETARG_HEAPTUPLEHEADER(argno), "mbgnbd", m);
}

/* (r, alpha, s, beta) of a portfolio.pareto_nbd row: the fields of the BG/NBD family's rows */
void
pareto_nbd_params_arg(FunctionCallInfo fcinfo, int argno, ParetoNbdParams *m)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(argno);

	m->r = model_parameter(row, BGNBD_R + 1, "pareto_nbd", "r");
	m->alpha = model_parameter(row, BGNBD_ALPHA + 1, "pareto_nbd", "alpha");
	m->s = model_parameter(row, BGNBD_A + 1, "pareto_nbd", "s");
	m->beta = model_parameter(row, BGNBD_B + 1, "pareto_nbd", "beta");
}

void
gg_params_arg(FunctionCallInfo fcinfo, int argno, GammaGammaParams *m)
{
	HeapTupleHeader row = PG_GETARG_HEAPTUPLEHEADER(argno);

	m->p = model_parameter(row, GG_P + 1, "gamma_gamma", "p");
	m->q = model_parameter(row, GG_Q + 1, "gamma_gamma", "q");
	m->v = model_parameter(row, GG_V + 1, "gamma_gamma", "v");
}

void
report_bgnbd_history(float8 frequency, float8 recency, float8 age)
{
	const char *problem = bgnbd_history_problem(frequency, recency, age);

	if (problem == NULL)
		elog(ERROR, "check_bgnbd_history and bgnbd_history_problem disagree");
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("%s", problem),
			 errdetail("The history given was frequency %g, recency %g, age %g.",
					   frequency, recency, age),
			 errhint(HISTORY_HINT)));
}

void
check_gg_customer(float8 frequency, float8 monetary)
{
	const char *problem = gg_customer_problem(frequency, monetary);

	if (problem != NULL)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s", problem),
				 errdetail("The customer given has frequency %g and monetary %g.",
						   frequency, monetary),
				 errhint(frequency > 0 && monetary <= 0
						 ? "The Gamma-Gamma model is for positive spend: filter such customers out, e.g. WHERE monetary > 0."
						 : "Pass the frequency and monetary of a summary (portfolio.summarize).")));
}

void
check_model_time(float8 value, const char *argname)
{
	portfolio_check_finite(value, argname);
	if (value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must not be negative", argname),
				 errdetail("The value given was %g.", value)));
}

float8
check_prediction(float8 value, const char *what)
{
	if (!isfinite(value))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("%s is out of range for type double precision", what),
				 errhint("Use a shorter horizon or a smaller time unit.")));
	return value;
}

int64
customers_weight_arg(FunctionCallInfo fcinfo, int argno, const char *name)
{
	float8		customers = PG_GETARG_FLOAT8(argno);

	if (!(customers >= 0 && customers <= MAX_EXACT_CUSTOMERS) || customers != floor(customers))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s must be a whole number from 0 to 2^53", name),
				 errdetail("The value given was %g.", customers),
				 errhint("Pass how many customers share the row's history.")));
	return (int64) customers;
}

/* A parameter given to a constructor: finite and > 0. */
void
check_model_parameter(float8 value, const char *model, const char *name)
{
	if (!(value > 0) || isinf(value))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s parameter %s must be a finite number greater than zero", model, name),
				 errdetail("The value given was %g.", value),
				 errhint("Build the model with portfolio.%s(...) or a fitting aggregate.", model)));
}

/* The expected spend per purchase; 22023 when the model gives an infinite mean. */
float8
gg_expected_spend_checked(const GammaGammaParams *gg, float8 frequency, float8 monetary)
{
	float8		spend = gg_expected_spend(gg, frequency, monetary);
	bool		has_mean = frequency == 0 ? gg->q > 1 : gg->p * frequency + (gg->q - 1) > 0;

	/*
	 * A model with a finite mean can still overflow on the way (p * v, or
	 * frequency * monetary near the float8 limit): that is out of range
	 * (22003), not a model without a mean.
	 */
	if (!isfinite(spend) && has_mean)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("the expected spend is out of range for type double precision"),
				 errdetail("The customer given has frequency %g and monetary %g; the model has p %g, q %g, v %g.",
						   frequency, monetary, gg->p, gg->q, gg->v),
				 errhint("Scale the amounts down, to thousands for example.")));
	if (!isfinite(spend))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("the Gamma-Gamma model has no finite mean spend for this customer"),
				 errdetail("The mean is p * v / (q - 1) for frequency 0 and needs q > 1; q is %g, p * frequency + q is %g.",
						   gg->q, gg->p * frequency + gg->q),
				 errhint("Fit the model on more repeat customers, or leave customers without repeat purchases out.")));
	return spend;
}

/* DERT's delta: finite and > 0 (22023). */
void
check_dert_delta(float8 delta)
{
	portfolio_check_finite(delta, "delta");
	if (delta <= 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("delta must be greater than zero"),
				 errdetail("The value given was %g.", delta),
				 errhint("delta is the continuously compounded discount rate per unit of the model's time, e.g. 0.0027 a week for 15%% a year.")));
}

/* A pmf's n: >= 0 (22023). */
void
check_purchase_count(int32 n)
{
	if (n < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("n must not be negative"),
				 errdetail("The value given was %d.", n),
				 errhint("n is a number of repeat purchases.")));
}

HeapTuple
clv_period_tuple(TupleDesc desc, int i, double purchases, double spend, double log_discount)
{
	double		revenue = check_prediction(spend * purchases, "the expected revenue");
	double		log_factor = -i * log_discount;
	Datum		values[5];
	bool		nulls[5] = {0};

	values[0] = Int32GetDatum(i);
	values[1] = Float8GetDatum(purchases);
	values[2] = Float8GetDatum(revenue);
	values[3] = Float8GetDatum(check_prediction(exp(log_factor), "the discount factor"));
	values[4] = Float8GetDatum(check_prediction(revenue > 0 ? exp(log(revenue) + log_factor) : 0.0,
												"the discounted value"));
	return heap_form_tuple(desc, values, nulls);
}
