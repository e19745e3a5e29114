/*
 * memo_core.h
 *		A small direct-mapped cache of a function of up to three doubles, for
 *		the prediction functions that run once per customer: customers share
 *		their (frequency, age) far more often than their whole history (ages
 *		and recencies come in whole days), and the costly part of a
 *		prediction depends on those alone.  Pure C.
 *
 * Keys are compared bit for bit (-0.0 is not 0.0; the callers never pass
 * it), so a hit returns exactly what the function returned for that key:
 * a query gives the same numbers with or without the cache.
 */
#ifndef PORTFOLIO_MEMO_CORE_H
#define PORTFOLIO_MEMO_CORE_H

#include <stdbool.h>
#include <stdint.h>

/*
 * 65,536 slots of 32 bytes: 2 MB, held by one call site for one query.  A
 * million customers have a few thousand (frequency, age) pairs; a forecast
 * asks for a dozen horizons of each.
 */
#define MEMO_SLOTS 65536

typedef struct MemoSlot
{
	double		key[3];
	double		value;
} MemoSlot;

typedef struct Memo
{
	uint64_t	hits;
	uint64_t	misses;
	bool		used[MEMO_SLOTS];
	MemoSlot	slots[MEMO_SLOTS];
} Memo;

/* Forget everything (a new model or new settings). */
extern void memo_clear(Memo *memo);

/* The value cached for key, if any. */
extern bool memo_get(Memo *memo, const double key[3], double *value);

/* Cache value for key, replacing whatever shared its slot. */
extern void memo_put(Memo *memo, const double key[3], double value);

#endif							/* PORTFOLIO_MEMO_CORE_H */
