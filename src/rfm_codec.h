/*
 * rfm_codec.h
 *		The layouts of portfolio.rfm_cuts and portfolio.rfm_cuts_state, and
 *		their text and binary codecs.
 *
 * Pure C: no PostgreSQL headers.  The glue (rfm_types.c) owns the memory,
 * sets the varlena header and turns a problem into an ereport.
 *
 * Text (lossless: floats in the shortest form that reads back exactly,
 * whatever extra_float_digits says, because distributed engines ship
 * partial states as text):
 *
 *   rfm_cuts:        bins=5; r=10,30,90,200; f=1,1,2,4; m=20.5,40,80,150
 *   rfm_cuts_state:  bins=5; 12,3,45.5; 30,1,10
 *
 * Binary (network byte order, doubles as IEEE 754 bits):
 *
 *   rfm_cuts:        u8 version (1), i32 bins (2..9), then bins - 1 cut
 *                    points of r, of f and of m: f64 each, finite, not
 *                    decreasing within a dimension
 *   rfm_cuts_state:  u8 version (1), i32 bins (2..9), i64 count (>= 0),
 *                    i64 room (count .. RFM_STATE_MAX_COUNT: the triples
 *                    the value has space for, kept so that a value comes
 *                    back byte for byte), then count triples of finite f64
 *                    (days since last, frequency, monetary)
 *
 * Both read -0 as 0, in text and in binary.
 */
#ifndef PORTFOLIO_RFM_CODEC_H
#define PORTFOLIO_RFM_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "binary_codec.h"
#include "rfm_core.h"
#include "text_codec.h"

/* portfolio.rfm_cuts: the learned cut points, bins - 1 per dimension. */
typedef struct RfmCuts
{
	int32_t		vl_len_;		/* varlena header, set by the glue */
	int32_t		bins;
	double		cuts[RFM_DIMENSIONS][RFM_MAX_CUTS]; /* unused ones are 0 */
} RfmCuts;

/*
 * portfolio.rfm_cuts_state: the values seen so far by rfm_cuts, one triple
 * (days since last, frequency, monetary) per customer, unsorted.  The varlena
 * size is the allocated size, so that the aggregate can append in place and
 * PostgreSQL's copies keep the spare room (zeroed); count says how much is
 * used.
 */
typedef struct RfmCutsState
{
	int32_t		vl_len_;		/* varlena header, set by the glue */
	int32_t		bins;
	int64_t		count;			/* triples in use */
	double		values[];		/* count * RFM_DIMENSIONS */
} RfmCutsState;

#define RFM_STATE_HEADER offsetof(RfmCutsState, values)
#define RFM_STATE_MAX_COUNT \
	((int64_t) ((VALUE_MAX_BYTES - RFM_STATE_HEADER) / (sizeof(double) * RFM_DIMENSIONS)))

/* ---------- text ---------- */

/* The whole text of an rfm_cuts; cuts gets every field but vl_len_. */
extern bool rfm_cuts_text_read(TextCursor *c, RfmCuts *cuts);

/*
 * An rfm_cuts_state's text, a triple at a time: its bins; then, while
 * rfm_state_text_next says TEXT_STEP_ITEM, make room for a triple and read
 * it with rfm_state_text_triple.
 */
extern bool rfm_state_text_begin(TextCursor *c, int32_t *bins);
extern TextStep rfm_state_text_next(TextCursor *c);
extern bool rfm_state_text_triple(TextCursor *c, double triple[RFM_DIMENSIONS]);

extern void rfm_cuts_text_write(const RfmCuts *cuts, TextOut *out);
extern void rfm_state_text_write(const RfmCutsState *state, TextOut *out);

/* ---------- binary ---------- */

extern size_t rfm_cuts_binary_size(const RfmCuts *cuts);
extern void rfm_cuts_binary_write(const RfmCuts *cuts, uint8_t *out);

/* The whole value; cuts gets every field but vl_len_. */
extern bool rfm_cuts_binary_read(ByteReader *r, RfmCuts *cuts);

/* What the caller needs to know to allocate a state before reading it. */
typedef struct RfmStateHead
{
	int32_t		bins;
	int64_t		count;
	int64_t		room;
} RfmStateHead;

extern size_t rfm_state_binary_size(const RfmCutsState *state);

/* room: the triples the state has space for (its capacity). */
extern void rfm_state_binary_write(const RfmCutsState *state, int64_t room, uint8_t *out);

/*
 * The head (which checks that the rest of the value holds exactly count
 * triples), then the triples into a state with space for head->room.
 */
extern bool rfm_state_binary_head(ByteReader *r, RfmStateHead *head);
extern bool rfm_state_binary_read(ByteReader *r, const RfmStateHead *head, RfmCutsState *state);

#endif							/* PORTFOLIO_RFM_CODEC_H */
