/*
 * test_abc_cuts_codec.c
 *		abc_cuts: its text read and written, every problem of the text
 *		reader with its position and detail, its bytes, and the problems of
 *		the binary reader.
 */
#include "codec_unit.h"

#include "../fuzz/fuzz_abc_cuts_codec.h"

#define SHARES "a_share=0.8; b_share=0.95;"

static const TextCase cases[] = {
	{"", TEXT_LITERAL, 0, "Expected \"a_share=\" at character 1."},
	{"b_share=0.95; a_share=0.8; a=3; b=1", TEXT_LITERAL, 0, NULL},
	{SHARES " a=3", TEXT_LITERAL, 30, "Expected \";\" at character 31."},
	{"a_share=0; b_share=0.95; a=3; b=1", TEXT_SHARES, 19,
	 "Expected shares with 0 < a_share <= b_share <= 1 at character 20."},
	{"a_share=0.8; b_share=1.5; a=3; b=1", TEXT_SHARES, 21, NULL},
	{"a_share=0x1p-1; b_share=0.95; a=3; b=1", TEXT_NUMBER_FOR, 8, "Expected a number for a_share at character 9."},
	{SHARES " a=-1; b=0", TEXT_THRESHOLD_A, 29, "Expected a threshold a >= 0 at character 30."},
	{SHARES " a=Infinity; b=1", TEXT_NUMBER_FOR, 29, "Expected a number for a at character 30."},
	{SHARES " a=1; b=3", TEXT_THRESHOLD_B, 34, "Expected a threshold b with 0 <= b <= a at character 35."},
	{SHARES " a=3; b=-1", TEXT_THRESHOLD_B, 34, NULL},
	{SHARES " a=3; b=1; c=0", TEXT_END, 35, "Expected the end of the text at character 36."},
	{SHARES " a=3; b=1x", TEXT_END, 35, NULL},
};

static void
test_text(void)
{
	check_text(&abc_cuts_adapter, "a_share=0.8; b_share=0.95; a=120.5; b=40", NULL);
	check_text(&abc_cuts_adapter, "a_share=1;b_share=1;a=0;b=-0 ", "a_share=1; b_share=1; a=0; b=0");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_text_problem(&abc_cuts_adapter, cases[i].text, cases[i].problem, cases[i].pos, cases[i].detail);
}

static void
test_binary(void)
{
	check_bytes(&abc_cuts_adapter, "a_share=0.8; b_share=0.95; a=120.5; b=40",
				"01 3fe999999999999a 3fee666666666666 405e200000000000 4044000000000000");
	check_bytes_problem(&abc_cuts_adapter, "01 3fee666666666666 3fe999999999999a", BINARY_SHARES, 1, NULL);
	check_bytes_problem(&abc_cuts_adapter, "01 3fe999999999999a 3fee666666666666 bff0000000000000",
						BINARY_THRESHOLD_A, 17, "Expected a threshold a >= 0 at byte 18.");
	check_bytes_problem(&abc_cuts_adapter, "01 3fe999999999999a 3fee666666666666 3ff0000000000000 4000000000000000",
						BINARY_THRESHOLD_B, 25, "Expected a threshold b with 0 <= b <= a at byte 26.");
	check_bytes_problem(&abc_cuts_adapter, "01 3fe999999999999a 3fee666666666666 7ff0000000000000",
						BINARY_FINITE, 17, NULL);
	check_bytes_problem(&abc_cuts_adapter,
						"01 3fe999999999999a 3fee666666666666 4000000000000000 3ff0000000000000 00",
						BINARY_END, 33, NULL);
}

void
test_abc_cuts_codec(void)
{
	test_text();
	test_binary();
}
