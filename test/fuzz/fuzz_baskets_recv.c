/*
 * fuzz_baskets_recv.c
 *		portfolio.baskets' binary codec (baskets_codec.c), the bytes its
 *		receive function is given: any bytes are accepted or rejected with a
 *		problem code; what is accepted comes back through encode and decode
 *		byte for byte, and its text reads back to the same text
 *		(fuzz_codec.h).
 */
#include "fuzz_baskets_codec.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_binary_round_trip(&baskets_adapter, data, size);
	return 0;
}
