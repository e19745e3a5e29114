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
#define UNIT_RUN(name) test_##name();
	UNIT_TESTS(UNIT_RUN)
	printf("1..%d\n", unit_count);
	return unit_failed == 0 ? 0 : 1;
}
