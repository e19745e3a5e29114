/*
 * fuzz_abc_cuts_in.c
 *		portfolio.abc_cuts's text codec (abc_cuts_codec.c), without a server: any
 *		text is accepted or rejected with a problem code, and what is
 *		accepted survives out -> in -> out byte for byte (fuzz_codec.h).
 */
#include "fuzz_abc_cuts_codec.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text_round_trip(&abc_cuts_adapter, data, size);
	return 0;
}
