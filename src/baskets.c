/*
 * baskets.c
 *		portfolio.baskets: allocation, growth, the glue of its text and
 *		binary I/O around baskets_codec.c, and the affinity aggregate that
 *		collects the baskets (affinity_accum, affinity_combine,
 *		affinity_final).
 */
#include "postgres.h"

#include "catalog/pg_type.h"
#include "mb/pg_wchar.h"
#include "utils/array.h"
#include "utils/memutils.h"

#include "affinity.h"
#include "portfolio.h"
#include "type_io.h"

PG_FUNCTION_INFO_V1(baskets_in);
PG_FUNCTION_INFO_V1(baskets_out);
PG_FUNCTION_INFO_V1(baskets_send);
PG_FUNCTION_INFO_V1(baskets_recv);
PG_FUNCTION_INFO_V1(affinity_accum);
PG_FUNCTION_INFO_V1(affinity_combine);
PG_FUNCTION_INFO_V1(affinity_final);

#define TYPE_NAME "portfolio.baskets"

Baskets *
baskets_alloc(int64 room)
{
	Size		size = baskets_bytes(room);
	Baskets    *b = palloc_extended(size, MCXT_ALLOC_HUGE | MCXT_ALLOC_ZERO);

	SET_VARSIZE(b, size);		/* spare room zeroed: it is copied and stored */
	return b;
}

static void
report_too_many_baskets(int64 used, int64 extra)
{
	ereport(ERROR,
			(errcode(ERRCODE_PROGRAM_LIMIT_EXCEEDED),
			 errmsg("affinity cannot hold more than " INT64_FORMAT " bytes of baskets",
					BASKETS_MAX_DATA),
			 errdetail("The baskets seen so far take " INT64_FORMAT " bytes and the next one "
					   INT64_FORMAT " more: every basket is kept, 4 bytes plus the item's "
					   "length for each item and 4 bytes per basket, in one value of at most 1 GB.",
					   used, extra),
			 errhint("Mine a sample of the baskets (for example with TABLESAMPLE), a shorter "
					 "period, or shorter item codes.")));
}

Baskets *
baskets_with_room(Baskets *b, int64 extra, bool in_place)
{
	int64		needed = b->used + extra;
	int64		room;
	Baskets    *bigger;

	if (extra > BASKETS_MAX_DATA - b->used)
		report_too_many_baskets(b->used, extra);
	if (in_place && needed <= BASKETS_ROOM(b))
		return b;
	room = Max(needed, Max(b->used * 2, BASKETS_INITIAL_ROOM));
	room = Min(room, BASKETS_MAX_DATA);
	bigger = baskets_alloc(room);
	memcpy(bigger->data, b->data, b->used);
	bigger->count = b->count;
	bigger->used = b->used;
	return bigger;
}

/* ---------- text and binary I/O ---------- */

Datum
baskets_out(PG_FUNCTION_ARGS)
{
	StringInfoData buf;
	TextOut		out;

	type_io_text_out(&out, &buf);
	baskets_text_write(DatumGetBaskets(PG_GETARG_DATUM(0)), &out);
	PG_RETURN_CSTRING(type_io_text_done(&out));
}

Datum
baskets_in(PG_FUNCTION_ARGS)
{
	BasketsReader r;
	Baskets    *b = baskets_alloc(0);
	TextStep	step;

	baskets_text_begin(&r, PG_GETARG_CSTRING(0));
	while ((step = baskets_text_next(&r, b->count)) == TEXT_STEP_ITEM)
	{
		int64		size;
		Baskets    *roomier;

		if (!baskets_text_measure(&r, &size))
			type_io_text_error(TYPE_NAME, &r.c);
		roomier = baskets_with_room(b, size, true);
		if (roomier != b)
			pfree(b);
		b = roomier;
		if (!baskets_text_read(&r, b))
			type_io_text_error(TYPE_NAME, &r.c);
	}
	if (step == TEXT_STEP_ERROR)
		type_io_text_error(TYPE_NAME, &r.c);
	PG_RETURN_POINTER(b);
}

Datum
baskets_send(PG_FUNCTION_ARGS)
{
	Baskets    *b = DatumGetBaskets(PG_GETARG_DATUM(0));
	bytea	   *result = type_io_send_buffer(baskets_binary_size(b), TYPE_NAME);

	baskets_binary_write(b, BASKETS_ROOM(b), (uint8 *) VARDATA(result));
	PG_RETURN_BYTEA_P(result);
}

/* Every item must be text in the server's encoding (22021 otherwise). */
static void
check_encoding(const Baskets *b)
{
	BasketsWalk w = {0, 0};
	int32		n;

	while ((n = baskets_next(b, &w)) > 0)
		for (int32 k = 0; k < n; k++)
		{
			BasketItem	item = baskets_item(b, &w);

			pg_verify_mbstr(GetDatabaseEncoding(), (const char *) item.bytes, item.len, false);
		}
}

Datum
baskets_recv(PG_FUNCTION_ARGS)
{
	StringInfo	buf = (StringInfo) PG_GETARG_POINTER(0);
	BasketsHead head;
	Baskets    *b;
	ByteReader	r;

	type_io_reader(&r, buf);
	if (!baskets_binary_head(&r, &head))
		type_io_binary_error(TYPE_NAME, &r);
	b = baskets_alloc(head.room);
	if (!baskets_binary_read(&r, &head, b))
		type_io_binary_error(TYPE_NAME, &r);
	check_encoding(b);
	type_io_consumed(buf, &r);
	PG_RETURN_POINTER(b);
}

/* ---------- the aggregate ---------- */

/* The distinct items of an array, sorted; NULL elements left out.  Their number. */
static int32
basket_items(ArrayType *array, BasketItem **items)
{
	Datum	   *elems;
	bool	   *nulls;
	int			n;
	int32		kept = 0;

	deconstruct_array_builtin(array, TEXTOID, &elems, &nulls, &n);
	*items = palloc(sizeof(BasketItem) * Max(n, 1));
	for (int i = 0; i < n; i++)
	{
		if (nulls[i])
			continue;
		(*items)[kept].bytes = (const uint8 *) VARDATA_ANY(DatumGetPointer(elems[i]));
		(*items)[kept].len = (int32) VARSIZE_ANY_EXHDR(DatumGetPointer(elems[i]));
		kept++;
	}
	return items_sort_distinct(*items, kept);
}

/*
 * affinity_accum(state, items): one basket.  NULL items, and a basket
 * without items, are left out; NULL elements are dropped and repeated
 * items counted once.
 */
Datum
affinity_accum(PG_FUNCTION_ARGS)
{
	Baskets    *b;
	BasketItem *items;
	int32		n;
	bool		in_place;

	if (PG_ARGISNULL(1) ||
		(n = basket_items(PG_GETARG_ARRAYTYPE_P(1), &items)) == 0)
	{
		if (PG_ARGISNULL(0))
			PG_RETURN_NULL();
		PG_RETURN_DATUM(PG_GETARG_DATUM(0));
	}
	if (PG_ARGISNULL(0))
	{
		b = baskets_alloc(BASKETS_INITIAL_ROOM);
		in_place = true;
	}
	else
	{
		b = DatumGetBaskets(PG_GETARG_DATUM(0));
		in_place = AggCheckCallContext(fcinfo, NULL) != 0;
	}
	b = baskets_with_room(b, basket_encoded_size(items, n), in_place);
	baskets_append(b, items, n);
	PG_RETURN_POINTER(b);
}

Datum
affinity_combine(PG_FUNCTION_ARGS)
{
	Baskets    *left;
	Baskets    *right;
	Datum		either;

	if (portfolio_combine_with_null(fcinfo, &either))
		return either;
	left = DatumGetBaskets(PG_GETARG_DATUM(0));
	right = DatumGetBaskets(PG_GETARG_DATUM(1));
	if (right->count == 0)
		PG_RETURN_POINTER(left);
	left = baskets_with_room(left, right->used, AggCheckCallContext(fcinfo, NULL));
	memcpy(left->data + left->used, right->data, right->used);
	left->used += right->used;
	left->count += right->count;
	PG_RETURN_POINTER(left);
}

/*
 * affinity_final(state): the baskets sorted, without spare room, so that
 * the value depends only on the baskets, not on their order of arrival or
 * on how a parallel plan split them.
 */
Datum
affinity_final(PG_FUNCTION_ARGS)
{
	Baskets    *state = DatumGetBaskets(PG_GETARG_DATUM(0));
	Baskets    *sorted = baskets_alloc(state->used);
	int64	   *scratch = palloc_extended(sizeof(int64) * 2 * Max(state->count, 1),
										  MCXT_ALLOC_HUGE);

	baskets_sorted_copy(state, sorted, scratch, portfolio_poll_interrupts);
	pfree(scratch);
	PG_RETURN_POINTER(sorted);
}
