/*
 * concentration_state.c
 *		portfolio.concentration_state: allocation, growth, the checks shared
 *		by the concentration glue, and lossless text I/O.
 *
 * Text form (floats in the shortest form that reads back exactly, because
 * distributed engines ship partial states between nodes as text):
 *
 *   args=0.8,0.95; values=120.5,3,0
 *   args=; values=
 *
 * args are the aggregate's parameters (none for gini and abc_cuts(value),
 * the fraction of top_share, the points of lorenz, the two shares of
 * abc_cuts); values are the customers' values in no particular order.
 */
#include "postgres.h"

#include <math.h>

#include "lib/stringinfo.h"
#include "utils/memutils.h"

#include "concentration.h"
#include "portfolio.h"
#include "text_scan.h"

PG_FUNCTION_INFO_V1(concentration_state_in);
PG_FUNCTION_INFO_V1(concentration_state_out);

#define STATE_INITIAL_CAPACITY 64

/* ---------- allocation and growth ---------- */

ConcentrationState *
concentration_state_alloc(int32 nargs, const float8 *args, int64 capacity)
{
	ConcentrationState *state;
	Size		size;

	if (capacity > CONCENTRATION_STATE_MAX_COUNT)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a concentration aggregate cannot hold more than " INT64_FORMAT " values",
						CONCENTRATION_STATE_MAX_COUNT),
				 errdetail("Exact order statistics keep every value, and one state is limited to 1 GB."),
				 errhint("Aggregate groups of customers separately, or sample them.")));
	capacity = Max(capacity, STATE_INITIAL_CAPACITY);
	size = CONCENTRATION_STATE_HEADER + (Size) capacity * sizeof(float8);
	state = palloc0(size);		/* spare room zeroed: it is copied and stored */
	SET_VARSIZE(state, size);
	state->nargs = nargs;
	for (int i = 0; i < nargs; i++)
		state->args[i] = args[i];
	state->count = 0;
	return state;
}

ConcentrationState *
concentration_state_with_room(ConcentrationState *state, int64 extra, bool in_place)
{
	ConcentrationState *bigger;
	int64		needed = state->count + extra;

	if (in_place && needed <= CONCENTRATION_STATE_CAPACITY(state))
		return state;
	/* doubling, but not past the limit while what is needed still fits */
	bigger = concentration_state_alloc(state->nargs, state->args,
									   Max(needed, Min(state->count * 2,
													   CONCENTRATION_STATE_MAX_COUNT)));
	memcpy(bigger->values, state->values, sizeof(float8) * state->count);
	bigger->count = state->count;
	bigger->kind = state->kind;
	return bigger;
}

/* ---------- checks ---------- */

float8
concentration_check_value(float8 value)
{
	portfolio_check_finite(value, "value");
	if (value < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("value must not be negative"),
				 errdetail("The value given was %g.", value),
				 errhint("Filter out negative values (net returns, for example) or replace them with 0 before calling the function.")));
	return value + 0.0;			/* -0 and 0 are one value */
}

const char *
concentration_args_problem(int32 nargs, const float8 *args)
{
	if (nargs < 0 || nargs > CONCENTRATION_MAX_ARGS)
		return "at most two parameters";
	if (nargs == 1 && !(args[0] >= 0 && args[0] <= 1) &&
		!(args[0] == floor(args[0]) && args[0] >= 1 && args[0] <= CONCENTRATION_MAX_POINTS))
		return psprintf("a fraction between 0 and 1 or a number of points between 1 and %d",
						CONCENTRATION_MAX_POINTS);
	if (nargs == 2 && !concentration_abc_shares_valid(args[0], args[1]))
		return "shares with 0 < a_share <= b_share <= 1";
	return NULL;
}

static void
append_float8_list(StringInfo buf, const float8 *values, int64 count)
{
	for (int64 i = 0; i < count; i++)
	{
		if (i > 0)
			appendStringInfoChar(buf, ',');
		portfolio_append_float8(buf, values[i]);
	}
}

char *
concentration_args_text(int32 nargs, int kind, const float8 *args)
{
	StringInfoData buf;

	if (nargs == 0)
		return "none";
	initStringInfo(&buf);
	if (kind == CONCENTRATION_POINTS)
		appendStringInfoString(&buf, "points=");
	append_float8_list(&buf, args, nargs);
	return buf.data;
}

int
concentration_param_kind(const ConcentrationState *state)
{
	if (state->kind != CONCENTRATION_UNTAGGED)
		return state->kind;
	return state->nargs == 1 && state->args[0] >= 2 && state->args[0] == floor(state->args[0])
		? CONCENTRATION_POINTS : CONCENTRATION_FRACTION;
}

/* ---------- final functions' helpers ---------- */

float8 *
concentration_sorted_values(const ConcentrationState *state)
{
	float8	   *values = palloc(sizeof(float8) * state->count);
	float8	   *scratch = palloc(sizeof(float8) * state->count);

	memcpy(values, state->values, sizeof(float8) * state->count);
	concentration_sort(values, scratch, state->count);
	pfree(scratch);
	return values;
}

bool
concentration_has_shares(ConcentrationStatus status)
{
	if (status == CONCENTRATION_OVERFLOW)
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("A sum over the values exceeds the range of double precision."),
				 errhint("Scale the values down, to thousands for example.")));
	return status == CONCENTRATION_OK;
}

/* ---------- text I/O ---------- */

Datum
concentration_state_out(PG_FUNCTION_ARGS)
{
	ConcentrationState *state = DatumGetConcentrationState(PG_GETARG_DATUM(0));
	StringInfoData buf;

	initStringInfo(&buf);
	/* lorenz writes points= so that one point does not read back as top_share's 1 */
	if (state->nargs == 1 && concentration_param_kind(state) == CONCENTRATION_POINTS)
		appendStringInfoString(&buf, "points=");
	else
		appendStringInfoString(&buf, "args=");
	append_float8_list(&buf, state->args, state->nargs);
	appendStringInfoString(&buf, "; values=");
	append_float8_list(&buf, state->values, state->count);
	PG_RETURN_CSTRING(buf.data);
}

/* Whether a list item follows: false at the end of the list (";" or the end). */
static bool
scan_list_continues(Scanner *s, bool first)
{
	scan_skip_spaces(s);
	if (*s->p == '\0' || *s->p == ';')
		return false;
	if (!first)
		scan_expect(s, ",");
	return true;
}

/*
 * "args=" and up to two parameters, or "points=" and lorenz's number of
 * points; *kind gets what a single parameter is (args=: a fraction, or a
 * number of points when it can only be one, as 0.5.0 wrote lorenz states).
 */
static void
scan_args(Scanner *s, int32 *nargs, float8 *args, int16 *kind)
{
	const char *start;
	const char *problem;
	bool		points = scan_literal(s, "points=");

	if (!points)
		scan_expect(s, "args=");
	scan_skip_spaces(s);
	start = s->p;
	*nargs = 0;
	if (points)
	{
		args[0] = scan_float8(s, "a number of points");
		*nargs = 1;
		*kind = CONCENTRATION_POINTS;
		if (!(args[0] == floor(args[0]) && args[0] >= 1 && args[0] <= CONCENTRATION_MAX_POINTS))
		{
			s->p = start;
			scan_error(s, psprintf("a number of points between 1 and %d", CONCENTRATION_MAX_POINTS));
		}
		return;
	}
	while (scan_list_continues(s, *nargs == 0))
	{
		if (*nargs == CONCENTRATION_MAX_ARGS)
			scan_error(s, "\";\" after at most two parameters");
		args[(*nargs)++] = scan_float8(s, "a parameter");
	}
	problem = concentration_args_problem(*nargs, args);
	if (problem != NULL)
	{
		s->p = start;
		scan_error(s, problem);
	}
	*kind = CONCENTRATION_UNTAGGED;
	if (*nargs == 1)
	{
		ConcentrationState probe = {0};

		probe.nargs = 1;
		probe.args[0] = args[0];
		*kind = (int16) concentration_param_kind(&probe);
	}
}

Datum
concentration_state_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	Scanner		s = {input, input, "portfolio.concentration_state"};
	int32		nargs;
	float8		args[CONCENTRATION_MAX_ARGS] = {0, 0};
	int16		kind;
	ConcentrationState *state;

	scan_args(&s, &nargs, args, &kind);
	scan_expect(&s, ";");
	scan_expect(&s, "values=");
	state = concentration_state_alloc(nargs, args, STATE_INITIAL_CAPACITY);
	state->kind = kind;
	while (scan_list_continues(&s, state->count == 0))
	{
		const char *start;
		float8		value;
		ConcentrationState *bigger;

		scan_skip_spaces(&s);
		start = s.p;
		value = scan_float8(&s, "a value");
		if (value < 0)
		{
			s.p = start;
			scan_error(&s, "a value >= 0");
		}
		bigger = concentration_state_with_room(state, 1, true);
		if (bigger != state)
			pfree(state);
		state = bigger;
		state->values[state->count++] = value;
	}
	if (*s.p != '\0')
		scan_error(&s, "\",\" or the end of the text");
	PG_RETURN_POINTER(state);
}
