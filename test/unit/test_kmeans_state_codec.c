/*
 * test_kmeans_state_codec.c
 *		kmeans_state: its text read and written, every problem of the text
 *		reader with its position and detail, its bytes, and the problems of
 *		the binary reader.
 */
#include "codec_unit.h"

#include "../fuzz/fuzz_kmeans_state_codec.h"

static const TextCase cases[] = {
	{"", TEXT_LITERAL, 0, "Expected \"k=\" at character 1."},
	{"seed=1; k=2; dims=1", TEXT_LITERAL, 0, NULL},
	{"k=0; seed=1; dims=1", TEXT_K, 2, "Expected k, an integer from 1 to 1000 at character 3."},
	{"k=1001; seed=1; dims=1", TEXT_K, 2, NULL},
	{"k=2.5; seed=1; dims=1", TEXT_LITERAL, 3, "Expected \";\" at character 4."},
	{"k=2; seed=x; dims=1", TEXT_SEED, 10, "Expected a seed, a bigint at character 11."},
	{"k=2; seed=99999999999999999999; dims=1", TEXT_SEED, 10, NULL},
	{"k=2; seed=1", TEXT_LITERAL, 11, NULL},
	{"k=2; seed=1; dims=1001", TEXT_DIMS, 18, "Expected dims, an integer from 0 to 1000 at character 19."},
	{"k=2; seed=1; dims=-1", TEXT_DIMS, 18, NULL},
	{"k=2; seed=1; dims=2", TEXT_VECTOR, 19,
	 "Expected a vector (a state without vectors has dims=0) at character 20."},
	{"k=2; seed=1; dims=2; 1", TEXT_LITERAL, 22, "Expected \",\" at character 23."},
	{"k=2; seed=1; dims=2; 1,2,3", TEXT_LITERAL, 24, "Expected \";\" at character 25."},
	{"k=2; seed=1; dims=2; 1,NaN", TEXT_FINITE, 23, "Expected a finite number at character 24."},
	{"k=1; seed=1; dims=1; 0x10", TEXT_FINITE, 21, NULL},
	{"k=2; seed=1; dims=0; 1", TEXT_NO_VECTORS, 20,
	 "Expected the end of the text (a state with dims=0 has no vectors) at character 21."},
	{"k=2; seed=1; dims=1; 1;", TEXT_FINITE, 23, NULL},
};

static void
test_text(void)
{
	check_text(&kmeans_state_adapter, "k=2; seed=42; dims=2; 1,2; 3,4.5", NULL);
	check_text(&kmeans_state_adapter, "k=1; seed=-9223372036854775808; dims=0", NULL);
	check_text(&kmeans_state_adapter, "k=1; seed=1; dims=1; 5e-324", NULL);
	check_text(&kmeans_state_adapter, "k=1;seed=1;dims=2;-0,1 ", "k=1; seed=1; dims=2; 0,1");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_text_problem(&kmeans_state_adapter, cases[i].text, cases[i].problem, cases[i].pos,
						   cases[i].detail);
}

#define HEAD "01 00000002 000000000000002a "	/* version, k 2, seed 42 */

static void
test_binary(void)
{
	check_bytes(&kmeans_state_adapter, "k=2; seed=42; dims=2; 1,2; 3,4.5",
				HEAD "00000002 0000000000000002 0000000000000040 "
				"3ff0000000000000 4000000000000000 4008000000000000 4012000000000000");
	check_bytes(&kmeans_state_adapter, "k=2; seed=42; dims=0", HEAD "00000000 0000000000000000 0000000000000000");
	check_bytes_problem(&kmeans_state_adapter, "01 00000000", BINARY_K, 1, "Expected k from 1 to 1000 at byte 2.");
	check_bytes_problem(&kmeans_state_adapter, HEAD "000003e9", BINARY_DIMS, 13, "Expected dims from 0 to 1000 at byte 14.");
	check_bytes_problem(&kmeans_state_adapter, HEAD "00000000 0000000000000001", BINARY_NO_VECTORS, 17,
						"Expected a count of 0 (a state with dims 0 has no vectors) at byte 18.");
	check_bytes_problem(&kmeans_state_adapter, HEAD "00000000 0000000000000000 0000000000000001", BINARY_ROOM, 25,
						"Expected room from 0 to 0 at byte 26.");
	check_bytes_problem(&kmeans_state_adapter, HEAD "00000002 0000000000000000", BINARY_COUNT, 17,
						"Expected a count from 1 to 67108861 at byte 18.");
	check_bytes_problem(&kmeans_state_adapter, HEAD "00000001 0000000000000001 0000000000000001 fff8000000000000",
						BINARY_FINITE, 33, NULL);
	check_bytes_problem(&kmeans_state_adapter, HEAD "00000000 0000000000000000 0000000000000000 00", BINARY_END, 33,
						NULL);
	check_bytes_problem(&kmeans_state_adapter, "01 00000002 0000002a", BINARY_SEED, 5,
						"The value ends after 9 bytes, where a bigint seed was expected.");
}

void
test_kmeans_state_codec(void)
{
	test_text();
	test_binary();
}
