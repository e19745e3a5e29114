/*
 * fuzz_summarize_deserialize.c
 *		The summarize state's binary form.
 *
 * Odd first byte: the rest is a serialized state as it could arrive from
 * anywhere.  summarize_deserialize accepts it or raises a clean ERROR; what
 * it accepts must be a state the transition functions could have built
 * (days finite and not after as_of, amounts finite) and serialize ->
 * deserialize -> serialize gives the same bytes.
 *
 * Even first byte: the rest describes a state (as_of, unit, float8 or
 * numeric, then days, purchases and amounts, valid as the transition
 * function checks them), built with summary_state_add; serializing it,
 * deserializing and serializing again gives the same bytes and the same
 * entries.
 */
#include "pg_stubs.h"

#include <math.h>

#include "utils/date.h"
#include "utils/numeric.h"

#include "fixed_decimal.h"
#include "summary_state.h"

extern Datum summarize_serialize(PG_FUNCTION_ARGS);
extern Datum summarize_deserialize(PG_FUNCTION_ARGS);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The fuzz bytes, read by build_state. */
static const uint8_t *in_data;
static size_t in_size;

static uint64
take(size_t bytes)
{
	uint64		v = 0;

	for (size_t i = 0; i < bytes; i++)
	{
		v = (v << 8) | (in_size > 0 ? *in_data : 0);
		if (in_size > 0)
			in_data++, in_size--;
	}
	return v;
}

static Datum
build_state(FunctionCallInfo fcinfo pg_attribute_unused())
{
	DateADT		as_of = (int32) take(4);
	int			unit = take(1) % PERIOD_UNIT_COUNT;
	bool		numeric = take(1) & 1;
	SummaryState *state;

	if (DATE_NOT_FINITE(as_of))
		as_of = 0;
	state = summary_state_create(CurrentMemoryContext, as_of, (PeriodUnit) unit, numeric);
	while (in_size > 0)
	{
		int64		back = take(2) % 4000;
		DateADT		day = (int64) as_of - back <= DATEVAL_NOBEGIN ? as_of : as_of - (int32) back;
		int			kind = take(1);
		AmountInput a;

		memset(&a, 0, sizeof(a));
		if (!numeric)
		{
			union { uint64 u; double d; } bits;

			bits.u = take(8);
			a.form = AMOUNTS_FLOAT8;
			a.value.f = isfinite(bits.d) ? bits.d : (double) (int64) bits.u;
		}
		else if (kind & 2)
		{
			/* a value that does not fit fixed point arrives as a Numeric */
			a.form = AMOUNTS_NUMERIC;
			a.value.n = int64_div_fast_to_numeric((int64) take(8), (kind >> 2) % 30);
		}
		else
		{
			a.form = AMOUNTS_FIXED;
			a.scale = a.dscale = (kind >> 2) % (FIXED_MAX_SCALE + 1);
			a.value.fixed = (int64) take(8);
		}
		state = summary_state_add(state, day, (kind & 1) ? 0 : 1, &a);
	}
	PG_RETURN_POINTER(state);
}

/* A state the transition functions could have built. */
static void
check_state(const SummaryState *s)
{
	FUZZ_CHECK(s->unit < PERIOD_UNIT_COUNT && s->form <= AMOUNTS_NUMERIC && s->count >= 0,
			   "bad header");
	for (int32 i = 0; i < s->count; i++)
	{
		const DayTotal *e = &s->entries[i];

		FUZZ_CHECK(!DATE_NOT_FINITE(e->day) && e->day <= s->as_of, "entry %d: day %d", i, e->day);
		if (s->form == AMOUNTS_FLOAT8)
			FUZZ_CHECK(isfinite(e->amount.f), "entry %d: float8 amount %g", i, e->amount.f);
		else if (s->form == AMOUNTS_NUMERIC)
			FUZZ_CHECK(!numeric_is_nan(e->amount.n) && !numeric_is_inf(e->amount.n),
					   "entry %d: numeric amount NaN or Infinity", i);
		else
			FUZZ_CHECK(e->dscale <= s->scale, "entry %d: dscale %d > scale %d", i, e->dscale, s->scale);
	}
}

static bool
same_bytes(Datum a, Datum b)
{
	bytea	   *x = DatumGetByteaP(a);
	bytea	   *y = DatumGetByteaP(b);

	if (VARSIZE(x) == VARSIZE(y) && memcmp(x, y, VARSIZE(x)) == 0)
		return true;
	for (int k = 0; k < 2; k++)
	{
		bytea	   *z = k == 0 ? x : y;

		fprintf(stderr, "serialized %d:", k + 1);
		for (Size i = 0; i < VARSIZE(z) - VARHDRSZ; i++)
			fprintf(stderr, " %02x", (unsigned char) VARDATA(z)[i]);
		fputc('\n', stderr);
	}
	return false;
}

/* serialize -> deserialize -> serialize: the same bytes */
static void
round_trip(Datum state)
{
	Datum		ser1;
	Datum		back;
	Datum		ser2;

	if (!fuzz_pg_call(summarize_serialize, 1, &state, &ser1))
	{
		/* a numeric beyond the stub, or float8 sums of a day that overflow */
		FUZZ_CHECK(fuzz_pg_last_sqlstate == ERRCODE_FEATURE_NOT_SUPPORTED ||
				   fuzz_pg_last_sqlstate == ERRCODE_NUMERIC_VALUE_OUT_OF_RANGE,
				   "serialize failed: %s", fuzz_pg_last_message);
		return;
	}
	if (!fuzz_pg_call(summarize_deserialize, 1, &ser1, &back))
	{
		FUZZ_CHECK(fuzz_pg_last_sqlstate == ERRCODE_FEATURE_NOT_SUPPORTED,
				   "deserialize rejected what serialize wrote: %s", fuzz_pg_last_message);
		return;
	}
	check_state((SummaryState *) DatumGetPointer(back));
	FUZZ_CHECK(fuzz_pg_call(summarize_serialize, 1, &back, &ser2), "second serialize failed: %s",
			   fuzz_pg_last_message);
	FUZZ_CHECK(same_bytes(ser1, ser2), "serialize -> deserialize -> serialize changed the bytes");
	{
		const SummaryState *a = (SummaryState *) DatumGetPointer(state);
		const SummaryState *b = (SummaryState *) DatumGetPointer(back);

		FUZZ_CHECK(a->count == b->count && a->as_of == b->as_of && a->unit == b->unit,
				   "header changed");
		for (int32 i = 0; i < a->count; i++)
			FUZZ_CHECK(a->entries[i].day == b->entries[i].day &&
					   a->entries[i].purchases == b->entries[i].purchases,
					   "entry %d changed", i);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	Datum		state;

	if (size < 1)
		return 0;
	if (data[0] & 1)
	{
		bytea	   *bin = palloc(VARHDRSZ + size - 1);
		Datum		arg;

		SET_VARSIZE(bin, VARHDRSZ + size - 1);
		memcpy(VARDATA(bin), data + 1, size - 1);
		arg = PointerGetDatum(bin);
		if (fuzz_pg_call(summarize_deserialize, 1, &arg, &state))
		{
			check_state((SummaryState *) DatumGetPointer(state));
			round_trip(state);
		}
	}
	else
	{
		in_data = data + 1;
		in_size = Min(size - 1, 4096);
		if (fuzz_pg_call(build_state, 0, NULL, &state))
			round_trip(state);
	}
	fuzz_pg_reset();
	return 0;
}
