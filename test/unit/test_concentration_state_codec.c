/*
 * test_concentration_state_codec.c
 *		concentration_state: its text read and written (lorenz's points=,
 *		0.5.0's args=N), every problem of the text reader with its position
 *		and detail, its bytes, and the problems of the binary reader (the
 *		parameters and their kind checked together).
 */
#include "codec_unit.h"

#include "../fuzz/fuzz_concentration_state_codec.h"

static const TextCase cases[] = {
	{"", TEXT_LITERAL, 0, "Expected \"args=\" at character 1."},
	{"values=1,2", TEXT_LITERAL, 0, NULL},
	{"args=0.5", TEXT_LITERAL, 8, "Expected \";\" at character 9."},
	{"args=0.5; 1,2", TEXT_LITERAL, 10, "Expected \"values=\" at character 11."},
	{"args=0.8,0.9,1; values=", TEXT_PARAMETER_COUNT, 13,
	 "Expected \";\" after at most two parameters at character 14."},
	{"args=0.9,0.8; values=", TEXT_SHARES, 5,
	 "Expected shares with 0 < a_share <= b_share <= 1 at character 6."},
	{"args=2.5; values=", TEXT_PARAMETERS, 5,
	 "Expected a fraction between 0 and 1 or a number of points between 1 and 100000 at character 6."},
	{"args=100001; values=", TEXT_PARAMETERS, 5, NULL},
	{"args=NaN; values=", TEXT_PARAMETER, 5, "Expected a parameter at character 6."},
	{"args=0.5 0.6; values=", TEXT_LITERAL, 9, "Expected \",\" at character 10."},
	{"points=0; values=", TEXT_POINTS_RANGE, 7, "Expected a number of points between 1 and 100000 at character 8."},
	{"points=1.5; values=", TEXT_POINTS_RANGE, 7, NULL},
	{"points=x; values=", TEXT_POINTS, 7, "Expected a number of points at character 8."},
	{"args=; values=1,-2", TEXT_VALUE_SIGN, 16, "Expected a value >= 0 at character 17."},
	{"args=; values=1,Infinity", TEXT_VALUE, 16, "Expected a value at character 17."},
	{"args=; values=1e999", TEXT_VALUE, 14, NULL},
	{"args=; values=1,,2", TEXT_VALUE, 16, NULL},
	{"args=; values=1 2", TEXT_LITERAL, 16, "Expected \",\" at character 17."},
	{"args=; values=1,2;", TEXT_COMMA_OR_END, 17, "Expected \",\" or the end of the text at character 18."},
};

static void
test_text(void)
{
	check_text(&concentration_state_adapter, "args=0.8,0.95; values=120.5,3,0", NULL);
	check_text(&concentration_state_adapter, "points=10; values=120.5,3", NULL);
	check_text(&concentration_state_adapter, "args=; values=", NULL);
	check_text(&concentration_state_adapter, "args=4; values=", "points=4; values=");
	check_text(&concentration_state_adapter, "args=1; values=2", NULL);
	check_text(&concentration_state_adapter, "points=1; values=2", NULL);
	check_text(&concentration_state_adapter, " args= -0 ; values= -0 , 5e-324 ", "args=0; values=0,5e-324");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_text_problem(&concentration_state_adapter, cases[i].text, cases[i].problem, cases[i].pos,
						   cases[i].detail);
}

#define ROOM_64 "0000000000000040 "

static void
test_binary(void)
{
	check_bytes(&concentration_state_adapter, "args=0.8,0.95; values=1",
				"01 02 00 3fe999999999999a 3fee666666666666 0000000000000001" ROOM_64 "3ff0000000000000");
	check_bytes(&concentration_state_adapter, "points=1; values=", "01 01 02 3ff0000000000000 0000000000000000" ROOM_64);
	check_bytes(&concentration_state_adapter, "args=1; values=", "01 01 01 3ff0000000000000 0000000000000000" ROOM_64);
	check_bytes(&concentration_state_adapter, "points=4; values=", "01 01 02 4010000000000000 0000000000000000" ROOM_64);
	/* a lorenz state stored by 0.5.0, untagged, still reads */
	check_received(&concentration_state_adapter, "01 01 00 4010000000000000 0000000000000000" ROOM_64,
				   "points=4; values=");
	check_bytes_problem(&concentration_state_adapter, "01 03", BINARY_NARGS, 1, "Expected 0, 1 or 2 parameters at byte 2.");
	check_bytes_problem(&concentration_state_adapter, "01 01 03", BINARY_KIND, 2, NULL);
	check_bytes_problem(&concentration_state_adapter, "01 02 01", BINARY_KIND, 2,
						"Expected a parameter kind of 0, or of 1 (fraction) or 2 (points) with one parameter at byte 3.");
	check_bytes_problem(&concentration_state_adapter, "01 01 02 3fe0000000000000", BINARY_POINTS, 3,
						"Expected a number of points between 1 and 100000 at byte 4.");
	check_bytes_problem(&concentration_state_adapter, "01 01 01 4000000000000000", BINARY_FRACTION, 3,
						"Expected a fraction between 0 and 1 at byte 4.");
	check_bytes_problem(&concentration_state_adapter, "01 01 00 4004000000000000", BINARY_FRACTION_OR_POINTS, 3, NULL);
	check_bytes_problem(&concentration_state_adapter, "01 02 00 3fee666666666666 3fe999999999999a", BINARY_SHARES, 3,
						"Expected shares with 0 < a_share <= b_share <= 1 at byte 4.");
	check_bytes_problem(&concentration_state_adapter, "01 00 00 0000000000000001 0000000000000001 bff0000000000000",
						BINARY_VALUE_SIGN, 19, "Expected a value >= 0 at byte 20.");
	check_bytes_problem(&concentration_state_adapter, "01 00 00 0000000000000001 0000000000000000",
						BINARY_ROOM, 11, "Expected room from 1 to 134217723 at byte 12.");
}

void
test_concentration_state_codec(void)
{
	test_text();
	test_binary();
}
