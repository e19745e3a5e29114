/*
 * lifecycle_core.h
 *		Lifecycle stage and traffic-light alert of one customer, from how
 *		overdue it is relative to its own purchase cadence.
 *
 * Pure C: no PostgreSQL headers.  The glue (lifecycle.c) reads the summary
 * fields, turns NULLs into errors and the problems reported here into
 * ereports; everything about the rules lives here.
 *
 *	cadence  = max(mean_gap, min_cadence) with frequency >= 1 and a mean gap,
 *			   else expected_gap (no cadence of its own yet)
 *	overdue  = days_since_last / cadence
 *
 * The comparisons are strict: an overdue ratio exactly at a threshold gets
 * the milder result.
 */
#ifndef PORTFOLIO_LIFECYCLE_CORE_H
#define PORTFOLIO_LIFECYCLE_CORE_H

#include <stdbool.h>
#include <stdint.h>

/* In the order of the labels of portfolio.lifecycle. */
typedef enum LifecycleStage
{
	LIFECYCLE_NEW, LIFECYCLE_ACTIVE, LIFECYCLE_AT_RISK, LIFECYCLE_LAPSED,
	LIFECYCLE_LOST, LIFECYCLE_REACTIVATED,
	LIFECYCLE_STAGES
} LifecycleStage;

/* In the order of the labels of portfolio.alert. */
typedef enum AlertLevel
{
	ALERT_GREEN, ALERT_YELLOW, ALERT_RED,
	ALERT_LEVELS
} AlertLevel;

extern const char *const lifecycle_stage_labels[LIFECYCLE_STAGES];
extern const char *const alert_level_labels[ALERT_LEVELS];

/* The summary fields the rules read. */
typedef struct CustomerHistory
{
	int32_t		days_since_last;
	int32_t		frequency;
	bool		has_gaps;		/* mean_gap is not NULL */
	double		mean_gap;		/* if has_gaps */
	/* read only for the reactivation rule (lifecycle_needs_gap_history) */
	int64_t		span;			/* last_date - first_date, days */
	int32_t		last_gap;
} CustomerHistory;

typedef struct CadenceParams
{
	double		expected_gap;	/* cadence of a customer without its own */
	double		min_cadence;	/* floor of a customer's own cadence */
} CadenceParams;

typedef struct LifecycleParams
{
	CadenceParams cadence;
	double		at_risk;
	double		lapsed;
	double		lost;
} LifecycleParams;

typedef struct AlertParams
{
	CadenceParams cadence;
	double		due;
	double		at_risk;
	double		p_alive_yellow;
	double		p_alive_red;
} AlertParams;

/* ---------- validation ---------- */

typedef enum LifecycleProblemKind
{
	LIFECYCLE_OK,
	LIFECYCLE_NOT_FINITE,		/* name is NaN or infinite */
	LIFECYCLE_NOT_POSITIVE,		/* name <= 0 */
	LIFECYCLE_NOT_PROBABILITY,	/* name outside [0, 1] */
	LIFECYCLE_OUT_OF_ORDER,		/* name > other */
	LIFECYCLE_NEGATIVE_FIELD,	/* summary field name < 0 */
	LIFECYCLE_MEAN_GAP_BELOW_ONE,	/* gaps are whole days >= 1 */
	LIFECYCLE_DATES_REVERSED,	/* last_date before first_date */
	LIFECYCLE_GAP_COUNT_NOT_WHOLE,	/* span / mean_gap is not a count >= 1 */
	LIFECYCLE_LAST_GAP_MISFIT	/* last_gap does not fit span and count */
} LifecycleProblemKind;

/*
 * What is wrong, for the glue to report: the parameter or field, the one it
 * is compared with, and their values (for LIFECYCLE_LAST_GAP_MISFIT:
 * value = last_gap, other_value = span, gap_count = the number of gaps).
 */
typedef struct LifecycleProblem
{
	LifecycleProblemKind kind;
	const char *name;
	const char *other;
	double		value;
	double		other_value;
	int64_t		gap_count;
} LifecycleProblem;

/*
 * Each check returns true when all is well, else false with *problem
 * describing the first thing to change.
 */
extern bool lifecycle_check_params(const LifecycleParams *params, LifecycleProblem *problem);
extern bool alert_check_params(const AlertParams *params, LifecycleProblem *problem);
extern bool alert_check_p_alive(double p_alive, LifecycleProblem *problem);

/* days_since_last, frequency and (when the cadence uses it) mean_gap. */
extern bool lifecycle_check_history(const CustomerHistory *history, LifecycleProblem *problem);

/*
 * Whether the reactivation rule reads span and last_gap: with frequency >= 1
 * and a mean gap.
 */
extern bool lifecycle_needs_gap_history(const CustomerHistory *history);

/* span and last_gap against mean_gap (call when the rule needs them). */
extern bool lifecycle_check_gap_history(const CustomerHistory *history, LifecycleProblem *problem);

/* ---------- the rules (on checked input) ---------- */

extern double lifecycle_cadence(const CustomerHistory *history, const CadenceParams *params);
extern double lifecycle_overdue(const CustomerHistory *history, const CadenceParams *params);

/* rint(span / mean_gap): how many gaps the mean was taken over. */
extern int64_t lifecycle_gap_count(int64_t span, double mean_gap);

/* The cadence before the last purchase (needs the gap history). */
extern double lifecycle_earlier_cadence(const CustomerHistory *history, const CadenceParams *params);

/* last_gap > lapsed * earlier cadence (needs the gap history). */
extern bool lifecycle_had_lapsed(const CustomerHistory *history, const LifecycleParams *params);

extern LifecycleStage lifecycle_stage_of(const CustomerHistory *history,
										 const LifecycleParams *params);

/* has_p_alive false: no model, the overdue ratio alone decides. */
extern AlertLevel alert_level_of(const CustomerHistory *history, bool has_p_alive,
								 double p_alive, const AlertParams *params);

#endif							/* PORTFOLIO_LIFECYCLE_CORE_H */
