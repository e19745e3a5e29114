/*
 * fuzz_abc_cuts_recv.c
 *		portfolio.abc_cuts's binary codec (abc_cuts_codec.c), the bytes its receive
 *		function is given: any bytes are accepted or rejected with a problem
 *		code; what is accepted comes back through encode and decode byte for
 *		byte, and its text reads back to the same text (fuzz_codec.h).
 */
#include "fuzz_abc_cuts_codec.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_binary_round_trip(&abc_cuts_adapter, data, size);
	return 0;
}
