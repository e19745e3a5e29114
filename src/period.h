/*
 * period.h
 *		Calendar periods (day, week, month, quarter) over day numbers.
 *
 * Pure C: no PostgreSQL headers.  A day number is PostgreSQL's DateADT, the
 * number of days since 2000-01-01, so values pass between the glue code and
 * this file unchanged.  Periods are numbered so that consecutive periods have
 * consecutive indexes; the difference of two indexes is the number of whole
 * periods between them.
 */
#ifndef PORTFOLIO_PERIOD_H
#define PORTFOLIO_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum PeriodUnit
{
	PERIOD_DAY = 0,
	PERIOD_WEEK,				/* ISO weeks: Monday to Sunday */
	PERIOD_MONTH,
	PERIOD_QUARTER
} PeriodUnit;

#define PERIOD_UNIT_COUNT 4

/*
 * The canonical lowercase names, in the order of PeriodUnit; also the labels
 * of the SQL enum portfolio.period_unit.
 */
extern const char *const period_unit_names[PERIOD_UNIT_COUNT];

/* The accepted unit names, for error messages: "day, week, month, quarter". */
extern const char *const period_unit_list;

/* Parse a unit name (case-insensitive, exact length); false if unknown. */
extern bool period_unit_parse(const char *name, size_t len, PeriodUnit *unit);

/* The canonical lowercase name of a unit. */
extern const char *period_unit_name(PeriodUnit unit);

/* Index of the period that contains the given day. */
extern int64_t period_index(int32_t day, PeriodUnit unit);

/* First day of the period with the given index (inverse of period_index). */
extern int64_t period_start_day(int64_t index, PeriodUnit unit);

/* Gregorian calendar date of a day number (proleptic, year 0 = 1 BC). */
extern void period_civil_from_day(int32_t day, int64_t *year, int *month, int *mday);

/* Day number of a Gregorian calendar date. */
extern int64_t period_day_from_civil(int64_t year, int month, int mday);

#endif							/* PORTFOLIO_PERIOD_H */
