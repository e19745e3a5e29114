/*
 * rfm.h
 *		What the RFM glue files share about the RFM types, whose layouts are
 *		in rfm_codec.h.
 */
#ifndef PORTFOLIO_RFM_H
#define PORTFOLIO_RFM_H

#include "postgres.h"

#include "fmgr.h"

#include "rfm_codec.h"
#include "rfm_core.h"

/* The triples a state has space for: its varlena size is what was allocated. */
#define RFM_STATE_CAPACITY(s) \
	((int64) ((VARSIZE(s) - RFM_STATE_HEADER) / (sizeof(float8) * RFM_DIMENSIONS)))

/* The dimensions in the order of the layouts' arrays. */
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
