/*
 * type_io.c
 *		The ereports, StringInfo and message handling of the base types'
 *		codecs.  See type_io.h.
 */
#include "postgres.h"

#include "utils/memutils.h"

#include "type_io.h"

StaticAssertDecl(VALUE_MAX_BYTES == MaxAllocSize, "the codecs' limit is PostgreSQL's");

void
type_io_text_error(const char *type, const TextCursor *c)
{
	const TextError *e = &c->error;
	char		detail[TEXT_DETAIL_SIZE];

	text_error_detail(e, detail, sizeof(detail));
	switch (text_error_kind(e->problem))
	{
		case TEXT_ERROR_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"", type, c->input),
					 errdetail("%s", detail)));
			break;
		case TEXT_ERROR_BARE_SYNTAX:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid input syntax for type %s: \"%s\"", type, c->input)));
			break;
		case TEXT_ERROR_INCONSISTENT:
			ereport(ERROR,
					(errcode(ERRCODE_INVALID_TEXT_REPRESENTATION),
					 errmsg("invalid %s: \"%s\"", type, c->input),
					 errdetail("%s", detail)));
			break;
		case TEXT_ERROR_OUT_OF_RANGE:
			ereport(ERROR,
					(errcode(ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE),
					 errmsg("\"%s\" is out of range for type double precision",
							pnstrdup(c->input + e->pos, e->len))));
			break;
	}
	pg_unreachable();
}

/* TextOut's grow: the StringInfo grows as appendStringInfo grows it. */
static void
grow_string(TextOut *out, size_t size)
{
	StringInfo	buf = (StringInfo) out->owner;

	buf->len = (int) out->len;
	enlargeStringInfo(buf, (int) (size - out->len - 1));
	out->data = buf->data;
	out->size = (size_t) buf->maxlen;
}

void
type_io_text_out(TextOut *out, StringInfo buf)
{
	initStringInfo(buf);
	out->data = buf->data;
	out->len = 0;
	out->size = (size_t) buf->maxlen;
	out->grow = grow_string;
	out->owner = buf;
}

char *
type_io_text_done(TextOut *out)
{
	StringInfo	buf = (StringInfo) out->owner;

	buf->len = (int) out->len;
	return buf->data;
}

void
type_io_binary_error(const char *type, const ByteReader *r)
{
	char		detail[BINARY_DETAIL_SIZE];

	binary_error_detail(&r->error, detail, sizeof(detail));
	ereport(ERROR,
			(errcode(ERRCODE_INVALID_BINARY_REPRESENTATION),
			 errmsg("invalid binary input for type %s", type),
			 errdetail("%s", detail)));
}

void
type_io_reader(ByteReader *r, StringInfo buf)
{
	bytes_init(r, buf->data + buf->cursor, (size_t) (buf->len - buf->cursor));
}

void
type_io_consumed(StringInfo buf, const ByteReader *r)
{
	buf->cursor += (int) r->pos;
}

bytea *
type_io_send_buffer(size_t size, const char *type)
{
	bytea	   *result;

	if (size > MaxAllocSize - VARHDRSZ)
		ereport(ERROR,
				(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
				 errmsg("a %s value is too large to send in binary", type),
				 errdetail("Its binary form would take %zu bytes.", size)));
	result = (bytea *) palloc(VARHDRSZ + size);
	SET_VARSIZE(result, VARHDRSZ + size);
	return result;
}
