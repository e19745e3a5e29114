/*
 * fuzz_cohort_matrix_in.c
 *		portfolio.cohort_matrix's text codec (retention_codec.c), without a server:
 *		any text is accepted or rejected with a problem code, and what is
 *		accepted survives out -> in -> out byte for byte (fuzz_codec.h).
 */
#include "fuzz_retention_codec.h"

int			LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text_round_trip(&cohort_matrix_adapter, data, size);
	return 0;
}
