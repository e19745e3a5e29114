/*
 * gamma_gamma.c
 *		The Gamma-Gamma spend model in SQL: the constructor
 *		portfolio.gamma_gamma(p, q, v) and the expected spend per purchase.
 */
#include "postgres.h"

#include <math.h>

#include "access/htup_details.h"
#include "funcapi.h"

#include "models.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(gamma_gamma_new);
PG_FUNCTION_INFO_V1(gg_expected_spend_sql);

/* portfolio.gamma_gamma(p, q, v): a model with known parameters. */
Datum
gamma_gamma_new(PG_FUNCTION_ARGS)
{
	static const char *const names[3] = {"p", "q", "v"};
	Datum		values[GG_COLUMNS] = {0};
	bool		nulls[GG_COLUMNS];

	for (int i = 0; i < GG_COLUMNS; i++)
		nulls[i] = i > GG_V;
	for (int i = 0; i < 3; i++)
	{
		check_model_parameter(PG_GETARG_FLOAT8(i), "gamma_gamma", names[i]);
		values[i] = PG_GETARG_DATUM(i);
	}
	PG_RETURN_DATUM(HeapTupleGetDatum(heap_form_tuple(portfolio_result_tupdesc(fcinfo),
													  values, nulls)));
}

/* The model argument's bytes and checked parameters, kept for the rows of a query. */
typedef struct SpendCall
{
	PortfolioArgCopy bytes;
	GammaGammaParams params;
} SpendCall;

/* gg_expected_spend(m, frequency, monetary) */
Datum
gg_expected_spend_sql(PG_FUNCTION_ARGS)
{
	SpendCall  *call = fcinfo->flinfo->fn_extra;
	float8		frequency = PG_GETARG_FLOAT8(1);
	float8		monetary = PG_GETARG_FLOAT8(2);

	if (call == NULL)
		call = fcinfo->flinfo->fn_extra = MemoryContextAllocZero(fcinfo->flinfo->fn_mcxt,
																 sizeof(SpendCall));
	if (!portfolio_arg_matches(&call->bytes, fcinfo, 0))
	{
		gg_params_arg(fcinfo, 0, &call->params);
		portfolio_arg_remember(&call->bytes, fcinfo, 0);
	}
	check_gg_customer(frequency, monetary);
	PG_RETURN_FLOAT8(gg_expected_spend_checked(&call->params, frequency, monetary));
}
