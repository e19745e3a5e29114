/*
 * histogram_core.h
 *		The compressed input of the model fits: distinct customer histories
 *		with the number of customers that share each one.
 *
 * The fitting aggregates (bgnbd_fit, gg_fit) count distinct histories as
 * they read rows, so a fit costs in proportion to distinct histories, not
 * customers.  Pure C.
 */
#ifndef PORTFOLIO_HISTOGRAM_CORE_H
#define PORTFOLIO_HISTOGRAM_CORE_H

#include <stdint.h>

/*
 * One distinct history.  BG/NBD: v = (x, t_x, T), Gamma-Gamma: v = (x, m, 0),
 * where x is the frequency (repeat purchases), t_x the recency, T the age and
 * m the mean value of the repeat purchases.
 */
typedef struct HistogramEntry
{
	double		v[3];
	int64_t		count;			/* customers with this history, >= 1 */
} HistogramEntry;

#endif							/* PORTFOLIO_HISTOGRAM_CORE_H */
