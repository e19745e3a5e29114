/*
 * rfm_segments.h
 *		Reading the portfolio.rfm_segments configuration table.
 */
#ifndef PORTFOLIO_RFM_SEGMENTS_H
#define PORTFOLIO_RFM_SEGMENTS_H

#include "postgres.h"

#include "rfm_core.h"

typedef struct RfmSegmentTable
{
	int			count;
	RfmSegment *segments;		/* sorted by priority, then name */
} RfmSegmentTable;

/*
 * Read every row of rfm_segments, in the schema of the calling function,
 * into memory allocated in mcxt.
 */
extern RfmSegmentTable *rfm_segments_load(Oid caller_oid, MemoryContext mcxt);

/* The segment of a score triple, or NULL (see rfm_segment_match). */
extern const char *rfm_segments_lookup(const RfmSegmentTable *table, int bins,
									   const int *scores);

#endif							/* PORTFOLIO_RFM_SEGMENTS_H */
