/*
 * fuzz_baskets_in.c
 *		portfolio.baskets' text codec (baskets_codec.c), without a server: any
 *		text is accepted or rejected with a problem code, and what is
 *		accepted survives out -> in -> out byte for byte (fuzz_codec.h).
 */
#include "fuzz_baskets_codec.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text_round_trip(&baskets_adapter, data, size);
	return 0;
}
