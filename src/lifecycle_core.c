/*
 * lifecycle_core.c
 *		Cadence, overdue ratio, lifecycle stage and alert level of one
 *		customer, and the checks of their parameters and summary fields.
 */
#include "lifecycle_core.h"

#include <math.h>
#include <stddef.h>

const char *const lifecycle_stage_labels[LIFECYCLE_STAGES] = {
	"new", "active", "at_risk", "lapsed", "lost", "reactivated"
};

const char *const alert_level_labels[ALERT_LEVELS] = {
	"green", "yellow", "red"
};

/*
 * How far span / mean_gap may be from a whole number.  A summary's mean gap
 * is span / n rounded once; dividing span by it again gives n within
 * n * 2^-52 (two roundings of relative size 2^-53), and n <= span < 2^31 days
 * (the whole range of date), so within 5e-7: exact rint, and never rejected
 * here.  A mean printed with 15 significant digits (extra_float_digits = 0)
 * and read back is off by at most 5e-15 relative, so its count is still
 * within 1e-6 for up to 200 million gaps.
 */
#define GAP_COUNT_TOLERANCE 1e-6

/* ---------- validation ---------- */

static bool
problem(LifecycleProblem *p, LifecycleProblemKind kind, const char *name, double value)
{
	p->kind = kind;
	p->name = name;
	p->other = NULL;
	p->value = value;
	p->other_value = 0;
	p->gap_count = 0;
	return false;
}

static bool
order_problem(LifecycleProblem *p, const char *name, double value,
			  const char *other, double other_value)
{
	problem(p, LIFECYCLE_OUT_OF_ORDER, name, value);
	p->other = other;
	p->other_value = other_value;
	return false;
}

static bool
check_positive(const char *name, double value, LifecycleProblem *p)
{
	if (!isfinite(value))
		return problem(p, LIFECYCLE_NOT_FINITE, name, value);
	if (!(value > 0))
		return problem(p, LIFECYCLE_NOT_POSITIVE, name, value);
	return true;
}

static bool
check_probability(const char *name, double value, LifecycleProblem *p)
{
	if (!isfinite(value))
		return problem(p, LIFECYCLE_NOT_FINITE, name, value);
	if (value < 0 || value > 1)
		return problem(p, LIFECYCLE_NOT_PROBABILITY, name, value);
	return true;
}

static bool
check_order(const char *name, double value, const char *other, double other_value,
			LifecycleProblem *p)
{
	if (value > other_value)
		return order_problem(p, name, value, other, other_value);
	return true;
}

bool
lifecycle_check_params(const LifecycleParams *params, LifecycleProblem *p)
{
	p->kind = LIFECYCLE_OK;
	return check_positive("expected_gap", params->cadence.expected_gap, p) &&
		check_positive("at_risk", params->at_risk, p) &&
		check_positive("lapsed", params->lapsed, p) &&
		check_positive("lost", params->lost, p) &&
		check_positive("min_cadence", params->cadence.min_cadence, p) &&
		check_order("at_risk", params->at_risk, "lapsed", params->lapsed, p) &&
		check_order("lapsed", params->lapsed, "lost", params->lost, p);
}

bool
alert_check_params(const AlertParams *params, LifecycleProblem *p)
{
	p->kind = LIFECYCLE_OK;
	return check_positive("due", params->due, p) &&
		check_positive("at_risk", params->at_risk, p) &&
		check_probability("p_alive_yellow", params->p_alive_yellow, p) &&
		check_probability("p_alive_red", params->p_alive_red, p) &&
		check_positive("expected_gap", params->cadence.expected_gap, p) &&
		check_positive("min_cadence", params->cadence.min_cadence, p) &&
		check_order("due", params->due, "at_risk", params->at_risk, p) &&
		check_order("p_alive_red", params->p_alive_red,
					"p_alive_yellow", params->p_alive_yellow, p);
}

bool
alert_check_p_alive(double p_alive, LifecycleProblem *p)
{
	p->kind = LIFECYCLE_OK;
	return check_probability("p_alive", p_alive, p);
}

/* Whether the cadence is the customer's own: frequency >= 1 and a mean gap. */
static bool
has_own_cadence(const CustomerHistory *h)
{
	return h->frequency >= 1 && h->has_gaps;
}

bool
lifecycle_check_history(const CustomerHistory *h, LifecycleProblem *p)
{
	p->kind = LIFECYCLE_OK;
	if (h->days_since_last < 0)
		return problem(p, LIFECYCLE_NEGATIVE_FIELD, "days_since_last", h->days_since_last);
	if (h->frequency < 0)
		return problem(p, LIFECYCLE_NEGATIVE_FIELD, "frequency", h->frequency);
	/* NaN fails the comparison too */
	if (has_own_cadence(h) && !(isfinite(h->mean_gap) && h->mean_gap >= 1))
		return problem(p, LIFECYCLE_MEAN_GAP_BELOW_ONE, "mean_gap", h->mean_gap);
	return true;
}

bool
lifecycle_needs_gap_history(const CustomerHistory *h)
{
	return has_own_cadence(h);
}

/*
 * The n gaps are whole days >= 1 adding up to span, the last of them
 * last_gap: so span / mean_gap is n, and the other n - 1 gaps fill
 * span - last_gap with at least a day each (nothing, when n is 1).
 */
bool
lifecycle_check_gap_history(const CustomerHistory *h, LifecycleProblem *p)
{
	double		ratio;
	int64_t		n;
	int64_t		earlier;

	p->kind = LIFECYCLE_OK;
	if (h->span < 0)
		return problem(p, LIFECYCLE_DATES_REVERSED, "last_date", (double) h->span);
	ratio = (double) h->span / h->mean_gap;
	n = lifecycle_gap_count(h->span, h->mean_gap);
	if (n < 1 || fabs(ratio - (double) n) > GAP_COUNT_TOLERANCE)
	{
		problem(p, LIFECYCLE_GAP_COUNT_NOT_WHOLE, "mean_gap", h->mean_gap);
		p->other = "last_date - first_date";
		p->other_value = (double) h->span;
		return false;
	}
	earlier = h->span - h->last_gap;
	if (h->last_gap < 1 || earlier < n - 1 || (n == 1 && earlier != 0))
	{
		problem(p, LIFECYCLE_LAST_GAP_MISFIT, "last_gap", h->last_gap);
		p->other = "last_date - first_date";
		p->other_value = (double) h->span;
		p->gap_count = n;
		return false;
	}
	return true;
}

/* ---------- the rules ---------- */

double
lifecycle_cadence(const CustomerHistory *h, const CadenceParams *params)
{
	if (!has_own_cadence(h))
		return params->expected_gap;
	return fmax(h->mean_gap, params->min_cadence);
}

double
lifecycle_overdue(const CustomerHistory *h, const CadenceParams *params)
{
	return (double) h->days_since_last / lifecycle_cadence(h, params);
}

/* Exact for every summary from summarize: see GAP_COUNT_TOLERANCE. */
int64_t
lifecycle_gap_count(int64_t span, double mean_gap)
{
	double		n = rint((double) span / mean_gap);

	/* only hand-built summaries can get here out of range */
	if (!(n >= 0 && n <= (double) INT32_MAX))
		return 0;
	return (int64_t) n;
}

/*
 * With two gaps or more, the mean of the earlier ones (floored like the
 * cadence); with one, expected_gap, the cadence that classified the
 * customer while it had a single purchase.
 */
double
lifecycle_earlier_cadence(const CustomerHistory *h, const CadenceParams *params)
{
	int64_t		n = lifecycle_gap_count(h->span, h->mean_gap);

	if (n < 2)
		return params->expected_gap;
	return fmax((double) (h->span - h->last_gap) / (double) (n - 1), params->min_cadence);
}

bool
lifecycle_had_lapsed(const CustomerHistory *h, const LifecycleParams *params)
{
	return (double) h->last_gap > params->lapsed * lifecycle_earlier_cadence(h, &params->cadence);
}

LifecycleStage
lifecycle_stage_of(const CustomerHistory *h, const LifecycleParams *params)
{
	double		overdue = lifecycle_overdue(h, &params->cadence);

	if (overdue > params->lost)
		return LIFECYCLE_LOST;
	if (overdue > params->lapsed)
		return LIFECYCLE_LAPSED;
	if (overdue > params->at_risk)
		return LIFECYCLE_AT_RISK;
	if (h->frequency == 0)
		return LIFECYCLE_NEW;
	/* frequency >= 1 without gaps (hand-built): no gap to have lapsed in */
	if (has_own_cadence(h) && lifecycle_had_lapsed(h, params))
		return LIFECYCLE_REACTIVATED;
	return LIFECYCLE_ACTIVE;
}

AlertLevel
alert_level_of(const CustomerHistory *h, bool has_p_alive, double p_alive,
			   const AlertParams *params)
{
	double		overdue = lifecycle_overdue(h, &params->cadence);

	if (overdue > params->at_risk || (has_p_alive && p_alive < params->p_alive_red))
		return ALERT_RED;
	if (overdue > params->due || (has_p_alive && p_alive < params->p_alive_yellow))
		return ALERT_YELLOW;
	return ALERT_GREEN;
}
