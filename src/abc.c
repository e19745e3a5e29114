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
 * Text form (floats in the shortest form that reads back exactly):
 *
 *   a_share=0.8; b_share=0.95; a=120.5; b=40
 */
#include "postgres.h"

#include "lib/stringinfo.h"
#include "utils/builtins.h"

#include "concentration.h"
#include "portfolio.h"
#include "text_scan.h"

PG_FUNCTION_INFO_V1(abc_cuts_in);
PG_FUNCTION_INFO_V1(abc_cuts_out);
PG_FUNCTION_INFO_V1(abc_cuts_final);
PG_FUNCTION_INFO_V1(abc_class);

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

/* ---------- text I/O ---------- */

static void
append_field(StringInfo buf, const char *name, float8 value)
{
	appendStringInfo(buf, "%s%s=", buf->len > 0 ? "; " : "", name);
	portfolio_append_float8(buf, value);
}

Datum
abc_cuts_out(PG_FUNCTION_ARGS)
{
	AbcCuts    *cuts = DatumGetAbcCuts(PG_GETARG_DATUM(0));
	StringInfoData buf;

	initStringInfo(&buf);
	append_field(&buf, "a_share", cuts->a_share);
	append_field(&buf, "b_share", cuts->b_share);
	append_field(&buf, "a", cuts->a);
	append_field(&buf, "b", cuts->b);
	PG_RETURN_CSTRING(buf.data);
}

/* "name=" and a finite number; *start gets where the number begins. */
static float8
scan_field(Scanner *s, const char *name, bool first, const char **start)
{
	if (!first)
		scan_expect(s, ";");
	scan_expect(s, psprintf("%s=", name));
	scan_skip_spaces(s);
	*start = s->p;
	return scan_float8(s, psprintf("a number for %s", name));
}

Datum
abc_cuts_in(PG_FUNCTION_ARGS)
{
	char	   *input = PG_GETARG_CSTRING(0);
	Scanner		s = {input, input, "portfolio.abc_cuts"};
	const char *start;
	float8		a_share;
	float8		b_share;
	float8		a;
	float8		b;

	a_share = scan_field(&s, "a_share", true, &start);
	b_share = scan_field(&s, "b_share", false, &start);
	if (!concentration_abc_shares_valid(a_share, b_share))
	{
		s.p = start;
		scan_error(&s, "shares with 0 < a_share <= b_share <= 1");
	}
	a = scan_field(&s, "a", false, &start);
	if (a < 0)
	{
		s.p = start;
		scan_error(&s, "a threshold a >= 0");
	}
	b = scan_field(&s, "b", false, &start);
	if (b < 0 || b > a)
	{
		s.p = start;
		scan_error(&s, "a threshold b with 0 <= b <= a");
	}
	scan_skip_spaces(&s);
	if (*s.p != '\0')
		scan_error(&s, "the end of the text");
	PG_RETURN_POINTER(abc_cuts_make(a_share, b_share, a, b));
}
