/*
 * model_kind_core.c
 *		The descriptors of the lifetime-value models.  See model_kind_core.h.
 */
#include "model_kind_core.h"

#include <stdio.h>
#include <string.h>

#include "bgbb_core.h"
#include "bgnbd_fit_core.h"
#include "gamma_gamma_core.h"
#include "pareto_nbd_core.h"
#include "sbg_core.h"

static const char *
bgnbd_history(const double v[3])
{
	return bgnbd_history_problem(v[0], v[1], v[2]);
}

/* (r, alpha, a, b), the parameters of BG/NBD and MBG/NBD in descriptor order */
static void
bgnbd_family_params(const BgnbdParams *m, double *params)
{
	params[0] = m->r;
	params[1] = m->alpha;
	params[2] = m->a;
	params[3] = m->b;
}

static void
bgnbd_fit_params(HistogramEntry *entries, size_t n, double penalizer, InterruptPoll poll,
				 double *params, FitOutcome *outcome)
{
	BgnbdParams m;

	bgnbd_fit(entries, n, penalizer, poll, &m, outcome);
	bgnbd_family_params(&m, params);
}

static void
mbgnbd_fit_params(HistogramEntry *entries, size_t n, double penalizer, InterruptPoll poll,
				  double *params, FitOutcome *outcome)
{
	BgnbdParams m;

	mbgnbd_fit(entries, n, penalizer, poll, &m, outcome);
	bgnbd_family_params(&m, params);
}

static void
pareto_nbd_fit_params(HistogramEntry *entries, size_t n, double penalizer, InterruptPoll poll,
					  double *params, FitOutcome *outcome)
{
	ParetoNbdParams m;

	(void) penalizer;
	pareto_nbd_fit(entries, n, poll, &m, outcome);
	params[0] = m.r;
	params[1] = m.alpha;
	params[2] = m.s;
	params[3] = m.beta;
}

/* Gamma-Gamma learns from repeat buyers only: the aggregate skips the others. */
static const char *
gg_history(const double v[3])
{
	return v[0] == 0 ? "frequency must be at least 1" : gg_customer_problem(v[0], v[1]);
}

static void
gg_fit_params(HistogramEntry *entries, size_t n, double penalizer, InterruptPoll poll,
			  double *params, FitOutcome *outcome)
{
	GammaGammaParams m;

	(void) penalizer;
	gg_fit(entries, n, poll, &m, outcome);
	params[0] = m.p;
	params[1] = m.q;
	params[2] = m.v;
}

static const char *
sbg_history(const double v[3])
{
	return sbg_history_problem(v[0], v[1]);
}

static void
sbg_fit_params(HistogramEntry *entries, size_t n, double penalizer, InterruptPoll poll,
			   double *params, FitOutcome *outcome)
{
	SbgParams	m;

	(void) penalizer;
	sbg_fit(entries, n, poll, &m, outcome);
	params[0] = m.alpha;
	params[1] = m.beta;
}

static const char *
bgbb_history(const double v[3])
{
	return bgbb_history_problem(v[0], v[1], v[2]);
}

static void
bgbb_fit_params(HistogramEntry *entries, size_t n, double penalizer, InterruptPoll poll,
				double *params, FitOutcome *outcome)
{
	BgbbParams	m;

	(void) penalizer;
	bgbb_fit(entries, n, poll, &m, outcome);
	params[0] = m.alpha;
	params[1] = m.beta;
	params[2] = m.gamma;
	params[3] = m.delta;
}

static const ModelKind model_kinds[] = {
	{
		.id = FIT_BGNBD,
		.name = "bgnbd",
		.history_values = 3,
		.history_fields = {TEXT_FREQUENCY, TEXT_RECENCY, TEXT_AGE},
		.parameters = 4,
		.parameter_names = {"r", "alpha", "a", "b"},
		.penalized = true,
		.has_unit = true,
		.history_problem = bgnbd_history,
		.fit = bgnbd_fit_params,
	},
	{
		.id = FIT_GAMMA_GAMMA,
		.name = "gamma_gamma",
		.history_values = 2,
		.history_fields = {TEXT_FREQUENCY, TEXT_MONETARY},
		.parameters = 3,
		.parameter_names = {"p", "q", "v"},
		.penalized = false,
		.has_unit = false,
		.history_problem = gg_history,
		.fit = gg_fit_params,
	},
	{
		.id = FIT_SBG,
		.name = "sbg",
		.history_values = 2,
		.history_fields = {TEXT_PERIOD, TEXT_CHURNED},
		.parameters = 2,
		.parameter_names = {"alpha", "beta"},
		.penalized = false,
		.has_unit = false,
		.history_problem = sbg_history,
		.fit = sbg_fit_params,
	},
	{
		.id = FIT_MBGNBD,
		.name = "mbgnbd",
		.history_values = 3,
		.history_fields = {TEXT_FREQUENCY, TEXT_RECENCY, TEXT_AGE},
		.parameters = 4,
		.parameter_names = {"r", "alpha", "a", "b"},
		.penalized = false,
		.has_unit = true,
		.history_problem = bgnbd_history,
		.fit = mbgnbd_fit_params,
	},
	{
		.id = FIT_BGBB,
		.name = "bgbb",
		.history_values = 3,
		.history_fields = {TEXT_FREQUENCY, TEXT_RECENCY, TEXT_OPPORTUNITIES},
		.parameters = 4,
		.parameter_names = {"alpha", "beta", "gamma", "delta"},
		.penalized = false,
		.has_unit = false,
		.history_problem = bgbb_history,
		.fit = bgbb_fit_params,
	},
	{
		.id = FIT_PARETO_NBD,
		.name = "pareto_nbd",
		.history_values = 3,
		.history_fields = {TEXT_FREQUENCY, TEXT_RECENCY, TEXT_AGE},
		.parameters = 4,
		.parameter_names = {"r", "alpha", "s", "beta"},
		.penalized = false,
		.has_unit = true,
		.history_problem = bgnbd_history,
		.fit = pareto_nbd_fit_params,
	},
};

#define MODEL_KINDS (sizeof(model_kinds) / sizeof(model_kinds[0]))

const ModelKind *
model_kind(int64_t id)
{
	for (size_t i = 0; i < MODEL_KINDS; i++)
		if (model_kinds[i].id == id)
			return &model_kinds[i];
	return NULL;
}

const char *
model_kind_names(void)
{
	static char names[256];

	if (names[0] == '\0')
		for (size_t i = 0; i < MODEL_KINDS; i++)
		{
			size_t		used = strlen(names);

			snprintf(names + used, sizeof(names) - used, "%s%s",
					 i == 0 ? "" : i + 1 == MODEL_KINDS ? " or " : ", ", model_kinds[i].name);
		}
	return names;
}

const ModelKind *
model_kind_named(const char *name, size_t len)
{
	for (size_t i = 0; i < MODEL_KINDS; i++)
		if (strlen(model_kinds[i].name) == len && strncmp(model_kinds[i].name, name, len) == 0)
			return &model_kinds[i];
	return NULL;
}
