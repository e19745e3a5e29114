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

/* Selection gives the cut points of a full sort, ties or not. */
static void
test_selection(void)
{
	static double values[20001];
	static double sorted[20001];
	unsigned int seed = 12345;
	int			bad = 0;

	for (int trial = 0; trial < 60; trial++)
	{
		int			n = 1 + (trial * 337) % 20001;
		int			distinct = 1 + trial % 7 * trial * 50;	/* from all equal to mostly distinct */
		int			bins = 2 + trial % 8;
		double		expected[RFM_MAX_CUTS];
		double		got[RFM_MAX_CUTS];

		for (int i = 0; i < n; i++)
		{
			seed = seed * 1103515245u + 12345u;
			values[i] = (double) ((seed >> 8) % (unsigned) distinct);
			if (trial % 5 == 0)
				values[i] = i;	/* already sorted */
			sorted[i] = values[i];
		}
		rfm_sort_values(sorted, n);
		rfm_cuts_from_sorted(sorted, n, bins, expected);
		rfm_cuts_from_values(values, n, bins, got);
		for (int k = 0; k < bins - 1; k++)
			bad += expected[k] != got[k];
	}
	CHECK(bad == 0, "selection and sorting give the same cuts on 60 arrays (%d differ)", bad);
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
	test_selection();
	test_scores();
	test_segments();
}
