/*
 * bgnbd_simulate.c
 *		portfolio.bgnbd_simulate(m, customers, age, seed),
 *		portfolio.mbgnbd_simulate(...) and portfolio.pareto_nbd_simulate(...):
 *		purchases drawn from a BG/NBD, MBG/NBD or Pareto/NBD model, one row
 *		per purchase, customer by customer.
 *
 * Rows are produced one at a time (value-per-call), so a million customers
 * take no more memory than one; the draws are in bgnbd_simulate_core.c and
 * pareto_nbd_simulate_core.c and depend on the seed alone.
 */
#include "postgres.h"

#include "access/htup_details.h"
#include "funcapi.h"
#include "miscadmin.h"

#include "bgnbd_simulate_core.h"
#include "models.h"
#include "pareto_nbd_simulate_core.h"
#include "portfolio.h"

PG_FUNCTION_INFO_V1(bgnbd_simulate);
PG_FUNCTION_INFO_V1(mbgnbd_simulate);
PG_FUNCTION_INFO_V1(pareto_nbd_simulate);

typedef enum SimulatedModel
{
	SIM_BGNBD, SIM_MBGNBD, SIM_PARETO_NBD
} SimulatedModel;

typedef struct Simulation
{
	SimulatedModel model;
	BgnbdParams bgnbd;			/* BG/NBD and MBG/NBD */
	ParetoNbdParams pareto;
	Rng			rng;
	int32		customers;
	int32		current;		/* 1-based; 0 before the first customer */
	float8		age;
	BgnbdSimCustomer bgnbd_customer;
	ParetoSimCustomer pareto_customer;
} Simulation;

static Simulation *
simulation_start(FunctionCallInfo fcinfo, SimulatedModel model)
{
	Simulation *sim = palloc0(sizeof(Simulation));

	sim->model = model;
	if (model == SIM_PARETO_NBD)
		pareto_nbd_params_arg(fcinfo, 0, &sim->pareto);
	else if (model == SIM_MBGNBD)
		mbgnbd_params_arg(fcinfo, 0, &sim->bgnbd);
	else
		bgnbd_params_arg(fcinfo, 0, &sim->bgnbd);
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

/* The current customer's next purchase time into *t; false when it has no more. */
static bool
customer_next(Simulation *sim, float8 *t)
{
	if (sim->model == SIM_PARETO_NBD)
	{
		if (!pareto_nbd_sim_next(&sim->pareto_customer, &sim->rng, sim->age))
			return false;
		*t = sim->pareto_customer.t;
		return true;
	}
	if (!bgnbd_sim_next(&sim->bgnbd_customer, &sim->rng, sim->age))
		return false;
	*t = sim->bgnbd_customer.t;
	return true;
}

static void
customer_start(Simulation *sim)
{
	if (sim->model == SIM_PARETO_NBD)
		pareto_nbd_sim_start(&sim->pareto_customer, &sim->rng, &sim->pareto);
	else if (sim->model == SIM_MBGNBD)
		mbgnbd_sim_start(&sim->bgnbd_customer, &sim->rng, &sim->bgnbd);
	else
		bgnbd_sim_start(&sim->bgnbd_customer, &sim->rng, &sim->bgnbd);
}

/* The next purchase of the simulation, moving on to new customers as needed. */
static bool
simulation_next(Simulation *sim, float8 *t)
{
	while (sim->current == 0 || !customer_next(sim, t))
	{
		if (sim->current >= sim->customers)
			return false;
		sim->current++;
		customer_start(sim);
	}
	return true;
}

static Datum
simulate(FunctionCallInfo fcinfo, SimulatedModel model)
{
	FuncCallContext *funcctx;
	Simulation *sim;
	float8		t;

	if (SRF_IS_FIRSTCALL())
	{
		MemoryContext old;

		funcctx = SRF_FIRSTCALL_INIT();
		old = MemoryContextSwitchTo(funcctx->multi_call_memory_ctx);
		funcctx->user_fctx = simulation_start(fcinfo, model);
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
	return simulate(fcinfo, SIM_BGNBD);
}

Datum
mbgnbd_simulate(PG_FUNCTION_ARGS)
{
	return simulate(fcinfo, SIM_MBGNBD);
}

Datum
pareto_nbd_simulate(PG_FUNCTION_ARGS)
{
	return simulate(fcinfo, SIM_PARETO_NBD);
}
