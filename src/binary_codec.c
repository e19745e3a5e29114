/*
 * binary_codec.c
 *		The byte cursor, the wording of its problems, and the byte writer.
 *		See binary_codec.h.
 */
#include "binary_codec.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* What each problem expected ("Expected %s at byte N."). */
static const char *const wording[BINARY_LAST_PROBLEM + 1] = {
	[BINARY_VERSION] = "format version 1",
	[BINARY_END] = "the end of the value",
	[BINARY_COUNT] = "a count from %lld to %lld",
	[BINARY_ROOM] = "room from %lld to %lld",
	[BINARY_FINITE] = "a finite number",
	[BINARY_BINS] = "bins from 2 to 9",
	[BINARY_CUT_ORDER] = "a cut point not below the one before it",
	[BINARY_UNIT] = "a period unit from 0 to 3",
	[BINARY_SCALE] = "a scale from 0 to 38",
	[BINARY_DATE] = "a date PostgreSQL can store",
	[BINARY_PERIOD] = "a period after the one before and not after as_of's, starting on a date PostgreSQL can store",
	[BINARY_REVENUE] = "a revenue above -2^127",
	[BINARY_ROWS] = "a number of periods from %lld to %lld, the oldest starting on a date PostgreSQL can store",
	[BINARY_ROW_DATA] = "a row of counts and revenues",
	[BINARY_OLDEST_ROW] = "customers in the oldest period",
	[BINARY_INCONSISTENT] = "%s",
	[BINARY_MODEL] = "a model, 1 (bgnbd), 2 (gamma_gamma), 3 (sbg), 4 (mbgnbd), 5 (bgbb) or 6 (pareto_nbd)",
	[BINARY_FIT_UNIT] = "a period unit from 0 to 3, or -1 for none",
	[BINARY_PENALIZER] = "a finite penalizer >= 0, and 0 for gamma_gamma, sbg, mbgnbd, bgbb and pareto_nbd",
	[BINARY_HISTORY] = "a history the fit accepts (%s)",
	[BINARY_CUSTOMERS] = "a number of customers of at least 1",
	[BINARY_DUPLICATE] = "a history not seen before",
	[BINARY_NARGS] = "0, 1 or 2 parameters",
	[BINARY_KIND] = "a parameter kind of 0, or of 1 (fraction) or 2 (points) with one parameter",
	[BINARY_FRACTION] = "a fraction between 0 and 1",
	[BINARY_POINTS] = "a number of points between 1 and 100000",
	[BINARY_FRACTION_OR_POINTS] = "a fraction between 0 and 1 or a number of points between 1 and 100000",
	[BINARY_SHARES] = "shares with 0 < a_share <= b_share <= 1",
	[BINARY_VALUE_SIGN] = "a value >= 0",
	[BINARY_THRESHOLD_A] = "a threshold a >= 0",
	[BINARY_THRESHOLD_B] = "a threshold b with 0 <= b <= a",
	[BINARY_K] = "k from 1 to 1000",
	[BINARY_SEED] = "a bigint seed",
	[BINARY_DIMS] = "dims from 0 to 1000",
	[BINARY_NO_VECTORS] = "a count of 0 (a state with dims 0 has no vectors)",
	[BINARY_ITEMS] = "a number of items from %lld to %lld",
	[BINARY_ITEM_LENGTH] = "an item length from %lld to %lld",
	[BINARY_ITEM_ORDER] = "an item after the one before it in byte order (a basket lists distinct items, sorted)",
	[BINARY_ITEM_TEXT] = "an item without a zero byte",
};

/* The problem's phrase, its word or number filled in. */
static void
word_problem(const BinaryError *e, char *buf, size_t size)
{
	const char *format = wording[e->problem];

	if (strstr(format, "%s") != NULL)
		snprintf(buf, size, format, e->word);
	else if (strstr(format, "%lld") != NULL)
		snprintf(buf, size, format, (long long) e->min, (long long) e->max);
	else
		snprintf(buf, size, "%s", format);
}

void
binary_error_detail(const BinaryError *e, char *buf, size_t size)
{
	char		phrase[BINARY_DETAIL_SIZE];

	buf[0] = '\0';
	if (e->problem <= BINARY_OK || e->problem > BINARY_LAST_PROBLEM || wording[e->problem] == NULL)
		return;
	word_problem(e, phrase, sizeof(phrase));
	if (e->problem == BINARY_INCONSISTENT)
		snprintf(buf, size, "%s", phrase);
	else if (e->truncated)
		snprintf(buf, size, "The value ends after %lld bytes, where %s was expected.",
				 (long long) e->length, phrase);
	else
		snprintf(buf, size, "Expected %s at byte %lld.", phrase, (long long) e->pos + 1);
}

/* ---------- reading ---------- */

void
bytes_init(ByteReader *r, const void *data, size_t len)
{
	memset(r, 0, sizeof(*r));
	r->data = data;
	r->len = len;
}

bool
bytes_fail(ByteReader *r, size_t pos, BinaryProblem problem)
{
	r->error.problem = problem;
	r->error.pos = (int64_t) pos;
	r->error.truncated = false;
	r->error.length = (int64_t) r->len;
	return false;
}

bool
bytes_fail_word(ByteReader *r, size_t pos, BinaryProblem problem, const char *word)
{
	r->error.word = word;
	return bytes_fail(r, pos, problem);
}

bool
bytes_name_field(ByteReader *r, BinaryProblem field)
{
	r->error.problem = field;
	return false;
}

/* Whether n more bytes are there; a truncation at the field otherwise. */
static bool
have(ByteReader *r, size_t n, BinaryProblem field)
{
	if (r->len - r->pos >= n)
		return true;
	bytes_fail(r, r->pos, field);
	r->error.truncated = true;
	return false;
}

/* The next n <= 8 bytes as a big-endian unsigned number. */
static bool
take(ByteReader *r, size_t n, BinaryProblem field, uint64_t *value)
{
	if (!have(r, n, field))
		return false;
	*value = 0;
	for (size_t i = 0; i < n; i++)
		*value = (*value << 8) | r->data[r->pos + i];
	r->pos += n;
	return true;
}

bool
bytes_version(ByteReader *r)
{
	uint8_t		version;

	if (!bytes_u8(r, BINARY_VERSION, &version))
		return false;
	return version == BINARY_FORMAT_VERSION || bytes_fail(r, r->pos - 1, BINARY_VERSION);
}

bool
bytes_u8(ByteReader *r, BinaryProblem field, uint8_t *value)
{
	uint64_t	v;

	if (!take(r, 1, field, &v))
		return false;
	*value = (uint8_t) v;
	return true;
}

bool
bytes_i8(ByteReader *r, BinaryProblem field, int8_t *value)
{
	uint8_t		v;

	if (!bytes_u8(r, field, &v))
		return false;
	*value = (int8_t) v;
	return true;
}

bool
bytes_i32(ByteReader *r, BinaryProblem field, int32_t *value)
{
	uint64_t	v;

	if (!take(r, 4, field, &v))
		return false;
	*value = (int32_t) (uint32_t) v;
	return true;
}

bool
bytes_i64(ByteReader *r, BinaryProblem field, int64_t *value)
{
	uint64_t	v;

	if (!take(r, 8, field, &v))
		return false;
	*value = (int64_t) v;
	return true;
}

bool
bytes_i128(ByteReader *r, BinaryProblem field, fixed128 *value)
{
	uint64_t	high = 0;
	uint64_t	low = 0;

	if (!have(r, 16, field))
		return false;
	take(r, 8, field, &high);
	take(r, 8, field, &low);
	*value = (fixed128) (((unsigned __int128) high << 64) | low);
	return true;
}

bool
bytes_u8_in(ByteReader *r, BinaryProblem field, int64_t min, int64_t max, uint8_t *value)
{
	r->error.min = min;
	r->error.max = max;
	if (!bytes_u8(r, field, value))
		return false;
	return (*value >= min && *value <= max) || bytes_fail(r, r->pos - 1, field);
}

bool
bytes_i32_in(ByteReader *r, BinaryProblem field, int64_t min, int64_t max, int32_t *value)
{
	r->error.min = min;
	r->error.max = max;
	if (!bytes_i32(r, field, value))
		return false;
	return (*value >= min && *value <= max) || bytes_fail(r, r->pos - 4, field);
}

bool
bytes_i64_in(ByteReader *r, BinaryProblem field, int64_t min, int64_t max, int64_t *value)
{
	r->error.min = min;
	r->error.max = max;
	if (!bytes_i64(r, field, value))
		return false;
	return (*value >= min && *value <= max) || bytes_fail(r, r->pos - 8, field);
}

bool
bytes_finite(ByteReader *r, double *value)
{
	uint64_t	bits;
	double		v;

	if (!take(r, 8, BINARY_FINITE, &bits))
		return false;
	memcpy(&v, &bits, sizeof(v));
	if (!isfinite(v))
		return bytes_fail(r, r->pos - 8, BINARY_FINITE);
	*value = v + 0.0;
	return true;
}

bool
bytes_finites(ByteReader *r, double *values, int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		if (!bytes_finite(r, &values[i]))
			return false;
	return true;
}

bool
bytes_items_left(ByteReader *r, int64_t count, size_t item_size, BinaryProblem item)
{
	uint64_t	left = r->len - r->pos;

	if (count < 0 || (uint64_t) count > left / item_size)
	{
		bytes_fail(r, r->len - left % item_size, item);
		r->error.truncated = true;
		return false;
	}
	if ((uint64_t) count * item_size < left)
		return bytes_fail(r, r->pos + (uint64_t) count * item_size, BINARY_END);
	return true;
}

bool
bytes_end(ByteReader *r)
{
	return r->pos == r->len || bytes_fail(r, r->pos, BINARY_END);
}

/* ---------- writing ---------- */

static void
put(ByteWriter *w, uint64_t value, size_t n)
{
	for (size_t i = 0; i < n; i++)
		w->p[i] = (uint8_t) (value >> (8 * (n - 1 - i)));
	w->p += n;
}

void
bytes_put_u8(ByteWriter *w, uint8_t value)
{
	put(w, value, 1);
}

void
bytes_put_i32(ByteWriter *w, int32_t value)
{
	put(w, (uint32_t) value, 4);
}

void
bytes_put_i64(ByteWriter *w, int64_t value)
{
	put(w, (uint64_t) value, 8);
}

void
bytes_put_f64(ByteWriter *w, double value)
{
	uint64_t	bits;

	memcpy(&bits, &value, sizeof(bits));
	put(w, bits, 8);
}

void
bytes_put_f64s(ByteWriter *w, const double *values, int64_t n)
{
	for (int64_t i = 0; i < n; i++)
		bytes_put_f64(w, values[i]);
}

void
bytes_put_i128(ByteWriter *w, fixed128 value)
{
	unsigned __int128 bits = (unsigned __int128) value;

	put(w, (uint64_t) (bits >> 64), 8);
	put(w, (uint64_t) bits, 8);
}
