/*
 * test_histogram_core.c
 *		The hash index of distinct histories: merging, growth by re-indexing,
 *		a full array, count overflow and -0.0.
 */
#include "unit.h"
#include "histogram_core.h"

#include <stdlib.h>

/* An index over caller-provided arrays with room for capacity entries. */
static HistogramIndex
new_index(HistogramEntry *entries, uint32_t *slots, int64_t capacity)
{
	HistogramIndex index = {entries, slots, 0, capacity, histogram_slot_count(capacity) - 1};

	histogram_reindex(&index);
	return index;
}

static void
test_merging(void)
{
	HistogramEntry entries[4];
	uint32_t	slots[8];
	HistogramIndex index = new_index(entries, slots, 4);
	double		a[3] = {1, 2.5, 10};
	double		b[3] = {0, 0, 10};
	double		negative_zero[3] = {-0.0, -0.0, 10};

	CHECK(histogram_slot_count(4) == 8 && histogram_slot_count(5) == 16,
		  "slots: a power of two, at least twice the capacity, at least 8");
	HistogramAddResult result;

	/* CHECK evaluates its condition twice: add first, then check. */
	result = histogram_add(&index, a, 1);
	CHECK(result == HISTOGRAM_ADDED && index.count == 1, "a new history");
	result = histogram_add(&index, a, 2);
	CHECK(result == HISTOGRAM_ADDED && index.count == 1 && entries[0].count == 3,
		  "the same history again adds to its count");
	result = histogram_add(&index, b, 1);
	CHECK(result == HISTOGRAM_ADDED && index.count == 2, "another history");
	result = histogram_add(&index, negative_zero, 5);
	CHECK(result == HISTOGRAM_ADDED && index.count == 2 && entries[1].count == 6,
		  "-0.0 is the same value as 0.0");
	CHECK(!signbit(entries[1].v[0]), "no negative zero is stored");
}

static void
test_full_and_overflow(void)
{
	HistogramEntry entries[2];
	uint32_t	slots[8];
	HistogramIndex index = new_index(entries, slots, 2);
	double		v[3] = {0, 0, 1};

	for (int i = 0; i < 2; i++)
	{
		v[2] = i + 1;
		histogram_add(&index, v, 1);
	}
	HistogramAddResult result;

	v[2] = 3;
	result = histogram_add(&index, v, 1);
	CHECK(result == HISTOGRAM_FULL && index.count == 2,
		  "a new history does not fit a full array, and nothing changes");
	v[2] = 1;
	result = histogram_add(&index, v, 1);
	CHECK(result == HISTOGRAM_ADDED && entries[0].count == 2,
		  "a known history still adds to a full array");
	result = histogram_add(&index, v, INT64_MAX - 1);
	CHECK(result == HISTOGRAM_COUNT_OVERFLOW && entries[0].count == 2,
		  "a count past INT64_MAX is refused, and the count is unchanged");
	result = histogram_add(&index, v, INT64_MAX - 2);
	CHECK(result == HISTOGRAM_ADDED && entries[0].count == INT64_MAX,
		  "a count up to INT64_MAX is taken");
}

/* Many histories, grown into bigger arrays and re-indexed as the glue does. */
static void
test_growth(void)
{
	int64_t		capacity = 8;
	HistogramEntry *entries = malloc(sizeof(HistogramEntry) * capacity);
	uint32_t   *slots = malloc(sizeof(uint32_t) * histogram_slot_count(capacity));
	HistogramIndex index = new_index(entries, slots, capacity);
	int			distinct = 5000;
	bool		counts_right = true;

	for (int round = 0; round < 3; round++)
		for (int i = 0; i < distinct; i++)
		{
			double		v[3] = {i % 17, (i % 13) * 0.1, i};

			while (histogram_add(&index, v, 1) == HISTOGRAM_FULL)
			{
				capacity *= 2;
				index.entries = realloc(index.entries, sizeof(HistogramEntry) * capacity);
				index.slots = realloc(index.slots, sizeof(uint32_t) * histogram_slot_count(capacity));
				index.capacity = capacity;
				index.slot_mask = histogram_slot_count(capacity) - 1;
				histogram_reindex(&index);
			}
		}
	for (int64_t i = 0; i < index.count; i++)
		counts_right &= index.entries[i].count == 3 && index.entries[i].v[2] == (double) i;
	CHECK(index.count == distinct && counts_right,
		  "5,000 histories seen 3 times each through growth: 5,000 entries of count 3, in order");
	free(index.entries);
	free(index.slots);
}

void
test_histogram_core(void)
{
	test_merging();
	test_full_and_overflow();
	test_growth();
}
