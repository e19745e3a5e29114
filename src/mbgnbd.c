/*
 * mbgnbd.c
 *		The MBG/NBD model in SQL (Batislam, Denizel & Filiztekin 2007): the
 *		constructor portfolio.mbgnbd(r, alpha, a, b) and its predictions.
 *
 * The functions are the BG/NBD family's (bgnbd.c) with the drop-out chance
 * at t = 0 (mbgnbd_core.h); the fit is in model_fit.c, the simulator in
 * bgnbd_simulate.c.
 */
#include "postgres.h"

#include "fmgr.h"

#include "models.h"

PG_FUNCTION_INFO_V1(mbgnbd_new);
PG_FUNCTION_INFO_V1(mbgnbd_p_alive_sql);
PG_FUNCTION_INFO_V1(mbgnbd_expected_new_sql);
PG_FUNCTION_INFO_V1(mbgnbd_expected_sql);
PG_FUNCTION_INFO_V1(mbgnbd_pmf_sql);
PG_FUNCTION_INFO_V1(mbgnbd_p_alive_future_sql);
PG_FUNCTION_INFO_V1(mbgnbd_dert_sql);
PG_FUNCTION_INFO_V1(mbgnbd_clv_sql);
PG_FUNCTION_INFO_V1(mbgnbd_clv_by_period);

Datum
mbgnbd_new(PG_FUNCTION_ARGS)
{
	return family_new(fcinfo, true);
}

Datum
mbgnbd_p_alive_sql(PG_FUNCTION_ARGS)
{
	return family_p_alive(fcinfo, true);
}

Datum
mbgnbd_expected_new_sql(PG_FUNCTION_ARGS)
{
	return family_expected_new(fcinfo, true);
}

Datum
mbgnbd_expected_sql(PG_FUNCTION_ARGS)
{
	return family_expected(fcinfo, true);
}

Datum
mbgnbd_pmf_sql(PG_FUNCTION_ARGS)
{
	return family_pmf(fcinfo, true);
}

Datum
mbgnbd_p_alive_future_sql(PG_FUNCTION_ARGS)
{
	return family_p_alive_future(fcinfo, true);
}

Datum
mbgnbd_dert_sql(PG_FUNCTION_ARGS)
{
	return family_dert(fcinfo, true);
}

Datum
mbgnbd_clv_sql(PG_FUNCTION_ARGS)
{
	return family_clv(fcinfo, true);
}

Datum
mbgnbd_clv_by_period(PG_FUNCTION_ARGS)
{
	return family_clv_by_period(fcinfo, true);
}
