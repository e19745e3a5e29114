/*
 * text_codec.c
 *		The text cursor, its number readers, the wording of its problems,
 *		and the growing output text.  See text_codec.h.
 */
#include "text_codec.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rfm_core.h"

/*
 * PostgreSQL's Ryu (src/common/d2s.c, in libpgcommon and exported by the
 * server): the shortest digits that read back to the same double, written
 * as float8out writes them.  Returns the length; writes no NUL.
 */
extern int	double_to_shortest_decimal_bufn(double f, char *result);

/* ---------- wording ---------- */

/* What each problem expected ("Expected %s at character N."), or its sentence. */
static const char *const wording[TEXT_OUT_OF_RANGE + 1] = {
	[TEXT_LITERAL] = "\"%s\"",
	[TEXT_END] = "the end of the text",
	[TEXT_UNIT] = "a period unit",
	[TEXT_DATE] = "a date",
	[TEXT_MONTH] = "a month",
	[TEXT_MDAY] = "a day of the month",
	[TEXT_DATE_RANGE] = "a date within PostgreSQL's range",
	[TEXT_VALID_DATE] = "a valid date",
	[TEXT_PERIOD_START] = "the first day of a %s",
	[TEXT_SCALE] = "a scale",
	[TEXT_SCALE_MAX] = "a scale of at most %d",
	[TEXT_AMOUNT] = "an amount with at most %d decimals",
	[TEXT_PERIOD_ORDER] = "periods in ascending order, none after as_of's",
	[TEXT_PERIODS] = "at least one purchase period",
	[TEXT_COHORT_SIZE] = "a cohort size of at least 1",
	[TEXT_ACTIVE] = "a count of active customers",
	[TEXT_NEW] = "a count of new customers",
	[TEXT_RETAINED] = "a count of retained customers",
	[TEXT_MODEL] = "%s",		/* model_kind_names() */
	[TEXT_FIT_UNIT] = "a period unit (%s)",
	[TEXT_FREQUENCY] = "a frequency",
	[TEXT_RECENCY] = "a recency",
	[TEXT_MONETARY] = "a monetary value",
	[TEXT_AGE] = "an age",
	[TEXT_PERIOD] = "a period t",
	[TEXT_CHURNED] = "churned, 0 or 1",
	[TEXT_OPPORTUNITIES] = "a number of opportunities n",
	[TEXT_CUSTOMERS] = "a number of customers of at least 1",
	[TEXT_PENALIZER] = "a penalizer",
	[TEXT_PENALIZER_SIGN] = "a penalizer >= 0",
	[TEXT_HISTORY] = "a history the fit accepts (%s)",
	[TEXT_POINTS] = "a number of points",
	[TEXT_POINTS_RANGE] = "a number of points between 1 and %d",
	[TEXT_PARAMETER] = "a parameter",
	[TEXT_PARAMETER_COUNT] = "\";\" after at most two parameters",
	[TEXT_PARAMETERS] = "a fraction between 0 and 1 or a number of points between 1 and %d",
	[TEXT_SHARES] = "shares with 0 < a_share <= b_share <= 1",
	[TEXT_VALUE] = "a value",
	[TEXT_VALUE_SIGN] = "a value >= 0",
	[TEXT_COMMA_OR_END] = "\",\" or the end of the text",
	[TEXT_NUMBER_FOR] = "a number for %s",
	[TEXT_THRESHOLD_A] = "a threshold a >= 0",
	[TEXT_THRESHOLD_B] = "a threshold b with 0 <= b <= a",
	[TEXT_K] = "k, an integer from 1 to 1000",
	[TEXT_SEED] = "a seed, a bigint",
	[TEXT_DIMS] = "dims, an integer from 0 to 1000",
	[TEXT_FINITE] = "a finite number",
	[TEXT_NO_VECTORS] = "the end of the text (a state with dims=0 has no vectors)",
	[TEXT_VECTOR] = "a vector (a state without vectors has dims=0)",
	[TEXT_ITEM] = "an item in double quotes",
	[TEXT_ITEM_ORDER] = "an item after the one before it in byte order (a basket lists distinct items, sorted)",
	[TEXT_INCONSISTENT] = "%s",
	[TEXT_BINS_START] = "The text must start with \"bins=\".",
	[TEXT_BINS_INTEGER] = "bins must be an integer.",
	[TEXT_BINS_RANGE] = "bins must be between %d and %d.",
	[TEXT_SECTION_SEPARATOR] = "Sections are separated by \";\".",
	[TEXT_SECTION_ORDER] = "The sections are r=, f= and m=, in that order.",
	[TEXT_CUT_SEPARATOR] = "Each section needs bins - 1 values separated by \",\".",
	[TEXT_CUTS_DECREASE] = "Cut points must not decrease.",
	[TEXT_TRIPLE_SEPARATOR] = "Each customer needs three values separated by \",\".",
	[TEXT_TRAILING] = "Unexpected text after the last value.",
	[TEXT_HEX] = "A decimal number was expected.",
	[TEXT_NOT_FINITE] = "Values must be finite numbers.",
};

TextErrorKind
text_error_kind(TextProblem problem)
{
	if (problem == TEXT_INCONSISTENT)
		return TEXT_ERROR_INCONSISTENT;
	if (problem == TEXT_NOT_A_NUMBER)
		return TEXT_ERROR_BARE_SYNTAX;
	if (problem == TEXT_OUT_OF_RANGE)
		return TEXT_ERROR_OUT_OF_RANGE;
	return TEXT_ERROR_SYNTAX;
}

/* The problem's phrase or sentence, its word or number filled in. */
static void
word_problem(const TextError *e, char *buf, size_t size)
{
	const char *format = wording[e->problem];

	if (e->problem == TEXT_BINS_RANGE)
		snprintf(buf, size, format, RFM_MIN_BINS, RFM_MAX_BINS);
	else if (strstr(format, "%s") != NULL)
		snprintf(buf, size, format, e->word);
	else if (strstr(format, "%d") != NULL)
		snprintf(buf, size, format, e->number);
	else
		snprintf(buf, size, "%s", format);
}

void
text_error_detail(const TextError *e, char *buf, size_t size)
{
	char		phrase[TEXT_DETAIL_SIZE];

	buf[0] = '\0';
	if (e->problem <= TEXT_OK || e->problem > TEXT_OUT_OF_RANGE ||
		wording[e->problem] == NULL)
		return;
	word_problem(e, phrase, sizeof(phrase));
	if (e->problem < TEXT_INCONSISTENT)
		snprintf(buf, size, "Expected %s at character %d.", phrase, e->pos + 1);
	else
		snprintf(buf, size, "%s", phrase);
}

/* ---------- the cursor ---------- */

void
text_cursor_init(TextCursor *c, const char *input)
{
	memset(c, 0, sizeof(*c));
	c->input = input;
	c->p = input;
}

bool
text_fail_at(TextCursor *c, const char *at, TextProblem problem)
{
	c->p = at;
	c->error.problem = problem;
	c->error.pos = (int) (at - c->input);
	return false;
}

bool
text_fail(TextCursor *c, TextProblem problem)
{
	return text_fail_at(c, c->p, problem);
}

bool
text_fail_word(TextCursor *c, TextProblem problem, const char *word)
{
	c->error.word = word;
	return text_fail(c, problem);
}

bool
text_fail_number(TextCursor *c, TextProblem problem, int number)
{
	c->error.number = number;
	return text_fail(c, problem);
}

void
text_skip_spaces(TextCursor *c)
{
	while (isspace((unsigned char) *c->p))
		c->p++;
}

bool
text_at_end(TextCursor *c)
{
	text_skip_spaces(c);
	return *c->p == '\0';
}

bool
text_accept(TextCursor *c, const char *literal)
{
	size_t		len = strlen(literal);

	text_skip_spaces(c);
	if (strncmp(c->p, literal, len) != 0)
		return false;
	c->p += len;
	return true;
}

bool
text_expect(TextCursor *c, const char *literal)
{
	return text_accept(c, literal) || text_fail_word(c, TEXT_LITERAL, literal);
}

bool
text_int64(TextCursor *c, int64_t min, TextProblem problem, int64_t *value)
{
	char	   *end;
	long long	v;

	text_skip_spaces(c);
	errno = 0;
	v = strtoll(c->p, &end, 10);
	if (end == c->p || errno != 0 || v < min || !isdigit((unsigned char) end[-1]))
		return text_fail(c, problem);
	c->p = end;
	*value = v;
	return true;
}

bool
text_double(TextCursor *c, TextProblem problem, double *value)
{
	const char *end;

	text_skip_spaces(c);
	if (decimal_read(c->p, value, &end) != DECIMAL_OK)
		return text_fail(c, problem);
	c->p = end;
	return true;
}

TextStep
text_next_item(TextCursor *c, bool first_item)
{
	if (text_at_end(c))
		return TEXT_STEP_END;
	if (!first_item && !text_expect(c, ";"))
		return TEXT_STEP_ERROR;
	return TEXT_STEP_ITEM;
}

const char *
text_word(TextCursor *c, size_t *len)
{
	const char *start;

	text_skip_spaces(c);
	start = c->p;
	while (isalpha((unsigned char) *c->p) || *c->p == '_')
		c->p++;
	*len = (size_t) (c->p - start);
	return start;
}

/* ---------- decimals ---------- */

static bool
hex_ahead(const char *p)
{
	if (*p == '+' || *p == '-')
		p++;
	return p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
}

DecimalRead
decimal_read(const char *p, double *value, const char **end)
{
	char	   *stop;
	double		v;
	bool		range_error;

	*end = p;
	if (isspace((unsigned char) *p))
		return DECIMAL_NONE;	/* the callers skip spaces; strtod must not */
	if (hex_ahead(p))
		return DECIMAL_HEX;
	errno = 0;
	v = strtod(p, &stop);
	range_error = (errno == ERANGE);
	if (stop == p)
		return DECIMAL_NONE;
	*end = stop;
	/* ERANGE with a subnormal result is no error: it reads back exactly */
	if (range_error && (v == 0 || isinf(v)))
		return DECIMAL_OUT_OF_RANGE;
	if (isnan(v) || isinf(v))
		return DECIMAL_NOT_FINITE;
	*value = v + 0.0;			/* -0 reads as 0 */
	return DECIMAL_OK;
}

/* ---------- writing ---------- */

void
text_out_reserve(TextOut *out, size_t more)
{
	if (out->len + more + 1 > out->size)
		out->grow(out, out->len + more + 1);
}

void
text_out_bytes(TextOut *out, const char *bytes, size_t len)
{
	text_out_reserve(out, len);
	memcpy(out->data + out->len, bytes, len);
	out->len += len;
	out->data[out->len] = '\0';
}

void
text_out_string(TextOut *out, const char *s)
{
	text_out_bytes(out, s, strlen(s));
}

void
text_out_char(TextOut *out, char c)
{
	text_out_bytes(out, &c, 1);
}

void
text_out_int64(TextOut *out, int64_t value)
{
	char		digits[24];

	text_out_bytes(out, digits, (size_t) snprintf(digits, sizeof(digits), "%lld",
												   (long long) value));
}

void
text_out_double(TextOut *out, double value)
{
	text_out_reserve(out, TEXT_DOUBLE_MAX_LEN);
	out->len += (size_t) double_to_shortest_decimal_bufn(value, out->data + out->len);
	out->data[out->len] = '\0';
}

void
text_out_doubles(TextOut *out, const double *values, int64_t n, char sep)
{
	for (int64_t i = 0; i < n; i++)
	{
		if (i > 0)
			text_out_char(out, sep);
		text_out_double(out, values[i]);
	}
}
