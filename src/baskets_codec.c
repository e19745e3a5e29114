/*
 * baskets_codec.c
 *		The items and baskets of portfolio.baskets, their order, and the
 *		value's text and binary codecs.  See baskets_codec.h.
 */
#include "baskets_codec.h"

#include <stdlib.h>
#include <string.h>

size_t
baskets_bytes(int64_t room)
{
	return BASKETS_HEADER + (size_t) room;
}

/* ---------- items ---------- */

int
item_compare(const BasketItem *a, const BasketItem *b)
{
	int32_t		common = a->len < b->len ? a->len : b->len;
	int			c = common > 0 ? memcmp(a->bytes, b->bytes, (size_t) common) : 0;

	if (c != 0)
		return c < 0 ? -1 : 1;
	return (a->len > b->len) - (a->len < b->len);
}

int
item_compare_qsort(const void *a, const void *b)
{
	return item_compare((const BasketItem *) a, (const BasketItem *) b);
}

int32_t
items_sort_distinct(BasketItem *items, int32_t n)
{
	int32_t		kept = 0;

	if (n > 1)
		qsort(items, (size_t) n, sizeof(BasketItem), item_compare_qsort);
	for (int32_t i = 0; i < n; i++)
		if (kept == 0 || item_compare(&items[kept - 1], &items[i]) != 0)
			items[kept++] = items[i];
	return kept;
}

int64_t
basket_encoded_size(const BasketItem *items, int32_t n)
{
	int64_t		size = 4;

	for (int32_t i = 0; i < n; i++)
		size += 4 + (int64_t) items[i].len;
	return size;
}

static int32_t
get_i32(const uint8_t *p)
{
	int32_t		v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static void
set_i32(uint8_t *p, int32_t v)
{
	memcpy(p, &v, sizeof(v));
}

void
baskets_append(Baskets *b, const BasketItem *items, int32_t n)
{
	uint8_t    *p = b->data + b->used;

	set_i32(p, n);
	p += 4;
	for (int32_t i = 0; i < n; i++)
	{
		set_i32(p, items[i].len);
		if (items[i].len > 0)
			memcpy(p + 4, items[i].bytes, (size_t) items[i].len);
		p += 4 + items[i].len;
	}
	b->used = p - b->data;
	b->count++;
}

/* ---------- reading a value ---------- */

int32_t
baskets_next(const Baskets *b, BasketsWalk *w)
{
	if (w->pos >= b->used)
		return 0;
	w->left = get_i32(b->data + w->pos);
	w->pos += 4;
	return w->left;
}

BasketItem
baskets_item(const Baskets *b, BasketsWalk *w)
{
	BasketItem	item;

	item.len = get_i32(b->data + w->pos);
	item.bytes = b->data + w->pos + 4;
	w->pos += 4 + item.len;
	w->left--;
	return item;
}

int64_t
basket_size_at(const Baskets *b, int64_t pos)
{
	BasketsWalk w = {pos, 0};
	int32_t		n = baskets_next(b, &w);

	for (int32_t i = 0; i < n; i++)
		baskets_item(b, &w);
	return w.pos - pos;
}

int
baskets_compare(const Baskets *b, int64_t a, int64_t b_pos)
{
	BasketsWalk wa = {a, 0};
	BasketsWalk wb = {b_pos, 0};

	baskets_next(b, &wa);
	baskets_next(b, &wb);
	while (wa.left > 0 && wb.left > 0)
	{
		BasketItem	ia = baskets_item(b, &wa);
		BasketItem	ib = baskets_item(b, &wb);
		int			c = item_compare(&ia, &ib);

		if (c != 0)
			return c;
	}
	return (wa.left > 0) - (wb.left > 0);
}

/* Baskets merged between two polls. */
#define MERGE_POLL_EVERY 65536

/* Merge the sorted runs [lo, mid) and [mid, hi) of from into to. */
static void
merge_runs(const Baskets *b, const int64_t *from, int64_t *to, int64_t lo, int64_t mid,
		   int64_t hi, InterruptPoll poll)
{
	int64_t		i = lo;
	int64_t		j = mid;

	for (int64_t k = lo; k < hi; k++)
	{
		if (i < mid && (j >= hi || baskets_compare(b, from[i], from[j]) <= 0))
			to[k] = from[i++];
		else
			to[k] = from[j++];
		if (poll != NULL && k % MERGE_POLL_EVERY == MERGE_POLL_EVERY - 1)
			poll();
	}
}

/* Sort n offsets (in offsets, with n more as scratch): the sorted ones. */
static const int64_t *
sort_offsets(const Baskets *b, int64_t *offsets, int64_t n, InterruptPoll poll)
{
	int64_t    *from = offsets;
	int64_t    *to = offsets + n;

	for (int64_t width = 1; width < n; width *= 2)
	{
		int64_t    *swap;

		for (int64_t lo = 0; lo < n; lo += 2 * width)
		{
			int64_t		mid = lo + width < n ? lo + width : n;
			int64_t		hi = lo + 2 * width < n ? lo + 2 * width : n;

			merge_runs(b, from, to, lo, mid, hi, poll);
		}
		swap = from;
		from = to;
		to = swap;
	}
	return from;
}

void
baskets_sorted_copy(const Baskets *from, Baskets *to, int64_t *scratch, InterruptPoll poll)
{
	const int64_t *sorted;
	int64_t		pos = 0;

	for (int64_t i = 0; i < from->count; i++)
	{
		scratch[i] = pos;
		pos += basket_size_at(from, pos);
	}
	sorted = sort_offsets(from, scratch, from->count, poll);
	to->unused = 0;
	to->count = from->count;
	to->used = 0;
	for (int64_t i = 0; i < from->count; i++)
	{
		int64_t		size = basket_size_at(from, sorted[i]);

		memcpy(to->data + to->used, from->data + sorted[i], (size_t) size);
		to->used += size;
	}
}

/* ---------- text ---------- */

void
baskets_text_begin(BasketsReader *r, const char *input)
{
	memset(r, 0, sizeof(*r));
	text_cursor_init(&r->c, input);
}

TextStep
baskets_text_next(BasketsReader *r, int64_t baskets_read)
{
	return text_next_item(&r->c, baskets_read == 0);
}

/*
 * The quoted item at the cursor: its unescaped length, and its bytes into
 * out when out is not NULL.
 */
static bool
read_quoted(TextCursor *c, uint8_t *out, int64_t *len)
{
	const char *p;

	text_skip_spaces(c);
	if (*c->p != '"')
		return text_fail(c, TEXT_ITEM);
	*len = 0;
	for (p = c->p + 1; *p != '"'; p++)
	{
		if (*p == '\\')
			p++;
		if (*p == '\0')
			return text_fail(c, TEXT_ITEM);
		if (out != NULL)
			out[*len] = (uint8_t) *p;
		(*len)++;
	}
	if (*len > BASKETS_MAX_ITEM_BYTES)
		return text_fail(c, TEXT_ITEM);
	c->p = p + 1;
	return true;
}

bool
baskets_text_measure(BasketsReader *r, int64_t *size)
{
	TextCursor	c = r->c;
	int64_t		items = 0;

	*size = 4;
	do
	{
		int64_t		len;

		if (++items > BASKETS_MAX_ITEMS)
			text_fail(&c, TEXT_ITEM);
		if (items > BASKETS_MAX_ITEMS || !read_quoted(&c, NULL, &len))
		{
			r->c = c;
			return false;
		}
		*size += 4 + len;
	} while (text_accept(&c, ","));
	return true;
}

bool
baskets_text_read(BasketsReader *r, Baskets *b)
{
	uint8_t    *start = b->data + b->used;
	uint8_t    *p = start + 4;
	BasketItem	previous = {NULL, 0};
	int32_t		n = 0;

	do
	{
		const char *at;
		int64_t		len;
		BasketItem	item;

		text_skip_spaces(&r->c);
		at = r->c.p;
		if (!read_quoted(&r->c, p + 4, &len))
			return false;
		item.bytes = p + 4;
		item.len = (int32_t) len;
		if (n > 0 && item_compare(&previous, &item) >= 0)
			return text_fail_at(&r->c, at, TEXT_ITEM_ORDER);
		set_i32(p, item.len);
		previous = item;
		p += 4 + len;
		n++;
	} while (text_accept(&r->c, ","));
	set_i32(start, n);
	b->used += p - start;
	b->count++;
	return true;
}

static void
write_quoted(TextOut *out, BasketItem item)
{
	text_out_char(out, '"');
	for (int32_t i = 0; i < item.len; i++)
	{
		char		ch = (char) item.bytes[i];

		if (ch == '"' || ch == '\\')
			text_out_char(out, '\\');
		text_out_char(out, ch);
	}
	text_out_char(out, '"');
}

void
baskets_text_write(const Baskets *b, TextOut *out)
{
	BasketsWalk w = {0, 0};
	int32_t		n;

	for (int64_t i = 0; (n = baskets_next(b, &w)) > 0; i++)
	{
		if (i > 0)
			text_out_string(out, "; ");
		for (int32_t k = 0; k < n; k++)
		{
			if (k > 0)
				text_out_char(out, ',');
			write_quoted(out, baskets_item(b, &w));
		}
	}
}

/* ---------- binary ---------- */

#define HEAD_BYTES 17			/* version, count, room */

size_t
baskets_binary_size(const Baskets *b)
{
	return HEAD_BYTES + (size_t) b->used;
}

void
baskets_binary_write(const Baskets *b, int64_t room, uint8_t *out)
{
	ByteWriter	w = {out};
	BasketsWalk walk = {0, 0};
	int32_t		n;

	bytes_put_u8(&w, BINARY_FORMAT_VERSION);
	bytes_put_i64(&w, b->count);
	bytes_put_i64(&w, room);
	while ((n = baskets_next(b, &walk)) > 0)
	{
		bytes_put_i32(&w, n);
		for (int32_t k = 0; k < n; k++)
		{
			BasketItem	item = baskets_item(b, &walk);

			bytes_put_i32(&w, item.len);
			if (item.len > 0)
				memcpy(w.p, item.bytes, (size_t) item.len);
			w.p += item.len;
		}
	}
}

bool
baskets_binary_head(ByteReader *r, BasketsHead *head)
{
	size_t		left;

	memset(head, 0, sizeof(*head));
	if (!bytes_version(r) ||
		!bytes_i64_in(r, BINARY_COUNT, 0, BASKETS_MAX_COUNT, &head->count) ||
		!bytes_i64_in(r, BINARY_ROOM, 0, BASKETS_MAX_DATA, &head->room))
		return false;
	left = r->len - r->pos;
	if ((uint64_t) head->room < left)
	{
		r->error.min = (int64_t) left;
		r->error.max = BASKETS_MAX_DATA;
		return bytes_fail(r, r->pos - 8, BINARY_ROOM);
	}
	if ((uint64_t) head->count > left / 8)
	{
		r->error.min = 0;
		r->error.max = (int64_t) (left / 8);
		return bytes_fail(r, r->pos - 16, BINARY_COUNT);
	}
	return true;
}

/* One item into p: its length and bytes, after previous in byte order. */
static bool
read_item(ByteReader *r, uint8_t *p, const BasketItem *previous, BasketItem *item)
{
	size_t		at = r->pos;
	int64_t		left = (int64_t) (r->len - r->pos) - 4;

	if (!bytes_i32_in(r, BINARY_ITEM_LENGTH, 0, left < 0 ? 0 : left, &item->len))
		return false;
	if (memchr(r->data + r->pos, '\0', (size_t) item->len) != NULL)
		return bytes_fail(r, at, BINARY_ITEM_TEXT);
	memcpy(p + 4, r->data + r->pos, (size_t) item->len);
	r->pos += (size_t) item->len;
	item->bytes = p + 4;
	if (previous != NULL && item_compare(previous, item) >= 0)
		return bytes_fail(r, at, BINARY_ITEM_ORDER);
	set_i32(p, item->len);
	return true;
}

/* One basket into b (which has room for what is left to read). */
static bool
read_basket(ByteReader *r, Baskets *b)
{
	uint8_t    *start = b->data + b->used;
	uint8_t    *p = start + 4;
	BasketItem	previous;
	int32_t		n;

	if (!bytes_i32_in(r, BINARY_ITEMS, 1, BASKETS_MAX_ITEMS, &n))
		return false;
	for (int32_t k = 0; k < n; k++)
	{
		BasketItem	item;

		if (!read_item(r, p, k > 0 ? &previous : NULL, &item))
			return false;
		previous = item;
		p += 4 + item.len;
	}
	set_i32(start, n);
	b->used += p - start;
	b->count++;
	return true;
}

bool
baskets_binary_read(ByteReader *r, const BasketsHead *head, Baskets *b)
{
	memset(&b->unused, 0, baskets_bytes(head->room) - offsetof(Baskets, unused));
	for (int64_t i = 0; i < head->count; i++)
		if (!read_basket(r, b))
			return false;
	return bytes_end(r);
}
