/*
 * fit_histogram_codec.h
 *		The layout of portfolio.fit_histogram, the state of the fitting
 *		aggregates (bgnbd_fit, gg_fit), and its text and binary codecs.
 *
 * Pure C: no PostgreSQL headers.  The glue (fit_histogram.c) owns the
 * memory, grows the histogram, sets the varlena header and turns a problem
 * into an ereport.
 *
 * Text (floats in the shortest form that reads back exactly, because
 * distributed engines ship partial states as text):
 *
 *   model=bgnbd; unit=week; penalizer=0; 0 0 38.86 1411; 2 30.43 38.86 1
 *   model=gamma_gamma; 2 22.35 1; 1 11.77 1
 *
 * Each history is its values (frequency, recency, age or frequency,
 * monetary) then the number of customers that share it; repeated histories
 * are merged.  unit is left out when the histogram was built from plain
 * numbers, penalizer for Gamma-Gamma (it is 0).
 *
 * Binary (network byte order, doubles as IEEE 754 bits):
 *
 *   u8 version (1), u8 model (1 bgnbd, 2 gamma_gamma), i8 unit (-1 none,
 *   0 day, 1 week, 2 month, 3 quarter), f64 penalizer (finite, >= 0; 0 for
 *   gamma_gamma), i64 count (0 .. 2^24), i64 room (count .. 2^24: the
 *   histories the value has space for, kept so that a value comes back byte
 *   for byte), then count histories in the order they were first seen: the
 *   model's values (3 or 2 f64), checked as the aggregate checks its rows,
 *   and i64 customers (>= 1).  No history may appear twice.  The hash index
 *   is not sent: the reader rebuilds it, in the same order, so it comes out
 *   the same.
 */
#ifndef PORTFOLIO_FIT_HISTOGRAM_CODEC_H
#define PORTFOLIO_FIT_HISTOGRAM_CODEC_H

#include <stddef.h>
#include <stdint.h>

#include "binary_codec.h"
#include "histogram_core.h"
#include "model_kind_core.h"
#include "text_codec.h"

#define FIT_NO_UNIT (-1)

/*
 * The index lives inside the varlena, after the entries, so the state can
 * be updated in place by the transition function, copied as a plain datum
 * between parallel workers, and rebuilt from the entries by the inputs.
 */
typedef struct FitHistogram
{
	int32_t		vl_len_;		/* varlena header, set by the glue */
	int32_t		model;			/* FitModel */
	int32_t		unit;			/* PeriodUnit of the summaries, or FIT_NO_UNIT */
	uint32_t	slot_mask;		/* hash slots - 1 */
	double		penalizer;		/* 0 for a model that takes none */
	int64_t		count;			/* distinct histories */
	int64_t		capacity;		/* room for histories */
	HistogramEntry entries[];
	/* then uint32 slots[slot_mask + 1] */
} FitHistogram;

/* At most 2^24 distinct histories: 16 bytes of index each, 640 MB in all. */
#define FIT_HISTOGRAM_MAX_CAPACITY (INT64_C(1) << 24)
#define FIT_HISTOGRAM_INITIAL_CAPACITY 64

/* The bytes of a histogram with room for capacity histories. */
extern size_t fit_histogram_bytes(int64_t capacity);

/*
 * Set up an empty histogram in memory of fit_histogram_bytes(capacity)
 * bytes (everything after the varlena header).
 */
extern void fit_histogram_init(FitHistogram *h, const ModelKind *kind, int32_t unit,
							   double penalizer, int64_t capacity);

/* The hash index over a histogram's entries. */
extern HistogramIndex fit_histogram_index(FitHistogram *h);

/* ---------- text ---------- */

typedef struct FitReader
{
	TextCursor	c;
	const ModelKind *kind;
	int32_t		unit;
	double		penalizer;
} FitReader;

/* The settings: model, unit if there is one, penalizer if the model takes one. */
extern bool fit_histogram_text_begin(FitReader *r, const char *input);

/*
 * The next history (the values past the model's are 0), checked as the aggregate
 * checks its rows; the caller adds it to its histogram.
 */
extern TextStep fit_histogram_text_next(FitReader *r, HistogramEntry *history);

extern void fit_histogram_text_write(const FitHistogram *h, TextOut *out);

/* ---------- binary ---------- */

typedef struct FitHead
{
	const ModelKind *kind;
	int32_t		unit;
	double		penalizer;
	int64_t		count;
	int64_t		room;
} FitHead;

extern size_t fit_histogram_binary_size(const FitHistogram *h);
extern void fit_histogram_binary_write(const FitHistogram *h, uint8_t *out);
extern bool fit_histogram_binary_head(ByteReader *r, FitHead *head);

/* The histories into a histogram set up by fit_histogram_init with head->room. */
extern bool fit_histogram_binary_read(ByteReader *r, const FitHead *head, FitHistogram *h);

#endif							/* PORTFOLIO_FIT_HISTOGRAM_CODEC_H */
