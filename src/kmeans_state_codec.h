/*
 * kmeans_state_codec.h
 *		The layout of portfolio.kmeans_state, the partial state of
 *		kmeans_fit, and its text and binary codecs.
 *
 * Pure C: no PostgreSQL headers.  The glue (kmeans_state.c) owns the
 * memory, grows the state, sets the varlena header and turns a problem into
 * an ereport.
 *
 * Text (floats in the shortest form that reads back to the same double,
 * whatever extra_float_digits says, because distributed engines ship
 * partial states between nodes as text):
 *
 *   k=2; seed=42; dims=2; 1,2; 3,4.5
 *
 * dims=0 is a state that has seen only NULL vectors, and has no vectors.
 *
 * Binary (network byte order, doubles as IEEE 754 bits):
 *
 *   u8 version (1), i32 k (1..1000), i64 seed, i32 dims (0..1000), i64 count
 *   (0 when dims is 0, else 1 .. KMEANS_STATE_MAX_COUNT(dims)), i64 room
 *   (count .. the same limit, 0 when dims is 0: the vectors the value has
 *   space for, kept so that a value comes back byte for byte), then count
 *   vectors of dims finite f64, in arrival order.
 */
#ifndef PORTFOLIO_KMEANS_STATE_CODEC_H
#define PORTFOLIO_KMEANS_STATE_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "binary_codec.h"
#include "text_codec.h"

/* The most clusters, and the most elements in a feature vector. */
#define KMEANS_MAX_K 1000
#define KMEANS_MAX_DIMS 1000

/*
 * portfolio.kmeans_state: k, the seed and every feature vector seen so far,
 * in arrival order (the final function sorts them).  dims is 0 until the
 * first vector arrives (a group may start with NULL vectors).  The varlena
 * size is the allocated size, so that the aggregate can append in place and
 * PostgreSQL's copies keep the spare room (zeroed); count says how much is
 * used.
 */
typedef struct KmeansState
{
	int32_t		vl_len_;		/* varlena header, set by the glue */
	int32_t		k;
	int64_t		seed;
	int32_t		dims;			/* elements per vector, 0 before the first */
	int32_t		unused;			/* keeps count and values 8-byte aligned */
	int64_t		count;			/* vectors in use */
	double		values[];		/* count * dims */
} KmeansState;

#define KMEANS_STATE_HEADER offsetof(KmeansState, values)
#define KMEANS_STATE_MAX_COUNT(dims) \
	((int64_t) ((VALUE_MAX_BYTES - KMEANS_STATE_HEADER) / (sizeof(double) * (dims))))

/* The bytes of a state with room for capacity vectors of dims elements. */
extern size_t kmeans_state_bytes(int32_t dims, int64_t capacity);

/* ---------- text ---------- */

typedef struct KmeansReader
{
	TextCursor	c;
	int32_t		k;
	int64_t		seed;
	int32_t		dims;
} KmeansReader;

/* k, seed and dims. */
extern bool kmeans_state_text_begin(KmeansReader *r, const char *input);

/*
 * The vectors: while kmeans_state_text_next says TEXT_STEP_ITEM, make room
 * for a vector and read it with kmeans_state_text_vector.  vectors_read
 * says how many came before, so that a state with dims > 0 has at least
 * one.
 */
extern TextStep kmeans_state_text_next(KmeansReader *r, int64_t vectors_read);
extern bool kmeans_state_text_vector(KmeansReader *r, double *vector);

extern void kmeans_state_text_write(const KmeansState *state, TextOut *out);

/* ---------- binary ---------- */

typedef struct KmeansHead
{
	int32_t		k;
	int64_t		seed;
	int32_t		dims;
	int64_t		count;
	int64_t		room;
} KmeansHead;

extern size_t kmeans_state_binary_size(const KmeansState *state);

/* room: the vectors the state has space for (its capacity). */
extern void kmeans_state_binary_write(const KmeansState *state, int64_t room, uint8_t *out);
extern bool kmeans_state_binary_head(ByteReader *r, KmeansHead *head);

/* Into memory of kmeans_state_bytes(head->dims, head->room) bytes. */
extern bool kmeans_state_binary_read(ByteReader *r, const KmeansHead *head, KmeansState *state);

#endif							/* PORTFOLIO_KMEANS_STATE_CODEC_H */
