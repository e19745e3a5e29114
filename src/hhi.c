/*
 * hhi.c
 *		The portfolio.hhi aggregate: the Herfindahl-Hirschman index, the sum
 *		of the customers' squared shares of the total.
 *
 * It needs only sums, so its state is a fixed float8[] that distributed
 * engines ship as text, updated in place inside an aggregate as core's
 * float8_accum does (called directly, the functions never modify their
 * input):
 *
 *   {n, sum of x, its compensation, sum of x^2, its compensation}
 *
 * Both sums are compensated (Neumaier) and combine merges them the same
 * way, so serial and parallel plans agree to within a rounding or two of
 * the final division.  A square beyond the float8 range is 22003, as core's
 * float8 multiplication raises for overflow and for underflow to 0.
 */
#include "postgres.h"

#include <math.h>

#include "catalog/pg_type.h"
#include "utils/array.h"
#include "utils/float.h"

#include "concentration.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(hhi_accum);
PG_FUNCTION_INFO_V1(hhi_combine);
PG_FUNCTION_INFO_V1(hhi_final);

#define HHI_N 0
#define HHI_SUM 1				/* and its compensation at HHI_SUM + 1 */
#define HHI_SUM_SQUARES 3		/* and its compensation at HHI_SUM_SQUARES + 1 */
#define HHI_LENGTH 5

static void
malformed_state(const char *detail)
{
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
			 errmsg("malformed hhi state"),
			 errdetail("%s", detail),
			 errhint("Pass only states made by the hhi aggregate's own functions.")));
}

/* The five numbers of a state, after checking its shape and values. */
static float8 *
state_values(ArrayType *state)
{
	float8	   *v;

	if (ARR_NDIM(state) != 1 || ARR_DIMS(state)[0] != HHI_LENGTH ||
		ARR_HASNULL(state) || ARR_ELEMTYPE(state) != FLOAT8OID)
		malformed_state("The state of hhi is a one-dimensional double precision array of 5 non-null numbers: n, the sum of the values and its compensation, the sum of their squares and its compensation.");
	v = (float8 *) ARR_DATA_PTR(state);
	for (int i = 0; i < HHI_LENGTH; i++)
		if (isnan(v[i]) || isinf(v[i]))
			malformed_state("Every number of the state must be finite.");
	if (v[HHI_N] < 0 || v[HHI_N] != floor(v[HHI_N]) ||
		v[HHI_SUM] + v[HHI_SUM + 1] < 0 || v[HHI_SUM_SQUARES] + v[HHI_SUM_SQUARES + 1] < 0)
		malformed_state("n must be a whole number >= 0 and the sums must not be negative.");
	return v;
}

static void
check_sums(const float8 *v)
{
	if (!isfinite(v[HHI_SUM] + v[HHI_SUM + 1]) ||
		!isfinite(v[HHI_SUM_SQUARES] + v[HHI_SUM_SQUARES + 1]))
		ereport(ERROR,
				(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
				 errmsg("value out of range: overflow"),
				 errdetail("The sum of the values or of their squares exceeds the range of double precision."),
				 errhint("Scale the values down, to thousands for example.")));
}

static void
add_sum(float8 *v, int at, float8 x)
{
	CompensatedSum s = {v[at], v[at + 1]};

	compensated_add(&s, x);
	v[at] = s.sum;
	v[at + 1] = s.comp;
}

/* hhi_accum(state, value), strict */
Datum
hhi_accum(PG_FUNCTION_ARGS)
{
	ArrayType  *state = portfolio_array_to_update(fcinfo, 0);
	float8	   *v = state_values(state);
	float8		x = concentration_check_value(PG_GETARG_FLOAT8(1));
	float8		square = x * x;

	if (isinf(square))
		float_overflow_error();
	if (square == 0 && x != 0)
		float_underflow_error();
	v[HHI_N] += 1;
	add_sum(v, HHI_SUM, x);
	add_sum(v, HHI_SUM_SQUARES, square);
	check_sums(v);
	PG_RETURN_ARRAYTYPE_P(state);
}

/* hhi_combine(left, right), strict: right's counts and sums added to left's */
Datum
hhi_combine(PG_FUNCTION_ARGS)
{
	ArrayType  *left = portfolio_array_to_update(fcinfo, 0);
	float8	   *l = state_values(left);
	float8	   *r = state_values(PG_GETARG_ARRAYTYPE_P(1));

	for (int at = HHI_SUM; at <= HHI_SUM_SQUARES; at += 2)
	{
		CompensatedSum ls = {l[at], l[at + 1]};
		CompensatedSum rs = {r[at], r[at + 1]};

		compensated_merge(&ls, &rs);
		l[at] = ls.sum;
		l[at + 1] = ls.comp;
	}
	l[HHI_N] += r[HHI_N];
	check_sums(l);
	PG_RETURN_ARRAYTYPE_P(left);
}

/* hhi_final(state): NULL for no values or all zero */
Datum
hhi_final(PG_FUNCTION_ARGS)
{
	float8	   *v = state_values(PG_GETARG_ARRAYTYPE_P(0));
	float8		hhi;

	if (v[HHI_N] == 0 ||
		!concentration_has_shares(concentration_hhi(v[HHI_N], v[HHI_SUM] + v[HHI_SUM + 1],
													v[HHI_SUM_SQUARES] + v[HHI_SUM_SQUARES + 1],
													&hhi)))
		PG_RETURN_NULL();
	PG_RETURN_FLOAT8(hhi);
}
