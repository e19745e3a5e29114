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

/*
 * Every unit test file's entry point, in the order they run; a new file
 * test_<name>.c adds its name here and nothing else (the Makefile compiles
 * every test/unit/ file).
 */
#define UNIT_TESTS(X) \
	X(period) X(summary_core) X(rfm_core) X(fixed_decimal) X(retention_core) \
	X(lifecycle_core) X(histogram_core) X(random_core) X(special_core) \
	X(optimize_core) X(fit_core) X(bgnbd_core) X(bgnbd_reference) X(concentration_core) \
	X(kmeans_core) X(scoring_core) X(strategy_core) X(text_codec) X(binary_codec) \
	X(rfm_codec) X(retention_codec) X(fit_histogram_codec) X(concentration_state_codec) \
	X(abc_cuts_codec) X(kmeans_state_codec) X(model_kind_core) \
	X(purchase_model_core) X(sbg_core) X(mbgnbd_core) X(pareto_nbd_core) X(baskets_codec) X(affinity_core) \
	X(bgbb_core)

#define UNIT_DECLARE(name) void test_##name(void);
UNIT_TESTS(UNIT_DECLARE)

#endif
