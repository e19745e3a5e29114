/*
 * fuzz_kmeans_state_in.c
 *		portfolio.kmeans_state's text codec (kmeans_state_codec.c), without a server: any
 *		text is accepted or rejected with a problem code, and what is
 *		accepted survives out -> in -> out byte for byte (fuzz_codec.h).
 */
#include "fuzz_kmeans_state_codec.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text_round_trip(&kmeans_state_adapter, data, size);
	return 0;
}
