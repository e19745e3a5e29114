/*
 * concentration_state_codec.h
 *		The layout of portfolio.concentration_state, the partial state of
 *		gini, top_share, lorenz and abc_cuts, and its text and binary codecs.
 *
 * Pure C: no PostgreSQL headers.  The glue (concentration_state.c) owns the
 * memory, grows the state, sets the varlena header and turns a problem into
 * an ereport.
 *
 * Text (floats in the shortest form that reads back exactly, because
 * distributed engines ship partial states between nodes as text):
 *
 *   args=0.8,0.95; values=120.5,3,0
 *   points=10; values=120.5,3
 *   args=; values=
 *
 * args are the aggregate's parameters (none for gini and abc_cuts(value),
 * the fraction of top_share, the two shares of abc_cuts); points= is
 * lorenz's number of points; values are the customers' values in no
 * particular order.
 *
 * Binary (network byte order, doubles as IEEE 754 bits):
 *
 *   u8 version (1), u8 nargs (0..2), u8 kind (0 untagged, 1 fraction,
 *   2 points; not 0 only with one parameter), nargs f64 parameters (as the
 *   text checks them: a fraction in [0, 1], points a whole number in
 *   1..100000, untagged either, two shares with 0 < a <= b <= 1), i64 count
 *   (>= 0), i64 room (count .. CONCENTRATION_STATE_MAX_COUNT: the values the
 *   value has space for, kept so that a value comes back byte for byte),
 *   then count f64 values, finite and >= 0.
 */
#ifndef PORTFOLIO_CONCENTRATION_STATE_CODEC_H
#define PORTFOLIO_CONCENTRATION_STATE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "binary_codec.h"
#include "text_codec.h"

/* An aggregate's parameters: none, a fraction, points, or the two shares. */
#define CONCENTRATION_MAX_ARGS 2

/*
 * What the one parameter of a one-parameter state is: top_share's fraction
 * or lorenz's number of points.  They overlap at 1, so the state says which;
 * 0 (a state from before the tag) is read as points when the value is a
 * whole number >= 2, which no fraction can be, and as a fraction otherwise.
 * nargs and kind were one int32 nargs before 0.6.0: a state stored by 0.5.0
 * reads as the same nargs and kind 0 on little-endian machines only (on
 * big-endian ones its nargs would land in kind).  Dumps use the text form,
 * which is compatible everywhere.
 */
#define CONCENTRATION_UNTAGGED 0
#define CONCENTRATION_FRACTION 1
#define CONCENTRATION_POINTS 2

/*
 * portfolio.concentration_state: the aggregate's parameters and every value
 * seen so far, one per customer, unsorted.  The varlena size is the
 * allocated size, so that the aggregate can append in place and
 * PostgreSQL's copies keep the spare room (zeroed); count says how much is
 * used.
 */
typedef struct ConcentrationState
{
	int32_t		vl_len_;		/* varlena header, set by the glue */
	int16_t		nargs;			/* 0 .. CONCENTRATION_MAX_ARGS */
	int16_t		kind;			/* one parameter: CONCENTRATION_FRACTION or _POINTS */
	double		args[CONCENTRATION_MAX_ARGS];	/* unused ones are 0 */
	int64_t		count;			/* values in use */
	double		values[];		/* finite, >= 0, no -0 */
} ConcentrationState;

#define CONCENTRATION_STATE_HEADER offsetof(ConcentrationState, values)
#define CONCENTRATION_STATE_MAX_COUNT \
	((int64_t) ((VALUE_MAX_BYTES - CONCENTRATION_STATE_HEADER) / sizeof(double)))

/* The bytes of a state with room for capacity values. */
extern size_t concentration_state_bytes(int64_t capacity);

/*
 * What the one parameter of a state is (CONCENTRATION_FRACTION or
 * CONCENTRATION_POINTS), reading an untagged state as its value says.
 */
extern int	concentration_param_kind(const ConcentrationState *state);

/* What is wrong with an aggregate's parameters. */
typedef enum ConcentrationArgsProblem
{
	ARGS_OK,
	ARGS_COUNT,					/* more than two */
	ARGS_FRACTION,				/* not in [0, 1] */
	ARGS_POINTS,				/* not a whole number in 1..CONCENTRATION_MAX_POINTS */
	ARGS_FRACTION_OR_POINTS,	/* neither (an untagged parameter) */
	ARGS_SHARES					/* not 0 < a_share <= b_share <= 1 */
} ConcentrationArgsProblem;

/*
 * Whether nargs parameters, the one of kind when there is one (untagged:
 * a fraction or points), can belong to one of the aggregates.
 */
extern ConcentrationArgsProblem concentration_args_check(int32_t nargs, int kind,
														 const double *args);

/* ---------- text ---------- */

typedef struct ConcentrationReader
{
	TextCursor	c;
	int16_t		nargs;
	int16_t		kind;
	double		args[CONCENTRATION_MAX_ARGS];	/* unused ones are 0 */
} ConcentrationReader;

/* The parameters, up to "values=". */
extern bool concentration_state_text_begin(ConcentrationReader *r, const char *input);

/* The next value (finite, >= 0); values_read says whether it is the first. */
extern TextStep concentration_state_text_next(ConcentrationReader *r, int64_t values_read,
											  double *value);

extern void concentration_state_text_write(const ConcentrationState *state, TextOut *out);

/* ---------- binary ---------- */

typedef struct ConcentrationHead
{
	int16_t		nargs;
	int16_t		kind;
	double		args[CONCENTRATION_MAX_ARGS];	/* unused ones are 0 */
	int64_t		count;
	int64_t		room;
} ConcentrationHead;

extern size_t concentration_state_binary_size(const ConcentrationState *state);

/* room: the values the state has space for (its capacity). */
extern void concentration_state_binary_write(const ConcentrationState *state, int64_t room,
											 uint8_t *out);
extern bool concentration_state_binary_head(ByteReader *r, ConcentrationHead *head);

/* Into memory of concentration_state_bytes(head->room) bytes. */
extern bool concentration_state_binary_read(ByteReader *r, const ConcentrationHead *head,
											ConcentrationState *state);

#endif							/* PORTFOLIO_CONCENTRATION_STATE_CODEC_H */
