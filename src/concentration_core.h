/*
 * concentration_core.h
 *		Concentration measures of one non-negative value per customer: Gini,
 *		HHI, top share, Lorenz points and ABC thresholds.
 *
 * Pure C: no PostgreSQL headers.
 *
 * Everything but the HHI works on the values sorted ascending, so that the
 * result depends only on the multiset of values, never on the order in which
 * they arrived (or on how a parallel plan split them).  Sums are compensated
 * (Neumaier), and the Gini weights are multiplied exactly (fma), so results
 * are correct to about one rounding of the final division.
 *
 * Definitions, with n values x and their total X:
 *	 gini		sum_i sum_j |x_i - x_j| / (2 n X)
 *				= sum_i (2i - n - 1) x_(i) / (n X), i = 1..n ascending
 *	 hhi		sum_i (x_i / X)^2 = (sum x^2) / X / X
 *	 top share	share of X held by the k largest values
 *	 lorenz		value j (j = 0..points): share of X held by the
 *				floor(j n / points) smallest values
 *	 abc		a value is A when the values strictly greater than it hold less
 *				than a_share of X, B when they hold less than b_share, C
 *				otherwise
 */
#ifndef PORTFOLIO_CONCENTRATION_CORE_H
#define PORTFOLIO_CONCENTRATION_CORE_H

#include <stdbool.h>
#include <stdint.h>

/* Most points a Lorenz curve may have (plus the point at 0). */
#define CONCENTRATION_MAX_POINTS 100000

/* The default ABC shares: the usual 80 / 15 / 5 split. */
#define ABC_DEFAULT_A_SHARE 0.80
#define ABC_DEFAULT_B_SHARE 0.95

typedef enum ConcentrationStatus
{
	CONCENTRATION_OK,
	CONCENTRATION_NO_SHARES,	/* no values, or they are all 0: X = 0 */
	CONCENTRATION_OVERFLOW		/* a sum exceeds the double range */
} ConcentrationStatus;

/* A Neumaier compensated sum: the value is sum + comp. */
typedef struct CompensatedSum
{
	double		sum;
	double		comp;
} CompensatedSum;

extern void compensated_add(CompensatedSum *s, double x);
extern double compensated_value(const CompensatedSum *s);

/* Add right into left (the combine of two partial sums). */
extern void compensated_merge(CompensatedSum *left, const CompensatedSum *right);

/*
 * Sort n finite values ascending in place (NaN-free; -0 and 0 are equal but
 * their order is unspecified, so callers store -0 as 0).  scratch holds n
 * values and is clobbered.  Linear time: a radix sort on the bit patterns.
 */
extern void concentration_sort(double *values, double *scratch, int64_t n);

/* The Gini coefficient of n sorted values. */
extern ConcentrationStatus concentration_gini(const double *sorted, int64_t n,
											  double *gini);

/*
 * How many customers the top fraction (0 .. 1) of n is:
 * ceil(fraction n - 1e-9), so that 7% of 100 is 7 despite float rounding.
 */
extern int64_t concentration_top_count(double fraction, int64_t n);

/* The share of the total held by the k (0 .. n) largest of n sorted values. */
extern ConcentrationStatus concentration_top_share(const double *sorted, int64_t n,
												   int64_t k, double *share);

/* The points + 1 Lorenz values of n sorted values into curve. */
extern ConcentrationStatus concentration_lorenz(const double *sorted, int64_t n,
												int points, double *curve);

/*
 * The ABC thresholds of n sorted values for 0 < a_share <= b_share <= 1:
 * *a is the smallest value that is A, *b the smallest that is A or B (so
 * b <= a, and b = a when no value is B).  The largest value is always A.
 */
extern ConcentrationStatus concentration_abc(const double *sorted, int64_t n,
											 double a_share, double b_share,
											 double *a, double *b);

/* The class of a value under thresholds a >= b: 'A', 'B' or 'C'. */
extern char concentration_abc_class(double value, double a, double b);

/* Whether 0 < a_share <= b_share <= 1. */
extern bool concentration_abc_shares_valid(double a_share, double b_share);

/*
 * The HHI from n, the sum of the values and the sum of their squares
 * (X = 0 has no shares).
 */
extern ConcentrationStatus concentration_hhi(double n, double sum_x, double sum_x2,
											 double *hhi);

#endif							/* PORTFOLIO_CONCENTRATION_CORE_H */
