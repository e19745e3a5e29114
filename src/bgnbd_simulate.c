/*
 * bgnbd_simulate.c
 *		portfolio.bgnbd_simulate(m, customers, age, seed) and
 *		portfolio.mbgnbd_simulate(...): purchases drawn from a BG/NBD or an
 *		MBG/NBD model, one row per purchase, customer by customer.
 *
 * Rows are produced one at a time (value-per-call), so a million customers
 * take no more memory than one; the draws are in bgnbd_simulate_core.c and
 * depend on the seed alone.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"

#include "bgnbd_simulate_core.h"
#include "models.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(bgnbd_simulate);
PG_FUNCTION_INFO_V1(mbgnbd_simulate);

/* bgnbd_sim_start or mbgnbd_sim_start: which model the customers come from */
typedef void (*CustomerStart) (BgnbdSimCustomer *c, Rng *rng, const BgnbdParams *m);

typedef struct Simulation
{
	CustomerStart start;
	BgnbdParams model;
	Rng			rng;
	int32		customers;
	int32		current;		/* 1-based; 0 before the first customer */
	float8		age;
	BgnbdSimCustomer customer;
} Simulation;

static Simulation *
simulation_start(FunctionCallInfo fcinfo, CustomerStart start)
{
	Simulation *sim = palloc0(sizeof(Simulation));

	sim->start = start;
	if (start == mbgnbd_sim_start)
		mbgnbd_params_arg(fcinfo, 0, &sim->model);
	else
		bgnbd_params_arg(fcinfo, 0, &sim->model);
	sim->customers = PG_GETARG_INT32(1);
	sim->age = PG_GETARG_FLOAT8(2);
	if (sim->customers < 0)
		ereport(ERROR,
				(errcode(ERRCODE_INVALID_PARAMETER_VALUE),
				 errmsg("customers must not be negative"),
				 errdetail("The value given was %d.", sim->customers)));
	check_model_time(sim->age, "age");
	rng_seed(&sim->rng, (uint64) PG_GETARG_INT64(3));
	return sim;
}

/* The next purchase of the simulation, moving on to new customers as needed. */
static bool
simulation_next(Simulation *sim, float8 *t)
{
	while (sim->current == 0 || !bgnbd_sim_next(&sim->customer, &sim->rng, sim->age))
	{
		if (sim->current >= sim->customers)
			return false;
		sim->current++;
		sim->start(&sim->customer, &sim->rng, &sim->model);
	}
	*t = sim->customer.t;
	return true;
}

static Datum
simulate(FunctionCallInfo fcinfo, CustomerStart start)
{
	FuncCallContext *funcctx;
	Simulation *sim;
	float8		t;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		funcctx->user_fctx = simulation_start(fcinfo, start);
		funcctx->tuple_desc = portfolio_make_result_tupdesc(fcinfo, funcctx->multi_call_memory_ctx);
		MemoryContextSwitchTo(old);
	}
	funcctx = SRF_PERCALL_SETUP();
	sim = (Simulation *) funcctx->user_fctx;
	CHECK_FOR_INTERRUPTS();
	if (simulation_next(sim, &t))
	{
		Datum		values[2] = {Int32GetDatum(sim->current), Float8GetDatum(t)};
		bool		nulls[2] = {false, false};

		SRF_RETURN_NEXT(funcctx, HeapTupleGetDatum(heap_form_tuple(funcctx->tuple_desc,
																	values, nulls)));
	}
	SRF_RETURN_DONE(funcctx);
}

Datum
bgnbd_simulate(PG_FUNCTION_ARGS)
{
	return simulate(fcinfo, bgnbd_sim_start);
}

Datum
mbgnbd_simulate(PG_FUNCTION_ARGS)
{
	return simulate(fcinfo, mbgnbd_sim_start);
}
