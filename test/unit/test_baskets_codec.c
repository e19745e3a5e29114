/*
 * test_baskets_codec.c
 *		baskets: its text read and written, every problem of the text reader
 *		with its position and detail, its bytes, the problems of the binary
 *		reader, the order of items and baskets, and the sorted copy the
 *		aggregate's final function makes.
 */
#include "codec_unit.h"

#include "../fuzz/fuzz_baskets_codec.h"

static const TextCase cases[] = {
	{"a", TEXT_ITEM, 0, "Expected an item in double quotes at character 1."},
	{"\"a", TEXT_ITEM, 0, NULL},
	{"\"a\\", TEXT_ITEM, 0, NULL},
	{";", TEXT_ITEM, 0, NULL},
	{"\"a\";", TEXT_ITEM, 4, NULL},
	{"\"a\",", TEXT_ITEM, 4, NULL},
	{"\"a\" \"b\"", TEXT_LITERAL, 4, "Expected \";\" at character 5."},
	{"\"b\",\"a\"", TEXT_ITEM_ORDER, 4,
	 "Expected an item after the one before it in byte order (a basket lists distinct items, sorted) at character 5."},
	{"\"a\", \"a\"", TEXT_ITEM_ORDER, 5, NULL},
	{"\"ab\",\"a\"", TEXT_ITEM_ORDER, 5, NULL},
	{"\"a\"; \"b\",\"b\"", TEXT_ITEM_ORDER, 9, NULL},
};

static void
test_text(void)
{
	check_text(&baskets_adapter, "\"beer\",\"chips\"; \"beer\",\"diapers\"; \"milk\"", NULL);
	check_text(&baskets_adapter, "", NULL);
	check_text(&baskets_adapter, "\"\",\"back\\\\slash\",\"say \\\"hi\\\"\"; \"x;y,z\"", NULL);
	check_text(&baskets_adapter, "\"b\"; \"a\"", NULL);
	check_text(&baskets_adapter, "  \"a\" ,\"b\"  ;\"c\"  ", "\"a\",\"b\"; \"c\"");
	check_text(&baskets_adapter, "\"\\a\"", "\"a\"");
	check_text(&baskets_adapter, "\"B\",\"a\",\"\xc3\xa9\"", NULL);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_text_problem(&baskets_adapter, cases[i].text, cases[i].problem, cases[i].pos,
						   cases[i].detail);
}

/* version, count 2, room 1024 (a text value's first room) */
#define HEAD2 "01 0000000000000002 0000000000000400 "

static void
test_binary(void)
{
	check_bytes(&baskets_adapter, "\"beer\",\"chips\"; \"milk\"",
				HEAD2 "00000002 00000004 62656572 00000005 6368697073 00000001 00000004 6d696c6b");
	check_bytes(&baskets_adapter, "", "01 0000000000000000 0000000000000000");
	check_received(&baskets_adapter, "01 0000000000000001 0000000000000008 00000001 00000000", "\"\"");
	check_bytes_problem(&baskets_adapter, "02", BINARY_VERSION, 0, NULL);
	check_bytes_problem(&baskets_adapter, "01 ffffffffffffffff", BINARY_COUNT, 1, NULL);
	check_bytes_problem(&baskets_adapter, "01 0000000000000000 0000000040000000", BINARY_ROOM, 9, NULL);
	check_bytes_problem(&baskets_adapter, "01 0000000000000000 0000000000000000 00", BINARY_ROOM, 9,
						"Expected room from 1 to 1073741799 at byte 10.");
	check_bytes_problem(&baskets_adapter, "01 0000000000000002 0000000000000008 00000001 00000000", BINARY_COUNT, 1,
						"Expected a count from 0 to 1 at byte 2.");
	check_bytes_problem(&baskets_adapter, "01 0000000000000001 0000000000000008 00000000 00000000", BINARY_ITEMS, 17,
						NULL);
	check_bytes_problem(&baskets_adapter, "01 0000000000000001 0000000000000009 00000001 00000002 61", BINARY_ITEM_LENGTH, 21,
						"Expected an item length from 0 to 1 at byte 22.");
	check_bytes_problem(&baskets_adapter, "01 0000000000000001 0000000000000009 00000001 00000001 00", BINARY_ITEM_TEXT, 21,
						"Expected an item without a zero byte at byte 22.");
	check_bytes_problem(&baskets_adapter, "01 0000000000000001 0000000000000012 00000002 00000001 62 00000001 61",
						BINARY_ITEM_ORDER, 26, NULL);
	check_bytes_problem(&baskets_adapter, "01 0000000000000001 0000000000000012 00000002 00000001 61 00000001 61",
						BINARY_ITEM_ORDER, 26, NULL);
	check_bytes_problem(&baskets_adapter, "01 0000000000000001 000000000000000a 00000001 00000001 61 00", BINARY_END, 26,
						NULL);
}

/* The order of items and baskets, and the sorted copy of a value. */
static void
test_order(void)
{
	BasketItem	items[] = {{(const uint8_t *) "b", 1}, {(const uint8_t *) "ab", 2},
	{(const uint8_t *) "a", 1}, {(const uint8_t *) "b", 1}, {(const uint8_t *) "", 0}};
	int32_t		n = items_sort_distinct(items, 5);
	size_t		bytes;
	Baskets    *b = fuzz_value_of(&baskets_adapter, "\"b\"; \"a\",\"b\"; \"a\"; \"a\",\"b\"", &bytes);
	Baskets    *sorted = fuzz_zalloc(baskets_bytes(b->used));
	int64_t		scratch[8];
	char	   *text;

	CHECK(n == 4 && items[0].len == 0 && items[1].len == 1 && items[1].bytes[0] == 'a' &&
		  items[2].len == 2 && items[3].bytes[0] == 'b',
		  "items sort bytewise, a prefix first, repeats dropped: \"\", a, ab, b");
	CHECK(basket_encoded_size(items, n) == 4 + 4 * 4 + 0 + 1 + 2 + 1, "a basket takes 4 bytes and 4 more per item, plus the items");
	baskets_sorted_copy(b, sorted, scratch, NULL);
	text = fuzz_text_of(&baskets_adapter, sorted);
	CHECK(strcmp(text, "\"a\"; \"a\",\"b\"; \"a\",\"b\"; \"b\"") == 0 && sorted->used == b->used,
		  "baskets sort item by item, a prefix first: %s", text);
	free(text), free(sorted), free(b);
}

void
test_baskets_codec(void)
{
	test_text();
	test_binary();
	test_order();
}
