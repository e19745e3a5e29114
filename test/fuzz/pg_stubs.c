/*
 * pg_stubs.c
 *		The backend symbols fuzz_summarize_deserialize reaches, on plain
 *		libc, so that summary.c and summary_state.c can be linked without a
 *		server.
 *
 * Memory: every chunk is malloc'd and kept on one list that fuzz_pg_reset
 * frees.  summary_state.c asks GetMemoryChunkContext for the context of its
 * state: from PostgreSQL 16 on that is a function, defined here; in 15 it
 * is an inline function of memutils.h that reads the word before the
 * chunk, so the chunk header keeps the owning context there.  Errors:
 * errstart records the level, errfinish of an ERROR longjmps to
 * PG_exception_stack as PG_TRY does.  Numeric: an exact stand-in over a 128-bit integer and a
 * scale; a value beyond it raises 0A000 "fuzz stub", a clean error.
 * Anything the harnesses should never reach aborts.
 */
#include "postgres.h"

#include "compat.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>

#include "fmgr.h"
#include "lib/stringinfo.h"
#include "libpq/pqformat.h"
#include "miscadmin.h"
#include "nodes/execnodes.h"
#include "utils/builtins.h"
#include "utils/datum.h"
#include "utils/memutils.h"
#include "utils/numeric.h"

#include "pg_stubs.h"

/*
 * Byte arguments took void pointers: appendBinaryStringInfo's and
 * pq_sendbytes's in 16, pq_copymsgbytes's in 18.
 */
#if PG_VERSION_NUM >= 160000
typedef const void *StubInBytes;
#else
typedef const char *StubInBytes;
#endif
#if PG_VERSION_NUM >= 180000
typedef void *StubOutBytes;
#else
typedef char *StubOutBytes;
#endif

/* ---------- memory ---------- */

typedef struct Chunk
{
	struct Chunk *next;
	struct Chunk *prev;
	Size		size;
	MemoryContext context;		/* right before the data, where 15's GetMemoryChunkContext reads */
} Chunk;

static MemoryContextData the_context;
MemoryContext CurrentMemoryContext = &the_context;
MemoryContext TopMemoryContext = &the_context;
MemoryContext ErrorContext = &the_context;
static Chunk chunks = {&chunks, &chunks, 0, NULL};

static void pg_error(int sqlstate, const char *fmt,...) __attribute__((format(printf, 2, 3), noreturn));

static void *
chunk_alloc(MemoryContext context, Size size, bool zero)
{
	Chunk	   *c;

	if (!AllocSizeIsValid(size))
		pg_error(ERRCODE_INTERNAL_ERROR, "invalid memory alloc request size %zu", size);
	c = zero ? calloc(1, sizeof(Chunk) + size) : malloc(sizeof(Chunk) + size);
	if (c == NULL)
		pg_error(ERRCODE_OUT_OF_MEMORY, "out of memory");
	c->size = size;
	c->context = context;
	c->next = chunks.next;
	c->prev = &chunks;
	chunks.next->prev = c;
	chunks.next = c;
	return c + 1;
}

static Chunk *
chunk_of(void *pointer)
{
	return (Chunk *) pointer - 1;
}

void *
MemoryContextAlloc(MemoryContext context, Size size)
{
	return chunk_alloc(context, size, false);
}

void *
MemoryContextAllocZero(MemoryContext context, Size size)
{
	return chunk_alloc(context, size, true);
}

void *
palloc(Size size)
{
	return chunk_alloc(CurrentMemoryContext, size, false);
}

void *
palloc0(Size size)
{
	return chunk_alloc(CurrentMemoryContext, size, true);
}

void
pfree(void *pointer)
{
	Chunk	   *c = chunk_of(pointer);

	c->prev->next = c->next;
	c->next->prev = c->prev;
	free(c);
}

void *
repalloc(void *pointer, Size size)
{
	Chunk	   *old = chunk_of(pointer);
	void	   *copy = chunk_alloc(old->context, size, false);

	memcpy(copy, pointer, Min(size, old->size));
	pfree(pointer);
	return copy;
}

#if PG_VERSION_NUM >= 160000
MemoryContext
GetMemoryChunkContext(void *pointer)
{
	return chunk_of(pointer)->context;
}
#endif

void
fuzz_pg_reset(void)
{
	while (chunks.next != &chunks)
		pfree(chunks.next + 1);
	CurrentMemoryContext = &the_context;
}

/* ---------- errors ---------- */

sigjmp_buf *PG_exception_stack = NULL;
ErrorContextCallback *error_context_stack = NULL;
volatile sig_atomic_t InterruptPending = false;
int			fuzz_pg_last_sqlstate;
char		fuzz_pg_last_message[1024];
static int	error_level;
static int	error_sqlstate;

pg_noreturn static void throw(void);

static void
throw(void)
{
	if (PG_exception_stack == NULL)
	{
		fprintf(stderr, "ERROR outside fuzz_pg_call: %s\n", fuzz_pg_last_message);
		abort();
	}
	siglongjmp(*PG_exception_stack, 1);
}

static void
pg_error(int sqlstate, const char *fmt,...)
{
	va_list		args;

	va_start(args, fmt);
	vsnprintf(fuzz_pg_last_message, sizeof(fuzz_pg_last_message), fmt, args);
	va_end(args);
	fuzz_pg_last_sqlstate = sqlstate;
	throw();
}

bool
errstart(int elevel, const char *domain pg_attribute_unused())
{
	error_level = elevel;
	error_sqlstate = elevel >= ERROR ? ERRCODE_INTERNAL_ERROR : 0;
	fuzz_pg_last_message[0] = '\0';
	return elevel >= ERROR;		/* no NOTICE or WARNING to print */
}

bool
errstart_cold(int elevel, const char *domain)
{
	return errstart(elevel, domain);
}

void
errfinish(const char *filename pg_attribute_unused(), int lineno pg_attribute_unused(),
		  const char *funcname pg_attribute_unused())
{
	if (error_level < ERROR)
		return;
	fuzz_pg_last_sqlstate = error_sqlstate;
	throw();
}

int
errcode(int sqlerrcode)
{
	error_sqlstate = sqlerrcode;
	return 0;
}

/* Format every message part, so that a bad argument shows up here. */
static void
format_part(const char *fmt, va_list args, bool keep)
{
	char		buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, args);
	if (keep)
		memcpy(fuzz_pg_last_message, buf, sizeof(buf));
}

#define FORMAT_PART(fmt, keep) \
	do { va_list args; va_start(args, fmt); format_part(fmt, args, keep); va_end(args); } while (0)

int errmsg(const char *fmt,...) { FORMAT_PART(fmt, true); return 0; }
int errmsg_internal(const char *fmt,...) { FORMAT_PART(fmt, true); return 0; }
int errdetail(const char *fmt,...) { FORMAT_PART(fmt, false); return 0; }
int errdetail_internal(const char *fmt,...) { FORMAT_PART(fmt, false); return 0; }
int errhint(const char *fmt,...) { FORMAT_PART(fmt, false); return 0; }

void
ProcessInterrupts(void)
{
}

bool
fuzz_pg_call(PGFunction fn, int nargs, const Datum *args, Datum *result)
{
	LOCAL_FCINFO(fcinfo, FUNC_MAX_ARGS);
	sigjmp_buf	jump;
	sigjmp_buf *volatile saved = PG_exception_stack;

	memset(fcinfo, 0, SizeForFunctionCallInfo(nargs));
	fcinfo->nargs = nargs;
	for (int i = 0; i < nargs; i++)
		fcinfo->args[i].value = args[i];
	if (sigsetjmp(jump, 0) != 0)
	{
		PG_exception_stack = saved;
		CurrentMemoryContext = &the_context;
		if (fuzz_pg_last_sqlstate == ERRCODE_INTERNAL_ERROR)
		{
			fprintf(stderr, "user input reached an internal error (XX000): %s\n",
					fuzz_pg_last_message);
			abort();
		}
		return false;
	}
	PG_exception_stack = &jump;
	*result = fn(fcinfo);
	PG_exception_stack = saved;
	FUZZ_CHECK(!fcinfo->isnull, "function returned NULL");
	return true;
}

/* ---------- StringInfo ---------- */

void
initStringInfo(StringInfo str)
{
	str->maxlen = 1024;
	str->data = palloc(str->maxlen);
	resetStringInfo(str);
}

void
resetStringInfo(StringInfo str)
{
	str->data[0] = '\0';
	str->len = 0;
	str->cursor = 0;
}

void
enlargeStringInfo(StringInfo str, int needed)
{
	int			newlen;

	if (needed < 0 || ((Size) needed) >= (MaxAllocSize - (Size) str->len))
		pg_error(ERRCODE_PROGRAM_LIMIT_EXCEEDED, "out of memory");
	needed += str->len + 1;
	if (needed <= str->maxlen)
		return;
	newlen = 2 * str->maxlen;
	while (needed > newlen)
		newlen = 2 * newlen;
	if (newlen > (int) MaxAllocSize)
		newlen = (int) MaxAllocSize;
	str->data = repalloc(str->data, newlen);
	str->maxlen = newlen;
}

void
appendBinaryStringInfo(StringInfo str, StubInBytes data, int datalen)
{
	enlargeStringInfo(str, datalen);
	memcpy(str->data + str->len, data, datalen);
	str->len += datalen;
	str->data[str->len] = '\0';
}

void
appendStringInfoString(StringInfo str, const char *s)
{
	appendBinaryStringInfo(str, s, strlen(s));
}

void
appendStringInfoChar(StringInfo str, char ch)
{
	appendBinaryStringInfo(str, &ch, 1);
}

void
appendStringInfo(StringInfo str, const char *fmt,...)
{
	va_list		args;
	char	   *text;
	int			len;

	va_start(args, fmt);
	len = vsnprintf(NULL, 0, fmt, args);
	va_end(args);
	text = palloc(len + 1);
	va_start(args, fmt);
	vsnprintf(text, len + 1, fmt, args);
	va_end(args);
	appendBinaryStringInfo(str, text, len);
	pfree(text);
}

/* ---------- pqformat, as PostgreSQL 15's pqformat.c ---------- */

void
pq_begintypsend(StringInfo buf)
{
	initStringInfo(buf);
	appendStringInfoSpaces(buf, VARHDRSZ);
}

void
appendStringInfoSpaces(StringInfo str, int count)
{
	enlargeStringInfo(str, count);
	memset(str->data + str->len, ' ', count);
	str->len += count;
	str->data[str->len] = '\0';
}

bytea *
pq_endtypsend(StringInfo buf)
{
	bytea	   *result = (bytea *) buf->data;

	SET_VARSIZE(result, buf->len);
	return result;
}

void
pq_sendbytes(StringInfo buf, StubInBytes data, int datalen)
{
	appendBinaryStringInfo(buf, data, datalen);
}

void
pq_sendfloat8(StringInfo buf, float8 f)
{
	union { float8 f; int64 i; } swap;

	swap.f = f;
	pq_sendint64(buf, swap.i);
}

static void
insufficient_data(void)
{
	pg_error(ERRCODE_PROTOCOL_VIOLATION, "insufficient data left in message");
}

int
pq_getmsgbyte(StringInfo msg)
{
	if (msg->cursor >= msg->len)
		pg_error(ERRCODE_PROTOCOL_VIOLATION, "no data left in message");
	return (unsigned char) msg->data[msg->cursor++];
}

void
pq_copymsgbytes(StringInfo msg, StubOutBytes buf, int datalen)
{
	if (datalen < 0 || datalen > (msg->len - msg->cursor))
		insufficient_data();
	memcpy(buf, &msg->data[msg->cursor], datalen);
	msg->cursor += datalen;
}

unsigned int
pq_getmsgint(StringInfo msg, int b)
{
	unsigned char c;
	uint16		n16;
	uint32		n32;

	switch (b)
	{
		case 1:
			pq_copymsgbytes(msg, (char *) &c, 1);
			return c;
		case 2:
			pq_copymsgbytes(msg, (char *) &n16, 2);
			return pg_ntoh16(n16);
		case 4:
			pq_copymsgbytes(msg, (char *) &n32, 4);
			return pg_ntoh32(n32);
		default:
			pg_error(ERRCODE_INTERNAL_ERROR, "unsupported integer size %d", b);
	}
}

int64
pq_getmsgint64(StringInfo msg)
{
	uint64		n64;

	pq_copymsgbytes(msg, (char *) &n64, sizeof(n64));
	return pg_ntoh64(n64);
}

float8
pq_getmsgfloat8(StringInfo msg)
{
	union { float8 f; int64 i; } swap;

	swap.i = pq_getmsgint64(msg);
	return swap.f;
}

const char *
pq_getmsgbytes(StringInfo msg, int datalen)
{
	const char *result;

	if (datalen < 0 || datalen > (msg->len - msg->cursor))
		insufficient_data();
	result = &msg->data[msg->cursor];
	msg->cursor += datalen;
	return result;
}

void
pq_getmsgend(StringInfo msg)
{
	if (msg->cursor != msg->len)
		pg_error(ERRCODE_PROTOCOL_VIOLATION, "invalid message format");
}

/* ---------- fmgr: every value here is a plain, untoasted varlena ---------- */

struct varlena *
pg_detoast_datum(struct varlena *datum)
{
	if (VARATT_IS_EXTENDED(datum))
		abort();
	return datum;
}

struct varlena *
pg_detoast_datum_packed(struct varlena *datum)
{
	if (VARATT_IS_EXTERNAL(datum) || VARATT_IS_COMPRESSED(datum))
		abort();
	return datum;
}

static Datum
direct_call(PGFunction fn, Oid collation, int nargs, const Datum *args)
{
	LOCAL_FCINFO(fcinfo, 3);
	Datum		result;

	InitFunctionCallInfoData(*fcinfo, NULL, nargs, collation, NULL, NULL);
	for (int i = 0; i < nargs; i++)
	{
		fcinfo->args[i].value = args[i];
		fcinfo->args[i].isnull = false;
	}
	result = fn(fcinfo);
	if (fcinfo->isnull)
		pg_error(ERRCODE_INTERNAL_ERROR, "function %p returned NULL", (void *) fn);
	return result;
}

Datum
DirectFunctionCall1Coll(PGFunction func, Oid collation, Datum arg1)
{
	return direct_call(func, collation, 1, &arg1);
}

Datum
DirectFunctionCall2Coll(PGFunction func, Oid collation, Datum arg1, Datum arg2)
{
	Datum		args[2] = {arg1, arg2};

	return direct_call(func, collation, 2, args);
}

Datum
DirectFunctionCall3Coll(PGFunction func, Oid collation, Datum arg1, Datum arg2, Datum arg3)
{
	Datum		args[3] = {arg1, arg2, arg3};

	return direct_call(func, collation, 3, args);
}

/* ---------- aggregates ---------- */

int
AggCheckCallContext(FunctionCallInfo fcinfo pg_attribute_unused(), MemoryContext *aggcontext)
{
	if (aggcontext)
		*aggcontext = CurrentMemoryContext;
	return AGG_CONTEXT_AGGREGATE;
}

/* ---------- numeric: exact over 128 bits, or a clean 0A000 ---------- */

/*
 * A stand-in Numeric: a varlena holding the kind (finite, NaN, +Inf, -Inf),
 * the display scale and the value in units of 10^-dscale.  Only the code the
 * harnesses reach uses it, and only through these functions.
 */
typedef struct StubNumeric
{
	int32		vl_len_;
	int32		kind;			/* 0 finite, 1 NaN, 2 +Inf, 3 -Inf */
	int32		dscale;
	int32		pad;
	__int128	value;
} StubNumeric;

#define STUB_MAX_DIGITS 34		/* |value| < 10^34: sums and sends stay in 128 bits */

static __int128
pow10_128(int n)
{
	__int128	p = 1;

	while (n-- > 0)
		p *= 10;
	return p;
}

static void
beyond_stub(void)
{
	pg_error(ERRCODE_FEATURE_NOT_SUPPORTED, "fuzz stub: numeric beyond 10^%d", STUB_MAX_DIGITS);
}

/* value * 10^n, or 0A000 when it leaves the stub's range */
static __int128
scale_up(__int128 value, int n)
{
	if (value == 0)
		return 0;
	if (n > STUB_MAX_DIGITS || value >= pow10_128(STUB_MAX_DIGITS - n) ||
		value <= -pow10_128(STUB_MAX_DIGITS - n))
		beyond_stub();
	return value * pow10_128(n);
}

static Numeric
stub_numeric(int kind, int dscale, __int128 value)
{
	StubNumeric *n = palloc0(sizeof(StubNumeric));

	if (value >= pow10_128(STUB_MAX_DIGITS) || value <= -pow10_128(STUB_MAX_DIGITS) ||
		dscale > STUB_MAX_DIGITS)
		beyond_stub();
	SET_VARSIZE(n, sizeof(StubNumeric));
	n->kind = kind;
	n->dscale = dscale;
	n->value = value;
	return (Numeric) n;
}

static const StubNumeric *
as_stub(Numeric n)
{
	return (const StubNumeric *) n;
}

bool
numeric_is_nan(Numeric num)
{
	return as_stub(num)->kind == 1;
}

bool
numeric_is_inf(Numeric num)
{
	return as_stub(num)->kind >= 2;
}

Numeric
int64_to_numeric(int64 val)
{
	return stub_numeric(0, 0, val);
}

Numeric
int64_div_fast_to_numeric(int64 val1, int log10val2)
{
	if (log10val2 < 0)
		return stub_numeric(0, 0, scale_up(val1, -log10val2));
	return stub_numeric(0, log10val2, val1);
}

Numeric
numeric_add_opt_error(Numeric num1, Numeric num2, bool *have_error pg_attribute_unused())
{
	const StubNumeric *a = as_stub(num1);
	const StubNumeric *b = as_stub(num2);
	int			dscale = Max(a->dscale, b->dscale);

	if (a->kind != 0 || b->kind != 0)
		abort();				/* the state never holds NaN or Infinity */
	return stub_numeric(0, dscale, scale_up(a->value, dscale - a->dscale) +
						scale_up(b->value, dscale - b->dscale));
}

Datum
numeric_round(PG_FUNCTION_ARGS)
{
	const StubNumeric *a = as_stub(PG_GETARG_NUMERIC(0));
	int32		scale = PG_GETARG_INT32(1);
	__int128	value = a->value;

	if (a->kind != 0 || scale < 0)
		abort();				/* not reached by the harnesses */
	if (scale < a->dscale)
	{
		__int128	unit = pow10_128(a->dscale - scale);
		__int128	rest = value % unit;

		value /= unit;
		if (rest >= unit / 2)
			value++;
		else if (rest <= -unit / 2)
			value--;
	}
	else
		value = scale_up(value, scale - a->dscale);
	PG_RETURN_NUMERIC(stub_numeric(0, scale, value));
}

/* PostgreSQL's external numeric: ndigits, weight, sign, dscale, base-10000 digits. */
#define NUMERIC_POS_ 0x0000
#define NUMERIC_NEG_ 0x4000
#define NUMERIC_NAN_ 0xC000
#define NUMERIC_PINF_ 0xD000
#define NUMERIC_NINF_ 0xF000

Datum
numeric_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	int			len = (uint16) pq_getmsgint(buf, 2);
	int			weight = (int16) pq_getmsgint(buf, 2);
	int			sign = (uint16) pq_getmsgint(buf, 2);
	int			dscale = (uint16) pq_getmsgint(buf, 2);
	__int128	value = 0;
	int			value_scale = 0;	/* value is in units of 10^-value_scale */

	if (len > 1000 + 1000)		/* NUMERIC_MAX_PRECISION + NUMERIC_MAX_RESULT_SCALE */
		pg_error(ERRCODE_INVALID_BINARY_REPRESENTATION, "invalid length in external \"numeric\" value");
	if (sign != NUMERIC_POS_ && sign != NUMERIC_NEG_ && sign != NUMERIC_NAN_ &&
		sign != NUMERIC_PINF_ && sign != NUMERIC_NINF_)
		pg_error(ERRCODE_INVALID_BINARY_REPRESENTATION, "invalid sign in external \"numeric\" value");
	if ((dscale & 0x3FFF) != dscale)
		pg_error(ERRCODE_INVALID_BINARY_REPRESENTATION, "invalid scale in external \"numeric\" value");
	for (int i = 0; i < len; i++)
	{
		int			d = (int16) pq_getmsgint(buf, 2);
		int			place = weight - i;	/* this digit counts 10000^place */

		if (d < 0 || d >= 10000)
			pg_error(ERRCODE_INVALID_BINARY_REPRESENTATION, "invalid digit in external \"numeric\" value");
		if (d == 0)
			continue;
		/* truncate digits the display scale hides, as numeric_recv does */
		for (int k = 3; k >= 0; k--)
		{
			int			digit = (d / (int) pow10_128(k)) % 10;
			int			decimal = place * 4 + k;	/* this digit counts 10^decimal */

			if (digit == 0 || -decimal > dscale)
				continue;
			if (decimal < -STUB_MAX_DIGITS || decimal > STUB_MAX_DIGITS)
				beyond_stub();
			if (-decimal > value_scale)
			{
				value = scale_up(value, -decimal - value_scale);
				value_scale = -decimal;
			}
			value += scale_up(digit, decimal + value_scale);
			if (value >= pow10_128(STUB_MAX_DIGITS))
				beyond_stub();
		}
	}
	if (sign == NUMERIC_NAN_ || sign == NUMERIC_PINF_ || sign == NUMERIC_NINF_)
		PG_RETURN_NUMERIC(stub_numeric(sign == NUMERIC_NAN_ ? 1 : sign == NUMERIC_PINF_ ? 2 : 3, 0, 0));
	if (dscale > STUB_MAX_DIGITS)
		beyond_stub();
	value = scale_up(value, dscale - value_scale);
	PG_RETURN_NUMERIC(stub_numeric(0, dscale, sign == NUMERIC_NEG_ ? -value : value));
}

Datum
numeric_send(PG_FUNCTION_ARGS)
{
	const StubNumeric *a = as_stub(PG_GETARG_NUMERIC(0));
	StringInfoData buf;
	__int128	magnitude = a->value < 0 ? -a->value : a->value;
	int			digits[16];
	int			ndigits = 0;
	int			weight;

	if (a->kind != 0)
		abort();				/* the state never holds NaN or Infinity */
	/* align to base-10000 groups: pad the fraction to a multiple of 4 digits */
	magnitude *= pow10_128((4 - a->dscale % 4) % 4);
	weight = -((a->dscale + 3) / 4) - 1;
	while (magnitude != 0)
	{
		for (int i = ndigits; i > 0; i--)
			digits[i] = digits[i - 1];
		digits[0] = (int) (magnitude % 10000);
		magnitude /= 10000;
		ndigits++;
		weight++;
	}
	/* strip leading and trailing zero groups, as make_result does */
	{
		int			first = 0;

		while (first < ndigits && digits[first] == 0)
			first++, weight--;
		while (ndigits > first && digits[ndigits - 1] == 0)
			ndigits--;
		pq_begintypsend(&buf);
		pq_sendint16(&buf, ndigits - first);
		pq_sendint16(&buf, ndigits - first == 0 ? 0 : weight);
		pq_sendint16(&buf, ndigits - first == 0 || a->value > 0 ? NUMERIC_POS_ : NUMERIC_NEG_);
		pq_sendint16(&buf, a->dscale);
		for (int i = first; i < ndigits; i++)
			pq_sendint16(&buf, digits[i]);
	}
	PG_RETURN_BYTEA_P(pq_endtypsend(&buf));
}

Datum
datumCopy(Datum value, bool typByVal, int typLen)
{
	struct varlena *v = (struct varlena *) DatumGetPointer(value);
	void	   *copy;

	if (typByVal || typLen != -1 || VARATT_IS_EXTENDED(v))
		abort();				/* only plain varlenas reach it */
	copy = palloc(VARSIZE(v));
	memcpy(copy, v, VARSIZE(v));
	return PointerGetDatum(copy);
}
