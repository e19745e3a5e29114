/*
 * rfm.h
 *		In-memory layouts of the RFM types, shared by the RFM glue files.
 */
#ifndef PORTFOLIO_RFM_H
#define PORTFOLIO_RFM_H

#include "postgres.h"

#include "fmgr.h"

#include "rfm_core.h"

/*
 * portfolio.rfm_cuts_state: the values seen so far by rfm_cuts, one triple
 * (days since last, frequency, monetary) per customer, unsorted.  The varlena
 * size is the allocated size, so that the aggregate can append in place and
 * PostgreSQL's copies keep the spare room; count says how much is used.
 */
typedef struct RfmCutsState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	int32		bins;
	int64		count;			/* triples in use */
	float8		values[FLEXIBLE_ARRAY_MEMBER];	/* count * RFM_DIMENSIONS */
} RfmCutsState;

#define RFM_STATE_HEADER offsetof(RfmCutsState, values)
#define RFM_STATE_CAPACITY(s) \
	((int64) ((VARSIZE(s) - RFM_STATE_HEADER) / (sizeof(float8) * RFM_DIMENSIONS)))
#define RFM_STATE_MAX_COUNT \
	((int64) ((MaxAllocSize - RFM_STATE_HEADER) / (sizeof(float8) * RFM_DIMENSIONS)))

/* portfolio.rfm_cuts: the learned cut points, bins - 1 per dimension. */
typedef struct RfmCuts
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	int32		bins;
	float8		cuts[RFM_DIMENSIONS][RFM_MAX_CUTS];
} RfmCuts;

/* The dimensions in the order of the arrays above. */
#define RFM_R 0
#define RFM_F 1
#define RFM_M 2

#define DatumGetRfmCutsState(d) ((RfmCutsState *) PG_DETOAST_DATUM(d))
#define DatumGetRfmCuts(d) ((RfmCuts *) PG_DETOAST_DATUM(d))

/* A new state with room for at least capacity triples, in the current context. */
extern RfmCutsState *rfm_state_alloc(int32 bins, int64 capacity);

/* Reject a bins value outside RFM_MIN_BINS .. RFM_MAX_BINS (22023). */
extern void rfm_check_bins(int32 bins);

#endif							/* PORTFOLIO_RFM_H */
