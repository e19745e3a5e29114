/*
 * concentration.h
 *		In-memory layouts of portfolio.concentration_state and
 *		portfolio.abc_cuts, and the checks shared by their glue files.
 */
#ifndef PORTFOLIO_CONCENTRATION_H
#define PORTFOLIO_CONCENTRATION_H

#include "postgres.h"

#include "fmgr.h"

#include "concentration_core.h"

/* An aggregate's parameters: none, a fraction, points, or the two shares. */
#define CONCENTRATION_MAX_ARGS 2

/*
 * portfolio.concentration_state: the aggregate's parameters and every value
 * seen so far, one per customer, unsorted.  The varlena size is the
 * allocated size, so that the aggregate can append in place and
 * PostgreSQL's copies keep the spare room; count says how much is used.
 */
/*
 * What the one parameter of a one-parameter state is: top_share's fraction
 * or lorenz's number of points.  They overlap at 1, so the state says which;
 * 0 (a state from before the tag) is read as points when the value is a
 * whole number >= 2, which no fraction can be, and as a fraction otherwise.
 * nargs and kind were one int32 nargs before 0.6.0: a state stored in binary
 * by 0.5.0 reads as the same nargs and kind 0 on little-endian machines only
 * (on big-endian ones its nargs would land in kind).  Dumps use the text
 * form, which is compatible everywhere.
 */
#define CONCENTRATION_UNTAGGED 0
#define CONCENTRATION_FRACTION 1
#define CONCENTRATION_POINTS 2

typedef struct ConcentrationState
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	int16		nargs;			/* 0 .. CONCENTRATION_MAX_ARGS */
	int16		kind;			/* one parameter: CONCENTRATION_FRACTION or _POINTS */
	float8		args[CONCENTRATION_MAX_ARGS];	/* unused ones are 0 */
	int64		count;			/* values in use */
	float8		values[FLEXIBLE_ARRAY_MEMBER];	/* finite, >= 0, no -0 */
} ConcentrationState;

#define CONCENTRATION_STATE_HEADER offsetof(ConcentrationState, values)
#define CONCENTRATION_STATE_CAPACITY(s) \
	((int64) ((VARSIZE(s) - CONCENTRATION_STATE_HEADER) / sizeof(float8)))
#define CONCENTRATION_STATE_MAX_COUNT \
	((int64) ((MaxAllocSize - CONCENTRATION_STATE_HEADER) / sizeof(float8)))

/* portfolio.abc_cuts: the shares it was learned with and the thresholds. */
typedef struct AbcCuts
{
	int32		vl_len_;		/* varlena header (do not touch directly) */
	int32		padding;
	float8		a_share;
	float8		b_share;
	float8		a;				/* smallest value of class A */
	float8		b;				/* smallest value of class A or B; b <= a */
} AbcCuts;

#define DatumGetConcentrationState(d) ((ConcentrationState *) PG_DETOAST_DATUM(d))
#define DatumGetAbcCuts(d) ((AbcCuts *) PG_DETOAST_DATUM(d))

/* A new state with room for at least capacity values, in the current context. */
extern ConcentrationState *concentration_state_alloc(int32 nargs, const float8 *args,
													 int64 capacity);

/*
 * A state that can take extra more values: the given one when it may be
 * changed in place and has room, else a bigger copy in the current context.
 */
extern ConcentrationState *concentration_state_with_room(ConcentrationState *state,
														 int64 extra, bool in_place);

/*
 * Why nargs parameters cannot belong to any of the aggregates (a sentence
 * fragment), or NULL when they can.
 */
extern const char *concentration_args_problem(int32 nargs, const float8 *args);

/* Parameters as text for messages: "0.8,0.95", "points=4", or "none". */
extern char *concentration_args_text(int32 nargs, int kind, const float8 *args);

/*
 * A customer's value, checked: finite (22023) and not negative (22023).
 * Returns it with -0 turned into 0.
 */
extern float8 concentration_check_value(float8 value);

/* Reject shares outside 0 < a_share <= b_share <= 1 (22023). */
extern void concentration_check_abc_shares(float8 a_share, float8 b_share);

/*
 * Reject a state whose number of parameters is not what funcname expects
 * (22023): the state of another aggregate.
 */
extern void concentration_check_nargs(const ConcentrationState *state, int32 nargs,
									  const char *funcname);

/*
 * What the one parameter of a state is (CONCENTRATION_FRACTION or
 * CONCENTRATION_POINTS), reading an untagged state as its value says.
 */
extern int	concentration_param_kind(const ConcentrationState *state);

/*
 * Reject a one-parameter state whose parameter is not of kind (22023): a
 * lorenz state given to top_share_final, or the other way round.
 */
extern void concentration_check_kind(const ConcentrationState *state, int kind,
									 const char *funcname);

/* The values of a non-empty state, sorted ascending, in a new palloc'd array. */
extern float8 *concentration_sorted_values(const ConcentrationState *state);

/* Whether the measure exists (false: no shares, X = 0); 22003 on overflow. */
extern bool concentration_has_shares(ConcentrationStatus status);

#endif							/* PORTFOLIO_CONCENTRATION_H */
