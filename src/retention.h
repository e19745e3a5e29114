/*
 * retention.h
 *		PostgreSQL side of the retention types: portfolio.activity,
 *		portfolio.cohort_matrix and portfolio.period_retention, whose layouts
 *		are in retention_core.h.
 */
#ifndef PORTFOLIO_RETENTION_H
#define PORTFOLIO_RETENTION_H

#include "postgres.h"

#include "compat.h"

#include "fmgr.h"
#include "utils/numeric.h"

#include "retention_core.h"

#define DatumGetActivity(d) ((Activity *) PG_DETOAST_DATUM(d))
#define DatumGetCohortMatrix(d) ((CohortMatrix *) PG_DETOAST_DATUM(d))
#define DatumGetPeriodRetention(d) ((PeriodRetention *) PG_DETOAST_DATUM(d))
#define DatumGetRetentionHeader(d) ((RetentionHeader *) PG_DETOAST_DATUM(d))

/*
 * What differs between portfolio.cohort_matrix and portfolio.period_retention
 * for the code that allocates, grows and fills them.
 */
typedef struct RetentionKind
{
	const char *name;			/* for errors */
	uint64_t	(*bytes) (int64_t rows);
	bool		(*rescale) (RetentionHeader *h, int scale);
	RetentionResult (*add) (RetentionHeader *h, const Activity *a);
	RetentionResult (*merge) (RetentionHeader *h, const RetentionHeader *other);
} RetentionKind;

extern const RetentionKind cohort_matrix_kind;
extern const RetentionKind period_retention_kind;

/*
 * A new empty value with room for capacity rows, in the current memory
 * context; 54000 if that is more than a value can hold.
 */
extern RetentionHeader *retention_alloc(const RetentionKind *kind, uint8 unit, DateADT as_of,
										int32 capacity);

/* unscaled / 10^scale as a numeric with that display scale. */
extern Numeric numeric_from_fixed128(fixed128 unscaled, int scale);

/* 22003 for a revenue total that does not fit in 128 bits. */
pg_noreturn extern void retention_overflow_error(void);

#endif							/* PORTFOLIO_RETENTION_H */
