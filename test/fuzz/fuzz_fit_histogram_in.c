/*
 * fuzz_fit_histogram_in.c
 *		portfolio.fit_histogram's text codec (fit_histogram_codec.c), without a server: any
 *		text is accepted or rejected with a problem code, and what is
 *		accepted survives out -> in -> out byte for byte (fuzz_codec.h).
 */
#include "fuzz_fit_histogram_codec.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text_round_trip(&fit_histogram_adapter, data, size);
	return 0;
}
