/*
 * type_io.h
 *		The PostgreSQL side of the base types' codecs (text_codec.h,
 *		binary_codec.h and the *_codec.h of each type): their problems as
 *		ereports, their text in a StringInfo, their bytes in and out of the
 *		messages of the binary protocol.
 */
#ifndef PORTFOLIO_TYPE_IO_H
#define PORTFOLIO_TYPE_IO_H

#include "postgres.h"

#include "compat.h"

#include "lib/stringinfo.h"

#include "binary_codec.h"
#include "text_codec.h"

/*
 * The ereport of a text input's problem: 22P02 "invalid input syntax for
 * type T: "..."" with the detail the problem calls for (or 22P02 "invalid
 * T", or 22003 for a number beyond the double range: see TextErrorKind).
 */
pg_noreturn extern void type_io_text_error(const char *type, const TextCursor *c);

/* A TextOut writing into a new StringInfo, and its text when done. */
extern void type_io_text_out(TextOut *out, StringInfo buf);
extern char *type_io_text_done(TextOut *out);

/*
 * The ereport of a binary input's problem: 22P03 "invalid binary input for
 * type T" with the detail the problem calls for.
 */
pg_noreturn extern void type_io_binary_error(const char *type, const ByteReader *r);

/* A ByteReader over the rest of a receive function's message. */
extern void type_io_reader(ByteReader *r, StringInfo buf);

/* The message read up to where the reader stopped (its end, once read well). */
extern void type_io_consumed(StringInfo buf, const ByteReader *r);

/*
 * A new bytea with room for size bytes of a send function's output, at
 * VARDATA (54000 when that passes the largest value).
 */
extern bytea *type_io_send_buffer(size_t size, const char *type);

#endif							/* PORTFOLIO_TYPE_IO_H */
