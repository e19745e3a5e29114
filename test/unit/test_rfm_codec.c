/*
 * test_rfm_codec.c
 *		rfm_cuts and rfm_cuts_state: their texts read and written, every
 *		problem of the text readers with its position and detail, their
 *		bytes, and every problem of the binary readers.
 */
#include "codec_unit.h"

#include "../fuzz/fuzz_rfm_codec.h"

static const TextCase cuts_cases[] = {
	{"", TEXT_BINS_START, 0, "The text must start with \"bins=\"."},
	{" BINS=2; r=1; f=1; m=1", TEXT_BINS_START, 1, NULL},
	{"bins=x", TEXT_BINS_INTEGER, 5, "bins must be an integer."},
	{"bins=1; r=; f=; m=", TEXT_BINS_RANGE, 5, "bins must be between 2 and 9."},
	{"bins=99999999999999999999999; r=1", TEXT_BINS_RANGE, 5, NULL},
	{"bins=5", TEXT_SECTION_SEPARATOR, 6, "Sections are separated by \";\"."},
	{"bins=2.5; r=1; f=1; m=1", TEXT_SECTION_SEPARATOR, 6, NULL},
	{"bins=2; f=1; r=1; m=1", TEXT_SECTION_ORDER, 8, "The sections are r=, f= and m=, in that order."},
	{"bins=3; r=1 2", TEXT_CUT_SEPARATOR, 12, "Each section needs bins - 1 values separated by \",\"."},
	{"bins=3; r=2,1", TEXT_CUTS_DECREASE, 13, "Cut points must not decrease."},
	{"bins=2; r=0x1; f=1; m=1", TEXT_HEX, 10, "A decimal number was expected."},
	{"bins=2; r=abc", TEXT_NOT_A_NUMBER, 10, ""},
	{"bins=2; r=", TEXT_NOT_A_NUMBER, 10, ""},
	{"bins=2; r=NaN; f=1; m=1", TEXT_NOT_FINITE, 10, "Values must be finite numbers."},
	{"bins=2; r=1; f=1; m=-Infinity", TEXT_NOT_FINITE, 20, NULL},
	{"bins=2; r=1e400", TEXT_OUT_OF_RANGE, 10, ""},
	{"bins=2; r=1; f=1; m=1 junk", TEXT_TRAILING, 22, "Unexpected text after the last value."},
};

static const TextCase state_cases[] = {
	{"bins=0; 1,2,3", TEXT_BINS_RANGE, 5, NULL},
	{"bins=5;", TEXT_NOT_A_NUMBER, 7, ""},
	{"bins=5; 1,2", TEXT_TRIPLE_SEPARATOR, 11, "Each customer needs three values separated by \",\"."},
	{"bins=5; 1,2,3,4", TEXT_TRAILING, 13, NULL},
	{"bins=5 bins=5; 1,2,3", TEXT_TRAILING, 7, NULL},
	{"bins=5; Infinity,2,3", TEXT_NOT_FINITE, 8, NULL},
	{"bins=2; 1,2,-0X3", TEXT_HEX, 12, NULL},
};

static void
check_cases(const CodecAdapter *a, const TextCase *cases, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_text_problem(a, cases[i].text, cases[i].problem, cases[i].pos, cases[i].detail);
}

static void
test_text(void)
{
	check_text(&rfm_cuts_adapter, "bins=5; r=10,30,90,200; f=1,1,2,4; m=20.5,40,80,150", NULL);
	check_text(&rfm_cuts_adapter, "bins=2;r=1;f=1;m=1", "bins=2; r=1; f=1; m=1");
	check_text(&rfm_cuts_adapter, "bins = 2 ; r = -0 ; f = 1e-320 ; m = 1.7976931348623157e308 ",
			   "bins=2; r=0; f=1e-320; m=1.7976931348623157e+308");
	check_text(&rfm_cuts_adapter, "bins=3; r=0.1,0.30000000000000004; f=1,1; m=2,3", NULL);
	check_text(&rfm_cuts_state_adapter, "bins=5", NULL);
	check_text(&rfm_cuts_state_adapter, "bins=5; -1,-2,-3; 0.1,1e300,-0", "bins=5; -1,-2,-3; 0.1,1e+300,0");
	check_cases(&rfm_cuts_adapter, cuts_cases, sizeof(cuts_cases) / sizeof(cuts_cases[0]));
	check_cases(&rfm_cuts_state_adapter, state_cases, sizeof(state_cases) / sizeof(state_cases[0]));
}

static void
test_out_of_range(void)
{
	void	   *value = NULL;
	size_t		bytes;
	TextError	e;

	memset(&e, 0, sizeof(e));
	rfm_cuts_adapter.from_text("bins=2; r=1; f= -1e-400 ; m=1", &value, &bytes, &e);
	CHECK(e.problem == TEXT_OUT_OF_RANGE && e.pos == 16 && e.len == 7 &&
		  text_error_kind(e.problem) == TEXT_ERROR_OUT_OF_RANGE,
		  "a number that underflows to 0 is out of range, the number's bytes marked");
}

#define CUTS_2 "01 00000002 "			/* version, bins 2 */
#define STATE_3 "01 00000003 "			/* version, bins 3 */
#define ONE "3ff0000000000000"
#define TWO "4000000000000000"
#define THREE "4008000000000000"

static void
test_binary(void)
{
	check_bytes(&rfm_cuts_adapter, "bins=2; r=1; f=2; m=3", CUTS_2 ONE TWO THREE);
	check_bytes(&rfm_cuts_state_adapter, "bins=3; 1,2,3",
				STATE_3 "0000000000000001 0000000000000010" ONE TWO THREE);
	check_bytes(&rfm_cuts_state_adapter, "bins=3", STATE_3 "0000000000000000 0000000000000010");
	check_bytes_problem(&rfm_cuts_adapter, "", BINARY_VERSION, 0,
						"The value ends after 0 bytes, where format version 1 was expected.");
	check_bytes_problem(&rfm_cuts_adapter, "02", BINARY_VERSION, 0, "Expected format version 1 at byte 1.");
	check_bytes_problem(&rfm_cuts_adapter, "01 0000000a", BINARY_BINS, 1, "Expected bins from 2 to 9 at byte 2.");
	check_bytes_problem(&rfm_cuts_adapter, "01 00000003" ONE "0000000000000000", BINARY_CUT_ORDER, 13,
						"Expected a cut point not below the one before it at byte 14.");
	check_bytes_problem(&rfm_cuts_adapter, CUTS_2 "7ff8000000000000" TWO THREE, BINARY_FINITE, 5,
						"Expected a finite number at byte 6.");
	check_bytes_problem(&rfm_cuts_adapter, CUTS_2 ONE TWO THREE "00", BINARY_END, 29,
						"Expected the end of the value at byte 30.");
	check_bytes_problem(&rfm_cuts_state_adapter, STATE_3 "ffffffffffffffff 0000000000000000", BINARY_COUNT, 5,
						"Expected a count from 0 to 44739241 at byte 6.");
	check_bytes_problem(&rfm_cuts_state_adapter, STATE_3 "0000000000000002 0000000000000001", BINARY_ROOM, 13,
						"Expected room from 2 to 44739241 at byte 14.");
	check_bytes_problem(&rfm_cuts_state_adapter, STATE_3 "00000000000003e8 00000000000003e8", BINARY_FINITE, 21,
						"The value ends after 21 bytes, where a finite number was expected.");
	check_bytes_problem(&rfm_cuts_state_adapter, STATE_3 "0000000000000000 0000000000000000" ONE, BINARY_END, 21,
						NULL);
	check_bytes_problem(&rfm_cuts_state_adapter, STATE_3 "0000000000000001 0000000000000001" ONE TWO "fff0000000000000",
						BINARY_FINITE, 37, NULL);
}

void
test_rfm_codec(void)
{
	test_text();
	test_out_of_range();
	test_binary();
}
