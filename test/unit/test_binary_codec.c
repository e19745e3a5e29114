/*
 * test_binary_codec.c
 *		The byte cursor (network byte order, ranges, finite doubles, the
 *		check of a count against the bytes left), the wording of its
 *		problems, and the byte writer.
 */
#include "unit.h"

#include <string.h>

#include "binary_codec.h"

#include "codec_unit.h"

static void
test_reading(void)
{
	bool		ok;
	static const uint8_t data[] = {1, 0x80, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe};
	ByteReader	r;
	uint8_t		version;
	int32_t		i32;
	int64_t		i64;

	bytes_init(&r, data, sizeof(data));
	ok = bytes_u8(&r, BINARY_VERSION, &version) && version == 1;
	CHECK(ok, "a byte");
	ok = bytes_i32(&r, BINARY_COUNT, &i32) && i32 == INT32_MIN + 1;
	CHECK(ok, "an int32, high byte first");
	ok = bytes_i64(&r, BINARY_COUNT, &i64) && i64 == -2 && bytes_end(&r);
	CHECK(ok, "an int64, negative");
	ok = !bytes_u8(&r, BINARY_K, &version) && r.error.problem == BINARY_K && r.error.truncated && r.error.pos == 13 && r.error.length == 13;
	CHECK(ok, "past the end: truncated at the field");
}

static void
test_ranges(void)
{
	bool		ok;
	static const uint8_t data[] = {2, 0, 0, 0, 10, 0, 0, 0, 0, 0, 0, 0, 5};
	ByteReader	r;
	int32_t		i32;
	int64_t		i64;

	bytes_init(&r, data, sizeof(data));
	ok = !bytes_version(&r) && r.error.problem == BINARY_VERSION && r.error.pos == 0 && !r.error.truncated;
	CHECK(ok, "version 2 is refused at byte 0");
	r.pos = 1;
	ok = !bytes_i32_in(&r, BINARY_COUNT, 0, 9, &i32) && r.error.pos == 1 && r.error.min == 0 && r.error.max == 9;
	CHECK(ok, "10 is outside 0..9, at the field's start");
	r.pos = 5;
	ok = bytes_i64_in(&r, BINARY_ROOM, 5, 5, &i64) && i64 == 5;
	CHECK(ok, "5 is within 5..5");
}

static void
test_doubles(void)
{
	bool		ok;
	static const uint8_t data[] = {
		0x80, 0, 0, 0, 0, 0, 0, 0,		/* -0 */
		0x3f, 0xf8, 0, 0, 0, 0, 0, 0,	/* 1.5 */
		0x7f, 0xf8, 0, 0, 0, 0, 0, 0,	/* NaN */
		0xff, 0xf0, 0, 0, 0, 0, 0, 0,	/* -Infinity */
	};
	ByteReader	r;
	double		v[2];

	bytes_init(&r, data, sizeof(data));
	ok = bytes_finites(&r, v, 2) && v[0] == 0 && !signbit(v[0]) && v[1] == 1.5;
	CHECK(ok, "-0 reads as 0; 1.5 as itself");
	ok = !bytes_finite(&r, v) && r.error.problem == BINARY_FINITE && r.error.pos == 16;
	CHECK(ok, "NaN is refused");
	r.pos = 24;
	ok = !bytes_finite(&r, v) && r.error.pos == 24;
	CHECK(ok, "-Infinity is refused");
}

static void
test_items_left(void)
{
	bool		ok;
	static const uint8_t data[20] = {0};
	ByteReader	r;

	bytes_init(&r, data, sizeof(data));
	r.pos = 4;
	ok = bytes_items_left(&r, 2, 8, BINARY_FINITE);
	CHECK(ok, "two 8-byte items in 16 bytes");
	ok = !bytes_items_left(&r, 3, 8, BINARY_FINITE) && r.error.truncated && r.error.pos == 20;
	CHECK(ok, "three do not fit: truncated");
	ok = !bytes_items_left(&r, 1, 8, BINARY_FINITE) && r.error.problem == BINARY_END && r.error.pos == 12;
	CHECK(ok, "one leaves bytes after the end");
	ok = !bytes_items_left(&r, INT64_MAX, 8, BINARY_FINITE) && r.error.truncated;
	CHECK(ok, "a count that lies costs no allocation");
}

static void
test_writing(void)
{
	bool		ok;
	uint8_t		out[37];
	ByteWriter	w = {out};
	ByteReader	r;
	fixed128	v;
	char	   *hex;

	bytes_put_u8(&w, 1);
	bytes_put_i32(&w, -2);
	bytes_put_i64(&w, INT64_C(0x0102030405060708));
	bytes_put_f64(&w, 1.5);
	bytes_put_i128(&w, -(fixed128) 1);
	CHECK(w.p - out == 37, "1 + 4 + 8 + 8 + 16 bytes written: %d", (int) (w.p - out));
	hex = unit_hex(out, 21);
	CHECK(strcmp(hex, "01fffffffe01020304050607083ff8000000000000") == 0, "in network order: %s", hex);
	free(hex);
	bytes_init(&r, out + 21, 12);
	ok = !bytes_i128(&r, BINARY_REVENUE, &v) && r.error.truncated && r.error.pos == 0;
	CHECK(ok, "an i128 needs 16 bytes");
}

static void
test_i128(void)
{
	bool		ok;
	uint8_t		out[16];
	ByteWriter	w = {out};
	ByteReader	r;
	fixed128	big = ((fixed128) INT64_MAX << 64) | 0xfedcba9876543210u;
	fixed128	v = 0;

	bytes_put_i128(&w, -big);
	bytes_init(&r, out, 16);
	ok = bytes_i128(&r, BINARY_REVENUE, &v) && v == -big;
	CHECK(ok, "an i128 round trip, negative");
}

typedef struct DetailCase
{
	BinaryError error;
	const char *detail;
} DetailCase;

static const DetailCase details[] = {
	{{BINARY_VERSION, 0, false, 9, NULL, 0, 0}, "Expected format version 1 at byte 1."},
	{{BINARY_COUNT, 5, false, 30, NULL, 0, 44739241}, "Expected a count from 0 to 44739241 at byte 6."},
	{{BINARY_ROOM, 13, true, 15, NULL, 3, 9}, "The value ends after 15 bytes, where room from 3 to 9 was expected."},
	{{BINARY_END, 29, false, 30, NULL, 0, 0}, "Expected the end of the value at byte 30."},
	{{BINARY_HISTORY, 35, false, 70, "recency must not be negative", 0, 0},
	 "Expected a history the fit accepts (recency must not be negative) at byte 36."},
	{{BINARY_INCONSISTENT, 12, false, 70, "A count is negative.", 0, 0}, "A count is negative."},
};

static void
test_details(void)
{
	for (size_t i = 0; i < sizeof(details) / sizeof(details[0]); i++)
	{
		char		buf[BINARY_DETAIL_SIZE];

		binary_error_detail(&details[i].error, buf, sizeof(buf));
		CHECK(strcmp(buf, details[i].detail) == 0, "problem %d: \"%s\"",
			  (int) details[i].error.problem, buf);
	}
}

void
test_binary_codec(void)
{
	test_reading();
	test_ranges();
	test_doubles();
	test_items_left();
	test_writing();
	test_i128();
	test_details();
}
