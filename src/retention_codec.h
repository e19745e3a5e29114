/*
 * retention_codec.h
 *		Text and binary codecs of portfolio.activity, portfolio.cohort_matrix
 *		and portfolio.period_retention, whose layouts are in
 *		retention_core.h.
 *
 * Pure C: no PostgreSQL headers.  The glue (retention_types.c) owns the
 * memory, sets the varlena header and turns a problem into an ereport.
 *
 * Text (lossless, and independent of DateStyle).  Every value starts with
 * its unit, as_of date and revenue scale; then items separated by
 * semicolons, each naming its period by its first day:
 *
 *   activity         month as of 1998-06-30, scale 2: 1997-01-01 29.33; 1997-03-01 15.00
 *                    (purchase period, revenue)
 *   cohort_matrix    month as of 1997-03-31, scale 2: 1997-01-01 size 3: 3 29.33, 1 15.00, 0 0.00; ...
 *                    (cohort, members, then active customers and revenue at
 *                    each period offset 0 .. as_of's period)
 *   period_retention month as of 1997-03-31, scale 2: 1997-01-01 3 3 0 29.33 0.00 0.00; ...
 *                    (period, active, new, retained, revenue, retained
 *                    revenue, gross retained revenue)
 *
 * Cohorts without members, and periods without active customers before the
 * first one that has some, are left out of the text.
 *
 * Binary (network byte order; a revenue is an i128 in units of 10^-scale,
 * high half first, and never -2^127, which the text cannot write):
 *
 *   every type       u8 version (1), u8 unit (0 day, 1 week, 2 month,
 *                    3 quarter), u8 scale (0..38), i32 as_of (a day number,
 *                    days since 2000-01-01, within PostgreSQL's dates)
 *   activity         i32 count (>= 1), then count periods: i32 period
 *                    (a period index, ascending, none after as_of's, each
 *                    starting on a date PostgreSQL can store), i128 revenue
 *   cohort_matrix    i32 rows (periods from as_of's back to the oldest
 *                    cohort), i32 room (rows .. the 1 GB limit: the rows the
 *                    value has space for, kept so that a value comes back
 *                    byte for byte), then every row d = 0 .. rows - 1
 *                    (cohort: as_of's period - d): i64 size, then d + 1
 *                    cells of i64 active customers and i128 revenue
 *   period_retention i32 rows, i32 room, then every row d = 0 .. rows - 1
 *                    (period: as_of's period - d): i64 active, i64 new,
 *                    i64 retained, i128 revenue, i128 retained revenue,
 *                    i128 gross retained revenue
 *
 * The rows are dense, as in memory, and the counts must be consistent, as
 * in the text.  A cohort matrix's oldest cohort must have members (as
 * every value built from activities or read from text has).  The oldest
 * periods of period figures may be idle: the text input takes them (and
 * its output leaves them out), so a value stored from such a text must
 * come back byte for byte.
 */
#ifndef PORTFOLIO_RETENTION_CODEC_H
#define PORTFOLIO_RETENTION_CODEC_H

#include <stdbool.h>
#include <stdint.h>

#include "binary_codec.h"
#include "period.h"
#include "retention_core.h"
#include "text_codec.h"

/* PostgreSQL's dates (IS_VALID_DATE): day numbers from 4714-11-24 BC on. */
#define DATE_FIRST_DAY INT64_C(-2451545)
#define DATE_END_DAY INT64_C(2145031949)	/* the first day past the range */

/* The header of a value being read, and where its list of items stands. */
typedef struct RetentionReader
{
	TextCursor	c;
	PeriodUnit	unit;
	int32_t		as_of;
	int			scale;
	int32_t		last_period;	/* as_of's period */
	int64_t		previous;		/* the last item's period, INT64_MIN before one */
} RetentionReader;

/* ---------- text ---------- */

/* The header ("month as of 1998-06-30, scale 2:"). */
extern bool retention_text_begin(RetentionReader *r, const char *input);

/*
 * An activity's periods: while activity_text_next says TEXT_STEP_ITEM,
 * make room for a period and read it with activity_text_period.  An
 * activity without periods is TEXT_PERIODS.
 */
extern TextStep activity_text_next(RetentionReader *r, int32_t periods_read);
extern bool activity_text_period(RetentionReader *r, ActivityPeriod *period);

/*
 * The rows of a cohort matrix or period figures: while retention_text_next
 * says TEXT_STEP_ITEM, *d gets the row of the item's period (the first one
 * is the oldest: it sets the rows the value needs), and the row is read
 * into a value that has it with cohort_text_row or figures_text_row.  Then
 * the counts must be consistent (TEXT_INCONSISTENT).
 */
extern TextStep retention_text_next(RetentionReader *r, int32_t *d);
extern bool cohort_text_row(RetentionReader *r, CohortMatrix *m, int32_t d);
extern bool figures_text_row(RetentionReader *r, PeriodRetention *pr, int32_t d);
extern bool cohort_matrix_text_check(RetentionReader *r, const CohortMatrix *m);
extern bool period_retention_text_check(RetentionReader *r, const PeriodRetention *pr);

extern void activity_text_write(const Activity *a, TextOut *out);
extern void cohort_matrix_text_write(const CohortMatrix *m, TextOut *out);
extern void period_retention_text_write(const PeriodRetention *pr, TextOut *out);

/* ---------- binary ---------- */

/* What the caller needs to know to allocate a value before reading it. */
typedef struct RetentionHead
{
	uint8_t		unit;
	uint8_t		scale;
	int32_t		as_of;
	int32_t		rows;			/* activity: periods */
	int32_t		room;			/* activity: periods */
} RetentionHead;

extern size_t activity_binary_size(const Activity *a);
extern void activity_binary_write(const Activity *a, uint8_t *out);
extern bool activity_binary_head(ByteReader *r, RetentionHead *head);

/* Into memory of activity_bytes(head->rows) bytes. */
extern bool activity_binary_read(ByteReader *r, const RetentionHead *head, Activity *a);

extern size_t cohort_matrix_binary_size(const CohortMatrix *m);
extern void cohort_matrix_binary_write(const CohortMatrix *m, uint8_t *out);
extern bool cohort_matrix_binary_head(ByteReader *r, RetentionHead *head);

/* Into a value set up by retention_init with head->room rows. */
extern bool cohort_matrix_binary_read(ByteReader *r, const RetentionHead *head, CohortMatrix *m);

extern size_t period_retention_binary_size(const PeriodRetention *pr);
extern void period_retention_binary_write(const PeriodRetention *pr, uint8_t *out);
extern bool period_retention_binary_head(ByteReader *r, RetentionHead *head);
extern bool period_retention_binary_read(ByteReader *r, const RetentionHead *head,
										 PeriodRetention *pr);

#endif							/* PORTFOLIO_RETENTION_CODEC_H */
