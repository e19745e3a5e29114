/*
 * fuzz_rfm_cuts_state_in.c
 *		portfolio.rfm_cuts_state's text input: any text is accepted or rejected with a
 *		clean ERROR (never XX000, never a crash), and what it accepts survives
 *		out -> in -> out unchanged, byte for byte.
 */
#include "pg_stubs.h"

extern Datum rfm_cuts_state_in(PG_FUNCTION_ARGS);
extern Datum rfm_cuts_state_out(PG_FUNCTION_ARGS);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text_round_trip(rfm_cuts_state_in, rfm_cuts_state_out, data, size);
	return 0;
}
