/*
 * concentration.h
 *		What the glue files of portfolio.concentration_state and
 *		portfolio.abc_cuts share: the checks, allocation and growth.  Their
 *		layouts are in concentration_state_codec.h and abc_cuts_codec.h.
 */
#ifndef PORTFOLIO_CONCENTRATION_H
#define PORTFOLIO_CONCENTRATION_H

#include "postgres.h"

#include "fmgr.h"

#include "abc_cuts_codec.h"
#include "concentration_core.h"
#include "concentration_state_codec.h"

/* The values a state has space for: its varlena size is what was allocated. */
#define CONCENTRATION_STATE_CAPACITY(s) \
	((int64) ((VARSIZE(s) - CONCENTRATION_STATE_HEADER) / sizeof(float8)))

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
