/*
 * test_strategy_core.c
 *		The two matrices on both sides of their cuts, on the cuts and with
 *		infinities, and the names of the strategies.
 */
#include "unit.h"
#include "strategy_core.h"

#include <string.h>

static void
test_kam(void)
{
	double		below = nextafter(0.5, 0);

	CHECK(kam_strategy_of(0.9, 0.9, 0.5, 0.5) == KAM_INVEST_EXPAND, "high/high: invest_expand");
	CHECK(kam_strategy_of(0.9, 0.1, 0.5, 0.5) == KAM_INVEST_SELECTIVE, "high/low: invest_selective");
	CHECK(kam_strategy_of(0.1, 0.9, 0.5, 0.5) == KAM_MAINTAIN, "low/high: maintain");
	CHECK(kam_strategy_of(0.1, 0.1, 0.5, 0.5) == KAM_MILK, "low/low: milk");
	CHECK(kam_strategy_of(0.5, 0.5, 0.5, 0.5) == KAM_INVEST_EXPAND, "on both cuts: high/high");
	CHECK(kam_strategy_of(below, 0.5, 0.5, 0.5) == KAM_MAINTAIN, "one ulp below the attractiveness cut: low");
	CHECK(kam_strategy_of(0.5, below, 0.5, 0.5) == KAM_INVEST_SELECTIVE, "one ulp below the strength cut: low");
	CHECK(kam_strategy_of(INFINITY, -INFINITY, 1e308, -1e308) == KAM_INVEST_SELECTIVE,
		  "Infinity high, -Infinity low against finite cuts");
	CHECK(kam_strategy_of(INFINITY, INFINITY, INFINITY, INFINITY) == KAM_INVEST_EXPAND,
		  "Infinity on an Infinity cut: high");
	CHECK(kam_strategy_of(1e308, -1e308, INFINITY, -INFINITY) == KAM_MAINTAIN,
		  "an Infinity cut makes every finite value low, a -Infinity cut high");
	CHECK(kam_strategy_of(-INFINITY, -INFINITY, -INFINITY, 0) == KAM_INVEST_SELECTIVE,
		  "-Infinity on a -Infinity cut: high");
}

static void
test_profit(void)
{
	CHECK(profit_quadrant_of(10, 10, 5, 5) == PROFIT_CARRIAGE_TRADE, "high price, high cost: carriage_trade");
	CHECK(profit_quadrant_of(10, 1, 5, 5) == PROFIT_PASSIVE, "high price, low cost: passive");
	CHECK(profit_quadrant_of(1, 1, 5, 5) == PROFIT_BARGAIN_BASEMENT, "low price, low cost: bargain_basement");
	CHECK(profit_quadrant_of(1, 10, 5, 5) == PROFIT_AGGRESSIVE, "low price, high cost: aggressive");
	CHECK(profit_quadrant_of(5, 5, 5, 5) == PROFIT_CARRIAGE_TRADE, "on both cuts: high/high");
	CHECK(profit_quadrant_of(nextafter(5, 0), 5, 5, 5) == PROFIT_AGGRESSIVE, "just below the price cut: low");
	CHECK(profit_quadrant_of(-INFINITY, -INFINITY, 0, 0) == PROFIT_BARGAIN_BASEMENT, "-Infinity: low/low");
}

static void
test_names(void)
{
	CHECK(strcmp(kam_strategy_name(KAM_INVEST_EXPAND, STRATEGY_ENGLISH), "Invest for growth") == 0 &&
		  strcmp(kam_strategy_name(KAM_INVEST_SELECTIVE, STRATEGY_ENGLISH), "Invest selectively") == 0 &&
		  strcmp(kam_strategy_name(KAM_MAINTAIN, STRATEGY_ENGLISH), "Maintain") == 0 &&
		  strcmp(kam_strategy_name(KAM_MILK, STRATEGY_ENGLISH), "Manage for cash") == 0,
		  "the English names");
	/* the Spanish names as bytes: o with acute is C3 B3, n with tilde C3 B1 */
	CHECK(strcmp(kam_strategy_name(KAM_INVEST_EXPAND, STRATEGY_SPANISH), "Inversi\xc3\xb3n expansiva") == 0 &&
		  strcmp(kam_strategy_name(KAM_INVEST_SELECTIVE, STRATEGY_SPANISH), "Inversi\xc3\xb3n selectiva") == 0 &&
		  strcmp(kam_strategy_name(KAM_MAINTAIN, STRATEGY_SPANISH), "Mantener") == 0 &&
		  strcmp(kam_strategy_name(KAM_MILK, STRATEGY_SPANISH), "Orde\xc3\xb1" "ar") == 0,
		  "the Spanish names, in UTF-8");
	CHECK(strategy_language_of("en") == STRATEGY_ENGLISH && strategy_language_of("es") == STRATEGY_SPANISH,
		  "language codes");
	CHECK(strategy_language_of("EN") == -1 && strategy_language_of("") == -1 &&
		  strategy_language_of("fr") == -1, "unknown codes");
}

void
test_strategy_core(void)
{
	test_kam();
	test_profit();
	test_names();
}
