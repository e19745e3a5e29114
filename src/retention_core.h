/*
 * retention_core.h
 *		Customer activity by period, and the cohort and period retention
 *		figures accumulated from it.
 *
 * Pure C: no PostgreSQL headers.  The three structures below are the
 * in-memory (and on-disk) layouts of the types portfolio.activity,
 * portfolio.cohort_matrix and portfolio.period_retention: each starts with a
 * varlena header that the glue code sets, and holds only fixed-size fields,
 * so the aggregates update them in place.
 *
 * Periods are period_index() values (period.h).  Revenues are exact: 128-bit
 * integers counting units of 10^-scale (fixed_decimal.h).  A structure's
 * scale only grows; adding a value of a smaller scale rescales the value.
 */
#ifndef PORTFOLIO_RETENTION_CORE_H
#define PORTFOLIO_RETENTION_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fixed_decimal.h"

/* One purchase period of one customer: 24 bytes. */
typedef struct ActivityPeriod
{
	int32_t		period;
	int32_t		reserved;		/* zero */
	fixed128	revenue;		/* the period's amounts, returns included */
} ActivityPeriod;

/*
 * portfolio.activity: a customer's purchase periods as of a date, ascending,
 * at least one.  A period is a purchase period when it has a purchase
 * (amount >= 0), and its revenue is every amount dated in it, as in
 * portfolio.summarize.
 */
typedef struct Activity
{
	int32_t		vl_len_;		/* varlena header, set by the glue */
	uint8_t		unit;			/* PeriodUnit */
	uint8_t		scale;			/* revenues are in units of 10^-scale */
	uint16_t	reserved;		/* zero */
	int32_t		as_of;			/* day number */
	int32_t		count;			/* periods, >= 1 */
	ActivityPeriod periods[];
} Activity;

/* One cell of the cohort matrix: 24 bytes. */
typedef struct CohortCell
{
	int64_t		active;			/* cohort members with a purchase in the period */
	fixed128	revenue;		/* their revenue in it */
} CohortCell;

/*
 * The header of portfolio.cohort_matrix and portfolio.period_retention: both
 * keep one row per period from the oldest seen back from as_of's period,
 * with spare rows (capacity) so that the aggregates rarely move them.
 */
typedef struct RetentionHeader
{
	int32_t		vl_len_;		/* varlena header, set by the glue */
	uint8_t		unit;			/* PeriodUnit */
	uint8_t		scale;			/* revenues are in units of 10^-scale */
	uint16_t	reserved;		/* zero */
	int32_t		as_of;			/* day number */
	int32_t		last_period;	/* as_of's period */
	int32_t		rows;			/* rows in use */
	int32_t		capacity;		/* rows allocated, >= rows, all cleared */
} RetentionHeader;

/*
 * portfolio.cohort_matrix: per cohort (first purchase period) its size, and
 * per period offset 0 .. (as_of's period - cohort) its cell.  Row d holds
 * the cohort last_period - d, so that older cohorts are appended at the end:
 * an int64 size followed by d + 1 cells.  Rows of periods in which no
 * customer started are all zero.
 */
typedef struct CohortMatrix
{
	RetentionHeader h;
	/* rows follow */
} CohortMatrix;

/* The figures of one period: 72 bytes. */
typedef struct PeriodFigures
{
	int64_t		active;			/* E: customers with a purchase in it */
	int64_t		new_customers;	/* N: whose first purchase period it is */
	int64_t		retained;		/* active in it and in the period before */
	fixed128	revenue;		/* revenue of the active customers */
	fixed128	retained_revenue;	/* revenue in it of those active the period before */
	fixed128	gross_retained; /* sum over those of min(revenue now, revenue before) */
} PeriodFigures;

/*
 * portfolio.period_retention: the figures of every period from the first
 * purchase period seen to as_of's period; figures[d] is period
 * last_period - d.
 */
typedef struct PeriodRetention
{
	RetentionHeader h;
	PeriodFigures figures[];
} PeriodRetention;

/* Sizes in bytes, header included; 64-bit so that callers can check limits. */
extern uint64_t activity_bytes(int64_t count);
extern uint64_t cohort_matrix_bytes(int64_t ncohorts);
extern uint64_t period_retention_bytes(int64_t nperiods);

/* Whether an activity is well formed for its unit and as_of (periods ascending, none later than as_of's). */
extern bool activity_is_valid(const Activity *a);

/* A cohort's size and cells; d = last_period - cohort, 0 <= k <= d. */
extern int64_t *cohort_size(CohortMatrix *m, int32_t d);
extern CohortCell *cohort_cell(CohortMatrix *m, int32_t d, int32_t k);
extern const CohortCell *cohort_cell_const(const CohortMatrix *m, int32_t d, int32_t k);
extern int64_t cohort_size_const(const CohortMatrix *m, int32_t d);

/*
 * Set up an empty matrix or period figures with room for capacity rows, in
 * memory of the given size (*_bytes(capacity)); everything after the varlena
 * header is cleared.
 */
extern void retention_init(RetentionHeader *h, uint64_t bytes, uint8_t unit, int32_t as_of,
						   int32_t last_period, int32_t capacity);

/*
 * Copy the header and the used_bytes (*_bytes(src->rows)) of src into dst,
 * set up with a capacity of at least src's rows.
 */
extern void retention_copy_rows(RetentionHeader *dst, const RetentionHeader *src,
								uint64_t used_bytes);

/* Rows needed to take an activity (last_period - its first period + 1). */
extern int32_t activity_rows_needed(const Activity *a, int32_t last_period);

/* Use rows up to the given number (<= capacity); the new ones are cleared already. */
extern void retention_use_rows(RetentionHeader *h, int32_t rows);

/*
 * Move every revenue to a larger scale.  false if a value overflows; the
 * structure is then partly rescaled and must be discarded.
 */
extern bool cohort_matrix_rescale(CohortMatrix *m, int scale);
extern bool period_retention_rescale(PeriodRetention *r, int scale);

/*
 * What adding or merging found: a revenue beyond 128 bits, or a count
 * beyond int64 (only values typed in by hand get near that).  After an
 * overflow the structure is partly updated and must be discarded.
 */
typedef enum RetentionResult
{
	RETENTION_OK,
	RETENTION_REVENUE_OVERFLOW,
	RETENTION_COUNT_OVERFLOW
} RetentionResult;

/*
 * Add one customer's activity.  The caller made room (activity_rows_needed)
 * and the structure's scale is at least the activity's.
 */
extern RetentionResult cohort_matrix_add(CohortMatrix *m, const Activity *a);
extern RetentionResult period_retention_add(PeriodRetention *r, const Activity *a);

/*
 * Add another partial result with the same unit and as_of, no more rows and
 * no larger scale.
 */
extern RetentionResult cohort_matrix_merge(CohortMatrix *m, const CohortMatrix *other);
extern RetentionResult period_retention_merge(PeriodRetention *r, const PeriodRetention *other);

/*
 * Whether the counts are consistent (no negative count, no more active
 * members than a cohort has, members active in their first period, ...),
 * for values read from text: NULL if so, else a sentence saying what is not.
 */
extern const char *cohort_matrix_inconsistency(const CohortMatrix *m);
extern const char *period_retention_inconsistency(const PeriodRetention *r);

#endif							/* PORTFOLIO_RETENTION_CORE_H */
