/*
 * test_lifecycle_core.c
 *		Cadence, overdue ratio, stages and alerts at every boundary, the gap
 *		count of summarize's mean gaps, and the parameter and field checks.
 */
#include "unit.h"
#include "lifecycle_core.h"

#include <string.h>

static const LifecycleParams lifecycle_defaults = {{90, 7}, 1.5, 2.5, 4};
static const AlertParams alert_defaults = {{90, 7}, 1, 1.5, 0.5, 0.2};

/* A customer with one purchase period: no gaps. */
static CustomerHistory
one_period(int32_t days_since_last)
{
	CustomerHistory h = {days_since_last, 0, false, 0, 0, 0};

	return h;
}

/* A customer whose n gaps span span days, the last of them last_gap. */
static CustomerHistory
with_gaps(int32_t days_since_last, int32_t frequency, int64_t span, int n, int32_t last_gap)
{
	CustomerHistory h = {days_since_last, frequency, true, (double) span / n, span, last_gap};

	return h;
}

static LifecycleStage
stage(CustomerHistory h)
{
	return lifecycle_stage_of(&h, &lifecycle_defaults);
}

static void
test_cadence(void)
{
	CustomerHistory h = one_period(45);

	CHECK(lifecycle_cadence(&h, &lifecycle_defaults.cadence) == 90,
		  "one purchase period: cadence is expected_gap");
	CHECK(lifecycle_overdue(&h, &lifecycle_defaults.cadence) == 0.5, "overdue 45 / 90");
	h = with_gaps(45, 2, 60, 2, 30);
	CHECK(lifecycle_cadence(&h, &lifecycle_defaults.cadence) == 30, "own cadence: the mean gap");
	h = with_gaps(0, 1, 3, 1, 3);
	CHECK(lifecycle_cadence(&h, &lifecycle_defaults.cadence) == 7, "a mean gap of 3 is floored at min_cadence");
	/* several dates in one month: gaps, but frequency 0 */
	h = with_gaps(0, 0, 20, 2, 10);
	CHECK(lifecycle_cadence(&h, &lifecycle_defaults.cadence) == 90,
		  "frequency 0 with gaps: expected_gap");
	h.frequency = 1;
	h.has_gaps = false;
	CHECK(lifecycle_cadence(&h, &lifecycle_defaults.cadence) == 90,
		  "frequency 1 without a mean gap: expected_gap");
}

static void
test_stage_thresholds(void)
{
	/* cadence 90: thresholds at 135, 225 and 360 days */
	CHECK(stage(one_period(0)) == LIFECYCLE_NEW, "one period, just bought: new");
	CHECK(stage(one_period(135)) == LIFECYCLE_NEW, "overdue exactly 1.5: still new");
	CHECK(stage(one_period(136)) == LIFECYCLE_AT_RISK, "just above 1.5: at_risk");
	CHECK(stage(one_period(225)) == LIFECYCLE_AT_RISK, "overdue exactly 2.5: at_risk");
	CHECK(stage(one_period(226)) == LIFECYCLE_LAPSED, "just above 2.5: lapsed");
	CHECK(stage(one_period(360)) == LIFECYCLE_LAPSED, "overdue exactly 4: lapsed");
	CHECK(stage(one_period(361)) == LIFECYCLE_LOST, "just above 4: lost");
	/* own cadence 30: thresholds at 45, 75, 120 */
	CHECK(stage(with_gaps(45, 1, 30, 1, 30)) == LIFECYCLE_ACTIVE, "cadence 30, 45 days: active");
	CHECK(stage(with_gaps(46, 1, 30, 1, 30)) == LIFECYCLE_AT_RISK, "cadence 30, 46 days: at_risk");
	CHECK(stage(with_gaps(76, 1, 30, 1, 30)) == LIFECYCLE_LAPSED, "cadence 30, 76 days: lapsed");
	CHECK(stage(with_gaps(121, 1, 30, 1, 30)) == LIFECYCLE_LOST, "cadence 30, 121 days: lost");
	/* floored cadence 7: 10 days is 1.43, not the 3.3 of the mean gap 3 */
	CHECK(stage(with_gaps(10, 1, 3, 1, 3)) == LIFECYCLE_ACTIVE, "min_cadence floor keeps 10 days active");
	CHECK(stage(with_gaps(11, 1, 3, 1, 3)) == LIFECYCLE_AT_RISK, "11 / 7 > 1.5: at_risk");
}

static void
test_reactivated(void)
{
	/* one gap: the earlier cadence is expected_gap, lapsed beyond 225 days */
	CHECK(stage(with_gaps(0, 1, 225, 1, 225)) == LIFECYCLE_ACTIVE, "one gap of 225: active");
	CHECK(stage(with_gaps(0, 1, 226, 1, 226)) == LIFECYCLE_REACTIVATED, "one gap of 226: reactivated");
	/* gaps 10, 10, L: earlier cadence 10, lapsed beyond 25 */
	CHECK(stage(with_gaps(0, 3, 45, 3, 25)) == LIFECYCLE_ACTIVE, "gaps 10, 10, 25: active");
	CHECK(stage(with_gaps(0, 3, 46, 3, 26)) == LIFECYCLE_REACTIVATED, "gaps 10, 10, 26: reactivated");
	/* gaps 2, 2, L: earlier cadence floored at 7, lapsed beyond 17.5 */
	CHECK(stage(with_gaps(0, 3, 21, 3, 17)) == LIFECYCLE_ACTIVE, "gaps 2, 2, 17: active (floor 7)");
	CHECK(stage(with_gaps(0, 3, 22, 3, 18)) == LIFECYCLE_REACTIVATED, "gaps 2, 2, 18: reactivated");
	/* overdue comes first: gaps 10, 10, 40 are a cadence of 20, 30 days is 1.5 */
	CHECK(stage(with_gaps(30, 3, 60, 3, 40)) == LIFECYCLE_REACTIVATED, "overdue exactly 1.5: still reactivated");
	CHECK(stage(with_gaps(31, 3, 60, 3, 40)) == LIFECYCLE_AT_RISK, "overdue above 1.5: at_risk first");
	{
		CustomerHistory h = with_gaps(0, 3, 46, 3, 26);

		CHECK(lifecycle_earlier_cadence(&h, &lifecycle_defaults.cadence) == 10,
			  "earlier cadence of gaps 10, 10, 26 is 10");
		h.has_gaps = false;
		CHECK(stage(h) == LIFECYCLE_ACTIVE, "frequency 3 without a mean gap: active, never reactivated");
	}
}

static AlertLevel
alert(CustomerHistory h, bool has_p, double p)
{
	return alert_level_of(&h, has_p, p, &alert_defaults);
}

static void
test_alert(void)
{
	CHECK(alert(one_period(90), false, 0) == ALERT_GREEN, "overdue exactly 1: green");
	CHECK(alert(one_period(91), false, 0) == ALERT_YELLOW, "just above 1: yellow");
	CHECK(alert(one_period(135), false, 0) == ALERT_YELLOW, "overdue exactly 1.5: yellow");
	CHECK(alert(one_period(136), false, 0) == ALERT_RED, "just above 1.5: red");
	CHECK(alert(one_period(0), true, 0.5) == ALERT_GREEN, "p_alive exactly 0.5: green");
	CHECK(alert(one_period(0), true, nextafter(0.5, 0)) == ALERT_YELLOW, "p_alive just below 0.5: yellow");
	CHECK(alert(one_period(0), true, 0.2) == ALERT_YELLOW, "p_alive exactly 0.2: yellow");
	CHECK(alert(one_period(0), true, nextafter(0.2, 0)) == ALERT_RED, "p_alive just below 0.2: red");
	CHECK(alert(one_period(136), true, 1) == ALERT_RED, "overdue decides red even with p_alive 1");
	CHECK(alert(one_period(0), false, 0) == ALERT_GREEN, "no model: p_alive ignored");
	{
		AlertParams p = alert_defaults;
		CustomerHistory h = one_period(0);

		p.p_alive_red = 0;
		CHECK(alert_level_of(&h, true, 0, &p) == ALERT_YELLOW, "p_alive_red 0 never gives red by p_alive");
	}
}

/* Every mean gap summarize can compute gives back its own count of gaps. */
static void
test_gap_count_exact(void)
{
	long		bad = 0;
	unsigned int seed = 4242;

	for (int64_t span = 1; span <= 3000; span++)
		for (int64_t n = 1; n <= span; n++)
			bad += lifecycle_gap_count(span, (double) span / (double) n) != n;
	CHECK(bad == 0, "rint(span / (span / n)) = n for every span <= 3000 days (%ld differ)", bad);

	bad = 0;
	for (int i = 0; i < 200000; i++)
	{
		int64_t		span,
					n;

		seed = seed * 1103515245u + 12345u;
		span = 1 + (int64_t) (seed % 2147483000u);
		seed = seed * 1103515245u + 12345u;
		n = 1 + (int64_t) (seed % (uint32_t) span);
		{
			double		ratio = (double) span / ((double) span / (double) n);

			bad += lifecycle_gap_count(span, (double) span / (double) n) != n ||
				fabs(ratio - (double) n) > 1e-6;
		}
	}
	CHECK(bad == 0, "and for 200000 random spans up to the whole date range, within 1e-6 (%ld differ)", bad);
}

static bool
params_fail(LifecycleParams p, LifecycleProblemKind kind, const char *name)
{
	LifecycleProblem problem;

	return !lifecycle_check_params(&p, &problem) && problem.kind == kind &&
		strcmp(problem.name, name) == 0;
}

static bool
alert_params_fail(AlertParams p, LifecycleProblemKind kind, const char *name)
{
	LifecycleProblem problem;

	return !alert_check_params(&p, &problem) && problem.kind == kind &&
		strcmp(problem.name, name) == 0;
}

static void
test_param_checks(void)
{
	LifecycleProblem problem;
	LifecycleParams lp = lifecycle_defaults;
	AlertParams ap = alert_defaults;

	CHECK(lifecycle_check_params(&lp, &problem) && problem.kind == LIFECYCLE_OK, "lifecycle defaults pass");
	CHECK(alert_check_params(&ap, &problem), "alert defaults pass");
	lp.at_risk = lp.lapsed = lp.lost = 2;
	CHECK(lifecycle_check_params(&lp, &problem), "equal lifecycle thresholds pass");
	lp = lifecycle_defaults;
	lp.lapsed = NAN;
	CHECK(params_fail(lp, LIFECYCLE_NOT_FINITE, "lapsed"), "NaN lapsed");
	lp = lifecycle_defaults;
	lp.cadence.expected_gap = INFINITY;
	CHECK(params_fail(lp, LIFECYCLE_NOT_FINITE, "expected_gap"), "infinite expected_gap");
	lp = lifecycle_defaults;
	lp.cadence.min_cadence = 0;
	CHECK(params_fail(lp, LIFECYCLE_NOT_POSITIVE, "min_cadence"), "zero min_cadence");
	lp = lifecycle_defaults;
	lp.at_risk = 3;
	CHECK(params_fail(lp, LIFECYCLE_OUT_OF_ORDER, "at_risk"), "at_risk above lapsed");
	lp = lifecycle_defaults;
	lp.lost = 2;
	CHECK(params_fail(lp, LIFECYCLE_OUT_OF_ORDER, "lapsed"), "lapsed above lost");

	ap.due = ap.at_risk;
	ap.p_alive_red = ap.p_alive_yellow = 1;
	CHECK(alert_check_params(&ap, &problem), "due = at_risk and p_alive_red = p_alive_yellow = 1 pass");
	ap = alert_defaults;
	ap.p_alive_red = 0;
	CHECK(alert_check_params(&ap, &problem), "p_alive_red 0 passes");
	ap.due = -1;
	CHECK(alert_params_fail(ap, LIFECYCLE_NOT_POSITIVE, "due"), "negative due");
	ap = alert_defaults;
	ap.due = 2;
	CHECK(alert_params_fail(ap, LIFECYCLE_OUT_OF_ORDER, "due"), "due above at_risk");
	ap = alert_defaults;
	ap.p_alive_yellow = 1.5;
	CHECK(alert_params_fail(ap, LIFECYCLE_NOT_PROBABILITY, "p_alive_yellow"), "p_alive_yellow above 1");
	ap = alert_defaults;
	ap.p_alive_red = 0.6;
	CHECK(alert_params_fail(ap, LIFECYCLE_OUT_OF_ORDER, "p_alive_red"), "p_alive_red above p_alive_yellow");
	CHECK(alert_check_p_alive(0, &problem) && alert_check_p_alive(1, &problem), "p_alive 0 and 1 pass");
	CHECK(!alert_check_p_alive(NAN, &problem) && problem.kind == LIFECYCLE_NOT_FINITE, "p_alive NaN");
	CHECK(!alert_check_p_alive(-0.01, &problem) && problem.kind == LIFECYCLE_NOT_PROBABILITY, "p_alive below 0");
}

static bool
history_fails(CustomerHistory h, LifecycleProblemKind kind, const char *name)
{
	LifecycleProblem problem;

	if (!lifecycle_check_history(&h, &problem))
		return problem.kind == kind && strcmp(problem.name, name) == 0;
	return lifecycle_needs_gap_history(&h) && !lifecycle_check_gap_history(&h, &problem) &&
		problem.kind == kind && strcmp(problem.name, name) == 0;
}

static void
test_history_checks(void)
{
	LifecycleProblem problem;
	CustomerHistory h = with_gaps(5, 3, 46, 3, 26);

	CHECK(lifecycle_check_history(&h, &problem) && lifecycle_needs_gap_history(&h) &&
		  lifecycle_check_gap_history(&h, &problem), "a consistent history passes");
	h = one_period(0);
	CHECK(lifecycle_check_history(&h, &problem) && !lifecycle_needs_gap_history(&h),
		  "one period needs no gap history");
	CHECK(history_fails(one_period(-1), LIFECYCLE_NEGATIVE_FIELD, "days_since_last"), "negative days_since_last");
	h = one_period(0);
	h.frequency = -1;
	CHECK(history_fails(h, LIFECYCLE_NEGATIVE_FIELD, "frequency"), "negative frequency");
	h = with_gaps(0, 1, 1, 2, 1);
	CHECK(history_fails(h, LIFECYCLE_MEAN_GAP_BELOW_ONE, "mean_gap"), "mean gap 0.5");
	h.mean_gap = NAN;
	CHECK(history_fails(h, LIFECYCLE_MEAN_GAP_BELOW_ONE, "mean_gap"), "mean gap NaN");
	h = with_gaps(0, 2, 60, 2, 30);
	h.span = -60;
	CHECK(history_fails(h, LIFECYCLE_DATES_REVERSED, "last_date"), "last date before first");
	h = with_gaps(0, 2, 100, 3, 30);
	h.mean_gap = 33.33;
	CHECK(history_fails(h, LIFECYCLE_GAP_COUNT_NOT_WHOLE, "mean_gap"), "mean gap 33.33 over 100 days");
	h = with_gaps(0, 1, 10, 1, 10);
	h.mean_gap = 21;
	CHECK(history_fails(h, LIFECYCLE_GAP_COUNT_NOT_WHOLE, "mean_gap"), "mean gap longer than the span: no gaps");
	CHECK(history_fails(with_gaps(0, 1, 30, 1, 20), LIFECYCLE_LAST_GAP_MISFIT, "last_gap"),
		  "one gap: last_gap must be the span");
	CHECK(history_fails(with_gaps(0, 3, 30, 3, 29), LIFECYCLE_LAST_GAP_MISFIT, "last_gap"),
		  "three gaps: two earlier gaps cannot fit in one day");
	CHECK(history_fails(with_gaps(0, 3, 30, 3, 0), LIFECYCLE_LAST_GAP_MISFIT, "last_gap"), "last_gap 0");
	CHECK(!history_fails(with_gaps(0, 3, 30, 3, 28), LIFECYCLE_LAST_GAP_MISFIT, "last_gap"),
		  "three gaps: 1, 1, 28 fit");
	h = with_gaps(0, 0, 30, 3, 29);
	CHECK(!lifecycle_needs_gap_history(&h), "frequency 0: gaps not read, so not checked");
}

void
test_lifecycle_core(void)
{
	test_cadence();
	test_stage_thresholds();
	test_reactivated();
	test_alert();
	test_gap_count_exact();
	test_param_checks();
	test_history_checks();
}
