/*
 * retention.h
 *		PostgreSQL side of the retention types: portfolio.activity,
 *		portfolio.cohort_matrix and portfolio.period_retention, whose layouts
 *		are in retention_core.h.
 */
#ifndef PORTFOLIO_RETENTION_H
#define PORTFOLIO_RETENTION_H

#include "postgres.h"

#include "fmgr.h"
#include "utils/numeric.h"

#include "retention_core.h"

#define DatumGetActivity(d) ((Activity *) PG_DETOAST_DATUM(d))
#define DatumGetCohortMatrix(d) ((CohortMatrix *) PG_DETOAST_DATUM(d))
#define DatumGetPeriodRetention(d) ((PeriodRetention *) PG_DETOAST_DATUM(d))

/*
 * A new empty value with room for capacity rows, in the current memory
 * context; 54000 if that is more than a value can hold.
 */
extern CohortMatrix *cohort_matrix_alloc(uint8 unit, DateADT as_of, int32 capacity);
extern PeriodRetention *period_retention_alloc(uint8 unit, DateADT as_of, int32 capacity);

/* unscaled / 10^scale as a numeric with that display scale. */
extern Numeric numeric_from_fixed128(fixed128 unscaled, int scale);

/* 22003 for a revenue total that does not fit in 128 bits. */
extern void retention_overflow_error(void) pg_attribute_noreturn();

#endif							/* PORTFOLIO_RETENTION_H */
