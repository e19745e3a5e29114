/*
 * test_retention_codec.c
 *		activity, cohort_matrix and period_retention: their texts read and
 *		written, every problem of the text readers with its position and
 *		detail, their bytes, and the problems of the binary readers.
 */
#include "codec_unit.h"

#include "../fuzz/fuzz_retention_codec.h"

#define APRIL "month as of 2020-04-30, scale 2:"
#define FEB "month as of 2020-02-29, scale 0:"

static const TextCase activity_cases[] = {
	{"", TEXT_UNIT, 0, "Expected a period unit at character 1."},
	{"fortnight as of 2020-01-01, scale 0: 2020-01-01 1", TEXT_UNIT, 9, NULL},
	{"month of 2020-01-01", TEXT_LITERAL, 6, "Expected \"as of\" at character 7."},
	{"day as of 2020-x", TEXT_MONTH, 15, "Expected a month at character 16."},
	{"day as of 2020-01-0", TEXT_MDAY, 18, "Expected a day of the month at character 19."},
	{"day as of 2020", TEXT_DATE, 14, "Expected a date at character 15."},
	{"month as of 2020-13-01, scale 2: x", TEXT_DATE, 19, NULL},
	{"month as of 2020-02-30, scale 2:", TEXT_VALID_DATE, 22, "Expected a valid date at character 23."},
	{"day as of 5874898-01-01, scale 0:", TEXT_DATE_RANGE, 23,
	 "Expected a date within PostgreSQL's range at character 24."},
	{"month as of 2020-01-01 scale 2:", TEXT_LITERAL, 23, "Expected \",\" at character 24."},
	{"month as of 2020-01-01, scale x:", TEXT_SCALE, 30, "Expected a scale at character 31."},
	{"month as of 2020-01-01, scale 39:", TEXT_SCALE_MAX, 32, "Expected a scale of at most 38 at character 33."},
	{"month as of 2020-01-01, scale 277777777777777777: 2020-01-01 1", TEXT_SCALE_MAX, 48, NULL},
	{"month as of 2020-01-01, scale 2", TEXT_LITERAL, 31, "Expected \":\" at character 32."},
	{APRIL, TEXT_PERIODS, 32, "Expected at least one purchase period at character 33."},
	{APRIL " 2020-01-15 1.00", TEXT_PERIOD_START, 43, "Expected the first day of a month at character 44."},
	{APRIL " 2020-05-01 1.00", TEXT_PERIOD_ORDER, 43,
	 "Expected periods in ascending order, none after as_of's at character 44."},
	{APRIL " 2020-02-01 1; 2020-01-01 2", TEXT_PERIOD_ORDER, 57, NULL},
	{APRIL " 2020-01-01 1.001", TEXT_AMOUNT, 44, "Expected an amount with at most 2 decimals at character 45."},
	{APRIL " 2020-01-01 1 2020-02-01 2", TEXT_LITERAL, 46, "Expected \";\" at character 47."},
};

static const TextCase cohort_cases[] = {
	{APRIL " 2020-01-01 size 0: 0 0.00", TEXT_COHORT_SIZE, 49,
	 "Expected a cohort size of at least 1 at character 50."},
	{APRIL " 2020-01-01 3: 3 0.00", TEXT_LITERAL, 44, "Expected \"size\" at character 45."},
	{FEB " 2020-01-01 size 1: 1 5", TEXT_LITERAL, 55, "Expected \",\" at character 56."},
	{FEB " 2020-01-01 size 1: 1 5, -1 0", TEXT_ACTIVE, 57, "Expected a count of active customers at character 58."},
	{FEB " 2020-02-01 size 1: 2 5", TEXT_INCONSISTENT, 55,
	 "Every member of a cohort is active in its first period."},
	{FEB " 2020-01-01 size 1: 1 5, 2 0", TEXT_INCONSISTENT, 60,
	 "A cohort cannot have more active customers than members."},
};

static const TextCase figures_cases[] = {
	{FEB " 2020-02-01 1 1", TEXT_RETAINED, 47, "Expected a count of retained customers at character 48."},
	{FEB " 2020-02-01 1 x", TEXT_NEW, 46, "Expected a count of new customers at character 47."},
	{FEB " 2020-02-01 -1 0 0 0 0 0", TEXT_ACTIVE, 44, NULL},
	{FEB " 2020-02-01 1 2 0 5 0 0", TEXT_INCONSISTENT, 55,
	 "New and retained customers cannot outnumber the active ones."},
	{FEB " 2020-02-01 1 0 1 5 0 0", TEXT_INCONSISTENT, 55,
	 "Retained customers cannot outnumber those active in the period before."},
};

static void
check_cases(const CodecAdapter *a, const TextCase *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_text_problem(a, cases[i].text, cases[i].problem, cases[i].pos, cases[i].detail);
}

#define N(cases) (sizeof(cases) / sizeof(cases[0]))

static void
test_text(void)
{
	check_text(&activity_adapter, "month as of 1998-06-30, scale 2: 1997-01-01 29.33; 1997-03-01 15.00", NULL);
	check_text(&activity_adapter, "  week as of 2020-01-12,scale 1 :2020-01-06 -1.5 ",
			   "week as of 2020-01-12, scale 1: 2020-01-06 -1.5");
	check_text(&activity_adapter, "quarter as of -0044-03-15, scale 0: -0044-01-01 7",
			   "quarter as of -044-03-15, scale 0: -044-01-01 7");	/* %04lld, as always */
	check_text(&cohort_matrix_adapter, FEB " 2020-01-01 size 1: 1 5, 0 0", NULL);
	check_text(&cohort_matrix_adapter, "day as of 2020-01-01, scale 0:", NULL);
	check_text(&period_retention_adapter, FEB " 2020-01-01 1 1 0 5 0 0; 2020-02-01 1 0 1 7 7 5", NULL);
	/* idle periods before the first active one are read, and left out of the text, as always */
	check_text(&period_retention_adapter, FEB " 2020-01-01 0 0 0 0 3 0; 2020-02-01 1 1 0 5 0 0",
			   FEB " 2020-02-01 1 1 0 5 0 0");
	check_cases(&activity_adapter, activity_cases, N(activity_cases));
	check_cases(&cohort_matrix_adapter, cohort_cases, N(cohort_cases));
	check_cases(&period_retention_adapter, figures_cases, N(figures_cases));
}

#define HEAD_APRIL "01 02 02 00001d01 "		/* version, month, scale 2, 2020-04-30 */
#define HEAD_FEB "01 02 00 00001cc4 "		/* version, month, scale 0, 2020-02-29 */
#define I64_0 "0000000000000000"
#define I64_1 "0000000000000001"
#define R_0 "00000000000000000000000000000000"
#define R_5 "00000000000000000000000000000005"
#define R_7 "00000000000000000000000000000007"
#define JAN_2020 "00005eb0"

static void
test_activity_bytes(void)
{
	check_bytes(&activity_adapter, APRIL " 2020-01-01 10.00",
				HEAD_APRIL "00000001 " JAN_2020 "000000000000000000000000000003e8");
	check_bytes_problem(&activity_adapter, "01 04 02 00001d01", BINARY_UNIT, 1,
						"Expected a period unit from 0 to 3 at byte 2.");
	check_bytes_problem(&activity_adapter, "01 02 27 00001d01", BINARY_SCALE, 2,
						"Expected a scale from 0 to 38 at byte 3.");
	check_bytes_problem(&activity_adapter, "01 02 02 7fffffff", BINARY_DATE, 3,
						"Expected a date PostgreSQL can store at byte 4.");
	check_bytes_problem(&activity_adapter, HEAD_APRIL "00000000", BINARY_COUNT, 7,
						"Expected a count from 1 to 44739241 at byte 8.");
	check_bytes_problem(&activity_adapter, HEAD_APRIL "00000001 00005eb4" R_5, BINARY_PERIOD, 11, NULL);
	check_bytes_problem(&activity_adapter, HEAD_APRIL "00000002 00005eb1" R_5 JAN_2020 R_5, BINARY_PERIOD, 31,
						NULL);
	check_bytes_problem(&activity_adapter, HEAD_APRIL "00000001" JAN_2020 "80000000000000000000000000000000",
						BINARY_REVENUE, 15, "Expected a revenue above -2^127 at byte 16.");
	check_bytes_problem(&activity_adapter, HEAD_APRIL "00000002" JAN_2020 R_5, BINARY_PERIOD, 31, NULL);
}

static void
test_cohort_bytes(void)
{
	check_bytes(&cohort_matrix_adapter, FEB " 2020-01-01 size 1: 1 5, 0 0",
				HEAD_FEB "00000002 00000002 " I64_0 I64_0 R_0 I64_1 I64_1 R_5 I64_0 R_0);
	check_bytes_problem(&cohort_matrix_adapter, HEAD_FEB "00000001 00000001 " I64_0 I64_0 R_0,
						BINARY_OLDEST_ROW, 15, "Expected customers in the oldest period at byte 16.");
	check_bytes_problem(&cohort_matrix_adapter, HEAD_FEB "00000001 00000001 " I64_1 "0000000000000002" R_0,
						BINARY_INCONSISTENT, 15, "Every member of a cohort is active in its first period.");
	check_bytes_problem(&cohort_matrix_adapter, HEAD_FEB "00000001 00000001 " "ffffffffffffffff" I64_0 R_0,
						BINARY_COUNT, 15, NULL);
	check_bytes_problem(&cohort_matrix_adapter, HEAD_FEB "00000002 00000001", BINARY_ROOM, 11, NULL);
	check_bytes_problem(&cohort_matrix_adapter, HEAD_FEB "00000003 00000003 " I64_0 I64_0 R_0,
						BINARY_ROW_DATA, 47, NULL);
	/* unit day, as_of five days after the first date: ten rows start before it */
	check_bytes_problem(&cohort_matrix_adapter, "01 00 00 ffda97ac 0000000a 0000000a", BINARY_ROWS, 7, NULL);
}

static void
test_figures_bytes(void)
{
	check_bytes(&period_retention_adapter, FEB " 2020-01-01 1 1 0 5 0 0; 2020-02-01 1 0 1 7 7 5",
				HEAD_FEB "00000002 00000002 " I64_1 I64_0 I64_1 R_7 R_7 R_5 I64_1 I64_1 I64_0 R_5 R_0 R_0);
	/* an idle oldest period, which the text input takes too (and its output leaves out) */
	check_received(&period_retention_adapter, HEAD_FEB "00000002 00000002 " I64_1 I64_1 I64_0 R_5 R_0 R_0
				   I64_0 I64_0 I64_0 R_0 R_7 R_0, FEB " 2020-02-01 1 1 0 5 0 0");
	check_bytes_problem(&period_retention_adapter, HEAD_FEB "00000001 00000001 " I64_1 "0000000000000002" I64_0
						R_0 R_0 R_0, BINARY_INCONSISTENT, 15,
						"New and retained customers cannot outnumber the active ones.");
	check_bytes_problem(&period_retention_adapter, HEAD_FEB "00000001 00000001 " I64_1 I64_1 I64_0 R_5 R_0 R_0
						"00", BINARY_END, 87, NULL);
}

void
test_retention_codec(void)
{
	test_text();
	test_activity_bytes();
	test_cohort_bytes();
	test_figures_bytes();
}
