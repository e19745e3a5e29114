/*
 * run_unit_tests.c
 *		Runs every unit test of the pure C cores; prints TAP.
 */
#include "unit.h"

int			unit_count = 0;
int			unit_failed = 0;

int
main(void)
{
	test_period();
	test_summary_core();
	test_rfm_core();
	test_fixed_decimal();
	test_retention_core();
	test_lifecycle_core();
	test_histogram_core();
	test_random_core();
	test_special_core();
	test_optimize_core();
	test_fit_core();
	test_bgnbd_core();
	test_concentration_core();
	test_kmeans_core();
	test_scaler_core();
	test_strategy_core();
	printf("1..%d\n", unit_count);
	return unit_failed == 0 ? 0 : 1;
}
