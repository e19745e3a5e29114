/*
 * fuzz_concentration_state_in.c
 *		portfolio.concentration_state's text codec (concentration_state_codec.c), without a server: any
 *		text is accepted or rejected with a problem code, and what is
 *		accepted survives out -> in -> out byte for byte (fuzz_codec.h).
 */
#include "fuzz_concentration_state_codec.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text_round_trip(&concentration_state_adapter, data, size);
	return 0;
}
