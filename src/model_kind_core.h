/*
 * model_kind_core.h
 *		The seam between the lifetime-value models and everything that
 *		handles them generically: one descriptor per model, so that the
 *		fit_histogram state, its codecs and the fitting aggregates' glue
 *		never ask "BG/NBD or Gamma-Gamma?".  Pure C.
 *
 * Adding a model: its pure core (history check, fit), one entry in
 * model_kinds[] (model_kind_core.c) with a new FitModel value, its
 * transition and final functions in the glue (model_fit.c, which builds the
 * result row from the descriptor), and its SQL (src/sql/models.sql).
 */
#ifndef PORTFOLIO_MODEL_KIND_CORE_H
#define PORTFOLIO_MODEL_KIND_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "histogram_core.h"
#include "interrupt_poll.h"
#include "optimize_core.h"
#include "text_codec.h"

/*
 * The models a fit_histogram state can hold.  The value is stored in the
 * text and binary forms of the state: never renumber one.
 */
typedef enum FitModel
{
	FIT_BGNBD = 1,				/* v = (frequency, recency, age) */
	FIT_GAMMA_GAMMA = 2,		/* v = (frequency, monetary, 0) */
	FIT_SBG = 3,				/* v = (t, churned 0 or 1, 0) */
	FIT_MBGNBD = 4,				/* v = (frequency, recency, age) */
	FIT_BGBB = 5,				/* v = (frequency, recency, n opportunities) */
	FIT_PARETO_NBD = 6			/* v = (frequency, recency, age) */
} FitModel;

#define FIT_MODEL_FIRST FIT_BGNBD
#define FIT_MODEL_LAST FIT_PARETO_NBD

/* The most parameters a model has (the optimiser's limit). */
#define MODEL_MAX_PARAMETERS OPTIMIZE_MAX_VARS

/*
 * Fit over n > 0 distinct histories, checked by history_problem (entries
 * may be reordered); params[] gets the model's parameters in the order of
 * parameter_names.  penalizer is 0 for a model that takes none.
 */
typedef void (*ModelFit) (HistogramEntry *entries, size_t n, double penalizer,
						  InterruptPoll poll, double *params, FitOutcome *outcome);

typedef struct ModelKind
{
	FitModel	id;
	const char *name;			/* as the SQL type and the state's text name it */
	int			history_values; /* values of a history in the state: 1..3 */
	TextProblem history_fields[3];	/* what the text form calls each value */
	int			parameters;
	const char *parameter_names[MODEL_MAX_PARAMETERS];
	bool		penalized;		/* takes a penalizer (the state stores it) */
	bool		has_unit;		/* its result row names the summaries' unit */

	/* Why the fit refuses a history (a sentence fragment), or NULL. */
	const char *(*history_problem) (const double v[3]);
	ModelFit	fit;
} ModelKind;

/* The model stored as id, or NULL if there is none. */
extern const ModelKind *model_kind(int64_t id);

/* The model of that name (len bytes, not terminated), or NULL. */
extern const ModelKind *model_kind_named(const char *name, size_t len);

/* Every model's name, as a message lists them: "bgnbd or gamma_gamma". */
extern const char *model_kind_names(void);

#endif							/* PORTFOLIO_MODEL_KIND_CORE_H */
