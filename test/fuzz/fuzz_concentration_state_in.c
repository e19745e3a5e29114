/*
 * fuzz_concentration_state_in.c
 *		portfolio.concentration_state's text input: any text is accepted or rejected with a
 *		clean ERROR (never XX000, never a crash), and what it accepts survives
 *		out -> in -> out unchanged, byte for byte.
 */
#include "pg_stubs.h"

extern Datum concentration_state_in(PG_FUNCTION_ARGS);
extern Datum concentration_state_out(PG_FUNCTION_ARGS);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text_round_trip(concentration_state_in, concentration_state_out, data, size);
	return 0;
}
