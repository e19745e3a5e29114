/*
 * text_codec.h
 *		What the text codecs of the base types share: a cursor over the text
 *		that remembers the first problem it met, the strict readers of the
 *		numbers the texts are made of, and a text that grows in memory its
 *		caller owns.
 *
 * Pure C: no PostgreSQL headers.  A reader that fails returns false and
 * leaves a TextError in the cursor: a problem code (what was expected
 * there) and the byte offset where it was met.  The glue (type_io.c) turns
 * it into the ereport; text_error_detail() words it.
 */
#ifndef PORTFOLIO_TEXT_CODEC_H
#define PORTFOLIO_TEXT_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * What a text input met instead of what it expected.  Most are worded
 * "Expected <phrase> at character N."; the rfm_cuts family has whole
 * sentences of its own; see text_error_kind().
 */
typedef enum TextProblem
{
	TEXT_OK = 0,
	/* "Expected ... at character N." */
	TEXT_LITERAL,				/* word: the literal, e.g. ";" */
	TEXT_END,					/* the end of the text */
	TEXT_UNIT,					/* a period unit (retention header) */
	TEXT_DATE,
	TEXT_MONTH,
	TEXT_MDAY,
	TEXT_DATE_RANGE,			/* a date PostgreSQL can store */
	TEXT_VALID_DATE,			/* a day that exists in its month */
	TEXT_PERIOD_START,			/* word: the unit */
	TEXT_SCALE,
	TEXT_SCALE_MAX,				/* number: the largest scale */
	TEXT_AMOUNT,				/* number: the scale */
	TEXT_PERIOD_ORDER,
	TEXT_PERIODS,				/* an activity without periods */
	TEXT_COHORT_SIZE,
	TEXT_ACTIVE,
	TEXT_NEW,
	TEXT_RETAINED,
	TEXT_MODEL,
	TEXT_FIT_UNIT,				/* word: the unit names */
	TEXT_FREQUENCY,
	TEXT_RECENCY,
	TEXT_MONETARY,
	TEXT_AGE,
	TEXT_PERIOD,				/* sbg: t, the period of churn or the renewals */
	TEXT_CHURNED,
	TEXT_OPPORTUNITIES,			/* bgbb: n */
	TEXT_CUSTOMERS,
	TEXT_PENALIZER,
	TEXT_PENALIZER_SIGN,
	TEXT_HISTORY,				/* word: why the fit refuses it */
	TEXT_POINTS,
	TEXT_POINTS_RANGE,			/* number: the most points */
	TEXT_PARAMETER,
	TEXT_PARAMETER_COUNT,
	TEXT_PARAMETERS,			/* number: the most points */
	TEXT_SHARES,
	TEXT_VALUE,
	TEXT_VALUE_SIGN,
	TEXT_COMMA_OR_END,
	TEXT_NUMBER_FOR,			/* word: the field */
	TEXT_THRESHOLD_A,
	TEXT_THRESHOLD_B,
	TEXT_K,
	TEXT_SEED,
	TEXT_DIMS,
	TEXT_FINITE,
	TEXT_NO_VECTORS,
	TEXT_VECTOR,
	TEXT_ITEM,
	TEXT_ITEM_ORDER,
	/* "invalid T: ...", detail: word, a sentence */
	TEXT_INCONSISTENT,
	/* the rfm_cuts family: a sentence each */
	TEXT_BINS_START,
	TEXT_BINS_INTEGER,
	TEXT_BINS_RANGE,
	TEXT_SECTION_SEPARATOR,
	TEXT_SECTION_ORDER,
	TEXT_CUT_SEPARATOR,
	TEXT_CUTS_DECREASE,
	TEXT_TRIPLE_SEPARATOR,
	TEXT_TRAILING,
	TEXT_HEX,
	TEXT_NOT_FINITE,
	TEXT_NOT_A_NUMBER,			/* no detail, as float8in says it */
	TEXT_OUT_OF_RANGE			/* 22003; len: the number's length */
} TextProblem;

/* How the glue reports a problem. */
typedef enum TextErrorKind
{
	TEXT_ERROR_SYNTAX,			/* 22P02 "invalid input syntax for type T: ..." */
	TEXT_ERROR_BARE_SYNTAX,		/* the same, without a detail */
	TEXT_ERROR_INCONSISTENT,	/* 22P02 "invalid T: ..." */
	TEXT_ERROR_OUT_OF_RANGE		/* 22003 "... is out of range for type double precision" */
} TextErrorKind;

typedef struct TextError
{
	TextProblem problem;
	int			pos;			/* byte offset in the text where it was met */
	int			len;			/* TEXT_OUT_OF_RANGE: the number's length */
	const char *word;			/* what the wording names, for some problems */
	int			number;			/* a number the wording names, for some */
} TextError;

/* Room for any detail text_error_detail() writes, NUL included. */
#define TEXT_DETAIL_SIZE 256

extern TextErrorKind text_error_kind(TextProblem problem);

/* The errdetail of a problem (empty for TEXT_ERROR_BARE_SYNTAX and 22003). */
extern void text_error_detail(const TextError *error, char *buf, size_t size);

/* ---------- reading ---------- */

/* What reading the next item of a list found. */
typedef enum TextStep
{
	TEXT_STEP_ITEM,				/* an item follows: read it */
	TEXT_STEP_END,				/* the text ended well */
	TEXT_STEP_ERROR				/* a problem, in the cursor */
} TextStep;

typedef struct TextCursor
{
	const char *input;			/* the whole text */
	const char *p;				/* the next byte to read */
	TextError	error;			/* the problem met, when a reader returned false */
} TextCursor;

extern void text_cursor_init(TextCursor *c, const char *input);

/* Record a problem at the cursor (or at the byte at); always false. */
extern bool text_fail(TextCursor *c, TextProblem problem);
extern bool text_fail_at(TextCursor *c, const char *at, TextProblem problem);
extern bool text_fail_word(TextCursor *c, TextProblem problem, const char *word);
extern bool text_fail_number(TextCursor *c, TextProblem problem, int number);

extern void text_skip_spaces(TextCursor *c);

/* Whether the text ends here, spaces aside. */
extern bool text_at_end(TextCursor *c);

/* Consume literal after optional spaces; false, consuming nothing, if absent. */
extern bool text_accept(TextCursor *c, const char *literal);

/* The same, failing with TEXT_LITERAL. */
extern bool text_expect(TextCursor *c, const char *literal);

/*
 * A decimal integer >= min after optional spaces (strtoll's syntax: an
 * optional sign, digits, nothing beyond int64), or fail with problem.
 */
extern bool text_int64(TextCursor *c, int64_t min, TextProblem problem, int64_t *value);

/* A finite double after optional spaces (decimal_read), or fail with problem. */
extern bool text_double(TextCursor *c, TextProblem problem, double *value);

/*
 * Whether another item of a list follows: the end of the text (spaces
 * aside) is TEXT_STEP_END; otherwise a ";" must come first, unless
 * first_item.
 */
extern TextStep text_next_item(TextCursor *c, bool first_item);

/* A run of letters and underscores (possibly empty) after optional spaces. */
extern const char *text_word(TextCursor *c, size_t *len);

/* What decimal_read found. */
typedef enum DecimalRead
{
	DECIMAL_OK,					/* a finite number; -0 reads as 0 */
	DECIMAL_NONE,				/* nothing that reads as a number */
	DECIMAL_HEX,				/* a hexadecimal number: "0x10", "-0X1p3" */
	DECIMAL_NOT_FINITE,			/* NaN or an infinity, written as a word */
	DECIMAL_OUT_OF_RANGE		/* beyond the double range, or so small it reads as 0 */
} DecimalRead;

/*
 * The decimal number at p, as float8in reads it (C's strtod: an optional
 * sign, digits with an optional point, an optional exponent), correctly
 * rounded; a subnormal result is kept.  No leading spaces: the callers
 * skip them.  Not the hexadecimal floats strtod also reads: float8out
 * never writes them and not every platform reads them.  *end gets the end of what was read (p for DECIMAL_NONE and
 * DECIMAL_HEX); *value is set only for DECIMAL_OK.
 */
extern DecimalRead decimal_read(const char *p, double *value, const char **end);

/* ---------- writing ---------- */

/*
 * A text being written into memory its caller owns: grow() must make size
 * at least its argument (moving data if it likes) or not return.  data is
 * kept NUL-terminated.
 */
typedef struct TextOut
{
	char	   *data;
	size_t		len;			/* bytes written, the NUL not counted */
	size_t		size;			/* bytes at data */
	void		(*grow) (struct TextOut *out, size_t size);
	void	   *owner;			/* for grow: the caller's buffer */
} TextOut;

/* The most bytes text_out_double writes, NUL not counted. */
#define TEXT_DOUBLE_MAX_LEN 24

extern void text_out_reserve(TextOut *out, size_t more);
extern void text_out_bytes(TextOut *out, const char *bytes, size_t len);
extern void text_out_string(TextOut *out, const char *s);
extern void text_out_char(TextOut *out, char c);
extern void text_out_int64(TextOut *out, int64_t value);

/*
 * The shortest decimal text that reads back to the same double, as
 * float8out writes it with extra_float_digits > 0 whatever the setting is:
 * "0.1", "1e+15", "1.7976931348623157e+308", "5e-324", "-0".
 */
extern void text_out_double(TextOut *out, double value);

/* Doubles separated by sep. */
extern void text_out_doubles(TextOut *out, const double *values, int64_t n, char sep);

#endif							/* PORTFOLIO_TEXT_CODEC_H */
