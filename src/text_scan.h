/*
 * text_scan.h
 *		A cursor over the text given to a type's input function, shared by
 *		the input functions of the aggregate state and result types.
 *
 * Every failure is 22P02 "invalid input syntax for type T" with the whole
 * text and a detail naming what was expected at which character.
 */
#ifndef PORTFOLIO_TEXT_SCAN_H
#define PORTFOLIO_TEXT_SCAN_H

#include "postgres.h"

#include "compat.h"

typedef struct Scanner
{
	const char *input;			/* the whole text, for messages */
	const char *p;				/* the next character to read */
	const char *type;			/* the type's name, for messages */
} Scanner;

pg_noreturn extern void scan_error(const Scanner *s, const char *expected);
extern void scan_skip_spaces(Scanner *s);

/* Consume literal (after optional spaces); false, consuming nothing, if absent. */
extern bool scan_literal(Scanner *s, const char *literal);

/* Consume literal or fail. */
extern void scan_expect(Scanner *s, const char *literal);

/* A decimal integer >= min. */
extern int64 scan_int64(Scanner *s, int64 min, const char *what);

/*
 * A finite float8 in decimal form, as float8in accepts it; -0 reads as 0.
 * Not the hexadecimal floats ("0x1p3") the C library's strtod also reads:
 * float8out never writes them and not every platform reads them.
 */
extern float8 scan_float8(Scanner *s, const char *what);

/* Whether p starts with a hexadecimal number ("0x", "-0X"...). */
extern bool scan_hex_float_ahead(const char *p);

/* A run of letters and underscores (possibly empty), and its length. */
extern const char *scan_word(Scanner *s, size_t *len);

/* Whether another item follows (after a ";"), or the text ends here. */
extern bool scan_next_item(Scanner *s, bool first_item);

#endif							/* PORTFOLIO_TEXT_SCAN_H */
