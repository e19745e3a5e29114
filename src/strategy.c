/*
 * strategy.c
 *		portfolio.kam_strategy, portfolio.kam_label and
 *		portfolio.profit_quadrant: two scores and their cuts in, an enum
 *		label out (and a strategy's name out of its label).
 *
 * The matrices are in strategy_core.c.  Here NaN arguments become errors
 * (22023: a NaN score is an upstream bug, not a low score), the enum label
 * OIDs are looked up once per call site (portfolio_result_enum_oids,
 * portfolio_enum_value_index), and the UTF-8 names are converted to the
 * database encoding.
 */
#include "portfolio.h"

#include <math.h>

#include "mb/pg_wchar.h"
#include "utils/builtins.h"

#include "strategy_core.h"

PG_FUNCTION_INFO_V1(kam_strategy_sql);
PG_FUNCTION_INFO_V1(kam_label);
PG_FUNCTION_INFO_V1(profit_quadrant_sql);

static const char *const kam_arg_names[] = {
	"attractiveness", "strength", "attractiveness_cut", "strength_cut"
};

static const char *const profit_arg_names[] = {
	"net_price", "cost_to_serve", "price_cut", "cost_cut"
};

#define MATRIX_NARGS 4

/* The four float8 arguments of a matrix function, none of them NaN. */
static void
matrix_args(FunctionCallInfo fcinfo, const char *const *names, double *args)
{
	for (int i = 0; i < MATRIX_NARGS; i++)
	{
		args[i] = PG_GETARG_FLOAT8(i);
		if (isnan(args[i]))
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
					 errmsg("%s must not be NaN", names[i]),
					 errdetail("A NaN is neither high nor low, so it cannot be classified."),
					 errhint("Find where the NaN comes from (0/0 or Infinity - Infinity in the score, for example) and fix or filter those rows.")));
	}
}

/*
 * kam_strategy(attractiveness, strength, attractiveness_cut, strength_cut),
 * STRICT.
 */
Datum
kam_strategy_sql(PG_FUNCTION_ARGS)
{
	const Oid  *labels = portfolio_result_enum_oids(fcinfo, kam_strategy_labels, KAM_STRATEGIES);
	double		args[MATRIX_NARGS];

	matrix_args(fcinfo, kam_arg_names, args);
	PG_RETURN_OID(labels[kam_strategy_of(args[0], args[1], args[2], args[3])]);
}

/* profit_quadrant(net_price, cost_to_serve, price_cut, cost_cut), STRICT. */
Datum
profit_quadrant_sql(PG_FUNCTION_ARGS)
{
	const Oid  *labels = portfolio_result_enum_oids(fcinfo, profit_quadrant_labels, PROFIT_QUADRANTS);
	double		args[MATRIX_NARGS];

	matrix_args(fcinfo, profit_arg_names, args);
	PG_RETURN_OID(labels[profit_quadrant_of(args[0], args[1], args[2], args[3])]);
}

/*
 * kam_label(s, lang), STRICT: the name in the database encoding (an error,
 * 22P05, if it has no such characters).
 */
Datum
kam_label(PG_FUNCTION_ARGS)
{
	int			strategy = portfolio_enum_value_index(fcinfo, PG_GETARG_OID(0),
													  kam_strategy_labels, KAM_STRATEGIES);
	char	   *code = text_to_cstring(PG_GETARG_TEXT_PP(1));
	int			language = strategy_language_of(code);
	const char *name;

	if (language < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("unknown language \"%s\"", code),
				 errhint("Use %s.", strategy_language_list)));
	if (strategy < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("key-account strategy has no name"),
				 errdetail("Only invest_expand, invest_selective, maintain and milk have names.")));
	name = kam_strategy_name((KamStrategy) strategy, (StrategyLanguage) language);
	PG_RETURN_TEXT_P(cstring_to_text(pg_any_to_server(name, strlen(name), PG_UTF8)));
}
