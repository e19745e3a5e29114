/*
 * test_model_kind_core.c
 *		The model descriptors: every stored id and name finds its model and
 *		nothing else does, the shapes fit the state and the optimiser, and a
 *		fit through a descriptor gives the model's own fit, parameter by
 *		parameter in the order of its names (the result row's order).
 */
#include <string.h>

#include "unit.h"

#include "bgnbd_fit_core.h"
#include "bgbb_core.h"
#include "gamma_gamma_core.h"
#include "model_kind_core.h"
#include "pareto_nbd_core.h"
#include "sbg_core.h"

static const HistogramEntry bgnbd_histories[] = {
	{{0, 0, 30}, 50}, {{1, 10, 30}, 20}, {{2, 20, 35}, 10}, {{5, 30, 38}, 5}, {{3, 5, 32}, 8},
	{{1, 2, 36}, 12}, {{0, 0, 39}, 40},
};

static const HistogramEntry sbg_histories[] = {
	{{1, 1, 0}, 131}, {{2, 1, 0}, 126}, {{3, 1, 0}, 90}, {{4, 1, 0}, 60}, {{4, 0, 0}, 593},
};

static const HistogramEntry bgbb_histories[] = {
	{{0, 0, 6}, 40}, {{1, 1, 6}, 12}, {{2, 5, 6}, 9}, {{4, 6, 6}, 15}, {{6, 6, 6}, 20}, {{1, 3, 6}, 6},
};

static const HistogramEntry gg_histories[] = {
	{{1, 20, 0}, 10}, {{2, 35, 0}, 5}, {{4, 15, 0}, 3}, {{1, 50, 0}, 7}, {{3, 22, 0}, 4},
};

#define HISTORIES(a) (sizeof(a) / sizeof((a)[0]))

static void
test_lookups(void)
{
	for (int id = FIT_MODEL_FIRST; id <= FIT_MODEL_LAST; id++)
	{
		const ModelKind *kind = model_kind(id);
		bool		names_ok = true;

		CHECK(kind != NULL && kind->id == (FitModel) id, "model %d has a descriptor", id);
		if (kind == NULL)
			continue;
		CHECK(model_kind_named(kind->name, strlen(kind->name)) == kind,
			  "%s: found by its name", kind->name);
		CHECK(kind->history_values >= 1 && kind->history_values <= 3,
			  "%s: %d history values fit a state entry", kind->name, kind->history_values);
		CHECK(kind->parameters >= 1 && kind->parameters <= MODEL_MAX_PARAMETERS,
			  "%s: %d parameters fit the optimiser", kind->name, kind->parameters);
		for (int k = 0; k < kind->parameters; k++)
			for (int j = 0; j < k; j++)
				names_ok = names_ok && kind->parameter_names[k] != NULL &&
					strcmp(kind->parameter_names[k], kind->parameter_names[j]) != 0;
		CHECK(names_ok && kind->parameter_names[0] != NULL,
			  "%s: its parameters have distinct names", kind->name);
		CHECK(kind->history_problem != NULL && kind->fit != NULL, "%s: can check and fit", kind->name);
	}
	CHECK(model_kind(0) == NULL && model_kind(FIT_MODEL_LAST + 1) == NULL && model_kind(-1) == NULL,
		  "no descriptor for an id no model has");
	CHECK(model_kind_named("pareto", 6) == NULL, "no descriptor named pareto");
	CHECK(strcmp(model_kind_names(), "bgnbd, gamma_gamma, sbg, mbgnbd, bgbb or pareto_nbd") == 0,
		  "the names as a message lists them: %s", model_kind_names());
	CHECK(model_kind_named("bgnbd_x", 5) == model_kind(FIT_BGNBD) &&
		  model_kind_named("bgnbd", 3) == NULL && model_kind_named("bgnbdx", 6) == NULL,
		  "a name is matched on its length exactly");
}

static void
test_history_checks(void)
{
	const ModelKind *bg = model_kind(FIT_BGNBD);
	const ModelKind *gg = model_kind(FIT_GAMMA_GAMMA);
	double		late[3] = {1, 4, 3};
	double		fine[3] = {2, 1, 3};
	double		none[3] = {0, 5, 0};
	double		spend[3] = {2, 5, 0};
	const char *problem = bg->history_problem(late);

	CHECK(problem != NULL && strcmp(problem, bgnbd_history_problem(1, 4, 3)) == 0,
		  "bgnbd refuses recency past age as bgnbd_history_problem does (%s)",
		  problem ? problem : "accepted");
	CHECK(bg->history_problem(fine) == NULL, "bgnbd takes (2, 1, 3)");
	CHECK(gg->history_problem(none) != NULL, "gamma_gamma refuses a customer without repeat purchases");
	CHECK(gg->history_problem(spend) == NULL, "gamma_gamma takes (2, 5)");
	CHECK(model_kind(FIT_SBG)->history_problem((double[3]) {0, 1, 0}) != NULL &&
		  model_kind(FIT_SBG)->history_problem((double[3]) {0, 0, 0}) == NULL,
		  "sbg refuses churn at t = 0 and takes an active customer without renewals");
}

static void
test_fits(void)
{
	HistogramEntry entries[HISTORIES(bgnbd_histories)];
	double		params[MODEL_MAX_PARAMETERS];
	FitOutcome	direct;
	FitOutcome	seam;
	BgnbdParams bg;
	GammaGammaParams gg;

	memcpy(entries, bgnbd_histories, sizeof(entries));
	bgnbd_fit(entries, HISTORIES(entries), 0.01, NULL, &bg, &direct);
	memcpy(entries, bgnbd_histories, sizeof(entries));
	model_kind(FIT_BGNBD)->fit(entries, HISTORIES(entries), 0.01, NULL, params, &seam);
	CHECK(params[0] == bg.r && params[1] == bg.alpha && params[2] == bg.a && params[3] == bg.b &&
		  seam.loglik == direct.loglik && seam.converged == direct.converged,
		  "bgnbd through its descriptor: (r, alpha, a, b) = (%g, %g, %g, %g), the direct fit's",
		  params[0], params[1], params[2], params[3]);
	memcpy(entries, bgnbd_histories, sizeof(entries));
	mbgnbd_fit(entries, HISTORIES(entries), 0.0, NULL, &bg, &direct);
	memcpy(entries, bgnbd_histories, sizeof(entries));
	model_kind(FIT_MBGNBD)->fit(entries, HISTORIES(entries), 0.0, NULL, params, &seam);
	CHECK(params[0] == bg.r && params[1] == bg.alpha && params[2] == bg.a && params[3] == bg.b &&
		  seam.loglik == direct.loglik && seam.converged == direct.converged,
		  "mbgnbd through its descriptor: (r, alpha, a, b) = (%g, %g, %g, %g), the direct fit's",
		  params[0], params[1], params[2], params[3]);
	{
		ParetoNbdParams pn;

		/* these few histories do not identify a drop-out: s and beta run off together */
		memcpy(entries, bgnbd_histories, sizeof(entries));
		pareto_nbd_fit(entries, HISTORIES(entries), NULL, &pn, &direct);
		memcpy(entries, bgnbd_histories, sizeof(entries));
		model_kind(FIT_PARETO_NBD)->fit(entries, HISTORIES(entries), 0.0, NULL, params, &seam);
		CHECK(params[0] == pn.r && params[1] == pn.alpha && params[2] == pn.s && params[3] == pn.beta &&
			  seam.loglik == direct.loglik && seam.converged == direct.converged && !seam.converged &&
			  !seam.has_covariance && isfinite(seam.loglik),
			  "pareto_nbd through its descriptor: (r, alpha, s, beta) = (%g, %g, %g, %g), the direct "
			  "fit's, not converged (s and beta run off), a finite LL %g",
			  params[0], params[1], params[2], params[3], seam.loglik);
	}

	{
		HistogramEntry spend[HISTORIES(gg_histories)];

		memcpy(spend, gg_histories, sizeof(spend));
		gg_fit(spend, HISTORIES(spend), NULL, &gg, &direct);
		memcpy(spend, gg_histories, sizeof(spend));
		model_kind(FIT_GAMMA_GAMMA)->fit(spend, HISTORIES(spend), 0.0, NULL, params, &seam);
		CHECK(params[0] == gg.p && params[1] == gg.q && params[2] == gg.v &&
			  seam.loglik == direct.loglik && seam.converged == direct.converged,
			  "gamma_gamma through its descriptor: (p, q, v) = (%g, %g, %g), the direct fit's",
			  params[0], params[1], params[2]);
	}
	{
		HistogramEntry renewals[HISTORIES(sbg_histories)];
		SbgParams	sbg;

		memcpy(renewals, sbg_histories, sizeof(renewals));
		sbg_fit(renewals, HISTORIES(renewals), NULL, &sbg, &direct);
		model_kind(FIT_SBG)->fit(renewals, HISTORIES(renewals), 0.0, NULL, params, &seam);
		CHECK(params[0] == sbg.alpha && params[1] == sbg.beta && seam.loglik == direct.loglik &&
			  seam.converged == direct.converged,
			  "sbg through its descriptor: (alpha, beta) = (%g, %g), the direct fit's",
			  params[0], params[1]);
	}
	{
		HistogramEntry patterns[HISTORIES(bgbb_histories)];
		BgbbParams	bb;

		memcpy(patterns, bgbb_histories, sizeof(patterns));
		bgbb_fit(patterns, HISTORIES(patterns), NULL, &bb, &direct);
		model_kind(FIT_BGBB)->fit(patterns, HISTORIES(patterns), 0.0, NULL, params, &seam);
		CHECK(params[0] == bb.alpha && params[1] == bb.beta && params[2] == bb.gamma &&
			  params[3] == bb.delta && seam.loglik == direct.loglik &&
			  seam.converged == direct.converged,
			  "bgbb through its descriptor: (alpha, beta, gamma, delta) = (%g, %g, %g, %g), the direct fit's",
			  params[0], params[1], params[2], params[3]);
	}
}

void
test_model_kind_core(void)
{
	test_lookups();
	test_history_checks();
	test_fits();
}
