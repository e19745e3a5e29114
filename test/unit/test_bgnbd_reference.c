/*
 * test_bgnbd_reference.c
 *		The BG/NBD predictions of bgnbd_core.c (P(alive) now and at T + t,
 *		expected purchases, DERT) against high-precision references over a
 *		grid of models and histories: x = 0, x > 300, t_x = T, tiny and huge
 *		T and horizons, shapes from 1e-3 to 1e6.  The references come from
 *		the closed forms and integrals in reference/bgnbd_reference.py
 *		(mpmath, 50 digits), none of which the C code uses; every value must
 *		agree to 1e-10 relative (|error| <= 1e-10 |reference| + 1e-300).
 */
#include "unit.h"
#include "bgnbd_core.h"

#define N_OF(a) ((int) (sizeof(a) / sizeof((a)[0])))

typedef struct BgnbdReferenceModel
{
	const char *name;
	BgnbdParams params;
} BgnbdReferenceModel;

typedef enum BgnbdReferenceWhat
{
	REF_P_ALIVE,
	REF_EXPECTED,
	REF_P_ALIVE_FUTURE,
	REF_DERT
} BgnbdReferenceWhat;

typedef struct BgnbdReferenceCase
{
	int			model;
	double		t;				/* the horizon; delta for DERT */
	double		x;
	double		tx;
	double		T;
	BgnbdReferenceWhat what;
	double		reference;
} BgnbdReferenceCase;

#include "reference/bgnbd_reference.h"

static const char *const what_names[] = {"P(alive)", "E[Y]", "P(alive at T + t)", "DERT"};

static double
reference_value(const BgnbdParams *m, const BgnbdReferenceCase *c)
{
	switch (c->what)
	{
		case REF_P_ALIVE:
			return bgnbd_p_alive(m, c->x, c->tx, c->T);
		case REF_EXPECTED:
			return bgnbd_expected_conditional(m, c->t, c->x, c->tx, c->T);
		case REF_P_ALIVE_FUTURE:
			return bgnbd_p_alive_future(m, c->t, c->x, c->tx, c->T);
		case REF_DERT:
			return bgnbd_dert(m, c->x, c->tx, c->T, c->t);
	}
	return NAN;
}

void
test_bgnbd_reference(void)
{
	int			worse = 0;
	double		worst = 0.0;

	for (int i = 0; i < N_OF(reference_cases); i++)
	{
		const BgnbdReferenceCase *c = &reference_cases[i];
		const BgnbdReferenceModel *rm = &reference_models[c->model];
		double		got = reference_value(&rm->params, c);
		double		err = fabs(got - c->reference);
		bool		ok = err <= 1e-10 * fabs(c->reference) + 1e-300;

		worst = fmax(worst, c->reference != 0 ? err / fabs(c->reference) : err);
		if (!ok && worse++ < 10)
			CHECK(ok, "%s model %s, t %g, history (%g, %g, %g): %.17g, reference %.17g",
				  what_names[c->what], rm->name, c->t, c->x, c->tx, c->T, got, c->reference);
	}
	CHECK(worse == 0, "%d reference values of P(alive), E[Y], P(alive at T + t) and DERT "
		  "within 1e-10 relative (worst %.2g; %d outside)",
		  N_OF(reference_cases), worst, worse);
}
