/*
 * baskets_codec.h
 *		The layout of portfolio.baskets, the state and result of the
 *		affinity aggregate (every basket's items), and its text and binary
 *		codecs.
 *
 * Pure C: no PostgreSQL headers.  The glue (baskets.c) owns the memory,
 * grows the value, sets the varlena header, checks the items' encoding and
 * turns a problem into an ereport.
 *
 * A basket is a non-empty list of distinct items in ascending byte order
 * (item_compare); an item is any text, the empty one included.  The
 * baskets of a value come in no particular order while it is a state; the
 * aggregate's final function sorts them (baskets_compare), so that a value
 * depends only on the baskets, never on how a parallel plan split them.
 *
 * Text (every item in double quotes, with \" and \\ inside for " and \;
 * a backslash before any other byte stands for that byte):
 *
 *   "beer","chips"; "beer","diapers"; "milk"
 *
 * The empty text is no baskets.
 *
 * Binary (network byte order):
 *
 *   u8 version (1), i64 count (the baskets, 0 .. BASKETS_MAX_COUNT), i64
 *   room (the bytes of baskets the value has space for, at least those that
 *   follow, at most BASKETS_MAX_DATA: kept so that a value comes back byte
 *   for byte), then count baskets, each an i32 number of items (1 ..
 *   BASKETS_MAX_ITEMS) and that many items, each an i32 length (0 ..
 *   BASKETS_MAX_ITEM_BYTES) and its bytes (no zero byte: an item is a
 *   text), in ascending byte order.
 *
 * In memory a basket is the same, integers in the machine's byte order.
 */
#ifndef PORTFOLIO_BASKETS_CODEC_H
#define PORTFOLIO_BASKETS_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "binary_codec.h"
#include "interrupt_poll.h"
#include "text_codec.h"

/*
 * portfolio.baskets.  The varlena size is the allocated size, so that the
 * aggregate can append in place and PostgreSQL's copies keep the spare room
 * (zeroed); used says how much of data is baskets.
 */
typedef struct Baskets
{
	int32_t		vl_len_;		/* varlena header, set by the glue */
	int32_t		unused;			/* keeps count 8-byte aligned; 0 */
	int64_t		count;			/* baskets */
	int64_t		used;			/* bytes of data in use */
	uint8_t		data[];			/* count baskets, as in the header comment */
} Baskets;

#define BASKETS_HEADER offsetof(Baskets, data)
#define BASKETS_MAX_DATA ((int64_t) (VALUE_MAX_BYTES - BASKETS_HEADER))
/* A basket takes at least 8 bytes: its number of items and one length. */
#define BASKETS_MAX_COUNT (BASKETS_MAX_DATA / 8)
#define BASKETS_MAX_ITEMS ((int32_t) (BASKETS_MAX_DATA / 4 - 1))
#define BASKETS_MAX_ITEM_BYTES ((int32_t) (BASKETS_MAX_DATA - 8))

/* The bytes of a value with room for room bytes of baskets. */
extern size_t baskets_bytes(int64_t room);

/* An item: its bytes (no NUL at the end) and their number. */
typedef struct BasketItem
{
	const uint8_t *bytes;
	int32_t		len;
} BasketItem;

/* The order of items: bytewise, a prefix first (memcmp, then length). */
extern int	item_compare(const BasketItem *a, const BasketItem *b);

/* qsort's signature of item_compare. */
extern int	item_compare_qsort(const void *a, const void *b);

/*
 * Sort n items and drop repeats, in place; the number left.  The items'
 * bytes stay where they are.
 */
extern int32_t items_sort_distinct(BasketItem *items, int32_t n);

/* The bytes a basket of n items takes in data. */
extern int64_t basket_encoded_size(const BasketItem *items, int32_t n);

/*
 * Append a basket of n >= 1 distinct items in ascending order: the caller
 * made room for basket_encoded_size() more bytes.
 */
extern void baskets_append(Baskets *b, const BasketItem *items, int32_t n);

/* ---------- reading a value ---------- */

/* Where a walk through the baskets is: the next basket's offset in data. */
typedef struct BasketsWalk
{
	int64_t		pos;
	int32_t		left;			/* items left in the current basket */
} BasketsWalk;

/* The next basket's number of items, or 0 after the last basket. */
extern int32_t baskets_next(const Baskets *b, BasketsWalk *w);

/* The next item of the current basket (only while its items are left). */
extern BasketItem baskets_item(const Baskets *b, BasketsWalk *w);

/* The bytes of the basket that starts at pos, to copy or compare it whole. */
extern int64_t basket_size_at(const Baskets *b, int64_t pos);

/*
 * The order of the baskets that start at offsets a and b of data: item by
 * item, a basket that is a prefix of the other first.
 */
extern int	baskets_compare(const Baskets *b, int64_t a, int64_t b_pos);

/*
 * Copy the baskets of from into to (memory of baskets_bytes(from->used)),
 * sorted by baskets_compare (a stable merge sort): scratch holds
 * 2 * from->count offsets; poll (or NULL) is called every 65,536 baskets
 * merged.
 */
extern void baskets_sorted_copy(const Baskets *from, Baskets *to, int64_t *scratch,
								InterruptPoll poll);

/* ---------- text ---------- */

typedef struct BasketsReader
{
	TextCursor	c;
} BasketsReader;

extern void baskets_text_begin(BasketsReader *r, const char *input);

/* Whether a basket follows (baskets_read: how many came before). */
extern TextStep baskets_text_next(BasketsReader *r, int64_t baskets_read);

/*
 * The size of the basket at the cursor (basket_encoded_size), without
 * moving: false with the problem when it does not read.
 */
extern bool baskets_text_measure(BasketsReader *r, int64_t *size);

/* Read the basket measured into b, which has room for it. */
extern bool baskets_text_read(BasketsReader *r, Baskets *b);

extern void baskets_text_write(const Baskets *b, TextOut *out);

/* ---------- binary ---------- */

typedef struct BasketsHead
{
	int64_t		count;
	int64_t		room;
} BasketsHead;

extern size_t baskets_binary_size(const Baskets *b);

/* room: the bytes of baskets the value has space for. */
extern void baskets_binary_write(const Baskets *b, int64_t room, uint8_t *out);
extern bool baskets_binary_head(ByteReader *r, BasketsHead *head);

/* Into memory of baskets_bytes(head->room) bytes. */
extern bool baskets_binary_read(ByteReader *r, const BasketsHead *head, Baskets *b);

#endif							/* PORTFOLIO_BASKETS_CODEC_H */
