/*
 * concentration.c
 *		The portfolio.gini, portfolio.top_share and portfolio.lorenz
 *		aggregates, and the transition and combine functions they share with
 *		portfolio.abc_cuts (abc.c).
 *
 * These measures need every value (order statistics), so their state,
 * portfolio.concentration_state, grows by one float8 per customer: a
 * concrete type with lossless text I/O, so that distributed engines can
 * ship partial states.  Inside an aggregate it is appended to in place (as
 * core's float8_accum does); called directly, the input is never modified.
 * The final functions sort a copy of the values (the state is read-only to
 * them, as window aggregates may call them again), so the result depends
 * only on the values, not on their order or on how a parallel plan split
 * them.  Every row's parameters are checked, even where the value is NULL,
 * and a NULL value leaves an empty state that still records them.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"

#include "concentration.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(concentration_accum);
PG_FUNCTION_INFO_V1(concentration_accum_fraction);
PG_FUNCTION_INFO_V1(concentration_accum_points);
PG_FUNCTION_INFO_V1(concentration_accum_abc);
PG_FUNCTION_INFO_V1(concentration_combine);
PG_FUNCTION_INFO_V1(gini_final);
PG_FUNCTION_INFO_V1(top_share_final);
PG_FUNCTION_INFO_V1(lorenz_final);

/* The parameters of one row, and how to name them in messages. */
typedef struct RowArgs
{
	int32		nargs;
	int16		kind;			/* what one parameter is, else untagged */
	float8		args[CONCENTRATION_MAX_ARGS];
	const char *names;			/* "fraction", "a_share and b_share" */
	const char *hint;
} RowArgs;

/* ---------- checks ---------- */

static void
check_fraction(float8 fraction)
{
	portfolio_check_finite(fraction, "fraction");
	if (fraction < 0 || fraction > 1)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("fraction must be between 0 and 1"),
				 errdetail("The value given was %g.", fraction),
				 errhint("Pass 0.1 for the top 10%% of customers.")));
}

static void
check_points(float8 points)
{
	if (!(points == floor(points) && points >= 1 && points <= CONCENTRATION_MAX_POINTS))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("points must be between 1 and %d", CONCENTRATION_MAX_POINTS),
				 errdetail("The value given was %g.", points)));
}

void
concentration_check_abc_shares(float8 a_share, float8 b_share)
{
	portfolio_check_finite(a_share, "a_share");
	portfolio_check_finite(b_share, "b_share");
	if (!concentration_abc_shares_valid(a_share, b_share))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("a_share and b_share must satisfy 0 < a_share <= b_share <= 1"),
				 errdetail("The values given were %g and %g.", a_share, b_share),
				 errhint("Pass 0.8 and 0.95 for the usual 80/15/5 split.")));
}

void
concentration_check_nargs(const ConcentrationState *state, int32 nargs, const char *funcname)
{
	static const char *const counted[] = {"no parameters", "one parameter", "two parameters"};

	if (state->nargs != nargs)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs a concentration_state with %s", funcname, counted[nargs]),
				 errdetail("The state given has %s: it was made by another aggregate.",
						   counted[state->nargs]),
				 errhint("Pass only states made by the same aggregate's own functions.")));
}

void
concentration_check_kind(const ConcentrationState *state, int kind, const char *funcname)
{
	static const char *const named[] = {"", "a fraction (top_share)", "a number of points (lorenz)"};
	int			given;

	concentration_check_nargs(state, 1, funcname);
	given = concentration_param_kind(state);
	if (given != kind)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("%s needs a concentration_state with %s", funcname, named[kind]),
				 errdetail("The state given has %s, %g: it was made by another aggregate.",
						   named[given], state->args[0]),
				 errhint("Pass only states made by the same aggregate's own functions.")));
}

static bool
same_args(const ConcentrationState *state, int32 nargs, int kind, const float8 *args)
{
	if (state->nargs != nargs)
		return false;
	if (nargs == 1 && concentration_param_kind(state) != kind)
		return false;
	for (int i = 0; i < nargs; i++)
		if (state->args[i] != args[i])
			return false;
	return true;
}

static void
check_same_args(const ConcentrationState *state, const RowArgs *row)
{
	if (!same_args(state, row->nargs, row->kind, row->args))
		portfolio_parameter_mismatch(row->names,
									 concentration_args_text(state->nargs, state->nargs == 1 ? concentration_param_kind(state) : 0, state->args),
									 concentration_args_text(row->nargs, row->kind, row->args),
									 row->hint);
}

/* ---------- transition and combine ---------- */

/*
 * Append the value of argument 1 (skipped when NULL) to the state of
 * argument 0 (a new one when NULL) for a row with the given parameters.
 */
static Datum
accumulate(FunctionCallInfo fcinfo, const RowArgs *row)
{
	ConcentrationState *state;
	float8		value;

	if (PG_ARGISNULL(0))
	{
		state = concentration_state_alloc(row->nargs, row->args, 0);
		state->kind = row->kind;
	}
	else
	{
		state = DatumGetConcentrationState(PG_GETARG_DATUM(0));
		check_same_args(state, row);
	}
	if (PG_ARGISNULL(1))
		PG_RETURN_POINTER(state);
	value = concentration_check_value(PG_GETARG_FLOAT8(1));
	/* a state made here, or the aggregate's own, may be changed in place */
	state = concentration_state_with_room(state, 1,
										  PG_ARGISNULL(0) || AggCheckCallContext(fcinfo, NULL));
	state->values[state->count++] = value;
	PG_RETURN_POINTER(state);
}

/* concentration_accum(state, value): gini, abc_cuts(value) */
Datum
concentration_accum(PG_FUNCTION_ARGS)
{
	RowArgs		row = {0, CONCENTRATION_UNTAGGED, {0, 0}, "parameters", "Pass constant parameters, or group by them."};

	return accumulate(fcinfo, &row);
}

/* concentration_accum_fraction(state, value, fraction): top_share */
Datum
concentration_accum_fraction(PG_FUNCTION_ARGS)
{
	RowArgs		row = {1, CONCENTRATION_FRACTION, {0, 0}, "fraction", "Pass a constant fraction, or group by it."};

	portfolio_check_not_null(fcinfo, 2, "fraction");
	row.args[0] = PG_GETARG_FLOAT8(2) + 0.0;
	check_fraction(row.args[0]);
	return accumulate(fcinfo, &row);
}

/* concentration_accum_points(state, value, points): lorenz */
Datum
concentration_accum_points(PG_FUNCTION_ARGS)
{
	RowArgs		row = {1, CONCENTRATION_POINTS, {0, 0}, "points", "Pass a constant number of points, or group by it."};

	portfolio_check_not_null(fcinfo, 2, "points");
	row.args[0] = (float8) PG_GETARG_INT32(2);
	check_points(row.args[0]);
	return accumulate(fcinfo, &row);
}

/* concentration_accum_abc(state, value, a_share, b_share): abc_cuts */
Datum
concentration_accum_abc(PG_FUNCTION_ARGS)
{
	RowArgs		row = {2, CONCENTRATION_UNTAGGED, {0, 0}, "a_share and b_share",
	"Pass constant a_share and b_share values, or group by them."};

	portfolio_check_not_null(fcinfo, 2, "a_share");
	portfolio_check_not_null(fcinfo, 3, "b_share");
	row.args[0] = PG_GETARG_FLOAT8(2);
	row.args[1] = PG_GETARG_FLOAT8(3);
	concentration_check_abc_shares(row.args[0], row.args[1]);
	return accumulate(fcinfo, &row);
}

Datum
concentration_combine(PG_FUNCTION_ARGS)
{
	ConcentrationState *left;
	ConcentrationState *right;
	Datum		either;

	if (portfolio_combine_with_null(fcinfo, &either))
		return either;

	left = DatumGetConcentrationState(PG_GETARG_DATUM(0));
	right = DatumGetConcentrationState(PG_GETARG_DATUM(1));
	if (!same_args(left, right->nargs, right->nargs == 1 ? concentration_param_kind(right) : 0,
				   right->args))
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("cannot combine concentration states with different parameters"),
				 errdetail("One has parameters %s and the other %s.",
						   concentration_args_text(left->nargs, left->nargs == 1 ? concentration_param_kind(left) : 0, left->args),
						   concentration_args_text(right->nargs, right->nargs == 1 ? concentration_param_kind(right) : 0, right->args)),
				 errhint("Pass constant parameters, or group by them.")));
	left = concentration_state_with_room(left, right->count, AggCheckCallContext(fcinfo, NULL));
	memcpy(&left->values[left->count], right->values, sizeof(float8) * right->count);
	left->count += right->count;
	PG_RETURN_POINTER(left);
}

/* ---------- final functions ---------- */

Datum
gini_final(PG_FUNCTION_ARGS)
{
	ConcentrationState *state = DatumGetConcentrationState(PG_GETARG_DATUM(0));
	float8		gini;

	concentration_check_nargs(state, 0, "gini_final");
	if (state->count == 0 ||
		!concentration_has_shares(concentration_gini(concentration_sorted_values(state),
													 state->count, &gini)))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(gini);
}

Datum
top_share_final(PG_FUNCTION_ARGS)
{
	ConcentrationState *state = DatumGetConcentrationState(PG_GETARG_DATUM(0));
	int64		k;
	float8		share;

	concentration_check_kind(state, CONCENTRATION_FRACTION, "top_share_final");
	check_fraction(state->args[0]);
	if (state->count == 0)
		PG_RETURN_NULL();
	k = concentration_top_count(state->args[0], state->count);
	if (!concentration_has_shares(concentration_top_share(concentration_sorted_values(state),
														  state->count, k, &share)))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(share);
}

Datum
lorenz_final(PG_FUNCTION_ARGS)
{
	ConcentrationState *state = DatumGetConcentrationState(PG_GETARG_DATUM(0));
	int			points;
	float8	   *curve;
	Datum	   *elements;

	concentration_check_kind(state, CONCENTRATION_POINTS, "lorenz_final");
	check_points(state->args[0]);
	if (state->count == 0)
		PG_RETURN_NULL();
	points = (int) state->args[0];
	curve = palloc(sizeof(float8) * (points + 1));
	if (!concentration_has_shares(concentration_lorenz(concentration_sorted_values(state),
													   state->count, points, curve)))
		PG_RETURN_NULL();
	elements = palloc(sizeof(Datum) * (points + 1));
	for (int j = 0; j <= points; j++)
		elements[j] = Float8GetDatum(curve[j]);
	PG_RETURN_ARRAYTYPE_P(construct_array(elements, points + 1, FLOAT8OID, sizeof(float8),
										  FLOAT8PASSBYVAL, TYPALIGN_DOUBLE));
}
