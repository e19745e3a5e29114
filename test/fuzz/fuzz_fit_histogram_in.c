/*
 * fuzz_fit_histogram_in.c
 *		portfolio.fit_histogram's text input: any text is accepted or rejected with a
 *		clean ERROR (never XX000, never a crash), and what it accepts survives
 *		out -> in -> out unchanged, byte for byte.
 */
#include "pg_stubs.h"

extern Datum fit_histogram_in(PG_FUNCTION_ARGS);
extern Datum fit_histogram_out(PG_FUNCTION_ARGS);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text_round_trip(fit_histogram_in, fit_histogram_out, data, size);
	return 0;
}
