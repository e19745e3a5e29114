/*
 * kmeans_state_codec.c
 *		The text and binary codecs of portfolio.kmeans_state.  See
 *		kmeans_state_codec.h.
 */
#include "kmeans_state_codec.h"

#include <string.h>

size_t
kmeans_state_bytes(int32_t dims, int64_t capacity)
{
	return KMEANS_STATE_HEADER + (size_t) capacity * (size_t) dims * sizeof(double);
}

/* ---------- text ---------- */

/* "name=" and an integer in [min, max]. */
static bool
read_setting(TextCursor *c, const char *name, int64_t min, int64_t max, TextProblem what,
			 int64_t *value)
{
	const char *start;

	if (!text_expect(c, name))
		return false;
	text_skip_spaces(c);
	start = c->p;
	if (!text_int64(c, min, what, value))
		return false;
	return *value <= max || text_fail_at(c, start, what);
}

bool
kmeans_state_text_begin(KmeansReader *r, const char *input)
{
	int64_t		k;
	int64_t		dims;

	memset(r, 0, sizeof(*r));
	text_cursor_init(&r->c, input);
	if (!read_setting(&r->c, "k=", 1, KMEANS_MAX_K, TEXT_K, &k) ||
		!text_expect(&r->c, ";") ||
		!read_setting(&r->c, "seed=", INT64_MIN, INT64_MAX, TEXT_SEED, &r->seed) ||
		!text_expect(&r->c, ";") ||
		!read_setting(&r->c, "dims=", 0, KMEANS_MAX_DIMS, TEXT_DIMS, &dims))
		return false;
	r->k = (int32_t) k;
	r->dims = (int32_t) dims;
	return true;
}

TextStep
kmeans_state_text_next(KmeansReader *r, int64_t vectors_read)
{
	TextStep	step = text_next_item(&r->c, false);

	if (step == TEXT_STEP_ITEM && r->dims == 0)
		text_fail(&r->c, TEXT_NO_VECTORS);
	else if (step == TEXT_STEP_END && r->dims > 0 && vectors_read == 0)
		text_fail(&r->c, TEXT_VECTOR);
	else
		return step;
	return TEXT_STEP_ERROR;
}

bool
kmeans_state_text_vector(KmeansReader *r, double *vector)
{
	for (int32_t t = 0; t < r->dims; t++)
	{
		if (t > 0 && !text_expect(&r->c, ","))
			return false;
		if (!text_double(&r->c, TEXT_FINITE, &vector[t]))
			return false;
	}
	return true;
}

void
kmeans_state_text_write(const KmeansState *state, TextOut *out)
{
	text_out_string(out, "k=");
	text_out_int64(out, state->k);
	text_out_string(out, "; seed=");
	text_out_int64(out, state->seed);
	text_out_string(out, "; dims=");
	text_out_int64(out, state->dims);
	for (int64_t i = 0; i < state->count; i++)
	{
		text_out_string(out, "; ");
		text_out_doubles(out, &state->values[i * state->dims], state->dims, ',');
	}
}

/* ---------- binary ---------- */

#define HEAD_BYTES 33			/* version, k, seed, dims, count, room */

size_t
kmeans_state_binary_size(const KmeansState *state)
{
	return HEAD_BYTES + (size_t) state->count * (size_t) state->dims * 8;
}

void
kmeans_state_binary_write(const KmeansState *state, int64_t room, uint8_t *out)
{
	ByteWriter	w = {out};

	bytes_put_u8(&w, BINARY_FORMAT_VERSION);
	bytes_put_i32(&w, state->k);
	bytes_put_i64(&w, state->seed);
	bytes_put_i32(&w, state->dims);
	bytes_put_i64(&w, state->count);
	bytes_put_i64(&w, room);
	bytes_put_f64s(&w, state->values, state->count * state->dims);
}

/* count and room: none without dims, else at least one vector, within the limit. */
static bool
read_counts(ByteReader *r, KmeansHead *head)
{
	int64_t		max = head->dims == 0 ? 0 : KMEANS_STATE_MAX_COUNT(head->dims);

	if (head->dims == 0)
	{
		if (!bytes_i64(r, BINARY_NO_VECTORS, &head->count))
			return false;
		if (head->count != 0)
			return bytes_fail(r, r->pos - 8, BINARY_NO_VECTORS);
	}
	else if (!bytes_i64_in(r, BINARY_COUNT, 1, max, &head->count))
		return false;
	return bytes_i64_in(r, BINARY_ROOM, head->count, max, &head->room);
}

bool
kmeans_state_binary_head(ByteReader *r, KmeansHead *head)
{
	memset(head, 0, sizeof(*head));
	return bytes_version(r) &&
		bytes_i32_in(r, BINARY_K, 1, KMEANS_MAX_K, &head->k) &&
		bytes_i64(r, BINARY_SEED, &head->seed) &&
		bytes_i32_in(r, BINARY_DIMS, 0, KMEANS_MAX_DIMS, &head->dims) &&
		read_counts(r, head) &&
		/* no vectors without dims: nothing may follow (1 stands for 0 bytes) */
		bytes_items_left(r, head->count, head->dims > 0 ? (size_t) head->dims * 8 : 1,
						 BINARY_FINITE);
}

bool
kmeans_state_binary_read(ByteReader *r, const KmeansHead *head, KmeansState *state)
{
	memset(&state->k, 0, kmeans_state_bytes(head->dims, head->room) - offsetof(KmeansState, k));
	state->k = head->k;
	state->seed = head->seed;
	state->dims = head->dims;
	state->count = head->count;
	return bytes_finites(r, state->values, head->count * head->dims) && bytes_end(r);
}
