/*
 * models.h
 *		What the SQL glue of the lifetime-value models shares: reading a
 *		model argument, and checking a customer's history.
 */
#ifndef PORTFOLIO_MODELS_H
#define PORTFOLIO_MODELS_H

#include "postgres.h"

#include <float.h>

#include "access/htup.h"
#include "access/tupdesc.h"
#include "fmgr.h"

#include "compat.h"

#include "bgnbd_core.h"
#include "gamma_gamma_core.h"
#include "pareto_nbd_core.h"

/*
 * The fields of the portfolio.bgnbd row type, in order (and of
 * portfolio.mbgnbd's, and portfolio.pareto_nbd's with s and beta for a, b).
 */
typedef enum BgnbdColumn
{
	BGNBD_R, BGNBD_ALPHA, BGNBD_A, BGNBD_B, BGNBD_LOGLIK, BGNBD_CUSTOMERS,
	BGNBD_CONVERGED, BGNBD_UNIT, BGNBD_VCOV,
	BGNBD_COLUMNS
} BgnbdColumn;

/* The fields of the portfolio.gamma_gamma row type, in order. */
typedef enum GammaGammaColumn
{
	GG_P, GG_Q, GG_V, GG_LOGLIK, GG_CUSTOMERS, GG_CONVERGED, GG_VCOV,
	GG_COLUMNS
} GammaGammaColumn;

/* Field attno of a model row as a float8 that must be finite and > 0 (22004/22023). */
extern float8 model_parameter(HeapTupleHeader row, int attno, const char *model,
							  const char *name);

/* The parameters of a portfolio.bgnbd argument (22004/22023 if unusable). */
extern void bgnbd_params_arg(FunctionCallInfo fcinfo, int argno, BgnbdParams *m);

/* The parameters of a portfolio.mbgnbd argument (22004/22023 if unusable). */
extern void mbgnbd_params_arg(FunctionCallInfo fcinfo, int argno, BgnbdParams *m);

/*
 * The SQL functions of the BG/NBD family (bgnbd.c), for BG/NBD or, with
 * first_drop, MBG/NBD (mbgnbd_core.h): the same arguments for both, the
 * model argument of the family's type.
 */
extern Datum family_new(FunctionCallInfo fcinfo, bool first_drop);
extern Datum family_p_alive(FunctionCallInfo fcinfo, bool first_drop);
extern Datum family_expected_new(FunctionCallInfo fcinfo, bool first_drop);
extern Datum family_expected(FunctionCallInfo fcinfo, bool first_drop);
extern Datum family_p_alive_future(FunctionCallInfo fcinfo, bool first_drop);
extern Datum family_dert(FunctionCallInfo fcinfo, bool first_drop);
extern Datum family_pmf(FunctionCallInfo fcinfo, bool first_drop);
extern Datum family_clv(FunctionCallInfo fcinfo, bool first_drop);
extern Datum family_clv_by_period(FunctionCallInfo fcinfo, bool first_drop);

/*
 * The customers a weighted fit's row stands for, in argument argno (name
 * names it): a whole number from 0 to 2^53, the largest a float8 holds
 * exactly (22023).
 */
#define MAX_EXACT_CUSTOMERS 9007199254740992.0
extern int64 customers_weight_arg(FunctionCallInfo fcinfo, int argno, const char *name);

/* The parameters of a portfolio.pareto_nbd argument (22004/22023 if unusable). */
extern void pareto_nbd_params_arg(FunctionCallInfo fcinfo, int argno, ParetoNbdParams *m);

/* The arguments of clv and clv_by_period after the two models, checked (bgnbd.c). */
typedef struct ClvArgs
{
	double		h[3];
	float8		monetary;
	int32		periods;
	float8		period_length;
	float8		discount_rate;
} ClvArgs;

extern void clv_args(FunctionCallInfo fcinfo, ClvArgs *a);

/*
 * One row of clv_by_period for period i with purchases expected purchases:
 * (period, expected purchases, expected revenue at spend each, discount
 * factor (1 + d)^-i from log_discount = ln(1 + d), discounted value).
 */
extern HeapTuple clv_period_tuple(TupleDesc desc, int i, double purchases, double spend,
								  double log_discount);

/* The parameters of a portfolio.gamma_gamma argument (22004/22023 if unusable). */
extern void gg_params_arg(FunctionCallInfo fcinfo, int argno, GammaGammaParams *m);

/* bgnbd_history_problem's report (bgnbd_core.h): 22023, saying what is wrong. */
pg_noreturn extern void report_bgnbd_history(float8 frequency, float8 recency, float8 age);

/*
 * Inline, for the prediction functions that check a history per row: the
 * usual history passes with a few comparisons (a whole frequency below 2^52
 * survives the round trip through an integer; from 2^52 on every double is
 * whole), and only a bad one goes on to say what is wrong.
 */
static inline void
check_bgnbd_history(float8 frequency, float8 recency, float8 age)
{
	bool		whole = frequency < 4503599627370496.0 ?
		frequency == (float8) (int64) frequency : frequency <= DBL_MAX;

	if (!(frequency >= 0 && whole && recency >= 0 && recency <= age && age <= DBL_MAX &&
		  (frequency > 0 || recency == 0)))
		report_bgnbd_history(frequency, recency, age);
}

/* gg_customer_problem's checks (gamma_gamma_core.h), 22023 on a problem. */
extern void check_gg_customer(float8 frequency, float8 monetary);

/* A model time (t, age, period_length): finite and >= 0 (22023). */
extern void check_model_time(float8 value, const char *argname);

/* A prediction, which must be finite (22003 when it overflows a float8). */
extern float8 check_prediction(float8 value, const char *what);

/* A parameter given to a model constructor: finite and > 0 (22023). */
extern void check_model_parameter(float8 value, const char *model, const char *name);

/* DERT's delta: finite and > 0 (22023). */
extern void check_dert_delta(float8 delta);

/* A pmf's n: >= 0 (22023). */
extern void check_purchase_count(int32 n);

/* gg_expected_spend, or 22023 when the model gives this customer no finite mean. */
extern float8 gg_expected_spend_checked(const GammaGammaParams *gg, float8 frequency,
										float8 monetary);

#endif							/* PORTFOLIO_MODELS_H */
