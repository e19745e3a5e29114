/*
 * summary.h
 *		The fields of the portfolio.summary row type, in order.
 *
 * summarize builds the row and rfm reads three of its fields; both take the
 * layout from here, which must match the type in the install script.
 */
#ifndef PORTFOLIO_SUMMARY_H
#define PORTFOLIO_SUMMARY_H

typedef enum SummaryColumn
{
	COL_FIRST_DATE, COL_LAST_DATE, COL_TRANSACTIONS, COL_PERIODS,
	COL_FREQUENCY, COL_RECENCY, COL_AGE, COL_DAYS_SINCE_LAST,
	COL_TOTAL_AMOUNT, COL_AVG_AMOUNT, COL_MONETARY, COL_MEAN_GAP,
	COL_GAP_STDDEV, COL_MAX_GAP, COL_LAST_GAP, COL_UNIT,
	SUMMARY_COLUMNS
} SummaryColumn;

/* The attribute number (1-based) of a field. */
#define SUMMARY_ATTNO(col) ((col) + 1)

#endif							/* PORTFOLIO_SUMMARY_H */
