/*
 * binary_codec.h
 *		What the binary codecs (SEND and RECEIVE) of the base types share: a
 *		cursor over untrusted bytes that remembers the first problem it met,
 *		and a writer into memory the caller sized.
 *
 * Pure C: no PostgreSQL headers.  Every value starts with a format version
 * byte (BINARY_FORMAT_VERSION), so that a format can evolve; integers and
 * doubles (IEEE 754 bits) follow in network byte order, as PostgreSQL's own
 * send functions write them; a 128-bit revenue is two's complement, high
 * half first.  A reader that fails returns false and leaves a BinaryError
 * in the cursor: a problem code (what was expected there) and the byte
 * offset; binary_error_detail() words it and the glue (type_io.c) reports
 * it as 22P03.
 */
#ifndef PORTFOLIO_BINARY_CODEC_H
#define PORTFOLIO_BINARY_CODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fixed_decimal.h"

#define BINARY_FORMAT_VERSION 1

/* The largest value PostgreSQL allocates (MaxAllocSize), in bytes. */
#define VALUE_MAX_BYTES ((uint64_t) 0x3fffffff)

/* What a binary input met instead of what it expected. */
typedef enum BinaryProblem
{
	BINARY_OK = 0,
	BINARY_VERSION,
	BINARY_END,					/* bytes after the last field */
	BINARY_COUNT,				/* min .. max */
	BINARY_ROOM,				/* min (the count) .. max (the limit) */
	BINARY_FINITE,
	BINARY_BINS,
	BINARY_CUT_ORDER,
	BINARY_UNIT,
	BINARY_SCALE,
	BINARY_DATE,
	BINARY_PERIOD,
	BINARY_REVENUE,
	BINARY_ROWS,
	BINARY_ROW_DATA,
	BINARY_OLDEST_ROW,
	BINARY_INCONSISTENT,		/* word: the sentence */
	BINARY_MODEL,
	BINARY_FIT_UNIT,
	BINARY_PENALIZER,
	BINARY_HISTORY,				/* word: why the fit refuses it */
	BINARY_CUSTOMERS,
	BINARY_DUPLICATE,
	BINARY_NARGS,
	BINARY_KIND,
	BINARY_FRACTION,
	BINARY_POINTS,
	BINARY_FRACTION_OR_POINTS,
	BINARY_SHARES,
	BINARY_VALUE_SIGN,
	BINARY_THRESHOLD_A,
	BINARY_THRESHOLD_B,
	BINARY_K,
	BINARY_SEED,
	BINARY_DIMS,
	BINARY_NO_VECTORS,
	BINARY_ITEMS,
	BINARY_ITEM_LENGTH,
	BINARY_ITEM_ORDER,
	BINARY_ITEM_TEXT
} BinaryProblem;

#define BINARY_LAST_PROBLEM BINARY_ITEM_TEXT

typedef struct BinaryError
{
	BinaryProblem problem;
	int64_t		pos;			/* byte offset where the field starts */
	bool		truncated;		/* the value ends inside or before the field */
	int64_t		length;			/* the value's length, for truncated */
	const char *word;			/* what the wording names, for some problems */
	int64_t		min;			/* the range the wording names, for some */
	int64_t		max;
} BinaryError;

/* Room for any detail binary_error_detail() writes, NUL included. */
#define BINARY_DETAIL_SIZE 256

/*
 * The errdetail: "Expected <what> at byte N.", "The value ends after N
 * bytes, where <what> was expected.", or a sentence of its own.
 */
extern void binary_error_detail(const BinaryError *error, char *buf, size_t size);

/* ---------- reading ---------- */

typedef struct ByteReader
{
	const uint8_t *data;
	size_t		len;
	size_t		pos;			/* the next byte to read */
	BinaryError error;
} ByteReader;

extern void bytes_init(ByteReader *r, const void *data, size_t len);

/* Record a problem with the field at offset pos; always false. */
extern bool bytes_fail(ByteReader *r, size_t pos, BinaryProblem problem);
extern bool bytes_fail_word(ByteReader *r, size_t pos, BinaryProblem problem, const char *word);

/*
 * Name the field of the problem just recorded (its position, and whether
 * the value ended, stay): a finite double that is a penalizer, say.
 */
extern bool bytes_name_field(ByteReader *r, BinaryProblem field);

/* The format version byte, which must be BINARY_FORMAT_VERSION. */
extern bool bytes_version(ByteReader *r);

/*
 * The next field; field names what it is, for the problem recorded when
 * the value ends before the field does.
 */
extern bool bytes_u8(ByteReader *r, BinaryProblem field, uint8_t *value);
extern bool bytes_i8(ByteReader *r, BinaryProblem field, int8_t *value);
extern bool bytes_i32(ByteReader *r, BinaryProblem field, int32_t *value);
extern bool bytes_i64(ByteReader *r, BinaryProblem field, int64_t *value);
extern bool bytes_i128(ByteReader *r, BinaryProblem field, fixed128 *value);

/*
 * An integer field from min to max (field, which names the range,
 * otherwise): BINARY_COUNT, BINARY_ROOM and the like.
 */
extern bool bytes_u8_in(ByteReader *r, BinaryProblem field, int64_t min, int64_t max,
						uint8_t *value);
extern bool bytes_i32_in(ByteReader *r, BinaryProblem field, int64_t min, int64_t max,
						 int32_t *value);
extern bool bytes_i64_in(ByteReader *r, BinaryProblem field, int64_t min, int64_t max,
						 int64_t *value);

/* A finite double (BINARY_FINITE otherwise); -0 reads as 0, as in the text. */
extern bool bytes_finite(ByteReader *r, double *value);

/* Many finite doubles. */
extern bool bytes_finites(ByteReader *r, double *values, int64_t n);

/*
 * Whether exactly count items of item_size bytes are left: checked before
 * the caller allocates for them, so that a count that lies costs nothing.
 */
extern bool bytes_items_left(ByteReader *r, int64_t count, size_t item_size, BinaryProblem item);

/* The value ends here (BINARY_END otherwise). */
extern bool bytes_end(ByteReader *r);

/* ---------- writing ---------- */

/* Writes into memory the caller sized with the codec's *_binary_size. */
typedef struct ByteWriter
{
	uint8_t    *p;
} ByteWriter;

extern void bytes_put_u8(ByteWriter *w, uint8_t value);
extern void bytes_put_i32(ByteWriter *w, int32_t value);
extern void bytes_put_i64(ByteWriter *w, int64_t value);
extern void bytes_put_f64(ByteWriter *w, double value);
extern void bytes_put_f64s(ByteWriter *w, const double *values, int64_t n);
extern void bytes_put_i128(ByteWriter *w, fixed128 value);

#endif							/* PORTFOLIO_BINARY_CODEC_H */
