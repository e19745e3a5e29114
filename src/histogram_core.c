/*
 * histogram_core.c
 *		The hash index that merges equal customer histories as the fitting
 *		aggregates read their rows.
 */
#include "histogram_core.h"

#include <string.h>

uint32_t
histogram_slot_count(int64_t capacity)
{
	uint32_t	slots = 8;

	while ((int64_t) slots < 2 * capacity)
		slots *= 2;
	return slots;
}

/* The bits of a double, with -0.0 read as 0.0 so that both hash alike. */
static uint64_t
double_bits(double value)
{
	uint64_t	bits;

	value += 0.0;
	memcpy(&bits, &value, sizeof(bits));
	return bits;
}

/* splitmix64's finaliser: every input bit affects every output bit. */
static uint64_t
mix64(uint64_t z)
{
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static uint32_t
history_hash(const double v[3])
{
	uint64_t	h = 0;

	for (int i = 0; i < 3; i++)
		h = mix64(h ^ double_bits(v[i]));
	return (uint32_t) h;
}

static bool
same_history(const double a[3], const double b[3])
{
	return a[0] == b[0] && a[1] == b[1] && a[2] == b[2];
}

/* The slot holding v, or the free slot where v would go. */
static uint32_t
find_slot(const HistogramIndex *index, const double v[3])
{
	uint32_t	slot = history_hash(v) & index->slot_mask;

	while (index->slots[slot] != 0 &&
		   !same_history(index->entries[index->slots[slot] - 1].v, v))
		slot = (slot + 1) & index->slot_mask;
	return slot;
}

void
histogram_reindex(HistogramIndex *index)
{
	memset(index->slots, 0, sizeof(uint32_t) * ((size_t) index->slot_mask + 1));
	for (int64_t i = 0; i < index->count; i++)
		index->slots[find_slot(index, index->entries[i].v)] = (uint32_t) (i + 1);
}

HistogramAddResult
histogram_add(HistogramIndex *index, const double v[3], int64_t count)
{
	uint32_t	slot = find_slot(index, v);
	HistogramEntry *entry;

	if (index->slots[slot] != 0)
	{
		entry = &index->entries[index->slots[slot] - 1];
		if (entry->count > INT64_MAX - count)
			return HISTOGRAM_COUNT_OVERFLOW;
		entry->count += count;
		return HISTOGRAM_ADDED;
	}
	if (index->count >= index->capacity)
		return HISTOGRAM_FULL;
	entry = &index->entries[index->count];
	for (int i = 0; i < 3; i++)
		entry->v[i] = v[i] + 0.0;
	entry->count = count;
	index->slots[slot] = (uint32_t) (++index->count);
	return HISTOGRAM_ADDED;
}

double
histogram_customers(const HistogramEntry *entries, size_t n)
{
	double		customers = 0.0;

	for (size_t i = 0; i < n; i++)
		customers += (double) entries[i].count;
	return customers;
}
