/*
 * test_fit_histogram_codec.c
 *		fit_histogram: its text read (repeated histories merged) and
 *		written, every problem of the text reader with its position and
 *		detail, its bytes (the hash index rebuilt the same), and the
 *		problems of the binary reader.
 */
#include "codec_unit.h"

#include "../fuzz/fuzz_fit_histogram_codec.h"

#define BG "model=bgnbd; penalizer=0;"

static const TextCase cases[] = {
	{"", TEXT_LITERAL, 0, "Expected \"model=\" at character 1."},
	{"model=pareto", TEXT_MODEL, 6, "Expected bgnbd, gamma_gamma, sbg, mbgnbd, bgbb or pareto_nbd at character 7."},
	{"model=bgnbd", TEXT_LITERAL, 11, "Expected \";\" at character 12."},
	{"model=bgnbd; unit=fortnight; penalizer=0", TEXT_FIT_UNIT, 18,
	 "Expected a period unit (day, week, month, quarter) at character 19."},
	{"model=bgnbd; pen=0", TEXT_LITERAL, 12, "Expected \"penalizer=\" at character 13."},
	{"model=bgnbd; penalizer=x", TEXT_PENALIZER, 23, "Expected a penalizer at character 24."},
	{"model=bgnbd; penalizer=-1", TEXT_PENALIZER_SIGN, 25, "Expected a penalizer >= 0 at character 26."},
	{BG " 1 2 3", TEXT_CUSTOMERS, 31, "Expected a number of customers of at least 1 at character 32."},
	{BG " 1 2 3 0", TEXT_CUSTOMERS, 32, NULL},
	{BG " 1 1 3 99999999999999999999", TEXT_CUSTOMERS, 32, NULL},
	{BG " 1 4 3 1", TEXT_HISTORY, 26,
	 "Expected a history the fit accepts (recency must not be greater than age) at character 27."},
	{BG " 0.5 1 3 1", TEXT_HISTORY, 26, NULL},
	{BG " 1 1 NaN 1", TEXT_AGE, 30, "Expected an age at character 31."},
	{BG " x 1 3 1", TEXT_FREQUENCY, 26, "Expected a frequency at character 27."},
	{BG " 1 x 3 1", TEXT_RECENCY, 28, "Expected a recency at character 29."},
	{BG " 1 1 3 1 junk", TEXT_LITERAL, 34, "Expected \";\" at character 35."},
	{"model=gamma_gamma; 0 5 1", TEXT_HISTORY, 19,
	 "Expected a history the fit accepts (frequency must be at least 1) at character 20."},
	{"model=gamma_gamma; 1 -5 1", TEXT_HISTORY, 19, NULL},
	{"model=gamma_gamma; 1 x 1", TEXT_MONETARY, 21, "Expected a monetary value at character 22."},
};

static void
test_text(void)
{
	check_text(&fit_histogram_adapter, "model=bgnbd; unit=week; penalizer=0; 0 0 38.86 1411; 2 30.43 38.86 1", NULL);
	check_text(&fit_histogram_adapter, "model=gamma_gamma; 2 22.35 1; 1 11.77 1; 2 22.35 4",
			   "model=gamma_gamma; 2 22.35 5; 1 11.77 1");
	check_text(&fit_histogram_adapter, "model=gamma_gamma;unit=day", "model=gamma_gamma; unit=day");
	check_text(&fit_histogram_adapter, "model=bgnbd; penalizer=-0; -0 0 1 2", "model=bgnbd; penalizer=0; 0 0 1 2");
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check_text_problem(&fit_histogram_adapter, cases[i].text, cases[i].problem, cases[i].pos,
						   cases[i].detail);
}

/* The same histories read from text and from bytes have the same hash index. */
static void
test_index(void)
{
	char		text[4096] = "model=bgnbd; penalizer=0";
	void	   *from_text = NULL;
	void	   *from_bytes = NULL;
	size_t		bytes1,
				bytes2,
				len;
	TextError	terror;
	BinaryError berror;
	uint8_t    *out;
	bool		same;

	for (int i = 0; i < 100; i++)
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "; %d %d 100 %d", i % 7,
				 i % 7 == 0 ? 0 : i, 1 + i % 3);
	fit_histogram_adapter.from_text(text, &from_text, &bytes1, &terror);
	out = fuzz_bytes_of(&fit_histogram_adapter, from_text, bytes1, &len);
	fit_histogram_adapter.from_binary(out, len, &from_bytes, &bytes2, &berror);
	same = from_bytes != NULL && fuzz_same_value(from_text, bytes1, from_bytes, bytes2);
	CHECK(same, "100 histories (room 128) come back byte for byte, index included");
	free(from_text), free(from_bytes), free(out);
}

#define GG "01 02 ff 0000000000000000 "	/* version, gamma_gamma, no unit, penalizer 0 */
#define BGNBD "01 01 01 "				/* version, bgnbd, week */
#define ONE_64 "0000000000000001 0000000000000040 "		/* count 1, room 64 */
#define TWO_64 "0000000000000002 0000000000000040 "
#define G2 "4000000000000000 403659999999999a "	/* frequency 2, monetary 22.35 */

static void
test_binary(void)
{
	check_bytes(&fit_histogram_adapter, "model=gamma_gamma; 2 22.35 1", GG ONE_64 G2 "0000000000000001");
	check_bytes(&fit_histogram_adapter, "model=bgnbd; unit=week; penalizer=0.5",
				BGNBD "3fe0000000000000 0000000000000000 0000000000000040");
	check_bytes_problem(&fit_histogram_adapter, "01 07", BINARY_MODEL, 1,
						"Expected a model, 1 (bgnbd), 2 (gamma_gamma), 3 (sbg), 4 (mbgnbd), 5 (bgbb) or 6 (pareto_nbd) at byte 2.");
	check_bytes_problem(&fit_histogram_adapter, "01 01 04", BINARY_FIT_UNIT, 2,
						"Expected a period unit from 0 to 3, or -1 for none at byte 3.");
	check_bytes_problem(&fit_histogram_adapter, "01 02 ff 3fe0000000000000", BINARY_PENALIZER, 3,
						"Expected a finite penalizer >= 0, and 0 for gamma_gamma, sbg, mbgnbd, bgbb and pareto_nbd at byte 4.");
	check_bytes_problem(&fit_histogram_adapter, BGNBD "bff0000000000000", BINARY_PENALIZER, 3, NULL);
	check_bytes_problem(&fit_histogram_adapter, BGNBD "7ff8000000000000", BINARY_PENALIZER, 3, NULL);
	check_bytes_problem(&fit_histogram_adapter, BGNBD "3fe0", BINARY_PENALIZER, 3,
						"The value ends after 5 bytes, where a finite penalizer >= 0, and 0 for gamma_gamma, sbg, mbgnbd, bgbb and pareto_nbd was expected.");
	check_bytes_problem(&fit_histogram_adapter, GG "0000000001000001 0000000001000001", BINARY_COUNT, 11,
						"Expected a count from 0 to 16777216 at byte 12.");
	check_bytes_problem(&fit_histogram_adapter, GG "0000000000000002 0000000000000001", BINARY_ROOM, 19,
						"Expected room from 2 to 16777216 at byte 20.");
	check_bytes_problem(&fit_histogram_adapter, GG ONE_64 "0000000000000000 403659999999999a 0000000000000001",
						BINARY_HISTORY, 27,
						"Expected a history the fit accepts (frequency must be at least 1) at byte 28.");
	check_bytes_problem(&fit_histogram_adapter, GG ONE_64 G2 "0000000000000000", BINARY_CUSTOMERS, 43,
						"Expected a number of customers of at least 1 at byte 44.");
	check_bytes_problem(&fit_histogram_adapter, GG TWO_64 G2 "0000000000000001" G2 "0000000000000003",
						BINARY_DUPLICATE, 51, "Expected a history not seen before at byte 52.");
	check_bytes_problem(&fit_histogram_adapter, GG TWO_64 G2 "0000000000000001", BINARY_FINITE, 51,
						"The value ends after 51 bytes, where a finite number was expected.");
}

void
test_fit_histogram_codec(void)
{
	test_text();
	test_index();
	test_binary();
}
