/*
 * test_rfm_core.c
 *		Cut points and scores against percentile_disc by hand, and segments.
 */
#include "unit.h"
#include "rfm_core.h"

static void
test_cuts(void)
{
	double		values[] = {5, 1, 4, 2, 3, 3, 9, 8, 7, 6};
	double		cuts[RFM_MAX_CUTS];

	rfm_sort_values(values, 10);
	CHECK(values[0] == 1 && values[9] == 9, "values sort ascending");
	/* percentile_disc(k/5) of 10 values: positions 2, 4, 6, 8 */
	rfm_cuts_from_sorted(values, 10, 5, cuts);
	CHECK(cuts[0] == 2 && cuts[1] == 3 && cuts[2] == 5 && cuts[3] == 7,
		  "five bins over ten values: 2, 3, 5, 7 (got %g %g %g %g)",
		  cuts[0], cuts[1], cuts[2], cuts[3]);
	/* percentile_disc(1/3) of 10: position ceil(3.33) = 4; 2/3: ceil(6.67) = 7 */
	rfm_cuts_from_sorted(values, 10, 3, cuts);
	CHECK(cuts[0] == 3 && cuts[1] == 6, "three bins over ten values: positions 4 and 7");
	rfm_cuts_from_sorted(values, 1, 9, cuts);
	CHECK(cuts[0] == 1 && cuts[7] == 1, "one value: every cut is that value");
}

static void
test_scores(void)
{
	double		cuts[] = {2, 3, 3, 7};

	CHECK(rfm_score_ascending(cuts, 5, 1) == 1, "below every cut scores 1");
	CHECK(rfm_score_ascending(cuts, 5, 2) == 1, "equal to a cut is not above it");
	CHECK(rfm_score_ascending(cuts, 5, 3) == 2, "tied cuts: equal to both scores 2");
	CHECK(rfm_score_ascending(cuts, 5, 3.5) == 4, "above two tied cuts scores 4");
	CHECK(rfm_score_ascending(cuts, 5, 100) == 5, "above every cut scores bins");
	CHECK(rfm_score_descending(cuts, 5, 1) == 5, "recency: fewest days scores bins");
	CHECK(rfm_score_descending(cuts, 5, 100) == 1, "recency: most days scores 1");
}

static void
test_segments(void)
{
	RfmSegment	segments[] = {
		{"Low", 2, 3, {1, 1, 1}, {3, 3, 3}, true},
		{"Top", 1, 3, {3, 3, 3}, {3, 3, 3}, true},
		{"Retired", 0, 3, {1, 1, 1}, {3, 3, 3}, false},
		{"B", 5, 4, {1, 1, 1}, {4, 4, 4}, true},
		{"A", 5, 4, {1, 1, 1}, {4, 4, 4}, true},
	};
	int			top[] = {3, 3, 3};
	int			mid[] = {2, 3, 3};
	int			none[] = {4, 4, 4};

	rfm_segments_sort(segments, 5);
	CHECK(segments[0].priority == 0 && segments[3].name[0] == 'A',
		  "segments sort by priority, then name");
	CHECK(rfm_segment_match(segments, 5, 3, top)[0] == 'T', "smallest priority wins");
	CHECK(rfm_segment_match(segments, 5, 3, mid)[0] == 'L', "disabled rows never match");
	CHECK(rfm_segment_match(segments, 5, 4, mid)[0] == 'A', "equal priorities: first name wins");
	CHECK(rfm_segment_match(segments, 5, 5, none) == NULL, "no rows for the bins: NULL");
	segments[0].enabled = segments[1].enabled = segments[2].enabled = false;
	CHECK(rfm_segment_match(segments, 5, 3, top) != NULL &&
		  rfm_segment_match(segments, 5, 3, top)[0] == 'O', "rows but no match: Others");
}

void
test_rfm_core(void)
{
	test_cuts();
	test_scores();
	test_segments();
}
