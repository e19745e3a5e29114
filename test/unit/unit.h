/*
 * unit.h
 *		A minimal TAP harness for the pure C unit tests.
 */
#ifndef PORTFOLIO_UNIT_H
#define PORTFOLIO_UNIT_H

#include <math.h>
#include <stdio.h>

extern int	unit_count;
extern int	unit_failed;

/* Report one check as a TAP line.  cond is evaluated twice: no side effects. */
#define CHECK(cond, ...) \
	do { \
		unit_count++; \
		if (cond) \
			printf("ok %d - ", unit_count); \
		else \
		{ \
			unit_failed++; \
			printf("not ok %d - ", unit_count); \
		} \
		printf(__VA_ARGS__); \
		printf("\n"); \
		if (!(cond)) \
			printf("#   failed at %s:%d: %s\n", __FILE__, __LINE__, #cond); \
	} while (0)

#define CHECK_CLOSE(a, b, rel, ...) \
	CHECK(fabs((a) - (b)) <= (rel) * fmax(1.0, fabs(b)), __VA_ARGS__)

void		test_period(void);
void		test_summary_core(void);
void		test_rfm_core(void);
void		test_fixed_decimal(void);
void		test_retention_core(void);
void		test_lifecycle_core(void);
void		test_histogram_core(void);
void		test_random_core(void);
void		test_special_core(void);
void		test_optimize_core(void);
void		test_fit_core(void);
void		test_bgnbd_core(void);
void		test_concentration_core(void);
void		test_kmeans_core(void);
void		test_scaler_core(void);
void		test_strategy_core(void);

#endif
