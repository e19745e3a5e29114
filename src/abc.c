/*
 * abc.c
 *		ABC / Pareto classes: the portfolio.abc_cuts type and aggregate's
 *		final function, and portfolio.abc_class.
 *
 * A customer is A when the customers with a strictly greater value hold less
 * than a_share of the total, B when they hold less than b_share, C
 * otherwise: the customer who crosses a boundary belongs to the class it
 * completes, and equal values always share a class.  That share never
 * grows with the value, so the classes are thresholds on the value: a, the
 * smallest value that is A, and b, the smallest that is A or B (b = a when
 * nobody is B).  abc_cuts learns them (concentration_core.c); abc_class
 * compares with them, giving every value the learner saw its rule's class
 * and any other value the class of the next smaller value that was seen
 * (C below all of them).
 *
 * The text and binary forms are in abc_cuts_codec.c.
 */
#include "postgres.h"

#include "utils/builtins.h"

#include "concentration.h"
#include "type_io.h"

PG_FUNCTION_INFO_V1(abc_cuts_in);
PG_FUNCTION_INFO_V1(abc_cuts_out);
PG_FUNCTION_INFO_V1(abc_cuts_final);
PG_FUNCTION_INFO_V1(abc_class);
PG_FUNCTION_INFO_V1(abc_cuts_send);
PG_FUNCTION_INFO_V1(abc_cuts_recv);

#define ABC_TYPE "portfolio.abc_cuts"

static AbcCuts *
abc_cuts_make(float8 a_share, float8 b_share, float8 a, float8 b)
{
	AbcCuts    *cuts = palloc0(sizeof(AbcCuts));

	SET_VARSIZE(cuts, sizeof(AbcCuts));
	cuts->a_share = a_share;
	cuts->b_share = b_share;
	cuts->a = a;
	cuts->b = b;
	return cuts;
}

/* abc_cuts_final(state): the thresholds; NULL for no values or all zero */
Datum
abc_cuts_final(PG_FUNCTION_ARGS)
{
	ConcentrationState *state = DatumGetConcentrationState(PG_GETARG_DATUM(0));
	float8		a_share = ABC_DEFAULT_A_SHARE;
	float8		b_share = ABC_DEFAULT_B_SHARE;
	float8		a;
	float8		b;

	/* abc_cuts(value) records no parameters: the defaults apply */
	if (state->nargs != 0)
	{
		concentration_check_nargs(state, 2, "abc_cuts_final");
		a_share = state->args[0];
		b_share = state->args[1];
		concentration_check_abc_shares(a_share, b_share);
	}
	if (state->count == 0 ||
		!concentration_has_shares(concentration_abc(concentration_sorted_values(state),
													 state->count, a_share, b_share, &a, &b)))
		PG_RETURN_NULL();
	PG_RETURN_POINTER(abc_cuts_make(a_share, b_share, a, b));
}

/* abc_class(value, cuts): 'A', 'B' or 'C' */
Datum
abc_class(PG_FUNCTION_ARGS)
{
	float8		value = concentration_check_value(PG_GETARG_FLOAT8(0));
	AbcCuts    *cuts = DatumGetAbcCuts(PG_GETARG_DATUM(1));
	char		class[2] = {concentration_abc_class(value, cuts->a, cuts->b), '\0'};

	PG_RETURN_TEXT_P(cstring_to_text(class));
}

/* ---------- text and binary I/O ---------- */

Datum
abc_cuts_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	abc_cuts_text_write(DatumGetAbcCuts(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
abc_cuts_in(PG_FUNCTION_ARGS)
{
	AbcCuts    *cuts = abc_cuts_make(0, 0, 0, 0);
	TextCursor	c;

	text_cursor_init(&c, PG_GETARG_CSTRING(0));
	if (!abc_cuts_text_read(&c, cuts))
		type_io_text_error(ABC_TYPE, &c);
	PG_RETURN_POINTER(cuts);
}

Datum
abc_cuts_send(PG_FUNCTION_ARGS)
{
	bytea	   *result = type_io_send_buffer(ABC_CUTS_BINARY_SIZE, ABC_TYPE);

	abc_cuts_binary_write(DatumGetAbcCuts(PG_GETARG_DATUM(0)), (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

Datum
abc_cuts_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	AbcCuts    *cuts = abc_cuts_make(0, 0, 0, 0);
	ByteReader	r;

	type_io_reader(&r, buf);
	if (!abc_cuts_binary_read(&r, cuts))
		type_io_binary_error(ABC_TYPE, &r);
	type_io_consumed(buf, &r);
	PG_RETURN_POINTER(cuts);
}
