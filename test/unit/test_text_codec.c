/*
 * test_text_codec.c
 *		The text cursor's readers (decimals as float8in reads them, integers
 *		as strtoll, literals, list items), the wording of every kind of
 *		problem, and the growing output text with its shortest doubles.
 */
#include "unit.h"

#include <string.h>

#include "text_codec.h"

#include "../fuzz/fuzz_codec.h"

typedef struct DecimalCase
{
	const char *text;
	DecimalRead result;
	int			len;			/* bytes read */
	double		value;			/* for DECIMAL_OK */
} DecimalCase;

static const DecimalCase decimals[] = {
	{"1", DECIMAL_OK, 1, 1}, {"0.1,", DECIMAL_OK, 3, 0.1}, {".5", DECIMAL_OK, 2, 0.5},
	{"5.", DECIMAL_OK, 2, 5}, {"+3e2x", DECIMAL_OK, 4, 300}, {"1e", DECIMAL_OK, 1, 1},
	{"1e+", DECIMAL_OK, 1, 1}, {"-2.5E-1", DECIMAL_OK, 7, -0.25},
	{"1e-320", DECIMAL_OK, 6, 1e-320}, {"5e-324", DECIMAL_OK, 6, 5e-324},
	{"1.7976931348623157e308", DECIMAL_OK, 22, 1.7976931348623157e308},
	{"", DECIMAL_NONE, 0, 0}, {"abc", DECIMAL_NONE, 0, 0}, {".", DECIMAL_NONE, 0, 0},
	{"-", DECIMAL_NONE, 0, 0}, {"e5", DECIMAL_NONE, 0, 0}, {"+-1", DECIMAL_NONE, 0, 0},
	{"0x10", DECIMAL_HEX, 0, 0}, {"-0X1p3", DECIMAL_HEX, 0, 0}, {"+0x", DECIMAL_HEX, 0, 0},
	{"NaN", DECIMAL_NOT_FINITE, 3, 0}, {"inf", DECIMAL_NOT_FINITE, 3, 0},
	{"-Infinity", DECIMAL_NOT_FINITE, 9, 0}, {"nan(1)", DECIMAL_NOT_FINITE, 6, 0},
	{"1e400", DECIMAL_OUT_OF_RANGE, 5, 0}, {"-1e400", DECIMAL_OUT_OF_RANGE, 6, 0},
	{"1e-400", DECIMAL_OUT_OF_RANGE, 6, 0}, {"-1e-400", DECIMAL_OUT_OF_RANGE, 7, 0},
};

static void
test_decimal_read(void)
{
	for (size_t i = 0; i < sizeof(decimals) / sizeof(decimals[0]); i++)
	{
		const DecimalCase *t = &decimals[i];
		double		value = 0;
		const char *end;
		DecimalRead r = decimal_read(t->text, &value, &end);

		CHECK(r == t->result && end - t->text == t->len &&
			  (r != DECIMAL_OK || value == t->value),
			  "decimal_read(\"%s\"): %d, %d bytes, %.17g", t->text, (int) r,
			  (int) (end - t->text), value);
	}
}

static void
test_negative_zero(void)
{
	bool		ok;
	double		value = 1;
	const char *end;

	ok = decimal_read("-0", &value, &end) == DECIMAL_OK && value == 0 && !signbit(value);
	CHECK(ok, "-0 reads as 0");
	ok = decimal_read("-0.0e5", &value, &end) == DECIMAL_OK && !signbit(value);
	CHECK(ok, "-0.0e5 reads as 0");
}

static void
test_cursor(void)
{
	bool		ok;
	TextCursor	c;
	int64_t		v = 0;
	double		d = 0;

	text_cursor_init(&c, "  12 ; x");
	ok = text_int64(&c, 0, TEXT_SCALE, &v) && v == 12 && c.p - c.input == 4;
	CHECK(ok, "an integer after spaces");
	ok = text_accept(&c, ";") && !text_accept(&c, ";") && c.p - c.input == 7;
	CHECK(ok, "a literal after spaces; when absent only the spaces are consumed");
	ok = !text_expect(&c, ",") && c.error.problem == TEXT_LITERAL && c.error.pos == 7 &&
		strcmp(c.error.word, ",") == 0;
	CHECK(ok, "a missing literal is TEXT_LITERAL where it was expected");
	text_cursor_init(&c, " -3");
	ok = !text_int64(&c, -2, TEXT_K, &v) && c.error.problem == TEXT_K && c.error.pos == 1;
	CHECK(ok, "an integer below the minimum fails at its start");
	text_cursor_init(&c, "99999999999999999999");
	ok = !text_int64(&c, 0, TEXT_SEED, &v) && c.error.pos == 0;
	CHECK(ok, "an integer beyond int64 fails");
	text_cursor_init(&c, "+7");
	ok = text_int64(&c, 7, TEXT_K, &v) && v == 7;
	CHECK(ok, "a sign is read (strtoll)");
	text_cursor_init(&c, "\t0x1p3");
	ok = !text_double(&c, TEXT_VALUE, &d) && c.error.problem == TEXT_VALUE && c.error.pos == 1;
	CHECK(ok, "a hexadecimal float fails at its start");
}

static void
test_next_item(void)
{
	bool		ok;
	TextCursor	c;

	text_cursor_init(&c, " a ;b ; ");
	ok = text_next_item(&c, true) == TEXT_STEP_ITEM && c.p - c.input == 1;
	CHECK(ok, "the first item needs no \";\"");
	c.p += 1;
	ok = text_next_item(&c, false) == TEXT_STEP_ITEM && c.p - c.input == 4;
	CHECK(ok, "\";\" before the next");
	c.p += 1;
	ok = text_next_item(&c, false) == TEXT_STEP_ITEM;
	CHECK(ok, "a \";\" at the end is an item to read");
	ok = text_next_item(&c, false) == TEXT_STEP_END;
	CHECK(ok, "the end, spaces aside");
	text_cursor_init(&c, "a b");
	c.p += 1;
	ok = text_next_item(&c, false) == TEXT_STEP_ERROR && c.error.problem == TEXT_LITERAL && c.error.pos == 2;
	CHECK(ok, "anything else is an error at it");
}

typedef struct DetailCase
{
	TextError	error;
	TextErrorKind kind;
	const char *detail;
} DetailCase;

static const DetailCase details[] = {
	{{TEXT_LITERAL, 4, 0, ";", 0}, TEXT_ERROR_SYNTAX, "Expected \";\" at character 5."},
	{{TEXT_AMOUNT, 0, 0, NULL, 2}, TEXT_ERROR_SYNTAX, "Expected an amount with at most 2 decimals at character 1."},
	{{TEXT_PERIOD_START, 9, 0, "week", 0}, TEXT_ERROR_SYNTAX, "Expected the first day of a week at character 10."},
	{{TEXT_HISTORY, 3, 0, "recency must not be negative", 0}, TEXT_ERROR_SYNTAX,
	 "Expected a history the fit accepts (recency must not be negative) at character 4."},
	{{TEXT_BINS_RANGE, 5, 0, NULL, 0}, TEXT_ERROR_SYNTAX, "bins must be between 2 and 9."},
	{{TEXT_CUTS_DECREASE, 5, 0, NULL, 0}, TEXT_ERROR_SYNTAX, "Cut points must not decrease."},
	{{TEXT_NOT_A_NUMBER, 5, 0, NULL, 0}, TEXT_ERROR_BARE_SYNTAX, ""},
	{{TEXT_OUT_OF_RANGE, 5, 5, NULL, 0}, TEXT_ERROR_OUT_OF_RANGE, ""},
	{{TEXT_INCONSISTENT, 0, 0, "A count is negative.", 0}, TEXT_ERROR_INCONSISTENT, "A count is negative."},
};

static void
test_details(void)
{
	for (size_t i = 0; i < sizeof(details) / sizeof(details[0]); i++)
	{
		char		buf[TEXT_DETAIL_SIZE];

		text_error_detail(&details[i].error, buf, sizeof(buf));
		CHECK(text_error_kind(details[i].error.problem) == details[i].kind &&
			  strcmp(buf, details[i].detail) == 0, "problem %d: \"%s\"",
			  (int) details[i].error.problem, buf);
	}
}

/* What float8out writes with extra_float_digits > 0. */
static const struct
{
	double		value;
	const char *text;
}			shortest[] = {
	{0.1, "0.1"}, {1e15, "1e+15"}, {123456789012345.0, "123456789012345"}, {1e-5, "1e-05"},
	{0.0001, "0.0001"}, {5e-324, "5e-324"}, {1.7976931348623157e308, "1.7976931348623157e+308"},
	{-0.0, "-0"}, {0.0, "0"}, {100, "100"}, {9007199254740993.0, "9.007199254740992e+15"},
	{0.30000000000000004, "0.30000000000000004"}, {-1e-308, "-1e-308"}, {1e22, "1e+22"},
};

static void
test_writing(void)
{
	TextOut		out = {NULL, 0, 1, fuzz_text_grow, NULL};

	out.data = fuzz_zalloc(1);
	for (size_t i = 0; i < sizeof(shortest) / sizeof(shortest[0]); i++)
	{
		out.len = 0;
		text_out_double(&out, shortest[i].value);
		CHECK(strcmp(out.data, shortest[i].text) == 0, "%.17g is written \"%s\"", shortest[i].value,
			  out.data);
	}
	out.len = 0;
	text_out_int64(&out, INT64_MIN);
	text_out_char(&out, ';');
	text_out_doubles(&out, (const double[]) {1, 2.5, -3}, 3, ',');
	CHECK(strcmp(out.data, "-9223372036854775808;1,2.5,-3") == 0 && out.len == strlen(out.data),
		  "integers and lists, growing from one byte: \"%s\"", out.data);
	free(out.data);
}

void
test_text_codec(void)
{
	test_decimal_read();
	test_negative_zero();
	test_cursor();
	test_next_item();
	test_details();
	test_writing();
}
