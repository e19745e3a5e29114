/*
 * memo_core.c
 *		The direct-mapped cache of memo_core.h.
 */
#include "memo_core.h"

#include <string.h>

/* The slot of a key: the bits of the three doubles mixed (a multiply-xorshift hash). */
static unsigned
memo_slot(const double key[3])
{
	uint64_t	h = 0x9e3779b97f4a7c15u;

	for (int i = 0; i < 3; i++)
	{
		uint64_t	bits;

		memcpy(&bits, &key[i], sizeof(bits));
		h = (h ^ bits) * 0xff51afd7ed558ccdu;
		h ^= h >> 32;
	}
	return (unsigned) (h & (MEMO_SLOTS - 1));
}

void
memo_clear(Memo *memo)
{
	memset(memo->used, 0, sizeof(memo->used));
	memo->hits = memo->misses = 0;
}

bool
memo_get(Memo *memo, const double key[3], double *value)
{
	unsigned	i = memo_slot(key);

	if (memo->used[i] && memcmp(memo->slots[i].key, key, sizeof(memo->slots[i].key)) == 0)
	{
		*value = memo->slots[i].value;
		memo->hits++;
		return true;
	}
	memo->misses++;
	return false;
}

void
memo_put(Memo *memo, const double key[3], double value)
{
	unsigned	i = memo_slot(key);

	memcpy(memo->slots[i].key, key, sizeof(memo->slots[i].key));
	memo->slots[i].value = value;
	memo->used[i] = true;
}
