/*
 * affinity.h
 *		What the product-affinity glue files share: the portfolio.baskets
 *		value (its layout is in baskets_codec.h), its allocation and growth.
 */
#ifndef PORTFOLIO_AFFINITY_H
#define PORTFOLIO_AFFINITY_H

#include "postgres.h"

#include "compat.h"
#include "fmgr.h"

#include "baskets_codec.h"

/* The bytes of baskets a value has space for: its varlena size is what was allocated. */
#define BASKETS_ROOM(b) ((int64) (VARSIZE(b) - BASKETS_HEADER))

/* Room for the baskets of a new state, before it doubles. */
#define BASKETS_INITIAL_ROOM 1024

#define DatumGetBaskets(d) ((Baskets *) PG_DETOAST_DATUM(d))

/* A new value without baskets, with room for room bytes of them. */
extern Baskets *baskets_alloc(int64 room);

/*
 * A value that can take extra more bytes of baskets: the given one when it
 * may be changed in place and has room, else a bigger copy in the current
 * context (54000 past the largest value).
 */
extern Baskets *baskets_with_room(Baskets *b, int64 extra, bool in_place);

#endif							/* PORTFOLIO_AFFINITY_H */
